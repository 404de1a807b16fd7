package io.hark.imsdk.v2;

/** A sticker: the app's index and data, passed through unchanged. */
public class V2TIMFaceElem extends V2TIMElem {
    V2TIMFaceElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    public int getIndex() {
        int[] i = new int[1];
        message.withHandle(h -> HarkNative.face(h, index, i));
        return i[0];
    }

    public byte[] getData() {
        return message.withHandle(h -> HarkNative.face(h, index, new int[1]));
    }
}
