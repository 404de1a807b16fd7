package io.hark.imsdk.v2;

import java.util.List;

/** A page of the conversation list. */
public class V2TIMConversationResult {
    private final List<V2TIMConversation> conversations;
    private final long nextSeq;
    private final boolean finished;

    V2TIMConversationResult(List<V2TIMConversation> conversations, long nextSeq, boolean finished) {
        this.conversations = conversations;
        this.nextSeq = nextSeq;
        this.finished = finished;
    }

    /** Pass to getConversationList for the page after this one. */
    public long getNextSeq() {
        return nextSeq;
    }

    /** True when there is no page after this one. */
    public boolean isFinished() {
        return finished;
    }

    public List<V2TIMConversation> getConversationList() {
        return conversations;
    }
}
