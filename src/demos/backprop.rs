//! Backpropagation as a chain-rule trace (article 003's backpropagation, article 000's chain
//! rule): a 2–2–1 network on one example drawn as a computational graph. Step 0 shows the
//! forward pass; each further step reveals one node's `∂L/∂node` and the local derivatives of
//! its outgoing edges, in backward order; the last step applies one gradient-descent update.
//! A gradient check against central differences runs alongside.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ExportSpec;
use super::drawing::{fill_style, line_style, padded, themed_chart};
use super::params::{format_param_number, parse_choice, parse_number};
use super::playhead::Playhead;
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame,
    Layer, Notice, NoticeLevel, PlotSpec, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error, exact_number, format_number, format_plot_number,
};
use crate::math::activations::Activation;
use crate::math::backprop::{
    BACKWARD_ORDER, EDGES, Example, Loss, NODE_COUNT, Network, Node, PARAMETER_NODES, Parameters,
    Trace, finite_difference_gradients, gradient_step, loss, relative_error, trace,
};
use crate::render::theme::{SERIES_COLOURS, rgb};

const ACTIVATIONS: &[(&str, &str)] = &[
    ("sigmoid", "Sigmoid"),
    ("tanh", "Tanh"),
    ("relu", "ReLU"),
    ("leaky-relu", "Leaky ReLU"),
    ("elu", "ELU"),
    ("gelu", "GELU"),
    ("softplus", "Softplus"),
    ("swish", "Swish (SiLU)"),
    ("linear", "Linear"),
];

const LOSSES: &[(&str, &str)] = &[
    // Short enough for a phone-wide select; the control's help gives the formulas.
    ("bce", "Cross-entropy (sigmoid ŷ)"),
    ("squared", "Squared error (linear ŷ)"),
];

/// The range of every weight and bias slider.
const PARAMETER_LIMIT: f64 = 5.0;

