/* V2TIMManager's core: the client's life, the connection and message listeners, login, the
 * simple sends and the basic group calls. */
#import "V2TIMInternal.h"
#import "V2TIMListenerList.h"

#include <objc/thr.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

NSString *const GroupType_Work = @"Work";
NSString *const GroupType_Public = @"Public";
NSString *const GroupType_Meeting = @"Meeting";
NSString *const GroupType_AVChatRoom = @"AVChatRoom";
NSString *const GroupType_Community = @"Community";

struct V2TIMManagerState {
    /* Read-held around every call that uses the client, write-held to swap it. */
    pthread_rwlock_t client_lock;
    hark_client *client;
    V2TIMListenerList *sdk_listeners;
    V2TIMListenerList *msg_listeners;
    V2TIMListenerList *conv_listeners;
    /* libhark's id of the conversation listener; 0 while none is registered. */
    uint64_t conv_listener_id;
};

/* 0.x minors may change the ABI (semver); from 1.0 a newer minor only adds. */
static BOOL v2_version_matches(void) {
    unsigned major = 0, minor = 0, patch = 0;
    const char *v = hark_version();
    BOOL ok = sscanf(v, "%u.%u.%u", &major, &minor, &patch) == 3 && major == HARK_VERSION_MAJOR &&
              (major == 0 ? minor == HARK_VERSION_MINOR : minor >= HARK_VERSION_MINOR);
    if (!ok)
        NSLog(@"V2TIM: libhark %s does not match the header's %d.%d.%d", v, HARK_VERSION_MAJOR,
              HARK_VERSION_MINOR, HARK_VERSION_PATCH);
    return ok;
}

static void v2_on_connecting(void *ud) {
    ON_FOREIGN_THREAD(v2_notify([(V2TIMManager *)ud sdkListeners], @selector(onConnecting),
                                ^(id l) { [l onConnecting]; }));
}

static void v2_on_connect_success(void *ud) {
    ON_FOREIGN_THREAD(v2_notify([(V2TIMManager *)ud sdkListeners], @selector(onConnectSuccess),
                                ^(id l) { [l onConnectSuccess]; }));
}

static void v2_on_connect_failed(int32_t code, const char *desc, void *ud) {
    ON_FOREIGN_THREAD(v2_notify([(V2TIMManager *)ud sdkListeners], @selector(onConnectFailed:err:),
                                ^(id l) { [l onConnectFailed:code err:v2_string(desc)]; }));
}

static void v2_on_kicked_offline(void *ud) {
    ON_FOREIGN_THREAD(v2_notify([(V2TIMManager *)ud sdkListeners], @selector(onKickedOffline),
                                ^(id l) { [l onKickedOffline]; }));
}

static void v2_on_user_sig_expired(void *ud) {
    ON_FOREIGN_THREAD(v2_notify([(V2TIMManager *)ud sdkListeners], @selector(onUserSigExpired),
                                ^(id l) { [l onUserSigExpired]; }));
}

static void v2_on_new_message(const hark_message *message, void *ud) {
    V2TIMManager *manager = ud;
    ON_FOREIGN_THREAD({
        V2TIMMessage *msg = [[[V2TIMMessage alloc] initWithHandle:hark_message_clone(message)
                                                          manager:manager] autorelease];
        v2_notify([manager msgListeners], @selector(onRecvNewMessage:),
                  ^(id l) { [l onRecvNewMessage:msg]; });
    });
}

static void v2_on_c2c_read_receipt(const hark_message_receipt *receipts, size_t count, void *ud) {
    V2TIMManager *manager = ud;
    ON_FOREIGN_THREAD({
        NSArray *list = v2_receipts(receipts, count);
        v2_notify([manager msgListeners], @selector(onRecvC2CReadReceipt:),
                  ^(id l) { [l onRecvC2CReadReceipt:list]; });
    });
}

static void v2_on_message_read_receipts(const hark_message_receipt *receipts, size_t count, void *ud) {
    V2TIMManager *manager = ud;
    ON_FOREIGN_THREAD({
        NSArray *list = v2_receipts(receipts, count);
        v2_notify([manager msgListeners], @selector(onRecvMessageReadReceipts:),
                  ^(id l) { [l onRecvMessageReadReceipts:list]; });
    });
}

void v2_release_manager(void *manager) { ON_FOREIGN_THREAD([(V2TIMManager *)manager release]); }

