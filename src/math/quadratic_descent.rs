//! Three ways down a quadratic bowl f(x) = ½xᵀAx − bᵀx with A symmetric positive definite:
//! steepest descent with exact line searches, the linear conjugate gradient method, and BFGS
//! with exact line searches, each recording its error in the energy norm
//! ‖e‖_A = √(eᵀAe), e = x − x*, against the iteration.
//!
//! The classical results these runs illustrate (Nocedal & Wright, *Numerical Optimization*,
//! §3.3 and §5.1): steepest descent shrinks ‖e‖_A by at most (κ − 1)/(κ + 1) per step (so
//! about κ/2·ln(1/tol) steps), CG by 2((√κ − 1)/(√κ + 1))ᵏ overall (about √κ/2·ln(2/tol))
//! and exactly in at most n steps, one per distinct eigenvalue; BFGS started from H = I with
//! exact line searches makes the same steps as CG and also ends in at most n.
//! The linear CG here is this module's own (the optimizer lab's nonlinear CG is another).

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};

/// A symmetric positive definite matrix, as the methods need it: A·v.
#[derive(Clone, Debug, PartialEq)]
pub enum SpdMatrix {
    /// A diagonal matrix (a quadratic written in its eigenvector basis).
    Diagonal(Vec<f64>),
    /// A dense n×n matrix, row-major.
    Dense { n: usize, entries: Vec<f64> },
}

impl SpdMatrix {
    pub fn dimension(&self) -> usize {
        match self {
            SpdMatrix::Diagonal(d) => d.len(),
            SpdMatrix::Dense { n, .. } => *n,
        }
    }

    /// A·v.
    pub fn apply(&self, v: &[f64]) -> Vec<f64> {
        match self {
            SpdMatrix::Diagonal(d) => d.iter().zip(v).map(|(a, b)| a * b).collect(),
            SpdMatrix::Dense { n, entries } => (0..*n)
                .map(|i| dot(&entries[i * n..(i + 1) * n], v))
                .collect(),
        }
    }
}

/// aᵀb, summed in index order. A plain loop: the iterator chain is several times slower in
/// unoptimized test builds, and steepest descent calls this 10⁵ times.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut sum = 0.0;
    for i in 0..n {
        sum += a[i] * b[i];
    }
    sum
}

/// n eigenvalues evenly spread from 1 to κ (so the condition number is exactly κ).
pub fn spread_eigenvalues(n: usize, kappa: f64) -> Vec<f64> {
    if n == 1 {
        return vec![1.0];
    }
    (0..n)
        .map(|i| 1.0 + (kappa - 1.0) * i as f64 / (n - 1) as f64)
        .collect()
}

/// A start point with entries uniform in [−1, 1), from ChaCha8 seeded by `seed`.
pub fn random_start(n: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(|_| 2.0 * rng.random::<f64>() - 1.0).collect()
}

/// Where the methods start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartPoint {
    /// Entries uniform in [−1, 1) from this seed ([`random_start`]).
    Random(u64),
    /// (1/λ₁, 0, …, 0, 1/λₙ) in the eigenbasis: the start on which steepest descent shrinks
    /// the error by exactly (κ − 1)/(κ + 1) every step, its worst case. It has components
    /// along two eigenvectors only, so CG finishes in two steps.
    WorstForSteepestDescent,
}

/// The methods compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    SteepestDescent,
    ConjugateGradient,
    Bfgs,
}

impl Method {
    pub const ALL: [Method; 3] = [
        Method::SteepestDescent,
        Method::ConjugateGradient,
        Method::Bfgs,
    ];
}

/// The problem: A, b, the solution x* = A⁻¹b (known, to measure errors) and a start.
#[derive(Clone, Debug, PartialEq)]
pub struct QuadraticProblem {
    pub matrix: SpdMatrix,
    pub rhs: Vec<f64>,
    pub solution: Vec<f64>,
    pub start: Vec<f64>,
}

impl QuadraticProblem {
    /// ½xᵀAx with eigenvalues spread over [1, κ] in its eigenbasis (b = 0, x* = 0) from
    /// `start`. The methods are invariant under rotations of the basis, so a diagonal A
    /// stands for every A with these eigenvalues.
    pub fn spread(n: usize, kappa: f64, start: StartPoint) -> Self {
        let eigenvalues = spread_eigenvalues(n, kappa);
        let start = match start {
            StartPoint::Random(seed) => random_start(n, seed),
            StartPoint::WorstForSteepestDescent => {
                let mut x = vec![0.0; n];
                x[0] = 1.0 / eigenvalues[0];
                x[n - 1] = 1.0 / eigenvalues[n - 1];
                x
            }
        };
        Self {
            matrix: SpdMatrix::Diagonal(eigenvalues),
            rhs: vec![0.0; n],
            solution: vec![0.0; n],
            start,
        }
    }

