// V2TIMConversation.h - V2TIM's conversation types, with the fields harkd keeps.
#ifndef V2TIM_HARK_CONVERSATION_H
#define V2TIM_HARK_CONVERSATION_H

#include <cstdint>
#include <utility>

#include "../hark.h"
#include "V2TIMDefine.h"
#include "V2TIMMessage.h"
#include "V2TIMString.h"

enum V2TIMConversationType {
    V2TIM_UNKNOWN = 0,
    V2TIM_C2C = HARK_CONVERSATION_TYPE_C2C,
    V2TIM_GROUP = HARK_CONVERSATION_TYPE_GROUP,
};

// A value: the conversation owns its lastMessage (a copy of its own, deleted with it; a
// copy of the conversation copies the message, a move takes it along).
struct V2TIMConversation {
    V2TIMConversationType type = V2TIM_UNKNOWN;
    // "c2c_<userID>" or "group_<groupID>".
    V2TIMString conversationID;
    // The peer of a C2C conversation, "" for a group's.
    V2TIMString userID;
    // The group of a group conversation, "" for a C2C one.
    V2TIMString groupID;
    // "Work", "Public", "Meeting" or "Community"; "" for C2C.
    V2TIMString groupType;
    // The group's name, or the peer's userID.
    V2TIMString showName;
    // The same on every device of the user; never the user's own messages.
    int unreadCount = 0;
    // The newest message there; NULL when there is none.
    V2TIMMessage* lastMessage = nullptr;
    V2TIMString draftText;
    bool isPinned = false;
    // The list's order: a larger key comes first, pinned conversations have the largest.
    uint64_t orderKey = 0;

    V2TIMConversation() = default;
    V2TIMConversation(const V2TIMConversation& o)
        : type(o.type),
          conversationID(o.conversationID),
          userID(o.userID),
          groupID(o.groupID),
          groupType(o.groupType),
          showName(o.showName),
          unreadCount(o.unreadCount),
          lastMessage(o.lastMessage ? new V2TIMMessage(*o.lastMessage) : nullptr),
          draftText(o.draftText),
          isPinned(o.isPinned),
          orderKey(o.orderKey) {}
    // The moved-from conversation is left empty.
    V2TIMConversation(V2TIMConversation&& o) noexcept { Swap(o); }
    // Copy or move, then swap: the old lastMessage is deleted with `o`.
    V2TIMConversation& operator=(V2TIMConversation o) noexcept {
        Swap(o);
        return *this;
    }
    ~V2TIMConversation() { delete lastMessage; }

private:
    void Swap(V2TIMConversation& o) noexcept {
        std::swap(type, o.type);
        std::swap(conversationID, o.conversationID);
        std::swap(userID, o.userID);
        std::swap(groupID, o.groupID);
        std::swap(groupType, o.groupType);
        std::swap(showName, o.showName);
        std::swap(unreadCount, o.unreadCount);
        std::swap(lastMessage, o.lastMessage);
        std::swap(draftText, o.draftText);
        std::swap(isPinned, o.isPinned);
        std::swap(orderKey, o.orderKey);
    }
};

DEFINE_VECTOR(V2TIMConversation)
typedef TXV2TIMConversationVector V2TIMConversationVector;

struct V2TIMConversationResult {
    // Pass to GetConversationList for the page after this one.
    uint64_t nextSeq = 0;
    // True when there is no page after this one.
    bool isFinished = false;
    V2TIMConversationVector conversationList;
};

#endif
