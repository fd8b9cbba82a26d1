//! Backpropagation through a 2–2–1 network on one training example, written as a
//! computational graph: every node has a forward value and, after the backward pass, its
//! gradient `∂L/∂node`; every edge `u → v` carries the local derivative `∂v/∂u`.
//!
//! The backward pass is the textbook algorithm, not a closed form: nodes are visited in
//! reverse topological order ([`BACKWARD_ORDER`]) and each node's gradient is the sum over its
//! outgoing edges of `∂L/∂v · ∂v/∂u`. Tests compare it with central differences of the loss.
//!
//! The network: `z_j = w_j1 x_1 + w_j2 x_2 + b_j`, `h_j = f(z_j)` (j = 1, 2), then
//! `z_3 = v_1 h_1 + v_2 h_2 + c` and `ŷ = z_3` with the squared error `L = ½(ŷ − y)²`, or
//! `ŷ = σ(z_3)` with the binary cross-entropy `L = −[y ln ŷ + (1 − y) ln(1 − ŷ)]`.

use crate::math::activations::{Activation, sigmoid, softplus};

/// The loss on the one example (it also fixes the output unit: linear for the squared error,
/// sigmoid for cross-entropy, the usual pairings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// `½(ŷ − y)²` with a linear output.
    SquaredError,
    /// `−[y ln ŷ + (1 − y) ln(1 − ŷ)]` with a sigmoid output.
    BinaryCrossEntropy,
}

/// The nodes of the computational graph, leaves (inputs and parameters) first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Node {
    X1,
    X2,
    W11,
    W12,
    B1,
    W21,
    W22,
    B2,
    Z1,
    Z2,
    H1,
    H2,
    V1,
    V2,
    C,
    Z3,
    YHat,
    Loss,
}

/// Number of nodes (the length of [`Node::ALL`]).
pub const NODE_COUNT: usize = 18;

/// The order of the backward pass: each node comes after every node it feeds into, so its
/// gradient can be summed from finished ones. One demo step reveals one node.
pub const BACKWARD_ORDER: [Node; NODE_COUNT] = [
    Node::Loss,
    Node::YHat,
    Node::Z3,
    Node::V1,
    Node::V2,
    Node::C,
    Node::H1,
    Node::H2,
    Node::Z1,
    Node::Z2,
    Node::W11,
    Node::W12,
    Node::B1,
    Node::W21,
    Node::W22,
    Node::B2,
    Node::X1,
    Node::X2,
];

/// The trainable parameters, in the order of [`Parameters::to_array`].
pub const PARAMETER_NODES: [Node; 9] = [
    Node::W11,
    Node::W12,
    Node::B1,
    Node::W21,
    Node::W22,
    Node::B2,
    Node::V1,
    Node::V2,
    Node::C,
];

impl Node {
    pub const ALL: [Node; NODE_COUNT] = [
        Node::X1,
        Node::X2,
        Node::W11,
        Node::W12,
        Node::B1,
        Node::W21,
        Node::W22,
        Node::B2,
        Node::Z1,
        Node::Z2,
        Node::H1,
        Node::H2,
        Node::V1,
        Node::V2,
        Node::C,
        Node::Z3,
        Node::YHat,
        Node::Loss,
    ];

