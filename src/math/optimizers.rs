//! Optimizers, with the update rules exactly as documented for PyTorch's `torch.optim`, and the
//! 2-D race runner of the optimizer lab.
//!
//! The first-order rules ([`FirstOrderOptimizer`]) work on parameter slices of any length, so the
//! neural-network lab reuses them on thousands of weights. They follow the pseudo-code of the
//! PyTorch documentation with `weight_decay = 0`, `maximize = False`, `dampening = 0`,
//! `amsgrad = False`, `centered = False`, `lr_decay = 0` and `initial_accumulator_value = 0`;
//! `g_t` is the gradient at step `t = 1, 2, …` and every operation is element-wise:
//!
//! | optimizer | PyTorch class | update |
//! |---|---|---|
//! | SGD | `SGD(momentum=0)` | `θ ← θ − lr·g` |
//! | Momentum | `SGD(momentum=μ)` | `b₁ = g₁`, `b_t = μ b_{t−1} + g_t`; `θ ← θ − lr·b_t` |
//! | Nesterov | `SGD(momentum=μ, nesterov=True)` | `b_t` as above; `θ ← θ − lr·(g_t + μ b_t)` |
//! | AdaGrad | `Adagrad(eps=1e-10)` | `s ← s + g²`; `θ ← θ − lr·g/(√s + eps)` |
//! | RMSProp | `RMSprop(alpha=0.99, eps=1e-8)` | `v ← α v + (1−α) g²`; `θ ← θ − lr·g/(√v + eps)` |
//! | Adam | `Adam(betas=(0.9, 0.999), eps=1e-8)` | `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`; `θ ← θ − lr·m̂/(√v̂ + eps)` |
//!
//! Three line-search and curvature methods exist only in 2-D, where they see the whole objective:
//! pure Newton (`θ ← θ − H⁻¹g`, unit step, the 2×2 Hessian inverted), L-BFGS (memory 10,
//! two-loop recursion with `H₀ = γI`, `γ = sᵀy/yᵀy`, Armijo backtracking from step 1; a pair
//! failing the curvature condition `sᵀy > 1e-10` is skipped and the memory restarted) and
//! nonlinear conjugate gradient (Polak–Ribière+, `β = max(0, gₖᵀ(gₖ − gₖ₋₁)/‖gₖ₋₁‖²)`, restarted
//! with steepest descent every 2 steps and whenever `d` is not a descent direction; the step
//! length is exact on quadratic surfaces and otherwise satisfies the strong Wolfe conditions,
//! found by Nocedal & Wright's Algorithms 3.5 and 3.6 with `c₁ = 1e-4`, `c₂ = 0.1`, see
//! [`strong_wolfe_line_search`]). All three use the exact gradient: the lab's gradient noise,
//! which imitates mini-batches, is applied to the six stepping rules only.

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::StandardNormal;

use crate::math::surfaces::{Domain, Surface};

/// The knobs of every optimizer. Each optimizer reads only the fields it uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyperparameters {
    /// `lr`, the step size of every first-order method (Newton and L-BFGS ignore it).
    pub learning_rate: f64,
    /// `μ` of Momentum and Nesterov.
    pub momentum: f64,
    /// Adam's `β₁`, the decay of the gradient average.
    pub beta1: f64,
    /// Adam's `β₂`, the decay of the squared-gradient average.
    pub beta2: f64,
    /// RMSProp's `α`, the decay of the squared-gradient average.
    pub rmsprop_alpha: f64,
    /// AdaGrad's `eps` (PyTorch default 1e-10).
    pub adagrad_eps: f64,
    /// RMSProp's `eps` (PyTorch default 1e-8).
    pub rmsprop_eps: f64,
    /// Adam's `eps` (PyTorch default 1e-8).
    pub adam_eps: f64,
    /// Decoupled weight decay `λ` of AdamW (`torch.optim.AdamW`'s `weight_decay`, whose
    /// default there is 0.01): before Adam's step every parameter shrinks by `θ ← θ(1 − η λ)`.
    /// 0, the default here, is plain Adam; the other optimizers ignore it.
    pub adamw_weight_decay: f64,
}

impl Default for Hyperparameters {
    /// `lr = 0.01`, `μ = 0.9`, and PyTorch's defaults for the rest.
    fn default() -> Self {
        Hyperparameters {
            learning_rate: 0.01,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            rmsprop_alpha: 0.99,
            adagrad_eps: 1e-10,
            rmsprop_eps: 1e-8,
            adam_eps: 1e-8,
            adamw_weight_decay: 0.0,
        }
    }
}

/// The optimizers of the lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    Sgd,
    Momentum,
    Nesterov,
    AdaGrad,
    RmsProp,
    Adam,
    Newton,
    Lbfgs,
    ConjugateGradient,
}

impl OptimizerKind {
    /// Every kind, in the order the lab lists them.
    pub const ALL: [OptimizerKind; 9] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Nesterov,
        OptimizerKind::AdaGrad,
        OptimizerKind::RmsProp,
        OptimizerKind::Adam,
        OptimizerKind::Newton,
        OptimizerKind::Lbfgs,
        OptimizerKind::ConjugateGradient,
    ];

    /// The value used in URLs.
    pub fn id(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "sgd",
            OptimizerKind::Momentum => "momentum",
            OptimizerKind::Nesterov => "nesterov",
            OptimizerKind::AdaGrad => "adagrad",
            OptimizerKind::RmsProp => "rmsprop",
            OptimizerKind::Adam => "adam",
            OptimizerKind::Newton => "newton",
            OptimizerKind::Lbfgs => "lbfgs",
            OptimizerKind::ConjugateGradient => "cg",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => "SGD",
            OptimizerKind::Momentum => "Momentum",
            OptimizerKind::Nesterov => "Nesterov",
            OptimizerKind::AdaGrad => "AdaGrad",
            OptimizerKind::RmsProp => "RMSProp",
            OptimizerKind::Adam => "Adam",
            OptimizerKind::Newton => "Newton",
            OptimizerKind::Lbfgs => "L-BFGS",
            OptimizerKind::ConjugateGradient => "CG",
        }
    }

    /// The inverse of [`OptimizerKind::id`].
    pub fn from_id(id: &str) -> Option<OptimizerKind> {
        OptimizerKind::ALL.into_iter().find(|kind| kind.id() == id)
    }

    /// Whether the method is a stepping rule on gradients alone, which works on any number of
    /// parameters ([`FirstOrderOptimizer`]). Newton, L-BFGS and conjugate gradient are not: they
    /// need the whole 2-D objective (its Hessian, or values along a line for a line search).
    pub fn is_first_order(self) -> bool {
        !matches!(
            self,
            OptimizerKind::Newton | OptimizerKind::Lbfgs | OptimizerKind::ConjugateGradient
        )
    }

    /// The update rule in LaTeX, for the explanation panel.
    pub fn latex_update_rule(self) -> &'static str {
        match self {
            OptimizerKind::Sgd => r"\theta_t = \theta_{t-1} - \eta\, g_t",
            OptimizerKind::Momentum => {
                r"b_t = \mu\, b_{t-1} + g_t, \quad \theta_t = \theta_{t-1} - \eta\, b_t"
            }
            OptimizerKind::Nesterov => {
                r"b_t = \mu\, b_{t-1} + g_t, \quad \theta_t = \theta_{t-1} - \eta\,(g_t + \mu\, b_t)"
            }
            OptimizerKind::AdaGrad => {
                r"s_t = s_{t-1} + g_t^2, \quad \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{\sqrt{s_t} + \epsilon}"
            }
            OptimizerKind::RmsProp => {
                r"v_t = \alpha\, v_{t-1} + (1-\alpha)\, g_t^2, \quad \theta_t = \theta_{t-1} - \eta\, \frac{g_t}{\sqrt{v_t} + \epsilon}"
            }
            OptimizerKind::Adam => {
                r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \quad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2, \quad \hat m_t = \frac{m_t}{1-\beta_1^t}, \quad \hat v_t = \frac{v_t}{1-\beta_2^t}, \quad \theta_t = \theta_{t-1} - \eta\, \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}"
            }
            OptimizerKind::Newton => {
                r"\theta_t = \theta_{t-1} - H(\theta_{t-1})^{-1}\, \nabla f(\theta_{t-1})"
            }
            OptimizerKind::Lbfgs => {
                r"\theta_t = \theta_{t-1} - \alpha_t\, B_t^{-1} \nabla f(\theta_{t-1}), \quad B_t^{-1} \text{ from the last } m = 10 \text{ pairs } (s_i, y_i), \quad \alpha_t \text{ by Armijo backtracking}"
            }
            OptimizerKind::ConjugateGradient => {
                r"d_t = -g_t + \beta_t\, d_{t-1}, \quad \beta_t = \max\left(0, \frac{g_t^\top (g_t - g_{t-1})}{\lVert g_{t-1} \rVert^2}\right), \quad \theta_t = \theta_{t-1} + \alpha_t\, d_t, \quad \alpha_t \text{ exact on a quadratic, else strong Wolfe}"
            }
        }
    }

    /// Position in [`OptimizerKind::ALL`]; used to give each kind its own noise stream.
    fn index(self) -> usize {
        OptimizerKind::ALL
            .iter()
            .position(|&kind| kind == self)
            .unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------------------------
// First-order optimizers on slices of any length
// ---------------------------------------------------------------------------------------------

/// State of one first-order optimizer over `n` parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct FirstOrderOptimizer {
    kind: OptimizerKind,
    /// Momentum buffer `b` (Momentum, Nesterov) or first moment `m` (Adam); empty otherwise.
    first_moment: Vec<f64>,
    /// Accumulator `s` (AdaGrad) or second moment `v` (RMSProp, Adam); empty otherwise.
    second_moment: Vec<f64>,
    steps_taken: usize,
}

impl FirstOrderOptimizer {
    /// A fresh optimizer for `parameter_count` parameters, or `None` when `kind` is not a
    /// first-order method (Newton and L-BFGS need the whole objective, see [`run_trajectory`]).
    pub fn new(kind: OptimizerKind, parameter_count: usize) -> Option<Self> {
        if !kind.is_first_order() {
            return None;
        }
        let mut optimizer = FirstOrderOptimizer {
            kind,
            first_moment: Vec::new(),
            second_moment: Vec::new(),
            steps_taken: 0,
        };
        optimizer.allocate_state(parameter_count);
        Some(optimizer)
    }

    pub fn kind(&self) -> OptimizerKind {
        self.kind
    }

    /// The number of calls to [`FirstOrderOptimizer::step`] since creation or the last reset.
    pub fn steps_taken(&self) -> usize {
        self.steps_taken
    }

    /// The momentum buffer or first moment (empty for optimizers without one), for
    /// checkpoints that carry the exact state of a run.
    pub fn first_moment(&self) -> &[f64] {
        &self.first_moment
    }

    /// The accumulator or second moment (empty for optimizers without one).
    pub fn second_moment(&self) -> &[f64] {
        &self.second_moment
    }

    /// An optimizer resumed from a saved state (see [`FirstOrderOptimizer::first_moment`]),
    /// or `None` when `kind` is not first-order or a moment's length is not the one `kind`
    /// keeps for `parameter_count` parameters.
    pub fn from_state(
        kind: OptimizerKind,
        parameter_count: usize,
        first_moment: Vec<f64>,
        second_moment: Vec<f64>,
        steps_taken: usize,
    ) -> Option<Self> {
        let fresh = Self::new(kind, parameter_count)?;
        if fresh.first_moment.len() != first_moment.len()
            || fresh.second_moment.len() != second_moment.len()
        {
            return None;
        }
        Some(FirstOrderOptimizer {
            kind,
            first_moment,
            second_moment,
            steps_taken,
        })
    }

