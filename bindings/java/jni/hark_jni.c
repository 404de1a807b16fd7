/* JNI glue of the Java binding (io.hark.imsdk.v2.HarkNative) over hark.h only.
 *
 * Strings cross as UTF-8 byte arrays: Java encodes and decodes them (String.getBytes(UTF_8)),
 * since JNI's "modified UTF-8" differs for NUL and for characters outside the BMP.
 * A callback's user_data is a global ref to an io.hark.imsdk.v2.NativeCallback, deleted in
 * free_user_data, or at once when libhark refuses the request (see taken()). libhark calls back on its dispatcher thread, which is attached to the VM
 * once, as a daemon, and detached when it exits. The helpers declared in hark_jni.h serve
 * the glue's other files too. */
#include "hark_jni.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static JavaVM *g_vm;
static pthread_key_t g_attached;
static jclass g_callback_class;
static jclass g_bytes_class;
static jmethodID m_success, m_error, m_message, m_messages, m_progress, m_value, m_members,
    m_conn, m_member_results;

/* ---- Threads and exceptions ---- */

static void detach_at_exit(void *unused) {
    (void)unused;
    (*g_vm)->DetachCurrentThread(g_vm);
}

/* The env of the calling thread, attaching a libhark thread the first time it calls back. */
static JNIEnv *callback_env(void) {
    JNIEnv *env = NULL;
    JavaVMAttachArgs args = {JNI_VERSION_1_6, "hark-dispatcher", NULL};
    if ((*g_vm)->GetEnv(g_vm, (void **)&env, JNI_VERSION_1_6) == JNI_OK) return env;
    if ((*g_vm)->AttachCurrentThreadAsDaemon(g_vm, (void **)&env, &args) != JNI_OK) return NULL;
    /* Any non-NULL value makes the key's destructor run when the thread exits. */
    pthread_setspecific(g_attached, env);
    return env;
}

/* Starts a callback: an env with a local frame, since an attached native thread never
 * returns to Java to drop its local refs. NULL when Java cannot be reached. */
JNIEnv *enter(int refs) {
    JNIEnv *env = callback_env();
    if (!env) return NULL;
    if ((*env)->PushLocalFrame(env, refs) != 0) {
        (*env)->ExceptionClear(env);
        return NULL;
    }
    return env;
}

/* Ends a callback: an exception the app's code threw is printed and cleared, never left
 * pending for libhark's thread. */
void leave(JNIEnv *env) {
    if ((*env)->ExceptionCheck(env)) {
        (*env)->ExceptionDescribe(env);
        (*env)->ExceptionClear(env);
    }
    (*env)->PopLocalFrame(env, NULL);
}

/* ---- Conversions ---- */

static jbyteArray to_bytes(JNIEnv *env, const void *data, size_t len) {
    jbyteArray a = (*env)->NewByteArray(env, (jsize)len);
    if (!a) return NULL;
    if (len) (*env)->SetByteArrayRegion(env, a, 0, (jsize)len, (const jbyte *)data);
    return (*env)->ExceptionCheck(env) ? NULL : a;
}

/* A C string as UTF-8 bytes; NULL stays NULL. */
jbyteArray str_bytes(JNIEnv *env, const char *s) {
    return s ? to_bytes(env, s, strlen(s)) : NULL;
}

void *args_keep(JNIEnv *env, args *a, void *p) {
    void **grown;
    if (!p) goto oom;
    if (a->count == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 8;
        grown = (void **)realloc(a->ptrs, cap * sizeof *grown);
        if (!grown) {
            free(p);
            goto oom;
        }
        a->ptrs = grown;
        a->cap = cap;
    }
    a->ptrs[a->count++] = p;
    return p;
oom:
    if (!a->failed && !(*env)->ExceptionCheck(env)) {
        jclass oom = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
        if (oom) (*env)->ThrowNew(env, oom, "hark_jni");
    }
    a->failed = 1;
    return NULL;
}

void args_free(args *a) {
    size_t i;
    for (i = 0; i < a->count; i++) free(a->ptrs[i]);
    free(a->ptrs);
}

/* A NUL-terminated copy of a byte array; NULL for NULL. */
const char *arg_str(JNIEnv *env, args *a, jbyteArray b) {
    jsize len;
    char *s;
    if (!b || a->failed) return NULL;
    len = (*env)->GetArrayLength(env, b);
    s = (char *)args_keep(env, a, malloc((size_t)len + 1));
    if (!s) return NULL;
    (*env)->GetByteArrayRegion(env, b, 0, len, (jbyte *)s);
    s[len] = '\0';
    if ((*env)->ExceptionCheck(env)) a->failed = 1;
    return a->failed ? NULL : s;
}

/* A copy of a byte array and its length; NULL and 0 for NULL. */
static const uint8_t *arg_data(JNIEnv *env, args *a, jbyteArray b, size_t *len) {
    uint8_t *d;
    *len = 0;
    if (!b || a->failed) return NULL;
    *len = (size_t)(*env)->GetArrayLength(env, b);
    d = (uint8_t *)args_keep(env, a, malloc(*len + 1));
    if (!d) return NULL;
    (*env)->GetByteArrayRegion(env, b, 0, (jsize)*len, (jbyte *)d);
    if ((*env)->ExceptionCheck(env)) a->failed = 1;
    return a->failed ? NULL : d;
}

/* An array of C strings from a byte[][] (no NULL elements); its length in *count. */
const char *const *arg_strv(JNIEnv *env, args *a, jobjectArray arr, size_t *count) {
    const char **v;
    size_t i;
    *count = 0;
    if (!arr || a->failed) return NULL;
    *count = (size_t)(*env)->GetArrayLength(env, arr);
    v = (const char **)args_keep(env, a, calloc(*count + 1, sizeof *v));
    for (i = 0; v && i < *count; i++) {
        jbyteArray b = (jbyteArray)(*env)->GetObjectArrayElement(env, arr, (jsize)i);
        if (!b) {
            a->failed = (*env)->ExceptionCheck(env);
            return NULL;
        }
        v[i] = arg_str(env, a, b);
        (*env)->DeleteLocalRef(env, b);
        if (!v[i]) return NULL;
    }
    return v;
}

