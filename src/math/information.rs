//! Information theory for the KL-divergence demo: entropy, cross-entropy and the
//! Kullback–Leibler divergence of discrete distributions, the closed form of the KL
//! divergence between two Gaussians, and a seeded Monte Carlo estimate of it.
//!
//! Everything is in nats (natural logarithms); divide by ln 2 for bits. Infinite values are
//! real answers here (KL(P‖Q) = ∞ when Q gives probability 0 to something P can produce),
//! so they are returned as `f64::INFINITY` and the demo turns them into text.

use rand::{SeedableRng, rngs::ChaCha8Rng};
use rand_distr::{Distribution, Normal};

/// A one-dimensional Gaussian N(mean, std_dev²).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gaussian {
    pub mean: f64,
    pub std_dev: f64,
}

impl Gaussian {
    pub fn new(mean: f64, std_dev: f64) -> Self {
        Self { mean, std_dev }
    }

    /// ln p(x): computed as a logarithm directly, so far tails give large negative numbers
    /// instead of ln(0) = −∞.
    pub fn log_density(&self, x: f64) -> f64 {
        let z = (x - self.mean) / self.std_dev;
        -0.5 * z * z - self.std_dev.ln() - 0.5 * (2.0 * std::f64::consts::PI).ln()
    }

    pub fn density(&self, x: f64) -> f64 {
        self.log_density(x).exp()
    }
}

/// The differential entropy of N(μ, σ²) in nats: ½ ln(2πeσ²) (negative for σ < 1/√(2πe)).
pub fn gaussian_entropy(std_dev: f64) -> f64 {
    0.5 * (2.0 * std::f64::consts::PI * std::f64::consts::E).ln() + std_dev.ln()
}

/// KL(P‖Q) for P = N(μ₁, σ₁²), Q = N(μ₂, σ₂²) in nats:
/// ln(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − 1/2.
pub fn gaussian_kl(p: Gaussian, q: Gaussian) -> f64 {
    let variance_ratio = (p.std_dev / q.std_dev).powi(2);
    let mean_term = ((p.mean - q.mean) / q.std_dev).powi(2);
    // ln(σ₂/σ₁) = −½ ln(σ₁²/σ₂²); written this way the three terms share one ratio.
    0.5 * (variance_ratio + mean_term - 1.0 - variance_ratio.ln())
}

/// The integrand of KL(P‖Q) at x: p(x)·ln(p(x)/q(x)). Negative where q > p, positive where
/// p > q; its integral is never negative (Gibbs' inequality).
pub fn gaussian_kl_integrand(p: Gaussian, q: Gaussian, x: f64) -> f64 {
    p.density(x) * (p.log_density(x) - q.log_density(x))
}

/// A running Monte Carlo estimate of KL(P‖Q) = E_{x∼P}[ln p(x) − ln q(x)].
#[derive(Clone, Debug, PartialEq)]
pub struct MonteCarloEstimate {
    /// Samples used.
    pub samples: usize,
    /// The sample mean of ln p(x) − ln q(x).
    pub mean: f64,
    /// Its standard error s/√n (None with fewer than 2 samples: s is undefined).
    pub standard_error: Option<f64>,
}

/// Draws `count` samples x ∼ P with a ChaCha8 generator seeded by `seed` and returns
/// ln p(x) − ln q(x) for each, in drawing order (a prefix is the estimate with fewer samples).
pub fn sample_log_ratios(p: Gaussian, q: Gaussian, seed: u64, count: usize) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let Ok(normal) = Normal::new(p.mean, p.std_dev) else {
        return Vec::new();
    };
    (0..count)
        .map(|_| {
            let x = normal.sample(&mut rng);
            p.log_density(x) - q.log_density(x)
        })
        .collect()
}

/// The estimate after each number of samples in `checkpoints` (ascending, each at most
/// `log_ratios.len()`), in one pass with Welford's update (stable for any n).
pub fn running_estimates(log_ratios: &[f64], checkpoints: &[usize]) -> Vec<MonteCarloEstimate> {
    let mut estimates = Vec::with_capacity(checkpoints.len());
    let (mut count, mut mean, mut sum_squares) = (0usize, 0.0_f64, 0.0_f64);
    let mut values = log_ratios.iter();
    for &checkpoint in checkpoints {
        while count < checkpoint.min(log_ratios.len()) {
            let Some(&value) = values.next() else { break };
            count += 1;
            let delta = value - mean;
            mean += delta / count as f64;
            sum_squares += delta * (value - mean);
        }
        estimates.push(MonteCarloEstimate {
            samples: count,
            mean,
            standard_error: (count >= 2)
                .then(|| (sum_squares / (count - 1) as f64 / count as f64).sqrt()),
        });
    }
    estimates
}

