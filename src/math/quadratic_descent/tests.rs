//! Tests of steepest descent, CG and BFGS on quadratics: closed forms (steepest descent's
//! worst-case contraction, the iteration bounds) and the finite-termination theorems of CG
//! and BFGS on random SPD matrices.

use super::*;

/// A random SPD matrix B·Bᵀ + I (B uniform in [−1, 1)), a random solution and b = A·x*,
/// started from 0.
fn random_problem(n: usize, seed: u64) -> QuadraticProblem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let b: Vec<f64> = (0..n * n)
        .map(|_| 2.0 * rng.random::<f64>() - 1.0)
        .collect();
    let mut entries = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            entries[i * n + j] = dot(&b[i * n..(i + 1) * n], &b[j * n..(j + 1) * n])
                + if i == j { 1.0 } else { 0.0 };
        }
    }
    let matrix = SpdMatrix::Dense { n, entries };
    let solution: Vec<f64> = (0..n).map(|_| 2.0 * rng.random::<f64>() - 1.0).collect();
    let rhs = matrix.apply(&solution);
    QuadraticProblem {
        matrix,
        rhs,
        solution,
        start: vec![0.0; n],
    }
}

#[test]
fn cg_and_bfgs_finish_in_at_most_n_steps_on_random_spd_matrices() {
    // In floating point the n-step termination holds while rounding does not undo the
    // conjugacy of the directions: for these matrices (κ up to about 4n/3) up to n ≈ 12; at
    // n = 30 CG needs a step or two more to reach 10⁻¹⁰.
    for n in [2, 3, 5, 8, 12] {
        for seed in 1..=6 {
            let problem = random_problem(n, seed);
            for method in [Method::ConjugateGradient, Method::Bfgs] {
                let run = run_method(method, &problem, 1e-10, n);
                let k = run
                    .iterations_to_tolerance
                    .unwrap_or_else(|| panic!("{method:?} n={n} seed={seed}: {run:?}"));
                assert!(k <= n, "{method:?} n={n} seed={seed}: {k} steps");
            }
        }
    }
}

#[test]
fn cg_needs_one_step_per_distinct_eigenvalue() {
    // 20 unknowns but only the eigenvalues 1, 4 and 9: CG is exact after 3 steps.
    let diagonal: Vec<f64> = (0..20).map(|i| [1.0, 4.0, 9.0][i % 3]).collect();
    let problem = QuadraticProblem {
        matrix: SpdMatrix::Diagonal(diagonal),
        rhs: vec![0.0; 20],
        solution: vec![0.0; 20],
        start: random_start(20, 7),
    };
    let run = run_method(Method::ConjugateGradient, &problem, 1e-12, 20);
    assert_eq!(run.iterations_to_tolerance, Some(3), "{run:?}");
}

#[test]
fn steepest_descent_contracts_by_the_closed_form_on_the_worst_start() {
    // A = diag(1, κ), x₀ = (1, 1/κ): every step maps x to ((κ − 1)/(κ + 1))·(x₁, −x₂), so
    // f = ½‖x‖²_A shrinks by exactly ((κ − 1)/(κ + 1))² per step.
    for kappa in [4.0, 10.0, 100.0, 1000.0] {
        let problem = QuadraticProblem {
            matrix: SpdMatrix::Diagonal(vec![1.0, kappa]),
            rhs: vec![0.0; 2],
            solution: vec![0.0; 2],
            start: vec![1.0, 1.0 / kappa],
        };
        let run = run_method(Method::SteepestDescent, &problem, 0.0, 8);
        let rate = steepest_descent_rate(kappa);
        for k in 1..run.relative_errors.len() {
            let energy_ratio = (run.relative_errors[k] / run.relative_errors[k - 1]).powi(2);
            assert!(
                (energy_ratio / (rate * rate) - 1.0).abs() < 1e-12,
                "κ = {kappa}, step {k}: {energy_ratio} against {}",
                rate * rate
            );
        }
        assert_eq!(run.relative_errors.len(), 9);
    }
}

