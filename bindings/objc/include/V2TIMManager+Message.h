/*
 * V2TIMManager+Message.h - messages: V2TIMMessage and its elems, creating and sending them,
 * history, marking conversations read, read receipts, and V2TIMAdvancedMsgListener.
 */
#ifndef HARK_V2TIM_MANAGER_MESSAGE_H
#define HARK_V2TIM_MANAGER_MESSAGE_H

#import "V2TIMManager.h"

@class V2TIMMessage;
@class V2TIMOfflinePushInfo;
@class V2TIMMessageReceipt;
@protocol V2TIMAdvancedMsgListener;

typedef void (^V2TIMMessageListSucc)(NSArray<V2TIMMessage *> *msgs);
/* Upload progress of a media message, 0..100, rising. */
typedef void (^V2TIMProgress)(uint32_t progress);
/* Bytes written so far and the file's size. */
typedef void (^V2TIMDownLoadProgress)(NSInteger curSize, NSInteger totalSize);
/* One receipt per message asked about that was sent with needReadReceipt, in the order asked. */
typedef void (^V2TIMMessageReadReceiptsSucc)(NSArray<V2TIMMessageReceipt *> *receiptList);

typedef NS_ENUM(NSInteger, V2TIMMessageStatus) {
    V2TIM_MSG_STATUS_SENDING = 1,
    V2TIM_MSG_STATUS_SEND_SUCC = 2,
    V2TIM_MSG_STATUS_SEND_FAIL = 3,
    V2TIM_MSG_STATUS_HAS_DELETED = 4,
    V2TIM_MSG_STATUS_LOCAL_IMPORTED = 5,
    V2TIM_MSG_STATUS_LOCAL_REVOKED = 6,
};

typedef NS_ENUM(NSInteger, V2TIMElemType) {
    V2TIM_ELEM_TYPE_NONE = 0,
    V2TIM_ELEM_TYPE_TEXT = 1,
    V2TIM_ELEM_TYPE_CUSTOM = 2,
    V2TIM_ELEM_TYPE_IMAGE = 3,
    V2TIM_ELEM_TYPE_SOUND = 4,
    V2TIM_ELEM_TYPE_VIDEO = 5,
    V2TIM_ELEM_TYPE_FILE = 6,
    V2TIM_ELEM_TYPE_LOCATION = 7,
    V2TIM_ELEM_TYPE_FACE = 8,
    V2TIM_ELEM_TYPE_GROUP_TIPS = 9,
    V2TIM_ELEM_TYPE_MERGER = 10,
};

typedef NS_ENUM(NSInteger, V2TIMImageType) {
    V2TIM_IMAGE_TYPE_ORIGIN = 0x01,
    V2TIM_IMAGE_TYPE_THUMB = 0x02,
    V2TIM_IMAGE_TYPE_LARGE = 0x04,
};

typedef NS_ENUM(NSInteger, V2TIMIOSOfflinePushType) {
    V2TIM_IOS_OFFLINE_PUSH_TYPE_APNS = 0,
    V2TIM_IOS_OFFLINE_PUSH_TYPE_VOIP = 1,
};

@interface V2TIMManager (Message)

- (void)addAdvancedMsgListener:(id<V2TIMAdvancedMsgListener>)listener;
- (void)removeAdvancedMsgListener:(id<V2TIMAdvancedMsgListener>)listener;

/* Each create returns nil when libhark refuses the arguments. */
- (V2TIMMessage *)createTextMessage:(NSString *)text;
- (V2TIMMessage *)createCustomMessage:(NSData *)data;
- (V2TIMMessage *)createCustomMessage:(NSData *)data desc:(NSString *)desc extension:(NSString *)extension;
- (V2TIMMessage *)createImageMessage:(NSString *)imagePath;
- (V2TIMMessage *)createSoundMessage:(NSString *)audioFilePath duration:(int)duration;
- (V2TIMMessage *)createVideoMessage:(NSString *)videoFilePath
                                type:(NSString *)type
                            duration:(int)duration
                        snapshotPath:(NSString *)snapshotPath;
- (V2TIMMessage *)createFileMessage:(NSString *)filePath fileName:(NSString *)fileName;
- (V2TIMMessage *)createLocationMessage:(NSString *)desc longitude:(double)longitude latitude:(double)latitude;
- (V2TIMMessage *)createFaceMessage:(int)index data:(NSData *)data;
/* A copy of message that only receiverList (1 to 50 group members) and the sender see; send
 * it with groupID only. */
- (V2TIMMessage *)createTargetedGroupMessage:(V2TIMMessage *)message receiverList:(NSMutableArray<NSString *> *)receiverList;

/* Hark: the media creates with the reason of a refusal (7004 no such file, 7005 too large,
 * 7006 empty, 6016 not an image, 6017 bad argument) in V2TIMErrorDomain. */
