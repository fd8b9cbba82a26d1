//! Scaled dot-product attention, softmax(QKᵀ/√d)·V, computed exactly for a handful of tokens,
//! and a seeded Monte Carlo study of why the logits are divided by √d: for random queries
//! and keys with N(0, 1) components the dot product q·k has variance d, so without the
//! scaling the softmax over the keys saturates (its entropy falls towards 0) as d grows.
//!
//! The rows of Q, K and V are any slices (`AsRef<[f64]>`): the demo's 2-D points as
//! `[f64; 2]`, the Monte Carlo's d-dimensional vectors as `Vec<f64>`.

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::StandardNormal;

use super::information::entropy;

/// How the logits are formed before the softmax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttentionOptions {
    /// Divide q·k by √d (the "scaled" of scaled dot-product attention).
    pub scaled: bool,
    /// Causal (autoregressive) masking: query i may only attend to keys j ≤ i; the masked
    /// logits are −∞, so their weights are exactly 0.
    pub causal: bool,
}

/// Everything one attention layer computes for n queries against m keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Attention {
    /// logits[i][j] = q_i·k_j (divided by √d when scaled); −∞ where masked.
    pub logits: Vec<Vec<f64>>,
    /// weights[i] = softmax(logits[i]): each row sums to 1.
    pub weights: Vec<Vec<f64>>,
    /// outputs[i] = Σ_j weights[i][j]·v_j: a weighted mix of the values.
    pub outputs: Vec<Vec<f64>>,
    /// The entropy of each row of weights in nats: ln m when uniform, 0 when one-hot.
    pub entropies: Vec<f64>,
}

/// The dot product of two equally long vectors.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Softmax of one row of logits, stably: the row's maximum is subtracted first, which leaves
/// the result unchanged (the factor e^{−max} cancels between numerator and denominator) but
/// makes every exponent ≤ 0. Without it e^{z} overflows to ∞ for z > 709.78 and ∞/∞ gives
/// NaN; with it at least one term is e⁰ = 1, so the sum is ≥ 1 and never 0 or ∞.
/// Masked entries (−∞) get weight exactly 0. Entries equal to +∞ (a dot product that
/// overflowed) share the weight equally: the limit of a logit growing without bound.
/// A row that is entirely −∞ (every key masked) has no distribution; it is returned as
/// zeros, which a causal mask never produces (the diagonal is always visible).
pub fn softmax(logits: &[f64]) -> Vec<f64> {
    let max = logits
        .iter()
        .copied()
        .filter(|z| !z.is_nan())
        .fold(f64::NEG_INFINITY, f64::max);
    if max == f64::INFINITY {
        let count = logits.iter().filter(|z| **z == f64::INFINITY).count() as f64;
        return logits
            .iter()
            .map(|z| {
                if *z == f64::INFINITY {
                    1.0 / count
                } else {
                    0.0
                }
            })
            .collect();
    }
    if max == f64::NEG_INFINITY {
        return vec![0.0; logits.len()];
    }
    // z − max is ≤ 0; for z = −∞ it is −∞ and e^{−∞} = 0 exactly. Logits of ±1e300 differ
    // by up to 2e300, still finite in f64, so no ∞ − ∞ appears.
    let exps: Vec<f64> = logits
        .iter()
        .map(|z| if z.is_nan() { 0.0 } else { (z - max).exp() })
        .collect();
    let total: f64 = exps.iter().sum();
    exps.iter().map(|e| e / total).collect()
}

/// Scaled dot-product attention softmax(QKᵀ/√d)·V for queries, keys and values given as rows.
/// d is the length of the queries (and keys); the values may have any length.
pub fn attention<R: AsRef<[f64]>>(
    queries: &[R],
    keys: &[R],
    values: &[R],
    options: AttentionOptions,
) -> Attention {
    let dimension = queries.first().map_or(1, |q| q.as_ref().len()).max(1);
    let scale = if options.scaled {
        1.0 / (dimension as f64).sqrt()
    } else {
        1.0
    };
    let logits: Vec<Vec<f64>> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| {
            keys.iter()
                .enumerate()
                .map(|(j, k)| {
                    if options.causal && j > i {
                        f64::NEG_INFINITY
                    } else {
                        dot(q.as_ref(), k.as_ref()) * scale
                    }
                })
                .collect()
        })
        .collect();
    let weights: Vec<Vec<f64>> = logits.iter().map(|row| softmax(row)).collect();
    let value_length = values.first().map_or(0, |v| v.as_ref().len());
    let outputs = weights
        .iter()
        .map(|row| {
            let mut mixed = vec![0.0; value_length];
            for (w, v) in row.iter().zip(values) {
                // A zero weight adds nothing, even to a huge value (0·∞ would be NaN).
                if *w != 0.0 {
                    for (m, x) in mixed.iter_mut().zip(v.as_ref()) {
                        *m += w * x;
                    }
                }
            }
            mixed
        })
        .collect();
    let entropies = weights.iter().map(|row| entropy(row)).collect();
    Attention {
        logits,
        weights,
        outputs,
        entropies,
    }
}

