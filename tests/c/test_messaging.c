/* C2C and group, text and custom, simple and advanced sends, the listener, history and
 * offline catch-up, through the C API against a live harkd. Two users in one program. */
#include "harness.h"

static const uint8_t CUSTOM[] = {0x00, 0x01, 0xfe, 0xff, 'h', 'i'};

static void check_text(const hark_message *m, const char *text) {
    CHECK_INT(hark_message_get_elem_count(m), 1);
    CHECK_INT(hark_message_get_elem_type(m, 0), HARK_ELEM_TYPE_TEXT);
    CHECK_STR(hark_message_get_text(m, 0), text);
}

static void check_custom(const hark_message *m, const char *desc, const char *ext) {
    size_t len = 0;
    const uint8_t *data = hark_message_get_custom_data(m, 0, &len);
    CHECK_INT(hark_message_get_elem_type(m, 0), HARK_ELEM_TYPE_CUSTOM);
    CHECK_INT(len, sizeof CUSTOM);
    CHECK(data != NULL && memcmp(data, CUSTOM, sizeof CUSTOM) == 0);
    CHECK_STR(hark_message_get_custom_desc(m, 0), desc);
    CHECK_STR(hark_message_get_custom_extension(m, 0), ext);
}

static void c2c(hark_client *alice, hark_client *bob, inbox *bob_in) {
    char id[HARK_MSG_ID_SIZE];
    record r;
    hark_message *m = NULL;
    const hark_message *got;

    /* Simple text send. */
    record_init(&r);
    CHECK_INT(hark_send_c2c_text_message(alice, "hello bob", "bob", send_cb(&r), id, sizeof id), 0);
    CHECK(strlen(id) > 0);
    CHECK_INT(finish(&r), 0);
    CHECK_INT(r.progress_calls, 0);
    REQUIRE(r.message != NULL);
    CHECK_STR(hark_message_get_msg_id(r.message), id);
    CHECK_INT(hark_message_get_status(r.message), HARK_MSG_STATUS_SEND_SUCC);
    CHECK(hark_message_is_self(r.message));
    CHECK_STR(hark_message_get_sender(r.message), "alice");
    CHECK_STR(hark_message_get_user_id(r.message), "bob");
    CHECK_INT(hark_message_get_seq(r.message), 1);
    CHECK(hark_message_get_timestamp(r.message) > 1700000000);
    record_clear(&r);

    inbox_wait(bob_in, 1);
    got = bob_in->items[0];
    CHECK_STR(hark_message_get_msg_id(got), id);
    CHECK_STR(hark_message_get_sender(got), "alice");
    CHECK_STR(hark_message_get_user_id(got), "alice");
    CHECK_STR(hark_message_get_group_id(got), "");
    CHECK(!hark_message_is_self(got));
    CHECK_INT(hark_message_get_seq(got), 1);
    check_text(got, "hello bob");

    /* Simple custom send. */
    record_init(&r);
    CHECK_INT(hark_send_c2c_custom_message(bob, CUSTOM, sizeof CUSTOM, "alice", send_cb(&r), NULL, 0), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);

    /* Advanced: a created custom message with desc and extension, and offline push info. */
    REQUIRE(hark_create_custom_message(CUSTOM, sizeof CUSTOM, "a desc", "an ext", &m) == 0);
    {
        hark_offline_push_info push;
        memset(&push, 0, sizeof push);
        push.title = "Title";
        push.desc = "You have a message";
        push.android_vivo_classification = 1;
        record_init(&r);
        CHECK_INT(hark_send_message(alice, m, "bob", NULL, HARK_PRIORITY_DEFAULT, false, &push,
                                    send_cb(&r), id, sizeof id),
                  0);
        CHECK_STR(hark_message_get_msg_id(m), id);
        /* The handle follows the send: SENDING until the ack, then SEND_SUCC. */
        CHECK(hark_message_get_status(m) == HARK_MSG_STATUS_SENDING ||
              hark_message_get_status(m) == HARK_MSG_STATUS_SEND_SUCC);
        CHECK_INT(finish(&r), 0);
        CHECK_INT(hark_message_get_status(m), HARK_MSG_STATUS_SEND_SUCC);
        CHECK_INT(hark_message_get_seq(m), 3);
        CHECK_INT(hark_message_get_seq(r.message), 3);
        record_clear(&r);
    }
    hark_message_free(m);

    inbox_wait(bob_in, 2);
    got = bob_in->items[1];
    check_custom(got, "a desc", "an ext");
    {
        hark_offline_push_info push;
        memset(&push, 0, sizeof push);
        CHECK_INT(hark_message_get_offline_push_info(got, &push), 0);
        CHECK_STR(push.title, "Title");
        CHECK_STR(push.desc, "You have a message");
        CHECK_INT(push.android_vivo_classification, 1);
    }

    /* History: newest first, paged with "older than this message". */
    record_init(&r);
    CHECK_INT(hark_get_c2c_history_message_list(alice, "bob", 2, NULL, history_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    REQUIRE(r.count == 2);
    CHECK_INT(hark_message_get_seq(r.items[0]), 3);
    CHECK_INT(hark_message_get_seq(r.items[1]), 2);
    check_custom(r.items[0], "a desc", "an ext");
    CHECK(hark_message_is_self(r.items[0]));
    CHECK_STR(hark_message_get_sender(r.items[1]), "bob");
    {
        record older;
        record_init(&older);
        CHECK_INT(hark_get_c2c_history_message_list(alice, "bob", 10, r.items[1], history_cb(&older)), 0);
        CHECK_INT(finish(&older), 0);
        REQUIRE(older.count == 1);
        CHECK_INT(hark_message_get_seq(older.items[0]), 1);
        check_text(older.items[0], "hello bob");
        record_clear(&older);
    }
    record_clear(&r);
}

static void group(hark_client *alice, hark_client *bob, inbox *bob_in) {
    record r;
    char id[HARK_MSG_ID_SIZE];
    size_t before = bob_in->count;
    const char *members[] = {"bob"};
    hark_message *m = NULL;

    record_init(&r);
    CHECK_INT(hark_create_group(alice, "Public", "team", "The team", members, 1, string_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    CHECK_STR(r.value, "team");
    record_clear(&r);

    record_init(&r);
    CHECK_INT(hark_send_group_text_message(alice, "hi team", "team", HARK_PRIORITY_HIGH, send_cb(&r), id, sizeof id), 0);
    CHECK_INT(finish(&r), 0);
    CHECK_STR(hark_message_get_group_id(r.message), "team");
    CHECK_INT(hark_message_get_seq(r.message), 1);
    record_clear(&r);

    record_init(&r);
    CHECK_INT(hark_send_group_custom_message(bob, CUSTOM, sizeof CUSTOM, "team", HARK_PRIORITY_LOW, send_cb(&r), NULL, 0), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);

    REQUIRE(hark_create_text_message("advanced", &m) == 0);
    CHECK_INT(hark_message_append_custom(m, CUSTOM, sizeof CUSTOM, NULL, NULL), 0);
    record_init(&r);
    CHECK_INT(hark_send_message(alice, m, NULL, "team", HARK_PRIORITY_NORMAL, false, NULL, send_cb(&r), NULL, 0), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);
    hark_message_free(m);

    inbox_wait(bob_in, before + 2);
    {
        const hark_message *g = bob_in->items[before];
        CHECK_STR(hark_message_get_group_id(g), "team");
        CHECK_STR(hark_message_get_sender(g), "alice");
        CHECK_STR(hark_message_get_msg_id(g), id);
        CHECK_INT(hark_message_get_priority(g), HARK_PRIORITY_HIGH);
        check_text(g, "hi team");
        g = bob_in->items[before + 1];
        CHECK_INT(hark_message_get_elem_count(g), 2);
        CHECK_STR(hark_message_get_text(g, 0), "advanced");
        CHECK_INT(hark_message_get_elem_type(g, 1), HARK_ELEM_TYPE_CUSTOM);
        CHECK_INT(hark_message_get_priority(g), HARK_PRIORITY_NORMAL);
    }

    record_init(&r);
    CHECK_INT(hark_get_group_history_message_list(bob, "team", 20, NULL, history_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    REQUIRE(r.count == 3);
    CHECK_INT(hark_message_get_seq(r.items[0]), 3);
    CHECK_STR(hark_message_get_sender(r.items[1]), "bob");
    check_custom(r.items[1], "", "");
    record_clear(&r);

    record_init(&r);
    CHECK_INT(hark_get_group_member_list(bob, "team", members_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    CHECK_INT(r.count, 2);
    record_clear(&r);
}

/* Bob's process ends; alice sends; a new process logs bob in and gets it all, in order, once. */
static void offline_catch_up(hark_client *alice) {
    record r;
    inbox in;
    hark_client *bob;
    int i;
    char text[32];
    for (i = 0; i < 20; i++) {
        snprintf(text, sizeof text, "offline %d", i);
        record_init(&r);
        CHECK_INT(hark_send_c2c_text_message(alice, text, "bob", send_cb(&r), NULL, 0), 0);
        CHECK_INT(finish(&r), 0);
        record_clear(&r);
    }
    inbox_init(&in);
    bob = new_client();
    CHECK(hark_add_advanced_msg_listener(bob, listener_of(&in)) > 0);
    record_init(&r);
    CHECK_INT(hark_login(bob, "bob", user_sig("bob"), cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);
    inbox_wait(&in, 20);
    for (i = 0; i < 20 && i < (int)in.count; i++) {
        snprintf(text, sizeof text, "offline %d", i);
        CHECK_STR(hark_message_get_text(in.items[i], 0), text);
    }
    hark_client_free(bob);
    CHECK_INT(in.count, 20);
    CHECK_INT(in.frees, 1);
    CHECK_INT(in.on_caller_thread, 0);
    inbox_clear(&in);
}

int main(void) {
    hark_client *alice, *bob;
    inbox bob_in;
    char user[40];
    g_main_thread = pthread_self();

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
    CHECK_INT(hark_get_login_user(bob, user, sizeof user), 3);
    CHECK_STR(user, "bob");

    c2c(alice, bob, &bob_in);
    group(alice, bob, &bob_in);

    hark_client_free(bob);
    CHECK_INT(bob_in.frees, 1);
    CHECK_INT(bob_in.on_caller_thread, 0);
    inbox_clear(&bob_in);

    offline_catch_up(alice);
    hark_client_free(alice);
    return report("test_messaging");
}
