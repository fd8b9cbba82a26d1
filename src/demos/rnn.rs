//! `#/rnn`: recurrent networks trained live. A tanh RNN, an LSTM or a GRU (PyTorch's
//! equations) with a linear readout learns one of three sequence tasks from 32 seeded
//! sequences in mini-batches; the page shows the network unrolled over the first sequence,
//! the gradient of the last step's loss travelling back through time (vanishing or exploding
//! with the spectral radius of W_hh, kept alive by the LSTM's cell state), the loss curve
//! and the prediction against the target.
//!
//! The math is [`crate::math::rnn`]; this file holds the state and the `Demo` impl. Every
//! control rebuilds the run from the seed and trains it again to the step shown (in chunks
//! when that is long), so `steps=` and the controls reproduce the state exactly.

mod data;
mod drawing;
mod snapshot;
mod spec;
#[cfg(test)]
mod tests;

pub use spec::INFO;
use spec::*;

use super::params::{
    format_param_number, format_toggle, parse_choice, parse_integer, parse_number, parse_toggle,
};
use super::{Demo, Notice, NoticeLevel, PlotTable, Readout, ReadoutValue};
use crate::demos::list_readout;
use crate::math::optimizers::{Hyperparameters, OptimizerKind};
use crate::math::rnn::{
    CellKind, Sequence, Shape, Task, Trace, Trainer, TrainingConfig, backward, forward, initialize,
    mean_loss, recurrent_radii, training_set,
};

/// Sequences in the fixed training set.
pub const TRAINING_SEQUENCES: usize = 32;
/// Sequences per mini-batch.
pub const BATCH_SIZE: usize = 8;
/// A bound against overflow and memory (the loss history keeps one number per step);
/// training otherwise runs until the reader pauses it.
pub const MAX_STEPS: usize = 50_000;
/// A replay of at most this much work (multiply-adds, see [`RnnDemo::step_work`]) runs at
/// once; a longer one runs in chunks with a progress bar.
const SYNC_REPLAY_WORK: usize = 30_000_000;
/// About a millisecond of training natively per replay chunk.
const REPLAY_CHUNK_WORK: usize = 2_000_000;

/// One training step's numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepRecord {
    pub batch_loss: f64,
    pub gradient_norm: f64,
    pub clipped: bool,
}

/// The numbers the pictures and readouts show for the current weights, computed once after
/// every change (not on every readout or draw).
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Mean loss over the training set.
    pub loss: f64,
    /// The forward pass over the example sequence.
    pub trace: Option<Trace>,
    /// ‖∂L_T/∂h_t‖ for t = 1…T (loss of the last step of the example sequence).
    pub hidden_norms: Vec<f64>,
    /// ‖∂L_T/∂c_t‖ (LSTM only).
    pub cell_norms: Vec<f64>,
    /// Spectral radius of each gate block of W_hh.
    pub radii: Vec<Option<f64>>,
}

/// A link's steps still being replayed in chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Replay {
    from: usize,
    target: usize,
}

/// The state of the recurrent-network demo.
#[derive(Clone, Debug)]
pub struct RnnDemo {
    cell: CellKind,
    task: Task,
    /// Sequence length T.
    length: usize,
    /// Hidden units H.
    hidden: usize,
    /// The spectral radius W_hh is rescaled to at initialisation.
    radius: f64,
    clip: bool,
    max_norm: f64,
    optimizer: OptimizerKind,
    learning_rate: f64,
    seed: u64,
    /// The training set (the first sequence is the one drawn).
    data: Vec<Sequence>,
    /// The weights at initialisation.
    initial: Vec<f64>,
    /// The network at initialisation, as the summary shows it (computed once per rebuild).
    initial_summary: Summary,
    trainer: Trainer,
    /// Training steps taken.
    step: usize,
    /// The furthest step reached (the toolbar's second number).
    furthest: usize,
    /// One record per step taken.
    history: Vec<StepRecord>,
    /// The step at which training stopped on a non-finite loss or gradient.
    diverged_at: Option<usize>,
    replay: Option<Replay>,
    summary: Summary,
    /// The loss of the best constant prediction on the training set.
    baseline_loss: f64,
    /// How long the last summary took (ms, measured while playing): a playing frame trains
    /// at least twice that long, so that the summary never takes more than a third of the
    /// time. Timing only: it decides how many steps a call takes, never what they compute.
    summary_ms: f64,
}

