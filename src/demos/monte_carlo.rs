//! Monte Carlo estimation (article 001's approximate inference): π and two integrals as the
//! fraction of random points under a curve, the estimate converging as N grows and its
//! error shrinking like 1/√N on log-log axes.

use plotters::coord::Shift;
use plotters::coord::combinators::IntoLogRange;
use plotters::prelude::*;

use super::drawing::{
    draw_legend, fill_style, legend_height, legend_layout, line_style, text_style, themed_chart_in,
};
use super::params::{parse_choice, parse_integer};
use super::playhead::Playhead;
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult,
    ExportSpec, Frame, Layer, PlotSpec, Readout, ReadoutSpec, ReadoutValue, draw_error,
};
use crate::math::monte_carlo::{DRAWN_POINT_LIMIT, HitOrMissRun, Target, estimate_from_hits};
use crate::render::theme::{SERIES_COLOURS, rgb};

const TARGETS: &[(&str, &str)] = &[
    ("pi", "π from a quarter circle"),
    ("gaussian", "∫₀¹ e^(−x²) dx = (√π/2)·erf(1)"),
    ("sine", "∫₀^π sin x dx = 2"),
];

/// The largest N.
const MAX_POINTS: i64 = 1_000_000;

/// Points drawn at once when the parameters change (a couple of milliseconds); the rest of a
/// large run is drawn in chunks by `work_chunk`, so the page never blocks.
const POINTS_AT_ONCE: u64 = 50_000;

/// Points per `work_chunk` call: about a millisecond in the browser.
const POINTS_PER_CHUNK: u64 = 25_000;

const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        key: "regenerate",
        label: "New points",
        help: "Draws a fresh set of points (the next seed)",
        group: "Sampling",
    },
    ActionSpec {
        key: "ten-times",
        label: "10× more points",
        help: "Multiplies N by ten (up to 1,000,000): one more digit needs a hundred times more",
        group: "Sampling",
    },
];

const EXPORTS: &[ExportSpec] = &[ExportSpec {
    key: "estimates",
    label: "estimates (CSV)",
    file_name: "monte-carlo-estimates.csv",
    mime: "text/csv",
}];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "target",
        aliases: &[],
        label: "Estimate",
        kind: ControlKind::Select { options: TARGETS },
        help: "What the random points estimate: π (4 × the quarter disc's area) or an integral (the area under the curve)",
        group: "Estimate",
        example: "gaussian",
    },
    ControlSpec {
        key: "n",
        aliases: &[],
        label: "Points N",
        kind: ControlKind::Integer {
            min: 1,
            max: MAX_POINTS,
        },
        help: "How many uniform random points are drawn in the box (up to 1,000,000)",
        group: "Sampling",
        example: "500",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 4_294_967_295,
        },
        help: "Fixes the random points: the same seed gives the same points, bit for bit",
        group: "Sampling",
        example: "7",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "n",
        help: "The number of points used so far",
    },
    ReadoutSpec {
        name: "inside",
        help: "How many of them landed under the curve",
    },
    ReadoutSpec {
        name: "estimate",
        help: "The Monte Carlo estimate: box area × scale × inside / n",
    },
    ReadoutSpec {
        name: "exact",
        help: "The exact value (π, (√π/2)·erf(1) or 2)",
    },
    ReadoutSpec {
        name: "error",
        help: "The absolute error |estimate − exact|",
    },
    ReadoutSpec {
        name: "standard-error",
        help: "The standard error estimated from the sample, c·√(p̂(1 − p̂)/n)",
    },
    ReadoutSpec {
        name: "true-standard-error",
        help: "The exact standard error σ/√n with σ = c·√(p(1 − p))",
    },
    ReadoutSpec {
        name: "z",
        help: "The error in units of the true standard error, (estimate − exact)/(σ/√n)",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "points",
        title: "Random points in the box",
        alt: "Uniform random points in a box, coloured by whether they fall under the curve; the shaded region's area is what is estimated.",
        aspect_ratio: 0.75,
        interactive: false,
    },
    PlotSpec {
        id: "estimate",
        title: "The estimate against N",
        alt: "The running estimate against the number of points on a log axis, inside a funnel of plus or minus one and two standard errors around the exact value.",
        aspect_ratio: 0.55,
        interactive: false,
    },
    PlotSpec {
        id: "error",
        title: "The error against N (log-log)",
        alt: "The absolute error against the number of points on log-log axes, with the lines σ/√N and 2σ/√N of slope −1/2.",
        aspect_ratio: 0.55,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "monte-carlo",
    title: "Monte Carlo estimation",
    chapter: Chapter::ProbabilityStatistics,
    summary: "Estimate π and an integral from random points, and watch the error shrink like 1/√N.",
    explanation: r#"When an exact answer is out of reach, sample. *Top 5 Must-Know Math Concepts for Deep Learning* calls this approximate inference: replace an integral by an average over random draws. Here the points are uniform in a box of area $A$ and the estimate is the box's area times the fraction $\hat p$ that land under the curve $y = f(x)$:

$$\hat I_N = c\,A\,\hat p = c\,A\,\frac{1}{N}\sum_{i=1}^{N} \mathbf{1}\{y_i \le f(x_i)\}$$

For π the region is the quarter disc $x^2 + y^2 \le 1$ in the unit square, of area $\pi/4$, so $c = 4$; for the integrals $c = 1$. The integral $\int_0^1 e^{-x^2}\,dx = \tfrac{\sqrt{\pi}}{2}\operatorname{erf}(1) \approx 0.746824$ has no elementary antiderivative, which is exactly when sampling helps.

Each point is a coin flip that lands inside with probability $p = I/(cA)$, so the estimate is unbiased and its standard error is

$$\operatorname{SE}(\hat I_N) = \frac{\sigma}{\sqrt{N}}, \qquad \sigma = c\,A\,\sqrt{p\,(1-p)}.$$

For π, $\sigma = 4\sqrt{\tfrac{\pi}{4}(1-\tfrac{\pi}{4})} \approx 1.642$: a hundred times more points buy one more correct digit. On the log-log chart the error wanders around the line $\sigma/\sqrt{N}$ of slope $-\tfrac12$, and about 95% of the time it stays below $2\sigma/\sqrt{N}$ (the central limit theorem). The rate does not depend on the dimension, which is why Monte Carlo wins for high-dimensional integrals, where grids need exponentially many points. Press play to watch the points land; the picture shows the first 5,000, the estimate uses all $N$."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: ACTIONS,
    exports: EXPORTS,
    imports: &[],
    create: || Box::new(MonteCarlo::default()),
};

