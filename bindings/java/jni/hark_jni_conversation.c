/* JNI glue of the conversation calls and listener, the marks as read and read receipts (C2C
 * and per message).
 *
 * A hark_conversation (and a receipt) is valid during its callback only, so the trampolines
 * copy each one into Java at once: its strings into one byte[][] and its numbers into one
 * long[], CONV_STRS and CONV_NUMS per conversation in the order V2TIMConversation.java reads
 * them (RECEIPT_* likewise for V2TIMMessageReceipt.java). A conversation's last message
 * crosses as a hark_message_clone handle that Java owns from then on. */
#include "hark_jni.h"

#include <stdbool.h>
#include <stdlib.h>

static jmethodID m_conversations, m_count, m_sync, m_receipts;

/* Kinds of NativeCallback.onConversations0 (NativeCallback.CONV_*). */
enum { CONV_RESULT = 0, CONV_NEW = 1, CONV_CHANGED = 2 };
/* Kinds of NativeCallback.onReceipts0 (NativeCallback.RECEIPTS_*): a request's answer, or
 * the listener's C2C or message read receipts. */
enum { RECEIPTS_RESULT = 0, RECEIPTS_C2C = 1, RECEIPTS_MESSAGE = 2 };
/* Events of NativeCallback.onSync0 (NativeCallback.SYNC_*). */
enum { SYNC_START = 0, SYNC_FINISH = 1, SYNC_FAILED = 2 };

/* One conversation: its strings, then its numbers (the last message's handle last). */
enum { CONV_ID, CONV_USER, CONV_GROUP, CONV_GROUP_TYPE, CONV_SHOW_NAME, CONV_DRAFT, CONV_STRS };
enum { CONV_TYPE, CONV_UNREAD, CONV_ORDER_KEY, CONV_PINNED, CONV_LAST, CONV_NUMS };
/* One receipt likewise. */
enum { RECEIPT_MSG_ID, RECEIPT_USER, RECEIPT_GROUP, RECEIPT_STRS };
enum { RECEIPT_PEER_READ, RECEIPT_TIMESTAMP, RECEIPT_READ_COUNT, RECEIPT_UNREAD_COUNT, RECEIPT_NUMS };

int conversation_glue_load(JNIEnv *env, jclass callback_class) {
    m_conversations = (*env)->GetMethodID(env, callback_class, "onConversations0", "(I[[B[JJZ)V");
    m_count = (*env)->GetMethodID(env, callback_class, "onCount0", "(J)V");
    m_sync = (*env)->GetMethodID(env, callback_class, "onSync0", "(I)V");
    m_receipts = (*env)->GetMethodID(env, callback_class, "onReceipts0", "(I[[B[J)V");
    return m_conversations && m_count && m_sync && m_receipts;
}

/* items: const hark_conversation *const *. The last message is added once Java has the arrays. */
static void conversation_record(const void *items, size_t i, const char **s, jlong *n) {
    const hark_conversation *c = ((const hark_conversation *const *)items)[i];
    s[CONV_ID] = hark_conversation_get_conversation_id(c);
    s[CONV_USER] = hark_conversation_get_user_id(c);
    s[CONV_GROUP] = hark_conversation_get_group_id(c);
    s[CONV_GROUP_TYPE] = hark_conversation_get_group_type(c);
    s[CONV_SHOW_NAME] = hark_conversation_get_show_name(c);
    s[CONV_DRAFT] = hark_conversation_get_draft_text(c);
    n[CONV_TYPE] = hark_conversation_get_type(c);
    n[CONV_UNREAD] = (jlong)hark_conversation_get_unread_count(c);
    n[CONV_ORDER_KEY] = (jlong)hark_conversation_get_order_key(c);
    n[CONV_PINNED] = hark_conversation_is_pinned(c) ? 1 : 0;
    n[CONV_LAST] = 0;
}

/* items: const hark_message_receipt *. */
static void receipt_record(const void *items, size_t i, const char **s, jlong *n) {
    const hark_message_receipt *r = (const hark_message_receipt *)items + i;
    s[RECEIPT_MSG_ID] = r->msg_id;
    s[RECEIPT_USER] = r->user_id;
    s[RECEIPT_GROUP] = r->group_id;
    n[RECEIPT_PEER_READ] = r->is_peer_read ? 1 : 0;
    n[RECEIPT_TIMESTAMP] = r->timestamp;
    n[RECEIPT_READ_COUNT] = (jlong)r->read_count;
    n[RECEIPT_UNREAD_COUNT] = (jlong)r->unread_count;
}

/* ---- Trampolines ---- */

