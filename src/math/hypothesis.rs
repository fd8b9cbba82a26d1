//! Two-sample t-tests for the hypothesis-testing demo: Student's (pooled variance, what
//! `scipy.stats.ttest_ind` does by default) and Welch's (unequal variances, Welch–Satterthwaite
//! degrees of freedom), two-sided p-values from the t distribution (statrs), the theoretical
//! power through the noncentral t distribution, and seeded repeated experiments.

use rand::{SeedableRng, rngs::ChaCha8Rng};
use rand_distr::{Distribution, Normal};
use statrs::distribution::{ContinuousCDF, StudentsT};
use statrs::function::beta::beta_reg;
use statrs::function::gamma::ln_gamma;

use super::special::standard_normal_cdf;

/// Which two-sample t-test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestKind {
    /// Pooled variance, n₁ + n₂ − 2 degrees of freedom; assumes σ₁ = σ₂.
    Student,
    /// Each group's own variance, Welch–Satterthwaite degrees of freedom.
    Welch,
}

/// n, mean and sample variance (divisor n − 1) of one group.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GroupSummary {
    pub count: usize,
    pub mean: f64,
    /// The unbiased sample variance s² (0 for fewer than 2 values).
    pub variance: f64,
}

impl GroupSummary {
    pub fn of(values: &[f64]) -> Self {
        let count = values.len();
        if count == 0 {
            return Self {
                count,
                mean: 0.0,
                variance: 0.0,
            };
        }
        let mean = values.iter().sum::<f64>() / count as f64;
        let variance = if count < 2 {
            0.0
        } else {
            values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (count - 1) as f64
        };
        Self {
            count,
            mean,
            variance,
        }
    }
}

/// The result of a two-sample t-test of H₀: μ₁ = μ₂ against μ₁ ≠ μ₂.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TTest {
    /// t = (x̄₁ − x̄₂)/SE (the sign convention of `scipy.stats.ttest_ind(sample1, sample2)`).
    pub t: f64,
    pub degrees_of_freedom: f64,
    /// The standard error of x̄₁ − x̄₂ the test uses.
    pub standard_error: f64,
    /// P(|T| ≥ |t|) under H₀.
    pub p_value: f64,
}

/// Welch–Satterthwaite: ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)).
pub fn welch_degrees_of_freedom(
    variance1: f64,
    count1: usize,
    variance2: f64,
    count2: usize,
) -> f64 {
    let (a, b) = (variance1 / count1 as f64, variance2 / count2 as f64);
    (a + b).powi(2) / (a * a / (count1 as f64 - 1.0) + b * b / (count2 as f64 - 1.0))
}

/// The two-sided p-value P(|T| ≥ |t|) for T ∼ t_ν: I_{ν/(ν+t²)}(ν/2, 1/2), the regularized
/// incomplete beta function (exactly what statrs' t CDF evaluates, without the 1 − x step
/// that would lose tiny p-values).
pub fn two_sided_p_value(t: f64, degrees_of_freedom: f64) -> f64 {
    let nu = degrees_of_freedom;
    beta_reg(nu / 2.0, 0.5, nu / (nu + t * t)).clamp(0.0, 1.0)
}

/// The critical value t_{1−α/2, ν}: |t| above it rejects H₀ at level α.
pub fn critical_t(alpha: f64, degrees_of_freedom: f64) -> Option<f64> {
    let distribution = StudentsT::new(0.0, 1.0, degrees_of_freedom).ok()?;
    let value = distribution.inverse_cdf(1.0 - alpha / 2.0);
    value.is_finite().then_some(value)
}

/// The t_ν density, for drawing.
pub fn t_density(x: f64, degrees_of_freedom: f64) -> f64 {
    let nu = degrees_of_freedom;
    let log_norm =
        ln_gamma((nu + 1.0) / 2.0) - ln_gamma(nu / 2.0) - 0.5 * (nu * std::f64::consts::PI).ln();
    (log_norm - (nu + 1.0) / 2.0 * (x * x / nu).ln_1p()).exp()
}

/// Runs a two-sample t-test; None when it is undefined (a group with fewer than 2 values, or
/// no spread at all, so SE = 0).
pub fn t_test(sample1: &[f64], sample2: &[f64], kind: TestKind) -> Option<TTest> {
    let (g1, g2) = (GroupSummary::of(sample1), GroupSummary::of(sample2));
    t_test_from_summaries(g1, g2, kind)
}

