//! The probability distributions of the statistics chapter, as one family.
//!
//! Sampling is `rand_distr` on a caller-supplied RNG (so a seed reproduces every draw bit for
//! bit); densities, CDFs, quantiles and moments are statrs, except the normal CDF, which goes
//! through [`crate::math::special`] because statrs 0.19.1's `erf` is only good to about 1e-10.
//!
//! Conventions that differ between libraries are fixed here once:
//! - Geometric counts the *trials* up to and including the first success (support 1, 2, …,
//!   mean 1/p), as statrs does; rand_distr counts the failures before it, so its draws get +1.
//! - Gamma is parameterised by shape and *rate* (mean shape/rate), as statrs does; rand_distr
//!   takes the scale 1/rate.
//! - Exponential takes the rate λ (mean 1/λ).

use rand::Rng;
use statrs::distribution::{Continuous, ContinuousCDF, Discrete, DiscreteCDF};

use crate::math::special;

/// One distribution with its parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Distribution {
    Normal {
        mean: f64,
        std_dev: f64,
    },
    Poisson {
        rate: f64,
    },
    Bernoulli {
        p: f64,
    },
    Binomial {
        trials: u64,
        p: f64,
    },
    /// Trials up to and including the first success: support 1, 2, ….
    Geometric {
        p: f64,
    },
    Uniform {
        low: f64,
        high: f64,
    },
    Exponential {
        rate: f64,
    },
    Gamma {
        shape: f64,
        rate: f64,
    },
    Beta {
        alpha: f64,
        beta: f64,
    },
    StudentT {
        dof: f64,
    },
    ChiSquared {
        dof: f64,
    },
}

/// The family of a [`Distribution`], without parameters: what a select control chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Normal,
    Poisson,
    Bernoulli,
    Binomial,
    Geometric,
    Uniform,
    Exponential,
    Gamma,
    Beta,
    StudentT,
    ChiSquared,
}

/// `(key, label)` of every family in [`Family::ALL`] order: the options of a select control.
pub const FAMILY_OPTIONS: [(&str, &str); 11] = [
    ("normal", "Gaussian (normal)"),
    ("poisson", "Poisson"),
    ("bernoulli", "Bernoulli"),
    ("binomial", "Binomial"),
    ("geometric", "Geometric"),
    ("uniform", "Uniform"),
    ("exponential", "Exponential"),
    ("gamma", "Gamma"),
    ("beta", "Beta"),
    ("student-t", "Student t"),
    ("chi-squared", "Chi-squared"),
];

impl Family {
    pub const ALL: [Family; 11] = [
        Family::Normal,
        Family::Poisson,
        Family::Bernoulli,
        Family::Binomial,
        Family::Geometric,
        Family::Uniform,
        Family::Exponential,
        Family::Gamma,
        Family::Beta,
        Family::StudentT,
        Family::ChiSquared,
    ];

    /// The URL value (a public contract: never renamed).
    pub fn key(self) -> &'static str {
        // The variants are declared in `ALL`'s order, which is `FAMILY_OPTIONS`' order.
        FAMILY_OPTIONS[self as usize].0
    }

    pub fn label(self) -> &'static str {
        FAMILY_OPTIONS[self as usize].1
    }

    pub fn from_key(key: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn is_discrete(self) -> bool {
        matches!(
            self,
            Family::Poisson | Family::Bernoulli | Family::Binomial | Family::Geometric
        )
    }

    /// A typical member of the family, used as the default when it is selected.
    pub fn default_distribution(self) -> Distribution {
        match self {
            Family::Normal => Distribution::Normal {
                mean: 0.0,
                std_dev: 1.0,
            },
            Family::Poisson => Distribution::Poisson { rate: 4.0 },
            Family::Bernoulli => Distribution::Bernoulli { p: 0.3 },
            Family::Binomial => Distribution::Binomial { trials: 10, p: 0.5 },
            Family::Geometric => Distribution::Geometric { p: 0.25 },
            Family::Uniform => Distribution::Uniform {
                low: 0.0,
                high: 1.0,
            },
            Family::Exponential => Distribution::Exponential { rate: 1.0 },
            Family::Gamma => Distribution::Gamma {
                shape: 2.0,
                rate: 1.0,
            },
            Family::Beta => Distribution::Beta {
                alpha: 2.0,
                beta: 5.0,
            },
            Family::StudentT => Distribution::StudentT { dof: 5.0 },
            Family::ChiSquared => Distribution::ChiSquared { dof: 3.0 },
        }
    }
}

