//! Automatic differentiation on a computational graph, done by hand the way PyTorch does it.
//!
//! The graph is built from the one expression parser's compiled program
//! ([`crate::math::expr::Expr::program`], postfix, so already in topological order): every
//! operation becomes a node whose inputs are earlier nodes, and `x`, `y` are one input node
//! each however often they appear. Each node knows its *local* derivatives (the partial
//! derivatives of its operation with respect to its own inputs, written out below); the chain
//! rule then runs in one of two directions:
//!
//! - **forward mode** carries a tangent `ẋ_i = Σ_j (∂v_i/∂v_j) ẋ_j` along with every value,
//!   one pass per input (dual numbers do exactly this);
//! - **reverse mode** computes all values in one forward pass, then one backward pass of
//!   adjoints `v̄_j = Σ_i v̄_i (∂v_i/∂v_j)` from the output (`v̄ = 1`) to the inputs, which is
//!   what `loss.backward()` does.
//!
//! Both are checked against `num_dual` in the tests. The module also gives the Jacobian of
//! a few maps of the plane (one forward-mode pass per input) and the image of a small square,
//! whose area ratio tends to `|det J|`.

use num_dual::{Dual64, DualNum};

use crate::math::expr::{Expr, Function, Instruction, power};

/// What a node of the graph does.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NodeKind {
    /// An input: 0 is `x`, 1 is `y`.
    Input(usize),
    Constant(f64),
    /// An operation of the expression language on the node's inputs.
    Operation(Instruction),
}

/// One node: its operation and the earlier nodes it reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub inputs: Vec<usize>,
}

impl Node {
    /// A short label for drawing: "x", "2", "×", "sin", "^2".
    pub fn label(&self) -> String {
        match self.kind {
            NodeKind::Input(0) => "x".into(),
            NodeKind::Input(_) => "y".into(),
            NodeKind::Constant(c) => crate::math::autodiff::short_constant(c),
            NodeKind::Operation(instruction) => match instruction {
                Instruction::Negate => "−".into(),
                Instruction::Add => "+".into(),
                Instruction::Subtract => "−".into(),
                Instruction::Multiply => "×".into(),
                Instruction::Divide => "÷".into(),
                Instruction::PowerInteger(n) => format!("^{n}"),
                Instruction::PowerConstant(c) => format!("^{}", short_constant(c)),
                Instruction::Power => "^".into(),
                Instruction::Unary(f) | Instruction::Binary(f) => f.name().into(),
                Instruction::PushConstant(c) => short_constant(c),
                Instruction::PushX => "x".into(),
                Instruction::PushY => "y".into(),
            },
        }
    }

    pub fn is_operation(&self) -> bool {
        matches!(self.kind, NodeKind::Operation(_))
    }
}

/// A constant as a node label: up to four significant digits, "π" and "e" by name.
fn short_constant(c: f64) -> String {
    if c == std::f64::consts::PI {
        return "π".into();
    }
    if c == std::f64::consts::E {
        return "e".into();
    }
    let text = format!("{:.4}", c);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.replace('-', "−")
}

/// A computational graph in topological order: node `i` reads only nodes before it.
#[derive(Clone, Debug, PartialEq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    /// The node holding f.
    pub output: usize,
}

impl Graph {
    /// The graph of a parsed formula. Nodes 0 and 1 are always the inputs x and y (even when
    /// the formula does not use y, so the gradient always has two entries).
    pub fn from_expr(expr: &Expr) -> Graph {
        let mut nodes = vec![
            Node {
                kind: NodeKind::Input(0),
                inputs: Vec::new(),
            },
            Node {
                kind: NodeKind::Input(1),
                inputs: Vec::new(),
            },
        ];
        // The postfix program run on node indices instead of numbers.
        let mut stack: Vec<usize> = Vec::new();
        for &instruction in expr.program() {
            let arity = match instruction {
                Instruction::PushX => {
                    stack.push(0);
                    continue;
                }
                Instruction::PushY => {
                    stack.push(1);
                    continue;
                }
                Instruction::PushConstant(c) => {
                    nodes.push(Node {
                        kind: NodeKind::Constant(c),
                        inputs: Vec::new(),
                    });
                    stack.push(nodes.len() - 1);
                    continue;
                }
                Instruction::Negate
                | Instruction::PowerInteger(_)
                | Instruction::PowerConstant(_)
                | Instruction::Unary(_) => 1,
                _ => 2,
            };
            let inputs = stack.split_off(stack.len().saturating_sub(arity));
            nodes.push(Node {
                kind: NodeKind::Operation(instruction),
                inputs,
            });
            stack.push(nodes.len() - 1);
        }
        // A formula that is a bare variable is its input node.
        let output = stack.last().copied().unwrap_or(0);
        Graph { nodes, output }
    }

