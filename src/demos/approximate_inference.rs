//! Approximate inference ("Top 5 Must-Know Math Concepts for Deep Learning": Monte Carlo
//! simulation and variational Bayes): a 2-D posterior without a closed form — Bayesian
//! logistic regression on draggable points, a banana, a two-mode mixture — computed exactly on
//! a grid, next to Metropolis–Hastings, the Laplace approximation, mean-field and
//! full-covariance variational inference and moment matching (KL(q‖p) against KL(p‖q)).
//! A stepping demo: `steps=` is the number of Metropolis–Hastings samples shown.

use std::hash::Hash;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::drawing::hash_of;
use super::params::{format_param_number, parse_choice, parse_integer, parse_number};
use super::playhead::Playhead;
use super::{
    Chapter, Demo, DemoInfo, DrawDemo, DrawResult, Frame, Layer, Notice, NoticeLevel, PointerInput,
    PointerPhase, Readout, ReadoutValue,
};
use crate::math::activations::sigmoid;
use crate::math::approx_inference::{
    Box2, Ess, Family, GRID_CELLS, GaussHermite, Gaussian2, GridPosterior, Laplace,
    MetropolisHastings, Target, VariationalFit, VariationalSettings, elbo, elbo_nodes, laplace,
};
use crate::math::coordinates::round_coordinate;
use crate::math::neuron::{LabelledPoint, format_points, parse_points};
use crate::render::RgbaImage;

mod chain_stats;
mod data;
mod drawing;
mod spec;
#[cfg(test)]
mod tests;

use chain_stats::SummaryJob;
use spec::{
    CONTROLS, DATA_LIMIT, EXPLANATION, MAX_POINTS, MAX_SAMPLES, MAX_VI_ITERATIONS, MIN_SAMPLES,
    MIN_VI_ITERATIONS, PLOTS, PRESETS, READOUTS, TARGETS, preset_points,
};

pub const INFO: DemoInfo = DemoInfo {
    id: "approximate-inference",
    title: "Approximate inference: MCMC, Laplace and variational Bayes",
    chapter: Chapter::NeuralNetworks,
    summary: "A posterior with no closed form, computed exactly on a grid and approximated side by side: Metropolis–Hastings with its trace, autocorrelation and effective sample size, the Laplace approximation, mean-field and full-covariance variational inference on the ELBO, and mode-seeking KL(q‖p) against mass-covering KL(p‖q).",
    explanation: EXPLANATION,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(ApproximateInference::default()),
};

/// Variational steps per [`Demo::work_chunk`] (both fits): about a millisecond.
const VI_STEPS_PER_CHUNK: usize = 50;
/// Chain samples drawn per [`Demo::work_chunk`] (well under a millisecond in the browser): a
/// chain grows over frames, many chunks a frame, and a frame is never blocked by it.
const MH_SAMPLES_PER_CHUNK: usize = 2_000;
/// Statistics of at most this many samples are computed at once (they cost well under a
/// millisecond); longer ones in work chunks ([`SummaryJob`]).
const SYNC_SUMMARY_SAMPLES: usize = 2_000;
/// Lags the autocorrelation plot shows.
pub(crate) const ACF_LAGS: usize = 60;
/// Gauss–Hermite nodes a side for the readouts' ELBO of the finished fits.
const READOUT_ELBO_NODES: usize = 64;

/// Which density is approximated (the URL's `target=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum TargetKind {
    Logistic,
    Banana,
    Bimodal,
}

/// A Gaussian approximation with its divergences from the grid posterior.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Approximation {
    pub gaussian: Gaussian2,
    pub kl_qp: f64,
    pub kl_pq: f64,
}

/// The chain's statistics over the samples shown, after the burn-in.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ChainSummary {
    /// Samples shown.
    pub shown: usize,
    /// Samples after the burn-in.
    pub used: usize,
    pub acceptance: Option<f64>,
    pub mean: Option<[f64; 2]>,
    pub cov: Option<[[f64; 2]; 2]>,
    pub summary: Option<f64>,
    pub ess: [Option<Ess>; 2],
    pub acf: [Vec<f64>; 2],
}

impl ChainSummary {
    /// `sd/√ESS` of each coordinate's mean.
    pub fn mcse(&self) -> Option<[f64; 2]> {
        let cov = self.cov?;
        let (a, b) = (self.ess[0]?, self.ess[1]?);
        Some([(cov[0][0] / a.ess).sqrt(), (cov[1][1] / b.ess).sqrt()])
    }
}

/// Cached rasters of the posterior plot.
#[derive(Default)]
struct RasterCache {
    key: u64,
    image: RgbaImage,
}

