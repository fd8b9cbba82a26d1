//! Tests of the derivatives demo: exact derivatives of the presets, the error curves' shape
//! through the readouts, numpy.gradient against NumPy, stepping and bad input.

use super::*;
use crate::demos::Frame;

fn value(demo: &Derivatives, name: &str) -> ReadoutValue {
    demo.readouts()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no readout {name}"))
        .value
}

fn number(demo: &Derivatives, name: &str) -> f64 {
    match value(demo, name) {
        ReadoutValue::Number(x) => x,
        other => panic!("{name}: {other:?}"),
    }
}

fn exact_list_of(demo: &Derivatives, name: &str) -> String {
    match value(demo, name) {
        ReadoutValue::Written { exact, .. } => exact,
        other => panic!("{name}: {other:?}"),
    }
}

fn with(settings: &[(&str, &str)]) -> Derivatives {
    let mut demo = Derivatives::default();
    for (key, value) in settings {
        demo.set_param(key, value)
            .unwrap_or_else(|e| panic!("{key}={value}: {e}"));
    }
    demo
}

#[test]
fn every_preset_has_its_closed_form_derivative() {
    // Closed forms at x = 0.7, written without cancellation.
    let x: f64 = 0.7;
    let cases: [(&str, f64); 5] = [
        ("sin", x.cos()),
        ("exp", x.exp()),
        ("cubic", 3.0 * x * x - 2.0),
        ("sigmoid", (-x).exp() / (1.0 + (-x).exp()).powi(2)),
        ("log", 1.0 / x),
    ];
    for (preset, exact) in cases {
        let demo = with(&[("function", preset), ("x", "0.7")]);
        let ad = number(&demo, "exact");
        assert!(
            ((ad - exact) / exact).abs() <= 1e-12,
            "{preset}: {ad} vs {exact}"
        );
        // The complex step agrees to a few ulps at any small h.
        let demo = with(&[("function", preset), ("x", "0.7"), ("h", "1e-12")]);
        let complex = number(&demo, "complex-step");
        assert!(
            ((complex - exact) / exact).abs() <= 8.0 * f64::EPSILON,
            "{preset}"
        );
    }
}

#[test]
fn error_curves_show_truncation_slopes_and_the_best_steps() {
    for preset in ["sin", "exp", "cubic", "sigmoid"] {
        let demo = with(&[("function", preset)]);
        let forward = number(&demo, "forward.slope");
        let central = number(&demo, "central.slope");
        assert!(
            (forward - 1.0).abs() <= 0.1,
            "{preset}: forward slope {forward}"
        );
        assert!(
            (central - 2.0).abs() <= 0.1,
            "{preset}: central slope {central}"
        );
        let ratio = number(&demo, "forward.best-h") / f64::EPSILON.sqrt();
        assert!((0.1..=10.0).contains(&ratio), "{preset}: forward {ratio}");
        let ratio = number(&demo, "central.best-h") / f64::EPSILON.cbrt();
        assert!((0.1..=10.0).contains(&ratio), "{preset}: central {ratio}");
        // The complex step's best error is at the level of rounding.
        assert!(number(&demo, "complex-step.best-error") <= 4.0 * f64::EPSILON);
    }
    let demo = Derivatives::default();
    assert_eq!(number(&demo, "sqrt-epsilon"), 2f64.powi(-26));
}

#[test]
fn numpy_gradient_of_the_article_example_is_done_right() {
    let demo = Derivatives::default();
    // numpy: np.gradient([0, 10, 40, 90, 160], [0, 1, 2, 3, 4]) = [10. 20. 40. 60. 70.],
    // with edge_order=2 [0. 20. 40. 60. 80.] (the article printed [3 432 27 48 675]).
    assert_eq!(
        exact_list_of(&demo, "np-gradient.article"),
        "10, 20, 40, 60, 70"
    );
    assert_eq!(
        exact_list_of(&demo, "np-gradient.article-edge2"),
        "0, 20, 40, 60, 80"
    );
}

