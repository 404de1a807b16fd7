#import "TestSupport.h"

#include <stdio.h>
#include <stdlib.h>

int g_passed, g_failed;
pthread_t g_main_thread;

void check_(int ok, const char *what, const char *file, int line) {
    if (ok) {
        __sync_fetch_and_add(&g_passed, 1);
    } else {
        __sync_fetch_and_add(&g_failed, 1);
        fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, what);
    }
}

void check_int_(long long got, long long want, const char *what, const char *file, int line) {
    check_(got == want, what, file, line);
    if (got != want) fprintf(stderr, "    %s == %lld, expected %lld\n", what, got, want);
}

void check_str_(NSString *got, NSString *want, const char *what, const char *file, int line) {
    BOOL ok = got == want || [got isEqualToString:want];
    check_(ok, what, file, line);
    if (!ok) fprintf(stderr, "    %s == \"%s\", expected \"%s\"\n", what, [got UTF8String], [want UTF8String]);
}

NSString *env(const char *name) {
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "missing %s (run through bindings/objc/test.sh)\n", name);
        exit(2);
    }
    return [NSString stringWithUTF8String:v];
}

int app_id(void) { return atoi([env("HARK_SDKAPPID") UTF8String]); }

V2TIMSDKConfig *config_on(uint32_t platform) {
    V2TIMSDKConfig *c = [[[V2TIMSDKConfig alloc] init] autorelease];
    [c setServerURL:env("HARK_URL")];
    [c setPlatform:platform];
    return c;
}

V2TIMSDKConfig *config(void) { return config_on(0); }

NSString *sig(NSString *user) {
    return env([[NSString stringWithFormat:@"HARK_SIG_%@", user] UTF8String]);
}

