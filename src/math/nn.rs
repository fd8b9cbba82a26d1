//! Small fully connected neural networks, as in TensorFlow Playground's `nn.ts`, written for
//! speed: every weight and bias lives in one flat `Vec<f64>` (so one
//! [`FirstOrderOptimizer`] updates them all), forward and backward passes run in buffers
//! allocated once per network ([`Workspace`]), and nothing allocates per example.
//!
//! Layout of [`Network::parameters`]: for each layer `l = 1..=L` in order, the weight matrix
//! `W_l` (`n_l × n_{l−1}`, row-major: row `j` holds the weights *into* neuron `j`) followed by
//! the bias vector `b_l` (`n_l`). Layer 0 is the input.
//!
//! Forward: `z_l = W_l a_{l−1} + b_l`, `a_l = f(z_l)` for hidden layers and `a_L = g(z_L)` for
//! the output unit `g` (linear, tanh, sigmoid or softmax). Backward (per example):
//! `δ_L = ∂ℓ/∂z_L`, `∂ℓ/∂W_l = δ_l a_{l−1}ᵀ`, `∂ℓ/∂b_l = δ_l`,
//! `δ_{l−1} = f′(z_{l−1}) ⊙ W_lᵀ δ_l`. The mini-batch gradient is the mean over the batch plus
//! the regularization term's gradient (weights only, never biases, as the playground does).
//!
//! Optional regularizers: batch normalization before every hidden activation
//! ([`Network::with_batch_norm`], PyTorch's `BatchNorm1d`, see `batch_norm`) and inverted
//! dropout of the hidden outputs ([`Dropout`]); with either, a mini-batch is trained as a
//! whole (`batched`), since batch norm couples its examples. Without them training takes the
//! per-example path above, unchanged.

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::{Distribution, Normal};

use crate::math::activations::{Activation, sigmoid, softplus};
use crate::math::optimizers::{FirstOrderOptimizer, Hyperparameters, OptimizerKind};

mod batch_norm;
mod batched;
mod many;
mod stability;

pub use batch_norm::{
    BATCH_NORM_EPSILON, BATCH_NORM_MOMENTUM, BatchNorm, BatchStatistics, batch_norm_backward,
    batch_norm_training,
};
pub use batched::Dropout;
pub use many::{BLOCK_POINTS, Block, ManyWorkspace};
pub use stability::{
    StableLearningRate, StableLearningRateSearch, largest_stable_learning_rate, trains_stably,
};

/// The most hidden layers a network may have (the playground's limit).
pub const MAX_HIDDEN_LAYERS: usize = 6;
/// The most neurons a layer may have (the playground's limit).
pub const MAX_NEURONS_PER_LAYER: usize = 8;
/// The most outputs (classes) a network may have.
pub const MAX_OUTPUTS: usize = 4;

/// The input features a network can be fed, computed from a point `(x₁, x₂)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputFeature {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1TimesX2,
    SinX1,
    SinX2,
}

impl InputFeature {
    pub const ALL: [InputFeature; 7] = [
        InputFeature::X1,
        InputFeature::X2,
        InputFeature::X1Squared,
        InputFeature::X2Squared,
        InputFeature::X1TimesX2,
        InputFeature::SinX1,
        InputFeature::SinX2,
    ];

    pub fn value(self, x1: f64, x2: f64) -> f64 {
        match self {
            InputFeature::X1 => x1,
            InputFeature::X2 => x2,
            InputFeature::X1Squared => x1 * x1,
            InputFeature::X2Squared => x2 * x2,
            InputFeature::X1TimesX2 => x1 * x2,
            InputFeature::SinX1 => x1.sin(),
            InputFeature::SinX2 => x2.sin(),
        }
    }

    /// A short name for diagrams and exports.
    pub fn label(self) -> &'static str {
        match self {
            InputFeature::X1 => "x₁",
            InputFeature::X2 => "x₂",
            InputFeature::X1Squared => "x₁²",
            InputFeature::X2Squared => "x₂²",
            InputFeature::X1TimesX2 => "x₁x₂",
            InputFeature::SinX1 => "sin x₁",
            InputFeature::SinX2 => "sin x₂",
        }
    }

    /// An ASCII name for JSON and CSV files.
    pub fn key(self) -> &'static str {
        match self {
            InputFeature::X1 => "x1",
            InputFeature::X2 => "x2",
            InputFeature::X1Squared => "x1^2",
            InputFeature::X2Squared => "x2^2",
            InputFeature::X1TimesX2 => "x1*x2",
            InputFeature::SinX1 => "sin(x1)",
            InputFeature::SinX2 => "sin(x2)",
        }
    }

    pub fn from_key(key: &str) -> Option<InputFeature> {
        InputFeature::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// Writes the chosen features of `(x₁, x₂)` into `out` (which must have one slot per feature).
pub fn compute_features(features: &[InputFeature], x1: f64, x2: f64, out: &mut [f64]) {
    for (slot, feature) in out.iter_mut().zip(features) {
        *slot = feature.value(x1, x2);
    }
}

/// The function applied to the output layer's pre-activations `z_L`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputUnit {
    /// `a = z`: regression.
    Linear,
    /// `a = tanh z`: the playground's classifier output, labels ±1 with squared error.
    Tanh,
    /// `a = σ(z)`: probability of class 1, with binary cross-entropy.
    Sigmoid,
    /// `a = softmax(z)`: class probabilities, with cross-entropy.
    Softmax,
}

impl OutputUnit {
    pub fn key(self) -> &'static str {
        match self {
            OutputUnit::Linear => "linear",
            OutputUnit::Tanh => "tanh",
            OutputUnit::Sigmoid => "sigmoid",
            OutputUnit::Softmax => "softmax",
        }
    }

    pub fn from_key(key: &str) -> Option<OutputUnit> {
        [
            OutputUnit::Linear,
            OutputUnit::Tanh,
            OutputUnit::Sigmoid,
            OutputUnit::Softmax,
        ]
        .into_iter()
        .find(|unit| unit.key() == key)
    }

    /// The output value separating the two classes of a single-output classifier.
    pub fn decision_threshold(self) -> f64 {
        match self {
            OutputUnit::Sigmoid => 0.5,
            _ => 0.0,
        }
    }
}

/// The per-example loss `ℓ(a_L, t)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Loss {
    /// `ℓ = ½ Σₖ (aₖ − tₖ)²`, the playground's loss (targets ±1 for classes, the value for
    /// regression).
    SquaredError,
    /// With a sigmoid output `ℓ = −t ln a − (1 − t) ln(1 − a)` (t ∈ {0, 1}); with softmax
    /// `ℓ = −Σₖ tₖ ln aₖ` (one-hot t). Computed from `z` without forming `ln a`, so it stays
    /// finite however confident the network is.
    CrossEntropy,
}

