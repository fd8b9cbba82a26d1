//! Bayes' theorem in two pictures. A diagnostic test: prevalence, sensitivity and
//! specificity give P(disease | positive) and P(disease | negative), shown as 1,000 people
//! coloured by true/false positive/negative and as the formula with the numbers put in.
//! Learning a coin: a Beta(α, β) prior, seeded flips of a coin with a true p, and the
//! posterior Beta(α + h, β + t) with its mean, mode and 95 % credible interval, replayed flip
//! by flip with the playhead. The math is `math::bayes`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{fill_style, line_style, text_style, themed_chart};
use super::legend::{Corner, chart_pixels, draw_legend_clear_of};
use super::params::{format_param_number, parse_integer, parse_number};
use super::playhead::Playhead;
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult,
    ExportSpec, Frame, Layer, PlotSpec, Readout, ReadoutSpec, ReadoutValue, draw_error,
    format_number,
};
use crate::math::bayes::{BetaBelief, BetaMode, DiagnosticTest, NaturalFrequencies, flip_coins};
use crate::render::theme::{SERIES_COLOURS, rgb};

/// The people in the natural-frequency picture.
const POPULATION: u32 = 1000;
/// The most flips the `flips` control allows (the credible-interval history is cached per
/// change, so this bounds that work too).
const MAX_FLIPS: i64 = 1000;
/// The credible level of the interval.
const CREDIBLE_LEVEL: f64 = 0.95;
/// The learning-curve plot evaluates the posterior at about this many flip counts.
const HISTORY_POINTS: usize = 250;

const fn probability(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    group: &'static str,
    example: &'static str,
) -> ControlSpec {
    ControlSpec {
        key,
        aliases: &[],
        label,
        kind: ControlKind::Slider {
            min: 0.0,
            max: 1.0,
            step: 0.005,
            log: false,
        },
        help,
        group,
        example,
    }
}

