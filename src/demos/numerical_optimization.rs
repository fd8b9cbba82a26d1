//! `#/numerical-optimization`: what `scipy.optimize.minimize(f, [1, 22, 30])` actually does
//! for f = x² + y² + z², the example of "Mathematical Foundations for Deep Learning".
//!
//! scipy's default method is BFGS with a forward-difference gradient and a Moré–Thuente line
//! search; [`crate::math::quasi_newton`] reproduces it operation by operation, and this demo
//! steps through its iterates: x_k, f(x_k), the gradient it used and its ∞-norm against
//! gtol, and the evaluation counts, with why the answer is 10⁻⁷ and not 0 (the stopping
//! tolerance, and the difference step h that makes the "gradient" of x² read 2x + h).

mod data;
mod drawing;
#[cfg(test)]
mod tests;

use super::params::{format_param_number, parse_choice, parse_integer, parse_number};
use super::playhead::Playhead;
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Notice, NoticeLevel, PlotSpec, Readout,
    ReadoutSpec, ReadoutValue, format_number,
};
use crate::demos::tuple_readout;
use crate::math::quadratic_descent::{
    ConvergenceRun, Method, QuadraticProblem, StartPoint, SteepestDescentDiagonal, SweepPoint,
    conjugate_gradient_bound, run_method, steepest_descent_bound, sweep_kappas, sweep_point,
};
use crate::math::quasi_newton::{
    BfgsIterate, BfgsOptions, BfgsRun, BfgsStatus, GradientMode, LineSearchRecord,
    difference_steps, minimize_bfgs, sum_of_squares, sum_of_squares_gradient,
};

/// The article's starting point, `x0 = np.array([1, 22, 30])`.
pub const ARTICLE_START: [f64; 3] = [1.0, 22.0, 30.0];
/// scipy's default gradient tolerance.
pub const DEFAULT_GTOL: f64 = 1e-5;

/// Part 2 runs until the error in the energy norm is this fraction of the start's.
pub const QUADRATIC_TOLERANCE: f64 = 1e-8;
/// Steepest descent's iteration cap: above its bound κ/2·ln(1/tol) ≈ 92104 at κ = 10⁴.
pub const STEEPEST_DESCENT_CAP: usize = 200_000;
/// The sweep runs steepest descent up to this κ only (about 9200 iterations at 10³; its
/// cost grows like κ, and the estimate κ/2·ln(1/tol) carries on beyond).
pub const SWEEP_STEEPEST_KAPPA_MAX: f64 = 1e3;
/// CG's and BFGS's cap: in exact arithmetic they finish in n ≤ 50 steps; rounding adds a few.
pub const KRYLOV_CAP: usize = 2_000;
/// Steepest descent's iterations run at once when a control changes (all of them up to
/// κ ≈ 400); a longer run goes on in `work_chunk`s of [`STEEPEST_DESCENT_SLICE`] while the
/// page shows the curve so far, so that dragging κ near 10⁴ (10⁵ iterations, about 60 ms)
/// does not hold frames.
const STEEPEST_DESCENT_AT_ONCE: usize = 4_000;
const STEEPEST_DESCENT_SLICE: usize = 4_000;

const START_RANGE: (f64, f64) = (-100.0, 100.0);
const KAPPA_RANGE: (f64, f64) = (1.0, 1e4);
const DIMENSION_RANGE: (i64, i64) = (2, 50);
const SEED_RANGE: (i64, i64) = (0, 1_000_000);
const GTOL_RANGE: (f64, f64) = (1e-12, 0.1);

const GRADIENTS: &[(&str, &str)] = &[
    (
        "difference",
        "Forward differences, step √ε (minimize's default)",
    ),
    (
        "relative",
        "Forward differences, step √ε·max(1, |x|) (jac='2-point')",
    ),
    ("exact", "Exact gradient 2x (jac=True)"),
];

