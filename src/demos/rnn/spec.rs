//! The recurrent-network demo's controls, readouts and plots as data, and its registry entry.

use super::RnnDemo;
use crate::demos::{Chapter, ControlKind, ControlSpec, DemoInfo, PlotSpec, ReadoutSpec};

pub const CELLS: &[(&str, &str)] = &[("rnn", "tanh RNN"), ("lstm", "LSTM"), ("gru", "GRU")];

pub const TASKS: &[(&str, &str)] = &[
    ("sine", "Continue a sine wave"),
    ("memory", "Remember the first symbol"),
    ("adding", "Adding problem"),
];

pub const OPTIMIZERS: &[(&str, &str)] = &[
    ("sgd", "SGD"),
    ("momentum", "Momentum"),
    ("nesterov", "Nesterov"),
    ("adagrad", "AdaGrad"),
    ("rmsprop", "RMSProp"),
    ("adam", "Adam"),
];

pub const LENGTH_RANGE: (i64, i64) = (2, 100);
pub const HIDDEN_RANGE: (i64, i64) = (2, 32);
pub const RADIUS_RANGE: (f64, f64) = (0.05, 3.0);
pub const MAX_NORM_RANGE: (f64, f64) = (0.01, 100.0);
pub const LEARNING_RATE_RANGE: (f64, f64) = (1e-4, 1.0);
pub const SEED_RANGE: (i64, i64) = (0, 1_000_000);

pub const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "cell",
        aliases: &[],
        label: "Cell",
        kind: ControlKind::Select { options: CELLS },
        help: "The recurrent cell: a vanilla tanh RNN, an LSTM or a GRU (PyTorch's equations and gate order)",
        group: "Network",
        example: "lstm",
    },
    ControlSpec {
        key: "task",
        aliases: &[],
        label: "Task",
        kind: ControlKind::Select { options: TASKS },
        help: "What the network learns: predict the next value of a sine wave, recall a ±1 symbol seen T steps earlier, or add the two marked numbers of the sequence",
        group: "Network",
        example: "memory",
    },
    ControlSpec {
        key: "length",
        aliases: &[],
        label: "Sequence length T",
        kind: ControlKind::Integer {
            min: LENGTH_RANGE.0,
            max: LENGTH_RANGE.1,
        },
        help: "Steps per sequence: how far back the gradient must travel",
        group: "Network",
        example: "50",
    },
    ControlSpec {
        key: "hidden",
        aliases: &[],
        label: "Hidden units H",
        kind: ControlKind::Integer {
            min: HIDDEN_RANGE.0,
            max: HIDDEN_RANGE.1,
        },
        help: "The size of the hidden state h_t",
        group: "Network",
        example: "8",
    },
    ControlSpec {
        key: "radius",
        aliases: &[],
        label: "Spectral radius ρ of W_hh at start",
        kind: ControlKind::slider(RADIUS_RANGE.0, RADIUS_RANGE.1, 0.01, false),
        help: "The initial recurrent weights (PyTorch's uniform initialisation) are rescaled so that the largest |eigenvalue| of W_hh (of each gate block for LSTM and GRU) is ρ",
        group: "Network",
        example: "1.5",
    },
    ControlSpec {
        key: "clip",
        aliases: &[],
        label: "Clip the gradient norm",
        kind: ControlKind::Toggle,
        help: "Rescale the gradient to the maximum norm when it is longer, as torch.nn.utils.clip_grad_norm_ does",
        group: "Training",
        example: "1",
    },
    ControlSpec {
        key: "max-norm",
        aliases: &[],
        label: "Maximum gradient norm",
        kind: ControlKind::slider(MAX_NORM_RANGE.0, MAX_NORM_RANGE.1, 0.01, true),
        help: "The max_norm of clip_grad_norm_ (with clipping on)",
        group: "Training",
        example: "0.1",
    },
    ControlSpec {
        key: "optimizer",
        aliases: &[],
        label: "Optimizer",
        kind: ControlKind::Select {
            options: OPTIMIZERS,
        },
        help: "The update rule, as torch.optim defines it",
        group: "Training",
        example: "sgd",
    },
    ControlSpec {
        key: "lr",
        aliases: &[],
        label: "Learning rate η",
        kind: ControlKind::slider(LEARNING_RATE_RANGE.0, LEARNING_RATE_RANGE.1, 0.0001, true),
        help: "The optimizer's step size",
        group: "Training",
        example: "0.05",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: SEED_RANGE.0,
            max: SEED_RANGE.1,
        },
        help: "The seed of the initial weights, the 32 training sequences and the order of the mini-batches (ChaCha8)",
        group: "Training",
        example: "2",
    },
];

