//! `#/regularization`: why an L1 penalty sets weights to exactly zero and an L2 penalty only
//! shrinks them.
//!
//! Two pictures: the contours of a two-weight least-squares loss with the L1 diamond and the
//! L2 disc of a budget t and the exact constrained optima (the L1 one landing on a corner),
//! with a draggable OLS point; and the regularization paths of eight weights as λ grows, the
//! lasso (exact homotopy, coordinate descent at the chosen λ) against ridge in closed form.
//! The math is [`crate::math::regularization`]; this file holds the controls, readouts and
//! state, `drawing.rs` the pictures and `data.rs` their tables and descriptions.

mod data;
mod drawing;
#[cfg(test)]
mod tests;

use super::params::{format_param_number, parse_choice, parse_integer, parse_number};
use super::plot_data::short;
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Frame, Notice, NoticeLevel, PlotSpec,
    PlotTable, PointerInput, PointerPhase, Readout, ReadoutSpec, ReadoutValue, exact_list,
    format_number,
};
use crate::demos::tuple_readout;
use crate::math::regularization::{
    ConstrainedOptimum, GramProblem, LassoFit, PathKnot, Quadratic2, correlated_data,
    correlated_split, l1_constrained, l2_constrained, lasso_coordinate_descent, lasso_homotopy,
    path_weights_at, ridge, targets_with_ols, zero_from,
};
use crate::render::viewport::Viewport;

/// Rows of the two-weight data set and the standard deviation of its noise.
pub const TWO_WEIGHT_SAMPLES: usize = 40;
pub const TWO_WEIGHT_NOISE: f64 = 0.5;
/// The path's true coefficients: the example of Tibshirani's lasso paper (1996), three
/// weights that matter and five that are truly zero.
pub const PATH_COEFFICIENTS: [f64; 8] = [3.0, 1.5, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0];
pub const PATH_SAMPLES: usize = 50;
pub const PATH_NOISE: f64 = 1.0;
/// Held-out rows of the path's model on which the validation error is measured.
pub const VALIDATION_SAMPLES: usize = 1000;
/// The path data use another stream of the same seed than the two-weight data.
const PATH_SEED_OFFSET: u64 = 0x5EED;
/// The λ axis of the path plot (the λ slider's range).
pub const LAMBDA_RANGE: (f64, f64) = (0.001, 20.0);
/// Coordinate descent stops when a sweep moves no weight by more than this.
pub const DESCENT_TOLERANCE: f64 = 1e-14;
const DESCENT_MAX_SWEEPS: usize = 200_000;
const OLS_RANGE: (f64, f64) = (-3.0, 3.0);
const OLS_KEY_STEP: f64 = 0.05;
const OLS_KEY_BIG_STEP: f64 = 0.25;

const DATA_SETS: &[(&str, &str)] = &[
    ("strong-weak", "One strong weight: true w = (2, 0.4)"),
    ("balanced", "Two similar weights: true w = (1.2, 1)"),
    ("opposite", "Opposite signs: true w = (1.5, −1)"),
    ("custom", "OLS optimum of your choice (drag it)"),
];

