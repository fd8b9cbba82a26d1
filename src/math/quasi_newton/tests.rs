//! Tests of the BFGS port against traces scipy 1.17.1 printed, and of DCSRCH against scipy's
//! own `scipy.optimize._dcsrch.DCSRCH` on one-dimensional functions.
//!
//! The scipy runs (numpy 2.4, scipy 1.17.1):
//! ```python
//! def f(x): return x[0]**2 + x[1]**2 + x[2]**2
//! its = []
//! def cb(intermediate_result): its.append((intermediate_result.x.copy(), intermediate_result.fun))
//! res = minimize(f, np.array([1, 22, 30]), callback=cb)   # and jac=..., options=dict(gtol=...)
//! print(res.x, res.fun, res.jac, res.nit, res.nfev, res.njev, its)
//! ```
//! with f wrapped in a call counter to record nfev at every callback.

use super::*;

/// Asserts |actual − expected| ≤ tolerance·|expected| for each entry.
fn assert_relative(actual: &[f64], expected: &[f64], tolerance: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(
            (a - e).abs() <= tolerance * e.abs(),
            "{what}: {a:e} against scipy's {e:e} (relative {:e})",
            ((a - e) / e).abs()
        );
    }
}

fn run(x0: &[f64], gradient: GradientMode, gtol: f64) -> BfgsRun {
    let options = BfgsOptions {
        gtol,
        ..BfgsOptions::scipy_defaults(x0.len(), gradient)
    };
    minimize_bfgs(&sum_of_squares, &sum_of_squares_gradient, x0, &options)
}

#[test]
fn the_articles_minimize_matches_scipys_trace() {
    let run = run(&[1.0, 22.0, 30.0], GradientMode::ForwardDifference, 1e-5);
    assert_eq!(run.status, BfgsStatus::Converged);
    // scipy: nit 4, nfev 28, njev 7 ("Optimization terminated successfully.").
    assert_eq!(run.iterations(), 4);
    // (x_k, f_k, nfev at the callback) as scipy's callback recorded them.
    let scipy: [([f64; 3], f64, usize); 4] = [
        (
            [0.8643041732376342, 19.01469181122795, 25.929125197129025],
            1034.6250598682466,
            12,
        ),
        (
            [0.5686841887301344, 12.510975229277491, 17.060448739118563],
            447.9068140741988,
            16,
        ),
        (
            [
                -7.452858360457171e-06,
                4.904527716220741e-05,
                -3.288343165763763e-05,
            ],
            3.542304387241305e-09,
            20,
        ),
        (
            [
                2.6005757150361762e-08,
                6.541055760279454e-07,
                9.295827443668039e-07,
            ],
            1.2926544826203326e-12,
            28,
        ),
    ];
    for (k, (x, f, nfev)) in scipy.iter().enumerate() {
        let iterate = &run.iterates[k + 1];
        assert_relative(&iterate.x, x, 1e-9, &format!("x_{}", k + 1));
        assert_relative(&[iterate.f], &[*f], 1e-9, &format!("f_{}", k + 1));
        assert_eq!(iterate.function_evaluations, *nfev, "nfev at k = {}", k + 1);
    }
    let last = run.last();
    assert_eq!(last.function_evaluations, 28);
    assert_eq!(last.gradient_evaluations, 7);
    // res.jac: the forward-difference gradient at the answer, 2x + h.
    assert_relative(
        &last.gradient,
        &[
            6.691267549456949e-08,
            1.323112313249725e-06,
            1.8740666499274554e-06,
        ],
        1e-6,
        "res.jac",
    );
    assert!(last.gradient_norm <= 1e-5);
    // The first line search tried two steps (12 = 4 + 2·4 evaluations), the next two one each.
    let trials: Vec<usize> = run.iterates.iter().map(|i| i.line_search_trials).collect();
    assert_eq!(trials, [0, 2, 1, 1, 2]);
}