    /// Position in [`Node::ALL`], used to index per-node arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name in URLs and readout names (public contract).
    pub fn key(self) -> &'static str {
        match self {
            Node::X1 => "x1",
            Node::X2 => "x2",
            Node::W11 => "w11",
            Node::W12 => "w12",
            Node::B1 => "b1",
            Node::W21 => "w21",
            Node::W22 => "w22",
            Node::B2 => "b2",
            Node::Z1 => "z1",
            Node::Z2 => "z2",
            Node::H1 => "h1",
            Node::H2 => "h2",
            Node::V1 => "v1",
            Node::V2 => "v2",
            Node::C => "c",
            Node::Z3 => "z3",
            Node::YHat => "yhat",
            Node::Loss => "loss",
        }
    }

    /// The symbol drawn on the graph.
    pub fn label(self) -> &'static str {
        match self {
            Node::X1 => "x₁",
            Node::X2 => "x₂",
            Node::W11 => "w₁₁",
            Node::W12 => "w₁₂",
            Node::B1 => "b₁",
            Node::W21 => "w₂₁",
            Node::W22 => "w₂₂",
            Node::B2 => "b₂",
            Node::Z1 => "z₁",
            Node::Z2 => "z₂",
            Node::H1 => "h₁",
            Node::H2 => "h₂",
            Node::V1 => "v₁",
            Node::V2 => "v₂",
            Node::C => "c",
            Node::Z3 => "z₃",
            Node::YHat => "ŷ",
            Node::Loss => "L",
        }
    }

    /// Whether gradient descent updates this node (weights and biases).
    pub fn is_parameter(self) -> bool {
        PARAMETER_NODES.contains(&self)
    }
}

/// The edges `from → to` of the graph (the forward direction).
pub const EDGES: [(Node, Node); 19] = [
    (Node::X1, Node::Z1),
    (Node::X2, Node::Z1),
    (Node::W11, Node::Z1),
    (Node::W12, Node::Z1),
    (Node::B1, Node::Z1),
    (Node::X1, Node::Z2),
    (Node::X2, Node::Z2),
    (Node::W21, Node::Z2),
    (Node::W22, Node::Z2),
    (Node::B2, Node::Z2),
    (Node::Z1, Node::H1),
    (Node::Z2, Node::H2),
    (Node::H1, Node::Z3),
    (Node::H2, Node::Z3),
    (Node::V1, Node::Z3),
    (Node::V2, Node::Z3),
    (Node::C, Node::Z3),
    (Node::Z3, Node::YHat),
    (Node::YHat, Node::Loss),
];

/// Weights and biases of the 2–2–1 network.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Parameters {
    /// `w[j][i]`: from input `i` to hidden unit `j`.
    pub hidden_weights: [[f64; 2]; 2],
    pub hidden_biases: [f64; 2],
    /// `v_j`: from hidden unit `j` to the output.
    pub output_weights: [f64; 2],
    /// `c`: the output bias.
    pub output_bias: f64,
}

impl Parameters {
    /// `[w11, w12, b1, w21, w22, b2, v1, v2, c]`, the order of [`PARAMETER_NODES`].
    pub fn to_array(&self) -> [f64; 9] {
        let [[w11, w12], [w21, w22]] = self.hidden_weights;
        let [b1, b2] = self.hidden_biases;
        let [v1, v2] = self.output_weights;
        [w11, w12, b1, w21, w22, b2, v1, v2, self.output_bias]
    }

    pub fn from_array(values: [f64; 9]) -> Self {
        let [w11, w12, b1, w21, w22, b2, v1, v2, c] = values;
        Self {
            hidden_weights: [[w11, w12], [w21, w22]],
            hidden_biases: [b1, b2],
            output_weights: [v1, v2],
            output_bias: c,
        }
    }
}

/// The one training example.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Example {
    pub inputs: [f64; 2],
    /// The target `y` (in [0, 1] for cross-entropy).
    pub target: f64,
}

/// The network's architecture choices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Network {
    pub activation: Activation,
    pub loss: Loss,
}

/// Forward values, gradients and local derivatives of every node and edge.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// Forward values, indexed by [`Node::index`].
    pub values: [f64; NODE_COUNT],
    /// `∂L/∂node`, indexed by [`Node::index`]. `∂L/∂ŷ` is infinite when a cross-entropy
    /// output rounds to exactly 0 or 1; every other gradient stays finite.
    pub gradients: [f64; NODE_COUNT],
    /// `∂to/∂from` for each edge of [`EDGES`], in the same order.
    pub local_derivatives: [f64; 19],
}

impl Trace {
    pub fn value(&self, node: Node) -> f64 {
        self.values[node.index()]
    }

