/* The Objective-C binding end to end against a live harkd (tests/harkd.sh exports HARK_URL,
 * HARK_SDKAPPID and HARK_SIG_<user>). Several users in one process, each its own manager;
 * the whole scenario runs V2TIM_ROUNDS times (default 3) to shake out threading races. */
#import "TestSupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static NSString *g_dir;

static NSString *path_of(NSString *name) { return [g_dir stringByAppendingPathComponent:name]; }

typedef struct World {
    V2TIMManager *alice, *bob, *carol;
    Inbox *aliceIn, *bobIn, *carolIn;
    SDKEvents *events;
    NSString *group;
    int round;
} World;

static void login_and_listeners(World *w) {
    CHECK(w->alice == [V2TIMManager sharedInstance]);
    CHECK_INT([w->alice getLoginStatus], V2TIM_STATUS_LOGINED);
    CHECK_STR([w->alice getLoginUser], @"alice");
    CHECK([[w->alice getVersion] length] > 0);
    CHECK([w->events connecting] >= 1);
    CHECK([w->events connected] >= 1);
    CHECK_INT([w->events onMainThread], 0);
    /* initSDK again while initialized changes nothing. */
    CHECK([w->alice initSDK:app_id() config:config()]);
    CHECK_INT([w->alice getLoginStatus], V2TIM_STATUS_LOGINED);
}

