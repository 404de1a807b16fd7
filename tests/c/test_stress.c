/* Bad input at every entry point (NULL, invalid UTF-8, empty and 1 MB strings, SIZE_MAX
 * lengths with NULL or short buffers), then 8 threads at once on two shared clients.
 * Nothing may crash, read out of bounds (valgrind watches) or lose a callback. */
#include "harness.h"

#include <math.h>

#define HUGE_LEN (1024 * 1024)
#define THREADS 8
#define ROUNDS 12

static const char *const BAD_UTF8 = "\xff\xfe\xc3";
static char *g_huge; /* HUGE_LEN bytes of 'x', NUL-terminated */

/* A request that must be refused at once: the code comes back and nothing is called. An
 * expected 0 is a request taken over, which ends in one callback with 0. */
#define REFUSED(call_with_cb, expected)                                \
    do {                                                               \
        record r_;                                                     \
        int32_t rc_;                                                   \
        record_init(&r_);                                              \
        rc_ = (call_with_cb);                                          \
        CHECK_INT(rc_, expected);                                      \
        CHECK_INT(rc_ != 0 ? refused(&r_, rc_) : finish(&r_), expected); \
        record_clear(&r_);                                             \
    } while (0)

/* Every getter on NULL and on a message with no such elem. */
static void getters_on(const hark_message *m) {
    hark_image image;
    hark_sound_elem sound;
    hark_video_elem video;
    hark_file_elem file;
    hark_location_elem location;
    hark_face_elem face;
    hark_offline_push_info push;
    size_t len = 7;
    CHECK(hark_message_get_msg_id(m) != NULL);
    (void)hark_message_get_timestamp(m);
    CHECK(hark_message_get_sender(m) != NULL);
    CHECK(hark_message_get_user_id(m) != NULL);
    CHECK(hark_message_get_group_id(m) != NULL);
    (void)hark_message_get_seq(m);
    (void)hark_message_get_random(m);
    (void)hark_message_get_status(m);
    (void)hark_message_is_self(m);
    (void)hark_message_is_dropped(m);
    (void)hark_message_get_priority(m);
    CHECK_INT(hark_message_get_elem_type(m, SIZE_MAX), HARK_ELEM_TYPE_NONE);
    CHECK(hark_message_get_text(m, SIZE_MAX) == NULL);
    CHECK(hark_message_get_custom_data(m, SIZE_MAX, &len) == NULL);
    CHECK_INT(len, 0);
    CHECK(hark_message_get_custom_data(m, SIZE_MAX, NULL) == NULL);
    CHECK(hark_message_get_custom_desc(m, SIZE_MAX) == NULL);
    CHECK(hark_message_get_custom_extension(m, SIZE_MAX) == NULL);
    CHECK(hark_message_get_image_path(m, SIZE_MAX) == NULL);
    CHECK_INT(hark_message_get_image_count(m, SIZE_MAX), 0);
    CHECK_INT(hark_message_get_image(m, 0, SIZE_MAX, &image), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_image(m, 0, 0, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_sound(m, SIZE_MAX, &sound), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_sound(m, 0, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_video(m, SIZE_MAX, &video), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_video(m, 0, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_file(m, SIZE_MAX, &file), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_file(m, 0, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_location(m, SIZE_MAX, &location), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_location(m, 0, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_face(m, SIZE_MAX, &face), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_face(m, 0, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_offline_push_info(m, NULL), HARK_ERR_INVALID_PARAMETERS);
    if (m) CHECK_INT(hark_message_get_offline_push_info(m, &push), 0);
    CHECK(hark_message_get_target(m, SIZE_MAX) == NULL);
    (void)hark_message_get_target_count(m);
}

static void messages_with_bad_input(void) {
    hark_message *m = NULL, *other = NULL;
    const char *null_receivers[2] = {NULL, NULL};
    const char *bad_receivers[1];
    uint8_t byte = 1;

    getters_on(NULL);
    CHECK(hark_message_clone(NULL) == NULL);
    hark_message_free(NULL);

    /* Creating: NULL out, NULL, invalid UTF-8, empty, 1 MB, NULL data with a length. */
    CHECK_INT(hark_create_text_message("x", NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_text_message(BAD_UTF8, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK(m == NULL);
    CHECK_INT(hark_create_custom_message(NULL, SIZE_MAX, NULL, NULL, &m), HARK_ERR_INVALID_PARAMETERS);
    /* No buffer is that big: refused, never read. */
    CHECK_INT(hark_create_custom_message(&byte, SIZE_MAX, NULL, NULL, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_face_message(1, &byte, SIZE_MAX, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_custom_message(&byte, 1, BAD_UTF8, NULL, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_custom_message(&byte, 1, NULL, BAD_UTF8, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_custom_message(&byte, 1, NULL, NULL, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_face_message(1, NULL, SIZE_MAX, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_face_message(1, NULL, 0, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_location_message(BAD_UTF8, 0, 0, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_location_message(NULL, NAN, 0, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_location_message(NULL, 0, INFINITY, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_image_message(NULL, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_image_message(BAD_UTF8, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_image_message("", &m), HARK_ERR_FILE_NOT_FOUND);
    /* A 1 MB path is over PATH_MAX: there is no such file. */
    CHECK_INT(hark_create_image_message(g_huge, &m), HARK_ERR_FILE_NOT_FOUND);
    CHECK_INT(hark_create_sound_message(NULL, 1, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_sound_message(g_huge, 1, &m), HARK_ERR_FILE_NOT_FOUND);
    CHECK_INT(hark_create_video_message(NULL, "mp4", 1, NULL, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_video_message(g_huge, BAD_UTF8, 1, g_huge, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_file_message(NULL, NULL, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_file_message(g_huge, BAD_UTF8, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK(m == NULL);

    REQUIRE(hark_create_text_message("", &m) == 0);
    CHECK_STR(hark_message_get_text(m, 0), "");
    hark_message_free(m);
    REQUIRE(hark_create_text_message(g_huge, &m) == 0);
    CHECK_INT(strlen(hark_message_get_text(m, 0)), HUGE_LEN);
    getters_on(m);

    /* Growing: NULL message, NULL or bad strings, NULL data with huge lengths. */
    CHECK_INT(hark_message_append_text(NULL, "x"), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_text(m, BAD_UTF8), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_custom(NULL, &byte, 1, NULL, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_custom(m, NULL, SIZE_MAX, NULL, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_custom(m, &byte, 1, BAD_UTF8, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_face(NULL, 1, NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_face(m, 1, NULL, SIZE_MAX), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_face(m, 1, &byte, SIZE_MAX), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_custom(m, &byte, SIZE_MAX, NULL, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_location(NULL, NULL, 0, 0), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_location(m, BAD_UTF8, 0, 0), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_location(m, NULL, NAN, NAN), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_elem(NULL, m, 0), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_elem(m, NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_append_elem(m, m, SIZE_MAX), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_elem_count(m), 1);
    /* A 1 MB custom elem and a copy of itself: fine to build, refused when sent (8001). */
    CHECK_INT(hark_message_append_custom(m, (const uint8_t *)g_huge, HUGE_LEN, g_huge, g_huge), 0);
    CHECK_INT(hark_message_append_elem(m, m, 1), 0);
    CHECK_INT(hark_message_get_elem_count(m), 3);
    getters_on(m);

    /* Targeted copies: NULL receivers, a NULL entry, SIZE_MAX count, bad ids. */
    CHECK_INT(hark_create_targeted_group_message(NULL, null_receivers, 1, &other), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_targeted_group_message(m, NULL, 1, &other), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_targeted_group_message(m, null_receivers, 1, &other), HARK_ERR_INVALID_PARAMETERS);
    /* Over 50 receivers is refused before the array is read: a huge count never reads past it. */
    bad_receivers[0] = "bob";
    CHECK_INT(hark_create_targeted_group_message(m, bad_receivers, SIZE_MAX, &other), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_targeted_group_message(m, bad_receivers, 51, &other), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_targeted_group_message(m, null_receivers, 0, &other), HARK_ERR_INVALID_PARAMETERS);
    bad_receivers[0] = BAD_UTF8;
    CHECK_INT(hark_create_targeted_group_message(m, bad_receivers, 1, &other), HARK_ERR_INVALID_PARAMETERS);
    bad_receivers[0] = g_huge;
    CHECK_INT(hark_create_targeted_group_message(m, bad_receivers, 1, &other), HARK_ERR_INVALID_IDENTIFIER);
    bad_receivers[0] = "bob";
    CHECK_INT(hark_create_targeted_group_message(m, bad_receivers, 1, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK(other == NULL);
    hark_message_free(m);

    CHECK_STR(hark_error_description(INT32_MIN), "unknown error code");
    CHECK(hark_version() != NULL);
}

static void clients_with_bad_input(hark_client *c) {
    hark_client *none = NULL;
    hark_message *m = NULL;
    char small[4] = "abc", id_buf[HARK_MSG_ID_SIZE];
    const char *null_members[1] = {NULL};
    const char *one_member[1] = {"bob"};
    uint8_t byte = 1;
    record r;

    CHECK_INT(hark_client_new(0, "ws://127.0.0.1:1", NULL, &none), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_client_new(1, BAD_UTF8, NULL, &none), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_client_new(1, "", NULL, &none), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_client_new(1, g_huge, NULL, &none), HARK_ERR_INVALID_PARAMETERS);
    CHECK(none == NULL);
    hark_client_options_init(NULL);

    /* The login user: a NULL buffer with any length, and a short one, are never overrun. */
    CHECK_INT(hark_get_login_user(c, NULL, 0), 5);
    CHECK_INT(hark_get_login_user(c, small, 1), 5);
    CHECK_STR(small, "");
    CHECK_INT(hark_get_login_user(NULL, small, sizeof small), 0);

    REFUSED(hark_login(c, NULL, "sig", cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_login(c, BAD_UTF8, "sig", cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_login(c, g_huge, "sig", cb(&r_)), HARK_ERR_INVALID_IDENTIFIER);
    REFUSED(hark_login(c, "alice", BAD_UTF8, cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_get_login_status(c), HARK_LOGIN_STATUS_LOGINED);

    REFUSED(hark_send_c2c_text_message(c, NULL, "bob", send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_c2c_text_message(c, BAD_UTF8, "bob", send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_c2c_text_message(c, "x", BAD_UTF8, send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_c2c_text_message(c, "x", g_huge, send_cb(&r_), NULL, 0), HARK_ERR_INVALID_IDENTIFIER);
    REFUSED(hark_send_c2c_text_message(c, "x", "", send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_c2c_text_message(c, g_huge, "bob", send_cb(&r_), NULL, 0), HARK_ERR_MSG_BODY_SIZE_LIMIT);
    /* A NULL msgID buffer means "no msgID wanted", whatever length comes with it; a short one
     * is refused unwritten. */
    REFUSED(hark_send_c2c_text_message(c, "x", "bob", send_cb(&r_), NULL, SIZE_MAX), 0);
    REFUSED(hark_send_c2c_text_message(c, "x", "bob", send_cb(&r_), small, sizeof small), HARK_ERR_INVALID_PARAMETERS);
    CHECK_STR(small, "");
    REFUSED(hark_send_c2c_custom_message(c, NULL, SIZE_MAX, "bob", send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_c2c_custom_message(c, (const uint8_t *)g_huge, HUGE_LEN, "bob", send_cb(&r_), NULL, 0),
            HARK_ERR_MSG_BODY_SIZE_LIMIT);
    REFUSED(hark_send_group_text_message(c, "x", NULL, 0, send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_group_text_message(c, "x", g_huge, 0, send_cb(&r_), NULL, 0), HARK_ERR_GROUP_INVALID_GROUP_ID);
    REFUSED(hark_send_group_text_message(c, "x", "g", -1, send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_group_custom_message(c, NULL, SIZE_MAX, "g", 0, send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);

    REQUIRE(hark_create_text_message("x", &m) == 0);
    REFUSED(hark_send_message(c, NULL, "bob", NULL, 0, false, NULL, send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_message(c, m, NULL, NULL, 0, false, NULL, send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_message(c, m, "bob", NULL, 99, false, NULL, send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    record_init(&r);
    /* msg_id_buf exactly HARK_MSG_ID_SIZE: written, NUL-terminated. */
    CHECK_INT(hark_send_message(c, m, "bob", NULL, 0, false, NULL, send_cb(&r), id_buf, sizeof id_buf), 0);
    CHECK_INT(finish(&r), 0);
    CHECK(strlen(id_buf) > 0 && strlen(id_buf) < HARK_MSG_ID_SIZE);
    record_clear(&r);
    hark_message_free(m);

    REFUSED(hark_get_c2c_history_message_list(c, NULL, 1, NULL, history_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_get_c2c_history_message_list(c, "bob", 0, NULL, history_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_get_c2c_history_message_list(c, g_huge, UINT32_MAX, NULL, history_cb(&r_)), HARK_ERR_INVALID_IDENTIFIER);
    REFUSED(hark_get_group_history_message_list(c, BAD_UTF8, 1, NULL, history_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_create_group(c, NULL, NULL, "n", NULL, 0, string_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_create_group(c, "Work", NULL, "n", NULL, SIZE_MAX, string_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_create_group(c, "Work", NULL, "n", one_member, SIZE_MAX, string_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_create_group(c, "Work", NULL, "n", one_member, 501, string_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_send_c2c_custom_message(c, &byte, SIZE_MAX, "bob", send_cb(&r_), NULL, 0), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_create_group(c, "Work", NULL, "n", null_members, 1, string_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_create_group(c, "Work", NULL, g_huge, NULL, 0, string_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_create_group(c, "Work", g_huge, "n", NULL, 0, string_cb(&r_)), HARK_ERR_GROUP_INVALID_GROUP_ID);
    REFUSED(hark_join_group(c, NULL, NULL, cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_join_group(c, "g", BAD_UTF8, cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_quit_group(c, "", cb(&r_)), HARK_ERR_GROUP_INVALID_GROUP_ID);
    REFUSED(hark_dismiss_group(c, g_huge, cb(&r_)), HARK_ERR_GROUP_INVALID_GROUP_ID);
    REFUSED(hark_get_group_member_list(c, BAD_UTF8, members_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_set_offline_push_config(c, 1, NULL, cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_set_offline_push_config(c, 1, "", cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_set_offline_push_config(c, 1, BAD_UTF8, cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_download_file(c, NULL, 0, "/tmp/x", download_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    REFUSED(hark_download_image(c, NULL, SIZE_MAX, 1, NULL, download_cb(&r_)), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_set_conn_listener(NULL, NULL), HARK_ERR_NOT_INITIALIZED);
    CHECK_INT(hark_remove_advanced_msg_listener(c, 0), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_remove_advanced_msg_listener(c, UINT64_MAX), 0);
}

/* ---- 8 threads on shared clients. ---- */

typedef struct worker {
    hark_client *alice, *bob;
    int index;
} worker;

static void ignore_message(const hark_message *m, void *ud) {
    (void)m;
    (void)ud;
}

static void *work(void *arg) {
    worker *w = (worker *)arg;
    int i;
    for (i = 0; i < ROUNDS; i++) {
        record r;
        hark_message *m = NULL, *copy;
        hark_msg_listener l;
        uint64_t id;
        char text[64], user[16];
        snprintf(text, sizeof text, "t%d-%d", w->index, i);

        /* Messages: create, grow, clone, read, free. */
        REQUIRE(hark_create_text_message(text, &m) == 0);
        CHECK_INT(hark_message_append_custom(m, (const uint8_t *)text, strlen(text), "d", NULL), 0);
        copy = hark_message_clone(m);
        CHECK_STR(hark_message_get_text(copy, 0), text);
        getters_on(copy);
        hark_message_free(copy);

        /* Listeners come and go while messages arrive. */
        memset(&l, 0, sizeof l);
        l.on_recv_new_message = ignore_message;
        id = hark_add_advanced_msg_listener(w->bob, l);
        CHECK(id > 0);

        record_init(&r);
        CHECK_INT(hark_send_message(w->alice, m, "bob", NULL, 0, false, NULL, send_cb(&r), NULL, 0), 0);
        CHECK_INT(finish(&r), 0);
        record_clear(&r);
        getters_on(m);
        hark_message_free(m);

        record_init(&r);
        CHECK_INT(hark_send_c2c_text_message(w->bob, text, "alice", send_cb(&r), NULL, 0), 0);
        CHECK_INT(finish(&r), 0);
        record_clear(&r);

        record_init(&r);
        CHECK_INT(hark_get_c2c_history_message_list(w->alice, "bob", 5, NULL, history_cb(&r)), 0);
        CHECK_INT(finish(&r), 0);
        record_clear(&r);

        CHECK_INT(hark_remove_advanced_msg_listener(w->bob, id), 0);
        CHECK_INT(hark_get_login_status(w->alice), HARK_LOGIN_STATUS_LOGINED);
        CHECK_INT(hark_get_login_user(w->bob, user, sizeof user), 3);
    }
    return NULL;
}

static void threads_on_shared_clients(hark_client *alice, hark_client *bob) {
    pthread_t threads[THREADS];
    worker workers[THREADS];
    int i;
    for (i = 0; i < THREADS; i++) {
        workers[i].alice = alice;
        workers[i].bob = bob;
        workers[i].index = i;
        REQUIRE(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
}

int main(void) {
    hark_client *alice, *bob;
    g_main_thread = pthread_self();
    g_huge = (char *)malloc(HUGE_LEN + 1);
    REQUIRE(g_huge != NULL);
    memset(g_huge, 'x', HUGE_LEN);
    g_huge[HUGE_LEN] = 0;

    messages_with_bad_input();
    alice = login_as("alice");
    bob = login_as("bob");
    clients_with_bad_input(alice);
    threads_on_shared_clients(alice, bob);
    hark_client_free(bob);
    hark_client_free(alice);
    free(g_huge);
    return report("test_stress");
}