const STARTS: &[(&str, &str)] = &[
    ("random", "Random (seeded)"),
    ("worst", "Worst case for steepest descent"),
];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "x0",
        aliases: &[],
        label: "Start x₀",
        kind: ControlKind::slider(START_RANGE.0, START_RANGE.1, 0.5, false),
        help: "The first coordinate of the starting point (the article's is 1)",
        group: "scipy.optimize.minimize",
        example: "-3",
    },
    ControlSpec {
        key: "y0",
        aliases: &[],
        label: "Start y₀",
        kind: ControlKind::slider(START_RANGE.0, START_RANGE.1, 0.5, false),
        help: "The second coordinate of the starting point (the article's is 22)",
        group: "scipy.optimize.minimize",
        example: "0.5",
    },
    ControlSpec {
        key: "z0",
        aliases: &[],
        label: "Start z₀",
        kind: ControlKind::slider(START_RANGE.0, START_RANGE.1, 0.5, false),
        help: "The third coordinate of the starting point (the article's is 30)",
        group: "scipy.optimize.minimize",
        example: "7",
    },
    ControlSpec {
        key: "gradient",
        aliases: &[],
        label: "Gradient",
        kind: ControlKind::Select { options: GRADIENTS },
        help: "How BFGS gets ∇f: forward differences with scipy's absolute step √ε (what minimize(f, x0) does), with the relative step of jac='2-point', or the exact 2x (jac=True)",
        group: "scipy.optimize.minimize",
        example: "exact",
    },
    ControlSpec {
        key: "gtol",
        aliases: &[],
        label: "Gradient tolerance gtol",
        kind: ControlKind::slider(GTOL_RANGE.0, GTOL_RANGE.1, 0.001, true),
        help: "BFGS stops as soon as the largest entry of the gradient it uses, ‖∇f‖∞, is at most gtol (scipy's default 10⁻⁵)",
        group: "scipy.optimize.minimize",
        example: "1e-8",
    },
    ControlSpec {
        key: "kappa",
        aliases: &[],
        label: "Condition number κ",
        kind: ControlKind::slider(KAPPA_RANGE.0, KAPPA_RANGE.1, 1.0, true),
        help: "The ratio of the largest to the smallest eigenvalue of A in ½xᵀAx: its eigenvalues are spread evenly from 1 to κ",
        group: "Quadratic: steepest descent, CG, BFGS",
        example: "1000",
    },
    ControlSpec {
        key: "n",
        aliases: &[],
        label: "Dimension n",
        kind: ControlKind::Integer {
            min: DIMENSION_RANGE.0,
            max: DIMENSION_RANGE.1,
        },
        help: "The number of unknowns: CG and BFGS end in at most n steps",
        group: "Quadratic: steepest descent, CG, BFGS",
        example: "5",
    },
    ControlSpec {
        key: "start",
        aliases: &[],
        label: "Start point",
        kind: ControlKind::Select { options: STARTS },
        help: "A seeded random start, or (1/λ₁, 0, …, 0, 1/λₙ): the start on which steepest descent shrinks the error by exactly (κ − 1)/(κ + 1) per step (and CG, seeing two eigenvalues, needs two steps)",
        group: "Quadratic: steepest descent, CG, BFGS",
        example: "worst",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed of the start point",
        kind: ControlKind::Integer {
            min: SEED_RANGE.0,
            max: SEED_RANGE.1,
        },
        help: "Seeds the random start point (entries uniform in [−1, 1))",
        group: "Quadratic: steepest descent, CG, BFGS",
        example: "2",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "x",
        help: "The iterate x_k shown (scipy's res.x at the last iteration)",
    },
    ReadoutSpec {
        name: "fun",
        help: "f(x_k) = x² + y² + z² at the iterate (res.fun at the last iteration)",
    },
    ReadoutSpec {
        name: "jac",
        help: "The gradient BFGS uses at x_k: differenced or exact (res.jac at the last iteration)",
    },
    ReadoutSpec {
        name: "grad-norm",
        help: "‖∇f(x_k)‖∞, the largest entry of that gradient, compared with gtol",
    },
    ReadoutSpec {
        name: "gradient-error",
        help: "The used gradient minus the exact one, ∇f − 2x_k: the difference step h for x² (0 with the exact gradient)",
    },
    ReadoutSpec {
        name: "fd-step",
        help: "The forward-difference steps h at x_k, one per coordinate (none with the exact gradient)",
    },
    ReadoutSpec {
        name: "step-length",
        help: "The step length α the line search chose on the way to x_k",
    },
    ReadoutSpec {
        name: "line-search-trials",
        help: "How many step lengths the line search that led to x_k tried (each costs 1 + 3 evaluations with differences)",
    },
    ReadoutSpec {
        name: "nit",
        help: "The iteration k shown (scipy's res.nit at the last one)",
    },
    ReadoutSpec {
        name: "nfev",
        help: "Evaluations of f up to iteration k, those of the differences included (res.nfev)",
    },
    ReadoutSpec {
        name: "njev",
        help: "Gradient evaluations up to iteration k (res.njev)",
    },
    ReadoutSpec {
        name: "status",
        help: "How the run ended: converged (‖∇f‖∞ ≤ gtol), line search failed, or out of iterations",
    },
    ReadoutSpec {
        name: "quadratic.{method}.iterations",
        help: "Iterations the method ({method} is steepest-descent, cg or bfgs) needs to bring the energy-norm error ‖x − x*‖_A to 10⁻⁸ of the start's",
    },
    ReadoutSpec {
        name: "quadratic.{method}.error",
        help: "The method's relative energy-norm error ‖x_k − x*‖_A/‖x₀ − x*‖_A at the iteration shown (its last one if it stopped earlier)",
    },
    ReadoutSpec {
        name: "quadratic.steepest-descent.bound",
        help: "The least k with ((κ − 1)/(κ + 1))ᵏ ≤ 10⁻⁸: steepest descent's guarantee, about κ/2·ln(10⁸)",
    },
    ReadoutSpec {
        name: "quadratic.cg.bound",
        help: "The least k with 2((√κ − 1)/(√κ + 1))ᵏ ≤ 10⁻⁸, at most n: CG's guarantee, about √κ/2·ln(2·10⁸)",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "trace",
        title: "f and ‖∇f‖∞ at each BFGS iteration",
        alt: "Log plot against the iteration k of f(x_k) and of the largest entry of the gradient BFGS uses, with the tolerance gtol as a horizontal line and the shown iteration marked.",
        aspect_ratio: 0.62,
        interactive: false,
    },
    PlotSpec {
        id: "coordinates",
        title: "|x|, |y|, |z| at each iteration: where the answer stops",
        alt: "Log plot against the iteration k of the absolute value of each coordinate of x_k, with the level gtol/2 below which the exact gradient would stop BFGS and, for differenced gradients, h/2, where the differenced gradient 2x + h vanishes.",
        aspect_ratio: 0.62,
        interactive: false,
    },
    PlotSpec {
        id: "line-search",
        title: "The line search: f along the search direction",
        alt: "f(x + αp) against the step length α along BFGS's search direction p for the line search that led to the shown iterate, with the sufficient-decrease line and the trial steps DCSRCH evaluated, the accepted one ringed.",
        aspect_ratio: 0.62,
        interactive: false,
    },
    PlotSpec {
        id: "quadratic",
        title: "Steepest descent, CG and BFGS on ½xᵀAx",
        alt: "Log plot against the iteration of the relative error in the energy norm of steepest descent, conjugate gradient and BFGS (both with exact line searches) on an n-dimensional quadratic with condition number κ, with the two convergence bounds dashed and the tolerance 10⁻⁸.",
        aspect_ratio: 0.62,
        interactive: false,
    },
    PlotSpec {
        id: "sweep",
        title: "Iterations to 10⁻⁸ against κ",
        alt: "Log-log plot against the condition number κ from 1 to 10⁴ of the iterations each method needs to reach 10⁻⁸, with the estimates κ/2·ln(10⁸) and √κ/2·ln(2·10⁸) and the line n; the current κ is marked.",
        aspect_ratio: 0.62,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "numerical-optimization",
    title: "Numerical optimization: what scipy.optimize.minimize does",
    chapter: Chapter::NumericalComputing,
    summary: "The article's scipy.optimize.minimize(f, [1, 22, 30]) step by step as scipy's BFGS takes it: the line search, the finite-difference gradient and why the answer is 10⁻⁷, not 0; then steepest descent, conjugate gradient and BFGS raced on a quadratic as κ grows.",
    explanation: r#"*Mathematical Foundations for Deep Learning* minimizes $f(x, y, z) = x^2 + y^2 + z^2$ with `scipy.optimize.minimize(f, x0)` from $x_0 = (1, 22, 30)$. The minimum is plainly $f = 0$ at the origin, yet scipy 1.17 prints `Optimal Parameters: [2.60057572e-08 6.54105576e-07 9.29582744e-07]` and `Minimum Value of the Function: 1.2926544826203326e-12`. This page repeats scipy's computation step by step (the numbers agree with scipy's to about nine digits) to show where those digits come from.

Without bounds or constraints, `minimize` uses **BFGS**, a quasi-Newton method. At $x_k$ it steps along $p_k = -H_k \nabla f(x_k)$, where $H_k$ estimates the inverse of the Hessian (it starts as the identity). A **line search** (Moré and Thuente's, from MINPACK) picks a step length $\alpha_k$ with enough decrease and a flatter slope (the Wolfe conditions). The estimate is then corrected with $s_k = x_{k+1} - x_k$ and $y_k = \nabla f(x_{k+1}) - \nabla f(x_k)$:

$$H_{k+1} = (I - \rho_k s_k y_k^\top)\, H_k\, (I - \rho_k y_k s_k^\top) + \rho_k s_k s_k^\top, \qquad \rho_k = \frac{1}{y_k^\top s_k}.$$

The first trial step has length about 1, a cautious guess that the line search stretches. Once $H$ has learnt the curvature, the third step lands within $10^{-4}$ of the minimum.

The article passes no gradient, so scipy **estimates it by forward differences** with the step $h = \sqrt{\varepsilon} = 2^{-26} \approx 1.49 \cdot 10^{-8}$:

$$\frac{\partial f}{\partial x} \approx \frac{f(x + h) - f(x)}{h} = \frac{(x + h)^2 - x^2}{h} = 2x + h.$$

Every estimate costs three more evaluations of $f$, which is why `nfev` grows by four per trial step. BFGS stops as soon as the largest entry of its gradient is at most `gtol` $= 10^{-5}$, so the answer can be anywhere with $|2x + h| \le 10^{-5}$, up to about $5 \cdot 10^{-6}$ from 0. Lower `gtol` and the answer settles on $x = -h/2 \approx -7.45 \cdot 10^{-9}$ in every coordinate: there $(x + h)^2 - x^2 = (h/2)^2 - (h/2)^2$ is exactly 0, so the *estimated* gradient is 0 while the true one is $-h$, and scipy reports success at a point that is not the minimum. With the relative step of `jac='2-point'` the estimate near 0 is mostly rounding noise instead, and below `gtol` $\approx 10^{-8}$ the line search gives up. With the exact gradient (`jac=True`) the third step lands on 0 to within rounding.

The first plot shows $f(x_k)$ and $\lVert \nabla f \rVert_\infty$ falling by ten orders of magnitude in four iterations and stopping below the `gtol` line. The second plot shows each coordinate's size and the levels where the run can stop. The third shows the line search that led to the iterate shown: $f$ along the search direction, the trial steps, and the sufficient-decrease line $f(x_k) + 10^{-4} \alpha\, \nabla f \cdot p_k$ that an accepted step must lie under. In the first iteration the guess $\alpha = 1.01/\lVert \nabla f \rVert$ decreases $f$ but the slope is still steep, so the search tries five times that step.

**Why BFGS needs so few steps.** The last two plots leave scipy for a bowl with a shape you choose: $f(x) = \tfrac{1}{2} x^\top A x$ in $n$ dimensions, with the eigenvalues of $A$ spread evenly from $1$ to the condition number $\kappa$. Three methods start from the same random point, and each takes the exact best step along its direction. *Steepest descent* goes straight downhill every time and zig-zags across the narrow valley. Its error in the energy norm $\lVert x - x^* \rVert_A$ shrinks by at most $\frac{\kappa - 1}{\kappa + 1}$ per step, so it needs about $\frac{\kappa}{2} \ln \frac{1}{\text{tol}}$ steps. The *conjugate gradient* method (CG) makes each new direction conjugate to all the earlier ones, and its error shrinks like

$$\lVert e_k \rVert_A \le 2 \left( \frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1} \right)^k \lVert e_0 \rVert_A,$$

about $\frac{\sqrt{\kappa}}{2} \ln \frac{2}{\text{tol}}$ steps. It is also exact after at most $n$ steps, one per distinct eigenvalue. BFGS started from $H = I$ with exact line searches takes the same steps as CG, so its curve lies on CG's.

At $\kappa = 100$ and tolerance $10^{-8}$, steepest descent needs about 900 steps and CG at most 96 (or $n$, if that is smaller). The last plot repeats the race for $\kappa$ from 1 to $10^4$, with the estimates dashed: one grows like $\kappa$, the other like $\sqrt{\kappa}$ until it meets the line $n$.

Try: lower `gtol` to $10^{-10}$ and watch the coordinates settle on $-h/2$; switch to the exact gradient; step back through the iterations with the toolbar (it steps both parts: BFGS on $x^2 + y^2 + z^2$ stops after a few iterations, steepest descent goes on for hundreds); raise $\kappa$ and watch steepest descent slow down while CG barely does; set $n = 5$ and see CG stop after 5 steps whatever $\kappa$ is; choose the worst start for steepest descent, where its error follows the bound exactly (and CG, which sees only two eigenvalues there, needs two steps)."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(NumericalOptimization::default()),
};

