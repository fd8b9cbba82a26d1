//! The training playground: TensorFlow Playground's small networks on 2-D data, trained live in
//! the page. Data sets, input features, architecture, loss, optimizer and regularization are
//! controls; the decision boundary (or regression surface), every neuron's own heatmap, the
//! loss, accuracy and per-layer gradient-norm curves are drawn as training runs many epochs
//! per frame. Learning rate, batch size, regularization and optimizer change live; their past
//! values are kept in the `schedule` control so a shared link replays the same run bit for bit.
//!
//! The math is in `math::nn` (network, backprop, losses) and `math::nn_datasets` (data).

use std::hash::{Hash, Hasher};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{fill_style, line_style, text_style};
use super::params::{
    format_param_number, format_toggle, parse_choice, parse_integer, parse_number, parse_toggle,
    round_significant,
};
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult,
    ExportSpec, Frame, ImportKind, ImportSpec, Layer, Notice, NoticeLevel, PlotSpec, PointerInput,
    PointerPhase, Readout, ReadoutSpec, ReadoutValue, draw_error, format_number,
};
use crate::math::activations::Activation;
use crate::math::nn::{
    Architecture, Examples, InputFeature, Loss, MAX_HIDDEN_LAYERS, MAX_NEURONS_PER_LAYER, Network,
    OutputUnit, Regularization, Trainer, TrainingSettings, WeightInit, Workspace, compute_features,
    evaluate,
};
use crate::math::nn_datasets::{
    DOMAIN_RADIUS, DataPoint, DatasetKind, generate, shuffle_and_split,
};
use crate::math::nn_json::{network_from_json, network_to_json};
use crate::math::optimizers::{Hyperparameters, OptimizerKind};
use crate::render::RgbaImage;
use crate::render::chart::{
    AxisScale, ChartOptions, ChartParts, Series, chart_y_range, draw_line_chart,
};
use crate::render::theme::{SERIES_COLOURS, rgb};

/// Points generated per data set (the playground's classification count), split into training
/// and test points by `train-percent`.
const POINT_COUNT: usize = 500;
/// The longest run: a link replays its epochs on load (synchronously, so that `steps=` lands
/// exactly), which keeps the replay to a few seconds even for the largest network.
pub const MAX_EPOCHS: usize = 5_000;
/// The most points a reader may click in.
const MAX_OWN_POINTS: usize = 200;
/// The decision-boundary heatmap: cells per side (the playground's density).
const BOUNDARY_CELLS: usize = 100;
/// Cells per side of every neuron's little heatmap.
const NEURON_CELLS: usize = 16;
/// The history keeps at most this many records; beyond, every other one is dropped and the
/// stride doubles, so memory and chart cost stay bounded however long training runs.
const HISTORY_CAPACITY: usize = 1024;
/// A click within this many CSS pixels of a point removes it.
const HIT_RADIUS: f64 = 9.0;

/// Class colours: the playground's orange and blue, then bluish green and reddish purple.
pub const CLASS_COLOURS: [[u8; 3]; 4] =
    [[245, 147, 34], [8, 119, 189], [0, 158, 115], [170, 80, 160]];

const PROBLEMS: &[(&str, &str)] = &[
    ("classification", "Classification"),
    ("regression", "Regression"),
];

const CLASSIFICATION_SETS: &[(&str, &str)] = &[
    ("circle", "Circle"),
    ("xor", "Exclusive or (XOR)"),
    ("gauss", "Two Gaussians"),
    ("spiral", "Spiral"),
    ("moons", "Two moons"),
    ("three-class", "Three classes"),
    ("four-class", "Four classes (quadrants)"),
    ("own", "My own points (click to add)"),
];

const REGRESSION_SETS: &[(&str, &str)] = &[("plane", "Plane"), ("gauss-mix", "Gaussian mixture")];

const CLASS_CHOICES: &[(&str, &str)] = &[
    ("0", "Orange (class 0)"),
    ("1", "Blue (class 1)"),
    ("2", "Green (class 2)"),
    ("3", "Purple (class 3)"),
];

const ACTIVATIONS: &[(&str, &str)] = &[
    ("tanh", "Tanh"),
    ("relu", "ReLU"),
    ("sigmoid", "Sigmoid"),
    ("linear", "Linear"),
    ("leaky-relu", "Leaky ReLU"),
    ("elu", "ELU"),
    ("gelu", "GELU"),
    ("swish", "Swish (SiLU)"),
    ("softplus", "Softplus"),
];

const LOSSES: &[(&str, &str)] = &[
    ("squared", "Squared error (tanh output, labels ±1)"),
    ("cross-entropy", "Cross-entropy (sigmoid / softmax output)"),
];

const INITS: &[(&str, &str)] = &[
    ("playground", "Uniform ±0.5, bias 0.1 (the playground's)"),
    ("xavier", "Glorot/Xavier uniform"),
    ("he", "He normal"),
    ("zero", "All zero (symmetric)"),
];

const OPTIMIZERS: &[(&str, &str)] = &[
    ("sgd", "SGD"),
    ("momentum", "Momentum (μ = 0.9)"),
    ("nesterov", "Nesterov (μ = 0.9)"),
    ("adagrad", "AdaGrad"),
    ("rmsprop", "RMSProp"),
    ("adam", "Adam"),
];

const SPEEDS: &[(&str, &str)] = &[
    ("1", "1 epoch per frame (the playground's pace)"),
    ("5", "5 epochs per frame"),
    ("20", "20 epochs per frame"),
    ("max", "As many as fit in 8 ms per frame"),
];

const REGULARIZATIONS: &[(&str, &str)] = &[("none", "None"), ("l1", "L1"), ("l2", "L2")];

/// The feature toggles: (URL key, playground alias, feature, default on).
const FEATURE_KEYS: [(&str, InputFeature, bool); 7] = [
    ("x1", InputFeature::X1, true),
    ("x2", InputFeature::X2, true),
    ("x1-squared", InputFeature::X1Squared, false),
    ("x2-squared", InputFeature::X2Squared, false),
    ("x1x2", InputFeature::X1TimesX2, false),
    ("sin-x1", InputFeature::SinX1, false),
    ("sin-x2", InputFeature::SinX2, false),
];

const fn feature_control(
    key: &'static str,
    alias: &'static [&'static str],
    label: &'static str,
    help: &'static str,
    example: &'static str,
) -> ControlSpec {
    ControlSpec {
        key,
        aliases: alias,
        label,
        kind: ControlKind::Toggle,
        help,
        group: "Input features",
        example,
    }
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "problem",
        aliases: &[],
        label: "Problem",
        kind: ControlKind::Select { options: PROBLEMS },
        help: "Classification (colours are classes) or regression (colour is a real value)",
        group: "Data",
        example: "regression",
    },
    ControlSpec {
        key: "data",
        aliases: &["dataset"],
        label: "Data set",
        kind: ControlKind::Select {
            options: CLASSIFICATION_SETS,
        },
        help: "The classification data: the playground's circle, XOR, two Gaussians and spiral, two moons, three and four classes, or your own clicked points",
        group: "Data",
        example: "xor",
    },
    ControlSpec {
        key: "reg-data",
        aliases: &["regDataset"],
        label: "Regression data",
        kind: ControlKind::Select {
            options: REGRESSION_SETS,
        },
        help: "The regression data: the plane (x₁ + x₂)/10 or the playground's mixture of six bumps (also accepts its reg-plane and reg-gauss)",
        group: "Data",
        example: "gauss-mix",
    },
    ControlSpec {
        key: "noise",
        aliases: &[],
        label: "Noise (%)",
        kind: ControlKind::Slider {
            min: 0.0,
            max: 50.0,
            step: 5.0,
            log: false,
        },
        help: "How far labels (or positions, for the spiral, moons and Gaussians) are perturbed, 0 to 50 as in the playground",
        group: "Data",
        example: "25",
    },
    ControlSpec {
        key: "train-percent",
        aliases: &["percTrainData"],
        label: "Training data (%)",
        kind: ControlKind::Slider {
            min: 10.0,
            max: 90.0,
            step: 10.0,
            log: false,
        },
        help: "The share of the 500 points used for training; the rest are test points, never trained on",
        group: "Data",
        example: "30",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 999_999_999,
        },
        help: "Seeds the data, the split and the starting weights: the same seed gives the same run (a playground seed like 0.12345 is read as 12345)",
        group: "Data",
        example: "7",
    },
    ControlSpec {
        key: "points",
        aliases: &[],
        label: "My points (x,y,class;…)",
        kind: ControlKind::Text {
            placeholder: "1,2,0;-3,1,1",
        },
        help: "Your own data as x,y,class triples (x and y in −6…6, class 0–3), up to 200; clicking the data plot adds a point of the chosen class there or removes the point under the pointer",
        group: "Data",
        example: "2,2,1;-2,-2,0;2,-2,0;-2,2,1",
    },
    ControlSpec {
        key: "class",
        aliases: &[],
        label: "Class of clicked points",
        kind: ControlKind::Select {
            options: CLASS_CHOICES,
        },
        help: "The class a click on the data plot adds",
        group: "Data",
        example: "2",
    },
    feature_control(
        "x1",
        &["x"],
        "x₁",
        "Feeds the first coordinate to the network",
        "0",
    ),
    feature_control(
        "x2",
        &["y"],
        "x₂",
        "Feeds the second coordinate to the network",
        "0",
    ),
    feature_control("x1-squared", &["xSquared"], "x₁²", "Feeds x₁²", "1"),
    feature_control("x2-squared", &["ySquared"], "x₂²", "Feeds x₂²", "1"),
    feature_control("x1x2", &["xTimesY"], "x₁·x₂", "Feeds the product x₁x₂", "1"),
    feature_control("sin-x1", &["sinX"], "sin x₁", "Feeds sin x₁", "1"),
    feature_control("sin-x2", &["sinY"], "sin x₂", "Feeds sin x₂", "1"),
    ControlSpec {
        key: "shape",
        aliases: &["networkShape"],
        label: "Hidden layers (neurons per layer)",
        kind: ControlKind::Text { placeholder: "4,2" },
        help: "Neurons in each hidden layer, comma-separated: 0 to 6 layers of 1 to 8 neurons (empty: no hidden layer, a linear model of the features)",
        group: "Network",
        example: "3",
    },
    ControlSpec {
        key: "activation",
        aliases: &[],
        label: "Activation",
        kind: ControlKind::Select {
            options: ACTIVATIONS,
        },
        help: "The function f every hidden neuron applies to its weighted sum",
        group: "Network",
        example: "relu",
    },
    ControlSpec {
        key: "loss",
        aliases: &[],
        label: "Loss",
        kind: ControlKind::Select { options: LOSSES },
        help: "Classification loss: the playground's squared error on a tanh output with labels ±1, or cross-entropy on a sigmoid (two classes) or softmax (more) output; regression always uses squared error on a linear output",
        group: "Network",
        example: "cross-entropy",
    },
    ControlSpec {
        key: "init",
        aliases: &["initZero"],
        label: "Initial weights",
        kind: ControlKind::Select { options: INITS },
        help: "How the starting weights are drawn (from the seed); the playground's initZero=true means all zero",
        group: "Network",
        example: "xavier",
    },
    ControlSpec {
        key: "weights",
        aliases: &[],
        label: "Loaded starting weights",
        kind: ControlKind::Text {
            placeholder: "from the seed",
        },
        help: "Starting weights and biases loaded from a file (layer by layer, in the JSON file's order), so a link carries them; empty draws them from the seed. Weights that do not fit the network are ignored, with a notice",
        group: "Network",
        example: "0.5,-0.5,1,1,-1,0.5,0.25,-0.25,0,0,0,0,1,-1,0.5,0.5,-0.5,1,0,0,0.1,1,-1,0.2,0",
    },
    ControlSpec {
        key: "optimizer",
        aliases: &[],
        label: "Optimizer",
        kind: ControlKind::Select {
            options: OPTIMIZERS,
        },
        help: "The update rule, PyTorch's (shared with the optimizer lab); switching mid-run keeps the weights and starts the new rule's averages from zero",
        group: "Training (changes apply live)",
        example: "adam",
    },
    ControlSpec {
        key: "lr",
        aliases: &["learningRate"],
        label: "Learning rate η",
        kind: ControlKind::Slider {
            min: 1e-5,
            max: 10.0,
            step: 0.01,
            log: true,
        },
        help: "The step size η, 10⁻⁵ to 10 on a log scale",
        group: "Training (changes apply live)",
        example: "0.3",
    },
    ControlSpec {
        key: "batch",
        aliases: &["batchSize"],
        label: "Batch size",
        kind: ControlKind::Integer { min: 1, max: 30 },
        help: "Examples averaged per update, 1 to 30 as in the playground",
        group: "Training (changes apply live)",
        example: "25",
    },
    ControlSpec {
        key: "regularization",
        aliases: &[],
        label: "Regularization",
        kind: ControlKind::Select {
            options: REGULARIZATIONS,
        },
        help: "A penalty on the weights (not the biases): L1 λΣ|w| pushes weights to exactly zero, L2 λΣw²/2 shrinks them all",
        group: "Training (changes apply live)",
        example: "l2",
    },
    ControlSpec {
        key: "reg-rate",
        aliases: &["regularizationRate"],
        label: "Regularization rate λ",
        kind: ControlKind::Slider {
            min: 0.0,
            max: 10.0,
            step: 0.001,
            log: false,
        },
        help: "The penalty's weight λ, 0 to 10",
        group: "Training (changes apply live)",
        example: "0.01",
    },
    ControlSpec {
        key: "schedule",
        aliases: &[],
        label: "Earlier settings (epoch:η,batch,reg,λ,optimizer;…)",
        kind: ControlKind::Text {
            placeholder: "100:0.03,10,none,0,sgd",
        },
        help: "Written by the page when a training setting changes mid-run: each entry gives the settings used up to that epoch, so a link replays the run exactly; empty means the current settings throughout",
        group: "Training (changes apply live)",
        example: "50:0.3,10,none,0,sgd",
    },
    ControlSpec {
        key: "speed",
        aliases: &[],
        label: "Training speed",
        kind: ControlKind::Select { options: SPEEDS },
        help: "Epochs trained per animation frame while playing: 1 is the playground's pace (60 per second), max trains as many as fit in 8 ms and draws once per frame",
        group: "View",
        example: "max",
    },
    ControlSpec {
        key: "show-test",
        aliases: &["showTestData"],
        label: "Show test data",
        kind: ControlKind::Toggle,
        help: "Draws the test points too (outlined in black)",
        group: "View",
        example: "1",
    },
    ControlSpec {
        key: "discretize",
        aliases: &[],
        label: "Discretize output",
        kind: ControlKind::Toggle,
        help: "Colours the boundary plot by the predicted class only, without the confidence shading",
        group: "View",
        example: "1",
    },
    ControlSpec {
        key: "log-loss",
        aliases: &[],
        label: "Log-scale loss",
        kind: ControlKind::Toggle,
        help: "Draws the loss curves on a logarithmic axis",
        group: "View",
        example: "1",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "epoch",
        help: "Epochs trained: full passes over the training points",
    },
    ReadoutSpec {
        name: "train-loss",
        help: "The mean loss over the training points (without the penalty), or why there is none",
    },
    ReadoutSpec {
        name: "test-loss",
        help: "The mean loss over the test points, or why there is none",
    },
    ReadoutSpec {
        name: "train-accuracy",
        help: "Training points classified correctly, in percent (classification only)",
    },
    ReadoutSpec {
        name: "test-accuracy",
        help: "Test points classified correctly, in percent (classification only)",
    },
    ReadoutSpec {
        name: "penalty",
        help: "The regularization penalty λR(W) at the current weights",
    },
    ReadoutSpec {
        name: "parameters",
        help: "The number of weights and biases",
    },
    ReadoutSpec {
        name: "train-points",
        help: "The number of training points",
    },
    ReadoutSpec {
        name: "test-points",
        help: "The number of test points",
    },
    ReadoutSpec {
        name: "grad-norm.{layer}",
        help: "‖∂L/∂W‖ of weight layer {layer} (1 = into the first hidden layer), root-mean-square over the last epoch's updates",
    },
    ReadoutSpec {
        name: "selected",
        help: "The neuron or weight picked on the network diagram (click it; arrow keys move along), with its value",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "boundary",
        title: "Data and the network's output",
        alt: "The plane from −6 to 6 in x₁ and x₂, coloured by the network's output (its class or value, lighter where it is unsure), with the training points (and, if shown, the test points outlined in black). With your own data, clicking adds a point of the chosen class or removes the point under the pointer.",
        aspect_ratio: 1.0,
        interactive: true,
    },
    PlotSpec {
        id: "network",
        title: "The network: every neuron's output, weights as edges",
        alt: "Columns of neurons from the input features through the hidden layers to the output; each neuron shows its own output over the plane as a small heatmap, each edge is coloured by the sign of its weight (blue positive, orange negative) and drawn thicker for larger weights. Click a neuron or a weight to read its value; with the plot focused, the arrow keys move the selection.",
        aspect_ratio: 0.7,
        interactive: true,
    },
    PlotSpec {
        id: "loss",
        title: "Loss per epoch",
        alt: "The mean training and test loss against the epoch, with the training settings written above.",
        aspect_ratio: 0.6,
        interactive: false,
    },
    PlotSpec {
        id: "accuracy",
        title: "Accuracy per epoch",
        alt: "The percentage of training and test points classified correctly against the epoch (classification only).",
        aspect_ratio: 0.5,
        interactive: false,
    },
    PlotSpec {
        id: "gradients",
        title: "Gradient norm per layer",
        alt: "The norm of the loss gradient with respect to each weight layer against the epoch, on a log axis: in deep sigmoid networks the first layers' curves lie decades below the last's (vanishing gradients).",
        aspect_ratio: 0.5,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "nn-playground",
    title: "Training playground",
    chapter: Chapter::NeuralNetworks,
    summary: "Train a small neural network on 2-D data live: decision boundary, every neuron's output, weights, loss, accuracy and per-layer gradient norms, with TensorFlow Playground's data and links.",
    explanation: EXPLANATION,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: ACTIONS,
    exports: EXPORTS,
    imports: IMPORTS,
    create: || Box::new(NnPlayground::default()),
};

