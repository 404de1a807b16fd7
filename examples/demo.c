/* Hark in one program: two users log in, make a group, send one-to-one and group messages
 * of every type (text, custom, image, sound, video, file, location, face), with a progress
 * bar for uploads, and print every field the receiver gets, and the history.
 *
 * usage: demo <server-url> <sdkappid> <alice-usersig> <bob-usersig> <scratch-dir> */
#include "hark.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Callbacks arrive on libhark's dispatcher thread; this lets main wait for them. */
typedef struct done {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int finished;
    int32_t code;
    char value[64];
} done;

static void done_init(done *d) {
    memset(d, 0, sizeof *d);
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, NULL);
}

static void finish(done *d, int32_t code) {
    pthread_mutex_lock(&d->mu);
    d->code = code;
    d->finished = 1;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

static int32_t wait_done(done *d) {
    pthread_mutex_lock(&d->mu);
    while (!d->finished) pthread_cond_wait(&d->cv, &d->mu);
    d->finished = 0;
    pthread_mutex_unlock(&d->mu);
    return d->code;
}

static void ok(void *ud) { finish((done *)ud, 0); }
static void failed(int32_t code, const char *desc, void *ud) {
    fprintf(stderr, "error %d: %s\n", code, desc);
    finish((done *)ud, code);
}
static void ok_value(const char *value, void *ud) {
    snprintf(((done *)ud)->value, sizeof ((done *)ud)->value, "%s", value);
    finish((done *)ud, 0);
}
static void sent(const hark_message *m, void *ud) {
    printf("  sent     %-28s seq %llu\n", hark_message_get_msg_id(m),
           (unsigned long long)hark_message_get_seq(m));
    finish((done *)ud, 0);
}

static void print_elem(const hark_message *m, size_t i) {
    size_t len = 0, k;
    const uint8_t *data;
    hark_image img;
    hark_sound_elem sound;
    hark_video_elem video;
    hark_file_elem file;
    hark_location_elem loc;
    hark_face_elem face;
    switch (hark_message_get_elem_type(m, i)) {
    case HARK_ELEM_TYPE_TEXT:
        printf("      text \"%s\"\n", hark_message_get_text(m, i));
        break;
    case HARK_ELEM_TYPE_CUSTOM:
        data = hark_message_get_custom_data(m, i, &len);
        printf("      custom \"%.*s\" desc \"%s\" ext \"%s\"\n", (int)len, (const char *)data,
               hark_message_get_custom_desc(m, i), hark_message_get_custom_extension(m, i));
        break;
    case HARK_ELEM_TYPE_IMAGE:
        for (k = 0; k < hark_message_get_image_count(m, i); k++) {
            if (hark_message_get_image(m, i, k, &img) != 0) continue;
            printf("      image %-6s %4ux%-4u %8llu bytes uuid %s\n        url %s\n",
                   img.type == HARK_IMAGE_TYPE_ORIGIN ? "origin" : img.type == HARK_IMAGE_TYPE_LARGE ? "large" : "thumb",
                   img.width, img.height, (unsigned long long)img.size, img.uuid, img.url);
        }
        break;
    case HARK_ELEM_TYPE_SOUND:
        if (hark_message_get_sound(m, i, &sound) == 0)
            printf("      sound %u s, %llu bytes, uuid %s\n        url %s\n", sound.duration,
                   (unsigned long long)sound.data_size, sound.uuid, sound.url);
        break;
    case HARK_ELEM_TYPE_VIDEO:
        if (hark_message_get_video(m, i, &video) == 0)
            printf("      video %s %u s, %llu bytes, uuid %s\n        url %s\n"
                   "      snapshot %ux%u, %llu bytes, uuid %s\n        url %s\n",
                   video.video_type, video.duration, (unsigned long long)video.video_size, video.video_uuid,
                   video.video_url, video.snapshot_width, video.snapshot_height,
                   (unsigned long long)video.snapshot_size, video.snapshot_uuid, video.snapshot_url);
        break;
    case HARK_ELEM_TYPE_FILE:
        if (hark_message_get_file(m, i, &file) == 0)
            printf("      file \"%s\", %llu bytes, uuid %s\n        url %s\n", file.file_name,
                   (unsigned long long)file.file_size, file.uuid, file.url);
        break;
    case HARK_ELEM_TYPE_LOCATION:
        if (hark_message_get_location(m, i, &loc) == 0)
            printf("      location \"%s\" lon %.4f lat %.4f\n", loc.desc, loc.longitude, loc.latitude);
        break;
    case HARK_ELEM_TYPE_FACE:
        if (hark_message_get_face(m, i, &face) == 0)
            printf("      face index %u, %zu bytes of data\n", face.index, face.data_len);
        break;
    default:
        printf("      elem of type %d\n", hark_message_get_elem_type(m, i));
    }
}

static void print_message(const char *prefix, const hark_message *m) {
    size_t i, n = hark_message_get_elem_count(m);
    const char *group = hark_message_get_group_id(m);
    printf("%s from %s %s%s seq %llu, msgID %s, %s\n", prefix, hark_message_get_sender(m),
           *group ? "in " : "to me", group, (unsigned long long)hark_message_get_seq(m),
           hark_message_get_msg_id(m), hark_message_is_self(m) ? "mine" : "theirs");
    for (i = 0; i < n; i++) print_elem(m, i);
}

/* Upload progress as a bar; a send of text or custom never calls this. */
static void show_progress(uint32_t progress, void *ud) {
    char bar[41];
    int i;
    (void)ud;
    for (i = 0; i < 40; i++) bar[i] = i < (int)(progress * 40 / 100) ? '#' : ' ';
    bar[40] = 0;
    printf("\r  upload [%s] %3u%%%s", bar, progress, progress == 100 ? "\n" : "");
    fflush(stdout);
}

static void put_le(uint8_t *p, uint32_t v, int n) {
    int i;
    for (i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* A small gradient picture (24-bit BMP), so the demo needs no image files of its own. */
static void write_bmp(const char *path, uint32_t w, uint32_t h) {
    uint32_t row = (w * 3 + 3) & ~3u, x, y;
    uint8_t hdr[54] = {'B', 'M'};
    uint8_t *line = (uint8_t *)calloc(row, 1);
    FILE *f = fopen(path, "wb");
    if (!f || !line) exit(1);
    put_le(hdr + 2, 54 + row * h, 4);
    put_le(hdr + 10, 54, 4);
    put_le(hdr + 14, 40, 4);
    put_le(hdr + 18, w, 4);
    put_le(hdr + 22, h, 4);
    put_le(hdr + 26, 1, 2);
    put_le(hdr + 28, 24, 2);
    fwrite(hdr, 1, sizeof hdr, f);
    for (y = 0; y < h; y++) {
        for (x = 0; x < w; x++) {
            line[x * 3] = (uint8_t)(x * 255 / w);
            line[x * 3 + 1] = (uint8_t)(y * 255 / h);
            line[x * 3 + 2] = 128;
        }
        fwrite(line, 1, row, f);
    }
    fclose(f);
    free(line);
}

static void write_bytes(const char *path, size_t n) {
    FILE *f = fopen(path, "wb");
    size_t i;
    if (!f) exit(1);
    for (i = 0; i < n; i++) fputc((int)(i * 7 & 0xff), f);
    fclose(f);
}

static done received;
static void on_message(const hark_message *m, void *ud) {
    (void)ud;
    print_message("  bob got ", m);
    finish(&received, 0);
}

static void on_history(const hark_message *const *msgs, size_t count, void *ud) {
    size_t i;
    printf("  %zu messages, newest first:\n", count);
    for (i = 0; i < count; i++) print_message("   ", msgs[i]);
    finish((done *)ud, 0);
}

static hark_client *login(uint32_t app, const char *url, const char *user, const char *sig, done *d) {
    hark_client *c = NULL;
    hark_callback cb = {ok, failed, d, NULL};
    if (hark_client_new(app, url, NULL, &c) != 0 || hark_login(c, user, sig, cb) != 0 || wait_done(d) != 0) {
        fprintf(stderr, "%s could not log in\n", user);
        exit(1);
    }
    printf("%s logged in\n", user);
    return c;
}

/* Creating a message checks the file; a demo has nothing to do but say why it failed. */
static void created(int32_t code, const char *what) {
    if (code != 0) {
        fprintf(stderr, "cannot create the %s message: %s (%d)\n", what, hark_error_description(code), code);
        exit(1);
    }
}

static void send_and_wait(hark_client *from, hark_message *m, const char *to, const char *group, done *d) {
    hark_send_callback cb = {sent, failed, show_progress, d, NULL};
    hark_send_message(from, m, to, group, HARK_PRIORITY_DEFAULT, false, NULL, cb, NULL, 0);
    hark_message_free(m);
    wait_done(d);
    wait_done(&received);
}

/* One message of each media type, then bob downloads the image's thumbnail. */
static void media(hark_client *alice, const char *group, const char *dir, done *d) {
    char image[512], snapshot[512], sound[512], video[512], file[512];
    hark_message *m = NULL;
    const uint8_t face_data[] = "smile";
    snprintf(image, sizeof image, "%s/sunset.bmp", dir);
    snprintf(snapshot, sizeof snapshot, "%s/snapshot.bmp", dir);
    snprintf(sound, sizeof sound, "%s/voice.m4a", dir);
    snprintf(video, sizeof video, "%s/clip.mp4", dir);
    snprintf(file, sizeof file, "%s/报告.pdf", dir);
    write_bmp(image, 1280, 960);
    write_bmp(snapshot, 320, 180);
    write_bytes(sound, 200 * 1024);
    write_bytes(video, 3 * 1024 * 1024);
    write_bytes(file, 512 * 1024);

    printf("alice -> bob: an image with a caption\n");
    created(hark_create_image_message(image, &m), "image");
    hark_message_append_text(m, "Sunset");
    send_and_wait(alice, m, "bob", NULL, d);
    printf("alice -> bob: a sound\n");
    created(hark_create_sound_message(sound, 4, &m), "sound");
    send_and_wait(alice, m, "bob", NULL, d);
    printf("alice -> group: a video with its snapshot\n");
    created(hark_create_video_message(video, "mp4", 12, snapshot, &m), "video");
    send_and_wait(alice, m, NULL, group, d);
    printf("alice -> group: a file\n");
    created(hark_create_file_message(file, "报告.pdf", &m), "file");
    send_and_wait(alice, m, NULL, group, d);
    printf("alice -> bob: a location and a face\n");
    created(hark_create_location_message("Shenzhen Bay", 113.9436, 22.5090, &m), "location");
    hark_message_append_face(m, 3, face_data, sizeof face_data - 1);
    send_and_wait(alice, m, "bob", NULL, d);
}

int main(int argc, char **argv) {
    done d;
    hark_client *alice, *bob;
    hark_msg_listener listener = {.on_recv_new_message = on_message};
    hark_send_callback send_cb = {sent, failed, NULL, &d, NULL};
    hark_string_callback group_cb = {ok_value, failed, &d, NULL};
    hark_history_callback history_cb = {on_history, failed, &d, NULL};
    const char *members[] = {"bob"};
    const uint8_t order[] = "{\"order\":42}";
    hark_message *m = NULL;
    uint32_t app;
    if (argc != 6) {
        fprintf(stderr, "usage: %s <server-url> <sdkappid> <alice-usersig> <bob-usersig> <scratch-dir>\n", argv[0]);
        return 2;
    }
    app = (uint32_t)strtoul(argv[2], NULL, 10);
    printf("libhark %s, server %s\n", hark_version(), argv[1]);
    done_init(&d);
    done_init(&received);

    alice = login(app, argv[1], "alice", argv[3], &d);
    bob = login(app, argv[1], "bob", argv[4], &d);
    hark_add_advanced_msg_listener(bob, listener);

    printf("alice -> bob (one-to-one)\n");
    hark_send_c2c_text_message(alice, "Hi Bob, this is Alice.", "bob", send_cb, NULL, 0);
    wait_done(&d);
    wait_done(&received);
    hark_create_custom_message(order, sizeof order - 1, "an order", "v1", &m);
    hark_send_message(alice, m, "bob", NULL, HARK_PRIORITY_DEFAULT, false, NULL, send_cb, NULL, 0);
    hark_message_free(m);
    wait_done(&d);
    wait_done(&received);

    hark_create_group(alice, "Public", NULL, "Demo group", members, 1, group_cb);
    if (wait_done(&d) != 0) return 1;
    printf("alice created group %s with bob\n", d.value);
    hark_send_group_text_message(alice, "Hello, group!", d.value, HARK_PRIORITY_HIGH, send_cb, NULL, 0);
    wait_done(&d);
    wait_done(&received);
    hark_send_group_custom_message(alice, order, sizeof order - 1, d.value, HARK_PRIORITY_NORMAL, send_cb, NULL, 0);
    wait_done(&d);
    wait_done(&received);

    media(alice, d.value, argv[5], &d);

    printf("bob reads his history with alice\n");
    hark_get_c2c_history_message_list(bob, "alice", 20, NULL, history_cb);
    wait_done(&d);
    printf("bob reads the group history\n");
    hark_get_group_history_message_list(bob, d.value, 20, NULL, history_cb);
    wait_done(&d);

    hark_client_free(alice);
    hark_client_free(bob);
    printf("done\n");
    return 0;
}
