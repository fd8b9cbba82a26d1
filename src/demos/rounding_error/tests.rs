//! Tests of the rounding-error demo: readouts against NumPy and mpmath values, the chunked
//! summation, the article's arrays, bad input kept out, and the keyboard and pointer on the
//! cancellation plot.

use super::*;
use crate::demos::test_support::{readout_number, readout_value};
use crate::demos::{PointerPhase, finish_work};

fn text(demo: &RoundingError, name: &str) -> String {
    readout_value(demo, name).display()
}

#[test]
fn default_summation_matches_numpy_float32() {
    let mut demo = RoundingError::default();
    // 20000 of the 100000 terms are summed at once; the rest is pending work.
    assert_eq!(text(&demo, "sum.naive"), "computing…");
    finish_work(&mut demo);
    // mpmath: 100000·fl32(0.1) = 10000.000149011612 (rounded once to float64).
    assert_eq!(readout_number(&demo, "sum.exact"), 10000.000149011612);
    // NumPy: np.cumsum(np.full(100000, 0.1, dtype=np.float32))[-1] = 9998.556640625.
    assert_eq!(readout_number(&demo, "sum.naive"), 9998.556640625);
    let naive_error = (9998.556640625f64 - 10000.000149011612).abs() / 10000.000149011612;
    assert!((readout_number(&demo, "error.naive") / naive_error - 1.0).abs() < 1e-9);
    // Pairwise and Kahan stay near ε = 2⁻²³ ≈ 1.19e-7 while naive is ~1000 times worse.
    assert!(readout_number(&demo, "error.kahan") <= F32.epsilon());
    assert!(readout_number(&demo, "error.pairwise") < 20.0 * F32.epsilon());
    assert_eq!(readout_number(&demo, "sum.epsilon"), 2f64.powi(-23));
    assert_eq!(readout_number(&demo, "sum.n-epsilon"), 1e5 * 2f64.powi(-23));
    assert_eq!(
        text(&demo, "sum.first-term"),
        "0.100000001490116119384765625"
    );
    // mpmath: 100000·0.100000001490116119384765625 exactly; the naive sum against n/10.
    assert_eq!(
        text(&demo, "sum.exact-decimal"),
        "10000.0001490116119384765625"
    );
    let typed = readout_number(&demo, "sum.naive-vs-typed");
    assert!(
        (typed - (10000.0 - 9998.556640625) / 10000.0).abs() < 1e-15,
        "{typed}"
    );
}

#[test]
fn decimal_text_times_a_whole_number_is_exact() {
    // mpmath: mpf('0.1000000000000000055511151231257827021181583404541015625') * 10**6.
    assert_eq!(
        multiply_decimal(
            "0.1000000000000000055511151231257827021181583404541015625",
            1_000_000
        ),
        "100000.0000000000055511151231257827021181583404541015625"
    );
    assert_eq!(multiply_decimal("0.0999755859375", 1000), "99.9755859375");
    assert_eq!(multiply_decimal("0.5", 2), "1");
    assert_eq!(multiply_decimal("7", 3), "21");
    assert_eq!(multiply_decimal("0.25", 0), "0");
}

#[test]
fn float16_sum_of_tenths_stalls_at_256() {
    let mut demo = RoundingError::default();
    demo.set_param("format", "f16").unwrap();
    demo.set_param("n", "1000").unwrap();
    finish_work(&mut demo);
    // NumPy: np.cumsum(np.full(1000, 0.1, dtype=np.float16))[-1] = 105.1875; mpmath:
    // 1000·fl16(0.1) = 99.9755859375.
    assert_eq!(readout_number(&demo, "sum.naive"), 105.1875);
    assert_eq!(readout_number(&demo, "sum.exact"), 99.9755859375);
    demo.set_param("n", "10000").unwrap();
    finish_work(&mut demo);
    assert_eq!(readout_number(&demo, "sum.naive"), 256.0);
    assert!(demo.notices().is_empty());
    // Mixed magnitudes overflow float16's 65504, and a notice says so.
    demo.set_param("data", "mixed").unwrap();
    finish_work(&mut demo);
    assert_eq!(text(&demo, "sum.naive"), "overflow");
    assert_eq!(text(&demo, "error.naive"), "overflow");
    let notices = demo.notices();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].text.contains("65504"), "{}", notices[0].text);
}

