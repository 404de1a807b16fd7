package io.hark.test;

import static io.hark.test.V2TIMTest.check;
import static io.hark.test.V2TIMTest.checkEq;
import static io.hark.test.V2TIMTest.sent;

import io.hark.imsdk.v2.BaseConstants;
import io.hark.imsdk.v2.V2TIMConversation;
import io.hark.imsdk.v2.V2TIMConversationManager;
import io.hark.imsdk.v2.V2TIMConversationResult;
import io.hark.imsdk.v2.V2TIMCreateGroupMemberInfo;
import io.hark.imsdk.v2.V2TIMGroupInfo;
import io.hark.imsdk.v2.V2TIMManager;
import io.hark.imsdk.v2.V2TIMMessage;
import io.hark.imsdk.v2.V2TIMMessageReceipt;

import java.util.ArrayList;
import java.util.List;

/**
 * The conversation list, the marks as read and C2C read receipts: alice, and bob on two
 * devices (the test's bob on platform 0 and another manager on platform 2). Runs while bob
 * has no conversations yet, and leaves bob's inbox empty for the tests after it.
 */
final class ConversationTest {
    private static final String ALICE = "c2c_alice";
    private static final String DAVE = "c2c_dave";
    private static final String GROUP_ID = "java-conv";
    private static final String GROUP = "group_" + GROUP_ID;

    private ConversationTest() {}

    static void run(V2TIMManager alice, Inbox aliceIn, V2TIMManager bob, Inbox bobIn) throws Exception {
        ConvEvents onA = new ConvEvents();
        V2TIMConversationManager cm = bob.conversationManager();
        cm.addConversationListener(onA);
        check(onA.synced(), "the first conversation listener, added while logged in, hears a sync");
        checkEq(onA.syncs, List.of("start", "finish"), "sync events");
        check(onA.total(0), "the sync ends with the total unread, 0");

        // The second device: its listener is added before initSDK.
        V2TIMManager bob2 = V2TIMManager.createInstance();
        ConvEvents onB = new ConvEvents();
        bob2.conversationManager().addConversationListener(onB);
        V2TIMTest.start(bob2, "bob", null, null, 2);
        check(onB.synced(), "bob's second device hears a sync at login");
        check(onB.total(0), "bob's second device: total unread 0");

        Await<V2TIMMessage> s = new Await<>();
        String id = alice.sendC2CTextMessage("hello conversations", "bob", s);
        V2TIMMessage mine = sent(s, "alice's first message");
        check(mine.isRead() && !mine.isPeerRead(), "an own message is read, not yet by the peer");
        V2TIMMessage got = bobIn.next();
        checkEq(got == null ? null : got.getMsgID(), id, "bob receives it");
        check(got != null && !got.isRead() && !got.isPeerRead(), "a message that has just arrived is not read");
        for (ConvEvents on : List.of(onA, onB)) {
            String who = on == onA ? "bob: " : "bob's second device: ";
            V2TIMConversation c = on.nextNew(ALICE);
            check(c != null, who + "c2c_alice is a new conversation");
            if (c != null) {
                checkEq(c.getType(), V2TIMConversation.V2TIM_C2C, who + "type C2C");
                checkEq(c.getUserID(), "alice", who + "userID");
                checkEq(c.getGroupID(), null, who + "no groupID");
                checkEq(c.getGroupType(), null, who + "no groupType");
                checkEq(c.getShowName(), "alice", who + "showName");
                checkEq(c.getUnreadCount(), 1, who + "unreadCount");
                checkEq(c.getDraftText(), null, who + "no draft");
                check(!c.isPinned(), who + "not pinned");
                check(c.getOrderKey() > 0, who + "an order key");
                V2TIMMessage last = c.getLastMessage();
                checkEq(last == null ? null : last.getMsgID(), id, who + "the last message");
                checkEq(last == null ? null : last.getTextElem().getText(), "hello conversations", who + "its text");
            }
            check(on.total(1), who + "total unread 1");
        }
        checkEq(total(cm), 1L, "getTotalUnreadMessageCount");
        V2TIMConversationResult page = list(cm, 0, 100);
        checkEq(ids(page), List.of(ALICE), "getConversationList lists it");
        check(page != null && page.isFinished(), "one page");
        V2TIMConversation listed = page == null || page.getConversationList().isEmpty() ? null
                : page.getConversationList().get(0);
        checkEq(listed == null ? null : listed.getUnreadCount(), 1, "listed unreadCount");
        check(listed != null && listed.getLastMessage() != null && !listed.getLastMessage().isRead(),
                "the listed last message is not read yet");

        markRead(alice, aliceIn, bob, onA, onB, id, mine.getTimestamp());
        order(bob, onB);
        draftsAndLookups(cm);
        group(alice, bob, bobIn, onA, onB);
        markAll(alice, bob, bobIn, onA, onB);
        errors(cm);
        listenerChanges(alice, bob2, bobIn, onB);

        cm.removeConversationListener(onA);
        bob2.unInitSDK();
    }