/// The penalty added to the loss, on weights only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Regularization {
    None,
    /// `λ Σ |w|` (gradient `λ sign w`, 0 at w = 0).
    L1,
    /// `λ/2 Σ w²` (gradient `λ w`), the playground's `0.5·w²`.
    L2,
}

impl Regularization {
    pub fn penalty(self, weight: f64) -> f64 {
        match self {
            Regularization::None => 0.0,
            Regularization::L1 => weight.abs(),
            Regularization::L2 => 0.5 * weight * weight,
        }
    }

    pub fn derivative(self, weight: f64) -> f64 {
        match self {
            Regularization::None => 0.0,
            Regularization::L1 => {
                if weight > 0.0 {
                    1.0
                } else if weight < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }
            Regularization::L2 => weight,
        }
    }
}

/// How the starting weights are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WeightInit {
    /// The playground's: weights uniform in [−0.5, 0.5], biases 0.1.
    Playground,
    /// Glorot/Xavier uniform: `U(±√(6/(n_in + n_out)))`, biases 0.
    Xavier,
    /// He normal: `N(0, 2/n_in)`, biases 0.
    He,
    /// Every weight 0 and biases 0.1: all neurons of a layer stay identical (symmetry).
    Zero,
}

/// The shape of a network: layer sizes (inputs, hidden…, outputs) and its functions.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Architecture {
    /// `n_0` (inputs), `n_1 … n_{L−1}` (hidden), `n_L` (outputs).
    pub layer_sizes: Vec<usize>,
    pub hidden_activation: Activation,
    pub output_unit: OutputUnit,
}

impl Architecture {
    /// Checks the sizes and that the output unit suits the number of outputs.
    pub fn validate(&self) -> Result<(), String> {
        let sizes = &self.layer_sizes;
        if sizes.len() < 2 {
            return Err("a network needs an input and an output layer".into());
        }
        if sizes.len() - 2 > MAX_HIDDEN_LAYERS {
            return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers"));
        }
        // Zero inputs is allowed: the network is then a constant (its biases), which the
        // playground shows when every feature is switched off.
        if sizes[0] > InputFeature::ALL.len() {
            return Err(format!("at most {} inputs", InputFeature::ALL.len()));
        }
        if sizes[1..sizes.len() - 1]
            .iter()
            .any(|&n| n == 0 || n > MAX_NEURONS_PER_LAYER)
        {
            return Err(format!(
                "every hidden layer has 1 to {MAX_NEURONS_PER_LAYER} neurons"
            ));
        }
        let outputs = sizes[sizes.len() - 1];
        if outputs == 0 || outputs > MAX_OUTPUTS {
            return Err(format!("1 to {MAX_OUTPUTS} outputs"));
        }
        if self.output_unit == OutputUnit::Softmax && outputs < 2 {
            return Err("softmax needs at least two outputs".into());
        }
        if self.output_unit == OutputUnit::Sigmoid && outputs != 1 {
            return Err("a sigmoid output is for one output (two classes)".into());
        }
        Ok(())
    }
}

/// Whether a loss can be used with an output unit: cross-entropy needs probabilities.
pub fn loss_suits_output(loss: Loss, unit: OutputUnit) -> bool {
    match loss {
        Loss::SquaredError => unit != OutputUnit::Softmax,
        Loss::CrossEntropy => matches!(unit, OutputUnit::Sigmoid | OutputUnit::Softmax),
    }
}

/// A fully connected network with all parameters in one flat vector.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    architecture: Architecture,
    /// Every weight and bias (layout in the module docs).
    pub parameters: Vec<f64>,
    /// `weight_offsets[l − 1]` is where `W_l` starts; `W_l` is followed by `b_l`.
    weight_offsets: Vec<usize>,
    /// Batch normalization before every hidden activation, or None (the default). Its γ and β
    /// are trained beside `parameters` (see [`Trainer`]); its running averages are what
    /// [`Network::forward`] normalizes with.
    pub batch_norm: Option<BatchNorm>,
}

impl Network {
    /// A network with weights drawn by `init` from a generator seeded with `seed`.
    pub fn new(architecture: Architecture, init: WeightInit, seed: u64) -> Result<Self, String> {
        architecture.validate()?;
        let sizes = &architecture.layer_sizes;
        let mut weight_offsets = Vec::with_capacity(sizes.len() - 1);
        let mut count = 0;
        for pair in sizes.windows(2) {
            weight_offsets.push(count);
            count += pair[0] * pair[1] + pair[1];
        }
        let mut network = Network {
            architecture,
            parameters: vec![0.0; count],
            weight_offsets,
            batch_norm: None,
        };
        network.initialise(init, seed);
        Ok(network)
    }

