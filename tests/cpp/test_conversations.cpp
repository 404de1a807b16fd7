// Conversations as V2TIM apps see them: alice writes to bob, who is logged in on two
// platforms at once (the singleton and an instance of its own). Bob's conversation list, its
// listener on both devices, unread counts, marking read (and alice's read receipt and
// IsPeerRead), the list's order with pins, drafts, deleting, reading by ids, a group's
// conversation, and conversations as values (lastMessage owned, copied and moved).
#include <functional>

#include "V2TIMManager.h"
#include "harness.h"

// What one SDK instance's conversation listener heard, in order.
class ConversationEvents : public V2TIMConversationListener {
public:
    void OnSyncServerStart() override { Add("start"); }
    void OnSyncServerFinish() override { Add("finish"); }
    void OnSyncServerFailed() override { Add("failed"); }
    void OnNewConversation(const V2TIMConversationVector& list) override { AddList("new", list); }
    void OnConversationChanged(const V2TIMConversationVector& list) override { AddList("changed", list); }
    void OnTotalUnreadMessageCountChanged(uint64_t total) override { Add("total " + std::to_string(total)); }

    // How many events came so far: pass it to the waits to look only at later ones.
    size_t Mark() {
        std::lock_guard<std::mutex> lock(mu_);
        return events_.size();
    }

    // Waits for `event` at or after position `from`; its position, or -1.
    int WaitFor(const std::string& event, size_t from = 0) {
        int at = -1;
        Wait([&] {
            for (size_t i = from; i < events_.size(); i++)
                if (events_[i].name == event) return (at = static_cast<int>(i)) >= 0;
            return false;
        });
        CHECK(at >= 0);
        return at;
    }

    // Waits for a conversation `id` reported as `kind` ("new" or "changed") at or after
    // `from` for which `ok` holds; a copy of it (empty on timeout).
    V2TIMConversation WaitConversation(const std::string& kind, const std::string& id, size_t from,
                                       std::function<bool(const V2TIMConversation&)> ok = nullptr) {
        V2TIMConversation found;
        const bool got = Wait([&] {
            for (size_t i = from; i < events_.size(); i++) {
                if (events_[i].name != kind) continue;
                const V2TIMConversationVector& list = events_[i].list;
                for (size_t n = 0; n < list.Size(); n++)
                    if (S(list[n].conversationID) == id && (!ok || ok(list[n]))) {
                        found = list[n];
                        return true;
                    }
            }
            return false;
        });
        CHECK(got);
        return found;
    }

    int onMainThread = 0;

private:
    struct Event {
        std::string name;
        V2TIMConversationVector list;
    };
    template <class F>
    bool Wait(F found) {
        std::unique_lock<std::mutex> lock(mu_);
        return cv_.wait_for(lock, kWait, found);
    }
    void Add(const std::string& name) { AddList(name, V2TIMConversationVector()); }
    void AddList(const std::string& name, const V2TIMConversationVector& list) {
        std::lock_guard<std::mutex> lock(mu_);
        if (std::this_thread::get_id() == g_main_thread) onMainThread++;
        events_.push_back(Event{name, list});
        cv_.notify_all();
    }
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<Event> events_;
};

