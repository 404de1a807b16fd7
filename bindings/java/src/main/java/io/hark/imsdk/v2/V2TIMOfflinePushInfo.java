package io.hark.imsdk.v2;

import java.nio.charset.StandardCharsets;

/** Offline push settings of a message; received messages carry the sender's. */
public class V2TIMOfflinePushInfo {
    private String title = "";
    private String desc = "";
    private byte[] ext = new byte[0];
    private boolean disablePush;
    private String iOSSound = "";
    private boolean ignoreIOSBadge;
    private int iOSPushType;
    private String androidSound = "";
    private String androidOPPOChannelID = "";
    private String androidFCMChannelID = "";
    private String androidXiaoMiChannelID = "";
    private int androidVIVOClassification = 1;
    private String androidHuaWeiCategory = "";

    public V2TIMOfflinePushInfo() {}

    /** From the glue's arrays; see HarkNative.pushStrings. */
    V2TIMOfflinePushInfo(byte[][] s, int[] ints) {
        title = Utf8.str(s[0]);
        desc = Utf8.str(s[1]);
        ext = s[2];
        iOSSound = Utf8.str(s[3]);
        androidSound = Utf8.str(s[4]);
        androidOPPOChannelID = Utf8.str(s[5]);
        androidFCMChannelID = Utf8.str(s[6]);
        androidXiaoMiChannelID = Utf8.str(s[7]);
        androidHuaWeiCategory = Utf8.str(s[8]);
        disablePush = ints[0] != 0;
        ignoreIOSBadge = ints[1] != 0;
        iOSPushType = ints[2];
        androidVIVOClassification = ints[3];
    }

    /** In the order HarkNative.sendMessage expects. */
    byte[][] strings() {
        String e = new String(ext == null ? new byte[0] : ext, StandardCharsets.UTF_8);
        String[] s = {title, desc, e, iOSSound, androidSound, androidOPPOChannelID,
                androidFCMChannelID, androidXiaoMiChannelID, androidHuaWeiCategory};
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = Utf8.bytes(s[i] == null ? "" : s[i]);
        }
        return out;
    }

    int[] ints() {
        return new int[] {disablePush ? 1 : 0, ignoreIOSBadge ? 1 : 0, iOSPushType, androidVIVOClassification};
    }

    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public String getDesc() { return desc; }
    /** The notification text; a custom message is pushed only with one. */
    public void setDesc(String desc) { this.desc = desc; }
    public byte[] getExt() { return ext; }
    /** UTF-8 text, as libhark stores it as a string. */
    public void setExt(byte[] ext) { this.ext = ext; }
    public boolean isDisablePush() { return disablePush; }
    public void setDisablePush(boolean disablePush) { this.disablePush = disablePush; }
    public String getIOSSound() { return iOSSound; }
    public void setIOSSound(String sound) { this.iOSSound = sound; }
    public boolean isIgnoreIOSBadge() { return ignoreIOSBadge; }
    public void setIgnoreIOSBadge(boolean ignoreIOSBadge) { this.ignoreIOSBadge = ignoreIOSBadge; }
    public int getIOSPushType() { return iOSPushType; }
    public void setIOSPushType(int iOSPushType) { this.iOSPushType = iOSPushType; }
    public String getAndroidSound() { return androidSound; }
    public void setAndroidSound(String sound) { this.androidSound = sound; }
    public String getAndroidOPPOChannelID() { return androidOPPOChannelID; }
    public void setAndroidOPPOChannelID(String id) { this.androidOPPOChannelID = id; }
    public String getAndroidFCMChannelID() { return androidFCMChannelID; }
    public void setAndroidFCMChannelID(String id) { this.androidFCMChannelID = id; }
    public String getAndroidXiaoMiChannelID() { return androidXiaoMiChannelID; }
    public void setAndroidXiaoMiChannelID(String id) { this.androidXiaoMiChannelID = id; }
    public int getAndroidVIVOClassification() { return androidVIVOClassification; }
    public void setAndroidVIVOClassification(int c) { this.androidVIVOClassification = c; }
    public String getAndroidHuaWeiCategory() { return androidHuaWeiCategory; }
    public void setAndroidHuaWeiCategory(String category) { this.androidHuaWeiCategory = category; }
}
