//! Tests of the attention demo: the readouts against numpy, the causal mask, the controls and
//! their lists, the Monte Carlo's readouts, dragging and the keyboard, and bad input.

use plotters::prelude::*;

use super::*;
use crate::demos::test_support::{readout_number as number, readout_value as readout};
use crate::demos::{DrawDemo, Layer, finish_work};

/// The numbers of a list readout, at full precision (−∞ as "-Infinity").
fn list(demo: &AttentionDemo, name: &str) -> Vec<f64> {
    readout(demo, name)
        .full_precision()
        .split(", ")
        .map(|x| match x {
            "-Infinity" => f64::NEG_INFINITY,
            x => x.parse().unwrap(),
        })
        .collect()
}

fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64) {
    assert_eq!(actual.len(), expected.len(), "{actual:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() <= tolerance, "{actual:?} vs {expected:?}");
    }
}

fn finished() -> AttentionDemo {
    let mut demo = AttentionDemo::default();
    finish_work(&mut demo);
    demo
}

// numpy 2.4 (/work/refpy): Q, K, V the default four tokens, L = Q @ K.T / np.sqrt(2),
// W = np.exp(L - L.max(1, keepdims=True)); W /= W.sum(1, keepdims=True); O = W @ V;
// H = -np.where(W > 0, W * np.log(W), 0).sum(1); the causal case with
// L = np.where(np.triu(np.ones((4, 4)), 1) > 0, -np.inf, L) first.
#[test]
fn default_readouts_match_numpy() {
    let demo = finished();
    assert_close(
        &list(&demo, "weights"),
        &[
            0.7805503336449168,
            0.09693437686113136,
            0.11567805187693307,
            0.006837237617018836,
            0.057073198159371556,
            0.8382701227513547,
            0.004170515010189309,
            0.10048616407908441,
            0.04653601543446056,
            0.0071448625082968795,
            0.8450234184712968,
            0.10129570358594571,
            0.007694579442734595,
            0.061959510606727636,
            0.05192001813510347,
            0.8784258918154344,
        ],
        1e-15,
    );
    assert_close(
        &list(&demo, "outputs"),
        &[
            1.3297445635359675,
            0.18019427848822506,
            0.1058053662983645,
            1.4755679173445406,
            -1.5969748060736726,
            -0.18830168215529766,
            -0.08845087738473775,
            -1.6329327624174135,
        ],
        1e-14,
    );
    let entropies = [
        0.7032011567312988,
        0.5650517408800516,
        0.5522881160438492,
        0.47722464139592263,
    ];
    for (i, h) in entropies.iter().enumerate() {
        assert!((number(&demo, &format!("entropy-{}", i + 1)) - h).abs() < 1e-15);
    }
    assert_eq!(number(&demo, "max-entropy"), 4f64.ln());
    // q₁·k₁/√2 = (1.5·1.8 + 0.5·1)/√2 = 3.2/√2.
    assert_eq!(list(&demo, "logits")[0], 3.2 / 2f64.sqrt());
    for row in list(&demo, "weights").chunks(4) {
        assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }
}

#[test]
fn the_causal_mask_zeroes_the_upper_triangle() {
    let mut demo = AttentionDemo::default();
    demo.set_param("causal", "1").unwrap();
    finish_work(&mut demo);
    let weights = list(&demo, "weights");
    let logits = list(&demo, "logits");
    for i in 0..4 {
        for j in i + 1..4 {
            assert_eq!(weights[i * 4 + j], 0.0);
            assert_eq!(logits[i * 4 + j], f64::NEG_INFINITY);
        }
    }
    assert!(readout(&demo, "logits").display().contains("−∞"));
    // numpy, as above with the mask.
    assert_close(
        &weights[4..12],
        &[
            0.06374448418436604,
            0.9362555158156339,
            0.0,
            0.0,
            0.051781231735672395,
            0.007950181763685563,
            0.940268586500642,
            0.0,
        ],
        1e-15,
    );
    assert_close(
        &list(&demo, "outputs")[..4],
        &[2.0, 0.0, 0.12748896836873208, 1.8725110316312679],
        1e-15,
    );
    // The first query sees only its own key: entropy exactly 0.
    assert_eq!(number(&demo, "entropy-1"), 0.0);
    assert!((number(&demo, "entropy-2") - 0.2371486494902113).abs() < 1e-15);
    let table = demo.plot_table(WEIGHTS).unwrap();
    assert_eq!(
        table.rows[0][2],
        ReadoutValue::Text("masked (0)".to_owned()),
        "{table:?}"
    );
}

#[test]
fn unscaled_logits_are_the_raw_dot_products() {
    let mut demo = AttentionDemo::default();
    demo.set_param("scale", "0").unwrap();
    let logits = list(&demo, "logits");
    // q₁·k₂ = 1.5·(−0.5) + 0.5·2 = 0.25; q₄·k₄ = 3 + 0.5 = 3.5.
    assert_eq!(logits[1], 0.25);
    assert_eq!(logits[15], 3.5);
    // Unscaled logits are √2 times larger, so the rows are sharper: lower entropy.
    let scaled = finished();
    for i in 1..=4 {
        let name = format!("entropy-{i}");
        assert!(number(&demo, &name) < number(&scaled, &name));
    }
}