- (V2TIMMessage *)createImageMessage:(NSString *)imagePath error:(NSError **)error;
- (V2TIMMessage *)createSoundMessage:(NSString *)audioFilePath duration:(int)duration error:(NSError **)error;
- (V2TIMMessage *)createVideoMessage:(NSString *)videoFilePath
                                type:(NSString *)type
                            duration:(int)duration
                        snapshotPath:(NSString *)snapshotPath
                               error:(NSError **)error;
- (V2TIMMessage *)createFileMessage:(NSString *)filePath fileName:(NSString *)fileName error:(NSError **)error;

/* receiver only: C2C; groupID only: group; both: a targeted group message for that member.
 * offlinePushInfo may be nil. Returns the msgID, or nil when refused at once (fail follows).
 * The message object follows the send: status SENDING, then SEND_SUCC with seq and
 * timestamp, or SEND_FAIL. */
- (NSString *)sendMessage:(V2TIMMessage *)message
                 receiver:(NSString *)receiver
                  groupID:(NSString *)groupID
                 priority:(V2TIMMessagePriority)priority
           onlineUserOnly:(BOOL)onlineUserOnly
          offlinePushInfo:(V2TIMOfflinePushInfo *)offlinePushInfo
                 progress:(V2TIMProgress)progress
                     succ:(V2TIMSucc)succ
                     fail:(V2TIMFail)fail;

/* Up to count (1..100) messages older than lastMsg (nil: from the newest), newest first. */
- (void)getC2CHistoryMessageList:(NSString *)userID
                           count:(int)count
                         lastMsg:(V2TIMMessage *)lastMsg
                            succ:(V2TIMMessageListSucc)succ
                            fail:(V2TIMFail)fail;
- (void)getGroupHistoryMessageList:(NSString *)groupID
                             count:(int)count
                           lastMsg:(V2TIMMessage *)lastMsg
                              succ:(V2TIMMessageListSucc)succ
                              fail:(V2TIMFail)fail;

/* Marks the C2C conversation with userID read up to its newest message, on every device of
 * the user; the peer gets onRecvC2CReadReceipt:. 6017 when there are no messages with userID. */
- (void)markC2CMessageAsRead:(NSString *)userID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
/* The same for a group's conversation; 10007 for a group the user was never in. */
- (void)markGroupMessageAsRead:(NSString *)groupID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
/* Marks every conversation of the user read. */
- (void)markAllMessageAsRead:(V2TIMSucc)succ fail:(V2TIMFail)fail;

/* Reports messageList (1..100 received messages of one conversation) read by this user: each
 * sent with needReadReceipt counts the user once, and its sender hears
 * onRecvMessageReadReceipts:. 6017 for an empty list, over 100, a message never stored or
 * messages of two conversations; 10007 for a group the user is not in. */
- (void)sendMessageReadReceipts:(NSArray<V2TIMMessage *> *)messageList succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
/* How many have read each message of messageList (as for sendMessageReadReceipts:) that was
 * sent with needReadReceipt: readCount, unreadCount, and isPeerRead for a C2C one. */
- (void)getMessageReadReceipts:(NSArray<V2TIMMessage *> *)messageList
                          succ:(V2TIMMessageReadReceiptsSucc)succ
                          fail:(V2TIMFail)fail;
@end

@protocol V2TIMAdvancedMsgListener <NSObject>
@optional
- (void)onRecvNewMessage:(V2TIMMessage *)msg;
/* A C2C peer read this user's messages (markC2CMessageAsRead:succ:fail: on its side). */
- (void)onRecvC2CReadReceipt:(NSArray<V2TIMMessageReceipt *> *)receiptList;
/* More readers have read this user's messages sent with needReadReceipt
 * (sendMessageReadReceipts:succ:fail: on their side): the new counts, one receipt a message. */
- (void)onRecvMessageReadReceipts:(NSArray<V2TIMMessageReceipt *> *)receiptList;
@end

/* A C2C read receipt (onRecvC2CReadReceipt:) says that userID has read every message of its
 * conversation with this user, at timestamp: isPeerRead YES, msgID and groupID nil,
 * readCount and unreadCount 0.
 * A message read receipt (onRecvMessageReadReceipts:, getMessageReadReceipts:succ:fail:)
 * counts the readers of message msgID, sent with needReadReceipt: readCount have read it,
 * unreadCount not yet. A group's has groupID (userID nil); a C2C one has the peer as userID
 * (groupID nil) and isPeerRead. timestamp is 0. */
