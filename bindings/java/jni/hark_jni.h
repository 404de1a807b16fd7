/* What the files of the JNI glue share: hark_jni.c's helpers (callback threads, conversions,
 * copies of Java arguments, callback user_data) and the entry points the other files give
 * hark_jni.c. None of it leaves libharkjni: only the JNIEXPORT functions are exported. */
#ifndef HARK_JNI_H
#define HARK_JNI_H

#include "hark.h"

#include <jni.h>
#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)

#define HANDLE(j) ((void *)(intptr_t)(j))
#define JHANDLE(p) ((jlong)(intptr_t)(p))

#define FN(name) JNICALL Java_io_hark_imsdk_v2_HarkNative_##name
#define CLS JNIEnv *env, jclass cls

/* ---- Callbacks (hark_jni.c) ---- */

/* Starts a callback on libhark's thread: an env with a local frame of `refs`; NULL when Java
 * cannot be reached. */
JNIEnv *enter(int refs);
/* Ends it: prints and clears an exception the app's code threw, pops the frame. */
void leave(JNIEnv *env);

/* ---- Conversions (hark_jni.c) ---- */

jbyteArray str_bytes(JNIEnv *env, const char *s);
/* A byte[][] of the strings (NULL as ""); NULL, with an exception pending, when out of memory. */
jobjectArray strs_to_java(JNIEnv *env, const char *const *strs, size_t n);

/* Items as records: `fill` writes item i's `ns` strings and `nn` numbers. */
typedef void (*record_fill)(const void *items, size_t i, const char **strs, jlong *nums);
/* The Java arrays of items[0..count]: every string in one byte[][], every number in one
 * long[]; 0 when out of memory. */
int records(JNIEnv *env, const void *items, size_t count, size_t ns, size_t nn, record_fill fill,
            jobjectArray *strs, jlongArray *nums);

/* Copies of the Java arguments of one call, freed together by args_free. */
typedef struct args {
    void **ptrs;
    size_t count, cap;
    int failed; /* an allocation failed: an OutOfMemoryError is pending */
} args;

/* Keeps `p` (malloc'd) until args_free; NULL, with an OutOfMemoryError pending, for NULL. */
void *args_keep(JNIEnv *env, args *a, void *p);
void args_free(args *a);
const char *arg_str(JNIEnv *env, args *a, jbyteArray b);
const char *const *arg_strv(JNIEnv *env, args *a, jobjectArray arr, size_t *count);

/* ---- user_data: a global ref to an io.hark.imsdk.v2.NativeCallback (hark_jni.c) ---- */

void on_success(void *ud);
void on_error(int32_t code, const char *desc, void *ud);
void free_ref(void *ud);
jobject hold(JNIEnv *env, jobject cb);
hark_callback plain_cb(jobject ref);
jint taken(JNIEnv *env, jint rc, jobject ref);
/* A call taking one string (an id) and a plain callback. */
jint str_call(JNIEnv *env, jlong client, jbyteArray s, jobject cb,
              int32_t (*call)(hark_client *, const char *, hark_callback));

/* ---- Conversations and read receipts (hark_jni_conversation.c) ---- */

/* Looks up its NativeCallback methods from JNI_OnLoad; 0 when one is missing. */
int conversation_glue_load(JNIEnv *env, jclass callback_class);
/* hark_msg_listener.on_recv_c2c_read_receipt. */
void on_c2c_read_receipts(const hark_message_receipt *receipts, size_t count, void *ud);
/* hark_msg_listener.on_recv_message_read_receipts. */
void on_message_read_receipts(const hark_message_receipt *receipts, size_t count, void *ud);

#pragma GCC visibility pop

#endif