#[test]
fn iteration_bounds_match_their_closed_forms() {
    // Python: math.ceil(math.log(1e-8) / math.log(99/101)) = 922 (921.0033…), and
    // math.ceil(math.log(1e-8/2) / math.log(9/11)) = 96 (95.2497…); κ/2·ln(1e8) = 921.03 and
    // √κ/2·ln(2e8) = 95.57 are the usual approximations.
    assert_eq!(steepest_descent_bound(100.0, 1e-8), 922);
    assert_eq!(conjugate_gradient_bound(100.0, 1e-8, 1000), 96);
    assert_eq!(conjugate_gradient_bound(100.0, 1e-8, 20), 20);
    // κ = 10⁴: 92104 and 956 (math.ceil of 92103.403… and 955.659…).
    assert_eq!(steepest_descent_bound(1e4, 1e-8), 92104);
    assert_eq!(conjugate_gradient_bound(1e4, 1e-8, 5000), 956);
    assert_eq!(steepest_descent_bound(1.0, 1e-8), 1);
    assert_eq!(conjugate_gradient_bound(1.0, 1e-8, 10), 1);
}

#[test]
fn spread_quadratic_runs_respect_the_bounds_and_bfgs_follows_cg() {
    for (n, kappa) in [(20, 100.0), (50, 1000.0), (5, 10.0)] {
        let problem = QuadraticProblem::spread(n, kappa, StartPoint::Random(1));
        let eigenvalues = spread_eigenvalues(n, kappa);
        assert_eq!(eigenvalues[0], 1.0);
        assert_eq!(eigenvalues[n - 1], kappa);
        let sd = run_method(Method::SteepestDescent, &problem, 1e-8, 200_000);
        let cg = run_method(Method::ConjugateGradient, &problem, 1e-8, 10 * n);
        let bfgs = run_method(Method::Bfgs, &problem, 1e-8, 10 * n);
        let sd_steps = sd.iterations_to_tolerance.unwrap();
        assert!(
            sd_steps <= steepest_descent_bound(kappa, 1e-8),
            "{sd_steps}"
        );
        let cg_steps = cg.iterations_to_tolerance.unwrap();
        assert!(
            cg_steps <= conjugate_gradient_bound(kappa, 1e-8, n),
            "{cg_steps}"
        );
        // With exact line searches from H = I, BFGS's iterates are CG's (up to rounding).
        assert_eq!(bfgs.iterations_to_tolerance, cg.iterations_to_tolerance);
        for (a, b) in bfgs.relative_errors.iter().zip(&cg.relative_errors) {
            assert!((a - b).abs() <= 1e-6 * b + 1e-12, "{a:e} against {b:e}");
        }
        // Steepest descent needs many times more steps than CG on these.
        assert!(sd_steps > 3 * cg_steps, "{sd_steps} against {cg_steps}");
    }
}

#[test]
fn the_sweep_grows_like_kappa_and_root_kappa() {
    let kappas = sweep_kappas(1e3);
    assert_eq!(kappas.len(), 13);
    assert_eq!(kappas[0], 1.0);
    assert!((kappas[12] - 1e3).abs() < 1e-9);
    let sweep = kappa_sweep(30, StartPoint::Random(1), &kappas, 1e-8, 200_000, 1e3);
    // κ = 1: A = I, one step of any method lands on the minimum.
    assert_eq!(sweep[0].iterations, [Some(1), Some(1), Some(1)]);
    let last = &sweep[12];
    let sd = last.iterations[0].unwrap() as f64;
    let cg = last.iterations[1].unwrap() as f64;
    // Steepest descent from a random start is close to its bound κ/2·ln(1/tol) ≈ 9210;
    // CG is capped by n = 30.
    assert!(sd > 0.5 * 9210.0 && sd <= 9211.0, "{sd}");
    assert!(cg <= 30.0, "{cg}");
    // Past steepest_kappa_max steepest descent is left out.
    let point = sweep_point(30, StartPoint::Random(1), 1e4, 1e-8, 200_000, 1e3);
    assert_eq!(point.iterations[0], None);
    assert!(point.iterations[1].unwrap() <= 30);
}

#[test]
fn the_worst_start_makes_steepest_descent_meet_its_bound_and_cg_finish_in_two() {
    let kappa = 50.0;
    let problem = QuadraticProblem::spread(20, kappa, StartPoint::WorstForSteepestDescent);
    let sd = run_method(Method::SteepestDescent, &problem, 1e-8, 10_000);
    let rate = steepest_descent_rate(kappa);
    for (k, error) in sd.relative_errors.iter().enumerate() {
        assert!(
            (error / rate.powi(k as i32) - 1.0).abs() < 1e-9,
            "step {k}: {error:e}"
        );
    }
    // The bound is reached exactly: ceil(ln 1e-8 / ln(49/51)) (Python: 461).
    assert_eq!(sd.iterations_to_tolerance, Some(461));
    assert_eq!(steepest_descent_bound(kappa, 1e-8), 461);
    let cg = run_method(Method::ConjugateGradient, &problem, 1e-8, 100);
    assert_eq!(cg.iterations_to_tolerance, Some(2));
}

