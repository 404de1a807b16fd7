package io.hark.imsdk.v2;

/** What getHistoryMessageList reads: a C2C (userID) or group (groupID) conversation. */
public class V2TIMMessageListGetOption {
    public static final int V2TIM_GET_CLOUD_OLDER_MSG = 1;
    public static final int V2TIM_GET_CLOUD_NEWER_MSG = 2;
    public static final int V2TIM_GET_LOCAL_OLDER_MSG = 3;
    public static final int V2TIM_GET_LOCAL_NEWER_MSG = 4;

    private int getType = V2TIM_GET_CLOUD_OLDER_MSG;
    private String userID;
    private String groupID;
    private int count;
    private V2TIMMessage lastMsg;

    public int getGetType() {
        return getType;
    }

    public void setGetType(int getType) {
        this.getType = getType;
    }

    public String getUserID() {
        return userID;
    }

    public void setUserID(String userID) {
        this.userID = userID;
    }

    public String getGroupID() {
        return groupID;
    }

    public void setGroupID(String groupID) {
        this.groupID = groupID;
    }

    public int getCount() {
        return count;
    }

    public void setCount(int count) {
        this.count = count;
    }

    public V2TIMMessage getLastMsg() {
        return lastMsg;
    }

    /** The page ends before this message; null starts from the newest. */
    public void setLastMsg(V2TIMMessage lastMsg) {
        this.lastMsg = lastMsg;
    }
}
