/* V2TIMMessageReceipt: a copy of one libhark read receipt, made during its callback. */
#import "V2TIMInternal.h"

@interface V2TIMMessageReceipt ()
- (instancetype)initWithHark:(const hark_message_receipt *)receipt;
@end

@implementation V2TIMMessageReceipt

@synthesize msgID = _msgID, userID = _userID, groupID = _groupID, isPeerRead = _isPeerRead;
@synthesize timestamp = _timestamp, readCount = _readCount, unreadCount = _unreadCount;

- (instancetype)initWithHark:(const hark_message_receipt *)receipt {
    if ((self = [super init])) {
        _msgID = [v2_string_or_nil(receipt->msg_id) copy];
        _userID = [v2_string_or_nil(receipt->user_id) copy];
        _groupID = [v2_string_or_nil(receipt->group_id) copy];
        _isPeerRead = receipt->is_peer_read;
        _timestamp = (time_t)receipt->timestamp;
        _readCount = v2_int(receipt->read_count);
        _unreadCount = v2_int(receipt->unread_count);
    }
    return self;
}

- (void)dealloc {
    [_msgID release];
    [_userID release];
    [_groupID release];
    [super dealloc];
}

@end

NSArray<V2TIMMessageReceipt *> *v2_receipts(const hark_message_receipt *receipts, size_t count) {
    NSMutableArray *list = [NSMutableArray arrayWithCapacity:count];
    for (size_t i = 0; i < count; i++) {
        V2TIMMessageReceipt *receipt = [[V2TIMMessageReceipt alloc] initWithHark:&receipts[i]];
        [list addObject:receipt];
        [receipt release];
    }
    return list;
}
