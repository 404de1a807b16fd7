/* The conversation manager end to end: alice, carol, and bob on two devices (platforms 1 and
 * 2), each with a manager of its own, on a harkd where they have not talked yet. */
#import "TestSupport.h"

#include <stdlib.h>
#include <time.h>

/* Records every conversation event in order: its name ("start", "finish", "failed", "new",
 * "changed", "total") and its value (a V2TIMConversation, the total as NSNumber, or NSNull). */
@interface ConvEvents : Tracked <V2TIMConversationListener> {
  @private
    NSCondition *_cond;
    NSMutableArray *_names, *_values;
    int _onMainThread;
}
+ (ConvEvents *)events;
/* How many events came so far: a start for the waits. */
- (NSUInteger)mark;
/* The value of the first event from index since on that match accepts, waiting up to 10 s;
 * nil if none came. */
- (id)waitSince:(NSUInteger)since match:(BOOL (^)(NSString *name, id value))match;
- (NSArray *)namesSince:(NSUInteger)since;
- (int)onMainThread;
@end

@implementation ConvEvents
+ (ConvEvents *)events {
    return [[[ConvEvents alloc] init] autorelease];
}
- (instancetype)init {
    if ((self = [super init])) {
        _cond = [[NSCondition alloc] init];
        _names = [[NSMutableArray alloc] init];
        _values = [[NSMutableArray alloc] init];
    }
    return self;
}
- (void)dealloc {
    [_cond release];
    [_names release];
    [_values release];
    [super dealloc];
}
- (void)record:(NSString *)name value:(id)value {
    [_cond lock];
    [_names addObject:name];
    [_values addObject:value ? value : [NSNull null]];
    _onMainThread += pthread_equal(pthread_self(), g_main_thread) ? 1 : 0;
    [_cond broadcast];
    [_cond unlock];
}
- (void)onSyncServerStart {
    [self record:@"start" value:nil];
}
- (void)onSyncServerFinish {
    [self record:@"finish" value:nil];
}
- (void)onSyncServerFailed {
    [self record:@"failed" value:nil];
}
- (void)onNewConversation:(NSArray<V2TIMConversation *> *)conversationList {
    for (V2TIMConversation *conv in conversationList) [self record:@"new" value:conv];
}
- (void)onConversationChanged:(NSArray<V2TIMConversation *> *)conversationList {
    for (V2TIMConversation *conv in conversationList) [self record:@"changed" value:conv];
}
- (void)onTotalUnreadMessageCountChanged:(UInt64)totalUnreadCount {
    [self record:@"total" value:[NSNumber numberWithUnsignedLongLong:totalUnreadCount]];
}
- (NSUInteger)mark {
    [_cond lock];
    NSUInteger n = [_names count];
    [_cond unlock];
    return n;
}
- (id)waitSince:(NSUInteger)since match:(BOOL (^)(NSString *name, id value))match {
    NSDate *deadline = [NSDate dateWithTimeIntervalSinceNow:10];
    id found = nil;
    NSUInteger next = since;
    [_cond lock];
    do {
        for (; !found && next < [_names count]; next++)
            if (match([_names objectAtIndex:next], [_values objectAtIndex:next]))
                found = [[[_values objectAtIndex:next] retain] autorelease];
    } while (!found && [_cond waitUntilDate:deadline]);
    [_cond unlock];
    return found;
}
- (NSArray *)namesSince:(NSUInteger)since {
    [_cond lock];
    NSArray *names = since < [_names count] ? [_names subarrayWithRange:NSMakeRange(since, [_names count] - since)]
                                            : [NSArray array];
    [[names retain] autorelease];
    [_cond unlock];
    return names;
}
- (int)onMainThread {
    [_cond lock];
    int n = _onMainThread;
    [_cond unlock];
    return n;
}
@end

/* The first `name` event ("new" or "changed") of conversation convID since `since` that test
 * accepts (nil: any). */
static V2TIMConversation *wait_conv(ConvEvents *events, NSUInteger since, NSString *name, NSString *convID,
                                    BOOL (^test)(V2TIMConversation *conv)) {
    return [events waitSince:since
                       match:^BOOL(NSString *n, id value) {
                           return [n isEqualToString:name] && [[value conversationID] isEqualToString:convID] &&
                                  (!test || test(value));
                       }];
}

