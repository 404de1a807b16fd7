// V2TIMMessage.h - V2TIM's message: a value type over one libhark message handle. Its public
// fields are read from the handle whenever the SDK hands a message out (create, send,
// receive, history); the app reads them, and may add elems with elemList.PushBack before
// the first send, and set needReadReceipt (docs/cpp-api.md, "Messages"). The elems are read
// once, when the message is made; a send rereads only the other fields.
#ifndef V2TIM_HARK_MESSAGE_H
#define V2TIM_HARK_MESSAGE_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>

#include "../hark.h"
#include "V2TIMBuffer.h"
#include "V2TIMDefine.h"
#include "V2TIMElem.h"
#include "V2TIMMessageEnums.h"
#include "V2TIMOfflinePushInfo.h"
#include "V2TIMString.h"
#include "detail/core.h"
#include "detail/message_handle.h"

struct V2TIMMessage {
    // Empty until the first send; SendMessage sets it.
    V2TIMString msgID;
    // Server time, seconds since the Unix epoch (0 until sent).
    int64_t timestamp = 0;
    V2TIMString sender;
    // The group of a group message, else "".
    V2TIMString groupID;
    // The C2C peer (the receiver on one's own messages), "" for groups.
    V2TIMString userID;
    uint64_t seq = 0;
    uint64_t random = 0;
    V2TIMMessageStatus status = V2TIMMessageStatus();
    bool isSelf = false;
    V2TIMMessagePriority priority = V2TIM_PRIORITY_DEFAULT;
    // The members a targeted group message is for (V2TIM 6.x's field).
    V2TIMStringVector targetGroupMemberList;
    V2TIMElemVector elemList;
    V2TIMOfflinePushInfo offlinePushInfo;
    // Set by the app before the first send: the readers report reading the message
    // (SendMessageReadReceipts) and the sender hears how many have (OnRecvMessageReadReceipts,
    // GetMessageReadReceipts). SendMessage applies it; on a received message it says whether
    // the sender asked for receipts. Changing it on a message already sent fails the send
    // with 6017.
    bool needReadReceipt = false;

    // Hark addition: true when the group's rate limit dropped this message. Its send still
    // succeeded (as with Tencent), but nobody received it and it is not stored. Set on the
    // message V2TIMSendCallback::OnSuccess gets.
    bool IsDropped() const { return dropped_; }

    // The user's own messages are read; another's is read when the user had read it (on any
    // device) as this copy came from harkd (history, a conversation's lastMessage), so not
    // on a message that has just arrived.
    bool IsRead() const { return read_; }
    // The user's own C2C message that the peer had read as this copy came from harkd;
    // OnRecvC2CReadReceipt says when that changes.
    bool IsPeerRead() const { return peerRead_; }

private:
    friend struct v2tim_detail::MessageAccess;
    v2tim_detail::MessageHandle handle_;
    bool dropped_ = false;
    bool read_ = false;
    bool peerRead_ = false;
    int32_t error_ = HARK_ERR_OK;  // why libhark made no handle; SendMessage reports it
};

// A message that moves (as in a growing V2TIMMessageVector) takes its elems along, so the
// pointers read from its elemList stay valid; a copy would make new ones.
static_assert(std::is_nothrow_move_constructible<V2TIMMessage>::value, "V2TIMMessage must move without copying its elems");

DEFINE_VECTOR(V2TIMMessage)
typedef TXV2TIMMessageVector V2TIMMessageVector;

// A read receipt. A C2C one (OnRecvC2CReadReceipt) says that userID has read every message
// of the conversation with them, at timestamp: isPeerRead true, msgID and groupID "",
// readCount and unreadCount 0.
struct V2TIMMessageReceipt {
    V2TIMString msgID;
    V2TIMString userID;
    bool isPeerRead = false;
    // Seconds since the Unix epoch.
    int64_t timestamp = 0;
    V2TIMString groupID;
    int32_t readCount = 0;
    int32_t unreadCount = 0;
};

DEFINE_VECTOR(V2TIMMessageReceipt)
typedef TXV2TIMMessageReceiptVector V2TIMMessageReceiptVector;

