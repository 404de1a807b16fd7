package io.hark.imsdk.v2;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A manager's hark_client handle. Calls hold the read lock while they use the handle (they
 * only enqueue, so briefly); unInitSDK takes the handle away under the write lock and frees
 * it outside any lock, so callbacks that call the API while the client shuts down see "not
 * initialized" instead of blocking.
 */
final class Client {
    interface Call {
        int run(long client);
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long handle;

    /** Runs {@code call} with the live handle; 6013 when there is none. */
    int call(Call call) {
        lock.readLock().lock();
        try {
            return handle == 0 ? BaseConstants.ERR_SDK_NOT_INITIALIZED : call.run(handle);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs a call that hands {@code callback} to libhark and returns its code. A nonzero code
     * is a request refused at once, which took nothing over (hark.h): no client (6013), a
     * bad argument, not logged in, ... The callback reports it here, on the calling thread,
     * after the lock is released; every other outcome comes from libhark's dispatcher.
     */
    int request(NativeCallback callback, Call call) {
        int rc = call(call);
        if (rc != 0) callback.onError0(rc, describe(rc));
        return rc;
    }

    /** Installs a new handle; false when one is installed already. */
    boolean install(long h) {
        lock.writeLock().lock();
        try {
            if (handle != 0) return false;
            handle = h;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Takes the handle away (0 when there is none); the caller frees it. */
    long remove() {
        lock.writeLock().lock();
        try {
            long h = handle;
            handle = 0;
            return h;
        } finally {
            lock.writeLock().unlock();
        }
    }

    static String describe(int code) {
        return Utf8.str(HarkNative.errorDescription(code));
    }
}