    pub fn gradient(&self, node: Node) -> f64 {
        self.gradients[node.index()]
    }

    pub fn loss(&self) -> f64 {
        self.value(Node::Loss)
    }

    /// The parameter gradients in the order of [`Parameters::to_array`].
    pub fn parameter_gradients(&self) -> [f64; 9] {
        PARAMETER_NODES.map(|node| self.gradient(node))
    }
}

/// The loss alone (what finite differences differentiate).
pub fn loss(network: Network, parameters: &Parameters, example: &Example) -> f64 {
    forward_values(network, parameters, example)[Node::Loss.index()]
}

fn forward_values(
    network: Network,
    parameters: &Parameters,
    example: &Example,
) -> [f64; NODE_COUNT] {
    let mut values = [0.0; NODE_COUNT];
    let [x1, x2] = example.inputs;
    let [w11, w12, b1, w21, w22, b2, v1, v2, c] = parameters.to_array();
    let leaves = [x1, x2, w11, w12, b1, w21, w22, b2];
    values[..8].copy_from_slice(&leaves);
    values[Node::V1.index()] = v1;
    values[Node::V2.index()] = v2;
    values[Node::C.index()] = c;
    let z1 = w11 * x1 + w12 * x2 + b1;
    let z2 = w21 * x1 + w22 * x2 + b2;
    let (h1, h2) = (network.activation.apply(z1), network.activation.apply(z2));
    let z3 = v1 * h1 + v2 * h2 + c;
    let y = example.target;
    let (y_hat, loss) = match network.loss {
        Loss::SquaredError => (z3, 0.5 * (z3 - y) * (z3 - y)),
        // −[y ln σ(z) + (1 − y) ln(1 − σ(z))] = softplus(z) − y z, which stays finite and exact
        // where σ(z) rounds to 0 or 1.
        Loss::BinaryCrossEntropy => (sigmoid(z3), softplus(z3) - y * z3),
    };
    for (node, value) in [
        (Node::Z1, z1),
        (Node::Z2, z2),
        (Node::H1, h1),
        (Node::H2, h2),
        (Node::Z3, z3),
        (Node::YHat, y_hat),
        (Node::Loss, loss),
    ] {
        values[node.index()] = value;
    }
    values
}

/// The forward pass, the local derivative of every edge and the backward pass.
pub fn trace(network: Network, parameters: &Parameters, example: &Example) -> Trace {
    let values = forward_values(network, parameters, example);
    let value = |node: Node| values[node.index()];
    let y = example.target;
    let local_derivatives = EDGES.map(|(from, to)| match (from, to) {
        // z_j = w_j1 x1 + w_j2 x2 + b_j: ∂z/∂x_i = w_ji, ∂z/∂w_ji = x_i, ∂z/∂b = 1.
        (Node::X1, Node::Z1) => value(Node::W11),
        (Node::X2, Node::Z1) => value(Node::W12),
        (Node::X1, Node::Z2) => value(Node::W21),
        (Node::X2, Node::Z2) => value(Node::W22),
        (Node::W11 | Node::W21, _) => value(Node::X1),
        (Node::W12 | Node::W22, _) => value(Node::X2),
        (Node::B1 | Node::B2 | Node::C, _) => 1.0,
        // h = f(z): ∂h/∂z = f'(z).
        (Node::Z1, Node::H1) => network.activation.derivative(value(Node::Z1)),
        (Node::Z2, Node::H2) => network.activation.derivative(value(Node::Z2)),
        // z3 = v1 h1 + v2 h2 + c.
        (Node::H1, _) => value(Node::V1),
        (Node::H2, _) => value(Node::V2),
        (Node::V1, _) => value(Node::H1),
        (Node::V2, _) => value(Node::H2),
        (Node::Z3, _) => match network.loss {
            Loss::SquaredError => 1.0,
            Loss::BinaryCrossEntropy => {
                let y_hat = value(Node::YHat);
                y_hat * (1.0 - y_hat)
            }
        },
        // ∂L/∂ŷ: the "edge" into the loss.
        _ => match network.loss {
            Loss::SquaredError => value(Node::YHat) - y,
            Loss::BinaryCrossEntropy => {
                let y_hat = value(Node::YHat);
                (y_hat - y) / (y_hat * (1.0 - y_hat))
            }
        },
    });
    let mut gradients = [0.0; NODE_COUNT];
    for node in BACKWARD_ORDER {
        gradients[node.index()] = match (node, network.loss) {
            (Node::Loss, _) => 1.0,
            // σ'(z)·∂L/∂ŷ simplifies to ŷ − y; using the simplified form keeps ∂L/∂z3 (and so
            // every gradient below it) finite when ŷ rounds to 0 or 1 and ∂L/∂ŷ overflows.
            (Node::Z3, Loss::BinaryCrossEntropy) => value(Node::YHat) - y,
            _ => EDGES
                .iter()
                .zip(local_derivatives)
                .filter(|((from, _), _)| *from == node)
                .map(|((_, to), local)| gradients[to.index()] * local)
                .sum(),
        };
    }
    Trace {
        values,
        gradients,
        local_derivatives,
    }
}

