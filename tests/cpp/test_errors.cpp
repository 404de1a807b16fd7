// Error codes through the wrapper (Hark's codes are V2TIM's numbers), the threading contract
// (callbacks on libhark's dispatcher thread, except a request refused at once, which ends on
// the caller's; exceptions kept from C), the offline push registration, and UnInitSDK with
// requests in flight.
#include <atomic>
#include <stdexcept>

#include "harness.h"

// Before InitSDK there is no client and no dispatcher: 6013 at once, on the caller's thread.
static void not_initialized() {
    V2TIMManager idle;
    Callback login;
    idle.Login("alice", "sig", &login);
    CHECK_EQ(login.Ends(), 1);
    SendCallback send;
    CHECK(idle.SendC2CTextMessage("x", "bob", &send).Empty());
    CHECK_EQ(send.Ends(), 1);
    ValueCallback<V2TIMMessageVector> history;
    V2TIMMessageListGetOption option;
    option.userID = "bob";
    option.count = 1;
    idle.GetMessageManager()->GetHistoryMessageList(option, &history);
    CHECK_EQ(history.Ends(), 1);
    CHECK_EQ(idle.GetLoginStatus(), V2TIM_STATUS_LOGOUT);
    CHECK_STR(S(idle.GetLoginUser()), "");
    idle.Login("alice", "sig", nullptr);  // a NULL callback is allowed

    V2TIMSDKConfig bad;
    bad.serverAddress = "not a url";
    CHECK(!idle.InitSDK(SdkAppID(), bad));
    CHECK(!idle.InitSDK(0, Config()));

    // caPem reaches hark_client_new: text without a certificate is refused there.
    V2TIMSDKConfig tls;
    tls.serverAddress = "wss://localhost:1";
    tls.caPem = "not PEM";
    CHECK(!idle.InitSDK(SdkAppID(), tls));
    tls.caPem = "";
    V2TIMManager secure;
    CHECK(secure.InitSDK(SdkAppID(), tls));
}

static void not_logged_in(V2TIMManager* im) {
    SendCallback send;
    im->SendC2CTextMessage("hello", "bob", &send);
    CHECK_EQ(send.Refused(), ERR_SDK_NOT_LOGGED_IN);
    CHECK(!send.Desc().empty());
    ValueCallback<V2TIMString> group;
    im->CreateGroup("Public", "", "g", &group);
    CHECK_EQ(group.Refused(), 6014);
    Callback push;
    V2TIMOfflinePushConfig config;
    config.businessID = 1;
    config.token = Buf("token");
    im->GetOfflinePushManager()->SetOfflinePushConfig(config, &push);
    CHECK_EQ(push.Refused(), 6014);
}

static void invalid_parameters(V2TIMManager* im) {
    V2TIMMessageManager* mm = im->GetMessageManager();
    V2TIMMessage m = mm->CreateTextMessage("nowhere");
    SendCallback noTarget;
    CHECK(mm->SendMessage(m, "", "", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &noTarget).Empty());
    CHECK_EQ(noTarget.Refused(), ERR_INVALID_PARAMETERS);

    SendCallback badId;
    im->SendC2CTextMessage("x", "bad id with spaces and far too long for a user id", &badId);
    CHECK_EQ(badId.Refused(), ERR_SDK_COMM_INVALID_IDENTIFIER);

    // appendElem's rule: a media elem may not follow the first.
    V2TIMMessage mixed = mm->CreateTextMessage("text then image");
    V2TIMImageElem image;
    mixed.elemList.PushBack(&image);
    SendCallback appended;
    mm->SendMessage(mixed, "bob", "", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &appended);
    CHECK_EQ(appended.Refused(), ERR_INVALID_PARAMETERS);

    // The created elem cannot be taken out, not even with another pushed in its place.
    V2TIMMessage swapped = mm->CreateTextMessage("created");
    V2TIMTextElem other;
    other.text = "in its place";
    swapped.elemList.Erase(0);
    swapped.elemList.PushBack(&other);
    SendCallback replaced;
    mm->SendMessage(swapped, "bob", "", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &replaced);
    CHECK_EQ(replaced.Refused(), ERR_INVALID_PARAMETERS);

    V2TIMStringVector none;
    CHECK(mm->CreateTargetedGroupMessage(m, none).elemList.Empty());
    CHECK(mm->CreateLocationMessage("", 200, 0).elemList.Empty());

    V2TIMMessageListGetOption option;
    option.userID = "bob";
    option.count = 0;
    ValueCallback<V2TIMMessageVector> zero;
    mm->GetHistoryMessageList(option, &zero);
    CHECK_EQ(zero.Refused(), ERR_INVALID_PARAMETERS);
    option.count = 5;
    option.groupID = "g";
    ValueCallback<V2TIMMessageVector> both;
    mm->GetHistoryMessageList(option, &both);
    CHECK_EQ(both.Refused(), ERR_INVALID_PARAMETERS);
    option.groupID = "";
    V2TIMMessage unsent = mm->CreateTextMessage("never sent");
    option.lastMsg = &unsent;
    ValueCallback<V2TIMMessageVector> lastUnsent;
    mm->GetHistoryMessageList(option, &lastUnsent);
    CHECK_EQ(lastUnsent.Refused(), ERR_INVALID_PARAMETERS);
    V2TIMMessage empty;
    option.lastMsg = &empty;
    ValueCallback<V2TIMMessageVector> lastEmpty;
    mm->GetHistoryMessageList(option, &lastEmpty);
    CHECK_EQ(lastEmpty.Refused(), ERR_INVALID_PARAMETERS);

    ValueCallback<V2TIMGroupMemberInfoResult> page;
    im->GetGroupManager()->GetGroupMemberList("g", 0, 5, &page);
    CHECK_EQ(page.Refused(), ERR_INVALID_PARAMETERS);

    ValueCallback<V2TIMString> group;
    im->CreateGroup("NoSuchType", "", "g", &group);
    CHECK_EQ(group.Refused(), ERR_INVALID_PARAMETERS);
    Callback missing;
    im->JoinGroup("no-such-group", "", &missing);
    CHECK_EQ(missing.Wait(), ERR_SVR_GROUP_NOT_FOUND);
}

