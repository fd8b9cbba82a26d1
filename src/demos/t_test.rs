//! Hypothesis testing with the two-sample t-test (article 003's `scipy.stats.ttest_ind`
//! example): two seeded normal samples, Student's and Welch's t, degrees of freedom and
//! two-sided p-values, the t distribution with the rejection region, and repeated experiments
//! whose p-value histogram shows the false-positive rate (effect 0) or the power.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{fill_style, line_style, text_style, themed_chart};
use super::legend::{
    Corner, chart_pixels, draw_legend_clear_of, draw_message, top_with_legend_room,
};
use super::params::{
    format_param_number, format_toggle, parse_choice, parse_integer, parse_number, parse_toggle,
};
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult,
    ExportSpec, Frame, Layer, Notice, NoticeLevel, PlotSpec, Readout, ReadoutSpec, ReadoutValue,
    draw_error, format_number, format_plot_number,
};
use crate::demos::drawing::ThemedMesh;
use crate::math::hypothesis::{
    Design, GroupSummary, TTest, TestKind, critical_t, t_density, t_test_from_summaries,
};
use crate::render::theme::{SERIES_COLOURS, rgb};

const MAX_GROUP: i64 = 200;
const MAX_EXPERIMENTS: i64 = 5000;
/// Bins of the p-value histogram: 20 bins of width 0.05, so α = 0.05 is exactly the first.
const P_BINS: usize = 20;

