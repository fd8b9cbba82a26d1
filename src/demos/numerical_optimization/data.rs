//! The numerical-optimization demo's data alternatives: the BFGS trace (f, ‖∇f‖∞ and the
//! evaluation counts per iteration) and the coordinates per iteration, each with a sentence
//! describing the current picture.

use super::{NumericalOptimization, QUADRATIC_TOLERANCE, method_names};
use crate::demos::{PlotTable, ReadoutValue, format_number};
use crate::math::quadratic_descent::{conjugate_gradient_rate, steepest_descent_rate};
use crate::math::quasi_newton::{GradientMode, SQRT_EPSILON};

/// The most rows of the convergence table: long runs are thinned to every k-th iteration.
const CONVERGENCE_ROWS: usize = 200;

/// An iteration count, or "not reached" past the cap.
fn iterations_cell(iterations: Option<usize>) -> ReadoutValue {
    iterations.map_or(ReadoutValue::Text("not run".into()), |k| {
        ReadoutValue::Integer(k as i64)
    })
}

pub fn plot_table(demo: &NumericalOptimization, plot: usize) -> Option<PlotTable> {
    let run = demo.run();
    match plot {
        0 => {
            let mut table = PlotTable::new(
                format!(
                    "Each BFGS iteration k: f(x_k), the largest entry of the gradient used (stop when ≤ gtol = {}), the line search's step length and the evaluations so far.",
                    format_number(demo.gtol())
                ),
                &["k", "f(x_k)", "‖∇f‖∞", "Step length α", "nfev", "njev"],
            );
            for (k, iterate) in run.iterates.iter().enumerate() {
                table.rows.push(vec![
                    ReadoutValue::Integer(k as i64),
                    ReadoutValue::Number(iterate.f),
                    ReadoutValue::Number(iterate.gradient_norm),
                    ReadoutValue::Number(iterate.step_length),
                    ReadoutValue::Integer(iterate.function_evaluations as i64),
                    ReadoutValue::Integer(iterate.gradient_evaluations as i64),
                ]);
            }
            Some(table)
        }
        1 => {
            let mut table = PlotTable::new(
                "The coordinates of each iterate x_k (the plot draws their absolute values).",
                &["k", "x", "y", "z"],
            );
            for (k, iterate) in run.iterates.iter().enumerate() {
                let mut row = vec![ReadoutValue::Integer(k as i64)];
                row.extend(iterate.x.iter().map(|v| ReadoutValue::Number(*v)));
                table.rows.push(row);
            }
            Some(table)
        }
        2 => {
            let columns = [
                "Trial",
                "α",
                "f(x + αp)",
                "Slope ∇f·p",
                "Sufficient decrease",
                "Curvature",
            ];
            let Some((k, search)) = demo.shown_line_search() else {
                return Some(PlotTable::new(
                    "No line search was completed: the run stopped at the start (it met gtol there, or the first search found no step).",
                    &columns,
                ));
            };
            let mut table = PlotTable::new(
                format!(
                    "The line search from x{} along p{}: each trial step α with f there, the slope ∇f·p there, and whether it meets the sufficient-decrease condition f(α) ≤ f(0) + 10⁻⁴·α·f′(0) = {} + 10⁻⁴·α·({}) and the curvature condition |f′(α)| ≤ 0.9·|f′(0)|.",
                    k - 1,
                    if search.used_fallback {
                        " (DCSRCH failed; these are the points where scipy's fallback search line_search_wolfe2 asked for the slope)"
                    } else {
                        ""
                    },
                    format_number(search.value_at_zero),
                    format_number(search.slope_at_zero),
                ),
                &columns,
            );
            for (index, &(alpha, value, slope)) in search.trials.iter().enumerate() {
                let yes_no = |ok: bool| ReadoutValue::Text(if ok { "yes" } else { "no" }.into());
                table.rows.push(vec![
                    ReadoutValue::Integer(index as i64 + 1),
                    ReadoutValue::Number(alpha),
                    ReadoutValue::Number(value),
                    ReadoutValue::Number(slope),
                    yes_no(value <= search.value_at_zero + 1e-4 * alpha * search.slope_at_zero),
                    yes_no(slope.abs() <= 0.9 * search.slope_at_zero.abs()),
                ]);
            }
            Some(table)
        }
        3 => {
            let runs = demo.quadratic_runs();
            let last = runs
                .iter()
                .map(|r| r.relative_errors.len() - 1)
                .max()
                .unwrap_or(0);
            let every = last.div_ceil(CONVERGENCE_ROWS).max(1);
            let mut table = PlotTable::new(
                format!(
                    "The relative energy-norm error ‖x_k − x*‖_A/‖x₀ − x*‖_A of each method at iteration k (every {every}th iteration and the last; empty once a method has stopped), with the two bounds."
                ),
                &[
                    "k",
                    "Steepest descent",
                    "CG",
                    "BFGS",
                    "((κ − 1)/(κ + 1))ᵏ",
                    "2((√κ − 1)/(√κ + 1))ᵏ",
                ],
            );
            let (sd_rate, cg_rate) = (
                steepest_descent_rate(demo.kappa()),
                conjugate_gradient_rate(demo.kappa()),
            );
            for k in (0..=last).filter(|k| k % every == 0 || *k == last) {
                let mut row = vec![ReadoutValue::Integer(k as i64)];
                for run in runs {
                    row.push(match run.relative_errors.get(k) {
                        Some(error) => ReadoutValue::Number(*error),
                        None => ReadoutValue::Text(String::new()),
                    });
                }
                row.push(ReadoutValue::Number(sd_rate.powi(k as i32)));
                row.push(ReadoutValue::Number(
                    (2.0 * cg_rate.powi(k as i32)).min(1.0),
                ));
                table.rows.push(row);
            }
            Some(table)
        }
        4 => {
            let mut table = PlotTable::new(
                format!(
                    "Iterations each method needs to reach {} for κ from 1 to 10⁴ (n = {}; steepest descent is run up to κ = 10³), with the estimates κ/2·ln(1/tol) and √κ/2·ln(2/tol).",
                    format_number(QUADRATIC_TOLERANCE),
                    demo.dimension()
                ),
                &[
                    "κ",
                    "Steepest descent",
                    "CG",
                    "BFGS",
                    "κ/2·ln(1/tol)",
                    "√κ/2·ln(2/tol)",
                ],
            );
            for point in demo.sweep() {
                let mut row = vec![ReadoutValue::Number(point.kappa)];
                row.extend(point.iterations.iter().map(|k| iterations_cell(*k)));
                row.push(ReadoutValue::Number(
                    point.kappa / 2.0 * (1.0 / QUADRATIC_TOLERANCE).ln(),
                ));
                row.push(ReadoutValue::Number(
                    point.kappa.sqrt() / 2.0 * (2.0 / QUADRATIC_TOLERANCE).ln(),
                ));
                table.rows.push(row);
            }
            Some(table)
        }
        _ => None,
    }
}

