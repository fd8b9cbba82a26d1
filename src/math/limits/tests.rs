//! Tests of the limit tools against closed forms and against values computed independently
//! with NumPy (float64, bit for bit) and mpmath (50 digits) in Python.
// The mpmath references keep all 20 digits printed, beyond what an f64 holds.
#![allow(clippy::excessive_precision, clippy::approx_constant)]

use super::*;

fn sinc(x: f64) -> f64 {
    x.sin() / x
}

#[test]
fn article_recipe_prints_one_for_sin_x_over_x() {
    // numpy: v = abs(sin(x)/x) for x = linspace(0.001, 1, 1000): v.max() = 0.9999998333333416
    // at x = 0.001, round(v.max(), 5) = 1.0.
    let (rounded, maximum, at) = article_recipe(sinc, 0.0);
    assert_eq!(rounded, 1.0);
    assert_eq!(maximum, 0.9999998333333416);
    assert_eq!(at, 0.001);
}

#[test]
fn numpy_linspace_matches_numpy_bit_for_bit() {
    let points = numpy_linspace(0.001, 1.0, 1000);
    assert_eq!(points.len(), 1000);
    assert_eq!(points[0], 0.001);
    assert_eq!(points[999], 1.0);
    // numpy.linspace(0.001, 1, 1000): [1] = 0.002, [333] = 0.334, [500] = 0.501,
    // [777] = 0.778, [998] = 0.999, and the sum is 500.5.
    assert_eq!(points[1], 0.002);
    assert_eq!(points[333], 0.334);
    assert_eq!(points[500], 0.501);
    assert_eq!(points[777], 0.778);
    assert_eq!(points[998], 0.999);
    assert_eq!(points.iter().sum::<f64>(), 500.5);
}

#[test]
fn article_recipe_is_wrong_for_the_rational_function_at_one() {
    // numpy: max |(x²−1)/(x−1)| over 1 + linspace(0.001, 1, 1000) = 3.0 (at x = 2); the
    // limit at 1 is 2.
    let (rounded, _, at) = article_recipe(|x| (x * x - 1.0) / (x - 1.0), 1.0);
    assert_eq!(rounded, 3.0);
    assert_eq!(at, 2.0);
}

#[test]
fn one_sided_limits_of_the_presets_match_closed_forms() {
    let close = |limit: OneSidedLimit, expected: f64| {
        let value = limit.finite().unwrap_or_else(|| panic!("{limit:?}"));
        assert!((value - expected).abs() < 1e-7, "{value} vs {expected}");
    };
    for side in [-1.0, 1.0] {
        close(one_sided_limit(sinc, 0.0, side), 1.0);
        close(
            one_sided_limit(|x| (x * x - 1.0) / (x - 1.0), 1.0, side),
            2.0,
        );
        close(
            one_sided_limit(|x| (1.0 - x.cos()) / (x * x), 0.0, side),
            0.5,
        );
        close(one_sided_limit(|x| x.abs() / x, 0.0, side), side);
        assert_eq!(
            one_sided_limit(|x| (x * 3.0).sin() / x, 0.0, side)
                .finite()
                .map(|v| (v - 3.0).abs() < 1e-7),
            Some(true)
        );
    }
    assert_eq!(
        one_sided_limit(|x| 1.0 / x, 0.0, 1.0),
        OneSidedLimit::PlusInfinity
    );
    assert_eq!(
        one_sided_limit(|x| 1.0 / x, 0.0, -1.0),
        OneSidedLimit::MinusInfinity
    );
    assert_eq!(
        one_sided_limit(|x| (1.0 / x).sin(), 0.0, 1.0),
        OneSidedLimit::Oscillates
    );
    assert_eq!(
        one_sided_limit(|x| (1.0 / x).sin(), 0.0, -1.0),
        OneSidedLimit::Oscillates
    );
    assert_eq!(
        one_sided_limit(|x| x.sqrt(), 0.0, -1.0),
        OneSidedLimit::Undefined
    );
    // (1 + t)^(1/t) as t → 0⁺ (x = 1/t → ∞): e.
    close(
        one_sided_limit(|t| (1.0 + 1.0 / (1.0 / t)).powf(1.0 / t), 0.0, 1.0),
        std::f64::consts::E,
    );
}

#[test]
fn cases_are_named() {
    use OneSidedLimit::*;
    assert_eq!(
        classify(Finite(1.0), Finite(1.0), f64::NAN, 1e-6),
        LimitCase::Removable
    );
    assert_eq!(
        classify(Finite(1.0), Finite(1.0), 1.0, 1e-6),
        LimitCase::Continuous
    );
    assert_eq!(
        classify(Finite(1.0), Finite(1.0), 3.0, 1e-6),
        LimitCase::Removable
    );
    assert_eq!(
        classify(Finite(-1.0), Finite(1.0), f64::NAN, 1e-6),
        LimitCase::Jump
    );
    assert_eq!(
        classify(MinusInfinity, PlusInfinity, f64::INFINITY, 1e-6),
        LimitCase::Infinite
    );
    assert_eq!(
        classify(Oscillates, Oscillates, 0.0, 1e-6),
        LimitCase::Oscillating
    );
}

