//! A small HTTP/1.1 client over a raw socket, for the media API. Each request has its own
//! connection (`Connection: close`, the reply read to the end), so a test can also stop
//! half-way through a body, or send one in chunks.

use hark_proto::media::{HttpError, AUTH_SCHEME, HEADER_APP, HEADER_OFFSET, HEADER_USER};
use serde::de::DeserializeOwned;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Who a request is from: the three media headers.
#[derive(Clone, Debug)]
pub struct Auth {
    pub app: u32,
    pub user: String,
    pub sig: String,
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Names in lowercase.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{e}: {} {}", self.status, String::from_utf8_lossy(&self.body))
        })
    }

    /// The Tencent code of an error reply, with its status.
    pub fn error(&self) -> (u16, i32) {
        (self.status, self.json::<HttpError>().code)
    }

    pub fn offset(&self) -> u64 {
        self.header(HEADER_OFFSET).expect("an Upload-Offset header").parse().unwrap()
    }
}

/// Opens a connection and sends a request's head; the caller writes the body, if any.
pub async fn start(
    port: u16,
    method: &str,
    path: &str,
    auth: Option<&Auth>,
    headers: &[(&str, String)],
) -> TcpStream {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if let Some(a) = auth {
        head += &format!(
            "{HEADER_APP}: {}\r\n{HEADER_USER}: {}\r\nAuthorization: {AUTH_SCHEME} {}\r\n",
            a.app, a.user, a.sig
        );
    }
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += "\r\n";
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    s
}

/// Reads the reply to the end of the connection.
pub async fn finish(mut s: TcpStream) -> Reply {
    let mut raw = Vec::new();
    // harkd may answer before reading a whole body and then close; the reply still counts.
    let _ = s.read_to_end(&mut raw).await;
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a whole reply head");
    let head = String::from_utf8(raw[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    assert!(!headers.iter().any(|(n, v)| n == "transfer-encoding" && v == "chunked"));
    Reply { status, headers, body: raw[end + 4..].to_vec() }
}

/// One whole request with a `Content-Length` body.
pub async fn request(
    port: u16,
    method: &str,
    path: &str,
    auth: Option<&Auth>,
    headers: &[(&str, String)],
    body: &[u8],
) -> Reply {
    let mut all = headers.to_vec();
    if !body.is_empty() || method == "POST" || method == "PATCH" {
        all.push(("Content-Length", body.len().to_string()));
    }
    let mut s = start(port, method, path, auth, &all).await;
    let _ = s.write_all(body).await;
    finish(s).await
}
