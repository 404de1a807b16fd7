// V2TIMDefine.h - V2TIM's export macro and vector classes, over libhark (docs/cpp-api.md).
#ifndef V2TIM_HARK_DEFINE_H
#define V2TIM_HARK_DEFINE_H

#include "detail/vector.h"

// Header-only: nothing is exported, but apps may still spell TIM_API.
#ifndef TIM_API
#define TIM_API
#endif

// V2TIM's vector of values: class TX<T>Vector with PushBack, PopBack, operator[], Size,
// Empty, Clear, Erase.
#define DEFINE_VECTOR(T)                                   \
    class TX##T##Vector : public v2tim_detail::Vector<T> { \
    public:                                                \
        using v2tim_detail::Vector<T>::Vector;             \
    };

#endif