/* Builds a byte[][]; NULL (with an exception pending) when Java is out of memory. */
jobjectArray strs_to_java(JNIEnv *env, const char *const *strs, size_t n) {
    size_t i;
    jobjectArray arr = (*env)->NewObjectArray(env, (jsize)n, g_bytes_class, NULL);
    for (i = 0; arr && i < n; i++) {
        jbyteArray b = str_bytes(env, strs[i] ? strs[i] : "");
        if (!b) return NULL;
        (*env)->SetObjectArrayElement(env, arr, (jsize)i, b);
        (*env)->DeleteLocalRef(env, b);
        if ((*env)->ExceptionCheck(env)) return NULL;
    }
    return arr;
}

int records(JNIEnv *env, const void *items, size_t count, size_t ns, size_t nn, record_fill fill,
            jobjectArray *strs, jlongArray *nums) {
    const char **s = (const char **)calloc(count * ns + 1, sizeof *s);
    jlong *n = (jlong *)calloc(count * nn + 1, sizeof *n);
    size_t i;
    int ok = 0;
    if (s && n) {
        for (i = 0; i < count; i++) fill(items, i, s + i * ns, n + i * nn);
        *strs = strs_to_java(env, s, count * ns);
        *nums = *strs ? (*env)->NewLongArray(env, (jsize)(count * nn)) : NULL;
        if (*nums) {
            (*env)->SetLongArrayRegion(env, *nums, 0, (jsize)(count * nn), n);
            ok = !(*env)->ExceptionCheck(env);
        }
    }
    free(s);
    free(n);
    return ok;
}

/* ---- Callback trampolines: user_data is a global ref to a NativeCallback ---- */

void on_success(void *ud) {
    JNIEnv *env = enter(4);
    if (!env) return;
    (*env)->CallVoidMethod(env, (jobject)ud, m_success);
    leave(env);
}

void on_error(int32_t code, const char *desc, void *ud) {
    JNIEnv *env = enter(4);
    jbyteArray d;
    if (!env) return;
    d = str_bytes(env, desc ? desc : "");
    if (d) (*env)->CallVoidMethod(env, (jobject)ud, m_error, (jint)code, d);
    leave(env);
}

void free_ref(void *ud) {
    JNIEnv *env = callback_env();
    if (env) (*env)->DeleteGlobalRef(env, (jobject)ud);
}

/* Hands Java a copy of a borrowed message; Java owns it from then on. */
static void on_message(const hark_message *m, void *ud) {
    JNIEnv *env = enter(4);
    if (!env) return;
    (*env)->CallVoidMethod(env, (jobject)ud, m_message, JHANDLE(hark_message_clone(m)));
    leave(env);
}

static void on_send_progress(uint32_t progress, void *ud) {
    JNIEnv *env = enter(4);
    if (!env) return;
    (*env)->CallVoidMethod(env, (jobject)ud, m_progress, (jlong)progress, (jlong)100);
    leave(env);
}

static void on_download_progress(uint64_t current, uint64_t total, void *ud) {
    JNIEnv *env = enter(4);
    if (!env) return;
    (*env)->CallVoidMethod(env, (jobject)ud, m_progress, (jlong)current, (jlong)total);
    leave(env);
}

static void on_value(const char *value, void *ud) {
    JNIEnv *env = enter(4);
    jbyteArray v;
    if (!env) return;
    v = str_bytes(env, value ? value : "");
    if (v) (*env)->CallVoidMethod(env, (jobject)ud, m_value, v);
    leave(env);
}

static void on_history(const hark_message *const *messages, size_t count, void *ud) {
    JNIEnv *env = enter(4);
    jlongArray arr;
    jlong *handles;
    size_t i;
    if (!env) return;
    arr = (*env)->NewLongArray(env, (jsize)count);
    handles = (jlong *)malloc((count + 1) * sizeof *handles);
    if (arr && handles) {
        for (i = 0; i < count; i++) handles[i] = JHANDLE(hark_message_clone(messages[i]));
        (*env)->SetLongArrayRegion(env, arr, 0, (jsize)count, handles);
        (*env)->CallVoidMethod(env, (jobject)ud, m_messages, arr);
    }
    free(handles);
    leave(env);
}

static void on_members(const hark_group_member *members, size_t count, void *ud) {
    JNIEnv *env = enter(8);
    jobjectArray ids;
    jintArray roles;
    jlongArray times;
    size_t i;
    if (!env) return;
    ids = (*env)->NewObjectArray(env, (jsize)count, g_bytes_class, NULL);
    roles = ids ? (*env)->NewIntArray(env, (jsize)count) : NULL;
    times = roles ? (*env)->NewLongArray(env, (jsize)count) : NULL;
    for (i = 0; times && i < count; i++) {
        jint role = (jint)members[i].role;
        jlong t = (jlong)members[i].join_time;
        jbyteArray id = str_bytes(env, members[i].user_id ? members[i].user_id : "");
        if (!id) break;
        (*env)->SetObjectArrayElement(env, ids, (jsize)i, id);
        (*env)->DeleteLocalRef(env, id);
        (*env)->SetIntArrayRegion(env, roles, (jsize)i, 1, &role);
        (*env)->SetLongArrayRegion(env, times, (jsize)i, 1, &t);
        if ((*env)->ExceptionCheck(env)) break;
    }
    if (times && i == count) (*env)->CallVoidMethod(env, (jobject)ud, m_members, ids, roles, times);
    leave(env);
}

/* items: const hark_group_member_operation_result *; a user id and its result each. */
static void member_result_record(const void *items, size_t i, const char **s, jlong *n) {
    const hark_group_member_operation_result *r = (const hark_group_member_operation_result *)items + i;
    s[0] = r->user_id;
    n[0] = r->result;
}

static void on_member_results(const hark_group_member_operation_result *results, size_t count,
                              void *ud) {
    JNIEnv *env = enter(8);
    jobjectArray ids;
    jlongArray codes;
    if (!env) return;
    if (records(env, results, count, 1, 1, member_result_record, &ids, &codes))
        (*env)->CallVoidMethod(env, (jobject)ud, m_member_results, ids, codes);
    leave(env);
}

static void conn_event(void *ud, jint event, int32_t code, const char *desc) {
    JNIEnv *env = enter(4);
    jbyteArray d;
    if (!env) return;
    d = str_bytes(env, desc ? desc : "");
    if (d) (*env)->CallVoidMethod(env, (jobject)ud, m_conn, event, (jint)code, d);
    leave(env);
}

