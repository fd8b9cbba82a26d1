//! The 1-D gradient-descent lesson (article 003's `f(x) = x² − 2x + 1`): iterates on the
//! curve and as `x_k` against `k`, and the learning-rate regimes with their thresholds.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::drawing::{fill_style, line_style, padded, text_style, themed_chart};
use super::params::{format_param_number, parse_choice, parse_integer, parse_number};
use super::playhead::Playhead;
use super::plot_data::{short, thinned_indices, thinning_note};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame, Layer, Notice,
    NoticeLevel, PlotSpec, PlotTable, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error,
};
use crate::math::gd1d::{
    Function1d, Iterates, Regime, contraction_factor, gradient_descent_1d, quadratic_regime,
    quadratic_thresholds,
};
use crate::render::theme::SERIES_COLOURS;
use crate::render::viewport::Viewport;

const FUNCTIONS: &[(&str, &str)] = &[
    ("article", "x² − 2x + 1"),
    ("quadratic", "a (x − c)²"),
    ("nonconvex", "x⁴ − 3x² + x (non-convex)"),
];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "function",
        aliases: &["f"],
        label: "Function",
        kind: ControlKind::Select { options: FUNCTIONS },
        help: "The function being minimised",
        group: "Function",
        // The quadratic's defaults (a = 1, c = 1) are the article's function, so the
        // example that visibly changes the curve is the non-convex one.
        example: "nonconvex",
    },
    ControlSpec {
        key: "a",
        aliases: &[],
        label: "Curvature a",
        kind: ControlKind::Slider {
            min: 0.1,
            max: 5.0,
            step: 0.01,
            log: false,
        },
        help: "The factor a of a (x − c)²; f″ = 2a (quadratic only)",
        group: "Function",
        example: "2.5",
    },
    ControlSpec {
        key: "c",
        aliases: &[],
        label: "Minimiser c",
        kind: ControlKind::Slider {
            min: -3.0,
            max: 3.0,
            step: 0.01,
            log: false,
        },
        help: "Where a (x − c)² has its minimum (quadratic only)",
        group: "Function",
        example: "-1.5",
    },
    ControlSpec {
        key: "lr",
        aliases: &["learning_rate"],
        label: "Learning rate η",
        kind: ControlKind::Slider {
            min: 0.001,
            max: 2.0,
            step: 0.001,
            log: true,
        },
        help: "The step size of x ← x − η f′(x)",
        group: "Gradient descent",
        example: "0.7",
    },
    ControlSpec {
        key: "x0",
        aliases: &[],
        label: "Start x₀",
        kind: ControlKind::Slider {
            min: -5.0,
            max: 5.0,
            step: 0.01,
            log: false,
        },
        help: "The starting point (also set by clicking or dragging on the curve)",
        group: "Gradient descent",
        example: "-2",
    },
    ControlSpec {
        key: "iterations",
        aliases: &[],
        label: "Iterations",
        kind: ControlKind::Integer { min: 1, max: 500 },
        help: "How many steps are computed",
        group: "Gradient descent",
        example: "40",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "step",
        help: "The iteration k shown",
    },
    ReadoutSpec {
        name: "x",
        help: "The iterate x_k",
    },
    ReadoutSpec {
        name: "fx",
        help: "The value f(x_k)",
    },
    ReadoutSpec {
        name: "gradient",
        help: "The derivative f′(x_k)",
    },
    ReadoutSpec {
        name: "regime",
        help: "monotone, one step, oscillating, period two, divergent or non-convex",
    },
    ReadoutSpec {
        name: "contraction",
        help: "The factor 1 − 2aη by which the distance to the minimum shrinks each step (quadratics)",
    },
    ReadoutSpec {
        name: "one-step-lr",
        help: "The learning rate 1/(2a) that lands on the minimum in one step (quadratics)",
    },
    ReadoutSpec {
        name: "stability-limit",
        help: "The learning rate 1/a = 2/f″ above which gradient descent diverges (quadratics)",
    },
    ReadoutSpec {
        name: "diverged-at",
        help: "The step at which the iterates left |x| ≤ 10⁶, or 0 if they did not",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "curve",
        title: "The iterates on the curve",
        alt: "The function's curve with the gradient-descent iterates as dots joined by lines; click to move the start point.",
        aspect_ratio: 0.62,
        interactive: true,
    },
    PlotSpec {
        id: "iterates",
        title: "x_k against k",
        alt: "The iterate x_k plotted against the step k, with the minimiser as a horizontal line.",
        aspect_ratio: 0.5,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "gradient-descent-1d",
    title: "Gradient descent in one dimension",
    chapter: Chapter::Optimization,
    summary: "Gradient descent on x² − 2x + 1, the example of “Mathematical Foundations for Deep Learning”: how the learning rate decides between creeping, zig-zagging and blowing up.",
    explanation: r#"Gradient descent repeats one rule: step against the derivative, scaled by the learning rate $\eta$.

$$x_{k+1} = x_k - \eta\, f'(x_k)$$

For a quadratic $f(x) = a\,(x-c)^2$ the derivative is $f'(x) = 2a\,(x-c)$, so the distance to the minimum is multiplied by the same factor every step:

$$x_{k+1} - c = (1 - 2a\eta)\,(x_k - c)$$

- $0 < \eta < \frac{1}{2a}$: the factor is between 0 and 1, the iterates creep monotonically towards $c$.
- $\eta = \frac{1}{2a}$: the factor is 0, one step lands exactly on the minimum.
- $\frac{1}{2a} < \eta < \frac{1}{a}$: the factor is negative, the iterates jump across the minimum and still converge.
- $\eta = \frac{1}{a}$: the factor is $-1$, the iterates bounce between two points forever.
- $\eta > \frac{1}{a}$: $|1 - 2a\eta| > 1$, every step overshoots further and the iterates diverge.

*Mathematical Foundations for Deep Learning* runs gradient descent on $f(x) = x^2 - 2x + 1 = (x-1)^2$, where $a = 1$, so the thresholds are $\eta = 0.5$ and $\eta = 1$. With the article's $\eta = 0.1$ and $x_0 = 5$, $x_k = 1 + 4 \cdot 0.8^k$. The limit $\eta < 1/a = 2/f''$ is the one-dimensional case of the rule $\eta < 2/\lambda_{\max}$ of the optimizer lab. On the non-convex function the thresholds only hold near a minimum, with $f''$ taken there."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(GradientDescent1d::default()),
};