/// Scales non-negative weights to probabilities; None when a weight is negative or not
/// finite, or all are zero.
pub fn normalize(weights: &[f64]) -> Option<Vec<f64>> {
    if weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
        return None;
    }
    let total: f64 = weights.iter().sum();
    (total > 0.0 && total.is_finite()).then(|| weights.iter().map(|w| w / total).collect())
}

/// H(P) = −Σ pᵢ ln pᵢ in nats, with 0·ln 0 = 0 (the limit of p ln p as p → 0).
pub fn entropy(p: &[f64]) -> f64 {
    -p.iter()
        .filter(|pi| **pi > 0.0)
        .map(|pi| pi * pi.ln())
        .sum::<f64>()
}

/// H(P, Q) = −Σ pᵢ ln qᵢ in nats: ∞ when some qᵢ = 0 < pᵢ.
pub fn cross_entropy(p: &[f64], q: &[f64]) -> f64 {
    let mut total = 0.0;
    for (pi, qi) in p.iter().zip(q) {
        if *pi > 0.0 {
            if *qi <= 0.0 {
                return f64::INFINITY;
            }
            total -= pi * qi.ln();
        }
    }
    total
}

/// KL(P‖Q) = Σ pᵢ ln(pᵢ/qᵢ) in nats: terms with pᵢ = 0 add 0, and it is ∞ when some
/// qᵢ = 0 < pᵢ. Summed directly rather than as H(P, Q) − H(P), which would cancel digits
/// when P and Q are close.
pub fn kl_divergence(p: &[f64], q: &[f64]) -> f64 {
    let mut total = 0.0;
    for (pi, qi) in p.iter().zip(q) {
        if *pi > 0.0 {
            if *qi <= 0.0 {
                return f64::INFINITY;
            }
            total += pi * (pi / qi).ln();
        }
    }
    // Rounding can leave −1e-17 for P = Q; KL is never negative.
    total.max(0.0)
}

