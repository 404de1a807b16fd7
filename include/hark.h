/*
 * hark.h - libhark, the client of Hark, a self-hosted instant messaging service whose API
 * mirrors Tencent Cloud IM's V2TIM. See docs/c-api.md.
 *
 * Contents, in this order: the error codes (HARK_ERR_*) and enum macros; the structs, each
 * before the first function that takes it; then the functions: client (options, new, free,
 * version), login, messages (create, read, elems, targeted group messages), send (with the
 * offline push a message carries and the device's push registration), listeners, history,
 * groups, media (image, sound, video, file, location and face messages, downloads, elem
 * getters), errors (descriptions).
 *
 * Threading
 * ---------
 * - Every hark_ function may be called from any thread. Calls that start a request only check
 *   and copy their arguments, hand the request to the client's engine thread and return; they
 *   never wait for the network.
 * - Every callback and listener of a client is called on that client's one dispatcher thread,
 *   one at a time, in the order the events happened. Never on the thread that made the call,
 *   and never inside the call that registered it.
 * - A call that takes a callback struct returns 0 when it took the request over: then exactly
 *   one terminal callback (on_success or on_error) follows, then free_user_data, once. An
 *   error found at once is only returned, for every call alike, a NULL client (6013,
 *   HARK_ERR_NOT_INITIALIZED) included: nothing is called, not even free_user_data, and the
 *   caller keeps its user_data. Listeners get free_user_data once, after they are replaced or
 *   removed, or when the client is freed.
 * - Progress callbacks (media uploads and downloads) come only before the request's terminal
 *   callback, on the same thread, rising.
 * - Callbacks may call any hark_ function, including hark_client_free on their own client.
 *   A slow callback delays the client's later callbacks, never its network traffic.
 * - Pointers passed to a callback are valid only during that callback; copy what you keep
 *   (hark_message_clone for messages).
 *
 * Strings are UTF-8 and NUL-terminated; strings passed in are copied before the call returns.
 *
 * Ownership
 * ---------
 *   what the API hands out                      who frees it, or how long it lives
 *   hark_client * from hark_client_new          the app: hark_client_free
 *   hark_message * from hark_create_*_message,  the app: hark_message_free (at any time once
 *     hark_create_targeted_group_message,         hark_send_message has returned: the send
 *     hark_message_clone                          goes on with the library's copy)
 *   const hark_message * passed to a callback   the library: valid until the callback returns
 *   strings, data and struct fields returned    the message: valid until it is freed or
 *     by hark_message_get_*                       changed (hark_message_append_*,
 *                                                 hark_send_message)
 *   const char * and arrays passed to a         the library: valid until the callback returns
 *     callback (hark_group_member included)
 *   hark_version(), hark_error_description()    static: never freed
 *   user_data of a callback or listener struct  the library, once the call has taken it
 *                                                 (the structs are copied): released once
 *                                                 through free_user_data, as above
 *   buffers the app passes (msg_id_buf, the     the app
 *     buf of hark_get_login_user)
 * NULL passed to a free function does nothing.
 *
 * Which handles may cross threads:
 * - A hark_client: any call from any thread, from several threads at once, except
 *   hark_client_free, which must not race any other call on the same client. From the moment
 *   hark_client_free is called no call may be running or start on that client, on any
 *   thread, the client's own callbacks included (those that run during the free too). A
 *   wrapper that shares a client between threads guards the pointer with a read-write lock:
 *   calls under the read lock; to free, take the pointer away under the write lock, release
 *   the lock, then call hark_client_free (it waits for callbacks, which may call in). See
 *   docs/c-api.md, "Freeing a client".
 * - A hark_message the app owns may move to another thread, and the calls that take it as
 *   const (the getters, hark_message_clone, downloads, history's last_msg, the source of
 *   hark_message_append_elem or of a targeted message) may run on several threads at once:
 *   each string is made once, by the first call that asks for it, and then stays. The calls
 *   that take it non-const (hark_message_append_*, hark_send_message, hark_message_free)
 *   must not run beside any other call on that handle. While a send runs, the engine updates
 *   the handle's status, seq and stored files in a way that is safe beside the app's reads.
 * - A message passed to a callback: read it during the callback; clone it to keep it or hand
 *   it to another thread.
 */


#ifndef HARK_H
#define HARK_H

/* Generated by build.rs with cbindgen; do not edit. Update with: HARK_BLESS_HEADER=1 cargo build -p hark */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HARK_VERSION_MAJOR 0
#define HARK_VERSION_MINOR 1
#define HARK_VERSION_PATCH 0

/* Error codes, with Tencent's numbers. hark_error_description() describes each. */
#define HARK_ERR_OK 0 /* success */
#define HARK_ERR_UPLOAD_FAILED 6008 /* file upload failed */
#define HARK_ERR_NOT_INITIALIZED 6013 /* SDK not initialized */
#define HARK_ERR_NOT_LOGGED_IN 6014 /* not logged in */
#define HARK_ERR_IN_PROGRESS 6015 /* operation already in progress */
#define HARK_ERR_INVALID_MSG_ELEM 6016 /* invalid message elem */
#define HARK_ERR_INVALID_PARAMETERS 6017 /* invalid parameters */
#define HARK_ERR_IO_OPERATION_FAILED 6022 /* I/O operation failed */
#define HARK_ERR_INVALID_IDENTIFIER 7003 /* invalid user id: 1 to 32 bytes of printable ASCII */
#define HARK_ERR_FILE_NOT_FOUND 7004 /* file not found */
#define HARK_ERR_FILE_TOO_LARGE 7005 /* file too large */
#define HARK_ERR_FILE_SIZE_EMPTY 7006 /* file is empty */
#define HARK_ERR_API_CALL_FREQUENCY_LIMIT 7008 /* API called too often */
#define HARK_ERR_MSG_BODY_SIZE_LIMIT 8001 /* message body over 12 KB */
#define HARK_ERR_NET_FREQ_LIMIT 9506 /* request rate limit */
#define HARK_ERR_NET_DISCONNECT 9508 /* not connected to the server */
#define HARK_ERR_NET_WAIT_ACK_TIMEOUT 9520 /* timed out waiting for the server's acknowledgement */
#define HARK_ERR_NET_PKG_SIZE_LIMIT 9522 /* packet over 1 MB */
#define HARK_ERR_GROUP_INVALID_PARAMETERS 10004 /* invalid group parameters */
#define HARK_ERR_GROUP_PERMISSION_DENY 10007 /* no permission: not a member, or not the owner */
#define HARK_ERR_GROUP_OWNER_CANNOT_QUIT 10009 /* the group owner cannot quit; dismiss the group instead */
#define HARK_ERR_GROUP_NOT_FOUND 10010 /* group not found or dismissed */
#define HARK_ERR_GROUP_ALREADY_MEMBER 10013 /* already a member of the group */
#define HARK_ERR_GROUP_FULL_MEMBER_COUNT 10014 /* the group is full */
#define HARK_ERR_GROUP_INVALID_GROUP_ID 10015 /* invalid group id: 1 to 48 bytes of printable ASCII, no @TGS# prefix */
#define HARK_ERR_GROUP_ID_IN_USE 10021 /* group id already in use */
#define HARK_ERR_GROUP_SEND_MSG_FREQ_LIMIT 10023 /* group message rate limit */
#define HARK_ERR_MSG_INVALID_ID 20003 /* invalid or unknown user id */
#define HARK_ERR_USER_SIG_EXPIRED 70001 /* UserSig expired */
#define HARK_ERR_USER_SIG_INVALID 70003 /* UserSig invalid */
#define HARK_ERR_USER_SIG_IDENTIFIER_MISMATCH 70013 /* UserSig does not match the user id */
#define HARK_ERR_USER_SIG_APP_ID_MISMATCH 70014 /* UserSig does not match the SDKAppID */
#define HARK_ERR_PROTOCOL_VERSION 70398 /* protocol version not supported by the server */
#define HARK_ERR_SENSITIVE_TEXT 80001 /* text refused by the content filter */
#define HARK_ERR_SERVER_BODY_SIZE_LIMIT 80002 /* message body over the server's limit */
#define HARK_ERR_RES_NOT_FOUND 114000 /* resource not found */
#define HARK_ERR_INTERNAL 6999 /* internal error */