    /// Forgets all accumulated state, as if freshly created.
    pub fn reset(&mut self) {
        self.first_moment.iter_mut().for_each(|value| *value = 0.0);
        self.second_moment.iter_mut().for_each(|value| *value = 0.0);
        self.steps_taken = 0;
    }

    /// Applies one update to `parameters` given `gradient` (of the same length).
    ///
    /// If `parameters` has a different length than the optimizer was made for, the state is
    /// reallocated from zero for the new length instead of panicking; a `gradient` of the wrong
    /// length updates only the leading parameters both slices share.
    pub fn step(&mut self, parameters: &mut [f64], gradient: &[f64], hyper: &Hyperparameters) {
        debug_assert_eq!(
            parameters.len(),
            gradient.len(),
            "one gradient component per parameter"
        );
        if let Some(length) = self.state_length()
            && length != parameters.len()
        {
            self.allocate_state(parameters.len());
            self.steps_taken = 0;
        }
        self.steps_taken += 1;
        let lr = hyper.learning_rate;
        match self.kind {
            OptimizerKind::Sgd => {
                for (theta, &g) in parameters.iter_mut().zip(gradient) {
                    *theta -= lr * g;
                }
            }
            OptimizerKind::Momentum | OptimizerKind::Nesterov => {
                let mu = hyper.momentum;
                let nesterov = self.kind == OptimizerKind::Nesterov;
                for ((theta, &g), buffer) in parameters
                    .iter_mut()
                    .zip(gradient)
                    .zip(&mut self.first_moment)
                {
                    // With dampening 0 and a zero initial buffer, b₁ = μ·0 + g₁ = g₁ as PyTorch's
                    // "b₁ = g₁" special case says.
                    *buffer = mu * *buffer + g;
                    let direction = if nesterov { g + mu * *buffer } else { *buffer };
                    *theta -= lr * direction;
                }
            }
            OptimizerKind::AdaGrad => {
                let eps = hyper.adagrad_eps;
                for ((theta, &g), sum) in parameters
                    .iter_mut()
                    .zip(gradient)
                    .zip(&mut self.second_moment)
                {
                    *sum += g * g;
                    *theta -= lr * g / (sum.sqrt() + eps);
                }
            }
            OptimizerKind::RmsProp => {
                let (alpha, eps) = (hyper.rmsprop_alpha, hyper.rmsprop_eps);
                for ((theta, &g), average) in parameters
                    .iter_mut()
                    .zip(gradient)
                    .zip(&mut self.second_moment)
                {
                    *average = alpha * *average + (1.0 - alpha) * g * g;
                    *theta -= lr * g / (average.sqrt() + eps);
                }
            }
            OptimizerKind::Adam => {
                let (beta1, beta2, eps) = (hyper.beta1, hyper.beta2, hyper.adam_eps);
                // t counts from 1; saturating keeps powi's argument an i32 on absurdly long runs.
                let t = i32::try_from(self.steps_taken).unwrap_or(i32::MAX);
                let bias_correction1 = 1.0 - beta1.powi(t);
                let bias_correction2 = 1.0 - beta2.powi(t);
                // AdamW decays the parameter before the Adam step and apart from the gradient
                // (Loshchilov & Hutter), so the decay is not divided by √v̂ as an L2 term is.
                let decay = 1.0 - lr * hyper.adamw_weight_decay;
                let decoupled = hyper.adamw_weight_decay != 0.0;
                let moments = self.first_moment.iter_mut().zip(&mut self.second_moment);
                for ((theta, &g), (m, v)) in parameters.iter_mut().zip(gradient).zip(moments) {
                    if decoupled {
                        *theta *= decay;
                    }
                    *m = beta1 * *m + (1.0 - beta1) * g;
                    *v = beta2 * *v + (1.0 - beta2) * g * g;
                    let m_hat = *m / bias_correction1;
                    let v_hat = *v / bias_correction2;
                    *theta -= lr * m_hat / (v_hat.sqrt() + eps);
                }
            }
            // Unreachable: `new` refuses the kinds that need the whole objective.
            OptimizerKind::Newton | OptimizerKind::Lbfgs | OptimizerKind::ConjugateGradient => {}
        }
    }

    /// Sizes the buffers this kind needs; kinds without state keep empty vectors.
    fn allocate_state(&mut self, parameter_count: usize) {
        let (needs_first, needs_second) = match self.kind {
            OptimizerKind::Momentum | OptimizerKind::Nesterov => (true, false),
            OptimizerKind::AdaGrad | OptimizerKind::RmsProp => (false, true),
            OptimizerKind::Adam => (true, true),
            _ => (false, false),
        };
        self.first_moment = vec![0.0; if needs_first { parameter_count } else { 0 }];
        self.second_moment = vec![0.0; if needs_second { parameter_count } else { 0 }];
    }

    /// The parameter count the state was sized for, or `None` for stateless SGD.
    fn state_length(&self) -> Option<usize> {
        match self.kind {
            OptimizerKind::Momentum | OptimizerKind::Nesterov => Some(self.first_moment.len()),
            OptimizerKind::AdaGrad | OptimizerKind::RmsProp | OptimizerKind::Adam => {
                Some(self.second_moment.len())
            }
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The 2-D race
// ---------------------------------------------------------------------------------------------

/// Gaussian noise added to each gradient component, imitating mini-batch gradients.
///
/// A standard deviation of 0 gives the exact gradient and draws no random numbers. Each
/// optimizer draws from its own ChaCha8 stream, selected by `(seed, optimizer kind)`, so switching
/// one optimizer on or off never changes another's path. Newton and L-BFGS ignore the noise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GradientNoise {
    pub standard_deviation: f64,
    pub seed: u64,
}

impl GradientNoise {
    /// The exact gradient.
    pub const NONE: GradientNoise = GradientNoise {
        standard_deviation: 0.0,
        seed: 0,
    };

    fn is_active(&self) -> bool {
        self.standard_deviation > 0.0 && self.standard_deviation.is_finite()
    }
}

/// How a trajectory ended (or that it has not).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// All requested steps were taken without meeting a stopping condition.
    Running,
    /// The gradient norm at iterate `step` (the last stored point) fell below
    /// [`CONVERGENCE_GRADIENT_NORM`].
    Converged { step: usize },
    /// Iterate `step` left the [`DivergenceBox`], or its value or gradient was not finite, or
    /// `|f| > 10¹²`. It is stored as the last point only if point, value and gradient are finite.
    Diverged { step: usize },
    /// The method could not take step `step + 1` from iterate `step` (the last stored point).
    Stopped { step: usize, reason: StopReason },
}

/// Why Newton, L-BFGS or conjugate gradient gave up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// Newton's Hessian is (numerically) singular, so `H⁻¹g` does not exist.
    SingularHessian,
    /// The line search found no acceptable step: L-BFGS none satisfying the Armijo condition
    /// after 30 halvings, conjugate gradient none satisfying the strong Wolfe conditions within
    /// [`WOLFE_MAX_TRIALS`] trial steps.
    LineSearchFailed,
}

/// The path of one optimizer. All vectors have the same length and hold only finite numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    pub kind: OptimizerKind,
    /// `points[0]` is the start, `points[k]` the iterate after `k` steps.
    pub points: Vec<[f64; 2]>,
    /// `f(points[k])`.
    pub losses: Vec<f64>,
    /// `‖∇f(points[k])‖` of the exact gradient (without noise).
    pub gradient_norms: Vec<f64>,
    /// Conjugate gradient only (empty for the others): `line_searches[k]` is how the step from
    /// `points[k]` to `points[k + 1]` was found.
    pub line_searches: Vec<LineSearchStep>,
    pub outcome: Outcome,
}

/// How conjugate gradient found one step `θ + α d`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineSearchStep {
    /// The step length `α`.
    pub step_length: f64,
    /// `β` of the direction `d = −g + β d_prev`: 0 at a restart (or when PR+ clips it).
    pub beta: f64,
    /// Whether `d` is the steepest descent `−g` because CG restarted (every
    /// [`CG_RESTART_INTERVAL`] steps, or when the conjugate direction pointed uphill).
    pub restarted: bool,
    /// Whether `α` is the closed-form minimum along the line of a quadratic (else strong Wolfe).
    pub exact: bool,
    /// Evaluations of `f` and `∇f` together this step cost: the line search's trial points (the
    /// accepted one is the new iterate), or 1 for an exact step (the new iterate's gradient; the
    /// exact step also uses one Hessian-vector product).
    pub evaluations: usize,
}

/// A function of two variables with exact first and second derivatives.
pub trait Objective2d {
    fn value(&self, p: [f64; 2]) -> f64;
    fn gradient(&self, p: [f64; 2]) -> [f64; 2];
    fn hessian(&self, p: [f64; 2]) -> [[f64; 2]; 2];

    /// Value and gradient together; override when one evaluation can give both.
    fn value_and_gradient(&self, p: [f64; 2]) -> (f64, [f64; 2]) {
        (self.value(p), self.gradient(p))
    }

    /// Whether the Hessian is the same everywhere (a quadratic), so that the minimum of `f`
    /// along a line has a closed form and conjugate gradient's line search can be exact.
    fn has_constant_hessian(&self) -> bool {
        false
    }
}

impl Objective2d for Surface {
    fn value(&self, p: [f64; 2]) -> f64 {
        Surface::value(self, p[0], p[1])
    }

    fn gradient(&self, p: [f64; 2]) -> [f64; 2] {
        Surface::gradient(self, p[0], p[1])
    }

    fn hessian(&self, p: [f64; 2]) -> [[f64; 2]; 2] {
        Surface::hessian(self, p[0], p[1])
    }

    fn value_and_gradient(&self, p: [f64; 2]) -> (f64, [f64; 2]) {
        Surface::value_and_gradient(self, p[0], p[1])
    }

    fn has_constant_hessian(&self) -> bool {
        Surface::has_constant_hessian(self)
    }
}

/// Where a run counts as diverged: outside `domain` enlarged 10× about its centre, or at a
/// non-finite value or gradient, or where `|f|` exceeds [`DIVERGENCE_VALUE_LIMIT`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DivergenceBox {
    pub domain: Domain,
}

/// How much larger than the plotting window the divergence box is.
pub const DIVERGENCE_BOX_SCALE: f64 = 10.0;

/// Beyond this loss magnitude a run counts as diverged.
pub const DIVERGENCE_VALUE_LIMIT: f64 = 1e12;

/// Below this gradient norm a run counts as converged and stops.
pub const CONVERGENCE_GRADIENT_NORM: f64 = 1e-10;

