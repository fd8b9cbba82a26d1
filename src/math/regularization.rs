//! L1 and L2 regularization of least squares, exactly.
//!
//! Two pictures share this module. The first is the geometry of two weights: the loss
//! `L(w) = ‖Xw − y‖²/(2n)` is a quadratic bowl `½ wᵀAw − bᵀw + c` with `A = XᵀX/n` and
//! `b = Xᵀy/n`; its minimum over the L2 disc `‖w‖₂ ≤ t` is the ridge solution whose Lagrange
//! multiplier solves a one-dimensional secular equation ([`l2_constrained`]), and its minimum
//! over the L1 diamond `|w₁| + |w₂| ≤ t` lies on one of the diamond's four edges, each a
//! one-dimensional quadratic minimised in closed form, or on a corner, where one weight is
//! exactly zero ([`l1_constrained`]).
//!
//! The second is the regularization path of several weights: the lasso
//! `1/(2n)‖y − Xw‖² + λ‖w‖₁` (scikit-learn's `Lasso` objective, no intercept) by cyclic
//! coordinate descent ([`lasso_coordinate_descent`]) and by the exact homotopy that follows its
//! piecewise-linear path from `λ_max = ‖Xᵀy‖∞/n` down ([`lasso_homotopy`]), giving the exact
//! knots where weights enter or leave; and ridge `1/(2n)‖y − Xw‖² + (λ/2)‖w‖₂²` in closed form
//! `(XᵀX + nλI)⁻¹Xᵀy` ([`ridge`]). Both work on the Gram form `G = XᵀX/n`, `c = Xᵀy/n`.

use nalgebra::{DMatrix, DVector};
use rand::{SeedableRng, rngs::ChaCha8Rng};
use rand_distr::{Distribution, StandardNormal};

/// A quadratic of two weights, `L(w) = ½ wᵀAw − bᵀw + c`, with `A` symmetric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quadratic2 {
    /// The Hessian `A = XᵀX/n` (symmetric; `a[0][1] == a[1][0]`).
    pub a: [[f64; 2]; 2],
    /// The linear term `b = Xᵀy/n`.
    pub b: [f64; 2],
    /// The constant `yᵀy/(2n)`.
    pub c: f64,
}

impl Quadratic2 {
    /// The least-squares loss `‖Xw − y‖²/(2n)` of rows `x` (two features each) and targets `y`.
    pub fn least_squares(x: &[[f64; 2]], y: &[f64]) -> Self {
        let n = x.len().max(1) as f64;
        let mut a = [[0.0; 2]; 2];
        let mut b = [0.0; 2];
        let mut c = 0.0;
        for (row, &target) in x.iter().zip(y) {
            for i in 0..2 {
                b[i] += row[i] * target / n;
                for j in 0..2 {
                    a[i][j] += row[i] * row[j] / n;
                }
            }
            c += target * target / (2.0 * n);
        }
        Self { a, b, c }
    }

    pub fn value(&self, w: [f64; 2]) -> f64 {
        let aw = self.apply(w);
        0.5 * (w[0] * aw[0] + w[1] * aw[1]) - self.b[0] * w[0] - self.b[1] * w[1] + self.c
    }

    /// `∇L(w) = Aw − b`.
    pub fn gradient(&self, w: [f64; 2]) -> [f64; 2] {
        let aw = self.apply(w);
        [aw[0] - self.b[0], aw[1] - self.b[1]]
    }

    fn apply(&self, w: [f64; 2]) -> [f64; 2] {
        [
            self.a[0][0] * w[0] + self.a[0][1] * w[1],
            self.a[1][0] * w[0] + self.a[1][1] * w[1],
        ]
    }

    /// The unconstrained minimiser `A⁻¹b` (the OLS weights), None when `A` is singular.
    pub fn minimiser(&self) -> Option<[f64; 2]> {
        let [[p, q], [r, s]] = self.a;
        let det = p * s - q * r;
        if !(det.is_finite() && det.abs() > 1e-14 * (p.abs() + s.abs()).powi(2)) {
            return None;
        }
        Some([
            (s * self.b[0] - q * self.b[1]) / det,
            (p * self.b[1] - r * self.b[0]) / det,
        ])
    }