#[test]
fn token_count_and_point_lists() {
    let mut demo = AttentionDemo::default();
    demo.set_param("tokens", "6").unwrap();
    assert_eq!(list(&demo, "weights").len(), 36);
    assert_eq!(
        demo.param("q").as_deref(),
        Some("1.5,0.5;-1,1.5;0.5,-1.5;-1.5,-0.5;2,2;-2,2.5")
    );
    // Fewer points than tokens replace the first ones; the rest stay.
    demo.set_param("k", "0,0;1,1").unwrap();
    assert_eq!(
        demo.param("k").as_deref(),
        Some("0,0;1,1;1,-2;-2,-1;2.5,-0.5;0,0.5")
    );
    // Lowering n hides points without forgetting them.
    demo.set_param("tokens", "3").unwrap();
    assert_eq!(demo.param("k").as_deref(), Some("0,0;1,1;1,-2"));
    assert!(demo.set_param("k", "0,0;1,1;1,1;2,2").is_err());
    demo.set_param("tokens", "6").unwrap();
    assert_eq!(
        demo.param("k").as_deref(),
        Some("0,0;1,1;1,-2;-2,-1;2.5,-0.5;0,0.5")
    );
    // Bad lists say what is wrong and keep the last good state.
    for bad in ["", "1", "1,2,3", "4,0", "x,1", "NaN,1", "1,1;;;", "1e400,0"] {
        let before = demo.param("v");
        let result = demo.set_param("v", bad);
        if bad == "1,1;;;" {
            assert!(result.is_ok(), "empty entries are skipped");
            demo.set_param("v", "2,0").unwrap();
        } else {
            assert!(result.is_err(), "{bad:?}");
            assert_eq!(demo.param("v"), before);
        }
    }
    // Coordinates are rounded to the two decimals the URL keeps.
    demo.set_param("q", "0.123456,-0.987").unwrap();
    assert!(demo.param("q").unwrap().starts_with("0.12,-0.99;"));
}

#[test]
fn the_monte_carlo_readouts_sit_near_their_expectations() {
    let mut demo = AttentionDemo::default();
    demo.set_param("d", "256").unwrap();
    assert!(matches!(readout(&demo, "dot-variance"), ReadoutValue::Text(t) if t == "computing…"));
    assert_eq!(number(&demo, "dot-variance-exact"), 256.0);
    finish_work(&mut demo);
    // Var((q·k)²) = 2d² + 6d, so 4000 dot products (1000 draws × 4 keys) give the sample
    // variance a standard error of about √((2·256² + 6·256)/4000) ≈ 5.8; 5 of them allowed.
    let variance = number(&demo, "dot-variance");
    assert!((variance - 256.0).abs() < 29.0, "{variance}");
    // numpy (see math::attention's tests) for n = 4: unscaled mean entropy 0.0759 at d = 512
    // and 0.449 at d = 16, scaled 1.112 and 1.120; at d = 256 the unscaled one lies between.
    let unscaled = number(&demo, "mean-entropy-unscaled");
    let scaled = number(&demo, "mean-entropy-scaled");
    assert!(unscaled > 0.03 && unscaled < 0.3, "{unscaled}");
    assert!((scaled - 1.115).abs() < 0.06, "{scaled}");
    // A log slider's in-between value is rounded to a whole dimension.
    demo.set_param("d", "23.71").unwrap();
    assert_eq!(demo.param("d").as_deref(), Some("24"));
    assert!(demo.set_param("d", "0.2").is_err());
    assert!(demo.set_param("d", "600").is_err());
    // The curve's dimensions were kept: only d = 24 is new.
    assert_eq!(demo.saturation.queue, vec![24]);
    finish_work(&mut demo);
    assert_eq!(demo.curve().len(), CURVE_DIMENSIONS.len() + 1);
    // A new seed draws new numbers; the same seed the same ones.
    let before = number(&demo, "dot-variance");
    demo.set_param("seed", "2").unwrap();
    finish_work(&mut demo);
    assert_ne!(number(&demo, "dot-variance"), before);
    demo.set_param("seed", "1").unwrap();
    finish_work(&mut demo);
    assert_eq!(number(&demo, "dot-variance"), before);
}

#[test]
fn the_unscaled_notice_appears_for_large_d() {
    let mut demo = AttentionDemo::default();
    demo.set_param("scale", "0").unwrap();
    demo.set_param("d", "128").unwrap();
    finish_work(&mut demo);
    let notices = demo.notices();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].text.contains("nearly one-hot"));
    demo.set_param("scale", "1").unwrap();
    assert!(demo.notices().is_empty());
}

fn press(plot: usize, phase: PointerPhase, at: [f64; 2]) -> PointerInput {
    let (width, height) = (500.0, 400.0);
    let viewport = AttentionDemo::viewport(&Frame::light(width, height, 1.0));
    let (x, y) = viewport.to_pixel(at[0], at[1]);
    let _ = plot;
    PointerInput {
        phase,
        x,
        y,
        css_width: width,
        css_height: height,
    }
}