/// The state of the approximate-inference demo.
pub struct ApproximateInference {
    target_kind: TargetKind,
    /// The data preset last chosen.
    preset: &'static str,
    /// The labelled points of the logistic regression.
    points: Vec<LabelledPoint>,
    /// σₚ of the prior N(0, σₚ² I).
    prior_sd: f64,
    /// The query point x* of the predictive probability.
    query: [f64; 2],
    /// b of the banana.
    curvature: f64,
    /// d of the mixture.
    separation: f64,
    /// s of the random-walk proposal.
    proposal: f64,
    /// N, the proposals the chain makes.
    samples: usize,
    burn_in: usize,
    seed: u64,
    vi_learning_rate: f64,
    vi_iterations: usize,
    /// How many samples are shown.
    playhead: Playhead,
    /// The density being approximated, built from the controls.
    target: Target,
    /// The truth.
    grid: GridPosterior,
    /// [`Self::grid_summary`], cached.
    grid_summary: f64,
    /// The window the posterior plot shows.
    display: Box2,
    /// Where the chain and the variational fits start.
    start: [f64; 2],
    laplace: Option<Laplace>,
    laplace_kl: Option<Approximation>,
    moment_match: Approximation,
    chain: MetropolisHastings,
    /// The statistics shown: of the samples shown, or while they are being computed of a
    /// shorter prefix of the same chain (never of more samples than the chain holds).
    chain_summary: ChainSummary,
    /// True while `chain_summary` is not that of the samples shown.
    summary_stale: bool,
    /// The statistics of the samples shown, being computed in work chunks.
    summary_job: Option<SummaryJob>,
    mean_field: VariationalFit,
    full_cov: VariationalFit,
    /// The finished fits' divergences and precise ELBOs (None while they run).
    vi_result: Option<[(Approximation, f64); 2]>,
    /// The point that keyboard edits act on, and the one being dragged.
    selected: usize,
    dragging: Option<usize>,
    cache: RasterCache,
    /// The 32-node rule of the predictive probabilities, built once (an eigenproblem; the
    /// readouts use it four times a frame).
    predictive_rule: GaussHermite,
    /// The rule of the variational fits' ELBO curve, rebuilt only when the target needs
    /// another node count ([`elbo_nodes`]).
    vi_rule: GaussHermite,
    /// The rule of the finished fits' ELBO readouts, built when first needed.
    readout_elbo_rule: Option<GaussHermite>,
}

impl Default for ApproximateInference {
    fn default() -> Self {
        let target = Target::Banana { curvature: 0.0 };
        let grid = GridPosterior::on_box(
            &target,
            Box2 {
                x: (-1.0, 1.0),
                y: (-1.0, 1.0),
            },
            2,
        );
        let placeholder = Gaussian2 {
            mean: [0.0, 0.0],
            cov: [[1.0, 0.0], [0.0, 1.0]],
        };
        let settings = VariationalSettings {
            family: Family::MeanField,
            learning_rate: 0.05,
            seed: 1,
            start_mean: [0.0, 0.0],
            start_sd: 1.0,
        };
        let mut demo = Self {
            target_kind: TargetKind::Logistic,
            preset: "overlapping",
            points: parse_points(spec::OVERLAPPING, MAX_POINTS).unwrap_or_default(),
            prior_sd: 2.0,
            query: [1.5, -1.0],
            curvature: 1.0,
            separation: 3.0,
            proposal: 0.8,
            samples: 20_000,
            burn_in: 1000,
            seed: 1,
            vi_learning_rate: 0.05,
            vi_iterations: 2000,
            playhead: Playhead::default(),
            target: target.clone(),
            grid,
            grid_summary: f64::NAN,
            display: Box2 {
                x: (-1.0, 1.0),
                y: (-1.0, 1.0),
            },
            start: [0.0, 0.0],
            laplace: None,
            laplace_kl: None,
            moment_match: Approximation {
                gaussian: placeholder,
                kl_qp: 0.0,
                kl_pq: 0.0,
            },
            chain: MetropolisHastings::new(&target, [0.0, 0.0], 1.0, 1),
            chain_summary: ChainSummary::default(),
            summary_stale: true,
            summary_job: None,
            // Placeholders until `rebuild_target`: a one-node rule, no eigenproblem.
            mean_field: VariationalFit::with_rule(&target, settings, GaussHermite::new(1)),
            full_cov: VariationalFit::with_rule(&target, settings, GaussHermite::new(1)),
            vi_rule: GaussHermite::new(1),
            readout_elbo_rule: None,
            vi_result: None,
            selected: 0,
            dragging: None,
            cache: RasterCache::default(),
            predictive_rule: GaussHermite::new(32),
        };
        demo.rebuild_target();
        demo.playhead = Playhead::at_end(demo.samples);
        demo.refresh_chain_summary();
        demo
    }
}

