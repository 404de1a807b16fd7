// Keeps C++ exceptions from unwinding into libhark's C frames.
#ifndef V2TIM_HARK_DETAIL_GUARD_H
#define V2TIM_HARK_DETAIL_GUARD_H

namespace v2tim_detail {

// Runs app code called from C; an exception it throws has nowhere to go and is dropped.
template <class F>
void Guard(F&& f) noexcept {
    try {
        f();
    } catch (...) {
    }
}

}  // namespace v2tim_detail

#endif