/// The demo's state: the controls, the BFGS run they give, and the iteration shown.
#[derive(Clone, Debug)]
pub struct NumericalOptimization {
    /// The starting point x₀.
    start: [f64; 3],
    /// How the gradient is obtained.
    gradient: GradientMode,
    /// The stopping tolerance on ‖∇f‖∞.
    gtol: f64,
    /// The whole run from x₀ to the last iterate.
    run: BfgsRun,
    /// Part 2: the condition number, dimension and start seed of the quadratic.
    kappa: f64,
    dimension: usize,
    seed: u64,
    /// True for the worst start of steepest descent instead of the seeded random one.
    worst_start: bool,
    /// Steepest descent, CG and BFGS on it, in [`Method::ALL`] order. Steepest descent's
    /// record may still be growing: see `steepest_pending`.
    quadratic_runs: Vec<ConvergenceRun>,
    /// Steepest descent's run while `work_chunk` still advances it.
    steepest_pending: Option<SteepestDescentDiagonal>,
    /// Iterations to the tolerance over a sweep of κ (depends on n and the seed only),
    /// computed a point at a time by `work_chunk`.
    sweep: Vec<SweepPoint>,
    /// The κ values of the sweep still to run.
    sweep_pending: Vec<f64>,
    /// The iteration shown, shared by both parts (BFGS's run is short: it shows its last
    /// iterate from there on).
    playhead: Playhead,
}

