//! Answers in Tencent's format: always HTTP 200, `{ActionStatus, ErrorCode, ErrorInfo, …}`.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use hark_proto::Code;
use serde_json::{json, Map, Value};

/// Tencent's REST code for a caller that is not the app administrator.
pub const NOT_ADMIN: i32 = 90009;
/// Tencent's common REST codes (V2TIMErrorCode.h): `ERR_SVR_COMM_INVALID_HTTP_URL`, the
/// request is not one the REST API parses (here: not a POST).
pub const INVALID_HTTP: i32 = 60002;
/// `ERR_SVR_COMM_INVALID_RES`: no such command ("check the request URL").
pub const INVALID_RES: i32 = 60009;
/// `ERR_SVR_COMM_SDKAPPID_MISS`: the query has no `sdkappid`.
pub const SDKAPPID_MISSING: i32 = 60012;
/// `ERR_SVR_MSG_BODY_SIZE_LIMIT`: the openim service's "JSON packet too long".
const OPENIM_BODY_TOO_LARGE: i32 = 93000;
/// The account service's "invalid parameters" (70402) and "internal error" (70500).
pub const ACCOUNT_INVALID_PARAMETERS: i32 = 70402;
const ACCOUNT_INTERNAL: i32 = 70500;

/// Which service answers: the two use different numbers for the same failures.
#[derive(Clone, Copy, Debug)]
pub enum Svc {
    OpenIm,
    Group,
    /// `im_open_login_svc`: accounts.
    Account,
}

impl Svc {
    /// The service a request's path names.
    fn of_path(path: &str) -> Svc {
        if path.starts_with("/v4/group_open_http_svc/") {
            Svc::Group
        } else if path.starts_with("/v4/im_open_login_svc/") {
            Svc::Account
        } else {
            Svc::OpenIm
        }
    }

    /// A body over the size harkd reads (2 MB).
    fn too_large(self) -> RestFail {
        let info = "the request body is over 2 MB";
        match self {
            Svc::OpenIm => RestFail::new(OPENIM_BODY_TOO_LARGE, info),
            Svc::Group => RestFail::new(Code::ServerBodySizeLimit as i32, info),
            Svc::Account => RestFail::new(ACCOUNT_INVALID_PARAMETERS, info),
        }
    }

    /// A body that is not JSON, or lacks a required field.
    pub fn bad_request(self) -> RestFail {
        match self {
            Svc::OpenIm => RestFail::new(90001, "the request body is not valid JSON for this call"),
            Svc::Group => RestFail::new(10004, "invalid parameters"),
            Svc::Account => RestFail::new(ACCOUNT_INVALID_PARAMETERS, "invalid parameters"),
        }
    }

    /// A MsgBody that is empty or has an elem type harkd does not take over REST.
    pub fn bad_body(self) -> RestFail {
        self.body_fail(
            "MsgBody must hold TIMTextElem, TIMCustomElem, TIMLocationElem or TIMFaceElem, \
             after at most one first TIMImageElem, TIMSoundElem, TIMFileElem or TIMVideoFileElem \
             naming its upload by UUID",
        )
    }

    /// A media elem whose uuid is not a finished upload of the kind, of the administrator
    /// or of the `From_Account`.
    pub fn bad_media(self) -> RestFail {
        self.body_fail(
            "a media elem's UUID is not a finished upload of that kind by the administrator \
             or the From_Account",
        )
    }

    /// A MsgBody elem with a field libhark would refuse too.
    pub fn bad_field(self) -> RestFail {
        self.body_fail(
            "a MsgBody elem has a field out of range: TIMLocationElem's Latitude must be \
             -90 to 90 and its Longitude -180 to 180",
        )
    }

    fn body_fail(self, info: &str) -> RestFail {
        match self {
            Svc::OpenIm => RestFail::new(90002, info),
            Svc::Group | Svc::Account => RestFail::new(10004, info),
        }
    }

    fn internal(self) -> i32 {
        match self {
            Svc::OpenIm => 91000,
            Svc::Group => 10002,
            Svc::Account => ACCOUNT_INTERNAL,
        }
    }
}

#[derive(Debug)]
pub struct RestFail {
    code: i32,
    info: String,
}

impl RestFail {
    pub fn new(code: i32, info: &str) -> RestFail {
        RestFail { code, info: info.to_owned() }
    }

    pub fn code(&self) -> i32 {
        self.code
    }

    /// The failure's answer from `svc`.
    pub fn answer(self, svc: Svc) -> Json<Value> {
        let code = if self.code == Code::Internal as i32 { svc.internal() } else { self.code };
        Json(json!({"ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": self.info}))
    }
}

impl From<Code> for RestFail {
    fn from(c: Code) -> Self {
        RestFail { code: c as i32, info: c.description().to_owned() }
    }
}

/// A success answer with the call's own fields.
pub fn ok(fields: Value) -> Json<Value> {
    let mut out = Map::new();
    out.insert("ActionStatus".into(), "OK".into());
    out.insert("ErrorCode".into(), 0.into());
    out.insert("ErrorInfo".into(), "".into());
    if let Value::Object(f) = fields {
        out.extend(f);
    }
    Json(Value::Object(out))
}

/// The answer of a handler body that ran to a result or a failure.
pub fn finish(svc: Svc, r: Result<Json<Value>, RestFail>) -> Json<Value> {
    r.unwrap_or_else(|f| f.answer(svc))
}

/// Any path under `/v4/` that names no command.
pub async fn unknown_command(request: Request) -> Json<Value> {
    let svc = Svc::of_path(request.uri().path());
    RestFail::new(INVALID_RES, "no such REST command; check the request URL").answer(svc)
}

/// Puts the answers axum makes itself in Tencent's format too (HTTP 200, a FAIL with a
/// Tencent code): a method other than POST, a body over the limit, anything else an
/// extractor refuses. The commands' own answers are JSON already and pass unchanged.
pub async fn tencent_format(request: Request, next: Next) -> Response {
    let svc = Svc::of_path(request.uri().path());
    let response = next.run(request).await;
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if json {
        return response;
    }
    let fail = match response.status() {
        StatusCode::NOT_FOUND => RestFail::new(INVALID_RES, "no such REST command"),
        StatusCode::METHOD_NOT_ALLOWED => {
            RestFail::new(INVALID_HTTP, "REST commands are POST requests")
        }
        StatusCode::PAYLOAD_TOO_LARGE => svc.too_large(),
        s if s.is_client_error() => svc.bad_request(),
        _ => Code::Internal.into(),
    };
    fail.answer(svc).into_response()
}
