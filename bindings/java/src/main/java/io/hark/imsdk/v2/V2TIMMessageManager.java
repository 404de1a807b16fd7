package io.hark.imsdk.v2;

import java.util.List;

/**
 * Creating, sending and reading messages. A create call returns null when libhark refuses
 * its arguments (a missing or unreadable file, an out-of-range location, invalid UTF-8).
 */
public final class V2TIMMessageManager {
    private final V2TIMManager owner;

    V2TIMMessageManager(V2TIMManager owner) {
        this.owner = owner;
    }

    /** The listener sees every message received after it was added. */
    public void addAdvancedMsgListener(V2TIMAdvancedMsgListener listener) {
        if (listener != null) owner.msgListeners.addIfAbsent(listener);
    }

    public void removeAdvancedMsgListener(V2TIMAdvancedMsgListener listener) {
        owner.msgListeners.remove(listener);
    }

    private V2TIMMessage wrap(long handle) {
        return handle == 0 ? null : new V2TIMMessage(handle, owner);
    }

    public V2TIMMessage createTextMessage(String text) {
        return wrap(HarkNative.createText(Utf8.bytes(text), new int[1]));
    }

    public V2TIMMessage createCustomMessage(byte[] data) {
        return createCustomMessage(data, null, null);
    }

    /** {@code extension} must be UTF-8 text (libhark stores it as a string). */
    public V2TIMMessage createCustomMessage(byte[] data, String description, byte[] extension) {
        return wrap(HarkNative.createCustom(data, Utf8.bytes(description), extension, new int[1]));
    }

    public V2TIMMessage createImageMessage(String imagePath) {
        return wrap(HarkNative.createImage(Utf8.bytes(imagePath), new int[1]));
    }

    /** {@code duration} in seconds. */
    public V2TIMMessage createSoundMessage(String soundPath, int duration) {
        return wrap(HarkNative.createSound(Utf8.bytes(soundPath), duration, new int[1]));
    }

    public V2TIMMessage createVideoMessage(String videoFilePath, String type, int duration, String snapshotPath) {
        return wrap(HarkNative.createVideo(Utf8.bytes(videoFilePath), Utf8.bytes(type), duration,
                Utf8.bytes(snapshotPath), new int[1]));
    }

    /** {@code fileName} null or "": the path's name. */
    public V2TIMMessage createFileMessage(String filePath, String fileName) {
        return wrap(HarkNative.createFile(Utf8.bytes(filePath), Utf8.bytes(fileName), new int[1]));
    }

    public V2TIMMessage createLocationMessage(String desc, double longitude, double latitude) {
        return wrap(HarkNative.createLocation(Utf8.bytes(desc), longitude, latitude, new int[1]));
    }

    public V2TIMMessage createFaceMessage(int index, byte[] data) {
        return wrap(HarkNative.createFace(index, data, new int[1]));
    }

    /**
     * A copy of {@code message} that only {@code receiverList} (1 to 50 group members) and
     * the sender will see; send it with a groupID and no receiver.
     */
    public V2TIMMessage createTargetedGroupMessage(V2TIMMessage message, List<String> receiverList) {
        if (message == null) return null;
        byte[][] receivers = Utf8.bytes(receiverList);
        return wrap(message.withHandle(h -> HarkNative.createTargeted(h, receivers, new int[1])));
    }

    /**
     * Sends {@code message}: receiver only is C2C, groupID only a group message, both a
     * message for that one member. Returns the msgID, or null when the call was refused
     * (the callback still gets the error). {@code offlinePushInfo} may be null.
     */
    public String sendMessage(V2TIMMessage message, String receiver, String groupID, int priority,
            boolean onlineUserOnly, V2TIMOfflinePushInfo offlinePushInfo,
            V2TIMSendCallback<V2TIMMessage> callback) {
        byte[] id = new byte[V2TIMMessage.MSG_ID_SIZE];
        NativeCallback cb = new NativeCallback.Send(callback, owner);
        byte[] r = Utf8.bytesOrNull(receiver);
        byte[] g = Utf8.bytesOrNull(groupID);
        byte[][] pushStrings = offlinePushInfo == null ? null : offlinePushInfo.strings();
        int[] pushInts = offlinePushInfo == null ? null : offlinePushInfo.ints();
        int rc = owner.client.request(cb, c -> {
            if (message == null) {
                return HarkNative.sendMessage(c, 0, r, g, priority, onlineUserOnly, pushStrings, pushInts, cb, id);
            }
            return message.withHandle(h -> HarkNative.sendMessage(c, h, r, g, priority, onlineUserOnly,
                    pushStrings, pushInts, cb, id));
        });
        return rc == 0 ? Utf8.cstr(id) : null;
    }

