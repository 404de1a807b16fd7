/* The conversation manager through the C API against a live harkd: a new C2C conversation
 * with one unread on the receiver, read on one device and seen read on the other, the read
 * receipt and IsPeerRead, the list's order, pin, draft, delete, one conversation by id, and
 * refused arguments. Alice, and bob on two devices (platforms). */
#include "harness.h"

#define MAX_CONVS 16

/* A conversation as the test keeps it: what the getters said during the callback. */
typedef struct conv_seen {
    char id[64], user[40], group[40], name[64], draft[64], last_text[64];
    int type, pinned, last_is_read;
    uint64_t unread, order_key;
} conv_seen;

static void seen_of(const hark_conversation *c, conv_seen *out) {
    const hark_message *last = hark_conversation_get_last_message(c);
    hark_conversation *copy = hark_conversation_clone(c);
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", hark_conversation_get_conversation_id(c));
    snprintf(out->user, sizeof out->user, "%s", hark_conversation_get_user_id(c));
    snprintf(out->group, sizeof out->group, "%s", hark_conversation_get_group_id(c));
    snprintf(out->name, sizeof out->name, "%s", hark_conversation_get_show_name(c));
    snprintf(out->draft, sizeof out->draft, "%s", hark_conversation_get_draft_text(c));
    out->type = hark_conversation_get_type(c);
    out->pinned = hark_conversation_is_pinned(c);
    out->unread = hark_conversation_get_unread_count(c);
    out->order_key = hark_conversation_get_order_key(c);
    if (last) {
        snprintf(out->last_text, sizeof out->last_text, "%s", hark_message_get_text(last, 0));
        out->last_is_read = hark_message_is_read(last);
    }
    /* A copy the test owns reads the same, its last message included. */
    CHECK(copy != NULL);
    CHECK_STR(hark_conversation_get_conversation_id(copy), out->id);
    CHECK_INT(hark_conversation_get_unread_count(copy), out->unread);
    CHECK_INT(hark_conversation_get_last_message(copy) != NULL, last != NULL);
    hark_conversation_free(copy);
}

/* ---- A page (or the answer by ids, or one conversation), recorded. ---- */

typedef struct page {
    record r;
    conv_seen convs[MAX_CONVS];
    size_t count;
    uint64_t next_seq;
    int finished;
} page;

static void on_page(const hark_conversation *const *convs, size_t count, uint64_t next_seq,
                    bool is_finished, void *ud) {
    page *p = (page *)ud;
    size_t i;
    begin(&p->r);
    p->r.successes++;
    p->r.code = 0;
    p->count = count;
    p->next_seq = next_seq;
    p->finished = is_finished;
    CHECK_INT(convs == NULL, count == 0);
    for (i = 0; i < count && i < MAX_CONVS; i++) seen_of(convs[i], &p->convs[i]);
    end(&p->r);
}

static void on_one(const hark_conversation *conv, void *ud) {
    on_page(&conv, 1, 0, true, ud);
}

static void page_error(int32_t code, const char *desc, void *ud) { rec_error(code, desc, &((page *)ud)->r); }
static void page_free(void *ud) { rec_free(&((page *)ud)->r); }

/* Both callback structs have the same shape after on_success. */
#define PAGE_CALLBACK(type, success, p)       \
    type c;                                   \
    memset(p, 0, sizeof *p);                  \
    record_init(&p->r);                       \
    memset(&c, 0, sizeof c);                  \
    c.on_success = success;                   \
    c.on_error = page_error;                  \
    c.user_data = p;                          \
    c.free_user_data = page_free;             \
    return c

static hark_conversation_list_callback list_cb(page *p) { PAGE_CALLBACK(hark_conversation_list_callback, on_page, p); }

static hark_conversation_callback one_cb(page *p) { PAGE_CALLBACK(hark_conversation_callback, on_one, p); }

static void on_count(uint64_t value, void *ud) {
    record *r = begin((record *)ud);
    r->successes++;
    r->code = 0;
    r->count = (size_t)value;
    end(r);
}

static uint64_t total_unread(hark_client *c) {
    record r;
    hark_uint64_callback cb_;
    uint64_t n;
    record_init(&r);
    memset(&cb_, 0, sizeof cb_);
    cb_.on_success = on_count;
    cb_.on_error = rec_error;
    cb_.user_data = &r;
    cb_.free_user_data = rec_free;
    CHECK_INT(hark_get_total_unread_message_count(c, cb_), 0);
    CHECK_INT(finish(&r), 0);
    n = r.count;
    record_clear(&r);
    return n;
}