const PATHS: &[(&str, &str)] = &[
    ("both", "Lasso and ridge"),
    ("lasso", "Lasso only"),
    ("ridge", "Ridge only"),
];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "data",
        aliases: &[],
        label: "Two-weight data",
        kind: ControlKind::Select { options: DATA_SETS },
        help: "The true weights behind the 40 seeded points of the first plot, or an OLS optimum you place (drag it on the plot)",
        group: "Two weights",
        example: "balanced",
    },
    ControlSpec {
        key: "ols1",
        aliases: &[],
        label: "OLS optimum w₁",
        kind: ControlKind::slider(OLS_RANGE.0, OLS_RANGE.1, 0.01, false),
        help: "The first weight of the least-squares optimum you place (custom data only); the targets are moved so that OLS lands exactly here",
        group: "Two weights",
        example: "-1.5",
    },
    ControlSpec {
        key: "ols2",
        aliases: &[],
        label: "OLS optimum w₂",
        kind: ControlKind::slider(OLS_RANGE.0, OLS_RANGE.1, 0.01, false),
        help: "The second weight of the least-squares optimum you place (custom data only)",
        group: "Two weights",
        example: "2.2",
    },
    ControlSpec {
        key: "budget",
        aliases: &["t"],
        label: "Budget t",
        kind: ControlKind::slider(0.05, 4.0, 0.01, false),
        help: "The size of the L1 diamond |w₁| + |w₂| ≤ t and of the L2 disc ‖w‖₂ ≤ t",
        group: "Two weights",
        example: "0.5",
    },
    ControlSpec {
        key: "rho",
        aliases: &[],
        label: "Feature correlation ρ",
        kind: ControlKind::slider(-0.95, 0.95, 0.05, false),
        help: "The correlation of neighbouring features (features j and k correlate by ρ^|j−k|) in both data sets",
        group: "Data",
        example: "-0.5",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 4_294_967_295,
        },
        help: "Fixes the random features and noise: the same seed gives the same data",
        group: "Data",
        example: "7",
    },
    ControlSpec {
        key: "lambda",
        aliases: &[],
        label: "Penalty λ",
        kind: ControlKind::slider(LAMBDA_RANGE.0, LAMBDA_RANGE.1, 0.001, true),
        help: "The penalty strength of the path plot: the readouts give the lasso and ridge weights at this λ",
        group: "Regularization path",
        example: "2",
    },
    ControlSpec {
        key: "paths",
        aliases: &[],
        label: "Paths shown",
        kind: ControlKind::Select { options: PATHS },
        help: "Which regularization paths the second plot draws",
        group: "Regularization path",
        example: "lasso",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "budget",
        help: "The budget t of the diamond and the disc",
    },
    ReadoutSpec {
        name: "ols.weights",
        help: "The unconstrained least-squares optimum (w₁, w₂)",
    },
    ReadoutSpec {
        name: "ols.loss",
        help: "The loss ‖Xw − y‖²/(2n) at the OLS optimum (the noise left over)",
    },
    ReadoutSpec {
        name: "l1.weights",
        help: "The minimum of the loss over the diamond |w₁| + |w₂| ≤ t (exact: edges and corners)",
    },
    ReadoutSpec {
        name: "l1.loss",
        help: "The loss at the L1 optimum",
    },
    ReadoutSpec {
        name: "l1.lambda",
        help: "The lasso λ with the same solution: −sign(w_j)·∂L/∂w_j at a nonzero weight (0 when OLS is inside)",
    },
    ReadoutSpec {
        name: "l1.zero",
        help: "Which weight the L1 optimum sets to exactly zero (a corner of the diamond), or none",
    },
    ReadoutSpec {
        name: "l2.weights",
        help: "The minimum of the loss over the disc ‖w‖₂ ≤ t (exact: ridge with the multiplier of the secular equation)",
    },
    ReadoutSpec {
        name: "l2.loss",
        help: "The loss at the L2 optimum",
    },
    ReadoutSpec {
        name: "l2.lambda",
        help: "The ridge λ with the same solution: (A + λI)w = b, A = XᵀX/n, b = Xᵀy/n (0 when OLS is inside)",
    },
    ReadoutSpec {
        name: "lambda",
        help: "The λ of the path plot's vertical line",
    },
    ReadoutSpec {
        name: "lambda-max",
        help: "λ_max = ‖Xᵀy‖∞/n: from here on every lasso weight is zero",
    },
    ReadoutSpec {
        name: "lasso.weights",
        help: "The eight lasso weights at λ, by cyclic coordinate descent (scikit-learn's Lasso(alpha=λ, fit_intercept=False) objective)",
    },
    ReadoutSpec {
        name: "lasso.nonzero",
        help: "How many lasso weights are not exactly zero at λ",
    },
    ReadoutSpec {
        name: "lasso.sweeps",
        help: "Coordinate-descent sweeps until no weight moved by more than 10⁻¹⁴ (started from all zeros, as scikit-learn does)",
    },
    ReadoutSpec {
        name: "lasso.zero-from",
        help: "For each weight, the λ (an exact knot of the path) from which it is zero",
    },
    ReadoutSpec {
        name: "ridge.weights",
        help: "The eight ridge weights at λ: (XᵀX + nλI)⁻¹Xᵀy",
    },
    ReadoutSpec {
        name: "true.weights",
        help: "The coefficients the path's data were generated with (3, 1.5, 0, 0, 2, 0, 0, 0)",
    },
    ReadoutSpec {
        name: "lasso.train-error",
        help: "The lasso's mean squared error ‖y − Xw‖²/n on its 50 training rows at λ",
    },
    ReadoutSpec {
        name: "lasso.validation-error",
        help: "The lasso's mean squared error at λ on 1000 held-out rows of the same model (the noise alone gives σ² = 1)",
    },
    ReadoutSpec {
        name: "ridge.train-error",
        help: "Ridge's mean squared error on the training rows at λ",
    },
    ReadoutSpec {
        name: "ridge.validation-error",
        help: "Ridge's mean squared error on the held-out rows at λ",
    },
    ReadoutSpec {
        name: "lasso.best-lambda",
        help: "The λ of the plot's grid (240 log-spaced values and the knots) with the least lasso validation error",
    },
    ReadoutSpec {
        name: "ridge.best-lambda",
        help: "The λ of the plot's grid with the least ridge validation error",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "geometry",
        title: "The loss, the L1 diamond and the L2 disc",
        alt: "Contours of a two-weight least-squares loss with the diamond |w₁| + |w₂| ≤ t, the disc ‖w‖₂ ≤ t, the OLS optimum (draggable) and the constrained optima where the contours first touch each shape.",
        aspect_ratio: 0.9,
        interactive: true,
    },
    PlotSpec {
        id: "path",
        title: "Regularization paths: lasso (solid) against ridge (dashed)",
        alt: "Each of eight weights against λ on a log axis: the lasso weights (solid) reach exactly zero one after another, marked with dots, the ridge weights (dashed) only shrink; a vertical line marks the chosen λ.",
        aspect_ratio: 0.65,
        interactive: false,
    },
    PlotSpec {
        id: "errors",
        title: "Training and validation error against λ",
        alt: "Mean squared error against λ on a log axis for the lasso and ridge: on the training rows it only grows with λ, on held-out rows it first falls (less overfitting) and then rises (too much shrinkage); the noise level σ² is a horizontal line.",
        aspect_ratio: 0.65,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "regularization",
    title: "Regularization: L1 corners and L2 shrinkage",
    chapter: Chapter::NeuralNetworks,
    summary: "Why an L1 penalty sets weights to exactly zero and an L2 penalty only shrinks them: the loss contours meet the L1 diamond at a corner and the L2 disc anywhere, and eight weights' lasso and ridge paths as λ grows.",
    explanation: r#"A model with many weights can fit the noise in its training data. *A beginner's guide to the math that powers machine learning* names the cure: *regularization*, a penalty on the size of the weights added to the loss, measured by the L1 norm $\lVert w \rVert_1 = \sum_j |w_j|$ or the L2 norm $\lVert w \rVert_2 = \sqrt{\sum_j w_j^2}$.

The first plot has two weights and the least-squares loss of 40 seeded points with two correlated features,

$$L(w) = \frac{1}{2n} \lVert X w - y \rVert_2^2 .$$

Its contours are ellipses around the ordinary least-squares (OLS) optimum, the ringed dot. Penalizing the weights is the same as keeping them in a budget $t$: inside the diamond $|w_1| + |w_2| \le t$ (L1) or the disc $\lVert w \rVert_2 \le t$ (L2). The best point in the budget is where the ellipses, growing from the OLS optimum, first touch the shape. The disc is round, so that point can be anywhere on it, and both weights usually stay nonzero: L2 *shrinks*. The diamond has corners on the axes that stick out towards the ellipses, so the first touch is often a corner, where one weight is **exactly zero**: L1 *selects*.

Each budget matches a penalty strength $\lambda$ (the readouts give it):

$$\text{lasso: } \min_w \frac{1}{2n}\lVert y - Xw \rVert_2^2 + \lambda \lVert w \rVert_1, \qquad \text{ridge: } \min_w \frac{1}{2n}\lVert y - Xw \rVert_2^2 + \frac{\lambda}{2} \lVert w \rVert_2^2 .$$

Ridge has the closed form $w = (X^\top X + n\lambda I)^{-1} X^\top y$. The lasso has none; it is solved one weight at a time (*coordinate descent*): with the others fixed, the best $w_j$ is the soft threshold $S(z, \lambda) = \operatorname{sign}(z)\max(|z| - \lambda, 0)$ of its correlation with what the others leave unexplained, divided by $\lVert x_j \rVert^2 / n$. Every correlation below $\lambda$ gives an exact zero, and above $\lambda_{\max} = \lVert X^\top y \rVert_\infty / n$ all weights are zero.

The second plot follows eight weights (data with true weights $3, 1.5, 0, 0, 2, 0, 0, 0$) as $\lambda$ grows on a log axis: the lasso weights (solid) hit zero one after another at exact knots (dots), the ridge weights (dashed) shrink smoothly and never reach zero.

The third plot measures what the penalty buys: the error on the 50 training rows only grows with $\lambda$, while the error on 1000 held-out rows of the same model can first fall, because the weights stop fitting the noise (less *variance*), and then rises, because they are shrunk too far (more *bias*); the dots mark the least validation error, and how much a penalty helps depends on the data (try other seeds, or $\rho = 0.9$). No model beats the noise itself, $\sigma^2 = 1$.

Try: with one strong weight, lower the budget until the L1 optimum snaps to a corner; drag the OLS point (or use the arrow keys on the plot) and watch when the corner is hit; raise $\rho$ to make the ellipses long and thin; slide $\lambda$ and count the nonzero lasso weights."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(Regularization::default()),
};