/// The index y of a one-hot distribution (one category has probability 1), else None.
pub fn one_hot_index(p: &[f64]) -> Option<usize> {
    let mut nonzero = p.iter().enumerate().filter(|(_, pi)| **pi > 0.0);
    let (index, _) = nonzero.next()?;
    nonzero.next().is_none().then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Composite Simpson's rule on [a, b] with `intervals` (even) pieces.
    fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, intervals: usize) -> f64 {
        let h = (b - a) / intervals as f64;
        let inner: f64 = (1..intervals)
            .map(|i| f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
            .sum();
        (f(a) + f(b) + inner) * h / 3.0
    }

    #[test]
    fn kl_of_equal_distributions_is_zero() {
        let g = Gaussian::new(0.7, 1.3);
        assert_eq!(gaussian_kl(g, g), 0.0);
        let p = [0.1, 0.2, 0.3, 0.4];
        assert_eq!(kl_divergence(&p, &p), 0.0);
        assert!((cross_entropy(&p, &p) - entropy(&p)).abs() < 1e-15);
    }

    #[test]
    fn gaussian_kl_matches_numeric_integration_and_is_asymmetric() {
        let cases = [
            (Gaussian::new(0.0, 1.0), Gaussian::new(1.0, 1.0)),
            (Gaussian::new(0.0, 1.0), Gaussian::new(0.0, 2.0)),
            (Gaussian::new(-1.0, 0.5), Gaussian::new(2.0, 1.5)),
            (Gaussian::new(1.0, 2.0), Gaussian::new(0.0, 0.6)),
        ];
        for (p, q) in cases {
            let (a, b) = (p.mean - 12.0 * p.std_dev, p.mean + 12.0 * p.std_dev);
            let numeric = simpson(|x| gaussian_kl_integrand(p, q, x), a, b, 20_000);
            let closed = gaussian_kl(p, q);
            assert!(
                (numeric - closed).abs() < 1e-9,
                "{p:?} {q:?}: {numeric} vs {closed}"
            );
        }
        // Hand values: equal σ gives (Δμ)²/2σ² = 0.5; N(0,1)‖N(0,4): ln 2 + 1/8 − 1/2.
        let (p, q) = (Gaussian::new(0.0, 1.0), Gaussian::new(0.0, 2.0));
        assert!(
            (gaussian_kl(Gaussian::new(0.0, 1.0), Gaussian::new(1.0, 1.0)) - 0.5).abs() < 1e-15
        );
        assert!((gaussian_kl(p, q) - (2f64.ln() + 0.125 - 0.5)).abs() < 1e-15);
        // The other way round: −ln 2 + 4/2 − 1/2 = 0.8068528…, not 0.3181472….
        assert!((gaussian_kl(q, p) - (-(2f64.ln()) + 2.0 - 0.5)).abs() < 1e-15);
    }

    #[test]
    fn gaussian_entropy_matches_numeric_integration() {
        for sigma in [0.2, 1.0, 2.5] {
            let g = Gaussian::new(0.3, sigma);
            let numeric = simpson(
                |x| -g.density(x) * g.log_density(x),
                -12.0 * sigma,
                12.0 * sigma,
                20_000,
            );
            assert!((numeric - gaussian_entropy(sigma)).abs() < 1e-9, "{sigma}");
        }
        // ½ ln(2πe) = 1.4189385332046727 (standard normal, hand value).
        assert!((gaussian_entropy(1.0) - 1.418_938_533_204_672_7).abs() < 1e-15);
    }

    #[test]
    fn cross_entropy_is_entropy_plus_kl() {
        let p = normalize(&[0.5, 0.25, 0.125, 0.125]).unwrap();
        let q = normalize(&[1.0, 1.0, 1.0, 1.0]).unwrap();
        let ln2 = 2f64.ln();
        // The textbook example in bits: H(P) = 1.75, H(P, Q) = 2, KL = 0.25.
        assert!((entropy(&p) / ln2 - 1.75).abs() < 1e-15);
        assert!((cross_entropy(&p, &q) / ln2 - 2.0).abs() < 1e-15);
        assert!((kl_divergence(&p, &q) / ln2 - 0.25).abs() < 1e-15);
        for (p, q) in [
            (vec![0.2, 0.3, 0.5], vec![0.6, 0.3, 0.1]),
            (vec![0.0, 0.4, 0.6], vec![0.3, 0.3, 0.4]),
            (vec![0.9, 0.1], vec![0.1, 0.9]),
        ] {
            let sum = entropy(&p) + kl_divergence(&p, &q);
            assert!((cross_entropy(&p, &q) - sum).abs() < 1e-14);
        }
    }

    #[test]
    fn zero_probabilities_give_zero_terms_or_infinity() {
        // q = 0 where p > 0: KL and cross-entropy are infinite.
        assert_eq!(kl_divergence(&[0.5, 0.5], &[1.0, 0.0]), f64::INFINITY);
        assert_eq!(cross_entropy(&[0.5, 0.5], &[1.0, 0.0]), f64::INFINITY);
        // p = 0 where q > 0: the term is 0; KL([1,0]‖[½,½]) = ln 2.
        assert!((kl_divergence(&[1.0, 0.0], &[0.5, 0.5]) - 2f64.ln()).abs() < 1e-15);
        assert_eq!(entropy(&[1.0, 0.0, 0.0]), 0.0);
        // One-hot P: cross-entropy is −ln q_y, the classification loss.
        let q = [0.7, 0.2, 0.1];
        assert_eq!(one_hot_index(&[0.0, 1.0, 0.0]), Some(1));
        assert_eq!(one_hot_index(&[0.5, 0.5, 0.0]), None);
        assert!((cross_entropy(&[0.0, 1.0, 0.0], &q) + 0.2f64.ln()).abs() < 1e-15);
        assert_eq!(normalize(&[0.0, 0.0]), None);
        assert_eq!(normalize(&[1.0, -1.0]), None);
    }

    #[test]
    fn monte_carlo_estimate_converges_within_its_standard_error() {
        let (p, q) = (Gaussian::new(0.0, 1.0), Gaussian::new(1.0, 1.5));
        let exact = gaussian_kl(p, q);
        let ratios = sample_log_ratios(p, q, 7, 100_000);
        let estimates = running_estimates(&ratios, &[0, 1, 1_000, 100_000]);
        assert_eq!(estimates[0].samples, 0);
        assert_eq!(estimates[1].standard_error, None);
        for estimate in &estimates[2..] {
            let se = estimate.standard_error.unwrap();
            // Within 4 standard errors: a correct estimator fails this with probability
            // about 6e-5 per seed (normal approximation, n ≥ 1000).
            assert!(
                (estimate.mean - exact).abs() < 4.0 * se,
                "{estimate:?} vs {exact}"
            );
        }
        // The standard error shrinks like 1/√n: 100 times the samples, a tenth of the error.
        let ratio = estimates[2].standard_error.unwrap() / estimates[3].standard_error.unwrap();
        assert!((8.0..12.5).contains(&ratio), "{ratio}");
        // Same seed, same numbers.
        assert_eq!(sample_log_ratios(p, q, 7, 10), ratios[..10].to_vec());
    }
}