    /// Redraws every weight and bias.
    pub fn initialise(&mut self, init: WeightInit, seed: u64) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for layer in 1..self.layer_count() + 1 {
            let (fan_in, fan_out) = (
                self.architecture.layer_sizes[layer - 1],
                self.architecture.layer_sizes[layer],
            );
            let bias = match init {
                WeightInit::Playground | WeightInit::Zero => 0.1,
                WeightInit::Xavier | WeightInit::He => 0.0,
            };
            let xavier_limit = (6.0 / (fan_in + fan_out) as f64).sqrt();
            let he = Normal::new(0.0, (2.0 / fan_in as f64).sqrt()).ok();
            let (weights, biases) = self.layer_parameters_mut(layer);
            for weight in weights.iter_mut() {
                *weight = match init {
                    WeightInit::Playground => rng.random_range(-0.5..0.5),
                    WeightInit::Xavier => rng.random_range(-xavier_limit..xavier_limit),
                    WeightInit::He => he.map(|normal| normal.sample(&mut rng)).unwrap_or(0.0),
                    WeightInit::Zero => 0.0,
                };
            }
            biases.iter_mut().for_each(|b| *b = bias);
        }
    }

    pub fn architecture(&self) -> &Architecture {
        &self.architecture
    }

    /// This network with batch normalization inserted before every hidden activation
    /// (γ = 1, β = 0, running mean 0 and variance 1, as PyTorch's `BatchNorm1d` starts), or
    /// with it taken out.
    pub fn with_batch_norm(mut self, on: bool) -> Self {
        let sizes = &self.architecture.layer_sizes;
        self.batch_norm = on.then(|| BatchNorm::new(&sizes[1..sizes.len() - 1]));
        self
    }

    pub fn layer_sizes(&self) -> &[usize] {
        &self.architecture.layer_sizes
    }

    /// The number of weight layers `L` (hidden layers + 1).
    pub fn layer_count(&self) -> usize {
        self.architecture.layer_sizes.len() - 1
    }

    pub fn input_count(&self) -> usize {
        self.architecture.layer_sizes[0]
    }

    pub fn output_count(&self) -> usize {
        self.architecture.layer_sizes[self.layer_count()]
    }

    /// The range of `parameters` holding `W_l` and the one holding `b_l` (`1 ≤ l ≤ L`).
    pub fn layer_ranges(&self, layer: usize) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        layer_ranges_of(&self.architecture.layer_sizes, &self.weight_offsets, layer)
    }

    fn layer_parameters_mut(&mut self, layer: usize) -> (&mut [f64], &mut [f64]) {
        let (weights, biases) = self.layer_ranges(layer);
        let slice = &mut self.parameters[weights.start..biases.end];
        slice.split_at_mut(weights.len())
    }

    /// The weight from neuron `from` of layer `l − 1` into neuron `to` of layer `l`.
    pub fn weight(&self, layer: usize, to: usize, from: usize) -> Option<f64> {
        let index = self.weight_index(layer, to, from)?;
        self.parameters.get(index).copied()
    }

    pub fn weight_index(&self, layer: usize, to: usize, from: usize) -> Option<usize> {
        let sizes = &self.architecture.layer_sizes;
        if layer == 0
            || layer > self.layer_count()
            || to >= sizes[layer]
            || from >= sizes[layer - 1]
        {
            return None;
        }
        Some(self.layer_ranges(layer).0.start + to * sizes[layer - 1] + from)
    }

    pub fn bias_index(&self, layer: usize, neuron: usize) -> Option<usize> {
        if layer == 0
            || layer > self.layer_count()
            || neuron >= self.architecture.layer_sizes[layer]
        {
            return None;
        }
        Some(self.layer_ranges(layer).1.start + neuron)
    }

    /// A fresh set of buffers for this network's forward and backward passes.
    pub fn workspace(&self) -> Workspace {
        let sizes = &self.architecture.layer_sizes;
        Workspace {
            pre: sizes.iter().map(|&n| vec![0.0; n]).collect(),
            post: sizes.iter().map(|&n| vec![0.0; n]).collect(),
            derivative: sizes.iter().map(|&n| vec![0.0; n]).collect(),
            delta: sizes.iter().map(|&n| vec![0.0; n]).collect(),
            normalized: sizes.iter().map(|&n| vec![0.0; n]).collect(),
        }
    }

    /// Runs the network on one input; every layer's `z` and `a` stay in `workspace` (and,
    /// when `keep_derivatives`, `f′(z)` for the backward pass). Returns the output `a_L`.
    pub fn forward<'w>(
        &self,
        input: &[f64],
        workspace: &'w mut Workspace,
        keep_derivatives: bool,
    ) -> &'w [f64] {
        let pass = if keep_derivatives {
            Pass::Training
        } else {
            Pass::Exact
        };
        self.forward_pass(input, workspace, pass)
    }

    /// [`Network::forward`] for pictures only: tanh and sigmoid (hidden and output) through
    /// [`display_tanh`], a rational approximation within 1e-4 of tanh and several times
    /// cheaper than libm's in WebAssembly. A colour channel has 256 levels, so 1e-4 moves it by
    /// at most 0.03 of a level: the pictures cannot show the difference. Training and every
    /// number shown use the exact functions.
    pub fn forward_for_display<'w>(
        &self,
        input: &[f64],
        workspace: &'w mut Workspace,
    ) -> &'w [f64] {
        self.forward_pass(input, workspace, Pass::Display)
    }

    fn forward_pass<'w>(
        &self,
        input: &[f64],
        workspace: &'w mut Workspace,
        pass: Pass,
    ) -> &'w [f64] {
        let layers = self.layer_count();
        let sizes = &self.architecture.layer_sizes;
        for (slot, &x) in workspace.post[0].iter_mut().zip(input) {
            *slot = x;
        }
        for layer in 1..=layers {
            let (weights, biases) = self.layer_ranges(layer);
            let weights = &self.parameters[weights];
            let biases = &self.parameters[biases];
            let fan_in = sizes[layer - 1];
            let (before, after) = workspace.post.split_at_mut(layer);
            let previous = &before[layer - 1];
            let post = &mut after[0];
            let pre = &mut workspace.pre[layer];
            if fan_in == 0 {
                pre.copy_from_slice(biases);
            } else {
                for ((z, row), &bias) in
                    pre.iter_mut().zip(weights.chunks_exact(fan_in)).zip(biases)
                {
                    *z = bias
                        + row
                            .iter()
                            .zip(previous.iter())
                            .map(|(w, a)| w * a)
                            .sum::<f64>();
                }
            }
            if layer < layers {
                let activation = self.architecture.hidden_activation;
                let pre: &[f64] = match &self.batch_norm {
                    Some(batch_norm) => {
                        let normalized = &mut workspace.normalized[layer];
                        batch_norm.normalize_for_evaluation(layer, pre, normalized);
                        normalized
                    }
                    None => pre,
                };
                if pass == Pass::Display
                    && matches!(activation, Activation::Tanh | Activation::Sigmoid)
                {
                    let sigmoid = activation == Activation::Sigmoid;
                    for (a, &z) in post.iter_mut().zip(pre.iter()) {
                        *a = if sigmoid {
                            0.5 + 0.5 * display_tanh(0.5 * z)
                        } else {
                            display_tanh(z)
                        };
                    }
                } else if pass == Pass::Training {
                    let derivative = &mut workspace.derivative[layer];
                    for ((a, d), &z) in post.iter_mut().zip(derivative.iter_mut()).zip(pre.iter()) {
                        (*a, *d) = activation.apply_with_derivative(z);
                    }
                } else {
                    for (a, &z) in post.iter_mut().zip(pre.iter()) {
                        *a = activation.apply(z);
                    }
                }
            } else if pass == Pass::Display && self.architecture.output_unit == OutputUnit::Tanh {
                post.iter_mut()
                    .zip(pre.iter())
                    .for_each(|(a, &z)| *a = display_tanh(z));
            } else {
                apply_output_unit(self.architecture.output_unit, pre, post);
            }
        }
        &workspace.post[layers]
    }

    /// The loss of one example after [`Network::forward`] filled `workspace`.
    pub fn example_loss(&self, loss: Loss, target: &[f64], workspace: &Workspace) -> f64 {
        let layers = self.layer_count();
        let (z, a) = (&workspace.pre[layers], &workspace.post[layers]);
        loss_of_output(loss, self.architecture.output_unit, z, a, target)
    }

    /// Forward and backward pass of one example: adds `∂ℓ/∂θ` into `gradient` (one slot per
    /// parameter) and returns `ℓ`.
    pub fn accumulate_gradient(
        &self,
        input: &[f64],
        target: &[f64],
        loss: Loss,
        workspace: &mut Workspace,
        gradient: &mut [f64],
    ) -> f64 {
        self.forward(input, workspace, true);
        let example_loss = self.example_loss(loss, target, workspace);
        let layers = self.layer_count();
        let sizes = &self.architecture.layer_sizes;
        // δ_L = ∂ℓ/∂z_L.
        output_delta(
            loss,
            self.architecture.output_unit,
            &workspace.post[layers],
            target,
            &mut workspace.delta[layers],
        );
        for layer in (1..=layers).rev() {
            let fan_in = sizes[layer - 1];
            let (weight_range, bias_range) = self.layer_ranges(layer);
            let delta = &workspace.delta[layer];
            let previous = &workspace.post[layer - 1];
            let weight_gradient = &mut gradient[weight_range.clone()];
            // `max(1)`: with no inputs the slice is empty and there is nothing to add.
            for (row, &d) in weight_gradient
                .chunks_exact_mut(fan_in.max(1))
                .zip(delta.iter())
            {
                for (g, &a) in row.iter_mut().zip(previous.iter()) {
                    *g += d * a;
                }
            }
            for (g, &d) in gradient[bias_range].iter_mut().zip(delta.iter()) {
                *g += d;
            }
            if layer > 1 {
                let weights = &self.parameters[weight_range];
                let (lower, upper) = workspace.delta.split_at_mut(layer);
                let delta = &upper[0];
                let previous_delta = &mut lower[layer - 1];
                previous_delta.iter_mut().for_each(|v| *v = 0.0);
                for (row, &d) in weights.chunks_exact(fan_in).zip(delta.iter()) {
                    for (p, &w) in previous_delta.iter_mut().zip(row.iter()) {
                        *p += w * d;
                    }
                }
                for (p, &fd) in previous_delta
                    .iter_mut()
                    .zip(workspace.derivative[layer - 1].iter())
                {
                    *p *= fd;
                }
            }
        }
        example_loss
    }

    /// The regularization penalty `λ R(W)` over every weight (not biases).
    pub fn penalty(&self, regularization: Regularization, rate: f64) -> f64 {
        if regularization == Regularization::None || rate == 0.0 {
            return 0.0;
        }
        let mut total = 0.0;
        for layer in 1..=self.layer_count() {
            let (weights, _) = self.layer_ranges(layer);
            total += self.parameters[weights]
                .iter()
                .map(|&w| regularization.penalty(w))
                .sum::<f64>();
        }
        rate * total
    }

    /// Adds `λ R′(w)` to the weight slots of `gradient`.
    pub fn add_penalty_gradient(
        &self,
        regularization: Regularization,
        rate: f64,
        gradient: &mut [f64],
    ) {
        if regularization == Regularization::None || rate == 0.0 {
            return;
        }
        for layer in 1..=self.layer_count() {
            let (weights, _) = self.layer_ranges(layer);
            for (g, &w) in gradient[weights.clone()]
                .iter_mut()
                .zip(&self.parameters[weights])
            {
                *g += rate * regularization.derivative(w);
            }
        }
    }

    /// The class a single output (or the largest of several) stands for.
    pub fn predicted_class(&self, output: &[f64]) -> usize {
        class_of(output, self.architecture.output_unit.decision_threshold())
    }
}

