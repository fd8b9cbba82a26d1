//! Activation functions: f and f′ of sigmoid, tanh, ReLU, leaky ReLU, ELU, GELU, softplus and
//! swish side by side, the saturation regions where |f′| is below a threshold, a probe x with
//! f(x) and f′(x), and softmax over editable logits with a temperature, computed naively
//! (which overflows to NaN near logits of 1000) and stably (which does not).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{fill_style, line_style, text_style, themed_chart};
use super::params::{format_param_number, parse_choice, parse_number, round_significant};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame, Layer, Notice,
    NoticeLevel, PlotSpec, PointerInput, PointerPhase, Readout, ReadoutSpec, ReadoutValue,
    draw_error, exact_number, format_number,
};
use crate::demos::drawing::ThemedMesh;
use crate::math::activations::{
    Activation, NaiveSoftmaxFailure, log_sum_exp, naive_softmax_failure, saturation_intervals,
    softmax_naive, softmax_stable,
};
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

/// The activations offered (all but the linear one, which never saturates nor bends).
const OFFERED: [Activation; 8] = [
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu,
    Activation::Elu,
    Activation::Gelu,
    Activation::Softplus,
    Activation::Swish,
];

/// The most logits the softmax takes (bars stay readable on a phone).
const MAX_LOGITS: usize = 10;
/// The largest |logit| accepted: far beyond exp's overflow at 709.78, so the failure shows.
const MAX_LOGIT: f64 = 1e6;
/// Samples per curve across the x window.
const CURVE_SAMPLES: usize = 600;

const LOGIT_PRESETS: &[(&str, &str)] = &[
    ("small", "2, 1, 0.1"),
    ("large", "1000, 1001, 1002"),
    ("very-negative", "−1000, −1001, −1002"),
    ("tie", "1, 1, 1, 1"),
    ("confident", "8, 2, 1, 0, −3"),
];