    /// ‖x − x*‖_A.
    pub fn energy_error(&self, x: &[f64]) -> f64 {
        let e: Vec<f64> = x.iter().zip(&self.solution).map(|(a, b)| a - b).collect();
        dot(&e, &self.matrix.apply(&e)).max(0.0).sqrt()
    }

    /// The residual b − Ax (minus the gradient).
    pub fn residual(&self, x: &[f64]) -> Vec<f64> {
        self.matrix
            .apply(x)
            .iter()
            .zip(&self.rhs)
            .map(|(ax, b)| b - ax)
            .collect()
    }
}

/// One method's run: the relative energy-norm error ‖e_k‖_A/‖e_0‖_A after each iteration
/// (index 0 is the start, 1), and the first iteration at which it reached the tolerance.
#[derive(Clone, Debug, PartialEq)]
pub struct ConvergenceRun {
    pub method: Method,
    pub relative_errors: Vec<f64>,
    pub iterations_to_tolerance: Option<usize>,
}

/// Runs `method` until the relative energy-norm error is at most `tolerance` or
/// `max_iterations` iterations are done (or a step is no longer defined: a zero residual).
pub fn run_method(
    method: Method,
    problem: &QuadraticProblem,
    tolerance: f64,
    max_iterations: usize,
) -> ConvergenceRun {
    let n = problem.start.len();
    let mut x = problem.start.clone();
    // Buffers reused by every iteration: steepest descent may take 10⁵ of them.
    let mut error = vec![0.0; n];
    let mut scratch = vec![0.0; n];
    let mut energy_error = |x: &[f64]| {
        for i in 0..n {
            error[i] = x[i] - problem.solution[i];
        }
        apply_into(&problem.matrix, &error, &mut scratch);
        dot(&error, &scratch).max(0.0).sqrt()
    };
    let initial = energy_error(&x);
    let mut errors = vec![1.0];
    if initial == 0.0 {
        return ConvergenceRun {
            method,
            relative_errors: errors,
            iterations_to_tolerance: Some(0),
        };
    }
    if method == Method::SteepestDescent
        && let Some((mut state, mut run)) =
            SteepestDescentDiagonal::start(problem, tolerance, max_iterations)
    {
        state.advance(&mut run, usize::MAX);
        return run;
    }
    let mut reached = None;
    let mut residual = problem.residual(&x);
    // The search direction (CG keeps it between iterations), A·p, and for BFGS the
    // inverse-Hessian estimate (row-major, starting at I).
    let mut p = residual.clone();
    let mut ap = vec![0.0; n];
    let mut inverse_hessian = match method {
        Method::Bfgs => identity(n),
        _ => Vec::new(),
    };
    for k in 1..=max_iterations {
        let r_r = dot(&residual, &residual);
        if r_r == 0.0 {
            break;
        }
        match method {
            Method::SteepestDescent => p.copy_from_slice(&residual),
            Method::ConjugateGradient => {}
            Method::Bfgs => {
                for (i, value) in p.iter_mut().enumerate() {
                    *value = dot(&inverse_hessian[i * n..(i + 1) * n], &residual);
                }
            }
        }
        // The exact minimizing step along p: α = rᵀp / pᵀAp (r = −∇f).
        apply_into(&problem.matrix, &p, &mut ap);
        let curvature = dot(&p, &ap);
        if curvature <= 0.0 || !curvature.is_finite() {
            break;
        }
        let alpha = dot(&residual, &p) / curvature;
        for i in 0..n {
            x[i] += alpha * p[i];
            residual[i] -= alpha * ap[i];
        }
        match method {
            Method::SteepestDescent => {}
            Method::ConjugateGradient => {
                let beta = dot(&residual, &residual) / r_r;
                for i in 0..n {
                    p[i] = residual[i] + beta * p[i];
                }
            }
            Method::Bfgs => {
                // s = αp, y = ∇f_new − ∇f = αAp.
                let s: Vec<f64> = p.iter().map(|v| alpha * v).collect();
                let y: Vec<f64> = ap.iter().map(|v| alpha * v).collect();
                let y_s = dot(&y, &s);
                if y_s > 0.0 {
                    inverse_hessian = bfgs_inverse_update(&inverse_hessian, &s, &y, 1.0 / y_s);
                }
            }
        }
        let relative = energy_error(&x) / initial;
        errors.push(relative);
        if relative <= tolerance {
            reached = Some(k);
            break;
        }
    }
    ConvergenceRun {
        method,
        relative_errors: errors,
        iterations_to_tolerance: reached,
    }
}

