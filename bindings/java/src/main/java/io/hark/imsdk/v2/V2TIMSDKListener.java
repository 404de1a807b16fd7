package io.hark.imsdk.v2;

/** Connection events; override what you need. Called on libhark's dispatcher thread. */
public abstract class V2TIMSDKListener {
    public void onConnecting() {}

    public void onConnectSuccess() {}

    /** The connection failed or was lost (9508); log in again. */
    public void onConnectFailed(int code, String error) {}

    /** A newer login of the same user on the same platform took over. */
    public void onKickedOffline() {}

    public void onUserSigExpired() {}
}
