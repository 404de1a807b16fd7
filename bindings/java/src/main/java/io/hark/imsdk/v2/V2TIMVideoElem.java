package io.hark.imsdk.v2;

public class V2TIMVideoElem extends V2TIMElem {
    V2TIMVideoElem(V2TIMMessage message, int index) {
        super(message, index);
    }

    private String string(int i) {
        byte[][] s = message.withHandle(h -> HarkNative.video(h, index, new long[5]));
        return s == null ? null : Utf8.str(s[i]);
    }

    private long number(int i) {
        long[] nums = new long[5];
        message.withHandle(h -> HarkNative.video(h, index, nums));
        return nums[i];
    }

    /** The sender's local path; "" on received messages. */
    public String getVideoPath() {
        return string(0);
    }

    public String getSnapshotPath() {
        return string(1);
    }

    public String getVideoUUID() {
        return string(2);
    }

    /** The container, e.g. "mp4". */
    public String getVideoType() {
        return string(3);
    }

    public String getSnapshotUUID() {
        return string(5);
    }

    public int getVideoSize() {
        return (int) number(0);
    }

    /** Seconds. */
    public int getDuration() {
        return (int) number(1);
    }

    public int getSnapshotSize() {
        return (int) number(2);
    }

    public int getSnapshotWidth() {
        return (int) number(3);
    }

    public int getSnapshotHeight() {
        return (int) number(4);
    }

    public void downloadVideo(String path, V2TIMDownloadCallback callback) {
        download(HarkNative.DOWNLOAD_VIDEO, 0, path, callback);
    }

    public void downloadSnapshot(String path, V2TIMDownloadCallback callback) {
        download(HarkNative.DOWNLOAD_SNAPSHOT, 0, path, callback);
    }
}
