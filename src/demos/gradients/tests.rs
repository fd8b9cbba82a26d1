//! Tests of the gradients demo: readouts against closed forms, the directional derivative
//! over angles, the observed orders of the Taylor errors, and the pointer and keys.

use super::*;
use crate::demos::{DrawDemo, Frame};
use plotters::prelude::IntoDrawingArea;

fn readout(demo: &Gradients, name: &str) -> ReadoutValue {
    demo.readouts()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no readout {name}"))
        .value
}

fn number_readout(demo: &Gradients, name: &str) -> f64 {
    match readout(demo, name) {
        ReadoutValue::Number(x) => x,
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn default_readouts_are_himmelblaus_closed_forms() {
    let demo = Gradients::default();
    // Himmelblau at (−0.5, −0.5): a = x² + y − 11 = −11.25, b = x + y² − 7 = −7.25;
    // f = a² + b² = 126.5625 + 52.5625 = 179.125; f_x = 4xa + 2b = 22.5 − 14.5 = 8;
    // f_y = 2a + 4yb = −22.5 + 14.5 = −8; H = [[12x² + 4y − 42, 4x + 4y], [·, 4x + 12y² − 26]]
    // = [[−41, −4], [−4, −25]].
    assert_eq!(demo.point, [-0.5, -0.5]);
    assert_eq!(number_readout(&demo, "f"), 179.125);
    assert_eq!(number_readout(&demo, "df-dx"), 8.0);
    assert_eq!(number_readout(&demo, "df-dy"), -8.0);
    assert_eq!(number_readout(&demo, "gradient-norm"), 128f64.sqrt());
    assert!((number_readout(&demo, "gradient-angle") - 315.0).abs() < 1e-12);
    assert_eq!(
        readout(&demo, "hessian"),
        ReadoutValue::Written {
            shown: "[[−41, −4], [−4, −25]]".into(),
            exact: "-41, -4, -4, -25".into()
        }
    );
    // Eigenvalues of [[−41, −4], [−4, −25]]: −33 ± √(64 + 16) = −33 ± 4√5.
    let ReadoutValue::Written { exact, .. } = readout(&demo, "curvatures") else {
        panic!()
    };
    let values: Vec<f64> = exact.split(", ").map(|v| v.parse().unwrap()).collect();
    assert!((values[0] - (-33.0 + 4.0 * 5f64.sqrt())).abs() < 1e-12);
    assert!((values[1] - (-33.0 - 4.0 * 5f64.sqrt())).abs() < 1e-12);
    // u at 120°: D_u f = 8 cos 120° − 8 sin 120° = −4 − 4√3.
    let d = number_readout(&demo, "directional-derivative");
    assert!((d - (-4.0 - 4.0 * 3f64.sqrt())).abs() < 1e-12, "{d}");
    // Newton step −H⁻¹∇f: H⁻¹ = [[−25, 4], [4, −41]] / (1025 − 16); −H⁻¹(8, −8) =
    // −(−200 − 32, 32 + 328)/1009 = (232, −360)/1009.
    let ReadoutValue::Written { exact, .. } = readout(&demo, "newton-step") else {
        panic!()
    };
    let step: Vec<f64> = exact.split(", ").map(|v| v.parse().unwrap()).collect();
    assert!((step[0] - 232.0 / 1009.0).abs() < 1e-15);
    assert!((step[1] + 360.0 / 1009.0).abs() < 1e-15);
    // The default shows the expected orders.
    assert!((number_readout(&demo, "order-first") - 2.0).abs() < 0.1);
    assert!((number_readout(&demo, "order-second") - 3.0).abs() < 0.1);
}

#[test]
fn the_polar_table_is_a_cosine_peaking_at_the_gradient() {
    let mut demo = Gradients::default();
    demo.set_param("surface", "rosenbrock").unwrap();
    demo.set_param("x0", "-1").unwrap();
    demo.set_param("y0", "1.5").unwrap();
    // Rosenbrock at (−1, 1.5): f_x = −2(1 − x) − 400x(y − x²) = −4 + 200 = 196,
    // f_y = 200(y − x²) = 100; |∇f| = √(196² + 100²) = √48416.
    let norm = 48416f64.sqrt();
    assert!((number_readout(&demo, "gradient-norm") - norm).abs() < 1e-12 * norm);
    let table = demo.plot_table(2).unwrap();
    let mut best = (f64::NEG_INFINITY, 0.0);
    for row in &table.rows {
        let [
            ReadoutValue::Number(angle),
            ReadoutValue::Number(d),
            ReadoutValue::Number(cosine),
        ] = row[..]
        else {
            panic!("{row:?}")
        };
        assert!((d - cosine).abs() < 1e-12 * norm);
        if d > best.0 {
            best = (d, angle);
        }
    }
    // The largest sampled value (every 5°) is at the sample nearest atan2(100, 196) = 27.03°.
    assert_eq!(best.1, 25.0);
    // Turning u onto the gradient's angle gives exactly |∇f|; at right angles zero.
    let angle = number_readout(&demo, "gradient-angle");
    demo.angle_degrees = angle;
    demo.recompute();
    assert!((number_readout(&demo, "directional-derivative") - norm).abs() < 1e-12 * norm);
    demo.angle_degrees = angle + 90.0;
    demo.recompute();
    assert!(number_readout(&demo, "directional-derivative").abs() < 1e-12 * norm);
}

#[test]
fn the_bowls_quadratic_model_is_exact() {
    let mut demo = Gradients::default();
    demo.set_param("surface", "bowl").unwrap();
    assert_eq!(
        readout(&demo, "order-second"),
        ReadoutValue::Text("exact (no error above rounding)".into())
    );
    assert!((number_readout(&demo, "order-first") - 2.0).abs() < 1e-6);
    // x² + y² has H = 2I: the Newton step lands on the origin from anywhere.
    let ReadoutValue::Written { exact, .. } = readout(&demo, "newton-step") else {
        panic!()
    };
    assert_eq!(exact, "1.5, -1.2");
}

#[test]
fn a_formula_undefined_at_the_point_reads_undefined() {
    let mut demo = Gradients::default();
    demo.set_param("surface", "custom").unwrap();
    demo.set_param("formula", "log(x) + y").unwrap();
    demo.set_param("x0", "-1").unwrap();
    assert_eq!(readout(&demo, "f"), ReadoutValue::Text("undefined".into()));
    assert!(demo.notices().iter().any(|n| n.text.contains("undefined")));
    assert!(demo.set_param("formula", "log(x").is_err());
    assert_eq!(demo.param("formula").as_deref(), Some("log(x) + y"));
    // Every plot still draws.
    for plot in 0..PLOTS.len() {
        let mut svg = String::new();
        {
            let area = plotters::prelude::SVGBackend::with_string(&mut svg, (400, 300))
                .into_drawing_area();
            let frame = Frame::light(400.0, 300.0, 1.0);
            demo.draw(plot, crate::demos::Layer::Background, &area, &frame)
                .unwrap();
            demo.draw(plot, crate::demos::Layer::Foreground, &area, &frame)
                .unwrap();
        }
        assert!(!svg.contains("NaN"), "plot {plot}");
    }
    demo.set_param("x0", "2").unwrap();
    assert_eq!(number_readout(&demo, "df-dx"), 0.5);
}

#[test]
fn dragging_the_map_moves_the_point_and_the_polar_plot_turns_u() {
    let mut demo = Gradients::default();
    let viewport =
        crate::demos::drawing::equal_scale_viewport(&demo.surface.domain(), 600.0, 450.0);
    let (px, py) = viewport.to_pixel(2.0, -1.0);
    let input = |x, y| PointerInput {
        phase: PointerPhase::Drag,
        x,
        y,
        css_width: 600.0,
        css_height: 450.0,
    };
    assert!(demo.pointer(0, input(px, py)));
    assert_eq!(demo.point, [2.0, -1.0]);
    let frame = Frame::light(500.0, 400.0, 1.0);
    let polar = demo.polar_viewport(&frame);
    let (px, py) = polar.to_pixel(-1.0, 1.0);
    let input = PointerInput {
        css_width: 500.0,
        css_height: 400.0,
        ..input(px, py)
    };
    assert!(demo.pointer(2, input));
    assert_eq!(demo.param("angle").as_deref(), Some("135"));
    assert!(demo.key(2, "ArrowLeft"));
    assert_eq!(demo.param("angle").as_deref(), Some("140"));
    assert!(demo.key(2, "Shift+ArrowRight"));
    assert_eq!(demo.param("angle").as_deref(), Some("95"));
    assert!(demo.key(0, "ArrowUp"));
    assert_eq!(demo.point, [2.0, -0.9]);
    assert!(demo.key(0, "Shift+ArrowLeft"));
    assert_eq!(demo.point, [1.0, -0.9]);
}

#[test]
fn model_contours_are_drawn_and_described() {
    let mut demo = Gradients::default();
    demo.set_param("model", "quadratic").unwrap();
    assert!(
        demo.plot_description(0)
            .unwrap()
            .contains("contours of the quadratic model")
    );
    let draw = |demo: &mut Gradients| {
        let mut svg = String::new();
        {
            let area = plotters::prelude::SVGBackend::with_string(&mut svg, (400, 300))
                .into_drawing_area();
            let frame = Frame::light(400.0, 300.0, 1.0);
            demo.draw(0, crate::demos::Layer::Background, &area, &frame)
                .unwrap();
            demo.draw(0, crate::demos::Layer::Foreground, &area, &frame)
                .unwrap();
        }
        svg
    };
    let with_model = draw(&mut demo);
    demo.set_param("model", "none").unwrap();
    let without = draw(&mut demo);
    // The model's contours are extra paths in its own colour (255, 150, 210).
    assert!(with_model.contains("#FF96D2"), "no model contour drawn");
    assert!(!without.contains("#FF96D2"));
}
