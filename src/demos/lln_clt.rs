//! The law of large numbers and the central limit theorem: running means of draws from any
//! distribution of the family settling inside the μ ± σ/√n band, and the histogram of many
//! sample means approaching the normal N(μ, σ²/n), with the distance between them measured.

use plotters::coord::Shift;
use plotters::coord::combinators::IntoLogRange;
use plotters::prelude::*;

use super::drawing::{draw_legend, fill_style, legend_height, line_style, padded, themed_chart_in};
use super::params::{format_param_number, parse_choice, parse_integer, parse_number};
use super::playhead::Playhead;
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult,
    ExportSpec, Frame, Layer, Notice, NoticeLevel, PlotSpec, Readout, ReadoutSpec, ReadoutValue,
    draw_error,
};
use crate::math::distributions::{Distribution, FAMILY_OPTIONS, Family};
use crate::math::limit_theorems::{
    Histogram, KsGap, SampleMeansRun, exact_ks_distance, exact_sum_distribution, ks_gap_to_normal,
    mean_band, running_means, sample_moments, skewness_of_mean,
};
use crate::math::monte_carlo::log_spaced_counts;
use crate::math::special::normal_pdf;
use crate::render::theme::{SERIES_COLOURS, rgb, series_colour};

/// The families' URL values and labels, in `Family::ALL` order (a test checks they agree).
/// The family select's options: the URL values and labels of `math::distributions`.
const FAMILIES: &[(&str, &str)] = &FAMILY_OPTIONS;

const fn slider(min: f64, max: f64, step: f64, log: bool) -> ControlKind {
    ControlKind::slider(min, max, step, log)
}

const fn control(
    key: &'static str,
    label: &'static str,
    kind: ControlKind,
    help: &'static str,
    group: &'static str,
    example: &'static str,
) -> ControlSpec {
    ControlSpec {
        key,
        aliases: &[],
        label,
        kind,
        help,
        group,
        example,
    }
}

const SOURCE: &str = "Source distribution";
const LLN: &str = "Law of large numbers";
const CLT: &str = "Central limit theorem";

