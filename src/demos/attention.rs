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
    Chapter, Demo, DemoInfo, Frame, Notice, NoticeLevel, PlotTable, PointerInput, PointerPhase,
    Readout, ReadoutValue, exact_list, format_number,
};
use crate::math::attention::{
    Attention, AttentionOptions, SaturationEstimate, SaturationRun, attention, exact_dot_variance,
};
use crate::math::coordinates::round_coordinate;
use crate::render::viewport::Viewport;
use spec::{CONTROLS, EXPLANATION, PLOTS, READOUTS};

mod data;
mod drawing;
mod spec;
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

pub const INFO: DemoInfo = DemoInfo {
    id: "attention",
    title: "Attention: softmax(QKᵀ/√d)·V",
    chapter: Chapter::NeuralNetworks,
    summary: "Drag queries and keys and watch scaled dot-product attention respond: the weight matrix as a heatmap with a causal mask, each output as a weighted mix of the values, and a Monte Carlo showing why the logits are divided by √d.",
    explanation: EXPLANATION,
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
    selected_plane: Option<Handle>,
    selected_value: Option<Handle>,
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
            selected_plane: None,
            selected_value: None,
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
        }?;
        self.handles(plot).contains(&handle).then_some(handle)
    }

    fn set_selected(&mut self, plot: usize, handle: Handle) {
        if plot == PLANE {
            self.selected_plane = Some(handle);
        } else {
            self.selected_value = Some(handle);
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
        // One plain list: the shell would table grouped readouts by shared labels, and a
        // matrix readout is too wide for a table cell.
        let tokens = "";
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
            "outputs (one per query)",
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
        let why = "";
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
