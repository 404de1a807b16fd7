package io.hark.test;

import io.hark.imsdk.v2.V2TIMCustomElem;
import io.hark.imsdk.v2.V2TIMManager;
import io.hark.imsdk.v2.V2TIMMessage;
import io.hark.imsdk.v2.V2TIMSendCallback;

/**
 * The Android sample of Tencent's guide to sending messages, "发送多个 Elem 的消息" (a text
 * elem with a custom elem appended), exactly as the guide prints it; only the imports name
 * io.hark.imsdk.v2 instead of com.tencent.imsdk.v2. It sends with the default manager to
 * "receiver_userID"; V2TIMTest checks what that user received.
 */
final class SeedMultiElemSample {
    private SeedMultiElemSample() {}

    /** Runs the sample; returns the message it sent. */
    static V2TIMMessage run() {
        // 创建文本消息
        V2TIMMessage v2TIMMessage = V2TIMManager.getMessageManager().createTextMessage("test");
        // 创建自定义 elem
        V2TIMCustomElem customElem = new V2TIMCustomElem();
        customElem.setData("自定义消息".getBytes());
        // 将自定义 elem 添加到 message.textElem 中
        v2TIMMessage.getTextElem().appendElem(customElem);
        // 发送消息
        V2TIMManager.getMessageManager().sendMessage(v2TIMMessage, "receiver_userID", null, V2TIMMessage.V2TIM_PRIORITY_NORMAL, false, null, new V2TIMSendCallback<V2TIMMessage>() {
        	@Override
        	public void onProgress(int progress) {
        		// 不回调进度
        	}

        	@Override
        	public void onSuccess(V2TIMMessage message) {
        		// 多 elem 消息发送成功
        	}

        	@Override
        	public void onError(int code, String desc) {
        		// 多 elem 消息发送失败
        	}
        });
        return v2TIMMessage;
    }
}
