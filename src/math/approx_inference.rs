//! Approximate inference on 2-D posteriors without a closed form ("Top 5 Must-Know Math
//! Concepts for Deep Learning": Monte Carlo simulation and variational Bayes), every method
//! next to the truth computed on a fine grid:
//!
//! - [`Target`]: Bayesian logistic regression with two weights and a Gaussian prior, a banana
//!   and a bimodal mixture (and a plain Gaussian for the tests), each an unnormalised
//!   `ln p̃(w)` with its exact gradient and Hessian;
//! - [`GridPosterior`]: `ln p̃` on a 200 × 200 midpoint grid over a box fitted to the mass
//!   (searched on coarse 50 × 50 grids), giving the normaliser `ln Z` (the log evidence),
//!   mean, covariance, expectations and both KL divergences to any Gaussian;
//! - [`MetropolisHastings`]: Gaussian random-walk Metropolis–Hastings (seeded ChaCha8), with
//!   [`autocorrelation`] and [`effective_sample_size`] (Geyer's initial monotone sequence);
//! - [`laplace`]: Newton's method to the MAP, covariance the inverse Hessian of `−ln p̃` there;
//! - [`VariationalFit`]: mean-field or full-covariance Gaussian `q` fitted by stochastic
//!   gradient ascent on the ELBO with the reparameterisation trick (Adam), the ELBO of every
//!   iterate evaluated by Gauss–Hermite quadrature.

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::StandardNormal;

use crate::math::activations::{sigmoid, softplus};
use crate::math::neuron::LabelledPoint;
use crate::math::optimizers::{FirstOrderOptimizer, Hyperparameters, OptimizerKind};
use crate::math::special::standard_normal_cdf;

/// `ln(2π)`.
const LN_2PI: f64 = 1.837_877_066_409_345_5;

/// The standard deviation of each component of the bimodal mixture.
pub const BIMODAL_COMPONENT_SD: f64 = 0.6;
/// The unit direction along which the bimodal mixture's two means lie.
pub const BIMODAL_AXIS: [f64; 2] = [0.8, 0.6];

/// A 2×2 matrix, row-major.
pub type Matrix2 = [[f64; 2]; 2];

/// An unnormalised 2-D density `p̃(w)` whose normaliser `Z = ∫ p̃` is what the methods estimate.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// `p̃(w) = N(w; 0, σ²I) · Πᵢ σ(wᵀxᵢ)^{yᵢ} (1 − σ(wᵀxᵢ))^{1−yᵢ}`: no bias, so `Z` is the
    /// evidence `p(y | X)`.
    Logistic {
        points: Vec<LabelledPoint>,
        prior_sd: f64,
    },
    /// `ln p̃ = −x²/2 − (y − b(x² − 1))²/2`: `x ~ N(0, 1)`, `y | x ~ N(b(x² − 1), 1)`, so
    /// `Z = 2π`, the mean is 0 and the covariance `diag(1, 1 + 2b²)`.
    Banana { curvature: f64 },
    /// `p̃ = exp(−|w − μ₁|²/2s²) + exp(−|w − μ₂|²/2s²)` with `μ₁,₂ = ±(d/2)u`: `Z = 4πs²`.
    Bimodal { separation: f64 },
    /// `ln p̃ = −½(w − μ)ᵀΣ⁻¹(w − μ)`: `Z = 2π√det Σ`; for testing exactness.
    Gaussian { mean: [f64; 2], cov: Matrix2 },
}

impl Target {
    /// `ln p̃(w)`.
    pub fn log_density(&self, w: [f64; 2]) -> f64 {
        match self {
            Target::Logistic { points, prior_sd } => {
                let variance = prior_sd * prior_sd;
                let prior =
                    -(w[0] * w[0] + w[1] * w[1]) / (2.0 * variance) - (LN_2PI + variance.ln());
                // ln σ(z)^y (1 − σ(z))^{1−y} = y z − softplus(z), finite for any z, with
                // Σ softplus(z) = Σ max(z, 0) + ln Π (1 + e^{−|z|}): one ln, not one log1p per
                // point (see `log_density_row`).
                let mut linear = prior;
                let mut logs = 0.0;
                for chunk in points.chunks(64) {
                    let mut product = 1.0;
                    for p in chunk {
                        let z = w[0] * p.x[0] + w[1] * p.x[1];
                        linear += p.target() * z - z.max(0.0);
                        product *= 1.0 + (-z.abs()).exp();
                    }
                    logs += product.ln();
                }
                linear - logs
            }
            Target::Banana { curvature } => {
                let residual = w[1] - curvature * (w[0] * w[0] - 1.0);
                -0.5 * w[0] * w[0] - 0.5 * residual * residual
            }
            Target::Bimodal { separation } => {
                let [a, b] = bimodal_exponents(*separation, w);
                log_add_exp(a, b)
            }
            Target::Gaussian { mean, cov } => {
                let precision = inverse(*cov).unwrap_or([[0.0; 2]; 2]);
                let d = [w[0] - mean[0], w[1] - mean[1]];
                -0.5 * quadratic_form(&precision, d)
            }
        }
    }

    /// `ln p̃` at the points `(x₀ + (i + ½)Δx, y)` for `i` in `0..out.len()`: a row of a grid.
    /// The same values as [`Target::log_density`] (to about 10⁻¹⁴ absolute, tested), cheaper.
    /// For logistic regression both sum the softplus of every point as one logarithm,
    /// `Σₖ softplus(zₖ) = Σₖ max(zₖ, 0) + ln Πₖ (1 + e^{−|zₖ|})`: each factor lies in (1, 2], so
    /// the product cannot overflow (its logarithm is taken every 64 factors), and the error
    /// is about `N·ε`, with one `ln` per cell instead of one `log1p` per point. Along the row
    /// `zₖ` grows by `aₖΔx` a cell, so `e^{−|zₖ|}` is carried from cell to cell by one
    /// multiplication by `e^{∓aₖΔx}` and recomputed by `exp` every [`ROW_RESYNC`] cells, where
    /// `zₖ` changes sign and where it comes back from `|zₖ| > 37` (where the factor is 1 to
    /// the last bit and is skipped). A NaN is written as −∞ (no mass).
    pub fn log_density_row(&self, x0: f64, step: f64, y: f64, out: &mut [f64]) {
        let x_at = |i: usize| x0 + (i as f64 + 0.5) * step;
        match self {
            Target::Logistic { points, prior_sd } => {
                let variance = prior_sd * prior_sd;
                let normaliser = LN_2PI + variance.ln();
                // Per point: its slope along the row, y·x₂ (the same product as in z) and y.
                let mut carried: Vec<(CarriedExp, f64, f64, f64)> = points
                    .iter()
                    .map(|p| {
                        let a = p.x[0];
                        (CarriedExp::new(a * step), a, y * p.x[1], p.target())
                    })
                    .collect();
                for (i, cell) in out.iter_mut().enumerate() {
                    let x = x_at(i);
                    let prior = -(x * x + y * y) / (2.0 * variance) - normaliser;
                    let mut linear = prior;
                    let mut logs = 0.0;
                    for chunk in carried.chunks_mut(64) {
                        let mut product = 1.0;
                        for (carried, a, yb, target) in chunk {
                            let z = x * *a + *yb;
                            // y z − softplus(z) = y z − max(z, 0) − ln(1 + e^{−|z|}).
                            linear += *target * z - z.max(0.0);
                            if let Some(e) = carried.next(z) {
                                product *= 1.0 + e;
                            }
                        }
                        logs += product.ln();
                    }
                    *cell = no_nan(linear - logs);
                }
            }
            Target::Gaussian { mean, cov } => {
                let precision = inverse(*cov).unwrap_or([[0.0; 2]; 2]);
                for (i, cell) in out.iter_mut().enumerate() {
                    let d = [x_at(i) - mean[0], y - mean[1]];
                    *cell = no_nan(-0.5 * quadratic_form(&precision, d));
                }
            }
            _ => {
                for (i, cell) in out.iter_mut().enumerate() {
                    *cell = no_nan(self.log_density([x_at(i), y]));
                }
            }
        }
    }

