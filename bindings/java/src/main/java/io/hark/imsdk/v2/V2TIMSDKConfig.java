package io.hark.imsdk.v2;

/** initSDK's settings. */
public class V2TIMSDKConfig {
    private String serverURL;

    /** Hark: harkd's base URL, e.g. "ws://im.example.com:7000". Required. */
    public void setServerURL(String serverURL) {
        this.serverURL = serverURL;
    }

    public String getServerURL() {
        return serverURL;
    }

    private String caPem;

    /**
     * Hark: for a "wss://" server, PEM CA certificates to trust besides the public roots (a
     * private CA, a self-signed server). Null or empty (the default) trusts the public roots only.
     */
    public void setCaPem(String caPem) {
        this.caPem = caPem;
    }

    public String getCaPem() {
        return caPem;
    }

    private int platform;

    /**
     * Hark: sent at login; a newer login of the same user on the same platform kicks the older
     * session offline, so each device of a user needs its own. 0 (the default) is one platform
     * like any other.
     */
    public void setPlatform(int platform) {
        this.platform = platform;
    }

    public int getPlatform() {
        return platform;
    }
}
