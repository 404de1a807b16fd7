/* Shared helpers for the C tests: checks, a record per request, a message inbox.
 * Every wait has a deadline, so a broken contract fails the test instead of hanging it. */
#ifndef HARK_TEST_HARNESS_H
#define HARK_TEST_HARNESS_H

#include "hark.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int g_checks;
static int g_failures;
static pthread_t g_main_thread;

/* Checks may run on several threads at once (test_stress.c): count atomically. */
#define HARK_COUNT(n) __atomic_fetch_add(&(n), 1, __ATOMIC_RELAXED)

#define CHECK(cond)                                                                   \
    do {                                                                              \
        HARK_COUNT(g_checks);                                                                   \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
            HARK_COUNT(g_failures);                                                             \
        }                                                                             \
    } while (0)

#define CHECK_INT(a, b)                                                                     \
    do {                                                                                    \
        long long va_ = (long long)(a), vb_ = (long long)(b);                              \
        HARK_COUNT(g_checks);                                                                         \
        if (va_ != vb_) {                                                                   \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, \
                    #a, va_, #b, vb_);                                                      \
            HARK_COUNT(g_failures);                                                                   \
        }                                                                                   \
    } while (0)

#define CHECK_STR(a, b)                                                                    \
    do {                                                                                   \
        const char *sa_ = (a), *sb_ = (b);                                                \
        HARK_COUNT(g_checks);                                                                        \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                                       \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, \
                    #a, sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");                      \
            HARK_COUNT(g_failures);                                                                  \
        }                                                                                  \
    } while (0)

/* Stops the program: later steps depend on this one. */
#define REQUIRE(cond)                                                                  \
    do {                                                                               \
        HARK_COUNT(g_checks);                                                                    \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); \
            exit(2);                                                                   \
        }                                                                              \
    } while (0)

#define WAIT_MS 10000
/* How long a refused request is watched for a callback that must not come. */
#define REFUSED_WAIT_MS 100

static inline const char *env_or_die(const char *name) {
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "missing environment variable %s (run through tests/c/run.sh)\n", name);
        exit(2);
    }
    return v;
}

static inline const char *server_url(void) { return env_or_die("HARK_URL"); }
static inline uint32_t sdk_app_id(void) { return (uint32_t)strtoul(env_or_die("HARK_SDKAPPID"), NULL, 10); }

/* The runner exports HARK_SIG_<user> for each test user. */
static inline const char *user_sig(const char *user) {
    char name[64];
    snprintf(name, sizeof name, "HARK_SIG_%s", user);
    return env_or_die(name);
}

static inline void deadline_in(struct timespec *ts, int ms) {
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* ---- One request's callbacks, recorded. ---- */

#define MAX_ITEMS 128

typedef struct record {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int successes, errors, frees, progress_calls, on_caller_thread, after_free;
    int32_t code;
    char desc[256];
    char value[128];                /* hark_string_callback's value */
    hark_message *message;          /* clone of a send's final message */
    hark_message *items[MAX_ITEMS]; /* clones of a history page */
    size_t count;
    char member_ids[MAX_ITEMS][40];
    uint32_t member_roles[MAX_ITEMS];
} record;

static inline void record_init(record *r) {
    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv, NULL);
    r->code = -1;
}

static inline void record_clear(record *r) {
    size_t i;
    hark_message_free(r->message);
    for (i = 0; i < r->count && i < MAX_ITEMS; i++) hark_message_free(r->items[i]);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv);
}

static inline record *begin(record *r) {
    if (pthread_equal(pthread_self(), g_main_thread)) r->on_caller_thread++;
    pthread_mutex_lock(&r->mu);
    if (r->frees) r->after_free++;
    return r;
}

