//! Recurrent networks written out by hand in f64: a vanilla tanh RNN, an LSTM and a GRU with
//! PyTorch's equations, parameter layout and gate order, a linear readout, the forward pass
//! over a sequence and backpropagation through time (BPTT), three toy sequence tasks, the
//! spectral radius of the recurrent weights (nalgebra's real Schur form) and a mini-batch
//! trainer on the optimizers of [`crate::math::optimizers`] with PyTorch's
//! `clip_grad_norm_`.
//!
//! Every cell keeps PyTorch's two bias vectors (`b_ih` and `b_hh`), so a network here is
//! exactly `torch.nn.RNN` / `LSTM` / `GRU` (one layer, `batch_first` irrelevant) followed by
//! `torch.nn.Linear(H, 1)`. With `a = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh`:
//!
//! | cell | equations (gate rows of `W_ih`, `W_hh` in this order) |
//! |---|---|
//! | RNN | `h_t = tanh(a)` |
//! | LSTM | `i, f, g, o = σ(a_i), σ(a_f), tanh(a_g), σ(a_o)`; `c_t = f⊙c_{t−1} + i⊙g`; `h_t = o⊙tanh(c_t)` |
//! | GRU | `r = σ(·_r)`, `z = σ(·_z)`, `n = tanh(W_in x + b_in + r⊙(W_hn h_{t−1} + b_hn))`; `h_t = (1−z)⊙n + z⊙h_{t−1}` |
//!
//! and `y_t = W_hy h_t + b_y`, `h_0 = c_0 = 0`. The loss of a sequence is
//! `L = Σ_t w_t (y_t − target_t)²` with per-step weights `w_t` (`1/T` at every step for a
//! mean squared error over the sequence, or 1 at the last step only).

use std::ops::Range;

use nalgebra::{DMatrix, Schur};
use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};

use crate::math::optimizers::{FirstOrderOptimizer, Hyperparameters, OptimizerKind};

/// The recurrent cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CellKind {
    Rnn,
    Lstm,
    Gru,
}

impl CellKind {
    /// How many gate blocks of `H` rows `W_ih` and `W_hh` stack (PyTorch's `gate_size / H`).
    pub fn gate_count(self) -> usize {
        match self {
            CellKind::Rnn => 1,
            CellKind::Lstm => 4,
            CellKind::Gru => 3,
        }
    }

    /// The gate names in PyTorch's row order.
    pub fn gate_names(self) -> &'static [&'static str] {
        match self {
            CellKind::Rnn => &["h"],
            CellKind::Lstm => &["i", "f", "g", "o"],
            CellKind::Gru => &["r", "z", "n"],
        }
    }
}

/// The sizes of a network: which cell, how many inputs per step, how many hidden units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    pub cell: CellKind,
    pub input_size: usize,
    pub hidden_size: usize,
}

impl Shape {
    /// Rows of `W_ih` and `W_hh`: gates × H.
    pub fn gate_rows(&self) -> usize {
        self.cell.gate_count() * self.hidden_size
    }

    /// `W_ih`, row-major (gate rows × input size), in the flat parameter vector.
    pub fn w_ih(&self) -> Range<usize> {
        0..self.gate_rows() * self.input_size
    }

    /// `W_hh`, row-major (gate rows × H).
    pub fn w_hh(&self) -> Range<usize> {
        let start = self.w_ih().end;
        start..start + self.gate_rows() * self.hidden_size
    }

    pub fn b_ih(&self) -> Range<usize> {
        let start = self.w_hh().end;
        start..start + self.gate_rows()
    }

    pub fn b_hh(&self) -> Range<usize> {
        let start = self.b_ih().end;
        start..start + self.gate_rows()
    }

    /// The readout's weights `W_hy` (1 × H).
    pub fn w_hy(&self) -> Range<usize> {
        let start = self.b_hh().end;
        start..start + self.hidden_size
    }

