// libhark callback structs for the V2TIM callback objects that need no message conversion.
// The app's object itself is the user_data: it owns it, so there is nothing to free.
#ifndef V2TIM_HARK_DETAIL_CALLBACKS_H
#define V2TIM_HARK_DETAIL_CALLBACKS_H

#include <cstdint>

#include "../../hark.h"
#include "../V2TIMCallback.h"
#include "guard.h"

namespace v2tim_detail {

inline V2TIMString Desc(const char* desc) { return V2TIMString(desc); }

// The one error reported on the caller's thread: with no client there is no dispatcher.
template <class Callback>
void NotInitialized(Callback* cb) {
    Guard([&] {
        if (cb) cb->OnError(HARK_ERR_NOT_INITIALIZED, Desc(hark_error_description(HARK_ERR_NOT_INITIALIZED)));
    });
}

template <class Callback>
void OnErrorOf(int32_t code, const char* desc, void* ud) {
    Guard([&] {
        if (ud) static_cast<Callback*>(ud)->OnError(code, Desc(desc));
    });
}

inline hark_callback CallbackOf(V2TIMCallback* cb) {
    hark_callback c{};
    c.on_success = [](void* ud) {
        Guard([&] {
            if (ud) static_cast<V2TIMCallback*>(ud)->OnSuccess();
        });
    };
    c.on_error = OnErrorOf<V2TIMCallback>;
    c.user_data = cb;
    return c;
}

inline hark_string_callback StringCallbackOf(V2TIMValueCallback<V2TIMString>* cb) {
    hark_string_callback c{};
    c.on_success = [](const char* value, void* ud) {
        Guard([&] {
            if (ud) static_cast<V2TIMValueCallback<V2TIMString>*>(ud)->OnSuccess(V2TIMString(value));
        });
    };
    c.on_error = OnErrorOf<V2TIMValueCallback<V2TIMString>>;
    c.user_data = cb;
    return c;
}

inline hark_download_callback DownloadCallbackOf(V2TIMDownloadCallback* cb) {
    hark_download_callback c{};
    c.on_progress = [](uint64_t current, uint64_t total, void* ud) {
        Guard([&] {
            if (ud) static_cast<V2TIMDownloadCallback*>(ud)->OnDownLoadProgress(current, total);
        });
    };
    c.on_success = [](void* ud) {
        Guard([&] {
            if (ud) static_cast<V2TIMDownloadCallback*>(ud)->OnSuccess();
        });
    };
    c.on_error = OnErrorOf<V2TIMDownloadCallback>;
    c.user_data = cb;
    return c;
}

}  // namespace v2tim_detail

#endif