impl Default for NumericalOptimization {
    fn default() -> Self {
        let mut demo = NumericalOptimization {
            start: ARTICLE_START,
            gradient: GradientMode::ForwardDifference,
            gtol: DEFAULT_GTOL,
            run: BfgsRun {
                iterates: Vec::new(),
                status: BfgsStatus::Converged,
                function_evaluations: 0,
                gradient_evaluations: 0,
            },
            kappa: 100.0,
            dimension: 20,
            seed: 1,
            worst_start: false,
            quadratic_runs: Vec::new(),
            steepest_pending: None,
            sweep: Vec::new(),
            sweep_pending: Vec::new(),
            playhead: Playhead::default(),
        };
        demo.recompute();
        demo.recompute_quadratic();
        demo.recompute_sweep();
        demo.playhead = Playhead::at_end(demo.last_step());
        demo
    }
}

/// The URL value of a gradient mode.
fn gradient_key(mode: GradientMode) -> &'static str {
    match mode {
        GradientMode::ForwardDifference => "difference",
        GradientMode::RelativeForwardDifference => "relative",
        GradientMode::Exact => "exact",
    }
}

impl NumericalOptimization {
    pub fn run(&self) -> &BfgsRun {
        &self.run
    }

    pub fn gtol(&self) -> f64 {
        self.gtol
    }