    /// `∇ ln p̃(w)`.
    pub fn gradient(&self, w: [f64; 2]) -> [f64; 2] {
        match self {
            Target::Logistic { points, prior_sd } => {
                let variance = prior_sd * prior_sd;
                let mut g = [-w[0] / variance, -w[1] / variance];
                for p in points {
                    let error = p.target() - sigmoid(w[0] * p.x[0] + w[1] * p.x[1]);
                    g[0] += error * p.x[0];
                    g[1] += error * p.x[1];
                }
                g
            }
            Target::Banana { curvature: b } => {
                let residual = w[1] - b * (w[0] * w[0] - 1.0);
                [-w[0] + 2.0 * b * w[0] * residual, -residual]
            }
            Target::Bimodal { separation } => {
                let (weights, scores) = bimodal_parts(*separation, w);
                [
                    weights[0] * scores[0][0] + weights[1] * scores[1][0],
                    weights[0] * scores[0][1] + weights[1] * scores[1][1],
                ]
            }
            Target::Gaussian { mean, cov } => {
                let precision = inverse(*cov).unwrap_or([[0.0; 2]; 2]);
                let d = [w[0] - mean[0], w[1] - mean[1]];
                let pd = mat_vec(&precision, d);
                [-pd[0], -pd[1]]
            }
        }
    }

    /// The Hessian of `ln p̃` at `w`.
    pub fn hessian(&self, w: [f64; 2]) -> Matrix2 {
        match self {
            Target::Logistic { points, prior_sd } => {
                let inverse_variance = 1.0 / (prior_sd * prior_sd);
                let mut h = [[-inverse_variance, 0.0], [0.0, -inverse_variance]];
                for p in points {
                    let s = sigmoid(w[0] * p.x[0] + w[1] * p.x[1]);
                    let weight = s * (1.0 - s);
                    for (i, row) in h.iter_mut().enumerate() {
                        for (j, cell) in row.iter_mut().enumerate() {
                            *cell -= weight * p.x[i] * p.x[j];
                        }
                    }
                }
                h
            }
            Target::Banana { curvature: b } => {
                let residual = w[1] - b * (w[0] * w[0] - 1.0);
                let xy = 2.0 * b * w[0];
                [
                    [-1.0 + 2.0 * b * residual - 4.0 * b * b * w[0] * w[0], xy],
                    [xy, -1.0],
                ]
            }
            Target::Bimodal { separation } => {
                // ∇² ln Σₖ eᵃᵏ = Σ rₖ ∇²aₖ + Cov_r(∇aₖ), and ∇²aₖ = −I/s².
                let (r, g) = bimodal_parts(*separation, w);
                let mean = [
                    r[0] * g[0][0] + r[1] * g[1][0],
                    r[0] * g[0][1] + r[1] * g[1][1],
                ];
                let inverse_variance = 1.0 / (BIMODAL_COMPONENT_SD * BIMODAL_COMPONENT_SD);
                let mut h = [[-inverse_variance, 0.0], [0.0, -inverse_variance]];
                for (i, row) in h.iter_mut().enumerate() {
                    for (j, cell) in row.iter_mut().enumerate() {
                        *cell +=
                            r[0] * g[0][i] * g[0][j] + r[1] * g[1][i] * g[1][j] - mean[i] * mean[j];
                    }
                }
                h
            }
            Target::Gaussian { cov, .. } => {
                let precision = inverse(*cov).unwrap_or([[0.0; 2]; 2]);
                [
                    [-precision[0][0], -precision[0][1]],
                    [-precision[1][0], -precision[1][1]],
                ]
            }
        }
    }

    /// A box sure to hold the mass, where the grid starts before it is fitted to the mass.
    pub fn initial_box(&self) -> Box2 {
        match self {
            Target::Logistic { prior_sd, .. } => Box2 {
                x: (-9.0 * prior_sd, 9.0 * prior_sd),
                y: (-9.0 * prior_sd, 9.0 * prior_sd),
            },
            Target::Banana { curvature } => {
                let b = curvature.abs();
                Box2 {
                    x: (-9.0, 9.0),
                    y: (-9.0 - 81.0 * b, 9.0 + 81.0 * b),
                }
            }
            Target::Bimodal { separation } => {
                let reach = separation / 2.0 + 9.0 * BIMODAL_COMPONENT_SD;
                Box2 {
                    x: (-reach, reach),
                    y: (-reach, reach),
                }
            }
            Target::Gaussian { mean, cov } => {
                let (sx, sy) = (9.0 * cov[0][0].sqrt(), 9.0 * cov[1][1].sqrt());
                Box2 {
                    x: (mean[0] - sx, mean[0] + sx),
                    y: (mean[1] - sy, mean[1] + sy),
                }
            }
        }
    }

    /// `E_q[ln p̃(w)]` where it reduces to one dimension: for logistic regression the prior's
    /// part is a closed form and each point's `yz − softplus(z)` depends on `w` only through
    /// `z = wᵀxᵢ ~ N(mᵀxᵢ, xᵢᵀΣxᵢ)`, so a one-dimensional `rule` per point replaces the
    /// tensor rule over the plane (10 points × 24 nodes instead of 10 × 12 × 12 softplus, and
    /// exact for polynomials in `z` of twice the degree). None for the other targets.
    pub fn expected_log_density(&self, q: &Gaussian2, rule: &GaussHermite) -> Option<f64> {
        let Target::Logistic { points, prior_sd } = self else {
            return None;
        };
        let variance = prior_sd * prior_sd;
        let [m1, m2] = q.mean;
        let second_moment = m1 * m1 + m2 * m2 + q.cov[0][0] + q.cov[1][1];
        let prior = -second_moment / (2.0 * variance) - (LN_2PI + variance.ln());
        Some(points.iter().fold(prior, |sum, p| {
            let mean = m1 * p.x[0] + m2 * p.x[1];
            let sd = quadratic_form(&q.cov, p.x).max(0.0).sqrt();
            let softplus_mean: f64 = rule
                .nodes
                .iter()
                .zip(&rule.weights)
                .map(|(z, weight)| weight * softplus(mean + sd * z))
                .sum();
            sum + p.target() * mean - softplus_mean
        }))
    }

    /// `ln Z` in closed form where it has one (every target but logistic regression).
    pub fn exact_log_evidence(&self) -> Option<f64> {
        match self {
            Target::Logistic { .. } => None,
            Target::Banana { .. } => Some(LN_2PI),
            Target::Bimodal { .. } => {
                Some((4.0 * std::f64::consts::PI * BIMODAL_COMPONENT_SD.powi(2)).ln())
            }
            Target::Gaussian { cov, .. } => Some(LN_2PI + 0.5 * determinant(cov).ln()),
        }
    }
}

/// The two component exponents `−|w − μₖ|²/2s²` of the bimodal mixture.
fn bimodal_exponents(separation: f64, w: [f64; 2]) -> [f64; 2] {
    let half = separation / 2.0;
    let variance = BIMODAL_COMPONENT_SD * BIMODAL_COMPONENT_SD;
    [1.0, -1.0].map(|sign| {
        let d = [
            w[0] - sign * half * BIMODAL_AXIS[0],
            w[1] - sign * half * BIMODAL_AXIS[1],
        ];
        -(d[0] * d[0] + d[1] * d[1]) / (2.0 * variance)
    })
}