impl Distribution {
    pub fn family(&self) -> Family {
        match self {
            Distribution::Normal { .. } => Family::Normal,
            Distribution::Poisson { .. } => Family::Poisson,
            Distribution::Bernoulli { .. } => Family::Bernoulli,
            Distribution::Binomial { .. } => Family::Binomial,
            Distribution::Geometric { .. } => Family::Geometric,
            Distribution::Uniform { .. } => Family::Uniform,
            Distribution::Exponential { .. } => Family::Exponential,
            Distribution::Gamma { .. } => Family::Gamma,
            Distribution::Beta { .. } => Family::Beta,
            Distribution::StudentT { .. } => Family::StudentT,
            Distribution::ChiSquared { .. } => Family::ChiSquared,
        }
    }

    pub fn is_discrete(&self) -> bool {
        self.family().is_discrete()
    }

    /// Checks the parameters; the message says what is accepted. Every other method assumes
    /// a valid distribution and returns NaN (never panics) for an invalid one.
    pub fn validate(&self) -> Result<(), String> {
        let finite = |name: &str, x: f64| {
            if x.is_finite() {
                Ok(())
            } else {
                Err(format!("{name} must be a finite number"))
            }
        };
        let positive = |name: &str, x: f64| {
            finite(name, x)?;
            if x > 0.0 {
                Ok(())
            } else {
                Err(format!("{name} must be greater than 0"))
            }
        };
        let probability = |name: &str, x: f64| {
            finite(name, x)?;
            if (0.0..=1.0).contains(&x) {
                Ok(())
            } else {
                Err(format!("{name} must be between 0 and 1"))
            }
        };
        match *self {
            Distribution::Normal { mean, std_dev } => {
                finite("μ", mean)?;
                positive("σ", std_dev)
            }
            Distribution::Poisson { rate } => positive("λ", rate),
            Distribution::Bernoulli { p } => probability("p", p),
            Distribution::Binomial { trials, p } => {
                if trials == 0 {
                    return Err("n must be at least 1".to_owned());
                }
                probability("p", p)
            }
            Distribution::Geometric { p } => {
                positive("p", p)?;
                probability("p", p)
            }
            Distribution::Uniform { low, high } => {
                finite("a", low)?;
                finite("b", high)?;
                if low < high {
                    Ok(())
                } else {
                    Err("the lower end a must be below the upper end b".to_owned())
                }
            }
            Distribution::Exponential { rate } => positive("λ", rate),
            Distribution::Gamma { shape, rate } => {
                positive("k (shape)", shape)?;
                positive("θ⁻¹ (rate)", rate)
            }
            Distribution::Beta { alpha, beta } => {
                positive("α", alpha)?;
                positive("β", beta)
            }
            Distribution::StudentT { dof } | Distribution::ChiSquared { dof } => {
                positive("ν (degrees of freedom)", dof)
            }
        }
    }