const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        key: "add-layer",
        label: "+ layer",
        help: "Adds a hidden layer of 2 neurons at the end (up to 6 layers)",
        group: "Network",
    },
    ActionSpec {
        key: "remove-layer",
        label: "− layer",
        help: "Removes the last hidden layer",
        group: "Network",
    },
    ActionSpec {
        key: "add-neuron",
        label: "+ neuron",
        help: "Adds a neuron to the hidden layer of the neuron picked on the diagram (else the last hidden layer), up to 8",
        group: "Network",
    },
    ActionSpec {
        key: "remove-neuron",
        label: "− neuron",
        help: "Removes a neuron from the picked (else the last) hidden layer, down to 1",
        group: "Network",
    },
    ActionSpec {
        key: "regenerate",
        label: "Regenerate",
        help: "New data and starting weights: the next seed",
        group: "Data",
    },
    ActionSpec {
        key: "clear-points",
        label: "Clear my points",
        help: "Removes every clicked point",
        group: "Data",
    },
];

const EXPORTS: &[ExportSpec] = &[
    ExportSpec {
        key: "network",
        label: "weights (JSON)",
        file_name: "nn-playground-network.json",
        mime: "application/json",
    },
    ExportSpec {
        key: "history",
        label: "loss history (CSV)",
        file_name: "nn-playground-history.csv",
        mime: "text/csv",
    },
    ExportSpec {
        key: "data",
        label: "data (CSV)",
        file_name: "nn-playground-data.csv",
        mime: "text/csv",
    },
];

const IMPORTS: &[ImportSpec] = &[ImportSpec {
    key: "network",
    label: "Load weights (JSON)",
    help: "A network saved with “Download weights”: its inputs, layers, activation and weights replace the current ones (read in the browser, never uploaded)",
    kind: ImportKind::Text {
        accept: ".json,application/json",
    },
}];

const EXPLANATION: &str = r#"A neural network is a function built from layers. Each neuron $j$ of layer $l$ takes a weighted sum of the previous layer's outputs and applies an activation function $f$:

$$z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}, \qquad a^{(l)} = f\big(z^{(l)}\big), \qquad a^{(0)} = (x_1, x_2, x_1^2, \dots)$$

The inputs $a^{(0)}$ are the features you switch on; with only $x_1, x_2$ and no hidden layer the network is a linear model and can only draw a straight boundary. Every neuron's little picture in the diagram is its output $a_j^{(l)}$ over the whole plane: the first layer's neurons split the plane by lines, later layers combine those pieces into curves.

Training minimizes the mean loss over the training points. The playground's loss is the squared error on a $\tanh$ output with labels $y = \pm 1$; cross-entropy uses a sigmoid (two classes) or softmax (three or four) output and the labels' probabilities:

$$L = \frac1n \sum_{i=1}^n \tfrac12\big(\hat y_i - y_i\big)^2 \qquad\text{or}\qquad L = -\frac1n \sum_{i=1}^n \sum_k y_{ik} \ln \hat p_{ik}, \qquad \hat p = \operatorname{softmax}\big(z^{(L)}\big)$$

Backpropagation gets every gradient in one backward pass by the chain rule: $\delta^{(L)} = \partial \ell / \partial z^{(L)}$ (for softmax with cross-entropy simply $\hat p - y$), then

$$\frac{\partial \ell}{\partial W^{(l)}} = \delta^{(l)} a^{(l-1)\top}, \qquad \frac{\partial \ell}{\partial b^{(l)}} = \delta^{(l)}, \qquad \delta^{(l-1)} = f'\big(z^{(l-1)}\big) \odot W^{(l)\top} \delta^{(l)}$$

The tests check these gradients against finite differences to a relative error below $10^{-6}$ for every activation and loss. A mini-batch of $B$ examples averages them, adds the penalty's gradient ($\lambda\,\mathrm{sign}(w)$ for L1, $\lambda w$ for L2, weights only) and takes one optimizer step, e.g. $\theta \leftarrow \theta - \eta\, g$ for SGD. An epoch is one pass over the training points.

Because $\delta^{(l-1)}$ is $\delta^{(l)}$ multiplied by $f'$ and the weights, layer after layer, the gradient of the first layers is a product of many factors. The sigmoid's $f'(z) = \sigma(z)(1-\sigma(z))$ is at most $\tfrac14$, so in a deep sigmoid network the early layers' gradients shrink by about that factor per layer: the gradient-norm chart shows their curves decades below the last layer's, and those layers barely learn (vanishing gradients). ReLU's derivative is 1 where it is active, which is why it trains deep networks better.

A learning rate too large for the curvature makes the updates overshoot and grow until the loss overflows; the page then stops at the last finite epoch and says so. The test loss, on points never trained on, tells whether the boundary generalizes: with much noise and a big network the training loss keeps falling while the test loss rises (overfitting), which regularization counters. Changes of the learning rate, batch size, regularization or optimizer apply from the current epoch on and are recorded, so the link replays the same run; changing the data, features or architecture starts over from the seed's initial weights."#;

/// Classification or regression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Problem {
    Classification,
    Regression,
}

/// The settings that change live, without a reset.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LiveSettings {
    learning_rate: f64,
    batch_size: usize,
    regularization: Regularization,
    regularization_rate: f64,
    optimizer: OptimizerKind,
}

/// Settings used for the epochs before `end` (and after the previous entry's end).
#[derive(Clone, Copy, Debug, PartialEq)]
struct ScheduleEntry {
    end: usize,
    settings: LiveSettings,
}

/// What the reader picked on the network diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Selection {
    None,
    /// (layer, neuron); layer 0 is the input.
    Neuron(usize, usize),
    /// (layer, to, from): the weight into neuron `to` of `layer` from neuron `from` below.
    Weight(usize, usize, usize),
}

/// One epoch's numbers, for the curves and the CSV export.
#[derive(Clone, Copy, Debug, PartialEq)]
struct EpochRecord {
    epoch: usize,
    train_loss: f64,
    test_loss: f64,
    train_accuracy: f64,
    test_accuracy: f64,
    /// ‖∂L/∂W_l‖ per weight layer (NaN at epoch 0, before any update).
    gradient_norms: [f64; MAX_HIDDEN_LAYERS + 1],
}

/// A bounded history: every `stride`-th epoch, at most [`HISTORY_CAPACITY`] records.
#[derive(Clone, Debug, Default, PartialEq)]
struct History {
    stride: usize,
    records: Vec<EpochRecord>,
}

impl History {
    fn clear(&mut self) {
        self.stride = 1;
        self.records.clear();
    }

    fn push(&mut self, record: EpochRecord) {
        if record.epoch % self.stride.max(1) != 0 {
            return;
        }
        self.records.push(record);
        if self.records.len() >= HISTORY_CAPACITY {
            self.stride = self.stride.max(1) * 2;
            let stride = self.stride;
            self.records.retain(|r| r.epoch % stride == 0);
        }
    }
}

/// Cached pictures, recomputed only when the weights or the size change.
#[derive(Clone, Debug, Default)]
struct RenderCache {
    boundary: RgbaImage,
    boundary_key: u64,
    network: RgbaImage,
    network_key: u64,
    /// Per layer, per neuron: its output at the NEURON_CELLS² grid points.
    neuron_grids: Vec<Vec<Vec<f64>>>,
    neuron_grids_key: u64,
}