/**
 * V2TIMLoginStatus.
 */
#define HARK_LOGIN_STATUS_LOGINED 1

#define HARK_LOGIN_STATUS_LOGINING 2

#define HARK_LOGIN_STATUS_LOGOUT 3

/**
 * V2TIMMessageStatus.
 */
#define HARK_MSG_STATUS_SENDING 1

#define HARK_MSG_STATUS_SEND_SUCC 2

#define HARK_MSG_STATUS_SEND_FAIL 3

#define HARK_MSG_STATUS_HAS_DELETED 4

#define HARK_MSG_STATUS_LOCAL_IMPORTED 5

#define HARK_MSG_STATUS_LOCAL_REVOKED 6

/**
 * V2TIMElemType.
 */
#define HARK_ELEM_TYPE_NONE 0

#define HARK_ELEM_TYPE_TEXT 1

#define HARK_ELEM_TYPE_CUSTOM 2

#define HARK_ELEM_TYPE_IMAGE 3

#define HARK_ELEM_TYPE_SOUND 4

#define HARK_ELEM_TYPE_VIDEO 5

#define HARK_ELEM_TYPE_FILE 6

#define HARK_ELEM_TYPE_LOCATION 7

#define HARK_ELEM_TYPE_FACE 8

#define HARK_ELEM_TYPE_GROUP_TIPS 9

#define HARK_ELEM_TYPE_MERGER 10

/**
 * V2TIMMessagePriority.
 */
#define HARK_PRIORITY_DEFAULT 0

#define HARK_PRIORITY_HIGH 1

#define HARK_PRIORITY_NORMAL 2

#define HARK_PRIORITY_LOW 3

/**
 * Bytes a msgID buffer needs, NUL included.
 */
#define HARK_MSG_ID_SIZE 64

/**
 * V2TIMGroupMemberRole.
 */
#define HARK_GROUP_MEMBER_ROLE_MEMBER 200

#define HARK_GROUP_MEMBER_ROLE_ADMIN 300

#define HARK_GROUP_MEMBER_ROLE_OWNER 400

/**
 * V2TIMGroupMemberResult: what an invitation did to one user.
 */
#define HARK_GROUP_MEMBER_RESULT_FAIL 0

#define HARK_GROUP_MEMBER_RESULT_SUCC 1

#define HARK_GROUP_MEMBER_RESULT_INVALID 2

#define HARK_GROUP_MEMBER_RESULT_PENDING 3

#define HARK_GROUP_MEMBER_RESULT_OVERLIMIT 4

/**
 * V2TIMConversationType.
 */
#define HARK_CONVERSATION_TYPE_C2C 1

#define HARK_CONVERSATION_TYPE_GROUP 2

/**
 * V2TIMImageType: the versions of an image.
 */
#define HARK_IMAGE_TYPE_ORIGIN 1

#define HARK_IMAGE_TYPE_THUMB 2

#define HARK_IMAGE_TYPE_LARGE 4

/**
 * A client: one connection to harkd for one logged-in user at a time. Several may live in
 * one process. Create with `hark_client_new`, free with `hark_client_free`.
 */
typedef struct hark_client hark_client;

/**
 * A conversation. Handles passed to callbacks are valid during the callback only;
 * `hark_conversation_clone` makes one the app owns, freed with `hark_conversation_free`.
 */
typedef struct hark_conversation hark_conversation;

/**
 * A message. Handles from `hark_create_*` and `hark_message_clone` are the app's, freed with
 * `hark_message_free`; handles passed to callbacks are valid during the callback only.
 */
typedef struct hark_message hark_message;

/**
 * Options for `hark_client_new`; set defaults with `hark_client_options_init`.
 */
typedef struct hark_client_options {
  /**
   * Sent at login as its decimal number; a newer login of the same user on the same
   * platform kicks the older session offline.
   */
  uint32_t platform;
  /**
   * How long a request waits for harkd's answer before it fails with 9520; 0 means the
   * default, 15000.
   */
  uint32_t request_timeout_ms;
  /**
   * For `wss://` servers: PEM text of one or more CA certificates to trust besides the
   * built-in public roots (Mozilla's), e.g. a private CA or a self-signed server
   * certificate. Copied by `hark_client_new`; NULL (the default) trusts the public roots
   * only.
   */
  const char *ca_pem;
  /**
   * After this long without receiving any frame from harkd, or sending any, the client
   * sends a WebSocket Ping; 0 means the default, 30000.
   */
  uint32_t heartbeat_interval_ms;
  /**
   * If nothing at all arrives within this long of the Ping, the connection counts as
   * broken and the client reconnects; 0 means the default, 10000.
   */
  uint32_t heartbeat_timeout_ms;
} hark_client_options;

/**
 * Ends a request that has no result value.
 */