    /// The readout's bias `b_y`.
    pub fn b_y(&self) -> usize {
        self.w_hy().end
    }

    pub fn parameter_count(&self) -> usize {
        self.b_y() + 1
    }
}

/// One sequence: inputs, targets and how much each step's error counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Sequence {
    /// `T × input_size`, row t is `x_{t+1}` (steps are numbered from 1 in the text).
    pub inputs: Vec<f64>,
    /// One target per step.
    pub targets: Vec<f64>,
    /// The loss weight `w_t` of each step.
    pub weights: Vec<f64>,
}

impl Sequence {
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// The same inputs and targets with the loss on the last step only (`w_T = 1`): the loss
    /// whose gradient BPTT carries back through every step, for the vanishing-gradient plot.
    pub fn last_step_only(&self) -> Sequence {
        let mut weights = vec![0.0; self.len()];
        if let Some(last) = weights.last_mut() {
            *last = 1.0;
        }
        Sequence {
            inputs: self.inputs.clone(),
            targets: self.targets.clone(),
            weights,
        }
    }
}

/// What the forward pass keeps for the backward pass.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    pub hidden_size: usize,
    /// `(T + 1) × H`: `h_0 = 0`, then `h_1 … h_T`.
    pub hidden: Vec<f64>,
    /// `(T + 1) × H` cell states `c_0 … c_T` (LSTM only, else empty).
    pub cell: Vec<f64>,
    /// `T × gate rows`: the activated gates (LSTM `i, f, g, o`; GRU `r, z, n`; empty for RNN).
    pub gates: Vec<f64>,
    /// `T × H`: `W_hn h_{t−1} + b_hn` (GRU only), which the reset gate multiplies.
    pub gru_hidden_candidate: Vec<f64>,
    /// `y_1 … y_T`.
    pub outputs: Vec<f64>,
}

impl Trace {
    /// `h_t` for t = 0…T.
    pub fn hidden_at(&self, t: usize) -> &[f64] {
        &self.hidden[t * self.hidden_size..(t + 1) * self.hidden_size]
    }