fn preset_logits(preset: &str) -> Vec<f64> {
    match preset {
        "large" => vec![1000.0, 1001.0, 1002.0],
        "very-negative" => vec![-1000.0, -1001.0, -1002.0],
        "tie" => vec![1.0, 1.0, 1.0, 1.0],
        "confident" => vec![8.0, 2.0, 1.0, 0.0, -3.0],
        _ => vec![2.0, 1.0, 0.1],
    }
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "functions",
        aliases: &[],
        label: "Functions (comma-separated)",
        kind: ControlKind::Text {
            placeholder: "sigmoid,tanh,relu",
        },
        help: "The activations to compare, by key: sigmoid, tanh, relu, leaky-relu, elu, gelu, softplus, swish (1 to 8, no repeats); the first one gets the shaded saturation regions and the tangent at the probe",
        group: "Activations",
        example: "gelu,swish,elu",
    },
    ControlSpec {
        key: "x",
        aliases: &[],
        label: "Probe x",
        kind: ControlKind::Slider {
            min: -20.0,
            max: 20.0,
            step: 0.01,
            log: false,
        },
        help: "Where f(x) and f′(x) are read off; drag on either plot, or focus it and use the arrow keys (±0.1, Shift ±1)",
        group: "Activations",
        example: "-2",
    },
    ControlSpec {
        key: "extent",
        aliases: &[],
        label: "x window ±",
        kind: ControlKind::Slider {
            min: 1.0,
            max: 20.0,
            step: 0.5,
            log: false,
        },
        help: "The plots show x from −extent to +extent",
        group: "Activations",
        example: "10",
    },
    ControlSpec {
        key: "threshold",
        aliases: &[],
        label: "Saturation threshold",
        kind: ControlKind::Slider {
            min: 0.001,
            max: 0.5,
            step: 0.001,
            log: true,
        },
        help: "A region counts as saturated where |f′(x)| is below this: a gradient passing back through it is multiplied by less than the threshold",
        group: "Activations",
        example: "0.2",
    },
    ControlSpec {
        key: "preset",
        aliases: &[],
        label: "Logit preset",
        kind: ControlKind::Select {
            options: LOGIT_PRESETS,
        },
        help: "Replaces the logits with a preset; “1000, 1001, 1002” makes the naive softmax overflow",
        group: "Softmax",
        example: "large",
    },
    ControlSpec {
        key: "logits",
        aliases: &[],
        label: "Logits z (comma-separated)",
        kind: ControlKind::Text {
            placeholder: "2,1,0.1",
        },
        help: "2 to 10 logits, each within ±1,000,000",
        group: "Softmax",
        example: "3,1,-2",
    },
    ControlSpec {
        key: "temperature",
        aliases: &["t"],
        label: "Temperature T",
        kind: ControlKind::Slider {
            min: 0.05,
            max: 20.0,
            step: 0.01,
            log: true,
        },
        help: "Softmax of z/T: T → 0 puts all the mass on the largest logit, T → ∞ spreads it evenly",
        group: "Softmax",
        example: "2",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "probe-x",
        help: "The probe x where f and f′ are read",
    },
    ReadoutSpec {
        name: "{function}.f",
        help: "f(x) of the activation at the probe x",
    },
    ReadoutSpec {
        name: "{function}.derivative",
        help: "f′(x) at the probe x (ReLU and leaky ReLU take the left derivative at 0, as PyTorch does)",
    },
    ReadoutSpec {
        name: "{function}.saturated",
        help: "Where in the window |f′(x)| is below the threshold (the intervals, or “nowhere”)",
    },
    ReadoutSpec {
        name: "softmax.{i}",
        help: "Softmax probability pᵢ of logit i (counted from 0 in the order typed), computed stably (the largest z/T subtracted first)",
    },
    ReadoutSpec {
        name: "softmax-naive.{i}",
        help: "The same probability computed naively as e^(z/T)/Σe^(z/T) in f64, or the text “NaN: …” saying which exponential overflowed or underflowed",
    },
    ReadoutSpec {
        name: "log-sum-exp",
        help: "log Σ e^(zᵢ/T), computed as m + log Σ e^(zᵢ/T − m) with m the largest zᵢ/T",
    },
    ReadoutSpec {
        name: "largest-exponent",
        help: "m, the largest z/T: naive softmax overflows when it passes ln(f64::MAX) ≈ 709.78",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "functions",
        title: "Activations f(x)",
        alt: "The chosen activation functions over the x window, the saturation regions of the first one shaded, and the probe x as a vertical line with a tangent to the first function. Drag to move the probe; on the focused plot the arrow keys move it.",
        aspect_ratio: 0.55,
        interactive: true,
    },
    PlotSpec {
        id: "derivatives",
        title: "Derivatives f′(x)",
        alt: "The derivatives of the chosen activations, the threshold ±t as dashed lines and the saturation regions of the first one shaded. Drag to move the probe; the arrow keys move it too.",
        aspect_ratio: 0.75,
        interactive: true,
    },
    PlotSpec {
        id: "softmax",
        title: "Softmax of the logits",
        alt: "A bar per logit with its softmax probability computed stably, and an outlined bar with the naive result; when the naive computation gives NaN, the plot says so.",
        aspect_ratio: 0.75,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "activations",
    title: "Activation functions",
    chapter: Chapter::NeuralNetworks,
    summary: "Sigmoid, tanh, ReLU, leaky ReLU, ELU, GELU, softplus and swish with their derivatives and saturation regions, and softmax with a temperature: the naive formula overflows to NaN at logits near 1000, the stable one does not.",
    explanation: r#"A neuron computes a weighted sum $z = w^\top x + b$ and passes it through an activation $f$. Without $f$, layers of weighted sums collapse into one linear map; with it, a network can bend. Training sends gradients backwards through $f$, multiplying them by $f'(z)$ at every layer (the chain rule), so the derivative matters as much as the function. Drag the probe on either plot to read $f(x)$ and $f'(x)$; the straight line through the first function's curve is its tangent, whose slope is $f'(x)$.

$$\sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma' = \sigma\,(1-\sigma)$$

$$\tanh' = 1 - \tanh^2, \qquad \mathrm{ReLU}(x) = \max(0, x)$$

$$\mathrm{GELU}(x) = x\,\Phi(x), \qquad \mathrm{swish}(x) = x\,\sigma(x)$$

$$\mathrm{softplus}(x) = \ln(1 + e^x), \qquad \mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ e^x - 1 & x \le 0 \end{cases}$$

Leaky ReLU uses slope 0.01 for $x < 0$ and ELU $\alpha = 1$ (PyTorch's defaults); GELU is the exact one with the normal CDF $\Phi$, not the tanh approximation. **Saturation**: where $|f'(x)| < t$ (the threshold, 0.05 by default) the function is nearly flat, and a gradient passing back through it is multiplied by less than $t$. Sigmoid's derivative is at most $\tfrac14$ (at 0), so even unsaturated, ten sigmoid layers shrink a gradient by at least $4^{10} \approx 10^6$: the vanishing gradient. Tanh peaks at 1 but saturates on both sides. ReLU never saturates for $x > 0$ (derivative exactly 1) and is dead for $x < 0$ (derivative exactly 0); leaky ReLU, ELU, GELU and swish keep a small gradient there. The shaded bands belong to the first function in the list, the readouts give every function's saturated intervals.

**Softmax** turns logits $z_1, \dots, z_n$ into probabilities, with a temperature $T$:

$$\mathrm{softmax}(z)_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}} = \frac{e^{z_i/T - m}}{\sum_j e^{z_j/T - m}}$$

