//! `scipy.optimize.minimize(f, x0)` step for step: scipy 1.17's default method for an
//! unconstrained problem, BFGS (`_minimize_bfgs` in `scipy/optimize/_optimize.py`), with its
//! line search (`line_search_wolfe1`, MINPACK-2's DCSRCH by Moré and Thuente, ported from
//! `scipy/optimize/_dcsrch.py`) and its gradient (`approx_derivative`'s forward difference
//! when no `jac` is given).
//!
//! The port follows scipy's arithmetic operation by operation, so its iterates agree with
//! scipy's to the last few bits (scipy's dot products go through BLAS, whose summation order
//! may differ); the tests hold the trace scipy printed. When DCSRCH finds no step, scipy's
//! fallback, `line_search_wolfe2` (its pure-Python strong-Wolfe search), is ported too, and
//! the evaluations are counted as scipy's `ScalarFunction` counts them (it remembers f and the
//! gradient at the last point).

/// √ε = 2⁻²⁶ ≈ 1.49·10⁻⁸: scipy's `_epsilon`, the forward-difference step.
pub const SQRT_EPSILON: f64 = 1.4901161193847656e-8;

/// How BFGS gets the gradient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GradientMode {
    /// `minimize(f, x0)` with no `jac`: forward differences with the absolute step h = √ε in
    /// every coordinate, (f(x + h eᵢ) − f(x))/h. For x², that is 2x + h: off by h ≈ 1.5·10⁻⁸.
    ForwardDifference,
    /// `jac='2-point'`: forward differences with the relative step h = √ε·max(1, |xᵢ|),
    /// signed like xᵢ (+ at 0).
    RelativeForwardDifference,
    /// `jac=True`: the exact gradient, no differencing.
    Exact,
}

/// The settings of a run, named as scipy names them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BfgsOptions {
    /// Stop once ‖∇f‖∞ ≤ gtol (scipy's default 10⁻⁵).
    pub gtol: f64,
    pub gradient: GradientMode,
    /// scipy's `maxiter`, by default 200 per variable.
    pub max_iterations: usize,
}

impl BfgsOptions {
    /// scipy's defaults for `n` variables with the given gradient.
    pub fn scipy_defaults(n: usize, gradient: GradientMode) -> Self {
        Self {
            gtol: 1e-5,
            gradient,
            max_iterations: 200 * n,
        }
    }
}

/// One iterate x_k of a BFGS run and what scipy knows there.
#[derive(Clone, Debug, PartialEq)]
pub struct BfgsIterate {
    pub x: Vec<f64>,
    /// f(x_k), scipy's `res.fun` at the end.
    pub f: f64,
    /// The gradient BFGS uses at x_k (differenced or exact), scipy's `res.jac` at the end.
    pub gradient: Vec<f64>,
    /// ‖gradient‖∞, compared with gtol.
    pub gradient_norm: f64,
    /// Evaluations of f so far, those of the differences included (scipy's `nfev`).
    pub function_evaluations: usize,
    /// Gradient evaluations so far (scipy's `njev`).
    pub gradient_evaluations: usize,
    /// The step length α of the line search that led here (0 for x₀).
    pub step_length: f64,
    /// How many points the line search that led here tried (0 for x₀).
    pub line_search_trials: usize,
    /// That line search along φ(α) = f(x_{k−1} + α p): its direction p and the points it
    /// tried, in order (empty for x₀).
    pub line_search: LineSearchRecord,
}

/// One line search of a BFGS run, enough to redraw it: φ(α) = f(x + α p) from x along p.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineSearchRecord {
    /// The point the search starts from, x_{k−1}.
    pub origin: Vec<f64>,
    /// The search direction p = −H∇f.
    pub direction: Vec<f64>,
    /// φ(0) and φ′(0) = ∇f·p.
    pub value_at_zero: f64,
    pub slope_at_zero: f64,
    /// Each trial: (α, φ(α), φ′(α)) with φ′ from the gradient BFGS uses (for the fallback
    /// search, the points where it asked for the slope).
    pub trials: Vec<(f64, f64, f64)>,
    /// True when DCSRCH failed and scipy's other search (`line_search_wolfe2`) found the step.
    pub used_fallback: bool,
}

/// Why a run stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BfgsStatus {
    /// ‖∇f‖∞ ≤ gtol: scipy's "Optimization terminated successfully."
    Converged,
    /// `maxiter` iterations done.
    MaxIterations,
    /// Neither DCSRCH nor the fallback search found a step satisfying the Wolfe conditions
    /// (scipy: "Desired error not necessarily achieved due to precision loss").
    LineSearchFailed,
    /// f became infinite or NaN.
    NotFinite,
}

/// A whole run: x₀, x₁, …, the last iterate, and why it stopped.
#[derive(Clone, Debug, PartialEq)]
pub struct BfgsRun {
    pub iterates: Vec<BfgsIterate>,
    pub status: BfgsStatus,
    /// scipy's res.nfev and res.njev: every evaluation, those of a last line search that
    /// failed included.
    pub function_evaluations: usize,
    pub gradient_evaluations: usize,
}