const CONTROLS: &[ControlSpec] = &[
    control(
        "family",
        "Distribution",
        ControlKind::Select { options: FAMILIES },
        "The distribution every draw comes from",
        SOURCE,
        "bernoulli",
    ),
    control(
        "mean",
        "Mean μ",
        slider(-5.0, 5.0, 0.1, false),
        "The normal's mean",
        SOURCE,
        "2",
    ),
    control(
        "sd",
        "Standard deviation σ",
        slider(0.1, 5.0, 0.1, false),
        "The normal's standard deviation",
        SOURCE,
        "2.5",
    ),
    control(
        "rate",
        "Rate λ",
        slider(0.1, 20.0, 0.1, false),
        "The Poisson's mean, the exponential's rate (mean 1/λ), the gamma's rate",
        SOURCE,
        "4",
    ),
    control(
        "p",
        "Probability p",
        slider(0.01, 0.99, 0.01, false),
        "The success probability of the Bernoulli, binomial and geometric",
        SOURCE,
        "0.5",
    ),
    control(
        "trials",
        "Trials",
        ControlKind::Integer { min: 1, max: 100 },
        "The binomial's number of trials",
        SOURCE,
        "30",
    ),
    control(
        "low",
        "Lower end a",
        slider(-10.0, 10.0, 0.1, false),
        "One end of the uniform's interval",
        SOURCE,
        "-1",
    ),
    control(
        "high",
        "Upper end b",
        slider(-10.0, 10.0, 0.1, false),
        "The other end of the uniform's interval",
        SOURCE,
        "3",
    ),
    control(
        "shape",
        "Shape k",
        slider(0.1, 20.0, 0.1, false),
        "The gamma's shape (mean k/λ)",
        SOURCE,
        "0.5",
    ),
    control(
        "alpha",
        "α",
        slider(0.1, 20.0, 0.1, false),
        "The beta's first shape parameter",
        SOURCE,
        "0.5",
    ),
    control(
        "beta",
        "β",
        slider(0.1, 20.0, 0.1, false),
        "The beta's second shape parameter",
        SOURCE,
        "0.5",
    ),
    control(
        "dof",
        "Degrees of freedom ν",
        slider(0.5, 50.0, 0.1, false),
        "Of the Student t (ν = 1 is the Cauchy, whose mean does not exist) and the χ²",
        SOURCE,
        "1",
    ),
    control(
        "draws",
        "Draws per path",
        ControlKind::Integer {
            min: 10,
            max: 10_000,
        },
        "How many draws each running mean averages",
        LLN,
        "5000",
    ),
    control(
        "paths",
        "Paths",
        ControlKind::Integer { min: 1, max: 20 },
        "How many independent running means are drawn",
        LLN,
        "12",
    ),
    control(
        "n",
        "Sample size n",
        slider(1.0, 100.0, 1.0, false),
        "How many draws each sample mean averages",
        CLT,
        "30",
    ),
    control(
        "experiments",
        "Experiments",
        ControlKind::Integer {
            min: 100,
            max: 10_000,
        },
        "How many sample means the histogram counts",
        CLT,
        "2000",
    ),
    control(
        "seed",
        "Seed",
        ControlKind::Integer {
            min: 0,
            max: 4_294_967_295,
        },
        "Fixes every draw: the same seed gives the same paths and histogram, bit for bit",
        CLT,
        "7",
    ),
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "draws",
        help: "The number of draws n the running means have reached",
    },
    ReadoutSpec {
        name: "mu",
        help: "The source's mean μ, or why it is undefined",
    },
    ReadoutSpec {
        name: "sigma",
        help: "The source's standard deviation σ, or why it is undefined",
    },
    ReadoutSpec {
        name: "running-mean",
        help: "The first path's running mean x̄_n",
    },
    ReadoutSpec {
        name: "deviation",
        help: "|x̄_n − μ| for the first path",
    },
    ReadoutSpec {
        name: "band",
        help: "The half-width σ/√n of the one-standard-error band",
    },
    ReadoutSpec {
        name: "paths-within-2se",
        help: "How many paths are within 2σ/√n of μ at n (about 95 % of them once the CLT applies)",
    },
    ReadoutSpec {
        name: "clt-n",
        help: "The sample size n of each sample mean",
    },
    ReadoutSpec {
        name: "standard-error",
        help: "σ/√n, the standard deviation of a sample mean",
    },
    ReadoutSpec {
        name: "mean-of-means",
        help: "The average of the sample means (→ μ)",
    },
    ReadoutSpec {
        name: "sd-of-means",
        help: "The standard deviation of the sample means (→ σ/√n)",
    },
    ReadoutSpec {
        name: "ks-distance",
        help: "sup |F_emp − Φ|: the Kolmogorov–Smirnov distance between the sample means' empirical CDF and N(μ, σ²/n)",
    },
    ReadoutSpec {
        name: "exact-ks-distance",
        help: "The same distance for the mean's exact distribution, where it has a closed form (normal, exponential, gamma, χ², Poisson, Bernoulli, binomial)",
    },
    ReadoutSpec {
        name: "skewness-of-mean",
        help: "γ/√n, the skewness of a sample mean (0 for a normal)",
    },
    ReadoutSpec {
        name: "sample-skewness-of-means",
        help: "The skewness of the simulated sample means",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "running-means",
        title: "Running means (law of large numbers)",
        alt: "Several running means of independent draws against the number of draws on a log axis, inside shaded bands of one and two standard errors around the mean.",
        aspect_ratio: 0.6,
        interactive: false,
    },
    PlotSpec {
        id: "sample-means",
        title: "Histogram of sample means (central limit theorem)",
        alt: "A histogram of many sample means of n draws with the normal density N(μ, σ²/n) drawn over it.",
        aspect_ratio: 0.75,
        interactive: false,
    },
    PlotSpec {
        id: "cdf",
        title: "CDFs and the Kolmogorov–Smirnov gap",
        alt: "The empirical CDF of the sample means as a staircase, the normal CDF as a curve, and a bar where they are furthest apart (the KS distance).",
        aspect_ratio: 0.75,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "lln-clt",
    title: "Law of large numbers and the central limit theorem",
    chapter: Chapter::ProbabilityStatistics,
    summary: "Running means settle on μ inside a σ/√n band, and means of n draws from even very skewed sources turn normal.",
    explanation: r#"Draw independent values $X_1, X_2, \ldots$ from one distribution with mean $\mu$ and standard deviation $\sigma$, and average the first $n$:

$$\bar X_n = \frac{1}{n}\sum_{i=1}^{n} X_i, \qquad \mathbb{E}[\bar X_n] = \mu, \qquad \operatorname{sd}(\bar X_n) = \frac{\sigma}{\sqrt{n}}.$$

**Law of large numbers.** $\bar X_n \to \mu$ as $n \to \infty$. The top chart shows several independent running means on a log axis; the shaded bands are $\mu \pm \sigma/\sqrt{n}$ and $\mu \pm 2\sigma/\sqrt{n}$. The band narrows slowly: four times the draws for half the width. Press play to add draws. Try the Student t with $\nu = 1$, the Cauchy distribution: its mean does not exist, one huge draw keeps yanking the average, and it never settles.

**Central limit theorem.** Whatever the source (as long as $\sigma$ is finite), the distribution of $\bar X_n$ approaches the normal $\mathcal{N}(\mu, \sigma^2/n)$:

$$\sqrt{n}\,\frac{\bar X_n - \mu}{\sigma} \xrightarrow{d} \mathcal{N}(0, 1).$$

The lower left chart is a histogram of many independent sample means with that normal drawn over it (and, dashed, the mean's exact density where it has a closed form: the mean of $n$ exponentials with rate $\lambda$ is a gamma with shape $n$ and rate $n\lambda$); the lower right one compares their cumulative distribution functions, and the bar marks where they are furthest apart: the Kolmogorov–Smirnov distance. How fast they meet depends on the source's skewness $\gamma$: the mean's skewness is $\gamma/\sqrt{n}$, and the Berry–Esseen theorem bounds the Kolmogorov–Smirnov distance $\sup_x |F_n(x) - \Phi(x)|$ by a constant times $\mathbb{E}|X-\mu|^3/(\sigma^3\sqrt{n})$. An exponential ($\gamma = 2$) needs $n \approx 30$ to look normal; a Bernoulli with $p = 0.05$ ($\gamma \approx 4.1$) needs hundreds, and its means stay on the lattice $k/n$. Where the mean's exact distribution is known (an exponential's mean is a gamma, a Bernoulli's a scaled binomial) the exact distance is shown too; the empirical one also carries the histogram's own sampling noise, about $1/\sqrt{\text{experiments}}$."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[ActionSpec {
        key: "regenerate",
        label: "New draws",
        help: "Draws everything afresh (the next seed)",
        group: CLT,
    }],
    exports: &[ExportSpec {
        key: "sample-means",
        label: "sample means (CSV)",
        file_name: "sample-means.csv",
        mime: "text/csv",
    }],
    imports: &[],
    create: || Box::new(LlnClt::default()),
};

