//! Decoding uploaded images and writing their smaller versions. Blocking: run these off the
//! async threads.

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader};

/// The formats harkd takes for images and snapshots: Tencent's JPG, GIF, PNG and BMP, and
/// WebP, which phones produce.
const ACCEPTED: [ImageFormat; 5] =
    [ImageFormat::Jpeg, ImageFormat::Gif, ImageFormat::Png, ImageFormat::Bmp, ImageFormat::WebP];

const JPEG_QUALITY: u8 = 85;

/// Decodes the file at `path` (a GIF: its first frame), and says in which format it was.
/// None when it is not an image in an accepted format, or would need more memory than the
/// decoder's default limit (512 MiB).
pub fn decode(path: &Path) -> std::io::Result<Option<(DynamicImage, ImageFormat)>> {
    let reader = ImageReader::new(BufReader::new(File::open(path)?)).with_guessed_format()?;
    let Some(format) = reader.format().filter(|f| ACCEPTED.contains(f)) else {
        return Ok(None);
    };
    Ok(reader.decode().ok().map(|img| (img, format)))
}

/// The size that scales `width`×`height` so its shorter side is `short` (Tencent's rule for
/// large and thumbnail versions); None when the shorter side already is at most `short`.
pub fn scaled(width: u32, height: u32, short: u32) -> Option<(u32, u32)> {
    let s = width.min(height);
    if s <= short {
        return None;
    }
    let long = |l: u32| {
        let n = (u64::from(l) * u64::from(short) + u64::from(s) / 2) / u64::from(s);
        u32::try_from(n).unwrap_or(u32::MAX).max(1)
    };
    Some(if width <= height { (short, long(height)) } else { (long(width), short) })
}

/// Writes `img` resized to `size` into a new file at `path`, synced: JPEG, or PNG when the
/// image has transparency, which JPEG would lose. Returns the resized image, to make
/// smaller versions from, the file's length and the format it was written in.
pub fn write_version(
    img: &DynamicImage,
    (width, height): (u32, u32),
    path: &Path,
) -> std::io::Result<(DynamicImage, u64, ImageFormat)> {
    let small = img.resize_exact(width, height, FilterType::Triangle);
    let mut out = BufWriter::new(File::create_new(path)?);
    let (encoded, format) = if small.color().has_alpha() {
        (small.write_with_encoder(PngEncoder::new(&mut out)), ImageFormat::Png)
    } else {
        let rgb = DynamicImage::ImageRgb8(small.to_rgb8());
        (
            rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
            ImageFormat::Jpeg,
        )
    };
    encoded.map_err(std::io::Error::other)?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok((small, file.metadata()?.len(), format))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_follows_tencents_rule() {
        assert_eq!(scaled(2000, 1000, 720), Some((1440, 720)));
        assert_eq!(scaled(2000, 1000, 198), Some((396, 198)));
        assert_eq!(scaled(400, 500, 198), Some((198, 248)));
        assert_eq!(scaled(500, 400, 720), None);
        assert_eq!(scaled(198, 5000, 198), None);
        assert_eq!(scaled(100, 80, 198), None);
        assert_eq!(scaled(100_000, 199, 198), Some((99_497, 198)));
    }
}
