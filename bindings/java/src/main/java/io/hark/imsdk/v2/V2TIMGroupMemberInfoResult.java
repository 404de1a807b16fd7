package io.hark.imsdk.v2;

import java.util.List;

/** A page of group members; harkd answers with all of them, so the next seq is always 0. */
public class V2TIMGroupMemberInfoResult {
    private final List<V2TIMGroupMemberFullInfo> members;

    V2TIMGroupMemberInfoResult(List<V2TIMGroupMemberFullInfo> members) {
        this.members = members;
    }

    public long getNextSeq() {
        return 0;
    }

    public List<V2TIMGroupMemberFullInfo> getMemberInfoList() {
        return members;
    }
}
