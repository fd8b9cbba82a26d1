//! The mixed-precision demo's data alternatives: the loss of every drawn run per epoch, the
//! histogram's bins, and a sentence for each plot saying what it shows now.

use super::drawing::{BINS_PER_DECADE, HISTOGRAM_RANGE, histogram};
use super::{MixedPrecision, format_label};
use crate::demos::plot_data::{short, thinned_indices, thinning_note};
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::floats::F16;
use crate::math::mixed_precision::gradient_terms;

/// The most epochs the loss table lists; longer runs are thinned.
const MAX_LOSS_ROWS: usize = 250;

/// The per-example gradient terms of the f64 reference at the epoch shown.
pub fn shown_gradient_terms(demo: &MixedPrecision) -> Vec<f64> {
    match demo.reference.weights.get(demo.epoch()) {
        Some(weights) => gradient_terms(demo.data(), weights),
        None => Vec::new(),
    }
}

fn loss_cell(loss: f64) -> ReadoutValue {
    if loss.is_finite() {
        ReadoutValue::Number(loss)
    } else {
        ReadoutValue::Text("undefined".to_owned())
    }
}

pub fn loss_table(demo: &MixedPrecision) -> PlotTable {
    let runs = demo.visible_runs();
    let shown = demo.epoch();
    let (indices, stride) = thinned_indices(shown + 1, MAX_LOSS_ROWS);
    let mut columns = vec!["epoch".to_owned()];
    columns.extend(
        runs.iter()
            .map(|(format, _)| format_label(format).to_owned()),
    );
    let mut table = PlotTable {
        caption: format!(
            "The loss ½·mean(r²) of each format's weights, computed exactly, at epochs 0…{shown}{}",
            thinning_note(stride, "epoch")
        ),
        columns,
        rows: Vec::new(),
    };
    for k in indices {
        let mut row = vec![ReadoutValue::Integer(k as i64)];
        row.extend(
            runs.iter()
                .map(|(_, run)| loss_cell(run.records.get(k).map_or(f64::NAN, |r| r.loss))),
        );
        table.rows.push(row);
    }
    table
}

pub fn gradient_table(demo: &MixedPrecision) -> PlotTable {
    let scale = demo.shown_loss_scale();
    let terms = shown_gradient_terms(demo);
    let (bins, zeros) = histogram(&terms, scale);
    let width = 1.0 / BINS_PER_DECADE as f64;
    let mut table = PlotTable::new(
        format!(
            "How many of the {} per-example gradient terms of the float64 reference at epoch {} fall in each log₁₀ bin, as they are and multiplied by S = {}; magnitudes below 10^{} or above 10^{} are counted in the end bins{}. float16's smallest subnormal is 2⁻²⁴ ≈ 5.96·10⁻⁸ (half of it rounds to 0), its smallest normal 2⁻¹⁴ ≈ 6.10·10⁻⁵ and its largest 65504",
            terms.len(),
            demo.epoch(),
            short(scale),
            HISTOGRAM_RANGE.0,
            HISTOGRAM_RANGE.1,
            if zeros > 0 {
                format!("; {zeros} exact zeros are left out")
            } else {
                String::new()
            }
        ),
        &["log₁₀ from", "log₁₀ to", "terms", "terms × S"],
    );
    for (left, unscaled, scaled) in bins {
        table.rows.push(vec![
            ReadoutValue::Number(left),
            ReadoutValue::Number(left + width),
            ReadoutValue::Integer(unscaled as i64),
            ReadoutValue::Integer(scaled as i64),
        ]);
    }
    table
}

pub fn loss_description(demo: &MixedPrecision) -> String {
    let epoch = demo.epoch();
    let parts: Vec<String> = demo
        .visible_runs()
        .iter()
        .map(|(format, run)| {
            let loss = run.records.get(epoch).map_or(f64::NAN, |r| r.loss);
            format!("{} {}", format_label(format), short(loss))
        })
        .collect();
    format!(
        "Loss at epoch {epoch} of {}: {}. Loss scale {}{}, master weights {}.",
        demo.epochs(),
        parts.join(", "),
        short(demo.loss_scale),
        if demo.dynamic_scaling {
            " (dynamic)"
        } else {
            ""
        },
        if demo.master_weights {
            "in float32"
        } else {
            "off"
        }
    )
}

pub fn gradient_description(demo: &MixedPrecision) -> String {
    let scale = demo.shown_loss_scale();
    let terms = shown_gradient_terms(demo);
    let flush = F16.smallest_subnormal() / 2.0;
    let below = |factor: f64| {
        terms
            .iter()
            .filter(|t| t.abs() * factor <= flush && **t != 0.0)
            .count()
    };
    let subnormal = |factor: f64| {
        terms
            .iter()
            .filter(|t| {
                let m = t.abs() * factor;
                m > flush && m < F16.smallest_normal()
            })
            .count()
    };
    let overflow = terms
        .iter()
        .filter(|t| t.abs() * scale > F16.max_finite())
        .count();
    format!(
        "Of the {} gradient terms at epoch {}, {} are below half of float16's smallest subnormal (they round to 0) and {} are subnormal; multiplied by S = {}, {} round to 0, {} are subnormal and {} overflow.",
        terms.len(),
        demo.epoch(),
        below(1.0),
        subnormal(1.0),
        short(scale),
        below(scale),
        subnormal(scale),
        overflow
    )
}