/// [`Network::layer_ranges`] from the sizes and offsets, for code that borrows a network's
/// fields apart.
fn layer_ranges_of(
    sizes: &[usize],
    weight_offsets: &[usize],
    layer: usize,
) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let start = weight_offsets[layer - 1];
    let weights_end = start + sizes[layer - 1] * sizes[layer];
    (start..weights_end, weights_end..weights_end + sizes[layer])
}

/// The loss of one example from the output layer's `z` and `a`.
fn loss_of_output(loss: Loss, unit: OutputUnit, z: &[f64], a: &[f64], target: &[f64]) -> f64 {
    match (loss, unit) {
        (Loss::CrossEntropy, OutputUnit::Sigmoid) => {
            // −t ln σ(z) − (1 − t) ln(1 − σ(z)) = softplus(z) − t z, finite for every z.
            softplus(z[0]) - target[0] * z[0]
        }
        (Loss::CrossEntropy, _) => {
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let log_sum = max + z.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
            z.iter()
                .zip(target)
                .map(|(zk, tk)| tk * (log_sum - zk))
                .sum()
        }
        (Loss::SquaredError, _) => {
            0.5 * a
                .iter()
                .zip(target)
                .map(|(ak, tk)| (ak - tk) * (ak - tk))
                .sum::<f64>()
        }
    }
}

/// `δ_L = ∂ℓ/∂z_L` of one example, written into `delta`.
fn output_delta(loss: Loss, unit: OutputUnit, a: &[f64], target: &[f64], delta: &mut [f64]) {
    for k in 0..delta.len() {
        delta[k] = match (loss, unit) {
            // Sigmoid with BCE and softmax with CE both give a − t.
            (Loss::CrossEntropy, _) => a[k] - target[k],
            (Loss::SquaredError, OutputUnit::Linear) => a[k] - target[k],
            (Loss::SquaredError, OutputUnit::Tanh) => (a[k] - target[k]) * (1.0 - a[k] * a[k]),
            (Loss::SquaredError, OutputUnit::Sigmoid) => (a[k] - target[k]) * a[k] * (1.0 - a[k]),
            // Not offered (see `loss_suits_output`); the softmax Jacobian would be needed.
            (Loss::SquaredError, OutputUnit::Softmax) => {
                let s: f64 = a.iter().zip(target).map(|(ai, ti)| (ai - ti) * ai).sum();
                a[k] * ((a[k] - target[k]) - s)
            }
        };
    }
}

/// The class a target or output vector stands for: above/below the threshold for one
/// value, the index of the largest for several.
pub fn class_of(values: &[f64], threshold: f64) -> usize {
    if values.len() == 1 {
        usize::from(values[0] > threshold)
    } else {
        let mut best = 0;
        for (index, value) in values.iter().enumerate() {
            if *value > values[best] {
                best = index;
            }
        }
        best
    }
}

/// What a forward pass is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pass {
    /// Exact values.
    Exact,
    /// Exact values and the activations' derivatives, for backpropagation.
    Training,
    /// Pictures: tanh and sigmoid approximated (see [`Network::forward_for_display`]).
    Display,
}

/// tanh by the [7/6] Padé approximant of Lambert's continued fraction,
/// `x(135135 + 17325x² + 378x⁴ + x⁶)/(135135 + 62370x² + 3150x⁴ + 28x⁶)`, clamped to ±1 beyond
/// |x| = 4.97 (where the approximant reaches 1). Within 1e-4 of tanh everywhere (9.7e-5 at
/// |x| = 4.97, where tanh is 0.99990; checked against std's tanh in the tests); pictures only.
pub fn display_tanh(x: f64) -> f64 {
    if x > 4.97 {
        return 1.0;
    }
    if x < -4.97 {
        return -1.0;
    }
    let x2 = x * x;
    let numerator = x * (135_135.0 + x2 * (17_325.0 + x2 * (378.0 + x2)));
    let denominator = 135_135.0 + x2 * (62_370.0 + x2 * (3_150.0 + x2 * 28.0));
    numerator / denominator
}

