package io.hark.imsdk.v2;

/**
 * Error codes, with Tencent's names and numbers (the HARK_ERR_* codes of hark.h). harkd's
 * other codes reach onError unchanged.
 */
public final class BaseConstants {
    private BaseConstants() {}

    public static final int ERR_SUCC = 0;
    public static final int ERR_FILE_TRANS_UPLOAD_FAILED = 6008;
    public static final int ERR_SDK_NOT_INITIALIZED = 6013;
    public static final int ERR_SDK_NOT_LOGGED_IN = 6014;
    /** Tencent's spelling. */
    public static final int ERR_IN_PROGESS = 6015;
    public static final int ERR_INVALID_MSG_ELEM = 6016;
    public static final int ERR_INVALID_PARAMETERS = 6017;
    public static final int ERR_IO_OPERATION_FAILED = 6022;
    public static final int ERR_SDK_COMM_INVALID_IDENTIFIER = 7003;
    public static final int ERR_SDK_COMM_FILE_NOT_FOUND = 7004;
    public static final int ERR_SDK_COMM_FILE_TOO_LARGE = 7005;
    public static final int ERR_SDK_COMM_FILE_SIZE_EMPTY = 7006;
    public static final int ERR_SDK_COMM_API_CALL_FREQUENCY_LIMIT = 7008;
    public static final int ERR_SDK_MSG_BODY_SIZE_LIMIT = 8001;
    public static final int ERR_SDK_NET_FREQ_LIMIT = 9506;
    public static final int ERR_SDK_NET_DISCONNECT = 9508;
    public static final int ERR_SDK_NET_WAIT_ACK_TIMEOUT = 9520;
    public static final int ERR_SDK_NET_PKG_SIZE_LIMIT = 9522;
    public static final int ERR_SVR_GROUP_INVALID_PARAMETERS = 10004;
    public static final int ERR_SVR_GROUP_PERMISSION_DENY = 10007;
    public static final int ERR_SVR_GROUP_SUPER_NOT_ALLOW_QUIT = 10009;
    public static final int ERR_SVR_GROUP_NOT_FOUND = 10010;
    /** Tencent's spelling. */
    public static final int ERR_SVR_GROUP_ALLREADY_MEMBER = 10013;
    public static final int ERR_SVR_GROUP_FULL_MEMBER_COUNT = 10014;
    public static final int ERR_SVR_GROUP_INVALID_GROUPID = 10015;
    public static final int ERR_SVR_GROUP_GROUPID_IN_USED = 10021;
    public static final int ERR_SVR_GROUP_SEND_MSG_FREQ_LIMIT = 10023;
    public static final int ERR_SVR_MSG_INVALID_ID = 20003;
    public static final int ERR_SVR_ACCOUNT_USERSIG_EXPIRED = 70001;
    public static final int ERR_SVR_ACCOUNT_USERSIG_CHECK_FAILED = 70003;
    public static final int ERR_SVR_ACCOUNT_USERSIG_MISMATCH_ID = 70013;
    public static final int ERR_SVR_ACCOUNT_USERSIG_MISMATCH_SDKAPPID = 70014;
    public static final int ERR_SVR_COMM_SENSITIVE_TEXT = 80001;
    public static final int ERR_SVR_COMM_BODY_SIZE_LIMIT = 80002;
    public static final int ERR_SVR_RES_NOT_FOUND = 114000;
    /** Hark: the server does not speak this client's protocol version (Tencent uses 70398 otherwise). */
    public static final int ERR_HARK_PROTOCOL_VERSION = 70398;
    /** Hark: a bug in libhark, caught at its API boundary. */
    public static final int ERR_HARK_INTERNAL = 6999;
}
