//! The backprop demo's data alternative: every node of the graph with its forward value, its
//! gradient once the backward pass reached it and its updated value, then every edge's local
//! derivative; the activation and its derivative on a grid with the two hidden units; and
//! the loss along the update direction. Plus each picture in words.

use super::{Backprop, UPDATE_STEP};
use crate::demos::data_alternative::{finite_or, prose_number};
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::backprop::{EDGES, Node, PARAMETER_NODES, gradient_step, loss};

/// Grid points of the activation and line-search tables (the plots draw 240 and 200).
const GRID_ROWS: usize = 40;

impl Backprop {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.graph_table()),
            1 => Some(self.activation_table()),
            2 => Some(self.line_search_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.graph_description()),
            1 => Some(self.activation_description()),
            2 => Some(self.line_search_description()),
            _ => None,
        }
    }

    fn graph_table(&self) -> PlotTable {
        let trace = &self.derived.trace;
        let step = self.playhead.shown;
        let mut table = PlotTable::new(
            format!(
                "Step {step} of {UPDATE_STEP}: every node of the graph (its forward value, ∂L/∂node once the backward pass reached it, and a parameter's value after the update), then every edge's local derivative."
            ),
            &[
                "node or edge",
                "forward value",
                "local derivative ∂to/∂from",
                "gradient ∂L/∂node",
                "after the update",
            ],
        );
        let dash = || ReadoutValue::Text("—".to_owned());
        let not_yet =
            |node: Node| ReadoutValue::Text(format!("from step {}", Self::backward_rank(node) + 1));
        let finite = |x: f64| finite_or(x, "undefined");
        let updated = self.derived.updated.to_array();
        for node in Node::ALL {
            let gradient = if self.is_revealed(node) {
                finite(trace.gradient(node))
            } else {
                not_yet(node)
            };
            let after = match PARAMETER_NODES.iter().position(|&p| p == node) {
                Some(i) if self.is_update_shown() => ReadoutValue::Number(updated[i]),
                Some(_) => ReadoutValue::Text(format!("at step {UPDATE_STEP}")),
                None => dash(),
            };
            table.rows.push(vec![
                ReadoutValue::Text(node.label().to_owned()),
                finite(trace.value(node)),
                dash(),
                gradient,
                after,
            ]);
        }
        for (index, &(from, to)) in EDGES.iter().enumerate() {
            let local = if self.is_revealed(from) {
                finite(trace.local_derivatives[index])
            } else {
                not_yet(from)
            };
            table.rows.push(vec![
                ReadoutValue::Text(format!("edge {} → {}", from.label(), to.label())),
                dash(),
                local,
                dash(),
                dash(),
            ]);
        }
        table
    }

    /// The activation plot's z window (as drawn).
    fn activation_window(&self) -> (f64, f64) {
        let trace = &self.derived.trace;
        let (z1, z2) = (trace.value(Node::Z1), trace.value(Node::Z2));
        (
            (-4.0f64).min(z1.min(z2) - 1.0),
            4.0f64.max(z1.max(z2) + 1.0),
        )
    }

    fn activation_table(&self) -> PlotTable {
        let trace = &self.derived.trace;
        let activation = self.network.activation;
        let mut table = PlotTable::new(
            format!(
                "The {} activation f and its derivative f′: first at the two hidden units' pre-activations (the slopes of their tangents), then at {} evenly spaced z.",
                activation.label(),
                GRID_ROWS + 1
            ),
            &["point", "z", "f(z)", "f′(z)"],
        );
        for (name, node) in [
            ("z₁ (hidden unit 1)", Node::Z1),
            ("z₂ (hidden unit 2)", Node::Z2),
        ] {
            let z = trace.value(node);
            table.push_labelled(name, &[z, activation.apply(z), activation.derivative(z)]);
        }
        let (low, high) = self.activation_window();
        for i in 0..=GRID_ROWS {
            let z = low + (high - low) * i as f64 / GRID_ROWS as f64;
            table.push_labelled("curve", &[z, activation.apply(z), activation.derivative(z)]);
        }
        table
    }

    /// ‖∇L‖² over the nine parameters.
    fn squared_gradient_norm(&self) -> f64 {
        self.derived
            .trace
            .parameter_gradients()
            .iter()
            .map(|g| g * g)
            .sum()
    }

    fn line_search_table(&self) -> PlotTable {
        let gradients = self.derived.trace.parameter_gradients();
        let squared_norm = self.squared_gradient_norm();
        let start = self.derived.trace.loss();
        let eta_max = (2.5 * self.learning_rate).clamp(1.0, 5.0);
        let mut table = PlotTable::new(
            format!(
                "The loss after the step θ − η∇L at {} evenly spaced η from 0 to {}, next to the first-order prediction L − η‖∇L‖² (‖∇L‖² = {}); the chosen η = {} gives L = {}.",
                GRID_ROWS + 1,
                prose_number(eta_max),
                prose_number(squared_norm),
                prose_number(self.learning_rate),
                prose_number(self.derived.loss_after)
            ),
            &[
                "learning rate η",
                "loss L(θ − η∇L)",
                "first-order prediction",
            ],
        );
        for i in 0..=GRID_ROWS {
            let eta = eta_max * i as f64 / GRID_ROWS as f64;
            let moved = gradient_step(&self.parameters, &gradients, eta);
            let value = loss(self.network, &moved, &self.example);
            table.rows.push(vec![
                ReadoutValue::Number(eta),
                finite_or(value, "undefined"),
                ReadoutValue::Number(start - eta * squared_norm),
            ]);
        }
        table
    }

    fn graph_description(&self) -> String {
        let step = self.playhead.shown;
        let loss = self.derived.trace.loss();
        if step == 0 {
            return format!(
                "The computational graph after the forward pass: every value is computed from its inputs, and the loss is L = {} for the target y = {}.",
                prose_number(loss),
                prose_number(self.example.target)
            );
        }
        if self.is_update_shown() {
            return format!(
                "The computational graph after the update θ ← θ − η·∂L/∂θ with η = {}: every gradient is known, and the loss goes from {} to {}.",
                prose_number(self.learning_rate),
                prose_number(loss),
                prose_number(self.derived.loss_after)
            );
        }
        let (symbols, numbers) = self.step_formula(4);
        format!(
            "The computational graph at backward step {step} of {}: {symbols} {numbers}.",
            UPDATE_STEP - 1
        )
    }

    fn activation_description(&self) -> String {
        let trace = &self.derived.trace;
        let activation = self.network.activation;
        let unit = |node: Node, name: &str| {
            let z = trace.value(node);
            format!(
                "{name} = {} where the slope f′ is {}",
                prose_number(z),
                prose_number(activation.derivative(z))
            )
        };
        format!(
            "The {} activation and its derivative: {}, and {}.",
            activation.label(),
            unit(Node::Z1, "z₁"),
            unit(Node::Z2, "z₂")
        )
    }

    fn line_search_description(&self) -> String {
        let start = self.derived.trace.loss();
        let after = self.derived.loss_after;
        let predicted = start - self.learning_rate * self.squared_gradient_norm();
        let change = if after < start { "falls" } else { "rises" };
        format!(
            "The loss along the update direction: at η = {} it {change} from {} to {} (the tangent predicted {}).",
            prose_number(self.learning_rate),
            prose_number(start),
            prose_number(after),
            prose_number(predicted)
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
    fn the_graph_table_follows_the_steps_and_matches_the_readouts() {
        let mut demo = Backprop::default();
        demo.go_to_step(UPDATE_STEP);
        let table = demo.plot_table(0).unwrap();
        assert_eq!(table.rows.len(), 18 + 19);
        // At the update every node's gradient is shown and equals its readout.
        for (row, node) in table.rows.iter().zip(Node::ALL) {
            assert_eq!(
                row[1],
                readout_value(&demo, &format!("value.{}", node.key()))
            );
            assert_eq!(
                row[3],
                readout_value(&demo, &format!("grad.{}", node.key()))
            );
        }
        // The loss node's gradient is ∂L/∂L = 1.
        let loss_row = &table.rows[Node::Loss.index()];
        assert_eq!(number(&loss_row[3]), 1.0);
        // An updated parameter is θ − η·∂L/∂θ.
        let w11 = &table.rows[Node::W11.index()];
        assert!((number(&w11[4]) - (number(&w11[1]) - 0.5 * number(&w11[3]))).abs() < 1e-15);
        demo.go_to_step(0);
        let table = demo.plot_table(0).unwrap();
        assert_eq!(
            table.rows[Node::Loss.index()][3],
            ReadoutValue::Text("from step 1".to_owned())
        );
    }

    #[test]
    fn the_activation_table_has_the_sigmoid_and_its_slope() {
        let demo = Backprop::default();
        let table = demo.plot_table(1).unwrap();
        for row in &table.rows {
            let (z, f, d) = (number(&row[1]), number(&row[2]), number(&row[3]));
            let sigmoid = 1.0 / (1.0 + (-z).exp());
            assert!((f - sigmoid).abs() < 1e-12 && (d - sigmoid * (1.0 - sigmoid)).abs() < 1e-12);
        }
    }

    #[test]
    fn the_line_search_starts_at_the_loss_with_the_tangent() {
        let demo = Backprop::default();
        let table = demo.plot_table(2).unwrap();
        let first = &table.rows[0];
        assert_eq!(number(&first[0]), 0.0);
        assert_eq!(first[1], readout_value(&demo, "value.loss"));
        assert_eq!(first[2], first[1]);
        // The η axis ends at 2.5·0.5 = 1.25, so η = 0.5 is row 16 of 40: the update's loss.
        let row = &table.rows[16];
        assert!((number(&row[0]) - 0.5).abs() < 1e-15);
        assert!((number(&row[1]) - demo.derived.loss_after).abs() < 1e-15);
    }

    #[test]
    fn the_descriptions_state_current_numbers() {
        let mut demo = Backprop::default();
        let text = demo.plot_description(2).unwrap();
        assert!(
            text.contains(&prose_number(demo.derived.loss_after)),
            "{text}"
        );
        demo.go_to_step(1);
        let text = demo.plot_description(0).unwrap();
        assert!(
            text.starts_with("The computational graph at backward step 1 of 18"),
            "{text}"
        );
        assert!(
            demo.plot_description(1)
                .unwrap()
                .starts_with("The Sigmoid activation")
        );
    }
}