    /// `c_t` for t = 0…T (LSTM; empty otherwise).
    pub fn cell_at(&self, t: usize) -> &[f64] {
        if self.cell.is_empty() {
            return &[];
        }
        &self.cell[t * self.hidden_size..(t + 1) * self.hidden_size]
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// `a · b` with four running sums: a single sum is a chain of dependent adds (the
/// processor waits for each before the next), four keep it busy; the result differs from
/// the sequential sum only by rounding.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0; 4];
    let (a_blocks, b_blocks) = (a.chunks_exact(4), b.chunks_exact(4));
    let (a_rest, b_rest) = (a_blocks.remainder(), b_blocks.remainder());
    for (x, y) in a_blocks.zip(b_blocks) {
        for k in 0..4 {
            sums[k] += x[k] * y[k];
        }
    }
    let mut total = (sums[0] + sums[1]) + (sums[2] + sums[3]);
    for (x, y) in a_rest.iter().zip(b_rest) {
        total += x * y;
    }
    total
}

/// `out[r] += Σ_c m[r, c] v[c]` for a row-major block `m` with `v.len()` columns.
fn multiply_add(m: &[f64], v: &[f64], out: &mut [f64]) {
    let columns = v.len();
    if columns == 0 {
        return;
    }
    for (row, slot) in m.chunks_exact(columns).zip(out.iter_mut()) {
        *slot += dot(row, v);
    }
}

/// `row += scale · v`.
fn add_scaled(row: &mut [f64], scale: f64, v: &[f64]) {
    for (slot, x) in row.iter_mut().zip(v) {
        *slot += scale * x;
    }
}

/// Runs the network over `sequence`.
pub fn forward(shape: &Shape, params: &[f64], sequence: &Sequence) -> Trace {
    let (h_size, d) = (shape.hidden_size, shape.input_size);
    let rows = shape.gate_rows();
    let steps = sequence.len();
    let w_ih = &params[shape.w_ih()];
    let w_hh = &params[shape.w_hh()];
    let b_ih = &params[shape.b_ih()];
    let b_hh = &params[shape.b_hh()];
    let w_hy = &params[shape.w_hy()];
    let b_y = params[shape.b_y()];
    let mut trace = Trace {
        hidden_size: h_size,
        hidden: vec![0.0; (steps + 1) * h_size],
        cell: if shape.cell == CellKind::Lstm {
            vec![0.0; (steps + 1) * h_size]
        } else {
            Vec::new()
        },
        gates: if shape.cell == CellKind::Rnn {
            Vec::new()
        } else {
            vec![0.0; steps * rows]
        },
        gru_hidden_candidate: if shape.cell == CellKind::Gru {
            vec![0.0; steps * h_size]
        } else {
            Vec::new()
        },
        outputs: vec![0.0; steps],
    };
    let mut from_input = vec![0.0; rows];
    let mut from_hidden = vec![0.0; rows];
    for t in 0..steps {
        from_input.copy_from_slice(b_ih);
        multiply_add(w_ih, &sequence.inputs[t * d..(t + 1) * d], &mut from_input);
        from_hidden.copy_from_slice(b_hh);
        let (before, after) = trace.hidden.split_at_mut((t + 1) * h_size);
        let previous = &before[t * h_size..];
        let current = &mut after[..h_size];
        multiply_add(w_hh, previous, &mut from_hidden);
        match shape.cell {
            CellKind::Rnn => {
                for j in 0..h_size {
                    current[j] = (from_input[j] + from_hidden[j]).tanh();
                }
            }
            CellKind::Lstm => {
                let gates = &mut trace.gates[t * rows..(t + 1) * rows];
                for r in 0..rows {
                    let a = from_input[r] + from_hidden[r];
                    gates[r] = if r / h_size == 2 {
                        a.tanh()
                    } else {
                        sigmoid(a)
                    };
                }
                let (cells_before, cells_after) = trace.cell.split_at_mut((t + 1) * h_size);
                let previous_cell = &cells_before[t * h_size..];
                let cell = &mut cells_after[..h_size];
                for j in 0..h_size {
                    let (i, f, g, o) = (
                        gates[j],
                        gates[h_size + j],
                        gates[2 * h_size + j],
                        gates[3 * h_size + j],
                    );
                    cell[j] = f * previous_cell[j] + i * g;
                    current[j] = o * cell[j].tanh();
                }
            }
            CellKind::Gru => {
                let gates = &mut trace.gates[t * rows..(t + 1) * rows];
                let candidate = &mut trace.gru_hidden_candidate[t * h_size..(t + 1) * h_size];
                for j in 0..h_size {
                    let r = sigmoid(from_input[j] + from_hidden[j]);
                    let z = sigmoid(from_input[h_size + j] + from_hidden[h_size + j]);
                    let hn = from_hidden[2 * h_size + j];
                    let n = (from_input[2 * h_size + j] + r * hn).tanh();
                    gates[j] = r;
                    gates[h_size + j] = z;
                    gates[2 * h_size + j] = n;
                    candidate[j] = hn;
                    current[j] = (1.0 - z) * n + z * previous[j];
                }
            }
        }
        trace.outputs[t] = b_y + dot(w_hy, current);
    }
    trace
}

/// `L = Σ_t w_t (y_t − target_t)²`.
pub fn sequence_loss(trace: &Trace, sequence: &Sequence) -> f64 {
    trace
        .outputs
        .iter()
        .zip(&sequence.targets)
        .zip(&sequence.weights)
        .map(|((y, target), w)| {
            if *w == 0.0 {
                0.0
            } else {
                w * (y - target).powi(2)
            }
        })
        .sum()
}

/// What BPTT returns besides the parameter gradient.
#[derive(Clone, Debug, PartialEq)]
pub struct StateGradients {
    pub hidden_size: usize,
    /// `T × H`: row t−1 is the total `∂L/∂h_t` (through the output at t and every later step).
    pub hidden: Vec<f64>,
    /// `T × H`: the total `∂L/∂c_t` (LSTM only, else empty).
    pub cell: Vec<f64>,
}

impl StateGradients {
    /// `‖∂L/∂h_t‖` for t = 1…T.
    pub fn hidden_norms(&self) -> Vec<f64> {
        norms(&self.hidden, self.hidden_size)
    }