impl Default for RnnDemo {
    fn default() -> Self {
        let shape = Shape {
            cell: CellKind::Rnn,
            input_size: 1,
            hidden_size: 16,
        };
        let mut demo = RnnDemo {
            cell: CellKind::Rnn,
            task: Task::Sine,
            length: 30,
            hidden: 16,
            radius: 0.9,
            clip: false,
            max_norm: 1.0,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.01,
            seed: 1,
            data: Vec::new(),
            initial: Vec::new(),
            initial_summary: Summary::default(),
            // Replaced by `rebuild`; Adam is first-order, so this never fails.
            trainer: Trainer::new(
                shape,
                vec![0.0; shape.parameter_count()],
                OptimizerKind::Adam,
                1,
            )
            .expect("Adam is a first-order optimizer"),
            step: 0,
            furthest: 0,
            history: Vec::new(),
            diverged_at: None,
            replay: None,
            summary: Summary::default(),
            baseline_loss: 0.0,
            summary_ms: 0.0,
        };
        demo.rebuild();
        demo
    }
}

/// A number readout, or "undefined" when it is not finite.
fn number_or_undefined(value: f64) -> ReadoutValue {
    if value.is_finite() {
        ReadoutValue::Number(value)
    } else {
        ReadoutValue::Text("undefined".to_owned())
    }
}

/// Summarises a network: training-set loss, example trace, BPTT norms, radii.
fn summarize(shape: &Shape, params: &[f64], data: &[Sequence]) -> Summary {
    let Some(example) = data.first() else {
        return Summary::default();
    };
    let trace = forward(shape, params, example);
    let last_only = example.last_step_only();
    let mut scratch = vec![0.0; params.len()];
    let states = backward(shape, params, &last_only, &trace, &mut scratch, 1.0);
    Summary {
        loss: mean_loss(shape, params, data),
        trace: Some(trace),
        hidden_norms: states.hidden_norms(),
        cell_norms: states.cell_norms(),
        radii: recurrent_radii(shape, params),
    }
}

impl RnnDemo {
    pub fn shape(&self) -> Shape {
        Shape {
            cell: self.cell,
            input_size: self.task.input_size(),
            hidden_size: self.hidden,
        }
    }

    fn config(&self) -> TrainingConfig {
        TrainingConfig {
            hyper: Hyperparameters {
                learning_rate: self.learning_rate,
                ..Hyperparameters::default()
            },
            clip: self.clip.then_some(self.max_norm),
            batch_size: BATCH_SIZE,
        }
    }

    /// Regenerates data and initial weights from the controls and trains back to the step
    /// shown before.
    fn rebuild(&mut self) {
        let target = self.current_step();
        let shape = self.shape();
        self.data = training_set(self.task, self.length, TRAINING_SEQUENCES, self.seed);
        self.initial = initialize(&shape, self.seed, self.radius);
        self.initial_summary = summarize(&shape, &self.initial, &self.data);
        self.baseline_loss = baseline_loss(&self.data);
        self.restart();
        self.go_to(target);
    }

    /// Back to the initial weights, step 0.
    fn restart(&mut self) {
        let shape = self.shape();
        if let Some(trainer) = Trainer::new(shape, self.initial.clone(), self.optimizer, self.seed)
        {
            self.trainer = trainer;
        }
        self.step = 0;
        self.history.clear();
        self.diverged_at = None;
        self.replay = None;
        self.summary = self.initial_summary.clone();
    }

    /// One training step; false when training cannot go on.
    fn train_one(&mut self) -> bool {
        if self.diverged_at.is_some() || self.step >= MAX_STEPS {
            return false;
        }
        let config = self.config();
        match self.trainer.step(&self.data, &config) {
            Some(report) => {
                self.history.push(StepRecord {
                    batch_loss: report.batch_loss,
                    gradient_norm: report.gradient_norm,
                    clipped: report.clipped,
                });
                self.step += 1;
                self.furthest = self.furthest.max(self.step);
                true
            }
            None => {
                self.diverged_at = Some(self.step + 1);
                false
            }
        }
    }

