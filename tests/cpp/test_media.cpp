// Media through the wrapper: an image with the large and thumbnail versions harkd makes,
// upload progress, every version downloaded by the receiver; a file and a sound with their
// downloads; a video with its snapshot; the codes of Create calls libhark refuses.
#include <fstream>
#include <functional>
#include <iterator>

#include "harness.h"

static void put_le(std::vector<uint8_t>& b, size_t at, uint32_t v, int n) {
    for (int i = 0; i < n; i++) b[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}

// A 24-bit BMP of w×h with a gradient: a real image of known size.
static void write_bmp(const std::string& path, uint32_t w, uint32_t h) {
    const uint32_t row = (w * 3 + 3) & ~3u;
    std::vector<uint8_t> b(54 + static_cast<size_t>(row) * h);
    b[0] = 'B';
    b[1] = 'M';
    put_le(b, 2, static_cast<uint32_t>(b.size()), 4);
    put_le(b, 10, 54, 4);
    put_le(b, 14, 40, 4);
    put_le(b, 18, w, 4);
    put_le(b, 22, h, 4);
    put_le(b, 26, 1, 2);
    put_le(b, 28, 24, 2);
    put_le(b, 34, row * h, 4);
    for (uint32_t y = 0; y < h; y++)
        for (uint32_t x = 0; x < w; x++) {
            uint8_t* p = &b[54 + static_cast<size_t>(y) * row + x * 3];
            p[0] = static_cast<uint8_t>(x);
            p[1] = static_cast<uint8_t>(y);
            p[2] = static_cast<uint8_t>(x + y);
        }
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

static void write_bytes(const std::string& path, size_t n, uint8_t seed) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; i++) s[i] = static_cast<char>((i * 31 + seed) & 0xff);
    std::ofstream(path, std::ios::binary) << s;
}

static std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

static void check_progress(const SendCallback& cb) {
    CHECK(cb.progressValues.size() >= 2);
    for (size_t i = 1; i < cb.progressValues.size(); i++) CHECK(cb.progressValues[i] >= cb.progressValues[i - 1]);
    if (!cb.progressValues.empty()) CHECK_EQ(cb.progressValues.back(), 100);
}

static V2TIMMessage send_to_bob(V2TIMManager* alice, V2TIMMessage& m, Inbox& bobInbox, SendCallback& cb) {
    const size_t before = bobInbox.Count();
    alice->GetMessageManager()->SendMessage(m, "bob", "", V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &cb);
    CHECK_EQ(cb.Wait(), 0);
    check_progress(cb);
    return bobInbox.WaitFor(before + 1);
}

static void download(const std::function<void(DownloadCallback*)>& start, const std::string& path, const std::string& expect) {
    DownloadCallback cb;
    start(&cb);
    CHECK_EQ(cb.Wait(), 0);
    CHECK(cb.progressCalls > 0);
    CHECK_EQ(cb.lastCurrent, cb.lastTotal);
    if (!expect.empty()) CHECK(read_file(path) == expect);
}

