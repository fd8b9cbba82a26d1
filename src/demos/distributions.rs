//! The distribution sampler: draw up to a million seeded samples from one of eleven
//! distributions, see their histogram against the exact pmf/pdf (or the empirical CDF against
//! the CDF), their moments next to the exact ones, and a goodness-of-fit test (chi-square for
//! discrete families, Kolmogorov–Smirnov for continuous ones).
//!
//! The heavy work (sampling a million values, sorting them for the KS test) is spread over
//! animation frames by [`Demo::work_chunk`]; up to [`SYNC_SAMPLES`] samples are
//! drawn and binned at once, so dragging a parameter slider with 100,000 samples redraws every
//! frame. The samples are always the first n draws of one seeded ChaCha8 stream, so "draw 100"
//! and playing (revealing the samples one frame at a time) only extend the same sequence.

use plotters::coord::Shift;
use plotters::prelude::*;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::drawing::{fill_style, line_style, text_style, themed_chart};
use super::params::{
    format_param_number, format_toggle, parse_choice, parse_integer, parse_number, parse_toggle,
    round_significant,
};
use super::playhead::Playhead;
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult,
    ExportSpec, Frame, Layer, Notice, NoticeLevel, PlotSpec, Readout, ReadoutSpec, ReadoutValue,
    draw_error, format_number,
};
use crate::math::distributions::{Distribution, FAMILY_OPTIONS, Family};
use crate::math::sample_stats::{
    GoodnessOfFit, Histogram, KolmogorovSmirnovJob, MergeSort, Moments, chi_square_test,
    freedman_diaconis_bins, kolmogorov_smirnov_p_value,
};
use crate::render::theme::{SERIES_COLOURS, rgb};

/// The largest sample size.
pub const MAX_SAMPLES: usize = 1_000_000;
/// Up to this many samples are drawn and binned inside the call that changed a parameter
/// (about 7 ms of normal samples in the browser, measured at ~70 ns a sample with the counting,
/// so a 100,000-sample drag still redraws every frame); more are left to [`Demo::work_chunk`].
pub const SYNC_SAMPLES: usize = 100_000;
/// Up to this many samples are also tested (KS) at once; more in chunks.
pub const SYNC_KS_SAMPLES: usize = 20_000;
/// Samples drawn (and binned) per chunk: about 1 ms of normal samples in the browser, so the
/// shell's 8 ms work budget is overrun by at most a millisecond.
const SAMPLE_CHUNK: usize = 16_384;
/// Moments are merged in blocks at fixed positions of the sequence, so the numbers depend
/// only on n, never on how the samples arrived (one call, chunks, "draw 100", playing).
const MOMENT_BLOCK: usize = 4_096;
/// The fine histogram the automatic bin rule reads its quartiles from.
const FINE_BINS: usize = 4_096;
/// The largest bin count of the slider.
const MAX_BINS: i64 = 200;
/// Samples shown as a rug of ticks under the histogram: the most recent ones.
const RUG_SAMPLES: usize = 60;
/// The significance level of the verdict.
const ALPHA: f64 = 0.05;

/// The family select's options: the URL values and labels of `math::distributions`.
const FAMILIES: &[(&str, &str)] = &FAMILY_OPTIONS;