static inline void end(record *r) {
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

static inline void rec_success(void *ud) {
    record *r = begin((record *)ud);
    r->successes++;
    r->code = 0;
    end(r);
}

static inline void rec_error(int32_t code, const char *desc, void *ud) {
    record *r = begin((record *)ud);
    r->errors++;
    r->code = code;
    snprintf(r->desc, sizeof r->desc, "%s", desc ? desc : "(null)");
    end(r);
}

static inline void rec_free(void *ud) {
    record *r = begin((record *)ud);
    r->frees++;
    end(r);
}

static inline void rec_value(const char *value, void *ud) {
    record *r = begin((record *)ud);
    r->successes++;
    r->code = 0;
    snprintf(r->value, sizeof r->value, "%s", value ? value : "");
    end(r);
}

static inline void rec_sent(const hark_message *m, void *ud) {
    record *r = begin((record *)ud);
    r->successes++;
    r->code = 0;
    r->message = hark_message_clone(m);
    end(r);
}

static inline void rec_progress(uint32_t progress, void *ud) {
    record *r = begin((record *)ud);
    (void)progress;
    r->progress_calls++;
    end(r);
}

static inline void rec_history(const hark_message *const *messages, size_t count, void *ud) {
    record *r = begin((record *)ud);
    size_t i;
    r->successes++;
    r->code = 0;
    r->count = count;
    for (i = 0; i < count && i < MAX_ITEMS; i++) r->items[i] = hark_message_clone(messages[i]);
    end(r);
}

static inline void rec_members(const hark_group_member *members, size_t count, void *ud) {
    record *r = begin((record *)ud);
    size_t i;
    r->successes++;
    r->code = 0;
    r->count = count;
    for (i = 0; i < count && i < MAX_ITEMS; i++) {
        snprintf(r->member_ids[i], sizeof r->member_ids[i], "%s", members[i].user_id);
        r->member_roles[i] = members[i].role;
    }
    end(r);
}

static inline hark_callback cb(record *r) {
    hark_callback c;
    memset(&c, 0, sizeof c);
    c.on_success = rec_success;
    c.on_error = rec_error;
    c.user_data = r;
    c.free_user_data = rec_free;
    return c;
}

static inline hark_string_callback string_cb(record *r) {
    hark_string_callback c;
    memset(&c, 0, sizeof c);
    c.on_success = rec_value;
    c.on_error = rec_error;
    c.user_data = r;
    c.free_user_data = rec_free;
    return c;
}

static inline hark_send_callback send_cb(record *r) {
    hark_send_callback c;
    memset(&c, 0, sizeof c);
    c.on_success = rec_sent;
    c.on_error = rec_error;
    c.on_progress = rec_progress;
    c.user_data = r;
    c.free_user_data = rec_free;
    return c;
}

static inline hark_history_callback history_cb(record *r) {
    hark_history_callback c;
    memset(&c, 0, sizeof c);
    c.on_success = rec_history;
    c.on_error = rec_error;
    c.user_data = r;
    c.free_user_data = rec_free;
    return c;
}

static inline hark_member_list_callback members_cb(record *r) {
    hark_member_list_callback c;
    memset(&c, 0, sizeof c);
    c.on_success = rec_members;
    c.on_error = rec_error;
    c.user_data = r;
    c.free_user_data = rec_free;
    return c;
}

static inline void rec_download_progress(uint64_t current, uint64_t total, void *ud) {
    record *r = begin((record *)ud);
    (void)current;
    (void)total;
    r->progress_calls++;
    end(r);
}

static inline hark_download_callback download_cb(record *r) {
    hark_download_callback c;
    memset(&c, 0, sizeof c);
    c.on_progress = rec_download_progress;
    c.on_success = rec_success;
    c.on_error = rec_error;
    c.user_data = r;
    c.free_user_data = rec_free;
    return c;
}

/* Waits for the request to finish (its free_user_data ran) and checks the contract:
 * exactly one terminal callback, never on the caller's thread, nothing after the free.
 * Returns the code (0 = success), or -1 on timeout. */
static inline int32_t finish(record *r) {
    struct timespec dl;
    int timed_out = 0;
    int32_t code;
    deadline_in(&dl, WAIT_MS);
    pthread_mutex_lock(&r->mu);
    while (r->frees == 0 && !timed_out) timed_out = pthread_cond_timedwait(&r->cv, &r->mu, &dl) != 0;
    code = timed_out ? -1 : r->code;
    CHECK(!timed_out);
    CHECK_INT(r->successes + r->errors, 1);
    CHECK_INT(r->frees, 1);
    CHECK_INT(r->on_caller_thread, 0);
    CHECK_INT(r->after_free, 0);
    pthread_mutex_unlock(&r->mu);
    return code;
}

/* A request refused at once: `rc` is the code the call returned, and libhark took nothing
 * over (hark.h), so no callback may come, not even free_user_data. Anything the call had
 * posted would reach the dispatcher within REFUSED_WAIT_MS. Returns rc. */
static inline int32_t refused(record *r, int32_t rc) {
    struct timespec dl;
    CHECK(rc != 0);
    deadline_in(&dl, REFUSED_WAIT_MS);
    pthread_mutex_lock(&r->mu);
    while (r->frees == 0 && pthread_cond_timedwait(&r->cv, &r->mu, &dl) == 0) {
    }
    CHECK_INT(r->successes + r->errors + r->frees + r->progress_calls, 0);
    pthread_mutex_unlock(&r->mu);
    return rc;
}

/* How a request that returned `rc` ended: refused at once (rc), or its callback's code. */
static inline int32_t outcome(record *r, int32_t rc) { return rc != 0 ? refused(r, rc) : finish(r); }

/* ---- Received messages, recorded by an advanced message listener. ---- */

typedef struct inbox {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    hark_message *items[1024];
    size_t count;
    int frees, on_caller_thread;
} inbox;

static inline void inbox_on_message(const hark_message *m, void *ud) {
    inbox *in = (inbox *)ud;
    if (pthread_equal(pthread_self(), g_main_thread)) in->on_caller_thread++;
    pthread_mutex_lock(&in->mu);
    if (in->count < 1024) in->items[in->count++] = hark_message_clone(m);
    pthread_cond_broadcast(&in->cv);
    pthread_mutex_unlock(&in->mu);
}

static inline void inbox_on_free(void *ud) {
    inbox *in = (inbox *)ud;
    pthread_mutex_lock(&in->mu);
    in->frees++;
    pthread_cond_broadcast(&in->cv);
    pthread_mutex_unlock(&in->mu);
}

static inline void inbox_init(inbox *in) {
    memset(in, 0, sizeof *in);
    pthread_mutex_init(&in->mu, NULL);
    pthread_cond_init(&in->cv, NULL);
}

static inline void inbox_clear(inbox *in) {
    size_t i;
    for (i = 0; i < in->count; i++) hark_message_free(in->items[i]);
    pthread_mutex_destroy(&in->mu);
    pthread_cond_destroy(&in->cv);
}

static inline hark_msg_listener listener_of(inbox *in) {
    hark_msg_listener l;
    memset(&l, 0, sizeof l);
    l.on_recv_new_message = inbox_on_message;
    l.user_data = in;
    l.free_user_data = inbox_on_free;
    return l;
}

/* Waits until at least n messages arrived; returns how many there are. */
static inline size_t inbox_wait(inbox *in, size_t n) {
    struct timespec dl;
    size_t got;
    deadline_in(&dl, WAIT_MS);
    pthread_mutex_lock(&in->mu);
    while (in->count < n && pthread_cond_timedwait(&in->cv, &in->mu, &dl) == 0) {
    }
    got = in->count;
    pthread_mutex_unlock(&in->mu);
    CHECK(got >= n);
    return got;
}

/* ---- Clients. ---- */

static inline hark_client *new_client(void) {
    hark_client *c = NULL;
    REQUIRE(hark_client_new(sdk_app_id(), server_url(), NULL, &c) == 0);
    REQUIRE(c != NULL);
    return c;
}

/* A client logged in as `user`. */
static inline hark_client *login_as(const char *user) {
    hark_client *c = new_client();
    record r;
    record_init(&r);
    REQUIRE(hark_login(c, user, user_sig(user), cb(&r)) == 0);
    REQUIRE(finish(&r) == 0);
    record_clear(&r);
    CHECK_INT(hark_get_login_status(c), HARK_LOGIN_STATUS_LOGINED);
    return c;
}

/* A client with a message listener on `in`, then logged in as `user`. */
static inline hark_client *listening_as(const char *user, inbox *in) {
    hark_client *c = new_client();
    record r;
    CHECK(hark_add_advanced_msg_listener(c, listener_of(in)) > 0);
    record_init(&r);
    REQUIRE(hark_login(c, user, user_sig(user), cb(&r)) == 0);
    REQUIRE(finish(&r) == 0);
    record_clear(&r);
    return c;
}

static inline int report(const char *name) {
    printf("%s: %d checks, %d failed\n", name, g_checks, g_failures);
    return g_failures ? 1 : 0;
}

#endif