    /** Up to {@code count} (1..100) messages older than {@code lastMsg} (null: the newest), newest first. */
    public void getC2CHistoryMessageList(String userID, int count, V2TIMMessage lastMsg,
            V2TIMValueCallback<List<V2TIMMessage>> callback) {
        history(false, userID, count, lastMsg, callback);
    }

    public void getGroupHistoryMessageList(String groupID, int count, V2TIMMessage lastMsg,
            V2TIMValueCallback<List<V2TIMMessage>> callback) {
        history(true, groupID, count, lastMsg, callback);
    }

    /**
     * V2TIM's general form. Hark keeps history on the server only, so V2TIM_GET_CLOUD_OLDER_MSG
     * and V2TIM_GET_LOCAL_OLDER_MSG both read it; the NEWER types end at once, on the calling
     * thread, with 6017.
     */
    public void getHistoryMessageList(V2TIMMessageListGetOption option, V2TIMValueCallback<List<V2TIMMessage>> callback) {
        if (option == null || option.getGetType() == V2TIMMessageListGetOption.V2TIM_GET_CLOUD_NEWER_MSG
                || option.getGetType() == V2TIMMessageListGetOption.V2TIM_GET_LOCAL_NEWER_MSG) {
            int code = BaseConstants.ERR_INVALID_PARAMETERS;
            if (callback != null) callback.onError(code, Client.describe(code));
            return;
        }
        boolean group = option.getGroupID() != null && !option.getGroupID().isEmpty();
        history(group, group ? option.getGroupID() : option.getUserID(), option.getCount(), option.getLastMsg(), callback);
    }

    /**
     * Marks the C2C conversation with {@code userID} read up to its newest message, on every
     * device of the user; the peer gets a read receipt (onRecvC2CReadReceipt).
     */
    public void markC2CMessageAsRead(String userID, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        owner.client.request(cb, c -> HarkNative.markC2CRead(c, Utf8.bytes(userID), cb));
    }

    /** Marks the group's conversation read up to its newest message, on every device of the user. */
    public void markGroupMessageAsRead(String groupID, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        owner.client.request(cb, c -> HarkNative.markGroupRead(c, Utf8.bytes(groupID), cb));
    }

    /** Marks every conversation of the user read. */
    public void markAllMessageAsRead(V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        owner.client.request(cb, c -> HarkNative.markAllRead(c, cb));
    }

    /**
     * Reports {@code messageList} (1 to 100 received messages of one conversation) read: each
     * sent with needReadReceipt counts this user once, and its sender hears the new counts
     * (onRecvMessageReadReceipts). An empty list, one over 100, a message never sent or
     * messages of two conversations fail with 6017; harkd answers 10007 for a group the user
     * is not in.
     */
    public void sendMessageReadReceipts(List<V2TIMMessage> messageList, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        owner.client.request(cb, c -> V2TIMMessage.withCopies(messageList, hs -> HarkNative.sendReadReceipts(c, hs, cb)));
    }

    /**
     * How many have read {@code messageList} (as for sendMessageReadReceipts; the user's own
     * messages too): one receipt per message sent with needReadReceipt, in the order asked,
     * with its msgID, groupID (a group's) or userID and isPeerRead (a C2C one's), readCount
     * and unreadCount.
     */
    public void getMessageReadReceipts(List<V2TIMMessage> messageList,
            V2TIMValueCallback<List<V2TIMMessageReceipt>> callback) {
        NativeCallback cb = new NativeCallback.Receipts(callback);
        owner.client.request(cb, c -> V2TIMMessage.withCopies(messageList, hs -> HarkNative.getReadReceipts(c, hs, cb)));
    }

    private void history(boolean group, String id, int count, V2TIMMessage lastMsg,
            V2TIMValueCallback<List<V2TIMMessage>> callback) {
        NativeCallback cb = new NativeCallback.History(callback, owner);
        owner.client.request(cb, c -> {
            if (lastMsg == null) return HarkNative.history(c, group, Utf8.bytes(id), count, 0, cb);
            return lastMsg.withHandle(h -> HarkNative.history(c, group, Utf8.bytes(id), count, h, cb));
        });
    }
}
