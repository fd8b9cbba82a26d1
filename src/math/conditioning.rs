//! Conditioning of linear systems: how much the solution of `A x = b` moves when `b` moves.
//!
//! Three pictures share this module. A 2×2 system whose two lines meet at an adjustable
//! angle (the condition number σ₁/σ₂ from the SVD, the bound
//! ‖δx‖/‖x‖ ≤ cond(A)·‖δb‖/‖b‖); the Hilbert matrices, solved in float64 by LU with partial
//! pivoting, whose error grows like cond(H)·ε; and the elongated quadratic ½(x² + κy²), on
//! which gradient descent with the best fixed step needs about κ/2·ln(1/tol) steps before
//! rescaling y and exactly one after. All linear algebra is nalgebra's.

use nalgebra::{DMatrix, DVector, Matrix2, Vector2};

/// float64's machine epsilon 2⁻⁵², the unit the Hilbert errors are measured in.
pub const EPSILON: f64 = f64::EPSILON;

/// The smallest and largest Hilbert orders the demo solves.
pub const HILBERT_ORDERS: (usize, usize) = (2, 12);

/// The two lines of the 2×2 system, meeting at `angle_degrees` (0 < angle ≤ 90), symmetric
/// about the x-axis: row i of A is the unit normal of line i, so line 1 rises at
/// +angle/2 and line 2 falls at −angle/2. The singular values are then √2·cos(angle/2) and
/// √2·sin(angle/2) and cond(A) = cot(angle/2): nearly parallel lines, a nearly singular A.
pub fn lines_matrix(angle_degrees: f64) -> Matrix2<f64> {
    let half = angle_degrees.to_radians() / 2.0;
    // A line through the origin at angle φ has the unit normal (−sin φ, cos φ).
    Matrix2::new(-half.sin(), half.cos(), half.sin(), half.cos())
}

/// The singular values of a matrix, largest first.
pub fn singular_values(matrix: &DMatrix<f64>) -> Vec<f64> {
    // nalgebra's default convergence threshold (ε) zeroes a singular value below ε·σ₁ (the
    // smallest of H₁₂ is 1e-16·σ₁); a tighter one keeps it, as LAPACK (numpy) does.
    let mut values: Vec<f64> = match matrix.clone().try_svd(false, false, 1e-20, 0) {
        Some(svd) => svd.singular_values.iter().copied().collect(),
        None => matrix.singular_values().iter().copied().collect(),
    };
    values.sort_by(|a, b| b.total_cmp(a));
    values
}

/// The 2-norm condition number σ₁/σ_n from the SVD (infinite for a singular matrix), what
/// `numpy.linalg.cond` computes.
pub fn condition_number(matrix: &DMatrix<f64>) -> f64 {
    let values = singular_values(matrix);
    match (values.first(), values.last()) {
        (Some(&largest), Some(&smallest)) if smallest > 0.0 => largest / smallest,
        _ => f64::INFINITY,
    }
}

/// Solves a 2×2 system by LU with partial pivoting; None when A is singular.
pub fn solve2(matrix: &Matrix2<f64>, rhs: &Vector2<f64>) -> Option<Vector2<f64>> {
    matrix
        .lu()
        .solve(rhs)
        .filter(|x| x.iter().all(|v| v.is_finite()))
}

/// The 2×2 system, its solution and the solution after `b` moves by `delta_b`.
#[derive(Clone, Debug, PartialEq)]
pub struct Perturbation {
    pub matrix: Matrix2<f64>,
    pub rhs: Vector2<f64>,
    pub delta_rhs: Vector2<f64>,
    pub solution: Vector2<f64>,
    pub perturbed_solution: Vector2<f64>,
    /// σ₁ ≥ σ₂.
    pub singular_values: [f64; 2],
    pub condition_number: f64,
    /// ‖δb‖/‖b‖.
    pub relative_change_rhs: f64,
    /// ‖δx‖/‖x‖.
    pub relative_change_solution: f64,
    /// cond(A)·‖δb‖/‖b‖, the most ‖δx‖/‖x‖ can be.
    pub bound: f64,
}

