//! The training playground: TensorFlow Playground's small networks on 2-D data, trained live in
//! the page. Data sets, input features, architecture, loss, optimizer and regularization are
//! controls; the decision boundary (or regression surface), every neuron's own heatmap, the
//! loss, accuracy and per-layer gradient-norm curves are drawn as training runs many epochs
//! per frame. Learning rate, batch size, regularization and optimizer change live; their past
//! values are kept in the `schedule` control so a shared link replays the same run bit for bit.
//! Dropout, AdamW's weight decay and batch normalization (off by default, so older links keep
//! their meaning) restart the run; a histogram shows what each hidden activation receives, and
//! the largest stable learning rate with and without batch norm is measured on request.
//!
//! The math is in `math::nn` (network, backprop, losses) and `math::nn_datasets` (data).

use std::hash::Hash;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{fill_style, hash_of, line_style, text_style};
use super::link_codec::fnv1a64;
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
    Architecture, Dropout, Examples, InputFeature, Loss, MAX_HIDDEN_LAYERS, MAX_NEURONS_PER_LAYER,
    Network, OutputUnit, Regularization, StableLearningRate, StableLearningRateSearch, Trainer,
    TrainingSettings, WeightInit, Workspace, compute_features, evaluate,
};
use crate::math::nn_datasets::{
    DOMAIN_RADIUS, DataPoint, DatasetKind, generate, shuffle_and_split,
};
use crate::math::nn_json::{network_from_json, network_to_json};
use crate::math::optimizers::{FirstOrderOptimizer, Hyperparameters, OptimizerKind};
use crate::render::RgbaImage;
use crate::render::chart::{
    AxisScale, ChartOptions, ChartParts, Series, chart_y_range, draw_line_chart,
};
use crate::render::theme::{SERIES_COLOURS, rgb};

mod checkpoint;
mod drawing;
mod spec;
mod text;

use drawing::*;
pub use spec::INFO;
use spec::*;
use text::*;

/// Points generated per data set (the playground's classification count), split into training
/// and test points by `train-percent`.
const POINT_COUNT: usize = 500;
/// A bound against overflow only (training otherwise runs until the reader stops it): the
/// optimizer counts its updates in a usize, 32 bits in the browser, and an epoch makes at most
/// 450 of them (90 % of 500 points in batches of 1): 450 × 9,000,000 < 2³².
pub const MAX_EPOCHS: usize = 9_000_000;
/// A link's `steps=` replays this many epochs of the default network (2-4-2-1, 250 training
/// and 250 test points) at once on load; a longer replay runs in chunks with a progress bar,
/// and beyond it the link carries a checkpoint (`ckpt=`) so it need not replay at all.
pub const SYNC_REPLAY_EPOCHS: usize = 5_000;
/// The same bound as work, counted as weights × points passed (training counts three passes,
/// forward and backward): about 0.2 s natively. A bigger network replays fewer epochs at once
/// (the deepest, 460 weights, about 270), so no link freezes the page for seconds.
const SYNC_REPLAY_WORK: usize = SYNC_REPLAY_EPOCHS * 25 * 1_000;
/// One replay chunk does about this much work; measured natively it is about a millisecond.
const REPLAY_CHUNK_WORK: usize = 400_000;
/// The most points a reader may click in.
const MAX_OWN_POINTS: usize = 200;
/// The decision-boundary heatmap: cells per side (the playground's density).
const BOUNDARY_CELLS: usize = 100;
/// Cells per side of every neuron's little heatmap.
const NEURON_CELLS: usize = 16;
/// The history keeps at most this many records; beyond, every other one is dropped and the
/// stride doubles, so memory and chart cost stay bounded however long training runs.
const HISTORY_CAPACITY: usize = 1024;
/// The stability measurement: epochs per trial, the searched range of η and the bisection's
/// halvings (the bracket ends within a factor 10^(5/2¹⁰) ≈ 1.011).
const STABILITY_EPOCHS: usize = 10;
const STABILITY_RANGE: (f64, f64) = (1e-4, 10.0);
const STABILITY_BISECTIONS: usize = 10;
/// Bins of the pre-activation histograms.
const HISTOGRAM_BINS: usize = 40;
/// A click within this many CSS pixels of a point removes it.
const HIT_RADIUS: f64 = 9.0;