static void image(V2TIMManager* alice, Inbox& bobInbox) {
    write_bmp("photo.bmp", 1000, 800);
    V2TIMMessage m = alice->GetMessageManager()->CreateImageMessage("photo.bmp");
    auto local = ElemAs<V2TIMImageElem>(m, 0, V2TIM_ELEM_TYPE_IMAGE);
    REQUIRE(local != nullptr);
    CHECK_STR(S(local->path), "photo.bmp");
    CHECK(local->imageList.Empty());  // versions exist once uploaded

    SendCallback cb;
    V2TIMMessage got = send_to_bob(alice, m, bobInbox, cb);
    auto sent = ElemAs<V2TIMImageElem>(cb.message, 0, V2TIM_ELEM_TYPE_IMAGE);
    if (sent) CHECK_EQ(sent->imageList.Size(), 3);
    auto e = ElemAs<V2TIMImageElem>(got, 0, V2TIM_ELEM_TYPE_IMAGE);
    REQUIRE(e != nullptr);
    CHECK_STR(S(e->path), "");
    REQUIRE(e->imageList.Size() == 3);
    for (size_t i = 0; i < e->imageList.Size(); i++) {
        const V2TIMImage& img = e->imageList[i];
        CHECK(!img.uuid.Empty());
        CHECK(img.size > 0);
        const std::string path = "got_" + std::to_string(i);
        switch (img.type) {
        case V2TIM_IMAGE_TYPE_ORIGIN:
            CHECK_EQ(img.width, 1000);
            CHECK_EQ(img.height, 800);
            download([&](DownloadCallback* d) { img.DownloadImage(path.c_str(), d); }, path, read_file("photo.bmp"));
            break;
        case V2TIM_IMAGE_TYPE_LARGE:
            CHECK_EQ(img.height, 720);
            CHECK(img.width >= 899 && img.width <= 901);
            download([&](DownloadCallback* d) { img.DownloadImage(path.c_str(), d); }, path, "");
            CHECK_EQ(read_file(path).size(), img.size);
            break;
        case V2TIM_IMAGE_TYPE_THUMB:
            CHECK_EQ(img.height, 198);
            CHECK(img.width >= 246 && img.width <= 249);
            download([&](DownloadCallback* d) { img.DownloadImage(path.c_str(), d); }, path, "");
            CHECK_EQ(read_file(path).size(), img.size);
            break;
        }
    }
    CHECK_EQ(e->imageList[0].type, V2TIM_IMAGE_TYPE_ORIGIN);
    CHECK_EQ(e->imageList[1].type, V2TIM_IMAGE_TYPE_LARGE);
    CHECK_EQ(e->imageList[2].type, V2TIM_IMAGE_TYPE_THUMB);

    // A copy of the image taken out of its message still downloads (it shares the handle).
    V2TIMImage kept = e->imageList[2];
    got = V2TIMMessage();
    download([&](DownloadCallback* d) { kept.DownloadImage("kept", d); }, "kept", read_file("got_2"));

    // An image the app built itself belongs to no message: 6017, refused at once.
    V2TIMImage loose;
    DownloadCallback refused;
    loose.DownloadImage("never", &refused);
    CHECK_EQ(refused.Refused(), ERR_INVALID_PARAMETERS);
}

static void file_sound_video(V2TIMManager* alice, Inbox& bobInbox) {
    V2TIMMessageManager* mm = alice->GetMessageManager();
    write_bytes("report.pdf", 300000, 3);
    V2TIMMessage file = mm->CreateFileMessage("report.pdf", "Report 报告.pdf");
    SendCallback fileCb;
    V2TIMMessage got = send_to_bob(alice, file, bobInbox, fileCb);
    if (auto e = ElemAs<V2TIMFileElem>(got, 0, V2TIM_ELEM_TYPE_FILE)) {
        CHECK_STR(S(e->filename), "Report 报告.pdf");
        CHECK_EQ(e->fileSize, 300000);
        CHECK(!e->uuid.Empty());
        download([&](DownloadCallback* d) { e->DownloadFile("report_got", d); }, "report_got", read_file("report.pdf"));
    }

    write_bytes("voice.m4a", 50000, 9);
    V2TIMMessage sound = mm->CreateSoundMessage("voice.m4a", 4);
    SendCallback soundCb;
    got = send_to_bob(alice, sound, bobInbox, soundCb);
    if (auto e = ElemAs<V2TIMSoundElem>(got, 0, V2TIM_ELEM_TYPE_SOUND)) {
        CHECK_EQ(e->duration, 4);
        CHECK_EQ(e->dataSize, 50000);
        download([&](DownloadCallback* d) { e->DownloadSound("voice_got", d); }, "voice_got", read_file("voice.m4a"));
    }

    write_bytes("clip.mp4", 120000, 5);
    write_bmp("snap.bmp", 320, 240);
    V2TIMMessage video = mm->CreateVideoMessage("clip.mp4", "mp4", 12, "snap.bmp");
    SendCallback videoCb;
    got = send_to_bob(alice, video, bobInbox, videoCb);
    if (auto e = ElemAs<V2TIMVideoElem>(got, 0, V2TIM_ELEM_TYPE_VIDEO)) {
        CHECK_STR(S(e->videoType), "mp4");
        CHECK_EQ(e->duration, 12);
        CHECK_EQ(e->videoSize, 120000);
        CHECK_EQ(e->snapshotWidth, 320);
        CHECK_EQ(e->snapshotHeight, 240);
        download([&](DownloadCallback* d) { e->DownloadVideo("clip_got", d); }, "clip_got", read_file("clip.mp4"));
        download([&](DownloadCallback* d) { e->DownloadSnapshot("snap_got", d); }, "snap_got", read_file("snap.bmp"));
    }
}

// Sends m to bob; it must fail with `code` and the C API's description of it.
static void check_refused(V2TIMMessageManager* mm, V2TIMMessage& m, const V2TIMString& groupID, int code, const char* what) {
    SendCallback cb;
    mm->SendMessage(m, groupID.Empty() ? "bob" : "", groupID, V2TIM_PRIORITY_DEFAULT, false, V2TIMOfflinePushInfo(), &cb);
    const int got = cb.Refused();
    CHECK_EQ(got, code);
    CHECK_STR(cb.Desc(), hark_error_description(code));
    if (got != code) std::fprintf(stderr, "  (%s)\n", what);
}