const fn shape(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    example: &'static str,
) -> ControlSpec {
    ControlSpec {
        key,
        aliases: &[],
        label,
        kind: ControlKind::Slider {
            min: 0.1,
            max: 50.0,
            step: 0.1,
            log: false,
        },
        help,
        group: "Learning a coin: prior",
        example,
    }
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "prevalence",
        aliases: &[],
        label: "Prevalence P(disease)",
        kind: ControlKind::Slider {
            min: 0.0001,
            max: 1.0,
            step: 0.0001,
            log: true,
        },
        help: "The share of people who have the disease: the prior probability before any test",
        group: "Diagnostic test",
        example: "0.1",
    },
    probability(
        "sensitivity",
        "Sensitivity P(+ | disease)",
        "The share of sick people the test finds (true-positive rate)",
        "Diagnostic test",
        "0.99",
    ),
    probability(
        "specificity",
        "Specificity P(− | healthy)",
        "The share of healthy people the test clears (true-negative rate); 1 − specificity is the false-positive rate",
        "Diagnostic test",
        "0.99",
    ),
    shape(
        "alpha",
        "Prior α (pseudo-heads)",
        "The prior Beta(α, β) acts like α − 1 heads seen before; α = β = 1 is uniform",
        "8",
    ),
    shape(
        "beta",
        "Prior β (pseudo-tails)",
        "The prior's β acts like β − 1 tails seen before",
        "1",
    ),
    probability(
        "p",
        "True P(heads) of the coin",
        "The coin's real bias, which the posterior should find",
        "Learning a coin: flips",
        "0.3",
    ),
    ControlSpec {
        key: "flips",
        aliases: &[],
        label: "Flips",
        kind: ControlKind::Integer {
            min: 0,
            max: MAX_FLIPS,
        },
        help: "How many times the coin is flipped; play replays them one by one",
        group: "Learning a coin: flips",
        example: "100",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 4_294_967_295,
        },
        help: "Fixes the flips: the same seed gives the same sequence, and more flips extend it",
        group: "Learning a coin: flips",
        example: "7",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "p-positive",
        help: "P(+) = sens·p + (1 − spec)(1 − p), the share of everybody who tests positive",
    },
    ReadoutSpec {
        name: "disease-given-positive",
        help: "P(disease | +) by Bayes' theorem (0.0917 for prevalence 1 %, sensitivity 90 %, specificity 91 %); a text when nobody tests positive",
    },
    ReadoutSpec {
        name: "disease-given-negative",
        help: "P(disease | −), the chance a negative result is wrong; a text when nobody tests negative",
    },
    ReadoutSpec {
        name: "formula",
        help: "Bayes' formula with the numbers put in",
    },
    ReadoutSpec {
        name: "true-positives",
        help: "Sick people who test positive, out of 1,000 (rounded to whole people)",
    },
    ReadoutSpec {
        name: "false-negatives",
        help: "Sick people the test misses, out of 1,000",
    },
    ReadoutSpec {
        name: "false-positives",
        help: "Healthy people who test positive, out of 1,000",
    },
    ReadoutSpec {
        name: "true-negatives",
        help: "Healthy people who test negative, out of 1,000",
    },
    ReadoutSpec {
        name: "counts-share",
        help: "TP / (TP + FP) from the rounded counts: Bayes' answer read off the picture",
    },
    ReadoutSpec {
        name: "heads",
        help: "Heads among the flips shown",
    },
    ReadoutSpec {
        name: "tails",
        help: "Tails among the flips shown",
    },
    ReadoutSpec {
        name: "posterior",
        help: "The posterior Beta(α + h, β + t)",
    },
    ReadoutSpec {
        name: "posterior-mean",
        help: "(α + h) / (α + β + h + t)",
    },
    ReadoutSpec {
        name: "posterior-sd",
        help: "The posterior standard deviation √(ab / ((a + b)²(a + b + 1))) with a = α + h, b = β + t",
    },
    ReadoutSpec {
        name: "posterior-map",
        help: "The mode (a − 1)/(a + b − 2) when a, b > 1; otherwise a text (at 0, at 1, at both ends, or flat)",
    },
    ReadoutSpec {
        name: "credible-low",
        help: "The 2.5 % quantile of the posterior (statrs' inverse regularized incomplete beta)",
    },
    ReadoutSpec {
        name: "credible-high",
        help: "The 97.5 % quantile: with the low end, the equal-tailed 95 % credible interval",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "people",
        title: "1,000 people tested",
        alt: "A grid of 1,000 squares, one per person, in four colours: sick and positive (true positives), healthy and positive (false positives), sick and negative (false negatives), healthy and negative (true negatives), with the counts. The positives come first, so the share of sick people among them, P(disease | +), can be seen.",
        aspect_ratio: 0.78,
        interactive: false,
    },
    PlotSpec {
        id: "beliefs",
        title: "Prior × likelihood → posterior for the coin's P(heads)",
        alt: "Densities over p from 0 to 1: the Beta(α, β) prior (grey, dashed), the likelihood of the flips shown scaled to area 1 (orange), and the posterior Beta(α + h, β + t) (blue) with its 95 % credible interval shaded, its mean marked, and the true p as a green dashed line.",
        aspect_ratio: 0.6,
        interactive: false,
    },
    PlotSpec {
        id: "learning",
        title: "What the posterior says after each flip",
        alt: "The posterior mean (blue line) and its 95 % credible interval (shaded band) against the number of flips, narrowing around the true p (green dashed line); a vertical line marks the flip shown.",
        aspect_ratio: 0.5,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "bayes",
    title: "Bayes' theorem",
    chapter: Chapter::ProbabilityStatistics,
    summary: "A diagnostic test as 1,000 people (why a positive result for a rare disease is usually a false alarm), and a coin's bias learnt flip by flip: Beta prior, likelihood, posterior and its 95 % credible interval.",
    explanation: r#"**Bayes' theorem** turns the probability of the evidence given a hypothesis into the probability of the hypothesis given the evidence:

$$P(D \mid +) = \frac{P(+ \mid D)\, P(D)}{P(+)} = \frac{\text{sens} \cdot p}{\text{sens} \cdot p + (1 - \text{spec})(1 - p)}$$

where $p = P(D)$ is the **prevalence**, the sensitivity is $P(+ \mid D)$ and the specificity $P(- \mid \text{healthy})$; the denominator is the law of total probability. With $p = 1\,\%$, sensitivity $90\,\%$ and specificity $91\,\%$: $P(D \mid +) = \frac{0.009}{0.009 + 0.0891} = \frac{10}{109} \approx 0.0917$. A positive result raises the probability ninefold, yet more than 90 % of positives are false alarms, because the healthy are 99 times as many as the sick. The first plot shows the same as **natural frequencies**: of 1,000 people 10 are sick and 9 of them test positive, but so do 89 of the 990 healthy, and $9 / (9 + 89) \approx 0.092$. Likewise $P(D \mid -) = \frac{(1 - \text{sens})\, p}{(1 - \text{sens})\, p + \text{spec}\,(1 - p)}$.

**Learning a coin.** Our belief about the probability $\theta$ of heads starts as a prior $\text{Beta}(\alpha, \beta)$, density $\propto \theta^{\alpha - 1}(1 - \theta)^{\beta - 1}$. After $h$ heads and $t$ tails the likelihood is $\theta^{h}(1 - \theta)^{t}$, and Bayes' theorem (posterior $\propto$ likelihood $\times$ prior) gives again a Beta distribution, the prior is **conjugate**:

$$\theta \mid \text{flips} \sim \text{Beta}(\alpha + h, \beta + t)$$

$$\mathbb E[\theta \mid \text{flips}] = \frac{\alpha + h}{\alpha + \beta + h + t}$$

So $\alpha$ and $\beta$ act like heads and tails seen before. The mode (MAP estimate) is $\frac{\alpha + h - 1}{\alpha + \beta + h + t - 2}$ when both parameters exceed 1; otherwise the density is largest at an end, or (for Beta(1, 1)) flat. The **95 % credible interval** runs from the 2.5 % to the 97.5 % quantile of the posterior (statrs' inverse regularized incomplete beta function): given the prior and the flips, $\theta$ lies in it with probability 0.95. Its width shrinks like $1/\sqrt{h + t}$, and with many flips the data outweigh any prior. Press play to replay the flips one at a time."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: ACTIONS,
    exports: EXPORTS,
    imports: &[],
    create: || Box::new(BayesDemo::default()),
};

const fn flip_action(key: &'static str, label: &'static str, help: &'static str) -> ActionSpec {
    ActionSpec {
        key,
        label,
        help,
        group: "Learning a coin: flips",
    }
}

/// The buttons; each raises the `flips` control, so the URL keeps the flips.
const ACTIONS: &[ActionSpec] = &[
    flip_action("flip-1", "Flip 1", "Flip the coin once more"),
    flip_action("flip-10", "Flip 10", "Flip the coin 10 more times"),
    flip_action("flip-100", "Flip 100", "Flip the coin 100 more times"),
];

const EXPORTS: &[ExportSpec] = &[ExportSpec {
    key: "flips",
    label: "flips and posteriors (CSV)",
    file_name: "bayes-coin-flips.csv",
    mime: "text/csv",
}];

/// One point of the learning curve: after `flips` flips, the posterior mean and interval.
#[derive(Clone, Copy, Debug, PartialEq)]
struct HistoryPoint {
    flips: usize,
    mean: f64,
    low: f64,
    high: f64,
}

/// The state of the Bayes demo.
#[derive(Clone, Debug)]
pub struct BayesDemo {
    test: DiagnosticTest,
    prior: BetaBelief,
    /// The coin's true P(heads).
    p_true: f64,
    /// How many flips there are.
    flips: usize,
    seed: u64,
    /// heads_before[k] = heads among the first k flips (length flips + 1).
    heads_before: Vec<u32>,
    /// The posterior after a spread of flip counts, for the learning curve.
    history: Vec<HistoryPoint>,
    /// Which flip count is shown.
    playhead: Playhead,
    /// While playing: the clock time (ms) up to which flips have been shown.
    play_clock: Option<f64>,
}

impl Default for BayesDemo {
    fn default() -> Self {
        let mut demo = Self {
            test: DiagnosticTest {
                prevalence: 0.01,
                sensitivity: 0.9,
                specificity: 0.91,
            },
            // A mild belief in a fair coin: unlike the uniform prior, its posterior differs
            // visibly from the likelihood.
            prior: BetaBelief {
                alpha: 2.0,
                beta: 2.0,
            },
            p_true: 0.7,
            flips: 20,
            seed: 1,
            heads_before: Vec::new(),
            history: Vec::new(),
            playhead: Playhead::at_end(20),
            play_clock: None,
        };
        demo.recompute_flips();
        demo
    }
}

impl BayesDemo {
    /// Redraws the flips and the learning curve (after a change of the prior or the coin).
    fn recompute_flips(&mut self) {
        let flips = flip_coins(self.p_true, self.flips, self.seed);
        self.heads_before = std::iter::once(0)
            .chain(flips.iter().scan(0u32, |heads, h| {
                *heads += u32::from(*h);
                Some(*heads)
            }))
            .collect();
        let stride = self.flips.div_ceil(HISTORY_POINTS).max(1);
        let mut counts: Vec<usize> = (0..=self.flips).step_by(stride).collect();
        if counts.last() != Some(&self.flips) {
            counts.push(self.flips);
        }
        self.history = counts
            .into_iter()
            .filter_map(|k| {
                let posterior = self.posterior_after(k);
                let (low, high) = posterior.credible_interval(CREDIBLE_LEVEL)?;
                Some(HistoryPoint {
                    flips: k,
                    mean: posterior.mean(),
                    low,
                    high,
                })
            })
            .collect();
        self.playhead.set_last(self.flips);
    }

    /// (heads, tails) among the first `k` flips.
    fn counts_after(&self, k: usize) -> (u64, u64) {
        let k = k.min(self.flips);
        let heads = self.heads_before.get(k).copied().unwrap_or(0) as u64;
        (heads, k as u64 - heads)
    }

    fn posterior_after(&self, k: usize) -> BetaBelief {
        let (heads, tails) = self.counts_after(k);
        self.prior.updated(heads, tails)
    }

    fn shown_counts(&self) -> (u64, u64) {
        self.counts_after(self.playhead.shown)
    }

    fn shown_posterior(&self) -> BetaBelief {
        self.posterior_after(self.playhead.shown)
    }

    /// Bayes' formula for P(D | +) with the numbers put in.
    fn formula(&self) -> String {
        let t = &self.test;
        let (sens, p, false_rate) = (
            format_number(t.sensitivity),
            format_number(t.prevalence),
            format_number(1.0 - t.specificity),
        );
        let healthy = format_number(1.0 - t.prevalence);
        let result = t
            .disease_given_positive()
            .map_or("undefined (0 / 0)".to_owned(), format_number);
        format!("P(D | +) = {sens}·{p} / ({sens}·{p} + {false_rate}·{healthy}) = {result}")
    }

    /// Runs one of [`ACTIONS`]: more flips, shown at once.
    fn run_action(&mut self, key: &str) -> Result<(), String> {
        let more = match key {
            "flip-1" => 1,
            "flip-10" => 10,
            "flip-100" => 100,
            _ => return Err(format!("“{key}” is not an action of this demo")),
        };
        if self.flips as i64 >= MAX_FLIPS {
            return Err(format!(
                "already {MAX_FLIPS} flips, the most this demo draws; lower “Flips” to start again"
            ));
        }
        self.flips = (self.flips + more).min(MAX_FLIPS as usize);
        self.recompute_flips();
        self.playhead.go_to(self.flips);
        Ok(())
    }

    fn draw_people<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let counts = self.test.natural_frequencies(POPULATION);
        let (width, height) = area.dim_in_pixel();
        let (width, height) = (width as f64, height as f64);
        let margin = frame.px(10.0);
        // Positives first, so the eye compares the sick among them with the healthy.
        let groups: [(u32, [u8; 3], &str); 4] = [
            (counts.true_positives, TRUE_POSITIVE, "sick, test +"),
            (counts.false_positives, FALSE_POSITIVE, "healthy, test +"),
            (counts.false_negatives, FALSE_NEGATIVE, "sick, test −"),
            (counts.true_negatives, TRUE_NEGATIVE, "healthy, test −"),
        ];
        // The legend: two columns of two entries, then the answer, above the grid.
        let font = 13.0;
        let line = frame.px(font * 1.45);
        let swatch = frame.px(11.0);
        let column_width = (width - 2.0 * margin) / 2.0;
        for (i, (count, colour, label)) in groups.iter().enumerate() {
            let x = margin + (i % 2) as f64 * column_width;
            let y = margin + (i / 2) as f64 * line;
            area.draw(&Rectangle::new(
                [
                    (x as i32, (y + (line - swatch) / 2.0) as i32),
                    ((x + swatch) as i32, (y + (line + swatch) / 2.0) as i32),
                ],
                fill_style(*colour),
            ))
            .map_err(draw_error)?;
            area.draw(&Text::new(
                format!("{count} {label}"),
                ((x + swatch + frame.px(6.0)) as i32, (y + line / 2.0) as i32),
                text_style(frame, font, theme.text).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        let positives = counts.true_positives + counts.false_positives;
        let answer = match counts.share_sick_among_positives() {
            Some(share) => format!(
                "{} of {positives} positives are sick: {:.1} %",
                counts.true_positives,
                share * 100.0
            ),
            None => "Nobody tests positive".to_owned(),
        };
        area.draw(&Text::new(
            answer,
            (margin as i32, (margin + 2.0 * line + line / 2.0) as i32),
            text_style(frame, 14.0, theme.text).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(draw_error)?;
        area.draw(&Text::new(
            self.formula(),
            (margin as i32, (margin + 3.0 * line + line / 2.0) as i32),
            text_style(frame, 12.0, theme.muted_text).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(draw_error)?;
        // The grid fills the rest, row by row, with whichever shape gives the biggest squares.
        let top = margin + 4.0 * line + frame.px(6.0);
        let cell_for = |columns: usize| {
            let rows = (POPULATION as usize).div_ceil(columns);
            ((width - 2.0 * margin) / columns as f64).min((height - top - margin) / rows as f64)
        };
        let columns = [25, 40, 50]
            .into_iter()
            .max_by(|a, b| cell_for(*a).total_cmp(&cell_for(*b)))
            .unwrap_or(40);
        let cell = cell_for(columns).max(1.0);
        let left = (width - cell * columns as f64) / 2.0;
        let gap = if cell >= frame.px(6.0) {
            frame.px(1.0)
        } else {
            0.0
        };
        let colours = groups
            .iter()
            .flat_map(|(count, colour, _)| std::iter::repeat_n(*colour, *count as usize));
        draw_people_grid(area, colours, (left, top), cell, gap, columns)?;
        Ok(())
    }

    fn draw_beliefs<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let (heads, tails) = self.shown_counts();
        let posterior = self.shown_posterior();
        let likelihood = BetaBelief {
            alpha: heads as f64 + 1.0,
            beta: tails as f64 + 1.0,
        };
        // Densities on a grid of cell midpoints: the ends are infinite for shapes below 1.
        let grid: Vec<f64> = (0..=GRID).map(|i| i as f64 / GRID as f64).collect();
        let interior = |x: f64| x.clamp(0.5 / GRID as f64, 1.0 - 0.5 / GRID as f64);
        let curve = |belief: &BetaBelief| -> Vec<(f64, f64)> {
            grid.iter()
                .map(|&x| (x, belief.density(interior(x))))
                .filter(|(_, y)| y.is_finite())
                .collect()
        };
        let (prior_curve, likelihood_curve, posterior_curve) =
            (curve(&self.prior), curve(&likelihood), curve(&posterior));
        // The scale ignores the last 2 % at either end, where shapes below 1 shoot up to
        // infinity, but always shows the posterior's peak (its density at the mean).
        let top = posterior_curve
            .iter()
            .chain(&prior_curve)
            .chain(&likelihood_curve)
            .filter(|(x, _)| (0.02..=0.98).contains(x))
            .fold(1.0_f64, |m, (_, y)| m.max(*y))
            .max(posterior.density(posterior.mean()))
            .max(match posterior.mode() {
                BetaMode::Interior(mode) => posterior.density(mode),
                _ => 0.0,
            });
        let y_max = top * 1.12;
        let clip = |points: &[(f64, f64)]| -> Vec<(f64, f64)> {
            points.iter().map(|(x, y)| (*x, y.min(y_max))).collect()
        };
        let mut chart = themed_chart(area, frame, 0.0..1.0, 0.0..y_max, "θ = P(heads)", "density")?;
        if let Some((low, high)) = posterior.credible_interval(CREDIBLE_LEVEL) {
            let mut band: Vec<(f64, f64)> = vec![(low, 0.0)];
            band.extend(
                posterior_curve
                    .iter()
                    .filter(|(x, _)| *x > low && *x < high)
                    .map(|(x, y)| (*x, y.min(y_max))),
            );
            band.push((high, posterior.density(interior(high)).min(y_max)));
            band.push((high, 0.0));
            band.insert(1, (low, posterior.density(interior(low)).min(y_max)));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    band,
                    rgb(POSTERIOR).mix(0.18).filled(),
                )))
                .map_err(draw_error)?;
        }
        chart
            .draw_series(DashedLineSeries::new(
                [(self.p_true, 0.0), (self.p_true, y_max)],
                frame.px(6.0) as i32,
                frame.px(4.0) as i32,
                line_style(TRUE_P, frame, 2.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(DashedLineSeries::new(
                clip(&prior_curve),
                frame.px(5.0) as i32,
                frame.px(3.0) as i32,
                line_style(theme.muted_text, frame, 2.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                clip(&likelihood_curve),
                line_style(LIKELIHOOD, frame, 2.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                clip(&posterior_curve),
                line_style(POSTERIOR, frame, 3.0),
            ))
            .map_err(draw_error)?;
        let mean = posterior.mean();
        chart
            .draw_series(std::iter::once(Circle::new(
                (mean, posterior.density(interior(mean)).min(y_max)),
                frame.px(5.0) as i32,
                fill_style(POSTERIOR),
            )))
            .map_err(draw_error)?;
        // Our own legend (not plotters' series labels, which measure text through the DOM):
        // in the corner that covers the least of the curves.
        let legend = [
            (TRUE_P, "true p".to_owned()),
            (theme.muted_text, "prior".to_owned()),
            (LIKELIHOOD, "likelihood (area 1)".to_owned()),
            (POSTERIOR, "posterior".to_owned()),
        ];
        let data = [
            vec![(self.p_true, 0.0), (self.p_true, y_max)],
            clip(&prior_curve),
            clip(&likelihood_curve),
            clip(&posterior_curve),
        ]
        .map(|line| chart_pixels(&chart, line))
        .to_vec();
        let preferred = if self.p_true >= 0.5 {
            Corner::TopLeft
        } else {
            Corner::TopRight
        };
        draw_legend_clear_of(area, frame, preferred, &legend, &data)?;
        Ok(())
    }

    fn draw_learning<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let x_max = self.flips.max(1) as f64;
        let mut chart = themed_chart(
            area,
            frame,
            0.0..x_max,
            0.0..1.0,
            "flips h + t",
            "θ = P(heads)",
        )?;
        let mut band: Vec<(f64, f64)> = self
            .history
            .iter()
            .map(|h| (h.flips as f64, h.high))
            .collect();
        band.extend(self.history.iter().rev().map(|h| (h.flips as f64, h.low)));
        if self.history.len() > 1 {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    band,
                    rgb(POSTERIOR).mix(0.18).filled(),
                )))
                .map_err(draw_error)?;
            chart
                .draw_series(LineSeries::new(
                    self.history.iter().map(|h| (h.flips as f64, h.mean)),
                    line_style(POSTERIOR, frame, 2.5),
                ))
                .map_err(draw_error)?;
        }
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, self.p_true), (x_max, self.p_true)],
                frame.px(6.0) as i32,
                frame.px(4.0) as i32,
                line_style(TRUE_P, frame, 2.0),
            ))
            .map_err(draw_error)?;
        let shown = self.playhead.shown as f64;
        chart
            .draw_series(LineSeries::new(
                [(shown, 0.0), (shown, 1.0)],
                line_style(theme.text, frame, 1.5),
            ))
            .map_err(draw_error)?;
        let posterior = self.shown_posterior();
        chart
            .draw_series(std::iter::once(Circle::new(
                (shown, posterior.mean()),
                frame.px(5.0) as i32,
                fill_style(POSTERIOR),
            )))
            .map_err(draw_error)?;
        Ok(())
    }
}

