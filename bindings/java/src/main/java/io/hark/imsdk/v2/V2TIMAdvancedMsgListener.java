package io.hark.imsdk.v2;

import java.util.List;

/**
 * New messages, including those that arrived while offline (replayed after login), the
 * peers' C2C read receipts, and the read receipts of the user's messages sent with
 * needReadReceipt.
 */
public abstract class V2TIMAdvancedMsgListener {
    public void onRecvNewMessage(V2TIMMessage msg) {}

    /** A peer read this user's C2C messages (MarkC2CMessageAsRead on any of its devices). */
    public void onRecvC2CReadReceipt(List<V2TIMMessageReceipt> receiptList) {}

    /**
     * More readers reported reading this user's messages sent with needReadReceipt
     * (sendMessageReadReceipts on any of their devices): one receipt per message with its
     * new getReadCount() and getUnreadCount().
     */
    public void onRecvMessageReadReceipts(List<V2TIMMessageReceipt> receiptList) {}
}
