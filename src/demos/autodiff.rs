//! Automatic differentiation the way PyTorch does it: a formula as a computational graph,
//! stepped node by node in forward mode (a tangent carried along, one pass per input) or
//! reverse mode (one forward pass of values, one backward pass of adjoints), both checked
//! against the exact gradient of dual numbers; the Jacobian of a map of the plane as the
//! deformation of a small square; and what each mode costs.
//!
//! The graph comes from the one expression parser ([`crate::math::expr::Expr::program`]);
//! the differentiation is [`crate::math::autodiff`]. Drawing is in `autodiff/drawing.rs`.

mod drawing;
#[cfg(test)]
mod tests;

use super::params::{format_param_number, parse_choice, parse_integer, parse_number};
use super::playhead::Playhead;
use super::plot_data::{point, short};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Notice, NoticeLevel, PlotSpec, PlotTable,
    Readout, ReadoutSpec, ReadoutValue, exact_list,
};
use crate::math::autodiff::{
    Graph, ModeCosts, PlaneMap, determinant, dual_gradient, mode_costs, polygon_area,
};
use crate::math::expr::Expr;

const PRESETS: &[(&str, &str)] = &[
    ("logistic", "Logistic loss of one neuron"),
    ("baydin", "ln x + x·y − sin y (the survey's example)"),
    ("gaussian", "Gaussian bump exp(−(x² + y²)/2)"),
    ("custom", "Custom f(x, y)"),
];

/// The formula and the point of each preset.
fn preset(key: &str) -> Option<(&'static str, [f64; 2])> {
    Some(match key {
        // A neuron with input a = 2 and label t = +1, weight w = x and bias b = y:
        // log(1 + exp(−t (w·a + b))).
        "logistic" => ("log(1 + exp(-(2*x + y)))", [0.5, -0.5]),
        "baydin" => ("log(x) + x*y - sin(y)", [2.0, 5.0]),
        "gaussian" => ("exp(-(x^2 + y^2)/2)", [1.0, 0.5]),
        _ => return None,
    })
}

const MODES: &[(&str, &str)] = &[
    ("forward", "Forward mode (tangents)"),
    ("reverse", "Reverse mode (adjoints)"),
];

const MAPS: &[(&str, &str)] = &[
    ("polar", "Polar (x cos y, x sin y)"),
    ("square", "Complex square (x² − y², 2xy)"),
    ("layer", "tanh layer (tanh(x + y/2), tanh(y − 0.3x))"),
];