    pub fn gradient_mode(&self) -> GradientMode {
        self.gradient
    }

    pub fn kappa(&self) -> f64 {
        self.kappa
    }

    pub fn dimension(&self) -> usize {
        self.dimension
    }

    pub fn quadratic_runs(&self) -> &[ConvergenceRun] {
        &self.quadratic_runs
    }

    pub fn sweep(&self) -> &[SweepPoint] {
        &self.sweep
    }

    /// The iteration on the toolbar (both parts).
    pub fn step(&self) -> usize {
        self.playhead.shown
    }

    /// The BFGS iteration shown: the toolbar's, or the run's last.
    pub fn shown(&self) -> usize {
        self.playhead.shown.min(self.run.iterations())
    }

    /// The last iteration of either part.
    fn last_step(&self) -> usize {
        self.quadratic_runs
            .iter()
            .map(|r| r.relative_errors.len() - 1)
            .chain(std::iter::once(self.run.iterations()))
            .max()
            .unwrap_or(0)
    }

    /// A method's error at the toolbar's iteration (its last one if it stopped earlier).
    pub fn quadratic_error_shown(&self, run: &ConvergenceRun) -> f64 {
        let last = run.relative_errors.len() - 1;
        run.relative_errors[self.step().min(last)]
    }

    /// The quadratic's start point as the math module takes it.
    pub fn start_point(&self) -> StartPoint {
        if self.worst_start {
            StartPoint::WorstForSteepestDescent
        } else {
            StartPoint::Random(self.seed)
        }
    }

