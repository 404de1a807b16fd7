package io.hark.imsdk.v2;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * V2TIM's entry point: SDK set-up, login, the simple sends and the basic group calls.
 * {@link #getInstance()} is the process's manager, as in V2TIM; {@link #createInstance()}
 * (Hark) makes another, independent one (another user in the same process).
 * Every callback arrives on libhark's dispatcher thread, never on the caller's, except the
 * onError of a request refused at once (6013 before initSDK, a bad argument, not logged in,
 * ...), which runs on the calling thread before the call returns.
 */
public final class V2TIMManager {
    public static final int V2TIM_STATUS_LOGINED = 1;
    public static final int V2TIM_STATUS_LOGINING = 2;
    public static final int V2TIM_STATUS_LOGOUT = 3;

    public static final String GROUP_TYPE_WORK = "Work";
    public static final String GROUP_TYPE_PUBLIC = "Public";
    public static final String GROUP_TYPE_MEETING = "Meeting";
    public static final String GROUP_TYPE_AVCHATROOM = "AVChatRoom";
    public static final String GROUP_TYPE_COMMUNITY = "Community";

    private static final V2TIMManager INSTANCE = new V2TIMManager();

    final Client client = new Client();
    private final CopyOnWriteArrayList<V2TIMSDKListener> sdkListeners = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<V2TIMAdvancedMsgListener> msgListeners = new CopyOnWriteArrayList<>();
    private final V2TIMMessageManager messageManager = new V2TIMMessageManager(this);
    private final V2TIMGroupManager groupManager = new V2TIMGroupManager(this);
    private final V2TIMOfflinePushManager offlinePushManager = new V2TIMOfflinePushManager(this);
    private final V2TIMConversationManager conversationManager = new V2TIMConversationManager(this);

    private V2TIMManager() {}

    public static V2TIMManager getInstance() {
        return INSTANCE;
    }

    /** Hark: a further manager with its own connection, for a second user in one process. */
    public static V2TIMManager createInstance() {
        return new V2TIMManager();
    }

    public static V2TIMMessageManager getMessageManager() {
        return INSTANCE.messageManager;
    }

    public static V2TIMGroupManager getGroupManager() {
        return INSTANCE.groupManager;
    }

    public static V2TIMOfflinePushManager getOfflinePushManager() {
        return INSTANCE.offlinePushManager;
    }

    public static V2TIMConversationManager getConversationManager() {
        return INSTANCE.conversationManager;
    }

    /** Hark: this manager's message manager (getMessageManager() is the default instance's). */
    public V2TIMMessageManager messageManager() {
        return messageManager;
    }

    /** Hark: this manager's group manager. */
    public V2TIMGroupManager groupManager() {
        return groupManager;
    }

    /** Hark: this manager's offline push manager. */
    public V2TIMOfflinePushManager offlinePushManager() {
        return offlinePushManager;
    }

    /** Hark: this manager's conversation manager. */
    public V2TIMConversationManager conversationManager() {
        return conversationManager;
    }

    /**
     * Starts the SDK for {@code config.getServerURL()}. {@code context} (an Android Context)
     * is accepted for V2TIM's signature and not used. False when the URL is missing or bad, the CA PEM holds no certificate, or
     * when libhark's version does not match the one this binding was built for. True when
     * already initialized.
     */
    public boolean initSDK(Object context, int sdkAppID, V2TIMSDKConfig config) {
        if (HarkNative.checkVersion() != 0 || config == null || config.getServerURL() == null) {
            return false;
        }
        long[] out = new long[1];
        if (client.call(c -> 0) == 0) return true;
        byte[] caPem = Utf8.bytesOrNull(config.getCaPem());
        int rc = HarkNative.clientNew(sdkAppID, Utf8.bytes(config.getServerURL()), config.getPlatform(), 0,
                caPem, out);
        if (rc != 0) return false;
        HarkNative.setConnListener(out[0], new Listeners.Conn(sdkListeners));
        HarkNative.addMsgListener(out[0], new Listeners.Msg(msgListeners, this));
        if (!client.install(out[0])) {
            HarkNative.clientFree(out[0]);
        }
        conversationManager.attach();
        return true;
    }

    /** V2TIM's older form: initSDK, then addIMSDKListener(listener). */
    public boolean initSDK(Object context, int sdkAppID, V2TIMSDKConfig config, V2TIMSDKListener listener) {
        addIMSDKListener(listener);
        return initSDK(context, sdkAppID, config);
    }

    /**
     * Stops the SDK: requests in flight end with 9508, then this returns. Called from a
     * callback it returns at once and the remaining callbacks run after that one.
     */
    public void unInitSDK() {
        long h = client.remove();
        conversationManager.detach();
        if (h != 0) HarkNative.clientFree(h);
    }

    public void addIMSDKListener(V2TIMSDKListener listener) {
        if (listener != null) sdkListeners.addIfAbsent(listener);
    }

    public void removeIMSDKListener(V2TIMSDKListener listener) {
        sdkListeners.remove(listener);
    }

    public void login(String userID, String userSig, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        client.request(cb, c -> HarkNative.login(c, Utf8.bytes(userID), Utf8.bytes(userSig), cb));
    }

    public void logout(V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        client.request(cb, c -> HarkNative.logout(c, cb));
    }

    /** The logged-in user, or null when logged out. */
    public String getLoginUser() {
        byte[][] user = new byte[1][];
        client.call(c -> {
            user[0] = HarkNative.loginUser(c);
            return 0;
        });
        return user[0] == null || user[0].length == 0 ? null : Utf8.str(user[0]);
    }

    /** V2TIM_STATUS_LOGINED, _LOGINING or _LOGOUT. */
    public int getLoginStatus() {
        int rc = client.call(HarkNative::loginStatus);
        return rc == BaseConstants.ERR_SDK_NOT_INITIALIZED ? V2TIM_STATUS_LOGOUT : rc;
    }

    /** Sends a text message; returns its msgID, or null when the call was refused. */
    public String sendC2CTextMessage(String text, String userID, V2TIMValueCallback<V2TIMMessage> callback) {
        byte[] id = new byte[V2TIMMessage.MSG_ID_SIZE];
        NativeCallback cb = new NativeCallback.Send(callback, this);
        int rc = client.request(cb, c -> HarkNative.sendC2CText(c, Utf8.bytes(text), Utf8.bytes(userID), cb, id));
        return rc == 0 ? Utf8.cstr(id) : null;
    }

    public String sendC2CCustomMessage(byte[] customData, String userID, V2TIMValueCallback<V2TIMMessage> callback) {
        byte[] id = new byte[V2TIMMessage.MSG_ID_SIZE];
        NativeCallback cb = new NativeCallback.Send(callback, this);
        int rc = client.request(cb, c -> HarkNative.sendC2CCustom(c, customData, Utf8.bytes(userID), cb, id));
        return rc == 0 ? Utf8.cstr(id) : null;
    }

    public String sendGroupTextMessage(String text, String groupID, int priority,
            V2TIMValueCallback<V2TIMMessage> callback) {
        byte[] id = new byte[V2TIMMessage.MSG_ID_SIZE];
        NativeCallback cb = new NativeCallback.Send(callback, this);
        int rc = client.request(cb,
                c -> HarkNative.sendGroupText(c, Utf8.bytes(text), Utf8.bytes(groupID), priority, cb, id));
        return rc == 0 ? Utf8.cstr(id) : null;
    }

    public String sendGroupCustomMessage(byte[] customData, String groupID, int priority,
            V2TIMValueCallback<V2TIMMessage> callback) {
        byte[] id = new byte[V2TIMMessage.MSG_ID_SIZE];
        NativeCallback cb = new NativeCallback.Send(callback, this);
        int rc = client.request(cb,
                c -> HarkNative.sendGroupCustom(c, customData, Utf8.bytes(groupID), priority, cb, id));
        return rc == 0 ? Utf8.cstr(id) : null;
    }

    /** Creates a group of {@code groupType} (GROUP_TYPE_*); groupID null or "": harkd picks one. */
    public void createGroup(String groupType, String groupID, String groupName, V2TIMValueCallback<String> callback) {
        groupManager.createGroup(groupType, groupID, groupName, null, callback);
    }

    public void joinGroup(String groupID, String message, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        client.request(cb, c -> HarkNative.joinGroup(c, Utf8.bytes(groupID), Utf8.bytesOrNull(message), cb));
    }

    public void quitGroup(String groupID, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        client.request(cb, c -> HarkNative.quitGroup(c, Utf8.bytes(groupID), cb));
    }

    public void dismissGroup(String groupID, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        client.request(cb, c -> HarkNative.dismissGroup(c, Utf8.bytes(groupID), cb));
    }
}