/// Central differences `(L(θ + h) − L(θ − h)) / 2h` for every parameter, with `h` scaled to
/// the parameter's size so the step is neither lost in rounding nor too coarse.
pub fn finite_difference_gradients(
    network: Network,
    parameters: &Parameters,
    example: &Example,
) -> [f64; 9] {
    let base = parameters.to_array();
    std::array::from_fn(|index| {
        let step = 1e-5 * base[index].abs().max(1.0);
        let mut plus = base;
        let mut minus = base;
        plus[index] += step;
        minus[index] -= step;
        let loss_at = |values: [f64; 9]| loss(network, &Parameters::from_array(values), example);
        (loss_at(plus) - loss_at(minus)) / (2.0 * step)
    })
}

/// `|a − b| / max(|a|, |b|, 10⁻⁴)`: CS231n's gradient-check measure, with a floor on the
/// denominator. Central differences carry a rounding error of about `ε·|L|/h ≈ 10⁻¹¹·|L|`
/// whatever the gradient's size, so for gradients below 10⁻⁴ the measure turns into the
/// absolute error instead of blowing that rounding up into a spurious "mismatch".
pub fn relative_error(analytic: f64, numeric: f64) -> f64 {
    let scale = analytic.abs().max(numeric.abs()).max(1e-4);
    (analytic - numeric).abs() / scale
}

