package io.hark.imsdk.v2;

/** Ends a request that has no value; called once, on libhark's dispatcher thread. */
public interface V2TIMCallback {
    void onSuccess();

    void onError(int code, String desc);
}
