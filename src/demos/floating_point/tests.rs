//! Tests of the floating-point demo against values from NumPy 2.4 / ml_dtypes 0.7.0 and
//! Python's `decimal` (written next to each).

use super::*;
use crate::demos::test_support::readout_value as readout;

fn text_of(demo: &FloatingPoint, name: &str) -> String {
    match readout(demo, name) {
        ReadoutValue::Text(text) => text,
        ReadoutValue::Written { exact, .. } => exact,
        other => panic!("{name}: {other:?}"),
    }
}

fn number_of(demo: &FloatingPoint, name: &str) -> f64 {
    match readout(demo, name) {
        ReadoutValue::Number(x) => x,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn point_one_in_every_format() {
    let demo = FloatingPoint::default();
    // Python: Decimal(0.1), Decimal(float(np.float32(0.1))).
    assert_eq!(
        text_of(&demo, "f64.exact"),
        "0.1000000000000000055511151231257827021181583404541015625"
    );
    assert_eq!(text_of(&demo, "f32.exact"), "0.100000001490116119384765625");
    // np.float16(0.1) = 0.0999755859375; Decimal of it minus Decimal('0.1') = −0.0000244140625.
    assert_eq!(number_of(&demo, "f16.value"), 0.0999755859375);
    assert_eq!(number_of(&demo, "f16.error"), -0.0000244140625);
    assert_eq!(text_of(&demo, "f16.rounding"), "rounded down");
    assert_eq!(text_of(&demo, "f16.bits"), "0x2e66");
    // ml_dtypes.bfloat16(0.1) = 0.10009765625, rounded up.
    assert_eq!(number_of(&demo, "bf16.value"), 0.10009765625);
    assert_eq!(text_of(&demo, "bf16.rounding"), "rounded up");
    // float64's own error: Decimal(0.1) − Decimal('0.1') = 5.5511151231257827…e-18.
    assert_eq!(number_of(&demo, "f64.error"), 5.551115123125783e-18);
    assert_eq!(
        number_of(&demo, "f64.relative-error"),
        5.551115123125783e-17
    );
    assert_eq!(text_of(&demo, "f64.rounding"), "rounded up");
    // 0.1 + 0.2 and 0.3: Decimal(0.1 + 0.2), Decimal(0.3).
    assert_eq!(number_of(&demo, "sum"), 0.30000000000000004);
    assert_eq!(
        text_of(&demo, "sum.exact"),
        "0.3000000000000000444089209850062616169452667236328125"
    );
    assert_eq!(
        text_of(&demo, "point-three.exact"),
        "0.299999999999999988897769753748434595763683319091796875"
    );
    // The constants table: float16's row.
    assert_eq!(number_of(&demo, "f16.epsilon"), 0.0009765625);
    assert_eq!(number_of(&demo, "f16.max"), 65504.0);
    assert_eq!(number_of(&demo, "e4m3.max"), 448.0);
}

#[test]
fn ties_go_to_even_and_ranges_end() {
    let mut demo = FloatingPoint::default();
    // np.float16(2049.0) = 2048 (tie, 2048's last bit is 0); np.float16(2051.0) = 2052.
    demo.set_param("x", "2049").unwrap();
    assert_eq!(number_of(&demo, "f16.value"), 2048.0);
    assert_eq!(text_of(&demo, "f16.rounding"), "tie, to even (down)");
    assert_eq!(text_of(&demo, "f32.rounding"), "exact");
    demo.set_param("x", "2051").unwrap();
    assert_eq!(number_of(&demo, "f16.value"), 2052.0);
    assert_eq!(text_of(&demo, "f16.rounding"), "tie, to even (up)");
    // 70000: float16 overflows to inf, E4M3 to NaN, bfloat16 keeps it as 70144 (ml_dtypes).
    demo.set_param("example", "70000").unwrap();
    assert_eq!(text_of(&demo, "f16.value"), "∞");
    assert_eq!(text_of(&demo, "f16.rounding"), "overflow to ∞");
    assert_eq!(text_of(&demo, "e4m3.rounding"), "overflow to NaN");
    assert_eq!(text_of(&demo, "f16.error"), "none");
    assert_eq!(number_of(&demo, "bf16.value"), 70144.0);
    // A small gradient: np.float16(1e-7) = 1.1920928955078125e-07 (subnormal), fp8 E4M3 0.
    demo.set_param("example", "1e-7").unwrap();
    assert_eq!(number_of(&demo, "f16.value"), 1.1920928955078125e-07);
    assert_eq!(text_of(&demo, "f16.class"), "subnormal");
    assert_eq!(text_of(&demo, "e4m3.rounding"), "underflow to 0");
    // np.float32(1e-40) = 9.99994610111476e-41, a subnormal.
    demo.set_param("example", "1e-40").unwrap();
    assert_eq!(number_of(&demo, "f32.value"), 9.99994610111476e-41);
    assert_eq!(text_of(&demo, "f32.class"), "subnormal");
}

#[test]
fn bits_and_ulps_move_x() {
    let mut demo = FloatingPoint::default();
    // The float16 row is row 2; flipping its sign bit negates the stored value.
    demo.flip_bit(2, 0);
    assert_eq!(demo.param("x").unwrap(), "-0.0999755859375");
    assert_eq!(number_of(&demo, "x"), -0.0999755859375);
    // +1 ulp in float16 from 0.1: 0x2e66 → 0x2e67 = 0.10003662109375 (NumPy view).
    let mut demo = FloatingPoint::default();
    demo.action("ulp-up").unwrap();
    assert_eq!(demo.x(), 0.10003662109375);
    assert_eq!(text_of(&demo, "f16.rounding"), "exact");
    demo.action("ulp-down").unwrap();
    assert_eq!(demo.x(), 0.0999755859375);
    // The largest float16 has no +1 ulp: an error, nothing changes.
    demo.set_param("x", "65504").unwrap();
    assert!(demo.action("ulp-up").is_err());
    assert_eq!(demo.x(), 65504.0);
    // Keyboard: down to the float16 row's first fraction bit (bit 6), Space flips it:
    // 0x2e66 ^ 0x0200 = 0x2c66 = 0.0687255859375.
    let mut demo = FloatingPoint::default();
    for key in ["ArrowDown", "ArrowDown", "Home"] {
        assert!(demo.key(0, key));
    }
    for _ in 0..6 {
        demo.key(0, "ArrowRight");
    }
    assert!(demo.key(0, " "));
    assert_eq!(text_of(&demo, "f16.bits"), "0x2c66");
    assert_eq!(demo.x(), FORMATS[2].decode(0x2c66));
    assert!(!demo.key(0, "a"));
}

#[test]
fn clicks_land_on_the_bit_under_the_pointer() {
    for (width, height) in [(800.0, 496.0), (350.0, 217.0)] {
        let layout = drawing::BitLayout::new(width, height);
        for (row, format) in FORMATS.iter().enumerate() {
            for bit in [0, format.bits() - 1] {
                let (left, top) = layout.cell(row, bit);
                let hit = layout.hit(
                    left + layout.cell_width / 2.0,
                    top + layout.cell_height / 2.0,
                );
                assert_eq!(hit, Some(BitCursor { row, bit }), "{width}: {row} {bit}");
            }
        }
        // Everything fits in the plot.
        let (_, last_top) = layout.cell(5, 7);
        assert!(last_top + layout.cell_height <= height, "{width}");
    }
}

#[test]
fn typed_input_is_read_or_refused_with_a_reason() {
    let mut demo = FloatingPoint::default();
    demo.set_param("x", "1/3").unwrap();
    assert_eq!(demo.x(), 1.0 / 3.0);
    assert_eq!(demo.param("example").unwrap(), "custom");
    let error = demo.set_param("x", "abc").unwrap_err();
    assert!(error.contains("not a number"), "{error}");
    assert_eq!(demo.x(), 1.0 / 3.0, "the last good number stays");
    assert!(demo.set_param("x", "1/0").is_err());
    demo.set_param("x", "1e400").unwrap();
    assert!(demo.x().is_infinite());
    assert!(demo.notices()[0].text.contains("beyond float64's largest"));
    demo.set_param("x", "-inf").unwrap();
    assert_eq!(text_of(&demo, "x"), "−∞");
    demo.set_param("x", "nan").unwrap();
    assert_eq!(text_of(&demo, "f16.rounding"), "NaN in, NaN out");
    assert_eq!(text_of(&demo, "e4m3.class"), "NaN");
    // The example select names a typed preset and fills the number in.
    demo.set_param("example", "2049").unwrap();
    assert_eq!(demo.param("x").unwrap(), "2049");
    assert_eq!(demo.param("example").unwrap(), "2049");
}
