//! The `Content-Type` a stored file is served with, decided when it is stored: an image's
//! from the format harkd decoded (or encoded, for its versions), anything else's from its
//! file name's extension. Only types from the lists below are ever sent, none a browser
//! would run (no HTML, SVG or scripts); anything else is `application/octet-stream`.

use image::ImageFormat;

pub const OCTET_STREAM: &str = "application/octet-stream";

/// The type of an image in one of the formats harkd accepts; None for any other format.
pub fn of_image(format: ImageFormat) -> Option<&'static str> {
    Some(match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        ImageFormat::Gif => "image/gif",
        ImageFormat::Bmp => "image/bmp",
        ImageFormat::WebP => "image/webp",
        _ => return None,
    })
}

/// An image's type from its first bytes; for files stored before harkd recorded types.
pub fn sniff_image(head: &[u8]) -> &'static str {
    image::guess_format(head).ok().and_then(of_image).unwrap_or(OCTET_STREAM)
}

/// Extensions (lowercase) and their types: what phones and desktops commonly send.
const BY_EXTENSION: &[(&str, &str)] = &[
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("gif", "image/gif"),
    ("bmp", "image/bmp"),
    ("webp", "image/webp"),
    ("heic", "image/heic"),
    ("mp3", "audio/mpeg"),
    ("m4a", "audio/mp4"),
    ("aac", "audio/aac"),
    ("amr", "audio/amr"),
    ("wav", "audio/wav"),
    ("ogg", "audio/ogg"),
    ("oga", "audio/ogg"),
    ("opus", "audio/opus"),
    ("flac", "audio/flac"),
    ("mp4", "video/mp4"),
    ("m4v", "video/mp4"),
    ("mov", "video/quicktime"),
    ("webm", "video/webm"),
    ("3gp", "video/3gpp"),
    ("mkv", "video/x-matroska"),
    ("avi", "video/x-msvideo"),
    ("pdf", "application/pdf"),
    ("txt", "text/plain"),
    ("csv", "text/csv"),
    ("zip", "application/zip"),
    ("gz", "application/gzip"),
    ("7z", "application/x-7z-compressed"),
    ("doc", "application/msword"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xls", "application/vnd.ms-excel"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
];

/// The type a file name's extension says, from `BY_EXTENSION`; octet-stream otherwise.
pub fn of_name(name: &str) -> &'static str {
    let Some((stem, ext)) = name.rsplit_once('.') else { return OCTET_STREAM };
    if stem.is_empty() || ext.len() > 8 {
        return OCTET_STREAM;
    }
    let ext = ext.to_ascii_lowercase();
    BY_EXTENSION.iter().find(|(e, _)| *e == ext).map_or(OCTET_STREAM, |(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_through_the_list_only() {
        assert_eq!(of_name("voice.M4A"), "audio/mp4");
        assert_eq!(of_name("clip.mp4"), "video/mp4");
        assert_eq!(of_name("report.final.PDF"), "application/pdf");
        assert_eq!(of_name("backup.tar.gz"), "application/gzip");
        for unknown in ["", "README", ".mp4", "page.html", "x.svg", "a.js", "b.exe", "mp4", "a."] {
            assert_eq!(of_name(unknown), OCTET_STREAM, "{unknown}");
        }
        assert!(BY_EXTENSION.iter().all(|(e, _)| *e == e.to_ascii_lowercase()));
    }

    #[test]
    fn images_by_format_and_by_their_first_bytes() {
        assert_eq!(of_image(ImageFormat::WebP), Some("image/webp"));
        assert_eq!(of_image(ImageFormat::Tiff), None);
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"), "image/png");
        assert_eq!(sniff_image(b"\xff\xd8\xff\xe0\0\x10JFIF"), "image/jpeg");
        assert_eq!(sniff_image(b"GIF89a"), "image/gif");
        assert_eq!(sniff_image(b"<svg xmlns="), OCTET_STREAM);
        assert_eq!(sniff_image(b""), OCTET_STREAM);
    }
}