/// The responsibilities `rₖ` and the component scores `∇aₖ = −(w − μₖ)/s²`.
fn bimodal_parts(separation: f64, w: [f64; 2]) -> ([f64; 2], [[f64; 2]; 2]) {
    let [a, b] = bimodal_exponents(separation, w);
    let first = sigmoid(a - b);
    let half = separation / 2.0;
    let variance = BIMODAL_COMPONENT_SD * BIMODAL_COMPONENT_SD;
    let score = |sign: f64| {
        [
            -(w[0] - sign * half * BIMODAL_AXIS[0]) / variance,
            -(w[1] - sign * half * BIMODAL_AXIS[1]) / variance,
        ]
    };
    ([first, 1.0 - first], [score(1.0), score(-1.0)])
}

/// `ln(eᵃ + eᵇ)` without overflow.
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    let high = a.max(b);
    if high == f64::NEG_INFINITY {
        return high;
    }
    high + ((a - high).exp() + (b - high).exp()).ln()
}

/// Cells of a row after which [`Target::log_density_row`] recomputes a carried `e^{−|z|}` by
/// `exp`: each carried step adds at most about 2ε to its relative error.
pub const ROW_RESYNC: usize = 16;

/// Beyond this `|z|`, `1 + e^{−|z|}` is 1 in floating point (`e^{−37} < ε/2`).
const SOFTPLUS_TAIL: f64 = 37.0;

/// `e^{−|z|}` along a row where `z` grows by about `slope` a cell, carried by multiplication.
/// The `z` of each cell is computed afresh (`a·x + b·y`, as [`Target::log_density`] does), and
/// its step differs from `slope` by the rounding of `x` (up to `ε|x|/2`, more than the step's
/// own rounding far from the origin): each carried step multiplies by `e^{∓slope}` and by
/// `1 ∓ c`, `c = (zᵢ − zᵢ₋₁) − slope` (`e^{∓c}` to far below ε, since `|c|` is ~10⁻¹⁴), so the
/// carried value follows the computed `z` and not an exact grid.
#[derive(Clone, Copy, Debug)]
struct CarriedExp {
    slope: f64,
    /// `e^{slope}` and `e^{−slope}`: the steps while `z < 0` and while `z > 0`.
    up: f64,
    down: f64,
    /// The last value and its `z`, carried `run` times since an `exp` ([`CarriedExp::NONE`]
    /// when there is none to carry).
    value: f64,
    z: f64,
    run: usize,
}

impl CarriedExp {
    const NONE: usize = usize::MAX;

    fn new(slope: f64) -> Self {
        Self {
            slope,
            up: slope.exp(),
            down: (-slope).exp(),
            value: 0.0,
            z: 0.0,
            run: Self::NONE,
        }
    }

    /// `e^{−|z|}` at the next cell's `z`, or None where it is below `e^{−37}` (the factor
    /// `1 + e^{−|z|}` is then exactly 1).
    #[inline]
    fn next(&mut self, z: f64) -> Option<f64> {
        if z.abs() > SOFTPLUS_TAIL {
            self.run = Self::NONE;
            return None;
        }
        let positive = z > 0.0;
        if self.run < ROW_RESYNC && (self.z > 0.0) == positive {
            let c = (z - self.z) - self.slope;
            self.value = if positive {
                self.value * self.down * (1.0 - c)
            } else {
                self.value * self.up * (1.0 + c)
            };
            self.run += 1;
        } else {
            self.value = (-z.abs()).exp();
            self.run = 0;
        }
        self.z = z;
        Some(self.value)
    }
}

/// `e^{lᵢ}` along a row where `lᵢ` is a quadratic in `i` (second difference `s`), computed
/// afresh in each cell: the ratio `Rᵢ = e^{lᵢ − lᵢ₋₁}` is carried as `Rᵢ₋₁·e^{s}·(1 + c)`,
/// `c = (lᵢ − lᵢ₋₁) − (lᵢ₋₁ − lᵢ₋₂) − s` (the rounding of the fresh values, ~10⁻¹⁴, so
/// `1 + c` is `e^{c}` to far below ε), and `e^{lᵢ} = e^{lᵢ₋₁}·Rᵢ`; `exp` again every
/// [`ROW_RESYNC`] cells and wherever a value or a step is too large to carry (a `q` narrower
/// than a cell). Relative error about `ROW_RESYNC²·ε`.
#[derive(Clone, Copy, Debug)]
struct CarriedQuadraticExp {
    second_difference: f64,
    step_factor: f64,
    last: Option<CarriedQuadratic>,
}

/// The last value of a [`CarriedQuadraticExp`].
#[derive(Clone, Copy, Debug)]
struct CarriedQuadratic {
    /// `e^{l}` and `l`.
    value: f64,
    l: f64,
    /// `R = e^{l − l_prev}` and `l − l_prev`, once known.
    ratio: Option<(f64, f64)>,
    /// Steps carried since an `exp`.
    run: usize,
}

impl CarriedQuadraticExp {
    fn new(second_difference: f64) -> Self {
        Self {
            second_difference,
            step_factor: second_difference.exp(),
            last: None,
        }
    }

    /// `e^{l}` at the next cell.
    fn next(&mut self, l: f64) -> f64 {
        if let Some(last) = self.last {
            let difference = l - last.l;
            // Carried only where e^{l} and the ratio stay far from underflow and overflow.
            if last.run < ROW_RESYNC
                && difference.abs() < 40.0
                && l.abs() < 600.0
                && last.value > 0.0
            {
                let ratio = match last.ratio {
                    Some((ratio, last_difference)) => {
                        let c = (difference - last_difference) - self.second_difference;
                        ratio * self.step_factor * (1.0 + c)
                    }
                    None => difference.exp(),
                };
                let value = last.value * ratio;
                self.last = Some(CarriedQuadratic {
                    value,
                    l,
                    ratio: Some((ratio, difference)),
                    run: last.run + 1,
                });
                return value;
            }
        }
        let value = l.exp();
        self.last = Some(CarriedQuadratic {
            value,
            l,
            ratio: None,
            run: 0,
        });
        value
    }
}

/// A log density for the grid: NaN (no usable value) counts as no mass.
fn no_nan(value: f64) -> f64 {
    if value.is_nan() {
        f64::NEG_INFINITY
    } else {
        value
    }
}

pub fn determinant(m: &Matrix2) -> f64 {
    m[0][0] * m[1][1] - m[0][1] * m[1][0]
}

/// The inverse of a 2×2 matrix; None when it is singular or not finite.
pub fn inverse(m: Matrix2) -> Option<Matrix2> {
    let det = determinant(&m);
    if !(det.is_finite() && det.abs() > 1e-300) {
        return None;
    }
    Some([
        [m[1][1] / det, -m[0][1] / det],
        [-m[1][0] / det, m[0][0] / det],
    ])
}

fn mat_vec(m: &Matrix2, v: [f64; 2]) -> [f64; 2] {
    [
        m[0][0] * v[0] + m[0][1] * v[1],
        m[1][0] * v[0] + m[1][1] * v[1],
    ]
}

fn quadratic_form(m: &Matrix2, v: [f64; 2]) -> f64 {
    let mv = mat_vec(m, v);
    v[0] * mv[0] + v[1] * mv[1]
}

/// An axis-aligned box `x.0..x.1 × y.0..y.1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Box2 {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

/// A Gaussian `N(mean, cov)` in the plane: the form of every approximation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gaussian2 {
    pub mean: [f64; 2],
    pub cov: Matrix2,
}

impl Gaussian2 {
    /// The lower Cholesky factor `L` (`LLᵀ = cov`); None unless cov is positive definite.
    pub fn cholesky(&self) -> Option<Matrix2> {
        let l11 = self.cov[0][0].sqrt();
        if !(l11.is_finite() && l11 > 0.0) {
            return None;
        }
        let l21 = self.cov[1][0] / l11;
        let l22 = (self.cov[1][1] - l21 * l21).sqrt();
        (l22.is_finite() && l22 > 0.0).then_some([[l11, 0.0], [l21, l22]])
    }