pub const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "step",
        help: "Training steps taken (one mini-batch of 8 sequences each)",
    },
    ReadoutSpec {
        name: "loss",
        help: "The mean loss over the 32 training sequences at the current weights (mean squared error; for the memory and adding tasks the error at the last step)",
    },
    ReadoutSpec {
        name: "batch-loss",
        help: "The loss of the last mini-batch, before its update (what the loss curve draws)",
    },
    ReadoutSpec {
        name: "baseline-loss",
        help: "The loss of the best constant prediction on the training set: what a network that learnt nothing about the sequence reaches",
    },
    ReadoutSpec {
        name: "radius",
        help: "The spectral radius of the trained W_hh now (the largest over the gate blocks for LSTM and GRU)",
    },
    ReadoutSpec {
        name: "radius-start",
        help: "The spectral radius of W_hh at initialisation, after rescaling (the largest over the gate blocks)",
    },
    ReadoutSpec {
        name: "grad-norms",
        help: "‖∂L_T/∂h_t‖ for k = T − t = 0, 1, …, T − 1 steps back, for the loss of the last step of the example sequence, current weights (a list at full precision)",
    },
    ReadoutSpec {
        name: "grad-norms-start",
        help: "The same list for the network at initialisation",
    },
    ReadoutSpec {
        name: "cell-grad-norms",
        help: "‖∂L_T/∂c_t‖ of the LSTM's cell state for k = 0, 1, …, T − 1 steps back, current weights (LSTM only)",
    },
    ReadoutSpec {
        name: "grad-ratio",
        help: "‖∂L_T/∂h_1‖ / ‖∂L_T/∂h_T‖: how much of the gradient reaches the first step (current weights)",
    },
    ReadoutSpec {
        name: "grad-ratio-start",
        help: "The same ratio for the network at initialisation",
    },
    ReadoutSpec {
        name: "grad-norm",
        help: "‖∇L‖ of the last mini-batch's gradient over all parameters, before clipping",
    },
    ReadoutSpec {
        name: "clipped-steps",
        help: "How many training steps had their gradient clipped",
    },
    ReadoutSpec {
        name: "prediction",
        help: "The network's output y_T at the last step of the example sequence",
    },
    ReadoutSpec {
        name: "target",
        help: "The target at the last step of the example sequence",
    },
    ReadoutSpec {
        name: "parameters",
        help: "The number of weights and biases (PyTorch's layout: W_ih, W_hh, b_ih, b_hh, then Linear(H, 1))",
    },
];

