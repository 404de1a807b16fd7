// V2TIMOfflinePushManager.h - V2TIM's offline push registration of this device.
#ifndef V2TIM_HARK_OFFLINE_PUSH_MANAGER_H
#define V2TIM_HARK_OFFLINE_PUSH_MANAGER_H

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "../hark.h"
#include "V2TIMBuffer.h"
#include "V2TIMCallback.h"
#include "detail/callbacks.h"
#include "detail/core.h"

struct V2TIMOfflinePushConfig {
    // The device token from the vendor's push service (UTF-8); empty turns push off.
    V2TIMBuffer token;
    // The push certificate id the console assigned.
    uint32_t businessID = 0;
};

class V2TIMManager;

class V2TIMOfflinePushManager {
public:
    V2TIMOfflinePushManager(const V2TIMOfflinePushManager&) = delete;
    V2TIMOfflinePushManager& operator=(const V2TIMOfflinePushManager&) = delete;

    // Registers the token for the logged-in user (again after every new login of the same
    // user); V2TIMOfflinePushConfig() turns push off and forgets it, as in V2TIM.
    void SetOfflinePushConfig(const V2TIMOfflinePushConfig& config, V2TIMCallback* callback) {
        const std::string token = config.token.Size() ? std::string(reinterpret_cast<const char*>(config.token.Data()), config.token.Size()) : std::string();
        v2tim_detail::Start(*core_, v2tim_detail::CallbackOf(callback), [&](hark_client* c, const hark_callback& cb) {
            if (token.empty()) return hark_clear_offline_push_config(c, cb);
            return hark_set_offline_push_config(c, config.businessID, token.c_str(), cb);
        });
    }

private:
    friend class V2TIMManager;
    explicit V2TIMOfflinePushManager(std::shared_ptr<v2tim_detail::Core> core) : core_(std::move(core)) {}

    std::shared_ptr<v2tim_detail::Core> core_;
};

#endif