fn apply_output_unit(unit: OutputUnit, z: &[f64], a: &mut [f64]) {
    match unit {
        OutputUnit::Linear => a.copy_from_slice(z),
        OutputUnit::Tanh => a.iter_mut().zip(z).for_each(|(a, z)| *a = z.tanh()),
        OutputUnit::Sigmoid => a.iter_mut().zip(z).for_each(|(a, z)| *a = sigmoid(*z)),
        OutputUnit::Softmax => {
            // Subtracting the largest logit keeps exp from overflowing.
            let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mut total = 0.0;
            for (a, z) in a.iter_mut().zip(z) {
                *a = (z - max).exp();
                total += *a;
            }
            a.iter_mut().for_each(|a| *a /= total);
        }
    }
}

/// Per-layer buffers for one forward/backward pass, allocated once per network.
#[derive(Clone, Debug, PartialEq)]
pub struct Workspace {
    /// `z_l` per layer (index 0 unused).
    pub pre: Vec<Vec<f64>>,
    /// `a_l` per layer (index 0 is the input).
    pub post: Vec<Vec<f64>>,
    /// `f′(z_l)` of the hidden layers, kept by a forward pass for training.
    derivative: Vec<Vec<f64>>,
    /// `δ_l = ∂ℓ/∂z_l`.
    delta: Vec<Vec<f64>>,
    /// With batch normalization, the hidden activations' inputs `γ (z − μ̂)/√(σ̂² + ε) + β`
    /// with the running averages `μ̂`, `σ̂²` (`pre` keeps the raw `z`); unused without.
    pub normalized: Vec<Vec<f64>>,
}

/// Examples as flat rows: `features` is `count × feature_count`, `targets` is
/// `count × target_count` (already in the loss's encoding: ±1, 0/1, one-hot or values).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Examples {
    pub feature_count: usize,
    pub target_count: usize,
    pub features: Vec<f64>,
    pub targets: Vec<f64>,
}

impl Examples {
    pub fn len(&self) -> usize {
        self.targets
            .len()
            .checked_div(self.target_count)
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn example(&self, index: usize) -> (&[f64], &[f64]) {
        let (f, t) = (self.feature_count, self.target_count);
        (
            &self.features[index * f..(index + 1) * f],
            &self.targets[index * t..(index + 1) * t],
        )
    }
}

/// The settings that act on training without resetting it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainingSettings {
    pub loss: Loss,
    pub batch_size: usize,
    pub regularization: Regularization,
    pub regularization_rate: f64,
    pub optimizer: OptimizerKind,
    pub hyper: Hyperparameters,
}

/// Loss and accuracy of a network on a set of examples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// The mean data loss (no penalty); NaN for an empty set.
    pub loss: f64,
    /// The fraction classified correctly (classification only; NaN for an empty set).
    pub accuracy: f64,
}

/// A network with its optimizer state and buffers: trains one epoch at a time.
#[derive(Clone, Debug)]
pub struct Trainer {
    pub network: Network,
    optimizer: FirstOrderOptimizer,
    workspace: Workspace,
    gradient: Vec<f64>,
    /// Σ over the epoch's batches of ‖∂L/∂W_l‖², per layer.
    squared_norm_sums: Vec<f64>,
    /// The same kind of optimizer for batch norm's γ and β (updates are per parameter, so
    /// two optimizers with equal settings are one optimizer over both vectors).
    batch_norm_optimizer: Option<FirstOrderOptimizer>,
    affine_gradient: Vec<f64>,
    batch_buffers: batched::BatchBuffers,
}

impl Trainer {
    /// A trainer for `network`; `optimizer` must be a first-order method.
    pub fn new(network: Network, optimizer: OptimizerKind) -> Result<Self, String> {
        let count = network.parameters.len();
        let optimizer = FirstOrderOptimizer::new(optimizer, count)
            .ok_or_else(|| format!("{} is not a first-order optimizer", optimizer.label()))?;
        let affine_count = network.batch_norm.as_ref().map_or(0, |bn| bn.affine.len());
        Ok(Trainer {
            workspace: network.workspace(),
            gradient: vec![0.0; count],
            squared_norm_sums: vec![0.0; network.layer_count()],
            batch_norm_optimizer: network
                .batch_norm
                .as_ref()
                .and_then(|_| FirstOrderOptimizer::new(optimizer.kind(), affine_count)),
            affine_gradient: vec![0.0; affine_count],
            batch_buffers: batched::BatchBuffers::default(),
            network,
            optimizer,
        })
    }

    /// The optimizer of batch norm's γ and β, if the network has batch norm.
    pub fn batch_norm_optimizer(&self) -> Option<&FirstOrderOptimizer> {
        self.batch_norm_optimizer.as_ref()
    }

    /// Replaces the state of batch norm's optimizer (a backup); refused without batch norm
    /// or when it does not fit.
    pub fn replace_batch_norm_optimizer(
        &mut self,
        optimizer: FirstOrderOptimizer,
    ) -> Result<(), String> {
        let count = self.affine_gradient.len();
        let fits = |moment: &[f64]| moment.is_empty() || moment.len() == count;
        if self.batch_norm_optimizer.is_none()
            || !fits(optimizer.first_moment())
            || !fits(optimizer.second_moment())
        {
            return Err("the batch-norm optimizer's state does not fit this network".into());
        }
        self.batch_norm_optimizer = Some(optimizer);
        Ok(())
    }

    /// Switches the optimizer, keeping the weights (its running averages start from zero).
    pub fn set_optimizer(&mut self, kind: OptimizerKind) {
        if self.optimizer.kind() != kind
            && let Some(optimizer) = FirstOrderOptimizer::new(kind, self.network.parameters.len())
        {
            self.optimizer = optimizer;
            if self.batch_norm_optimizer.is_some() {
                self.batch_norm_optimizer =
                    FirstOrderOptimizer::new(kind, self.affine_gradient.len());
            }
        }
    }

    pub fn optimizer_kind(&self) -> OptimizerKind {
        self.optimizer.kind()
    }

    /// The optimizer with its state (moments, step count): what the next epochs depend on
    /// besides the weights.
    pub fn optimizer(&self) -> &FirstOrderOptimizer {
        &self.optimizer
    }

    /// Replaces the optimizer's state (a checkpoint or a backup); refused when its moments
    /// do not fit this network's parameter count.
    pub fn replace_optimizer(&mut self, optimizer: FirstOrderOptimizer) -> Result<(), String> {
        let count = self.network.parameters.len();
        let fits = |moment: &[f64]| moment.is_empty() || moment.len() == count;
        if !fits(optimizer.first_moment()) || !fits(optimizer.second_moment()) {
            return Err(format!(
                "the optimizer's state does not fit {count} parameters"
            ));
        }
        self.optimizer = optimizer;
        Ok(())
    }