/* Event numbers of NativeCallback.CONN_*. */
static void on_connecting(void *ud) { conn_event(ud, 0, 0, ""); }
static void on_connect_success(void *ud) { conn_event(ud, 1, 0, ""); }
static void on_connect_failed(int32_t code, const char *desc, void *ud) { conn_event(ud, 2, code, desc); }
static void on_kicked_offline(void *ud) { conn_event(ud, 3, 0, ""); }
static void on_user_sig_expired(void *ud) { conn_event(ud, 4, 0, ""); }

/* A global ref for user_data; NULL (with an exception pending) when out of memory. */
jobject hold(JNIEnv *env, jobject cb) {
    jobject ref = cb ? (*env)->NewGlobalRef(env, cb) : NULL;
    if (!ref && !(*env)->ExceptionCheck(env)) {
        jclass npe = (*env)->FindClass(env, "java/lang/NullPointerException");
        if (npe) (*env)->ThrowNew(env, npe, "callback");
    }
    return ref;
}

hark_callback plain_cb(jobject ref) {
    hark_callback c = {on_success, on_error, ref, free_ref};
    return c;
}

static hark_send_callback send_cb(jobject ref) {
    hark_send_callback c = {on_message, on_error, on_send_progress, ref, free_ref};
    return c;
}

/* libhark's answer to a request that got `ref` as its user_data. A nonzero code means it took
 * nothing over (hark.h): free_user_data will not run, so the ref is deleted here, and Java
 * reports the code, as it does the glue's own refusals. */
jint taken(JNIEnv *env, jint rc, jobject ref) {
    if (rc != 0 && ref) (*env)->DeleteGlobalRef(env, ref);
    return rc;
}

/* ---- JNI_OnLoad ---- */

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    JNIEnv *env;
    jclass c;
    (void)reserved;
    g_vm = vm;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_6) != JNI_OK) return JNI_ERR;
    if (pthread_key_create(&g_attached, detach_at_exit) != 0) return JNI_ERR;
    c = (*env)->FindClass(env, "io/hark/imsdk/v2/NativeCallback");
    if (!c) return JNI_ERR;
    g_callback_class = (jclass)(*env)->NewGlobalRef(env, c);
    (*env)->DeleteLocalRef(env, c);
    c = (*env)->FindClass(env, "[B");
    if (!c) return JNI_ERR;
    g_bytes_class = (jclass)(*env)->NewGlobalRef(env, c);
    (*env)->DeleteLocalRef(env, c);
    if (!g_callback_class || !g_bytes_class) return JNI_ERR;
    m_success = (*env)->GetMethodID(env, g_callback_class, "onSuccess0", "()V");
    m_error = (*env)->GetMethodID(env, g_callback_class, "onErrorBytes0", "(I[B)V");
    m_message = (*env)->GetMethodID(env, g_callback_class, "onMessage0", "(J)V");
    m_messages = (*env)->GetMethodID(env, g_callback_class, "onMessages0", "([J)V");
    m_progress = (*env)->GetMethodID(env, g_callback_class, "onProgress0", "(JJ)V");
    m_value = (*env)->GetMethodID(env, g_callback_class, "onValue0", "([B)V");
    m_members = (*env)->GetMethodID(env, g_callback_class, "onMembers0", "([[B[I[J)V");
    m_conn = (*env)->GetMethodID(env, g_callback_class, "onConn0", "(II[B)V");
    m_member_results = (*env)->GetMethodID(env, g_callback_class, "onMemberResults0", "([[B[J)V");
    if (!m_success || !m_error || !m_message || !m_messages || !m_progress || !m_value ||
        !m_members || !m_conn || !m_member_results || !conversation_glue_load(env, g_callback_class))
        return JNI_ERR;
    return JNI_VERSION_1_6;
}

/* ---- Version and errors ---- */

JNIEXPORT jint FN(checkVersion)(CLS) {
    int major = -1, minor = -1, patch = -1;
    (void)env;
    (void)cls;
    if (sscanf(hark_version(), "%d.%d.%d", &major, &minor, &patch) != 3) return 1;
    return major == HARK_VERSION_MAJOR && minor == HARK_VERSION_MINOR ? 0 : 1;
}

JNIEXPORT jbyteArray FN(libraryVersion)(CLS) {
    (void)cls;
    return str_bytes(env, hark_version());
}

JNIEXPORT jbyteArray FN(errorDescription)(CLS, jint code) {
    (void)cls;
    return str_bytes(env, hark_error_description(code));
}

/* ---- Client ---- */

JNIEXPORT jint FN(clientNew)(CLS, jint app, jbyteArray url, jint platform, jint timeout,
                             jbyteArray ca_pem, jlongArray out) {
    args a = {0};
    hark_client_options opts;
    hark_client *client = NULL;
    const char *u = arg_str(env, &a, url);
    const char *ca = arg_str(env, &a, ca_pem);
    jint rc = HARK_ERR_INVALID_PARAMETERS;
    jlong h;
    (void)cls;
    if (!a.failed && out && (*env)->GetArrayLength(env, out) >= 1) {
        hark_client_options_init(&opts);
        opts.platform = (uint32_t)platform;
        opts.request_timeout_ms = (uint32_t)timeout;
        opts.ca_pem = ca; /* NULL for none; hark_client_new copies it */
        rc = hark_client_new((uint32_t)app, u, &opts, &client);
        if (rc == 0) {
            h = JHANDLE(client);
            (*env)->SetLongArrayRegion(env, out, 0, 1, &h);
        }
    }
    args_free(&a);
    return rc;
}

JNIEXPORT void FN(clientFree)(CLS, jlong client) {
    (void)env;
    (void)cls;
    hark_client_free((hark_client *)HANDLE(client));
}

JNIEXPORT jint FN(setConnListener)(CLS, jlong client, jobject listener) {
    hark_conn_listener l = {on_connecting, on_connect_success, on_connect_failed,
                            on_kicked_offline, on_user_sig_expired, NULL, free_ref};
    jint rc;
    (void)cls;
    if (!client) return HARK_ERR_NOT_INITIALIZED;
    if (!(l.user_data = hold(env, listener))) return HARK_ERR_INVALID_PARAMETERS;
    rc = hark_set_conn_listener((hark_client *)HANDLE(client), &l);
    if (rc != 0) (*env)->DeleteGlobalRef(env, (jobject)l.user_data);
    return rc;
}

