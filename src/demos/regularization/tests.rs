//! Tests of the regularization demo: the readouts agree with the math (the lasso by
//! coordinate descent with the exact path, the KKT conditions at the chosen λ), the L1 optimum
//! lands on a corner in the default state, dragging and the keyboard place the OLS point, and
//! bad input keeps the last good state.

use super::*;
use crate::math::regularization::{lasso_correlations, path_weights_at};

fn readout(demo: &Regularization, name: &str) -> ReadoutValue {
    demo.readouts()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no readout {name}"))
        .value
}

fn list(demo: &Regularization, name: &str) -> Vec<f64> {
    let ReadoutValue::Written { exact, .. } = readout(demo, name) else {
        panic!("{name} is not a list")
    };
    exact.split(", ").map(|v| v.parse().unwrap()).collect()
}

#[test]
fn default_l1_optimum_is_a_corner_and_l2_is_not() {
    let demo = Regularization::default();
    let l1 = list(&demo, "l1.weights");
    let l2 = list(&demo, "l2.weights");
    // One strong weight (2, 0.4) with budget 1: the diamond is touched at its corner (1, 0).
    assert_eq!(l1, vec![1.0, 0.0]);
    assert_eq!(
        readout(&demo, "l1.zero"),
        ReadoutValue::Text("w₂ = 0 (a corner)".into())
    );
    assert!(l2.iter().all(|w| *w != 0.0));
    assert!((l2[0].hypot(l2[1]) - 1.0).abs() < 1e-14);
}

#[test]
fn lasso_readouts_satisfy_kkt_and_match_the_exact_path() {
    let mut demo = Regularization::default();
    for lambda in ["0.01", "0.3", "1.5"] {
        demo.set_param("lambda", lambda).unwrap();
        let lambda: f64 = lambda.parse().unwrap();
        let s = demo.solution();
        assert!(s.lasso.converged);
        let w = list(&demo, "lasso.weights");
        for (j, r) in lasso_correlations(&s.path_problem, &w).iter().enumerate() {
            if w[j] == 0.0 {
                assert!(r.abs() <= lambda + 1e-9);
            } else {
                assert!((r - lambda * w[j].signum()).abs() <= 1e-9, "{j}: {r}");
            }
        }
        let exact = path_weights_at(&s.knots, lambda);
        for (a, b) in w.iter().zip(&exact) {
            assert!((a - b).abs() < 1e-9, "{w:?} vs {exact:?}");
        }
        let nonzero = w.iter().filter(|v| **v != 0.0).count() as i64;
        assert_eq!(
            readout(&demo, "lasso.nonzero"),
            ReadoutValue::Integer(nonzero)
        );
    }
    // At λ_max every weight is zero.
    let lambda_max = demo.solution().path_problem.lambda_max();
    demo.set_param("lambda", &format_param_number(lambda_max))
        .unwrap();
    assert_eq!(readout(&demo, "lasso.nonzero"), ReadoutValue::Integer(0));
}

#[test]
fn dragging_and_keys_place_the_ols_point_exactly() {
    let mut demo = Regularization::default();
    let frame = Frame::light(500.0, 450.0, 1.0);
    let view = demo.geometry_view(&frame);
    let (px, py) = view.to_pixel(0.3, 1.7);
    let input = PointerInput {
        phase: PointerPhase::Down,
        x: px,
        y: py,
        css_width: 500.0,
        css_height: 450.0,
    };
    assert!(demo.pointer(0, input));
    assert_eq!(demo.param("data").as_deref(), Some("custom"));
    assert_eq!(demo.param("ols1").as_deref(), Some("0.3"));
    assert_eq!(demo.param("ols2").as_deref(), Some("1.7"));
    let ols = list(&demo, "ols.weights");
    assert!((ols[0] - 0.3).abs() < 1e-12 && (ols[1] - 1.7).abs() < 1e-12);
    // With (0.3, 1.7) the diamond of budget 1 is touched at its corner (0, 1).
    assert_eq!(list(&demo, "l1.weights"), vec![0.0, 1.0]);
    assert!(demo.key(0, "ArrowRight"));
    assert_eq!(demo.param("ols1").as_deref(), Some("0.35"));
    assert!(demo.key(0, "Shift+ArrowDown"));
    assert_eq!(demo.param("ols2").as_deref(), Some("1.45"));
    assert!(!demo.key(1, "ArrowRight"));
}