/// A slider for a weight or bias.
const fn parameter_control(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    group: &'static str,
    example: &'static str,
) -> ControlSpec {
    ControlSpec {
        key,
        aliases: &[],
        label,
        kind: ControlKind::Slider {
            min: -PARAMETER_LIMIT,
            max: PARAMETER_LIMIT,
            step: 0.01,
            log: false,
        },
        help,
        group,
        example,
    }
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "x1",
        aliases: &[],
        label: "Input x₁",
        kind: ControlKind::Slider {
            min: -3.0,
            max: 3.0,
            step: 0.01,
            log: false,
        },
        help: "The first input of the training example",
        group: "Training example",
        example: "-1.5",
    },
    ControlSpec {
        key: "x2",
        aliases: &[],
        label: "Input x₂",
        kind: ControlKind::Slider {
            min: -3.0,
            max: 3.0,
            step: 0.01,
            log: false,
        },
        help: "The second input of the training example",
        group: "Training example",
        example: "2",
    },
    ControlSpec {
        key: "y",
        aliases: &[],
        label: "Target y",
        kind: ControlKind::Slider {
            min: 0.0,
            max: 1.0,
            step: 0.01,
            log: false,
        },
        help: "The target output (a probability for cross-entropy)",
        group: "Training example",
        example: "0.2",
    },
    parameter_control(
        "w11",
        "w₁₁ (x₁ → z₁)",
        "Weight from input 1 to hidden unit 1",
        "Hidden layer",
        "-2",
    ),
    parameter_control(
        "w12",
        "w₁₂ (x₂ → z₁)",
        "Weight from input 2 to hidden unit 1",
        "Hidden layer",
        "1.5",
    ),
    parameter_control("b1", "b₁", "Bias of hidden unit 1", "Hidden layer", "1"),
    parameter_control(
        "w21",
        "w₂₁ (x₁ → z₂)",
        "Weight from input 1 to hidden unit 2",
        "Hidden layer",
        "-1",
    ),
    parameter_control(
        "w22",
        "w₂₂ (x₂ → z₂)",
        "Weight from input 2 to hidden unit 2",
        "Hidden layer",
        "2",
    ),
    parameter_control("b2", "b₂", "Bias of hidden unit 2", "Hidden layer", "-1.5"),
    ControlSpec {
        key: "activation",
        aliases: &[],
        label: "Hidden activation f",
        kind: ControlKind::Select {
            options: ACTIVATIONS,
        },
        help: "The activation h = f(z) of both hidden units",
        group: "Hidden layer",
        example: "relu",
    },
    parameter_control(
        "v1",
        "v₁ (h₁ → z₃)",
        "Weight from hidden unit 1 to the output",
        "Output layer",
        "-2.5",
    ),
    parameter_control(
        "v2",
        "v₂ (h₂ → z₃)",
        "Weight from hidden unit 2 to the output",
        "Output layer",
        "2.5",
    ),
    parameter_control("c", "c", "Bias of the output", "Output layer", "-1"),
    ControlSpec {
        key: "loss",
        aliases: &[],
        label: "Loss",
        kind: ControlKind::Select { options: LOSSES },
        help: "Binary cross-entropy with a sigmoid output ŷ = σ(z₃), or the squared error ½(ŷ − y)² with a linear output ŷ = z₃",
        group: "Output layer",
        example: "squared",
    },
    ControlSpec {
        key: "lr",
        aliases: &["learning_rate"],
        label: "Learning rate η",
        kind: ControlKind::Slider {
            min: 0.001,
            max: 5.0,
            step: 0.001,
            log: true,
        },
        help: "The step size of the update θ ← θ − η ∂L/∂θ applied in the last step",
        group: "Update",
        example: "2",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "step-formula",
        help: "The chain-rule computation of the step shown, with its numbers",
    },
    ReadoutSpec {
        name: "value.{node}",
        help: "Forward value of a node: inputs x1, x2, parameters w11 … c, pre-activations z1, z2, z3, activations h1, h2, the output yhat and the loss",
    },
    ReadoutSpec {
        name: "grad.{node}",
        help: "∂L/∂node, once the backward pass has reached the node (text before that; ∂L/∂ŷ is undefined when a sigmoid output rounds to 0 or 1)",
    },
    ReadoutSpec {
        name: "local.{to}.{from}",
        help: "The local derivative ∂to/∂from of the edge from → to, shown once the backward pass reaches from",
    },
    ReadoutSpec {
        name: "updated.{parameter}",
        help: "The parameter after the update θ − η ∂L/∂θ (shown at the last step)",
    },
    ReadoutSpec {
        name: "loss-after",
        help: "The loss with the updated parameters (shown at the last step)",
    },
    ReadoutSpec {
        name: "first-order-prediction",
        help: "L − η‖∇L‖², the loss after the update predicted by the gradient alone (the tangent in the line-search plot); the true loss after the update differs by the curvature term",
    },
    ReadoutSpec {
        name: "numeric.{parameter}",
        help: "The central difference (L(θ + h) − L(θ − h)) / 2h with h = 10⁻⁵·max(1, |θ|)",
    },
    ReadoutSpec {
        name: "max-relative-error",
        help: "The largest |backprop − numeric| / max(|backprop|, |numeric|, 10⁻⁴) over the nine parameters: about 10⁻⁹ or less unless a ReLU kink lies within h",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "graph",
        title: "The computational graph",
        alt: "The network as a computational graph: inputs x1, x2 and parameters feed z1, z2, which feed h1, h2, which with v1, v2 and c feed z3, then the output ŷ and the loss L. Each node shows its forward value and, once reached by the backward pass, its gradient ∂L/∂node; edges show their local derivatives. Clicking a node jumps to the step that computes its gradient; arrow keys step.",
        aspect_ratio: 0.72,
        interactive: true,
    },
    PlotSpec {
        id: "activation",
        title: "The local derivatives ∂h/∂z as slopes",
        alt: "The hidden activation f(z) as a solid curve and its derivative f′(z) dashed, with the two hidden units' pre-activations z1 and z2 marked on the curve and their tangent lines, whose slopes are the local derivatives ∂h/∂z.",
        aspect_ratio: 0.75,
        interactive: false,
    },
    PlotSpec {
        id: "line-search",
        title: "The loss along the update direction",
        alt: "The loss after an update θ − η∇L plotted against the learning rate η, with the first-order prediction L − η‖∇L‖² as a dashed tangent and the chosen η marked.",
        aspect_ratio: 0.75,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "backprop",
    title: "Backpropagation as a chain-rule trace",
    chapter: Chapter::NeuralNetworks,
    summary: "A 2–2–1 network as a computational graph: the forward values, then every ∂L/∂node revealed one chain-rule step at a time, a gradient-descent update and a gradient check.",
    explanation: r#"A neural network is a composition of simple functions, so the derivative of its loss with respect to any weight follows from the chain rule (the picture in *Mathematics for ML and DL*; *Mathematical Foundations for Deep Learning* writes it $\frac{\partial L}{\partial w} = \frac{\partial L}{\partial y}\frac{\partial y}{\partial w}$). Here the network has two inputs, two hidden units and one output, on one training example $(x_1, x_2; y)$:

$$z_j = w_{j1} x_1 + w_{j2} x_2 + b_j,\qquad h_j = f(z_j),\qquad z_3 = v_1 h_1 + v_2 h_2 + c$$

With cross-entropy the output is $\hat y = \sigma(z_3)$ and $L = -[\,y \ln \hat y + (1-y)\ln(1-\hat y)\,]$; with the squared error it is $\hat y = z_3$ and $L = \tfrac12(\hat y - y)^2$.

**Forward pass** (step 0): every node gets its value from its inputs, left to right. **Backward pass** (steps 1–18): start with $\partial L/\partial L = 1$ and visit the nodes right to left. Each edge $u \to v$ has a *local derivative* $\partial v/\partial u$ that needs only the forward values, for example $\partial z_1/\partial w_{11} = x_1$, $\partial h_1/\partial z_1 = f'(z_1)$ and $\partial z_3/\partial h_1 = v_1$. A node's gradient is the sum, over the edges leaving it, of the gradient at the edge's end times the local derivative:

$$\frac{\partial L}{\partial u} = \sum_{v:\,u \to v} \frac{\partial L}{\partial v}\,\frac{\partial v}{\partial u}, \qquad\text{e.g.}\quad \frac{\partial L}{\partial w_{11}} = \frac{\partial L}{\partial z_3}\, v_1\, f'(z_1)\, x_1$$

The sum matters where a node feeds several others: $x_1$ feeds both $z_1$ and $z_2$. For the sigmoid with cross-entropy, $\frac{\partial L}{\partial \hat y}\,\sigma'(z_3) = \frac{\hat y - y}{\hat y(1-\hat y)}\,\hat y(1 - \hat y) = \hat y - y$; the demo uses this simplified form, which stays exact even when $\hat y$ rounds to 1 and $\partial L/\partial \hat y$ itself overflows.

**Update** (step 19): every parameter moves against its gradient, $\theta \leftarrow \theta - \eta\, \partial L/\partial \theta$, and the loss is recomputed. A small $\eta$ lowers it; a large one can overshoot and raise it. *Apply the update and trace again* makes the new parameters the starting point of the next iteration, so pressing it repeatedly trains the network on its one example.

**Gradient check**: the central difference $\frac{L(\theta + h) - L(\theta - h)}{2h}$ approximates each gradient with an error of order $h^2$; agreement to about $10^{-9}$ is the standard test that backpropagation was coded right. It fails only where $f$ has a kink (ReLU at $z = 0$) within $h$ of a pre-activation.

The demo opens at step 9, where $\partial L/\partial z_1 = \frac{\partial L}{\partial h_1}\, f'(z_1)$ is computed. The toolbar's Reset button goes back to the forward pass; then Step (or Play) shows the trace one node at a time; click a node to jump to the step that computes its gradient (the arrow keys on the graph step too). The table has a row per node, inputs first as in the graph: its value, its gradient (or the step that computes it), the local derivatives of the edges leaving it and, for the weights and biases, the value after the update and the central difference of the gradient check."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[ActionSpec {
        key: "apply-update",
        label: "Apply the update and trace again",
        help: "Makes the updated weights and biases the new starting point (clamped to ±5) and goes back to the forward pass, for the next iteration",
        group: "Update",
    }],
    exports: &[ExportSpec {
        key: "trace",
        label: "trace (CSV)",
        file_name: "backprop-trace.csv",
        mime: "text/csv",
    }],
    imports: &[],
    create: || Box::new(Backprop::default()),
};

/// The last step: the update.
const UPDATE_STEP: usize = NODE_COUNT + 1;
/// The step a fresh demo opens on: the backward pass computing ∂L/∂z₁ = ∂L/∂h₁·f′(z₁), the
/// ninth node visited, so the reader first sees one chain-rule step, half of the graph
/// already traced, rather than the finished update. (`steps=` links keep their step.)
const DEFAULT_STEP: usize = 9;
/// Animation frames per step while playing (about 0.4 s at 60 frames per second).
const FRAMES_PER_STEP: u32 = 24;

/// The state of the backprop demo.
#[derive(Clone, Debug)]
pub struct Backprop {
    /// The training example.
    example: Example,
    /// The weights and biases before the update.
    parameters: Parameters,
    /// The hidden activation and the loss.
    network: Network,
    /// η of the update step.
    learning_rate: f64,
    /// The step shown: 0 forward pass, 1..=18 backward nodes, 19 the update.
    playhead: Playhead,
    /// Frames left until the next step while playing.
    frames_until_step: u32,
    /// Everything derived from the above, recomputed on every change.
    derived: Derived,
}

/// The forward and backward pass, the update and the gradient check.
#[derive(Clone, Debug)]
struct Derived {
    trace: Trace,
    numeric: [f64; 9],
    updated: Parameters,
    loss_after: f64,
}

