package io.hark.imsdk.v2;

/** A sticker: the app's index and data, passed through unchanged. */
public class V2TIMFaceElem extends V2TIMElem {
    private int faceIndex;
    private byte[] data;

    /** A face elem of no message yet, for {@link V2TIMElem#appendElem}. */
    public V2TIMFaceElem() {}

    V2TIMFaceElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    public int getIndex() {
        V2TIMMessage m = message;
        if (m == null) return faceIndex;
        int[] i = new int[1];
        m.withHandle(h -> HarkNative.face(h, index, i));
        return i[0];
    }

    public byte[] getData() {
        V2TIMMessage m = message;
        return m == null ? data : m.withHandle(h -> HarkNative.face(h, index, new int[1]));
    }

    /** The setters set the fields of an elem made with {@code new}; an elem of a message is not changed. */
    public void setIndex(int index) {
        this.faceIndex = index;
    }

    public void setData(byte[] data) {
        this.data = data;
    }

    @Override
    int appendTo(long handle) {
        return HarkNative.appendFace(handle, faceIndex, data);
    }
}
