// Message read receipts and invitations as V2TIM apps use them: alice makes a Work group,
// invites bob, who invites carol; she sends a group message with needReadReceipt, bob and
// carol report it read (SendMessageReadReceipts) and her OnRecvMessageReadReceipts hears each
// new count, which GetMessageReadReceipts answers too; a C2C message's receipt; refused
// lists. Then InviteUserToGroup of an outsider, a member and nobody, the outsider receiving
// the group's messages, and a Public group refusing invitations.
#include "V2TIMManager.h"
#include "harness.h"

// The message read receipts an advanced message listener heard, and the C2C ones apart.
class ReadReceipts : public V2TIMAdvancedMsgListener {
public:
    void OnRecvMessageReadReceipts(const V2TIMMessageReceiptVector& list) override {
        std::lock_guard<std::mutex> lock(mu_);
        if (std::this_thread::get_id() == g_main_thread) onMainThread++;
        for (size_t i = 0; i < list.Size(); i++) receipts_.push_back(list[i]);
        calls_++;
        cv_.notify_all();
    }
    void OnRecvC2CReadReceipt(const V2TIMMessageReceiptVector& list) override {
        std::lock_guard<std::mutex> lock(mu_);
        c2c_ += static_cast<int>(list.Size());
    }
    // Waits for the n-th receipt (1-based); an empty one on timeout.
    V2TIMMessageReceipt WaitFor(size_t n) {
        std::unique_lock<std::mutex> lock(mu_);
        const bool got = cv_.wait_for(lock, kWait, [&] { return receipts_.size() >= n; });
        CHECK(got);
        return got ? receipts_[n - 1] : V2TIMMessageReceipt();
    }
    size_t Count() {
        std::lock_guard<std::mutex> lock(mu_);
        return receipts_.size();
    }
    int Calls() {
        std::lock_guard<std::mutex> lock(mu_);
        return calls_;
    }
    int C2C() {
        std::lock_guard<std::mutex> lock(mu_);
        return c2c_;
    }
    int onMainThread = 0;

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<V2TIMMessageReceipt> receipts_;
    int calls_ = 0, c2c_ = 0;
};

// Sends `m` and returns the message OnSuccess got (the stored one, with its seq).
static V2TIMMessage Send(V2TIMManager* from, V2TIMMessage& m, const char* userID, const char* groupID) {
    SendCallback cb;
    const V2TIMString id = from->GetMessageManager()->SendMessage(m, userID, groupID, V2TIM_PRIORITY_DEFAULT, false,
                                                                  V2TIMOfflinePushInfo(), &cb);
    REQUIRE(cb.Wait() == 0);
    CHECK(cb.message.msgID == id);
    CHECK(cb.message.seq > 0);
    return cb.message;
}

static V2TIMMessage SendText(V2TIMManager* from, const char* text, const char* userID, const char* groupID, bool needReadReceipt) {
    V2TIMMessage m = from->GetMessageManager()->CreateTextMessage(text);
    CHECK(!m.needReadReceipt);  // V2TIM's default
    m.needReadReceipt = needReadReceipt;
    const V2TIMMessage sent = Send(from, m, userID, groupID);
    CHECK_EQ(m.needReadReceipt, needReadReceipt);
    CHECK_EQ(sent.needReadReceipt, needReadReceipt);
    return sent;
}

static V2TIMMessageVector List(const V2TIMMessage& a) {
    V2TIMMessageVector list;
    list.PushBack(a);
    return list;
}

static V2TIMMessageVector List(const V2TIMMessage& a, const V2TIMMessage& b) {
    V2TIMMessageVector list = List(a);
    list.PushBack(b);
    return list;
}

static int SendReceipts(V2TIMManager* reader, const V2TIMMessageVector& list) {
    Callback cb;
    reader->GetMessageManager()->SendMessageReadReceipts(list, &cb);
    return cb.Wait();
}