    pub fn steepest_descent_bound(&self) -> usize {
        steepest_descent_bound(self.kappa, QUADRATIC_TOLERANCE)
    }

    pub fn conjugate_gradient_bound(&self) -> usize {
        conjugate_gradient_bound(self.kappa, QUADRATIC_TOLERANCE, self.dimension)
    }

    fn recompute_quadratic(&mut self) {
        let problem = QuadraticProblem::spread(self.dimension, self.kappa, self.start_point());
        self.steepest_pending = None;
        self.quadratic_runs = Method::ALL
            .iter()
            .map(|&method| match method {
                Method::SteepestDescent => {
                    match SteepestDescentDiagonal::start(
                        &problem,
                        QUADRATIC_TOLERANCE,
                        STEEPEST_DESCENT_CAP,
                    ) {
                        Some((mut state, mut run)) => {
                            if !state.advance(&mut run, STEEPEST_DESCENT_AT_ONCE) {
                                self.steepest_pending = Some(state);
                            }
                            run
                        }
                        None => {
                            run_method(method, &problem, QUADRATIC_TOLERANCE, STEEPEST_DESCENT_CAP)
                        }
                    }
                }
                _ => run_method(method, &problem, QUADRATIC_TOLERANCE, KRYLOV_CAP),
            })
            .collect();
        self.playhead.set_last(self.last_step());
    }

    /// Advances steepest descent's pending run by up to `iterations` (the playhead's end
    /// follows it); returns whether the run is complete.
    fn advance_steepest(&mut self, iterations: usize) -> bool {
        let Some(state) = &mut self.steepest_pending else {
            return true;
        };
        let finished = state.advance(&mut self.quadratic_runs[0], iterations);
        if finished {
            self.steepest_pending = None;
        }
        self.playhead.set_last(self.last_step());
        finished
    }

    /// True while steepest descent's run is still being computed.
    pub fn steepest_pending(&self) -> bool {
        self.steepest_pending.is_some()
    }

    /// Starts the sweep over: `work_chunk` runs it a κ at a time.
    fn recompute_sweep(&mut self) {
        self.sweep.clear();
        self.sweep_pending = sweep_kappas(KAPPA_RANGE.1);
        self.sweep_pending.reverse();
    }

    /// True while the sweep is still being computed.
    pub fn sweep_pending(&self) -> bool {
        !self.sweep_pending.is_empty()
    }

    pub fn shown_iterate(&self) -> &BfgsIterate {
        &self.run.iterates[self.shown()]
    }

    /// The line search the third plot shows: the one that led to the shown iterate, or from
    /// the start the first one; with the iteration it led to.
    pub fn shown_line_search(&self) -> Option<(usize, &LineSearchRecord)> {
        let k = self.shown().max(1);
        let iterate = self.run.iterates.get(k)?;
        Some((k, &iterate.line_search))
    }

    /// Reruns BFGS after a control changed, keeping the playhead's place.
    fn recompute(&mut self) {
        let options = BfgsOptions {
            gtol: self.gtol,
            ..BfgsOptions::scipy_defaults(3, self.gradient)
        };
        self.run = minimize_bfgs(
            &sum_of_squares,
            &sum_of_squares_gradient,
            &self.start,
            &options,
        );
        self.playhead.set_last(self.last_step());
    }

    /// What the status readout and the notice say about how the run ended.
    pub fn status_text(&self) -> String {
        let k = self.run.iterations();
        match self.run.status {
            BfgsStatus::Converged => "converged: ‖∇f‖∞ ≤ gtol".to_owned(),
            BfgsStatus::LineSearchFailed => {
                "stopped: the line search found no step (precision loss)".to_owned()
            }
            BfgsStatus::MaxIterations => format!("stopped after {k} iterations (maxiter)"),
            BfgsStatus::NotFinite => format!("stopped after {k} iterations: f is not finite"),
        }
    }
}