    /// How many operations (non-leaf nodes) the graph has: the cost of one evaluation.
    pub fn operation_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.is_operation()).count()
    }

    /// How many edges: the local derivatives one backward pass multiplies.
    pub fn edge_count(&self) -> usize {
        self.nodes.iter().map(|n| n.inputs.len()).sum()
    }

    /// Every node's value at `(x, y)`, in node order.
    pub fn values(&self, x: f64, y: f64) -> Vec<f64> {
        let mut values: Vec<f64> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let input = |k: usize| values[node.inputs[k]];
            let value = match node.kind {
                NodeKind::Input(0) => x,
                NodeKind::Input(_) => y,
                NodeKind::Constant(c) => c,
                NodeKind::Operation(instruction) => match instruction {
                    Instruction::Negate => -input(0),
                    Instruction::Add => input(0) + input(1),
                    Instruction::Subtract => input(0) - input(1),
                    Instruction::Multiply => input(0) * input(1),
                    Instruction::Divide => input(0) / input(1),
                    Instruction::PowerInteger(n) => input(0).powi(n),
                    Instruction::PowerConstant(c) => input(0).powf(c),
                    Instruction::Power => power(input(0), input(1)),
                    Instruction::Unary(f) => f.apply(input(0), 0.0),
                    Instruction::Binary(f) => f.apply(input(0), input(1)),
                    Instruction::PushConstant(c) => c,
                    Instruction::PushX => x,
                    Instruction::PushY => y,
                },
            };
            values.push(value);
        }
        values
    }

    /// The local derivatives of node `index`: `∂v_index/∂v_input` for each of its inputs, at
    /// the node values `values`. Written out by hand; these are the rules a framework's
    /// `backward` functions implement.
    pub fn local_derivatives(&self, values: &[f64], index: usize) -> Vec<f64> {
        let node = &self.nodes[index];
        let NodeKind::Operation(instruction) = node.kind else {
            return Vec::new();
        };
        let a = values[node.inputs[0]];
        let b = node.inputs.get(1).map_or(0.0, |&j| values[j]);
        let out = values[index];
        match instruction {
            Instruction::Negate => vec![-1.0],
            Instruction::Add => vec![1.0, 1.0],
            Instruction::Subtract => vec![1.0, -1.0],
            Instruction::Multiply => vec![b, a],
            Instruction::Divide => vec![1.0 / b, -a / (b * b)],
            Instruction::PowerInteger(0) => vec![0.0],
            Instruction::PowerInteger(n) => vec![f64::from(n) * a.powi(n - 1)],
            Instruction::PowerConstant(c) => vec![c * a.powf(c - 1.0)],
            Instruction::Power | Instruction::Binary(Function::Pow) => power_partials(a, b),
            Instruction::Unary(function) => vec![match function {
                Function::Sin => a.cos(),
                Function::Cos => -a.sin(),
                Function::Tan => 1.0 + out * out,
                Function::Exp => out,
                Function::Log => 1.0 / a,
                Function::Sqrt => 0.5 / out,
                Function::Abs => {
                    if a < 0.0 {
                        -1.0
                    } else {
                        1.0
                    }
                }
                Function::Tanh => 1.0 - out * out,
                Function::Sinh => a.cosh(),
                Function::Cosh => a.sinh(),
                Function::Atan => 1.0 / (1.0 + a * a),
                Function::Min | Function::Max | Function::Pow => 1.0,
            }],
            // min and max pass the derivative of the chosen argument (as the parser's dual
            // evaluation does: the second wins only when strictly smaller / larger).
            Instruction::Binary(Function::Min) => {
                if b < a {
                    vec![0.0, 1.0]
                } else {
                    vec![1.0, 0.0]
                }
            }
            Instruction::Binary(Function::Max) => {
                if b > a {
                    vec![0.0, 1.0]
                } else {
                    vec![1.0, 0.0]
                }
            }
            Instruction::Binary(_) => vec![1.0, 0.0],
            Instruction::PushConstant(_) | Instruction::PushX | Instruction::PushY => Vec::new(),
        }
    }

    /// One forward-mode pass: every node's value and its tangent, with the inputs seeded by
    /// `seed` (`[1, 0]` gives ∂/∂x everywhere, `[0, 1]` gives ∂/∂y).
    pub fn forward_pass(&self, x: f64, y: f64, seed: [f64; 2]) -> (Vec<f64>, Vec<f64>) {
        let values = self.values(x, y);
        let mut tangents = vec![0.0; self.nodes.len()];
        for (index, node) in self.nodes.iter().enumerate() {
            tangents[index] = match node.kind {
                NodeKind::Input(k) => seed[k],
                NodeKind::Constant(_) => 0.0,
                NodeKind::Operation(_) => self
                    .local_derivatives(&values, index)
                    .iter()
                    .zip(&node.inputs)
                    .map(|(local, &j)| local * tangents[j])
                    .sum(),
            };
        }
        (values, tangents)
    }

    /// The backward pass of reverse mode: every node's adjoint `∂f/∂v` given the values of
    /// the forward pass, from the output's adjoint 1 down to the inputs.
    pub fn adjoints(&self, values: &[f64]) -> Vec<f64> {
        let mut adjoints = vec![0.0; self.nodes.len()];
        adjoints[self.output] = 1.0;
        for index in (0..self.nodes.len()).rev() {
            if adjoints[index] == 0.0 {
                continue;
            }
            let locals = self.local_derivatives(values, index);
            for (local, &j) in locals.iter().zip(&self.nodes[index].inputs) {
                adjoints[j] += adjoints[index] * local;
            }
        }
        adjoints
    }

    /// `∇f` by forward mode: two passes, one per input.
    pub fn gradient_forward(&self, x: f64, y: f64) -> [f64; 2] {
        let along_x = self.forward_pass(x, y, [1.0, 0.0]).1[self.output];
        let along_y = self.forward_pass(x, y, [0.0, 1.0]).1[self.output];
        [along_x, along_y]
    }

    /// `∇f` by reverse mode: one forward pass of values, one backward pass of adjoints.
    pub fn gradient_reverse(&self, x: f64, y: f64) -> [f64; 2] {
        let adjoints = self.adjoints(&self.values(x, y));
        [adjoints[0], adjoints[1]]
    }

    /// Each node's depth: 0 for leaves, else one more than its deepest input (the column
    /// the drawing puts it in).
    pub fn depths(&self) -> Vec<usize> {
        let mut depths = vec![0; self.nodes.len()];
        for (index, node) in self.nodes.iter().enumerate() {
            depths[index] = node
                .inputs
                .iter()
                .map(|&j| depths[j] + 1)
                .max()
                .unwrap_or(0);
        }
        depths
    }
}

