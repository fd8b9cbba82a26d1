//! 2-D convolution as CNN layers compute it: grayscale images, square kernels, zero padding,
//! stride, ReLU and 2×2 max-pooling, plus the built-in test images and kernels.
//!
//! What deep-learning libraries call convolution is cross-correlation: the kernel is laid on
//! the image as it is, without the flip of the mathematical convolution
//! `(f ∗ g)(x) = Σ f(t) g(x − t)`. A learned kernel would simply learn the flipped weights, so
//! nothing is lost; [`cross_correlate`] follows the libraries (PyTorch's `conv2d`).

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};

/// A grayscale image, row-major; built-in images use 0 (black) to 1 (white), feature maps
/// any real value.
#[derive(Clone, Debug, PartialEq)]
pub struct GrayImage {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<f64>,
}

impl GrayImage {
    /// A black image (every pixel 0).
    pub fn zeros(width: usize, height: usize) -> Self {
        Self {
            width,
            height,
            pixels: vec![0.0; width * height],
        }
    }

    /// The image with pixel (x, y) = `value(x, y)`.
    pub fn from_fn(
        width: usize,
        height: usize,
        mut value: impl FnMut(usize, usize) -> f64,
    ) -> Self {
        let mut pixels = Vec::with_capacity(width * height);
        for y in 0..height {
            for x in 0..width {
                pixels.push(value(x, y));
            }
        }
        Self {
            width,
            height,
            pixels,
        }
    }

    /// Pixel (x, y), or None outside the image.
    pub fn get(&self, x: usize, y: usize) -> Option<f64> {
        (x < self.width && y < self.height).then(|| self.pixels[y * self.width + x])
    }

    /// Pixel (x, y) of the image surrounded by `padding` rows and columns of zeros: `x` and
    /// `y` count from the padded image's corner.
    pub fn padded_get(&self, x: usize, y: usize, padding: usize) -> f64 {
        match (x.checked_sub(padding), y.checked_sub(padding)) {
            (Some(x), Some(y)) => self.get(x, y).unwrap_or(0.0),
            _ => 0.0,
        }
    }

    /// The smallest and largest pixel, or None for an empty image.
    pub fn min_max(&self) -> Option<(f64, f64)> {
        if self.pixels.is_empty() {
            return None;
        }
        Some(
            self.pixels
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), &v| {
                    (low.min(v), high.max(v))
                }),
        )
    }

    /// The grayscale of an RGBA image (sRGB values, alpha composited over white), by the
    /// Rec. 601 luma weights 0.299 R + 0.587 G + 0.114 B that JPEG and most tools use.
    /// Returns None when `rgba` is not `width × height × 4` bytes.
    pub fn from_rgba(width: usize, height: usize, rgba: &[u8]) -> Option<Self> {
        if width == 0 || height == 0 || rgba.len() != width.checked_mul(height)?.checked_mul(4)? {
            return None;
        }
        let pixels = rgba
            .chunks_exact(4)
            .map(|p| {
                let alpha = f64::from(p[3]) / 255.0;
                let luma =
                    (0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
                        / 255.0;
                alpha * luma + (1.0 - alpha)
            })
            .collect();
        Some(Self {
            width,
            height,
            pixels,
        })
    }

    /// Shrinks the image so its longer side is at most `longest` (keeping the aspect ratio,
    /// each side at least `shortest_side` and at most the original) by averaging the source
    /// pixels each target pixel covers (area averaging, so no aliasing).
    pub fn downscaled(&self, longest: usize, shortest_side: usize) -> Self {
        let longest = longest.max(1);
        if self.width <= longest && self.height <= longest || self.pixels.is_empty() {
            return self.clone();
        }
        let scale = longest as f64 / self.width.max(self.height) as f64;
        let side = |n: usize| {
            ((n as f64 * scale).round() as usize)
                .max(shortest_side)
                .clamp(1, n)
        };
        let (width, height) = (side(self.width), side(self.height));
        let (sx, sy) = (
            self.width as f64 / width as f64,
            self.height as f64 / height as f64,
        );
        GrayImage::from_fn(width, height, |x, y| {
            // The source rectangle [x0, x1) × [y0, y1), with fractional edge pixels weighted.
            let (x0, x1) = (x as f64 * sx, (x + 1) as f64 * sx);
            let (y0, y1) = (y as f64 * sy, (y + 1) as f64 * sy);
            let (mut total, mut weight) = (0.0, 0.0);
            for source_y in (y0.floor() as usize)..(y1.ceil() as usize).min(self.height) {
                let wy = (y1.min(source_y as f64 + 1.0) - y0.max(source_y as f64)).max(0.0);
                for source_x in (x0.floor() as usize)..(x1.ceil() as usize).min(self.width) {
                    let wx = (x1.min(source_x as f64 + 1.0) - x0.max(source_x as f64)).max(0.0);
                    total += wx * wy * self.pixels[source_y * self.width + source_x];
                    weight += wx * wy;
                }
            }
            if weight > 0.0 { total / weight } else { 0.0 }
        })
    }
}