/// Every parameter of every family (only the chosen family's are used).
#[derive(Clone, Copy, Debug, PartialEq)]
struct SourceParams {
    family: Family,
    mean: f64,
    std_dev: f64,
    rate: f64,
    p: f64,
    trials: u64,
    low: f64,
    high: f64,
    shape: f64,
    alpha: f64,
    beta: f64,
    dof: f64,
}

impl SourceParams {
    fn distribution(&self) -> Distribution {
        match self.family {
            Family::Normal => Distribution::Normal {
                mean: self.mean,
                std_dev: self.std_dev,
            },
            Family::Poisson => Distribution::Poisson { rate: self.rate },
            Family::Bernoulli => Distribution::Bernoulli { p: self.p },
            Family::Binomial => Distribution::Binomial {
                trials: self.trials,
                p: self.p,
            },
            Family::Geometric => Distribution::Geometric { p: self.p },
            // Either order of the ends is a valid interval, so the two sliders can be moved
            // (and the URL applied) one at a time.
            Family::Uniform => Distribution::Uniform {
                low: self.low.min(self.high),
                high: self.low.max(self.high),
            },
            Family::Exponential => Distribution::Exponential { rate: self.rate },
            Family::Gamma => Distribution::Gamma {
                shape: self.shape,
                rate: self.rate,
            },
            Family::Beta => Distribution::Beta {
                alpha: self.alpha,
                beta: self.beta,
            },
            Family::StudentT => Distribution::StudentT { dof: self.dof },
            Family::ChiSquared => Distribution::ChiSquared { dof: self.dof },
        }
    }

    /// Which families use the parameter behind a control key.
    fn is_used(&self, key: &str) -> bool {
        use Family::*;
        let family = self.family;
        match key {
            "mean" | "sd" => family == Normal,
            "rate" => matches!(family, Poisson | Exponential | Gamma),
            "p" => matches!(family, Bernoulli | Binomial | Geometric),
            "trials" => family == Binomial,
            "low" | "high" => family == Uniform,
            "shape" => family == Gamma,
            "alpha" | "beta" => family == Beta,
            "dof" => matches!(family, StudentT | ChiSquared),
            _ => true,
        }
    }
}

/// Draws spent on sample means when a parameter changes (a few milliseconds); the rest is
/// done in chunks by `work_chunk`.
const DRAWS_AT_ONCE: usize = 100_000;

/// Draws per `work_chunk` call: about a millisecond in the browser.
const DRAWS_PER_CHUNK: usize = 30_000;

/// The central-limit-theorem side, recomputed when the source, n, experiments or seed change.
#[derive(Clone, Debug, Default)]
struct SampleMeans {
    /// The sample means, sorted.
    sorted: Vec<f64>,
    /// Their mean, standard deviation and skewness.
    moments: Option<(f64, f64, f64)>,
    /// The largest gap between their empirical CDF and N(μ, σ²/n)'s: the KS distance.
    ks_gap: Option<KsGap>,
    /// The same for the mean's exact distribution.
    exact_ks_distance: Option<f64>,
}

/// The state of the LLN/CLT demo.
#[derive(Debug)]
pub struct LlnClt {
    /// The source distribution's family and parameters.
    source: SourceParams,
    /// Draws per running-mean path.
    draws: usize,
    /// Number of running-mean paths.
    paths: usize,
    /// Draws per sample mean (the CLT's n).
    sample_size: usize,
    /// Number of sample means in the histogram.
    experiments: usize,
    /// The seed of every draw.
    seed: u64,
    /// How many draws the running means show (the animation adds draws).
    playhead: Playhead,
    /// The running means of each path, all `draws` of them.
    running: Vec<Vec<f64>>,
    /// The sample means being drawn (in chunks).
    means_run: SampleMeansRun,
    /// The histogram side: a summary of `means_run`'s means so far.
    means: SampleMeans,
}

impl Default for LlnClt {
    fn default() -> Self {
        let mut demo = Self {
            source: SourceParams {
                family: Family::Exponential,
                mean: 0.0,
                std_dev: 1.0,
                rate: 1.0,
                p: 0.05,
                trials: 10,
                low: 0.0,
                high: 1.0,
                shape: 2.0,
                alpha: 2.0,
                beta: 5.0,
                dof: 5.0,
            },
            draws: 1_000,
            paths: 5,
            sample_size: 5,
            experiments: 10_000,
            seed: 1,
            playhead: Playhead::default(),
            running: Vec::new(),
            means_run: SampleMeansRun::start(Distribution::Exponential { rate: 1.0 }, 1, 0, 1),
            means: SampleMeans::default(),
        };
        demo.recompute_running();
        demo.recompute_means();
        demo.playhead = Playhead::at_end(demo.draws);
        demo
    }
}