    /// Multiply-adds of one training step (forward and backward, about three passes).
    fn step_work(&self) -> usize {
        let shape = self.shape();
        3 * BATCH_SIZE
            * self.length
            * shape.gate_rows()
            * (shape.input_size + shape.hidden_size + 2)
    }

    /// Trains forward to `target` (restarting when going back): at once when short, else
    /// in chunks ([`Demo::work_chunk`]).
    fn go_to(&mut self, target: usize) {
        let target = target.min(MAX_STEPS);
        self.replay = None;
        if target < self.step {
            self.restart();
        }
        let remaining = target - self.step;
        if remaining.saturating_mul(self.step_work()) > SYNC_REPLAY_WORK {
            self.replay = Some(Replay {
                from: self.step,
                target,
            });
            return;
        }
        while self.step < target && self.train_one() {}
        self.refresh();
    }

    /// Recomputes the summary for the current weights.
    fn refresh(&mut self) {
        self.summary = if self.step == 0 {
            self.initial_summary.clone()
        } else {
            summarize(&self.shape(), &self.trainer.params, &self.data)
        };
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    pub fn initial_summary(&self) -> &Summary {
        &self.initial_summary
    }

    pub fn history(&self) -> &[StepRecord] {
        &self.history
    }

    pub fn example(&self) -> Option<&Sequence> {
        self.data.first()
    }

    pub fn cell(&self) -> CellKind {
        self.cell
    }

    pub fn task(&self) -> Task {
        self.task
    }

    pub fn length(&self) -> usize {
        self.length
    }

    pub fn baseline(&self) -> f64 {
        self.baseline_loss
    }

    pub fn steps_taken(&self) -> usize {
        self.step
    }

    pub fn radius(&self) -> f64 {
        self.radius
    }

    fn clipped_count(&self) -> usize {
        self.history.iter().filter(|r| r.clipped).count()
    }

    pub fn cell_label(&self) -> &'static str {
        label_of(CELLS, cell_id(self.cell))
    }

    pub fn task_label(&self) -> &'static str {
        label_of(TASKS, task_id(self.task))
    }
}

/// The loss of the best constant prediction: the weighted mean of all weighted targets.
pub fn baseline_loss(data: &[Sequence]) -> f64 {
    let (mut weighted, mut total) = (0.0, 0.0);
    for s in data {
        for (t, w) in s.targets.iter().zip(&s.weights) {
            weighted += w * t;
            total += w;
        }
    }
    if data.is_empty() || total == 0.0 {
        return f64::NAN;
    }
    let constant = weighted / total;
    data.iter()
        .map(|s| {
            s.targets
                .iter()
                .zip(&s.weights)
                .map(|(t, w)| w * (t - constant).powi(2))
                .sum::<f64>()
        })
        .sum::<f64>()
        / data.len() as f64
}