/// How long replaying many flips takes, in milliseconds.
const PLAY_MILLISECONDS: f64 = 6000.0;

/// Density grid resolution of the beliefs plot.
const GRID: usize = 400;

const TRUE_POSITIVE: [u8; 3] = [200, 40, 40];
const FALSE_NEGATIVE: [u8; 3] = [240, 160, 150];
const FALSE_POSITIVE: [u8; 3] = SERIES_COLOURS[4];
const TRUE_NEGATIVE: [u8; 3] = [160, 170, 180];
const POSTERIOR: [u8; 3] = SERIES_COLOURS[0];
const LIKELIHOOD: [u8; 3] = SERIES_COLOURS[1];
const TRUE_P: [u8; 3] = SERIES_COLOURS[2];

/// The grid of people: square `i` (row by row, `columns` wide) in the `i`-th colour.
fn draw_people_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    colours: impl Iterator<Item = [u8; 3]>,
    origin: (f64, f64),
    cell: f64,
    gap: f64,
    columns: usize,
) -> DrawResult {
    for (i, colour) in colours.enumerate() {
        let (row, column) = (i / columns, i % columns);
        let x = origin.0 + column as f64 * cell;
        let y = origin.1 + row as f64 * cell;
        area.draw(&Rectangle::new(
            [
                (x.round() as i32, y.round() as i32),
                (
                    (x + cell - gap).round() as i32,
                    (y + cell - gap).round() as i32,
                ),
            ],
            fill_style(colour),
        ))
        .map_err(draw_error)?;
    }
    Ok(())
}

