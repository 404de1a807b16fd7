package io.hark.imsdk.v2;

import java.util.List;

/** Group calls beyond V2TIMManager's: creating with members, the member list, invitations. */
public final class V2TIMGroupManager {
    private final V2TIMManager owner;

    V2TIMGroupManager(V2TIMManager owner) {
        this.owner = owner;
    }

    /** Creates the group {@code info} describes with the caller as owner and {@code memberList} as members. */
    public void createGroup(V2TIMGroupInfo info, List<V2TIMCreateGroupMemberInfo> memberList,
            V2TIMValueCallback<String> callback) {
        String[] ids = new String[memberList == null ? 0 : memberList.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = memberList.get(i).getUserID();
        }
        if (info == null) info = new V2TIMGroupInfo();
        createGroup(info.getGroupType(), info.getGroupID(), info.getGroupName(), java.util.Arrays.asList(ids), callback);
    }

    void createGroup(String type, String groupID, String name, List<String> members, V2TIMValueCallback<String> callback) {
        NativeCallback cb = new NativeCallback.Text(callback);
        owner.client.request(cb, c -> HarkNative.createGroup(c, Utf8.bytes(type), Utf8.bytesOrNull(groupID),
                Utf8.bytes(name), Utf8.bytes(members), cb));
    }

    /**
     * The members whose role {@code filter} (V2TIMGroupMemberFullInfo.V2TIM_GROUP_MEMBER_FILTER_*)
     * selects. harkd answers with every member at once, so {@code nextSeq} is ignored and the
     * result's next seq is 0.
     */
    public void getGroupMemberList(String groupID, int filter, long nextSeq,
            V2TIMValueCallback<V2TIMGroupMemberInfoResult> callback) {
        NativeCallback cb = new NativeCallback.Members(callback, filter);
        owner.client.request(cb, c -> HarkNative.groupMemberList(c, Utf8.bytes(groupID), cb));
    }

    /**
     * Adds {@code userList} (1 to 500 users) to the group: in a Work group any member may, in
     * a Community its owner; Public, Meeting and AVChatRoom groups take no invitations
     * (10007). The value has one result per user, in order: OPERATION_RESULT_SUCC (added),
     * _INVALID (a member already), _FAIL (no such user). When the group would grow past its
     * type's cap none is added (10014). An empty list or one over 500 fails with 6017.
     */
    public void inviteUserToGroup(String groupID, List<String> userList,
            V2TIMValueCallback<List<V2TIMGroupMemberOperationResult>> callback) {
        NativeCallback cb = new NativeCallback.MemberResults(callback);
        byte[][] users = Utf8.bytes(userList);
        owner.client.request(cb, c -> HarkNative.inviteUserToGroup(c, Utf8.bytes(groupID), users, cb));
    }
}
