//! Tests of the regularization math against independent references (numpy, scipy) computed
//! once and written here with how they were computed.

use super::*;

/// A 10 × 4 data set written out so that numpy sees the same numbers (the reference script
/// builds `X` and `y` from these literals).
const ROWS: [[f64; 4]; 10] = [
    [1.2, -0.4, 0.7, 0.1],
    [-0.3, 1.1, -0.2, 0.9],
    [0.8, 0.5, 1.4, -0.6],
    [-1.5, -0.9, 0.3, 0.2],
    [0.4, 1.6, -1.1, 0.5],
    [2.0, 0.3, 0.6, -1.2],
    [-0.7, -1.3, -0.8, 0.4],
    [0.1, 0.2, 1.9, 1.0],
    [-1.1, 0.8, -0.5, -0.3],
    [0.9, -1.0, 0.2, 0.7],
];
const TARGETS: [f64; 10] = [2.1, -0.4, 2.5, -2.2, 0.3, 3.6, -1.9, 1.2, -1.6, 1.4];

fn problem() -> GramProblem {
    let rows: Vec<Vec<f64>> = ROWS.iter().map(|r| r.to_vec()).collect();
    GramProblem::new(&rows, &TARGETS)
}

/// The first two columns as a two-weight loss.
fn two_weight_loss() -> Quadratic2 {
    let rows: Vec<[f64; 2]> = ROWS.iter().map(|r| [r[0], r[1]]).collect();
    Quadratic2::least_squares(&rows, &TARGETS)
}

fn close(actual: &[f64], expected: &[f64], tolerance: f64) {
    assert_eq!(actual.len(), expected.len());
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() <= tolerance, "{actual:?} vs {expected:?}");
    }
}

fn converged_lasso(problem: &GramProblem, lambda: f64) -> Vec<f64> {
    let fit = lasso_coordinate_descent(problem, lambda, &[], 1e-15, 1_000_000);
    assert!(fit.converged, "{fit:?}");
    fit.weights
}

/// Checks the lasso's KKT conditions: `x_jᵀ(y − Xw)/n = λ·sign(w_j)` at nonzero weights and
/// at most λ in size at zero ones.
fn assert_kkt(problem: &GramProblem, w: &[f64], lambda: f64) {
    for (j, r) in lasso_correlations(problem, w).into_iter().enumerate() {
        if w[j] == 0.0 {
            assert!(r.abs() <= lambda + 1e-9, "feature {j}: |{r}| > {lambda}");
        } else {
            assert!(
                (r - lambda * w[j].signum()).abs() <= 1e-9,
                "feature {j}: {r} vs {}",
                lambda * w[j].signum()
            );
        }
    }
}

#[test]
fn lambda_max_is_the_largest_correlation() {
    // numpy: np.max(np.abs(X.T @ y / n)) = 1.973.
    assert!((problem().lambda_max() - 1.973).abs() < 1e-15);
}

#[test]
fn lasso_matches_scipy_on_the_smooth_reformulation() {
    let problem = problem();
    // scipy.optimize.minimize(L-BFGS-B, ftol 1e-16, gtol 1e-13) on w = u − v, u, v ≥ 0,
    // minimising ‖y − X(u − v)‖²/(2n) + λ·Σ(u + v); then polished by numpy.linalg.solve on the
    // support and signs it found: w_A = G_AA⁻¹(c_A − λ s_A).
    let references: [(f64, [f64; 4]); 3] = [
        (
            0.1,
            [
                1.4958647372166582,
                0.1159786293973571,
                0.5174933962720756,
                0.0,
            ],
        ),
        (0.3, [1.3975914935888283, 0.0, 0.31935286644724536, 0.0]),
        (0.6, [1.2189304991646623, 0.0, 0.05245970059639068, 0.0]),
    ];
    for (lambda, expected) in references {
        let w = converged_lasso(&problem, lambda);
        close(&w, &expected, 1e-12);
        // Zero weights are exact zeros, not rounding noise.
        assert_eq!(w[3], 0.0);
        assert_kkt(&problem, &w, lambda);
        // The exact homotopy path gives the same weights at this λ.
        let path = lasso_homotopy(&problem, 1e-3);
        close(&path_weights_at(&path, lambda), &expected, 1e-12);
    }
}