impl Perturbation {
    /// The system whose lines meet at `angle_degrees` at the point `target`, and the same
    /// system with `b` moved by `delta_rhs`; None when A is singular or `target` is 0.
    pub fn new(angle_degrees: f64, target: [f64; 2], delta_rhs: [f64; 2]) -> Option<Self> {
        let matrix = lines_matrix(angle_degrees);
        let target = Vector2::new(target[0], target[1]);
        let rhs = matrix * target;
        let delta_rhs = Vector2::new(delta_rhs[0], delta_rhs[1]);
        let solution = solve2(&matrix, &rhs)?;
        let perturbed_solution = solve2(&matrix, &(rhs + delta_rhs))?;
        let values = singular_values(&DMatrix::from_column_slice(2, 2, matrix.as_slice()));
        let singular_values = [values[0], values[1]];
        if singular_values[1] <= 0.0 || solution.norm() == 0.0 || rhs.norm() == 0.0 {
            return None;
        }
        let condition_number = singular_values[0] / singular_values[1];
        let relative_change_rhs = delta_rhs.norm() / rhs.norm();
        Some(Perturbation {
            matrix,
            rhs,
            delta_rhs,
            solution,
            perturbed_solution,
            singular_values,
            condition_number,
            relative_change_rhs,
            relative_change_solution: (perturbed_solution - solution).norm() / solution.norm(),
            bound: condition_number * relative_change_rhs,
        })
    }
}

/// The n×n Hilbert matrix H_ij = 1/(i + j + 1) (0-based), each entry rounded to float64.
pub fn hilbert(n: usize) -> DMatrix<f64> {
    DMatrix::from_fn(n, n, |i, j| 1.0 / (i + j + 1) as f64)
}

/// One Hilbert solve: H x = b with b = H·1 computed in float64, so the exact answer is all ones.
#[derive(Clone, Debug, PartialEq)]
pub struct HilbertSolve {
    pub n: usize,
    pub condition_number: f64,
    /// The computed solution (LU with partial pivoting).
    pub solution: Vec<f64>,
    /// ‖x̂ − 1‖₂ / ‖1‖₂.
    pub relative_error: f64,
    /// cond(H)·ε: the size of error rounding alone makes likely.
    pub error_scale: f64,
}

/// Solves H_n x = H_n·1 in float64; None for an order outside [`HILBERT_ORDERS`] or a solve
/// that fails (it does not for n ≤ 12: H is positive definite and LU pivots through).
pub fn hilbert_solve(n: usize) -> Option<HilbertSolve> {
    if !(HILBERT_ORDERS.0..=HILBERT_ORDERS.1).contains(&n) {
        return None;
    }
    let matrix = hilbert(n);
    let ones = DVector::from_element(n, 1.0);
    let rhs = &matrix * &ones;
    let solution = matrix.clone().lu().solve(&rhs)?;
    let condition_number = condition_number(&matrix);
    Some(HilbertSolve {
        n,
        condition_number,
        relative_error: (&solution - &ones).norm() / ones.norm(),
        solution: solution.iter().copied().collect(),
        error_scale: condition_number * EPSILON,
    })
}

/// Every Hilbert solve of the demo, n = 2..=12.
pub fn hilbert_solves() -> Vec<HilbertSolve> {
    (HILBERT_ORDERS.0..=HILBERT_ORDERS.1)
        .filter_map(hilbert_solve)
        .collect()
}

/// `values / ‖values‖₂`: the article's `arr / np.linalg.norm(arr)`. None for a zero vector.
pub fn normalized(values: &[f64]) -> Option<(f64, Vec<f64>)> {
    let norm = DVector::from_column_slice(values).norm();
    (norm > 0.0 && norm.is_finite()).then(|| (norm, values.iter().map(|v| v / norm).collect()))
}

