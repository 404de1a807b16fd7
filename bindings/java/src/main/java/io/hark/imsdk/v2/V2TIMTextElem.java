package io.hark.imsdk.v2;

public class V2TIMTextElem extends V2TIMElem {
    V2TIMTextElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    public String getText() {
        return Utf8.str(message.withHandle(h -> HarkNative.text(h, index)));
    }
}
