package io.hark.imsdk.v2;

public class V2TIMFileElem extends V2TIMElem {
    V2TIMFileElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    private String string(int i) {
        byte[][] s = message.withHandle(h -> HarkNative.file(h, index, new long[1]));
        return s == null ? null : Utf8.str(s[i]);
    }

    /** The sender's local path; "" on received messages. */
    public String getPath() {
        return string(0);
    }

    public String getUUID() {
        return string(1);
    }

    /** The name the receiver sees. */
    public String getFileName() {
        return string(2);
    }

    /** Bytes. */
    public int getFileSize() {
        long[] nums = new long[1];
        message.withHandle(h -> HarkNative.file(h, index, nums));
        return (int) nums[0];
    }

    public void downloadFile(String path, V2TIMDownloadCallback callback) {
        download(HarkNative.DOWNLOAD_FILE, 0, path, callback);
    }
}
