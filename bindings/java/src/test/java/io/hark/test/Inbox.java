package io.hark.test;

import io.hark.imsdk.v2.V2TIMAdvancedMsgListener;
import io.hark.imsdk.v2.V2TIMMessage;
import io.hark.imsdk.v2.V2TIMMessageReceipt;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The messages a user received, in order, the C2C read receipts and the message read receipts. */
final class Inbox extends V2TIMAdvancedMsgListener {
    private final LinkedBlockingQueue<V2TIMMessage> queue = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<List<V2TIMMessageReceipt>> receipts = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<List<V2TIMMessageReceipt>> messageReceipts = new LinkedBlockingQueue<>();
    volatile Thread lastThread;

    @Override
    public void onRecvNewMessage(V2TIMMessage msg) {
        lastThread = Thread.currentThread();
        queue.add(msg);
    }

    @Override
    public void onRecvC2CReadReceipt(List<V2TIMMessageReceipt> receiptList) {
        receipts.add(receiptList);
    }

    @Override
    public void onRecvMessageReadReceipts(List<V2TIMMessageReceipt> receiptList) {
        messageReceipts.add(receiptList);
    }

    /** The next message, or null after the deadline. */
    V2TIMMessage next() throws InterruptedException {
        return queue.poll(Await.WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /** The next onRecvC2CReadReceipt's list, or null after the deadline. */
    List<V2TIMMessageReceipt> nextReceipts() throws InterruptedException {
        return receipts.poll(Await.WAIT_MS, TimeUnit.MILLISECONDS);
    }

    /** The next onRecvMessageReadReceipts's list, or null after the deadline. */
    List<V2TIMMessageReceipt> nextMessageReceipts() throws InterruptedException {
        return messageReceipts.poll(Await.WAIT_MS, TimeUnit.MILLISECONDS);
    }
}