#[test]
fn steepest_descent_on_a_diagonal_matrix_takes_the_fused_loop_with_the_same_bits() {
    // The same quadratic as a diagonal matrix (the two-pass loop) and written out dense (the
    // general loop, whose A·v adds exact zeros): every error must agree to the last bit, on
    // a random start, the worst start and a run cut off by its cap.
    for (kappa, start, cap) in [
        (1e3, StartPoint::Random(7), 200_000),
        (1e4, StartPoint::Random(1), 5_000),
        (50.0, StartPoint::WorstForSteepestDescent, 10_000),
    ] {
        let diagonal = QuadraticProblem::spread(20, kappa, start);
        let SpdMatrix::Diagonal(d) = &diagonal.matrix else {
            panic!("spread gives a diagonal matrix");
        };
        let mut entries = vec![0.0; 400];
        for (i, value) in d.iter().enumerate() {
            entries[i * 20 + i] = *value;
        }
        let dense = QuadraticProblem {
            matrix: SpdMatrix::Dense { n: 20, entries },
            ..diagonal.clone()
        };
        let fused = run_method(Method::SteepestDescent, &diagonal, 1e-8, cap);
        let general = run_method(Method::SteepestDescent, &dense, 1e-8, cap);
        assert_eq!(
            fused.iterations_to_tolerance,
            general.iterations_to_tolerance
        );
        assert_eq!(fused.relative_errors.len(), general.relative_errors.len());
        for (k, (a, b)) in fused
            .relative_errors
            .iter()
            .zip(&general.relative_errors)
            .enumerate()
        {
            assert_eq!(a.to_bits(), b.to_bits(), "κ = {kappa}, step {k}");
        }
    }
}

#[test]
fn steepest_descent_advanced_in_slices_is_the_run_in_one_go() {
    // The demo spreads a long run over frames: any slicing must give the same record, bit for
    // bit, as run_method's single call, for a run that reaches the tolerance (κ = 10³, about
    // 9,200 iterations), one stopped by its cap, and the worst start.
    for (kappa, start, cap) in [
        (1e3, StartPoint::Random(7), 200_000),
        (1e4, StartPoint::Random(1), 5_000),
        (50.0, StartPoint::WorstForSteepestDescent, 10_000),
    ] {
        let problem = QuadraticProblem::spread(20, kappa, start);
        let whole = run_method(Method::SteepestDescent, &problem, 1e-8, cap);
        for slice in [1, 7, 1_000, 4_999] {
            let (mut state, mut run) = SteepestDescentDiagonal::start(&problem, 1e-8, cap)
                .expect("a diagonal problem away from its solution");
            let mut calls = 0;
            while !state.advance(&mut run, slice) {
                calls += 1;
                assert!(
                    run.relative_errors.len() <= calls * slice + 1,
                    "a slice ran over"
                );
                assert!(!state.is_finished());
            }
            assert!(state.is_finished());
            assert_eq!(run.iterations_to_tolerance, whole.iterations_to_tolerance);
            assert_eq!(
                run.relative_errors.len(),
                whole.relative_errors.len(),
                "κ = {kappa}, slice {slice}"
            );
            for (k, (a, b)) in run
                .relative_errors
                .iter()
                .zip(&whole.relative_errors)
                .enumerate()
            {
                assert_eq!(
                    a.to_bits(),
                    b.to_bits(),
                    "κ = {kappa}, slice {slice}, step {k}"
                );
            }
            // A finished run takes no more iterations.
            assert!(state.advance(&mut run, 10));
            assert_eq!(run.relative_errors.len(), whole.relative_errors.len());
        }
    }
    // The cap: 5,000 iterations at κ = 10⁴ do not reach 10⁻⁸.
    let capped = run_method(
        Method::SteepestDescent,
        &QuadraticProblem::spread(20, 1e4, StartPoint::Random(1)),
        1e-8,
        5_000,
    );
    assert_eq!(
        (capped.iterations_to_tolerance, capped.relative_errors.len()),
        (None, 5_001)
    );
}
