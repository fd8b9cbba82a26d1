//! The optimizer lab on error surfaces: nine optimizers raced on a heatmap with contours,
//! a rotatable 3-D view and a loss-vs-iteration chart, with divergence explained.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::drawing::{fill_style, format_tick, hash_of, line_style, text_style};
use super::legend::{Corner, PixelRect, emptiest_corner};
use super::params::{
    format_param_number, format_toggle, parse_choice, parse_integer, parse_number, parse_toggle,
};
use super::playhead::Playhead;
use super::plot_data::{
    GRID_SUMMARY_SIDE, grid_summary, point, short, thinned_indices, thinning_note,
};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame, Layer, Notice,
    NoticeLevel, PlotSpec, PlotTable, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error,
};
use crate::math::contour::{ScalarGrid, contour_lines};
use crate::math::expr::Expr;
use crate::math::optimizers::{
    DivergenceBox, GradientNoise, Hyperparameters, OptimizerKind, Outcome, StopReason, Trajectory,
    run_trajectory,
};
use crate::math::surfaces::{Domain, Surface, SurfaceKind, symmetric_eigenvalues_2x2};
use crate::render::chart::{
    AxisScale, ChartOptions, ChartParts, Series, SeriesMarker, chart_y_range, draw_line_chart,
};
use crate::render::colormap::ColourLookup;
use crate::render::dash::{draw_dashed_path, visible_dash_runs};
use crate::render::heatmap::{ColourScale, paint_heatmap};
use crate::render::surface3d::{Camera, SurfaceProjection, render_surface};
use crate::render::theme::{SERIES_COLOURS, series_dash};
use crate::render::viewport::Viewport;
use crate::render::{PlotGeometry, RgbaImage};

const SURFACES: &[(&str, &str)] = &[
    ("bowl", "Convex bowl"),
    ("elongated", "Elongated quadratic"),
    ("rosenbrock", "Rosenbrock"),
    ("himmelblau", "Himmelblau"),
    ("beale", "Beale"),
    ("saddle", "Saddle"),
    ("six-hump-camel", "Six-hump camel"),
    ("rastrigin", "Rastrigin"),
    ("plateau", "Plateau"),
    ("custom", "Custom f(x, y)"),
];

