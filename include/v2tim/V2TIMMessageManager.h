// V2TIMMessageManager.h - V2TIM's message manager: create, send, receive, history.
#ifndef V2TIM_HARK_MESSAGE_MANAGER_H
#define V2TIM_HARK_MESSAGE_MANAGER_H

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "../hark.h"
#include "V2TIMBuffer.h"
#include "V2TIMCallback.h"
#include "V2TIMListener.h"
#include "V2TIMMessage.h"
#include "V2TIMString.h"
#include "detail/c_strings.h"
#include "detail/callbacks.h"
#include "detail/core.h"
#include "detail/message_callbacks.h"

class V2TIMManager;

class V2TIMMessageManager {
public:
    V2TIMMessageManager(const V2TIMMessageManager&) = delete;
    V2TIMMessageManager& operator=(const V2TIMMessageManager&) = delete;

    // May be called before InitSDK. Once RemoveAdvancedMsgListener returns, the listener is
    // not called again and may be deleted.
    void AddAdvancedMsgListener(V2TIMAdvancedMsgListener* listener) { core_->msgListeners.Add(listener); }
    void RemoveAdvancedMsgListener(V2TIMAdvancedMsgListener* listener) { core_->msgListeners.Remove(listener); }

    // A Create* call whose arguments libhark refuses returns an empty message that keeps
    // libhark's code: sending it ends in OnError with that code and its description (7004 no
    // such file or a folder, 7006 empty, 7005 too large, 6016 not an image, 6017 invalid
    // UTF-8 or a location out of range). Copies and targeted messages made from it keep it.
    V2TIMMessage CreateTextMessage(const V2TIMString& text) {
        return Create([&](hark_message** out) { return hark_create_text_message(text.CString(), out); });
    }

    V2TIMMessage CreateCustomMessage(const V2TIMBuffer& data) { return CreateCustomMessage(data, "", ""); }

    V2TIMMessage CreateCustomMessage(const V2TIMBuffer& data, const V2TIMString& description, const V2TIMString& extension) {
        return Create([&](hark_message** out) {
            return hark_create_custom_message(data.Data(), data.Size(), description.CString(), extension.CString(), out);
        });
    }

    V2TIMMessage CreateImageMessage(const V2TIMString& imagePath) {
        return Create([&](hark_message** out) { return hark_create_image_message(imagePath.CString(), out); });
    }

    V2TIMMessage CreateSoundMessage(const V2TIMString& soundPath, uint32_t duration) {
        return Create([&](hark_message** out) { return hark_create_sound_message(soundPath.CString(), duration, out); });
    }

    V2TIMMessage CreateVideoMessage(const V2TIMString& videoFilePath, const V2TIMString& type, uint32_t duration,
                                    const V2TIMString& snapshotPath) {
        return Create([&](hark_message** out) {
            return hark_create_video_message(videoFilePath.CString(), type.CString(), duration, snapshotPath.CString(), out);
        });
    }

    V2TIMMessage CreateFileMessage(const V2TIMString& filePath, const V2TIMString& fileName) {
        return Create([&](hark_message** out) { return hark_create_file_message(filePath.CString(), fileName.CString(), out); });
    }

    V2TIMMessage CreateLocationMessage(const V2TIMString& desc, double longitude, double latitude) {
        return Create([&](hark_message** out) { return hark_create_location_message(desc.CString(), longitude, latitude, out); });
    }

    V2TIMMessage CreateFaceMessage(uint32_t index, const V2TIMBuffer& data) {
        return Create([&](hark_message** out) { return hark_create_face_message(index, data.Data(), data.Size(), out); });
    }

    // A copy of `message` that only `receiverList` (1 to 50 members) and the sender see; send
    // it with a groupID and no receiver.
    V2TIMMessage CreateTargetedGroupMessage(const V2TIMMessage& message, const V2TIMStringVector& receiverList) {
        V2TIMMessage source = message;
        const int32_t error = v2tim_detail::MessageAccess::SyncElems(source);
        if (error != HARK_ERR_OK) return v2tim_detail::MessageAccess::Failed(error);
        const std::vector<const char*> ids = v2tim_detail::CStrings(receiverList);
        return Create([&](hark_message** out) {
            return hark_create_targeted_group_message(v2tim_detail::MessageAccess::Handle(source), ids.data(), ids.size(), out);
        });
    }

