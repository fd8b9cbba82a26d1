//! Behaviour tests of the mixed-precision demo: the default state tells the story (float16
//! stalls without loss scaling, bfloat16 without master weights), the readouts are the math
//! module's runs, and the plots' tables add up.

use super::*;
use crate::demos::test_support::{readout_number, readout_value};
use crate::math::mixed_precision::{EXAMPLES, PARAMETERS};

#[test]
fn by_default_float16_and_bfloat16_stall_far_above_the_reference() {
    let demo = MixedPrecision::default();
    assert_eq!(demo.current_step(), 200);
    let reference = readout_number(&demo, "f64.loss");
    // float32 follows float64 closely; the 16-bit formats stall 100 times higher.
    assert!((readout_number(&demo, "f32.loss") / reference - 1.0).abs() < 0.01);
    assert!(readout_number(&demo, "f16.loss") > 10.0 * reference);
    assert!(readout_number(&demo, "f16.flushed") > 0.05);
    assert!(readout_number(&demo, "bf16.loss") > 10.0 * reference);
    assert_eq!(readout_number(&demo, "bf16.lost-updates"), 1.0);
    assert_eq!(readout_number(&demo, "f16.loss-scale"), 1.0);
    assert_eq!(
        readout_value(&demo, "f16.skipped-steps"),
        ReadoutValue::Integer(0)
    );
    // The reference readout is the math module's plain f64 run, bit for bit.
    let run = train(
        &synthetic_dataset(1, 1e-4),
        &TrainingConfig::reference(0.5, 200),
    );
    assert_eq!(reference, run.records[200].loss);
}

#[test]
fn loss_scaling_and_master_weights_bring_both_back() {
    let mut demo = MixedPrecision::default();
    demo.set_param("master", "1").unwrap();
    demo.set_param("scale", "1024").unwrap();
    let reference = readout_number(&demo, "f64.loss");
    assert!(readout_number(&demo, "f16.loss") < 2.0 * reference);
    assert!(readout_number(&demo, "f16.flushed") < 0.05);
    assert!(readout_number(&demo, "bf16.loss") < 10.0 * reference);
    assert_eq!(readout_number(&demo, "bf16.lost-updates"), 0.0);
    assert_eq!(readout_number(&demo, "f16.loss-scale"), 1024.0);
}

#[test]
fn overflow_skips_steps_and_dynamic_scaling_recovers() {
    let mut demo = MixedPrecision::default();
    demo.set_param("size", "1").unwrap();
    demo.set_param("scale", "65536").unwrap();
    assert_eq!(
        readout_value(&demo, "f16.skipped-steps"),
        ReadoutValue::Integer(201)
    );
    assert!(demo.notices().iter().any(|n| n.text.starts_with("float16")));
    demo.set_param("dynamic", "1").unwrap();
    let ReadoutValue::Integer(skipped) = readout_value(&demo, "f16.skipped-steps") else {
        panic!()
    };
    assert!((1..201).contains(&skipped), "{skipped}");
    assert!(readout_number(&demo, "f16.loss-scale") < 65536.0);
    // float32 and bfloat16 have room for 65536 × the gradient: nothing skipped there.
    assert_eq!(
        readout_value(&demo, "bf16.skipped-steps"),
        ReadoutValue::Integer(0)
    );
}

#[test]
fn hidden_formats_leave_the_readouts_and_the_table() {
    let mut demo = MixedPrecision::default();
    demo.set_param("f32", "0").unwrap();
    let names: Vec<String> = demo.readouts().into_iter().map(|r| r.name).collect();
    assert!(names.iter().all(|n| !n.starts_with("f32.")));
    assert!(names.contains(&"f64.loss".to_owned()) && names.contains(&"f16.loss".to_owned()));
    let table = demo.plot_table(0).unwrap();
    assert_eq!(table.columns, ["epoch", "float64", "bfloat16", "float16"]);
    assert_eq!(table.rows.len(), 201);
    assert_eq!(table.rows[200][1], readout_value(&demo, "f64.loss"));
}

#[test]
fn the_histogram_counts_every_term_once_in_each_column() {
    let mut demo = MixedPrecision::default();
    demo.set_param("scale", "1024").unwrap();
    demo.go_to_step(50);
    let table = demo.plot_table(1).unwrap();
    let column_sum = |column: usize| -> i64 {
        table
            .rows
            .iter()
            .map(|row| match row[column] {
                ReadoutValue::Integer(n) => n,
                _ => panic!("{row:?}"),
            })
            .sum()
    };
    assert_eq!(column_sum(2), (EXAMPLES * PARAMETERS) as i64);
    assert_eq!(column_sum(3), (EXAMPLES * PARAMETERS) as i64);
    // Multiplying by 1024 = 10^3.01 moves every term six half-decade bins up (or seven).
    let first_nonzero = |column: usize| {
        table
            .rows
            .iter()
            .position(|row| row[column] != ReadoutValue::Integer(0))
            .unwrap()
    };
    let shift = first_nonzero(3) - first_nonzero(2);
    assert!((6..=7).contains(&shift), "{shift}");
}

#[test]
fn clicks_and_arrow_keys_choose_the_epoch() {
    let mut demo = MixedPrecision::default();
    // The plotting area runs from 62 px to width − 22 px: the middle of 600 px is epoch 100.
    let input = PointerInput {
        phase: PointerPhase::Down,
        x: 62.0 + (600.0 - 84.0) / 2.0,
        y: 100.0,
        css_width: 600.0,
        css_height: 372.0,
    };
    assert!(demo.pointer(0, input));
    assert_eq!(demo.current_step(), 100);
    assert!(demo.key(0, "ArrowLeft"));
    assert_eq!(demo.current_step(), 99);
    assert!(demo.key(0, "Shift+ArrowRight"));
    assert_eq!(demo.current_step(), 109);
    assert!(demo.key(0, "End"));
    assert_eq!(demo.current_step(), 200);
    assert!(!demo.key(1, "ArrowLeft"));
}