    /// Appends `count` draws to `out`. The sampler is built once, so the loop is tight (this is
    /// the path a million samples take). An invalid distribution appends nothing.
    pub fn sample_into<R: Rng + ?Sized>(&self, rng: &mut R, count: usize, out: &mut Vec<f64>) {
        fn fill<R: Rng + ?Sized, D: rand_distr::Distribution<T>, T>(
            sampler: D,
            rng: &mut R,
            count: usize,
            out: &mut Vec<f64>,
            to_f64: impl Fn(T) -> f64,
        ) {
            out.extend((0..count).map(|_| to_f64(sampler.sample(rng))));
        }
        if self.validate().is_err() {
            return;
        }
        out.reserve(count);
        // `validate` passed, so every constructor below succeeds; `if let` keeps a library
        // disagreement from panicking.
        match *self {
            Distribution::Normal { mean, std_dev } => {
                if let Ok(d) = rand_distr::Normal::new(mean, std_dev) {
                    fill(d, rng, count, out, |x| x);
                }
            }
            Distribution::Poisson { rate } => {
                if let Ok(d) = rand_distr::Poisson::new(rate) {
                    fill(d, rng, count, out, |x: f64| x);
                }
            }
            Distribution::Bernoulli { p } => {
                if let Ok(d) = rand_distr::Bernoulli::new(p) {
                    fill(d, rng, count, out, |b: bool| if b { 1.0 } else { 0.0 });
                }
            }
            Distribution::Binomial { trials, p } => {
                if let Ok(d) = rand_distr::Binomial::new(trials, p) {
                    fill(d, rng, count, out, |k: u64| k as f64);
                }
            }
            Distribution::Geometric { p } => {
                // rand_distr counts failures before the first success; we count trials.
                if let Ok(d) = rand_distr::Geometric::new(p) {
                    fill(d, rng, count, out, |failures: u64| failures as f64 + 1.0);
                }
            }
            Distribution::Uniform { low, high } => {
                if let Ok(d) = rand_distr::Uniform::new(low, high) {
                    fill(d, rng, count, out, |x: f64| x);
                }
            }
            Distribution::Exponential { rate } => {
                if let Ok(d) = rand_distr::Exp::new(rate) {
                    fill(d, rng, count, out, |x: f64| x);
                }
            }
            Distribution::Gamma { shape, rate } => {
                if let Ok(d) = rand_distr::Gamma::new(shape, 1.0 / rate) {
                    fill(d, rng, count, out, |x: f64| x);
                }
            }
            Distribution::Beta { alpha, beta } => {
                if let Ok(d) = rand_distr::Beta::new(alpha, beta) {
                    fill(d, rng, count, out, |x: f64| x);
                }
            }
            Distribution::StudentT { dof } => {
                if let Ok(d) = rand_distr::StudentT::new(dof) {
                    fill(d, rng, count, out, |x: f64| x);
                }
            }
            Distribution::ChiSquared { dof } => {
                if let Ok(d) = rand_distr::ChiSquared::new(dof) {
                    fill(d, rng, count, out, |x: f64| x);
                }
            }
        }
    }

    /// The density at `x`; for discrete families the probability mass at `x` (0 off the
    /// integers).
    pub fn density(&self, x: f64) -> f64 {
        if self.is_discrete() {
            if x.fract() != 0.0 || x < 0.0 || !x.is_finite() {
                return 0.0;
            }
            return self.with_discrete(|d| d.pmf(x as u64)).unwrap_or(f64::NAN);
        }
        if let Distribution::Normal { mean, std_dev } = *self {
            return special::normal_pdf(x, mean, std_dev);
        }
        self.with_continuous(|d| d.pdf(x)).unwrap_or(f64::NAN)
    }

    /// `P(X ≤ x)`.
    pub fn cdf(&self, x: f64) -> f64 {
        if self.is_discrete() {
            if x < 0.0 {
                return 0.0;
            }
            if x == f64::INFINITY {
                return 1.0;
            }
            return self
                .with_discrete(|d| d.cdf(x.floor() as u64))
                .unwrap_or(f64::NAN);
        }
        if let Distribution::Normal { mean, std_dev } = *self {
            return special::normal_cdf(x, mean, std_dev);
        }
        self.with_continuous(|d| d.cdf(x)).unwrap_or(f64::NAN)
    }