/// The partial derivatives of `a^b` as the parser's [`power`] differentiates it: for a
/// positive base `(b a^(b−1), a^b ln a)`; for a non-positive base with an integer exponent
/// the exponent is held fixed (`a^b` is then `a^n`), so its partial is 0.
fn power_partials(a: f64, b: f64) -> Vec<f64> {
    if a <= 0.0 && b.fract() == 0.0 && b.abs() <= f64::from(i32::MAX) {
        vec![b * a.powi(b as i32 - 1), 0.0]
    } else {
        vec![b * a.powf(b - 1.0), a.powf(b) * a.ln()]
    }
}

/// The gradient of a formula by `num_dual` (the reference both modes are checked against).
pub fn dual_gradient(expr: &Expr, x: f64, y: f64) -> [f64; 2] {
    let along_x = expr.eval_generic(Dual64::new(x, 1.0), Dual64::new(y, 0.0));
    let along_y = expr.eval_generic(Dual64::new(x, 0.0), Dual64::new(y, 1.0));
    [along_x.eps, along_y.eps]
}

/// The operations each mode costs, counted in node evaluations of a graph of `operations`
/// nodes: for `f: ℝⁿ → ℝ` forward mode needs `n` passes and reverse mode one forward and one
/// backward pass; for `g: ℝ → ℝᵐ` forward mode needs one pass and reverse mode one forward
/// pass and `m` backward passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModeCosts {
    pub forward_many_to_one: usize,
    pub reverse_many_to_one: usize,
    pub forward_one_to_many: usize,
    pub reverse_one_to_many: usize,
}

