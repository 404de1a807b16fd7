// Tencent's Windows sample "发送多个 Elem 的消息" (a message of several elems), copied unchanged
// from the V2TIM guide into seed_sample() below: it pushes a V2TIMCustomElem that lives on its
// stack onto a created text message's elemList and sends the message to "receiver_userID"
// with a callback that deletes itself. Around it: the sender logged in on the singleton (the
// sample's V2TIMManager::GetInstance()) and a receiver that must get both elems. Under
// valgrind (tests/cpp/run.sh) the message may neither free the app's elem nor leak.
#include <cstdint>
#include <functional>
#include <utility>

#include "harness.h"

// The sample's lambdas leave parameters unused, which MSVC does not warn about.
#pragma GCC diagnostic ignored "-Wunused-parameter"

// The sample's class is local here, so its name SendCallback does not clash with harness.h's.
static void seed_sample() {
// ---- Tencent's sample, verbatim ----
class SendCallback final : public V2TIMSendCallback {
public:
    using SuccessCallback = std::function<void(const V2TIMMessage&)>;
    using ErrorCallback = std::function<void(int, const V2TIMString&)>;
    using ProgressCallback = std::function<void(uint32_t)>;

    SendCallback() = default;
    ~SendCallback() override = default;

    void SetCallback(SuccessCallback success_callback, ErrorCallback error_callback,
                     ProgressCallback progress_callback) {
        success_callback_ = std::move(success_callback);
        error_callback_ = std::move(error_callback);
        progress_callback_ = std::move(progress_callback);
    }

    void OnSuccess(const V2TIMMessage& message) override {
        if (success_callback_) {
            success_callback_(message);
        }
    }
    void OnError(int error_code, const V2TIMString& error_message) override {
        if (error_callback_) {
            error_callback_(error_code, error_message);
        }
    }
    void OnProgress(uint32_t progress) override {
        if (progress_callback_) {
            progress_callback_(progress);
        }
    }

private:
    SuccessCallback success_callback_;
    ErrorCallback error_callback_;
    ProgressCallback progress_callback_;
};

// 创建文本消息
V2TIMMessage v2TIMMessage = V2TIMManager::GetInstance()->GetMessageManager()->CreateTextMessage("test");
// 创建自定义 elem
V2TIMCustomElem customElem;
V2TIMString str = u8"tt00";
customElem.data = {reinterpret_cast<const uint8_t*>(str.CString()), str.Size()};
// 将自定义 elem 添加到 message.elemList 中
v2TIMMessage.elemList.PushBack(&customElem);
// 发送消息
auto callback = new SendCallback{};
callback->SetCallback(
    [=](const V2TIMMessage& message) {
        // 多 elem 消息发送成功
        delete callback;
    },
    [=](int error_code, const V2TIMString& error_message) {
        // 多 elem 消息发送失败
        delete callback;
    },
    [=](uint32_t progress) {
        // 不回调进度
    });
V2TIMManager::GetInstance()->GetMessageManager()->SendMessage(
    v2TIMMessage, "receiver_userID", {}, V2TIMMessagePriority::V2TIM_PRIORITY_NORMAL, false, {}, callback);
// ---- end of the sample ----
}

int main() {
    Inbox inbox;
    V2TIMManager receiver;  // Hark addition: a second SDK instance for the receiver
    receiver.GetMessageManager()->AddAdvancedMsgListener(&inbox);
    LogIn(&receiver, "receiver_userID");
    LogIn(V2TIMManager::GetInstance(), "alice");

    seed_sample();

    V2TIMMessage got = inbox.Next();
    CHECK_STR(S(got.sender), "alice");
    CHECK_STR(S(got.userID), "alice");
    CHECK_EQ(got.elemList.Size(), 2);
    if (auto text = ElemAs<V2TIMTextElem>(got, 0, V2TIM_ELEM_TYPE_TEXT)) CHECK_STR(S(text->text), "test");
    if (auto custom = ElemAs<V2TIMCustomElem>(got, 1, V2TIM_ELEM_TYPE_CUSTOM)) {
        CHECK_STR(Str(custom->data), "tt00");
        CHECK_STR(S(custom->desc), "");
        CHECK_STR(S(custom->extension), "");
    }

    receiver.GetMessageManager()->RemoveAdvancedMsgListener(&inbox);
    // Returns after the sample's callback ran (and deleted itself).
    V2TIMManager::GetInstance()->UnInitSDK();
    receiver.UnInitSDK();
    return Report("test_seed_multi_elem");
}
