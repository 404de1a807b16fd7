package io.hark.test;

import static io.hark.test.V2TIMTest.check;
import static io.hark.test.V2TIMTest.checkEq;
import static io.hark.test.V2TIMTest.sent;

import io.hark.imsdk.v2.BaseConstants;
import io.hark.imsdk.v2.V2TIMCreateGroupMemberInfo;
import io.hark.imsdk.v2.V2TIMGroupInfo;
import io.hark.imsdk.v2.V2TIMManager;
import io.hark.imsdk.v2.V2TIMMessage;
import io.hark.imsdk.v2.V2TIMMessageManager;
import io.hark.imsdk.v2.V2TIMMessageReceipt;

import java.util.ArrayList;
import java.util.List;

/**
 * Message read receipts: alice's Work group with bob and carol, and a message sent with
 * needReadReceipt that bob and carol report read. Consumes every message it makes bob
 * receive.
 */
final class ReceiptTest {
    private static final String WORK = "java-receipts";

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

        V2TIMMessage mine = receipts(alice, aliceIn, bob, bobIn, carol, carolIn);
        refusals(alice, bob, mine);

        Await<Void> dismiss = new Await<>();
        alice.dismissGroup(WORK, dismiss);
        checkEq(dismiss.await(), 0, "dismissGroup " + dismiss.desc);
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

    /** A message with needReadReceipt, read by bob, then by carol; returns alice's copy. */
    private static V2TIMMessage receipts(V2TIMManager alice, Inbox aliceIn, V2TIMManager bob, Inbox bobIn,
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
        return mine;
    }

    private static void refusals(V2TIMManager alice, V2TIMManager bob, V2TIMMessage mine) throws Exception {
        Await<Void> none = new Await<>();
        bob.messageManager().sendMessageReadReceipts(List.of(), none);
        checkEq(none.await(), BaseConstants.ERR_INVALID_PARAMETERS, "sendMessageReadReceipts of an empty list");
        check(none.onCallerThread, "the refusal comes on the calling thread");
        Await<List<V2TIMMessageReceipt>> noneGet = new Await<>();
        alice.messageManager().getMessageReadReceipts(List.of(), noneGet);
        checkEq(noneGet.await(), BaseConstants.ERR_INVALID_PARAMETERS, "getMessageReadReceipts of an empty list");
        V2TIMMessage unsent = alice.messageManager().createTextMessage("never sent");
        Await<Void> notSent = new Await<>();
        alice.messageManager().sendMessageReadReceipts(List.of(unsent), notSent);
        checkEq(notSent.await(), BaseConstants.ERR_INVALID_PARAMETERS, "sendMessageReadReceipts of a message never sent");
        check(mine.isNeedReadReceipt(), "the messages passed stay usable");
    }
}