fn label_of(options: &[(&str, &'static str)], id: &str) -> &'static str {
    options
        .iter()
        .find(|(key, _)| *key == id)
        .map_or("", |(_, label)| label)
}

pub fn cell_id(cell: CellKind) -> &'static str {
    match cell {
        CellKind::Rnn => "rnn",
        CellKind::Lstm => "lstm",
        CellKind::Gru => "gru",
    }
}

pub fn task_id(task: Task) -> &'static str {
    match task {
        Task::Sine => "sine",
        Task::Memory => "memory",
        Task::Adding => "adding",
    }
}

/// ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ of a list of norms for t = 1…T.
pub fn first_to_last_ratio(norms: &[f64]) -> f64 {
    match (norms.first(), norms.last()) {
        (Some(first), Some(last)) if *last != 0.0 => first / last,
        _ => f64::NAN,
    }
}

/// Norms for t = 1…T reordered by steps back k = T − t = 0…T−1.
pub fn by_steps_back(norms: &[f64]) -> Vec<f64> {
    norms.iter().rev().copied().collect()
}

impl Demo for RnnDemo {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "cell" => cell_id(self.cell).to_owned(),
            "task" => task_id(self.task).to_owned(),
            "length" => self.length.to_string(),
            "hidden" => self.hidden.to_string(),
            "radius" => format_param_number(self.radius),
            "clip" => format_toggle(self.clip),
            "max-norm" => format_param_number(self.max_norm),
            "optimizer" => self.optimizer.id().to_owned(),
            "lr" => format_param_number(self.learning_rate),
            "seed" => self.seed.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "cell" => {
                self.cell = match parse_choice(value, CELLS)? {
                    "lstm" => CellKind::Lstm,
                    "gru" => CellKind::Gru,
                    _ => CellKind::Rnn,
                }
            }
            "task" => {
                self.task = match parse_choice(value, TASKS)? {
                    "memory" => Task::Memory,
                    "adding" => Task::Adding,
                    _ => Task::Sine,
                }
            }
            "length" => {
                self.length = parse_integer(value, LENGTH_RANGE.0, LENGTH_RANGE.1)? as usize
            }
            "hidden" => {
                self.hidden = parse_integer(value, HIDDEN_RANGE.0, HIDDEN_RANGE.1)? as usize
            }
            "radius" => self.radius = parse_number(value, RADIUS_RANGE.0, RADIUS_RANGE.1)?,
            "clip" => self.clip = parse_toggle(value)?,
            "max-norm" => self.max_norm = parse_number(value, MAX_NORM_RANGE.0, MAX_NORM_RANGE.1)?,
            "optimizer" => {
                let id = parse_choice(value, OPTIMIZERS)?;
                self.optimizer = OptimizerKind::from_id(id).unwrap_or(OptimizerKind::Adam);
            }
            "lr" => {
                self.learning_rate =
                    parse_number(value, LEARNING_RATE_RANGE.0, LEARNING_RATE_RANGE.1)?
            }
            "seed" => self.seed = parse_integer(value, SEED_RANGE.0, SEED_RANGE.1)? as u64,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.rebuild();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        key != "max-norm" || self.clip
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "radius" => self.summary.radii.iter().flatten().copied().reduce(f64::max).map(|now| {
                format!(
                    "Now, after {} steps of training: ρ(W_hh) = {}.",
                    self.step,
                    super::format_number(now)
                )
            }),
            "lr" => self.diverged_at.map(|step| {
                format!("At this η the loss or gradient became infinite at step {step}; training stopped at step {}.", step - 1)
            }),
            _ => None,
        }
    }

    fn default_step(&self) -> usize {
        0
    }

    fn current_step(&self) -> usize {
        self.replay.map_or(self.step, |replay| replay.target)
    }

    fn max_step(&self) -> usize {
        MAX_STEPS
    }

    fn is_open_ended(&self) -> bool {
        true
    }

    fn toolbar_last_step(&self) -> usize {
        self.furthest.max(self.current_step())
    }

    fn go_to_step(&mut self, step: usize) {
        self.go_to(step);
    }

    fn work_chunk(&mut self) -> Option<f64> {
        let replay = self.replay?;
        let per_chunk = (REPLAY_CHUNK_WORK / self.step_work().max(1)).clamp(1, 1_000);
        for _ in 0..per_chunk {
            if self.step >= replay.target || !self.train_one() {
                break;
            }
        }
        if self.step >= replay.target || self.diverged_at.is_some() {
            self.replay = None;
            self.refresh();
            return Some(1.0);
        }
        let span = (replay.target - replay.from).max(1) as f64;
        Some((self.step - replay.from) as f64 / span)
    }

    fn advance_frame(&mut self) -> bool {
        if self.replay.is_some() {
            return true;
        }
        // Without a clock: a fixed 5 steps per frame.
        for _ in 0..5 {
            if !self.train_one() {
                self.refresh();
                return false;
            }
        }
        self.refresh();
        self.step < MAX_STEPS
    }

    fn advance_frame_budgeted(&mut self, now_ms: &dyn Fn() -> f64, budget_ms: f64) -> bool {
        if self.replay.is_some() {
            return true;
        }
        let start = now_ms();
        // The summary (a forward pass over the training set, the BPTT norms and the spectral
        // radii) comes after the steps: keep room for it, measured as one more step. Where
        // the summary costs more than a step (an LSTM with H 32, T 100, in the Worker) the
        // call trains at least twice as long as the last summary took.
        let budget = budget_ms.max(2.0 * self.summary_ms);
        let mut slowest: f64 = 0.0;
        let more = loop {
            let before = now_ms();
            if !self.train_one() {
                break false;
            }
            let after = now_ms();
            slowest = slowest.max(after - before);
            if self.step >= MAX_STEPS {
                break false;
            }
            if after - start + 2.0 * slowest > budget {
                break true;
            }
        };
        let before = now_ms();
        self.refresh();
        self.summary_ms = now_ms() - before;
        more
    }

    fn trains_in_background(&self) -> bool {
        // Always at full speed (there is no pace to keep): the Worker trains and summarises,
        // and the page only applies its snapshots and paints.
        self.replay.is_none()
            && self.diverged_at.is_none()
            && self.step < MAX_STEPS
            && !self.data.is_empty()
    }

    fn background_snapshot(&self) -> Option<String> {
        (self.step > 0 && self.replay.is_none()).then(|| self.encode_snapshot())
    }

    fn apply_background_snapshot(&mut self, snapshot: &str) -> Result<(), String> {
        self.apply_snapshot(snapshot)
    }

    fn readouts(&self) -> Vec<Readout> {
        let readout = |name: &str, label: &str, value: ReadoutValue| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: String::new(),
        };
        let summary = &self.summary;
        let start = &self.initial_summary;
        let largest = |radii: &[Option<f64>]| {
            radii
                .iter()
                .flatten()
                .copied()
                .reduce(f64::max)
                .unwrap_or(f64::NAN)
        };
        let last = self.history.last();
        let (prediction, target) = match (&summary.trace, self.example()) {
            (Some(trace), Some(example)) => (
                trace.outputs.last().copied().unwrap_or(f64::NAN),
                example.targets.last().copied().unwrap_or(f64::NAN),
            ),
            _ => (f64::NAN, f64::NAN),
        };
        let mut readouts = vec![
            readout("step", "Step", ReadoutValue::Integer(self.step as i64)),
            readout("loss", "Training loss", number_or_undefined(summary.loss)),
            readout(
                "batch-loss",
                "Last batch loss",
                match last {
                    Some(record) => number_or_undefined(record.batch_loss),
                    None => ReadoutValue::Text("undefined (no step yet)".to_owned()),
                },
            ),
            readout(
                "baseline-loss",
                "Constant-prediction loss",
                number_or_undefined(self.baseline_loss),
            ),
            readout(
                "radius",
                "ρ(W_hh) now",
                number_or_undefined(largest(&summary.radii)),
            ),
            readout(
                "radius-start",
                "ρ(W_hh) at start",
                number_or_undefined(largest(&start.radii)),
            ),
            readout(
                "grad-ratio",
                "‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ now",
                number_or_undefined(first_to_last_ratio(&summary.hidden_norms)),
            ),
            readout(
                "grad-ratio-start",
                "‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ at start",
                number_or_undefined(first_to_last_ratio(&start.hidden_norms)),
            ),
            readout(
                "grad-norms",
                "‖∂L/∂h_{T−k}‖, k = 0, 1, … now",
                list_readout(&by_steps_back(&summary.hidden_norms)),
            ),
            readout(
                "grad-norms-start",
                "‖∂L/∂h_{T−k}‖ at start",
                list_readout(&by_steps_back(&start.hidden_norms)),
            ),
        ];
        if self.cell == CellKind::Lstm {
            readouts.push(readout(
                "cell-grad-norms",
                "‖∂L/∂c_{T−k}‖ now",
                list_readout(&by_steps_back(&summary.cell_norms)),
            ));
        }
        readouts.extend([
            readout(
                "grad-norm",
                "‖∇L‖ of the last batch",
                match last {
                    Some(record) => number_or_undefined(record.gradient_norm),
                    None => ReadoutValue::Text("undefined (no step yet)".to_owned()),
                },
            ),
            readout(
                "clipped-steps",
                "Clipped steps",
                ReadoutValue::Integer(self.clipped_count() as i64),
            ),
            readout("prediction", "Output y_T", number_or_undefined(prediction)),
            readout("target", "Target at T", number_or_undefined(target)),
            readout(
                "parameters",
                "Parameters",
                ReadoutValue::Integer(self.shape().parameter_count() as i64),
            ),
        ]);
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Some(step) = self.diverged_at {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "Step {step} made the loss or the gradient infinite, so training stopped at step {}; lower the learning rate or the spectral radius, or switch on gradient clipping.",
                    step - 1
                ),
            });
        }
        if self.step >= MAX_STEPS {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!("Training stops at {MAX_STEPS} steps."),
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
}
