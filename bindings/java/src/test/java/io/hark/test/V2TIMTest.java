package io.hark.test;

import io.hark.imsdk.v2.BaseConstants;
import io.hark.imsdk.v2.V2TIMCallback;
import io.hark.imsdk.v2.V2TIMCustomElem;
import io.hark.imsdk.v2.V2TIMElem;
import io.hark.imsdk.v2.V2TIMFaceElem;
import io.hark.imsdk.v2.V2TIMGroupMemberFullInfo;
import io.hark.imsdk.v2.V2TIMGroupMemberInfoResult;
import io.hark.imsdk.v2.V2TIMImageElem;
import io.hark.imsdk.v2.V2TIMLocationElem;
import io.hark.imsdk.v2.V2TIMManager;
import io.hark.imsdk.v2.V2TIMMessage;
import io.hark.imsdk.v2.V2TIMMessageListGetOption;
import io.hark.imsdk.v2.V2TIMMessageManager;
import io.hark.imsdk.v2.V2TIMOfflinePushConfig;
import io.hark.imsdk.v2.V2TIMOfflinePushInfo;
import io.hark.imsdk.v2.V2TIMSDKConfig;
import io.hark.imsdk.v2.V2TIMTextElem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java binding end to end against a live harkd (bindings/java/test.sh starts it and
 * exports HARK_URL, HARK_SDKAPPID and HARK_SIG_<user>). Two users, alice and bob, in one
 * JVM, plus short-lived ones for the error and shutdown cases. Prints "N passed, N failed".
 */
public final class V2TIMTest {
    private static int passed;
    private static int failed;
    private static final Thread MAIN = Thread.currentThread();

    static void check(boolean ok, String what) {
        if (ok) {
            passed++;
        } else {
            failed++;
            System.out.println("FAIL: " + what);
        }
    }

    static void checkEq(Object got, Object want, String what) {
        check(want == null ? got == null : want.equals(got), what + ": got " + got + ", want " + want);
    }