// The receipts GetMessageReadReceipts answers; REQUIREs success.
static V2TIMMessageReceiptVector Ask(V2TIMManager* sender, const V2TIMMessageVector& list) {
    ValueCallback<V2TIMMessageReceiptVector> cb;
    sender->GetMessageManager()->GetMessageReadReceipts(list, &cb);
    REQUIRE(cb.Wait() == 0);
    return cb.value;
}

static V2TIMGroupMemberOperationResultVector Invite(V2TIMManager* by, const char* groupID, const std::vector<const char*>& users) {
    V2TIMStringVector list;
    for (const char* u : users) list.PushBack(u);
    ValueCallback<V2TIMGroupMemberOperationResultVector> cb;
    by->GetGroupManager()->InviteUserToGroup(groupID, list, &cb);
    REQUIRE(cb.Wait() == 0);
    REQUIRE(cb.value.Size() == users.size());
    for (size_t i = 0; i < users.size(); i++) CHECK_STR(S(cb.value[i].userID), users[i]);
    return cb.value;
}

static size_t Members(V2TIMManager* im, const char* groupID) {
    ValueCallback<V2TIMGroupMemberInfoResult> cb;
    im->GetGroupManager()->GetGroupMemberList(groupID, V2TIM_GROUP_MEMBER_FILTER_ALL, 0, &cb);
    REQUIRE(cb.Wait() == 0);
    return cb.value.memberInfoList.Size();
}

// Refused at once, on the calling thread, before login.
static void refused(V2TIMManager* im) {
    ValueCallback<V2TIMGroupMemberOperationResultVector> invite;
    V2TIMStringVector users;
    users.PushBack("bob");
    im->GetGroupManager()->InviteUserToGroup("team", users, &invite);
    CHECK_EQ(invite.Refused(), ERR_SDK_NOT_LOGGED_IN);
}

