//! The attention demo's controls, readouts, plots and explanation, as data: the URL keys and
//! readout names here are the public contract `docs/DEMOS.md` lists.

use super::{MAX_DIMENSION, MAX_TOKENS, MIN_TOKENS};
use crate::demos::{ControlKind, ControlSpec, PlotSpec, ReadoutSpec};

pub(super) const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "tokens",
        aliases: &[],
        label: "Tokens n",
        kind: ControlKind::Slider {
            min: MIN_TOKENS as f64,
            max: MAX_TOKENS as f64,
            step: 1.0,
            log: false,
        },
        help: "How many tokens (each with a query, a key and a value); also the number of keys the Monte Carlo's softmax spreads over",
        group: "Tokens",
        example: "5",
    },
    ControlSpec {
        key: "q",
        aliases: &[],
        label: "Queries (x,y;x,y;…)",
        kind: ControlKind::Text {
            placeholder: "1.5,0.5;-1,1.5;0.5,-1.5;-1.5,-0.5",
        },
        help: "The queries q₁…qₙ as x,y;x,y;… within ±3 (rounded to 2 decimals); fewer than n replace the first ones. Drag the blue dots to change them",
        group: "Tokens",
        example: "0,1;1,0;-1,-1;2,2",
    },
    ControlSpec {
        key: "k",
        aliases: &[],
        label: "Keys (x,y;x,y;…)",
        kind: ControlKind::Text {
            placeholder: "1.8,1;-0.5,2;1,-2;-2,-1",
        },
        help: "The keys k₁…kₙ as x,y;x,y;… within ±3; fewer than n replace the first ones. Drag the vermillion squares to change them",
        group: "Tokens",
        example: "0,2;2,0;1,1;-2,0.5",
    },
    ControlSpec {
        key: "v",
        aliases: &[],
        label: "Values (x,y;x,y;…)",
        kind: ControlKind::Text {
            placeholder: "2,0;0,2;-2,0;0,-2",
        },
        help: "The values v₁…vₙ as x,y;x,y;… within ±3; fewer than n replace the first ones. Drag the arrow tips on the values plot to change them",
        group: "Tokens",
        example: "1,1;-1,1;0,-2;2.5,0",
    },
    ControlSpec {
        key: "causal",
        aliases: &[],
        label: "Causal mask",
        kind: ControlKind::Toggle,
        help: "Query i may only look at keys j ≤ i: the logits above the diagonal are −∞ before the softmax, so their weights are exactly 0",
        group: "Attention",
        example: "1",
    },
    ControlSpec {
        key: "scale",
        aliases: &[],
        label: "Scale logits by 1/√d",
        kind: ControlKind::Toggle,
        help: "Divide q·k by √d before the softmax (d = 2 on the plane); off, the raw dot products are used",
        group: "Attention",
        example: "0",
    },
    ControlSpec {
        key: "d",
        aliases: &[],
        label: "Dimension d (Monte Carlo)",
        kind: ControlKind::Slider {
            min: 1.0,
            max: MAX_DIMENSION as f64,
            step: 1.0,
            log: true,
        },
        help: "The dimension of the random queries and keys (N(0, 1) components) in the why-√d plot; rounded to a whole number",
        group: "Why √d",
        example: "256",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 4_294_967_295,
        },
        help: "Fixes the random queries and keys of the Monte Carlo (ChaCha8, one stream per d): the same seed gives the same numbers",
        group: "Why √d",
        example: "7",
    },
];

pub(super) const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "logits",
        help: "The n × n logits q_i·k_j (divided by √2 when scaled), row-major (row = query); masked entries read −∞ (-Infinity in data-value)",
    },
    ReadoutSpec {
        name: "weights",
        help: "The n × n attention weights softmax of each row of logits, row-major at full precision; each row sums to 1",
    },
    ReadoutSpec {
        name: "outputs",
        help: "The outputs o_i = Σ_j w_ij v_j, one 2-D vector per query, flattened (o₁x, o₁y, o₂x, …)",
    },
    ReadoutSpec {
        name: "entropy-{i}",
        help: "The entropy −Σ_j w_ij ln w_ij (nats) of row i of the weights: ln n when uniform, 0 when one key takes all",
    },
    ReadoutSpec {
        name: "max-entropy",
        help: "ln n, the entropy of uniform attention over n keys",
    },
    ReadoutSpec {
        name: "dot-variance",
        help: "The sample variance (ddof = 1) of the draws × n dot products q·k at the chosen d",
    },
    ReadoutSpec {
        name: "dot-variance-exact",
        help: "The exact variance of q·k for N(0, 1) components: d",
    },
    ReadoutSpec {
        name: "mean-entropy-unscaled",
        help: "The mean entropy of softmax(q·k_j) over n random keys at the chosen d, unscaled",
    },
    ReadoutSpec {
        name: "mean-entropy-scaled",
        help: "The mean entropy of softmax(q·k_j/√d) at the chosen d",
    },
    ReadoutSpec {
        name: "draws",
        help: "The number of Monte Carlo trials per dimension (one query and n keys each)",
    },
];