    /// `ln q(w)`; −∞ for a degenerate covariance.
    pub fn log_pdf(&self, w: [f64; 2]) -> f64 {
        self.log_pdf_function()
            .map_or(f64::NEG_INFINITY, |log_pdf| log_pdf.at(w))
    }

    /// `ln q` with the precision and `ln det Σ` computed once, for many points (the grid's
    /// KL divergences); None for a degenerate covariance.
    pub fn log_pdf_function(&self) -> Option<GaussianLogPdf> {
        let precision = inverse(self.cov)?;
        Some(GaussianLogPdf {
            mean: self.mean,
            precision,
            constant: -LN_2PI - 0.5 * determinant(&self.cov).ln(),
        })
    }

    /// The differential entropy `ln(2πe) + ½ ln det Σ`.
    pub fn entropy(&self) -> f64 {
        LN_2PI + 1.0 + 0.5 * determinant(&self.cov).ln()
    }

    /// The ellipse `mean + k·L(cos t, sin t)`: where the Mahalanobis distance is `k`.
    pub fn ellipse(&self, k: f64, segments: usize) -> Vec<(f64, f64)> {
        let Some(l) = self.cholesky() else {
            return Vec::new();
        };
        (0..=segments)
            .map(|i| {
                let t = std::f64::consts::TAU * i as f64 / segments as f64;
                let (c, s) = (t.cos(), t.sin());
                (
                    self.mean[0] + k * l[0][0] * c,
                    self.mean[1] + k * (l[1][0] * c + l[1][1] * s),
                )
            })
            .collect()
    }

    /// `E_q[f(w)]` by the tensor Gauss–Hermite rule `rule` mapped through `L`.
    pub fn expectation(&self, rule: &GaussHermite, f: impl Fn([f64; 2]) -> f64) -> f64 {
        let Some(l) = self.cholesky() else {
            return f64::NAN;
        };
        let mut total = 0.0;
        for (&a, &wa) in rule.nodes.iter().zip(&rule.weights) {
            for (&b, &wb) in rule.nodes.iter().zip(&rule.weights) {
                let w = [
                    self.mean[0] + l[0][0] * a,
                    self.mean[1] + l[1][0] * a + l[1][1] * b,
                ];
                total += wa * wb * f(w);
            }
        }
        total
    }

    /// The predictive probability of class 1 at `x`, `E_q[σ(wᵀx)]`, by Gauss–Hermite on the 1-D Gaussian `wᵀx ~ N(μᵀx, xᵀΣx)`.
    pub fn predictive_probability(&self, rule: &GaussHermite, x: [f64; 2]) -> f64 {
        let mean = self.mean[0] * x[0] + self.mean[1] * x[1];
        let sd = quadratic_form(&self.cov, x).max(0.0).sqrt();
        rule.nodes
            .iter()
            .zip(&rule.weights)
            .map(|(z, weight)| weight * sigmoid(mean + sd * z))
            .sum()
    }

    /// `P(w₁ > 0) = Φ(μ₁/√Σ₁₁)`.
    pub fn probability_first_positive(&self) -> f64 {
        standard_normal_cdf(self.mean[0] / self.cov[0][0].sqrt())
    }
}

/// `ln q(w)` of a [`Gaussian2`] prepared by [`Gaussian2::log_pdf_function`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GaussianLogPdf {
    mean: [f64; 2],
    /// `Σ⁻¹`.
    pub precision: Matrix2,
    /// `−ln 2π − ½ ln det Σ`.
    constant: f64,
}

impl GaussianLogPdf {
    /// `ln q(w)`, the same operations as [`Gaussian2::log_pdf`] always did.
    pub fn at(&self, w: [f64; 2]) -> f64 {
        let d = [w[0] - self.mean[0], w[1] - self.mean[1]];
        self.constant - 0.5 * quadratic_form(&self.precision, d)
    }
}

/// The probabilists' Gauss–Hermite rule: `E[f(Z)] ≈ Σ wᵢ f(zᵢ)` for `Z ~ N(0, 1)`, exact for
/// polynomials of degree below `2n`; nodes and weights by Golub–Welsch (the eigenvalues of the
/// Jacobi matrix with off-diagonal `√k`, weights the squared first components of its
/// eigenvectors).
#[derive(Clone, Debug, PartialEq)]
pub struct GaussHermite {
    pub nodes: Vec<f64>,
    pub weights: Vec<f64>,
}

impl GaussHermite {
    pub fn new(n: usize) -> Self {
        let n = n.max(1);
        let jacobi = nalgebra::DMatrix::from_fn(n, n, |i, j| {
            if i.abs_diff(j) == 1 {
                (i.max(j) as f64).sqrt()
            } else {
                0.0
            }
        });
        let eigen = nalgebra::SymmetricEigen::new(jacobi);
        let mut pairs: Vec<(f64, f64)> = (0..n)
            .map(|k| (eigen.eigenvalues[k], eigen.eigenvectors[(0, k)].powi(2)))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        Self {
            nodes: pairs.iter().map(|p| p.0).collect(),
            weights: pairs.iter().map(|p| p.1).collect(),
        }
    }
}

/// The cells of the grid along each axis.
pub const GRID_CELLS: usize = 200;
/// The cells along each axis of the coarse grids that search for the box holding the mass:
/// the search needs only `ln p̃` and its maximum, and the grid of the readouts is then
/// computed once, at [`GRID_CELLS`], on the box found ([`GridPosterior::compute`]).
pub const SEARCH_CELLS: usize = 50;
/// Cells whose density is below `e^−GRID_CUTOFF` of the highest carry no visible mass (about
/// 10⁻¹⁶ of it), so the refitted box leaves them out.
const GRID_CUTOFF: f64 = 37.0;

/// `ln p̃` at the centres of `n × n` cells of a box (the midpoint rule), and what follows from
/// it: the ground truth every approximation is compared with.
#[derive(Clone, Debug, PartialEq)]
pub struct GridPosterior {
    pub bounds: Box2,
    pub cells: usize,
    /// `ln p̃` at cell `(i, j)` (i along w₁, j along w₂) at index `j·cells + i`.
    pub log_density: Vec<f64>,
    /// `p̃/p̃_max` at each cell, in the order of `log_density` (computed once: every
    /// expectation and divergence weighs the cells by it).
    weights: Vec<f64>,
    /// `ln Z = ln Σ p̃ ΔA`.
    pub log_evidence: f64,
    pub mean: [f64; 2],
    pub cov: Matrix2,
    /// The largest `ln p̃` on the grid.
    pub max_log_density: f64,
    /// True when mass reaches the edge of the largest box tried: the numbers are then too small.
    pub truncated: bool,
}

impl GridPosterior {
    /// Evaluates `target` on `cells × cells` cells of a box refitted to where the density is
    /// within `e^−37` of its peak. The box is searched from [`Target::initial_box`] on coarse
    /// [`SEARCH_CELLS`]² grids (widened while mass touches an edge, shrunk to the mass until it
    /// no longer shrinks by a tenth), then the fine grid is computed once on it. The midpoint
    /// rule on these smooth, decaying densities is accurate far below 10⁻⁹ once the box holds
    /// the mass, so the box a coarse search finds gives the numbers of a search at full
    /// resolution to 10⁻¹⁰ (tested; seen ≤ 2·10⁻¹²), except where the 200-cell grid itself
    /// does not resolve the density (a prior of σₚ ≈ 10 on separable data: ~3·10⁻⁹), where
    /// any box moves them within that error.
    pub fn compute(target: &Target, cells: usize) -> GridPosterior {
        Self::compute_searching_at(target, cells, SEARCH_CELLS)
    }