/// The state of the Monte Carlo demo.
#[derive(Debug)]
pub struct MonteCarlo {
    /// What is estimated.
    target: Target,
    /// How many points are drawn.
    total_points: u64,
    /// The generator's seed.
    seed: u64,
    /// How many of the points are used (the animation adds them).
    playhead: Playhead,
    /// The points for the current parameters, redrawn on every change.
    run: HitOrMissRun,
}

impl Default for MonteCarlo {
    fn default() -> Self {
        let (target, total_points, seed) = (Target::Pi, 10_000, 1);
        let mut demo = Self {
            target,
            total_points,
            seed,
            playhead: Playhead::at_end(total_points as usize),
            run: HitOrMissRun::start(target, 0, seed),
        };
        demo.recompute();
        demo
    }
}

impl MonteCarlo {
    /// Starts a new run; up to [`POINTS_AT_ONCE`] points now, the rest through `work_chunk`.
    fn recompute(&mut self) {
        self.run = HitOrMissRun::start(self.target, self.total_points, self.seed);
        self.run.generate(POINTS_AT_ONCE);
        self.playhead.set_last(self.total_points as usize);
    }

    /// The points in use: those up to the playhead that have been drawn.
    fn used(&self) -> u64 {
        (self.playhead.shown as u64).min(self.run.generated)
    }

    /// `(k, estimate)` at the checkpoints up to the points used, ending exactly there.
    fn estimate_path(&self) -> Vec<(f64, f64)> {
        let used = self.used();
        let mut path: Vec<(f64, f64)> = self
            .run
            .checkpoints
            .iter()
            .take_while(|(k, _)| *k < used)
            .map(|&(k, hits)| (k as f64, estimate_from_hits(self.target, hits, k)))
            .collect();
        if let Some(estimate) = self.run.estimate(used) {
            path.push((used as f64, estimate));
        }
        path
    }

