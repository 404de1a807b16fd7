//! Checks of a local media file, made when its message is created (so the create call returns
//! the error) and again before its bytes are sent (the file may have changed since).

use std::io::{ErrorKind, Read};

use hark_proto::media::MediaKind;

use crate::error::{Code, Failure};

/// The file's size, once it is known to be a non-empty regular file within the limit of
/// `kind`; images (and snapshots) must also start like a JPG, GIF, PNG, BMP or WebP file.
pub fn check(path: &str, kind: MediaKind) -> Result<u64, Failure> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        // A name too long for the OS, or a file where a folder should be: no such file.
        ErrorKind::NotFound | ErrorKind::InvalidFilename | ErrorKind::NotADirectory => {
            Failure::with_detail(Code::FileNotFound, format!("{}: {e}", shown(path)))
        }
        _ => Failure::with_detail(Code::IoOperationFailed, format!("{}: {e}", shown(path))),
    })?;
    let (full, path) = (path, shown(path));
    if meta.is_dir() {
        let detail = format!("{path} is a folder, not a file");
        return Err(Failure::with_detail(Code::FileNotFound, detail));
    }
    let size = meta.len();
    if size == 0 {
        return Err(Failure::with_detail(Code::FileSizeEmpty, path));
    }
    if size > kind.max_bytes() {
        let detail = format!("{path} has {size} bytes, the limit is {}", kind.max_bytes());
        return Err(Failure::with_detail(Code::FileTooLarge, detail));
    }
    if matches!(kind, MediaKind::Image | MediaKind::Snapshot) && !is_image(&head(full)?) {
        let detail = format!("{path} is not a JPG, GIF, PNG, BMP or WebP image");
        return Err(Failure::with_detail(Code::InvalidMsgElem, detail));
    }
    Ok(size)
}

/// The path for an error's description, cut short: an app may pass megabytes of it.
fn shown(path: &str) -> &str {
    const MAX: usize = 256;
    match path.char_indices().nth(MAX) {
        Some((end, _)) => &path[..end],
        None => path,
    }
}

/// The first bytes of the file, enough for every signature below.
fn head(path: &str) -> Result<Vec<u8>, Failure> {
    let io = |e: std::io::Error| {
        Failure::with_detail(Code::IoOperationFailed, format!("{}: {e}", shown(path)))
    };
    let mut head = Vec::with_capacity(12);
    std::fs::File::open(path).map_err(io)?.take(12).read_to_end(&mut head).map_err(io)?;
    Ok(head)
}

/// Image formats by their magic bytes, not their names.
fn is_image(head: &[u8]) -> bool {
    head.starts_with(&[0xff, 0xd8, 0xff])
        || head.starts_with(b"GIF87a")
        || head.starts_with(b"GIF89a")
        || head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(b"BM")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<u64, Failure>) -> i32 {
        r.map_or_else(|f| f.code, |_| 0)
    }

    #[test]
    fn sorts_files_by_the_rules() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
        std::fs::write(at("a.png"), b"\x89PNG\r\n\x1a\nrest").unwrap();
        std::fs::write(at("b.webp"), b"RIFF\0\0\0\0WEBPVP8 ").unwrap();
        std::fs::write(at("c.txt"), b"hello").unwrap();
        std::fs::write(at("empty"), b"").unwrap();
        assert_eq!(check(&at("a.png"), MediaKind::Image).unwrap(), 12);
        assert_eq!(check(&at("b.webp"), MediaKind::Snapshot).unwrap(), 16);
        assert_eq!(code(check(&at("c.txt"), MediaKind::Image)), Code::InvalidMsgElem as i32);
        assert_eq!(check(&at("c.txt"), MediaKind::File).unwrap(), 5);
        assert_eq!(code(check(&at("empty"), MediaKind::File)), Code::FileSizeEmpty as i32);
        assert_eq!(code(check(&at("missing"), MediaKind::Sound)), Code::FileNotFound as i32);
        let folder = check(dir.path().to_str().unwrap(), MediaKind::File).unwrap_err();
        assert_eq!(folder.code, Code::FileNotFound as i32);
        assert!(folder.desc.contains("folder"));
        let big = std::fs::File::create(at("big.bmp")).unwrap();
        big.set_len(MediaKind::Image.max_bytes() + 1).unwrap();
        assert_eq!(code(check(&at("big.bmp"), MediaKind::Image)), Code::FileTooLarge as i32);
        assert!(check(&at("big.bmp"), MediaKind::Video).is_ok());
        // Over PATH_MAX, and a file used as a folder: no such file, said briefly.
        let long = check(&"/x".repeat(1 << 19), MediaKind::File).unwrap_err();
        assert_eq!(long.code, Code::FileNotFound as i32);
        assert!(long.desc.len() < 400, "{}", long.desc.len());
        assert_eq!(code(check(&at("c.txt/inside"), MediaKind::File)), Code::FileNotFound as i32);
    }

    #[test]
    fn knows_the_image_signatures() {
        for head in [&b"\xff\xd8\xff\xe0"[..], b"GIF89a..", b"GIF87a", b"BM....", b"RIFF....WEBP"] {
            assert!(is_image(head), "{head:?}");
        }
        for head in [&b"RIFF....WAVE"[..], b"\x89PNG", b"", b"ID3"] {
            assert!(!is_image(head), "{head:?}");
        }
    }
}