/// Which two-weight data set the first plot shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataSet {
    StrongWeak,
    Balanced,
    Opposite,
    Custom,
}

impl DataSet {
    fn key(self) -> &'static str {
        match self {
            DataSet::StrongWeak => "strong-weak",
            DataSet::Balanced => "balanced",
            DataSet::Opposite => "opposite",
            DataSet::Custom => "custom",
        }
    }

    /// The true weights of a preset (None for the custom OLS point).
    fn true_weights(self) -> Option<[f64; 2]> {
        match self {
            DataSet::StrongWeak => Some([2.0, 0.4]),
            DataSet::Balanced => Some([1.2, 1.0]),
            DataSet::Opposite => Some([1.5, -1.0]),
            DataSet::Custom => None,
        }
    }
}

/// Which paths the second plot draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathsShown {
    Both,
    Lasso,
    Ridge,
}

/// Everything computed from the controls.
#[derive(Clone, Debug)]
pub struct Solution {
    pub loss: Quadratic2,
    pub ols: [f64; 2],
    pub l1: ConstrainedOptimum,
    pub l2: ConstrainedOptimum,
    pub path_problem: GramProblem,
    /// The held-out rows in Gram form (their errors cost O(p²) per weight vector).
    pub validation_problem: GramProblem,
    pub knots: Vec<PathKnot>,
    pub zero_from: Vec<Option<f64>>,
    pub lasso: LassoFit,
    pub ridge: Vec<f64>,
    /// The λ values the paths are drawn at (log-spaced, plus the knots), increasing.
    pub lambdas: Vec<f64>,
    /// Lasso (exact path) and ridge weights at each of `lambdas`.
    pub lasso_path: Vec<Vec<f64>>,
    pub ridge_path: Vec<Vec<f64>>,
    /// (training, validation) mean squared errors at each of `lambdas`.
    pub lasso_errors: Vec<(f64, f64)>,
    pub ridge_errors: Vec<(f64, f64)>,
    /// The same at the chosen λ (lasso by coordinate descent).
    pub lasso_error: (f64, f64),
    pub ridge_error: (f64, f64),
}

