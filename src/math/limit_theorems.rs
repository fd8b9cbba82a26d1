//! The law of large numbers and the central limit theorem, computed: running means of seeded
//! draws with their σ/√n band, means of many independent samples, their histogram, and how
//! far their distribution is from the normal approximation (Kolmogorov–Smirnov distance,
//! empirical and, where the mean's exact distribution is known, exact).

use rand::{SeedableRng, rngs::ChaCha8Rng};

use super::distributions::Distribution;
use super::special::normal_cdf;

/// The running means `x̄_1, …, x̄_draws` of `paths` independent sequences of draws; path `i`
/// uses its own ChaCha8 stream (seed, stream `i`), so adding a path leaves the others as
/// they were. An invalid distribution gives empty paths.
pub fn running_means(
    distribution: &Distribution,
    draws: usize,
    paths: usize,
    seed: u64,
) -> Vec<Vec<f64>> {
    let mut samples = Vec::with_capacity(draws);
    (0..paths)
        .map(|path| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(path as u64);
            samples.clear();
            distribution.sample_into(&mut rng, draws, &mut samples);
            let mut sum = 0.0;
            samples
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    sum += x;
                    sum / (i + 1) as f64
                })
                .collect()
        })
        .collect()
}

/// The band `μ ± k·σ/√n` the running mean stays in about 68 % (k = 1) or 95 % (k = 2) of the
/// time once the CLT applies; `n ≥ 1`.
pub fn mean_band(mean: f64, std_dev: f64, n: usize, k: f64) -> (f64, f64) {
    let half_width = k * std_dev / (n.max(1) as f64).sqrt();
    (mean - half_width, mean + half_width)
}

/// The means of `experiments` independent samples of `sample_size` draws each (one ChaCha8
/// stream seeded with `seed`, stream number 1000 so it never coincides with a running-mean
/// path). Cost: `experiments × sample_size` draws, at most a million with the demo's ranges.
pub fn sample_means(
    distribution: &Distribution,
    sample_size: usize,
    experiments: usize,
    seed: u64,
) -> Vec<f64> {
    let mut run = SampleMeansRun::start(*distribution, sample_size, experiments, seed);
    run.generate(usize::MAX);
    run.means
}

/// [`sample_means`] computed in chunks, with the same result, so a million draws never block
/// the page.
#[derive(Debug)]
pub struct SampleMeansRun {
    distribution: Distribution,
    sample_size: usize,
    experiments: usize,
    rng: ChaCha8Rng,
    draws: Vec<f64>,
    /// The means so far, in the order they were drawn.
    pub means: Vec<f64>,
    /// Set when the distribution could not be sampled (invalid parameters).
    failed: bool,
}

impl SampleMeansRun {
    pub fn start(
        distribution: Distribution,
        sample_size: usize,
        experiments: usize,
        seed: u64,
    ) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(1000);
        Self {
            distribution,
            sample_size,
            experiments,
            rng,
            draws: Vec::with_capacity(sample_size),
            means: Vec::with_capacity(experiments),
            failed: sample_size == 0,
        }
    }

    pub fn is_complete(&self) -> bool {
        self.failed || self.means.len() >= self.experiments
    }

    /// The fraction of the experiments done.
    pub fn progress(&self) -> f64 {
        self.means.len() as f64 / self.experiments.max(1) as f64
    }

    /// Runs whole experiments until about `draw_budget` draws are spent (at least one).
    pub fn generate(&mut self, draw_budget: usize) {
        let experiments_now = (draw_budget / self.sample_size.max(1)).max(1);
        for _ in 0..experiments_now {
            if self.is_complete() {
                return;
            }
            self.draws.clear();
            self.distribution
                .sample_into(&mut self.rng, self.sample_size, &mut self.draws);
            if self.draws.len() != self.sample_size {
                self.failed = true;
                self.means.clear();
                return;
            }
            self.means
                .push(self.draws.iter().sum::<f64>() / self.sample_size as f64);
        }
    }
}