impl LlnClt {
    fn distribution(&self) -> Distribution {
        self.source.distribution()
    }

    /// μ and σ where they exist and are finite.
    fn mean_and_sd(&self) -> (Option<f64>, Option<f64>) {
        let distribution = self.distribution();
        let finite = |x: Option<f64>| x.filter(|x| x.is_finite());
        (finite(distribution.mean()), finite(distribution.std_dev()))
    }

    fn recompute_running(&mut self) {
        self.running = running_means(&self.distribution(), self.draws, self.paths, self.seed);
        self.playhead.set_last(self.draws);
    }

    /// Starts drawing the sample means: some now, the rest through `work_chunk`.
    fn recompute_means(&mut self) {
        self.means_run = SampleMeansRun::start(
            self.distribution(),
            self.sample_size,
            self.experiments,
            self.seed,
        );
        self.means_run.generate(DRAWS_AT_ONCE);
        self.means.exact_ks_distance = exact_ks_distance(&self.distribution(), self.sample_size);
        self.summarise_means();
    }

    /// Sorts the means drawn so far and measures them against the normal.
    fn summarise_means(&mut self) {
        let mut sorted = self.means_run.means.clone();
        sorted.retain(|x| x.is_finite());
        sorted.sort_by(f64::total_cmp);
        let (mean, sd) = self.mean_and_sd();
        let standard_error = sd.map(|sd| sd / (self.sample_size as f64).sqrt());
        let ks_gap = match (mean, standard_error) {
            (Some(mean), Some(se)) => ks_gap_to_normal(&sorted, mean, se),
            _ => None,
        };
        self.means = SampleMeans {
            moments: sample_moments(&sorted)
                .filter(|(m, s, g)| m.is_finite() && s.is_finite() && g.is_finite()),
            ks_gap,
            exact_ks_distance: self.means.exact_ks_distance,
            sorted,
        };
    }

    fn shown(&self) -> usize {
        self.playhead.shown
    }

    /// The running-means chart's y range: μ ± 2.5σ within the support, or the central 90 %
    /// of the source where σ does not exist.
    fn running_y_range(&self) -> (f64, f64) {
        let distribution = self.distribution();
        let (support_low, support_high) = distribution.support();
        let (low, high) = match self.mean_and_sd() {
            (Some(mean), Some(sd)) if sd > 0.0 => (
                (mean - 2.5 * sd).max(support_low),
                (mean + 2.5 * sd).min(support_high),
            ),
            _ => (distribution.quantile(0.05), distribution.quantile(0.95)),
        };
        let range = padded(low, high, 0.05);
        if range.start.is_finite() && range.end.is_finite() && range.end > range.start {
            (range.start, range.end)
        } else {
            (-1.0, 1.0)
        }
    }

