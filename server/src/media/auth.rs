//! Who is asking: every media request carries `X-Hark-SdkAppId`, `X-Hark-User` and
//! `Authorization: UserSig <usersig>`, checked like a login, for a user who has logged in
//! (or the administrator, made on first use as for the REST API).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use hark_proto::media::{AUTH_SCHEME, HEADER_APP, HEADER_USER};
use hark_proto::Code;

use super::{read, HttpFail, Media};

/// The authenticated user of a media request.
pub struct Caller {
    pub id: i64,
}

fn unauthorized(code: Code) -> HttpFail {
    HttpFail::new(StatusCode::UNAUTHORIZED, code)
}

impl FromRequestParts<Arc<Media>> for Caller {
    type Rejection = HttpFail;

    async fn from_request_parts(parts: &mut Parts, shared: &Arc<Media>) -> Result<Self, HttpFail> {
        let text = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let invalid = || unauthorized(Code::UserSigInvalid);
        let app: u32 = text(HEADER_APP).and_then(|a| a.trim().parse().ok()).ok_or_else(invalid)?;
        let user = text(HEADER_USER).ok_or_else(invalid)?.to_owned();
        let sig = text(header::AUTHORIZATION.as_str())
            .and_then(|a| a.strip_prefix(AUTH_SCHEME)?.strip_prefix(' '))
            .ok_or_else(invalid)?;
        shared.core.verify_usersig(app, &user, sig.trim()).map_err(unauthorized)?;
        let admin = user == shared.core.config.admin.identifier;
        match read(shared, move |r| r.user(app, &user)).await? {
            Some(id) => Ok(Caller { id }),
            // The administrator uploads for REST sends without logging in; its row is made
            // on first use, as for a REST call.
            None if admin => shared
                .core
                .admin_user(app)
                .await
                .map(|id| Caller { id })
                .map_err(HttpFail::from_code),
            None => Err(unauthorized(Code::MsgInvalidId)),
        }
    }
}