    /// `‖∂L/∂c_t‖` for t = 1…T (empty unless LSTM).
    pub fn cell_norms(&self) -> Vec<f64> {
        norms(&self.cell, self.hidden_size)
    }
}

fn norms(rows: &[f64], width: usize) -> Vec<f64> {
    if width == 0 {
        return Vec::new();
    }
    rows.chunks_exact(width)
        .map(|row| row.iter().map(|v| v * v).sum::<f64>().sqrt())
        .collect()
}

/// Backpropagation through time: adds `scale · ∂L/∂θ` to `gradient` (same layout as the
/// parameters) and returns the gradients of the states.
pub fn backward(
    shape: &Shape,
    params: &[f64],
    sequence: &Sequence,
    trace: &Trace,
    gradient: &mut [f64],
    scale: f64,
) -> StateGradients {
    let (h_size, d) = (shape.hidden_size, shape.input_size);
    let rows = shape.gate_rows();
    let steps = sequence.len();
    let w_hh = &params[shape.w_hh()];
    let w_hy = &params[shape.w_hy()];
    let (w_ih_range, w_hh_range) = (shape.w_ih(), shape.w_hh());
    let (b_ih_range, b_hh_range) = (shape.b_ih(), shape.b_hh());
    let (w_hy_range, b_y_index) = (shape.w_hy(), shape.b_y());
    let mut states = StateGradients {
        hidden_size: h_size,
        hidden: vec![0.0; steps * h_size],
        cell: if shape.cell == CellKind::Lstm {
            vec![0.0; steps * h_size]
        } else {
            Vec::new()
        },
    };
    // ∂L/∂h_t from the steps after t (through W_hh, and for the GRU through z ⊙ h_{t−1}).
    let mut from_future = vec![0.0; h_size];
    let mut cell_from_future = vec![0.0; h_size];
    let mut dh = vec![0.0; h_size];
    // The gradient of the pre-activations on the input side and on the hidden side (they
    // differ only for the GRU's n gate, where r multiplies the hidden side).
    let mut d_input_side = vec![0.0; rows];
    let mut d_hidden_side = vec![0.0; rows];
    for t in (0..steps).rev() {
        let dy = 2.0 * sequence.weights[t] * (trace.outputs[t] - sequence.targets[t]);
        let h = trace.hidden_at(t + 1);
        let previous = trace.hidden_at(t);
        for j in 0..h_size {
            dh[j] = from_future[j] + dy * w_hy[j];
            gradient[w_hy_range.start + j] += scale * dy * h[j];
        }
        gradient[b_y_index] += scale * dy;
        states.hidden[t * h_size..(t + 1) * h_size].copy_from_slice(&dh);
        let mut direct_to_previous = None;
        match shape.cell {
            CellKind::Rnn => {
                for j in 0..h_size {
                    d_input_side[j] = dh[j] * (1.0 - h[j] * h[j]);
                }
                d_hidden_side.copy_from_slice(&d_input_side);
            }
            CellKind::Lstm => {
                let gates = &trace.gates[t * rows..(t + 1) * rows];
                let cell = trace.cell_at(t + 1);
                let previous_cell = trace.cell_at(t);
                for j in 0..h_size {
                    let (i, f, g, o) = (
                        gates[j],
                        gates[h_size + j],
                        gates[2 * h_size + j],
                        gates[3 * h_size + j],
                    );
                    let tanh_c = cell[j].tanh();
                    let dc = cell_from_future[j] + dh[j] * o * (1.0 - tanh_c * tanh_c);
                    states.cell[t * h_size + j] = dc;
                    d_input_side[j] = dc * g * i * (1.0 - i);
                    d_input_side[h_size + j] = dc * previous_cell[j] * f * (1.0 - f);
                    d_input_side[2 * h_size + j] = dc * i * (1.0 - g * g);
                    d_input_side[3 * h_size + j] = dh[j] * tanh_c * o * (1.0 - o);
                    cell_from_future[j] = dc * f;
                }
                d_hidden_side.copy_from_slice(&d_input_side);
            }
            CellKind::Gru => {
                let gates = &trace.gates[t * rows..(t + 1) * rows];
                let candidate = &trace.gru_hidden_candidate[t * h_size..(t + 1) * h_size];
                let mut direct = vec![0.0; h_size];
                for j in 0..h_size {
                    let (r, z, n) = (gates[j], gates[h_size + j], gates[2 * h_size + j]);
                    let dn_pre = dh[j] * (1.0 - z) * (1.0 - n * n);
                    let dz_pre = dh[j] * (previous[j] - n) * z * (1.0 - z);
                    let dr_pre = dn_pre * candidate[j] * r * (1.0 - r);
                    d_input_side[j] = dr_pre;
                    d_input_side[h_size + j] = dz_pre;
                    d_input_side[2 * h_size + j] = dn_pre;
                    d_hidden_side[j] = dr_pre;
                    d_hidden_side[h_size + j] = dz_pre;
                    d_hidden_side[2 * h_size + j] = dn_pre * r;
                    direct[j] = dh[j] * z;
                }
                direct_to_previous = Some(direct);
            }
        }
        let x = &sequence.inputs[t * d..(t + 1) * d];
        for r in 0..rows {
            let (gi, gh) = (scale * d_input_side[r], scale * d_hidden_side[r]);
            let w_ih_row = w_ih_range.start + r * d;
            add_scaled(&mut gradient[w_ih_row..w_ih_row + d], gi, x);
            let w_hh_row = w_hh_range.start + r * h_size;
            add_scaled(&mut gradient[w_hh_row..w_hh_row + h_size], gh, previous);
            gradient[b_ih_range.start + r] += gi;
            gradient[b_hh_range.start + r] += gh;
        }
        // ∂L/∂h_{t−1} = W_hhᵀ (hidden-side pre-activation gradient) (+ z ⊙ ∂L/∂h_t, GRU).
        from_future.iter_mut().for_each(|v| *v = 0.0);
        for (row, g) in w_hh.chunks_exact(h_size.max(1)).zip(&d_hidden_side) {
            add_scaled(&mut from_future, *g, row);
        }
        if let Some(direct) = direct_to_previous {
            for (slot, v) in from_future.iter_mut().zip(direct) {
                *slot += v;
            }
        }
    }
    states
}

/// The loss and its gradient for one sequence (a fresh gradient vector).
pub fn loss_and_gradient(
    shape: &Shape,
    params: &[f64],
    sequence: &Sequence,
) -> (f64, Vec<f64>, StateGradients) {
    let trace = forward(shape, params, sequence);
    let mut gradient = vec![0.0; params.len()];
    let states = backward(shape, params, sequence, &trace, &mut gradient, 1.0);
    (sequence_loss(&trace, sequence), gradient, states)
}

// ---------------------------------------------------------------------------------------------
// Spectral radius and initialisation
// ---------------------------------------------------------------------------------------------

/// The largest |λ| of a square matrix, from the eigenvalues of its real Schur form (complex
/// pairs included); None if the iteration does not converge or the matrix is not finite.
pub fn spectral_radius(matrix: &DMatrix<f64>) -> Option<f64> {
    if matrix.nrows() == 0 || matrix.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let schur = Schur::try_new(matrix.clone(), f64::EPSILON, 10_000)?;
    schur
        .complex_eigenvalues()
        .iter()
        .map(|lambda| lambda.norm())
        .fold(None, |best: Option<f64>, value| {
            Some(best.map_or(value, |b| b.max(value)))
        })
}

/// Gate block `gate` of `W_hh` as an H × H matrix.
pub fn recurrent_block(shape: &Shape, params: &[f64], gate: usize) -> DMatrix<f64> {
    let h = shape.hidden_size;
    let start = shape.w_hh().start + gate * h * h;
    DMatrix::from_row_slice(h, h, &params[start..start + h * h])
}

/// The spectral radius of every gate block of `W_hh`, in PyTorch's gate order.
pub fn recurrent_radii(shape: &Shape, params: &[f64]) -> Vec<Option<f64>> {
    (0..shape.cell.gate_count())
        .map(|gate| spectral_radius(&recurrent_block(shape, params, gate)))
        .collect()
}

/// Rescales every gate block of `W_hh` so that its spectral radius is `radius` (blocks with
/// radius 0 are left alone).
pub fn rescale_recurrent(shape: &Shape, params: &mut [f64], radius: f64) {
    let h = shape.hidden_size;
    for gate in 0..shape.cell.gate_count() {
        let Some(current) = spectral_radius(&recurrent_block(shape, params, gate)) else {
            continue;
        };
        if current > 0.0 {
            let start = shape.w_hh().start + gate * h * h;
            let factor = radius / current;
            params[start..start + h * h]
                .iter_mut()
                .for_each(|w| *w *= factor);
        }
    }
}

/// PyTorch's default initialisation, U(−1/√H, 1/√H) for every parameter of the cell and of
/// `Linear(H, 1)`, drawn in layout order from ChaCha8 with `seed`; then each recurrent gate
/// block rescaled to spectral radius `radius`.
pub fn initialize(shape: &Shape, seed: u64, radius: f64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(4));
    let bound = 1.0 / (shape.hidden_size.max(1) as f64).sqrt();
    let mut params: Vec<f64> = (0..shape.parameter_count())
        .map(|_| rng.random_range(-bound..bound))
        .collect();
    rescale_recurrent(shape, &mut params, radius);
    params
}