/// A square kernel of odd or even size, row-major.
#[derive(Clone, Debug, PartialEq)]
pub struct Kernel {
    pub size: usize,
    pub weights: Vec<f64>,
}

impl Kernel {
    /// A kernel from rows; None unless the rows form a non-empty square.
    pub fn from_rows(rows: &[Vec<f64>]) -> Option<Self> {
        let size = rows.len();
        if size == 0 || rows.iter().any(|row| row.len() != size) {
            return None;
        }
        Some(Self {
            size,
            weights: rows.concat(),
        })
    }

    pub fn weight(&self, column: usize, row: usize) -> f64 {
        self.weights[row * self.size + column]
    }
}

/// The built-in kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KernelPreset {
    Identity,
    BoxBlur,
    GaussianBlur3,
    GaussianBlur5,
    Sharpen,
    Laplacian,
    SobelX,
    SobelY,
    Emboss,
}

impl KernelPreset {
    pub const ALL: [KernelPreset; 9] = [
        KernelPreset::Identity,
        KernelPreset::BoxBlur,
        KernelPreset::GaussianBlur3,
        KernelPreset::GaussianBlur5,
        KernelPreset::Sharpen,
        KernelPreset::Laplacian,
        KernelPreset::SobelX,
        KernelPreset::SobelY,
        KernelPreset::Emboss,
    ];

