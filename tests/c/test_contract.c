/* The callback contract: one terminal callback per request, on the dispatcher thread,
 * free_user_data once; callbacks may call the API; the client may be freed with requests
 * in flight and from inside its own callback. */
#include "harness.h"


/* A callback that sends another message from inside the dispatcher. */
typedef struct chain {
    hark_client *client;
    record inner;
    int issued;
} chain;

static void chain_success(const hark_message *m, void *ud) {
    chain *c = (chain *)ud;
    (void)m;
    c->issued = hark_send_c2c_text_message(c->client, "from inside a callback", "bob", send_cb(&c->inner), NULL, 0) == 0;
}

static void callbacks_may_call_the_api(hark_client *alice) {
    chain c;
    record outer;
    hark_send_callback scb;
    memset(&c, 0, sizeof c);
    c.client = alice;
    record_init(&c.inner);
    record_init(&outer);
    scb = send_cb(&outer);
    scb.on_success = chain_success;
    scb.user_data = &c;
    scb.free_user_data = NULL;
    CHECK_INT(hark_send_c2c_text_message(alice, "outer", "bob", scb, NULL, 0), 0);
    CHECK_INT(finish(&c.inner), 0);
    CHECK(c.issued);
    record_clear(&c.inner);
    record_clear(&outer);
}

/* Many requests in flight, then free: each ends with an error or success, exactly once. */
static void free_with_requests_in_flight(void) {
    enum { N = 50 };
    static record rs[N];
    hark_client *c = login_as("alice");
    int i;
    for (i = 0; i < N; i++) {
        record_init(&rs[i]);
        CHECK_INT(hark_send_c2c_text_message(c, "in flight", "bob", send_cb(&rs[i]), NULL, 0), 0);
    }
    hark_client_free(c);
    /* Free returns after the last callback: everything is settled already. */
    for (i = 0; i < N; i++) {
        CHECK_INT(rs[i].frees, 1);
        CHECK_INT(rs[i].successes + rs[i].errors, 1);
        CHECK_INT(rs[i].on_caller_thread, 0);
        record_clear(&rs[i]);
    }
}

/* Freeing the client from inside one of its callbacks must not deadlock. */
typedef struct self_free {
    hark_client *client;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int freed, user_data_freed;
} self_free;