impl BfgsRun {
    /// The number of iterations, scipy's `nit`.
    pub fn iterations(&self) -> usize {
        self.iterates.len() - 1
    }

    pub fn last(&self) -> &BfgsIterate {
        &self.iterates[self.iterates.len() - 1]
    }
}

/// The forward-difference steps scipy takes at x: absolute √ε (falling back to the relative
/// step where x + h rounds to x), or relative √ε·max(1, |xᵢ|) with the sign of xᵢ.
pub fn difference_steps(x: &[f64], mode: GradientMode) -> Vec<f64> {
    x.iter()
        .map(|&xi| {
            let sign = if xi >= 0.0 { 1.0 } else { -1.0 };
            let relative = SQRT_EPSILON * sign * xi.abs().max(1.0);
            match mode {
                GradientMode::ForwardDifference if (xi + SQRT_EPSILON) - xi != 0.0 => SQRT_EPSILON,
                _ => relative,
            }
        })
        .collect()
}

/// The forward-difference gradient of f at x given f(x) = `f0`, as `approx_derivative`'s
/// '2-point' computes it: the step actually taken, (xᵢ + h) − xᵢ, divides the difference.
pub fn forward_difference_gradient(
    f: &dyn Fn(&[f64]) -> f64,
    x: &[f64],
    f0: f64,
    mode: GradientMode,
) -> Vec<f64> {
    let steps = difference_steps(x, mode);
    let mut shifted = x.to_vec();
    (0..x.len())
        .map(|i| {
            shifted[i] = x[i] + steps[i];
            let df = f(&shifted) - f0;
            shifted[i] = x[i];
            df / ((x[i] + steps[i]) - x[i])
        })
        .collect()
}

/// f and its gradient with scipy's bookkeeping (`ScalarFunction`): f counts one evaluation,
/// a differenced gradient n more (f at x itself is cached), an exact gradient one `njev`.
/// scipy's `ScalarFunction` remembers one point, with f and the gradient there once
/// computed: asking again at that point costs nothing, moving to another point forgets both.
struct CountedFunction<'a> {
    f: &'a dyn Fn(&[f64]) -> f64,
    exact_gradient: &'a dyn Fn(&[f64]) -> Vec<f64>,
    mode: GradientMode,
    function_evaluations: usize,
    gradient_evaluations: usize,
    /// The remembered point, f there and the gradient there (None until computed).
    point: Vec<f64>,
    value_at_point: Option<f64>,
    gradient_at_point: Option<Vec<f64>>,
}

impl CountedFunction<'_> {
    fn move_to(&mut self, x: &[f64]) {
        if self.point.as_slice() != x {
            self.point = x.to_vec();
            self.value_at_point = None;
            self.gradient_at_point = None;
        }
    }

    /// f(x), counted unless x is the remembered point and f is known there.
    fn value(&mut self, x: &[f64]) -> f64 {
        self.move_to(x);
        if let Some(value) = self.value_at_point {
            return value;
        }
        let value = (self.f)(x);
        self.function_evaluations += 1;
        self.value_at_point = Some(value);
        value
    }

    /// The gradient at x: differenced from f(x) (counted unless known) and n more
    /// evaluations, or exact; nothing when already known at x.
    fn gradient(&mut self, x: &[f64]) -> Vec<f64> {
        self.move_to(x);
        if let Some(gradient) = &self.gradient_at_point {
            return gradient.clone();
        }
        self.gradient_evaluations += 1;
        let gradient = match self.mode {
            GradientMode::Exact => (self.exact_gradient)(x),
            mode => {
                let value = self.value(x);
                self.function_evaluations += x.len();
                forward_difference_gradient(self.f, x, value, mode)
            }
        };
        self.gradient_at_point = Some(gradient.clone());
        gradient
    }

    /// f(x) and the gradient at x.
    fn value_and_gradient(&mut self, x: &[f64]) -> (f64, Vec<f64>) {
        let value = self.value(x);
        (value, self.gradient(x))
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn infinity_norm(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m: f64, x| m.max(x.abs()))
}