    /// The URL value (public contract).
    pub fn key(self) -> &'static str {
        match self {
            KernelPreset::Identity => "identity",
            KernelPreset::BoxBlur => "box",
            KernelPreset::GaussianBlur3 => "gaussian",
            KernelPreset::GaussianBlur5 => "gaussian-5",
            KernelPreset::Sharpen => "sharpen",
            KernelPreset::Laplacian => "laplacian",
            KernelPreset::SobelX => "sobel-x",
            KernelPreset::SobelY => "sobel-y",
            KernelPreset::Emboss => "emboss",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn kernel(self) -> Kernel {
        let rows: Vec<Vec<f64>> = match self {
            KernelPreset::Identity => vec![
                vec![0.0, 0.0, 0.0],
                vec![0.0, 1.0, 0.0],
                vec![0.0, 0.0, 0.0],
            ],
            KernelPreset::BoxBlur => vec![vec![1.0 / 9.0; 3]; 3],
            // The binomial [1 2 1]ᵀ[1 2 1]/16, the usual 3×3 Gaussian approximation.
            KernelPreset::GaussianBlur3 => [1.0, 2.0, 1.0]
                .iter()
                .map(|a| [1.0, 2.0, 1.0].iter().map(|b| a * b / 16.0).collect())
                .collect(),
            // [1 4 6 4 1]ᵀ[1 4 6 4 1]/256.
            KernelPreset::GaussianBlur5 => [1.0, 4.0, 6.0, 4.0, 1.0]
                .iter()
                .map(|a| {
                    [1.0, 4.0, 6.0, 4.0, 1.0]
                        .iter()
                        .map(|b| a * b / 256.0)
                        .collect()
                })
                .collect(),
            KernelPreset::Sharpen => vec![
                vec![0.0, -1.0, 0.0],
                vec![-1.0, 5.0, -1.0],
                vec![0.0, -1.0, 0.0],
            ],
            KernelPreset::Laplacian => vec![
                vec![0.0, 1.0, 0.0],
                vec![1.0, -4.0, 1.0],
                vec![0.0, 1.0, 0.0],
            ],
            // Responds to brightness increasing to the right (as OpenCV's Sobel dx, applied
            // by cross-correlation).
            KernelPreset::SobelX => vec![
                vec![-1.0, 0.0, 1.0],
                vec![-2.0, 0.0, 2.0],
                vec![-1.0, 0.0, 1.0],
            ],
            // Responds to brightness increasing downwards (image rows grow downwards).
            KernelPreset::SobelY => vec![
                vec![-1.0, -2.0, -1.0],
                vec![0.0, 0.0, 0.0],
                vec![1.0, 2.0, 1.0],
            ],
            KernelPreset::Emboss => vec![
                vec![-2.0, -1.0, 0.0],
                vec![-1.0, 1.0, 1.0],
                vec![0.0, 1.0, 2.0],
            ],
        };
        // Every preset is a non-empty square by construction.
        Kernel::from_rows(&rows).unwrap_or(Kernel {
            size: 1,
            weights: vec![1.0],
        })
    }
}

/// The output length of a convolution along one axis: ⌊(n + 2p − k)/s⌋ + 1, or 0 when the
/// kernel does not fit in the padded input (or the stride is 0).
pub fn output_size(input: usize, kernel: usize, padding: usize, stride: usize) -> usize {
    let padded = input + 2 * padding;
    if stride == 0 || kernel == 0 || padded < kernel {
        return 0;
    }
    (padded - kernel) / stride + 1
}

/// The input window under output pixel (x, y): `k × k` values of the zero-padded image,
/// row-major, with the window's top-left corner at padded (s·x, s·y).
pub fn window(
    image: &GrayImage,
    kernel_size: usize,
    padding: usize,
    stride: usize,
    x: usize,
    y: usize,
) -> Vec<f64> {
    let mut values = Vec::with_capacity(kernel_size * kernel_size);
    for row in 0..kernel_size {
        for column in 0..kernel_size {
            values.push(image.padded_get(stride * x + column, stride * y + row, padding));
        }
    }
    values
}

/// Cross-correlation of `image` with `kernel` over the image zero-padded by `padding` on every
/// side, moving `stride` pixels at a time: out(x, y) = Σᵢⱼ K(i, j) · I_pad(s·x + i, s·y + j).
/// The output is `output_size(w) × output_size(h)`, or 0 × 0 when the kernel does not fit.
pub fn cross_correlate(
    image: &GrayImage,
    kernel: &Kernel,
    padding: usize,
    stride: usize,
) -> GrayImage {
    let width = output_size(image.width, kernel.size, padding, stride);
    let height = output_size(image.height, kernel.size, padding, stride);
    if width == 0 || height == 0 {
        return GrayImage::zeros(0, 0);
    }
    GrayImage::from_fn(width, height, |x, y| {
        window(image, kernel.size, padding, stride, x, y)
            .iter()
            .zip(&kernel.weights)
            .map(|(v, w)| v * w)
            .sum()
    })
}

/// max(0, v) for every pixel.
pub fn relu(image: &GrayImage) -> GrayImage {
    GrayImage {
        pixels: image.pixels.iter().map(|v| v.max(0.0)).collect(),
        ..image.clone()
    }
}

/// 2×2 max-pooling with stride 2; a trailing odd row or column is dropped, as PyTorch's
/// `max_pool2d(2)` does (floor mode).
pub fn max_pool_2x2(image: &GrayImage) -> GrayImage {
    GrayImage::from_fn(image.width / 2, image.height / 2, |x, y| {
        let mut largest = f64::NEG_INFINITY;
        for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
            largest = largest.max(image.pixels[(2 * y + dy) * image.width + 2 * x + dx]);
        }
        largest
    })
}