#[test]
fn largest_delta_for_sin_x_over_x_matches_the_closed_form() {
    // |sin x / x − 1| < ε near 0 ⇔ 1 − sin δ/δ < ε (sin x/x decreases on (0, π)).
    // mpmath.findroot(lambda d: 1 - sin(d)/d - 0.01, 0.24) = 0.24531780885402529670...
    let search = largest_delta(sinc, 0.0, 1.0, 0.01, 1.0, &[-1.0, 1.0]);
    let delta = search.delta.unwrap();
    assert!((delta - 0.245_317_808_854_025_3).abs() < 1e-9, "{delta}");
    assert!((search.grid_spacing - delta / 2000.0).abs() < 1e-15);
    // For |x|/x no δ keeps both sides within 0.5 of 0.
    let jump = largest_delta(|x| x.abs() / x, 0.0, 0.0, 0.5, 1.0, &[-1.0, 1.0]);
    assert_eq!(jump.delta, None);
    // The whole window fits when ε is generous.
    assert_eq!(
        largest_delta(sinc, 0.0, 1.0, 0.5, 1.0, &[-1.0, 1.0]).delta,
        Some(1.0)
    );
}

#[test]
fn cancellation_table_matches_numpy_float64_and_mpmath() {
    let steps = table_steps();
    assert_eq!(steps[6], 1e-7);
    // numpy float64: (1 - np.cos(h)) / h**2 for h = 1e-1 … 1e-16.
    let numpy_naive = [
        0.49958347219741783,
        0.4999958333473664,
        0.49999995832550326,
        0.4999999969612645,
        0.5000000413701854,
        0.5000444502911705,
        0.4996003610813205,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
    ];
    // mpmath, mp.dps = 50: (1 - cos(h))/h**2 at the same double h, to 20 digits.
    let mpmath = [
        0.4995834721974233904,
        0.49999583334722219742,
        0.49999995833333472222,
        0.49999999958333333347,
        0.49999999999583333333,
        0.49999999999995833333,
        0.49999999999999958333,
        0.49999999999999999583,
        0.49999999999999999996,
        0.5,
        0.5,
        0.5,
        0.5,
        0.5,
        0.5,
        0.49999999999999999997,
    ];
    for (k, &h) in steps.iter().enumerate() {
        let naive = (1.0 - h.cos()) / (h * h);
        assert_eq!(naive, numpy_naive[k], "naive at h = {h}");
        let stable = 2.0 * (h / 2.0).sin().powi(2) / (h * h);
        assert!(
            (stable - mpmath[k]).abs() <= 2.0 * f64::EPSILON * 0.5,
            "stable at h = {h}: {stable} vs {}",
            mpmath[k]
        );
    }
}

#[test]
fn compound_interest_table_matches_numpy_float64_and_mpmath() {
    // float64 with the C library's pow, as Python's math.pow(1 + 1/x, x) and NumPy on a
    // scalar: (1 + 1/x)**x for x = 1e1 … 1e16. (NumPy's vectorised power on an array gives
    // 2.7161100340870226 at x = 1e14, one ulp away: its SIMD pow is not correctly rounded.)
    let numpy_naive = [
        2.5937424601000023,
        2.7048138294215285,
        2.7169239322355936,
        2.7181459268249255,
        2.7182682371922975,
        2.7182804690957534,
        2.7182816941320818,
        2.7182817983473577,
        2.7182820520115603,
        2.7182820532347876,
        2.71828205335711,
        2.7185234960372378,
        2.716110034086901,
        2.716110034087023,
        3.035035206549262,
        1.0,
    ];
    // mpmath, mp.dps = 50: (1 + 1/x)**x at the same double x, to 20 digits.
    let mpmath = [
        2.5937424601,
        2.7048138294215260933,
        2.7169239322358924574,
        2.718145926825224864,
        2.718268237174489668,
        2.7182804693193768838,
        2.7182816925449662712,
        2.7182818148676362177,
        2.7182818270999043224,
        2.7182818283231311439,
        2.7182818284454538262,
        2.7182818284576860944,
        2.7182818284589093213,
        2.718281828459031644,
        2.7182818284590438762,
        2.7182818284590450994,
    ];
    for k in 1..=16 {
        let x: f64 = format!("1e{k}").parse().unwrap();
        let naive = (1.0 + 1.0 / x).powf(x);
        assert_eq!(naive, numpy_naive[k - 1], "naive at x = {x}");
        let stable = (x * (1.0 / x).ln_1p()).exp();
        assert!(
            (stable - mpmath[k - 1]).abs() <= 4.0 * f64::EPSILON,
            "stable at x = {x}: {stable} vs {}",
            mpmath[k - 1]
        );
    }
}