    fn draw_points<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let (inside_colour, outside_colour) = (SERIES_COLOURS[0], SERIES_COLOURS[1]);
        let legend = [
            ("under the curve", inside_colour),
            ("above", outside_colour),
        ];
        let note = (self.used() as usize > DRAWN_POINT_LIMIT).then(|| {
            format!(
                "(first {} of {} shown)",
                group_thousands(DRAWN_POINT_LIMIT as u64),
                group_thousands(self.used())
            )
        });
        let top = match &note {
            Some(note) => legend_height(frame, &["under the curve", "above", note.as_str()]),
            None => legend_height(frame, &["under the curve", "above"]),
        };
        let (x_low, x_high, y_high) = self.target.sampling_box();
        let mut chart = themed_chart_in(area, frame, x_low..x_high, 0.0..y_high, ("x", "y"), top)?;
        let target = self.target;
        let curve: Vec<(f64, f64)> = (0..=300)
            .map(|i| {
                let x = x_low + (x_high - x_low) * i as f64 / 300.0;
                (x, target.curve(x))
            })
            .collect();
        // The region whose area is estimated, lightly shaded under the points.
        let mut region = curve.clone();
        region.push((x_high, 0.0));
        region.push((x_low, 0.0));
        chart
            .draw_series(std::iter::once(Polygon::new(
                region,
                rgb(inside_colour).mix(0.10).filled(),
            )))
            .map_err(draw_error)?;
        let shown = (self.used() as usize).min(DRAWN_POINT_LIMIT);
        // Smaller dots when there are many, so the picture stays a picture, not a blot.
        let radius_css = if shown > 2_000 {
            1.3
        } else if shown > 300 {
            2.0
        } else {
            3.0
        };
        let radius = frame.px(radius_css).round().max(1.0) as i32;
        chart
            .draw_series(
                self.run.drawn_points[..shown]
                    .iter()
                    .map(|&(x, y, inside)| {
                        let colour = if inside {
                            inside_colour
                        } else {
                            outside_colour
                        };
                        Circle::new((x, y), radius, fill_style(colour))
                    }),
            )
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                curve,
                line_style(frame.theme.text, frame, 2.0),
            ))
            .map_err(draw_error)?;
        draw_legend(area, frame, &legend)?;
        // Beyond the drawn points, a note in the legend row (laid out with it, so it wraps
        // below the entries on a phone instead of overlapping anything).
        if let Some(note) = &note {
            let labels = ["under the curve", "above", note.as_str()];
            let (positions, _) = legend_layout(area.dim_in_pixel().0 as f64, frame, &labels);
            if let Some(&(x, y)) = positions.get(2) {
                area.draw(&Text::new(
                    note.clone(),
                    (x as i32, y as i32),
                    text_style(frame, 12.0, frame.theme.muted_text),
                ))
                .map_err(draw_error)?;
            }
        }
        Ok(())
    }

    /// The x axis of both convergence charts: N from 1 to the run's length, logarithmic.
    fn n_axis_end(&self) -> f64 {
        (self.total_points as f64).max(10.0)
    }

    fn draw_estimate<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let labels = ["estimate", "exact", "±σ/√N", "±2σ/√N"];
        let colours = [
            SERIES_COLOURS[0],
            frame.theme.text,
            SERIES_COLOURS[2],
            SERIES_COLOURS[4],
        ];
        let top = legend_height(frame, &labels);
        let exact = self.target.exact_value();
        let sigma = self.target.single_point_std_dev();
        // Wide enough for the first few points' wild estimates, but not for N = 1's extremes,
        // so that the funnel stays readable; the path is clipped to the chart.
        let half_height = (2.5 * sigma / 3.0f64.sqrt()).max(sigma * 0.1);
        let (y_low, y_high) = (exact - half_height, exact + half_height);
        let x_end = self.n_axis_end();
        let mut chart = themed_chart_in(
            area,
            frame,
            (1.0..x_end).log_scale(),
            y_low..y_high,
            ("points N", "estimate"),
            top,
        )?;
        let ns = crate::math::monte_carlo::log_spaced_counts(x_end as u64, 40);
        for (multiple, colour) in [(1.0, colours[2]), (2.0, colours[3])] {
            for sign in [-1.0, 1.0] {
                let line = ns.iter().map(|&n| {
                    let n = n as f64;
                    (
                        n,
                        (exact + sign * multiple * sigma / n.sqrt()).clamp(y_low, y_high),
                    )
                });
                chart
                    .draw_series(DashedLineSeries::new(
                        line,
                        frame.px(6.0) as i32,
                        frame.px(4.0) as i32,
                        line_style(colour, frame, 1.5),
                    ))
                    .map_err(draw_error)?;
            }
        }
        chart
            .draw_series(LineSeries::new(
                [(1.0, exact), (x_end, exact)],
                line_style(colours[1], frame, 1.0),
            ))
            .map_err(draw_error)?;
        let path: Vec<(f64, f64)> = self
            .estimate_path()
            .into_iter()
            .map(|(n, e)| (n, e.clamp(y_low, y_high)))
            .collect();
        if let Some(&last) = path.last() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    last,
                    frame.px(3.5) as i32,
                    fill_style(colours[0]),
                )))
                .map_err(draw_error)?;
        }
        chart
            .draw_series(LineSeries::new(path, line_style(colours[0], frame, 1.5)))
            .map_err(draw_error)?;
        let entries: Vec<(&str, [u8; 3])> = labels.into_iter().zip(colours).collect();
        draw_legend(area, frame, &entries)
    }

    fn draw_error<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let labels = ["|estimate − exact|", "σ/√N", "2σ/√N"];
        let colours = [SERIES_COLOURS[0], SERIES_COLOURS[2], SERIES_COLOURS[4]];
        let top = legend_height(frame, &labels);
        let exact = self.target.exact_value();
        let sigma = self.target.single_point_std_dev();
        let x_end = self.n_axis_end();
        // From a tenth of the smallest standard error to the largest possible error at N = 1.
        let y_low = 10f64.powf((0.1 * sigma / x_end.sqrt()).log10().floor());
        let y_high = 10f64.powf((3.0 * sigma).log10().ceil());
        let mut chart = themed_chart_in(
            area,
            frame,
            (1.0..x_end).log_scale(),
            (y_low..y_high).log_scale(),
            ("points N", "absolute error"),
            top,
        )?;
        for (multiple, colour) in [(1.0, colours[1]), (2.0, colours[2])] {
            chart
                .draw_series(DashedLineSeries::new(
                    [
                        (1.0, multiple * sigma),
                        (x_end, multiple * sigma / x_end.sqrt()),
                    ],
                    frame.px(6.0) as i32,
                    frame.px(4.0) as i32,
                    line_style(colour, frame, 1.5),
                ))
                .map_err(draw_error)?;
        }
        // An estimate can hit the exact value only by luck; such a zero has no place on a log
        // axis, so it is drawn at the bottom edge.
        let path: Vec<(f64, f64)> = self
            .estimate_path()
            .into_iter()
            .map(|(n, e)| (n, (e - exact).abs().clamp(y_low, y_high)))
            .collect();
        if let Some(&last) = path.last() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    last,
                    frame.px(3.5) as i32,
                    fill_style(colours[0]),
                )))
                .map_err(draw_error)?;
        }
        chart
            .draw_series(LineSeries::new(path, line_style(colours[0], frame, 1.5)))
            .map_err(draw_error)?;
        let entries: Vec<(&str, [u8; 3])> = labels.into_iter().zip(colours).collect();
        draw_legend(area, frame, &entries)
    }
}

