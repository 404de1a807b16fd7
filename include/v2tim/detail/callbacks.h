// libhark callback structs for the V2TIM callback objects that need no message conversion.
// The app's object itself is the user_data: it owns it, so there is nothing to free.
#ifndef V2TIM_HARK_DETAIL_CALLBACKS_H
#define V2TIM_HARK_DETAIL_CALLBACKS_H

#include <cstdint>

#include "../../hark.h"
#include "../V2TIMCallback.h"
#include "core.h"
#include "guard.h"

namespace v2tim_detail {

inline V2TIMString Desc(const char* desc) { return V2TIMString(desc); }

// Starts a request: start(client, cb) makes the libhark call and returns its code. A nonzero
// code is a request refused at once, which took nothing over (hark.h): no client (6013), a
// bad argument, not logged in, ... cb's own on_error reports it here, on the calling thread,
// once the client lock is released, and its free_user_data releases it.
template <class Struct, class F>
int32_t Start(Core& core, const Struct& cb, F start) {
    const int32_t code = core.Call([&](hark_client* c) { return static_cast<int32_t>(start(c, cb)); });
    if (code != HARK_ERR_OK) {
        if (cb.on_error) cb.on_error(code, hark_error_description(code), cb.user_data);
        if (cb.free_user_data) cb.free_user_data(cb.user_data);
    }
    return code;
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

inline hark_uint64_callback Uint64CallbackOf(V2TIMValueCallback<uint64_t>* cb) {
    hark_uint64_callback c{};
    c.on_success = [](uint64_t value, void* ud) {
        Guard([&] {
            if (ud) static_cast<V2TIMValueCallback<uint64_t>*>(ud)->OnSuccess(value);
        });
    };
    c.on_error = OnErrorOf<V2TIMValueCallback<uint64_t>>;
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
