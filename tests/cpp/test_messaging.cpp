// The wrapper as a V2TIM app uses it: Tencent's own sample flow (InitSDK, Login,
// CreateTextMessage, SendMessage with a V2TIMSendCallback subclass made with new), then two
// users in one process exchanging C2C and group messages of every non-file elem type,
// listeners, history paging with lastMsg, targeted group messages and the drop flag.
#include "V2TIMManager.h"
#include "V2TIMManager.h"  // twice: the headers must be guarded
#include "harness.h"

// As in Tencent's sample: made with new, deletes itself when the send ends.
class SampleSendCallback final : public V2TIMSendCallback {
public:
    explicit SampleSendCallback(Callback* done) : done_(done) {}
    void OnSuccess(const V2TIMMessage& message) override {
        sentID = message.msgID;
        Finish(message.status == V2TIM_MSG_STATUS_SEND_SUCC ? 0 : -2, "");
    }
    void OnError(int code, const V2TIMString& desc) override { Finish(code, desc); }
    void OnProgress(uint32_t) override {}

    static V2TIMString sentID;

private:
    void Finish(int code, const V2TIMString& desc) {
        Callback* done = done_;
        delete this;
        if (code == 0)
            done->OnSuccess();
        else
            done->OnError(code, desc);
    }
    Callback* done_;
};
V2TIMString SampleSendCallback::sentID;

static void sample_flow(Inbox& bobInbox) {
    V2TIMManager* im = V2TIMManager::GetInstance();
    V2TIMSDKConfig config = Config();
    CHECK(im->InitSDK(SdkAppID(), config));
    CHECK(im->InitSDK(SdkAppID(), config));  // again: already initialized
    Callback login;
    im->Login("alice", Sig("alice").c_str(), &login);
    REQUIRE(login.Wait() == 0);
    CHECK_STR(S(im->GetLoginUser()), "alice");

    V2TIMMessage msg = im->GetMessageManager()->CreateTextMessage("message from ue5");
    CHECK(msg.msgID.Empty());
    Callback done;
    V2TIMString id = im->GetMessageManager()->SendMessage(msg, "bob", "", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(),
                                                          new SampleSendCallback(&done));
    CHECK(!id.Empty());
    CHECK(msg.msgID == id);
    CHECK(msg.isSelf);
    CHECK_STR(S(msg.sender), "alice");
    CHECK_STR(S(msg.userID), "bob");
    CHECK_EQ(done.Wait(), 0);
    CHECK(SampleSendCallback::sentID == id);

    V2TIMMessage got = bobInbox.Next();
    CHECK(got.msgID == id);
    CHECK_STR(S(got.sender), "alice");
    CHECK_STR(S(got.userID), "alice");
    CHECK(!got.isSelf);
    auto text = ElemAs<V2TIMTextElem>(got, 0, V2TIM_ELEM_TYPE_TEXT);
    if (text) CHECK_STR(S(text->text), "message from ue5");
}

// Sends m from alice; checks the final message and returns what bob got.
static V2TIMMessage send_c2c(V2TIMManager* alice, V2TIMMessage& m, Inbox& bobInbox) {
    SendCallback cb;
    V2TIMString id = alice->GetMessageManager()->SendMessage(m, "bob", "", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &cb);
    CHECK_EQ(cb.Wait(), 0);
    CHECK(cb.message.msgID == id);
    CHECK_EQ(cb.message.status, V2TIM_MSG_STATUS_SEND_SUCC);
    CHECK(cb.message.seq > 0);
    CHECK(cb.message.timestamp > 0);
    CHECK(!cb.message.IsDropped());
    CHECK(cb.progressValues.empty());  // no files, no progress
    return bobInbox.Next();
}

