/* The C callbacks libhark calls: each finds its request's blocks in user_data and calls them
 * on the dispatcher thread (or, through v2_reject, on the calling thread for a request
 * refused at once). v2_free is the only place a request's blocks are released. */
#import "V2TIMInternal.h"

#include <limits.h>
#include <stdlib.h>

NSString *const V2TIMErrorDomain = @"V2TIMErrorDomain";

NSString *v2_string(const char *s) {
    NSString *str = s ? [NSString stringWithUTF8String:s] : nil;
    return str ? str : @"";
}

NSString *v2_string_or_nil(const char *s) { return s && *s ? v2_string(s) : nil; }

NSError *v2_error(int code) {
    NSDictionary *info = [NSDictionary dictionaryWithObject:v2_string(hark_error_description(code))
                                                     forKey:NSLocalizedDescriptionKey];
    return [NSError errorWithDomain:V2TIMErrorDomain code:code userInfo:info];
}

int v2_int(uint64_t value) { return value > INT_MAX ? INT_MAX : (int)value; }

const char **v2_c_strings(NSArray<NSString *> *list) {
    NSUInteger count = [list count];
    const char **strings = calloc(count ? count : 1, sizeof *strings);
    if (!strings) [NSException raise:NSMallocException format:@"V2TIM: out of memory"];
    for (NSUInteger i = 0; i < count; i++) strings[i] = [[list objectAtIndex:i] UTF8String];
    return strings;
}

V2Ctx *v2_ctx_new(V2TIMManager *manager, V2TIMSucc succ, V2TIMFail fail) {
    V2Ctx *c = calloc(1, sizeof *c);
    if (!c) [NSException raise:NSMallocException format:@"V2TIM: out of memory"];
    c->manager = [manager retain];
    c->succ = V2_COPY(succ);
    c->fail = V2_COPY(fail);
    return c;
}

static void v2_free(void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD({
        if (c->succ) Block_release(c->succ);
        if (c->fail) Block_release(c->fail);
        if (c->progress) Block_release(c->progress);
        if (c->download_progress) Block_release(c->download_progress);
        if (c->string_succ) Block_release(c->string_succ);
        if (c->list_succ) Block_release(c->list_succ);
        if (c->member_succ) Block_release(c->member_succ);
        if (c->conv_page_succ) Block_release(c->conv_page_succ);
        if (c->conv_succ) Block_release(c->conv_succ);
        if (c->conv_list_succ) Block_release(c->conv_list_succ);
        if (c->count_succ) Block_release(c->count_succ);
        if (c->receipts_succ) Block_release(c->receipts_succ);
        if (c->member_results_succ) Block_release(c->member_results_succ);
        [c->manager release];
        free(c);
    });
}

static void v2_on_error(int32_t code, const char *desc, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD(if (c->fail) c->fail(code, v2_string(desc)));
}

void v2_reject(V2Ctx *c, int32_t code) {
    v2_on_error(code, hark_error_description(code), c);
    v2_free(c);
}

static void v2_on_success(void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD(if (c->succ) c->succ());
}

static void v2_on_sent(const hark_message *message, void *ud) {
    (void)message; /* V2TIM's succ has no argument; the sent V2TIMMessage already follows */
    v2_on_success(ud);
}

static void v2_on_progress(uint32_t progress, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD(if (c->progress) c->progress(progress));
}

static void v2_on_download_progress(uint64_t current, uint64_t total, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD(if (c->download_progress) c->download_progress((NSInteger)current, (NSInteger)total));
}

static void v2_on_string(const char *value, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD(if (c->string_succ) c->string_succ(v2_string(value)));
}

static void v2_on_history(const hark_message *const *messages, size_t count, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD({
        if (c->list_succ) {
            NSMutableArray *list = [NSMutableArray arrayWithCapacity:count];
            for (size_t i = 0; i < count; i++) {
                V2TIMMessage *m = [[V2TIMMessage alloc] initWithHandle:hark_message_clone(messages[i])
                                                               manager:c->manager];
                [list addObject:m];
                [m release];
            }
            c->list_succ(list);
        }
    });
}

