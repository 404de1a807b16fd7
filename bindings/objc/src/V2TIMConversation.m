/* V2TIMConversation: a copy of one libhark conversation, made while its handle is valid. */
#import "V2TIMInternal.h"

@interface V2TIMConversation ()
- (instancetype)initWithHark:(const hark_conversation *)conv manager:(V2TIMManager *)manager;
@end

@implementation V2TIMConversation

@synthesize type = _type, conversationID = _conversationID, userID = _userID, groupID = _groupID;
@synthesize groupType = _groupType, showName = _showName, unreadCount = _unreadCount;
@synthesize lastMessage = _lastMessage, draftText = _draftText, isPinned = _isPinned, orderKey = _orderKey;

- (instancetype)initWithHark:(const hark_conversation *)conv manager:(V2TIMManager *)manager {
    if ((self = [super init])) {
        _type = hark_conversation_get_type(conv);
        _conversationID = [v2_string(hark_conversation_get_conversation_id(conv)) copy];
        _userID = [v2_string_or_nil(hark_conversation_get_user_id(conv)) copy];
        _groupID = [v2_string_or_nil(hark_conversation_get_group_id(conv)) copy];
        _groupType = [v2_string_or_nil(hark_conversation_get_group_type(conv)) copy];
        _showName = [v2_string(hark_conversation_get_show_name(conv)) copy];
        _unreadCount = v2_int(hark_conversation_get_unread_count(conv));
        /* nil when there is none (initWithHandle: takes NULL for nil) */
        _lastMessage = [[V2TIMMessage alloc] initWithHandle:hark_message_clone(hark_conversation_get_last_message(conv))
                                                    manager:manager];
        _draftText = [v2_string_or_nil(hark_conversation_get_draft_text(conv)) copy];
        _isPinned = hark_conversation_is_pinned(conv);
        _orderKey = (NSUInteger)hark_conversation_get_order_key(conv);
    }
    return self;
}

- (void)dealloc {
    [_conversationID release];
    [_userID release];
    [_groupID release];
    [_groupType release];
    [_showName release];
    [_lastMessage release];
    [_draftText release];
    [super dealloc];
}

@end

NSArray<V2TIMConversation *> *v2_conversations(const hark_conversation *const *convs, size_t count,
                                               V2TIMManager *manager) {
    NSMutableArray *list = [NSMutableArray arrayWithCapacity:count];
    for (size_t i = 0; i < count; i++) {
        V2TIMConversation *conv = [[V2TIMConversation alloc] initWithHark:convs[i] manager:manager];
        [list addObject:conv];
        [conv release];
    }
    return list;
}