/// Minimizes f from x0 the way `scipy.optimize.minimize(f, x0, method='BFGS')` does
/// (`jac` chosen by `options.gradient`; `exact_gradient` is only called in
/// [`GradientMode::Exact`]). Returns every iterate.
pub fn minimize_bfgs(
    f: &dyn Fn(&[f64]) -> f64,
    exact_gradient: &dyn Fn(&[f64]) -> Vec<f64>,
    x0: &[f64],
    options: &BfgsOptions,
) -> BfgsRun {
    let n = x0.len();
    let mut function = CountedFunction {
        f,
        exact_gradient,
        mode: options.gradient,
        function_evaluations: 0,
        gradient_evaluations: 0,
        point: Vec::new(),
        value_at_point: None,
        gradient_at_point: None,
    };
    let (mut old_fval, mut gradient) = function.value_and_gradient(x0);
    let mut x = x0.to_vec();
    // The inverse-Hessian estimate, row-major; scipy starts from the identity.
    let mut inverse_hessian = identity(n);
    // "Sets the initial step guess to dx ~ 1": pretends the previous step decreased f by
    // ‖g‖/2, so the first trial step has length 1.01.
    let mut old_old_fval = old_fval + dot(&gradient, &gradient).sqrt() / 2.0;
    let mut gradient_norm = infinity_norm(&gradient);
    let mut iterates = vec![BfgsIterate {
        x: x.clone(),
        f: old_fval,
        gradient: gradient.clone(),
        gradient_norm,
        function_evaluations: function.function_evaluations,
        gradient_evaluations: function.gradient_evaluations,
        step_length: 0.0,
        line_search_trials: 0,
        line_search: LineSearchRecord::default(),
    }];
    let mut status = BfgsStatus::Converged;
    let mut k = 0;
    while gradient_norm > options.gtol && k < options.max_iterations {
        let direction: Vec<f64> = (0..n)
            .map(|i| -dot(&inverse_hessian[i * n..(i + 1) * n], &gradient))
            .collect();
        let derphi0 = dot(&gradient, &direction);
        let mut new_gradient = gradient.clone();
        let mut trials = Vec::new();
        let search = {
            let x = &x;
            let direction = &direction;
            let mut phi = |s: f64| {
                let point: Vec<f64> = x.iter().zip(direction).map(|(a, p)| a + s * p).collect();
                let (value, g) = function.value_and_gradient(&point);
                let slope = dot(&g, direction);
                new_gradient = g;
                trials.push((s, value, slope));
                (value, slope)
            };
            scalar_search_wolfe1(&mut phi, old_fval, old_old_fval, derphi0)
        };
        // When DCSRCH finds no step scipy tries its other line search, line_search_wolfe2.
        let mut used_fallback = false;
        let (step, new_fval, fallback_gradient) = match search {
            Some((step, value)) => (step, value, None),
            None => {
                used_fallback = true;
                trials.clear();
                let point = |s: f64| -> Vec<f64> {
                    x.iter().zip(&direction).map(|(a, p)| a + s * p).collect()
                };
                let function = std::cell::RefCell::new(&mut function);
                let last_gradient = std::cell::RefCell::new(None::<Vec<f64>>);
                let recorded = std::cell::RefCell::new(Vec::new());
                let mut phi = |s: f64| function.borrow_mut().value(&point(s));
                let mut derphi = |s: f64| {
                    let x_s = point(s);
                    let mut function = function.borrow_mut();
                    let g = function.gradient(&x_s);
                    let slope = dot(&g, &direction);
                    // For the record only: f there is known to scipy (cached), not re-counted.
                    let value = (function.f)(&x_s);
                    recorded.borrow_mut().push((s, value, slope));
                    *last_gradient.borrow_mut() = Some(g);
                    slope
                };
                let result =
                    scalar_search_wolfe2(&mut phi, &mut derphi, old_fval, old_old_fval, derphi0);
                trials = recorded.into_inner();
                match result {
                    Some((step, value, slope_known)) => {
                        let g = if slope_known {
                            last_gradient.into_inner()
                        } else {
                            None
                        };
                        (step, value, Some(g))
                    }
                    None => {
                        status = BfgsStatus::LineSearchFailed;
                        break;
                    }
                }
            }
        };
        if let Some(g) = fallback_gradient {
            // scipy recomputes the gradient at the new point when the search did not leave
            // one there.
            new_gradient = match g {
                Some(g) => g,
                None => {
                    let x_new: Vec<f64> = x
                        .iter()
                        .zip(&direction)
                        .map(|(a, p)| a + step * p)
                        .collect();
                    function.gradient(&x_new)
                }
            };
        }
        let line_search = LineSearchRecord {
            origin: x.clone(),
            direction: direction.clone(),
            value_at_zero: old_fval,
            slope_at_zero: derphi0,
            trials,
            used_fallback,
        };
        old_old_fval = old_fval;
        old_fval = new_fval;
        let s: Vec<f64> = direction.iter().map(|p| step * p).collect();
        x = x.iter().zip(&s).map(|(a, b)| a + b).collect();
        let y: Vec<f64> = new_gradient
            .iter()
            .zip(&gradient)
            .map(|(a, b)| a - b)
            .collect();
        gradient = new_gradient;
        k += 1;
        gradient_norm = infinity_norm(&gradient);
        iterates.push(BfgsIterate {
            x: x.clone(),
            f: old_fval,
            gradient: gradient.clone(),
            gradient_norm,
            function_evaluations: function.function_evaluations,
            gradient_evaluations: function.gradient_evaluations,
            step_length: step,
            line_search_trials: line_search.trials.len(),
            line_search,
        });
        if gradient_norm <= options.gtol {
            break;
        }
        // scipy's xrtol test with its default xrtol = 0: only a zero step stops here.
        if step * dot(&direction, &direction).sqrt() <= 0.0 {
            break;
        }
        if !old_fval.is_finite() {
            status = BfgsStatus::NotFinite;
            break;
        }
        let rho_inverse = dot(&y, &s);
        let rho = if rho_inverse == 0.0 {
            1000.0
        } else {
            1.0 / rho_inverse
        };
        inverse_hessian = bfgs_update(&inverse_hessian, &s, &y, rho);
    }
    if status == BfgsStatus::Converged
        && k >= options.max_iterations
        && gradient_norm > options.gtol
    {
        status = BfgsStatus::MaxIterations;
    }
    if status == BfgsStatus::Converged && !old_fval.is_finite() {
        status = BfgsStatus::NotFinite;
    }
    BfgsRun {
        iterates,
        status,
        function_evaluations: function.function_evaluations,
        gradient_evaluations: function.gradient_evaluations,
    }
}

