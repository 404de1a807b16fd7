// V2TIMManager.h - V2TIM's entry point over libhark. Include this one header; it brings the
// rest. See docs/cpp-api.md.
#ifndef V2TIM_HARK_MANAGER_H
#define V2TIM_HARK_MANAGER_H

#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

#include "../hark.h"
#include "V2TIMBuffer.h"
#include "V2TIMCallback.h"
#include "V2TIMCommon.h"
#include "V2TIMConversation.h"
#include "V2TIMConversationManager.h"
#include "V2TIMErrorCode.h"
#include "V2TIMGroup.h"
#include "V2TIMGroupManager.h"
#include "V2TIMListener.h"
#include "V2TIMMessage.h"
#include "V2TIMMessageManager.h"
#include "V2TIMOfflinePushManager.h"
#include "V2TIMString.h"
#include "detail/callbacks.h"
#include "detail/conversation_listener.h"
#include "detail/core.h"
#include "detail/message_callbacks.h"

class V2TIMManager {
public:
    // The SDK instance V2TIM apps use.
    static V2TIMManager* GetInstance() {
        static V2TIMManager instance(v2tim_detail::DefaultCore());
        return &instance;
    }

    // Hark addition: an SDK instance of its own, e.g. a second user in the same process
    // (V2TIM has only the singleton). Destroying it calls UnInitSDK.
    V2TIMManager() : V2TIMManager(std::make_shared<v2tim_detail::Core>()) {}
    V2TIMManager(const V2TIMManager&) = delete;
    V2TIMManager& operator=(const V2TIMManager&) = delete;
    ~V2TIMManager() { UnInitSDK(); }

    // Starts the client for config.serverAddress. False when libhark's version differs from
    // the hark.h these headers were built with (major or minor), or the arguments are
    // refused (sdkAppID 0, malformed address). True at once when already initialized.
    bool InitSDK(uint32_t sdkAppID, const V2TIMSDKConfig& config) {
        if (!VersionMatches()) return false;
        return core_->Start([&]() -> hark_client* {
            hark_client_options options;
            hark_client_options_init(&options);
            options.platform = config.platform;
            options.request_timeout_ms = config.requestTimeoutMs;
            if (!config.caPem.Empty()) options.ca_pem = config.caPem.CString();
            hark_client* client = nullptr;
            if (hark_client_new(sdkAppID, config.serverAddress.CString(), &options, &client) != HARK_ERR_OK) return nullptr;
            ListenTo(client);
            return client;
        });
    }

    // Ends the client: requests in flight end with OnError 9508 and every callback has run
    // when this returns (unless called from inside a callback: then the rest follow after
    // it). Calls made afterwards fail with 6013.
    void UnInitSDK() { hark_client_free(core_->Detach()); }

    // May be called before InitSDK. Once RemoveSDKListener returns, the listener is not called
    // again and may be deleted.
    void AddSDKListener(V2TIMSDKListener* listener) { core_->sdkListeners.Add(listener); }
    void RemoveSDKListener(V2TIMSDKListener* listener) { core_->sdkListeners.Remove(listener); }

    void Login(const V2TIMString& userID, const V2TIMString& userSig, V2TIMCallback* callback) {
        Call(v2tim_detail::CallbackOf(callback),
             [&](hark_client* c, const hark_callback& cb) { return hark_login(c, userID.CString(), userSig.CString(), cb); });
    }

    void Logout(V2TIMCallback* callback) {
        Call(v2tim_detail::CallbackOf(callback), [&](hark_client* c, const hark_callback& cb) { return hark_logout(c, cb); });
    }

    // "" unless logged in.
    V2TIMString GetLoginUser() {
        std::vector<char> buf(64);
        core_->Call([&](hark_client* c) {
            const size_t len = hark_get_login_user(c, buf.data(), buf.size());
            if (len >= buf.size()) {
                buf.resize(len + 1);
                hark_get_login_user(c, buf.data(), buf.size());
            }
        });
        return V2TIMString(buf.data());
    }

    V2TIMLoginStatus GetLoginStatus() {
        int32_t status = HARK_LOGIN_STATUS_LOGOUT;
        core_->Call([&](hark_client* c) { status = hark_get_login_status(c); });
        return static_cast<V2TIMLoginStatus>(status);
    }

