/* V2TIMMessage: owns one libhark message and reads its fields on demand, so a message being
 * sent shows the send's progress. */
#import "V2TIMInternal.h"

@implementation V2TIMMessage

- (instancetype)initWithHandle:(hark_message *)handle manager:(V2TIMManager *)manager {
    if (!handle) {
        [self release];
        return nil;
    }
    if ((self = [super init])) {
        _handle = handle;
        _manager = [manager retain];
    } else {
        hark_message_free(handle);
    }
    return self;
}

- (void)dealloc {
    hark_message_free(_handle);
    [_manager release];
    [super dealloc];
}

- (hark_message *)handle {
    return _handle;
}

- (V2TIMManager *)manager {
    return _manager;
}

- (NSString *)msgID {
    return v2_string_or_nil(hark_message_get_msg_id(_handle));
}

- (NSDate *)timestamp {
    int64_t t = hark_message_get_timestamp(_handle);
    return t ? [NSDate dateWithTimeIntervalSince1970:(NSTimeInterval)t] : nil;
}

- (NSString *)sender {
    return v2_string_or_nil(hark_message_get_sender(_handle));
}

- (NSString *)userID {
    return v2_string_or_nil(hark_message_get_user_id(_handle));
}

- (NSString *)groupID {
    return v2_string_or_nil(hark_message_get_group_id(_handle));
}

- (uint64_t)seq {
    return hark_message_get_seq(_handle);
}

- (uint64_t)random {
    return hark_message_get_random(_handle);
}

- (V2TIMMessageStatus)status {
    return hark_message_get_status(_handle);
}

- (BOOL)isSelf {
    return hark_message_is_self(_handle);
}

- (BOOL)isRead {
    return hark_message_is_read(_handle);
}

- (BOOL)isPeerRead {
    return hark_message_is_peer_read(_handle);
}

- (V2TIMMessagePriority)priority {
    return hark_message_get_priority(_handle);
}

- (BOOL)isDropped {
    return hark_message_is_dropped(_handle);
}

- (NSMutableArray<NSString *> *)targetGroupMemberList {
    size_t count = hark_message_get_target_count(_handle);
    NSMutableArray *list = [NSMutableArray arrayWithCapacity:count];
    for (size_t i = 0; i < count; i++) [list addObject:v2_string(hark_message_get_target(_handle, i))];
    return list;
}

- (V2TIMElemType)elemType {
    return hark_message_get_elem_type(_handle, 0);
}

/* The first elem when it is a cls. */
- (id)v2_firstElemOf:(Class)cls {
    V2TIMElem *elem = [V2TIMElem elemOf:self index:0];
    return [elem isKindOfClass:cls] ? elem : nil;
}

- (V2TIMTextElem *)textElem {
    return [self v2_firstElemOf:[V2TIMTextElem class]];
}

- (V2TIMCustomElem *)customElem {
    return [self v2_firstElemOf:[V2TIMCustomElem class]];
}

- (V2TIMImageElem *)imageElem {
    return [self v2_firstElemOf:[V2TIMImageElem class]];
}

- (V2TIMSoundElem *)soundElem {
    return [self v2_firstElemOf:[V2TIMSoundElem class]];
}

- (V2TIMVideoElem *)videoElem {
    return [self v2_firstElemOf:[V2TIMVideoElem class]];
}

- (V2TIMFileElem *)fileElem {
    return [self v2_firstElemOf:[V2TIMFileElem class]];
}

- (V2TIMLocationElem *)locationElem {
    return [self v2_firstElemOf:[V2TIMLocationElem class]];
}

- (V2TIMFaceElem *)faceElem {
    return [self v2_firstElemOf:[V2TIMFaceElem class]];
}

- (V2TIMOfflinePushInfo *)offlinePushInfo {
    hark_offline_push_info info;
    if (hark_message_get_offline_push_info(_handle, &info) != 0) return nil;
    return [[[V2TIMOfflinePushInfo alloc] initWithHark:&info] autorelease];
}

- (BOOL)needReadReceipt {
    return hark_message_get_need_read_receipt(_handle);
}

/* libhark refuses (6017) a message already sent or received, which V2TIM's setter ignores. */
- (void)setNeedReadReceipt:(BOOL)needReadReceipt {
    hark_message_set_need_read_receipt(_handle, needReadReceipt);
}

@end