    /// [`GridPosterior::compute`] with the box searched on `search_cells × search_cells`
    /// grids (with `search_cells = cells`, the search every grid used to do at full size).
    pub fn compute_searching_at(
        target: &Target,
        cells: usize,
        search_cells: usize,
    ) -> GridPosterior {
        let (bounds, truncated) = Self::search_box(target, search_cells.max(2));
        let mut grid = Self::on_box(target, bounds, cells);
        grid.truncated = truncated;
        grid
    }

    /// The coarse-to-fine search for the box that holds the mass, on `cells × cells` grids of
    /// `ln p̃` alone, and whether the mass still touched the edge of the largest box tried.
    fn search_box(target: &Target, cells: usize) -> (Box2, bool) {
        let mut bounds = target.initial_box();
        let mut values = Vec::new();
        let mut max = evaluate_log_density(target, bounds, cells, &mut values);
        for _ in 0..8 {
            let (fitted, touches_edge) = mass_box(bounds, cells, &values, max);
            if touches_edge {
                // Mass at the edge: widen the box around its centre and look again.
                let (cx, cy) = (
                    (bounds.x.0 + bounds.x.1) / 2.0,
                    (bounds.y.0 + bounds.y.1) / 2.0,
                );
                let (hx, hy) = (bounds.x.1 - cx, bounds.y.1 - cy);
                if hx > 1e4 {
                    return (bounds, true);
                }
                bounds = Box2 {
                    x: (cx - 2.0 * hx, cx + 2.0 * hx),
                    y: (cy - 2.0 * hy, cy + 2.0 * hy),
                };
                max = evaluate_log_density(target, bounds, cells, &mut values);
                continue;
            }
            let shrink_x = (fitted.x.1 - fitted.x.0) / (bounds.x.1 - bounds.x.0);
            let shrink_y = (fitted.y.1 - fitted.y.0) / (bounds.y.1 - bounds.y.0);
            if shrink_x > 0.9 && shrink_y > 0.9 {
                break;
            }
            bounds = fitted;
            max = evaluate_log_density(target, bounds, cells, &mut values);
        }
        // Out of tries: the box is truncated if its mass still reaches the edge.
        (bounds, mass_box(bounds, cells, &values, max).1)
    }

    /// The grid over a given box, without refitting.
    pub fn on_box(target: &Target, bounds: Box2, cells: usize) -> GridPosterior {
        let cells = cells.max(2);
        let (hx, hy) = Self::steps(bounds, cells);
        let mut log_density = Vec::new();
        let max_log_density = evaluate_log_density(target, bounds, cells, &mut log_density);
        let weights = log_density
            .iter()
            .map(|l| (l - max_log_density).exp())
            .collect();
        let mut grid = GridPosterior {
            bounds,
            cells,
            log_density,
            weights,
            log_evidence: f64::NAN,
            mean: [f64::NAN; 2],
            cov: [[f64::NAN; 2]; 2],
            max_log_density,
            truncated: false,
        };
        let (mut total, mut sx, mut sy) = (0.0, 0.0, 0.0);
        grid.for_each_weight(|w, p| {
            total += p;
            sx += p * w[0];
            sy += p * w[1];
        });
        let mean = [sx / total, sy / total];
        let (mut cxx, mut cxy, mut cyy) = (0.0, 0.0, 0.0);
        grid.for_each_weight(|w, p| {
            let d = [w[0] - mean[0], w[1] - mean[1]];
            cxx += p * d[0] * d[0];
            cxy += p * d[0] * d[1];
            cyy += p * d[1] * d[1];
        });
        grid.log_evidence = max_log_density + (total * hx * hy).ln();
        grid.mean = mean;
        grid.cov = [[cxx / total, cxy / total], [cxy / total, cyy / total]];
        grid
    }

    fn steps(bounds: Box2, cells: usize) -> (f64, f64) {
        (
            (bounds.x.1 - bounds.x.0) / cells as f64,
            (bounds.y.1 - bounds.y.0) / cells as f64,
        )
    }

    /// Where `coordinate` falls along axis 0 (w₁) or 1 (w₂) between the cell centres: the
    /// index of the centre below it and the fraction of the way to the next, or None outside
    /// the centres' span. The position of a point in [`bilinear`]; a picture whose pixels
    /// lie on rows and columns finds each column's and each row's once.
    pub fn centre_position(&self, axis: usize, coordinate: f64) -> Option<CentrePosition> {
        let n = self.cells;
        let (hx, hy) = self.cell_size();
        let (origin, step) = if axis == 0 {
            (self.bounds.x.0, hx)
        } else {
            (self.bounds.y.0, hy)
        };
        // Position in cell-centre units: centre i is at i.
        let u = (coordinate - origin) / step - 0.5;
        if !(0.0..=(n - 1) as f64).contains(&u) {
            return None;
        }
        let i = (u as usize).min(n - 2);
        Some((i, u - i as f64))
    }

    /// `√(p̃/p̃_max)` of every cell, in the order of `log_density`: for pictures, whose shade
    /// is this, interpolated with [`bilinear`] (no `exp` per pixel).
    pub fn root_weights(&self) -> Vec<f64> {
        self.weights.iter().map(|w| w.sqrt()).collect()
    }

    /// The cell widths `(Δw₁, Δw₂)`.
    pub fn cell_size(&self) -> (f64, f64) {
        Self::steps(self.bounds, self.cells)
    }

    /// The centre of cell `(i, j)`.
    pub fn centre(&self, i: usize, j: usize) -> [f64; 2] {
        let (hx, hy) = self.cell_size();
        [
            self.bounds.x.0 + (i as f64 + 0.5) * hx,
            self.bounds.y.0 + (j as f64 + 0.5) * hy,
        ]
    }

    /// Calls `f(index, centre)` for every cell, `index = j·cells + i`.
    fn for_each_cell(&self, mut f: impl FnMut(usize, [f64; 2])) {
        let (hx, hy) = self.cell_size();
        for j in 0..self.cells {
            let y = self.bounds.y.0 + (j as f64 + 0.5) * hy;
            for i in 0..self.cells {
                f(
                    j * self.cells + i,
                    [self.bounds.x.0 + (i as f64 + 0.5) * hx, y],
                );
            }
        }
    }

    /// Calls `f(centre, p̃/p̃_max)` for every cell with some mass.
    fn for_each_weight(&self, mut f: impl FnMut([f64; 2], f64)) {
        self.for_each_cell(|index, w| {
            let p = self.weights[index];
            if p > 0.0 {
                f(w, p);
            }
        });
    }

    /// The normalised density `p(w) = p̃(w)/Z` at cell `(i, j)`.
    pub fn density(&self, i: usize, j: usize) -> f64 {
        (self.log_density[j * self.cells + i] - self.log_evidence).exp()
    }

    /// `E_p[f(w)] ≈ Σ p f ΔA`.
    pub fn expectation(&self, f: impl Fn([f64; 2]) -> f64) -> f64 {
        let (mut total, mut weighted) = (0.0, 0.0);
        self.for_each_weight(|w, p| {
            total += p;
            weighted += p * f(w);
        });
        weighted / total
    }

    /// `E_p[σ(wᵀx)]`, the predictive probability of class 1 at `x` under the grid posterior:
    /// the sum `expectation(|w| sigmoid(wᵀx))` makes (same cells, same order), with
    /// `e^{−|wᵀx|}` carried along each row ([`CarriedExp`]) instead of an `exp` per cell.
    pub fn predictive_probability(&self, x: [f64; 2]) -> f64 {
        let (hx, hy) = self.cell_size();
        let (mut total, mut weighted) = (0.0, 0.0);
        for j in 0..self.cells {
            let y = self.bounds.y.0 + (j as f64 + 0.5) * hy;
            let mut carried = CarriedExp::new(x[0] * hx);
            for i in 0..self.cells {
                let w = [self.bounds.x.0 + (i as f64 + 0.5) * hx, y];
                let z = w[0] * x[0] + w[1] * x[1];
                let probability = match carried.next(z) {
                    Some(e) if z > 0.0 => 1.0 / (1.0 + e),
                    Some(e) => e / (1.0 + e),
                    // |z| > 37: σ(z) is 1, or e^z, to the last bit.
                    None => sigmoid(z),
                };
                let p = self.weights[j * self.cells + i];
                if p > 0.0 {
                    total += p;
                    weighted += p * probability;
                }
            }
        }
        weighted / total
    }

