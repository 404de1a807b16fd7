/* Message read receipts through the C API against a live harkd: alice sends a group message
 * wanting receipts, bob and carol report reading it, alice hears each new count and asks
 * them; refused lists. */
#include "harness.h"

/* Receipts as the test keeps them: the last one heard or answered. */
typedef struct receipts {
    record r; /* for the answer to hark_get_message_read_receipts */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int heard, frees;
    char msg_id[HARK_MSG_ID_SIZE], group[40];
    uint64_t read, unread, seq;
} receipts;

static void keep(receipts *k, const hark_message_receipt *rs, size_t count) {
    CHECK_INT(count, 1);
    CHECK(rs != NULL);
    if (!rs || count == 0) return;
    snprintf(k->msg_id, sizeof k->msg_id, "%s", rs[0].msg_id);
    snprintf(k->group, sizeof k->group, "%s", rs[0].group_id);
    CHECK_STR(rs[0].user_id, "");
    CHECK(!rs[0].is_peer_read);
    k->read = rs[0].read_count;
    k->unread = rs[0].unread_count;
    k->seq = rs[0].read_seq;
}

static void on_heard(const hark_message_receipt *rs, size_t count, void *ud) {
    receipts *k = (receipts *)ud;
    pthread_mutex_lock(&k->mu);
    keep(k, rs, count);
    k->heard++;
    pthread_cond_broadcast(&k->cv);
    pthread_mutex_unlock(&k->mu);
}

static void on_listener_free(void *ud) {
    receipts *k = (receipts *)ud;
    pthread_mutex_lock(&k->mu);
    k->frees++;
    pthread_mutex_unlock(&k->mu);
}

static void on_answer(const hark_message_receipt *rs, size_t count, void *ud) {
    receipts *k = (receipts *)ud;
    begin(&k->r);
    k->r.successes++;
    k->r.code = 0;
    keep(k, rs, count);
    end(&k->r);
}

static void answer_error(int32_t code, const char *desc, void *ud) { rec_error(code, desc, &((receipts *)ud)->r); }
static void answer_free(void *ud) { rec_free(&((receipts *)ud)->r); }

static void wait_heard(receipts *k, int n) {
    struct timespec dl;
    deadline_in(&dl, WAIT_MS);
    pthread_mutex_lock(&k->mu);
    while (k->heard < n && pthread_cond_timedwait(&k->cv, &k->mu, &dl) == 0) {
    }
    CHECK_INT(k->heard, n);
    pthread_mutex_unlock(&k->mu);
}

static int32_t report_read(hark_client *c, const hark_message *const *ms, size_t n) {
    record r;
    int32_t code;
    record_init(&r);
    code = outcome(&r, hark_send_message_read_receipts(c, ms, n, cb(&r)));
    record_clear(&r);
    return code;
}

int main(void) {
    hark_client *alice, *bob, *carol;
    inbox bob_in, carol_in;
    receipts k;
    hark_msg_listener l;
    hark_message_receipt_callback ask;
    hark_message *m = NULL, *unsent = NULL;
    const hark_message *one[1];
    const char *members[] = {"bob", "carol"};
    char id[HARK_MSG_ID_SIZE];
    record r;
    g_main_thread = pthread_self();

    memset(&k, 0, sizeof k);
    pthread_mutex_init(&k.mu, NULL);
    pthread_cond_init(&k.cv, NULL);
    alice = login_as("alice");
    memset(&l, 0, sizeof l);
    l.on_recv_message_read_receipts = on_heard;
    l.user_data = &k;
    l.free_user_data = on_listener_free;
    CHECK(hark_add_advanced_msg_listener(alice, l) > 0);
    inbox_init(&bob_in);
    inbox_init(&carol_in);
    bob = listening_as("bob", &bob_in);
    carol = listening_as("carol", &carol_in);

    record_init(&r);
    CHECK_INT(hark_create_group(alice, "Work", "team", "team", members, 2, string_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);

    REQUIRE(hark_create_text_message("read me", &m) == 0);
    CHECK(!hark_message_get_need_read_receipt(m));
    CHECK_INT(hark_message_set_need_read_receipt(m, true), 0);
    record_init(&r);
    CHECK_INT(hark_send_message(alice, m, NULL, "team", HARK_PRIORITY_DEFAULT, false, NULL, send_cb(&r), id, sizeof id), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);
    CHECK_INT(hark_message_set_need_read_receipt(m, false), HARK_ERR_INVALID_PARAMETERS);

    /* bob and carol read it: alice hears 1 of 2, then 2 of 2. */
    inbox_wait(&bob_in, 1);
    REQUIRE(bob_in.count >= 1);
    CHECK(hark_message_get_need_read_receipt(bob_in.items[0]));
    one[0] = bob_in.items[0];
    CHECK_INT(report_read(bob, one, 1), 0);
    wait_heard(&k, 1);
    CHECK_STR(k.msg_id, id);
    CHECK_STR(k.group, "team");
    CHECK_INT(k.read, 1);
    CHECK_INT(k.unread, 1);
    CHECK_INT(k.seq, hark_message_get_seq(m));
    inbox_wait(&carol_in, 1);
    REQUIRE(carol_in.count >= 1);
    one[0] = carol_in.items[0];
    CHECK_INT(report_read(carol, one, 1), 0);
    wait_heard(&k, 2);
    CHECK_INT(k.read, 2);
    CHECK_INT(k.unread, 0);

    /* Asked: the same counts. */
    record_init(&k.r);
    memset(&ask, 0, sizeof ask);
    ask.on_success = on_answer;
    ask.on_error = answer_error;
    ask.user_data = &k;
    ask.free_user_data = answer_free;
    k.read = k.unread = 99;
    one[0] = m;
    CHECK_INT(hark_get_message_read_receipts(alice, one, 1, ask), 0);
    CHECK_INT(finish(&k.r), 0);
    CHECK_INT(k.read, 2);
    CHECK_INT(k.unread, 0);
    record_clear(&k.r);

    /* Refused at once: no messages, an unsent one. */
    CHECK_INT(report_read(bob, one, 0), HARK_ERR_INVALID_PARAMETERS);
    REQUIRE(hark_create_text_message("never sent", &unsent) == 0);
    one[0] = unsent;
    CHECK_INT(report_read(bob, one, 1), HARK_ERR_INVALID_PARAMETERS);
    CHECK_INT(hark_message_set_need_read_receipt(NULL, true), HARK_ERR_INVALID_PARAMETERS);

    hark_message_free(unsent);
    hark_message_free(m);
    hark_client_free(carol);
    hark_client_free(bob);
    hark_client_free(alice);
    CHECK_INT(k.frees, 1);
    inbox_clear(&bob_in);
    inbox_clear(&carol_in);
    pthread_mutex_destroy(&k.mu);
    pthread_cond_destroy(&k.cv);
    return report("test_receipts");
}
