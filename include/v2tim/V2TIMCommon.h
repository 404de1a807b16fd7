// V2TIMCommon.h - the SDK configuration and the login status.
#ifndef V2TIM_HARK_COMMON_H
#define V2TIM_HARK_COMMON_H

#include <cstdint>

#include "../hark.h"
#include "V2TIMString.h"

enum V2TIMLoginStatus {
    V2TIM_STATUS_LOGINED = HARK_LOGIN_STATUS_LOGINED,
    V2TIM_STATUS_LOGINING = HARK_LOGIN_STATUS_LOGINING,
    V2TIM_STATUS_LOGOUT = HARK_LOGIN_STATUS_LOGOUT,
};

// V2TIM's config has log and storage settings; Hark has neither, and needs the server.
struct V2TIMSDKConfig {
    // Hark addition: the harkd to connect to, e.g. "ws://127.0.0.1:7000".
    V2TIMString serverAddress;
    // Hark addition: sent at login; a newer login of the same user on the same platform
    // kicks the older session offline.
    uint32_t platform = 0;
    // Hark addition: how long a request waits for harkd's answer before failing with 9520;
    // 0 is libhark's default, 15000.
    uint32_t requestTimeoutMs = 0;
    // Hark addition: for a "wss://" server, PEM CA certificates to trust besides the public
    // roots (a private CA, a self-signed server). Empty trusts the public roots only.
    V2TIMString caPem;
};

#endif
