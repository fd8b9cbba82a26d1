//! The activation demo's data alternative: every chosen function (or its derivative) at the
//! probe and on a coarse grid of the window, and the softmax bars (stable and naive); plus
//! each picture in words.

use super::{ActivationsDemo, exponential_text, intervals_shown};
use crate::demos::data_alternative::prose_number;
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::activations::{
    NaiveSoftmaxFailure, naive_softmax_failure, softmax_naive, softmax_stable,
};

/// Grid intervals of the curve tables (the plots sample 600).
const GRID_ROWS: usize = 48;

impl ActivationsDemo {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.curves_table(false)),
            1 => Some(self.curves_table(true)),
            2 => Some(self.softmax_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.curves_description(false)),
            1 => Some(self.curves_description(true)),
            2 => Some(self.softmax_description()),
            _ => None,
        }
    }

    fn value(&self, index: usize, x: f64, derivative: bool) -> f64 {
        let activation = self.functions[index];
        if derivative {
            activation.derivative(x)
        } else {
            activation.apply(x)
        }
    }

    fn curves_table(&self, derivative: bool) -> PlotTable {
        let focus = self.focus();
        let mut columns = vec!["point".to_owned(), "x".to_owned()];
        columns.extend(self.functions.iter().map(|a| {
            if derivative {
                format!("{} f′(x)", a.label())
            } else {
                format!("{} f(x)", a.label())
            }
        }));
        let what = if derivative { "derivatives" } else { "values" };
        let mut table = PlotTable {
            caption: format!(
                "The functions' {what} at the probe, then at {} evenly spaced x from −{e} to {e}; the shading marks where {} is saturated (|f′| < {}): {}.",
                GRID_ROWS + 1,
                focus.label(),
                prose_number(self.threshold),
                intervals_shown(&self.saturated(focus), self.extent),
                e = prose_number(self.extent),
            ),
            columns,
            rows: Vec::new(),
        };
        let row = |label: &str, x: f64| {
            let mut row = vec![
                ReadoutValue::Text(label.to_owned()),
                ReadoutValue::Number(x),
            ];
            row.extend(
                (0..self.functions.len())
                    .map(|i| ReadoutValue::Number(self.value(i, x, derivative))),
            );
            row
        };
        table.rows.push(row("probe", self.probe));
        for i in 0..=GRID_ROWS {
            let x = -self.extent + 2.0 * self.extent * i as f64 / GRID_ROWS as f64;
            table.rows.push(row("curve", x));
        }
        table
    }

    fn softmax_table(&self) -> PlotTable {
        let stable = softmax_stable(&self.logits, self.temperature);
        let naive = softmax_naive(&self.logits, self.temperature);
        let mut table = PlotTable::new(
            format!(
                "One bar per logit at temperature T = {}: the stable softmax (filled) and the naive formula (outlined).",
                prose_number(self.temperature)
            ),
            &[
                "logit i",
                "z",
                "z/T",
                "probability (stable)",
                "probability (naive)",
            ],
        );
        for (i, ((z, p_stable), p_naive)) in self.logits.iter().zip(&stable).zip(&naive).enumerate()
        {
            table.rows.push(vec![
                ReadoutValue::Integer(i as i64 + 1),
                ReadoutValue::Number(*z),
                ReadoutValue::Number(z / self.temperature),
                ReadoutValue::Number(*p_stable),
                self.naive_readout(*p_naive),
            ]);
        }
        table
    }

    fn curves_description(&self, derivative: bool) -> String {
        let names = self
            .functions
            .iter()
            .map(|a| a.label())
            .collect::<Vec<_>>()
            .join(", ");
        let at_probe = self
            .functions
            .iter()
            .enumerate()
            .map(|(i, a)| {
                format!(
                    "{} {}",
                    a.label(),
                    prose_number(self.value(i, self.probe, derivative))
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let focus = self.focus();
        let what = if derivative { "Derivatives of " } else { "" };
        format!(
            "{what}{names} for x from −{e} to {e}; at the probe x = {}: {at_probe}. {} is saturated (|f′| < {}) for {}.",
            prose_number(self.probe),
            focus.label(),
            prose_number(self.threshold),
            intervals_shown(&self.saturated(focus), self.extent),
            e = prose_number(self.extent),
        )
    }

    fn softmax_description(&self) -> String {
        let list = |values: &[f64]| {
            values
                .iter()
                .map(|v| prose_number(*v))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let stable = softmax_stable(&self.logits, self.temperature);
        let naive = match naive_softmax_failure(&self.logits, self.temperature) {
            // "Not a number" spelled out: a screen reader reads "NaN" as a word.
            Some(NaiveSoftmaxFailure::Overflow { .. }) => format!(
                "the naive formula fails: {} overflows to ∞, and ∞/∞ is not a number",
                exponential_text(self.largest_logit(), self.temperature)
            ),
            Some(NaiveSoftmaxFailure::Underflow { .. }) => format!(
                "the naive formula fails: {} underflows to 0, and 0/0 is not a number",
                exponential_text(self.largest_logit(), self.temperature)
            ),
            None => "the naive formula agrees".to_owned(),
        };
        format!(
            "Softmax of the logits ({}) at T = {}: probabilities {}; {naive}.",
            list(&self.logits),
            prose_number(self.temperature),
            list(&stable)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::Demo;
    use crate::demos::data_alternative::cell_number as number;
    use crate::demos::test_support::readout_value;

    #[test]
    fn the_curve_tables_hold_the_closed_forms_and_the_probe_readouts() {
        let demo = ActivationsDemo::default();
        let values = demo.plot_table(0).unwrap();
        let derivatives = demo.plot_table(1).unwrap();
        assert_eq!(values.rows.len(), 1 + GRID_ROWS + 1);
        assert_eq!(values.columns.len(), 2 + 3);
        // The probe row holds the readouts (sigmoid, tanh, ReLU at x = 1).
        assert_eq!(values.rows[0][2], readout_value(&demo, "sigmoid.f"));
        assert_eq!(
            derivatives.rows[0][3],
            readout_value(&demo, "tanh.derivative")
        );
        // The middle grid row is x = 0: σ(0) = 1/2, σ′(0) = 1/4, tanh′(0) = 1.
        let middle = 1 + GRID_ROWS / 2;
        assert_eq!(number(&values.rows[middle][1]), 0.0);
        assert_eq!(number(&values.rows[middle][2]), 0.5);
        assert_eq!(number(&derivatives.rows[middle][2]), 0.25);
        assert_eq!(number(&derivatives.rows[middle][3]), 1.0);
        // The last row is x = 6, where ReLU(6) = 6.
        assert_eq!(number(&values.rows[GRID_ROWS + 1][4]), 6.0);
    }

    #[test]
    fn the_softmax_table_sums_to_one_and_shows_the_naive_nan() {
        let mut demo = ActivationsDemo::default();
        demo.set_param("logits", "1000,1001,1002").unwrap();
        let table = demo.plot_table(2).unwrap();
        let total: f64 = table.rows.iter().map(|r| number(&r[3])).sum();
        assert!((total - 1.0).abs() < 1e-15);
        // softmax(0, 1, 2)₃ = e²/(1 + e + e²) = 0.6652409557748219 (python3 math.exp).
        assert!((number(&table.rows[2][3]) - 0.665_240_955_774_821_9).abs() < 1e-15);
        assert!(matches!(&table.rows[0][4], ReadoutValue::Text(t) if t.starts_with("NaN")));
        let text = demo.plot_description(2).unwrap();
        assert!(
            text.contains("fails: e^1002 overflows to ∞, and ∞/∞ is not a number"),
            "{text}"
        );
    }

    #[test]
    fn the_descriptions_follow_the_probe() {
        let mut demo = ActivationsDemo::default();
        let text = demo.plot_description(0).unwrap();
        assert!(
            text.contains("at the probe x = 1: Sigmoid 0.7311, Tanh 0.7616, ReLU 1"),
            "{text}"
        );
        demo.set_param("x", "0.9").unwrap();
        let text = demo.plot_description(1).unwrap();
        assert!(
            text.starts_with("Derivatives of Sigmoid, Tanh, ReLU"),
            "{text}"
        );
        assert!(text.contains("at the probe x = 0.9:"), "{text}");
    }
}
