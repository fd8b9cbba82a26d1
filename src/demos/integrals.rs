//! Integrals: Riemann sums, trapezoid, Simpson and Gauss–Legendre on f over [a, b], their
//! pieces shaded, their errors against n on log-log axes, and the fundamental theorem of
//! calculus with a draggable x. The math is in `crate::math::quadrature`; the drawing in
//! `integrals/drawing.rs`.

mod drawing;
#[cfg(test)]
mod tests;

use super::params::{format_param_number, parse_choice, parse_number};
use super::plot_data::short;
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Notice, NoticeLevel, PlotSpec, PlotTable,
    PointerInput, PointerPhase, Readout, ReadoutSpec, ReadoutValue,
};
use crate::math::expr::Expr;
use crate::math::quadrature::{
    AdaptiveResult, Rule, article_trapz_gaussian, article_trapz_square, gauss_kronrod_adaptive,
    integrate, observed_order,
};
use crate::math::special::erf;

const FUNCTIONS: &[(&str, &str)] = &[
    ("square", "x² (the article's)"),
    ("sin", "sin x"),
    ("exp", "eˣ"),
    ("runge", "1/(1 + 25x²)"),
    ("sqrt", "√x (steep at 0)"),
    ("exp-cos", "e^cos x on [0, 2π] (periodic)"),
    ("gauss", "e^(−x²) on [−10, 10] (the article's)"),
    ("custom", "custom formula"),
];

const RULES: &[(&str, &str)] = &[
    ("left", "left Riemann sum"),
    ("right", "right Riemann sum"),
    ("midpoint", "midpoint"),
    ("trapezoid", "trapezoid"),
    ("simpson", "Simpson"),
    ("gauss", "Gauss–Legendre"),
];

