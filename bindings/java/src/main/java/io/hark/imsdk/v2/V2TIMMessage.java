package io.hark.imsdk.v2;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongToIntFunction;
import java.util.function.ToIntFunction;

/**
 * A message. It owns a libhark message handle, freed by a {@link Cleaner} once the object is
 * unreachable. A message passed to sendMessage follows its send: status, msgID, seq,
 * timestamp and (for media) the uploaded files' ids and image versions.
 */
public class V2TIMMessage {
    public static final int V2TIM_MSG_STATUS_SENDING = 1;
    public static final int V2TIM_MSG_STATUS_SEND_SUCC = 2;
    public static final int V2TIM_MSG_STATUS_SEND_FAIL = 3;
    public static final int V2TIM_MSG_STATUS_HAS_DELETED = 4;
    public static final int V2TIM_MSG_STATUS_LOCAL_IMPORTED = 5;
    public static final int V2TIM_MSG_STATUS_LOCAL_REVOKED = 6;

    public static final int V2TIM_ELEM_TYPE_NONE = 0;
    public static final int V2TIM_ELEM_TYPE_TEXT = 1;
    public static final int V2TIM_ELEM_TYPE_CUSTOM = 2;
    public static final int V2TIM_ELEM_TYPE_IMAGE = 3;
    public static final int V2TIM_ELEM_TYPE_SOUND = 4;
    public static final int V2TIM_ELEM_TYPE_VIDEO = 5;
    public static final int V2TIM_ELEM_TYPE_FILE = 6;
    public static final int V2TIM_ELEM_TYPE_LOCATION = 7;
    public static final int V2TIM_ELEM_TYPE_FACE = 8;
    public static final int V2TIM_ELEM_TYPE_GROUP_TIPS = 9;
    public static final int V2TIM_ELEM_TYPE_MERGER = 10;

    public static final int V2TIM_PRIORITY_DEFAULT = 0;
    public static final int V2TIM_PRIORITY_HIGH = 1;
    public static final int V2TIM_PRIORITY_NORMAL = 2;
    public static final int V2TIM_PRIORITY_LOW = 3;

    /** HARK_MSG_ID_SIZE: bytes of a msgID buffer, NUL included. */
    static final int MSG_ID_SIZE = 64;

    private static final Cleaner CLEANER = Cleaner.create();

    private final long handle;
    final V2TIMManager owner;

    V2TIMMessage(long handle, V2TIMManager owner) {
        this.handle = handle;
        this.owner = owner;
        CLEANER.register(this, new Free(handle));
    }

    /** Holds only the handle, never the message, so the message can become unreachable. */
    private static final class Free implements Runnable {
        private final long handle;

        Free(long handle) {
            this.handle = handle;
        }

        @Override
        public void run() {
            HarkNative.messageFree(handle);
        }
    }