/// Class colours: the playground's orange and blue, then bluish green and reddish purple.
pub const CLASS_COLOURS: [[u8; 3]; 4] =
    [[245, 147, 34], [8, 119, 189], [0, 158, 115], [170, 80, 160]];

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
        if !record.epoch.is_multiple_of(self.stride.max(1)) {
            return;
        }
        self.records.push(record);
        if self.records.len() >= HISTORY_CAPACITY {
            self.stride = self.stride.max(1) * 2;
            let stride = self.stride;
            self.records.retain(|r| r.epoch.is_multiple_of(stride));
        }
    }
}

/// The largest stable learning rates being measured in chunks ([`Demo::work_chunk`]): first
/// without batch norm, then with it.
#[derive(Clone, Debug)]
struct StabilityMeasurement {
    /// [`NnPlayground::stability_key`] of the settings measured.
    key: u64,
    /// The answer without batch norm, once its search has ended.
    without_batch_norm: Option<StableLearningRate>,
    search: StableLearningRateSearch,
}

/// A link's epochs still being replayed in chunks ([`Demo::work_chunk`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Replay {
    from: usize,
    target: usize,
}

/// Cached pictures, recomputed only when the weights or the size change.
#[derive(Clone, Debug, Default)]
struct RenderCache {
    boundary: RgbaImage,
    boundary_key: u64,
    /// The neutral colour the boundary was last painted on (known after the first draw).
    boundary_base: Option<[u8; 3]>,
    /// The features of every boundary grid cell, row-major.
    boundary_inputs: Vec<f64>,
    boundary_inputs_key: u64,
    /// How long the last repaint after training took (ms), left out of the next frame's
    /// training budget so that training plus repaint fit in the frame.
    last_repaint_ms: f64,
    network: RgbaImage,
    network_key: u64,
    /// Per layer, per neuron: its output at the NEURON_CELLS² grid points.
    neuron_grids: Vec<Vec<Vec<f64>>>,
    neuron_grids_key: u64,
    /// Layer-by-layer buffers for evaluating many points at once (boundary, thumbnails).
    many: crate::math::nn::ManyWorkspace,
    /// The hidden layers' activation inputs over the training points and the weights
    /// version they were computed for: the readouts, the histogram's frame and both of its
    /// layers read them every frame, so they are computed once per change of the weights.
    activation_inputs: ActivationInputsCache,
}

/// A cache filled through `&self` (a Mutex, so the demo stays `Sync`; the page has one
/// thread, so it is never contended). A clone starts empty.
#[derive(Debug, Default)]
struct ActivationInputsCache(std::sync::Mutex<Option<(u64, LayerValues)>>);

/// Values per hidden layer, shared between the cache and its readers.
type LayerValues = std::sync::Arc<Vec<Vec<f64>>>;

impl Clone for ActivationInputsCache {
    fn clone(&self) -> Self {
        Self::default()
    }
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
    /// Inverted dropout's rate on every hidden layer (0: off).
    dropout_rate: f64,
    /// AdamW's decoupled weight decay λ (0: plain Adam).
    weight_decay: f64,
    /// Batch normalization before every hidden activation.
    batch_norm: bool,
    /// Whether the largest stable learning rates are measured.
    measure_lr: bool,
    /// The measured rates (without, with batch norm) and the settings they were measured for.
    stable_rates: Option<(u64, [StableLearningRate; 2])>,
    /// The measurement under way (in chunks, so that switching it on never blocks a frame).
    stability_measurement: Option<StabilityMeasurement>,

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
    /// The furthest epoch this run has reached (the toolbar's `playhead.last`).
    furthest_epoch: usize,
    /// Epochs still to replay in chunks, when a link asked for more than replay at once.
    replay: Option<Replay>,
    /// Why the link's checkpoint could not be used (the run is replayed instead).
    checkpoint_notice: Option<String>,
    selection: Selection,
    /// Changes whenever the weights change (redraw key).
    weights_version: u64,
    cache: RenderCache,
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
            dropout_rate: 0.0,
            weight_decay: 0.0,
            batch_norm: false,
            measure_lr: false,
            stable_rates: None,
            stability_measurement: None,
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
            furthest_epoch: 0,
            replay: None,
            checkpoint_notice: None,
            selection: Selection::None,
            weights_version: 0,
            cache: RenderCache::default(),
        };
        demo.rebuild();
        demo
    }
}

/// The population standard deviation of `values` (NaN for none).
fn standard_deviation(values: &[f64]) -> f64 {
    let count = values.len() as f64;
    let mean = values.iter().sum::<f64>() / count;
    (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / count).sqrt()
}

/// Separates a background snapshot's checkpoint (base64url, which never contains it) from
/// the losses and accuracies measured at its epoch.
const SNAPSHOT_RECORD_SEPARATOR: char = '.';