static BOOL v2_filter_selects(uint32_t filter, uint32_t role) {
    if (filter == V2TIM_GROUP_MEMBER_FILTER_ALL) return YES;
    return ((filter & V2TIM_GROUP_MEMBER_FILTER_OWNER) && role == V2TIM_GROUP_MEMBER_ROLE_SUPER) ||
           ((filter & V2TIM_GROUP_MEMBER_FILTER_ADMIN) && role == V2TIM_GROUP_MEMBER_ROLE_ADMIN) ||
           ((filter & V2TIM_GROUP_MEMBER_FILTER_COMMON) && role == V2TIM_GROUP_MEMBER_ROLE_MEMBER);
}

static void v2_on_members(const hark_group_member *members, size_t count, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD({
        if (c->member_succ) {
            NSMutableArray *list = [NSMutableArray arrayWithCapacity:count];
            for (size_t i = 0; i < count; i++) {
                if (!v2_filter_selects(c->member_filter, members[i].role)) continue;
                V2TIMGroupMemberFullInfo *info = [[V2TIMGroupMemberFullInfo alloc] initWithHark:&members[i]];
                [list addObject:info];
                [info release];
            }
            c->member_succ(0, list);
        }
    });
}

static void v2_on_conversations(const hark_conversation *const *convs, size_t count, uint64_t next_seq,
                                bool is_finished, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD({
        NSArray *list = v2_conversations(convs, count, c->manager);
        if (c->conv_list_succ) c->conv_list_succ(list);
        else if (c->conv_page_succ) c->conv_page_succ(list, next_seq, is_finished);
    });
}

static void v2_on_conversation(const hark_conversation *conv, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD(if (c->conv_succ) c->conv_succ([v2_conversations(&conv, 1, c->manager) lastObject]));
}

static void v2_on_count(uint64_t value, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD(if (c->count_succ) c->count_succ(value));
}

static void v2_on_receipts(const hark_message_receipt *receipts, size_t count, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD(if (c->receipts_succ) c->receipts_succ(v2_receipts(receipts, count)));
}

static void v2_on_member_results(const hark_group_member_operation_result *results, size_t count, void *ud) {
    V2Ctx *c = ud;
    ON_FOREIGN_THREAD({
        if (c->member_results_succ) {
            NSMutableArray *list = [NSMutableArray arrayWithCapacity:count];
            for (size_t i = 0; i < count; i++) {
                V2TIMGroupMemberOperationResult *r = [[V2TIMGroupMemberOperationResult alloc] initWithHark:&results[i]];
                [list addObject:r];
                [r release];
            }
            c->member_results_succ(list);
        }
    });
}

hark_callback v2_callback(V2Ctx *c) {
    hark_callback cb = {v2_on_success, v2_on_error, c, v2_free};
    return cb;
}

hark_send_callback v2_send_callback(V2Ctx *c) {
    hark_send_callback cb = {v2_on_sent, v2_on_error, v2_on_progress, c, v2_free};
    return cb;
}

hark_download_callback v2_download_callback(V2Ctx *c) {
    hark_download_callback cb = {v2_on_download_progress, v2_on_success, v2_on_error, c, v2_free};
    return cb;
}

hark_string_callback v2_string_callback(V2Ctx *c) {
    hark_string_callback cb = {v2_on_string, v2_on_error, c, v2_free};
    return cb;
}

hark_history_callback v2_history_callback(V2Ctx *c) {
    hark_history_callback cb = {v2_on_history, v2_on_error, c, v2_free};
    return cb;
}

hark_member_list_callback v2_member_list_callback(V2Ctx *c) {
    hark_member_list_callback cb = {v2_on_members, v2_on_error, c, v2_free};
    return cb;
}

hark_conversation_list_callback v2_conversation_list_callback(V2Ctx *c) {
    hark_conversation_list_callback cb = {v2_on_conversations, v2_on_error, c, v2_free};
    return cb;
}

hark_conversation_callback v2_conversation_callback(V2Ctx *c) {
    hark_conversation_callback cb = {v2_on_conversation, v2_on_error, c, v2_free};
    return cb;
}

hark_uint64_callback v2_uint64_callback(V2Ctx *c) {
    hark_uint64_callback cb = {v2_on_count, v2_on_error, c, v2_free};
    return cb;
}

hark_message_receipt_callback v2_message_receipt_callback(V2Ctx *c) {
    hark_message_receipt_callback cb = {v2_on_receipts, v2_on_error, c, v2_free};
    return cb;
}

hark_member_result_callback v2_member_result_callback(V2Ctx *c) {
    hark_member_result_callback cb = {v2_on_member_results, v2_on_error, c, v2_free};
    return cb;
}
