//! Tests of the limits demo: readouts against closed forms and NumPy/mpmath references.
// The mpmath references keep all 20 digits printed, beyond what an f64 holds.
#![allow(clippy::excessive_precision)]

use super::*;
use crate::demos::Frame;

fn readout(demo: &Limits, name: &str) -> ReadoutValue {
    demo.readouts()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no readout {name}"))
        .value
}

fn number_readout(demo: &Limits, name: &str) -> f64 {
    match readout(demo, name) {
        ReadoutValue::Number(x) => x,
        other => panic!("{name}: {other:?}"),
    }
}

fn with(settings: &[(&str, &str)]) -> Limits {
    let mut demo = Limits::default();
    for (key, value) in settings {
        demo.set_param(key, value)
            .unwrap_or_else(|e| panic!("{key}={value}: {e}"));
    }
    demo
}

#[test]
fn default_is_the_article_example_with_its_recipe() {
    let demo = Limits::default();
    assert_eq!(readout(&demo, "limit"), ReadoutValue::Text("1".into()));
    assert_eq!(
        readout(&demo, "case"),
        ReadoutValue::Text("removable discontinuity".into())
    );
    // numpy: round(max(abs(sin(x)/x)), 5) over linspace(0.001, 1, 1000) = 1.0, at x = 0.001.
    assert_eq!(number_readout(&demo, "recipe"), 1.0);
    assert_eq!(number_readout(&demo, "recipe-at"), 0.001);
    // 1 − sin δ/δ = 0.01: mpmath.findroot gives δ = 0.24531780885402529670…
    let delta = number_readout(&demo, "delta");
    assert!((delta - 0.245_317_808_854_025_3).abs() < 1e-9, "{delta}");
    assert!((number_readout(&demo, "delta-grid-spacing") - delta / 2000.0).abs() < 1e-15);
}

#[test]
fn typed_presets_give_the_closed_form_limits_and_cases() {
    // Each preset's closed-form one-sided limits and case, recovered numerically from the
    // same formula typed as a custom function.
    for preset in PRESETS.iter().filter(|p| !p.at_infinity) {
        let exact = with(&[("function", preset.key)]);
        let typed = with(&[
            ("function", "custom"),
            ("formula", preset.formula),
            ("a", &format_param_number(preset.point)),
        ]);
        for name in ["left-limit", "right-limit"] {
            match (readout(&exact, name), readout(&typed, name)) {
                (ReadoutValue::Number(p), ReadoutValue::Number(q)) => {
                    assert!((p - q).abs() < 1e-7, "{}: {name} {p} vs {q}", preset.key)
                }
                (p, q) => assert_eq!(p, q, "{}: {name}", preset.key),
            }
        }
        assert_eq!(
            readout(&exact, "case"),
            readout(&typed, "case"),
            "{}",
            preset.key
        );
    }
    let jump = with(&[("function", "sign")]);
    assert_eq!(number_readout(&jump, "left-limit"), -1.0);
    assert_eq!(number_readout(&jump, "right-limit"), 1.0);
    assert_eq!(
        readout(&jump, "delta"),
        ReadoutValue::Text("none: no δ keeps f within ε".into())
    );
    let pole = with(&[("function", "reciprocal")]);
    assert_eq!(
        readout(&pole, "left-limit"),
        ReadoutValue::Text("−∞".into())
    );
    assert_eq!(
        readout(&pole, "right-limit"),
        ReadoutValue::Text("+∞".into())
    );
    let wild = with(&[("function", "sin-reciprocal")]);
    assert_eq!(
        readout(&wild, "case"),
        ReadoutValue::Text("oscillating discontinuity".into())
    );
    let continuous = with(&[("function", "custom"), ("formula", "x^2"), ("a", "3")]);
    assert_eq!(
        readout(&continuous, "case"),
        ReadoutValue::Text("continuous".into())
    );
}

#[test]
fn cancellation_table_is_what_float64_gives_and_the_rewrite_is_exact() {
    let demo = with(&[("function", "one-minus-cos")]);
    // numpy float64: (1 - np.cos(h)) / h**2 for h = 1e-1 … 1e-16 (cos is even, so both
    // sides agree).
    let numpy = "0.49958347219741783, 0.4999958333473664, 0.49999995832550326, \
                 0.4999999969612645, 0.5000000413701854, 0.5000444502911705, \
                 0.4996003610813205, 0, 0, 0, 0, 0, 0, 0, 0, 0";
    let ReadoutValue::Written { exact, .. } = readout(&demo, "right-values") else {
        panic!()
    };
    assert_eq!(exact, numpy);
    let ReadoutValue::Written { exact, .. } = readout(&demo, "left-values") else {
        panic!()
    };
    assert_eq!(exact, numpy);
    // mpmath at 50 digits: (1 − cos h)/h² = 0.5 − h²/24 + …; the rewrite is within an ulp.
    let ReadoutValue::Written { exact, .. } = readout(&demo, "stable-values") else {
        panic!()
    };
    let mpmath = [
        0.4995834721974233904,
        0.49999583334722219742,
        0.49999995833333472222,
        0.49999999958333333347,
        0.49999999999583333333,
        0.49999999999995833333,
        0.49999999999999958333,
    ];
    for (value, reference) in exact.split(", ").zip(mpmath) {
        let value: f64 = value.parse().unwrap();
        assert!((value - reference).abs() <= f64::EPSILON / 2.0, "{value}");
    }
    // The naive column is closest to 1/2 at h = 1e-4 (error 3.04e-9), worse on both sides.
    assert_eq!(number_readout(&demo, "best-h"), 1e-4);
    let error = number_readout(&demo, "best-error");
    assert!(
        (error - (0.5 - 0.4999999969612645)).abs() < 1e-20,
        "{error}"
    );
}