#[test]
fn lambda_max_zeroes_every_weight_and_just_below_one_weight_moves() {
    let problem = problem();
    let lambda_max = problem.lambda_max();
    assert_eq!(converged_lasso(&problem, lambda_max), vec![0.0; 4]);
    let below = converged_lasso(&problem, lambda_max * (1.0 - 1e-6));
    let nonzero: Vec<usize> = (0..4).filter(|&j| below[j] != 0.0).collect();
    // c = Xᵀy/n has its largest entry (1.973) at the first feature.
    assert_eq!(nonzero, vec![0]);
    // Alone in the model, w₁ = (c₁ − λ)/G₁₁ = 1.973e-6/G₁₁ with G₁₁ = Σx₁²/n = 11.1/10.
    let expected = 1.973e-6 / 1.11;
    assert!((below[0] - expected).abs() < 1e-9 * expected, "{below:?}");
}

#[test]
fn homotopy_knots_are_where_weights_enter() {
    let problem = problem();
    let path = lasso_homotopy(&problem, 1e-3);
    assert_eq!(path[0].lambda, problem.lambda_max());
    assert!(path.windows(2).all(|p| p[0].lambda > p[1].lambda));
    // Each knot satisfies the KKT conditions exactly (it is a lasso solution).
    for knot in &path {
        assert_kkt(&problem, &knot.weights, knot.lambda);
    }
    let zero_from = zero_from(&path);
    // The first feature enters at λ_max; the others at lower knots, in the order of the
    // polished scipy solutions above (w₃ is nonzero at 0.3, w₂ only at 0.1, w₄ at none).
    assert_eq!(zero_from[0], Some(problem.lambda_max()));
    let (two, three) = (zero_from[1].unwrap(), zero_from[2].unwrap());
    assert!(0.1 < two && two < 0.3 && 0.6 < three && three < 1.973);
    // At a knot where w_j enters, its correlation equals λ exactly (to rounding).
    let r = lasso_correlations(&problem, &path_weights_at(&path, three));
    assert!((r[2].abs() - three).abs() < 1e-12);
}

#[test]
fn ridge_matches_numpy_solve() {
    let problem = problem();
    // numpy.linalg.solve(X.T @ X + n·λ·I, X.T @ y).
    close(
        &ridge(&problem, 0.1).unwrap(),
        &[
            1.3817044212178455,
            0.2287624221630947,
            0.6173116709283811,
            -0.1511340491702212,
        ],
        1e-13,
    );
    close(
        &ridge(&problem, 1.0).unwrap(),
        &[
            0.83136657119092,
            0.14833517301990728,
            0.4286499181431605,
            -0.15222271473603102,
        ],
        1e-13,
    );
}

#[test]
fn l2_optimum_lies_on_the_circle_with_the_gradient_along_w() {
    let loss = two_weight_loss();
    // numpy.linalg.solve(X2.T @ X2, X2.T @ y).
    close(
        &loss.minimiser().unwrap(),
        &[1.7604820806271264, 0.14184128198413276],
        1e-13,
    );
    // scipy.optimize.brentq on ‖(A + μI)⁻¹b‖ − t (xtol 1e-16), then numpy.linalg.solve.
    for (t, mu, expected, expected_loss) in [
        (
            0.5,
            2.863644141173479,
            [0.4939195752962193, 0.07773964972394926],
            1.0550329033224557,
        ),
        (
            1.0,
            0.8624601225536889,
            [0.9915016677270888, 0.1300939771642091],
            0.4816269095523175,
        ),
    ] {
        let optimum = l2_constrained(&loss, t).unwrap();
        assert!(optimum.on_boundary);
        close(&optimum.weights, &expected, 1e-12);
        assert!((optimum.lambda - mu).abs() < 1e-12 * mu);
        assert!((optimum.loss - expected_loss).abs() < 1e-13);
        let w = optimum.weights;
        assert!((w[0].hypot(w[1]) - t).abs() < 1e-14);
        // −∇L = λw: the gradient is parallel to w (their cross product vanishes).
        let g = loss.gradient(w);
        assert!((g[0] * w[1] - g[1] * w[0]).abs() < 1e-13);
        assert!((g[0] + optimum.lambda * w[0]).abs() < 1e-13);
    }
    // A budget above ‖w_OLS‖ = 1.7661868829441913 leaves the OLS point.
    let inside = l2_constrained(&loss, 1.8).unwrap();
    assert!(!inside.on_boundary && inside.lambda == 0.0);
}

