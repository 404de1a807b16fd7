package io.hark.imsdk.v2;

public class V2TIMSoundElem extends V2TIMElem {
    V2TIMSoundElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    private String string(int i) {
        byte[][] s = message.withHandle(h -> HarkNative.sound(h, index, new long[2]));
        return s == null ? null : Utf8.str(s[i]);
    }

    private long number(int i) {
        long[] nums = new long[2];
        message.withHandle(h -> HarkNative.sound(h, index, nums));
        return nums[i];
    }

    /** The sender's local path; "" on received messages. */
    public String getPath() {
        return string(0);
    }

    public String getUUID() {
        return string(1);
    }

    /** Bytes. */
    public int getDataSize() {
        return (int) number(0);
    }

    /** Seconds. */
    public int getDuration() {
        return (int) number(1);
    }

    public void downloadSound(String path, V2TIMDownloadCallback callback) {
        download(HarkNative.DOWNLOAD_SOUND, 0, path, callback);
    }
}