/// A method's key in readout names and its label.
pub fn method_names(method: Method) -> (&'static str, &'static str) {
    match method {
        Method::SteepestDescent => ("steepest-descent", "Steepest descent"),
        Method::ConjugateGradient => ("cg", "CG"),
        Method::Bfgs => ("bfgs", "BFGS"),
    }
}

impl Demo for NumericalOptimization {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "x0" => format_param_number(self.start[0]),
            "y0" => format_param_number(self.start[1]),
            "z0" => format_param_number(self.start[2]),
            "gradient" => gradient_key(self.gradient).to_owned(),
            "gtol" => format_param_number(self.gtol),
            "kappa" => format_param_number(self.kappa),
            "n" => self.dimension.to_string(),
            "seed" => self.seed.to_string(),
            "start" => if self.worst_start { "worst" } else { "random" }.to_owned(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "x0" | "y0" | "z0" => {
                let coordinate = parse_number(value, START_RANGE.0, START_RANGE.1)?;
                let index = match key {
                    "x0" => 0,
                    "y0" => 1,
                    _ => 2,
                };
                self.start[index] = coordinate;
            }
            "gradient" => {
                self.gradient = match parse_choice(value, GRADIENTS)? {
                    "relative" => GradientMode::RelativeForwardDifference,
                    "exact" => GradientMode::Exact,
                    _ => GradientMode::ForwardDifference,
                };
            }
            "gtol" => self.gtol = parse_number(value, GTOL_RANGE.0, GTOL_RANGE.1)?,
            "kappa" => {
                self.kappa = parse_number(value, KAPPA_RANGE.0, KAPPA_RANGE.1)?;
                self.recompute_quadratic();
                return Ok(());
            }
            "start" => {
                self.worst_start = parse_choice(value, STARTS)? == "worst";
                self.recompute_quadratic();
                self.recompute_sweep();
                return Ok(());
            }
            "n" | "seed" => {
                let (low, high) = if key == "n" {
                    DIMENSION_RANGE
                } else {
                    SEED_RANGE
                };
                let number = parse_integer(value, low, high)?;
                if key == "n" {
                    self.dimension = number as usize;
                } else {
                    self.seed = number as u64;
                }
                self.recompute_quadratic();
                self.recompute_sweep();
                return Ok(());
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        key != "seed" || !self.worst_start
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "gtol" if self.gradient != GradientMode::Exact => Some(format!(
                "the difference step adds h ≈ {} to each entry",
                format_number(crate::math::quasi_newton::SQRT_EPSILON)
            )),
            _ => None,
        }
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.last_step()
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn finish_last_step(&mut self) {
        self.advance_steepest(usize::MAX);
    }

    /// One iteration a frame while BFGS is still moving, then fast enough that steepest
    /// descent's thousands of iterations play in about four seconds.
    fn advance_frame(&mut self) -> bool {
        let per_frame = if self.playhead.shown < self.run.iterations() {
            1
        } else {
            self.last_step().div_ceil(240).max(1)
        };
        // Playing on while steepest descent is still computed: its run grows under the playhead.
        self.playhead.advance(per_frame) || self.steepest_pending.is_some()
    }

    fn readouts(&self) -> Vec<Readout> {
        let iterate = self.shown_iterate();
        let mut readouts = Vec::new();
        let mut push = |name: &str, label: &str, value: ReadoutValue| {
            readouts.push(Readout {
                name: name.to_owned(),
                label: label.to_owned(),
                value,
                group: String::new(),
            });
        };
        push("x", "x_k", tuple_readout(&iterate.x));
        push("fun", "f(x_k)", ReadoutValue::Number(iterate.f));
        push("jac", "∇f used", tuple_readout(&iterate.gradient));
        push(
            "grad-norm",
            "‖∇f‖∞",
            ReadoutValue::Number(iterate.gradient_norm),
        );
        let error: Vec<f64> = iterate
            .gradient
            .iter()
            .zip(&iterate.x)
            .map(|(g, x)| g - 2.0 * x)
            .collect();
        push("gradient-error", "∇f − 2x_k", tuple_readout(&error));
        push(
            "fd-step",
            "Step h",
            match self.gradient {
                GradientMode::Exact => ReadoutValue::Text("none (exact gradient)".into()),
                mode => tuple_readout(&difference_steps(&iterate.x, mode)),
            },
        );
        push(
            "step-length",
            "Step length α",
            if self.shown() == 0 {
                ReadoutValue::Text("none (the start)".into())
            } else {
                ReadoutValue::Number(iterate.step_length)
            },
        );
        push(
            "line-search-trials",
            "Line-search trials",
            ReadoutValue::Integer(iterate.line_search_trials as i64),
        );
        push(
            "nit",
            "Iteration k",
            ReadoutValue::Integer(self.shown() as i64),
        );
        // At the last iteration scipy's totals, which include a last search that failed.
        let at_end = self.shown() == self.run.iterations();
        let (nfev, njev) = if at_end {
            (self.run.function_evaluations, self.run.gradient_evaluations)
        } else {
            (iterate.function_evaluations, iterate.gradient_evaluations)
        };
        push("nfev", "nfev", ReadoutValue::Integer(nfev as i64));
        push("njev", "njev", ReadoutValue::Integer(njev as i64));
        push("status", "Result", ReadoutValue::Text(self.status_text()));
        let mut push = |name: String, label: String, value: ReadoutValue| {
            readouts.push(Readout {
                name,
                label,
                value,
                group: String::new(),
            });
        };
        // Per method: iterations to the tolerance, its bound (steepest descent and CG), and
        // the error at the toolbar's iteration.
        for run in &self.quadratic_runs {
            let (key, label) = method_names(run.method);
            let label = if run.method == Method::SteepestDescent {
                "Steepest"
            } else {
                label
            };
            push(
                format!("quadratic.{key}.iterations"),
                format!("{label}: iterations"),
                match run.iterations_to_tolerance {
                    Some(k) => ReadoutValue::Integer(k as i64),
                    None if run.method == Method::SteepestDescent
                        && self.steepest_pending.is_some() =>
                    {
                        ReadoutValue::Text(format!(
                            "more than {} (still computing)",
                            run.relative_errors.len() - 1
                        ))
                    }
                    None => {
                        ReadoutValue::Text(format!("more than {}", run.relative_errors.len() - 1))
                    }
                },
            );
            let bound = match run.method {
                Method::SteepestDescent => Some(self.steepest_descent_bound()),
                Method::ConjugateGradient => Some(self.conjugate_gradient_bound()),
                Method::Bfgs => None,
            };
            if let Some(bound) = bound {
                push(
                    format!("quadratic.{key}.bound"),
                    format!("{label}: bound"),
                    ReadoutValue::Integer(bound as i64),
                );
            }
            push(
                format!("quadratic.{key}.error"),
                format!("{label}: error at k"),
                ReadoutValue::Number(self.quadratic_error_shown(run)),
            );
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        match self.run.status {
            BfgsStatus::LineSearchFailed => vec![Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "After iteration {} no line search found a step (neither DCSRCH nor scipy's fallback, line_search_wolfe2): the differenced gradient is mostly rounding noise at this gtol. scipy reports “Desired error not necessarily achieved due to precision loss”; nfev and njev at the last iteration include the failed searches.",
                    self.run.iterations()
                ),
            }],
            BfgsStatus::MaxIterations | BfgsStatus::NotFinite => vec![Notice {
                level: NoticeLevel::Warning,
                text: self.status_text(),
            }],
            BfgsStatus::Converged => Vec::new(),
        }
    }

    fn work_chunk(&mut self) -> Option<f64> {
        if self.steepest_pending.is_some() {
            let finished = self.advance_steepest(STEEPEST_DESCENT_SLICE);
            // The bound κ/2·ln(1/tol) is close to the iterations needed (a random start
            // needs fewer): the bar's measure, not a promise.
            let expected = self.steepest_descent_bound().clamp(1, STEEPEST_DESCENT_CAP) as f64;
            let done = (self.quadratic_runs[0].relative_errors.len() - 1) as f64;
            return Some(if finished {
                1.0
            } else {
                (done / expected).min(0.99)
            });
        }
        let kappa = self.sweep_pending.pop()?;
        self.sweep.push(sweep_point(
            self.dimension,
            self.start_point(),
            kappa,
            QUADRATIC_TOLERANCE,
            STEEPEST_DESCENT_CAP,
            SWEEP_STEEPEST_KAPPA_MAX,
        ));
        let total = self.sweep.len() + self.sweep_pending.len();
        Some(self.sweep.len() as f64 / total as f64)
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        data::plot_table(self, plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        data::plot_description(self, plot)
    }
}