/* The whole list (one page of up to 100): its ids joined by spaces. */
static void list_ids(hark_client *c, char *out, size_t len) {
    page p;
    size_t i, at = 0;
    CHECK_INT(hark_get_conversation_list(c, 0, 100, list_cb(&p)), 0);
    CHECK_INT(finish(&p.r), 0);
    CHECK(p.finished);
    out[0] = 0;
    for (i = 0; i < p.count; i++) {
        at += (size_t)snprintf(out + at, len - at, "%s%s", i ? " " : "", p.convs[i].id);
    }
    record_clear(&p.r);
}

static int32_t ok_or_code(int32_t rc, record *r) {
    int32_t code = outcome(r, rc);
    record_clear(r);
    return code;
}

/* ---- The conversation listener, recorded. ---- */

typedef struct watch {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int starts, finishes, fails, frees, news, changes;
    uint64_t total;
    int totals;
    conv_seen last; /* the last conversation reported, new or changed */
} watch;

static void w_lock(watch *w) { pthread_mutex_lock(&w->mu); }
static void w_done(watch *w) {
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}
static void w_start(void *ud) { watch *w = (watch *)ud; w_lock(w); w->starts++; w_done(w); }
static void w_finish(void *ud) { watch *w = (watch *)ud; w_lock(w); w->finishes++; w_done(w); }
static void w_failed(void *ud) { watch *w = (watch *)ud; w_lock(w); w->fails++; w_done(w); }
static void w_free(void *ud) { watch *w = (watch *)ud; w_lock(w); w->frees++; w_done(w); }
static void w_total(uint64_t total, void *ud) {
    watch *w = (watch *)ud;
    w_lock(w);
    w->total = total;
    w->totals++;
    w_done(w);
}
static void w_convs(watch *w, const hark_conversation *const *convs, size_t count, int *counter) {
    w_lock(w);
    CHECK(count > 0 && convs != NULL);
    seen_of(convs[count - 1], &w->last);
    (*counter)++;
    w_done(w);
}
static void w_new(const hark_conversation *const *convs, size_t count, void *ud) {
    watch *w = (watch *)ud;
    w_convs(w, convs, count, &w->news);
}
static void w_changed(const hark_conversation *const *convs, size_t count, void *ud) {
    watch *w = (watch *)ud;
    w_convs(w, convs, count, &w->changes);
}

static hark_conversation_listener watch_of(watch *w) {
    hark_conversation_listener l;
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    memset(&l, 0, sizeof l);
    l.on_sync_server_start = w_start;
    l.on_sync_server_finish = w_finish;
    l.on_sync_server_failed = w_failed;
    l.on_new_conversation = w_new;
    l.on_conversation_changed = w_changed;
    l.on_total_unread_message_count_changed = w_total;
    l.user_data = w;
    l.free_user_data = w_free;
    return l;
}

/* Waits until the listener has told `totals` totals, the last one `total`. */
static void wait_total(watch *w, int totals, uint64_t total) {
    struct timespec dl;
    deadline_in(&dl, WAIT_MS);
    w_lock(w);
    while (w->totals < totals && pthread_cond_timedwait(&w->cv, &w->mu, &dl) == 0) {
    }
    CHECK_INT(w->totals, totals);
    CHECK_INT(w->total, total);
    pthread_mutex_unlock(&w->mu);
}

/* ---- C2C read receipts, recorded by a message listener. ---- */

typedef struct receipts {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int count, frees;
    char user[40];
    uint64_t read_seq;
    int64_t timestamp;
} receipts;