impl Solution {
    /// The (training, validation) mean squared errors of weights `w`: `‖y − Xw‖²/n`, twice
    /// the Gram form's loss.
    pub fn errors_of(&self, w: &[f64]) -> (f64, f64) {
        (
            2.0 * self.path_problem.loss(w),
            2.0 * self.validation_problem.loss(w),
        )
    }

    /// The λ of `lambdas` with the smallest validation error of `errors`.
    pub fn best_lambda(&self, errors: &[(f64, f64)]) -> f64 {
        self.lambdas
            .iter()
            .zip(errors)
            .min_by(|a, b| a.1.1.total_cmp(&b.1.1))
            .map_or(f64::NAN, |(l, _)| *l)
    }
}

/// The demo's state.
#[derive(Clone, Debug)]
pub struct Regularization {
    data: DataSet,
    /// The OLS optimum placed by the reader (custom data).
    custom_ols: [f64; 2],
    budget: f64,
    correlation: f64,
    seed: u64,
    lambda: f64,
    paths: PathsShown,
    solution: Solution,
    /// The geometry plot's view while a drag is under way (CSS pixels), so the picture does
    /// not rescale under the pointer.
    drag_view: Option<Viewport>,
}

impl Default for Regularization {
    fn default() -> Self {
        let (data, custom_ols, budget, correlation, seed, lambda) =
            (DataSet::StrongWeak, [1.5, 0.8], 1.0, 0.6, 1, 0.3);
        let solution = solve(data, custom_ols, budget, correlation, seed, lambda, None)
            .expect("the default data have independent features");
        Self {
            data,
            custom_ols,
            budget,
            correlation,
            seed,
            lambda,
            paths: PathsShown::Both,
            solution,
            drag_view: None,
        }
    }
}