#[test]
fn dragging_and_the_keyboard_move_queries_keys_and_values() {
    let mut demo = AttentionDemo::default();
    // Grab k₂ at (−0.5, 2) and drag it onto q₁ at (1.5, 0.5): q₁'s row turns to k₂.
    let before = list(&demo, "weights")[1];
    assert!(demo.pointer(PLANE, press(PLANE, PointerPhase::Down, [-0.5, 2.0])));
    assert_eq!(demo.dragging, Some(Handle::Key(1)));
    assert!(demo.pointer(PLANE, press(PLANE, PointerPhase::Drag, [1.5, 0.6])));
    assert!(demo.pointer(PLANE, press(PLANE, PointerPhase::Up, [1.5, 0.6])));
    assert_eq!(demo.param("k").as_deref(), Some("1.8,1;1.5,0.6;1,-2;-2,-1"));
    assert!(list(&demo, "weights")[1] > before);
    // A press far from every point grabs nothing.
    assert!(!demo.pointer(PLANE, press(PLANE, PointerPhase::Down, [0.0, -3.0])));
    // Dragging beyond the square clamps to ±3.
    assert!(demo.pointer(PLANE, press(PLANE, PointerPhase::Down, [1.5, 0.5])));
    demo.pointer(PLANE, press(PLANE, PointerPhase::Drag, [3.2, 0.5]));
    demo.pointer(PLANE, press(PLANE, PointerPhase::Up, [3.2, 0.5]));
    assert!(demo.param("q").unwrap().starts_with("3,0.5;"));
    // The keyboard: the dragged point stays selected; n / p step through q₁, k₁, q₂, …
    assert_eq!(demo.selected(PLANE), Some(Handle::Query(0)));
    assert!(demo.key(PLANE, "n"));
    assert_eq!(demo.selected(PLANE), Some(Handle::Key(0)));
    assert!(demo.key(PLANE, "ArrowDown"));
    assert!(demo.param("k").unwrap().starts_with("1.8,0.9;"));
    assert!(demo.key(PLANE, "Shift+ArrowLeft"));
    assert!(demo.param("k").unwrap().starts_with("1.3,0.9;"));
    assert!(demo.key(PLANE, "p") && demo.key(PLANE, "p"));
    assert_eq!(demo.selected(PLANE), Some(Handle::Key(3)));
    assert!(!demo.key(PLANE, "Enter"));
    assert!(!demo.key(WEIGHTS, "ArrowUp"));
    // Values on the outputs plot.
    assert!(demo.pointer(OUTPUTS, press(OUTPUTS, PointerPhase::Down, [0.0, 2.0])));
    demo.pointer(OUTPUTS, press(OUTPUTS, PointerPhase::Drag, [1.0, 2.0]));
    demo.pointer(OUTPUTS, press(OUTPUTS, PointerPhase::Up, [1.0, 2.0]));
    assert_eq!(demo.param("v").as_deref(), Some("2,0;1,2;-2,0;0,-2"));
    assert!(demo.key(OUTPUTS, "ArrowUp"));
    assert_eq!(demo.param("v").as_deref(), Some("2,0;1,2.1;-2,0;0,-2"));
    // Lowering the token count drops a selection beyond it.
    demo.set_param("tokens", "3").unwrap();
    assert_eq!(demo.selected(PLANE), None);
    assert!(demo.key(PLANE, "ArrowUp"));
    assert_eq!(demo.selected(PLANE), Some(Handle::Query(0)));
}

#[test]
fn every_plot_draws_without_nan_in_odd_states() {
    let mut demo = AttentionDemo::default();
    // All points on the origin: every logit 0, uniform weights, entropy ln n (exactly for
    // n = 2, whose weights ½ are exact; to the last bit for ⅓, which is not a double).
    demo.set_param("tokens", "3").unwrap();
    demo.set_param("q", "0,0;0,0;0,0").unwrap();
    demo.set_param("k", "0,0;0,0;0,0").unwrap();
    demo.set_param("v", "0,0;0,0;0,0").unwrap();
    demo.set_param("causal", "1").unwrap();
    demo.set_param("d", "1").unwrap();
    assert!((number(&demo, "entropy-3") - 3f64.ln()).abs() <= 4.0 * f64::EPSILON);
    assert_eq!(number(&demo, "entropy-2"), 2f64.ln());
    let frame = Frame::light(390.0, 320.0, 3.0);
    for pending in [true, false] {
        if !pending {
            finish_work(&mut demo);
        }
        for plot in 0..PLOTS.len() {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (1170, 960)).into_drawing_area();
                demo.draw(plot, Layer::Foreground, &area, &frame).unwrap();
                area.present().unwrap();
            }
            assert!(!svg.contains("NaN"), "plot {plot}");
            assert!(!svg.contains("inf"), "plot {plot}");
        }
        assert!(demo.plot_description(SATURATION).is_some());
    }
    assert_eq!(
        demo.plot_table(SATURATION).unwrap().rows.len(),
        CURVE_DIMENSIONS.len()
    );
}