/// What the Monte Carlo measured at one dimension d: `draws` trials, each one query and n
/// keys with independent N(0, 1) components.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SaturationEstimate {
    pub dimension: usize,
    pub keys: usize,
    pub draws: usize,
    /// The mean entropy (nats) of softmax(q·k_j) over the n keys, unscaled.
    pub mean_entropy_unscaled: f64,
    /// The mean entropy of softmax(q·k_j/√d).
    pub mean_entropy_scaled: f64,
    /// The sample mean of all draws·n dot products q·k (exactly 0 in expectation).
    pub dot_mean: f64,
    /// Their sample variance (ddof = 1); exactly d in expectation, see [`exact_dot_variance`].
    pub dot_variance: f64,
}

/// Var(q·k) for independent q, k ∈ ℝᵈ with N(0, 1) components: q·k = Σᵢ qᵢkᵢ is a sum of d
/// independent products, each with mean 0 and variance E[qᵢ²]E[kᵢ²] = 1, so the variance
/// is d; after dividing by √d it is 1.
pub fn exact_dot_variance(dimension: usize) -> f64 {
    dimension as f64
}

/// The Monte Carlo at one dimension, run in chunks so the page never blocks: [`Self::run`]
/// does a bounded number of trials, [`Self::estimate`] reads the result once complete.
/// Each dimension has its own ChaCha8 stream (the seed, stream d), so the estimate at a
/// given d does not depend on which other dimensions were computed or in what order.
#[derive(Debug)]
pub struct SaturationRun {
    dimension: usize,
    keys: usize,
    draws: usize,
    done: usize,
    rng: ChaCha8Rng,
    entropy_unscaled_sum: f64,
    entropy_scaled_sum: f64,
    /// Welford's running mean and sum of squared deviations of the dot products: exact
    /// enough for the variance where Σx² − (Σx)²/N would cancel.
    dot_count: usize,
    dot_mean: f64,
    dot_m2: f64,
}

impl SaturationRun {
    pub fn new(dimension: usize, keys: usize, draws: usize, seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(dimension as u64);
        Self {
            dimension: dimension.max(1),
            keys: keys.max(1),
            draws,
            done: 0,
            rng,
            entropy_unscaled_sum: 0.0,
            entropy_scaled_sum: 0.0,
            dot_count: 0,
            dot_mean: 0.0,
            dot_m2: 0.0,
        }
    }

    pub fn dimension(&self) -> usize {
        self.dimension
    }

    pub fn is_complete(&self) -> bool {
        self.done >= self.draws
    }

    /// The fraction of trials done.
    pub fn progress(&self) -> f64 {
        if self.draws == 0 {
            1.0
        } else {
            self.done as f64 / self.draws as f64
        }
    }

    /// How many normal samples one trial draws: the query and n keys.
    pub fn samples_per_trial(&self) -> usize {
        (self.keys + 1) * self.dimension
    }

    /// Runs up to `trials` more trials.
    pub fn run(&mut self, trials: usize) {
        let d = self.dimension;
        let scale = 1.0 / (d as f64).sqrt();
        let mut query = vec![0.0; d];
        let mut logits = vec![0.0; self.keys];
        let mut scaled = vec![0.0; self.keys];
        let end = (self.done + trials).min(self.draws);
        while self.done < end {
            for q in query.iter_mut() {
                *q = self.rng.sample(StandardNormal);
            }
            for j in 0..self.keys {
                let mut product = 0.0;
                for q in &query {
                    let k: f64 = self.rng.sample(StandardNormal);
                    product += q * k;
                }
                logits[j] = product;
                scaled[j] = product * scale;
                self.dot_count += 1;
                let delta = product - self.dot_mean;
                self.dot_mean += delta / self.dot_count as f64;
                self.dot_m2 += delta * (product - self.dot_mean);
            }
            self.entropy_unscaled_sum += entropy(&softmax(&logits));
            self.entropy_scaled_sum += entropy(&softmax(&scaled));
            self.done += 1;
        }
    }