/// One plain gradient-descent step `θ ← θ − η ∂L/∂θ` on every parameter.
pub fn gradient_step(
    parameters: &Parameters,
    gradients: &[f64; 9],
    learning_rate: f64,
) -> Parameters {
    let values = parameters.to_array();
    Parameters::from_array(std::array::from_fn(|i| {
        values[i] - learning_rate * gradients[i]
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameters(values: [f64; 9]) -> Parameters {
        Parameters::from_array(values)
    }

    #[test]
    fn hand_computed_relu_example() {
        // By hand: x = (1, 2), y = 0, ReLU, squared error.
        // z1 = 0.5·1 + 0.25·2 + 0 = 1, h1 = 1; z2 = 1·1 − 1·2 + 0.5 = −0.5, h2 = 0;
        // z3 = ŷ = 2·1 + 3·0 − 1 = 1; L = ½(1 − 0)² = 0.5.
        // Backward: ∂L/∂ŷ = ŷ − y = 1 = ∂L/∂z3; ∂L/∂v1 = h1 = 1, ∂L/∂v2 = h2 = 0, ∂L/∂c = 1;
        // ∂L/∂h1 = v1 = 2, ∂L/∂h2 = v2 = 3; ∂L/∂z1 = 2·ReLU'(1) = 2, ∂L/∂z2 = 3·ReLU'(−0.5) = 0;
        // ∂L/∂w11 = 2·x1 = 2, ∂L/∂w12 = 2·x2 = 4, ∂L/∂b1 = 2, the second unit's all 0;
        // ∂L/∂x1 = 2·w11 + 0·w21 = 1, ∂L/∂x2 = 2·w12 + 0·w22 = 0.5.
        let network = Network {
            activation: Activation::Relu,
            loss: Loss::SquaredError,
        };
        let example = Example {
            inputs: [1.0, 2.0],
            target: 0.0,
        };
        let start = parameters([0.5, 0.25, 0.0, 1.0, -1.0, 0.5, 2.0, 3.0, -1.0]);
        let result = trace(network, &start, &example);
        assert_eq!(result.loss(), 0.5);
        let expected = [
            (Node::YHat, 1.0),
            (Node::Z3, 1.0),
            (Node::V1, 1.0),
            (Node::V2, 0.0),
            (Node::C, 1.0),
            (Node::H1, 2.0),
            (Node::H2, 3.0),
            (Node::Z1, 2.0),
            (Node::Z2, 0.0),
            (Node::W11, 2.0),
            (Node::W12, 4.0),
            (Node::B1, 2.0),
            (Node::W21, 0.0),
            (Node::W22, 0.0),
            (Node::B2, 0.0),
            (Node::X1, 1.0),
            (Node::X2, 0.5),
        ];
        for (node, gradient) in expected {
            assert_eq!(result.gradient(node), gradient, "{node:?}");
        }
        // One step with η = 0.05: w11 = 0.4, w12 = 0.05, b1 = −0.1, v1 = 1.95, c = −1.05, so
        // z1 = 0.4 + 0.1 − 0.1 = 0.4, ŷ = 1.95·0.4 − 1.05 = −0.27 and L = ½·0.27² = 0.03645.
        let next = gradient_step(&start, &result.parameter_gradients(), 0.05);
        let after = loss(network, &next, &example);
        assert!((after - 0.03645).abs() < 1e-15, "{after}");
    }

    #[test]
    fn hand_computed_sigmoid_cross_entropy_example() {
        // All weights and biases 0: z1 = z2 = 0, h = σ(0) = 0.5, z3 = 0, ŷ = 0.5, and with
        // y = 1 the loss is −ln 0.5 = ln 2. ∂L/∂z3 = ŷ − y = −0.5, so ∂L/∂v_j = −0.5·0.5 =
        // −0.25, ∂L/∂c = −0.5, ∂L/∂h_j = −0.5·v_j = 0 and nothing reaches the first layer.
        let network = Network {
            activation: Activation::Sigmoid,
            loss: Loss::BinaryCrossEntropy,
        };
        let example = Example {
            inputs: [3.0, -1.0],
            target: 1.0,
        };
        let result = trace(network, &parameters([0.0; 9]), &example);
        assert!((result.loss() - std::f64::consts::LN_2).abs() < 1e-16);
        assert_eq!(result.gradient(Node::YHat), -2.0, "−y/ŷ = −2");
        assert_eq!(result.gradient(Node::Z3), -0.5);
        assert_eq!(result.gradient(Node::V1), -0.25);
        assert_eq!(result.gradient(Node::C), -0.5);
        assert_eq!(result.gradient(Node::W11), 0.0);
    }

    #[test]
    fn gradients_match_central_differences_for_every_activation_and_loss() {
        // Parameter sets chosen so that no pre-activation lies within 10⁻³ of ReLU's kink
        // at 0 (where the one-sided derivatives differ and differences cannot agree).
        let cases = [
            (
                [0.7, -1.3],
                0.8,
                [0.4, -0.6, 0.1, 0.8, 0.3, -0.2, 1.2, -0.7, 0.05],
            ),
            (
                [-2.0, 0.5],
                0.0,
                [1.5, 2.0, -0.3, -0.9, 0.4, 0.6, -2.2, 1.7, 0.3],
            ),
            (
                [1.0, 1.0],
                1.0,
                [-0.5, 0.8, 0.9, 1.1, -0.2, -1.4, 0.6, 2.5, -0.8],
            ),
        ];
        for activation in Activation::ALL {
            for loss_kind in [Loss::SquaredError, Loss::BinaryCrossEntropy] {
                let network = Network {
                    activation,
                    loss: loss_kind,
                };
                for (inputs, target, values) in cases {
                    let example = Example { inputs, target };
                    let start = parameters(values);
                    let result = trace(network, &start, &example);
                    let numeric = finite_difference_gradients(network, &start, &example);
                    for (index, (analytic, numeric)) in result
                        .parameter_gradients()
                        .into_iter()
                        .zip(numeric)
                        .enumerate()
                    {
                        let error = relative_error(analytic, numeric);
                        assert!(
                            error < 1e-6,
                            "{activation:?} {loss_kind:?} {:?}: {analytic} vs {numeric} ({error})",
                            PARAMETER_NODES[index]
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn input_gradients_match_central_differences() {
        let network = Network {
            activation: Activation::Tanh,
            loss: Loss::BinaryCrossEntropy,
        };
        let start = parameters([0.4, -0.6, 0.1, 0.8, 0.3, -0.2, 1.2, -0.7, 0.05]);
        let result = trace(
            network,
            &start,
            &Example {
                inputs: [0.5, -1.0],
                target: 1.0,
            },
        );
        let h = 1e-6;
        for (index, node) in [Node::X1, Node::X2].into_iter().enumerate() {
            let at = |shift: f64| {
                let mut inputs = [0.5, -1.0];
                inputs[index] += shift;
                loss(
                    network,
                    &start,
                    &Example {
                        inputs,
                        target: 1.0,
                    },
                )
            };
            let numeric = (at(h) - at(-h)) / (2.0 * h);
            assert!(relative_error(result.gradient(node), numeric) < 1e-6);
        }
    }

    #[test]
    fn saturated_cross_entropy_keeps_parameter_gradients_finite() {
        // z3 = 5·35 + … is far beyond 36.7, where σ rounds to exactly 1: ∂L/∂ŷ has no finite
        // value (1 − y)/(1 − ŷ) but ∂L/∂z3 = ŷ − y = 1 is exact.
        let network = Network {
            activation: Activation::Relu,
            loss: Loss::BinaryCrossEntropy,
        };
        let example = Example {
            inputs: [3.0, 3.0],
            target: 0.0,
        };
        let result = trace(
            network,
            &parameters([5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0]),
            &example,
        );
        assert_eq!(result.value(Node::YHat), 1.0);
        assert!(!result.gradient(Node::YHat).is_finite());
        assert_eq!(result.gradient(Node::Z3), 1.0);
        // softplus(z3) with z3 = 5·35·2 + 5 = 355: the loss is z3 itself.
        assert_eq!(result.loss(), 355.0);
        assert!(result.parameter_gradients().iter().all(|g| g.is_finite()));
    }

    #[test]
    fn every_gradient_is_the_sum_over_outgoing_edges() {
        // x1 feeds both hidden units: its gradient is the sum of two chain-rule products.
        let network = Network {
            activation: Activation::Sigmoid,
            loss: Loss::SquaredError,
        };
        let result = trace(
            network,
            &parameters([0.4, -0.6, 0.1, 0.8, 0.3, -0.2, 1.2, -0.7, 0.05]),
            &Example {
                inputs: [0.5, -1.0],
                target: 1.0,
            },
        );
        let sum = result.gradient(Node::Z1) * 0.4 + result.gradient(Node::Z2) * 0.8;
        assert!((result.gradient(Node::X1) - sum).abs() < 1e-16);
        assert!((relative_error(0.0, 1e-12) - 1e-8).abs() < 1e-20);
        assert_eq!(relative_error(1.0, 0.5), 0.5);
    }
}