#[test]
fn exact_gradient_matches_scipy_with_jac_true() {
    let run = run(&[1.0, 22.0, 30.0], GradientMode::Exact, 1e-5);
    // scipy, jac=True (f returns (f, 2x)): nit 3, nfev 5, njev 5.
    assert_eq!(run.status, BfgsStatus::Converged);
    assert_eq!(run.iterations(), 3);
    assert_eq!(run.last().function_evaluations, 5);
    assert_eq!(run.last().gradient_evaluations, 5);
    assert_relative(
        &run.iterates[1].x,
        &[0.8643041732376342, 19.01469181122795, 25.929125197129025],
        1e-12,
        "x_1",
    );
    assert_relative(
        &run.iterates[2].x,
        &[0.5686813045800281, 12.510988700760624, 17.06043913740085],
        1e-9,
        "x_2",
    );
    // scipy's x_3 = (7.77e-16, −8.88e-15, 3.55e-15): rounding noise of an exact step to 0.
    for v in &run.last().x {
        assert!(v.abs() < 1e-13, "{v:e}");
    }
}

#[test]
fn relative_step_matches_scipy_with_jac_2_point() {
    let run = run(
        &[1.0, 22.0, 30.0],
        GradientMode::RelativeForwardDifference,
        1e-5,
    );
    // scipy, jac='2-point': nit 4, nfev 28, njev 7.
    assert_eq!(run.iterations(), 4);
    assert_eq!(run.last().function_evaluations, 28);
    assert_eq!(run.last().gradient_evaluations, 7);
    assert_relative(
        &run.iterates[1].x,
        &[0.8643041739851267, 19.014691827672788, 25.92912518504457],
        1e-12,
        "x_1",
    );
    assert_relative(
        &run.iterates[2].x,
        &[0.5686842666177827, 12.510987782490487, 17.060439822733187],
        1e-12,
        "x_2",
    );
    // From here the iterates are made of rounding noise: with the relative step h ≈ 12.5·√ε
    // the differenced gradient at x₂ carries ε·f/h ≈ 5·10⁻⁷ of rounding, and x₂ here differs
    // from scipy's in its last bit (BLAS's fused multiply-adds), so x₃ ≈ 10⁻⁵ agrees only to
    // about that noise, 10⁻⁶ (scipy's x₃ = (−7.155e-6, 3.768e-6, −2.119e-6)).
    let scipy_x3 = [
        -7.15545712870469e-06,
        3.7675191713049117e-06,
        -2.1194286041748e-06,
    ];
    for (a, e) in run.iterates[3].x.iter().zip(scipy_x3) {
        assert!((a - e).abs() < 2e-6, "x_3: {a:e} against {e:e}");
    }
    // scipy's answer is (4.52e-9, 9.22e-8, 1.36e-7); both are inside ‖2x + h‖∞ ≤ gtol.
    for v in &run.last().x {
        assert!(v.abs() < 2e-7, "{v:e}");
    }
    assert!(run.last().gradient_norm <= 1e-5);
}

#[test]
fn a_tight_gtol_ends_near_minus_half_the_step() {
    // scipy, options=dict(gtol=1e-8): nit 5, nfev 32, njev 8, x_5 ≈ −h/2 = −7.45e-9 in every
    // coordinate, where the differenced gradient 2x + h vanishes.
    let run = run(&[1.0, 22.0, 30.0], GradientMode::ForwardDifference, 1e-8);
    assert_eq!(run.iterations(), 5);
    assert_eq!(run.last().function_evaluations, 32);
    assert_eq!(run.last().gradient_evaluations, 8);
    assert_relative(
        &run.last().x,
        &[
            -7.463099699277268e-09,
            -7.696492675423149e-09,
            -7.79974629922877e-09,
        ],
        1e-4,
        "x_5",
    );
    for v in &run.last().x {
        assert!(
            (v + SQRT_EPSILON / 2.0).abs() < 0.05 * SQRT_EPSILON,
            "{v:e}"
        );
    }
}

#[test]
fn another_start_and_a_loose_tolerance_match_scipy() {
    // scipy from [-3, 0.5, 7]: nit 3, nfev 16, njev 4.
    let run1 = run(&[-3.0, 0.5, 7.0], GradientMode::ForwardDifference, 1e-5);
    assert_eq!(run1.iterations(), 3);
    assert_eq!(run1.last().function_evaluations, 16);
    assert_relative(
        &run1.iterates[2].x,
        &[-1.7398930635671708, 0.2899823763902992, 4.059749685140314],
        1e-9,
        "x_2",
    );
    assert_relative(
        &run1.last().x,
        &[
            1.1831216268909373e-06,
            -1.3147599501883711e-06,
            2.716023290716407e-07,
        ],
        1e-5,
        "x_3",
    );
    // scipy from [1, 22, 30] with gtol=1e-2: stops after 3 iterations, nfev 20, njev 5.
    let run2 = run(&[1.0, 22.0, 30.0], GradientMode::ForwardDifference, 1e-2);
    assert_eq!(run2.iterations(), 3);
    assert_eq!(run2.last().function_evaluations, 20);
    assert_eq!(run2.last().gradient_evaluations, 5);
}