/// The best fixed learning rate of gradient descent on a quadratic whose Hessian has
/// eigenvalues in [λmin, λmax]: 2/(λmin + λmax), which makes the slowest and the fastest
/// direction shrink by the same factor (κ − 1)/(κ + 1) per step.
pub fn best_learning_rate(lambda_min: f64, lambda_max: f64) -> f64 {
    2.0 / (lambda_min + lambda_max)
}

/// The contraction per step of gradient descent at the best fixed rate, (κ − 1)/(κ + 1).
pub fn contraction(kappa: f64) -> f64 {
    (kappa - 1.0) / (kappa + 1.0)
}

/// The closed-form number of steps: the least k with ((κ − 1)/(κ + 1))^k ≤ tol (0 if
/// tol ≥ 1, 1 for κ = 1 where one step lands on the minimum).
pub fn closed_form_steps(kappa: f64, tolerance: f64) -> usize {
    if tolerance >= 1.0 {
        return 0;
    }
    let rate = contraction(kappa);
    if rate <= 0.0 {
        return 1;
    }
    let steps = (tolerance.ln() / rate.ln()).ceil();
    // ceil can land one short or over through rounding of the logarithms: settle it exactly.
    let mut k = steps.max(1.0) as usize;
    while k > 1 && rate.powi(k as i32 - 1) <= tolerance {
        k -= 1;
    }
    while rate.powi(k as i32) > tolerance {
        k += 1;
    }
    k
}

/// A gradient descent run on ½(x² + κy²) with the best fixed learning rate.
#[derive(Clone, Debug, PartialEq)]
pub struct DescentRun {
    pub kappa: f64,
    pub learning_rate: f64,
    /// ‖θ_k‖/‖θ_0‖ (distance to the minimum relative to the start), k = 0, 1, …
    pub relative_distances: Vec<f64>,
    /// Steps until the relative distance is at most the tolerance; None if not within the cap.
    pub steps: Option<usize>,
}

/// The most steps a run takes (κ = 1000 needs about 6900 for tol = 1e-6).
pub const MAX_DESCENT_STEPS: usize = 20_000;

