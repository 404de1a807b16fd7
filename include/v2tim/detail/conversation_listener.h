// The one libhark conversation listener of a client: it fans each event out to the app's
// V2TIMConversationListeners of that SDK instance.
#ifndef V2TIM_HARK_DETAIL_CONVERSATION_LISTENER_H
#define V2TIM_HARK_DETAIL_CONVERSATION_LISTENER_H

#include <cstddef>
#include <cstdint>
#include <memory>

#include "../../hark.h"
#include "../V2TIMConversation.h"
#include "../V2TIMListener.h"
#include "conversation_callbacks.h"
#include "core.h"
#include "guard.h"

namespace v2tim_detail {

// The listener's user_data is the core, released in free_user_data once the client is freed.
struct ConversationEvents {
    static Core& Of(void* ud) { return **static_cast<std::shared_ptr<Core>*>(ud); }

    template <void (V2TIMConversationListener::*Event)()>
    static void Sync(void* ud) {
        Of(ud).convListeners.ForEach([](V2TIMConversationListener* l) { (l->*Event)(); });
    }

    template <void (V2TIMConversationListener::*Event)(const V2TIMConversationVector&)>
    static void List(const hark_conversation* const* convs, size_t count, void* ud) {
        const std::shared_ptr<Core>& core = *static_cast<std::shared_ptr<Core>*>(ud);
        Guard([&] {
            const V2TIMConversationVector list = ReadConversations(convs, count, core);
            core->convListeners.ForEach([&](V2TIMConversationListener* l) { (l->*Event)(list); });
        });
    }

    static void Total(uint64_t total, void* ud) {
        Of(ud).convListeners.ForEach([&](V2TIMConversationListener* l) { l->OnTotalUnreadMessageCountChanged(total); });
    }
};

inline hark_conversation_listener ConversationListenerOf(const std::shared_ptr<Core>& core) {
    using L = V2TIMConversationListener;
    hark_conversation_listener c{};
    c.on_sync_server_start = ConversationEvents::Sync<&L::OnSyncServerStart>;
    c.on_sync_server_finish = ConversationEvents::Sync<&L::OnSyncServerFinish>;
    c.on_sync_server_failed = ConversationEvents::Sync<&L::OnSyncServerFailed>;
    c.on_new_conversation = ConversationEvents::List<&L::OnNewConversation>;
    c.on_conversation_changed = ConversationEvents::List<&L::OnConversationChanged>;
    c.on_total_unread_message_count_changed = ConversationEvents::Total;
    c.user_data = new std::shared_ptr<Core>(core);
    c.free_user_data = [](void* ud) { delete static_cast<std::shared_ptr<Core>*>(ud); };
    return c;
}

}  // namespace v2tim_detail

#endif