const fn slider(min: f64, max: f64, step: f64, log: bool) -> ControlKind {
    ControlKind::slider(min, max, step, log)
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "family",
        aliases: &[],
        label: "Distribution",
        kind: ControlKind::Select { options: FAMILIES },
        help: "The distribution the samples are drawn from; only its own parameters are active",
        group: "Distribution",
        example: "poisson",
    },
    ControlSpec {
        key: "mu",
        aliases: &[],
        label: "Mean μ",
        kind: slider(-5.0, 5.0, 0.01, false),
        help: "The mean μ of the Gaussian",
        group: "Distribution",
        example: "1.5",
    },
    ControlSpec {
        key: "sigma",
        aliases: &[],
        label: "Standard deviation σ",
        kind: slider(0.1, 5.0, 0.01, true),
        help: "The standard deviation σ of the Gaussian, 0.1 to 5 on a log scale",
        group: "Distribution",
        example: "2",
    },
    ControlSpec {
        key: "lambda",
        aliases: &[],
        label: "Rate λ",
        kind: slider(0.1, 50.0, 0.01, true),
        help: "The Poisson rate λ, its mean and variance, 0.1 to 50",
        group: "Distribution",
        example: "12",
    },
    ControlSpec {
        key: "p",
        aliases: &[],
        label: "Success probability p",
        kind: slider(0.01, 0.99, 0.01, false),
        help: "The success probability p of the Bernoulli, binomial and geometric distributions",
        group: "Distribution",
        example: "0.7",
    },
    ControlSpec {
        key: "trials",
        aliases: &[],
        label: "Trials n",
        kind: ControlKind::Integer { min: 1, max: 200 },
        help: "The number of trials of the binomial, 1 to 200",
        group: "Distribution",
        example: "40",
    },
    ControlSpec {
        key: "a",
        aliases: &[],
        label: "Lower end a",
        kind: slider(-5.0, 5.0, 0.01, false),
        help: "The lower end a of the uniform distribution (below b)",
        group: "Distribution",
        example: "-2",
    },
    ControlSpec {
        key: "b",
        aliases: &[],
        label: "Upper end b",
        kind: slider(-5.0, 5.0, 0.01, false),
        help: "The upper end b of the uniform distribution (above a)",
        group: "Distribution",
        example: "3",
    },
    ControlSpec {
        key: "rate",
        aliases: &[],
        label: "Rate β",
        kind: slider(0.1, 10.0, 0.01, true),
        help: "The rate of the exponential (mean 1/β) and of the gamma (mean k/β)",
        group: "Distribution",
        example: "2.5",
    },
    ControlSpec {
        key: "shape",
        aliases: &[],
        label: "Shape k",
        kind: slider(0.1, 20.0, 0.01, true),
        help: "The shape k of the gamma distribution; k = 1 is the exponential",
        group: "Distribution",
        example: "5",
    },
    ControlSpec {
        key: "alpha",
        aliases: &[],
        label: "α",
        kind: slider(0.1, 20.0, 0.01, true),
        help: "The first shape α of the beta distribution",
        group: "Distribution",
        example: "0.5",
    },
    ControlSpec {
        key: "beta",
        aliases: &[],
        label: "β",
        kind: slider(0.1, 20.0, 0.01, true),
        help: "The second shape β of the beta distribution",
        group: "Distribution",
        example: "0.5",
    },
    ControlSpec {
        key: "nu",
        aliases: &[],
        label: "Degrees of freedom ν",
        kind: slider(0.5, 100.0, 0.01, true),
        help: "The degrees of freedom ν of Student's t; ν = 1 is the Cauchy distribution (no mean), large ν approaches the standard normal",
        group: "Distribution",
        example: "1",
    },
    ControlSpec {
        key: "k",
        aliases: &[],
        label: "Degrees of freedom k",
        kind: slider(0.5, 100.0, 0.01, true),
        help: "The degrees of freedom k of the chi-squared distribution (the sum of k squared standard normals)",
        group: "Distribution",
        example: "10",
    },
    ControlSpec {
        key: "n",
        aliases: &[],
        label: "Sample size n",
        kind: slider(1.0, MAX_SAMPLES as f64, 1.0, true),
        help: "How many samples are drawn, 1 to 1,000,000 on a log scale (rounded to a whole number); the draw buttons add to it",
        group: "Sample",
        example: "5000",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 4_294_967_295,
        },
        help: "The random seed: the same seed gives the same samples, bit for bit",
        group: "Sample",
        example: "7",
    },
    ControlSpec {
        key: "bins",
        aliases: &[],
        label: "Bins (0 = automatic)",
        kind: slider(0.0, MAX_BINS as f64, 1.0, false),
        help: "The number of histogram bins over the plot range for continuous families; 0 chooses it by the Freedman–Diaconis rule (discrete families get one bar per value)",
        group: "View",
        // Clearly fewer than the automatic ~25 bins of the default sample.
        example: "12",
    },
    ControlSpec {
        key: "cdf",
        aliases: &[],
        label: "Show CDFs",
        kind: ControlKind::Toggle,
        help: "Shows the empirical CDF of the sample against the exact CDF instead of the histogram against the pmf/pdf",
        group: "View",
        example: "1",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "samples",
        help: "The number of samples shown (n, or fewer while playing)",
    },
    ReadoutSpec {
        name: "sample-mean",
        help: "The sample mean x̄",
    },
    ReadoutSpec {
        name: "exact-mean",
        help: "The distribution's mean E[X], or “undefined” (Student t with ν ≤ 1)",
    },
    ReadoutSpec {
        name: "sample-variance",
        help: "The sample variance with ddof = 1, Σ(x − x̄)²/(n − 1) (undefined for n < 2)",
    },
    ReadoutSpec {
        name: "exact-variance",
        help: "The distribution's variance, or “infinite/undefined” (Student t with ν ≤ 2)",
    },
    ReadoutSpec {
        name: "sample-std",
        help: "The sample standard deviation, the square root of the ddof = 1 variance",
    },
    ReadoutSpec {
        name: "exact-std",
        help: "The distribution's standard deviation",
    },
    ReadoutSpec {
        name: "sample-skewness",
        help: "The sample skewness g₁ = m₃/m₂^{3/2} with m_k = Σ(x − x̄)ᵏ/n (scipy.stats.skew's default), undefined for n < 3 or equal values",
    },
    ReadoutSpec {
        name: "exact-skewness",
        help: "The distribution's skewness E[(X − μ)³]/σ³, or “undefined”",
    },
    ReadoutSpec {
        name: "test",
        help: "The goodness-of-fit test used: Pearson's chi-square (discrete families, cells merged to expected counts ≥ 5) or Kolmogorov–Smirnov (continuous families)",
    },
    ReadoutSpec {
        name: "statistic",
        help: "The test statistic: X² = Σ(O − E)²/E, or D = sup|Fₙ(x) − F(x)|",
    },
    ReadoutSpec {
        name: "degrees-of-freedom",
        help: "The chi-square test's degrees of freedom: merged cells − 1",
    },
    ReadoutSpec {
        name: "p-value",
        help: "The probability of a statistic at least this large if the samples come from the distribution (KS: Stephens' approximation of the Kolmogorov distribution)",
    },
    ReadoutSpec {
        name: "verdict",
        help: "Whether the test rejects the distribution at the 5 % level",
    },
    ReadoutSpec {
        name: "bins",
        help: "The number of histogram bins (bars) drawn",
    },
    ReadoutSpec {
        name: "bin-width",
        help: "The width of one histogram bin",
    },
    ReadoutSpec {
        name: "outside",
        help: "Samples outside the plotted x range (counted in the statistics, not drawn)",
    },
];

const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        key: "draw-1",
        label: "Draw 1",
        help: "Adds one sample: n grows by 1, the next draw of the same seeded stream",
        group: "Sample",
    },
    ActionSpec {
        key: "draw-100",
        label: "Draw 100",
        help: "Adds 100 samples: n grows by 100",
        group: "Sample",
    },
    ActionSpec {
        key: "new-seed",
        label: "New sample",
        help: "Draws a fresh sample of the same size: the seed goes up by 1",
        group: "Sample",
    },
];

const EXPORTS: &[ExportSpec] = &[ExportSpec {
    key: "samples",
    label: "samples (CSV)",
    file_name: "samples.csv",
    mime: "text/csv",
}];

const PLOTS: &[PlotSpec] = &[PlotSpec {
    id: "histogram",
    title: "Samples against the distribution",
    alt: "A histogram of the samples, scaled to a density, with the exact probability density (or the probability mass as dots for discrete distributions) drawn over it; with “Show CDFs” the empirical CDF of the samples as a step curve over the exact CDF, the largest gap D marked. Ticks under the axis show the most recent samples.",
    aspect_ratio: 0.62,
    interactive: false,
}];