#[test]
fn the_forward_difference_of_x_squared_at_zero_is_the_step() {
    // ((0 + h)² − 0)/h = h exactly for h = 2⁻²⁶: the bias that stops x at −h/2, not 0.
    let g = forward_difference_gradient(
        &sum_of_squares,
        &[0.0, 0.0, 0.0],
        0.0,
        GradientMode::ForwardDifference,
    );
    assert_eq!(g, vec![SQRT_EPSILON; 3]);
    assert_eq!(SQRT_EPSILON, f64::EPSILON.sqrt());
    // The relative step at x = −1000 is −1000·√ε: the difference is 2x + h = −2000 − 1.49e-5
    // up to rounding of f ≈ 10⁶ (ε·10⁶/h ≈ 1.5·10⁻²).
    let x = [-1000.0];
    let steps = difference_steps(&x, GradientMode::RelativeForwardDifference);
    assert_eq!(steps, vec![-1000.0 * SQRT_EPSILON]);
    let g = forward_difference_gradient(
        &sum_of_squares,
        &x,
        1e6,
        GradientMode::RelativeForwardDifference,
    );
    assert!((g[0] - (-2000.0 + steps[0])).abs() < 0.02, "{}", g[0]);
}

/// Runs DCSRCH from `alpha1` and counts the evaluations.
fn dcsrch(
    phi: impl Fn(f64) -> f64,
    derivative: impl Fn(f64) -> f64,
    curvature: f64,
    alpha1: f64,
) -> (Option<(f64, f64)>, usize) {
    let mut count = 0;
    let mut both = |s: f64| {
        count += 1;
        (phi(s), derivative(s))
    };
    let mut search = Dcsrch::new(1e-4, curvature, 1e-14, 1e-100, 1e100);
    let result = search.run(&mut both, alpha1, phi(0.0), derivative(0.0), 100);
    (result, count)
}

#[test]
fn dcsrch_matches_scipys_on_one_dimensional_functions() {
    // scipy.optimize._dcsrch.DCSRCH(phi, derphi, 1e-4, c2, 1e-14, 1e-100, 1e100)(alpha1, ...)
    // returned these steps, values and numbers of phi calls.
    let (result, count) = dcsrch(|s| (s - 2.0).powi(2), |s| 2.0 * (s - 2.0), 0.9, 1.0);
    assert_eq!((result, count), (Some((1.0, 1.0)), 1));
    let (result, count) = dcsrch(|s| (s - 2.0).powi(2), |s| 2.0 * (s - 2.0), 0.9, 1e-3);
    let (step, value) = result.unwrap();
    assert_relative(
        &[step, value],
        &[0.341, 2.752281],
        1e-14,
        "(s − 2)² from 10⁻³",
    );
    assert_eq!(count, 5);
    let (result, count) = dcsrch(
        |s| s.powi(4) - 8.0 * s,
        |s| 4.0 * s.powi(3) - 8.0,
        0.9,
        10.0,
    );
    let (step, value) = result.unwrap();
    assert_relative(
        &[step, value],
        &[0.6868341654069736, -5.272133591056061],
        1e-13,
        "s⁴ − 8s from 10",
    );
    assert_eq!(count, 3);
    let (result, count) = dcsrch(|s| -s * (-s).exp(), |s| (s - 1.0) * (-s).exp(), 0.01, 0.01);
    let (step, value) = result.unwrap();
    assert_relative(
        &[step, value],
        &[0.9998252053561216, -0.3678794355508463],
        1e-13,
        "−s·e⁻ˢ from 0.01, c2 = 0.01",
    );
    assert_eq!(count, 7);
}

#[test]
fn dcsrch_refuses_an_ascent_direction() {
    let (result, count) = dcsrch(|s| s * s, |s| 2.0 * s + 1.0, 0.9, 1.0);
    assert_eq!((result, count), (None, 0));
}

