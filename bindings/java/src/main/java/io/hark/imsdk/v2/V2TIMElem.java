package io.hark.imsdk.v2;

/**
 * One elem of a message: a view of elem {@code index} of its message, read when asked, so
 * the sender's elems show the uploaded files once the send has stored them.
 */
public abstract class V2TIMElem {
    final V2TIMMessage message;
    final int index;

    V2TIMElem(V2TIMMessage message, int index) {
        this.message = message;
        this.index = index;
    }

    /** The elem after this one in its message, or null. */
    public V2TIMElem getNextElem() {
        return at(message, index + 1);
    }

    static V2TIMElem at(V2TIMMessage m, int index) {
        switch (m.elemType(index)) {
            case V2TIMMessage.V2TIM_ELEM_TYPE_TEXT: return new V2TIMTextElem(m, index);
            case V2TIMMessage.V2TIM_ELEM_TYPE_CUSTOM: return new V2TIMCustomElem(m, index);
            case V2TIMMessage.V2TIM_ELEM_TYPE_IMAGE: return new V2TIMImageElem(m, index);
            case V2TIMMessage.V2TIM_ELEM_TYPE_SOUND: return new V2TIMSoundElem(m, index);
            case V2TIMMessage.V2TIM_ELEM_TYPE_VIDEO: return new V2TIMVideoElem(m, index);
            case V2TIMMessage.V2TIM_ELEM_TYPE_FILE: return new V2TIMFileElem(m, index);
            case V2TIMMessage.V2TIM_ELEM_TYPE_LOCATION: return new V2TIMLocationElem(m, index);
            case V2TIMMessage.V2TIM_ELEM_TYPE_FACE: return new V2TIMFaceElem(m, index);
            default: return null;
        }
    }

    /** Starts a download of this elem's file with the manager that made or received the message. */
    void download(int what, int imageType, String path, V2TIMDownloadCallback callback) {
        NativeCallback cb = new NativeCallback.Download(callback);
        byte[] p = Utf8.bytes(path);
        message.owner.client.request(cb,
                c -> message.withHandle(h -> HarkNative.download(c, h, what, index, imageType, p, cb)));
    }

    /** A download's progress: bytes written so far and the file's size. */
    public static class V2ProgressInfo {
        private final long currentSize;
        private final long totalSize;

        public V2ProgressInfo(long currentSize, long totalSize) {
            this.currentSize = currentSize;
            this.totalSize = totalSize;
        }

        public long getCurrentSize() {
            return currentSize;
        }

        public long getTotalSize() {
            return totalSize;
        }
    }
}