/* Whether a total of `total` was heard since `since`. */
static BOOL wait_total(ConvEvents *events, NSUInteger since, UInt64 total) {
    return [events waitSince:since
                       match:^BOOL(NSString *n, id value) {
                           return [n isEqualToString:@"total"] && [value unsignedLongLongValue] == total;
                       }] != nil;
}

/* The first page of m's list (up to 100). */
static NSArray *list_of(V2TIMManager *m) {
    Outcome *o = [Outcome outcome];
    [m getConversationList:0
                     count:100
                      succ:^(NSArray *list, uint64_t nextSeq, BOOL isFinished) {
                          (void)nextSeq;
                          [o succeed:isFinished ? list : nil];
                      }
                      fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    return [o value];
}

/* The conversationIDs of m's list, in order. */
static NSArray *ids_of(V2TIMManager *m) {
    return [list_of(m) valueForKey:@"conversationID"];
}

static V2TIMConversation *get_conv(V2TIMManager *m, NSString *convID) {
    Outcome *o = [Outcome outcome];
    [m getConversation:convID succ:^(V2TIMConversation *conv) { [o succeed:conv]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    return [o value];
}

static long long total_of(V2TIMManager *m) {
    Outcome *o = [Outcome outcome];
    [m getTotalUnreadMessageCount:^(UInt64 total) { [o succeed:[NSNumber numberWithUnsignedLongLong:total]]; }
                             fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    return [[o value] longLongValue];
}

static NSString *send_text(V2TIMManager *from, NSString *text, NSString *to) {
    Outcome *o = [Outcome outcome];
    NSString *msgID = [from sendC2CTextMessage:text to:to succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    return msgID;
}

typedef struct Devices {
    V2TIMManager *alice, *phone, *pad, *carol; /* phone and pad: bob's two devices */
    Inbox *aliceIn;
    ConvEvents *phoneEvents, *padEvents;
    NSString *firstID; /* alice's first message to bob */
} Devices;

/* A fresh bob hears the sync of an empty list, and both devices stay logged in. */
static void sync_on_login(Devices *d) {
    CHECK(wait_total(d->phoneEvents, 0, 0));
    CHECK([[d->phoneEvents namesSince:0] isEqualToArray:([NSArray arrayWithObjects:@"start", @"finish", @"total", nil])]);
    CHECK(wait_total(d->padEvents, 0, 0));
    CHECK_INT([d->phone getLoginStatus], V2TIM_STATUS_LOGINED);
    CHECK_INT([d->pad getLoginStatus], V2TIM_STATUS_LOGINED);
}

/* alice's message makes c2c_alice new on both of bob's devices, unread 1. */
static void first_message(Devices *d) {
    NSUInteger phoneMark = [d->phoneEvents mark], padMark = [d->padEvents mark];
    d->firstID = [[send_text(d->alice, @"hi bob", @"bob") retain] autorelease];
    V2TIMConversation *conv = wait_conv(d->phoneEvents, phoneMark, @"new", @"c2c_alice", nil);
    CHECK(conv != nil);
    CHECK_INT([conv type], V2TIM_C2C);
    CHECK_STR([conv userID], @"alice");
    CHECK([conv groupID] == nil);
    CHECK([conv groupType] == nil);
    CHECK_STR([conv showName], @"alice");
    CHECK_INT([conv unreadCount], 1);
    CHECK([conv draftText] == nil);
    CHECK(![conv isPinned]);
    CHECK([conv orderKey] > 0);
    V2TIMMessage *last = [conv lastMessage];
    CHECK_STR([last msgID], d->firstID);
    CHECK_STR([[last textElem] text], @"hi bob");
    CHECK_STR([last sender], @"alice");
    CHECK(![last isRead]);
    CHECK(wait_total(d->phoneEvents, phoneMark, 1));
    CHECK_INT([wait_conv(d->padEvents, padMark, @"new", @"c2c_alice", nil) unreadCount], 1);
    CHECK(wait_total(d->padEvents, padMark, 1));

    NSArray *list = list_of(d->phone);
    CHECK_INT([list count], 1);
    CHECK_STR([[list lastObject] conversationID], @"c2c_alice");
    CHECK_INT([[list lastObject] unreadCount], 1);
    CHECK_STR([[[list lastObject] lastMessage] msgID], d->firstID);
    CHECK_INT(total_of(d->phone), 1);
}

/* The phone reads it: the pad hears unread 0 and total 0, alice gets the receipt, and both
 * histories show it read. */
static void mark_read(Devices *d) {
    NSUInteger padMark = [d->padEvents mark];
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->phone markC2CMessageAsRead:@"alice" succ:s fail:f]; }), 0);
    V2TIMConversation *conv =
        wait_conv(d->padEvents, padMark, @"changed", @"c2c_alice", ^BOOL(V2TIMConversation *c) { return [c unreadCount] == 0; });
    CHECK(conv != nil);
    CHECK([[conv lastMessage] isRead]);
    CHECK(wait_total(d->padEvents, padMark, 0));

    V2TIMMessageReceipt *receipt = [d->aliceIn waitReceiptFrom:@"bob"];
    CHECK(receipt != nil);
    CHECK([receipt isPeerRead]);
    CHECK_STR([receipt userID], @"bob");
    CHECK([receipt msgID] == nil);
    CHECK([receipt groupID] == nil);
    CHECK(labs((long)([receipt timestamp] - time(NULL))) < 60);
    CHECK_INT([receipt readCount], 0);
    CHECK_INT([receipt unreadCount], 0);

    Outcome *o = [Outcome outcome];
    [d->alice getC2CHistoryMessageList:@"bob" count:1 lastMsg:nil succ:^(NSArray *msgs) { [o succeed:msgs]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    V2TIMMessage *mine = [[o value] lastObject];
    CHECK_STR([mine msgID], d->firstID);
    CHECK([mine isPeerRead]);
    CHECK([mine isRead]);
    o = [Outcome outcome];
    [d->pad getC2CHistoryMessageList:@"alice" count:1 lastMsg:nil succ:^(NSArray *msgs) { [o succeed:msgs]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    V2TIMMessage *theirs = [[o value] lastObject];
    CHECK_STR([theirs msgID], d->firstID);
    CHECK([theirs isRead]);
    CHECK(![theirs isPeerRead]);
}

/* Two conversations: newest first, in pages, and pinned first while pinned. */
static void order_and_pin(Devices *d) {
    NSUInteger phoneMark = [d->phoneEvents mark];
    send_text(d->carol, @"hi bob, carol here", @"bob");
    CHECK(wait_conv(d->phoneEvents, phoneMark, @"new", @"c2c_carol", nil) != nil);
    NSArray *newestFirst = [NSArray arrayWithObjects:@"c2c_carol", @"c2c_alice", nil];
    NSArray *list = list_of(d->phone);
    CHECK([[list valueForKey:@"conversationID"] isEqualToArray:newestFirst]);
    if ([list count] == 2) CHECK([[list objectAtIndex:0] orderKey] > [[list objectAtIndex:1] orderKey]);

    Outcome *o = [Outcome outcome];
    [d->phone getConversationList:0 count:1
                             succ:^(NSArray *page, uint64_t nextSeq, BOOL isFinished) {
                                 [o succeed:isFinished ? nil : [NSArray arrayWithObjects:page, [NSNumber numberWithUnsignedLongLong:nextSeq], nil]];
                             }
                             fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK([[[[o value] objectAtIndex:0] valueForKey:@"conversationID"] isEqualToArray:[NSArray arrayWithObject:@"c2c_carol"]]);
    uint64_t nextSeq = [[[o value] lastObject] unsignedLongLongValue];
    o = [Outcome outcome];
    [d->phone getConversationList:nextSeq count:100
                             succ:^(NSArray *page, uint64_t seq, BOOL isFinished) {
                                 (void)seq;
                                 [o succeed:isFinished ? page : nil];
                             }
                             fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK([[[o value] valueForKey:@"conversationID"] isEqualToArray:[NSArray arrayWithObject:@"c2c_alice"]]);

    NSUInteger padMark = [d->padEvents mark];
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->phone pinConversation:@"c2c_alice" isPinned:YES succ:s fail:f]; }), 0);
    list = list_of(d->phone);
    CHECK([[list valueForKey:@"conversationID"] isEqualToArray:([NSArray arrayWithObjects:@"c2c_alice", @"c2c_carol", nil])]);
    CHECK([[list objectAtIndex:0] isPinned]);
    CHECK(![[list lastObject] isPinned]);
    CHECK(wait_conv(d->padEvents, padMark, @"changed", @"c2c_alice", ^BOOL(V2TIMConversation *c) { return [c isPinned]; }));
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->phone pinConversation:@"c2c_alice" isPinned:NO succ:s fail:f]; }), 0);
    list = list_of(d->phone);
    CHECK([[list valueForKey:@"conversationID"] isEqualToArray:newestFirst]);
    CHECK(![[list lastObject] isPinned]);
}

