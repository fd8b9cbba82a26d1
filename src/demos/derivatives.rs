//! Derivatives: the secant turning into the tangent as h → 0, f′ exact by automatic
//! differentiation, forward/backward/central differences and the complex step against h on
//! log–log axes (truncation against round-off), and numpy.gradient done right on the
//! example of *Mathematical Foundations for Deep Learning*. The math lives in
//! [`crate::math::differentiation`] and [`crate::math::numpy_gradient`].

mod drawing;
mod spec;
#[cfg(test)]
mod tests;

use super::params::{format_param_number, parse_choice, parse_number, round_significant};
use super::playhead::Playhead;
use super::plot_data::short;
use super::{
    Demo, DemoInfo, Notice, NoticeLevel, PlotTable, PointerInput, PointerPhase, Readout,
    ReadoutValue, exact_list,
};
use crate::math::differentiation::{
    Method, central_optimal_step, derivative_by_ad, estimate, fitted_slope, forward_optimal_step,
    log_spaced_steps, relative_error, reliable_best_step,
};
use crate::math::expr::Expr;
use crate::math::numpy_gradient::{EdgeOrder, gradient_at};
use spec::{CONTROLS, EDGE_ORDERS, FUNCTIONS, PLOTS, PRESET_FORMULAS, READOUTS, SPACINGS};

pub const INFO: DemoInfo = DemoInfo {
    id: "derivatives",
    title: "Derivatives: secants, differences and round-off",
    chapter: super::Chapter::Calculus,
    summary: "The secant becoming the tangent as h → 0, f′ exact by automatic differentiation, and forward, central and complex-step derivatives against h on log–log axes: truncation against round-off, and numpy.gradient done right.",
    explanation: spec::EXPLANATION,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(Derivatives::default()),
};

/// The article's np.gradient example: y = 10x² sampled at x = 0 … 4.
pub const ARTICLE_X: [f64; 5] = [0.0, 1.0, 2.0, 3.0, 4.0];
pub const ARTICLE_Y: [f64; 5] = [0.0, 10.0, 40.0, 90.0, 160.0];
/// How many samples of f numpy.gradient gets.
pub const SAMPLE_COUNT: usize = 9;
/// Steps per decade of the error curve.
pub const STEPS_PER_DECADE: usize = 10;
/// Play divides h by 10^(1/STEPS_PER_PLAY_DECADE) per step.
pub const STEPS_PER_PLAY_DECADE: f64 = 4.0;

/// The error of one method against h.
#[derive(Clone, Debug, Default)]
pub(super) struct ErrorCurve {
    pub errors: Vec<f64>,
    pub best: Option<(f64, f64)>,
}

/// The state of the derivatives demo.
#[derive(Clone, Debug)]
pub struct Derivatives {
    /// A preset key or "custom".
    choice: &'static str,
    /// The typed formula for `custom` (kept while a preset is shown).
    formula: String,
    /// The point x.
    x: f64,
    /// The step h set by the control; Play shrinks it.
    h: f64,
    edge_order: EdgeOrder,
    uneven: bool,
    /// The step shown: h · 10^(−step/4).
    playhead: Playhead,
    expr: Option<Expr>,
    /// The steps of the error curve, 10⁻¹⁶ … 1.
    pub(super) steps: Vec<f64>,
    /// One curve per [`Method::ALL`].
    pub(super) curves: Vec<ErrorCurve>,
}

impl Default for Derivatives {
    fn default() -> Self {
        let mut demo = Self {
            choice: "sin",
            formula: "x^2*sin(x)".to_owned(),
            x: 1.0,
            h: 0.5,
            edge_order: EdgeOrder::First,
            uneven: false,
            playhead: Playhead { shown: 0, last: 0 },
            expr: None,
            steps: log_spaced_steps(STEPS_PER_DECADE),
            curves: Vec::new(),
        };
        demo.recompute();
        demo
    }
}

impl Derivatives {
    pub(super) fn formula_text(&self) -> &str {
        PRESET_FORMULAS
            .iter()
            .find(|(key, _)| *key == self.choice)
            .map_or(self.formula.as_str(), |(_, formula)| formula)
    }

    pub(super) fn x(&self) -> f64 {
        self.x
    }

    /// f at u (NaN where undefined).
    pub(super) fn f(&self, u: f64) -> f64 {
        self.expr.as_ref().map_or(f64::NAN, |e| e.eval(u, 0.0))
    }

    /// f′ at u by automatic differentiation; undefined where f is (ln at −1 would otherwise
    /// give the dual part 1/x = −1 of a NaN value).
    pub(super) fn derivative(&self, u: f64) -> f64 {
        if !self.f(u).is_finite() {
            return f64::NAN;
        }
        self.expr
            .as_ref()
            .map_or(f64::NAN, |e| derivative_by_ad(e, u))
    }