/// `sup_x |F_emp(x) − Φ((x − μ)/s)|` for sorted `values`: the Kolmogorov–Smirnov distance
/// between their empirical CDF and the normal N(μ, s²).
pub fn ks_distance_to_normal(sorted_values: &[f64], mean: f64, std_dev: f64) -> Option<f64> {
    ks_gap_to_normal(sorted_values, mean, std_dev).map(|gap| gap.distance)
}

/// Where the empirical CDF and the normal CDF are furthest apart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KsGap {
    /// The Kolmogorov–Smirnov distance.
    pub distance: f64,
    /// The x where it is attained (a data point).
    pub at: f64,
    /// The empirical CDF's value there on the side of the gap (just before or after its jump).
    pub empirical: f64,
    /// The normal CDF there.
    pub normal: f64,
}

/// The largest gap of [`ks_distance_to_normal`] and where it is. The supremum is attained at a
/// data point, just before or after the empirical CDF's jump there; ties are one jump.
pub fn ks_gap_to_normal(sorted_values: &[f64], mean: f64, std_dev: f64) -> Option<KsGap> {
    let count = sorted_values.len();
    if count == 0 || std_dev.is_nan() || std_dev <= 0.0 {
        return None;
    }
    let mut best: Option<KsGap> = None;
    let mut index = 0;
    while index < count {
        let value = sorted_values[index];
        let mut end = index;
        while end < count && sorted_values[end] == value {
            end += 1;
        }
        let normal = normal_cdf(value, mean, std_dev);
        for empirical in [index as f64 / count as f64, end as f64 / count as f64] {
            let distance = (empirical - normal).abs();
            if best.is_none_or(|gap| distance > gap.distance) {
                best = Some(KsGap {
                    distance,
                    at: value,
                    empirical,
                    normal,
                });
            }
        }
        index = end;
    }
    best
}

/// The skewness of the mean of `n` independent draws, `γ/√n`: the third cumulant scales as
/// `n κ₃` and the standard deviation as `√n σ`, so the skewness of the sum (and the mean) is
/// `n κ₃ / (n σ²)^{3/2} = γ/√n`.
pub fn skewness_of_mean(skewness: f64, n: usize) -> f64 {
    skewness / (n.max(1) as f64).sqrt()
}

/// Sample mean, standard deviation (n − 1 denominator) and skewness (the moment estimator
/// `m₃ / m₂^{3/2}`); None below 3 values or with zero spread.
pub fn sample_moments(values: &[f64]) -> Option<(f64, f64, f64)> {
    let count = values.len();
    if count < 3 {
        return None;
    }
    let n = count as f64;
    let mean = values.iter().sum::<f64>() / n;
    let (m2, m3) = values.iter().fold((0.0, 0.0), |(m2, m3), x| {
        let d = x - mean;
        (m2 + d * d, m3 + d * d * d)
    });
    let (m2, m3) = (m2 / n, m3 / n);
    if m2.is_nan() || m2 <= 0.0 {
        return None;
    }
    Some((mean, (m2 * n / (n - 1.0)).sqrt(), m3 / m2.powf(1.5)))
}

/// Where the mean of `n` draws has a closed-form distribution in the family: the mean is
/// `sum / n` with the sum's distribution returned here (sums of normals are normal, of
/// exponentials and gammas with one rate gamma, of χ² χ², of Poissons Poisson, of Bernoullis
/// and binomials with one p binomial). None for the other families (uniform: Irwin–Hall;
/// geometric: negative binomial; beta, Student t: no closed form in the family).
pub fn exact_sum_distribution(distribution: &Distribution, n: usize) -> Option<Distribution> {
    let count = n.max(1) as f64;
    Some(match *distribution {
        Distribution::Normal { mean, std_dev } => Distribution::Normal {
            mean: count * mean,
            std_dev: count.sqrt() * std_dev,
        },
        Distribution::Exponential { rate } => Distribution::Gamma { shape: count, rate },
        Distribution::Gamma { shape, rate } => Distribution::Gamma {
            shape: count * shape,
            rate,
        },
        Distribution::ChiSquared { dof } => Distribution::ChiSquared { dof: count * dof },
        Distribution::Poisson { rate } => Distribution::Poisson { rate: count * rate },
        Distribution::Bernoulli { p } => Distribution::Binomial {
            trials: n.max(1) as u64,
            p,
        },
        Distribution::Binomial { trials, p } => Distribution::Binomial {
            trials: trials.saturating_mul(n.max(1) as u64),
            p,
        },
        _ => return None,
    })
}

