//! Convolution: a grayscale image (built in, or the reader's own, processed locally), a kernel
//! (presets or typed weights), zero padding and stride, the output feature map with its size
//! formula, one output pixel's window and dot product written out, and ReLU and 2×2 max-pool
//! stages after it. Images are drawn as pixel-crisp rasters (nearest neighbour).

use std::hash::{Hash, Hasher};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{line_style, text_style};
use super::params::{
    format_param_number, format_toggle, parse_choice, parse_integer, parse_number, parse_toggle,
};
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult,
    ExportSpec, Frame, ImportKind, ImportSpec, Layer, Notice, NoticeLevel, PlotSpec, PointerInput,
    PointerPhase, Readout, ReadoutSpec, ReadoutValue, draw_error, format_number,
};
use crate::math::convolution::{
    BuiltInImage, GrayImage, Kernel, KernelPreset, cross_correlate, max_pool_2x2, output_size,
    relu, window,
};
use crate::render::RgbaImage;
use crate::render::gray_panels::{Rect, TITLE_SPACE, display_range, image_rect, paint_image};
use crate::render::theme::{SERIES_COLOURS, rgb};

/// The working size range (pixels per side of the built-in images; the longer side of an
/// imported one).
const MIN_SIZE: i64 = 8;
const MAX_SIZE: i64 = 96;
/// The largest output pixel index the selection controls accept (an output is at most
/// 96 + 2·3 − 1 + 1 = 102 wide).
const MAX_SELECTION: i64 = 127;
/// Typed kernel weights must lie within ±this.
const MAX_WEIGHT: f64 = 100.0;
/// An imported image is kept at this resolution, then downscaled to the working size.
const IMPORT_KEEP_SIZE: usize = 96;

const IMAGES: &[(&str, &str)] = &[
    ("letters", "Letters “ML AI”"),
    ("checkerboard", "Checkerboard"),
    ("circle", "Circle"),
    ("gradient", "Gradient"),
    ("noise", "Noise (seeded)"),
];

const KERNELS: &[(&str, &str)] = &[
    ("identity", "Identity"),
    ("box", "Box blur 3×3"),
    ("gaussian", "Gaussian blur 3×3"),
    ("gaussian-5", "Gaussian blur 5×5"),
    ("sharpen", "Sharpen"),
    ("laplacian", "Edges (Laplacian)"),
    ("sobel-x", "Sobel x (vertical edges)"),
    ("sobel-y", "Sobel y (horizontal edges)"),
    ("emboss", "Emboss"),
    ("custom", "Custom (the weights below)"),
];

