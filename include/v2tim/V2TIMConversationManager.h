// V2TIMConversationManager.h - V2TIM's conversation manager: the user's conversation list
// as harkd keeps it (the same on every device), its listener, pins, drafts, unread counts.
// Marking messages read is on V2TIMMessageManager, as in V2TIM.
#ifndef V2TIM_HARK_CONVERSATION_MANAGER_H
#define V2TIM_HARK_CONVERSATION_MANAGER_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "../hark.h"
#include "V2TIMCallback.h"
#include "V2TIMConversation.h"
#include "V2TIMListener.h"
#include "V2TIMString.h"
#include "detail/c_strings.h"
#include "detail/callbacks.h"
#include "detail/conversation_callbacks.h"
#include "detail/core.h"

class V2TIMManager;

class V2TIMConversationManager {
public:
    V2TIMConversationManager(const V2TIMConversationManager&) = delete;
    V2TIMConversationManager& operator=(const V2TIMConversationManager&) = delete;

    // May be called before InitSDK; add it before Login to hear the sync. Once
    // RemoveConversationListener returns, the listener is not called again and may be deleted.
    void AddConversationListener(V2TIMConversationListener* listener) { core_->convListeners.Add(listener); }
    void RemoveConversationListener(V2TIMConversationListener* listener) { core_->convListeners.Remove(listener); }

    // A page of up to `count` (1..100; more is clamped, 0 is 6017) conversations, pinned
    // first, then by last message, newest first; nextSeq 0 from the top, else the previous
    // page's nextSeq.
    void GetConversationList(uint64_t nextSeq, uint32_t count, V2TIMValueCallback<V2TIMConversationResult>* callback) {
        v2tim_detail::Start(*core_, v2tim_detail::ConversationListCallbackOf(callback, core_),
                            [&](hark_client* c, const hark_conversation_list_callback& cb) {
                                return hark_get_conversation_list(c, nextSeq, count, cb);
                            });
    }

    // A peer or group the user has no messages with gives an empty conversation of that id;
    // an id that is neither "c2c_<userID>" nor "group_<groupID>" is 6017.
    void GetConversation(const V2TIMString& conversationID, V2TIMValueCallback<V2TIMConversation>* callback) {
        v2tim_detail::Start(*core_, v2tim_detail::ConversationCallbackOf(callback, core_),
                            [&](hark_client* c, const hark_conversation_callback& cb) {
                                return hark_get_conversation(c, conversationID.CString(), cb);
                            });
    }

    // One conversation per id (1..100), in that order, as GetConversation reads it.
    void GetConversationList(const V2TIMStringVector& conversationIDList, V2TIMValueCallback<V2TIMConversationVector>* callback) {
        const std::vector<const char*> ids = v2tim_detail::CStrings(conversationIDList);
        v2tim_detail::Start(*core_, v2tim_detail::ConversationListCallbackOf(callback, core_),
                            [&](hark_client* c, const hark_conversation_list_callback& cb) {
                                return hark_get_conversation_list_by_ids(c, ids.data(), ids.size(), cb);
                            });
    }

    // Takes the conversation off the list, marking it read, until its next message; its
    // history stays.
    void DeleteConversation(const V2TIMString& conversationID, V2TIMCallback* callback) {
        v2tim_detail::Start(*core_, v2tim_detail::CallbackOf(callback), [&](hark_client* c, const hark_callback& cb) { return hark_delete_conversation(c, conversationID.CString(), cb); });
    }

    // An empty draftText clears the draft; at most 8 KB (6017).
    void SetConversationDraft(const V2TIMString& conversationID, const V2TIMString& draftText, V2TIMCallback* callback) {
        v2tim_detail::Start(*core_, v2tim_detail::CallbackOf(callback), [&](hark_client* c, const hark_callback& cb) {
            return hark_set_conversation_draft(c, conversationID.CString(), draftText.CString(), cb);
        });
    }

    void PinConversation(const V2TIMString& conversationID, bool isPinned, V2TIMCallback* callback) {
        v2tim_detail::Start(*core_, v2tim_detail::CallbackOf(callback), [&](hark_client* c, const hark_callback& cb) {
            return hark_pin_conversation(c, conversationID.CString(), isPinned, cb);
        });
    }

    // The unread messages of all the user's conversations together.
    void GetTotalUnreadMessageCount(V2TIMValueCallback<uint64_t>* callback) {
        v2tim_detail::Start(*core_, v2tim_detail::Uint64CallbackOf(callback),
                            [](hark_client* c, const hark_uint64_callback& cb) { return hark_get_total_unread_message_count(c, cb); });
    }

private:
    friend class V2TIMManager;
    explicit V2TIMConversationManager(std::shared_ptr<v2tim_detail::Core> core) : core_(std::move(core)) {}

    std::shared_ptr<v2tim_detail::Core> core_;
};

#endif
