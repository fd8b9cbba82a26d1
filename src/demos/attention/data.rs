//! The attention demo's data alternative: the points, the weight matrix with each row's
//! entropy, the Monte Carlo's estimates by dimension and the values with the outputs, each
//! as a table and in words.

use super::{AttentionDemo, DRAWS, OUTPUTS, PLANE, SATURATION, WEIGHTS};
use crate::demos::data_alternative::prose_number;
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::attention::exact_dot_variance;

impl AttentionDemo {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            PLANE => Some(self.plane_table()),
            WEIGHTS => Some(self.weights_table()),
            SATURATION => Some(self.saturation_table()),
            OUTPUTS => Some(self.outputs_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            PLANE => Some(self.plane_description()),
            WEIGHTS => Some(self.weights_description()),
            SATURATION => Some(self.saturation_description()),
            OUTPUTS => Some(self.outputs_description()),
            _ => None,
        }
    }

    fn plane_table(&self) -> PlotTable {
        let mut table = PlotTable::new(
            format!(
                "The {} queries and keys on the plane, with their lengths (q·k = ‖q‖‖k‖ cos θ).",
                self.tokens
            ),
            &["point", "x₁", "x₂", "length"],
        );
        for i in 0..self.tokens {
            for (prefix, p) in [('q', self.queries[i]), ('k', self.keys[i])] {
                table.push_labelled(Self::label(prefix, i), &[p[0], p[1], p[0].hypot(p[1])]);
            }
        }
        table
    }

    fn weights_table(&self) -> PlotTable {
        let n = self.tokens;
        let mut columns: Vec<String> = vec!["query".to_owned()];
        columns.extend((0..n).map(|j| format!("weight on {}", Self::label('k', j))));
        columns.push("entropy (nats)".to_owned());
        let column_refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        let mut table = PlotTable::new(
            format!(
                "Row i holds softmax(q_i·k_j{}) over the keys j{}; each row sums to 1. Entropies run from 0 (one key) to ln {n} = {} (uniform).",
                if self.scaled { "/√2" } else { "" },
                if self.causal {
                    ", masked (−∞) above the diagonal"
                } else {
                    ""
                },
                prose_number((n as f64).ln())
            ),
            &column_refs,
        );
        for i in 0..n {
            let mut row = vec![ReadoutValue::Text(Self::label('q', i))];
            for j in 0..n {
                row.push(if self.result.logits[i][j] == f64::NEG_INFINITY {
                    ReadoutValue::Text("masked (0)".to_owned())
                } else {
                    ReadoutValue::Number(self.result.weights[i][j])
                });
            }
            row.push(ReadoutValue::Number(self.result.entropies[i]));
            table.rows.push(row);
        }
        table
    }

    fn saturation_table(&self) -> PlotTable {
        let mut table = PlotTable::new(
            format!(
                "Mean entropy of the softmax over n = {} keys, {DRAWS} seeded draws per dimension d (seed {}), with the sample and exact variance of q·k.",
                self.tokens, self.seed
            ),
            &[
                "d",
                "mean entropy, scaled",
                "mean entropy, unscaled",
                "sample Var(q·k)",
                "exact Var(q·k) = d",
            ],
        );
        let curve = self.curve();
        for e in &curve {
            table.push_numbers(&[
                e.dimension as f64,
                e.mean_entropy_scaled,
                e.mean_entropy_unscaled,
                e.dot_variance,
                exact_dot_variance(e.dimension),
            ]);
        }
        if curve.is_empty() {
            table.rows.push(vec![
                ReadoutValue::Text("computing…".to_owned()),
                ReadoutValue::Text("computing…".to_owned()),
                ReadoutValue::Text("computing…".to_owned()),
                ReadoutValue::Text("computing…".to_owned()),
                ReadoutValue::Number(exact_dot_variance(self.dimension)),
            ]);
        }
        table
    }

    fn outputs_table(&self) -> PlotTable {
        let mut table = PlotTable::new(
            "The values v_j and the outputs o_i = Σ_j w_ij v_j (arrows from the origin).",
            &["arrow", "x₁", "x₂"],
        );
        for (i, v) in self.values[..self.tokens].iter().enumerate() {
            table.push_labelled(Self::label('v', i), v);
        }
        for (i, o) in self.result.outputs.iter().enumerate() {
            table.push_labelled(Self::label('o', i), o);
        }
        table
    }

    fn plane_description(&self) -> String {
        let n = self.tokens;
        let strongest: Vec<String> = (0..n)
            .map(|i| {
                let row = &self.result.weights[i];
                let (j, w) = row
                    .iter()
                    .enumerate()
                    .fold((0, f64::NEG_INFINITY), |best, (j, w)| {
                        if *w > best.1 { (j, *w) } else { best }
                    });
                format!(
                    "{} attends most to {} ({})",
                    Self::label('q', i),
                    Self::label('k', j),
                    prose_number(w)
                )
            })
            .collect();
        format!(
            "{n} queries and {n} keys on the plane: {}.",
            strongest.join("; ")
        )
    }

    fn weights_description(&self) -> String {
        let n = self.tokens;
        let entropies: Vec<String> = self
            .result
            .entropies
            .iter()
            .map(|h| prose_number(*h))
            .collect();
        format!(
            "A {n} × {n} weight matrix{}{}; row entropies {} nats, out of at most ln {n} = {}.",
            if self.scaled {
                ", logits scaled by 1/√2"
            } else {
                ", logits unscaled"
            },
            if self.causal {
                ", causal: the cells above the diagonal are masked"
            } else {
                ""
            },
            entropies.join(", "),
            prose_number((n as f64).ln())
        )
    }

    fn saturation_description(&self) -> String {
        let curve = self.curve();
        let (Some(first), Some(last)) = (curve.first(), curve.last()) else {
            return "The Monte Carlo is still computing the mean entropies.".to_owned();
        };
        let chosen = match self.chosen_estimate() {
            Some(e) => format!(
                " At the chosen d = {}: sample variance of q·k {} (exactly {} in expectation), mean entropy {} scaled and {} unscaled.",
                self.dimension,
                prose_number(e.dot_variance),
                self.dimension,
                prose_number(e.mean_entropy_scaled),
                prose_number(e.mean_entropy_unscaled)
            ),
            None => String::new(),
        };
        format!(
            "From d = {} to d = {} the unscaled mean entropy falls from {} to {} while the scaled one stays near {} (uniform would be ln {} = {}).{chosen}",
            first.dimension,
            last.dimension,
            prose_number(first.mean_entropy_unscaled),
            prose_number(last.mean_entropy_unscaled),
            prose_number(last.mean_entropy_scaled),
            self.tokens,
            prose_number((self.tokens as f64).ln())
        )
    }

    fn outputs_description(&self) -> String {
        let outputs: Vec<String> = self
            .result
            .outputs
            .iter()
            .enumerate()
            .map(|(i, o)| {
                format!(
                    "{} = ({}, {})",
                    Self::label('o', i),
                    prose_number(o[0]),
                    prose_number(o.get(1).copied().unwrap_or(0.0))
                )
            })
            .collect();
        format!(
            "{} value arrows and the outputs mixed from them: {}.",
            self.tokens,
            outputs.join(", ")
        )
    }
}