/// The range of a and b (and of x).
const ENDS: (f64, f64) = (-10.0, 10.0);
/// The range of n.
const N_RANGE: (f64, f64) = (1.0, 1000.0);
/// The relative tolerance of the adaptive reference.
const REFERENCE_TOLERANCE: f64 = 1e-13;

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "function",
        aliases: &["f"],
        label: "Function f",
        kind: ControlKind::Select { options: FUNCTIONS },
        help: "The integrand: a preset with a closed-form integral, or your own formula",
        group: "Integral",
        example: "runge",
    },
    ControlSpec {
        key: "formula",
        aliases: &[],
        label: "Custom f(x)",
        kind: ControlKind::Text {
            placeholder: "e.g. sin(x^2)",
        },
        help: "A formula in x (when the function is “custom formula”): + − * / ^, sin cos tan exp log sqrt abs tanh, pi, e; its exact integral comes from adaptive Gauss–Kronrod",
        group: "Integral",
        example: "sin(x^2)",
    },
    ControlSpec {
        key: "a",
        aliases: &[],
        label: "From a",
        kind: ControlKind::slider(ENDS.0, ENDS.1, 0.01, false),
        help: "The lower limit (the periodic and Gaussian presets fix their own interval)",
        group: "Integral",
        example: "-1",
    },
    ControlSpec {
        key: "b",
        aliases: &[],
        label: "To b",
        kind: ControlKind::slider(ENDS.0, ENDS.1, 0.01, false),
        help: "The upper limit, greater than a",
        group: "Integral",
        example: "3",
    },
    ControlSpec {
        key: "rule",
        aliases: &[],
        label: "Rule",
        kind: ControlKind::Select { options: RULES },
        help: "The rule whose pieces the first plot shades",
        group: "Rule",
        example: "simpson",
    },
    ControlSpec {
        key: "n",
        aliases: &[],
        label: "Pieces n",
        kind: ControlKind::slider(N_RANGE.0, N_RANGE.1, 1.0, true),
        help: "Subintervals of the composite rules, nodes of Gauss–Legendre (1 to 1,000)",
        group: "Rule",
        example: "100",
    },
    ControlSpec {
        key: "x",
        aliases: &[],
        label: "Point x of F(x)",
        kind: ControlKind::slider(ENDS.0, ENDS.1, 0.01, false),
        help: "Where the slope of F(x) = ∫ₐˣ f is read (kept inside [a, b]); drag on the third plot or use the arrow keys (±0.01, Shift ±0.1)",
        group: "Fundamental theorem",
        example: "0.25",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "exact",
        help: "The exact integral: a closed form for the presets, the adaptive reference for a custom formula",
    },
    ReadoutSpec {
        name: "exact-source",
        help: "Where the exact value comes from",
    },
    ReadoutSpec {
        name: "reference",
        help: "Adaptive Gauss–Kronrod (G7/K15) value of the integral",
    },
    ReadoutSpec {
        name: "reference-error",
        help: "Its error estimate: the sum of |K15 − G7| over its subintervals",
    },
    ReadoutSpec {
        name: "estimate",
        help: "The chosen rule's value with n pieces",
    },
    ReadoutSpec {
        name: "error",
        help: "estimate − exact",
    },
    ReadoutSpec {
        name: "evaluations",
        help: "How many times the chosen rule evaluates f",
    },
    ReadoutSpec {
        name: "observed-order",
        help: "−log₂ of the error ratio from n to 2n: about 1, 2, 4 for Riemann, midpoint/trapezoid, Simpson",
    },
    ReadoutSpec {
        name: "{rule}",
        help: "Every rule's value with n pieces: left, right, midpoint, trapezoid, simpson, gauss",
    },
    ReadoutSpec {
        name: "ftc.F",
        help: "F(x) = ∫ₐˣ f(t) dt at the chosen x",
    },
    ReadoutSpec {
        name: "ftc.slope",
        help: "The slope of F at x, (F(x + h) − F(x − h))/2h with h = 10⁻⁴",
    },
    ReadoutSpec {
        name: "ftc.f",
        help: "f(x): equal to the slope, the fundamental theorem of calculus",
    },
    ReadoutSpec {
        name: "article.trapz-square",
        help: "np.trapz(x², np.linspace(0, 1, 100)) as NumPy computes it: 1/3 + 1/(6·99²)",
    },
    ReadoutSpec {
        name: "article.trapz-gauss",
        help: "np.trapz(e^(−x²), np.linspace(−10, 10, 100)) as NumPy computes it: √π to 16 digits",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "pieces",
        title: "The rule's pieces under f",
        alt: "The function f over [a, b] with the chosen rule's pieces shaded: rectangles, trapezoids, parabolas or Gauss–Legendre's weighted bars; beyond 60 pieces, the sliver between the rule's interpolant and f.",
        aspect_ratio: 0.6,
        interactive: false,
    },
    PlotSpec {
        id: "convergence",
        title: "Error against n (log-log)",
        alt: "The absolute error of every rule against n from 1 to 1,000 on log-log axes, with dashed lines of slope −1, −2 and −4.",
        aspect_ratio: 0.65,
        interactive: false,
    },
    PlotSpec {
        id: "ftc",
        title: "The fundamental theorem: F(x) = ∫ₐˣ f",
        alt: "The accumulated integral F(x) with its tangent at a draggable x, whose slope is f(x); drag or use the arrow keys.",
        aspect_ratio: 0.55,
        interactive: true,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "integrals",
    title: "Integrals: Riemann sums to Gauss–Legendre",
    chapter: Chapter::Calculus,
    summary: "Left, right and midpoint sums, trapezoid, Simpson and Gauss–Legendre on any f: the pieces shaded, the error against n on log-log axes (slopes −1, −2, −4), and the fundamental theorem with a draggable x.",
    explanation: r#"An integral $\int_a^b f(x)\,dx$ is the signed area under $f$. Cut $[a, b]$ into $n$ pieces of width $h = (b-a)/n$ and replace $f$ on each by something whose area is easy:

- **Left / right Riemann sums**: rectangles at the height of $f$ at the piece's left or right end; the error shrinks like $h$ (slope $-1$ on the log-log plot).
- **Midpoint** and **trapezoid**: rectangles at the middle, or the straight line between the ends; error $\propto h^2$ (slope $-2$).
- **Simpson**: the parabola through both ends and the middle, $\frac{h}{6}\left(f_0 + 4 f_{1/2} + f_1\right)$ per piece; error $\propto h^4$ (slope $-4$).
- **Gauss–Legendre**: $n$ nodes and weights chosen so that polynomials up to degree $2n - 1$ come out exact, $\int_a^b f \approx \frac{b-a}{2}\sum_i w_i\, f(x_i)$: on smooth $f$ the error falls faster than any power.

The second plot shows every rule's error against $n$. Where the error stops falling (near $10^{-16}$ of the value) rounding has taken over. Two surprises: on a **smooth periodic** integrand over a whole period, like $e^{\cos x}$ on $[0, 2\pi]$, and on a **fast-decaying** one like $e^{-x^2}$ on $[-10, 10]$, the plain trapezoid rule converges exponentially, not like $h^2$. And on $\sqrt{x}$, whose slope is infinite at 0, every rule loses its order.

The exact value is a closed form for the presets; for your own formula it is an adaptive Gauss–Kronrod reference, which bisects the interval where its 7-point Gauss and 15-point Kronrod estimates disagree most, with that disagreement as its error estimate.

**The fundamental theorem.** $F(x) = \int_a^x f(t)\,dt$ accumulates the area; its slope at any $x$ is $f(x)$: $F'(x) = f(x)$. Drag $x$ on the third plot and compare the tangent's slope with $f(x)$.

*Mathematical Foundations for Deep Learning* integrates $x^2$ on $[0, 1]$ with `np.trapz` and 100 points and prints 0.33335033840084355: the trapezoid error here is exactly $\frac{1}{6 \cdot 99^2} \approx 1.7 \times 10^{-5}$. Its $\int_{-10}^{10} e^{-x^2}dx$ with 100 points is 1.7724538509055159, $\sqrt{\pi}$ to all 16 digits (the article prints 1.772453850955159, a digit dropped). Both are reproduced here bit for bit."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(Integrals::default()),
};

