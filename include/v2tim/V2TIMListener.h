// V2TIMListener.h - V2TIM's listeners, with the events libhark reports. Every method has an
// empty default, so an app overrides only what it needs.
#ifndef V2TIM_HARK_LISTENER_H
#define V2TIM_HARK_LISTENER_H

#include <cstdint>

#include "V2TIMConversation.h"
#include "V2TIMMessage.h"
#include "V2TIMString.h"

class V2TIMSDKListener {
public:
    virtual ~V2TIMSDKListener() = default;
    virtual void OnConnecting() {}
    virtual void OnConnectSuccess() {}
    virtual void OnConnectFailed(int error_code, const V2TIMString& error_message) {
        (void)error_code;
        (void)error_message;
    }
    // A newer login of the same user on the same platform took over.
    virtual void OnKickedOffline() {}
    virtual void OnUserSigExpired() {}
};

class V2TIMAdvancedMsgListener {
public:
    virtual ~V2TIMAdvancedMsgListener() = default;
    virtual void OnRecvNewMessage(const V2TIMMessage& message) { (void)message; }
    // Peers read this user's C2C messages (MarkC2CMessageAsRead on any of their devices).
    virtual void OnRecvC2CReadReceipt(const V2TIMMessageReceiptVector& receiptList) { (void)receiptList; }
    // More readers have read this user's messages sent with needReadReceipt
    // (SendMessageReadReceipts): per message, msgID, readCount and unreadCount, and groupID
    // for a group's, userID (the peer) and isPeerRead for a C2C one.
    virtual void OnRecvMessageReadReceipts(const V2TIMMessageReceiptVector& receiptList) { (void)receiptList; }
};

// After each login: OnSyncServerStart, the whole list (OnNewConversation the first time this
// SDK instance reports a conversation, else OnConversationChanged), OnSyncServerFinish (or
// Failed), then the total unread. From then on every conversation that a message received or
// sent, or a change on any device of the user, touches, and the total whenever it moves.
class V2TIMConversationListener {
public:
    virtual ~V2TIMConversationListener() = default;
    virtual void OnSyncServerStart() {}
    virtual void OnSyncServerFinish() {}
    virtual void OnSyncServerFailed() {}
    virtual void OnNewConversation(const V2TIMConversationVector& conversationList) { (void)conversationList; }
    virtual void OnConversationChanged(const V2TIMConversationVector& conversationList) { (void)conversationList; }
    virtual void OnTotalUnreadMessageCountChanged(uint64_t totalUnreadCount) { (void)totalUnreadCount; }
};

#endif
