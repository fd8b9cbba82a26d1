//! The regularization demo's data alternatives: the loss, the two balls and the three optima
//! of the geometry plot, and the lasso and ridge weights along the λ axis, each with a
//! sentence describing the current picture.

use super::{PathsShown, Regularization, tuple_readout};
use crate::demos::plot_data::{point, short};
use crate::demos::{PlotTable, ReadoutValue};

/// The path table lists this many λ values (log-spaced), plus every knot.
const PATH_TABLE_LAMBDAS: usize = 25;

fn text(value: impl Into<String>) -> ReadoutValue {
    ReadoutValue::Text(value.into())
}

pub fn plot_table(demo: &Regularization, plot: usize) -> Option<PlotTable> {
    let s = demo.solution();
    match plot {
        0 => {
            let a = s.loss.a;
            let mut table = PlotTable::new(
                format!(
                    "The loss L(w) = ½wᵀAw − bᵀw + c with A = XᵀX/n = [[{}, {}], [{}, {}]] and b = Xᵀy/n = ({}, {}); the budget t = {}; each point with its loss and the λ of the matching penalty.",
                    short(a[0][0]),
                    short(a[0][1]),
                    short(a[1][0]),
                    short(a[1][1]),
                    short(s.loss.b[0]),
                    short(s.loss.b[1]),
                    short(demo.budget())
                ),
                &["Point", "(w₁, w₂)", "Loss", "λ", "‖w‖₁", "‖w‖₂"],
            );
            for (name, w, loss, lambda) in [
                ("OLS optimum", s.ols, s.loss.value(s.ols), 0.0),
                ("L1 optimum (diamond)", s.l1.weights, s.l1.loss, s.l1.lambda),
                ("L2 optimum (disc)", s.l2.weights, s.l2.loss, s.l2.lambda),
            ] {
                table.rows.push(vec![
                    text(name),
                    tuple_readout(&w),
                    ReadoutValue::Number(loss),
                    ReadoutValue::Number(lambda),
                    ReadoutValue::Number(w[0].abs() + w[1].abs()),
                    ReadoutValue::Number(w[0].hypot(w[1])),
                ]);
            }
            Some(table)
        }
        1 => {
            let knots: Vec<f64> = s.knots.iter().map(|k| k.lambda).collect();
            let all = &s.lambdas;
            let stride = (all.len() / PATH_TABLE_LAMBDAS).max(1);
            let mut table = PlotTable::new(
                format!(
                    "The lasso weights (exact path) and the ridge weights at every {stride}th λ of the plot and at every knot of the lasso path; λ_max = {}.",
                    short(s.path_problem.lambda_max())
                ),
                &["λ", "Lasso weights", "Ridge weights", "Knot"],
            );
            for (i, &lambda) in all.iter().enumerate() {
                let is_knot = knots.contains(&lambda);
                if !is_knot && i % stride != 0 {
                    continue;
                }
                table.rows.push(vec![
                    ReadoutValue::Number(lambda),
                    tuple_readout(&s.lasso_path[i]),
                    tuple_readout(&s.ridge_path[i]),
                    text(if is_knot { "yes" } else { "" }),
                ]);
            }
            Some(table)
        }
        2 => {
            let stride = (s.lambdas.len() / PATH_TABLE_LAMBDAS).max(1);
            let mut table = PlotTable::new(
                format!(
                    "Mean squared errors on the 50 training rows and on 1000 held-out rows at every {stride}th λ of the plot (the noise alone gives σ² = 1)."
                ),
                &[
                    "λ",
                    "Lasso training",
                    "Lasso validation",
                    "Ridge training",
                    "Ridge validation",
                ],
            );
            for (i, &lambda) in s.lambdas.iter().enumerate() {
                if i % stride != 0 && i + 1 != s.lambdas.len() {
                    continue;
                }
                let (lasso, ridge) = (s.lasso_errors[i], s.ridge_errors[i]);
                table.push_numbers(&[lambda, lasso.0, lasso.1, ridge.0, ridge.1]);
            }
            Some(table)
        }
        _ => None,
    }
}

pub fn plot_description(demo: &Regularization, plot: usize) -> Option<String> {
    let s = demo.solution();
    Some(match plot {
        0 => {
            let optima = if s.l1.on_boundary || s.l2.on_boundary {
                format!(
                    " The contours first touch the diamond at {} ({}) and the disc at {}.",
                    point(s.l1.weights[0], s.l1.weights[1]),
                    demo.l1_zero_text(),
                    point(s.l2.weights[0], s.l2.weights[1])
                )
            } else {
                " Both shapes contain it, so neither penalty changes the answer.".to_owned()
            };
            format!(
                "Loss contours around the OLS optimum {} with the L1 diamond and the L2 disc of budget t = {}.{optima}",
                point(s.ols[0], s.ols[1]),
                short(demo.budget())
            )
        }
        1 => {
            let nonzero = s.lasso.weights.iter().filter(|w| **w != 0.0).count();
            let shown = match demo.paths() {
                PathsShown::Both => "Lasso (solid) and ridge (dashed)",
                PathsShown::Lasso => "Lasso",
                PathsShown::Ridge => "Ridge",
            };
            format!(
                "{shown} paths of eight weights for λ from 0.001 to 20; every lasso weight is zero from λ_max = {} on. At λ = {}, {nonzero} of 8 lasso weights are nonzero.",
                short(s.path_problem.lambda_max()),
                short(demo.lambda())
            )
        }
        2 => format!(
            "Training error only grows with λ; validation error is least at λ = {} for the lasso ({}) and λ = {} for ridge ({}), against the noise level 1. At λ = {} the lasso's validation error is {} and ridge's {}.",
            short(s.best_lambda(&s.lasso_errors)),
            short(best_error(&s.lasso_errors)),
            short(s.best_lambda(&s.ridge_errors)),
            short(best_error(&s.ridge_errors)),
            short(demo.lambda()),
            short(s.lasso_error.1),
            short(s.ridge_error.1)
        ),
        _ => return None,
    })
}

fn best_error(errors: &[(f64, f64)]) -> f64 {
    errors.iter().map(|e| e.1).fold(f64::INFINITY, f64::min)
}