/// The integrand: a preset with its closed form, or a typed formula.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Integrand {
    Square,
    Sin,
    Exp,
    Runge,
    Sqrt,
    ExpCos,
    Gauss,
    Custom,
}

impl Integrand {
    fn from_id(id: &str) -> Integrand {
        match id {
            "sin" => Integrand::Sin,
            "exp" => Integrand::Exp,
            "runge" => Integrand::Runge,
            "sqrt" => Integrand::Sqrt,
            "exp-cos" => Integrand::ExpCos,
            "gauss" => Integrand::Gauss,
            "custom" => Integrand::Custom,
            _ => Integrand::Square,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Integrand::Square => "square",
            Integrand::Sin => "sin",
            Integrand::Exp => "exp",
            Integrand::Runge => "runge",
            Integrand::Sqrt => "sqrt",
            Integrand::ExpCos => "exp-cos",
            Integrand::Gauss => "gauss",
            Integrand::Custom => "custom",
        }
    }

    /// The interval a preset fixes (the periodic and the Gaussian one), if any.
    fn fixed_interval(self) -> Option<(f64, f64)> {
        match self {
            Integrand::ExpCos => Some((0.0, std::f64::consts::TAU)),
            Integrand::Gauss => Some((-10.0, 10.0)),
            _ => None,
        }
    }

