//! The one transform between model coordinates and pixels.
//!
//! Drawing and pointer hit-testing both go through [`Viewport`], so a click lands exactly where
//! the thing under it was drawn. Model y points up, pixel y points down.

/// Maps model coordinates (x right, y up) to pixel coordinates (y down) inside a pixel
/// rectangle, and back. One transform for drawing and for pointer hit-testing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Model x at the left edge and at the right edge of the rectangle.
    pub x_range: (f64, f64),
    /// Model y at the bottom edge and at the top edge of the rectangle.
    pub y_range: (f64, f64),
    /// Pixel x of the rectangle's left edge.
    pub left: f64,
    /// Pixel y of the rectangle's top edge.
    pub top: f64,
    /// Pixel width of the rectangle.
    pub width: f64,
    /// Pixel height of the rectangle.
    pub height: f64,
}

impl Viewport {
    /// Model `(x, y)` to pixel `(px, py)`.
    ///
    /// A degenerate (zero-width or non-finite) model range maps to the middle of the rectangle
    /// rather than to infinity, so drawing code never sees a division by zero.
    pub fn to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        let along_x = fraction_of(x, self.x_range);
        let down_y = 1.0 - fraction_of(y, self.y_range);
        (
            self.left + along_x * self.width,
            self.top + down_y * self.height,
        )
    }

    /// Pixel `(px, py)` to model `(x, y)`; the inverse of [`Viewport::to_pixel`].
    pub fn to_model(&self, px: f64, py: f64) -> (f64, f64) {
        let along_x = fraction_of(px, (self.left, self.left + self.width));
        let up_y = 1.0 - fraction_of(py, (self.top, self.top + self.height));
        (lerp(self.x_range, along_x), lerp(self.y_range, up_y))
    }

    /// Whether a model point lies inside the ranges (edges included). False for NaN.
    pub fn contains_model(&self, x: f64, y: f64) -> bool {
        within(x, self.x_range) && within(y, self.y_range)
    }

    /// Whether a pixel lies inside the rectangle (edges included). False for NaN.
    pub fn contains_pixel(&self, px: f64, py: f64) -> bool {
        within(px, (self.left, self.left + self.width))
            && within(py, (self.top, self.top + self.height))
    }

    /// The same model ranges with the pixel rectangle multiplied by `factor`: turns a viewport
    /// measured in CSS pixels into one in device pixels (`factor` = device pixel ratio).
    pub fn scaled(&self, factor: f64) -> Viewport {
        Viewport {
            left: self.left * factor,
            top: self.top * factor,
            width: self.width * factor,
            height: self.height * factor,
            ..*self
        }
    }
}

/// Where `value` sits in `range`, 0 at the first end and 1 at the second; 0.5 for a degenerate
/// range.
fn fraction_of(value: f64, (start, end): (f64, f64)) -> f64 {
    let span = end - start;
    if span == 0.0 || !span.is_finite() {
        0.5
    } else {
        (value - start) / span
    }
}

fn lerp((start, end): (f64, f64), fraction: f64) -> f64 {
    start + fraction * (end - start)
}

fn within(value: f64, (first, second): (f64, f64)) -> bool {
    value >= first.min(second) && value <= first.max(second)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Viewport {
        Viewport {
            x_range: (-2.0, 2.0),
            y_range: (-1.0, 3.0),
            left: 10.0,
            top: 20.0,
            width: 400.0,
            height: 200.0,
        }
    }

    #[test]
    fn corners_map_to_rectangle_corners_with_y_flipped() {
        let viewport = example();
        assert_eq!(viewport.to_pixel(-2.0, 3.0), (10.0, 20.0)); // top-left
        assert_eq!(viewport.to_pixel(2.0, -1.0), (410.0, 220.0)); // bottom-right
        // Model (1, 0): x is 3/4 across, y is 1/4 up, i.e. 3/4 down: (10 + 300, 20 + 150).
        assert_eq!(viewport.to_pixel(1.0, 0.0), (310.0, 170.0));
    }

    #[test]
    fn to_model_inverts_to_pixel() {
        let viewport = example();
        for (x, y) in [(0.3, -0.7), (-1.9, 2.5), (5.0, 10.0)] {
            let (px, py) = viewport.to_pixel(x, y);
            let (back_x, back_y) = viewport.to_model(px, py);
            assert!((back_x - x).abs() < 1e-12 && (back_y - y).abs() < 1e-12);
        }
    }

    #[test]
    fn contains_model_includes_edges_and_rejects_nan() {
        let viewport = example();
        assert!(viewport.contains_model(-2.0, 3.0));
        assert!(viewport.contains_model(0.0, 0.0));
        assert!(!viewport.contains_model(2.1, 0.0));
        assert!(!viewport.contains_model(f64::NAN, 0.0));
        assert!(viewport.contains_pixel(10.0, 220.0));
        assert!(!viewport.contains_pixel(9.9, 100.0));
    }

    #[test]
    fn scaled_keeps_ranges_and_multiplies_pixels() {
        let device = example().scaled(2.0);
        assert_eq!(device.x_range, (-2.0, 2.0));
        assert_eq!(
            (device.left, device.top, device.width, device.height),
            (20.0, 40.0, 800.0, 400.0)
        );
        // The same model point lands at twice the CSS pixel position.
        assert_eq!(device.to_pixel(1.0, 0.0), (620.0, 340.0));
    }

    #[test]
    fn degenerate_ranges_map_to_the_middle_instead_of_infinity() {
        let viewport = Viewport {
            x_range: (1.0, 1.0),
            width: 0.0,
            ..example()
        };
        assert_eq!(viewport.to_pixel(1.0, 3.0), (10.0, 20.0));
        assert_eq!(viewport.to_model(10.0, 20.0), (1.0, 3.0));
    }
}