int main() {
    V2TIMManager alice, bob, carol, dave;
    ReadReceipts aliceReceipts;
    Inbox bobInbox, carolInbox, daveInbox;
    alice.GetMessageManager()->AddAdvancedMsgListener(&aliceReceipts);
    bob.GetMessageManager()->AddAdvancedMsgListener(&bobInbox);
    carol.GetMessageManager()->AddAdvancedMsgListener(&carolInbox);
    dave.GetMessageManager()->AddAdvancedMsgListener(&daveInbox);

    REQUIRE(alice.InitSDK(SdkAppID(), Config()));
    refused(&alice);
    alice.UnInitSDK();
    LogIn(&alice, "alice");
    LogIn(&bob, "bob");
    LogIn(&carol, "carol");
    LogIn(&dave, "dave");  // has logged in once, so harkd knows him

    // A Work group: alice invites bob, and bob, a plain member, may invite carol.
    ValueCallback<V2TIMString> created;
    alice.CreateGroup("Work", "team", "Team", &created);
    REQUIRE(created.Wait() == 0);
    CHECK_EQ(Invite(&alice, "team", {"bob"})[0].result, V2TIM_GROUP_MEMBER_RESULT_SUCC);
    CHECK_EQ(Invite(&bob, "team", {"carol"})[0].result, V2TIM_GROUP_MEMBER_RESULT_SUCC);
    CHECK_EQ(Members(&alice, "team"), 3);

    // One message without receipts, then one with: the readers' copies say which.
    const V2TIMMessage plain = SendText(&alice, "no receipts", "", "team", false);
    const V2TIMMessage sent = SendText(&alice, "read me", "", "team", true);
    const V2TIMMessage bobPlain = bobInbox.Next(), bobCopy = bobInbox.Next();
    CHECK(bobPlain.msgID == plain.msgID);
    CHECK(!bobPlain.needReadReceipt);
    CHECK(bobCopy.msgID == sent.msgID);
    CHECK(bobCopy.needReadReceipt);
    carolInbox.Next();
    const V2TIMMessage carolCopy = carolInbox.Next();
    CHECK(carolCopy.msgID == sent.msgID);
    CHECK(carolCopy.needReadReceipt);

    // bob reads it: alice hears 1 read, 1 not yet; then carol: 2 and 0.
    CHECK_EQ(SendReceipts(&bob, List(bobCopy)), 0);
    V2TIMMessageReceipt r = aliceReceipts.WaitFor(1);
    CHECK_STR(S(r.msgID), S(sent.msgID));
    CHECK_STR(S(r.groupID), "team");
    CHECK_STR(S(r.userID), "");
    CHECK(!r.isPeerRead);
    CHECK_EQ(r.readCount, 1);
    CHECK_EQ(r.unreadCount, 1);
    CHECK_EQ(SendReceipts(&carol, List(carolCopy)), 0);
    r = aliceReceipts.WaitFor(2);
    CHECK_STR(S(r.msgID), S(sent.msgID));
    CHECK_EQ(r.readCount, 2);
    CHECK_EQ(r.unreadCount, 0);
    // Reported again (with the message that wants no receipts): bob still counts once.
    CHECK_EQ(SendReceipts(&bob, List(bobPlain, bobCopy)), 0);

    // Asked: one receipt per message sent with needReadReceipt, with the same counts.
    V2TIMMessageReceiptVector asked = Ask(&alice, List(plain, sent));
    REQUIRE(asked.Size() == 1);
    CHECK_STR(S(asked[0].msgID), S(sent.msgID));
    CHECK_STR(S(asked[0].groupID), "team");
    CHECK_EQ(asked[0].readCount, 2);
    CHECK_EQ(asked[0].unreadCount, 0);
    // Two in one list, in the order asked: one nobody has read yet, given as alice's own
    // message (its fields stay as SendMessage left them, but it names the stored message).
    V2TIMMessage own = alice.GetMessageManager()->CreateTextMessage("read me later");
    own.needReadReceipt = true;
    const V2TIMMessage later = Send(&alice, own, "", "team");
    CHECK_EQ(own.seq, 0);
    bobInbox.Next();
    carolInbox.Next();
    asked = Ask(&alice, List(own, sent));
    REQUIRE(asked.Size() == 2);
    CHECK_STR(S(asked[0].msgID), S(later.msgID));
    CHECK_EQ(asked[0].readCount, 0);
    CHECK_EQ(asked[0].unreadCount, 2);
    CHECK_STR(S(asked[1].msgID), S(sent.msgID));
    CHECK_EQ(asked[1].readCount, 2);
    CHECK_EQ(asked[1].unreadCount, 0);
    // A reader may ask too, with his own copy.
    asked = Ask(&bob, List(bobCopy));
    REQUIRE(asked.Size() == 1);
    CHECK_EQ(asked[0].readCount, 2);
    CHECK_EQ(aliceReceipts.Count(), 2);  // bob's second report changed no count

    // C2C: bob's receipt names him as the peer who read it.
    const V2TIMMessage toBob = SendText(&alice, "read me too", "bob", "", true);
    const V2TIMMessage bobC2C = bobInbox.Next();
    CHECK(bobC2C.msgID == toBob.msgID);
    CHECK(bobC2C.needReadReceipt);
    asked = Ask(&alice, List(toBob));
    REQUIRE(asked.Size() == 1);
    CHECK_STR(S(asked[0].userID), "bob");
    CHECK(!asked[0].isPeerRead);
    CHECK_EQ(asked[0].readCount, 0);
    CHECK_EQ(asked[0].unreadCount, 1);
    CHECK_EQ(SendReceipts(&bob, List(bobC2C)), 0);
    r = aliceReceipts.WaitFor(3);
    CHECK_STR(S(r.msgID), S(toBob.msgID));
    CHECK_STR(S(r.userID), "bob");
    CHECK_STR(S(r.groupID), "");
    CHECK(r.isPeerRead);
    CHECK_EQ(r.readCount, 1);
    CHECK_EQ(r.unreadCount, 0);
    asked = Ask(&alice, List(toBob));
    REQUIRE(asked.Size() == 1);
    CHECK(asked[0].isPeerRead);
    CHECK_EQ(aliceReceipts.C2C(), 0);  // message receipts are not conversation receipts

    // Refused at once: no messages, a message never created or never sent, messages of two
    // conversations; needReadReceipt changed on a message already sent fails its send.
    Callback none, empty, unsent, mixed;
    bob.GetMessageManager()->SendMessageReadReceipts(V2TIMMessageVector(), &none);
    CHECK_EQ(none.Refused(), ERR_INVALID_PARAMETERS);
    bob.GetMessageManager()->SendMessageReadReceipts(List(V2TIMMessage()), &empty);
    CHECK_EQ(empty.Refused(), ERR_INVALID_PARAMETERS);
    bob.GetMessageManager()->SendMessageReadReceipts(List(bob.GetMessageManager()->CreateTextMessage("draft")), &unsent);
    CHECK_EQ(unsent.Refused(), ERR_INVALID_PARAMETERS);
    bob.GetMessageManager()->SendMessageReadReceipts(List(bobCopy, bobC2C), &mixed);
    CHECK_EQ(mixed.Refused(), ERR_INVALID_PARAMETERS);
    ValueCallback<V2TIMMessageReceiptVector> askNone;
    alice.GetMessageManager()->GetMessageReadReceipts(V2TIMMessageVector(), &askNone);
    CHECK_EQ(askNone.Refused(), ERR_INVALID_PARAMETERS);
    V2TIMMessage again = sent;
    again.needReadReceipt = false;
    SendCallback resend;
    alice.GetMessageManager()->SendMessage(again, "", "team", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &resend);
    CHECK_EQ(resend.Refused(), ERR_INVALID_PARAMETERS);

    // Invitations: an outsider is added, a member already is invalid, no such user fails;
    // dave then receives the group's messages.
    const V2TIMGroupMemberOperationResultVector results = Invite(&alice, "team", {"dave", "bob", "nobody"});
    CHECK_EQ(results[0].result, V2TIM_GROUP_MEMBER_RESULT_SUCC);
    CHECK_EQ(results[1].result, V2TIM_GROUP_MEMBER_RESULT_INVALID);
    CHECK_EQ(results[2].result, V2TIM_GROUP_MEMBER_RESULT_FAIL);
    CHECK_EQ(Members(&alice, "team"), 4);
    const V2TIMMessage welcome = SendText(&bob, "welcome dave", "", "team", false);
    const V2TIMMessage daveGot = daveInbox.Next();
    CHECK(daveGot.msgID == welcome.msgID);
    CHECK_STR(S(daveGot.groupID), "team");
    CHECK_STR(S(daveGot.sender), "bob");

    // A Public group takes no invitations; bad arguments are refused at once.
    ValueCallback<V2TIMString> plaza;
    alice.CreateGroup("Public", "plaza", "Plaza", &plaza);
    REQUIRE(plaza.Wait() == 0);
    V2TIMStringVector users;
    users.PushBack("bob");
    ValueCallback<V2TIMGroupMemberOperationResultVector> denied, noUsers, badGroup;
    alice.GetGroupManager()->InviteUserToGroup("plaza", users, &denied);
    CHECK_EQ(denied.Wait(), ERR_SVR_GROUP_PERMISSION_DENY);
    CHECK_EQ(Members(&alice, "plaza"), 1);
    alice.GetGroupManager()->InviteUserToGroup("team", V2TIMStringVector(), &noUsers);
    CHECK_EQ(noUsers.Refused(), ERR_INVALID_PARAMETERS);
    alice.GetGroupManager()->InviteUserToGroup("", users, &badGroup);
    CHECK_EQ(badGroup.Refused(), ERR_SVR_GROUP_INVALID_GROUPID);

    CHECK_EQ(aliceReceipts.onMainThread, 0);
    CHECK_EQ(aliceReceipts.Calls(), 3);
    alice.GetMessageManager()->RemoveAdvancedMsgListener(&aliceReceipts);
    bob.GetMessageManager()->RemoveAdvancedMsgListener(&bobInbox);
    carol.GetMessageManager()->RemoveAdvancedMsgListener(&carolInbox);
    dave.GetMessageManager()->RemoveAdvancedMsgListener(&daveInbox);
    return Report("test_receipts");
}
