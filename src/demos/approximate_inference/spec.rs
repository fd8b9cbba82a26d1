//! The approximate-inference demo's controls, readouts, plots and explanation, as data.

use crate::demos::{ControlKind, ControlSpec, PlotSpec, ReadoutSpec};

/// The most points the data may hold.
pub const MAX_POINTS: usize = 20;
/// Data points live in `[−DATA_LIMIT, DATA_LIMIT]²`.
pub const DATA_LIMIT: f64 = 3.0;
pub const MIN_SAMPLES: i64 = 1000;
pub const MAX_SAMPLES: i64 = 200_000;
pub const MIN_VI_ITERATIONS: i64 = 100;
pub const MAX_VI_ITERATIONS: i64 = 10_000;

pub const TARGETS: &[(&str, &str)] = &[
    ("logistic", "Bayesian logistic regression"),
    ("banana", "Banana"),
    ("bimodal", "Two-mode mixture"),
];

pub const PRESETS: &[(&str, &str)] = &[
    ("overlapping", "Ten overlapping points"),
    ("separable", "Six separable points"),
    ("few", "Three points"),
];

pub const OVERLAPPING: &str =
    "1,0.5,1;2,1.5,1;0.5,2,1;-1,1.5,1;-0.5,-0.5,1;-1,-0.5,0;-2,-1,0;-0.5,-2,0;1.5,-1,0;0.5,0.5,0";
pub const SEPARABLE: &str = "1,1,1;2,0.5,1;0.5,2,1;-1,-1,0;-2,-0.5,0;-0.5,-2,0";
pub const FEW: &str = "1,1,1;-1,0.5,0;0.5,-1.5,0";

pub fn preset_points(key: &str) -> &'static str {
    match key {
        "separable" => SEPARABLE,
        "few" => FEW,
        _ => OVERLAPPING,
    }
}

const fn slider(
    key: &'static str,
    label: &'static str,
    (min, max, step, log): (f64, f64, f64, bool),
    help: &'static str,
    group: &'static str,
    example: &'static str,
) -> ControlSpec {
    ControlSpec {
        key,
        aliases: &[],
        label,
        kind: ControlKind::slider(min, max, step, log),
        help,
        group,
        example,
    }
}

const fn integer(
    key: &'static str,
    label: &'static str,
    (min, max): (i64, i64),
    help: &'static str,
    group: &'static str,
    example: &'static str,
) -> ControlSpec {
    ControlSpec {
        key,
        aliases: &[],
        label,
        kind: ControlKind::Integer { min, max },
        help,
        group,
        example,
    }
}

pub const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "target",
        aliases: &[],
        label: "Posterior",
        kind: ControlKind::Select { options: TARGETS },
        help: "The density to approximate: the posterior of a two-weight logistic regression, a banana, or a mixture of two Gaussians",
        group: "Posterior",
        example: "bimodal",
    },
    ControlSpec {
        key: "preset",
        aliases: &[],
        label: "Data",
        kind: ControlKind::Select { options: PRESETS },
        help: "Replaces the labelled points (logistic regression only)",
        group: "Posterior",
        example: "separable",
    },
    ControlSpec {
        key: "points",
        aliases: &[],
        label: "Points",
        kind: ControlKind::Text {
            placeholder: "1,0.5,1;-1,-0.5,0",
        },
        help: "The labelled points as x₁,x₂,class separated by semicolons (class 0 or 1, coordinates within ±3, at most 20); drag a point on the data plot, or use the keyboard there (arrow keys move the ringed point, [ and ] select, c flips its class)",
        group: "Posterior",
        example: "1,1,1;-1,-1,0",
    },
    slider(
        "prior-sd",
        "Prior σₚ",
        (0.5, 10.0, 0.01, true),
        "The standard deviation of the Gaussian prior N(0, σₚ² I) on the weights (logistic regression only)",
        "Posterior",
        "5",
    ),
    slider(
        "qx1",
        "Query x₁*",
        (-3.0, 3.0, 0.05, false),
        "The first coordinate of the point x* whose predictive probability p(y = 1 | x*) every method estimates",
        "Posterior",
        "-1",
    ),
    slider(
        "qx2",
        "Query x₂*",
        (-3.0, 3.0, 0.05, false),
        "The second coordinate of the query point x*",
        "Posterior",
        "2",
    ),
    slider(
        "curvature",
        "Banana bend b",
        (0.0, 1.5, 0.01, false),
        "How strongly the banana bends: y | x ~ N(b(x² − 1), 1) (banana only)",
        "Posterior",
        "0.4",
    ),
    slider(
        "separation",
        "Mode separation d",
        (0.0, 5.0, 0.01, false),
        "The distance between the two modes of the mixture (two-mode mixture only)",
        "Posterior",
        "4",
    ),
    slider(
        "proposal",
        "Proposal width s",
        (0.02, 5.0, 0.01, true),
        "The standard deviation of the random-walk proposal w′ = w + s·ε: too small and the chain crawls, too large and it is rarely accepted",
        "Metropolis–Hastings",
        "0.2",
    ),
    integer(
        "samples",
        "Samples N",
        (MIN_SAMPLES, MAX_SAMPLES),
        "How many Metropolis–Hastings proposals the chain makes (1,000 to 200,000); play to watch it grow",
        "Metropolis–Hastings",
        "50000",
    ),
    integer(
        "burn-in",
        "Burn-in",
        (0, 50_000),
        "How many samples at the start of the chain are discarded before the mean, covariance, autocorrelation and ESS are computed",
        "Metropolis–Hastings",
        "5000",
    ),
    integer(
        "seed",
        "Seed",
        (0, 999_999),
        "The random seed of the chain and of the variational fits: the same seed gives the same numbers",
        "Metropolis–Hastings",
        "7",
    ),
    slider(
        "vi-lr",
        "VI learning rate",
        (0.005, 0.5, 0.001, true),
        "Adam's step size at the start of the variational fits (step t uses lr/(1 + t/100))",
        "Variational inference",
        "0.1",
    ),
    integer(
        "vi-iterations",
        "VI iterations",
        (MIN_VI_ITERATIONS, MAX_VI_ITERATIONS),
        "How many stochastic gradient steps each variational fit takes (100 to 10,000)",
        "Variational inference",
        "500",
    ),
];

