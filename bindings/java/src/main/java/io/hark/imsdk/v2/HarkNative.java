package io.hark.imsdk.v2;

/**
 * The JNI entry points of libharkjni (bindings/java/jni/hark_jni.c), one per hark.h call.
 * Strings cross as UTF-8 byte arrays without a NUL (see {@link Utf8}); handles as longs.
 * Calls that take a callback return libhark's code, or minus a code when libhark never saw
 * the callback (no client), so the caller reports that one itself.
 */
final class HarkNative {
    static {
        System.loadLibrary("harkjni");
    }

    private HarkNative() {}

    /** 0 when the library's MAJOR.MINOR matches the header the glue was built with. */
    static native int checkVersion();

    static native byte[] libraryVersion();

    static native byte[] errorDescription(int code);

    // Client

    /** caPem: UTF-8 PEM text, or null for none. */
    static native int clientNew(int sdkAppId, byte[] url, int platform, int timeoutMs, byte[] caPem,
                                long[] out);

    static native void clientFree(long client);

    static native int setConnListener(long client, NativeCallback listener);

    static native long addMsgListener(long client, NativeCallback listener);

    static native int login(long client, byte[] userId, byte[] userSig, NativeCallback cb);

    static native int logout(long client, NativeCallback cb);

    static native int loginStatus(long client);

    static native byte[] loginUser(long client);

    // Sending; msgIdOut holds HARK_MSG_ID_SIZE bytes.

    static native int sendMessage(long client, long message, byte[] receiver, byte[] groupId,
            int priority, boolean onlineUserOnly, byte[][] pushStrings, int[] pushInts,
            NativeCallback cb, byte[] msgIdOut);

    static native int sendC2CText(long client, byte[] text, byte[] userId, NativeCallback cb,
            byte[] msgIdOut);

    static native int sendC2CCustom(long client, byte[] data, byte[] userId, NativeCallback cb,
            byte[] msgIdOut);

    static native int sendGroupText(long client, byte[] text, byte[] groupId, int priority,
            NativeCallback cb, byte[] msgIdOut);

    static native int sendGroupCustom(long client, byte[] data, byte[] groupId, int priority,
            NativeCallback cb, byte[] msgIdOut);

    // Creating messages: a new handle, or 0 with the code in err[0].

    static native long createText(byte[] text, int[] err);

    static native long createCustom(byte[] data, byte[] desc, byte[] extension, int[] err);

    static native long createImage(byte[] path, int[] err);

    static native long createSound(byte[] path, int duration, int[] err);

    static native long createVideo(byte[] path, byte[] type, int duration, byte[] snapshot, int[] err);

    static native long createFile(byte[] path, byte[] fileName, int[] err);

    static native long createLocation(byte[] desc, double longitude, double latitude, int[] err);

    static native long createFace(int index, byte[] data, int[] err);

    static native long createTargeted(long message, byte[][] receivers, int[] err);

    static native long messageClone(long message);

    // Appending to a message: the C API's code.

    static native int appendText(long message, byte[] text);

    static native int appendCustom(long message, byte[] data, byte[] desc, byte[] extension);

    static native int appendLocation(long message, byte[] desc, double longitude, double latitude);

    static native int appendFace(long message, int index, byte[] data);

    /** A copy of elem {@code index} of {@code from}. */
    static native int appendElem(long message, long from, int index);

    static native void messageFree(long message);

    // Message getters

    static native byte[] msgId(long m);

    static native long timestamp(long m);

    static native byte[] sender(long m);

    static native byte[] userId(long m);

    static native byte[] groupId(long m);

    static native long seq(long m);

    static native long random(long m);

    static native int status(long m);

    static native boolean isSelf(long m);

    static native boolean isDropped(long m);

    static native boolean isRead(long m);

    static native boolean isPeerRead(long m);

    static native boolean needReadReceipt(long m);

    /** The C API's code: 6017 on a message already sent or received. */
    static native int setNeedReadReceipt(long m, boolean needReadReceipt);

    static native int priority(long m);

    static native byte[][] targets(long m);