#[test]
fn numpy_gradient_on_uneven_samples_matches_numpy() {
    // numpy: xs = -1 + 4·s(1 + s)/2 for s = i/8, np.gradient(np.sin(xs), xs[, edge_order=2]).
    let demo = with(&[("spacing", "uneven")]);
    assert_eq!(
        exact_list_of(&demo, "np-gradient.samples-x"),
        "-1, -0.71875, -0.375, 0.03125, 0.5, 1.03125, 1.625, 2.28125, 3"
    );
    let numpy_first = [
        0.6507611907460584,
        0.7403981948987945,
        0.908873256699115,
        0.9681110637459298,
        0.841923015536151,
        0.4878562109732173,
        -0.04974033307195558,
        -0.6012111284596924,
        -0.8583597500965676,
    ];
    let numpy_second_ends = (0.5611241865933227, -1.1155083717334429);
    let close = |p: f64, q: f64| (p - q).abs() <= 4.0 * f64::EPSILON * q.abs().max(1.0);
    let got: Vec<f64> = exact_list_of(&demo, "np-gradient.samples")
        .split(", ")
        .map(|v| v.parse().unwrap())
        .collect();
    for (p, q) in got.iter().zip(numpy_first) {
        assert!(close(*p, q), "{p} vs {q}");
    }
    let demo = with(&[("spacing", "uneven"), ("edge-order", "2")]);
    let got: Vec<f64> = exact_list_of(&demo, "np-gradient.samples")
        .split(", ")
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(close(got[0], numpy_second_ends.0) && close(got[8], numpy_second_ends.1));
    // A quadratic is differentiated exactly by the uneven three-point formula and by
    // second-order edges.
    let demo = with(&[
        ("function", "custom"),
        ("formula", "3*x^2 - x"),
        ("spacing", "uneven"),
        ("edge-order", "2"),
    ]);
    assert!(number(&demo, "np-gradient.max-error") < 1e-12);
}

#[test]
fn play_shrinks_h_by_a_quarter_decade_per_step() {
    let mut demo = Derivatives::default();
    assert_eq!(demo.current_step(), 0);
    assert_eq!(number(&demo, "h"), 0.5);
    demo.go_to_step(4);
    assert!((number(&demo, "h") - 0.05).abs() < 1e-16);
    // h = 0.5 reaches 10⁻¹⁶ after floor(4 · log10(0.5e16)) = 62 steps.
    assert_eq!(demo.max_step(), 62);
    demo.go_to_step(1000);
    assert!(number(&demo, "h") >= 1e-16);
}

#[test]
fn bad_formulas_are_refused_and_undefined_points_said() {
    let mut demo = with(&[("function", "custom")]);
    for bad in ["sin(", "y", "2x", ""] {
        assert!(demo.set_param("formula", bad).is_err(), "{bad}");
    }
    assert_eq!(demo.param("formula").as_deref(), Some("x^2*sin(x)"));
    demo.set_param("function", "log").unwrap();
    demo.set_param("x", "-1").unwrap();
    assert!(!demo.notices().is_empty());
    assert_eq!(
        value(&demo, "exact"),
        ReadoutValue::Text("undefined".into())
    );
}

#[test]
fn clicking_and_keys_move_x_and_h() {
    let mut demo = Derivatives::default();
    assert!(demo.key(0, "ArrowRight"));
    assert_eq!(demo.param("x").as_deref(), Some("1.1"));
    assert!(demo.key(0, "ArrowDown"));
    assert_eq!(demo.param("h").as_deref(), Some("0.281"));
    let frame = Frame::light(600.0, 372.0, 1.0);
    let viewport = drawing::secant_viewport(&demo, &frame);
    let (px, py) = viewport.to_pixel(0.0, 0.0);
    let input = PointerInput {
        phase: PointerPhase::Down,
        x: px,
        y: py,
        css_width: 600.0,
        css_height: 372.0,
    };
    assert!(demo.pointer(0, input));
    assert_eq!(demo.param("x").as_deref(), Some("0"));
}

/// Every preset, at a small and a large h: tables finite or text, no NaN shown, plots draw.
#[test]
fn every_preset_keeps_the_data_contract() {
    for preset in FUNCTIONS.iter().map(|f| f.0) {
        for (h, x) in [("1e-16", "1"), ("1", "-0.5")] {
            let mut demo = with(&[("function", preset), ("h", h), ("x", x)]);
            for plot in 0..3 {
                let table = demo.plot_table(plot).unwrap();
                for row in &table.rows {
                    assert_eq!(row.len(), table.columns.len(), "{preset} {plot}");
                    for cell in row {
                        match cell {
                            ReadoutValue::Number(v) => assert!(v.is_finite(), "{preset}"),
                            ReadoutValue::Text(t) => assert!(!t.is_empty(), "{preset}"),
                            _ => {}
                        }
                    }
                }
                let description = demo.plot_description(plot).unwrap();
                assert!(!description.contains("NaN"), "{preset}: {description}");
            }
            for readout in demo.readouts() {
                assert!(!readout.value.display().contains("NaN"), "{preset}");
            }
            let mut svg = String::new();
            {
                use crate::demos::{DrawOn, Layer};
                let backend = plotters::backend::SVGBackend::with_string(&mut svg, (600, 372));
                let area = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
                let frame = Frame::light(600.0, 372.0, 1.0);
                for plot in 0..3 {
                    demo.draw_on(plot, Layer::Foreground, &area, &frame)
                        .unwrap_or_else(|e| panic!("{preset}: {e}"));
                }
            }
            assert!(!svg.is_empty());
        }
    }
}

#[test]
fn descriptions_follow_h() {
    let mut demo = Derivatives::default();
    let before = demo.plot_description(0);
    demo.set_param("h", "0.01").unwrap();
    assert_ne!(before, demo.plot_description(0));
}