impl Default for Backprop {
    fn default() -> Self {
        let parameters = Parameters::from_array([0.4, -0.6, 0.1, 0.8, 0.3, -0.2, 1.2, -0.7, 0.05]);
        let network = Network {
            activation: Activation::Sigmoid,
            loss: Loss::BinaryCrossEntropy,
        };
        let example = Example {
            inputs: [0.5, -1.0],
            target: 1.0,
        };
        let learning_rate = 0.5;
        Self {
            example,
            parameters,
            network,
            learning_rate,
            playhead: {
                let mut playhead = Playhead::at_end(UPDATE_STEP);
                playhead.go_to(DEFAULT_STEP);
                playhead
            },
            frames_until_step: FRAMES_PER_STEP,
            derived: Derived::compute(network, &parameters, &example, learning_rate),
        }
    }
}

impl Derived {
    fn compute(
        network: Network,
        parameters: &Parameters,
        example: &Example,
        learning_rate: f64,
    ) -> Self {
        let trace = trace(network, parameters, example);
        let updated = gradient_step(parameters, &trace.parameter_gradients(), learning_rate);
        Self {
            numeric: finite_difference_gradients(network, parameters, example),
            loss_after: loss(network, &updated, example),
            updated,
            trace,
        }
    }
}

/// Where a node sits, as fractions of the graph area (x right, y down).
fn node_position(node: Node) -> (f64, f64) {
    match node {
        Node::X1 => (0.05, 0.34),
        Node::X2 => (0.05, 0.66),
        Node::W11 => (0.1, 0.06),
        Node::W12 => (0.235, 0.06),
        Node::B1 => (0.37, 0.06),
        Node::W21 => (0.1, 0.94),
        Node::W22 => (0.235, 0.94),
        Node::B2 => (0.37, 0.94),
        Node::Z1 => (0.27, 0.34),
        Node::Z2 => (0.27, 0.66),
        Node::H1 => (0.5, 0.34),
        Node::H2 => (0.5, 0.66),
        Node::V1 => (0.62, 0.06),
        Node::V2 => (0.62, 0.94),
        Node::C => (0.77, 0.94),
        Node::Z3 => (0.72, 0.5),
        Node::YHat => (0.91, 0.5),
        Node::Loss => (0.91, 0.8),
    }
}

/// Sizes of the graph drawing in device pixels, derived from the plot size.
#[derive(Clone, Copy, Debug)]
struct GraphLayout {
    /// Left, top, width, height of the area the node centres span.
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    node_width: f64,
    node_height: f64,
    /// The font size of node text.
    font: f64,
    /// Fewer digits and fewer edge labels on narrow plots (phones).
    compact: bool,
}

impl GraphLayout {
    fn new(frame: &Frame) -> Self {
        let css_width = frame.geometry.css_width;
        let font_css = (css_width / 42.0).clamp(9.0, 13.0);
        let node_width_css = (css_width * 0.105).min(font_css * 7.5);
        let node_height_css = font_css * 3.5;
        let caption_css = font_css * 3.2;
        let margin_x = node_width_css / 2.0 + 4.0;
        let margin_y = node_height_css / 2.0 + 4.0;
        let css_height = frame.geometry.css_height;
        Self {
            left: frame.px(margin_x),
            top: frame.px(caption_css + margin_y),
            width: frame.px((css_width - 2.0 * margin_x).max(1.0)),
            height: frame.px((css_height - caption_css - 2.0 * margin_y).max(1.0)),
            node_width: frame.px(node_width_css),
            node_height: frame.px(node_height_css),
            font: frame.px(font_css).round(),
            compact: css_width < 560.0,
        }
    }

    fn centre(&self, node: Node) -> (f64, f64) {
        let (fx, fy) = node_position(node);
        (self.left + fx * self.width, self.top + fy * self.height)
    }

    /// The point a fraction `along` of the way along the visible part of the edge between
    /// two node centres (from where it leaves the first box to where it enters the second).
    fn edge_label_point(&self, from: (f64, f64), to: (f64, f64), along: f64) -> (f64, f64) {
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        // The fraction of the centre-to-centre vector inside one box.
        let inside = |half: f64, d: f64| {
            if d.abs() > 1e-9 {
                half / d.abs()
            } else {
                f64::INFINITY
            }
        };
        let box_fraction = inside(self.node_width / 2.0, dx)
            .min(inside(self.node_height / 2.0, dy))
            .min(0.5);
        let t = box_fraction + along * (1.0 - 2.0 * box_fraction);
        (from.0 + t * dx, from.1 + t * dy)
    }

    /// The node whose box contains the device pixel, if any.
    fn node_at(&self, x: f64, y: f64) -> Option<Node> {
        Node::ALL.into_iter().find(|&node| {
            let (cx, cy) = self.centre(node);
            (x - cx).abs() <= self.node_width / 2.0 && (y - cy).abs() <= self.node_height / 2.0
        })
    }
}

/// A number in `significant` digits for the graph: the readouts' formatting for plots
/// (fixed notation down to 10⁻⁵, a real minus sign); non-finite values read "undef.".
fn short_number(x: f64, significant: usize) -> String {
    if !x.is_finite() {
        return "undef.".to_owned();
    }
    format_plot_number(x, significant)
}

impl Backprop {
    fn recompute(&mut self) {
        self.derived = Derived::compute(
            self.network,
            &self.parameters,
            &self.example,
            self.learning_rate,
        );
    }

    /// The backward-pass position of a node: its gradient is shown from step `rank + 1`.
    fn backward_rank(node: Node) -> usize {
        BACKWARD_ORDER
            .iter()
            .position(|&n| n == node)
            .unwrap_or(NODE_COUNT)
    }

    fn is_revealed(&self, node: Node) -> bool {
        self.playhead.shown > Self::backward_rank(node)
    }

    /// The node whose gradient the shown step computes, if it is a backward step.
    fn current_node(&self) -> Option<Node> {
        let step = self.playhead.shown;
        (1..=NODE_COUNT)
            .contains(&step)
            .then(|| BACKWARD_ORDER[step - 1])
    }

    fn is_update_shown(&self) -> bool {
        self.playhead.shown >= UPDATE_STEP
    }

    fn max_relative_error(&self) -> f64 {
        self.derived
            .trace
            .parameter_gradients()
            .into_iter()
            .zip(self.derived.numeric)
            .map(|(a, n)| relative_error(a, n))
            .fold(0.0, f64::max)
    }

