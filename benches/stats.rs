//! Criterion benchmarks of the distribution sampler's math: drawing and binning samples, the
//! per-frame cost of dragging a parameter with 100,000 samples, and the KS test of a million
//! samples, resumable against sort-then-sweep. Run with `cargo bench --bench stats`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlmath_viz::math::distributions::Distribution;
use mlmath_viz::math::sample_stats::{
    Histogram, KolmogorovSmirnovJob, Moments, kolmogorov_smirnov_test,
};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

const NORMAL: Distribution = Distribution::Normal {
    mean: 0.0,
    std_dev: 1.0,
};

/// Draws `count` samples into a preallocated vector, then counts moments and a histogram:
/// what the demo does for every parameter change.
fn sample_and_bin(distribution: Distribution, count: usize, samples: &mut Vec<f64>) -> u64 {
    samples.clear();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    distribution.sample_into(&mut rng, count, samples);
    let moments = Moments::of_slice(samples);
    let mut histogram = Histogram::new(-4.0, 4.0, 4096);
    histogram.add_all(samples);
    histogram.total() + moments.count
}

fn sampling(c: &mut Criterion) {
    let mut samples = Vec::with_capacity(1_000_000);
    c.bench_function("normal: draw + moments + histogram, 1,000,000", |b| {
        b.iter(|| black_box(sample_and_bin(NORMAL, 1_000_000, &mut samples)))
    });
    c.bench_function("normal: draw + moments + histogram, 100,000", |b| {
        b.iter(|| black_box(sample_and_bin(NORMAL, 100_000, &mut samples)))
    });
    let gamma = Distribution::Gamma {
        shape: 2.0,
        rate: 1.0,
    };
    c.bench_function("gamma: draw + moments + histogram, 100,000", |b| {
        b.iter(|| black_box(sample_and_bin(gamma, 100_000, &mut samples)))
    });
}

fn kolmogorov_smirnov(c: &mut Criterion) {
    let mut samples = Vec::new();
    NORMAL.sample_into(&mut ChaCha8Rng::seed_from_u64(1), 1_000_000, &mut samples);
    c.bench_function(
        "KS, resumable job (merge sort + sweep), normal, 1,000,000",
        |b| {
            b.iter(|| {
                let mut job = KolmogorovSmirnovJob::new(&samples);
                while !job.advance(|x| NORMAL.cdf(x), 131_072, 32_768) {}
                black_box(job.result())
            })
        },
    );
    c.bench_function("KS, sort then sweep (reference), normal, 1,000,000", |b| {
        b.iter(|| {
            let mut sorted = samples.clone();
            sorted.sort_unstable_by(f64::total_cmp);
            black_box(kolmogorov_smirnov_test(&sorted, |x| NORMAL.cdf(x)).statistic)
        })
    });
}

criterion_group!(benches, sampling, kolmogorov_smirnov);
criterion_main!(benches);
