/*
 * V2TIMManager+Conversation.h - the conversation list: V2TIMConversation, reading, deleting,
 * pinning and drafting conversations, the total unread count, and V2TIMConversationListener.
 */
#ifndef HARK_V2TIM_MANAGER_CONVERSATION_H
#define HARK_V2TIM_MANAGER_CONVERSATION_H

#import "V2TIMManager.h"

#ifndef __MACTYPES__
/* MacTypes.h's, which Apple's Foundation brings in and GNUstep's does not. */
typedef unsigned long long UInt64;
#endif

@class V2TIMMessage;
@class V2TIMConversation;
@protocol V2TIMConversationListener;

/* nextSeq asks for the page after this one; isFinished when there is none. */
typedef void (^V2TIMConversationResultSucc)(NSArray<V2TIMConversation *> *list, uint64_t nextSeq, BOOL isFinished);
typedef void (^V2TIMConversationSucc)(V2TIMConversation *conv);
typedef void (^V2TIMConversationListSucc)(NSArray<V2TIMConversation *> *list);
typedef void (^V2TIMTotalUnreadMessageCountSucc)(UInt64 totalUnreadCount);

typedef NS_ENUM(NSInteger, V2TIMConversationType) {
    V2TIM_UNKNOWN = 0,
    V2TIM_C2C = 1,
    V2TIM_GROUP = 2,
};

@interface V2TIMManager (Conversation)

/* After each login (and when the first listener is added while logged in) the listeners hear
 * onSyncServerStart, the whole list (as new conversations the first time, changed ones later),
 * onSyncServerFinish, then the total unread count; from then on every conversation a message
 * or a change on any device of the user touches, and the total whenever it moves. */
- (void)addConversationListener:(id<V2TIMConversationListener>)listener;
- (void)removeConversationListener:(id<V2TIMConversationListener>)listener;

/* Up to count (1..100) conversations, pinned first, then by last message, newest first; those
 * after nextSeq (0: from the top; else the nextSeq the previous page gave). */
- (void)getConversationList:(uint64_t)nextSeq
                      count:(int)count
                       succ:(V2TIMConversationResultSucc)succ
                       fail:(V2TIMFail)fail;
/* conversationID is "c2c_<userID>" or "group_<groupID>" (6017 otherwise). A peer or group
 * with no messages yet gives an empty conversation of that id (lastMessage nil). */
- (void)getConversation:(NSString *)conversationID succ:(V2TIMConversationSucc)succ fail:(V2TIMFail)fail;
/* One conversation per id (1..100), in that order, as getConversation:succ:fail: reads it. */
- (void)getConversationList:(NSArray<NSString *> *)conversationIDList
                       succ:(V2TIMConversationListSucc)succ
                       fail:(V2TIMFail)fail;
/* Takes it off the list and marks it read, until its next message; its history stays. */
- (void)deleteConversation:(NSString *)conversationID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
/* nil or @"" clears the draft; kept by harkd for every device of the user (up to 8 KB). */
- (void)setConversationDraft:(NSString *)conversationID
                   draftText:(NSString *)draftText
                        succ:(V2TIMSucc)succ
                        fail:(V2TIMFail)fail;
/* Pins it to the top of the list (isPinned NO: unpins it), on every device of the user. */
- (void)pinConversation:(NSString *)conversationID isPinned:(BOOL)isPinned succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
/* The unread messages of all the user's conversations together. */
- (void)getTotalUnreadMessageCount:(V2TIMTotalUnreadMessageCountSucc)succ fail:(V2TIMFail)fail;

@end

/* Conversation events; every method is optional. */
@protocol V2TIMConversationListener <NSObject>
@optional
- (void)onSyncServerStart;
- (void)onSyncServerFinish;
- (void)onSyncServerFailed;
/* Conversations this manager had not reported before. */
- (void)onNewConversation:(NSArray<V2TIMConversation *> *)conversationList;
- (void)onConversationChanged:(NSArray<V2TIMConversation *> *)conversationList;
- (void)onTotalUnreadMessageCountChanged:(UInt64)totalUnreadCount;
@end

/* One conversation as libhark reported it: a snapshot, copied when it arrived. */
@interface V2TIMConversation : NSObject {
  @private
    V2TIMConversationType _type;
    NSString *_conversationID, *_userID, *_groupID, *_groupType, *_showName, *_draftText;
    int _unreadCount;
    V2TIMMessage *_lastMessage;
    BOOL _isPinned;
    NSUInteger _orderKey;
}
@property(nonatomic, readonly) V2TIMConversationType type;
/* "c2c_<userID>" or "group_<groupID>". */
@property(nonatomic, readonly) NSString *conversationID;
/* The C2C peer; nil for a group conversation. */
@property(nonatomic, readonly) NSString *userID;
/* nil for a C2C conversation. */
@property(nonatomic, readonly) NSString *groupID;
/* GroupType_Work, ...; nil for a C2C conversation. */
@property(nonatomic, readonly) NSString *groupType;
/* The group's name, or the peer's userID. */
@property(nonatomic, readonly) NSString *showName;
/* The same on every device of the user; never the user's own messages. */
@property(nonatomic, readonly) int unreadCount;
/* The newest message the user sees there; nil when there is none. */
@property(nonatomic, readonly) V2TIMMessage *lastMessage;
/* nil when there is no draft. */
@property(nonatomic, readonly) NSString *draftText;
@property(nonatomic, readonly) BOOL isPinned;
/* The list's order: a larger key comes first; pinned conversations have the largest. */
@property(nonatomic, readonly) NSUInteger orderKey;
@end

#endif