/// L-BFGS: number of `(s, y)` pairs remembered.
pub const LBFGS_MEMORY: usize = 10;
/// L-BFGS: the sufficient-decrease constant `c₁` of the Armijo condition.
pub const ARMIJO_C1: f64 = 1e-4;
/// L-BFGS: how many times the trial step 1 is halved before giving up.
pub const LINE_SEARCH_HALVINGS: usize = 30;
/// L-BFGS: a pair is kept only if `sᵀy` exceeds this (the curvature condition).
pub const CURVATURE_THRESHOLD: f64 = 1e-10;
/// Newton: `|det H|` below this times the squared largest Hessian entry counts as singular.
pub const SINGULAR_DETERMINANT_RELATIVE: f64 = 1e-12;
/// Conjugate gradient: the sufficient-decrease constant `c₁` of the strong Wolfe conditions.
pub const WOLFE_C1: f64 = 1e-4;
/// Conjugate gradient: the curvature constant `c₂` of the strong Wolfe conditions, the 0.1
/// Nocedal & Wright suggest for nonlinear CG. With `c₂ < ½` Fletcher–Reeves' next direction is
/// always one of descent (their Lemma 5.6); Polak–Ribière+ has no such guarantee, hence its
/// descent check and restart.
pub const WOLFE_C2: f64 = 0.1;
/// Conjugate gradient: how many trial steps (bracketing and zooming together) the strong Wolfe
/// search may evaluate before it reports [`StopReason::LineSearchFailed`].
pub const WOLFE_MAX_TRIALS: usize = 60;
/// Conjugate gradient: values of `f` along the line that differ by less than this times `|f(θ)|`
/// count as equal (the rounding error of evaluating `f`, which adds and cancels terms larger
/// than `f` itself, with a margin). Near a minimum the decrease a step can make, about
/// `‖g‖²/2λ`, falls below that rounding while the slopes are still accurate; comparing values
/// exactly would then make the search fail at random (it did on the six-hump camel and
/// Rastrigin at 1e-14), so the decisions there are left to the slopes, as in Hager & Zhang's
/// approximate Wolfe conditions.
pub const LINE_SEARCH_VALUE_ROUNDING: f64 = 1e-12;
/// Conjugate gradient: the longest step `‖α d‖` the line search tries. Farther than any plotted
/// window's divergence box, so a surface unbounded below along `d` (the saddle) diverges.
pub const LINE_SEARCH_MAX_STEP_LENGTH: f64 = 1e4;
/// Conjugate gradient restarts with steepest descent every this many steps: `n = 2`, the
/// dimension, after which a quadratic is solved and the conjugacy of older directions is lost.
pub const CG_RESTART_INTERVAL: usize = 2;

impl DivergenceBox {
    /// The box for a surface's plotting window.
    pub fn around(domain: Domain) -> DivergenceBox {
        DivergenceBox { domain }
    }

    /// Whether an iterate with this value and gradient counts as diverged.
    pub fn is_diverged(&self, point: [f64; 2], value: f64, gradient: [f64; 2]) -> bool {
        let enlarged = self.domain.scaled_about_centre(DIVERGENCE_BOX_SCALE);
        !enlarged.contains(point)
            || !value.is_finite()
            || value.abs() > DIVERGENCE_VALUE_LIMIT
            || !gradient[0].is_finite()
            || !gradient[1].is_finite()
    }
}

/// Runs one optimizer for up to `steps` steps from `start`.
///
/// The run ends early when the gradient norm falls below [`CONVERGENCE_GRADIENT_NORM`]
/// (stepping on is pointless), at divergence, or when Newton or L-BFGS cannot step. Only finite
/// numbers are stored, so a NaN never reaches a readout; a start whose value or gradient is not
/// finite gives empty vectors and `Diverged { step: 0 }`.
///
/// Newton takes the pure, unit step `θ ← θ − H⁻¹g`: it lands on a quadratic's minimum in one
/// step, and for the same reason it jumps to *any* stationary point of the local quadratic
/// model, including saddles and maxima (try it on the saddle or near Himmelblau's central
/// maximum). Gradient noise applies to the first-order methods only.
pub fn run_trajectory(
    kind: OptimizerKind,
    objective: &impl Objective2d,
    start: [f64; 2],
    hyper: &Hyperparameters,
    steps: usize,
    noise: GradientNoise,
    divergence: &DivergenceBox,
) -> Trajectory {
    let mut trajectory = Trajectory {
        kind,
        points: Vec::with_capacity(steps + 1),
        losses: Vec::with_capacity(steps + 1),
        gradient_norms: Vec::with_capacity(steps + 1),
        line_searches: Vec::new(),
        outcome: Outcome::Running,
    };
    let (mut value, mut gradient) = objective.value_and_gradient(start);
    let all_finite = start
        .iter()
        .chain(&gradient)
        .all(|number| number.is_finite())
        && value.is_finite();
    if !all_finite {
        trajectory.outcome = Outcome::Diverged { step: 0 };
        return trajectory;
    }
    trajectory.record(start, value, gradient);
    if divergence.is_diverged(start, value, gradient) {
        trajectory.outcome = Outcome::Diverged { step: 0 };
        return trajectory;
    }

    let mut stepper = Stepper::new(kind, noise);
    let mut point = start;
    for step in 1..=steps {
        if norm(gradient) < CONVERGENCE_GRADIENT_NORM {
            trajectory.outcome = Outcome::Converged { step: step - 1 };
            return trajectory;
        }
        let next = match stepper.next_point(objective, point, value, gradient, hyper) {
            Ok(next) => next,
            Err(reason) => {
                trajectory.outcome = Outcome::Stopped {
                    step: step - 1,
                    reason,
                };
                return trajectory;
            }
        };
        let (next_value, next_gradient) = objective.value_and_gradient(next);
        let finite = next
            .iter()
            .chain(&next_gradient)
            .all(|number| number.is_finite())
            && next_value.is_finite();
        if finite {
            trajectory.record(next, next_value, next_gradient);
            if let Stepper::ConjugateGradient(state) = &stepper
                && let Some(search) = state.last_search
            {
                trajectory.line_searches.push(search);
            }
        }
        if !finite || divergence.is_diverged(next, next_value, next_gradient) {
            trajectory.outcome = Outcome::Diverged { step };
            return trajectory;
        }
        stepper.accept(next, next_gradient);
        (point, value, gradient) = (next, next_value, next_gradient);
    }
    if norm(gradient) < CONVERGENCE_GRADIENT_NORM {
        trajectory.outcome = Outcome::Converged {
            step: trajectory.points.len() - 1,
        };
    }
    trajectory
}

impl Trajectory {
    fn record(&mut self, point: [f64; 2], value: f64, gradient: [f64; 2]) {
        self.points.push(point);
        self.losses.push(value);
        self.gradient_norms.push(norm(gradient));
    }
}

fn norm(v: [f64; 2]) -> f64 {
    v[0].hypot(v[1])
}

fn dot(a: [f64; 2], b: [f64; 2]) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}

/// The per-method state of a 2-D run.
enum Stepper {
    FirstOrder {
        optimizer: FirstOrderOptimizer,
        /// The noise generator and standard deviation; boxed because the ChaCha state is large.
        noise: Option<Box<(ChaCha8Rng, f64)>>,
    },
    Newton,
    Lbfgs(LbfgsState),
    ConjugateGradient(ConjugateGradientState),
}

impl Stepper {
    fn new(kind: OptimizerKind, noise: GradientNoise) -> Stepper {
        match FirstOrderOptimizer::new(kind, 2) {
            Some(optimizer) => {
                let noise = noise.is_active().then(|| {
                    let mut rng = ChaCha8Rng::seed_from_u64(noise.seed);
                    // One ChaCha stream per optimizer: the same seed, independent sequences.
                    rng.set_stream(kind.index() as u64);
                    Box::new((rng, noise.standard_deviation))
                });
                Stepper::FirstOrder { optimizer, noise }
            }
            None if kind == OptimizerKind::Newton => Stepper::Newton,
            None if kind == OptimizerKind::ConjugateGradient => {
                Stepper::ConjugateGradient(ConjugateGradientState::default())
            }
            None => Stepper::Lbfgs(LbfgsState::default()),
        }
    }

    fn next_point(
        &mut self,
        objective: &impl Objective2d,
        point: [f64; 2],
        value: f64,
        gradient: [f64; 2],
        hyper: &Hyperparameters,
    ) -> Result<[f64; 2], StopReason> {
        match self {
            Stepper::FirstOrder { optimizer, noise } => {
                let mut observed = gradient;
                if let Some(source) = noise {
                    let (rng, standard_deviation) = &mut **source;
                    for component in &mut observed {
                        let standard_normal: f64 = rng.sample(StandardNormal);
                        *component += *standard_deviation * standard_normal;
                    }
                }
                let mut next = point;
                optimizer.step(&mut next, &observed, hyper);
                Ok(next)
            }
            Stepper::Newton => newton_step(objective.hessian(point), point, gradient),
            Stepper::Lbfgs(state) => state.next_point(objective, point, value, gradient),
            Stepper::ConjugateGradient(state) => {
                state.next_point(objective, point, value, gradient)
            }
        }
    }

    /// Tells the method which point was accepted, with its gradient.
    fn accept(&mut self, point: [f64; 2], gradient: [f64; 2]) {
        if let Stepper::Lbfgs(state) = self {
            state.accept(point, gradient);
        }
    }
}

/// `θ − H⁻¹g` by the explicit 2×2 inverse, or an error if `H` is numerically singular.
fn newton_step(
    hessian: [[f64; 2]; 2],
    point: [f64; 2],
    gradient: [f64; 2],
) -> Result<[f64; 2], StopReason> {
    let [[a, b], [c, d]] = hessian;
    let determinant = a * d - b * c;
    let largest_entry = a.abs().max(b.abs()).max(c.abs()).max(d.abs());
    // Relative test: scaling f by s scales det by s², so compare with the squared entry size.
    let threshold = SINGULAR_DETERMINANT_RELATIVE * largest_entry * largest_entry;
    if !determinant.is_finite() || determinant.abs() <= threshold {
        return Err(StopReason::SingularHessian);
    }
    let step_x = (d * gradient[0] - b * gradient[1]) / determinant;
    let step_y = (a * gradient[1] - c * gradient[0]) / determinant;
    Ok([point[0] - step_x, point[1] - step_y])
}

/// L-BFGS memory and the iterate the last line search started from.
#[derive(Default)]
struct LbfgsState {
    /// `(s, y, ρ = 1/sᵀy)`, oldest first.
    pairs: Vec<([f64; 2], [f64; 2], f64)>,
    /// The point and gradient the pending step started from.
    previous: Option<([f64; 2], [f64; 2])>,
}

impl LbfgsState {
    fn next_point(
        &mut self,
        objective: &impl Objective2d,
        point: [f64; 2],
        value: f64,
        gradient: [f64; 2],
    ) -> Result<[f64; 2], StopReason> {
        let mut direction = self.two_loop_direction(gradient);
        let mut slope = dot(gradient, direction);
        if slope.is_nan() || slope >= 0.0 {
            // Not a descent direction (rounding after many pairs): restart from steepest descent.
            self.pairs.clear();
            direction = [-gradient[0], -gradient[1]];
            slope = dot(gradient, direction);
        }
        self.previous = Some((point, gradient));
        let mut step_length = 1.0;
        for _ in 0..=LINE_SEARCH_HALVINGS {
            let trial = [
                point[0] + step_length * direction[0],
                point[1] + step_length * direction[1],
            ];
            let trial_value = objective.value(trial);
            // Armijo: f(x + t d) ≤ f(x) + c₁ t ∇fᵀd. A NaN trial value fails the test and halves.
            if trial_value <= value + ARMIJO_C1 * step_length * slope {
                return Ok(trial);
            }
            step_length *= 0.5;
        }
        Err(StopReason::LineSearchFailed)
    }

