/* The group value classes: V2TIMGroupInfo, V2TIMCreateGroupMemberInfo, V2TIMGroupMemberFullInfo,
 * V2TIMGroupMemberOperationResult. */
#import "V2TIMInternal.h"

@implementation V2TIMGroupInfo

@synthesize groupID = _groupID, groupType = _groupType, groupName = _groupName;

- (void)dealloc {
    [_groupID release];
    [_groupType release];
    [_groupName release];
    [super dealloc];
}

@end

@implementation V2TIMCreateGroupMemberInfo

@synthesize userID = _userID;

- (void)dealloc {
    [_userID release];
    [super dealloc];
}

@end

@implementation V2TIMGroupMemberFullInfo

@synthesize userID = _userID, role = _role, joinTime = _joinTime;

- (instancetype)initWithHark:(const hark_group_member *)member {
    if ((self = [super init])) {
        _userID = [v2_string(member->user_id) copy];
        _role = member->role;
        _joinTime = (time_t)member->join_time;
    }
    return self;
}

- (void)dealloc {
    [_userID release];
    [super dealloc];
}

@end

@implementation V2TIMGroupMemberOperationResult

@synthesize userID = _userID, result = _result;

- (instancetype)initWithHark:(const hark_group_member_operation_result *)result {
    if ((self = [super init])) {
        _userID = [v2_string(result->user_id) copy];
        _result = result->result;
    }
    return self;
}

- (void)dealloc {
    [_userID release];
    [super dealloc];
}

@end
