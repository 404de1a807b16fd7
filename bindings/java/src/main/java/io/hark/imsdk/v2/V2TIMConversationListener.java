package io.hark.imsdk.v2;

import java.util.List;

/**
 * The conversation list as it changes. After each login (and when the first listener is added
 * while logged in): onSyncServerStart, the whole list (onNewConversation the first time,
 * onConversationChanged later), onSyncServerFinish (or Failed), then the total unread. From
 * then on, each conversation a received message, an own send or a change on any device of the
 * user touches, and the total whenever it moves.
 */
public abstract class V2TIMConversationListener {
    public void onSyncServerStart() {}

    public void onSyncServerFinish() {}

    public void onSyncServerFailed() {}

    /** Conversations this manager had not reported before. */
    public void onNewConversation(List<V2TIMConversation> conversationList) {}

    public void onConversationChanged(List<V2TIMConversation> conversationList) {}

    public void onTotalUnreadMessageCountChanged(long totalUnreadCount) {}
}