#[test]
fn long_sums_are_done_in_bounded_chunks() {
    let mut demo = RoundingError::default();
    demo.set_param("n", "1000000").unwrap();
    assert_eq!(demo.run().done(), TERMS_AT_ONCE);
    let fraction = demo.work_chunk().unwrap();
    assert_eq!(demo.run().done(), TERMS_AT_ONCE + TERMS_PER_CHUNK);
    assert_eq!(fraction, (TERMS_AT_ONCE + TERMS_PER_CHUNK) as f64 / 1e6);
    finish_work(&mut demo);
    assert_eq!(demo.work_chunk(), None);
    // NumPy: np.cumsum(np.full(1_000_000, 0.1, dtype=np.float32))[-1] = 100958.34375.
    assert_eq!(readout_number(&demo, "sum.naive"), 100958.34375);
}

#[test]
fn random_data_exact_sum_matches_math_fsum() {
    let mut demo = RoundingError::default();
    demo.set_param("data", "random").unwrap();
    demo.set_param("format", "f64").unwrap();
    demo.set_param("n", "1000").unwrap();
    finish_work(&mut demo);
    // Python: math.fsum(uniform(1, 1000)) with SplitMix64 seed 1 = 481.8845724782799.
    assert_eq!(readout_number(&demo, "sum.exact"), 481.8845724782799);
    assert!(demo.is_control_active("seed"));
    demo.set_param("data", "tenth").unwrap();
    assert!(!demo.is_control_active("seed"));
}

#[test]
fn cancellation_readouts_match_mpmath() {
    let mut demo = RoundingError::default();
    // (1 + 1e-8) − 1 = 9.99999993922529e-09 (Python); relative error against mpmath
    // 6.0774709918447105e-09, about 8 correct digits.
    assert_eq!(readout_number(&demo, "cancel.naive"), 9.99999993922529e-09);
    assert_eq!(readout_number(&demo, "cancel.stable"), 1e-8);
    let error = readout_number(&demo, "cancel.relative-error");
    assert!(
        (error / 6.0774709918447105e-09 - 1.0).abs() < 1e-6,
        "{error}"
    );
    assert!((readout_number(&demo, "cancel.digits") - 8.216).abs() < 1e-3);
    // The table of all six at x = 1e-8 (mpmath errors from math::cancellation's tests).
    for (id, expected) in [
        ("one-plus-x", 6.0774709918447105e-09),
        ("quadratic", 1.3626989454090947e-08),
        ("log1p", 6.077470974441193e-09),
        ("expm1", 1.1077470953124022e-08),
    ] {
        let shown = readout_number(&demo, &format!("cancel.{id}.relative-error"));
        assert!((shown / expected - 1.0).abs() < 0.01, "{id}: {shown}");
    }
    // √(x + 1) − √x does not cancel for small x.
    assert!(readout_number(&demo, "cancel.sqrt-difference.relative-error") < 1e-15);
    let table: Vec<Readout> = demo
        .readouts()
        .into_iter()
        .filter(|r| !r.group.is_empty())
        .collect();
    assert_eq!(table.len(), 18);
    demo.set_param("formula", "one-minus-cos").unwrap();
    demo.set_param("x", "1e-9").unwrap();
    // 1 − cos(1e-9) = 0 in float64; mpmath 5.0000000000000006224e-19, 5e-19 as an f64.
    assert_eq!(readout_number(&demo, "cancel.naive"), 0.0);
    assert!((readout_number(&demo, "cancel.stable") / 5e-19 - 1.0).abs() < 1e-15);
    assert_eq!(readout_number(&demo, "cancel.relative-error"), 1.0);
    assert_eq!(readout_number(&demo, "cancel.digits"), 0.0);
    demo.set_param("formula", "quadratic").unwrap();
    demo.set_param("x", "100").unwrap();
    assert_eq!(text(&demo, "cancel.naive"), "undefined");
    assert_eq!(text(&demo, "cancel.relative-error"), "undefined");
    assert!(demo.control_hint("x").is_some());
}

#[test]
fn variance_readouts_match_mpmath_and_python_loops() {
    let mut demo = RoundingError::default();
    // Mean 10⁹ (see math::cancellation's tests): exact 0.08218843159824815 (mpmath), one
    // pass 1152.0 and Welford 0.08218843055500252 (Python float loops).
    assert!((readout_number(&demo, "var.exact") / 0.08218843159824815 - 1.0).abs() < 1e-15);
    assert_eq!(readout_number(&demo, "var.one-pass"), 1152.0);
    assert_eq!(readout_number(&demo, "var.welford"), 0.08218843055500252);
    assert!(readout_number(&demo, "var.error-one-pass") > 1e4);
    // The same mean typed (and rounded to four digits) gives the same data.
    demo.set_param("offset", "1000000000").unwrap();
    assert_eq!(demo.param("offset").unwrap(), "1000000000");
    assert_eq!(readout_number(&demo, "var.welford"), 0.08218843055500252);
    demo.set_param("offset", "1").unwrap();
    assert!(readout_number(&demo, "var.error-one-pass") < 1e-12);
}