pub(super) const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "plane",
        title: "Queries and keys",
        alt: "The queries q₁…qₙ as blue dots and the keys k₁…kₙ as vermillion squares on the plane, each labelled, and every query joined to every key by a line as thick and opaque as its attention weight. The logit q·k is large when a query and a key point the same way and are long. Drag a dot or square to move it; with the plot focused, n / p select the next / previous point and the arrow keys move it (Shift for bigger steps).",
        aspect_ratio: 0.8,
        interactive: true,
    },
    PlotSpec {
        id: "weights",
        title: "Attention weights softmax(QKᵀ/√d)",
        alt: "The attention weights as a grid: one row per query, one column per key, darker for larger weights, each cell labelled with its weight; each row sums to 1 and its entropy is written at its right. Masked cells (causal mask) are hatched.",
        aspect_ratio: 0.8,
        interactive: false,
    },
    PlotSpec {
        id: "saturation",
        title: "Why √d: mean entropy of the softmax against the dimension d",
        alt: "The mean entropy of softmax over n random keys against the dimension d on a log axis, with and without the 1/√d scaling, between the limits ln n (uniform attention) and 0 (one key takes all); the chosen d is marked.",
        aspect_ratio: 0.62,
        interactive: false,
    },
    PlotSpec {
        id: "outputs",
        title: "Values and outputs: each output is a weighted mix of the values",
        alt: "The values v₁…vₙ as thin arrows from the origin and the outputs o₁…oₙ as thick arrows: o_i = Σ_j w_ij v_j lies inside the polygon spanned by the values. Drag a value's tip to move it; with the plot focused, n / p select a value and the arrow keys move it.",
        aspect_ratio: 0.8,
        interactive: true,
    },
];

/// What the reader sees and what to try, with the formulas in LaTeX.
pub(super) const EXPLANATION: &str = r#"*A beginner's guide to the math that powers machine learning* names the **attention mechanism** that made Transformers popular. Here it is, small enough to see every number. Each of $n$ tokens has a **query** $q_i$ (what it is looking for), a **key** $k_j$ (what it offers) and a **value** $v_j$ (what it passes on). Query $i$ scores every key by a dot product, turns the scores into weights with a softmax, and mixes the values with those weights:

$$s_{ij} = \frac{q_i \cdot k_j}{\sqrt{d}}, \qquad w_{ij} = \frac{e^{s_{ij}}}{\sum_{l} e^{s_{il}}}, \qquad o_i = \sum_j w_{ij}\, v_j$$

In matrix form that is $\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\left(QK^\top / \sqrt{d}\right) V$, the softmax taken along each row. The weights of a row are positive and sum to 1, so each **output** $o_i$ lies inside the polygon spanned by the values. The first plot shows queries (blue dots) and keys (vermillion squares) in $d = 2$ dimensions, each query joined to each key by a line as thick as its weight; the dot product $q \cdot k = \lVert q \rVert \lVert k \rVert \cos\theta$ is large when a query and a key point the same way and are long. The second plot is the weight matrix, one row per query; the last one shows the values as thin arrows and the outputs as thick ones.

**What to try:** drag a key towards a query and watch that query's row of weights shift to it, and its output arrow swing towards that key's value. Drag a query far out from the origin: its logits grow, its softmax sharpens, and its row's **entropy** $H_i = -\sum_j w_{ij} \ln w_{ij}$ falls from $\ln n$ (all keys equal) towards 0 (one key takes all). Turn on the **causal mask**: query $i$ may then only look at keys $j \le i$, as in a language model that must not read ahead. The masked logits are set to $-\infty$ before the softmax, so $e^{-\infty} = 0$ and their weights are exactly zero.

**Why divide by √d?** Take queries and keys with independent $\mathcal{N}(0, 1)$ components. Then $q \cdot k = \sum_{m=1}^{d} q_m k_m$ is a sum of $d$ independent terms of mean 0 and variance 1, so

$$\operatorname{E}[q \cdot k] = 0, \qquad \operatorname{Var}(q \cdot k) = d, \qquad \operatorname{Var}\left(\frac{q \cdot k}{\sqrt{d}}\right) = 1$$

The third plot draws 1,000 random queries with $n$ keys each (seeded) for every dimension $d$ from 1 to 512 and averages the entropy of the softmax. Unscaled, the logits spread like $\sqrt{d}$: the largest one wins by a wide margin, the softmax becomes nearly one-hot, its entropy drops towards 0 and its gradients vanish, which stalls training. Scaled, the entropy stays near that of $n$ standard normal logits whatever $d$. **Raise $d$** and follow the unscaled curve down; compare the sample variance of $q \cdot k$ in the readouts with the exact $d$. Then turn the scaling off on the plane: its logits grow by $\sqrt{2}$ and every row's entropy drops, the same effect at $d = 2$.

**Computing the softmax safely:** $e^{s}$ overflows to $\infty$ in floating point once $s > 709.78$, and $\infty / \infty$ is not a number. Subtracting the row's largest logit $m$ first changes nothing mathematically, $e^{s_j - m} / \sum_l e^{s_l - m}$, but makes every exponent at most 0, so even logits near $10^{300}$ give exact weights."#;
