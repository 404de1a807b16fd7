package io.hark.imsdk.v2;

/** What V2TIMGroupManager.createGroup needs of a group: its type, id and name. */
public class V2TIMGroupInfo {
    private String groupType = V2TIMManager.GROUP_TYPE_WORK;
    private String groupID;
    private String groupName = "";

    public String getGroupType() {
        return groupType;
    }

    /** V2TIMManager.GROUP_TYPE_*. */
    public void setGroupType(String groupType) {
        this.groupType = groupType;
    }

    public String getGroupID() {
        return groupID;
    }

    /** Null or "": harkd assigns one. */
    public void setGroupID(String groupID) {
        this.groupID = groupID;
    }

    public String getGroupName() {
        return groupName;
    }

    public void setGroupName(String groupName) {
        this.groupName = groupName;
    }
}
