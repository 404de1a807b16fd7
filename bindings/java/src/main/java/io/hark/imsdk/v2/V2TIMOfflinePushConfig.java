package io.hark.imsdk.v2;

/** A push certificate id from the console and the device token from the vendor's push service. */
public class V2TIMOfflinePushConfig {
    private final long businessID;
    private final String token;

    public V2TIMOfflinePushConfig(long businessID, String token) {
        this.businessID = businessID;
        this.token = token;
    }

    public long getBusinessID() {
        return businessID;
    }

    public String getToken() {
        return token;
    }
}
