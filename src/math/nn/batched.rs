//! Training a mini-batch as a whole, for what couples the examples of a batch or draws random
//! numbers: batch normalization (every example's output depends on the batch's mean and
//! variance) and dropout (a fresh random mask per example). Without either, [`super::Trainer`]
//! keeps its per-example path, so runs without them stay bit for bit what they were.
//!
//! Buffers are neuron-major: layer `l`'s value for neuron `j` and example `b` of a batch of
//! `B` sits at `j·B + b`, so a neuron's batch is one contiguous slice for batch norm.

use std::ops::Range;

use rand::{RngExt, rngs::ChaCha8Rng};

use super::{
    Examples, Loss, Network, apply_output_unit, batch_norm_backward, batch_norm_training,
    layer_ranges_of, loss_of_output, output_delta,
};
use crate::math::nn::MAX_OUTPUTS;

/// Inverted dropout of every hidden layer's outputs: in training each hidden output is zeroed
/// with probability `rate` and the others are scaled by `1/(1 − rate)`, so the expected
/// output is unchanged and the test-time network (no dropout, no scaling) needs no correction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dropout {
    /// The probability `p` of dropping a hidden output, in [0, 1).
    pub rate: f64,
    /// Seeds the ChaCha8 stream the masks are drawn from (one epoch's masks).
    pub seed: u64,
}

impl Dropout {
    /// No dropout.
    pub const OFF: Dropout = Dropout { rate: 0.0, seed: 0 };

    pub fn is_on(&self) -> bool {
        self.rate > 0.0
    }
}

/// Per-layer buffers for a batch, neuron-major (see the module docs), sized on first use.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct BatchBuffers {
    batch: usize,
    /// Raw pre-activations `z`.
    pre: Vec<Vec<f64>>,
    /// Batch norm's `x̂`.
    normalized: Vec<Vec<f64>>,
    /// What the activation is applied to: batch norm's `γ x̂ + β`, else a copy of `z`.
    activation_input: Vec<Vec<f64>>,
    /// Layer outputs after dropout (layer 0: the inputs).
    post: Vec<Vec<f64>>,
    derivative: Vec<Vec<f64>>,
    /// Dropout's factor per output: 0 or `1/(1 − p)`.
    mask: Vec<Vec<f64>>,
    /// `∂J/∂z` (the output layer's per example; hidden layers' for the whole batch).
    delta: Vec<Vec<f64>>,
    /// Batch norm's `1/√(σ² + ε)` per neuron.
    inverse_std: Vec<Vec<f64>>,
    /// Scratch for one neuron's `∂J/∂z` in batch norm's backward pass.
    scratch: Vec<f64>,
}

impl BatchBuffers {
    /// The output layer's values of the last batch, example after example.
    pub(super) fn outputs(&self) -> Vec<f64> {
        let Some(last) = self.post.last() else {
            return Vec::new();
        };
        let batch = self.batch.max(1);
        let outputs = last.len() / batch;
        (0..batch)
            .flat_map(|b| (0..outputs).map(move |k| last[k * batch + b]))
            .collect()
    }

    fn prepare(&mut self, sizes: &[usize], batch: usize) {
        let fits = self.batch == batch
            && self.pre.len() == sizes.len()
            && self
                .pre
                .iter()
                .zip(sizes)
                .all(|(v, &n)| v.len() == n * batch);
        if fits {
            return;
        }
        let per_example = |_: ()| sizes.iter().map(|&n| vec![0.0; n * batch]).collect();
        self.batch = batch;
        self.pre = per_example(());
        self.normalized = per_example(());
        self.activation_input = per_example(());
        self.post = per_example(());
        self.derivative = per_example(());
        self.mask = per_example(());
        self.delta = per_example(());
        self.inverse_std = sizes.iter().map(|&n| vec![0.0; n]).collect();
        self.scratch = vec![0.0; batch];
    }
}

