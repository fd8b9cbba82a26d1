//! Grayscale images drawn as pixel-crisp rasters: two side-by-side panels per plot, each
//! image scaled by nearest neighbour into device pixels (so no browser smoothing can blur the
//! pixel edges), with black and white at a chosen value range.

use super::RgbaImage;
use crate::math::convolution::GrayImage;

/// The gray level range an image is shown with: black at min(0, smallest), white at
/// max(1, largest), so 0…1 images keep their look and feature maps fit.
pub fn display_range(image: &GrayImage) -> (f64, f64) {
    let (low, high) = image.min_max().unwrap_or((0.0, 1.0));
    (low.min(0.0), high.max(1.0))
}

/// A rectangle in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.left && x < self.left + self.width && y >= self.top && y < self.top + self.height
    }
}

/// Space above each image for its title, below it for the gray scale.
pub const TITLE_SPACE: f64 = 24.0;
pub const CAPTION_SPACE: f64 = 22.0;

/// Where an image of `image_size` pixels goes in panel `index` of two side-by-side panels
/// of a `width × height` CSS-pixel plot, with one scale per pixel that fits `fit_size`
/// (so the feature map's pixels line up in size with the input's when they are comparable).
pub fn image_rect(
    width: f64,
    height: f64,
    index: usize,
    image_size: (usize, usize),
    fit_size: (usize, usize),
) -> Rect {
    let panel_width = width / 2.0;
    let (area_width, area_height) = (
        (panel_width - 16.0).max(1.0),
        (height - TITLE_SPACE - CAPTION_SPACE).max(1.0),
    );
    let scale = (area_width / fit_size.0.max(1) as f64).min(area_height / fit_size.1.max(1) as f64);
    let (w, h) = (image_size.0 as f64 * scale, image_size.1 as f64 * scale);
    Rect {
        left: index as f64 * panel_width + (panel_width - w) / 2.0,
        top: TITLE_SPACE + (area_height - h) / 2.0,
        width: w,
        height: h,
    }
}

/// Paints `image` into `raster` at `rect` (CSS pixels × `ratio`), nearest neighbour, with
/// black at `range.0` and white at `range.1`.
pub fn paint_image(
    raster: &mut RgbaImage,
    image: &GrayImage,
    rect: Rect,
    ratio: f64,
    range: (f64, f64),
) {
    if image.width == 0 || image.height == 0 {
        return;
    }
    let (raster_width, raster_height) = (raster.width as i64, raster.height as i64);
    let left = (rect.left * ratio).round() as i64;
    let top = (rect.top * ratio).round() as i64;
    let right = ((rect.left + rect.width) * ratio).round() as i64;
    let bottom = ((rect.top + rect.height) * ratio).round() as i64;
    let (span_x, span_y) = ((right - left).max(1) as f64, (bottom - top).max(1) as f64);
    let spread = (range.1 - range.0).max(1e-12);
    for py in top.max(0)..bottom.min(raster_height) {
        let y = (((py - top) as f64 + 0.5) / span_y * image.height as f64) as usize;
        for px in left.max(0)..right.min(raster_width) {
            let x = (((px - left) as f64 + 0.5) / span_x * image.width as f64) as usize;
            let value = image
                .get(x.min(image.width - 1), y.min(image.height - 1))
                .unwrap_or(0.0);
            let level = (((value - range.0) / spread).clamp(0.0, 1.0) * 255.0).round() as u8;
            raster.set_pixel(px as u32, py as u32, [level, level, level, 255]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_paint_as_solid_blocks_inside_their_panel() {
        // A 2×1 image (black, white) in the left panel of a 200×100 plot at ratio 2.
        let image = GrayImage {
            width: 2,
            height: 1,
            pixels: vec![0.0, 1.0],
        };
        let rect = image_rect(200.0, 100.0, 0, (2, 1), (2, 1));
        assert!(
            rect.left >= 0.0 && rect.left + rect.width <= 100.0,
            "{rect:?}"
        );
        let mut raster = RgbaImage::new(400, 200);
        paint_image(&mut raster, &image, rect, 2.0, (0.0, 1.0));
        let y = ((rect.top + rect.height / 2.0) * 2.0) as u32;
        let left_x = ((rect.left + rect.width * 0.25) * 2.0) as u32;
        let right_x = ((rect.left + rect.width * 0.75) * 2.0) as u32;
        assert_eq!(raster.pixel(left_x, y), [0, 0, 0, 255]);
        assert_eq!(raster.pixel(right_x, y), [255, 255, 255, 255]);
        assert_eq!(display_range(&image), (0.0, 1.0));
    }
}