@interface V2TIMMessageReceipt : NSObject {
  @private
    NSString *_msgID, *_userID, *_groupID;
    BOOL _isPeerRead;
    time_t _timestamp;
    int _readCount, _unreadCount;
}
@property(nonatomic, readonly) NSString *msgID;
@property(nonatomic, readonly) NSString *userID;
@property(nonatomic, readonly) BOOL isPeerRead;
/* Seconds since the Unix epoch. */
@property(nonatomic, readonly) time_t timestamp;
@property(nonatomic, readonly) NSString *groupID;
@property(nonatomic, readonly) int readCount;
@property(nonatomic, readonly) int unreadCount;
@end

/* An elem taken from a message is a view of that elem, read on each access. A text, custom,
 * location or face elem made with alloc/init (or new) belongs to no message: it holds the
 * fields set on it until appendElem: copies it into one, and from then on it is a view of
 * that copy. Setters change only an elem of no message. */
@interface V2TIMElem : NSObject {
  @private
    V2TIMMessage *_message;
    size_t _index;
}
/* The message's next elem, nil after the last (and for an elem of no message). */
- (V2TIMElem *)nextElem;
/* Appends a copy of elem to the message this elem belongs to, which must come from a create
 * call and not be sent yet (e.g. [message textElem]). Only text, custom, face and location
 * elems may follow the first. elem may be one of no message or of any message; it becomes a
 * view of the appended copy. A refusal changes nothing; appendElem:error: tells its code. */
- (void)appendElem:(V2TIMElem *)elem;
/* Hark: appendElem: with the reason of a refusal, 6017 in V2TIMErrorDomain (this elem belongs
 * to no message, the message was sent or received, elem is nil or of a type that may not
 * follow, or a field is refused: nil text, coordinates out of range, invalid UTF-8). */
- (BOOL)appendElem:(V2TIMElem *)elem error:(NSError **)error;
@end

@interface V2TIMTextElem : V2TIMElem {
  @private
    NSString *_text;
}
@property(nonatomic, copy) NSString *text;
@end

@interface V2TIMCustomElem : V2TIMElem {
  @private
    NSData *_data;
    NSString *_desc, *_extension;
}
@property(nonatomic, copy) NSData *data;
@property(nonatomic, copy) NSString *desc;
@property(nonatomic, copy) NSString *extension;
@end

/* One version of an image. */
@interface V2TIMImage : NSObject {
  @private
    V2TIMMessage *_message;
    size_t _elemIndex, _imageIndex;
}
@property(nonatomic, readonly) NSString *uuid;
@property(nonatomic, readonly) V2TIMImageType type;
@property(nonatomic, readonly) int size;
@property(nonatomic, readonly) int width;
@property(nonatomic, readonly) int height;
@property(nonatomic, readonly) NSString *url;
- (void)downloadImage:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
@end

@interface V2TIMImageElem : V2TIMElem
/* The sender's local path; empty on received messages. */
@property(nonatomic, readonly) NSString *path;
/* Origin, large and thumbnail once uploaded; empty before. */
@property(nonatomic, readonly) NSArray<V2TIMImage *> *imageList;
@end

@interface V2TIMSoundElem : V2TIMElem
@property(nonatomic, readonly) NSString *path;
@property(nonatomic, readonly) NSString *uuid;
@property(nonatomic, readonly) int dataSize;
@property(nonatomic, readonly) int duration;
/* Calls urlCallBack before returning, on the calling thread (libhark knows the URL). */
- (void)getUrl:(void (^)(NSString *url))urlCallBack;
- (void)downloadSound:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
@end

@interface V2TIMVideoElem : V2TIMElem
@property(nonatomic, readonly) NSString *videoPath;
@property(nonatomic, readonly) NSString *snapshotPath;
@property(nonatomic, readonly) NSString *videoUUID;
@property(nonatomic, readonly) int videoSize;
@property(nonatomic, readonly) NSString *videoType;
@property(nonatomic, readonly) int duration;
@property(nonatomic, readonly) NSString *snapshotUUID;
@property(nonatomic, readonly) int snapshotSize;
@property(nonatomic, readonly) int snapshotWidth;
@property(nonatomic, readonly) int snapshotHeight;
/* Both call the block before returning, on the calling thread. */
- (void)getVideoUrl:(void (^)(NSString *url))urlCallBack;
- (void)getSnapshotUrl:(void (^)(NSString *url))urlCallBack;
- (void)downloadVideo:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
- (void)downloadSnapshot:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
@end

@interface V2TIMFileElem : V2TIMElem
@property(nonatomic, readonly) NSString *path;
@property(nonatomic, readonly) NSString *uuid;
@property(nonatomic, readonly) NSString *filename;
@property(nonatomic, readonly) int fileSize;
/* Calls urlCallBack before returning, on the calling thread. */
- (void)getUrl:(void (^)(NSString *url))urlCallBack;
- (void)downloadFile:(NSString *)path progress:(V2TIMDownLoadProgress)progress succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
@end