    /** Bob reads on his first device: the second one and alice hear of it. */
    private static void markRead(V2TIMManager alice, Inbox aliceIn, V2TIMManager bob, ConvEvents onA, ConvEvents onB,
            String id, long sentAt) throws Exception {
        Await<Void> mark = new Await<>();
        bob.messageManager().markC2CMessageAsRead("alice", mark);
        checkEq(mark.await(), 0, "markC2CMessageAsRead " + mark.desc);
        V2TIMConversation c = onB.nextChanged(ALICE, x -> x.getUnreadCount() == 0);
        check(c != null, "bob's second device hears c2c_alice changed to unread 0");
        check(c != null && c.getLastMessage() != null && c.getLastMessage().isRead(),
                "the changed conversation's last message is read");
        check(onB.total(0), "bob's second device: total unread 0");
        check(onA.total(0), "bob: total unread 0");

        List<V2TIMMessageReceipt> receipts = aliceIn.nextReceipts();
        checkEq(receipts == null ? null : receipts.size(), 1, "alice gets one C2C read receipt");
        if (receipts != null && receipts.size() == 1) {
            V2TIMMessageReceipt r = receipts.get(0);
            checkEq(r.getUserID(), "bob", "the receipt's userID is the reader");
            check(r.isPeerRead(), "the receipt isPeerRead");
            checkEq(r.getMsgID(), "", "a C2C receipt has no msgID");
            checkEq(r.getGroupID(), "", "a C2C receipt has no groupID");
            check(r.getTimestamp() >= sentAt, "the receipt's timestamp is after the send");
            checkEq(r.getReadCount() + r.getUnreadCount(), 0L, "a C2C receipt has no counts");
        }
        V2TIMMessage hers = newest(alice, "bob");
        checkEq(hers == null ? null : hers.getMsgID(), id, "alice's history: her message");
        check(hers != null && hers.isPeerRead() && hers.isRead(), "alice's history: her message isPeerRead");
        V2TIMMessage his = newest(bob, "alice");
        check(his != null && his.isRead() && !his.isPeerRead(), "bob's history: alice's message is read");
    }

