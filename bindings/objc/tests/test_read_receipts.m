/* Message read receipts and invitations end to end: alice, bob, carol and dave (an outsider
 * who logs in here for the first time), each with a manager of its own. */
#import "TestSupport.h"

typedef struct Readers {
    V2TIMManager *alice, *bob, *carol, *dave;
    Inbox *aliceIn, *bobIn, *carolIn, *daveIn;
    NSString *group; /* a Work group of alice, bob and carol */
} Readers;

/* m's receipts of list, checked to succeed; nil when the request failed. */
static NSArray *receipts_of(V2TIMManager *m, NSArray *list) {
    Outcome *o = [Outcome outcome];
    [m getMessageReadReceipts:list succ:^(NSArray *receiptList) { [o succeed:receiptList]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    return [o value];
}

/* A group message sent with needReadReceipt, read by bob and then by carol. */
static void group_receipts(Readers *r) {
    V2TIMMessage *msg = [r->alice createTextMessage:@"please read"];
    CHECK(![msg needReadReceipt]);
    [msg setNeedReadReceipt:YES];
    CHECK([msg needReadReceipt]);
    NSString *msgID = send_msg(r->alice, msg, nil, r->group, nil);
    /* Sent: the setter changes nothing any more. */
    [msg setNeedReadReceipt:NO];
    CHECK([msg needReadReceipt]);
    V2TIMMessage *plain = [r->alice createTextMessage:@"no receipt"];
    NSString *plainID = send_msg(r->alice, plain, nil, r->group, nil);

    V2TIMMessage *atBob = [r->bobIn waitFor:msgID];
    V2TIMMessage *atCarol = [r->carolIn waitFor:msgID];
    V2TIMMessage *plainAtCarol = [r->carolIn waitFor:plainID];
    CHECK(atBob != nil && atCarol != nil && plainAtCarol != nil);
    if (!atBob || !atCarol || !plainAtCarol) return;
    CHECK([atBob needReadReceipt]);
    CHECK([atCarol needReadReceipt]);
    CHECK(![plainAtCarol needReadReceipt]);
    [atBob setNeedReadReceipt:NO]; /* a received message keeps what its sender asked */
    CHECK([atBob needReadReceipt]);

    /* Before anyone reads: none of 2. */
    NSArray *list = receipts_of(r->alice, [NSArray arrayWithObject:msg]);
    CHECK_INT([list count], 1);
    CHECK_INT([[list lastObject] readCount], 0);
    CHECK_INT([[list lastObject] unreadCount], 2);

    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) {
                  [r->bob sendMessageReadReceipts:[NSArray arrayWithObject:atBob] succ:s fail:f];
              }),
              0);
    V2TIMMessageReceipt *heard = [r->aliceIn waitReadReceiptOf:msgID readCount:1];
    CHECK(heard != nil);
    CHECK_INT([heard unreadCount], 1);
    CHECK_STR([heard groupID], r->group);
    CHECK([heard userID] == nil);
    CHECK(![heard isPeerRead]);

    /* carol reports both; only the one sent with needReadReceipt counts. */
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) {
                  [r->carol sendMessageReadReceipts:[NSArray arrayWithObjects:atCarol, plainAtCarol, nil] succ:s fail:f];
              }),
              0);
    heard = [r->aliceIn waitReadReceiptOf:msgID readCount:2];
    CHECK(heard != nil);
    CHECK_INT([heard unreadCount], 0);

    list = receipts_of(r->alice, [NSArray arrayWithObject:msg]);
    CHECK_INT([list count], 1);
    V2TIMMessageReceipt *got = [list lastObject];
    CHECK_STR([got msgID], msgID);
    CHECK_STR([got groupID], r->group);
    CHECK_INT([got readCount], 2);
    CHECK_INT([got unreadCount], 0);
    /* Only messages sent with needReadReceipt have a receipt. */
    list = receipts_of(r->alice, [NSArray arrayWithObjects:plain, msg, nil]);
    CHECK_INT([list count], 1);
    CHECK_STR([[list lastObject] msgID], msgID);
    /* bob asks too, with his copy: the same counts. */
    list = receipts_of(r->bob, [NSArray arrayWithObject:atBob]);
    CHECK_INT([[list lastObject] readCount], 2);

    /* Reporting again counts nobody twice. */
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) {
                  [r->bob sendMessageReadReceipts:[NSArray arrayWithObject:atBob] succ:s fail:f];
              }),
              0);
    list = receipts_of(r->alice, [NSArray arrayWithObject:msg]);
    CHECK_INT([[list lastObject] readCount], 2);
    CHECK_INT([[list lastObject] unreadCount], 0);
}

/* A C2C message sent with needReadReceipt: isPeerRead once bob reports it. */
static void c2c_receipts(Readers *r) {
    V2TIMMessage *msg = [r->alice createTextMessage:@"c2c, please read"];
    [msg setNeedReadReceipt:YES];
    NSString *msgID = send_msg(r->alice, msg, @"bob", nil, nil);
    V2TIMMessage *atBob = [r->bobIn waitFor:msgID];
    CHECK(atBob != nil && [atBob needReadReceipt]);
    if (!atBob) return;

    NSArray *list = receipts_of(r->alice, [NSArray arrayWithObject:msg]);
    CHECK_INT([list count], 1);
    CHECK(![[list lastObject] isPeerRead]);
    CHECK_STR([[list lastObject] userID], @"bob");
    CHECK([[list lastObject] groupID] == nil);

    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) {
                  [r->bob sendMessageReadReceipts:[NSArray arrayWithObject:atBob] succ:s fail:f];
              }),
              0);
    V2TIMMessageReceipt *heard = [r->aliceIn waitReadReceiptOf:msgID readCount:1];
    CHECK(heard != nil);
    CHECK([heard isPeerRead]);
    CHECK_STR([heard userID], @"bob");
    list = receipts_of(r->alice, [NSArray arrayWithObject:msg]);
    CHECK([[list lastObject] isPeerRead]);
    CHECK_STR([[list lastObject] msgID], msgID);
}