/// Steepest descent with exact line searches on a diagonal quadratic, resumable: at κ = 10⁴
/// it takes about 10⁵ iterations, more than one animation frame should carry, so the demo
/// advances it a slice at a time ([`SteepestDescentDiagonal::advance`]) while the page shows
/// the curve so far. Run to the end in one go, it is what [`run_method`] returns.
///
/// Two passes over the coordinates per iteration instead of the general loop's eight: rᵀr
/// with pᵀAp (p = r), then the update of x and r with ‖e‖²_A. Every sum runs in index order
/// with the same products as [`run_method`]'s general loop (rᵀp is rᵀr there, since p = r),
/// so the errors are bit for bit the same (tested).
#[derive(Clone, Debug)]
pub struct SteepestDescentDiagonal {
    diagonal: Vec<f64>,
    solution: Vec<f64>,
    x: Vec<f64>,
    residual: Vec<f64>,
    /// ‖e₀‖_A, which every error is relative to.
    initial: f64,
    tolerance: f64,
    max_iterations: usize,
    finished: bool,
}

impl SteepestDescentDiagonal {
    /// The run's state at its start and its record so far (the start's relative error, 1).
    /// `None` unless the matrix is diagonal and the start is not already the solution.
    pub fn start(
        problem: &QuadraticProblem,
        tolerance: f64,
        max_iterations: usize,
    ) -> Option<(Self, ConvergenceRun)> {
        let SpdMatrix::Diagonal(diagonal) = &problem.matrix else {
            return None;
        };
        let initial = problem.energy_error(&problem.start);
        if initial == 0.0 {
            return None;
        }
        let n = diagonal.len();
        let state = Self {
            diagonal: diagonal.clone(),
            solution: problem.solution[..n].to_vec(),
            x: problem.start.clone(),
            residual: problem.residual(&problem.start),
            initial,
            tolerance,
            max_iterations,
            finished: false,
        };
        let run = ConvergenceRun {
            method: Method::SteepestDescent,
            relative_errors: vec![1.0],
            iterations_to_tolerance: None,
        };
        Some((state, run))
    }

    /// Whether the run has ended (tolerance reached, iterations used up, or no step defined).
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Up to `iterations` more iterations, appended to `run` (the record [`Self::start`]
    /// returned). Returns whether the run has ended.
    pub fn advance(&mut self, run: &mut ConvergenceRun, iterations: usize) -> bool {
        let n = self.diagonal.len();
        let (diagonal, solution) = (&self.diagonal[..n], &self.solution[..n]);
        let (x, residual) = (&mut self.x[..n], &mut self.residual[..n]);
        for _ in 0..iterations {
            if self.finished {
                break;
            }
            // The iteration this is: the record holds the start and every one before it.
            let k = run.relative_errors.len();
            if k > self.max_iterations {
                self.finished = true;
                break;
            }
            let (mut r_r, mut curvature) = (0.0, 0.0);
            for i in 0..n {
                r_r += residual[i] * residual[i];
                curvature += residual[i] * (diagonal[i] * residual[i]);
            }
            if r_r == 0.0 || curvature <= 0.0 || !curvature.is_finite() {
                self.finished = true;
                break;
            }
            let alpha = r_r / curvature;
            let mut energy = 0.0;
            for i in 0..n {
                let p = residual[i];
                x[i] += alpha * p;
                residual[i] -= alpha * (diagonal[i] * p);
                let error = x[i] - solution[i];
                energy += error * (diagonal[i] * error);
            }
            let relative = energy.max(0.0).sqrt() / self.initial;
            run.relative_errors.push(relative);
            if relative <= self.tolerance {
                run.iterations_to_tolerance = Some(k);
            }
            // Ended by the tolerance or by the cap: either way a slice that ends here says so,
            // rather than leaving the next call to find nothing to do.
            self.finished = relative <= self.tolerance || k >= self.max_iterations;
        }
        self.finished
    }
}

/// out = A·v without allocating.
fn apply_into(matrix: &SpdMatrix, v: &[f64], out: &mut [f64]) {
    match matrix {
        SpdMatrix::Diagonal(d) => {
            for i in 0..d.len() {
                out[i] = d[i] * v[i];
            }
        }
        SpdMatrix::Dense { n, entries } => {
            for i in 0..*n {
                out[i] = dot(&entries[i * n..(i + 1) * n], v);
            }
        }
    }
}

fn identity(n: usize) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    for i in 0..n {
        m[i * n + i] = 1.0;
    }
    m
}