const ALPHAS: &[(&str, &str)] = &[
    ("0.01", "α = 0.01"),
    ("0.05", "α = 0.05"),
    ("0.1", "α = 0.10"),
];
const TESTS: &[(&str, &str)] = &[
    // Short enough for a phone-wide select; the help says the rest.
    ("student", "Student's (pooled)"),
    ("welch", "Welch's (unequal σ)"),
];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "effect",
        aliases: &[],
        label: "Effect size d (Cohen's)",
        kind: ControlKind::Slider {
            min: -2.0,
            max: 2.0,
            step: 0.05,
            log: false,
        },
        help: "The true difference of the population means in units of σ: μ₂ − μ₁ = d·√((σ₁² + σ₂²)/2), with μ₁ = 0; d = 0 makes the null hypothesis true",
        group: "Populations",
        example: "0",
    },
    ControlSpec {
        key: "sigma1",
        aliases: &[],
        label: "σ₁ of group 1",
        kind: ControlKind::Slider {
            min: 0.2,
            max: 3.0,
            step: 0.05,
            log: false,
        },
        help: "The standard deviation of population 1",
        group: "Populations",
        example: "2.5",
    },
    ControlSpec {
        key: "sigma2",
        aliases: &[],
        label: "σ₂ of group 2",
        kind: ControlKind::Slider {
            min: 0.2,
            max: 3.0,
            step: 0.05,
            log: false,
        },
        help: "The standard deviation of population 2; σ₁ ≠ σ₂ breaks Student's assumption (Welch's test does not need it)",
        group: "Populations",
        example: "0.5",
    },
    ControlSpec {
        key: "n1",
        aliases: &[],
        label: "Group 1 size n₁",
        kind: ControlKind::Integer {
            min: 2,
            max: MAX_GROUP,
        },
        help: "How many values are drawn for group 1 (2 to 200)",
        group: "Samples",
        example: "5",
    },
    ControlSpec {
        key: "n2",
        aliases: &[],
        label: "Group 2 size n₂",
        kind: ControlKind::Integer {
            min: 2,
            max: MAX_GROUP,
        },
        help: "How many values are drawn for group 2 (2 to 200)",
        group: "Samples",
        example: "30",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 999_999,
        },
        help: "The random seed of the samples: the same seed draws the same values",
        group: "Samples",
        example: "12",
    },
    ControlSpec {
        key: "test",
        aliases: &[],
        label: "Test",
        kind: ControlKind::Select { options: TESTS },
        help: "Which t-test the plots and the decision use (both are always in the readouts): Student's pools the two variances (scipy's default, as in the article), Welch's allows unequal variances",
        group: "Test",
        example: "welch",
    },
    ControlSpec {
        key: "alpha",
        aliases: &[],
        label: "Significance level α",
        kind: ControlKind::Select { options: ALPHAS },
        help: "Reject the null hypothesis μ₁ = μ₂ when the two-sided p-value is below α (the article uses 0.05)",
        group: "Test",
        example: "0.01",
    },
    ControlSpec {
        key: "repeat",
        aliases: &[],
        label: "Repeat the experiment",
        kind: ControlKind::Toggle,
        help: "Runs the same experiment many times with fresh samples and shows the histogram of the p-values",
        group: "Repeated experiments",
        example: "0",
    },
    ControlSpec {
        key: "experiments",
        aliases: &[],
        label: "Experiments",
        kind: ControlKind::Integer {
            min: 100,
            max: MAX_EXPERIMENTS,
        },
        help: "How many repeated experiments (100 to 5,000)",
        group: "Repeated experiments",
        example: "3000",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "{test}-t",
        help: "The t statistic (x̄₁ − x̄₂)/SE of Student's or Welch's test (scipy's sign convention)",
    },
    ReadoutSpec {
        name: "{test}-df",
        help: "The degrees of freedom: n₁ + n₂ − 2 for Student's, Welch–Satterthwaite for Welch's",
    },
    ReadoutSpec {
        name: "{test}-p",
        help: "The two-sided p-value P(|T| ≥ |t|) under the null hypothesis",
    },
    ReadoutSpec {
        name: "{test}-critical",
        help: "The critical value t_{1−α/2, ν}: |t| beyond it rejects at level α",
    },
    ReadoutSpec {
        name: "{test}-result",
        help: "Whether this test rejects H₀ at level α",
    },
    ReadoutSpec {
        name: "{test}-power",
        help: "The probability that this test rejects, from the noncentral t distribution (α when d = 0); Welch's uses the usual approximation, and Student's has no such formula when σ₁ ≠ σ₂",
    },
    ReadoutSpec {
        name: "mean-{group}",
        help: "The sample mean x̄ of group 1 or 2",
    },
    ReadoutSpec {
        name: "sd-{group}",
        help: "The sample standard deviation s (divisor n − 1) of group 1 or 2",
    },
    ReadoutSpec {
        name: "decision",
        help: "The article's printout for the chosen test: “Reject the null hypothesis” or “Cannot reject the null hypothesis”",
    },
    ReadoutSpec {
        name: "rejection-rate",
        help: "The fraction of repeated experiments with p < α: the false-positive rate when d = 0, the observed power otherwise",
    },
    ReadoutSpec {
        name: "rejection-rate-se",
        help: "The binomial standard error √(r(1 − r)/m) of that fraction over m experiments",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "samples",
        title: "The two samples",
        alt: "Each group's values as dots on its own row, with the sample mean as a vertical bar and the population mean as a dashed tick.",
        aspect_ratio: 0.45,
        interactive: false,
    },
    PlotSpec {
        id: "t-distribution",
        title: "The t distribution under H₀, the rejection region and the observed t",
        alt: "The density of the t distribution with the test's degrees of freedom; both tails beyond the critical value are shaded as the rejection region, the area beyond the observed |t| (the p-value) is shaded too, and the observed t is a vertical line.",
        aspect_ratio: 0.5,
        interactive: false,
    },
    PlotSpec {
        id: "p-values",
        title: "p-values of the repeated experiments",
        alt: "A histogram of the p-values of the repeated experiments in 20 bins; bins below α are highlighted. Under the null hypothesis it is flat (the dashed line); with a real effect it piles up near 0.",
        aspect_ratio: 0.5,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "t-test",
    title: "Hypothesis testing: the t-test",
    chapter: Chapter::ProbabilityStatistics,
    summary: "The two-sample t-test of “Mathematical Foundations for Deep Learning”, seeded and repeated: Student's and Welch's t, degrees of freedom, p-values, the rejection region, and how often the test is fooled (α) or finds a real effect (power).",
    explanation: r#"The SciPy example in *Mathematical Foundations for Deep Learning* draws `sample1 = np.random.normal(0, 1, 10)` and `sample2 = np.random.normal(1, 1, 10)`, runs `stats.ttest_ind(sample1, sample2)` and prints "Cannot reject the null hypothesis" at $\alpha = 0.05$. That is the default here (effect $d = 1$, $\sigma = 1$, $n = 10$ per group, Student's test), with a seed so the numbers are reproducible; the article's call has no seed, so its printout is one random outcome. It is also a wrong conclusion, a type II error: the two populations do differ by one standard deviation. With these sizes the test detects that only 56.2% of the time (the power), so the article's printout is what 43.8% of runs say. Turn on the repeated experiments to watch it happen.

The null hypothesis is $H_0: \mu_1 = \mu_2$. The t statistic measures the difference of the sample means in units of its standard error; Student's test pools the two variances (it assumes $\sigma_1 = \sigma_2$, which `ttest_ind` does unless told `equal_var=False`):

$$t = \frac{\bar x_1 - \bar x_2}{s_p\sqrt{1/n_1 + 1/n_2}}, \qquad s_p^2 = \frac{(n_1 - 1)s_1^2 + (n_2 - 1)s_2^2}{n_1 + n_2 - 2}, \qquad \nu = n_1 + n_2 - 2$$

Welch's test keeps each group's own variance and approximates the degrees of freedom (Welch–Satterthwaite):

$$t = \frac{\bar x_1 - \bar x_2}{\sqrt{s_1^2/n_1 + s_2^2/n_2}}, \qquad \nu = \frac{\left(s_1^2/n_1 + s_2^2/n_2\right)^2}{\frac{(s_1^2/n_1)^2}{n_1 - 1} + \frac{(s_2^2/n_2)^2}{n_2 - 1}}$$

If $H_0$ is true, $t$ follows the t distribution with $\nu$ degrees of freedom, and the two-sided p-value is the probability of a value at least as extreme, $p = P(|T| \ge |t|)$, the shaded tail area beyond the observed $t$. The test rejects when $p < \alpha$, that is when $|t|$ lands in the rejection region beyond $t_{1-\alpha/2,\nu}$. A p-value is not the probability that $H_0$ is true.

Repeating the experiment shows what $\alpha$ means. With $d = 0$ every rejection is a false positive, the p-values are uniform on $[0, 1]$ (a flat histogram) and the rejection rate settles near $\alpha$. With $d \ne 0$ the p-values pile up near 0 and the rejection rate is the power, which the noncentral t distribution predicts: $t$ follows it with noncentrality $\delta = (\mu_1 - \mu_2)/(\sigma\sqrt{1/n_1 + 1/n_2})$, and the power is $P(|T_{\nu,\delta}| > t_{1-\alpha/2,\nu})$. Cohen's effect size is $d = (\mu_2 - \mu_1)/\sigma$, with $\sigma = \sqrt{(\sigma_1^2 + \sigma_2^2)/2}$ when the groups differ.

Make the groups unequal, say $\sigma_1 = 2.5$, $n_1 = 5$ and $\sigma_2 = 0.5$, $n_2 = 30$, and set $d = 0$: Student's test then rejects far more often than $\alpha$ (its pooled variance is dominated by the large, narrow group, while the small, wide group's mean is the noisy one), while Welch's stays near $\alpha$. Swap the sizes and Student's test turns timid instead, rejecting less than $\alpha$ and losing power. That is why Welch's test is the safer default."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[ActionSpec {
        key: "new-samples",
        label: "New samples (next seed)",
        help: "Draws two fresh samples by moving to the next seed, so the link still reproduces them",
        group: "Samples",
    }],
    exports: &[
        ExportSpec {
            key: "samples",
            label: "samples (CSV)",
            file_name: "t-test-samples.csv",
            mime: "text/csv",
        },
        ExportSpec {
            key: "p-values",
            label: "repeated p-values (CSV)",
            file_name: "t-test-p-values.csv",
            mime: "text/csv",
        },
    ],
    imports: &[],
    create: || Box::new(TTestDemo::default()),
};

