// V2TIMGroup.h - V2TIM's group member types, with the fields harkd knows, and the results
// of InviteUserToGroup.
#ifndef V2TIM_HARK_GROUP_H
#define V2TIM_HARK_GROUP_H

#include <cstdint>

#include "../hark.h"
#include "V2TIMDefine.h"
#include "V2TIMString.h"

enum V2TIMGroupMemberRole {
    V2TIM_GROUP_MEMBER_UNDEFINED = 0,
    V2TIM_GROUP_MEMBER_ROLE_MEMBER = HARK_GROUP_MEMBER_ROLE_MEMBER,
    V2TIM_GROUP_MEMBER_ROLE_ADMIN = HARK_GROUP_MEMBER_ROLE_ADMIN,
    V2TIM_GROUP_MEMBER_ROLE_SUPER = HARK_GROUP_MEMBER_ROLE_OWNER,
};

// Bits of GetGroupMemberList's filter; 0 is everyone.
enum V2TIMGroupMemberFilter {
    V2TIM_GROUP_MEMBER_FILTER_ALL = 0x00,
    V2TIM_GROUP_MEMBER_FILTER_OWNER = 0x01,
    V2TIM_GROUP_MEMBER_FILTER_ADMIN = 0x02,
    V2TIM_GROUP_MEMBER_FILTER_COMMON = 0x04,
};

struct V2TIMGroupMemberInfo {
    V2TIMString userID;
};

struct V2TIMGroupMemberFullInfo : public V2TIMGroupMemberInfo {
    uint32_t role = V2TIM_GROUP_MEMBER_UNDEFINED;  // V2TIMGroupMemberRole
    int64_t joinTime = 0;                          // seconds since the Unix epoch
};

DEFINE_VECTOR(V2TIMGroupMemberFullInfo)
typedef TXV2TIMGroupMemberFullInfoVector V2TIMGroupMemberFullInfoVector;

struct V2TIMGroupMemberInfoResult {
    // Always 0: harkd returns every member in one page.
    uint64_t nextSequence = 0;
    V2TIMGroupMemberFullInfoVector memberInfoList;
};

// What InviteUserToGroup did to one user.
enum V2TIMGroupMemberResult {
    V2TIM_GROUP_MEMBER_RESULT_FAIL = HARK_GROUP_MEMBER_RESULT_FAIL,          // no such user
    V2TIM_GROUP_MEMBER_RESULT_SUCC = HARK_GROUP_MEMBER_RESULT_SUCC,          // added
    V2TIM_GROUP_MEMBER_RESULT_INVALID = HARK_GROUP_MEMBER_RESULT_INVALID,    // a member already
    // V2TIM's; harkd never answers them: it adds at once, and refuses an invitation that
    // would grow the group past its cap as a whole (10014).
    V2TIM_GROUP_MEMBER_RESULT_PENDING = HARK_GROUP_MEMBER_RESULT_PENDING,
    V2TIM_GROUP_MEMBER_RESULT_OVERLIMIT = HARK_GROUP_MEMBER_RESULT_OVERLIMIT,
};

struct V2TIMGroupMemberOperationResult {
    V2TIMString userID;
    V2TIMGroupMemberResult result = V2TIM_GROUP_MEMBER_RESULT_FAIL;
};

DEFINE_VECTOR(V2TIMGroupMemberOperationResult)
typedef TXV2TIMGroupMemberOperationResultVector V2TIMGroupMemberOperationResultVector;

#endif
