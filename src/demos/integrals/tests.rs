//! Behaviour tests of the integrals demo: every preset's exact value and reference against
//! independent values, the article's printouts, orders of convergence, the fundamental
//! theorem, and input handling.

use super::*;
use crate::demos::{Frame, PointerInput, PointerPhase};

fn number(demo: &Integrals, name: &str) -> f64 {
    match demo
        .readouts()
        .into_iter()
        .find(|r| r.name == name)
        .map(|r| r.value)
    {
        Some(ReadoutValue::Number(x)) => x,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn every_preset_matches_its_independent_value_and_the_reference_agrees() {
    // (preset, a, b, value, source)
    let cases = [
        ("square", 0.0, 1.0, 1.0 / 3.0),
        // 1 − cos 1 (numpy: 1 - np.cos(1) = 0.45969769413186023).
        ("sin", 0.0, 1.0, 0.459_697_694_131_860_23),
        // e − 1.
        ("exp", 0.0, 1.0, std::f64::consts::E - 1.0),
        // scipy.integrate.quad(lambda t: 1/(1+25t²), −1, 1) = 0.5493603067780066;
        // mpmath 2·atan(5)/5 = 0.54936030677800634434.
        ("runge", -1.0, 1.0, 0.549_360_306_778_006_3),
        ("sqrt", 0.0, 1.0, 2.0 / 3.0),
        // mpmath 2π·besseli(0, 1) = 7.9549265210128452745.
        ("exp-cos", 0.0, 0.0, 7.954_926_521_012_845),
        // mpmath √π·erf(10) = 1.7724538509055160273.
        ("gauss", 0.0, 0.0, 1.772_453_850_905_516),
    ];
    for (preset, a, b, want) in cases {
        let mut demo = Integrals::default();
        demo.set_param("function", preset).unwrap();
        if demo.is_control_active("a") {
            demo.set_param("a", &a.to_string()).unwrap();
            demo.set_param("b", &b.to_string()).unwrap();
        }
        let exact = number(&demo, "exact");
        assert!(
            (exact - want).abs() <= 1e-14 * want.abs(),
            "{preset}: {exact} vs {want}"
        );
        let reference = number(&demo, "reference");
        assert!(
            (reference - want).abs() <= 1e-12 * want.abs(),
            "{preset}: reference {reference}"
        );
    }
}

#[test]
fn article_printouts_are_readouts_bit_for_bit() {
    let demo = Integrals::default();
    // numpy 2.4 np.trapezoid values (see math::quadrature's tests).
    assert_eq!(
        number(&demo, "article.trapz-square"),
        0.333_350_338_400_843_55
    );
    assert_eq!(
        number(&demo, "article.trapz-gauss"),
        1.772_453_850_905_515_9
    );
}

#[test]
fn observed_orders_are_one_two_and_four_on_a_smooth_function() {
    let mut demo = Integrals::default();
    demo.set_param("function", "exp").unwrap();
    demo.set_param("n", "20").unwrap();
    for (rule, order) in [
        ("left", 1.0),
        ("right", 1.0),
        ("midpoint", 2.0),
        ("trapezoid", 2.0),
        ("simpson", 4.0),
    ] {
        demo.set_param("rule", rule).unwrap();
        let observed = number(&demo, "observed-order");
        assert!((observed - order).abs() < 0.1, "{rule}: {observed}");
    }
}

#[test]
fn the_trapezoid_rule_converges_exponentially_on_the_periodic_preset() {
    let mut demo = Integrals::default();
    demo.set_param("function", "exp-cos").unwrap();
    demo.set_param("rule", "trapezoid").unwrap();
    demo.set_param("n", "16").unwrap();
    // 16 pieces: the error is 4π I₁₆(1) ≈ 10⁻²⁰, below rounding.
    assert!(number(&demo, "error").abs() < 1e-14);
    demo.set_param("n", "4").unwrap();
    // 4 pieces: 4π I₄(1) = 0.0344 (mpmath 4π·besseli(4, 1) = 0.03444...).
    assert!((number(&demo, "error") - 0.034_4).abs() < 1e-3);
}

#[test]
fn the_slope_of_the_accumulated_integral_is_f() {
    let mut demo = Integrals::default();
    demo.set_param("x", "0.7").unwrap();
    // F(x) = x³/3 on [0, x].
    assert!((number(&demo, "ftc.F") - 0.7f64.powi(3) / 3.0).abs() < 1e-14);
    assert!((number(&demo, "ftc.slope") - 0.49).abs() < 1e-8);
    assert_eq!(number(&demo, "ftc.f"), 0.7 * 0.7);
}

#[test]
fn custom_formulas_use_the_reference_and_bad_input_keeps_the_last_good_state() {
    let mut demo = Integrals::default();
    demo.set_param("formula", "sin(x^2)").unwrap();
    demo.set_param("function", "custom").unwrap();
    demo.set_param("b", "3").unwrap();
    // scipy.integrate.quad(lambda t: np.sin(t*t), 0, 3, epsabs=1e-14) = 0.7735625268937691.
    assert!((number(&demo, "exact") - 0.773_562_526_893_769_1).abs() < 1e-13);
    assert!(number(&demo, "reference-error") < 1e-10);
    assert!(demo.set_param("formula", "sin(").is_err());
    assert_eq!(demo.param("formula").as_deref(), Some("sin(x^2)"));
    // b ≤ a gives a notice, never NaN.
    demo.set_param("b", "-1").unwrap();
    assert!(
        demo.notices()
            .iter()
            .any(|n| n.text.contains("not greater than"))
    );
    assert!(number(&demo, "exact").is_finite());
    // √x below 0 is undefined: the readouts say so.
    let mut demo = Integrals::default();
    demo.set_param("function", "sqrt").unwrap();
    demo.set_param("a", "-1").unwrap();
    assert!(!demo.notices().is_empty());
    let exact = demo
        .readouts()
        .into_iter()
        .find(|r| r.name == "exact")
        .unwrap();
    assert_eq!(exact.value.display(), "undefined");
}

#[test]
fn keys_and_pointer_move_x_inside_the_interval() {
    let mut demo = Integrals::default();
    assert!(demo.key(2, "ArrowRight"));
    assert_eq!(demo.param("x").as_deref(), Some("0.51"));
    assert!(!demo.key(0, "ArrowRight"));
    let frame = Frame::light(600.0, 330.0, 1.0);
    let viewport = demo.ftc_viewport(&frame);
    let (px, py) = viewport.to_pixel(0.25, 0.0);
    let input = PointerInput {
        phase: PointerPhase::Drag,
        x: px,
        y: py,
        css_width: 600.0,
        css_height: 330.0,
    };
    assert!(demo.pointer(2, input));
    assert_eq!(demo.param("x").as_deref(), Some("0.25"));
    // Far right: clamped to b = 1.
    assert!(demo.set_ftc_x(5.0));
    assert_eq!(demo.param("x").as_deref(), Some("1"));
}

#[test]
fn every_plot_survives_a_zero_size_canvas() {
    let mut demo = Integrals::default();
    crate::demos::product_chain_rule::tests::draws_on_tiny_canvases(&mut demo, INFO.plots.len());
}
