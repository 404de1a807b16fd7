// libhark callback structs for V2TIM callbacks that receive messages. The heap state they
// need (the app's callback and the SDK instance the messages belong to) is the user_data,
// deleted in free_user_data.
#ifndef V2TIM_HARK_DETAIL_MESSAGE_CALLBACKS_H
#define V2TIM_HARK_DETAIL_MESSAGE_CALLBACKS_H

#include <cstddef>
#include <cstdint>
#include <memory>

#include "../../hark.h"
#include "../V2TIMCallback.h"
#include "../V2TIMMessage.h"
#include "callbacks.h"
#include "core.h"

namespace v2tim_detail {

template <class Callback>
struct Request {
    Callback* cb;
    std::shared_ptr<Core> core;
    // Reported instead of libhark's error when set: why the wrapper sent the message as NULL
    // (libhark could not create it, or refused an elem the app pushed).
    int32_t error = HARK_ERR_OK;

    static Request* Of(void* ud) { return static_cast<Request*>(ud); }
    static void OnError(int32_t code, const char* desc, void* ud) {
        const int32_t own = Of(ud)->error;
        if (own != HARK_ERR_OK)
            OnErrorOf<Callback>(own, hark_error_description(own), Of(ud)->cb);
        else
            OnErrorOf<Callback>(code, desc, Of(ud)->cb);
    }
    static void Free(void* ud) { delete Of(ud); }

    // `c` (its on_success set) with the error handling, and a new request as its user_data.
    template <class Struct>
    static Struct Attach(Struct c, Callback* cb, const std::shared_ptr<Core>& core, int32_t error = HARK_ERR_OK) {
        c.on_error = OnError;
        c.user_data = new Request{cb, core, error};
        c.free_user_data = Free;
        return c;
    }
};

// `error` (0 for none) replaces the error libhark reports for the send.
inline hark_send_callback SendCallbackOf(V2TIMSendCallback* cb, const std::shared_ptr<Core>& core, int32_t error = HARK_ERR_OK) {
    using R = Request<V2TIMSendCallback>;
    hark_send_callback c{};
    c.on_success = [](const hark_message* m, void* ud) {
        Guard([&] {
            if (R::Of(ud)->cb) R::Of(ud)->cb->OnSuccess(MessageAccess::Copy(m, R::Of(ud)->core));
        });
    };
    c.on_progress = [](uint32_t progress, void* ud) {
        Guard([&] {
            if (R::Of(ud)->cb) R::Of(ud)->cb->OnProgress(progress);
        });
    };
    return R::Attach(c, cb, core, error);
}

inline hark_history_callback HistoryCallbackOf(V2TIMValueCallback<V2TIMMessageVector>* cb, const std::shared_ptr<Core>& core) {
    using R = Request<V2TIMValueCallback<V2TIMMessageVector>>;
    hark_history_callback c{};
    c.on_success = [](const hark_message* const* messages, size_t count, void* ud) {
        Guard([&] {
            if (!R::Of(ud)->cb) return;
            V2TIMMessageVector list;
            for (size_t i = 0; i < count; i++) list.PushBack(MessageAccess::Copy(messages[i], R::Of(ud)->core));
            R::Of(ud)->cb->OnSuccess(list);
        });
    };
    return R::Attach(c, cb, core);
}

// Receipts need no SDK instance: the app's callback is the user_data, with nothing to free.
inline hark_message_receipt_callback ReceiptsCallbackOf(V2TIMValueCallback<V2TIMMessageReceiptVector>* cb) {
    using Callback = V2TIMValueCallback<V2TIMMessageReceiptVector>;
    hark_message_receipt_callback c{};
    c.on_success = [](const hark_message_receipt* receipts, size_t count, void* ud) {
        Guard([&] {
            if (ud) static_cast<Callback*>(ud)->OnSuccess(Receipts(receipts, count));
        });
    };
    c.on_error = OnErrorOf<Callback>;
    c.user_data = cb;
    return c;
}

}  // namespace v2tim_detail

#endif
