/* The umbrella header V2TIM apps import (<ImSDK_Plus/ImSDK_Plus.h> on Apple). */
#ifndef HARK_IMSDK_PLUS_H
#define HARK_IMSDK_PLUS_H

#import "TIMErrorCode.h"
#import "V2TIMManager.h"
#import "V2TIMManager+Message.h"
#import "V2TIMManager+Group.h"
#import "V2TIMManager+Conversation.h"
#import "V2TIMManager+APNS.h"

#endif
