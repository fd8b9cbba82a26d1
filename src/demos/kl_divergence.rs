//! KL divergence and cross-entropy (article 000's Kullback–Leibler formula): two Gaussians
//! with KL in both directions in closed form, the integrand p·ln(p/q) shaded, and a seeded
//! Monte Carlo estimate converging as the playhead advances; then two discrete distributions
//! with draggable bars, their entropies, cross-entropies and KL stacked as bars, in nats or bits.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{fill_style, line_style, text_style, themed_chart};
use super::legend::{Corner, chart_pixels, draw_legend_clear_of, top_with_legend_room};
use super::params::{
    format_param_number, parse_choice, parse_integer, parse_number, round_significant,
};
use super::playhead::Playhead;
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, ExportSpec, Frame,
    Layer, Notice, NoticeLevel, PlotSpec, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error, format_number,
};
use crate::demos::drawing::ThemedMesh;
use crate::math::information::{
    Gaussian, MonteCarloEstimate, cross_entropy, entropy, gaussian_entropy, gaussian_kl,
    gaussian_kl_integrand, kl_divergence, normalize, one_hot_index, running_estimates,
    sample_log_ratios,
};
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

/// Frames of the Monte Carlo animation: frame k uses N^(k/STEPS) samples (a log schedule, so
/// the early wild estimates and the late slow convergence both get screen time).
const STEPS: usize = 120;
const MIN_SAMPLES: i64 = 10;
const MAX_SAMPLES: i64 = 200_000;
const MIN_CATEGORIES: usize = 2;
const MAX_CATEGORIES: usize = 10;
/// Arrow keys change the selected bar's probability by this much.
const KEY_STEP: f64 = 0.01;

