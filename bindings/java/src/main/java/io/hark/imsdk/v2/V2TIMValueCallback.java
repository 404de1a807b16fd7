package io.hark.imsdk.v2;

/** Ends a request with a value; called once, on libhark's dispatcher thread. */
public interface V2TIMValueCallback<T> {
    void onSuccess(T t);

    void onError(int code, String desc);
}
