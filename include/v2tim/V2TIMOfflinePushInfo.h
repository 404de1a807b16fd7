// V2TIMOfflinePushInfo.h - the push settings a message carries (V2TIM's fields; every one
// reaches the receivers and harkd's push gateway).
#ifndef V2TIM_HARK_OFFLINE_PUSH_INFO_H
#define V2TIM_HARK_OFFLINE_PUSH_INFO_H

#include "V2TIMMessageEnums.h"
#include "V2TIMString.h"

struct V2TIMOfflinePushInfo {
    V2TIMString title;
    // Required for a custom message to be pushed.
    V2TIMString desc;
    V2TIMString ext;
    bool disablePush = false;
    V2TIMIOSOfflinePushType iOSPushType = V2TIM_IOS_OFFLINE_PUSH_TYPE_APNS;
    bool ignoreIOSBadge = false;
    V2TIMString iOSSound;
    V2TIMString AndroidSound;
    V2TIMString AndroidOPPOChannelID;
    V2TIMString AndroidFCMChannelID;
    V2TIMString AndroidXiaoMiChannelID;
    int AndroidVIVOClassification = 1;
    V2TIMString AndroidHuaWeiCategory;
};

#endif
