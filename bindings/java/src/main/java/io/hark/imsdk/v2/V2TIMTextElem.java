package io.hark.imsdk.v2;

public class V2TIMTextElem extends V2TIMElem {
    private String text;

    /** A text elem of no message yet, for {@link V2TIMElem#appendElem}. */
    public V2TIMTextElem() {}

    V2TIMTextElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    public String getText() {
        V2TIMMessage m = message;
        return m == null ? text : Utf8.str(m.withHandle(h -> HarkNative.text(h, index)));
    }

    /** Sets the text of an elem made with {@code new}; an elem of a message is not changed. */
    public void setText(String text) {
        this.text = text;
    }

    @Override
    int appendTo(long handle) {
        return HarkNative.appendText(handle, Utf8.bytes(text));
    }
}
