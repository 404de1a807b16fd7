package io.hark.test;

import io.hark.imsdk.v2.V2TIMSDKListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The SDK listener events a user saw, by name. */
final class Events extends V2TIMSDKListener {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onConnecting() {
        seen.add("connecting");
    }

    @Override
    public void onConnectSuccess() {
        seen.add("connected");
    }

    @Override
    public void onConnectFailed(int code, String error) {
        seen.add("failed " + code);
    }

    @Override
    public void onKickedOffline() {
        seen.add("kicked");
    }
}