where $m = \max_j z_j/T$ is the largest scaled logit. The two forms are equal (multiply top and bottom by $e^{-m}$), but not in floating point. The NumPy example in *Mathematical Foundations for Deep Learning* computes `np.exp(x) / np.sum(np.exp(x))` as the left form reads. For logits 1000, 1001, 1002, $e^{1000}$ is far beyond the largest double ($\approx 1.8\times 10^{308} = e^{709.78}$), so every exponential is $\infty$ and every probability $\infty/\infty = \mathrm{NaN}$; for −1000, −1001, −1002 every exponential rounds to 0 and the result is $0/0 = \mathrm{NaN}$. The right form subtracts $m$ first: every exponent is $\le 0$, the largest term is exactly 1, nothing overflows, and the answer is the same as for logits 0, 1, 2: 0.0900, 0.2447, 0.6652 (softmax only sees differences of logits). Libraries compute it this way, and compute $\log \sum_j e^{z_j} = m + \log\sum_j e^{z_j - m}$ (log-sum-exp) the same way for the cross-entropy loss. Lowering $T$ sharpens the distribution towards the largest logit; raising it flattens it towards uniform."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(ActivationsDemo::default()),
};

/// The state of the activation functions demo.
#[derive(Clone, Debug)]
pub struct ActivationsDemo {
    /// The activations drawn, in order; the first gets the shading and the tangent.
    functions: Vec<Activation>,
    /// The probe x.
    probe: f64,
    /// The plots show x in [−extent, extent].
    extent: f64,
    /// Saturated means |f′| < threshold.
    threshold: f64,
    /// The last logit preset chosen.
    preset: &'static str,
    /// The softmax logits z.
    logits: Vec<f64>,
    /// The softmax temperature T.
    temperature: f64,
}

impl Default for ActivationsDemo {
    fn default() -> Self {
        Self {
            functions: vec![Activation::Sigmoid, Activation::Tanh, Activation::Relu],
            probe: 1.0,
            extent: 6.0,
            threshold: 0.05,
            preset: "small",
            logits: preset_logits("small"),
            temperature: 1.0,
        }
    }
}

/// Parses "sigmoid, tanh" into activations: known keys, 1 to 8, no repeats.
fn parse_functions(value: &str) -> Result<Vec<Activation>, String> {
    let keys = OFFERED.map(|a| a.key()).join(", ");
    let mut functions = Vec::new();
    for part in value.split(',') {
        let key = part.trim().to_ascii_lowercase();
        if key.is_empty() {
            continue;
        }
        let activation = Activation::from_key(&key)
            .filter(|a| OFFERED.contains(a))
            .ok_or_else(|| {
                format!(
                    "“{}” is not an activation; expected some of: {keys}",
                    part.trim()
                )
            })?;
        if functions.contains(&activation) {
            return Err(format!("“{key}” is listed twice"));
        }
        functions.push(activation);
    }
    if functions.is_empty() {
        return Err(format!("expected at least one of: {keys}"));
    }
    Ok(functions)
}

/// Parses "2, 1, 0.1" into 2 to 10 finite logits within ±1,000,000.
fn parse_logits(value: &str) -> Result<Vec<f64>, String> {
    let logits = value
        .split(',')
        .map(|part| {
            parse_number(part, -MAX_LOGIT, MAX_LOGIT)
                .map_err(|e| format!("logit “{}”: {e}", part.trim()))
        })
        .collect::<Result<Vec<f64>, String>>()?;
    if !(2..=MAX_LOGITS).contains(&logits.len()) {
        return Err(format!(
            "{} logits given; expected 2 to {MAX_LOGITS}, separated by commas",
            logits.len()
        ));
    }
    Ok(logits)
}

/// Subscript digits for labels like p₁₀.
fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

/// "e^1002" or "e^(1000/0.5)" for the exponent `z/T`, for the NaN explanation.
fn exponential_text(largest_logit: f64, temperature: f64) -> String {
    if temperature == 1.0 {
        format!("e^{}", format_number(largest_logit))
    } else {
        format!(
            "e^({}/{})",
            format_number(largest_logit),
            format_number(temperature)
        )
    }
}

/// Interval list as text: "x < −2.89, x > 2.89" with the window's ends written as "<"/">".
/// The saturated intervals as a readout: bounds rounded to 3 digits on screen and at full
/// precision in `data-value` (where they are the bisection's numbers, ASCII minus).
fn intervals_readout(intervals: &[(f64, f64)], extent: f64) -> ReadoutValue {
    let shown = intervals_shown(intervals, extent);
    let exact = intervals_text(intervals, extent, &|x| exact_number(snap_kink(x, extent)));
    if shown == exact {
        ReadoutValue::Text(shown)
    } else {
        ReadoutValue::Written { shown, exact }
    }
}