    fn draw_running<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let band_colour = SERIES_COLOURS[5];
        let labels = ["μ", "±σ/√n", "±2σ/√n"];
        let top = legend_height(frame, &labels);
        let (y_low, y_high) = self.running_y_range();
        let x_end = (self.draws as f64).max(10.0);
        let mut chart = themed_chart_in(
            area,
            frame,
            (1.0..x_end).log_scale(),
            y_low..y_high,
            ("draws n", "running mean"),
            top,
        )?;
        let ns: Vec<usize> = log_spaced_counts(self.draws as u64, 120)
            .into_iter()
            .map(|n| n as usize)
            .collect();
        let (mean, sd) = self.mean_and_sd();
        if let (Some(mean), Some(sd)) = (mean, sd) {
            for (k, opacity) in [(2.0, 0.12), (1.0, 0.22)] {
                let mut outline: Vec<(f64, f64)> = ns
                    .iter()
                    .map(|&n| (n as f64, mean_band(mean, sd, n, k).1.clamp(y_low, y_high)))
                    .collect();
                outline.extend(
                    ns.iter()
                        .rev()
                        .map(|&n| (n as f64, mean_band(mean, sd, n, k).0.clamp(y_low, y_high))),
                );
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        outline,
                        rgb(band_colour).mix(opacity).filled(),
                    )))
                    .map_err(draw_error)?;
            }
        }
        if let Some(mean) = mean {
            chart
                .draw_series(LineSeries::new(
                    [(1.0, mean), (x_end, mean)],
                    line_style(frame.theme.text, frame, 1.5),
                ))
                .map_err(draw_error)?;
        }
        let shown = self.shown();
        let indices: Vec<usize> = log_spaced_counts(shown as u64, 150)
            .into_iter()
            .map(|n| n as usize)
            .collect();
        for (index, path) in self.running.iter().enumerate() {
            let colour = series_colour(index);
            let points: Vec<(f64, f64)> = indices
                .iter()
                .filter_map(|&n| Some((n as f64, *path.get(n.checked_sub(1)?)?)))
                .filter(|(_, y)| y.is_finite())
                .map(|(n, y)| (n, y.clamp(y_low, y_high)))
                .collect();
            if let Some(&last) = points.last() {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        last,
                        frame.px(3.0) as i32,
                        fill_style(colour),
                    )))
                    .map_err(draw_error)?;
            }
            chart
                .draw_series(LineSeries::new(points, line_style(colour, frame, 1.5)))
                .map_err(draw_error)?;
        }
        // Only what is drawn: no μ without a mean, no bands without a finite σ.
        let entries = [
            (labels[0], frame.theme.text),
            (labels[1], mix_with_background(band_colour, 0.45, frame)),
            (labels[2], mix_with_background(band_colour, 0.2, frame)),
        ];
        let shown_entries = match (mean, sd) {
            (Some(_), Some(_)) => &entries[..],
            (Some(_), None) => &entries[..1],
            _ => &entries[..0],
        };
        draw_legend(area, frame, shown_entries)
    }

    /// The histogram's bins: lattice-aligned for discrete sources (means of n integer draws
    /// live on multiples of 1/n, and a bin must hold the same number of them everywhere).
    fn histogram(&self) -> Option<Histogram> {
        let sorted = &self.means.sorted;
        if sorted.is_empty() {
            return None;
        }
        let quantile = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
        let (low, high) = match self.mean_and_sd() {
            (Some(mean), Some(sd)) => {
                let se = sd / (self.sample_size as f64).sqrt();
                (
                    quantile(0.002).min(mean - 4.0 * se),
                    quantile(0.998).max(mean + 4.0 * se),
                )
            }
            // Heavy tails (no finite σ): the central 96 %, or a few extreme means would
            // squeeze everything else into one bar.
            _ => (quantile(0.02), quantile(0.98)),
        };
        let (mut low, mut high) = (low, high);
        if high.partial_cmp(&low) != Some(std::cmp::Ordering::Greater) {
            (low, high) = (low - 0.5, high + 0.5);
        }
        let target_bins = ((self.experiments as f64).sqrt() * 0.6).clamp(12.0, 60.0);
        let (start, width) = if self.distribution().is_discrete() {
            let lattice = 1.0 / self.sample_size as f64;
            let atoms_per_bin = ((high - low) / lattice / target_bins).ceil().max(1.0);
            let width = atoms_per_bin * lattice;
            ((low / lattice).floor() * lattice - lattice / 2.0, width)
        } else {
            (low, (high - low) / target_bins)
        };
        let bins = (((high - start) / width).ceil() as usize).clamp(1, 400);
        Some(Histogram::new(sorted, start, width, bins))
    }

    /// The x range of the two CLT charts: the histogram's bins.
    fn means_x_range(histogram: &Histogram) -> (f64, f64) {
        (
            histogram.start,
            histogram.start + histogram.width * histogram.counts.len() as f64,
        )
    }

    fn draw_cdfs<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let (empirical_colour, normal_colour, gap_colour) =
            (SERIES_COLOURS[0], SERIES_COLOURS[1], SERIES_COLOURS[3]);
        let labels = ["empirical CDF", "normal CDF", "KS gap"];
        let top = legend_height(frame, &labels);
        let Some(histogram) = self.histogram() else {
            return Ok(());
        };
        let (x_low, x_high) = Self::means_x_range(&histogram);
        let mut chart = themed_chart_in(
            area,
            frame,
            x_low..x_high,
            0.0..1.0,
            ("sample mean x̄", "P(X̄ ≤ x)"),
            top,
        )?;
        if let (Some(mean), Some(sd)) = self.mean_and_sd() {
            let se = sd / (self.sample_size as f64).sqrt();
            let curve = (0..=300).map(|i| {
                let x = x_low + (x_high - x_low) * i as f64 / 300.0;
                (x, crate::math::special::normal_cdf(x, mean, se))
            });
            chart
                .draw_series(LineSeries::new(
                    curve,
                    line_style(normal_colour, frame, 2.5),
                ))
                .map_err(draw_error)?;
        }
        // The staircase through at most ~1,000 of the sorted means (every one when there are
        // fewer): steps finer than a pixel would not show anyway.
        let sorted = &self.means.sorted;
        let total = sorted.len();
        let stride = total.div_ceil(1_000).max(1);
        let mut staircase = vec![(x_low, 0.0)];
        let mut previous = 0.0;
        let mut index = 0;
        while index < total {
            let value = sorted[index];
            let mut end = (index + stride).min(total);
            while end < total && sorted[end] == sorted[end - 1] {
                end += 1;
            }
            let level = end as f64 / total as f64;
            let x = value.clamp(x_low, x_high);
            staircase.push((x, previous));
            staircase.push((x, level));
            previous = level;
            index = end;
        }
        staircase.push((x_high, previous));
        chart
            .draw_series(LineSeries::new(
                staircase,
                line_style(empirical_colour, frame, 1.5),
            ))
            .map_err(draw_error)?;
        if let Some(gap) = self.means.ks_gap {
            let x = gap.at.clamp(x_low, x_high);
            chart
                .draw_series(LineSeries::new(
                    [(x, gap.empirical), (x, gap.normal)],
                    line_style(gap_colour, frame, 4.0),
                ))
                .map_err(draw_error)?;
            let label = format!("KS = {:.3}", gap.distance);
            let (px, py) = chart.backend_coord(&(x, (gap.empirical + gap.normal) / 2.0));
            // Label on the side with more room, so it never leaves the chart.
            let right_side = x < (x_low + x_high) / 2.0;
            let anchor = plotters::style::text_anchor::Pos::new(
                if right_side {
                    plotters::style::text_anchor::HPos::Left
                } else {
                    plotters::style::text_anchor::HPos::Right
                },
                plotters::style::text_anchor::VPos::Center,
            );
            let offset = frame.px(8.0) as i32;
            area.draw(&Text::new(
                label,
                (if right_side { px + offset } else { px - offset }, py),
                super::drawing::text_style(frame, 12.0, frame.theme.text).pos(anchor),
            ))
            .map_err(draw_error)?;
        }
        let entries = [
            (labels[0], empirical_colour),
            (labels[1], normal_colour),
            (labels[2], gap_colour),
        ];
        // Without a finite σ there is no normal to compare with.
        let drawn = if self.means.ks_gap.is_some() { 3 } else { 1 };
        draw_legend(area, frame, &entries[..drawn])
    }

    fn draw_means<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let bar_colour = SERIES_COLOURS[0];
        let curve_colour = SERIES_COLOURS[1];
        let exact_colour = frame.theme.text;
        let mean_label = format!("means of n = {} draws", self.sample_size);
        // The mean's exact density where the sum has a closed form (a gamma for exponential
        // sources): f_x̄(x) = n·f_S(n·x). Not for normal sources (it is the normal curve) nor
        // lattice ones (no density).
        let distribution = self.distribution();
        let exact_sum = exact_sum_distribution(&distribution, self.sample_size)
            .filter(|sum| !sum.is_discrete() && distribution.family() != Family::Normal);
        let mut labels = vec![mean_label.as_str(), "N(μ, σ²/n)"];
        if exact_sum.is_some() {
            labels.push("exact density");
        }
        let top = legend_height(frame, &labels);
        let Some(histogram) = self.histogram() else {
            return Ok(());
        };
        let total = self.means.sorted.len();
        let (x_low, x_high) = Self::means_x_range(&histogram);
        let normal = match self.mean_and_sd() {
            (Some(mean), Some(sd)) if sd > 0.0 => {
                Some((mean, sd / (self.sample_size as f64).sqrt()))
            }
            _ => None,
        };
        let bar_top = (0..histogram.counts.len())
            .map(|bin| histogram.density(bin, total))
            .fold(0.0, f64::max);
        let curve_top = normal.map_or(0.0, |(_, se)| normal_pdf(0.0, 0.0, se));
        // The normal's peak can dwarf a lattice histogram's bars; the bars set the scale then.
        let y_high = (bar_top.max(curve_top.min(bar_top * 3.0)) * 1.08).max(1e-9);
        let mut chart = themed_chart_in(
            area,
            frame,
            x_low..x_high,
            0.0..y_high,
            ("sample mean x̄", "density"),
            top,
        )?;
        chart
            .draw_series((0..histogram.counts.len()).map(|bin| {
                let left = histogram.start + histogram.width * bin as f64;
                let height = histogram.density(bin, total).min(y_high);
                Rectangle::new(
                    [(left, 0.0), (left + histogram.width, height)],
                    rgb(bar_colour).mix(0.55).filled(),
                )
            }))
            .map_err(draw_error)?;
        if let Some((mean, se)) = normal {
            let curve = (0..=400).map(|i| {
                let x = x_low + (x_high - x_low) * i as f64 / 400.0;
                (x, normal_pdf(x, mean, se).min(y_high))
            });
            chart
                .draw_series(LineSeries::new(curve, line_style(curve_colour, frame, 2.5)))
                .map_err(draw_error)?;
        }
        if let Some(sum) = exact_sum {
            let n = self.sample_size as f64;
            let curve: Vec<(f64, f64)> = (0..=400)
                .map(|i| {
                    let x = x_low + (x_high - x_low) * i as f64 / 400.0;
                    (x, n * sum.density(n * x))
                })
                .filter(|(_, y)| y.is_finite())
                .map(|(x, y)| (x, y.min(y_high)))
                .collect();
            chart
                .draw_series(DashedLineSeries::new(
                    curve,
                    frame.px(6.0) as i32,
                    frame.px(4.0) as i32,
                    line_style(exact_colour, frame, 1.5),
                ))
                .map_err(draw_error)?;
        }
        let mut entries = vec![(labels[0], mix_with_background(bar_colour, 0.55, frame))];
        if normal.is_some() {
            entries.push((labels[1], curve_colour));
        }
        if exact_sum.is_some() {
            entries.push((labels[2], exact_colour));
        }
        draw_legend(area, frame, &entries)
    }
}

