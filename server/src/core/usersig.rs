//! UserSig: Tencent's public TLSSigAPIv2 format, so signatures from the official
//! generators in any language verify here.
//!
//! A UserSig is base64 (with `+`→`*`, `/`→`-`, `=`→`_`) of zlib-compressed JSON that holds the
//! identifier, SDKAppID, issue time, lifetime and an HMAC-SHA256 over those fields.

use std::io::{Read, Write};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hark_proto::Code;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

/// What a verified UserSig says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub identifier: String,
    pub sdkappid: u64,
    pub issued_at: i64,
    /// Seconds since the epoch after which the signature is refused.
    pub expires_at: i64,
}

/// A compressed UserSig is never near this big; refuse before inflating more.
const MAX_JSON_BYTES: u64 = 16 * 1024;

/// Generators write numbers; some older ones write them as strings. Both sign the digits.
fn number(v: &Value) -> Result<i64, Code> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .ok_or(Code::UserSigInvalid)
}

fn content_to_sign(
    id: &str,
    appid: impl std::fmt::Display,
    time: i64,
    expire: i64,
    userbuf: Option<&str>,
) -> String {
    let mut s = format!(
        "TLS.identifier:{id}\nTLS.sdkappid:{appid}\nTLS.time:{time}\nTLS.expire:{expire}\n"
    );
    if let Some(b) = userbuf {
        s.push_str("TLS.userbuf:");
        s.push_str(b);
        s.push('\n');
    }
    s
}

fn mac(key: &[u8], content: &str) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    m.update(content.as_bytes());
    m
}

fn url_safe(b64: &str) -> String {
    b64.chars()
        .map(|c| match c {
            '+' => '*',
            '/' => '-',
            '=' => '_',
            c => c,
        })
        .collect()
}

fn from_url_safe(sig: &str) -> String {
    sig.chars()
        .map(|c| match c {
            '*' => '+',
            '-' => '/',
            '_' => '=',
            c => c,
        })
        .collect()
}

/// Makes a UserSig the way Tencent's generators do.
pub fn generate(key: &str, sdkappid: u64, identifier: &str, now: i64, expire: i64) -> String {
    let content = content_to_sign(identifier, sdkappid, now, expire, None);
    let sig = STANDARD.encode(mac(key.as_bytes(), &content).finalize().into_bytes());
    let doc = json!({
        "TLS.ver": "2.0",
        "TLS.identifier": identifier,
        "TLS.sdkappid": sdkappid,
        "TLS.expire": expire,
        "TLS.time": now,
        "TLS.sig": sig,
    });
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(doc.to_string().as_bytes()).expect("writing to a Vec cannot fail");
    url_safe(&STANDARD.encode(z.finish().expect("writing to a Vec cannot fail")))
}