    /// The antiderivative-based closed form of ∫ₐᵇ, None for a custom formula (NaN where
    /// the preset is undefined, √x below 0).
    fn closed_form(self, a: f64, b: f64) -> Option<f64> {
        let between = |antiderivative: fn(f64) -> f64| antiderivative(b) - antiderivative(a);
        Some(match self {
            Integrand::Square => between(|x| x * x * x / 3.0),
            Integrand::Sin => between(|x| -x.cos()),
            Integrand::Exp => between(f64::exp),
            Integrand::Runge => between(|x| (5.0 * x).atan() / 5.0),
            Integrand::Sqrt => {
                if a < 0.0 {
                    f64::NAN
                } else {
                    between(|x| 2.0 / 3.0 * x * x.sqrt())
                }
            }
            // 2π I₀(1), I₀(1) = Σ (1/4)ᵏ/(k!)².
            Integrand::ExpCos => {
                let mut term = 1.0;
                let mut sum = 1.0;
                for k in 1..30 {
                    term /= 4.0 * f64::from(k) * f64::from(k);
                    sum += term;
                }
                std::f64::consts::TAU * sum
            }
            Integrand::Gauss => std::f64::consts::PI.sqrt() / 2.0 * (erf(b) - erf(a)),
            Integrand::Custom => return None,
        })
    }
}

/// Cached results that depend only on the integrand and the interval.
#[derive(Clone, Debug)]
struct Analysis {
    reference: AdaptiveResult,
    /// The exact value used for errors.
    exact: f64,
    /// `(n, |error| per rule in Rule::ALL order)` for the log-log plot.
    convergence: Vec<(usize, [f64; 6])>,
    /// F sampled on an even grid over [a, b].
    accumulated: Vec<(f64, f64)>,
}

/// The state of the demo.
#[derive(Clone, Debug)]
pub struct Integrals {
    integrand: Integrand,
    /// The typed formula (kept while a preset is chosen).
    formula: Expr,
    /// The a and b as set (a preset may fix its own interval instead).
    a: f64,
    b: f64,
    /// The chosen rule.
    rule: Rule,
    /// Pieces (or nodes).
    n: usize,
    /// The point of the fundamental theorem.
    x: f64,
    analysis: Analysis,
}

impl Default for Integrals {
    fn default() -> Self {
        let mut demo = Self {
            integrand: Integrand::Square,
            formula: Expr::parse_in_x("sin(x) + 1").expect("a fixed formula"),
            a: 0.0,
            b: 1.0,
            rule: Rule::Midpoint,
            n: 8,
            x: 0.5,
            analysis: Analysis {
                reference: AdaptiveResult {
                    value: 0.0,
                    error_estimate: 0.0,
                    intervals: 0,
                    evaluations: 0,
                },
                exact: 0.0,
                convergence: Vec::new(),
                accumulated: Vec::new(),
            },
        };
        demo.analyse();
        demo
    }
}

/// The n values of the convergence plot: about 12 per decade from 1 to 1,000.
fn convergence_ns() -> Vec<usize> {
    let mut ns: Vec<usize> = (0..=36)
        .map(|k| 10f64.powf(f64::from(k) / 12.0).round() as usize)
        .collect();
    ns.dedup();
    ns
}

/// The largest n of the Gauss–Legendre error curve.
const GAUSS_CURVE_MAX_N: usize = 200;

/// Samples of F on its grid.
const ACCUMULATED_SAMPLES: usize = 200;

impl Integrals {
    /// f at x.
    fn f(&self, x: f64) -> f64 {
        match self.integrand {
            Integrand::Square => x * x,
            Integrand::Sin => x.sin(),
            Integrand::Exp => x.exp(),
            Integrand::Runge => 1.0 / (1.0 + 25.0 * x * x),
            Integrand::Sqrt => x.sqrt(),
            Integrand::ExpCos => x.cos().exp(),
            Integrand::Gauss => (-(x * x)).exp(),
            Integrand::Custom => self.formula.eval(x, 0.0),
        }
    }

    /// The interval in use: the preset's own, or [a, b] when a < b.
    fn interval(&self) -> (f64, f64) {
        match self.integrand.fixed_interval() {
            Some(interval) => interval,
            None if self.a < self.b => (self.a, self.b),
            // Keeps something drawable; a notice says b must exceed a.
            None => (self.b.min(self.a), self.b.min(self.a) + 1.0),
        }
    }

    fn interval_is_valid(&self) -> bool {
        self.integrand.fixed_interval().is_some() || self.a < self.b
    }

    /// The FTC point, kept inside the interval.
    fn ftc_x(&self) -> f64 {
        let (a, b) = self.interval();
        self.x.clamp(a, b)
    }