pub const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "{method}.mean",
        help: "The mean (w₁, w₂) by each method: grid (the truth), mh, laplace, mean-field, full-cov and moment-match",
    },
    ReadoutSpec {
        name: "{method}.cov",
        help: "The covariance as Var w₁, Cov(w₁, w₂), Var w₂ by each method",
    },
    ReadoutSpec {
        name: "{method}.summary",
        help: "The predictive probability p(y = 1 | x*) for logistic regression, P(w₁ > 0) for the other targets, by each method",
    },
    ReadoutSpec {
        name: "{method}.kl-qp",
        help: "KL(q‖p) of each Gaussian approximation (laplace, mean-field, full-cov, moment-match) from the posterior, summed on the grid: what variational inference minimises",
    },
    ReadoutSpec {
        name: "{method}.kl-pq",
        help: "KL(p‖q) of the posterior from each Gaussian approximation, summed on the grid: what moment matching minimises",
    },
    ReadoutSpec {
        name: "grid.log-evidence",
        help: "ln Z = ln ∫ p̃(w) dw on the 200 × 200 grid (for logistic regression the log marginal likelihood ln p(y | X))",
    },
    ReadoutSpec {
        name: "grid.box",
        help: "The grid's box w₁ from, to, w₂ from, to (refitted to where the density is within e⁻³⁷ of its peak)",
    },
    ReadoutSpec {
        name: "laplace.log-evidence",
        help: "The Laplace estimate of ln Z: ln p̃(MAP) + ln 2π + ½ ln det Σ",
    },
    ReadoutSpec {
        name: "laplace.newton-steps",
        help: "Newton steps taken to the MAP",
    },
    ReadoutSpec {
        name: "mh.acceptance",
        help: "The share of proposals accepted among the samples shown",
    },
    ReadoutSpec {
        name: "mh.used",
        help: "Samples after the burn-in: those the MH estimates use",
    },
    ReadoutSpec {
        name: "mh.ess",
        help: "The effective sample size of w₁ and w₂ (Geyer's initial monotone sequence estimator)",
    },
    ReadoutSpec {
        name: "mh.mcse",
        help: "The Monte Carlo standard errors of the means of w₁ and w₂: sd/√ESS",
    },
    ReadoutSpec {
        name: "{family}.elbo",
        help: "The ELBO E_q[ln p̃] + H(q) of the mean-field and full-cov fits (Gauss–Hermite quadrature, 64 nodes a side): never above ln Z",
    },
    ReadoutSpec {
        name: "vi.iterations",
        help: "The stochastic gradient steps each variational fit has taken",
    },
];

