//! Tests of the numerical derivatives: exact derivatives against closed forms, the shape of
//! the error curves (slopes 1 and 2, minima near √ε and ∛ε) and the complex step's accuracy.

use super::*;

fn parsed(source: &str) -> Expr {
    Expr::parse_in_x(source).unwrap_or_else(|e| panic!("{source}: {e}"))
}

/// A formula and its closed-form derivative.
type ClosedForm = (&'static str, fn(f64) -> f64);

/// (formula, closed-form derivative) pairs, checked at several points.
fn closed_forms() -> Vec<ClosedForm> {
    vec![
        ("sin(x)", |x| x.cos()),
        ("exp(x)", |x| x.exp()),
        ("x^3 - 2*x", |x| 3.0 * x * x - 2.0),
        // σ′ = e⁻ˣ/(1 + e⁻ˣ)², written without the cancellation of σ(1 − σ).
        ("1/(1 + exp(-x))", |x| {
            (-x).exp() / (1.0 + (-x).exp()).powi(2)
        }),
        ("log(x)", |x| 1.0 / x),
        ("sqrt(x)", |x| 0.5 / x.sqrt()),
        // 1/cosh² rather than 1 − tanh², which cancels for large x.
        ("tanh(x)", |x| 1.0 / x.cosh().powi(2)),
        ("x^2*sin(x)", |x| 2.0 * x * x.sin() + x * x * x.cos()),
        ("abs(x)", |x| x.signum()),
    ]
}

#[test]
fn automatic_differentiation_matches_closed_forms() {
    for (source, derivative) in closed_forms() {
        let expr = parsed(source);
        for x in [0.3, 1.0, 2.5] {
            let exact = derivative(x);
            let ad = derivative_by_ad(&expr, x);
            assert!(
                relative_error(ad, exact) <= 1e-12,
                "{source} at {x}: {ad} vs {exact}"
            );
        }
    }
}

#[test]
fn complex_step_is_accurate_to_the_last_digits_at_any_small_h() {
    for (source, derivative) in closed_forms() {
        let expr = parsed(source);
        for x in [0.3, 1.0, 2.5] {
            let exact = derivative(x);
            for h in [1e-8, 1e-12, 1e-16, 1e-20] {
                let estimate = estimate(&expr, Method::ComplexStep, x, h);
                assert!(
                    relative_error(estimate, exact) <= 8.0 * EPSILON,
                    "{source} at {x}, h = {h}: {estimate} vs {exact}"
                );
            }
        }
    }
}

#[test]
fn differences_have_the_textbook_values_for_a_quadratic() {
    // f = x²: forward (x+h)² − x² over h = 2x + h, central is exactly 2x (in exact arithmetic;
    // with x = 1 and h = 0.5 every operation is exact in f64).
    let f = |x: f64| x * x;
    assert_eq!(forward_difference(f, 1.0, 0.5), 2.5);
    assert_eq!(backward_difference(f, 1.0, 0.5), 1.5);
    assert_eq!(central_difference(f, 1.0, 0.5), 2.0);
}

fn error_curve(expr: &Expr, method: Method, x: f64, exact: f64) -> (Vec<f64>, Vec<f64>) {
    let steps = log_spaced_steps(20);
    let errors = steps
        .iter()
        .map(|&h| relative_error(estimate(expr, method, x, h), exact))
        .collect();
    (steps, errors)
}

#[test]
fn error_minima_lie_near_the_square_and_cube_roots_of_epsilon() {
    for (source, derivative) in closed_forms().into_iter().take(4) {
        let expr = parsed(source);
        let x = 1.0;
        let exact = derivative(x);
        let (steps, errors) = error_curve(&expr, Method::Forward, x, exact);
        let (h, _) = reliable_best_step(&steps, &errors, 2).unwrap();
        let ratio = h / forward_optimal_step();
        assert!(
            (0.1..=10.0).contains(&ratio),
            "{source}: forward best h {h}"
        );
        let (steps, errors) = error_curve(&expr, Method::Central, x, exact);
        let (h, _) = reliable_best_step(&steps, &errors, 2).unwrap();
        let ratio = h / central_optimal_step();
        assert!(
            (0.1..=10.0).contains(&ratio),
            "{source}: central best h {h}"
        );
    }
}

#[test]
fn truncation_slopes_are_one_and_two_and_round_off_slope_is_minus_one() {
    for (source, derivative) in closed_forms().into_iter().take(4) {
        let expr = parsed(source);
        let x = 1.0;
        let exact = derivative(x);
        let (steps, errors) = error_curve(&expr, Method::Forward, x, exact);
        let slope = fitted_slope(&steps, &errors, 1e-5, 1e-2).unwrap();
        assert!(
            (slope - 1.0).abs() <= 0.1,
            "{source}: forward slope {slope}"
        );
        let (steps, errors) = error_curve(&expr, Method::Central, x, exact);
        let slope = fitted_slope(&steps, &errors, 1e-3, 1e-1).unwrap();
        assert!(
            (slope - 2.0).abs() <= 0.1,
            "{source}: central slope {slope}"
        );
    }
    // Round-off: for exp at 1 the forward error between 10⁻¹⁵ and 10⁻¹¹ grows like ε/h; the
    // points scatter (each is a rounding accident), so only the trend is checked.
    let expr = parsed("exp(x)");
    let (steps, errors) = error_curve(&expr, Method::Forward, 1.0, 1f64.exp());
    let slope = fitted_slope(&steps, &errors, 1e-15, 1e-11).unwrap();
    assert!((slope + 1.0).abs() <= 0.3, "round-off slope {slope}");
}

#[test]
fn optimal_steps_are_the_roots_of_epsilon() {
    // √(2⁻⁵²) = 2⁻²⁶ exactly; ∛(2⁻⁵²) = 6.0554544523933395e-6 (numpy.cbrt(np.finfo(float).eps)).
    assert_eq!(forward_optimal_step(), 2f64.powi(-26));
    assert!((central_optimal_step() - 6.055_454_452_393_339_5e-6).abs() < 1e-20);
}

#[test]
fn log_spaced_steps_run_from_1e_minus_16_to_1() {
    let steps = log_spaced_steps(4);
    assert_eq!(steps.len(), 65);
    assert_eq!(steps[0], 1e-16);
    assert_eq!(steps[64], 1.0);
}

#[test]
fn complex_evaluation_runs_the_same_formula() {
    // (1 + 2i)² = −3 + 4i; |−1 + 2i| follows the sign of the real part: 1 − 2i.
    let z = Complex64::new(1.0, 2.0);
    assert_eq!(parsed("x^2").eval_complex(z), Complex64::new(-3.0, 4.0));
    assert_eq!(
        parsed("abs(x)").eval_complex(Complex64::new(-1.0, 2.0)),
        Complex64::new(1.0, -2.0)
    );
    // exp(iπ) = −1 (to rounding), through a variable exponent e^x.
    let w = parsed("e^x").eval_complex(Complex64::new(0.0, std::f64::consts::PI));
    assert!((w - Complex64::new(-1.0, 0.0)).norm() < 1e-15);
}