impl ApproximateInference {
    fn build_target(&self) -> Target {
        match self.target_kind {
            TargetKind::Logistic => Target::Logistic {
                points: self.points.clone(),
                prior_sd: self.prior_sd,
            },
            TargetKind::Banana => Target::Banana {
                curvature: self.curvature,
            },
            TargetKind::Bimodal => Target::Bimodal {
                separation: self.separation,
            },
        }
    }

    fn is_logistic(&self) -> bool {
        self.target_kind == TargetKind::Logistic
    }

    /// The target's summary at one `w`: σ(wᵀx*) for logistic regression, [w₁ > 0] otherwise.
    fn summary_at(&self, w: [f64; 2]) -> f64 {
        if self.is_logistic() {
            sigmoid(w[0] * self.query[0] + w[1] * self.query[1])
        } else if w[0] > 0.0 {
            1.0
        } else {
            0.0
        }
    }

    /// The summary of a Gaussian approximation, in closed form or by Gauss–Hermite.
    pub(crate) fn gaussian_summary(&self, q: &Gaussian2) -> f64 {
        if self.is_logistic() {
            q.predictive_probability(&self.predictive_rule, self.query)
        } else {
            q.probability_first_positive()
        }
    }

    /// The grid's summary (computed when the target or the query point changes: it sums
    /// over the 40,000 cells, and the readouts, the data plot and its description show it on
    /// every frame).
    pub(crate) fn grid_summary(&self) -> f64 {
        self.grid_summary
    }

    fn compute_grid_summary(&self) -> f64 {
        if self.is_logistic() {
            self.grid.predictive_probability(self.query)
        } else {
            self.grid.probability_first_positive()
        }
    }

    fn approximation(&self, gaussian: Gaussian2) -> Approximation {
        let (kl_qp, kl_pq) = self.grid.kl_divergences(&gaussian);
        Approximation {
            gaussian,
            kl_qp,
            kl_pq,
        }
    }

    /// Everything that depends on the target: the grid, Laplace, moment matching, then the
    /// chain and the variational fits.
    fn rebuild_target(&mut self) {
        self.target = self.build_target();
        self.grid = GridPosterior::compute(&self.target, GRID_CELLS);
        self.grid_summary = self.compute_grid_summary();
        self.display = self.display_box();
        let sd = [self.grid.cov[0][0].sqrt(), self.grid.cov[1][1].sqrt()];
        // The chain starts away from the bulk, so the burn-in has work to do.
        self.start = [
            self.grid.mean[0] - 2.0 * sd[0],
            self.grid.mean[1] + 2.0 * sd[1],
        ];
        self.laplace = laplace(&self.target, self.grid.argmax());
        self.laplace_kl = self.laplace.map(|l| self.approximation(l.gaussian));
        self.moment_match = self.approximation(self.grid.moment_matched());
        self.rebuild_chain();
        self.restart_vi();
    }

    /// The plot window: where the density is within e⁻⁸ of its peak (about 4σ for a
    /// Gaussian), padded by a tenth.
    fn display_box(&self) -> Box2 {
        let grid = &self.grid;
        let n = grid.cells;
        let (mut x0, mut x1, mut y0, mut y1) = (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        );
        for j in 0..n {
            for i in 0..n {
                if grid.log_density[j * n + i] >= grid.max_log_density - 8.0 {
                    let [x, y] = grid.centre(i, j);
                    x0 = x0.min(x);
                    x1 = x1.max(x);
                    y0 = y0.min(y);
                    y1 = y1.max(y);
                }
            }
        }
        if !(x0 < x1 && y0 < y1) {
            return grid.bounds;
        }
        let (px, py) = ((x1 - x0) * 0.1, (y1 - y0) * 0.1);
        Box2 {
            x: (x0 - px, x1 + px),
            y: (y0 - py, y1 + py),
        }
    }

    /// Restarts the chain; it is drawn in work chunks, and its statistics shown for its first
    /// chunk as soon as that is drawn, then for all the samples shown once they are.
    fn rebuild_chain(&mut self) {
        self.chain = MetropolisHastings::new(&self.target, self.start, self.proposal, self.seed);
        self.playhead.set_last(self.samples);
        self.chain_summary = ChainSummary::default();
        self.summary_job = None;
        self.summary_stale = true;
    }

    /// The samples shown that the chain already holds (all of them once it is drawn).
    pub(crate) fn drawn_shown(&self) -> usize {
        self.playhead.shown.min(self.chain.samples.len())
    }