const DIRECTIONS: &[(&str, &str)] = &[
    // Short enough for a phone-wide select; the help says what each shades and samples.
    ("pq", "KL(P‖Q), samples from P"),
    ("qp", "KL(Q‖P), samples from Q"),
];
const UNITS: &[(&str, &str)] = &[("nats", "nats (ln)"), ("bits", "bits (log₂)")];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "mu1",
        aliases: &[],
        label: "Mean μ₁ of P",
        kind: ControlKind::Slider {
            min: -3.0,
            max: 3.0,
            step: 0.05,
            log: false,
        },
        help: "The mean of P = N(μ₁, σ₁²)",
        group: "Gaussians P and Q",
        example: "1.5",
    },
    ControlSpec {
        key: "sigma1",
        aliases: &[],
        label: "Std dev σ₁ of P",
        kind: ControlKind::Slider {
            min: 0.2,
            max: 3.0,
            step: 0.05,
            log: false,
        },
        help: "The standard deviation of P = N(μ₁, σ₁²)",
        group: "Gaussians P and Q",
        example: "0.5",
    },
    ControlSpec {
        key: "mu2",
        aliases: &[],
        label: "Mean μ₂ of Q",
        kind: ControlKind::Slider {
            min: -3.0,
            max: 3.0,
            step: 0.05,
            log: false,
        },
        help: "The mean of Q = N(μ₂, σ₂²)",
        group: "Gaussians P and Q",
        example: "-1",
    },
    ControlSpec {
        key: "sigma2",
        aliases: &[],
        label: "Std dev σ₂ of Q",
        kind: ControlKind::Slider {
            min: 0.2,
            max: 3.0,
            step: 0.05,
            log: false,
        },
        help: "The standard deviation of Q = N(μ₂, σ₂²)",
        group: "Gaussians P and Q",
        example: "1",
    },
    ControlSpec {
        key: "direction",
        aliases: &[],
        label: "Direction",
        kind: ControlKind::Select {
            options: DIRECTIONS,
        },
        help: "Which KL the shaded integrand and the Monte Carlo estimate show: KL(P‖Q) shades p·ln(p/q) and averages ln(p/q) over samples from P, KL(Q‖P) shades q·ln(q/p) and averages ln(q/p) over samples from Q",
        group: "Gaussians P and Q",
        example: "qp",
    },
    ControlSpec {
        key: "samples",
        aliases: &[],
        label: "Monte Carlo samples N",
        kind: ControlKind::Integer {
            min: MIN_SAMPLES,
            max: MAX_SAMPLES,
        },
        help: "How many samples the Monte Carlo estimate uses at the end of the animation (10 to 200,000); play to watch it converge",
        group: "Monte Carlo",
        example: "50000",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 999_999,
        },
        help: "The random seed of the Monte Carlo samples: the same seed gives the same numbers",
        group: "Monte Carlo",
        example: "7",
    },
    ControlSpec {
        key: "k",
        aliases: &[],
        label: "Categories k",
        kind: ControlKind::Integer {
            min: MIN_CATEGORIES as i64,
            max: MAX_CATEGORIES as i64,
        },
        help: "The number of categories of the discrete P and Q (2 to 10); new categories get the average weight",
        group: "Discrete P and Q",
        example: "3",
    },
    ControlSpec {
        key: "p",
        aliases: &[],
        label: "Weights of P",
        kind: ControlKind::Text {
            placeholder: "0.5,0.25,0.125,0.125",
        },
        help: "k non-negative weights separated by commas, scaled to sum to 1 (their count sets k); drag a bar or use the keyboard on the plot",
        group: "Discrete P and Q",
        example: "0.7,0.1,0.1,0.1",
    },
    ControlSpec {
        key: "q",
        aliases: &[],
        label: "Weights of Q",
        kind: ControlKind::Text {
            placeholder: "0.25,0.25,0.25,0.25",
        },
        help: "k non-negative weights separated by commas, scaled to sum to 1 (their count sets k); a 0 where P is positive makes KL(P‖Q) infinite",
        group: "Discrete P and Q",
        example: "0.1,0.2,0.3,0.4",
    },
    ControlSpec {
        key: "unit",
        aliases: &[],
        label: "Unit",
        kind: ControlKind::Select { options: UNITS },
        help: "Natural logarithms (nats, what PyTorch's losses use) or base-2 logarithms (bits); 1 bit = ln 2 ≈ 0.693 nats",
        group: "Units",
        example: "bits",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "gauss-entropy-{which}",
        help: "The differential entropy ½ ln(2πeσ²) of the Gaussian P or Q (it can be negative: densities are not probabilities)",
    },
    ReadoutSpec {
        name: "gauss-cross-entropy-{pair}",
        help: "The cross-entropy of the Gaussians, H(P, Q) = H(P) + KL(P‖Q) (pq) or H(Q, P) (qp)",
    },
    ReadoutSpec {
        name: "kl-pq",
        help: "KL(P‖Q) of the two Gaussians in closed form",
    },
    ReadoutSpec {
        name: "kl-qp",
        help: "KL(Q‖P) of the two Gaussians in closed form (different from KL(P‖Q) unless σ₁ = σ₂)",
    },
    ReadoutSpec {
        name: "entropy-{which}",
        help: "H(P) = −Σ pᵢ log pᵢ (p) or H(Q) (q) of the discrete distributions",
    },
    ReadoutSpec {
        name: "cross-entropy-{pair}",
        help: "H(P, Q) = −Σ pᵢ log qᵢ = H(P) + KL(P‖Q) (pq) or H(Q, P) (qp) of the discrete distributions, or “∞” when a zero probability meets a positive one",
    },
    ReadoutSpec {
        name: "kl-discrete-{pair}",
        help: "KL(P‖Q) = Σ pᵢ log(pᵢ/qᵢ) (pq) or KL(Q‖P) (qp) of the discrete distributions, or “∞”",
    },
    ReadoutSpec {
        name: "mc-samples",
        help: "The number of samples the Monte Carlo estimate has used at this frame",
    },
    ReadoutSpec {
        name: "mc-estimate",
        help: "The Monte Carlo estimate of the chosen direction's KL: the mean of ln(p/q) over samples from P (or of ln(q/p) over samples from Q)",
    },
    ReadoutSpec {
        name: "mc-standard-error",
        help: "The estimate's standard error s/√n, or “undefined (n < 2)”",
    },
    ReadoutSpec {
        name: "mc-error",
        help: "Estimate minus the exact value, in standard errors (about 95% of seeds land within ±2)",
    },
    ReadoutSpec {
        name: "one-hot-loss",
        help: "When P is one-hot at class y: the classification loss −log q_y (equal to H(P, Q)); otherwise says P is not one-hot",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "densities",
        title: "Densities p and q, and the KL integrand",
        alt: "The densities of P and Q and, shaded, the integrand p·ln(p/q) (or q·ln(q/p)) whose area is the KL divergence; it is negative where the other density is larger.",
        aspect_ratio: 0.6,
        interactive: false,
    },
    PlotSpec {
        id: "monte-carlo",
        title: "Monte Carlo estimate against the number of samples",
        alt: "The running Monte Carlo estimate of the KL divergence against the number of samples on a log scale, with a band of ±2 standard errors, converging to the exact value drawn as a dashed line.",
        aspect_ratio: 0.55,
        interactive: false,
    },
    PlotSpec {
        id: "discrete",
        title: "Discrete P and Q (drag the bars)",
        alt: "Two bars per category: P's probability on the left, Q's on the right. Drag a bar to change it (the others rescale to keep the sum 1); with the plot focused, left and right arrows select a bar and up and down change it by 0.01.",
        aspect_ratio: 0.6,
        interactive: true,
    },
    PlotSpec {
        id: "information",
        title: "Entropy, cross-entropy and KL, stacked",
        alt: "Bars for H(P), H(P, Q) drawn as H(P) plus KL(P‖Q) stacked on it, H(Q), and H(Q, P) as H(Q) plus KL(Q‖P); an infinite value is drawn as an arrow off the top with ∞.",
        aspect_ratio: 0.55,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "kl-divergence",
    title: "KL divergence and cross-entropy",
    chapter: Chapter::ProbabilityStatistics,
    summary: "The Kullback–Leibler divergence, seen: two Gaussians with KL in both directions and a Monte Carlo estimate converging to it; discrete distributions with draggable bars, entropy and cross-entropy = entropy + KL, in nats or bits.",
    explanation: r#"*Mathematics for ML and DL* shows the Kullback–Leibler divergence as a picture of its formula and calls it a measure of "similarity between two probability distributions" (and spells Leibler "Liebler"). It prints no numbers to check, but the word needs one correction: KL is a divergence, not a similarity or a distance. It is 0 exactly when the distributions are equal and positive otherwise, but it is not symmetric, $\mathrm{KL}(P\|Q) \ne \mathrm{KL}(Q\|P)$ in general, and it breaks the triangle inequality.

For densities $p$ and $q$ it is the average, over samples from $P$, of the log-ratio:

$$\mathrm{KL}(P\|Q) = \int p(x)\,\ln\frac{p(x)}{q(x)}\,dx = \mathbb{E}_{x\sim P}\left[\ln p(x) - \ln q(x)\right]$$

The shaded curve is the integrand $p\ln(p/q)$: negative where $q > p$, positive where $p > q$, and its total area is never negative (Gibbs' inequality). For two Gaussians $P = \mathcal N(\mu_1, \sigma_1^2)$ and $Q = \mathcal N(\mu_2, \sigma_2^2)$ it has a closed form:

$$\mathrm{KL}(P\|Q) = \ln\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2} - \frac12$$

With the defaults, $P = \mathcal N(0, 1)$ and $Q = \mathcal N(1, 2^2)$: $\mathrm{KL}(P\|Q) = \ln 2 + 2/8 - 1/2 \approx 0.443$ nats but $\mathrm{KL}(Q\|P) = -\ln 2 + 5/2 - 1/2 \approx 1.307$. $\mathrm{KL}(P\|Q)$ is small when $Q$ covers everywhere $P$ goes (a wide $Q$ is cheap); the reverse punishes $Q$ for putting mass where $P$ has almost none. That asymmetry is why fitting $Q$ by minimising $\mathrm{KL}(P\|Q)$ spreads $Q$ over all of $P$ ("mean-seeking", maximum likelihood) while minimising $\mathrm{KL}(Q\|P)$ locks onto one mode (variational inference).

The expectation form gives a Monte Carlo estimate: draw $x_1, \dots, x_n \sim P$ and average $\ln p(x_i) - \ln q(x_i)$. Its standard error is $s/\sqrt n$ with $s$ the sample standard deviation of the log-ratios, so a hundred times the samples buys one more digit. Press play: the estimate wanders early and settles into the $\pm 2$ standard error band around the exact value (dashed).

For discrete distributions over $k$ categories the integral becomes a sum, and two more quantities appear: the entropy $H(P)$, the average surprise $-\log p_i$ of outcomes from $P$, and the cross-entropy $H(P, Q)$, the average surprise when outcomes come from $P$ but are coded as if they came from $Q$:

$$H(P) = -\sum_i p_i \log p_i, \qquad H(P, Q) = -\sum_i p_i \log q_i = H(P) + \mathrm{KL}(P\|Q)$$

So KL is the extra cost of using the wrong distribution, drawn stacked on top of $H(P)$. The default $P = (\tfrac12, \tfrac14, \tfrac18, \tfrac18)$ against the uniform $Q$ is the textbook case: in bits $H(P) = 1.75$, $H(P, Q) = 2$, $\mathrm{KL} = 0.25$. Terms with $p_i = 0$ contribute nothing ($0 \log 0 = 0$, the limit), but $q_i = 0 < p_i$ makes $\ln(p_i/q_i)$ infinite: $\mathrm{KL}(P\|Q) = \infty$, shown as text, never NaN. Drag a $Q$ bar to 0 to see it.

This is the classification loss. With a one-hot target $P$ (all mass on the true class $y$), $H(P) = 0$ and the cross-entropy is just $-\log q_y$, the negative log-probability the model gives the right class; minimising it over $Q$ minimises $\mathrm{KL}(P\|Q)$. Drag one $P$ bar to the top to make $P$ one-hot. Nats use $\ln$ (PyTorch's losses), bits use $\log_2$; one bit is $\ln 2 \approx 0.693$ nats."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[ExportSpec {
        key: "monte-carlo",
        label: "Monte Carlo estimates (CSV)",
        file_name: "kl-monte-carlo.csv",
        mime: "text/csv",
    }],
    imports: &[],
    create: || Box::new(KlDivergence::default()),
};