pub fn mode_costs(operations: usize, dimension: usize) -> ModeCosts {
    ModeCosts {
        forward_many_to_one: dimension * operations,
        reverse_many_to_one: 2 * operations,
        forward_one_to_many: operations,
        reverse_one_to_many: (dimension + 1) * operations,
    }
}

/// A map of the plane whose Jacobian the demo shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaneMap {
    /// `(x cos y, x sin y)`: polar coordinates, `det J = x`.
    Polar,
    /// `(x² − y², 2xy)`: the complex square `z²`, `det J = 4(x² + y²)`.
    ComplexSquare,
    /// `(tanh(x + 0.5y), tanh(−0.3x + y))`: a two-neuron tanh layer,
    /// `det J = (1 − a²)(1 − b²)·1.15`.
    TanhLayer,
}

impl PlaneMap {
    pub fn apply<T: DualNum<Primitive = f64> + Copy>(self, x: T, y: T) -> [T; 2] {
        match self {
            PlaneMap::Polar => [x * y.cos(), x * y.sin()],
            PlaneMap::ComplexSquare => [x * x - y * y, x * y * 2.0],
            PlaneMap::TanhLayer => [(x + y * 0.5).tanh(), (y - x * 0.3).tanh()],
        }
    }

    /// The Jacobian `[[∂g₁/∂x, ∂g₁/∂y], [∂g₂/∂x, ∂g₂/∂y]]` by forward mode: one dual pass
    /// per input gives one column.
    pub fn jacobian(self, point: [f64; 2]) -> [[f64; 2]; 2] {
        let column_x = self.apply(Dual64::new(point[0], 1.0), Dual64::new(point[1], 0.0));
        let column_y = self.apply(Dual64::new(point[0], 0.0), Dual64::new(point[1], 1.0));
        [
            [column_x[0].eps, column_y[0].eps],
            [column_x[1].eps, column_y[1].eps],
        ]
    }

    /// The image of the boundary of the square of side `side` centred on `point`,
    /// `per_edge` samples an edge, counter-clockwise.
    pub fn image_of_square(self, point: [f64; 2], side: f64, per_edge: usize) -> Vec<[f64; 2]> {
        square_boundary(point, side, per_edge)
            .into_iter()
            .map(|[x, y]| self.apply(x, y))
            .collect()
    }
}

/// The boundary of the square of side `side` centred on `point`, counter-clockwise from its
/// lower-left corner, `per_edge` points an edge.
pub fn square_boundary(point: [f64; 2], side: f64, per_edge: usize) -> Vec<[f64; 2]> {
    let h = side / 2.0;
    let corners = [
        [point[0] - h, point[1] - h],
        [point[0] + h, point[1] - h],
        [point[0] + h, point[1] + h],
        [point[0] - h, point[1] + h],
    ];
    let per_edge = per_edge.max(1);
    (0..4)
        .flat_map(|edge| {
            let (a, b) = (corners[edge], corners[(edge + 1) % 4]);
            (0..per_edge).map(move |i| {
                let t = i as f64 / per_edge as f64;
                [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
            })
        })
        .collect()
}

/// The signed area of a closed polygon (shoelace formula), positive counter-clockwise.
pub fn polygon_area(points: &[[f64; 2]]) -> f64 {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (p, q) = (points[i], points[(i + 1) % n]);
            p[0] * q[1] - q[0] * p[1]
        })
        .sum::<f64>()
        / 2.0
}