/// The state of the t-test demo.
#[derive(Clone, Debug)]
pub struct TTestDemo {
    /// Cohen's d: μ₂ − μ₁ in units of √((σ₁² + σ₂²)/2).
    effect: f64,
    std_dev1: f64,
    std_dev2: f64,
    count1: usize,
    count2: usize,
    seed: u64,
    kind: TestKind,
    /// The significance level as its URL text ("0.05"), so it round-trips exactly.
    alpha: &'static str,
    repeat: bool,
    experiments: usize,
    /// The observed samples of the current seed.
    sample1: Vec<f64>,
    sample2: Vec<f64>,
    /// The p-values of the repeated experiments (empty while `repeat` is off).
    repeated_p_values: Vec<f64>,
}

/// The article's printout, "Cannot reject the null hypothesis", comes from an unseeded run;
/// seed 1 reproduces that outcome with the article's design (t ≈ −2.000, p ≈ 0.061, just
/// above α), so the page opens on the article's result and the power readout explains it.
const DEFAULT_SEED: u64 = 1;

impl Default for TTestDemo {
    fn default() -> Self {
        let mut demo = Self {
            effect: 1.0,
            std_dev1: 1.0,
            std_dev2: 1.0,
            count1: 10,
            count2: 10,
            seed: DEFAULT_SEED,
            kind: TestKind::Student,
            alpha: "0.05",
            repeat: true,
            experiments: 1000,
            sample1: Vec::new(),
            sample2: Vec::new(),
            repeated_p_values: Vec::new(),
        };
        demo.recompute();
        demo
    }
}