@interface V2TIMNoop : NSObject
+ (void)run:(id)arg;
@end

@implementation V2TIMNoop
+ (void)run:(id)arg {
    (void)arg;
}
@end

@implementation V2TIMManager

/* Runs on the app's thread before any libhark thread calls in. Without it GNUstep turns
 * multi-threaded on a dispatcher thread while others run, and libobjc, which counts only its
 * own threads, frees dispatch tables still in use (a rare NULL-IMP crash). */
+ (void)initialize {
    if (self != [V2TIMManager class]) return;
    objc_thread_add();
    if (![NSThread isMultiThreaded])
        [NSThread detachNewThreadSelector:@selector(run:) toTarget:[V2TIMNoop class] withObject:nil];
}

static V2TIMManager *g_shared;
static void v2_make_shared(void) { g_shared = [[V2TIMManager alloc] init]; }

+ (V2TIMManager *)sharedInstance {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, v2_make_shared);
    return g_shared;
}

- (instancetype)init {
    if ((self = [super init])) {
        _state = calloc(1, sizeof *_state);
        if (!_state || pthread_rwlock_init(&_state->client_lock, NULL) != 0) {
            free(_state);
            _state = NULL;
            [self release];
            return nil;
        }
        _state->sdk_listeners = [[V2TIMListenerList alloc] init];
        _state->msg_listeners = [[V2TIMListenerList alloc] init];
        _state->conv_listeners = [[V2TIMListenerList alloc] init];
    }
    return self;
}

/* Reached only without a client: the client's listeners hold the manager. */
- (void)dealloc {
    if (_state) {
        pthread_rwlock_destroy(&_state->client_lock);
        [_state->sdk_listeners release];
        [_state->msg_listeners release];
        [_state->conv_listeners release];
        free(_state);
    }
    [super dealloc];
}

- (hark_client *)lockClient {
    pthread_rwlock_rdlock(&_state->client_lock);
    return _state->client;
}

- (void)unlockClient {
    pthread_rwlock_unlock(&_state->client_lock);
}

- (V2TIMListenerList *)sdkListeners {
    return _state->sdk_listeners;
}

- (V2TIMListenerList *)msgListeners {
    return _state->msg_listeners;
}

- (V2TIMListenerList *)convListeners {
    return _state->conv_listeners;
}

/* With client_lock write-held. */
static void v2_sync_conversation_listener(V2TIMManager *manager, struct V2TIMManagerState *s) {
    BOOL wanted = s->client && [s->conv_listeners count] > 0;
    if (wanted && !s->conv_listener_id) {
        s->conv_listener_id = hark_add_conversation_listener(s->client, v2_conversation_listener(manager));
    } else if (!wanted && s->conv_listener_id) {
        hark_remove_conversation_listener(s->client, s->conv_listener_id);
        s->conv_listener_id = 0;
    }
}

- (void)updateConversationListener {
    pthread_rwlock_wrlock(&_state->client_lock);
    v2_sync_conversation_listener(self, _state);
    pthread_rwlock_unlock(&_state->client_lock);
}

- (BOOL)initSDK:(int)sdkAppID config:(V2TIMSDKConfig *)config {
    if (!v2_version_matches()) return NO;
    pthread_rwlock_wrlock(&_state->client_lock);
    hark_client *client = _state->client;
    hark_client_options options;
    hark_client_options_init(&options);
    if ([[config caPem] length] > 0) options.ca_pem = [[config caPem] UTF8String];
    options.platform = [config platform];
    if (!client && sdkAppID > 0 && [config serverURL] &&
        hark_client_new((uint32_t)sdkAppID, [[config serverURL] UTF8String], &options, &client) == 0) {
        hark_conn_listener conn = {v2_on_connecting,       v2_on_connect_success, v2_on_connect_failed,
                                   v2_on_kicked_offline,   v2_on_user_sig_expired, [self retain],
                                   v2_release_manager};
        hark_msg_listener msgs = {.on_recv_new_message = v2_on_new_message,
                                  .on_recv_c2c_read_receipt = v2_on_c2c_read_receipt,
                                  .on_recv_message_read_receipts = v2_on_message_read_receipts,
                                  .user_data = [self retain],
                                  .free_user_data = v2_release_manager};
        hark_set_conn_listener(client, &conn);
        hark_add_advanced_msg_listener(client, msgs);
        _state->client = client;
        v2_sync_conversation_listener(self, _state);
    }
    pthread_rwlock_unlock(&_state->client_lock);
    return client != NULL;
}

