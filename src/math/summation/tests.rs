//! Tests of the summations: the exact accumulator against Python's `math.fsum`, the simulated
//! float32/float16/bfloat16 sums against NumPy and ml_dtypes doing the same additions, Kahan's
//! error bound and the slopes of the error against n.
//!
//! The reference values come from a Python script with the same SplitMix64 (eight lines;
//! `uniform(seed, n)` and `mixed(seed, n)` in the comments generate the terms exactly as
//! [`DataStream`] does), NumPy 2.4 and ml_dtypes; each is quoted with the call behind it.

use super::*;
use crate::math::floats::{BF16, F16, F32, F64};

fn uniform(seed: u64, n: usize) -> Vec<f64> {
    DataStream::new(Data::Uniform { seed }).take(n).collect()
}

fn mixed(seed: u64, n: usize) -> Vec<f64> {
    DataStream::new(Data::Mixed { seed }).take(n).collect()
}

#[test]
fn the_generators_match_the_python_reference() {
    // Python: uniform(1, 3) and mixed(1, 3) with SplitMix64 as in the module docs.
    assert_eq!(
        uniform(1, 3),
        [0.5665615751722809, 0.7457817572627011, 0.9710027535867962]
    );
    assert_eq!(
        mixed(1, 3),
        [566.5615751722809, 0.009710027535867962, 4.442647008263581]
    );
}

#[test]
fn exact_sums_match_math_fsum() {
    let exact = |values: &[f64]| {
        let mut sum = ExactSum::new();
        values.iter().for_each(|&x| sum.add(x));
        sum.to_f64()
    };
    // Python: math.fsum(uniform(1, n)) and math.fsum(mixed(1, n)).
    assert_eq!(exact(&uniform(1, 1000)), 481.8845724782799);
    assert_eq!(exact(&uniform(1, 100_000)), 50051.552317097885);
    assert_eq!(exact(&mixed(1, 1000)), 603084.8169580329);
    assert_eq!(exact(&mixed(1, 100_000)), 61383666.59702507);
    // Cancellation down to the last bit and across the whole exponent range.
    assert_eq!(exact(&[1e308, 1.0, -1e308]), 1.0);
    assert_eq!(exact(&[1e308, 1e308, -1e308]), 1e308);
    assert_eq!(exact(&[5e-324, 5e-324, 1.0, -1.0]), 1e-323);
    assert_eq!(exact(&[0.1, 0.2, -0.3]), 2.7755575615628914e-17);
    assert_eq!(exact(&[-0.5, -0.25]), -0.75);
    assert_eq!(exact(&[]), 0.0);
    // Ties round to even: 2⁵³ + 1 is halfway between 2⁵³ and 2⁵³ + 2.
    assert_eq!(exact(&[9007199254740992.0, 1.0]), 9007199254740992.0);
    assert_eq!(exact(&[9007199254740992.0, 1.0, 1e-10]), 9007199254740994.0);
}

#[test]
fn exact_sum_of_a_million_tenths_is_n_times_the_stored_tenth() {
    // mpmath (60 digits): 10⁶·fl(0.1) = 100000.0000000000055511151231257827021182, which
    // rounds to 100000; in float32, 10⁶·fl32(0.1) = 100000.00149011612 (exact).
    let mut run = SummationRun::new(Data::Tenth, F64, 1_000_000);
    run.advance(u64::MAX);
    let last = run.last().unwrap();
    assert_eq!(last.exact, 100000.0);
    // NumPy: np.cumsum(np.full(1_000_000, 0.1))[-1] = 100000.00000133288 (sequential).
    assert_eq!(last.sums[0], 100000.00000133288);
    // The error is measured against n·fl(0.1), not n/10: the naive sum's distance from
    // 100000 (exact in f64) minus the 5.551115123125783e-12 by which n·fl(0.1) exceeds it.
    let expected = (100000.00000133288 - 100000.0) - 5.551115123125783e-12;
    assert!(
        (last.errors[0] - expected).abs() < 1e-20,
        "{}",
        last.errors[0]
    );
    let mut run = SummationRun::new(Data::Tenth, F32, 1_000_000);
    run.advance(u64::MAX);
    let last = run.last().unwrap();
    assert_eq!(last.exact, 100000.00149011612);
    // NumPy: np.cumsum(np.full(1_000_000, 0.1, dtype=np.float32))[-1] = 100958.34375.
    assert_eq!(last.sums[0], 100958.34375);
}