    fn restart_vi(&mut self) {
        let sd = (self.grid.cov[0][0].sqrt() * self.grid.cov[1][1].sqrt()).sqrt();
        let settings = VariationalSettings {
            family: Family::MeanField,
            learning_rate: self.vi_learning_rate,
            seed: self.seed,
            // A narrow q at the grid's highest cell: from far away the noisy gradients of the
            // covariance random-walk under Adam and the fit can settle between modes.
            start_mean: self.grid.argmax(),
            start_sd: (0.2 * sd).clamp(1e-3, 1e3),
        };
        let nodes = elbo_nodes(&self.target);
        if self.vi_rule.nodes.len() != nodes {
            self.vi_rule = GaussHermite::new(nodes);
        }
        self.mean_field = VariationalFit::with_rule(&self.target, settings, self.vi_rule.clone());
        // A different stream for the second fit: the same draws would tie the two together.
        self.full_cov = VariationalFit::with_rule(
            &self.target,
            VariationalSettings {
                family: Family::FullCovariance,
                seed: self.seed.wrapping_add(1_000_003),
                ..settings
            },
            self.vi_rule.clone(),
        );
        self.vi_result = None;
    }

    fn finish_vi(&mut self) {
        let rule = self
            .readout_elbo_rule
            .get_or_insert_with(|| GaussHermite::new(READOUT_ELBO_NODES))
            .clone();
        let result = [&self.mean_field, &self.full_cov].map(|fit| {
            let q = fit.gaussian();
            (self.approximation(q), elbo(&self.target, &q, &rule))
        });
        self.vi_result = Some(result);
    }

    /// The samples shown changed (playhead, burn-in, query point): their statistics are
    /// recomputed, at once when that is cheap, else in work chunks. A job already running
    /// finishes first (while playing, the statistics then lag a little behind the playhead
    /// instead of never catching up).
    fn refresh_chain_summary(&mut self) {
        self.summary_stale = true;
        if self.summary_job.is_none() {
            self.start_summary_job();
        }
    }

    /// Starts computing the statistics of the samples shown, if they are stale and drawn.
    fn start_summary_job(&mut self) {
        let shown = self.playhead.shown;
        if !self.summary_stale || self.chain.samples.len() < shown {
            return;
        }
        self.summary_stale = false;
        let job = SummaryJob::new(shown, self.burn_in);
        if shown <= SYNC_SUMMARY_SAMPLES {
            self.chain_summary = self.finish_summary(job);
        } else {
            self.summary_job = Some(job);
        }
    }

    /// The statistics of a job, computed at once.
    fn finish_summary(&self, job: SummaryJob) -> ChainSummary {
        job.finish(&self.chain.samples, &self.chain.accepted, |w| {
            self.summary_at(w)
        })
    }

    fn set_points(&mut self, text: &str) -> Result<(), String> {
        let points = parse_points(text, MAX_POINTS)?;
        if let Some(point) = points
            .iter()
            .find(|p| p.x.iter().any(|v| v.abs() > DATA_LIMIT))
        {
            return Err(format!(
                "the point ({}, {}) lies outside ±{DATA_LIMIT}; coordinates must be within ±{DATA_LIMIT}",
                point.x[0], point.x[1]
            ));
        }
        self.points = points;
        self.selected = self.selected.min(self.points.len().saturating_sub(1));
        Ok(())
    }

    fn move_point(&mut self, index: usize, x: f64, y: f64) -> bool {
        let Some(point) = self.points.get_mut(index) else {
            return false;
        };
        let moved = [
            round_coordinate(x.clamp(-DATA_LIMIT, DATA_LIMIT)),
            round_coordinate(y.clamp(-DATA_LIMIT, DATA_LIMIT)),
        ];
        if moved == point.x {
            return false;
        }
        point.x = moved;
        self.rebuild_target();
        true
    }

    /// A key of the density raster: the target and the window shown.
    fn density_key(&self) -> u64 {
        hash_of((
            format!("{:?}", self.target),
            self.display.x.0.to_bits(),
            self.display.y.1.to_bits(),
        ))
    }

    /// A key of the chain: it is a pure function of the target (and the start that follows
    /// from it), the proposal width and the seed.
    fn chain_key(&self) -> u64 {
        hash_of((self.density_key(), self.proposal.to_bits(), self.seed))
    }

    /// A key of the posterior's dots: the chain's samples shown after the burn-in.
    fn dots_key(&self) -> u64 {
        hash_of((self.chain_key(), self.burn_in, self.drawn_shown()))
    }

    fn target_label(&self) -> &'static str {
        match self.target_kind {
            TargetKind::Logistic => "logistic regression",
            TargetKind::Banana => "banana",
            TargetKind::Bimodal => "two-mode mixture",
        }
    }

    fn summary_label(&self) -> &'static str {
        if self.is_logistic() {
            "p(y = 1 | x*)"
        } else {
            "P(w₁ > 0)"
        }
    }
}

/// A number, or "undefined" with the reason when there is none.
fn number_or(value: Option<f64>, reason: &str) -> ReadoutValue {
    match value {
        Some(x) if x.is_finite() => ReadoutValue::Number(x),
        _ => ReadoutValue::Text(format!("undefined ({reason})")),
    }
}

