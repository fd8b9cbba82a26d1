//! The training playground's data alternative: the network's output on a coarse 11 × 11 grid
//! of the plane with the data points, every neuron's bias and output range and every weight,
//! and the loss, accuracy and gradient-norm curves (thinned); plus each picture in words.

use super::drawing::Histograms;
use super::{HISTOGRAM_BINS, NnPlayground, Problem, Selection};
use crate::demos::data_alternative::{finite_or, prose_number, thinned};
use crate::demos::{Demo, PLOT_TABLE_MAX_ROWS, PlotTable, ReadoutValue};
use crate::math::activations::Activation;
use crate::math::nn::compute_features;
use crate::math::nn_datasets::DOMAIN_RADIUS;

/// Grid samples per side of the boundary summary (every 1.2 from −6 to 6).
const GRID_SIDE: usize = 11;
/// Grid samples per side for each neuron's output range (the thumbnails use 16).
const NEURON_SIDE: usize = 16;
/// At most about this many rows of the training curves.
const CURVE_ROWS: usize = 100;

impl NnPlayground {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.boundary_table()),
            1 => Some(self.network_table()),
            2 => Some(self.loss_table()),
            3 => Some(self.accuracy_table()),
            4 => Some(self.gradients_table()),
            5 => Some(self.pre_activation_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.boundary_description()),
            1 => Some(self.network_description()),
            2 => Some(self.loss_description()),
            3 => Some(self.accuracy_description()),
            4 => Some(self.gradients_description()),
            5 => Some(self.pre_activation_description()),
            _ => None,
        }
    }

    /// The data set in words: "the circle data set", "your own points".
    fn data_set_words(&self) -> String {
        let key = match (self.problem, self.classification_set) {
            (Problem::Classification, None) => return "your own points".to_owned(),
            (Problem::Classification, Some(_)) => self.param("data"),
            (Problem::Regression, _) => self.param("reg-data"),
        };
        format!("the {} data set", key.unwrap_or_default())
    }

    /// The network's output at one point of the plane.
    fn output_at(&self, x1: f64, x2: f64) -> Vec<f64> {
        let network = &self.trainer.network;
        let features = self.enabled_features();
        let mut input = vec![0.0; features.len()];
        compute_features(&features, x1, x2, &mut input);
        let mut workspace = network.workspace();
        network.forward(&input, &mut workspace, false).to_vec()
    }

    /// The records the curves draw up to the shown epoch, thinned to about [`CURVE_ROWS`],
    /// always ending at the shown epoch.
    fn curve_records(&self) -> Vec<super::EpochRecord> {
        let mut records: Vec<super::EpochRecord> = self
            .history
            .records
            .iter()
            .filter(|r| r.epoch <= self.epoch)
            .copied()
            .collect();
        if records.last().is_none_or(|r| r.epoch < self.epoch) {
            records.push(self.latest);
        }
        thinned(&records, CURVE_ROWS)
    }

    fn boundary_table(&self) -> PlotTable {
        let classification = self.is_classification();
        let outputs = self.trainer.network.output_count();
        let mut columns = vec![
            "row".to_owned(),
            "x₁".to_owned(),
            "x₂".to_owned(),
            if classification {
                "true class".to_owned()
            } else {
                "target value".to_owned()
            },
        ];
        if outputs == 1 {
            columns.push("network output".to_owned());
        } else {
            columns.extend((0..outputs).map(|k| format!("output for class {k}")));
        }
        if classification {
            columns.push("predicted class".to_owned());
        }
        let mut points: Vec<(&str, &super::DataPoint)> = self
            .train_points
            .iter()
            .map(|p| ("training point", p))
            .collect();
        if self.show_test {
            points.extend(self.test_points.iter().map(|p| ("test point", p)));
        }
        let room = PLOT_TABLE_MAX_ROWS - GRID_SIDE * GRID_SIDE;
        let stride = points.len().div_ceil(room).max(1);
        let thinned = if stride > 1 {
            format!(", every {stride}th of the {} points", points.len())
        } else {
            String::new()
        };
        let mut table = PlotTable {
            caption: format!(
                "The network's output on an {GRID_SIDE} × {GRID_SIDE} grid of the plane (every {} from −{r} to {r}), then the points of {} drawn on it{thinned}, after {} epochs.",
                prose_number(2.0 * DOMAIN_RADIUS / (GRID_SIDE - 1) as f64),
                self.data_set_words(),
                self.epoch,
                r = prose_number(DOMAIN_RADIUS),
            ),
            columns,
            rows: Vec::new(),
        };
        let network = &self.trainer.network;
        let mut push = |label: &str, x1: f64, x2: f64, truth: ReadoutValue| {
            let output = self.output_at(x1, x2);
            let mut row = vec![
                ReadoutValue::Text(label.to_owned()),
                ReadoutValue::Number(x1),
                ReadoutValue::Number(x2),
                truth,
            ];
            row.extend(output.iter().map(|y| finite_or(*y, "undefined")));
            if classification {
                row.push(ReadoutValue::Integer(
                    network.predicted_class(&output) as i64
                ));
            }
            table.rows.push(row);
        };
        for row in 0..GRID_SIDE {
            let x2 = DOMAIN_RADIUS - 2.0 * DOMAIN_RADIUS * row as f64 / (GRID_SIDE - 1) as f64;
            for column in 0..GRID_SIDE {
                let x1 =
                    -DOMAIN_RADIUS + 2.0 * DOMAIN_RADIUS * column as f64 / (GRID_SIDE - 1) as f64;
                push("grid", x1, x2, ReadoutValue::Text("—".to_owned()));
            }
        }
        for (label, point) in points.into_iter().step_by(stride) {
            let truth = if classification {
                ReadoutValue::Integer(point.class as i64)
            } else {
                ReadoutValue::Number(point.value)
            };
            push(label, point.x1, point.x2, truth);
        }
        table
    }

    /// A neuron's name on the diagram: "input x₁", "layer 1 neuron 3", "output".
    fn neuron_words(&self, layer: usize, neuron: usize) -> String {
        let network = &self.trainer.network;
        let layers = network.layer_count();
        if layer == 0 {
            self.enabled_features().get(neuron).map_or_else(
                || format!("input {}", neuron + 1),
                |f| format!("input {}", f.label()),
            )
        } else if layer == layers {
            if network.layer_sizes()[layers] == 1 {
                "output".to_owned()
            } else {
                format!("output {}", neuron + 1)
            }
        } else {
            format!("layer {layer} neuron {}", neuron + 1)
        }
    }

    fn network_table(&self) -> PlotTable {
        let network = &self.trainer.network;
        let sizes = network.layer_sizes().to_vec();
        // Each neuron's output range over a 16 × 16 grid of the plane (its thumbnail).
        let features = self.enabled_features();
        let mut low: Vec<Vec<f64>> = sizes.iter().map(|&n| vec![f64::INFINITY; n]).collect();
        let mut high: Vec<Vec<f64>> = sizes.iter().map(|&n| vec![f64::NEG_INFINITY; n]).collect();
        let mut input = vec![0.0; features.len()];
        let mut workspace = network.workspace();
        for row in 0..NEURON_SIDE {
            for column in 0..NEURON_SIDE {
                let x1 = super::cell_centre(column, NEURON_SIDE);
                let x2 = -super::cell_centre(row, NEURON_SIDE);
                compute_features(&features, x1, x2, &mut input);
                network.forward(&input, &mut workspace, false);
                for (layer, values) in workspace.post.iter().enumerate() {
                    for (neuron, value) in values.iter().enumerate() {
                        low[layer][neuron] = low[layer][neuron].min(*value);
                        high[layer][neuron] = high[layer][neuron].max(*value);
                    }
                }
            }
        }
        let mut table = PlotTable::new(
            format!(
                "Every neuron of the {} network (its bias, and the range of its output over a {NEURON_SIDE} × {NEURON_SIDE} grid of the plane, as its thumbnail shows), then every weight, after {} epochs.",
                sizes
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join("–"),
                self.epoch
            ),
            &[
                "neuron or weight",
                "bias or weight",
                "output over the plane from",
                "to",
            ],
        );
        let none = || ReadoutValue::Text("—".to_owned());
        for (layer, &size) in sizes.iter().enumerate() {
            for neuron in 0..size {
                let bias = network
                    .bias_index(layer, neuron)
                    .map_or_else(none, |i| ReadoutValue::Number(network.parameters[i]));
                table.rows.push(vec![
                    ReadoutValue::Text(self.neuron_words(layer, neuron)),
                    bias,
                    finite_or(low[layer][neuron], "undefined"),
                    finite_or(high[layer][neuron], "undefined"),
                ]);
            }
        }
        for layer in 1..sizes.len() {
            for to in 0..sizes[layer] {
                for from in 0..sizes[layer - 1] {
                    let Some(weight) = network.weight(layer, to, from) else {
                        continue;
                    };
                    table.rows.push(vec![
                        ReadoutValue::Text(format!(
                            "weight from {} to {}",
                            self.neuron_words(layer - 1, from),
                            self.neuron_words(layer, to)
                        )),
                        ReadoutValue::Number(weight),
                        none(),
                        none(),
                    ]);
                }
            }
        }
        table
    }

    fn loss_table(&self) -> PlotTable {
        let records = self.curve_records();
        let mut table = PlotTable::new(
            format!(
                "The mean training and test loss at {} of the epochs up to {} (the curve keeps at most 1,024 records).",
                records.len(),
                self.epoch
            ),
            &["epoch", "training loss", "test loss"],
        );
        for r in records {
            table.rows.push(vec![
                ReadoutValue::Integer(r.epoch as i64),
                finite_or(r.train_loss, "undefined"),
                finite_or(r.test_loss, "undefined (no test points)"),
            ]);
        }
        table
    }

    fn accuracy_table(&self) -> PlotTable {
        let records = self.curve_records();
        let classification = self.is_classification();
        let mut table = PlotTable::new(
            if classification {
                format!(
                    "The percentage of training and test points classified correctly at {} of the epochs up to {}.",
                    records.len(),
                    self.epoch
                )
            } else {
                "Regression has no accuracy; the loss chart shows the fit.".to_owned()
            },
            &["epoch", "training accuracy (%)", "test accuracy (%)"],
        );
        for r in records {
            let cell = |value: f64, otherwise: &str| {
                if classification {
                    finite_or(value, otherwise)
                } else {
                    ReadoutValue::Text("— (regression)".to_owned())
                }
            };
            table.rows.push(vec![
                ReadoutValue::Integer(r.epoch as i64),
                cell(r.train_accuracy, "undefined"),
                cell(r.test_accuracy, "undefined (no test points)"),
            ]);
        }
        table
    }

    fn gradients_table(&self) -> PlotTable {
        let records = self.curve_records();
        let layers = self.trainer.network.layer_count();
        let mut columns = vec!["epoch".to_owned()];
        columns.extend((1..=layers).map(|layer| {
            if layer == layers {
                "‖∂L/∂W‖ into the output".to_owned()
            } else {
                format!("‖∂L/∂W‖ into layer {layer}")
            }
        }));
        let mut table = PlotTable {
            caption: format!(
                "The norm of the loss gradient of each weight layer at {} of the epochs up to {} (epoch 0 has no update yet).",
                records.len(),
                self.epoch
            ),
            columns,
            rows: Vec::new(),
        };
        for r in records {
            let mut row = vec![ReadoutValue::Integer(r.epoch as i64)];
            row.extend(
                r.gradient_norms[..layers]
                    .iter()
                    .map(|g| finite_or(*g, "— (no update yet)")),
            );
            table.rows.push(row);
        }
        table
    }

    fn pre_activation_table(&self) -> PlotTable {
        let inputs = self.activation_inputs();
        let histograms = Histograms::of(&inputs, HISTOGRAM_BINS);
        let mut columns = vec!["bin from".to_owned(), "bin to".to_owned()];
        columns.extend((1..=inputs.len()).map(|layer| format!("layer {layer} (% of values)")));
        let what = if self.batch_norm {
            "batch norm's output γx̂ + β (with the running averages)"
        } else {
            "the pre-activation z"
        };
        let mut table = PlotTable {
            caption: format!(
                "What each hidden layer's activation receives, {what}, over the {} training points and the layer's neurons at epoch {}: the share of values in each of {HISTOGRAM_BINS} bins.",
                self.train_points.len(),
                self.epoch
            ),
            columns,
            rows: Vec::new(),
        };
        let bins = histograms.shares.first().map_or(0, Vec::len);
        for bin in 0..bins {
            let mut row = vec![
                ReadoutValue::Number(histograms.edge(bin)),
                ReadoutValue::Number(histograms.edge(bin + 1)),
            ];
            row.extend(
                histograms
                    .shares
                    .iter()
                    .map(|shares| ReadoutValue::Number(shares[bin])),
            );
            table.rows.push(row);
        }
        table
    }

    fn pre_activation_description(&self) -> String {
        let inputs = self.activation_inputs();
        if inputs.is_empty() {
            return "No hidden layer: the inputs go straight to the output.".to_owned();
        }
        if self.train_points.is_empty() {
            return "No training points, so no pre-activations to show.".to_owned();
        }
        let saturating = matches!(self.activation, Activation::Tanh | Activation::Sigmoid);
        let list = inputs
            .iter()
            .enumerate()
            .map(|(i, values)| {
                let outside = values.iter().filter(|v| v.abs() > 2.0).count() as f64
                    / values.len().max(1) as f64;
                let mut text = format!(
                    "layer {} standard deviation {}",
                    i + 1,
                    prose_number(super::standard_deviation(values))
                );
                if saturating {
                    text.push_str(&format!(", {} % beyond ±2", prose_number(100.0 * outside)));
                }
                text
            })
            .collect::<Vec<_>>()
            .join("; ");
        let what = if self.batch_norm {
            "batch norm's outputs"
        } else {
            "pre-activations"
        };
        format!("The hidden layers' {what} at epoch {}: {list}.", self.epoch)
    }

    fn boundary_description(&self) -> String {
        let record = &self.latest;
        let what = if self.is_classification() {
            format!(
                "The network's classes over the plane after {} epochs, with {} training points of {}",
                self.epoch,
                self.train_points.len(),
                self.data_set_words()
            )
        } else {
            format!(
                "The network's output surface over the plane after {} epochs, with {} training points of {}",
                self.epoch,
                self.train_points.len(),
                self.data_set_words()
            )
        };
        let fit = if self.is_classification() && record.train_accuracy.is_finite() {
            format!(
                ": {} % of them are classified correctly (training loss {}).",
                prose_number(record.train_accuracy),
                prose_number(record.train_loss)
            )
        } else if record.train_loss.is_finite() {
            format!(": training loss {}.", prose_number(record.train_loss))
        } else {
            ".".to_owned()
        };
        format!("{what}{fit}")
    }

    fn network_description(&self) -> String {
        let network = &self.trainer.network;
        let sizes = network.layer_sizes();
        let largest = (1..sizes.len())
            .flat_map(|layer| {
                (0..sizes[layer])
                    .flat_map(move |to| (0..sizes[layer - 1]).map(move |from| (layer, to, from)))
            })
            .filter_map(|(layer, to, from)| {
                network
                    .weight(layer, to, from)
                    .map(|w| (layer, to, from, w))
            })
            .max_by(|a, b| a.3.abs().total_cmp(&b.3.abs()));
        let largest = largest.map_or(String::new(), |(layer, to, from, w)| {
            format!(
                "; the largest weight, {}, runs from {} to {}",
                prose_number(w),
                self.neuron_words(layer - 1, from),
                self.neuron_words(layer, to)
            )
        });
        let selected = match self.selection {
            Selection::None => String::new(),
            _ => format!(" Selected: {}.", self.selection_text()),
        };
        format!(
            "A {} network with {} hidden units and {} weights and biases after {} epochs{largest}.{selected}",
            sizes
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join("–"),
            self.activation.label(),
            network.parameters.len(),
            self.epoch
        )
    }

    fn loss_description(&self) -> String {
        let record = &self.latest;
        let test = if record.test_loss.is_finite() {
            format!(" and the test loss {}", prose_number(record.test_loss))
        } else {
            String::new()
        };
        let best = self
            .history
            .records
            .iter()
            .filter(|r| r.epoch <= self.epoch && r.train_loss.is_finite())
            .min_by(|a, b| a.train_loss.total_cmp(&b.train_loss));
        let best = match best {
            Some(best) if best.epoch != self.epoch => format!(
                " (lowest so far {} at epoch {})",
                prose_number(best.train_loss),
                best.epoch
            ),
            _ => String::new(),
        };
        format!(
            "After {} epochs the training loss is {}{test}{best}.",
            self.epoch,
            prose_number(record.train_loss)
        )
    }

    fn accuracy_description(&self) -> String {
        if !self.is_classification() {
            return "Regression: no accuracy to show; the loss chart shows the fit.".to_owned();
        }
        let record = &self.latest;
        let test = if record.test_accuracy.is_finite() {
            format!(
                " and {} % of the test points",
                prose_number(record.test_accuracy)
            )
        } else {
            String::new()
        };
        format!(
            "After {} epochs {} % of the training points{test} are classified correctly.",
            self.epoch,
            prose_number(record.train_accuracy)
        )
    }

    fn gradients_description(&self) -> String {
        let layers = self.trainer.network.layer_count();
        let norms = &self.latest.gradient_norms[..layers];
        if norms.iter().any(|g| !g.is_finite()) {
            return "No gradients yet: they appear after the first epoch of training.".to_owned();
        }
        let list = norms
            .iter()
            .enumerate()
            .map(|(i, g)| format!("layer {} {}", i + 1, prose_number(*g)))
            .collect::<Vec<_>>()
            .join(", ");
        let ratio = norms[layers - 1] / norms[0];
        let ratio = if layers > 1 && ratio.is_finite() && norms[0] > 0.0 {
            format!(
                "; the last layer's is {} times the first's",
                prose_number(ratio)
            )
        } else {
            String::new()
        };
        format!("Gradient norms after epoch {}: {list}{ratio}.", self.epoch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::data_alternative::cell_number as number;
    use crate::demos::test_support::readout_number;

    #[test]
    fn the_boundary_table_has_the_grid_and_the_training_points() {
        let demo = NnPlayground::default();
        let table = demo.plot_table(0).unwrap();
        // 121 grid samples and the 250 training points (50 % of 500).
        assert_eq!(table.rows.len(), 121 + 250);
        assert_eq!(table.columns.len(), 6);
        // The grid's first sample is the top-left corner (−6, 6).
        assert_eq!(number(&table.rows[0][1]), -6.0);
        assert_eq!(number(&table.rows[0][2]), 6.0);
        // The share of training points whose predicted class is their class is the
        // training accuracy readout.
        let points = &table.rows[121..];
        let right = points
            .iter()
            .filter(|r| number(&r[3]) == number(&r[5]))
            .count();
        let accuracy = 100.0 * right as f64 / points.len() as f64;
        assert!((accuracy - readout_number(&demo, "train-accuracy")).abs() < 1e-9);
    }

    #[test]
    fn the_network_table_lists_every_parameter() {
        let mut demo = NnPlayground::default();
        demo.go_to_step(5);
        let table = demo.plot_table(1).unwrap();
        // 2–4–2–1: 9 neurons, 8 + 8 + 2 = 18 weights; 7 biases + 18 weights = 25 parameters.
        assert_eq!(table.rows.len(), 9 + 18);
        let parameters = table
            .rows
            .iter()
            .filter(|r| matches!(r[1], ReadoutValue::Number(_)))
            .count();
        assert_eq!(
            crate::demos::test_support::readout_value(&demo, "parameters"),
            ReadoutValue::Integer(parameters as i64)
        );
        assert_eq!(parameters, 25);
        let weights: Vec<f64> = table.rows[9..].iter().map(|r| number(&r[1])).collect();
        let expected: Vec<f64> = (1..=3)
            .flat_map(|layer| {
                let sizes = [2, 4, 2, 1];
                (0..sizes[layer])
                    .flat_map(move |to| (0..sizes[layer - 1]).map(move |from| (layer, to, from)))
            })
            .map(|(l, t, f)| demo.trainer.network.weight(l, t, f).unwrap())
            .collect();
        assert_eq!(weights, expected);
        // An input neuron's output over the plane is its feature: x₁ from −5.625 to 5.625.
        assert_eq!(number(&table.rows[0][2]), -5.625);
        assert_eq!(number(&table.rows[0][3]), 5.625);
    }

    #[test]
    fn the_curves_end_on_the_readouts_and_stay_short() {
        let mut demo = NnPlayground::default();
        demo.go_to_step(300);
        let loss = demo.plot_table(2).unwrap();
        assert!(loss.rows.len() <= CURVE_ROWS + 1);
        let last = loss.rows.last().unwrap();
        assert_eq!(number(&last[0]), 300.0);
        assert_eq!(number(&last[1]), readout_number(&demo, "train-loss"));
        let accuracy = demo.plot_table(3).unwrap();
        assert_eq!(
            number(&accuracy.rows.last().unwrap()[1]),
            readout_number(&demo, "train-accuracy")
        );
        let gradients = demo.plot_table(4).unwrap();
        let last = gradients.rows.last().unwrap();
        assert_eq!(last.len(), 4);
        assert_eq!(number(&last[3]), readout_number(&demo, "grad-norm.3"));
    }

    #[test]
    fn the_descriptions_state_current_numbers() {
        let mut demo = NnPlayground::default();
        assert!(
            demo.plot_description(4)
                .unwrap()
                .starts_with("No gradients yet")
        );
        demo.go_to_step(20);
        let loss = prose_number(readout_number(&demo, "train-loss"));
        assert!(demo.plot_description(2).unwrap().contains(&loss));
        let text = demo.plot_description(0).unwrap();
        assert!(
            text.contains("after 20 epochs") && text.contains("circle"),
            "{text}"
        );
        let text = demo.plot_description(4).unwrap();
        let g1 = prose_number(readout_number(&demo, "grad-norm.1"));
        assert!(text.contains(&format!("layer 1 {g1}")), "{text}");
        assert!(
            demo.plot_description(1)
                .unwrap()
                .starts_with("A 2–4–2–1 network")
        );
    }
}
