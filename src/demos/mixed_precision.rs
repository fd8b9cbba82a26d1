//! `#/mixed-precision`: one small model (linear regression on 64 seeded points) trained four
//! times at once, with every multiply and add rounded to float64 (the reference), float32,
//! bfloat16 and float16, with or without loss scaling and an f32 master copy of the weights.
//! The loss curves show float16 stalling when its gradients underflow and bfloat16 stalling
//! when its updates are smaller than half a weight's ulp; the histogram shows where the
//! gradient terms fall against float16's range, before and after the loss scale.
//!
//! The math is [`crate::math::mixed_precision`]; this file holds the controls, readouts and
//! state. Every run is computed in full when a control changes (a few milliseconds), and
//! the player reveals it epoch by epoch (`steps=` is the epoch shown).

mod data;
mod drawing;
#[cfg(test)]
mod tests;

use super::params::{
    format_param_number, format_toggle, parse_integer, parse_number, parse_toggle,
};
use super::playhead::Playhead;
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Notice, NoticeLevel, PlotSpec, PointerInput,
    PointerPhase, Readout, ReadoutSpec, ReadoutValue,
};
use crate::math::floats::{BF16, F16, F32, F64, Format};
use crate::math::mixed_precision::{Dataset, Run, TrainingConfig, synthetic_dataset, train};

