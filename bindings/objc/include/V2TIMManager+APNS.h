/*
 * V2TIMManager+APNS.h - registering this device for offline push.
 */
#ifndef HARK_V2TIM_MANAGER_APNS_H
#define HARK_V2TIM_MANAGER_APNS_H

#import "V2TIMManager.h"

@interface V2TIMAPNSConfig : NSObject {
  @private
    int _businessID;
    NSData *_token;
}
/* The push certificate id the console assigned. */
@property(nonatomic, assign) int businessID;
/* The device token from didRegisterForRemoteNotificationsWithDeviceToken:; harkd gets it as
 * lowercase hex. */
@property(nonatomic, copy) NSData *token;
@end

@interface V2TIMManager (APNS)
/* Registers config for the logged-in user (libhark registers it again after each later
 * login); nil stops offline push and forgets the registration. 6014 when logged out, 6017 for
 * an empty token. */
- (void)setAPNS:(V2TIMAPNSConfig *)config succ:(V2TIMSucc)succ fail:(V2TIMFail)fail;
@end

#endif
