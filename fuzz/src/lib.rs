//! What each fuzz target runs. `tests/fuzz_corpus.rs` includes this file to replay the
//! corpus in `cargo test`, so both feed the inputs to the same code.

use std::io::Write;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use harkd::core::usersig;

/// harkd's decoding of a client's text frame, as its session does it. A request that
/// decodes must survive a JSON round trip unchanged: harkd stores and forwards what it
/// re-serializes.
pub fn client_frame(data: &[u8]) {
    // WebSocket text frames are UTF-8: tungstenite refuses the others before harkd sees them.
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(frame) = harkd::gateway::decode_request(text) {
        let again = serde_json::to_string(&frame).expect("client frames serialize");
        assert_eq!(harkd::gateway::decode_request(&again), Ok(frame));
    }
}

/// libhark's decoding of a frame from harkd and its conversion of the messages in it.
pub fn server_frame(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    hark::fuzzing::server_frame(text);
}

const KEY: &str = "fuzz-key";
const APP: u64 = 1_400_000_001;
const NOW: i64 = 1_700_000_000;

/// harkd's UserSig verifier. The first byte picks what the rest is:
/// 0: the UserSig text itself;
/// 1: the JSON document inside one, which is compressed and encoded here so the fuzzer
///    reaches the parsing behind the zlib layer;
/// 2: an issue time, lifetime and identifier that `generate` signs, after which `verify`
///    must accept exactly the unexpired signatures of the right user.
pub fn usersig(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 3 {
        0 => {
            let Ok(sig) = std::str::from_utf8(rest) else { return };
            let _ = usersig::verify(sig, KEY, APP, "alice", NOW);
        }
        1 => {
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            z.write_all(rest).expect("writing to a Vec cannot fail");
            let b64 = STANDARD.encode(z.finish().expect("writing to a Vec cannot fail"));
            let sig: String = b64
                .chars()
                .map(|c| match c {
                    '+' => '*',
                    '/' => '-',
                    '=' => '_',
                    c => c,
                })
                .collect();
            let _ = usersig::verify(&sig, KEY, APP, "alice", NOW);
        }
        _ => {
            if rest.len() < 16 {
                return;
            }
            let time = i64::from_le_bytes(rest[..8].try_into().expect("8 bytes"));
            let expire = i64::from_le_bytes(rest[8..16].try_into().expect("8 bytes"));
            let Ok(id) = std::str::from_utf8(&rest[16..]) else { return };
            let sig = usersig::generate(KEY, APP, id, time, expire);
            let got = usersig::verify(&sig, KEY, APP, "alice", NOW);
            let unexpired = time.checked_add(expire).is_some_and(|end| NOW < end);
            match got {
                Ok(v) => {
                    assert!(id == "alice" && unexpired);
                    assert_eq!((v.issued_at, v.expires_at), (time, time + expire));
                }
                Err(_) => assert!(id != "alice" || !unexpired),
            }
        }
    }
}