JNIEXPORT jlong FN(addMsgListener)(CLS, jlong client, jobject listener) {
    hark_msg_listener l = {.on_recv_new_message = on_message,
                           .on_recv_c2c_read_receipt = on_c2c_read_receipts,
                           .on_recv_message_read_receipts = on_message_read_receipts,
                           .free_user_data = free_ref};
    uint64_t id;
    (void)cls;
    if (!client) return 0;
    if (!(l.user_data = hold(env, listener))) return 0;
    id = hark_add_advanced_msg_listener((hark_client *)HANDLE(client), l);
    if (id == 0) (*env)->DeleteGlobalRef(env, (jobject)l.user_data);
    return (jlong)id;
}

JNIEXPORT jint FN(login)(CLS, jlong client, jbyteArray user, jbyteArray sig, jobject cb) {
    args a = {0};
    const char *u = arg_str(env, &a, user), *s = arg_str(env, &a, sig);
    jobject ref;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (ref = hold(env, cb)))
        rc = taken(env, hark_login((hark_client *)HANDLE(client), u, s, plain_cb(ref)), ref);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(logout)(CLS, jlong client, jobject cb) {
    jobject ref;
    (void)cls;
    if (!client) return HARK_ERR_NOT_INITIALIZED;
    if (!(ref = hold(env, cb))) return HARK_ERR_INTERNAL;
    return taken(env, hark_logout((hark_client *)HANDLE(client), plain_cb(ref)), ref);
}

JNIEXPORT jint FN(loginStatus)(CLS, jlong client) {
    (void)env;
    (void)cls;
    return hark_get_login_status((const hark_client *)HANDLE(client));
}

JNIEXPORT jbyteArray FN(loginUser)(CLS, jlong client) {
    char buf[64];
    size_t n;
    (void)cls;
    n = hark_get_login_user((const hark_client *)HANDLE(client), buf, sizeof buf);
    /* User ids are at most 32 bytes, so the buffer always holds the whole id. */
    return to_bytes(env, buf, n < sizeof buf ? n : sizeof buf - 1);
}

/* ---- Sending ---- */

/* Copies the msgID libhark wrote into Java's HARK_MSG_ID_SIZE-byte array. */
static void put_msg_id(JNIEnv *env, jbyteArray out, const char *id) {
    (*env)->SetByteArrayRegion(env, out, 0, (jsize)strlen(id), (const jbyte *)id);
}

/* Shared checks of the send calls: a client, a msgID array, a global ref. */
static jint send_prologue(JNIEnv *env, jlong client, jbyteArray out, jobject cb, jobject *ref) {
    if (!client) return HARK_ERR_NOT_INITIALIZED;
    if (!out || (*env)->GetArrayLength(env, out) < HARK_MSG_ID_SIZE)
        return HARK_ERR_INVALID_PARAMETERS;
    if (!(*ref = hold(env, cb))) return HARK_ERR_INTERNAL;
    return 0;
}

JNIEXPORT jint FN(sendMessage)(CLS, jlong client, jlong message, jbyteArray receiver,
                               jbyteArray group, jint priority, jboolean online_only,
                               jobjectArray push_strings, jintArray push_ints, jobject cb,
                               jbyteArray out) {
    args a = {0};
    hark_offline_push_info push;
    const hark_offline_push_info *pushp = NULL;
    const char *r = arg_str(env, &a, receiver), *g = arg_str(env, &a, group);
    size_t ns = 0;
    const char *const *s = arg_strv(env, &a, push_strings, &ns);
    jint ints[4] = {0, 0, 0, 0};
    char id[HARK_MSG_ID_SIZE] = "";
    jobject ref = NULL;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (a.failed) goto done;
    if (s) {
        if (ns != 9 || !push_ints || (*env)->GetArrayLength(env, push_ints) != 4) {
            rc = HARK_ERR_INVALID_PARAMETERS;
            goto done;
        }
        (*env)->GetIntArrayRegion(env, push_ints, 0, 4, ints);
        push.title = s[0];
        push.desc = s[1];
        push.ext = s[2];
        push.ios_sound = s[3];
        push.android_sound = s[4];
        push.android_oppo_channel_id = s[5];
        push.android_fcm_channel_id = s[6];
        push.android_xiaomi_channel_id = s[7];
        push.android_huawei_category = s[8];
        push.disable_push = ints[0] != 0;
        push.ignore_ios_badge = ints[1] != 0;
        push.ios_push_type = ints[2];
        push.android_vivo_classification = ints[3];
        pushp = &push;
    }
    if ((rc = send_prologue(env, client, out, cb, &ref)) != 0) goto done;
    rc = hark_send_message((hark_client *)HANDLE(client), (hark_message *)HANDLE(message), r, g,
                           priority, online_only == JNI_TRUE, pushp, send_cb(ref), id, sizeof id);
    rc = taken(env, rc, ref);
    put_msg_id(env, out, id);
done:
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(sendC2CText)(CLS, jlong client, jbyteArray text, jbyteArray user, jobject cb,
                               jbyteArray out) {
    args a = {0};
    const char *t = arg_str(env, &a, text), *u = arg_str(env, &a, user);
    char id[HARK_MSG_ID_SIZE] = "";
    jobject ref = NULL;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!a.failed && (rc = send_prologue(env, client, out, cb, &ref)) == 0) {
        rc = taken(env, hark_send_c2c_text_message((hark_client *)HANDLE(client), t, u, send_cb(ref),
                                                   id, sizeof id), ref);
        put_msg_id(env, out, id);
    }
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(sendC2CCustom)(CLS, jlong client, jbyteArray data, jbyteArray user,
                                 jobject cb, jbyteArray out) {
    args a = {0};
    size_t len;
    const uint8_t *d = arg_data(env, &a, data, &len);
    const char *u = arg_str(env, &a, user);
    char id[HARK_MSG_ID_SIZE] = "";
    jobject ref = NULL;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!a.failed && (rc = send_prologue(env, client, out, cb, &ref)) == 0) {
        rc = taken(env, hark_send_c2c_custom_message((hark_client *)HANDLE(client), d, len, u,
                                                     send_cb(ref), id, sizeof id), ref);
        put_msg_id(env, out, id);
    }
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(sendGroupText)(CLS, jlong client, jbyteArray text, jbyteArray group,
                                 jint priority, jobject cb, jbyteArray out) {
    args a = {0};
    const char *t = arg_str(env, &a, text), *g = arg_str(env, &a, group);
    char id[HARK_MSG_ID_SIZE] = "";
    jobject ref = NULL;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!a.failed && (rc = send_prologue(env, client, out, cb, &ref)) == 0) {
        rc = taken(env, hark_send_group_text_message((hark_client *)HANDLE(client), t, g, priority,
                                                     send_cb(ref), id, sizeof id), ref);
        put_msg_id(env, out, id);
    }
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(sendGroupCustom)(CLS, jlong client, jbyteArray data, jbyteArray group,
                                   jint priority, jobject cb, jbyteArray out) {
    args a = {0};
    size_t len;
    const uint8_t *d = arg_data(env, &a, data, &len);
    const char *g = arg_str(env, &a, group);
    char id[HARK_MSG_ID_SIZE] = "";
    jobject ref = NULL;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!a.failed && (rc = send_prologue(env, client, out, cb, &ref)) == 0) {
        rc = taken(env, hark_send_group_custom_message((hark_client *)HANDLE(client), d, len, g,
                                                       priority, send_cb(ref), id, sizeof id), ref);
        put_msg_id(env, out, id);
    }
    args_free(&a);
    return rc;
}