/// Bisection leaves ReLU's kink at 0 as 5e-9: anything below 1e-6 of the window is 0.
fn snap_kink(x: f64, extent: f64) -> f64 {
    if x.abs() < 1e-6 * extent { 0.0 } else { x }
}

/// The saturated intervals as the page writes them (bounds to 3 significant digits, "−"),
/// for the readout and the plot's data alternative alike.
fn intervals_shown(intervals: &[(f64, f64)], extent: f64) -> String {
    intervals_text(intervals, extent, &|x| {
        format_number(round_significant(snap_kink(x, extent), 3)).replace('-', "−")
    })
}

fn intervals_text(intervals: &[(f64, f64)], extent: f64, show: &dyn Fn(f64) -> String) -> String {
    if intervals.is_empty() {
        return format!("nowhere in [−{0}, {0}]", format_number(extent));
    }
    intervals
        .iter()
        .map(|&(a, b)| {
            let (starts_at_edge, ends_at_edge) = (a <= -extent, b >= extent);
            match (starts_at_edge, ends_at_edge) {
                (true, true) => "everywhere in the window".to_owned(),
                (true, false) => format!("x < {}", show(b)),
                (false, true) => format!("x > {}", show(a)),
                (false, false) => format!("{} < x < {}", show(a), show(b)),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl ActivationsDemo {
    fn focus(&self) -> Activation {
        self.functions
            .first()
            .copied()
            .unwrap_or(Activation::Sigmoid)
    }

    fn colour(&self, index: usize) -> [u8; 3] {
        SERIES_COLOURS[index % SERIES_COLOURS.len()]
    }

    fn saturated(&self, activation: Activation) -> Vec<(f64, f64)> {
        saturation_intervals(
            activation,
            self.threshold,
            -self.extent,
            self.extent,
            CURVE_SAMPLES,
        )
    }

    /// The y range of plot 0 (values) or 1 (derivatives), from the sampled curves.
    fn y_range(&self, derivative: bool) -> (f64, f64) {
        let (mut low, mut high): (f64, f64) = if derivative { (-0.1, 1.1) } else { (-1.1, 1.1) };
        for activation in &self.functions {
            for i in 0..=CURVE_SAMPLES {
                let x = -self.extent + 2.0 * self.extent * i as f64 / CURVE_SAMPLES as f64;
                let y = if derivative {
                    activation.derivative(x)
                } else {
                    activation.apply(x)
                };
                low = low.min(y);
                high = high.max(y);
            }
        }
        let pad = 0.06 * (high - low);
        (low - pad, high + pad)
    }

    /// The transform of plot 0 or 1, in the frame's pixels: exactly `themed_chart`'s
    /// plotting area, so pointer input lands where things are drawn.
    fn viewport(&self, plot: usize, frame: &Frame) -> Viewport {
        let (left, top) = (frame.px(10.0 + 52.0), frame.px(10.0));
        Viewport {
            x_range: (-self.extent, self.extent),
            y_range: self.y_range(plot == 1),
            left,
            top,
            width: (frame.geometry.pixel_width() as f64 - left - frame.px(22.0)).max(1.0),
            height: (frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0)).max(1.0),
        }
    }

    fn set_probe(&mut self, x: f64) -> bool {
        let x = (x.clamp(-20.0, 20.0) * 100.0).round() / 100.0;
        if x == self.probe {
            return false;
        }
        self.probe = x;
        true
    }

    fn draw_curves<DB: DrawingBackend>(
        &self,
        plot: usize,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let derivative = plot == 1;
        let (y0, y1) = self.y_range(derivative);
        let (x0, x1) = (-self.extent, self.extent);
        let mut chart = themed_chart(
            area,
            frame,
            x0..x1,
            y0..y1,
            "x",
            if derivative { "f′(x)" } else { "f(x)" },
        )?;
        // Saturation bands of the first function.
        let focus_colour = self.colour(0);
        for (a, b) in self.saturated(self.focus()) {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(a, y0), (b, y1)],
                    rgb(focus_colour).mix(0.12).filled(),
                )))
                .map_err(draw_error)?;
        }
        if derivative {
            for level in [self.threshold, -self.threshold] {
                if (y0..=y1).contains(&level) {
                    chart
                        .draw_series(DashedLineSeries::new(
                            [(x0, level), (x1, level)],
                            frame.px(5.0) as i32,
                            frame.px(4.0) as i32,
                            line_style(theme.muted_text, frame, 1.0),
                        ))
                        .map_err(draw_error)?;
                }
            }
        }
        // The probe line.
        if (x0..=x1).contains(&self.probe) {
            chart
                .draw_series(LineSeries::new(
                    [(self.probe, y0), (self.probe, y1)],
                    line_style(theme.axis, frame, 1.0),
                ))
                .map_err(draw_error)?;
        }
        for (index, activation) in self.functions.iter().enumerate().rev() {
            let colour = self.colour(index);
            let width = if index == 0 { 3.0 } else { 2.0 };
            let points = (0..=CURVE_SAMPLES).map(|i| {
                let x = x0 + (x1 - x0) * i as f64 / CURVE_SAMPLES as f64;
                let y = if derivative {
                    activation.derivative(x)
                } else {
                    activation.apply(x)
                };
                (x, y)
            });
            chart
                .draw_series(LineSeries::new(points, line_style(colour, frame, width)))
                .map_err(draw_error)?;
        }
        // The tangent to the first function at the probe (value plot only).
        let focus = self.focus();
        if !derivative && (x0..=x1).contains(&self.probe) {
            let (fx, slope) = focus.apply_with_derivative(self.probe);
            let half = 0.18 * (x1 - x0);
            let ends =
                [self.probe - half, self.probe + half].map(|x| (x, fx + slope * (x - self.probe)));
            chart
                .draw_series(DashedLineSeries::new(
                    ends,
                    frame.px(6.0) as i32,
                    frame.px(4.0) as i32,
                    line_style(theme.text, frame, 1.5),
                ))
                .map_err(draw_error)?;
        }
        if (x0..=x1).contains(&self.probe) {
            for (index, activation) in self.functions.iter().enumerate() {
                let y = if derivative {
                    activation.derivative(self.probe)
                } else {
                    activation.apply(self.probe)
                };
                if (y0..=y1).contains(&y) {
                    chart
                        .draw_series(std::iter::once(Circle::new(
                            (self.probe, y),
                            frame.px(4.5) as i32,
                            fill_style(self.colour(index)),
                        )))
                        .map_err(draw_error)?;
                }
            }
        }
        // Legend: one line per function in its colour, top-left inside the plotting area.
        let viewport = self.viewport(plot, frame);
        let line_height = frame.px(16.0);
        for (index, activation) in self.functions.iter().enumerate() {
            let y = viewport.top + frame.px(6.0) + index as f64 * line_height;
            let x = viewport.left + frame.px(8.0);
            area.draw(&Rectangle::new(
                [
                    (x as i32, (y + frame.px(5.0)) as i32),
                    ((x + frame.px(14.0)) as i32, (y + frame.px(8.0)) as i32),
                ],
                fill_style(self.colour(index)),
            ))
            .map_err(draw_error)?;
            area.draw(&Text::new(
                activation.label().to_owned(),
                ((x + frame.px(19.0)) as i32, y as i32),
                text_style(frame, 12.0, theme.text),
            ))
            .map_err(draw_error)?;
        }
        let note = format!(
            "shaded: |f′| < {} for {}",
            format_number(self.threshold),
            focus.label()
        );
        area.draw(&Text::new(
            note,
            (
                (viewport.left + viewport.width - frame.px(6.0)) as i32,
                (viewport.top + viewport.height - frame.px(6.0)) as i32,
            ),
            text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    fn draw_softmax<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let count = self.logits.len();
        let stable = softmax_stable(&self.logits, self.temperature);
        let naive = softmax_naive(&self.logits, self.temperature);
        let failure = naive_softmax_failure(&self.logits, self.temperature);
        let logits = self.logits.clone();
        let label_for = move |x: &f64| {
            let index = x.round();
            if (x - index).abs() < 1e-9 && index >= 0.0 && (index as usize) < logits.len() {
                format_number(logits[index as usize])
            } else {
                String::new()
            }
        };
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_top(frame.px(30.0) as i32)
            .margin_right(frame.px(16.0) as i32)
            .x_label_area_size(frame.px(40.0) as i32)
            .y_label_area_size(frame.px(44.0) as i32)
            .build_cartesian_2d(-0.5..(count as f64 - 0.5), 0.0..1.12)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .disable_x_mesh()
            .x_desc("logit z (filled: stable, outline: naive)")
            .y_desc("probability")
            .x_labels(2 * count + 1)
            .y_labels(6)
            .x_label_formatter(&label_for)
            .y_label_formatter(&|y| format_number(round_significant(*y, 3)))
            .draw()
            .map_err(draw_error)?;
        for (i, (p_stable, p_naive)) in stable.iter().zip(&naive).enumerate() {
            let x = i as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.3, 0.0), (x + 0.3, *p_stable)],
                    fill_style(SERIES_COLOURS[0]),
                )))
                .map_err(draw_error)?;
            if p_naive.is_finite() {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x - 0.38, 0.0), (x + 0.38, *p_naive)],
                        line_style(SERIES_COLOURS[1], frame, 2.0),
                    )))
                    .map_err(draw_error)?;
            }
            if count <= 6 {
                chart
                    .draw_series(std::iter::once(Text::new(
                        format_number(round_significant(*p_stable, 3)),
                        (x, p_stable + 0.02),
                        text_style(frame, 11.0, theme.text)
                            .pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )))
                    .map_err(draw_error)?;
            }
        }
        let headline = match failure {
            Some(NaiveSoftmaxFailure::Overflow { .. }) => format!(
                "naive: NaN ({} overflows to ∞)",
                exponential_text(self.largest_logit(), self.temperature)
            ),
            Some(NaiveSoftmaxFailure::Underflow { .. }) => format!(
                "naive: NaN ({} underflows to 0)",
                exponential_text(self.largest_logit(), self.temperature)
            ),
            None => format!(
                "T = {}: naive and stable agree",
                format_number(self.temperature)
            ),
        };
        let colour = if failure.is_some() {
            SERIES_COLOURS[1]
        } else {
            theme.muted_text
        };
        area.draw(&Text::new(
            headline,
            (frame.px(10.0) as i32, frame.px(8.0) as i32),
            text_style(frame, 12.0, colour),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    /// The logit whose z/T is largest.
    fn largest_logit(&self) -> f64 {
        let sign = self.temperature.signum();
        self.logits.iter().copied().fold(
            f64::NEG_INFINITY,
            |a, b| if b * sign > a * sign { b } else { a },
        )
    }

    /// The naive entry i as a readout: the number, or the reason it is NaN.
    fn naive_readout(&self, value: f64) -> ReadoutValue {
        if value.is_finite() {
            return ReadoutValue::Number(value);
        }
        let exponential = exponential_text(self.largest_logit(), self.temperature);
        ReadoutValue::Text(
            match naive_softmax_failure(&self.logits, self.temperature) {
                Some(NaiveSoftmaxFailure::Underflow { .. }) => {
                    format!("NaN: {exponential} underflows to 0")
                }
                _ => format!("NaN: {exponential} overflows"),
            },
        )
    }
}

impl DrawDemo for ActivationsDemo {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // The probe moves everything: one foreground layer.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 | 1 => self.draw_curves(plot, area, frame),
            _ => self.draw_softmax(area, frame),
        }
    }
}