const PADDINGS: &[(&str, &str)] = &[
    ("valid", "valid (p = 0)"),
    ("same", "same (p = ⌊(k − 1)/2⌋)"),
    ("1", "p = 1"),
    ("2", "p = 2"),
    ("3", "p = 3"),
];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "image",
        aliases: &[],
        label: "Input image",
        kind: ControlKind::Select { options: IMAGES },
        help: "The built-in grayscale input (0 = black, 1 = white); your own image can be opened below and replaces it until the page is reloaded",
        group: "Input",
        example: "checkerboard",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Noise seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 1_000_000,
        },
        help: "The seed of the noise image (the same seed gives the same pixels)",
        group: "Input",
        example: "7",
    },
    ControlSpec {
        key: "size",
        aliases: &[],
        label: "Image size n",
        kind: ControlKind::Integer {
            min: MIN_SIZE,
            max: MAX_SIZE,
        },
        help: "Pixels per side of the input (8 to 96); an imported image is shrunk so its longer side is n",
        group: "Input",
        example: "16",
    },
    ControlSpec {
        key: "kernel",
        aliases: &[],
        label: "Kernel",
        kind: ControlKind::Select { options: KERNELS },
        help: "A preset kernel (its weights fill the box below), or custom weights",
        group: "Kernel",
        example: "laplacian",
    },
    ControlSpec {
        key: "weights",
        aliases: &[],
        label: "Weights (rows ; entries ,)",
        kind: ControlKind::Text {
            placeholder: "0,-1,0;-1,5,-1;0,-1,0",
        },
        help: "The kernel's k × k weights, rows separated by semicolons and entries by commas (k = 1 to 5, each within ±100); editing them makes the kernel custom",
        group: "Kernel",
        example: "1,1,1;0,0,0;-1,-1,-1",
    },
    ControlSpec {
        key: "padding",
        aliases: &[],
        label: "Zero padding p",
        kind: ControlKind::Select { options: PADDINGS },
        help: "Rows and columns of zeros added on every side: valid is none, same is ⌊(k − 1)/2⌋ (which keeps the size at stride 1)",
        group: "Layer",
        example: "same",
    },
    ControlSpec {
        key: "stride",
        aliases: &[],
        label: "Stride s",
        kind: ControlKind::Integer { min: 1, max: 4 },
        help: "How many pixels the kernel moves between output pixels",
        group: "Layer",
        example: "2",
    },
    ControlSpec {
        key: "out-x",
        aliases: &[],
        label: "Output pixel x",
        kind: ControlKind::Integer {
            min: 0,
            max: MAX_SELECTION,
        },
        help: "The column of the output pixel whose window and dot product are shown (clamped to the output); click or drag on either image, or use the arrow keys on the focused plot",
        group: "Layer",
        example: "3",
    },
    ControlSpec {
        key: "out-y",
        aliases: &[],
        label: "Output pixel y",
        kind: ControlKind::Integer {
            min: 0,
            max: MAX_SELECTION,
        },
        help: "The row of the output pixel shown (0 is the top row, clamped to the output)",
        group: "Layer",
        example: "4",
    },
    ControlSpec {
        key: "relu",
        aliases: &[],
        label: "ReLU after the convolution",
        kind: ControlKind::Toggle,
        help: "Applies max(0, v) to every output pixel before pooling",
        group: "Stages",
        example: "0",
    },
    ControlSpec {
        key: "pool",
        aliases: &[],
        label: "2×2 max-pool",
        kind: ControlKind::Toggle,
        help: "Keeps the largest of each 2×2 block (stride 2; an odd last row or column is dropped)",
        group: "Stages",
        example: "0",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "input-width",
        help: "The input's width n in pixels",
    },
    ReadoutSpec {
        name: "input-height",
        help: "The input's height in pixels",
    },
    ReadoutSpec {
        name: "kernel-size",
        help: "k, the kernel's side",
    },
    ReadoutSpec {
        name: "padding",
        help: "p, the zero padding on each side",
    },
    ReadoutSpec {
        name: "output-width",
        help: "The output's width ⌊(n + 2p − k)/s⌋ + 1",
    },
    ReadoutSpec {
        name: "output-height",
        help: "The output's height, by the same formula with the input's height",
    },
    ReadoutSpec {
        name: "output-formula",
        help: "The width formula with the numbers filled in",
    },
    ReadoutSpec {
        name: "selected",
        help: "The output pixel shown, (x, y) from the top-left corner",
    },
    ReadoutSpec {
        name: "selected-value",
        help: "That output pixel's value: the sum of the window's pixels times the kernel's weights",
    },
    ReadoutSpec {
        name: "dot-product",
        help: "The sum of products written out (terms with a zero weight or a zero pixel left out)",
    },
    ReadoutSpec {
        name: "output-min",
        help: "The smallest output value",
    },
    ReadoutSpec {
        name: "output-max",
        help: "The largest output value",
    },
    ReadoutSpec {
        name: "relu-value",
        help: "max(0, v) at the selected pixel, or “off”",
    },
    ReadoutSpec {
        name: "pooled-width",
        help: "The width after 2×2 max-pooling, ⌊w/2⌋, or “off”",
    },
    ReadoutSpec {
        name: "pooled-height",
        help: "The height after 2×2 max-pooling, ⌊h/2⌋, or “off”",
    },
    ReadoutSpec {
        name: "pooled-value",
        help: "The pooled value of the 2×2 block holding the selected pixel (“dropped” when it is in an odd last row or column), or “off”",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "input-output",
        title: "Input and feature map",
        alt: "Left the input image with the kernel's window over it (zero padding outlined), right the output feature map with the selected pixel outlined. Click or drag on either image to choose the output pixel; on the focused plot the arrow keys move it.",
        aspect_ratio: 0.6,
        interactive: true,
    },
    PlotSpec {
        id: "window",
        title: "Window × kernel = one output pixel",
        alt: "The input window of the selected output pixel as a grid of gray cells, each labelled with its pixel value and the kernel weight it is multiplied by, and the sum of the products.",
        aspect_ratio: 1.0,
        interactive: false,
    },
    PlotSpec {
        id: "stages",
        title: "ReLU and 2×2 max-pool",
        alt: "The feature map after ReLU and after 2×2 max-pooling, with the selected pixel and its pooling block outlined.",
        aspect_ratio: 0.62,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "convolution",
    title: "Convolution",
    chapter: Chapter::NeuralNetworks,
    summary: "Slide a kernel over an image (built in or your own, processed locally): blur, sharpen, Sobel and Laplacian edges or typed weights, with padding, stride, the output size formula, one pixel's dot product written out, then ReLU and 2×2 max-pooling.",
    explanation: r#"A convolutional layer slides a small grid of weights, the **kernel**, over the image. At each position it multiplies the pixels under the kernel by the weights and adds the products up: one number, one pixel of the output **feature map**. Click a pixel of either image to see its window and the sum written out. With a zero-padded input $I$ and a $k \times k$ kernel $K$ moved $s$ pixels at a time,

$$\mathrm{out}(x, y) = \sum_{i=0}^{k-1}\sum_{j=0}^{k-1} K_{j,i}\; I_{\text{pad}}(s x + i,\; s y + j)$$

Strictly this is **cross-correlation**: mathematical convolution flips the kernel first, $(f * g)(x) = \sum_t f(t)\,g(x - t)$. PyTorch's and TensorFlow's "convolution" do not flip, and neither does this demo. For learned kernels it makes no difference, since training would just learn the flipped weights. It does matter for a kernel copied from a signal-processing book: Sobel x here is $\begin{bmatrix}-1 & 0 & 1\end{bmatrix}$ in each row and responds to brightness increasing to the right.

The output is smaller than the input unless the input is padded. Along each axis, an input of $n$ pixels padded with $p$ zeros on each side gives

$$n_{\text{out}} = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1$$

"Valid" means $p = 0$. "Same" means $p = \lfloor (k-1)/2 \rfloor$, which keeps $n_{\text{out}} = n$ at stride 1 for odd $k$. A stride of 2 roughly halves the size.

The kernels say what a feature is. The blurs average (their weights sum to 1, so flat regions stay as they are). Sharpen adds the difference from the neighbours back. The Laplacian and Sobel weights sum to 0, so they answer 0 on flat regions and respond to edges. On a vertical step from brightness $a$ to $b$, Sobel x gives exactly $(1 + 2 + 1)(b - a) = 4(b - a)$ next to the edge and 0 elsewhere. The feature map is shown with black at its minimum (or 0) and white at its maximum (or 1), printed under each image. A CNN then applies a nonlinearity, usually **ReLU** $\max(0, v)$, which keeps only the positive responses. **Max-pooling** keeps the largest value of each $2 \times 2$ block, halving the size, $\lfloor w/2 \rfloor$, so the next layer sees a coarser, slightly shift-tolerant map.

Your own image is read by the browser and never uploaded. It is turned to grayscale ($0.299R + 0.587G + 0.114B$) and shrunk by area averaging so that its longer side is $n$. A link cannot carry it, so a shared link or a reload shows the built-in image."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[ActionSpec {
        key: "built-in-image",
        label: "Back to the built-in image",
        help: "Drops your image and shows the built-in one chosen above",
        group: "Input",
    }],
    exports: &[ExportSpec {
        key: "feature-map",
        label: "feature map (CSV)",
        file_name: "feature-map.csv",
        mime: "text/csv",
    }],
    imports: &[ImportSpec {
        key: "image",
        label: "Your own image",
        help: "A picture from your device (PNG, JPEG, …), shown in grayscale and shrunk to n pixels on its longer side",
        kind: ImportKind::Image,
    }],
    create: || Box::new(ConvolutionDemo::default()),
};

/// Which kernel is in use: a preset, or the typed weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KernelChoice {
    Preset(KernelPreset),
    Custom,
}

/// Which padding rule is in use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PaddingRule {
    Valid,
    Same,
    Zeros(usize),
}

/// An image the reader opened (as the shell hands it over, at most 512 pixels a side): kept
/// at up to 96 pixels, shrunk to the working size on use.
#[derive(Clone, Debug)]
struct ImportedImage {
    image: GrayImage,
    received_width: u32,
    received_height: u32,
}

/// Everything computed from the controls.
#[derive(Clone, Debug)]
struct Pipeline {
    input: GrayImage,
    output: GrayImage,
    /// The output after ReLU, or the output itself when ReLU is off.
    rectified: GrayImage,
    /// The 2×2 max-pool of `rectified`, when pooling is on.
    pooled: Option<GrayImage>,
}

/// A cached raster and the key it was painted for.
#[derive(Clone, Debug, Default)]
struct RasterCache {
    key: u64,
    image: RgbaImage,
}

/// The state of the convolution demo.
#[derive(Clone, Debug)]
pub struct ConvolutionDemo {
    /// The built-in image (also what a reload shows after an import).
    built_in: BuiltInImage,
    /// The noise image's seed.
    seed: u64,
    /// The working size n.
    size: usize,
    kernel_choice: KernelChoice,
    /// The kernel's weights (a preset's, or typed).
    kernel: Kernel,
    padding: PaddingRule,
    stride: usize,
    /// The requested output pixel (clamped to the output where used).
    selection: (usize, usize),
    relu_on: bool,
    pool_on: bool,
    /// The reader's own image, replacing the built-in one until a control picks an image.
    imported: Option<ImportedImage>,
    pipeline: Pipeline,
    /// Bumped on every change of the images, so cached rasters know to repaint.
    revision: u64,
    rasters: [RasterCache; 2],
}