/// Forward and backward pass of the examples `range` of `data` as one batch in training
/// mode: batch norm with the batch's statistics (moving the running averages), dropout masks
/// drawn from `rng` when `dropout_rate > 0`. Adds `Σ_b ∂ℓ_b/∂θ` into `gradient` and
/// `Σ_b ∂ℓ_b/∂(γ, β)` into `affine_gradient` and returns `Σ_b ℓ_b`.
#[allow(clippy::too_many_arguments)]
pub(super) fn train_batch(
    network: &mut Network,
    buffers: &mut BatchBuffers,
    data: &Examples,
    range: Range<usize>,
    loss: Loss,
    dropout_rate: f64,
    rng: &mut ChaCha8Rng,
    gradient: &mut [f64],
    affine_gradient: &mut [f64],
) -> f64 {
    let Network {
        architecture,
        parameters,
        weight_offsets,
        batch_norm,
    } = network;
    let sizes = &architecture.layer_sizes;
    let layers = sizes.len() - 1;
    let batch = range.len();
    let first = range.start;
    buffers.prepare(sizes, batch);
    for (b, index) in range.enumerate() {
        let (input, _) = data.example(index);
        for (i, &x) in input.iter().enumerate() {
            buffers.post[0][i * batch + b] = x;
        }
    }
    let keep_scale = 1.0 / (1.0 - dropout_rate);
    let activation = architecture.hidden_activation;
    let unit = architecture.output_unit;
    let mut total_loss = 0.0;
    for layer in 1..=layers {
        let (weight_range, bias_range) = layer_ranges_of(sizes, weight_offsets, layer);
        let weights = &parameters[weight_range];
        let biases = &parameters[bias_range];
        let fan_in = sizes[layer - 1];
        let (before, after) = buffers.post.split_at_mut(layer);
        let previous = &before[layer - 1];
        let post = &mut after[0];
        let pre = &mut buffers.pre[layer];
        for (j, &bias) in biases.iter().enumerate() {
            let row = &weights[j * fan_in..(j + 1) * fan_in];
            for b in 0..batch {
                pre[j * batch + b] = bias
                    + row
                        .iter()
                        .enumerate()
                        .map(|(i, w)| w * previous[i * batch + b])
                        .sum::<f64>();
            }
        }
        if layer < layers {
            let input = &mut buffers.activation_input[layer];
            match batch_norm.as_mut() {
                Some(batch_norm) => {
                    let normalized = &mut buffers.normalized[layer];
                    for j in 0..sizes[layer] {
                        let span = j * batch..(j + 1) * batch;
                        let (gamma, beta) = batch_norm.scale_and_shift(layer, j);
                        let statistics = batch_norm_training(
                            &pre[span.clone()],
                            gamma,
                            beta,
                            &mut normalized[span.clone()],
                            &mut input[span],
                        );
                        buffers.inverse_std[layer][j] = statistics.inverse_std;
                        if batch > 1 {
                            batch_norm.update_running_averages(layer, j, &statistics, batch);
                        }
                    }
                }
                None => input.copy_from_slice(pre),
            }
            let derivative = &mut buffers.derivative[layer];
            let mask = &mut buffers.mask[layer];
            for (((a, d), m), &y) in post
                .iter_mut()
                .zip(derivative.iter_mut())
                .zip(mask.iter_mut())
                .zip(input.iter())
            {
                (*a, *d) = activation.apply_with_derivative(y);
                if dropout_rate > 0.0 {
                    *m = if rng.random::<f64>() < dropout_rate {
                        0.0
                    } else {
                        keep_scale
                    };
                    *a *= *m;
                }
            }
        } else {
            let outputs = sizes[layer];
            let (mut z, mut a, mut delta) =
                ([0.0; MAX_OUTPUTS], [0.0; MAX_OUTPUTS], [0.0; MAX_OUTPUTS]);
            for b in 0..batch {
                for k in 0..outputs {
                    z[k] = pre[k * batch + b];
                }
                apply_output_unit(unit, &z[..outputs], &mut a[..outputs]);
                let (_, target) = data.example(first + b);
                total_loss += loss_of_output(loss, unit, &z[..outputs], &a[..outputs], target);
                output_delta(loss, unit, &a[..outputs], target, &mut delta[..outputs]);
                for k in 0..outputs {
                    post[k * batch + b] = a[k];
                    buffers.delta[layer][k * batch + b] = delta[k];
                }
            }
        }
    }
    for layer in (1..=layers).rev() {
        let fan_in = sizes[layer - 1];
        let (weight_range, bias_range) = layer_ranges_of(sizes, weight_offsets, layer);
        let (lower, upper) = buffers.delta.split_at_mut(layer);
        let delta = &upper[0];
        let previous = &buffers.post[layer - 1];
        let weight_gradient = &mut gradient[weight_range.clone()];
        for (j, row) in weight_gradient.chunks_exact_mut(fan_in.max(1)).enumerate() {
            let delta_j = &delta[j * batch..(j + 1) * batch];
            for (i, g) in row.iter_mut().enumerate() {
                let a = &previous[i * batch..(i + 1) * batch];
                *g += delta_j.iter().zip(a).map(|(d, a)| d * a).sum::<f64>();
            }
        }
        for (j, g) in gradient[bias_range].iter_mut().enumerate() {
            *g += delta[j * batch..(j + 1) * batch].iter().sum::<f64>();
        }
        if layer == 1 {
            continue;
        }
        // ∂J/∂a_{l−1} = W_lᵀ δ_l, then through dropout's mask and the activation.
        let weights = &parameters[weight_range];
        let below = &mut lower[layer - 1];
        below.fill(0.0);
        for (j, row) in weights.chunks_exact(fan_in).enumerate() {
            let delta_j = &delta[j * batch..(j + 1) * batch];
            for (i, &w) in row.iter().enumerate() {
                for (p, &d) in below[i * batch..(i + 1) * batch].iter_mut().zip(delta_j) {
                    *p += w * d;
                }
            }
        }
        let hidden = layer - 1;
        if dropout_rate > 0.0 {
            for (p, &m) in below.iter_mut().zip(&buffers.mask[hidden]) {
                *p *= m;
            }
        }
        for (p, &d) in below.iter_mut().zip(&buffers.derivative[hidden]) {
            *p *= d;
        }
        if let Some(batch_norm) = batch_norm.as_ref() {
            let start = batch_norm.affine_start(hidden);
            let size = sizes[hidden];
            for i in 0..size {
                let span = i * batch..(i + 1) * batch;
                let (gamma, _) = batch_norm.scale_and_shift(hidden, i);
                let (d_gamma, d_beta) = batch_norm_backward(
                    &below[span.clone()],
                    &buffers.normalized[hidden][span.clone()],
                    gamma,
                    buffers.inverse_std[hidden][i],
                    &mut buffers.scratch,
                );
                below[span].copy_from_slice(&buffers.scratch);
                affine_gradient[start + i] += d_gamma;
                affine_gradient[start + size + i] += d_beta;
            }
        }
    }
    total_loss
}