static void c2c_elems(V2TIMManager* alice, Inbox& bobInbox) {
    V2TIMMessageManager* mm = alice->GetMessageManager();

    V2TIMMessage custom = mm->CreateCustomMessage(Buf(std::string("\x00\x01payload", 9)), "a desc", "an ext");
    V2TIMMessage got = send_c2c(alice, custom, bobInbox);
    if (auto e = ElemAs<V2TIMCustomElem>(got, 0, V2TIM_ELEM_TYPE_CUSTOM)) {
        CHECK(Str(e->data) == std::string("\x00\x01payload", 9));
        CHECK_STR(S(e->desc), "a desc");
        CHECK_STR(S(e->extension), "an ext");
    }

    V2TIMMessage plain = mm->CreateCustomMessage(Buf("only data"));
    got = send_c2c(alice, plain, bobInbox);
    if (auto e = ElemAs<V2TIMCustomElem>(got, 0, V2TIM_ELEM_TYPE_CUSTOM)) CHECK_STR(Str(e->data), "only data");

    V2TIMMessage location = mm->CreateLocationMessage("Shenzhen", 113.93, 22.54);
    got = send_c2c(alice, location, bobInbox);
    if (auto e = ElemAs<V2TIMLocationElem>(got, 0, V2TIM_ELEM_TYPE_LOCATION)) {
        CHECK_STR(S(e->desc), "Shenzhen");
        CHECK(e->longitude == 113.93);
        CHECK(e->latitude == 22.54);
    }

    V2TIMMessage face = mm->CreateFaceMessage(7, Buf("smile"));
    got = send_c2c(alice, face, bobInbox);
    if (auto e = ElemAs<V2TIMFaceElem>(got, 0, V2TIM_ELEM_TYPE_FACE)) {
        CHECK_EQ(e->index, 7);
        CHECK_STR(Str(e->data), "smile");
    }

    // V2TIM's multi-elem message: elems pushed onto elemList go with it; the app owns them.
    V2TIMMessage multi = mm->CreateTextMessage("text first");
    V2TIMCustomElem extra;
    extra.data = Buf("then custom");
    multi.elemList.PushBack(&extra);
    V2TIMMessage copy = multi;  // a copy is its own message, pushed elem included
    got = send_c2c(alice, multi, bobInbox);
    CHECK_EQ(got.elemList.Size(), 2);
    if (auto e = ElemAs<V2TIMCustomElem>(got, 1, V2TIM_ELEM_TYPE_CUSTOM)) CHECK_STR(Str(e->data), "then custom");
    CHECK_EQ(copy.elemList.Size(), 2);
    CHECK(copy.msgID.Empty());

    // The simple sends.
    SendCallback text;
    V2TIMString id = alice->SendC2CTextMessage("simple text", "bob", &text);
    CHECK_EQ(text.Wait(), 0);
    got = bobInbox.Next();
    CHECK(got.msgID == id);
    if (auto e = ElemAs<V2TIMTextElem>(got, 0, V2TIM_ELEM_TYPE_TEXT)) CHECK_STR(S(e->text), "simple text");

    SendCallback data;
    id = alice->SendC2CCustomMessage(Buf("simple custom"), "bob", &data);
    CHECK_EQ(data.Wait(), 0);
    got = bobInbox.Next();
    CHECK(got.msgID == id);
    if (auto e = ElemAs<V2TIMCustomElem>(got, 0, V2TIM_ELEM_TYPE_CUSTOM)) CHECK_STR(Str(e->data), "simple custom");
}