/// The built-in input images.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuiltInImage {
    Letters,
    Checkerboard,
    Circle,
    Gradient,
    Noise,
}

impl BuiltInImage {
    pub const ALL: [BuiltInImage; 5] = [
        BuiltInImage::Letters,
        BuiltInImage::Checkerboard,
        BuiltInImage::Circle,
        BuiltInImage::Gradient,
        BuiltInImage::Noise,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BuiltInImage::Letters => "letters",
            BuiltInImage::Checkerboard => "checkerboard",
            BuiltInImage::Circle => "circle",
            BuiltInImage::Gradient => "gradient",
            BuiltInImage::Noise => "noise",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.key() == key)
    }

    /// The image at `size × size` (noise from `seed`, uniform in [0, 1)).
    pub fn render(self, size: usize, seed: u64) -> GrayImage {
        let size = size.max(1);
        match self {
            BuiltInImage::Letters => letters_image(size),
            BuiltInImage::Checkerboard => {
                // Four cells across, at least 2 pixels each.
                let cell = (size / 4).max(2);
                GrayImage::from_fn(size, size, |x, y| ((x / cell + y / cell) % 2) as f64)
            }
            BuiltInImage::Circle => {
                let centre = (size as f64 - 1.0) / 2.0;
                let radius = size as f64 * 0.32;
                GrayImage::from_fn(size, size, |x, y| {
                    let distance = (x as f64 - centre).hypot(y as f64 - centre);
                    if distance <= radius { 1.0 } else { 0.0 }
                })
            }
            BuiltInImage::Gradient => {
                let span = (size.max(2) - 1) as f64;
                GrayImage::from_fn(size, size, |x, _| x as f64 / span)
            }
            BuiltInImage::Noise => {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let mut image = GrayImage::zeros(size, size);
                for pixel in &mut image.pixels {
                    *pixel = rng.random::<f64>();
                }
                image
            }
        }
    }
}

/// 5×7 bitmaps (one string of 5 characters per row, `#` = ink) of the letters drawn.
const GLYPH_M: [&str; 7] = [
    "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#",
];
const GLYPH_L: [&str; 7] = [
    "#....", "#....", "#....", "#....", "#....", "#....", "#####",
];
const GLYPH_A: [&str; 7] = [
    ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#",
];
const GLYPH_I: [&str; 7] = [
    "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "#####",
];

