package io.hark.imsdk.v2;

/** New messages, including those that arrived while offline (replayed after login). */
public abstract class V2TIMAdvancedMsgListener {
    public void onRecvNewMessage(V2TIMMessage msg) {}
}
