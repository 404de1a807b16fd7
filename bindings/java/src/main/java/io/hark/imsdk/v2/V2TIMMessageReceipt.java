package io.hark.imsdk.v2;

import java.util.ArrayList;
import java.util.List;

/**
 * A read receipt. A C2C one (onRecvC2CReadReceipt) says that getUserID() has read every
 * message of the conversation with this user, at getTimestamp(): isPeerRead() is true, the
 * msgID and groupID are "" and the counts 0. A message's (onRecvMessageReadReceipts,
 * getMessageReadReceipts) counts the readers of message getMsgID(), sent with
 * needReadReceipt: getReadCount() have read it, getUnreadCount() not yet. A group message's
 * has getGroupID(); a C2C one's has the peer as getUserID() and isPeerRead() says whether it
 * read the message. Its timestamp is 0.
 */
public class V2TIMMessageReceipt {
    /** Strings per receipt in the glue's arrays (hark_jni_conversation.c's RECEIPT_*): msgID, userID, groupID. */
    static final int STRINGS = 3;
    /** Numbers per receipt: peer read, timestamp, read count, unread count. */
    static final int NUMBERS = 4;

    private final String msgID;
    private final String userID;
    private final String groupID;
    private final boolean peerRead;
    private final long timestamp;
    private final long readCount;
    private final long unreadCount;

    private V2TIMMessageReceipt(byte[][] s, int at, long[] n, int nat) {
        msgID = Utf8.str(s[at]);
        userID = Utf8.str(s[at + 1]);
        groupID = Utf8.str(s[at + 2]);
        peerRead = n[nat] != 0;
        timestamp = n[nat + 1];
        readCount = n[nat + 2];
        unreadCount = n[nat + 3];
    }

    static List<V2TIMMessageReceipt> list(byte[][] strings, long[] numbers) {
        int count = numbers.length / NUMBERS;
        List<V2TIMMessageReceipt> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new V2TIMMessageReceipt(strings, i * STRINGS, numbers, i * NUMBERS));
        }
        return list;
    }

    /** "" for a C2C read receipt (it covers every message read so far). */
    public String getMsgID() {
        return msgID;
    }

    /** Who read (the peer), in a C2C receipt. */
    public String getUserID() {
        return userID;
    }

    public boolean isPeerRead() {
        return peerRead;
    }

    /** When, in seconds since the Unix epoch. */
    public long getTimestamp() {
        return timestamp;
    }

    /** "" for a C2C receipt. */
    public String getGroupID() {
        return groupID;
    }

    public long getReadCount() {
        return readCount;
    }

    public long getUnreadCount() {
        return unreadCount;
    }
}
