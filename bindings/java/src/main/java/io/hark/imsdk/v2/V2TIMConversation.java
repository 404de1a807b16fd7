package io.hark.imsdk.v2;

import java.util.ArrayList;
import java.util.List;

/**
 * A conversation as libhark reported it: a snapshot, copied when it arrived (a later change
 * comes as a new object through the listener or another request).
 */
public class V2TIMConversation {
    public static final int V2TIM_C2C = 1;
    public static final int V2TIM_GROUP = 2;

    /**
     * Strings per conversation in the glue's arrays, in hark_jni_conversation.c's CONV_* order:
     * conversationID, userID, groupID, groupType, showName, draftText.
     */
    static final int STRINGS = 6;
    /** Numbers per conversation: type, unread count, order key, pinned, last message handle. */
    static final int NUMBERS = 5;
    private static final int LAST_MESSAGE = 4;

    private final int type;
    private final String conversationID;
    private final String userID;
    private final String groupID;
    private final String groupType;
    private final String showName;
    private final String draftText;
    private final long unreadCount;
    private final long orderKey;
    private final boolean pinned;
    private final V2TIMMessage lastMessage;

    private V2TIMConversation(byte[][] s, int at, long[] n, int nat, V2TIMManager owner) {
        conversationID = Utf8.str(s[at]);
        userID = orNull(s[at + 1]);
        groupID = orNull(s[at + 2]);
        groupType = orNull(s[at + 3]);
        showName = Utf8.str(s[at + 4]);
        draftText = orNull(s[at + 5]);
        type = (int) n[nat];
        unreadCount = n[nat + 1];
        orderKey = n[nat + 2];
        pinned = n[nat + 3] != 0;
        long last = n[nat + LAST_MESSAGE];
        lastMessage = last == 0 ? null : new V2TIMMessage(last, owner);
    }

    private static String orNull(byte[] b) {
        return b == null || b.length == 0 ? null : Utf8.str(b);
    }

    /** The conversations of the glue's arrays; they own the last-message handles from then on. */
    static List<V2TIMConversation> list(byte[][] strings, long[] numbers, V2TIMManager owner) {
        int count = numbers.length / NUMBERS;
        List<V2TIMConversation> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new V2TIMConversation(strings, i * STRINGS, numbers, i * NUMBERS, owner));
        }
        return list;
    }

    /** Frees the last-message handles of arrays nobody decodes. */
    static void freeMessages(long[] numbers) {
        for (int i = LAST_MESSAGE; i < numbers.length; i += NUMBERS) {
            if (numbers[i] != 0) HarkNative.messageFree(numbers[i]);
        }
    }

    /** V2TIM_C2C or V2TIM_GROUP. */
    public int getType() {
        return type;
    }

    /** "c2c_" + userID or "group_" + groupID. */
    public String getConversationID() {
        return conversationID;
    }

    /** The peer; null for a group conversation. */
    public String getUserID() {
        return userID;
    }

    /** The group; null for a C2C conversation. */
    public String getGroupID() {
        return groupID;
    }

    /** V2TIMManager.GROUP_TYPE_*; null for a C2C conversation. */
    public String getGroupType() {
        return groupType;
    }

    /** The group's name, or the peer's userID. */
    public String getShowName() {
        return showName;
    }

    /**
     * Messages not read yet, the same on every device of the user (never its own); at most
     * Integer.MAX_VALUE.
     */
    public int getUnreadCount() {
        return (int) Math.min(unreadCount, Integer.MAX_VALUE);
    }

    /** The newest message; null when there is none. */
    public V2TIMMessage getLastMessage() {
        return lastMessage;
    }

    /** The draft set with setConversationDraft; null for none. */
    public String getDraftText() {
        return draftText;
    }

    public boolean isPinned() {
        return pinned;
    }

    /** The list's order: a larger key comes first; pinned conversations have the largest. */
    public long getOrderKey() {
        return orderKey;
    }
}