    /// `P(w₁ > 0)`, the cell that straddles 0 counted by the share of it past 0.
    pub fn probability_first_positive(&self) -> f64 {
        let (hx, _) = self.cell_size();
        // A cell centred at c spans c ± hx/2: the share of it past 0 is (c + hx/2)/hx.
        self.expectation(|w| ((w[0] + hx / 2.0) / hx).clamp(0.0, 1.0))
    }

    /// `(KL(q‖p), KL(p‖q))` over the grid, `Σ q (ln q − ln p) ΔA` (q's mass outside the box
    /// is missed) and `Σ p (ln p − ln q) ΔA`, in one pass: `ln q` once per cell (its precision
    /// and determinant once per call), `q = e^{ln q}` carried along each row
    /// ([`CarriedQuadraticExp`]: an `exp` every [`ROW_RESYNC`] cells), and
    /// `p = (p̃/p̃_max)·p̃_max/Z` from the cached weights.
    pub fn kl_divergences(&self, q: &Gaussian2) -> (f64, f64) {
        let (hx, hy) = self.cell_size();
        let Some(log_pdf) = q.log_pdf_function() else {
            // A degenerate q: no mass of q anywhere, and KL(p‖q) infinite.
            let p_q = if self.weights.iter().any(|&p| p > 0.0) {
                f64::INFINITY
            } else {
                0.0
            };
            return (0.0, p_q);
        };
        // p = p̃/Z = (p̃/p̃_max)·e^{ln p̃_max − ln Z}.
        let scale = (self.max_log_density - self.log_evidence).exp();
        // Along a row ln q changes by a second difference of −Λ₁₁Δw₁².
        let second_difference = -log_pdf.precision[0][0] * hx * hx;
        let (mut q_p, mut p_q) = (0.0, 0.0);
        for j in 0..self.cells {
            let y = self.bounds.y.0 + (j as f64 + 0.5) * hy;
            let mut carried = CarriedQuadraticExp::new(second_difference);
            for i in 0..self.cells {
                let index = j * self.cells + i;
                let w = [self.bounds.x.0 + (i as f64 + 0.5) * hx, y];
                let log_q = log_pdf.at(w);
                let log_p = self.log_density[index] - self.log_evidence;
                let qw = carried.next(log_q);
                if qw > 0.0 {
                    q_p += qw * (log_q - log_p);
                }
                let p = self.weights[index] * scale;
                if p > 0.0 {
                    p_q += p * (log_p - log_q);
                }
            }
        }
        (q_p * hx * hy, p_q * hx * hy)
    }

    /// The moment-matched Gaussian: the minimiser of `KL(p‖q)` over all Gaussians.
    pub fn moment_matched(&self) -> Gaussian2 {
        Gaussian2 {
            mean: self.mean,
            cov: self.cov,
        }
    }

    /// The centre of the cell with the highest density (a start for Newton's method).
    pub fn argmax(&self) -> [f64; 2] {
        let index = self
            .log_density
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map_or(0, |(k, _)| k);
        self.centre(index % self.cells, index / self.cells)
    }
}

/// Where a coordinate falls between cell centres: the index of the centre below and the
/// fraction of the way to the next ([`GridPosterior::centre_position`]).
pub type CentrePosition = (usize, f64);

/// The bilinear interpolation of per-cell `values` (index `j·cells + i`) at the position
/// `(i, fu)` along w₁ and `(j, fv)` along w₂ given by [`GridPosterior::centre_position`].
pub fn bilinear(
    values: &[f64],
    cells: usize,
    (i, fu): CentrePosition,
    (j, fv): CentrePosition,
) -> f64 {
    let at = |i: usize, j: usize| values[j * cells + i];
    let bottom = at(i, j) + (at(i + 1, j) - at(i, j)) * fu;
    let top = at(i, j + 1) + (at(i + 1, j + 1) - at(i, j + 1)) * fu;
    bottom + (top - bottom) * fv
}

/// `ln p̃` at the centres of `cells × cells` cells of `bounds` into `out` (index
/// `j·cells + i`), row by row ([`Target::log_density_row`]); returns the largest value.
fn evaluate_log_density(target: &Target, bounds: Box2, cells: usize, out: &mut Vec<f64>) -> f64 {
    let (hx, hy) = GridPosterior::steps(bounds, cells);
    out.clear();
    out.resize(cells * cells, 0.0);
    for (j, row) in out.chunks_exact_mut(cells).enumerate() {
        let y = bounds.y.0 + (j as f64 + 0.5) * hy;
        target.log_density_row(bounds.x.0, hx, y, row);
    }
    out.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// The smallest box of whole cells of the grid `log_density` over `bounds` holding every cell
/// within `e^−37` of the peak `max`, one cell wider on each side, and whether such a cell lies
/// on the edge of the grid.
fn mass_box(bounds: Box2, n: usize, log_density: &[f64], max: f64) -> (Box2, bool) {
    let (mut i0, mut i1, mut j0, mut j1) = (n, 0, n, 0);
    for j in 0..n {
        for i in 0..n {
            if log_density[j * n + i] >= max - GRID_CUTOFF {
                i0 = i0.min(i);
                i1 = i1.max(i);
                j0 = j0.min(j);
                j1 = j1.max(j);
            }
        }
    }
    if i0 > i1 {
        return (bounds, false);
    }
    let touches = i0 == 0 || j0 == 0 || i1 == n - 1 || j1 == n - 1;
    let (hx, hy) = GridPosterior::steps(bounds, n);
    let fitted = Box2 {
        x: (
            bounds.x.0 + i0.saturating_sub(1) as f64 * hx,
            bounds.x.0 + (i1 + 2).min(n) as f64 * hx,
        ),
        y: (
            bounds.y.0 + j0.saturating_sub(1) as f64 * hy,
            bounds.y.0 + (j1 + 2).min(n) as f64 * hy,
        ),
    };
    (fitted, touches)
}

/// Gaussian random-walk Metropolis–Hastings: propose `w′ = w + s·ε`, `ε ~ N(0, I)`, accept with
/// probability `min(1, p̃(w′)/p̃(w))`. Every draw comes from one seeded ChaCha8 stream, so the
/// chain is a pure function of (target, start, s, seed) and a longer chain extends a shorter.
#[derive(Debug)]
pub struct MetropolisHastings {
    rng: ChaCha8Rng,
    current: [f64; 2],
    current_log_density: f64,
    proposal_sd: f64,
    /// The chain, the start excluded: `samples[k]` is the state after `k + 1` proposals.
    pub samples: Vec<[f64; 2]>,
    /// Whether proposal `k` was accepted.
    pub accepted: Vec<bool>,
}

impl MetropolisHastings {
    pub fn new(target: &Target, start: [f64; 2], proposal_sd: f64, seed: u64) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
            current: start,
            current_log_density: target.log_density(start),
            proposal_sd,
            samples: Vec::new(),
            accepted: Vec::new(),
        }
    }

    /// Draws `count` more samples.
    pub fn extend(&mut self, target: &Target, count: usize) {
        self.samples.reserve(count);
        self.accepted.reserve(count);
        for _ in 0..count {
            let e1: f64 = self.rng.sample(StandardNormal);
            let e2: f64 = self.rng.sample(StandardNormal);
            let u: f64 = self.rng.random();
            let proposal = [
                self.current[0] + self.proposal_sd * e1,
                self.current[1] + self.proposal_sd * e2,
            ];
            let log_density = target.log_density(proposal);
            // ln u < Δ accepts with probability min(1, e^Δ); a NaN density never accepts.
            let accept = u.ln() < log_density - self.current_log_density;
            if accept {
                self.current = proposal;
                self.current_log_density = log_density;
            }
            self.samples.push(self.current);
            self.accepted.push(accept);
        }
    }
}