pub const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "unrolled",
        title: "The network unrolled over the sequence",
        alt: "One column per time step t = 1…T: the input x_t on top, the hidden state h_t as a column of coloured cells (blue negative, red positive), and the output y_t above the target at the bottom, for the first training sequence.",
        aspect_ratio: 0.62,
        interactive: false,
    },
    PlotSpec {
        id: "bptt",
        title: "Backpropagation through time: ‖∂L/∂h_t‖ against steps back",
        alt: "The norm of the gradient of the last step's loss with respect to each hidden state, against the number of steps back T − t, on a log axis, for the current network and the network at initialisation; for the LSTM also the cell state's gradient.",
        aspect_ratio: 0.62,
        interactive: false,
    },
    PlotSpec {
        id: "loss",
        title: "Training loss",
        alt: "The mini-batch loss at every training step on a log axis, with the loss of the best constant prediction as a reference line.",
        aspect_ratio: 0.5,
        interactive: false,
    },
    PlotSpec {
        id: "task",
        title: "Prediction against target for one sequence",
        alt: "The first training sequence: its input, the network's output at every step and the target where the loss counts it.",
        aspect_ratio: 0.5,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "rnn",
    title: "Recurrent networks and backpropagation through time",
    chapter: Chapter::NeuralNetworks,
    summary: "A tanh RNN, an LSTM and a GRU trained live on three sequence tasks: the hidden state unrolled step by step, and the gradient travelling back through time vanishing or exploding with the spectral radius of W_hh, or kept alive by the LSTM's cell state.",
    explanation: r#"A recurrent network reads a sequence one step at a time and carries a **hidden state** $h_t$ from each step to the next, as *Mathematical Foundations for Deep Learning* describes. The vanilla (Elman) cell is

$$h_t = \tanh\left(W_{ih}\, x_t + b_{ih} + W_{hh}\, h_{t-1} + b_{hh}\right), \qquad y_t = W_{hy}\, h_t + b_y, \qquad h_0 = 0.$$

The first picture shows this network **unrolled**: one column per step, the input on top, the hidden state as a column of coloured cells (blue negative, red positive, the page's background for 0) and the output above the target at the bottom. The same weights act in every column.

**Backpropagation through time** is the chain rule on the unrolled network. The loss at the last step reaches an earlier state through every step between them:

$$\frac{\partial L}{\partial h_{t-1}} = J_t^{\top}\, \frac{\partial L}{\partial h_t}, \qquad J_t = \frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}\left(1 - h_t^2\right) W_{hh},$$

so $k$ steps back the gradient has been multiplied by $k$ Jacobians. Their size is set by $W_{hh}$: near $h = 0$ (where $\tanh' = 1$) each multiplication scales it by about the **spectral radius** $\rho$, the largest $|\lambda|$ of $W_{hh}$. With $\rho < 1$ it shrinks like $\rho^k$ and the **gradient vanishes**: nothing learnt at the end reaches the start. With $\rho > 1$ it can grow like $\rho^k$ and **explode** (saturated units, $1 - h^2 \approx 0$, hold it back). The second picture plots $\lVert \partial L_T / \partial h_t \rVert$ against the steps back $T - t$ on a log axis, for the current network and for the one it started from; a straight line there is a geometric rate.

The **LSTM** adds a cell state $c_t$ with gates, in PyTorch's order $i, f, g, o$:

$$i = \sigma(a_i), \quad f = \sigma(a_f), \quad g = \tanh(a_g), \quad o = \sigma(a_o), \qquad c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t),$$

where $a = W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh}$ is split into four blocks. Along the cell path $\partial c_t / \partial c_{t-1} = \operatorname{diag}(f)$, with no weight matrix and no squashing: while the forget gate stays near 1, the gradient $\lVert \partial L / \partial c_t \rVert$ (dashed) survives many steps. The **GRU** (PyTorch's $r, z, n$) mixes old and new state, $h_t = (1 - z) \odot n + z \odot h_{t-1}$ with $n = \tanh(W_{in} x_t + b_{in} + r \odot (W_{hn} h_{t-1} + b_{hn}))$, which gives a similar shortcut.

The tasks: **continue a sine wave** (predict $x_{t+1}$ from $x_t$, mean squared error over all steps; one value does not tell whether the wave rises or falls, so the state must remember), **remember the first symbol** (a $\pm 1$ at $t = 1$, noise after, output it at $t = T$) and the **adding problem** (two marked numbers among $T$, output their sum at $T$). 32 seeded sequences are trained in mini-batches of 8 with the chosen optimizer; *Clip the gradient norm* rescales the gradient $g$ to $g \cdot \frac{\text{max}}{\lVert g \rVert}$ when it is longer, as `torch.nn.utils.clip_grad_norm_` does.

Try: with the tanh RNN, set $\rho = 0.5$: the gradient at the start falls like $0.5^k$ (the grey guide), to about $10^{-10}$ of its size 30 steps back; at $\rho = 1.5$ it grows instead, held back only where units saturate. Press play and watch training reshape $W_{hh}$ (the readout *ρ(W_hh) now*). Switch to the LSTM: at initialisation its forget gates are near $\sigma(0) = \tfrac12$, so the cell gradient also halves at every step; training opens the gates and lifts the cell curve by orders of magnitude. Adam divides each step by the gradient's own running size, which is why it learns even where the gradient is tiny; SGD does not. With $\rho = 3$, SGD and $\eta = 0.5$ the steps are huge: switch on clipping and count the clipped steps."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(RnnDemo::default()),
};
