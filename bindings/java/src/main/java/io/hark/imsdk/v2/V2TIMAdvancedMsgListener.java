package io.hark.imsdk.v2;

import java.util.List;

/**
 * New messages, including those that arrived while offline (replayed after login), and the
 * peers' C2C read receipts.
 */
public abstract class V2TIMAdvancedMsgListener {
    public void onRecvNewMessage(V2TIMMessage msg) {}

    /** A peer read this user's C2C messages (MarkC2CMessageAsRead on any of its devices). */
    public void onRecvC2CReadReceipt(List<V2TIMMessageReceipt> receiptList) {}
}