/// What a previous solution can lend to the next one: the path, its errors and the data
/// behind them when the correlation and the seed are unchanged, and also the weights at λ when
/// λ is unchanged too. Dragging the OLS point or moving the budget then recomputes only the
/// two-weight picture.
#[derive(Clone, Copy)]
struct Reuse<'a> {
    previous: &'a Solution,
    same_lambda: bool,
}

/// Computes all three pictures; an error names what failed (never the case within the
/// controls' ranges: the features are never exactly dependent).
fn solve(
    data: DataSet,
    custom_ols: [f64; 2],
    budget: f64,
    correlation: f64,
    seed: u64,
    lambda: f64,
    reuse: Option<Reuse>,
) -> Result<Solution, String> {
    let failed = || "the features are linearly dependent for these settings".to_owned();
    let weights = data.true_weights().unwrap_or([1.0, 1.0]);
    let (rows, targets) = correlated_data(
        &weights,
        TWO_WEIGHT_SAMPLES,
        correlation,
        TWO_WEIGHT_NOISE,
        seed,
    );
    let targets = match data {
        DataSet::Custom => targets_with_ols(&rows, &targets, &custom_ols).ok_or_else(failed)?,
        _ => targets,
    };
    let pairs: Vec<[f64; 2]> = rows.iter().map(|r| [r[0], r[1]]).collect();
    let loss = Quadratic2::least_squares(&pairs, &targets);
    let ols = loss.minimiser().ok_or_else(failed)?;
    let l1 = l1_constrained(&loss, budget).ok_or_else(failed)?;
    let l2 = l2_constrained(&loss, budget).ok_or_else(failed)?;
    let mut solution = match reuse {
        Some(reuse) => Solution {
            loss,
            ols,
            l1,
            l2,
            ..reuse.previous.clone()
        },
        None => {
            let path = path_solution(correlation, seed)?;
            Solution {
                loss,
                ols,
                l1,
                l2,
                ..path
            }
        }
    };
    if !reuse.is_some_and(|r| r.same_lambda) {
        // Coordinate descent from zero, the way scikit-learn starts; the path is exact, so it
        // also checks coordinate descent (the tests compare them).
        solution.lasso = lasso_coordinate_descent(
            &solution.path_problem,
            lambda,
            &[],
            DESCENT_TOLERANCE,
            DESCENT_MAX_SWEEPS,
        );
        solution.ridge = ridge(&solution.path_problem, lambda).ok_or_else(failed)?;
        solution.lasso_error = solution.errors_of(&solution.lasso.weights);
        solution.ridge_error = solution.errors_of(&solution.ridge);
    }
    Ok(solution)
}