pub fn plot_description(demo: &NumericalOptimization, plot: usize) -> Option<String> {
    let run = demo.run();
    let shown = demo.shown_iterate();
    Some(match plot {
        0 => format!(
            "Iteration {} of {}: f = {} and ‖∇f‖∞ = {} against gtol = {}; the run {}.",
            demo.shown(),
            run.iterations(),
            format_number(shown.f),
            format_number(shown.gradient_norm),
            format_number(demo.gtol()),
            demo.status_text(),
        ),
        1 => {
            let largest = shown.x.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            let levels = match demo.gradient_mode() {
                GradientMode::Exact => format!(
                    "the exact gradient stops once every |coordinate| is below gtol/2 = {}",
                    format_number(demo.gtol() / 2.0)
                ),
                _ => format!(
                    "the differenced gradient 2x + h vanishes at |x| = h/2 = {}, not at 0",
                    format_number(SQRT_EPSILON / 2.0)
                ),
            };
            format!(
                "At iteration {} the largest coordinate is {} in size; {levels}.",
                demo.shown(),
                format_number(largest),
            )
        }
        2 => {
            let Some((k, search)) = demo.shown_line_search() else {
                return Some(
                    "No line search was completed: the run stopped at the start (it met gtol there, or the first search found no step)."
                        .into(),
                );
            };
            let &(alpha, value, _) = search.trials.last()?;
            format!(
                "The line search that led to x{k} tried {} step lengths and accepted α = {} where f = {}, down from {}.",
                search.trials.len(),
                format_number(alpha),
                format_number(value),
                format_number(search.value_at_zero),
            )
        }
        3 => {
            let parts: Vec<String> = demo
                .quadratic_runs()
                .iter()
                .map(|run| {
                    let (_, label) = method_names(run.method);
                    match run.iterations_to_tolerance {
                        Some(k) => format!("{label} {k}"),
                        None => format!("{label} more than {}", run.relative_errors.len() - 1),
                    }
                })
                .collect();
            format!(
                "With κ = {} and n = {}, iterations to an error of 10⁻⁸: {}; the bounds are {} for steepest descent and {} for CG.",
                format_number(demo.kappa()),
                demo.dimension(),
                parts.join(", "),
                demo.steepest_descent_bound(),
                demo.conjugate_gradient_bound(),
            )
        }
        4 => {
            if demo.sweep_pending() {
                return Some("The sweep over κ is being computed.".to_owned());
            }
            let last = demo.sweep().last()?;
            let steepest = demo
                .sweep()
                .iter()
                .rev()
                .find_map(|p| Some((p.kappa, p.iterations[0]?)));
            let cell = |k: Option<usize>| k.map_or("not reached".to_owned(), |k| k.to_string());
            let steepest = steepest.map_or("not run".to_owned(), |(kappa, k)| {
                format!("{k} at κ = {}", format_number(kappa))
            });
            format!(
                "As κ grows from 1 to {}, steepest descent's iterations grow like κ ({steepest}), CG's like √κ but never past n = {} ({} at the largest κ); BFGS matches CG ({}).",
                format_number(last.kappa),
                demo.dimension(),
                cell(last.iterations[1]),
                cell(last.iterations[2]),
            )
        }
        _ => return None,
    })
}
