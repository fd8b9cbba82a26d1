//! Limits: the ε–δ picture of lim f(x) as x → a (or x → ∞ through t = 1/x), the one-sided
//! limits and the kind of discontinuity, the table of f(a ± 10⁻ᵏ) that shows where f64 gives
//! up (cancellation in 1 − cos x), and the "limit" recipe of *Mathematical Foundations for
//! Deep Learning* next to the true limit. The math lives in [`crate::math::limits`].

mod drawing;
mod spec;
#[cfg(test)]
mod tests;

use super::params::{format_param_number, parse_choice, parse_number, round_significant};
use super::plot_data::short;
use super::{
    Demo, DemoInfo, Notice, NoticeLevel, PlotTable, PointerInput, PointerPhase, Readout,
    ReadoutValue, exact_list,
};
use crate::math::expr::Expr;
use crate::math::limits::{
    DeltaSearch, LimitCase, OneSidedLimit, article_recipe, classify, largest_delta,
    one_sided_limit, table_steps,
};
use spec::{CONTROLS, FUNCTIONS, PLOTS, READOUTS};

pub const INFO: DemoInfo = DemoInfo {
    id: "limits",
    title: "Limits, ε and δ",
    chapter: super::Chapter::Calculus,
    summary: "The ε–δ definition drawn: the band around L, the largest δ that keeps f inside it, one-sided limits and the kind of discontinuity, and a table of f(a ± 10⁻ᵏ) showing where floating point gives up.",
    explanation: spec::EXPLANATION,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(Limits::default()),
};

/// A rewrite of a preset without its cancellation, and how it is written.
pub(super) type StableRewrite = (fn(f64) -> f64, &'static str);

/// One built-in function: its formula, where the limit is taken and what the limit is.
#[derive(Clone, Copy, Debug)]
pub(super) struct Preset {
    /// The select's URL value.
    pub key: &'static str,
    /// The formula in the expression language.
    pub formula: &'static str,
    /// The point a (ignored for the limit at infinity).
    pub point: f64,
    /// True for x → +∞, drawn through t = 1/x → 0⁺.
    pub at_infinity: bool,
    pub left: OneSidedLimit,
    pub right: OneSidedLimit,
    /// f(a), NaN where undefined.
    pub value_at_a: f64,
    /// A rewrite without the cancellation, and how it is written.
    pub stable: Option<StableRewrite>,
}

const PRESETS: [Preset; 7] = [
    Preset {
        key: "sinc",
        formula: "sin(x)/x",
        point: 0.0,
        at_infinity: false,
        left: OneSidedLimit::Finite(1.0),
        right: OneSidedLimit::Finite(1.0),
        value_at_a: f64::NAN,
        stable: None,
    },
    Preset {
        key: "hole",
        formula: "(x^2 - 1)/(x - 1)",
        point: 1.0,
        at_infinity: false,
        left: OneSidedLimit::Finite(2.0),
        right: OneSidedLimit::Finite(2.0),
        value_at_a: f64::NAN,
        stable: Some((|x| x + 1.0, "x + 1")),
    },
    Preset {
        key: "sign",
        formula: "abs(x)/x",
        point: 0.0,
        at_infinity: false,
        left: OneSidedLimit::Finite(-1.0),
        right: OneSidedLimit::Finite(1.0),
        value_at_a: f64::NAN,
        stable: None,
    },
    Preset {
        key: "reciprocal",
        formula: "1/x",
        point: 0.0,
        at_infinity: false,
        left: OneSidedLimit::MinusInfinity,
        right: OneSidedLimit::PlusInfinity,
        value_at_a: f64::NAN,
        stable: None,
    },
    Preset {
        key: "sin-reciprocal",
        formula: "sin(1/x)",
        point: 0.0,
        at_infinity: false,
        left: OneSidedLimit::Oscillates,
        right: OneSidedLimit::Oscillates,
        value_at_a: f64::NAN,
        stable: None,
    },
    Preset {
        key: "one-minus-cos",
        formula: "(1 - cos(x))/x^2",
        point: 0.0,
        at_infinity: false,
        left: OneSidedLimit::Finite(0.5),
        right: OneSidedLimit::Finite(0.5),
        value_at_a: f64::NAN,
        stable: Some((
            |x| 2.0 * (x / 2.0).sin().powi(2) / (x * x),
            "2 sin²(x/2)/x²",
        )),
    },
    Preset {
        key: "compound",
        formula: "(1 + 1/x)^x",
        point: 0.0,
        at_infinity: true,
        left: OneSidedLimit::Undefined,
        right: OneSidedLimit::Finite(std::f64::consts::E),
        value_at_a: f64::NAN,
        stable: Some((|x| (x * (1.0 / x).ln_1p()).exp(), "exp(x · ln1p(1/x))")),
    },
];

/// The preset with URL value `key`.
fn preset(key: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.key == key)
}