/// The determinant of a 2×2 matrix.
pub fn determinant(m: [[f64; 2]; 2]) -> f64 {
    m[0][0] * m[1][1] - m[0][1] * m[1][0]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(source: &str) -> (Expr, Graph) {
        let expr = Expr::parse(source).unwrap();
        let graph = Graph::from_expr(&expr);
        (expr, graph)
    }

    fn assert_relative(actual: f64, expected: f64, tolerance: f64, what: &str) {
        let scale = expected.abs().max(f64::MIN_POSITIVE);
        assert!(
            (actual - expected).abs() <= tolerance * scale,
            "{what}: {actual} vs {expected}"
        );
    }

    #[test]
    fn baydins_example_by_hand() {
        // f(x, y) = ln x + x·y − sin y at (2, 5), the example of Baydin et al., "Automatic
        // differentiation in machine learning: a survey" (JMLR 2018), Tables 2 and 3.
        let (_, graph) = graph("log(x) + x*y - sin(y)");
        // Nodes: x, y, ln x, x·y, ln x + x·y, sin y, and the difference: five operations.
        assert_eq!(graph.nodes.len(), 7);
        assert_eq!(graph.operation_count(), 5);
        // Edges: ln x ← x; x·y ← x, y; + ← ln x, x·y; sin ← y; − ← +, sin.
        assert_eq!(graph.edge_count(), 8);
        assert_eq!(graph.depths(), vec![0, 0, 1, 1, 2, 1, 3]);
        let values = graph.values(2.0, 5.0);
        // v1 = ln 2 = 0.693, v2 = 10, v3 = 10.693, v4 = sin 5 = −0.959, f = 11.652.
        assert_eq!(values[2], 2f64.ln());
        assert_eq!(values[3], 10.0);
        assert_eq!(values[5], 5f64.sin());
        assert_eq!(values[6], 2f64.ln() + 10.0 - 5f64.sin());
        // Forward mode seeded on x: ẋ = 1, then 1/x = 0.5, y·ẋ = 5, 5.5, cos y·0 = 0, 5.5.
        let (_, tangents) = graph.forward_pass(2.0, 5.0, [1.0, 0.0]);
        assert_eq!(tangents, vec![1.0, 0.0, 0.5, 5.0, 5.5, 0.0, 5.5]);
        // Reverse mode: f̄ = 1; v̄(ln x + xy) = 1, v̄(sin y) = −1; v̄(ln x) = v̄(xy) = 1;
        // x̄ = 1/x + y = 5.5, ȳ = x − cos y = 2 − cos 5 = 1.716.
        let adjoints = graph.adjoints(&values);
        assert_eq!(adjoints[6], 1.0);
        assert_eq!(adjoints[5], -1.0);
        assert_eq!(adjoints[4], 1.0);
        assert_eq!(adjoints[0], 5.5);
        assert_eq!(adjoints[1], 2.0 - 5f64.cos());
        assert_eq!(graph.gradient_forward(2.0, 5.0), [5.5, 2.0 - 5f64.cos()]);
    }

    #[test]
    fn both_modes_equal_the_dual_number_gradient() {
        let cases: &[(&str, f64, f64)] = &[
            ("log(1 + exp(-(2*x + y)))", 0.5, -0.5),
            ("log(x) + x*y - sin(y)", 2.0, 5.0),
            ("exp(-(x^2 + y^2)/2)", 0.3, -1.1),
            ("x^y + sqrt(x*x + y*y)", 1.7, 2.3),
            ("tanh(x*y) / (1 + x^2) - atan(y) * cosh(x)", -0.8, 1.4),
            ("max(x^2, y) * abs(y - 3) + min(x, y)^3", 1.2, 0.9),
            ("pow(x, 2.5) * tan(y) - sinh(x) / cos(y)", 1.3, 0.4),
            ("(x - 1)^-2 * (y + 2)^0.5 - 3*x*x*x", 2.5, 1.0),
            ("x*x*x*x - y", -1.5, 0.0),
        ];
        for &(source, x, y) in cases {
            let (expr, graph) = graph(source);
            let reference = dual_gradient(&expr, x, y);
            let forward = graph.gradient_forward(x, y);
            let reverse = graph.gradient_reverse(x, y);
            for k in 0..2 {
                assert_relative(
                    forward[k],
                    reference[k],
                    1e-14,
                    &format!("{source} forward {k}"),
                );
                assert_relative(
                    reverse[k],
                    reference[k],
                    1e-14,
                    &format!("{source} reverse {k}"),
                );
            }
            // The graph computes the same value as the parser's evaluator.
            assert_relative(
                graph.values(x, y)[graph.output],
                expr.eval(x, y),
                1e-15,
                source,
            );
        }
    }

    #[test]
    fn both_modes_match_an_independent_high_precision_reference() {
        // mpmath.diff at 40 digits (mp.dps = 40) of tanh(x·y)/(1 + x²) − atan(y)·cosh(x) at
        // (−0.8, 1.4): ∂f/∂x = 0.66070664618159577, ∂f/∂y = −0.62151049391134129.
        let (_, graph) = graph("tanh(x*y) / (1 + x^2) - atan(y) * cosh(x)");
        let expected = [0.660_706_646_181_595_8, -0.621_510_493_911_341_3];
        for gradient in [
            graph.gradient_forward(-0.8, 1.4),
            graph.gradient_reverse(-0.8, 1.4),
        ] {
            for k in 0..2 {
                assert_relative(gradient[k], expected[k], 1e-14, "mpmath reference");
            }
        }
    }

    #[test]
    fn a_bare_variable_and_a_constant_formula() {
        let (_, x_only) = graph("x");
        assert_eq!(x_only.output, 0);
        assert_eq!(x_only.gradient_reverse(3.0, 4.0), [1.0, 0.0]);
        let (_, constant) = graph("2*pi");
        assert_eq!(constant.operation_count(), 0);
        assert_eq!(constant.gradient_forward(3.0, 4.0), [0.0, 0.0]);
        assert_eq!(constant.gradient_reverse(3.0, 4.0), [0.0, 0.0]);
    }

    #[test]
    fn jacobian_determinants_match_closed_forms() {
        // Polar (x cos y, x sin y): J = [[cos y, −x sin y], [sin y, x cos y]], det = x.
        let p = [1.7, 0.6];
        let j = PlaneMap::Polar.jacobian(p);
        assert_relative(j[0][1], -1.7 * 0.6f64.sin(), 1e-15, "polar J12");
        assert_relative(determinant(j), 1.7, 1e-15, "polar det");
        // z²: det = 4(x² + y²) = 4(2.89 + 0.36) = 13.
        assert_relative(
            determinant(PlaneMap::ComplexSquare.jacobian(p)),
            13.0,
            1e-14,
            "square det",
        );
        // tanh layer: det = (1 − a²)(1 − b²)(1·1 − 0.5·(−0.3)), a = tanh(x + 0.5y),
        // b = tanh(−0.3x + y).
        let a = (1.7f64 + 0.3).tanh();
        let b = (0.6f64 - 0.51).tanh();
        assert_relative(
            determinant(PlaneMap::TanhLayer.jacobian(p)),
            (1.0 - a * a) * (1.0 - b * b) * 1.15,
            1e-14,
            "layer det",
        );
    }

    #[test]
    fn a_small_squares_image_has_area_ratio_near_det_j() {
        for map in [
            PlaneMap::Polar,
            PlaneMap::ComplexSquare,
            PlaneMap::TanhLayer,
        ] {
            let p = [1.2, -0.7];
            let det = determinant(map.jacobian(p));
            let mut previous_gap = f64::INFINITY;
            for side in [0.4, 0.1, 0.025] {
                let ratio = polygon_area(&map.image_of_square(p, side, 200)) / (side * side);
                let gap = (ratio - det).abs();
                // The ratio tends to det J as the square shrinks (a second-order effect for
                // these smooth maps: the gap at least halves when the side is quartered).
                assert!(
                    gap < previous_gap / 2.0 || gap < 1e-9,
                    "{map:?} side {side}: {ratio} vs {det}"
                );
                previous_gap = gap;
            }
            assert!(previous_gap < 1e-2 * det.abs(), "{map:?}");
        }
        // Shoelace on a 2 × 3 rectangle, counter-clockwise: +6.
        assert_eq!(
            polygon_area(&[[0.0, 0.0], [2.0, 0.0], [2.0, 3.0], [0.0, 3.0]]),
            6.0
        );
    }

    #[test]
    fn costs_of_the_two_modes() {
        // Forward mode pays once per input, reverse mode once per output.
        let costs = mode_costs(5, 100);
        assert_eq!(costs.forward_many_to_one, 500);
        assert_eq!(costs.reverse_many_to_one, 10);
        assert_eq!(costs.forward_one_to_many, 5);
        assert_eq!(costs.reverse_one_to_many, 505);
    }
}