struct V2TIMMessageListGetOption {
    // V2TIM_GET_CLOUD_OLDER_MSG, or V2TIM_GET_LOCAL_OLDER_MSG (served from harkd, as Hark
    // keeps no local store); the NEWER types are refused with 6017.
    V2TIMMessageGetType getType = V2TIM_GET_CLOUD_OLDER_MSG;
    // Exactly one of userID and groupID.
    V2TIMString userID;
    V2TIMString groupID;
    // 1..100; more is clamped.
    uint32_t count = 0;
    // Older than this message (NULL: from the newest); the result excludes it.
    V2TIMMessage* lastMsg = nullptr;
};

namespace v2tim_detail {

inline V2TIMString Str(const char* s) { return V2TIMString(s); }

inline V2TIMBuffer Bytes(const uint8_t* data, size_t len) { return V2TIMBuffer(data, len); }

inline V2TIMMessageReceipt Receipt(const hark_message_receipt& r) {
    V2TIMMessageReceipt out;
    out.msgID = Str(r.msg_id);
    out.userID = Str(r.user_id);
    out.isPeerRead = r.is_peer_read;
    out.timestamp = r.timestamp;
    out.groupID = Str(r.group_id);
    out.readCount = static_cast<int32_t>(r.read_count);
    out.unreadCount = static_cast<int32_t>(r.unread_count);
    return out;
}

inline V2TIMMessageReceiptVector Receipts(const hark_message_receipt* receipts, size_t count) {
    V2TIMMessageReceiptVector list;
    for (size_t i = 0; i < count; i++) list.PushBack(Receipt(receipts[i]));
    return list;
}

// Reads and writes the private parts of messages and elems for the managers and adapters.
struct MessageAccess {
    static hark_message* Handle(const V2TIMMessage& m) { return m.handle_.get(); }

    // A message over `owned` (taken over; NULL gives an empty message).
    static V2TIMMessage Adopt(hark_message* owned, const std::shared_ptr<Core>& core) {
        V2TIMMessage m;
        m.handle_ = MessageHandle(owned);
        Refresh(m);
        TXPV2TIMElemVector& list = m.elemList;
        for (size_t i = 0, n = hark_message_get_elem_count(owned); i < n; i++)
            list.inHandle_.push_back(list.Own(ReadElem(m.handle_.shared(), i, core)));
        return m;
    }

    // The empty message of a Create call libhark refused with `code`.
    static V2TIMMessage Failed(int32_t code) {
        V2TIMMessage m;
        m.error_ = code;
        return m;
    }

    // A message over a copy of a handle libhark lends to a callback.
    static V2TIMMessage Copy(const hark_message* borrowed, const std::shared_ptr<Core>& core) {
        return Adopt(hark_message_clone(borrowed), core);
    }

    // Reads the fields again from the handle, after libhark changed it. The elems stay as they
    // are (a send does not change them), so pointers the app took from elemList stay valid.
    static void Refresh(V2TIMMessage& m) {
        const hark_message* h = m.handle_.get();
        m.msgID = Str(hark_message_get_msg_id(h));
        m.timestamp = hark_message_get_timestamp(h);
        m.sender = Str(hark_message_get_sender(h));
        m.groupID = Str(hark_message_get_group_id(h));
        m.userID = Str(hark_message_get_user_id(h));
        m.seq = hark_message_get_seq(h);
        m.random = hark_message_get_random(h);
        m.status = static_cast<V2TIMMessageStatus>(hark_message_get_status(h));
        m.isSelf = hark_message_is_self(h);
        m.priority = static_cast<V2TIMMessagePriority>(hark_message_get_priority(h));
        m.needReadReceipt = hark_message_get_need_read_receipt(h);
        m.dropped_ = hark_message_is_dropped(h);
        m.read_ = hark_message_is_read(h);
        m.peerRead_ = hark_message_is_peer_read(h);
        m.targetGroupMemberList.Clear();
        for (size_t i = 0, n = hark_message_get_target_count(h); i < n; i++)
            m.targetGroupMemberList.PushBack(Str(hark_message_get_target(h, i)));
        m.offlinePushInfo = PushInfo(h);
    }