fn identity(n: usize) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    for i in 0..n {
        m[i * n + i] = 1.0;
    }
    m
}

/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, in scipy's order: A1·(H·A2) + ρ s sᵀ.
pub fn bfgs_update(h: &[f64], s: &[f64], y: &[f64], rho: f64) -> Vec<f64> {
    let n = s.len();
    let delta = |i: usize, j: usize| if i == j { 1.0 } else { 0.0 };
    let a1: Vec<f64> = (0..n * n)
        .map(|ij| delta(ij / n, ij % n) - s[ij / n] * y[ij % n] * rho)
        .collect();
    let a2: Vec<f64> = (0..n * n)
        .map(|ij| delta(ij / n, ij % n) - y[ij / n] * s[ij % n] * rho)
        .collect();
    let product = |a: &[f64], b: &[f64]| -> Vec<f64> {
        (0..n * n)
            .map(|ij| {
                (0..n)
                    .map(|k| a[(ij / n) * n + k] * b[k * n + ij % n])
                    .sum()
            })
            .collect()
    };
    let h_a2 = product(h, &a2);
    product(&a1, &h_a2)
        .into_iter()
        .enumerate()
        .map(|(ij, v)| v + rho * s[ij / n] * s[ij % n])
        .collect()
}

/// `scalar_search_wolfe1`: the first trial step from the previous decrease, then DCSRCH
/// with scipy's BFGS settings (c1 = 10⁻⁴, c2 = 0.9, xtol = 10⁻¹⁴, steps in [10⁻¹⁰⁰, 10¹⁰⁰]).
/// `phi(s)` returns f and its slope along the direction at step s. Returns the step and f
/// there, or None when no step satisfies the strong Wolfe conditions.
pub fn scalar_search_wolfe1(
    phi: &mut dyn FnMut(f64) -> (f64, f64),
    phi0: f64,
    old_phi0: f64,
    derphi0: f64,
) -> Option<(f64, f64)> {
    let mut alpha1 = 1.0;
    if derphi0 != 0.0 {
        let guess = 1.01 * 2.0 * (phi0 - old_phi0) / derphi0;
        // Python's min(1.0, guess) keeps 1.0 when guess is NaN.
        if guess < 1.0 {
            alpha1 = guess;
        }
        if alpha1 < 0.0 {
            alpha1 = 1.0;
        }
    }
    let mut search = Dcsrch::new(1e-4, 0.9, 1e-14, 1e-100, 1e100);
    search.run(phi, alpha1, phi0, derphi0, 100)
}

/// `scalar_search_wolfe2` (scipy's pure-Python strong-Wolfe search, Nocedal & Wright's
/// Algorithm 3.5 with `_zoom`), as `line_search_wolfe2` runs it for BFGS: c1 = 10⁻⁴,
/// c2 = 0.9, amax = 10¹⁰⁰, at most 10 doublings. `phi` and `derphi` are separate because
/// scipy asks for the slope only where it needs it. Returns the step, f there and whether the
/// slope there was computed; None when it failed.
pub fn scalar_search_wolfe2(
    phi: &mut dyn FnMut(f64) -> f64,
    derphi: &mut dyn FnMut(f64) -> f64,
    phi0: f64,
    old_phi0: f64,
    derphi0: f64,
) -> Option<(f64, f64, bool)> {
    const C1: f64 = 1e-4;
    const C2: f64 = 0.9;
    const AMAX: f64 = 1e100;
    let mut alpha0 = 0.0;
    let mut alpha1 = 1.0;
    if derphi0 != 0.0 {
        let guess = 1.01 * 2.0 * (phi0 - old_phi0) / derphi0;
        if guess < 1.0 {
            alpha1 = guess;
        }
    }
    if alpha1 < 0.0 {
        alpha1 = 1.0;
    }
    alpha1 = alpha1.min(AMAX);
    let mut phi_a1 = phi(alpha1);
    let mut phi_a0 = phi0;
    let mut derphi_a0 = derphi0;
    for i in 0..10 {
        if alpha1 == 0.0 || alpha0 > AMAX {
            return None;
        }
        if phi_a1 > phi0 + C1 * alpha1 * derphi0 || (phi_a1 >= phi_a0 && i > 0) {
            return zoom(
                [alpha0, alpha1],
                [phi_a0, phi_a1],
                derphi_a0,
                phi,
                derphi,
                phi0,
                derphi0,
            )
            .map(|(a, v)| (a, v, true));
        }
        let derphi_a1 = derphi(alpha1);
        if derphi_a1.abs() <= -C2 * derphi0 {
            return Some((alpha1, phi_a1, true));
        }
        if derphi_a1 >= 0.0 {
            return zoom(
                [alpha1, alpha0],
                [phi_a1, phi_a0],
                derphi_a1,
                phi,
                derphi,
                phi0,
                derphi0,
            )
            .map(|(a, v)| (a, v, true));
        }
        let alpha2 = (2.0 * alpha1).min(AMAX);
        alpha0 = alpha1;
        alpha1 = alpha2;
        phi_a0 = phi_a1;
        phi_a1 = phi(alpha1);
        derphi_a0 = derphi_a1;
    }
    // Out of doublings: scipy warns and still returns the last step, without its slope.
    Some((alpha1, phi_a1, false))
}