const LARGEST_COORDINATE: f64 = 6.0;

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "preset",
        aliases: &[],
        label: "Function f(x, y)",
        kind: ControlKind::Select { options: PRESETS },
        help: "The formula turned into a graph; choosing a preset also sets its point",
        group: "Function",
        example: "baydin",
    },
    ControlSpec {
        key: "formula",
        aliases: &[],
        label: "Custom f(x, y)",
        kind: ControlKind::Text {
            placeholder: "e.g. x*y + sin(x)",
        },
        help: "A formula in x and y: + − * / ^, sin cos tan exp log sqrt abs tanh sinh cosh atan min max pow (custom only)",
        group: "Function",
        example: "x^2*y + cos(y)",
    },
    ControlSpec {
        key: "x",
        aliases: &[],
        label: "x (the weight w for the neuron)",
        kind: ControlKind::slider(-LARGEST_COORDINATE, LARGEST_COORDINATE, 0.01, false),
        help: "The first input",
        group: "Point",
        example: "1.5",
    },
    ControlSpec {
        key: "y",
        aliases: &[],
        label: "y (the bias b for the neuron)",
        kind: ControlKind::slider(-LARGEST_COORDINATE, LARGEST_COORDINATE, 0.01, false),
        help: "The second input",
        group: "Point",
        example: "1",
    },
    ControlSpec {
        key: "mode",
        aliases: &[],
        label: "Mode",
        kind: ControlKind::Select { options: MODES },
        help: "Which chain rule the trace steps through: forward (one pass per input) or reverse (one backward pass)",
        group: "Differentiation",
        example: "forward",
    },
    ControlSpec {
        key: "n",
        aliases: &[],
        label: "Inputs n / outputs m",
        kind: ControlKind::Integer { min: 1, max: 1000 },
        help: "The dimension in the cost comparison of ℝⁿ → ℝ and ℝ → ℝᵐ",
        group: "Differentiation",
        example: "10",
    },
    ControlSpec {
        key: "map",
        aliases: &[],
        label: "Map g: ℝ² → ℝ²",
        kind: ControlKind::Select { options: MAPS },
        help: "The map whose Jacobian deforms the small square around (x, y)",
        group: "Jacobian",
        example: "square",
    },
    ControlSpec {
        key: "side",
        aliases: &[],
        label: "Square side",
        kind: ControlKind::slider(0.05, 1.0, 0.01, true),
        help: "The side of the small square around (x, y)",
        group: "Jacobian",
        example: "0.2",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "f",
        help: "The value f(x, y)",
    },
    ReadoutSpec {
        name: "gradient",
        help: "∇f by dual numbers (num_dual): the reference",
    },
    ReadoutSpec {
        name: "forward-gradient",
        help: "∇f by forward mode on the graph (two passes)",
    },
    ReadoutSpec {
        name: "reverse-gradient",
        help: "∇f by reverse mode on the graph (one forward, one backward pass)",
    },
    ReadoutSpec {
        name: "largest-difference",
        help: "The largest relative difference of the two modes from the dual-number gradient",
    },
    ReadoutSpec {
        name: "operations",
        help: "The operations (non-leaf nodes) of the graph: the cost N of one evaluation",
    },
    ReadoutSpec {
        name: "edges",
        help: "The edges of the graph: the local derivatives of one pass",
    },
    ReadoutSpec {
        name: "trace.phase",
        help: "The pass of the shown step: tangents for x, tangents for y, values, adjoints, or done",
    },
    ReadoutSpec {
        name: "trace.node",
        help: "The node computed at the shown step, as v_i = operation(inputs)",
    },
    ReadoutSpec {
        name: "trace.value",
        help: "That node's value",
    },
    ReadoutSpec {
        name: "trace.derivative",
        help: "That node's tangent (forward) or adjoint (reverse)",
    },
    ReadoutSpec {
        name: "cost.forward-n-to-1",
        help: "Node evaluations forward mode needs for the gradient of f: ℝⁿ → ℝ (n·N)",
    },
    ReadoutSpec {
        name: "cost.reverse-n-to-1",
        help: "Node evaluations reverse mode needs for it (2N, whatever n)",
    },
    ReadoutSpec {
        name: "cost.forward-1-to-m",
        help: "Node evaluations forward mode needs for the derivative of g: ℝ → ℝᵐ (N)",
    },
    ReadoutSpec {
        name: "cost.reverse-1-to-m",
        help: "Node evaluations reverse mode needs for it ((m + 1)·N)",
    },
    ReadoutSpec {
        name: "jacobian",
        help: "The Jacobian of the map at (x, y), row by row",
    },
    ReadoutSpec {
        name: "jacobian-det",
        help: "det J: the factor by which the map scales small areas (negative: flipped)",
    },
    ReadoutSpec {
        name: "area-ratio",
        help: "The signed area of the square's curved image over the square's area: tends to det J",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "graph",
        title: "The computational graph, step by step",
        alt: "The formula as a graph of nodes from the inputs x and y (left) to f (right); each node shows its value and its tangent or adjoint as the trace reaches it.",
        aspect_ratio: 0.72,
        interactive: false,
    },
    PlotSpec {
        id: "jacobian",
        title: "The Jacobian deforms a small square",
        alt: "A small square around (x, y) mapped by g: its curved image, the parallelogram of the Jacobian, and the square itself for comparison, all at g(x, y).",
        aspect_ratio: 0.8,
        interactive: false,
    },
    PlotSpec {
        id: "cost",
        title: "Cost of each mode against the dimension",
        alt: "Node evaluations against n (inputs) or m (outputs), log-log: forward mode grows with n for ℝⁿ → ℝ, reverse mode with m for ℝ → ℝᵐ.",
        aspect_ratio: 0.6,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "autodiff",
    title: "Automatic differentiation: forward and reverse mode",
    chapter: Chapter::Calculus,
    summary: "A formula as a computational graph, differentiated node by node in forward mode (dual numbers) and in reverse mode (backpropagation), both checked against the exact gradient; the Jacobian of a 2 → 2 map as a deformed square; what each mode costs.",
    explanation: r#"A program that computes $f(x, y)$ is a chain of small operations: a **computational graph**. Each node $v_i$ applies one operation to earlier nodes, and each operation knows its own *local* derivatives (for $v = a \cdot b$: $\partial v/\partial a = b$, $\partial v/\partial b = a$). The chain rule glues them together, in one of two directions. Press Step or Play to watch it, node by node.

**Forward mode** carries a tangent $\dot v_i = \partial v_i/\partial x$ along with every value, starting from $\dot x = 1$, $\dot y = 0$:

$$\dot v_i = \sum_{j \to i} \frac{\partial v_i}{\partial v_j}\, \dot v_j$$

This is exactly what dual numbers $a + b\varepsilon$ with $\varepsilon^2 = 0$ compute. One pass gives the derivative with respect to one input, so the gradient of $f: \mathbb{R}^n \to \mathbb{R}$ takes $n$ passes.

**Reverse mode** first computes every value in one forward pass, then walks backwards from $\bar f = 1$, giving each node its adjoint $\bar v_j = \partial f/\partial v_j$:

$$\bar v_j = \sum_{i \leftarrow j} \bar v_i\, \frac{\partial v_i}{\partial v_j}$$

One backward pass gives the whole gradient, whatever $n$: this is backpropagation, and what PyTorch's `loss.backward()` does on the graph it recorded during the forward pass. A loss has one output and millions of weights, which is why deep learning uses reverse mode. For $g: \mathbb{R} \to \mathbb{R}^m$ it is the other way round: one forward pass, but $m$ backward passes (the cost plot). Both modes are checked against dual numbers (`num_dual`) in the readouts.

The first preset is the logistic loss of one neuron, $\log(1 + e^{-t(w a + b)})$ with input $a = 2$ and label $t = +1$, written with $x$ for the weight $w$ and $y$ for the bias $b$ (the formula language knows only $x$ and $y$). The second is the example of Baydin et al., *Automatic differentiation in machine learning: a survey*.

**Vectorial differentiation.** For a map $g: \mathbb{R}^2 \to \mathbb{R}^2$ the derivative is the Jacobian matrix $J = \left[\partial g_i / \partial x_j\right]$: near $(x, y)$ the map acts like $J$, turning a small square into (almost) the parallelogram spanned by $J$'s columns, and its area is multiplied by $|\det J|$. Forward mode builds $J$ one column per pass, reverse mode one row per pass."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(Autodiff::default()),
};

