// V2TIMGroupManager.h - V2TIM's group manager: the member list and invitations. Creating,
// joining, quitting and dismissing groups are on V2TIMManager, as in V2TIM.
#ifndef V2TIM_HARK_GROUP_MANAGER_H
#define V2TIM_HARK_GROUP_MANAGER_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "../hark.h"
#include "V2TIMCallback.h"
#include "V2TIMGroup.h"
#include "V2TIMString.h"
#include "detail/c_strings.h"
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

    // Adds userList (1..500 users) to the group: in a Work group any member may invite, in a
    // Community its owner; Public, Meeting and AVChatRoom groups take no invitations (10007).
    // OnSuccess gets one result per user, in order: SUCC (added), INVALID (a member already),
    // FAIL (no such user). None is added when the group would grow past its type's cap
    // (10014). 6017 for no users or over 500, 10015 for an invalid groupID.
    void InviteUserToGroup(const V2TIMString& groupID, const V2TIMStringVector& userList,
                           V2TIMValueCallback<V2TIMGroupMemberOperationResultVector>* callback) {
        const std::vector<const char*> ids = v2tim_detail::CStrings(userList);
        v2tim_detail::Start(*core_, ResultsCallbackOf(callback), [&](hark_client* c, const hark_member_result_callback& cb) {
            return hark_invite_user_to_group(c, groupID.CString(), ids.data(), ids.size(), cb);
        });
    }

private:
    friend class V2TIMManager;
    explicit V2TIMGroupManager(std::shared_ptr<v2tim_detail::Core> core) : core_(std::move(core)) {}

    struct Request {
        V2TIMValueCallback<V2TIMGroupMemberInfoResult>* cb;
        uint32_t filter;
    };

    using ResultsCallback = V2TIMValueCallback<V2TIMGroupMemberOperationResultVector>;

    // The app's callback is the user_data: nothing to free.
    static hark_member_result_callback ResultsCallbackOf(ResultsCallback* callback) {
        hark_member_result_callback c{};
        c.on_success = [](const hark_group_member_operation_result* results, size_t count, void* ud) {
            v2tim_detail::Guard([&] {
                if (!ud) return;
                V2TIMGroupMemberOperationResultVector list;
                for (size_t i = 0; i < count; i++) {
                    V2TIMGroupMemberOperationResult r;
                    r.userID = V2TIMString(results[i].user_id);
                    r.result = static_cast<V2TIMGroupMemberResult>(results[i].result);
                    list.PushBack(r);
                }
                static_cast<ResultsCallback*>(ud)->OnSuccess(list);
            });
        };
        c.on_error = v2tim_detail::OnErrorOf<ResultsCallback>;
        c.user_data = callback;
        return c;
    }

    static bool Wanted(uint32_t filter, uint32_t role) {
        if (filter == V2TIM_GROUP_MEMBER_FILTER_ALL) return true;
        return ((filter & V2TIM_GROUP_MEMBER_FILTER_OWNER) && role == V2TIM_GROUP_MEMBER_ROLE_SUPER) ||
               ((filter & V2TIM_GROUP_MEMBER_FILTER_ADMIN) && role == V2TIM_GROUP_MEMBER_ROLE_ADMIN) ||
               ((filter & V2TIM_GROUP_MEMBER_FILTER_COMMON) && role == V2TIM_GROUP_MEMBER_ROLE_MEMBER);
    }

    std::shared_ptr<v2tim_detail::Core> core_;
};

#endif
