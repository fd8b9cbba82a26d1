//! Tests of the autodiff demo: the trace of both modes, the readouts against hand-computed
//! and dual-number values, the Jacobian readouts against closed forms, and bad input.

use super::*;

fn readout(demo: &Autodiff, name: &str) -> ReadoutValue {
    demo.readouts()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no readout {name}"))
        .value
}

fn numbers(value: ReadoutValue) -> Vec<f64> {
    match value {
        ReadoutValue::Written { exact, .. } => {
            exact.split(", ").map(|v| v.parse().unwrap()).collect()
        }
        ReadoutValue::Number(x) => vec![x],
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_logistic_neuron_gradient_by_hand() {
    let demo = Autodiff::default();
    // f = log(1 + exp(−z)), z = 2w + b at w = 0.5, b = −0.5: z = 0.5; ∂f/∂z = −σ(−z) =
    // −1/(1 + e^z); ∂f/∂w = 2 ∂f/∂z, ∂f/∂b = ∂f/∂z.
    let dz = -1.0 / (1.0 + 0.5f64.exp());
    let gradient = numbers(readout(&demo, "gradient"));
    assert!((gradient[0] - 2.0 * dz).abs() < 1e-15);
    assert!((gradient[1] - dz).abs() < 1e-15);
    for name in ["forward-gradient", "reverse-gradient"] {
        let g = numbers(readout(&demo, name));
        assert!(
            (g[0] - 2.0 * dz).abs() < 1e-15 && (g[1] - dz).abs() < 1e-15,
            "{name}"
        );
    }
    assert!(numbers(readout(&demo, "largest-difference"))[0] < 1e-14);
    // log(1 + exp(−(2x + y))): ×, +, negate, exp, +, log.
    assert_eq!(readout(&demo, "operations"), ReadoutValue::Integer(6));
    // Reverse mode: values for all 10 nodes, then 10 adjoints; the last step is x's adjoint.
    assert_eq!(demo.max_step(), 20);
    assert_eq!(
        readout(&demo, "trace.node"),
        ReadoutValue::Text("v0 = x".into())
    );
    assert_eq!(numbers(readout(&demo, "trace.derivative"))[0], gradient[0]);
    // n = 100: forward 600, reverse 12 for ℝⁿ → ℝ; forward 6, reverse 606 for ℝ → ℝᵐ.
    assert_eq!(
        readout(&demo, "cost.forward-n-to-1"),
        ReadoutValue::Integer(600)
    );
    assert_eq!(
        readout(&demo, "cost.reverse-n-to-1"),
        ReadoutValue::Integer(12)
    );
    assert_eq!(
        readout(&demo, "cost.forward-1-to-m"),
        ReadoutValue::Integer(6)
    );
    assert_eq!(
        readout(&demo, "cost.reverse-1-to-m"),
        ReadoutValue::Integer(606)
    );
}

#[test]
fn stepping_the_forward_trace_of_baydins_example() {
    let mut demo = Autodiff::default();
    demo.set_param("preset", "baydin").unwrap();
    demo.set_param("mode", "forward").unwrap();
    assert_eq!(demo.point, [2.0, 5.0]);
    // Seven nodes, two passes.
    assert_eq!(demo.max_step(), 14);
    demo.go_to_step(0);
    assert_eq!(
        readout(&demo, "trace.phase"),
        ReadoutValue::Text("not started: press Step or Play".into())
    );
    // Step 5: the fifth node of the x pass, v4 = ln x + x·y = ln 2 + 10, tangent 1/x + y = 5.5.
    demo.go_to_step(5);
    assert_eq!(
        readout(&demo, "trace.node"),
        ReadoutValue::Text("v4 = +(v2, v3)".into())
    );
    assert_eq!(numbers(readout(&demo, "trace.value"))[0], 2f64.ln() + 10.0);
    assert_eq!(numbers(readout(&demo, "trace.derivative"))[0], 5.5);
    let states = demo.node_states();
    assert_eq!(states[4], (Some(2f64.ln() + 10.0), Some(5.5)));
    assert_eq!(states[5], (None, None));
    // The data table lists each node's local derivatives: v3 = x·y has (∂/∂x, ∂/∂y) = (y, x).
    let table = demo.plot_table(0).unwrap();
    assert_eq!(
        table.rows[3][0],
        ReadoutValue::Text("v3 = ×(v0, v1)".into())
    );
    assert_eq!(
        table.rows[3][5],
        ReadoutValue::Written {
            shown: "5, 2".into(),
            exact: "5, 2".into()
        }
    );
    // The end of the y pass: ∂f/∂y = x − cos y = 2 − cos 5.
    demo.go_to_step(14);
    assert_eq!(
        numbers(readout(&demo, "trace.derivative"))[0],
        2.0 - 5f64.cos()
    );
    // Playing advances one step every FRAMES_PER_STEP frames.
    demo.go_to_step(0);
    let mut frames = 0;
    while demo.current_step() == 0 {
        assert!(demo.advance_frame());
        frames += 1;
    }
    assert_eq!(frames, 1);
    for _ in 0..FRAMES_PER_STEP {
        demo.advance_frame();
    }
    assert_eq!(demo.current_step(), 2);
}

#[test]
fn jacobian_readouts_match_closed_forms() {
    let mut demo = Autodiff::default();
    demo.set_param("x", "1.5").unwrap();
    demo.set_param("y", "1").unwrap();
    // Polar: det J = x = 1.5.
    assert!((numbers(readout(&demo, "jacobian-det"))[0] - 1.5).abs() < 1e-15);
    demo.set_param("map", "square").unwrap();
    // z²: det J = 4(x² + y²) = 4 · 3.25 = 13; J = [[2x, −2y], [2y, 2x]] = [[3, −2], [2, 3]].
    assert_eq!(
        numbers(readout(&demo, "jacobian")),
        vec![3.0, -2.0, 2.0, 3.0]
    );
    assert!((numbers(readout(&demo, "jacobian-det"))[0] - 13.0).abs() < 1e-14);
    demo.set_param("side", "0.5").unwrap();
    // The curved image of the side-0.5 square: area ratio 4(x² + y²) + 4·(side²/12)·2 =
    // 13 + side²/1.5 exactly (∫∫ 4(x² + y²) over the square), = 13.1666…. The readout
    // samples each edge's image at 100 points, a polygon whose chords cut the curved edges:
    // 1.7·10⁻⁵ short here, the (side/100)² order of a chord's sagitta.
    let ratio = numbers(readout(&demo, "area-ratio"))[0];
    assert!((ratio - (13.0 + 0.25 / 1.5)).abs() < 3e-5, "{ratio}");
    assert!(
        (ratio - 13.0).abs() > 0.1,
        "the curved image is not the parallelogram"
    );
}

#[test]
fn bad_formulas_are_rejected_and_undefined_points_read_undefined() {
    let mut demo = Autodiff::default();
    demo.set_param("preset", "custom").unwrap();
    assert!(demo.set_param("formula", "x*").is_err());
    assert_eq!(demo.param("formula").as_deref(), Some("x*y + sin(x)"));
    demo.set_param("formula", "sqrt(x) * y").unwrap();
    demo.set_param("x", "-1").unwrap();
    assert_eq!(readout(&demo, "f"), ReadoutValue::Text("undefined".into()));
    assert_eq!(
        readout(&demo, "gradient"),
        ReadoutValue::Text("undefined".into())
    );
    assert!(!demo.notices().is_empty());
    assert!(!demo.plot_description(0).unwrap().contains("NaN"));
}
