package io.hark.imsdk.v2;

/** A member to add when creating a group (joins as an ordinary member). */
public class V2TIMCreateGroupMemberInfo {
    private String userID;

    public String getUserID() {
        return userID;
    }

    public void setUserID(String userID) {
        this.userID = userID;
    }
}
