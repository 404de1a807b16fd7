/* V2TIMManager (Group): a group created with members, the member list, invitations. */
#import "V2TIMInternal.h"

#include <stdlib.h>

@implementation V2TIMManager (Group)

- (void)createGroup:(V2TIMGroupInfo *)info
         memberList:(NSArray<V2TIMCreateGroupMemberInfo *> *)memberList
               succ:(V2TIMCreateGroupSucc)succ
               fail:(V2TIMFail)fail {
    NSUInteger count = [memberList count];
    const char **ids = calloc(count ? count : 1, sizeof *ids);
    if (!ids) [NSException raise:NSMallocException format:@"V2TIM: out of memory"];
    for (NSUInteger i = 0; i < count; i++) ids[i] = [[[memberList objectAtIndex:i] userID] UTF8String];
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->string_succ = V2_COPY(succ);
    /* V2TIM passes nil or @"" to let the server pick the id. */
    const char *group_id = [[info groupID] length] ? [[info groupID] UTF8String] : NULL;
    V2_WITH_CLIENT(self, c, hark_create_group(client, [[info groupType] UTF8String], group_id,
                                              [[info groupName] UTF8String], ids, count, v2_string_callback(c)));
    free(ids);
}

- (void)getGroupMemberList:(NSString *)groupID
                    filter:(V2TIMGroupMemberFilter)filter
                   nextSeq:(uint64_t)nextSeq
                      succ:(V2TIMGroupMemberInfoResultSucc)succ
                      fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->member_succ = V2_COPY(succ);
    c->member_filter = (uint32_t)filter;
    /* Only the first page exists; a later one would be a caller's bug, refused as libhark
     * refuses a bad argument (a NULL group id gives 6017 through fail). */
    const char *group_id = nextSeq == 0 ? [groupID UTF8String] : NULL;
    V2_WITH_CLIENT(self, c, hark_get_group_member_list(client, group_id, v2_member_list_callback(c)));
}

- (void)inviteUserToGroup:(NSString *)groupID
                 userList:(NSArray<NSString *> *)userList
                     succ:(V2TIMGroupMemberOperationResultListSucc)succ
                     fail:(V2TIMFail)fail {
    const char **ids = v2_c_strings(userList);
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->member_results_succ = V2_COPY(succ);
    V2_WITH_CLIENT(self, c, hark_invite_user_to_group(client, [groupID UTF8String], ids, [userList count],
                                                      v2_member_result_callback(c)));
    free(ids);
}

@end
