package io.hark.test;

import io.hark.imsdk.v2.V2TIMConversation;
import io.hark.imsdk.v2.V2TIMConversationListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** What one conversation listener heard: each kind of event in its own queue, in order. */
final class ConvEvents extends V2TIMConversationListener {
    final List<String> syncs = new CopyOnWriteArrayList<>();
    /** Every event of any kind. */
    final AtomicInteger events = new AtomicInteger();
    private final LinkedBlockingQueue<String> syncQueue = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<V2TIMConversation> added = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<V2TIMConversation> changed = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Long> totals = new LinkedBlockingQueue<>();

    private void sync(String what) {
        events.incrementAndGet();
        syncs.add(what);
        syncQueue.add(what);
    }

    @Override
    public void onSyncServerStart() {
        sync("start");
    }

    @Override
    public void onSyncServerFinish() {
        sync("finish");
    }

    @Override
    public void onSyncServerFailed() {
        sync("failed");
    }

    @Override
    public void onNewConversation(List<V2TIMConversation> conversationList) {
        events.incrementAndGet();
        added.addAll(conversationList);
    }

    @Override
    public void onConversationChanged(List<V2TIMConversation> conversationList) {
        events.incrementAndGet();
        changed.addAll(conversationList);
    }

    @Override
    public void onTotalUnreadMessageCountChanged(long totalUnreadCount) {
        events.incrementAndGet();
        totals.add(totalUnreadCount);
    }

    /** The last of conversation {@code id} queued so far, as new or changed; null for none. */
    V2TIMConversation queued(String id) {
        V2TIMConversation last = null;
        for (LinkedBlockingQueue<V2TIMConversation> q : List.of(added, changed)) {
            for (V2TIMConversation c : q) {
                if (c.getConversationID().equals(id)) last = c;
            }
        }
        return last;
    }

    /** Drops what is queued, for a listener that hears nothing now (removed). */
    void forget() {
        syncQueue.clear();
        added.clear();
        changed.clear();
        totals.clear();
    }

    /** Takes from {@code q} up to the first element {@code want} accepts; null after the deadline. */
    private static <T> T until(LinkedBlockingQueue<T> q, Predicate<T> want) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Await.WAIT_MS);
        for (;;) {
            T t = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (t == null || want.test(t)) return t;
        }
    }

    /** Waits for the end of a sync; true when it finished (not failed). */
    boolean synced() throws InterruptedException {
        return "finish".equals(until(syncQueue, s -> !s.equals("start")));
    }

    /** The next onNewConversation of {@code id}, skipping other conversations. */
    V2TIMConversation nextNew(String id) throws InterruptedException {
        return until(added, c -> c.getConversationID().equals(id));
    }

    /** The next onConversationChanged of {@code id} that {@code want} accepts. */
    V2TIMConversation nextChanged(String id, Predicate<V2TIMConversation> want) throws InterruptedException {
        return until(changed, c -> c.getConversationID().equals(id) && want.test(c));
    }

    /** Whether a total unread of {@code want} comes (skipping the totals before it). */
    boolean total(long want) throws InterruptedException {
        return until(totals, t -> t == want) != null;
    }
}
