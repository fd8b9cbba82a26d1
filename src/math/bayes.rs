//! Bayes' theorem twice: a diagnostic test (prevalence, sensitivity, specificity → the
//! probability of the disease given the result, and the natural frequencies among 1,000
//! people), and learning a coin's bias with a conjugate Beta prior (posterior Beta(α + h,
//! β + t), its mean, mode and equal-tailed credible interval via statrs' inverse regularized
//! incomplete beta), with seeded coin flips from rand_distr's Bernoulli.

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::Bernoulli;
use statrs::distribution::{Beta, Continuous, ContinuousCDF};

/// A test for a condition: how common it is and how good the test is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiagnosticTest {
    /// P(disease), the prior.
    pub prevalence: f64,
    /// P(positive | disease), the true-positive rate.
    pub sensitivity: f64,
    /// P(negative | healthy), the true-negative rate.
    pub specificity: f64,
}

impl DiagnosticTest {
    /// P(positive) = sens·p + (1 − spec)(1 − p), the law of total probability.
    pub fn probability_positive(&self) -> f64 {
        self.sensitivity * self.prevalence + (1.0 - self.specificity) * (1.0 - self.prevalence)
    }

    /// P(disease | positive) = sens·p / P(positive); None when nobody tests positive.
    pub fn disease_given_positive(&self) -> Option<f64> {
        let evidence = self.probability_positive();
        (evidence > 0.0).then(|| self.sensitivity * self.prevalence / evidence)
    }

    /// P(disease | negative) = (1 − sens)·p / P(negative); None when nobody tests negative.
    pub fn disease_given_negative(&self) -> Option<f64> {
        let evidence = 1.0 - self.probability_positive();
        let missed = (1.0 - self.sensitivity) * self.prevalence;
        // 1 − P(positive) can round to a tiny positive number when it is exactly 0.
        let negative = missed + self.specificity * (1.0 - self.prevalence);
        (negative > 0.0 && evidence > 0.0).then(|| missed / negative)
    }

    /// The expected counts among `population` people, rounded to whole people so that they
    /// add up: the sick are round(N·p), of them round(sick·sens) test positive; of the
    /// healthy, round(healthy·(1 − spec)) test positive.
    pub fn natural_frequencies(&self, population: u32) -> NaturalFrequencies {
        let sick = (population as f64 * self.prevalence)
            .round()
            .min(population as f64) as u32;
        let healthy = population - sick;
        let true_positives = (sick as f64 * self.sensitivity).round().min(sick as f64) as u32;
        let false_positives = (healthy as f64 * (1.0 - self.specificity))
            .round()
            .min(healthy as f64) as u32;
        NaturalFrequencies {
            true_positives,
            false_negatives: sick - true_positives,
            false_positives,
            true_negatives: healthy - false_positives,
        }
    }
}

/// Whole people in each cell of the 2 × 2 table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NaturalFrequencies {
    pub true_positives: u32,
    pub false_negatives: u32,
    pub false_positives: u32,
    pub true_negatives: u32,
}

impl NaturalFrequencies {
    pub fn total(&self) -> u32 {
        self.true_positives + self.false_negatives + self.false_positives + self.true_negatives
    }

    /// TP / (TP + FP): Bayes' answer read off the counts (None when nobody is positive).
    pub fn share_sick_among_positives(&self) -> Option<f64> {
        let positives = self.true_positives + self.false_positives;
        (positives > 0).then(|| self.true_positives as f64 / positives as f64)
    }
}

/// Where a Beta density peaks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BetaMode {
    /// α, β > 1: (α − 1)/(α + β − 2).
    Interior(f64),
    /// α ≤ 1 < β, or α < 1 = β: the density is largest at 0 (unbounded when α < 1).
    AtZero,
    /// The mirror case: largest at 1.
    AtOne,
    /// α, β < 1: U-shaped, unbounded at both ends.
    BothEnds,
    /// α = β = 1: the uniform density, every p is a mode.
    Flat,
}

/// A Beta(α, β) belief about a probability p.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BetaBelief {
    pub alpha: f64,
    pub beta: f64,
}

impl BetaBelief {
    /// The conjugate update: a Beta(α, β) prior and h heads, t tails give Beta(α + h, β + t).
    pub fn updated(&self, heads: u64, tails: u64) -> BetaBelief {
        BetaBelief {
            alpha: self.alpha + heads as f64,
            beta: self.beta + tails as f64,
        }
    }

    /// α / (α + β).
    pub fn mean(&self) -> f64 {
        self.alpha / (self.alpha + self.beta)
    }

    /// αβ / ((α + β)²(α + β + 1)).
    pub fn variance(&self) -> f64 {
        let total = self.alpha + self.beta;
        self.alpha * self.beta / (total * total * (total + 1.0))
    }