/// The sample autocorrelation `ρ_k = ĉ_k/ĉ₀` for `k = 0..=max_lag`, with the biased
/// autocovariance `ĉ_k = (1/n) Σ_{t<n−k} (x_t − x̄)(x_{t+k} − x̄)` (as `statsmodels.acf` and
/// Geyer use). Empty for fewer than two samples or a constant series.
pub fn autocorrelation(xs: &[f64], max_lag: usize) -> Vec<f64> {
    let Some(mut lags) = LagSums::new(xs) else {
        return Vec::new();
    };
    lags.compute_through(max_lag);
    lags.rho().to_vec()
}

/// The autocorrelations `ρ_k` of one series, computed a few lags at a time so that a long
/// chain's statistics can be spread over several frames ([`LagSums::compute_through`]).
/// Each `ρ_k` is the sum `Σ_{t<n−k} (x_t − x̄)(x_{t+k} − x̄)`, added in the order of `t`, over
/// `ĉ₀`: four lags share one pass over the series (four independent running sums, so the
/// processor overlaps their additions) and every sum is still added in the same order, so the
/// values are the same to the last bit as one lag at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct LagSums {
    centred: Vec<f64>,
    c0: f64,
    rho: Vec<f64>,
}

impl LagSums {
    /// None for fewer than two samples or a constant series.
    pub fn new(xs: &[f64]) -> Option<Self> {
        let n = xs.len();
        if n < 2 {
            return None;
        }
        let mean = xs.iter().sum::<f64>() / n as f64;
        let centred: Vec<f64> = xs.iter().map(|x| x - mean).collect();
        let c0: f64 = centred.iter().map(|d| d * d).sum::<f64>();
        if c0 <= 0.0 {
            return None;
        }
        Some(Self {
            centred,
            c0,
            rho: Vec::new(),
        })
    }

    /// The length of the series.
    pub fn len(&self) -> usize {
        self.centred.len()
    }

    /// Always false: a series has at least two samples.
    pub fn is_empty(&self) -> bool {
        self.centred.is_empty()
    }

    /// `ρ_0, ρ_1, …` computed so far.
    pub fn rho(&self) -> &[f64] {
        &self.rho
    }

    /// Computes `ρ_k` up to `last_lag` (at most `n − 1`).
    pub fn compute_through(&mut self, last_lag: usize) {
        let last = last_lag.min(self.len() - 1);
        while self.rho.len() <= last {
            let k = self.rho.len();
            if k + 3 <= last {
                let sums = four_lag_sums(&self.centred, k);
                self.rho.extend(sums.map(|s| s / self.c0));
            } else {
                let c = &self.centred;
                // −0.0 is the neutral element `Iterator::sum` starts from.
                let sum = c[..c.len() - k]
                    .iter()
                    .zip(&c[k..])
                    .fold(-0.0, |s, (a, b)| s + a * b);
                self.rho.push(sum / self.c0);
            }
        }
    }
}

/// `Σ_{t<n−k−j} c_t c_{t+k+j}` for `j = 0..4`, each added in the order of `t`.
fn four_lag_sums(c: &[f64], k: usize) -> [f64; 4] {
    let n = c.len();
    let mut s = [-0.0_f64; 4];
    // The terms all four sums share: t < n − k − 3.
    let shared = n - k - 3;
    for t in 0..shared {
        let a = c[t];
        s[0] += a * c[t + k];
        s[1] += a * c[t + k + 1];
        s[2] += a * c[t + k + 2];
        s[3] += a * c[t + k + 3];
    }
    // The last terms of the shorter lags' longer siblings.
    for (j, sum) in s.iter_mut().enumerate().take(3) {
        for t in shared..n - k - j {
            *sum += c[t] * c[t + k + j];
        }
    }
    s
}

/// The most lags [`effective_sample_size`] sums before giving up (the estimate is then the
/// bound it reached, flagged by [`Ess::capped`]).
pub const ESS_MAX_LAG: usize = 2000;

/// An effective sample size and how it was reached.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ess {
    pub ess: f64,
    /// The integrated autocorrelation time `τ = n/ESS`.
    pub tau: f64,
    /// The last lag summed.
    pub last_lag: usize,
    /// True when [`ESS_MAX_LAG`] stopped the sum (the true ESS is then smaller).
    pub capped: bool,
}

/// Geyer's (1992) initial monotone sequence estimator: with `Γ_m = ρ_{2m} + ρ_{2m+1}`, sum the
/// pairs while they are positive, each lowered to the smallest before it, `τ = −1 + 2 Σ Γ_m`,
/// `ESS = n/τ`. None for fewer than four samples or a chain that never moved.
pub fn effective_sample_size(xs: &[f64]) -> Option<Ess> {
    if xs.len() < 4 {
        return None;
    }
    let mut lags = LagSums::new(xs)?;
    loop {
        if let Some(ess) = geyer_ess(&lags) {
            return Some(ess);
        }
        // Eight more lags at a time: a well-mixing chain needs a few dozen.
        lags.compute_through(lags.rho().len() + 7);
    }
}

/// [`effective_sample_size`] from the lags computed so far: None while it needs a lag not yet
/// computed (compute more with [`LagSums::compute_through`] and ask again).
pub fn geyer_ess(lags: &LagSums) -> Option<Ess> {
    let n = lags.len();
    let rho = lags.rho();
    let mut sum = 0.0;
    let mut previous = f64::INFINITY;
    let mut m = 0;
    let mut capped = false;
    loop {
        if 2 * m + 1 >= n {
            break;
        }
        if 2 * m + 1 > ESS_MAX_LAG {
            capped = true;
            break;
        }
        if 2 * m + 1 >= rho.len() {
            return None;
        }
        let pair = rho[2 * m] + rho[2 * m + 1];
        if pair <= 0.0 {
            break;
        }
        let pair = pair.min(previous);
        previous = pair;
        sum += pair;
        m += 1;
    }
    let tau = (-1.0 + 2.0 * sum).max(1.0 / n as f64);
    Some(Ess {
        ess: n as f64 / tau,
        tau,
        last_lag: (2 * m + 1).min(n - 1),
        capped,
    })
}

/// The Laplace approximation: the MAP and `Σ = (−∇² ln p̃)⁻¹` there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Laplace {
    pub gaussian: Gaussian2,
    /// Newton steps taken.
    pub iterations: usize,
    /// `ln p̃(MAP) + ln 2π + ½ ln det Σ`: the Laplace estimate of `ln Z`.
    pub log_evidence: f64,
}

/// Damped Newton's method on `ln p̃` from `start`: the full step `−H⁻¹g` when `H` is negative
/// definite, else a gradient step, halved until `ln p̃` does not fall; stops when a step
/// moves less than 10⁻¹³. None when the Hessian at the end is not negative definite.
pub fn laplace(target: &Target, start: [f64; 2]) -> Option<Laplace> {
    let mut w = start;
    let mut value = target.log_density(w);
    let mut iterations = 0;
    for _ in 0..200 {
        let g = target.gradient(w);
        let h = target.hessian(w);
        let negative_definite = h[0][0] < 0.0 && determinant(&h) > 0.0;
        let direction = match inverse(h) {
            Some(hi) if negative_definite => {
                let step = mat_vec(&hi, g);
                [-step[0], -step[1]]
            }
            _ => g,
        };
        let mut t = 1.0;
        let mut moved = false;
        for _ in 0..60 {
            let trial = [w[0] + t * direction[0], w[1] + t * direction[1]];
            let trial_value = target.log_density(trial);
            if trial_value >= value {
                let length = (t * direction[0]).hypot(t * direction[1]);
                w = trial;
                value = trial_value;
                moved = length > 1e-13 * (1.0 + w[0].hypot(w[1]));
                break;
            }
            t *= 0.5;
        }
        iterations += 1;
        if !moved {
            break;
        }
    }
    let h = target.hessian(w);
    if !(h[0][0] < 0.0 && determinant(&h) > 0.0) {
        return None;
    }
    let negative = [[-h[0][0], -h[0][1]], [-h[1][0], -h[1][1]]];
    let cov = inverse(negative)?;
    Some(Laplace {
        gaussian: Gaussian2 { mean: w, cov },
        iterations,
        log_evidence: value + LN_2PI + 0.5 * determinant(&cov).ln(),
    })
}

