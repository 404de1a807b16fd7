package io.hark.test;

import static io.hark.test.V2TIMTest.check;
import static io.hark.test.V2TIMTest.checkEq;
import static io.hark.test.V2TIMTest.sent;

import io.hark.imsdk.v2.BaseConstants;
import io.hark.imsdk.v2.V2TIMCreateGroupMemberInfo;
import io.hark.imsdk.v2.V2TIMGroupInfo;
import io.hark.imsdk.v2.V2TIMGroupMemberOperationResult;
import io.hark.imsdk.v2.V2TIMManager;
import io.hark.imsdk.v2.V2TIMMessage;
import io.hark.imsdk.v2.V2TIMMessageManager;
import io.hark.imsdk.v2.V2TIMMessageReceipt;

import java.util.ArrayList;
import java.util.List;

/**
 * Message read receipts and inviteUserToGroup: alice's Work group with bob and carol, a
 * message sent with needReadReceipt that bob and carol report read, a C2C one bob reports
 * read, and invitations by bob (a plain member) into the group and by alice into a Public
 * group. Consumes every message it makes bob receive.
 */
final class ReceiptTest {
    private static final String WORK = "java-receipts";
    private static final String PUBLIC = "java-receipts-public";

    private ReceiptTest() {}

    static void run(V2TIMManager alice, Inbox aliceIn, V2TIMManager bob, Inbox bobIn) throws Exception {
        Inbox carolIn = new Inbox();
        V2TIMManager carol = V2TIMTest.start(V2TIMManager.createInstance(), "carol", null, carolIn);
        V2TIMGroupInfo info = new V2TIMGroupInfo();
        info.setGroupType(V2TIMManager.GROUP_TYPE_WORK);
        info.setGroupID(WORK);
        info.setGroupName("receipts");
        Await<String> create = new Await<>();
        alice.groupManager().createGroup(info, List.of(member("bob"), member("carol")), create);
        checkEq(create.await(), 0, "createGroup with bob and carol " + create.desc);

        List<V2TIMMessage> groupMsgs = receipts(alice, aliceIn, bob, bobIn, carol, carolIn);
        c2c(alice, aliceIn, bob, bobIn, groupMsgs.get(1));
        refusals(alice, bob, groupMsgs.get(0));
        invite(alice, bob, bobIn, carolIn);

        for (String group : List.of(WORK, PUBLIC)) {
            Await<Void> dismiss = new Await<>();
            alice.dismissGroup(group, dismiss);
            checkEq(dismiss.await(), 0, "dismissGroup " + group + " " + dismiss.desc);
        }
        carol.unInitSDK();
    }

    private static V2TIMCreateGroupMemberInfo member(String user) {
        V2TIMCreateGroupMemberInfo m = new V2TIMCreateGroupMemberInfo();
        m.setUserID(user);
        return m;
    }

    private static V2TIMMessage sendToGroup(V2TIMManager from, V2TIMMessage m, String what) throws Exception {
        Await<V2TIMMessage> s = new Await<>();
        from.messageManager().sendMessage(m, null, WORK, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, s);
        sent(s, what);
        return m;
    }