- (void)unInitSDK {
    pthread_rwlock_wrlock(&_state->client_lock);
    hark_client *client = _state->client;
    _state->client = NULL;
    _state->conv_listener_id = 0; /* hark_client_free frees it */
    pthread_rwlock_unlock(&_state->client_lock);
    hark_client_free(client); /* outside the lock: callbacks may call the manager */
}

- (NSString *)getVersion {
    return v2_string(hark_version());
}

- (void)addIMSDKListener:(id<V2TIMSDKListener>)listener {
    [_state->sdk_listeners add:listener];
}

- (void)removeIMSDKListener:(id<V2TIMSDKListener>)listener {
    [_state->sdk_listeners remove:listener];
}

- (void)login:(NSString *)userID userSig:(NSString *)userSig succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_login(client, [userID UTF8String], [userSig UTF8String], v2_callback(c)));
}

- (void)logout:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_logout(client, v2_callback(c)));
}

- (NSString *)getLoginUser {
    char buf[64];
    hark_client *client = [self lockClient];
    size_t len = hark_get_login_user(client, buf, sizeof buf);
    [self unlockClient];
    return len < sizeof buf ? v2_string_or_nil(buf) : nil;
}

- (V2TIMLoginStatus)getLoginStatus {
    hark_client *client = [self lockClient];
    V2TIMLoginStatus status = hark_get_login_status(client);
    [self unlockClient];
    return status;
}

- (NSString *)sendC2CTextMessage:(NSString *)text to:(NSString *)userID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    char msg_id[HARK_MSG_ID_SIZE] = "";
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_send_c2c_text_message(client, [text UTF8String], [userID UTF8String],
                                                       v2_send_callback(c), msg_id, sizeof msg_id));
    return v2_string_or_nil(msg_id);
}

- (NSString *)sendC2CCustomMessage:(NSData *)customData to:(NSString *)userID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    char msg_id[HARK_MSG_ID_SIZE] = "";
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_send_c2c_custom_message(client, [customData bytes], [customData length],
                                                         [userID UTF8String], v2_send_callback(c), msg_id,
                                                         sizeof msg_id));
    return v2_string_or_nil(msg_id);
}

- (NSString *)sendGroupTextMessage:(NSString *)text
                                to:(NSString *)groupID
                          priority:(V2TIMMessagePriority)priority
                              succ:(V2TIMSucc)succ
                              fail:(V2TIMFail)fail {
    char msg_id[HARK_MSG_ID_SIZE] = "";
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_send_group_text_message(client, [text UTF8String], [groupID UTF8String],
                                                         (int32_t)priority, v2_send_callback(c), msg_id,
                                                         sizeof msg_id));
    return v2_string_or_nil(msg_id);
}

- (NSString *)sendGroupCustomMessage:(NSData *)customData
                                  to:(NSString *)groupID
                            priority:(V2TIMMessagePriority)priority
                                succ:(V2TIMSucc)succ
                                fail:(V2TIMFail)fail {
    char msg_id[HARK_MSG_ID_SIZE] = "";
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_send_group_custom_message(client, [customData bytes], [customData length],
                                                           [groupID UTF8String], (int32_t)priority,
                                                           v2_send_callback(c), msg_id, sizeof msg_id));
    return v2_string_or_nil(msg_id);
}

- (void)createGroup:(NSString *)groupType
            groupID:(NSString *)groupID
          groupName:(NSString *)groupName
               succ:(V2TIMCreateGroupSucc)succ
               fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->string_succ = V2_COPY(succ);
    V2_WITH_CLIENT(self, c, hark_create_group(client, [groupType UTF8String], [groupID UTF8String],
                                              [groupName UTF8String], NULL, 0, v2_string_callback(c)));
}

- (void)joinGroup:(NSString *)groupID msg:(NSString *)msg succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_join_group(client, [groupID UTF8String], [msg UTF8String], v2_callback(c)));
}

- (void)quitGroup:(NSString *)groupID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_quit_group(client, [groupID UTF8String], v2_callback(c)));
}

- (void)dismissGroup:(NSString *)groupID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_dismiss_group(client, [groupID UTF8String], v2_callback(c)));
}

@end