// ---------------------------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------------------------

/// The three sequence tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Task {
    /// `x_t = sin(ωt + φ)` with random ω ∈ [0.2, 0.6] and φ; predict `x_{t+1}` at every step
    /// (mean squared error over the sequence).
    Sine,
    /// A ±1 symbol at t = 1, uniform noise in [−0.5, 0.5] after; output the symbol at t = T.
    Memory,
    /// Pairs (value ∈ U(0, 1), marker); two markers, one in each half; output the sum of the
    /// two marked values at t = T (Hochreiter & Schmidhuber's adding problem).
    Adding,
}

impl Task {
    pub fn input_size(self) -> usize {
        match self {
            Task::Sine | Task::Memory => 1,
            Task::Adding => 2,
        }
    }

    /// One sequence of `length` steps.
    pub fn generate(self, length: usize, rng: &mut ChaCha8Rng) -> Sequence {
        let length = length.max(1);
        let mut last_only = vec![0.0; length];
        last_only[length - 1] = 1.0;
        match self {
            Task::Sine => {
                let omega = rng.random_range(0.2..0.6);
                let phase = rng.random_range(0.0..std::f64::consts::TAU);
                let wave = |t: usize| (omega * t as f64 + phase).sin();
                Sequence {
                    inputs: (0..length).map(wave).collect(),
                    targets: (1..=length).map(wave).collect(),
                    weights: vec![1.0 / length as f64; length],
                }
            }
            Task::Memory => {
                let symbol = if rng.random_bool(0.5) { 1.0 } else { -1.0 };
                let mut inputs = vec![symbol];
                inputs.extend((1..length).map(|_| rng.random_range(-0.5..0.5)));
                Sequence {
                    inputs,
                    targets: vec![symbol; length],
                    weights: last_only,
                }
            }
            Task::Adding => {
                let values: Vec<f64> = (0..length).map(|_| rng.random_range(0.0..1.0)).collect();
                let half = length.div_ceil(2);
                let first = rng.random_range(0..half);
                let second = if length > 1 {
                    rng.random_range(half.min(length - 1)..length)
                } else {
                    0
                };
                let mut inputs = Vec::with_capacity(2 * length);
                for (t, value) in values.iter().enumerate() {
                    inputs.push(*value);
                    inputs.push(if t == first || t == second { 1.0 } else { 0.0 });
                }
                let sum = if first == second {
                    values[first]
                } else {
                    values[first] + values[second]
                };
                Sequence {
                    inputs,
                    targets: vec![sum; length],
                    weights: last_only,
                }
            }
        }
    }
}

