package io.hark.imsdk.v2;

public class V2TIMCustomElem extends V2TIMElem {
    V2TIMCustomElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    public byte[] getData() {
        return message.withHandle(h -> HarkNative.customData(h, index));
    }

    public String getDescription() {
        return Utf8.str(message.withHandle(h -> HarkNative.customDesc(h, index)));
    }

    /** The extension's UTF-8 bytes, as V2TIM's Android API hands them out. */
    public byte[] getExtension() {
        return message.withHandle(h -> HarkNative.customExtension(h, index));
    }
}
