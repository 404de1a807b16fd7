package io.hark.imsdk.v2;

import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one connection listener, message listener and conversation listener a manager
 * registers with libhark; they fan each event out to the app's listeners. An exception one
 * listener throws is printed and the others still get the event.
 */
final class Listeners {
    private Listeners() {}

    /** Hands each event to every one of the app's {@code listeners}. */
    private abstract static class Fanout<L> extends NativeCallback {
        private final List<L> listeners;
        final V2TIMManager owner;

        Fanout(List<L> listeners, V2TIMManager owner) {
            this.listeners = listeners;
            this.owner = owner;
        }

        final void each(Consumer<L> event) {
            for (L l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            }
        }

        @Override
        final void onError0(int code, String desc) {}
    }

    static final class Conn extends Fanout<V2TIMSDKListener> {
        Conn(List<V2TIMSDKListener> listeners) {
            super(listeners, null);
        }

        @Override
        void onConn0(int event, int code, byte[] desc) {
            String d = Utf8.str(desc);
            each(l -> {
                switch (event) {
                    case CONN_CONNECTING: l.onConnecting(); break;
                    case CONN_SUCCESS: l.onConnectSuccess(); break;
                    case CONN_FAILED: l.onConnectFailed(code, d); break;
                    case CONN_KICKED: l.onKickedOffline(); break;
                    default: l.onUserSigExpired(); break;
                }
            });
        }
    }

    static final class Msg extends Fanout<V2TIMAdvancedMsgListener> {
        Msg(List<V2TIMAdvancedMsgListener> listeners, V2TIMManager owner) {
            super(listeners, owner);
        }

        @Override
        void onMessage0(long handle) {
            if (handle == 0) return;
            V2TIMMessage m = new V2TIMMessage(handle, owner);
            each(l -> l.onRecvNewMessage(m));
        }

        @Override
        void onReceipts0(int kind, byte[][] strings, long[] numbers) {
            List<V2TIMMessageReceipt> list = Collections.unmodifiableList(V2TIMMessageReceipt.list(strings, numbers));
            if (kind == RECEIPTS_C2C) {
                each(l -> l.onRecvC2CReadReceipt(list));
            } else {
                each(l -> l.onRecvMessageReadReceipts(list));
            }
        }
    }

    static final class Conv extends Fanout<V2TIMConversationListener> {
        Conv(List<V2TIMConversationListener> listeners, V2TIMManager owner) {
            super(listeners, owner);
        }

        @Override
        void onSync0(int event) {
            each(l -> {
                switch (event) {
                    case SYNC_START: l.onSyncServerStart(); break;
                    case SYNC_FINISH: l.onSyncServerFinish(); break;
                    default: l.onSyncServerFailed(); break;
                }
            });
        }

        @Override
        void onConversations0(int kind, byte[][] strings, long[] numbers, long nextSeq, boolean finished) {
            List<V2TIMConversation> list = Collections.unmodifiableList(V2TIMConversation.list(strings, numbers, owner));
            each(l -> {
                if (kind == CONV_NEW) {
                    l.onNewConversation(list);
                } else {
                    l.onConversationChanged(list);
                }
            });
        }

        @Override
        void onCount0(long total) {
            each(l -> l.onTotalUnreadMessageCountChanged(total));
        }
    }
}
