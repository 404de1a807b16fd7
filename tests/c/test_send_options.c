/* SendMessage's options through the C API against a live harkd: targeted group messages,
 * online-only messages, the drop flag, offline push info and the offline push registration. */
#include "harness.h"

#define GROUP "opts"

/* Sends `m` and waits for the end; `*sent` (may be NULL) gets a copy of the final message. */
static int32_t send_and_finish(hark_client *c, hark_message *m, const char *receiver,
                               const char *group, bool online_only,
                               const hark_offline_push_info *push, hark_message **sent) {
    record r;
    int32_t rc, code;
    record_init(&r);
    rc = hark_send_message(c, m, receiver, group, HARK_PRIORITY_DEFAULT, online_only, push,
                           send_cb(&r), NULL, 0);
    code = rc != 0 ? refused(&r, rc) : finish(&r);
    CHECK_INT(code, rc);
    CHECK_INT(r.progress_calls, 0);
    if (sent) {
        *sent = r.message;
        r.message = NULL;
    }
    record_clear(&r);
    return code;
}

static void create_group(hark_client *owner) {
    const char *members[] = {"bob", "carol"};
    record r;
    record_init(&r);
    CHECK_INT(hark_create_group(owner, "Work", GROUP, "options", members, 2, string_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);
}

static void targeted_creation_errors(const hark_message *m) {
    char names[51][8];
    const char *ids[51];
    const char *bad[] = {"bob", "a b"};
    hark_message *out = NULL;
    int i;
    for (i = 0; i < 51; i++) {
        snprintf(names[i], sizeof names[i], "u%d", i);
        ids[i] = names[i];
    }
    CHECK_INT(hark_create_targeted_group_message(m, NULL, 0, &out), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_targeted_group_message(m, ids, 51, &out), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_create_targeted_group_message(m, bad, 2, &out), HARK_ERR_INVALID_IDENTIFIER);
    CHECK_INT(hark_create_targeted_group_message(NULL, ids, 1, &out), HARK_ERR_INVALID_PARAMETERS);
    CHECK(out == NULL);
    CHECK_INT(hark_create_targeted_group_message(m, ids, 50, &out), 0);
    CHECK_INT(hark_message_get_target_count(out), 50);
    CHECK_STR(hark_message_get_target(out, 49), "u49");
    hark_message_free(out);
}

static void targeted(hark_client *alice, hark_client *carol, inbox *bob_in, inbox *carol_in) {
    const char *only_bob[] = {"bob"};
    hark_message *m = NULL, *t = NULL, *sent = NULL, *everyone = NULL;
    size_t bob_before = bob_in->count, carol_before = carol_in->count;
    record r;

    REQUIRE(hark_create_text_message("psst", &m) == 0);
    targeted_creation_errors(m);
    REQUIRE(hark_create_targeted_group_message(m, only_bob, 1, &t) == 0);
    hark_message_free(m);
    CHECK_INT(hark_message_get_target_count(t), 1);
    CHECK_STR(hark_message_get_target(t, 0), "bob");
    CHECK(hark_message_get_target(t, 1) == NULL);

    /* A targeted message goes to a group, without a receiver. */
    CHECK_INT(send_and_finish(alice, t, "bob", GROUP, false, NULL, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(send_and_finish(alice, t, "bob", NULL, false, NULL, NULL), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(send_and_finish(alice, t, NULL, GROUP, false, NULL, &sent), 0);
    REQUIRE(sent != NULL);
    CHECK_STR(hark_message_get_group_id(sent), GROUP);
    CHECK_INT(hark_message_get_target_count(sent), 1);
    CHECK(!hark_message_is_dropped(sent));

    REQUIRE(hark_create_text_message("everyone", &m) == 0);
    CHECK_INT(send_and_finish(alice, m, NULL, GROUP, false, NULL, &everyone), 0);
    hark_message_free(m);

    inbox_wait(bob_in, bob_before + 2);
    CHECK_STR(hark_message_get_msg_id(bob_in->items[bob_before]), hark_message_get_msg_id(sent));
    CHECK_STR(hark_message_get_text(bob_in->items[bob_before], 0), "psst");
    CHECK_STR(hark_message_get_target(bob_in->items[bob_before], 0), "bob");
    inbox_wait(carol_in, carol_before + 1);
    CHECK_STR(hark_message_get_msg_id(carol_in->items[carol_before]), hark_message_get_msg_id(everyone));

    record_init(&r);
    CHECK_INT(hark_get_group_history_message_list(carol, GROUP, 20, NULL, history_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    CHECK_INT(r.count, 1);
    record_clear(&r);

    hark_message_free(t);
    hark_message_free(sent);
    hark_message_free(everyone);
}

static void online_only(hark_client *alice, inbox *bob_in) {
    hark_message *m = NULL, *sent = NULL;
    size_t before = bob_in->count, i;
    record r;

    REQUIRE(hark_create_text_message("typing", &m) == 0);
    CHECK_INT(send_and_finish(alice, m, "bob", NULL, true, NULL, &sent), 0);
    REQUIRE(sent != NULL);
    CHECK_INT(hark_message_get_seq(sent), 0);
    CHECK_INT(hark_message_get_seq(m), 0);
    CHECK_INT(hark_message_get_status(m), HARK_MSG_STATUS_SEND_SUCC);
    hark_message_free(m);
    hark_message_free(sent);

    REQUIRE(hark_create_text_message("stored", &m) == 0);
    CHECK_INT(send_and_finish(alice, m, "bob", NULL, false, NULL, NULL), 0);
    CHECK(hark_message_get_seq(m) > 0);
    hark_message_free(m);

    inbox_wait(bob_in, before + 2);
    CHECK_STR(hark_message_get_text(bob_in->items[before], 0), "typing");
    CHECK_INT(hark_message_get_seq(bob_in->items[before]), 0);
    CHECK_STR(hark_message_get_text(bob_in->items[before + 1], 0), "stored");

    record_init(&r);
    CHECK_INT(hark_get_c2c_history_message_list(alice, "bob", 20, NULL, history_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    CHECK(r.count >= 1);
    for (i = 0; i < r.count; i++) CHECK(strcmp(hark_message_get_text(r.items[i], 0), "typing") != 0);
    record_clear(&r);
}

static void push_info_round_trip(hark_client *alice, inbox *bob_in) {
    hark_offline_push_info in, out;
    hark_message *m = NULL, *sent = NULL;
    const hark_message *got;
    size_t before = bob_in->count;

    memset(&in, 0, sizeof in);
    in.title = "Title";
    in.desc = "Desc";
    in.ext = "{\"k\":1}";
    in.disable_push = true;
    in.ios_sound = "ding.caf";
    in.ignore_ios_badge = true;
    in.ios_push_type = 1;
    in.android_sound = "ding";
    in.android_oppo_channel_id = "oppo";
    in.android_fcm_channel_id = "fcm";
    in.android_xiaomi_channel_id = "mi";
    in.android_vivo_classification = 2;
    in.android_huawei_category = "IM";

    REQUIRE(hark_create_text_message("pushed", &m) == 0);
    CHECK_INT(send_and_finish(alice, m, NULL, GROUP, false, &in, &sent), 0);
    /* The drop flag of a normal send: false on the handle and on the final message. */
    CHECK(!hark_message_is_dropped(m));
    CHECK(!hark_message_is_dropped(sent));
    CHECK(hark_message_get_seq(sent) > 0);
    hark_message_free(m);
    hark_message_free(sent);

    inbox_wait(bob_in, before + 1);
    got = bob_in->items[before];
    CHECK(!hark_message_is_dropped(got));
    memset(&out, 0, sizeof out);
    CHECK_INT(hark_message_get_offline_push_info(got, &out), 0);
    CHECK_STR(out.title, "Title");
    CHECK_STR(out.desc, "Desc");
    CHECK_STR(out.ext, "{\"k\":1}");
    CHECK(out.disable_push);
    CHECK_STR(out.ios_sound, "ding.caf");
    CHECK(out.ignore_ios_badge);
    CHECK_INT(out.ios_push_type, 1);
    CHECK_STR(out.android_sound, "ding");
    CHECK_STR(out.android_oppo_channel_id, "oppo");
    CHECK_STR(out.android_fcm_channel_id, "fcm");
    CHECK_STR(out.android_xiaomi_channel_id, "mi");
    CHECK_INT(out.android_vivo_classification, 2);
    CHECK_STR(out.android_huawei_category, "IM");
}

static int32_t push_call(hark_client *c, const char *token, bool clear) {
    record r;
    int32_t rc, code;
    record_init(&r);
    rc = clear ? hark_clear_offline_push_config(c, cb(&r))
               : hark_set_offline_push_config(c, 10086, token, cb(&r));
    code = rc != 0 ? refused(&r, rc) : finish(&r);
    CHECK_INT(code, rc);
    record_clear(&r);
    return code;
}

static void push_config(hark_client *alice) {
    hark_client *logged_out = new_client();
    CHECK_INT(push_call(alice, "device-token", false), 0);
    CHECK_INT(push_call(alice, "", false), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(push_call(alice, NULL, false), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(push_call(alice, NULL, true), 0);
    CHECK_INT(push_call(logged_out, "device-token", false), HARK_ERR_NOT_LOGGED_IN);
    CHECK_INT(push_call(logged_out, NULL, true), HARK_ERR_NOT_LOGGED_IN);
    hark_client_free(logged_out);
}

int main(void) {
    hark_client *alice, *bob, *carol;
    inbox bob_in, carol_in;
    g_main_thread = pthread_self();

    inbox_init(&bob_in);
    inbox_init(&carol_in);
    alice = login_as("alice");
    bob = listening_as("bob", &bob_in);
    carol = listening_as("carol", &carol_in);
    create_group(alice);

    targeted(alice, carol, &bob_in, &carol_in);
    online_only(alice, &bob_in);
    push_info_round_trip(alice, &bob_in);
    push_config(alice);

    hark_client_free(carol);
    hark_client_free(bob);
    hark_client_free(alice);
    CHECK_INT(bob_in.frees, 1);
    CHECK_INT(carol_in.on_caller_thread + bob_in.on_caller_thread, 0);
    inbox_clear(&bob_in);
    inbox_clear(&carol_in);
    return report("test_send_options");
}