/// The state of the KL divergence demo.
#[derive(Clone, Debug)]
pub struct KlDivergence {
    /// P = N(μ₁, σ₁²).
    p: Gaussian,
    /// Q = N(μ₂, σ₂²).
    q: Gaussian,
    /// True: KL(Q‖P) (sample from Q); false: KL(P‖Q).
    reversed: bool,
    /// N, the samples at the end of the animation.
    samples: usize,
    seed: u64,
    /// Weights of the discrete P as typed or dragged (scaled to sum 1 when used).
    p_weights: Vec<f64>,
    /// Weights of the discrete Q.
    q_weights: Vec<f64>,
    /// Show information in bits instead of nats.
    bits: bool,
    /// The Monte Carlo estimate at every frame 0..=STEPS.
    estimates: Vec<MonteCarloEstimate>,
    playhead: Playhead,
    /// The bar arrow keys move: 2i is P's bar of category i, 2i + 1 Q's.
    selected_bar: usize,
    /// The bar being dragged, between pointer down and up.
    dragging: Option<usize>,
}

impl Default for KlDivergence {
    fn default() -> Self {
        let mut demo = Self {
            p: Gaussian::new(0.0, 1.0),
            q: Gaussian::new(1.0, 2.0),
            reversed: false,
            samples: 2000,
            seed: 1,
            p_weights: vec![0.5, 0.25, 0.125, 0.125],
            q_weights: vec![0.25; 4],
            bits: false,
            estimates: Vec::new(),
            playhead: Playhead::at_end(STEPS),
            selected_bar: 0,
            dragging: None,
        };
        demo.resample();
        demo
    }
}

/// The top of the discrete plot's probability axis: 1 plus room for the value labels and
/// the legend (shared by drawing and pointer input).
fn discrete_top(frame: &Frame) -> f64 {
    top_with_legend_room(0.0, 1.06, 2, frame)
}

/// The number of samples at animation frame `step`: N^(step/STEPS), 0 at frame 0.
fn samples_at(step: usize, total: usize) -> usize {
    if step == 0 {
        return 0;
    }
    let fraction = step as f64 / STEPS as f64;
    ((total as f64).powf(fraction).round() as usize).clamp(1, total)
}

fn format_weights(weights: &[f64]) -> String {
    weights
        .iter()
        .map(|w| format_param_number(*w))
        .collect::<Vec<_>>()
        .join(",")
}

/// Parses "w1,w2,…": 2 to 10 non-negative finite numbers, not all zero.
fn parse_weights(value: &str) -> Result<Vec<f64>, String> {
    let expected = "expected 2 to 10 non-negative weights separated by commas, not all 0";
    let weights = value
        .split(',')
        .map(|part| parse_number(part, 0.0, 1e6))
        .collect::<Result<Vec<f64>, String>>()
        .map_err(|e| format!("{e}; {expected}"))?;
    if !(MIN_CATEGORIES..=MAX_CATEGORIES).contains(&weights.len()) {
        return Err(format!("{} weights given; {expected}", weights.len()));
    }
    if normalize(&weights).is_none() {
        return Err(format!("all weights are 0; {expected}"));
    }
    Ok(weights)
}

/// Shortens `weights` or pads it with their average to `count` entries.
fn resize_weights(weights: &mut Vec<f64>, count: usize) {
    let average = weights.iter().sum::<f64>() / weights.len().max(1) as f64;
    let fill = if average > 0.0 { round3(average) } else { 1.0 };
    weights.resize(count, fill.max(0.001));
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Sets entry `index` of a probability vector to `target`, rescaling the others so the sum
/// stays 1 (sharing equally when they were all 0), then rounds to the weights' 3 decimals.
fn set_probability(weights: &[f64], index: usize, target: f64) -> Option<Vec<f64>> {
    let probabilities = normalize(weights)?;
    let target = target.clamp(0.0, 1.0);
    let rest: f64 = 1.0 - probabilities.get(index)?;
    let others = probabilities.len() as f64 - 1.0;
    let updated: Vec<f64> = probabilities
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == index {
                target
            } else if rest > 1e-12 {
                p * (1.0 - target) / rest
            } else {
                (1.0 - target) / others
            }
        })
        .map(round3)
        .collect();
    normalize(&updated).map(|_| updated)
}

impl KlDivergence {
    fn direction(&self) -> (Gaussian, Gaussian) {
        if self.reversed {
            (self.q, self.p)
        } else {
            (self.p, self.q)
        }
    }

    /// Draws the N samples and the estimate at every frame (done when a parameter changes,
    /// never per frame: 200,000 samples take a few milliseconds).
    fn resample(&mut self) {
        let (from, to) = self.direction();
        let ratios = sample_log_ratios(from, to, self.seed, self.samples);
        let checkpoints: Vec<usize> = (0..=STEPS).map(|s| samples_at(s, self.samples)).collect();
        self.estimates = running_estimates(&ratios, &checkpoints);
    }

    /// Divides nats by ln 2 when showing bits.
    fn in_unit(&self, nats: f64) -> f64 {
        if self.bits {
            nats / std::f64::consts::LN_2
        } else {
            nats
        }
    }

