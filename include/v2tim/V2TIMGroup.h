// V2TIMGroup.h - V2TIM's group member types, with the fields harkd knows.
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

#endif
