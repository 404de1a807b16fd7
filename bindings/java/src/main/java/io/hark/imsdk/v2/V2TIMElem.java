package io.hark.imsdk.v2;

/**
 * One elem of a message: a view of elem {@code index} of its message, read when asked, so
 * the sender's elems show the uploaded files once the send has stored them. A text, custom,
 * location or face elem made with {@code new} belongs to no message: it holds its own
 * fields until {@link #appendElem} copies it into one, and from then on it is a view of
 * that copy.
 */
public abstract class V2TIMElem {
    /** Null while the elem belongs to no message. */
    V2TIMMessage message;
    int index;

    /** An elem of no message yet. */
    V2TIMElem() {}

    V2TIMElem(V2TIMMessage message, int index) {
        this.message = message;
        this.index = index;
    }

    /** The elem after this one in its message, or null (also for an elem of no message). */
    public V2TIMElem getNextElem() {
        V2TIMMessage m = message;
        return m == null ? null : at(m, index + 1);
    }

    /**
     * Appends {@code v2TIMElem} to the message this elem belongs to (this must be an elem
     * taken from a message made by a create call and not sent yet, e.g.
     * {@code message.getTextElem()}). Only text, custom, face and location elems may follow
     * the first elem. {@code v2TIMElem} may be one made with {@code new} or an elem of any
     * message; its fields are copied, and it becomes a view of the appended elem. A refusal
     * leaves both unchanged; {@link #tryAppendElem} tells its code.
     */
    public void appendElem(V2TIMElem v2TIMElem) {
        tryAppendElem(v2TIMElem);
    }

    /**
     * Hark: {@link #appendElem} with its outcome: 0, or the C API's code, 6017
     * {@link BaseConstants#ERR_INVALID_PARAMETERS}, when nothing was appended (this elem
     * belongs to no message, the message was sent or received, {@code elem} is null or of a
     * type that may not follow, or one of its fields is refused, e.g. a null text or a
     * latitude beyond ±90).
     */
    public int tryAppendElem(V2TIMElem elem) {
        V2TIMMessage to = message;
        if (to == null || elem == null) return BaseConstants.ERR_INVALID_PARAMETERS;
        V2TIMMessage from = elem.message;
        if (from == null) return to.append(elem, elem::appendTo);
        // A copy of the source, so that no two messages are ever locked at once.
        int at = elem.index;
        long copy = from.withHandle(HarkNative::messageClone);
        try {
            return to.append(elem, h -> HarkNative.appendElem(h, copy, at));
        } finally {
            HarkNative.messageFree(copy);
        }
    }

    /**
     * Appends this elem's own fields to message {@code handle}: the C API's code. Only the
     * types that may follow another elem can be made with {@code new}, and they override it.
     */
    int appendTo(long handle) {
        return BaseConstants.ERR_INVALID_PARAMETERS;
    }

    /** Makes this elem a view of elem {@code index} of {@code message}. */
    void bind(V2TIMMessage message, int index) {
        this.message = message;
        this.index = index;
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