fn test_key(kind: TestKind) -> &'static str {
    match kind {
        TestKind::Student => "student",
        TestKind::Welch => "welch",
    }
}

impl TTestDemo {
    fn design(&self) -> Design {
        let pooled_sigma = ((self.std_dev1.powi(2) + self.std_dev2.powi(2)) / 2.0).sqrt();
        Design {
            mean1: 0.0,
            std_dev1: self.std_dev1,
            count1: self.count1,
            mean2: self.effect * pooled_sigma,
            std_dev2: self.std_dev2,
            count2: self.count2,
        }
    }

    fn alpha(&self) -> f64 {
        crate::number_text::parse_f64(self.alpha).unwrap_or(0.05)
    }

    /// Draws the observed samples and, with `repeat` on, the repeated experiments (at most
    /// 5,000 × 400 normal draws: bounded by the control ranges).
    fn recompute(&mut self) {
        let design = self.design();
        (self.sample1, self.sample2) = design.draw_seeded(self.seed);
        self.repeated_p_values = if self.repeat {
            design.repeat(self.kind, self.seed, self.experiments)
        } else {
            Vec::new()
        };
    }

    fn summaries(&self) -> (GroupSummary, GroupSummary) {
        (
            GroupSummary::of(&self.sample1),
            GroupSummary::of(&self.sample2),
        )
    }

    fn observed(&self, kind: TestKind) -> Option<TTest> {
        let (g1, g2) = self.summaries();
        t_test_from_summaries(g1, g2, kind)
    }

    fn rejection_rate(&self) -> Option<f64> {
        if self.repeated_p_values.is_empty() {
            return None;
        }
        let alpha = self.alpha();
        let rejected = self
            .repeated_p_values
            .iter()
            .filter(|p| **p < alpha)
            .count();
        Some(rejected as f64 / self.repeated_p_values.len() as f64)
    }