impl Default for ConvolutionDemo {
    fn default() -> Self {
        let mut demo = Self {
            built_in: BuiltInImage::Letters,
            seed: 1,
            size: 40,
            kernel_choice: KernelChoice::Preset(KernelPreset::SobelX),
            kernel: KernelPreset::SobelX.kernel(),
            padding: PaddingRule::Valid,
            stride: 1,
            selection: (7, 8),
            relu_on: true,
            pool_on: true,
            imported: None,
            pipeline: Pipeline {
                input: GrayImage::zeros(0, 0),
                output: GrayImage::zeros(0, 0),
                rectified: GrayImage::zeros(0, 0),
                pooled: None,
            },
            revision: 0,
            rasters: Default::default(),
        };
        demo.recompute();
        demo
    }
}

fn format_weights(kernel: &Kernel) -> String {
    kernel
        .weights
        .chunks(kernel.size.max(1))
        .map(|row| {
            row.iter()
                .map(|w| format_param_number(*w))
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn parse_weights(value: &str) -> Result<Kernel, String> {
    let rows = value
        .split(';')
        .map(|row| {
            row.split(',')
                .map(|entry| {
                    parse_number(entry, -MAX_WEIGHT, MAX_WEIGHT)
                        .map_err(|e| format!("weight “{}”: {e}", entry.trim()))
                })
                .collect::<Result<Vec<f64>, String>>()
        })
        .collect::<Result<Vec<Vec<f64>>, String>>()?;
    if rows.len() > 5 {
        return Err(format!(
            "{} rows; expected a square of 1 to 5 rows",
            rows.len()
        ));
    }
    Kernel::from_rows(&rows).ok_or_else(|| {
        format!(
            "expected a square: k rows of k weights (k = 1 to 5), rows separated by “;”, got {} row(s) of {}",
            rows.len(),
            rows.iter()
                .map(|r| r.len().to_string())
                .collect::<Vec<_>>()
                .join("/")
        )
    })
}

/// A number for the pictures: 3 significant digits, a true minus sign.
fn short(x: f64) -> String {
    let rounded = super::params::round_significant(x, 3);
    format_number(if rounded == 0.0 { 0.0 } else { rounded }).replace('-', "−")
}

/// The title above panel `index` (of two side by side) and the gray scale caption under its
/// image.
fn draw_panel_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    index: usize,
    image: Rect,
    title: String,
    caption: String,
) -> DrawResult {
    let device = |x: f64| (x * frame.geometry.device_pixel_ratio).round() as i32;
    let centre = (index as f64 + 0.5) * frame.geometry.css_width / 2.0;
    area.draw(&Text::new(
        title,
        (device(centre), device(TITLE_SPACE - 6.0)),
        text_style(frame, 13.0, frame.theme.text).pos(Pos::new(HPos::Center, VPos::Bottom)),
    ))
    .map_err(draw_error)?;
    area.draw(&Text::new(
        caption,
        (device(centre), device(image.top + image.height + 5.0)),
        text_style(frame, 11.0, frame.theme.muted_text).pos(Pos::new(HPos::Center, VPos::Top)),
    ))
    .map_err(draw_error)
}

impl ConvolutionDemo {
    fn padding_amount(&self) -> usize {
        match self.padding {
            PaddingRule::Valid => 0,
            PaddingRule::Same => (self.kernel.size - 1) / 2,
            PaddingRule::Zeros(p) => p,
        }
    }

    fn input_image(&self) -> GrayImage {
        match &self.imported {
            Some(imported) => imported.image.downscaled(self.size, 5.min(self.size)),
            None => self.built_in.render(self.size, self.seed),
        }
    }

    fn recompute(&mut self) {
        let input = self.input_image();
        let output = cross_correlate(&input, &self.kernel, self.padding_amount(), self.stride);
        let rectified = if self.relu_on {
            relu(&output)
        } else {
            output.clone()
        };
        let pooled = self.pool_on.then(|| max_pool_2x2(&rectified));
        self.pipeline = Pipeline {
            input,
            output,
            rectified,
            pooled,
        };
        self.revision += 1;
    }

    /// The selected output pixel, clamped to the output (None for an empty output).
    fn selected(&self) -> Option<(usize, usize)> {
        let output = &self.pipeline.output;
        (output.width > 0 && output.height > 0).then(|| {
            (
                self.selection.0.min(output.width - 1),
                self.selection.1.min(output.height - 1),
            )
        })
    }

    /// Image rectangles (CSS px) of plot 0: the input and the output, at one common scale
    /// fitting the larger of the two (the padded input's extent included).
    fn input_output_rects(&self, width: f64, height: f64) -> (Rect, Rect) {
        let (input, output) = (&self.pipeline.input, &self.pipeline.output);
        let p = self.padding_amount();
        let fit = (
            (input.width + 2 * p).max(output.width),
            (input.height + 2 * p).max(output.height),
        );
        (
            image_rect(width, height, 0, (input.width, input.height), fit),
            image_rect(width, height, 1, (output.width, output.height), fit),
        )
    }

    fn stage_rects(&self, width: f64, height: f64) -> (Rect, Rect) {
        let rectified = &self.pipeline.rectified;
        let fit = (rectified.width, rectified.height);
        let pooled = self
            .pipeline
            .pooled
            .as_ref()
            .map_or((0, 0), |p| (p.width, p.height));
        (
            image_rect(width, height, 0, fit, fit),
            image_rect(width, height, 1, pooled, fit),
        )
    }

    fn raster_key(&self, plot: usize, frame: &Frame) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (
            plot,
            self.revision,
            frame.geometry.pixel_width(),
            frame.geometry.pixel_height(),
            frame.theme.background,
        )
            .hash(&mut hasher);
        hasher.finish()
    }

    /// The dot product at the selected pixel as text, e.g. "0.5·1 + 1·(−2) = −1.5"; terms
    /// whose weight or pixel is 0 are left out (they add nothing).
    fn dot_product_text(&self) -> String {
        let Some((x, y)) = self.selected() else {
            return "undefined (empty output)".to_owned();
        };
        let values = window(
            &self.pipeline.input,
            self.kernel.size,
            self.padding_amount(),
            self.stride,
            x,
            y,
        );
        let terms: Vec<String> = values
            .iter()
            .zip(&self.kernel.weights)
            .filter(|(v, w)| **v != 0.0 && **w != 0.0)
            .map(|(v, w)| {
                let weight = if *w < 0.0 {
                    format!("({})", short(*w))
                } else {
                    short(*w)
                };
                format!("{}·{}", short(*v), weight)
            })
            .collect();
        let total = self.pipeline.output.get(x, y).unwrap_or(0.0);
        if terms.is_empty() {
            format!("0 (every product is 0) = {}", short(total))
        } else {
            // Long sums (a 5×5 kernel has 25 terms) keep their first six terms and say how
            // many follow; the window plot shows every product.
            const SHOWN_TERMS: usize = 9;
            let written = if terms.len() > SHOWN_TERMS {
                format!(
                    "{} + … ({} more terms)",
                    terms[..6].join(" + "),
                    terms.len() - 6
                )
            } else {
                terms.join(" + ")
            };
            format!("{written} = {}", short(total))
        }
    }

    fn draw_input_output<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let ratio = frame.geometry.device_pixel_ratio;
        let (css_width, css_height) = (frame.geometry.css_width, frame.geometry.css_height);
        let (input_rect, output_rect) = self.input_output_rects(css_width, css_height);
        let p = self.padding_amount();
        let k = self.kernel.size;
        let (input, output) = (&self.pipeline.input, &self.pipeline.output);
        let scale = if input.width > 0 {
            input_rect.width / input.width as f64
        } else {
            1.0
        };
        let device = |x: f64| (x * ratio).round() as i32;
        if layer == Layer::Background {
            let (out_low, out_high) = display_range(output);
            let titles = [
                (
                    input_rect,
                    format!("input {}×{}, p = {p}", input.width, input.height),
                    "black 0 · white 1".to_owned(),
                    0,
                ),
                (
                    output_rect,
                    format!("output {}×{}", output.width, output.height),
                    format!("black {} · white {}", short(out_low), short(out_high)),
                    1,
                ),
            ];
            for (index, (rect, title, caption, _)) in titles.into_iter().enumerate() {
                draw_panel_labels(area, frame, index, rect, title, caption)?;
            }
            // The padded extent, dashed-looking thin outline around the input.
            if p > 0 {
                let pad = p as f64 * scale;
                area.draw(&Rectangle::new(
                    [
                        (device(input_rect.left - pad), device(input_rect.top - pad)),
                        (
                            device(input_rect.left + input_rect.width + pad),
                            device(input_rect.top + input_rect.height + pad),
                        ),
                    ],
                    line_style(theme.muted_text, frame, 1.0),
                ))
                .map_err(draw_error)?;
            }
            return Ok(());
        }
        let Some((x, y)) = self.selected() else {
            return Ok(());
        };
        let highlight = SERIES_COLOURS[1];
        // The window on the input, in padded coordinates shifted back by p.
        let window_left = input_rect.left + ((self.stride * x) as f64 - p as f64) * scale;
        let window_top = input_rect.top + ((self.stride * y) as f64 - p as f64) * scale;
        let side = k as f64 * scale;
        area.draw(&Rectangle::new(
            [
                (device(window_left), device(window_top)),
                (device(window_left + side), device(window_top + side)),
            ],
            line_style(highlight, frame, 2.0),
        ))
        .map_err(draw_error)?;
        let out_scale = output_rect.width / output.width.max(1) as f64;
        let (cell_left, cell_top) = (
            output_rect.left + x as f64 * out_scale,
            output_rect.top + y as f64 * out_scale,
        );
        // At least 6 CSS px across, so one pixel of a big map is still visible.
        let grow = ((6.0 - out_scale) / 2.0).max(0.0);
        area.draw(&Rectangle::new(
            [
                (device(cell_left - grow), device(cell_top - grow)),
                (
                    device(cell_left + out_scale + grow),
                    device(cell_top + out_scale + grow),
                ),
            ],
            line_style(highlight, frame, 2.0),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    fn draw_window<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        area.fill(&rgb(theme.background)).map_err(draw_error)?;
        let ratio = frame.geometry.device_pixel_ratio;
        let device = |x: f64| (x * ratio).round() as i32;
        let (css_width, css_height) = (frame.geometry.css_width, frame.geometry.css_height);
        let Some((x, y)) = self.selected() else {
            area.draw(&Text::new(
                "The kernel does not fit: the output is empty.",
                (device(10.0), device(10.0)),
                text_style(frame, 13.0, theme.text),
            ))
            .map_err(draw_error)?;
            return Ok(());
        };
        let k = self.kernel.size;
        let p = self.padding_amount();
        let values = window(&self.pipeline.input, k, p, self.stride, x, y);
        let (top_space, bottom_space) = (26.0, 46.0);
        let cell = ((css_width - 20.0) / k as f64)
            .min((css_height - top_space - bottom_space) / k as f64)
            .max(4.0);
        let grid_left = (css_width - cell * k as f64) / 2.0;
        area.draw(&Text::new(
            format!("window of output pixel ({x}, {y}): pixel × weight"),
            (device(css_width / 2.0), device(top_space - 8.0)),
            text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))
        .map_err(draw_error)?;
        let font = (cell * 0.2).clamp(9.0, 14.0);
        for row in 0..k {
            for column in 0..k {
                let value = values[row * k + column];
                let weight = self.kernel.weight(column, row);
                let (left, top) = (
                    grid_left + column as f64 * cell,
                    top_space + row as f64 * cell,
                );
                // Is this cell in the zero padding (outside the image)?
                let padded_x = self.stride * x + column;
                let padded_y = self.stride * y + row;
                let in_padding = padded_x < p
                    || padded_y < p
                    || padded_x >= p + self.pipeline.input.width
                    || padded_y >= p + self.pipeline.input.height;
                let level = (value.clamp(0.0, 1.0) * 255.0).round() as u8;
                let fill = if in_padding {
                    theme.background
                } else {
                    [level, level, level]
                };
                area.draw(&Rectangle::new(
                    [
                        (device(left), device(top)),
                        (device(left + cell), device(top + cell)),
                    ],
                    rgb(fill).filled(),
                ))
                .map_err(draw_error)?;
                area.draw(&Rectangle::new(
                    [
                        (device(left), device(top)),
                        (device(left + cell), device(top + cell)),
                    ],
                    line_style(theme.axis, frame, 1.0),
                ))
                .map_err(draw_error)?;
                let ink = if in_padding {
                    theme.muted_text
                } else if level > 128 {
                    [20, 20, 20]
                } else {
                    [240, 240, 240]
                };
                let top_line = if in_padding {
                    "pad 0".to_owned()
                } else {
                    short(value)
                };
                // Each label at the cell's font, shrunk (to 7 px at least) until it fits the
                // cell: sans-serif digits are about 0.6 em wide.
                let fitted = |text: &str| {
                    (cell * 0.88 / (text.chars().count() as f64 * 0.6))
                        .min(font)
                        .max(7.0)
                };
                let centre_x = device(left + cell / 2.0);
                let top_font = fitted(&top_line);
                area.draw(&Text::new(
                    top_line,
                    (centre_x, device(top + cell * 0.33)),
                    text_style(frame, top_font, ink).pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(draw_error)?;
                let weight_text = format!("×{}", short(weight));
                let weight_font = fitted(&weight_text);
                // The weight on a plate of the page's colour so it reads on any gray.
                let plate_width =
                    (weight_text.chars().count() as f64 * 0.6 * weight_font + 6.0).min(cell - 2.0);
                let plate_top = top + cell * 0.55;
                area.draw(&Rectangle::new(
                    [
                        (device(left + (cell - plate_width) / 2.0), device(plate_top)),
                        (
                            device(left + (cell + plate_width) / 2.0),
                            device(plate_top + weight_font * 1.4),
                        ),
                    ],
                    rgb(theme.background).mix(0.85).filled(),
                ))
                .map_err(draw_error)?;
                let weight_colour = if weight == 0.0 {
                    theme.muted_text
                } else {
                    SERIES_COLOURS[1]
                };
                area.draw(&Text::new(
                    weight_text,
                    (centre_x, device(plate_top + weight_font * 0.7)),
                    text_style(frame, weight_font, weight_colour)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(draw_error)?;
            }
        }
        let total = self.pipeline.output.get(x, y).unwrap_or(0.0);
        let grid_bottom = top_space + cell * k as f64;
        area.draw(&Text::new(
            format!("sum of the {} products = {}", k * k, short(total)),
            (device(css_width / 2.0), device(grid_bottom + 10.0)),
            text_style(frame, 14.0, theme.text).pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    fn draw_stages<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let ratio = frame.geometry.device_pixel_ratio;
        let device = |x: f64| (x * ratio).round() as i32;
        let (css_width, css_height) = (frame.geometry.css_width, frame.geometry.css_height);
        let (first_rect, second_rect) = self.stage_rects(css_width, css_height);
        let rectified = &self.pipeline.rectified;
        if layer == Layer::Background {
            let (low, high) = display_range(rectified);
            let first_title = if self.relu_on {
                format!("ReLU {}×{}", rectified.width, rectified.height)
            } else {
                format!("no ReLU {}×{}", rectified.width, rectified.height)
            };
            let panels = [
                (
                    first_title,
                    format!("black {} · white {}", short(low), short(high)),
                    first_rect,
                ),
                match &self.pipeline.pooled {
                    Some(pooled) => {
                        let (low, high) = display_range(pooled);
                        (
                            format!("max-pool {}×{}", pooled.width, pooled.height),
                            format!("black {} · white {}", short(low), short(high)),
                            second_rect,
                        )
                    }
                    None => ("max-pool off".to_owned(), String::new(), second_rect),
                },
            ];
            for (index, (title, caption, rect)) in panels.into_iter().enumerate() {
                draw_panel_labels(area, frame, index, rect, title, caption)?;
            }
            return Ok(());
        }
        let Some((x, y)) = self.selected() else {
            return Ok(());
        };
        let highlight = SERIES_COLOURS[1];
        let scale = first_rect.width / rectified.width.max(1) as f64;
        let outline = |rect: Rect, x: f64, y: f64, side: f64| {
            let grow = ((6.0 - side) / 2.0).max(0.0);
            Rectangle::new(
                [
                    (device(rect.left + x - grow), device(rect.top + y - grow)),
                    (
                        device(rect.left + x + side + grow),
                        device(rect.top + y + side + grow),
                    ),
                ],
                line_style(highlight, frame, 2.0),
            )
        };
        area.draw(&outline(
            first_rect,
            x as f64 * scale,
            y as f64 * scale,
            scale,
        ))
        .map_err(draw_error)?;
        if let Some(pooled) = &self.pipeline.pooled
            && x / 2 < pooled.width
            && y / 2 < pooled.height
        {
            // The 2×2 block on the left, its pooled pixel on the right.
            area.draw(&Rectangle::new(
                [
                    (
                        device(first_rect.left + (x / 2 * 2) as f64 * scale),
                        device(first_rect.top + (y / 2 * 2) as f64 * scale),
                    ),
                    (
                        device(first_rect.left + (x / 2 * 2 + 2) as f64 * scale),
                        device(first_rect.top + (y / 2 * 2 + 2) as f64 * scale),
                    ),
                ],
                line_style(SERIES_COLOURS[0], frame, 1.5),
            ))
            .map_err(draw_error)?;
            let pooled_scale = second_rect.width / pooled.width.max(1) as f64;
            area.draw(&outline(
                second_rect,
                (x / 2) as f64 * pooled_scale,
                (y / 2) as f64 * pooled_scale,
                pooled_scale,
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    /// Selects the output pixel under a CSS-pixel position of plot 0, if any.
    fn select_at(&mut self, css_x: f64, css_y: f64, width: f64, height: f64) -> bool {
        let (input_rect, output_rect) = self.input_output_rects(width, height);
        let (input, output) = (&self.pipeline.input, &self.pipeline.output);
        if output.width == 0 || output.height == 0 {
            return false;
        }
        let target = if output_rect.contains(css_x, css_y) {
            let scale = output_rect.width / output.width as f64;
            (
                ((css_x - output_rect.left) / scale) as usize,
                ((css_y - output_rect.top) / scale) as usize,
            )
        } else if input_rect.contains(css_x, css_y) && input.width > 0 {
            // The output pixel whose window is centred nearest the input pixel clicked:
            // window centre in input coordinates = s·x − p + (k − 1)/2.
            let scale = input_rect.width / input.width as f64;
            let (ix, iy) = (
                (css_x - input_rect.left) / scale - 0.5,
                (css_y - input_rect.top) / scale - 0.5,
            );
            let offset = self.padding_amount() as f64 - (self.kernel.size as f64 - 1.0) / 2.0;
            let to_output = |i: f64| ((i + offset) / self.stride as f64).round().max(0.0) as usize;
            (to_output(ix), to_output(iy))
        } else {
            return false;
        };
        let clamped = (
            target.0.min(output.width - 1),
            target.1.min(output.height - 1),
        );
        if Some(clamped) == self.selected() && self.selection == clamped {
            return false;
        }
        self.selection = clamped;
        true
    }

    /// Replaces the input with the reader's image (RGBA bytes, decoded by the browser).
    pub fn import_rgba(&mut self, width: u32, height: u32, rgba: &[u8]) -> Result<(), String> {
        let image = GrayImage::from_rgba(width as usize, height as usize, rgba)
            .ok_or_else(|| format!("the image data does not match its size {width}×{height}"))?;
        self.imported = Some(ImportedImage {
            image: image.downscaled(IMPORT_KEEP_SIZE, 5),
            received_width: width,
            received_height: height,
        });
        self.recompute();
        Ok(())
    }

    /// The feature map as CSV with a header, one line per pixel at full precision, at every
    /// stage that is on, in pipeline order: `convolution` (the cross-correlation, before ReLU
    /// and pooling), then `relu` (after ReLU) and `max-pool` (after 2×2 max pooling of the
    /// ReLU output, or of the convolution when ReLU is off). A spreadsheet or
    /// `pandas.read_csv` can filter by stage without guessing what the numbers are.
    pub fn feature_map_csv(&self) -> String {
        let mut stages = vec![("convolution", &self.pipeline.output)];
        if self.relu_on {
            stages.push(("relu", &self.pipeline.rectified));
        }
        if let Some(pooled) = &self.pipeline.pooled {
            stages.push(("max-pool", pooled));
        }
        let mut text = String::from("stage,row,column,value\n");
        for (stage, image) in stages {
            for (index, value) in image.pixels.iter().enumerate() {
                let (row, column) = (index / image.width.max(1), index % image.width.max(1));
                text.push_str(&format!(
                    "{stage},{row},{column},{}\n",
                    format_param_number(*value)
                ));
            }
        }
        text
    }
}

impl DrawDemo for ConvolutionDemo {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Plots 0 and 2 lie over a raster: never fill them, or the images disappear.
        match plot {
            0 => self.draw_input_output(layer, area, frame),
            1 if layer == Layer::Foreground => self.draw_window(area, frame),
            1 => Ok(()),
            _ => self.draw_stages(layer, area, frame),
        }
    }
}

mod data;

impl Demo for ConvolutionDemo {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "image" => self.built_in.key().to_owned(),
            "seed" => self.seed.to_string(),
            "size" => self.size.to_string(),
            "kernel" => match self.kernel_choice {
                KernelChoice::Preset(preset) => preset.key().to_owned(),
                KernelChoice::Custom => "custom".to_owned(),
            },
            "weights" => format_weights(&self.kernel),
            "padding" => match self.padding {
                PaddingRule::Valid => "valid".to_owned(),
                PaddingRule::Same => "same".to_owned(),
                PaddingRule::Zeros(p) => p.to_string(),
            },
            "stride" => self.stride.to_string(),
            "out-x" => self.selection.0.to_string(),
            "out-y" => self.selection.1.to_string(),
            "relu" => format_toggle(self.relu_on),
            "pool" => format_toggle(self.pool_on),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "image" => {
                let key = parse_choice(value, IMAGES)?;
                self.built_in = BuiltInImage::from_key(key).unwrap_or(BuiltInImage::Letters);
                self.imported = None;
            }
            "seed" => self.seed = parse_integer(value, 0, 1_000_000)? as u64,
            "size" => self.size = parse_integer(value, MIN_SIZE, MAX_SIZE)? as usize,
            "kernel" => {
                let key = parse_choice(value, KERNELS)?;
                match KernelPreset::from_key(key) {
                    Some(preset) => {
                        self.kernel_choice = KernelChoice::Preset(preset);
                        self.kernel = preset.kernel();
                    }
                    None => self.kernel_choice = KernelChoice::Custom,
                }
            }
            "weights" => {
                let kernel = parse_weights(value)?;
                // Typing a preset's own weights (as a shared URL does) keeps the preset.
                let matches_preset = matches!(
                    self.kernel_choice,
                    KernelChoice::Preset(preset) if format_weights(&preset.kernel()) == format_weights(&kernel)
                );
                if !matches_preset {
                    self.kernel_choice = KernelChoice::Custom;
                }
                self.kernel = kernel;
            }
            "padding" => {
                self.padding = match parse_choice(value, PADDINGS)? {
                    "valid" => PaddingRule::Valid,
                    "same" => PaddingRule::Same,
                    amount => PaddingRule::Zeros(amount.parse().unwrap_or(0)),
                }
            }
            "stride" => self.stride = parse_integer(value, 1, 4)? as usize,
            "out-x" => self.selection.0 = parse_integer(value, 0, MAX_SELECTION)? as usize,
            "out-y" => self.selection.1 = parse_integer(value, 0, MAX_SELECTION)? as usize,
            "relu" => self.relu_on = parse_toggle(value)?,
            "pool" => self.pool_on = parse_toggle(value)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        match key {
            "seed" => self.built_in == BuiltInImage::Noise && self.imported.is_none(),
            _ => true,
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "padding" => Some(format!("p = {}", self.padding_amount())),
            "out-x" | "out-y" => {
                let (x, y) = self.selected()?;
                (self.selection != (x, y))
                    .then(|| format!("clamped to ({x}, {y}), the output's edge"))
            }
            _ => None,
        }
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        self.data_table(plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        self.data_description(plot)
    }

    fn readouts(&self) -> Vec<Readout> {
        // All ungrouped: the shell's grouped table shares columns between groups, and these
        // readouts have no common columns.
        let readout = |name: &str, label: &str, value: ReadoutValue, group: &str| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: group.to_owned(),
        };
        let (input, output) = (&self.pipeline.input, &self.pipeline.output);
        let (k, p, s) = (self.kernel.size, self.padding_amount(), self.stride);
        let sizes = "";
        let mut readouts = vec![
            readout(
                "input-width",
                "Input width n",
                ReadoutValue::Integer(input.width as i64),
                sizes,
            ),
            readout(
                "input-height",
                "Input height",
                ReadoutValue::Integer(input.height as i64),
                sizes,
            ),
            readout(
                "kernel-size",
                "Kernel k",
                ReadoutValue::Integer(k as i64),
                sizes,
            ),
            readout(
                "padding",
                "Padding p",
                ReadoutValue::Integer(p as i64),
                sizes,
            ),
            readout(
                "output-width",
                "Output width",
                ReadoutValue::Integer(output_size(input.width, k, p, s) as i64),
                sizes,
            ),
            readout(
                "output-height",
                "Output height",
                ReadoutValue::Integer(output_size(input.height, k, p, s) as i64),
                sizes,
            ),
            readout(
                "output-formula",
                "Width ⌊(n + 2p − k)/s⌋ + 1",
                ReadoutValue::Text(format!(
                    "⌊({} + 2·{p} − {k})/{s}⌋ + 1 = {}",
                    input.width,
                    output_size(input.width, k, p, s)
                )),
                sizes,
            ),
        ];
        let pixel = "";
        match self.selected() {
            Some((x, y)) => {
                let value = output.get(x, y).unwrap_or(0.0);
                readouts.push(readout(
                    "selected",
                    "Selected output pixel",
                    ReadoutValue::Text(format!("({x}, {y})")),
                    pixel,
                ));
                readouts.push(readout(
                    "selected-value",
                    "Value",
                    ReadoutValue::Number(value),
                    pixel,
                ));
                readouts.push(readout(
                    "dot-product",
                    "Σ pixel × weight",
                    ReadoutValue::Text(self.dot_product_text()),
                    pixel,
                ));
                readouts.push(readout(
                    "relu-value",
                    "After ReLU",
                    if self.relu_on {
                        ReadoutValue::Number(value.max(0.0))
                    } else {
                        ReadoutValue::Text("off".to_owned())
                    },
                    pixel,
                ));
                readouts.push(readout(
                    "pooled-value",
                    "Its 2×2 pool",
                    match &self.pipeline.pooled {
                        None => ReadoutValue::Text("off".to_owned()),
                        Some(pooled) => match pooled.get(x / 2, y / 2) {
                            Some(v) => ReadoutValue::Number(v),
                            None => {
                                ReadoutValue::Text("dropped (odd last row or column)".to_owned())
                            }
                        },
                    },
                    pixel,
                ));
            }
            None => {
                for (name, label) in [
                    ("selected", "Selected output pixel"),
                    ("selected-value", "Its value"),
                    ("dot-product", "Σ pixel × weight"),
                ] {
                    readouts.push(readout(
                        name,
                        label,
                        ReadoutValue::Text("undefined (empty output)".to_owned()),
                        pixel,
                    ));
                }
            }
        }
        let map = "";
        match output.min_max() {
            Some((low, high)) => {
                readouts.push(readout(
                    "output-min",
                    "Minimum",
                    ReadoutValue::Number(low),
                    map,
                ));
                readouts.push(readout(
                    "output-max",
                    "Maximum",
                    ReadoutValue::Number(high),
                    map,
                ));
            }
            None => {
                for (name, label) in [
                    ("output-min", "Output minimum"),
                    ("output-max", "Output maximum"),
                ] {
                    readouts.push(readout(
                        name,
                        label,
                        ReadoutValue::Text("undefined (empty output)".to_owned()),
                        map,
                    ));
                }
            }
        }
        let (pooled_width, pooled_height) = match &self.pipeline.pooled {
            Some(pooled) => (
                ReadoutValue::Integer(pooled.width as i64),
                ReadoutValue::Integer(pooled.height as i64),
            ),
            None => (
                ReadoutValue::Text("off".to_owned()),
                ReadoutValue::Text("off".to_owned()),
            ),
        };
        readouts.push(readout(
            "pooled-width",
            "Pooled width ⌊w/2⌋",
            pooled_width,
            map,
        ));
        readouts.push(readout(
            "pooled-height",
            "Pooled height ⌊h/2⌋",
            pooled_height,
            map,
        ));
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Some(imported) = &self.imported {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "Your image ({}×{} as received) is shown as {}×{} grayscale. It stays in this tab: it is not uploaded, and a link cannot carry it, so a shared link or a reload shows the built-in image.",
                    imported.received_width,
                    imported.received_height,
                    self.pipeline.input.width,
                    self.pipeline.input.height
                ),
            });
        }
        if self.padding == PaddingRule::Same && self.kernel.size.is_multiple_of(2) {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "With an even kernel (k = {}), “same” padding p = ⌊(k − 1)/2⌋ cannot keep the size: the output is one pixel smaller.",
                    self.kernel.size
                ),
            });
        }
        notices
    }

    fn background_key(&self, plot: usize) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (plot, self.revision).hash(&mut hasher);
        hasher.finish()
    }

    fn background_raster(&mut self, plot: usize, frame: &Frame) -> Option<&RgbaImage> {
        let slot = match plot {
            0 => 0,
            2 => 1,
            _ => return None,
        };
        let key = self.raster_key(plot, frame);
        if self.rasters[slot].key != key || self.rasters[slot].image.width == 0 {
            let geometry = frame.geometry;
            // Device pixels, so nearest-neighbour blocks stay crisp however the page scales.
            let (width, height) = (
                geometry.pixel_width().clamp(1, 4096),
                geometry.pixel_height().clamp(1, 4096),
            );
            let ratio = width as f64 / geometry.css_width.max(1.0);
            let mut raster = std::mem::take(&mut self.rasters[slot].image);
            raster.resize(width, height);
            let [r, g, b] = frame.theme.background;
            for pixel in raster.pixels.chunks_exact_mut(4) {
                pixel.copy_from_slice(&[r, g, b, 255]);
            }
            let (css_width, css_height) = (geometry.css_width, geometry.css_height);
            if plot == 0 {
                let (input_rect, output_rect) = self.input_output_rects(css_width, css_height);
                paint_image(
                    &mut raster,
                    &self.pipeline.input,
                    input_rect,
                    ratio,
                    (0.0, 1.0),
                );
                let output = &self.pipeline.output;
                paint_image(
                    &mut raster,
                    output,
                    output_rect,
                    ratio,
                    display_range(output),
                );
            } else {
                let (first, second) = self.stage_rects(css_width, css_height);
                let rectified = &self.pipeline.rectified;
                paint_image(
                    &mut raster,
                    rectified,
                    first,
                    ratio,
                    display_range(rectified),
                );
                if let Some(pooled) = &self.pipeline.pooled {
                    paint_image(&mut raster, pooled, second, ratio, display_range(pooled));
                }
            }
            self.rasters[slot] = RasterCache { key, image: raster };
        }
        Some(&self.rasters[slot].image)
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        match key {
            "built-in-image" => {
                self.imported = None;
                self.recompute();
                Ok(())
            }
            _ => Err(format!("“{key}” is not an action of this demo")),
        }
    }

    fn export(&self, key: &str) -> Option<String> {
        (key == "feature-map").then(|| self.feature_map_csv())
    }

    fn import_image(
        &mut self,
        key: &str,
        width: u32,
        height: u32,
        rgba: &[u8],
    ) -> Result<(), String> {
        if key != "image" {
            return Err(format!("“{key}” does not accept images"));
        }
        self.import_rgba(width, height, rgba)
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || input.phase == PointerPhase::Up {
            return false;
        }
        self.select_at(input.x, input.y, input.css_width, input.css_height)
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        let Some((x, y)) = self.selected() else {
            return false;
        };
        if plot != 0 {
            return false;
        }
        let output = &self.pipeline.output;
        let moved = match key {
            "ArrowLeft" => (x.saturating_sub(1), y),
            "ArrowRight" => ((x + 1).min(output.width - 1), y),
            "ArrowUp" => (x, y.saturating_sub(1)),
            "ArrowDown" => (x, (y + 1).min(output.height - 1)),
            _ => return false,
        };
        if moved == self.selection {
            return false;
        }
        self.selection = moved;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readout(demo: &ConvolutionDemo, name: &str) -> ReadoutValue {
        demo.readouts()
            .into_iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no readout {name}"))
            .value
    }

    #[test]
    fn sizes_follow_the_formula() {
        let mut demo = ConvolutionDemo::default();
        demo.set_param("size", "32").unwrap();
        assert_eq!(readout(&demo, "output-width"), ReadoutValue::Integer(30));
        demo.set_param("padding", "same").unwrap();
        assert_eq!(readout(&demo, "output-width"), ReadoutValue::Integer(32));
        demo.set_param("stride", "2").unwrap();
        // ⌊(32 + 2 − 3)/2⌋ + 1 = 16, pooled 8.
        assert_eq!(readout(&demo, "output-width"), ReadoutValue::Integer(16));
        assert_eq!(readout(&demo, "pooled-width"), ReadoutValue::Integer(8));
        assert_eq!(
            readout(&demo, "output-formula"),
            ReadoutValue::Text("⌊(32 + 2·1 − 3)/2⌋ + 1 = 16".to_owned())
        );
        demo.set_param("kernel", "gaussian-5").unwrap();
        assert_eq!(readout(&demo, "padding"), ReadoutValue::Integer(2));
    }

    #[test]
    fn the_dot_product_adds_up_to_the_output_pixel() {
        let mut demo = ConvolutionDemo::default();
        // The default sits on the left edge of the M: 1·1 + 1·2 + 1·1 = 4.
        assert_eq!(readout(&demo, "selected-value"), ReadoutValue::Number(4.0));
        assert_eq!(
            readout(&demo, "dot-product"),
            ReadoutValue::Text("1·1 + 1·2 + 1·1 = 4".to_owned())
        );
        demo.set_param("image", "gradient").unwrap();
        demo.set_param("size", "11").unwrap();
        // Gradient x/10: Sobel x gives 4 · (2/10) = 0.8 everywhere (central difference ×8).
        demo.set_param("out-x", "2").unwrap();
        match readout(&demo, "selected-value") {
            ReadoutValue::Number(v) => assert!((v - 0.8).abs() < 1e-12, "{v}"),
            other => panic!("{other:?}"),
        }
        let text = match readout(&demo, "dot-product") {
            ReadoutValue::Text(text) => text,
            other => panic!("{other:?}"),
        };
        assert!(text.ends_with("= 0.8"), "{text}");
        assert!(text.contains("0.2·(−1)"), "{text}");
        // 25 non-zero products are shortened, the sum kept.
        demo.set_param("kernel", "gaussian-5").unwrap();
        let text = match readout(&demo, "dot-product") {
            ReadoutValue::Text(text) => text,
            other => panic!("{other:?}"),
        };
        assert!(text.contains("… (19 more terms) = "), "{text}");
    }

    #[test]
    fn typed_weights_become_custom_unless_they_are_the_presets() {
        let mut demo = ConvolutionDemo::default();
        demo.set_param("weights", "-1,0,1;-2,0,2;-1,0,1").unwrap();
        assert_eq!(demo.param("kernel").unwrap(), "sobel-x");
        demo.set_param("weights", "1,2;3,4").unwrap();
        assert_eq!(demo.param("kernel").unwrap(), "custom");
        assert!(demo.set_param("weights", "1,2;3").is_err());
        assert!(demo.set_param("weights", "1,2,3,4,5,6").is_err());
        assert!(demo.set_param("weights", "1000").is_err());
        assert_eq!(demo.param("weights").unwrap(), "1,2;3,4");
    }

    #[test]
    fn an_imported_image_replaces_the_input_until_an_image_is_chosen() {
        let mut demo = ConvolutionDemo::default();
        demo.set_param("size", "32").unwrap();
        // A 200×100 red image: gray 0.299, shrunk to 32×16.
        let rgba: Vec<u8> = (0..200 * 100).flat_map(|_| [255, 0, 0, 255]).collect();
        demo.import_rgba(200, 100, &rgba).unwrap();
        assert_eq!(readout(&demo, "input-width"), ReadoutValue::Integer(32));
        assert_eq!(readout(&demo, "input-height"), ReadoutValue::Integer(16));
        assert!(demo.notices()[0].text.contains("not uploaded"));
        assert!(demo.import_rgba(3, 3, &[0; 5]).is_err());
        demo.set_param("image", "circle").unwrap();
        assert!(demo.notices().is_empty());
        // The 32×16 import is gone; the circle is 32×32, so the 3×3 kernel gives 30×30.
        let csv = demo.feature_map_csv();
        assert_eq!(
            csv.lines()
                .filter(|l| l.starts_with("convolution,"))
                .count(),
            900
        );
    }

    #[test]
    fn the_feature_map_csv_names_each_stage() {
        use std::collections::HashMap;
        let mut demo = ConvolutionDemo::default();
        demo.set_param("size", "32").unwrap();
        demo.set_param("image", "circle").unwrap();
        let csv = demo.feature_map_csv();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("stage,row,column,value"));
        let mut stages: HashMap<&str, HashMap<(usize, usize), f64>> = HashMap::new();
        for line in lines {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 4, "{line}");
            let cell = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
            let value: f64 = fields[3].parse().unwrap();
            stages.entry(fields[0]).or_default().insert(cell, value);
        }
        // 32×32 through a 3×3 kernel without padding is 30×30; pooling halves it to 15×15.
        let (convolution, relu, pool) =
            (&stages["convolution"], &stages["relu"], &stages["max-pool"]);
        assert_eq!((convolution.len(), relu.len(), pool.len()), (900, 900, 225));
        assert_eq!(stages.len(), 3);
        // The file is consistent with the definitions: ReLU is max(0, x) of the convolution
        // and each pooled value the largest of its 2×2 block of ReLU values.
        assert!(
            convolution.values().any(|&v| v < 0.0),
            "Sobel-x has negative responses"
        );
        for (cell, &value) in convolution {
            assert_eq!(relu[cell], value.max(0.0), "{cell:?}");
        }
        for (&(row, column), &value) in pool {
            let block = [(0, 0), (0, 1), (1, 0), (1, 1)]
                .map(|(dr, dc)| relu[&(2 * row + dr, 2 * column + dc)]);
            assert_eq!(value, block.into_iter().fold(f64::NEG_INFINITY, f64::max));
        }
        // With ReLU and pooling off only the convolution is written, and says so.
        demo.set_param("relu", "0").unwrap();
        demo.set_param("pool", "0").unwrap();
        let csv = demo.feature_map_csv();
        assert_eq!(csv.lines().count(), 1 + 900);
        assert!(csv.lines().skip(1).all(|l| l.starts_with("convolution,")));
    }

    #[test]
    fn clicks_and_keys_choose_the_output_pixel() {
        let mut demo = ConvolutionDemo::default();
        demo.set_param("size", "32").unwrap();
        let (width, height) = (700.0, 392.0);
        let (input_rect, output_rect) = demo.input_output_rects(width, height);
        let scale = output_rect.width / 30.0;
        let down = |x: f64, y: f64| PointerInput {
            phase: PointerPhase::Down,
            x,
            y,
            css_width: width,
            css_height: height,
        };
        assert!(demo.pointer(
            0,
            down(
                output_rect.left + 4.5 * scale,
                output_rect.top + 7.5 * scale
            )
        ));
        assert_eq!(demo.selection, (4, 7));
        // Input pixel (10, 12) is the centre of output pixel (9, 11)'s window (valid, k = 3).
        let input_scale = input_rect.width / 32.0;
        assert!(demo.pointer(
            0,
            down(
                input_rect.left + 10.5 * input_scale,
                input_rect.top + 12.5 * input_scale
            )
        ));
        assert_eq!(demo.selection, (9, 11));
        assert!(demo.key(0, "ArrowRight"));
        assert_eq!(demo.param("out-x").unwrap(), "10");
        demo.set_param("out-x", "127").unwrap();
        assert_eq!(
            readout(&demo, "selected"),
            ReadoutValue::Text("(29, 11)".to_owned())
        );
    }
}