/// Which function the lesson runs on (the URL's `function=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FunctionChoice {
    Article,
    Quadratic,
    NonConvex,
}

/// The state of the 1-D lesson.
#[derive(Clone, Debug)]
pub struct GradientDescent1d {
    /// The function being minimised.
    function: FunctionChoice,
    /// `a` of `a (x − c)²`.
    a: f64,
    /// `c` of `a (x − c)²`.
    c: f64,
    /// The learning rate η.
    learning_rate: f64,
    /// The start point x₀.
    start: f64,
    /// How many steps are computed.
    iterations: usize,
    /// The iteration shown (the animation reveals the path up to here).
    playhead: Playhead,
    /// The iterates for the current parameters, recomputed on every change.
    iterates: Iterates,
}

impl Default for GradientDescent1d {
    fn default() -> Self {
        let mut demo = Self {
            function: FunctionChoice::Article,
            a: 1.0,
            c: 1.0,
            learning_rate: 0.1,
            start: 5.0,
            iterations: 100,
            playhead: Playhead::default(),
            iterates: Iterates {
                xs: Vec::new(),
                diverged_at: None,
            },
        };
        demo.recompute();
        demo.playhead = Playhead::at_end(demo.max_step());
        demo
    }
}

impl GradientDescent1d {
    fn function(&self) -> Function1d {
        match self.function {
            FunctionChoice::Article => Function1d::ArticleQuadratic,
            FunctionChoice::Quadratic => Function1d::Quadratic {
                a: self.a,
                c: self.c,
            },
            FunctionChoice::NonConvex => Function1d::NonConvex,
        }
    }

    /// The function as the select names it, with a and c filled in.
    fn function_label(&self) -> String {
        match self.function {
            FunctionChoice::Article => "x² − 2x + 1".to_owned(),
            FunctionChoice::Quadratic => format!("{} (x − {})²", short(self.a), short(self.c)),
            FunctionChoice::NonConvex => "x⁴ − 3x² + x".to_owned(),
        }
    }

    /// Recomputes the iterates; the shown step stays where it was, clamped to the new path.
    fn recompute(&mut self) {
        self.iterates = gradient_descent_1d(
            &self.function(),
            self.start,
            self.learning_rate,
            self.iterations,
        );
        self.playhead.set_last(self.max_step());
    }

    fn current_x(&self) -> f64 {
        let last = self.iterates.xs.len().saturating_sub(1);
        self.iterates
            .xs
            .get(self.playhead.shown.min(last))
            .copied()
            .unwrap_or(self.start)
    }