    // Returns the msgID at once; the callback ends the send on the dispatcher thread. On
    // return `message` shows the msgID, status SENDING, isSelf and the sender; the final
    // message (SEND_SUCC, seq, timestamp, the uploaded files) reaches OnSuccess.
    V2TIMString SendMessage(V2TIMMessage& message, const V2TIMString& receiver, const V2TIMString& groupID,
                            V2TIMMessagePriority priority, bool onlineUserOnly, const V2TIMOfflinePushInfo& offlinePushInfo,
                            V2TIMSendCallback* callback) {
        char msgID[HARK_MSG_ID_SIZE] = "";
        // A message libhark could not create, or whose pushed elems or needReadReceipt it
        // refused, goes as NULL: libhark refuses the send at once (6017) like any other bad
        // argument, and the callback reports the message's own error in its place.
        const int32_t error = v2tim_detail::MessageAccess::Prepare(message);
        hark_message* handle = error == HARK_ERR_OK ? v2tim_detail::MessageAccess::Handle(message) : nullptr;
        const hark_offline_push_info push = PushInfoOf(offlinePushInfo);
        const int32_t code = v2tim_detail::Start(
            *core_, v2tim_detail::SendCallbackOf(callback, core_, error), [&](hark_client* c, const hark_send_callback& cb) {
                return hark_send_message(c, handle, OrNull(receiver), OrNull(groupID), priority, onlineUserOnly,
                                         IsDefault(offlinePushInfo) ? nullptr : &push, cb, msgID, sizeof msgID);
            });
        // A refused send changed nothing; an accepted one stamped the handle.
        if (code == HARK_ERR_OK && handle) v2tim_detail::MessageAccess::Refresh(message);
        return V2TIMString(msgID);
    }

    // Messages newest first, older than option.lastMsg.
    void GetHistoryMessageList(const V2TIMMessageListGetOption& option, V2TIMValueCallback<V2TIMMessageVector>* callback) {
        const bool older = option.getType == V2TIM_GET_CLOUD_OLDER_MSG || option.getType == V2TIM_GET_LOCAL_OLDER_MSG;
        const bool c2c = !option.userID.Empty() && option.groupID.Empty();
        const bool group = option.userID.Empty() && !option.groupID.Empty();
        // A lastMsg that was never created stands for a message never sent (6017).
        v2tim_detail::MessageHandle unsent;
        const hark_message* last = nullptr;
        if (option.lastMsg) {
            last = v2tim_detail::MessageAccess::Handle(*option.lastMsg);
            if (!last) {
                hark_message* m = nullptr;
                hark_create_text_message("", &m);
                unsent = v2tim_detail::MessageHandle(m);
                last = unsent.get();
            }
        }
        v2tim_detail::Start(*core_, v2tim_detail::HistoryCallbackOf(callback, core_), [&](hark_client* c, const hark_history_callback& cb) {
            if (older && group) return hark_get_group_history_message_list(c, option.groupID.CString(), option.count, last, cb);
            // Bad options go as a NULL user id, which libhark refuses with 6017.
            return hark_get_c2c_history_message_list(c, older && c2c ? option.userID.CString() : nullptr, option.count, last, cb);
        });
    }

    // Marks the C2C conversation with userID read up to its newest message, on every device
    // of the user; the peer hears OnRecvC2CReadReceipt. 7003 for an invalid userID, 6017
    // when there are no messages with that user.
    void MarkC2CMessageAsRead(const V2TIMString& userID, V2TIMCallback* callback) {
        v2tim_detail::Start(*core_, v2tim_detail::CallbackOf(callback), [&](hark_client* c, const hark_callback& cb) { return hark_mark_c2c_message_as_read(c, userID.CString(), cb); });
    }

    // Marks the group's conversation read, on every device of the user. 10015 for an invalid
    // groupID, 10007 for a group the user was never in.
    void MarkGroupMessageAsRead(const V2TIMString& groupID, V2TIMCallback* callback) {
        v2tim_detail::Start(*core_, v2tim_detail::CallbackOf(callback), [&](hark_client* c, const hark_callback& cb) { return hark_mark_group_message_as_read(c, groupID.CString(), cb); });
    }

    // Marks every conversation of the user read.
    void MarkAllMessageAsRead(V2TIMCallback* callback) {
        v2tim_detail::Start(*core_, v2tim_detail::CallbackOf(callback), [](hark_client* c, const hark_callback& cb) { return hark_mark_all_message_as_read(c, cb); });
    }