/// A list of numbers as one readout, rounded for the reader and exact in `data-value`.
fn list(values: &[f64]) -> ReadoutValue {
    if values.iter().any(|v| !v.is_finite()) {
        return ReadoutValue::Text("undefined".to_owned());
    }
    super::list_readout(values)
}

fn cov_list(cov: &[[f64; 2]; 2]) -> ReadoutValue {
    list(&[cov[0][0], cov[0][1], cov[1][1]])
}

/// Appends one readout.
fn push_readout(
    readouts: &mut Vec<Readout>,
    name: &str,
    label: &str,
    value: ReadoutValue,
    group: &str,
) {
    readouts.push(Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value,
        group: group.to_owned(),
    });
}

impl ApproximateInference {
    /// Mean, covariance, summary and both KLs of one Gaussian approximation.
    fn gaussian_readouts(
        &self,
        readouts: &mut Vec<Readout>,
        name: &str,
        group: &str,
        approx: Option<Approximation>,
    ) {
        let Some(a) = approx else {
            let missing = "no Gaussian: the Hessian is not negative definite";
            push_readout(
                readouts,
                &format!("{name}.mean"),
                "Mean",
                number_or(None, missing),
                group,
            );
            return;
        };
        push_readout(
            readouts,
            &format!("{name}.mean"),
            "Mean",
            list(&a.gaussian.mean),
            group,
        );
        push_readout(
            readouts,
            &format!("{name}.cov"),
            "Var w₁, Cov, Var w₂",
            cov_list(&a.gaussian.cov),
            group,
        );
        push_readout(
            readouts,
            &format!("{name}.summary"),
            self.summary_label(),
            number_or(Some(self.gaussian_summary(&a.gaussian)), "undefined"),
            group,
        );
        push_readout(
            readouts,
            &format!("{name}.kl-qp"),
            "KL(q‖p)",
            number_or(Some(a.kl_qp), "q has no mass on the grid"),
            group,
        );
        push_readout(
            readouts,
            &format!("{name}.kl-pq"),
            "KL(p‖q)",
            number_or(Some(a.kl_pq), "q vanishes where p has mass"),
            group,
        );
    }
}

impl DrawDemo for ApproximateInference {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        match plot {
            0 => self.draw_posterior(layer, area, frame),
            1 => self.draw_data(layer, area, frame),
            2 => self.draw_trace(layer, area, frame),
            3 => self.draw_acf(layer, area, frame),
            _ => self.draw_elbo(layer, area, frame),
        }
    }
}