/// `1234567` → `"1,234,567"`, for counts in chart notes.
fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

impl DrawDemo for MonteCarlo {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Everything moves as points are added, so it all lives on the foreground layer.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_points(area, frame),
            1 => self.draw_estimate(area, frame),
            _ => self.draw_error(area, frame),
        }
    }
}

impl Demo for MonteCarlo {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "target" => self.target.key().to_owned(),
            "n" => self.total_points.to_string(),
            "seed" => self.seed.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "target" => {
                let key = parse_choice(value, TARGETS)?;
                self.target = Target::from_key(key).unwrap_or(Target::Pi);
            }
            "n" => self.total_points = parse_integer(value, 1, MAX_POINTS)? as u64,
            "seed" => self.seed = parse_integer(value, 0, 4_294_967_295)? as u64,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn work_chunk(&mut self) -> Option<f64> {
        if self.run.is_complete() {
            return None;
        }
        self.run.generate(POINTS_PER_CHUNK);
        Some(self.run.generated as f64 / self.run.total.max(1) as f64)
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        match key {
            "regenerate" => {
                let next = (self.seed + 1) % (4_294_967_295 + 1);
                self.set_param("seed", &next.to_string())
            }
            "ten-times" => {
                if self.total_points >= MAX_POINTS as u64 {
                    return Err("N is already at its maximum of 1,000,000".to_owned());
                }
                let more = (self.total_points * 10).min(MAX_POINTS as u64);
                self.set_param("n", &more.to_string())
            }
            _ => Err(format!("“{key}” is not an action of this demo")),
        }
    }