pub const INFO: DemoInfo = DemoInfo {
    id: "distributions",
    title: "Distribution sampler",
    chapter: Chapter::ProbabilityStatistics,
    summary: "Draw up to a million seeded samples from eleven distributions: histogram against the exact pmf/pdf, empirical CDF, moments next to the exact ones, and a chi-square or Kolmogorov–Smirnov test of the fit.",
    explanation: r#"A random variable is described by its distribution: a probability mass function $P(X = k)$ for discrete variables (counts, successes), a density $f(x)$ with $P(a \le X \le b) = \int_a^b f(x)\,dx$ for continuous ones. Draw samples and the histogram, scaled so that its bars have total area 1, approaches the density; the empirical CDF $F_n(x) = \frac{1}{n}\#\{i : x_i \le x\}$ approaches the CDF $F(x) = P(X \le x)$ uniformly (the Glivenko–Cantelli theorem). Press play to watch it happen one sample at a time, or raise $n$ to a million.

The sample moments estimate the distribution's moments, shown side by side:

$$\bar x = \frac{1}{n}\sum_i x_i, \qquad s^2 = \frac{1}{n-1}\sum_i (x_i - \bar x)^2, \qquad g_1 = \frac{\frac1n\sum_i (x_i-\bar x)^3}{\left(\frac1n\sum_i (x_i-\bar x)^2\right)^{3/2}}$$

The variance divides by $n - 1$ (ddof = 1, Bessel's correction), which makes $E[s^2] = \sigma^2$; the skewness uses the plain $1/n$ moments (ddof = 0, scipy's default). By the law of large numbers $\bar x \to \mu$, and the central limit theorem says how fast: $\bar x$ scatters around $\mu$ with standard deviation $\sigma/\sqrt n$, so a hundred times more samples give one more correct digit. Student's $t$ with $\nu = 1$ is the Cauchy distribution: it has no mean, and its sample mean never settles, however large $n$ is.

Does the sample match the distribution? A goodness-of-fit test answers with a p-value: the probability of a discrepancy at least this large if it does. For discrete families, Pearson's chi-square compares observed counts $O_j$ with expected counts $E_j = n\,P(X = j)$, cells merged until every $E_j \ge 5$:

$$X^2 = \sum_j \frac{(O_j - E_j)^2}{E_j} \;\sim\; \chi^2_{\text{cells} - 1}$$

For continuous families, the Kolmogorov–Smirnov statistic is the largest vertical gap between the empirical and the exact CDF (marked on the CDF view), with $\sqrt n\,D_n$ following the Kolmogorov distribution for large $n$:

$$D_n = \sup_x |F_n(x) - F(x)|, \qquad P(D_n > d) \approx 2\sum_{j\ge1} (-1)^{j-1} e^{-2j^2\lambda^2}, \quad \lambda = \left(\sqrt n + 0.12 + \tfrac{0.11}{\sqrt n}\right) d$$

(Stephens' correction makes the limit accurate from $n \approx 5$). Samples drawn from the distribution itself give p-values spread uniformly on $[0, 1]$: one seed in twenty lands below 0.05 and is "rejected" by chance, which is what the 5 % level means. Change the seed to see it.

The histogram's bin width follows the Freedman–Diaconis rule $h = 2\,\mathrm{IQR}\,n^{-1/3}$, robust to heavy tails because it uses the interquartile range, not the standard deviation; the bins slider overrides it. Discrete families get one bar per value. The samples come from one seeded ChaCha8 stream (rand_distr's samplers; the densities, CDFs and moments from statrs), so the same link shows the same samples bit for bit, and the CSV download holds exactly the samples shown."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: ACTIONS,
    exports: EXPORTS,
    imports: &[],
    create: || Box::new(DistributionSampler::default()),
};

/// Every parameter of every family (each keeps its value while another family is shown).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Parameters {
    mean: f64,
    std_dev: f64,
    poisson_rate: f64,
    p: f64,
    trials: u64,
    low: f64,
    high: f64,
    rate: f64,
    shape: f64,
    alpha: f64,
    beta: f64,
    t_dof: f64,
    chi_dof: f64,
}

impl Default for Parameters {
    fn default() -> Self {
        Self {
            mean: 0.0,
            std_dev: 1.0,
            poisson_rate: 4.0,
            p: 0.3,
            trials: 20,
            low: 0.0,
            high: 1.0,
            rate: 1.0,
            shape: 2.0,
            alpha: 2.0,
            beta: 5.0,
            t_dof: 5.0,
            chi_dof: 3.0,
        }
    }
}

/// The Kolmogorov–Smirnov test of the first `count` samples, in progress or done.
#[derive(Clone, Debug)]
struct KsJob {
    /// The number of samples being tested.
    count: usize,
    job: KolmogorovSmirnovJob,
}

impl KsJob {
    fn new(sample: &[f64]) -> Self {
        Self {
            count: sample.len(),
            job: KolmogorovSmirnovJob::new(sample),
        }
    }
}

/// The state of the distribution sampler (not `Clone`: the ChaCha generator is not).
#[derive(Debug)]
pub struct DistributionSampler {
    /// The family the samples come from.
    family: Family,
    parameters: Parameters,
    /// The sample size n.
    sample_size: usize,
    seed: u64,
    /// The bin count asked for; 0 = automatic (Freedman–Diaconis).
    bins: usize,
    /// Show the empirical CDF instead of the histogram.
    show_cdf: bool,
    /// How many of the n samples are shown (the playhead: play reveals them).
    playhead: Playhead,
    /// The generator, positioned after `samples`.
    rng: ChaCha8Rng,
    /// The samples drawn so far: the first `samples.len()` values of the seeded stream.
    samples: Vec<f64>,
    /// The moments of the complete [`MOMENT_BLOCK`]s among the counted samples.
    block_moments: Moments,
    /// A fine histogram over the plot range (continuous families: quartiles for the bin rule
    /// and the empirical CDF at large n), over the first `counted` samples.
    fine: Histogram,
    /// The histogram that is drawn, over the first `display_counted` samples.
    display: Histogram,
    display_counted: usize,
    /// Samples included in `block_moments` (a multiple of the block) and `fine`.
    moments_counted: usize,
    fine_counted: usize,
    /// The Kolmogorov–Smirnov test in progress or done (continuous families).
    ks: Option<KsJob>,
}

impl Default for DistributionSampler {
    fn default() -> Self {
        let mut demo = Self {
            family: Family::Normal,
            parameters: Parameters::default(),
            sample_size: 1_000,
            seed: 1,
            bins: 0,
            show_cdf: false,
            playhead: Playhead::at_end(1_000),
            rng: ChaCha8Rng::seed_from_u64(1),
            samples: Vec::new(),
            block_moments: Moments::default(),
            fine: Histogram::new(0.0, 1.0, 1),
            display: Histogram::new(0.0, 1.0, 1),
            display_counted: 0,
            moments_counted: 0,
            fine_counted: 0,
            ks: None,
        };
        demo.resample();
        demo
    }
}

/// What [`DistributionSampler::work`] may do in one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Budget {
    /// Everything that fits the synchronous limits.
    Synchronous,
    /// One bounded chunk (about a millisecond).
    Chunk,
}

