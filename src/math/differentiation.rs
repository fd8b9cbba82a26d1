//! Numerical derivatives and what floating point does to them: forward, backward and central
//! differences, the complex-step derivative, the exact derivative by automatic
//! differentiation, and the error of each against the step h on log–log axes.
//!
//! A difference quotient has two errors. Truncation: Taylor's theorem gives
//! `(f(x+h) − f(x))/h = f′(x) + h f″(x)/2 + …`, so the forward error falls like h (slope 1
//! on log–log axes) and the central one, whose even terms cancel, like h² (slope 2).
//! Round-off: f(x+h) and f(x) agree in most of their digits, their difference keeps only
//! about ε·|f|/h of accuracy (ε = 2⁻⁵² ≈ 2.2·10⁻¹⁶), rising like 1/h as h shrinks. The sum is
//! smallest near h ≈ √ε for forward differences and h ≈ ∛ε for central ones. The complex
//! step `Im f(x + ih)/h` subtracts nothing, so it has no round-off of that kind and stays
//! accurate down to h = 10⁻¹⁶ and beyond.

use num_complex::Complex64;
use num_dual::Dual64;

use crate::math::expr::Expr;

/// The machine epsilon of f64, 2⁻⁵².
pub const EPSILON: f64 = f64::EPSILON;

/// The four numerical derivatives compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Forward,
    Backward,
    Central,
    ComplexStep,
}

impl Method {
    pub const ALL: [Method; 4] = [
        Method::Forward,
        Method::Backward,
        Method::Central,
        Method::ComplexStep,
    ];

    /// The readout-name stem.
    pub fn key(self) -> &'static str {
        match self {
            Method::Forward => "forward",
            Method::Backward => "backward",
            Method::Central => "central",
            Method::ComplexStep => "complex-step",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::Forward => "Forward (f(x+h) − f(x))/h",
            Method::Backward => "Backward (f(x) − f(x−h))/h",
            Method::Central => "Central (f(x+h) − f(x−h))/2h",
            Method::ComplexStep => "Complex step Im f(x+ih)/h",
        }
    }
}

/// `(f(x + h) − f(x)) / h`.
pub fn forward_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

/// `(f(x) − f(x − h)) / h`.
pub fn backward_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x) - f(x - h)) / h
}

/// `(f(x + h) − f(x − h)) / (2h)`.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// `Im f(x + ih) / h`: for f real-analytic, f(x + ih) = f(x) + ih f′(x) − h² f″(x)/2 − …,
/// so the imaginary part is h f′(x) up to h³, with no subtraction of nearly equal numbers.
pub fn complex_step(f: impl Fn(Complex64) -> Complex64, x: f64, h: f64) -> f64 {
    f(Complex64::new(x, h)).im / h
}

/// The exact derivative of a parsed formula at x, by forward-mode automatic differentiation
/// (a dual number x + ε, ε² = 0, through the same program [`Expr::eval`] runs).
pub fn derivative_by_ad(expr: &Expr, x: f64) -> f64 {
    expr.eval_generic(Dual64::new(x, 1.0), Dual64::new(0.0, 0.0))
        .eps
}

/// One estimate of f′(x) with a given method, for a parsed formula.
pub fn estimate(expr: &Expr, method: Method, x: f64, h: f64) -> f64 {
    let f = |u: f64| expr.eval(u, 0.0);
    match method {
        Method::Forward => forward_difference(f, x, h),
        Method::Backward => backward_difference(f, x, h),
        Method::Central => central_difference(f, x, h),
        Method::ComplexStep => complex_step(|z| expr.eval_complex(z), x, h),
    }
}

/// The steps h = 10^(−16 + i/per_decade), i = 0 … 16·per_decade: from 10⁻¹⁶ to 1.
pub fn log_spaced_steps(per_decade: usize) -> Vec<f64> {
    let count = 16 * per_decade;
    (0..=count)
        .map(|i| 10f64.powf(-16.0 + i as f64 / per_decade as f64))
        .collect()
}

/// The relative error |estimate − exact| / |exact| (the absolute error where f′ = 0).
pub fn relative_error(estimate: f64, exact: f64) -> f64 {
    let scale = if exact == 0.0 { 1.0 } else { exact.abs() };
    (estimate - exact).abs() / scale
}

/// The step with the smallest finite error (the first one on a tie), and that error.
pub fn best_step(steps: &[f64], errors: &[f64]) -> Option<(f64, f64)> {
    steps
        .iter()
        .zip(errors)
        .filter(|(_, e)| e.is_finite())
        .min_by(|p, q| p.1.total_cmp(q.1))
        .map(|(h, e)| (*h, *e))
}

/// The step whose neighbourhood (the `half_width` steps on either side) has the smallest
/// worst error, and that worst error. In the round-off region single steps can be lucky (the
/// rounding errors of f(x + h) and f(x) happen to cancel), so the plain minimum of a ragged
/// curve is an accident; the smallest envelope is the step one can rely on.
pub fn reliable_best_step(steps: &[f64], errors: &[f64], half_width: usize) -> Option<(f64, f64)> {
    let n = steps.len().min(errors.len());
    (0..n)
        .filter_map(|i| {
            let from = i.saturating_sub(half_width);
            let to = (i + half_width).min(n - 1);
            let worst = errors[from..=to].iter().copied().fold(0.0, |acc: f64, e| {
                if e.is_nan() { f64::NAN } else { acc.max(e) }
            });
            worst.is_finite().then_some((steps[i], worst))
        })
        .min_by(|p, q| p.1.total_cmp(&q.1))
}

/// The least-squares slope of log₁₀ error against log₁₀ h over the steps in
/// `[from, to]` with a positive error: 1 where a forward difference's truncation dominates,
/// 2 for a central one, −1 where round-off dominates. None with fewer than two points.
pub fn fitted_slope(steps: &[f64], errors: &[f64], from: f64, to: f64) -> Option<f64> {
    let points: Vec<(f64, f64)> = steps
        .iter()
        .zip(errors)
        .filter(|(h, e)| **h >= from && **h <= to && **e > 0.0 && e.is_finite())
        .map(|(h, e)| (h.log10(), e.log10()))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let covariance: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let variance: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    (variance > 0.0).then(|| covariance / variance)
}

/// The textbook best step of a forward difference, √ε ≈ 1.5·10⁻⁸ (for |f| ≈ |f″|).
pub fn forward_optimal_step() -> f64 {
    EPSILON.sqrt()
}

/// The textbook best step of a central difference, ∛ε ≈ 6.1·10⁻⁶ (for |f| ≈ |f‴|).
pub fn central_optimal_step() -> f64 {
    EPSILON.cbrt()
}

#[cfg(test)]
mod tests;
