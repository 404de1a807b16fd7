package io.hark.imsdk.v2;

/**
 * What hark_jni.c calls back on libhark's dispatcher thread. The glue holds a global ref to
 * one of these as the user_data of a request or listener and deletes it in free_user_data.
 * Handles passed in are copies (hark_message_clone) that the receiving method must own or
 * free. Subclasses override what their request can produce.
 */
abstract class NativeCallback {
    static final int CONN_CONNECTING = 0;
    static final int CONN_SUCCESS = 1;
    static final int CONN_FAILED = 2;
    static final int CONN_KICKED = 3;
    static final int CONN_SIG_EXPIRED = 4;

    /** Kinds of onConversations0: a request's answer, or the listener's new or changed ones. */
    static final int CONV_RESULT = 0;
    static final int CONV_NEW = 1;
    static final int CONV_CHANGED = 2;

    /** Kinds of onReceipts0: a request's answer, or the listener's C2C or message read receipts. */
    static final int RECEIPTS_RESULT = 0;
    static final int RECEIPTS_C2C = 1;
    static final int RECEIPTS_MESSAGE = 2;

    static final int SYNC_START = 0;
    static final int SYNC_FINISH = 1;
    static final int SYNC_FAILED = 2;

    void onSuccess0() {}

    abstract void onError0(int code, String desc);

    /** Called by the glue; decodes, then hands over to onError0. */
    final void onErrorBytes0(int code, byte[] desc) {
        onError0(code, Utf8.str(desc));
    }

    void onMessage0(long handle) {
        HarkNative.messageFree(handle);
    }

    void onMessages0(long[] handles) {
        for (long h : handles) {
            HarkNative.messageFree(h);
        }
    }

    void onProgress0(long current, long total) {}

    void onValue0(byte[] value) {}

    void onMembers0(byte[][] ids, int[] roles, long[] joinTimes) {}

    void onConn0(int event, int code, byte[] desc) {}

    /**
     * Conversations, {@link V2TIMConversation#STRINGS} strings and
     * {@link V2TIMConversation#NUMBERS} numbers each; the numbers hold last-message handles.
     */
    void onConversations0(int kind, byte[][] strings, long[] numbers, long nextSeq, boolean finished) {
        V2TIMConversation.freeMessages(numbers);
    }

    /** A count: a request's value, or the listener's total unread. */
    void onCount0(long value) {}

    void onSync0(int event) {}

    /** Read receipts, {@link V2TIMMessageReceipt#STRINGS} strings and NUMBERS numbers each. */
    void onReceipts0(int kind, byte[][] strings, long[] numbers) {}

    /** An invitation's results: one user id and one V2TIMGroupMemberOperationResult.OPERATION_RESULT_* each. */
    void onMemberResults0(byte[][] userIds, long[] results) {}

    /** Ends a request that has no value. */
    static final class Plain extends NativeCallback {
        private final V2TIMCallback cb;

        Plain(V2TIMCallback cb) {
            this.cb = cb;
        }

        @Override
        void onSuccess0() {
            if (cb != null) cb.onSuccess();
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }

    /** Ends a send; forwards upload progress when the callback is a V2TIMSendCallback. */
    static final class Send extends NativeCallback {
        private final V2TIMValueCallback<V2TIMMessage> cb;
        private final V2TIMManager owner;

        Send(V2TIMValueCallback<V2TIMMessage> cb, V2TIMManager owner) {
            this.cb = cb;
            this.owner = owner;
        }

        @Override
        void onMessage0(long handle) {
            V2TIMMessage m = new V2TIMMessage(handle, owner);
            if (cb != null) cb.onSuccess(m);
        }

        @Override
        void onProgress0(long current, long total) {
            if (cb instanceof V2TIMSendCallback) ((V2TIMSendCallback<V2TIMMessage>) cb).onProgress((int) current);
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }

    /** Ends a request whose value is a string (a group id). */
    static final class Text extends NativeCallback {
        private final V2TIMValueCallback<String> cb;

        Text(V2TIMValueCallback<String> cb) {
            this.cb = cb;
        }

        @Override
        void onValue0(byte[] value) {
            if (cb != null) cb.onSuccess(Utf8.str(value));
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }

    /** Ends a history request. */
    static final class History extends NativeCallback {
        private final V2TIMValueCallback<java.util.List<V2TIMMessage>> cb;
        private final V2TIMManager owner;