impl DistributionSampler {
    /// The distribution of the current family with its parameters.
    pub fn distribution(&self) -> Distribution {
        let p = &self.parameters;
        match self.family {
            Family::Normal => Distribution::Normal {
                mean: p.mean,
                std_dev: p.std_dev,
            },
            Family::Poisson => Distribution::Poisson {
                rate: p.poisson_rate,
            },
            Family::Bernoulli => Distribution::Bernoulli { p: p.p },
            Family::Binomial => Distribution::Binomial {
                trials: p.trials,
                p: p.p,
            },
            Family::Geometric => Distribution::Geometric { p: p.p },
            Family::Uniform => Distribution::Uniform {
                low: p.low,
                high: p.high,
            },
            Family::Exponential => Distribution::Exponential { rate: p.rate },
            Family::Gamma => Distribution::Gamma {
                shape: p.shape,
                rate: p.rate,
            },
            Family::Beta => Distribution::Beta {
                alpha: p.alpha,
                beta: p.beta,
            },
            Family::StudentT => Distribution::StudentT { dof: p.t_dof },
            Family::ChiSquared => Distribution::ChiSquared { dof: p.chi_dof },
        }
    }

    /// The samples shown (the first `playhead.shown` of the stream), once drawn.
    pub fn shown_samples(&self) -> &[f64] {
        &self.samples[..self.shown().min(self.samples.len())]
    }

    fn shown(&self) -> usize {
        self.playhead.shown
    }

    /// The x range of the plot (and of the histograms).
    fn plot_range(&self) -> (f64, f64) {
        let (low, high) = self.distribution().plot_range();
        if low.is_finite() && high.is_finite() && high > low {
            (low, high)
        } else {
            (-1.0, 1.0)
        }
    }

    /// The number of bars drawn: one per integer for discrete families; the slider's value,
    /// or Freedman–Diaconis from the fine histogram's quartiles, for continuous ones.
    fn display_bins(&self) -> usize {
        let (low, high) = self.plot_range();
        if self.family.is_discrete() {
            return ((high - low).round() as usize).max(1);
        }
        if self.bins > 0 {
            return self.bins;
        }
        let iqr = match (self.fine.quantile(0.25), self.fine.quantile(0.75)) {
            (Some(q1), Some(q3)) => q3 - q1,
            _ => 0.0,
        };
        freedman_diaconis_bins(iqr, self.fine.total(), high - low)
    }

    /// Everything derived from the samples is thrown away and redrawn: the distribution,
    /// the seed or the family changed.
    fn resample(&mut self) {
        self.rng = ChaCha8Rng::seed_from_u64(self.seed);
        self.samples.clear();
        self.reset_statistics();
        self.work(Budget::Synchronous);
    }

    /// Forgets the statistics (the samples stay): the playhead moved back.
    fn reset_statistics(&mut self) {
        let (low, high) = self.plot_range();
        self.block_moments = Moments::default();
        self.moments_counted = 0;
        self.fine = Histogram::new(low, high, FINE_BINS);
        self.fine_counted = 0;
        self.display = Histogram::new(low, high, 1);
        self.display_counted = 0;
        self.ks = None;
    }

    /// The playhead or n moved: statistics follow the shown prefix.
    fn after_playhead_change(&mut self) {
        if self.shown() < self.fine_counted || self.shown() < self.display_counted {
            self.reset_statistics();
        }
        if self.ks.as_ref().is_some_and(|ks| ks.count != self.shown()) {
            self.ks = None;
        }
        self.work(Budget::Synchronous);
    }

    /// Advances the pending work: sampling and binning up to the shown count, the display
    /// histogram, then the KS test. Returns the fraction done, None when nothing is pending.
    fn work(&mut self, budget: Budget) -> Option<f64> {
        let target = self.shown();
        let synchronous = budget == Budget::Synchronous;
        if synchronous && target > SYNC_SAMPLES && self.fine_counted < target {
            return self.progress();
        }
        // 1. Draw and count samples (moments in fixed blocks, the fine histogram).
        while self.fine_counted < target {
            let end = if synchronous {
                target
            } else {
                (self.fine_counted + self.sample_chunk()).min(target)
            };
            if self.samples.len() < end {
                let distribution = self.distribution();
                let missing = end - self.samples.len();
                distribution.sample_into(&mut self.rng, missing, &mut self.samples);
                if self.samples.len() < end {
                    // Only an invalid distribution draws nothing; set_param prevents that.
                    return None;
                }
            }
            if !self.family.is_discrete() {
                self.fine.add_all(&self.samples[self.fine_counted..end]);
            }
            self.fine_counted = end;
            let whole_blocks = end / MOMENT_BLOCK * MOMENT_BLOCK;
            while self.moments_counted < whole_blocks {
                let block =
                    &self.samples[self.moments_counted..self.moments_counted + MOMENT_BLOCK];
                self.block_moments = self.block_moments.merge(Moments::of_slice(block));
                self.moments_counted += MOMENT_BLOCK;
            }
            if !synchronous {
                return self.progress();
            }
        }
        // 2. The drawn histogram (its bin count depends on all the counted samples).
        let bins = self.display_bins();
        if self.display.counts.len() != bins || self.display_counted > target {
            let (low, high) = self.plot_range();
            self.display = Histogram::new(low, high, bins);
            self.display_counted = 0;
        }
        if self.display_counted < target {
            let end = if synchronous || target <= SYNC_SAMPLES {
                target
            } else {
                (self.display_counted + 4 * SAMPLE_CHUNK).min(target)
            };
            self.display
                .add_all(&self.samples[self.display_counted..end]);
            self.display_counted = end;
            if !synchronous && end < target {
                return self.progress();
            }
        }
        // 3. The KS test of continuous families: sort a copy, then sweep it.
        if self.family.is_discrete() || target == 0 {
            return None;
        }
        if synchronous && target > SYNC_KS_SAMPLES {
            return self.progress();
        }
        let distribution = self.distribution();
        // statrs CDFs of gamma, beta, t and chi-squared cost ~0.2 µs natively (several times
        // that in the browser), the closed forms far less: about 1 ms of CDF calls a chunk.
        let budget = if synchronous {
            usize::MAX
        } else if matches!(
            self.family,
            Family::Normal | Family::Uniform | Family::Exponential
        ) {
            8_192
        } else {
            1_024
        };
        let samples = &self.samples[..target];
        let ks = self.ks.get_or_insert_with(|| KsJob::new(samples));
        // A quarter of a run of 16,384 values (weighted 8 a value), or 32,768 merged values:
        // about 1 ms in the browser (a slice of 131,072 measured 4–5 ms, overrunning frames).
        let sort_budget = if synchronous {
            usize::MAX
        } else {
            2 * MergeSort::RUN
        };
        if ks.job.advance(|x| distribution.cdf(x), sort_budget, budget) {
            None
        } else {
            self.progress()
        }
    }