/// Which pass a trace event belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Forward mode, tangents seeded on x.
    TangentX,
    /// Forward mode, tangents seeded on y.
    TangentY,
    /// Reverse mode, the forward pass of values.
    Values,
    /// Reverse mode, the backward pass of adjoints.
    Adjoints,
}

impl Phase {
    fn label(self) -> &'static str {
        match self {
            Phase::TangentX => "forward pass with ẋ = 1, ẏ = 0 (∂/∂x)",
            Phase::TangentY => "forward pass with ẋ = 0, ẏ = 1 (∂/∂y)",
            Phase::Values => "forward pass of values",
            Phase::Adjoints => "backward pass of adjoints",
        }
    }
}

/// One step of the trace: a node computed in a pass, with its value and its tangent or
/// adjoint (NaN in the values-only pass).
#[derive(Clone, Copy, Debug, PartialEq)]
struct TraceEvent {
    phase: Phase,
    node: usize,
    value: f64,
    derivative: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Forward,
    Reverse,
}

/// One step every this many animation frames while playing (a step a frame would be over
/// before it could be read).
const FRAMES_PER_STEP: usize = 24;

/// The state of the autodiff demo.
#[derive(Clone, Debug)]
pub struct Autodiff {
    /// The preset (the URL's `preset=`).
    preset: String,
    /// The custom formula (kept while a preset is shown).
    formula: String,
    expr: Expr,
    graph: Graph,
    point: [f64; 2],
    mode: Mode,
    dimension: usize,
    map: PlaneMap,
    side: f64,
    trace: Vec<TraceEvent>,
    playhead: Playhead,
    frames_until_step: usize,
}