static void free_inside(void *ud) {
    self_free *s = (self_free *)ud;
    hark_client_free(s->client);
    pthread_mutex_lock(&s->mu);
    s->freed = 1;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void free_inside_error(int32_t code, const char *desc, void *ud) {
    (void)code;
    (void)desc;
    free_inside(ud);
}

static void self_free_user_data(void *ud) {
    self_free *s = (self_free *)ud;
    pthread_mutex_lock(&s->mu);
    s->user_data_freed++;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void free_from_inside_a_callback(void) {
    self_free s;
    hark_callback c;
    struct timespec dl;
    memset(&s, 0, sizeof s);
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.cv, NULL);
    s.client = new_client();
    memset(&c, 0, sizeof c);
    c.on_success = free_inside;
    c.on_error = free_inside_error;
    c.user_data = &s;
    c.free_user_data = self_free_user_data;
    CHECK_INT(hark_login(s.client, "alice", user_sig("alice"), c), 0);
    deadline_in(&dl, WAIT_MS);
    pthread_mutex_lock(&s.mu);
    while ((!s.freed || !s.user_data_freed) && pthread_cond_timedwait(&s.cv, &s.mu, &dl) == 0) {
    }
    CHECK(s.freed);
    CHECK_INT(s.user_data_freed, 1);
    pthread_mutex_unlock(&s.mu);
    /* The dispatcher winds down by itself after the callback returns. */
    {
        struct timespec pause = {0, 200 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    pthread_mutex_destroy(&s.mu);
    pthread_cond_destroy(&s.cv);
}

/* Listener removal runs its free_user_data once; a removed listener gets nothing more. */
static void listener_lifecycle(hark_client *alice) {
    hark_client *carol = login_as("carol");
    inbox in, later;
    uint64_t id;
    record r;
    inbox_init(&in);
    inbox_init(&later);
    id = hark_add_advanced_msg_listener(carol, listener_of(&in));
    CHECK(id > 0);
    record_init(&r);
    CHECK_INT(hark_send_c2c_text_message(alice, "one", "carol", send_cb(&r), NULL, 0), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);
    inbox_wait(&in, 1);
    CHECK_INT(hark_remove_advanced_msg_listener(carol, id), 0);
    CHECK(hark_add_advanced_msg_listener(carol, listener_of(&later)) > 0);
    record_init(&r);
    CHECK_INT(hark_send_c2c_text_message(alice, "two", "carol", send_cb(&r), NULL, 0), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);
    /* "two" reached the client (the new listener has it), but not the removed listener. */
    inbox_wait(&later, 1);
    hark_client_free(carol);
    CHECK_INT(in.count, 1);
    CHECK_INT(in.frees, 1);
    CHECK_INT(later.count, 1);
    CHECK_INT(later.frees, 1);
    CHECK_STR(hark_message_get_text(later.items[0], 0), "two");
    inbox_clear(&in);
    inbox_clear(&later);
}

/* Connection events, counted. */
typedef struct conn_events {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int connecting, connected, failed, kicked, expired, frees;
} conn_events;

static conn_events *conn_lock(void *ud) {
    conn_events *e = (conn_events *)ud;
    pthread_mutex_lock(&e->mu);
    return e;
}
static void conn_unlock(conn_events *e) {
    pthread_cond_broadcast(&e->cv);
    pthread_mutex_unlock(&e->mu);
}
static void on_connecting(void *ud) { conn_events *e = conn_lock(ud); e->connecting++; conn_unlock(e); }
static void on_connected(void *ud) { conn_events *e = conn_lock(ud); e->connected++; conn_unlock(e); }
static void on_failed(int32_t code, const char *desc, void *ud) {
    conn_events *e = conn_lock(ud);
    (void)code;
    (void)desc;
    e->failed++;
    conn_unlock(e);
}
static void on_kicked(void *ud) { conn_events *e = conn_lock(ud); e->kicked++; conn_unlock(e); }
static void on_expired(void *ud) { conn_events *e = conn_lock(ud); e->expired++; conn_unlock(e); }
static void on_conn_free(void *ud) { conn_events *e = conn_lock(ud); e->frees++; conn_unlock(e); }

static hark_conn_listener conn_listener_of(conn_events *e) {
    hark_conn_listener l;
    memset(e, 0, sizeof *e);
    pthread_mutex_init(&e->mu, NULL);
    pthread_cond_init(&e->cv, NULL);
    memset(&l, 0, sizeof l);
    l.on_connecting = on_connecting;
    l.on_connect_success = on_connected;
    l.on_connect_failed = on_failed;
    l.on_kicked_offline = on_kicked;
    l.on_user_sig_expired = on_expired;
    l.user_data = e;
    l.free_user_data = on_conn_free;
    return l;
}

/* Waits until *counter is at least 1. */
static int conn_wait(conn_events *e, int *counter, int ms) {
    struct timespec dl;
    int v;
    deadline_in(&dl, ms);
    pthread_mutex_lock(&e->mu);
    while (*counter == 0 && pthread_cond_timedwait(&e->cv, &e->mu, &dl) == 0) {
    }
    v = *counter;
    pthread_mutex_unlock(&e->mu);
    return v;
}

static hark_client *login_with_listener(const char *user, const char *sig, conn_events *e, uint32_t platform) {
    hark_client *c = NULL;
    hark_client_options opts;
    hark_conn_listener l = conn_listener_of(e);
    record r;
    hark_client_options_init(&opts);
    opts.platform = platform;
    REQUIRE(hark_client_new(sdk_app_id(), server_url(), &opts, &c) == 0);
    CHECK_INT(hark_set_conn_listener(c, &l), 0);
    record_init(&r);
    CHECK_INT(hark_login(c, user, sig, cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);
    return c;
}

/* An expiring UserSig ends its session. Run first: the UserSig was made when harkd started
 * and lives 6 s, which the tests before it could use up under valgrind on a busy machine. */
static void an_expiring_user_sig_ends_the_session(void) {
    conn_events short_lived;
    hark_client *e = login_with_listener("erin", env_or_die("HARK_SIG_erin_short"), &short_lived, 0);
    CHECK_INT(conn_wait(&short_lived, &short_lived.expired, 15000), 1);
    CHECK_INT(hark_get_login_status(e), HARK_LOGIN_STATUS_LOGOUT);
    hark_client_free(e);
    CHECK_INT(short_lived.frees, 1);
}

/* connecting → connected; a second login on the same platform kicks the first; logout ends
 * a session cleanly. */
static void connection_events(void) {
    conn_events first, second;
    record r;
    hark_client *a = login_with_listener("dave", user_sig("dave"), &first, 1);
    hark_client *b;
    CHECK_INT(first.connecting, 1);
    CHECK_INT(first.connected, 1);
    b = login_with_listener("dave", user_sig("dave"), &second, 1);
    CHECK_INT(conn_wait(&first, &first.kicked, WAIT_MS), 1);
    CHECK_INT(hark_get_login_status(a), HARK_LOGIN_STATUS_LOGOUT);
    CHECK_INT(second.kicked, 0);

    record_init(&r);
    CHECK_INT(hark_logout(b, cb(&r)), 0);
    CHECK_INT(finish(&r), 0);
    record_clear(&r);
    CHECK_INT(hark_get_login_status(b), HARK_LOGIN_STATUS_LOGOUT);

    hark_client_free(a);
    hark_client_free(b);
    CHECK_INT(first.frees, 1);
    CHECK_INT(second.frees, 1);
}

int main(void) {
    hark_client *alice;
    g_main_thread = pthread_self();
    an_expiring_user_sig_ends_the_session();
    hark_client_free(login_as("bob"));
    alice = login_as("alice");
    callbacks_may_call_the_api(alice);
    listener_lifecycle(alice);
    hark_client_free(alice);
    free_with_requests_in_flight();
    free_from_inside_a_callback();
    connection_events();
    return report("test_contract");
}