    /// The chain-rule computation of the shown step, as two lines: symbols, then numbers.
    fn step_formula(&self, digits: usize) -> (String, String) {
        let n = |x: f64| short_number(x, digits);
        let trace = &self.derived.trace;
        let step = self.playhead.shown;
        if step == 0 {
            return (
                "Forward pass: every value from its inputs, left to right.".to_owned(),
                format!(
                    "L = {} for target y = {}",
                    n(trace.loss()),
                    n(self.example.target)
                ),
            );
        }
        if self.is_update_shown() {
            return (
                format!("Update θ ← θ − η·∂L/∂θ with η = {}", n(self.learning_rate)),
                format!("L: {} → {}", n(trace.loss()), n(self.derived.loss_after)),
            );
        }
        let Some(node) = self.current_node() else {
            return (String::new(), String::new());
        };
        let name = format!("∂L/∂{}", node.label());
        let gradient = n(trace.gradient(node));
        match (node, self.network.loss) {
            (Node::Loss, _) => (
                format!("{name} = 1"),
                "Start of the backward pass".to_owned(),
            ),
            (Node::Z3, Loss::BinaryCrossEntropy) => (
                format!("{name} = ∂L/∂ŷ·σ′(z₃) = ŷ − y"),
                format!(
                    "= {} − {} = {gradient}",
                    n(trace.value(Node::YHat)),
                    n(self.example.target)
                ),
            ),
            _ => {
                let outgoing: Vec<(Node, f64)> = EDGES
                    .iter()
                    .zip(trace.local_derivatives)
                    .filter(|((from, _), _)| *from == node)
                    .map(|((_, to), local)| (*to, local))
                    .collect();
                let symbols: Vec<String> = outgoing
                    .iter()
                    .map(|(to, _)| format!("∂L/∂{}·∂{}/∂{}", to.label(), to.label(), node.label()))
                    .collect();
                let numbers: Vec<String> = outgoing
                    .iter()
                    .map(|(to, local)| format!("{}·{}", n(trace.gradient(*to)), n(*local)))
                    .collect();
                (
                    format!("{name} = {}", symbols.join(" + ")),
                    format!("= {} = {gradient}", numbers.join(" + ")),
                )
            }
        }
    }

    fn draw_graph<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let layout = GraphLayout::new(frame);
        let digits = if layout.compact { 3 } else { 4 };
        let trace = &self.derived.trace;
        let current = self.current_node();
        let gradient_colour = SERIES_COLOURS[1];
        let highlight = SERIES_COLOURS[0];
        let updated_colour = SERIES_COLOURS[2];
        let font = |scale: f64, colour: [u8; 3]| {
            ("sans-serif", (layout.font * scale).round())
                .into_font()
                .color(&rgb(colour))
        };
        let centred = Pos::new(HPos::Center, VPos::Center);