impl Demo for ApproximateInference {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "target" => match self.target_kind {
                TargetKind::Logistic => "logistic",
                TargetKind::Banana => "banana",
                TargetKind::Bimodal => "bimodal",
            }
            .to_owned(),
            "preset" => self.preset.to_owned(),
            "points" => format_points(&self.points),
            "prior-sd" => format_param_number(self.prior_sd),
            "qx1" => format_param_number(self.query[0]),
            "qx2" => format_param_number(self.query[1]),
            "curvature" => format_param_number(self.curvature),
            "separation" => format_param_number(self.separation),
            "proposal" => format_param_number(self.proposal),
            "samples" => self.samples.to_string(),
            "burn-in" => self.burn_in.to_string(),
            "seed" => self.seed.to_string(),
            "vi-lr" => format_param_number(self.vi_learning_rate),
            "vi-iterations" => self.vi_iterations.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        enum Redo {
            Target,
            Chain,
            Vi,
            Summary,
            Readouts,
        }
        let redo = match key {
            "target" => {
                self.target_kind = match parse_choice(value, TARGETS)? {
                    "logistic" => TargetKind::Logistic,
                    "banana" => TargetKind::Banana,
                    _ => TargetKind::Bimodal,
                };
                Redo::Target
            }
            "preset" => {
                let preset = parse_choice(value, PRESETS)?;
                self.set_points(preset_points(preset))?;
                self.preset = PRESETS
                    .iter()
                    .map(|(k, _)| *k)
                    .find(|k| *k == preset)
                    .unwrap_or("overlapping");
                Redo::Target
            }
            "points" => {
                self.set_points(value)?;
                Redo::Target
            }
            "prior-sd" => {
                self.prior_sd = parse_number(value, 0.5, 10.0)?;
                Redo::Target
            }
            "qx1" => {
                self.query[0] = parse_number(value, -3.0, 3.0)?;
                Redo::Readouts
            }
            "qx2" => {
                self.query[1] = parse_number(value, -3.0, 3.0)?;
                Redo::Readouts
            }
            "curvature" => {
                self.curvature = parse_number(value, 0.0, 1.5)?;
                Redo::Target
            }
            "separation" => {
                self.separation = parse_number(value, 0.0, 5.0)?;
                Redo::Target
            }
            "proposal" => {
                self.proposal = parse_number(value, 0.02, 5.0)?;
                Redo::Chain
            }
            "samples" => {
                self.samples = parse_integer(value, MIN_SAMPLES, MAX_SAMPLES)? as usize;
                // A longer chain goes on from the samples drawn (the chain is a pure function
                // of its seed, so that is the same chain); a shorter one starts again.
                if self.chain.samples.len() > self.samples {
                    Redo::Chain
                } else {
                    self.playhead.set_last(self.samples);
                    Redo::Summary
                }
            }
            "burn-in" => {
                self.burn_in = parse_integer(value, 0, 50_000)? as usize;
                Redo::Summary
            }
            "seed" => {
                self.seed = parse_integer(value, 0, 999_999)? as u64;
                self.rebuild_chain();
                Redo::Vi
            }
            "vi-lr" => {
                self.vi_learning_rate = parse_number(value, 0.005, 0.5)?;
                Redo::Vi
            }
            "vi-iterations" => {
                self.vi_iterations =
                    parse_integer(value, MIN_VI_ITERATIONS, MAX_VI_ITERATIONS)? as usize;
                // More iterations continue the fit; fewer start it again.
                if self.mean_field.iterations() > self.vi_iterations {
                    Redo::Vi
                } else {
                    self.vi_result = None;
                    Redo::Readouts
                }
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        };
        match redo {
            Redo::Target => self.rebuild_target(),
            Redo::Chain => self.rebuild_chain(),
            Redo::Vi => self.restart_vi(),
            Redo::Summary => self.refresh_chain_summary(),
            // The query point changes only the summaries, of which the chain's and the grid's
            // are cached.
            Redo::Readouts => {
                self.grid_summary = self.compute_grid_summary();
                self.refresh_chain_summary();
            }
        }
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        match key {
            "preset" | "points" | "prior-sd" | "qx1" | "qx2" => self.is_logistic(),
            "curvature" => self.target_kind == TargetKind::Banana,
            "separation" => self.target_kind == TargetKind::Bimodal,
            _ => true,
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "proposal" => self.chain_summary.acceptance.map(|rate| {
                format!(
                    "Acceptance now {:.0} %; for a 2-D random walk about 35 % mixes best.",
                    rate * 100.0
                )
            }),
            _ => None,
        }
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.samples
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
        self.refresh_chain_summary();
    }

    fn advance_frame(&mut self) -> bool {
        let more = self.playhead.advance((self.samples / 150).max(100));
        self.refresh_chain_summary();
        more
    }

    /// 6 ms of chunks a frame instead of 8: with the posterior and the lines painted on
    /// alternate frames, that keeps the work and the painting of a frame within 60 Hz, and
    /// still draws over 10⁵ samples a second and over 100 VI iterations a frame.
    fn work_budget_ms(&self) -> Option<f64> {
        // One chunk a frame until the posterior is first painted: the page shows every plot
        // sooner (with the chain's first chunk and its statistics), then 6 ms a frame.
        Some(if self.cache.image.width == 0 {
            0.0
        } else {
            6.0
        })
    }

    fn work_chunk(&mut self) -> Option<f64> {
        let drawn = self.chain.samples.len();
        if drawn < self.samples {
            self.chain
                .extend(&self.target, MH_SAMPLES_PER_CHUNK.min(self.samples - drawn));
            // A chain just restarted shows its first chunk's statistics at once (a proposal
            // drag shows the start of each new chain), the rest when all are drawn.
            let prefix = self.drawn_shown();
            if self.chain_summary.shown == 0 && prefix < self.playhead.shown {
                self.chain_summary = self.finish_summary(SummaryJob::new(prefix, self.burn_in));
            }
            self.start_summary_job();
            return Some(0.45 * self.chain.samples.len() as f64 / self.samples as f64);
        }
        if let Some(mut job) = self.summary_job.take() {
            let done = job.shown() as f64 / self.samples.max(1) as f64;
            match job.step(&self.chain.samples, &self.chain.accepted, |w| {
                self.summary_at(w)
            }) {
                Some(summary) => {
                    self.chain_summary = summary;
                    self.start_summary_job();
                }
                None => self.summary_job = Some(job),
            }
            return Some(0.45 + 0.05 * done);
        }
        if self.summary_stale {
            self.start_summary_job();
            return Some(0.5);
        }
        if self.vi_result.is_some() {
            return None;
        }
        let done = self.mean_field.iterations();
        if done >= self.vi_iterations {
            self.finish_vi();
            return Some(1.0);
        }
        let count = VI_STEPS_PER_CHUNK.min(self.vi_iterations - done);
        self.mean_field.run(&self.target, count);
        self.full_cov.run(&self.target, count);
        Some(0.5 + 0.5 * self.mean_field.iterations() as f64 / self.vi_iterations as f64)
    }