static void on_receipt(const hark_message_receipt *rs, size_t count, void *ud) {
    receipts *r = (receipts *)ud;
    pthread_mutex_lock(&r->mu);
    CHECK_INT(count, 1);
    CHECK(rs[0].is_peer_read);
    CHECK_STR(rs[0].msg_id, "");
    CHECK_STR(rs[0].group_id, "");
    snprintf(r->user, sizeof r->user, "%s", rs[0].user_id);
    r->read_seq = rs[0].read_seq;
    r->timestamp = rs[0].timestamp;
    r->count++;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

static void on_receipts_free(void *ud) {
    receipts *r = (receipts *)ud;
    pthread_mutex_lock(&r->mu);
    r->frees++;
    pthread_mutex_unlock(&r->mu);
}

static hark_client *device(const char *user, uint32_t platform) {
    hark_client_options o;
    hark_client *c = NULL;
    record r;
    hark_client_options_init(&o);
    o.platform = platform;
    REQUIRE(hark_client_new(sdk_app_id(), server_url(), &o, &c) == 0);
    record_init(&r);
    REQUIRE(hark_login(c, user, user_sig(user), cb(&r)) == 0);
    REQUIRE(finish(&r) == 0);
    record_clear(&r);
    return c;
}

static uint64_t send_text(hark_client *from, const char *text, const char *to) {
    record r;
    uint64_t seq;
    record_init(&r);
    CHECK_INT(hark_send_c2c_text_message(from, text, to, send_cb(&r), NULL, 0), 0);
    CHECK_INT(finish(&r), 0);
    seq = r.message ? hark_message_get_seq(r.message) : 0;
    record_clear(&r);
    return seq;
}

static void read_on_two_devices(hark_client *alice, hark_client *phone, hark_client *desktop,
                                watch *w, receipts *rc) {
    page p;
    record r;
    uint64_t seq;
    struct timespec dl;

    seq = send_text(alice, "hi", "bob");
    wait_total(w, 2, 1);
    CHECK_INT(w->news, 1);
    CHECK_STR(w->last.id, "c2c_alice");
    CHECK_INT(w->last.type, HARK_CONVERSATION_TYPE_C2C);
    CHECK_STR(w->last.user, "alice");
    CHECK_INT(w->last.unread, 1);
    CHECK_STR(w->last.last_text, "hi");
    CHECK(!w->last.last_is_read);

    CHECK_INT(hark_get_conversation_list(phone, 0, 100, list_cb(&p)), 0);
    CHECK_INT(finish(&p.r), 0);
    CHECK_INT(p.count, 1);
    CHECK_STR(p.convs[0].id, "c2c_alice");
    CHECK_INT(p.convs[0].unread, 1);
    record_clear(&p.r);
    CHECK_INT(total_unread(alice), 0); /* own messages never count */

    /* Read on the phone: the desktop hears it, alice gets the receipt. */
    record_init(&r);
    CHECK_INT(ok_or_code(hark_mark_c2c_message_as_read(phone, "alice", cb(&r)), &r), 0);
    wait_total(w, 3, 0);
    CHECK_STR(w->last.id, "c2c_alice");
    CHECK_INT(w->last.unread, 0);
    CHECK_INT(total_unread(desktop), 0);
    deadline_in(&dl, WAIT_MS);
    pthread_mutex_lock(&rc->mu);
    while (rc->count == 0 && pthread_cond_timedwait(&rc->cv, &rc->mu, &dl) == 0) {
    }
    CHECK_INT(rc->count, 1);
    CHECK_STR(rc->user, "bob");
    CHECK_INT(rc->read_seq, seq);
    CHECK(rc->timestamp > 0);
    pthread_mutex_unlock(&rc->mu);

    /* History shows it: alice's message is read by bob. */
    record_init(&r);
    CHECK_INT(hark_get_c2c_history_message_list(alice, "bob", 1, NULL, history_cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    CHECK_INT(r.count, 1);
    if (r.count == 1) CHECK(hark_message_is_peer_read(r.items[0]));
    record_clear(&r);
}

static void order_pin_draft_delete(hark_client *bob, hark_client *carol) {
    char ids[256];
    page p;
    record r;

    send_text(carol, "later", "bob");
    list_ids(bob, ids, sizeof ids);
    CHECK_STR(ids, "c2c_carol c2c_alice");

    record_init(&r);
    CHECK_INT(ok_or_code(hark_pin_conversation(bob, "c2c_alice", true, cb(&r)), &r), 0);
    list_ids(bob, ids, sizeof ids);
    CHECK_STR(ids, "c2c_alice c2c_carol");
    record_init(&r);
    CHECK_INT(ok_or_code(hark_pin_conversation(bob, "c2c_alice", false, cb(&r)), &r), 0);
    list_ids(bob, ids, sizeof ids);
    CHECK_STR(ids, "c2c_carol c2c_alice");

    record_init(&r);
    CHECK_INT(ok_or_code(hark_set_conversation_draft(bob, "c2c_alice", "unsent", cb(&r)), &r), 0);
    CHECK_INT(hark_get_conversation(bob, "c2c_alice", one_cb(&p)), 0);
    CHECK_INT(finish(&p.r), 0);
    CHECK_STR(p.convs[0].draft, "unsent");
    record_clear(&p.r);

    record_init(&r);
    CHECK_INT(ok_or_code(hark_delete_conversation(bob, "c2c_carol", cb(&r)), &r), 0);
    list_ids(bob, ids, sizeof ids);
    CHECK_STR(ids, "c2c_alice");
    CHECK_INT(total_unread(bob), 0);
}

static void by_id_and_refusals(hark_client *bob) {
    const char *wanted[] = {"c2c_nobody", "c2c_alice"};
    page p;
    record r;

    CHECK_INT(hark_get_conversation_list_by_ids(bob, wanted, 2, list_cb(&p)), 0);
    CHECK_INT(finish(&p.r), 0);
    CHECK_INT(p.count, 2);
    CHECK_STR(p.convs[0].id, "c2c_nobody");
    CHECK_STR(p.convs[0].user, "nobody");
    CHECK_INT(p.convs[0].unread, 0);
    CHECK_STR(p.convs[0].last_text, "");
    CHECK_STR(p.convs[1].id, "c2c_alice");
    record_clear(&p.r);

    record_init(&r);
    CHECK_INT(refused(&r, hark_delete_conversation(bob, "alice", cb(&r))), HARK_ERR_INVALID_PARAMETERS);
    record_clear(&r);
    record_init(&r);
    CHECK_INT(refused(&r, hark_pin_conversation(bob, NULL, true, cb(&r))), HARK_ERR_INVALID_PARAMETERS);
    record_clear(&r);
    CHECK_INT(refused(&p.r, hark_get_conversation_list(bob, 0, 0, list_cb(&p))), HARK_ERR_INVALID_PARAMETERS);
    record_clear(&p.r);
    CHECK_INT(refused(&p.r, hark_get_conversation_list_by_ids(bob, wanted, 101, list_cb(&p))),
              HARK_ERR_INVALID_PARAMETERS);
    record_clear(&p.r);
    record_init(&r);
    CHECK_INT(refused(&r, hark_mark_all_message_as_read(NULL, cb(&r))), HARK_ERR_NOT_INITIALIZED);
    record_clear(&r);
}

int main(void) {
    hark_client *alice, *phone, *desktop, *carol;
    hark_msg_listener ml;
    receipts rc;
    watch w;
    uint64_t id;
    g_main_thread = pthread_self();

    alice = login_as("alice");
    carol = login_as("carol");
    memset(&rc, 0, sizeof rc);
    pthread_mutex_init(&rc.mu, NULL);
    pthread_cond_init(&rc.cv, NULL);
    memset(&ml, 0, sizeof ml);
    ml.on_recv_c2c_read_receipt = on_receipt;
    ml.user_data = &rc;
    ml.free_user_data = on_receipts_free;
    CHECK(hark_add_advanced_msg_listener(alice, ml) > 0);
    phone = device("bob", 1);
    desktop = device("bob", 2);

    id = hark_add_conversation_listener(desktop, watch_of(&w));
    CHECK(id > 0);
    wait_total(&w, 1, 0);
    CHECK_INT(w.starts, 1);
    CHECK_INT(w.finishes, 1);

    read_on_two_devices(alice, phone, desktop, &w, &rc);
    order_pin_draft_delete(phone, carol);
    by_id_and_refusals(phone);

    CHECK_INT(hark_remove_conversation_listener(desktop, id), 0);
    hark_client_free(desktop);
    CHECK_INT(w.frees, 1);
    CHECK_INT(w.fails, 0);
    hark_client_free(phone);
    hark_client_free(carol);
    hark_client_free(alice);
    CHECK_INT(rc.frees, 1);
    pthread_mutex_destroy(&w.mu);
    pthread_cond_destroy(&w.cv);
    pthread_mutex_destroy(&rc.mu);
    pthread_cond_destroy(&rc.cv);
    return report("test_conversations");
}