void login(V2TIMManager *m, NSString *user) {
    Outcome *o = [Outcome outcome];
    [m login:user userSig:sig(user) succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
}

V2TIMManager *start_device(NSString *user, uint32_t platform, Inbox *inbox, id<V2TIMConversationListener> convs) {
    V2TIMManager *m = [[[V2TIMManager alloc] init] autorelease];
    CHECK([m initSDK:app_id() config:config_on(platform)]);
    [m addAdvancedMsgListener:inbox];
    [m addConversationListener:convs];
    login(m, user);
    return m;
}

V2TIMManager *start(NSString *user, Inbox *inbox) { return start_device(user, 0, inbox, nil); }

/* Sends message and waits for the outcome; returns the msgID. */
/* Runs one request whose only blocks are V2TIMSucc and V2TIMFail; returns its code. */
int run(void (^call)(V2TIMSucc succ, V2TIMFail fail)) {
    Outcome *o = [Outcome outcome];
    call(SUCC(o), FAIL(o));
    return [o wait];
}

NSString *send_msg(V2TIMManager *m, V2TIMMessage *msg, NSString *to, NSString *group, V2TIMOfflinePushInfo *push) {
    Outcome *o = [Outcome outcome];
    NSString *msgID = [m sendMessage:msg receiver:to groupID:group priority:V2TIM_PRIORITY_NORMAL
                      onlineUserOnly:NO offlinePushInfo:push progress:nil succ:SUCC(o) fail:FAIL(o)];
    CHECK(msgID != nil);
    CHECK_INT([o wait], 0);
    CHECK_STR([msg msgID], msgID);
    CHECK_INT([msg status], V2TIM_MSG_STATUS_SEND_SUCC);
    return msgID;
}

NSString *create_work_group(V2TIMManager *owner, NSString *name, NSArray<NSString *> *members) {
    V2TIMGroupInfo *info = [[[V2TIMGroupInfo alloc] init] autorelease];
    [info setGroupType:GroupType_Work];
    [info setGroupName:name];
    NSMutableArray *list = [NSMutableArray array];
    for (NSString *user in members) {
        V2TIMCreateGroupMemberInfo *member = [[[V2TIMCreateGroupMemberInfo alloc] init] autorelease];
        [member setUserID:user];
        [list addObject:member];
    }
    Outcome *o = [Outcome outcome];
    [owner createGroup:info memberList:list succ:^(NSString *groupID) { [o succeed:groupID]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    return [[[o value] retain] autorelease];
}

static int on_main(void) { return pthread_equal(pthread_self(), g_main_thread) ? 1 : 0; }

static long g_alive;

@implementation Tracked
+ (long)alive {
    return __sync_fetch_and_add(&g_alive, 0);
}
- (instancetype)init {
    if ((self = [super init])) __sync_fetch_and_add(&g_alive, 1);
    return self;
}
- (void)dealloc {
    __sync_fetch_and_sub(&g_alive, 1);
    [super dealloc];
}
@end

@implementation Outcome
+ (Outcome *)outcome {
    return [[[Outcome alloc] init] autorelease];
}
- (instancetype)init {
    if ((self = [super init])) {
        _cond = [[NSCondition alloc] init];
        _code = -1;
    }
    return self;
}
- (void)dealloc {
    [_cond release];
    [_desc release];
    [_value release];
    [super dealloc];
}
- (void)succeed:(id)value {
    [_cond lock];
    _terminals++;
    _code = 0;
    _onMainThread += on_main();
    [_value release];
    _value = [value retain];
    [_cond broadcast];
    [_cond unlock];
}
- (void)fail:(int)code desc:(NSString *)desc {
    [_cond lock];
    _terminals++;
    _code = code;
    _onMainThread += on_main();
    [_desc release];
    _desc = [desc copy];
    [_cond broadcast];
    [_cond unlock];
}
- (void)progressed {
    [_cond lock];
    _progressCalls++;
    _onMainThread += on_main();
    [_cond unlock];
}
- (int)wait {
    NSDate *deadline = [NSDate dateWithTimeIntervalSinceNow:10];
    [_cond lock];
    while (_terminals == 0 && [_cond waitUntilDate:deadline]) {
    }
    int code = _terminals ? _code : -1;
    [_cond unlock];
    return code;
}
- (int)terminals {
    [_cond lock];
    int n = _terminals;
    [_cond unlock];
    return n;
}
- (int)progressCalls {
    [_cond lock];
    int n = _progressCalls;
    [_cond unlock];
    return n;
}
- (int)onMainThread {
    return _onMainThread;
}
- (NSString *)desc {
    return _desc;
}
- (id)value {
    return _value;
}
@end

@implementation Inbox
+ (Inbox *)inbox {
    return [[[Inbox alloc] init] autorelease];
}
- (instancetype)init {
    if ((self = [super init])) {
        _cond = [[NSCondition alloc] init];
        _messages = [[NSMutableArray alloc] init];
        _receipts = [[NSMutableArray alloc] init];
        _readReceipts = [[NSMutableArray alloc] init];
    }
    return self;
}
- (void)dealloc {
    [_cond release];
    [_messages release];
    [_receipts release];
    [_readReceipts release];
    [super dealloc];
}
- (void)onRecvNewMessage:(V2TIMMessage *)msg {
    [_cond lock];
    [_messages addObject:msg];
    _onMainThread += on_main();
    [_cond broadcast];
    [_cond unlock];
}
- (void)onRecvC2CReadReceipt:(NSArray<V2TIMMessageReceipt *> *)receiptList {
    [_cond lock];
    [_receipts addObjectsFromArray:receiptList];
    _onMainThread += on_main();
    [_cond broadcast];
    [_cond unlock];
}
- (void)onRecvMessageReadReceipts:(NSArray<V2TIMMessageReceipt *> *)receiptList {
    [_cond lock];
    [_readReceipts addObjectsFromArray:receiptList];
    _onMainThread += on_main();
    [_cond broadcast];
    [_cond unlock];
}
/* The first of items that test accepts; with _cond held. */
- (id)first:(NSArray *)items where:(BOOL (^)(id item))test {
    for (id item in items)
        if (test(item)) return item;
    return nil;
}
/* The first of items that test accepts, waiting up to 10 s for it; nil if none came. */
- (id)wait:(NSArray *)items for:(BOOL (^)(id item))test {
    NSDate *deadline = [NSDate dateWithTimeIntervalSinceNow:10];
    [_cond lock];
    id found;
    while (!(found = [self first:items where:test]) && [_cond waitUntilDate:deadline]) {
    }
    [[found retain] autorelease];
    [_cond unlock];
    return found;
}
- (V2TIMMessageReceipt *)waitReceiptFrom:(NSString *)userID {
    return [self wait:_receipts for:^BOOL(id r) { return [[r userID] isEqualToString:userID]; }];
}
- (V2TIMMessageReceipt *)waitReadReceiptOf:(NSString *)msgID readCount:(int)readCount {
    return [self wait:_readReceipts
                  for:^BOOL(id r) { return [[r msgID] isEqualToString:msgID] && [r readCount] == readCount; }];
}
- (V2TIMMessage *)waitFor:(NSString *)msgID {
    return [self wait:_messages for:^BOOL(id m) { return [[m msgID] isEqualToString:msgID]; }];
}
- (BOOL)has:(NSString *)msgID {
    [_cond lock];
    BOOL found = [self first:_messages where:^BOOL(id m) { return [[m msgID] isEqualToString:msgID]; }] != nil;
    [_cond unlock];
    return found;
}
- (int)onMainThread {
    return _onMainThread;
}
@end

@implementation SDKEvents
- (void)onConnecting {
    __sync_fetch_and_add(&_connecting, 1);
    __sync_fetch_and_add(&_onMainThread, on_main());
}
- (void)onConnectSuccess {
    __sync_fetch_and_add(&_connected, 1);
    __sync_fetch_and_add(&_onMainThread, on_main());
}
- (int)connecting {
    return __sync_fetch_and_add(&_connecting, 0);
}
- (int)connected {
    return __sync_fetch_and_add(&_connected, 0);
}
- (int)onMainThread {
    return __sync_fetch_and_add(&_onMainThread, 0);
}
@end

static void put_le(uint8_t *p, uint32_t v, int n) {
    for (int i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

void write_bmp(NSString *path, int w, int h) {
    uint32_t row = ((uint32_t)w * 3 + 3) & ~3u;
    NSMutableData *data = [NSMutableData dataWithLength:54 + row * (uint32_t)h];
    uint8_t *p = [data mutableBytes];
    p[0] = 'B';
    p[1] = 'M';
    put_le(p + 2, 54 + row * (uint32_t)h, 4);
    put_le(p + 10, 54, 4);
    put_le(p + 14, 40, 4);
    put_le(p + 18, (uint32_t)w, 4);
    put_le(p + 22, (uint32_t)h, 4);
    put_le(p + 26, 1, 2);
    put_le(p + 28, 24, 2);
    put_le(p + 34, row * (uint32_t)h, 4);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint8_t *px = p + 54 + (uint32_t)y * row + (uint32_t)x * 3;
            px[0] = (uint8_t)x;
            px[1] = (uint8_t)y;
            px[2] = (uint8_t)(x + y);
        }
    [data writeToFile:path atomically:NO];
}