/// A fixed training set of `count` sequences drawn from ChaCha8 with `seed` (a stream apart
/// from the weights' and the batches').
pub fn training_set(task: Task, length: usize, count: usize, seed: u64) -> Vec<Sequence> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_mul(4).wrapping_add(1));
    (0..count)
        .map(|_| task.generate(length, &mut rng))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------------

/// `torch.nn.utils.clip_grad_norm_(parameters, max_norm)` with the 2-norm over all
/// parameters: the coefficient `max_norm / (‖g‖ + 1e-6)` clamped to at most 1 multiplies
/// the gradient. Returns the norm before clipping, as PyTorch does.
pub fn clip_grad_norm(gradient: &mut [f64], max_norm: f64) -> f64 {
    let total = gradient.iter().map(|g| g * g).sum::<f64>().sqrt();
    let coefficient = (max_norm / (total + 1e-6)).min(1.0);
    if coefficient < 1.0 || !coefficient.is_finite() {
        gradient.iter_mut().for_each(|g| *g *= coefficient);
    }
    total
}

/// The settings of one training step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainingConfig {
    pub hyper: Hyperparameters,
    /// Clip the gradient to this global norm (None: no clipping).
    pub clip: Option<f64>,
    pub batch_size: usize,
}

/// What one training step did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepReport {
    /// The mean loss of the mini-batch before the update.
    pub batch_loss: f64,
    /// `‖∇L‖` of the mean gradient before clipping.
    pub gradient_norm: f64,
    pub clipped: bool,
}