    /// Samples drawn per chunk: [`SAMPLE_CHUNK`] for the cheap samplers (ziggurat normal and
    /// exponential, one uniform or comparison), a quarter of it for those that loop or call
    /// special functions (rejection samplers of gamma, beta, t, chi-squared, Poisson,
    /// binomial), about 50 ns a sample in the browser.
    fn sample_chunk(&self) -> usize {
        match self.family {
            Family::Normal | Family::Uniform | Family::Exponential | Family::Bernoulli => {
                SAMPLE_CHUNK
            }
            _ => SAMPLE_CHUNK / 4,
        }
    }

    /// The fraction of the pending work done (sampling counts twice as much as the KS test).
    fn progress(&self) -> Option<f64> {
        let target = self.shown().max(1) as f64;
        let sampled = (self.fine_counted as f64 / target).min(1.0);
        let displayed = (self.display_counted as f64 / target).min(1.0);
        let tested = match (&self.ks, self.family.is_discrete()) {
            (_, true) => 1.0,
            (None, false) => 0.0,
            (Some(ks), false) => ks.job.progress(),
        };
        let fraction = 0.5 * sampled + 0.1 * displayed + 0.4 * tested;
        (fraction < 1.0).then_some(fraction)
    }

    /// True while samples of the shown prefix are still being drawn or counted.
    fn sampling_pending(&self) -> bool {
        self.fine_counted < self.shown() || self.display_counted < self.shown()
    }

    /// The moments of the shown samples: the complete blocks plus the tail.
    fn moments(&self) -> Option<Moments> {
        if self.sampling_pending() {
            return None;
        }
        let shown = self.shown_samples();
        let blocks_end = self.moments_counted.min(shown.len()) / MOMENT_BLOCK * MOMENT_BLOCK;
        if blocks_end != self.moments_counted {
            // Only after the playhead moved back; recomputed from scratch then.
            return Some(Moments::of_slice(shown));
        }
        Some(
            self.block_moments
                .merge(Moments::of_slice(&shown[blocks_end..])),
        )
    }

    /// Pearson's chi-square test of a discrete sample: cells for every value in the plot
    /// range plus one for each tail, expected counts from the pmf.
    fn chi_square(&self) -> Option<GoodnessOfFit> {
        let distribution = self.distribution();
        let n = self.display.total() as f64;
        if n == 0.0 {
            return None;
        }
        let first = self.display.low + 0.5;
        let last_value = first + (self.display.counts.len() - 1) as f64;
        let mut observed = vec![self.display.below as f64];
        let mut expected = vec![n * distribution.cdf(first - 1.0)];
        for (index, &count) in self.display.counts.iter().enumerate() {
            observed.push(count as f64);
            expected.push(n * distribution.density(first + index as f64));
        }
        observed.push(self.display.above as f64);
        expected.push(n * (1.0 - distribution.cdf(last_value)).max(0.0));
        chi_square_test(&observed, &expected)
    }

    /// The finished KS test, its D location, or how far it got.
    fn ks_result(&self) -> Result<(GoodnessOfFit, f64), f64> {
        match &self.ks {
            Some(ks) => match ks.job.result() {
                Some((statistic, location)) => Ok((
                    GoodnessOfFit {
                        statistic,
                        degrees_of_freedom: ks.count as f64,
                        p_value: kolmogorov_smirnov_p_value(statistic, ks.count as u64),
                    },
                    location,
                )),
                None => Err(ks.job.progress()),
            },
            None => Err(0.0),
        }
    }

    /// Adds `count` samples (the draw buttons): n grows and the whole sample is shown.
    pub fn draw_more(&mut self, count: usize) {
        self.sample_size = (self.sample_size + count).min(MAX_SAMPLES);
        self.playhead = Playhead::at_end(self.sample_size);
        self.after_playhead_change();
    }

    /// The shown samples as CSV: a header, then one `index,value` line per sample, values in
    /// shortest round-trip form.
    pub fn samples_csv(&self) -> String {
        let shown = self.shown_samples();
        let mut csv = String::with_capacity(16 + shown.len() * 22);
        csv.push_str("index,");
        csv.push_str(self.family.key());
        csv.push('\n');
        for (index, x) in shown.iter().enumerate() {
            use std::fmt::Write;
            let _ = writeln!(csv, "{},{}", index + 1, format_param_number(*x));
        }
        csv
    }

    fn set_distribution_parameter(&mut self, key: &str, value: &str) -> Result<(), String> {
        let spec = CONTROLS
            .iter()
            .find(|c| c.key == key)
            .ok_or_else(|| format!("“{key}” is not a setting of this demo"))?;
        let mut parameters = self.parameters;
        if key == "trials" {
            parameters.trials = parse_integer(value, 1, 200)? as u64;
        } else {
            let ControlKind::Slider { min, max, .. } = spec.kind else {
                return Err(format!("“{key}” is not a number setting"));
            };
            let number = round_significant(parse_number(value, min, max)?, 4);
            let field = match key {
                "mu" => &mut parameters.mean,
                "sigma" => &mut parameters.std_dev,
                "lambda" => &mut parameters.poisson_rate,
                "p" => &mut parameters.p,
                "a" => &mut parameters.low,
                "b" => &mut parameters.high,
                "rate" => &mut parameters.rate,
                "shape" => &mut parameters.shape,
                "alpha" => &mut parameters.alpha,
                "beta" => &mut parameters.beta,
                "nu" => &mut parameters.t_dof,
                "k" => &mut parameters.chi_dof,
                _ => return Err(format!("“{key}” is not a setting of this demo")),
            };
            *field = number;
        }
        if parameters.low >= parameters.high {
            return Err(format!(
                "the lower end a = {} must be below the upper end b = {}",
                format_number(parameters.low),
                format_number(parameters.high)
            ));
        }
        let changed = parameters != self.parameters;
        self.parameters = parameters;
        self.distribution().validate()?;
        if changed && self.is_control_active(key) {
            self.resample();
        }
        Ok(())
    }
}

