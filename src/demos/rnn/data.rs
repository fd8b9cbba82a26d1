//! The recurrent-network demo's data alternatives: the unrolled states, the gradient norms
//! per step back, the loss history and the example sequence as tables, and each picture in
//! words.

use super::{RnnDemo, by_steps_back, first_to_last_ratio};
use crate::demos::plot_data::{short, thinned_indices, thinning_note};
use crate::demos::{PlotTable, ReadoutValue, list_readout};
use crate::math::rnn::{CellKind, Task};
use crate::math::rnn::{Sequence, Trace};

/// At most about this many rows in the loss table.
const LOSS_ROWS: usize = 200;

fn number(value: f64) -> ReadoutValue {
    if value.is_finite() {
        ReadoutValue::Number(value)
    } else {
        ReadoutValue::Text("undefined".to_owned())
    }
}

/// The cells every per-step table starts with: step t, the inputs x_t, the output y_t and the
/// target (or "not scored" where the task does not score the step).
fn step_row(t: usize, example: &Sequence, trace: &Trace, input_size: usize) -> Vec<ReadoutValue> {
    let mut row = vec![ReadoutValue::Number((t + 1) as f64)];
    row.extend(
        example.inputs[t * input_size..(t + 1) * input_size]
            .iter()
            .map(|x| number(*x)),
    );
    row.push(number(trace.outputs[t]));
    row.push(if example.weights[t] > 0.0 {
        number(example.targets[t])
    } else {
        ReadoutValue::Text("not scored".to_owned())
    });
    row
}