    /** A message with needReadReceipt, read by bob, then by carol; returns alice's message and bob's copy. */
    private static List<V2TIMMessage> receipts(V2TIMManager alice, Inbox aliceIn, V2TIMManager bob, Inbox bobIn,
            V2TIMManager carol, Inbox carolIn) throws Exception {
        V2TIMMessageManager mm = alice.messageManager();
        V2TIMMessage plain = mm.createTextMessage("no receipt wanted");
        check(!plain.isNeedReadReceipt(), "a new message does not need a read receipt");
        sendToGroup(alice, plain, "a group message without needReadReceipt");
        plain.setNeedReadReceipt(true);
        check(!plain.isNeedReadReceipt(), "setNeedReadReceipt after the send changes nothing");

        V2TIMMessage mine = mm.createTextMessage("please report reading");
        mine.setNeedReadReceipt(true);
        check(mine.isNeedReadReceipt(), "setNeedReadReceipt(true) before the send");
        sendToGroup(alice, mine, "a group message with needReadReceipt");
        check(mine.isNeedReadReceipt(), "the sent message still needs a read receipt");

        List<V2TIMMessage> copies = new ArrayList<>();
        for (Inbox in : List.of(bobIn, carolIn)) {
            String who = in == bobIn ? "bob" : "carol";
            V2TIMMessage first = in.next();
            checkEq(first == null ? null : first.getMsgID(), plain.getMsgID(), who + " receives the plain message");
            check(first != null && !first.isNeedReadReceipt(), who + ": the plain message needs no read receipt");
            V2TIMMessage got = in.next();
            checkEq(got == null ? null : got.getMsgID(), mine.getMsgID(), who + " receives the message");
            check(got != null && got.isNeedReadReceipt(), who + "'s copy isNeedReadReceipt");
            copies.add(got);
        }

        long[][] counts = {{1, 1}, {2, 0}};
        V2TIMManager[] readers = {bob, carol};
        for (int i = 0; i < 2; i++) {
            String who = i == 0 ? "bob" : "carol";
            Await<Void> report = new Await<>();
            readers[i].messageManager().sendMessageReadReceipts(List.of(copies.get(i)), report);
            checkEq(report.await(), 0, who + ": sendMessageReadReceipts " + report.desc);
            List<V2TIMMessageReceipt> heard = aliceIn.nextMessageReceipts();
            checkEq(heard == null ? null : heard.size(), 1, "alice hears one receipt after " + who + " reads");
            if (heard != null && heard.size() == 1) {
                V2TIMMessageReceipt r = heard.get(0);
                checkEq(r.getMsgID(), mine.getMsgID(), "the receipt's msgID");
                checkEq(r.getGroupID(), WORK, "the receipt's groupID");
                checkEq(List.of(r.getReadCount(), r.getUnreadCount()), List.of(counts[i][0], counts[i][1]),
                        "read and unread counts after " + who + " reads");
            }
        }
        Await<List<V2TIMMessageReceipt>> get = new Await<>();
        mm.getMessageReadReceipts(List.of(plain, mine), get);
        checkEq(get.await(), 0, "getMessageReadReceipts " + get.desc);
        checkEq(get.value == null ? null : get.value.size(), 1, "only the message with needReadReceipt has a receipt");
        if (get.value != null && get.value.size() == 1) {
            V2TIMMessageReceipt r = get.value.get(0);
            checkEq(r.getMsgID(), mine.getMsgID(), "getMessageReadReceipts: msgID");
            checkEq(r.getGroupID(), WORK, "getMessageReadReceipts: groupID");
            checkEq(List.of(r.getReadCount(), r.getUnreadCount()), List.of(2L, 0L), "getMessageReadReceipts: 2 read, 0 unread");
        }
        return List.of(mine, copies.get(0));
    }

    /** A C2C message with needReadReceipt that bob reports read; {@code bobsGroupCopy} is of another conversation. */
    private static void c2c(V2TIMManager alice, Inbox aliceIn, V2TIMManager bob, Inbox bobIn, V2TIMMessage bobsGroupCopy)
            throws Exception {
        V2TIMMessage mine = alice.messageManager().createTextMessage("read me, bob");
        mine.setNeedReadReceipt(true);
        Await<V2TIMMessage> s = new Await<>();
        alice.messageManager().sendMessage(mine, "bob", null, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, s);
        sent(s, "a C2C message with needReadReceipt");
        V2TIMMessage got = bobIn.next();
        checkEq(got == null ? null : got.getMsgID(), mine.getMsgID(), "bob receives the C2C message");
        check(got != null && got.isNeedReadReceipt(), "bob's C2C copy isNeedReadReceipt");

        Await<Void> mixed = new Await<>();
        bob.messageManager().sendMessageReadReceipts(java.util.Arrays.asList(got, bobsGroupCopy), mixed);
        checkEq(mixed.await(), BaseConstants.ERR_INVALID_PARAMETERS, "sendMessageReadReceipts of two conversations");

        Await<Void> report = new Await<>();
        bob.messageManager().sendMessageReadReceipts(java.util.Arrays.asList(got), report);
        checkEq(report.await(), 0, "bob: sendMessageReadReceipts of the C2C message " + report.desc);
        List<V2TIMMessageReceipt> heard = aliceIn.nextMessageReceipts();
        checkEq(heard == null ? null : heard.size(), 1, "alice hears one receipt of her C2C message");
        if (heard != null && heard.size() == 1) {
            V2TIMMessageReceipt r = heard.get(0);
            checkEq(r.getMsgID(), mine.getMsgID(), "the C2C receipt's msgID");
            checkEq(r.getUserID(), "bob", "the C2C receipt's userID is the peer");
            checkEq(r.getGroupID(), "", "the C2C receipt has no groupID");
            check(r.isPeerRead(), "the C2C receipt isPeerRead");
        }
        Await<List<V2TIMMessageReceipt>> get = new Await<>();
        alice.messageManager().getMessageReadReceipts(List.of(mine), get);
        checkEq(get.await(), 0, "getMessageReadReceipts of the C2C message " + get.desc);
        V2TIMMessageReceipt r = get.value == null || get.value.size() != 1 ? null : get.value.get(0);
        check(r != null && r.isPeerRead() && "bob".equals(r.getUserID()), "getMessageReadReceipts: bob read the C2C message");
    }