    /// The eigenvalues (ascending) and unit eigenvectors of the symmetric `A`.
    fn eigen(&self) -> ([f64; 2], [[f64; 2]; 2]) {
        let [[p, q], [_, s]] = self.a;
        let mean = 0.5 * (p + s);
        let radius = (0.25 * (p - s) * (p - s) + q * q).sqrt();
        let (low, high) = (mean - radius, mean + radius);
        // The eigenvector of the larger eigenvalue, from whichever row is better conditioned.
        let v = if q == 0.0 {
            if p >= s { [1.0, 0.0] } else { [0.0, 1.0] }
        } else if (high - p).abs() > (high - s).abs() {
            [q, high - p]
        } else {
            [high - s, q]
        };
        let norm = v[0].hypot(v[1]);
        let big = [v[0] / norm, v[1] / norm];
        let small = [-big[1], big[0]];
        ([low, high], [small, big])
    }
}

/// A minimum of the loss over a ball, with the multiplier that makes it the solution of the
/// matching penalized problem.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConstrainedOptimum {
    pub weights: [f64; 2],
    pub loss: f64,
    /// The penalty strength λ with the same solution: ridge `L + (λ/2)‖w‖₂²` for the disc,
    /// lasso `L + λ‖w‖₁` for the diamond. Zero when the OLS point lies inside the ball.
    pub lambda: f64,
    /// True when the constraint is active (the optimum lies on the ball's boundary).
    pub on_boundary: bool,
}

/// The minimum of `loss` over the disc `‖w‖₂ ≤ t`. Outside the disc the optimum is the ridge
/// solution `(A + λI)⁻¹b` whose norm is exactly `t`; λ solves the secular equation
/// `Σ βᵢ²/(αᵢ + λ)² = t²` (αᵢ, βᵢ: eigenvalues of A and b in its eigenbasis), found by Newton's
/// method on the nearly linear `1/‖w(λ)‖ − 1/t` (Moré and Sorensen's form) safeguarded by
/// bisection. None for a singular `A` or a non-positive budget.
pub fn l2_constrained(loss: &Quadratic2, budget: f64) -> Option<ConstrainedOptimum> {
    let ols = loss.minimiser()?;
    if !(budget > 0.0 && budget.is_finite()) {
        return None;
    }
    if ols[0].hypot(ols[1]) <= budget {
        return Some(ConstrainedOptimum {
            weights: ols,
            loss: loss.value(ols),
            lambda: 0.0,
            on_boundary: false,
        });
    }
    let (alpha, vectors) = loss.eigen();
    let beta = [
        vectors[0][0] * loss.b[0] + vectors[0][1] * loss.b[1],
        vectors[1][0] * loss.b[0] + vectors[1][1] * loss.b[1],
    ];
    let norm = |lambda: f64| (beta[0] / (alpha[0] + lambda)).hypot(beta[1] / (alpha[1] + lambda));
    // ‖w(λ)‖ falls from ‖w_OLS‖ > t at λ = 0 towards 0: bracket the root, then iterate.
    let (mut low, mut high) = (0.0_f64, 1.0_f64);
    while norm(high) > budget {
        high *= 2.0;
        if high > 1e300 {
            return None;
        }
    }
    let mut lambda = 0.5 * (low + high);
    for _ in 0..200 {
        let w_norm = norm(lambda);
        let residual = 1.0 / w_norm - 1.0 / budget;
        if w_norm > budget {
            low = lambda;
        } else {
            high = lambda;
        }
        // d/dλ (1/‖w‖) = (Σ βᵢ²/(αᵢ + λ)³) / ‖w‖³.
        let cubes: f64 = (0..2)
            .map(|i| beta[i] * beta[i] / (alpha[i] + lambda).powi(3))
            .sum();
        let slope = cubes / w_norm.powi(3);
        let newton = lambda - residual / slope;
        let next = if newton > low && newton < high && newton.is_finite() {
            newton
        } else {
            0.5 * (low + high)
        };
        if (next - lambda).abs() <= 1e-16 * lambda.max(1e-300) || high - low <= f64::EPSILON * high
        {
            lambda = next;
            break;
        }
        lambda = next;
    }
    let coefficients = [beta[0] / (alpha[0] + lambda), beta[1] / (alpha[1] + lambda)];
    let weights = [
        vectors[0][0] * coefficients[0] + vectors[1][0] * coefficients[1],
        vectors[0][1] * coefficients[0] + vectors[1][1] * coefficients[1],
    ];
    Some(ConstrainedOptimum {
        weights,
        loss: loss.value(weights),
        lambda,
        on_boundary: true,
    })
}

