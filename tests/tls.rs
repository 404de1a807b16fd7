//! wss:// and https:// against a harkd that terminates TLS with a self-signed certificate:
//! a client told to trust it logs in, messages and moves media; a client that does not trust
//! it, or that speaks plain ws://, fails the login with 9508 and never falls back.

mod common;

use common::media::*;
use common::*;
use hark::ffi::*;
use harkd::testing::TestServer;

struct Cert {
    cert: String,
    key: String,
}

fn self_signed() -> Cert {
    let c = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
    Cert { cert: c.cert.pem(), key: c.signing_key.serialize_pem() }
}

fn failed_login(client: &Client, server: &TestServer) -> (i32, String) {
    let (cb, rx) = callback();
    assert_eq!(client.try_login("alice", &server.user_sig("alice"), cb), 0);
    let Ev::Err(code, desc) = rx.terminal() else { panic!("the login succeeded") };
    assert_eq!(client.status(), HARK_LOGIN_STATUS_LOGOUT);
    (code, desc)
}

#[test]
fn a_trusting_client_messages_and_moves_media_over_tls() {
    let cert = self_signed();
    let server = TestServer::start_tls(&cert.cert, &cert.key);
    assert!(server.url.starts_with("wss://"));
    let client =
        |platform| Client::with_ca(&server.url, server.sdkappid, platform, 0, Some(&cert.cert));
    let (alice, bob) = (client(1), client(2));
    alice.login("alice", &server.user_sig("alice"));
    let bob_keeps = Keeper::listen(&bob);
    bob.login("bob", &server.user_sig("bob"));

    let sent = alice.send_c2c_text("over TLS", "bob");
    let got = bob_keeps.next().snap();
    assert_eq!((got.msg_id.as_str(), got.text()), (sent.msg_id.as_str(), "over TLS"));
    let back = bob.send_c2c_text("and back", "alice");
    assert_eq!(back.status, HARK_MSG_STATUS_SEND_SUCC);

    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("photo.bmp");
    write_bmp(&src, 300, 200);
    let m = Msg::image(&src).unwrap();
    let out = send(&alice, &m, Some("bob"), None);
    out.assert_full_progress();
    let got = bob_keeps.next();
    let ElemSnap::Image { images, .. } = &got.snap().elems[0] else { panic!("an image") };
    let media = format!("https://localhost:{}/v1/media/", server.port);
    assert!(images.iter().all(|i| i.url.starts_with(&media)), "{images:?}");
    let to = dir.path().join("downloaded.bmp");
    download(&bob, &got, 0, Part::Image(HARK_IMAGE_TYPE_ORIGIN), &to).unwrap();
    assert!(same_file(&src, &to));
}

#[test]
fn an_untrusted_certificate_fails_the_login_with_9508() {
    let cert = self_signed();
    let server = TestServer::start_tls(&cert.cert, &cert.key);
    let (code, desc) = failed_login(&Client::new(&server.url, server.sdkappid), &server);
    assert_eq!(code, 9508);
    assert!(desc.ends_with("the server's certificate did not verify (UnknownIssuer)"), "{desc}");

    // Trusting another certificate does not help.
    let other = self_signed();
    let c = Client::with_ca(&server.url, server.sdkappid, 0, 0, Some(&other.cert));
    let (code, desc) = failed_login(&c, &server);
    assert_eq!(code, 9508);
    assert!(desc.contains("certificate did not verify"), "{desc}");
}

#[test]
fn plain_ws_to_a_tls_server_fails_cleanly() {
    let cert = self_signed();
    let server = TestServer::start_tls(&cert.cert, &cert.key);
    let plain = format!("ws://localhost:{}", server.port);
    let client = Client::with_options(&plain, server.sdkappid, 0, 3000);
    let (code, desc) = failed_login(&client, &server);
    assert_eq!(code, 9508, "{desc}");
}

#[test]
fn a_ca_pem_without_a_certificate_is_6017() {
    let url = cstr("wss://localhost:1");
    for pem in ["", "not PEM", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"] {
        let pem = cstr(pem);
        let mut options: hark_client_options = unsafe { std::mem::zeroed() };
        unsafe { hark_client_options_init(&mut options) };
        options.ca_pem = pem.as_ptr();
        let mut out = std::ptr::null_mut();
        assert_eq!(unsafe { hark_client_new(1, url.as_ptr(), &options, &mut out) }, 6017);
        assert!(out.is_null());
    }
}