    /** Two conversations: by last message, pinned first, in pages. */
    private static void order(V2TIMManager bob, ConvEvents onB) throws Exception {
        V2TIMConversationManager cm = bob.conversationManager();
        // harkd knows the users who have logged in.
        V2TIMTest.start(V2TIMManager.createInstance(), "dave", null, null).unInitSDK();
        Await<V2TIMMessage> s = new Await<>();
        bob.sendC2CTextMessage("to dave", "dave", s);
        sent(s, "bob's message to dave");
        V2TIMConversation dave = onB.nextNew(DAVE);
        check(dave != null, "an own send makes a new conversation on the other device");
        checkEq(dave == null ? null : dave.getUnreadCount(), 0, "own messages are never unread");
        V2TIMConversationResult all = list(cm, 0, 100);
        checkEq(ids(all), List.of(DAVE, ALICE), "the newest last message first");
        List<V2TIMConversation> two = all == null ? List.of() : all.getConversationList();
        check(two.size() == 2 && two.get(0).getOrderKey() > two.get(1).getOrderKey(), "order keys fall down the list");
        V2TIMConversationResult first = list(cm, 0, 1);
        checkEq(ids(first), List.of(DAVE), "a page of one");
        check(first != null && !first.isFinished(), "a page of one of two is not the last");
        checkEq(ids(first == null ? null : list(cm, first.getNextSeq(), 1)), List.of(ALICE), "the next page");

        pin(cm, true);
        checkEq(ids(list(cm, 0, 100)), List.of(ALICE, DAVE), "the pinned, older one first");
        V2TIMConversation pinned = onB.nextChanged(ALICE, V2TIMConversation::isPinned);
        check(pinned != null, "the pin reaches the other device");
        pin(cm, false);
        checkEq(ids(list(cm, 0, 100)), List.of(DAVE, ALICE), "unpinning restores the order");
    }

    private static void pin(V2TIMConversationManager cm, boolean on) throws InterruptedException {
        Await<Void> p = new Await<>();
        cm.pinConversation(ALICE, on, p);
        checkEq(p.await(), 0, "pinConversation " + on + " " + p.desc);
        V2TIMConversation c = one(cm, ALICE);
        checkEq(c == null ? null : c.isPinned(), on, "isPinned after pinConversation " + on);
    }

    private static void draftsAndLookups(V2TIMConversationManager cm) throws Exception {
        String draft = "草稿 ✍️ draft";
        Await<Void> d = new Await<>();
        cm.setConversationDraft(ALICE, draft, d);
        checkEq(d.await(), 0, "setConversationDraft " + d.desc);
        V2TIMConversation c = one(cm, ALICE);
        checkEq(c == null ? null : c.getDraftText(), draft, "draftText");
        Await<Void> clear = new Await<>();
        cm.setConversationDraft(ALICE, null, clear);
        checkEq(clear.await(), 0, "clearing the draft");
        c = one(cm, ALICE);
        check(c != null && c.getDraftText() == null, "no draft after clearing it");

        Await<Void> del = new Await<>();
        cm.deleteConversation(DAVE, del);
        checkEq(del.await(), 0, "deleteConversation " + del.desc);
        checkEq(ids(list(cm, 0, 100)), List.of(ALICE), "deleteConversation takes it off the list");

        V2TIMConversation nobody = one(cm, "c2c_nobody");
        checkEq(nobody == null ? null : nobody.getConversationID(), "c2c_nobody", "a user never talked with: that id");
        check(nobody != null && nobody.getLastMessage() == null && nobody.getUnreadCount() == 0
                && nobody.getType() == V2TIMConversation.V2TIM_C2C && "nobody".equals(nobody.getUserID()),
                "an empty conversation");
        Await<List<V2TIMConversation>> byIds = new Await<>();
        cm.getConversationList(List.of(ALICE, "c2c_nobody"), byIds);
        checkEq(byIds.await(), 0, "getConversationList by ids " + byIds.desc);
        List<String> got = new ArrayList<>();
        if (byIds.value != null) {
            for (V2TIMConversation x : byIds.value) got.add(x.getConversationID());
        }
        checkEq(got, List.of(ALICE, "c2c_nobody"), "one per id, in order");
    }

