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
}