impl RnnDemo {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.unrolled_table()),
            1 => Some(self.bptt_table()),
            2 => Some(self.loss_table()),
            3 => Some(self.task_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.unrolled_description()),
            1 => Some(self.bptt_description()),
            2 => Some(self.loss_description()),
            3 => Some(self.task_description()),
            _ => None,
        }
    }

    /// The input columns' names.
    fn input_names(&self) -> &'static [&'static str] {
        match self.task() {
            Task::Adding => &["value", "marker"],
            _ => &["x_t"],
        }
    }

    fn unrolled_table(&self) -> PlotTable {
        let mut columns: Vec<&str> = vec!["t"];
        columns.extend(self.input_names());
        columns.extend(["y_t", "target", "h_t"]);
        let mut table = PlotTable::new(
            format!(
                "The first training sequence through the {} after {} steps: every step's input, output, target (where the loss counts it) and hidden state h_t ({} values)",
                self.cell_label(),
                self.steps_taken(),
                self.shape().hidden_size
            ),
            &columns,
        );
        let (Some(trace), Some(example)) = (&self.summary().trace, self.example()) else {
            return table;
        };
        let d = self.shape().input_size;
        for t in 0..example.len() {
            let mut row = step_row(t, example, trace, d);
            row.push(list_readout(trace.hidden_at(t + 1)));
            table.rows.push(row);
        }
        table
    }

    fn unrolled_description(&self) -> String {
        let (Some(trace), Some(example)) = (&self.summary().trace, self.example()) else {
            return "No sequence.".to_owned();
        };
        let h = self.shape().hidden_size;
        let saturated = trace.hidden[h..].iter().filter(|v| v.abs() > 0.95).count();
        let t = example.len();
        format!(
            "The {} unrolled over T = {t} steps of the first sequence ({}), after {} training steps: {} of {} hidden values are saturated beyond ±0.95; the last output is {} against the target {}.",
            self.cell_label(),
            self.task_label().to_lowercase(),
            self.steps_taken(),
            saturated,
            h * t,
            short(trace.outputs[t - 1]),
            short(example.targets[t - 1])
        )
    }

    fn bptt_table(&self) -> PlotTable {
        let lstm = self.cell() == CellKind::Lstm;
        let mut columns = vec!["steps back k", "t", "‖∂L/∂h_t‖ now", "‖∂L/∂h_t‖ at start"];
        if lstm {
            columns.extend(["‖∂L/∂c_t‖ now", "‖∂L/∂c_t‖ at start"]);
        }
        let mut table = PlotTable::new(
            format!(
                "The gradient of the last step's loss on the first sequence with respect to each hidden state{}, by steps back k = T − t, for the weights after {} steps and at initialisation",
                if lstm { " and cell state" } else { "" },
                self.steps_taken()
            ),
            &columns,
        );
        let now = by_steps_back(&self.summary().hidden_norms);
        let start = by_steps_back(&self.initial_summary().hidden_norms);
        let cell_now = by_steps_back(&self.summary().cell_norms);
        let cell_start = by_steps_back(&self.initial_summary().cell_norms);
        let t_last = self.length();
        for (k, norm) in now.iter().enumerate() {
            let mut row = vec![
                ReadoutValue::Number(k as f64),
                ReadoutValue::Number((t_last - k) as f64),
                number(*norm),
                number(start.get(k).copied().unwrap_or(f64::NAN)),
            ];
            if lstm {
                row.push(number(cell_now.get(k).copied().unwrap_or(f64::NAN)));
                row.push(number(cell_start.get(k).copied().unwrap_or(f64::NAN)));
            }
            table.rows.push(row);
        }
        table
    }

    fn bptt_description(&self) -> String {
        let now = first_to_last_ratio(&self.summary().hidden_norms);
        let start = first_to_last_ratio(&self.initial_summary().hidden_norms);
        let verdict = |ratio: f64| {
            if !ratio.is_finite() {
                "undefined"
            } else if ratio < 1e-2 {
                "vanishing"
            } else if ratio > 1e2 {
                "exploding"
            } else {
                "about steady"
            }
        };
        let mut text = format!(
            "Over {} steps back the gradient of the last step's loss changes by a factor {} now ({}) and {} at initialisation with ρ = {} ({}).",
            self.length() - 1,
            short(now),
            verdict(now),
            short(start),
            short(self.radius()),
            verdict(start)
        );
        if self.cell() == CellKind::Lstm {
            let cell = first_to_last_ratio(&self.summary().cell_norms);
            text.push_str(&format!(
                " Along the cell state it changes by {} ({}).",
                short(cell),
                verdict(cell)
            ));
        }
        text
    }

    fn loss_table(&self) -> PlotTable {
        let history = self.history();
        let (indices, stride) = thinned_indices(history.len(), LOSS_ROWS);
        let mut table = PlotTable::new(
            format!(
                "The loss of each training step's mini-batch before its update{}, its gradient norm before clipping and whether it was clipped; the constant-prediction loss is {}",
                thinning_note(stride, "step"),
                short(self.baseline())
            ),
            &["step", "batch loss", "‖∇L‖", "clipped"],
        );
        if history.is_empty() {
            let none = || ReadoutValue::Text("no step yet".to_owned());
            table
                .rows
                .push(vec![ReadoutValue::Number(0.0), none(), none(), none()]);
        }
        for i in indices {
            let record = history[i];
            table.rows.push(vec![
                ReadoutValue::Number((i + 1) as f64),
                number(record.batch_loss),
                number(record.gradient_norm),
                ReadoutValue::Text(if record.clipped { "yes" } else { "no" }.to_owned()),
            ]);
        }
        table
    }

    fn loss_description(&self) -> String {
        match self.history().last() {
            None => format!(
                "No training step yet: the loss at initialisation is {} (a constant prediction reaches {}). Press play to train.",
                short(self.summary().loss),
                short(self.baseline())
            ),
            Some(last) => format!(
                "After {} steps the last mini-batch loss is {} and the training-set loss {}, against {} for the best constant prediction.",
                self.steps_taken(),
                short(last.batch_loss),
                short(self.summary().loss),
                short(self.baseline())
            ),
        }
    }

    fn task_table(&self) -> PlotTable {
        let mut columns: Vec<&str> = vec!["t"];
        columns.extend(self.input_names());
        columns.extend(["prediction y_t", "target"]);
        let mut table = PlotTable::new(
            format!(
                "The first training sequence ({}): input, the network's output and the target where the loss counts it",
                self.task_label().to_lowercase()
            ),
            &columns,
        );
        let (Some(trace), Some(example)) = (&self.summary().trace, self.example()) else {
            return table;
        };
        let d = self.shape().input_size;
        table
            .rows
            .extend((0..example.len()).map(|t| step_row(t, example, trace, d)));
        table
    }

    fn task_description(&self) -> String {
        let (Some(trace), Some(example)) = (&self.summary().trace, self.example()) else {
            return "No sequence.".to_owned();
        };
        let t = example.len();
        match self.task() {
            Task::Sine => {
                let error = trace
                    .outputs
                    .iter()
                    .zip(&example.targets)
                    .map(|(y, target)| (y - target).abs())
                    .fold(0.0, f64::max);
                format!(
                    "The predicted next value of the sine wave follows the true one within {} at every step after {} training steps.",
                    short(error),
                    self.steps_taken()
                )
            }
            Task::Memory => format!(
                "The symbol at t = 1 is {}; after {} noisy steps the network outputs {} at t = {t}.",
                short(example.inputs[0]),
                t - 1,
                short(trace.outputs[t - 1])
            ),
            Task::Adding => format!(
                "The two marked values add up to {}; the network outputs {} at t = {t}.",
                short(example.targets[t - 1]),
                short(trace.outputs[t - 1])
            ),
        }
    }
}