static void c2c(World *w) {
    Outcome *o = [Outcome outcome];
    NSString *text = [NSString stringWithFormat:@"hello bob %d", w->round];
    NSString *msgID = [w->alice sendC2CTextMessage:text to:@"bob" succ:SUCC(o) fail:FAIL(o)];
    CHECK(msgID != nil);
    CHECK_INT([o wait], 0);
    CHECK_INT([o onMainThread], 0);
    V2TIMMessage *got = [w->bobIn waitFor:msgID];
    CHECK(got != nil);
    CHECK_INT([got elemType], V2TIM_ELEM_TYPE_TEXT);
    CHECK_STR([[got textElem] text], text);
    CHECK_STR([got sender], @"alice");
    CHECK_STR([got userID], @"alice");
    CHECK([got groupID] == nil);
    CHECK(![got isSelf]);
    CHECK([got timestamp] != nil);

    o = [Outcome outcome];
    NSData *bytes = [NSData dataWithBytes:"\x00\x01\xfe\xff" length:4];
    msgID = [w->alice sendC2CCustomMessage:bytes to:@"bob" succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    got = [w->bobIn waitFor:msgID];
    CHECK([[[got customElem] data] isEqualToData:bytes]);

    /* Unicode both ways: CJK, accents, an emoji outside the BMP, RTL. */
    NSString *unicode = @"h\u00e9llo \u4e16\u754c \U0001F389 \u05e9\u05dc\u05d5\u05dd";
    V2TIMMessage *msg = [w->bob createTextMessage:unicode];
    CHECK([msg msgID] == nil);
    msgID = send_msg(w->bob, msg, @"alice", nil, nil);
    CHECK([msg isSelf]);
    CHECK_STR([[[w->aliceIn waitFor:msgID] textElem] text], unicode);

    V2TIMOfflinePushInfo *push = [[[V2TIMOfflinePushInfo alloc] init] autorelease];
    CHECK_INT([push AndroidVIVOClassification], 1);
    [push setTitle:@"T\u00eftle"];
    [push setDesc:@"a custom message"];
    [push setIOSSound:@"ding.caf"];
    [push setAndroidVIVOClassification:0];
    msg = [w->alice createCustomMessage:[@"{\"k\":1}" dataUsingEncoding:NSUTF8StringEncoding] desc:@"d" extension:@"e"];
    msgID = send_msg(w->alice, msg, @"bob", nil, push);
    got = [w->bobIn waitFor:msgID];
    CHECK_STR([[got customElem] desc], @"d");
    CHECK_STR([[got customElem] extension], @"e");
    CHECK_STR([[got offlinePushInfo] title], @"T\u00eftle");
    CHECK_STR([[got offlinePushInfo] iOSSound], @"ding.caf");
    CHECK_INT([[got offlinePushInfo] AndroidVIVOClassification], 0);

    msg = [w->alice createLocationMessage:@"Caf\u00e9" longitude:116.397 latitude:39.909];
    got = [w->bobIn waitFor:send_msg(w->alice, msg, @"bob", nil, nil)];
    CHECK_INT([got elemType], V2TIM_ELEM_TYPE_LOCATION);
    CHECK_STR([[got locationElem] desc], @"Caf\u00e9");
    CHECK([[got locationElem] longitude] == 116.397);
    CHECK([[got locationElem] latitude] == 39.909);
    CHECK([got textElem] == nil);

    msg = [w->alice createFaceMessage:7 data:[@"smile" dataUsingEncoding:NSUTF8StringEncoding]];
    got = [w->bobIn waitFor:send_msg(w->alice, msg, @"bob", nil, nil)];
    CHECK_INT([[got faceElem] index], 7);
    CHECK([[[got faceElem] data] isEqualToData:[@"smile" dataUsingEncoding:NSUTF8StringEncoding]]);
    CHECK([[got faceElem] nextElem] == nil);
}

/* Tencent's iOS multi-elem sample, received by another client logged in as "userID". */
static void seed_sample(World *w) {
    (void)w;
    Inbox *inbox = [Inbox inbox];
    V2TIMManager *receiver = start(@"userID", inbox);
    V2TIMMessage *message = seed_multi_elem_sample();
    NSString *msgID = [message msgID];
    CHECK(msgID != nil);
    V2TIMMessage *got = [inbox waitFor:msgID];
    CHECK(got != nil);
    CHECK_STR([got sender], @"alice");
    CHECK_INT([got elemType], V2TIM_ELEM_TYPE_TEXT);
    CHECK_STR([[got textElem] text], @"text");
    V2TIMElem *next = [[got textElem] nextElem];
    CHECK([next isKindOfClass:[V2TIMCustomElem class]]);
    V2TIMCustomElem *custom = (V2TIMCustomElem *)next;
    CHECK([[custom data] isEqualToData:[@"\u81ea\u5b9a\u4e49\u6d88\u606f" dataUsingEncoding:NSUTF8StringEncoding]]);
    CHECK_STR([custom desc], @"");
    CHECK_STR([custom extension], @"");
    CHECK([custom nextElem] == nil);
    [receiver unInitSDK];
    [receiver removeAdvancedMsgListener:inbox];
}

/* Text, custom, face and location elems made with alloc/init or new, and one of another
 * message, appended to a text message and received with every field. */
static void append_elems(World *w) {
    V2TIMCustomElem *custom = [[[V2TIMCustomElem alloc] init] autorelease];
    CHECK([custom data] == nil);
    CHECK([custom nextElem] == nil);
    NSMutableData *bytes = [NSMutableData dataWithBytes:"\x00\x01\x02" length:3];
    custom.data = bytes;
    [bytes appendBytes:"\x03" length:1]; /* the elem keeps a copy */
    custom.desc = @"\u63cf\u8ff0";
    custom.extension = @"{\"e\":1}";
    CHECK_STR([custom desc], @"\u63cf\u8ff0");
    V2TIMTextElem *text = [[V2TIMTextElem new] autorelease];
    text.text = @"second \U0001F600";
    V2TIMFaceElem *face = [[V2TIMFaceElem new] autorelease];
    face.index = 5;
    face.data = [NSData dataWithBytes:"\x07" length:1];
    V2TIMLocationElem *location = [[V2TIMLocationElem new] autorelease];
    location.desc = @"\u6e2f\u53e3";
    location.longitude = -122.4;
    location.latitude = 37.8;
    CHECK(location.latitude == 37.8);
    CHECK_INT(face.index, 5);

    V2TIMMessage *msg = [w->alice createTextMessage:@"first"];
    V2TIMTextElem *first = msg.textElem;
    NSError *error = nil;
    CHECK([first appendElem:custom error:&error]);
    CHECK(error == nil);
    /* The appended elem is now the message's: later appends may go through it too. */
    CHECK([custom appendElem:text error:NULL]);
    [first appendElem:face];
    [first appendElem:location];
    V2TIMMessage *other = [w->alice createLocationMessage:@"\u53e6\u4e00\u5904" longitude:10.5 latitude:-20.25];
    CHECK([first appendElem:[other locationElem] error:NULL]);
    custom.desc = @"changed after the append";
    CHECK_STR([custom desc], @"\u63cf\u8ff0");
    CHECK([[text nextElem] isKindOfClass:[V2TIMFaceElem class]]);

    V2TIMMessage *got = [w->bobIn waitFor:send_msg(w->alice, msg, @"bob", nil, nil)];
    CHECK(got != nil);
    NSMutableArray *classes = [NSMutableArray array];
    for (V2TIMElem *e = [got textElem]; e; e = [e nextElem]) [classes addObject:NSStringFromClass([e class])];
    CHECK([classes isEqualToArray:([NSArray arrayWithObjects:@"V2TIMTextElem", @"V2TIMCustomElem", @"V2TIMTextElem",
                                                              @"V2TIMFaceElem", @"V2TIMLocationElem",
                                                              @"V2TIMLocationElem", nil])]);
    if ([classes count] != 6) return;
    V2TIMCustomElem *c = (V2TIMCustomElem *)[[got textElem] nextElem];
    CHECK([[c data] isEqualToData:[NSData dataWithBytes:"\x00\x01\x02" length:3]]);
    CHECK_STR([c desc], @"\u63cf\u8ff0");
    CHECK_STR([c extension], @"{\"e\":1}");
    V2TIMTextElem *t = (V2TIMTextElem *)[c nextElem];
    CHECK_STR([t text], @"second \U0001F600");
    V2TIMFaceElem *f = (V2TIMFaceElem *)[t nextElem];
    CHECK_INT([f index], 5);
    CHECK([[f data] isEqualToData:[NSData dataWithBytes:"\x07" length:1]]);
    V2TIMLocationElem *l = (V2TIMLocationElem *)[f nextElem];
    CHECK_STR([l desc], @"\u6e2f\u53e3");
    CHECK([l longitude] == -122.4);
    CHECK([l latitude] == 37.8);
    V2TIMLocationElem *copied = (V2TIMLocationElem *)[l nextElem];
    CHECK_STR([copied desc], @"\u53e6\u4e00\u5904");
    CHECK([copied latitude] == -20.25);
}

/* appendElem:'s refusals: the C API's 6017 as an NSError, no exception, nothing changed. */
static void append_refusals(World *w) {
    NSError *error = nil;
    V2TIMCustomElem *loose = [[V2TIMCustomElem new] autorelease];
    loose.data = [NSData dataWithBytes:"\x01" length:1];
    V2TIMTextElem *lone = [[V2TIMTextElem new] autorelease];
    lone.text = @"of no message";
    CHECK(![lone appendElem:loose error:&error]);
    CHECK_STR([error domain], V2TIMErrorDomain);
    CHECK_INT([error code], HARK_ERR_INVALID_PARAMETERS);
    CHECK([[error localizedDescription] length] > 0);
    [lone appendElem:loose];
    CHECK([loose nextElem] == nil);
    CHECK([[loose data] isEqualToData:[NSData dataWithBytes:"\x01" length:1]]);

    V2TIMMessage *msg = [w->alice createTextMessage:@"only one"];
    V2TIMTextElem *first = [msg textElem];
    NSString *bmp = path_of(@"append.bmp");
    write_bmp(bmp, 8, 8);
    V2TIMMessage *image = [w->alice createImageMessage:bmp];
    error = nil;
    CHECK(![first appendElem:[image imageElem] error:&error]);
    CHECK_INT([error code], HARK_ERR_INVALID_PARAMETERS);
    [first appendElem:[image imageElem]];
    CHECK(![first appendElem:nil error:&error]);
    CHECK(![first appendElem:[[V2TIMTextElem new] autorelease] error:&error]);
    V2TIMLocationElem *far = [[V2TIMLocationElem new] autorelease];
    far.latitude = 91;
    CHECK(![first appendElem:far error:&error]);
    V2TIMFaceElem *negative = [[V2TIMFaceElem new] autorelease];
    negative.index = -1;
    CHECK(![first appendElem:negative error:&error]);
    CHECK(![first appendElem:[[V2TIMImageElem new] autorelease] error:&error]);
    CHECK(![first appendElem:[[V2TIMElem new] autorelease] error:NULL]);
    CHECK_INT([error code], HARK_ERR_INVALID_PARAMETERS);
    CHECK([first nextElem] == nil);
    CHECK([[image imageElem] appendElem:loose error:NULL]);
    CHECK([[[image imageElem] nextElem] isKindOfClass:[V2TIMCustomElem class]]);

    NSString *msgID = send_msg(w->alice, msg, @"bob", nil, nil);
    V2TIMCustomElem *late = [[V2TIMCustomElem new] autorelease];
    late.data = [NSData dataWithBytes:"\x02" length:1];
    CHECK(![first appendElem:late error:&error]);
    CHECK_INT([error code], HARK_ERR_INVALID_PARAMETERS);
    V2TIMMessage *got = [w->bobIn waitFor:msgID];
    CHECK(got != nil);
    CHECK([[got textElem] nextElem] == nil);
    CHECK(![[got textElem] appendElem:late error:&error]);
    CHECK_INT([error code], HARK_ERR_INVALID_PARAMETERS);
    CHECK([late nextElem] == nil);
}

static void groups(World *w) {
    w->group = create_work_group(w->alice, @"objc \u7fa4", [NSArray arrayWithObjects:@"bob", @"carol", nil]);
    CHECK([w->group length] > 0);

    Outcome *o = [Outcome outcome];
    [w->bob getGroupMemberList:w->group filter:V2TIM_GROUP_MEMBER_FILTER_ALL nextSeq:0
                          succ:^(uint64_t nextSeq, NSArray *list) { [o succeed:nextSeq == 0 ? list : nil]; }
                          fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK_INT([[o value] count], 3);
    o = [Outcome outcome];
    [w->bob getGroupMemberList:w->group filter:V2TIM_GROUP_MEMBER_FILTER_OWNER nextSeq:0
                          succ:^(uint64_t nextSeq, NSArray *list) { (void)nextSeq; [o succeed:list]; }
                          fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK_INT([[o value] count], 1);
    V2TIMGroupMemberFullInfo *owner = [[o value] lastObject];
    CHECK_STR([owner userID], @"alice");
    CHECK_INT([owner role], V2TIM_GROUP_MEMBER_ROLE_SUPER);
    CHECK([owner joinTime] > 0);
    o = [Outcome outcome];
    [w->bob getGroupMemberList:w->group filter:V2TIM_GROUP_MEMBER_FILTER_ALL nextSeq:5
                          succ:^(uint64_t nextSeq, NSArray *list) { (void)nextSeq; [o succeed:list]; }
                          fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);

    o = [Outcome outcome];
    NSString *textID = [w->alice sendGroupTextMessage:@"hi group" to:w->group priority:V2TIM_PRIORITY_HIGH
                                                 succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    V2TIMMessage *got = [w->bobIn waitFor:textID];
    CHECK_STR([got groupID], w->group);
    CHECK([got userID] == nil);
    CHECK_STR([[got textElem] text], @"hi group");
    CHECK_INT([got priority], V2TIM_PRIORITY_HIGH);
    CHECK([got seq] > 0);

    o = [Outcome outcome];
    NSData *bytes = [@"group-custom" dataUsingEncoding:NSUTF8StringEncoding];
    NSString *customID = [w->alice sendGroupCustomMessage:bytes to:w->group priority:V2TIM_PRIORITY_LOW
                                                     succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK([[[[w->carolIn waitFor:customID] customElem] data] isEqualToData:bytes]);

    V2TIMMessage *loc = [w->alice createLocationMessage:@"here" longitude:-0.1 latitude:51.5];
    got = [w->bobIn waitFor:send_msg(w->alice, loc, nil, w->group, nil)];
    CHECK_STR([[got locationElem] desc], @"here");
    /* The drop flag of a normal send is NO, on the sent message and the received one. */
    CHECK(![loc isDropped]);
    CHECK(![got isDropped]);
    CHECK([loc seq] > 0);
    V2TIMMessage *face = [w->alice createFaceMessage:1 data:nil];
    NSString *faceID = send_msg(w->alice, face, @"", w->group, nil);
    CHECK_INT([[[w->bobIn waitFor:faceID] faceElem] index], 1);
    CHECK(![face isDropped]);

    /* The group's newest two, newest first. */
    o = [Outcome outcome];
    [w->bob getGroupHistoryMessageList:w->group count:2 lastMsg:nil
                                  succ:^(NSArray *msgs) { [o succeed:msgs]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    NSArray *page = [o value];
    CHECK_INT([page count], 2);
    if ([page count] == 2) {
        CHECK_STR([[page objectAtIndex:0] msgID], faceID);
        CHECK_STR([[page objectAtIndex:1] msgID], [loc msgID]);
    }

    /* A Meeting group anyone may join and leave, then the owner dismisses it. */
    o = [Outcome outcome];
    [w->alice createGroup:GroupType_Meeting groupID:nil groupName:@"meet"
                     succ:^(NSString *groupID) { [o succeed:groupID]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    NSString *meeting = [o value];
    o = [Outcome outcome];
    [w->bob joinGroup:meeting msg:@"let me in" succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    o = [Outcome outcome];
    [w->bob joinGroup:meeting msg:nil succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_GROUP_ALREADY_MEMBER);
    o = [Outcome outcome];
    [w->bob quitGroup:meeting succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    o = [Outcome outcome];
    [w->alice dismissGroup:meeting succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    o = [Outcome outcome];
    [w->bob joinGroup:meeting msg:nil succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_GROUP_NOT_FOUND);
}

static void targeted(World *w) {
    V2TIMMessage *text = [w->alice createTextMessage:@"only for bob"];
    NSMutableArray *receivers = [NSMutableArray arrayWithObject:@"bob"];
    V2TIMMessage *msg = [w->alice createTargetedGroupMessage:text receiverList:receivers];
    CHECK(msg != nil);
    NSString *msgID = send_msg(w->alice, msg, nil, w->group, nil);
    V2TIMMessage *got = [w->bobIn waitFor:msgID];
    CHECK_STR([[got textElem] text], @"only for bob");
    CHECK([[got targetGroupMemberList] isEqualToArray:receivers]);
    /* Carol gets the next group message but never the targeted one. */
    NSString *after = send_msg(w->alice, [w->alice createTextMessage:@"for all"], nil, w->group, nil);
    CHECK([w->carolIn waitFor:after] != nil);
    CHECK(![w->carolIn has:msgID]);
    /* A targeted message with a receiver is refused. */
    Outcome *o = [Outcome outcome];
    V2TIMMessage *again = [w->alice createTargetedGroupMessage:text receiverList:receivers];
    [w->alice sendMessage:again receiver:@"bob" groupID:w->group priority:V2TIM_PRIORITY_DEFAULT onlineUserOnly:NO
          offlinePushInfo:nil progress:nil succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);
    CHECK([w->alice createTargetedGroupMessage:text receiverList:[NSMutableArray array]] == nil);
}

static void image(World *w) {
    NSString *photo = path_of(@"photo.bmp");
    write_bmp(photo, 1000, 800);
    NSError *error = nil;
    V2TIMMessage *msg = [w->alice createImageMessage:photo error:&error];
    CHECK(msg != nil && error == nil);
    CHECK_STR([[msg imageElem] path], photo);
    CHECK_INT([[[msg imageElem] imageList] count], 0);
    Outcome *o = [Outcome outcome];
    Outcome *progress = [Outcome outcome];
    __block uint32_t last = 0;
    NSString *msgID = [w->alice sendMessage:msg receiver:@"bob" groupID:nil priority:V2TIM_PRIORITY_DEFAULT
                             onlineUserOnly:NO offlinePushInfo:nil
                                   progress:^(uint32_t p) { last = p; [progress progressed]; }
                                       succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK([progress progressCalls] >= 2);
    CHECK_INT(last, 100);
    CHECK_INT([progress onMainThread], 0);

    V2TIMMessage *got = [w->bobIn waitFor:msgID];
    NSArray *images = [[got imageElem] imageList];
    CHECK_INT([images count], 3);
    V2TIMImage *origin = nil;
    int types = 0;
    for (V2TIMImage *img in images) {
        types |= (int)[img type];
        CHECK([[img uuid] length] > 0);
        CHECK([[img url] hasPrefix:@"http://"]);
        CHECK([img size] > 0);
        if ([img type] == V2TIM_IMAGE_TYPE_ORIGIN) origin = img;
        if ([img type] == V2TIM_IMAGE_TYPE_LARGE) CHECK_INT([img height], 720);
        if ([img type] == V2TIM_IMAGE_TYPE_THUMB) CHECK_INT([img height], 198);
    }
    CHECK_INT(types, V2TIM_IMAGE_TYPE_ORIGIN | V2TIM_IMAGE_TYPE_THUMB | V2TIM_IMAGE_TYPE_LARGE);
    CHECK_INT([origin width], 1000);
    CHECK_INT([origin height], 800);

    NSString *down = path_of(@"photo.down.bmp");
    o = [Outcome outcome];
    Outcome *dprogress = [Outcome outcome];
    __block NSInteger current = 0, total = 0;
    [origin downloadImage:down
                 progress:^(NSInteger cur, NSInteger tot) { current = cur; total = tot; [dprogress progressed]; }
                     succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK([dprogress progressCalls] >= 1);
    CHECK(current == total && total == [origin size]);
    CHECK([[NSData dataWithContentsOfFile:down] isEqualToData:[NSData dataWithContentsOfFile:photo]]);

    /* The refusals, as NSError with V2TIM's codes. */
    CHECK([w->alice createImageMessage:path_of(@"missing.png") error:&error] == nil);
    CHECK_STR([error domain], V2TIMErrorDomain);
    CHECK_INT([error code], HARK_ERR_FILE_NOT_FOUND);
    [[NSData dataWithBytes:"not an image at all" length:19] writeToFile:path_of(@"fake.png") atomically:NO];
    CHECK([w->alice createImageMessage:path_of(@"fake.png") error:&error] == nil);
    CHECK_INT([error code], HARK_ERR_INVALID_MSG_ELEM);
    CHECK([w->alice createImageMessage:path_of(@"missing.png")] == nil);
}

/* Downloads with fn into path; returns the outcome's code. */
static int download(void (^fn)(NSString *, V2TIMDownLoadProgress, V2TIMSucc, V2TIMFail), NSString *path) {
    Outcome *o = [Outcome outcome];
    fn(path, nil, SUCC(o), FAIL(o));
    return [o wait];
}

static NSData *bytes_file(NSString *name, NSUInteger n, uint8_t seed) {
    NSMutableData *data = [NSMutableData dataWithLength:n];
    uint8_t *p = [data mutableBytes];
    for (NSUInteger i = 0; i < n; i++) p[i] = (uint8_t)(i * 31 + seed);
    [data writeToFile:path_of(name) atomically:NO];
    return data;
}

static void sound_video_file(World *w) {
    NSData *voice = bytes_file(@"voice.m4a", 30000, 7);
    V2TIMMessage *msg = [w->alice createSoundMessage:path_of(@"voice.m4a") duration:12];
    V2TIMSoundElem *sound = [[w->bobIn waitFor:send_msg(w->alice, msg, @"bob", nil, nil)] soundElem];
    CHECK_INT([sound dataSize], 30000);
    CHECK_INT([sound duration], 12);
    CHECK([[sound uuid] length] > 0);
    __block NSString *url = nil;
    [sound getUrl:^(NSString *u) { url = [u retain]; }];
    CHECK([url hasPrefix:@"http://"]);
    [url release];
    CHECK_INT(download(^(NSString *p, V2TIMDownLoadProgress pr, V2TIMSucc s, V2TIMFail f) {
                  [sound downloadSound:p progress:pr succ:s fail:f];
              }, path_of(@"voice.down")), 0);
    CHECK([[NSData dataWithContentsOfFile:path_of(@"voice.down")] isEqualToData:voice]);

    NSData *clip = bytes_file(@"clip.mp4", 50000, 3);
    write_bmp(path_of(@"snap.bmp"), 320, 240);
    msg = [w->alice createVideoMessage:path_of(@"clip.mp4") type:@"mp4" duration:9 snapshotPath:path_of(@"snap.bmp")];
    V2TIMVideoElem *video = [[w->bobIn waitFor:send_msg(w->alice, msg, @"bob", nil, nil)] videoElem];
    CHECK_INT([video videoSize], 50000);
    CHECK_STR([video videoType], @"mp4");
    CHECK_INT([video duration], 9);
    CHECK_INT([video snapshotWidth], 320);
    CHECK_INT([video snapshotHeight], 240);
    CHECK([[video snapshotUUID] length] > 0);
    CHECK_INT(download(^(NSString *p, V2TIMDownLoadProgress pr, V2TIMSucc s, V2TIMFail f) {
                  [video downloadVideo:p progress:pr succ:s fail:f];
              }, path_of(@"clip.down")), 0);
    CHECK([[NSData dataWithContentsOfFile:path_of(@"clip.down")] isEqualToData:clip]);
    CHECK_INT(download(^(NSString *p, V2TIMDownLoadProgress pr, V2TIMSucc s, V2TIMFail f) {
                  [video downloadSnapshot:p progress:pr succ:s fail:f];
              }, path_of(@"snap.down")), 0);
    CHECK([[NSData dataWithContentsOfFile:path_of(@"snap.down")]
        isEqualToData:[NSData dataWithContentsOfFile:path_of(@"snap.bmp")]]);

    NSData *doc = bytes_file(@"report.pdf", 20000, 9);
    msg = [w->alice createFileMessage:path_of(@"report.pdf") fileName:@"r\u00e9sum\u00e9.pdf"];
    V2TIMFileElem *file = [[w->bobIn waitFor:send_msg(w->alice, msg, @"bob", nil, nil)] fileElem];
    CHECK_STR([file filename], @"r\u00e9sum\u00e9.pdf");
    CHECK_INT([file fileSize], 20000);
    CHECK_INT(download(^(NSString *p, V2TIMDownLoadProgress pr, V2TIMSucc s, V2TIMFail f) {
                  [file downloadFile:p progress:pr succ:s fail:f];
              }, path_of(@"report.down")), 0);
    CHECK([[NSData dataWithContentsOfFile:path_of(@"report.down")] isEqualToData:doc]);

    NSError *error = nil;
    [[NSData data] writeToFile:path_of(@"empty.m4a") atomically:NO];
    CHECK([w->alice createSoundMessage:path_of(@"empty.m4a") duration:1 error:&error] == nil);
    CHECK_INT([error code], HARK_ERR_FILE_SIZE_EMPTY);
    CHECK([w->alice createFileMessage:path_of(@"nothing") fileName:nil error:&error] == nil);
    CHECK_INT([error code], HARK_ERR_FILE_NOT_FOUND);
}

static void history(World *w) {
    NSMutableArray *ids = [NSMutableArray array];
    for (int i = 0; i < 5; i++) {
        Outcome *o = [Outcome outcome];
        NSString *text = [NSString stringWithFormat:@"page-%d-%d", w->round, i];
        [ids addObject:[w->alice sendC2CTextMessage:text to:@"bob" succ:SUCC(o) fail:FAIL(o)]];
        CHECK_INT([o wait], 0);
    }
    Outcome *o = [Outcome outcome];
    [w->bob getC2CHistoryMessageList:@"alice" count:3 lastMsg:nil
                                succ:^(NSArray *msgs) { [o succeed:msgs]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    NSArray *first = [o value];
    CHECK_INT([first count], 3);
    for (NSUInteger i = 0; i < [first count] && i < 3; i++)
        CHECK_STR([[first objectAtIndex:i] msgID], [ids objectAtIndex:4 - i]);

    o = [Outcome outcome];
    [w->bob getC2CHistoryMessageList:@"alice" count:3 lastMsg:[first lastObject]
                                succ:^(NSArray *msgs) { [o succeed:msgs]; } fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    NSArray *second = [o value];
    CHECK([second count] >= 2);
    if ([second count] >= 2) {
        CHECK_STR([[second objectAtIndex:0] msgID], [ids objectAtIndex:1]);
        CHECK_STR([[[second objectAtIndex:1] textElem] text], ([NSString stringWithFormat:@"page-%d-0", w->round]));
        CHECK([[second objectAtIndex:1] isSelf] == NO);
    }

    o = [Outcome outcome];
    [w->bob getC2CHistoryMessageList:@"alice" count:0 lastMsg:nil
                                succ:^(NSArray *msgs) { [o succeed:msgs]; } fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);
}

static void errors(World *w) {
    /* Initialized but never logged in: 6014. */
    V2TIMManager *dave = [[[V2TIMManager alloc] init] autorelease];
    CHECK([dave initSDK:app_id() config:config()]);
    Outcome *o = [Outcome outcome];
    CHECK([dave sendC2CTextMessage:@"x" to:@"bob" succ:SUCC(o) fail:FAIL(o)] == nil);
    /* Refused at once: fail ran on the calling thread, before the call returned. */
    CHECK_INT([o terminals], 1);
    CHECK_INT([o wait], HARK_ERR_NOT_LOGGED_IN);
    CHECK_INT([o onMainThread], 1);
    CHECK([[o desc] length] > 0);
    CHECK([dave getLoginUser] == nil);
    CHECK_INT([dave getLoginStatus], V2TIM_STATUS_LOGOUT);
    o = [Outcome outcome];
    V2TIMAPNSConfig *apns = [[[V2TIMAPNSConfig alloc] init] autorelease];
    [apns setBusinessID:10086];
    [apns setToken:[NSData dataWithBytes:"\x01\xab" length:2]];
    [dave setAPNS:apns succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_NOT_LOGGED_IN);
    [dave unInitSDK];

    /* Neither receiver nor group: 6017, through fail. */
    o = [Outcome outcome];
    NSString *msgID = [w->alice sendMessage:[w->alice createTextMessage:@"nowhere"] receiver:nil groupID:nil
                                   priority:V2TIM_PRIORITY_DEFAULT onlineUserOnly:NO offlinePushInfo:nil
                                   progress:nil succ:SUCC(o) fail:FAIL(o)];
    CHECK(msgID == nil);
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT([o terminals], 1);
    o = [Outcome outcome];
    [w->alice sendMessage:nil receiver:@"bob" groupID:nil priority:V2TIM_PRIORITY_DEFAULT onlineUserOnly:NO
          offlinePushInfo:nil progress:nil succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);

    /* Not initialized: 6013 at once, on the calling thread. */
    V2TIMManager *none = [[[V2TIMManager alloc] init] autorelease];
    o = [Outcome outcome];
    [none login:@"alice" userSig:sig(@"alice") succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o terminals], 1);
    CHECK_INT([o wait], HARK_ERR_NOT_INITIALIZED);
    CHECK_INT([o onMainThread], 1);
    CHECK(![none initSDK:app_id() config:[[[V2TIMSDKConfig alloc] init] autorelease]]);
    /* caPem reaches hark_client_new: text without a certificate is refused there. */
    V2TIMSDKConfig *tls = [[[V2TIMSDKConfig alloc] init] autorelease];
    [tls setServerURL:@"wss://localhost:1"];
    [tls setCaPem:@"not PEM"];
    CHECK(![none initSDK:app_id() config:tls]);
}

static void push_config(World *w) {
    V2TIMAPNSConfig *apns = [[[V2TIMAPNSConfig alloc] init] autorelease];
    [apns setBusinessID:10086];
    [apns setToken:[NSData dataWithBytes:"\x01\x02\xfe" length:3]];
    Outcome *o = [Outcome outcome];
    [w->alice setAPNS:apns succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    [apns setToken:[NSData data]];
    o = [Outcome outcome];
    [w->alice setAPNS:apns succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_INVALID_PARAMETERS);
    o = [Outcome outcome];
    [w->alice setAPNS:nil succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
}

/* An exception thrown by a block or a listener is caught and logged; later callbacks run. */
@interface Thrower : Tracked <V2TIMAdvancedMsgListener>
@end

@implementation Thrower
- (void)onRecvNewMessage:(V2TIMMessage *)msg {
    [NSException raise:@"ThrowerException" format:@"listener threw on %@", [msg msgID]];
}
@end

static void throwing(World *w) {
    Thrower *thrower = [[[Thrower alloc] init] autorelease];
    [w->bob addAdvancedMsgListener:thrower];
    [w->bob removeAdvancedMsgListener:w->bobIn];
    [w->bob addAdvancedMsgListener:w->bobIn]; /* after the thrower now */
    Outcome *o = [Outcome outcome];
    NSString *msgID = [w->alice sendC2CTextMessage:@"throw" to:@"bob"
                                              succ:^{
                                                  [o succeed:nil];
                                                  [NSException raise:@"BlockException" format:@"succ threw"];
                                              }
                                              fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK([w->bobIn waitFor:msgID] != nil);
    o = [Outcome outcome];
    msgID = [w->alice sendC2CTextMessage:@"after the throw" to:@"bob" succ:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK([w->bobIn waitFor:msgID] != nil);
    [w->bob removeAdvancedMsgListener:thrower];
}

/* unInitSDK with requests in flight ends each with exactly one terminal block and returns. */
static void uninit_in_flight(World *w) {
    (void)w;
    enum { N = 40 };
    Inbox *inbox = [Inbox inbox];
    V2TIMManager *erin = start(@"erin", inbox);
    NSMutableArray *outcomes = [NSMutableArray array];
    for (int i = 0; i < N; i++) {
        Outcome *o = [Outcome outcome];
        [outcomes addObject:o];
        if (i % 4 == 3)
            [erin getC2CHistoryMessageList:@"alice" count:10 lastMsg:nil
                                      succ:^(NSArray *msgs) { [o succeed:msgs]; } fail:FAIL(o)];
        else
            [erin sendC2CTextMessage:[NSString stringWithFormat:@"burst %d", i] to:@"alice" succ:SUCC(o) fail:FAIL(o)];
    }
    [erin unInitSDK];
    int ended = 0;
    for (Outcome *o in outcomes) ended += [o terminals] == 1;
    CHECK_INT(ended, N);
    CHECK_INT([erin getLoginStatus], V2TIM_STATUS_LOGOUT);
    /* After unInitSDK: 6013 at once. */
    Outcome *o = [Outcome outcome];
    [erin logout:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], HARK_ERR_NOT_INITIALIZED);
    [erin removeAdvancedMsgListener:inbox];
}

static void logout(World *w) {
    Outcome *o = [Outcome outcome];
    [w->carol logout:SUCC(o) fail:FAIL(o)];
    CHECK_INT([o wait], 0);
    CHECK_INT([w->carol getLoginStatus], V2TIM_STATUS_LOGOUT);
    CHECK([w->carol getLoginUser] == nil);
}

static void round_trip(int round) {
    World w = {0};
    w.round = round;
    @autoreleasepool {
        w.events = [[[SDKEvents alloc] init] autorelease];
        w.aliceIn = [Inbox inbox];
        w.bobIn = [Inbox inbox];
        w.carolIn = [Inbox inbox];
        w.alice = [V2TIMManager sharedInstance];
        [w.alice addIMSDKListener:w.events];
        CHECK([w.alice initSDK:app_id() config:config()]);
        [w.alice addAdvancedMsgListener:w.aliceIn];
        login(w.alice, @"alice");
        w.bob = start(@"bob", w.bobIn);
        w.carol = start(@"carol", w.carolIn);

        login_and_listeners(&w);
        c2c(&w);
        seed_sample(&w);
        append_elems(&w);
        append_refusals(&w);
        groups(&w);
        targeted(&w);
        image(&w);
        sound_video_file(&w);
        history(&w);
        errors(&w);
        push_config(&w);
        throwing(&w);
        uninit_in_flight(&w);
        logout(&w);

        CHECK_INT([w.aliceIn onMainThread] + [w.bobIn onMainThread] + [w.carolIn onMainThread], 0);
        /* Stop every libhark thread before the pool and main go away. */
        [w.alice unInitSDK];
        [w.bob unInitSDK];
        [w.carol unInitSDK];
        CHECK_INT([w.alice getLoginStatus], V2TIM_STATUS_LOGOUT);
        [w.alice removeIMSDKListener:w.events];
        [w.alice removeAdvancedMsgListener:w.aliceIn];
        [w.bob removeAdvancedMsgListener:w.bobIn];
        [w.carol removeAdvancedMsgListener:w.carolIn];
    }
    /* Every block's captured objects were released exactly once: none is left alive. */
    CHECK_INT([Tracked alive], 0);
}

int main(void) {
    g_main_thread = pthread_self();
    const char *rounds_env = getenv("V2TIM_ROUNDS");
    int rounds = rounds_env ? atoi(rounds_env) : 3;
    @autoreleasepool {
        char tmpl[] = "/tmp/v2tim-objc-XXXXXX";
        if (!mkdtemp(tmpl)) return 2;
        g_dir = [[NSString alloc] initWithUTF8String:tmpl];
        [V2TIMManager sharedInstance]; /* +initialize on the main thread, before any SDK thread */
    }
    conversation_scenario(); /* first: it needs users who have not talked yet */
    for (int r = 0; r < rounds; r++) round_trip(r);
    read_receipt_scenario(); /* after the rounds: dave logs in for the first time here */
    @autoreleasepool {
        [[NSFileManager defaultManager] removeItemAtPath:g_dir error:NULL];
        [g_dir release];
    }
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed ? 1 : 0;
}
