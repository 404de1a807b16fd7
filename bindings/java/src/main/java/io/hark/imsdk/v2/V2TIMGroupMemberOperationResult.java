package io.hark.imsdk.v2;

/** What inviteUserToGroup did to one user. */
public class V2TIMGroupMemberOperationResult {
    public static final int OPERATION_RESULT_FAIL = 0;
    public static final int OPERATION_RESULT_SUCC = 1;
    public static final int OPERATION_RESULT_INVALID = 2;
    public static final int OPERATION_RESULT_PENDING = 3;
    public static final int OPERATION_RESULT_OVERLIMIT = 4;

    private final String memberID;
    private final int result;

    V2TIMGroupMemberOperationResult(String memberID, int result) {
        this.memberID = memberID;
        this.result = result;
    }

    public String getMemberID() {
        return memberID;
    }

    /** OPERATION_RESULT_*: SUCC added, INVALID a member already, FAIL no such user. */
    public int getResult() {
        return result;
    }
}