/* ---- Creating messages ---- */

/* Returns the new handle, or 0 with the code in err[0]. */
static jlong created(JNIEnv *env, jintArray err, int32_t rc, hark_message *m) {
    jint code = rc;
    if (rc == 0) return JHANDLE(m);
    if (err && (*env)->GetArrayLength(env, err) >= 1) (*env)->SetIntArrayRegion(env, err, 0, 1, &code);
    return 0;
}

/* A copy failed: an OutOfMemoryError is pending, which Java throws. */
#define CREATE_FAILED(a) (args_free(&(a)), (jlong)0)

JNIEXPORT jlong FN(createText)(CLS, jbyteArray text, jintArray err) {
    args a = {0};
    hark_message *m = NULL;
    const char *t = arg_str(env, &a, text);
    int32_t rc;
    (void)cls;
    if (a.failed) return CREATE_FAILED(a);
    rc = hark_create_text_message(t, &m);
    args_free(&a);
    return created(env, err, rc, m);
}

JNIEXPORT jlong FN(createCustom)(CLS, jbyteArray data, jbyteArray desc, jbyteArray ext,
                                 jintArray err) {
    args a = {0};
    hark_message *m = NULL;
    size_t len;
    const uint8_t *d = arg_data(env, &a, data, &len);
    const char *ds = arg_str(env, &a, desc), *e = arg_str(env, &a, ext);
    int32_t rc;
    (void)cls;
    if (a.failed) return CREATE_FAILED(a);
    rc = data ? hark_create_custom_message(d, len, ds, e, &m) : HARK_ERR_INVALID_PARAMETERS;
    args_free(&a);
    return created(env, err, rc, m);
}

JNIEXPORT jlong FN(createImage)(CLS, jbyteArray path, jintArray err) {
    args a = {0};
    hark_message *m = NULL;
    const char *p = arg_str(env, &a, path);
    int32_t rc;
    (void)cls;
    if (a.failed) return CREATE_FAILED(a);
    rc = hark_create_image_message(p, &m);
    args_free(&a);
    return created(env, err, rc, m);
}

JNIEXPORT jlong FN(createSound)(CLS, jbyteArray path, jint duration, jintArray err) {
    args a = {0};
    hark_message *m = NULL;
    const char *p = arg_str(env, &a, path);
    int32_t rc;
    (void)cls;
    if (a.failed) return CREATE_FAILED(a);
    rc = duration < 0 ? HARK_ERR_INVALID_PARAMETERS
                      : hark_create_sound_message(p, (uint32_t)duration, &m);
    args_free(&a);
    return created(env, err, rc, m);
}

JNIEXPORT jlong FN(createVideo)(CLS, jbyteArray path, jbyteArray type, jint duration,
                                jbyteArray snapshot, jintArray err) {
    args a = {0};
    hark_message *m = NULL;
    const char *p = arg_str(env, &a, path), *t = arg_str(env, &a, type),
               *s = arg_str(env, &a, snapshot);
    int32_t rc;
    (void)cls;
    if (a.failed) return CREATE_FAILED(a);
    rc = duration < 0 ? HARK_ERR_INVALID_PARAMETERS
                      : hark_create_video_message(p, t, (uint32_t)duration, s, &m);
    args_free(&a);
    return created(env, err, rc, m);
}

JNIEXPORT jlong FN(createFile)(CLS, jbyteArray path, jbyteArray name, jintArray err) {
    args a = {0};
    hark_message *m = NULL;
    const char *p = arg_str(env, &a, path), *n = arg_str(env, &a, name);
    int32_t rc;
    (void)cls;
    if (a.failed) return CREATE_FAILED(a);
    rc = hark_create_file_message(p, n ? n : "", &m);
    args_free(&a);
    return created(env, err, rc, m);
}

JNIEXPORT jlong FN(createLocation)(CLS, jbyteArray desc, jdouble lon, jdouble lat,
                                   jintArray err) {
    args a = {0};
    hark_message *m = NULL;
    const char *d = arg_str(env, &a, desc);
    int32_t rc;
    (void)cls;
    if (a.failed) return CREATE_FAILED(a);
    rc = hark_create_location_message(d, lon, lat, &m);
    args_free(&a);
    return created(env, err, rc, m);
}

JNIEXPORT jlong FN(createFace)(CLS, jint index, jbyteArray data, jintArray err) {
    args a = {0};
    hark_message *m = NULL;
    size_t len;
    const uint8_t *d = arg_data(env, &a, data, &len);
    int32_t rc;
    (void)cls;
    if (a.failed) return CREATE_FAILED(a);
    rc = index < 0 ? HARK_ERR_INVALID_PARAMETERS : hark_create_face_message((uint32_t)index, d, len, &m);
    args_free(&a);
    return created(env, err, rc, m);
}

JNIEXPORT jlong FN(createTargeted)(CLS, jlong message, jobjectArray receivers, jintArray err) {
    args a = {0};
    hark_message *m = NULL;
    size_t n;
    const char *const *r = arg_strv(env, &a, receivers, &n);
    int32_t rc;
    (void)cls;
    if (a.failed) return CREATE_FAILED(a);
    rc = hark_create_targeted_group_message((const hark_message *)HANDLE(message), r, n, &m);
    args_free(&a);
    return created(env, err, rc, m);
}

JNIEXPORT jlong FN(messageClone)(CLS, jlong m) {
    (void)env;
    (void)cls;
    return JHANDLE(hark_message_clone((const hark_message *)HANDLE(m)));
}