/// A colour as it looks drawn with `opacity` over the page's background (for legend swatches
/// of translucent fills).
fn mix_with_background(colour: [u8; 3], opacity: f64, frame: &Frame) -> [u8; 3] {
    let background = frame.theme.background;
    std::array::from_fn(|i| {
        (f64::from(colour[i]) * opacity + f64::from(background[i]) * (1.0 - opacity)).round() as u8
    })
}

impl DrawDemo for LlnClt {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // The running means move with the animation; both plots are cheap enough to redraw
        // whole, so everything lives on the foreground layer.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_running(area, frame),
            1 => self.draw_means(area, frame),
            _ => self.draw_cdfs(area, frame),
        }
    }
}

impl Demo for LlnClt {
    fn param(&self, key: &str) -> Option<String> {
        let s = &self.source;
        Some(match key {
            "family" => s.family.key().to_owned(),
            "mean" => format_param_number(s.mean),
            "sd" => format_param_number(s.std_dev),
            "rate" => format_param_number(s.rate),
            "p" => format_param_number(s.p),
            "trials" => s.trials.to_string(),
            "low" => format_param_number(s.low),
            "high" => format_param_number(s.high),
            "shape" => format_param_number(s.shape),
            "alpha" => format_param_number(s.alpha),
            "beta" => format_param_number(s.beta),
            "dof" => format_param_number(s.dof),
            "draws" => self.draws.to_string(),
            "paths" => self.paths.to_string(),
            "n" => self.sample_size.to_string(),
            "experiments" => self.experiments.to_string(),
            "seed" => self.seed.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        let mut source = self.source;
        match key {
            "family" => {
                let key = parse_choice(value, FAMILIES)?;
                source.family = Family::from_key(key).unwrap_or(Family::Exponential);
            }
            "mean" => source.mean = parse_number(value, -5.0, 5.0)?,
            "sd" => source.std_dev = parse_number(value, 0.1, 5.0)?,
            "rate" => source.rate = parse_number(value, 0.1, 20.0)?,
            "p" => source.p = parse_number(value, 0.01, 0.99)?,
            "trials" => source.trials = parse_integer(value, 1, 100)? as u64,
            "low" => source.low = parse_number(value, -10.0, 10.0)?,
            "high" => source.high = parse_number(value, -10.0, 10.0)?,
            "shape" => source.shape = parse_number(value, 0.1, 20.0)?,
            "alpha" => source.alpha = parse_number(value, 0.1, 20.0)?,
            "beta" => source.beta = parse_number(value, 0.1, 20.0)?,
            "dof" => source.dof = parse_number(value, 0.5, 50.0)?,
            "draws" => {
                self.draws = parse_integer(value, 10, 10_000)? as usize;
                self.recompute_running();
                return Ok(());
            }
            "paths" => {
                self.paths = parse_integer(value, 1, 20)? as usize;
                self.recompute_running();
                return Ok(());
            }
            "n" => {
                self.sample_size = parse_number(value, 1.0, 100.0)?.round() as usize;
                self.recompute_means();
                return Ok(());
            }
            "experiments" => {
                self.experiments = parse_integer(value, 100, 10_000)? as usize;
                self.recompute_means();
                return Ok(());
            }
            "seed" => self.seed = parse_integer(value, 0, 4_294_967_295)? as u64,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        // An empty interval is refused whichever family is chosen, so that choosing the
        // uniform later never meets it.
        if source.low == source.high {
            return Err("the uniform's ends a and b must differ".to_owned());
        }
        source.distribution().validate()?;
        self.source = source;
        self.recompute_running();
        self.recompute_means();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        self.source.is_used(key)
    }

    fn work_chunk(&mut self) -> Option<f64> {
        if self.means_run.is_complete() {
            return None;
        }
        self.means_run.generate(DRAWS_PER_CHUNK);
        self.summarise_means();
        Some(self.means_run.progress())
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        match key {
            "regenerate" => {
                let next = (self.seed + 1) % (4_294_967_295 + 1);
                self.set_param("seed", &next.to_string())
            }
            _ => Err(format!("“{key}” is not an action of this demo")),
        }
    }

    fn export(&self, key: &str) -> Option<String> {
        if key != "sample-means" {
            return None;
        }
        let mut csv = format!("experiment,mean_of_{}_draws\n", self.sample_size);
        for (index, mean) in self.means_run.means.iter().enumerate() {
            csv.push_str(&format!("{},{mean}\n", index + 1));
        }
        Some(csv)
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.draws
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    /// Adds draws in a geometric progression (about 3 % more per frame), so every decade of the
    /// log axis takes about the same time: a few seconds for 10,000 draws.
    fn advance_frame(&mut self) -> bool {
        let per_frame = (self.playhead.shown / 30).max(1);
        self.playhead.advance(per_frame)
    }

    fn readouts(&self) -> Vec<Readout> {
        let readout = |name: &str, label: &str, value: ReadoutValue| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: String::new(),
        };
        let text = |t: &str| ReadoutValue::Text(t.to_owned());
        let number_or = |x: Option<f64>, why: &str| match x.filter(|x| x.is_finite()) {
            Some(x) => ReadoutValue::Number(x),
            None => text(why),
        };
        let (mean, sd) = self.mean_and_sd();
        let no_mean = "undefined (the mean does not exist)";
        let no_sd = "undefined (infinite variance)";
        let why_sd = if mean.is_none() { no_mean } else { no_sd };
        let shown = self.shown();
        let running_first = shown
            .checked_sub(1)
            .and_then(|i| self.running.first()?.get(i).copied());
        let band = sd
            .filter(|_| shown > 0)
            .map(|sd| sd / (shown as f64).sqrt());
        let within = match (mean, band) {
            (Some(mean), Some(band)) => ReadoutValue::Integer(
                self.running
                    .iter()
                    .filter_map(|path| path.get(shown - 1))
                    .filter(|x| (*x - mean).abs() <= 2.0 * band)
                    .count() as i64,
            ),
            _ if shown == 0 => text("undefined (no draws yet)"),
            _ => text(why_sd),
        };
        let root_n = (self.sample_size as f64).sqrt();
        let skewness = self.distribution().skewness().filter(|g| g.is_finite());
        let moments = self.means.moments;
        vec![
            readout("draws", "Draws n", ReadoutValue::Integer(shown as i64)),
            readout("mu", "Mean μ", number_or(mean, no_mean)),
            readout("sigma", "Standard deviation σ", number_or(sd, why_sd)),
            readout(
                "running-mean",
                "Running mean x̄ₙ (path 1)",
                number_or(running_first, "undefined (no draws yet)"),
            ),
            readout(
                "deviation",
                "|x̄ₙ − μ| (path 1)",
                match (running_first, mean) {
                    (Some(x), Some(mean)) => number_or(Some((x - mean).abs()), no_mean),
                    (None, _) => text("undefined (no draws yet)"),
                    _ => text(no_mean),
                },
            ),
            readout(
                "band",
                "Band half-width σ/√n",
                match band {
                    Some(band) => ReadoutValue::Number(band),
                    None if shown == 0 => text("undefined (no draws yet)"),
                    None => text(why_sd),
                },
            ),
            readout("paths-within-2se", "Paths within 2σ/√n", within),
            readout(
                "clt-n",
                "Sample size n",
                ReadoutValue::Integer(self.sample_size as i64),
            ),
            readout(
                "standard-error",
                "σ/√n",
                number_or(sd.map(|sd| sd / root_n), why_sd),
            ),
            readout(
                "mean-of-means",
                "Mean of the sample means",
                number_or(moments.map(|m| m.0), "undefined (too few finite means)"),
            ),
            readout(
                "sd-of-means",
                "Sd of the sample means",
                number_or(moments.map(|m| m.1), "undefined (too few finite means)"),
            ),
            readout(
                "ks-distance",
                "KS distance to N(μ, σ²/n) (simulated)",
                number_or(self.means.ks_gap.map(|gap| gap.distance), why_sd),
            ),
            readout(
                "exact-ks-distance",
                "KS distance (exact)",
                number_or(
                    self.means.exact_ks_distance,
                    "no closed form for this family",
                ),
            ),
            readout(
                "skewness-of-mean",
                "Skewness of x̄, γ/√n",
                number_or(
                    skewness.map(|g| skewness_of_mean(g, self.sample_size)),
                    "undefined (no third moment)",
                ),
            ),
            readout(
                "sample-skewness-of-means",
                "Skewness of the simulated means",
                number_or(moments.map(|m| m.2), "undefined (too few finite means)"),
            ),
        ]
    }

    fn notices(&self) -> Vec<Notice> {
        let (mean, sd) = self.mean_and_sd();
        let text = match (mean, sd) {
            (None, _) => {
                "This Student t has ν ≤ 1, so its mean does not exist (ν = 1 is the Cauchy distribution): the running means never settle, and a mean of n draws is as spread out as one draw. Neither theorem applies."
            }
            (Some(_), None) => {
                "This Student t has 1 < ν ≤ 2: the mean exists, so the running means do converge (slowly), but the variance is infinite, so there is no σ/√n band and the central limit theorem does not apply."
            }
            _ => return Vec::new(),
        };
        vec![Notice {
            level: NoticeLevel::Warning,
            text: text.to_owned(),
        }]
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
    use crate::demos::test_support::readout_value as value;

    #[test]
    fn default_exponential_readouts() {
        let mut demo = LlnClt::default();
        while demo.work_chunk().is_some() {}
        assert_eq!(demo.means.sorted.len(), 10_000);
        assert_eq!(value(&demo, "mu"), ReadoutValue::Number(1.0));
        assert_eq!(value(&demo, "sigma"), ReadoutValue::Number(1.0));
        // σ/√1000 and γ/√5 = 2/√5 for the exponential.
        assert_eq!(
            value(&demo, "band"),
            ReadoutValue::Number(1.0 / 1000f64.sqrt())
        );
        assert_eq!(
            value(&demo, "skewness-of-mean"),
            ReadoutValue::Number(2.0 / 5f64.sqrt())
        );
        let ReadoutValue::Number(exact) = value(&demo, "exact-ks-distance") else {
            panic!()
        };
        let ReadoutValue::Number(simulated) = value(&demo, "ks-distance") else {
            panic!()
        };
        // 10,000 experiments: the simulated distance is within 0.02 of the exact one.
        assert!((exact - simulated).abs() < 0.02, "{exact} {simulated}");
    }

    #[test]
    fn cauchy_and_infinite_variance_read_as_text() {
        let mut demo = LlnClt::default();
        demo.set_param("family", "student-t").unwrap();
        demo.set_param("dof", "1").unwrap();
        assert!(matches!(value(&demo, "mu"), ReadoutValue::Text(_)));
        assert!(matches!(value(&demo, "ks-distance"), ReadoutValue::Text(_)));
        assert_eq!(demo.notices().len(), 1);
        demo.set_param("dof", "1.5").unwrap();
        assert_eq!(value(&demo, "mu"), ReadoutValue::Number(0.0));
        assert!(matches!(value(&demo, "sigma"), ReadoutValue::Text(_)));
    }

    #[test]
    fn uniform_ends_may_come_in_either_order_but_not_coincide() {
        let mut demo = LlnClt::default();
        demo.set_param("family", "uniform").unwrap();
        demo.set_param("low", "3").unwrap();
        assert_eq!(value(&demo, "mu"), ReadoutValue::Number(2.0));
        assert!(demo.set_param("high", "3").is_err());
        assert_eq!(demo.param("high").as_deref(), Some("1"));
    }
}