/// Keys of the parameters each family uses.
fn family_keys(family: Family) -> &'static [&'static str] {
    match family {
        Family::Normal => &["mu", "sigma"],
        Family::Poisson => &["lambda"],
        Family::Bernoulli | Family::Geometric => &["p"],
        Family::Binomial => &["trials", "p"],
        Family::Uniform => &["a", "b"],
        Family::Exponential => &["rate"],
        Family::Gamma => &["shape", "rate"],
        Family::Beta => &["alpha", "beta"],
        Family::StudentT => &["nu"],
        Family::ChiSquared => &["k"],
    }
}

impl Demo for DistributionSampler {
    fn param(&self, key: &str) -> Option<String> {
        let p = &self.parameters;
        let number = |x: f64| format_param_number(x);
        Some(match key {
            "family" => self.family.key().to_owned(),
            "mu" => number(p.mean),
            "sigma" => number(p.std_dev),
            "lambda" => number(p.poisson_rate),
            "p" => number(p.p),
            "trials" => p.trials.to_string(),
            "a" => number(p.low),
            "b" => number(p.high),
            "rate" => number(p.rate),
            "shape" => number(p.shape),
            "alpha" => number(p.alpha),
            "beta" => number(p.beta),
            "nu" => number(p.t_dof),
            "k" => number(p.chi_dof),
            "n" => self.sample_size.to_string(),
            "seed" => self.seed.to_string(),
            "bins" => self.bins.to_string(),
            "cdf" => format_toggle(self.show_cdf),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "family" => {
                let family = Family::from_key(parse_choice(value, FAMILIES)?)
                    .ok_or_else(|| format!("“{value}” is not a distribution"))?;
                if family != self.family {
                    self.family = family;
                    self.resample();
                }
            }
            "n" => {
                let n = parse_number(value, 1.0, MAX_SAMPLES as f64)?.round() as usize;
                if n != self.sample_size {
                    self.sample_size = n;
                    self.playhead.set_last(n);
                    self.after_playhead_change();
                }
            }
            "seed" => {
                let seed = parse_integer(value, 0, 4_294_967_295)? as u64;
                if seed != self.seed {
                    self.seed = seed;
                    self.resample();
                }
            }
            "bins" => {
                let bins = parse_number(value, 0.0, MAX_BINS as f64)?.round() as usize;
                if bins != self.bins {
                    self.bins = bins;
                    self.after_playhead_change();
                }
            }
            "cdf" => self.show_cdf = parse_toggle(value)?,
            _ => self.set_distribution_parameter(key, value)?,
        }
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        match key {
            "family" | "n" | "seed" | "cdf" => true,
            "bins" => !self.family.is_discrete() && !self.show_cdf,
            _ => family_keys(self.family).contains(&key),
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "bins" if self.bins == 0 && !self.family.is_discrete() => Some(format!(
                "Automatic: {} bins (Freedman–Diaconis).",
                self.display.counts.len()
            )),
            "nu" if self.family == Family::StudentT && self.parameters.t_dof <= 1.0 => {
                Some("ν ≤ 1: no mean; ν = 1 is the Cauchy distribution.".to_owned())
            }
            "n" if self.sample_size > SYNC_SAMPLES => {
                Some("Large samples are drawn over several frames.".to_owned())
            }
            _ => None,
        }
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.sample_size
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
        self.after_playhead_change();
    }

    fn advance_frame(&mut self) -> bool {
        // Geometric growth: the first samples appear one per frame, a million within ~3 s.
        let per_frame = (self.playhead.shown / 15).max(1);
        let more = self.playhead.advance(per_frame);
        self.after_playhead_change();
        more
    }

    /// One bounded chunk of the pending work (about a millisecond in the browser).
    fn work_chunk(&mut self) -> Option<f64> {
        self.work(Budget::Chunk)
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        match key {
            "draw-1" => self.draw_more(1),
            "draw-100" => self.draw_more(100),
            "new-seed" => {
                self.seed = (self.seed + 1) % 4_294_967_296;
                self.resample();
            }
            _ => return Err(format!("“{key}” is not an action of this demo")),
        }
        Ok(())
    }

    fn export(&self, key: &str) -> Option<String> {
        (key == "samples" && !self.sampling_pending()).then(|| self.samples_csv())
    }

    fn readouts(&self) -> Vec<Readout> {
        let readout = |name: &str, label: &str, value: ReadoutValue, group: &str| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: group.to_owned(),
        };
        let text = |s: &str| ReadoutValue::Text(s.to_owned());
        let number_or = |x: Option<f64>, why: &str| match x {
            Some(x) if x.is_finite() => ReadoutValue::Number(x),
            _ => text(why),
        };
        let distribution = self.distribution();
        let moments = self.moments();
        let pending = "computing…";
        let sample_value = |value: Option<f64>, why: &str| match moments {
            None => text(pending),
            Some(_) => number_or(value, why),
        };
        let mean = moments.and_then(|m| m.sample_mean());
        let variance = moments.and_then(|m| m.variance(1));
        let skewness = moments.and_then(|m| m.skewness());
        let mut readouts = vec![
            readout(
                "samples",
                "Samples shown",
                ReadoutValue::Integer(self.shown() as i64),
                "",
            ),
            readout(
                "sample-mean",
                "sample",
                sample_value(mean, "undefined (n = 0)"),
                "Mean",
            ),
            readout(
                "exact-mean",
                "exact",
                number_or(distribution.mean(), "undefined"),
                "Mean",
            ),
            readout(
                "sample-variance",
                "sample",
                sample_value(variance, "undefined (n < 2)"),
                "Variance (ddof 1)",
            ),
            readout(
                "exact-variance",
                "exact",
                number_or(distribution.variance(), "infinite or undefined"),
                "Variance (ddof 1)",
            ),
            readout(
                "sample-std",
                "sample",
                sample_value(variance.map(f64::sqrt), "undefined (n < 2)"),
                "Standard deviation",
            ),
            readout(
                "exact-std",
                "exact",
                number_or(distribution.std_dev(), "infinite or undefined"),
                "Standard deviation",
            ),
            readout(
                "sample-skewness",
                "sample",
                sample_value(skewness, "undefined (n < 3 or all equal)"),
                "Skewness",
            ),
            readout(
                "exact-skewness",
                "exact",
                number_or(distribution.skewness(), "undefined"),
                "Skewness",
            ),
        ];
        let verdict = |test: &GoodnessOfFit| {
            if test.p_value < ALPHA {
                "rejected (p < 0.05)".to_owned()
            } else {
                "consistent (p ≥ 0.05)".to_owned()
            }
        };
        if self.family.is_discrete() {
            readouts.push(readout("test", "Test", text("Pearson χ²"), ""));
            let result = if self.sampling_pending() {
                Err(pending.to_owned())
            } else {
                self.chi_square().ok_or_else(|| {
                    "undefined (fewer than 2 cells with expected count ≥ 5)".to_owned()
                })
            };
            match result {
                Ok(test) => {
                    readouts.push(readout(
                        "statistic",
                        "X²",
                        ReadoutValue::Number(test.statistic),
                        "",
                    ));
                    readouts.push(readout(
                        "degrees-of-freedom",
                        "Degrees of freedom",
                        ReadoutValue::Integer(test.degrees_of_freedom as i64),
                        "",
                    ));
                    readouts.push(readout(
                        "p-value",
                        "p-value",
                        ReadoutValue::Number(test.p_value),
                        "",
                    ));
                    readouts.push(readout("verdict", "Verdict", text(&verdict(&test)), ""));
                }
                Err(why) => {
                    for (name, label) in [("statistic", "X²"), ("p-value", "p-value")] {
                        readouts.push(readout(name, label, text(&why), ""));
                    }
                }
            }
        } else {
            readouts.push(readout("test", "Test", text("Kolmogorov–Smirnov"), ""));
            match self.ks_result() {
                Ok((test, _)) => {
                    readouts.push(readout(
                        "statistic",
                        "D",
                        ReadoutValue::Number(test.statistic),
                        "",
                    ));
                    readouts.push(readout(
                        "p-value",
                        "p-value",
                        ReadoutValue::Number(test.p_value),
                        "",
                    ));
                    readouts.push(readout("verdict", "Verdict", text(&verdict(&test)), ""));
                }
                Err(progress) => {
                    let why = if self.shown() == 0 {
                        "undefined (n = 0)".to_owned()
                    } else {
                        format!("computing… {:.0} %", 100.0 * progress)
                    };
                    for (name, label) in [("statistic", "D"), ("p-value", "p-value")] {
                        readouts.push(readout(name, label, text(&why), ""));
                    }
                }
            }
        }
        readouts.push(readout(
            "bins",
            "Bins",
            ReadoutValue::Integer(self.display.counts.len() as i64),
            "",
        ));
        readouts.push(readout(
            "bin-width",
            "Bin width",
            ReadoutValue::Number(self.display.bin_width()),
            "",
        ));
        readouts.push(readout(
            "outside",
            "Outside the plot",
            ReadoutValue::Integer((self.display.below + self.display.above) as i64),
            "",
        ));
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if self.family == Family::StudentT && self.parameters.t_dof <= 1.0 {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "With ν ≤ 1 Student's t has no mean (ν = 1 is the Cauchy distribution): the sample mean does not settle however many samples you draw.".to_owned(),
            });
        }
        notices
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        (plot == 0).then(|| self.data_table())
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        (plot == 0).then(|| self.data_description())
    }
}