/// The minimum of `loss` over the diamond `|w₁| + |w₂| ≤ t`. Outside the diamond the optimum
/// lies on its boundary: on each of the four edges `w = (s₁u, s₂(t − u))`, `0 ≤ u ≤ t`, the
/// loss is a quadratic in `u` minimised in closed form and clamped to the edge; a clamped
/// minimum is a corner, written with an exact zero. The best of the four is the optimum, and
/// the lasso λ with the same solution is `−s_j ∂L/∂w_j` at a nonzero weight. None for a
/// singular `A` or a non-positive budget.
pub fn l1_constrained(loss: &Quadratic2, budget: f64) -> Option<ConstrainedOptimum> {
    let ols = loss.minimiser()?;
    if !(budget > 0.0 && budget.is_finite()) {
        return None;
    }
    if ols[0].abs() + ols[1].abs() <= budget {
        return Some(ConstrainedOptimum {
            weights: ols,
            loss: loss.value(ols),
            lambda: 0.0,
            on_boundary: false,
        });
    }
    let mut best: Option<([f64; 2], f64)> = None;
    for (s1, s2) in [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)] {
        // w(u) = p + u d with p = (0, s₂t), d = (s₁, −s₂).
        let p = [0.0, s2 * budget];
        let d = [s1, -s2];
        let ad = loss.apply(d);
        let curvature = d[0] * ad[0] + d[1] * ad[1];
        let ap = loss.apply(p);
        let slope_at_p = d[0] * ap[0] + d[1] * ap[1] - loss.b[0] * d[0] - loss.b[1] * d[1];
        let u = if curvature > 0.0 {
            (-slope_at_p / curvature).clamp(0.0, budget)
        } else if slope_at_p < 0.0 {
            budget
        } else {
            0.0
        };
        let weights = if u <= 0.0 {
            [0.0, s2 * budget]
        } else if u >= budget {
            [s1 * budget, 0.0]
        } else {
            [s1 * u, s2 * (budget - u)]
        };
        let value = loss.value(weights);
        if best.is_none_or(|(_, v)| value < v) {
            best = Some((weights, value));
        }
    }
    let (weights, value) = best?;
    let gradient = loss.gradient(weights);
    // KKT of the lasso: −∂L/∂w_j = λ·sign(w_j) at every nonzero weight (averaged over two).
    let multipliers: Vec<f64> = (0..2)
        .filter(|&j| weights[j] != 0.0)
        .map(|j| -gradient[j] * weights[j].signum())
        .collect();
    let lambda = multipliers.iter().sum::<f64>() / multipliers.len().max(1) as f64;
    Some(ConstrainedOptimum {
        weights,
        loss: value,
        lambda,
        on_boundary: true,
    })
}

/// A least-squares problem in Gram form: `G = XᵀX/n`, `c = Xᵀy/n`, `yᵀy/n` and `n`.
#[derive(Clone, Debug, PartialEq)]
pub struct GramProblem {
    pub gram: DMatrix<f64>,
    pub correlations: DVector<f64>,
    pub y_squared: f64,
    pub samples: usize,
}

impl GramProblem {
    /// The Gram form of rows `x` (all of the same length) and targets `y`.
    pub fn new(x: &[Vec<f64>], y: &[f64]) -> Self {
        let n = x.len();
        let p = x.first().map_or(0, Vec::len);
        let design = DMatrix::from_fn(n, p, |i, j| x[i][j]);
        let target = DVector::from_column_slice(y);
        let scale = 1.0 / n.max(1) as f64;
        Self {
            gram: design.transpose() * &design * scale,
            correlations: design.transpose() * &target * scale,
            y_squared: target.dot(&target) * scale,
            samples: n,
        }
    }

    pub fn features(&self) -> usize {
        self.correlations.len()
    }

    /// `‖y − Xw‖²/(2n) = ½(yᵀy/n − 2cᵀw + wᵀGw)`.
    pub fn loss(&self, w: &[f64]) -> f64 {
        let w = DVector::from_column_slice(w);
        0.5 * (self.y_squared - 2.0 * self.correlations.dot(&w) + w.dot(&(&self.gram * &w)))
    }

    /// `λ_max = ‖Xᵀy‖∞/n`: the smallest λ at which every lasso weight is zero.
    pub fn lambda_max(&self) -> f64 {
        self.correlations.amax()
    }
}

/// The soft-thresholding operator `sign(z)·max(|z| − λ, 0)`.
pub fn soft_threshold(z: f64, lambda: f64) -> f64 {
    if z > lambda {
        z - lambda
    } else if z < -lambda {
        z + lambda
    } else {
        0.0
    }
}