    /// One pass over `data` in order, updating after every `batch_size` examples (and after
    /// a last, smaller batch). Returns the root-mean-square over the epoch's updates of each
    /// layer's weight-gradient norm ‖∂L/∂W_l‖ (data loss plus penalty).
    /// Stops early, returning `None`, when a parameter stops being finite (divergence).
    pub fn train_epoch(
        &mut self,
        data: &Examples,
        settings: &TrainingSettings,
    ) -> Option<Vec<f64>> {
        self.train_epoch_with_dropout(data, settings, &Dropout::OFF)
    }

    /// [`Trainer::train_epoch`] with dropout of the hidden outputs. With dropout or batch
    /// normalization each mini-batch is trained as a whole (see the private module `batched`); batch norm skips
    /// a last batch of one example, whose variance is undefined (PyTorch refuses it).
    pub fn train_epoch_with_dropout(
        &mut self,
        data: &Examples,
        settings: &TrainingSettings,
        dropout: &Dropout,
    ) -> Option<Vec<f64>> {
        if dropout.is_on() || self.network.batch_norm.is_some() {
            return self.train_epoch_batched(data, settings, dropout);
        }
        let count = data.len();
        let batch_size = settings.batch_size.max(1);
        self.squared_norm_sums.iter_mut().for_each(|s| *s = 0.0);
        let mut batches = 0;
        let mut start = 0;
        while start < count {
            let end = (start + batch_size).min(count);
            self.gradient.iter_mut().for_each(|g| *g = 0.0);
            for index in start..end {
                let (input, target) = data.example(index);
                self.network.accumulate_gradient(
                    input,
                    target,
                    settings.loss,
                    &mut self.workspace,
                    &mut self.gradient,
                );
            }
            let scale = 1.0 / (end - start) as f64;
            self.gradient.iter_mut().for_each(|g| *g *= scale);
            self.network.add_penalty_gradient(
                settings.regularization,
                settings.regularization_rate,
                &mut self.gradient,
            );
            for layer in 1..=self.network.layer_count() {
                let (weights, _) = self.network.layer_ranges(layer);
                self.squared_norm_sums[layer - 1] +=
                    self.gradient[weights].iter().map(|g| g * g).sum::<f64>();
            }
            self.optimizer.step(
                &mut self.network.parameters,
                &self.gradient,
                &settings.hyper,
            );
            if !self.network.parameters.iter().all(|p| p.is_finite()) {
                return None;
            }
            batches += 1;
            start = end;
        }
        let batches = batches.max(1) as f64;
        Some(
            self.squared_norm_sums
                .iter()
                .map(|s| (s / batches).sqrt())
                .collect(),
        )
    }

    fn train_epoch_batched(
        &mut self,
        data: &Examples,
        settings: &TrainingSettings,
        dropout: &Dropout,
    ) -> Option<Vec<f64>> {
        let count = data.len();
        let batch_size = settings.batch_size.max(1);
        let has_batch_norm = self.network.batch_norm.is_some();
        let mut rng = ChaCha8Rng::seed_from_u64(dropout.seed);
        self.squared_norm_sums.iter_mut().for_each(|s| *s = 0.0);
        let mut batches = 0;
        let mut start = 0;
        while start < count {
            let end = (start + batch_size).min(count);
            if has_batch_norm && end - start < 2 {
                start = end;
                continue;
            }
            self.gradient.iter_mut().for_each(|g| *g = 0.0);
            self.affine_gradient.iter_mut().for_each(|g| *g = 0.0);
            batched::train_batch(
                &mut self.network,
                &mut self.batch_buffers,
                data,
                start..end,
                settings.loss,
                dropout.rate,
                &mut rng,
                &mut self.gradient,
                &mut self.affine_gradient,
            );
            let scale = 1.0 / (end - start) as f64;
            self.gradient.iter_mut().for_each(|g| *g *= scale);
            self.affine_gradient.iter_mut().for_each(|g| *g *= scale);
            self.network.add_penalty_gradient(
                settings.regularization,
                settings.regularization_rate,
                &mut self.gradient,
            );
            for layer in 1..=self.network.layer_count() {
                let (weights, _) = self.network.layer_ranges(layer);
                self.squared_norm_sums[layer - 1] +=
                    self.gradient[weights].iter().map(|g| g * g).sum::<f64>();
            }
            self.optimizer.step(
                &mut self.network.parameters,
                &self.gradient,
                &settings.hyper,
            );
            if let (Some(optimizer), Some(batch_norm)) = (
                self.batch_norm_optimizer.as_mut(),
                self.network.batch_norm.as_mut(),
            ) {
                optimizer.step(
                    &mut batch_norm.affine,
                    &self.affine_gradient,
                    &settings.hyper,
                );
            }
            let finite = self.network.parameters.iter().all(|p| p.is_finite())
                && self
                    .network
                    .batch_norm
                    .as_ref()
                    .is_none_or(BatchNorm::is_finite);
            if !finite {
                return None;
            }
            batches += 1;
            start = end;
        }
        let batches = batches.max(1) as f64;
        Some(
            self.squared_norm_sums
                .iter()
                .map(|s| (s / batches).sqrt())
                .collect(),
        )
    }

    /// The mean loss over `data` as one batch in training mode (batch statistics, no
    /// dropout) and its gradients with respect to the parameters and to batch norm's γ and β,
    /// without moving the running averages: what batch norm's backward pass is tested on.
    pub fn training_batch_gradient(
        &mut self,
        data: &Examples,
        loss: Loss,
    ) -> (f64, Vec<f64>, Vec<f64>) {
        let mut network = self.network.clone();
        let mut gradient = vec![0.0; network.parameters.len()];
        let mut affine = vec![0.0; self.affine_gradient.len()];
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let total = batched::train_batch(
            &mut network,
            &mut self.batch_buffers,
            data,
            0..data.len(),
            loss,
            0.0,
            &mut rng,
            &mut gradient,
            &mut affine,
        );
        let scale = 1.0 / data.len().max(1) as f64;
        gradient.iter_mut().for_each(|g| *g *= scale);
        affine.iter_mut().for_each(|g| *g *= scale);
        (total * scale, gradient, affine)
    }