// Elem pointers read from elemList stay valid while their message lives: across the send's
// refresh, a Clear or Erase, copies made and dropped. Elems the app pushed stay the app's:
// the message never frees them (a stack elem, and one made with new that the app deletes
// after the message is gone), and a copy holds copies of them. valgrind (run.sh) reports any
// use after free, double free or leak here.
static void elem_lifetimes(V2TIMManager* alice, Inbox& bobInbox) {
    V2TIMMessageManager* mm = alice->GetMessageManager();
    auto heap = new V2TIMLocationElem();
    heap->desc = "pushed with new";
    heap->longitude = 1.5;
    heap->latitude = -2.5;
    {
        V2TIMMessage m = mm->CreateTextMessage("created elem");
        const V2TIMElem* created = m.elemList[0];
        V2TIMCustomElem onStack;
        onStack.data = Buf("pushed from the stack");
        m.elemList.PushBack(&onStack);
        m.elemList.PushBack(heap);
        V2TIMMessage early = m;  // before the first send: copies every elem, pushed ones too

        // A send that libhark refuses still appends the pushed elems to the handle, once.
        SendCallback refused;
        mm->SendMessage(m, "", "", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &refused);
        CHECK_EQ(refused.Refused(), ERR_INVALID_PARAMETERS);
        V2TIMMessage late = m;  // after the elems went into the handle

        SendCallback cb;
        V2TIMString id = mm->SendMessage(m, "bob", "", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &cb);
        CHECK(!id.Empty());
        CHECK(m.msgID == id);
        REQUIRE(m.elemList.Size() == 3);
        CHECK(m.elemList[0] == created);
        CHECK(m.elemList[1] == &onStack);
        CHECK(m.elemList[2] == heap);
        CHECK_STR(S(static_cast<const V2TIMTextElem*>(created)->text), "created elem");
        CHECK_EQ(cb.Wait(), 0);
        V2TIMMessage got = bobInbox.Next();
        CHECK(got.msgID == id);
        REQUIRE(got.elemList.Size() == 3);
        if (auto e = ElemAs<V2TIMCustomElem>(got, 1, V2TIM_ELEM_TYPE_CUSTOM)) CHECK_STR(Str(e->data), "pushed from the stack");
        if (auto e = ElemAs<V2TIMLocationElem>(got, 2, V2TIM_ELEM_TYPE_LOCATION)) {
            CHECK_STR(S(e->desc), "pushed with new");
            CHECK(e->longitude == 1.5);
            CHECK(e->latitude == -2.5);
        }

        // A received elem outlives a copy of its message, a Clear and an Erase.
        const V2TIMElem* first = got.elemList[0];
        const V2TIMElem* sent = cb.message.elemList[1];
        {
            V2TIMMessage copy = got;
            CHECK(copy.elemList[0] != first);
            CHECK_STR(S(static_cast<const V2TIMTextElem*>(copy.elemList[0])->text), "created elem");
        }
        got.elemList.Erase(0);
        got.elemList.Clear();
        CHECK_STR(S(static_cast<const V2TIMTextElem*>(first)->text), "created elem");
        CHECK_STR(Str(static_cast<const V2TIMCustomElem*>(sent)->data), "pushed from the stack");
        // A message moved as its vector grows takes its elems along.
        V2TIMMessageVector kept;
        kept.PushBack(late);
        const V2TIMElem* keptFirst = kept[0].elemList[0];
        for (int i = 0; i < 40; i++) kept.PushBack(early);
        CHECK(kept[0].elemList[0] == keptFirst);
        CHECK_STR(S(static_cast<const V2TIMTextElem*>(keptFirst)->text), "created elem");
        // A copy of the list holds its own elems.
        V2TIMElemVector list = cb.message.elemList;
        cb.message = V2TIMMessage();
        REQUIRE(list.Size() == 3);
        CHECK_STR(S(static_cast<const V2TIMLocationElem*>(list[2])->desc), "pushed with new");
        CHECK_STR(S(static_cast<const V2TIMTextElem*>(created)->text), "created elem");

        // The copies go with what they held when made: the early one appends its copies of
        // the pushed elems, the late one finds them in its handle already. Each sends 3 elems.
        onStack.data = Buf("changed after the copies");
        for (V2TIMMessage* c : {&early, &late}) {
            SendCallback again;
            mm->SendMessage(*c, "bob", "", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &again);
            CHECK_EQ(again.Wait(), 0);
            V2TIMMessage next = bobInbox.Next();
            CHECK_EQ(next.elemList.Size(), 3);
            if (auto e = ElemAs<V2TIMCustomElem>(next, 1, V2TIM_ELEM_TYPE_CUSTOM)) CHECK_STR(Str(e->data), "pushed from the stack");
        }
        m = late;  // assignment over a message with app elems frees none of them
        m = m;
        CHECK_EQ(m.elemList.Size(), 3);
    }
    delete heap;  // the app's to delete: the messages that held it are gone and never freed it
}

// Pages through the C2C history 2 at a time with lastMsg.
static void history(V2TIMManager* bob) {
    V2TIMMessageListGetOption option;
    option.getType = V2TIM_GET_CLOUD_OLDER_MSG;
    option.userID = "alice";
    option.count = 2;
    std::vector<std::string> ids;
    V2TIMMessage last;
    for (int page = 0; page < 10; page++) {
        ValueCallback<V2TIMMessageVector> cb;
        option.lastMsg = page ? &last : nullptr;
        bob->GetMessageManager()->GetHistoryMessageList(option, &cb);
        REQUIRE(cb.Wait() == 0);
        for (size_t i = 0; i < cb.value.Size(); i++) ids.push_back(S(cb.value[i].msgID));
        if (cb.value.Size() < 2) break;
        last = cb.value[cb.value.Size() - 1];
        CHECK(cb.value[0].seq > cb.value[1].seq);  // newest first
    }
    CHECK_EQ(ids.size(), 11);  // the sample's text, 9 SendMessage sends, 2 simple sends
    for (size_t i = 0; i < ids.size(); i++)
        for (size_t j = i + 1; j < ids.size(); j++) CHECK(ids[i] != ids[j]);

    // LOCAL_OLDER is served from harkd too; NEWER is refused.
    ValueCallback<V2TIMMessageVector> local;
    option.getType = V2TIM_GET_LOCAL_OLDER_MSG;
    option.lastMsg = nullptr;
    bob->GetMessageManager()->GetHistoryMessageList(option, &local);
    CHECK_EQ(local.Wait(), 0);
    CHECK_EQ(local.value.Size(), 2);
    ValueCallback<V2TIMMessageVector> newer;
    option.getType = V2TIM_GET_CLOUD_NEWER_MSG;
    bob->GetMessageManager()->GetHistoryMessageList(option, &newer);
    CHECK_EQ(newer.Refused(), ERR_INVALID_PARAMETERS);
}