impl DrawDemo for BayesDemo {
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
            0 => self.draw_people(area, frame),
            1 => self.draw_beliefs(area, frame),
            _ => self.draw_learning(area, frame),
        }
    }
}

/// The mode of a Beta as a readout.
fn mode_readout(mode: BetaMode) -> ReadoutValue {
    match mode {
        BetaMode::Interior(x) => ReadoutValue::Number(x),
        BetaMode::AtZero => ReadoutValue::Text("at 0 (the density is largest there)".to_owned()),
        BetaMode::AtOne => ReadoutValue::Text("at 1 (the density is largest there)".to_owned()),
        BetaMode::BothEnds => {
            ReadoutValue::Text("at 0 and at 1 (U-shaped, no single mode)".to_owned())
        }
        BetaMode::Flat => ReadoutValue::Text("undefined (flat: every θ is a mode)".to_owned()),
    }
}

/// The counts readouts of the 2 × 2 table.
fn count_readouts(counts: &NaturalFrequencies) -> Vec<Readout> {
    [
        ("true-positives", "sick, test +", counts.true_positives),
        ("false-positives", "healthy, test +", counts.false_positives),
        ("false-negatives", "sick, test −", counts.false_negatives),
        ("true-negatives", "healthy, test −", counts.true_negatives),
    ]
    .into_iter()
    .map(|(name, label, count)| Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Integer(count as i64),
        group: String::new(),
    })
    .collect()
}