#[test]
fn l1_optimum_lands_on_a_corner_with_an_exact_zero() {
    let loss = two_weight_loss();
    // scipy.optimize.minimize(SLSQP, ftol 1e-16) with the four constraints ±w₁ ± w₂ ≤ t:
    // (0.5, 1.8e-16) and (1, 5.6e-17), i.e. the corners (t, 0); gradients (−1.418, −0.2875)
    // and (−0.863, −0.221).
    for (t, lambda, other) in [(0.5, 1.418, 0.2875), (1.0, 0.863, 0.221)] {
        let optimum = l1_constrained(&loss, t).unwrap();
        assert_eq!(optimum.weights, [t, 0.0]);
        assert!((optimum.lambda - lambda).abs() < 1e-12);
        // The corner is a lasso solution: the zero weight's correlation is below λ.
        assert!((loss.gradient(optimum.weights)[1].abs() - other).abs() < 1e-12);
        assert!(other < optimum.lambda);
    }
    // Close to ‖w_OLS‖₁ = 1.9023233626112592 the optimum leaves the corner for the edge
    // w₁ + w₂ = t. SLSQP: (1.7173475451243756, 0.08265245487562442); the edge's 1-D quadratic
    // solved by numpy: (1.7173475429248077, 0.08265245707519231), λ = 0.055751450562463.
    let optimum = l1_constrained(&loss, 1.8).unwrap();
    close(
        &optimum.weights,
        &[1.7173475429248077, 0.08265245707519231],
        1e-12,
    );
    close(
        &optimum.weights,
        &[1.7173475451243756, 0.08265245487562442],
        1e-8,
    );
    assert!((optimum.lambda - 0.055751450562463).abs() < 1e-13);
    assert!((optimum.loss - 0.15503085849615156).abs() < 1e-14);
    // And the 2-feature lasso at that λ by coordinate descent agrees with the diamond.
    let rows: Vec<Vec<f64>> = ROWS.iter().map(|r| vec![r[0], r[1]]).collect();
    let two = GramProblem::new(&rows, &TARGETS);
    close(
        &converged_lasso(&two, optimum.lambda),
        &optimum.weights,
        1e-12,
    );
}

#[test]
fn new_targets_put_the_ols_point_exactly_where_asked() {
    let (rows, targets) = correlated_data(&[1.0, -2.0, 0.5], 40, 0.7, 0.5, 7);
    let moved = targets_with_ols(&rows, &targets, &[0.3, 0.4, -1.0]).unwrap();
    let problem = GramProblem::new(&rows, &moved);
    close(&ridge(&problem, 0.0).unwrap(), &[0.3, 0.4, -1.0], 1e-12);
    // The same seed gives the same data; another seed other data.
    assert_eq!(
        correlated_data(&[1.0], 5, 0.5, 1.0, 3),
        correlated_data(&[1.0], 5, 0.5, 1.0, 3)
    );
    assert_ne!(
        correlated_data(&[1.0], 5, 0.5, 1.0, 3),
        correlated_data(&[1.0], 5, 0.5, 1.0, 4)
    );
}

#[test]
fn generated_features_have_the_asked_correlation() {
    // Over many rows the sample correlation of neighbours approaches ρ and of features two
    // apart ρ² (the AR(1) chain).
    let (rows, _) = correlated_data(&[0.0; 3], 20_000, 0.6, 1.0, 1);
    let problem = GramProblem::new(&rows, &vec![0.0; rows.len()]);
    let g = &problem.gram;
    let corr = |i: usize, j: usize| g[(i, j)] / (g[(i, i)] * g[(j, j)]).sqrt();
    assert!((corr(0, 1) - 0.6).abs() < 0.02);
    assert!((corr(0, 2) - 0.36).abs() < 0.02);
}

#[test]
fn validation_rows_follow_the_training_rows_and_share_their_centring() {
    let split = correlated_split(&[1.0, 0.5], 30, 20, 0.3, 1.0, 9);
    // The training part is the data set of the same seed alone.
    let (rows, targets) = correlated_data(&[1.0, 0.5], 30, 0.3, 1.0, 9);
    assert_eq!((split.rows.clone(), split.targets.clone()), (rows, targets));
    assert_eq!(split.validation_rows.len(), 20);
    // Centred by the training means: the training columns sum to zero, validation's do not.
    let sum: f64 = split.rows.iter().map(|r| r[0]).sum();
    assert!(sum.abs() < 1e-12);
    // Mean squared error by hand for one row: (y − x·w)².
    let one = mean_squared_error(&[vec![1.0, 2.0]], &[4.0], &[0.5, 1.0]);
    assert_eq!(one, 2.25);
}
