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
}