/// H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ in O(n²): with Hy = u and yᵀHy = c,
/// H − ρ(s uᵀ + u sᵀ) + (ρ²c + ρ) s sᵀ (H symmetric).
pub fn bfgs_inverse_update(h: &[f64], s: &[f64], y: &[f64], rho: f64) -> Vec<f64> {
    let n = s.len();
    let u: Vec<f64> = (0..n).map(|i| dot(&h[i * n..(i + 1) * n], y)).collect();
    let c = dot(y, &u);
    let ss = rho * rho * c + rho;
    (0..n * n)
        .map(|ij| {
            let (i, j) = (ij / n, ij % n);
            h[ij] - rho * (s[i] * u[j] + u[i] * s[j]) + ss * s[i] * s[j]
        })
        .collect()
}

/// Steepest descent's worst-case contraction of ‖e‖_A per step, (κ − 1)/(κ + 1).
pub fn steepest_descent_rate(kappa: f64) -> f64 {
    (kappa - 1.0) / (kappa + 1.0)
}

/// CG's rate (√κ − 1)/(√κ + 1): ‖e_k‖_A ≤ 2·rateᵏ·‖e_0‖_A.
pub fn conjugate_gradient_rate(kappa: f64) -> f64 {
    let root = kappa.sqrt();
    (root - 1.0) / (root + 1.0)
}

/// The least k with ((κ − 1)/(κ + 1))ᵏ ≤ tol: steepest descent's guaranteed iterations
/// (≈ κ/2·ln(1/tol)); 1 for κ = 1.
pub fn steepest_descent_bound(kappa: f64, tolerance: f64) -> usize {
    let rate = steepest_descent_rate(kappa);
    if rate <= 0.0 {
        return 1;
    }
    (tolerance.ln() / rate.ln()).ceil().max(1.0) as usize
}

/// The least k with 2((√κ − 1)/(√κ + 1))ᵏ ≤ tol (≈ √κ/2·ln(2/tol)), and never more than n:
/// CG's guaranteed iterations.
pub fn conjugate_gradient_bound(kappa: f64, tolerance: f64, n: usize) -> usize {
    let rate = conjugate_gradient_rate(kappa);
    if rate <= 0.0 {
        return 1;
    }
    ((tolerance / 2.0).ln() / rate.ln())
        .ceil()
        .max(1.0)
        .min(n as f64) as usize
}

/// Iterations to `tolerance` for each method over a sweep of condition numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPoint {
    pub kappa: f64,
    /// Per method in [`Method::ALL`] order; None when the cap was reached first or the
    /// method was not run at this κ.
    pub iterations: [Option<usize>; 3],
}

/// The κ values of the sweep: 10^(i/4) from 1 to `kappa_max`.
pub fn sweep_kappas(kappa_max: f64) -> Vec<f64> {
    let last = (kappa_max.log10() * 4.0).round() as i32;
    (0..=last).map(|i| 10f64.powf(i as f64 / 4.0)).collect()
}

/// Runs the three methods at one κ of the sweep on the spread quadratic of size n;
/// steepest descent only while κ ≤ `steepest_kappa_max` (its cost grows like κ).
pub fn sweep_point(
    n: usize,
    start: StartPoint,
    kappa: f64,
    tolerance: f64,
    max_iterations: usize,
    steepest_kappa_max: f64,
) -> SweepPoint {
    let problem = QuadraticProblem::spread(n, kappa, start);
    let iterations = Method::ALL.map(|method| {
        if method == Method::SteepestDescent && kappa > steepest_kappa_max {
            return None;
        }
        run_method(method, &problem, tolerance, max_iterations).iterations_to_tolerance
    });
    SweepPoint { kappa, iterations }
}

/// [`sweep_point`] for every κ of `kappas`.
pub fn kappa_sweep(
    n: usize,
    start: StartPoint,
    kappas: &[f64],
    tolerance: f64,
    max_iterations: usize,
    steepest_kappa_max: f64,
) -> Vec<SweepPoint> {
    kappas
        .iter()
        .map(|&kappa| {
            sweep_point(
                n,
                start,
                kappa,
                tolerance,
                max_iterations,
                steepest_kappa_max,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests;
