// V2TIMListener.h - V2TIM's listeners, with the events libhark reports. Every method has an
// empty default, so an app overrides only what it needs.
#ifndef V2TIM_HARK_LISTENER_H
#define V2TIM_HARK_LISTENER_H

#include "V2TIMString.h"

struct V2TIMMessage;

class V2TIMSDKListener {
public:
    virtual ~V2TIMSDKListener() = default;
    virtual void OnConnecting() {}
    virtual void OnConnectSuccess() {}
    virtual void OnConnectFailed(int error_code, const V2TIMString& error_message) {
        (void)error_code;
        (void)error_message;
    }
    // A newer login of the same user on the same platform took over.
    virtual void OnKickedOffline() {}
    virtual void OnUserSigExpired() {}
};

class V2TIMAdvancedMsgListener {
public:
    virtual ~V2TIMAdvancedMsgListener() = default;
    virtual void OnRecvNewMessage(const V2TIMMessage& message) { (void)message; }
};

#endif
