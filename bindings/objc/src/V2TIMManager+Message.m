/* V2TIMManager (Message): creating messages, sendMessage, history, marking read, read
 * receipts, message listeners. */
#import "V2TIMInternal.h"
#import "V2TIMListenerList.h"

#include <stdlib.h>

/* The message for a create call's result: nil, with *error set, when rc is not 0. */
static V2TIMMessage *v2_wrap(V2TIMManager *manager, hark_message *handle, int32_t rc, NSError **error) {
    if (rc != 0) {
        if (error) *error = v2_error(rc);
        return nil;
    }
    return [[[V2TIMMessage alloc] initWithHandle:handle manager:manager] autorelease];
}

/* The handles of list's messages in a calloc'd array of [list count] (at least one) pointers;
 * the caller frees the array. */
static const hark_message **v2_handles(NSArray<V2TIMMessage *> *list) {
    NSUInteger count = [list count];
    const hark_message **handles = calloc(count ? count : 1, sizeof *handles);
    if (!handles) [NSException raise:NSMallocException format:@"V2TIM: out of memory"];
    for (NSUInteger i = 0; i < count; i++) handles[i] = [[list objectAtIndex:i] handle];
    return handles;
}

@implementation V2TIMManager (Message)

- (void)addAdvancedMsgListener:(id<V2TIMAdvancedMsgListener>)listener {
    [[self msgListeners] add:listener];
}

- (void)removeAdvancedMsgListener:(id<V2TIMAdvancedMsgListener>)listener {
    [[self msgListeners] remove:listener];
}

- (V2TIMMessage *)createTextMessage:(NSString *)text {
    hark_message *m = NULL;
    int32_t rc = hark_create_text_message([text UTF8String], &m);
    return v2_wrap(self, m, rc, NULL);
}

- (V2TIMMessage *)createCustomMessage:(NSData *)data {
    return [self createCustomMessage:data desc:nil extension:nil];
}

- (V2TIMMessage *)createCustomMessage:(NSData *)data desc:(NSString *)desc extension:(NSString *)extension {
    hark_message *m = NULL;
    int32_t rc = hark_create_custom_message([data bytes], [data length], [desc UTF8String], [extension UTF8String], &m);
    return v2_wrap(self, m, rc, NULL);
}

- (V2TIMMessage *)createImageMessage:(NSString *)imagePath {
    return [self createImageMessage:imagePath error:NULL];
}

- (V2TIMMessage *)createImageMessage:(NSString *)imagePath error:(NSError **)error {
    hark_message *m = NULL;
    int32_t rc = hark_create_image_message([imagePath UTF8String], &m);
    return v2_wrap(self, m, rc, error);
}

- (V2TIMMessage *)createSoundMessage:(NSString *)audioFilePath duration:(int)duration {
    return [self createSoundMessage:audioFilePath duration:duration error:NULL];
}

- (V2TIMMessage *)createSoundMessage:(NSString *)audioFilePath duration:(int)duration error:(NSError **)error {
    hark_message *m = NULL;
    int32_t rc = duration < 0 ? HARK_ERR_INVALID_PARAMETERS
                              : hark_create_sound_message([audioFilePath UTF8String], (uint32_t)duration, &m);
    return v2_wrap(self, m, rc, error);
}

- (V2TIMMessage *)createVideoMessage:(NSString *)videoFilePath
                                type:(NSString *)type
                            duration:(int)duration
                        snapshotPath:(NSString *)snapshotPath {
    return [self createVideoMessage:videoFilePath type:type duration:duration snapshotPath:snapshotPath error:NULL];
}

- (V2TIMMessage *)createVideoMessage:(NSString *)videoFilePath
                                type:(NSString *)type
                            duration:(int)duration
                        snapshotPath:(NSString *)snapshotPath
                               error:(NSError **)error {
    hark_message *m = NULL;
    int32_t rc = duration < 0 ? HARK_ERR_INVALID_PARAMETERS
                              : hark_create_video_message([videoFilePath UTF8String], [type UTF8String],
                                                          (uint32_t)duration, [snapshotPath UTF8String], &m);
    return v2_wrap(self, m, rc, error);
}

- (V2TIMMessage *)createFileMessage:(NSString *)filePath fileName:(NSString *)fileName {
    return [self createFileMessage:filePath fileName:fileName error:NULL];
}

- (V2TIMMessage *)createFileMessage:(NSString *)filePath fileName:(NSString *)fileName error:(NSError **)error {
    hark_message *m = NULL;
    /* V2TIM allows a nil fileName; libhark's "" takes the path's name. */
    const char *name = fileName ? [fileName UTF8String] : "";
    int32_t rc = hark_create_file_message([filePath UTF8String], name, &m);
    return v2_wrap(self, m, rc, error);
}