/// Which Gaussians variational inference searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `q = N(m, diag(s₁², s₂²))`: independent coordinates.
    MeanField,
    /// `q = N(m, LLᵀ)` with `L` lower triangular, positive diagonal.
    FullCovariance,
}

/// Samples of `ε` per ELBO gradient estimate.
pub const VI_SAMPLES_PER_STEP: usize = 8;
/// Nodes of the one-dimensional Gauss–Hermite rule that evaluates the ELBO of logistic
/// regression after each step ([`Target::expected_log_density`]: one rule per point, along
/// `wᵀxᵢ`), and nodes per axis of the tensor rule for the other targets, whose `ln p̃` can
/// bend sharply between the mixture's modes.
pub const ELBO_NODES_LOGISTIC: usize = 24;
pub const ELBO_NODES: usize = 28;

/// The nodes of the rule a [`VariationalFit`] of `target` evaluates its ELBO with.
pub fn elbo_nodes(target: &Target) -> usize {
    match target {
        Target::Logistic { .. } => ELBO_NODES_LOGISTIC,
        _ => ELBO_NODES,
    }
}

/// Settings of a variational fit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VariationalSettings {
    pub family: Family,
    /// Adam's `lr` at the start; step `t` uses `lr/(1 + t/100)` (a Robbins–Monro decay), so the noisy iterates settle.
    pub learning_rate: f64,
    pub seed: u64,
    /// `q` starts as `N(start_mean, start_sd² I)`.
    pub start_mean: [f64; 2],
    pub start_sd: f64,
}

/// A Gaussian `q` fitted by stochastic gradient ascent on
/// `ELBO(q) = E_q[ln p̃(w)] + H(q) = ln Z − KL(q‖p)`. Parameters `(m₁, m₂, ln L₁₁, L₂₁, ln L₂₂)`;
/// each step draws `ε ~ N(0, I)`, sets `w = m + Lε` (the reparameterisation trick) and uses
/// `∇_m = ∇ln p̃(w)`, `∇_L = tril(∇ln p̃(w) εᵀ) + diag(1/L)`, averaged over
/// [`VI_SAMPLES_PER_STEP`] draws, through PyTorch's Adam (ascent: the negated gradient).
#[derive(Debug)]
pub struct VariationalFit {
    pub settings: VariationalSettings,
    parameters: Vec<f64>,
    optimizer: FirstOrderOptimizer,
    rng: ChaCha8Rng,
    rule: GaussHermite,
    /// The ELBO of `q` before any step and after each one (Gauss–Hermite, not sampled).
    pub elbo: Vec<f64>,
}

impl VariationalFit {
    pub fn new(target: &Target, settings: VariationalSettings) -> Self {
        Self::with_rule(target, settings, GaussHermite::new(elbo_nodes(target)))
    }

    /// [`VariationalFit::new`] with the ELBO's Gauss–Hermite rule given (built once by the
    /// caller: a rule is an eigenproblem), normally of [`elbo_nodes`] nodes.
    pub fn with_rule(target: &Target, settings: VariationalSettings, rule: GaussHermite) -> Self {
        let log_sd = settings.start_sd.ln();
        let mut fit = Self {
            settings,
            parameters: vec![
                settings.start_mean[0],
                settings.start_mean[1],
                log_sd,
                0.0,
                log_sd,
            ],
            optimizer: FirstOrderOptimizer::new(OptimizerKind::Adam, 5)
                .expect("Adam is a first-order optimizer"),
            rng: ChaCha8Rng::seed_from_u64(settings.seed),
            rule,
            elbo: Vec::new(),
        };
        let elbo = fit.current_elbo(target);
        fit.elbo.push(elbo);
        fit
    }

    /// Steps taken so far.
    pub fn iterations(&self) -> usize {
        self.elbo.len() - 1
    }

    /// The current `q`.
    pub fn gaussian(&self) -> Gaussian2 {
        let l = self.cholesky();
        Gaussian2 {
            mean: [self.parameters[0], self.parameters[1]],
            cov: [
                [l[0][0] * l[0][0], l[0][0] * l[1][0]],
                [l[0][0] * l[1][0], l[1][0] * l[1][0] + l[1][1] * l[1][1]],
            ],
        }
    }

    fn cholesky(&self) -> Matrix2 {
        [
            [self.parameters[2].exp(), 0.0],
            [self.parameters[3], self.parameters[4].exp()],
        ]
    }

    /// The ELBO of the current `q`, `E_q[ln p̃] + H(q)`, by Gauss–Hermite (along each
    /// `wᵀxᵢ` for logistic regression, over the plane for the other targets).
    pub fn current_elbo(&self, target: &Target) -> f64 {
        let q = self.gaussian();
        match target.expected_log_density(&q, &self.rule) {
            Some(expected) => expected + q.entropy(),
            None => elbo(target, &q, &self.rule),
        }
    }

    /// Takes `count` steps.
    pub fn run(&mut self, target: &Target, count: usize) {
        let mut hyper = Hyperparameters::default();
        for _ in 0..count {
            let l = self.cholesky();
            let m = [self.parameters[0], self.parameters[1]];
            let mut gradient = [0.0; 5];
            for _ in 0..VI_SAMPLES_PER_STEP {
                let e: [f64; 2] = [
                    self.rng.sample(StandardNormal),
                    self.rng.sample(StandardNormal),
                ];
                let w = [
                    m[0] + l[0][0] * e[0],
                    m[1] + l[1][0] * e[0] + l[1][1] * e[1],
                ];
                let g = target.gradient(w);
                let g = if g.iter().all(|v| v.is_finite()) {
                    g
                } else {
                    [0.0; 2]
                };
                gradient[0] += g[0];
                gradient[1] += g[1];
                // ∂/∂ln L₁₁ = (∂/∂L₁₁)·L₁₁, and the entropy adds 1 to each log-diagonal.
                gradient[2] += g[0] * e[0] * l[0][0];
                gradient[3] += g[1] * e[0];
                gradient[4] += g[1] * e[1] * l[1][1];
            }
            let scale = 1.0 / VI_SAMPLES_PER_STEP as f64;
            let mut descent = gradient.map(|g| -g * scale);
            descent[2] -= 1.0;
            descent[4] -= 1.0;
            if self.settings.family == Family::MeanField {
                descent[3] = 0.0;
            }
            let t = self.iterations() as f64;
            hyper.learning_rate = self.settings.learning_rate / (1.0 + t / 100.0);
            self.optimizer.step(&mut self.parameters, &descent, &hyper);
            // Keep the scales in a range where exp neither underflows nor overflows.
            for index in [2, 4] {
                self.parameters[index] = self.parameters[index].clamp(-12.0, 6.0);
            }
            let elbo = self.current_elbo(target);
            self.elbo.push(elbo);
        }
    }
}

/// `ELBO(q) = E_q[ln p̃(w)] + H(q)` with the expectation by a Gauss–Hermite rule.
pub fn elbo(target: &Target, q: &Gaussian2, rule: &GaussHermite) -> f64 {
    q.expectation(rule, |w| target.log_density(w)) + q.entropy()
}

#[cfg(test)]
mod tests;