/* A draft set on the phone shows on the pad, and nil clears it. */
static void draft(Devices *d) {
    NSString *text = @"half a thought \u270d\ufe0f";
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->phone setConversationDraft:@"c2c_alice" draftText:text succ:s fail:f]; }), 0);
    CHECK_STR([get_conv(d->pad, @"c2c_alice") draftText], text);
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->phone setConversationDraft:@"c2c_alice" draftText:nil succ:s fail:f]; }), 0);
    CHECK([get_conv(d->pad, @"c2c_alice") draftText] == nil);
}

/* A group conversation, read by markGroupMessageAsRead:, and then everything by markAll. */
static void group_and_mark_all(Devices *d) {
    V2TIMGroupInfo *info = [[[V2TIMGroupInfo alloc] init] autorelease];
    [info setGroupType:GroupType_Work];
    [info setGroupName:@"conv \u7fa4"];
    V2TIMCreateGroupMemberInfo *member = [[[V2TIMCreateGroupMemberInfo alloc] init] autorelease];
    [member setUserID:@"bob"];
    Outcome *o = [Outcome outcome];
    [d->alice createGroup:info memberList:[NSArray arrayWithObject:member]
                     succ:^(NSString *groupID) { [o succeed:groupID]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    NSString *group = [o value];
    NSString *groupConv = [@"group_" stringByAppendingString:group ? group : @""];

    NSUInteger mark = [d->phoneEvents mark];
    o = [Outcome outcome];
    [d->alice sendGroupTextMessage:@"hi group" to:group priority:V2TIM_PRIORITY_NORMAL succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    V2TIMConversation *conv =
        wait_conv(d->phoneEvents, mark, @"new", groupConv, ^BOOL(V2TIMConversation *c) { return [c unreadCount] == 1; });
    CHECK_INT([conv type], V2TIM_GROUP);
    CHECK_STR([conv groupID], group);
    CHECK_STR([conv groupType], GroupType_Work);
    CHECK_STR([conv showName], @"conv \u7fa4");
    CHECK([conv userID] == nil);
    CHECK_STR([[[conv lastMessage] textElem] text], @"hi group");
    CHECK(wait_total(d->phoneEvents, mark, 2)); /* carol's and the group's */
    CHECK_INT(total_of(d->pad), 2);

    mark = [d->phoneEvents mark];
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->phone markGroupMessageAsRead:group succ:s fail:f]; }), 0);
    CHECK(wait_total(d->phoneEvents, mark, 1));
    CHECK_INT([get_conv(d->pad, groupConv) unreadCount], 0);
    mark = [d->phoneEvents mark];
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->pad markAllMessageAsRead:s fail:f]; }), 0);
    CHECK(wait_total(d->phoneEvents, mark, 0));
    CHECK_INT(total_of(d->phone), 0);
    CHECK_INT([get_conv(d->phone, @"c2c_carol") unreadCount], 0);
}

