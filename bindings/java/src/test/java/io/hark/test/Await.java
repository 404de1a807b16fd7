package io.hark.test;

import io.hark.imsdk.v2.V2TIMCallback;
import io.hark.imsdk.v2.V2TIMDownloadCallback;
import io.hark.imsdk.v2.V2TIMElem;
import io.hark.imsdk.v2.V2TIMSendCallback;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records one request's callbacks: how it ended, its value, how many terminal calls came,
 * and whether any came on the thread that made the call. Every wait has a deadline.
 */
final class Await<T> implements V2TIMCallback, V2TIMSendCallback<T>, V2TIMDownloadCallback {
    static final long WAIT_MS = 15000;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread caller = Thread.currentThread();
    final AtomicInteger terminals = new AtomicInteger();
    final AtomicInteger progressCalls = new AtomicInteger();
    volatile boolean onCallerThread;
    volatile int code = -1;
    volatile String desc;
    volatile T value;
    volatile int lastProgress = -1;
    volatile boolean progressRising = true;

    private void end(int code, String desc, T value) {
        if (Thread.currentThread() == caller) onCallerThread = true;
        this.code = code;
        this.desc = desc;
        this.value = value;
        terminals.incrementAndGet();
        done.countDown();
    }

    @Override
    public void onSuccess() {
        end(0, null, null);
    }

    @Override
    public void onSuccess(T t) {
        end(0, null, t);
    }

    @Override
    public void onError(int code, String desc) {
        end(code, desc, null);
    }

    @Override
    public void onProgress(int progress) {
        progress(progress);
    }

    @Override
    public void onProgress(V2TIMElem.V2ProgressInfo info) {
        progress(info.getCurrentSize());
    }

    private void progress(long p) {
        if (p < lastProgress) progressRising = false;
        lastProgress = (int) Math.min(p, Integer.MAX_VALUE);
        progressCalls.incrementAndGet();
    }

    /** Waits for the terminal callback; returns its code (-1 on timeout). */
    int await() throws InterruptedException {
        return done.await(WAIT_MS, TimeUnit.MILLISECONDS) ? code : -1;
    }
}
