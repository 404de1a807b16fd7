/*
 * V2TIMManager.h - the core of Hark's Objective-C binding: Tencent Cloud IM's V2TIM iOS/Mac
 * names over libhark's C API (hark.h). See docs/objc-api.md.
 *
 * Every block (succ, fail, progress) and every listener method runs on libhark's dispatcher
 * thread of this manager, one at a time, never on the main thread and never inside the call
 * that started the request. The one exception: a request refused at once (6013 before initSDK
 * and after unInitSDK, 6017 a bad argument, 6014 not logged in, ...) fails on the calling
 * thread, before the call returns.
 */
#ifndef HARK_V2TIM_MANAGER_H
#define HARK_V2TIM_MANAGER_H

#import <Foundation/Foundation.h>

@class V2TIMSDKConfig;
@protocol V2TIMSDKListener;

/* Group types (V2TIM's constants). */
extern NSString *const GroupType_Work;
extern NSString *const GroupType_Public;
extern NSString *const GroupType_Meeting;
extern NSString *const GroupType_AVChatRoom;
extern NSString *const GroupType_Community;

/* Hark: the NSError domain of the APIs that report an NSError; codes are V2TIM's numbers,
 * the same a fail block gets. */
extern NSString *const V2TIMErrorDomain;

typedef void (^V2TIMSucc)(void);
typedef void (^V2TIMFail)(int code, NSString *desc);
typedef void (^V2TIMCreateGroupSucc)(NSString *groupID);

typedef NS_ENUM(NSInteger, V2TIMLoginStatus) {
    V2TIM_STATUS_LOGINED = 1,
    V2TIM_STATUS_LOGINING = 2,
    V2TIM_STATUS_LOGOUT = 3,
};

typedef NS_ENUM(NSInteger, V2TIMMessagePriority) {
    V2TIM_PRIORITY_DEFAULT = 0,
    V2TIM_PRIORITY_HIGH = 1,
    V2TIM_PRIORITY_NORMAL = 2,
    V2TIM_PRIORITY_LOW = 3,
};

typedef NS_ENUM(NSInteger, V2TIMGroupMemberRole) {
    V2TIM_GROUP_MEMBER_UNDEFINED = 0,
    V2TIM_GROUP_MEMBER_ROLE_MEMBER = 200,
    V2TIM_GROUP_MEMBER_ROLE_ADMIN = 300,
    V2TIM_GROUP_MEMBER_ROLE_SUPER = 400,
};

/* Settings for initSDK:config:. */
@interface V2TIMSDKConfig : NSObject {
  @private
    NSString *_serverURL;
    NSString *_caPem;
    uint32_t _platform;
}
/* Hark: harkd's base URL, e.g. @"ws://127.0.0.1:7000". Required. */
@property(nonatomic, copy) NSString *serverURL;
/* Hark: for a "wss://" server, PEM CA certificates to trust besides the public roots (a
 * private CA, a self-signed server). nil (the default) or empty trusts the public roots only. */
@property(nonatomic, copy) NSString *caPem;
/* Hark: sent at login; a newer login of the same user on the same platform kicks the older
 * one offline, so two devices of one user need different platforms. Default 0. */
@property(nonatomic, assign) uint32_t platform;
@end

/* The legacy (GCC) runtime keeps instance variables in the interface; they are private. */
@interface V2TIMManager : NSObject {
  @private
    struct V2TIMManagerState *_state;
}

/* The manager V2TIM apps use. */
+ (V2TIMManager *)sharedInstance;

/* Hark: an independent manager with its own connection, for a second account in one
 * process. It stays alive until unInitSDK even when released (its client holds it). */
- (instancetype)init;

/* Checks that libhark matches the header this binding was built with, then starts the
 * client. NO on a version mismatch, a missing serverURL, a caPem without a certificate or a
 * bad argument. Calling it again
 * while initialized returns YES and changes nothing. */
- (BOOL)initSDK:(int)sdkAppID config:(V2TIMSDKConfig *)config;

/* Ends every request in flight with fail 9508, runs every pending block, and returns after the
 * last one (at once when called from inside a block of this manager). Listeners stay added. */
- (void)unInitSDK;

/* libhark's version, "MAJOR.MINOR.PATCH". */
- (NSString *)getVersion;

/* Listeners are retained until removed (V2TIM on Apple does not retain them). */
- (void)addIMSDKListener:(id<V2TIMSDKListener>)listener;
- (void)removeIMSDKListener:(id<V2TIMSDKListener>)listener;

- (void)login:(NSString *)userID userSig:(NSString *)userSig succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
- (void)logout:(V2TIMSucc)succ fail:(V2TIMFail)fail;
/* nil when logged out. */
- (NSString *)getLoginUser;
- (V2TIMLoginStatus)getLoginStatus;

/* The four simple sends return the msgID (nil when the request was refused at once; fail has
 * then run with the code). */
- (NSString *)sendC2CTextMessage:(NSString *)text to:(NSString *)userID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
- (NSString *)sendC2CCustomMessage:(NSData *)customData to:(NSString *)userID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
- (NSString *)sendGroupTextMessage:(NSString *)text
                                to:(NSString *)groupID
                          priority:(V2TIMMessagePriority)priority
                              succ:(V2TIMSucc)succ
                              fail:(V2TIMFail)fail;
- (NSString *)sendGroupCustomMessage:(NSData *)customData
                                  to:(NSString *)groupID
                            priority:(V2TIMMessagePriority)priority
                                succ:(V2TIMSucc)succ
                                fail:(V2TIMFail)fail;

/* groupID nil: harkd assigns one, passed to succ. */
- (void)createGroup:(NSString *)groupType
            groupID:(NSString *)groupID
          groupName:(NSString *)groupName
               succ:(V2TIMCreateGroupSucc)succ
               fail:(V2TIMFail)fail;
- (void)joinGroup:(NSString *)groupID msg:(NSString *)msg succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
- (void)quitGroup:(NSString *)groupID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
- (void)dismissGroup:(NSString *)groupID succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;

@end

/* Connection events; every method is optional. */
@protocol V2TIMSDKListener <NSObject>
@optional
- (void)onConnecting;
- (void)onConnectSuccess;
- (void)onConnectFailed:(int)code err:(NSString *)err;
- (void)onKickedOffline;
- (void)onUserSigExpired;
@end

#endif