/// One row of the f(a ± h) table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct TableRow {
    /// h = 10⁻ᵏ (for x → ∞: x = 10ᵏ, and h = 1/x).
    pub h: f64,
    /// f(a − h) (NaN for x → ∞, which has one side).
    pub left: f64,
    /// f(a + h), or f(10ᵏ) for x → ∞.
    pub right: f64,
    /// The stable rewrite at a + h, when the preset has one.
    pub stable: Option<f64>,
}

/// Everything computed from the settings.
#[derive(Clone, Debug)]
pub(super) struct Analysis {
    pub left: OneSidedLimit,
    pub right: OneSidedLimit,
    pub value_at_a: f64,
    pub case: LimitCase,
    /// The centre of the ε band: the limit, or (no two-sided limit) a candidate.
    pub band_centre: Option<f64>,
    pub delta: DeltaSearch,
    pub table: Vec<TableRow>,
    /// The article's recipe: (rounded value, unrounded maximum, where it is).
    pub recipe: (f64, f64, f64),
}

/// The state of the limits demo.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The select's value: a preset key or "custom".
    choice: &'static str,
    /// The typed formula for `custom` (kept while a preset is shown).
    formula: String,
    /// The point a for `custom`.
    point: f64,
    /// The half-width ε of the band around L.
    epsilon: f64,
    /// The half-width of the plotted window around a (and the largest δ tried).
    window: f64,
    /// The function shown, parsed.
    expr: Option<Expr>,
    pub(super) analysis: Analysis,
}

impl Default for Limits {
    fn default() -> Self {
        let mut demo = Self {
            choice: "sinc",
            formula: "(exp(x) - 1)/x".to_owned(),
            point: 0.0,
            epsilon: 0.01,
            window: 1.0,
            expr: None,
            analysis: Analysis {
                left: OneSidedLimit::Undefined,
                right: OneSidedLimit::Undefined,
                value_at_a: f64::NAN,
                case: LimitCase::Undefined,
                band_centre: None,
                delta: DeltaSearch {
                    delta: None,
                    grid_spacing: 0.0,
                },
                table: Vec::new(),
                recipe: (f64::NAN, f64::NAN, 0.0),
            },
        };
        demo.recompute();
        demo
    }
}