    /// Recomputes what depends on f and the interval.
    fn analyse(&mut self) {
        let (a, b) = self.interval();
        let f = |x: f64| self.f(x);
        let reference = gauss_kronrod_adaptive(&f, a, b, REFERENCE_TOLERANCE);
        let exact = self.integrand.closed_form(a, b).unwrap_or(reference.value);
        let convergence = convergence_ns()
            .into_iter()
            .map(|n| {
                // Gauss–Legendre's nodes cost O(n²) to compute; past 200 nodes its error is
                // at rounding level for anything smooth, so its curve stops there.
                let errors = Rule::ALL.map(|rule| {
                    if rule == Rule::GaussLegendre && n > GAUSS_CURVE_MAX_N {
                        f64::NAN
                    } else {
                        (integrate(rule, &f, a, b, n) - exact).abs()
                    }
                });
                (n, errors)
            })
            .collect();
        let mut accumulated = Vec::with_capacity(ACCUMULATED_SAMPLES + 1);
        let mut total = 0.0;
        let step = (b - a) / ACCUMULATED_SAMPLES as f64;
        accumulated.push((a, 0.0));
        for i in 1..=ACCUMULATED_SAMPLES {
            let (low, high) = (a + step * (i - 1) as f64, a + step * i as f64);
            total += gauss_kronrod_adaptive(&f, low, high, 1e-12).value;
            accumulated.push((high, total));
        }
        self.analysis = Analysis {
            reference,
            exact,
            convergence,
            accumulated,
        };
    }

    /// The chosen rule's estimate.
    fn estimate(&self, rule: Rule) -> f64 {
        let (a, b) = self.interval();
        integrate(rule, &|x| self.f(x), a, b, self.n)
    }

    /// F(x) = ∫ₐˣ f, from the nearest grid sample plus an adaptive piece.
    fn accumulated_at(&self, x: f64) -> f64 {
        let (a, b) = self.interval();
        let grid = &self.analysis.accumulated;
        if grid.len() < 2 {
            return f64::NAN;
        }
        let t = ((x - a) / (b - a) * ACCUMULATED_SAMPLES as f64).floor();
        let index = (t.max(0.0) as usize).min(ACCUMULATED_SAMPLES - 1);
        let (start, value) = grid[index];
        value + gauss_kronrod_adaptive(&|t| self.f(t), start, x, 1e-12).value
    }

    /// The slope of F at x by a central difference.
    fn ftc_slope(&self) -> f64 {
        let h = 1e-4;
        let x = self.ftc_x();
        (self.accumulated_at(x + h) - self.accumulated_at(x - h)) / (2.0 * h)
    }

    fn exact_source(&self) -> &'static str {
        if self.integrand == Integrand::Custom {
            "adaptive Gauss–Kronrod (G7/K15)"
        } else {
            "closed form"
        }
    }

    fn function_label(&self) -> String {
        match self.integrand {
            Integrand::Custom => self.formula.source().to_owned(),
            other => FUNCTIONS
                .iter()
                .find(|(id, _)| *id == other.id())
                .map(|(_, label)| (*label).to_owned())
                .unwrap_or_default(),
        }
    }

    fn set_ftc_x(&mut self, x: f64) -> bool {
        let (a, b) = self.interval();
        let x = (x.clamp(a, b) * 100.0).round() / 100.0;
        let changed = x != self.x;
        self.x = x;
        changed
    }
}

fn number(name: &str, label: &str, value: f64) -> Readout {
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Number(value),
        group: String::new(),
    }
}

/// A table cell: a finite number, or the word "undefined".
fn cell(x: f64) -> ReadoutValue {
    crate::demos::data_alternative::finite_or(x, "undefined")
}