/// The exact Kolmogorov–Smirnov distance `sup_x |P(x̄_n ≤ x) − Φ((x − μ)/(σ/√n))|` where the
/// mean's distribution is known ([`exact_sum_distribution`]). For lattice sums the supremum
/// is over both sides of each atom; for continuous ones over a grid of 4,001 points across
/// μ ± 10 σ/√n (fine enough for three significant digits of these smooth CDFs).
pub fn exact_ks_distance(distribution: &Distribution, n: usize) -> Option<f64> {
    let sum = exact_sum_distribution(distribution, n)?;
    let (mean, std_dev) = (distribution.mean()?, distribution.std_dev()?);
    if std_dev.is_nan() || std_dev <= 0.0 {
        return None;
    }
    let count = n.max(1) as f64;
    let (sum_mean, sum_sd) = (count * mean, count.sqrt() * std_dev);
    let mut distance: f64 = 0.0;
    if sum.is_discrete() {
        // Atoms k of the sum, from far below to far above its mean (both bounded by the
        // control ranges: at most a few thousand).
        let low = (sum_mean - 12.0 * sum_sd).floor().max(0.0) as u64;
        let high = (sum_mean + 12.0 * sum_sd).ceil().max(0.0) as u64;
        for k in low..=high {
            let x = k as f64;
            let below = if k == 0 { 0.0 } else { sum.cdf(x - 1.0) };
            let at = sum.cdf(x);
            let normal = normal_cdf(x, sum_mean, sum_sd);
            distance = distance
                .max((normal - below).abs())
                .max((at - normal).abs());
        }
    } else {
        for i in 0..=4000 {
            let x = sum_mean + sum_sd * (-10.0 + 20.0 * i as f64 / 4000.0);
            distance = distance.max((sum.cdf(x) - normal_cdf(x, sum_mean, sum_sd)).abs());
        }
    }
    distance.is_finite().then_some(distance)
}

/// A histogram: `counts[i]` values fell in `[start + i·width, start + (i+1)·width)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub start: f64,
    pub width: f64,
    pub counts: Vec<u64>,
    /// Values outside the bins (not drawn).
    pub outside: u64,
}

impl Histogram {
    /// Counts `values` into `bins` equal bins from `start` of width `width`.
    pub fn new(values: &[f64], start: f64, width: f64, bins: usize) -> Self {
        let mut counts = vec![0u64; bins];
        let mut outside = 0;
        for &value in values {
            let position = (value - start) / width;
            if position >= 0.0 && position < bins as f64 {
                counts[position as usize] += 1;
            } else {
                outside += 1;
            }
        }
        Self {
            start,
            width,
            counts,
            outside,
        }
    }