/// The state of the training playground.
#[derive(Clone, Debug)]
pub struct NnPlayground {
    problem: Problem,
    /// The classification set; None means the reader's own points.
    classification_set: Option<DatasetKind>,
    regression_set: DatasetKind,
    noise_percent: f64,
    train_percent: f64,
    seed: u64,
    own_points: Vec<DataPoint>,
    click_class: usize,
    features_on: [bool; 7],
    hidden_layers: Vec<usize>,
    activation: Activation,
    loss_choice: Loss,
    init: WeightInit,
    /// Starting weights loaded from a file (used when they fit the network).
    loaded_weights: Vec<f64>,
    live: LiveSettings,
    schedule: Vec<ScheduleEntry>,
    show_test: bool,
    discretize: bool,
    log_loss: bool,
    /// Epochs per frame while playing; None trains as many as fit in the frame's budget.
    epochs_per_frame: Option<usize>,

    train_points: Vec<DataPoint>,
    test_points: Vec<DataPoint>,
    train_examples: Examples,
    test_examples: Examples,
    /// The network as initialised from the seed (training restarts from it).
    initial_network: Network,
    trainer: Trainer,
    /// A spare buffer for evaluations and pictures.
    workspace: Workspace,
    epoch: usize,
    latest: EpochRecord,
    history: History,
    /// The epoch whose training made the loss or a weight non-finite.
    diverged_at: Option<usize>,
    selection: Selection,
    /// Changes whenever the weights change (redraw key).
    weights_version: u64,
    cache: RenderCache,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

impl Default for NnPlayground {
    fn default() -> Self {
        let architecture = Architecture {
            layer_sizes: vec![2, 4, 2, 1],
            hidden_activation: Activation::Tanh,
            output_unit: OutputUnit::Tanh,
        };
        // The playground's defaults: circle, tanh, 4-2, η = 0.03, batch 10, 50 % training data.
        let network = match Network::new(architecture, WeightInit::Playground, 0) {
            Ok(network) => network,
            Err(_) => unreachable!("the default architecture is valid"),
        };
        let trainer = match Trainer::new(network.clone(), OptimizerKind::Sgd) {
            Ok(trainer) => trainer,
            Err(_) => unreachable!("SGD is first-order"),
        };
        let mut demo = NnPlayground {
            problem: Problem::Classification,
            classification_set: Some(DatasetKind::Circle),
            regression_set: DatasetKind::Plane,
            noise_percent: 0.0,
            train_percent: 50.0,
            seed: 1,
            own_points: Vec::new(),
            click_class: 0,
            features_on: [true, true, false, false, false, false, false],
            hidden_layers: vec![4, 2],
            activation: Activation::Tanh,
            loss_choice: Loss::SquaredError,
            init: WeightInit::Playground,
            loaded_weights: Vec::new(),
            live: LiveSettings {
                learning_rate: 0.03,
                batch_size: 10,
                regularization: Regularization::None,
                regularization_rate: 0.0,
                optimizer: OptimizerKind::Sgd,
            },
            schedule: Vec::new(),
            show_test: false,
            discretize: false,
            log_loss: false,
            epochs_per_frame: Some(1),
            train_points: Vec::new(),
            test_points: Vec::new(),
            train_examples: Examples::default(),
            test_examples: Examples::default(),
            workspace: network.workspace(),
            initial_network: network,
            trainer,
            epoch: 0,
            latest: empty_record(0),
            history: History::default(),
            diverged_at: None,
            selection: Selection::None,
            weights_version: 0,
            cache: RenderCache::default(),
        };
        demo.rebuild();
        demo
    }
}

fn empty_record(epoch: usize) -> EpochRecord {
    EpochRecord {
        epoch,
        train_loss: f64::NAN,
        test_loss: f64::NAN,
        train_accuracy: f64::NAN,
        test_accuracy: f64::NAN,
        gradient_norms: [f64::NAN; MAX_HIDDEN_LAYERS + 1],
    }
}

fn dataset_key(kind: Option<DatasetKind>) -> &'static str {
    match kind {
        Some(DatasetKind::Circle) => "circle",
        Some(DatasetKind::Xor) => "xor",
        Some(DatasetKind::TwoGaussians) => "gauss",
        Some(DatasetKind::Spiral) => "spiral",
        Some(DatasetKind::Moons) => "moons",
        Some(DatasetKind::ThreeClasses) => "three-class",
        Some(DatasetKind::FourClasses) => "four-class",
        Some(DatasetKind::Plane) => "plane",
        Some(DatasetKind::GaussianMixture) => "gauss-mix",
        None => "own",
    }
}

fn classification_set_from_key(key: &str) -> Option<Option<DatasetKind>> {
    Some(match key {
        "circle" => Some(DatasetKind::Circle),
        "xor" => Some(DatasetKind::Xor),
        "gauss" => Some(DatasetKind::TwoGaussians),
        "spiral" => Some(DatasetKind::Spiral),
        "moons" => Some(DatasetKind::Moons),
        "three-class" => Some(DatasetKind::ThreeClasses),
        "four-class" => Some(DatasetKind::FourClasses),
        "own" => None,
        _ => return None,
    })
}

fn loss_key(loss: Loss) -> &'static str {
    match loss {
        Loss::SquaredError => "squared",
        Loss::CrossEntropy => "cross-entropy",
    }
}

fn init_key(init: WeightInit) -> &'static str {
    match init {
        WeightInit::Playground => "playground",
        WeightInit::Xavier => "xavier",
        WeightInit::He => "he",
        WeightInit::Zero => "zero",
    }
}

fn regularization_key(regularization: Regularization) -> &'static str {
    match regularization {
        Regularization::None => "none",
        Regularization::L1 => "l1",
        Regularization::L2 => "l2",
    }
}

fn regularization_from_key(key: &str) -> Option<Regularization> {
    Some(match key {
        "none" => Regularization::None,
        "l1" => Regularization::L1,
        "l2" => Regularization::L2,
        _ => return None,
    })
}

/// Parses "4,2" (also with spaces; empty for no hidden layer).
pub fn parse_shape(text: &str) -> Result<Vec<usize>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let layers: Vec<usize> = trimmed
        .split(',')
        .map(|part| {
            parse_integer(part, 1, MAX_NEURONS_PER_LAYER as i64)
                .map(|n| n as usize)
                .map_err(|_| {
                    format!(
                        "“{text}” is not a list of layer sizes; expected up to {MAX_HIDDEN_LAYERS} numbers from 1 to {MAX_NEURONS_PER_LAYER} separated by commas, like 4,2"
                    )
                })
        })
        .collect::<Result<_, _>>()?;
    if layers.len() > MAX_HIDDEN_LAYERS {
        return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers"));
    }
    Ok(layers)
}

fn format_shape(layers: &[usize]) -> String {
    layers
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Rounds a clicked coordinate to the two decimals the URL keeps.
fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Parses own points "x,y,class;…".
pub fn parse_points(text: &str) -> Result<Vec<DataPoint>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let expected =
        "expected x,y,class triples separated by semicolons, x and y from −6 to 6, class 0 to 3";
    let mut points = Vec::new();
    for triple in trimmed.split(';') {
        let parts: Vec<&str> = triple.split(',').collect();
        if parts.len() != 3 {
            return Err(format!("“{triple}” is not x,y,class; {expected}"));
        }
        let x = parse_number(parts[0], -DOMAIN_RADIUS, DOMAIN_RADIUS)
            .map_err(|e| format!("{e} ({expected})"))?;
        let y = parse_number(parts[1], -DOMAIN_RADIUS, DOMAIN_RADIUS)
            .map_err(|e| format!("{e} ({expected})"))?;
        let class = parse_integer(parts[2], 0, 3).map_err(|e| format!("{e} ({expected})"))?;
        points.push(DataPoint::classified(round2(x), round2(y), class as usize));
    }
    if points.len() > MAX_OWN_POINTS {
        return Err(format!("at most {MAX_OWN_POINTS} points"));
    }
    Ok(points)
}

