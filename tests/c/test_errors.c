/* Every error code the C API promises, for bad input at every entry point. None may crash;
 * a request refused at once calls nothing, and every other ends in exactly one callback. */
#include "harness.h"

static int32_t send_text_expect(hark_client *c, const char *text, const char *to, const char *group) {
    record r;
    hark_message *m = NULL;
    int32_t ret, code;
    REQUIRE(hark_create_text_message(text, &m) == 0);
    record_init(&r);
    ret = hark_send_message(c, m, to, group, HARK_PRIORITY_DEFAULT, false, NULL, send_cb(&r), NULL, 0);
    code = outcome(&r, ret);
    record_clear(&r);
    hark_message_free(m);
    return code;
}

static void without_client(void) {
    record r;
    hark_message *m = NULL;
    record_init(&r);
    /* A NULL client is V2TIM's "not initialized"; nothing is called and user_data stays ours. */
    CHECK_INT(hark_login(NULL, "alice", "sig", cb(&r)), HARK_ERR_NOT_INITIALIZED);
    CHECK_INT(hark_send_c2c_text_message(NULL, "x", "bob", send_cb(&r), NULL, 0), HARK_ERR_NOT_INITIALIZED);
    CHECK_INT(hark_get_login_status(NULL), HARK_LOGIN_STATUS_LOGOUT);
    CHECK_INT(r.successes + r.errors + r.frees, 0);
    record_clear(&r);

    CHECK_INT(hark_client_new(sdk_app_id(), NULL, NULL, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_text_message(NULL, &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK(m == NULL);
    CHECK_INT(hark_create_text_message("\xff\xfe bad utf-8", &m), HARK_ERR_INVALID_PARAMETERS);
    CHECK(m == NULL);
    CHECK_INT(hark_create_custom_message(NULL, 4, NULL, NULL, &m), HARK_ERR_INVALID_PARAMETERS);
    hark_message_free(NULL);
    CHECK(hark_message_clone(NULL) == NULL);
    CHECK_STR(hark_message_get_msg_id(NULL), "");
    CHECK_INT(hark_message_get_elem_count(NULL), 0);
    hark_client_free(NULL);
    CHECK(strlen(hark_error_description(HARK_ERR_NOT_LOGGED_IN)) > 0);
    CHECK_STR(hark_error_description(123456), "unknown error code");
}

static void append_rules(void) {
    hark_message *m = NULL;
    char big[13 * 1024];
    REQUIRE(hark_create_text_message("first", &m) == 0);
    CHECK_INT(hark_message_append_text(m, "second"), 0);
    CHECK_INT(hark_message_append_text(m, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_get_elem_count(m), 2);
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    /* The 12 KB limit counts every elem; it is checked when the message is sent. */
    CHECK_INT(hark_message_append_text(m, big), 0);
    CHECK_INT(hark_message_get_elem_count(m), 3);
    hark_message_free(m);
}

static void logged_out(void) {
    hark_client *c = new_client();
    record r;
    record_init(&r);
    CHECK_INT(refused(&r, hark_send_c2c_text_message(c, "x", "bob", send_cb(&r), NULL, 0)), HARK_ERR_NOT_LOGGED_IN);
    record_clear(&r);

    record_init(&r);
    CHECK_INT(hark_login(c, "alice", "not a user sig", cb(&r)), 0);
    CHECK_INT(finish(&r), HARK_ERR_USER_SIG_INVALID);
    record_clear(&r);
    CHECK_INT(hark_get_login_status(c), HARK_LOGIN_STATUS_LOGOUT);

    record_init(&r);
    CHECK_INT(hark_login(c, "mallory", user_sig("alice"), cb(&r)), 0);
    CHECK_INT(finish(&r), HARK_ERR_USER_SIG_IDENTIFIER_MISMATCH);
    record_clear(&r);

    record_init(&r);
    CHECK_INT(refused(&r, hark_login(c, "a user id that is longer than 32 bytes", user_sig("alice"), cb(&r))), HARK_ERR_INVALID_IDENTIFIER);
    record_clear(&r);

    record_init(&r);
    CHECK_INT(refused(&r, hark_login(c, "alice", NULL, cb(&r))), HARK_ERR_INVALID_PARAMETERS);
    record_clear(&r);
    hark_client_free(c);
}

static void logged_in(void) {
    hark_client *alice = login_as("alice");
    char big[12 * 1024 + 2];
    char small[4];
    record r;

    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK_INT(send_text_expect(alice, big, "bob", NULL), HARK_ERR_MSG_BODY_SIZE_LIMIT);
    CHECK_INT(send_text_expect(alice, "x", "not a valid id with spaces", NULL), HARK_ERR_INVALID_IDENTIFIER);
    CHECK_INT(send_text_expect(alice, "x", NULL, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(send_text_expect(alice, "x", "nobody_here", NULL), HARK_ERR_MSG_INVALID_ID);
    CHECK_INT(send_text_expect(alice, "x", NULL, "no_such_group"), HARK_ERR_GROUP_NOT_FOUND);

    record_init(&r);
    CHECK_INT(refused(&r, hark_send_c2c_text_message(alice, "\xc3\x28", "bob", send_cb(&r), NULL, 0)), HARK_ERR_INVALID_PARAMETERS);
    record_clear(&r);

    record_init(&r);
    CHECK_INT(refused(&r, hark_send_c2c_text_message(alice, "x", "bob", send_cb(&r), small, sizeof small)), HARK_ERR_INVALID_PARAMETERS);
    record_clear(&r);

    record_init(&r);
    CHECK_INT(refused(&r, hark_send_message(alice, NULL, "bob", NULL, 0, false, NULL, send_cb(&r), NULL, 0)), HARK_ERR_INVALID_PARAMETERS);
    record_clear(&r);

    record_init(&r);
    CHECK_INT(refused(&r, hark_get_c2c_history_message_list(alice, "bob", 0, NULL, history_cb(&r))), HARK_ERR_INVALID_PARAMETERS);
    record_clear(&r);

    /* Groups: a non-member may neither send nor read; an unknown group is 10010. */
    {
        hark_client *carol = login_as("carol");
        record_init(&r);
        CHECK_INT(hark_create_group(alice, "Public", "private_club", "club", NULL, 0, string_cb(&r)), 0);
        CHECK_INT(finish(&r), 0);
        record_clear(&r);
        CHECK_INT(send_text_expect(carol, "let me in", NULL, "private_club"), HARK_ERR_GROUP_PERMISSION_DENY);
        record_init(&r);
        CHECK_INT(hark_get_group_history_message_list(carol, "private_club", 10, NULL, history_cb(&r)), 0);
        CHECK_INT(finish(&r), HARK_ERR_GROUP_PERMISSION_DENY);
        record_clear(&r);
        record_init(&r);
        CHECK_INT(hark_join_group(carol, "no_such_group", "hi", cb(&r)), 0);
        CHECK_INT(finish(&r), HARK_ERR_GROUP_NOT_FOUND);
        record_clear(&r);
        record_init(&r);
        CHECK_INT(hark_dismiss_group(carol, "private_club", cb(&r)), 0);
        CHECK_INT(finish(&r), HARK_ERR_GROUP_PERMISSION_DENY);
        record_clear(&r);
        record_init(&r);
        CHECK_INT(refused(&r, hark_create_group(carol, "NoSuchType", NULL, "x", NULL, 0, string_cb(&r))), HARK_ERR_INVALID_PARAMETERS);
        record_clear(&r);
        hark_client_free(carol);
    }
    hark_client_free(alice);
}

int main(void) {
    g_main_thread = pthread_self();
    /* bob and carol must exist before anyone can write to them. */
    hark_client_free(login_as("bob"));
    without_client();
    append_rules();
    logged_out();
    logged_in();
    return report("test_errors");
}
