//! Tests of the conditioning demo: readouts against closed forms and NumPy values, the
//! perturbation bound on the page's numbers, pointer and keyboard on the lines plot, and bad
//! input kept out.

use super::*;
use crate::demos::test_support::{readout_number, readout_value};

#[test]
fn default_readouts_match_closed_forms() {
    let demo = Conditioning::default();
    // Lines at 10°: σ = √2·cos 5°, √2·sin 5°, cond = cot 5° = 11.430052302761343
    // (numpy: 1/np.tan(np.radians(5))).
    assert!((readout_number(&demo, "cond") - 11.430052302761343).abs() < 1e-12);
    let h = 5.0_f64.to_radians();
    assert!((readout_number(&demo, "sigma1") - 2f64.sqrt() * h.cos()).abs() < 1e-14);
    assert!((readout_number(&demo, "sigma2") - 2f64.sqrt() * h.sin()).abs() < 1e-14);
    // δb = (0, 0.02): δx = A⁻¹δb = 0.02·(1/(2 sin 5°), 1/(2 cos 5°)), ‖x‖ = √2, ‖b‖ = √2·cos 5°...
    // b = A·(1, 1) = (cos 5° − sin 5°, cos 5° + sin 5°), ‖b‖ = √2 (A has orthogonal... no:
    // ‖b‖² = 2cos²5° + 2sin²5° = 2).
    let dx = (0.02 / (2.0 * h.sin())).hypot(0.02 / (2.0 * h.cos()));
    assert!((readout_number(&demo, "relative-change-x") - dx / 2f64.sqrt()).abs() < 1e-12);
    assert!((readout_number(&demo, "relative-change-b") - 0.02 / 2f64.sqrt()).abs() < 1e-15);
    let bound = readout_number(&demo, "bound");
    assert!(readout_number(&demo, "relative-change-x") <= bound);
    assert!(readout_number(&demo, "amplification") <= readout_number(&demo, "cond"));
}

#[test]
fn normalization_and_hilbert_readouts() {
    let mut demo = Conditioning::default();
    // numpy: np.linalg.norm(np.array([1, 2, 3, 4])) = 5.477225575051661.
    assert_eq!(readout_number(&demo, "normalize.norm"), 5.477225575051661);
    match readout_value(&demo, "normalize.entries") {
        ReadoutValue::Written { exact, .. } => assert_eq!(
            exact,
            "0.18257418583505536, 0.3651483716701107, 0.5477225575051661, 0.7302967433402214"
        ),
        other => panic!("{other:?}"),
    }
    demo.set_param("n", "12").unwrap();
    // numpy.linalg.cond(hilbert(12)) = 1.6425917529444498e16; two SVD codes agree to a few
    // per cent at a condition number of 1/ε.
    let cond = readout_number(&demo, "hilbert.cond");
    assert!((cond / 1.6425917529444498e16 - 1.0).abs() < 0.1, "{cond}");
    assert!(readout_number(&demo, "hilbert.error") > 1e-3);
}

#[test]
fn steps_before_and_after_rescaling() {
    let mut demo = Conditioning::default();
    // κ = 100: ceil(ln 1e-6 / ln(99/101)) = 691 (closed form); SGD within one step of it.
    assert_eq!(
        readout_value(&demo, "scaling.steps-closed-form"),
        ReadoutValue::Integer(691)
    );
    let ReadoutValue::Integer(before) = readout_value(&demo, "scaling.steps-before") else {
        panic!()
    };
    assert!((before - 691).abs() <= 1);
    assert_eq!(
        readout_value(&demo, "scaling.steps-after"),
        ReadoutValue::Integer(1)
    );
    assert_eq!(readout_number(&demo, "scaling.learning-rate"), 2.0 / 101.0);
    demo.set_param("kappa", "1").unwrap();
    assert_eq!(
        readout_value(&demo, "scaling.steps-closed-form"),
        ReadoutValue::Integer(1)
    );
}

#[test]
fn bad_input_keeps_the_last_good_state() {
    let mut demo = Conditioning::default();
    for (key, value) in [
        ("angle", "0"),
        ("angle", "nan"),
        ("angle", "1e999"),
        ("shift", "abc"),
        ("n", "13"),
        ("n", "2.5"),
        ("kappa", "0.5"),
    ] {
        assert!(demo.set_param(key, value).is_err(), "{key}={value}");
    }
    assert_eq!(demo.param("angle").unwrap(), "10");
    assert_eq!(demo.param("n").unwrap(), "8");
    assert_eq!(demo.param("kappa").unwrap(), "100");
}

#[test]
fn keyboard_and_pointer_move_the_second_line() {
    let mut demo = Conditioning::default();
    assert!(demo.key(0, "ArrowUp"));
    assert_eq!(demo.param("shift").unwrap(), "0.021");
    assert!(demo.key(0, "Shift+ArrowDown"));
    assert_eq!(demo.param("shift").unwrap(), "0.011");
    assert!(demo.key(0, "Home"));
    assert_eq!(demo.param("shift").unwrap(), "0");
    assert!(!demo.key(1, "ArrowUp"));
    // A press at the intersection (1, 1) means no shift; one above it shifts line 2 up.
    demo.set_param("shift", "0.05").unwrap();
    let frame = Frame::light(400.0, 320.0, 1.0);
    let view = demo.lines_view(&frame);
    let (px, py) = view.to_pixel(1.0, 1.0);
    let input = |phase, x, y| PointerInput {
        phase,
        x,
        y,
        css_width: 400.0,
        css_height: 320.0,
    };
    assert!(demo.pointer(0, input(PointerPhase::Down, px, py)));
    assert_eq!(demo.param("shift").unwrap(), "0");
    let (_, above) = view.to_pixel(1.0, 1.1);
    assert!(demo.pointer(0, input(PointerPhase::Drag, px, above)));
    // Line 2's normal is (sin 5°, cos 5°): a point 0.1 above (1, 1) is cos 5°·0.1 = 0.0996 off.
    assert_eq!(demo.param("shift").unwrap(), "0.1");
    assert!(!demo.pointer(0, input(PointerPhase::Up, px, above)));
}