    // Makes the handle what the app set before a send: the elems it pushed (SyncElems) and
    // needReadReceipt. Returns 0 or the code the send is to fail with.
    static int32_t Prepare(V2TIMMessage& m) {
        const int32_t code = SyncElems(m);
        if (code != HARK_ERR_OK) return code;
        hark_message* h = m.handle_.get();
        if (hark_message_get_need_read_receipt(h) == m.needReadReceipt) return HARK_ERR_OK;
        return hark_message_set_need_read_receipt(h, m.needReadReceipt);
    }

    // Appends to the handle the elems the app pushed onto elemList since they were last
    // appended (V2TIM's multi-elem messages); the app's elems are read, not kept. Returns 0;
    // the error of the Create call that made no handle; or 6017 when libhark refuses an elem
    // (appendElem's rules: only text, custom, face and location may follow the first elem,
    // and only before the first send) or elems that are in the handle were removed.
    static int32_t SyncElems(V2TIMMessage& m) {
        if (m.error_ != HARK_ERR_OK) return m.error_;
        hark_message* h = m.handle_.get();
        TXPV2TIMElemVector& list = m.elemList;
        if (!h || list.items_.size() < list.inHandle_.size()) return HARK_ERR_INVALID_PARAMETERS;
        for (size_t i = 0; i < list.inHandle_.size(); i++)
            if (list.items_[i] != list.inHandle_[i]) return HARK_ERR_INVALID_PARAMETERS;
        for (size_t i = list.inHandle_.size(); i < list.items_.size(); i++) {
            const int32_t code = Append(h, list.items_[i]);
            if (code != HARK_ERR_OK) return code;
            list.inHandle_.push_back(list.items_[i]);
        }
        return HARK_ERR_OK;
    }

private:
    static int32_t Append(hark_message* h, const V2TIMElem* e) {
        if (auto t = dynamic_cast<const V2TIMTextElem*>(e)) return hark_message_append_text(h, t->text.CString());
        if (auto c = dynamic_cast<const V2TIMCustomElem*>(e))
            return hark_message_append_custom(h, c->data.Data(), c->data.Size(), c->desc.CString(), c->extension.CString());
        if (auto l = dynamic_cast<const V2TIMLocationElem*>(e))
            return hark_message_append_location(h, l->desc.CString(), l->longitude, l->latitude);
        if (auto f = dynamic_cast<const V2TIMFaceElem*>(e)) return hark_message_append_face(h, f->index, f->data.Data(), f->data.Size());
        return HARK_ERR_INVALID_PARAMETERS;
    }

    static V2TIMOfflinePushInfo PushInfo(const hark_message* h) {
        V2TIMOfflinePushInfo info;
        hark_offline_push_info p{};
        if (hark_message_get_offline_push_info(h, &p) != HARK_ERR_OK) return info;
        info.title = Str(p.title);
        info.desc = Str(p.desc);
        info.ext = Str(p.ext);
        info.disablePush = p.disable_push;
        info.iOSPushType = static_cast<V2TIMIOSOfflinePushType>(p.ios_push_type);
        info.ignoreIOSBadge = p.ignore_ios_badge;
        info.iOSSound = Str(p.ios_sound);
        info.AndroidSound = Str(p.android_sound);
        info.AndroidOPPOChannelID = Str(p.android_oppo_channel_id);
        info.AndroidFCMChannelID = Str(p.android_fcm_channel_id);
        info.AndroidXiaoMiChannelID = Str(p.android_xiaomi_channel_id);
        info.AndroidVIVOClassification = p.android_vivo_classification;
        info.AndroidHuaWeiCategory = Str(p.android_huawei_category);
        return info;
    }