    /** A group conversation, and marking it read. */
    private static void group(V2TIMManager alice, V2TIMManager bob, Inbox bobIn, ConvEvents onA, ConvEvents onB)
            throws Exception {
        V2TIMGroupInfo info = new V2TIMGroupInfo();
        info.setGroupType(V2TIMManager.GROUP_TYPE_WORK);
        info.setGroupID(GROUP_ID);
        info.setGroupName("会话群");
        V2TIMCreateGroupMemberInfo member = new V2TIMCreateGroupMemberInfo();
        member.setUserID("bob");
        Await<String> create = new Await<>();
        alice.groupManager().createGroup(info, List.of(member), create);
        checkEq(create.await(), 0, "createGroup with bob " + create.desc);
        Await<V2TIMMessage> s = new Await<>();
        alice.sendGroupTextMessage("group hello", GROUP_ID, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, s);
        sent(s, "group message");
        V2TIMMessage got = bobIn.next();
        checkEq(got == null ? null : got.getTextElem().getText(), "group hello", "bob receives the group message");
        V2TIMConversation c = onA.nextNew(GROUP);
        check(c != null, "the group is a new conversation");
        if (c != null) {
            checkEq(c.getType(), V2TIMConversation.V2TIM_GROUP, "type GROUP");
            checkEq(c.getGroupID(), GROUP_ID, "groupID");
            checkEq(c.getUserID(), null, "a group conversation has no userID");
            checkEq(c.getGroupType(), V2TIMManager.GROUP_TYPE_WORK, "groupType");
            checkEq(c.getShowName(), "会话群", "showName is the group's name");
            checkEq(c.getUnreadCount(), 1, "group unreadCount");
        }
        check(onA.total(1), "total unread 1 with the group message");
        Await<Void> mark = new Await<>();
        bob.messageManager().markGroupMessageAsRead(GROUP_ID, mark);
        checkEq(mark.await(), 0, "markGroupMessageAsRead " + mark.desc);
        check(onB.nextChanged(GROUP, x -> x.getUnreadCount() == 0) != null,
                "the other device hears the group read");
        check(onB.total(0), "total unread 0 after markGroupMessageAsRead");
    }

    private static void markAll(V2TIMManager alice, V2TIMManager bob, Inbox bobIn, ConvEvents onA, ConvEvents onB)
            throws Exception {
        List<String> sends = List.of("one more", "and another");
        for (String text : sends) {
            Await<V2TIMMessage> c2c = new Await<>();
            alice.sendC2CTextMessage(text, "bob", c2c);
            sent(c2c, "C2C " + text);
        }
        Await<V2TIMMessage> grp = new Await<>();
        alice.sendGroupTextMessage("group again", GROUP_ID, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, grp);
        sent(grp, "one more group message");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            V2TIMMessage m = bobIn.next();
            texts.add(m == null ? null : m.getTextElem().getText());
        }
        checkEq(texts, List.of("one more", "and another", "group again"), "bob receives all three");
        check(onA.nextChanged(ALICE, c -> c.getUnreadCount() == 2) != null, "c2c_alice counts 2 unread");
        check(onA.total(3), "total unread 3");
        check(onB.total(3), "total unread 3 on the other device");
        checkEq(total(bob.conversationManager()), 3L, "getTotalUnreadMessageCount of two conversations");
        Await<Void> all = new Await<>();
        bob.messageManager().markAllMessageAsRead(all);
        checkEq(all.await(), 0, "markAllMessageAsRead " + all.desc);
        check(onB.total(0), "total unread 0 after markAllMessageAsRead");
        checkEq(total(bob.conversationManager()), 0L, "getTotalUnreadMessageCount after markAllMessageAsRead");