const LOSS_SCALE_RANGE: (f64, f64) = (1.0, 65536.0);
const LEARNING_RATE_RANGE: (f64, f64) = (0.01, 1.0);
const TARGET_SIZE_RANGE: (f64, f64) = (1e-6, 1.0);
const EPOCH_RANGE: (i64, i64) = (10, 2000);
const SEED_RANGE: (i64, i64) = (0, 1_000_000);

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "f32",
        aliases: &[],
        label: "Show float32",
        kind: ControlKind::Toggle,
        help: "Draw the float32 run and show its readouts (the float64 reference is always drawn)",
        group: "Formats",
        example: "0",
    },
    ControlSpec {
        key: "bf16",
        aliases: &[],
        label: "Show bfloat16",
        kind: ControlKind::Toggle,
        help: "Draw the bfloat16 run (8 significant bits, float32's exponent range) and show its readouts",
        group: "Formats",
        example: "0",
    },
    ControlSpec {
        key: "f16",
        aliases: &[],
        label: "Show float16",
        kind: ControlKind::Toggle,
        help: "Draw the float16 run (11 significant bits, smallest subnormal 2⁻²⁴ ≈ 6·10⁻⁸) and show its readouts",
        group: "Formats",
        example: "0",
    },
    ControlSpec {
        key: "scale",
        aliases: &[],
        label: "Loss scale S",
        kind: ControlKind::slider(LOSS_SCALE_RANGE.0, LOSS_SCALE_RANGE.1, 1.0, true),
        help: "The loss is multiplied by S before the backward pass and the gradients divided by S (in float32) before the update; powers of two are exact",
        group: "Loss scaling",
        example: "1024",
    },
    ControlSpec {
        key: "dynamic",
        aliases: &[],
        label: "Dynamic loss scaling",
        kind: ControlKind::Toggle,
        help: "Start at S, skip the step and halve S when a gradient overflows, double S after 20 steps without overflow",
        group: "Loss scaling",
        example: "1",
    },
    ControlSpec {
        key: "master",
        aliases: &[],
        label: "f32 master weights",
        kind: ControlKind::Toggle,
        help: "Keep the weights in float32 and update them there; the forward pass uses a copy rounded to the narrow format",
        group: "Loss scaling",
        example: "1",
    },
    ControlSpec {
        key: "lr",
        aliases: &[],
        label: "Learning rate η",
        kind: ControlKind::slider(LEARNING_RATE_RANGE.0, LEARNING_RATE_RANGE.1, 0.01, true),
        help: "The step size of w ← w − η·∇L (full-batch gradient descent)",
        group: "Training",
        example: "0.2",
    },
    ControlSpec {
        key: "size",
        aliases: &[],
        label: "Target size",
        kind: ControlKind::slider(TARGET_SIZE_RANGE.0, TARGET_SIZE_RANGE.1, 1e-6, true),
        help: "How large the targets are (and with them the residuals and every gradient): small values are what layers deep in a network see",
        group: "Training",
        example: "1",
    },
    ControlSpec {
        key: "epochs",
        aliases: &[],
        label: "Epochs",
        kind: ControlKind::Integer {
            min: EPOCH_RANGE.0,
            max: EPOCH_RANGE.1,
        },
        help: "How many epochs of full-batch gradient descent are computed (step through them with the player)",
        group: "Training",
        example: "400",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: SEED_RANGE.0,
            max: SEED_RANGE.1,
        },
        help: "The seed of the 64 random inputs and the targets' noise",
        group: "Training",
        example: "2",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "{format}.loss",
        help: "½·mean(r²) of the format's weights at the epoch shown (f64, f32, bf16, f16), evaluated exactly",
    },
    ReadoutSpec {
        name: "{format}.flushed",
        help: "The fraction of per-example gradient terms (δᵢ and δᵢ·xᵢⱼ) that the format rounded to zero although their exact value is not: flushed by underflow",
    },
    ReadoutSpec {
        name: "{format}.lost-updates",
        help: "The fraction of the four parameters whose update η·g was not zero but left the weight unchanged: smaller than half its ulp",
    },
    ReadoutSpec {
        name: "{format}.loss-scale",
        help: "The loss scale S used in this epoch's backward pass (1 for the float64 reference)",
    },
    ReadoutSpec {
        name: "{format}.skipped-steps",
        help: "Updates skipped so far because the scaled gradient overflowed to infinity",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "loss",
        title: "Training loss in each format",
        alt: "The loss against the epoch on a log axis, one curve per format: float64 (the reference), float32, bfloat16 and float16. Click or use the arrow keys to choose the epoch shown.",
        aspect_ratio: 0.62,
        interactive: true,
    },
    PlotSpec {
        id: "gradients",
        title: "Gradient magnitudes against float16's range",
        alt: "A histogram of log₁₀ of the magnitudes of the per-example gradient terms at the epoch shown, without and with the loss scale, with float16's smallest subnormal, smallest normal and largest finite number as vertical lines and the range that flushes to zero shaded.",
        aspect_ratio: 0.62,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "mixed-precision",
    title: "Mixed-precision training: float16, bfloat16 and loss scaling",
    chapter: Chapter::NumericalComputing,
    summary: "The same small model trained in float64, float32, bfloat16 and float16 with every operation rounded: float16's gradients underflow until the loss is scaled, bfloat16's updates vanish until the weights are kept in float32.",
    explanation: r#"Large networks train in 16-bit formats because they halve the memory and the data moved, and accelerators multiply 16-bit numbers many times faster than 32-bit ones. The formats are drawn bit by bit in `#/floating-point` (*Floating-point numbers, from float64 to fp8*): float16 keeps 11 significant bits but only reaches down to $2^{-24} \approx 6 \cdot 10^{-8}$, bfloat16 keeps float32's range (down to $10^{-38}$ and beyond) with only 8 significant bits.

Here one small model, linear regression $\hat y = w \cdot x + b$ on 64 seeded points, is trained four times by gradient descent on $L = \frac{1}{N}\sum_i \tfrac12 r_i^2$ with $r_i = \hat y_i - y_i$. Every multiply, add and subtract of the forward pass, the backward pass and the update is rounded to the format, exactly as the hardware rounds (to nearest, ties to even); float64 is the reference. The gradient is a sum of per-example terms $\delta_i x_{ij}$ with $\delta_i = r_i / N$, and the targets are small (size $10^{-4}$ by default, like the signals deep inside a network), so many terms are far below $10^{-5}$.

Two things go wrong, differently:

- **float16 underflows.** A term below half of $2^{-24}$ becomes 0 (*flushed to zero*), and below $2^{-14} \approx 6.1 \cdot 10^{-5}$ it keeps fewer bits. The gradient loses its small parts and training stalls. **Loss scaling** is the fix: multiply the loss by $S$ before the backward pass, so every term is $S$ times larger and lands in float16's range, then divide the gradient by $S$ in float32 before the update, $g = \frac{1}{S}\nabla(S \cdot L)$. With $S$ a power of two the scaling is exact. Dynamic loss scaling finds $S$ by itself: it halves $S$ and skips the step when a gradient overflows to infinity, and doubles it after 20 good steps.
- **bfloat16 stagnates.** Its range is ample, but with 8 significant bits neighbouring numbers are $2^{-8}$ to $2^{-7}$ of $|w|$ apart, so an update $\eta g$ smaller than half that gap is rounded away: $w - \eta g = w$ (the readout *Updates lost* counts them). The fix is an **f32 master copy** of the weights: the update is applied in float32, and the forward pass uses the master rounded to bfloat16.

The loss curves show each format's loss (computed exactly from the weights it reached) on a log scale; the histogram shows the gradient terms of the reference run at the epoch shown, before and after multiplying by $S$, against float16's smallest subnormal, smallest normal and largest number (float32's and bfloat16's limits, about $10^{-45}$ and $3 \cdot 10^{38}$, lie far off both ends).

Try: switch on *f32 master weights* and watch bfloat16 come most of the way down (what remains is its copy's rounding of the weights); then raise the loss scale to 1024 and watch float16 recover as the histogram's scaled bars move out of the shaded zone. Set the target size to 1 and the loss scale to 65536: the scaled gradient now overflows and every step is skipped, until *dynamic loss scaling* brings $S$ down."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(MixedPrecision::default()),
};

/// The trained formats besides the f64 reference, in the order the page lists them.
pub const TRAINED_FORMATS: [Format; 3] = [F32, BF16, F16];

/// The state of the mixed-precision demo.
#[derive(Clone, Debug)]
pub struct MixedPrecision {
    /// Which of [`TRAINED_FORMATS`] are drawn and listed (f32, bf16, f16).
    shown: [bool; 3],
    /// The loss scale S (the starting scale with dynamic scaling).
    loss_scale: f64,
    dynamic_scaling: bool,
    master_weights: bool,
    learning_rate: f64,
    /// The size of the targets (and so of the gradients).
    target_size: f64,
    epochs: usize,
    seed: u64,
    /// The epoch shown.
    playhead: Playhead,
    /// The data set for the current seed and size.
    data: Dataset,
    /// The f64 reference run.
    reference: Run,
    /// The runs in [`TRAINED_FORMATS`], in order.
    runs: Vec<Run>,
}

impl Default for MixedPrecision {
    fn default() -> Self {
        let mut demo = Self {
            shown: [true; 3],
            loss_scale: 1.0,
            dynamic_scaling: false,
            master_weights: false,
            learning_rate: 0.5,
            target_size: 1e-4,
            epochs: 200,
            seed: 1,
            playhead: Playhead::default(),
            data: Dataset {
                inputs: Vec::new(),
                targets: Vec::new(),
            },
            reference: Run {
                records: Vec::new(),
                weights: Vec::new(),
            },
            runs: Vec::new(),
        };
        demo.retrain();
        demo.playhead = Playhead::at_end(demo.epochs);
        demo
    }
}

/// The name a reader knows a format by, short: "float16".
pub fn format_label(format: &Format) -> &'static str {
    match format.id {
        "f64" => "float64",
        "f32" => "float32",
        "bf16" => "bfloat16",
        _ => "float16",
    }
}