    /// The outputs of a training-mode pass over `data` as one batch (batch statistics,
    /// dropout masks from `dropout`), example after example, leaving the network unchanged.
    pub fn training_outputs(&mut self, data: &Examples, loss: Loss, dropout: &Dropout) -> Vec<f64> {
        let mut network = self.network.clone();
        let mut gradient = vec![0.0; network.parameters.len()];
        let mut affine = vec![0.0; self.affine_gradient.len()];
        let mut rng = ChaCha8Rng::seed_from_u64(dropout.seed);
        batched::train_batch(
            &mut network,
            &mut self.batch_buffers,
            data,
            0..data.len(),
            loss,
            dropout.rate,
            &mut rng,
            &mut gradient,
            &mut affine,
        );
        self.batch_buffers.outputs()
    }

    /// Mean loss and accuracy on `data` (`classify` false for regression: accuracy NaN).
    pub fn evaluate(&mut self, data: &Examples, loss: Loss, classify: bool) -> Evaluation {
        evaluate(&self.network, &mut self.workspace, data, loss, classify)
    }

    /// The gradient of the mean data loss plus penalty over all of `data` (for tests and
    /// for showing the gradient at the current weights).
    pub fn full_gradient(&mut self, data: &Examples, settings: &TrainingSettings) -> Vec<f64> {
        let mut gradient = vec![0.0; self.network.parameters.len()];
        for index in 0..data.len() {
            let (input, target) = data.example(index);
            self.network.accumulate_gradient(
                input,
                target,
                settings.loss,
                &mut self.workspace,
                &mut gradient,
            );
        }
        let scale = 1.0 / data.len().max(1) as f64;
        gradient.iter_mut().for_each(|g| *g *= scale);
        self.network.add_penalty_gradient(
            settings.regularization,
            settings.regularization_rate,
            &mut gradient,
        );
        gradient
    }
}

/// Mean loss and accuracy of `network` on `data`.
pub fn evaluate(
    network: &Network,
    workspace: &mut Workspace,
    data: &Examples,
    loss: Loss,
    classify: bool,
) -> Evaluation {
    let count = data.len();
    if count == 0 {
        return Evaluation {
            loss: f64::NAN,
            accuracy: f64::NAN,
        };
    }
    let threshold = network.architecture.output_unit.decision_threshold();
    let target_threshold = match (loss, network.architecture.output_unit) {
        (Loss::CrossEntropy, _) => 0.5,
        _ => 0.0,
    };
    let mut total = 0.0;
    let mut correct = 0usize;
    for index in 0..count {
        let (input, target) = data.example(index);
        let output = network.forward(input, workspace, false);
        if classify && class_of(output, threshold) == class_of(target, target_threshold) {
            correct += 1;
        }
        total += network.example_loss(loss, target, workspace);
    }
    Evaluation {
        loss: total / count as f64,
        accuracy: if classify {
            correct as f64 / count as f64
        } else {
            f64::NAN
        },
    }
}

/// The mean loss plus penalty over `data` at `parameters` (for finite differences).
pub fn objective(network: &Network, data: &Examples, settings: &TrainingSettings) -> f64 {
    let mut workspace = network.workspace();
    let data_loss = evaluate(network, &mut workspace, data, settings.loss, false).loss;
    data_loss + network.penalty(settings.regularization, settings.regularization_rate)
}