/// A lasso solution by coordinate descent and how it got there.
#[derive(Clone, Debug, PartialEq)]
pub struct LassoFit {
    pub weights: Vec<f64>,
    /// Full sweeps over the coordinates.
    pub sweeps: usize,
    /// True when the last sweep changed no weight by more than the tolerance.
    pub converged: bool,
}

/// The lasso `1/(2n)‖y − Xw‖² + λ‖w‖₁` by cyclic coordinate descent from `start`: each weight
/// in turn set to its exact minimiser with the others fixed,
/// `w_j ← S(c_j − Σ_{k≠j} G_jk w_k, λ)/G_jj` ([`soft_threshold`]), until no weight moves by
/// more than `tolerance` in a sweep (or `max_sweeps` sweeps).
pub fn lasso_coordinate_descent(
    problem: &GramProblem,
    lambda: f64,
    start: &[f64],
    tolerance: f64,
    max_sweeps: usize,
) -> LassoFit {
    let p = problem.features();
    let mut w: Vec<f64> = (0..p)
        .map(|j| start.get(j).copied().unwrap_or(0.0))
        .collect();
    let g = &problem.gram;
    let mut sweeps = 0;
    let mut converged = false;
    while sweeps < max_sweeps {
        sweeps += 1;
        let mut largest_move = 0.0_f64;
        for j in 0..p {
            if g[(j, j)] <= 0.0 {
                w[j] = 0.0;
                continue;
            }
            let others: f64 = (0..p).filter(|&k| k != j).map(|k| g[(j, k)] * w[k]).sum();
            let updated = soft_threshold(problem.correlations[j] - others, lambda) / g[(j, j)];
            largest_move = largest_move.max((updated - w[j]).abs());
            w[j] = updated;
        }
        if largest_move <= tolerance {
            converged = true;
            break;
        }
    }
    LassoFit {
        weights: w,
        sweeps,
        converged,
    }
}

/// The lasso's subgradient residual `c − Gw`: `x_jᵀ(y − Xw)/n` for every feature. At the
/// solution it is `λ·sign(w_j)` at nonzero weights and at most λ in size at zero ones.
pub fn lasso_correlations(problem: &GramProblem, w: &[f64]) -> Vec<f64> {
    let w = DVector::from_column_slice(w);
    (&problem.correlations - &problem.gram * w)
        .iter()
        .copied()
        .collect()
}

/// Ridge `1/(2n)‖y − Xw‖² + (λ/2)‖w‖₂²`, solved as `(G + λI)w = c`, i.e.
/// `(XᵀX + nλI)⁻¹Xᵀy` (scikit-learn's `Ridge(alpha = nλ, fit_intercept=False)`).
pub fn ridge(problem: &GramProblem, lambda: f64) -> Option<Vec<f64>> {
    let p = problem.features();
    let system = &problem.gram + DMatrix::identity(p, p) * lambda;
    let solution = system.cholesky()?.solve(&problem.correlations);
    Some(solution.iter().copied().collect())
}

/// One knot of the exact lasso path: the λ where the active set changes and the weights there.
#[derive(Clone, Debug, PartialEq)]
pub struct PathKnot {
    pub lambda: f64,
    pub weights: Vec<f64>,
}