        // The caption: the chain-rule step in symbols and in numbers.
        let (symbols, numbers) = self.step_formula(digits);
        let caption_x = frame.px(8.0) as i32;
        for (line, text) in [symbols, numbers].into_iter().enumerate() {
            let y = frame.px(4.0) + layout.font * (0.2 + 1.35 * line as f64);
            area.draw(&Text::new(
                text,
                (caption_x, y as i32),
                font(1.0, if line == 0 { theme.text } else { highlight })
                    .pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(draw_error)?;
        }

        // Edges first, so the node boxes cover their ends.
        for (index, &(from, to)) in EDGES.iter().enumerate() {
            let (x0, y0) = layout.centre(from);
            let (x1, y1) = layout.centre(to);
            let is_current = current == Some(from);
            let colour = if is_current { highlight } else { theme.axis };
            let width = if is_current { 2.5 } else { 1.0 };
            area.draw(&PathElement::new(
                vec![(x0 as i32, y0 as i32), (x1 as i32, y1 as i32)],
                super::drawing::line_style(colour, frame, width),
            ))
            .map_err(draw_error)?;
            let show_label = self.is_revealed(from) && (is_current || !layout.compact);
            if show_label {
                // Labels sit on the part of the edge between the two boxes, a little past
                // its middle (so the two edges crossing between x and z keep their labels
                // apart), never on a box: short edges like z₃ → ŷ used to push the label onto
                // ŷ's border.
                let (lx, ly) = layout.edge_label_point((x0, y0), (x1, y1), 0.58);
                let text = short_number(trace.local_derivatives[index], digits);
                let size = if is_current { 0.95 } else { 0.8 };
                let half_width = layout.font * size * 0.3 * text.chars().count() as f64 + 2.0;
                let half_height = layout.font * size * 0.6;
                area.draw(&Rectangle::new(
                    [
                        ((lx - half_width) as i32, (ly - half_height) as i32),
                        ((lx + half_width) as i32, (ly + half_height) as i32),
                    ],
                    rgb(theme.background).filled(),
                ))
                .map_err(draw_error)?;
                let colour = if is_current {
                    highlight
                } else {
                    theme.muted_text
                };
                area.draw(&Text::new(
                    text,
                    (lx as i32, ly as i32),
                    font(size, colour).pos(centred),
                ))
                .map_err(draw_error)?;
            }
        }

        // Nodes: symbol, forward value, and the gradient once the backward pass reached them.
        for node in Node::ALL {
            let (cx, cy) = layout.centre(node);
            let (half_w, half_h) = (layout.node_width / 2.0, layout.node_height / 2.0);
            let corners = [
                ((cx - half_w) as i32, (cy - half_h) as i32),
                ((cx + half_w) as i32, (cy + half_h) as i32),
            ];
            let is_current = current == Some(node);
            let is_input = matches!(node, Node::X1 | Node::X2);
            let fill = if node.is_parameter() || is_input {
                theme.grid
            } else {
                theme.background
            };
            area.draw(&Rectangle::new(corners, rgb(fill).filled()))
                .map_err(draw_error)?;
            let border = if is_current { highlight } else { theme.axis };
            area.draw(&Rectangle::new(
                corners,
                super::drawing::line_style(border, frame, if is_current { 3.0 } else { 1.0 }),
            ))
            .map_err(draw_error)?;
            let line_y = |line: f64| (cy + (line - 1.0) * layout.font * 1.05) as i32;
            area.draw(&Text::new(
                node.label(),
                (cx as i32, line_y(0.0)),
                font(1.0, theme.text).pos(centred),
            ))
            .map_err(draw_error)?;
            let parameter_index = PARAMETER_NODES.iter().position(|&p| p == node);
            let (value, value_colour) = match parameter_index {
                Some(i) if self.is_update_shown() => {
                    (self.derived.updated.to_array()[i], updated_colour)
                }
                _ => (trace.value(node), theme.text),
            };
            area.draw(&Text::new(
                short_number(value, digits),
                (cx as i32, line_y(1.0)),
                font(0.95, value_colour).pos(centred),
            ))
            .map_err(draw_error)?;
            if self.is_revealed(node) {
                area.draw(&Text::new(
                    format!("∂ {}", short_number(trace.gradient(node), digits)),
                    (cx as i32, line_y(2.0)),
                    font(0.95, gradient_colour).pos(centred),
                ))
                .map_err(draw_error)?;
            }
        }

        // The target beside the loss node.
        let (lx, ly) = layout.centre(Node::Loss);
        area.draw(&Text::new(
            format!("y = {}", short_number(self.example.target, digits)),
            (
                lx as i32,
                (ly + layout.node_height * 0.5 + layout.font * 0.7) as i32,
            ),
            font(0.9, theme.muted_text).pos(centred),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    /// `L − η‖∇L‖²`: where the tangent of the line search predicts the update lands.
    fn first_order_prediction(&self) -> f64 {
        let squared_norm: f64 = self
            .derived
            .trace
            .parameter_gradients()
            .iter()
            .map(|g| g * g)
            .sum();
        self.derived.trace.loss() - self.learning_rate * squared_norm
    }

    fn draw_activation<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let trace = &self.derived.trace;
        let activation = self.network.activation;
        let (z1, z2) = (trace.value(Node::Z1), trace.value(Node::Z2));
        let z_low = (-4.0f64).min(z1.min(z2) - 1.0);
        let z_high = 4.0f64.max(z1.max(z2) + 1.0);
        let samples: Vec<(f64, f64, f64)> = (0..=240)
            .map(|i| {
                let z = z_low + (z_high - z_low) * i as f64 / 240.0;
                (z, activation.apply(z), activation.derivative(z))
            })
            .collect();
        let (low, high) = samples.iter().fold(
            (f64::INFINITY, f64::NEG_INFINITY),
            |(lo, hi), &(_, f, d)| (lo.min(f).min(d), hi.max(f).max(d)),
        );
        let y_range = padded(low, high, 0.08);
        let (y_low, y_high) = (y_range.start, y_range.end);
        // A band above the chart holds the legend, so it never covers the curves.
        let (legend_area, chart_area) = area.split_vertically(frame.px(38.0) as u32);
        let mut chart = themed_chart(
            &chart_area,
            frame,
            z_low..z_high,
            y_range,
            "z",
            "f(z) and f′(z)",
        )?;
        chart
            .draw_series(LineSeries::new(
                samples.iter().map(|&(z, f, _)| (z, f)),
                line_style(frame.theme.text, frame, 2.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(DashedLineSeries::new(
                samples.iter().map(|&(z, _, d)| (z, d)),
                frame.px(6.0) as i32,
                frame.px(4.0) as i32,
                line_style(frame.theme.muted_text, frame, 1.5),
            ))
            .map_err(draw_error)?;
        let units = [
            (z1, trace.value(Node::H1), "z₁", SERIES_COLOURS[0]),
            (z2, trace.value(Node::H2), "z₂", SERIES_COLOURS[2]),
        ];
        for (index, (z, h, name, colour)) in units.into_iter().enumerate() {
            let slope = activation.derivative(z);
            // The tangent reaches ±0.9 in z, shortened where it would leave the chart.
            let room = (h - y_low).min(y_high - h).max(0.0);
            let reach = if slope.abs() > 1e-12 {
                0.9f64.min(room / slope.abs())
            } else {
                0.9
            };
            chart
                .draw_series(LineSeries::new(
                    [
                        (z - reach, h - slope * reach),
                        (z + reach, h + slope * reach),
                    ],
                    line_style(colour, frame, 2.5),
                ))
                .map_err(draw_error)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (z, h),
                    frame.px(4.5) as i32,
                    fill_style(colour),
                )))
                .map_err(draw_error)?;
            let label = format!("{name}: slope f′ = {}", short_number(slope, 4));
            legend_area
                .draw(&Text::new(
                    label,
                    (
                        frame.px(12.0) as i32,
                        frame.px(4.0 + 16.0 * index as f64) as i32,
                    ),
                    super::drawing::text_style(frame, 12.0, colour),
                ))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_line_search<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let trace = &self.derived.trace;
        let gradients = trace.parameter_gradients();
        let squared_norm: f64 = gradients.iter().map(|g| g * g).sum();
        let eta_max = (2.5 * self.learning_rate).clamp(1.0, 5.0);
        let losses: Vec<(f64, f64)> = (0..=200)
            .map(|i| {
                let eta = eta_max * i as f64 / 200.0;
                let moved = gradient_step(&self.parameters, &gradients, eta);
                (eta, loss(self.network, &moved, &self.example))
            })
            .collect();
        let (low, high) = losses
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &(_, l)| {
                (lo.min(l), hi.max(l))
            });
        let y_range = padded(low.min(0.0), high, 0.06);
        let y_low = y_range.start;
        let start_loss = trace.loss();
        let (legend_area, chart_area) = area.split_vertically(frame.px(38.0) as u32);
        let mut chart = themed_chart(
            &chart_area,
            frame,
            0.0..eta_max,
            y_range,
            "learning rate η",
            "L(θ − η∇L)",
        )?;
        chart
            .draw_series(LineSeries::new(
                losses.iter().copied(),
                line_style(frame.theme.text, frame, 2.0),
            ))
            .map_err(draw_error)?;
        // The first-order prediction L − η‖∇L‖², stopped at the bottom of the chart.
        let tangent_end = if squared_norm > 0.0 {
            eta_max.min((start_loss - y_low) / squared_norm)
        } else {
            eta_max
        };
        chart
            .draw_series(DashedLineSeries::new(
                [
                    (0.0, start_loss),
                    (tangent_end, start_loss - tangent_end * squared_norm),
                ],
                frame.px(6.0) as i32,
                frame.px(4.0) as i32,
                line_style(SERIES_COLOURS[4], frame, 1.5),
            ))
            .map_err(draw_error)?;
        let colour = SERIES_COLOURS[0];
        chart
            .draw_series(std::iter::once(Circle::new(
                (self.learning_rate, self.derived.loss_after),
                frame.px(5.0) as i32,
                fill_style(colour),
            )))
            .map_err(draw_error)?;
        let label = format!(
            "η = {}: L = {}",
            short_number(self.learning_rate, 4),
            short_number(self.derived.loss_after, 4)
        );
        legend_area
            .draw(&Text::new(
                label,
                (frame.px(12.0) as i32, frame.px(4.0) as i32),
                super::drawing::text_style(frame, 12.0, colour),
            ))
            .map_err(draw_error)?;
        legend_area
            .draw(&Text::new(
                "dashed tangent: L − η‖∇L‖² (first-order prediction)",
                (frame.px(12.0) as i32, frame.px(20.0) as i32),
                super::drawing::text_style(frame, 12.0, SERIES_COLOURS[4]),
            ))
            .map_err(draw_error)?;
        Ok(())
    }

    fn readout(name: String, label: String, value: ReadoutValue, group: &str) -> Readout {
        Readout {
            name,
            label,
            value,
            group: group.to_owned(),
        }
    }
}

impl DrawDemo for Backprop {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Every step changes numbers all over the graph, so it all lives on the foreground.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_graph(area, frame),
            1 => self.draw_activation(area, frame),
            _ => self.draw_line_search(area, frame),
        }
    }
}

impl Demo for Backprop {
    fn param(&self, key: &str) -> Option<String> {
        if let Some(index) = PARAMETER_NODES.iter().position(|n| n.key() == key) {
            return Some(format_param_number(self.parameters.to_array()[index]));
        }
        Some(match key {
            "x1" => format_param_number(self.example.inputs[0]),
            "x2" => format_param_number(self.example.inputs[1]),
            "y" => format_param_number(self.example.target),
            "activation" => self.network.activation.key().to_owned(),
            "loss" => match self.network.loss {
                Loss::BinaryCrossEntropy => "bce",
                Loss::SquaredError => "squared",
            }
            .to_owned(),
            "lr" => format_param_number(self.learning_rate),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        if let Some(index) = PARAMETER_NODES.iter().position(|n| n.key() == key) {
            let mut values = self.parameters.to_array();
            values[index] = parse_number(value, -PARAMETER_LIMIT, PARAMETER_LIMIT)?;
            self.parameters = Parameters::from_array(values);
        } else {
            match key {
                "x1" => self.example.inputs[0] = parse_number(value, -3.0, 3.0)?,
                "x2" => self.example.inputs[1] = parse_number(value, -3.0, 3.0)?,
                "y" => self.example.target = parse_number(value, 0.0, 1.0)?,
                "activation" => {
                    let key = parse_choice(value, ACTIVATIONS)?;
                    self.network.activation = Activation::from_key(key)
                        .ok_or_else(|| format!("“{value}” is not an activation"))?;
                }
                "loss" => {
                    self.network.loss = match parse_choice(value, LOSSES)? {
                        "bce" => Loss::BinaryCrossEntropy,
                        _ => Loss::SquaredError,
                    }
                }
                "lr" => self.learning_rate = parse_number(value, 0.001, 5.0)?,
                _ => return Err(format!("“{key}” is not a setting of this demo")),
            }
        }
        self.recompute();
        Ok(())
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        (key == "lr").then(|| {
            format!(
                "One step changes the loss from {} to {}.",
                super::format_number(self.derived.trace.loss()),
                super::format_number(self.derived.loss_after)
            )
        })
    }

    fn default_step(&self) -> usize {
        DEFAULT_STEP
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        UPDATE_STEP
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
        self.frames_until_step = FRAMES_PER_STEP;
    }

    fn advance_frame(&mut self) -> bool {
        if self.playhead.is_at_end() {
            return false;
        }
        // One step every few frames: a step per frame would be over before it could be read.
        self.frames_until_step = self.frames_until_step.saturating_sub(1);
        if self.frames_until_step > 0 {
            return true;
        }
        self.frames_until_step = FRAMES_PER_STEP;
        self.playhead.advance(1)
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        if key != "apply-update" {
            return Err(format!("“{key}” is not an action of this demo"));
        }
        let updated = self
            .derived
            .updated
            .to_array()
            .map(|v| v.clamp(-PARAMETER_LIMIT, PARAMETER_LIMIT));
        self.parameters = Parameters::from_array(updated);
        self.recompute();
        self.go_to_step(0);
        Ok(())
    }

    fn export(&self, key: &str) -> Option<String> {
        if key != "trace" {
            return None;
        }
        let trace = &self.derived.trace;
        let number = |x: f64| {
            if x.is_finite() {
                format_param_number(x)
            } else {
                String::new()
            }
        };
        let mut csv = String::from("item,quantity,value\n");
        for node in Node::ALL {
            let name = node.key();
            csv.push_str(&format!("{name},value,{}\n", number(trace.value(node))));
            csv.push_str(&format!(
                "{name},dL/d{name},{}\n",
                number(trace.gradient(node))
            ));
        }
        for (index, (from, to)) in EDGES.iter().enumerate() {
            csv.push_str(&format!(
                "{}->{},d{}/d{},{}\n",
                from.key(),
                to.key(),
                to.key(),
                from.key(),
                number(trace.local_derivatives[index])
            ));
        }
        let updated = self.derived.updated.to_array();
        for (index, node) in PARAMETER_NODES.iter().enumerate() {
            csv.push_str(&format!(
                "{},updated (lr {}),{}\n",
                node.key(),
                format_param_number(self.learning_rate),
                number(updated[index])
            ));
        }
        csv.push_str(&format!(
            "loss,after update,{}\n",
            number(self.derived.loss_after)
        ));
        Some(csv)
    }

    fn readouts(&self) -> Vec<Readout> {
        let trace = &self.derived.trace;
        let step = self.playhead.shown;
        let (symbols, numbers) = self.step_formula(6);
        let mut readouts = vec![Self::readout(
            "step-formula".into(),
            format!("Step {step}"),
            ReadoutValue::Text(format!("{symbols} {numbers}")),
            "",
        )];
        // The shell lays grouped readouts out as a table with a row per group and a column
        // per label (in order of first appearance): one row per graph node, inputs first as
        // in the graph, so the values fill the table downwards like the forward pass and the
        // gradients upwards like the backward pass. (One group per kind of number made one
        // row of 85 columns.)
        let not_yet = |rank: usize| ReadoutValue::Text(format!("step {rank}"));
        let saturated = || ReadoutValue::Text("undefined (ŷ rounds to 0 or 1)".to_owned());
        let updated = self.derived.updated.to_array();
        for node in Node::ALL {
            let row = node.label();
            let rank = Self::backward_rank(node) + 1;
            readouts.push(Self::readout(
                format!("value.{}", node.key()),
                "Value".to_owned(),
                ReadoutValue::Number(trace.value(node)),
                row,
            ));
            let gradient = trace.gradient(node);
            readouts.push(Self::readout(
                format!("grad.{}", node.key()),
                "∂L/∂node".to_owned(),
                if !self.is_revealed(node) {
                    not_yet(rank)
                } else if gradient.is_finite() {
                    ReadoutValue::Number(gradient)
                } else {
                    saturated()
                },
                row,
            ));
            // The edges leaving the node (two for x₁ and x₂, one for the others): the local
            // derivatives its gradient is made of, named by the node each edge leads to.
            let outgoing = EDGES
                .iter()
                .enumerate()
                .filter(|(_, (from, _))| *from == node);
            for (position, (index, (_, to))) in outgoing.enumerate() {
                let local = trace.local_derivatives[index];
                let value = if !self.is_revealed(node) {
                    not_yet(rank)
                } else if local.is_finite() {
                    ReadoutValue::Written {
                        shown: format!("→ {}: {}", to.label(), format_number(local)),
                        exact: exact_number(local),
                    }
                } else {
                    saturated()
                };
                let column = if position == 0 {
                    "Local ∂next/∂node"
                } else {
                    "Local, 2nd edge"
                };
                readouts.push(Self::readout(
                    format!("local.{}.{}", to.key(), node.key()),
                    column.to_owned(),
                    value,
                    row,
                ));
            }
            let after_update = |value: f64| {
                if self.is_update_shown() {
                    ReadoutValue::Number(value)
                } else {
                    ReadoutValue::Text(format!("step {UPDATE_STEP}"))
                }
            };
            if let Some(index) = PARAMETER_NODES.iter().position(|&p| p == node) {
                readouts.push(Self::readout(
                    format!("updated.{}", node.key()),
                    "After the update".to_owned(),
                    after_update(updated[index]),
                    row,
                ));
                readouts.push(Self::readout(
                    format!("numeric.{}", node.key()),
                    "Numeric ∂L/∂node".to_owned(),
                    ReadoutValue::Number(self.derived.numeric[index]),
                    row,
                ));
            }
            if node == Node::Loss {
                readouts.push(Self::readout(
                    "loss-after".into(),
                    "After the update".into(),
                    after_update(self.derived.loss_after),
                    row,
                ));
            }
        }
        readouts.push(Self::readout(
            "first-order-prediction".into(),
            "First-order prediction L − η‖∇L‖²".into(),
            ReadoutValue::Number(self.first_order_prediction()),
            "",
        ));
        readouts.push(Self::readout(
            "max-relative-error".into(),
            "Gradient check: max relative error".into(),
            ReadoutValue::Number(self.max_relative_error()),
            "",
        ));
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        let trace = &self.derived.trace;
        if !trace.gradient(Node::YHat).is_finite() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "ŷ = σ(z₃) rounds to exactly 0 or 1 in double precision, so ∂L/∂ŷ is undefined; ∂L/∂z₃ = ŷ − y is still exact, and every gradient below it.".to_owned(),
            });
        }
        if self.max_relative_error() > 1e-6 {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: "The gradient check disagrees: a pre-activation lies within the difference step h of a kink of the activation, where the one-sided slopes differ.".to_owned(),
            });
        }
        if self.is_update_shown() && self.derived.loss_after > trace.loss() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "The update overshot: η = {} raised the loss from {} to {}. A smaller learning rate lowers it.",
                    format_param_number(self.learning_rate),
                    super::format_number(trace.loss()),
                    super::format_number(self.derived.loss_after)
                ),
            });
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || input.phase != PointerPhase::Down {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let layout = GraphLayout::new(&frame);
        match layout.node_at(input.x, input.y) {
            Some(node) => {
                self.go_to_step(Self::backward_rank(node) + 1);
                true
            }
            None => false,
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let step = self.playhead.shown;
        let target = match key {
            "ArrowRight" | "ArrowDown" => (step + 1).min(UPDATE_STEP),
            "ArrowLeft" | "ArrowUp" => step.saturating_sub(1),
            "Home" => 0,
            "End" => UPDATE_STEP,
            _ => return false,
        };
        self.go_to_step(target);
        true
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        self.data_table(plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        self.data_description(plot)
    }
}

mod data;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::test_support::readout_value as value;

    #[test]
    fn the_trace_reveals_one_node_per_step_then_updates() {
        let mut demo = Backprop::default();
        demo.go_to_step(0);
        assert!(matches!(value(&demo, "grad.loss"), ReadoutValue::Text(_)));
        demo.go_to_step(1);
        assert_eq!(value(&demo, "grad.loss"), ReadoutValue::Number(1.0));
        assert!(matches!(value(&demo, "grad.yhat"), ReadoutValue::Text(_)));
        demo.go_to_step(NODE_COUNT);
        assert!(matches!(value(&demo, "grad.x2"), ReadoutValue::Number(_)));
        assert!(matches!(value(&demo, "loss-after"), ReadoutValue::Text(_)));
        demo.go_to_step(UPDATE_STEP);
        let (ReadoutValue::Number(before), ReadoutValue::Number(after)) =
            (value(&demo, "value.loss"), value(&demo, "loss-after"))
        else {
            panic!()
        };
        assert!(after < before, "η = 0.5 lowers the default loss");
        let ReadoutValue::Number(error) = value(&demo, "max-relative-error") else {
            panic!()
        };
        assert!(error < 1e-7, "{error}");
    }

    #[test]
    fn the_hand_computed_relu_example_through_the_controls() {
        // The example of math::backprop's test, entered through the URL keys.
        let mut demo = Backprop::default();
        for (key, v) in [
            ("x1", "1"),
            ("x2", "2"),
            ("y", "0"),
            ("w11", "0.5"),
            ("w12", "0.25"),
            ("b1", "0"),
            ("w21", "1"),
            ("w22", "-1"),
            ("b2", "0.5"),
            ("v1", "2"),
            ("v2", "3"),
            ("c", "-1"),
            ("activation", "relu"),
            ("loss", "squared"),
            ("lr", "0.05"),
        ] {
            demo.set_param(key, v).unwrap();
        }
        demo.go_to_step(UPDATE_STEP);
        assert_eq!(value(&demo, "value.loss"), ReadoutValue::Number(0.5));
        assert_eq!(value(&demo, "grad.w12"), ReadoutValue::Number(4.0));
        // Shown with the node the edge leads to; data-value is the number alone.
        assert_eq!(
            value(&demo, "local.z1.w12"),
            ReadoutValue::Written {
                shown: "→ z₁: 2".to_owned(),
                exact: "2".to_owned()
            }
        );
        // 0.25 − 0.05·4 in floating point is 0.04999999999999999.
        let ReadoutValue::Number(w12) = value(&demo, "updated.w12") else {
            panic!()
        };
        assert!((w12 - 0.05).abs() < 1e-16);
        let ReadoutValue::Number(after) = value(&demo, "loss-after") else {
            panic!()
        };
        assert!((after - 0.03645).abs() < 1e-15);
        // ‖∇L‖² = 2² + 4² + 2² + 1² + 1² = 26 (the nonzero gradients above), so the tangent
        // predicts 0.5 − 0.05·26 = −0.8: far below the true 0.03645, the loss curves upwards.
        let ReadoutValue::Number(predicted) = value(&demo, "first-order-prediction") else {
            panic!()
        };
        assert!((predicted + 0.8).abs() < 1e-15, "{predicted}");
        let ReadoutValue::Text(formula) = value(&demo, "step-formula") else {
            panic!()
        };
        assert!(formula.contains("0.5 → 0.03645"), "{formula}");
    }

    #[test]
    fn clicking_a_node_and_arrow_keys_move_the_step() {
        let mut demo = Backprop::default();
        let frame = Frame::light(800.0, 576.0, 1.0);
        let layout = GraphLayout::new(&frame);
        let (x, y) = layout.centre(Node::W11);
        let input = PointerInput {
            phase: PointerPhase::Down,
            x,
            y,
            css_width: 800.0,
            css_height: 576.0,
        };
        assert!(demo.pointer(0, input));
        assert_eq!(demo.current_step(), Backprop::backward_rank(Node::W11) + 1);
        assert!(demo.key(0, "ArrowLeft"));
        assert_eq!(demo.current_node(), Some(Node::Z2));
        let (formula, numbers) = demo.step_formula(4);
        assert_eq!(formula, "∂L/∂z₂ = ∂L/∂h₂·∂h₂/∂z₂");
        assert!(numbers.starts_with("= "), "{numbers}");
        assert!(demo.key(0, "Home"));
        assert_eq!(demo.current_step(), 0);
    }

    #[test]
    fn saturated_output_reads_undefined_not_nan() {
        let mut demo = Backprop::default();
        for key in ["x1", "x2"] {
            demo.set_param(key, "3").unwrap();
        }
        for node in PARAMETER_NODES {
            demo.set_param(node.key(), "5").unwrap();
        }
        demo.set_param("activation", "relu").unwrap();
        demo.set_param("y", "0").unwrap();
        assert_eq!(
            value(&demo, "grad.yhat"),
            ReadoutValue::Text("undefined (ŷ rounds to 0 or 1)".into())
        );
        assert_eq!(value(&demo, "grad.z3"), ReadoutValue::Number(1.0));
        assert!(!demo.notices().is_empty());
    }

    #[test]
    fn applying_the_update_starts_the_next_iteration() {
        let mut demo = Backprop::default();
        demo.go_to_step(UPDATE_STEP);
        let ReadoutValue::Number(expected) = value(&demo, "loss-after") else {
            panic!()
        };
        demo.action("apply-update").unwrap();
        assert_eq!(demo.current_step(), 0);
        assert_eq!(value(&demo, "value.loss"), ReadoutValue::Number(expected));
        assert!(demo.action("no-such").is_err());
        let csv = demo.export("trace").unwrap();
        assert!(
            csv.starts_with("item,quantity,value\nx1,value,0.5\n"),
            "{csv}"
        );
        assert!(csv.contains("\nw11->z1,dz1/dw11,0.5\n"), "{csv}");
        assert_eq!(demo.export("other"), None);
    }

    #[test]
    fn it_opens_on_one_chain_rule_step() {
        let demo = Backprop::default();
        assert_eq!(DEFAULT_STEP, Backprop::backward_rank(Node::Z1) + 1);
        assert_eq!(demo.current_step(), DEFAULT_STEP);
        assert_eq!(demo.default_step(), DEFAULT_STEP);
        assert_eq!(demo.step_formula(4).0, "∂L/∂z₁ = ∂L/∂h₁·∂h₁/∂z₁");
        // Revealed so far: L … h₂ (steps 1–8) and z₁ itself; z₂ and the leaves not yet.
        assert!(matches!(value(&demo, "grad.z1"), ReadoutValue::Number(_)));
        assert_eq!(
            value(&demo, "grad.z2"),
            ReadoutValue::Text("step 10".to_owned())
        );
    }

    #[test]
    fn the_trace_table_has_a_row_per_node_and_keeps_every_readout_name() {
        let mut demo = Backprop::default();
        demo.go_to_step(UPDATE_STEP);
        let readouts = demo.readouts();
        // Every documented name, built from the graph independently of readouts():
        // 18 values and gradients, one local derivative per edge, and for the 9 parameters
        // the updated value and the central difference, plus 4 single readouts.
        let mut expected: Vec<String> = vec![
            "step-formula".into(),
            "loss-after".into(),
            "first-order-prediction".into(),
            "max-relative-error".into(),
        ];
        for node in Node::ALL {
            expected.push(format!("value.{}", node.key()));
            expected.push(format!("grad.{}", node.key()));
        }
        for (from, to) in EDGES {
            expected.push(format!("local.{}.{}", to.key(), from.key()));
        }
        for node in PARAMETER_NODES {
            expected.push(format!("updated.{}", node.key()));
            expected.push(format!("numeric.{}", node.key()));
        }
        let mut names: Vec<String> = readouts.iter().map(|r| r.name.clone()).collect();
        names.sort();
        expected.sort();
        assert_eq!(names, expected);
        // The table: a row per node, inputs first, at most 6 columns, one cell each.
        let mut rows: Vec<&str> = Vec::new();
        let mut columns: Vec<&str> = Vec::new();
        let mut cells = std::collections::HashSet::new();
        for readout in readouts.iter().filter(|r| !r.group.is_empty()) {
            if !rows.contains(&readout.group.as_str()) {
                rows.push(&readout.group);
            }
            if !columns.contains(&readout.label.as_str()) {
                columns.push(&readout.label);
            }
            assert!(
                cells.insert((readout.group.clone(), readout.label.clone())),
                "two readouts in one cell: {} / {}",
                readout.group,
                readout.label
            );
        }
        let forward: Vec<&str> = Node::ALL.iter().map(|n| n.label()).collect();
        assert_eq!(rows, forward);
        assert_eq!(
            columns,
            [
                "Value",
                "∂L/∂node",
                "Local ∂next/∂node",
                "Local, 2nd edge",
                "After the update",
                "Numeric ∂L/∂node"
            ]
        );
        // x₁ feeds z₁ and z₂: both local derivatives sit in its row.
        let x1_row: Vec<&str> = readouts
            .iter()
            .filter(|r| r.group == "x₁")
            .map(|r| r.name.as_str())
            .collect();
        assert!(x1_row.contains(&"local.z1.x1") && x1_row.contains(&"local.z2.x1"));
    }

    #[test]
    fn edge_labels_sit_between_the_boxes() {
        let layout = GraphLayout::new(&Frame::light(800.0, 576.0, 1.0));
        let (half_w, half_h) = (layout.node_width / 2.0, layout.node_height / 2.0);
        for (from, to) in EDGES {
            let (a, b) = (layout.centre(from), layout.centre(to));
            let (x, y) = layout.edge_label_point(a, b, 0.58);
            for (cx, cy) in [a, b] {
                let inside = (x - cx).abs() < half_w && (y - cy).abs() < half_h;
                assert!(
                    !inside,
                    "{from:?} → {to:?}: label at ({x}, {y}) inside a box"
                );
            }
        }
        // A horizontal edge: 58% of the gap between the boxes, e.g. z₃ → ŷ.
        let (a, b) = ((100.0, 50.0), (300.0, 50.0));
        let gap_start = 100.0 + half_w;
        let gap_end = 300.0 - half_w;
        let (x, _) = layout.edge_label_point(a, b, 0.58);
        assert!((x - (gap_start + 0.58 * (gap_end - gap_start))).abs() < 1e-9);
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short_number(-0.123456, 3), "−0.123");
        assert_eq!(short_number(0.5, 4), "0.5");
        assert_eq!(short_number(12.3456, 3), "12.3");
        assert_eq!(short_number(355.0, 3), "355");
        assert_eq!(short_number(2.5e-6, 3), "2.5e−6");
        assert_eq!(short_number(-5.68e-5, 3), "−0.0000568");
        assert_eq!(short_number(f64::INFINITY, 3), "undef.");
    }
}