    /// The smallest `x` with `P(X ≤ x) ≥ p` (for continuous families the inverse CDF).
    pub fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        if self.is_discrete() {
            return self
                .with_discrete(|d| d.inverse_cdf(p) as f64)
                .unwrap_or(f64::NAN);
        }
        self.with_continuous(|d| d.inverse_cdf(p))
            .unwrap_or(f64::NAN)
    }

    /// `E[X]`, or None where it does not exist (Student t with ν ≤ 1).
    pub fn mean(&self) -> Option<f64> {
        self.moment(|m| m.mean())
    }

    /// `Var[X]`, or None where it is not finite (Student t with ν ≤ 2).
    pub fn variance(&self) -> Option<f64> {
        match *self {
            // statrs returns +∞ for 1 < ν ≤ 2; "not finite" is what the reader should see.
            Distribution::StudentT { dof } if dof <= 2.0 => None,
            _ => self.moment(|m| m.variance()),
        }
    }

    pub fn std_dev(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }

    /// The skewness `E[(X − μ)³]/σ³`, or None where undefined (a degenerate Bernoulli,
    /// binomial or geometric with zero variance; Student t with ν ≤ 3).
    pub fn skewness(&self) -> Option<f64> {
        if self.variance() == Some(0.0) {
            return None;
        }
        self.moment(|m| m.skewness())
    }

    /// The set `X` lives on, as `(lowest, highest)`.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Distribution::Normal { .. } | Distribution::StudentT { .. } => {
                (f64::NEG_INFINITY, f64::INFINITY)
            }
            Distribution::Poisson { .. } => (0.0, f64::INFINITY),
            Distribution::Bernoulli { .. } => (0.0, 1.0),
            Distribution::Binomial { trials, .. } => (0.0, trials as f64),
            Distribution::Geometric { .. } => (1.0, f64::INFINITY),
            Distribution::Uniform { low, high } => (low, high),
            Distribution::Exponential { .. }
            | Distribution::Gamma { .. }
            | Distribution::ChiSquared { .. } => (0.0, f64::INFINITY),
            Distribution::Beta { .. } => (0.0, 1.0),
        }
    }

    /// An x range that shows the distribution well: the central 99.8 % (99 % for heavy-tailed
    /// Student t), widened to the support's finite ends, with a margin. Discrete ranges are
    /// padded by half a unit so the bars at the ends are whole.
    pub fn plot_range(&self) -> (f64, f64) {
        let (tail_low, tail_high) = match *self {
            Distribution::StudentT { dof } if dof < 3.0 => (0.01, 0.99),
            _ => (0.001, 0.999),
        };
        let (support_low, support_high) = self.support();
        let mut low = self.quantile(tail_low);
        let mut high = self.quantile(tail_high);
        if support_low.is_finite() && (low - support_low) < 0.25 * (high - low) {
            low = support_low;
        }
        if support_high.is_finite() && (support_high - high) < 0.25 * (high - low) {
            high = support_high;
        }
        if !low.is_finite() || !high.is_finite() || high <= low {
            return (-1.0, 1.0);
        }
        if self.is_discrete() {
            return (low - 0.5, high + 0.5);
        }
        let margin = 0.05 * (high - low);
        let low = if low == support_low {
            low
        } else {
            low - margin
        };
        let high = if high == support_high {
            high
        } else {
            high + margin
        };
        (low, high)
    }

    /// The density or mass function as LaTeX, for the explanation next to the plot.
    pub fn formula_latex(&self) -> &'static str {
        match self.family() {
            Family::Normal => {
                r"f(x) = \frac{1}{\sigma\sqrt{2\pi}} e^{-\frac{(x-\mu)^2}{2\sigma^2}}"
            }
            Family::Poisson => r"P(X = k) = \frac{\lambda^k e^{-\lambda}}{k!}",
            Family::Bernoulli => r"P(X = 1) = p,\quad P(X = 0) = 1 - p",
            Family::Binomial => r"P(X = k) = \binom{n}{k} p^k (1-p)^{n-k}",
            Family::Geometric => r"P(X = k) = (1-p)^{k-1} p,\quad k = 1, 2, \ldots",
            Family::Uniform => r"f(x) = \frac{1}{b - a},\quad a \le x \le b",
            Family::Exponential => r"f(x) = \lambda e^{-\lambda x},\quad x \ge 0",
            Family::Gamma => r"f(x) = \frac{\beta^k}{\Gamma(k)} x^{k-1} e^{-\beta x},\quad x > 0",
            Family::Beta => {
                r"f(x) = \frac{x^{\alpha-1}(1-x)^{\beta-1}}{B(\alpha,\beta)},\quad 0 < x < 1"
            }
            Family::StudentT => {
                r"f(x) = \frac{\Gamma(\frac{\nu+1}{2})}{\sqrt{\nu\pi}\,\Gamma(\frac{\nu}{2})}\left(1+\frac{x^2}{\nu}\right)^{-\frac{\nu+1}{2}}"
            }
            Family::ChiSquared => {
                r"f(x) = \frac{x^{\nu/2-1} e^{-x/2}}{2^{\nu/2}\,\Gamma(\nu/2)},\quad x > 0"
            }
        }
    }

    fn with_continuous<T>(&self, f: impl Fn(&dyn ContinuousLike) -> T) -> Option<T> {
        use statrs::distribution as s;
        Some(match *self {
            Distribution::Normal { mean, std_dev } => f(&s::Normal::new(mean, std_dev).ok()?),
            Distribution::Uniform { low, high } => f(&s::Uniform::new(low, high).ok()?),
            Distribution::Exponential { rate } => f(&s::Exp::new(rate).ok()?),
            Distribution::Gamma { shape, rate } => f(&s::Gamma::new(shape, rate).ok()?),
            Distribution::Beta { alpha, beta } => f(&s::Beta::new(alpha, beta).ok()?),
            Distribution::StudentT { dof } => f(&s::StudentsT::new(0.0, 1.0, dof).ok()?),
            Distribution::ChiSquared { dof } => f(&s::ChiSquared::new(dof).ok()?),
            _ => return None,
        })
    }

    fn with_discrete<T>(&self, f: impl Fn(&dyn DiscreteLike) -> T) -> Option<T> {
        use statrs::distribution as s;
        Some(match *self {
            Distribution::Poisson { rate } => f(&s::Poisson::new(rate).ok()?),
            Distribution::Bernoulli { p } => f(&s::Bernoulli::new(p).ok()?),
            Distribution::Binomial { trials, p } => f(&s::Binomial::new(p, trials).ok()?),
            Distribution::Geometric { p } => f(&s::Geometric::new(p).ok()?),
            _ => return None,
        })
    }

    fn moment(&self, pick: impl Fn(&dyn Moments) -> Option<f64>) -> Option<f64> {
        use statrs::distribution as s;
        let value = match *self {
            Distribution::Normal { mean, std_dev } => pick(&s::Normal::new(mean, std_dev).ok()?),
            Distribution::Poisson { rate } => pick(&s::Poisson::new(rate).ok()?),
            Distribution::Bernoulli { p } => pick(&s::Bernoulli::new(p).ok()?),
            Distribution::Binomial { trials, p } => pick(&s::Binomial::new(p, trials).ok()?),
            Distribution::Geometric { p } => pick(&s::Geometric::new(p).ok()?),
            Distribution::Uniform { low, high } => pick(&s::Uniform::new(low, high).ok()?),
            Distribution::Exponential { rate } => pick(&s::Exp::new(rate).ok()?),
            Distribution::Gamma { shape, rate } => pick(&s::Gamma::new(shape, rate).ok()?),
            Distribution::Beta { alpha, beta } => pick(&s::Beta::new(alpha, beta).ok()?),
            Distribution::StudentT { dof } => pick(&s::StudentsT::new(0.0, 1.0, dof).ok()?),
            Distribution::ChiSquared { dof } => pick(&s::ChiSquared::new(dof).ok()?),
        }?;
        value.is_finite().then_some(value)
    }
}