    // The four simple sends return the msgID at once (12 KB at most, as in V2TIM).
    V2TIMString SendC2CTextMessage(const V2TIMString& text, const V2TIMString& userID, V2TIMSendCallback* callback) {
        return Send(callback, [&](hark_client* c, hark_send_callback cb, char* id, size_t len) {
            return hark_send_c2c_text_message(c, text.CString(), userID.CString(), cb, id, len);
        });
    }

    V2TIMString SendC2CCustomMessage(const V2TIMBuffer& customData, const V2TIMString& userID, V2TIMSendCallback* callback) {
        return Send(callback, [&](hark_client* c, hark_send_callback cb, char* id, size_t len) {
            return hark_send_c2c_custom_message(c, customData.Data(), customData.Size(), userID.CString(), cb, id, len);
        });
    }

    V2TIMString SendGroupTextMessage(const V2TIMString& text, const V2TIMString& groupID, V2TIMMessagePriority priority,
                                     V2TIMSendCallback* callback) {
        return Send(callback, [&](hark_client* c, hark_send_callback cb, char* id, size_t len) {
            return hark_send_group_text_message(c, text.CString(), groupID.CString(), priority, cb, id, len);
        });
    }

    V2TIMString SendGroupCustomMessage(const V2TIMBuffer& customData, const V2TIMString& groupID, V2TIMMessagePriority priority,
                                       V2TIMSendCallback* callback) {
        return Send(callback, [&](hark_client* c, hark_send_callback cb, char* id, size_t len) {
            return hark_send_group_custom_message(c, customData.Data(), customData.Size(), groupID.CString(), priority, cb, id, len);
        });
    }

    // groupType: "Work", "Public", "Meeting", "AVChatRoom" or "Community"; an empty groupID
    // lets harkd assign one. OnSuccess gets the group's id.
    void CreateGroup(const V2TIMString& groupType, const V2TIMString& groupID, const V2TIMString& groupName,
                     V2TIMValueCallback<V2TIMString>* callback) {
        Call(v2tim_detail::StringCallbackOf(callback), [&](hark_client* c, const hark_string_callback& cb) {
            return hark_create_group(c, groupType.CString(), groupID.CString(), groupName.CString(), nullptr, 0, cb);
        });
    }

    void JoinGroup(const V2TIMString& groupID, const V2TIMString& message, V2TIMCallback* callback) {
        Call(v2tim_detail::CallbackOf(callback),
             [&](hark_client* c, const hark_callback& cb) { return hark_join_group(c, groupID.CString(), message.CString(), cb); });
    }

    // The owner cannot quit (10009); dismiss instead.
    void QuitGroup(const V2TIMString& groupID, V2TIMCallback* callback) {
        Call(v2tim_detail::CallbackOf(callback), [&](hark_client* c, const hark_callback& cb) { return hark_quit_group(c, groupID.CString(), cb); });
    }

    void DismissGroup(const V2TIMString& groupID, V2TIMCallback* callback) {
        Call(v2tim_detail::CallbackOf(callback),
             [&](hark_client* c, const hark_callback& cb) { return hark_dismiss_group(c, groupID.CString(), cb); });
    }

    V2TIMMessageManager* GetMessageManager() { return &messageManager_; }
    V2TIMConversationManager* GetConversationManager() { return &conversationManager_; }
    V2TIMGroupManager* GetGroupManager() { return &groupManager_; }
    V2TIMOfflinePushManager* GetOfflinePushManager() { return &offlinePushManager_; }

private:
    explicit V2TIMManager(std::shared_ptr<v2tim_detail::Core> core)
        : core_(core), messageManager_(core), conversationManager_(core), groupManager_(core), offlinePushManager_(core) {}

    static bool VersionMatches() {
        char header[32];
        std::snprintf(header, sizeof header, "%d.%d.", HARK_VERSION_MAJOR, HARK_VERSION_MINOR);
        const char* library = hark_version();
        for (size_t i = 0; header[i]; i++)
            if (library[i] != header[i]) return false;
        return true;
    }

    template <class Struct, class F>
    void Call(const Struct& cb, F f) {
        v2tim_detail::Start(*core_, cb, f);
    }