/// White "ML" over "AI" on black, scaled by the largest whole factor that fits: letters give
/// straight, diagonal and corner edges for the kernels to find.
fn letters_image(size: usize) -> GrayImage {
    let lines = [[GLYPH_M, GLYPH_L], [GLYPH_A, GLYPH_I]];
    // Two letters of 5 with a gap of 1 → 11 columns; two lines of 7 with a gap of 2 → 16 rows.
    let scale = (size * 85 / 100 / 16).max(1);
    let (text_width, text_height) = (11 * scale, 16 * scale);
    let left = size.saturating_sub(text_width) / 2;
    let top = size.saturating_sub(text_height) / 2;
    let mut image = GrayImage::zeros(size, size);
    for (line_index, line) in lines.iter().enumerate() {
        for (letter_index, glyph) in line.iter().enumerate() {
            for (row, bits) in glyph.iter().enumerate() {
                for (column, bit) in bits.bytes().enumerate() {
                    if bit != b'#' {
                        continue;
                    }
                    let x0 = left + (letter_index * 6 + column) * scale;
                    let y0 = top + (line_index * 9 + row) * scale;
                    for y in y0..(y0 + scale).min(size) {
                        for x in x0..(x0 + scale).min(size) {
                            image.pixels[y * size + x] = 1.0;
                        }
                    }
                }
            }
        }
    }
    image
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An independent reference: pads the image into a bigger array first, then loops over
    /// output pixels and kernel entries, with no shared helper.
    fn reference(image: &GrayImage, kernel: &Kernel, padding: usize, stride: usize) -> GrayImage {
        let (pw, ph) = (image.width + 2 * padding, image.height + 2 * padding);
        let mut padded = vec![vec![0.0; pw]; ph];
        for y in 0..image.height {
            for x in 0..image.width {
                padded[y + padding][x + padding] = image.pixels[y * image.width + x];
            }
        }
        let mut out_rows = Vec::new();
        let mut top = 0;
        while top + kernel.size <= ph {
            let mut row = Vec::new();
            let mut left = 0;
            while left + kernel.size <= pw {
                let mut sum = 0.0;
                for i in 0..kernel.size {
                    for j in 0..kernel.size {
                        sum += padded[top + i][left + j] * kernel.weights[i * kernel.size + j];
                    }
                }
                row.push(sum);
                left += stride;
            }
            out_rows.push(row);
            top += stride;
        }
        let width = out_rows.first().map_or(0, Vec::len);
        // An empty output is 0 × 0 whichever side is empty.
        GrayImage {
            width,
            height: if width == 0 { 0 } else { out_rows.len() },
            pixels: out_rows.concat(),
        }
    }

    #[test]
    fn matches_the_nested_loop_reference_on_random_inputs() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for trial in 0..40 {
            let width = rng.random_range(3..20usize);
            let height = rng.random_range(3..20usize);
            let size = [1, 2, 3, 5][trial % 4];
            let image = GrayImage::from_fn(width, height, |_, _| rng.random::<f64>() * 2.0 - 1.0);
            let kernel = Kernel {
                size,
                weights: (0..size * size)
                    .map(|_| rng.random::<f64>() * 4.0 - 2.0)
                    .collect(),
            };
            for padding in 0..=3 {
                for stride in 1..=4 {
                    let got = cross_correlate(&image, &kernel, padding, stride);
                    let want = reference(&image, &kernel, padding, stride);
                    assert_eq!((got.width, got.height), (want.width, want.height));
                    for (a, b) in got.pixels.iter().zip(&want.pixels) {
                        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn output_size_formula() {
        // ⌊(n + 2p − k)/s⌋ + 1: 32 same-padded 3×3 stays 32; valid 5×5 on 32 gives 28;
        // stride 2 on 7 with k = 3, p = 1 gives ⌊6/2⌋ + 1 = 4 (as in PyTorch's Conv2d docs).
        assert_eq!(output_size(32, 3, 1, 1), 32);
        assert_eq!(output_size(32, 5, 0, 1), 28);
        assert_eq!(output_size(7, 3, 1, 2), 4);
        assert_eq!(output_size(8, 3, 0, 3), 2);
        assert_eq!(output_size(2, 5, 1, 1), 0);
        assert_eq!(output_size(5, 3, 0, 0), 0);
    }

    #[test]
    fn sobel_on_a_step_edge_gives_the_closed_form() {
        // A vertical step from a to b between columns 3 and 4. A Sobel-x window straddling it
        // sees columns (a, a, b) or (a, b, b), so out = (1 + 2 + 1)(b − a) = 4(b − a); far
        // from the edge it sees a constant and gives 0.
        let (a, b) = (0.2, 0.9);
        let image = GrayImage::from_fn(8, 6, |x, _| if x < 4 { a } else { b });
        let out = cross_correlate(&image, &KernelPreset::SobelX.kernel(), 0, 1);
        assert_eq!((out.width, out.height), (6, 4));
        for y in 0..out.height {
            for x in 0..out.width {
                let value = out.get(x, y).unwrap();
                let want = if x == 2 || x == 3 { 4.0 * (b - a) } else { 0.0 };
                assert!((value - want).abs() < 1e-12, "({x}, {y}): {value}");
            }
        }
        // Sobel-y sees no vertical change.
        let out_y = cross_correlate(&image, &KernelPreset::SobelY.kernel(), 0, 1);
        assert!(out_y.pixels.iter().all(|v| v.abs() < 1e-12));
    }

    #[test]
    fn it_is_cross_correlation_not_flipped_convolution() {
        // A single white pixel reproduces the kernel flipped: out(x, y) = K(c − x, c − y).
        // (True convolution would reproduce the kernel itself.)
        let image = GrayImage::from_fn(3, 3, |x, y| if (x, y) == (1, 1) { 1.0 } else { 0.0 });
        let kernel = Kernel::from_rows(&[
            vec![1.0, 2.0, 3.0],
            vec![4.0, 5.0, 6.0],
            vec![7.0, 8.0, 9.0],
        ])
        .unwrap();
        let out = cross_correlate(&image, &kernel, 1, 1);
        assert_eq!(
            out.pixels,
            vec![9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
        );
    }

    #[test]
    fn blurs_preserve_constants_and_relu_pool_work() {
        let flat = GrayImage::from_fn(6, 6, |_, _| 0.5);
        for preset in [
            KernelPreset::BoxBlur,
            KernelPreset::GaussianBlur3,
            KernelPreset::GaussianBlur5,
            KernelPreset::Sharpen,
            KernelPreset::Identity,
        ] {
            let out = cross_correlate(&flat, &preset.kernel(), 0, 1);
            assert!(
                out.pixels.iter().all(|v| (v - 0.5).abs() < 1e-12),
                "{preset:?}"
            );
        }
        let image = GrayImage::from_fn(5, 3, |x, y| x as f64 - y as f64 * 10.0 + 1.0);
        assert_eq!(relu(&image).pixels[..5], [1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(relu(&image).pixels[5], 0.0);
        let pooled = max_pool_2x2(&image);
        assert_eq!((pooled.width, pooled.height), (2, 1));
        assert_eq!(pooled.pixels, vec![2.0, 4.0]);
    }

    #[test]
    fn rgba_to_gray_and_downscale() {
        // Pure red → 0.299; transparent → white.
        let gray = GrayImage::from_rgba(2, 1, &[255, 0, 0, 255, 0, 0, 0, 0]).unwrap();
        assert!((gray.pixels[0] - 0.299).abs() < 1e-12);
        assert_eq!(gray.pixels[1], 1.0);
        assert!(GrayImage::from_rgba(2, 2, &[0; 12]).is_none());
        // A 4×2 image of 2×2 blocks averages to 2×1.
        let image = GrayImage {
            width: 4,
            height: 2,
            pixels: vec![0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0],
        };
        let small = image.downscaled(2, 1);
        assert_eq!((small.width, small.height), (2, 1));
        assert_eq!(small.pixels, vec![0.5, 0.5]);
        // A very wide image keeps a usable height.
        let wide = GrayImage::zeros(1000, 10).downscaled(32, 5);
        assert_eq!((wide.width, wide.height), (32, 5));
    }

    #[test]
    fn built_in_images_are_in_range_and_noise_is_seeded() {
        for image in BuiltInImage::ALL {
            let rendered = image.render(32, 1);
            assert_eq!(rendered.pixels.len(), 32 * 32);
            assert!(
                rendered.pixels.iter().all(|v| (0.0..=1.0).contains(v)),
                "{image:?}"
            );
            assert!(rendered.min_max().unwrap().1 > 0.5, "{image:?} is blank");
        }
        assert_eq!(
            BuiltInImage::Noise.render(16, 3),
            BuiltInImage::Noise.render(16, 3)
        );
        assert_ne!(
            BuiltInImage::Noise.render(16, 3),
            BuiltInImage::Noise.render(16, 4)
        );
    }
}
