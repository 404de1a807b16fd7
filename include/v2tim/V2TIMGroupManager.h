// V2TIMGroupManager.h - V2TIM's group manager: the member list. Creating, joining, quitting
// and dismissing groups are on V2TIMManager, as in V2TIM.
#ifndef V2TIM_HARK_GROUP_MANAGER_H
#define V2TIM_HARK_GROUP_MANAGER_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "../hark.h"
#include "V2TIMCallback.h"
#include "V2TIMGroup.h"
#include "V2TIMString.h"
#include "detail/callbacks.h"
#include "detail/core.h"

class V2TIMManager;

class V2TIMGroupManager {
public:
    V2TIMGroupManager(const V2TIMGroupManager&) = delete;
    V2TIMGroupManager& operator=(const V2TIMGroupManager&) = delete;

    // Every member in one page (nextSeq must be 0; anything else is 6017), kept to the roles
    // of `filter` (V2TIMGroupMemberFilter bits; 0 = all). Only members may list (10007).
    void GetGroupMemberList(const V2TIMString& groupID, uint32_t filter, uint64_t nextSeq,
                            V2TIMValueCallback<V2TIMGroupMemberInfoResult>* callback) {
        hark_member_list_callback cb{};
        cb.on_success = [](const hark_group_member* members, size_t count, void* ud) {
            v2tim_detail::Guard([&] {
                const Request* r = static_cast<Request*>(ud);
                if (!r->cb) return;
                V2TIMGroupMemberInfoResult result;
                for (size_t i = 0; i < count; i++) {
                    if (!Wanted(r->filter, members[i].role)) continue;
                    V2TIMGroupMemberFullInfo info;
                    info.userID = V2TIMString(members[i].user_id);
                    info.role = members[i].role;
                    info.joinTime = members[i].join_time;
                    result.memberInfoList.PushBack(info);
                }
                r->cb->OnSuccess(result);
            });
        };
        cb.on_error = [](int32_t code, const char* desc, void* ud) {
            v2tim_detail::OnErrorOf<V2TIMValueCallback<V2TIMGroupMemberInfoResult>>(code, desc, static_cast<Request*>(ud)->cb);
        };
        cb.user_data = new Request{callback, filter};
        cb.free_user_data = [](void* ud) { delete static_cast<Request*>(ud); };
        // A page after the only one goes as a NULL group, which libhark refuses with 6017.
        v2tim_detail::Start(*core_, cb, [&](hark_client* c, const hark_member_list_callback& list) {
            return hark_get_group_member_list(c, nextSeq == 0 ? groupID.CString() : nullptr, list);
        });
    }

private:
    friend class V2TIMManager;
    explicit V2TIMGroupManager(std::shared_ptr<v2tim_detail::Core> core) : core_(std::move(core)) {}

    struct Request {
        V2TIMValueCallback<V2TIMGroupMemberInfoResult>* cb;
        uint32_t filter;
    };

    static bool Wanted(uint32_t filter, uint32_t role) {
        if (filter == V2TIM_GROUP_MEMBER_FILTER_ALL) return true;
        return ((filter & V2TIM_GROUP_MEMBER_FILTER_OWNER) && role == V2TIM_GROUP_MEMBER_ROLE_SUPER) ||
               ((filter & V2TIM_GROUP_MEMBER_FILTER_ADMIN) && role == V2TIM_GROUP_MEMBER_ROLE_ADMIN) ||
               ((filter & V2TIM_GROUP_MEMBER_FILTER_COMMON) && role == V2TIM_GROUP_MEMBER_ROLE_MEMBER);
    }

    std::shared_ptr<v2tim_detail::Core> core_;
};

#endif