impl Demo for BayesDemo {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "prevalence" => format_param_number(self.test.prevalence),
            "sensitivity" => format_param_number(self.test.sensitivity),
            "specificity" => format_param_number(self.test.specificity),
            "alpha" => format_param_number(self.prior.alpha),
            "beta" => format_param_number(self.prior.beta),
            "p" => format_param_number(self.p_true),
            "flips" => self.flips.to_string(),
            "seed" => self.seed.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "prevalence" => self.test.prevalence = parse_number(value, 0.0001, 1.0)?,
            "sensitivity" => self.test.sensitivity = parse_number(value, 0.0, 1.0)?,
            "specificity" => self.test.specificity = parse_number(value, 0.0, 1.0)?,
            "alpha" => self.prior.alpha = parse_number(value, 0.1, 50.0)?,
            "beta" => self.prior.beta = parse_number(value, 0.1, 50.0)?,
            "p" => self.p_true = parse_number(value, 0.0, 1.0)?,
            "flips" => self.flips = parse_integer(value, 0, MAX_FLIPS)? as usize,
            "seed" => self.seed = parse_integer(value, 0, 4_294_967_295)? as u64,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        // The diagnostic test does not touch the coin: only coin settings redo the flips.
        if !matches!(key, "prevalence" | "sensitivity" | "specificity") {
            self.recompute_flips();
        }
        Ok(())
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        self.run_action(key)
    }

    /// Every flip with the posterior after it: the whole run, whatever flip is shown.
    fn export(&self, key: &str) -> Option<String> {
        if key != "flips" {
            return None;
        }
        let mut csv = String::from("flip,result,heads,tails,alpha,beta,mean,low_95,high_95\n");
        for k in 0..=self.flips {
            let (heads, tails) = self.counts_after(k);
            let posterior = self.posterior_after(k);
            let result = match k {
                0 => "prior",
                _ if self.heads_before.get(k) > self.heads_before.get(k - 1) => "heads",
                _ => "tails",
            };
            let (low, high) = posterior
                .credible_interval(CREDIBLE_LEVEL)
                .map_or((String::new(), String::new()), |(l, h)| {
                    (format_param_number(l), format_param_number(h))
                });
            csv.push_str(&format!(
                "{k},{result},{heads},{tails},{},{},{},{low},{high}\n",
                format_param_number(posterior.alpha),
                format_param_number(posterior.beta),
                format_param_number(posterior.mean()),
            ));
        }
        Some(csv)
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.flips
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn advance_frame(&mut self) -> bool {
        // Without a clock: one flip a frame, at most 500 frames for the full 1,000 flips.
        self.playhead.advance(self.flips.div_ceil(500).max(1))
    }

    /// Paced by the clock, so a replay is watchable whatever the number of flips: a flip
    /// every 250 ms for a few flips, and all of them within about six seconds.
    fn advance_frame_budgeted(&mut self, now_ms: &dyn Fn() -> f64, _budget_ms: f64) -> bool {
        let now = now_ms();
        let interval = (PLAY_MILLISECONDS / self.flips.max(1) as f64).clamp(1.0, 250.0);
        let resumed = match self.play_clock {
            // A long gap is a pause or a hidden tab: start afresh rather than jump.
            Some(clock) if now >= clock && now - clock < 500.0 => clock,
            _ => {
                self.play_clock = Some(now);
                return self.playhead.advance(1);
            }
        };
        let due = ((now - resumed) / interval).floor() as usize;
        if due == 0 {
            return !self.playhead.is_at_end();
        }
        self.play_clock = Some(resumed + due as f64 * interval);
        self.playhead.advance(due)
    }

    fn readouts(&self) -> Vec<Readout> {
        // One plain list: the shell tables grouped readouts by shared labels, which these lack.
        let readout = |name: &str, label: &str, value: ReadoutValue| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: String::new(),
        };
        let t = &self.test;
        let mut readouts = vec![readout(
            "p-positive",
            "P(+)",
            ReadoutValue::Number(t.probability_positive()),
        )];
        readouts.push(readout(
            "disease-given-positive",
            "P(disease | +)",
            match t.disease_given_positive() {
                Some(p) => ReadoutValue::Number(p),
                None => ReadoutValue::Text("undefined (nobody tests positive)".to_owned()),
            },
        ));
        readouts.push(readout(
            "disease-given-negative",
            "P(disease | −)",
            match t.disease_given_negative() {
                Some(p) => ReadoutValue::Number(p),
                None => ReadoutValue::Text("undefined (nobody tests negative)".to_owned()),
            },
        ));
        readouts.push(readout(
            "formula",
            "Bayes",
            ReadoutValue::Text(self.formula()),
        ));
        let counts = t.natural_frequencies(POPULATION);
        readouts.extend(count_readouts(&counts));
        readouts.push(readout(
            "counts-share",
            "sick among positives",
            match counts.share_sick_among_positives() {
                Some(share) => ReadoutValue::Number(share),
                None => ReadoutValue::Text("undefined (no positives)".to_owned()),
            },
        ));
        let (heads, tails) = self.shown_counts();
        readouts.push(readout(
            "heads",
            "heads h",
            ReadoutValue::Integer(heads as i64),
        ));
        readouts.push(readout(
            "tails",
            "tails t",
            ReadoutValue::Integer(tails as i64),
        ));
        let posterior = self.shown_posterior();
        readouts.push(readout(
            "posterior",
            "posterior",
            ReadoutValue::Text(format!(
                "Beta({}, {})",
                format_number(posterior.alpha),
                format_number(posterior.beta)
            )),
        ));
        readouts.push(readout(
            "posterior-mean",
            "mean",
            ReadoutValue::Number(posterior.mean()),
        ));
        readouts.push(readout(
            "posterior-sd",
            "standard deviation",
            ReadoutValue::Number(posterior.variance().sqrt()),
        ));
        readouts.push(readout(
            "posterior-map",
            "mode (MAP)",
            mode_readout(posterior.mode()),
        ));
        let interval = posterior.credible_interval(CREDIBLE_LEVEL);
        for (name, label, value) in [
            ("credible-low", "95 % interval from", interval.map(|i| i.0)),
            ("credible-high", "95 % interval to", interval.map(|i| i.1)),
        ] {
            readouts.push(readout(
                name,
                label,
                match value {
                    Some(x) => ReadoutValue::Number(x),
                    None => ReadoutValue::Text("undefined".to_owned()),
                },
            ));
        }
        readouts
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
    use crate::demos::test_support::{readout_number as number, readout_value as readout};

    #[test]
    fn default_test_gives_ten_over_109_and_the_counts_of_1000_people() {
        let demo = BayesDemo::default();
        // 0.009 / 0.0981 = 10/109 (python3: 0.09174311926605509).
        assert!((number(&demo, "disease-given-positive") - 10.0 / 109.0).abs() < 1e-15);
        assert_eq!(readout(&demo, "true-positives"), ReadoutValue::Integer(9));
        assert_eq!(readout(&demo, "false-positives"), ReadoutValue::Integer(89));
        assert_eq!(
            readout(&demo, "formula"),
            ReadoutValue::Text(
                "P(D | +) = 0.9·0.01 / (0.9·0.01 + 0.09·0.99) = 0.0917431".to_owned()
            )
        );
    }

    #[test]
    fn the_posterior_adds_heads_and_tails_to_the_prior() {
        let mut demo = BayesDemo::default();
        demo.set_param("alpha", "2").unwrap();
        demo.set_param("beta", "3").unwrap();
        let (heads, tails) = demo.shown_counts();
        assert_eq!(heads + tails, 20);
        let (a, b) = (2.0 + heads as f64, 3.0 + tails as f64);
        assert!((number(&demo, "posterior-mean") - a / (a + b)).abs() < 1e-15);
        assert!((number(&demo, "posterior-map") - (a - 1.0) / (a + b - 2.0)).abs() < 1e-15);
        let low = number(&demo, "credible-low");
        let high = number(&demo, "credible-high");
        let posterior = BetaBelief { alpha: a, beta: b };
        assert!((posterior.cdf(low) - 0.025).abs() < 1e-9);
        assert!((posterior.cdf(high) - 0.975).abs() < 1e-9);
        // Replaying: at flip 0 the posterior is the prior, and its mode is interior (2, 3 > 1).
        demo.go_to_step(0);
        assert_eq!(
            readout(&demo, "posterior"),
            ReadoutValue::Text("Beta(2, 3)".to_owned())
        );
        assert_eq!(number(&demo, "posterior-map"), 1.0 / 3.0);
        demo.set_param("alpha", "1").unwrap();
        demo.set_param("beta", "1").unwrap();
        assert!(
            matches!(readout(&demo, "posterior-map"), ReadoutValue::Text(t) if t.contains("flat"))
        );
    }

    #[test]
    fn flip_actions_raise_the_flips_control_and_extend_the_same_sequence() {
        let mut demo = BayesDemo::default();
        let before = demo.heads_before.clone();
        demo.run_action("flip-10").unwrap();
        assert_eq!(demo.param("flips").as_deref(), Some("30"));
        assert_eq!(demo.current_step(), 30);
        assert_eq!(demo.heads_before[..=20], before[..]);
        demo.run_action("flip-100").unwrap();
        demo.run_action("flip-1").unwrap();
        assert_eq!(demo.param("flips").as_deref(), Some("131"));
        demo.set_param("flips", "1000").unwrap();
        assert!(demo.run_action("flip-1").is_err());
        assert!(demo.run_action("flip-2").is_err());
        // 1,000 flips of p = 0.7: the interval is narrow and (here) holds 0.7.
        let (low, high) = (
            number(&demo, "credible-low"),
            number(&demo, "credible-high"),
        );
        assert!(high - low < 0.06 && low < 0.7 && 0.7 < high, "{low} {high}");
    }

    #[test]
    fn playing_is_paced_by_the_clock() {
        let mut demo = BayesDemo::default();
        demo.go_to_step(0);
        let clock = std::cell::Cell::new(1000.0);
        let now = || clock.get();
        // 20 flips: one every 250 ms; the first frame shows one at once.
        assert!(demo.advance_frame_budgeted(&now, 8.0));
        assert_eq!(demo.current_step(), 1);
        clock.set(1100.0);
        assert!(demo.advance_frame_budgeted(&now, 8.0));
        assert_eq!(demo.current_step(), 1, "not yet due");
        clock.set(1260.0);
        demo.advance_frame_budgeted(&now, 8.0);
        assert_eq!(demo.current_step(), 2);
        // After a pause the replay goes on one flip, not a jump.
        clock.set(90_000.0);
        demo.advance_frame_budgeted(&now, 8.0);
        assert_eq!(demo.current_step(), 3);
        demo.set_param("flips", "1000").unwrap();
        demo.go_to_step(0);
        let mut frames = 0;
        while demo.advance_frame_budgeted(&now, 8.0) {
            clock.set(clock.get() + 1000.0 / 60.0);
            frames += 1;
            assert!(frames < 1000);
        }
        // 6 s at 60 frames a second is 360 frames.
        assert!((350..=370).contains(&frames), "{frames}");
    }

    #[test]
    fn the_export_lists_every_flip_with_its_posterior() {
        let demo = BayesDemo::default();
        let csv = demo.export("flips").unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 1 + 21, "header, the prior and 20 flips");
        assert!(lines[1].starts_with("0,prior,0,0,2,2,0.5,"));
        let (heads, tails) = demo.counts_after(20);
        assert!(lines[21].starts_with("20,"));
        assert!(lines[21].contains(&format!(",{heads},{tails},")));
        assert_eq!(demo.export("nope"), None);
    }

    #[test]
    fn extreme_settings_read_as_text_and_draw_without_nan() {
        let mut demo = BayesDemo::default();
        demo.set_param("sensitivity", "0").unwrap();
        demo.set_param("specificity", "1").unwrap();
        assert!(matches!(
            readout(&demo, "disease-given-positive"),
            ReadoutValue::Text(_)
        ));
        demo.set_param("alpha", "0.1").unwrap();
        demo.set_param("beta", "0.1").unwrap();
        demo.set_param("flips", "0").unwrap();
        assert!(
            matches!(readout(&demo, "posterior-map"), ReadoutValue::Text(t) if t.contains("U-shaped"))
        );
        let frame = Frame::light(390.0, 300.0, 3.0);
        for plot in 0..3 {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (1170, 900)).into_drawing_area();
                demo.draw(plot, Layer::Foreground, &area, &frame).unwrap();
                area.present().unwrap();
            }
            assert!(!svg.contains("NaN"), "plot {plot}");
        }
    }
}