static void receipt_errors(Readers *r) {
    NSArray *none = [NSArray array];
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) { [r->bob sendMessageReadReceipts:none succ:s fail:f]; }),
              HARK_ERR_INVALID_PARAMETERS);
    Outcome *o = [Outcome outcome];
    [r->alice getMessageReadReceipts:none succ:^(NSArray *list) { [o succeed:list]; } fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);
    /* A message never sent is not stored. */
    V2TIMMessage *unsent = [r->alice createTextMessage:@"never sent"];
    CHECK_INT(run(^(V2TIMSucc s, V2TIMFail f) {
                  [r->bob sendMessageReadReceipts:[NSArray arrayWithObject:unsent] succ:s fail:f];
              }),
              HARK_ERR_INVALID_PARAMETERS);
}

/* InviteUserToGroup: SUCC, INVALID and FAIL in order; dave then hears the group. */
static void invitations(Readers *r) {
    Outcome *o = [Outcome outcome];
    NSArray *users = [NSArray arrayWithObjects:@"dave", @"bob", @"nobody", nil];
    [r->carol inviteUserToGroup:r->group userList:users
                           succ:^(NSArray *resultList) { [o succeed:resultList]; }
                           fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    NSArray *results = [o value];
    CHECK_INT([results count], 3);
    NSArray *want = [NSArray arrayWithObjects:[NSNumber numberWithInt:V2TIM_GROUP_MEMBER_RESULT_SUCC],
                                              [NSNumber numberWithInt:V2TIM_GROUP_MEMBER_RESULT_INVALID],
                                              [NSNumber numberWithInt:V2TIM_GROUP_MEMBER_RESULT_FAIL], nil];
    for (NSUInteger i = 0; i < [results count] && i < [users count]; i++) {
        V2TIMGroupMemberOperationResult *result = [results objectAtIndex:i];
        CHECK_STR([result userID], [users objectAtIndex:i]);
        CHECK_INT([result result], [[want objectAtIndex:i] intValue]);
    }
    NSString *msgID = send_msg(r->alice, [r->alice createTextMessage:@"welcome, dave"], nil, r->group, nil);
    V2TIMMessage *atDave = [r->daveIn waitFor:msgID];
    CHECK(atDave != nil);
    CHECK_STR([atDave groupID], r->group);
    CHECK_STR([[atDave textElem] text], @"welcome, dave");

    o = [Outcome outcome];
    [r->alice getGroupMemberList:r->group filter:V2TIM_GROUP_MEMBER_FILTER_ALL nextSeq:0
                            succ:^(uint64_t nextSeq, NSArray *list) { (void)nextSeq; [o succeed:list]; }
                            fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK_INT([[o value] count], 4);

    /* A Public group takes no invitations. */
    o = [Outcome outcome];
    [r->alice createGroup:GroupType_Public groupID:nil groupName:@"open"
                     succ:^(NSString *groupID) { [o succeed:groupID]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    NSString *public = [o value];
    o = [Outcome outcome];
    [r->alice inviteUserToGroup:public userList:[NSArray arrayWithObject:@"bob"]
                           succ:^(NSArray *resultList) { [o succeed:resultList]; }
                           fail:FAIL(o)];
    CHECK_INT([o wait], 10007);
    CHECK([o value] == nil);

    o = [Outcome outcome];
    [r->alice inviteUserToGroup:r->group userList:[NSArray array]
                           succ:^(NSArray *resultList) { [o succeed:resultList]; }
                           fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);
}

void read_receipt_scenario(void) {
    @autoreleasepool {
        Readers r = {0};
        r.aliceIn = [Inbox inbox];
        r.bobIn = [Inbox inbox];
        r.carolIn = [Inbox inbox];
        r.daveIn = [Inbox inbox];
        r.alice = start(@"alice", r.aliceIn);
        r.bob = start(@"bob", r.bobIn);
        r.carol = start(@"carol", r.carolIn);
        r.dave = start(@"dave", r.daveIn);

        r.group = create_work_group(r.alice, @"readers", [NSArray arrayWithObjects:@"bob", @"carol", nil]);
        CHECK([r.group length] > 0);
        if ([r.group length] > 0) {
            group_receipts(&r);
            c2c_receipts(&r);
            receipt_errors(&r);
            invitations(&r);
        }

        CHECK_INT([r.aliceIn onMainThread] + [r.bobIn onMainThread] + [r.carolIn onMainThread] +
                      [r.daveIn onMainThread],
                  0);
        [r.alice unInitSDK];
        [r.bob unInitSDK];
        [r.carol unInitSDK];
        [r.dave unInitSDK];
        [r.alice removeAdvancedMsgListener:r.aliceIn];
        [r.bob removeAdvancedMsgListener:r.bobIn];
        [r.carol removeAdvancedMsgListener:r.carolIn];
        [r.dave removeAdvancedMsgListener:r.daveIn];
    }
    CHECK_INT([Tracked alive], 0);
}