/// Mini-batch training: each epoch shuffles the training set (Fisher–Yates on a ChaCha8
/// seeded from the seed and the epoch number) and cuts it into batches; the gradient is the
/// batch mean.
#[derive(Clone, Debug)]
pub struct Trainer {
    pub shape: Shape,
    pub params: Vec<f64>,
    optimizer: FirstOrderOptimizer,
    seed: u64,
    epoch: u64,
    order: Vec<usize>,
    position: usize,
    gradient: Vec<f64>,
}

impl Trainer {
    /// None when `optimizer` is not a first-order method.
    pub fn new(
        shape: Shape,
        params: Vec<f64>,
        optimizer: OptimizerKind,
        seed: u64,
    ) -> Option<Self> {
        let count = params.len();
        Some(Trainer {
            shape,
            optimizer: FirstOrderOptimizer::new(optimizer, count)?,
            params,
            seed,
            epoch: 0,
            order: Vec::new(),
            position: 0,
            gradient: vec![0.0; count],
        })
    }

    /// Where the mini-batches stand: the epochs shuffled so far, the current epoch's order
    /// and the position in it. With the parameters and the optimizer's state this is the
    /// whole state of a run (a lossless snapshot needs exactly these).
    pub fn batch_state(&self) -> (u64, &[usize], usize) {
        (self.epoch, &self.order, self.position)
    }

    pub fn optimizer(&self) -> &FirstOrderOptimizer {
        &self.optimizer
    }