// A callback that throws: the exception stops in the wrapper, the SDK goes on.
class Throwing : public V2TIMCallback, public Outcome {
public:
    void OnSuccess() override {
        End(0, "");
        throw std::runtime_error("app bug");
    }
    void OnError(int code, const V2TIMString& desc) override {
        End(code, desc);
        throw std::runtime_error("app bug");
    }
};

class ThrowingListener : public V2TIMAdvancedMsgListener {
public:
    void OnRecvNewMessage(const V2TIMMessage&) override { throw 42; }
};

static void push_config(V2TIMManager* im) {
    V2TIMOfflinePushConfig config;
    config.businessID = 1234;
    config.token = Buf("device-token");
    Callback set;
    im->GetOfflinePushManager()->SetOfflinePushConfig(config, &set);
    CHECK_EQ(set.Wait(), 0);
    Callback clear;
    im->GetOfflinePushManager()->SetOfflinePushConfig(V2TIMOfflinePushConfig(), &clear);
    CHECK_EQ(clear.Wait(), 0);
}

// Every request in flight ends (9508 or success) and UnInitSDK returns.
static void uninit_in_flight() {
    V2TIMManager im;
    LogIn(&im, "dave");
    std::vector<SendCallback> sends(20);
    for (auto& s : sends) im.SendC2CTextMessage("in flight", "bob", &s);
    ValueCallback<V2TIMMessageVector> history;
    V2TIMMessageListGetOption option;
    option.userID = "bob";
    option.count = 10;
    im.GetMessageManager()->GetHistoryMessageList(option, &history);
    const auto start = std::chrono::steady_clock::now();
    im.UnInitSDK();
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    for (auto& s : sends) {
        CHECK_EQ(s.Ends(), 1);
        const int code = s.Wait();
        CHECK(code == 0 || code == ERR_SDK_NET_DISCONNECT);
    }
    CHECK_EQ(history.Ends(), 1);
    CHECK_EQ(im.GetLoginStatus(), V2TIM_STATUS_LOGOUT);
    SendCallback after;
    im.SendC2CTextMessage("after", "bob", &after);
    CHECK_EQ(after.Ends(), 1);  // 6013 at once
}

// UnInitSDK from inside a callback returns; the remaining callbacks still come.
class UnInitOnSuccess : public V2TIMSendCallback, public Outcome {
public:
    explicit UnInitOnSuccess(V2TIMManager* im) : im_(im) {}
    void OnSuccess(const V2TIMMessage&) override {
        im_->UnInitSDK();
        End(0, "");
    }
    void OnError(int code, const V2TIMString& desc) override { End(code, desc); }
    void OnProgress(uint32_t) override {}

private:
    V2TIMManager* im_;
};

static void uninit_from_callback() {
    V2TIMManager im;
    LogIn(&im, "erin");
    UnInitOnSuccess first(&im);
    im.SendC2CTextMessage("one", "bob", &first);
    CHECK_EQ(first.Wait(), 0);
    CHECK_EQ(im.GetLoginStatus(), V2TIM_STATUS_LOGOUT);
}

int main() {
    not_initialized();

    V2TIMManager* im = V2TIMManager::GetInstance();
    REQUIRE(im->InitSDK(SdkAppID(), Config()));
    not_logged_in(im);

    Callback badSig;
    im->Login("alice", "not-a-valid-sig", &badSig);
    const int sigCode = badSig.Wait();
    CHECK(sigCode != 0);
    CHECK(!badSig.Desc().empty());

    Inbox bobInbox, probe;
    ThrowingListener thrower;
    V2TIMManager bob;
    bob.GetMessageManager()->AddAdvancedMsgListener(&thrower);
    bob.GetMessageManager()->AddAdvancedMsgListener(&bobInbox);
    bob.GetMessageManager()->AddAdvancedMsgListener(&probe);
    LogIn(&bob, "bob");
    LogIn(im, "alice");
    invalid_parameters(im);

    Throwing throws;
    im->JoinGroup("no-such-group", "", &throws);
    CHECK_EQ(throws.Wait(), ERR_SVR_GROUP_NOT_FOUND);
    SendCallback after;
    const V2TIMString id = im->SendC2CTextMessage("after the throw", "bob", &after);
    CHECK_EQ(after.Wait(), 0);
    CHECK(bobInbox.WaitFor(1).msgID == id);  // the listener after the throwing one still runs

    // A listener removed is not called again.
    bob.GetMessageManager()->RemoveAdvancedMsgListener(&bobInbox);
    SendCallback unheard;
    im->SendC2CTextMessage("unheard", "bob", &unheard);
    CHECK_EQ(unheard.Wait(), 0);
    SendCallback marker;
    im->SendC2CTextMessage("marker", "bob", &marker);
    CHECK_EQ(marker.Wait(), 0);
    CHECK(probe.WaitFor(3).msgID == marker.message.msgID);
    CHECK_EQ(bobInbox.Count(), 1);

    push_config(im);
    uninit_in_flight();
    uninit_from_callback();

    im->UnInitSDK();
    bob.UnInitSDK();
    return Report("test_errors");
}