/// Checks a UserSig against the app's key, identifier, SDKAppID and the time `now`.
pub fn verify(
    usersig: &str,
    key: &str,
    sdkappid: u64,
    identifier: &str,
    now: i64,
) -> Result<Verified, Code> {
    let compressed = STANDARD.decode(from_url_safe(usersig)).map_err(|_| Code::UserSigInvalid)?;
    let mut json = Vec::new();
    flate2::read::ZlibDecoder::new(compressed.as_slice())
        .take(MAX_JSON_BYTES)
        .read_to_end(&mut json)
        .map_err(|_| Code::UserSigInvalid)?;
    let doc: Value = serde_json::from_slice(&json).map_err(|_| Code::UserSigInvalid)?;

    let field = |k: &str| doc.get(k).ok_or(Code::UserSigInvalid);
    let sig_id = field("TLS.identifier")?.as_str().ok_or(Code::UserSigInvalid)?;
    let sig_appid = number(field("TLS.sdkappid")?)?;
    let time = number(field("TLS.time")?)?;
    let expire = number(field("TLS.expire")?)?;
    let sig = field("TLS.sig")?.as_str().ok_or(Code::UserSigInvalid)?;
    let userbuf = match doc.get("TLS.userbuf") {
        Some(v) => Some(v.as_str().ok_or(Code::UserSigInvalid)?),
        None => None,
    };
    let sig = STANDARD.decode(sig).map_err(|_| Code::UserSigInvalid)?;

    let content = content_to_sign(sig_id, sig_appid, time, expire, userbuf);
    let sig_appid = u64::try_from(sig_appid).map_err(|_| Code::UserSigInvalid)?;
    mac(key.as_bytes(), &content).verify_slice(&sig).map_err(|_| Code::UserSigInvalid)?;

    if sig_appid != sdkappid {
        return Err(Code::UserSigAppIdMismatch);
    }
    if sig_id != identifier {
        return Err(Code::UserSigIdentifierMismatch);
    }
    let expires_at = time.checked_add(expire).ok_or(Code::UserSigInvalid)?;
    if now >= expires_at {
        return Err(Code::UserSigExpired);
    }
    Ok(Verified { identifier: sig_id.to_owned(), sdkappid: sig_appid, issued_at: time, expires_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Vector {
        sdkappid: u64,
        key: String,
        identifier: String,
        time: i64,
        expire: i64,
        usersig: String,
    }

    fn vectors() -> Vec<Vector> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/usersig-vectors.json");
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        serde_json::from_value(doc["vectors"].clone()).unwrap()
    }

    #[test]
    fn accepts_tencent_generated_signatures_within_their_lifetime() {
        let vs = vectors();
        assert!(vs.len() >= 4);
        for v in vs {
            for now in [v.time, v.time + v.expire - 1] {
                let ok = verify(&v.usersig, &v.key, v.sdkappid, &v.identifier, now).unwrap();
                assert_eq!(ok.identifier, v.identifier);
                assert_eq!(ok.expires_at, v.time + v.expire);
            }
        }
    }

    #[test]
    fn refuses_expired_wrong_key_wrong_app_wrong_user() {
        for v in vectors() {
            let at = v.time + 1;
            let verify_with = |sig: &str, key: &str, app: u64, id: &str, now: i64| {
                verify(sig, key, app, id, now).unwrap_err()
            };
            let expired =
                verify_with(&v.usersig, &v.key, v.sdkappid, &v.identifier, v.time + v.expire);
            assert_eq!(expired, Code::UserSigExpired);
            let wrong_key = verify_with(&v.usersig, "another key", v.sdkappid, &v.identifier, at);
            assert_eq!(wrong_key, Code::UserSigInvalid);
            let wrong_app = verify_with(&v.usersig, &v.key, v.sdkappid + 1, &v.identifier, at);
            assert_eq!(wrong_app, Code::UserSigAppIdMismatch);
            let wrong_user = verify_with(&v.usersig, &v.key, v.sdkappid, "mallory", at);
            assert_eq!(wrong_user, Code::UserSigIdentifierMismatch);
        }
    }

    #[test]
    fn refuses_tampered_and_garbage() {
        let v = &vectors()[1];
        let mut bytes = v.usersig.clone().into_bytes();
        let mid = bytes.len() / 2;
        bytes[mid] = if bytes[mid] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        assert!(verify(&tampered, &v.key, v.sdkappid, &v.identifier, v.time).is_err());
        for junk in ["", "!!!", "eJyr", &"A".repeat(5000)] {
            assert_eq!(verify(junk, "k", 1, "a", 0).unwrap_err(), Code::UserSigInvalid);
        }
    }

    #[test]
    fn generated_signatures_verify() {
        let sig = generate("secret", 1400000001, "alice", 1_000, 60);
        let ok = verify(&sig, "secret", 1400000001, "alice", 1_059).unwrap();
        assert_eq!(ok.expires_at, 1_060);
        assert_eq!(verify(&sig, "secret", 1400000001, "alice", 1_060), Err(Code::UserSigExpired));
    }
}
