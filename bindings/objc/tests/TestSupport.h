/* Shared by the binding's tests: checks, request outcomes, listeners that record, and an
 * object that counts its deallocs so a test can see every block released exactly once. */
#import "ImSDK_Plus.h"
#include "hark.h" /* HARK_ERR_*: the codes fail blocks get */

#include <pthread.h>

extern int g_passed, g_failed;
extern pthread_t g_main_thread;

#define CHECK(cond) check_((cond) ? 1 : 0, #cond, __FILE__, __LINE__)
#define CHECK_INT(a, b) check_int_((long long)(a), (long long)(b), #a, __FILE__, __LINE__)
#define CHECK_STR(a, b) check_str_((a), (b), #a, __FILE__, __LINE__)
void check_(int ok, const char *what, const char *file, int line);
void check_int_(long long got, long long want, const char *what, const char *file, int line);
void check_str_(NSString *got, NSString *want, const char *what, const char *file, int line);

/* Counts live instances across all subclasses. */
@interface Tracked : NSObject
+ (long)alive;
@end

/* How one request ended; blocks that capture it keep it alive. */
@interface Outcome : Tracked {
  @private
    NSCondition *_cond;
    int _terminals, _code, _progressCalls, _onMainThread;
    NSString *_desc;
    id _value;
}
+ (Outcome *)outcome;
- (void)succeed:(id)value;
- (void)fail:(int)code desc:(NSString *)desc;
- (void)progressed;
/* Waits up to 10 s for a terminal callback: 0 for success, the code, or -1 on timeout. */
- (int)wait;
- (int)terminals;
- (int)progressCalls;
- (int)onMainThread;
- (NSString *)desc;
- (id)value;
@end

#define SUCC(o) ^{ [(o) succeed:nil]; }
#define FAIL(o) ^(int code_, NSString *desc_) { [(o) fail:code_ desc:desc_]; }

/* Records every new message, C2C read receipt and message read receipt. */
@interface Inbox : Tracked <V2TIMAdvancedMsgListener> {
  @private
    NSCondition *_cond;
    NSMutableArray *_messages, *_receipts, *_readReceipts;
    int _onMainThread;
}
+ (Inbox *)inbox;
/* The message with this msgID, waiting up to 10 s; nil if it never came. */
- (V2TIMMessage *)waitFor:(NSString *)msgID;
/* The first receipt from userID, waiting up to 10 s; nil if none came. */
- (V2TIMMessageReceipt *)waitReceiptFrom:(NSString *)userID;
/* The first message read receipt of msgID with readCount, waiting up to 10 s; nil if none came. */
- (V2TIMMessageReceipt *)waitReadReceiptOf:(NSString *)msgID readCount:(int)readCount;
- (BOOL)has:(NSString *)msgID;
- (int)onMainThread;
@end

/* Counts connection events. */
@interface SDKEvents : Tracked <V2TIMSDKListener> {
  @private
    int _connecting, _connected, _onMainThread;
}
- (int)connecting;
- (int)connected;
- (int)onMainThread;
@end

/* tests/harkd.sh's environment: the variable (the test exits without it), the SDKAppID, the
 * server (a config for a platform), a user's signature. */
NSString *env(const char *name);
int app_id(void);
V2TIMSDKConfig *config_on(uint32_t platform);
V2TIMSDKConfig *config(void);
NSString *sig(NSString *user);
/* Logs m in as user and checks it succeeded. */
void login(V2TIMManager *m, NSString *user);
/* A manager of its own for platform, initialized, with inbox and convs (either may be nil)
 * listening before it logs in as user. */
V2TIMManager *start_device(NSString *user, uint32_t platform, Inbox *inbox, id<V2TIMConversationListener> convs);
/* start_device on platform 0 with inbox only. */
V2TIMManager *start(NSString *user, Inbox *inbox);

/* Runs one request whose only blocks are V2TIMSucc and V2TIMFail; returns its code. */
int run(void (^call)(V2TIMSucc succ, V2TIMFail fail));
/* Creates a Work group name owned by owner with members (user ids), checking it succeeded;
 * returns its id (nil on failure). */
NSString *create_work_group(V2TIMManager *owner, NSString *name, NSArray<NSString *> *members);
/* Sends msg from m (to: C2C, group: a group) and checks it succeeded; returns the msgID. */
NSString *send_msg(V2TIMManager *m, V2TIMMessage *msg, NSString *to, NSString *group, V2TIMOfflinePushInfo *push);

/* The conversation scenario (test_conversation.m), with managers of its own. */
void conversation_scenario(void);
/* Message read receipts and invitations (test_read_receipts.m), with managers of its own. */
void read_receipt_scenario(void);

/* Runs Tencent's iOS multi-elem sample (seed_multi_elem_sample.m); returns the message it sent. */
V2TIMMessage *seed_multi_elem_sample(void);

/* Writes a 24-bit BMP of w x h. */
void write_bmp(NSString *path, int w, int h);