    // "" when the send was refused at once.
    template <class F>
    V2TIMString Send(V2TIMSendCallback* callback, F f) {
        char msgID[HARK_MSG_ID_SIZE] = "";
        v2tim_detail::Start(*core_, v2tim_detail::SendCallbackOf(callback, core_),
                            [&](hark_client* c, const hark_send_callback& cb) { return f(c, cb, msgID, sizeof msgID); });
        return V2TIMString(msgID);
    }

    // Hands libhark's receipts to Event of every advanced message listener; the user_data is
    // the message listener's core.
    template <void (V2TIMAdvancedMsgListener::*Event)(const V2TIMMessageReceiptVector&)>
    static void OnReceipts(const hark_message_receipt* receipts, size_t count, void* ud) {
        const std::shared_ptr<v2tim_detail::Core>& core = *static_cast<std::shared_ptr<v2tim_detail::Core>*>(ud);
        v2tim_detail::Guard([&] {
            const V2TIMMessageReceiptVector list = v2tim_detail::Receipts(receipts, count);
            core->msgListeners.ForEach([&](V2TIMAdvancedMsgListener* l) { (l->*Event)(list); });
        });
    }

    // One libhark listener of each kind per client fans out to the app's listeners; each
    // holds the core, released in free_user_data once the client is freed.
    void ListenTo(hark_client* client) {
        using Listeners = std::shared_ptr<v2tim_detail::Core>;
        hark_conn_listener conn{};
        conn.on_connecting = [](void* ud) {
            (*static_cast<Listeners*>(ud))->sdkListeners.ForEach([](V2TIMSDKListener* l) { l->OnConnecting(); });
        };
        conn.on_connect_success = [](void* ud) {
            (*static_cast<Listeners*>(ud))->sdkListeners.ForEach([](V2TIMSDKListener* l) { l->OnConnectSuccess(); });
        };
        conn.on_connect_failed = [](int32_t code, const char* desc, void* ud) {
            v2tim_detail::Guard([&] {
                const V2TIMString message(desc);
                (*static_cast<Listeners*>(ud))->sdkListeners.ForEach([&](V2TIMSDKListener* l) { l->OnConnectFailed(code, message); });
            });
        };
        conn.on_kicked_offline = [](void* ud) {
            (*static_cast<Listeners*>(ud))->sdkListeners.ForEach([](V2TIMSDKListener* l) { l->OnKickedOffline(); });
        };
        conn.on_user_sig_expired = [](void* ud) {
            (*static_cast<Listeners*>(ud))->sdkListeners.ForEach([](V2TIMSDKListener* l) { l->OnUserSigExpired(); });
        };
        conn.user_data = new Listeners(core_);
        conn.free_user_data = [](void* ud) { delete static_cast<Listeners*>(ud); };
        hark_set_conn_listener(client, &conn);

        hark_msg_listener msg{};
        msg.on_recv_new_message = [](const hark_message* m, void* ud) {
            const Listeners& core = *static_cast<Listeners*>(ud);
            v2tim_detail::Guard([&] {
                const V2TIMMessage message = v2tim_detail::MessageAccess::Copy(m, core);
                core->msgListeners.ForEach([&](V2TIMAdvancedMsgListener* l) { l->OnRecvNewMessage(message); });
            });
        };
        msg.on_recv_c2c_read_receipt = OnReceipts<&V2TIMAdvancedMsgListener::OnRecvC2CReadReceipt>;
        msg.on_recv_message_read_receipts = OnReceipts<&V2TIMAdvancedMsgListener::OnRecvMessageReadReceipts>;
        msg.user_data = new Listeners(core_);
        msg.free_user_data = [](void* ud) { delete static_cast<Listeners*>(ud); };
        hark_add_advanced_msg_listener(client, msg);

        hark_add_conversation_listener(client, v2tim_detail::ConversationListenerOf(core_));
    }

    std::shared_ptr<v2tim_detail::Core> core_;
    V2TIMMessageManager messageManager_;
    V2TIMConversationManager conversationManager_;
    V2TIMGroupManager groupManager_;
    V2TIMOfflinePushManager offlinePushManager_;
};

#endif