    /// The h shown: the control's h divided by 10^(1/4) per step of the playhead.
    pub(super) fn shown_h(&self) -> f64 {
        let h = self.h * 10f64.powf(-(self.playhead.shown as f64) / STEPS_PER_PLAY_DECADE);
        h.max(spec::H_MIN)
    }

    /// The estimate of f′(x) by `method` with the h shown.
    pub(super) fn estimate(&self, method: Method) -> f64 {
        self.expr
            .as_ref()
            .map_or(f64::NAN, |e| estimate(e, method, self.x, self.shown_h()))
    }

    /// The nine sample points numpy.gradient gets: across x ± 2, evenly or with the spacing
    /// growing quadratically from the left.
    pub(super) fn sample_xs(&self) -> Vec<f64> {
        let (low, high) = self.window();
        (0..SAMPLE_COUNT)
            .map(|i| {
                let s = i as f64 / (SAMPLE_COUNT - 1) as f64;
                let s = if self.uneven { s * (1.0 + s) / 2.0 } else { s };
                low + (high - low) * s
            })
            .collect()
    }

    /// numpy.gradient of the samples (NaN entries where f is undefined).
    pub(super) fn sample_gradient(&self) -> Vec<f64> {
        let xs = self.sample_xs();
        let ys: Vec<f64> = xs.iter().map(|&u| self.f(u)).collect();
        gradient_at(&xs, &ys, self.edge_order).unwrap_or_else(|_| vec![f64::NAN; xs.len()])
    }

    /// The plotted window of x.
    pub(super) fn window(&self) -> (f64, f64) {
        (self.x - 2.0, self.x + 2.0)
    }

    fn max_step(&self) -> usize {
        ((self.h / spec::H_MIN).log10() * STEPS_PER_PLAY_DECADE)
            .floor()
            .max(0.0) as usize
    }

    fn recompute(&mut self) {
        self.expr = Expr::parse_in_x(self.formula_text()).ok();
        // The run's length depends on h alone; other changes keep the step shown (a fresh
        // demo shows step 0, the h of the control, unlike demos that open at the end).
        let last = self.max_step();
        self.playhead = Playhead {
            shown: self.playhead.shown.min(last),
            last,
        };
        let exact = self.derivative(self.x);
        self.curves = Method::ALL
            .iter()
            .map(|&method| {
                let errors: Vec<f64> = self
                    .steps
                    .iter()
                    .map(|&h| match &self.expr {
                        Some(e) => relative_error(estimate(e, method, self.x, h), exact),
                        None => f64::NAN,
                    })
                    .collect();
                let best = reliable_best_step(&self.steps, &errors, 2);
                ErrorCurve { errors, best }
            })
            .collect();
    }

    pub(super) fn curve(&self, method: Method) -> &ErrorCurve {
        let index = Method::ALL.iter().position(|m| *m == method).unwrap_or(0);
        &self.curves[index]
    }

    /// The fitted truncation slope of forward (10⁻⁵…10⁻²) or central (10⁻³…10⁻¹) errors.
    pub(super) fn slope(&self, method: Method) -> Option<f64> {
        let (from, to) = match method {
            Method::Central => (1e-3, 1e-1),
            _ => (1e-5, 1e-2),
        };
        fitted_slope(&self.steps, &self.curve(method).errors, from, to)
    }

    fn set_h_rounded(&mut self, h: f64) -> bool {
        let h = round_significant(h.clamp(spec::H_MIN, spec::H_MAX), 3);
        self.set_param("h", &format_param_number(h)).is_ok()
    }
}

fn readout(name: &str, label: &str, value: f64) -> Readout {
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

fn list(name: &str, label: &str, values: &[f64]) -> Readout {
    let shown: Vec<String> = values.iter().map(|v| super::format_number(*v)).collect();
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Written {
            shown: format!("[{}]", shown.join(", ")),
            exact: exact_list(values.iter().copied()),
        },
        group: "numpy.gradient".to_owned(),
    }
}