/* Deleting, a peer never talked with, several by id, and the refusals. */
static void delete_get_and_errors(Devices *d) {
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->phone deleteConversation:@"c2c_carol" succ:s fail:f]; }), 0);
    NSArray *ids = ids_of(d->phone);
    CHECK(![ids containsObject:@"c2c_carol"]);
    CHECK([ids containsObject:@"c2c_alice"]);

    V2TIMConversation *nobody = get_conv(d->phone, @"c2c_nobody");
    CHECK_STR([nobody conversationID], @"c2c_nobody");
    CHECK_INT([nobody type], V2TIM_C2C);
    CHECK_STR([nobody userID], @"nobody");
    CHECK([nobody lastMessage] == nil);
    CHECK_INT([nobody unreadCount], 0);

    Outcome *o = [Outcome outcome];
    NSArray *wanted = [NSArray arrayWithObjects:@"c2c_nobody", @"c2c_alice", nil];
    [d->pad getConversationList:wanted succ:^(NSArray *list) { [o succeed:list]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK([[[o value] valueForKey:@"conversationID"] isEqualToArray:wanted]);
    CHECK_STR([[[[o value] lastObject] lastMessage] msgID], d->firstID);

    o = [Outcome outcome];
    [d->phone getConversation:@"bob_alice" succ:^(V2TIMConversation *conv) { [o succeed:conv]; } fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT([o terminals], 1);
    o = [Outcome outcome];
    [d->phone getConversationList:[NSArray array] succ:^(NSArray *list) { [o succeed:list]; } fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);
    o = [Outcome outcome];
    [d->phone getConversationList:0 count:0
                             succ:^(NSArray *list, uint64_t seq, BOOL done) { (void)seq; (void)done; [o succeed:list]; }
                             fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->phone pinConversation:@"c2c_" isPinned:YES succ:s fail:f]; }),
              HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->phone deleteConversation:nil succ:s fail:f]; }),
              HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [d->alice markC2CMessageAsRead:@"carol" succ:s fail:f]; }),
              HARK_ERR_INVALID_PARAMETERS);

    /* Initialized but never logged in: 6014 at once. */
    V2TIMManager *dave = [[[V2TIMManager alloc] init] autorelease];
    CHECK([dave initSDK:app_id() config:config()]);
    o = [Outcome outcome];
    [dave getTotalUnreadMessageCount:^(UInt64 total) { (void)total; [o succeed:nil]; } fail:FAIL(o)];
    CHECK_INT([o terminals], 1);
    CHECK_INT([o wait], HARK_ERR_NOT_LOGGED_IN);
    [dave unInitSDK];
}