pub const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "posterior",
        title: "The posterior and its approximations",
        alt: "The posterior density over (w₁, w₂) shaded from light to dark, the Metropolis–Hastings samples as dots, and the 1σ and 2σ ellipses of the Laplace, mean-field, full-covariance and moment-matched Gaussians.",
        aspect_ratio: 0.8,
        interactive: false,
    },
    PlotSpec {
        id: "data",
        title: "The data (logistic regression)",
        alt: "The labelled points in the plane (class 1 circles, class 0 squares), the decision line of the posterior mean and the query point x*; drag a point to move it.",
        aspect_ratio: 0.8,
        interactive: true,
    },
    PlotSpec {
        id: "trace",
        title: "Trace of the chain",
        alt: "w₁ and w₂ of the Metropolis–Hastings chain against the sample number, the burn-in shaded, with the running means dashed inside a band of ± one Monte Carlo standard error.",
        aspect_ratio: 0.5,
        interactive: false,
    },
    PlotSpec {
        id: "acf",
        title: "Autocorrelation",
        alt: "The autocorrelation of w₁ and w₂ along the chain after the burn-in, against the lag.",
        aspect_ratio: 0.5,
        interactive: false,
    },
    PlotSpec {
        id: "elbo",
        title: "ELBO against iterations",
        alt: "The ELBO of the mean-field and full-covariance variational fits against the iteration, below the log evidence ln Z drawn as a horizontal line.",
        aspect_ratio: 0.5,
        interactive: false,
    },
];

pub const EXPLANATION: &str = r#"Bayes' rule gives the posterior over weights $w$ as prior times likelihood, divided by the **evidence** $Z$:

$$p(w \mid \mathcal D) = \frac{\tilde p(w)}{Z}, \qquad \tilde p(w) = p(w)\,p(\mathcal D \mid w), \qquad Z = \int \tilde p(w)\,dw$$

For a logistic regression $p(y = 1 \mid x, w) = \sigma(w^\top x)$ with a Gaussian prior $w \sim \mathcal N(0, \sigma_p^2 I)$ the integral has no closed form, and in a real network $w$ has millions of coordinates, so nobody can compute it. *Top 5 Must-Know Math Concepts for Deep Learning* names the two ways out: **Monte Carlo simulation** and **variational Bayes**. Here $w$ has two coordinates, so a 200 × 200 grid computes the truth and every approximation can be checked against it.

- **Metropolis–Hastings** (dots): propose $w' = w + s\,\varepsilon$, $\varepsilon \sim \mathcal N(0, I)$, accept with probability $\min(1, \tilde p(w')/\tilde p(w))$. $Z$ cancels, so only $\tilde p$ is needed. Successive samples are correlated: the effective sample size $\mathrm{ESS} = N/\tau$, $\tau = 1 + 2\sum_k \rho_k$ (Geyer's initial monotone sequence), sets the Monte Carlo standard error $\mathrm{sd}/\sqrt{\mathrm{ESS}}$. Try a tiny or a huge proposal width and watch the trace, the autocorrelation and the ESS.
- **Laplace**: Newton's method finds the mode (MAP), and the Gaussian there takes the curvature: $\Sigma = \left(-\nabla^2 \ln \tilde p(w_{\text{MAP}})\right)^{-1}$.
- **Variational inference**: choose the Gaussian $q$ that maximises the ELBO below, following its gradient estimated from samples $w = m + L\varepsilon$ (the **reparameterisation trick**) with Adam, from a narrow $q$ at the grid's highest point. *Mean field* keeps $L$ diagonal (independent coordinates); *full covariance* lets $L$ be any lower-triangular factor.
- **Moment matching**: the Gaussian with the posterior's own mean and covariance.

The ELBO never exceeds $\ln Z$, because the gap is a KL divergence, which is never negative; moment matching minimises the other direction, $\mathrm{KL}(p \,\|\, q)$:

$$\mathrm{ELBO}(q) = \mathbb E_q[\ln \tilde p(w)] + H(q) = \ln Z - \mathrm{KL}(q \,\|\, p)$$

Pick the **two-mode mixture** to see the difference: minimising $\mathrm{KL}(q\|p)$ punishes $q$ for putting mass where $p$ has none, so VI hugs one mode (mode seeking); minimising $\mathrm{KL}(p\|q)$ punishes missing any of $p$'s mass, so moment matching spreads over both modes and the gap between them (mass covering). On the **banana**, every Gaussian misses the bend. For logistic regression, drag the data points and watch the posterior, the evidence and the predictive probability at $x^*$ follow."#;
