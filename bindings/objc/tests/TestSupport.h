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

/* Records every new message. */
@interface Inbox : Tracked <V2TIMAdvancedMsgListener> {
  @private
    NSCondition *_cond;
    NSMutableArray *_messages;
    int _onMainThread;
}
+ (Inbox *)inbox;
/* The message with this msgID, waiting up to 10 s; nil if it never came. */
- (V2TIMMessage *)waitFor:(NSString *)msgID;
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

/* Runs Tencent's iOS multi-elem sample (seed_multi_elem_sample.m); returns the message it sent. */
V2TIMMessage *seed_multi_elem_sample(void);

/* Writes a 24-bit BMP of w x h. */
void write_bmp(NSString *path, int w, int h);