// A Create call libhark refuses gives an empty message that keeps libhark's code: its send
// ends with that code (V2TIM's 7004 for a missing file), not with 6017. Needs clip.mp4 and
// snap.bmp from file_sound_video.
static void refused_creates(V2TIMManager* alice, Inbox& bobInbox) {
    V2TIMMessageManager* mm = alice->GetMessageManager();
    write_bytes("empty.bin", 0, 0);
    struct Case {
        const char* what;
        V2TIMMessage message;
        int code;
    } cases[] = {
        {"image, missing", mm->CreateImageMessage("no-such.png"), ERR_SDK_COMM_FILE_NOT_FOUND},
        {"image, a folder", mm->CreateImageMessage("."), ERR_SDK_COMM_FILE_NOT_FOUND},
        {"image, empty", mm->CreateImageMessage("empty.bin"), ERR_SDK_COMM_FILE_SIZE_EMPTY},
        {"image, not an image", mm->CreateImageMessage("clip.mp4"), ERR_INVALID_MSG_ELEM},
        {"sound, missing", mm->CreateSoundMessage("no-such.m4a", 3), ERR_SDK_COMM_FILE_NOT_FOUND},
        {"sound, empty", mm->CreateSoundMessage("empty.bin", 3), ERR_SDK_COMM_FILE_SIZE_EMPTY},
        {"video, missing", mm->CreateVideoMessage("no-such.mp4", "mp4", 1, "snap.bmp"), ERR_SDK_COMM_FILE_NOT_FOUND},
        {"video, empty", mm->CreateVideoMessage("empty.bin", "mp4", 1, "snap.bmp"), ERR_SDK_COMM_FILE_SIZE_EMPTY},
        {"video, missing snapshot", mm->CreateVideoMessage("clip.mp4", "mp4", 1, "no-such.bmp"), ERR_SDK_COMM_FILE_NOT_FOUND},
        {"video, empty snapshot", mm->CreateVideoMessage("clip.mp4", "mp4", 1, "empty.bin"), ERR_SDK_COMM_FILE_SIZE_EMPTY},
        {"file, missing", mm->CreateFileMessage("no-such.pdf", "x.pdf"), ERR_SDK_COMM_FILE_NOT_FOUND},
        {"file, empty", mm->CreateFileMessage("empty.bin", "x.pdf"), ERR_SDK_COMM_FILE_SIZE_EMPTY},
        {"text, invalid UTF-8", mm->CreateTextMessage("\xff"), ERR_INVALID_PARAMETERS},
        {"location, out of range", mm->CreateLocationMessage("", 200, 0), ERR_INVALID_PARAMETERS},
    };
    const size_t before = bobInbox.Count();
    for (Case& c : cases) {
        CHECK(c.message.elemList.Empty());
        check_refused(mm, c.message, "", c.code, c.what);
    }

    // The code stays with copies, with elems pushed later, and with a targeted message made
    // from the refused one.
    V2TIMMessage missing = mm->CreateFileMessage("no-such.pdf", "x.pdf");
    V2TIMMessage copy = missing;
    check_refused(mm, copy, "", ERR_SDK_COMM_FILE_NOT_FOUND, "copy");
    V2TIMTextElem text;
    text.text = "pushed";
    missing.elemList.PushBack(&text);
    check_refused(mm, missing, "", ERR_SDK_COMM_FILE_NOT_FOUND, "pushed elem");
    V2TIMStringVector receivers;
    receivers.PushBack("bob");
    V2TIMMessage targeted = mm->CreateTargetedGroupMessage(missing, receivers);
    check_refused(mm, targeted, "media-team", ERR_SDK_COMM_FILE_NOT_FOUND, "targeted");
    CHECK_EQ(bobInbox.Count(), before);
}

int main() {
    Inbox bobInbox;
    V2TIMManager bob;
    bob.GetMessageManager()->AddAdvancedMsgListener(&bobInbox);
    LogIn(&bob, "bob");
    V2TIMManager* alice = V2TIMManager::GetInstance();
    LogIn(alice, "alice");

    image(alice, bobInbox);
    file_sound_video(alice, bobInbox);
    refused_creates(alice, bobInbox);
    CHECK_EQ(bobInbox.onMainThread, 0);

    alice->UnInitSDK();
    bob.UnInitSDK();
    return Report("test_media");
}