- (V2TIMMessage *)createLocationMessage:(NSString *)desc longitude:(double)longitude latitude:(double)latitude {
    hark_message *m = NULL;
    int32_t rc = hark_create_location_message([desc UTF8String], longitude, latitude, &m);
    return v2_wrap(self, m, rc, NULL);
}

- (V2TIMMessage *)createFaceMessage:(int)index data:(NSData *)data {
    hark_message *m = NULL;
    int32_t rc = index < 0 ? HARK_ERR_INVALID_PARAMETERS
                           : hark_create_face_message((uint32_t)index, [data bytes], [data length], &m);
    return v2_wrap(self, m, rc, NULL);
}

- (V2TIMMessage *)createTargetedGroupMessage:(V2TIMMessage *)message receiverList:(NSMutableArray<NSString *> *)receiverList {
    const char **ids = v2_c_strings(receiverList);
    hark_message *m = NULL;
    int32_t rc = hark_create_targeted_group_message([message handle], ids, [receiverList count], &m);
    free(ids);
    return v2_wrap(self, m, rc, NULL);
}

- (NSString *)sendMessage:(V2TIMMessage *)message
                 receiver:(NSString *)receiver
                  groupID:(NSString *)groupID
                 priority:(V2TIMMessagePriority)priority
           onlineUserOnly:(BOOL)onlineUserOnly
          offlinePushInfo:(V2TIMOfflinePushInfo *)offlinePushInfo
                 progress:(V2TIMProgress)progress
                     succ:(V2TIMSucc)succ
                     fail:(V2TIMFail)fail {
    char msg_id[HARK_MSG_ID_SIZE] = "";
    hark_offline_push_info push = {0};
    if (offlinePushInfo) push = [offlinePushInfo harkInfo];
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    c->progress = V2_COPY(progress);
    /* V2TIM passes nil or @"" for "no receiver" / "no group"; libhark wants NULL. */
    const char *to = [receiver length] ? [receiver UTF8String] : NULL;
    const char *group = [groupID length] ? [groupID UTF8String] : NULL;
    V2_WITH_CLIENT(self, c, hark_send_message(client, [message handle], to, group, (int32_t)priority,
                                              onlineUserOnly, offlinePushInfo ? &push : NULL,
                                              v2_send_callback(c), msg_id, sizeof msg_id));
    return v2_string_or_nil(msg_id);
}

- (void)getC2CHistoryMessageList:(NSString *)userID
                           count:(int)count
                         lastMsg:(V2TIMMessage *)lastMsg
                            succ:(V2TIMMessageListSucc)succ
                            fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->list_succ = V2_COPY(succ);
    /* A negative count is refused like 0 (6017). */
    V2_WITH_CLIENT(self, c, hark_get_c2c_history_message_list(client, [userID UTF8String],
                                                              count > 0 ? (uint32_t)count : 0,
                                                              [lastMsg handle], v2_history_callback(c)));
}

- (void)getGroupHistoryMessageList:(NSString *)groupID
                             count:(int)count
                           lastMsg:(V2TIMMessage *)lastMsg
                              succ:(V2TIMMessageListSucc)succ
                              fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->list_succ = V2_COPY(succ);
    V2_WITH_CLIENT(self, c, hark_get_group_history_message_list(client, [groupID UTF8String],
                                                                count > 0 ? (uint32_t)count : 0,
                                                                [lastMsg handle], v2_history_callback(c)));
}

- (void)markC2CMessageAsRead:(NSString *)userID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_mark_c2c_message_as_read(client, [userID UTF8String], v2_callback(c)));
}

- (void)markGroupMessageAsRead:(NSString *)groupID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_mark_group_message_as_read(client, [groupID UTF8String], v2_callback(c)));
}

- (void)markAllMessageAsRead:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_mark_all_message_as_read(client, v2_callback(c)));
}

- (void)sendMessageReadReceipts:(NSArray<V2TIMMessage *> *)messageList succ:(V2TIMSucc)succ fail:(V2TIMFail)fail {
    const hark_message **handles = v2_handles(messageList);
    V2Ctx *c = v2_ctx_new(self, succ, fail);
    V2_WITH_CLIENT(self, c, hark_send_message_read_receipts(client, handles, [messageList count], v2_callback(c)));
    free(handles);
}

- (void)getMessageReadReceipts:(NSArray<V2TIMMessage *> *)messageList
                          succ:(V2TIMMessageReadReceiptsSucc)succ
                          fail:(V2TIMFail)fail {
    const hark_message **handles = v2_handles(messageList);
    V2Ctx *c = v2_ctx_new(self, nil, fail);
    c->receipts_succ = V2_COPY(succ);
    V2_WITH_CLIENT(self, c, hark_get_message_read_receipts(client, handles, [messageList count],
                                                           v2_message_receipt_callback(c)));
    free(handles);
}

@end
