package io.hark.imsdk.v2;

/** One member of a group. */
public class V2TIMGroupMemberFullInfo {
    public static final int V2TIM_GROUP_MEMBER_ROLE_MEMBER = 200;
    public static final int V2TIM_GROUP_MEMBER_ROLE_ADMIN = 300;
    public static final int V2TIM_GROUP_MEMBER_ROLE_OWNER = 400;

    public static final int V2TIM_GROUP_MEMBER_FILTER_ALL = 0x00;
    public static final int V2TIM_GROUP_MEMBER_FILTER_OWNER = 0x01;
    public static final int V2TIM_GROUP_MEMBER_FILTER_ADMIN = 0x02;
    public static final int V2TIM_GROUP_MEMBER_FILTER_COMMON = 0x04;

    private final String userID;
    private final int role;
    private final long joinTime;

    V2TIMGroupMemberFullInfo(String userID, int role, long joinTime) {
        this.userID = userID;
        this.role = role;
        this.joinTime = joinTime;
    }

    static boolean matches(int filter, int role) {
        if (filter == V2TIM_GROUP_MEMBER_FILTER_ALL) return true;
        return ((filter & V2TIM_GROUP_MEMBER_FILTER_OWNER) != 0 && role == V2TIM_GROUP_MEMBER_ROLE_OWNER)
                || ((filter & V2TIM_GROUP_MEMBER_FILTER_ADMIN) != 0 && role == V2TIM_GROUP_MEMBER_ROLE_ADMIN)
                || ((filter & V2TIM_GROUP_MEMBER_FILTER_COMMON) != 0 && role == V2TIM_GROUP_MEMBER_ROLE_MEMBER);
    }

    public String getUserID() {
        return userID;
    }

    /** V2TIM_GROUP_MEMBER_ROLE_*. */
    public int getRole() {
        return role;
    }

    /** Seconds since the Unix epoch. */
    public long getJoinTime() {
        return joinTime;
    }
}
