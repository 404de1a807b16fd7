/* What the binding's files share and apps do not see: the request context handed to libhark
 * as user_data, the trampolines that call blocks back, and the manager's client access. */
#ifndef HARK_V2TIM_INTERNAL_H
#define HARK_V2TIM_INTERNAL_H

#import "ImSDK_Plus.h"
#include "hark.h"

/* Runs body on a thread libhark started: registers it with GNUstep for the body (when it is
 * not registered yet), gives it a pool, and keeps an exception from reaching Rust. */
#define ON_FOREIGN_THREAD(body)                                                  \
    do {                                                                         \
        BOOL reg_ = GSRegisterCurrentThread();                                   \
        @autoreleasepool {                                                       \
            @try {                                                               \
                body;                                                            \
            } @catch (NSException * e_) {                                        \
                NSLog(@"V2TIM: a callback threw %@: %@", [e_ name], [e_ reason]); \
            }                                                                    \
        }                                                                        \
        if (reg_) GSUnregisterCurrentThread();                                   \
    } while (0)

/* One request: heap copies of its blocks, released once in free_user_data. */
typedef struct V2Ctx {
    V2TIMSucc succ;
    V2TIMFail fail;
    V2TIMProgress progress;
    V2TIMDownLoadProgress download_progress;
    V2TIMCreateGroupSucc string_succ;
    V2TIMMessageListSucc list_succ;
    V2TIMGroupMemberInfoResultSucc member_succ;
    uint32_t member_filter;
    V2TIMConversationResultSucc conv_page_succ;
    V2TIMConversationSucc conv_succ;
    V2TIMConversationListSucc conv_list_succ;
    V2TIMTotalUnreadMessageCountSucc count_succ;
    V2TIMMessageReadReceiptsSucc receipts_succ;
    V2TIMGroupMemberOperationResultListSucc member_results_succ;
    V2TIMManager *manager; /* retained; received messages belong to it */
} V2Ctx;

#define V2_COPY(block) ((block) ? Block_copy(block) : NULL)

/* A context with succ and fail copied; other blocks are set by the caller with V2_COPY. */
V2Ctx *v2_ctx_new(V2TIMManager *manager, V2TIMSucc succ, V2TIMFail fail);
hark_callback v2_callback(V2Ctx *c);
hark_send_callback v2_send_callback(V2Ctx *c);
hark_download_callback v2_download_callback(V2Ctx *c);
hark_string_callback v2_string_callback(V2Ctx *c);
hark_history_callback v2_history_callback(V2Ctx *c);
hark_member_list_callback v2_member_list_callback(V2Ctx *c);
/* Calls conv_page_succ, or conv_list_succ when that is set (a list by ids). */
hark_conversation_list_callback v2_conversation_list_callback(V2Ctx *c);
hark_conversation_callback v2_conversation_callback(V2Ctx *c);
hark_uint64_callback v2_uint64_callback(V2Ctx *c);
hark_message_receipt_callback v2_message_receipt_callback(V2Ctx *c);
hark_member_result_callback v2_member_result_callback(V2Ctx *c);
/* For a request libhark refused at once, which took nothing over: fail with code now, on
 * the calling thread, then release. */
void v2_reject(V2Ctx *c, int32_t code);

/* Calls `call` (an expression using `client`, giving libhark's code) with the manager's client
 * read-locked, so unInitSDK cannot free it meanwhile; without a client, `client` is NULL and
 * libhark answers 6013. Any nonzero code rejects ctx, after the lock is released. */
#define V2_WITH_CLIENT(mgr, ctx, call)                     \
    do {                                                   \
        hark_client *client = [(mgr) lockClient];          \
        int32_t rc_ = (call);                              \
        [(mgr) unlockClient];                              \
        if (rc_ != 0) v2_reject(ctx, rc_);                 \
    } while (0)

NSString *v2_string(const char *s);
/* nil for "", else the string. */
NSString *v2_string_or_nil(const char *s);
NSError *v2_error(int code);
/* V2TIM's int counts: value, or INT_MAX when it does not fit. */
int v2_int(uint64_t value);
/* The UTF-8 strings of list in a calloc'd array of [list count] (at least one) pointers that
 * live as long as the current pool; the caller frees the array. */
const char **v2_c_strings(NSArray<NSString *> *list);
/* Copies of convs[0..count], for listeners or blocks; manager owns their last messages. */
NSArray<V2TIMConversation *> *v2_conversations(const hark_conversation *const *convs, size_t count,
                                               V2TIMManager *manager);
NSArray<V2TIMMessageReceipt *> *v2_receipts(const hark_message_receipt *receipts, size_t count);

@class V2TIMListenerList;

@interface V2TIMManager ()
/* The client, read-locked until unlockClient; NULL when not initialized. */
- (hark_client *)lockClient;
- (void)unlockClient;
- (V2TIMListenerList *)sdkListeners;
- (V2TIMListenerList *)msgListeners;
- (V2TIMListenerList *)convListeners;
/* Registers libhark's conversation listener (v2_conversation_listener) while the manager has
 * a client and conversation listeners, and removes it when the last listener goes. */
- (void)updateConversationListener;
@end

/* The free_user_data of libhark listeners: they hold the manager (retained as their
 * user_data), so it outlives their last event. */
void v2_release_manager(void *manager);

/* The conversation listener libhark calls, fanned out to manager's convListeners; it holds
 * the manager until libhark frees it. */
hark_conversation_listener v2_conversation_listener(V2TIMManager *manager);

@interface V2TIMMessage ()
/* Takes ownership of handle; manager (retained) serves its downloads. */
- (instancetype)initWithHandle:(hark_message *)handle manager:(V2TIMManager *)manager;
- (hark_message *)handle;
- (V2TIMManager *)manager;
@end

@interface V2TIMElem ()
/* Elem `index` of message, of the subclass its type calls for; nil when there is none. */
+ (V2TIMElem *)elemOf:(V2TIMMessage *)message index:(size_t)index;
/* nil for an elem of no message. */
- (V2TIMMessage *)owner;
- (size_t)position;
/* Appends this elem's own fields (it belongs to no message) to handle: the C API's code. */
- (int32_t)v2_appendTo:(hark_message *)handle;
@end

@interface V2TIMImage ()
- (instancetype)initWithMessage:(V2TIMMessage *)message elem:(size_t)elemIndex image:(size_t)imageIndex;
@end

@interface V2TIMOfflinePushInfo ()
- (instancetype)initWithHark:(const hark_offline_push_info *)info;
/* Points into this object's strings; valid while it and the current pool live. */
- (hark_offline_push_info)harkInfo;
@end

@interface V2TIMGroupMemberFullInfo ()
- (instancetype)initWithHark:(const hark_group_member *)member;
@end

@interface V2TIMGroupMemberOperationResult ()
- (instancetype)initWithHark:(const hark_group_member_operation_result *)result;
@end

#endif
