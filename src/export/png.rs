//! The drawing as a PNG: the SVG document of [`crate::graph::svg::document`]
//! rasterised with resvg, at a scale (1: one pixel per CSS pixel).
//!
//! Text needs fonts: the system's are loaded (fontdb scans the usual
//! folders), and the drawing's `monospace` is the first monospaced face
//! found (DejaVu Sans Mono, Liberation Mono or Noto Sans Mono where there),
//! else any face. With no font at all the PNG has boxes and lines but no
//! text, and [`Png::notes`] says so. The command line only: resvg is not
//! built for the page.

use resvg::tiny_skia;
use resvg::usvg;

/// How to rasterise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Pixels per CSS pixel of the drawing.
    pub scale: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options { scale: 1.0 }
    }
}

/// The largest image made, in pixels (a 1,000-model drawing at scale 1 is
/// about 40 million): 4 bytes each in memory.
pub const MAX_PIXELS: u64 = 400_000_000;

/// A PNG file and what it shows.
#[derive(Clone, Debug)]
pub struct Png {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// What could not be drawn as asked (no fonts).
    pub notes: Vec<String>,
}

/// Why there is no PNG.
#[derive(Clone, Debug, PartialEq)]
pub struct PngError {
    pub message: String,
}

/// `svg` rasterised at `options.scale`.
pub fn png(svg: &str, options: &Options) -> Result<Png, PngError> {
    let error = |message: String| PngError { message };
    if !(options.scale.is_finite() && options.scale > 0.0) {
        return Err(error(format!(
            "scale {} is not a positive number",
            options.scale
        )));
    }
    let mut usvg_options = usvg::Options::default();
    let mut notes = Vec::new();
    {
        let db = usvg_options.fontdb_mut();
        db.load_system_fonts();
        match monospace(db) {
            Some(family) => db.set_monospace_family(family),
            None => notes.push("no fonts found on this system: the PNG has no text".to_string()),
        }
    }
    let tree = usvg::Tree::from_str(svg, &usvg_options)
        .map_err(|e| error(format!("the drawing is not SVG resvg reads: {e}")))?;
    let size = tree.size();
    let width = (f64::from(size.width()) * f64::from(options.scale)).ceil();
    let height = (f64::from(size.height()) * f64::from(options.scale)).ceil();
    if width * height > MAX_PIXELS as f64 || width > f64::from(u32::MAX) {
        return Err(error(format!(
            "{width} x {height} pixels is more than {MAX_PIXELS}: a smaller --scale draws it"
        )));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (width, height) = (width.max(1.0) as u32, height.max(1.0) as u32);
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| error(format!("cannot make a {width} x {height} image")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(options.scale, options.scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| error(format!("PNG encoding failed: {e}")))?;
    Ok(Png {
        bytes,
        width,
        height,
        notes,
    })
}

/// The family to draw `monospace` with: a preferred monospaced one, any
/// monospaced one, else any at all; None when there are no fonts.
fn monospace(db: &usvg::fontdb::Database) -> Option<String> {
    const PREFERRED: [&str; 3] = ["DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono"];
    let family =
        |face: &usvg::fontdb::FaceInfo| face.families.first().map(|(name, _)| name.clone());
    PREFERRED
        .iter()
        .find(|p| db.faces().any(|f| f.families.iter().any(|(n, _)| n == *p)))
        .map(|p| (*p).to_string())
        .or_else(|| db.faces().filter(|f| f.monospaced).find_map(family))
        .or_else(|| db.faces().find_map(family))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_at_a_scale() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"30\" height=\"20\"><rect width=\"30\" height=\"20\" fill=\"#f00\"/></svg>";
        let one = png(svg, &Options::default()).expect("png");
        assert_eq!((one.width, one.height), (30, 20));
        assert!(one.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        let two = png(svg, &Options { scale: 2.5 }).expect("png");
        assert_eq!((two.width, two.height), (75, 50));
        assert!(png(svg, &Options { scale: 0.0 }).is_err());
        assert!(png(svg, &Options { scale: f32::NAN }).is_err());
        assert!(png("not svg", &Options::default()).is_err());
    }
}
