// One SDK instance's shared state: the libhark client and the app's listeners. Managers,
// listeners registered with libhark and media elems (for downloads) hold it by shared_ptr,
// so it outlives every callback that can reach it.
#ifndef V2TIM_HARK_DETAIL_CORE_H
#define V2TIM_HARK_DETAIL_CORE_H

#include <memory>
#include <mutex>
#include <shared_mutex>

#include "../../hark.h"
#include "listener_set.h"

class V2TIMSDKListener;
class V2TIMAdvancedMsgListener;
class V2TIMConversationListener;

namespace v2tim_detail {

class Core {
public:
    // Calls f(client) and returns what it returns. The client is NULL before InitSDK and
    // after UnInitSDK, which libhark answers as it answers any NULL client (6013 for a
    // request). The shared lock keeps UnInitSDK from freeing the client during the call;
    // libhark's calls only enqueue, so it is held briefly and never while app code runs.
    template <class F>
    auto Call(F&& f) {
        std::shared_lock<std::shared_mutex> lock(mu_);
        return f(client_);
    }

    // Sets the client make() returns, unless there is one already. make() runs under the
    // lock, so two InitSDK calls cannot both create a client; it must not call app code.
    template <class F>
    bool Start(F&& make) {
        std::unique_lock<std::shared_mutex> lock(mu_);
        if (!client_) client_ = make();
        return client_ != nullptr;
    }

    // The client, for the caller to free outside the lock (freeing waits for callbacks,
    // which may call back in).
    hark_client* Detach() {
        std::unique_lock<std::shared_mutex> lock(mu_);
        hark_client* client = client_;
        client_ = nullptr;
        return client;
    }

    ListenerSet<V2TIMSDKListener> sdkListeners;
    ListenerSet<V2TIMAdvancedMsgListener> msgListeners;
    ListenerSet<V2TIMConversationListener> convListeners;

private:
    std::shared_mutex mu_;
    hark_client* client_ = nullptr;
};

// The core of V2TIMManager::GetInstance(); elems the app built itself download through it,
// as V2TIM's elems use the singleton.
inline const std::shared_ptr<Core>& DefaultCore() {
    static const std::shared_ptr<Core> core = std::make_shared<Core>();
    return core;
}

}  // namespace v2tim_detail

#endif