impl MixedPrecision {
    /// Regenerates the data and trains every run; the epoch shown stays (clamped).
    fn retrain(&mut self) {
        self.data = synthetic_dataset(self.seed, self.target_size);
        self.reference = train(
            &self.data,
            &TrainingConfig::reference(self.learning_rate, self.epochs),
        );
        self.runs = TRAINED_FORMATS
            .iter()
            .map(|format| {
                train(
                    &self.data,
                    &TrainingConfig {
                        format: *format,
                        learning_rate: self.learning_rate,
                        loss_scale: self.loss_scale,
                        dynamic_scaling: self.dynamic_scaling,
                        master_weights: self.master_weights,
                        epochs: self.epochs,
                    },
                )
            })
            .collect();
        self.playhead.set_last(self.epochs);
    }

    /// The epoch shown, within the runs.
    pub fn epoch(&self) -> usize {
        self.playhead.shown.min(self.epochs)
    }

    /// The runs drawn: the reference first, then the shown formats, with their formats.
    pub fn visible_runs(&self) -> Vec<(Format, &Run)> {
        let mut runs = vec![(F64, &self.reference)];
        for (index, format) in TRAINED_FORMATS.iter().enumerate() {
            if self.shown[index] {
                runs.push((*format, &self.runs[index]));
            }
        }
        runs
    }