// The read receipts an advanced message listener heard.
class Receipts : public V2TIMAdvancedMsgListener {
public:
    void OnRecvC2CReadReceipt(const V2TIMMessageReceiptVector& list) override {
        std::lock_guard<std::mutex> lock(mu_);
        for (size_t i = 0; i < list.Size(); i++) receipts_.push_back(list[i]);
        cv_.notify_all();
    }
    // Waits for the first receipt; an empty one on timeout.
    V2TIMMessageReceipt First() {
        std::unique_lock<std::mutex> lock(mu_);
        const bool got = cv_.wait_for(lock, kWait, [this] { return !receipts_.empty(); });
        CHECK(got);
        return got ? receipts_[0] : V2TIMMessageReceipt();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<V2TIMMessageReceipt> receipts_;
};

static V2TIMString SendText(V2TIMManager* from, const char* text, const char* userID, const char* groupID) {
    V2TIMMessage m = from->GetMessageManager()->CreateTextMessage(text);
    SendCallback cb;
    const V2TIMString id =
        from->GetMessageManager()->SendMessage(m, userID, groupID, V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &cb);
    REQUIRE(cb.Wait() == 0);
    return id;
}

static V2TIMConversationResult List(V2TIMManager* im) {
    ValueCallback<V2TIMConversationResult> cb;
    im->GetConversationManager()->GetConversationList(0, 100, &cb);
    REQUIRE(cb.Wait() == 0);
    CHECK(cb.value.isFinished);
    return cb.value;
}

// The conversation ids of the list, in its order, e.g. "c2c_carol c2c_alice".
static std::string Order(V2TIMManager* im) {
    const V2TIMConversationResult page = List(im);
    std::string ids;
    for (size_t i = 0; i < page.conversationList.Size(); i++) ids += (i ? " " : "") + S(page.conversationList[i].conversationID);
    return ids;
}

static V2TIMConversation Get(V2TIMManager* im, const char* id) {
    ValueCallback<V2TIMConversation> cb;
    im->GetConversationManager()->GetConversation(id, &cb);
    REQUIRE(cb.Wait() == 0);
    return cb.value;
}

static uint64_t Total(V2TIMManager* im) {
    ValueCallback<uint64_t> cb;
    im->GetConversationManager()->GetTotalUnreadMessageCount(&cb);
    CHECK_EQ(cb.Wait(), 0);
    return cb.value;
}

static std::string Text(const V2TIMMessage* m) {
    CHECK(m != nullptr);
    if (!m) return "";
    auto text = ElemAs<V2TIMTextElem>(*m, 0, V2TIM_ELEM_TYPE_TEXT);
    return text ? S(text->text) : "";
}

static V2TIMMessageVector History(V2TIMManager* im, const char* userID) {
    V2TIMMessageListGetOption option;
    option.userID = userID;
    option.count = 10;
    ValueCallback<V2TIMMessageVector> cb;
    im->GetMessageManager()->GetHistoryMessageList(option, &cb);
    REQUIRE(cb.Wait() == 0);
    REQUIRE(cb.value.Size() > 0);
    return cb.value;
}

static void Done(int code, const std::function<void(V2TIMCallback*)>& call) {
    Callback cb;
    call(&cb);
    CHECK_EQ(cb.Wait(), code);
}

// A conversation owns its lastMessage: copies have their own, moves take it along.
static void values(const V2TIMConversation& withLast) {
    REQUIRE(withLast.lastMessage != nullptr);
    V2TIMConversation copy = withLast;
    CHECK(copy.lastMessage != nullptr && copy.lastMessage != withLast.lastMessage);
    CHECK(copy.lastMessage->msgID == withLast.lastMessage->msgID);
    CHECK_STR(Text(copy.lastMessage), Text(withLast.lastMessage));

    V2TIMConversation moved = std::move(copy);
    CHECK(copy.lastMessage == nullptr);
    CHECK(moved.lastMessage != nullptr && moved.lastMessage->msgID == withLast.lastMessage->msgID);

    V2TIMConversation assigned = withLast;
    assigned = V2TIMConversation();  // frees the message it had
    CHECK(assigned.lastMessage == nullptr);
    assigned = moved;                // over an empty one
    CHECK(assigned.lastMessage != nullptr && assigned.lastMessage != moved.lastMessage);
    assigned = withLast;             // over one with a message
    CHECK(assigned.lastMessage != withLast.lastMessage && assigned.lastMessage->msgID == withLast.lastMessage->msgID);
    const V2TIMConversation& same = assigned;
    assigned = same;                 // self-assignment keeps it
    CHECK(assigned.lastMessage != nullptr && assigned.lastMessage->msgID == withLast.lastMessage->msgID);

    V2TIMConversationVector list;
    for (int i = 0; i < 5; i++) list.PushBack(withLast);  // grows, moving its conversations
    CHECK(list[0].lastMessage != list[4].lastMessage && list[4].lastMessage->msgID == withLast.lastMessage->msgID);
    V2TIMConversationVector other = list;
    list.Clear();
    CHECK_STR(Text(other[2].lastMessage), Text(withLast.lastMessage));
}

// Refused at once, on the calling thread: not logged in.
static void refused(V2TIMManager* im) {
    ValueCallback<V2TIMConversationResult> notLoggedIn;
    im->GetConversationManager()->GetConversationList(0, 10, &notLoggedIn);
    CHECK_EQ(notLoggedIn.Refused(), ERR_SDK_NOT_LOGGED_IN);
    ValueCallback<uint64_t> total;
    im->GetConversationManager()->GetTotalUnreadMessageCount(&total);
    CHECK_EQ(total.Refused(), ERR_SDK_NOT_LOGGED_IN);
    Callback markAll;
    im->GetMessageManager()->MarkAllMessageAsRead(&markAll);
    CHECK_EQ(markAll.Refused(), ERR_SDK_NOT_LOGGED_IN);
}

int main() {
    V2TIMManager* bob = V2TIMManager::GetInstance();
    V2TIMManager bob2, alice, carol;
    ConversationEvents bobEvents, bob2Events;
    Inbox bobInbox;
    Receipts aliceReceipts;
    bob->GetConversationManager()->AddConversationListener(&bobEvents);
    bob2.GetConversationManager()->AddConversationListener(&bob2Events);
    bob->GetMessageManager()->AddAdvancedMsgListener(&bobInbox);
    alice.GetMessageManager()->AddAdvancedMsgListener(&aliceReceipts);

    REQUIRE(bob->InitSDK(SdkAppID(), Config()));
    refused(bob);
    bob->UnInitSDK();
    LogIn(bob, "bob", 1);
    LogIn(&bob2, "bob", 2);
    LogIn(&alice, "alice");
    LogIn(&carol, "carol");  // a user bob can write to

    // The sync after login: nothing to list yet, then the total.
    const int start = bobEvents.WaitFor("start");
    const int finish = bobEvents.WaitFor("finish");
    const int total0 = bobEvents.WaitFor("total 0");
    CHECK(start >= 0 && start < finish && finish < total0);
    bob2Events.WaitFor("total 0");
    ValueCallback<V2TIMConversationResult> zero;
    bob->GetConversationManager()->GetConversationList(0, 0, &zero);
    CHECK_EQ(zero.Refused(), ERR_INVALID_PARAMETERS);

    // alice writes: a new conversation on both of bob's devices, one unread.
    size_t mark = bobEvents.Mark(), mark2 = bob2Events.Mark();
    const V2TIMString hello = SendText(&alice, "hello bob", "bob", "");
    CHECK(!bobInbox.Next().IsRead());  // just arrived
    V2TIMConversation c = bobEvents.WaitConversation("new", "c2c_alice", mark);
    CHECK_EQ(c.type, V2TIM_C2C);
    CHECK_STR(S(c.userID), "alice");
    CHECK_STR(S(c.groupID), "");
    CHECK_STR(S(c.groupType), "");
    CHECK_STR(S(c.showName), "alice");
    CHECK_EQ(c.unreadCount, 1);
    CHECK(c.lastMessage != nullptr && c.lastMessage->msgID == hello);
    CHECK_STR(Text(c.lastMessage), "hello bob");
    CHECK(c.lastMessage && !c.lastMessage->IsRead());
    CHECK(!c.isPinned);
    CHECK(c.orderKey > 0);
    CHECK_STR(S(c.draftText), "");
    bobEvents.WaitFor("total 1", mark);
    CHECK_EQ(bob2Events.WaitConversation("new", "c2c_alice", mark2).unreadCount, 1);
    bob2Events.WaitFor("total 1", mark2);
    CHECK_EQ(Total(&bob2), 1);
    values(c);

    V2TIMConversationResult page = List(bob);
    REQUIRE(page.conversationList.Size() == 1);
    const V2TIMConversation& listed = page.conversationList[0];
    CHECK_STR(S(listed.conversationID), "c2c_alice");
    CHECK_EQ(listed.unreadCount, 1);
    CHECK(listed.lastMessage != nullptr && listed.lastMessage->msgID == hello);

    // bob reads it on one device; the other hears it, alice gets the receipt.
    mark2 = bob2Events.Mark();
    Done(0, [&](V2TIMCallback* cb) { bob->GetMessageManager()->MarkC2CMessageAsRead("alice", cb); });
    c = bob2Events.WaitConversation("changed", "c2c_alice", mark2, [](const V2TIMConversation& x) { return x.unreadCount == 0; });
    CHECK(c.lastMessage != nullptr && c.lastMessage->IsRead());
    bob2Events.WaitFor("total 0", mark2);
    CHECK_EQ(Total(bob), 0);
    const V2TIMMessageReceipt receipt = aliceReceipts.First();
    CHECK_STR(S(receipt.userID), "bob");
    CHECK(receipt.isPeerRead);
    CHECK_STR(S(receipt.msgID), "");
    CHECK_STR(S(receipt.groupID), "");
    CHECK(receipt.timestamp > 0);
    CHECK_EQ(receipt.readCount, 0);
    CHECK_EQ(receipt.unreadCount, 0);
    V2TIMMessageVector aliceHistory = History(&alice, "bob");
    CHECK(aliceHistory[0].msgID == hello);
    CHECK(aliceHistory[0].IsPeerRead());
    CHECK(aliceHistory[0].IsRead());  // her own
    V2TIMMessageVector bobHistory = History(bob, "alice");
    CHECK(bobHistory[0].IsRead());
    CHECK(!bobHistory[0].IsPeerRead());  // not his

    // bob writes to carol afterwards: newest first; a pin puts alice's first, unpinning
    // restores the order.
    mark = bobEvents.Mark();
    SendText(bob, "hello carol", "carol", "");
    c = bobEvents.WaitConversation("new", "c2c_carol", mark);
    CHECK_EQ(c.unreadCount, 0);  // own messages never count
    CHECK(c.lastMessage != nullptr && c.lastMessage->isSelf && c.lastMessage->IsRead());
    page = List(bob);
    REQUIRE(page.conversationList.Size() == 2);
    CHECK(page.conversationList[0].orderKey > page.conversationList[1].orderKey);
    CHECK_STR(Order(bob), "c2c_carol c2c_alice");
    mark2 = bob2Events.Mark();
    Done(0, [&](V2TIMCallback* cb) { bob->GetConversationManager()->PinConversation("c2c_alice", true, cb); });
    CHECK_STR(Order(bob), "c2c_alice c2c_carol");
    CHECK(List(bob).conversationList[0].isPinned);
    CHECK(!List(bob).conversationList[1].isPinned);
    CHECK(bob2Events.WaitConversation("changed", "c2c_alice", mark2, [](const V2TIMConversation& x) { return x.isPinned; }).isPinned);
    Done(0, [&](V2TIMCallback* cb) { bob->GetConversationManager()->PinConversation("c2c_alice", false, cb); });
    CHECK_STR(Order(bob), "c2c_carol c2c_alice");
    CHECK(!Get(bob, "c2c_alice").isPinned);

    // Drafts, on every device.
    mark2 = bob2Events.Mark();
    Done(0, [&](V2TIMCallback* cb) { bob->GetConversationManager()->SetConversationDraft("c2c_alice", "half a thought", cb); });
    CHECK_STR(S(Get(bob, "c2c_alice").draftText), "half a thought");
    CHECK_STR(S(bob2Events.WaitConversation("changed", "c2c_alice", mark2, [](const V2TIMConversation& x) { return !x.draftText.Empty(); })
                    .draftText),
              "half a thought");
    Done(0, [&](V2TIMCallback* cb) { bob->GetConversationManager()->SetConversationDraft("c2c_alice", "", cb); });
    CHECK_STR(S(Get(bob, "c2c_alice").draftText), "");

    // By ids, in the order asked; a user never talked with is an empty conversation.
    V2TIMStringVector ids;
    ids.PushBack("c2c_erin");
    ids.PushBack("c2c_alice");
    ValueCallback<V2TIMConversationVector> byIds;
    bob->GetConversationManager()->GetConversationList(ids, &byIds);
    REQUIRE(byIds.Wait() == 0);
    REQUIRE(byIds.value.Size() == 2);
    CHECK_STR(S(byIds.value[0].conversationID), "c2c_erin");
    CHECK(byIds.value[0].lastMessage == nullptr);
    CHECK_STR(S(byIds.value[1].conversationID), "c2c_alice");
    CHECK(byIds.value[1].lastMessage != nullptr && byIds.value[1].lastMessage->msgID == hello);
    c = Get(bob, "c2c_dave");
    CHECK_STR(S(c.conversationID), "c2c_dave");
    CHECK_EQ(c.type, V2TIM_C2C);
    CHECK_STR(S(c.userID), "dave");
    CHECK_EQ(c.unreadCount, 0);
    CHECK(c.lastMessage == nullptr);

    // Deleting takes it off the list.
    Done(0, [&](V2TIMCallback* cb) { bob->GetConversationManager()->DeleteConversation("c2c_carol", cb); });
    CHECK_STR(Order(bob), "c2c_alice");

    // A group's conversation, read with MarkGroupMessageAsRead; then MarkAllMessageAsRead.
    ValueCallback<V2TIMString> created;
    alice.CreateGroup("Public", "conv-team", "Conversation team", &created);
    REQUIRE(created.Wait() == 0);
    Done(0, [&](V2TIMCallback* cb) { bob->JoinGroup("conv-team", "", cb); });
    mark = bobEvents.Mark();
    SendText(&alice, "hello team", "", "conv-team");
    c = bobEvents.WaitConversation("new", "group_conv-team", mark, [](const V2TIMConversation& x) { return x.unreadCount == 1; });
    CHECK_EQ(c.type, V2TIM_GROUP);
    CHECK_STR(S(c.groupID), "conv-team");
    CHECK_STR(S(c.groupType), "Public");
    CHECK_STR(S(c.showName), "Conversation team");
    CHECK_STR(S(c.userID), "");
    CHECK_STR(Text(c.lastMessage), "hello team");
    bobEvents.WaitFor("total 1", mark);
    mark2 = bob2Events.Mark();
    Done(0, [&](V2TIMCallback* cb) { bob->GetMessageManager()->MarkGroupMessageAsRead("conv-team", cb); });
    bob2Events.WaitConversation("changed", "group_conv-team", mark2, [](const V2TIMConversation& x) { return x.unreadCount == 0; });
    bob2Events.WaitFor("total 0", mark2);
    mark = bobEvents.Mark();
    SendText(&alice, "again", "bob", "");
    SendText(&alice, "again", "", "conv-team");
    bobEvents.WaitFor("total 2", mark);
    mark2 = bob2Events.Mark();
    Done(0, [&](V2TIMCallback* cb) { bob->GetMessageManager()->MarkC2CMessageAsRead("alice", cb); });
    bob2Events.WaitFor("total 1", mark2);
    CHECK_EQ(Get(bob, "group_conv-team").unreadCount, 1);  // only alice's conversation
    mark2 = bob2Events.Mark();
    Done(0, [&](V2TIMCallback* cb) { bob->GetMessageManager()->MarkAllMessageAsRead(cb); });
    bob2Events.WaitFor("total 0", mark2);
    CHECK_EQ(Total(bob), 0);
    CHECK_EQ(Get(bob, "c2c_alice").unreadCount, 0);
    CHECK_EQ(Get(bob, "group_conv-team").unreadCount, 0);

    // Bad ids and users.
    ValueCallback<V2TIMConversation> bad;
    bob->GetConversationManager()->GetConversation("alice", &bad);
    CHECK_EQ(bad.Refused(), ERR_INVALID_PARAMETERS);
    Callback badPin, badDraft, badDelete;
    bob->GetConversationManager()->PinConversation("c2c_", true, &badPin);
    CHECK_EQ(badPin.Refused(), ERR_INVALID_PARAMETERS);
    bob->GetConversationManager()->SetConversationDraft("group_", "draft", &badDraft);
    CHECK_EQ(badDraft.Refused(), ERR_INVALID_PARAMETERS);
    bob->GetConversationManager()->DeleteConversation("", &badDelete);
    CHECK_EQ(badDelete.Refused(), ERR_INVALID_PARAMETERS);
    ids.Clear();
    ValueCallback<V2TIMConversationVector> none;
    bob->GetConversationManager()->GetConversationList(ids, &none);
    CHECK_EQ(none.Refused(), ERR_INVALID_PARAMETERS);

    // Nothing to mark: a user bob has no messages with, a group he was never in.
    V2TIMManager dave;
    LogIn(&dave, "dave");
    Done(ERR_INVALID_PARAMETERS, [&](V2TIMCallback* cb) { bob->GetMessageManager()->MarkC2CMessageAsRead("dave", cb); });
    ValueCallback<V2TIMString> other;
    alice.CreateGroup("Public", "not-bobs", "Not bob's", &other);
    REQUIRE(other.Wait() == 0);
    Done(ERR_SVR_GROUP_PERMISSION_DENY, [&](V2TIMCallback* cb) { bob->GetMessageManager()->MarkGroupMessageAsRead("not-bobs", cb); });

    // A listener added after login hears what follows (not the sync); one removed hears
    // nothing more: both are called in the order added, so once `later` heard the change the
    // removed one would have too.
    ConversationEvents later;
    bob2.GetConversationManager()->AddConversationListener(&later);
    bob2.GetConversationManager()->RemoveConversationListener(&bob2Events);
    mark2 = bob2Events.Mark();
    SendText(&alice, "after removal", "bob", "");
    later.WaitConversation("changed", "c2c_alice", 0);
    CHECK_EQ(bob2Events.Mark(), mark2);
    later.WaitFor("total 1");
    CHECK_EQ(bobEvents.onMainThread, 0);
    CHECK_EQ(bob2Events.onMainThread, 0);
    CHECK_EQ(later.onMainThread, 0);
    bob->GetConversationManager()->RemoveConversationListener(&bobEvents);
    bob2.GetConversationManager()->RemoveConversationListener(&later);
    bob->GetMessageManager()->RemoveAdvancedMsgListener(&bobInbox);
    alice.GetMessageManager()->RemoveAdvancedMsgListener(&aliceReceipts);
    bob->UnInitSDK();
    return Report("test_conversations");
}
