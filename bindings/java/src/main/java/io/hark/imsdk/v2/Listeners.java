package io.hark.imsdk.v2;

import java.util.List;

/**
 * The one connection listener and one message listener a manager registers with libhark;
 * they fan each event out to the app's listeners. An exception one listener throws is
 * printed and the others still get the event.
 */
final class Listeners {
    private Listeners() {}

    static final class Conn extends NativeCallback {
        private final List<V2TIMSDKListener> listeners;

        Conn(List<V2TIMSDKListener> listeners) {
            this.listeners = listeners;
        }

        @Override
        void onConn0(int event, int code, byte[] desc) {
            String d = Utf8.str(desc);
            for (V2TIMSDKListener l : listeners) {
                try {
                    switch (event) {
                        case CONN_CONNECTING: l.onConnecting(); break;
                        case CONN_SUCCESS: l.onConnectSuccess(); break;
                        case CONN_FAILED: l.onConnectFailed(code, d); break;
                        case CONN_KICKED: l.onKickedOffline(); break;
                        default: l.onUserSigExpired(); break;
                    }
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            }
        }

        @Override
        void onError0(int code, String desc) {}
    }

    static final class Msg extends NativeCallback {
        private final List<V2TIMAdvancedMsgListener> listeners;
        private final V2TIMManager owner;

        Msg(List<V2TIMAdvancedMsgListener> listeners, V2TIMManager owner) {
            this.listeners = listeners;
            this.owner = owner;
        }

        @Override
        void onMessage0(long handle) {
            if (handle == 0) return;
            V2TIMMessage m = new V2TIMMessage(handle, owner);
            for (V2TIMAdvancedMsgListener l : listeners) {
                try {
                    l.onRecvNewMessage(m);
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            }
        }

        @Override
        void onError0(int code, String desc) {}
    }
}