#[cfg(test)]
mod regularizer_tests;

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(loss: Loss, regularization: Regularization) -> TrainingSettings {
        TrainingSettings {
            loss,
            batch_size: 10,
            regularization,
            regularization_rate: 0.01,
            optimizer: OptimizerKind::Sgd,
            hyper: Hyperparameters::default(),
        }
    }

    /// Six random examples with 3 features and targets in the encoding of `unit`.
    fn random_examples(unit: OutputUnit, outputs: usize, seed: u64) -> Examples {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut data = Examples {
            feature_count: 3,
            target_count: outputs,
            ..Examples::default()
        };
        for _ in 0..6 {
            for _ in 0..3 {
                data.features.push(rng.random_range(-2.0..2.0));
            }
            let class = rng.random_range(0..outputs.max(2));
            for k in 0..outputs {
                data.targets.push(match unit {
                    OutputUnit::Linear => rng.random_range(-1.0..1.0),
                    OutputUnit::Tanh if outputs == 1 => {
                        if class == 1 {
                            1.0
                        } else {
                            -1.0
                        }
                    }
                    OutputUnit::Tanh => {
                        if class == k {
                            1.0
                        } else {
                            -1.0
                        }
                    }
                    OutputUnit::Sigmoid => class as f64,
                    OutputUnit::Softmax => f64::from(u8::from(class == k)),
                });
            }
        }
        data
    }

    /// Backprop against central differences `(J(θ + h eᵢ) − J(θ − h eᵢ)) / 2h` with
    /// `h = 1e-6`: the truncation error is O(h²) ≈ 1e-12 and rounding about 1e-16/h ≈ 1e-10,
    /// far below the 1e-6 relative tolerance. Kinks (ReLU at 0, |w| at 0) are hit with
    /// probability ~0 at random points; the seeds are fixed.
    #[test]
    fn backprop_matches_finite_differences_for_every_activation_and_loss() {
        let combos = [
            (Loss::SquaredError, OutputUnit::Linear, 1),
            (Loss::SquaredError, OutputUnit::Tanh, 1),
            (Loss::SquaredError, OutputUnit::Tanh, 3),
            (Loss::SquaredError, OutputUnit::Sigmoid, 1),
            (Loss::CrossEntropy, OutputUnit::Sigmoid, 1),
            (Loss::CrossEntropy, OutputUnit::Softmax, 3),
        ];
        for activation in Activation::ALL {
            for (loss, unit, outputs) in combos {
                for regularization in [Regularization::None, Regularization::L1, Regularization::L2]
                {
                    let architecture = Architecture {
                        layer_sizes: vec![3, 4, 3, outputs],
                        hidden_activation: activation,
                        output_unit: unit,
                    };
                    let mut network = Network::new(architecture, WeightInit::Xavier, 7).unwrap();
                    // Non-zero biases so that every path is exercised.
                    for (i, p) in network.parameters.iter_mut().enumerate() {
                        *p += 0.01 * (i as f64 * 0.7).sin();
                    }
                    let data = random_examples(unit, outputs, 11);
                    let settings = settings(loss, regularization);
                    let mut trainer = Trainer::new(network.clone(), OptimizerKind::Sgd).unwrap();
                    let analytic = trainer.full_gradient(&data, &settings);
                    let h = 1e-6;
                    let numeric: Vec<f64> = (0..analytic.len())
                        .map(|i| {
                            let original = network.parameters[i];
                            network.parameters[i] = original + h;
                            let up = objective(&network, &data, &settings);
                            network.parameters[i] = original - h;
                            let down = objective(&network, &data, &settings);
                            network.parameters[i] = original;
                            (up - down) / (2.0 * h)
                        })
                        .collect();
                    let difference: f64 = analytic
                        .iter()
                        .zip(&numeric)
                        .map(|(a, n)| (a - n) * (a - n))
                        .sum::<f64>()
                        .sqrt();
                    let size: f64 = analytic
                        .iter()
                        .zip(&numeric)
                        .map(|(a, n)| (a + n) * (a + n))
                        .sum::<f64>()
                        .sqrt();
                    let relative = difference / size;
                    assert!(
                        relative < 1e-6,
                        "{activation:?} {loss:?} {unit:?} {regularization:?}: relative error {relative:e}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_hand_computed_network_gives_the_hand_computed_output_and_loss() {
        // 1 input → 1 tanh neuron → linear output; w1 = 0.5, b1 = 0, w2 = 2, b2 = 1.
        let architecture = Architecture {
            layer_sizes: vec![1, 1, 1],
            hidden_activation: Activation::Tanh,
            output_unit: OutputUnit::Linear,
        };
        let mut network = Network::new(architecture, WeightInit::Zero, 0).unwrap();
        network.parameters.copy_from_slice(&[0.5, 0.0, 2.0, 1.0]);
        let mut workspace = network.workspace();
        let output = network.forward(&[2.0], &mut workspace, false)[0];
        // 2·tanh(1) + 1 = 2.5231883119115297 (python3: 2*math.tanh(1)+1).
        assert!((output - 2.523_188_311_911_529_7).abs() < 1e-15);
        // ½ (2.5231883119 − 3)² = 0.11367...
        let loss = network.example_loss(Loss::SquaredError, &[3.0], &workspace);
        assert!((loss - 0.5 * (output - 3.0).powi(2)).abs() < 1e-15);
    }

    #[test]
    fn the_display_tanh_is_within_1e_4_of_tanh() {
        let worst = (-80_000..=80_000)
            .map(|i| {
                let x = i as f64 * 1e-4;
                (display_tanh(x) - x.tanh()).abs()
            })
            .fold(0.0, f64::max);
        assert!(worst < 1e-4, "worst error {worst:e}");
    }

    #[test]
    fn cross_entropy_stays_finite_for_confident_wrong_outputs() {
        let architecture = Architecture {
            layer_sizes: vec![1, 1],
            hidden_activation: Activation::Tanh,
            output_unit: OutputUnit::Sigmoid,
        };
        let mut network = Network::new(architecture, WeightInit::Zero, 0).unwrap();
        network.parameters.copy_from_slice(&[1.0, 0.0]);
        let mut workspace = network.workspace();
        network.forward(&[800.0], &mut workspace, false);
        // softplus(800) − 0·800 = 800 (σ(800) rounds to 1, so ln(1 − a) would be −∞).
        let loss = network.example_loss(Loss::CrossEntropy, &[0.0], &workspace);
        assert_eq!(loss, 800.0);
    }

    #[test]
    fn invalid_architectures_are_rejected() {
        let make = |sizes: Vec<usize>, unit| Architecture {
            layer_sizes: sizes,
            hidden_activation: Activation::Relu,
            output_unit: unit,
        };
        assert!(make(vec![2, 9, 1], OutputUnit::Tanh).validate().is_err());
        assert!(
            make(vec![2, 1, 1, 1, 1, 1, 1, 1, 1], OutputUnit::Tanh)
                .validate()
                .is_err()
        );
        assert!(make(vec![2, 1], OutputUnit::Softmax).validate().is_err());
        assert!(make(vec![2, 3], OutputUnit::Sigmoid).validate().is_err());
        assert!(make(vec![2, 1], OutputUnit::Tanh).validate().is_ok());
        assert!(make(vec![8, 1], OutputUnit::Tanh).validate().is_err());
    }

    #[test]
    fn a_network_without_inputs_is_its_bias_and_trains_it() {
        let architecture = Architecture {
            layer_sizes: vec![0, 1],
            hidden_activation: Activation::Relu,
            output_unit: OutputUnit::Linear,
        };
        let network = Network::new(architecture, WeightInit::Playground, 0).unwrap();
        let mut workspace = network.workspace();
        assert_eq!(network.forward(&[], &mut workspace, false), &[0.1]);
        let mut data = Examples {
            feature_count: 0,
            target_count: 1,
            ..Examples::default()
        };
        // Examples without features: `len` counts targets then.
        data.targets.extend([1.0, 3.0]);
        let mut trainer = Trainer::new(network, OptimizerKind::Sgd).unwrap();
        let mut settings = settings(Loss::SquaredError, Regularization::None);
        settings.hyper.learning_rate = 0.5;
        for _ in 0..100 {
            trainer.train_epoch(&data, &settings).unwrap();
        }
        // The constant minimizing the squared error is the mean, 2.
        assert!((trainer.network.parameters[0] - 2.0).abs() < 1e-9);
    }

    #[test]
    fn xor_is_learned_to_full_training_accuracy_with_a_fixed_seed() {
        // The four corners of XOR, each repeated, labels ±1: no linear model can separate them.
        let mut data = Examples {
            feature_count: 2,
            target_count: 1,
            ..Examples::default()
        };
        for &(x1, x2) in &[(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)] {
            data.features.extend([x1, x2]);
            data.targets.push(if x1 * x2 > 0.0 { 1.0 } else { -1.0 });
        }
        let architecture = Architecture {
            layer_sizes: vec![2, 4, 1],
            hidden_activation: Activation::Tanh,
            output_unit: OutputUnit::Tanh,
        };
        let network = Network::new(architecture, WeightInit::Playground, 3).unwrap();
        let mut trainer = Trainer::new(network, OptimizerKind::Sgd).unwrap();
        let mut settings = settings(Loss::SquaredError, Regularization::None);
        settings.batch_size = 1;
        settings.hyper.learning_rate = 0.1;
        for _ in 0..2000 {
            trainer.train_epoch(&data, &settings).unwrap();
        }
        let evaluation = trainer.evaluate(&data, Loss::SquaredError, true);
        assert_eq!(evaluation.accuracy, 1.0);
        assert!(evaluation.loss < 0.01, "loss {}", evaluation.loss);
    }

    #[test]
    fn a_huge_learning_rate_is_reported_as_divergence() {
        let mut data = Examples {
            feature_count: 1,
            target_count: 1,
            ..Examples::default()
        };
        for i in 0..20 {
            let x = i as f64;
            data.features.push(x);
            data.targets.push(3.0 * x);
        }
        let architecture = Architecture {
            layer_sizes: vec![1, 1],
            hidden_activation: Activation::Linear,
            output_unit: OutputUnit::Linear,
        };
        let network = Network::new(architecture, WeightInit::Playground, 1).unwrap();
        let mut trainer = Trainer::new(network, OptimizerKind::Sgd).unwrap();
        let mut settings = settings(Loss::SquaredError, Regularization::None);
        settings.hyper.learning_rate = 10.0;
        let diverged = (0..200).any(|_| trainer.train_epoch(&data, &settings).is_none());
        assert!(diverged);
    }
}
