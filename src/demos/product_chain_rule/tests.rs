//! Behaviour tests of the product/chain-rule demo: readouts against independent references,
//! formulas, undefined points, keyboard and pointer.

use super::*;
use crate::demos::{Frame, PointerInput, PointerPhase};

fn readout(demo: &ProductChainRule, name: &str) -> ReadoutValue {
    demo.readouts()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no readout {name}"))
        .value
}

fn number(demo: &ProductChainRule, name: &str) -> f64 {
    match readout(demo, name) {
        ReadoutValue::Number(x) => x,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn default_state_reads_the_strips_and_corner_of_x_squared_times_sin() {
    let demo = ProductChainRule::default();
    // numpy: x = 1, dx = 0.2, g = x², h = sin x: ΔA = 1.2²·sin 1.2 − sin 1 = 0.5006652989849092,
    // Δg = 0.43999999999999995, Δh = 0.09056810115932978, (gh)′ = 2 sin 1 + cos 1.
    let area_change = number(&demo, "product.area-change");
    assert!((area_change - 0.500_665_298_984_909_2).abs() < 1e-15);
    let strip_h = number(&demo, "product.strip-h");
    assert!((strip_h - 0.44 * 1f64.sin()).abs() < 1e-15);
    let strip_g = number(&demo, "product.strip-g");
    assert!((strip_g - 0.090_568_101_159_329_78).abs() < 1e-15);
    let corner = number(&demo, "product.corner");
    assert!((strip_h + strip_g + corner - area_change).abs() < 1e-15);
    let derivative = number(&demo, "product.derivative");
    assert!((derivative - 2.223_244_275_483_932_8).abs() < 1e-15);
    assert!(
        (number(&demo, "product.quotient-error") - (area_change / 0.2 - derivative)).abs() < 1e-15
    );
    // Chain: f = sin(u²), g = x² at x = 1: u = 1, y = sin 1, (f∘g)′ = 2 cos(1)·2 = 4 cos 1.
    assert_eq!(number(&demo, "chain.u"), 1.0);
    assert!((number(&demo, "chain.y") - 1f64.sin()).abs() < 1e-15);
    assert!((number(&demo, "chain.derivative") - 4.0 * 1f64.cos()).abs() < 1e-15);
    assert!((number(&demo, "chain.linear-dy") - 0.8 * 1f64.cos()).abs() < 1e-15);
    // numpy: np.sin(1.2**4) − np.sin(1) = 0.018398737574575505... computed as below.
    let actual_dy = (1.2f64.powi(2) * 1.2f64.powi(2)).sin() - 1f64.sin();
    assert!((number(&demo, "chain.actual-dy") - actual_dy).abs() < 1e-15);
}

#[test]
fn the_corner_share_falls_tenfold_with_dx() {
    let mut demo = ProductChainRule::default();
    let mut shares = Vec::new();
    for dx in ["0.01", "0.001", "0.0001"] {
        demo.set_param("dx", dx).unwrap();
        shares.push(number(&demo, "product.corner-share"));
    }
    // share ≈ g′h′dx/(gh)′ = 2 cos 1 · dx / 2.2232442754839328 to first order.
    for (share, dx) in shares.iter().zip([1e-2, 1e-3, 1e-4]) {
        let first_order = 2.0 * 1f64.cos() * dx / 2.223_244_275_483_932_8;
        assert!(
            (share / first_order - 1.0).abs() < 0.02,
            "{share} at dx {dx}"
        );
    }
}

#[test]
fn article_lists_are_the_printouts_at_full_precision() {
    let demo = ProductChainRule::default();
    let ReadoutValue::Written { exact, shown } = readout(&demo, "article.product.numpy") else {
        panic!()
    };
    // numpy 2.4 repr of the article's product-rule printout.
    assert_eq!(
        exact,
        "1.473777459065151, -0.5168990011698342, -6.031416901715143"
    );
    assert_eq!(shown, "[1.47378, -0.516899, -6.03142]");
    let ReadoutValue::Written { exact, .. } = readout(&demo, "article.chain.numpy") else {
        panic!()
    };
    assert_eq!(
        exact,
        "0.5498853737222589, -4.494972090014869, -14.631695200586297"
    );
}

#[test]
fn custom_formulas_apply_only_when_chosen_and_bad_ones_are_refused() {
    let mut demo = ProductChainRule::default();
    assert!(!demo.is_control_active("g-formula"));
    demo.set_param("g-formula", "x^3 - x").unwrap();
    // Still the preset x² until "custom" is chosen.
    assert_eq!(number(&demo, "product.g"), 1.0);
    demo.set_param("g", "custom").unwrap();
    assert!(demo.is_control_active("g-formula"));
    assert_eq!(number(&demo, "product.g"), 0.0);
    // g′(1) = 3·1 − 1 = 2.
    assert_eq!(number(&demo, "chain.g-prime"), 2.0);
    let error = demo.set_param("g-formula", "x^^2").unwrap_err();
    assert!(error.contains("formula for g"), "{error}");
    assert_eq!(demo.param("g-formula").as_deref(), Some("x^3 - x"));
    assert!(demo.set_param("f-formula", "x + y").is_err());
}

#[test]
fn undefined_points_read_undefined_with_a_notice() {
    let mut demo = ProductChainRule::default();
    demo.set_param("h-formula", "sqrt(x)").unwrap();
    demo.set_param("h", "custom").unwrap();
    demo.set_param("x", "-1").unwrap();
    assert_eq!(readout(&demo, "product.h").display(), "undefined");
    assert!(demo.notices().iter().any(|n| n.text.contains("undefined")));
    let table = demo.plot_table(0).unwrap();
    assert!(table.rows.iter().flatten().all(|cell| match cell {
        ReadoutValue::Number(x) => x.is_finite(),
        _ => true,
    }));
    // f = log(u) at u = g(x) = x² = 0 is −∞: the chain's numbers read "undefined".
    let mut demo = ProductChainRule::default();
    demo.set_param("f-formula", "log(x)").unwrap();
    demo.set_param("f", "custom").unwrap();
    demo.set_param("x", "0").unwrap();
    assert_eq!(readout(&demo, "chain.y").display(), "undefined");
    assert!(demo.notices().iter().any(|n| n.text.contains("f(u)")));
}

#[test]
fn keys_and_the_handle_move_x() {
    let mut demo = ProductChainRule::default();
    assert!(demo.key(0, "ArrowRight"));
    assert_eq!(demo.param("x").as_deref(), Some("1.01"));
    assert!(demo.key(1, "Shift+ArrowLeft"));
    assert_eq!(demo.param("x").as_deref(), Some("0.91"));
    assert!(!demo.key(2, "ArrowLeft"));
    // Dragging on the track: its left end is −3, its right end 3, so its middle is 0.
    let frame = Frame::light(600.0, 372.0, 1.0);
    let layout = drawing::ChainLayout::new(&frame);
    let input = PointerInput {
        phase: PointerPhase::Down,
        x: (layout.left + layout.right) / 2.0,
        y: layout.track_y,
        css_width: 600.0,
        css_height: 372.0,
    };
    assert!(demo.pointer(1, input));
    assert_eq!(demo.param("x").as_deref(), Some("0"));
    assert!(!demo.pointer(0, input));
}

/// Regression: an embed showing only one plot gives the others a zero-size canvas, and the
/// chain plot's `clamp(left, right)` panicked there (left > right).
pub(crate) fn draws_on_tiny_canvases(demo: &mut dyn crate::demos::Demo, plots: usize) {
    use plotters::prelude::{IntoDrawingArea, SVGBackend};
    for (width, height) in [(0.0, 0.0), (1.0, 1.0), (30.0, 20.0)] {
        let frame = Frame::light(width, height, 2.0);
        for plot in 0..plots {
            let mut svg = String::new();
            let area = SVGBackend::with_string(
                &mut svg,
                (frame.geometry.pixel_width(), frame.geometry.pixel_height()),
            )
            .into_drawing_area();
            // Errors from plotters on a degenerate area are fine; a panic is not.
            let _ = demo.draw_on(plot, crate::demos::Layer::Foreground, &area, &frame);
        }
    }
}

#[test]
fn every_plot_survives_a_zero_size_canvas() {
    let mut demo = ProductChainRule::default();
    draws_on_tiny_canvases(&mut demo, INFO.plots.len());
}
