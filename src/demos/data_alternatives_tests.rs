//! Every plot of the Probability & statistics and Neural network demos has a data
//! alternative: a table whose rows match its columns and whose numbers are finite, and a
//! description in words, in the default state and after each control's documented example
//! value. (B1's generic test covers every demo; this one also walks the controls.)

use super::*;

/// The demos whose `plot_table` / `plot_description` these tests hold to the contract.
const DEMOS: [&str; 12] = [
    "distributions",
    "lln-clt",
    "covariance",
    "bayes",
    "kl-divergence",
    "t-test",
    "monte-carlo",
    "nn-playground",
    "backprop",
    "activations",
    "single-neuron",
    "convolution",
];

fn info(id: &str) -> &'static DemoInfo {
    registry()
        .iter()
        .find(|info| info.id == id)
        .unwrap_or_else(|| panic!("no demo {id}"))
}

/// Checks every plot of `demo`; `context` names the state in failure messages.
fn assert_data_alternatives(info: &DemoInfo, demo: &dyn Demo, context: &str) {
    for (plot, spec) in info.plots.iter().enumerate() {
        let at = format!("{} plot {} ({context})", info.id, spec.id);
        let table = demo
            .plot_table(plot)
            .unwrap_or_else(|| panic!("{at}: no table"));
        assert!(!table.caption.trim().is_empty(), "{at}: no caption");
        assert!(!table.columns.is_empty(), "{at}: no columns");
        assert!(
            table.columns.iter().all(|c| !c.trim().is_empty()),
            "{at}: an empty column heading in {:?}",
            table.columns
        );
        assert!(
            table.rows.len() <= PLOT_TABLE_MAX_ROWS,
            "{at}: {} rows, more than the shell shows",
            table.rows.len()
        );
        for row in &table.rows {
            assert_eq!(row.len(), table.columns.len(), "{at}: {row:?}");
            for cell in row {
                match cell {
                    ReadoutValue::Number(x) => assert!(x.is_finite(), "{at}: {row:?}"),
                    ReadoutValue::Text(text) => assert!(!text.is_empty(), "{at}: {row:?}"),
                    ReadoutValue::Integer(_) => {}
                    ReadoutValue::Written { shown, exact } => {
                        assert!(!shown.is_empty() && !exact.is_empty(), "{at}: {row:?}")
                    }
                }
            }
        }
        let description = demo
            .plot_description(plot)
            .unwrap_or_else(|| panic!("{at}: no description"));
        assert!(description.len() > 20, "{at}: {description:?}");
        assert!(!description.contains("NaN"), "{at}: {description}");
        assert!(!description.contains("inf "), "{at}: {description}");
    }
    assert!(
        demo.plot_table(info.plots.len()).is_none(),
        "{}: a table for a plot that does not exist",
        info.id
    );
}

#[test]
fn every_plot_has_a_table_and_a_description_by_default() {
    for id in DEMOS {
        let info = info(id);
        let mut demo = (info.create)();
        finish_work(demo.as_mut());
        assert_data_alternatives(info, demo.as_ref(), "default");
        // The default tables have rows: a reader opening "Data" sees numbers.
        for plot in 0..info.plots.len() {
            let table = demo.plot_table(plot).unwrap_or_default();
            assert!(
                !table.rows.is_empty(),
                "{id} plot {}: no rows by default",
                info.plots[plot].id
            );
        }
    }
}

#[test]
fn every_plot_has_a_table_and_a_description_after_each_example_value() {
    for id in DEMOS {
        let info = info(id);
        for control in info.controls {
            let mut demo = (info.create)();
            if demo.set_param(control.key, control.example).is_err() {
                continue;
            }
            finish_work(demo.as_mut());
            let context = format!("{}={}", control.key, control.example);
            assert_data_alternatives(info, demo.as_ref(), &context);
            if info.stepping {
                demo.go_to_step(0);
                finish_work(demo.as_mut());
                assert_data_alternatives(info, demo.as_ref(), &format!("{context}, step 0"));
            }
        }
    }
}

#[test]
fn every_plot_has_rows_with_all_example_values_at_once() {
    // The state the generic test in `tests.rs` also checks: every control at its example.
    for id in DEMOS {
        let info = info(id);
        let mut demo = (info.create)();
        for control in info.controls {
            demo.set_param(control.key, control.example)
                .unwrap_or_else(|e| panic!("{id} {}: {e}", control.key));
        }
        finish_work(demo.as_mut());
        assert_data_alternatives(info, demo.as_ref(), "all examples");
        for (plot, spec) in info.plots.iter().enumerate() {
            let table = demo.plot_table(plot).unwrap_or_default();
            assert!(!table.rows.is_empty(), "{id} plot {}: no rows", spec.id);
            let description = demo.plot_description(plot).unwrap_or_default();
            assert!(
                !description.contains("NaN"),
                "{id} plot {}: {description}",
                spec.id
            );
        }
    }
}

#[test]
fn descriptions_change_with_the_state() {
    // One control a demo's first plot depends on, and a value that changes it.
    let changes = [
        ("distributions", "n", "250"),
        ("lln-clt", "draws", "500"),
        ("covariance", "points", "1,2;2,1;3,3"),
        ("bayes", "prevalence", "0.1"),
        ("kl-divergence", "mu2", "3"),
        ("t-test", "seed", "2"),
        ("monte-carlo", "n", "500"),
        ("nn-playground", "data", "xor"),
        ("backprop", "y", "0.2"),
        ("activations", "x", "-2"),
        ("single-neuron", "w1", "2"),
        ("convolution", "kernel", "box"),
    ];
    for (id, key, value) in changes {
        let info = info(id);
        let mut demo = (info.create)();
        finish_work(demo.as_mut());
        let before = demo.plot_description(0);
        demo.set_param(key, value)
            .unwrap_or_else(|e| panic!("{id} {key}={value}: {e}"));
        finish_work(demo.as_mut());
        assert_ne!(before, demo.plot_description(0), "{id} {key}={value}");
    }
}

#[test]
fn edge_states_keep_the_contract() {
    // States where a number is undefined or infinite: each must read as text, never NaN.
    let states: [(&str, &[(&str, &str)]); 13] = [
        ("distributions", &[("family", "gamma"), ("shape", "0.5")]),
        (
            "distributions",
            &[("family", "student-t"), ("nu", "1"), ("cdf", "on")],
        ),
        (
            "distributions",
            &[("family", "binomial"), ("trials", "200"), ("cdf", "on")],
        ),
        ("lln-clt", &[("family", "student-t"), ("dof", "1")]),
        ("lln-clt", &[("family", "bernoulli"), ("p", "0.05")]),
        ("covariance", &[("points", "1,1")]),
        ("kl-divergence", &[("q", "0,1,1,1"), ("p", "1,0,0,0")]),
        ("t-test", &[("repeat", "off")]),
        ("nn-playground", &[("problem", "regression")]),
        ("activations", &[("preset", "very-negative")]),
        (
            "activations",
            &[("preset", "large"), ("temperature", "0.5")],
        ),
        ("single-neuron", &[("points", "")]),
        (
            "convolution",
            &[("size", "10"), ("kernel", "gaussian-5"), ("stride", "3")],
        ),
    ];
    for (id, params) in states {
        let info = info(id);
        let mut demo = (info.create)();
        for (key, value) in params {
            demo.set_param(key, value)
                .unwrap_or_else(|e| panic!("{id} {key}={value}: {e}"));
        }
        finish_work(demo.as_mut());
        assert_data_alternatives(info, demo.as_ref(), &format!("{params:?}"));
    }
}
