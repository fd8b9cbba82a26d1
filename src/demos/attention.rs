//! Scaled dot-product attention, live: a few tokens whose 2-D queries and keys the reader
//! drags on a plane, the weight matrix softmax(QKᵀ/√d) as a heatmap (with a causal mask and
//! the 1/√d scaling as toggles), the values mixed into one output per query, and a seeded
//! Monte Carlo showing why the logits are divided by √d: without it the softmax saturates as
//! the dimension d grows. The math is `math::attention`; the pictures are in `drawing.rs`,
//! the data tables in `data.rs`.

use std::collections::BTreeMap;

use super::params::{
    format_param_number, format_toggle, parse_integer, parse_number, parse_toggle,
};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Frame, Notice, NoticeLevel, PlotSpec,
    PlotTable, PointerInput, PointerPhase, Readout, ReadoutSpec, ReadoutValue, exact_list,
    format_number,
};
use crate::math::attention::{
    Attention, AttentionOptions, SaturationEstimate, SaturationRun, attention, exact_dot_variance,
};
use crate::math::coordinates::round_coordinate;
use crate::render::viewport::Viewport;

mod data;
mod drawing;
#[cfg(test)]
mod tests;

/// The most tokens (the count slider's top).
pub const MAX_TOKENS: usize = 6;
/// The fewest tokens.
pub const MIN_TOKENS: usize = 3;
/// Queries, keys and values live in the square [−LIMIT, LIMIT]².
pub const COORDINATE_LIMIT: f64 = 3.0;
/// The largest dimension of the Monte Carlo.
pub const MAX_DIMENSION: usize = 512;
/// Trials of the Monte Carlo at each dimension: one query and n keys each.
pub const DRAWS: usize = 1000;
/// The dimensions the saturation curve is drawn through (the chosen d is added).
pub const CURVE_DIMENSIONS: [usize; 10] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
/// About this many normal samples per work chunk (roughly a millisecond in the browser).
const SAMPLES_PER_CHUNK: usize = 40_000;

/// The starting points: each query near its own key, so the weights start mostly diagonal.
const DEFAULT_QUERIES: [[f64; 2]; MAX_TOKENS] = [
    [1.5, 0.5],
    [-1.0, 1.5],
    [0.5, -1.5],
    [-1.5, -0.5],
    [2.0, 2.0],
    [-2.0, 2.5],
];
const DEFAULT_KEYS: [[f64; 2]; MAX_TOKENS] = [
    [1.8, 1.0],
    [-0.5, 2.0],
    [1.0, -2.0],
    [-2.0, -1.0],
    [2.5, -0.5],
    [0.0, 0.5],
];
const DEFAULT_VALUES: [[f64; 2]; MAX_TOKENS] = [
    [2.0, 0.0],
    [0.0, 2.0],
    [-2.0, 0.0],
    [0.0, -2.0],
    [1.5, 1.5],
    [-1.5, 1.5],
];
const DEFAULT_TOKENS: usize = 4;