impl Default for Autodiff {
    fn default() -> Self {
        let (source, point) = preset("logistic").unwrap_or(("x", [0.0, 0.0]));
        let expr = Expr::parse(source).unwrap_or_else(|_| placeholder_expr());
        let mut demo = Self {
            preset: "logistic".to_owned(),
            formula: "x*y + sin(x)".to_owned(),
            graph: Graph::from_expr(&expr),
            expr,
            point,
            mode: Mode::Reverse,
            dimension: 100,
            map: PlaneMap::Polar,
            side: 0.3,
            trace: Vec::new(),
            playhead: Playhead::default(),
            frames_until_step: 0,
        };
        demo.recompute();
        demo.playhead = Playhead::at_end(demo.trace.len());
        demo
    }
}

/// `x`: a formula that always parses, for the impossible case of a preset that does not.
fn placeholder_expr() -> Expr {
    match Expr::parse("x") {
        Ok(expr) => expr,
        Err(_) => unreachable!("“x” is a formula"),
    }
}

impl Autodiff {
    fn rebuild(&mut self) {
        let source = match preset(&self.preset) {
            Some((source, _)) => source,
            None => self.formula.as_str(),
        };
        self.expr = Expr::parse(source).unwrap_or_else(|_| placeholder_expr());
        self.graph = Graph::from_expr(&self.expr);
    }

    /// Rebuilds the trace; the playhead keeps its place (or the end).
    fn recompute(&mut self) {
        let [x, y] = self.point;
        let graph = &self.graph;
        let n = graph.nodes.len();
        let mut trace = Vec::with_capacity(2 * n);
        match self.mode {
            Mode::Forward => {
                for (phase, seed) in [(Phase::TangentX, [1.0, 0.0]), (Phase::TangentY, [0.0, 1.0])]
                {
                    let (values, tangents) = graph.forward_pass(x, y, seed);
                    trace.extend((0..n).map(|node| TraceEvent {
                        phase,
                        node,
                        value: values[node],
                        derivative: tangents[node],
                    }));
                }
            }
            Mode::Reverse => {
                let values = graph.values(x, y);
                let adjoints = graph.adjoints(&values);
                trace.extend((0..n).map(|node| TraceEvent {
                    phase: Phase::Values,
                    node,
                    value: values[node],
                    derivative: f64::NAN,
                }));
                trace.extend((0..n).rev().map(|node| TraceEvent {
                    phase: Phase::Adjoints,
                    node,
                    value: values[node],
                    derivative: adjoints[node],
                }));
            }
        }
        self.trace = trace;
        self.playhead.set_last(self.trace.len());
    }

    /// The value and the derivative (tangent or adjoint of the current pass) of each node as
    /// far as the trace has got: None where the pass has not reached it yet.
    fn node_states(&self) -> Vec<(Option<f64>, Option<f64>)> {
        let done = &self.trace[..self.playhead.shown.min(self.trace.len())];
        let phase = done.last().map(|e| e.phase);
        let mut states = vec![(None, None); self.graph.nodes.len()];
        for event in done {
            states[event.node].0 = Some(event.value);
            if Some(event.phase) == phase && !event.derivative.is_nan() {
                states[event.node].1 = Some(event.derivative);
            }
        }
        states
    }

    /// The event of the shown step (the last one done), if any.
    fn current_event(&self) -> Option<TraceEvent> {
        self.playhead
            .shown
            .checked_sub(1)
            .and_then(|i| self.trace.get(i))
            .copied()
    }

    fn value(&self) -> f64 {
        self.graph.values(self.point[0], self.point[1])[self.graph.output]
    }

    fn reference_gradient(&self) -> [f64; 2] {
        dual_gradient(&self.expr, self.point[0], self.point[1])
    }

    fn defined(&self) -> bool {
        self.value().is_finite() && self.reference_gradient().iter().all(|g| g.is_finite())
    }

    fn costs(&self) -> ModeCosts {
        mode_costs(self.graph.operation_count(), self.dimension)
    }

    fn jacobian(&self) -> [[f64; 2]; 2] {
        self.map.jacobian(self.point)
    }

    fn area_ratio(&self) -> f64 {
        polygon_area(&self.map.image_of_square(self.point, self.side, 100))
            / (self.side * self.side)
    }

    /// "v5 = ×(v3, v4)": how a node is computed, for readouts and tables.
    fn node_formula(&self, index: usize) -> String {
        let node = &self.graph.nodes[index];
        if node.inputs.is_empty() {
            return format!("v{index} = {}", node.label());
        }
        let inputs: Vec<String> = node.inputs.iter().map(|j| format!("v{j}")).collect();
        format!("v{index} = {}({})", node.label(), inputs.join(", "))
    }