/// The path part of a solution (the two-weight part and the weights at λ are placeholders
/// that [`solve`] fills in).
fn path_solution(correlation: f64, seed: u64) -> Result<Solution, String> {
    let failed = || "the features are linearly dependent for these settings".to_owned();
    let split = correlated_split(
        &PATH_COEFFICIENTS,
        PATH_SAMPLES,
        VALIDATION_SAMPLES,
        correlation,
        PATH_NOISE,
        seed.wrapping_add(PATH_SEED_OFFSET),
    );
    let path_problem = GramProblem::new(&split.rows, &split.targets);
    let validation_problem = GramProblem::new(&split.validation_rows, &split.validation_targets);
    let knots = lasso_homotopy(&path_problem, LAMBDA_RANGE.0 * 0.5);
    let zero_from = zero_from(&knots);
    let knot_lambdas: Vec<f64> = knots.iter().map(|k| k.lambda).collect();
    let lambdas = drawing::path_lambdas(&knot_lambdas);
    let lasso_path: Vec<Vec<f64>> = lambdas
        .iter()
        .map(|&l| path_weights_at(&knots, l))
        .collect();
    let ridge_path = lambdas
        .iter()
        .map(|&l| ridge(&path_problem, l).ok_or_else(failed))
        .collect::<Result<Vec<_>, _>>()?;
    let placeholder = Quadratic2 {
        a: [[1.0, 0.0], [0.0, 1.0]],
        b: [0.0; 2],
        c: 0.0,
    };
    let none = ConstrainedOptimum {
        weights: [0.0; 2],
        loss: 0.0,
        lambda: 0.0,
        on_boundary: false,
    };
    let mut solution = Solution {
        loss: placeholder,
        ols: [0.0; 2],
        l1: none,
        l2: none,
        path_problem,
        validation_problem,
        knots,
        zero_from,
        lasso: LassoFit {
            weights: Vec::new(),
            sweeps: 0,
            converged: true,
        },
        ridge: Vec::new(),
        lambdas,
        lasso_path,
        ridge_path,
        lasso_errors: Vec::new(),
        ridge_errors: Vec::new(),
        lasso_error: (0.0, 0.0),
        ridge_error: (0.0, 0.0),
    };
    solution.lasso_errors = solution
        .lasso_path
        .iter()
        .map(|w| solution.errors_of(w))
        .collect();
    solution.ridge_errors = solution
        .ridge_path
        .iter()
        .map(|w| solution.errors_of(w))
        .collect();
    Ok(solution)
}

impl Regularization {
    pub fn solution(&self) -> &Solution {
        &self.solution
    }

    pub fn budget(&self) -> f64 {
        self.budget
    }

    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    pub fn paths(&self) -> PathsShown {
        self.paths
    }

    /// Recomputes with new settings; on failure nothing changes.
    #[allow(clippy::too_many_arguments)]
    fn update(
        &mut self,
        data: DataSet,
        custom_ols: [f64; 2],
        budget: f64,
        correlation: f64,
        seed: u64,
        lambda: f64,
    ) -> Result<(), String> {
        let reuse = (correlation == self.correlation && seed == self.seed).then_some(Reuse {
            previous: &self.solution,
            same_lambda: lambda == self.lambda,
        });
        self.solution = solve(data, custom_ols, budget, correlation, seed, lambda, reuse)?;
        self.data = data;
        self.custom_ols = custom_ols;
        self.budget = budget;
        self.correlation = correlation;
        self.seed = seed;
        self.lambda = lambda;
        Ok(())
    }

    /// Places the OLS optimum (switching to custom data), rounded to the sliders' step.
    fn place_ols(&mut self, w: [f64; 2]) -> bool {
        let round = |v: f64| {
            let v = (v.clamp(OLS_RANGE.0, OLS_RANGE.1) * 100.0).round() / 100.0;
            // Read back from text so the URL holds "0.3", not 0.30000000000000004.
            crate::number_text::parse_f64(&format!("{v:.2}")).unwrap_or(v)
        };
        let placed = [round(w[0]), round(w[1])];
        if self.data == DataSet::Custom && placed == self.custom_ols {
            return false;
        }
        let (budget, correlation, seed, lambda) =
            (self.budget, self.correlation, self.seed, self.lambda);
        self.update(DataSet::Custom, placed, budget, correlation, seed, lambda)
            .is_ok()
    }

    /// The geometry plot's window: equal aspect, centred on the origin, showing the OLS
    /// optimum and the budget with room around them.
    pub fn geometry_view(&self, frame: &Frame) -> Viewport {
        let ols = self.solution.ols;
        let reach = ols[0].abs().max(ols[1].abs()).max(self.budget).max(0.5) * 1.25;
        super::drawing::fitted_equal_aspect_viewport(frame, [0.0, 0.0], [reach, reach], 10.0)
    }

