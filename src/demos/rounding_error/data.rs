//! The rounding-error demo's data alternatives: the errors of the three summations at every
//! checkpoint, the naive formula's error along the x grid, and the three variances along the
//! offsets, each with a sentence describing the current picture.

use super::{RoundingError, format_name, relative_error_readout};
use crate::demos::{PlotTable, ReadoutValue, format_number};
use crate::math::cancellation::error_curve_grid;
use crate::math::summation::{Method, log_log_slope};

fn number_or(value: f64, otherwise: &str) -> ReadoutValue {
    if value.is_finite() {
        ReadoutValue::Number(value)
    } else {
        ReadoutValue::Text(otherwise.to_owned())
    }
}

pub fn plot_table(demo: &RoundingError, plot: usize) -> Option<PlotTable> {
    match plot {
        0 => {
            let run = demo.run();
            let mut table = PlotTable::new(
                format!(
                    "For each n: the exact sum of the first n stored terms ({}, {}) and the relative error of naive, pairwise and Kahan summation{}.",
                    demo.data_label(),
                    format_name(&demo.format()),
                    if run.is_complete() {
                        String::new()
                    } else {
                        format!(
                            " (computed so far: {} of {} terms)",
                            run.done(),
                            run.largest
                        )
                    }
                ),
                &["n", "Exact sum", "Naive", "Pairwise", "Kahan"],
            );
            for checkpoint in &run.checkpoints {
                let mut row = vec![
                    ReadoutValue::Integer(checkpoint.n as i64),
                    ReadoutValue::Number(checkpoint.exact),
                ];
                row.extend(Method::ALL.map(|m| relative_error_readout(checkpoint, m)));
                table.rows.push(row);
            }
            Some(table)
        }
        1 => {
            let formula = demo.formula();
            let mut table = PlotTable::new(
                format!(
                    "{} and {} in float64 at x = 10^(k/8), and the naive form's relative error (undefined where a form has no value).",
                    formula.naive_text(),
                    formula.stable_text()
                ),
                &["x", "Naive", "Stable", "Relative error"],
            );
            // Every second grid point: 129 rows.
            for x in error_curve_grid().into_iter().step_by(2) {
                let defined = formula.defined_at(x);
                let value = |v: f64| {
                    if defined {
                        number_or(v, "undefined")
                    } else {
                        ReadoutValue::Text("undefined".to_owned())
                    }
                };
                table.rows.push(vec![
                    ReadoutValue::Number(x),
                    value(formula.naive(x)),
                    value(formula.stable(x)),
                    formula
                        .relative_error(x)
                        .map_or(ReadoutValue::Text("undefined".to_owned()), |e| {
                            ReadoutValue::Number(e)
                        }),
                ]);
            }
            Some(table)
        }
        2 => {
            let mut table = PlotTable::new(
                "For each mean of the data (1000 values mean + u, u uniform in [0, 1)): the exact variance and the relative errors of the one-pass, Welford and two-pass formulas.",
                &[
                    "Mean",
                    "Exact variance",
                    "One pass",
                    "Welford",
                    "Two passes",
                ],
            );
            for (offset, v) in demo.variance_curve() {
                let error = |value: f64| number_or((value - v.exact).abs() / v.exact, "undefined");
                table.rows.push(vec![
                    ReadoutValue::Number(*offset),
                    ReadoutValue::Number(v.exact),
                    error(v.one_pass),
                    error(v.welford),
                    error(v.two_pass),
                ]);
            }
            Some(table)
        }
        _ => None,
    }
}

/// "3.2e-4", or "overflow".
fn error_words(value: f64) -> String {
    if value.is_finite() {
        format_number(value)
    } else {
        "overflow".to_owned()
    }
}

pub fn plot_description(demo: &RoundingError, plot: usize) -> Option<String> {
    Some(match plot {
        0 => {
            let run = demo.run();
            let Some(last) = run.last() else {
                return Some(format!(
                    "Summing {} {} in {}: {} of {} terms added so far.",
                    run.largest,
                    demo.data_label(),
                    format_name(&demo.format()),
                    run.done(),
                    run.largest
                ));
            };
            let slope = |m| {
                log_log_slope(&run.checkpoints, m, 100)
                    .map_or("undefined".to_owned(), |s| format!("{s:.2}"))
            };
            format!(
                "Summing {} terms ({}) in {}: relative error {} naive, {} pairwise, {} Kahan (ε = {}). Log-log slopes from n = 100: naive {}, pairwise {}.",
                last.n,
                demo.data_label(),
                format_name(&demo.format()),
                error_words(last.relative_error(Method::Naive)),
                error_words(last.relative_error(Method::Pairwise)),
                error_words(last.relative_error(Method::Kahan)),
                format_number(demo.format().epsilon()),
                slope(Method::Naive),
                slope(Method::Pairwise),
            )
        }
        1 => {
            let formula = demo.formula();
            let at = match formula.relative_error(demo.x()) {
                Some(error) => format!(
                    "at x = {} its relative error is {}",
                    format_number(demo.x()),
                    format_number(error)
                ),
                None => format!("at x = {} it is undefined", format_number(demo.x())),
            };
            format!(
                "The relative error of {} against {} for x from 10⁻¹⁶ to 10¹⁶; {at}.",
                formula.naive_text(),
                formula.stable_text()
            )
        }
        2 => {
            let v = demo.variance();
            format!(
                "With the data around {}, the exact variance is {}; one pass gives {} (relative error {}), Welford {} ({}), two passes {} ({}).",
                format_number(demo.offset()),
                format_number(v.exact),
                format_number(v.one_pass),
                format_number((v.one_pass - v.exact).abs() / v.exact),
                format_number(v.welford),
                format_number((v.welford - v.exact).abs() / v.exact),
                format_number(v.two_pass),
                format_number((v.two_pass - v.exact).abs() / v.exact),
            )
        }
        _ => return None,
    })
}
