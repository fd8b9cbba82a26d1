//! Criterion benchmarks of the pure math core: the per-frame costs of the optimizer lab.
//!
//! A heatmap evaluates its surface on roughly 400,000 points (an 800×500 grid), and the race
//! runs every optimizer for 150 steps whenever a knob moves, so these three numbers decide
//! whether the lab stays interactive. Run with `cargo bench --bench math`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlmath_viz::math::expr::Expr;
use mlmath_viz::math::optimizers::{
    DivergenceBox, GradientNoise, Hyperparameters, OptimizerKind, run_trajectory,
};
use mlmath_viz::math::quadratic_descent::{Method, QuadraticProblem, StartPoint, run_method};
use mlmath_viz::math::surfaces::{Domain, Surface, SurfaceKind};

const GRID_COLUMNS: usize = 800;
const GRID_ROWS: usize = 500;

/// The sample coordinates of a `GRID_COLUMNS × GRID_ROWS` heatmap over `domain`.
fn grid_axes(domain: Domain) -> (Vec<f64>, Vec<f64>) {
    let along = |low: f64, high: f64, count: usize| -> Vec<f64> {
        (0..count)
            .map(|i| low + (high - low) * (i as f64 + 0.5) / count as f64)
            .collect()
    };
    (
        along(domain.x_min, domain.x_max, GRID_COLUMNS),
        along(domain.y_min, domain.y_max, GRID_ROWS),
    )
}

/// Sums `surface.value` over the grid point by point, as a heatmap renderer calling the public
/// API would (the sum keeps the work from being optimised away).
fn sum_over_grid(surface: &Surface, xs: &[f64], ys: &[f64]) -> f64 {
    let mut total = 0.0;
    for &y in ys {
        for &x in xs {
            total += surface.value(black_box(x), black_box(y));
        }
    }
    total
}

fn rosenbrock_value_400k(c: &mut Criterion) {
    let surface = Surface::builtin(SurfaceKind::Rosenbrock, 1.0);
    let (xs, ys) = grid_axes(surface.domain());
    c.bench_function("rosenbrock_value_400k", |b| {
        b.iter(|| sum_over_grid(black_box(&surface), &xs, &ys))
    });
}

fn custom_expr_value_400k(c: &mut Criterion) {
    let expression = match Expr::parse("sin(x)*cos(y) + 0.1*(x^2+y^2)") {
        Ok(expression) => expression,
        Err(error) => panic!("benchmark formula must parse: {error}"),
    };
    let surface = Surface::custom(expression, Domain::square(3.0));
    let (xs, ys) = grid_axes(surface.domain());
    c.bench_function("custom_expr_value_400k", |b| {
        b.iter(|| sum_over_grid(black_box(&surface), &xs, &ys))
    });
}

fn race_150_steps_8_optimizers(c: &mut Criterion) {
    let surface = Surface::builtin(SurfaceKind::Rosenbrock, 1.0);
    let divergence = DivergenceBox::around(surface.domain());
    let hyper = Hyperparameters {
        learning_rate: 1e-3,
        ..Hyperparameters::default()
    };
    let noise = GradientNoise {
        standard_deviation: 0.5,
        seed: 7,
    };
    c.bench_function("race_150_steps_8_optimizers", |b| {
        b.iter(|| {
            OptimizerKind::ALL
                .iter()
                .map(|&kind| {
                    let run = run_trajectory(
                        kind,
                        black_box(&surface),
                        surface.default_start(),
                        &hyper,
                        150,
                        noise,
                        &divergence,
                    );
                    run.points.len()
                })
                .sum::<usize>()
        })
    });
}

/// What one κ change of `#/numerical-optimization` at its largest κ costs: steepest descent
/// with exact line searches on the 20-dimensional quadratic to a 10⁻⁸ error (about 7·10⁴
/// iterations from the seeded start).
fn steepest_descent_kappa_1e4_n20(c: &mut Criterion) {
    let problem = QuadraticProblem::spread(20, 1e4, StartPoint::Random(1));
    c.bench_function("steepest_descent_kappa_1e4_n20", |b| {
        b.iter(|| {
            run_method(Method::SteepestDescent, black_box(&problem), 1e-8, 200_000)
                .relative_errors
                .len()
        })
    });
}

criterion_group!(
    benches,
    rosenbrock_value_400k,
    custom_expr_value_400k,
    race_150_steps_8_optimizers,
    steepest_descent_kappa_1e4_n20
);
criterion_main!(benches);