    fn unit_name(&self) -> &'static str {
        if self.bits { "bits" } else { "nats" }
    }

    fn probabilities(&self) -> (Vec<f64>, Vec<f64>) {
        (
            normalize(&self.p_weights).unwrap_or_default(),
            normalize(&self.q_weights).unwrap_or_default(),
        )
    }

    fn categories(&self) -> usize {
        self.p_weights.len()
    }

    fn current_estimate(&self) -> Option<&MonteCarloEstimate> {
        self.estimates.get(self.playhead.shown)
    }

    fn exact_kl(&self) -> f64 {
        let (from, to) = self.direction();
        gaussian_kl(from, to)
    }

    /// The discrete plot's transform in the frame's pixels: exactly `themed_chart`'s plotting
    /// area, so pointer input lands on the bars drawn.
    fn discrete_viewport(&self, frame: &Frame) -> Viewport {
        let (left, top) = (frame.px(10.0 + 52.0), frame.px(10.0));
        Viewport {
            x_range: (-0.5, self.categories() as f64 - 0.5),
            y_range: (0.0, discrete_top(frame)),
            left,
            top,
            width: (frame.geometry.pixel_width() as f64 - left - frame.px(22.0)).max(1.0),
            height: (frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0)).max(1.0),
        }
    }

    /// Sets bar `bar` (2i for P's category i, 2i + 1 for Q's) to probability `target`.
    fn set_bar(&mut self, bar: usize, target: f64) -> bool {
        let index = bar / 2;
        let weights = if bar.is_multiple_of(2) {
            &mut self.p_weights
        } else {
            &mut self.q_weights
        };
        match set_probability(weights, index, target) {
            Some(updated) if updated != *weights => {
                *weights = updated;
                true
            }
            _ => false,
        }
    }

    /// A value in the chosen unit, or “∞” (the notice says which zero caused it: the table
    /// has no room for the reason).
    fn information_text(&self, nats: f64) -> ReadoutValue {
        if nats.is_finite() {
            ReadoutValue::Number(self.in_unit(nats))
        } else {
            ReadoutValue::Text("∞".to_owned())
        }
    }

    fn draw_densities<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let (from, to) = self.direction();
        let x0 = (self.p.mean - 4.0 * self.p.std_dev).min(self.q.mean - 4.0 * self.q.std_dev);
        let x1 = (self.p.mean + 4.0 * self.p.std_dev).max(self.q.mean + 4.0 * self.q.std_dev);
        let count = 400;
        let xs: Vec<f64> = (0..=count)
            .map(|i| x0 + (x1 - x0) * i as f64 / count as f64)
            .collect();
        let density_p: Vec<(f64, f64)> = xs.iter().map(|x| (*x, self.p.density(*x))).collect();
        let density_q: Vec<(f64, f64)> = xs.iter().map(|x| (*x, self.q.density(*x))).collect();
        let integrand: Vec<(f64, f64)> = xs
            .iter()
            .map(|x| (*x, self.in_unit(gaussian_kl_integrand(from, to, *x))))
            .collect();
        let density_max = density_p
            .iter()
            .chain(&density_q)
            .fold(0.0_f64, |h, (_, y)| h.max(*y));
        let (integrand_low, integrand_high) = integrand
            .iter()
            .fold((0.0_f64, 0.0_f64), |(l, h), (_, y)| (l.min(*y), h.max(*y)));
        // Far-apart narrow Gaussians make p·ln(p/q) hundreds of times taller than the
        // densities; the window stops at three times the densities and the integrand is
        // clipped (and says so) rather than flattening both curves to the axis.
        let high = density_max.max(integrand_high.min(3.0 * density_max));
        let low = integrand_low.max(-density_max);
        let clipped = integrand_high > high || integrand_low < low;
        let integrand: Vec<(f64, f64)> = integrand
            .into_iter()
            .map(|(x, y)| (x, y.clamp(low, high)))
            .collect();
        let span = (high - low).max(1e-9);
        let mut chart = themed_chart(
            area,
            frame,
            x0..x1,
            (low - 0.05 * span)
                ..top_with_legend_room(low - 0.05 * span, high + 0.03 * span, 3, frame),
            "x",
            "density",
        )?;
        let shade = SERIES_COLOURS[2];
        chart
            .draw_series(std::iter::once(Polygon::new(
                integrand
                    .iter()
                    .copied()
                    .chain([(x1, 0.0), (x0, 0.0)])
                    .collect::<Vec<_>>(),
                rgb(shade).mix(0.3).filled(),
            )))
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                integrand.iter().copied(),
                line_style(shade, frame, 1.5),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                [(x0, 0.0), (x1, 0.0)],
                line_style(theme.axis, frame, 1.0),
            ))
            .map_err(draw_error)?;
        for (series, colour) in [
            (&density_p, SERIES_COLOURS[0]),
            (&density_q, SERIES_COLOURS[1]),
        ] {
            chart
                .draw_series(LineSeries::new(
                    series.iter().copied(),
                    line_style(colour, frame, 2.5),
                ))
                .map_err(draw_error)?;
        }
        let integrand_name = if self.reversed {
            "q·ln(q/p)"
        } else {
            "p·ln(p/q)"
        };
        let kl_name = if self.reversed {
            "KL(Q‖P)"
        } else {
            "KL(P‖Q)"
        };
        let legend = [
            (SERIES_COLOURS[0], "p = N(μ₁, σ₁²)".to_owned()),
            (SERIES_COLOURS[1], "q = N(μ₂, σ₂²)".to_owned()),
            (
                shade,
                format!(
                    "{integrand_name}{}: area {kl_name} = {} {}",
                    if clipped { " (clipped)" } else { "" },
                    format_number(self.in_unit(self.exact_kl())),
                    self.unit_name()
                ),
            ),
        ];
        let data = [&density_p, &density_q, &integrand]
            .map(|line| chart_pixels(&chart, line.iter().copied()))
            .to_vec();
        draw_legend_clear_of(area, frame, Corner::TopLeft, &legend, &data).map(|_| ())
    }

    fn draw_monte_carlo<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let exact = self.in_unit(self.exact_kl());
        let shown: Vec<&MonteCarloEstimate> = self.estimates[..=self
            .playhead
            .shown
            .min(self.estimates.len().saturating_sub(1))]
            .iter()
            .filter(|e| e.samples >= 2)
            .collect();
        // The y window: the exact value and the estimates from 10 samples on (the first few
        // single-sample estimates can be far off and would flatten everything else).
        let (mut low, mut high) = (exact, exact);
        for e in self.estimates.iter().filter(|e| e.samples >= 10) {
            let se = e.standard_error.unwrap_or(0.0);
            low = low.min(self.in_unit(e.mean - 2.0 * se));
            high = high.max(self.in_unit(e.mean + 2.0 * se));
        }
        let span = (high - low).max(0.05 * exact.abs().max(0.1));
        let y0 = low - 0.08 * span;
        let data_top = high + 0.05 * span;
        let y1 = top_with_legend_room(y0, data_top, 2, frame);
        let x_max = (self.samples as f64).log10();
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(0.0..x_max, y0..y1)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("samples n (log scale)")
            .y_desc(format!("estimate ({})", self.unit_name()))
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| format_number(10f64.powf(*x).round()))
            .y_label_formatter(&|y| format_number(*y))
            .draw()
            .map_err(draw_error)?;
        // Clamped below the legend: the wild first few estimates must not run under it.
        let clamp = |y: f64| y.clamp(y0, data_top);
        let band: Vec<(f64, f64)> = shown
            .iter()
            .map(|e| {
                let se = e.standard_error.unwrap_or(0.0);
                (
                    (e.samples as f64).log10(),
                    clamp(self.in_unit(e.mean + 2.0 * se)),
                )
            })
            .chain(shown.iter().rev().map(|e| {
                let se = e.standard_error.unwrap_or(0.0);
                (
                    (e.samples as f64).log10(),
                    clamp(self.in_unit(e.mean - 2.0 * se)),
                )
            }))
            .collect();
        let colour = SERIES_COLOURS[0];
        if band.len() >= 4 {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    band,
                    rgb(colour).mix(0.2).filled(),
                )))
                .map_err(draw_error)?;
        }
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, exact), (x_max, exact)],
                frame.px(7.0) as i32,
                frame.px(5.0) as i32,
                line_style(SERIES_COLOURS[1], frame, 2.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                shown
                    .iter()
                    .map(|e| ((e.samples as f64).log10(), clamp(self.in_unit(e.mean)))),
                line_style(colour, frame, 2.0),
            ))
            .map_err(draw_error)?;
        if let Some(last) = shown.last() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (
                        (last.samples as f64).log10(),
                        clamp(self.in_unit(last.mean)),
                    ),
                    frame.px(4.5) as i32,
                    fill_style(colour),
                )))
                .map_err(draw_error)?;
        }
        let kl_name = if self.reversed {
            "KL(Q‖P)"
        } else {
            "KL(P‖Q)"
        };
        let estimate_text = match self.current_estimate() {
            Some(e) if e.samples >= 1 => format!(
                "estimate ± 2 SE (n = {}): {}",
                e.samples,
                format_number(self.in_unit(e.mean))
            ),
            _ => "estimate ± 2 SE: no samples yet (press play)".to_owned(),
        };
        let legend = [
            (colour, estimate_text),
            (
                SERIES_COLOURS[1],
                format!("exact {kl_name} = {}", format_number(exact)),
            ),
        ];
        let data = vec![
            chart_pixels(
                &chart,
                shown
                    .iter()
                    .map(|e| ((e.samples as f64).log10(), clamp(self.in_unit(e.mean)))),
            ),
            chart_pixels(&chart, [(0.0, exact), (x_max, exact)]),
        ];
        draw_legend_clear_of(area, frame, Corner::TopLeft, &legend, &data).map(|_| ())
    }

    fn draw_discrete<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let k = self.categories();
        let (p, q) = self.probabilities();
        let label_for = |x: &f64| {
            let index = x.round();
            if (x - index).abs() < 1e-9 && index >= 0.0 && (index as usize) < k {
                format!("{}", index as usize + 1)
            } else {
                String::new()
            }
        };
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(-0.5..(k as f64 - 0.5), 0.0..discrete_top(frame))
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .disable_x_mesh()
            .x_desc("category i")
            .y_desc("probability")
            .x_labels(2 * k + 1)
            .y_labels(6)
            .x_label_formatter(&label_for)
            .y_label_formatter(&|y| format_number(*y))
            .draw()
            .map_err(draw_error)?;
        // A value label is written over its bar only when it fits in the 0.42 of a category
        // between the centres of the P and Q bars; otherwise neighbouring labels overlap
        // (six categories on a phone). The Data table has the numbers either way.
        let category_px = chart.plotting_area().dim_in_pixel().0 as f64 / k as f64;
        let label_fits = |text: &str| {
            let width = frame.px(10.0) * 0.58 * text.chars().count() as f64 + frame.px(3.0);
            width <= 0.42 * category_px
        };
        for i in 0..k {
            let x = i as f64;
            for (side, (value, colour)) in [(p[i], SERIES_COLOURS[0]), (q[i], SERIES_COLOURS[1])]
                .into_iter()
                .enumerate()
            {
                let (left, right) = if side == 0 {
                    (x - 0.4, x - 0.02)
                } else {
                    (x + 0.02, x + 0.4)
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(left, 0.0), (right, value)],
                        fill_style(colour),
                    )))
                    .map_err(draw_error)?;
                // A zero q under a positive p is what makes KL(P‖Q) infinite: flag it.
                let other = if side == 0 { q[i] } else { p[i] };
                if value == 0.0 && other > 0.0 {
                    chart
                        .draw_series(std::iter::once(Text::new(
                            "0",
                            ((left + right) / 2.0, 0.02),
                            text_style(frame, 12.0, SERIES_COLOURS[1 - side])
                                .pos(Pos::new(HPos::Center, VPos::Bottom)),
                        )))
                        .map_err(draw_error)?;
                }
                if 2 * i + side == self.selected_bar {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(left, 0.0), (right, value.max(0.01))],
                            line_style(theme.text, frame, 2.0),
                        )))
                        .map_err(draw_error)?;
                }
                let label = format_number((value * 1000.0).round() / 1000.0);
                if k <= 6 && value > 0.0 && label_fits(&label) {
                    chart
                        .draw_series(std::iter::once(Text::new(
                            label,
                            ((left + right) / 2.0, value + 0.01),
                            text_style(frame, 10.0, theme.text)
                                .pos(Pos::new(HPos::Center, VPos::Bottom)),
                        )))
                        .map_err(draw_error)?;
                }
            }
        }
        let legend = [
            (SERIES_COLOURS[0], "P (left bars)".to_owned()),
            (SERIES_COLOURS[1], "Q (right bars)".to_owned()),
        ];
        let data: Vec<Vec<(f64, f64)>> = (0..k)
            .flat_map(|i| {
                let x = i as f64;
                [(x - 0.4, x - 0.02, p[i]), (x + 0.02, x + 0.4, q[i])]
            })
            .map(|(left, right, value)| {
                let label_top = value + 0.01 + 0.06 * discrete_top(frame);
                chart_pixels(
                    &chart,
                    [
                        (left, 0.0),
                        (left, label_top),
                        (right, label_top),
                        (right, 0.0),
                    ],
                )
            })
            .collect();
        draw_legend_clear_of(area, frame, Corner::TopRight, &legend, &data).map(|_| ())
    }

    fn draw_information<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let (p, q) = self.probabilities();
        let (h_p, h_q) = (entropy(&p), entropy(&q));
        let (kl_pq, kl_qp) = (kl_divergence(&p, &q), kl_divergence(&q, &p));
        // Bars: (label, base entropy, KL on top).
        let bars = [
            ("H(P)", h_p, None),
            ("H(P,Q)", h_p, Some(kl_pq)),
            ("H(Q)", h_q, None),
            ("H(Q,P)", h_q, Some(kl_qp)),
        ];
        let finite_max = bars
            .iter()
            .map(|(_, h, kl)| h + kl.filter(|v| v.is_finite()).unwrap_or(0.0))
            .fold((self.categories() as f64).ln(), f64::max);
        let data_top = self.in_unit(finite_max).max(0.1) * 1.25;
        let top = top_with_legend_room(0.0, data_top, 2, frame);
        let label_for = |x: &f64| {
            let index = x.round();
            if (x - index).abs() < 1e-9 && (0.0..4.0).contains(&index) {
                bars[index as usize].0.to_owned()
            } else {
                String::new()
            }
        };
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(-0.5..3.5, 0.0..top)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .disable_x_mesh()
            .x_labels(9)
            .y_labels(6)
            .x_label_formatter(&label_for)
            .y_label_formatter(&|y| format_number(*y))
            .y_desc(self.unit_name())
            .draw()
            .map_err(draw_error)?;
        let (entropy_colour, kl_colour) = (SERIES_COLOURS[5], SERIES_COLOURS[3]);
        for (index, (_, base, kl)) in bars.iter().enumerate() {
            let x = index as f64;
            let base = self.in_unit(*base);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.3, 0.0), (x + 0.3, base)],
                    fill_style(entropy_colour),
                )))
                .map_err(draw_error)?;
            let (total_y, label) = match kl {
                None => (base, format_number(round_significant(base, 3))),
                Some(kl) if kl.is_finite() => {
                    let total = base + self.in_unit(*kl);
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(x - 0.3, base), (x + 0.3, total)],
                            fill_style(kl_colour),
                        )))
                        .map_err(draw_error)?;
                    (
                        total,
                        format!(
                            "{} + {}",
                            format_number(round_significant(base, 3)),
                            format_number(round_significant(self.in_unit(*kl), 3))
                        ),
                    )
                }
                Some(_) => {
                    // Infinite KL: a bar running off the top, marked ∞.
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(x - 0.3, base), (x + 0.3, data_top * 0.92)],
                            rgb(kl_colour).mix(0.45).filled(),
                        )))
                        .map_err(draw_error)?;
                    (data_top * 0.92, "∞".to_owned())
                }
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    (x, total_y + top * 0.02),
                    text_style(frame, 11.0, theme.text).pos(Pos::new(HPos::Center, VPos::Bottom)),
                )))
                .map_err(draw_error)?;
        }
        let legend = [
            (entropy_colour, "entropy".to_owned()),
            (kl_colour, "KL divergence".to_owned()),
        ];
        let data: Vec<Vec<(f64, f64)>> = bars
            .iter()
            .enumerate()
            .map(|(index, (_, base, kl))| {
                let x = index as f64;
                let bar_top = match kl {
                    None => self.in_unit(*base),
                    Some(kl) if kl.is_finite() => self.in_unit(*base) + self.in_unit(*kl),
                    Some(_) => data_top * 0.92,
                };
                // Up to the top of the bar's number label above it.
                let label_top = bar_top + top * 0.09;
                chart_pixels(
                    &chart,
                    [
                        (x - 0.3, 0.0),
                        (x - 0.3, label_top),
                        (x + 0.3, label_top),
                        (x + 0.3, 0.0),
                    ],
                )
            })
            .collect();
        draw_legend_clear_of(area, frame, Corner::TopRight, &legend, &data).map(|_| ())
    }
}