static void conversations(void *ud, jint kind, const hark_conversation *const *convs,
                          size_t count, uint64_t next_seq, bool finished) {
    JNIEnv *env = enter(8);
    jobjectArray strs;
    jlongArray nums;
    size_t i;
    if (!env) return;
    if (records(env, convs, count, CONV_STRS, CONV_NUMS, conversation_record, &strs, &nums)) {
        for (i = 0; i < count; i++) {
            jlong last = JHANDLE(hark_message_clone(hark_conversation_get_last_message(convs[i])));
            (*env)->SetLongArrayRegion(env, nums, (jsize)(i * CONV_NUMS + CONV_LAST), 1, &last);
        }
        (*env)->CallVoidMethod(env, (jobject)ud, m_conversations, kind, strs, nums, (jlong)next_seq,
                               finished ? JNI_TRUE : JNI_FALSE);
    }
    leave(env);
}

static void on_conversation_list(const hark_conversation *const *convs, size_t count,
                                 uint64_t next_seq, bool is_finished, void *ud) {
    conversations(ud, CONV_RESULT, convs, count, next_seq, is_finished);
}

static void on_conversation(const hark_conversation *conv, void *ud) {
    conversations(ud, CONV_RESULT, &conv, 1, 0, true);
}

static void on_new_conversation(const hark_conversation *const *convs, size_t count, void *ud) {
    conversations(ud, CONV_NEW, convs, count, 0, true);
}

static void on_conversation_changed(const hark_conversation *const *convs, size_t count, void *ud) {
    conversations(ud, CONV_CHANGED, convs, count, 0, true);
}

/* A count: a hark_uint64_callback's value, or the listener's total unread. */
static void on_count(uint64_t value, void *ud) {
    JNIEnv *env = enter(4);
    if (!env) return;
    (*env)->CallVoidMethod(env, (jobject)ud, m_count, (jlong)value);
    leave(env);
}

static void sync_event(void *ud, jint event) {
    JNIEnv *env = enter(4);
    if (!env) return;
    (*env)->CallVoidMethod(env, (jobject)ud, m_sync, event);
    leave(env);
}

static void on_sync_start(void *ud) { sync_event(ud, SYNC_START); }
static void on_sync_finish(void *ud) { sync_event(ud, SYNC_FINISH); }
static void on_sync_failed(void *ud) { sync_event(ud, SYNC_FAILED); }

static void receipts(void *ud, jint kind, const hark_message_receipt *receipts, size_t count) {
    JNIEnv *env = enter(8);
    jobjectArray strs;
    jlongArray nums;
    if (!env) return;
    if (records(env, receipts, count, RECEIPT_STRS, RECEIPT_NUMS, receipt_record, &strs, &nums))
        (*env)->CallVoidMethod(env, (jobject)ud, m_receipts, kind, strs, nums);
    leave(env);
}

void on_c2c_read_receipts(const hark_message_receipt *r, size_t count, void *ud) {
    receipts(ud, RECEIPTS_C2C, r, count);
}

void on_message_read_receipts(const hark_message_receipt *r, size_t count, void *ud) {
    receipts(ud, RECEIPTS_MESSAGE, r, count);
}

static void on_receipt_list(const hark_message_receipt *r, size_t count, void *ud) {
    receipts(ud, RECEIPTS_RESULT, r, count);
}

/* ---- Listener ---- */

JNIEXPORT jlong FN(addConvListener)(CLS, jlong client, jobject listener) {
    hark_conversation_listener l = {
        .on_sync_server_start = on_sync_start,
        .on_sync_server_finish = on_sync_finish,
        .on_sync_server_failed = on_sync_failed,
        .on_new_conversation = on_new_conversation,
        .on_conversation_changed = on_conversation_changed,
        .on_total_unread_message_count_changed = on_count,
        .free_user_data = free_ref,
    };
    uint64_t id;
    (void)cls;
    if (!client) return 0;
    if (!(l.user_data = hold(env, listener))) return 0;
    id = hark_add_conversation_listener((hark_client *)HANDLE(client), l);
    if (id == 0) (*env)->DeleteGlobalRef(env, (jobject)l.user_data);
    return (jlong)id;
}

JNIEXPORT jint FN(removeConvListener)(CLS, jlong client, jlong id) {
    (void)env;
    (void)cls;
    return hark_remove_conversation_listener((hark_client *)HANDLE(client), (uint64_t)id);
}

/* ---- Calls ---- */

JNIEXPORT jint FN(conversationList)(CLS, jlong client, jlong next_seq, jint count, jobject cb) {
    hark_conversation_list_callback c = {on_conversation_list, on_error, NULL, free_ref};
    uint32_t n = count < 0 ? 0 : (uint32_t)count; /* 0 is libhark's 6017 */
    (void)cls;
    if (!client) return HARK_ERR_NOT_INITIALIZED;
    if (!(c.user_data = hold(env, cb))) return HARK_ERR_INTERNAL;
    return taken(env, hark_get_conversation_list((hark_client *)HANDLE(client), (uint64_t)next_seq,
                                                 n, c),
                 (jobject)c.user_data);
}