#[test]
fn the_first_line_search_tries_scipys_steps_and_ends_on_a_wolfe_point() {
    let run = run(&[1.0, 22.0, 30.0], GradientMode::ForwardDifference, 1e-5);
    let search = &run.iterates[1].line_search;
    // scipy's evaluations of f at the two trial points, read back as steps along p = −∇f:
    // α₁ = 1.01/‖∇f‖ = 0.013569582676163578 (f = 1310.8446119736493), then DCSRCH's
    // extrapolation to 5α₁ = 0.06784791338081793 (f = 1034.6250598682466).
    let alphas: Vec<f64> = search.trials.iter().map(|t| t.0).collect();
    assert_relative(
        &alphas,
        &[0.013569582676163578, 0.06784791338081793],
        1e-9,
        "trial steps",
    );
    assert_relative(&[search.trials[0].1], &[1310.8446119736493], 1e-12, "φ(α₁)");
    assert_eq!(search.value_at_zero, 1385.0);
    // The accepted step satisfies both Wolfe conditions with c1 = 10⁻⁴, c2 = 0.9; the first
    // trial only the first (its slope is still too steep).
    let (step, value, slope) = *search.trials.last().unwrap();
    assert_eq!(step, run.iterates[1].step_length);
    assert!(value <= search.value_at_zero + 1e-4 * step * search.slope_at_zero);
    assert!(slope.abs() <= 0.9 * search.slope_at_zero.abs());
    assert!(search.trials[0].2.abs() > 0.9 * search.slope_at_zero.abs());
}

#[test]
fn below_gtol_1e_9_the_run_lands_on_minus_half_the_step() {
    // scipy, options=dict(gtol=1e-10) (and 1e-12): nit 6, nfev 36, njev 9, success, x =
    // (−7.450580614315696e-09, −7.450580598433431e-09, −7.450580595237061e-09): at x = −h/2
    // the forward difference ((x + h)² − x²)/h = ((h/2)² − (h/2)²)/h is exactly 0.
    for gtol in [1e-10, 1e-12] {
        let run = run(&[1.0, 22.0, 30.0], GradientMode::ForwardDifference, gtol);
        assert_eq!(run.status, BfgsStatus::Converged, "gtol {gtol}");
        assert_eq!(run.iterations(), 6);
        assert_eq!(run.last().function_evaluations, 36);
        assert_eq!(run.last().gradient_evaluations, 9);
        for v in &run.last().x {
            assert!((v + SQRT_EPSILON / 2.0).abs() < 1e-16, "{v:e}");
        }
    }
    // With the relative step (jac='2-point') scipy gives up instead: "Desired error not
    // necessarily achieved due to precision loss" after 11 iterations. Its iterates from x₃
    // on are rounding noise (see relative_step_matches_scipy_with_jac_2_point), so the port
    // reaches the same verdict after a different number of noisy iterations (16).
    let run = run(
        &[1.0, 22.0, 30.0],
        GradientMode::RelativeForwardDifference,
        1e-10,
    );
    assert_eq!(run.status, BfgsStatus::LineSearchFailed);
    assert!(run.last().x.iter().all(|v| v.abs() < 1e-9));
}

#[test]
fn failed_searches_count_scipys_fallback_evaluations() {
    // scipy, options=dict(gtol=...): where DCSRCH fails, line_search_wolfe2 is tried and
    // fails too ("Desired error not necessarily achieved due to precision loss"). From
    // [0, 0, 0] with gtol 1e-8 (the differenced gradient is (h, h, h)): nit 0, nfev 416,
    // of which 12 in line_search_wolfe2.
    let run0 = run(&[0.0, 0.0, 0.0], GradientMode::ForwardDifference, 1e-8);
    assert_eq!(run0.status, BfgsStatus::LineSearchFailed);
    assert_eq!((run0.iterations(), run0.function_evaluations), (0, 416));
    // From [0.1, 0, 0] with gtol 1e-8: nit 3, nfev 224; from [-3, 0.5, 7] with gtol 1e-9:
    // nit 5, nfev 192. The failing search runs in rounding noise (x ≈ 10⁻⁹), where the last
    // bits of the iterates decide how many trials DCSRCH makes before it gives up, so the
    // counts agree to a few trials only (4 evaluations each).
    for (x0, gtol, nit, nfev) in [
        ([0.1, 0.0, 0.0], 1e-8, 3, 224),
        ([-3.0, 0.5, 7.0], 1e-9, 5, 192),
    ] {
        let run = run(&x0, GradientMode::ForwardDifference, gtol);
        assert_eq!(run.status, BfgsStatus::LineSearchFailed, "{x0:?}");
        assert_eq!(run.iterations(), nit, "{x0:?}");
        let difference = run.function_evaluations.abs_diff(nfev);
        assert!(
            difference <= 24,
            "{x0:?}: nfev {} against {nfev}",
            run.function_evaluations
        );
    }
}

