package io.hark.imsdk.v2;

/** Ends a download; onProgress reports the bytes written before it. */
public interface V2TIMDownloadCallback {
    void onProgress(V2TIMElem.V2ProgressInfo progressInfo);

    void onSuccess();

    void onError(int code, String desc);
}