JNIEXPORT jint FN(conversation)(CLS, jlong client, jbyteArray id, jobject cb) {
    args a = {0};
    const char *s = arg_str(env, &a, id);
    hark_conversation_callback c = {on_conversation, on_error, NULL, free_ref};
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (c.user_data = hold(env, cb)))
        rc = taken(env, hark_get_conversation((hark_client *)HANDLE(client), s, c),
                   (jobject)c.user_data);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(conversationsByIds)(CLS, jlong client, jobjectArray ids, jobject cb) {
    args a = {0};
    size_t count;
    const char *const *v = arg_strv(env, &a, ids, &count);
    hark_conversation_list_callback c = {on_conversation_list, on_error, NULL, free_ref};
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (c.user_data = hold(env, cb)))
        rc = taken(env,
                   hark_get_conversation_list_by_ids((hark_client *)HANDLE(client), v, count, c),
                   (jobject)c.user_data);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(deleteConversation)(CLS, jlong client, jbyteArray id, jobject cb) {
    (void)cls;
    return str_call(env, client, id, cb, hark_delete_conversation);
}

JNIEXPORT jint FN(pinConversation)(CLS, jlong client, jbyteArray id, jboolean pinned, jobject cb) {
    args a = {0};
    const char *s = arg_str(env, &a, id);
    jobject ref;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (ref = hold(env, cb)))
        rc = taken(env, hark_pin_conversation((hark_client *)HANDLE(client), s, pinned == JNI_TRUE,
                                              plain_cb(ref)),
                   ref);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(setConversationDraft)(CLS, jlong client, jbyteArray id, jbyteArray draft,
                                        jobject cb) {
    args a = {0};
    const char *s = arg_str(env, &a, id), *d = arg_str(env, &a, draft);
    jobject ref;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (ref = hold(env, cb)))
        rc = taken(env, hark_set_conversation_draft((hark_client *)HANDLE(client), s, d,
                                                    plain_cb(ref)),
                   ref);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(totalUnreadCount)(CLS, jlong client, jobject cb) {
    hark_uint64_callback c = {on_count, on_error, NULL, free_ref};
    (void)cls;
    if (!client) return HARK_ERR_NOT_INITIALIZED;
    if (!(c.user_data = hold(env, cb))) return HARK_ERR_INTERNAL;
    return taken(env, hark_get_total_unread_message_count((hark_client *)HANDLE(client), c),
                 (jobject)c.user_data);
}

/* ---- Marks as read ---- */

JNIEXPORT jint FN(markC2CRead)(CLS, jlong client, jbyteArray user, jobject cb) {
    (void)cls;
    return str_call(env, client, user, cb, hark_mark_c2c_message_as_read);
}

JNIEXPORT jint FN(markGroupRead)(CLS, jlong client, jbyteArray group, jobject cb) {
    (void)cls;
    return str_call(env, client, group, cb, hark_mark_group_message_as_read);
}

JNIEXPORT jint FN(markAllRead)(CLS, jlong client, jobject cb) {
    jobject ref;
    (void)cls;
    if (!client) return HARK_ERR_NOT_INITIALIZED;
    if (!(ref = hold(env, cb))) return HARK_ERR_INTERNAL;
    return taken(env, hark_mark_all_message_as_read((hark_client *)HANDLE(client), plain_cb(ref)),
                 ref);
}

/* ---- Message read receipts ---- */

/* The messages of a long[] of handles, in *count; NULL (with *count 0) for a NULL array, and
 * with a.failed when out of memory. */
static const hark_message *const *arg_messages(JNIEnv *env, args *a, jlongArray handles,
                                               size_t *count) {
    const hark_message **v;
    jlong *h;
    size_t i;
    *count = 0;
    if (!handles || a->failed) return NULL;
    *count = (size_t)(*env)->GetArrayLength(env, handles);
    h = (jlong *)args_keep(env, a, malloc((*count + 1) * sizeof *h));
    v = h ? (const hark_message **)args_keep(env, a, malloc((*count + 1) * sizeof *v)) : NULL;
    if (!v) return NULL;
    (*env)->GetLongArrayRegion(env, handles, 0, (jsize)*count, h);
    for (i = 0; i < *count; i++) v[i] = (const hark_message *)HANDLE(h[i]);
    return v;
}

JNIEXPORT jint FN(sendReadReceipts)(CLS, jlong client, jlongArray messages, jobject cb) {
    args a = {0};
    size_t count;
    const hark_message *const *m = arg_messages(env, &a, messages, &count);
    jobject ref;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (ref = hold(env, cb)))
        rc = taken(env, hark_send_message_read_receipts((hark_client *)HANDLE(client), m, count,
                                                        plain_cb(ref)),
                   ref);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(getReadReceipts)(CLS, jlong client, jlongArray messages, jobject cb) {
    args a = {0};
    size_t count;
    const hark_message *const *m = arg_messages(env, &a, messages, &count);
    hark_message_receipt_callback c = {on_receipt_list, on_error, NULL, free_ref};
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (c.user_data = hold(env, cb)))
        rc = taken(env, hark_get_message_read_receipts((hark_client *)HANDLE(client), m, count, c),
                   (jobject)c.user_data);
    args_free(&a);
    return rc;
}