    fn regime(&self) -> Regime {
        match self.function().as_quadratic() {
            Some((a, _)) => quadratic_regime(a, self.learning_rate),
            None => Regime::NotConvex,
        }
    }

    /// The x window of the curve plot: around the minimiser(s) and the start point.
    fn x_window(&self) -> (f64, f64) {
        match self.function().as_quadratic() {
            Some((_, c)) => {
                let reach = (self.start - c).abs().max(2.0) * 1.3;
                (c - reach, c + reach)
            }
            None => (
                -2.6_f64.min(self.start - 0.3),
                2.6_f64.max(self.start + 0.3),
            ),
        }
    }

    fn curve_viewport(&self, frame: &Frame) -> (Viewport, (f64, f64)) {
        let f = self.function();
        let (x_min, x_max) = self.x_window();
        let samples = (0..=200).map(|i| f.value(x_min + (x_max - x_min) * i as f64 / 200.0));
        let (low, high) = samples.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
            (lo.min(y), hi.max(y))
        });
        let y_range = padded(low, high, 0.06);
        // Must match the margins of `themed_chart` so clicks map to the drawn axes.
        let (left, top) = (frame.px(10.0 + 52.0), frame.px(10.0));
        let width = frame.geometry.pixel_width() as f64 - left - frame.px(22.0);
        let height = frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0);
        let viewport = Viewport {
            x_range: (x_min, x_max),
            y_range: (y_range.start, y_range.end),
            left,
            top,
            width,
            height,
        };
        (viewport, (y_range.start, y_range.end))
    }

    fn draw_curve<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let f = self.function();
        let (viewport, (y_low, y_high)) = self.curve_viewport(frame);
        let (x_min, x_max) = viewport.x_range;
        let mut chart = themed_chart(area, frame, x_min..x_max, y_low..y_high, "x", "f(x)")?;
        let curve = (0..=400).map(|i| {
            let x = x_min + (x_max - x_min) * i as f64 / 400.0;
            (x, f.value(x))
        });
        chart
            .draw_series(LineSeries::new(
                curve,
                line_style(frame.theme.text, frame, 2.0),
            ))
            .map_err(draw_error)?;
        let colour = SERIES_COLOURS[0];
        let shown = &self.iterates.xs[..=self
            .playhead
            .shown
            .min(self.iterates.xs.len().saturating_sub(1))];
        // Only points inside the window are drawn; the notice explains iterates that left it.
        let inside = |x: f64| x >= x_min && x <= x_max;
        let path: Vec<(f64, f64)> = shown
            .iter()
            .copied()
            .filter(|x| inside(*x))
            .map(|x| (x, f.value(x)))
            .collect();
        chart
            .draw_series(LineSeries::new(
                path.iter().copied(),
                line_style(colour, frame, 1.5),
            ))
            .map_err(draw_error)?;
        let radius = frame.px(3.5) as i32;
        chart
            .draw_series(
                path.iter()
                    .map(|&(x, y)| Circle::new((x, y), radius, fill_style(colour))),
            )
            .map_err(draw_error)?;
        if let Some(&x) = shown.last()
            && inside(x)
        {
            let ring = line_style(frame.theme.text, frame, 2.0);
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, f.value(x)),
                    radius * 2,
                    ring,
                )))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_iterates<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let xs = &self.iterates.xs;
        let last = self.playhead.shown.min(xs.len().saturating_sub(1));
        let (low, high) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            });
        let minimiser = self.function().as_quadratic().map(|(_, c)| c);
        let (low, high) = match minimiser {
            Some(c) => (low.min(c), high.max(c)),
            None => (low, high),
        };
        let y_range = padded(low, high, 0.08);
        let x_range = -0.5..(self.iterations as f64 + 0.5);
        let mut chart = themed_chart(area, frame, x_range, y_range, "step k", "xₖ")?;
        if let Some(c) = minimiser {
            let style = line_style(frame.theme.muted_text, frame, 1.0);
            chart
                .draw_series(LineSeries::new(
                    [(0.0, c), (self.iterations as f64, c)],
                    style,
                ))
                .map_err(draw_error)?;
        }
        let colour = SERIES_COLOURS[0];
        let points: Vec<(f64, f64)> = xs[..=last]
            .iter()
            .enumerate()
            .map(|(k, &x)| (k as f64, x))
            .collect();
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                line_style(colour, frame, 1.5),
            ))
            .map_err(draw_error)?;
        let radius = frame.px(2.5) as i32;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&p| Circle::new(p, radius, fill_style(colour))),
            )
            .map_err(draw_error)?;
        if let Some(k) = self.iterates.diverged_at {
            let label = format!("diverged at step {k}");
            let style = text_style(frame, 12.0, frame.theme.label_colour([213, 94, 0]));
            area.draw(&Text::new(
                label,
                (frame.px(70.0) as i32, frame.px(16.0) as i32),
                style,
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }
}

/// The most iterates a data table lists; longer runs are thinned.
const MAX_TABLE_ROWS: usize = 100;
/// How many samples of the curve the curve plot's table lists.
const CURVE_SAMPLES: usize = 11;

/// `k` as subscript digits (x₁₂).
fn subscript(k: usize) -> String {
    k.to_string()
        .chars()
        .map(|c| char::from_u32('₀' as u32 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

impl DrawDemo for GradientDescent1d {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Everything moves together here, so it all lives on the foreground layer.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&crate::render::theme::rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_curve(area, frame),
            _ => self.draw_iterates(area, frame),
        }
    }
}

impl Demo for GradientDescent1d {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "function" => match self.function {
                FunctionChoice::Article => "article",
                FunctionChoice::Quadratic => "quadratic",
                FunctionChoice::NonConvex => "nonconvex",
            }
            .to_owned(),
            "a" => format_param_number(self.a),
            "c" => format_param_number(self.c),
            "lr" => format_param_number(self.learning_rate),
            "x0" => format_param_number(self.start),
            "iterations" => self.iterations.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "function" => {
                self.function = match parse_choice(value, FUNCTIONS)? {
                    "article" => FunctionChoice::Article,
                    "quadratic" => FunctionChoice::Quadratic,
                    _ => FunctionChoice::NonConvex,
                }
            }
            "a" => self.a = parse_number(value, 0.1, 5.0)?,
            "c" => self.c = parse_number(value, -3.0, 3.0)?,
            "lr" => self.learning_rate = parse_number(value, 0.001, 2.0)?,
            "x0" => self.start = parse_number(value, -5.0, 5.0)?,
            "iterations" => self.iterations = parse_integer(value, 1, 500)? as usize,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        if key != "lr" {
            return None;
        }
        Some(match self.function().as_quadratic() {
            Some((a, _)) => {
                let t = quadratic_thresholds(a);
                format!(
                    "Creeps for η < {}, lands in one step at η = {0}, zig-zags up to {}, diverges above: now {}.",
                    super::format_number(t.one_step),
                    super::format_number(t.stability_limit),
                    self.regime().label().to_lowercase()
                )
            }
            None => {
                let curvature = self.function().second_derivative(self.current_x());
                if curvature > 0.0 {
                    format!(
                        "Near x_k the curvature is f″ = {}: steps settle there only for η < 2/f″ = {}.",
                        super::format_number(curvature),
                        super::format_number(2.0 / curvature)
                    )
                } else {
                    format!(
                        "Near x_k the curvature f″ = {} is not positive: no minimum there.",
                        super::format_number(curvature)
                    )
                }
            }
        })
    }

    fn is_control_active(&self, key: &str) -> bool {
        !matches!(key, "a" | "c") || self.function == FunctionChoice::Quadratic
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.iterations
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn advance_frame(&mut self) -> bool {
        self.playhead.advance(1)
    }

    fn readouts(&self) -> Vec<Readout> {
        let f = self.function();
        let x = self.current_x();
        let number = |name: &str, label: &str, value: f64| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value: ReadoutValue::Number(value),
            group: String::new(),
        };
        let shown = self
            .playhead
            .shown
            .min(self.iterates.xs.len().saturating_sub(1));
        let mut readouts = vec![
            Readout {
                name: "step".into(),
                label: "Step k".into(),
                value: ReadoutValue::Integer(shown as i64),
                group: String::new(),
            },
            number("x", "x_k", x),
            number("fx", "f(x_k)", f.value(x)),
            number("gradient", "f′(x_k)", f.derivative(x)),
            Readout {
                name: "regime".into(),
                label: "Regime".into(),
                value: ReadoutValue::Text(self.regime().label().to_owned()),
                group: String::new(),
            },
        ];
        if let Some((a, _)) = f.as_quadratic() {
            let thresholds = quadratic_thresholds(a);
            readouts.push(number(
                "contraction",
                "Factor 1 − 2aη",
                contraction_factor(a, self.learning_rate),
            ));
            readouts.push(number(
                "one-step-lr",
                "One-step η = 1/(2a)",
                thresholds.one_step,
            ));
            readouts.push(number(
                "stability-limit",
                "Stability limit η < 1/a",
                thresholds.stability_limit,
            ));
        }
        readouts.push(Readout {
            name: "diverged-at".into(),
            label: "Diverged at step".into(),
            value: ReadoutValue::Integer(self.iterates.diverged_at.unwrap_or(0) as i64),
            group: String::new(),
        });
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Some(k) = self.iterates.diverged_at {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "Diverged at step {k}: |x| passed 10⁶ because η = {} is above the stability limit; the iterates are shown up to there.",
                    format_param_number(self.learning_rate)
                ),
            });
        }
        let (x_min, x_max) = self.x_window();
        if self.iterates.xs.iter().any(|&x| x < x_min || x > x_max)
            && self.iterates.diverged_at.is_none()
        {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "Some iterates jump outside the curve's window; the x_k chart shows all of them.".into(),
            });
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || input.phase == PointerPhase::Up {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let (viewport, _) = self.curve_viewport(&frame);
        let (x, _) = viewport.to_model(input.x, input.y);
        let x = (x.clamp(-5.0, 5.0) * 100.0).round() / 100.0;
        self.set_param("x0", &format_param_number(x)).is_ok()
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        let delta = match (plot, key) {
            (0, "ArrowLeft") => -0.1,
            (0, "ArrowRight") => 0.1,
            _ => return false,
        };
        let x = ((self.start + delta).clamp(-5.0, 5.0) * 100.0).round() / 100.0;
        self.set_param("x0", &format_param_number(x)).is_ok()
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        let f = self.function();
        let shown = self
            .playhead
            .shown
            .min(self.iterates.xs.len().saturating_sub(1));
        let xs = &self.iterates.xs[..(shown + 1).min(self.iterates.xs.len())];
        let (indices, stride) = thinned_indices(xs.len(), MAX_TABLE_ROWS);
        let thinned = thinning_note(stride, "step");
        Some(match plot {
            0 => {
                let mut table = PlotTable::new(
                    format!(
                        "The iterates x₀…x_{shown} on the curve{thinned}, then the curve f at {CURVE_SAMPLES} evenly spaced x across the plot"
                    ),
                    &["Point", "x", "f(x)", "f′(x)"],
                );
                for &k in &indices {
                    let x = xs[k];
                    table.push_labelled(
                        format!("x{}", subscript(k)),
                        &[x, f.value(x), f.derivative(x)],
                    );
                }
                let (x_min, x_max) = self.x_window();
                for i in 0..CURVE_SAMPLES {
                    let x = x_min + (x_max - x_min) * i as f64 / (CURVE_SAMPLES - 1) as f64;
                    table.push_labelled("curve", &[x, f.value(x), f.derivative(x)]);
                }
                table
            }
            1 => match f.as_quadratic() {
                Some((_, c)) => {
                    let mut table = PlotTable::new(
                        format!(
                            "x_k against the step k{thinned}, and the distance to the minimiser c = {}",
                            format_param_number(c)
                        ),
                        &["k", "x_k", "x_k − c"],
                    );
                    for &k in &indices {
                        table.push_numbers(&[k as f64, xs[k], xs[k] - c]);
                    }
                    table
                }
                None => {
                    let mut table =
                        PlotTable::new(format!("x_k against the step k{thinned}"), &["k", "x_k"]);
                    for &k in &indices {
                        table.push_numbers(&[k as f64, xs[k]]);
                    }
                    table
                }
            },
            _ => return None,
        })
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        let f = self.function();
        let x = self.current_x();
        let shown = self
            .playhead
            .shown
            .min(self.iterates.xs.len().saturating_sub(1));
        let diverged = match self.iterates.diverged_at {
            Some(k) => format!(" The run diverged at step {k}."),
            None => String::new(),
        };
        Some(match plot {
            0 => format!(
                "f(x) = {} from x₀ = {} with η = {}: step {shown} of {} at x = {}, f(x) = {}, slope {}; {}.{diverged}",
                self.function_label(),
                short(self.start),
                short(self.learning_rate),
                self.iterations,
                short(x),
                short(f.value(x)),
                short(f.derivative(x)),
                self.regime().label().to_lowercase()
            ),
            1 => {
                let target = match f.as_quadratic() {
                    Some((_, c)) => {
                        format!(", {} from the minimiser {}", short((x - c).abs()), short(c))
                    }
                    None => String::new(),
                };
                format!(
                    "x_k for k = 0…{shown}: from {} to {}{target}.{diverged}",
                    short(self.start),
                    short(x)
                )
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readout(demo: &GradientDescent1d, name: &str) -> ReadoutValue {
        demo.readouts()
            .into_iter()
            .find(|r| r.name == name)
            .unwrap()
            .value
    }

    #[test]
    fn data_tables_hold_the_iterates_in_closed_form() {
        let demo = GradientDescent1d::default();
        let eta = demo.learning_rate;
        let (x0, c) = (demo.start, 1.0);
        // On f = (x − 1)², x_k − 1 = (1 − 2η)^k (x₀ − 1): the closed form of every row.
        let iterates = demo.plot_table(1).unwrap();
        assert!(iterates.rows.len() <= MAX_TABLE_ROWS + 1);
        for row in &iterates.rows {
            let [
                ReadoutValue::Number(k),
                ReadoutValue::Number(x),
                ReadoutValue::Number(gap),
            ] = row[..]
            else {
                panic!("{row:?}")
            };
            let expected = (1.0 - 2.0 * eta).powi(k as i32) * (x0 - c);
            assert!(
                (gap - expected).abs() < 1e-12,
                "k = {k}: {gap} vs {expected}"
            );
            assert!((x - c - gap).abs() < 1e-15);
        }
        // The last row is the shown step, and its x is the readout's.
        let last = iterates.rows.last().unwrap();
        assert_eq!(last[1], readout(&demo, "x"));
        assert_eq!(last[0], ReadoutValue::Number(demo.current_step() as f64));
        let curve = demo.plot_table(0).unwrap();
        assert_eq!(curve.rows[0][0], ReadoutValue::Text("x₀".into()));
        assert_eq!(
            curve.rows[0][2],
            ReadoutValue::Number((x0 - 1.0) * (x0 - 1.0))
        );
    }

    #[test]
    fn default_is_the_article_example_after_100_steps() {
        let demo = GradientDescent1d::default();
        // Article 003: x0 = 5, lr = 0.1, 100 iterations; closed form x_k = 1 + 4·0.8^k.
        let expected = 1.0 + 4.0 * 0.8f64.powi(100);
        let ReadoutValue::Number(x) = readout(&demo, "x") else {
            panic!()
        };
        assert!(
            (x - expected).abs() <= 1e-12 * expected,
            "{x} vs {expected}"
        );
        assert_eq!(readout(&demo, "one-step-lr"), ReadoutValue::Number(0.5));
        assert_eq!(readout(&demo, "stability-limit"), ReadoutValue::Number(1.0));
        assert_eq!(
            readout(&demo, "regime"),
            ReadoutValue::Text(Regime::Monotone.label().into())
        );
    }

    #[test]
    fn learning_rate_crosses_the_regimes() {
        let mut demo = GradientDescent1d::default();
        for (lr, regime) in [
            ("0.3", Regime::Monotone),
            ("0.5", Regime::OneStep),
            ("0.7", Regime::Oscillating),
            ("1", Regime::PeriodTwo),
            ("1.2", Regime::Divergent),
        ] {
            demo.set_param("lr", lr).unwrap();
            assert_eq!(
                readout(&demo, "regime"),
                ReadoutValue::Text(regime.label().into()),
                "lr {lr}"
            );
        }
        // At lr 1.2 the factor is 1 − 2.4 = −1.4: |x − 1| = 4·1.4^k passes 10⁶ at k = 37.
        let ReadoutValue::Integer(k) = readout(&demo, "diverged-at") else {
            panic!()
        };
        assert_eq!(k, 37);
        assert!(
            demo.notices()
                .iter()
                .any(|n| n.text.starts_with("Diverged at step 37"))
        );
    }

    #[test]
    fn clicking_the_curve_moves_the_start() {
        let mut demo = GradientDescent1d::default();
        let frame = Frame::light(600.0, 372.0, 1.0);
        let (viewport, _) = demo.curve_viewport(&frame);
        let (px, py) = viewport.to_pixel(-2.0, 3.0);
        let input = PointerInput {
            phase: PointerPhase::Down,
            x: px,
            y: py,
            css_width: 600.0,
            css_height: 372.0,
        };
        assert!(demo.pointer(0, input));
        assert_eq!(demo.param("x0").as_deref(), Some("-2"));
    }
}