    fn draw_samples<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let design = self.design();
        let (low, high) = self
            .sample1
            .iter()
            .chain(&self.sample2)
            .chain(&[design.mean1, design.mean2])
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
                (l.min(*x), h.max(*x))
            });
        let span = (high - low).max(1.0);
        let (x0, x1) = (low - 0.08 * span, high + 0.08 * span);
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(64.0) as i32)
            .build_cartesian_2d(x0..x1, 0.4..2.6)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .disable_y_mesh()
            .x_desc("value (bars: sample means, dashed: population means)")
            .x_labels(7)
            .y_labels(5)
            .x_label_formatter(&|x| format_number(*x))
            .y_label_formatter(&|y: &f64| {
                if (y - 1.0).abs() < 1e-9 {
                    "group 2".to_owned()
                } else if (y - 2.0).abs() < 1e-9 {
                    "group 1".to_owned()
                } else {
                    String::new()
                }
            })
            .draw()
            .map_err(draw_error)?;
        let groups = [
            (&self.sample1, 2.0, design.mean1, SERIES_COLOURS[0], "x̄₁"),
            (&self.sample2, 1.0, design.mean2, SERIES_COLOURS[1], "x̄₂"),
        ];
        for (values, row, population_mean, colour, name) in groups {
            // A fixed jitter per index (a golden-ratio sequence) spreads equal values apart
            // without randomness, so the picture is the same on every redraw.
            chart
                .draw_series(values.iter().enumerate().map(|(i, x)| {
                    let jitter = ((i as f64 * 0.618_034).fract() - 0.5) * 0.5;
                    Circle::new(
                        (*x, row + jitter),
                        frame.px(4.0) as i32,
                        rgb(colour).mix(0.75).filled(),
                    )
                }))
                .map_err(draw_error)?;
            let mean = GroupSummary::of(values).mean;
            chart
                .draw_series(LineSeries::new(
                    [(mean, row - 0.38), (mean, row + 0.38)],
                    line_style(colour, frame, 3.5),
                ))
                .map_err(draw_error)?;
            chart
                .draw_series(DashedLineSeries::new(
                    [(population_mean, row - 0.38), (population_mean, row + 0.38)],
                    frame.px(4.0) as i32,
                    frame.px(3.0) as i32,
                    line_style(theme.muted_text, frame, 1.5),
                ))
                .map_err(draw_error)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{name} = {}", format_plot_number(mean, 3)),
                    (mean, row + 0.4),
                    text_style(frame, 11.0, theme.text).pos(Pos::new(HPos::Center, VPos::Bottom)),
                )))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_t_distribution<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let Some(test) = self.observed(self.kind) else {
            return draw_message(area, frame, "No test: a group has no spread (SE = 0).");
        };
        let nu = test.degrees_of_freedom;
        let critical = critical_t(self.alpha(), nu).unwrap_or(f64::INFINITY);
        let reach = (test.t.abs() + 1.0).max(critical + 1.5).clamp(4.0, 12.0);
        let (x0, x1) = (-reach, reach);
        let peak = t_density(0.0, nu);
        let x_name = format!("t (ν = {})", format_number((nu * 100.0).round() / 100.0));
        let mut chart = themed_chart(
            area,
            frame,
            x0..x1,
            0.0..top_with_legend_room(0.0, peak * 1.2, 2, frame),
            &x_name,
            "density under H₀",
        )?;
        let curve = |from: f64, to: f64| -> Vec<(f64, f64)> {
            let count = 160;
            (0..=count)
                .map(|i| {
                    let x = from + (to - from) * i as f64 / count as f64;
                    (x, t_density(x, nu))
                })
                .collect()
        };
        let shade = |from: f64, to: f64| -> Vec<(f64, f64)> {
            let mut points = curve(from, to);
            points.push((to, 0.0));
            points.push((from, 0.0));
            points
        };
        let (reject_colour, p_colour) = (SERIES_COLOURS[1], SERIES_COLOURS[0]);
        let observed = test.t.abs();
        for (from, to) in [(x0, -observed), (observed, x1)] {
            if to > from {
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        shade(from, to),
                        rgb(p_colour).mix(0.25).filled(),
                    )))
                    .map_err(draw_error)?;
            }
        }
        if critical < reach {
            for (from, to) in [(x0, -critical), (critical, x1)] {
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        shade(from, to),
                        rgb(reject_colour).mix(0.45).filled(),
                    )))
                    .map_err(draw_error)?;
                // The boundary as a dashed line: the tail areas are thin, the edge is not.
                let edge = if to < 0.0 { to } else { from };
                chart
                    .draw_series(DashedLineSeries::new(
                        [(edge, 0.0), (edge, peak * 0.9)],
                        frame.px(5.0) as i32,
                        frame.px(4.0) as i32,
                        line_style(reject_colour, frame, 1.5),
                    ))
                    .map_err(draw_error)?;
            }
        }
        chart
            .draw_series(LineSeries::new(
                curve(x0, x1),
                line_style(theme.text, frame, 2.0),
            ))
            .map_err(draw_error)?;
        let shown_t = test.t.clamp(x0, x1);
        chart
            .draw_series(LineSeries::new(
                [(shown_t, 0.0), (shown_t, peak * 1.05)],
                line_style(p_colour, frame, 3.0),
            ))
            .map_err(draw_error)?;
        let anchor = if shown_t > 0.0 {
            HPos::Right
        } else {
            HPos::Left
        };
        chart
            .draw_series(std::iter::once(Text::new(
                format!(
                    "t = {}{}",
                    format_plot_number(test.t, 4),
                    if test.t.abs() > reach {
                        " (off the axis)"
                    } else {
                        ""
                    }
                ),
                (shown_t, peak * 1.07),
                text_style(frame, 12.0, p_colour).pos(Pos::new(anchor, VPos::Bottom)),
            )))
            .map_err(draw_error)?;
        let legend = [
            (
                reject_colour,
                format!(
                    "reject: |t| > {} (area α = {})",
                    format_plot_number(critical, 4),
                    self.alpha
                ),
            ),
            (
                p_colour,
                format!(
                    "p-value = {} (beyond |t|)",
                    format_plot_number(test.p_value, 3)
                ),
            ),
        ];
        // Clear of the curve, the observed t and its label, and the critical boundaries.
        let mut data = vec![
            chart_pixels(&chart, curve(x0, x1)),
            chart_pixels(&chart, [(shown_t, 0.0), (shown_t, peak * 1.12)]),
        ];
        if critical < reach {
            for edge in [-critical, critical] {
                data.push(chart_pixels(&chart, [(edge, 0.0), (edge, peak * 0.9)]));
            }
        }
        draw_legend_clear_of(area, frame, Corner::TopLeft, &legend, &data).map(|_| ())
    }

    fn draw_p_values<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        if self.repeated_p_values.is_empty() {
            return draw_message(
                area,
                frame,
                "Turn on “Repeat the experiment” to see the p-values of many experiments.",
            );
        }
        let mut counts = [0usize; P_BINS];
        for p in &self.repeated_p_values {
            let bin = ((p * P_BINS as f64).floor() as usize).min(P_BINS - 1);
            counts[bin] += 1;
        }
        let experiments = self.repeated_p_values.len();
        let uniform = experiments as f64 / P_BINS as f64;
        let tallest = counts.iter().copied().max().unwrap_or(0) as f64;
        let top = top_with_legend_room(0.0, tallest.max(uniform) * 1.04, 2, frame);
        let mut chart = themed_chart(area, frame, 0.0..1.0, 0.0..top, "p-value", "experiments")?;
        let alpha = self.alpha();
        for (bin, count) in counts.iter().enumerate() {
            let (left, right) = (bin as f64 / P_BINS as f64, (bin + 1) as f64 / P_BINS as f64);
            let colour = if right <= alpha + 1e-12 {
                SERIES_COLOURS[1]
            } else {
                SERIES_COLOURS[5]
            };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(left + 0.002, 0.0), (right - 0.002, *count as f64)],
                    fill_style(colour),
                )))
                .map_err(draw_error)?;
        }
        // α = 0.01 splits the first bin: mark where the rejections end.
        chart
            .draw_series(LineSeries::new(
                [(alpha, 0.0), (alpha, tallest.max(uniform) * 1.04)],
                line_style(SERIES_COLOURS[1], frame, 1.5),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, uniform), (1.0, uniform)],
                frame.px(6.0) as i32,
                frame.px(4.0) as i32,
                line_style(theme.text, frame, 1.5),
            ))
            .map_err(draw_error)?;
        let rate = self.rejection_rate().unwrap_or(0.0);
        let theory = self
            .design()
            .power(self.kind, alpha)
            .map(|p| format!("{:.1}%", p * 100.0))
            .unwrap_or_else(|| "n/a: σ₁ ≠ σ₂".to_owned());
        let legend = [
            (
                SERIES_COLOURS[1],
                format!("p < α: {:.1}% (theory {theory})", rate * 100.0),
            ),
            (theme.text, "- - flat if H₀ is true".to_owned()),
        ];
        let mut data: Vec<Vec<(f64, f64)>> = counts
            .iter()
            .enumerate()
            .map(|(bin, count)| {
                let (left, right) = (bin as f64 / P_BINS as f64, (bin + 1) as f64 / P_BINS as f64);
                let height = *count as f64;
                chart_pixels(
                    &chart,
                    [(left, 0.0), (left, height), (right, height), (right, 0.0)],
                )
            })
            .collect();
        data.push(chart_pixels(&chart, [(0.0, uniform), (1.0, uniform)]));
        data.push(chart_pixels(
            &chart,
            [(alpha, 0.0), (alpha, tallest.max(uniform) * 1.04)],
        ));
        draw_legend_clear_of(area, frame, Corner::TopRight, &legend, &data).map(|_| ())
    }
}