/// scipy's `_zoom`: shrinks [a_lo, a_hi] by cubic, then quadratic interpolation, then
/// bisection, until a point satisfies the strong Wolfe conditions (at most 11 tries).
fn zoom(
    [mut a_lo, mut a_hi]: [f64; 2],
    [mut phi_lo, mut phi_hi]: [f64; 2],
    mut derphi_lo: f64,
    phi: &mut dyn FnMut(f64) -> f64,
    derphi: &mut dyn FnMut(f64) -> f64,
    phi0: f64,
    derphi0: f64,
) -> Option<(f64, f64)> {
    const C1: f64 = 1e-4;
    const C2: f64 = 0.9;
    const DELTA1: f64 = 0.2;
    const DELTA2: f64 = 0.1;
    let mut phi_rec = phi0;
    let mut a_rec = 0.0;
    let mut a_j: Option<f64> = None;
    for i in 0..=10 {
        let dalpha = a_hi - a_lo;
        let (a, b) = if dalpha < 0.0 {
            (a_hi, a_lo)
        } else {
            (a_lo, a_hi)
        };
        let mut cchk = 0.0;
        if i > 0 {
            cchk = DELTA1 * dalpha;
            a_j = cubic_minimizer(a_lo, phi_lo, derphi_lo, a_hi, phi_hi, a_rec, phi_rec);
        }
        let outside = |v: Option<f64>, margin: f64| match v {
            None => true,
            Some(v) => v > b - margin || v < a + margin,
        };
        if i == 0 || outside(a_j, cchk) {
            let qchk = DELTA2 * dalpha;
            a_j = quadratic_minimizer(a_lo, phi_lo, derphi_lo, a_hi, phi_hi);
            if outside(a_j, qchk) {
                a_j = Some(a_lo + 0.5 * dalpha);
            }
        }
        let alpha = a_j.unwrap_or(a_lo + 0.5 * dalpha);
        let phi_aj = phi(alpha);
        if phi_aj > phi0 + C1 * alpha * derphi0 || phi_aj >= phi_lo {
            phi_rec = phi_hi;
            a_rec = a_hi;
            a_hi = alpha;
            phi_hi = phi_aj;
        } else {
            let derphi_aj = derphi(alpha);
            if derphi_aj.abs() <= -C2 * derphi0 {
                return Some((alpha, phi_aj));
            }
            if derphi_aj * (a_hi - a_lo) >= 0.0 {
                phi_rec = phi_hi;
                a_rec = a_hi;
                a_hi = a_lo;
                phi_hi = phi_lo;
            } else {
                phi_rec = phi_lo;
                a_rec = a_lo;
            }
            a_lo = alpha;
            phi_lo = phi_aj;
            derphi_lo = derphi_aj;
        }
    }
    None
}

/// `_cubicmin`: the minimizer of the cubic through (a, fa) with slope fpa, (b, fb) and
/// (c, fc); None where numpy would raise (a division by zero, an overflow, a negative
/// radical) or the result is not finite.
fn cubic_minimizer(a: f64, fa: f64, fpa: f64, b: f64, fb: f64, c: f64, fc: f64) -> Option<f64> {
    let db = b - a;
    let dc = c - a;
    let denom = (db * dc).powi(2) * (db - dc);
    let u = fb - fa - fpa * db;
    let v = fc - fa - fpa * dc;
    let big_a = dc * dc * u + -(db * db) * v;
    let big_b = -(dc * dc * dc) * u + db * db * db * v;
    if denom == 0.0 {
        return None;
    }
    let (big_a, big_b) = (big_a / denom, big_b / denom);
    let radical = big_b * big_b - 3.0 * big_a * fpa;
    if radical < 0.0 || big_a == 0.0 {
        return None;
    }
    let xmin = a + (-big_b + radical.sqrt()) / (3.0 * big_a);
    xmin.is_finite().then_some(xmin)
}

