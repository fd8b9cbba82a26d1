//! Drawing: plotters code generic over the backend, plus fast pixel paths (RGBA buffers).
//!
//! Nothing here touches the DOM; the same functions draw to a canvas in the browser and to
//! SVG or memory natively, which is how they are tested.

pub mod chart;
pub mod colormap;
pub mod dash;
pub mod gray_panels;
pub mod heatmap;
pub mod surface3d;
pub mod theme;
pub mod viewport;

/// The size of one plot: CSS pixels and the device pixel ratio of the screen it is shown on.
///
/// Drawing happens in device pixels (`pixel_width` × `pixel_height`) so that canvases stay
/// crisp on HiDPI screens; line widths and fonts are multiplied by `device_pixel_ratio`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotGeometry {
    pub css_width: f64,
    pub css_height: f64,
    pub device_pixel_ratio: f64,
}

impl PlotGeometry {
    pub fn pixel_width(&self) -> u32 {
        (self.css_width * self.device_pixel_ratio).round().max(1.0) as u32
    }
    pub fn pixel_height(&self) -> u32 {
        (self.css_height * self.device_pixel_ratio).round().max(1.0) as u32
    }
    /// Scales a length given in CSS pixels (a line width, a font size) to device pixels.
    pub fn px(&self, css_pixels: f64) -> f64 {
        css_pixels * self.device_pixel_ratio
    }
}

/// An RGBA image, row-major, 4 bytes per pixel, as `ImageData` wants it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RgbaImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl RgbaImage {
    pub fn new(width: u32, height: u32) -> Self {
        Self {
            width,
            height,
            pixels: vec![0; width as usize * height as usize * 4],
        }
    }
    /// Reallocates only when the size changed, so per-frame redraws reuse the buffer.
    pub fn resize(&mut self, width: u32, height: u32) {
        if self.width != width || self.height != height {
            *self = Self::new(width, height);
        }
    }
    pub fn set_pixel(&mut self, x: u32, y: u32, rgba: [u8; 4]) {
        let index = (y as usize * self.width as usize + x as usize) * 4;
        self.pixels[index..index + 4].copy_from_slice(&rgba);
    }
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let index = (y as usize * self.width as usize + x as usize) * 4;
        [
            self.pixels[index],
            self.pixels[index + 1],
            self.pixels[index + 2],
            self.pixels[index + 3],
        ]
    }
}