#[test]
fn article_recipe_is_wrong_where_the_maximum_is_not_at_the_left_end() {
    let hole = with(&[("function", "hole")]);
    assert_eq!(number_readout(&hole, "recipe"), 3.0);
    assert_eq!(readout(&hole, "limit"), ReadoutValue::Text("2".into()));
    let pole = with(&[("function", "reciprocal")]);
    // 1/0.001 = 1000 on the grid: the recipe reports 1000 for an infinite limit.
    assert_eq!(number_readout(&pole, "recipe"), 1000.0);
}

#[test]
fn limit_at_infinity_goes_through_t_equals_one_over_x() {
    let demo = with(&[("function", "compound")]);
    assert_eq!(number_readout(&demo, "right-limit"), std::f64::consts::E);
    let delta = number_readout(&demo, "delta");
    assert_eq!(number_readout(&demo, "x-threshold"), 1.0 / delta);
    // (1 + t)^(1/t) decreases from e as t grows: e − (1 + δ)^(1/δ) = ε at the largest δ.
    let epsilon = demo.epsilon();
    let gap = std::f64::consts::E - (1.0 + delta).powf(1.0 / delta);
    assert!((gap - epsilon).abs() < 1e-9, "{gap}");
    // float64 with C pow: (1 + 1/x)**x at x = 1e16 is exactly 1; the rewrite gives e.
    let ReadoutValue::Written { exact, .. } = readout(&demo, "right-values") else {
        panic!()
    };
    assert!(exact.ends_with("3.035035206549262, 1"), "{exact}");
    let ReadoutValue::Written { exact, .. } = readout(&demo, "stable-values") else {
        panic!()
    };
    assert!(exact.ends_with("2.718281828459045"), "{exact}");
}

#[test]
fn bad_formulas_are_refused_and_the_last_good_one_kept() {
    let mut demo = with(&[("function", "custom"), ("formula", "sin(2*x)/x")]);
    for bad in ["sin(x", "x*y", "2x", ""] {
        assert!(demo.set_param("formula", bad).is_err(), "{bad}");
    }
    assert_eq!(demo.param("formula").as_deref(), Some("sin(2*x)/x"));
    let limit = number_readout(&demo, "right-limit");
    assert!((limit - 2.0).abs() < 1e-7, "{limit}");
    // Undefined next to a: sqrt(x) at −1 has no limit, said in words.
    demo.set_param("formula", "sqrt(x)").unwrap();
    demo.set_param("a", "-1").unwrap();
    assert_eq!(
        readout(&demo, "case"),
        ReadoutValue::Text("undefined near a".into())
    );
    assert!(!demo.notices().is_empty());
}

#[test]
fn dragging_and_arrow_keys_set_epsilon() {
    let mut demo = Limits::default();
    assert!(demo.key(0, "ArrowUp"));
    assert_eq!(demo.param("epsilon").as_deref(), Some("0.0126"));
    assert!(demo.key(0, "Shift+ArrowDown"));
    assert_eq!(demo.param("epsilon").as_deref(), Some("0.00126"));
    let frame = Frame::light(600.0, 372.0, 1.0);
    let viewport = drawing::curve_viewport(&demo, &frame);
    let (px, py) = viewport.to_pixel(0.5, 1.1);
    let input = PointerInput {
        phase: PointerPhase::Drag,
        x: px,
        y: py,
        css_width: 600.0,
        css_height: 372.0,
    };
    assert!(demo.pointer(0, input));
    let epsilon = demo.epsilon();
    assert!((epsilon - 0.1).abs() < 0.005, "{epsilon}");
}

#[test]
fn the_limit_at_infinity_is_named_as_convergence() {
    let demo = with(&[("function", "compound")]);
    assert_eq!(
        readout(&demo, "case"),
        ReadoutValue::Text("converges: f settles on L as x → ∞".into())
    );
    assert!(
        drawing::curve_description(&demo).contains("converges"),
        "{}",
        drawing::curve_description(&demo)
    );
}

/// Every cell of every table is a finite number or non-empty text, and no description or
/// readout shows NaN: for every preset, not only the default and the control's example.
#[test]
fn every_preset_keeps_the_data_contract() {
    for preset in PRESETS.iter().map(|p| p.key).chain(["custom"]) {
        for epsilon in ["0.000001", "0.5"] {
            let demo = with(&[("function", preset), ("epsilon", epsilon)]);
            for plot in 0..2 {
                let table = demo.plot_table(plot).unwrap();
                for row in &table.rows {
                    assert_eq!(row.len(), table.columns.len(), "{preset} {plot}");
                    for cell in row {
                        match cell {
                            ReadoutValue::Number(x) => assert!(x.is_finite(), "{preset}"),
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
            // Every plot draws.
            let mut demo = demo;
            let mut svg = String::new();
            {
                use crate::demos::{DrawOn, Layer};
                let backend = plotters::backend::SVGBackend::with_string(&mut svg, (600, 372));
                let area = plotters::prelude::IntoDrawingArea::into_drawing_area(backend);
                let frame = Frame::light(600.0, 372.0, 1.0);
                for plot in 0..2 {
                    demo.draw_on(plot, Layer::Foreground, &area, &frame)
                        .unwrap_or_else(|e| panic!("{preset}: {e}"));
                }
            }
            assert!(
                svg.contains("<path") || svg.contains("<polyline"),
                "{preset}"
            );
        }
    }
}

#[test]
fn descriptions_follow_epsilon() {
    let mut demo = Limits::default();
    let before = demo.plot_description(0);
    demo.set_param("epsilon", "0.1").unwrap();
    assert_ne!(before, demo.plot_description(0));
}