static void group(V2TIMManager* alice, V2TIMManager* bob, Inbox& bobInbox) {
    ValueCallback<V2TIMString> created;
    alice->CreateGroup("Public", "cpp-team", "C++ team", &created);
    REQUIRE(created.Wait() == 0);
    CHECK_STR(S(created.value), "cpp-team");
    Callback joined;
    bob->JoinGroup("cpp-team", "hello", &joined);
    REQUIRE(joined.Wait() == 0);

    ValueCallback<V2TIMGroupMemberInfoResult> members;
    alice->GetGroupManager()->GetGroupMemberList("cpp-team", V2TIM_GROUP_MEMBER_FILTER_ALL, 0, &members);
    CHECK_EQ(members.Wait(), 0);
    CHECK_EQ(members.value.memberInfoList.Size(), 2);
    CHECK_EQ(members.value.nextSequence, 0);
    ValueCallback<V2TIMGroupMemberInfoResult> owners;
    alice->GetGroupManager()->GetGroupMemberList("cpp-team", V2TIM_GROUP_MEMBER_FILTER_OWNER, 0, &owners);
    CHECK_EQ(owners.Wait(), 0);
    REQUIRE(owners.value.memberInfoList.Size() == 1);
    CHECK_STR(S(owners.value.memberInfoList[0].userID), "alice");
    CHECK_EQ(owners.value.memberInfoList[0].role, V2TIM_GROUP_MEMBER_ROLE_SUPER);

    SendCallback text;
    V2TIMString id = alice->SendGroupTextMessage("hi team", "cpp-team", V2TIM_PRIORITY_HIGH, &text);
    CHECK_EQ(text.Wait(), 0);
    CHECK(!text.message.IsDropped());
    V2TIMMessage got = bobInbox.Next();
    CHECK(got.msgID == id);
    CHECK_STR(S(got.groupID), "cpp-team");
    CHECK_EQ(got.priority, V2TIM_PRIORITY_HIGH);

    SendCallback custom;
    alice->SendGroupCustomMessage(Buf("group data"), "cpp-team", V2TIM_PRIORITY_LOW, &custom);
    CHECK_EQ(custom.Wait(), 0);
    got = bobInbox.Next();
    if (auto e = ElemAs<V2TIMCustomElem>(got, 0, V2TIM_ELEM_TYPE_CUSTOM)) CHECK_STR(Str(e->data), "group data");

    // SendMessage to a group with push info; the drop flag stays false on a normal send.
    V2TIMMessage m = alice->GetMessageManager()->CreateTextMessage("with push");
    V2TIMOfflinePushInfo push;
    push.title = "Title";
    push.desc = "Desc";
    SendCallback sent;
    alice->GetMessageManager()->SendMessage(m, "", "cpp-team", V2TIM_PRIORITY_NORMAL, false, push, &sent);
    CHECK_EQ(sent.Wait(), 0);
    CHECK(!m.IsDropped());
    CHECK(!sent.message.IsDropped());
    CHECK(sent.message.seq > 0);
    got = bobInbox.Next();
    CHECK_STR(S(got.offlinePushInfo.title), "Title");
    CHECK_STR(S(got.offlinePushInfo.desc), "Desc");
    CHECK(!got.IsDropped());

    // Group history, paged with lastMsg.
    V2TIMMessageListGetOption option;
    option.groupID = "cpp-team";
    option.count = 2;
    ValueCallback<V2TIMMessageVector> first;
    bob->GetMessageManager()->GetHistoryMessageList(option, &first);
    REQUIRE(first.Wait() == 0);
    REQUIRE(first.value.Size() == 2);
    CHECK_STR(S(first.value[0].msgID), S(sent.message.msgID));
    option.lastMsg = &first.value[1];
    ValueCallback<V2TIMMessageVector> second;
    bob->GetMessageManager()->GetHistoryMessageList(option, &second);
    CHECK_EQ(second.Wait(), 0);
    CHECK_EQ(second.value.Size(), 1);
    if (second.value.Size()) CHECK_STR(S(second.value[0].msgID), S(id));
}