/// `_quadmin`: the minimizer of the parabola through (a, fa) with slope fpa and (b, fb).
fn quadratic_minimizer(a: f64, fa: f64, fpa: f64, b: f64, fb: f64) -> Option<f64> {
    let db = b - a;
    if db == 0.0 {
        return None;
    }
    let big_b = (fb - fa - fpa * db) / (db * db);
    if big_b == 0.0 {
        return None;
    }
    let xmin = a - fpa / (2.0 * big_b);
    xmin.is_finite().then_some(xmin)
}

/// What DCSRCH asks for or reports (its `task`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    Start,
    /// Evaluate f and f′ at the returned step and call again.
    EvaluateFunctionAndGradient,
    Convergence,
    Warning(&'static str),
    Error(&'static str),
}

/// MINPACK-2's DCSRCH (Moré and Thuente): a step satisfying the sufficient-decrease and
/// curvature conditions, found by safeguarded cubic and quadratic interpolation inside an
/// interval [stx, sty] that shrinks around a minimizer. Field names are the Fortran's.
#[derive(Clone, Debug)]
pub struct Dcsrch {
    ftol: f64,
    gtol: f64,
    xtol: f64,
    stpmin: f64,
    stpmax: f64,
    brackt: bool,
    stage: u8,
    ginit: f64,
    gtest: f64,
    gx: f64,
    gy: f64,
    finit: f64,
    fx: f64,
    fy: f64,
    stx: f64,
    sty: f64,
    stmin: f64,
    stmax: f64,
    width: f64,
    width1: f64,
}

impl Dcsrch {
    pub fn new(ftol: f64, gtol: f64, xtol: f64, stpmin: f64, stpmax: f64) -> Self {
        Self {
            ftol,
            gtol,
            xtol,
            stpmin,
            stpmax,
            brackt: false,
            stage: 1,
            ginit: 0.0,
            gtest: 0.0,
            gx: 0.0,
            gy: 0.0,
            finit: 0.0,
            fx: 0.0,
            fy: 0.0,
            stx: 0.0,
            sty: 0.0,
            stmin: 0.0,
            stmax: 0.0,
            width: 0.0,
            width1: 0.0,
        }
    }

    /// scipy's `DCSRCH.__call__`: iterates from the trial step `alpha1` until convergence
    /// (Some((step, f at step))) or a warning, an error or `max_iterations` (None).
    pub fn run(
        &mut self,
        phi: &mut dyn FnMut(f64) -> (f64, f64),
        mut alpha1: f64,
        phi0: f64,
        derphi0: f64,
        max_iterations: usize,
    ) -> Option<(f64, f64)> {
        let (mut phi1, mut derphi1) = (phi0, derphi0);
        let mut task = Task::Start;
        let mut stp = alpha1;
        let mut finished = false;
        for _ in 0..max_iterations {
            let (next, next_task) = self.iterate(alpha1, phi1, derphi1, task);
            stp = next;
            task = next_task;
            if !stp.is_finite() {
                return None;
            }
            if task == Task::EvaluateFunctionAndGradient {
                alpha1 = stp;
                (phi1, derphi1) = phi(stp);
            } else {
                finished = true;
                break;
            }
        }
        (finished && task == Task::Convergence).then_some((stp, phi1))
    }

    /// One call of the Fortran subroutine: takes f and g at `stp` (at 0 on `Start`) and
    /// returns the next step to evaluate, or the verdict.
    pub fn iterate(&mut self, mut stp: f64, f: f64, g: f64, task: Task) -> (f64, Task) {
        const P5: f64 = 0.5;
        const P66: f64 = 0.66;
        const XTRAPL: f64 = 1.1;
        const XTRAPU: f64 = 4.0;
        if task == Task::Start {
            let mut task = Task::Start;
            if stp < self.stpmin {
                task = Task::Error("STP .LT. STPMIN");
            }
            if stp > self.stpmax {
                task = Task::Error("STP .GT. STPMAX");
            }
            if g >= 0.0 {
                task = Task::Error("INITIAL G .GE. ZERO");
            }
            if self.ftol < 0.0 {
                task = Task::Error("FTOL .LT. ZERO");
            }
            if self.gtol < 0.0 {
                task = Task::Error("GTOL .LT. ZERO");
            }
            if self.xtol < 0.0 {
                task = Task::Error("XTOL .LT. ZERO");
            }
            if self.stpmin < 0.0 {
                task = Task::Error("STPMIN .LT. ZERO");
            }
            if self.stpmax < self.stpmin {
                task = Task::Error("STPMAX .LT. STPMIN");
            }
            if matches!(task, Task::Error(_)) {
                return (stp, task);
            }
            self.brackt = false;
            self.stage = 1;
            self.finit = f;
            self.ginit = g;
            self.gtest = self.ftol * self.ginit;
            self.width = self.stpmax - self.stpmin;
            self.width1 = self.width / P5;
            self.stx = 0.0;
            self.fx = self.finit;
            self.gx = self.ginit;
            self.sty = 0.0;
            self.fy = self.finit;
            self.gy = self.ginit;
            self.stmin = 0.0;
            self.stmax = stp + XTRAPU * stp;
            return (stp, Task::EvaluateFunctionAndGradient);
        }
        let ftest = self.finit + stp * self.gtest;
        if self.stage == 1 && f <= ftest && g >= 0.0 {
            self.stage = 2;
        }
        let mut verdict = None;
        if self.brackt && (stp <= self.stmin || stp >= self.stmax) {
            verdict = Some(Task::Warning("ROUNDING ERRORS PREVENT PROGRESS"));
        }
        if self.brackt && self.stmax - self.stmin <= self.xtol * self.stmax {
            verdict = Some(Task::Warning("XTOL TEST SATISFIED"));
        }
        if stp == self.stpmax && f <= ftest && g <= self.gtest {
            verdict = Some(Task::Warning("STP = STPMAX"));
        }
        if stp == self.stpmin && (f > ftest || g >= self.gtest) {
            verdict = Some(Task::Warning("STP = STPMIN"));
        }
        if f <= ftest && g.abs() <= self.gtol * -self.ginit {
            verdict = Some(Task::Convergence);
        }
        if let Some(verdict) = verdict {
            return (stp, verdict);
        }
        // Until a step with sufficient decrease and a non-negative slope is seen, interpolate
        // the modified function ψ(stp) = f(stp) − f(0) − ftol·stp·f′(0) instead of f.
        if self.stage == 1 && f <= self.fx && f > ftest {
            let fm = f - stp * self.gtest;
            let fxm = self.fx - self.stx * self.gtest;
            let fym = self.fy - self.sty * self.gtest;
            let gm = g - self.gtest;
            let gxm = self.gx - self.gtest;
            let gym = self.gy - self.gtest;
            let step = dcstep(
                Bracket {
                    stx: self.stx,
                    fx: fxm,
                    dx: gxm,
                    sty: self.sty,
                    fy: fym,
                    dy: gym,
                },
                stp,
                fm,
                gm,
                self.brackt,
                self.stmin,
                self.stmax,
            );
            self.stx = step.bracket.stx;
            self.sty = step.bracket.sty;
            stp = step.stp;
            self.brackt = step.brackt;
            self.fx = step.bracket.fx + self.stx * self.gtest;
            self.fy = step.bracket.fy + self.sty * self.gtest;
            self.gx = step.bracket.dx + self.gtest;
            self.gy = step.bracket.dy + self.gtest;
        } else {
            let step = dcstep(
                Bracket {
                    stx: self.stx,
                    fx: self.fx,
                    dx: self.gx,
                    sty: self.sty,
                    fy: self.fy,
                    dy: self.gy,
                },
                stp,
                f,
                g,
                self.brackt,
                self.stmin,
                self.stmax,
            );
            self.stx = step.bracket.stx;
            self.fx = step.bracket.fx;
            self.gx = step.bracket.dx;
            self.sty = step.bracket.sty;
            self.fy = step.bracket.fy;
            self.gy = step.bracket.dy;
            stp = step.stp;
            self.brackt = step.brackt;
        }
        // Bisect when the interval did not shrink enough over two steps.
        if self.brackt {
            if (self.sty - self.stx).abs() >= P66 * self.width1 {
                stp = self.stx + P5 * (self.sty - self.stx);
            }
            self.width1 = self.width;
            self.width = (self.sty - self.stx).abs();
        }
        if self.brackt {
            self.stmin = self.stx.min(self.sty);
            self.stmax = self.stx.max(self.sty);
        } else {
            self.stmin = stp + XTRAPL * (stp - self.stx);
            self.stmax = stp + XTRAPU * (stp - self.stx);
        }
        stp = numpy_clip(stp, self.stpmin, self.stpmax);
        if self.brackt
            && (stp <= self.stmin
                || stp >= self.stmax
                || self.stmax - self.stmin <= self.xtol * self.stmax)
        {
            stp = self.stx;
        }
        (stp, Task::EvaluateFunctionAndGradient)
    }
}

/// `np.clip(a, low, high)`: `minimum(maximum(a, low), high)`, NaN staying NaN.
fn numpy_clip(a: f64, low: f64, high: f64) -> f64 {
    if a.is_nan() { a } else { a.max(low).min(high) }
}

/// `np.sign`: −1, 0 or 1 (NaN for NaN).
fn numpy_sign(a: f64) -> f64 {
    if a > 0.0 {
        1.0
    } else if a < 0.0 {
        -1.0
    } else {
        a
    }
}

/// The interval DCSRCH keeps: stx has the least f so far, sty the other end, each with f
/// and the derivative.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bracket {
    stx: f64,
    fx: f64,
    dx: f64,
    sty: f64,
    fy: f64,
    dy: f64,
}

