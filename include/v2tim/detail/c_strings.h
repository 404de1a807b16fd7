// The C strings of a V2TIMStringVector, for libhark's `const char* const*` arguments.
#ifndef V2TIM_HARK_DETAIL_C_STRINGS_H
#define V2TIM_HARK_DETAIL_C_STRINGS_H

#include <cstddef>
#include <vector>

#include "../V2TIMString.h"

namespace v2tim_detail {

// Borrows the strings of `list`, which must outlive the result.
inline std::vector<const char*> CStrings(const V2TIMStringVector& list) {
    std::vector<const char*> out;
    out.reserve(list.Size());
    for (size_t i = 0; i < list.Size(); i++) out.push_back(list[i].CString());
    return out;
}

}  // namespace v2tim_detail

#endif
