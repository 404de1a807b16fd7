/* V2TIMManager (Conversation): the conversation calls, and the conversation listener libhark
 * calls, fanned out to the added V2TIMConversationListeners. */
#import "V2TIMInternal.h"
#import "V2TIMListenerList.h"

#include <stdlib.h>

static void v2_notify_conversations(void *ud, SEL sel) {
    ON_FOREIGN_THREAD(v2_notify([(V2TIMManager *)ud convListeners], sel, ^(id l) { [l performSelector:sel]; }));
}

static void v2_on_sync_start(void *ud) { v2_notify_conversations(ud, @selector(onSyncServerStart)); }

static void v2_on_sync_finish(void *ud) { v2_notify_conversations(ud, @selector(onSyncServerFinish)); }

static void v2_on_sync_failed(void *ud) { v2_notify_conversations(ud, @selector(onSyncServerFailed)); }

static void v2_on_new_conversation(const hark_conversation *const *convs, size_t count, void *ud) {
    V2TIMManager *manager = ud;
    ON_FOREIGN_THREAD({
        NSArray *list = v2_conversations(convs, count, manager);
        v2_notify([manager convListeners], @selector(onNewConversation:), ^(id l) { [l onNewConversation:list]; });
    });
}

static void v2_on_conversation_changed(const hark_conversation *const *convs, size_t count, void *ud) {
    V2TIMManager *manager = ud;
    ON_FOREIGN_THREAD({
        NSArray *list = v2_conversations(convs, count, manager);
        v2_notify([manager convListeners], @selector(onConversationChanged:),
                  ^(id l) { [l onConversationChanged:list]; });
    });
}

static void v2_on_total_unread(uint64_t total, void *ud) {
    ON_FOREIGN_THREAD(v2_notify([(V2TIMManager *)ud convListeners], @selector(onTotalUnreadMessageCountChanged:),
                                ^(id l) { [l onTotalUnreadMessageCountChanged:total]; }));
}

hark_conversation_listener v2_conversation_listener(V2TIMManager *manager) {
    hark_conversation_listener listener = {
        .on_sync_server_start = v2_on_sync_start,
        .on_sync_server_finish = v2_on_sync_finish,
        .on_sync_server_failed = v2_on_sync_failed,
        .on_new_conversation = v2_on_new_conversation,
        .on_conversation_changed = v2_on_conversation_changed,
        .on_total_unread_message_count_changed = v2_on_total_unread,
        .user_data = [manager retain],
        .free_user_data = v2_release_manager,
    };
    return listener;
}

@implementation V2TIMManager (Conversation)

- (void)addConversationListener:(id<V2TIMConversationListener>)listener {
    [[self convListeners] add:listener];
    [self updateConversationListener];
}

- (void)removeConversationListener:(id<V2TIMConversationListener>)listener {
    [[self convListeners] remove:listener];
    [self updateConversationListener];
}

- (void)getConversationList:(uint64_t)nextSeq
                      count:(int)count
                       succ:(V2TIMConversationResultSucc)succ
                       fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->conv_page_succ = V2_COPY(succ);
    /* A negative count is refused like 0 (6017). */
    V2_WITH_CLIENT(self, c, hark_get_conversation_list(client, nextSeq, count > 0 ? (uint32_t)count : 0,
                                                       v2_conversation_list_callback(c)));
}

- (void)getConversation:(NSString *)conversationID succ:(V2TIMConversationSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->conv_succ = V2_COPY(succ);
    V2_WITH_CLIENT(self, c, hark_get_conversation(client, [conversationID UTF8String], v2_conversation_callback(c)));
}

- (void)getConversationList:(NSArray<NSString *> *)conversationIDList
                       succ:(V2TIMConversationListSucc)succ
                       fail:(V2TIMFail)fail {
    const char **ids = v2_c_strings(conversationIDList);
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->conv_list_succ = V2_COPY(succ);
    V2_WITH_CLIENT(self, c, hark_get_conversation_list_by_ids(client, ids, [conversationIDList count],
                                                              v2_conversation_list_callback(c)));
    free(ids);
}

- (void)deleteConversation:(NSString *)conversationID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_delete_conversation(client, [conversationID UTF8String], v2_callback(c)));
}

- (void)setConversationDraft:(NSString *)conversationID
                   draftText:(NSString *)draftText
                        succ:(V2TIMSucc)succ
                        fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_set_conversation_draft(client, [conversationID UTF8String], [draftText UTF8String],
                                                        v2_callback(c)));
}

- (void)pinConversation:(NSString *)conversationID isPinned:(BOOL)isPinned succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_pin_conversation(client, [conversationID UTF8String], isPinned, v2_callback(c)));
}

- (void)getTotalUnreadMessageCount:(V2TIMTotalUnreadMessageCountSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->count_succ = V2_COPY(succ);
    V2_WITH_CLIENT(self, c, hark_get_total_unread_message_count(client, v2_uint64_callback(c)));
}

@end