        Await<Void> dismiss = new Await<>();
        alice.dismissGroup(GROUP_ID, dismiss);
        checkEq(dismiss.await(), 0, "dismissGroup");
    }

    private static void errors(V2TIMConversationManager cm) throws Exception {
        Await<V2TIMConversation> bad = new Await<>();
        cm.getConversation("bogus", bad);
        checkEq(bad.await(), BaseConstants.ERR_INVALID_PARAMETERS, "a bad conversation id");
        Await<V2TIMConversationResult> none = new Await<>();
        cm.getConversationList(0, 0, none);
        checkEq(none.await(), BaseConstants.ERR_INVALID_PARAMETERS, "a page of 0");
        Await<List<V2TIMConversation>> noIds = new Await<>();
        cm.getConversationList(List.of(), noIds);
        checkEq(noIds.await(), BaseConstants.ERR_INVALID_PARAMETERS, "no ids");
        Await<Void> badDraft = new Await<>();
        cm.setConversationDraft("c2c_", "x", badDraft);
        checkEq(badDraft.await(), BaseConstants.ERR_INVALID_PARAMETERS, "a draft for a bad id");
    }

    /**
     * A removed listener hears nothing more while the others do; with none left and one added
     * again while logged in, libhark syncs again.
     */
    private static void listenerChanges(V2TIMManager alice, V2TIMManager bob2, Inbox bobIn, ConvEvents onB)
            throws Exception {
        V2TIMConversationManager cm = bob2.conversationManager();
        ConvEvents other = new ConvEvents();
        cm.addConversationListener(other);
        cm.removeConversationListener(onB);
        int heard = onB.events.get();
        Await<V2TIMMessage> s = new Await<>();
        alice.sendC2CTextMessage("after the removal", "bob", s);
        sent(s, "a message after removeConversationListener");
        V2TIMMessage got = bobIn.next();
        checkEq(got == null ? null : got.getTextElem().getText(), "after the removal", "bob receives it");
        check(other.nextChanged(ALICE, c -> c.getUnreadCount() == 1) != null, "the remaining listener hears it");
        checkEq(onB.events.get(), heard, "the removed listener hears nothing");
        check(other.syncs.isEmpty(), "a second listener hears no sync of its own");

        cm.removeConversationListener(other);
        List<String> before = new ArrayList<>(onB.syncs);
        onB.forget();
        cm.addConversationListener(onB);
        check(onB.synced(), "the first listener again hears a sync");
        checkEq(onB.syncs.size(), before.size() + 2, "a sync start and finish");
        // The list comes between the sync's start and finish.
        V2TIMConversation c = onB.queued(ALICE);
        checkEq(c == null ? null : c.getUnreadCount(), 1, "the sync reports c2c_alice");
        check(onB.total(1), "and the total unread, 1");
        cm.removeConversationListener(onB);
        Await<Void> mark = new Await<>();
        bob2.messageManager().markC2CMessageAsRead("alice", mark);
        checkEq(mark.await(), 0, "bob's second device marks c2c_alice read");
    }

    private static V2TIMConversationResult list(V2TIMConversationManager cm, long nextSeq, int count)
            throws InterruptedException {
        Await<V2TIMConversationResult> a = new Await<>();
        cm.getConversationList(nextSeq, count, a);
        checkEq(a.await(), 0, "getConversationList " + a.desc);
        check(!a.onCallerThread, "getConversationList ends on the dispatcher");
        return a.value;
    }

    private static V2TIMConversation one(V2TIMConversationManager cm, String id) throws InterruptedException {
        Await<V2TIMConversation> a = new Await<>();
        cm.getConversation(id, a);
        checkEq(a.await(), 0, "getConversation " + id + " " + a.desc);
        return a.value;
    }

    private static Long total(V2TIMConversationManager cm) throws InterruptedException {
        Await<Long> a = new Await<>();
        cm.getTotalUnreadMessageCount(a);
        checkEq(a.await(), 0, "getTotalUnreadMessageCount " + a.desc);
        return a.value;
    }

    private static List<String> ids(V2TIMConversationResult r) {
        List<String> out = new ArrayList<>();
        if (r != null) {
            for (V2TIMConversation c : r.getConversationList()) out.add(c.getConversationID());
        }
        return out;
    }

    /** The newest message of {@code m}'s C2C history with {@code peer}. */
    private static V2TIMMessage newest(V2TIMManager m, String peer) throws InterruptedException {
        Await<List<V2TIMMessage>> h = new Await<>();
        m.messageManager().getC2CHistoryMessageList(peer, 1, null, h);
        checkEq(h.await(), 0, "history with " + peer + " " + h.desc);
        return h.value == null || h.value.isEmpty() ? null : h.value.get(0);
    }
}