    /// A trainer resumed from [`Trainer::batch_state`], the parameters and the optimizer's
    /// state. None when the parameters disagree with `shape`, the order is not a permutation of
    /// `0..data_len` (or empty before the first epoch) or the position is past its end.
    pub fn from_state(
        shape: Shape,
        params: Vec<f64>,
        optimizer: FirstOrderOptimizer,
        seed: u64,
        (epoch, order, position): (u64, Vec<usize>, usize),
        data_len: usize,
    ) -> Option<Self> {
        let count = shape.parameter_count();
        let mut seen = vec![false; data_len];
        let permutation = order.len() == data_len
            && order
                .iter()
                .all(|&i| i < data_len && !std::mem::replace(&mut seen[i], true));
        // The optimizer checked its own moments' lengths ([`FirstOrderOptimizer::from_state`]).
        let valid =
            params.len() == count && (order.is_empty() || permutation) && position <= order.len();
        valid.then(|| Trainer {
            shape,
            params,
            optimizer,
            seed,
            epoch,
            order,
            position,
            gradient: vec![0.0; count],
        })
    }

    /// The batch of the next step (indices into the training set).
    fn next_batch(&mut self, data_len: usize, batch_size: usize) -> Vec<usize> {
        let mut batch = Vec::with_capacity(batch_size);
        while batch.len() < batch_size.min(data_len) {
            if self.position >= self.order.len() {
                self.order = (0..data_len).collect();
                let mut rng = ChaCha8Rng::seed_from_u64(
                    (self.seed.wrapping_mul(4).wrapping_add(2))
                        ^ self.epoch.wrapping_mul(0x9E37_79B9_7F4A_7C15),
                );
                self.epoch += 1;
                for i in (1..data_len).rev() {
                    let j = rng.random_range(0..=i);
                    self.order.swap(i, j);
                }
                self.position = 0;
            }
            batch.push(self.order[self.position]);
            self.position += 1;
        }
        batch
    }

    /// One step: batch gradient by BPTT, clipping, optimizer update. None (and nothing
    /// changed but the batch position) when the loss or the gradient is not finite, or the
    /// update would make a parameter non-finite.
    pub fn step(&mut self, data: &[Sequence], config: &TrainingConfig) -> Option<StepReport> {
        if data.is_empty() {
            return None;
        }
        let batch = self.next_batch(data.len(), config.batch_size.max(1));
        let scale = 1.0 / batch.len() as f64;
        self.gradient.iter_mut().for_each(|g| *g = 0.0);
        let mut batch_loss = 0.0;
        for &index in &batch {
            let sequence = &data[index];
            let trace = forward(&self.shape, &self.params, sequence);
            batch_loss += scale * sequence_loss(&trace, sequence);
            backward(
                &self.shape,
                &self.params,
                sequence,
                &trace,
                &mut self.gradient,
                scale,
            );
        }
        let mut clipped = false;
        let gradient_norm = match config.clip {
            Some(max_norm) => {
                let norm = clip_grad_norm(&mut self.gradient, max_norm);
                clipped = max_norm / (norm + 1e-6) < 1.0;
                norm
            }
            None => self.gradient.iter().map(|g| g * g).sum::<f64>().sqrt(),
        };
        if !batch_loss.is_finite() || !gradient_norm.is_finite() {
            return None;
        }
        let backup = (self.params.clone(), self.optimizer.clone());
        self.optimizer
            .step(&mut self.params, &self.gradient, &config.hyper);
        if self.params.iter().any(|p| !p.is_finite()) {
            (self.params, self.optimizer) = backup;
            return None;
        }
        Some(StepReport {
            batch_loss,
            gradient_norm,
            clipped,
        })
    }
}

/// The mean loss over a set of sequences.
pub fn mean_loss(shape: &Shape, params: &[f64], data: &[Sequence]) -> f64 {
    if data.is_empty() {
        return f64::NAN;
    }
    data.iter()
        .map(|s| sequence_loss(&forward(shape, params, s), s))
        .sum::<f64>()
        / data.len() as f64
}

#[cfg(test)]
mod tests;