    pub fn mode(&self) -> BetaMode {
        let (a, b) = (self.alpha, self.beta);
        if a > 1.0 && b > 1.0 {
            BetaMode::Interior((a - 1.0) / (a + b - 2.0))
        } else if a == 1.0 && b == 1.0 {
            BetaMode::Flat
        } else if a < 1.0 && b < 1.0 {
            BetaMode::BothEnds
        } else if a <= 1.0 && b >= 1.0 {
            BetaMode::AtZero
        } else {
            BetaMode::AtOne
        }
    }

    fn distribution(&self) -> Option<Beta> {
        Beta::new(self.alpha, self.beta).ok()
    }

    /// The density at p (infinite at an end where it is unbounded; 0 outside [0, 1]).
    pub fn density(&self, p: f64) -> f64 {
        self.distribution().map_or(0.0, |d| d.pdf(p))
    }

    /// The q-quantile (statrs' inverse regularized incomplete beta), or None for invalid
    /// parameters or q outside [0, 1].
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if !(0.0..=1.0).contains(&q) {
            return None;
        }
        let value = self.distribution()?.inverse_cdf(q);
        value.is_finite().then_some(value)
    }

    /// The equal-tailed credible interval holding `level` of the belief: the (1 − level)/2
    /// and (1 + level)/2 quantiles.
    pub fn credible_interval(&self, level: f64) -> Option<(f64, f64)> {
        let tail = (1.0 - level) / 2.0;
        Some((self.quantile(tail)?, self.quantile(1.0 - tail)?))
    }

    /// P(p ≤ x) under the belief.
    pub fn cdf(&self, x: f64) -> f64 {
        self.distribution().map_or(0.0, |d| d.cdf(x))
    }
}

