package io.hark.imsdk.v2;

/** Registers this device's push token so harkd can notify the user while offline. */
public final class V2TIMOfflinePushManager {
    private final V2TIMManager owner;

    V2TIMOfflinePushManager(V2TIMManager owner) {
        this.owner = owner;
    }

    /** Needs a login; the client registers again by itself after later logins of the same user. */
    public void setOfflinePushConfig(V2TIMOfflinePushConfig config, V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        long business = config == null ? 0 : config.getBusinessID();
        byte[] token = config == null ? null : Utf8.bytes(config.getToken());
        owner.client.request(cb, c -> HarkNative.setOfflinePushConfig(c, business, token, cb));
    }

    /** Hark: stops offline push to this user and forgets the registration. */
    public void clearOfflinePushConfig(V2TIMCallback callback) {
        NativeCallback cb = new NativeCallback.Plain(callback);
        owner.client.request(cb, c -> HarkNative.clearOfflinePushConfig(c, cb));
    }
}