impl Limits {
    pub(super) fn preset(&self) -> Option<&'static Preset> {
        preset(self.choice)
    }

    pub(super) fn at_infinity(&self) -> bool {
        self.preset().is_some_and(|p| p.at_infinity)
    }

    /// The point a (0 for x → ∞, where the plot's variable is t = 1/x).
    pub(super) fn point(&self) -> f64 {
        self.preset().map_or(self.point, |p| p.point)
    }

    pub(super) fn epsilon(&self) -> f64 {
        self.epsilon
    }

    pub(super) fn window(&self) -> f64 {
        self.window
    }

    /// The formula shown, as typed.
    pub(super) fn formula_text(&self) -> &str {
        self.preset().map_or(self.formula.as_str(), |p| p.formula)
    }

    /// f at x (NaN where undefined or unparsed).
    pub(super) fn f(&self, x: f64) -> f64 {
        self.expr.as_ref().map_or(f64::NAN, |e| e.eval(x, 0.0))
    }

    /// f as typed, of the plot's variable: f(x) near a, or f(1/t) for x → ∞.
    fn naive(&self, u: f64) -> f64 {
        if self.at_infinity() {
            self.f(1.0 / u)
        } else {
            self.f(u)
        }
    }

    /// The function the ε–δ plot draws and searches: the mathematics, so a preset with a
    /// stable rewrite is evaluated through it (f64's cancellation is the second plot's story,
    /// and would otherwise make tiny δ fail for a reason that is not the limit's).
    pub(super) fn plotted(&self, u: f64) -> f64 {
        match (self.preset().and_then(|p| p.stable), self.at_infinity()) {
            (Some((stable, _)), true) => stable(1.0 / u),
            (Some((stable, _)), false) => stable(u),
            (None, _) => self.naive(u),
        }
    }

    fn recompute(&mut self) {
        self.expr = Expr::parse_in_x(self.formula_text()).ok();
        let a = self.point();
        let plotted = |u: f64| self.plotted(u);
        let (left, right, value_at_a) = match self.preset() {
            Some(p) => (p.left, p.right, p.value_at_a),
            None => (
                one_sided_limit(plotted, a, -1.0),
                one_sided_limit(plotted, a, 1.0),
                self.f(a),
            ),
        };
        let case = if self.at_infinity() {
            // One side only: the limit exists when it settles.
            match right {
                OneSidedLimit::Finite(_) => LimitCase::Removable,
                other => classify(other, other, f64::NAN, 1e-6),
            }
        } else {
            classify(left, right, value_at_a, 1e-6)
        };
        // The band centre: the limit when both sides agree, else the right-hand limit as the
        // candidate the picture tests (it fails), else the oscillation's middle, 0.
        let band_centre = match (case, left.finite(), right.finite()) {
            (LimitCase::Continuous | LimitCase::Removable, _, Some(r)) => Some(r),
            (LimitCase::Jump, _, Some(r)) => Some(r),
            (LimitCase::Oscillating, _, _) => Some(0.0),
            _ => None,
        };
        let sides: &[f64] = if self.at_infinity() {
            &[1.0]
        } else {
            &[-1.0, 1.0]
        };
        let delta = match band_centre {
            Some(centre) => largest_delta(plotted, a, centre, self.epsilon, self.window, sides),
            None => DeltaSearch {
                delta: None,
                grid_spacing: 0.0,
            },
        };
        let stable = self.preset().and_then(|p| p.stable).map(|(g, _)| g);
        let table = table_steps()
            .into_iter()
            .enumerate()
            .map(|(k, h)| {
                if self.at_infinity() {
                    let x =
                        crate::number_text::parse_f64(&format!("1e{}", k + 1)).unwrap_or(f64::NAN);
                    TableRow {
                        h,
                        left: f64::NAN,
                        right: self.f(x),
                        stable: stable.map(|g| g(x)),
                    }
                } else {
                    TableRow {
                        h,
                        left: self.f(a - h),
                        right: self.f(a + h),
                        stable: stable.map(|g| g(a + h)),
                    }
                }
            })
            .collect();
        // The recipe is the article's code: f exactly as typed.
        let recipe = article_recipe(|u| self.naive(u), a);
        self.analysis = Analysis {
            left,
            right,
            value_at_a,
            case,
            band_centre,
            delta,
            table,
            recipe,
        };
    }

    /// The case in words; at infinity there is no discontinuity to name, only whether f
    /// settles.
    pub(super) fn case_label(&self) -> &'static str {
        match (self.at_infinity(), self.analysis.case) {
            (true, LimitCase::Removable) => "converges: f settles on L as x → ∞",
            (_, case) => case.label(),
        }
    }

    /// The two-sided limit, if it exists and is finite.
    pub(super) fn limit(&self) -> Option<f64> {
        match self.analysis.case {
            LimitCase::Continuous | LimitCase::Removable => self.analysis.right.finite(),
            _ => None,
        }
    }

    /// The limit in words: a number, or why there is none.
    pub(super) fn limit_text(&self) -> String {
        let a = &self.analysis;
        match (self.limit(), a.case) {
            (Some(l), _) => short(l),
            (None, LimitCase::Jump) => format!(
                "does not exist: {} from the left, {} from the right",
                a.left.describe(),
                a.right.describe()
            ),
            (None, LimitCase::Infinite) => format!(
                "does not exist: {} from the left, {} from the right",
                a.left.describe(),
                a.right.describe()
            ),
            (None, LimitCase::Oscillating) => "does not exist: f oscillates".to_owned(),
            _ => "undefined: f is not defined next to a".to_owned(),
        }
    }

    /// The h at which f(a + h) is nearest the limit (the best the f64 table gets).
    pub(super) fn best_step(&self) -> Option<(f64, f64)> {
        let limit = self.limit()?;
        self.analysis
            .table
            .iter()
            .filter(|row| row.right.is_finite())
            .map(|row| (row.h, (row.right - limit).abs()))
            .min_by(|p, q| p.1.total_cmp(&q.1))
    }

    fn set_epsilon_rounded(&mut self, epsilon: f64) -> bool {
        let epsilon = round_significant(epsilon.clamp(spec::EPSILON_MIN, spec::EPSILON_MAX), 3);
        self.set_param("epsilon", &format_param_number(epsilon))
            .is_ok()
    }
}

