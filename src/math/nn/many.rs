//! The forward pass for many points at once, layer by layer: for a block of points, each
//! layer's pre-activations are one matrix product `Z_l = W_l A_{l−1}` (neurons × points) built
//! as a row of `axpy`s over contiguous arrays, instead of one small matrix–vector product per
//! point. The pictures (10,000 boundary cells, the neurons' thumbnails) and the readouts over
//! all training points use it.
//!
//! Every value is the same, bit for bit, as [`Network::forward`] (or
//! [`Network::forward_for_display`]) on each point alone: each `z` is summed in the same
//! order (`b + ((w₀a₀ + w₁a₁) + …)`), only the loops are exchanged; batch normalization is
//! applied at test time (running averages) with the same expression as
//! `BatchNorm::normalize_for_evaluation`.

use super::{BATCH_NORM_EPSILON, Network, OutputUnit, Pass, apply_output_unit, display_tanh};
use crate::math::activations::Activation;

/// Points per block: a block's activations (at most 8 neurons × 7 layers × 256 points of f64,
/// 115 KB) stay in a fast cache, and the per-block overhead is negligible.
pub const BLOCK_POINTS: usize = 256;

/// Buffers of [`Network::forward_many`], allocated once and reused between calls.
#[derive(Clone, Debug, Default)]
pub struct ManyWorkspace {
    /// Per layer (0 is the input), neuron-major: `values[l][j · block + p]` is neuron `j`'s
    /// output at point `p` of the current block (for hidden layers, `a = f(z)`).
    values: Vec<Vec<f64>>,
    /// Per hidden layer, what the activation receives (`z`, or batch norm's output for a
    /// normalized network) in the same layout (kept only on request).
    pre: Vec<Vec<f64>>,
    /// One point's output layer, for the output unit (softmax couples the outputs).
    point: Vec<f64>,
    point_out: Vec<f64>,
}

/// One block's results, handed to the caller's visitor.
pub struct Block<'a> {
    /// Index of the block's first point.
    pub start: usize,
    /// Points in the block.
    pub len: usize,
    workspace: &'a ManyWorkspace,
}

impl Block<'_> {
    /// The network's weight layers (the output is layer `layer_count()`).
    pub fn layer_count(&self) -> usize {
        self.workspace.values.len() - 1
    }

    /// Neuron `neuron`'s output in layer `layer` (0: the input) at the block's points.
    pub fn layer_output(&self, layer: usize, neuron: usize) -> &[f64] {
        &self.workspace.values[layer][neuron * self.len..(neuron + 1) * self.len]
    }

    /// Neuron `neuron`'s activation input in hidden layer `layer` (when kept): its `z`, or
    /// with batch normalization the normalized value (`Workspace::normalized` per point).
    pub fn pre_activation(&self, layer: usize, neuron: usize) -> &[f64] {
        &self.workspace.pre[layer][neuron * self.len..(neuron + 1) * self.len]
    }
}

impl Network {
    /// Runs the network on `inputs` (point-major, `input_count` values per point) block by
    /// block and calls `visit` with each block's every layer. `display` approximates tanh and
    /// sigmoid as [`Network::forward_for_display`] does; otherwise the values are exact, as
    /// [`Network::forward`]'s. `keep_pre` keeps the hidden layers' activation inputs. A
    /// batch-normalized network is evaluated as at test time, like the per-point pass. Returns
    /// true (it once declined normalized networks; callers keep a per-point fallback).
    pub fn forward_many(
        &self,
        inputs: &[f64],
        display: bool,
        keep_pre: bool,
        workspace: &mut ManyWorkspace,
        mut visit: impl FnMut(&Block),
    ) -> bool {
        let pass = if display { Pass::Display } else { Pass::Exact };
        let sizes = &self.architecture.layer_sizes;
        let layers = self.layer_count();
        let input_count = sizes[0];
        let count = inputs.len().checked_div(input_count).unwrap_or(0);
        workspace.values.resize_with(layers + 1, Vec::new);
        workspace.pre.resize_with(layers + 1, Vec::new);
        let mut start = 0;
        while start < count {
            let len = BLOCK_POINTS.min(count - start);
            for (layer, &size) in sizes.iter().enumerate() {
                workspace.values[layer].resize(size * len, 0.0);
                workspace.pre[layer].resize(if keep_pre { size * len } else { 0 }, 0.0);
            }
            // The input, transposed to neuron-major.
            let first = &mut workspace.values[0];
            for p in 0..len {
                let row = &inputs[(start + p) * input_count..(start + p + 1) * input_count];
                for (k, &x) in row.iter().enumerate() {
                    first[k * len + p] = x;
                }
            }
            for layer in 1..=layers {
                self.layer_many(layer, len, pass, keep_pre, workspace);
            }
            visit(&Block {
                start,
                len,
                workspace,
            });
            start += len;
        }
        true
    }