impl Demo for Integrals {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "function" => self.integrand.id().to_owned(),
            "formula" => self.formula.source().to_owned(),
            "a" => format_param_number(self.a),
            "b" => format_param_number(self.b),
            "rule" => self.rule.id().to_owned(),
            "n" => self.n.to_string(),
            "x" => format_param_number(self.x),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "function" => {
                self.integrand = Integrand::from_id(parse_choice(value, FUNCTIONS)?);
                self.analyse();
            }
            "formula" => {
                self.formula = super::params::parse_formula_in_x(value)?;
                self.analyse();
            }
            "a" => {
                self.a = parse_number(value, ENDS.0, ENDS.1)?;
                self.analyse();
            }
            "b" => {
                self.b = parse_number(value, ENDS.0, ENDS.1)?;
                self.analyse();
            }
            "rule" => {
                let id = parse_choice(value, RULES)?;
                self.rule = Rule::ALL
                    .into_iter()
                    .find(|r| r.id() == id)
                    .unwrap_or(Rule::Midpoint);
            }
            "n" => self.n = parse_number(value, N_RANGE.0, N_RANGE.1)?.round() as usize,
            "x" => self.x = parse_number(value, ENDS.0, ENDS.1)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        match key {
            "formula" => self.integrand == Integrand::Custom,
            "a" | "b" => self.integrand.fixed_interval().is_none(),
            _ => true,
        }
    }

    fn slider_range(&self, key: &str) -> Option<(f64, f64)> {
        (key == "x").then(|| self.interval())
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        (key == "n").then(|| {
            format!(
                "{} evaluates f {} times.",
                self.rule.label(),
                self.rule.evaluations(self.n)
            )
        })
    }

    fn readouts(&self) -> Vec<Readout> {
        let exact = self.analysis.exact;
        let estimate = self.estimate(self.rule);
        let (a, b) = self.interval();
        let order = observed_order(self.rule, &|x| self.f(x), a, b, exact, self.n);
        let x = self.ftc_x();
        let mut readouts = vec![
            number("exact", "Exact ∫ₐᵇ f", exact),
            Readout {
                name: "exact-source".into(),
                label: "Exact value from".into(),
                value: ReadoutValue::Text(self.exact_source().into()),
                group: String::new(),
            },
            number(
                "reference",
                "Gauss–Kronrod reference",
                self.analysis.reference.value,
            ),
            number(
                "reference-error",
                "Its error estimate",
                self.analysis.reference.error_estimate,
            ),
            number(
                "estimate",
                &format!("{}, n = {}", self.rule.label(), self.n),
                estimate,
            ),
            number("error", "Error (estimate − exact)", estimate - exact),
            Readout {
                name: "evaluations".into(),
                label: "Evaluations of f".into(),
                value: ReadoutValue::Integer(self.rule.evaluations(self.n) as i64),
                group: String::new(),
            },
            number("observed-order", "Observed order (n → 2n)", order),
        ];
        for rule in Rule::ALL {
            readouts.push(number(rule.id(), rule.label(), self.estimate(rule)));
        }
        readouts.extend([
            number("ftc.F", "F(x) = ∫ₐˣ f", self.accumulated_at(x)),
            number("ftc.slope", "Slope of F at x", self.ftc_slope()),
            number("ftc.f", "f(x)", self.f(x)),
            number(
                "article.trapz-square",
                "np.trapz(x², 100 points on [0, 1])",
                article_trapz_square(),
            ),
            number(
                "article.trapz-gauss",
                "np.trapz(e^(−x²), 100 points on [−10, 10])",
                article_trapz_gaussian(),
            ),
        ]);
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if !self.interval_is_valid() {
            notices.push(Notice {
                level: NoticeLevel::Error,
                text: format!(
                    "b = {} is not greater than a = {}: the plots show [{}, {}] until b > a.",
                    short(self.b),
                    short(self.a),
                    short(self.interval().0),
                    short(self.interval().1)
                ),
            });
        }
        if !self.analysis.exact.is_finite() || !self.analysis.reference.value.is_finite() {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "f(x) = {} is undefined or infinite somewhere on [{}, {}]: its integral reads “undefined”.",
                    self.function_label(),
                    short(self.interval().0),
                    short(self.interval().1)
                ),
            });
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 2 || input.phase == PointerPhase::Up {
            return false;
        }
        let frame = super::Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = self.ftc_viewport(&frame);
        let (x, _) = viewport.to_model(input.x, input.y);
        self.set_ftc_x(x)
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 2 {
            return false;
        }
        let step = match key {
            "ArrowLeft" | "ArrowDown" => -0.01,
            "ArrowRight" | "ArrowUp" => 0.01,
            "Shift+ArrowLeft" | "Shift+ArrowDown" | "PageDown" => -0.1,
            "Shift+ArrowRight" | "Shift+ArrowUp" | "PageUp" => 0.1,
            _ => return false,
        };
        self.set_ftc_x(self.ftc_x() + step)
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        let (a, b) = self.interval();
        Some(match plot {
            0 => {
                let pieces = self.pieces();
                let mut table = PlotTable::new(
                    format!(
                        "The {} pieces of the {} rule on [{}, {}] (first 100 listed): where each starts and ends and the area it contributes",
                        pieces.len(),
                        self.rule.label(),
                        short(a),
                        short(b)
                    ),
                    &["Piece", "From", "To", "Height at the node", "Area"],
                );
                for (i, piece) in pieces.iter().take(100).enumerate() {
                    table.rows.push(vec![
                        ReadoutValue::Integer(i as i64 + 1),
                        cell(piece.from),
                        cell(piece.to),
                        cell(piece.height),
                        cell(piece.area),
                    ]);
                }
                table
            }
            1 => {
                let mut columns = vec!["n"];
                columns.extend(Rule::ALL.iter().map(|r| r.label()));
                let mut table = PlotTable::new(
                    "The absolute error |estimate − exact| of every rule at about 12 values of n per decade (Gauss–Legendre up to n = 200)",
                    &columns,
                );
                for (n, errors) in &self.analysis.convergence {
                    let mut row = vec![ReadoutValue::Integer(*n as i64)];
                    row.extend(errors.iter().enumerate().map(|(i, e)| {
                        if Rule::ALL[i] == Rule::GaussLegendre && *n > GAUSS_CURVE_MAX_N {
                            ReadoutValue::Text("not computed".into())
                        } else {
                            cell(*e)
                        }
                    }));
                    table.rows.push(row);
                }
                table
            }
            2 => {
                let mut table = PlotTable::new(
                    "F(x) = ∫ₐˣ f at every 10th sample of its grid, with f(x) (its slope)",
                    &["x", "F(x)", "f(x)"],
                );
                for (x, value) in self.analysis.accumulated.iter().step_by(10) {
                    table
                        .rows
                        .push(vec![cell(*x), cell(*value), cell(self.f(*x))]);
                }
                table
            }
            _ => return None,
        })
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        let (a, b) = self.interval();
        let exact = self.analysis.exact;
        Some(match plot {
            0 => format!(
                "f(x) = {} on [{}, {}]: the {} rule with n = {} gives {} against the exact {}, an error of {}.",
                self.function_label(),
                short(a),
                short(b),
                self.rule.label(),
                self.n,
                short(self.estimate(self.rule)),
                short(exact),
                short(self.estimate(self.rule) - exact)
            ),
            1 => {
                let last = self.analysis.convergence.last();
                let summary: Vec<String> = Rule::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, rule)| {
                        format!(
                            "{} {}",
                            rule.label(),
                            last.map(|(_, e)| short(e[i])).unwrap_or_default()
                        )
                    })
                    .collect();
                format!(
                    "Errors against n on log-log axes for f(x) = {}; at n = 1000: {}.",
                    self.function_label(),
                    summary.join(", ")
                )
            }
            2 => {
                let x = self.ftc_x();
                format!(
                    "F(x) = ∫ from {} to x of {}: at x = {} F is {} and its slope {} equals f(x) = {}.",
                    short(a),
                    self.function_label(),
                    short(x),
                    short(self.accumulated_at(x)),
                    short(self.ftc_slope()),
                    short(self.f(x))
                )
            }
            _ => return None,
        })
    }
}
