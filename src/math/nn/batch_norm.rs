//! Batch normalization with PyTorch's `BatchNorm1d` semantics, one feature (neuron) at a
//! time: in training the batch's own mean and biased variance normalize,
//! `x̂ = (z − μ_B)/√(σ²_B + ε)`, `y = γ x̂ + β`, and the running averages move by
//! `μ̂ ← (1 − m) μ̂ + m μ_B`, `σ̂² ← (1 − m) σ̂² + m σ²_B · B/(B − 1)` (the unbiased variance,
//! as PyTorch keeps it); at test time `y = (z − μ̂)/√(σ̂² + ε) · γ + β`. ε = 1e-5, m = 0.1.

/// PyTorch's default `eps`.
pub const BATCH_NORM_EPSILON: f64 = 1e-5;
/// PyTorch's default `momentum` of the running averages.
pub const BATCH_NORM_MOMENTUM: f64 = 0.1;

/// The batch statistics of one feature, kept for the backward pass and the running averages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchStatistics {
    pub mean: f64,
    /// The biased variance `Σ(z − μ)²/B` that normalizes in training.
    pub variance: f64,
    /// `1/√(σ² + ε)`.
    pub inverse_std: f64,
}

/// Normalizes one feature over a batch `z` (training mode): writes `x̂` into `normalized`
/// and `γ x̂ + β` into `output`.
pub fn batch_norm_training(
    z: &[f64],
    gamma: f64,
    beta: f64,
    normalized: &mut [f64],
    output: &mut [f64],
) -> BatchStatistics {
    let count = z.len().max(1) as f64;
    let mean = z.iter().sum::<f64>() / count;
    let variance = z.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / count;
    let inverse_std = 1.0 / (variance + BATCH_NORM_EPSILON).sqrt();
    for ((x_hat, y), &v) in normalized.iter_mut().zip(output.iter_mut()).zip(z) {
        *x_hat = (v - mean) * inverse_std;
        *y = gamma * *x_hat + beta;
    }
    BatchStatistics {
        mean,
        variance,
        inverse_std,
    }
}

/// The backward pass of [`batch_norm_training`] for one feature: given `∂J/∂y` per example,
/// writes `∂J/∂z` into `d_input` and returns `(∂J/∂γ, ∂J/∂β)`. Because μ and σ² depend on
/// every example, `∂J/∂z_b = γ/(B√(σ² + ε)) · (B ∂J/∂y_b − Σ ∂J/∂y − x̂_b Σ ∂J/∂y · x̂)`.
pub fn batch_norm_backward(
    d_output: &[f64],
    normalized: &[f64],
    gamma: f64,
    inverse_std: f64,
    d_input: &mut [f64],
) -> (f64, f64) {
    let count = d_output.len() as f64;
    let d_beta: f64 = d_output.iter().sum();
    let d_gamma: f64 = d_output.iter().zip(normalized).map(|(d, x)| d * x).sum();
    let scale = gamma * inverse_std / count;
    for ((dz, &dy), &x_hat) in d_input.iter_mut().zip(d_output).zip(normalized) {
        *dz = scale * (count * dy - d_beta - x_hat * d_gamma);
    }
    (d_gamma, d_beta)
}

/// Batch normalization of every hidden layer of a network.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNorm {
    /// The learnable scales and shifts: for each hidden layer in order, its `n` γ's then its
    /// `n` β's (one optimizer updates them all).
    pub affine: Vec<f64>,
    /// `μ̂` of every hidden neuron, layer after layer.
    pub running_mean: Vec<f64>,
    /// `σ̂²` (unbiased batch variances averaged) of every hidden neuron.
    pub running_variance: Vec<f64>,
    /// `neuron_offsets[h]`: how many hidden neurons come before hidden layer `h + 1`.
    neuron_offsets: Vec<usize>,
    hidden_sizes: Vec<usize>,
}

impl BatchNorm {
    /// γ = 1, β = 0, μ̂ = 0, σ̂² = 1 for hidden layers of the given sizes.
    pub fn new(hidden_sizes: &[usize]) -> Self {
        let mut neuron_offsets = Vec::with_capacity(hidden_sizes.len());
        let mut total = 0;
        for &size in hidden_sizes {
            neuron_offsets.push(total);
            total += size;
        }
        let mut affine = vec![0.0; 2 * total];
        for (&offset, &size) in neuron_offsets.iter().zip(hidden_sizes) {
            affine[2 * offset..2 * offset + size].fill(1.0);
        }
        BatchNorm {
            affine,
            running_mean: vec![0.0; total],
            running_variance: vec![1.0; total],
            neuron_offsets,
            hidden_sizes: hidden_sizes.to_vec(),
        }
    }

    /// Where the γ's of network layer `layer` (1-based, hidden) start in `affine`; the β's
    /// follow them.
    pub fn affine_start(&self, layer: usize) -> usize {
        2 * self.neuron_offsets[layer - 1]
    }

    /// Where network layer `layer`'s neurons start in the running averages.
    pub fn neuron_start(&self, layer: usize) -> usize {
        self.neuron_offsets[layer - 1]
    }

    /// (γ, β) of neuron `neuron` of network layer `layer`.
    pub fn scale_and_shift(&self, layer: usize, neuron: usize) -> (f64, f64) {
        let start = self.affine_start(layer);
        let size = self.hidden_sizes[layer - 1];
        (
            self.affine[start + neuron],
            self.affine[start + size + neuron],
        )
    }

    /// Test-time normalization of layer `layer`'s pre-activations with the running averages.
    pub fn normalize_for_evaluation(&self, layer: usize, z: &[f64], output: &mut [f64]) {
        let start = self.neuron_start(layer);
        for (neuron, (y, &v)) in output.iter_mut().zip(z).enumerate() {
            let (gamma, beta) = self.scale_and_shift(layer, neuron);
            let mean = self.running_mean[start + neuron];
            let variance = self.running_variance[start + neuron];
            *y = (v - mean) / (variance + BATCH_NORM_EPSILON).sqrt() * gamma + beta;
        }
    }

    /// Moves the running averages of one neuron towards a batch of `count` examples.
    pub fn update_running_averages(
        &mut self,
        layer: usize,
        neuron: usize,
        statistics: &BatchStatistics,
        count: usize,
    ) {
        let index = self.neuron_start(layer) + neuron;
        let m = BATCH_NORM_MOMENTUM;
        let unbiased = statistics.variance * count as f64 / (count as f64 - 1.0);
        self.running_mean[index] = (1.0 - m) * self.running_mean[index] + m * statistics.mean;
        self.running_variance[index] = (1.0 - m) * self.running_variance[index] + m * unbiased;
    }

    /// Whether every number is finite (a diverging run makes them overflow).
    pub fn is_finite(&self) -> bool {
        self.affine
            .iter()
            .chain(&self.running_mean)
            .chain(&self.running_variance)
            .all(|v| v.is_finite())
    }
}
