//! The conditioning demo's data alternatives: the two lines and both intersections, the
//! Hilbert errors against cond·ε for every n, and the gradient-descent distances, each with a
//! sentence describing the current picture.

use super::{Conditioning, DESCENT_TOLERANCE, tuple_readout};
use crate::demos::{PlotTable, ReadoutValue, format_number};
use crate::math::conditioning::contraction;

/// The most rows of the descent table: long runs are thinned to every k-th step.
const DESCENT_ROWS: usize = 200;

fn text(value: impl Into<String>) -> ReadoutValue {
    ReadoutValue::Text(value.into())
}

pub fn plot_table(demo: &Conditioning, plot: usize) -> Option<PlotTable> {
    match plot {
        0 => {
            let p = demo.perturbation();
            let mut table = PlotTable::new(
                "Each line as a₁x₁ + a₂x₂ = b, and the two intersections.",
                &["What", "a₁", "a₂", "b"],
            );
            table.push_labelled("Line 1", &[p.matrix[(0, 0)], p.matrix[(0, 1)], p.rhs[0]]);
            table.push_labelled("Line 2", &[p.matrix[(1, 0)], p.matrix[(1, 1)], p.rhs[1]]);
            table.push_labelled(
                "Line 2 moved by δb₂",
                &[
                    p.matrix[(1, 0)],
                    p.matrix[(1, 1)],
                    p.rhs[1] + p.delta_rhs[1],
                ],
            );
            table.rows.push(vec![
                text("Intersection x"),
                tuple_readout(p.solution.as_slice()),
                text(""),
                text(""),
            ]);
            table.rows.push(vec![
                text("Moved intersection x + δx"),
                tuple_readout(p.perturbed_solution.as_slice()),
                text(""),
                text(""),
            ]);
            Some(table)
        }
        1 => {
            let mut table = PlotTable::new(
                "For each Hilbert order n: cond(H) from the SVD, cond(H)·ε, and the relative error of the float64 solution of H x = H·1.",
                &["n", "cond(H)", "cond(H)·ε", "Relative error"],
            );
            for solve in demo.hilbert() {
                table.push_numbers(&[
                    solve.n as f64,
                    solve.condition_number,
                    solve.error_scale,
                    solve.relative_error,
                ]);
            }
            Some(table)
        }
        2 => {
            let run = demo.descent();
            let last = run.relative_distances.len() - 1;
            let every = last.div_ceil(DESCENT_ROWS).max(1);
            let mut table = PlotTable::new(
                format!(
                    "Distance to the minimum relative to the start at step k, before rescaling (every {every}th step and the last), with the closed form ((κ − 1)/(κ + 1))^k; after rescaling the distance is 0 from step 1."
                ),
                &["Step k", "Distance before", "Closed form", "Distance after"],
            );
            let rate = contraction(demo.kappa());
            for (k, distance) in run.relative_distances.iter().enumerate() {
                if k % every == 0 || k == last {
                    let after = if k == 0 { 1.0 } else { 0.0 };
                    table.push_numbers(&[k as f64, *distance, rate.powi(k as i32), after]);
                }
            }
            Some(table)
        }
        _ => None,
    }
}

pub fn plot_description(demo: &Conditioning, plot: usize) -> Option<String> {
    Some(match plot {
        0 => {
            let p = demo.perturbation();
            let moved = p.perturbed_solution;
            format!(
                "Two lines crossing at (1, 1), cond(A) = {}. Moving b₂ by {} moves the intersection to ({}, {}): ‖δx‖/‖x‖ = {} against the bound {}.",
                format_number(p.condition_number),
                format_number(p.delta_rhs[1]),
                format_number(moved[0]),
                format_number(moved[1]),
                format_number(p.relative_change_solution),
                format_number(p.bound),
            )
        }
        1 => {
            let solve = demo.selected_hilbert()?;
            format!(
                "The relative error of the float64 Hilbert solves rises with cond(H)·ε, from {} at n = 2 to {} at n = 12; at n = {} the error is {} and cond·ε is {}.",
                format_number(demo.hilbert().first()?.relative_error),
                format_number(demo.hilbert().last()?.relative_error),
                solve.n,
                format_number(solve.relative_error),
                format_number(solve.error_scale),
            )
        }
        2 => {
            let run = demo.descent();
            let steps = run
                .steps
                .map_or("more than 20000".to_owned(), |s| s.to_string());
            format!(
                "With κ = {} gradient descent needs {steps} steps to get within {} of the minimum (relative to the start); after rescaling y it needs 1 step.",
                format_number(demo.kappa()),
                format_number(DESCENT_TOLERANCE),
            )
        }
        _ => return None,
    })
}