/// The statrs continuous interface as one object-safe trait, so [`Distribution`] can dispatch
/// to any statrs type through one closure.
trait ContinuousLike {
    fn pdf(&self, x: f64) -> f64;
    fn cdf(&self, x: f64) -> f64;
    fn inverse_cdf(&self, p: f64) -> f64;
}

impl<D: Continuous<f64, f64> + ContinuousCDF<f64, f64>> ContinuousLike for D {
    fn pdf(&self, x: f64) -> f64 {
        Continuous::pdf(self, x)
    }
    fn cdf(&self, x: f64) -> f64 {
        ContinuousCDF::cdf(self, x)
    }
    fn inverse_cdf(&self, p: f64) -> f64 {
        ContinuousCDF::inverse_cdf(self, p)
    }
}

/// The statrs discrete interface as one object-safe trait.
trait DiscreteLike {
    fn pmf(&self, k: u64) -> f64;
    fn cdf(&self, k: u64) -> f64;
    fn inverse_cdf(&self, p: f64) -> u64;
}

impl<D: Discrete<u64, f64> + DiscreteCDF<u64, f64>> DiscreteLike for D {
    fn pmf(&self, k: u64) -> f64 {
        Discrete::pmf(self, k)
    }
    fn cdf(&self, k: u64) -> f64 {
        DiscreteCDF::cdf(self, k)
    }
    fn inverse_cdf(&self, p: f64) -> u64 {
        DiscreteCDF::inverse_cdf(self, p)
    }
}

