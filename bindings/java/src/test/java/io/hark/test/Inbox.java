package io.hark.test;

import io.hark.imsdk.v2.V2TIMAdvancedMsgListener;
import io.hark.imsdk.v2.V2TIMMessage;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The messages a user received, in order. */
final class Inbox extends V2TIMAdvancedMsgListener {
    private final LinkedBlockingQueue<V2TIMMessage> queue = new LinkedBlockingQueue<>();
    volatile Thread lastThread;

    @Override
    public void onRecvNewMessage(V2TIMMessage msg) {
        lastThread = Thread.currentThread();
        queue.add(msg);
    }

    /** The next message, or null after the deadline. */
    V2TIMMessage next() throws InterruptedException {
        return queue.poll(Await.WAIT_MS, TimeUnit.MILLISECONDS);
    }
}