        History(V2TIMValueCallback<java.util.List<V2TIMMessage>> cb, V2TIMManager owner) {
            this.cb = cb;
            this.owner = owner;
        }

        @Override
        void onMessages0(long[] handles) {
            java.util.List<V2TIMMessage> list = new java.util.ArrayList<>(handles.length);
            for (long h : handles) {
                list.add(new V2TIMMessage(h, owner));
            }
            if (cb != null) cb.onSuccess(list);
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }

    /** Ends a member list request, keeping the roles the filter asks for. */
    static final class Members extends NativeCallback {
        private final V2TIMValueCallback<V2TIMGroupMemberInfoResult> cb;
        private final int filter;

        Members(V2TIMValueCallback<V2TIMGroupMemberInfoResult> cb, int filter) {
            this.cb = cb;
            this.filter = filter;
        }

        @Override
        void onMembers0(byte[][] ids, int[] roles, long[] joinTimes) {
            java.util.List<V2TIMGroupMemberFullInfo> list = new java.util.ArrayList<>(ids.length);
            for (int i = 0; i < ids.length; i++) {
                if (V2TIMGroupMemberFullInfo.matches(filter, roles[i])) {
                    list.add(new V2TIMGroupMemberFullInfo(Utf8.str(ids[i]), roles[i], joinTimes[i]));
                }
            }
            if (cb != null) cb.onSuccess(new V2TIMGroupMemberInfoResult(list));
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }

    /** Ends a request for conversations; {@code result} makes the callback's value of them. */
    static final class Conversations<T> extends NativeCallback {
        interface Result<T> {
            T of(java.util.List<V2TIMConversation> list, long nextSeq, boolean finished);
        }

        private final V2TIMValueCallback<T> cb;
        private final V2TIMManager owner;
        private final Result<T> result;

        Conversations(V2TIMValueCallback<T> cb, V2TIMManager owner, Result<T> result) {
            this.cb = cb;
            this.owner = owner;
            this.result = result;
        }

        @Override
        void onConversations0(int kind, byte[][] strings, long[] numbers, long nextSeq, boolean finished) {
            java.util.List<V2TIMConversation> list = V2TIMConversation.list(strings, numbers, owner);
            if (cb != null) cb.onSuccess(result.of(list, nextSeq, finished));
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }

    /** Ends a request whose value is a count. */
    static final class Count extends NativeCallback {
        private final V2TIMValueCallback<Long> cb;

        Count(V2TIMValueCallback<Long> cb) {
            this.cb = cb;
        }

        @Override
        void onCount0(long value) {
            if (cb != null) cb.onSuccess(value);
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }

    /** Ends a request for read receipts. */
    static final class Receipts extends NativeCallback {
        private final V2TIMValueCallback<java.util.List<V2TIMMessageReceipt>> cb;

        Receipts(V2TIMValueCallback<java.util.List<V2TIMMessageReceipt>> cb) {
            this.cb = cb;
        }

        @Override
        void onReceipts0(int kind, byte[][] strings, long[] numbers) {
            if (cb != null) cb.onSuccess(V2TIMMessageReceipt.list(strings, numbers));
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }

    /** Ends an invitation. */
    static final class MemberResults extends NativeCallback {
        private final V2TIMValueCallback<java.util.List<V2TIMGroupMemberOperationResult>> cb;

        MemberResults(V2TIMValueCallback<java.util.List<V2TIMGroupMemberOperationResult>> cb) {
            this.cb = cb;
        }

        @Override
        void onMemberResults0(byte[][] userIds, long[] results) {
            java.util.List<V2TIMGroupMemberOperationResult> list = new java.util.ArrayList<>(results.length);
            for (int i = 0; i < results.length; i++) {
                list.add(new V2TIMGroupMemberOperationResult(Utf8.str(userIds[i]), (int) results[i]));
            }
            if (cb != null) cb.onSuccess(list);
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }

    /** Ends a download. */
    static final class Download extends NativeCallback {
        private final V2TIMDownloadCallback cb;

        Download(V2TIMDownloadCallback cb) {
            this.cb = cb;
        }

        @Override
        void onProgress0(long current, long total) {
            if (cb != null) cb.onProgress(new V2TIMElem.V2ProgressInfo(current, total));
        }

        @Override
        void onSuccess0() {
            if (cb != null) cb.onSuccess();
        }

        @Override
        void onError0(int code, String desc) {
            if (cb != null) cb.onError(code, desc);
        }
    }
}