    /** title, desc, ext, iOSSound, androidSound, OPPO, FCM, XiaoMi, HuaWei. */
    static native byte[][] pushStrings(long m, int[] intsOut);

    static native int elemCount(long m);

    static native int elemType(long m, int index);

    static native byte[] text(long m, int index);

    static native byte[] customData(long m, int index);

    static native byte[] customDesc(long m, int index);

    static native byte[] customExtension(long m, int index);

    static native byte[] imagePath(long m, int index);

    static native int imageCount(long m, int index);

    /** {uuid, url}; nums gets {type, size, width, height}. */
    static native byte[][] image(long m, int index, int version, long[] nums);

    /** {path, uuid, url}; nums gets {dataSize, duration}. */
    static native byte[][] sound(long m, int index, long[] nums);

    /** {videoPath, snapshotPath, videoUUID, videoType, videoUrl, snapshotUUID, snapshotUrl};
     *  nums gets {videoSize, duration, snapshotSize, snapshotWidth, snapshotHeight}. */
    static native byte[][] video(long m, int index, long[] nums);

    /** {path, uuid, fileName, url}; nums gets {fileSize}. */
    static native byte[][] file(long m, int index, long[] nums);

    /** The description; lonLat gets {longitude, latitude}. */
    static native byte[] location(long m, int index, double[] lonLat);

    /** The data; indexOut gets the index. */
    static native byte[] face(long m, int index, int[] indexOut);

    // Downloads: what is one of the DOWNLOAD_* kinds.

    static final int DOWNLOAD_IMAGE = 0;
    static final int DOWNLOAD_SOUND = 1;
    static final int DOWNLOAD_VIDEO = 2;
    static final int DOWNLOAD_SNAPSHOT = 3;
    static final int DOWNLOAD_FILE = 4;

    static native int download(long client, long message, int what, int index, int imageType,
            byte[] path, NativeCallback cb);

    // Groups

    static native int createGroup(long client, byte[] type, byte[] groupId, byte[] name,
            byte[][] members, NativeCallback cb);

    static native int joinGroup(long client, byte[] groupId, byte[] message, NativeCallback cb);

    static native int quitGroup(long client, byte[] groupId, NativeCallback cb);

    static native int dismissGroup(long client, byte[] groupId, NativeCallback cb);

    static native int groupMemberList(long client, byte[] groupId, NativeCallback cb);

    static native int inviteUserToGroup(long client, byte[] groupId, byte[][] userIds, NativeCallback cb);

    // History

    static native int history(long client, boolean group, byte[] id, int count, long lastMsg,
            NativeCallback cb);

    // Conversations (hark_jni_conversation.c): the listener's id, or 0.

    static native long addConvListener(long client, NativeCallback listener);

    static native int removeConvListener(long client, long id);

    static native int conversationList(long client, long nextSeq, int count, NativeCallback cb);

    static native int conversation(long client, byte[] conversationId, NativeCallback cb);

    static native int conversationsByIds(long client, byte[][] conversationIds, NativeCallback cb);

    static native int deleteConversation(long client, byte[] conversationId, NativeCallback cb);

    static native int pinConversation(long client, byte[] conversationId, boolean pinned, NativeCallback cb);

    /** draft: null clears it. */
    static native int setConversationDraft(long client, byte[] conversationId, byte[] draft, NativeCallback cb);

    static native int totalUnreadCount(long client, NativeCallback cb);

    static native int markC2CRead(long client, byte[] userId, NativeCallback cb);

    static native int markGroupRead(long client, byte[] groupId, NativeCallback cb);

    static native int markAllRead(long client, NativeCallback cb);

    /** messages: handles that stay valid during the call. */
    static native int sendReadReceipts(long client, long[] messages, NativeCallback cb);

    static native int getReadReceipts(long client, long[] messages, NativeCallback cb);

    // Offline push

    static native int setOfflinePushConfig(long client, long businessId, byte[] token,
            NativeCallback cb);

    static native int clearOfflinePushConfig(long client, NativeCallback cb);
}