impl Demo for Derivatives {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "function" => self.choice.to_owned(),
            "formula" => self.formula.clone(),
            "x" => format_param_number(self.x),
            "h" => format_param_number(self.h),
            "edge-order" => match self.edge_order {
                EdgeOrder::First => "1",
                EdgeOrder::Second => "2",
            }
            .to_owned(),
            "spacing" => if self.uneven { "uneven" } else { "uniform" }.to_owned(),
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
            "x" => self.x = parse_number(value, -5.0, 5.0)?,
            "h" => {
                self.h = parse_number(value, spec::H_MIN, spec::H_MAX)?;
                self.playhead.go_to(0);
            }
            "edge-order" => {
                self.edge_order = match parse_choice(value, EDGE_ORDERS)? {
                    "2" => EdgeOrder::Second,
                    _ => EdgeOrder::First,
                }
            }
            "spacing" => self.uneven = parse_choice(value, SPACINGS)? == "uneven",
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        key != "formula" || self.choice == "custom"
    }

    fn default_step(&self) -> usize {
        0
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.playhead.last
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn advance_frame(&mut self) -> bool {
        self.playhead.advance(1)
    }

    fn readouts(&self) -> Vec<Readout> {
        let exact = self.derivative(self.x);
        let mut readouts = vec![
            readout("h", "h", self.shown_h()),
            readout("fx", "f(x)", self.f(self.x)),
            readout("exact", "f′(x) exact (AD)", exact),
        ];
        for method in Method::ALL {
            readouts.push(readout(method.key(), method.label(), self.estimate(method)));
        }
        for method in Method::ALL {
            let mut error = readout(
                &format!("{}.error", method.key()),
                "Relative error",
                relative_error(self.estimate(method), exact),
            );
            error.group = method.label().to_owned();
            readouts.push(error);
            if let Some((h, e)) = self.curve(method).best {
                let mut best = readout(&format!("{}.best-h", method.key()), "Best h", h);
                best.group = method.label().to_owned();
                readouts.push(best);
                let mut best =
                    readout(&format!("{}.best-error", method.key()), "Smallest error", e);
                best.group = method.label().to_owned();
                readouts.push(best);
            }
        }
        for method in [Method::Forward, Method::Central] {
            if let Some(slope) = self.slope(method) {
                readouts.push(readout(
                    &format!("{}.slope", method.key()),
                    &format!("{} truncation slope", method.key()),
                    slope,
                ));
            }
        }
        readouts.push(readout("sqrt-epsilon", "√ε", forward_optimal_step()));
        readouts.push(readout("cbrt-epsilon", "∛ε", central_optimal_step()));
        let article = gradient_at(&ARTICLE_X, &ARTICLE_Y, EdgeOrder::First).unwrap_or_default();
        let article_2 = gradient_at(&ARTICLE_X, &ARTICLE_Y, EdgeOrder::Second).unwrap_or_default();
        readouts.push(list(
            "np-gradient.article",
            "np.gradient([0, 10, 40, 90, 160], [0, 1, 2, 3, 4])",
            &article,
        ));
        readouts.push(list(
            "np-gradient.article-edge2",
            "… with edge_order=2",
            &article_2,
        ));
        let xs = self.sample_xs();
        let gradient = self.sample_gradient();
        readouts.push(list("np-gradient.samples-x", "Sample x", &xs));
        readouts.push(list(
            "np-gradient.samples",
            "np.gradient of f there",
            &gradient,
        ));
        let worst = xs
            .iter()
            .zip(&gradient)
            .map(|(&u, &g)| (g - self.derivative(u)).abs())
            .fold(0.0, f64::max);
        let mut worst = readout("np-gradient.max-error", "Largest |np.gradient − f′|", worst);
        worst.group = "numpy.gradient".to_owned();
        readouts.push(worst);
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if !self.f(self.x).is_finite() {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "f(x) = {} is undefined at x = {}: choose another point.",
                    self.formula_text(),
                    short(self.x)
                ),
            });
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || input.phase == PointerPhase::Up {
            return false;
        }
        let frame = super::Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = drawing::secant_viewport(self, &frame);
        let (u, _) = viewport.to_model(input.x, input.y);
        let u = (u.clamp(-5.0, 5.0) * 100.0).round() / 100.0;
        self.set_param("x", &format_param_number(u)).is_ok()
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        match key {
            "ArrowLeft" | "ArrowRight" => {
                let delta = if key == "ArrowLeft" { -0.1 } else { 0.1 };
                let u = ((self.x + delta).clamp(-5.0, 5.0) * 100.0).round() / 100.0;
                self.set_param("x", &format_param_number(u)).is_ok()
            }
            "ArrowUp" => self.set_h_rounded(self.h * 10f64.powf(0.25)),
            "ArrowDown" => self.set_h_rounded(self.h * 10f64.powf(-0.25)),
            _ => false,
        }
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(drawing::secant_table(self)),
            1 => Some(drawing::derivative_table(self)),
            2 => Some(drawing::error_table(self)),
            _ => None,
        }
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(drawing::secant_description(self)),
            1 => Some(drawing::derivative_description(self)),
            2 => Some(drawing::error_description(self)),
            _ => None,
        }
    }
}