/// scipy 1.17.1 on a grid of starts, tolerances and gradients: (x0, gtol, jac, success, nit,
/// nfev, njev), printed by
/// ```python
/// for x0 in starts: for gtol in [1e-1, 1e-3, 1e-5, 1e-7]: for jac in [None, '2-point', True]:
///     r = minimize(f if jac is not True else (lambda x: (f(x), 2*x)), np.array(x0, float),
///                  jac=jac, options=dict(gtol=gtol))
///     print(x0, gtol, jac, r.success, r.nit, r.nfev, r.njev)
/// ```
/// ("fd" is jac=None, "rel" jac='2-point', "exact" jac=True).
#[allow(clippy::type_complexity)]
const SCIPY_GRID: &[([f64; 3], f64, &str, bool, usize, usize, usize)] = &[
    ([1.0, 22.0, 30.0], 0.1, "fd", true, 3, 20, 5),
    ([1.0, 22.0, 30.0], 0.1, "rel", true, 3, 20, 5),
    ([1.0, 22.0, 30.0], 0.1, "exact", true, 3, 5, 5),
    ([1.0, 22.0, 30.0], 0.001, "fd", true, 3, 20, 5),
    ([1.0, 22.0, 30.0], 0.001, "rel", true, 3, 20, 5),
    ([1.0, 22.0, 30.0], 0.001, "exact", true, 3, 5, 5),
    ([1.0, 22.0, 30.0], 1e-05, "fd", true, 4, 28, 7),
    ([1.0, 22.0, 30.0], 1e-05, "rel", true, 4, 28, 7),
    ([1.0, 22.0, 30.0], 1e-05, "exact", true, 3, 5, 5),
    ([1.0, 22.0, 30.0], 1e-07, "fd", true, 5, 32, 8),
    ([1.0, 22.0, 30.0], 1e-07, "rel", true, 5, 32, 8),
    ([1.0, 22.0, 30.0], 1e-07, "exact", true, 3, 5, 5),
    ([-3.0, 0.5, 7.0], 0.1, "fd", true, 3, 16, 4),
    ([-3.0, 0.5, 7.0], 0.1, "rel", true, 3, 16, 4),
    ([-3.0, 0.5, 7.0], 0.1, "exact", true, 3, 4, 4),
    ([-3.0, 0.5, 7.0], 0.001, "fd", true, 3, 16, 4),
    ([-3.0, 0.5, 7.0], 0.001, "rel", true, 3, 16, 4),
    ([-3.0, 0.5, 7.0], 0.001, "exact", true, 3, 4, 4),
    ([-3.0, 0.5, 7.0], 1e-05, "fd", true, 3, 16, 4),
    ([-3.0, 0.5, 7.0], 1e-05, "rel", true, 3, 16, 4),
    ([-3.0, 0.5, 7.0], 1e-05, "exact", true, 3, 4, 4),
    ([-3.0, 0.5, 7.0], 1e-07, "fd", true, 5, 28, 7),
    ([-3.0, 0.5, 7.0], 1e-07, "rel", true, 4, 24, 6),
    ([-3.0, 0.5, 7.0], 1e-07, "exact", true, 3, 4, 4),
    ([100.0, -100.0, 100.0], 0.1, "fd", true, 3, 24, 6),
    ([100.0, -100.0, 100.0], 0.1, "rel", true, 3, 24, 6),
    ([100.0, -100.0, 100.0], 0.1, "exact", true, 3, 6, 6),
    ([100.0, -100.0, 100.0], 0.001, "fd", true, 3, 24, 6),
    ([100.0, -100.0, 100.0], 0.001, "rel", true, 3, 24, 6),
    ([100.0, -100.0, 100.0], 0.001, "exact", true, 3, 6, 6),
    ([100.0, -100.0, 100.0], 1e-05, "fd", true, 5, 36, 9),
    ([100.0, -100.0, 100.0], 1e-05, "rel", true, 3, 24, 6),
    ([100.0, -100.0, 100.0], 1e-05, "exact", true, 3, 6, 6),
    ([100.0, -100.0, 100.0], 1e-07, "fd", true, 6, 40, 10),
    ([100.0, -100.0, 100.0], 1e-07, "rel", true, 4, 28, 7),
    ([100.0, -100.0, 100.0], 1e-07, "exact", true, 3, 6, 6),
    ([0.5, 0.5, 0.5], 0.1, "fd", true, 2, 12, 3),
    ([0.5, 0.5, 0.5], 0.1, "rel", true, 2, 12, 3),
    ([0.5, 0.5, 0.5], 0.1, "exact", true, 2, 3, 3),
    ([0.5, 0.5, 0.5], 0.001, "fd", true, 2, 12, 3),
    ([0.5, 0.5, 0.5], 0.001, "rel", true, 2, 12, 3),
    ([0.5, 0.5, 0.5], 0.001, "exact", true, 2, 3, 3),
    ([0.5, 0.5, 0.5], 1e-05, "fd", true, 2, 12, 3),
    ([0.5, 0.5, 0.5], 1e-05, "rel", true, 2, 12, 3),
    ([0.5, 0.5, 0.5], 1e-05, "exact", true, 2, 3, 3),
    ([0.5, 0.5, 0.5], 1e-07, "fd", true, 2, 12, 3),
    ([0.5, 0.5, 0.5], 1e-07, "rel", true, 2, 12, 3),
    ([0.5, 0.5, 0.5], 1e-07, "exact", true, 2, 3, 3),
    ([-50.0, 3.0, 0.0], 0.1, "fd", true, 4, 24, 6),
    ([-50.0, 3.0, 0.0], 0.1, "rel", true, 4, 24, 6),
    ([-50.0, 3.0, 0.0], 0.1, "exact", true, 4, 6, 6),
    ([-50.0, 3.0, 0.0], 0.001, "fd", true, 4, 24, 6),
    ([-50.0, 3.0, 0.0], 0.001, "rel", true, 4, 24, 6),
    ([-50.0, 3.0, 0.0], 0.001, "exact", true, 4, 6, 6),
    ([-50.0, 3.0, 0.0], 1e-05, "fd", true, 5, 32, 8),
    ([-50.0, 3.0, 0.0], 1e-05, "rel", true, 5, 32, 8),
    ([-50.0, 3.0, 0.0], 1e-05, "exact", true, 4, 6, 6),
    ([-50.0, 3.0, 0.0], 1e-07, "fd", true, 6, 36, 9),
    ([-50.0, 3.0, 0.0], 1e-07, "rel", true, 5, 32, 8),
    ([-50.0, 3.0, 0.0], 1e-07, "exact", true, 4, 6, 6),
    ([7.0, -8.0, 9.0], 0.1, "fd", true, 2, 16, 4),
    ([7.0, -8.0, 9.0], 0.1, "rel", true, 2, 16, 4),
    ([7.0, -8.0, 9.0], 0.1, "exact", true, 2, 4, 4),
    ([7.0, -8.0, 9.0], 0.001, "fd", true, 2, 16, 4),
    ([7.0, -8.0, 9.0], 0.001, "rel", true, 2, 16, 4),
    ([7.0, -8.0, 9.0], 0.001, "exact", true, 2, 4, 4),
    ([7.0, -8.0, 9.0], 1e-05, "fd", true, 2, 16, 4),
    ([7.0, -8.0, 9.0], 1e-05, "rel", true, 2, 16, 4),
    ([7.0, -8.0, 9.0], 1e-05, "exact", true, 2, 4, 4),
    ([7.0, -8.0, 9.0], 1e-07, "fd", true, 4, 28, 7),
    ([7.0, -8.0, 9.0], 1e-07, "rel", true, 4, 28, 7),
    ([7.0, -8.0, 9.0], 1e-07, "exact", true, 2, 4, 4),
];

#[test]
fn success_and_counts_match_scipy_on_a_grid() {
    for &(x0, gtol, jac, success, nit, nfev, njev) in SCIPY_GRID {
        let mode = match jac {
            "fd" => GradientMode::ForwardDifference,
            "rel" => GradientMode::RelativeForwardDifference,
            _ => GradientMode::Exact,
        };
        let r = run(&x0, mode, gtol);
        assert_eq!(
            (
                r.status == BfgsStatus::Converged,
                r.iterations(),
                r.function_evaluations,
                r.gradient_evaluations
            ),
            (success, nit, nfev, njev),
            "{x0:?} gtol {gtol} {jac}"
        );
    }
}
