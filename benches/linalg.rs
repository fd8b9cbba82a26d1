//! Criterion benchmarks of the matrix calculator's heaviest work: the general (non-symmetric,
//! complex-capable) eigen decomposition and the SVD of a 6x6 matrix, the largest it accepts.
//! Target: both together ≤ 1 ms. Run with `cargo bench --bench linalg`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlmath_viz::math::matrices::{Matrix, eigen, svd};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// A seeded random 6x6 matrix: not symmetric, so `eigen` takes the Schur + complex-SVD path.
fn random_6x6() -> Matrix {
    let mut rng = ChaCha8Rng::seed_from_u64(6);
    let normal = Normal::new(0.0, 1.0).unwrap();
    Matrix::from_fn(6, 6, |_, _| normal.sample(&mut rng))
}

fn eigen_6x6(c: &mut Criterion) {
    let a = random_6x6();
    c.bench_function("eigen_general_6x6", |b| b.iter(|| eigen(black_box(&a))));
}

fn svd_6x6(c: &mut Criterion) {
    let a = random_6x6();
    c.bench_function("svd_6x6", |b| b.iter(|| svd(black_box(&a))));
}

fn eigen_and_svd_6x6(c: &mut Criterion) {
    let a = random_6x6();
    c.bench_function("eigen_and_svd_6x6", |b| {
        b.iter(|| (eigen(black_box(&a)), svd(black_box(&a))))
    });
}

criterion_group!(benches, eigen_6x6, svd_6x6, eigen_and_svd_6x6);
criterion_main!(benches);