    /// The words for the weight the L1 optimum sets to zero.
    pub fn l1_zero_text(&self) -> String {
        let l1 = &self.solution.l1;
        if !l1.on_boundary {
            return "none (OLS is inside the diamond)".to_owned();
        }
        match l1.weights {
            [w1, 0.0] if w1 != 0.0 => "w₂ = 0 (a corner)".to_owned(),
            [0.0, w2] if w2 != 0.0 => "w₁ = 0 (a corner)".to_owned(),
            _ => "none (on an edge)".to_owned(),
        }
    }
}

impl Demo for Regularization {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "data" => self.data.key().to_owned(),
            "ols1" => format_param_number(self.custom_ols[0]),
            "ols2" => format_param_number(self.custom_ols[1]),
            "budget" => format_param_number(self.budget),
            "rho" => format_param_number(self.correlation),
            "seed" => self.seed.to_string(),
            "lambda" => format_param_number(self.lambda),
            "paths" => match self.paths {
                PathsShown::Both => "both",
                PathsShown::Lasso => "lasso",
                PathsShown::Ridge => "ridge",
            }
            .to_owned(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        let (mut data, mut ols, mut budget, mut correlation, mut seed, mut lambda) = (
            self.data,
            self.custom_ols,
            self.budget,
            self.correlation,
            self.seed,
            self.lambda,
        );
        match key {
            "data" => {
                data = match parse_choice(value, DATA_SETS)? {
                    "strong-weak" => DataSet::StrongWeak,
                    "balanced" => DataSet::Balanced,
                    "opposite" => DataSet::Opposite,
                    _ => DataSet::Custom,
                }
            }
            "ols1" => ols[0] = parse_number(value, OLS_RANGE.0, OLS_RANGE.1)?,
            "ols2" => ols[1] = parse_number(value, OLS_RANGE.0, OLS_RANGE.1)?,
            "budget" => budget = parse_number(value, 0.05, 4.0)?,
            "rho" => correlation = parse_number(value, -0.95, 0.95)?,
            "seed" => seed = parse_integer(value, 0, 4_294_967_295)? as u64,
            "lambda" => lambda = parse_number(value, LAMBDA_RANGE.0, LAMBDA_RANGE.1)?,
            "paths" => {
                self.paths = match parse_choice(value, PATHS)? {
                    "lasso" => PathsShown::Lasso,
                    "ridge" => PathsShown::Ridge,
                    _ => PathsShown::Both,
                };
                return Ok(());
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.update(data, ols, budget, correlation, seed, lambda)
    }

    fn is_control_active(&self, key: &str) -> bool {
        !matches!(key, "ols1" | "ols2") || self.data == DataSet::Custom
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        let s = &self.solution;
        match key {
            "budget" => Some(format!(
                "OLS has ‖w‖₁ = {} and ‖w‖₂ = {}: budgets below these are active.",
                short(s.ols[0].abs() + s.ols[1].abs()),
                short(s.ols[0].hypot(s.ols[1]))
            )),
            "lambda" => Some(format!(
                "λ_max = {}: above it every lasso weight is zero.",
                short(s.path_problem.lambda_max())
            )),
            _ => None,
        }
    }

    fn readouts(&self) -> Vec<Readout> {
        let s = &self.solution;
        let mut readouts = Vec::new();
        let mut push = |name: &str, label: &str, value: ReadoutValue| {
            readouts.push(Readout {
                name: name.to_owned(),
                label: label.to_owned(),
                value,
                group: String::new(),
            });
        };
        push("budget", "Budget t", ReadoutValue::Number(self.budget));
        push("ols.weights", "OLS optimum w", tuple_readout(&s.ols));
        push(
            "ols.loss",
            "Loss at OLS",
            ReadoutValue::Number(s.loss.value(s.ols)),
        );
        push("l1.weights", "L1 optimum w", tuple_readout(&s.l1.weights));
        push(
            "l1.loss",
            "Loss at the L1 optimum",
            ReadoutValue::Number(s.l1.loss),
        );
        push(
            "l1.lambda",
            "Matching lasso λ",
            ReadoutValue::Number(s.l1.lambda),
        );
        push(
            "l1.zero",
            "Exact zero",
            ReadoutValue::Text(self.l1_zero_text()),
        );
        push("l2.weights", "L2 optimum w", tuple_readout(&s.l2.weights));
        push(
            "l2.loss",
            "Loss at the L2 optimum",
            ReadoutValue::Number(s.l2.loss),
        );
        push(
            "l2.lambda",
            "Matching ridge λ",
            ReadoutValue::Number(s.l2.lambda),
        );
        push("lambda", "Path λ", ReadoutValue::Number(self.lambda));
        push(
            "lambda-max",
            "λ_max = ‖Xᵀy‖∞/n",
            ReadoutValue::Number(s.path_problem.lambda_max()),
        );
        push(
            "lasso.weights",
            "Lasso weights",
            tuple_readout(&s.lasso.weights),
        );
        push(
            "lasso.nonzero",
            "Nonzero lasso weights",
            ReadoutValue::Integer(s.lasso.weights.iter().filter(|w| **w != 0.0).count() as i64),
        );
        push(
            "lasso.sweeps",
            "Coordinate-descent sweeps",
            ReadoutValue::Integer(s.lasso.sweeps as i64),
        );
        // A weight that never enters down to λ = 0.0005 reads "never" (and is empty in the
        // exact list, like any undefined number).
        let zero_from: Vec<f64> = s.zero_from.iter().map(|z| z.unwrap_or(f64::NAN)).collect();
        let shown: Vec<String> = s
            .zero_from
            .iter()
            .map(|z| z.map_or_else(|| "never".to_owned(), format_number))
            .collect();
        push(
            "lasso.zero-from",
            "Zero from λ =",
            ReadoutValue::Written {
                shown: format!("({})", shown.join(", ")),
                exact: exact_list(zero_from),
            },
        );
        push("ridge.weights", "Ridge weights", tuple_readout(&s.ridge));
        push(
            "true.weights",
            "True weights",
            tuple_readout(&PATH_COEFFICIENTS),
        );
        let errors = [
            ("lasso.train-error", "Lasso training error", s.lasso_error.0),
            (
                "lasso.validation-error",
                "Lasso validation error",
                s.lasso_error.1,
            ),
            ("ridge.train-error", "Ridge training error", s.ridge_error.0),
            (
                "ridge.validation-error",
                "Ridge validation error",
                s.ridge_error.1,
            ),
            (
                "lasso.best-lambda",
                "Lasso λ with the least validation error",
                s.best_lambda(&s.lasso_errors),
            ),
            (
                "ridge.best-lambda",
                "Ridge λ with the least validation error",
                s.best_lambda(&s.ridge_errors),
            ),
        ];
        for (name, label, value) in errors {
            push(name, label, ReadoutValue::Number(value));
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if !self.solution.lasso.converged {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "Coordinate descent stopped after {} sweeps without settling to 10⁻¹⁴; the lasso weights are approximate.",
                    self.solution.lasso.sweeps
                ),
            });
        }
        notices
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        data::plot_table(self, plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        data::plot_description(self, plot)
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let view = match (input.phase, self.drag_view) {
            (PointerPhase::Down, _) | (PointerPhase::Drag, None) => {
                let view = self.geometry_view(&frame);
                self.drag_view = Some(view);
                view
            }
            (PointerPhase::Drag, Some(view)) => view,
            (PointerPhase::Up, _) => {
                self.drag_view = None;
                return false;
            }
        };
        let (x, y) = view.to_model(input.x, input.y);
        self.place_ols([x, y])
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let (dx, dy) = match key {
            "ArrowLeft" => (-OLS_KEY_STEP, 0.0),
            "ArrowRight" => (OLS_KEY_STEP, 0.0),
            "ArrowUp" => (0.0, OLS_KEY_STEP),
            "ArrowDown" => (0.0, -OLS_KEY_STEP),
            "Shift+ArrowLeft" => (-OLS_KEY_BIG_STEP, 0.0),
            "Shift+ArrowRight" => (OLS_KEY_BIG_STEP, 0.0),
            "Shift+ArrowUp" => (0.0, OLS_KEY_BIG_STEP),
            "Shift+ArrowDown" => (0.0, -OLS_KEY_BIG_STEP),
            _ => return false,
        };
        let ols = self.solution.ols;
        self.place_ols([ols[0] + dx, ols[1] + dy]);
        true
    }
}