impl DrawDemo for TTestDemo {
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
            0 => self.draw_samples(area, frame),
            1 => self.draw_t_distribution(area, frame),
            _ => self.draw_p_values(area, frame),
        }
    }
}

impl Demo for TTestDemo {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "effect" => format_param_number(self.effect),
            "sigma1" => format_param_number(self.std_dev1),
            "sigma2" => format_param_number(self.std_dev2),
            "n1" => self.count1.to_string(),
            "n2" => self.count2.to_string(),
            "seed" => self.seed.to_string(),
            "test" => test_key(self.kind).to_owned(),
            "alpha" => self.alpha.to_owned(),
            "repeat" => format_toggle(self.repeat),
            "experiments" => self.experiments.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "effect" => self.effect = parse_number(value, -2.0, 2.0)?,
            "sigma1" => self.std_dev1 = parse_number(value, 0.2, 3.0)?,
            "sigma2" => self.std_dev2 = parse_number(value, 0.2, 3.0)?,
            "n1" => self.count1 = parse_integer(value, 2, MAX_GROUP)? as usize,
            "n2" => self.count2 = parse_integer(value, 2, MAX_GROUP)? as usize,
            "seed" => self.seed = parse_integer(value, 0, 999_999)? as u64,
            "test" => {
                self.kind = match parse_choice(value, TESTS)? {
                    "welch" => TestKind::Welch,
                    _ => TestKind::Student,
                }
            }
            "alpha" => self.alpha = parse_choice(value, ALPHAS)?,
            "repeat" => self.repeat = parse_toggle(value)?,
            "experiments" => {
                self.experiments = parse_integer(value, 100, MAX_EXPERIMENTS)? as usize
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        // α only moves the threshold; everything else changes the draws.
        if key != "alpha" {
            self.recompute();
        }
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        key != "experiments" || self.repeat
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "effect" => Some(format!(
                "μ₁ = 0, μ₂ = {}",
                format_number((self.design().mean2 * 1000.0).round() / 1000.0)
            )),
            "sigma2" if self.std_dev1 != self.std_dev2 && self.kind == TestKind::Student => {
                Some("σ₁ ≠ σ₂: Student's test assumes equal variances.".to_owned())
            }
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
        let alpha = self.alpha();
        let design = self.design();
        let undefined = || ReadoutValue::Text("undefined (SE = 0)".to_owned());
        // The table: one row per test, the same columns, so Student's and Welch's compare.
        let mut readouts = Vec::new();
        for (kind, group) in [
            (TestKind::Student, "Student's t-test"),
            (TestKind::Welch, "Welch's t-test"),
        ] {
            let key = test_key(kind);
            let test = self.observed(kind);
            let number =
                |f: fn(&TTest) -> f64| test.map_or_else(undefined, |t| ReadoutValue::Number(f(&t)));
            readouts.push(readout(&format!("{key}-t"), "t", number(|t| t.t), group));
            readouts.push(readout(
                &format!("{key}-df"),
                "ν (df)",
                number(|t| t.degrees_of_freedom),
                group,
            ));
            readouts.push(readout(
                &format!("{key}-p"),
                "p-value",
                number(|t| t.p_value),
                group,
            ));
            readouts.push(readout(
                &format!("{key}-critical"),
                &format!("Critical |t| (α = {})", self.alpha),
                test.and_then(|t| critical_t(alpha, t.degrees_of_freedom))
                    .map_or_else(undefined, ReadoutValue::Number),
                group,
            ));
            readouts.push(readout(
                &format!("{key}-result"),
                "Result",
                ReadoutValue::Text(match test {
                    Some(t) if t.p_value < alpha => "reject H₀".to_owned(),
                    Some(_) => "cannot reject H₀".to_owned(),
                    None => "no test".to_owned(),
                }),
                group,
            ));
            readouts.push(readout(
                &format!("{key}-power"),
                "Power (theory)",
                design.power(kind, alpha).map_or_else(
                    || ReadoutValue::Text("no formula (σ₁ ≠ σ₂)".to_owned()),
                    ReadoutValue::Number,
                ),
                group,
            ));
        }
        let (g1, g2) = self.summaries();
        readouts.extend([
            readout(
                "mean-1",
                "Sample mean x̄₁",
                ReadoutValue::Number(g1.mean),
                "",
            ),
            readout(
                "mean-2",
                "Sample mean x̄₂",
                ReadoutValue::Number(g2.mean),
                "",
            ),
            readout(
                "sd-1",
                "Sample std dev s₁",
                ReadoutValue::Number(g1.variance.sqrt()),
                "",
            ),
            readout(
                "sd-2",
                "Sample std dev s₂",
                ReadoutValue::Number(g2.variance.sqrt()),
                "",
            ),
        ]);
        let chosen = self.observed(self.kind);
        readouts.push(readout(
            "decision",
            "The article's printout",
            ReadoutValue::Text(match chosen {
                Some(t) if t.p_value < alpha => "Reject the null hypothesis".to_owned(),
                Some(_) => "Cannot reject the null hypothesis".to_owned(),
                None => "No test (SE = 0)".to_owned(),
            }),
            "",
        ));
        let off = || ReadoutValue::Text("off (turn on Repeat)".to_owned());
        let rate = self.rejection_rate();
        readouts.push(readout(
            "rejection-rate",
            if self.effect == 0.0 {
                "Repeated: false-positive rate"
            } else {
                "Repeated: rejection rate (power)"
            },
            rate.map_or_else(off, ReadoutValue::Number),
            "",
        ));
        readouts.push(readout(
            "rejection-rate-se",
            "Its standard error",
            rate.map_or_else(off, |r| {
                ReadoutValue::Number((r * (1.0 - r) / self.repeated_p_values.len() as f64).sqrt())
            }),
            "",
        ));
        readouts
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        match key {
            "new-samples" => {
                // The next seed: the new samples stay reproducible from the URL.
                let next = if self.seed >= 999_999 {
                    0
                } else {
                    self.seed + 1
                };
                self.set_param("seed", &next.to_string())
            }
            _ => Err(format!("“{key}” is not an action of this demo")),
        }
    }