    static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) throw new IllegalStateException("missing " + name + " (run bindings/java/test.sh)");
        return v;
    }

    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("hark-java");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static V2TIMManager start(V2TIMManager m, String user, Events events, Inbox inbox) throws Exception {
        return start(m, user, events, inbox, 0);
    }

    /** Logs {@code user} in on {@code platform}: a user's devices need different ones. */
    static V2TIMManager start(V2TIMManager m, String user, Events events, Inbox inbox, int platform) throws Exception {
        V2TIMSDKConfig config = new V2TIMSDKConfig();
        config.setServerURL(env("HARK_URL"));
        config.setPlatform(platform);
        if (events != null) m.addIMSDKListener(events);
        check(m.initSDK(null, Integer.parseInt(env("HARK_SDKAPPID")), config), user + ": initSDK");
        if (inbox != null) m.messageManager().addAdvancedMsgListener(inbox);
        Await<Void> login = new Await<>();
        m.login(user, env("HARK_SIG_" + user), login);
        checkEq(login.await(), 0, user + ": login " + login.desc);
        check(!login.onCallerThread, user + ": login callback not on the caller's thread");
        return m;
    }

    public static void main(String[] args) throws Exception {
        Events aliceEvents = new Events();
        Inbox aliceIn = new Inbox();
        Inbox bobIn = new Inbox();
        V2TIMManager alice = start(V2TIMManager.getInstance(), "alice", aliceEvents, aliceIn);
        V2TIMManager bob = start(V2TIMManager.createInstance(), "bob", null, bobIn);

        checkEq(alice.getLoginUser(), "alice", "getLoginUser");
        checkEq(alice.getLoginStatus(), V2TIMManager.V2TIM_STATUS_LOGINED, "getLoginStatus");
        checkEq(aliceEvents.seen, List.of("connecting", "connected"), "SDK listener events");
        check(V2TIMManager.getMessageManager() == alice.messageManager(), "getMessageManager is the default instance's");

        // First, while bob has no conversations yet.
        ConversationTest.run(alice, aliceIn, bob, bobIn);
        c2c(alice, bob, bobIn);
        unicode(alice, bobIn);
        seedMultiElemSample();
        appendElems(alice, bobIn);
        appendRefusals(alice, bobIn);
        String group = groups(alice, bob, bobIn);
        images(alice, bob, bobIn);
        history(alice, bob);
        push(alice, bob, bobIn);
        errors(alice);
        throwingCallbacks(alice, bob, bobIn);
        ReceiptTest.run(alice, aliceIn, bob, bobIn);
        uninitInFlight();

        Await<Void> dismiss = new Await<>();
        alice.dismissGroup(group, dismiss);
        checkEq(dismiss.await(), 0, "dismissGroup");
        Await<Void> logout = new Await<>();
        bob.logout(logout);
        checkEq(logout.await(), 0, "logout");
        checkEq(bob.getLoginStatus(), V2TIMManager.V2TIM_STATUS_LOGOUT, "status after logout");
        checkEq(bob.getLoginUser(), null, "no login user after logout");
        bob.unInitSDK();
        alice.unInitSDK();
        checkEq(alice.getLoginStatus(), V2TIMManager.V2TIM_STATUS_LOGOUT, "status after unInitSDK");

        // The test's files (pictures it sends and downloads) go with it.
        try (var paths = Files.walk(DIR)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    static V2TIMMessage sent(Await<V2TIMMessage> a, String what) throws InterruptedException {
        checkEq(a.await(), 0, what + " " + a.desc);
        checkEq(a.terminals.get(), 1, what + ": one terminal callback");
        check(!a.onCallerThread, what + ": callback not on the caller's thread");
        return a.value;
    }

    private static void c2c(V2TIMManager alice, V2TIMManager bob, Inbox bobIn) throws Exception {
        Await<V2TIMMessage> a = new Await<>();
        String id = alice.sendC2CTextMessage("hello bob", "bob", a);
        check(id != null && !id.isEmpty(), "sendC2CTextMessage returns the msgID");
        V2TIMMessage m = sent(a, "c2c text");
        checkEq(m.getMsgID(), id, "sent message has the msgID");
        checkEq(m.getStatus(), V2TIMMessage.V2TIM_MSG_STATUS_SEND_SUCC, "status SEND_SUCC");
        check(!m.isDropped(), "drop flag false on a normal C2C send");
        V2TIMMessage got = bobIn.next();
        check(got != null && got.getTextElem() != null, "bob receives the text");
        checkEq(got.getTextElem().getText(), "hello bob", "received text");
        checkEq(got.getMsgID(), id, "received msgID");
        checkEq(got.getSender(), "alice", "received sender");
        checkEq(got.getUserID(), "alice", "received userID is the peer");
        checkEq(got.getGroupID(), null, "C2C message has no groupID");
        check(!got.isSelf() && !got.isDropped(), "received: not self, not dropped");
        check(bobIn.lastThread != MAIN, "onRecvNewMessage not on the main thread");

        Await<V2TIMMessage> c = new Await<>();
        alice.sendC2CCustomMessage(new byte[] {1, 2, 0, 3}, "bob", c);
        sent(c, "c2c custom");
        got = bobIn.next();
        check(got != null && Arrays.equals(got.getCustomElem().getData(), new byte[] {1, 2, 0, 3}), "custom data round trip");

        V2TIMMessageManager mm = alice.messageManager();
        V2TIMMessage custom = mm.createCustomMessage("{\"k\":1}".getBytes(StandardCharsets.UTF_8), "a description",
                "ext".getBytes(StandardCharsets.UTF_8));
        V2TIMMessage location = mm.createLocationMessage("the office", 113.93, 22.54);
        V2TIMMessage face = mm.createFaceMessage(7, new byte[] {9, 8});
        for (V2TIMMessage msg : List.of(custom, location, face)) {
            Await<V2TIMMessage> s = new Await<>();
            String msgID = mm.sendMessage(msg, "bob", null, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, s);
            sent(s, "sendMessage elem " + msg.getElemType());
            checkEq(msg.getMsgID(), msgID, "handle follows the send: msgID");
            checkEq(msg.getStatus(), V2TIMMessage.V2TIM_MSG_STATUS_SEND_SUCC, "handle follows the send: status");
            check(progressless(s), "no progress for a message without files");
        }
        got = bobIn.next();
        V2TIMCustomElem ce = got.getCustomElem();
        checkEq(ce.getDescription(), "a description", "custom description");
        checkEq(new String(ce.getExtension(), StandardCharsets.UTF_8), "ext", "custom extension");
        got = bobIn.next();
        checkEq(got.getLocationElem().getDesc(), "the office", "location desc");
        check(Math.abs(got.getLocationElem().getLongitude() - 113.93) < 1e-9
                && Math.abs(got.getLocationElem().getLatitude() - 22.54) < 1e-9, "location coordinates");
        got = bobIn.next();
        checkEq(got.getFaceElem().getIndex(), 7, "face index");
        check(Arrays.equals(got.getFaceElem().getData(), new byte[] {9, 8}), "face data");
        checkEq(got.getElemType(), V2TIMMessage.V2TIM_ELEM_TYPE_FACE, "elem type FACE");
        checkEq(got.getFaceElem().getNextElem(), null, "one elem only");
    }

    private static boolean progressless(Await<?> a) {
        return a.progressCalls.get() == 0;
    }

    private static void unicode(V2TIMManager alice, Inbox bobIn) throws Exception {
        String text = "表情 😀👍🏽 中文 — 𝄞 Ünïcödé";
        Await<V2TIMMessage> a = new Await<>();
        alice.sendC2CTextMessage(text, "bob", a);
        checkEq(sent(a, "unicode text").getTextElem().getText(), text, "sent message keeps emoji and CJK");
        V2TIMMessage got = bobIn.next();
        checkEq(got.getTextElem().getText(), text, "emoji and CJK round trip");

        V2TIMMessage loc = alice.messageManager().createLocationMessage("北京 🏯", 116.4, 39.9);
        Await<V2TIMMessage> b = new Await<>();
        alice.messageManager().sendMessage(loc, "bob", "", V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, b);
        sent(b, "unicode location");
        checkEq(bobIn.next().getLocationElem().getDesc(), "北京 🏯", "location desc round trip");
    }

    /** Tencent's Android multi-elem sample (SeedMultiElemSample), received by another client. */
    private static void seedMultiElemSample() throws Exception {
        Inbox in = new Inbox();
        V2TIMManager receiver = start(V2TIMManager.createInstance(), "receiver_userID", null, in);
        V2TIMMessage sent = SeedMultiElemSample.run();
        String id = sent.getMsgID();
        check(!id.isEmpty(), "the sample's message was sent");
        V2TIMMessage got = in.next();
        check(got != null, "receiver_userID gets the sample's message");
        if (got != null) {
            checkEq(got.getMsgID(), id, "the sample's msgID");
            checkEq(got.getSender(), "alice", "the sample's sender");
            checkEq(got.getElemType(), V2TIMMessage.V2TIM_ELEM_TYPE_TEXT, "the sample's first elem is text");
            checkEq(got.getTextElem().getText(), "test", "the sample's text");
            V2TIMElem next = got.getTextElem().getNextElem();
            check(next instanceof V2TIMCustomElem, "the sample's second elem is custom");
            if (next instanceof V2TIMCustomElem) {
                V2TIMCustomElem custom = (V2TIMCustomElem) next;
                check(Arrays.equals(custom.getData(), "自定义消息".getBytes(StandardCharsets.UTF_8)),
                        "the sample's custom data");
                checkEq(custom.getDescription(), "", "the sample's custom description");
                checkEq(custom.getExtension().length, 0, "the sample's custom extension");
                checkEq(custom.getNextElem(), null, "the sample has two elems");
            }
        }
        receiver.unInitSDK();
    }

    /** Text, custom, face and location elems made with new, and one of another message, appended. */
    private static void appendElems(V2TIMManager alice, Inbox bobIn) throws Exception {
        V2TIMMessageManager mm = alice.messageManager();
        V2TIMCustomElem custom = new V2TIMCustomElem();
        checkEq(custom.getData(), null, "a new custom elem has no data");
        checkEq(custom.getNextElem(), null, "a new elem has no next elem");
        custom.setData(new byte[] {0, 1, 2});
        custom.setDescription("描述");
        custom.setExtension("{\"e\":1}".getBytes(StandardCharsets.UTF_8));
        checkEq(custom.getDescription(), "描述", "a new elem keeps its fields");
        V2TIMTextElem text = new V2TIMTextElem();
        text.setText("second 😀");
        V2TIMFaceElem face = new V2TIMFaceElem();
        face.setIndex(5);
        face.setData(new byte[] {7});
        V2TIMLocationElem location = new V2TIMLocationElem();
        location.setDesc("港口");
        location.setLongitude(-122.4);
        location.setLatitude(37.8);
        checkEq(location.getLatitude(), 37.8, "a new location keeps its latitude");

        V2TIMMessage msg = mm.createTextMessage("first");
        V2TIMTextElem first = msg.getTextElem();
        checkEq(first.tryAppendElem(custom), 0, "append custom");
        // The appended elem is now the message's: later appends may go through it too.
        checkEq(custom.tryAppendElem(text), 0, "append text through the appended custom elem");
        first.appendElem(face);
        first.appendElem(location);
        V2TIMMessage other = mm.createLocationMessage("另一处", 10.5, -20.25);
        checkEq(first.tryAppendElem(other.getLocationElem()), 0, "append an elem of another message");
        custom.setDescription("changed after the append");
        checkEq(custom.getDescription(), "描述", "an appended elem is a view of the message");
        checkEq(text.getNextElem() instanceof V2TIMFaceElem, true, "getNextElem walks the appended elems");

        Await<V2TIMMessage> s = new Await<>();
        String id = mm.sendMessage(msg, "bob", null, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, s);
        sent(s, "multi-elem send");
        V2TIMMessage got = bobIn.next();
        checkEq(got == null ? null : got.getMsgID(), id, "bob gets the multi-elem message");
        if (got == null) return;
        List<Integer> types = new ArrayList<>();
        for (V2TIMElem e = got.getTextElem(); e != null; e = e.getNextElem()) types.add(elemType(e));
        checkEq(types, List.of(V2TIMMessage.V2TIM_ELEM_TYPE_TEXT, V2TIMMessage.V2TIM_ELEM_TYPE_CUSTOM,
                V2TIMMessage.V2TIM_ELEM_TYPE_TEXT, V2TIMMessage.V2TIM_ELEM_TYPE_FACE,
                V2TIMMessage.V2TIM_ELEM_TYPE_LOCATION, V2TIMMessage.V2TIM_ELEM_TYPE_LOCATION), "received elem types");
        if (types.size() != 6) return;
        V2TIMCustomElem c = (V2TIMCustomElem) got.getTextElem().getNextElem();
        check(Arrays.equals(c.getData(), new byte[] {0, 1, 2}), "received custom data");
        checkEq(c.getDescription(), "描述", "received custom description");
        checkEq(new String(c.getExtension(), StandardCharsets.UTF_8), "{\"e\":1}", "received custom extension");
        V2TIMTextElem t = (V2TIMTextElem) c.getNextElem();
        checkEq(t.getText(), "second 😀", "received appended text");
        V2TIMFaceElem f = (V2TIMFaceElem) t.getNextElem();
        checkEq(f.getIndex(), 5, "received face index");
        check(Arrays.equals(f.getData(), new byte[] {7}), "received face data");
        V2TIMLocationElem l = (V2TIMLocationElem) f.getNextElem();
        checkEq(l.getDesc(), "港口", "received location desc");
        checkEq(l.getLongitude(), -122.4, "received longitude");
        checkEq(l.getLatitude(), 37.8, "received latitude");
        V2TIMLocationElem copied = (V2TIMLocationElem) l.getNextElem();
        checkEq(copied.getDesc(), "另一处", "received copy of another message's elem");
        checkEq(copied.getLatitude(), -20.25, "its latitude");
    }

    private static int elemType(V2TIMElem e) {
        if (e instanceof V2TIMTextElem) return V2TIMMessage.V2TIM_ELEM_TYPE_TEXT;
        if (e instanceof V2TIMCustomElem) return V2TIMMessage.V2TIM_ELEM_TYPE_CUSTOM;
        if (e instanceof V2TIMFaceElem) return V2TIMMessage.V2TIM_ELEM_TYPE_FACE;
        if (e instanceof V2TIMLocationElem) return V2TIMMessage.V2TIM_ELEM_TYPE_LOCATION;
        if (e instanceof V2TIMImageElem) return V2TIMMessage.V2TIM_ELEM_TYPE_IMAGE;
        return V2TIMMessage.V2TIM_ELEM_TYPE_NONE;
    }

    /** appendElem's refusals: the C API's 6017, no exception, nothing changed. */
    private static void appendRefusals(V2TIMManager alice, Inbox bobIn) throws Exception {
        V2TIMMessageManager mm = alice.messageManager();
        int invalid = BaseConstants.ERR_INVALID_PARAMETERS;
        V2TIMCustomElem loose = new V2TIMCustomElem();
        loose.setData(new byte[] {1});
        V2TIMTextElem lone = new V2TIMTextElem();
        lone.setText("of no message");
        checkEq(lone.tryAppendElem(loose), invalid, "appending to an elem of no message");
        lone.appendElem(loose);
        checkEq(loose.getNextElem(), null, "a refused elem still belongs to no message");
        check(Arrays.equals(loose.getData(), new byte[] {1}), "a refused elem keeps its fields");

        V2TIMMessage msg = mm.createTextMessage("only one");
        V2TIMTextElem first = msg.getTextElem();
        V2TIMMessage image = mm.createImageMessage(bmp("append.bmp", 8, 8).toString());
        checkEq(first.tryAppendElem(image.getImageElem()), invalid, "an image may not follow");
        first.appendElem(image.getImageElem());
        checkEq(first.tryAppendElem(null), invalid, "appending null");
        checkEq(first.tryAppendElem(new V2TIMTextElem()), invalid, "a text elem without text");
        V2TIMLocationElem far = new V2TIMLocationElem();
        far.setLatitude(91);
        checkEq(first.tryAppendElem(far), invalid, "latitude beyond 90");
        V2TIMFaceElem negative = new V2TIMFaceElem();
        negative.setIndex(-1);
        checkEq(first.tryAppendElem(negative), invalid, "a negative face index");
        checkEq(first.getNextElem(), null, "refused appends leave the message unchanged");
        checkEq(image.getImageElem().tryAppendElem(loose), 0, "a custom elem may follow an image");

        Await<V2TIMMessage> s = new Await<>();
        String id = mm.sendMessage(msg, "bob", null, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, s);
        sent(s, "send after refused appends");
        V2TIMCustomElem late = new V2TIMCustomElem();
        late.setData(new byte[] {2});
        checkEq(first.tryAppendElem(late), invalid, "a sent message cannot grow");
        V2TIMMessage got = bobIn.next();
        checkEq(got == null ? null : got.getMsgID(), id, "bob gets the one-elem message");
        if (got == null) return;
        checkEq(got.getTextElem().getNextElem(), null, "nothing refused was sent");
        checkEq(got.getTextElem().tryAppendElem(late), invalid, "a received message cannot grow");
        checkEq(late.getNextElem(), null, "the refused elem belongs to no message");

        // An append of another message's elem goes through a copy of that message: 1,000
        // refused appends of a 128 KiB elem would leave 128 MiB behind if the copies leaked.
        V2TIMMessage big = mm.createCustomMessage(new byte[128 * 1024]);
        V2TIMTextElem received = got.getTextElem();
        long before = rssKiB();
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            if (received.tryAppendElem(big.getCustomElem()) == invalid) refused++;
        }
        long grown = rssKiB() - before;
        checkEq(refused, 1000, "every append to the received message refused");
        check(before > 0 && grown < 32 * 1024, "refused appends free their copies (RSS grew " + grown + " KiB)");
    }

    /** The process's resident set in KiB, from /proc/self/status; -1 when not found. */
    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    private static String groups(V2TIMManager alice, V2TIMManager bob, Inbox bobIn) throws Exception {
        Await<String> create = new Await<>();
        alice.createGroup(V2TIMManager.GROUP_TYPE_PUBLIC, "java-group", "爪哇 group", create);
        checkEq(create.await(), 0, "createGroup " + create.desc);
        checkEq(create.value, "java-group", "createGroup's value is the id");
        String group = create.value;

        Await<Void> join = new Await<>();
        bob.joinGroup(group, "let me in", join);
        checkEq(join.await(), 0, "joinGroup " + join.desc);
        Await<Void> again = new Await<>();
        bob.joinGroup(group, null, again);
        checkEq(again.await(), BaseConstants.ERR_SVR_GROUP_ALLREADY_MEMBER, "joining twice");

        Await<V2TIMGroupMemberInfoResult> members = new Await<>();
        alice.groupManager().getGroupMemberList(group, V2TIMGroupMemberFullInfo.V2TIM_GROUP_MEMBER_FILTER_ALL, 0, members);
        checkEq(members.await(), 0, "getGroupMemberList");
        List<String> ids = new ArrayList<>();
        for (V2TIMGroupMemberFullInfo i : members.value.getMemberInfoList()) ids.add(i.getUserID() + ":" + i.getRole());
        ids.sort(null);
        checkEq(ids, List.of("alice:400", "bob:200"), "members and roles");
        Await<V2TIMGroupMemberInfoResult> owners = new Await<>();
        alice.groupManager().getGroupMemberList(group, V2TIMGroupMemberFullInfo.V2TIM_GROUP_MEMBER_FILTER_OWNER, 0, owners);
        checkEq(owners.await(), 0, "owner filter");
        checkEq(owners.value.getMemberInfoList().size(), 1, "owner filter keeps the owner");

        Await<V2TIMMessage> t = new Await<>();
        alice.sendGroupTextMessage("hi group", group, V2TIMMessage.V2TIM_PRIORITY_HIGH, t);
        V2TIMMessage m = sent(t, "group text");
        check(!m.isDropped(), "drop flag false on a normal group send");
        check(m.getSeq() > 0, "group message has a seq");
        V2TIMMessage got = bobIn.next();
        checkEq(got.getGroupID(), group, "group message's groupID");
        checkEq(got.getUserID(), null, "group message has no userID");
        checkEq(got.getTextElem().getText(), "hi group", "group text");
        checkEq(got.getPriority(), V2TIMMessage.V2TIM_PRIORITY_HIGH, "priority");

        Await<V2TIMMessage> c = new Await<>();
        alice.sendGroupCustomMessage(new byte[] {42}, group, V2TIMMessage.V2TIM_PRIORITY_NORMAL, c);
        sent(c, "group custom");
        check(Arrays.equals(bobIn.next().getCustomElem().getData(), new byte[] {42}), "group custom data");

        V2TIMMessageManager mm = alice.messageManager();
        for (V2TIMMessage msg : List.of(mm.createLocationMessage("here", 1.5, 2.5), mm.createFaceMessage(3, new byte[0]))) {
            Await<V2TIMMessage> s = new Await<>();
            mm.sendMessage(msg, null, group, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, s);
            sent(s, "group elem " + msg.getElemType());
        }
        checkEq(bobIn.next().getLocationElem().getDesc(), "here", "group location");
        checkEq(bobIn.next().getFaceElem().getIndex(), 3, "group face");

        // Targeted: carol joins, and only bob gets the targeted message.
        Inbox carolIn = new Inbox();
        V2TIMManager carol = start(V2TIMManager.createInstance(), "carol", null, carolIn);
        Await<Void> cj = new Await<>();
        carol.joinGroup(group, null, cj);
        checkEq(cj.await(), 0, "carol joins");
        V2TIMMessage targeted = mm.createTargetedGroupMessage(mm.createTextMessage("just for bob"), List.of("bob"));
        check(targeted != null, "createTargetedGroupMessage");
        Await<V2TIMMessage> ts = new Await<>();
        mm.sendMessage(targeted, null, group, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, ts);
        sent(ts, "targeted send");
        checkEq(targeted.getTargetGroupMemberList(), List.of("bob"), "sender's targets");
        got = bobIn.next();
        checkEq(got.getTextElem().getText(), "just for bob", "bob gets the targeted message");
        checkEq(got.getTargetGroupMemberList(), List.of("bob"), "received targets");
        Await<V2TIMMessage> after = new Await<>();
        alice.sendGroupTextMessage("for everyone", group, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, after);
        sent(after, "group text after targeted");
        checkEq(carolIn.next().getTextElem().getText(), "for everyone", "carol never got the targeted message");
        checkEq(bobIn.next().getTextElem().getText(), "for everyone", "bob gets the next one");
        Await<Void> quit = new Await<>();
        carol.quitGroup(group, quit);
        checkEq(quit.await(), 0, "quitGroup");
        Await<Void> ownerQuit = new Await<>();
        alice.quitGroup(group, ownerQuit);
        checkEq(ownerQuit.await(), BaseConstants.ERR_SVR_GROUP_SUPER_NOT_ALLOW_QUIT, "the owner cannot quit");
        carol.unInitSDK();
        return group;
    }

    /** A 24-bit BMP of w×h with a gradient. */
    private static Path bmp(String name, int w, int h) throws IOException {
        int row = (w * 3 + 3) & ~3;
        byte[] b = new byte[54 + row * h];
        b[0] = 'B';
        b[1] = 'M';
        le(b, 2, b.length);
        le(b, 10, 54);
        le(b, 14, 40);
        le(b, 18, w);
        le(b, 22, h);
        b[26] = 1;
        b[28] = 24;
        le(b, 34, row * h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = 54 + y * row + x * 3;
                b[p] = (byte) x;
                b[p + 1] = (byte) y;
                b[p + 2] = (byte) (x + y);
            }
        }
        Path p = DIR.resolve(name);
        Files.write(p, b);
        return p;
    }

    private static void le(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    private static void images(V2TIMManager alice, V2TIMManager bob, Inbox bobIn) throws Exception {
        Path photo = bmp("照片.bmp", 800, 600);
        V2TIMMessage m = alice.messageManager().createImageMessage(photo.toString());
        check(m != null, "createImageMessage");
        checkEq(m.getImageElem().getImageList().size(), 0, "no versions before the upload");
        Await<V2TIMMessage> s = new Await<>();
        alice.messageManager().sendMessage(m, "bob", null, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, s);
        sent(s, "image send");
        check(s.progressCalls.get() > 0 && s.lastProgress == 100 && s.progressRising, "upload progress rises to 100");
        checkEq(m.getImageElem().getPath(), photo.toString(), "sender's path");
        V2TIMMessage got = bobIn.next();
        V2TIMImageElem img = got.getImageElem();
        check(img != null, "bob receives the image");
        List<V2TIMImageElem.V2TIMImage> versions = img.getImageList();
        checkEq(versions.size(), 3, "three versions");
        List<Integer> types = new ArrayList<>();
        for (V2TIMImageElem.V2TIMImage v : versions) types.add(v.getType());
        checkEq(types, List.of(V2TIMImageElem.V2TIM_IMAGE_TYPE_ORIGIN, V2TIMImageElem.V2TIM_IMAGE_TYPE_LARGE,
                V2TIMImageElem.V2TIM_IMAGE_TYPE_THUMB), "version types in Android's numbers");
        V2TIMImageElem.V2TIMImage origin = versions.get(0);
        checkEq(origin.getWidth(), 800, "origin width");
        checkEq(origin.getSize(), (int) Files.size(photo), "origin size");
        checkEq(versions.get(2).getHeight(), 198, "thumbnail's shorter side");

        Path down = DIR.resolve("下载.bmp");
        Await<Void> d = new Await<>();
        origin.downloadImage(down.toString(), d);
        checkEq(d.await(), 0, "downloadImage " + d.desc);
        check(!d.onCallerThread, "download callback not on the caller's thread");
        check(d.progressRising && d.lastProgress == Files.size(photo), "download progress ends at the size");
        check(Arrays.equals(Files.readAllBytes(down), Files.readAllBytes(photo)), "downloaded bytes equal the original");
        Path thumb = DIR.resolve("thumb");
        Await<Void> t = new Await<>();
        versions.get(2).downloadImage(thumb.toString(), t);
        checkEq(t.await(), 0, "thumbnail download");
        checkEq(Files.size(thumb), (long) versions.get(2).getSize(), "thumbnail size");

        checkEq(alice.messageManager().createImageMessage(DIR.resolve("missing.png").toString()), null,
                "createImageMessage of a missing file is null");

        // Image + text: appended elems are readable through getNextElem.
        Path f = DIR.resolve("notes.txt");
        Files.write(f, "some notes".getBytes(StandardCharsets.UTF_8));
        V2TIMMessage file = alice.messageManager().createFileMessage(f.toString(), "笔记.txt");
        Await<V2TIMMessage> fs = new Await<>();
        alice.messageManager().sendMessage(file, "bob", null, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, fs);
        sent(fs, "file send");
        got = bobIn.next();
        checkEq(got.getFileElem().getFileName(), "笔记.txt", "file name");
        checkEq(got.getFileElem().getFileSize(), 10, "file size");
        Path fd = DIR.resolve("notes.down");
        Await<Void> fdl = new Await<>();
        got.getFileElem().downloadFile(fd.toString(), fdl);
        checkEq(fdl.await(), 0, "downloadFile");
        checkEq(new String(Files.readAllBytes(fd), StandardCharsets.UTF_8), "some notes", "downloaded file");
    }

    private static void history(V2TIMManager alice, V2TIMManager bob) throws Exception {
        for (int i = 0; i < 5; i++) {
            Await<V2TIMMessage> a = new Await<>();
            bob.sendC2CTextMessage("page " + i, "alice", a);
            sent(a, "history send " + i);
        }
        Await<List<V2TIMMessage>> p1 = new Await<>();
        alice.messageManager().getC2CHistoryMessageList("bob", 3, null, p1);
        checkEq(p1.await(), 0, "history page 1");
        checkEq(texts(p1.value), List.of("page 4", "page 3", "page 2"), "page 1 newest first");
        check(!p1.onCallerThread, "history callback not on the caller's thread");
        Await<List<V2TIMMessage>> p2 = new Await<>();
        alice.messageManager().getC2CHistoryMessageList("bob", 2, p1.value.get(2), p2);
        checkEq(p2.await(), 0, "history page 2");
        checkEq(texts(p2.value), List.of("page 1", "page 0"), "page 2 continues before lastMsg");

        V2TIMMessageListGetOption opt = new V2TIMMessageListGetOption();
        opt.setGetType(V2TIMMessageListGetOption.V2TIM_GET_CLOUD_OLDER_MSG);
        opt.setGroupID("java-group");
        opt.setCount(2);
        Await<List<V2TIMMessage>> g = new Await<>();
        alice.messageManager().getHistoryMessageList(opt, g);
        checkEq(g.await(), 0, "group history through the option");
        checkEq(texts(g.value), List.of("for everyone", "just for bob"), "group history newest first");
        Await<List<V2TIMMessage>> gh = new Await<>();
        bob.messageManager().getGroupHistoryMessageList("java-group", 1, null, gh);
        checkEq(gh.await(), 0, "getGroupHistoryMessageList");
        checkEq(gh.value.size(), 1, "group history count");
    }

    private static List<String> texts(List<V2TIMMessage> list) {
        List<String> out = new ArrayList<>();
        for (V2TIMMessage m : list) out.add(m.getTextElem() == null ? "?" : m.getTextElem().getText());
        return out;
    }

    private static void push(V2TIMManager alice, V2TIMManager bob, Inbox bobIn) throws Exception {
        Await<Void> cfg = new Await<>();
        bob.offlinePushManager().setOfflinePushConfig(new V2TIMOfflinePushConfig(1234, "device-token"), cfg);
        checkEq(cfg.await(), 0, "setOfflinePushConfig " + cfg.desc);
        V2TIMOfflinePushInfo info = new V2TIMOfflinePushInfo();
        info.setTitle("新消息");
        info.setDesc("you have mail 📬");
        info.setExt("{\"x\":1}".getBytes(StandardCharsets.UTF_8));
        info.setAndroidVIVOClassification(0);
        Await<V2TIMMessage> s = new Await<>();
        alice.messageManager().sendMessage(alice.messageManager().createTextMessage("with push"), "bob", null,
                V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, info, s);
        sent(s, "send with offline push info");
        V2TIMOfflinePushInfo got = bobIn.next().getOfflinePushInfo();
        checkEq(got.getTitle(), "新消息", "push title");
        checkEq(got.getDesc(), "you have mail 📬", "push desc");
        checkEq(new String(got.getExt(), StandardCharsets.UTF_8), "{\"x\":1}", "push ext");
        checkEq(got.getAndroidVIVOClassification(), 0, "push vivo classification");
        Await<Void> clear = new Await<>();
        bob.offlinePushManager().clearOfflinePushConfig(clear);
        checkEq(clear.await(), 0, "clearOfflinePushConfig");
    }

    private static void errors(V2TIMManager alice) throws Exception {
        V2TIMManager dave = V2TIMManager.createInstance();
        Await<V2TIMMessage> before = new Await<>();
        checkEq(dave.sendC2CTextMessage("x", "bob", before), null, "no msgID before initSDK");
        checkEq(before.await(), BaseConstants.ERR_SDK_NOT_INITIALIZED, "6013 before initSDK");
        V2TIMSDKConfig config = new V2TIMSDKConfig();
        check(!dave.initSDK(null, 1, config), "initSDK without a server URL fails");
        config.setServerURL("wss://localhost:1");
        config.setCaPem("not PEM");
        check(!dave.initSDK(null, 1, config), "initSDK with a CA PEM without a certificate fails");
        config.setCaPem(null);
        config.setServerURL(env("HARK_URL"));
        check(dave.initSDK(null, Integer.parseInt(env("HARK_SDKAPPID")), config), "dave initSDK");
        Await<V2TIMMessage> notLogged = new Await<>();
        dave.sendC2CTextMessage("x", "bob", notLogged);
        checkEq(notLogged.await(), BaseConstants.ERR_SDK_NOT_LOGGED_IN, "6014 not logged in");
        checkEq(notLogged.terminals.get(), 1, "an error found at once ends before the call returns");
        check(notLogged.onCallerThread, "an error found at once ends on the calling thread");
        dave.unInitSDK();

        Await<V2TIMMessage> noTarget = new Await<>();
        V2TIMMessageManager mm = alice.messageManager();
        mm.sendMessage(mm.createTextMessage("x"), "", "", V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, noTarget);
        checkEq(noTarget.await(), BaseConstants.ERR_INVALID_PARAMETERS, "6017 without receiver or group");
        Await<V2TIMMessage> nullMsg = new Await<>();
        mm.sendMessage(null, "bob", null, V2TIMMessage.V2TIM_PRIORITY_DEFAULT, false, null, nullMsg);
        checkEq(nullMsg.await(), BaseConstants.ERR_INVALID_PARAMETERS, "6017 for a null message");
        checkEq(mm.createLocationMessage("x", 0, 200), null, "latitude out of range is refused");
        Await<V2TIMMessage> badUser = new Await<>();
        alice.sendC2CTextMessage("x", "no spaces allowed", badUser);
        checkEq(badUser.await(), BaseConstants.ERR_SDK_COMM_INVALID_IDENTIFIER, "7003 invalid user id");
        Await<List<V2TIMMessage>> newer = new Await<>();
        V2TIMMessageListGetOption opt = new V2TIMMessageListGetOption();
        opt.setGetType(V2TIMMessageListGetOption.V2TIM_GET_CLOUD_NEWER_MSG);
        opt.setUserID("bob");
        opt.setCount(1);
        mm.getHistoryMessageList(opt, newer);
        checkEq(newer.await(), BaseConstants.ERR_INVALID_PARAMETERS, "newer history is not there yet");
    }

    private static void throwingCallbacks(V2TIMManager alice, V2TIMManager bob, Inbox bobIn) throws Exception {
        AtomicInteger thrown = new AtomicInteger();
        bob.messageManager().addAdvancedMsgListener(new io.hark.imsdk.v2.V2TIMAdvancedMsgListener() {
            @Override
            public void onRecvNewMessage(V2TIMMessage msg) {
                thrown.incrementAndGet();
                bob.messageManager().removeAdvancedMsgListener(this);
                throw new IllegalStateException("a listener that throws (expected by the test)");
            }
        });
        alice.login("alice", env("HARK_SIG_alice"), new V2TIMCallback() {
            @Override
            public void onSuccess() {
                thrown.incrementAndGet();
                throw new IllegalStateException("a callback that throws (expected by the test)");
            }

            @Override
            public void onError(int code, String desc) {}
        });
        Await<V2TIMMessage> a = new Await<>();
        alice.sendC2CTextMessage("after the throw", "bob", a);
        sent(a, "a callback after one that threw");
        V2TIMMessage got = bobIn.next();
        checkEq(got == null ? null : got.getTextElem().getText(), "after the throw", "other listeners still get the message");
        // The throwing listener was added after bobIn's, so it may still be running now.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (thrown.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        checkEq(thrown.get(), 2, "both throwing callbacks ran");
    }

    private static void uninitInFlight() throws Exception {
        V2TIMManager erin = start(V2TIMManager.createInstance(), "erin", null, null);
        List<Await<V2TIMMessage>> sends = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Await<V2TIMMessage> a = new Await<>();
            erin.sendC2CTextMessage("in flight " + i, "bob", a);
            sends.add(a);
        }
        Thread t = new Thread(erin::unInitSDK);
        long start = System.nanoTime();
        t.start();
        t.join(10000);
        check(!t.isAlive(), "unInitSDK with requests in flight returns");
        check(System.nanoTime() - start < 10_000_000_000L, "unInitSDK is quick");
        int ended = 0;
        for (Await<V2TIMMessage> a : sends) {
            int code = a.await();
            if ((code == 0 || code == BaseConstants.ERR_SDK_NET_DISCONNECT) && a.terminals.get() == 1) ended++;
        }
        checkEq(ended, sends.size(), "every in-flight send ended once (success or 9508)");
        Await<V2TIMMessage> after = new Await<>();
        erin.sendC2CTextMessage("x", "bob", after);
        checkEq(after.await(), BaseConstants.ERR_SDK_NOT_INITIALIZED, "6013 after unInitSDK");
        checkEq(erin.getLoginStatus(), V2TIMManager.V2TIM_STATUS_LOGOUT, "logged out after unInitSDK");
        erin.unInitSDK();
    }
}