#[test]
fn article_arrays_are_equal_and_tenth_and_two_to_the_24_plus_one_are_not() {
    let demo = RoundingError::default();
    assert_eq!(text(&demo, "article.float32"), "[1, 2, 3]");
    assert_eq!(text(&demo, "article.float64"), "[1, 2, 3]");
    assert_eq!(text(&demo, "article.matrix-float32"), "[[1, 2], [3, 4]]");
    assert_eq!(readout_number(&demo, "article.difference"), 0.0);
    // NumPy: float(np.float32(0.1)) = 0.10000000149011612 (exact decimal below);
    // float(np.float32(16777217)) = 16777216.0.
    assert_eq!(
        text(&demo, "article.tenth-float32"),
        "0.100000001490116119384765625"
    );
    assert_eq!(
        text(&demo, "article.tenth-float64"),
        "0.1000000000000000055511151231257827021181583404541015625"
    );
    assert_eq!(
        readout_value(&demo, "article.big-float32"),
        ReadoutValue::Integer(16777216)
    );
    assert_eq!(
        readout_value(&demo, "article.big-float64"),
        ReadoutValue::Integer(16777217)
    );
}

#[test]
fn bad_input_keeps_the_last_good_state() {
    let mut demo = RoundingError::default();
    for (key, value) in [
        ("n", "5"),
        ("n", "2e6"),
        ("n", "abc"),
        ("x", "0"),
        ("x", "1e17"),
        ("x", "nan"),
        ("offset", "0.5"),
        ("format", "e4m3"),
        ("data", "primes"),
        ("formula", "tan"),
        ("seed", "-1"),
    ] {
        assert!(demo.set_param(key, value).is_err(), "{key}={value}");
    }
    assert_eq!(demo.param("n").unwrap(), "100000");
    assert_eq!(demo.param("x").unwrap(), "1e-8");
    assert_eq!(demo.param("format").unwrap(), "f32");
    // A slider's in-between value is rounded: n to a whole number, x to four digits.
    demo.set_param("n", "31622.7766").unwrap();
    assert_eq!(demo.param("n").unwrap(), "31623");
    demo.set_param("x", "1.2345678e-5").unwrap();
    assert_eq!(demo.param("x").unwrap(), "1.235e-5");
}

#[test]
fn keyboard_and_pointer_move_x_on_the_cancellation_plot() {
    let mut demo = RoundingError::default();
    assert!(demo.key(1, "Shift+ArrowRight"));
    assert_eq!(demo.param("x").unwrap(), "1e-7");
    assert!(demo.key(1, "ArrowLeft"));
    // 10^(−7.125) to four digits.
    assert_eq!(demo.param("x").unwrap(), "7.499e-8");
    assert!(demo.key(1, "Home"));
    assert_eq!(demo.param("x").unwrap(), "1e-16");
    assert!(!demo.key(0, "ArrowRight"));
    // A press in the middle of the plotting area is x = 10⁰ = 1.
    let frame = Frame::light(400.0, 240.0, 1.0);
    let rect = crate::demos::legend::plotting_rect(&frame);
    let input = PointerInput {
        phase: PointerPhase::Down,
        x: (rect.left + rect.right) / 2.0,
        y: 100.0,
        css_width: 400.0,
        css_height: 240.0,
    };
    assert!(demo.pointer(1, input));
    assert_eq!(demo.param("x").unwrap(), "1");
    assert!(!demo.pointer(0, input));
}

#[test]
fn overflow_and_undefined_states_keep_tables_finite_and_words_plain() {
    let states: [&[(&str, &str)]; 3] = [
        &[("format", "f16"), ("data", "mixed"), ("n", "5000")],
        &[("formula", "quadratic"), ("x", "100")],
        &[("formula", "expm1"), ("x", "1e16")],
    ];
    for params in states {
        let mut demo = RoundingError::default();
        for (key, value) in params {
            demo.set_param(key, value).unwrap();
        }
        finish_work(&mut demo);
        for plot in 0..3 {
            let table = demo.plot_table(plot).unwrap();
            for row in &table.rows {
                assert_eq!(row.len(), table.columns.len());
                for cell in row {
                    if let ReadoutValue::Number(x) = cell {
                        assert!(x.is_finite(), "{params:?} plot {plot}: {row:?}");
                    }
                }
            }
            let description = demo.plot_description(plot).unwrap();
            assert!(
                !description.contains("NaN") && !description.contains("inf"),
                "{description}"
            );
        }
        for readout in demo.readouts() {
            assert!(!readout.value.display().contains("NaN"), "{readout:?}");
        }
    }
}