pub fn t_test_from_summaries(g1: GroupSummary, g2: GroupSummary, kind: TestKind) -> Option<TTest> {
    if g1.count < 2 || g2.count < 2 {
        return None;
    }
    let (n1, n2) = (g1.count as f64, g2.count as f64);
    let (standard_error, degrees_of_freedom) = match kind {
        TestKind::Student => {
            let pooled = ((n1 - 1.0) * g1.variance + (n2 - 1.0) * g2.variance) / (n1 + n2 - 2.0);
            ((pooled * (1.0 / n1 + 1.0 / n2)).sqrt(), n1 + n2 - 2.0)
        }
        TestKind::Welch => (
            (g1.variance / n1 + g2.variance / n2).sqrt(),
            welch_degrees_of_freedom(g1.variance, g1.count, g2.variance, g2.count),
        ),
    };
    if !(standard_error > 0.0 && standard_error.is_finite() && degrees_of_freedom > 0.0) {
        return None;
    }
    let t = (g1.mean - g2.mean) / standard_error;
    Some(TTest {
        t,
        degrees_of_freedom,
        standard_error,
        p_value: two_sided_p_value(t, degrees_of_freedom),
    })
}

/// P(T ≤ t) for the noncentral t distribution with ν degrees of freedom and noncentrality δ,
/// T = (Z + δ)/√(V/ν) with Z ∼ N(0, 1) and V ∼ χ²_ν independent.
///
/// statrs has no noncentral t, so this conditions on s = √(V/ν):
/// P(T ≤ t) = ∫₀^∞ Φ(t·s − δ) f_s(s) ds, with f_s(s) = 2νs·f_{χ²_ν}(νs²), integrated by
/// composite Simpson's rule. The integrand is smooth and bounded for ν ≥ 1; the range covers
/// χ²_ν up to far beyond its 1 − 10⁻¹⁵ quantile. Accurate to about 1e-9 for ν ≥ 1.
pub fn noncentral_t_cdf(t: f64, degrees_of_freedom: f64, noncentrality: f64) -> f64 {
    let nu = degrees_of_freedom;
    if nu.is_nan() || nu <= 0.0 || !t.is_finite() || !noncentrality.is_finite() {
        return f64::NAN;
    }
    let log_chi_norm = -(nu / 2.0) * 2f64.ln() - ln_gamma(nu / 2.0);
    let density_of_s = |s: f64| -> f64 {
        if s <= 0.0 {
            // f_s(0) is √(2/π) for ν = 1 and 0 for ν > 1 (and the ν < 1 limit is not used).
            return if (nu - 1.0).abs() < 1e-12 {
                (2.0 / std::f64::consts::PI).sqrt()
            } else {
                0.0
            };
        }
        let v = nu * s * s;
        let log_chi = log_chi_norm + (nu / 2.0 - 1.0) * v.ln() - v / 2.0;
        (2f64.ln() + nu.ln() + s.ln() + log_chi).exp()
    };
    let upper_v = nu + 40.0 * (2.0 * nu).sqrt() + 80.0;
    let upper = (upper_v / nu).sqrt();
    let intervals = 4000;
    let h = upper / intervals as f64;
    let integrand = |s: f64| standard_normal_cdf(t * s - noncentrality) * density_of_s(s);
    let inner: f64 = (1..intervals)
        .map(|i| integrand(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
        .sum();
    ((integrand(0.0) + integrand(upper) + inner) * h / 3.0).clamp(0.0, 1.0)
}

/// The power of a two-sided level-α t-test whose statistic follows a noncentral t with ν
/// degrees of freedom and noncentrality δ: P(|T| > t_crit).
pub fn two_sided_power(alpha: f64, degrees_of_freedom: f64, noncentrality: f64) -> Option<f64> {
    let critical = critical_t(alpha, degrees_of_freedom)?;
    let below = noncentral_t_cdf(-critical, degrees_of_freedom, noncentrality);
    let above = 1.0 - noncentral_t_cdf(critical, degrees_of_freedom, noncentrality);
    let power = below + above;
    power.is_finite().then(|| power.clamp(0.0, 1.0))
}

/// The population setting of the experiment: two normal groups.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Design {
    pub mean1: f64,
    pub std_dev1: f64,
    pub count1: usize,
    pub mean2: f64,
    pub std_dev2: f64,
    pub count2: usize,
}

impl Design {
    /// The theoretical power of `kind` at level α. Student's is exact when σ₁ = σ₂
    /// (δ = (μ₁ − μ₂)/(σ√(1/n₁ + 1/n₂)), ν = n₁ + n₂ − 2); Welch's uses the usual
    /// approximation: δ = (μ₁ − μ₂)/√(σ₁²/n₁ + σ₂²/n₂) with ν from Welch–Satterthwaite applied
    /// to the true variances. Student's with σ₁ ≠ σ₂ is None: its statistic is then not a
    /// noncentral t (its pooled variance estimates the wrong thing), so there is no such formula.
    pub fn power(&self, kind: TestKind, alpha: f64) -> Option<f64> {
        if kind == TestKind::Student && self.std_dev1 != self.std_dev2 {
            return None;
        }
        let (n1, n2) = (self.count1 as f64, self.count2 as f64);
        let (v1, v2) = (self.std_dev1.powi(2), self.std_dev2.powi(2));
        let difference = self.mean1 - self.mean2;
        let (noncentrality, nu) = match kind {
            TestKind::Student => {
                let pooled = ((n1 - 1.0) * v1 + (n2 - 1.0) * v2) / (n1 + n2 - 2.0);
                (
                    difference / (pooled * (1.0 / n1 + 1.0 / n2)).sqrt(),
                    n1 + n2 - 2.0,
                )
            }
            TestKind::Welch => (
                difference / (v1 / n1 + v2 / n2).sqrt(),
                welch_degrees_of_freedom(v1, self.count1, v2, self.count2),
            ),
        };
        two_sided_power(alpha, nu, noncentrality)
    }

    /// Draws one experiment's two samples (group 1 first, then group 2) from `rng`.
    pub fn draw(&self, rng: &mut ChaCha8Rng) -> (Vec<f64>, Vec<f64>) {
        let group = |rng: &mut ChaCha8Rng, mean: f64, std_dev: f64, count: usize| match Normal::new(
            mean, std_dev,
        ) {
            Ok(normal) => (0..count).map(|_| normal.sample(rng)).collect(),
            Err(_) => vec![mean; count],
        };
        let first = group(rng, self.mean1, self.std_dev1, self.count1);
        let second = group(rng, self.mean2, self.std_dev2, self.count2);
        (first, second)
    }

    /// The observed experiment for `seed`.
    pub fn draw_seeded(&self, seed: u64) -> (Vec<f64>, Vec<f64>) {
        self.draw(&mut ChaCha8Rng::seed_from_u64(seed))
    }

    /// The p-values of `experiments` independent repetitions with `kind` (NaN-free: an
    /// undefined test counts as p = 1, never rejecting). Uses its own stream, so the observed
    /// experiment and the repetitions do not share draws.
    pub fn repeat(&self, kind: TestKind, seed: u64, experiments: usize) -> Vec<f64> {
        // A fixed odd constant separates the repetitions' stream from the observed one.
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9E37_79B9_7F4A_7C15);
        (0..experiments)
            .map(|_| {
                let (a, b) = self.draw(&mut rng);
                t_test(&a, &b, kind).map_or(1.0, |test| test.p_value)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE1: [f64; 5] = [1.0, 2.0, 3.0, 4.0, 5.0];
    const SAMPLE2: [f64; 4] = [2.0, 4.0, 6.0, 9.0];

    #[test]
    fn student_and_welch_match_hand_and_mpmath_values() {
        // Hand computation: x̄₁ = 3, s₁² = 2.5, x̄₂ = 5.25, s₂² = 8.91666…;
        // pooled s² = (4·2.5 + 3·8.91666…)/7 = 5.25, SE = √(5.25·(1/5 + 1/4)) = √2.3625,
        // t = −2.25/√2.3625 = −1.46385…, ν = 7.
        let student = t_test(&SAMPLE1, &SAMPLE2, TestKind::Student).unwrap();
        assert_eq!(student.degrees_of_freedom, 7.0);
        assert!((student.t - (-2.25 / 2.3625f64.sqrt())).abs() < 1e-14);
        // Welch: SE² = 2.5/5 + 8.91666…/4 = 2.72916…, ν = SE⁴/((0.5)²/4 + (2.2291…)²/3).
        let welch = t_test(&SAMPLE1, &SAMPLE2, TestKind::Welch).unwrap();
        let (a, b) = (0.5, 8.916666666666666 / 4.0);
        assert!(
            (welch.degrees_of_freedom - (a + b) * (a + b) / (a * a / 4.0 + b * b / 3.0)).abs()
                < 1e-12
        );
        assert!((welch.t - (-2.25 / (a + b).sqrt())).abs() < 1e-14);
        // mpmath: t = −1.46385010942279976903, Welch t = −1.36196983522435940266 with
        // ν = 4.33322110933423112533.
        assert!((welch.degrees_of_freedom - 4.333_221_109_334_231).abs() < 1e-12);
        // p-values from mpmath: twice the integral of the t density from |t| to ∞ (below).
        assert!(
            (student.p_value - STUDENT_P).abs() < 1e-12,
            "{}",
            student.p_value
        );
        assert!((welch.p_value - WELCH_P).abs() < 1e-12, "{}", welch.p_value);
    }

    // mpmath, 30 digits: p(ν, t) = 2·quad(Γ((ν+1)/2)/(√(νπ)Γ(ν/2))·(1 + x²/ν)^(−(ν+1)/2),
    // [|t|, ∞]): Student 0.186643796455772106264, Welch 0.239719480111185293920.
    const STUDENT_P: f64 = 0.186_643_796_455_772_1;
    const WELCH_P: f64 = 0.239_719_480_111_185_3;

    #[test]
    fn p_value_of_known_quantiles() {
        // t_{0.975, 10} = 2.228138851986… (standard table): p = 0.05.
        assert!((two_sided_p_value(2.228138851986, 10.0) - 0.05).abs() < 1e-11);
        assert!((critical_t(0.05, 10.0).unwrap() - 2.228138851986).abs() < 1e-9);
        // ν = 1 is the Cauchy distribution: P(|T| > 1) = 1/2 exactly.
        assert!((two_sided_p_value(1.0, 1.0) - 0.5).abs() < 1e-14);
        assert_eq!(two_sided_p_value(0.0, 5.0), 1.0);
    }

    #[test]
    fn noncentral_t_reduces_to_t_and_matches_mpmath() {
        // δ = 0 is the central t.
        for (t, nu) in [(-2.0, 3.0), (0.5, 10.0), (1.7, 1.0), (2.5, 37.5)] {
            let central = StudentsT::new(0.0, 1.0, nu).unwrap().cdf(t);
            assert!(
                (noncentral_t_cdf(t, nu, 0.0) - central).abs() < 1e-9,
                "{t} {nu}"
            );
        }
        assert!((noncentral_t_cdf(NCT_T, NCT_NU, NCT_DELTA) - NCT_CDF).abs() < 1e-9);
        // Power of the article's design (d = 1, n = 10 per group, α = 0.05): δ = √5, ν = 18.
        let power = two_sided_power(0.05, 18.0, 5f64.sqrt()).unwrap();
        assert!((power - ARTICLE_POWER).abs() < 1e-8, "{power}");
    }

    const NCT_T: f64 = 2.0;
    const NCT_NU: f64 = 7.0;
    const NCT_DELTA: f64 = 1.5;
    // mpmath: quad(ncdf(t·√(v/ν) − δ)·f_χ²_ν(v), [0, ν, ∞]) at 30 digits (integrating over v,
    // not s as the code does): 0.646800785004153330979729257496.
    const NCT_CDF: f64 = 0.646_800_785_004_153_3;
    // mpmath: t_crit = findroot(p(18, x) = 0.05) = 2.10092204024…, then the same integral:
    // 0.562006646586149058762948506562.
    const ARTICLE_POWER: f64 = 0.562_006_646_586_149_1;

    #[test]
    fn false_positive_rate_is_alpha_under_the_null() {
        let design = Design {
            mean1: 0.0,
            std_dev1: 1.0,
            count1: 10,
            mean2: 0.0,
            std_dev2: 1.0,
            count2: 10,
        };
        let experiments = 4000;
        let p_values = design.repeat(TestKind::Student, 1, experiments);
        let rate = p_values.iter().filter(|p| **p < 0.05).count() as f64 / experiments as f64;
        // Binomial(4000, 0.05): sd = √(0.05·0.95/4000) = 0.00345; ±4 sd is [0.0362, 0.0638],
        // which a correct test leaves with probability about 6e-5.
        assert!((0.0362..0.0638).contains(&rate), "{rate}");
        assert_eq!(
            design
                .power(TestKind::Student, 0.05)
                .map(|p| (p - 0.05).abs() < 1e-9),
            Some(true)
        );
    }

    #[test]
    fn rejection_rate_matches_the_theoretical_power() {
        let design = Design {
            mean1: 0.0,
            std_dev1: 1.0,
            count1: 10,
            mean2: 1.0,
            std_dev2: 1.0,
            count2: 10,
        };
        let experiments = 4000;
        let power = design.power(TestKind::Student, 0.05).unwrap();
        let p_values = design.repeat(TestKind::Student, 2, experiments);
        let rate = p_values.iter().filter(|p| **p < 0.05).count() as f64 / experiments as f64;
        // Binomial sd at power ≈ 0.56: √(0.56·0.44/4000) = 0.0078; allow 4 sd = 0.032.
        assert!((rate - power).abs() < 0.032, "{rate} vs {power}");
    }

    #[test]
    fn student_power_is_undefined_for_unequal_variances() {
        let design = Design {
            mean1: 0.0,
            std_dev1: 2.5,
            count1: 5,
            mean2: 0.0,
            std_dev2: 0.5,
            count2: 30,
        };
        assert_eq!(design.power(TestKind::Student, 0.05), None);
        // Welch's under H₀ is α whatever the variances (δ = 0).
        assert!((design.power(TestKind::Welch, 0.05).unwrap() - 0.05).abs() < 1e-9);
    }

    #[test]
    fn degenerate_samples_have_no_test() {
        assert_eq!(t_test(&[1.0], &[1.0, 2.0], TestKind::Student), None);
        assert_eq!(t_test(&[1.0, 1.0], &[1.0, 1.0], TestKind::Welch), None);
    }
}