/// `count` flips of a coin with P(heads) = `p_heads` (true = heads), from ChaCha8 seeded by
/// `seed`: flip i is the same whatever `count` is, so more flips extend the sequence.
pub fn flip_coins(p_heads: f64, count: usize, seed: u64) -> Vec<bool> {
    let Ok(coin) = Bernoulli::new(p_heads.clamp(0.0, 1.0)) else {
        return vec![false; count];
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count).map(|_| rng.sample(coin)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn rare_disease_and_a_good_test_give_a_low_posterior() {
        // Prevalence 1 %, sensitivity 90 %, specificity 91 %:
        // P(D | +) = 0.9·0.01 / (0.9·0.01 + 0.09·0.99) = 0.009 / 0.0981 = 10/109
        // (python3: 0.09174311926605509).
        let test = DiagnosticTest {
            prevalence: 0.01,
            sensitivity: 0.9,
            specificity: 0.91,
        };
        assert!(close(test.probability_positive(), 0.0981, 1e-15));
        assert!(close(
            test.disease_given_positive().unwrap(),
            10.0 / 109.0,
            1e-15
        ));
        // P(D | −) = 0.1·0.01 / (0.1·0.01 + 0.91·0.99) = 0.001 / 0.9019
        // (python3: 0.0011087703736556156).
        assert!(close(
            test.disease_given_negative().unwrap(),
            0.001_108_770_373_655_615_6,
            1e-15
        ));
        // Among 1,000 people: 10 sick (9 positive, 1 missed), 990 healthy of whom
        // 0.09·990 = 89.1 → 89 test positive; 9 / 98 = 0.0918 ≈ 10/109.
        let counts = test.natural_frequencies(1000);
        assert_eq!(
            counts,
            NaturalFrequencies {
                true_positives: 9,
                false_negatives: 1,
                false_positives: 89,
                true_negatives: 901,
            }
        );
        assert_eq!(counts.total(), 1000);
        assert!(close(
            counts.share_sick_among_positives().unwrap(),
            9.0 / 98.0,
            1e-15
        ));
    }

    #[test]
    fn perfect_and_useless_tests() {
        // A perfect test knows; a test with sens = 1 − spec says nothing (posterior = prior).
        let perfect = DiagnosticTest {
            prevalence: 0.2,
            sensitivity: 1.0,
            specificity: 1.0,
        };
        assert_eq!(perfect.disease_given_positive(), Some(1.0));
        assert_eq!(perfect.disease_given_negative(), Some(0.0));
        let useless = DiagnosticTest {
            prevalence: 0.3,
            sensitivity: 0.6,
            specificity: 0.4,
        };
        assert!(close(useless.disease_given_positive().unwrap(), 0.3, 1e-15));
        assert!(close(useless.disease_given_negative().unwrap(), 0.3, 1e-15));
        // Nobody sick and a perfectly specific test: nobody tests positive, P(D | +) = 0/0.
        let nobody = DiagnosticTest {
            prevalence: 0.0,
            sensitivity: 0.9,
            specificity: 1.0,
        };
        assert_eq!(nobody.disease_given_positive(), None);
        assert_eq!(
            nobody
                .natural_frequencies(1000)
                .share_sick_among_positives(),
            None
        );
        // Everybody sick and a perfectly sensitive test: nobody tests negative.
        let everybody = DiagnosticTest {
            prevalence: 1.0,
            sensitivity: 1.0,
            specificity: 0.5,
        };
        assert_eq!(everybody.disease_given_negative(), None);
    }

    #[test]
    fn beta_posterior_moments_and_modes() {
        // Uniform prior, 7 heads and 3 tails: Beta(8, 4), mean 8/12, mode 7/10,
        // variance 32 / (144·13).
        let posterior = BetaBelief {
            alpha: 1.0,
            beta: 1.0,
        }
        .updated(7, 3);
        assert_eq!((posterior.alpha, posterior.beta), (8.0, 4.0));
        assert!(close(posterior.mean(), 8.0 / 12.0, 1e-15));
        assert_eq!(posterior.mode(), BetaMode::Interior(0.7));
        assert!(close(posterior.variance(), 32.0 / (144.0 * 13.0), 1e-15));
        let mode = |alpha, beta| BetaBelief { alpha, beta }.mode();
        assert_eq!(mode(1.0, 1.0), BetaMode::Flat);
        assert_eq!(mode(0.5, 0.5), BetaMode::BothEnds);
        assert_eq!(mode(1.0, 3.0), BetaMode::AtZero);
        assert_eq!(mode(0.5, 1.0), BetaMode::AtZero);
        assert_eq!(mode(3.0, 1.0), BetaMode::AtOne);
        assert_eq!(mode(2.0, 0.5), BetaMode::AtOne);
        // Beta(2, 2) has density 6p(1 − p): 1.5 at 1/2.
        assert!(close(
            BetaBelief {
                alpha: 2.0,
                beta: 2.0
            }
            .density(0.5),
            1.5,
            1e-12
        ));
    }

    #[test]
    fn credible_intervals_match_closed_forms_and_an_independent_computation() {
        // Beta(1, b) has CDF 1 − (1 − x)^b, so its q-quantile is 1 − (1 − q)^(1/b).
        let one_b = BetaBelief {
            alpha: 1.0,
            beta: 5.0,
        };
        let (low, high) = one_b.credible_interval(0.95).unwrap();
        assert!(close(low, 1.0 - 0.975_f64.powf(0.2), 1e-12));
        assert!(close(high, 1.0 - 0.025_f64.powf(0.2), 1e-12));
        // References from mpmath 1.3.0 at 40 digits, bisecting betainc(a, b, 0, x,
        // regularized=True) = q:
        // Beta(3, 9): 0.060217734172906638, 0.51775585236017271
        // Beta(2.5, 7.5): 0.049301922976594025, 0.54382443311934756
        // Beta(13, 9): 0.38435439037864588, 0.78180314311486981
        for (alpha, beta, expected) in [
            (
                3.0,
                9.0,
                (0.060_217_734_172_906_64, 0.517_755_852_360_172_7),
            ),
            (
                2.5,
                7.5,
                (0.049_301_922_976_594_03, 0.543_824_433_119_347_6),
            ),
            (
                13.0,
                9.0,
                (0.384_354_390_378_645_9, 0.781_803_143_114_869_8),
            ),
        ] {
            let (low, high) = BetaBelief { alpha, beta }.credible_interval(0.95).unwrap();
            assert!(close(low, expected.0, 1e-9), "{alpha}, {beta}: {low}");
            assert!(close(high, expected.1, 1e-9), "{alpha}, {beta}: {high}");
        }
        assert_eq!(one_b.quantile(1.5), None);
    }

    #[test]
    fn coin_flips_are_reproducible_prefix_stable_and_fair_on_average() {
        let flips = flip_coins(0.7, 5000, 11);
        assert_eq!(flips[..100], flip_coins(0.7, 100, 11)[..]);
        assert_ne!(flips, flip_coins(0.7, 5000, 12));
        // 5000 flips of p = 0.7: the share of heads has standard error √(0.21/5000) = 0.0065,
        // so ±0.03 is a 4.6σ band (a correct sampler fails it with probability < 1e-5).
        let share = flips.iter().filter(|h| **h).count() as f64 / 5000.0;
        assert!(close(share, 0.7, 0.03), "{share}");
        assert!(flip_coins(1.0, 10, 1).iter().all(|h| *h));
        assert!(flip_coins(0.0, 10, 1).iter().all(|h| !*h));
    }
}