    fn export(&self, key: &str) -> Option<String> {
        if key != "estimates" {
            return None;
        }
        let used = self.used();
        let exact = self.target.exact_value();
        let mut csv = String::from("n,inside,estimate,abs_error,true_standard_error\n");
        let rows = self
            .run
            .checkpoints
            .iter()
            .copied()
            .take_while(|(k, _)| *k < used)
            .chain((used > 0).then(|| (used, self.run.hits_in_first(used))));
        for (k, hits) in rows {
            let estimate = estimate_from_hits(self.target, hits, k);
            csv.push_str(&format!(
                "{k},{hits},{estimate},{},{}\n",
                (estimate - exact).abs(),
                self.target.standard_error(k)
            ));
        }
        Some(csv)
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.total_points as usize
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    /// Adds points in a geometric progression (about 4% more per frame), so that every decade
    /// of the log axes takes about the same time to fill: a few seconds for a million points.
    fn advance_frame(&mut self) -> bool {
        let per_frame = (self.playhead.shown / 25).max(1);
        self.playhead.advance(per_frame)
    }

    fn readouts(&self) -> Vec<Readout> {
        let used = self.used();
        let exact = self.target.exact_value();
        let readout = |name: &str, label: &str, value: ReadoutValue| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: String::new(),
        };
        let none_yet = || ReadoutValue::Text("undefined (no points yet)".to_owned());
        let estimate = self.run.estimate(used);
        let true_standard_error = self.target.standard_error(used);
        vec![
            readout("n", "Points N", ReadoutValue::Integer(used as i64)),
            readout(
                "inside",
                "Under the curve",
                ReadoutValue::Integer(self.run.hits_in_first(used) as i64),
            ),
            readout(
                "estimate",
                "Estimate",
                estimate.map_or_else(none_yet, ReadoutValue::Number),
            ),
            readout("exact", "Exact value", ReadoutValue::Number(exact)),
            readout(
                "error",
                "Absolute error",
                estimate.map_or_else(none_yet, |e| ReadoutValue::Number((e - exact).abs())),
            ),
            readout(
                "standard-error",
                "Standard error (from the sample)",
                self.run.sample_standard_error(used).map_or_else(
                    || ReadoutValue::Text("undefined (N < 2)".to_owned()),
                    ReadoutValue::Number,
                ),
            ),
            readout(
                "true-standard-error",
                "True standard error σ/√N",
                if used == 0 {
                    none_yet()
                } else {
                    ReadoutValue::Number(true_standard_error)
                },
            ),
            readout(
                "z",
                "Error in standard errors",
                estimate.map_or_else(none_yet, |e| {
                    ReadoutValue::Number((e - exact) / true_standard_error)
                }),
            ),
        ]
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
    use crate::demos::test_support::readout_number as number;

    #[test]
    fn default_estimates_pi_within_three_standard_errors() {
        let demo = MonteCarlo::default();
        let estimate = number(&demo, "estimate");
        // σ/√N = 1.642/100 = 0.0164 for N = 10,000; seed 1 is a fixed draw, and a fair one
        // lies within 3 standard errors with probability 99.7%.
        assert!(
            (estimate - std::f64::consts::PI).abs() < 3.0 * 0.0165,
            "{estimate}"
        );
        assert!((number(&demo, "true-standard-error") - 0.016419).abs() < 1e-5);
        assert_eq!(number(&demo, "exact"), std::f64::consts::PI);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(5000), "5,000");
        assert_eq!(group_thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn stepping_uses_a_prefix_of_the_same_points() {
        let mut demo = MonteCarlo::default();
        demo.go_to_step(100);
        let inside = demo
            .run
            .drawn_points
            .iter()
            .take(100)
            .filter(|p| p.2)
            .count();
        assert_eq!(number(&demo, "estimate"), 4.0 * inside as f64 / 100.0);
        demo.go_to_step(0);
        let estimate = demo.readouts().into_iter().find(|r| r.name == "estimate");
        assert_eq!(
            estimate.map(|r| r.value),
            Some(ReadoutValue::Text("undefined (no points yet)".into()))
        );
        // Playing from 0 reaches a million points in a few hundred frames.
        demo.set_param("n", "1000000").unwrap();
        // Drawn in chunks: 50,000 at once, then 25,000 per call.
        assert_eq!(demo.run.generated, 50_000);
        let mut chunks = 0;
        while demo.work_chunk().is_some() {
            chunks += 1;
        }
        assert_eq!((chunks, demo.run.generated), (38, 1_000_000));
        demo.go_to_step(0);
        let mut frames = 0;
        while demo.advance_frame() {
            frames += 1;
        }
        assert!(frames < 500, "{frames}");
        assert_eq!(demo.current_step(), 1_000_000);
    }
}