/// Mean, variance and skewness from statrs' `Distribution` trait, object-safe.
trait Moments {
    fn mean(&self) -> Option<f64>;
    fn variance(&self) -> Option<f64>;
    fn skewness(&self) -> Option<f64>;
}

impl<D: statrs::statistics::Distribution<f64>> Moments for D {
    fn mean(&self) -> Option<f64> {
        statrs::statistics::Distribution::mean(self)
    }
    fn variance(&self) -> Option<f64> {
        statrs::statistics::Distribution::variance(self)
    }
    fn skewness(&self) -> Option<f64> {
        statrs::statistics::Distribution::skewness(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    fn all_defaults() -> Vec<Distribution> {
        Family::ALL
            .iter()
            .map(|f| f.default_distribution())
            .collect()
    }

    #[test]
    fn family_keys_are_unique_and_round_trip() {
        // `key()` indexes FAMILY_OPTIONS by discriminant, so ALL must be in declaration order.
        for (index, family) in Family::ALL.into_iter().enumerate() {
            assert_eq!(family as usize, index);
            assert_eq!(Family::from_key(family.key()), Some(family));
        }
        assert_eq!(Family::StudentT.key(), "student-t");
        assert_eq!(Family::Normal.label(), "Gaussian (normal)");
    }

    #[test]
    fn closed_form_moments() {
        // Textbook formulas: Poisson mean = var = λ; Binomial np, np(1−p); Geometric (trials)
        // 1/p and (1−p)/p²; Gamma(k, rate β) k/β, k/β², skew 2/√k; Beta(2,5) mean 2/7,
        // var αβ/((α+β)²(α+β+1)) = 10/392; χ²(3) mean 3, var 6, skew √(8/3); Exp(1) skew 2.
        let close = |a: Option<f64>, b: f64| {
            let a = a.expect("defined");
            assert!((a - b).abs() < 1e-12, "{a} vs {b}")
        };
        close(Distribution::Poisson { rate: 4.0 }.variance(), 4.0);
        close(
            Distribution::Binomial { trials: 10, p: 0.5 }.variance(),
            2.5,
        );
        close(Distribution::Geometric { p: 0.25 }.mean(), 4.0);
        close(Distribution::Geometric { p: 0.25 }.variance(), 12.0);
        let gamma = Distribution::Gamma {
            shape: 2.0,
            rate: 4.0,
        };
        close(gamma.mean(), 0.5);
        close(gamma.variance(), 0.125);
        close(gamma.skewness(), 2.0 / 2f64.sqrt());
        let beta = Distribution::Beta {
            alpha: 2.0,
            beta: 5.0,
        };
        close(beta.mean(), 2.0 / 7.0);
        close(beta.variance(), 10.0 / 392.0);
        close(
            Distribution::ChiSquared { dof: 3.0 }.skewness(),
            (8.0f64 / 3.0).sqrt(),
        );
        close(Distribution::Exponential { rate: 1.0 }.skewness(), 2.0);
        // Undefined moments are None, not NaN or ∞.
        assert_eq!(Distribution::StudentT { dof: 1.0 }.mean(), None);
        assert_eq!(Distribution::StudentT { dof: 2.0 }.variance(), None);
        assert_eq!(Distribution::StudentT { dof: 3.0 }.skewness(), None);
        assert_eq!(Distribution::Bernoulli { p: 1.0 }.skewness(), None);
    }

    #[test]
    fn densities_cdfs_and_quantiles_agree() {
        // Φ(1) from mpmath ncdf; Poisson(4) P(X=2) = 8e^{-4}; Geometric P(X=3) = 0.75²·0.25.
        let normal = Distribution::Normal {
            mean: 0.0,
            std_dev: 1.0,
        };
        assert!((normal.cdf(1.0) - 0.8413447460685429).abs() < 1e-15);
        assert!(
            (Distribution::Poisson { rate: 4.0 }.density(2.0) - 8.0 * (-4.0f64).exp()).abs()
                < 1e-15
        );
        assert_eq!(Distribution::Poisson { rate: 4.0 }.density(2.5), 0.0);
        assert!((Distribution::Geometric { p: 0.25 }.density(3.0) - 0.140625).abs() < 1e-15);
        assert_eq!(Distribution::Geometric { p: 0.25 }.cdf(0.0), 0.0);
        for distribution in all_defaults() {
            for p in [0.1, 0.5, 0.9] {
                let x = distribution.quantile(p);
                let cdf = distribution.cdf(x);
                if distribution.is_discrete() {
                    assert!(cdf >= p - 1e-12, "{distribution:?} at {p}");
                    assert!(distribution.cdf(x - 1.0) < p + 1e-12, "{distribution:?}");
                } else {
                    assert!(
                        (cdf - p).abs() < 1e-8,
                        "{distribution:?}: F(q({p})) = {cdf}"
                    );
                }
            }
            let (low, high) = distribution.plot_range();
            assert!(low < high && low.is_finite() && high.is_finite());
        }
    }

    #[test]
    fn sampling_is_reproducible_and_lands_in_the_support() {
        for distribution in all_defaults() {
            let mut first = Vec::new();
            let mut second = Vec::new();
            distribution.sample_into(&mut ChaCha8Rng::seed_from_u64(7), 1000, &mut first);
            distribution.sample_into(&mut ChaCha8Rng::seed_from_u64(7), 1000, &mut second);
            assert_eq!(first, second, "{distribution:?}");
            assert_eq!(first.len(), 1000);
            let (low, high) = distribution.support();
            assert!(first.iter().all(|x| *x >= low && *x <= high));
            if distribution.is_discrete() {
                assert!(first.iter().all(|x| x.fract() == 0.0));
            }
        }
        // Geometric counts trials: never 0, and the mean of many draws is near 1/p = 4
        // (standard error √12/√20000 ≈ 0.024; 0.15 is over 6 standard errors).
        let mut draws = Vec::new();
        Distribution::Geometric { p: 0.25 }.sample_into(
            &mut ChaCha8Rng::seed_from_u64(1),
            20_000,
            &mut draws,
        );
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((mean - 4.0).abs() < 0.15, "{mean}");
    }

    #[test]
    fn invalid_parameters_are_rejected_without_panicking() {
        let bad = [
            Distribution::Normal {
                mean: 0.0,
                std_dev: 0.0,
            },
            Distribution::Bernoulli { p: 1.5 },
            Distribution::Geometric { p: 0.0 },
            Distribution::Uniform {
                low: 1.0,
                high: 1.0,
            },
            Distribution::Gamma {
                shape: f64::NAN,
                rate: 1.0,
            },
            Distribution::Binomial { trials: 0, p: 0.5 },
        ];
        for distribution in bad {
            assert!(distribution.validate().is_err(), "{distribution:?}");
            let mut out = Vec::new();
            distribution.sample_into(&mut ChaCha8Rng::seed_from_u64(1), 10, &mut out);
            assert!(out.is_empty());
            let _ = distribution.density(0.5);
            let _ = distribution.cdf(0.5);
            let _ = distribution.quantile(0.5);
        }
    }
}