impl DrawDemo for KlDivergence {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_densities(area, frame),
            1 => self.draw_monte_carlo(area, frame),
            2 => self.draw_discrete(area, frame),
            _ => self.draw_information(area, frame),
        }
    }
}

impl Demo for KlDivergence {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "mu1" => format_param_number(self.p.mean),
            "sigma1" => format_param_number(self.p.std_dev),
            "mu2" => format_param_number(self.q.mean),
            "sigma2" => format_param_number(self.q.std_dev),
            "direction" => if self.reversed { "qp" } else { "pq" }.to_owned(),
            "samples" => self.samples.to_string(),
            "seed" => self.seed.to_string(),
            "k" => self.categories().to_string(),
            "p" => format_weights(&self.p_weights),
            "q" => format_weights(&self.q_weights),
            "unit" => if self.bits { "bits" } else { "nats" }.to_owned(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        let mut resample = true;
        match key {
            "mu1" => self.p.mean = parse_number(value, -3.0, 3.0)?,
            "sigma1" => self.p.std_dev = parse_number(value, 0.2, 3.0)?,
            "mu2" => self.q.mean = parse_number(value, -3.0, 3.0)?,
            "sigma2" => self.q.std_dev = parse_number(value, 0.2, 3.0)?,
            "direction" => self.reversed = parse_choice(value, DIRECTIONS)? == "qp",
            "samples" => self.samples = parse_integer(value, MIN_SAMPLES, MAX_SAMPLES)? as usize,
            "seed" => self.seed = parse_integer(value, 0, 999_999)? as u64,
            "k" | "p" | "q" => {
                resample = false;
                let count = if key == "k" {
                    parse_integer(value, MIN_CATEGORIES as i64, MAX_CATEGORIES as i64)? as usize
                } else {
                    let weights = parse_weights(value)?;
                    let count = weights.len();
                    if key == "p" {
                        self.p_weights = weights;
                    } else {
                        self.q_weights = weights;
                    }
                    count
                };
                resize_weights(&mut self.p_weights, count);
                resize_weights(&mut self.q_weights, count);
                self.selected_bar = self.selected_bar.min(2 * count - 1);
            }
            "unit" => {
                resample = false;
                self.bits = parse_choice(value, UNITS)? == "bits";
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        if resample {
            self.resample();
        }
        Ok(())
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        STEPS
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn advance_frame(&mut self) -> bool {
        self.playhead.advance(1)
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "samples" => Some(format!(
                "Frame {} of {STEPS} uses {} samples.",
                self.playhead.shown,
                samples_at(self.playhead.shown, self.samples)
            )),
            _ => None,
        }
    }

    fn readouts(&self) -> Vec<Readout> {
        let readout = |name: &str, label: &str, value: ReadoutValue, group: &str| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: group.to_owned(),
        };
        let unit = self.unit_name();
        // The table: a row for the Gaussians and one for the discrete pair, with the same
        // six columns, so the two read side by side.
        let gaussians = format!("Gaussians ({unit}; differential H)");
        let (h_p, h_q) = (
            gaussian_entropy(self.p.std_dev),
            gaussian_entropy(self.q.std_dev),
        );
        let (kl_pq, kl_qp) = (gaussian_kl(self.p, self.q), gaussian_kl(self.q, self.p));
        let mut readouts = vec![
            readout(
                "gauss-entropy-p",
                "H(P)",
                ReadoutValue::Number(self.in_unit(h_p)),
                &gaussians,
            ),
            readout(
                "gauss-entropy-q",
                "H(Q)",
                ReadoutValue::Number(self.in_unit(h_q)),
                &gaussians,
            ),
            readout(
                "gauss-cross-entropy-pq",
                "H(P, Q)",
                ReadoutValue::Number(self.in_unit(h_p + kl_pq)),
                &gaussians,
            ),
            readout(
                "gauss-cross-entropy-qp",
                "H(Q, P)",
                ReadoutValue::Number(self.in_unit(h_q + kl_qp)),
                &gaussians,
            ),
            readout(
                "kl-pq",
                "KL(P‖Q)",
                ReadoutValue::Number(self.in_unit(kl_pq)),
                &gaussians,
            ),
            readout(
                "kl-qp",
                "KL(Q‖P)",
                ReadoutValue::Number(self.in_unit(kl_qp)),
                &gaussians,
            ),
        ];
        let (p, q) = self.probabilities();
        let discrete = format!("Discrete P and Q ({unit})");
        readouts.extend([
            readout(
                "entropy-p",
                "H(P)",
                ReadoutValue::Number(self.in_unit(entropy(&p))),
                &discrete,
            ),
            readout(
                "entropy-q",
                "H(Q)",
                ReadoutValue::Number(self.in_unit(entropy(&q))),
                &discrete,
            ),
            readout(
                "cross-entropy-pq",
                "H(P, Q)",
                self.information_text(cross_entropy(&p, &q)),
                &discrete,
            ),
            readout(
                "cross-entropy-qp",
                "H(Q, P)",
                self.information_text(cross_entropy(&q, &p)),
                &discrete,
            ),
            readout(
                "kl-discrete-pq",
                "KL(P‖Q)",
                self.information_text(kl_divergence(&p, &q)),
                &discrete,
            ),
            readout(
                "kl-discrete-qp",
                "KL(Q‖P)",
                self.information_text(kl_divergence(&q, &p)),
                &discrete,
            ),
        ]);
        // The rest as a plain list.
        let estimate = self.current_estimate();
        let standard_error = estimate.and_then(|e| e.standard_error);
        let kl_name = if self.reversed {
            "KL(Q‖P)"
        } else {
            "KL(P‖Q)"
        };
        readouts.extend([
            readout(
                "mc-samples",
                "Monte Carlo samples n",
                ReadoutValue::Integer(estimate.map_or(0, |e| e.samples) as i64),
                "",
            ),
            readout(
                "mc-estimate",
                &format!("Estimate of {kl_name} ({unit})"),
                match estimate {
                    Some(e) if e.samples >= 1 => ReadoutValue::Number(self.in_unit(e.mean)),
                    _ => ReadoutValue::Text("undefined (no samples yet)".into()),
                },
                "",
            ),
            readout(
                "mc-standard-error",
                "Its standard error",
                match standard_error {
                    Some(se) => ReadoutValue::Number(self.in_unit(se)),
                    None => ReadoutValue::Text("undefined (n < 2)".into()),
                },
                "",
            ),
            readout(
                "mc-error",
                "Estimate − exact, in standard errors",
                match (estimate, standard_error) {
                    (Some(e), Some(se)) if se > 0.0 => {
                        ReadoutValue::Number((e.mean - self.exact_kl()) / se)
                    }
                    (Some(_), Some(_)) => ReadoutValue::Text("undefined (SE = 0: P = Q)".into()),
                    _ => ReadoutValue::Text("undefined (n < 2)".into()),
                },
                "",
            ),
            readout(
                "one-hot-loss",
                &format!("One-hot P: loss −log q_y ({unit})"),
                match one_hot_index(&p) {
                    Some(y) => self.information_text(-q[y].ln()),
                    None => ReadoutValue::Text("P is not one-hot".into()),
                },
                "",
            ),
        ]);
        readouts
    }

    fn export(&self, key: &str) -> Option<String> {
        if key != "monte-carlo" {
            return None;
        }
        let mut csv = format!(
            "frame,samples,estimate_{unit},standard_error_{unit},exact_{unit}\n",
            unit = self.unit_name()
        );
        let exact = self.in_unit(self.exact_kl());
        for (frame, e) in self.estimates.iter().enumerate() {
            let (estimate, error) = match (e.samples, e.standard_error) {
                (0, _) => (String::new(), String::new()),
                (_, None) => (format_param_number(self.in_unit(e.mean)), String::new()),
                (_, Some(se)) => (
                    format_param_number(self.in_unit(e.mean)),
                    format_param_number(self.in_unit(se)),
                ),
            };
            csv.push_str(&format!(
                "{frame},{},{estimate},{error},{}\n",
                e.samples,
                format_param_number(exact)
            ));
        }
        Some(csv)
    }

    fn notices(&self) -> Vec<Notice> {
        let (p, q) = self.probabilities();
        let mut notices = Vec::new();
        if kl_divergence(&p, &q).is_infinite() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "Q gives probability 0 to a category P can produce: ln(p/0) is infinite, so KL(P‖Q) and the cross-entropy H(P, Q) are ∞. A classifier that gives the true class probability 0 has infinite loss.".to_owned(),
            });
        }
        if kl_divergence(&q, &p).is_infinite() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "P gives probability 0 to a category Q can produce, so KL(Q‖P) and H(Q, P) are ∞.".to_owned(),
            });
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 2 {
            return false;
        }
        if input.phase == PointerPhase::Up {
            self.dragging = None;
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = self.discrete_viewport(&frame);
        let (x, y) = viewport.to_model(input.x, input.y);
        let bar = match (input.phase, self.dragging) {
            (PointerPhase::Drag, Some(bar)) => bar,
            (PointerPhase::Down, _) if viewport.contains_pixel(input.x, input.y) => {
                let category = x.round().clamp(0.0, self.categories() as f64 - 1.0) as usize;
                let bar = 2 * category + usize::from(x >= category as f64);
                self.selected_bar = bar;
                self.dragging = Some(bar);
                bar
            }
            _ => return false,
        };
        // Snap to the 0.01 grid so dragged values stay short in the URL.
        let target = ((y.clamp(0.0, 1.0)) * 100.0).round() / 100.0;
        self.set_bar(bar, target) || input.phase == PointerPhase::Down
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 2 {
            return false;
        }
        let bars = 2 * self.categories();
        let (p, q) = self.probabilities();
        let current = if self.selected_bar.is_multiple_of(2) {
            p.get(self.selected_bar / 2)
        } else {
            q.get(self.selected_bar / 2)
        }
        .copied()
        .unwrap_or(0.0);
        match key {
            "ArrowLeft" => {
                self.selected_bar = (self.selected_bar + bars - 1) % bars;
                true
            }
            "ArrowRight" => {
                self.selected_bar = (self.selected_bar + 1) % bars;
                true
            }
            "ArrowUp" => self.set_bar(self.selected_bar, current + KEY_STEP),
            "ArrowDown" => self.set_bar(self.selected_bar, current - KEY_STEP),
            _ => false,
        }
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        self.data_table(plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        self.data_description(plot)
    }
}