@interface V2TIMLocationElem : V2TIMElem {
  @private
    NSString *_desc;
    double _longitude, _latitude;
}
@property(nonatomic, copy) NSString *desc;
/* -180..180 and -90..90, checked by appendElem:. */
@property(nonatomic, assign) double longitude;
@property(nonatomic, assign) double latitude;
@end

@interface V2TIMFaceElem : V2TIMElem {
  @private
    int _faceIndex;
    NSData *_data;
}
@property(nonatomic, assign) int index;
@property(nonatomic, copy) NSData *data;
@end

/* Offline push settings of one message (sendMessage's offlinePushInfo). */
@interface V2TIMOfflinePushInfo : NSObject {
  @private
    NSString *_title, *_desc, *_ext, *_iOSSound, *_AndroidSound, *_AndroidOPPOChannelID;
    NSString *_AndroidFCMChannelID, *_AndroidXiaoMiChannelID, *_AndroidHuaWeiCategory;
    BOOL _disablePush, _ignoreIOSBadge;
    V2TIMIOSOfflinePushType _iOSPushType;
    NSInteger _AndroidVIVOClassification;
}
@property(nonatomic, copy) NSString *title;
@property(nonatomic, copy) NSString *desc;
@property(nonatomic, copy) NSString *ext;
@property(nonatomic, assign) BOOL disablePush;
@property(nonatomic, assign) V2TIMIOSOfflinePushType iOSPushType;
@property(nonatomic, copy) NSString *iOSSound;
@property(nonatomic, assign) BOOL ignoreIOSBadge;
@property(nonatomic, copy) NSString *AndroidSound;
@property(nonatomic, copy) NSString *AndroidOPPOChannelID;
@property(nonatomic, copy) NSString *AndroidFCMChannelID;
@property(nonatomic, copy) NSString *AndroidXiaoMiChannelID;
/* Default 1, as in V2TIM. */
@property(nonatomic, assign) NSInteger AndroidVIVOClassification;
@property(nonatomic, copy) NSString *AndroidHuaWeiCategory;
@end

/* A message. It owns a libhark message; properties read it each time, so a message being
 * sent shows its progress (status, msgID, seq, timestamp). */
@interface V2TIMMessage : NSObject {
  @private
    struct hark_message *_handle;
    V2TIMManager *_manager;
}
/* nil until sent. */
@property(nonatomic, readonly) NSString *msgID;
/* Server time; nil until sent. */
@property(nonatomic, readonly) NSDate *timestamp;
@property(nonatomic, readonly) NSString *sender;
/* The C2C peer; nil for group messages. */
@property(nonatomic, readonly) NSString *userID;
/* nil for C2C messages. */
@property(nonatomic, readonly) NSString *groupID;
@property(nonatomic, readonly) uint64_t seq;
@property(nonatomic, readonly) uint64_t random;
@property(nonatomic, readonly) V2TIMMessageStatus status;
@property(nonatomic, readonly) BOOL isSelf;
/* YES for the user's own messages, and for others' messages the user had read (on any
 * device) when this copy came from harkd (history, a conversation's lastMessage); NO for a
 * message that has just arrived. */
@property(nonatomic, readonly) BOOL isRead;
/* YES for the user's own C2C message the peer had read when this copy came from harkd;
 * onRecvC2CReadReceipt: says when that changes. */
@property(nonatomic, readonly) BOOL isPeerRead;
@property(nonatomic, readonly) V2TIMMessagePriority priority;
/* Hark: the group's rate limit dropped this message of the sender. Its send still succeeded
 * (as with Tencent), but nobody received it and its seq is 0. */
@property(nonatomic, readonly) BOOL isDropped;
/* The receivers of a targeted group message; empty otherwise. */
@property(nonatomic, readonly) NSMutableArray<NSString *> *targetGroupMemberList;
/* The first elem's type, and the first elem by type (nil when it is of another type). */
@property(nonatomic, readonly) V2TIMElemType elemType;
@property(nonatomic, readonly) V2TIMTextElem *textElem;
@property(nonatomic, readonly) V2TIMCustomElem *customElem;
@property(nonatomic, readonly) V2TIMImageElem *imageElem;
@property(nonatomic, readonly) V2TIMSoundElem *soundElem;
@property(nonatomic, readonly) V2TIMVideoElem *videoElem;
@property(nonatomic, readonly) V2TIMFileElem *fileElem;
@property(nonatomic, readonly) V2TIMLocationElem *locationElem;
@property(nonatomic, readonly) V2TIMFaceElem *faceElem;
@property(nonatomic, readonly) V2TIMOfflinePushInfo *offlinePushInfo;
/* Its readers report reading it (sendMessageReadReceipts:) and the sender hears how many have.
 * Set it on a message from a create call before sendMessage:; afterwards, and on a received
 * message, setting it changes nothing. A received message tells whether its sender asked. */
@property(nonatomic, assign) BOOL needReadReceipt;
@end

#endif