/// Runs the optimizer lab's SGD (no noise: plain gradient descent) on ½(x² + κy²) from
/// `start` until ‖θ‖ ≤ tol·‖θ₀‖, with the learning rate 2/(1 + κ).
pub fn descend(kappa: f64, start: [f64; 2], tolerance: f64) -> DescentRun {
    use crate::math::optimizers::{FirstOrderOptimizer, Hyperparameters, OptimizerKind};
    let hyper = Hyperparameters {
        learning_rate: best_learning_rate(1.0_f64.min(kappa), 1.0_f64.max(kappa)),
        ..Hyperparameters::default()
    };
    let mut optimizer =
        FirstOrderOptimizer::new(OptimizerKind::Sgd, 2).expect("SGD is a first-order method");
    let mut theta = start;
    let start_norm = start[0].hypot(start[1]);
    let mut relative_distances = vec![1.0];
    let mut steps = None;
    for k in 1..=MAX_DESCENT_STEPS {
        // The gradient of ½(x² + κy²).
        let gradient = [theta[0], kappa * theta[1]];
        optimizer.step(&mut theta, &gradient, &hyper);
        let distance = theta[0].hypot(theta[1]) / start_norm;
        relative_distances.push(distance);
        if distance <= tolerance {
            steps = Some(k);
            break;
        }
    }
    DescentRun {
        kappa,
        learning_rate: hyper.learning_rate,
        relative_distances,
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relative(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn lines_matrix_has_closed_form_singular_values_and_condition() {
        for angle in [1.0_f64, 10.0, 45.0, 90.0] {
            let a = lines_matrix(angle);
            let values = singular_values(&DMatrix::from_column_slice(2, 2, a.as_slice()));
            let half = angle.to_radians() / 2.0;
            assert!(relative(values[0], 2f64.sqrt() * half.cos()) < 1e-12);
            assert!(relative(values[1], 2f64.sqrt() * half.sin()) < 1e-12);
            let cond = condition_number(&DMatrix::from_column_slice(2, 2, a.as_slice()));
            assert!(relative(cond, 1.0 / half.tan()) < 1e-12, "{angle}: {cond}");
        }
    }

    #[test]
    fn two_by_two_condition_matches_numpy() {
        // numpy.linalg.cond([[-sin(h), cos(h)], [sin(h), cos(h)]]) for h = radians(2)/2:
        // 57.28996163075942 (= cot(1°)).
        let cond = condition_number(&DMatrix::from_column_slice(
            2,
            2,
            lines_matrix(2.0).as_slice(),
        ));
        assert!(relative(cond, 57.28996163075942) < 1e-12, "{cond}");
    }

    #[test]
    fn perturbation_bound_holds_and_is_nearly_attained_along_the_worst_direction() {
        for angle in [0.5, 2.0, 15.0, 60.0, 90.0] {
            for delta in [[0.0, 0.01], [0.01, 0.0], [0.003, -0.007], [1e-6, 1e-6]] {
                let p = Perturbation::new(angle, [1.0, 1.0], delta).unwrap();
                assert!(
                    p.relative_change_solution <= p.bound * (1.0 + 1e-9),
                    "{angle} {delta:?}: {} > {}",
                    p.relative_change_solution,
                    p.bound
                );
                assert!(relative(p.solution[0], 1.0) < 1e-12);
            }
        }
        // The solution of a perturbed 2×2 system by hand: A = lines_matrix(2°), δb = (0, 0.01)
        // moves x by A⁻¹δb = 0.01·(1/(2 sin h), 1/(2 cos h)) with h = 1°.
        let p = Perturbation::new(2.0, [1.0, 1.0], [0.0, 0.01]).unwrap();
        let h = 1.0_f64.to_radians();
        let dx = p.perturbed_solution - p.solution;
        assert!(relative(dx[0], 0.01 / (2.0 * h.sin())) < 1e-9, "{dx:?}");
        assert!(relative(dx[1], 0.01 / (2.0 * h.cos())) < 1e-9, "{dx:?}");
    }

    #[test]
    fn bound_is_attained_with_b_along_u1_and_delta_b_along_u2() {
        // AᵀA = diag(2 sin²h, 2 cos²h): x along e₂ (the largest singular value) gives b along
        // u₁ = (1, 1)/√2, and δb along u₂ = (−1, 1)/√2 is magnified by exactly σ₁/σ₂.
        for angle in [1.0, 20.0, 70.0] {
            let p = Perturbation::new(angle, [0.0, 1.0], [-1e-3, 1e-3]).unwrap();
            let magnification = p.relative_change_solution / p.relative_change_rhs;
            assert!(
                relative(magnification, p.condition_number) < 1e-9,
                "{angle}: {magnification} vs {}",
                p.condition_number
            );
            assert!(relative(p.relative_change_solution, p.bound) < 1e-9);
        }
    }

    #[test]
    fn hilbert_condition_numbers_match_numpy() {
        // numpy.linalg.cond(scipy.linalg.hilbert(n)) with numpy 2.4 (float64 entries 1/(i+j+1)).
        let numpy = [
            (2, 19.281470067903967),
            (3, 524.0567775860627),
            (4, 15513.738738929662),
            (5, 476607.2502419338),
            (6, 14951058.64177819),
            (7, 475367356.8766496),
            (8, 15257575563.722723),
            (9, 493153322841.38226),
            (10, 16024980732174.455),
            (11, 522478077916828.5),
            (12, 1.6425917529444498e16),
        ];
        for (n, expected) in numpy {
            let cond = condition_number(&hilbert(n));
            // σ_min of the stored matrix is known to about ε·σ_max, so the agreement of two
            // SVD codes loosens with cond: relative ε·cond, and at least 1e-9.
            let tolerance = (1e-9_f64).max(50.0 * EPSILON * expected);
            assert!(
                relative(cond, expected) < tolerance,
                "n = {n}: {cond} vs {expected}"
            );
        }
    }

    #[test]
    fn hilbert_errors_grow_like_condition_times_epsilon() {
        // Independent: mpmath.lu_solve at 50 digits of the float64-stored H_n x = fl(H_n·1);
        // max_i |x_i − 1| of that exact solution, i.e. the error the stored data alone cause
        // (no rounding in the solve): n = 4: 1.6986e-13, n = 8: 1.3501e-7, n = 12: 0.29305.
        // numpy.linalg.solve (LAPACK) gives relative 2-norm errors 3.37e-14, 3.71e-8, 0.129.
        let mpmath_max_error = [(4, 1.6986e-13), (8, 1.3501e-7), (12, 0.29305)];
        let solves = hilbert_solves();
        assert_eq!(solves.len(), 11);
        for solve in &solves {
            assert_eq!(solve.solution.len(), solve.n);
            // The error never beats rounding the answer, and stays within a modest factor of
            // cond·ε (the normwise backward stability of LU with partial pivoting).
            assert!(
                solve.relative_error <= 10.0 * solve.error_scale,
                "n = {}: {} vs {}",
                solve.n,
                solve.relative_error,
                solve.error_scale
            );
        }
        for (n, reference) in mpmath_max_error {
            let solve = &solves[n - 2];
            // Same order of magnitude as the data-only error (within a factor of 30).
            let max_error = solve
                .solution
                .iter()
                .map(|x| (x - 1.0).abs())
                .fold(0.0, f64::max);
            assert!(
                max_error < 30.0 * reference && max_error > reference / 30.0,
                "n = {n}: {max_error} vs {reference}"
            );
        }
        // The error grows by many orders of magnitude from n = 2 to n = 12.
        assert!(solves[0].relative_error < 1e-14);
        assert!(solves[10].relative_error > 1e-3);
        assert!(hilbert_solve(1).is_none() && hilbert_solve(13).is_none());
    }

    #[test]
    fn normalization_matches_the_article() {
        // numpy: arr = np.array([1, 2, 3, 4]); np.linalg.norm(arr) = 5.477225575051661,
        // arr / norm = [0.18257418583505536, 0.3651483716701107, 0.5477225575051661,
        // 0.7302967433402214] (repr of the float64 values).
        let (norm, entries) = normalized(&[1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!(norm, 5.477225575051661);
        assert_eq!(
            entries,
            vec![
                0.18257418583505536,
                0.3651483716701107,
                0.5477225575051661,
                0.7302967433402214
            ]
        );
        assert!(normalized(&[0.0, 0.0]).is_none());
    }

    #[test]
    fn descent_steps_match_the_closed_form() {
        // With lr = 2/(1 + κ) both coordinates shrink by exactly (κ − 1)/(κ + 1) per step, so
        // ‖θ_k‖/‖θ_0‖ = ((κ − 1)/(κ + 1))^k: κ = 100, tol = 1e-6 gives
        // ceil(ln 1e-6 / ln(99/101)) = ceil(690.7…) = 691.
        assert_eq!(closed_form_steps(100.0, 1e-6), 691);
        // κ = 10: ceil(ln 1e-6 / ln(9/11)) = ceil(68.84…) = 69.
        assert_eq!(closed_form_steps(10.0, 1e-6), 69);
        for kappa in [2.0, 10.0, 100.0, 1000.0] {
            let run = descend(kappa, [-2.5, 1.5], 1e-6);
            let expected = closed_form_steps(kappa, 1e-6);
            let steps = run.steps.unwrap() as i64;
            // Rounding in the iteration may cross the tolerance one step early or late.
            assert!(
                (steps - expected as i64).abs() <= 1,
                "κ = {kappa}: {steps} vs {expected}"
            );
            let k = 20.min(run.relative_distances.len() - 1);
            assert!(relative(run.relative_distances[k], contraction(kappa).powi(k as i32)) < 1e-9);
        }
        // After rescaling y the Hessian is the identity, κ = 1, lr = 1: one step to the minimum.
        let scaled = descend(1.0, [-2.5, 1.5 * 100f64.sqrt()], 1e-6);
        assert_eq!(scaled.steps, Some(1));
        assert_eq!(scaled.relative_distances[1], 0.0);
    }
}