    static std::unique_ptr<V2TIMElem> ReadElem(const std::shared_ptr<hark_message>& handle, size_t i,
                                               const std::shared_ptr<Core>& core) {
        const hark_message* h = handle.get();
        const ElemSource source{handle, i, core};
        switch (hark_message_get_elem_type(h, i)) {
        case HARK_ELEM_TYPE_TEXT: {
            auto e = std::make_unique<V2TIMTextElem>();
            e->text = Str(hark_message_get_text(h, i));
            return e;
        }
        case HARK_ELEM_TYPE_CUSTOM: {
            auto e = std::make_unique<V2TIMCustomElem>();
            size_t len = 0;
            const uint8_t* data = hark_message_get_custom_data(h, i, &len);
            e->data = Bytes(data, len);
            e->desc = Str(hark_message_get_custom_desc(h, i));
            e->extension = Str(hark_message_get_custom_extension(h, i));
            return e;
        }
        case HARK_ELEM_TYPE_IMAGE: {
            auto e = std::make_unique<V2TIMImageElem>();
            e->path = Str(hark_message_get_image_path(h, i));
            for (size_t n = 0, count = hark_message_get_image_count(h, i); n < count; n++) {
                hark_image img{};
                if (hark_message_get_image(h, i, n, &img) != HARK_ERR_OK) continue;
                V2TIMImage image;
                image.uuid = Str(img.uuid);
                image.type = static_cast<V2TIMImageType>(img.type);
                image.size = img.size;
                image.width = img.width;
                image.height = img.height;
                image.url = Str(img.url);
                image.source_ = source;
                e->imageList.PushBack(image);
            }
            return e;
        }
        case HARK_ELEM_TYPE_SOUND: {
            auto e = std::make_unique<V2TIMSoundElem>();
            hark_sound_elem s{};
            if (hark_message_get_sound(h, i, &s) == HARK_ERR_OK) {
                e->path = Str(s.path);
                e->uuid = Str(s.uuid);
                e->dataSize = s.data_size;
                e->duration = s.duration;
            }
            e->source_ = source;
            return e;
        }
        case HARK_ELEM_TYPE_VIDEO: {
            auto e = std::make_unique<V2TIMVideoElem>();
            hark_video_elem v{};
            if (hark_message_get_video(h, i, &v) == HARK_ERR_OK) {
                e->videoPath = Str(v.video_path);
                e->snapshotPath = Str(v.snapshot_path);
                e->videoUUID = Str(v.video_uuid);
                e->videoSize = v.video_size;
                e->videoType = Str(v.video_type);
                e->duration = v.duration;
                e->snapshotUUID = Str(v.snapshot_uuid);
                e->snapshotSize = v.snapshot_size;
                e->snapshotWidth = v.snapshot_width;
                e->snapshotHeight = v.snapshot_height;
            }
            e->source_ = source;
            return e;
        }
        case HARK_ELEM_TYPE_FILE: {
            auto e = std::make_unique<V2TIMFileElem>();
            hark_file_elem f{};
            if (hark_message_get_file(h, i, &f) == HARK_ERR_OK) {
                e->path = Str(f.path);
                e->uuid = Str(f.uuid);
                e->filename = Str(f.file_name);
                e->fileSize = f.file_size;
            }
            e->source_ = source;
            return e;
        }
        case HARK_ELEM_TYPE_LOCATION: {
            auto e = std::make_unique<V2TIMLocationElem>();
            hark_location_elem l{};
            if (hark_message_get_location(h, i, &l) == HARK_ERR_OK) {
                e->desc = Str(l.desc);
                e->longitude = l.longitude;
                e->latitude = l.latitude;
            }
            return e;
        }
        case HARK_ELEM_TYPE_FACE: {
            auto e = std::make_unique<V2TIMFaceElem>();
            hark_face_elem f{};
            if (hark_message_get_face(h, i, &f) == HARK_ERR_OK) {
                e->index = f.index;
                e->data = Bytes(f.data, f.data_len);
            }
            return e;
        }
        default: {
            // A type this wrapper has no class for: the app still sees which it is.
            auto e = std::make_unique<V2TIMElem>();
            e->elemType = static_cast<V2TIMElemType>(hark_message_get_elem_type(h, i));
            return e;
        }
        }
    }
};

}  // namespace v2tim_detail

#endif