fn format_points(points: &[DataPoint]) -> String {
    points
        .iter()
        .map(|p| {
            format!(
                "{},{},{}",
                format_param_number(p.x1),
                format_param_number(p.x2),
                p.class
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn format_live(settings: &LiveSettings) -> String {
    format!(
        "{},{},{},{},{}",
        format_param_number(settings.learning_rate),
        settings.batch_size,
        regularization_key(settings.regularization),
        format_param_number(settings.regularization_rate),
        settings.optimizer.id()
    )
}

fn parse_live(text: &str) -> Result<LiveSettings, String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() != 5 {
        return Err(format!(
            "“{text}” is not η,batch,regularization,λ,optimizer (like 0.03,10,none,0,sgd)"
        ));
    }
    let optimizer = OptimizerKind::from_id(parts[4])
        .filter(|kind| kind.is_first_order())
        .ok_or_else(|| {
            format!(
                "“{}” is not one of sgd, momentum, nesterov, adagrad, rmsprop, adam",
                parts[4]
            )
        })?;
    Ok(LiveSettings {
        learning_rate: parse_number(parts[0], 1e-5, 10.0)?,
        batch_size: parse_integer(parts[1], 1, 30)? as usize,
        regularization: regularization_from_key(parts[2])
            .ok_or_else(|| format!("“{}” is not none, l1 or l2", parts[2]))?,
        regularization_rate: parse_number(parts[3], 0.0, 10.0)?,
        optimizer,
    })
}

/// Parses the schedule "end:η,batch,reg,λ,opt;…" with strictly increasing ends.
fn parse_schedule(text: &str) -> Result<Vec<ScheduleEntry>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let mut entries: Vec<ScheduleEntry> = Vec::new();
    for item in trimmed.split(';') {
        let (end, settings) = item.split_once(':').ok_or_else(|| {
            format!("“{item}” is not epoch:η,batch,regularization,λ,optimizer (like 100:0.03,10,none,0,sgd)")
        })?;
        let end = parse_integer(end, 1, MAX_EPOCHS as i64)? as usize;
        if entries.last().is_some_and(|last| last.end >= end) {
            return Err("the epochs of the schedule must increase".into());
        }
        entries.push(ScheduleEntry {
            end,
            settings: parse_live(settings)?,
        });
    }
    Ok(entries)
}

fn format_schedule(entries: &[ScheduleEntry]) -> String {
    entries
        .iter()
        .map(|entry| format!("{}:{}", entry.end, format_live(&entry.settings)))
        .collect::<Vec<_>>()
        .join(";")
}

impl NnPlayground {
    fn enabled_features(&self) -> Vec<InputFeature> {
        FEATURE_KEYS
            .iter()
            .zip(self.features_on)
            .filter(|(_, on)| *on)
            .map(|((_, feature, _), _)| *feature)
            .collect()
    }

    /// The number of classes (1 for regression).
    fn class_count(&self) -> usize {
        match (self.problem, self.classification_set) {
            (Problem::Regression, _) => 1,
            (Problem::Classification, Some(kind)) => kind.class_count(),
            (Problem::Classification, None) => self
                .own_points
                .iter()
                .map(|p| p.class + 1)
                .max()
                .unwrap_or(2)
                .max(2),
        }
    }

    fn is_classification(&self) -> bool {
        self.problem == Problem::Classification
    }

    /// The loss in use: regression always squared error.
    fn loss(&self) -> Loss {
        if self.is_classification() {
            self.loss_choice
        } else {
            Loss::SquaredError
        }
    }

    fn output_unit(&self) -> OutputUnit {
        match (self.problem, self.loss(), self.class_count()) {
            (Problem::Regression, _, _) => OutputUnit::Linear,
            (_, Loss::SquaredError, _) => OutputUnit::Tanh,
            (_, Loss::CrossEntropy, 2) => OutputUnit::Sigmoid,
            (_, Loss::CrossEntropy, _) => OutputUnit::Softmax,
        }
    }

    fn architecture(&self) -> Architecture {
        let outputs = match self.class_count() {
            1 | 2 => 1,
            classes => classes,
        };
        let mut layer_sizes = vec![self.enabled_features().len()];
        layer_sizes.extend(&self.hidden_layers);
        layer_sizes.push(outputs);
        Architecture {
            layer_sizes,
            hidden_activation: self.activation,
            output_unit: self.output_unit(),
        }
    }

    /// The target vector of a point in the loss's encoding.
    fn encode_target(&self, point: &DataPoint, out: &mut Vec<f64>) {
        let classes = self.class_count();
        match (self.problem, self.output_unit()) {
            (Problem::Regression, _) => out.push(point.value),
            (_, OutputUnit::Tanh) if classes == 2 => {
                out.push(if point.class == 1 { 1.0 } else { -1.0 })
            }
            (_, OutputUnit::Tanh) => {
                out.extend((0..classes).map(|k| if k == point.class { 1.0 } else { -1.0 }));
            }
            (_, OutputUnit::Sigmoid) => out.push(if point.class == 1 { 1.0 } else { 0.0 }),
            _ => out.extend((0..classes).map(|k| f64::from(u8::from(k == point.class)))),
        }
    }

    fn encode(&self, points: &[DataPoint]) -> Examples {
        let features = self.enabled_features();
        let mut examples = Examples {
            feature_count: features.len(),
            target_count: self.architecture().layer_sizes.last().copied().unwrap_or(1),
            features: Vec::with_capacity(points.len() * features.len()),
            targets: Vec::with_capacity(points.len()),
        };
        let mut row = vec![0.0; features.len()];
        for point in points {
            compute_features(&features, point.x1, point.x2, &mut row);
            examples.features.extend_from_slice(&row);
            self.encode_target(point, &mut examples.targets);
        }
        examples
    }

    /// Regenerates the data, the network and its initial weights, and restarts training.
    fn rebuild(&mut self) {
        let noise = self.noise_percent / 100.0;
        let (train, test) = match (self.problem, self.classification_set) {
            (Problem::Regression, _) => shuffle_and_split(
                generate(self.regression_set, POINT_COUNT, noise, self.seed),
                self.train_percent / 100.0,
                self.seed ^ 0x5eed_0001,
            ),
            (Problem::Classification, Some(kind)) => shuffle_and_split(
                generate(kind, POINT_COUNT, noise, self.seed),
                self.train_percent / 100.0,
                self.seed ^ 0x5eed_0001,
            ),
            // Every clicked point trains: a handful of points split in two would leave too few.
            (Problem::Classification, None) => (self.own_points.clone(), Vec::new()),
        };
        self.train_points = train;
        self.test_points = test;
        self.train_examples = self.encode(&self.train_points);
        self.test_examples = self.encode(&self.test_points);
        let architecture = self.architecture();
        // The architecture is valid by construction (every control validates its part).
        if let Ok(mut network) =
            Network::new(architecture, self.init, self.seed.wrapping_add(0x1417))
        {
            if self.loaded_weights_fit(&network) {
                network.parameters.copy_from_slice(&self.loaded_weights);
            }
            self.workspace = network.workspace();
            self.initial_network = network;
        }
        self.selection = Selection::None;
        self.restart_training();
    }

    fn loaded_weights_fit(&self, network: &Network) -> bool {
        !self.loaded_weights.is_empty() && self.loaded_weights.len() == network.parameters.len()
    }

    /// The hidden layer the neuron buttons act on: the picked neuron's, else the last.
    fn target_hidden_layer(&self) -> Option<usize> {
        let hidden = self.hidden_layers.len();
        match self.selection {
            Selection::Neuron(layer, _) | Selection::Weight(layer, _, _)
                if layer >= 1 && layer <= hidden =>
            {
                Some(layer - 1)
            }
            _ => hidden.checked_sub(1),
        }
    }

    fn history_csv(&self) -> String {
        let layers = self.trainer.network.layer_count();
        let mut csv =
            String::from("epoch,train_loss,test_loss,train_accuracy_percent,test_accuracy_percent");
        for layer in 1..=layers {
            csv.push_str(&format!(",grad_norm_{layer}"));
        }
        csv.push('\n');
        let cell = |x: f64| {
            if x.is_finite() {
                format_param_number(x)
            } else {
                String::new()
            }
        };
        let mut records: Vec<&EpochRecord> = self
            .history
            .records
            .iter()
            .filter(|r| r.epoch <= self.epoch)
            .collect();
        if records.last().is_none_or(|r| r.epoch < self.epoch) {
            records.push(&self.latest);
        }
        for record in records {
            csv.push_str(&format!(
                "{},{},{},{},{}",
                record.epoch,
                cell(record.train_loss),
                cell(record.test_loss),
                cell(record.train_accuracy),
                cell(record.test_accuracy)
            ));
            for norm in &record.gradient_norms[..layers] {
                csv.push(',');
                csv.push_str(&cell(*norm));
            }
            csv.push('\n');
        }
        csv
    }

    fn data_csv(&self) -> String {
        let mut csv = String::from(if self.is_classification() {
            "x1,x2,class,set\n"
        } else {
            "x1,x2,value,set\n"
        });
        for (points, set) in [(&self.train_points, "train"), (&self.test_points, "test")] {
            for point in points {
                let label = if self.is_classification() {
                    point.class.to_string()
                } else {
                    format_param_number(point.value)
                };
                csv.push_str(&format!(
                    "{},{},{label},{set}\n",
                    format_param_number(point.x1),
                    format_param_number(point.x2)
                ));
            }
        }
        csv
    }

    /// Loads a network file: features, shape, activation and loss follow the file.
    fn load_network(&mut self, text: &str) -> Result<(), String> {
        let loaded = network_from_json(text)?;
        let architecture = loaded.network.architecture().clone();
        for (key, feature, _) in FEATURE_KEYS {
            self.set_param(key, &format_toggle(loaded.features.contains(&feature)))?;
        }
        let sizes = &architecture.layer_sizes;
        self.set_param("shape", &format_shape(&sizes[1..sizes.len() - 1]))?;
        self.set_param("activation", architecture.hidden_activation.key())?;
        match architecture.output_unit {
            OutputUnit::Linear => self.set_param("problem", "regression")?,
            OutputUnit::Tanh => {
                self.set_param("problem", "classification")?;
                self.set_param("loss", "squared")?;
            }
            OutputUnit::Sigmoid | OutputUnit::Softmax => {
                self.set_param("problem", "classification")?;
                self.set_param("loss", "cross-entropy")?;
            }
        }
        if self.architecture() != architecture {
            return Err(format!(
                "the file's network has {} output(s) but this data set needs {}",
                architecture.layer_sizes.last().copied().unwrap_or(0),
                self.architecture().layer_sizes.last().copied().unwrap_or(0)
            ));
        }
        let text = loaded
            .network
            .parameters
            .iter()
            .map(|w| format_param_number(*w))
            .collect::<Vec<_>>()
            .join(",");
        self.set_param("weights", &text)
    }

    /// Back to epoch 0 with the initial weights.
    fn restart_training(&mut self) {
        let optimizer = self.settings_at(0).optimizer;
        if let Ok(trainer) = Trainer::new(self.initial_network.clone(), optimizer) {
            self.trainer = trainer;
        }
        self.epoch = 0;
        self.diverged_at = None;
        self.history.clear();
        self.latest = self.evaluate_now(empty_record(0).gradient_norms);
        self.history.push(self.latest);
        self.weights_version = self.weights_version.wrapping_add(1);
    }

    fn evaluate_now(&mut self, gradient_norms: [f64; MAX_HIDDEN_LAYERS + 1]) -> EpochRecord {
        let (loss, classify) = (self.loss(), self.is_classification());
        let network = &self.trainer.network;
        let train = evaluate(
            network,
            &mut self.workspace,
            &self.train_examples,
            loss,
            classify,
        );
        let test = evaluate(
            network,
            &mut self.workspace,
            &self.test_examples,
            loss,
            classify,
        );
        EpochRecord {
            epoch: self.epoch,
            train_loss: train.loss,
            test_loss: test.loss,
            train_accuracy: 100.0 * train.accuracy,
            test_accuracy: 100.0 * test.accuracy,
            gradient_norms,
        }
    }

    /// The settings that train epoch `epoch` (0-based): the schedule's, else the current ones.
    fn settings_at(&self, epoch: usize) -> LiveSettings {
        self.schedule
            .iter()
            .find(|entry| epoch < entry.end)
            .map(|entry| entry.settings)
            .unwrap_or(self.live)
    }

    fn training_settings(&self, live: &LiveSettings) -> TrainingSettings {
        TrainingSettings {
            loss: self.loss(),
            batch_size: live.batch_size,
            regularization: live.regularization,
            regularization_rate: live.regularization_rate,
            optimizer: live.optimizer,
            hyper: Hyperparameters {
                learning_rate: live.learning_rate,
                ..Hyperparameters::default()
            },
        }
    }

    /// Trains one epoch; false when training cannot go on (diverged, at the limit, no data).
    fn train_one_epoch(&mut self) -> bool {
        let blocked = self.diverged_at.is_some_and(|d| self.epoch + 1 >= d);
        if blocked || self.epoch >= MAX_EPOCHS || self.train_examples.is_empty() {
            return false;
        }
        let live = self.settings_at(self.epoch);
        let settings = self.training_settings(&live);
        self.trainer.set_optimizer(live.optimizer);
        let norms = self.trainer.train_epoch(&self.train_examples, &settings);
        self.epoch += 1;
        self.weights_version = self.weights_version.wrapping_add(1);
        let mut gradient_norms = [f64::NAN; MAX_HIDDEN_LAYERS + 1];
        let finite = match norms {
            Some(norms) => {
                for (slot, norm) in gradient_norms.iter_mut().zip(norms) {
                    *slot = norm;
                }
                let record = self.evaluate_now(gradient_norms);
                let finite = record.train_loss.is_finite()
                    && (self.test_examples.is_empty() || record.test_loss.is_finite());
                if finite {
                    self.latest = record;
                    self.history.push(record);
                }
                finite
            }
            None => false,
        };
        if !finite {
            // Show the last finite state, reached exactly as a link would replay it.
            let diverged = self.epoch;
            self.go_to_epoch(diverged - 1);
            self.diverged_at = Some(diverged);
            return false;
        }
        true
    }

    /// Retrains from the initial weights when going back; trains forward otherwise. A run
    /// that diverged stops at the last finite epoch.
    fn go_to_epoch(&mut self, target: usize) {
        let target = target.min(MAX_EPOCHS);
        let limit = self
            .diverged_at
            .map_or(target, |d| target.min(d.saturating_sub(1)));
        if limit < self.epoch {
            let diverged_at = self.diverged_at;
            self.restart_training();
            self.diverged_at = diverged_at;
        }
        while self.epoch < limit && self.train_one_epoch() {}
    }

    /// Applies a live change: the settings used so far go into the schedule.
    fn change_live(&mut self, change: impl FnOnce(&mut LiveSettings)) {
        let mut new = self.live;
        change(&mut new);
        if new == self.live {
            return;
        }
        if self.epoch > 0 {
            let used = self.settings_at(self.epoch - 1);
            let epoch = self.epoch;
            self.schedule.retain(|entry| entry.end <= epoch);
            if self.schedule.last().map_or(0, |entry| entry.end) < epoch {
                self.schedule.push(ScheduleEntry {
                    end: epoch,
                    settings: used,
                });
            }
            // Neighbouring entries with equal settings are one segment.
            self.schedule.dedup_by(|later, earlier| {
                if later.settings == earlier.settings {
                    earlier.end = later.end;
                    true
                } else {
                    false
                }
            });
        } else {
            self.schedule.clear();
        }
        self.live = new;
        // New settings may train past the point where the old ones diverged.
        self.diverged_at = None;
        if self
            .schedule
            .last()
            .is_some_and(|entry| entry.settings == self.live)
        {
            self.schedule.pop();
        }
    }

    /// The value shown for the reader's selection, if it exists in the current network.
    fn selection_text(&self) -> String {
        let network = &self.trainer.network;
        let features = self.enabled_features();
        let sizes = network.layer_sizes();
        let layers = network.layer_count();
        let neuron_name = |layer: usize, neuron: usize| -> String {
            if layer == 0 {
                features
                    .get(neuron)
                    .map(|f| format!("input {}", f.label()))
                    .unwrap_or_default()
            } else if layer == layers {
                if sizes[layers] == 1 {
                    "the output".to_owned()
                } else {
                    format!("output {}", neuron + 1)
                }
            } else {
                format!("neuron {} of layer {}", neuron + 1, layer)
            }
        };
        match self.selection {
            Selection::None => "nothing (click a neuron or an edge)".to_owned(),
            Selection::Neuron(layer, neuron) if layer == 0 => neuron_name(layer, neuron),
            Selection::Neuron(layer, neuron) => match network.bias_index(layer, neuron) {
                Some(index) => format!(
                    "{}: bias {}",
                    neuron_name(layer, neuron),
                    format_number(network.parameters[index])
                ),
                None => "nothing".to_owned(),
            },
            Selection::Weight(layer, to, from) => match network.weight(layer, to, from) {
                Some(weight) => format!(
                    "weight from {} to {}: {}",
                    neuron_name(layer - 1, from),
                    neuron_name(layer, to),
                    format_number(weight)
                ),
                None => "nothing".to_owned(),
            },
        }
    }

    fn settings_caption(&self) -> String {
        let live = &self.live;
        let mut text = format!(
            "{} · η {} · batch {}",
            live.optimizer.label(),
            format_number(live.learning_rate),
            live.batch_size
        );
        match live.regularization {
            Regularization::None => {}
            Regularization::L1 => text.push_str(&format!(
                " · L1 {}",
                format_number(live.regularization_rate)
            )),
            Regularization::L2 => text.push_str(&format!(
                " · L2 {}",
                format_number(live.regularization_rate)
            )),
        }
        if !self.schedule.is_empty() {
            text.push_str(&format!(" (+{} earlier)", self.schedule.len()));
        }
        text
    }
}

/// A neuron box of the network diagram, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
struct NeuronBox {
    layer: usize,
    neuron: usize,
    centre_x: f64,
    centre_y: f64,
    size: f64,
}

impl NeuronBox {
    fn contains(&self, x: f64, y: f64) -> bool {
        (x - self.centre_x).abs() <= self.size / 2.0 && (y - self.centre_y).abs() <= self.size / 2.0
    }
}

/// The diagram's boxes, column by column, for a plot of `width × height` CSS pixels.
fn diagram_layout(layer_sizes: &[usize], width: f64, height: f64) -> Vec<Vec<NeuronBox>> {
    let (left, right, top, bottom) = (54.0, 14.0, 26.0, 8.0);
    let columns = layer_sizes.len().max(1);
    let tallest = layer_sizes.iter().copied().max().unwrap_or(1).max(1) as f64;
    let size = ((height - top - bottom) / (tallest * 1.3))
        .min((width - left - right) / (columns as f64 * 2.0))
        .clamp(6.0, 44.0);
    let usable_width = (width - left - right - size).max(1.0);
    let spacing_x = if columns > 1 {
        usable_width / (columns - 1) as f64
    } else {
        0.0
    };
    let middle = top + (height - top - bottom) / 2.0;
    layer_sizes
        .iter()
        .enumerate()
        .map(|(layer, &count)| {
            let centre_x = left + size / 2.0 + spacing_x * layer as f64;
            (0..count)
                .map(|neuron| NeuronBox {
                    layer,
                    neuron,
                    centre_x,
                    centre_y: middle + (neuron as f64 - (count as f64 - 1.0) / 2.0) * size * 1.3,
                    size,
                })
                .collect()
        })
        .collect()
}

/// Distance from `(x, y)` to the segment from `a` to `b`.
fn distance_to_segment(x: f64, y: f64, a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length_squared = dx * dx + dy * dy;
    let t = if length_squared > 0.0 {
        (((x - a.0) * dx + (y - a.1) * dy) / length_squared).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (x - a.0 - t * dx).hypot(y - a.1 - t * dy)
}

/// The neutral colour behind uncertain outputs.
fn neutral(theme_background: [u8; 3]) -> [u8; 3] {
    if theme_background[0] < 128 {
        [52, 56, 64]
    } else {
        [232, 234, 235]
    }
}

fn mix(from: [u8; 3], to: [u8; 3], t: f64) -> [u8; 4] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let channel =
        |i: usize| (f64::from(from[i]) + (f64::from(to[i]) - f64::from(from[i])) * t).round() as u8;
    [channel(0), channel(1), channel(2), 255]
}

/// A signed value in [−1, 1] as orange (negative) through neutral to blue (positive).
fn signed_colour(value: f64, base: [u8; 3], strength: f64) -> [u8; 4] {
    let v = if value.is_finite() {
        value.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let colour = if v < 0.0 {
        CLASS_COLOURS[0]
    } else {
        CLASS_COLOURS[1]
    };
    mix(base, colour, v.abs() * strength)
}

/// The boundary plot's colour for a network output.
fn output_colour(output: &[f64], unit: OutputUnit, discretize: bool, base: [u8; 3]) -> [u8; 4] {
    const STRENGTH: f64 = 0.8;
    if output.len() == 1 {
        let value = match unit {
            OutputUnit::Sigmoid => 2.0 * output[0] - 1.0,
            _ => output[0],
        };
        let value = if discretize && unit != OutputUnit::Linear {
            if value > 0.0 { 1.0 } else { -1.0 }
        } else {
            value
        };
        return signed_colour(value, base, STRENGTH);
    }
    // Several classes: the winner's colour, as strong as its lead over a uniform guess.
    let classes = output.len() as f64;
    let probability = |o: f64| match unit {
        OutputUnit::Softmax => o,
        _ => (o + 1.0) / 2.0,
    };
    let total: f64 = output.iter().map(|&o| probability(o)).sum();
    let mut best = 0;
    for (k, &o) in output.iter().enumerate() {
        if o > output[best] {
            best = k;
        }
    }
    let share = if total > 0.0 {
        probability(output[best]) / total
    } else {
        1.0 / classes
    };
    let confidence = if discretize {
        1.0
    } else {
        (share - 1.0 / classes) / (1.0 - 1.0 / classes)
    };
    mix(base, CLASS_COLOURS[best.min(3)], confidence * STRENGTH)
}

/// Model coordinate of grid cell `index` of `cells` across [−6, 6].
fn cell_centre(index: usize, cells: usize) -> f64 {
    -DOMAIN_RADIUS + (index as f64 + 0.5) * 2.0 * DOMAIN_RADIUS / cells as f64
}

/// The smallest 1-2-5 number at least `value`.
fn nice_ceiling(value: f64) -> f64 {
    let magnitude = 10f64.powf(value.max(1.0).log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|candidate| *candidate >= value)
        .unwrap_or(value)
}

impl NnPlayground {
    /// Fills the 100×100 boundary raster (one pixel per cell; CSS stretches it).
    fn paint_boundary(&mut self, frame: &Frame) {
        let unit = self.trainer.network.architecture().output_unit;
        let base = neutral(frame.theme.background);
        let key = hash_of((self.weights_version, self.discretize, base, unit));
        if key == self.cache.boundary_key && self.cache.boundary.width as usize == BOUNDARY_CELLS {
            return;
        }
        let features = self.enabled_features();
        let mut input = vec![0.0; features.len()];
        let image = &mut self.cache.boundary;
        image.resize(BOUNDARY_CELLS as u32, BOUNDARY_CELLS as u32);
        let network = &self.trainer.network;
        for row in 0..BOUNDARY_CELLS {
            // Row 0 is the top of the picture: x₂ = +6.
            let x2 = -cell_centre(row, BOUNDARY_CELLS);
            for column in 0..BOUNDARY_CELLS {
                let x1 = cell_centre(column, BOUNDARY_CELLS);
                compute_features(&features, x1, x2, &mut input);
                let output = network.forward(&input, &mut self.workspace, false);
                let colour = output_colour(output, unit, self.discretize, base);
                let index = (row * BOUNDARY_CELLS + column) * 4;
                image.pixels[index..index + 4].copy_from_slice(&colour);
            }
        }
        self.cache.boundary_key = key;
    }

    /// Every neuron's output on the small grid, for the diagram's thumbnails.
    fn compute_neuron_grids(&mut self) {
        let features = self.enabled_features();
        let key = hash_of((self.weights_version, features.len()));
        if key == self.cache.neuron_grids_key && !self.cache.neuron_grids.is_empty() {
            return;
        }
        let sizes = self.trainer.network.layer_sizes().to_vec();
        let cells = NEURON_CELLS * NEURON_CELLS;
        let mut grids: Vec<Vec<Vec<f64>>> =
            sizes.iter().map(|&n| vec![vec![0.0; cells]; n]).collect();
        let mut input = vec![0.0; features.len()];
        for row in 0..NEURON_CELLS {
            let x2 = -cell_centre(row, NEURON_CELLS);
            for column in 0..NEURON_CELLS {
                let x1 = cell_centre(column, NEURON_CELLS);
                compute_features(&features, x1, x2, &mut input);
                self.trainer
                    .network
                    .forward(&input, &mut self.workspace, false);
                let cell = row * NEURON_CELLS + column;
                for (layer, layer_grids) in grids.iter_mut().enumerate() {
                    for (neuron, grid) in layer_grids.iter_mut().enumerate() {
                        grid[cell] = self.workspace.post[layer][neuron];
                    }
                }
            }
        }
        self.cache.neuron_grids = grids;
        self.cache.neuron_grids_key = key;
    }

    /// The diagram's raster at half the CSS resolution: each neuron's thumbnail in its box.
    fn paint_network(&mut self, frame: &Frame) {
        let (css_width, css_height) = (frame.geometry.css_width, frame.geometry.css_height);
        let base = neutral(frame.theme.background);
        let key = hash_of((
            self.weights_version,
            css_width.to_bits(),
            css_height.to_bits(),
            base,
            self.enabled_features().len(),
        ));
        let (width, height) = (
            (css_width / 2.0).round().max(1.0) as u32,
            (css_height / 2.0).round().max(1.0) as u32,
        );
        if key == self.cache.network_key && self.cache.network.width == width {
            return;
        }
        self.compute_neuron_grids();
        let layout = diagram_layout(self.trainer.network.layer_sizes(), css_width, css_height);
        let image = &mut self.cache.network;
        image.resize(width, height);
        image.pixels.iter_mut().for_each(|p| *p = 0);
        for column in &layout {
            for neuron_box in column {
                let Some(grid) = self
                    .cache
                    .neuron_grids
                    .get(neuron_box.layer)
                    .and_then(|layer| layer.get(neuron_box.neuron))
                else {
                    continue;
                };
                // Inputs and unbounded neurons are scaled by their largest magnitude.
                let largest = grid.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
                let scale = if largest > 1.0 && largest.is_finite() {
                    1.0 / largest
                } else {
                    1.0
                };
                let half = neuron_box.size / 2.0;
                let (x0, y0) = (
                    ((neuron_box.centre_x - half) / 2.0).floor().max(0.0) as u32,
                    ((neuron_box.centre_y - half) / 2.0).floor().max(0.0) as u32,
                );
                let (x1, y1) = (
                    (((neuron_box.centre_x + half) / 2.0).ceil() as u32).min(width),
                    (((neuron_box.centre_y + half) / 2.0).ceil() as u32).min(height),
                );
                let span_x = (x1.saturating_sub(x0)).max(1) as f64;
                let span_y = (y1.saturating_sub(y0)).max(1) as f64;
                for py in y0..y1 {
                    let row = (((py - y0) as f64 + 0.5) / span_y * NEURON_CELLS as f64) as usize;
                    for px in x0..x1 {
                        let column =
                            (((px - x0) as f64 + 0.5) / span_x * NEURON_CELLS as f64) as usize;
                        let cell =
                            row.min(NEURON_CELLS - 1) * NEURON_CELLS + column.min(NEURON_CELLS - 1);
                        image.set_pixel(px, py, signed_colour(grid[cell] * scale, base, 0.9));
                    }
                }
            }
        }
        self.cache.network_key = key;
    }

    /// Model → CSS pixel on the boundary plot (the whole plot is the square [−6, 6]²).
    fn boundary_to_css(x1: f64, x2: f64, width: f64, height: f64) -> (f64, f64) {
        (
            (x1 + DOMAIN_RADIUS) / (2.0 * DOMAIN_RADIUS) * width,
            (DOMAIN_RADIUS - x2) / (2.0 * DOMAIN_RADIUS) * height,
        )
    }

    fn draw_boundary_points<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let (width, height) = (frame.geometry.css_width, frame.geometry.css_height);
        let to_pixel = |p: &DataPoint| {
            let (x, y) = Self::boundary_to_css(p.x1, p.x2, width, height);
            ((frame.px(x)) as i32, (frame.px(y)) as i32)
        };
        let radius = frame.px(3.2) as i32;
        let outline = if theme.background[0] < 128 {
            [20, 20, 20]
        } else {
            [255, 255, 255]
        };
        let regression = !self.is_classification();
        let point_colour = |p: &DataPoint| -> [u8; 3] {
            if regression {
                let [r, g, b, _] = signed_colour(p.value, [128, 128, 128], 1.0);
                [r, g, b]
            } else {
                CLASS_COLOURS[p.class.min(3)]
            }
        };
        if self.show_test {
            for point in &self.test_points {
                let centre = to_pixel(point);
                area.draw(&Circle::new(
                    centre,
                    radius + 1,
                    fill_style(point_colour(point)),
                ))
                .map_err(draw_error)?;
                area.draw(&Circle::new(
                    centre,
                    radius + 1,
                    line_style([0, 0, 0], frame, 1.3),
                ))
                .map_err(draw_error)?;
            }
        }
        for point in &self.train_points {
            let centre = to_pixel(point);
            area.draw(&Circle::new(
                centre,
                radius,
                fill_style(point_colour(point)),
            ))
            .map_err(draw_error)?;
            area.draw(&Circle::new(
                centre,
                radius,
                line_style(outline, frame, 1.0),
            ))
            .map_err(draw_error)?;
        }
        // Tick labels inside the edges: the plot is the whole square [−6, 6]².
        let label_style = text_style(frame, 10.0, theme.text);
        for tick in [-4.0, -2.0, 2.0, 4.0_f64] {
            let (x, _) = Self::boundary_to_css(tick, 0.0, width, height);
            area.draw(&Text::new(
                format!("{tick}"),
                (frame.px(x) as i32, frame.px(height - 3.0) as i32),
                label_style.pos(Pos::new(HPos::Center, VPos::Bottom)),
            ))
            .map_err(draw_error)?;
            let (_, y) = Self::boundary_to_css(0.0, tick, width, height);
            area.draw(&Text::new(
                format!("{tick}"),
                (frame.px(3.0) as i32, frame.px(y) as i32),
                label_style.pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        area.draw(&Text::new(
            "x₁ →",
            (frame.px(width - 4.0) as i32, frame.px(height - 3.0) as i32),
            label_style.pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))
        .map_err(draw_error)?;
        area.draw(&Text::new(
            "x₂ ↑",
            (frame.px(3.0) as i32, frame.px(4.0) as i32),
            label_style.pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(draw_error)?;
        if self.is_classification() && self.classification_set.is_none() {
            let colour = CLASS_COLOURS[self.click_class.min(3)];
            let (x, y) = (frame.px(width - 12.0) as i32, frame.px(12.0) as i32);
            area.draw(&Circle::new(
                (x, y),
                frame.px(6.0) as i32,
                fill_style(colour),
            ))
            .map_err(draw_error)?;
            area.draw(&Text::new(
                "a click adds",
                (x - frame.px(10.0) as i32, y),
                text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_network_diagram<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let network = &self.trainer.network;
        let sizes = network.layer_sizes();
        let layout = diagram_layout(sizes, frame.geometry.css_width, frame.geometry.css_height);
        let px = |v: f64| frame.px(v) as i32;
        // Edges first, so the boxes sit on top.
        for layer in 1..layout.len() {
            for to in &layout[layer] {
                for from in &layout[layer - 1] {
                    let Some(weight) = network.weight(layer, to.neuron, from.neuron) else {
                        continue;
                    };
                    let selected =
                        self.selection == Selection::Weight(layer, to.neuron, from.neuron);
                    let colour = if selected {
                        theme.text
                    } else if weight < 0.0 {
                        CLASS_COLOURS[0]
                    } else {
                        CLASS_COLOURS[1]
                    };
                    let width = if selected {
                        3.5
                    } else {
                        0.5 + weight.abs().min(3.0) * 1.2
                    };
                    let style = ShapeStyle {
                        color: rgb(colour).mix(if selected { 1.0 } else { 0.75 }),
                        filled: false,
                        stroke_width: frame.px(width).round().max(1.0) as u32,
                    };
                    area.draw(&PathElement::new(
                        vec![
                            (px(from.centre_x + from.size / 2.0), px(from.centre_y)),
                            (px(to.centre_x - to.size / 2.0), px(to.centre_y)),
                        ],
                        style,
                    ))
                    .map_err(draw_error)?;
                }
            }
        }
        let features = self.enabled_features();
        let columns = layout.len();
        let spacing = if columns > 1 {
            layout[1].first().map_or(0.0, |b| b.centre_x)
                - layout[0].first().map_or(0.0, |b| b.centre_x)
        } else {
            100.0
        };
        for (layer, column) in layout.iter().enumerate() {
            for neuron_box in column {
                let half = neuron_box.size / 2.0;
                let selected = self.selection == Selection::Neuron(layer, neuron_box.neuron);
                area.draw(&Rectangle::new(
                    [
                        (
                            px(neuron_box.centre_x - half),
                            px(neuron_box.centre_y - half),
                        ),
                        (
                            px(neuron_box.centre_x + half),
                            px(neuron_box.centre_y + half),
                        ),
                    ],
                    line_style(
                        if selected { theme.text } else { theme.axis },
                        frame,
                        if selected { 2.5 } else { 1.0 },
                    ),
                ))
                .map_err(draw_error)?;
                if layer == 0
                    && let Some(feature) = features.get(neuron_box.neuron)
                {
                    area.draw(&Text::new(
                        feature.label(),
                        (
                            px(neuron_box.centre_x - half - 4.0),
                            px(neuron_box.centre_y),
                        ),
                        text_style(frame, 11.0, theme.text)
                            .pos(Pos::new(HPos::Right, VPos::Center)),
                    ))
                    .map_err(draw_error)?;
                }
            }
            let heading = if layer == 0 {
                "inputs".to_owned()
            } else if layer + 1 == columns {
                "output".to_owned()
            } else if spacing > 64.0 {
                format!(
                    "{} neuron{}",
                    sizes[layer],
                    if sizes[layer] == 1 { "" } else { "s" }
                )
            } else {
                format!("L{layer}")
            };
            let centre_x = column.first().map_or(0.0, |b| b.centre_x);
            area.draw(&Text::new(
                heading,
                (px(centre_x), px(6.0)),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(draw_error)?;
        }
        if features.is_empty() {
            area.draw(&Text::new(
                "no input feature is on",
                (px(8.0), px(frame.geometry.css_height / 2.0)),
                text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    /// The points of the curves (from the bounded history, plus the latest epoch).
    fn curve(&self, value: impl Fn(&EpochRecord) -> f64) -> Vec<(f64, f64)> {
        let mut points: Vec<(f64, f64)> = self
            .history
            .records
            .iter()
            .filter(|r| r.epoch <= self.epoch)
            .map(|r| (r.epoch as f64, value(r)))
            .collect();
        if points.last().is_none_or(|(x, _)| *x < self.epoch as f64) {
            points.push((self.epoch as f64, value(&self.latest)));
        }
        points
    }

    /// Builds plot `plot`'s chart series and options and hands them to `use_chart`.
    fn with_chart<R>(
        &self,
        plot: usize,
        frame: &Frame,
        parts: ChartParts,
        use_chart: impl FnOnce(&[Series], &ChartOptions) -> R,
    ) -> R {
        let x_range = Some((0.0, nice_ceiling((self.epoch as f64).max(10.0))));
        let caption = self.settings_caption();
        let base = ChartOptions {
            title: None,
            x_label: "epoch",
            y_label: "",
            y_scale: AxisScale::Linear,
            x_range,
            theme: frame.theme,
            font_px: frame.font(11.0),
            line_px: frame.px(1.8),
            legend: true,
            parts,
        };
        match plot {
            2 => {
                let train = self.curve(|r| r.train_loss);
                let test = self.curve(|r| r.test_loss);
                let mut series = vec![Series {
                    label: "training loss",
                    colour: SERIES_COLOURS[0],
                    points: &train,
                    marker: None,
                }];
                if !self.test_points.is_empty() {
                    series.push(Series {
                        label: "test loss",
                        colour: SERIES_COLOURS[1],
                        points: &test,
                        marker: None,
                    });
                }
                let options = ChartOptions {
                    title: Some(&caption),
                    y_label: "mean loss",
                    y_scale: if self.log_loss {
                        AxisScale::Log
                    } else {
                        AxisScale::Linear
                    },
                    ..base
                };
                use_chart(&series, &options)
            }
            3 => {
                let train = self.curve(|r| r.train_accuracy);
                let test = self.curve(|r| r.test_accuracy);
                let mut series = vec![Series {
                    label: "training accuracy",
                    colour: SERIES_COLOURS[0],
                    points: &train,
                    marker: None,
                }];
                if !self.test_points.is_empty() {
                    series.push(Series {
                        label: "test accuracy",
                        colour: SERIES_COLOURS[1],
                        points: &test,
                        marker: None,
                    });
                }
                let options = ChartOptions {
                    y_label: "% correct",
                    ..base
                };
                use_chart(&series, &options)
            }
            _ => {
                let layers = self.trainer.network.layer_count();
                let curves: Vec<Vec<(f64, f64)>> = (0..layers)
                    .map(|layer| self.curve(|r| r.gradient_norms[layer]))
                    .collect();
                let labels: Vec<String> = (0..layers)
                    .map(|layer| {
                        if layer + 1 == layers {
                            "W out".to_owned()
                        } else {
                            format!("W{}", layer + 1)
                        }
                    })
                    .collect();
                let series: Vec<Series> = curves
                    .iter()
                    .zip(&labels)
                    .enumerate()
                    .map(|(index, (points, label))| Series {
                        label,
                        colour: SERIES_COLOURS[index % SERIES_COLOURS.len()],
                        points,
                        marker: None,
                    })
                    .collect();
                let options = ChartOptions {
                    y_label: "‖∂L/∂W‖",
                    y_scale: AxisScale::Log,
                    ..base
                };
                use_chart(&series, &options)
            }
        }
    }

    fn chart_frame_key(&self, plot: usize) -> u64 {
        let frame = Frame::light(1.0, 1.0, 1.0);
        self.with_chart(plot, &frame, ChartParts::Frame, |series, options| {
            let (low, high) = chart_y_range(series, options);
            let labels: Vec<&str> = series.iter().map(|s| s.label).collect();
            hash_of((
                low.to_bits(),
                high.to_bits(),
                options.x_range.map(|(a, b)| (a.to_bits(), b.to_bits())),
                options.y_scale == AxisScale::Log,
                options.title.map(str::to_owned),
                labels,
            ))
        })
    }

    fn draw_message<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
        message: &str,
    ) -> DrawResult {
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        area.draw(&Text::new(
            message.to_owned(),
            (
                frame.px(12.0) as i32,
                frame.px(frame.geometry.css_height / 2.0) as i32,
            ),
            text_style(frame, 12.0, frame.theme.muted_text).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(draw_error)
    }
}

impl DrawDemo for NnPlayground {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        match (plot, layer) {
            // The boundary and the diagram draw their heatmaps as rasters under the
            // background layer, which stays empty; everything vector goes on top.
            (0 | 1, Layer::Background) => Ok(()),
            (0, Layer::Foreground) => self.draw_boundary_points(area, frame),
            (1, Layer::Foreground) => self.draw_network_diagram(area, frame),
            (3, Layer::Background) if !self.is_classification() => Self::draw_message(
                area,
                frame,
                "Accuracy is for classification; regression has only the loss.",
            ),
            (3, Layer::Foreground) if !self.is_classification() => Ok(()),
            (_, Layer::Background) => {
                self.with_chart(plot, frame, ChartParts::Frame, |series, options| {
                    draw_line_chart(area, series, options)
                })
            }
            (_, Layer::Foreground) => {
                self.with_chart(plot, frame, ChartParts::Series, |series, options| {
                    draw_line_chart(area, series, options)
                })
            }
        }
    }
}

/// Reads a seed: a whole number, or a playground seed like "0.12345" (its digits).
fn parse_seed(value: &str) -> Result<u64, String> {
    let trimmed = value.trim();
    if let Some(digits) = trimmed.strip_prefix("0.")
        && (1..=9).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return digits
            .parse::<u64>()
            .map_err(|_| format!("“{value}” is not a seed"));
    }
    parse_integer(value, 0, 999_999_999)
        .map(|n| n as u64)
        .map_err(|e| format!("{e} (a playground seed like 0.12345 also works)"))
}

impl Demo for NnPlayground {
    fn param(&self, key: &str) -> Option<String> {
        if let Some(index) = FEATURE_KEYS.iter().position(|(k, _, _)| *k == key) {
            return Some(format_toggle(self.features_on[index]));
        }
        Some(match key {
            "problem" => match self.problem {
                Problem::Classification => "classification",
                Problem::Regression => "regression",
            }
            .to_owned(),
            "data" => dataset_key(self.classification_set).to_owned(),
            "reg-data" => dataset_key(Some(self.regression_set)).to_owned(),
            "noise" => format_param_number(self.noise_percent),
            "train-percent" => format_param_number(self.train_percent),
            "seed" => self.seed.to_string(),
            "points" => format_points(&self.own_points),
            "class" => self.click_class.to_string(),
            "shape" => format_shape(&self.hidden_layers),
            "activation" => self.activation.key().to_owned(),
            "loss" => loss_key(self.loss_choice).to_owned(),
            "init" => init_key(self.init).to_owned(),
            "weights" => self
                .loaded_weights
                .iter()
                .map(|w| format_param_number(*w))
                .collect::<Vec<_>>()
                .join(","),
            "optimizer" => self.live.optimizer.id().to_owned(),
            "lr" => format_param_number(self.live.learning_rate),
            "batch" => self.live.batch_size.to_string(),
            "regularization" => regularization_key(self.live.regularization).to_owned(),
            "reg-rate" => format_param_number(self.live.regularization_rate),
            "schedule" => format_schedule(&self.schedule),
            "show-test" => format_toggle(self.show_test),
            "discretize" => format_toggle(self.discretize),
            "log-loss" => format_toggle(self.log_loss),
            "speed" => self
                .epochs_per_frame
                .map_or_else(|| "max".to_owned(), |n| n.to_string()),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        if let Some(index) = FEATURE_KEYS.iter().position(|(k, _, _)| *k == key) {
            let on = parse_toggle(value)?;
            if self.features_on[index] != on {
                self.features_on[index] = on;
                self.rebuild();
            }
            return Ok(());
        }
        // Data, features and architecture rebuild and restart; the rest applies live.
        let mut rebuild = true;
        match key {
            "problem" => {
                self.problem = match parse_choice(value, PROBLEMS)? {
                    "regression" => Problem::Regression,
                    _ => Problem::Classification,
                };
            }
            "data" => {
                let choice = parse_choice(value, CLASSIFICATION_SETS)?;
                self.classification_set =
                    classification_set_from_key(choice).unwrap_or(Some(DatasetKind::Circle));
            }
            "reg-data" => {
                // The playground writes reg-plane and reg-gauss.
                let translated = match value.trim() {
                    "reg-plane" => "plane",
                    "reg-gauss" => "gauss-mix",
                    other => other,
                };
                self.regression_set = match parse_choice(translated, REGRESSION_SETS)? {
                    "gauss-mix" => DatasetKind::GaussianMixture,
                    _ => DatasetKind::Plane,
                };
            }
            "noise" => self.noise_percent = parse_number(value, 0.0, 50.0)?,
            "train-percent" => self.train_percent = parse_number(value, 10.0, 90.0)?,
            "seed" => self.seed = parse_seed(value)?,
            "points" => {
                self.own_points = parse_points(value)?;
                rebuild = self.classification_set.is_none();
            }
            "class" => {
                self.click_class =
                    parse_integer(parse_choice(value, CLASS_CHOICES)?, 0, 3)? as usize;
                rebuild = false;
            }
            "shape" => self.hidden_layers = parse_shape(value)?,
            "activation" => {
                let choice = parse_choice(value, ACTIVATIONS)?;
                self.activation = Activation::from_key(choice).unwrap_or(Activation::Tanh);
            }
            "loss" => {
                self.loss_choice = match parse_choice(value, LOSSES)? {
                    "cross-entropy" => Loss::CrossEntropy,
                    _ => Loss::SquaredError,
                };
            }
            "init" => {
                // The playground's initZero=true/false.
                let translated = match value.trim() {
                    "true" => "zero",
                    "false" => "playground",
                    other => other,
                };
                self.init = match parse_choice(translated, INITS)? {
                    "xavier" => WeightInit::Xavier,
                    "he" => WeightInit::He,
                    "zero" => WeightInit::Zero,
                    _ => WeightInit::Playground,
                };
            }
            "weights" => {
                let trimmed = value.trim();
                self.loaded_weights = if trimmed.is_empty() {
                    Vec::new()
                } else {
                    trimmed
                        .split(',')
                        .map(|w| parse_number(w, -1e6, 1e6))
                        .collect::<Result<_, _>>()
                        .map_err(|e| {
                            format!("{e} (expected the weights as numbers separated by commas)")
                        })?
                };
            }
            "optimizer" => {
                let kind = OptimizerKind::from_id(parse_choice(value, OPTIMIZERS)?)
                    .unwrap_or(OptimizerKind::Sgd);
                self.change_live(|live| live.optimizer = kind);
                rebuild = false;
            }
            "lr" => {
                let rate = round_significant(parse_number(value, 1e-5, 10.0)?, 4);
                self.change_live(|live| live.learning_rate = rate);
                rebuild = false;
            }
            "batch" => {
                let size = parse_integer(value, 1, 30)? as usize;
                self.change_live(|live| live.batch_size = size);
                rebuild = false;
            }
            "regularization" => {
                let regularization = regularization_from_key(parse_choice(value, REGULARIZATIONS)?)
                    .unwrap_or(Regularization::None);
                self.change_live(|live| live.regularization = regularization);
                rebuild = false;
            }
            "reg-rate" => {
                let rate = parse_number(value, 0.0, 10.0)?;
                self.change_live(|live| live.regularization_rate = rate);
                rebuild = false;
            }
            "schedule" => {
                let schedule = parse_schedule(value)?;
                if schedule != self.schedule {
                    self.schedule = schedule;
                    let epoch = self.epoch;
                    self.restart_training();
                    self.go_to_epoch(epoch);
                }
                rebuild = false;
            }
            "show-test" => {
                self.show_test = parse_toggle(value)?;
                rebuild = false;
            }
            "discretize" => {
                self.discretize = parse_toggle(value)?;
                rebuild = false;
            }
            "log-loss" => {
                self.log_loss = parse_toggle(value)?;
                rebuild = false;
            }
            "speed" => {
                self.epochs_per_frame = parse_choice(value, SPEEDS)?.parse().ok();
                rebuild = false;
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        if rebuild {
            // The recorded settings belonged to the run that just ended.
            self.schedule.clear();
            self.rebuild();
        }
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        let own = self.is_classification() && self.classification_set.is_none();
        match key {
            "data" | "loss" => self.is_classification(),
            "reg-data" => !self.is_classification(),
            "points" | "class" => own,
            "noise" | "train-percent" => !own,
            "reg-rate" => self.live.regularization != Regularization::None,
            _ => true,
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "shape" => Some(format!(
                "{} weights and biases in all",
                self.trainer.network.parameters.len()
            )),
            "lr" => self.diverged_at.map(|epoch| {
                format!("This η made the loss infinite at epoch {epoch}; a smaller one continues from epoch {}.", epoch - 1)
            }),
            _ => None,
        }
    }

    fn default_step(&self) -> usize {
        0
    }

    fn current_step(&self) -> usize {
        self.epoch
    }

    fn max_step(&self) -> usize {
        MAX_EPOCHS
    }

    fn go_to_step(&mut self, step: usize) {
        self.go_to_epoch(step);
    }

    fn advance_frame(&mut self) -> bool {
        // Without a clock, "max" trains a fixed 20 epochs per frame.
        for _ in 0..self.epochs_per_frame.unwrap_or(20) {
            if !self.train_one_epoch() {
                return false;
            }
        }
        self.epoch < MAX_EPOCHS
    }

    fn advance_frame_budgeted(&mut self, now_ms: &dyn Fn() -> f64, budget_ms: f64) -> bool {
        if self.epochs_per_frame.is_some() {
            return self.advance_frame();
        }
        // As many epochs as fit: stop when the next one (as long as the slowest so far)
        // would overrun the budget.
        let start = now_ms();
        let mut slowest: f64 = 0.0;
        loop {
            let before = now_ms();
            if !self.train_one_epoch() {
                return false;
            }
            let after = now_ms();
            slowest = slowest.max(after - before);
            if self.epoch >= MAX_EPOCHS {
                return false;
            }
            if after - start + slowest > budget_ms {
                return true;
            }
        }
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        let mut layers = self.hidden_layers.clone();
        match key {
            "add-layer" => {
                if layers.len() >= MAX_HIDDEN_LAYERS {
                    return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers"));
                }
                layers.push(2);
            }
            "remove-layer" => {
                if layers.pop().is_none() {
                    return Err("there is no hidden layer to remove".into());
                }
            }
            "add-neuron" | "remove-neuron" => {
                let index = self
                    .target_hidden_layer()
                    .ok_or("add a hidden layer first")?;
                let count = &mut layers[index];
                if key == "add-neuron" {
                    if *count >= MAX_NEURONS_PER_LAYER {
                        return Err(format!("at most {MAX_NEURONS_PER_LAYER} neurons per layer"));
                    }
                    *count += 1;
                } else {
                    if *count <= 1 {
                        return Err(
                            "a layer keeps at least one neuron (remove the layer instead)".into(),
                        );
                    }
                    *count -= 1;
                }
            }
            "regenerate" => {
                return self.set_param("seed", &((self.seed + 1) % 1_000_000_000).to_string());
            }
            "clear-points" => return self.set_param("points", ""),
            _ => return Err(format!("“{key}” is not an action of this demo")),
        }
        let selection = self.selection;
        self.set_param("shape", &format_shape(&layers))?;
        // Keep the picked neuron picked when it still exists, so repeated clicks act on it.
        if let Selection::Neuron(layer, neuron) = selection
            && layer < self.trainer.network.layer_sizes().len()
            && neuron < self.trainer.network.layer_sizes()[layer]
        {
            self.selection = selection;
        }
        Ok(())
    }

    fn export(&self, key: &str) -> Option<String> {
        match key {
            "network" => Some(network_to_json(
                &self.trainer.network,
                &self.enabled_features(),
            )),
            "history" => Some(self.history_csv()),
            "data" => Some(self.data_csv()),
            _ => None,
        }
    }

    fn import_text(&mut self, key: &str, text: &str) -> Result<(), String> {
        if key != "network" {
            return Err(format!("“{key}” is not a file input of this demo"));
        }
        // All or nothing: a file that does not fit leaves the page as it was.
        let before = self.clone();
        let result = self.load_network(text);
        if result.is_err() {
            *self = before;
        }
        result
    }

    fn readouts(&self) -> Vec<Readout> {
        let readout = |name: &str, label: &str, value: ReadoutValue, group: &str| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: group.to_owned(),
        };
        let number_or = |value: f64, otherwise: &str| {
            if value.is_finite() {
                ReadoutValue::Number(value)
            } else {
                ReadoutValue::Text(otherwise.to_owned())
            }
        };
        let record = &self.latest;
        let classification = self.is_classification();
        let accuracy = |value: f64, empty: &str| {
            if classification {
                number_or(value, empty)
            } else {
                ReadoutValue::Text("— (regression)".to_owned())
            }
        };
        let network = &self.trainer.network;
        let mut readouts = vec![
            readout(
                "epoch",
                "Epoch",
                ReadoutValue::Integer(self.epoch as i64),
                "",
            ),
            readout(
                "train-loss",
                "Training loss",
                number_or(record.train_loss, "undefined (no training points)"),
                "",
            ),
            readout(
                "test-loss",
                "Test loss",
                number_or(record.test_loss, "undefined (no test points)"),
                "",
            ),
            readout(
                "train-accuracy",
                "Training accuracy (%)",
                accuracy(record.train_accuracy, "undefined (no training points)"),
                "",
            ),
            readout(
                "test-accuracy",
                "Test accuracy (%)",
                accuracy(record.test_accuracy, "undefined (no test points)"),
                "",
            ),
            readout(
                "penalty",
                "Penalty λR(W)",
                number_or(
                    network.penalty(self.live.regularization, self.live.regularization_rate),
                    "undefined",
                ),
                "",
            ),
            readout(
                "parameters",
                "Weights and biases",
                ReadoutValue::Integer(network.parameters.len() as i64),
                "",
            ),
            readout(
                "train-points",
                "Training points",
                ReadoutValue::Integer(self.train_points.len() as i64),
                "",
            ),
            readout(
                "test-points",
                "Test points",
                ReadoutValue::Integer(self.test_points.len() as i64),
                "",
            ),
        ];
        for layer in 1..=network.layer_count() {
            let label = if layer == network.layer_count() {
                "‖∂L/∂W‖ into the output".to_owned()
            } else {
                format!("‖∂L/∂W‖ into layer {layer}")
            };
            readouts.push(readout(
                &format!("grad-norm.{layer}"),
                &label,
                number_or(record.gradient_norms[layer - 1], "— (no update yet)"),
                "",
            ));
        }
        readouts.push(readout(
            "selected",
            "Selected",
            ReadoutValue::Text(self.selection_text()),
            "",
        ));
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Some(epoch) = self.diverged_at {
            let live = self.settings_at(epoch - 1);
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "The loss became infinite at epoch {epoch}: the learning rate η = {} is too large for this network ({}), so the updates overshoot and grow until the numbers overflow. Training stopped at epoch {}, the last finite one; lower η (or switch to Adam) and press play to go on from there.",
                    format_number(live.learning_rate),
                    live.optimizer.label(),
                    epoch - 1
                ),
            });
        }
        if !self.loaded_weights.is_empty() && !self.loaded_weights_fit(&self.initial_network) {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "The loaded starting weights ({}) do not fit this network ({} weights and biases), so the starting weights come from the seed.",
                    self.loaded_weights.len(),
                    self.initial_network.parameters.len()
                ),
            });
        }
        if self.enabled_features().is_empty() {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: "Every input feature is off: the network sees nothing of the point and can only learn a constant.".into(),
            });
        }
        if self.train_points.is_empty() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "No training points: click the data plot to add points of the chosen class (or type them into “My points”).".into(),
            });
        }
        if self.epoch >= MAX_EPOCHS {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "Training stops at {MAX_EPOCHS} epochs, the longest run a link replays."
                ),
            });
        }
        notices
    }

    fn background_key(&self, plot: usize) -> u64 {
        match plot {
            0 => hash_of((self.weights_version, self.discretize)),
            1 => hash_of((self.weights_version, self.enabled_features().len())),
            3 if !self.is_classification() => hash_of("regression"),
            _ => self.chart_frame_key(plot),
        }
    }

    fn background_raster(&mut self, plot: usize, frame: &Frame) -> Option<&RgbaImage> {
        match plot {
            0 => {
                self.paint_boundary(frame);
                Some(&self.cache.boundary)
            }
            1 => {
                self.paint_network(frame);
                Some(&self.cache.network)
            }
            _ => None,
        }
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if input.phase != PointerPhase::Down || input.css_width <= 0.0 || input.css_height <= 0.0 {
            return false;
        }
        match plot {
            0 if self.is_classification() && self.classification_set.is_none() => {
                let nearest = self
                    .own_points
                    .iter()
                    .enumerate()
                    .map(|(index, p)| {
                        let (x, y) =
                            Self::boundary_to_css(p.x1, p.x2, input.css_width, input.css_height);
                        (index, (x - input.x).hypot(y - input.y))
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                match nearest {
                    Some((index, distance)) if distance <= HIT_RADIUS => {
                        self.own_points.remove(index);
                    }
                    _ => {
                        if self.own_points.len() >= MAX_OWN_POINTS {
                            return false;
                        }
                        let x1 = input.x / input.css_width * 2.0 * DOMAIN_RADIUS - DOMAIN_RADIUS;
                        let x2 = DOMAIN_RADIUS - input.y / input.css_height * 2.0 * DOMAIN_RADIUS;
                        self.own_points.push(DataPoint::classified(
                            round2(x1.clamp(-DOMAIN_RADIUS, DOMAIN_RADIUS)),
                            round2(x2.clamp(-DOMAIN_RADIUS, DOMAIN_RADIUS)),
                            self.click_class,
                        ));
                    }
                }
                self.schedule.clear();
                self.rebuild();
                true
            }
            1 => {
                let layout = diagram_layout(
                    self.trainer.network.layer_sizes(),
                    input.css_width,
                    input.css_height,
                );
                let mut selection = Selection::None;
                if let Some(hit) = layout
                    .iter()
                    .flatten()
                    .find(|b| b.contains(input.x, input.y))
                {
                    selection = Selection::Neuron(hit.layer, hit.neuron);
                } else {
                    let mut best = 6.0;
                    for layer in 1..layout.len() {
                        for to in &layout[layer] {
                            for from in &layout[layer - 1] {
                                let distance = distance_to_segment(
                                    input.x,
                                    input.y,
                                    (from.centre_x + from.size / 2.0, from.centre_y),
                                    (to.centre_x - to.size / 2.0, to.centre_y),
                                );
                                if distance < best {
                                    best = distance;
                                    selection = Selection::Weight(layer, to.neuron, from.neuron);
                                }
                            }
                        }
                    }
                }
                let changed = selection != self.selection;
                self.selection = selection;
                changed
            }
            _ => false,
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 1 {
            return false;
        }
        let sizes = self.trainer.network.layer_sizes().to_vec();
        let (layer, neuron) = match self.selection {
            Selection::Neuron(layer, neuron) => (layer, neuron),
            Selection::Weight(layer, to, _) => (layer, to),
            Selection::None => (0, 0),
        };
        let (layer, neuron) = match key {
            "ArrowUp" => (layer, neuron.saturating_sub(1)),
            "ArrowDown" => (layer, neuron + 1),
            "ArrowLeft" => (layer.saturating_sub(1), neuron),
            "ArrowRight" => (layer + 1, neuron),
            _ => return false,
        };
        let layer = layer.min(sizes.len() - 1);
        let neuron = neuron.min(sizes[layer].saturating_sub(1));
        if sizes[layer] == 0 {
            return false;
        }
        self.selection = Selection::Neuron(layer, neuron);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::{apply_params, current_params, default_params};

    fn readout(demo: &NnPlayground, name: &str) -> ReadoutValue {
        demo.readouts()
            .into_iter()
            .find(|r| r.name == name)
            .map(|r| r.value)
            .unwrap_or(ReadoutValue::Text("missing".into()))
    }

    #[test]
    fn a_tensorflow_playground_link_translates() {
        // The query of a playground link (playground.tensorflow.org/#…), as it writes it.
        let query = "activation=relu&batchSize=20&dataset=spiral&regDataset=reg-plane&learningRate=0.01&regularizationRate=0.003&noise=15&networkShape=6,3&seed=0.78191&showTestData=true&discretize=false&percTrainData=60&x=true&y=true&xTimesY=true&xSquared=false&ySquared=false&sinX=true&sinY=false&problem=classification&regularization=L2&initZero=false";
        let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let mut demo = NnPlayground::default();
        let rejected = apply_params(&INFO, &mut demo, &params);
        assert!(rejected.is_empty(), "{rejected:?}");
        let expect = [
            ("activation", "relu"),
            ("batch", "20"),
            ("data", "spiral"),
            ("reg-data", "plane"),
            ("lr", "0.01"),
            ("reg-rate", "0.003"),
            ("noise", "15"),
            ("shape", "6,3"),
            ("seed", "78191"),
            ("show-test", "1"),
            ("train-percent", "60"),
            ("x1x2", "1"),
            ("sin-x1", "1"),
            ("regularization", "l2"),
            ("init", "playground"),
        ];
        for (key, value) in expect {
            assert_eq!(demo.param(key).as_deref(), Some(value), "{key}");
        }
        assert_eq!(demo.trainer.network.layer_sizes(), &[4, 6, 3, 1]);
        assert_eq!(demo.train_points.len(), 300);
    }

    #[test]
    fn training_lowers_the_loss_and_the_same_url_gives_the_same_weights() {
        let mut demo = NnPlayground::default();
        let before = demo.latest.train_loss;
        demo.go_to_step(100);
        assert_eq!(demo.current_step(), 100);
        assert!(
            demo.latest.train_loss < before * 0.5,
            "{} → {}",
            before,
            demo.latest.train_loss
        );
        let mut again = NnPlayground::default();
        again.go_to_step(100);
        assert_eq!(
            again.trainer.network.parameters,
            demo.trainer.network.parameters
        );
    }

    #[test]
    fn live_changes_are_recorded_and_a_link_replays_them_exactly() {
        let mut demo = NnPlayground::default();
        demo.go_to_step(30);
        demo.set_param("lr", "0.1").unwrap();
        demo.go_to_step(60);
        demo.set_param("optimizer", "adam").unwrap();
        demo.go_to_step(80);
        assert_eq!(demo.current_step(), 80, "a live change keeps the epoch");
        assert_eq!(
            demo.param("schedule").as_deref(),
            Some("30:0.03,10,none,0,sgd;60:0.1,10,none,0,sgd")
        );
        let params = current_params(&INFO, &demo, &default_params(&INFO));
        let mut restored = NnPlayground::default();
        assert!(apply_params(&INFO, &mut restored, &params).is_empty());
        assert_eq!(restored.current_step(), 80);
        assert_eq!(
            restored.trainer.network.parameters,
            demo.trainer.network.parameters
        );
        // Stepping back and forth replays the same run.
        demo.go_to_step(10);
        demo.go_to_step(80);
        assert_eq!(
            restored.trainer.network.parameters,
            demo.trainer.network.parameters
        );
        // A data change starts over and forgets the schedule.
        demo.set_param("data", "xor").unwrap();
        assert_eq!(demo.current_step(), 0);
        assert_eq!(demo.param("schedule").as_deref(), Some(""));
    }

    #[test]
    fn a_huge_learning_rate_stops_at_the_last_finite_epoch_and_says_why() {
        let mut demo = NnPlayground::default();
        demo.set_param("problem", "regression").unwrap();
        demo.set_param("activation", "linear").unwrap();
        demo.set_param("lr", "10").unwrap();
        demo.go_to_step(200);
        let diverged = demo
            .diverged_at
            .expect("η = 10 on a linear network diverges");
        assert_eq!(demo.current_step(), diverged - 1);
        let notice = &demo.notices()[0];
        assert!(
            notice.text.contains("learning rate η = 10 is too large"),
            "{}",
            notice.text
        );
        for r in demo.readouts() {
            assert!(!r.value.display().contains("NaN"), "{}", r.name);
        }
        // A smaller rate goes on from there.
        demo.set_param("lr", "0.001").unwrap();
        assert!(demo.advance_frame());
        assert_eq!(demo.current_step(), diverged);
    }

    #[test]
    fn clicks_add_and_remove_own_points_of_the_chosen_class() {
        let mut demo = NnPlayground::default();
        demo.set_param("data", "own").unwrap();
        demo.set_param("class", "1").unwrap();
        let click = |x, y| PointerInput {
            phase: PointerPhase::Down,
            x,
            y,
            css_width: 300.0,
            css_height: 300.0,
        };
        assert!(demo.pointer(0, click(150.0, 150.0)));
        assert!(demo.pointer(0, click(225.0, 75.0)));
        assert_eq!(demo.param("points").as_deref(), Some("0,0,1;3,3,1"));
        assert_eq!(demo.train_points.len(), 2);
        assert!(matches!(readout(&demo, "test-loss"), ReadoutValue::Text(_)));
        assert!(demo.pointer(0, click(152.0, 151.0)));
        assert_eq!(demo.param("points").as_deref(), Some("3,3,1"));
    }

    #[test]
    fn four_classes_use_a_softmax_with_cross_entropy_and_learn() {
        let mut demo = NnPlayground::default();
        demo.set_param("data", "four-class").unwrap();
        demo.set_param("loss", "cross-entropy").unwrap();
        demo.set_param("optimizer", "adam").unwrap();
        assert_eq!(
            demo.trainer.network.architecture().output_unit,
            OutputUnit::Softmax
        );
        assert_eq!(demo.trainer.network.output_count(), 4);
        demo.go_to_step(60);
        let ReadoutValue::Number(accuracy) = readout(&demo, "train-accuracy") else {
            panic!("accuracy is a number");
        };
        assert!(accuracy > 90.0, "accuracy {accuracy}");
    }

    #[test]
    fn the_network_diagram_selects_neurons_and_weights() {
        let mut demo = NnPlayground::default();
        let layout = diagram_layout(demo.trainer.network.layer_sizes(), 600.0, 420.0);
        let target = layout[1][2];
        let click = |x, y| PointerInput {
            phase: PointerPhase::Down,
            x,
            y,
            css_width: 600.0,
            css_height: 420.0,
        };
        assert!(demo.pointer(1, click(target.centre_x, target.centre_y)));
        assert_eq!(demo.selection, Selection::Neuron(1, 2));
        assert!(
            demo.selection_text()
                .starts_with("neuron 3 of layer 1: bias")
        );
        // The middle of the edge from input 0 to neuron 0 of layer 1.
        let (from, to) = (layout[0][0], layout[1][0]);
        let middle = (
            (from.centre_x + from.size / 2.0 + to.centre_x - to.size / 2.0) / 2.0,
            (from.centre_y + to.centre_y) / 2.0,
        );
        assert!(demo.pointer(1, click(middle.0, middle.1)));
        assert_eq!(demo.selection, Selection::Weight(1, 0, 0));
        assert!(demo.key(1, "ArrowRight"));
        assert_eq!(demo.selection, Selection::Neuron(2, 0));
    }

    #[test]
    fn exported_weights_load_back_into_a_fresh_page() {
        let mut demo = NnPlayground::default();
        demo.set_param("shape", "3").unwrap();
        demo.set_param("sin-x1", "1").unwrap();
        demo.set_param("loss", "cross-entropy").unwrap();
        demo.go_to_step(40);
        let file = demo.export("network").unwrap();
        let mut fresh = NnPlayground::default();
        fresh.import_text("network", &file).unwrap();
        assert_eq!(fresh.param("shape").as_deref(), Some("3"));
        assert_eq!(fresh.param("sin-x1").as_deref(), Some("1"));
        assert_eq!(fresh.trainer.network, demo.trainer.network);
        // The loaded weights are in the URL, so a link starts from them too.
        let params = current_params(&INFO, &fresh, &default_params(&INFO));
        let mut linked = NnPlayground::default();
        assert!(apply_params(&INFO, &mut linked, &params).is_empty());
        assert_eq!(linked.trainer.network, demo.trainer.network);
        // A broken file changes nothing.
        let before = fresh.param("shape");
        assert!(fresh.import_text("network", "{\"format\": 1}").is_err());
        assert_eq!(fresh.param("shape"), before);
        assert!(demo.export("history").unwrap().lines().count() > 40);
        assert_eq!(demo.export("data").unwrap().lines().count(), 501);
    }

    #[test]
    fn layer_and_neuron_buttons_edit_the_shape() {
        let mut demo = NnPlayground::default();
        demo.action("add-layer").unwrap();
        assert_eq!(demo.param("shape").as_deref(), Some("4,2,2"));
        demo.selection = Selection::Neuron(1, 0);
        demo.action("add-neuron").unwrap();
        assert_eq!(demo.param("shape").as_deref(), Some("5,2,2"));
        demo.action("remove-layer").unwrap();
        demo.action("remove-layer").unwrap();
        demo.action("remove-layer").unwrap();
        assert!(demo.action("remove-layer").is_err());
        assert!(demo.action("add-neuron").is_err());
        demo.action("regenerate").unwrap();
        assert_eq!(demo.param("seed").as_deref(), Some("2"));
    }

    #[test]
    fn shapes_points_and_schedules_reject_junk() {
        assert_eq!(parse_shape("4, 2"), Ok(vec![4, 2]));
        assert_eq!(parse_shape(""), Ok(vec![]));
        assert!(parse_shape("9").is_err());
        assert!(parse_shape("1,1,1,1,1,1,1").is_err());
        assert!(parse_points("7,0,0").is_err());
        assert!(parse_points("1,1,4").is_err());
        assert!(parse_schedule("20:0.1,10,none,0,sgd;10:0.1,10,none,0,sgd").is_err());
        assert!(parse_schedule("20:0.1,10,none,0,newton").is_err());
        assert_eq!(parse_seed("0.12345"), Ok(12345));
        assert!(parse_seed("0.1e5").is_err());
    }
}