    /// Bin `i`'s height as a density (count / (total · width)), comparable with a pdf.
    pub fn density(&self, bin: usize, total: usize) -> f64 {
        let count = self.counts.get(bin).copied().unwrap_or(0);
        count as f64 / (total.max(1) as f64 * self.width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_is_mu_plus_minus_k_sigma_over_root_n() {
        assert_eq!(mean_band(1.0, 2.0, 100, 1.0), (0.8, 1.2));
        assert_eq!(mean_band(0.0, 3.0, 9, 2.0), (-2.0, 2.0));
        assert_eq!(
            mean_band(5.0, 1.0, 0, 1.0),
            (4.0, 6.0),
            "n = 0 is treated as 1"
        );
    }

    #[test]
    fn the_running_mean_converges() {
        // Exponential(1): μ = σ = 1. After 10,000 draws the running mean's standard error is
        // 0.01, so each of 20 seeded paths is within 4σ/√n = 0.04 of 1 (a fair path misses
        // with probability 6e-5); the fixed seed makes the outcome deterministic.
        let exponential = Distribution::Exponential { rate: 1.0 };
        let paths = running_means(&exponential, 10_000, 20, 3);
        assert_eq!(paths.len(), 20);
        for path in &paths {
            assert_eq!(path.len(), 10_000);
            assert!((path[9_999] - 1.0).abs() < 0.04, "{}", path[9_999]);
        }
        // Different paths are different streams; the same seed repeats them bit for bit.
        assert_ne!(paths[0][0], paths[1][0]);
        assert_eq!(running_means(&exponential, 10_000, 2, 3)[1], paths[1]);
        // Bernoulli(0.05) after 10,000 draws: σ/√n = √(0.0475)/100 = 0.00218; within 4 of them.
        let bernoulli = Distribution::Bernoulli { p: 0.05 };
        for path in running_means(&bernoulli, 10_000, 5, 1) {
            assert!((path[9_999] - 0.05).abs() < 4.0 * 0.00218);
        }
    }

    #[test]
    fn ks_distance_of_known_samples() {
        // One value at the mean: the empirical CDF jumps from 0 to 1 where Φ = 1/2.
        assert_eq!(ks_distance_to_normal(&[0.0], 0.0, 1.0), Some(0.5));
        // Ties are one jump: two values at 0 still give 1/2.
        assert_eq!(ks_distance_to_normal(&[0.0, 0.0], 0.0, 1.0), Some(0.5));
        // Values at the normal's quartiles ±0.6744897501960817 (Φ⁻¹(0.75), from python3
        // statistics.NormalDist().inv_cdf(0.75)): F jumps 0 → ½ → 1 where Φ = ¼ and ¾: ¼.
        let q = 0.6744897501960817;
        let distance = ks_distance_to_normal(&[-q, q], 0.0, 1.0).unwrap();
        assert!((distance - 0.25).abs() < 1e-12, "{distance}");
        // Attained first at the lower quartile (Φ = ¼; F is 0 before the jump, ½ after).
        let gap = ks_gap_to_normal(&[-q, q], 0.0, 1.0).unwrap();
        assert_eq!(gap.at, -q);
        assert!((gap.normal - 0.25).abs() < 1e-12);
        assert_eq!((gap.empirical - gap.normal).abs(), gap.distance);
        assert_eq!(ks_distance_to_normal(&[], 0.0, 1.0), None);
        assert_eq!(ks_distance_to_normal(&[1.0], 0.0, 0.0), None);
    }

    #[test]
    fn the_clt_distance_shrinks_with_n_for_the_exponential() {
        let exponential = Distribution::Exponential { rate: 1.0 };
        // Exact: the mean of n Exp(1) is Gamma(n, n); its KS distance to the normal falls
        // roughly like γ/√n = 2/√n (Berry–Esseen): strictly decreasing over these n.
        let exact: Vec<f64> = [1, 2, 5, 10, 30, 100]
            .iter()
            .map(|&n| exact_ks_distance(&exponential, n).unwrap())
            .collect();
        assert!(exact.windows(2).all(|w| w[1] < w[0]), "{exact:?}");
        // n = 1: sup |F(x) − Φ(x − 1)| is at x = 0, where F = 0 and Φ(−1) = 0.15865525393145707
        // (python3: max over a 10⁵-point grid of abs(1-math.exp(-x) - NormalDist(1,1).cdf(x))
        // on [0, 3] gives the same number, at x = 0).
        assert!(
            (exact[0] - 0.15865525393145707).abs() < 1e-12,
            "{}",
            exact[0]
        );
        // n = 100: the Edgeworth term γ/(6√n)·max|(1 − z²)φ(z)| = 0.2/6·0.399 = 0.0133.
        assert!(exact[5] < 0.016, "{}", exact[5]);
        // Empirical, from 10,000 seeded experiments: the KS statistic's own sampling noise is
        // below 1.36/√10,000 ≈ 0.014 in 95 % of runs, far below the gap between n = 1 (0.159)
        // and n = 100 (0.013).
        let distances: Vec<f64> = [1, 10, 100]
            .iter()
            .map(|&n| {
                let mut means = sample_means(&exponential, n, 10_000, 5);
                means.sort_by(f64::total_cmp);
                ks_distance_to_normal(&means, 1.0, 1.0 / (n as f64).sqrt()).unwrap()
            })
            .collect();
        assert!(
            distances[0] > 0.13 && distances[1] < 0.07 && distances[2] < 0.035,
            "{distances:?}"
        );
        assert!(distances.windows(2).all(|w| w[1] < w[0]), "{distances:?}");
    }

    #[test]
    fn exact_ks_for_lattice_and_normal_sources() {
        // Normal sources: the mean is exactly normal, distance 0 up to rounding.
        let normal = Distribution::Normal {
            mean: 2.0,
            std_dev: 3.0,
        };
        assert!(exact_ks_distance(&normal, 7).unwrap() < 1e-12);
        // Bernoulli(1/2), n = 1: F jumps 0 → ½ at 0 and ½ → 1 at 1, Φ((x − ½)/½) there is
        // Φ(∓1) = 0.1587 / 0.8413; the largest gap is ½ − 0.1587 = 0.3413.
        let coin = Distribution::Bernoulli { p: 0.5 };
        let distance = exact_ks_distance(&coin, 1).unwrap();
        assert!((distance - 0.341344746068543).abs() < 1e-12, "{distance}");
        // Skewed Bernoulli(0.05): still far from normal at n = 10, closer at n = 100.
        let rare = Distribution::Bernoulli { p: 0.05 };
        let (ten, hundred) = (
            exact_ks_distance(&rare, 10).unwrap(),
            exact_ks_distance(&rare, 100).unwrap(),
        );
        assert!(hundred < ten, "{ten} {hundred}");
        assert_eq!(
            exact_ks_distance(
                &Distribution::Uniform {
                    low: 0.0,
                    high: 1.0
                },
                3
            ),
            None
        );
    }

    #[test]
    fn sample_means_have_the_clt_spread() {
        // Uniform(0, 1): μ = ½, σ² = 1/12; the mean of 12 draws has sd √(1/144) = 1/12.
        let uniform = Distribution::Uniform {
            low: 0.0,
            high: 1.0,
        };
        let means = sample_means(&uniform, 12, 10_000, 9);
        // In chunks, the same means.
        let mut chunked = SampleMeansRun::start(uniform, 12, 10_000, 9);
        while !chunked.is_complete() {
            chunked.generate(1_000);
        }
        assert_eq!(chunked.means, means);
        let (mean, sd, skew) = sample_moments(&means).unwrap();
        // Standard errors: of the mean 0.00083, of the sd about 0.0006, of the skewness
        // √(6/10,000) = 0.024; the bounds are about 4 of them.
        assert!((mean - 0.5).abs() < 0.0035, "{mean}");
        assert!((sd - 1.0 / 12.0).abs() < 0.0025, "{sd}");
        assert!(skew.abs() < 0.1, "{skew}");
        assert_eq!(skewness_of_mean(2.0, 4), 1.0);
    }

    #[test]
    fn histogram_counts_and_densities() {
        let histogram = Histogram::new(&[0.1, 0.2, 0.6, 1.5, -0.1], 0.0, 0.5, 2);
        assert_eq!(histogram.counts, vec![2, 1]);
        assert_eq!(histogram.outside, 2);
        assert_eq!(histogram.density(0, 5), 2.0 / (5.0 * 0.5));
    }
}
