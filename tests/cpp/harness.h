// Shared helpers for the C++ wrapper tests: checks, V2TIM callback and listener classes that
// record what they were called with, and on which thread. Every wait has a deadline, so a
// broken contract fails the test instead of hanging it.
#ifndef V2TIM_TEST_HARNESS_H
#define V2TIM_TEST_HARNESS_H

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "V2TIMManager.h"

static int g_checks;
static int g_failures;
static const std::thread::id g_main_thread = std::this_thread::get_id();

#define CHECK(cond)                                                                  \
    do {                                                                             \
        g_checks++;                                                                  \
        if (!(cond)) {                                                               \
            std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            g_failures++;                                                            \
        }                                                                            \
    } while (0)

#define CHECK_EQ(a, b)                                                                              \
    do {                                                                                            \
        g_checks++;                                                                                 \
        const long long va_ = static_cast<long long>(a), vb_ = static_cast<long long>(b);          \
        if (va_ != vb_) {                                                                           \
            std::fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, va_, vb_); \
            g_failures++;                                                                           \
        }                                                                                           \
    } while (0)

#define CHECK_STR(a, b)                                                                                        \
    do {                                                                                                       \
        g_checks++;                                                                                            \
        const std::string sa_ = (a), sb_ = (b);                                                               \
        if (sa_ != sb_) {                                                                                      \
            std::fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, sa_.c_str(), sb_.c_str()); \
            g_failures++;                                                                                      \
        }                                                                                                      \
    } while (0)

// Stops the program: later steps depend on this one.
#define REQUIRE(cond)                                                                  \
    do {                                                                               \
        g_checks++;                                                                    \
        if (!(cond)) {                                                                 \
            std::fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); \
            std::exit(2);                                                              \
        }                                                                              \
    } while (0)

static const auto kWait = std::chrono::seconds(10);

inline std::string Env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) {
        std::fprintf(stderr, "missing environment variable %s (run through tests/cpp/run.sh)\n", name);
        std::exit(2);
    }
    return v;
}

inline uint32_t SdkAppID() { return static_cast<uint32_t>(std::strtoul(Env("HARK_SDKAPPID").c_str(), nullptr, 10)); }
inline std::string Sig(const std::string& user) { return Env(("HARK_SIG_" + user).c_str()); }

inline V2TIMSDKConfig Config() {
    V2TIMSDKConfig config;
    config.serverAddress = Env("HARK_URL").c_str();
    return config;
}

inline std::string S(const V2TIMString& s) { return s.CString(); }

// The terminal call of one request: how it ended, how often, on which thread.
class Outcome {
public:
    // Waits for the terminal call; its code (0 = success), or -1 on timeout. Checks it came
    // once and off the calling thread.
    int Wait() {
        std::unique_lock<std::mutex> lock(mu_);
        const bool done = cv_.wait_for(lock, kWait, [this] { return ends_ > 0; });
        CHECK(done);
        CHECK_EQ(ends_, 1);
        CHECK_EQ(onMainThread_, 0);
        return done ? code_ : -1;
    }
    // The code of a request refused at once (hark.h's rule for an error found at once): it
    // ended once, on the calling thread, before the call returned.
    int Refused() {
        std::lock_guard<std::mutex> lock(mu_);
        CHECK_EQ(ends_, 1);
        CHECK_EQ(onMainThread_, 1);
        return ends_ ? code_ : -1;
    }
    std::string Desc() {
        std::lock_guard<std::mutex> lock(mu_);
        return desc_;
    }
    int Ends() {
        std::lock_guard<std::mutex> lock(mu_);
        return ends_;
    }

protected:
    void Note() {
        if (std::this_thread::get_id() == g_main_thread) onMainThread_++;
    }
    void End(int code, const V2TIMString& desc) {
        std::lock_guard<std::mutex> lock(mu_);
        Note();
        ends_++;
        code_ = code;
        desc_ = desc.CString();
        cv_.notify_all();
    }
    std::mutex mu_;
    std::condition_variable cv_;
    int ends_ = 0, code_ = -1, onMainThread_ = 0;
    std::string desc_;
};

class Callback : public V2TIMCallback, public Outcome {
public:
    void OnSuccess() override { End(0, ""); }
    void OnError(int code, const V2TIMString& desc) override { End(code, desc); }
};

template <class T>
class ValueCallback : public V2TIMValueCallback<T>, public Outcome {
public:
    void OnSuccess(const T& v) override {
        {
            std::lock_guard<std::mutex> lock(mu_);
            value = v;
        }
        End(0, "");
    }
    void OnError(int code, const V2TIMString& desc) override { End(code, desc); }
    T value;
};