const CONTROLS: &[ControlSpec] = &[
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

const READOUTS: &[ReadoutSpec] = &[
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

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "plane",
        title: "Queries and keys",
        alt: "The queries q₁…qₙ as blue dots and the keys k₁…kₙ as vermillion squares on the plane, each labelled. The logit q·k is large when a query and a key point the same way and are long. Drag a dot or square to move it; with the plot focused, n / p select the next / previous point and the arrow keys move it (Shift for bigger steps).",
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

pub const INFO: DemoInfo = DemoInfo {
    id: "attention",
    title: "Attention: softmax(QKᵀ/√d)·V",
    chapter: Chapter::NeuralNetworks,
    summary: "Drag queries and keys and watch scaled dot-product attention respond: the weight matrix as a heatmap with a causal mask, each output as a weighted mix of the values, and a Monte Carlo showing why the logits are divided by √d.",
    explanation: r#"*A beginner's guide to the math that powers machine learning* names the **attention mechanism** that made Transformers popular. Here it is, small enough to see every number. Each of $n$ tokens has a **query** $q_i$ (what it is looking for), a **key** $k_j$ (what it offers) and a **value** $v_j$ (what it passes on). Query $i$ scores every key by a dot product, turns the scores into weights with a softmax, and mixes the values with those weights:

$$s_{ij} = \frac{q_i \cdot k_j}{\sqrt{d}}, \qquad w_{ij} = \frac{e^{s_{ij}}}{\sum_{l} e^{s_{il}}}, \qquad o_i = \sum_j w_{ij}\, v_j$$

In matrix form that is $\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\left(QK^\top / \sqrt{d}\right) V$, the softmax taken along each row. The weights of a row are positive and sum to 1, so each **output** $o_i$ lies inside the polygon spanned by the values. The first plot shows queries (blue dots) and keys (vermillion squares) in $d = 2$ dimensions; the dot product $q \cdot k = \lVert q \rVert \lVert k \rVert \cos\theta$ is large when a query and a key point the same way and are long. The second plot is the weight matrix, one row per query; the last one shows the values as thin arrows and the outputs as thick ones.

**What to try:** drag a key towards a query and watch that query's row of weights shift to it, and its output arrow swing towards that key's value. Drag a query far out from the origin: its logits grow, its softmax sharpens, and its row's **entropy** $H_i = -\sum_j w_{ij} \ln w_{ij}$ falls from $\ln n$ (all keys equal) towards 0 (one key takes all). Turn on the **causal mask**: query $i$ may then only look at keys $j \le i$, as in a language model that must not read ahead. The masked logits are set to $-\infty$ before the softmax, so $e^{-\infty} = 0$ and their weights are exactly zero.

**Why divide by √d?** Take queries and keys with independent $\mathcal{N}(0, 1)$ components. Then $q \cdot k = \sum_{m=1}^{d} q_m k_m$ is a sum of $d$ independent terms of mean 0 and variance 1, so

$$\operatorname{E}[q \cdot k] = 0, \qquad \operatorname{Var}(q \cdot k) = d, \qquad \operatorname{Var}\left(\frac{q \cdot k}{\sqrt{d}}\right) = 1$$

The third plot draws 1,000 random queries with $n$ keys each (seeded) for every dimension $d$ from 1 to 512 and averages the entropy of the softmax. Unscaled, the logits spread like $\sqrt{d}$: the largest one wins by a wide margin, the softmax becomes nearly one-hot, its entropy drops towards 0 and its gradients vanish, which stalls training. Scaled, the entropy stays near that of $n$ standard normal logits whatever $d$. **Raise $d$** and follow the unscaled curve down; compare the sample variance of $q \cdot k$ in the readouts with the exact $d$. Then turn the scaling off on the plane: its logits grow by $\sqrt{2}$ and every row's entropy drops, the same effect at $d = 2$.

**Computing the softmax safely:** $e^{s}$ overflows to $\infty$ in floating point once $s > 709.78$, and $\infty / \infty$ is not a number. Subtracting the row's largest logit $m$ first changes nothing mathematically, $e^{s_j - m} / \sum_l e^{s_l - m}$, but makes every exponent at most 0, so even logits near $10^{300}$ give exact weights."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(AttentionDemo::default()),
};

/// A draggable point: a query or key on the plane, or a value's tip on the outputs plot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handle {
    Query(usize),
    Key(usize),
    Value(usize),
}

/// The Monte Carlo behind the why-√d plot: finished estimates by dimension, and the runs
/// still to do (worked off in [`Demo::work_chunk`]).
#[derive(Debug, Default)]
struct Saturation {
    /// The token count and seed the estimates belong to.
    computed_for: Option<(usize, u64)>,
    estimates: BTreeMap<usize, SaturationEstimate>,
    /// The run in progress.
    running: Option<SaturationRun>,
    /// Dimensions still to run, in order.
    queue: Vec<usize>,
}

/// The state of the attention demo.
#[derive(Debug)]
pub struct AttentionDemo {
    /// The number of tokens n.
    tokens: usize,
    /// All six queries, keys and values; the first `tokens` are used. Keeping the others
    /// means lowering and raising n brings the same points back.
    queries: [[f64; 2]; MAX_TOKENS],
    keys: [[f64; 2]; MAX_TOKENS],
    values: [[f64; 2]; MAX_TOKENS],
    causal: bool,
    scaled: bool,
    /// The Monte Carlo's chosen dimension.
    dimension: usize,
    seed: u64,
    /// softmax(QKᵀ/√d)V for the current points, recomputed after every change.
    result: Attention,
    saturation: Saturation,
    /// The point the keyboard moves on each interactive plot (not part of the URL).
    selected_plane: Handle,
    selected_value: Handle,
    /// The point being dragged.
    dragging: Option<Handle>,
}

impl Default for AttentionDemo {
    fn default() -> Self {
        let mut demo = Self {
            tokens: DEFAULT_TOKENS,
            queries: DEFAULT_QUERIES,
            keys: DEFAULT_KEYS,
            values: DEFAULT_VALUES,
            causal: false,
            scaled: true,
            dimension: 64,
            seed: 1,
            result: attention::<[f64; 2]>(
                &[],
                &[],
                &[],
                AttentionOptions {
                    scaled: true,
                    causal: false,
                },
            ),
            saturation: Saturation::default(),
            selected_plane: Handle::Query(0),
            selected_value: Handle::Value(0),
            dragging: None,
        };
        demo.recompute();
        demo
    }
}

/// The plots, by index into [`PLOTS`].
const PLANE: usize = 0;
const WEIGHTS: usize = 1;
const SATURATION: usize = 2;
const OUTPUTS: usize = 3;

/// A press within this many CSS pixels of a point grabs it.
const HIT_RADIUS: f64 = 16.0;
/// Top margin of the plane plots, in CSS pixels.
const TOP_MARGIN: f64 = 10.0;
/// How far an arrow key moves a point (Shift: five times as far).
const KEY_STEP: f64 = 0.1;

/// Parses "x,y;x,y;…": 1 to `max` points within ±[`COORDINATE_LIMIT`], rounded to 2 decimals.
pub fn parse_point_list(text: &str, max: usize) -> Result<Vec<[f64; 2]>, String> {
    let entries: Vec<&str> = text
        .split(';')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if entries.is_empty() {
        return Err("expected points as x,y;x,y;… (for example 1,0.5;-1,2)".to_owned());
    }
    if entries.len() > max {
        return Err(format!(
            "{} points given; at most {max} (one per token: raise the token count first)",
            entries.len()
        ));
    }
    entries
        .iter()
        .map(|entry| {
            let parts: Vec<&str> = entry.split(',').collect();
            if parts.len() != 2 {
                return Err(format!("“{entry}” is not a point x,y"));
            }
            let x = parse_number(parts[0], -COORDINATE_LIMIT, COORDINATE_LIMIT)?;
            let y = parse_number(parts[1], -COORDINATE_LIMIT, COORDINATE_LIMIT)?;
            Ok([round_coordinate(x), round_coordinate(y)])
        })
        .collect()
}

/// Writes points as "x,y;x,y;…", the form [`parse_point_list`] reads.
pub fn format_point_list(points: &[[f64; 2]]) -> String {
    points
        .iter()
        .map(|p| {
            format!(
                "{},{}",
                format_param_number(p[0]),
                format_param_number(p[1])
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

impl AttentionDemo {
    fn options(&self) -> AttentionOptions {
        AttentionOptions {
            scaled: self.scaled,
            causal: self.causal,
        }
    }

    fn recompute(&mut self) {
        let n = self.tokens;
        self.result = attention(
            &self.queries[..n],
            &self.keys[..n],
            &self.values[..n],
            self.options(),
        );
        self.schedule_saturation();
    }

    /// Queues the Monte Carlo dimensions not yet estimated for the current n and seed.
    fn schedule_saturation(&mut self) {
        let wanted = (self.tokens, self.seed);
        let saturation = &mut self.saturation;
        if saturation.computed_for != Some(wanted) {
            *saturation = Saturation {
                computed_for: Some(wanted),
                ..Saturation::default()
            };
        }
        // The chosen d first: the readouts wait for it.
        let mut dimensions = vec![self.dimension];
        dimensions.extend(CURVE_DIMENSIONS);
        saturation.queue = dimensions
            .into_iter()
            .filter(|d| !saturation.estimates.contains_key(d))
            .filter(|d| {
                saturation
                    .running
                    .as_ref()
                    .is_none_or(|r| r.dimension() != *d)
            })
            .fold(Vec::new(), |mut queue, d| {
                if !queue.contains(&d) {
                    queue.push(d);
                }
                queue
            });
    }

    /// Every dimension the saturation plot draws, estimated or not, in increasing order.
    fn curve_dimensions(&self) -> Vec<usize> {
        let mut dimensions: Vec<usize> = CURVE_DIMENSIONS.to_vec();
        if !dimensions.contains(&self.dimension) {
            dimensions.push(self.dimension);
            dimensions.sort_unstable();
        }
        dimensions
    }

    /// The estimates along the curve that are done.
    fn curve(&self) -> Vec<SaturationEstimate> {
        self.curve_dimensions()
            .iter()
            .filter_map(|d| self.saturation.estimates.get(d).copied())
            .collect()
    }

    /// The estimate at the chosen d, once computed.
    fn chosen_estimate(&self) -> Option<SaturationEstimate> {
        self.saturation.estimates.get(&self.dimension).copied()
    }

    fn handle_point(&self, handle: Handle) -> [f64; 2] {
        match handle {
            Handle::Query(i) => self.queries[i],
            Handle::Key(i) => self.keys[i],
            Handle::Value(i) => self.values[i],
        }
    }

    fn move_handle(&mut self, handle: Handle, to: [f64; 2]) -> bool {
        let clamped = to.map(|c| round_coordinate(c.clamp(-COORDINATE_LIMIT, COORDINATE_LIMIT)));
        let point = match handle {
            Handle::Query(i) => &mut self.queries[i],
            Handle::Key(i) => &mut self.keys[i],
            Handle::Value(i) => &mut self.values[i],
        };
        if *point == clamped {
            return false;
        }
        *point = clamped;
        self.recompute();
        true
    }

    /// The handles of an interactive plot, in keyboard order: q₁, k₁, q₂, k₂, … on the plane,
    /// v₁, v₂, … on the outputs plot.
    fn handles(&self, plot: usize) -> Vec<Handle> {
        let n = self.tokens;
        match plot {
            PLANE => (0..n)
                .flat_map(|i| [Handle::Query(i), Handle::Key(i)])
                .collect(),
            OUTPUTS => (0..n).map(Handle::Value).collect(),
            _ => Vec::new(),
        }
    }

    /// The viewport of the plane plots: the square ±3.3 around the origin, equal scales.
    fn viewport(frame: &Frame) -> Viewport {
        let reach = COORDINATE_LIMIT * 1.1;
        super::drawing::fitted_equal_aspect_viewport(frame, [0.0, 0.0], [reach, reach], TOP_MARGIN)
    }

    /// The selected handle of an interactive plot, kept within the token count.
    fn selected(&self, plot: usize) -> Option<Handle> {
        let handle = if plot == PLANE {
            self.selected_plane
        } else {
            self.selected_value
        };
        self.handles(plot).contains(&handle).then_some(handle)
    }

    fn set_selected(&mut self, plot: usize, handle: Handle) {
        if plot == PLANE {
            self.selected_plane = handle;
        } else {
            self.selected_value = handle;
        }
    }

    fn set_points(&mut self, key: &str, value: &str) -> Result<(), String> {
        let points = parse_point_list(value, self.tokens)?;
        let target = match key {
            "q" => &mut self.queries,
            "k" => &mut self.keys,
            _ => &mut self.values,
        };
        target[..points.len()].copy_from_slice(&points);
        Ok(())
    }

    /// The labels of token i's query, key, value and output ("q₁"…), 1-based.
    fn label(prefix: char, index: usize) -> String {
        const SUBSCRIPTS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
        format!("{prefix}{}", SUBSCRIPTS[(index + 1) % 10])
    }
}

/// A matrix (rows of numbers) as readout text, rows separated by "; ", and as the flat
/// full-precision list of `data-value`. −∞ is written "−∞" and "-Infinity" (what
/// JavaScript's Number() reads back).
fn matrix_readout(rows: &[Vec<f64>]) -> ReadoutValue {
    let shown = rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .map(|x| match *x {
                    f64::NEG_INFINITY => "−∞".to_owned(),
                    x => format_number(x),
                })
                .collect();
            format!("[{}]", cells.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let exact = rows
        .iter()
        .flatten()
        .map(|x| match *x {
            f64::NEG_INFINITY => "-Infinity".to_owned(),
            x => exact_list([x]),
        })
        .collect::<Vec<_>>()
        .join(", ");
    ReadoutValue::Written { shown, exact }
}

impl Demo for AttentionDemo {
    fn param(&self, key: &str) -> Option<String> {
        let n = self.tokens;
        Some(match key {
            "tokens" => n.to_string(),
            "q" => format_point_list(&self.queries[..n]),
            "k" => format_point_list(&self.keys[..n]),
            "v" => format_point_list(&self.values[..n]),
            "causal" => format_toggle(self.causal),
            "scale" => format_toggle(self.scaled),
            "d" => self.dimension.to_string(),
            "seed" => self.seed.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "tokens" => {
                self.tokens = parse_integer(value, MIN_TOKENS as i64, MAX_TOKENS as i64)? as usize;
            }
            "q" | "k" | "v" => self.set_points(key, value)?,
            "causal" => self.causal = parse_toggle(value)?,
            "scale" => self.scaled = parse_toggle(value)?,
            "d" => {
                // The log slider gives 23.71; a dimension is whole, so it is rounded.
                let d = parse_number(value, 1.0, MAX_DIMENSION as f64)?;
                self.dimension = (d.round() as usize).clamp(1, MAX_DIMENSION);
            }
            "seed" => self.seed = parse_integer(value, 0, 4_294_967_295)? as u64,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "scale" => Some(format!(
                "Here d = 2: the logits are {} by √2 ≈ 1.414.",
                if self.scaled {
                    "divided"
                } else {
                    "not divided"
                }
            )),
            "d" => Some(format!(
                "Var(q·k) = d = {} exactly; scaled by 1/√d it is 1.",
                self.dimension
            )),
            _ => None,
        }
    }

    fn work_chunk(&mut self) -> Option<f64> {
        let saturation = &mut self.saturation;
        if saturation.running.is_none() {
            let d = saturation.queue.first().copied()?;
            saturation.queue.remove(0);
            let (n, seed) = saturation.computed_for.unwrap_or((self.tokens, self.seed));
            saturation.running = Some(SaturationRun::new(d, n, DRAWS, seed));
        }
        let run = saturation.running.as_mut()?;
        let trials = (SAMPLES_PER_CHUNK / run.samples_per_trial().max(1)).max(1);
        run.run(trials);
        if let Some(estimate) = run.estimate() {
            saturation.estimates.insert(estimate.dimension, estimate);
            saturation.running = None;
        }
        // Progress over what is left: finished dimensions of the current plot.
        let total = self.curve_dimensions().len() as f64;
        let done = self
            .curve_dimensions()
            .iter()
            .filter(|d| self.saturation.estimates.contains_key(d))
            .count() as f64;
        let partial = self
            .saturation
            .running
            .as_ref()
            .map_or(0.0, |r| r.progress());
        Some(((done + partial) / total).min(1.0))
    }

    fn readouts(&self) -> Vec<Readout> {
        let readout = |name: &str, label: &str, value: ReadoutValue, group: &str| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: group.to_owned(),
        };
        let tokens = "Attention on the plane";
        let mut readouts = vec![
            readout(
                "logits",
                if self.scaled {
                    "logits q·k/√2"
                } else {
                    "logits q·k"
                },
                matrix_readout(&self.result.logits),
                tokens,
            ),
            readout(
                "weights",
                "weights (rows: queries)",
                matrix_readout(&self.result.weights),
                tokens,
            ),
        ];
        let outputs = self
            .result
            .outputs
            .iter()
            .map(|o| {
                format!(
                    "({}, {})",
                    format_number(o[0]),
                    format_number(o.get(1).copied().unwrap_or(0.0))
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        readouts.push(readout(
            "outputs",
            "outputs o_i",
            ReadoutValue::Written {
                shown: outputs,
                exact: exact_list(self.result.outputs.iter().flatten().copied()),
            },
            tokens,
        ));
        for (i, h) in self.result.entropies.iter().enumerate() {
            readouts.push(readout(
                &format!("entropy-{}", i + 1),
                &format!("entropy of row {} (nats)", i + 1),
                ReadoutValue::Number(*h),
                tokens,
            ));
        }
        readouts.push(readout(
            "max-entropy",
            "ln n (uniform)",
            ReadoutValue::Number((self.tokens as f64).ln()),
            tokens,
        ));
        let why = "Why √d (Monte Carlo)";
        let d = self.dimension;
        match self.chosen_estimate() {
            Some(e) => {
                readouts.push(readout(
                    "dot-variance",
                    &format!("sample Var(q·k), d = {d}"),
                    ReadoutValue::Number(e.dot_variance),
                    why,
                ));
                readouts.push(readout(
                    "dot-variance-exact",
                    "exact Var(q·k) = d",
                    ReadoutValue::Number(exact_dot_variance(d)),
                    why,
                ));
                readouts.push(readout(
                    "mean-entropy-unscaled",
                    "mean entropy, unscaled",
                    ReadoutValue::Number(e.mean_entropy_unscaled),
                    why,
                ));
                readouts.push(readout(
                    "mean-entropy-scaled",
                    "mean entropy, scaled by 1/√d",
                    ReadoutValue::Number(e.mean_entropy_scaled),
                    why,
                ));
            }
            None => {
                for (name, label) in [
                    ("dot-variance", "sample Var(q·k)"),
                    ("mean-entropy-unscaled", "mean entropy, unscaled"),
                    ("mean-entropy-scaled", "mean entropy, scaled by 1/√d"),
                ] {
                    readouts.push(readout(
                        name,
                        label,
                        ReadoutValue::Text("computing…".to_owned()),
                        why,
                    ));
                }
                readouts.push(readout(
                    "dot-variance-exact",
                    "exact Var(q·k) = d",
                    ReadoutValue::Number(exact_dot_variance(d)),
                    why,
                ));
            }
        }
        readouts.push(readout(
            "draws",
            "trials per d",
            ReadoutValue::Integer(DRAWS as i64),
            why,
        ));
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if !self.scaled
            && self.dimension >= 64
            && let Some(e) = self.chosen_estimate()
        {
            notices.push(Notice {
                    level: NoticeLevel::Info,
                    text: format!(
                        "At d = {} the unscaled dot products have variance about {} (sample {}): the softmax is nearly one-hot, mean entropy {} of at most ln {} = {}.",
                        self.dimension,
                        self.dimension,
                        format_number(e.dot_variance),
                        format_number(e.mean_entropy_unscaled),
                        self.tokens,
                        format_number((self.tokens as f64).ln())
                    ),
                });
        }
        notices
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        self.data_table(plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        self.data_description(plot)
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != PLANE && plot != OUTPUTS {
            return false;
        }
        if input.phase == PointerPhase::Up {
            return self.dragging.take().is_some();
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = Self::viewport(&frame);
        let (x, y) = viewport.to_model(input.x, input.y);
        match (input.phase, self.dragging) {
            (PointerPhase::Drag, Some(handle)) => self.move_handle(handle, [x, y]),
            (PointerPhase::Drag, None) => false,
            _ => {
                // The nearest point within reach; on a tie the later one, drawn on top.
                let nearest = self
                    .handles(plot)
                    .into_iter()
                    .map(|handle| {
                        let p = self.handle_point(handle);
                        let (px, py) = viewport.to_pixel(p[0], p[1]);
                        (handle, (px - input.x).hypot(py - input.y))
                    })
                    .filter(|(_, distance)| *distance <= HIT_RADIUS)
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                match nearest {
                    Some((handle, _)) => {
                        self.set_selected(plot, handle);
                        self.dragging = Some(handle);
                        true
                    }
                    None => false,
                }
            }
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != PLANE && plot != OUTPUTS {
            return false;
        }
        let handles = self.handles(plot);
        let step = if key.starts_with("Shift+") {
            5.0 * KEY_STEP
        } else {
            KEY_STEP
        };
        let delta = match key.trim_start_matches("Shift+") {
            "ArrowLeft" => [-step, 0.0],
            "ArrowRight" => [step, 0.0],
            "ArrowUp" => [0.0, step],
            "ArrowDown" => [0.0, -step],
            "n" | "N" | "p" | "P" => {
                let count = handles.len();
                let current = self
                    .selected(plot)
                    .and_then(|h| handles.iter().position(|x| *x == h));
                let forward = key.eq_ignore_ascii_case("n");
                let next = match (current, forward) {
                    (None, _) => 0,
                    (Some(i), true) => (i + 1) % count,
                    (Some(i), false) => (i + count - 1) % count,
                };
                self.set_selected(plot, handles[next]);
                return true;
            }
            _ => return false,
        };
        let handle = self.selected(plot).unwrap_or(handles[0]);
        self.set_selected(plot, handle);
        let p = self.handle_point(handle);
        self.move_handle(handle, [p[0] + delta[0], p[1] + delta[1]]);
        true
    }
}