mod data;

impl Demo for ActivationsDemo {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "functions" => self
                .functions
                .iter()
                .map(|a| a.key())
                .collect::<Vec<_>>()
                .join(","),
            "x" => format_param_number(self.probe),
            "extent" => format_param_number(self.extent),
            "threshold" => format_param_number(self.threshold),
            "preset" => self.preset.to_owned(),
            "logits" => self
                .logits
                .iter()
                .map(|z| format_param_number(*z))
                .collect::<Vec<_>>()
                .join(","),
            "temperature" => format_param_number(self.temperature),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "functions" => self.functions = parse_functions(value)?,
            "x" => self.probe = round_significant(parse_number(value, -20.0, 20.0)?, 6),
            "extent" => self.extent = parse_number(value, 1.0, 20.0)?,
            "threshold" => self.threshold = round_significant(parse_number(value, 0.001, 0.5)?, 4),
            "preset" => {
                self.preset = parse_choice(value, LOGIT_PRESETS)?;
                self.logits = preset_logits(self.preset);
            }
            "logits" => self.logits = parse_logits(value)?,
            "temperature" => {
                self.temperature = round_significant(parse_number(value, 0.05, 20.0)?, 4)
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        Ok(())
    }

    fn readouts(&self) -> Vec<Readout> {
        // Labels never carry values: the shell builds the readout panel once per set of
        // names, so a label like "f(1)" would go stale when the probe moves.
        let mut readouts = vec![Readout {
            name: "probe-x".to_owned(),
            label: "Probe x".to_owned(),
            value: ReadoutValue::Number(self.probe),
            group: String::new(),
        }];
        for activation in &self.functions {
            let group = activation.label().to_owned();
            let (fx, dfx) = activation.apply_with_derivative(self.probe);
            readouts.push(Readout {
                name: format!("{}.f", activation.key()),
                label: "f(x)".to_owned(),
                value: ReadoutValue::Number(fx),
                group: group.clone(),
            });
            readouts.push(Readout {
                name: format!("{}.derivative", activation.key()),
                label: "f′(x)".to_owned(),
                value: ReadoutValue::Number(dfx),
                group: group.clone(),
            });
            readouts.push(Readout {
                name: format!("{}.saturated", activation.key()),
                label: "Saturated (|f′| < t)".to_owned(),
                value: intervals_readout(&self.saturated(*activation), self.extent),
                group,
            });
        }
        let stable = softmax_stable(&self.logits, self.temperature);
        let naive = softmax_naive(&self.logits, self.temperature);
        for (i, (p_stable, p_naive)) in stable.iter().zip(&naive).enumerate() {
            readouts.push(Readout {
                name: format!("softmax.{i}"),
                label: format!("p{} (stable)", subscript(i)),
                value: ReadoutValue::Number(*p_stable),
                // Ungrouped: the grouped table's columns are the activations' f, f′.
                group: String::new(),
            });
            readouts.push(Readout {
                name: format!("softmax-naive.{i}"),
                label: format!("p{} (naive)", subscript(i)),
                value: self.naive_readout(*p_naive),
                group: String::new(),
            });
        }
        let scaled: Vec<f64> = self.logits.iter().map(|z| z / self.temperature).collect();
        readouts.push(Readout {
            name: "largest-exponent".to_owned(),
            label: "m = max z/T".to_owned(),
            value: ReadoutValue::Number(scaled.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
            group: String::new(),
        });
        readouts.push(Readout {
            name: "log-sum-exp".to_owned(),
            label: "log Σ e^(z/T)".to_owned(),
            value: ReadoutValue::Number(log_sum_exp(&scaled)),
            group: String::new(),
        });
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        match naive_softmax_failure(&self.logits, self.temperature) {
            Some(failure) => {
                let exponential = exponential_text(self.largest_logit(), self.temperature);
                let what = match failure {
                    NaiveSoftmaxFailure::Overflow { .. } => format!(
                        "{exponential} overflows to ∞ (doubles end at e^709.78), so it returns ∞/∞ = NaN"
                    ),
                    NaiveSoftmaxFailure::Underflow { .. } => format!(
                        "every e^(z/T) underflows to 0 (the largest is {exponential}), so it returns 0/0 = NaN"
                    ),
                };
                vec![Notice {
                    level: NoticeLevel::Info,
                    text: format!(
                        "The naive softmax fails here: {what}. The stable softmax subtracts the largest z/T first and gives the right probabilities."
                    ),
                }]
            }
            None => Vec::new(),
        }
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        self.data_table(plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        self.data_description(plot)
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot > 1 || input.phase == PointerPhase::Up {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = self.viewport(plot, &frame);
        if input.phase == PointerPhase::Down && !viewport.contains_pixel(input.x, input.y) {
            return false;
        }
        let (x, _) = viewport.to_model(input.x, input.y);
        self.set_probe(x.clamp(-self.extent, self.extent))
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot > 1 {
            return false;
        }
        // As documented in the probe's help: arrows ±0.1, Shift+arrows (and up/down,
        // Page Up/Down) ±1. The shell names a key pressed with Shift "Shift+<key>".
        let step = match key {
            "ArrowLeft" => -0.1,
            "ArrowRight" => 0.1,
            "Shift+ArrowLeft" | "ArrowDown" | "Shift+ArrowDown" | "PageDown" => -1.0,
            "Shift+ArrowRight" | "ArrowUp" | "Shift+ArrowUp" | "PageUp" => 1.0,
            _ => return false,
        };
        self.set_probe(self.probe + step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readout(demo: &ActivationsDemo, name: &str) -> ReadoutValue {
        demo.readouts()
            .into_iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no readout {name}"))
            .value
    }

    #[test]
    fn probe_readouts_are_the_closed_forms() {
        let mut demo = ActivationsDemo::default();
        demo.set_param("x", "0").unwrap();
        assert_eq!(readout(&demo, "sigmoid.f"), ReadoutValue::Number(0.5));
        assert_eq!(
            readout(&demo, "sigmoid.derivative"),
            ReadoutValue::Number(0.25)
        );
        assert_eq!(readout(&demo, "tanh.derivative"), ReadoutValue::Number(1.0));
        // σ' < 0.05 beyond ±2.887 (closed form in math::activations' tests).
        let saturated = readout(&demo, "sigmoid.saturated");
        assert_eq!(saturated.display(), "x < −2.89, x > 2.89");
        // data-value carries the bounds at full precision: σ′ = σ(1 − σ) = 0.05 at
        // x = ±ln(9 + 4√5) = ±2.887270950357… (σ/(1 − σ) = (√5 + 2)/(√5 − 2)).
        let exact = saturated.full_precision();
        let bounds: Vec<f64> = exact
            .split(", ")
            .map(|part| part.rsplit(' ').next().unwrap().parse().unwrap())
            .collect();
        let closed_form = (9.0 + 4.0 * 5f64.sqrt()).ln();
        assert_eq!(bounds.len(), 2, "{exact}");
        assert!((bounds[0] + closed_form).abs() < 1e-6, "{exact}");
        assert!((bounds[1] - closed_form).abs() < 1e-6, "{exact}");
        assert_eq!(
            readout(&demo, "relu.saturated"),
            ReadoutValue::Text("x < 0".to_owned())
        );
    }

    #[test]
    fn the_large_preset_shows_why_naive_softmax_is_nan_and_the_right_answer() {
        let mut demo = ActivationsDemo::default();
        demo.set_param("preset", "large").unwrap();
        // softmax([0, 1, 2]) (python3: [math.exp(z) / sum(...)]): the same as for 1000…1002.
        let want = [0.09003057317038046, 0.24472847105479767, 0.6652409557748219];
        for (i, w) in want.iter().enumerate() {
            match readout(&demo, &format!("softmax.{i}")) {
                ReadoutValue::Number(p) => assert!((p - w).abs() < 1e-15),
                other => panic!("{other:?}"),
            }
            assert_eq!(
                readout(&demo, &format!("softmax-naive.{i}")),
                ReadoutValue::Text("NaN: e^1002 overflows".to_owned())
            );
        }
        assert!(demo.notices()[0].text.contains("overflows"));
        // At T = 2 the exponents are ≤ 501 and the naive form works again.
        demo.set_param("temperature", "2").unwrap();
        assert!(matches!(
            readout(&demo, "softmax-naive.0"),
            ReadoutValue::Number(_)
        ));
        assert!(demo.notices().is_empty());
        demo.set_param("preset", "very-negative").unwrap();
        demo.set_param("temperature", "1").unwrap();
        assert!(matches!(
            readout(&demo, "softmax-naive.0"),
            ReadoutValue::Text(text) if text.contains("underflows")
        ));
    }

    #[test]
    fn bad_lists_are_rejected() {
        let mut demo = ActivationsDemo::default();
        assert!(demo.set_param("functions", "sigmoid,sigmoid").is_err());
        assert!(demo.set_param("functions", "linear").is_err());
        assert!(demo.set_param("functions", " , ").is_err());
        assert!(demo.set_param("logits", "1").is_err());
        assert!(demo.set_param("logits", "1,2,3,4,5,6,7,8,9,10,11").is_err());
        assert!(demo.set_param("logits", "1,NaN").is_err());
        assert_eq!(demo.param("logits").unwrap(), "2,1,0.1");
        demo.set_param("functions", "GELU, swish").unwrap();
        assert_eq!(demo.param("functions").unwrap(), "gelu,swish");
    }

    #[test]
    fn drag_and_keys_move_the_probe() {
        let mut demo = ActivationsDemo::default();
        let (width, height) = (600.0, 300.0);
        let viewport = demo.viewport(0, &Frame::light(width, height, 1.0));
        let (px, py) = viewport.to_pixel(-3.0, 0.5);
        let input = PointerInput {
            phase: PointerPhase::Down,
            x: px,
            y: py,
            css_width: width,
            css_height: height,
        };
        assert!(demo.pointer(0, input));
        assert!((demo.probe + 3.0).abs() < 0.02, "{}", demo.probe);
        demo.set_param("x", "1").unwrap();
        assert!(demo.key(1, "ArrowRight"));
        assert_eq!(demo.probe, 1.1);
        assert!(!demo.key(2, "ArrowRight"));
    }

    #[test]
    fn shift_arrows_move_the_probe_by_one() {
        // The probe's help promises "arrow keys (±0.1, Shift ±1)".
        let mut demo = ActivationsDemo::default();
        demo.set_param("x", "1.5").unwrap();
        assert!(demo.key(0, "Shift+ArrowRight"));
        assert_eq!(demo.probe, 2.5);
        assert!(demo.key(0, "Shift+ArrowLeft"));
        assert!(demo.key(0, "Shift+ArrowLeft"));
        assert_eq!(demo.probe, 0.5);
        assert!(demo.key(1, "ArrowLeft"));
        assert_eq!(demo.probe, 0.4);
        // At the edge of the range the probe stops at 20 and reports no change.
        demo.set_param("x", "19.5").unwrap();
        assert!(demo.key(0, "Shift+ArrowRight"));
        assert_eq!(demo.probe, 20.0);
        assert!(!demo.key(0, "Shift+ArrowRight"));
        assert!(!demo.key(0, "Shift+Tab"));
    }
}