    /// One layer of [`Network::forward_many`] for a block of `len` points.
    fn layer_many(
        &self,
        layer: usize,
        len: usize,
        pass: Pass,
        keep_pre: bool,
        workspace: &mut ManyWorkspace,
    ) {
        let sizes = &self.architecture.layer_sizes;
        let last = layer == self.layer_count();
        let (fan_in, size) = (sizes[layer - 1], sizes[layer]);
        let (weights, biases) = self.layer_ranges(layer);
        let weights = &self.parameters[weights];
        let biases = &self.parameters[biases];
        let (before, after) = workspace.values.split_at_mut(layer);
        let previous = &before[layer - 1];
        let out = &mut after[0];
        let activation = self.architecture.hidden_activation;
        for (j, &bias) in biases.iter().enumerate() {
            let z = &mut out[j * len..(j + 1) * len];
            // Σ_k w_jk a_k, summed in k order from −0.0 as `Iterator::sum` does per point.
            z.fill(-0.0);
            for k in 0..fan_in {
                let w = weights[j * fan_in + k];
                let a = &previous[k * len..(k + 1) * len];
                for (z, &a) in z.iter_mut().zip(a) {
                    *z += w * a;
                }
            }
            for z in z.iter_mut() {
                *z += bias;
            }
            if !last && let Some(batch_norm) = &self.batch_norm {
                // `BatchNorm::normalize_for_evaluation`'s expression, per point.
                let index = batch_norm.neuron_start(layer) + j;
                let (gamma, beta) = batch_norm.scale_and_shift(layer, j);
                let mean = batch_norm.running_mean[index];
                let deviation = (batch_norm.running_variance[index] + BATCH_NORM_EPSILON).sqrt();
                for z in z.iter_mut() {
                    *z = (*z - mean) / deviation * gamma + beta;
                }
            }
            if keep_pre && !last {
                workspace.pre[layer][j * len..(j + 1) * len].copy_from_slice(z);
            }
            if last {
                continue;
            }
            let display_squash = pass == Pass::Display
                && matches!(activation, Activation::Tanh | Activation::Sigmoid);
            if display_squash && activation == Activation::Sigmoid {
                z.iter_mut()
                    .for_each(|v| *v = 0.5 + 0.5 * display_tanh(0.5 * *v));
            } else if display_squash {
                z.iter_mut().for_each(|v| *v = display_tanh(*v));
            } else {
                z.iter_mut().for_each(|v| *v = activation.apply(*v));
            }
        }
        if !last {
            return;
        }
        let unit = self.architecture.output_unit;
        if pass == Pass::Display && unit == OutputUnit::Tanh {
            out.iter_mut().for_each(|v| *v = display_tanh(*v));
            return;
        }
        // The output unit per point (softmax couples a point's outputs).
        workspace.point.resize(size, 0.0);
        workspace.point_out.resize(size, 0.0);
        for p in 0..len {
            for j in 0..size {
                workspace.point[j] = out[j * len + p];
            }
            apply_output_unit(unit, &workspace.point, &mut workspace.point_out);
            for j in 0..size {
                out[j * len + p] = workspace.point_out[j];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::nn::{Architecture, WeightInit};

    fn network(sizes: &[usize], hidden: Activation, unit: OutputUnit) -> Network {
        let architecture = Architecture {
            layer_sizes: sizes.to_vec(),
            hidden_activation: hidden,
            output_unit: unit,
        };
        Network::new(architecture, WeightInit::Xavier, 7).unwrap()
    }

    /// Every layer of every point equals the per-point pass bit for bit, in both passes, over
    /// several blocks (a partial last one included).
    #[test]
    fn many_points_at_once_equal_one_point_at_a_time() {
        let cases = [
            (vec![2, 4, 2, 1], Activation::Tanh, OutputUnit::Tanh),
            (
                vec![7, 8, 8, 8, 8, 8, 8, 1],
                Activation::Tanh,
                OutputUnit::Tanh,
            ),
            (vec![3, 5, 3], Activation::Sigmoid, OutputUnit::Softmax),
            (vec![2, 6, 1], Activation::Relu, OutputUnit::Sigmoid),
            (vec![2, 3, 1], Activation::Tanh, OutputUnit::Linear),
        ];
        let normalized = |sizes: &[usize], hidden, unit| {
            // Batch norm with moved running averages and affine parameters.
            let mut net = network(sizes, hidden, unit).with_batch_norm(true);
            let batch_norm = net.batch_norm.as_mut().unwrap();
            for (i, v) in batch_norm.affine.iter_mut().enumerate() {
                *v += 0.1 * (i as f64 * 0.7).sin();
            }
            for (i, m) in batch_norm.running_mean.iter_mut().enumerate() {
                *m = 0.3 * (i as f64 * 1.3).cos();
            }
            for (i, v) in batch_norm.running_variance.iter_mut().enumerate() {
                *v = 0.5 + 0.4 * (i as f64 * 0.9).sin();
            }
            net
        };
        let mut networks: Vec<(Vec<usize>, Network)> = cases
            .iter()
            .map(|(sizes, hidden, unit)| (sizes.clone(), network(sizes, *hidden, *unit)))
            .collect();
        networks.push((
            vec![2, 4, 2, 1],
            normalized(&[2, 4, 2, 1], Activation::Tanh, OutputUnit::Tanh),
        ));
        networks.push((
            vec![7, 8, 8, 8, 8, 8, 8, 1],
            normalized(
                &[7, 8, 8, 8, 8, 8, 8, 1],
                Activation::Relu,
                OutputUnit::Tanh,
            ),
        ));
        networks.push((
            vec![3, 5, 3],
            normalized(&[3, 5, 3], Activation::Sigmoid, OutputUnit::Softmax),
        ));
        for (sizes, net) in networks {
            let count = 600;
            let inputs: Vec<f64> = (0..count * sizes[0])
                .map(|i| ((i * 37 % 101) as f64 - 50.0) / 9.0)
                .collect();
            let mut one = net.workspace();
            let mut many = ManyWorkspace::default();
            for display in [false, true] {
                let mut checked = 0;
                let ran = net.forward_many(&inputs, display, true, &mut many, |block| {
                    for p in 0..block.len {
                        let point = block.start + p;
                        let input = &inputs[point * sizes[0]..(point + 1) * sizes[0]];
                        if display {
                            net.forward_for_display(input, &mut one);
                        } else {
                            net.forward(input, &mut one, false);
                        }
                        for (layer, &size) in sizes.iter().enumerate() {
                            for j in 0..size {
                                let got = block.layer_output(layer, j)[p];
                                assert_eq!(got.to_bits(), one.post[layer][j].to_bits());
                                if layer > 0 && layer + 1 < sizes.len() {
                                    let z = block.pre_activation(layer, j)[p];
                                    let want = if net.batch_norm.is_some() {
                                        one.normalized[layer][j]
                                    } else {
                                        one.pre[layer][j]
                                    };
                                    assert_eq!(z.to_bits(), want.to_bits());
                                }
                            }
                        }
                        checked += 1;
                    }
                });
                assert!(ran);
                assert_eq!(checked, count, "{sizes:?}");
            }
        }
    }
}