/// The exact lasso path from `λ_max` down to `lambda_floor` (LARS with the lasso modification,
/// Efron et al. 2004): between knots the active weights move linearly,
/// `w_A(λ) = G_AA⁻¹(c_A − λ s_A)`, and a knot is where an inactive feature's correlation
/// `|c_j − G_jA w_A|` reaches λ (it joins) or an active weight reaches zero (it leaves). The
/// first knot is `λ_max` with all weights zero; the last is at `lambda_floor`.
pub fn lasso_homotopy(problem: &GramProblem, lambda_floor: f64) -> Vec<PathKnot> {
    let p = problem.features();
    let c = &problem.correlations;
    let g = &problem.gram;
    let lambda_max = problem.lambda_max();
    let mut knots = vec![PathKnot {
        lambda: lambda_max,
        weights: vec![0.0; p],
    }];
    if p == 0 || lambda_max <= lambda_floor {
        return knots;
    }
    let first = c.iamax();
    let mut active: Vec<usize> = vec![first];
    let mut signs: Vec<f64> = vec![c[first].signum()];
    let mut lambda = lambda_max;
    let mut just_left: Option<usize> = None;
    for _ in 0..(20 * p + 20) {
        let size = active.len();
        let g_aa = DMatrix::from_fn(size, size, |i, k| g[(active[i], active[k])]);
        let c_a = DVector::from_fn(size, |i, _| c[active[i]]);
        let s_a = DVector::from_column_slice(&signs);
        let Some(factor) = g_aa.clone().lu().try_inverse() else {
            break;
        };
        // w_A(μ) = e − μ d.
        let e = &factor * &c_a;
        let d = &factor * &s_a;
        let mut next = lambda_floor;
        let mut event: Option<(usize, bool)> = None;
        // An active weight reaching zero: e_k − μ d_k = 0.
        for (i, &k) in active.iter().enumerate() {
            if d[i] != 0.0 {
                let mu = e[i] / d[i];
                if mu < lambda * (1.0 - 1e-12) && mu > next {
                    next = mu;
                    event = Some((k, false));
                }
            }
        }
        // An inactive correlation α_j + μ β_j reaching ±μ.
        for j in (0..p).filter(|j| !active.contains(j)) {
            let g_ja = DVector::from_fn(size, |i, _| g[(j, active[i])]);
            let alpha = c[j] - g_ja.dot(&e);
            let beta = g_ja.dot(&d);
            for mu in [alpha / (1.0 - beta), -alpha / (1.0 + beta)] {
                let rejoining = just_left == Some(j) && mu > lambda * (1.0 - 1e-9);
                if mu.is_finite() && mu < lambda * (1.0 - 1e-12) && mu > next && !rejoining {
                    next = mu;
                    event = Some((j, true));
                }
            }
        }
        let weights_at = |mu: f64| {
            let mut w = vec![0.0; p];
            for (i, &k) in active.iter().enumerate() {
                w[k] = e[i] - mu * d[i];
            }
            w
        };
        let mut weights = weights_at(next);
        match event {
            None => {
                knots.push(PathKnot {
                    lambda: next,
                    weights,
                });
                break;
            }
            Some((k, true)) => {
                let g_ka = DVector::from_fn(size, |i, _| g[(k, active[i])]);
                let correlation = c[k] - g_ka.dot(&(&e - &d * next));
                active.push(k);
                signs.push(correlation.signum());
                just_left = None;
            }
            Some((k, false)) => {
                weights[k] = 0.0;
                let position = active.iter().position(|&a| a == k).unwrap_or(0);
                active.remove(position);
                signs.remove(position);
                just_left = Some(k);
            }
        }
        knots.push(PathKnot {
            lambda: next,
            weights,
        });
        lambda = next;
        if active.is_empty() || lambda <= lambda_floor {
            break;
        }
    }
    knots
}

/// The weights of a path (knots in decreasing λ) at `lambda`, by linear interpolation between
/// the knots around it (exact: the lasso path is piecewise linear in λ). Above the first knot
/// every weight is zero; below the last, the last knot's weights.
pub fn path_weights_at(knots: &[PathKnot], lambda: f64) -> Vec<f64> {
    let Some(first) = knots.first() else {
        return Vec::new();
    };
    if lambda >= first.lambda {
        return vec![0.0; first.weights.len()];
    }
    for pair in knots.windows(2) {
        let (upper, lower) = (&pair[0], &pair[1]);
        if lambda >= lower.lambda {
            let span = upper.lambda - lower.lambda;
            let t = if span > 0.0 {
                (upper.lambda - lambda) / span
            } else {
                1.0
            };
            return upper
                .weights
                .iter()
                .zip(&lower.weights)
                .map(|(a, b)| a + t * (b - a))
                .collect();
        }
    }
    knots.last().map(|k| k.weights.clone()).unwrap_or_default()
}

/// For every weight, the λ above which it stays zero on the path: the largest knot λ at which
/// it is nonzero just below (the knot where it last joined, going down), or None if it never
/// becomes nonzero down to the path's end.
pub fn zero_from(knots: &[PathKnot]) -> Vec<Option<f64>> {
    let p = knots.first().map_or(0, |k| k.weights.len());
    (0..p)
        .map(|j| {
            // Walking down in λ: the first segment on which w_j is nonzero starts at its knot.
            // w_j is linear between knots, so it is nonzero just below the upper knot of the
            // first segment whose lower end has it nonzero.
            knots
                .windows(2)
                .find_map(|pair| (pair[1].weights[j] != 0.0).then_some(pair[0].lambda))
        })
        .collect()
}