    /// `−H g` by the two-loop recursion, with `H₀ = γI`, `γ = sᵀy / yᵀy` of the newest pair.
    fn two_loop_direction(&self, gradient: [f64; 2]) -> [f64; 2] {
        let mut q = gradient;
        let mut alphas = [0.0; LBFGS_MEMORY];
        for (index, &(s, y, rho)) in self.pairs.iter().enumerate().rev() {
            let alpha = rho * dot(s, q);
            alphas[index] = alpha;
            q = [q[0] - alpha * y[0], q[1] - alpha * y[1]];
        }
        let gamma = match self.pairs.last() {
            Some(&(s, y, _)) => dot(s, y) / dot(y, y),
            None => 1.0,
        };
        let mut r = [gamma * q[0], gamma * q[1]];
        for (index, &(s, y, rho)) in self.pairs.iter().enumerate() {
            let beta = rho * dot(y, r);
            let correction = alphas[index] - beta;
            r = [r[0] + correction * s[0], r[1] + correction * s[1]];
        }
        [-r[0], -r[1]]
    }

    fn accept(&mut self, point: [f64; 2], gradient: [f64; 2]) {
        let Some((previous_point, previous_gradient)) = self.previous.take() else {
            return;
        };
        let s = [point[0] - previous_point[0], point[1] - previous_point[1]];
        let y = [
            gradient[0] - previous_gradient[0],
            gradient[1] - previous_gradient[1],
        ];
        let curvature = dot(s, y);
        if curvature > CURVATURE_THRESHOLD {
            if self.pairs.len() == LBFGS_MEMORY {
                self.pairs.remove(0);
            }
            self.pairs.push((s, y, 1.0 / curvature));
        } else {
            // Without positive curvature the update would make the inverse Hessian indefinite, so
            // the pair is skipped. An Armijo-only search (unlike a Wolfe search) does not ensure
            // sᵀy > 0, and where f is not convex (Rosenbrock's bend) skipping alone would keep
            // the old pairs and repeat the same stale direction with tiny steps forever; dropping
            // the memory restarts from steepest descent, which finds fresh curvature.
            self.pairs.clear();
        }
    }
}

/// One trial point of a line search along `d` from `θ`: `φ(α) = f(θ + α d)` and its slope
/// `φ′(α) = ∇f(θ + α d)ᵀd`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinePoint {
    pub step: f64,
    pub value: f64,
    pub slope: f64,
}

/// Whether `trial` satisfies the strong Wolfe conditions with respect to `start` (`α = 0`):
/// sufficient decrease `φ(α) ≤ φ(0) + c₁ α φ′(0)` (up to the rounding of `f`,
/// [`LINE_SEARCH_VALUE_ROUNDING`]` · |φ(0)|`) and the curvature condition
/// `|φ′(α)| ≤ c₂ |φ′(0)|`, with [`WOLFE_C1`] and [`WOLFE_C2`].
pub fn satisfies_strong_wolfe(start: LinePoint, trial: LinePoint) -> bool {
    sufficient_decrease(start, trial) && trial.slope.abs() <= -WOLFE_C2 * start.slope
}

/// The Armijo half of the Wolfe conditions, to within the rounding of `f`; a non-finite value
/// fails it.
fn sufficient_decrease(start: LinePoint, trial: LinePoint) -> bool {
    trial.value.is_finite()
        && trial.value <= start.value + WOLFE_C1 * trial.step * start.slope + value_rounding(start)
}

/// How far apart two values of `f` along the line must be to be told apart.
fn value_rounding(start: LinePoint) -> f64 {
    LINE_SEARCH_VALUE_ROUNDING * start.value.abs()
}

/// A step length satisfying the strong Wolfe conditions, by Nocedal & Wright, *Numerical
/// Optimization* (2nd ed., 2006), Algorithm 3.5 (bracketing: the trial step doubles until it
/// overshoots a minimum of `φ` or satisfies the conditions) and Algorithm 3.6 (zoom: the
/// bracket shrinks by safeguarded cubic interpolation until a point inside satisfies them).
///
/// `line` evaluates `φ(α)` and `φ′(α)` together; `start` is `α = 0` and must slope down
/// (`φ′(0) < 0`); the first trial is `initial_step`, and no trial exceeds `max_step`. When `φ`
/// still decreases steeply at `max_step` (a function unbounded below along the line) that
/// point is returned as it is. `None` after [`WOLFE_MAX_TRIALS`] evaluations without success, or
/// when `start` does not slope down.
pub fn strong_wolfe_line_search(
    mut line: impl FnMut(f64) -> (f64, f64),
    start: LinePoint,
    initial_step: f64,
    max_step: f64,
) -> Option<LinePoint> {
    if !(start.slope < 0.0 && start.value.is_finite() && max_step > 0.0) {
        return None;
    }
    let mut evaluate = |step: f64| {
        let (value, slope) = line(step);
        LinePoint { step, value, slope }
    };
    let mut previous = start;
    let mut step = if initial_step > 0.0 && initial_step.is_finite() {
        initial_step.min(max_step)
    } else {
        max_step.min(1.0)
    };
    // Algorithm 3.5. Each pass either returns, hands a bracket to `zoom`, or doubles the step.
    for pass in 0..WOLFE_MAX_TRIALS {
        let trial = evaluate(step);
        // A step that does not decrease f enough, or is worse than the previous trial, lies
        // beyond a minimum of φ: the acceptable steps are between the two.
        let worse = trial.value > previous.value + value_rounding(start);
        if !sufficient_decrease(start, trial) || (pass > 0 && worse) {
            return zoom(
                &mut evaluate,
                start,
                previous,
                trial,
                WOLFE_MAX_TRIALS - pass - 1,
            );
        }
        if !trial.slope.is_finite() {
            return None;
        }
        if trial.slope.abs() <= -WOLFE_C2 * start.slope {
            return Some(trial);
        }
        // φ turned upwards after decreasing enough: a minimum lies between here and previous.
        if trial.slope >= 0.0 {
            return zoom(
                &mut evaluate,
                start,
                trial,
                previous,
                WOLFE_MAX_TRIALS - pass - 1,
            );
        }
        if step >= max_step {
            // Still steeply downhill at the longest step allowed: f has no minimum in reach.
            return Some(trial);
        }
        previous = trial;
        step = (2.0 * step).min(max_step);
    }
    None
}

/// Algorithm 3.6 of Nocedal & Wright. `low` satisfies sufficient decrease and has the lowest
/// value found; `high` is such that `[low, high]` (in either order) holds a strong Wolfe step.
fn zoom(
    evaluate: &mut impl FnMut(f64) -> LinePoint,
    start: LinePoint,
    mut low: LinePoint,
    mut high: LinePoint,
    trials_left: usize,
) -> Option<LinePoint> {
    for _ in 0..trials_left {
        let step = interpolated_step(low, high);
        if !(step - low.step).is_normal() || !(step - high.step).is_normal() {
            // The bracket has shrunk to rounding: no distinct step is left to try.
            return None;
        }
        let trial = evaluate(step);
        if !sufficient_decrease(start, trial) || trial.value > low.value + value_rounding(start) {
            high = trial;
            continue;
        }
        if !trial.slope.is_finite() {
            return None;
        }
        if trial.slope.abs() <= -WOLFE_C2 * start.slope {
            return Some(trial);
        }
        if trial.slope * (high.step - low.step) >= 0.0 {
            high = low;
        }
        low = trial;
    }
    None
}

/// The minimizer of the cubic through `φ` and `φ′` at both ends (Nocedal & Wright, eq. 3.59),
/// kept at least a tenth of the bracket away from either end; bisection when the cubic has no
/// minimizer or an end's value is not finite.
fn interpolated_step(a: LinePoint, b: LinePoint) -> f64 {
    let (low_end, high_end) = (a.step.min(b.step), a.step.max(b.step));
    let width = high_end - low_end;
    let bisection = 0.5 * (a.step + b.step);
    let d1 = a.slope + b.slope - 3.0 * (a.value - b.value) / (a.step - b.step);
    let discriminant = d1 * d1 - a.slope * b.slope;
    if !discriminant.is_finite() || discriminant < 0.0 {
        return bisection;
    }
    let d2 = (b.step - a.step).signum() * discriminant.sqrt();
    let cubic = b.step - (b.step - a.step) * (b.slope + d2 - d1) / (b.slope - a.slope + 2.0 * d2);
    if cubic.is_finite() {
        cubic.clamp(low_end + 0.1 * width, high_end - 0.1 * width)
    } else {
        bisection
    }
}

/// Conjugate gradient's memory: the last direction and the gradient it started from.
#[derive(Default)]
struct ConjugateGradientState {
    /// `(d, g, gᵀd, α)` of the previous step; `None` before the first.
    previous: Option<([f64; 2], [f64; 2], f64, f64)>,
    /// Steps taken since the last steepest-descent (re)start.
    steps_since_restart: usize,
    /// How the last step was found, for [`Trajectory::line_searches`].
    last_search: Option<LineSearchStep>,
}

impl ConjugateGradientState {
    fn next_point(
        &mut self,
        objective: &impl Objective2d,
        point: [f64; 2],
        value: f64,
        gradient: [f64; 2],
    ) -> Result<[f64; 2], StopReason> {
        let steepest = [-gradient[0], -gradient[1]];
        let mut direction = steepest;
        let mut beta = 0.0;
        match self.previous {
            Some((previous_direction, previous_gradient, _, _))
                if self.steps_since_restart < CG_RESTART_INTERVAL =>
            {
                // Polak–Ribière+: β = max(0, gₖᵀ(gₖ − gₖ₋₁)/‖gₖ₋₁‖²).
                let change = [
                    gradient[0] - previous_gradient[0],
                    gradient[1] - previous_gradient[1],
                ];
                let polak_ribiere_plus =
                    (dot(gradient, change) / dot(previous_gradient, previous_gradient)).max(0.0);
                let conjugate = [
                    steepest[0] + polak_ribiere_plus * previous_direction[0],
                    steepest[1] + polak_ribiere_plus * previous_direction[1],
                ];
                // Restart unless the new direction still points downhill (a NaN β fails too).
                if dot(gradient, conjugate) < 0.0 {
                    direction = conjugate;
                    beta = polak_ribiere_plus;
                } else {
                    self.steps_since_restart = 0;
                }
            }
            _ => self.steps_since_restart = 0,
        }
        let restarted = self.steps_since_restart == 0;
        let slope = dot(gradient, direction);
        let mut evaluations = 1;
        let exact = exact_quadratic_step(objective, point, gradient, direction);
        let step = match exact {
            Some(step) => step,
            None => {
                let length = norm(direction);
                // The first trial: the previous step's first-order change in f repeated
                // (Nocedal & Wright eq. 3.60), or a step of length 1 in the plane at the start.
                let initial = match self.previous {
                    Some((_, _, previous_slope, previous_step)) => {
                        previous_step * previous_slope / slope
                    }
                    None => 1.0 / length,
                };
                let start = LinePoint {
                    step: 0.0,
                    value,
                    slope,
                };
                evaluations = 0;
                let line = |step: f64| {
                    evaluations += 1;
                    let trial = [
                        point[0] + step * direction[0],
                        point[1] + step * direction[1],
                    ];
                    let (trial_value, trial_gradient) = objective.value_and_gradient(trial);
                    (trial_value, dot(trial_gradient, direction))
                };
                let max_step = LINE_SEARCH_MAX_STEP_LENGTH / length;
                strong_wolfe_line_search(line, start, initial, max_step)
                    .ok_or(StopReason::LineSearchFailed)?
                    .step
            }
        };
        self.previous = Some((direction, gradient, slope, step));
        self.steps_since_restart += 1;
        self.last_search = Some(LineSearchStep {
            step_length: step,
            beta,
            restarted,
            exact: exact.is_some(),
            evaluations,
        });
        Ok([
            point[0] + step * direction[0],
            point[1] + step * direction[1],
        ])
    }
}