#[test]
fn simulated_narrow_sums_match_numpy_and_ml_dtypes() {
    let values = uniform(1, 100_000);
    // NumPy: float(np.cumsum(np.array(uniform(1, 100000), dtype=np.float32))[-1]).
    assert_eq!(sum_with(&values, F32, Method::Naive).0, 50051.765625);
    // math.fsum of the float32-rounded inputs.
    assert_eq!(sum_with(&values, F32, Method::Naive).1, 50051.55232500517);
    // float16: the naive sum sticks at 2048, where a term below 1 is less than half an ulp.
    assert_eq!(sum_with(&values, F16, Method::Naive).0, 2048.0);
    assert_eq!(sum_with(&values[..1000], F16, Method::Naive).0, 484.0);
    // ml_dtypes: s = bfloat16(s + v) over the first 10000 bfloat16 inputs → 256.
    assert_eq!(sum_with(&values[..10_000], BF16, Method::Naive).0, 256.0);
    let mixed = mixed(1, 1000);
    // NumPy float32 cumsum of mixed(1, 1000) = 603084.625; float16 overflows to inf.
    assert_eq!(sum_with(&mixed, F32, Method::Naive).0, 603084.625);
    assert_eq!(sum_with(&mixed, F16, Method::Naive).0, f64::INFINITY);
}

#[test]
fn kahan_and_pairwise_match_numpy_float32_loops() {
    let values = uniform(7, 10_000);
    // NumPy float32 scalars: y = x − c; t = s + y; c = (t − s) − y; s = t → 4986.92529296875;
    // the naive cumsum gives 4986.93310546875 and math.fsum of the inputs 4986.925150428644.
    assert_eq!(sum_with(&values, F32, Method::Kahan).0, 4986.92529296875);
    assert_eq!(sum_with(&values, F32, Method::Naive).0, 4986.93310546875);
    assert_eq!(sum_with(&values, F32, Method::Naive).1, 4986.925150428644);
    // Recursive halving in np.float32 over the first 1024 = 2¹⁰ terms: 501.61175537109375.
    assert_eq!(
        sum_with(&values[..1024], F32, Method::Pairwise).0,
        501.61175537109375
    );
}

#[test]
fn kahan_error_is_within_two_epsilon_of_the_sum_of_magnitudes() {
    for format in [F64, F32, F16, BF16] {
        for seed in [1, 2, 3] {
            let values: Vec<f64> = uniform(seed, 20_000)
                .into_iter()
                .map(|x| format.round(x))
                .collect();
            let mut sums = StreamingSums::new(format);
            values.iter().for_each(|&x| sums.add(x));
            let error = sums.error(Method::Kahan);
            // Σ|x| = Σx here; overflow is impossible (20000 < 65504).
            let bound = 2.0 * format.epsilon() * sums.exact();
            assert!(
                error.abs() <= bound,
                "{} seed {seed}: {error} > {bound}",
                format.id
            );
        }
    }
}

#[test]
fn observed_slopes_naive_near_one_pairwise_and_kahan_near_zero() {
    let mut run = SummationRun::new(Data::Tenth, F32, 1_000_000);
    run.advance(u64::MAX);
    let naive = log_log_slope(&run.checkpoints, Method::Naive, 1000).unwrap();
    let pairwise = log_log_slope(&run.checkpoints, Method::Pairwise, 1000).unwrap();
    assert!((0.8..1.3).contains(&naive), "naive slope {naive}");
    assert!(pairwise.abs() < 0.4, "pairwise slope {pairwise}");
    // The errors themselves: naive far above n·ε/100, pairwise below ε·log₂n, Kahan ≤ ε.
    let last = run.last().unwrap();
    let eps = F32.epsilon();
    assert!(last.relative_error(Method::Naive) > 1e6 * eps / 100.0);
    assert!(last.relative_error(Method::Pairwise) < eps * 20.0);
    assert!(last.relative_error(Method::Kahan) <= eps);
    // Random data: naive grows (random-walk errors give a slope nearer ½), pairwise stays low.
    let mut run = SummationRun::new(Data::Uniform { seed: 1 }, F32, 1_000_000);
    run.advance(u64::MAX);
    let naive = log_log_slope(&run.checkpoints, Method::Naive, 1000).unwrap();
    let pairwise = log_log_slope(&run.checkpoints, Method::Pairwise, 1000).unwrap();
    assert!(naive > pairwise + 0.3, "naive {naive}, pairwise {pairwise}");
}

#[test]
fn checkpoints_are_a_log_grid_ending_at_the_largest() {
    let points = checkpoints(1000);
    assert_eq!(&points[..10], &[1, 2, 3, 4, 5, 6, 8, 10, 13, 16]);
    assert_eq!(points.last(), Some(&1000));
    assert!(points.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(checkpoints(1), vec![1]);
    assert_eq!(checkpoints(31_623).last(), Some(&31_623));
}

#[test]
fn a_run_advanced_in_chunks_equals_one_advanced_at_once() {
    let mut chunked = SummationRun::new(Data::Mixed { seed: 5 }, BF16, 50_000);
    while !chunked.is_complete() {
        chunked.advance(777);
    }
    let mut whole = SummationRun::new(Data::Mixed { seed: 5 }, BF16, 50_000);
    whole.advance(u64::MAX);
    assert_eq!(chunked.checkpoints, whole.checkpoints);
}
