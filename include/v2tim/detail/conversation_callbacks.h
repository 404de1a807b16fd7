// Conversations read from libhark's handles, and the libhark callback structs that hand
// them to V2TIM callbacks. A conversation's lastMessage belongs to the SDK instance that read
// it (its media elems download through that client).
#ifndef V2TIM_HARK_DETAIL_CONVERSATION_CALLBACKS_H
#define V2TIM_HARK_DETAIL_CONVERSATION_CALLBACKS_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "../../hark.h"
#include "../V2TIMCallback.h"
#include "../V2TIMConversation.h"
#include "../V2TIMMessage.h"
#include "core.h"
#include "message_callbacks.h"

namespace v2tim_detail {

inline V2TIMConversation ReadConversation(const hark_conversation* h, const std::shared_ptr<Core>& core) {
    V2TIMConversation c;
    c.type = static_cast<V2TIMConversationType>(hark_conversation_get_type(h));
    c.conversationID = Str(hark_conversation_get_conversation_id(h));
    c.userID = Str(hark_conversation_get_user_id(h));
    c.groupID = Str(hark_conversation_get_group_id(h));
    c.groupType = Str(hark_conversation_get_group_type(h));
    c.showName = Str(hark_conversation_get_show_name(h));
    c.unreadCount = static_cast<int>(hark_conversation_get_unread_count(h));
    if (const hark_message* last = hark_conversation_get_last_message(h))
        c.lastMessage = new V2TIMMessage(MessageAccess::Copy(last, core));
    c.draftText = Str(hark_conversation_get_draft_text(h));
    c.isPinned = hark_conversation_is_pinned(h);
    c.orderKey = hark_conversation_get_order_key(h);
    return c;
}

inline V2TIMConversationVector ReadConversations(const hark_conversation* const* convs, size_t count,
                                                 const std::shared_ptr<Core>& core) {
    V2TIMConversationVector list;
    for (size_t i = 0; i < count; i++) list.PushBack(ReadConversation(convs[i], core));
    return list;
}

// What a list request hands the app: a page (GetConversationList by nextSeq) or just the
// conversations (by ids).
inline void SetList(V2TIMConversationResult& out, V2TIMConversationVector list, uint64_t nextSeq, bool isFinished) {
    out.nextSeq = nextSeq;
    out.isFinished = isFinished;
    out.conversationList = std::move(list);
}

inline void SetList(V2TIMConversationVector& out, V2TIMConversationVector list, uint64_t, bool) { out = std::move(list); }

template <class T>
hark_conversation_list_callback ConversationListCallbackOf(V2TIMValueCallback<T>* cb, const std::shared_ptr<Core>& core) {
    using R = Request<V2TIMValueCallback<T>>;
    hark_conversation_list_callback c{};
    c.on_success = [](const hark_conversation* const* convs, size_t count, uint64_t nextSeq, bool isFinished, void* ud) {
        Guard([&] {
            if (!R::Of(ud)->cb) return;
            T value;
            SetList(value, ReadConversations(convs, count, R::Of(ud)->core), nextSeq, isFinished);
            R::Of(ud)->cb->OnSuccess(value);
        });
    };
    return R::Attach(c, cb, core);
}

inline hark_conversation_callback ConversationCallbackOf(V2TIMValueCallback<V2TIMConversation>* cb, const std::shared_ptr<Core>& core) {
    using R = Request<V2TIMValueCallback<V2TIMConversation>>;
    hark_conversation_callback c{};
    c.on_success = [](const hark_conversation* conv, void* ud) {
        Guard([&] {
            if (R::Of(ud)->cb) R::Of(ud)->cb->OnSuccess(ReadConversation(conv, R::Of(ud)->core));
        });
    };
    return R::Attach(c, cb, core);
}

}  // namespace v2tim_detail

#endif