static void targeted(V2TIMManager* alice, V2TIMManager* carol, Inbox& bobInbox, Inbox& carolInbox) {
    Callback joined;
    carol->JoinGroup("cpp-team", "", &joined);
    REQUIRE(joined.Wait() == 0);
    V2TIMMessageManager* mm = alice->GetMessageManager();
    V2TIMMessage base = mm->CreateTextMessage("only for bob");
    V2TIMStringVector receivers;
    receivers.PushBack("bob");
    V2TIMMessage t = mm->CreateTargetedGroupMessage(base, receivers);
    REQUIRE(t.elemList.Size() == 1);
    CHECK_EQ(t.targetGroupMemberList.Size(), 1);
    SendCallback cb;
    mm->SendMessage(t, "", "cpp-team", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &cb);
    CHECK_EQ(cb.Wait(), 0);
    CHECK(!cb.message.IsDropped());
    V2TIMMessage got = bobInbox.Next();
    CHECK(got.msgID == cb.message.msgID);
    REQUIRE(got.targetGroupMemberList.Size() == 1);
    CHECK_STR(S(got.targetGroupMemberList[0]), "bob");

    // carol gets the next normal message, not the targeted one.
    SendCallback after;
    V2TIMString id = alice->SendGroupTextMessage("for all", "cpp-team", V2TIM_PRIORITY_DEFAULT, &after);
    CHECK_EQ(after.Wait(), 0);
    V2TIMMessage carolGot = carolInbox.Next();
    CHECK(carolGot.msgID == id);

    // A targeted message with a receiver is refused, as in V2TIM.
    V2TIMMessage again = mm->CreateTargetedGroupMessage(base, receivers);
    SendCallback refused;
    CHECK(mm->SendMessage(again, "bob", "cpp-team", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &refused).Empty());
    CHECK_EQ(refused.Refused(), ERR_INVALID_PARAMETERS);
}

int main() {
    Inbox bobInbox, carolInbox;
    SdkEvents bobEvents;
    V2TIMManager bob;  // Hark addition: a second SDK instance for a second user
    bob.AddSDKListener(&bobEvents);
    bob.GetMessageManager()->AddAdvancedMsgListener(&bobInbox);
    LogIn(&bob, "bob");
    CHECK(bobEvents.WaitFor("connected"));
    const auto events = bobEvents.Events();
    CHECK(events.size() >= 2 && events[0] == "connecting" && events[1] == "connected");

    sample_flow(bobInbox);
    V2TIMManager* alice = V2TIMManager::GetInstance();
    c2c_elems(alice, bobInbox);
    elem_lifetimes(alice, bobInbox);
    history(&bob);

    V2TIMManager carol;
    carol.GetMessageManager()->AddAdvancedMsgListener(&carolInbox);
    LogIn(&carol, "carol");
    group(alice, &bob, bobInbox);
    targeted(alice, &carol, bobInbox, carolInbox);

    // A newer login of bob on the same platform kicks this one.
    V2TIMManager bob2;
    LogIn(&bob2, "bob");
    CHECK(bobEvents.WaitFor("kicked"));
    CHECK_EQ(bobEvents.onMainThread, 0);
    CHECK_EQ(bobInbox.onMainThread, 0);
    CHECK_EQ(carolInbox.onMainThread, 0);

    bob.RemoveSDKListener(&bobEvents);
    bob.GetMessageManager()->RemoveAdvancedMsgListener(&bobInbox);
    Callback logout;
    alice->Logout(&logout);
    CHECK_EQ(logout.Wait(), 0);
    CHECK_EQ(alice->GetLoginStatus(), V2TIM_STATUS_LOGOUT);
    CHECK_STR(S(alice->GetLoginUser()), "");
    alice->UnInitSDK();
    carol.UnInitSDK();
    return Report("test_messaging");
}
