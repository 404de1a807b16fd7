/* Every elem type end to end through the C API: images (with the large and thumbnail
 * versions harkd makes), sound, video with snapshot, files with non-ASCII names, location,
 * face; upload progress; downloads compared byte for byte; and the errors for bad files. */
#include "harness.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_dir[256];

static const char *path_of(const char *name) {
    static char buf[8][512];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, 512, "%s/%s", g_dir, name);
    return p;
}

static void put_le(uint8_t *p, uint32_t v, int n) {
    int i;
    for (i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* A 24-bit BMP of w×h with a gradient, so it is a real image of known size. */
static void write_bmp(const char *path, uint32_t w, uint32_t h) {
    uint32_t row = (w * 3 + 3) & ~3u, x, y;
    uint8_t hdr[54];
    uint8_t *line = (uint8_t *)calloc(row, 1);
    FILE *f = fopen(path, "wb");
    REQUIRE(f != NULL && line != NULL);
    memset(hdr, 0, sizeof hdr);
    hdr[0] = 'B';
    hdr[1] = 'M';
    put_le(hdr + 2, 54 + row * h, 4);
    put_le(hdr + 10, 54, 4);
    put_le(hdr + 14, 40, 4);
    put_le(hdr + 18, w, 4);
    put_le(hdr + 22, h, 4);
    put_le(hdr + 26, 1, 2);
    put_le(hdr + 28, 24, 2);
    put_le(hdr + 34, row * h, 4);
    fwrite(hdr, 1, sizeof hdr, f);
    for (y = 0; y < h; y++) {
        for (x = 0; x < w; x++) {
            line[x * 3] = (uint8_t)x;
            line[x * 3 + 1] = (uint8_t)y;
            line[x * 3 + 2] = (uint8_t)(x + y);
        }
        fwrite(line, 1, row, f);
    }
    fclose(f);
    free(line);
}

static void write_bytes(const char *path, size_t n, uint8_t seed) {
    FILE *f = fopen(path, "wb");
    size_t i;
    REQUIRE(f != NULL);
    for (i = 0; i < n; i++) fputc((int)((i * 31 + seed) & 0xff), f);
    fclose(f);
}

static int same_file(const char *a, const char *b) {
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int ca, cb, same = fa && fb;
    while (same) {
        ca = fgetc(fa);
        cb = fgetc(fb);
        if (ca != cb) same = 0;
        if (ca == EOF || cb == EOF) break;
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

/* Progress seen by a send: each value, to check it rises and ends at 100. */
typedef struct progress_log {
    record r;
    uint32_t values[256];
    int n, after_terminal;
} progress_log;

static void log_progress(uint32_t p, void *ud) {
    progress_log *l = (progress_log *)ud;
    pthread_mutex_lock(&l->r.mu);
    if (l->r.successes + l->r.errors) l->after_terminal++;
    if (l->n < 256) l->values[l->n++] = p;
    pthread_mutex_unlock(&l->r.mu);
}

static hark_send_callback progress_cb(progress_log *l) {
    hark_send_callback c = send_cb(&l->r);
    c.on_progress = log_progress;
    return c;
}

static void check_rising_to_100(const progress_log *l) {
    int i;
    CHECK(l->n >= 2);
    CHECK_INT(l->after_terminal, 0);
    for (i = 1; i < l->n; i++) CHECK(l->values[i] >= l->values[i - 1]);
    if (l->n) CHECK_INT(l->values[l->n - 1], 100);
}

/* Sends m from alice to bob; returns bob's copy (a clone to free). */
static hark_message *send_and_receive(hark_client *alice, hark_message *m, inbox *bob_in, progress_log *log) {
    size_t before = bob_in->count;
    record_init(&log->r);
    log->n = log->after_terminal = 0;
    CHECK_INT(hark_send_message(alice, m, "bob", NULL, HARK_PRIORITY_DEFAULT, false, NULL, progress_cb(log), NULL, 0), 0);
    CHECK_INT(finish(&log->r), 0);
    record_clear(&log->r);
    inbox_wait(bob_in, before + 1);
    return bob_in->count > before ? hark_message_clone(bob_in->items[before]) : NULL;
}

static void download_image(hark_client *bob, const hark_message *m, int32_t type, const char *to) {
    record r;
    record_init(&r);
    CHECK_INT(hark_download_image(bob, m, 0, type, to, download_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);
}

static void images(hark_client *alice, hark_client *bob, inbox *bob_in) {
    progress_log log;
    hark_message *m = NULL, *got;
    hark_image img;
    size_t i;
    write_bmp(path_of("photo.bmp"), 1000, 800);
    REQUIRE(hark_create_image_message(path_of("photo.bmp"), &m) == 0);
    CHECK_INT(hark_message_append_text(m, "caption"), 0);
    got = send_and_receive(alice, m, bob_in, &log);
    check_rising_to_100(&log);
    REQUIRE(got != NULL);
    CHECK_INT(hark_message_get_elem_type(got, 0), HARK_ELEM_TYPE_IMAGE);
    CHECK_STR(hark_message_get_text(got, 1), "caption");
    CHECK_INT(hark_message_get_image_count(got, 0), 3);
    for (i = 0; i < hark_message_get_image_count(got, 0); i++) {
        memset(&img, 0, sizeof img);
        CHECK_INT(hark_message_get_image(got, 0, i, &img), 0);
        CHECK(img.uuid && strlen(img.uuid) > 0);
        CHECK(img.url && strncmp(img.url, "http://", 7) == 0);
        CHECK(img.size > 0);
        if (img.type == HARK_IMAGE_TYPE_ORIGIN) {
            CHECK_INT(img.width, 1000);
            CHECK_INT(img.height, 800);
        } else if (img.type == HARK_IMAGE_TYPE_LARGE) {
            CHECK_INT(img.height, 720);
            CHECK(img.width >= 899 && img.width <= 901);
        } else {
            CHECK_INT(img.type, HARK_IMAGE_TYPE_THUMB);
            CHECK_INT(img.height, 198);
            CHECK(img.width >= 246 && img.width <= 249);
        }
    }
    download_image(bob, got, HARK_IMAGE_TYPE_ORIGIN, path_of("photo.down.bmp"));
    CHECK(same_file(path_of("photo.bmp"), path_of("photo.down.bmp")));
    download_image(bob, got, HARK_IMAGE_TYPE_THUMB, path_of("photo.thumb"));
    {
        struct stat st;
        CHECK(stat(path_of("photo.thumb"), &st) == 0 && st.st_size > 0);
    }
    hark_message_free(got);
    hark_message_free(m);
}

static void sound_video_file(hark_client *alice, hark_client *bob, inbox *bob_in) {
    progress_log log;
    hark_message *m = NULL, *got;
    record r;

    write_bytes(path_of("voice.m4a"), 300000, 7);
    REQUIRE(hark_create_sound_message(path_of("voice.m4a"), 12, &m) == 0);
    got = send_and_receive(alice, m, bob_in, &log);
    check_rising_to_100(&log);
    if (got) {
        hark_sound_elem s;
        memset(&s, 0, sizeof s);
        CHECK_INT(hark_message_get_sound(got, 0, &s), 0);
        CHECK_INT(s.data_size, 300000);
        CHECK_INT(s.duration, 12);
        CHECK(s.uuid && *s.uuid);
        record_init(&r);
        CHECK_INT(hark_download_sound(bob, got, 0, path_of("voice.down"), download_cb(&r)), 0);
        CHECK_INT(finish(&r), 0);
        CHECK(r.progress_calls > 0);
        record_clear(&r);
        CHECK(same_file(path_of("voice.m4a"), path_of("voice.down")));
        hark_message_free(got);
    }
    hark_message_free(m);

    write_bytes(path_of("clip.mp4"), 2000000, 3);
    write_bmp(path_of("snap.bmp"), 320, 240);
    REQUIRE(hark_create_video_message(path_of("clip.mp4"), "mp4", 9, path_of("snap.bmp"), &m) == 0);
    CHECK_INT(hark_message_append_text(m, "watch this"), 0);
    got = send_and_receive(alice, m, bob_in, &log);
    check_rising_to_100(&log);
    if (got) {
        hark_video_elem v;
        memset(&v, 0, sizeof v);
        CHECK_INT(hark_message_get_video(got, 0, &v), 0);
        CHECK_INT(v.video_size, 2000000);
        CHECK_STR(v.video_type, "mp4");
        CHECK_INT(v.duration, 9);
        CHECK_INT(v.snapshot_width, 320);
        CHECK_INT(v.snapshot_height, 240);
        record_init(&r);
        CHECK_INT(hark_download_video(bob, got, 0, path_of("clip.down"), download_cb(&r)), 0);
        CHECK_INT(finish(&r), 0);
        record_clear(&r);
        CHECK(same_file(path_of("clip.mp4"), path_of("clip.down")));
        record_init(&r);
        CHECK_INT(hark_download_video_snapshot(bob, got, 0, path_of("snap.down"), download_cb(&r)), 0);
        CHECK_INT(finish(&r), 0);
        record_clear(&r);
        CHECK(same_file(path_of("snap.bmp"), path_of("snap.down")));
        hark_message_free(got);
    }
    hark_message_free(m);

    write_bytes(path_of("报告 ü.pdf"), 123457, 11);
    REQUIRE(hark_create_file_message(path_of("报告 ü.pdf"), "报告 ü.pdf", &m) == 0);
    got = send_and_receive(alice, m, bob_in, &log);
    if (got) {
        hark_file_elem f;
        memset(&f, 0, sizeof f);
        CHECK_INT(hark_message_get_file(got, 0, &f), 0);
        CHECK_STR(f.file_name, "报告 ü.pdf");
        CHECK_INT(f.file_size, 123457);
        record_init(&r);
        CHECK_INT(hark_download_file(bob, got, 0, path_of("下载 ü.pdf"), download_cb(&r)), 0);
        CHECK_INT(finish(&r), 0);
        record_clear(&r);
        CHECK(same_file(path_of("报告 ü.pdf"), path_of("下载 ü.pdf")));
        hark_message_free(got);
    }
    hark_message_free(m);
}

static void location_and_face(hark_client *alice, inbox *bob_in) {
    progress_log log;
    hark_message *m = NULL, *got;
    const uint8_t face[] = {1, 2, 3};
    REQUIRE(hark_create_location_message("Tencent Binhai", 113.9343, 22.5226, &m) == 0);
    CHECK_INT(hark_message_append_face(m, 5, face, sizeof face), 0);
    CHECK_INT(hark_message_append_text(m, "here"), 0);
    got = send_and_receive(alice, m, bob_in, &log);
    CHECK_INT(log.n, 0);
    if (got) {
        hark_location_elem l;
        hark_face_elem f;
        memset(&l, 0, sizeof l);
        memset(&f, 0, sizeof f);
        CHECK_INT(hark_message_get_location(got, 0, &l), 0);
        CHECK_STR(l.desc, "Tencent Binhai");
        CHECK(l.longitude > 113.9342 && l.longitude < 113.9344);
        CHECK(l.latitude > 22.5225 && l.latitude < 22.5227);
        CHECK_INT(hark_message_get_face(got, 1, &f), 0);
        CHECK_INT(f.index, 5);
        CHECK_INT(f.data_len, 3);
        CHECK(f.data && memcmp(f.data, face, 3) == 0);
        CHECK_STR(hark_message_get_text(got, 2), "here");
        hark_message_free(got);
    }
    hark_message_free(m);
}

static void bad_files(void) {
    hark_message *m = NULL;
    int fd;
    CHECK_INT(hark_create_image_message(path_of("no such file.png"), &m), HARK_ERR_FILE_NOT_FOUND);
    CHECK_INT(hark_create_file_message(g_dir, "a folder", &m), HARK_ERR_FILE_NOT_FOUND);
    write_bytes(path_of("empty.bin"), 0, 0);
    CHECK_INT(hark_create_file_message(path_of("empty.bin"), "empty.bin", &m), HARK_ERR_FILE_SIZE_EMPTY);
    write_bytes(path_of("not-an-image.png"), 1000, 1);
    CHECK_INT(hark_create_image_message(path_of("not-an-image.png"), &m), HARK_ERR_INVALID_MSG_ELEM);
    fd = open(path_of("huge.bmp"), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, "BM", 2) == 2);
    REQUIRE(ftruncate(fd, 29L * 1024 * 1024) == 0);
    close(fd);
    CHECK_INT(hark_create_image_message(path_of("huge.bmp"), &m), HARK_ERR_FILE_TOO_LARGE);
    CHECK(m == NULL);
    CHECK_INT(hark_create_location_message("nowhere", 200.0, 0.0, &m), HARK_ERR_INVALID_PARAMETERS);
}

int main(void) {
    hark_client *alice, *bob;
    inbox bob_in;
    g_main_thread = pthread_self();
    snprintf(g_dir, sizeof g_dir, "%s/hark-media-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    REQUIRE(mkdtemp(g_dir) != NULL);

    alice = login_as("alice");
    inbox_init(&bob_in);
    bob = new_client();
    CHECK(hark_add_advanced_msg_listener(bob, listener_of(&bob_in)) > 0);
    {
        record r;
        record_init(&r);
        CHECK_INT(hark_login(bob, "bob", user_sig("bob"), cb(&r)), 0);
        CHECK_INT(finish(&r), 0);
        record_clear(&r);
    }
    images(alice, bob, &bob_in);
    sound_video_file(alice, bob, &bob_in);
    location_and_face(alice, &bob_in);
    bad_files();

    hark_client_free(bob);
    hark_client_free(alice);
    inbox_clear(&bob_in);
    {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
        CHECK(system(cmd) == 0);
    }
    return report("test_media");
}