mod data;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::test_support::{readout_number as number, readout_value as value};

    #[test]
    fn defaults_show_the_textbook_numbers_in_bits_and_the_asymmetry() {
        let mut demo = KlDivergence::default();
        // N(0,1) vs N(1,4): ln 2 + 2/8 − 1/2 and −ln 2 + 5/2 − 1/2.
        assert!((number(&demo, "kl-pq") - (2f64.ln() - 0.25)).abs() < 1e-15);
        assert!((number(&demo, "kl-qp") - (2.0 - 2f64.ln())).abs() < 1e-15);
        demo.set_param("unit", "bits").unwrap();
        assert!((number(&demo, "entropy-p") - 1.75).abs() < 1e-15);
        assert!((number(&demo, "cross-entropy-pq") - 2.0).abs() < 1e-15);
        assert!((number(&demo, "kl-discrete-pq") - 0.25).abs() < 1e-15);
        assert_eq!(
            value(&demo, "one-hot-loss"),
            ReadoutValue::Text("P is not one-hot".into())
        );
    }

    #[test]
    fn monte_carlo_reaches_the_exact_value_at_the_end() {
        let mut demo = KlDivergence::default();
        demo.set_param("samples", "100000").unwrap();
        let estimate = number(&demo, "mc-estimate");
        let se = number(&demo, "mc-standard-error");
        assert_eq!(value(&demo, "mc-samples"), ReadoutValue::Integer(100_000));
        // 4 standard errors: fails for a correct estimator with probability ≈ 6e-5.
        assert!((estimate - (2f64.ln() - 0.25)).abs() < 4.0 * se);
        demo.go_to_step(0);
        assert_eq!(
            value(&demo, "mc-standard-error"),
            ReadoutValue::Text("undefined (n < 2)".into())
        );
        demo.go_to_step(1);
        assert_eq!(value(&demo, "mc-samples"), ReadoutValue::Integer(1));
    }

    #[test]
    fn zero_q_gives_infinity_as_text_and_a_notice() {
        let mut demo = KlDivergence::default();
        demo.set_param("q", "1,1,1,0").unwrap();
        assert!(
            matches!(value(&demo, "kl-discrete-pq"), ReadoutValue::Text(t) if t.starts_with('∞'))
        );
        assert!(
            matches!(value(&demo, "cross-entropy-pq"), ReadoutValue::Text(t) if t.starts_with('∞'))
        );
        // The other direction stays finite: every pᵢ > 0, so no qᵢ > 0 meets a pᵢ = 0.
        assert!(number(&demo, "kl-discrete-qp").is_finite());
        assert_eq!(demo.notices().len(), 1);
    }

    #[test]
    fn one_hot_p_gives_the_classification_loss() {
        let mut demo = KlDivergence::default();
        demo.set_param("p", "0,1,0,0").unwrap();
        demo.set_param("q", "0.7,0.2,0.05,0.05").unwrap();
        assert!((number(&demo, "one-hot-loss") + 0.2f64.ln()).abs() < 1e-15);
        assert!((number(&demo, "cross-entropy-pq") - number(&demo, "one-hot-loss")).abs() < 1e-15);
        assert_eq!(number(&demo, "entropy-p"), 0.0);
    }

    #[test]
    fn weights_resize_with_k_and_text() {
        let mut demo = KlDivergence::default();
        demo.set_param("k", "6").unwrap();
        assert_eq!(demo.p_weights.len(), 6);
        assert_eq!(demo.q_weights.len(), 6);
        demo.set_param("p", "1,2").unwrap();
        assert_eq!(demo.param("k").unwrap(), "2");
        assert_eq!(demo.q_weights.len(), 2);
        for junk in ["1", "1,-1", "0,0", "1,,2", "1,2,3,4,5,6,7,8,9,10,11"] {
            assert!(demo.set_param("p", junk).is_err(), "{junk}");
        }
    }

    #[test]
    fn dragging_and_keys_set_a_bar_and_keep_the_sum() {
        let mut demo = KlDivergence::default();
        let (width, height) = (600.0, 360.0);
        let viewport = demo.discrete_viewport(&Frame::light(width, height, 1.0));
        // Q's bar of category 2 (index 1) is right of x = 1; drag it to 0.7.
        let (px, py) = viewport.to_pixel(1.2, 0.7);
        let input = |phase| PointerInput {
            phase,
            x: px,
            y: py,
            css_width: width,
            css_height: height,
        };
        assert!(demo.pointer(2, input(PointerPhase::Down)));
        assert_eq!(demo.selected_bar, 3);
        let (_, q) = demo.probabilities();
        assert!((q[1] - 0.7).abs() < 0.006, "{q:?}");
        assert!((q.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(!demo.pointer(2, input(PointerPhase::Up)));
        assert!(demo.key(2, "ArrowUp"));
        let (_, q) = demo.probabilities();
        assert!((q[1] - 0.71).abs() < 0.006, "{q:?}");
        assert!(demo.key(2, "ArrowLeft"));
        assert_eq!(demo.selected_bar, 2);
        // The dragged weights round-trip through the URL text.
        let text = demo.param("q").unwrap();
        let mut copy = KlDivergence::default();
        copy.set_param("q", &text).unwrap();
        assert_eq!(copy.q_weights, demo.q_weights);
    }
}
