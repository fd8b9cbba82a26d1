//! Tests of the numerical-optimization demo: the readouts of the article's run against what
//! scipy 1.17.1 printed, stepping, the gradient modes and bad input kept out.

use super::*;
use crate::demos::test_support::{readout_number, readout_value};

fn exact_list_of(demo: &NumericalOptimization, name: &str) -> Vec<f64> {
    match readout_value(demo, name) {
        ReadoutValue::Written { exact, .. } => exact
            .split(", ")
            .map(|v| v.parse().expect("a number"))
            .collect(),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn default_readouts_are_scipys_result() {
    let demo = NumericalOptimization::default();
    // scipy 1.17.1: res = minimize(f, np.array([1, 22, 30])) gives
    // res.x = [2.6005757150361762e-08, 6.541055760279454e-07, 9.295827443668039e-07],
    // res.fun = 1.2926544826203326e-12, nit 4, nfev 28, njev 7.
    let x = exact_list_of(&demo, "x");
    let scipy = [
        2.6005757150361762e-08,
        6.541055760279454e-07,
        9.295827443668039e-07,
    ];
    for (a, e) in x.iter().zip(scipy) {
        assert!((a - e).abs() <= 1e-9 * e.abs(), "{a:e} against {e:e}");
    }
    let fun = readout_number(&demo, "fun");
    assert!((fun / 1.2926544826203326e-12 - 1.0).abs() < 1e-9, "{fun:e}");
    assert_eq!(readout_value(&demo, "nit"), ReadoutValue::Integer(4));
    assert_eq!(readout_value(&demo, "nfev"), ReadoutValue::Integer(28));
    assert_eq!(readout_value(&demo, "njev"), ReadoutValue::Integer(7));
    assert!(readout_number(&demo, "grad-norm") <= 1e-5);
    // The differenced gradient of x² is 2x + h: the error is h = 2⁻²⁶ up to the rounding of
    // f(x + h) − f(x) (about ε·f/h ≈ 2·10⁻¹⁹ here).
    for error in exact_list_of(&demo, "gradient-error") {
        assert!((error - 1.4901161193847656e-8).abs() < 1e-15, "{error:e}");
    }
    assert_eq!(
        exact_list_of(&demo, "fd-step"),
        vec![1.4901161193847656e-8; 3]
    );
    match readout_value(&demo, "status") {
        ReadoutValue::Text(text) => assert_eq!(text, "converged: ‖∇f‖∞ ≤ gtol"),
        other => panic!("{other:?}"),
    }
    assert!(demo.notices().is_empty());
}

#[test]
fn stepping_back_shows_earlier_iterates_and_counts() {
    let mut demo = NumericalOptimization::default();
    // The toolbar steps both parts: steepest descent's run on the quadratic is the longest.
    let steepest = demo.quadratic_runs()[0].relative_errors.len() - 1;
    assert_eq!(demo.max_step(), steepest);
    assert!(steepest > 4);
    assert_eq!(demo.current_step(), steepest);
    assert_eq!(readout_value(&demo, "nit"), ReadoutValue::Integer(4));
    demo.go_to_step(1);
    // scipy's callback at iteration 1: x = (0.8643041732376342, 19.01469181122795,
    // 25.929125197129025), f = 1034.6250598682466, 12 evaluations of f so far.
    assert_eq!(
        exact_list_of(&demo, "x")[1],
        19.01469181122795,
        "x_1 agrees with scipy to the last bit"
    );
    assert_eq!(readout_number(&demo, "fun"), 1034.6250598682466);
    assert_eq!(readout_value(&demo, "nfev"), ReadoutValue::Integer(12));
    assert_eq!(readout_value(&demo, "njev"), ReadoutValue::Integer(3));
    assert_eq!(
        readout_value(&demo, "line-search-trials"),
        ReadoutValue::Integer(2)
    );
    demo.go_to_step(0);
    // f(1, 22, 30) = 1 + 484 + 900 = 1385; the start costs 1 + 3 evaluations.
    assert_eq!(readout_number(&demo, "fun"), 1385.0);
    assert_eq!(readout_value(&demo, "nfev"), ReadoutValue::Integer(4));
    assert_eq!(
        readout_value(&demo, "step-length"),
        ReadoutValue::Text("none (the start)".into())
    );
    assert!(demo.advance_frame());
    assert_eq!(demo.current_step(), 1);
    // A parameter change while paused keeps the iteration.
    demo.set_param("gtol", "1e-8").unwrap();
    assert_eq!(demo.current_step(), 1);
    assert_eq!(demo.max_step(), steepest);
    // Past BFGS's last iteration its readouts stay at the answer.
    demo.go_to_step(10);
    assert_eq!(readout_value(&demo, "nit"), ReadoutValue::Integer(5));
}

#[test]
fn exact_gradient_and_tight_tolerance() {
    let mut demo = NumericalOptimization::default();
    demo.set_param("gradient", "exact").unwrap();
    // scipy, jac=True: nit 3, nfev 5, njev 5, x within 10⁻¹⁴ of 0.
    assert_eq!(readout_value(&demo, "nit"), ReadoutValue::Integer(3));
    assert_eq!(readout_value(&demo, "nfev"), ReadoutValue::Integer(5));
    assert_eq!(readout_value(&demo, "njev"), ReadoutValue::Integer(5));
    assert!(exact_list_of(&demo, "x").iter().all(|v| v.abs() < 1e-13));
    assert_eq!(exact_list_of(&demo, "gradient-error"), vec![0.0; 3]);
    assert_eq!(
        readout_value(&demo, "fd-step"),
        ReadoutValue::Text("none (exact gradient)".into())
    );
    demo.set_param("gradient", "difference").unwrap();
    demo.set_param("gtol", "1e-8").unwrap();
    // scipy, gtol=1e-8: nit 5, nfev 32, x ≈ −h/2 = −7.45e-9 in every coordinate.
    assert_eq!(readout_value(&demo, "nfev"), ReadoutValue::Integer(32));
    for v in exact_list_of(&demo, "x") {
        assert!((v + 7.450580596923828e-9).abs() < 4e-10, "{v:e}");
    }
}

#[test]
fn a_failed_line_search_is_a_notice_not_a_panic() {
    let mut demo = NumericalOptimization::default();
    // scipy from [0, 0, 0] with gtol=1e-8: the differenced gradient is (h, h, h) > gtol, and
    // no step decreases f enough: "Desired error not necessarily achieved due to precision
    // loss" with nit 0.
    for (key, value) in [("x0", "0"), ("y0", "0"), ("z0", "0"), ("gtol", "1e-8")] {
        demo.set_param(key, value).unwrap();
    }
    assert_eq!(readout_value(&demo, "nit"), ReadoutValue::Integer(0));
    // scipy's res.nfev = 416: 4 at the start, 400 in DCSRCH's 100 trials, 12 in the fallback.
    assert_eq!(readout_value(&demo, "nfev"), ReadoutValue::Integer(416));
    assert_eq!(demo.notices().len(), 1);
    assert_eq!(demo.notices()[0].level, NoticeLevel::Warning);
    match readout_value(&demo, "status") {
        ReadoutValue::Text(text) => assert!(text.contains("line search"), "{text}"),
        other => panic!("{other:?}"),
    }
    for plot in 0..INFO.plots.len() {
        assert!(demo.plot_table(plot).is_some());
        assert!(demo.plot_description(plot).is_some());
    }
}

#[test]
fn bad_input_keeps_the_last_good_state() {
    let mut demo = NumericalOptimization::default();
    for (key, value) in [
        ("x0", "abc"),
        ("x0", "nan"),
        ("y0", "1e999"),
        ("z0", "101"),
        ("gradient", "newton"),
        ("gtol", "0"),
        ("gtol", "1"),
    ] {
        assert!(demo.set_param(key, value).is_err(), "{key}={value}");
    }
    assert_eq!(demo.param("x0").unwrap(), "1");
    assert_eq!(demo.param("gtol").unwrap(), "1e-5");
    assert_eq!(readout_value(&demo, "nfev"), ReadoutValue::Integer(28));
}

#[test]
fn the_worst_start_follows_the_bound_and_hides_the_seed() {
    let mut demo = NumericalOptimization::default();
    assert!(demo.is_control_active("seed"));
    demo.set_param("start", "worst").unwrap();
    assert!(!demo.is_control_active("seed"));
    // κ = 100: steepest descent meets its bound ceil(ln 1e-8 / ln(99/101)) = 922 exactly, and
    // CG needs 2 steps (the start has two eigen-components).
    assert_eq!(
        readout_value(&demo, "quadratic.steepest-descent.iterations"),
        ReadoutValue::Integer(922)
    );
    assert_eq!(
        readout_value(&demo, "quadratic.steepest-descent.bound"),
        ReadoutValue::Integer(922)
    );
    assert_eq!(
        readout_value(&demo, "quadratic.cg.iterations"),
        ReadoutValue::Integer(2)
    );
    assert_eq!(
        readout_value(&demo, "quadratic.bfgs.iterations"),
        ReadoutValue::Integer(2)
    );
    // Default κ = 100, n = 20: the CG bound is min(20, 96) = 20.
    assert_eq!(
        readout_value(&demo, "quadratic.cg.bound"),
        ReadoutValue::Integer(20)
    );
    crate::demos::finish_work(&mut demo);
    assert_eq!(demo.sweep().len(), 17);
    assert!(
        demo.sweep()
            .iter()
            .all(|p| p.iterations[1].is_some_and(|k| k <= 2))
    );
}

#[test]
fn steepest_descent_at_large_kappa_goes_on_in_work_chunks_to_the_closed_form_count() {
    let mut demo = NumericalOptimization::default();
    demo.set_param("start", "worst").unwrap();
    crate::demos::finish_work(&mut demo);
    // κ = 10⁴ from the worst start: about 10⁵ iterations, more than one frame should carry.
    // Only the first slice runs when κ changes; the readout says the count is still open.
    demo.set_param("kappa", "10000").unwrap();
    assert!(demo.steepest_pending());
    assert_eq!(demo.max_step(), STEEPEST_DESCENT_AT_ONCE);
    assert_eq!(
        readout_value(&demo, "quadratic.steepest-descent.iterations"),
        ReadoutValue::Text(format!(
            "more than {STEEPEST_DESCENT_AT_ONCE} (still computing)"
        ))
    );
    let mut chunks = 0;
    let mut last_progress = 0.0;
    while let Some(progress) = demo.work_chunk() {
        assert!(progress >= last_progress && progress <= 1.0, "{progress}");
        last_progress = progress;
        chunks += 1;
    }
    assert!(!demo.steepest_pending());
    // From the worst start the error shrinks by exactly (κ − 1)/(κ + 1) a step, so the count
    // is the least k with ((κ − 1)/(κ + 1))ᵏ ≤ 10⁻⁸: ln 10⁸ / ln(10001/9999) = 92103.403…
    // (40-digit decimal arithmetic), k = 92,104, the bound's own readout.
    assert_eq!(
        readout_value(&demo, "quadratic.steepest-descent.iterations"),
        ReadoutValue::Integer(92_104)
    );
    assert_eq!(
        readout_value(&demo, "quadratic.steepest-descent.bound"),
        ReadoutValue::Integer(92_104)
    );
    assert_eq!(
        chunks,
        (92_104 - STEEPEST_DESCENT_AT_ONCE).div_ceil(STEEPEST_DESCENT_SLICE)
    );
    // The playhead followed the run to its end, as a freshly loaded demo shows it.
    assert_eq!(demo.max_step(), 92_104);
    assert_eq!(demo.current_step(), 92_104);
}

#[test]
fn a_link_to_an_iteration_of_a_long_run_opens_there_without_waiting_for_the_chunks() {
    // steps= is read against the whole run: apply_params has the demo finish it first.
    let info = &INFO;
    let mut demo = (info.create)();
    let params: Vec<(String, String)> =
        [("start", "worst"), ("kappa", "10000"), ("steps", "50000")]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
    let rejected = crate::demos::apply_params(info, demo.as_mut(), &params);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(demo.current_step(), 50_000);
    assert_eq!(demo.max_step(), 92_104);
    // ((κ − 1)/(κ + 1))^50000 at κ = 10⁴ = 4.539992824915387559…e-5 (40-digit decimal
    // arithmetic); the run's rounding over 50,000 steps stays far inside 1e-9.
    let error = readout_number(demo.as_ref(), "quadratic.steepest-descent.error");
    assert!(
        (error / 4.539_992_824_915_387_6e-5 - 1.0).abs() < 1e-9,
        "{error:e}"
    );
}
