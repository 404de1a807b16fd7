package io.hark.imsdk.v2;

public class V2TIMCustomElem extends V2TIMElem {
    private byte[] data;
    private String description;
    private byte[] extension;

    /** A custom elem of no message yet, for {@link V2TIMElem#appendElem}. */
    public V2TIMCustomElem() {}

    V2TIMCustomElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    public byte[] getData() {
        V2TIMMessage m = message;
        return m == null ? data : m.withHandle(h -> HarkNative.customData(h, index));
    }

    public String getDescription() {
        V2TIMMessage m = message;
        return m == null ? description : Utf8.str(m.withHandle(h -> HarkNative.customDesc(h, index)));
    }

    /** The extension's UTF-8 bytes, as V2TIM's Android API hands them out. */
    public byte[] getExtension() {
        V2TIMMessage m = message;
        return m == null ? extension : m.withHandle(h -> HarkNative.customExtension(h, index));
    }

    /** The setters set the fields of an elem made with {@code new}; an elem of a message is not changed. */
    public void setData(byte[] data) {
        this.data = data;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    /** Must be UTF-8 text (libhark stores it as a string). */
    public void setExtension(byte[] extension) {
        this.extension = extension;
    }

    @Override
    int appendTo(long handle) {
        return HarkNative.appendCustom(handle, data, Utf8.bytes(description), extension);
    }
}