    fn source(&self) -> &str {
        preset(&self.preset).map_or(self.formula.as_str(), |(source, _)| source)
    }

    fn derivative_symbol(&self) -> &'static str {
        match self.mode {
            Mode::Forward => "tangent",
            Mode::Reverse => "adjoint",
        }
    }
}

fn number(name: &str, label: &str, value: f64) -> Readout {
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: if value.is_finite() {
            ReadoutValue::Number(value)
        } else {
            ReadoutValue::Text("undefined".to_owned())
        },
        group: String::new(),
    }
}

fn integer(name: &str, label: &str, value: usize, group: &str) -> Readout {
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Integer(value as i64),
        group: group.to_owned(),
    }
}

fn text(name: &str, label: &str, value: String) -> Readout {
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Text(value),
        group: String::new(),
    }
}

fn vector(name: &str, label: &str, values: &[f64]) -> Readout {
    let value = if values.iter().all(|v| v.is_finite()) {
        let shown: Vec<String> = values.iter().map(|v| short(*v)).collect();
        ReadoutValue::Written {
            shown: format!("({})", shown.join(", ")),
            exact: exact_list(values.iter().copied()),
        }
    } else {
        ReadoutValue::Text("undefined".to_owned())
    };
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value,
        group: String::new(),
    }
}

/// The largest relative difference between `a` and the reference `b`, entry by entry.
fn largest_relative_difference(a: [f64; 2], b: [f64; 2]) -> f64 {
    (0..2)
        .map(|k| {
            let scale = b[k].abs().max(f64::MIN_POSITIVE);
            if a[k] == b[k] {
                0.0
            } else {
                (a[k] - b[k]).abs() / scale
            }
        })
        .fold(0.0, f64::max)
}

impl Demo for Autodiff {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "preset" => self.preset.clone(),
            "formula" => self.formula.clone(),
            "x" => format_param_number(self.point[0]),
            "y" => format_param_number(self.point[1]),
            "mode" => match self.mode {
                Mode::Forward => "forward",
                Mode::Reverse => "reverse",
            }
            .to_owned(),
            "n" => self.dimension.to_string(),
            "map" => match self.map {
                PlaneMap::Polar => "polar",
                PlaneMap::ComplexSquare => "square",
                PlaneMap::TanhLayer => "layer",
            }
            .to_owned(),
            "side" => format_param_number(self.side),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "preset" => {
                let chosen = parse_choice(value, PRESETS)?;
                if chosen != self.preset {
                    self.preset = chosen.to_owned();
                    if let Some((_, point)) = preset(chosen) {
                        self.point = point;
                    }
                    self.rebuild();
                }
            }
            "formula" => {
                let expr = super::params::parse_formula(value)?;
                self.formula = expr.source().to_owned();
                self.rebuild();
            }
            "x" => self.point[0] = parse_number(value, -LARGEST_COORDINATE, LARGEST_COORDINATE)?,
            "y" => self.point[1] = parse_number(value, -LARGEST_COORDINATE, LARGEST_COORDINATE)?,
            "mode" => {
                self.mode = match parse_choice(value, MODES)? {
                    "forward" => Mode::Forward,
                    _ => Mode::Reverse,
                }
            }
            "n" => self.dimension = parse_integer(value, 1, 1000)? as usize,
            "map" => {
                self.map = match parse_choice(value, MAPS)? {
                    "polar" => PlaneMap::Polar,
                    "square" => PlaneMap::ComplexSquare,
                    _ => PlaneMap::TanhLayer,
                }
            }
            "side" => self.side = parse_number(value, 0.05, 1.0)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        key != "formula" || self.preset == "custom"
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.trace.len()
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn advance_frame(&mut self) -> bool {
        if self.playhead.is_at_end() {
            return false;
        }
        self.frames_until_step = self.frames_until_step.saturating_sub(1);
        if self.frames_until_step > 0 {
            return true;
        }
        self.frames_until_step = FRAMES_PER_STEP;
        self.playhead.advance(1)
    }

