// The listeners an app added to one manager, called from libhark's dispatcher thread.
#ifndef V2TIM_HARK_DETAIL_LISTENER_SET_H
#define V2TIM_HARK_DETAIL_LISTENER_SET_H

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "guard.h"

namespace v2tim_detail {

template <class T>
class ListenerSet {
public:
    void Add(T* listener) {
        std::lock_guard<std::mutex> lock(mu_);
        if (listener && std::find(list_.begin(), list_.end(), listener) == list_.end()) list_.push_back(listener);
    }

    // Once this returns (off the dispatcher thread) the listener is never called again, so the
    // app may delete it: a call already running for it is waited for.
    void Remove(T* listener) {
        std::unique_lock<std::mutex> lock(mu_);
        list_.erase(std::remove(list_.begin(), list_.end(), listener), list_.end());
        if (dispatching_ && dispatcher_ != std::this_thread::get_id()) idle_.wait(lock, [this] { return !dispatching_; });
    }

    // Calls f(listener) for each listener, without holding the lock, so a listener may add or
    // remove listeners; one removed meanwhile is skipped.
    template <class F>
    void ForEach(F f) {
        std::vector<T*> snapshot;
        {
            std::lock_guard<std::mutex> lock(mu_);
            snapshot = list_;
            dispatching_ = true;
            dispatcher_ = std::this_thread::get_id();
        }
        for (T* listener : snapshot) {
            {
                std::lock_guard<std::mutex> lock(mu_);
                if (std::find(list_.begin(), list_.end(), listener) == list_.end()) continue;
            }
            Guard([&] { f(listener); });
        }
        {
            std::lock_guard<std::mutex> lock(mu_);
            dispatching_ = false;
        }
        idle_.notify_all();
    }

private:
    std::mutex mu_;
    std::condition_variable idle_;
    std::vector<T*> list_;
    bool dispatching_ = false;
    std::thread::id dispatcher_;
};

}  // namespace v2tim_detail

#endif
