package io.hark.imsdk.v2;

/** Ends a send; onProgress (0..100, rising) reports a media message's upload before it. */
public interface V2TIMSendCallback<T> extends V2TIMValueCallback<T> {
    void onProgress(int progress);
}