    fn readouts(&self) -> Vec<Readout> {
        let [x, y] = self.point;
        let reference = self.reference_gradient();
        let forward = self.graph.gradient_forward(x, y);
        let reverse = self.graph.gradient_reverse(x, y);
        let difference = largest_relative_difference(forward, reference)
            .max(largest_relative_difference(reverse, reference));
        let costs = self.costs();
        let jacobian = self.jacobian();
        let mut readouts = vec![
            number("f", "f(x, y)", self.value()),
            vector("gradient", "∇f (dual numbers)", &reference),
            vector("forward-gradient", "∇f by forward mode", &forward),
            vector("reverse-gradient", "∇f by reverse mode", &reverse),
            number(
                "largest-difference",
                "Largest relative difference",
                difference,
            ),
            integer(
                "operations",
                "Operations N",
                self.graph.operation_count(),
                "",
            ),
            integer("edges", "Edges", self.graph.edge_count(), ""),
        ];
        match self.current_event() {
            Some(event) => {
                let phase = if self.playhead.is_at_end() {
                    format!("done ({})", event.phase.label())
                } else {
                    event.phase.label().to_owned()
                };
                readouts.push(text("trace.phase", "Pass", phase));
                readouts.push(text("trace.node", "Node", self.node_formula(event.node)));
                readouts.push(number("trace.value", "Its value", event.value));
                readouts.push(if event.derivative.is_nan() {
                    text(
                        "trace.derivative",
                        "Its derivative",
                        "not yet (values first)".to_owned(),
                    )
                } else {
                    number(
                        "trace.derivative",
                        &format!("Its {}", self.derivative_symbol()),
                        event.derivative,
                    )
                });
            }
            None => readouts.push(text(
                "trace.phase",
                "Pass",
                "not started: press Step or Play".to_owned(),
            )),
        }
        let group = format!("Cost in node evaluations (n = m = {})", self.dimension);
        readouts.extend([
            integer(
                "cost.forward-n-to-1",
                "Forward, ℝⁿ → ℝ",
                costs.forward_many_to_one,
                &group,
            ),
            integer(
                "cost.reverse-n-to-1",
                "Reverse, ℝⁿ → ℝ",
                costs.reverse_many_to_one,
                &group,
            ),
            integer(
                "cost.forward-1-to-m",
                "Forward, ℝ → ℝᵐ",
                costs.forward_one_to_many,
                &group,
            ),
            integer(
                "cost.reverse-1-to-m",
                "Reverse, ℝ → ℝᵐ",
                costs.reverse_one_to_many,
                &group,
            ),
        ]);
        let [[a, b], [c, d]] = jacobian;
        readouts.push(Readout {
            name: "jacobian".into(),
            label: "Jacobian J".into(),
            value: if jacobian.iter().flatten().all(|v| v.is_finite()) {
                ReadoutValue::Written {
                    shown: format!(
                        "[[{}, {}], [{}, {}]]",
                        short(a),
                        short(b),
                        short(c),
                        short(d)
                    ),
                    exact: exact_list([a, b, c, d]),
                }
            } else {
                ReadoutValue::Text("undefined".into())
            },
            group: String::new(),
        });
        readouts.push(number("jacobian-det", "det J", determinant(jacobian)));
        readouts.push(number(
            "area-ratio",
            "Image area / square area",
            self.area_ratio(),
        ));
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        if self.defined() {
            return Vec::new();
        }
        vec![Notice {
            level: NoticeLevel::Warning,
            text: format!(
                "f = {} is undefined (or not differentiable) at {}: choose another point.",
                self.source().trim(),
                point(self.point[0], self.point[1])
            ),
        }]
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        let [x, y] = self.point;
        Some(match plot {
            0 => {
                let values = self.graph.values(x, y);
                let (_, along_x) = self.graph.forward_pass(x, y, [1.0, 0.0]);
                let (_, along_y) = self.graph.forward_pass(x, y, [0.0, 1.0]);
                let adjoints = self.graph.adjoints(&values);
                let mut table = PlotTable::new(
                    format!(
                        "The nodes of f = {} at {} in evaluation order, with both tangents and the adjoint (shown {} of {} steps)",
                        self.source().trim(),
                        point(x, y),
                        self.playhead.shown,
                        self.trace.len()
                    ),
                    &[
                        "Node",
                        "value",
                        "∂v/∂x (tangent)",
                        "∂v/∂y (tangent)",
                        "∂f/∂v (adjoint)",
                        "local derivatives ∂v/∂inputs",
                    ],
                );
                for (index, value) in values.iter().enumerate() {
                    table.push_labelled(
                        self.node_formula(index),
                        &[*value, along_x[index], along_y[index], adjoints[index]],
                    );
                    // The local derivatives both modes multiply along this node's edges.
                    let locals = self.graph.local_derivatives(&values, index);
                    let cell = if locals.is_empty() {
                        ReadoutValue::Text("none (a leaf)".to_owned())
                    } else if locals.iter().all(|v| v.is_finite()) {
                        let shown: Vec<String> = locals.iter().map(|v| short(*v)).collect();
                        ReadoutValue::Written {
                            shown: shown.join(", "),
                            exact: exact_list(locals.iter().copied()),
                        }
                    } else {
                        ReadoutValue::Text("undefined".to_owned())
                    };
                    if let Some(row) = table.rows.last_mut() {
                        row.push(cell);
                    }
                }
                table
            }
            1 => {
                let mut table = PlotTable::new(
                    format!(
                        "The corners of the square of side {} around {} and their images, then the Jacobian's parallelogram",
                        short(self.side),
                        point(x, y)
                    ),
                    &["Point", "x", "y", "g₁", "g₂"],
                );
                let corners = crate::math::autodiff::square_boundary(self.point, self.side, 1);
                let j = self.jacobian();
                let centre = self.map.apply(x, y);
                for (k, corner) in corners.iter().enumerate() {
                    let image = self.map.apply(corner[0], corner[1]);
                    table.push_labelled(
                        format!("corner {}", k + 1),
                        &[corner[0], corner[1], image[0], image[1]],
                    );
                }
                for (k, corner) in corners.iter().enumerate() {
                    let d = [corner[0] - x, corner[1] - y];
                    table.push_labelled(
                        format!("g(p) + J·d, corner {}", k + 1),
                        &[
                            corner[0],
                            corner[1],
                            centre[0] + j[0][0] * d[0] + j[0][1] * d[1],
                            centre[1] + j[1][0] * d[0] + j[1][1] * d[1],
                        ],
                    );
                }
                table
            }
            2 => {
                let operations = self.graph.operation_count();
                let mut table = PlotTable::new(
                    format!(
                        "Node evaluations of each mode for a graph of N = {operations} operations, at dimensions 1 to 1000"
                    ),
                    &[
                        "n or m",
                        "forward ℝⁿ → ℝ",
                        "reverse ℝⁿ → ℝ",
                        "forward ℝ → ℝᵐ",
                        "reverse ℝ → ℝᵐ",
                    ],
                );
                for dimension in drawing::COST_DIMENSIONS {
                    let c = mode_costs(operations, dimension);
                    table.push_numbers(&[
                        dimension as f64,
                        c.forward_many_to_one as f64,
                        c.reverse_many_to_one as f64,
                        c.forward_one_to_many as f64,
                        c.reverse_one_to_many as f64,
                    ]);
                }
                table
            }
            _ => return None,
        })
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        let [x, y] = self.point;
        Some(match plot {
            0 => {
                let step = match self.current_event() {
                    Some(event) => format!(
                        "step {} of {}, {}: {} = {}{}",
                        self.playhead.shown,
                        self.trace.len(),
                        event.phase.label(),
                        self.node_formula(event.node),
                        short(event.value),
                        if event.derivative.is_nan() {
                            String::new()
                        } else {
                            format!(", {} {}", self.derivative_symbol(), short(event.derivative))
                        }
                    ),
                    None => "not started".to_owned(),
                };
                format!(
                    "The graph of f = {} has {} nodes and {} operations; {step}.",
                    self.source().trim(),
                    self.graph.nodes.len(),
                    self.graph.operation_count()
                )
            }
            1 => format!(
                "At {} the Jacobian has det J = {}: the square's image has {} times its area.",
                point(x, y),
                short(determinant(self.jacobian())),
                short(self.area_ratio())
            ),
            2 => {
                let c = self.costs();
                format!(
                    "With n = m = {}: forward mode costs {} and reverse mode {} evaluations for ℝⁿ → ℝ; for ℝ → ℝᵐ forward costs {} and reverse {}.",
                    self.dimension,
                    c.forward_many_to_one,
                    c.reverse_many_to_one,
                    c.forward_one_to_many,
                    c.reverse_one_to_many
                )
            }
            _ => return None,
        })
    }
}
