/* The iOS sample of Tencent's guide to sending messages, "发送多个 Elem 的消息" (a text elem
 * with a custom elem appended), exactly as the guide prints it; the binding's ImSDK_Plus.h
 * stands in for Tencent's. It sends with the shared manager to "userID"; test_v2tim.m checks
 * what that user received. */
#import "ImSDK_Plus.h"
#import "TestSupport.h" /* declares this function */

/* The sample's blocks leave their parameters unused, as apps' do. */
#pragma clang diagnostic ignored "-Wunused-parameter"

V2TIMMessage *seed_multi_elem_sample(void) {
    // 创建文本消息
    V2TIMMessage *message = [[V2TIMManager sharedInstance] createTextMessage:@"text"];

    // 创建自定义 elem
    V2TIMCustomElem *customElem = [[V2TIMCustomElem alloc] init];
    customElem.data = [@"自定义消息" dataUsingEncoding:NSUTF8StringEncoding];

    // 将自定义 elem 添加到 message.textElem 中
    [message.textElem appendElem:customElem];

    // 发送消息
    [[V2TIMManager sharedInstance] sendMessage:message
                                      receiver:@"userID"
                                       groupID:nil
                                      priority:V2TIM_PRIORITY_DEFAULT
                                onlineUserOnly:NO
                               offlinePushInfo:nil
                                      progress:nil
                                          succ:^{
        // 多 elem 消息发送成功
    } fail:^(int code, NSString *desc) {
        // 多 elem 消息发送失败
    }];
    /* What ARC would do at the end of the sample's scope; this build has no ARC. */
    [customElem release];
    return message;
}