    fn readouts(&self) -> Vec<Readout> {
        let mut readouts = Vec::new();
        let mut push = |name: &str, label: &str, value: ReadoutValue, group: &str| {
            push_readout(&mut readouts, name, label, value, group);
        };
        let summary_label = self.summary_label();
        let grid = &self.grid;
        let truth = "Grid (truth)";
        push("grid.mean", "Mean", list(&grid.mean), truth);
        push(
            "grid.cov",
            "Var w₁, Cov, Var w₂",
            cov_list(&grid.cov),
            truth,
        );
        push(
            "grid.summary",
            summary_label,
            number_or(Some(self.grid_summary()), "no mass on the grid"),
            truth,
        );
        push(
            "grid.log-evidence",
            "ln Z",
            number_or(Some(grid.log_evidence), "no mass on the grid"),
            truth,
        );
        push(
            "grid.box",
            "Box w₁, w₂",
            list(&[
                grid.bounds.x.0,
                grid.bounds.x.1,
                grid.bounds.y.0,
                grid.bounds.y.1,
            ]),
            truth,
        );
        let chain = &self.chain_summary;
        let mh = "Metropolis–Hastings";
        let few = "fewer than 4 samples after the burn-in";
        push(
            "mh.mean",
            "Mean",
            chain
                .mean
                .map_or_else(|| number_or(None, few), |m| list(&m)),
            mh,
        );
        push(
            "mh.cov",
            "Var w₁, Cov, Var w₂",
            chain
                .cov
                .map_or_else(|| number_or(None, few), |c| cov_list(&c)),
            mh,
        );
        push(
            "mh.summary",
            summary_label,
            number_or(chain.summary, few),
            mh,
        );
        push(
            "mh.acceptance",
            "Acceptance",
            number_or(chain.acceptance, "no samples"),
            mh,
        );
        push(
            "mh.used",
            "Samples used",
            ReadoutValue::Integer(chain.used as i64),
            mh,
        );
        push(
            "mh.ess",
            "ESS w₁, w₂",
            match chain.ess {
                [Some(a), Some(b)] => list(&[a.ess, b.ess]),
                _ => number_or(None, "the chain did not move"),
            },
            mh,
        );
        push(
            "mh.mcse",
            "MC std error w₁, w₂",
            chain
                .mcse()
                .map_or_else(|| number_or(None, "no ESS"), |e| list(&e)),
            mh,
        );
        self.gaussian_readouts(&mut readouts, "laplace", "Laplace", self.laplace_kl);
        self.gaussian_readouts(
            &mut readouts,
            "moment-match",
            "Moment matching (min KL(p‖q))",
            Some(self.moment_match),
        );
        let running = "VI still running";
        for (index, (name, group)) in [
            ("mean-field", "VI mean field"),
            ("full-cov", "VI full covariance"),
        ]
        .into_iter()
        .enumerate()
        {
            match self.vi_result {
                Some(result) => {
                    let (approx, elbo) = result[index];
                    self.gaussian_readouts(&mut readouts, name, group, Some(approx));
                    push_readout(
                        &mut readouts,
                        &format!("{name}.elbo"),
                        "ELBO",
                        number_or(Some(elbo), "undefined"),
                        group,
                    );
                }
                None => push_readout(
                    &mut readouts,
                    &format!("{name}.elbo"),
                    "ELBO",
                    number_or(None, running),
                    group,
                ),
            }
        }
        if let Some(l) = self.laplace {
            push_readout(
                &mut readouts,
                "laplace.log-evidence",
                "Laplace ln Z",
                number_or(Some(l.log_evidence), "undefined"),
                "Laplace",
            );
            push_readout(
                &mut readouts,
                "laplace.newton-steps",
                "Newton steps",
                ReadoutValue::Integer(l.iterations as i64),
                "Laplace",
            );
        }
        push_readout(
            &mut readouts,
            "vi.iterations",
            "VI iterations",
            ReadoutValue::Integer(self.mean_field.iterations() as i64),
            "VI mean field",
        );
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if self.grid.truncated {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: "The posterior reaches the edge of the largest grid tried: the grid's numbers miss some mass.".into(),
            });
        }
        if self.laplace.is_none() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "Newton's method stopped where the curvature is not that of a maximum: there is no Laplace approximation.".into(),
            });
        }
        if self.chain_summary.shown <= self.burn_in {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "All {} samples shown are in the burn-in of {}: the chain's estimates need more samples.",
                    self.chain_summary.shown, self.burn_in
                ),
            });
        }
        if self.chain_summary.ess.iter().flatten().any(|e| e.capped) {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "The autocorrelation was still positive after 2,000 lags: the ESS shown is an upper bound.".into(),
            });
        }
        if self.is_logistic() && self.points.is_empty() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "There are no data points: the posterior is the prior.".into(),
            });
        }
        notices
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        self.data_table(plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        self.data_description(plot)
    }

    fn background_key(&self, plot: usize) -> u64 {
        match plot {
            // The density and the chain's dots: the dots change as the chain grows, the
            // ellipses on top of them (the foreground) as VI runs.
            0 => hash_of((self.density_key(), self.dots_key())),
            1 => hash_of(format_points(&self.points)),
            _ => 0,
        }
    }

    /// While work runs or the chain plays, the two expensive pictures take turns: the
    /// posterior (its dots, or its VI ellipses) on even frames, the trace, autocorrelation and
    /// ELBO on odd ones, so no frame paints both the 1,500 dots and the trace's lines. The
    /// data plot changes only when a point moves, and then at once.
    fn plot_due(&self, plot: usize, frame: u64) -> bool {
        match plot {
            0 => frame.is_multiple_of(2),
            1 => true,
            _ => !frame.is_multiple_of(2),
        }
    }

    fn foreground_key(&self, plot: usize) -> Option<u64> {
        let bits = |values: &[f64]| values.iter().map(|v| v.to_bits()).collect::<Vec<u64>>();
        let ess_bits = |ess: &[Option<Ess>; 2]| {
            ess.map(|e| e.map(|e| (e.ess.to_bits(), e.tau.to_bits(), e.capped)))
        };
        // What each plot's foreground draws.
        match plot {
            // The ellipses and their centres, and the legend, placed clear of the dots.
            0 => Some(hash_of((
                self.dots_key(),
                self.drawn_approximations()
                    .iter()
                    .map(|(name, _, q)| (*name, bits(&q.mean), bits(&q.cov.concat())))
                    .collect::<Vec<_>>(),
            ))),
            1 => Some(hash_of((
                self.target_kind,
                format_points(&self.points),
                self.prior_sd.to_bits(),
                self.selected,
                bits(&self.query),
            ))),
            2 => Some(hash_of((
                self.chain_key(),
                self.drawn_shown(),
                self.samples,
                self.burn_in,
                ess_bits(&self.chain_summary.ess),
            ))),
            3 => Some(hash_of((
                bits(&self.chain_summary.acf[0]),
                bits(&self.chain_summary.acf[1]),
                ess_bits(&self.chain_summary.ess),
            ))),
            4 => Some(hash_of((
                self.vi_iterations,
                self.grid.log_evidence.to_bits(),
                bits(&self.mean_field.elbo),
                bits(&self.full_cov.elbo),
            ))),
            _ => None,
        }
    }

    fn background_raster(&mut self, plot: usize, frame: &Frame) -> Option<&RgbaImage> {
        if plot != 0 {
            return None;
        }
        let geometry = frame.geometry;
        let key = hash_of((
            self.density_key(),
            geometry.css_width.to_bits(),
            geometry.css_height.to_bits(),
            geometry.device_pixel_ratio.to_bits(),
            frame.theme.background,
        ));
        if self.cache.key != key || self.cache.image.width == 0 {
            self.paint_posterior(frame);
            self.cache.key = key;
        }
        Some(&self.cache.image)
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if input.phase == PointerPhase::Up {
            self.dragging = None;
            return false;
        }
        if plot != 1 || !self.is_logistic() {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = self.data_viewport(&frame);
        let (x, y) = viewport.to_model(input.x, input.y);
        if let (PointerPhase::Drag, Some(index)) = (input.phase, self.dragging) {
            return self.move_point(index, x, y);
        }
        if input.phase != PointerPhase::Down {
            return false;
        }
        match self.point_at(&viewport, input.x, input.y) {
            Some(index) => {
                self.selected = index;
                self.dragging = Some(index);
                true
            }
            None => false,
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 1 || !self.is_logistic() || self.points.is_empty() {
            return false;
        }
        let index = self.selected.min(self.points.len() - 1);
        let [x, y] = self.points[index].x;
        let step = 0.1;
        match key {
            "ArrowLeft" => self.move_point(index, x - step, y),
            "ArrowRight" => self.move_point(index, x + step, y),
            "ArrowUp" => self.move_point(index, x, y + step),
            "ArrowDown" => self.move_point(index, x, y - step),
            "[" => {
                self.selected = (index + self.points.len() - 1) % self.points.len();
                true
            }
            "]" => {
                self.selected = (index + 1) % self.points.len();
                true
            }
            "c" => {
                self.points[index].label = !self.points[index].label;
                self.rebuild_target();
                true
            }
            _ => false,
        }
    }
}