    /// The run of a trained format.
    pub fn run_of(&self, format: &Format) -> Option<&Run> {
        if *format == F64 {
            return Some(&self.reference);
        }
        let index = TRAINED_FORMATS.iter().position(|f| f == format)?;
        self.runs.get(index)
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    pub fn epochs(&self) -> usize {
        self.epochs
    }

    /// The loss scale float16 uses at the epoch shown (the histogram's S).
    pub fn shown_loss_scale(&self) -> f64 {
        self.run_of(&F16)
            .and_then(|run| run.records.get(self.epoch()))
            .map_or(self.loss_scale, |record| record.loss_scale)
    }

    fn toggle_index(key: &str) -> Option<usize> {
        match key {
            "f32" => Some(0),
            "bf16" => Some(1),
            "f16" => Some(2),
            _ => None,
        }
    }
}

/// A number readout that reads "undefined" when it is not finite.
fn number_or_undefined(value: f64) -> ReadoutValue {
    if value.is_finite() {
        ReadoutValue::Number(value)
    } else {
        ReadoutValue::Text("undefined".to_owned())
    }
}

impl Demo for MixedPrecision {
    fn param(&self, key: &str) -> Option<String> {
        if let Some(index) = Self::toggle_index(key) {
            return Some(format_toggle(self.shown[index]));
        }
        Some(match key {
            "scale" => format_param_number(self.loss_scale),
            "dynamic" => format_toggle(self.dynamic_scaling),
            "master" => format_toggle(self.master_weights),
            "lr" => format_param_number(self.learning_rate),
            "size" => format_param_number(self.target_size),
            "epochs" => self.epochs.to_string(),
            "seed" => self.seed.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        if let Some(index) = Self::toggle_index(key) {
            // Showing or hiding a run changes no computation.
            self.shown[index] = parse_toggle(value)?;
            return Ok(());
        }
        match key {
            "scale" => {
                self.loss_scale = parse_number(value, LOSS_SCALE_RANGE.0, LOSS_SCALE_RANGE.1)?
            }
            "dynamic" => self.dynamic_scaling = parse_toggle(value)?,
            "master" => self.master_weights = parse_toggle(value)?,
            "lr" => {
                self.learning_rate =
                    parse_number(value, LEARNING_RATE_RANGE.0, LEARNING_RATE_RANGE.1)?
            }
            "size" => {
                self.target_size = parse_number(value, TARGET_SIZE_RANGE.0, TARGET_SIZE_RANGE.1)?
            }
            "epochs" => self.epochs = parse_integer(value, EPOCH_RANGE.0, EPOCH_RANGE.1)? as usize,
            "seed" => self.seed = parse_integer(value, SEED_RANGE.0, SEED_RANGE.1)? as u64,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.retrain();
        Ok(())
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "scale" if self.loss_scale.log2().fract() != 0.0 => Some(
                "Not a power of two: scaling and unscaling each round the gradient once more."
                    .to_owned(),
            ),
            "master" => {
                Some("Applies to bfloat16 and float16 (float32 is its own master copy).".to_owned())
            }
            _ => None,
        }
    }

    fn is_control_active(&self, key: &str) -> bool {
        // Master weights change only the 16-bit runs.
        key != "master" || self.shown[1] || self.shown[2]
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.epochs
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn advance_frame(&mut self) -> bool {
        // About two and a half seconds for a whole run, whatever its length.
        self.playhead.advance(self.epochs.div_ceil(150))
    }

    fn readouts(&self) -> Vec<Readout> {
        let epoch = self.epoch();
        let mut readouts = Vec::new();
        for (format, run) in self.visible_runs() {
            let Some(record) = run.records.get(epoch) else {
                continue;
            };
            let group = format_label(&format).to_owned();
            let mut push = |name: &str, label: &str, value: ReadoutValue| {
                readouts.push(Readout {
                    name: format!("{}.{name}", format.id),
                    label: label.to_owned(),
                    value,
                    group: group.clone(),
                });
            };
            push("loss", "Loss", number_or_undefined(record.loss));
            push(
                "flushed",
                "Flushed to zero",
                ReadoutValue::Number(record.flushed_fraction),
            );
            push(
                "lost-updates",
                "Updates lost",
                ReadoutValue::Number(record.lost_fraction),
            );
            push(
                "loss-scale",
                "Loss scale",
                ReadoutValue::Number(record.loss_scale),
            );
            push(
                "skipped-steps",
                "Skipped steps",
                ReadoutValue::Integer(run.skipped_until(epoch) as i64),
            );
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        for (format, run) in self.visible_runs() {
            let skipped = run.skipped_until(self.epochs);
            if skipped > 0 {
                notices.push(Notice {
                    level: NoticeLevel::Info,
                    text: format!(
                        "{}: the scaled gradient overflowed to infinity in {skipped} of {} epochs; those updates were skipped{}.",
                        format_label(&format),
                        self.epochs + 1,
                        if self.dynamic_scaling {
                            " and the loss scale halved"
                        } else {
                            " (dynamic loss scaling would lower the scale)"
                        }
                    ),
                });
            }
            if run.records.iter().any(|r| !r.loss.is_finite()) {
                notices.push(Notice {
                    level: NoticeLevel::Warning,
                    text: format!(
                        "{}: the weights overflowed; the loss reads “undefined” from there.",
                        format_label(&format)
                    ),
                });
            }
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || input.phase == PointerPhase::Up {
            return false;
        }
        let epoch = drawing::epoch_at(input.x, input.css_width, self.epochs);
        if epoch == self.playhead.shown {
            return false;
        }
        self.playhead.go_to(epoch);
        true
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let big = self.epochs.div_ceil(20);
        let shown = self.playhead.shown;
        let target = match key {
            "ArrowLeft" => shown.saturating_sub(1),
            "ArrowRight" => shown + 1,
            "Shift+ArrowLeft" | "PageDown" => shown.saturating_sub(big),
            "Shift+ArrowRight" | "PageUp" => shown + big,
            "Home" => 0,
            "End" => self.epochs,
            _ => return false,
        };
        self.playhead.go_to(target);
        true
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        match plot {
            0 => Some(data::loss_table(self)),
            1 => Some(data::gradient_table(self)),
            _ => None,
        }
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(data::loss_description(self)),
            1 => Some(data::gradient_description(self)),
            _ => None,
        }
    }
}
