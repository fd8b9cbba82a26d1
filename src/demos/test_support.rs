//! Helpers the demos' unit tests share: one readout by its name.

use super::{Demo, ReadoutValue};

/// The value of the readout `name`; panics (failing the test) when the demo shows none.
pub fn readout_value(demo: &dyn Demo, name: &str) -> ReadoutValue {
    demo.readouts()
        .into_iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no readout {name}"))
        .value
}

/// The number shown by the readout `name`; panics when it is missing or not a number.
pub fn readout_number(demo: &dyn Demo, name: &str) -> f64 {
    match readout_value(demo, name) {
        ReadoutValue::Number(x) => x,
        other => panic!("{name}: {other:?}"),
    }
}