JNIEXPORT void FN(messageFree)(CLS, jlong m) {
    (void)env;
    (void)cls;
    hark_message_free((hark_message *)HANDLE(m));
}

/* ---- Appending elems ---- */

/* A copy failed: an OutOfMemoryError is pending, which Java throws; the code is not seen. */
#define APPEND_FAILED(a) (args_free(&(a)), (jint)HARK_ERR_INVALID_PARAMETERS)
#define MSG_MUT(j) ((hark_message *)HANDLE(j))

JNIEXPORT jint FN(appendText)(CLS, jlong m, jbyteArray text) {
    args a = {0};
    const char *t = arg_str(env, &a, text);
    int32_t rc;
    (void)cls;
    if (a.failed) return APPEND_FAILED(a);
    rc = hark_message_append_text(MSG_MUT(m), t);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(appendCustom)(CLS, jlong m, jbyteArray data, jbyteArray desc, jbyteArray ext) {
    args a = {0};
    size_t len;
    const uint8_t *d = arg_data(env, &a, data, &len);
    const char *ds = arg_str(env, &a, desc), *e = arg_str(env, &a, ext);
    int32_t rc;
    (void)cls;
    if (a.failed) return APPEND_FAILED(a);
    rc = hark_message_append_custom(MSG_MUT(m), d, len, ds, e);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(appendLocation)(CLS, jlong m, jbyteArray desc, jdouble lon, jdouble lat) {
    args a = {0};
    const char *d = arg_str(env, &a, desc);
    int32_t rc;
    (void)cls;
    if (a.failed) return APPEND_FAILED(a);
    rc = hark_message_append_location(MSG_MUT(m), d, lon, lat);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(appendFace)(CLS, jlong m, jint index, jbyteArray data) {
    args a = {0};
    size_t len;
    const uint8_t *d = arg_data(env, &a, data, &len);
    int32_t rc;
    (void)cls;
    if (a.failed) return APPEND_FAILED(a);
    rc = index < 0 ? HARK_ERR_INVALID_PARAMETERS
                   : hark_message_append_face(MSG_MUT(m), (uint32_t)index, d, len);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(appendElem)(CLS, jlong m, jlong from, jint index) {
    (void)env;
    (void)cls;
    if (index < 0) return HARK_ERR_INVALID_PARAMETERS;
    return hark_message_append_elem(MSG_MUT(m), (const hark_message *)HANDLE(from), (size_t)index);
}

/* ---- Message getters ---- */

#define MSG(j) ((const hark_message *)HANDLE(j))

JNIEXPORT jbyteArray FN(msgId)(CLS, jlong m) { (void)cls; return str_bytes(env, hark_message_get_msg_id(MSG(m))); }
JNIEXPORT jbyteArray FN(sender)(CLS, jlong m) { (void)cls; return str_bytes(env, hark_message_get_sender(MSG(m))); }
JNIEXPORT jbyteArray FN(userId)(CLS, jlong m) { (void)cls; return str_bytes(env, hark_message_get_user_id(MSG(m))); }
JNIEXPORT jbyteArray FN(groupId)(CLS, jlong m) { (void)cls; return str_bytes(env, hark_message_get_group_id(MSG(m))); }
JNIEXPORT jlong FN(timestamp)(CLS, jlong m) { (void)env; (void)cls; return hark_message_get_timestamp(MSG(m)); }
JNIEXPORT jlong FN(seq)(CLS, jlong m) { (void)env; (void)cls; return (jlong)hark_message_get_seq(MSG(m)); }
JNIEXPORT jlong FN(random)(CLS, jlong m) { (void)env; (void)cls; return (jlong)hark_message_get_random(MSG(m)); }
JNIEXPORT jint FN(status)(CLS, jlong m) { (void)env; (void)cls; return hark_message_get_status(MSG(m)); }
JNIEXPORT jboolean FN(isSelf)(CLS, jlong m) { (void)env; (void)cls; return hark_message_is_self(MSG(m)) ? JNI_TRUE : JNI_FALSE; }
JNIEXPORT jboolean FN(isRead)(CLS, jlong m) { (void)env; (void)cls; return hark_message_is_read(MSG(m)) ? JNI_TRUE : JNI_FALSE; }
JNIEXPORT jboolean FN(isPeerRead)(CLS, jlong m) { (void)env; (void)cls; return hark_message_is_peer_read(MSG(m)) ? JNI_TRUE : JNI_FALSE; }
JNIEXPORT jboolean FN(needReadReceipt)(CLS, jlong m) { (void)env; (void)cls; return hark_message_get_need_read_receipt(MSG(m)) ? JNI_TRUE : JNI_FALSE; }
JNIEXPORT jint FN(setNeedReadReceipt)(CLS, jlong m, jboolean on) { (void)env; (void)cls; return hark_message_set_need_read_receipt(MSG_MUT(m), on == JNI_TRUE); }
JNIEXPORT jboolean FN(isDropped)(CLS, jlong m) { (void)env; (void)cls; return hark_message_is_dropped(MSG(m)) ? JNI_TRUE : JNI_FALSE; }
JNIEXPORT jint FN(priority)(CLS, jlong m) { (void)env; (void)cls; return hark_message_get_priority(MSG(m)); }
JNIEXPORT jint FN(elemCount)(CLS, jlong m) { (void)env; (void)cls; return (jint)hark_message_get_elem_count(MSG(m)); }
JNIEXPORT jint FN(elemType)(CLS, jlong m, jint i) { (void)env; (void)cls; return i < 0 ? HARK_ELEM_TYPE_NONE : hark_message_get_elem_type(MSG(m), (size_t)i); }
JNIEXPORT jbyteArray FN(text)(CLS, jlong m, jint i) { (void)cls; return i < 0 ? NULL : str_bytes(env, hark_message_get_text(MSG(m), (size_t)i)); }
JNIEXPORT jbyteArray FN(customDesc)(CLS, jlong m, jint i) { (void)cls; return i < 0 ? NULL : str_bytes(env, hark_message_get_custom_desc(MSG(m), (size_t)i)); }
JNIEXPORT jbyteArray FN(customExtension)(CLS, jlong m, jint i) { (void)cls; return i < 0 ? NULL : str_bytes(env, hark_message_get_custom_extension(MSG(m), (size_t)i)); }
JNIEXPORT jbyteArray FN(imagePath)(CLS, jlong m, jint i) { (void)cls; return i < 0 ? NULL : str_bytes(env, hark_message_get_image_path(MSG(m), (size_t)i)); }
JNIEXPORT jint FN(imageCount)(CLS, jlong m, jint i) { (void)env; (void)cls; return i < 0 ? 0 : (jint)hark_message_get_image_count(MSG(m), (size_t)i); }

JNIEXPORT jbyteArray FN(customData)(CLS, jlong m, jint i) {
    size_t len = 0;
    const uint8_t *d;
    (void)cls;
    if (i < 0) return NULL;
    d = hark_message_get_custom_data(MSG(m), (size_t)i, &len);
    return d ? to_bytes(env, d, len) : NULL;
}

JNIEXPORT jobjectArray FN(targets)(CLS, jlong m) {
    size_t n = hark_message_get_target_count(MSG(m)), i;
    const char **v = (const char **)calloc(n + 1, sizeof *v);
    jobjectArray arr;
    (void)cls;
    if (!v) return NULL;
    for (i = 0; i < n; i++) v[i] = hark_message_get_target(MSG(m), i);
    arr = strs_to_java(env, v, n);
    free(v);
    return arr;
}

JNIEXPORT jobjectArray FN(pushStrings)(CLS, jlong m, jintArray ints_out) {
    hark_offline_push_info p;
    const char *s[9];
    jint ints[4];
    (void)cls;
    if (hark_message_get_offline_push_info(MSG(m), &p) != 0 || !ints_out ||
        (*env)->GetArrayLength(env, ints_out) < 4)
        return NULL;
    s[0] = p.title;
    s[1] = p.desc;
    s[2] = p.ext;
    s[3] = p.ios_sound;
    s[4] = p.android_sound;
    s[5] = p.android_oppo_channel_id;
    s[6] = p.android_fcm_channel_id;
    s[7] = p.android_xiaomi_channel_id;
    s[8] = p.android_huawei_category;
    ints[0] = p.disable_push;
    ints[1] = p.ignore_ios_badge;
    ints[2] = p.ios_push_type;
    ints[3] = p.android_vivo_classification;
    (*env)->SetIntArrayRegion(env, ints_out, 0, 4, ints);
    return (*env)->ExceptionCheck(env) ? NULL : strs_to_java(env, s, 9);
}

/* Writes n numbers into a long[] of at least n; 0 when it is too short. */
static int put_longs(JNIEnv *env, jlongArray out, const jlong *v, jsize n) {
    if (!out || (*env)->GetArrayLength(env, out) < n) return 0;
    (*env)->SetLongArrayRegion(env, out, 0, n, v);
    return !(*env)->ExceptionCheck(env);
}

JNIEXPORT jobjectArray FN(image)(CLS, jlong m, jint i, jint version, jlongArray nums) {
    hark_image img;
    const char *s[2];
    jlong v[4];
    (void)cls;
    if (i < 0 || version < 0 ||
        hark_message_get_image(MSG(m), (size_t)i, (size_t)version, &img) != 0)
        return NULL;
    v[0] = img.type;
    v[1] = (jlong)img.size;
    v[2] = img.width;
    v[3] = img.height;
    if (!put_longs(env, nums, v, 4)) return NULL;
    s[0] = img.uuid;
    s[1] = img.url;
    return strs_to_java(env, s, 2);
}

JNIEXPORT jobjectArray FN(sound)(CLS, jlong m, jint i, jlongArray nums) {
    hark_sound_elem e;
    const char *s[3];
    jlong v[2];
    (void)cls;
    if (i < 0 || hark_message_get_sound(MSG(m), (size_t)i, &e) != 0) return NULL;
    v[0] = (jlong)e.data_size;
    v[1] = e.duration;
    if (!put_longs(env, nums, v, 2)) return NULL;
    s[0] = e.path;
    s[1] = e.uuid;
    s[2] = e.url;
    return strs_to_java(env, s, 3);
}

JNIEXPORT jobjectArray FN(video)(CLS, jlong m, jint i, jlongArray nums) {
    hark_video_elem e;
    const char *s[7];
    jlong v[5];
    (void)cls;
    if (i < 0 || hark_message_get_video(MSG(m), (size_t)i, &e) != 0) return NULL;
    v[0] = (jlong)e.video_size;
    v[1] = e.duration;
    v[2] = (jlong)e.snapshot_size;
    v[3] = e.snapshot_width;
    v[4] = e.snapshot_height;
    if (!put_longs(env, nums, v, 5)) return NULL;
    s[0] = e.video_path;
    s[1] = e.snapshot_path;
    s[2] = e.video_uuid;
    s[3] = e.video_type;
    s[4] = e.video_url;
    s[5] = e.snapshot_uuid;
    s[6] = e.snapshot_url;
    return strs_to_java(env, s, 7);
}

JNIEXPORT jobjectArray FN(file)(CLS, jlong m, jint i, jlongArray nums) {
    hark_file_elem e;
    const char *s[4];
    jlong v[1];
    (void)cls;
    if (i < 0 || hark_message_get_file(MSG(m), (size_t)i, &e) != 0) return NULL;
    v[0] = (jlong)e.file_size;
    if (!put_longs(env, nums, v, 1)) return NULL;
    s[0] = e.path;
    s[1] = e.uuid;
    s[2] = e.file_name;
    s[3] = e.url;
    return strs_to_java(env, s, 4);
}

JNIEXPORT jbyteArray FN(location)(CLS, jlong m, jint i, jdoubleArray lon_lat) {
    hark_location_elem e;
    jdouble v[2];
    (void)cls;
    if (i < 0 || hark_message_get_location(MSG(m), (size_t)i, &e) != 0 || !lon_lat ||
        (*env)->GetArrayLength(env, lon_lat) < 2)
        return NULL;
    v[0] = e.longitude;
    v[1] = e.latitude;
    (*env)->SetDoubleArrayRegion(env, lon_lat, 0, 2, v);
    return (*env)->ExceptionCheck(env) ? NULL : str_bytes(env, e.desc ? e.desc : "");
}

JNIEXPORT jbyteArray FN(face)(CLS, jlong m, jint i, jintArray index_out) {
    hark_face_elem e;
    jint index;
    (void)cls;
    if (i < 0 || hark_message_get_face(MSG(m), (size_t)i, &e) != 0 || !index_out ||
        (*env)->GetArrayLength(env, index_out) < 1)
        return NULL;
    index = (jint)e.index;
    (*env)->SetIntArrayRegion(env, index_out, 0, 1, &index);
    return (*env)->ExceptionCheck(env) ? NULL : to_bytes(env, e.data, e.data_len);
}

/* ---- Downloads ---- */

JNIEXPORT jint FN(download)(CLS, jlong client, jlong m, jint what, jint i, jint image_type,
                            jbyteArray path, jobject cb) {
    args a = {0};
    const char *p = arg_str(env, &a, path);
    hark_download_callback c = {on_download_progress, on_success, on_error, NULL, free_ref};
    hark_client *cl = (hark_client *)HANDLE(client);
    const hark_message *msg = MSG(m);
    size_t index = i < 0 ? SIZE_MAX : (size_t)i;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (c.user_data = hold(env, cb))) {
        switch (what) {
        case 0: rc = hark_download_image(cl, msg, index, image_type, p, c); break;
        case 1: rc = hark_download_sound(cl, msg, index, p, c); break;
        case 2: rc = hark_download_video(cl, msg, index, p, c); break;
        case 3: rc = hark_download_video_snapshot(cl, msg, index, p, c); break;
        default: rc = hark_download_file(cl, msg, index, p, c); break;
        }
        rc = taken(env, rc, (jobject)c.user_data);
    }
    args_free(&a);
    return rc;
}

/* ---- Groups ---- */

JNIEXPORT jint FN(createGroup)(CLS, jlong client, jbyteArray type, jbyteArray group,
                               jbyteArray name, jobjectArray members, jobject cb) {
    args a = {0};
    const char *t = arg_str(env, &a, type), *g = arg_str(env, &a, group),
               *n = arg_str(env, &a, name);
    size_t count;
    const char *const *m = arg_strv(env, &a, members, &count);
    hark_string_callback c = {on_value, on_error, NULL, free_ref};
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (c.user_data = hold(env, cb)))
        rc = taken(env, hark_create_group((hark_client *)HANDLE(client), t, g, n, m, count, c),
                   (jobject)c.user_data);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(joinGroup)(CLS, jlong client, jbyteArray group, jbyteArray message, jobject cb) {
    args a = {0};
    const char *g = arg_str(env, &a, group), *msg = arg_str(env, &a, message);
    jobject ref;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (ref = hold(env, cb)))
        rc = taken(env, hark_join_group((hark_client *)HANDLE(client), g, msg, plain_cb(ref)), ref);
    args_free(&a);
    return rc;
}

/* Calls taking one id and a plain callback. */
jint str_call(JNIEnv *env, jlong client, jbyteArray s, jobject cb,
              int32_t (*call)(hark_client *, const char *, hark_callback)) {
    args a = {0};
    const char *g = arg_str(env, &a, s);
    jobject ref;
    jint rc = HARK_ERR_INTERNAL;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (ref = hold(env, cb)))
        rc = taken(env, call((hark_client *)HANDLE(client), g, plain_cb(ref)), ref);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(quitGroup)(CLS, jlong client, jbyteArray group, jobject cb) {
    (void)cls;
    return str_call(env, client, group, cb, hark_quit_group);
}

JNIEXPORT jint FN(dismissGroup)(CLS, jlong client, jbyteArray group, jobject cb) {
    (void)cls;
    return str_call(env, client, group, cb, hark_dismiss_group);
}

JNIEXPORT jint FN(groupMemberList)(CLS, jlong client, jbyteArray group, jobject cb) {
    args a = {0};
    const char *g = arg_str(env, &a, group);
    hark_member_list_callback c = {on_members, on_error, NULL, free_ref};
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (c.user_data = hold(env, cb)))
        rc = taken(env, hark_get_group_member_list((hark_client *)HANDLE(client), g, c),
                   (jobject)c.user_data);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(inviteUserToGroup)(CLS, jlong client, jbyteArray group, jobjectArray users,
                                     jobject cb) {
    args a = {0};
    const char *g = arg_str(env, &a, group);
    size_t count;
    const char *const *u = arg_strv(env, &a, users, &count);
    hark_member_result_callback c = {on_member_results, on_error, NULL, free_ref};
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (c.user_data = hold(env, cb)))
        rc = taken(env, hark_invite_user_to_group((hark_client *)HANDLE(client), g, u, count, c),
                   (jobject)c.user_data);
    args_free(&a);
    return rc;
}

/* ---- History ---- */

JNIEXPORT jint FN(history)(CLS, jlong client, jboolean group, jbyteArray id, jint count,
                           jlong last, jobject cb) {
    args a = {0};
    const char *s = arg_str(env, &a, id);
    hark_history_callback c = {on_history, on_error, NULL, free_ref};
    hark_client *cl = (hark_client *)HANDLE(client);
    uint32_t n = count < 0 ? 0 : (uint32_t)count; /* 0 is libhark's 6017 */
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (!a.failed && (c.user_data = hold(env, cb)))
        rc = taken(env,
                   group == JNI_TRUE ? hark_get_group_history_message_list(cl, s, n, MSG(last), c)
                                     : hark_get_c2c_history_message_list(cl, s, n, MSG(last), c),
                   (jobject)c.user_data);
    args_free(&a);
    return rc;
}

/* ---- Offline push ---- */

JNIEXPORT jint FN(setOfflinePushConfig)(CLS, jlong client, jlong business, jbyteArray token,
                                        jobject cb) {
    args a = {0};
    const char *t = arg_str(env, &a, token);
    jobject ref;
    jint rc = HARK_ERR_INTERNAL;
    (void)cls;
    if (!client) rc = HARK_ERR_NOT_INITIALIZED;
    else if (business < 0 || business > (jlong)UINT32_MAX) rc = HARK_ERR_INVALID_PARAMETERS;
    else if (!a.failed && (ref = hold(env, cb)))
        rc = taken(env, hark_set_offline_push_config((hark_client *)HANDLE(client), (uint32_t)business,
                                                     t, plain_cb(ref)), ref);
    args_free(&a);
    return rc;
}

JNIEXPORT jint FN(clearOfflinePushConfig)(CLS, jlong client, jobject cb) {
    jobject ref;
    (void)cls;
    if (!client) return HARK_ERR_NOT_INITIALIZED;
    if (!(ref = hold(env, cb))) return HARK_ERR_INTERNAL;
    return taken(env, hark_clear_offline_push_config((hark_client *)HANDLE(client), plain_cb(ref)), ref);
}
