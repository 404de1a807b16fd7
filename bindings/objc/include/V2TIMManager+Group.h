/*
 * V2TIMManager+Group.h - creating a group with members, and listing a group's members.
 */
#ifndef HARK_V2TIM_MANAGER_GROUP_H
#define HARK_V2TIM_MANAGER_GROUP_H

#import "V2TIMManager.h"

@class V2TIMGroupInfo;
@class V2TIMCreateGroupMemberInfo;
@class V2TIMGroupMemberFullInfo;
@class V2TIMGroupMemberOperationResult;

/* nextSeq is always 0: harkd returns the whole list in one page. */
typedef void (^V2TIMGroupMemberInfoResultSucc)(uint64_t nextSeq, NSArray<V2TIMGroupMemberFullInfo *> *memberList);

/* One result per user asked, in order. */
typedef void (^V2TIMGroupMemberOperationResultListSucc)(NSArray<V2TIMGroupMemberOperationResult *> *resultList);

typedef NS_ENUM(NSInteger, V2TIMGroupMemberResult) {
    V2TIM_GROUP_MEMBER_RESULT_FAIL = 0,
    V2TIM_GROUP_MEMBER_RESULT_SUCC = 1,
    V2TIM_GROUP_MEMBER_RESULT_INVALID = 2,
    V2TIM_GROUP_MEMBER_RESULT_PENDING = 3,
    V2TIM_GROUP_MEMBER_RESULT_OVERLIMIT = 4,
};

typedef NS_ENUM(NSInteger, V2TIMGroupMemberFilter) {
    V2TIM_GROUP_MEMBER_FILTER_ALL = 0x00,
    V2TIM_GROUP_MEMBER_FILTER_OWNER = 0x01,
    V2TIM_GROUP_MEMBER_FILTER_ADMIN = 0x02,
    V2TIM_GROUP_MEMBER_FILTER_COMMON = 0x04,
};

@interface V2TIMManager (Group)
/* Creates info.groupType group info.groupName (info.groupID nil: harkd assigns one) with the
 * caller as owner and memberList as members. */
- (void)createGroup:(V2TIMGroupInfo *)info
         memberList:(NSArray<V2TIMCreateGroupMemberInfo *> *)memberList
               succ:(V2TIMCreateGroupSucc)succ
               fail:(V2TIMFail)fail;
/* The members whose role the filter selects (ALL: every member), in one page. nextSeq must be
 * 0, the only value succ ever hands back. */
- (void)getGroupMemberList:(NSString *)groupID
                    filter:(V2TIMGroupMemberFilter)filter
                   nextSeq:(uint64_t)nextSeq
                      succ:(V2TIMGroupMemberInfoResultSucc)succ
                      fail:(V2TIMFail)fail;
/* Adds userList (1..500 users) to the group: in a Work group any member may, in a Community
 * its owner; Public, Meeting and AVChatRoom groups take no invitations (10007). succ gets one
 * result per user, in order: SUCC (added), INVALID (a member already), FAIL (no such user).
 * None is added when the group would grow past its type's cap (10014); 6017 for an empty
 * list or over 500, 10015 for an invalid group id. */
- (void)inviteUserToGroup:(NSString *)groupID
                 userList:(NSArray<NSString *> *)userList
                     succ:(V2TIMGroupMemberOperationResultListSucc)succ
                     fail:(V2TIMFail)fail;
@end

/* The fields of a new group that harkd stores. */
@interface V2TIMGroupInfo : NSObject {
  @private
    NSString *_groupID, *_groupType, *_groupName;
}
@property(nonatomic, copy) NSString *groupID;
@property(nonatomic, copy) NSString *groupType;
@property(nonatomic, copy) NSString *groupName;
@end

/* A member of a new group; harkd makes every one an ordinary member. */
@interface V2TIMCreateGroupMemberInfo : NSObject {
  @private
    NSString *_userID;
}
@property(nonatomic, copy) NSString *userID;
@end

@interface V2TIMGroupMemberFullInfo : NSObject {
  @private
    NSString *_userID;
    uint32_t _role;
    time_t _joinTime;
}
@property(nonatomic, readonly) NSString *userID;
/* V2TIMGroupMemberRole. */
@property(nonatomic, readonly) uint32_t role;
/* Seconds since the Unix epoch. */
@property(nonatomic, readonly) time_t joinTime;
@end

/* What inviteUserToGroup: did to one user. */
@interface V2TIMGroupMemberOperationResult : NSObject {
  @private
    NSString *_userID;
    V2TIMGroupMemberResult _result;
}
@property(nonatomic, readonly) NSString *userID;
@property(nonatomic, readonly) V2TIMGroupMemberResult result;
@end

#endif