struct DcstepResult {
    bracket: Bracket,
    stp: f64,
    brackt: bool,
}

/// MINPACK-2's DCSTEP: the next trial step from a cubic or quadratic model through the best
/// step and the current one, safeguarded, and the updated interval. Four cases, as in the
/// Fortran: a higher f (the minimizer is bracketed), slopes of opposite sign (bracketed),
/// the same sign with a smaller slope magnitude, and the same sign with a larger one.
fn dcstep(
    bracket: Bracket,
    stp: f64,
    fp: f64,
    dp: f64,
    mut brackt: bool,
    stpmin: f64,
    stpmax: f64,
) -> DcstepResult {
    let Bracket {
        mut stx,
        mut fx,
        mut dx,
        mut sty,
        mut fy,
        mut dy,
    } = bracket;
    let sgnd = numpy_sign(dp) * numpy_sign(dx);
    let stpf;
    if fp > fx {
        let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
        let s = theta.abs().max(dx.abs()).max(dp.abs());
        let mut gamma = s * ((theta / s).powi(2) - (dx / s) * (dp / s)).sqrt();
        if stp < stx {
            gamma = -gamma;
        }
        let p = (gamma - dx) + theta;
        let q = ((gamma - dx) + gamma) + dp;
        let r = p / q;
        let stpc = stx + r * (stp - stx);
        let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx);
        stpf = if (stpc - stx).abs() <= (stpq - stx).abs() {
            stpc
        } else {
            stpc + (stpq - stpc) / 2.0
        };
        brackt = true;
    } else if sgnd < 0.0 {
        let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
        let s = theta.abs().max(dx.abs()).max(dp.abs());
        let mut gamma = s * ((theta / s).powi(2) - (dx / s) * (dp / s)).sqrt();
        if stp > stx {
            gamma = -gamma;
        }
        let p = (gamma - dp) + theta;
        let q = ((gamma - dp) + gamma) + dx;
        let r = p / q;
        let stpc = stp + r * (stx - stp);
        let stpq = stp + (dp / (dp - dx)) * (stx - stp);
        stpf = if (stpc - stp).abs() > (stpq - stp).abs() {
            stpc
        } else {
            stpq
        };
        brackt = true;
    } else if dp.abs() < dx.abs() {
        let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
        let s = theta.abs().max(dx.abs()).max(dp.abs());
        let mut gamma = s * ((theta / s).powi(2) - (dx / s) * (dp / s)).max(0.0).sqrt();
        if stp > stx {
            gamma = -gamma;
        }
        let p = (gamma - dp) + theta;
        let q = (gamma + (dx - dp)) + gamma;
        let r = p / q;
        let stpc = if r < 0.0 && gamma != 0.0 {
            stp + r * (stx - stp)
        } else if stp > stx {
            stpmax
        } else {
            stpmin
        };
        let stpq = stp + (dp / (dp - dx)) * (stx - stp);
        stpf = if brackt {
            let nearer = if (stpc - stp).abs() < (stpq - stp).abs() {
                stpc
            } else {
                stpq
            };
            if stp > stx {
                (stp + 0.66 * (sty - stp)).min(nearer)
            } else {
                (stp + 0.66 * (sty - stp)).max(nearer)
            }
        } else {
            let farther = if (stpc - stp).abs() > (stpq - stp).abs() {
                stpc
            } else {
                stpq
            };
            numpy_clip(farther, stpmin, stpmax)
        };
    } else if brackt {
        let theta = 3.0 * (fp - fy) / (sty - stp) + dy + dp;
        let s = theta.abs().max(dy.abs()).max(dp.abs());
        let mut gamma = s * ((theta / s).powi(2) - (dy / s) * (dp / s)).sqrt();
        if stp > sty {
            gamma = -gamma;
        }
        let p = (gamma - dp) + theta;
        let q = ((gamma - dp) + gamma) + dy;
        let r = p / q;
        stpf = stp + r * (sty - stp);
    } else if stp > stx {
        stpf = stpmax;
    } else {
        stpf = stpmin;
    }
    if fp > fx {
        sty = stp;
        fy = fp;
        dy = dp;
    } else {
        if sgnd < 0.0 {
            sty = stx;
            fy = fx;
            dy = dx;
        }
        stx = stp;
        fx = fp;
        dx = dp;
    }
    DcstepResult {
        bracket: Bracket {
            stx,
            fx,
            dx,
            sty,
            fy,
            dy,
        },
        stp: stpf,
        brackt,
    }
}

/// The article's function, f(x, y, z) = x² + y² + z², written as Python evaluates
/// `x[0]**2 + x[1]**2 + x[2]**2` (left to right).
pub fn sum_of_squares(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |sum, v| sum + v * v)
}

/// Its exact gradient 2x.
pub fn sum_of_squares_gradient(x: &[f64]) -> Vec<f64> {
    x.iter().map(|v| 2.0 * v).collect()
}

#[cfg(test)]
mod tests;
