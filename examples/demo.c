/* Hark in one page: two users log in, make a group, send one-to-one and group messages
 * (text and custom), and print what the receiver gets and the history.
 *
 * usage: demo <server-url> <sdkappid> <alice-usersig> <bob-usersig> */
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

static void print_message(const char *prefix, const hark_message *m) {
    size_t i, n = hark_message_get_elem_count(m);
    const char *group = hark_message_get_group_id(m);
    printf("%s from %s %s%s seq %llu:", prefix, hark_message_get_sender(m), *group ? "in " : "to me",
           group, (unsigned long long)hark_message_get_seq(m));
    for (i = 0; i < n; i++) {
        if (hark_message_get_elem_type(m, i) == HARK_ELEM_TYPE_TEXT) {
            printf(" text \"%s\"", hark_message_get_text(m, i));
        } else if (hark_message_get_elem_type(m, i) == HARK_ELEM_TYPE_CUSTOM) {
            size_t len = 0;
            const uint8_t *data = hark_message_get_custom_data(m, i, &len);
            printf(" custom \"%.*s\" desc \"%s\" ext \"%s\"", (int)len, (const char *)data,
                   hark_message_get_custom_desc(m, i), hark_message_get_custom_extension(m, i));
        }
    }
    printf("\n");
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

int main(int argc, char **argv) {
    done d;
    hark_client *alice, *bob;
    hark_msg_listener listener = {on_message, NULL, NULL};
    hark_send_callback send_cb = {sent, failed, NULL, &d, NULL};
    hark_string_callback group_cb = {ok_value, failed, &d, NULL};
    hark_history_callback history_cb = {on_history, failed, &d, NULL};
    const char *members[] = {"bob"};
    const uint8_t order[] = "{\"order\":42}";
    hark_message *m = NULL;
    uint32_t app;
    if (argc != 5) {
        fprintf(stderr, "usage: %s <server-url> <sdkappid> <alice-usersig> <bob-usersig>\n", argv[0]);
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