/// Each optimizer's on/off toggle, keyed by its id (the URL keys `sgd=1`, `adam=0`, ...).
macro_rules! optimizer_toggle {
    ($key:literal, $label:literal, $example:literal) => {
        ControlSpec {
            key: $key,
            aliases: &[],
            label: $label,
            kind: ControlKind::Toggle,
            help: concat!("Race ", $label),
            group: "Optimizers",
            example: $example,
        }
    };
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "surface",
        aliases: &[],
        label: "Surface",
        kind: ControlKind::Select { options: SURFACES },
        help: "The error surface f(x, y)",
        group: "Surface",
        example: "rosenbrock",
    },
    ControlSpec {
        key: "kappa",
        aliases: &["condition"],
        label: "Condition number κ",
        kind: ControlKind::Slider {
            min: 1.0,
            max: 1000.0,
            step: 0.01,
            log: true,
        },
        help: "Ratio of the largest to the smallest curvature of the elongated quadratic",
        group: "Surface",
        example: "100",
    },
    ControlSpec {
        key: "formula",
        aliases: &["f"],
        label: "Custom f(x, y)",
        kind: ControlKind::Text {
            placeholder: "e.g. sin(x)*cos(y) + 0.1*(x^2+y^2)",
        },
        help: "A formula in x and y: + − * / ^, sin cos tan exp log sqrt abs tanh, pi, e",
        group: "Surface",
        example: "x^2 + 3*y^2 + sin(3*x)",
    },
    ControlSpec {
        key: "extent",
        aliases: &[],
        label: "Custom window ±",
        kind: ControlKind::Slider {
            min: 0.5,
            max: 50.0,
            step: 0.1,
            log: true,
        },
        help: "Half-width of the plotted square for a custom formula",
        group: "Surface",
        example: "2",
    },
    optimizer_toggle!("sgd", "SGD", "0"),
    optimizer_toggle!("momentum", "Momentum", "0"),
    optimizer_toggle!("nesterov", "Nesterov", "1"),
    optimizer_toggle!("adagrad", "AdaGrad", "1"),
    optimizer_toggle!("rmsprop", "RMSProp", "1"),
    optimizer_toggle!("adam", "Adam", "0"),
    optimizer_toggle!("newton", "Newton", "1"),
    optimizer_toggle!("lbfgs", "L-BFGS", "1"),
    optimizer_toggle!("cg", "Conjugate gradient (CG)", "1"),
    ControlSpec {
        key: "lr",
        aliases: &["learning_rate"],
        label: "Learning rate η",
        kind: ControlKind::Slider {
            min: 1e-4,
            max: 10.0,
            step: 1e-4,
            log: true,
        },
        help: "The step size of every first-order optimizer",
        group: "Hyperparameters",
        example: "0.002",
    },
    ControlSpec {
        key: "mu",
        aliases: &[],
        label: "Momentum μ",
        kind: ControlKind::Slider {
            min: 0.0,
            max: 0.999,
            step: 0.001,
            log: false,
        },
        help: "Momentum coefficient of Momentum and Nesterov",
        group: "Hyperparameters",
        example: "0.5",
    },
    ControlSpec {
        key: "alpha",
        aliases: &[],
        label: "RMSProp α",
        kind: ControlKind::Slider {
            min: 0.5,
            max: 0.9999,
            step: 0.0001,
            log: false,
        },
        help: "Decay of RMSProp's running average of squared gradients",
        group: "Hyperparameters",
        example: "0.9",
    },
    ControlSpec {
        key: "beta1",
        aliases: &[],
        label: "Adam β₁",
        kind: ControlKind::Slider {
            min: 0.0,
            max: 0.999,
            step: 0.001,
            log: false,
        },
        help: "Decay of Adam's first-moment (mean) estimate",
        group: "Hyperparameters",
        example: "0.8",
    },
    ControlSpec {
        key: "beta2",
        aliases: &[],
        label: "Adam β₂",
        kind: ControlKind::Slider {
            min: 0.9,
            max: 0.99999,
            step: 0.00001,
            log: false,
        },
        help: "Decay of Adam's second-moment (uncentred variance) estimate",
        group: "Hyperparameters",
        example: "0.99",
    },
    ControlSpec {
        key: "iterations",
        aliases: &[],
        label: "Iterations",
        kind: ControlKind::Integer { min: 1, max: 2000 },
        help: "How many steps each optimizer takes",
        group: "Hyperparameters",
        example: "60",
    },
    ControlSpec {
        key: "noise",
        aliases: &[],
        label: "Gradient noise σ",
        kind: ControlKind::Slider {
            min: 0.0,
            max: 10.0,
            step: 0.01,
            log: false,
        },
        help: "Standard deviation of Gaussian noise added to each gradient component (simulates mini-batches)",
        group: "Hyperparameters",
        example: "0.5",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Noise seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 4_294_967_295,
        },
        help: "Fixes the random gradient noise",
        group: "Hyperparameters",
        example: "7",
    },
    ControlSpec {
        key: "x0",
        aliases: &[],
        label: "Start x",
        kind: ControlKind::Slider {
            min: -1000.0,
            max: 1000.0,
            step: 0.01,
            log: false,
        },
        help: "x of the start point (also set by clicking or dragging on the heatmap)",
        group: "Start point",
        example: "0.5",
    },
    ControlSpec {
        key: "y0",
        aliases: &[],
        label: "Start y",
        kind: ControlKind::Slider {
            min: -1000.0,
            max: 1000.0,
            step: 0.01,
            log: false,
        },
        help: "y of the start point",
        group: "Start point",
        example: "-0.5",
    },
    ControlSpec {
        key: "arrows",
        aliases: &[],
        label: "Gradient arrows",
        kind: ControlKind::Toggle,
        help: "Draw the field of −∇f directions",
        group: "View",
        example: "1",
    },
    ControlSpec {
        key: "yaw",
        aliases: &[],
        label: "3-D view turn",
        kind: ControlKind::Slider {
            min: -180.0,
            max: 180.0,
            step: 1.0,
            log: false,
        },
        help: "Rotation of the 3-D view about the vertical axis, in degrees (also by dragging it)",
        group: "View",
        example: "90",
    },
    ControlSpec {
        key: "pitch",
        aliases: &[],
        label: "3-D view tilt",
        kind: ControlKind::Slider {
            min: 6.0,
            max: 85.0,
            step: 1.0,
            log: false,
        },
        help: "Elevation of the 3-D view's camera, in degrees",
        group: "View",
        example: "60",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "step",
        help: "The iteration shown (all optimizers)",
    },
    ReadoutSpec {
        name: "{optimizer}.x",
        help: "x of that optimizer's iterate",
    },
    ReadoutSpec {
        name: "{optimizer}.y",
        help: "y of that optimizer's iterate",
    },
    ReadoutSpec {
        name: "{optimizer}.loss",
        help: "f at that optimizer's iterate",
    },
    ReadoutSpec {
        name: "{optimizer}.gradient-norm",
        help: "‖∇f‖ at that optimizer's iterate",
    },
    ReadoutSpec {
        name: "{optimizer}.step",
        help: "The iteration of that optimizer shown (less than `step` once it stopped)",
    },
    ReadoutSpec {
        name: "{optimizer}.status",
        help: "running, converged at step k, diverged at step k, or stopped and why",
    },
    ReadoutSpec {
        name: "cg.alpha",
        help: "Conjugate gradient: the step length α of the step into the iterate shown (exact on quadratics, strong Wolfe otherwise)",
    },
    ReadoutSpec {
        name: "cg.beta",
        help: "Conjugate gradient: β of that step's direction d = −g + β·d_prev (0 on a restart)",
    },
    ReadoutSpec {
        name: "cg.line-search",
        help: "Conjugate gradient: that step's direction (steepest descent or conjugate) and how α was found",
    },
    ReadoutSpec {
        name: "cg.evaluations",
        help: "Conjugate gradient: evaluations of f and ∇f so far, line-search trials included (the first-order methods use one per step)",
    },
    ReadoutSpec {
        name: "lambda-max",
        help: "Largest eigenvalue of the Hessian at the start point (everywhere for quadratics)",
    },
    ReadoutSpec {
        name: "lambda-min",
        help: "Smallest eigenvalue of the Hessian at the start point",
    },
    ReadoutSpec {
        name: "lr-limit",
        help: "2/λmax: plain gradient descent is stable for η below it (exact for quadratics, local otherwise); 0 when λmax ≤ 0",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "surface",
        title: "Paths on the error surface",
        alt: "Heatmap and contour lines of the error surface with each optimizer's path drawn on top; click or drag to move the start point, arrow keys nudge it.",
        aspect_ratio: 0.62,
        interactive: true,
    },
    PlotSpec {
        id: "surface-3d",
        title: "The surface in 3-D",
        alt: "A shaded 3-D view of the same surface with the paths; drag to rotate, arrow keys too.",
        aspect_ratio: 0.62,
        interactive: true,
    },
    PlotSpec {
        id: "loss",
        title: "Loss against iteration",
        alt: "Each optimizer's loss (minus the known minimum, on a log scale when it is known) against the iteration.",
        aspect_ratio: 0.5,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "gradient-descent",
    title: "Optimizers on error surfaces",
    chapter: Chapter::Optimization,
    summary: "Race SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam, Newton, L-BFGS and conjugate gradient on classic error surfaces or your own formula.",
    explanation: r#"The heatmap is the loss $f(x, y)$ (dark is low), with contour lines; each coloured path is one optimizer started from the white ring. Every first-order method sees only the gradient $g_t = \nabla f(\theta_{t-1})$ and uses the update rules and defaults of PyTorch's `torch.optim` documentation (no weight decay):

- **SGD**: $\theta_t = \theta_{t-1} - \eta\, g_t$
- **Momentum**: $b_t = \mu\, b_{t-1} + g_t$, $\theta_t = \theta_{t-1} - \eta\, b_t$; **Nesterov** steps with $g_t + \mu\, b_t$ instead.
- **AdaGrad**: $s_t = s_{t-1} + g_t^2$, $\theta_t = \theta_{t-1} - \eta\, g_t / (\sqrt{s_t} + 10^{-10})$
- **RMSProp**: $v_t = \alpha\, v_{t-1} + (1-\alpha)\, g_t^2$, $\theta_t = \theta_{t-1} - \eta\, g_t / (\sqrt{v_t} + 10^{-8})$
- **Adam**: $m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t$, $v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2$, $\theta_t = \theta_{t-1} - \eta\, \hat m_t / (\sqrt{\hat v_t} + 10^{-8})$ with $\hat m_t = m_t/(1-\beta_1^t)$, $\hat v_t = v_t/(1-\beta_2^t)$.

**Newton** uses the curvature too, $\theta_t = \theta_{t-1} - H^{-1} g_t$ with the exact Hessian $H$: it lands on a quadratic's minimum in one step, but it is drawn to saddle points as readily as to minima. **L-BFGS** builds an approximation of $H^{-1}$ from its last 10 steps and chooses each step length by a backtracking (Armijo) line search. **Conjugate gradient** (CG, off at first: tick it under Optimizers), which *Top 5 Must-Know Math Concepts for Deep Learning* lists next to gradient descent, Newton's method and L-BFGS, remembers only its last direction $d_{t-1}$ and bends the new one away from it:

$$d_t = -g_t + \beta_t\, d_{t-1}, \qquad \beta_t = \max\left(0, \frac{g_t^\top (g_t - g_{t-1})}{\lVert g_{t-1} \rVert^2}\right), \qquad \theta_t = \theta_{t-1} + \alpha_t\, d_t$$

This is the Polak–Ribière+ rule; CG restarts with the steepest descent $d_t = -g_t$ every 2 steps (there are only two dimensions) and whenever $d_t$ does not point downhill. It walks all the way to the lowest point along each line: on the quadratic surfaces (bowl, elongated quadratic, and the saddle wherever the line curves upwards) the step is exact, $\alpha_t = -g_t^\top d_t / d_t^\top H d_t$, and then the second direction is exactly conjugate to the first ($d_2^\top H d_1 = 0$): CG reaches the minimum of any 2-D quadratic in two steps, whatever κ (try the elongated quadratic with κ = 1000 and step through). On the other surfaces $\alpha_t$ is found by a line search that satisfies the strong Wolfe conditions $f(\theta_{t-1} + \alpha d_t) \le f(\theta_{t-1}) + c_1 \alpha\, g_t^\top d_t$ and $\lvert \nabla f(\theta_{t-1} + \alpha d_t)^\top d_t \rvert \le c_2 \lvert g_t^\top d_t \rvert$ with $c_1 = 10^{-4}$, $c_2 = 0.1$ (Nocedal & Wright's Algorithms 3.5 and 3.6: double the trial step until a minimum is bracketed, then shrink the bracket by cubic interpolation). Like Newton and L-BFGS it uses no learning rate and ignores the gradient noise. Its readouts show the step length $\alpha$, $\beta$ and how each step was found; a step counts as one iteration however many trial points its line search evaluated, so compare *CG f and ∇f evaluations* with the step number before calling it fast (each step of the first-order methods costs one gradient). Gradients and Hessians are exact (automatic differentiation), also for a typed formula. Choosing a surface also sets its start point and a learning rate at which plain SGD is stable there.

Why steps blow up: near a minimum $f$ is close to a quadratic with Hessian $H$, and gradient descent multiplies the error along each eigenvector of $H$ by $1 - \eta\lambda_i$. It converges only when every factor has magnitude below one:

$$\eta < \frac{2}{\lambda_{\max}}$$

The elongated quadratic $\tfrac12(x^2 + \kappa y^2)$ has $\lambda_{\max} = \kappa$: a large condition number forces a small $\eta$, and progress along the flat direction ($\lambda_{\min} = 1$) slows to a crawl; that is what momentum and the adaptive methods fix. An optimizer whose iterate leaves ten times the plotted window, or whose loss stops being finite, is marked **diverged** at that step and stops; the others race on. The loss chart shows $f(\theta_t) - f^\ast$ on a log scale when the minimum $f^\ast$ is known; an optimizer that reaches it exactly drops to the bottom of the chart."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(GradientDescentLab::default()),
};

/// Cached background pictures, rebuilt only when their inputs change.
#[derive(Clone, Debug, Default)]
struct BackgroundCache {
    heatmap_key: u64,
    heatmap: RgbaImage,
    surface3d_key: u64,
    surface3d: RgbaImage,
    projection: Option<SurfaceProjection>,
    contour_key: u64,
    contours: Vec<(f64, Vec<Vec<[f64; 2]>>)>,
    /// The colour scale of the shown window (from the contour grid).
    scale: Option<ColourScale>,
}

/// The state of the optimizer lab.
#[derive(Clone, Debug)]
pub struct GradientDescentLab {
    /// Which surface (the URL's `surface=`).
    surface_kind: SurfaceKind,
    /// κ of the elongated quadratic.
    condition_number: f64,
    /// The typed formula for `surface=custom` (kept even when another surface is shown).
    formula: String,
    /// Half-width of the custom formula's window.
    custom_extent: f64,
    /// The surface built from the fields above.
    surface: Surface,
    /// Which optimizers race, in `OptimizerKind::ALL` order.
    enabled: [bool; OPTIMIZER_COUNT],
    /// Learning rate, momentum and the adaptive methods' decay rates.
    hyper: Hyperparameters,
    /// How many steps each optimizer takes.
    iterations: usize,
    /// Standard deviation of the Gaussian gradient noise.
    noise: f64,
    /// Seed of the gradient noise.
    seed: u64,
    /// The start point (x, y).
    start: [f64; 2],
    /// Whether the −∇f arrow field is drawn.
    show_arrows: bool,
    /// The 3-D view's camera, in degrees as the URL writes it.
    yaw_degrees: f64,
    pitch_degrees: f64,
    /// The iteration shown (the animation reveals the paths up to here).
    playhead: Playhead,
    /// One trajectory per enabled optimizer, recomputed on every change.
    trajectories: Vec<Trajectory>,
    /// Drag state of the 3-D view: the last pointer position.
    rotate_anchor: Option<(f64, f64)>,
    cache: BackgroundCache,
}

/// How many optimizers the lab can race.
const OPTIMIZER_COUNT: usize = OptimizerKind::ALL.len();

/// The optimizers racing when a URL names none: one story, not nine overlapping paths.
/// SGD, Momentum and Adam are the three families (plain steps, accumulated velocity,
/// per-coordinate scaling); the others are a tick away under "Optimizers". Conjugate
/// gradient, added last, is off too, so links written before it existed keep their meaning.
const DEFAULT_ENABLED: [bool; OPTIMIZER_COUNT] = {
    let mut enabled = [false; OPTIMIZER_COUNT];
    let mut index = 0;
    while index < OptimizerKind::ALL.len() {
        enabled[index] = matches!(
            OptimizerKind::ALL[index],
            OptimizerKind::Sgd | OptimizerKind::Momentum | OptimizerKind::Adam
        );
        index += 1;
    }
    enabled
};

impl Default for GradientDescentLab {
    fn default() -> Self {
        // The opening picture: a valley fifty times steeper across than along (κ = 50) and
        // η = 0.036, just under SGD's limit 2/κ = 0.04. SGD zig-zags across the valley
        // (factor 1 − 0.036·50 = −0.8 per step) and crawls along it (0.964); Momentum
        // overshoots but arrives first; Adam moves about η per coordinate, straight at first,
        // and is still on its way after 100 steps: the three differ at a glance.
        let hyper = Hyperparameters {
            learning_rate: 0.036,
            ..Hyperparameters::default()
        };
        let condition_number = 50.0;
        let surface = Surface::builtin(SurfaceKind::Elongated, condition_number);
        let mut lab = Self {
            surface_kind: SurfaceKind::Elongated,
            condition_number,
            formula: "sin(x)*cos(y) + 0.1*(x^2 + y^2)".to_owned(),
            custom_extent: 4.0,
            start: surface.default_start(),
            surface,
            enabled: DEFAULT_ENABLED,
            hyper,
            iterations: 100,
            noise: 0.0,
            seed: 1,
            show_arrows: false,
            yaw_degrees: -35.0,
            pitch_degrees: 35.0,
            playhead: Playhead::default(),
            trajectories: Vec::new(),
            rotate_anchor: None,
            cache: BackgroundCache::default(),
        };
        lab.recompute();
        lab.playhead = Playhead::at_end(lab.max_step());
        lab
    }
}

/// A learning rate that makes an instructive race on each surface: plain SGD stays stable
/// from the default start (Rosenbrock's walls have curvature near 2,000 there, so 0.001),
/// while the others show their differences. The saddle has no minimum: everything escapes.
fn suggested_learning_rate(kind: SurfaceKind) -> f64 {
    match kind {
        SurfaceKind::Bowl => 0.1,
        // Just under 2/κ for the default κ = 50: SGD zig-zags but stays stable.
        SurfaceKind::Elongated => 0.036,
        SurfaceKind::Rosenbrock | SurfaceKind::Beale | SurfaceKind::Saddle => 0.001,
        SurfaceKind::Himmelblau => 0.005,
        SurfaceKind::SixHumpCamel | SurfaceKind::Custom => 0.02,
        SurfaceKind::Rastrigin => 0.002,
        SurfaceKind::Plateau => 0.5,
    }
}

impl GradientDescentLab {
    /// Rebuilds the surface from its parameters; the formula was validated when it was set.
    fn rebuild_surface(&mut self) {
        self.surface = match self.surface_kind {
            SurfaceKind::Custom => match Expr::parse(&self.formula) {
                Ok(expression) => {
                    let h = self.custom_extent;
                    Surface::custom(
                        expression,
                        Domain {
                            x_min: -h,
                            x_max: h,
                            y_min: -h,
                            y_max: h,
                        },
                    )
                }
                Err(_) => Surface::builtin(SurfaceKind::Custom, self.condition_number),
            },
            kind => Surface::builtin(kind, self.condition_number),
        };
    }

    /// Reruns every enabled optimizer; cheap (microseconds per hundred steps), so it is done
    /// on every change rather than incrementally.
    fn recompute(&mut self) {
        let noise = GradientNoise {
            standard_deviation: self.noise,
            seed: self.seed,
        };
        let divergence = DivergenceBox {
            domain: self.surface.domain(),
        };
        self.trajectories = OptimizerKind::ALL
            .iter()
            .zip(self.enabled)
            .filter(|(_, on)| *on)
            .map(|(&kind, _)| {
                run_trajectory(
                    kind,
                    &self.surface,
                    self.start,
                    &self.hyper,
                    self.iterations,
                    noise,
                    &divergence,
                )
            })
            .collect();
        self.playhead.set_last(self.max_step());
    }

    /// Each optimizer's palette colour (and with it its dash, `theme::series_dash`). The
    /// three shown by default get the three most distinct colours (blue, vermillion, bluish
    /// green); Nesterov, Momentum's variant, the ochre next to Momentum's vermillion; the
    /// second-order methods the quiet slate grey and azure; conjugate gradient the magenta,
    /// bright enough to see in the darkest valley where it ends.
    fn colour_of(kind: OptimizerKind) -> [u8; 3] {
        let index = match kind {
            OptimizerKind::Sgd => 0,
            OptimizerKind::Momentum => 1,
            OptimizerKind::Adam => 2,
            OptimizerKind::RmsProp => 3,
            OptimizerKind::Nesterov => 4,
            OptimizerKind::Lbfgs => 5,
            OptimizerKind::AdaGrad => 6,
            OptimizerKind::Newton => 7,
            OptimizerKind::ConjugateGradient => 8,
        };
        SERIES_COLOURS[index]
    }

    /// The shown window: the surface's domain widened in one direction so that x and y have
    /// the same scale (contours keep their true shape and gradients stay perpendicular).
    fn surface_viewport(&self, width: f64, height: f64) -> Viewport {
        super::drawing::equal_scale_viewport(&self.surface.domain(), width, height)
    }

    fn surface_key(&self) -> u64 {
        hash_of((
            self.surface_kind,
            self.condition_number.to_bits(),
            &self.formula,
            self.custom_extent.to_bits(),
        ))
    }

    fn camera(&self) -> Camera {
        Camera {
            yaw: self.yaw_degrees.to_radians(),
            pitch: self.pitch_degrees.to_radians(),
            // Fill more of the plot than the renderer's neutral default.
            zoom: 1.35,
        }
    }

    fn colour_scale(&self, grid: &ScalarGrid) -> ColourScale {
        ColourScale::for_grid(grid, self.surface.known_minimum_value())
    }

    /// The value grid behind the heatmap: one sample per 2×2 CSS pixels. The canvas scales it
    /// up smoothly and the contours drawn over it are vectors at full resolution, so the
    /// picture looks the same while a slider that reshapes the surface stays at 60 fps.
    fn heatmap_grid(&self, viewport: &Viewport, geometry: &PlotGeometry) -> ScalarGrid {
        let columns = ((geometry.css_width / 2.0).round() as usize).clamp(2, 800);
        let rows = ((geometry.css_height / 2.0).round() as usize).clamp(2, 600);
        let surface = &self.surface;
        ScalarGrid::sample(
            |x, y| surface.value(x, y),
            viewport.x_range,
            viewport.y_range,
            columns,
            rows,
        )
    }

    /// Samples the shown window on a coarse grid for the contour lines and the colour scale
    /// (shared by heatmap, contours and 3-D view so their colours agree); cached per surface.
    fn ensure_contours(&mut self, viewport: &Viewport) {
        let key = hash_of((
            self.surface_key(),
            viewport.x_range.0.to_bits(),
            viewport.x_range.1.to_bits(),
            viewport.y_range.0.to_bits(),
            viewport.y_range.1.to_bits(),
        ));
        if self.cache.contour_key == key && self.cache.scale.is_some() {
            return;
        }
        let surface = &self.surface;
        let grid = ScalarGrid::sample(
            |x, y| surface.value(x, y),
            viewport.x_range,
            viewport.y_range,
            160,
            100,
        );
        let scale = self.colour_scale(&grid);
        self.cache.contours = scale
            .contour_levels(14)
            .into_iter()
            .map(|level| (level, contour_lines(&grid, level)))
            .collect();
        self.cache.scale = Some(scale);
        self.cache.contour_key = key;
    }

    fn draw_surface_background<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let geometry = frame.geometry;
        let viewport = self
            .surface_viewport(geometry.css_width, geometry.css_height)
            .scaled(geometry.device_pixel_ratio);
        self.ensure_contours(&self.surface_viewport(geometry.css_width, geometry.css_height));
        let contour_style = ShapeStyle {
            color: RGBAColor(255, 255, 255, 0.35),
            filled: false,
            stroke_width: frame.px(1.0).round().max(1.0) as u32,
        };
        for (_, lines) in &self.cache.contours {
            for line in lines {
                let pixels: Vec<(i32, i32)> =
                    line.iter().map(|p| to_pixel_i32(&viewport, *p)).collect();
                area.draw(&PathElement::new(pixels, contour_style))
                    .map_err(draw_error)?;
            }
        }
        if self.show_arrows {
            self.draw_arrows(area, frame, &viewport)?;
        }
        let marker = line_style([255, 255, 255], frame, 1.5);
        for [x, y] in self.surface.minimizers() {
            let (px, py) = to_pixel_i32(&viewport, [x, y]);
            let r = frame.px(5.0) as i32;
            area.draw(&PathElement::new(
                vec![(px - r, py - r), (px + r, py + r)],
                marker,
            ))
            .map_err(draw_error)?;
            area.draw(&PathElement::new(
                vec![(px - r, py + r), (px + r, py - r)],
                marker,
            ))
            .map_err(draw_error)?;
        }
        // Axis ticks inside the picture: the heatmap fills the canvas edge to edge.
        let label_style = text_style(frame, 11.0, [255, 255, 255]);
        for (x, y, text) in axis_ticks(&viewport) {
            area.draw(&Text::new(text, (x, y), label_style.clone()))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_arrows<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
        viewport: &Viewport,
    ) -> DrawResult {
        let spacing = frame.px(36.0);
        let columns = (viewport.width / spacing).floor().max(1.0) as usize;
        let rows = (viewport.height / spacing).floor().max(1.0) as usize;
        let style = ShapeStyle {
            color: RGBAColor(255, 255, 255, 0.7),
            filled: false,
            stroke_width: frame.px(1.2).round().max(1.0) as u32,
        };
        let samples: Vec<(f64, f64, [f64; 2])> = (0..rows)
            .flat_map(|row| (0..columns).map(move |column| (column, row)))
            .map(|(column, row)| {
                let px = viewport.left + (column as f64 + 0.5) * viewport.width / columns as f64;
                let py = viewport.top + (row as f64 + 0.5) * viewport.height / rows as f64;
                let (x, y) = viewport.to_model(px, py);
                (px, py, self.surface.gradient(x, y))
            })
            .collect();
        // Lengths grow with log(1 + |∇f|) relative to the largest, so both steep walls and
        // gentle valleys show a direction.
        let largest = samples
            .iter()
            .map(|(_, _, g)| (1.0 + g[0].hypot(g[1])).ln())
            .filter(|m| m.is_finite())
            .fold(0.0, f64::max);
        if largest <= 0.0 {
            return Ok(());
        }
        for (px, py, g) in samples {
            let norm = g[0].hypot(g[1]);
            if !norm.is_finite() || norm == 0.0 {
                continue;
            }
            let length = spacing * 0.8 * ((1.0 + norm).ln() / largest).max(0.15);
            // Screen y points down, so −∂f/∂y maps to +y on screen.
            let (dx, dy) = (-g[0] / norm * length, g[1] / norm * length);
            let tip = (px + dx, py + dy);
            let head = length * 0.3;
            let angle = dy.atan2(dx);
            let wing = |side: f64| {
                let a = angle + std::f64::consts::PI * (1.0 - side * 0.15);
                (
                    (tip.0 + head * a.cos()) as i32,
                    (tip.1 + head * a.sin()) as i32,
                )
            };
            let tip_i = (tip.0 as i32, tip.1 as i32);
            area.draw(&PathElement::new(
                vec![(px as i32, py as i32), tip_i],
                style,
            ))
            .map_err(draw_error)?;
            area.draw(&PathElement::new(vec![wing(1.0), tip_i, wing(-1.0)], style))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    /// Draws the paths up to the shown step, the current points and the start ring.
    fn draw_paths<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
        to_pixel: impl Fn([f64; 2], f64) -> Option<(i32, i32)>,
    ) -> DrawResult {
        for trajectory in &self.trajectories {
            let colour = Self::colour_of(trajectory.kind);
            let last = self.playhead.shown.min(trajectory.points.len() - 1);
            let pixels: Vec<(i32, i32)> = trajectory.points[..=last]
                .iter()
                .zip(&trajectory.losses)
                .filter_map(|(p, loss)| to_pixel(*p, *loss))
                .collect();
            // Each optimizer's dash tells the paths apart without colour; a dark under-stroke
            // along the same dashes keeps the colour readable on bright and dark heatmap areas.
            let points: Vec<(f64, f64)> = pixels
                .iter()
                .map(|&(x, y)| (f64::from(x), f64::from(y)))
                .collect();
            let pattern: Vec<f64> = series_dash(colour).iter().map(|l| frame.px(*l)).collect();
            let size = area.dim_in_pixel();
            for run in visible_dash_runs(&points, &pattern, size, frame.px(8.0)) {
                let run: Vec<(i32, i32)> = run.iter().map(|&(x, y)| (x as i32, y as i32)).collect();
                area.draw(&PathElement::new(
                    run.clone(),
                    line_style([20, 20, 20], frame, 3.5),
                ))
                .map_err(draw_error)?;
                area.draw(&PathElement::new(run, line_style(colour, frame, 2.0)))
                    .map_err(draw_error)?;
            }
            if let Some(&tip) = pixels.last() {
                let radius = frame.px(4.5) as i32;
                area.draw(&Circle::new(tip, radius, fill_style(colour)))
                    .map_err(draw_error)?;
                area.draw(&Circle::new(
                    tip,
                    radius,
                    line_style([20, 20, 20], frame, 1.0),
                ))
                .map_err(draw_error)?;
                let stopped_here = matches!(trajectory.outcome, Outcome::Diverged { step } | Outcome::Stopped { step, .. } if step <= self.playhead.shown);
                if stopped_here {
                    let r = radius * 2;
                    let cross = line_style(colour, frame, 2.5);
                    area.draw(&PathElement::new(
                        vec![(tip.0 - r, tip.1 - r), (tip.0 + r, tip.1 + r)],
                        cross,
                    ))
                    .map_err(draw_error)?;
                    area.draw(&PathElement::new(
                        vec![(tip.0 - r, tip.1 + r), (tip.0 + r, tip.1 - r)],
                        cross,
                    ))
                    .map_err(draw_error)?;
                }
            }
        }
        let start_loss = self.surface.value(self.start[0], self.start[1]);
        if let Some(start) = to_pixel(self.start, start_loss) {
            let radius = frame.px(7.0) as i32;
            area.draw(&Circle::new(
                start,
                radius,
                line_style([20, 20, 20], frame, 4.0),
            ))
            .map_err(draw_error)?;
            area.draw(&Circle::new(
                start,
                radius,
                line_style([255, 255, 255], frame, 2.0),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    /// What the heatmap's key must not cover, in device pixels: every path as drawn (up to
    /// the shown step), the start ring, the minimizers' crosses and the tick labels along the
    /// bottom and left edges.
    fn heatmap_obstacles(&self, viewport: &Viewport, frame: &Frame) -> Vec<Vec<(f64, f64)>> {
        let pixel = |p: [f64; 2]| {
            let (x, y) = to_pixel_i32(viewport, p);
            (f64::from(x), f64::from(y))
        };
        let mut lines: Vec<Vec<(f64, f64)>> = self
            .trajectories
            .iter()
            .map(|t| {
                let last = self.playhead.shown.min(t.points.len() - 1);
                t.points[..=last].iter().map(|p| pixel(*p)).collect()
            })
            .collect();
        let ring = frame.px(9.0);
        for centre in std::iter::once(self.start).chain(self.surface.minimizers()) {
            let (x, y) = pixel(centre);
            lines.push(vec![(x - ring, y), (x + ring, y)]);
            lines.push(vec![(x, y - ring), (x, y + ring)]);
        }
        let (glyph, height) = (frame.font(11.0) * 0.56, frame.px(12.0));
        for (x, y, text) in axis_ticks(viewport) {
            let (x, y) = (f64::from(x), f64::from(y) + height / 2.0);
            lines.push(vec![(x, y), (x + glyph * text.chars().count() as f64, y)]);
        }
        lines
    }

    /// A compact key on a dark veil: which colour and dash is which optimizer, in the corner
    /// of the heatmap that the paths, the start and the tick labels leave free.
    fn draw_legend<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
        viewport: &Viewport,
    ) -> DrawResult {
        if self.trajectories.is_empty() {
            return Ok(());
        }
        let row = frame.px(15.0);
        let size = (
            frame.px(92.0),
            row * self.trajectories.len() as f64 + frame.px(6.0),
        );
        let plot = PixelRect {
            left: 0.0,
            top: 0.0,
            right: frame.geometry.pixel_width() as f64,
            bottom: frame.geometry.pixel_height() as f64,
        };
        let inset = frame.px(6.0);
        let obstacles = self.heatmap_obstacles(viewport, frame);
        let corner = emptiest_corner(&plot, size, inset, &obstacles, Corner::TopRight);
        let placed = plot.corner_box(corner, size, inset);
        let (left, top) = (placed.left, placed.top);
        let panel = ShapeStyle {
            color: RGBAColor(20, 20, 20, 0.6),
            filled: true,
            stroke_width: 0,
        };
        area.draw(&Rectangle::new(
            [
                (left as i32, top as i32),
                (placed.right as i32, placed.bottom as i32),
            ],
            panel,
        ))
        .map_err(draw_error)?;
        let text = text_style(frame, 11.0, [255, 255, 255]);
        for (index, trajectory) in self.trajectories.iter().enumerate() {
            let y = top + frame.px(4.0) + row * (index as f64 + 0.5);
            let x = left + frame.px(6.0);
            let colour = Self::colour_of(trajectory.kind);
            // The swatch is long enough to show one period of the path's dash.
            draw_dashed_path(
                area,
                &[(x, y), (x + frame.px(20.0), y)],
                series_dash(colour),
                frame.px(1.0),
                line_style(colour, frame, 3.0),
            )?;
            let label_at = ((x + frame.px(25.0)) as i32, (y - frame.px(6.0)) as i32);
            area.draw(&Text::new(trajectory.kind.label(), label_at, text.clone()))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    /// Builds the loss chart's series and options and hands them to `use_chart`: the frame
    /// layer (axes, legend) and the series layer are drawn from the same description, and
    /// the background key is derived from it too.
    fn with_loss_chart<R>(
        &self,
        frame: &Frame,
        parts: ChartParts,
        use_chart: impl FnOnce(&[Series], &ChartOptions) -> R,
    ) -> R {
        let minimum = self.surface.known_minimum_value();
        // The points must outlive the `Series` that borrow them, so they are built first.
        let mut point_lists: Vec<Vec<(f64, f64)>> = self
            .trajectories
            .iter()
            .map(|t| {
                let last = self.playhead.shown.min(t.losses.len() - 1);
                t.losses[..=last]
                    .iter()
                    .enumerate()
                    .map(|(k, &loss)| (k as f64, minimum.map_or(loss, |m| loss - m)))
                    .collect()
            })
            .collect();
        if minimum.is_some() {
            // An optimizer that lands exactly on the minimum (Newton on a quadratic) has
            // f − f* = 0, which a log axis cannot show: draw it at the bottom of the chart,
            // a decade below the smallest positive value, instead of dropping the point.
            let smallest = point_lists
                .iter()
                .flatten()
                .map(|&(_, y)| y)
                .filter(|y| *y > 0.0)
                .fold(f64::INFINITY, f64::min);
            let floor = if smallest.is_finite() {
                smallest / 10.0
            } else {
                1e-16
            };
            for (_, y) in point_lists.iter_mut().flatten() {
                if *y <= 0.0 {
                    *y = floor;
                }
            }
        }
        let series: Vec<Series> = self
            .trajectories
            .iter()
            .zip(&point_lists)
            .map(|(t, points)| {
                let diverged =
                    matches!(t.outcome, Outcome::Diverged { step } if step <= self.playhead.shown);
                Series {
                    label: t.kind.label(),
                    colour: Self::colour_of(t.kind),
                    points,
                    marker: Some(if diverged {
                        SeriesMarker::CrossAtLastPoint
                    } else {
                        SeriesMarker::DotAtLastPoint
                    }),
                }
            })
            .collect();
        let options = ChartOptions {
            title: None,
            x_label: "iteration",
            y_label: if minimum.is_some() {
                "f(θ) − f*"
            } else {
                "f(θ)"
            },
            y_scale: if minimum.is_some() {
                AxisScale::Log
            } else {
                AxisScale::Linear
            },
            x_range: Some((0.0, self.iterations as f64)),
            theme: frame.theme,
            font_px: frame.font(11.0),
            line_px: frame.px(1.8),
            legend: true,
            parts,
        };
        use_chart(&series, &options)
    }

    fn draw_loss_chart<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
        parts: ChartParts,
    ) -> DrawResult {
        self.with_loss_chart(frame, parts, |series, options| {
            draw_line_chart(area, series, options)
        })
    }

    /// Changes when the loss chart's frame must be redrawn: its snapped y range, x range,
    /// scale and legend entries.
    fn loss_chart_frame_key(&self) -> u64 {
        let frame = Frame::light(1.0, 1.0, 1.0);
        self.with_loss_chart(&frame, ChartParts::Frame, |series, options| {
            let (low, high) = chart_y_range(series, options);
            let labels: Vec<&str> = series.iter().map(|s| s.label).collect();
            hash_of((
                low.to_bits(),
                high.to_bits(),
                options.y_scale == AxisScale::Log,
                self.iterations,
                labels,
            ))
        })
    }

    fn hessian_eigenvalues_at_start(&self) -> [f64; 2] {
        symmetric_eigenvalues_2x2(self.surface.hessian(self.start[0], self.start[1]))
    }

    fn learning_rate_limit(&self) -> f64 {
        let lambda_max = self.hessian_eigenvalues_at_start()[1];
        if lambda_max > 0.0 {
            2.0 / lambda_max
        } else {
            0.0
        }
    }

    /// Why an optimizer diverged, in terms of its own stability rule. For a quadratic with
    /// largest Hessian eigenvalue λ, gradient descent is stable for ηλ < 2, heavy-ball
    /// momentum for ηλ < 2(1 + μ) and Nesterov's method for ηλ < 2(1 + μ)/(1 + 2μ) (from the
    /// eigenvalues of their linear recurrences); adaptive methods rescale the gradient, so
    /// their step is about η per coordinate whatever the curvature.
    fn divergence_reason(&self, kind: OptimizerKind) -> String {
        let lambda_max = self.hessian_eigenvalues_at_start()[1];
        let eta = self.hyper.learning_rate;
        let mu = self.hyper.momentum;
        let where_ = if self.surface.has_constant_hessian() {
            ""
        } else {
            " (near the start)"
        };
        let limit = |factor: f64, formula: &str| {
            let limit = factor / lambda_max;
            if lambda_max > 0.0 && eta >= limit {
                Some(format!(
                    "η = {} is above its stability limit {formula} = {}{where_}.",
                    format_param_number(eta),
                    super::format_number(limit)
                ))
            } else {
                None
            }
        };
        let rule = match kind {
            OptimizerKind::Sgd => limit(2.0, "2/λmax"),
            OptimizerKind::Momentum => limit(2.0 * (1.0 + mu), "2(1 + μ)/λmax"),
            OptimizerKind::Nesterov => limit(
                2.0 * (1.0 + mu) / (1.0 + 2.0 * mu),
                "2(1 + μ)/((1 + 2μ)λmax)",
            ),
            OptimizerKind::AdaGrad | OptimizerKind::RmsProp | OptimizerKind::Adam => Some(format!(
                "adaptive methods move each coordinate by roughly η per step whatever the slope, and η = {} overshoots this surface.",
                format_param_number(eta)
            )),
            OptimizerKind::Newton | OptimizerKind::Lbfgs => Some(
                "its local quadratic model (negative or tiny curvature) sent it far away."
                    .to_owned(),
            ),
            OptimizerKind::ConjugateGradient => Some(
                "f kept falling along its search line as far as the line search looks: the surface has no minimum that way."
                    .to_owned(),
            ),
        };
        rule.unwrap_or_else(|| {
            "its steps grew until they left ten times the plotted window.".to_owned()
        })
    }

    /// The surface as the select names it ("Elongated quadratic (κ = 20)", "f(x, y) = …").
    fn surface_label(&self) -> String {
        let name = SURFACES
            .iter()
            .find(|(id, _)| *id == self.surface_kind.id())
            .map_or("The surface", |(_, label)| *label);
        match self.surface_kind {
            SurfaceKind::Elongated => format!("{name} (κ = {})", short(self.condition_number)),
            SurfaceKind::Custom => format!("f(x, y) = {}", self.formula),
            _ => name.to_owned(),
        }
    }

    /// Conjugate gradient's `cg.alpha`, `cg.beta`, `cg.line-search` and `cg.evaluations` at
    /// iterate `k`: how the step into it was found, and what the run has cost so far. They
    /// are listed apart from the optimizers' table (no group), which would otherwise grow four
    /// columns that are empty for every other optimizer.
    fn line_search_readouts(trajectory: &Trajectory, k: usize) -> Vec<Readout> {
        let name = trajectory.kind.label();
        let id = trajectory.kind.id();
        let readout = |key: &str, label: &str, value: ReadoutValue| Readout {
            name: format!("{id}.{key}"),
            label: format!("{name} {label}"),
            value,
            group: String::new(),
        };
        let none_yet = || ReadoutValue::Text("no step yet".into());
        let step = k
            .checked_sub(1)
            .and_then(|i| trajectory.line_searches.get(i));
        let how = step.map_or_else(none_yet, |search| {
            // A restart, or Polak–Ribière+ clipping a negative β to 0, both step along −g.
            let direction = if search.restarted || search.beta == 0.0 {
                "steepest descent"
            } else {
                "conjugate"
            };
            let length = if search.exact {
                "exact α".to_owned()
            } else {
                let trials = search.evaluations;
                format!(
                    "strong Wolfe α after {trials} trial{}",
                    if trials == 1 { "" } else { "s" }
                )
            };
            ReadoutValue::Text(format!("{direction}, {length}"))
        });
        // The start costs one evaluation of f and ∇f; each step what its search evaluated.
        let evaluations = 1 + trajectory.line_searches[..k.min(trajectory.line_searches.len())]
            .iter()
            .map(|search| search.evaluations)
            .sum::<usize>();
        vec![
            readout(
                "alpha",
                "step length α",
                step.map_or_else(none_yet, |s| ReadoutValue::Number(s.step_length)),
            ),
            readout(
                "beta",
                "β",
                step.map_or_else(none_yet, |s| ReadoutValue::Number(s.beta)),
            ),
            readout("line-search", "step", how),
            readout(
                "evaluations",
                "f and ∇f evaluations",
                ReadoutValue::Integer(evaluations as i64),
            ),
        ]
    }

    fn status_text(&self, trajectory: &Trajectory) -> String {
        match trajectory.outcome {
            Outcome::Diverged { step } if step <= self.playhead.shown => {
                format!("diverged at step {step}")
            }
            Outcome::Converged { step } if step <= self.playhead.shown => {
                format!("converged at step {step}")
            }
            Outcome::Stopped { step, reason } if step <= self.playhead.shown => match reason {
                StopReason::SingularHessian => format!("stopped at step {step}: singular Hessian"),
                StopReason::LineSearchFailed => {
                    format!("stopped at step {step}: line search failed")
                }
            },
            _ => "running".to_owned(),
        }
    }

    fn set_start_from_pixel(&mut self, x: f64, y: f64, css_width: f64, css_height: f64) -> bool {
        let viewport = self.surface_viewport(css_width, css_height);
        let (mx, my) = viewport.to_model(x, y);
        let round = |v: f64| (v * 1000.0).round() / 1000.0;
        let Domain {
            x_min,
            x_max,
            y_min,
            y_max,
        } = self.surface.domain();
        self.start = [round(mx.clamp(x_min, x_max)), round(my.clamp(y_min, y_max))];
        self.recompute();
        true
    }
}

pub(super) fn to_pixel_i32(viewport: &Viewport, p: [f64; 2]) -> (i32, i32) {
    let (x, y) = viewport.to_pixel(p[0], p[1]);
    // Far-away iterates of a diverging run would overflow; clamp well outside the canvas.
    (x.clamp(-1e5, 1e5) as i32, y.clamp(-1e5, 1e5) as i32)
}

/// Round tick positions along the bottom and left edges, labelled inside the picture.
pub(super) fn axis_ticks(viewport: &Viewport) -> Vec<(i32, i32, String)> {
    let nice_step = |span: f64| {
        let raw = span / 5.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(raw)
    };
    let mut ticks = Vec::new();
    let (x0, x1) = viewport.x_range;
    let step = nice_step(x1 - x0);
    let mut x = (x0 / step).ceil() * step;
    while x < x1 - step * 0.3 {
        let (px, _) = viewport.to_pixel(x, 0.0);
        ticks.push((
            px as i32 + 3,
            (viewport.top + viewport.height - viewport.height * 0.05) as i32,
            format_tick(x, step),
        ));
        x += step;
    }
    let (y0, y1) = viewport.y_range;
    let step = nice_step(y1 - y0);
    let mut y = (y0 / step).ceil() * step;
    while y < y1 - step * 0.3 {
        let (_, py) = viewport.to_pixel(0.0, y);
        ticks.push((
            (viewport.left + viewport.width * 0.01) as i32,
            py as i32 - 2,
            format_tick(y, step),
        ));
        y += step;
    }
    ticks
}

/// The most rows the paths' data table holds over all optimizers together.
const PATH_TABLE_ROWS: usize = 480;

impl DrawDemo for GradientDescentLab {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let geometry = frame.geometry;
        match (plot, layer) {
            (0, Layer::Background) => self.draw_surface_background(area, frame),
            (0, Layer::Foreground) => {
                let viewport = self
                    .surface_viewport(geometry.css_width, geometry.css_height)
                    .scaled(geometry.device_pixel_ratio);
                self.draw_paths(area, frame, |p, _| Some(to_pixel_i32(&viewport, p)))?;
                self.draw_legend(area, frame, &viewport)
            }
            (1, Layer::Background) => Ok(()),
            (1, Layer::Foreground) => {
                let Some(projection) = self.cache.projection else {
                    return Ok(());
                };
                // The raster is rendered at CSS resolution; paths are drawn at device pixels.
                let scale = geometry.device_pixel_ratio;
                self.draw_paths(area, frame, |p, loss| {
                    projection.project(p[0], p[1], loss).map(|(x, y)| {
                        (
                            (x * scale).clamp(-1e5, 1e5) as i32,
                            (y * scale).clamp(-1e5, 1e5) as i32,
                        )
                    })
                })
            }
            (_, Layer::Background) => self.draw_loss_chart(area, frame, ChartParts::Frame),
            (_, Layer::Foreground) => self.draw_loss_chart(area, frame, ChartParts::Series),
        }
    }
}

impl Demo for GradientDescentLab {
    fn param(&self, key: &str) -> Option<String> {
        if let Some(index) = OptimizerKind::ALL.iter().position(|k| k.id() == key) {
            return Some(format_toggle(self.enabled[index]));
        }
        Some(match key {
            "surface" => self.surface_kind.id().to_owned(),
            "kappa" => format_param_number(self.condition_number),
            "formula" => self.formula.clone(),
            "extent" => format_param_number(self.custom_extent),
            "lr" => format_param_number(self.hyper.learning_rate),
            "mu" => format_param_number(self.hyper.momentum),
            "alpha" => format_param_number(self.hyper.rmsprop_alpha),
            "beta1" => format_param_number(self.hyper.beta1),
            "beta2" => format_param_number(self.hyper.beta2),
            "iterations" => self.iterations.to_string(),
            "noise" => format_param_number(self.noise),
            "seed" => self.seed.to_string(),
            "x0" => format_param_number(self.start[0]),
            "y0" => format_param_number(self.start[1]),
            "arrows" => format_toggle(self.show_arrows),
            "yaw" => format_param_number(self.yaw_degrees),
            "pitch" => format_param_number(self.pitch_degrees),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        if let Some(index) = OptimizerKind::ALL.iter().position(|k| k.id() == key) {
            self.enabled[index] = parse_toggle(value)?;
        } else {
            match key {
                "surface" => {
                    let kind = SurfaceKind::from_id(parse_choice(value, SURFACES)?)
                        .ok_or("unknown surface")?;
                    if kind != self.surface_kind {
                        self.surface_kind = kind;
                        self.rebuild_surface();
                        // A new surface gets its own interesting start and a learning rate at
                        // which plain SGD is stable there; a URL sets lr, x0 and y0 after it.
                        self.start = self.surface.default_start();
                        self.hyper.learning_rate = suggested_learning_rate(kind);
                    }
                }
                "kappa" => {
                    self.condition_number = parse_number(value, 1.0, 1000.0)?;
                    self.rebuild_surface();
                }
                "formula" => {
                    let expression = super::params::parse_formula(value)?;
                    self.formula = expression.source().to_owned();
                    self.rebuild_surface();
                }
                "extent" => {
                    self.custom_extent = parse_number(value, 0.5, 50.0)?;
                    self.rebuild_surface();
                }
                "lr" => self.hyper.learning_rate = parse_number(value, 1e-4, 10.0)?,
                "mu" => self.hyper.momentum = parse_number(value, 0.0, 0.999)?,
                "alpha" => self.hyper.rmsprop_alpha = parse_number(value, 0.5, 0.9999)?,
                "beta1" => self.hyper.beta1 = parse_number(value, 0.0, 0.999)?,
                "beta2" => self.hyper.beta2 = parse_number(value, 0.9, 0.99999)?,
                "iterations" => self.iterations = parse_integer(value, 1, 2000)? as usize,
                "noise" => self.noise = parse_number(value, 0.0, 10.0)?,
                "seed" => self.seed = parse_integer(value, 0, 4_294_967_295)? as u64,
                "x0" | "y0" => {
                    let Domain {
                        x_min,
                        x_max,
                        y_min,
                        y_max,
                    } = self.surface.domain();
                    let (axis, low, high) = if key == "x0" {
                        (0, x_min, x_max)
                    } else {
                        (1, y_min, y_max)
                    };
                    self.start[axis] = parse_number(value, low, high)
                        .map_err(|e| format!("{e} (the plotted window of this surface)"))?;
                }
                "arrows" => self.show_arrows = parse_toggle(value)?,
                "yaw" => self.yaw_degrees = parse_number(value, -180.0, 180.0)?,
                "pitch" => self.pitch_degrees = parse_number(value, 6.0, 85.0)?,
                _ => return Err(format!("“{key}” is not a setting of this demo")),
            }
        }
        if !matches!(key, "arrows" | "yaw" | "pitch") {
            self.recompute();
        }
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        let enabled = |kind: OptimizerKind| {
            self.enabled[OptimizerKind::ALL
                .iter()
                .position(|&k| k == kind)
                .unwrap_or(0)]
        };
        match key {
            "kappa" => self.surface_kind == SurfaceKind::Elongated,
            "formula" | "extent" => self.surface_kind == SurfaceKind::Custom,
            "mu" => enabled(OptimizerKind::Momentum) || enabled(OptimizerKind::Nesterov),
            "alpha" => enabled(OptimizerKind::RmsProp),
            "beta1" | "beta2" => enabled(OptimizerKind::Adam),
            "seed" => self.noise > 0.0,
            _ => true,
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "lr" => {
                let limit = self.learning_rate_limit();
                let place = if self.surface.has_constant_hessian() {
                    ""
                } else {
                    " near the start"
                };
                if limit > 0.0 {
                    let verdict = if self.hyper.learning_rate < limit {
                        "stable"
                    } else {
                        "unstable"
                    };
                    Some(format!(
                        "Plain gradient descent is stable{place} for η < 2/λmax = {}: this η is {verdict}.",
                        super::format_number(limit)
                    ))
                } else {
                    Some(format!(
                        "The Hessian{place} has no positive eigenvalue: no step size makes plain gradient descent settle there."
                    ))
                }
            }
            _ => None,
        }
    }

    fn slider_range(&self, key: &str) -> Option<(f64, f64)> {
        let Domain {
            x_min,
            x_max,
            y_min,
            y_max,
        } = self.surface.domain();
        match key {
            "x0" => Some((x_min, x_max)),
            "y0" => Some((y_min, y_max)),
            _ => None,
        }
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.iterations
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn advance_frame(&mut self) -> bool {
        // About two and a half seconds for any iteration count.
        self.playhead.advance(self.iterations.div_ceil(150))
    }

    fn readouts(&self) -> Vec<Readout> {
        let number = |name: String, label: &str, value: f64, group: &str| Readout {
            name,
            label: label.to_owned(),
            value: ReadoutValue::Number(value),
            group: group.to_owned(),
        };
        let [lambda_min, lambda_max] = self.hessian_eigenvalues_at_start();
        let mut readouts = vec![
            Readout {
                name: "step".into(),
                label: "Step".into(),
                value: ReadoutValue::Integer(self.playhead.shown as i64),
                group: String::new(),
            },
            number("lambda-max".into(), "λmax of the Hessian", lambda_max, ""),
            number("lambda-min".into(), "λmin of the Hessian", lambda_min, ""),
            number(
                "lr-limit".into(),
                "Stability limit 2/λmax",
                self.learning_rate_limit(),
                "",
            ),
        ];
        for trajectory in &self.trajectories {
            let id = trajectory.kind.id();
            let group = trajectory.kind.label();
            let k = self.playhead.shown.min(trajectory.points.len() - 1);
            let [x, y] = trajectory.points[k];
            readouts.push(number(format!("{id}.x"), "x", x, group));
            readouts.push(number(format!("{id}.y"), "y", y, group));
            readouts.push(number(
                format!("{id}.loss"),
                "f(x, y)",
                trajectory.losses[k],
                group,
            ));
            readouts.push(number(
                format!("{id}.gradient-norm"),
                "‖∇f‖",
                trajectory.gradient_norms[k],
                group,
            ));
            readouts.push(Readout {
                name: format!("{id}.step"),
                label: "step".into(),
                value: ReadoutValue::Integer(k as i64),
                group: group.into(),
            });
            readouts.push(Readout {
                name: format!("{id}.status"),
                label: "status".into(),
                value: ReadoutValue::Text(self.status_text(trajectory)),
                group: group.into(),
            });
            if trajectory.kind == OptimizerKind::ConjugateGradient {
                readouts.extend(Self::line_search_readouts(trajectory, k));
            }
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        for trajectory in &self.trajectories {
            match trajectory.outcome {
                Outcome::Diverged { step } if step <= self.playhead.shown => {
                    let why = self.divergence_reason(trajectory.kind);
                    notices.push(Notice {
                        level: NoticeLevel::Warning,
                        text: format!("{} diverged at step {step}: {why}", trajectory.kind.label()),
                    });
                }
                Outcome::Stopped { step, reason } if step <= self.playhead.shown => {
                    let why = match reason {
                        StopReason::SingularHessian => {
                            "the Hessian is singular there, so the Newton step is undefined"
                        }
                        StopReason::LineSearchFailed
                            if trajectory.kind == OptimizerKind::ConjugateGradient =>
                        {
                            "no step along its line meets the strong Wolfe conditions (f has a kink or a pole on that line, or changes by less than its rounding)"
                        }
                        StopReason::LineSearchFailed => {
                            "the line search found no step that lowers f"
                        }
                    };
                    notices.push(Notice {
                        level: NoticeLevel::Info,
                        text: format!("{} stopped at step {step}: {why}.", trajectory.kind.label()),
                    });
                }
                _ => {}
            }
        }
        if self.trajectories.is_empty() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "No optimizer is switched on: tick one under Optimizers.".into(),
            });
        }
        notices
    }

    fn background_key(&self, plot: usize) -> u64 {
        match plot {
            0 => hash_of((self.surface_key(), self.show_arrows)),
            1 => hash_of((
                self.surface_key(),
                self.yaw_degrees.to_bits(),
                self.pitch_degrees.to_bits(),
            )),
            _ => self.loss_chart_frame_key(),
        }
    }

    fn background_raster(&mut self, plot: usize, frame: &Frame) -> Option<&RgbaImage> {
        let geometry = frame.geometry;
        let size_key = (
            geometry.css_width.to_bits(),
            geometry.css_height.to_bits(),
            frame.theme.background,
        );
        match plot {
            0 => {
                let key = hash_of((self.surface_key(), size_key));
                if self.cache.heatmap_key != key || self.cache.heatmap.width == 0 {
                    let viewport = self.surface_viewport(geometry.css_width, geometry.css_height);
                    self.ensure_contours(&viewport);
                    let grid = self.heatmap_grid(&viewport, &geometry);
                    let scale = self.cache.scale.unwrap_or_else(|| self.colour_scale(&grid));
                    paint_heatmap(
                        &grid,
                        &scale,
                        &ColourLookup::viridis(),
                        &mut self.cache.heatmap,
                    );
                    self.cache.heatmap_key = key;
                }
                Some(&self.cache.heatmap)
            }
            1 => {
                let key = hash_of((self.background_key(1), size_key));
                if self.cache.surface3d_key != key || self.cache.surface3d.width == 0 {
                    let domain = self.surface.domain();
                    let surface = &self.surface;
                    let grid = ScalarGrid::sample(
                        |x, y| surface.value(x, y),
                        (domain.x_min, domain.x_max),
                        (domain.y_min, domain.y_max),
                        64,
                        64,
                    );
                    let scale = self.colour_scale(&grid);
                    let width = (geometry.css_width.round() as u32).clamp(2, 1600);
                    let height = (geometry.css_height.round() as u32).clamp(2, 1200);
                    self.cache.surface3d.resize(width, height);
                    let projection = render_surface(
                        &grid,
                        &scale,
                        &ColourLookup::viridis(),
                        &self.camera(),
                        frame.theme.background,
                        &mut self.cache.surface3d,
                    );
                    self.cache.projection = Some(projection);
                    self.cache.surface3d_key = key;
                }
                Some(&self.cache.surface3d)
            }
            _ => None,
        }
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        match (plot, input.phase) {
            (0, PointerPhase::Down | PointerPhase::Drag) => {
                self.set_start_from_pixel(input.x, input.y, input.css_width, input.css_height)
            }
            (1, PointerPhase::Down) => {
                self.rotate_anchor = Some((input.x, input.y));
                false
            }
            (1, PointerPhase::Drag) => {
                let Some((x, y)) = self.rotate_anchor else {
                    return false;
                };
                self.rotate_anchor = Some((input.x, input.y));
                let degrees_per_pixel = 180.0 / input.css_width.max(1.0);
                let yaw = (self.yaw_degrees - (input.x - x) * degrees_per_pixel + 540.0)
                    .rem_euclid(360.0)
                    - 180.0;
                self.yaw_degrees = yaw.round();
                self.pitch_degrees = (self.pitch_degrees + (input.y - y) * degrees_per_pixel)
                    .clamp(6.0, 85.0)
                    .round();
                true
            }
            (1, PointerPhase::Up) => {
                self.rotate_anchor = None;
                false
            }
            _ => false,
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        match plot {
            0 => {
                let Domain {
                    x_min,
                    x_max,
                    y_min,
                    y_max,
                } = self.surface.domain();
                let step = (x_max - x_min).max(y_max - y_min) / 100.0;
                let (dx, dy) = match key {
                    "ArrowLeft" => (-step, 0.0),
                    "ArrowRight" => (step, 0.0),
                    "ArrowUp" => (0.0, step),
                    "ArrowDown" => (0.0, -step),
                    _ => return false,
                };
                let round = |v: f64| (v * 1000.0).round() / 1000.0;
                self.start = [
                    round((self.start[0] + dx).clamp(x_min, x_max)),
                    round((self.start[1] + dy).clamp(y_min, y_max)),
                ];
                self.recompute();
                true
            }
            1 => {
                let (yaw, pitch) = match key {
                    "ArrowLeft" => (-5.0, 0.0),
                    "ArrowRight" => (5.0, 0.0),
                    "ArrowUp" => (0.0, 5.0),
                    "ArrowDown" => (0.0, -5.0),
                    _ => return false,
                };
                self.yaw_degrees = (self.yaw_degrees + yaw + 540.0).rem_euclid(360.0) - 180.0;
                self.pitch_degrees = (self.pitch_degrees + pitch).clamp(6.0, 85.0);
                true
            }
            _ => false,
        }
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        let shown = self.playhead.shown;
        let racing = if self.trajectories.is_empty() {
            "no optimizer is switched on".to_owned()
        } else {
            self.trajectories
                .iter()
                .map(|t| t.kind.label())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut table = match plot {
            0 => {
                // Each series is thinned so that all of them together stay a readable table.
                let per_series = (PATH_TABLE_ROWS / self.trajectories.len().max(1)).clamp(10, 100);
                let mut table = PlotTable::new(
                    format!(
                        "Each optimizer's path from the start to step {shown} ({racing}), at most {per_series} evenly spaced steps each, always with the first and the last"
                    ),
                    &["Optimizer", "step", "x", "y", "f(x, y)"],
                );
                for trajectory in &self.trajectories {
                    let last = shown.min(trajectory.points.len() - 1);
                    let (indices, _) = thinned_indices(last + 1, per_series);
                    for k in indices {
                        let [x, y] = trajectory.points[k];
                        table.push_labelled(
                            trajectory.kind.label(),
                            &[k as f64, x, y, trajectory.losses[k]],
                        );
                    }
                }
                table
            }
            1 => {
                let Domain {
                    x_min,
                    x_max,
                    y_min,
                    y_max,
                } = self.surface.domain();
                grid_summary(
                    format!(
                        "The surface f(x, y) of the 3-D view (and of the heatmap) sampled on an {GRID_SUMMARY_SIDE} × {GRID_SUMMARY_SIDE} grid: one row per y, one column per x"
                    ),
                    (x_min, x_max),
                    (y_min, y_max),
                    GRID_SUMMARY_SIDE,
                    |x, y| self.surface.value(x, y),
                )
            }
            2 => {
                let minimum = self.surface.known_minimum_value();
                let mut columns = vec!["step"];
                columns.extend(self.trajectories.iter().map(|t| t.kind.label()));
                let (indices, stride) = thinned_indices(shown + 1, 100);
                let what = if minimum.is_some() {
                    "f − f* (the loss above the known minimum)"
                } else {
                    "the loss f"
                };
                let mut table = PlotTable::new(
                    format!(
                        "Each optimizer's {what} against the iteration{}",
                        thinning_note(stride, "step")
                    ),
                    &columns,
                );
                for k in indices {
                    let mut row = vec![ReadoutValue::Integer(k as i64)];
                    row.extend(self.trajectories.iter().map(|t| {
                        match t.losses.get(k) {
                            Some(loss) => ReadoutValue::Number(minimum.map_or(*loss, |m| loss - m)),
                            // A run ends early when it converges, diverges or stops.
                            None => ReadoutValue::Text(
                                match t.outcome {
                                    Outcome::Converged { .. } => "converged",
                                    Outcome::Diverged { .. } => "diverged",
                                    _ => "stopped",
                                }
                                .to_owned(),
                            ),
                        }
                    }));
                    table.rows.push(row);
                }
                table
            }
            _ => return None,
        };
        if table.rows.is_empty() {
            let mut row = vec![ReadoutValue::Text("no optimizer is switched on".to_owned())];
            row.resize(table.columns.len(), ReadoutValue::Text(String::new()));
            table.rows.push(row);
        }
        Some(table)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        let shown = self.playhead.shown;
        let surface = self.surface_label();
        let positions = || {
            self.trajectories
                .iter()
                .map(|t| {
                    let k = shown.min(t.points.len() - 1);
                    let [x, y] = t.points[k];
                    let status = match self.status_text(t).as_str() {
                        "running" => String::new(),
                        status => format!(", {status}"),
                    };
                    format!(
                        "{} at {}, loss {}{status}",
                        t.kind.label(),
                        point(x, y),
                        short(t.losses[k])
                    )
                })
                .collect::<Vec<_>>()
        };
        if self.trajectories.is_empty() {
            return Some(format!(
                "{surface} from {}; no optimizer is switched on.",
                point(self.start[0], self.start[1])
            ));
        }
        Some(match plot {
            0 => format!(
                "{surface} from {}, after {shown} of {} steps: {}.",
                point(self.start[0], self.start[1]),
                self.iterations,
                positions().join("; ")
            ),
            1 => {
                let Domain {
                    x_min,
                    x_max,
                    y_min,
                    y_max,
                } = self.surface.domain();
                format!(
                    "{surface} in 3-D over x from {} to {} and y from {} to {}, seen from yaw {}° and pitch {}°; the paths after {shown} steps: {}.",
                    short(x_min),
                    short(x_max),
                    short(y_min),
                    short(y_max),
                    short(self.yaw_degrees),
                    short(self.pitch_degrees),
                    positions().join("; ")
                )
            }
            2 => {
                let minimum = self.surface.known_minimum_value();
                let gaps: Vec<(&str, f64)> = self
                    .trajectories
                    .iter()
                    .map(|t| {
                        let loss = t.losses[shown.min(t.losses.len() - 1)];
                        (t.kind.label(), minimum.map_or(loss, |m| loss - m))
                    })
                    .collect();
                let lowest = gaps
                    .iter()
                    .min_by(|a, b| a.1.total_cmp(&b.1))
                    .map(|(name, _)| *name)
                    .unwrap_or_default();
                format!(
                    "{} after {shown} steps: {}; lowest: {lowest}.",
                    if minimum.is_some() {
                        "Loss above the minimum"
                    } else {
                        "Loss"
                    },
                    gaps.iter()
                        .map(|(name, gap)| format!("{name} {}", short(*gap)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readout(lab: &GradientDescentLab, name: &str) -> ReadoutValue {
        lab.readouts()
            .into_iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no readout {name}"))
            .value
    }

    /// The lab with all nine optimizers racing (the default shows three).
    fn lab_with_every_optimizer() -> GradientDescentLab {
        let mut lab = GradientDescentLab::default();
        for kind in OptimizerKind::ALL {
            lab.set_param(kind.id(), "1").unwrap();
        }
        lab
    }

    #[test]
    fn the_lab_opens_on_three_optimizers_that_tell_apart() {
        let lab = GradientDescentLab::default();
        let shown: Vec<&str> = lab.trajectories.iter().map(|t| t.kind.id()).collect();
        assert_eq!(shown, ["sgd", "momentum", "adam"]);
        assert_eq!(
            lab.current_step(),
            100,
            "the finished race, not an empty plot"
        );
        let loss = |id: &str| match readout(&lab, &format!("{id}.loss")) {
            ReadoutValue::Number(v) => v,
            other => panic!("{other:?}"),
        };
        // f = ½(x² + 50y²) from (−2.5, 1.5) with η = 0.036: nobody diverges, and after 100
        // steps Momentum is closest, then SGD (its x error shrinks by 0.964 per step: x ≈
        // −2.5·0.964¹⁰⁰ ≈ −0.064, f ≈ 0.002), then Adam: each far from the others.
        let sgd_x = -2.5 * 0.964f64.powi(100);
        assert!(
            (loss("sgd") - 0.5 * sgd_x * sgd_x).abs() < 1e-6,
            "{}",
            loss("sgd")
        );
        assert!(loss("momentum") * 5.0 < loss("sgd"));
        assert!(loss("sgd") * 5.0 < loss("adam"));
        for id in shown {
            let ReadoutValue::Text(status) = readout(&lab, &format!("{id}.status")) else {
                panic!()
            };
            assert_eq!(status, "running", "{id}");
        }
        assert!(lab.learning_rate_limit() > lab.hyper.learning_rate);
        // The other optimizers stay a URL key away.
        let mut more = GradientDescentLab::default();
        let rejected = super::super::apply_params(
            &INFO,
            &mut more,
            &[("nesterov".into(), "1".into()), ("adam".into(), "0".into())],
        );
        assert!(rejected.is_empty());
        let shown: Vec<&str> = more.trajectories.iter().map(|t| t.kind.id()).collect();
        assert_eq!(shown, ["sgd", "momentum", "nesterov"]);
    }

    #[test]
    fn every_optimizer_has_its_own_colour_and_the_default_three_the_clearest() {
        let colours: Vec<[u8; 3]> = OptimizerKind::ALL
            .iter()
            .map(|&k| GradientDescentLab::colour_of(k))
            .collect();
        for (i, a) in colours.iter().enumerate() {
            assert!(!colours[i + 1..].contains(a), "{a:?} used twice");
        }
        let of = GradientDescentLab::colour_of;
        assert_eq!(of(OptimizerKind::Sgd), SERIES_COLOURS[0]);
        assert_eq!(of(OptimizerKind::Momentum), SERIES_COLOURS[1]);
        assert_eq!(of(OptimizerKind::Adam), SERIES_COLOURS[2]);
        assert_eq!(of(OptimizerKind::Newton), SERIES_COLOURS[7]);
        assert_eq!(of(OptimizerKind::ConjugateGradient), SERIES_COLOURS[8]);
    }

    #[test]
    fn conjugate_gradient_is_off_by_default_and_solves_a_quadratic_in_two_steps() {
        // Off by default: an old link without `cg` races what it raced before.
        let lab = GradientDescentLab::default();
        assert_eq!(lab.param("cg").as_deref(), Some("0"));
        assert!(lab.readouts().iter().all(|r| !r.name.starts_with("cg.")));
        // The link of the e2e test: κ = 1000 from the default start (−2.5, 1.5), paused at step 2.
        let mut lab = GradientDescentLab::default();
        let params: Vec<(String, String)> = [
            ("surface", "elongated"),
            ("kappa", "1000"),
            ("cg", "1"),
            ("steps", "2"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert!(super::super::apply_params(&INFO, &mut lab, &params).is_empty());
        assert_eq!(lab.current_step(), 2);
        let number = |lab: &GradientDescentLab, name: &str| match readout(lab, name) {
            ReadoutValue::Number(v) => v,
            other => panic!("{name}: {other:?}"),
        };
        // The minimum of ½(x² + 1000y²) is (0, 0) with f = 0.
        assert!(
            number(&lab, "cg.x").abs() < 1e-12,
            "{}",
            number(&lab, "cg.x")
        );
        assert!(
            number(&lab, "cg.y").abs() < 1e-12,
            "{}",
            number(&lab, "cg.y")
        );
        assert!(number(&lab, "cg.loss") < 1e-20);
        assert!(number(&lab, "cg.gradient-norm") < 1e-10);
        assert_eq!(
            readout(&lab, "cg.status"),
            ReadoutValue::Text("converged at step 2".into())
        );
        // How the two steps were found (mpmath at 40 digits, the same recurrence: α₀ = gᵀg/gᵀHg,
        // β = g₁ᵀ(g₁ − g₀)/‖g₀‖², α₁ = −g₁ᵀd₁/d₁ᵀHd₁): α₁ = 0.99999722500770831192…,
        // β = 2.7722249845987500641…e-6; α₀ = 0.0010000027749999922916…
        let relative = |got: f64, want: f64| (got / want - 1.0).abs() < 1e-9;
        assert!(relative(number(&lab, "cg.alpha"), 0.999_997_225_007_708_3));
        assert!(relative(number(&lab, "cg.beta"), 2.772_224_984_598_75e-6));
        assert_eq!(
            readout(&lab, "cg.line-search"),
            ReadoutValue::Text("conjugate, exact α".into())
        );
        // One evaluation at the start and one at each new iterate.
        assert_eq!(readout(&lab, "cg.evaluations"), ReadoutValue::Integer(3));
        lab.go_to_step(0);
        assert_eq!(
            readout(&lab, "cg.alpha"),
            ReadoutValue::Text("no step yet".into())
        );
        assert_eq!(readout(&lab, "cg.evaluations"), ReadoutValue::Integer(1));
        // One step earlier it is still on its way: steepest descent with the exact step.
        lab.go_to_step(1);
        assert!(relative(
            number(&lab, "cg.alpha"),
            0.001_000_002_774_999_992_3
        ));
        assert_eq!(readout(&lab, "cg.beta"), ReadoutValue::Number(0.0));
        assert_eq!(
            readout(&lab, "cg.line-search"),
            ReadoutValue::Text("steepest descent, exact α".into())
        );
        assert!(number(&lab, "cg.gradient-norm") > 1e-3);
        assert_eq!(
            readout(&lab, "cg.status"),
            ReadoutValue::Text("running".into())
        );
        // CG has no learning rate: the lr control does not move it.
        let before = lab.trajectories.clone();
        lab.set_param("lr", "0.5").unwrap();
        let cg = |runs: &[Trajectory]| {
            runs.iter()
                .find(|t| t.kind == OptimizerKind::ConjugateGradient)
                .cloned()
                .unwrap()
        };
        assert_eq!(cg(&before), cg(&lab.trajectories));
    }

    #[test]
    fn conjugate_gradient_reports_its_wolfe_searches_on_rosenbrock() {
        let mut lab = GradientDescentLab::default();
        lab.set_param("surface", "rosenbrock").unwrap();
        lab.set_param("cg", "1").unwrap();
        let cg = lab
            .trajectories
            .iter()
            .find(|t| t.kind == OptimizerKind::ConjugateGradient)
            .unwrap()
            .clone();
        // Converged at step 40 (see math::optimizers), inside the 100 iterations shown.
        assert_eq!(cg.outcome, Outcome::Converged { step: 40 });
        assert_eq!(cg.line_searches.len(), 40);
        lab.go_to_step(40);
        let ReadoutValue::Text(how) = readout(&lab, "cg.line-search") else {
            panic!()
        };
        assert!(how.contains("strong Wolfe α after"), "{how}");
        let ReadoutValue::Integer(evaluations) = readout(&lab, "cg.evaluations") else {
            panic!()
        };
        let total: usize = cg.line_searches.iter().map(|s| s.evaluations).sum();
        assert_eq!(evaluations as usize, 1 + total);
        // Every step costs at least one evaluation, and a Wolfe search sometimes several.
        assert!(evaluations > 41, "{evaluations}");
        // Restarts every second step: steps 1, 3, 5, … start from steepest descent.
        for (index, search) in cg.line_searches.iter().enumerate() {
            if index % 2 == 0 {
                assert!(search.restarted && search.beta == 0.0, "step {}", index + 1);
            }
            assert!(!search.exact);
            assert!(search.step_length > 0.0);
        }
    }

    #[test]
    fn conjugate_gradient_explains_where_it_ends() {
        let notices = |lab: &GradientDescentLab| -> Vec<String> {
            lab.notices().into_iter().map(|n| n.text).collect()
        };
        // The saddle x² − y²: the second line has negative curvature, f falls without end.
        let mut lab = GradientDescentLab::default();
        lab.set_param("surface", "saddle").unwrap();
        lab.set_param("cg", "1").unwrap();
        assert!(
            notices(&lab)
                .contains(&"CG diverged at step 2: f kept falling along its search line as far as the line search looks: the surface has no minimum that way.".to_owned()),
            "{:?}",
            notices(&lab)
        );
        // A kink: abs(x) + abs(y) from (0.7, −0.4).
        let mut lab = GradientDescentLab::default();
        lab.set_param("cg", "1").unwrap();
        lab.set_param("surface", "custom").unwrap();
        lab.set_param("formula", "abs(x) + abs(y)").unwrap();
        lab.set_param("x0", "0.7").unwrap();
        lab.set_param("y0", "-0.4").unwrap();
        assert_eq!(
            readout(&lab, "cg.status"),
            ReadoutValue::Text("stopped at step 1: line search failed".into())
        );
        assert!(
            notices(&lab).iter().any(|n| n.starts_with(
                "CG stopped at step 1: no step along its line meets the strong Wolfe conditions"
            )),
            "{:?}",
            notices(&lab)
        );
    }

    #[test]
    fn the_explanation_names_the_article_and_the_line_search() {
        let explanation = INFO.explanation;
        assert!(explanation.contains("*Top 5 Must-Know Math Concepts for Deep Learning*"));
        assert!(explanation.contains("**Conjugate gradient**"));
        assert!(explanation.contains("Polak–Ribière+"));
        assert!(explanation.contains("c_1 = 10^{-4}") && explanation.contains("c_2 = 0.1"));
        assert!(explanation.contains("Algorithms 3.5 and 3.6"));
        assert!(INFO.summary.contains("conjugate gradient"));
    }

    #[test]
    fn the_heatmap_key_avoids_the_paths() {
        let lab = GradientDescentLab::default();
        let frame = Frame::light(600.0, 372.0, 1.0);
        let viewport = lab.surface_viewport(600.0, 372.0);
        let obstacles = lab.heatmap_obstacles(&viewport, &frame);
        let plot = PixelRect {
            left: 0.0,
            top: 0.0,
            right: 600.0,
            bottom: 372.0,
        };
        let size = (92.0, 15.0 * 3.0 + 6.0);
        let corner = emptiest_corner(&plot, size, 6.0, &obstacles, Corner::TopRight);
        let placed = plot.corner_box(corner, size, 6.0);
        assert_eq!(super::super::legend::data_under(&placed, &obstacles), 0);
        // The start (−2.5, 1.5) is in the top-left of the window, so the key is elsewhere.
        assert_ne!(corner, Corner::TopLeft);
    }

    #[test]
    fn data_tables_hold_the_paths_the_surface_and_the_losses() {
        // Every optimizer (Newton included) for 150 iterations on κ = 20.
        let mut lab = lab_with_every_optimizer();
        lab.set_param("kappa", "20").unwrap();
        lab.set_param("iterations", "150").unwrap();
        // The paths: every optimizer starts at the start point, and the last row of each is
        // the position its readouts show.
        let paths = lab.plot_table(0).unwrap();
        assert!(paths.rows.len() <= PATH_TABLE_ROWS);
        for trajectory in &lab.trajectories {
            let id = trajectory.kind.id();
            let label = ReadoutValue::Text(trajectory.kind.label().to_owned());
            let rows: Vec<_> = paths.rows.iter().filter(|r| r[0] == label).collect();
            assert!(rows.len() >= 2 && rows.len() <= 60, "{id}: {}", rows.len());
            assert_eq!(
                rows[0][1..4],
                [
                    ReadoutValue::Number(0.0),
                    ReadoutValue::Number(lab.start[0]),
                    ReadoutValue::Number(lab.start[1])
                ]
            );
            let last = rows.last().unwrap();
            assert_eq!(last[2], readout(&lab, &format!("{id}.x")), "{id}");
            assert_eq!(last[3], readout(&lab, &format!("{id}.y")), "{id}");
            assert_eq!(last[4], readout(&lab, &format!("{id}.loss")), "{id}");
        }
        // The grid: the elongated quadratic ½(x² + κy²) with κ = 20, the closed form at each
        // sample (the headings give x, the first column y).
        let grid = lab.plot_table(1).unwrap();
        assert_eq!(grid.rows.len(), GRID_SUMMARY_SIDE);
        let number = |cell: &ReadoutValue| match cell {
            ReadoutValue::Number(x) => *x,
            other => panic!("{other:?}"),
        };
        let Domain { x_min, x_max, .. } = lab.surface.domain();
        for row in &grid.rows {
            let y = number(&row[0]);
            for (i, cell) in row[1..].iter().enumerate() {
                let x = x_min + (x_max - x_min) * i as f64 / (GRID_SUMMARY_SIDE - 1) as f64;
                let expected = 0.5 * (x * x + 20.0 * y * y);
                assert!((number(cell) - expected).abs() <= 1e-12 * expected.max(1.0));
            }
        }
        // Newton lands on the minimum of a quadratic in one step and its run ends there: the
        // table (every 2nd of 151 steps) shows f − f* at step 0, then "converged".
        let losses = lab.plot_table(2).unwrap();
        let newton = losses.columns.iter().position(|c| c == "Newton").unwrap();
        let start_gap = 0.5 * (lab.start[0].powi(2) + 20.0 * lab.start[1].powi(2));
        assert!((number(&losses.rows[0][newton]) - start_gap).abs() < 1e-12 * start_gap);
        assert_eq!(losses.rows[1][0], ReadoutValue::Integer(2));
        assert_eq!(
            losses.rows[1][newton],
            ReadoutValue::Text("converged".into())
        );
        let description = lab.plot_description(0).unwrap();
        assert!(
            description.starts_with("Elongated quadratic (κ = 20) from "),
            "{description}"
        );
    }

    #[test]
    fn stability_limit_of_the_elongated_quadratic_is_two_over_kappa() {
        let mut lab = lab_with_every_optimizer();
        lab.set_param("kappa", "50").unwrap();
        // f = ½(x² + κy²): Hessian diag(1, κ), so λmax = 50 and the limit is 2/50 = 0.04.
        assert_eq!(readout(&lab, "lambda-max"), ReadoutValue::Number(50.0));
        assert_eq!(readout(&lab, "lr-limit"), ReadoutValue::Number(0.04));
        lab.set_param("lr", "0.05").unwrap();
        let ReadoutValue::Text(status) = readout(&lab, "sgd.status") else {
            panic!()
        };
        assert!(status.starts_with("diverged at step"), "{status}");
        assert!(
            lab.notices()
                .iter()
                .any(|n| n.text.contains("above its stability limit 2/λmax = 0.04"))
        );
        // The others keep racing: Newton still converges in one step.
        assert_eq!(readout(&lab, "newton.loss"), ReadoutValue::Number(0.0));
        lab.set_param("lr", "0.039").unwrap();
        let ReadoutValue::Text(status) = readout(&lab, "sgd.status") else {
            panic!()
        };
        assert!(!status.starts_with("diverged"), "{status}");
    }

    #[test]
    fn momentum_and_nesterov_diverge_exactly_past_their_own_limits() {
        let mut lab = lab_with_every_optimizer();
        lab.set_param("kappa", "50").unwrap();
        let diverged = |lab: &GradientDescentLab, id: &str| matches!(readout(lab, &format!("{id}.status")), ReadoutValue::Text(t) if t.starts_with("diverged"));
        // Heavy ball on λ = 50 with μ = 0.9 is stable for η < 2(1 + μ)/λ = 0.076: at η = 0.08
        // the recurrence's roots are −1.5 and −0.6; at η = 0.07 both have modulus √0.9.
        lab.set_param("lr", "0.08").unwrap();
        assert!(diverged(&lab, "momentum"));
        assert!(
            lab.notices()
                .iter()
                .any(|n| n.text.contains("2(1 + μ)/λmax = 0.076"))
        );
        lab.set_param("lr", "0.07").unwrap();
        assert!(!diverged(&lab, "momentum"));
        // Nesterov: η < 2(1 + μ)/((1 + 2μ)λ) = 3.8/140 ≈ 0.02714; at η = 0.03 a root is
        // ≈ −1.297, at η = 0.025 the roots are ≈ −0.768 and 0.293.
        lab.set_param("lr", "0.03").unwrap();
        assert!(diverged(&lab, "nesterov"));
        lab.set_param("lr", "0.025").unwrap();
        assert!(!diverged(&lab, "nesterov"));
    }

    #[test]
    fn each_surface_suggests_a_learning_rate_at_which_sgd_does_not_diverge() {
        for kind in SurfaceKind::ALL {
            if kind == SurfaceKind::Saddle {
                continue; // unbounded below: every method escapes, by design
            }
            let mut lab = GradientDescentLab::default();
            lab.set_param("surface", kind.id()).unwrap();
            assert_eq!(lab.hyper.learning_rate, suggested_learning_rate(kind));
            let ReadoutValue::Text(status) = readout(&lab, "sgd.status") else {
                panic!()
            };
            assert!(!status.starts_with("diverged"), "{}: {status}", kind.id());
        }
        // A URL's lr comes after its surface and wins.
        let mut lab = GradientDescentLab::default();
        let rejected = super::super::apply_params(
            &INFO,
            &mut lab,
            &[
                ("lr".into(), "0.0003".into()),
                ("surface".into(), "rosenbrock".into()),
            ],
        );
        assert!(rejected.is_empty());
        assert_eq!(lab.param("lr").as_deref(), Some("0.0003"));
    }

    #[test]
    fn newton_reaches_the_minimum_at_step_one() {
        let mut lab = lab_with_every_optimizer();
        lab.go_to_step(1);
        assert_eq!(readout(&lab, "newton.x"), ReadoutValue::Number(0.0));
        assert_eq!(readout(&lab, "newton.y"), ReadoutValue::Number(0.0));
    }

    #[test]
    fn clicking_the_heatmap_sets_the_start_point() {
        let mut lab = GradientDescentLab::default();
        let viewport = lab.surface_viewport(600.0, 372.0);
        let (px, py) = viewport.to_pixel(1.0, -1.0);
        let input = PointerInput {
            phase: PointerPhase::Down,
            x: px,
            y: py,
            css_width: 600.0,
            css_height: 372.0,
        };
        assert!(lab.pointer(0, input));
        assert_eq!(
            (
                lab.param("x0").unwrap().as_str(),
                lab.param("y0").unwrap().as_str()
            ),
            ("1", "-1")
        );
    }

    #[test]
    fn a_formula_error_is_reported_and_the_last_good_formula_kept() {
        let mut lab = lab_with_every_optimizer();
        lab.set_param("surface", "custom").unwrap();
        let error = lab.set_param("formula", "sin(x) +").unwrap_err();
        assert!(error.starts_with("The formula has an error"), "{error}");
        assert_eq!(
            lab.param("formula").unwrap(),
            "sin(x)*cos(y) + 0.1*(x^2 + y^2)"
        );
        lab.set_param("formula", "(x-1)^2 + (y+0.5)^2").unwrap();
        // Newton on this quadratic lands on (1, −0.5) in one step.
        lab.go_to_step(1);
        assert_eq!(readout(&lab, "newton.x"), ReadoutValue::Number(1.0));
        assert_eq!(readout(&lab, "newton.y"), ReadoutValue::Number(-0.5));
    }

    #[test]
    fn heatmap_raster_has_one_sample_per_two_css_pixels_and_is_cached() {
        let mut lab = GradientDescentLab::default();
        let frame = Frame::light(300.0, 200.0, 2.0);
        let first = lab.background_raster(0, &frame).unwrap().clone();
        assert_eq!((first.width, first.height), (150, 100));
        // The minimum (0, 0) is at the centre: the darkest region of viridis.
        let centre = first.pixel(75, 50);
        let corner = first.pixel(0, 0);
        let brightness = |p: [u8; 4]| p[0] as u32 + p[1] as u32 + p[2] as u32;
        assert!(
            brightness(centre) < brightness(corner),
            "{centre:?} vs {corner:?}"
        );
        let key = lab.cache.heatmap_key;
        lab.set_param("lr", "0.01").unwrap();
        lab.background_raster(0, &frame);
        assert_eq!(
            lab.cache.heatmap_key, key,
            "a learning-rate change must not recompute the heatmap"
        );
    }
}