    /**
     * Runs {@code f} on the handle while keeping this message (and so the handle) alive.
     * Calls on one message take turns: an append invalidates the strings libhark handed out
     * before, so no read may run beside it.
     */
    synchronized <T> T withHandle(LongFunction<T> f) {
        try {
            return f.apply(handle);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Appends an elem with {@code add} (a hark_message_append_* call on the handle); on
     * success {@code elem} becomes a view of the new last elem. Returns the C API's code.
     */
    synchronized int append(V2TIMElem elem, LongToIntFunction add) {
        int rc = withHandle(add::applyAsInt);
        if (rc == 0) elem.bind(this, withHandle(HarkNative::elemCount) - 1);
        return rc;
    }

    private String str(LongFunction<byte[]> f) {
        return Utf8.str(withHandle(f));
    }

    /** "" before the first send. */
    public String getMsgID() {
        return str(HarkNative::msgId);
    }

    /** Server time in seconds (0 until sent). */
    public long getTimestamp() {
        return withHandle(HarkNative::timestamp);
    }

    public String getSender() {
        return str(HarkNative::sender);
    }

    /** The C2C peer; null for group messages. */
    public String getUserID() {
        String s = str(HarkNative::userId);
        return s == null || s.isEmpty() ? null : s;
    }

    /** The group; null for C2C messages. */
    public String getGroupID() {
        String s = str(HarkNative::groupId);
        return s == null || s.isEmpty() ? null : s;
    }

    public long getSeq() {
        return withHandle(HarkNative::seq);
    }

    public long getRandom() {
        return withHandle(HarkNative::random);
    }

    /** V2TIM_MSG_STATUS_*. */
    public int getStatus() {
        return withHandle(HarkNative::status);
    }

    public boolean isSelf() {
        return withHandle(HarkNative::isSelf);
    }

    /**
     * True for the user's own messages, and for others' that the user had read (on any
     * device) when this copy came from harkd: history, a conversation's last message. A
     * message that has just arrived is not read.
     */
    public boolean isRead() {
        return withHandle(HarkNative::isRead);
    }

    /**
     * True for the user's own C2C message that the peer had read when this copy came from
     * harkd (history, a conversation's last message); onRecvC2CReadReceipt says when that
     * changes.
     */
    public boolean isPeerRead() {
        return withHandle(HarkNative::isPeerRead);
    }

    /**
     * Asks the message's readers to report reading it (sendMessageReadReceipts); the sender
     * then hears how many have (onRecvMessageReadReceipts, getMessageReadReceipts). Set it
     * before the message's first send: on a message already sent, or a received one, it
     * changes nothing (libhark refuses with 6017).
     */
    public void setNeedReadReceipt(boolean needReadReceipt) {
        withHandle(h -> HarkNative.setNeedReadReceipt(h, needReadReceipt));
    }

    /** True for a message sent, or to be sent, with needReadReceipt; on the receivers' copies too. */
    public boolean isNeedReadReceipt() {
        return withHandle(HarkNative::needReadReceipt);
    }

    /**
     * Runs {@code f} on copies (hark_message_clone) of the handles of {@code messages}, freed
     * after it returns; a null message crosses as 0 (libhark's NULL). One message is locked
     * at a time, so two calls on the same messages cannot block each other.
     */
    static int withCopies(List<V2TIMMessage> messages, ToIntFunction<long[]> f) {
        long[] copies = new long[messages == null ? 0 : messages.size()];
        try {
            for (int i = 0; i < copies.length; i++) {
                V2TIMMessage m = messages.get(i);
                copies[i] = m == null ? 0 : m.withHandle(HarkNative::messageClone);
            }
            return f.applyAsInt(copies);
        } finally {
            for (long h : copies) {
                HarkNative.messageFree(h);
            }
        }
    }

    /** V2TIM_PRIORITY_*. */
    public int getPriority() {
        return withHandle(HarkNative::priority);
    }

    /**
     * Hark: true when the group's rate limit dropped this message of the sender. Its send
     * still succeeded (as with Tencent), but nobody received it and its seq is 0. False on
     * every other message.
     */
    public boolean isDropped() {
        return withHandle(HarkNative::isDropped);
    }

    /** The members a targeted group message is for; empty for other messages. */
    public List<String> getTargetGroupMemberList() {
        byte[][] t = withHandle(HarkNative::targets);
        String[] out = new String[t == null ? 0 : t.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Utf8.str(t[i]);
        }
        return Arrays.asList(out);
    }

    public V2TIMOfflinePushInfo getOfflinePushInfo() {
        int[] ints = new int[4];
        byte[][] strings = withHandle(h -> HarkNative.pushStrings(h, ints));
        return strings == null ? new V2TIMOfflinePushInfo() : new V2TIMOfflinePushInfo(strings, ints);
    }

    /** The type of the first elem (V2TIM_ELEM_TYPE_*); later elems via V2TIMElem.getNextElem(). */
    public int getElemType() {
        return elemType(0);
    }

    int elemType(int index) {
        return withHandle(h -> HarkNative.elemType(h, index));
    }

    public V2TIMTextElem getTextElem() {
        return getElemType() == V2TIM_ELEM_TYPE_TEXT ? new V2TIMTextElem(this, 0) : null;
    }

    public V2TIMCustomElem getCustomElem() {
        return getElemType() == V2TIM_ELEM_TYPE_CUSTOM ? new V2TIMCustomElem(this, 0) : null;
    }

    public V2TIMImageElem getImageElem() {
        return getElemType() == V2TIM_ELEM_TYPE_IMAGE ? new V2TIMImageElem(this, 0) : null;
    }

    public V2TIMSoundElem getSoundElem() {
        return getElemType() == V2TIM_ELEM_TYPE_SOUND ? new V2TIMSoundElem(this, 0) : null;
    }

    public V2TIMVideoElem getVideoElem() {
        return getElemType() == V2TIM_ELEM_TYPE_VIDEO ? new V2TIMVideoElem(this, 0) : null;
    }

    public V2TIMFileElem getFileElem() {
        return getElemType() == V2TIM_ELEM_TYPE_FILE ? new V2TIMFileElem(this, 0) : null;
    }

    public V2TIMLocationElem getLocationElem() {
        return getElemType() == V2TIM_ELEM_TYPE_LOCATION ? new V2TIMLocationElem(this, 0) : null;
    }

    public V2TIMFaceElem getFaceElem() {
        return getElemType() == V2TIM_ELEM_TYPE_FACE ? new V2TIMFaceElem(this, 0) : null;
    }
}