    fn export(&self, key: &str) -> Option<String> {
        match key {
            "samples" => {
                let mut csv = String::from("group,value\n");
                for (group, values) in [(1, &self.sample1), (2, &self.sample2)] {
                    for value in values {
                        csv.push_str(&format!("{group},{}\n", format_param_number(*value)));
                    }
                }
                Some(csv)
            }
            "p-values" if !self.repeated_p_values.is_empty() => {
                let mut csv = format!("experiment,p_value_{}\n", test_key(self.kind));
                for (index, p) in self.repeated_p_values.iter().enumerate() {
                    csv.push_str(&format!("{},{}\n", index + 1, format_param_number(*p)));
                }
                Some(csv)
            }
            _ => None,
        }
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if self.kind == TestKind::Student
            && self.std_dev1 != self.std_dev2
            && self.count1 != self.count2
        {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "Unequal σ and unequal n: Student's pooled test is miscalibrated here (set d = 0 and compare its false-positive rate with Welch's).".to_owned(),
            });
        }
        notices
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
    fn default_is_the_article_design_and_printout() {
        let demo = TTestDemo::default();
        assert_eq!((demo.count1, demo.count2), (10, 10));
        assert_eq!(number(&demo, "student-df"), 18.0);
        assert_eq!(
            value(&demo, "decision"),
            ReadoutValue::Text("Cannot reject the null hypothesis".into())
        );
        assert!((number(&demo, "student-p") - 0.0608).abs() < 1e-4);
        // Power of the article's design (mpmath, see math::hypothesis): 0.5620066465861491.
        assert!((number(&demo, "student-power") - 0.562_006_646_586_149_1).abs() < 1e-8);
        // The repeated experiments agree within 4 binomial standard errors (0.0157 × 4).
        let rate = number(&demo, "rejection-rate");
        assert!(
            (rate - 0.562).abs() < 4.0 * number(&demo, "rejection-rate-se"),
            "{rate}"
        );
    }

    #[test]
    fn welch_matches_student_df_bounds_and_differs_with_unequal_groups() {
        let mut demo = TTestDemo::default();
        demo.set_param("sigma1", "2.5").unwrap();
        demo.set_param("sigma2", "0.5").unwrap();
        demo.set_param("n1", "5").unwrap();
        demo.set_param("n2", "30").unwrap();
        let welch_df = number(&demo, "welch-df");
        // Welch's ν lies between min(n₁, n₂) − 1 and n₁ + n₂ − 2.
        assert!((4.0..=33.0).contains(&welch_df), "{welch_df}");
        assert_eq!(number(&demo, "student-df"), 33.0);
        assert_ne!(number(&demo, "welch-t"), number(&demo, "student-t"));
    }

    #[test]
    fn under_the_null_student_is_miscalibrated_and_welch_is_not() {
        let mut demo = TTestDemo::default();
        for (key, value) in [
            ("effect", "0"),
            ("sigma1", "2.5"),
            ("sigma2", "0.5"),
            ("n1", "5"),
            ("n2", "30"),
            ("experiments", "4000"),
        ] {
            demo.set_param(key, value).unwrap();
        }
        let student_rate = number(&demo, "rejection-rate");
        demo.set_param("test", "welch").unwrap();
        let welch_rate = number(&demo, "rejection-rate");
        // Binomial(4000, 0.05): ±4 sd = ±0.0138 around 0.05 for Welch (whose size is close
        // to α, not exactly: its ν is an approximation); Student's is far above.
        assert!((welch_rate - 0.05).abs() < 0.0138 + 0.005, "{welch_rate}");
        assert!(student_rate > 0.15, "{student_rate}");
    }

    #[test]
    fn repeat_off_gives_text_readouts_and_a_message() {
        let mut demo = TTestDemo::default();
        demo.set_param("repeat", "0").unwrap();
        assert!(matches!(
            value(&demo, "rejection-rate"),
            ReadoutValue::Text(_)
        ));
        assert!(!demo.is_control_active("experiments"));
    }
}