impl DistributionSampler {
    /// The histogram against the pmf/pdf.
    fn draw_histogram<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let distribution = self.distribution();
        let (low, high) = self.plot_range();
        let discrete = self.family.is_discrete();
        let n = self.display.total().max(1) as f64;
        let width = self.display.bin_width();
        // Bars as densities (count / (n·width)); for discrete families width is 1, so the
        // bar is the relative frequency next to the probability mass.
        let heights: Vec<f64> = self
            .display
            .counts
            .iter()
            .map(|&c| c as f64 / (n * width))
            .collect();
        let curve: Vec<(f64, f64)> = if discrete {
            (0..self.display.counts.len())
                .map(|i| {
                    let x = low + 0.5 + i as f64;
                    (x, distribution.density(x))
                })
                .collect()
        } else {
            (0..=400)
                .map(|i| {
                    let x = low + (high - low) * i as f64 / 400.0;
                    (x, distribution.density(x))
                })
                .filter(|(_, y)| y.is_finite())
                .collect()
        };
        let bar_top = heights.iter().copied().fold(0.0, f64::max);
        let curve_top = curve.iter().map(|p| p.1).fold(0.0, f64::max);
        // A density that is infinite at an end (gamma with k < 1) must not flatten the rest:
        // the axis stops at 1.6 × the typical height.
        let typical = bar_top.max(
            distribution
                .density(distribution.quantile(0.5))
                .min(curve_top),
        );
        let top = (bar_top.max(curve_top.min(1.6 * typical)) * 1.12).max(1e-9);
        let y_name = if discrete { "probability" } else { "density" };
        let mut chart = themed_chart(area, frame, low..high, 0.0..top, "x", y_name)?;
        let bar_colour = SERIES_COLOURS[0];
        let exact_colour = SERIES_COLOURS[1];
        let gap = if discrete { 0.15 } else { 0.0 };
        chart
            .draw_series(
                heights
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| **h > 0.0)
                    .map(|(i, &h)| {
                        let x0 = self.display.bin_start(i);
                        Rectangle::new(
                            [
                                (x0 + gap * width, 0.0),
                                (x0 + (1.0 - gap) * width, h.min(top)),
                            ],
                            fill_style(lighten(bar_colour)),
                        )
                    }),
            )
            .map_err(draw_error)?;
        if !discrete && self.display.counts.len() <= 120 {
            // Bar outlines read as a histogram; at many bins they would only darken it.
            chart
                .draw_series(heights.iter().enumerate().filter(|(_, h)| **h > 0.0).map(
                    |(i, &h)| {
                        let x0 = self.display.bin_start(i);
                        Rectangle::new(
                            [(x0, 0.0), (x0 + width, h.min(top))],
                            line_style(bar_colour, frame, 1.0),
                        )
                    },
                ))
                .map_err(draw_error)?;
        }
        if discrete {
            // Dots, not stems: a stem over every bar would hide the bars it is compared with.
            let radius = frame.px(if curve.len() > 60 { 2.5 } else { 4.0 }) as i32;
            let ring = line_style(frame.theme.background, frame, 1.0);
            for style in [fill_style(exact_colour), ring] {
                chart
                    .draw_series(
                        curve
                            .iter()
                            .filter(|(_, y)| *y <= top)
                            .map(|&(x, y)| Circle::new((x, y), radius, style)),
                    )
                    .map_err(draw_error)?;
            }
        } else {
            chart
                .draw_series(LineSeries::new(
                    curve.iter().map(|&(x, y)| (x, y.min(top))),
                    line_style(exact_colour, frame, 2.5),
                ))
                .map_err(draw_error)?;
        }
        self.draw_rug(&mut chart, frame, low, high, top)?;
        self.draw_caption(area, frame)
    }

    /// The most recent samples as ticks along the bottom: while playing, the newest sample is
    /// the tallest tick.
    fn draw_rug<DB: DrawingBackend>(
        &self,
        chart: &mut super::drawing::Chart2d<'_, DB>,
        frame: &Frame,
        low: f64,
        high: f64,
        top: f64,
    ) -> DrawResult {
        if self.sampling_pending() {
            return Ok(());
        }
        let shown = self.shown_samples();
        let recent = &shown[shown.len().saturating_sub(RUG_SAMPLES)..];
        let colour = frame.theme.text;
        let count = recent.len();
        chart
            .draw_series(
                recent
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| (low..=high).contains(*x))
                    .map(|(i, &x)| {
                        let newest = i + 1 == count;
                        let height = if newest { 0.08 } else { 0.035 } * top;
                        PathElement::new(
                            vec![(x, 0.0), (x, height)],
                            line_style(colour, frame, if newest { 2.5 } else { 1.0 }),
                        )
                    }),
            )
            .map_err(draw_error)?;
        Ok(())
    }

    /// The empirical CDF against the exact CDF, with the KS gap marked.
    fn draw_cdfs<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let distribution = self.distribution();
        let (low, high) = self.plot_range();
        let discrete = self.family.is_discrete();
        let mut chart = themed_chart(area, frame, low..high, 0.0..1.05, "x", "P(X ≤ x)")?;
        let empirical_colour = SERIES_COLOURS[0];
        let exact_colour = SERIES_COLOURS[1];
        // The exact CDF: steps for discrete families, a smooth curve otherwise.
        let exact: Vec<(f64, f64)> = if discrete {
            step_points(low, high, |x| distribution.cdf(x))
        } else {
            (0..=400)
                .map(|i| {
                    let x = low + (high - low) * i as f64 / 400.0;
                    (x, distribution.cdf(x))
                })
                .collect()
        };
        chart
            .draw_series(LineSeries::new(exact, line_style(exact_colour, frame, 2.5)))
            .map_err(draw_error)?;
        if !self.sampling_pending() && self.shown() > 0 {
            let empirical: Vec<(f64, f64)> = if discrete {
                let histogram = &self.display;
                // Bin j holds the integer low + 0.5 + j; the bins at or below x are counted.
                step_points(low, high, |x| {
                    let bins_at_or_below = ((x - histogram.low - 0.5).floor() + 1.0)
                        .clamp(0.0, histogram.counts.len() as f64);
                    histogram.cdf_at_edge(bins_at_or_below as usize)
                })
            } else if self.shown() <= 2_000 {
                let mut sorted = self.shown_samples().to_vec();
                sorted.sort_unstable_by(f64::total_cmp);
                let n = sorted.len() as f64;
                let mut points = vec![(low, 0.0)];
                for (i, &x) in sorted.iter().enumerate() {
                    let x = x.clamp(low, high);
                    points.push((x, i as f64 / n));
                    points.push((x, (i + 1) as f64 / n));
                }
                points.push((high, 1.0));
                points
            } else {
                // Fₙ at the fine histogram's edges: exact there, 4,096 points across the plot.
                (0..=self.fine.counts.len())
                    .map(|i| (self.fine.bin_start(i), self.fine.cdf_at_edge(i)))
                    .collect()
            };
            chart
                .draw_series(LineSeries::new(
                    empirical,
                    line_style(empirical_colour, frame, 2.0),
                ))
                .map_err(draw_error)?;
        }
        if let Ok((test, x)) = self.ks_result()
            && x.is_finite()
            && (low..=high).contains(&x)
        {
            let f = distribution.cdf(x);
            let below = self.shown_samples().iter().filter(|&&v| v < x).count() as f64;
            let n = self.shown().max(1) as f64;
            // The gap is to Fₙ just before or just after the jump at x, whichever is larger.
            let other = if (f - below / n).abs() >= (f - (below + 1.0) / n).abs() {
                below / n
            } else {
                (below + 1.0) / n
            };
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, f), (x, other)],
                    line_style(frame.theme.text, frame, 3.0),
                )))
                .map_err(draw_error)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!(
                        " D = {}",
                        format_number(round_significant(test.statistic, 3))
                    ),
                    (x, 0.5 * (f + other)),
                    text_style(frame, 12.0, frame.theme.text),
                )))
                .map_err(draw_error)?;
        }
        self.draw_caption(area, frame)
    }

    /// One line in the top-left corner: n, the bins, and the test's verdict.
    fn draw_caption<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let mut caption = format!("n = {}", self.shown());
        if !self.show_cdf && !self.family.is_discrete() {
            caption.push_str(&format!(
                ", {} bins{}",
                self.display.counts.len(),
                if self.bins == 0 { " (auto)" } else { "" }
            ));
        }
        let test = if self.family.is_discrete() {
            (!self.sampling_pending())
                .then(|| self.chi_square())
                .flatten()
                .map(|t| ("χ²", t))
        } else {
            self.ks_result().ok().map(|(t, _)| ("KS", t))
        };
        if let Some((name, test)) = test {
            caption.push_str(&format!(
                ", {name} p = {}",
                format_number(round_significant(test.p_value, 3))
            ));
        }
        area.draw(&Text::new(
            caption,
            (frame.px(70.0) as i32, frame.px(14.0) as i32),
            text_style(frame, 12.0, frame.theme.text),
        ))
        .map_err(draw_error)?;
        Ok(())
    }
}

/// A staircase through the integers of `[low, high]`: the CDF of a discrete variable.
fn step_points(low: f64, high: f64, cdf: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let mut points = vec![(low, cdf(low))];
    let mut k = low.floor() + 1.0;
    while k <= high {
        points.push((k, cdf(k - 0.5)));
        points.push((k, cdf(k)));
        k += 1.0;
    }
    points.push((high, cdf(high)));
    points
}

/// A lighter tint of a series colour for filled bars (so the exact curve stands out).
fn lighten(colour: [u8; 3]) -> [u8; 3] {
    colour.map(|c| (c as u16 + (255 - c as u16) * 11 / 20) as u8)
}

impl DrawDemo for DistributionSampler {
    fn draw<DB: DrawingBackend>(
        &mut self,
        _plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        if self.show_cdf {
            self.draw_cdfs(area, frame)
        } else {
            self.draw_histogram(area, frame)
        }
    }
}

pub(crate) mod data;
#[cfg(test)]
mod tests;