class SendCallback : public V2TIMSendCallback, public Outcome {
public:
    void OnSuccess(const V2TIMMessage& m) override {
        {
            std::lock_guard<std::mutex> lock(mu_);
            message = m;
        }
        End(0, "");
    }
    void OnError(int code, const V2TIMString& desc) override { End(code, desc); }
    void OnProgress(uint32_t progress) override {
        std::lock_guard<std::mutex> lock(mu_);
        Note();
        progressValues.push_back(progress);
    }
    V2TIMMessage message;
    std::vector<uint32_t> progressValues;
};

class DownloadCallback : public V2TIMDownloadCallback, public Outcome {
public:
    void OnSuccess() override { End(0, ""); }
    void OnError(int code, const V2TIMString& desc) override { End(code, desc); }
    void OnDownLoadProgress(uint64_t current, uint64_t total) override {
        std::lock_guard<std::mutex> lock(mu_);
        Note();
        progressCalls++;
        lastCurrent = current;
        lastTotal = total;
    }
    int progressCalls = 0;
    uint64_t lastCurrent = 0, lastTotal = 0;
};

// New messages, as an advanced message listener sees them.
class Inbox : public V2TIMAdvancedMsgListener {
public:
    void OnRecvNewMessage(const V2TIMMessage& m) override {
        std::lock_guard<std::mutex> lock(mu_);
        if (std::this_thread::get_id() == g_main_thread) onMainThread++;
        messages.push_back(m);
        cv_.notify_all();
    }
    // Waits until at least n messages arrived; the n-th (1-based), or an empty message.
    V2TIMMessage WaitFor(size_t n) {
        std::unique_lock<std::mutex> lock(mu_);
        const bool got = cv_.wait_for(lock, kWait, [&] { return messages.size() >= n; });
        CHECK(got);
        return got ? messages[n - 1] : V2TIMMessage();
    }
    // The next message not taken yet, waiting for it if need be.
    V2TIMMessage Next() { return WaitFor(++taken_); }
    size_t Count() {
        std::lock_guard<std::mutex> lock(mu_);
        return messages.size();
    }
    int onMainThread = 0;

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<V2TIMMessage> messages;
    size_t taken_ = 0;
};

// Connection events, in order.
class SdkEvents : public V2TIMSDKListener {
public:
    void OnConnecting() override { Add("connecting"); }
    void OnConnectSuccess() override { Add("connected"); }
    void OnConnectFailed(int code, const V2TIMString&) override { Add("failed " + std::to_string(code)); }
    void OnKickedOffline() override { Add("kicked"); }
    void OnUserSigExpired() override { Add("expired"); }
    std::vector<std::string> Events() {
        std::lock_guard<std::mutex> lock(mu_);
        return events_;
    }
    bool WaitFor(const std::string& event) {
        std::unique_lock<std::mutex> lock(mu_);
        return cv_.wait_for(lock, kWait, [&] {
            for (const auto& e : events_)
                if (e == event) return true;
            return false;
        });
    }
    int onMainThread = 0;

private:
    void Add(const std::string& e) {
        std::lock_guard<std::mutex> lock(mu_);
        if (std::this_thread::get_id() == g_main_thread) onMainThread++;
        events_.push_back(e);
        cv_.notify_all();
    }
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::string> events_;
};

// InitSDK and Login on `manager` as `user`; two devices of one user need two platforms.
inline void LogIn(V2TIMManager* manager, const std::string& user, uint32_t platform = 0) {
    V2TIMSDKConfig config = Config();
    config.platform = platform;
    REQUIRE(manager->InitSDK(SdkAppID(), config));
    Callback login;
    manager->Login(user.c_str(), Sig(user).c_str(), &login);
    REQUIRE(login.Wait() == 0);
    CHECK_EQ(manager->GetLoginStatus(), V2TIM_STATUS_LOGINED);
}

inline const V2TIMElem* Elem(const V2TIMMessage& m, size_t i) { return i < m.elemList.Size() ? m.elemList[i] : nullptr; }

template <class T>
const T* ElemAs(const V2TIMMessage& m, size_t i, V2TIMElemType type) {
    const V2TIMElem* e = Elem(m, i);
    CHECK(e != nullptr);
    if (!e) return nullptr;
    CHECK_EQ(e->elemType, type);
    return e->elemType == type ? static_cast<const T*>(e) : nullptr;
}

inline V2TIMBuffer Buf(const std::string& s) { return V2TIMBuffer(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
inline std::string Str(const V2TIMBuffer& b) { return b.Size() ? std::string(reinterpret_cast<const char*>(b.Data()), b.Size()) : std::string(); }

inline int Report(const char* name) {
    std::printf("%s: %d checks, %d failed\n", name, g_checks, g_failures);
    return g_failures ? 1 : 0;
}

#endif
