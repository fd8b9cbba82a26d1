//! The single neuron's data alternative: its output on an 11 × 11 grid of the plane with every
//! labelled point, the loss over (w₁, w₂) on a grid with the training path (thinned), and the
//! loss curve (thinned); plus each picture in words.

use super::{DATA_LIMIT, SingleNeuron};
use crate::demos::data_alternative::{prose_number, thinned};
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::neuron::Neuron;

/// Grid samples per side of the plane and weight-space summaries.
const GRID_SIDE: usize = 11;
/// At most about this many rows of the training path and the loss curve.
const PATH_ROWS: usize = 100;

impl SingleNeuron {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.plane_table()),
            1 => Some(self.weights_table()),
            2 => Some(self.loss_curve_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.plane_description()),
            1 => Some(self.weights_description()),
            2 => Some(self.loss_curve_description()),
            _ => None,
        }
    }

    /// The iterations of the path to list: about [`PATH_ROWS`], always the last one.
    fn path_rows(&self) -> Vec<usize> {
        let iterations: Vec<usize> = (0..self.path.len()).collect();
        thinned(&iterations, PATH_ROWS)
    }

    fn grid(extent: f64) -> impl Iterator<Item = (f64, f64)> {
        let at = move |i: usize| -extent + 2.0 * extent * i as f64 / (GRID_SIDE - 1) as f64;
        (0..GRID_SIDE).flat_map(move |row| (0..GRID_SIDE).map(move |column| (at(column), -at(row))))
    }

    fn plane_table(&self) -> PlotTable {
        let neuron = self.neuron();
        let mut table = PlotTable::new(
            format!(
                "The output ŷ = σ(w·x + b) with w = ({}, {}), b = {} on an {GRID_SIDE} × {GRID_SIDE} grid (every {} from −{d} to {d}), then every labelled point with its output and loss.",
                prose_number(neuron.w[0]),
                prose_number(neuron.w[1]),
                prose_number(neuron.b),
                prose_number(2.0 * DATA_LIMIT / (GRID_SIDE - 1) as f64),
                d = prose_number(DATA_LIMIT),
            ),
            &["row", "x₁", "x₂", "class", "output ŷ", "loss"],
        );
        let dash = || ReadoutValue::Text("—".to_owned());
        for (x1, x2) in Self::grid(DATA_LIMIT) {
            table.rows.push(vec![
                ReadoutValue::Text("grid".to_owned()),
                ReadoutValue::Number(x1),
                ReadoutValue::Number(x2),
                dash(),
                ReadoutValue::Number(neuron.probability([x1, x2])),
                dash(),
            ]);
        }
        for (index, point) in self.points.iter().enumerate() {
            let mut label = format!("point {}", index + 1);
            if index == self.selected {
                label.push_str(" (selected)");
            }
            table.rows.push(vec![
                ReadoutValue::Text(label),
                ReadoutValue::Number(point.x[0]),
                ReadoutValue::Number(point.x[1]),
                ReadoutValue::Integer(i64::from(point.label)),
                ReadoutValue::Number(neuron.probability(point.x)),
                ReadoutValue::Number(neuron.point_loss(point)),
            ]);
        }
        table
    }

    fn weights_table(&self) -> PlotTable {
        let neuron = self.neuron();
        let extent = self.weight_extent();
        let loss_or = |value: Option<f64>| {
            value.map_or_else(
                || ReadoutValue::Text("undefined (no points)".to_owned()),
                ReadoutValue::Number,
            )
        };
        let rows = self.path_rows();
        let mut table = PlotTable::new(
            format!(
                "The mean loss over (w₁, w₂) with b = {} on an {GRID_SIDE} × {GRID_SIDE} grid (from −{e} to {e}), then the gradient-descent path at {} of its {} iterates (each with its own b and loss).",
                prose_number(neuron.b),
                rows.len(),
                self.path.len(),
                e = prose_number(extent),
            ),
            &["row", "w₁", "w₂", "b", "mean loss"],
        );
        for (w1, w2) in Self::grid(extent) {
            let at = Neuron {
                w: [w1, w2],
                b: neuron.b,
            };
            table.rows.push(vec![
                ReadoutValue::Text("grid".to_owned()),
                ReadoutValue::Number(w1),
                ReadoutValue::Number(w2),
                ReadoutValue::Number(neuron.b),
                loss_or(at.mean_loss(&self.points)),
            ]);
        }
        for k in rows {
            let n = self.path[k];
            let label = if k == self.playhead.shown {
                format!("iteration {k} (shown)")
            } else {
                format!("iteration {k}")
            };
            table.rows.push(vec![
                ReadoutValue::Text(label),
                ReadoutValue::Number(n.w[0]),
                ReadoutValue::Number(n.w[1]),
                ReadoutValue::Number(n.b),
                loss_or(n.mean_loss(&self.points)),
            ]);
        }
        table
    }

    fn loss_curve_table(&self) -> PlotTable {
        let rows = self.path_rows();
        let mut table = PlotTable::new(
            format!(
                "The mean logistic loss at {} of the {} iterations (the step shown is {}).",
                rows.len(),
                self.path.len().saturating_sub(1),
                self.playhead.shown
            ),
            &["iteration", "mean loss"],
        );
        for k in rows {
            table.rows.push(vec![
                ReadoutValue::Integer(k as i64),
                self.path[k].mean_loss(&self.points).map_or_else(
                    || ReadoutValue::Text("undefined (no points)".to_owned()),
                    ReadoutValue::Number,
                ),
            ]);
        }
        table
    }

    fn plane_description(&self) -> String {
        let neuron = self.neuron();
        let fit = match (
            neuron.accuracy(&self.points),
            neuron.mean_loss(&self.points),
        ) {
            (Some(accuracy), Some(loss)) => format!(
                ": {} of the {} points are on their class's side of the decision line (accuracy {} %), mean loss {}.",
                (accuracy * self.points.len() as f64).round(),
                self.points.len(),
                prose_number(100.0 * accuracy),
                prose_number(loss)
            ),
            _ => ", and no points yet: click the plane to add some.".to_owned(),
        };
        format!(
            "The neuron σ(w·x + b) with w = ({}, {}) and b = {} at step {} of {}{fit}",
            prose_number(neuron.w[0]),
            prose_number(neuron.w[1]),
            prose_number(neuron.b),
            self.playhead.shown,
            self.playhead.last
        )
    }

    fn weights_description(&self) -> String {
        let neuron = self.neuron();
        let loss = neuron
            .mean_loss(&self.points)
            .map_or("undefined".to_owned(), prose_number);
        let gradient = match neuron.gradient(&self.points) {
            Some([g1, g2, _]) => format!(
                "; −∇L points along ({}, {})",
                prose_number(-g1),
                prose_number(-g2)
            ),
            None => String::new(),
        };
        format!(
            "The mean loss over the weights at b = {}: the current weights ({}, {}) have loss {loss}{gradient}, and the path has {} steps.",
            prose_number(neuron.b),
            prose_number(neuron.w[0]),
            prose_number(neuron.w[1]),
            self.path.len().saturating_sub(1)
        )
    }

    fn loss_curve_description(&self) -> String {
        let loss = |n: Option<&Neuron>| {
            n.and_then(|n| n.mean_loss(&self.points))
                .map_or("undefined".to_owned(), prose_number)
        };
        format!(
            "The mean loss falls from {} at the start to {} after {} iterations; at the step shown, {}, it is {}.",
            loss(self.path.first()),
            loss(self.path.last()),
            self.path.len().saturating_sub(1),
            self.playhead.shown,
            loss(self.path.get(self.playhead.shown))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::Demo;
    use crate::demos::data_alternative::cell_number as number;
    use crate::demos::test_support::{readout_number, readout_value};

    #[test]
    fn the_plane_table_holds_the_grid_and_the_point_readouts() {
        let demo = SingleNeuron::default();
        let table = demo.plot_table(0).unwrap();
        assert_eq!(table.rows.len(), 121 + demo.points.len());
        // The grid's centre is the origin, where ŷ = σ(b) = σ(0.5) = 0.6224593312018546.
        let centre = &table.rows[60];
        assert_eq!((number(&centre[1]), number(&centre[2])), (0.0, 0.0));
        assert!((number(&centre[4]) - 0.622_459_331_201_854_6).abs() < 1e-15);
        for (k, row) in table.rows[121..].iter().enumerate() {
            assert_eq!(
                row[4],
                readout_value(&demo, &format!("probability.{}", k + 1))
            );
            assert_eq!(
                row[5],
                readout_value(&demo, &format!("point-loss.{}", k + 1))
            );
        }
    }

    #[test]
    fn the_path_and_the_loss_curve_end_on_the_last_iterate() {
        let mut demo = SingleNeuron::default();
        let last = demo.max_step();
        demo.go_to_step(last);
        let curve = demo.plot_table(2).unwrap();
        let final_row = curve.rows.last().unwrap();
        assert_eq!(number(&final_row[0]), last as f64);
        assert_eq!(number(&final_row[1]), readout_number(&demo, "loss"));
        let weights = demo.plot_table(1).unwrap();
        let final_row = weights.rows.last().unwrap();
        assert_eq!(
            final_row[0],
            ReadoutValue::Text(format!("iteration {last} (shown)"))
        );
        assert_eq!(number(&final_row[1]), readout_number(&demo, "w1"));
        assert!(curve.rows.len() <= PATH_ROWS + 1);
    }

    #[test]
    fn the_descriptions_state_current_numbers() {
        let mut demo = SingleNeuron::default();
        let text = demo.plot_description(0).unwrap();
        assert!(
            text.contains("w = (−1, 0.5) and b = 0.5 at step 0"),
            "{text}"
        );
        demo.go_to_step(10);
        let loss = prose_number(readout_number(&demo, "loss"));
        assert!(demo.plot_description(1).unwrap().contains(&loss));
        assert!(
            demo.plot_description(2)
                .unwrap()
                .contains(&format!("at the step shown, 10, it is {loss}"))
        );
    }
}