    private static void refusals(V2TIMManager alice, V2TIMManager bob, V2TIMMessage mine) throws Exception {
        Await<Void> none = new Await<>();
        bob.messageManager().sendMessageReadReceipts(List.of(), none);
        checkEq(none.await(), BaseConstants.ERR_INVALID_PARAMETERS, "sendMessageReadReceipts of an empty list");
        check(none.onCallerThread, "the refusal comes on the calling thread");
        Await<List<V2TIMMessageReceipt>> noneGet = new Await<>();
        alice.messageManager().getMessageReadReceipts(List.of(), noneGet);
        checkEq(noneGet.await(), BaseConstants.ERR_INVALID_PARAMETERS, "getMessageReadReceipts of an empty list");
        Await<Void> nullMsg = new Await<>();
        bob.messageManager().sendMessageReadReceipts(java.util.Arrays.asList((V2TIMMessage) null), nullMsg);
        checkEq(nullMsg.await(), BaseConstants.ERR_INVALID_PARAMETERS, "sendMessageReadReceipts of a null message");
        V2TIMMessage unsent = alice.messageManager().createTextMessage("never sent");
        Await<Void> notSent = new Await<>();
        alice.messageManager().sendMessageReadReceipts(List.of(unsent), notSent);
        checkEq(notSent.await(), BaseConstants.ERR_INVALID_PARAMETERS, "sendMessageReadReceipts of a message never sent");
        check(mine.isNeedReadReceipt(), "the messages passed stay usable");
    }

    private static List<Object> results(List<V2TIMGroupMemberOperationResult> list) {
        if (list == null) return null;
        List<Object> out = new ArrayList<>();
        for (V2TIMGroupMemberOperationResult r : list) {
            out.add(r.getMemberID());
            out.add(r.getResult());
        }
        return out;
    }

    /** Bob, a plain member, invites dave (an outsider), carol (a member) and nobody. */
    private static void invite(V2TIMManager alice, V2TIMManager bob, Inbox bobIn, Inbox carolIn) throws Exception {
        Inbox daveIn = new Inbox();
        V2TIMManager dave = V2TIMTest.start(V2TIMManager.createInstance(), "dave", null, daveIn);
        Await<List<V2TIMGroupMemberOperationResult>> inv = new Await<>();
        bob.groupManager().inviteUserToGroup(WORK, List.of("dave", "carol", "nobody"), inv);
        checkEq(inv.await(), 0, "inviteUserToGroup by a member of a Work group " + inv.desc);
        checkEq(results(inv.value), List.of("dave", V2TIMGroupMemberOperationResult.OPERATION_RESULT_SUCC,
                "carol", V2TIMGroupMemberOperationResult.OPERATION_RESULT_INVALID,
                "nobody", V2TIMGroupMemberOperationResult.OPERATION_RESULT_FAIL),
                "one result per user, in order: SUCC, INVALID, FAIL");

        sendToGroup(alice, alice.messageManager().createTextMessage("welcome dave"), "a message after the invitation");
        for (Inbox in : List.of(daveIn, bobIn, carolIn)) {
            V2TIMMessage got = in.next();
            // Dave's login replays bob's C2C message to him first.
            while (got != null && !WORK.equals(got.getGroupID())) got = in.next();
            String who = in == daveIn ? "dave" : in == bobIn ? "bob" : "carol";
            checkEq(got == null ? null : got.getTextElem().getText(), "welcome dave", who + " receives the group's message");
        }

        Await<String> create = new Await<>();
        alice.createGroup(V2TIMManager.GROUP_TYPE_PUBLIC, PUBLIC, "public receipts", create);
        checkEq(create.await(), 0, "createGroup Public " + create.desc);
        Await<List<V2TIMGroupMemberOperationResult>> pub = new Await<>();
        alice.groupManager().inviteUserToGroup(PUBLIC, List.of("dave"), pub);
        checkEq(pub.await(), BaseConstants.ERR_SVR_GROUP_PERMISSION_DENY, "inviteUserToGroup into a Public group");
        checkEq(pub.value, null, "no results for a refused invitation");
        Await<List<V2TIMGroupMemberOperationResult>> empty = new Await<>();
        alice.groupManager().inviteUserToGroup(WORK, List.of(), empty);
        checkEq(empty.await(), BaseConstants.ERR_INVALID_PARAMETERS, "inviteUserToGroup of nobody");
        dave.unInitSDK();
    }
}
