//! The training playground's description as data: controls, readouts, plots, buttons,
//! files and the explanation (the registry and the generated docs read these).

use super::*;

pub(super) const PROBLEMS: &[(&str, &str)] = &[
    ("classification", "Classification"),
    ("regression", "Regression"),
];

pub(super) const CLASSIFICATION_SETS: &[(&str, &str)] = &[
    ("circle", "Circle"),
    ("xor", "Exclusive or (XOR)"),
    ("gauss", "Two Gaussians"),
    ("spiral", "Spiral"),
    ("moons", "Two moons"),
    ("three-class", "Three classes"),
    ("four-class", "Four classes (quadrants)"),
    ("own", "My own points (click to add)"),
];

pub(super) const REGRESSION_SETS: &[(&str, &str)] =
    &[("plane", "Plane"), ("gauss-mix", "Gaussian mixture")];

pub(super) const CLASS_CHOICES: &[(&str, &str)] = &[
    ("0", "Orange (class 0)"),
    ("1", "Blue (class 1)"),
    ("2", "Green (class 2)"),
    ("3", "Purple (class 3)"),
];

pub(super) const ACTIVATIONS: &[(&str, &str)] = &[
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

pub(super) const LOSSES: &[(&str, &str)] = &[
    // Option labels stay short enough for a phone-wide select; the help says the rest.
    ("squared", "Squared error (tanh, ±1)"),
    ("cross-entropy", "Cross-entropy (sigmoid/softmax)"),
];

pub(super) const INITS: &[(&str, &str)] = &[
    ("playground", "Uniform ±0.5, bias 0.1"),
    ("xavier", "Glorot/Xavier uniform"),
    ("he", "He normal"),
    ("zero", "All zero (symmetric)"),
];

pub(super) const OPTIMIZERS: &[(&str, &str)] = &[
    ("sgd", "SGD"),
    ("momentum", "Momentum (μ = 0.9)"),
    ("nesterov", "Nesterov (μ = 0.9)"),
    ("adagrad", "AdaGrad"),
    ("rmsprop", "RMSProp"),
    ("adam", "Adam"),
];

pub(super) const SPEEDS: &[(&str, &str)] = &[
    ("1", "1 epoch per frame"),
    ("5", "5 epochs per frame"),
    ("20", "20 epochs per frame"),
    ("max", "As fast as possible (in a background Worker)"),
];

pub(super) const REGULARIZATIONS: &[(&str, &str)] = &[("none", "None"), ("l1", "L1"), ("l2", "L2")];

/// The feature toggles: (URL key, playground alias, feature, default on).
pub(super) const FEATURE_KEYS: [(&str, InputFeature, bool); 7] = [
    ("x1", InputFeature::X1, true),
    ("x2", InputFeature::X2, true),
    ("x1-squared", InputFeature::X1Squared, false),
    ("x2-squared", InputFeature::X2Squared, false),
    ("x1x2", InputFeature::X1TimesX2, false),
    ("sin-x1", InputFeature::SinX1, false),
    ("sin-x2", InputFeature::SinX2, false),
];

pub(super) const fn feature_control(
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

pub(super) const CONTROLS: &[ControlSpec] = &[
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
        help: "How the starting weights are drawn (from the seed): uniform in ±0.5 with biases 0.1 as in the TensorFlow Playground, Glorot/Xavier uniform, He normal, or all zero; the playground's initZero=true means all zero",
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
    // Before `schedule`: these restart the run (which clears the schedule), so a link applies
    // them first.
    ControlSpec {
        key: "dropout",
        aliases: &[],
        label: "Dropout rate p",
        kind: ControlKind::Slider {
            min: 0.0,
            max: 0.9,
            step: 0.05,
            log: false,
        },
        help: "Inverted dropout on every hidden layer: in training each hidden output is zeroed with probability p and the rest scaled by 1/(1 − p); the test-time network uses every neuron unscaled. 0 (the default) is off; the masks come from the seed, so a link replays them. Restarts training",
        group: "Regularizers (restart training)",
        example: "0.2",
    },
    ControlSpec {
        key: "weight-decay",
        aliases: &[],
        label: "AdamW weight decay λ",
        kind: ControlKind::Slider {
            min: 0.0,
            max: 0.5,
            step: 0.001,
            log: false,
        },
        help: "Decoupled weight decay of Adam (torch.optim.AdamW, whose default is 0.01): before each Adam step every parameter shrinks by θ ← θ(1 − ηλ). 0 (the default) is plain Adam; only with the Adam optimizer. Restarts training",
        group: "Regularizers (restart training)",
        example: "0.01",
    },
    ControlSpec {
        key: "batch-norm",
        aliases: &["bn"],
        label: "Batch normalization",
        kind: ControlKind::Toggle,
        help: "Inserts batch normalization before every hidden activation (PyTorch's BatchNorm1d: batch mean and biased variance in training with ε = 1e-5, running averages with momentum 0.1 at test time and for the pictures, learnable γ and β). Off by default; a batch of one example is skipped. Restarts training",
        group: "Regularizers (restart training)",
        example: "1",
    },
    ControlSpec {
        key: "measure-lr",
        aliases: &[],
        label: "Measure the largest stable η",
        kind: ControlKind::Toggle,
        help: "Bisects the learning rate, with and without batch normalization, for the largest η at which 10 epochs from this seed's starting weights stay finite and lower the training loss (the other settings as they are now); runs in short chunks behind a progress bar, the page staying responsive, and is kept until a setting changes",
        group: "Regularizers (restart training)",
        example: "1",
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
        help: "Epochs trained per animation frame while playing: 1 is the playground's pace (60 per second), max trains in a background Worker as fast as it can while the page draws once per frame",
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
    // Last, so that a link sets up the run before the checkpoint is checked against it.
    ControlSpec {
        key: "ckpt",
        aliases: &[],
        label: "Checkpoint (written by the page for long runs)",
        kind: ControlKind::Text {
            placeholder: "none: the link replays its epochs",
        },
        help: "Written by the page once a link would replay for more than a moment (past epoch 5,000 on the default network, sooner on bigger networks): the exact weights, the optimizer's state (with batch normalization also γ, β, their optimizer's state and the running averages) and a thinned loss history, in base64url with a version byte and a checksum, so a link to any epoch opens at once and continues bit for bit. A checkpoint that does not fit the link's other settings is ignored with a notice and the epochs are replayed instead",
        group: "Link",
        example: CHECKPOINT_EXAMPLE,
    },
];

/// Keys that do not change what training computes: left out of a checkpoint's fingerprint.
pub(super) const RUN_INDEPENDENT_KEYS: &[&str] = &[
    "ckpt",
    "speed",
    "show-test",
    "discretize",
    "log-loss",
    "class",
    "measure-lr",
];

/// Keys added with the regularizers: left out of a checkpoint's fingerprint while at their
/// default (off), so that the checkpoints of older links still fit.
pub(super) const REGULARIZER_KEYS: &[&str] = &["dropout", "weight-decay", "batch-norm"];

/// The default run's checkpoint at epoch 5,001 (written by `checkpoint_example_is_current`).
pub(super) const CHECKPOINT_EXAMPLE: &str = "AaHRUqoGa_fdiRMAAAAAAAAAAAAAAAAAABkAAACKX9NSBsHaP13zClTdL-K_2IT1PrjR0j_DISCgWT3mP-Y4pHjYW-Y_8cPe2tzHuT8TUPPsGYHcP69FFcJrI9-_EaxTUe5d-D_qqaT4LBH2P0N07_jQl_S_9Bf8TyuI8z-tyEuLnzvyv9xckVqEXPe_GoMIMXUu9z9UCY18E8fav0RRtaEpBOC_YPOGrU7d9L9wqPIqQH_0P4wglhBeauu_WgeuE-z4_z_etpemAVT7P2vtfalhXArAXu9QVnkEBsBQn498lFXpvwAAAAAAAAAAAGHoAQAAAAAAA2KGTqIjpmY_rGtL0lf5UT98X-k7YnYeP0AAAAAAAAAAAAAEcben";

pub(super) const READOUTS: &[ReadoutSpec] = &[
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
        name: "batch-norm.parameters",
        help: "Batch normalization's learnable γ and β (two per hidden neuron; 0 without batch normalization)",
    },
    ReadoutSpec {
        name: "pre-activation.std.{layer}",
        help: "The standard deviation of what hidden layer {layer}'s activation function receives (z, or batch norm's output), over the training points and the layer's neurons with the current weights",
    },
    ReadoutSpec {
        name: "lr-stable.without-bn",
        help: "The largest learning rate (between 10⁻⁴ and 10) at which 10 epochs from the seed's starting weights stay finite and lower the training loss, without batch normalization, found by bisection in log η; only with “Measure the largest stable η” on",
    },
    ReadoutSpec {
        name: "lr-stable.with-bn",
        help: "The same bisection with batch normalization",
    },
    ReadoutSpec {
        name: "selected",
        help: "The neuron or weight picked on the network diagram (click it; arrow keys move along), with its value",
    },
];

pub(super) const PLOTS: &[PlotSpec] = &[
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
    PlotSpec {
        id: "pre-activations",
        title: "What each hidden layer's activation receives",
        alt: "For every hidden layer, a histogram of the values its activation function receives (z, or batch norm's output when it is on) over the training points and the layer's neurons with the current weights, as the share of values per bin; the tanh and sigmoid saturate beyond about ±2, where their gradient vanishes.",
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

pub(super) const ACTIONS: &[ActionSpec] = &[
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

pub(super) const EXPORTS: &[ExportSpec] = &[
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

pub(super) const IMPORTS: &[ImportSpec] = &[ImportSpec {
    key: "network",
    label: "Load weights (JSON)",
    help: "A network saved with “Download weights”: its inputs, layers, activation and weights replace the current ones (read in the browser, never uploaded)",
    kind: ImportKind::Text {
        accept: ".json,application/json",
    },
}];

pub(super) const EXPLANATION: &str = r#"A neural network is a function built from layers. Each neuron $j$ of layer $l$ takes a weighted sum of the previous layer's outputs and applies an activation function $f$:

$$z^{(l)} = W^{(l)} a^{(l-1)} + b^{(l)}, \qquad a^{(l)} = f\big(z^{(l)}\big), \qquad a^{(0)} = (x_1, x_2, x_1^2, \dots)$$

The inputs $a^{(0)}$ are the features you switch on; with only $x_1, x_2$ and no hidden layer the network is a linear model and can only draw a straight boundary. Every neuron's little picture in the diagram is its output $a_j^{(l)}$ over the whole plane: the first layer's neurons split the plane by lines, later layers combine those pieces into curves.

Training minimizes the mean loss over the training points. The playground's loss is the squared error on a $\tanh$ output with labels $y = \pm 1$; cross-entropy uses a sigmoid (two classes) or softmax (three or four) output and the labels' probabilities:

$$L = \frac1n \sum_{i=1}^n \tfrac12\big(\hat y_i - y_i\big)^2 \qquad\text{or}\qquad L = -\frac1n \sum_{i=1}^n \sum_k y_{ik} \ln \hat p_{ik}, \qquad \hat p = \operatorname{softmax}\big(z^{(L)}\big)$$

Backpropagation gets every gradient in one backward pass by the chain rule: $\delta^{(L)} = \partial \ell / \partial z^{(L)}$ (for softmax with cross-entropy simply $\hat p - y$), then

$$\frac{\partial \ell}{\partial W^{(l)}} = \delta^{(l)} a^{(l-1)\top}, \qquad \frac{\partial \ell}{\partial b^{(l)}} = \delta^{(l)}, \qquad \delta^{(l-1)} = f'\big(z^{(l-1)}\big) \odot W^{(l)\top} \delta^{(l)}$$

The tests check these gradients against finite differences to a relative error below $10^{-6}$ for every activation and loss. A mini-batch of $B$ examples averages them, adds the penalty's gradient ($\lambda\,\mathrm{sign}(w)$ for L1, $\lambda w$ for L2, weights only) and takes one optimizer step, e.g. $\theta \leftarrow \theta - \eta\, g$ for SGD. An epoch is one pass over the training points.

Because $\delta^{(l-1)}$ is $\delta^{(l)}$ multiplied by $f'$ and the weights, layer after layer, the gradient of the first layers is a product of many factors. The sigmoid's $f'(z) = \sigma(z)(1-\sigma(z))$ is at most $\tfrac14$, so in a deep sigmoid network the early layers' gradients shrink by about that factor per layer: the gradient-norm chart shows their curves decades below the last layer's, and those layers barely learn (vanishing gradients). ReLU's derivative is 1 where it is active, which is why it trains deep networks better.

A learning rate too large for the curvature makes the updates overshoot and grow until the loss overflows; the page then stops at the last finite epoch and says so. The test loss, on points never trained on, tells whether the boundary generalizes: with much noise and a big network the training loss keeps falling while the test loss rises (overfitting), which regularization counters. Changes of the learning rate, batch size, regularization or optimizer apply from the current epoch on and are recorded, so the link replays the same run; changing the data, features or architecture starts over from the seed's initial weights.

Three more regularizers sit under “Regularizers”; each starts the run over, and each is off by default, so older links mean what they meant. **Dropout** with rate $p$ zeroes each hidden output at random during training and scales the survivors up so that nothing changes on average (inverted dropout):

$$\tilde a_j = \frac{m_j}{1-p}\, a_j, \qquad m_j \sim \mathrm{Bernoulli}(1-p), \qquad \mathbb E\big[\tilde a_j\big] = a_j$$

No neuron can rely on one particular partner, so the network learns redundant, smoother features; at test time (the test loss, the accuracy and every picture) all neurons are used unscaled. The masks come from the seed and the epoch, so a link replays them exactly. Try the spiral with noise 30 and an 8-8-8 network: the training loss no longer drops to zero, and the gap between training and test loss narrows.

**Weight decay** here is AdamW's, decoupled from the gradient: before each Adam step every parameter shrinks, then Adam moves it,

$$\theta \leftarrow \theta\,(1 - \eta\lambda), \qquad \theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}$$

whereas an L2 penalty's gradient $\lambda\theta$ would go through Adam's division by $\sqrt{\hat v}$ and shrink weights with small gradients far more than others. It acts only with the Adam optimizer (PyTorch's default $\lambda$ is 0.01; here 0 is plain Adam).

**Batch normalization** (from “Mathematics for ML and DL”) standardizes every hidden neuron's pre-activation over the mini-batch $\{z_1, \dots, z_B\}$ before the activation, then lets the network rescale it with learnable $\gamma$ and $\beta$:

$$\mu_B = \frac1B \sum_b z_b, \qquad \sigma_B^2 = \frac1B \sum_b (z_b - \mu_B)^2, \qquad \hat z_b = \frac{z_b - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad y_b = \gamma \hat z_b + \beta$$

with $\epsilon = 10^{-5}$. Each example's output now depends on the whole batch, so backpropagation goes through $\mu_B$ and $\sigma_B^2$ too. At test time there is no batch: running averages $\hat\mu \leftarrow 0.9\,\hat\mu + 0.1\,\mu_B$ and $\hat\sigma^2 \leftarrow 0.9\,\hat\sigma^2 + 0.1\,\tfrac{B}{B-1}\sigma_B^2$, kept during training, take their place (exactly PyTorch's `BatchNorm1d`). The last chart shows what each layer's activation receives: without batch normalization a deep tanh or sigmoid network soon pushes many values beyond ±2, where $f'$ is nearly 0; with it they stay near the unit range. Switch on “Measure the largest stable η” to see the other effect: the page bisects $\log\eta$ between $10^{-4}$ and 10 for the largest learning rate at which 10 epochs from the seed's starting weights stay finite and end with a lower training loss, once without and once with batch normalization (the other settings as they are; a longer run can fail at a smaller η). With the default network, normalization usually allows a larger step.

Training has no epoch limit: it runs until you pause it. A link replays its epochs when it opens, at once up to epoch 5,000 on the default network (fewer on bigger ones); past that the link carries a checkpoint (`ckpt=`) with the exact bits of every weight $w$ and bias, the optimizer's running averages (Adam's $m$ and $v$) and its step count $t$, so a link to epoch 100,000 opens at once, shows the same numbers and trains on exactly as the original would. Only the loss history in the checkpoint is shortened, to at most 128 points rounded to single precision, so the curves of a reopened long run are coarser than the original's. With batch normalization the checkpoint also holds $\gamma$, $\beta$, their optimizer's state and the running averages $\hat\mu$, $\hat\sigma^2$, exactly. A checkpoint that does not fit the link (cut short, or written for other settings) is ignored with a notice, and the epochs are replayed in the background with a progress bar."#;