/// A seeded data set with correlated Gaussian features: `n` rows of `p` features with
/// `corr(x_i, x_j) = ρ^|i−j|` (an AR(1) chain: `x₁ = z₁`, `x_j = ρx_{j−1} + √(1−ρ²) z_j`), and
/// `y = Xβ + σε`. Features and target are centred (no intercept is fitted). Returns the rows
/// and targets.
pub fn correlated_data(
    coefficients: &[f64],
    samples: usize,
    correlation: f64,
    noise: f64,
    seed: u64,
) -> (Vec<Vec<f64>>, Vec<f64>) {
    let split = correlated_split(coefficients, samples, 0, correlation, noise, seed);
    (split.rows, split.targets)
}

/// Training rows and targets, and held-out validation rows and targets drawn from the same
/// model after them (same generator), all centred by the training means.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSplit {
    pub rows: Vec<Vec<f64>>,
    pub targets: Vec<f64>,
    pub validation_rows: Vec<Vec<f64>>,
    pub validation_targets: Vec<f64>,
}

/// [`correlated_data`] with `validation` more rows held out for measuring the error on data
/// the fit has not seen.
pub fn correlated_split(
    coefficients: &[f64],
    samples: usize,
    validation: usize,
    correlation: f64,
    noise: f64,
    seed: u64,
) -> DataSplit {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let p = coefficients.len();
    let rho = correlation.clamp(-0.999, 0.999);
    let fresh = (1.0 - rho * rho).sqrt();
    let mut rows = Vec::with_capacity(samples + validation);
    let mut targets = Vec::with_capacity(samples + validation);
    for _ in 0..samples + validation {
        let mut row = Vec::with_capacity(p);
        let mut previous = 0.0;
        for j in 0..p {
            let z: f64 = StandardNormal.sample(&mut rng);
            let x = if j == 0 {
                z
            } else {
                rho * previous + fresh * z
            };
            row.push(x);
            previous = x;
        }
        let epsilon: f64 = StandardNormal.sample(&mut rng);
        let y = row
            .iter()
            .zip(coefficients)
            .map(|(x, b)| x * b)
            .sum::<f64>()
            + noise * epsilon;
        rows.push(row);
        targets.push(y);
    }
    let validation_rows = rows.split_off(samples);
    let validation_targets = targets.split_off(samples);
    let mut split = DataSplit {
        rows,
        targets,
        validation_rows,
        validation_targets,
    };
    centre(&mut split);
    split
}

/// The mean squared error `‖y − Xw‖²/n` of weights `w` on rows and targets.
pub fn mean_squared_error(rows: &[Vec<f64>], targets: &[f64], w: &[f64]) -> f64 {
    let n = rows.len().max(1) as f64;
    rows.iter()
        .zip(targets)
        .map(|(row, y)| {
            let fitted: f64 = row.iter().zip(w).map(|(x, w)| x * w).sum();
            (y - fitted) * (y - fitted)
        })
        .sum::<f64>()
        / n
}

/// Subtracts the training column means and the training target mean from both parts.
fn centre(split: &mut DataSplit) {
    let n = split.rows.len().max(1) as f64;
    let p = split.rows.first().map_or(0, Vec::len);
    for j in 0..p {
        let mean = split.rows.iter().map(|r| r[j]).sum::<f64>() / n;
        for row in split
            .rows
            .iter_mut()
            .chain(split.validation_rows.iter_mut())
        {
            row[j] -= mean;
        }
    }
    let mean = split.targets.iter().sum::<f64>() / n;
    for y in split
        .targets
        .iter_mut()
        .chain(split.validation_targets.iter_mut())
    {
        *y -= mean;
    }
}

/// Replaces the targets by `X w + r`, where `r` is the part of the current targets that no
/// combination of the features explains (their least-squares residual): the least-squares
/// weights of the new targets are then exactly `w`, with the same noise left over. None when
/// the features are linearly dependent.
pub fn targets_with_ols(rows: &[Vec<f64>], targets: &[f64], weights: &[f64]) -> Option<Vec<f64>> {
    let problem = GramProblem::new(rows, targets);
    let fitted = problem
        .gram
        .clone()
        .cholesky()?
        .solve(&problem.correlations);
    Some(
        rows.iter()
            .zip(targets)
            .map(|(row, y)| {
                let old: f64 = row.iter().zip(fitted.iter()).map(|(x, w)| x * w).sum();
                let new: f64 = row.iter().zip(weights).map(|(x, w)| x * w).sum();
                new + (y - old)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests;
