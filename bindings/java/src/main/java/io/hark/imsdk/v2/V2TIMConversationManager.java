package io.hark.imsdk.v2;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The user's conversation list, kept by harkd for all the user's devices: unread counts,
 * pins, drafts. Conversation ids are "c2c_" + userID or "group_" + groupID.
 */
public final class V2TIMConversationManager {
    private final V2TIMManager owner;
    private final CopyOnWriteArrayList<V2TIMConversationListener> listeners = new CopyOnWriteArrayList<>();
    /** libhark's id of the one listener that fans out to {@link #listeners}; 0 for none. */
    private long nativeListener;

    V2TIMConversationManager(V2TIMManager owner) {
        this.owner = owner;
    }

    /**
     * libhark follows the conversation list only while a listener is registered (a sync at
     * each login, and at once when the first one comes while logged in), so one is registered
     * exactly while the app has listeners and the SDK is initialized.
     */
    private synchronized void follow() {
        if (!listeners.isEmpty() && nativeListener == 0) {
            long[] id = new long[1];
            owner.client.call(c -> {
                id[0] = HarkNative.addConvListener(c, new Listeners.Conv(listeners, owner));
                return 0;
            });
            nativeListener = id[0];
        } else if (listeners.isEmpty() && nativeListener != 0) {
            long id = nativeListener;
            owner.client.call(c -> HarkNative.removeConvListener(c, id));
            nativeListener = 0;
        }
    }

    /** After initSDK installed the client. */
    void attach() {
        follow();
    }

    /** After unInitSDK took the client away: its listener goes with it. */
    synchronized void detach() {
        nativeListener = 0;
    }

    public void addConversationListener(V2TIMConversationListener listener) {
        if (listener != null && listeners.addIfAbsent(listener)) follow();
    }

    public void removeConversationListener(V2TIMConversationListener listener) {
        if (listeners.remove(listener)) follow();
    }

    /**
     * Up to {@code count} (1..100) conversations, pinned first, then by last message, newest
     * first: from the top for {@code nextSeq} 0, else after the page whose getNextSeq() it is.
     */
    public void getConversationList(long nextSeq, int count, V2TIMValueCallback<V2TIMConversationResult> callback) {
        NativeCallback cb = new NativeCallback.Conversations<>(callback, owner, V2TIMConversationResult::new);
        owner.client.request(cb, c -> HarkNative.conversationList(c, nextSeq, count, cb));
    }

    /** A peer or group without messages yet gives an empty conversation of that id. */
    public void getConversation(String conversationID, V2TIMValueCallback<V2TIMConversation> callback) {
        NativeCallback cb = new NativeCallback.Conversations<>(callback, owner, (list, seq, done) -> list.get(0));
        owner.client.request(cb, c -> HarkNative.conversation(c, Utf8.bytes(conversationID), cb));
    }

    /** The conversations of 1..100 ids, one per id in that order. */
    public void getConversationList(List<String> conversationIDList, V2TIMValueCallback<List<V2TIMConversation>> callback) {
        NativeCallback cb = new NativeCallback.Conversations<>(callback, owner, (list, seq, done) -> list);
        owner.client.request(cb, c -> HarkNative.conversationsByIds(c, Utf8.bytes(conversationIDList), cb));
    }

    /** Takes it off the list, marked read, until its next message; its history stays. */
    public void deleteConversation(String conversationID, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        owner.client.request(cb, c -> HarkNative.deleteConversation(c, Utf8.bytes(conversationID), cb));
    }

    /** {@code draftText} null or "" clears it; at most 8 KB. */
    public void setConversationDraft(String conversationID, String draftText, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        owner.client.request(cb,
                c -> HarkNative.setConversationDraft(c, Utf8.bytes(conversationID), Utf8.bytesOrNull(draftText), cb));
    }

    public void pinConversation(String conversationID, boolean isPinned, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        owner.client.request(cb, c -> HarkNative.pinConversation(c, Utf8.bytes(conversationID), isPinned, cb));
    }

    /** The unread messages of all the user's conversations together. */
    public void getTotalUnreadMessageCount(V2TIMValueCallback<Long> callback) {
        NativeCallback cb = new NativeCallback.Count(callback);
        owner.client.request(cb, c -> HarkNative.totalUnreadCount(c, cb));
    }
}