/// On a quadratic, `f(θ + αd)` is a parabola in `α` with its minimum at `α = −gᵀd / dᵀHd`;
/// `None` on other objectives, or where the curvature `dᵀHd` along `d` is not positive (the
/// saddle), where the parabola has no minimum.
fn exact_quadratic_step(
    objective: &impl Objective2d,
    point: [f64; 2],
    gradient: [f64; 2],
    direction: [f64; 2],
) -> Option<f64> {
    if !objective.has_constant_hessian() {
        return None;
    }
    let [[a, b], [c, d]] = objective.hessian(point);
    let hessian_times_direction = [
        a * direction[0] + b * direction[1],
        c * direction[0] + d * direction[1],
    ];
    let curvature = dot(direction, hessian_times_direction);
    let step = -dot(gradient, direction) / curvature;
    (curvature > 0.0 && step.is_finite()).then_some(step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::expr::Expr;
    use crate::math::surfaces::SurfaceKind;

    fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{what}: got {actual}, expected {expected}"
        );
    }

    /// AdamW against torch.optim.AdamW's documented update, done by hand in numpy
    /// (/work/refpy, numpy 2.4): θ ← θ − ηλθ; m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
    /// θ ← θ − η m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ); η = 0.1, λ = 0.01,
    /// θ₀ = (1, −2), gradient (2θ₁, 3θ₂²), five steps.
    #[test]
    fn adamw_matches_torchs_decoupled_update_computed_in_numpy() {
        let expected = [
            [0.8990000005, -2.0979999999166665],
            [0.7985190271685215, -2.196036856707195],
            [0.6989111831582322, -2.2941981615875195],
            [0.6005985741595427, -2.3925687303370986],
            [0.5040800900879452, -2.491230026266537],
        ];
        let hyper = Hyperparameters {
            learning_rate: 0.1,
            adamw_weight_decay: 0.01,
            ..Hyperparameters::default()
        };
        let mut optimizer = FirstOrderOptimizer::new(OptimizerKind::Adam, 2).unwrap();
        let mut theta = [1.0, -2.0];
        for step in expected {
            let gradient = [2.0 * theta[0], 3.0 * theta[1] * theta[1]];
            optimizer.step(&mut theta, &gradient, &hyper);
            for (got, want) in theta.iter().zip(step) {
                assert!((got - want).abs() <= 1e-14 * want.abs(), "{got} vs {want}");
            }
        }
        // λ = 0 is Adam bit for bit, and the decay is decoupled: with a zero gradient AdamW
        // only shrinks θ by (1 − ηλ) per step, where an L2 term through Adam would move it by η.
        let mut adam = FirstOrderOptimizer::new(OptimizerKind::Adam, 1).unwrap();
        let mut adamw = FirstOrderOptimizer::new(OptimizerKind::Adam, 1).unwrap();
        let (mut a, mut b) = ([3.0], [3.0]);
        adam.step(&mut a, &[0.0], &hyper_with_learning_rate(0.1));
        adamw.step(&mut b, &[0.0], &hyper);
        assert_eq!(a, [3.0]);
        assert_eq!(b, [3.0 * (1.0 - 0.1 * 0.01)]);
    }

    fn hyper_with_learning_rate(learning_rate: f64) -> Hyperparameters {
        Hyperparameters {
            learning_rate,
            ..Hyperparameters::default()
        }
    }

    /// Runs `steps` updates on f(θ) = θ² (gradient 2θ) from θ₀ = 1 and returns θ₁, θ₂, ….
    fn iterates_on_square(kind: OptimizerKind, learning_rate: f64, steps: usize) -> Vec<f64> {
        let mut optimizer = FirstOrderOptimizer::new(kind, 1).unwrap();
        let hyper = hyper_with_learning_rate(learning_rate);
        let mut theta = [1.0];
        (0..steps)
            .map(|_| {
                let gradient = [2.0 * theta[0]];
                optimizer.step(&mut theta, &gradient, &hyper);
                theta[0]
            })
            .collect()
    }

    #[test]
    fn sgd_by_hand() {
        // θ ← θ − 0.1·2θ = 0.8θ: 0.8, 0.64, 0.512.
        let thetas = iterates_on_square(OptimizerKind::Sgd, 0.1, 3);
        assert_close(thetas[0], 0.8, 1e-15, "θ1");
        assert_close(thetas[1], 0.64, 1e-15, "θ2");
        assert_close(thetas[2], 0.512, 1e-15, "θ3");
    }

    #[test]
    fn momentum_by_hand() {
        // μ = 0.9, lr = 0.1. g1 = 2, b1 = 2, θ1 = 1 − 0.2 = 0.8.
        // g2 = 1.6, b2 = 0.9·2 + 1.6 = 3.4, θ2 = 0.8 − 0.34 = 0.46.
        // g3 = 0.92, b3 = 0.9·3.4 + 0.92 = 3.98, θ3 = 0.46 − 0.398 = 0.062.
        let thetas = iterates_on_square(OptimizerKind::Momentum, 0.1, 3);
        assert_close(thetas[0], 0.8, 1e-15, "θ1");
        assert_close(thetas[1], 0.46, 1e-15, "θ2");
        assert_close(thetas[2], 0.062, 1e-15, "θ3");
    }

    #[test]
    fn nesterov_by_hand() {
        // μ = 0.9, lr = 0.1. g1 = 2, b1 = 2, θ1 = 1 − 0.1·(2 + 1.8) = 0.62.
        // g2 = 1.24, b2 = 1.8 + 1.24 = 3.04, θ2 = 0.62 − 0.1·(1.24 + 2.736) = 0.2224.
        // g3 = 0.4448, b3 = 2.736 + 0.4448 = 3.1808, θ3 = 0.2224 − 0.1·(0.4448 + 2.86272) = −0.108352.
        let thetas = iterates_on_square(OptimizerKind::Nesterov, 0.1, 3);
        assert_close(thetas[0], 0.62, 1e-15, "θ1");
        assert_close(thetas[1], 0.2224, 1e-15, "θ2");
        assert_close(thetas[2], -0.108352, 1e-15, "θ3");
    }

    #[test]
    fn adagrad_by_hand() {
        // lr = 0.1, eps = 1e-10. s1 = 4, θ1 = 1 − 0.1·2/(2 + 1e-10) ≈ 0.9.
        // g2 ≈ 1.8, s2 ≈ 4 + 3.24 = 7.24, θ2 ≈ 0.9 − 0.18/√7.24 = 0.9 − 0.0668965 = 0.8331035.
        let thetas = iterates_on_square(OptimizerKind::AdaGrad, 0.1, 2);
        let theta1: f64 = 1.0 - 0.1 * 2.0 / (2.0 + 1e-10);
        let g2 = 2.0 * theta1;
        let theta2 = theta1 - 0.1 * g2 / ((4.0 + g2 * g2).sqrt() + 1e-10);
        assert_close(thetas[0], theta1, 1e-15, "θ1");
        assert_close(thetas[1], theta2, 1e-15, "θ2");
        assert_close(thetas[1], 0.8331035, 1e-7, "θ2 decimal");
    }

    #[test]
    fn rmsprop_by_hand() {
        // lr = 0.01, α = 0.99, eps = 1e-8. v1 = 0.01·4 = 0.04, θ1 = 1 − 0.01·2/(0.2 + 1e-8) ≈ 0.9.
        // g2 ≈ 1.8, v2 ≈ 0.99·0.04 + 0.01·3.24 = 0.072, θ2 ≈ 0.9 − 0.018/√0.072 = 0.8329180.
        let thetas = iterates_on_square(OptimizerKind::RmsProp, 0.01, 2);
        let theta1 = 1.0 - 0.01 * 2.0 / (0.04f64.sqrt() + 1e-8);
        let g2 = 2.0 * theta1;
        let v2 = 0.99 * 0.04 + 0.01 * g2 * g2;
        let theta2 = theta1 - 0.01 * g2 / (v2.sqrt() + 1e-8);
        assert_close(thetas[0], theta1, 1e-15, "θ1");
        assert_close(thetas[1], theta2, 1e-15, "θ2");
        assert_close(thetas[1], 0.8329180, 1e-7, "θ2 decimal");
    }

    #[test]
    fn adam_by_hand() {
        // lr = 0.1. m1 = 0.1·2 = 0.2, v1 = 0.001·4 = 0.004, m̂1 = 0.2/0.1 = 2, v̂1 = 0.004/0.001 = 4,
        // θ1 = 1 − 0.1·2/(2 + 1e-8) ≈ 0.9: the first step is lr·g/(|g| + eps) ≈ lr·sign(g).
        // g2 ≈ 1.8, m2 = 0.18 + 0.18 = 0.36, v2 = 0.003996 + 0.00324 = 0.007236,
        // m̂2 = 0.36/0.19 = 1.8947368, v̂2 = 0.007236/0.001999 = 3.6198099,
        // θ2 = 0.9 − 0.1·1.8947368/1.9025798 = 0.8004122.
        let thetas = iterates_on_square(OptimizerKind::Adam, 0.1, 2);
        let theta1: f64 = 1.0 - 0.1 * 2.0 / (2.0 + 1e-8);
        let g2 = 2.0 * theta1;
        let m2 = 0.9 * 0.2 + 0.1 * g2;
        let v2 = 0.999 * 0.004 + 0.001 * g2 * g2;
        let theta2 = theta1 - 0.1 * (m2 / (1.0 - 0.81)) / ((v2 / (1.0 - 0.998001)).sqrt() + 1e-8);
        assert_close(thetas[0], theta1, 1e-15, "θ1");
        assert_close(thetas[1], theta2, 1e-14, "θ2");
        assert_close(thetas[1], 0.8004122, 1e-7, "θ2 decimal");
    }

    #[test]
    fn first_steps_in_two_dimensions_on_the_bowl() {
        // f = x² + y², ∇f = (2x, 2y); from (1, −2) with lr = 0.1 the first step of each method:
        // SGD and Momentum (b1 = g1): (1, −2) − 0.1·(2, −4) = (0.8, −1.6).
        // Nesterov: −0.1·(1 + 0.9)·(2, −4) = (0.62, −1.24).
        // AdaGrad: −0.1·g/|g| per coordinate = (0.9, −1.9); Adam the same up to eps.
        // RMSProp: −0.1·g/(0.1|g|) = −sign(g): (0, −1).
        let bowl = Surface::builtin(SurfaceKind::Bowl, 1.0);
        let divergence = DivergenceBox::around(bowl.domain());
        let expected = [
            (OptimizerKind::Sgd, [0.8, -1.6]),
            (OptimizerKind::Momentum, [0.8, -1.6]),
            (OptimizerKind::Nesterov, [0.62, -1.24]),
            (OptimizerKind::AdaGrad, [0.9, -1.9]),
            (OptimizerKind::RmsProp, [0.0, -1.0]),
            (OptimizerKind::Adam, [0.9, -1.9]),
        ];
        for (kind, [x, y]) in expected {
            let run = run_trajectory(
                kind,
                &bowl,
                [1.0, -2.0],
                &hyper_with_learning_rate(0.1),
                1,
                GradientNoise::NONE,
                &divergence,
            );
            assert_eq!(run.points[0], [1.0, -2.0]);
            assert_close(run.points[1][0], x, 1e-7, kind.label());
            assert_close(run.points[1][1], y, 1e-7, kind.label());
            assert_eq!(
                run.losses[1],
                bowl.value(run.points[1][0], run.points[1][1])
            );
            assert_eq!(run.outcome, Outcome::Running);
        }
    }

    #[test]
    fn coordinates_are_updated_independently_on_long_vectors() {
        // Every rule is element-wise, so coordinate i of a 1000-parameter run must equal a
        // one-parameter run on that coordinate alone.
        let count = 1000;
        let start: Vec<f64> = (0..count).map(|i| (i as f64 * 0.37).sin() * 3.0).collect();
        let hyper = hyper_with_learning_rate(0.05);
        for kind in OptimizerKind::ALL
            .into_iter()
            .filter(|kind| kind.is_first_order())
        {
            let mut all = FirstOrderOptimizer::new(kind, count).unwrap();
            let mut parameters = start.clone();
            for _ in 0..5 {
                let gradient: Vec<f64> = parameters.iter().map(|theta| 2.0 * theta - 1.0).collect();
                all.step(&mut parameters, &gradient, &hyper);
            }
            for index in [0, 1, 499, 999] {
                let mut single = FirstOrderOptimizer::new(kind, 1).unwrap();
                let mut theta = [start[index]];
                for _ in 0..5 {
                    let gradient = [2.0 * theta[0] - 1.0];
                    single.step(&mut theta, &gradient, &hyper);
                }
                assert_eq!(parameters[index], theta[0], "{kind:?} coordinate {index}");
            }
            assert_eq!(all.steps_taken(), 5);
        }
    }

    #[test]
    fn reset_and_construction() {
        assert!(FirstOrderOptimizer::new(OptimizerKind::Newton, 2).is_none());
        assert!(FirstOrderOptimizer::new(OptimizerKind::Lbfgs, 2).is_none());
        assert!(FirstOrderOptimizer::new(OptimizerKind::ConjugateGradient, 2).is_none());
        let mut optimizer = FirstOrderOptimizer::new(OptimizerKind::Adam, 1).unwrap();
        let hyper = hyper_with_learning_rate(0.1);
        let mut theta = [1.0];
        optimizer.step(&mut theta, &[2.0], &hyper);
        optimizer.step(&mut theta, &[2.0], &hyper);
        assert_eq!(optimizer.steps_taken(), 2);
        optimizer.reset();
        assert_eq!(optimizer.steps_taken(), 0);
        // After a reset the first step is again the bias-corrected lr·g/(|g| + eps).
        let mut fresh = [1.0];
        optimizer.step(&mut fresh, &[2.0], &hyper);
        assert_close(
            fresh[0],
            1.0 - 0.1 * 2.0 / (2.0 + 1e-8),
            1e-15,
            "after reset",
        );
        // A different length reallocates the state instead of panicking.
        let mut longer = [1.0, 1.0, 1.0];
        optimizer.step(&mut longer, &[2.0, 2.0, 2.0], &hyper);
        assert_eq!(longer, [fresh[0]; 3]);
    }

    #[test]
    fn ids_labels_and_rules() {
        for kind in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::from_id(kind.id()), Some(kind));
            assert!(kind.latex_update_rule().contains(r"\theta_t"));
        }
        assert_eq!(OptimizerKind::Lbfgs.label(), "L-BFGS");
        assert_eq!(
            OptimizerKind::from_id("cg"),
            Some(OptimizerKind::ConjugateGradient)
        );
        assert_eq!(OptimizerKind::ALL.len(), 9);
        assert_eq!(OptimizerKind::from_id("SGD"), None);
        let first_order = OptimizerKind::ALL
            .iter()
            .filter(|kind| kind.is_first_order())
            .count();
        assert_eq!(first_order, 6);
    }

    #[test]
    fn newton_solves_quadratics_in_one_step() {
        for kappa in [1.0, 37.0, 1000.0] {
            let surface = Surface::builtin(SurfaceKind::Elongated, kappa);
            let run = run_trajectory(
                OptimizerKind::Newton,
                &surface,
                surface.default_start(),
                &Hyperparameters::default(),
                50,
                GradientNoise::NONE,
                &DivergenceBox::around(surface.domain()),
            );
            assert_eq!(run.outcome, Outcome::Converged { step: 1 }, "κ = {kappa}");
            assert_eq!(run.points.len(), 2);
            assert!(
                run.points[1][0].abs() < 1e-15 && run.points[1][1].abs() < 1e-15,
                "{:?}",
                run.points[1]
            );
        }
        let bowl = Surface::builtin(SurfaceKind::Bowl, 1.0);
        let run = run_trajectory(
            OptimizerKind::Newton,
            &bowl,
            [1.3, -0.4],
            &Hyperparameters::default(),
            50,
            GradientNoise::NONE,
            &DivergenceBox::around(bowl.domain()),
        );
        assert_eq!(run.points, vec![[1.3, -0.4], [0.0, 0.0]]);
        assert_eq!(run.outcome, Outcome::Converged { step: 1 });
    }

    /// f(p) = ½ (p − c)ᵀ H (p − c) with H = R diag(1, 50) Rᵀ, R a rotation by 30°.
    struct RotatedQuadratic {
        hessian: [[f64; 2]; 2],
        centre: [f64; 2],
    }

    impl RotatedQuadratic {
        fn new() -> Self {
            let (sin, cos) = 30f64.to_radians().sin_cos();
            let (low, high) = (1.0, 50.0);
            let hessian = [
                [low * cos * cos + high * sin * sin, (low - high) * sin * cos],
                [(low - high) * sin * cos, low * sin * sin + high * cos * cos],
            ];
            RotatedQuadratic {
                hessian,
                centre: [0.5, -0.3],
            }
        }
    }

    impl Objective2d for RotatedQuadratic {
        fn value(&self, p: [f64; 2]) -> f64 {
            let g = self.gradient(p);
            0.5 * ((p[0] - self.centre[0]) * g[0] + (p[1] - self.centre[1]) * g[1])
        }
        fn gradient(&self, p: [f64; 2]) -> [f64; 2] {
            let d = [p[0] - self.centre[0], p[1] - self.centre[1]];
            let h = self.hessian;
            [
                h[0][0] * d[0] + h[0][1] * d[1],
                h[1][0] * d[0] + h[1][1] * d[1],
            ]
        }
        fn hessian(&self, _: [f64; 2]) -> [[f64; 2]; 2] {
            self.hessian
        }
    }

    #[test]
    fn newton_solves_a_rotated_quadratic_in_one_step() {
        let quadratic = RotatedQuadratic::new();
        let divergence = DivergenceBox::around(Domain::square(3.0));
        let run = run_trajectory(
            OptimizerKind::Newton,
            &quadratic,
            [-2.0, 1.7],
            &Hyperparameters::default(),
            10,
            GradientNoise::NONE,
            &divergence,
        );
        assert_close(run.points[1][0], 0.5, 1e-14, "x");
        assert_close(run.points[1][1], -0.3, 1e-14, "y");
        // After one step the gradient is ~50·1e-14, far below the 1e-10 convergence threshold.
        assert_eq!(run.outcome, Outcome::Converged { step: 1 });
    }

    #[test]
    fn newton_is_attracted_to_the_saddle() {
        // The unit Newton step solves the local model exactly, so on x² − y² it jumps straight to
        // the saddle point (0, 0), where the gradient vanishes.
        let saddle = Surface::builtin(SurfaceKind::Saddle, 1.0);
        let run = run_trajectory(
            OptimizerKind::Newton,
            &saddle,
            saddle.default_start(),
            &Hyperparameters::default(),
            10,
            GradientNoise::NONE,
            &DivergenceBox::around(saddle.domain()),
        );
        assert_eq!(run.points[1], [0.0, 0.0]);
        assert_eq!(run.outcome, Outcome::Converged { step: 1 });
    }

    #[test]
    fn newton_stops_on_a_singular_hessian() {
        // f = x² has Hessian diag(2, 0): det = 0.
        let surface = Surface::custom(Expr::parse("x^2").unwrap(), Domain::square(2.0));
        let run = run_trajectory(
            OptimizerKind::Newton,
            &surface,
            [1.0, 1.0],
            &Hyperparameters::default(),
            10,
            GradientNoise::NONE,
            &DivergenceBox::around(surface.domain()),
        );
        assert_eq!(
            run.outcome,
            Outcome::Stopped {
                step: 0,
                reason: StopReason::SingularHessian
            }
        );
        assert_eq!(run.points, vec![[1.0, 1.0]]);
    }

    #[test]
    fn lbfgs_solves_rosenbrock_from_the_classic_start() {
        let rosenbrock = Surface::builtin(SurfaceKind::Rosenbrock, 1.0);
        let run = run_trajectory(
            OptimizerKind::Lbfgs,
            &rosenbrock,
            [-1.2, 1.0],
            &Hyperparameters::default(),
            99,
            GradientNoise::NONE,
            &DivergenceBox::around(rosenbrock.domain()),
        );
        let last = *run.points.last().unwrap();
        assert!(
            (last[0] - 1.0).abs() < 1e-6 && (last[1] - 1.0).abs() < 1e-6,
            "ended at {last:?}: {:?}",
            run.outcome
        );
        assert!(run.points.len() <= 100);
        assert!(
            matches!(run.outcome, Outcome::Converged { .. }),
            "{:?}",
            run.outcome
        );
        // Armijo guarantees descent: the loss never increases.
        assert!(run.losses.windows(2).all(|pair| pair[1] <= pair[0]));
    }

    /// An objective whose gradient points the wrong way, so no step along −∇f decreases it.
    struct LyingGradient;

    impl Objective2d for LyingGradient {
        fn value(&self, p: [f64; 2]) -> f64 {
            p[0]
        }
        fn gradient(&self, _: [f64; 2]) -> [f64; 2] {
            [-1.0, 0.0]
        }
        fn hessian(&self, _: [f64; 2]) -> [[f64; 2]; 2] {
            [[1.0, 0.0], [0.0, 1.0]]
        }
    }

    #[test]
    fn lbfgs_reports_a_failed_line_search() {
        let run = run_trajectory(
            OptimizerKind::Lbfgs,
            &LyingGradient,
            [0.0, 0.0],
            &Hyperparameters::default(),
            10,
            GradientNoise::NONE,
            &DivergenceBox::around(Domain::square(1.0)),
        );
        assert_eq!(
            run.outcome,
            Outcome::Stopped {
                step: 0,
                reason: StopReason::LineSearchFailed
            }
        );
        assert_eq!(run.points.len(), 1);
    }

    fn conjugate_gradient_run(surface: &Surface, start: [f64; 2], steps: usize) -> Trajectory {
        run_trajectory(
            OptimizerKind::ConjugateGradient,
            surface,
            start,
            &Hyperparameters::default(),
            steps,
            GradientNoise::NONE,
            &DivergenceBox::around(surface.domain()),
        )
    }

    #[test]
    fn conjugate_gradient_solves_the_elongated_quadratic_in_two_steps() {
        // With exact line searches, CG on an n-dimensional quadratic reaches the minimum in at
        // most n steps (Nocedal & Wright, Theorem 5.1 for linear CG, which PR with exact steps
        // reproduces): here n = 2. Starts off both eigenvectors, so one step is not enough.
        for kappa in [1.5, 10.0, 50.0, 300.0, 1000.0] {
            let surface = Surface::builtin(SurfaceKind::Elongated, kappa);
            for start in [
                [-2.5, 1.5],
                [2.9, -0.3],
                [0.7, 1.9],
                [-1.0, -1.0],
                [0.01, 2.0],
            ] {
                let run = conjugate_gradient_run(&surface, start, 50);
                assert_eq!(
                    run.outcome,
                    Outcome::Converged { step: 2 },
                    "κ = {kappa}, {start:?}"
                );
                let [x, y] = run.points[2];
                assert!(
                    x.abs() < 1e-12 && y.abs() < 1e-12,
                    "κ = {kappa}, {start:?}: {x}, {y}"
                );
                assert!(
                    run.gradient_norms[1] > 1e-6,
                    "the first step alone is not enough"
                );
                // Steepest descent, then a conjugate direction, both with the exact step.
                let searches = &run.line_searches;
                assert_eq!(searches.len(), 2);
                assert!(
                    searches
                        .iter()
                        .all(|search| search.exact && search.evaluations == 1)
                );
                assert!(searches[0].restarted && !searches[1].restarted);
                assert!(searches[1].beta > 0.0);
            }
        }
        // The first step is steepest descent with the exact step α = gᵀg / gᵀHg. For κ = 50 from
        // (−2.5, 1.5), mpmath at 40 digits: α = 0.020021777293837914713…,
        // θ₁ = (−2.4499455567654052132…, −0.0016332970378436034754…).
        let surface = Surface::builtin(SurfaceKind::Elongated, 50.0);
        let run = conjugate_gradient_run(&surface, [-2.5, 1.5], 50);
        assert_close(run.points[1][0], -2.449_945_556_765_405_2, 1e-15, "x₁");
        // y₁ = 1.5 − 75α cancels three digits, so it is good to a few ulps of 1.5, not of y₁.
        assert_close(run.points[1][1], -0.001_633_297_037_843_603_5, 1e-15, "y₁");
    }

    /// Checks the strong Wolfe conditions for every step of a run from its stored points alone:
    /// with s = θₖ₊₁ − θₖ = α d they read f(θₖ₊₁) ≤ f(θₖ) + c₁ ∇f(θₖ)ᵀs and
    /// |∇f(θₖ₊₁)ᵀs| ≤ c₂ |∇f(θₖ)ᵀs|, in which the split of s into α and d does not matter.
    fn assert_every_step_is_strong_wolfe(surface: &Surface, run: &Trajectory) {
        for (k, pair) in run.points.windows(2).enumerate() {
            let (from, to) = (pair[0], pair[1]);
            let s = [to[0] - from[0], to[1] - from[1]];
            let slope_before = dot(surface.gradient(from[0], from[1]), s);
            let slope_after = dot(surface.gradient(to[0], to[1]), s);
            let (before, after) = (surface.value(from[0], from[1]), surface.value(to[0], to[1]));
            assert!(slope_before < 0.0, "step {k} goes downhill");
            assert!(
                after <= before + WOLFE_C1 * slope_before,
                "step {k}: sufficient decrease {after} > {before} + c₁·{slope_before}"
            );
            assert!(
                slope_after.abs() <= WOLFE_C2 * slope_before.abs(),
                "step {k}: curvature |{slope_after}| > c₂·|{slope_before}|"
            );
        }
    }

    #[test]
    fn conjugate_gradient_steps_satisfy_the_strong_wolfe_conditions() {
        for (kind, starts) in [
            (
                SurfaceKind::Rosenbrock,
                [[-1.5, 2.0], [-1.2, 1.0], [1.8, -0.5], [0.0, 0.0]],
            ),
            (
                SurfaceKind::Himmelblau,
                [[-0.5, -0.5], [0.0, 0.0], [4.5, 4.5], [-4.0, 1.0]],
            ),
        ] {
            let surface = Surface::builtin(kind, 1.0);
            for start in starts {
                let run = conjugate_gradient_run(&surface, start, 300);
                assert!(
                    matches!(run.outcome, Outcome::Converged { .. }),
                    "{kind:?} from {start:?}: {:?}",
                    run.outcome
                );
                assert!(run.points.len() > 3);
                assert_every_step_is_strong_wolfe(&surface, &run);
            }
        }
    }

    #[test]
    fn conjugate_gradient_reaches_rosenbrocks_minimum_from_the_labs_start() {
        // From the lab's start (−1.5, 2), on the far side of the banana, CG follows the valley
        // around its bend and stops with ‖∇f‖ < 1e-10 at step 40 (measured; the bound is a
        // regression guard: a worse line search or restart rule would need many more steps,
        // plain gradient descent needs thousands).
        let rosenbrock = Surface::builtin(SurfaceKind::Rosenbrock, 1.0);
        assert_eq!(rosenbrock.default_start(), [-1.5, 2.0]);
        let run = conjugate_gradient_run(&rosenbrock, rosenbrock.default_start(), 500);
        let Outcome::Converged { step } = run.outcome else {
            panic!("{:?}", run.outcome)
        };
        assert!(step <= 40, "converged at step {step}");
        let [x, y] = run.points[step];
        assert_close(x, 1.0, 1e-9, "x");
        assert_close(y, 1.0, 1e-9, "y");
        // A Wolfe step decreases f every time.
        assert!(run.losses.windows(2).all(|pair| pair[1] < pair[0]));
        assert_eq!(run.line_searches.len(), step);
        // Only conjugate gradient records line searches.
        let lbfgs = run_trajectory(
            OptimizerKind::Lbfgs,
            &rosenbrock,
            rosenbrock.default_start(),
            &Hyperparameters::default(),
            50,
            GradientNoise::NONE,
            &DivergenceBox::around(rosenbrock.domain()),
        );
        assert!(lbfgs.line_searches.is_empty());
    }

    fn line_start(value: f64, slope: f64) -> LinePoint {
        LinePoint {
            step: 0.0,
            value,
            slope,
        }
    }

    #[test]
    fn the_line_search_brackets_and_zooms_to_a_wolfe_step() {
        // φ(α) = (α − 2)², φ(0) = 4, φ′(0) = −4. From α = 1 (φ′ = −2, too steep for c₂ = 0.1)
        // the step doubles to 2, the minimum. From α = 5 (φ = 9, no sufficient decrease) the
        // zoom's cubic through (0, 4, −4) and (5, 9, 6) is the parabola itself: α = 2 at once.
        let parabola = |step: f64| ((step - 2.0).powi(2), 2.0 * (step - 2.0));
        for initial in [1.0, 5.0] {
            let mut evaluations = 0;
            let found = strong_wolfe_line_search(
                |step| {
                    evaluations += 1;
                    parabola(step)
                },
                line_start(4.0, -4.0),
                initial,
                100.0,
            )
            .unwrap();
            assert_close(found.step, 2.0, 1e-14, "α");
            assert_eq!(evaluations, 2, "from {initial}");
        }
        // φ is not finite beyond α = 1 (like log(x) past its pole): the search falls back to
        // bisection there and still returns a strong Wolfe point.
        let broken = |step: f64| {
            if step > 1.0 {
                (f64::NAN, f64::NAN)
            } else {
                ((step - 0.3).powi(2), 2.0 * (step - 0.3))
            }
        };
        let start = line_start(0.09, -0.6);
        let found = strong_wolfe_line_search(broken, start, 8.0, 100.0).unwrap();
        assert!(satisfies_strong_wolfe(start, found), "{found:?}");
        assert!(found.step > 0.0 && found.step <= 1.0);
        // Unbounded below: the search stops at the longest step allowed.
        let found =
            strong_wolfe_line_search(|step| (-step, -1.0), line_start(0.0, -1.0), 1.0, 50.0)
                .unwrap();
        assert_eq!(found.step, 50.0);
        // Not a descent direction, or a function that never satisfies the conditions.
        assert!(strong_wolfe_line_search(parabola, line_start(4.0, 4.0), 1.0, 10.0).is_none());
        assert!(
            strong_wolfe_line_search(|_| (f64::NAN, f64::NAN), line_start(1.0, -1.0), 1.0, 10.0)
                .is_none()
        );
    }

    #[test]
    fn satisfies_strong_wolfe_by_hand() {
        // φ(0) = 1, φ′(0) = −1: decrease needs φ(α) ≤ 1 − 1e-4·α, curvature |φ′(α)| ≤ 0.1.
        let start = line_start(1.0, -1.0);
        let point = |step, value, slope| LinePoint { step, value, slope };
        assert!(satisfies_strong_wolfe(start, point(1.0, 0.5, 0.05)));
        assert!(satisfies_strong_wolfe(start, point(1.0, 0.5, -0.1)));
        assert!(
            !satisfies_strong_wolfe(start, point(1.0, 0.5, 0.2)),
            "too steep upwards"
        );
        assert!(
            !satisfies_strong_wolfe(start, point(1.0, 0.99995, 0.0)),
            "too little decrease"
        );
        assert!(!satisfies_strong_wolfe(start, point(1.0, f64::NAN, 0.0)));
    }

    #[test]
    fn conjugate_gradient_on_every_built_in_surface() {
        // From each surface's default start (κ = 10): where CG ends and at which step, measured.
        // The quadratics take two steps (one on the round bowl, where −∇f points at the
        // minimum); the saddle's second line has negative curvature, so the search runs to its
        // longest step and the run diverges there; every other run converges (‖∇f‖ < 1e-10),
        // none stops on a failed line search.
        let expected = [
            (SurfaceKind::Bowl, Outcome::Converged { step: 1 }),
            (SurfaceKind::Elongated, Outcome::Converged { step: 2 }),
            (SurfaceKind::Rosenbrock, Outcome::Converged { step: 40 }),
            (SurfaceKind::Himmelblau, Outcome::Converged { step: 10 }),
            (SurfaceKind::Beale, Outcome::Converged { step: 12 }),
            (SurfaceKind::Saddle, Outcome::Diverged { step: 2 }),
            (SurfaceKind::SixHumpCamel, Outcome::Converged { step: 8 }),
            (SurfaceKind::Rastrigin, Outcome::Converged { step: 8 }),
            (SurfaceKind::Plateau, Outcome::Converged { step: 2 }),
            (SurfaceKind::Custom, Outcome::Converged { step: 2 }),
        ];
        assert_eq!(expected.len(), SurfaceKind::ALL.len());
        for (kind, outcome) in expected {
            let surface = Surface::builtin(kind, 10.0);
            let run = conjugate_gradient_run(&surface, surface.default_start(), 2000);
            assert_eq!(run.outcome, outcome, "{kind:?}");
        }
        // Beale's minimum is (3, 0.5) (Beale, 1958).
        let beale = Surface::builtin(SurfaceKind::Beale, 1.0);
        let last = *conjugate_gradient_run(&beale, beale.default_start(), 100)
            .points
            .last()
            .unwrap();
        assert_close(last[0], 3.0, 1e-9, "Beale x");
        assert_close(last[1], 0.5, 1e-9, "Beale y");
    }

    #[test]
    fn conjugate_gradient_stops_cleanly_where_no_wolfe_step_exists() {
        let stopped = |step| Outcome::Stopped {
            step,
            reason: StopReason::LineSearchFailed,
        };
        for (formula, start, outcome) in [
            // Along −∇f from (0.5, 0.5), log(x) falls to −∞ at the pole x = 0 and is undefined
            // beyond: the slope never flattens, so no step satisfies the curvature condition.
            ("log(x) + y^2", [0.5, 0.5], stopped(0)),
            // A cone: the slope along any line is constant up to the tip, then reverses; only
            // the tip itself would do, and the search cannot land on it exactly.
            ("sqrt(x^2 + y^2)", [1.0, 1.0], stopped(0)),
            // The first step lands on the kink x = y; from there no smooth descent exists.
            ("abs(x) + abs(y)", [0.7, -0.4], stopped(1)),
            // Unbounded below: the search runs to its longest step and leaves the box.
            ("-x^2 - y^2", [0.3, 0.2], Outcome::Diverged { step: 1 }),
            // A smooth but degenerate minimum (zero Hessian at the origin) is still found.
            ("x^4 + y^4", [1.0, -0.5], Outcome::Converged { step: 6 }),
        ] {
            let surface = Surface::custom(Expr::parse(formula).unwrap(), Domain::square(2.0));
            let run = conjugate_gradient_run(&surface, start, 200);
            assert_eq!(run.outcome, outcome, "{formula}");
            let finite = run
                .points
                .iter()
                .flatten()
                .chain(&run.losses)
                .chain(&run.gradient_norms)
                .all(|v| v.is_finite());
            assert!(finite, "{formula}");
        }
    }

    #[test]
    fn gradient_descent_on_the_bowl_obeys_the_stability_limit() {
        // Hessian 2I, λ_max = 2, limit lr < 2/λ_max = 1. A step multiplies p by 1 − 2·lr.
        let bowl = Surface::builtin(SurfaceKind::Bowl, 1.0);
        let divergence = DivergenceBox::around(bowl.domain());
        let start = [1.5, 1.2];
        // lr = 1.1: p_k = (−1.2)^k·(1.5, 1.2). The box is [−20, 20]²; |x_14| = 1.5·1.2^14 = 19.26
        // is inside, |x_15| = 1.5·1.2^15 = 23.11 is outside.
        let run = run_trajectory(
            OptimizerKind::Sgd,
            &bowl,
            start,
            &hyper_with_learning_rate(1.1),
            100,
            GradientNoise::NONE,
            &divergence,
        );
        assert_eq!(run.outcome, Outcome::Diverged { step: 15 });
        assert_eq!(run.points.len(), 16);
        let last = run.points[15];
        assert_close(last[0], -1.5 * 1.2f64.powi(15), 1e-9, "x_15");
        assert!(last[0].is_finite() && last[1].is_finite());
        // lr = 0.9: factor −0.8, converges; stops as soon as ‖∇f‖ = 2‖p‖ < 1e-10.
        let run = run_trajectory(
            OptimizerKind::Sgd,
            &bowl,
            start,
            &hyper_with_learning_rate(0.9),
            1000,
            GradientNoise::NONE,
            &divergence,
        );
        let Outcome::Converged { step } = run.outcome else {
            panic!("{:?}", run.outcome)
        };
        assert_eq!(step, run.points.len() - 1);
        assert!(run.gradient_norms[step] < 1e-10 && run.gradient_norms[step - 1] >= 1e-10);
        // 2·‖start‖·0.8^k < 1e-10 with ‖start‖ = √3.69 = 1.92094 needs
        // k > ln(1e-10 / 3.84187)/ln 0.8 = −24.3718/−0.223144 = 109.22, so k = 110.
        assert_eq!(step, 110);
    }

    #[test]
    fn starting_at_the_minimum_converges_at_step_zero() {
        let bowl = Surface::builtin(SurfaceKind::Bowl, 1.0);
        let run = run_trajectory(
            OptimizerKind::Adam,
            &bowl,
            [0.0, 0.0],
            &Hyperparameters::default(),
            10,
            GradientNoise::NONE,
            &DivergenceBox::around(bowl.domain()),
        );
        assert_eq!(run.outcome, Outcome::Converged { step: 0 });
        assert_eq!(run.points, vec![[0.0, 0.0]]);
    }

    #[test]
    fn non_finite_start_stores_nothing() {
        let bowl = Surface::builtin(SurfaceKind::Bowl, 1.0);
        let run = run_trajectory(
            OptimizerKind::Sgd,
            &bowl,
            [f64::NAN, 0.0],
            &Hyperparameters::default(),
            10,
            GradientNoise::NONE,
            &DivergenceBox::around(bowl.domain()),
        );
        assert_eq!(run.outcome, Outcome::Diverged { step: 0 });
        assert!(run.points.is_empty() && run.losses.is_empty() && run.gradient_norms.is_empty());
    }

    fn noisy_run(kind: OptimizerKind, seed: u64) -> Trajectory {
        let surface = Surface::builtin(SurfaceKind::Himmelblau, 1.0);
        let noise = GradientNoise {
            standard_deviation: 5.0,
            seed,
        };
        run_trajectory(
            kind,
            &surface,
            surface.default_start(),
            &Hyperparameters::default(),
            150,
            noise,
            &DivergenceBox::around(surface.domain()),
        )
    }

    #[test]
    fn noise_is_reproducible_and_seed_dependent() {
        for kind in OptimizerKind::ALL
            .into_iter()
            .filter(|kind| kind.is_first_order())
        {
            assert_eq!(noisy_run(kind, 42), noisy_run(kind, 42), "{kind:?}");
            assert_ne!(
                noisy_run(kind, 42).points,
                noisy_run(kind, 43).points,
                "{kind:?}"
            );
        }
        // Noise applies to first-order methods only: Newton, L-BFGS and CG ignore the seed.
        assert_eq!(
            noisy_run(OptimizerKind::Newton, 1),
            noisy_run(OptimizerKind::Newton, 2)
        );
        assert_eq!(
            noisy_run(OptimizerKind::Lbfgs, 1),
            noisy_run(OptimizerKind::Lbfgs, 2)
        );
        assert_eq!(
            noisy_run(OptimizerKind::ConjugateGradient, 1),
            noisy_run(OptimizerKind::ConjugateGradient, 2)
        );
    }

    #[test]
    fn noise_streams_differ_between_optimizers() {
        // SGD and Momentum with μ = 0 follow the same rule; only their noise streams differ.
        let surface = Surface::builtin(SurfaceKind::Bowl, 1.0);
        let noise = GradientNoise {
            standard_deviation: 1.0,
            seed: 7,
        };
        let hyper = Hyperparameters {
            momentum: 0.0,
            ..Hyperparameters::default()
        };
        let divergence = DivergenceBox::around(surface.domain());
        let sgd = run_trajectory(
            OptimizerKind::Sgd,
            &surface,
            [1.0, 1.0],
            &hyper,
            20,
            noise,
            &divergence,
        );
        let momentum = run_trajectory(
            OptimizerKind::Momentum,
            &surface,
            [1.0, 1.0],
            &hyper,
            20,
            noise,
            &divergence,
        );
        assert_ne!(sgd.points, momentum.points);
        let exact = GradientNoise {
            standard_deviation: 0.0,
            seed: 7,
        };
        let sgd = run_trajectory(
            OptimizerKind::Sgd,
            &surface,
            [1.0, 1.0],
            &hyper,
            20,
            exact,
            &divergence,
        );
        let momentum = run_trajectory(
            OptimizerKind::Momentum,
            &surface,
            [1.0, 1.0],
            &hyper,
            20,
            exact,
            &divergence,
        );
        assert_eq!(sgd.points, momentum.points);
    }

    #[test]
    fn toggling_other_optimizers_leaves_adam_unchanged() {
        let alone = noisy_run(OptimizerKind::Adam, 99);
        let in_a_race: Vec<Trajectory> = OptimizerKind::ALL
            .iter()
            .map(|&kind| noisy_run(kind, 99))
            .collect();
        let adam_in_race = in_a_race
            .iter()
            .find(|run| run.kind == OptimizerKind::Adam)
            .unwrap();
        assert_eq!(&alone, adam_in_race);
        assert!(alone.points.len() > 100);
    }

    #[test]
    fn no_nan_ever_reaches_a_trajectory() {
        let rosenbrock = Surface::builtin(SurfaceKind::Rosenbrock, 1.0);
        let divergence = DivergenceBox::around(rosenbrock.domain());
        for noise in [
            GradientNoise::NONE,
            GradientNoise {
                standard_deviation: 100.0,
                seed: 3,
            },
        ] {
            for kind in OptimizerKind::ALL {
                let run = run_trajectory(
                    kind,
                    &rosenbrock,
                    [-1.5, 2.0],
                    &hyper_with_learning_rate(10.0),
                    500,
                    noise,
                    &divergence,
                );
                let finite = run
                    .points
                    .iter()
                    .flatten()
                    .chain(&run.losses)
                    .chain(&run.gradient_norms)
                    .all(|v| v.is_finite());
                assert!(finite, "{kind:?}");
                assert_eq!(run.points.len(), run.losses.len());
                assert_eq!(run.points.len(), run.gradient_norms.len());
                if kind == OptimizerKind::Sgd {
                    // The first step alone is 10·‖∇f‖ ≈ 1630 long, far outside the box.
                    assert_eq!(run.outcome, Outcome::Diverged { step: 1 });
                }
            }
        }
        // A formula with a pole: the iterate that lands where f is not finite is not stored.
        let pole = Surface::custom(Expr::parse("log(x) + y^2").unwrap(), Domain::square(2.0));
        let run = run_trajectory(
            OptimizerKind::Sgd,
            &pole,
            [0.5, 0.5],
            &hyper_with_learning_rate(1.0),
            10,
            GradientNoise::NONE,
            &DivergenceBox::around(pole.domain()),
        );
        // Step 1: x = 0.5 − 1·(1/0.5) = −1.5, where log is NaN.
        assert_eq!(run.outcome, Outcome::Diverged { step: 1 });
        assert_eq!(run.points, vec![[0.5, 0.5]]);
    }

    #[test]
    fn first_order_methods_make_progress_on_every_surface() {
        // A smoke check with a real assertion: with a small learning rate every first-order method
        // lowers the loss from the default start within 150 steps on every built-in surface but
        // the saddle, where the loss also decreases (towards −∞).
        for kind_of_surface in SurfaceKind::ALL {
            let surface = Surface::builtin(kind_of_surface, 10.0);
            for kind in OptimizerKind::ALL
                .into_iter()
                .filter(|kind| kind.is_first_order())
            {
                let run = run_trajectory(
                    kind,
                    &surface,
                    surface.default_start(),
                    &hyper_with_learning_rate(1e-3),
                    150,
                    GradientNoise::NONE,
                    &DivergenceBox::around(surface.domain()),
                );
                let (first, last) = (run.losses[0], *run.losses.last().unwrap());
                assert!(
                    last < first,
                    "{kind:?} on {kind_of_surface:?}: {first} → {last}"
                );
            }
        }
    }
}