typedef struct hark_callback {
  void (*on_success)(void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_callback;

/**
 * Offline push settings of a message. Strings in are copied (NULL = empty); strings out are
 * never NULL and borrowed from the message, valid until it is freed or changed.
 */
typedef struct hark_offline_push_info {
  const char *title;
  const char *desc;
  const char *ext;
  bool disable_push;
  const char *ios_sound;
  bool ignore_ios_badge;
  int32_t ios_push_type;
  const char *android_sound;
  const char *android_oppo_channel_id;
  const char *android_fcm_channel_id;
  const char *android_xiaomi_channel_id;
  int32_t android_vivo_classification;
  const char *android_huawei_category;
} hark_offline_push_info;

/**
 * Ends a send. `on_progress` reports a media message's upload: 0..100, rising, each value
 * once, 100 when every file is stored, all before the terminal callback. Messages without
 * files (text, custom, face, location) never report progress.
 */
typedef struct hark_send_callback {
  /**
   * `message` (status SEND_SUCC, with seq and timestamp) is valid during the callback;
   * `hark_message_clone` keeps a copy.
   */
  void (*on_success)(const struct hark_message *message, void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void (*on_progress)(uint32_t progress, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_send_callback;

/**
 * V2TIMSDKListener's connection events. Every pointer may be NULL.
 */
typedef struct hark_conn_listener {
  void (*on_connecting)(void *user_data);
  void (*on_connect_success)(void *user_data);
  void (*on_connect_failed)(int32_t code, const char *desc, void *user_data);
  void (*on_kicked_offline)(void *user_data);
  void (*on_user_sig_expired)(void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_conn_listener;

/**
 * A read receipt (V2TIMMessageReceipt). Strings are valid during the callback.
 * - A C2C read receipt (`on_recv_c2c_read_receipt`) says that `user_id` has read every
 *   message of its conversation with this user up to `read_seq`, at `timestamp`: msg_id
 *   and group_id are "", is_peer_read is true, read_count and unread_count are 0.
 * - A message read receipt (`on_recv_message_read_receipts`,
 *   `hark_get_message_read_receipts`) counts the readers of message `msg_id` (seq
 *   `read_seq`), sent with need_read_receipt: `read_count` have read it, `unread_count` not
 *   yet. In a group `group_id` is set; in C2C `user_id` is the peer and is_peer_read says
 *   whether it read the message. `timestamp` is 0.
 */
typedef struct hark_message_receipt {
  const char *msg_id;
  const char *user_id;
  const char *group_id;
  bool is_peer_read;
  /**
   * Seconds since the Unix epoch.
   */
  int64_t timestamp;
  uint64_t read_count;
  uint64_t unread_count;
  /**
   * The conversation's seq the reader has read up to.
   */
  uint64_t read_seq;
} hark_message_receipt;

/**
 * V2TIMAdvancedMsgListener: OnRecvNewMessage and OnRecvC2CReadReceipt. Initialise it with
 * designated initializers (or zero it): it gains members as the listener does.
 */
typedef struct hark_msg_listener {
  /**
   * `message` is valid during the callback; `hark_message_clone` keeps a copy.
   */
  void (*on_recv_new_message)(const struct hark_message *message, void *user_data);
  /**
   * `receipts[0..count]`, valid during the callback.
   */
  void (*on_recv_c2c_read_receipt)(const struct hark_message_receipt *receipts,
                                   size_t count,
                                   void *user_data);
  /**
   * More readers have read this user's messages sent with need_read_receipt (V2TIM's
   * OnRecvMessageReadReceipts); `receipts[0..count]`, valid during the callback.
   */
  void (*on_recv_message_read_receipts)(const struct hark_message_receipt *receipts,
                                        size_t count,
                                        void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_msg_listener;

/**
 * Ends a history request.
 */
typedef struct hark_history_callback {
  /**
   * `messages[0..count]`, newest first, valid during the callback; NULL when count is 0.
   */
  void (*on_success)(const struct hark_message *const *messages, size_t count, void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_history_callback;

/**
 * Ends a request whose result is a string (a group id).
 */
typedef struct hark_string_callback {
  /**
   * `value` is valid during the callback.
   */
  void (*on_success)(const char *value, void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_string_callback;

/**
 * One member of a group; `user_id` is valid during the callback.
 */
typedef struct hark_group_member {
  const char *user_id;
  /**
   * HARK_GROUP_MEMBER_ROLE_*.
   */
  uint32_t role;
  /**
   * Seconds since the Unix epoch.
   */
  int64_t join_time;
} hark_group_member;

/**
 * Ends a member list request.
 */
typedef struct hark_member_list_callback {
  /**
   * `members[0..count]`, valid during the callback; NULL when count is 0.
   */
  void (*on_success)(const struct hark_group_member *members, size_t count, void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_member_list_callback;

/**
 * What an invitation did to one user; `user_id` is valid during the callback.
 */
typedef struct hark_group_member_operation_result {
  const char *user_id;
  /**
   * HARK_GROUP_MEMBER_RESULT_*.
   */
  int32_t result;
} hark_group_member_operation_result;

/**
 * Ends an invitation.
 */
typedef struct hark_member_result_callback {
  /**
   * `results[0..count]`, one per user asked, in order; valid during the callback.
   */
  void (*on_success)(const struct hark_group_member_operation_result *results,
                     size_t count,
                     void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_member_result_callback;

/**
 * V2TIMConversationListener. Every pointer may be NULL. After each login (and when the
 * first listener is added while logged in) the listeners hear on_sync_server_start, the
 * whole list as new or changed conversations, then on_sync_server_finish (or _failed) and
 * the total unread count; from then on each conversation a message, a send or a change
 * (on any device of the user) touches, and the total whenever it moves.
 */
typedef struct hark_conversation_listener {
  void (*on_sync_server_start)(void *user_data);
  void (*on_sync_server_finish)(void *user_data);
  void (*on_sync_server_failed)(void *user_data);
  /**
   * Conversations the listeners have not been told about since the first of them was
   * added, for the user logged in (after the last one is removed, a new first one hears
   * the whole list as new; so does another user logged in on the same client);
   * `convs[0..count]` is valid during the callback.
   */
  void (*on_new_conversation)(const struct hark_conversation *const *convs,
                              size_t count,
                              void *user_data);
  void (*on_conversation_changed)(const struct hark_conversation *const *convs,
                                  size_t count,
                                  void *user_data);
  void (*on_total_unread_message_count_changed)(uint64_t total, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_conversation_listener;

/**
 * Ends a conversation list request (V2TIMConversationResult).
 */
typedef struct hark_conversation_list_callback {
  /**
   * `convs[0..count]`, valid during the callback; NULL when count is 0. `next_seq` asks
   * for the page after this one; `is_finished` when there is none. (By ids: next_seq 0,
   * is_finished true.)
   */
  void (*on_success)(const struct hark_conversation *const *convs,
                     size_t count,
                     uint64_t next_seq,
                     bool is_finished,
                     void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_conversation_list_callback;

/**
 * Ends a request for one conversation.
 */
typedef struct hark_conversation_callback {
  /**
   * `conv` is valid during the callback; `hark_conversation_clone` keeps a copy.
   */
  void (*on_success)(const struct hark_conversation *conv, void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_conversation_callback;

/**
 * Ends a request whose result is a count.
 */
typedef struct hark_uint64_callback {
  void (*on_success)(uint64_t value, void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_uint64_callback;

/**
 * Ends a request for read receipts.
 */
typedef struct hark_message_receipt_callback {
  /**
   * `receipts[0..count]`, valid during the callback; NULL when count is 0.
   */
  void (*on_success)(const struct hark_message_receipt *receipts, size_t count, void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_message_receipt_callback;

/**
 * Ends a download. `on_progress(current, total)` reports bytes written so far and the file's
 * size, whenever the percent grows, all before the terminal callback.
 */
typedef struct hark_download_callback {
  void (*on_progress)(uint64_t current, uint64_t total, void *user_data);
  void (*on_success)(void *user_data);
  void (*on_error)(int32_t code, const char *desc, void *user_data);
  void *user_data;
  void (*free_user_data)(void *user_data);
} hark_download_callback;

/**
 * One version of an image. `uuid` and `url` are never NULL ("" before the upload).
 */
typedef struct hark_image {
  /**
   * HARK_IMAGE_TYPE_ORIGIN, _THUMB or _LARGE.
   */
  int32_t type;
  const char *uuid;
  /**
   * Bytes.
   */
  uint64_t size;
  /**
   * Pixels.
   */
  uint32_t width;
  uint32_t height;
  const char *url;
} hark_image;

/**
 * V2TIMSoundElem.
 */
typedef struct hark_sound_elem {
  const char *path;
  const char *uuid;
  /**
   * Bytes.
   */
  uint64_t data_size;
  /**
   * Seconds.
   */
  uint32_t duration;
  const char *url;
} hark_sound_elem;

/**
 * V2TIMVideoElem.
 */
typedef struct hark_video_elem {
  const char *video_path;
  const char *snapshot_path;
  const char *video_uuid;
  uint64_t video_size;
  /**
   * The container, e.g. "mp4".
   */
  const char *video_type;
  /**
   * Seconds.
   */
  uint32_t duration;
  const char *video_url;
  const char *snapshot_uuid;
  uint64_t snapshot_size;
  /**
   * Pixels (0 until harkd measured the snapshot).
   */
  uint32_t snapshot_width;
  uint32_t snapshot_height;
  const char *snapshot_url;
} hark_video_elem;

/**
 * V2TIMFileElem.
 */
typedef struct hark_file_elem {
  const char *path;
  const char *uuid;
  const char *file_name;
  uint64_t file_size;
  const char *url;
} hark_file_elem;

/**
 * V2TIMLocationElem, in degrees.
 */
typedef struct hark_location_elem {
  const char *desc;
  double longitude;
  double latitude;
} hark_location_elem;

/**
 * V2TIMFaceElem: the app's index and data, unchanged. `data` is never NULL.
 */
typedef struct hark_face_elem {
  uint32_t index;
  const uint8_t *data;
  size_t data_len;
} hark_face_elem;

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * Fills `out` with the defaults: platform 0, request timeout 15000 ms, ca_pem NULL,
 * heartbeat interval 30000 ms, heartbeat timeout 10000 ms.
 */
void hark_client_options_init(struct hark_client_options *out);

/**
 * Starts a client for `server_url`, a base such as "ws://127.0.0.1:7000" (the WebSocket is
 * `<base>/v1/ws`; media go over HTTP to `http://` and the same host, port and path) or
 * "wss://im.example.com" (TLS; media over `https://`). `options` may be NULL for the
 * defaults. On success writes the new client to `*out` and returns 0; else returns 6017
 * (NULL or malformed argument, sdk_app_id 0, a `ca_pem` without a usable certificate) or
 * 6999, and leaves `*out` alone.
 */
int32_t hark_client_new(uint32_t sdk_app_id,
                        const char *server_url,
                        const struct hark_client_options *options,
                        struct hark_client **out);

/**
 * Frees a client (NULL does nothing). Every request in flight ends with on_error 9508, every
 * pending free_user_data runs, and the call returns after the client's last callback, except
 * when called from inside one of this client's callbacks: then it returns at once and the
 * remaining callbacks run after the current one returns.
 */
void hark_client_free(struct hark_client *client);

/**
 * The library's version, "MAJOR.MINOR.PATCH"; compare with the HARK_VERSION_* macros of the
 * header the app was built with. Static; never free it.
 */
const char *hark_version(void);

/**
 * Logs in: on_connecting, on_connect_success, then the callback. Returns 0, or the error
 * code (then nothing is called): 6017 NULL or invalid UTF-8, 7003 invalid user id.
 * Logging in while a login or logout is running ends with 6015; logging in as the user
 * already logged in succeeds; logging in as another user ends the current session first.
 */
int32_t hark_login(struct hark_client *client,
                   const char *user_id,
                   const char *user_sig,
                   struct hark_callback callback);

/**
 * Logs out; requests still in flight end with 9508. Logging out when logged out succeeds.
 */
int32_t hark_logout(struct hark_client *client, struct hark_callback callback);

/**
 * HARK_LOGIN_STATUS_*; a NULL client is HARK_LOGIN_STATUS_LOGOUT.
 */
int32_t hark_get_login_status(const struct hark_client *client);

/**
 * Writes the logged-in user id, NUL-terminated and cut to fit, into `buf` (which may be NULL
 * when `buf_len` is 0) and returns its full length without the NUL, like snprintf. Writes ""
 * and returns 0 when not logged in or the client is NULL.
 */
size_t hark_get_login_user(const struct hark_client *client, char *buf, size_t buf_len);

/**
 * Creates a text message. Returns 0 and writes `*out`, or 6017 (NULL or invalid UTF-8).
 */
int32_t hark_create_text_message(const char *text, struct hark_message **out);

/**
 * Creates a custom message: `data` (may be NULL when `data_len` is 0) and optional `desc`
 * and `extension` (NULL = empty). Returns 0 and writes `*out`, or 6017.
 */
int32_t hark_create_custom_message(const uint8_t *data,
                                   size_t data_len,
                                   const char *desc,
                                   const char *extension,
                                   struct hark_message **out);

/**
 * Appends a text elem. Only messages that were never sent may grow, and after the first elem
 * only text, custom, face and location elems may follow; otherwise 6017 and the message is
 * unchanged. Strings read from the message before are invalidated.
 */
int32_t hark_message_append_text(struct hark_message *message, const char *text);

/**
 * Appends a custom elem, under the rules of `hark_message_append_text`.
 */
int32_t hark_message_append_custom(struct hark_message *message,
                                   const uint8_t *data,
                                   size_t data_len,
                                   const char *desc,
                                   const char *extension);

/**
 * A copy the caller owns (free with `hark_message_free`); NULL for NULL.
 */
struct hark_message *hark_message_clone(const struct hark_message *message);

/**
 * Frees a message from `hark_create_*` or `hark_message_clone`; NULL does nothing.
 */
void hark_message_free(struct hark_message *message);

/**
 * The msgID ("" before the first send).
 */
const char *hark_message_get_msg_id(const struct hark_message *message);

/**
 * Server time in seconds since the Unix epoch (0 until sent).
 */
int64_t hark_message_get_timestamp(const struct hark_message *message);

const char *hark_message_get_sender(const struct hark_message *message);

/**
 * The C2C peer: the receiver when this user sent it, else the sender; "" for groups.
 */
const char *hark_message_get_user_id(const struct hark_message *message);

const char *hark_message_get_group_id(const struct hark_message *message);

/**
 * The per-conversation sequence number harkd assigned (0 until sent).
 */
uint64_t hark_message_get_seq(const struct hark_message *message);

uint32_t hark_message_get_random(const struct hark_message *message);

/**
 * HARK_MSG_STATUS_*. A handle passed to `hark_send_message` follows its send: SENDING, then
 * SEND_SUCC (with seq and timestamp) or SEND_FAIL. 0 for NULL.
 */
int32_t hark_message_get_status(const struct hark_message *message);

bool hark_message_is_self(const struct hark_message *message);

/**
 * V2TIMMessage::IsRead: true for the user's own messages, and for others' messages the
 * user had read (on any device) when this copy came from harkd (history, a conversation's
 * last message); false for a message that has just arrived.
 */
bool hark_message_is_read(const struct hark_message *message);

/**
 * V2TIMMessage::IsPeerRead: true for the user's own C2C message that the peer had read when
 * this copy came from harkd (history, a conversation's last message). Read receipts say
 * when that changes (`on_recv_c2c_read_receipt`).
 */
bool hark_message_is_peer_read(const struct hark_message *message);

/**
 * True when the group's send rate limit dropped this message of the sender: its send still
 * succeeded (as with Tencent), but nobody received it, it is not stored and its seq is 0.
 * Set on the message on_success gets and on the handle that was sent; false otherwise.
 */
bool hark_message_is_dropped(const struct hark_message *message);

/**
 * HARK_PRIORITY_*.
 */
int32_t hark_message_get_priority(const struct hark_message *message);

size_t hark_message_get_elem_count(const struct hark_message *message);

/**
 * HARK_ELEM_TYPE_* of elem `index`; HARK_ELEM_TYPE_NONE when there is no such elem.
 */
int32_t hark_message_get_elem_type(const struct hark_message *message, size_t index);

/**
 * The text of elem `index`; NULL when it is not a text elem.
 */
const char *hark_message_get_text(const struct hark_message *message, size_t index);

/**
 * The data of custom elem `index`, its length in `*len_out` (may be NULL). NULL and length 0
 * when it is not a custom elem; an empty custom elem gives a non-NULL pointer and length 0.
 */
const uint8_t *hark_message_get_custom_data(const struct hark_message *message,
                                            size_t index,
                                            size_t *len_out);

/**
 * The description of custom elem `index`; NULL when it is not a custom elem.
 */
const char *hark_message_get_custom_desc(const struct hark_message *message, size_t index);

/**
 * The extension of custom elem `index`; NULL when it is not a custom elem.
 */
const char *hark_message_get_custom_extension(const struct hark_message *message, size_t index);

/**
 * Creates a copy of `message` (its elems, its files if they are not uploaded yet, and its
 * need_read_receipt) that only `receivers[0..count]` (1 to 50 members of the group; repeats
 * count once) and the sender will see. Send it with `hark_send_message(client, m, NULL, group_id, ...)`: a
 * receiver, or no group, is 6017 then. Returns 0 and writes `*out`, or 6017 (NULL argument,
 * invalid UTF-8, 0 or more than 50 receivers) or 7003 (an invalid user id).
 */
int32_t hark_create_targeted_group_message(const struct hark_message *message,
                                           const char *const *receivers,
                                           size_t count,
                                           struct hark_message **out);

/**
 * How many members a group message is for (V2TIM's targetGroupMemberList): the receivers of
 * a targeted message, 1 for a group message sent with a receiver, else 0.
 */
size_t hark_message_get_target_count(const struct hark_message *message);

/**
 * Target `index` of a group message; NULL when there is no such target.
 */
const char *hark_message_get_target(const struct hark_message *message, size_t index);

/**
 * Sends `message` (V2TIM SendMessage). `receiver` only: C2C; `group_id` only: group;
 * both: a targeted group message for that member. A message from
 * `hark_create_targeted_group_message` takes `group_id` only. `priority` is HARK_PRIORITY_*
 * and applies to groups. `online_user_only`: delivered only to sessions connected now, never
 * stored, no history, no push, no seq. `offline_push_info` may be NULL. `msg_id_buf` may be
 * NULL; otherwise it must hold HARK_MSG_ID_SIZE bytes and receives the msgID before the call
 * returns.
 *
 * The message handle gets the msgID, status SENDING, the sender and the addressing, and
 * follows the send (SEND_SUCC with seq and timestamp, or SEND_FAIL). Sending it again after a
 * failure reuses the msgID, and harkd never delivers it twice. A group message the group's
 * rate limit dropped still ends with on_success, as with Tencent, but with seq 0 and
 * `hark_message_is_dropped` true (on that message and on the handle).
 *
 * Returns 0, or the error code (then nothing is called, and the message is unchanged): 6017
 * NULL message, no receiver and no group, a targeted message with a receiver or without a
 * group, bad priority, buffer under HARK_MSG_ID_SIZE, invalid UTF-8; 7003 invalid receiver;
 * 10015 invalid group id; 8001 body over 12 KB; 6014 not logged in. Later errors: 9520 no
 * answer in time, 9508 connection lost or client freed, harkd's codes (10007, 10010,
 * 20003, ...).
 *
 * A message whose first elem is an image, sound, video or file uploads its files first
 * (resuming after a broken connection), reporting `on_progress` 0..100, then sends. Its
 * later errors add 6008 (upload failed), 7004/7005/7006/6016 (the file changed since the
 * message was created) and harkd's refusals of the upload. A resend of the same handle
 * reuses what was already uploaded.
 */
int32_t hark_send_message(struct hark_client *client,
                          struct hark_message *message,
                          const char *receiver,
                          const char *group_id,
                          int32_t priority,
                          bool online_user_only,
                          const struct hark_offline_push_info *offline_push_info,
                          struct hark_send_callback callback,
                          char *msg_id_buf,
                          size_t msg_id_buf_len);

/**
 * Sends a text message to `user_id` (V2TIM SendC2CTextMessage), under the rules of
 * `hark_send_message`.
 */
int32_t hark_send_c2c_text_message(struct hark_client *client,
                                   const char *text,
                                   const char *user_id,
                                   struct hark_send_callback callback,
                                   char *msg_id_buf,
                                   size_t msg_id_buf_len);

/**
 * Sends custom data (`data` may be NULL when `data_len` is 0) to `user_id` (V2TIM
 * SendC2CCustomMessage), under the rules of `hark_send_message`.
 */
int32_t hark_send_c2c_custom_message(struct hark_client *client,
                                     const uint8_t *data,
                                     size_t data_len,
                                     const char *user_id,
                                     struct hark_send_callback callback,
                                     char *msg_id_buf,
                                     size_t msg_id_buf_len);

/**
 * Sends a text message to a group (V2TIM SendGroupTextMessage), under the rules of
 * `hark_send_message`.
 */
int32_t hark_send_group_text_message(struct hark_client *client,
                                     const char *text,
                                     const char *group_id,
                                     int32_t priority,
                                     struct hark_send_callback callback,
                                     char *msg_id_buf,
                                     size_t msg_id_buf_len);

/**
 * Sends custom data to a group (V2TIM SendGroupCustomMessage), under the rules of
 * `hark_send_message`.
 */
int32_t hark_send_group_custom_message(struct hark_client *client,
                                       const uint8_t *data,
                                       size_t data_len,
                                       const char *group_id,
                                       int32_t priority,
                                       struct hark_send_callback callback,
                                       char *msg_id_buf,
                                       size_t msg_id_buf_len);

/**
 * Fills `*out` with the message's push settings (all empty when it has none). Returns 0, or
 * 6017 when an argument is NULL.
 */
int32_t hark_message_get_offline_push_info(const struct hark_message *message,
                                           struct hark_offline_push_info *out);

/**
 * Registers this device for offline push for the logged-in user: `business_id` is the push
 * certificate id the app's console assigned, `token` the device token from the vendor's push
 * service. harkd then hands offline users' messages to its push gateway with this token.
 * The client re-registers by itself after every new login of the same user, until
 * `hark_clear_offline_push_config`. Returns 0, or the error code (then nothing is called):
 * 6017 NULL, empty or invalid UTF-8 token; 6014 not logged in.
 */
int32_t hark_set_offline_push_config(struct hark_client *client,
                                     uint32_t business_id,
                                     const char *token,
                                     struct hark_callback callback);

/**
 * Stops offline push to the logged-in user's devices and forgets the registration, so later
 * logins do not register again. Returns 0, or 6014 (then nothing is called).
 */
int32_t hark_clear_offline_push_config(struct hark_client *client, struct hark_callback callback);

/**
 * Sets the connection listener (NULL removes it). The listener struct is copied; a listener
 * it replaces gets its `free_user_data` on the dispatcher thread. Returns 0, or 6013 for a
 * NULL client (then nothing is taken over).
 */
int32_t hark_set_conn_listener(struct hark_client *client,
                               const struct hark_conn_listener *listener);

/**
 * Adds a message listener; returns its id (> 0), or 0 for a NULL client (then nothing is
 * taken over). Every listener sees every new message, in the order they were added.
 */
uint64_t hark_add_advanced_msg_listener(struct hark_client *client,
                                        struct hark_msg_listener listener);

/**
 * Removes a message listener; its `free_user_data` runs on the dispatcher thread after any
 * callback already queued for it. Returns 0 (also for an id that is not registered), 6013 for
 * a NULL client, 6017 for id 0.
 */
int32_t hark_remove_advanced_msg_listener(struct hark_client *client, uint64_t id);

/**
 * Reads up to `count` (1..100; more is clamped) messages of the C2C conversation with
 * `user_id`, newest first, older than `last_msg` (NULL: from the newest). Returns 0, or the
 * error code (then nothing is called): 6017 count 0, NULL, or a `last_msg` never sent; 7003
 * invalid user id; 6014 not logged in.
 */
int32_t hark_get_c2c_history_message_list(struct hark_client *client,
                                          const char *user_id,
                                          uint32_t count,
                                          const struct hark_message *last_msg,
                                          struct hark_history_callback callback);

/**
 * Like `hark_get_c2c_history_message_list` for a group (10015 invalid group id; only members
 * may read, else 10007).
 */
int32_t hark_get_group_history_message_list(struct hark_client *client,
                                            const char *group_id,
                                            uint32_t count,
                                            const struct hark_message *last_msg,
                                            struct hark_history_callback callback);

/**
 * Creates a group of `group_type` ("Work", "Public", "Meeting", "AVChatRoom", "Community")
 * with the caller as owner and `member_ids` (may be NULL when `member_count` is 0) as
 * members. `group_id` NULL or "": harkd assigns one. The callback's value is the group id.
 * Returns 0, or the error code (then nothing is called): 6017 unknown type, NULL name, name
 * over 100 bytes, over 500 members; 10015 invalid group id; 7003 invalid member id; 6014.
 */
int32_t hark_create_group(struct hark_client *client,
                          const char *group_type,
                          const char *group_id,
                          const char *group_name,
                          const char *const *member_ids,
                          size_t member_count,
                          struct hark_string_callback callback);

/**
 * Joins a group; `message` (may be NULL) goes with the request. 10015 invalid group id;
 * harkd answers 10010 for no such group, 10013 for a member already.
 */
int32_t hark_join_group(struct hark_client *client,
                        const char *group_id,
                        const char *message,
                        struct hark_callback callback);

/**
 * Leaves a group. harkd answers 10009 for the owner (dismiss instead).
 */
int32_t hark_quit_group(struct hark_client *client,
                        const char *group_id,
                        struct hark_callback callback);

/**
 * Dismisses a group; only its owner may (10007 otherwise).
 */
int32_t hark_dismiss_group(struct hark_client *client,
                           const char *group_id,
                           struct hark_callback callback);

/**
 * Lists a group's members; only members may (10007 otherwise).
 */
int32_t hark_get_group_member_list(struct hark_client *client,
                                   const char *group_id,
                                   struct hark_member_list_callback callback);

/**
 * Invites `user_ids[0..count]` (1..500) to a group (V2TIM's InviteUserToGroup): in a Work
 * group any member may, in a Community its owner; Public, Meeting and AVChatRoom groups take
 * no invitations (harkd answers 10007). The callback gets one result per user, in order:
 * HARK_GROUP_MEMBER_RESULT_SUCC (added), _INVALID (a member already), _FAIL (no such user).
 * Adds none when the group would grow past its type's cap (10014). 6017 for none, over
 * 500 or a NULL array; 10015 invalid group id.
 */
int32_t hark_invite_user_to_group(struct hark_client *client,
                                  const char *group_id,
                                  const char *const *user_ids,
                                  size_t count,
                                  struct hark_member_result_callback callback);

/**
 * A copy the caller owns (free with `hark_conversation_free`); NULL for NULL.
 */
struct hark_conversation *hark_conversation_clone(const struct hark_conversation *conv);

/**
 * Frees a conversation from `hark_conversation_clone`; NULL does nothing.
 */
void hark_conversation_free(struct hark_conversation *conv);

/**
 * `c2c_<userID>` or `group_<groupID>`.
 */
const char *hark_conversation_get_conversation_id(const struct hark_conversation *conv);

/**
 * HARK_CONVERSATION_TYPE_C2C or HARK_CONVERSATION_TYPE_GROUP; 0 for NULL.
 */
int32_t hark_conversation_get_type(const struct hark_conversation *conv);

/**
 * The peer of a C2C conversation; "" for a group's.
 */
const char *hark_conversation_get_user_id(const struct hark_conversation *conv);

/**
 * The group of a group conversation; "" for a C2C one.
 */
const char *hark_conversation_get_group_id(const struct hark_conversation *conv);

/**
 * "Work", "Public", "Meeting" or "Community"; "" for a C2C conversation.
 */
const char *hark_conversation_get_group_type(const struct hark_conversation *conv);

/**
 * The group's name, or the peer's user id.
 */
const char *hark_conversation_get_show_name(const struct hark_conversation *conv);

/**
 * Messages not read yet: the same on every device of the user; never its own messages,
 * targeted ones or online-only ones.
 */
uint64_t hark_conversation_get_unread_count(const struct hark_conversation *conv);

/**
 * The newest message the user sees there, valid as long as the conversation handle; NULL
 * when there is none.
 */
const struct hark_message *hark_conversation_get_last_message(const struct hark_conversation *conv);

/**
 * The list's order: a larger key comes first; pinned conversations have the largest.
 * Pass the last one of a page as `next_seq` for the page after it.
 */
uint64_t hark_conversation_get_order_key(const struct hark_conversation *conv);

bool hark_conversation_is_pinned(const struct hark_conversation *conv);

/**
 * The draft set with `hark_set_conversation_draft`; "" for none.
 */
const char *hark_conversation_get_draft_text(const struct hark_conversation *conv);

/**
 * Adds a conversation listener; returns its id (> 0), or 0 for a NULL client (then nothing
 * is taken over).
 */
uint64_t hark_add_conversation_listener(struct hark_client *client,
                                        struct hark_conversation_listener listener);

/**
 * Removes a conversation listener; its `free_user_data` runs on the dispatcher thread after
 * any callback already queued for it. Returns 0 (also for an id that is not registered),
 * 6013 for a NULL client, 6017 for id 0.
 */
int32_t hark_remove_conversation_listener(struct hark_client *client, uint64_t id);

/**
 * Reads a page of up to `count` (1..100; more is clamped) conversations, pinned first, then
 * by their last message, newest first: those after `next_seq` (0: from the top; else the
 * `next_seq` the previous page gave). Returns 0, or the error code (then nothing is
 * called): 6017 count 0; 6014 not logged in.
 */
int32_t hark_get_conversation_list(struct hark_client *client,
                                   uint64_t next_seq,
                                   uint32_t count,
                                   struct hark_conversation_list_callback callback);

/**
 * Reads one conversation by its id. A peer or group the user has no messages with yet
 * gives an empty conversation of that id (no last message, nothing unread). 6017 for a bad
 * id.
 */
int32_t hark_get_conversation(struct hark_client *client,
                              const char *conversation_id,
                              struct hark_conversation_callback callback);

/**
 * Reads the conversations `ids[0..count]` (1..100) names, one per id in that order, as
 * `hark_get_conversation` does. 6017 for none, over 100, a NULL array or a bad id.
 */
int32_t hark_get_conversation_list_by_ids(struct hark_client *client,
                                          const char *const *ids,
                                          size_t count,
                                          struct hark_conversation_list_callback callback);

/**
 * Takes the conversation off the list, marking it read, until its next message; its
 * history stays. harkd answers 6017 for a C2C peer the user has no messages with (20003 for
 * no such user), 10007 for a group it was never in (10010 for no such group); the same
 * for pin and draft.
 */
int32_t hark_delete_conversation(struct hark_client *client,
                                 const char *conversation_id,
                                 struct hark_callback callback);

/**
 * Pins the conversation to the top of the list (or, `is_pinned` false, unpins it), on
 * every device of the user.
 */
int32_t hark_pin_conversation(struct hark_client *client,
                              const char *conversation_id,
                              bool is_pinned,
                              struct hark_callback callback);

/**
 * Sets the conversation's draft (`draft_text` NULL or "" clears it), kept by harkd for
 * every device of the user. 6017 for a draft over 8 KB.
 */
int32_t hark_set_conversation_draft(struct hark_client *client,
                                    const char *conversation_id,
                                    const char *draft_text,
                                    struct hark_callback callback);

/**
 * The unread messages of all the user's conversations together.
 */
int32_t hark_get_total_unread_message_count(struct hark_client *client,
                                            struct hark_uint64_callback callback);

/**
 * Marks the C2C conversation with `user_id` read up to its newest message, on every device
 * of the user; the peer gets a C2C read receipt. 7003 invalid user id; harkd answers 6017
 * when there are no messages with that user, 20003 when there is no such user.
 */
int32_t hark_mark_c2c_message_as_read(struct hark_client *client,
                                      const char *user_id,
                                      struct hark_callback callback);

/**
 * Marks the group's conversation read up to its newest message, on every device of the
 * user. 10015 invalid group id; harkd answers 10007 for a group the user was never in,
 * 10010 for no such group.
 */
int32_t hark_mark_group_message_as_read(struct hark_client *client,
                                        const char *group_id,
                                        struct hark_callback callback);

/**
 * Marks every conversation of the user read.
 */
int32_t hark_mark_all_message_as_read(struct hark_client *client, struct hark_callback callback);

/**
 * V2TIMMessage::needReadReceipt: the message's readers report reading it, and its sender
 * hears how many have (`on_recv_message_read_receipts`). Set it on a message made with
 * `hark_create_*` before its first send. Returns 0; 6017 for NULL, a handle passed to a
 * callback, or a message already sent.
 */
int32_t hark_message_set_need_read_receipt(struct hark_message *message, bool need_read_receipt);

bool hark_message_get_need_read_receipt(const struct hark_message *message);

/**
 * Reports `messages[0..count]` (1..100 received messages of one conversation) read by this
 * user (V2TIM's SendMessageReadReceipts): each sent with need_read_receipt counts this
 * user once, and its sender hears the new counts. 6017 for none, over 100, a message never
 * stored, or messages of different conversations; harkd answers 10007 for a group the user
 * is not in.
 */
int32_t hark_send_message_read_receipts(struct hark_client *client,
                                        const struct hark_message *const *messages,
                                        size_t count,
                                        struct hark_callback callback);

/**
 * How many have read `messages[0..count]` (as for `hark_send_message_read_receipts`), one
 * receipt per message sent with need_read_receipt, in the order asked (V2TIM's
 * GetMessageReadReceipts).
 */
int32_t hark_get_message_read_receipts(struct hark_client *client,
                                       const struct hark_message *const *messages,
                                       size_t count,
                                       struct hark_message_receipt_callback callback);

/**
 * Creates an image message from a JPG, GIF, PNG, BMP or WebP file (recognised by its
 * content). Returns 0 and writes `*out`, or: 6017 NULL or invalid UTF-8; 7004 no such file,
 * or a folder; 7006 empty; 7005 over 28 MB; 6016 not an image. harkd makes the large and
 * thumbnail versions when the message is sent.
 */
int32_t hark_create_image_message(const char *image_path, struct hark_message **out);

/**
 * Creates a sound message; `duration` in seconds. Errors as for images, without 6016.
 */
int32_t hark_create_sound_message(const char *sound_path,
                                  uint32_t duration,
                                  struct hark_message **out);

/**
 * Creates a video message: the video (at most 100 MB), its type (e.g. "mp4"), its duration
 * in seconds, and a snapshot image (checked like an image). Errors as for images.
 */
int32_t hark_create_video_message(const char *video_path,
                                  const char *video_type,
                                  uint32_t duration,
                                  const char *snapshot_path,
                                  struct hark_message **out);

/**
 * Creates a file message (at most 100 MB). `file_name` is the name the receiver sees; ""
 * takes the path's. Errors as for images, without 6016.
 */
int32_t hark_create_file_message(const char *file_path,
                                 const char *file_name,
                                 struct hark_message **out);

/**
 * Creates a location message: `desc` (NULL = empty), longitude -180..180 and latitude
 * -90..90 in degrees. Returns 0 and writes `*out`, or 6017 (out of range, NaN, invalid
 * UTF-8).
 */
int32_t hark_create_location_message(const char *desc,
                                     double longitude,
                                     double latitude,
                                     struct hark_message **out);

/**
 * Creates a face (sticker) message: an app-defined `index` and `data` (NULL when `data_len`
 * is 0), passed through unchanged. Returns 0 and writes `*out`, or 6017.
 */
int32_t hark_create_face_message(uint32_t index,
                                 const uint8_t *data,
                                 size_t data_len,
                                 struct hark_message **out);

/**
 * Appends a location elem, under the rules of `hark_message_append_text`.
 */
int32_t hark_message_append_location(struct hark_message *message,
                                     const char *desc,
                                     double longitude,
                                     double latitude);

/**
 * Appends a face elem, under the rules of `hark_message_append_text`.
 */
int32_t hark_message_append_face(struct hark_message *message,
                                 uint32_t index,
                                 const uint8_t *data,
                                 size_t data_len);

/**
 * Appends a copy of elem `index` of `from` (any message, e.g. one made by a create call
 * only for this), like V2TIM's appendElem: only text, custom, face and location elems may
 * follow the first, so an image, sound, video or file elem is refused with 6017 and the
 * message is unchanged. Also 6017 for NULL or no such elem.
 */
int32_t hark_message_append_elem(struct hark_message *message,
                                 const struct hark_message *from,
                                 size_t index);

/**
 * Downloads version `image_type` (HARK_IMAGE_TYPE_*) of image elem `index` to `path`,
 * through a temporary file beside it that replaces `path` at the end. Returns 0, or the error
 * code (then nothing is called): 6013 NULL client; 6017 NULL, invalid UTF-8, no such elem or
 * version, or a message not sent yet; 6014 not logged in. Later errors: 6022 writing failed,
 * 9508 the connection failed, harkd's refusals (10007 not allowed to see the message, 114000
 * no such file).
 */
int32_t hark_download_image(struct hark_client *client,
                            const struct hark_message *message,
                            size_t index,
                            int32_t image_type,
                            const char *path,
                            struct hark_download_callback callback);

/**
 * Downloads the sound of sound elem `index`, like `hark_download_image`.
 */
int32_t hark_download_sound(struct hark_client *client,
                            const struct hark_message *message,
                            size_t index,
                            const char *path,
                            struct hark_download_callback callback);

/**
 * Downloads the video of video elem `index`, like `hark_download_image`.
 */
int32_t hark_download_video(struct hark_client *client,
                            const struct hark_message *message,
                            size_t index,
                            const char *path,
                            struct hark_download_callback callback);

/**
 * Downloads the snapshot of video elem `index`, like `hark_download_image`.
 */
int32_t hark_download_video_snapshot(struct hark_client *client,
                                     const struct hark_message *message,
                                     size_t index,
                                     const char *path,
                                     struct hark_download_callback callback);

/**
 * Downloads the file of file elem `index`, like `hark_download_image`.
 */
int32_t hark_download_file(struct hark_client *client,
                           const struct hark_message *message,
                           size_t index,
                           const char *path,
                           struct hark_download_callback callback);

/**
 * The sender's local path of image elem `index` ("" on received messages); NULL when it
 * is not an image elem.
 */
const char *hark_message_get_image_path(const struct hark_message *message, size_t index);

/**
 * How many versions image elem `index` has: 0 before the upload; after it the original,
 * then the large and thumbnail versions harkd made. 0 when it is not an image elem.
 */
size_t hark_message_get_image_count(const struct hark_message *message, size_t index);

/**
 * Fills `*out` with version `image_index` of image elem `index`. Returns 0, or 6017 (NULL,
 * no such elem or version, not an image elem).
 */
int32_t hark_message_get_image(const struct hark_message *message,
                               size_t index,
                               size_t image_index,
                               struct hark_image *out);

/**
 * Fills `*out` with sound elem `index`. Returns 0, or 6017.
 */
int32_t hark_message_get_sound(const struct hark_message *message,
                               size_t index,
                               struct hark_sound_elem *out);

/**
 * Fills `*out` with video elem `index`. Returns 0, or 6017.
 */
int32_t hark_message_get_video(const struct hark_message *message,
                               size_t index,
                               struct hark_video_elem *out);

/**
 * Fills `*out` with file elem `index`. Returns 0, or 6017.
 */
int32_t hark_message_get_file(const struct hark_message *message,
                              size_t index,
                              struct hark_file_elem *out);

/**
 * Fills `*out` with location elem `index`. Returns 0, or 6017.
 */
int32_t hark_message_get_location(const struct hark_message *message,
                                  size_t index,
                                  struct hark_location_elem *out);

/**
 * Fills `*out` with face elem `index`. Returns 0, or 6017.
 */
int32_t hark_message_get_face(const struct hark_message *message,
                              size_t index,
                              struct hark_face_elem *out);

/**
 * A readable description of an error code; "unknown error code" for a number this library
 * does not know. Static; never free it.
 */
const char *hark_error_description(int32_t code);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* HARK_H */