#[test]
fn bad_input_keeps_the_last_good_state() {
    let mut demo = Regularization::default();
    let before = demo.readouts();
    assert!(demo.set_param("budget", "abc").is_err());
    assert!(demo.set_param("rho", "NaN").is_err());
    assert!(demo.set_param("lambda", "1e400").is_err());
    assert!(demo.set_param("data", "nope").is_err());
    assert_eq!(demo.readouts(), before);
    // Inactive OLS sliders until the data are custom.
    assert!(!demo.is_control_active("ols1"));
    demo.set_param("data", "custom").unwrap();
    assert!(demo.is_control_active("ols2"));
}

#[test]
fn the_same_seed_gives_the_same_data() {
    let mut a = Regularization::default();
    let mut b = Regularization::default();
    a.set_param("seed", "42").unwrap();
    b.set_param("seed", "42").unwrap();
    assert_eq!(a.readouts(), b.readouts());
    b.set_param("seed", "43").unwrap();
    assert_ne!(list(&a, "lasso.weights"), list(&b, "lasso.weights"));
}

#[test]
fn training_error_grows_with_lambda_and_validation_error_dips() {
    let demo = Regularization::default();
    let s = demo.solution();
    // The data-fit term of a penalized least-squares solution never falls as λ grows.
    for errors in [&s.lasso_errors, &s.ridge_errors] {
        for pair in errors.windows(2) {
            assert!(pair[1].0 >= pair[0].0 - 1e-12, "{pair:?}");
        }
    }
    // Above λ_max every lasso weight is zero: the training error is the centred targets'
    // mean square, yᵀy/n.
    let last = s.lasso_errors.last().unwrap();
    assert!((last.0 - s.path_problem.y_squared).abs() < 1e-12);
    // The best validation error lies strictly inside the grid and below both ends.
    let best = s.best_lambda(&s.lasso_errors);
    assert!(best > LAMBDA_RANGE.0 && best < s.path_problem.lambda_max());
    let least = s
        .lasso_errors
        .iter()
        .map(|e| e.1)
        .fold(f64::INFINITY, f64::min);
    assert!(least < s.lasso_errors[0].1 && least < last.1);
    // Nothing beats the noise by much: 1000 held-out rows with σ² = 1.
    assert!(least > 0.9);
    let table = demo.plot_table(2).unwrap();
    assert_eq!(table.columns.len(), 5);
    assert_eq!(
        readout(&demo, "lasso.best-lambda"),
        ReadoutValue::Number(best)
    );
}

#[test]
fn tables_carry_the_readouts_numbers() {
    let demo = Regularization::default();
    let geometry = demo.plot_table(0).unwrap();
    // Rows: OLS, L1, L2; the L1 row holds the corner (1, 0) with ‖w‖₁ = ‖w‖₂ = 1 = t.
    assert_eq!(geometry.rows.len(), 3);
    assert_eq!(geometry.rows[1][1], readout(&demo, "l1.weights"));
    assert_eq!(geometry.rows[1][4], ReadoutValue::Number(1.0));
    assert_eq!(geometry.rows[2][1], readout(&demo, "l2.weights"));
    let ReadoutValue::Number(norm) = geometry.rows[2][5] else {
        panic!()
    };
    assert!((norm - 1.0).abs() < 1e-14);
    // The path table lists every knot of the exact path inside the λ axis.
    let path = demo.plot_table(1).unwrap();
    let knots_listed = path
        .rows
        .iter()
        .filter(|r| r[3] == ReadoutValue::Text("yes".into()))
        .count();
    let knots_inside = demo
        .solution()
        .knots
        .iter()
        .filter(|k| k.lambda > LAMBDA_RANGE.0 && k.lambda < LAMBDA_RANGE.1)
        .count();
    assert_eq!(knots_listed, knots_inside);
    let description = demo.plot_description(0).unwrap();
    assert!(description.contains("w₂ = 0 (a corner)"), "{description}");
}