/* alice's first listener, added while logged in, hears a sync of her list. */
static void listener_added_while_logged_in(Devices *d, ConvEvents *aliceEvents) {
    [d->alice addConversationListener:aliceEvents];
    CHECK(wait_total(aliceEvents, 0, 0));
    CHECK([[aliceEvents namesSince:0]
        isEqualToArray:([NSArray arrayWithObjects:@"start", @"new", @"new", @"finish", @"total", nil])]);
    V2TIMConversation *bob = wait_conv(aliceEvents, 0, @"new", @"c2c_bob", nil);
    V2TIMMessage *last = [bob lastMessage];
    CHECK_STR([last msgID], d->firstID);
    CHECK([last isSelf]);
    CHECK([last isRead]);
    CHECK([last isPeerRead]);
    CHECK_INT([bob unreadCount], 0);
}

/* A removed listener hears nothing more; the other device still does. */
static void listener_removed(Devices *d) {
    [d->phone removeConversationListener:d->phoneEvents];
    NSUInteger phoneMark = [d->phoneEvents mark], padMark = [d->padEvents mark];
    NSString *msgID = send_text(d->alice, @"after the removal", @"bob");
    CHECK(wait_conv(d->padEvents, padMark, @"changed", @"c2c_alice",
                    ^BOOL(V2TIMConversation *c) { return [[[c lastMessage] msgID] isEqualToString:msgID]; }));
    CHECK_INT(total_of(d->phone), 1);
    CHECK_INT([[d->phoneEvents namesSince:phoneMark] count], 0);
}

void conversation_scenario(void) {
    @autoreleasepool {
        Devices d = {0};
        d.aliceIn = [Inbox inbox];
        d.phoneEvents = [ConvEvents events];
        d.padEvents = [ConvEvents events];
        ConvEvents *aliceEvents = [ConvEvents events];
        Inbox *carolIn = [Inbox inbox];
        d.alice = start(@"alice", d.aliceIn);
        d.phone = start_device(@"bob", 1, nil, d.phoneEvents);
        d.pad = start_device(@"bob", 2, nil, d.padEvents);
        d.carol = start(@"carol", carolIn);

        sync_on_login(&d);
        first_message(&d);
        mark_read(&d);
        order_and_pin(&d);
        draft(&d);
        group_and_mark_all(&d);
        delete_get_and_errors(&d);
        listener_added_while_logged_in(&d, aliceEvents);
        listener_removed(&d);

        CHECK_INT([d.phoneEvents onMainThread] + [d.padEvents onMainThread] + [aliceEvents onMainThread] +
                      [d.aliceIn onMainThread],
                  0);
        [d.alice unInitSDK];
        [d.phone unInitSDK];
        [d.pad unInitSDK];
        [d.carol unInitSDK];
        [d.alice removeAdvancedMsgListener:d.aliceIn];
        [d.alice removeConversationListener:aliceEvents];
        [d.pad removeConversationListener:d.padEvents];
        [d.carol removeAdvancedMsgListener:carolIn];
    }
    CHECK_INT([Tracked alive], 0);
}