fn number(name: &str, label: &str, value: f64) -> Readout {
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: if value.is_finite() {
            ReadoutValue::Number(value)
        } else {
            ReadoutValue::Text("undefined".to_owned())
        },
        group: String::new(),
    }
}

fn text(name: &str, label: &str, value: String) -> Readout {
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Text(value),
        group: String::new(),
    }
}

fn one_sided_readout(name: &str, label: &str, limit: OneSidedLimit) -> Readout {
    match limit {
        OneSidedLimit::Finite(value) => number(name, label, value),
        other => text(name, label, other.describe()),
    }
}

/// A list readout: each value shown rounded, all carried at full precision.
fn list(name: &str, label: &str, values: &[f64]) -> Readout {
    let shown: Vec<String> = values.iter().map(|v| super::format_number(*v)).collect();
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Written {
            shown: shown.join(", "),
            exact: exact_list(values.iter().copied()),
        },
        group: "f(a ± h), h = 10⁻¹ … 10⁻¹⁶".to_owned(),
    }
}

impl Demo for Limits {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "function" => self.choice.to_owned(),
            "formula" => self.formula.clone(),
            "a" => format_param_number(self.point),
            "epsilon" => format_param_number(self.epsilon),
            "window" => format_param_number(self.window),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "function" => self.choice = parse_choice(value, FUNCTIONS)?,
            "formula" => {
                let expr = super::params::parse_formula_in_x(value.trim())?;
                self.formula = expr.source().to_owned();
            }
            "a" => self.point = parse_number(value, -10.0, 10.0)?,
            "epsilon" => self.epsilon = parse_number(value, spec::EPSILON_MIN, spec::EPSILON_MAX)?,
            "window" => self.window = parse_number(value, 1e-6, 10.0)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        !matches!(key, "formula" | "a") || self.choice == "custom"
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        (key == "epsilon").then(|| match self.analysis.delta.delta {
            Some(delta) => format!(
                "Largest δ for this ε: {} (drag the plot up or down, or use ↑ ↓ on it).",
                super::format_number(delta)
            ),
            None => "No δ works for this ε: f leaves the band however close to a.".to_owned(),
        })
    }

    fn readouts(&self) -> Vec<Readout> {
        let a = &self.analysis;
        let mut readouts = vec![
            text("limit", "lim f(x)", self.limit_text()),
            one_sided_readout("left-limit", "Left limit (x → a⁻)", a.left),
            one_sided_readout("right-limit", "Right limit (x → a⁺)", a.right),
            number("value-at-a", "f(a)", a.value_at_a),
            text("case", "Case", self.case_label().to_owned()),
        ];
        if self.at_infinity() {
            readouts[1] = text(
                "left-limit",
                "Left limit",
                "none: x → +∞ has one side".to_owned(),
            );
            readouts[2] = one_sided_readout("right-limit", "lim f(x), x → +∞", a.right);
            readouts[3] = text(
                "value-at-a",
                "f(∞)",
                "undefined: ∞ is not a number".to_owned(),
            );
        }
        readouts.push(number("epsilon", "ε", self.epsilon));
        match a.delta.delta {
            Some(delta) => {
                readouts.push(number("delta", "Largest δ", delta));
                if self.at_infinity() {
                    readouts.push(number(
                        "x-threshold",
                        "N = 1/δ (f within ε for x > N)",
                        1.0 / delta,
                    ));
                }
                readouts.push(number(
                    "delta-grid-spacing",
                    "δ checked on a grid of spacing",
                    a.delta.grid_spacing,
                ));
            }
            None => readouts.push(text(
                "delta",
                "Largest δ",
                "none: no δ keeps f within ε".to_owned(),
            )),
        }
        readouts.push(number(
            "recipe",
            "Article's recipe: round(max |f|, 5)",
            a.recipe.0,
        ));
        readouts.push(number(
            "recipe-at",
            "Recipe's maximum found at x",
            a.recipe.2,
        ));
        if let Some((h, error)) = self.best_step() {
            readouts.push(number("best-h", "h where f(a + h) is nearest L", h));
            readouts.push(number("best-error", "|f(a + h) − L| there", error));
        }
        let rights: Vec<f64> = a.table.iter().map(|r| r.right).collect();
        if self.at_infinity() {
            readouts.push(list("right-values", "f(x), x = 10¹ … 10¹⁶", &rights));
        } else {
            let lefts: Vec<f64> = a.table.iter().map(|r| r.left).collect();
            readouts.push(list("right-values", "f(a + h)", &rights));
            readouts.push(list("left-values", "f(a − h)", &lefts));
        }
        if let Some((_, written)) = self.preset().and_then(|p| p.stable) {
            let stable: Vec<f64> = a.table.iter().filter_map(|r| r.stable).collect();
            readouts.push(list(
                "stable-values",
                &format!("Stable rewrite {written}"),
                &stable,
            ));
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if self.choice == "custom" && self.analysis.case == LimitCase::Undefined {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "f(x) = {} is undefined next to a = {} on at least one side, so it has no limit there.",
                    self.formula,
                    short(self.point())
                ),
            });
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || input.phase == PointerPhase::Up {
            return false;
        }
        let Some(centre) = self.analysis.band_centre else {
            return false;
        };
        let frame = super::Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = drawing::curve_viewport(self, &frame);
        let (_, y) = viewport.to_model(input.x, input.y);
        self.set_epsilon_rounded((y - centre).abs())
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        let factor = match (plot, key) {
            (0, "ArrowUp") => 10f64.powf(0.1),
            (0, "ArrowDown") => 10f64.powf(-0.1),
            (0, "Shift+ArrowUp") => 10.0,
            (0, "Shift+ArrowDown") => 0.1,
            _ => return false,
        };
        self.set_epsilon_rounded(self.epsilon * factor)
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(drawing::curve_table(self)),
            1 => Some(drawing::error_table(self)),
            _ => None,
        }
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(drawing::curve_description(self)),
            1 => Some(drawing::error_description(self)),
            _ => None,
        }
    }
}