/// The four f64s after [`SNAPSHOT_RECORD_SEPARATOR`]: 16 hex digits of their bits each.
fn decode_snapshot_record(text: &str) -> Result<[f64; 4], String> {
    let invalid = || "the snapshot's losses are not readable".to_owned();
    if text.len() != 64 || !text.is_ascii() {
        return Err(invalid());
    }
    let mut values = [0.0; 4];
    for (index, value) in values.iter_mut().enumerate() {
        let bits =
            u64::from_str_radix(&text[index * 16..(index + 1) * 16], 16).map_err(|_| invalid())?;
        *value = f64::from_bits(bits);
    }
    Ok(values)
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
            let network = network.with_batch_norm(self.batch_norm);
            self.workspace = network.workspace();
            self.initial_network = network;
        }
        self.selection = Selection::None;
        self.furthest_epoch = 0;
        self.checkpoint_notice = None;
        self.restart_training();
        // Input features and clicked points rebuild without passing through the end of
        // `set_param`: the stability measurement must follow them too.
        self.refresh_stable_rates();
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
        self.replay = None;
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
                adamw_weight_decay: self.weight_decay,
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
        // The state before the epoch, to go back to if it diverges (a few kilobytes: far
        // cheaper than replaying the run from the start).
        let backup = (
            self.trainer.network.parameters.clone(),
            self.trainer.optimizer().clone(),
            self.trainer.network.batch_norm.clone(),
            self.trainer.batch_norm_optimizer().cloned(),
        );
        let dropout = self.dropout_for_epoch(self.epoch);
        let norms =
            self.trainer
                .train_epoch_with_dropout(&self.train_examples, &settings, &dropout);
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
            // Show the last finite state: the one before this epoch, bit for bit what a link
            // to it replays (`latest` and the history still hold its numbers).
            let diverged = self.epoch;
            let (parameters, optimizer, batch_norm, batch_norm_optimizer) = backup;
            self.trainer.network.parameters = parameters;
            self.trainer.network.batch_norm = batch_norm;
            // The backup came from this trainer, so it fits.
            let _ = self.trainer.replace_optimizer(optimizer);
            if let Some(optimizer) = batch_norm_optimizer {
                let _ = self.trainer.replace_batch_norm_optimizer(optimizer);
            }
            self.epoch = diverged - 1;
            self.diverged_at = Some(diverged);
            return false;
        }
        self.furthest_epoch = self.furthest_epoch.max(self.epoch);
        true
    }

    /// Retrains from the initial weights when going back; trains forward otherwise, at once
    /// up to [`SYNC_REPLAY_WORK`], else in chunks ([`Demo::work_chunk`]). A run that diverged
    /// stops at the last finite epoch.
    fn go_to_epoch(&mut self, target: usize) {
        let target = target.min(MAX_EPOCHS);
        let limit = self
            .diverged_at
            .map_or(target, |d| target.min(d.saturating_sub(1)));
        self.replay = None;
        if limit < self.epoch {
            let diverged_at = self.diverged_at;
            self.restart_training();
            self.diverged_at = diverged_at;
        }
        if !self.replays_at_once(limit - self.epoch) && !self.train_examples.is_empty() {
            self.replay = Some(Replay {
                from: self.epoch,
                target: limit,
            });
            return;
        }
        while self.epoch < limit && self.train_one_epoch() {}
    }

    /// One epoch's work: weights × points passed (training counts three passes).
    fn epoch_work(&self) -> usize {
        let passes = 3 * self.train_examples.len() + self.test_examples.len();
        passes.max(1) * self.initial_network.parameters.len().max(1)
    }

    /// Whether `epochs` epochs replay at once (within [`SYNC_REPLAY_WORK`]).
    fn replays_at_once(&self, epochs: usize) -> bool {
        epochs.saturating_mul(self.epoch_work()) <= SYNC_REPLAY_WORK
    }

    /// Epochs per replay chunk: about [`REPLAY_CHUNK_WORK`] whatever the network's size.
    fn replay_chunk_epochs(&self) -> usize {
        (REPLAY_CHUNK_WORK / self.epoch_work()).clamp(1, 1_000)
    }

    /// The settings that define a run (every link key but the checkpoint and the view),
    /// hashed: a checkpoint applies only to the run it was written for.
    fn run_fingerprint(&self) -> u64 {
        let mut text = String::new();
        for control in CONTROLS {
            if RUN_INDEPENDENT_KEYS.contains(&control.key) {
                continue;
            }
            if REGULARIZER_KEYS.contains(&control.key) && !self.regularizer_is_on(control.key) {
                continue;
            }
            text.push_str(control.key);
            text.push('=');
            text.push_str(&self.param(control.key).unwrap_or_default());
            text.push('\n');
        }
        fnv1a64(text.as_bytes())
    }

    /// The state as a checkpoint (see [`checkpoint`]).
    fn checkpoint(&self) -> checkpoint::Checkpoint {
        let layers = self.trainer.network.layer_count();
        let (history_stride, history) =
            checkpoint::thin_history(self.history.stride, &self.history.records);
        let optimizer = self.trainer.optimizer();
        checkpoint::Checkpoint {
            fingerprint: self.run_fingerprint(),
            epoch: self.epoch,
            diverged_at: self.diverged_at,
            parameters: self.trainer.network.parameters.clone(),
            optimizer: optimizer.kind(),
            first_moment: optimizer.first_moment().to_vec(),
            second_moment: optimizer.second_moment().to_vec(),
            steps_taken: optimizer.steps_taken(),
            gradient_norms: self.latest.gradient_norms[..layers].to_vec(),
            history_stride,
            history,
            batch_norm: self.trainer.network.batch_norm.as_ref().map(|batch_norm| {
                let optimizer = self.trainer.batch_norm_optimizer();
                checkpoint::BatchNormState {
                    affine: batch_norm.affine.clone(),
                    running_mean: batch_norm.running_mean.clone(),
                    running_variance: batch_norm.running_variance.clone(),
                    first_moment: optimizer.map_or(Vec::new(), |o| o.first_moment().to_vec()),
                    second_moment: optimizer.map_or(Vec::new(), |o| o.second_moment().to_vec()),
                    steps_taken: optimizer.map_or(0, FirstOrderOptimizer::steps_taken),
                }
            }),
        }
    }

    /// Whether a regularizer key differs from its default, off.
    fn regularizer_is_on(&self, key: &str) -> bool {
        match key {
            "dropout" => self.dropout_rate > 0.0,
            "weight-decay" => self.weight_decay > 0.0,
            "batch-norm" => self.batch_norm,
            _ => false,
        }
    }

    /// Epoch `epoch`'s dropout masks: their own ChaCha8 stream, seeded from the run's seed and
    /// the epoch, so replaying any epoch (or resuming from a checkpoint) draws the same masks.
    fn dropout_for_epoch(&self, epoch: usize) -> Dropout {
        Dropout {
            rate: self.dropout_rate,
            seed: (self.seed ^ 0xd809_0000_0000_0000)
                .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                .wrapping_add(epoch as u64),
        }
    }

    /// The settings the stability measurement depends on (not η, the schedule or batch
    /// norm, which it varies), hashed.
    fn stability_key(&self) -> u64 {
        let mut text = String::new();
        for control in CONTROLS {
            if RUN_INDEPENDENT_KEYS.contains(&control.key)
                || ["lr", "schedule", "batch-norm"].contains(&control.key)
            {
                continue;
            }
            text.push_str(&self.param(control.key).unwrap_or_default());
            text.push('\n');
        }
        fnv1a64(text.as_bytes())
    }

    /// Starts measuring the largest stable learning rates when asked and not yet measured
    /// (nor being measured) for these settings (see `STABILITY_*`); the measurement runs in
    /// [`Demo::work_chunk`]s, a few epochs of its trials at a time. Switched off, a
    /// measurement under way is dropped (a finished one is kept for when it is switched on).
    fn refresh_stable_rates(&mut self) {
        if !self.measure_lr || self.train_examples.is_empty() {
            self.stability_measurement = None;
            return;
        }
        let key = self.stability_key();
        if self
            .stable_rates
            .is_some_and(|(measured, _)| measured == key)
        {
            self.stability_measurement = None;
            return;
        }
        if self
            .stability_measurement
            .as_ref()
            .is_some_and(|measurement| measurement.key == key)
        {
            return;
        }
        self.stability_measurement = Some(StabilityMeasurement {
            key,
            without_batch_norm: None,
            search: self.stability_search(false),
        });
    }

    /// The bisection for the largest stable η of the initial network, with or without batch
    /// norm, at the current settings.
    fn stability_search(&self, batch_norm: bool) -> StableLearningRateSearch {
        StableLearningRateSearch::new(
            self.initial_network.clone().with_batch_norm(batch_norm),
            self.train_examples.clone(),
            self.training_settings(&self.live),
            self.dropout_for_epoch(0),
            STABILITY_EPOCHS,
            STABILITY_RANGE,
            STABILITY_BISECTIONS,
        )
    }

    /// One chunk of the stability measurement (about as much work as a replay chunk: a step
    /// of a search is about an epoch); its progress, or None when none is under way.
    fn stability_chunk(&mut self) -> Option<f64> {
        let steps = self.replay_chunk_epochs();
        let measurement = self.stability_measurement.as_mut()?;
        let answer = (0..steps).find_map(|_| measurement.search.step());
        match (answer, measurement.without_batch_norm) {
            (Some(without), None) => {
                measurement.without_batch_norm = Some(without);
                let search = self.stability_search(true);
                if let Some(measurement) = self.stability_measurement.as_mut() {
                    measurement.search = search;
                }
                return Some(0.5);
            }
            (Some(with), Some(without)) => {
                self.stable_rates = Some((measurement.key, [without, with]));
                self.stability_measurement = None;
                return Some(1.0);
            }
            (None, _) => {}
        }
        let half = if measurement.without_batch_norm.is_some() {
            0.5
        } else {
            0.0
        };
        Some(half + 0.5 * measurement.search.progress())
    }

    /// Every hidden layer's activation inputs (z, or batch norm's output) over the training
    /// points with the current weights, neuron after neuron (cached per weights version).
    fn activation_inputs(&self) -> LayerValues {
        let mut cache = match self.cache.activation_inputs.0.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((version, values)) = cache.as_ref()
            && *version == self.weights_version
        {
            return values.clone();
        }
        let values = std::sync::Arc::new(self.compute_activation_inputs());
        *cache = Some((self.weights_version, values.clone()));
        values
    }

    fn compute_activation_inputs(&self) -> Vec<Vec<f64>> {
        let network = &self.trainer.network;
        let hidden = network.layer_count() - 1;
        let count = self.train_examples.len();
        let sizes = network.layer_sizes();
        // Point-major per layer (point 0's neurons, then point 1's, …), as the readouts'
        // standard deviations have always summed them.
        let mut values: Vec<Vec<f64>> = (1..=hidden).map(|l| vec![0.0; count * sizes[l]]).collect();
        let inputs = &self.train_examples.features[..count * self.train_examples.feature_count];
        let mut many = crate::math::nn::ManyWorkspace::default();
        let batched = network.forward_many(inputs, false, true, &mut many, |block| {
            for (index, layer_values) in values.iter_mut().enumerate() {
                let size = sizes[index + 1];
                for neuron in 0..size {
                    let z = block.pre_activation(index + 1, neuron);
                    for (p, &z) in z.iter().enumerate() {
                        layer_values[(block.start + p) * size + neuron] = z;
                    }
                }
            }
        });
        if batched {
            return values;
        }
        let mut workspace = network.workspace();
        for index in 0..count {
            let (input, _) = self.train_examples.example(index);
            network.forward(input, &mut workspace, false);
            for (layer, layer_values) in values.iter_mut().enumerate() {
                let source = if network.batch_norm.is_some() {
                    &workspace.normalized[layer + 1]
                } else {
                    &workspace.pre[layer + 1]
                };
                let size = source.len();
                layer_values[index * size..(index + 1) * size].copy_from_slice(source);
            }
        }
        values
    }

    /// Resumes the run from a link's checkpoint, or says why it cannot (the state is then
    /// unchanged).
    fn restore_checkpoint(&mut self, text: &str) -> Result<(), String> {
        self.restore_checkpoint_with(text, None)
    }

    /// [`NnPlayground::restore_checkpoint`], taking the losses and accuracies at the
    /// checkpoint's epoch from `measured` (exact, as the Worker computed them after that
    /// epoch) instead of evaluating every point again.
    fn restore_checkpoint_with(
        &mut self,
        text: &str,
        measured: Option<[f64; 4]>,
    ) -> Result<(), String> {
        let saved = checkpoint::decode(text)?;
        if saved.fingerprint != self.run_fingerprint() {
            return Err("it was written for other settings than this link's (data, network or training settings differ)".into());
        }
        // The fingerprint covers `batch-norm`, so only a forged checkpoint gets here with
        // the state missing or superfluous; it is refused all the same.
        match (&saved.batch_norm, self.batch_norm) {
            (None, true) => return Err("it does not hold batch normalization's state".into()),
            (Some(_), false) => {
                return Err("it holds batch normalization's state, this run has none".into());
            }
            _ => {}
        }
        let count = self.initial_network.parameters.len();
        if saved.parameters.len() != count {
            return Err(format!(
                "it holds {} weights and biases, this network has {count}",
                saved.parameters.len()
            ));
        }
        let layers = self.initial_network.layer_count();
        if saved.gradient_norms.len() != layers {
            return Err(format!(
                "it has {} weight layers, this network {layers}",
                saved.gradient_norms.len()
            ));
        }
        if saved.epoch == 0 || saved.epoch > MAX_EPOCHS {
            return Err(format!("its epoch {} is out of range", saved.epoch));
        }
        if saved.diverged_at.is_some_and(|d| d != saved.epoch + 1) {
            return Err("its divergence epoch does not follow its epoch".into());
        }
        let optimizer = FirstOrderOptimizer::from_state(
            saved.optimizer,
            count,
            saved.first_moment,
            saved.second_moment,
            saved.steps_taken,
        )
        .ok_or("its optimizer state does not fit this network")?;
        let mut network = self.initial_network.clone();
        network.parameters = saved.parameters;
        let batch_norm_optimizer = match (saved.batch_norm, network.batch_norm.as_mut()) {
            (Some(state), Some(batch_norm)) => {
                let neurons = batch_norm.running_mean.len();
                if state.affine.len() != batch_norm.affine.len()
                    || state.running_mean.len() != neurons
                    || state.running_variance.len() != neurons
                {
                    return Err("its batch-norm state does not fit this network".into());
                }
                let optimizer = FirstOrderOptimizer::from_state(
                    saved.optimizer,
                    state.affine.len(),
                    state.first_moment,
                    state.second_moment,
                    state.steps_taken,
                )
                .ok_or("its batch-norm optimizer state does not fit this network")?;
                batch_norm.affine = state.affine;
                batch_norm.running_mean = state.running_mean;
                batch_norm.running_variance = state.running_variance;
                Some(optimizer)
            }
            _ => None,
        };
        let mut trainer = Trainer::new(network, saved.optimizer)?;
        trainer.replace_optimizer(optimizer)?;
        if let Some(optimizer) = batch_norm_optimizer {
            trainer.replace_batch_norm_optimizer(optimizer)?;
        }
        self.trainer = trainer;
        self.epoch = saved.epoch;
        self.diverged_at = saved.diverged_at;
        self.replay = None;
        self.furthest_epoch = self.furthest_epoch.max(self.epoch);
        self.history = History {
            stride: saved.history_stride,
            records: saved.history,
        };
        let mut norms = [f64::NAN; MAX_HIDDEN_LAYERS + 1];
        norms[..layers].copy_from_slice(&saved.gradient_norms);
        // The losses and accuracies from the exact weights: the same bits as the run's own.
        self.latest = match measured {
            Some([train_loss, test_loss, train_accuracy, test_accuracy]) => EpochRecord {
                epoch: self.epoch,
                train_loss,
                test_loss,
                train_accuracy,
                test_accuracy,
                gradient_norms: norms,
            },
            None => self.evaluate_now(norms),
        };
        self.weights_version = self.weights_version.wrapping_add(1);
        Ok(())
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
        // Epochs beyond this one were trained with the old settings: not this run's.
        self.furthest_epoch = self.epoch;
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
        if self.weight_decay > 0.0 && live.optimizer == OptimizerKind::Adam {
            text = text.replacen("Adam", "AdamW", 1);
            text.push_str(&format!(" · λ {}", format_number(self.weight_decay)));
        }
        if self.dropout_rate > 0.0 {
            text.push_str(&format!(" · dropout {}", format_number(self.dropout_rate)));
        }
        if self.batch_norm {
            text.push_str(" · BN");
        }
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
        // The pace is a setting of the run's display, written where a screenshot keeps it.
        match self.epochs_per_frame {
            Some(1) => {}
            Some(n) => text.push_str(&format!(" · {n}/frame")),
            None => text.push_str(" · max speed"),
        }
        text
    }
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
            "dropout" => format_param_number(self.dropout_rate),
            "weight-decay" => format_param_number(self.weight_decay),
            "batch-norm" => format_toggle(self.batch_norm),
            "measure-lr" => format_toggle(self.measure_lr),
            // Encoded only when asked (the shell writes the URL throttled, not every frame).
            "ckpt" if self.replay.is_none() && !self.replays_at_once(self.epoch) => {
                checkpoint::encode(&self.checkpoint())
            }
            "ckpt" => String::new(),
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
            "dropout" => {
                let rate = parse_number(value, 0.0, 0.9)?;
                rebuild = rate != self.dropout_rate;
                self.dropout_rate = rate;
            }
            "weight-decay" => {
                let decay = parse_number(value, 0.0, 0.5)?;
                rebuild = decay != self.weight_decay;
                self.weight_decay = decay;
            }
            "batch-norm" => {
                let on = parse_toggle(value)?;
                rebuild = on != self.batch_norm;
                self.batch_norm = on;
            }
            "measure-lr" => {
                self.measure_lr = parse_toggle(value)?;
                rebuild = false;
            }
            "ckpt" => {
                // A checkpoint that cannot be used leaves the run as it is, with a notice: the
                // link's `steps=` then replays the epochs instead.
                self.checkpoint_notice = None;
                if !value.trim().is_empty()
                    && let Err(reason) = self.restore_checkpoint(value)
                {
                    self.checkpoint_notice = Some(format!(
                        "The link's checkpoint (ckpt=) cannot be used: {reason}. The epochs are replayed from the start instead."
                    ));
                }
                rebuild = false;
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        if rebuild {
            // The recorded settings belonged to the run that just ended.
            self.schedule.clear();
            self.rebuild();
        }
        self.refresh_stable_rates();
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
            "weight-decay" => self.live.optimizer == OptimizerKind::Adam,
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
        // While a link's epochs replay, its target (so the URL keeps asking for it).
        self.replay.map_or(self.epoch, |replay| replay.target)
    }

    fn max_step(&self) -> usize {
        MAX_EPOCHS
    }

    fn is_open_ended(&self) -> bool {
        true
    }

    fn toolbar_last_step(&self) -> usize {
        self.furthest_epoch.max(self.current_step())
    }

    fn work_chunk(&mut self) -> Option<f64> {
        // A link's replay first (the readouts wait for it), then the stability measurement.
        let Some(replay) = self.replay else {
            return self.stability_chunk();
        };
        for _ in 0..self.replay_chunk_epochs() {
            if self.epoch >= replay.target || !self.train_one_epoch() {
                break;
            }
        }
        if self.epoch >= replay.target || self.diverged_at.is_some() {
            self.replay = None;
            return Some(1.0);
        }
        let span = (replay.target - replay.from).max(1) as f64;
        Some((self.epoch - replay.from) as f64 / span)
    }

    fn go_to_step(&mut self, step: usize) {
        self.go_to_epoch(step);
    }

    fn trains_in_background(&self) -> bool {
        // "max" speed only: a fixed number of epochs per frame is a pace the reader chose
        // to watch, and the page keeps it exactly by training on its own thread. A link's
        // replay finishes on the page first (its progress is shown there); a diverged run,
        // one without training points or at the bound has no epoch to train anywhere.
        // Every other setting (dropout, weight decay, batch norm with its running averages)
        // is in the lossless snapshot.
        self.epochs_per_frame.is_none()
            && self.replay.is_none()
            && self.diverged_at.is_none()
            && !self.train_examples.is_empty()
            && self.epoch < MAX_EPOCHS
    }

    fn background_snapshot(&self) -> Option<String> {
        // The checkpoint, then the epoch's losses and accuracies (exact f64 bits), so the
        // page need not evaluate every point again to show them.
        (self.epoch > 0).then(|| {
            let record = &self.latest;
            let measured = [
                record.train_loss,
                record.test_loss,
                record.train_accuracy,
                record.test_accuracy,
            ];
            let mut text = checkpoint::encode(&self.checkpoint());
            text.push(SNAPSHOT_RECORD_SEPARATOR);
            for value in measured {
                text.push_str(&format!("{:016x}", value.to_bits()));
            }
            text
        })
    }

    fn apply_background_snapshot(&mut self, snapshot: &str) -> Result<(), String> {
        let (checkpoint, measured) = match snapshot.split_once(SNAPSHOT_RECORD_SEPARATOR) {
            Some((checkpoint, record)) => (checkpoint, Some(decode_snapshot_record(record)?)),
            None => (snapshot, None),
        };
        self.restore_checkpoint_with(checkpoint, measured)?;
        self.checkpoint_notice = None;
        Ok(())
    }

    fn advance_frame(&mut self) -> bool {
        // A link's replay comes first; playing goes on once it is done.
        if self.replay.is_some() {
            return true;
        }
        // Without a clock, "max" trains a fixed 20 epochs per frame.
        for _ in 0..self.epochs_per_frame.unwrap_or(20) {
            if !self.train_one_epoch() {
                return false;
            }
        }
        self.epoch < MAX_EPOCHS
    }

    fn advance_frame_budgeted(&mut self, now_ms: &dyn Fn() -> f64, budget_ms: f64) -> bool {
        if self.epochs_per_frame.is_some() || self.replay.is_some() {
            return self.advance_frame();
        }
        // As many epochs as fit: stop when the next one (as long as the slowest so far)
        // would overrun the budget, which leaves room for the boundary's repaint.
        let start = now_ms();
        let budget = (budget_ms - self.cache.last_repaint_ms).max(0.25 * budget_ms);
        let mut slowest: f64 = 0.0;
        let more = loop {
            let before = now_ms();
            if !self.train_one_epoch() {
                break false;
            }
            let after = now_ms();
            slowest = slowest.max(after - before);
            if self.epoch >= MAX_EPOCHS {
                break false;
            }
            if after - start + slowest > budget {
                break true;
            }
        };
        if let Some(base) = self.cache.boundary_base {
            let before = now_ms();
            self.paint_boundary_on(base);
            self.cache.last_repaint_ms = now_ms() - before;
        }
        more
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
        let batch_norm_parameters = network.batch_norm.as_ref().map_or(0, |bn| bn.affine.len());
        readouts.push(readout(
            "batch-norm.parameters",
            "Batch-norm γ and β",
            ReadoutValue::Integer(batch_norm_parameters as i64),
            "",
        ));
        for (index, values) in self.activation_inputs().iter().enumerate() {
            readouts.push(readout(
                &format!("pre-activation.std.{}", index + 1),
                &format!("Std of layer {}'s activation inputs", index + 1),
                number_or(standard_deviation(values), "undefined (no training points)"),
                "",
            ));
        }
        let rate_value = |rate: Option<StableLearningRate>| match rate {
            None if !self.measure_lr => {
                ReadoutValue::Text("not measured (switch on “Measure the largest stable η”)".into())
            }
            None => ReadoutValue::Text("undefined (no training points)".into()),
            Some(StableLearningRate::Found(rate)) => ReadoutValue::Number(rate),
            Some(StableLearningRate::AtLeast(rate)) => {
                ReadoutValue::Text(format!("≥ {} (the top of the range)", format_number(rate)))
            }
            Some(StableLearningRate::Below(rate)) => ReadoutValue::Text(format!(
                "< {} (the bottom of the range)",
                format_number(rate)
            )),
        };
        let rates = self
            .stable_rates
            .filter(|_| self.measure_lr)
            .map(|(_, rates)| rates);
        // While the bisection runs (in chunks), no number of the last settings is shown.
        let measuring = self.measure_lr && self.stability_measurement.is_some();
        let shown = |index: usize| {
            if measuring {
                ReadoutValue::Text("measuring… (24 training runs of 10 epochs)".into())
            } else {
                rate_value(rates.map(|r| r[index]))
            }
        };
        readouts.push(readout(
            "lr-stable.without-bn",
            "Largest stable η without batch norm",
            shown(0),
            "",
        ));
        readouts.push(readout(
            "lr-stable.with-bn",
            "Largest stable η with batch norm",
            shown(1),
            "",
        ));
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
        if self.batch_norm && self.settings_at(self.epoch).batch_size < 2 {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: "Batch normalization needs at least two examples per batch (one example has no variance; PyTorch refuses it): with batch size 1 every batch is skipped and nothing trains. Choose a batch size of 2 or more.".into(),
            });
        }
        if let Some(text) = &self.checkpoint_notice {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: text.clone(),
            });
        }
        if let Some(replay) = self.replay {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "Replaying the link's {} epochs: {} done.",
                    replay.target - replay.from,
                    self.epoch - replay.from
                ),
            });
        }
        if self.epoch >= MAX_EPOCHS {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "Training stops at {MAX_EPOCHS} epochs, where the optimizer's update counter would overflow."
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
            5 => self.pre_activation_frame_key(),
            _ => self.chart_frame_key(plot),
        }
    }

    fn foreground_key(&self, plot: usize) -> Option<u64> {
        // The boundary's foreground is the data (its colours under the points are the
        // raster's): redrawn when the points or how they are shown change, not every epoch.
        (plot == 0).then(|| {
            let points: Vec<(u64, u64, usize, u64)> = self
                .train_points
                .iter()
                .chain(&self.test_points)
                .map(|p| (p.x1.to_bits(), p.x2.to_bits(), p.class, p.value.to_bits()))
                .collect();
            hash_of((
                points,
                self.train_points.len(),
                self.show_test,
                self.problem,
                self.classification_set.is_none(),
                self.click_class,
            ))
        })
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

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        self.data_table(plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        self.data_description(plot)
    }
}

mod data;

#[cfg(test)]
mod tests;