    /// The estimate, once every trial has run.
    pub fn estimate(&self) -> Option<SaturationEstimate> {
        if !self.is_complete() || self.done == 0 {
            return None;
        }
        let draws = self.done as f64;
        Some(SaturationEstimate {
            dimension: self.dimension,
            keys: self.keys,
            draws: self.done,
            mean_entropy_unscaled: self.entropy_unscaled_sum / draws,
            mean_entropy_scaled: self.entropy_scaled_sum / draws,
            dot_mean: self.dot_mean,
            dot_variance: if self.dot_count > 1 {
                self.dot_m2 / (self.dot_count - 1) as f64
            } else {
                0.0
            },
        })
    }
}

/// The whole Monte Carlo at one dimension, at once (tests, small d).
pub fn saturation_estimate(
    dimension: usize,
    keys: usize,
    draws: usize,
    seed: u64,
) -> SaturationEstimate {
    let mut run = SaturationRun::new(dimension, keys, draws, seed);
    run.run(draws);
    run.estimate().unwrap_or(SaturationEstimate {
        dimension,
        keys,
        draws: 0,
        mean_entropy_unscaled: f64::NAN,
        mean_entropy_scaled: f64::NAN,
        dot_mean: f64::NAN,
        dot_variance: f64::NAN,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed example of the tests: three tokens in the plane.
    const Q: [[f64; 2]; 3] = [[1.0, 0.5], [-0.5, 1.5], [2.0, -1.0]];
    const K: [[f64; 2]; 3] = [[0.8, -0.2], [1.2, 1.0], [-1.5, 0.3]];
    const V: [[f64; 2]; 3] = [[1.0, 0.0], [0.0, 2.0], [-1.0, -1.0]];

    fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64) {
        assert_eq!(actual.len(), expected.len());
        for (a, e) in actual.iter().zip(expected) {
            assert!((a - e).abs() <= tolerance, "{actual:?} vs {expected:?}");
        }
    }

    fn flat(rows: &[Vec<f64>]) -> Vec<f64> {
        rows.concat()
    }

    // Reference values: numpy 2.4 (/work/refpy), L = Q @ K.T (/ np.sqrt(2) when scaled),
    // np.where(np.triu(np.ones((3, 3)), 1) > 0, -np.inf, L) when causal,
    // W = np.exp(L - L.max(1, keepdims=True)), W /= W.sum(1, keepdims=True), O = W @ V,
    // H = -np.where(W > 0, W * np.log(W), 0).sum(1).
    #[test]
    fn scaled_attention_matches_numpy() {
        let a = attention(
            &Q,
            &K,
            &V,
            AttentionOptions {
                scaled: true,
                causal: false,
            },
        );
        assert_close(
            &flat(&a.logits),
            &[
                0.4949747468305833,
                1.2020815280171306,
                -0.9545941546018392,
                -0.4949747468305833,
                0.6363961030678927,
                0.8485281374238569,
                1.2727922061357855,
                0.9899494936611664,
                -2.3334523779156067,
            ],
            1e-15,
        );
        assert_close(
            &flat(&a.weights),
            &[
                0.3064865035508476,
                0.6215898695242251,
                0.07192362692492739,
                0.12606608222247828,
                0.3907926378984758,
                0.483141279879046,
                0.5615479128095195,
                0.4232040236122762,
                0.015248063578204298,
            ],
            1e-15,
        );
        assert_close(
            &flat(&a.outputs),
            &[
                0.23456287662592024,
                1.1712561121235228,
                -0.3570751976565677,
                0.2984439959179056,
                0.5462998492313152,
                0.8311599836463481,
            ],
            1e-15,
        );
        assert_close(
            &a.entropies,
            &[0.8473093996784131, 0.9797159455365232, 0.7517465990830198],
            1e-15,
        );
        for row in &a.weights {
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        }
    }

    #[test]
    fn unscaled_attention_matches_numpy() {
        let a = attention(
            &Q,
            &K,
            &V,
            AttentionOptions {
                scaled: false,
                causal: false,
            },
        );
        assert_close(
            &flat(&a.weights),
            &[
                0.2599416819972963,
                0.7065947506323301,
                0.0334635673703736,
                0.07912064137634534,
                0.39188710217597617,
                0.5289922564476784,
                0.5965103692670509,
                0.39985285818782573,
                0.003636772545123358,
            ],
            1e-15,
        );
        assert_close(
            &flat(&a.outputs),
            &[
                0.2264781146269227,
                1.3797259338942867,
                -0.4498716150713331,
                0.2547819479042739,
                0.5928735967219275,
                0.7960689438305281,
            ],
            1e-15,
        );
        assert_close(
            &a.entropies,
            &[0.7093035356129536, 0.9046768345939504, 0.6951473373349246],
            1e-15,
        );
    }

    #[test]
    fn causal_rows_have_zero_weight_above_the_diagonal() {
        let a = attention(
            &Q,
            &K,
            &V,
            AttentionOptions {
                scaled: true,
                causal: true,
            },
        );
        for (i, row) in a.weights.iter().enumerate() {
            for (j, w) in row.iter().enumerate() {
                if j > i {
                    assert_eq!(*w, 0.0);
                    assert_eq!(a.logits[i][j], f64::NEG_INFINITY);
                }
            }
            assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        }
        // The first query sees only the first key: weight 1, entropy 0, output v₁.
        assert_eq!(a.weights[0], vec![1.0, 0.0, 0.0]);
        assert_eq!(a.entropies[0], 0.0);
        assert_eq!(a.outputs[0], vec![1.0, 0.0]);
        // numpy, as above with the causal mask.
        assert_close(
            &flat(&a.weights),
            &[
                1.0,
                0.0,
                0.0,
                0.2439082041471151,
                0.7560917958528849,
                0.0,
                0.5615479128095195,
                0.4232040236122762,
                0.015248063578204298,
            ],
            1e-15,
        );
        assert_close(
            &flat(&a.outputs),
            &[
                1.0,
                0.0,
                0.2439082041471151,
                1.5121835917057698,
                0.5462998492313152,
                0.8311599836463481,
            ],
            1e-15,
        );
        assert!((a.entropies[1] - 0.5555431193110962).abs() < 1e-15);
    }

    #[test]
    fn entropy_limits_are_log_n_and_zero() {
        // Equal logits: the uniform distribution, whose entropy is ln n (to the last bit:
        // each weight is exactly 1/n for n = 4, and −4·¼·ln ¼ = ln 4).
        let uniform = softmax(&[0.3, 0.3, 0.3, 0.3]);
        assert_eq!(uniform, vec![0.25; 4]);
        assert_eq!(entropy(&uniform), 4f64.ln());
        for n in 3..=6 {
            let h = entropy(&softmax(&vec![-1.7; n]));
            assert!((h - (n as f64).ln()).abs() < 1e-15, "{n}: {h}");
        }
        // One dominant logit: the entropy goes to 0 as the gap grows (for a gap g over
        // n − 1 others, H ≈ (n − 1)·(g + 1)·e^{−g}).
        let mut previous = f64::INFINITY;
        for gap in [1.0, 5.0, 10.0, 20.0, 40.0] {
            let h = entropy(&softmax(&[gap, 0.0, 0.0, 0.0]));
            assert!(h < previous);
            previous = h;
        }
        assert!(previous < 3.0 * 41.0 * (-40f64).exp() * 1.01);
        assert_eq!(entropy(&softmax(&[800.0, 0.0, 0.0])), 0.0);
    }

    #[test]
    fn huge_logits_give_no_nan() {
        let weights = softmax(&[1e300, -1e300, 5e299, 1e300]);
        assert!(weights.iter().all(|w| w.is_finite()));
        assert_eq!(weights, vec![0.5, 0.0, 0.0, 0.5]);
        assert_eq!(softmax(&[1e300, f64::NEG_INFINITY]), vec![1.0, 0.0]);
        assert_eq!(softmax(&[-1e300, -1e300]), vec![0.5, 0.5]);
        // Overflowing dot products (+∞) share the weight; no NaN.
        let overflowed = softmax(&[f64::INFINITY, 1.0, f64::INFINITY]);
        assert_eq!(overflowed, vec![0.5, 0.0, 0.5]);
        // Queries and keys of size 1e150 give logits of 1e300 and still finite weights.
        let big = attention(
            &[[1e150, 0.0], [0.0, 1e150]],
            &[[1e150, 0.0], [-1e150, 0.0]],
            &[[1.0, 2.0], [3.0, 4.0]],
            AttentionOptions {
                scaled: false,
                causal: false,
            },
        );
        assert_eq!(big.weights[0], vec![1.0, 0.0]);
        assert_eq!(big.weights[1], vec![0.5, 0.5]);
        assert!(big.outputs.concat().iter().all(|x| x.is_finite()));
        assert!(big.entropies.iter().all(|h| h.is_finite()));
        // The naive formula fails where this does not.
        let naive: Vec<f64> = [1e300f64, 0.0].iter().map(|z| z.exp()).collect();
        assert!((naive[0] / (naive[0] + naive[1])).is_nan());
    }

    #[test]
    fn sample_variance_of_q_dot_k_is_near_d() {
        // Var(q·k) = d exactly; Var((q·k)²) = 2d² + 6d (E[(q·k)⁴] = 3d² + 6d), so the sample
        // variance of N dot products has standard error ≈ √((2d² + 6d)/N). With 1000 draws
        // of n = 6 keys, N = 6000: at d = 64 that is 1.2; the test allows 5 of them.
        for (d, tolerance) in [(1usize, 5.0 * (8.0f64 / 6000.0).sqrt()), (64, 6.0)] {
            let estimate = saturation_estimate(d, 6, 1000, 42);
            assert!(
                (estimate.dot_variance - exact_dot_variance(d)).abs() < tolerance,
                "d = {d}: {}",
                estimate.dot_variance
            );
            assert!(estimate.dot_mean.abs() < 5.0 * (d as f64 / 6000.0).sqrt());
        }
    }

    #[test]
    fn unscaled_softmax_saturates_and_scaled_does_not() {
        // numpy (default_rng(12345)), 200,000 trials of one query and n = 4 keys with N(0, 1)
        // components (40,000 at d = 512): mean entropies
        //   d = 1:   1.1802940367418266 (both; per-trial sd 0.261)
        //   d = 16:  unscaled 0.4485858786110579 (sd 0.352), scaled 1.120478039588932 (sd 0.201)
        //   d = 512: unscaled 0.07590794872505853 (sd 0.181), scaled 1.1123348754631934 (sd 0.193)
        // 1000 draws here: standard errors ≤ 0.011; the tolerance is 5 of them.
        let cases = [
            (1usize, 1.1802940367418266, 1.1802940367418266, 0.261, 0.261),
            (16, 0.4485858786110579, 1.120478039588932, 0.352, 0.201),
            (512, 0.07590794872505853, 1.1123348754631934, 0.181, 0.193),
        ];
        for (d, unscaled, scaled, sd_unscaled, sd_scaled) in cases {
            let e = saturation_estimate(d, 4, 1000, 3);
            let se = |sd: f64| 5.0 * sd / 1000f64.sqrt();
            assert!(
                (e.mean_entropy_unscaled - unscaled).abs() < se(sd_unscaled),
                "d = {d}: {}",
                e.mean_entropy_unscaled
            );
            assert!(
                (e.mean_entropy_scaled - scaled).abs() < se(sd_scaled),
                "d = {d}: {}",
                e.mean_entropy_scaled
            );
            assert!(e.mean_entropy_scaled <= 4f64.ln() && e.mean_entropy_unscaled >= 0.0);
        }
        // At d = 1 scaling divides by 1: the same numbers exactly.
        let one = saturation_estimate(1, 5, 200, 9);
        assert_eq!(one.mean_entropy_scaled, one.mean_entropy_unscaled);
    }

    #[test]
    fn chunked_runs_equal_one_run_and_streams_are_per_dimension() {
        let whole = saturation_estimate(8, 4, 300, 11);
        let mut chunked = SaturationRun::new(8, 4, 300, 11);
        while !chunked.is_complete() {
            assert!(chunked.estimate().is_none());
            chunked.run(7);
        }
        assert_eq!(chunked.estimate(), Some(whole));
        assert_ne!(saturation_estimate(9, 4, 300, 11), whole);
        assert_ne!(saturation_estimate(8, 4, 300, 12), whole);
    }
}
