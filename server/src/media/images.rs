//! Decoding uploaded images and writing their smaller versions. Blocking: run these off the
//! async threads.

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::path::Path;

use hark_proto::limits::{LARGE_SHORT_SIDE, THUMB_SHORT_SIDE};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The formats harkd takes for images and snapshots: Tencent's JPG, GIF, PNG and BMP, and
/// WebP, which phones produce.
const ACCEPTED: [ImageFormat; 5] =
    [ImageFormat::Jpeg, ImageFormat::Gif, ImageFormat::Png, ImageFormat::Bmp, ImageFormat::WebP];

const JPEG_QUALITY: u8 = 85;

/// The longest side harkd decodes: the most JPEG and GIF allow (WebP allows less). Only PNG
/// and BMP could say more, and at most `image_max_pixels` in all.
pub const MAX_SIDE: u32 = u16::MAX as u32;

/// Bytes of the largest pixel the accepted formats decode to (16-bit RGBA).
const MAX_PIXEL_BYTES: u64 = 8;

/// What an image's header says, read before any pixel is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    /// Bytes per decoded pixel.
    pub pixel_bytes: u64,
}

fn open(path: &Path) -> std::io::Result<Option<ImageReader<BufReader<File>>>> {
    let reader = ImageReader::new(BufReader::new(File::open(path)?)).with_guessed_format()?;
    Ok(reader.format().is_some_and(|f| ACCEPTED.contains(&f)).then_some(reader))
}

/// Reads only the header of the file at `path`; None when it is not an image in an
/// accepted format.
pub fn header(path: &Path) -> std::io::Result<Option<Header>> {
    let Some(mut reader) = open(path)? else { return Ok(None) };
    // The sizes are judged by the caller, against the configured budget.
    reader.limits(Limits::no_limits());
    Ok(reader.into_decoder().ok().map(|d| {
        let (width, height) = d.dimensions();
        Header { width, height, pixel_bytes: d.color_type().bytes_per_pixel().into() }
    }))
}

impl Header {
    pub fn pixels(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }

    /// The most memory decoding the image takes, with its large and thumbnail versions
    /// when `versions`: the decoded pixels, and for each version the resize's working copy
    /// (the source's width × the version's height, in 16-byte float pixels), the result and
    /// the JPEG encoder's RGB copy of it. The thumbnail is made from the large version.
    pub fn decode_bytes(&self, versions: bool) -> u64 {
        let decoded = self.pixels() * self.pixel_bytes;
        if !versions {
            return decoded;
        }
        let resize = |from_width: u32, (w, h): (u32, u32)| {
            u64::from(from_width) * u64::from(h) * 16
                + u64::from(w) * u64::from(h) * (self.pixel_bytes + 3)
        };
        let large = scaled(self.width, self.height, LARGE_SHORT_SIDE);
        let thumb = scaled(self.width, self.height, THUMB_SHORT_SIDE);
        decoded
            + large.map_or(0, |l| resize(self.width, l))
            + thumb.map_or(0, |t| resize(large.map_or(self.width, |l| l.0), t))
    }
}

/// Decodes the file at `path` (a GIF: its first frame), and says in which format it was,
/// the decoder held to at most `max_pixels` and [`MAX_SIDE`]. None when it is not an image
/// in an accepted format, or is larger than that.
pub fn decode(
    path: &Path,
    max_pixels: u64,
) -> std::io::Result<Option<(DynamicImage, ImageFormat)>> {
    let Some(mut reader) = open(path)? else { return Ok(None) };
    let format = reader.format();
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(max_pixels.saturating_mul(MAX_PIXEL_BYTES));
    reader.limits(limits);
    Ok(reader.decode().ok().zip(format))
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

    #[test]
    fn decode_memory_counts_the_pixels_and_each_resize() {
        let small = Header { width: 100, height: 80, pixel_bytes: 4 };
        assert_eq!(small.decode_bytes(true), 100 * 80 * 4, "no versions to make");
        let photo = Header { width: 4000, height: 3000, pixel_bytes: 3 };
        assert_eq!(photo.decode_bytes(false), 36_000_000);
        // Large 960x720 from the original, thumb 264x198 from the large.
        let large = 4000 * 720 * 16 + 960 * 720 * 6;
        let thumb = 960 * 198 * 16 + 264 * 198 * 6;
        assert_eq!(photo.decode_bytes(true), 36_000_000 + large + thumb);
        // A wide panorama's resize needs far more than its pixels.
        let wide = Header { width: 50_000, height: 1_000, pixel_bytes: 3 };
        assert!(wide.decode_bytes(true) > 4 * wide.decode_bytes(false));
    }
}