    // Reports messageList (1..100 received messages of one conversation) read by this user:
    // each sent with needReadReceipt counts the user once, and its sender hears the new
    // counts (OnRecvMessageReadReceipts). 6017 for none, over 100, a message never sent or
    // messages of two conversations; 10007 for a group the user is not in.
    void SendMessageReadReceipts(const V2TIMMessageVector& messageList, V2TIMCallback* callback) {
        const std::vector<const hark_message*> handles = Handles(messageList);
        v2tim_detail::Start(*core_, v2tim_detail::CallbackOf(callback), [&](hark_client* c, const hark_callback& cb) {
            return hark_send_message_read_receipts(c, handles.data(), handles.size(), cb);
        });
    }

    // How many have read messageList (as for SendMessageReadReceipts): one receipt per message
    // sent with needReadReceipt, in the order asked, with msgID, readCount and unreadCount,
    // and groupID for a group's, userID (the peer) and isPeerRead for a C2C one.
    void GetMessageReadReceipts(const V2TIMMessageVector& messageList, V2TIMValueCallback<V2TIMMessageReceiptVector>* callback) {
        const std::vector<const hark_message*> handles = Handles(messageList);
        v2tim_detail::Start(*core_, v2tim_detail::ReceiptsCallbackOf(callback),
                            [&](hark_client* c, const hark_message_receipt_callback& cb) {
                                return hark_get_message_read_receipts(c, handles.data(), handles.size(), cb);
                            });
    }

private:
    friend class V2TIMManager;
    explicit V2TIMMessageManager(std::shared_ptr<v2tim_detail::Core> core) : core_(std::move(core)) {}

    template <class F>
    V2TIMMessage Create(F create) {
        hark_message* m = nullptr;
        const int32_t code = create(&m);
        if (code != HARK_ERR_OK) return v2tim_detail::MessageAccess::Failed(code);
        return v2tim_detail::MessageAccess::Adopt(m, core_);
    }

    // A message without a handle (never created) goes as NULL, which libhark refuses (6017).
    static std::vector<const hark_message*> Handles(const V2TIMMessageVector& list) {
        std::vector<const hark_message*> out;
        out.reserve(list.Size());
        for (size_t i = 0; i < list.Size(); i++) out.push_back(v2tim_detail::MessageAccess::Handle(list[i]));
        return out;
    }

    static const char* OrNull(const V2TIMString& s) { return s.Empty() ? nullptr : s.CString(); }

    static bool IsDefault(const V2TIMOfflinePushInfo& p) {
        const V2TIMOfflinePushInfo d;
        return p.title == d.title && p.desc == d.desc && p.ext == d.ext && p.disablePush == d.disablePush &&
               p.iOSPushType == d.iOSPushType && p.ignoreIOSBadge == d.ignoreIOSBadge && p.iOSSound == d.iOSSound &&
               p.AndroidSound == d.AndroidSound && p.AndroidOPPOChannelID == d.AndroidOPPOChannelID &&
               p.AndroidFCMChannelID == d.AndroidFCMChannelID && p.AndroidXiaoMiChannelID == d.AndroidXiaoMiChannelID &&
               p.AndroidVIVOClassification == d.AndroidVIVOClassification && p.AndroidHuaWeiCategory == d.AndroidHuaWeiCategory;
    }

    // Borrows the strings of `p`, which outlives the send call.
    static hark_offline_push_info PushInfoOf(const V2TIMOfflinePushInfo& p) {
        hark_offline_push_info out{};
        out.title = p.title.CString();
        out.desc = p.desc.CString();
        out.ext = p.ext.CString();
        out.disable_push = p.disablePush;
        out.ios_sound = p.iOSSound.CString();
        out.ignore_ios_badge = p.ignoreIOSBadge;
        out.ios_push_type = p.iOSPushType;
        out.android_sound = p.AndroidSound.CString();
        out.android_oppo_channel_id = p.AndroidOPPOChannelID.CString();
        out.android_fcm_channel_id = p.AndroidFCMChannelID.CString();
        out.android_xiaomi_channel_id = p.AndroidXiaoMiChannelID.CString();
        out.android_vivo_classification = p.AndroidVIVOClassification;
        out.android_huawei_category = p.AndroidHuaWeiCategory.CString();
        return out;
    }

    std::shared_ptr<v2tim_detail::Core> core_;
};

#endif
