//! Catastrophic cancellation: subtracting two nearly equal rounded numbers leaves mostly
//! their rounding errors. Six textbook cases, each with the rewrite that avoids the
//! subtraction, and the variance of data with a large mean computed three ways.
//!
//! The subtraction itself is exact (Sterbenz: if y/2 ≤ x ≤ 2y, x − y is representable); the
//! damage was done before it, when 1 + x or √(x + 1) was rounded, and the subtraction only
//! exposes that error by removing the leading digits that agreed.

use crate::math::summation::{ExactSum, SplitMix64};

/// A formula that cancels for some x, and its stable rewrite.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cancellation {
    /// (1 + x) − 1, which is x.
    OnePlusMinusOne,
    /// √(x + 1) − √x = 1/(√(x + 1) + √x): cancels for large x.
    SqrtDifference,
    /// 1 − cos x = 2 sin²(x/2): cancels for small x.
    OneMinusCos,
    /// The small root of t² − 2t + x = 0: (2 − √(4 − 4x))/2 = 2x/(2 + √(4 − 4x)).
    QuadraticSmallRoot,
    /// ln(1 + x) against `log1p`.
    Log1p,
    /// eˣ − 1 against `expm1`.
    Expm1,
}

impl Cancellation {
    pub const ALL: [Cancellation; 6] = [
        Cancellation::OnePlusMinusOne,
        Cancellation::SqrtDifference,
        Cancellation::OneMinusCos,
        Cancellation::QuadraticSmallRoot,
        Cancellation::Log1p,
        Cancellation::Expm1,
    ];

    /// The URL value.
    pub fn id(self) -> &'static str {
        match self {
            Cancellation::OnePlusMinusOne => "one-plus-x",
            Cancellation::SqrtDifference => "sqrt-difference",
            Cancellation::OneMinusCos => "one-minus-cos",
            Cancellation::QuadraticSmallRoot => "quadratic",
            Cancellation::Log1p => "log1p",
            Cancellation::Expm1 => "expm1",
        }
    }

    pub fn from_id(id: &str) -> Option<Cancellation> {
        Self::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The naive formula, in plain text.
    pub fn naive_text(self) -> &'static str {
        match self {
            Cancellation::OnePlusMinusOne => "(1 + x) − 1",
            Cancellation::SqrtDifference => "√(x + 1) − √x",
            Cancellation::OneMinusCos => "1 − cos x",
            Cancellation::QuadraticSmallRoot => "(2 − √(4 − 4x))/2",
            Cancellation::Log1p => "log(1 + x)",
            Cancellation::Expm1 => "exp(x) − 1",
        }
    }

    /// The stable rewrite, in plain text.
    pub fn stable_text(self) -> &'static str {
        match self {
            Cancellation::OnePlusMinusOne => "x",
            Cancellation::SqrtDifference => "1/(√(x + 1) + √x)",
            Cancellation::OneMinusCos => "2 sin²(x/2)",
            Cancellation::QuadraticSmallRoot => "2x/(2 + √(4 − 4x))",
            Cancellation::Log1p => "log1p(x)",
            Cancellation::Expm1 => "expm1(x)",
        }
    }

    /// The naive formula in f64; NaN or infinite where it is undefined or overflows.
    pub fn naive(self, x: f64) -> f64 {
        match self {
            Cancellation::OnePlusMinusOne => (1.0 + x) - 1.0,
            Cancellation::SqrtDifference => (x + 1.0).sqrt() - x.sqrt(),
            Cancellation::OneMinusCos => 1.0 - x.cos(),
            Cancellation::QuadraticSmallRoot => (2.0 - (4.0 - 4.0 * x).sqrt()) / 2.0,
            Cancellation::Log1p => (1.0 + x).ln(),
            Cancellation::Expm1 => x.exp() - 1.0,
        }
    }

    /// The stable rewrite in f64 (accurate to a few ulps; the tests compare with mpmath).
    pub fn stable(self, x: f64) -> f64 {
        match self {
            Cancellation::OnePlusMinusOne => x,
            Cancellation::SqrtDifference => 1.0 / ((x + 1.0).sqrt() + x.sqrt()),
            Cancellation::OneMinusCos => {
                let half = (x / 2.0).sin();
                2.0 * half * half
            }
            Cancellation::QuadraticSmallRoot => 2.0 * x / (2.0 + (4.0 - 4.0 * x).sqrt()),
            Cancellation::Log1p => x.ln_1p(),
            Cancellation::Expm1 => x.exp_m1(),
        }
    }

    /// Where the formulas are defined: the quadratic has real roots only for x ≤ 1, eˣ
    /// overflows past about 709.78.
    pub fn defined_at(self, x: f64) -> bool {
        let value = self.stable(x);
        value.is_finite() && self.naive(x).is_finite()
    }

    /// The naive formula's relative error against the stable one, |naive − stable|/|stable|;
    /// None where either is undefined or the stable value is 0.
    pub fn relative_error(self, x: f64) -> Option<f64> {
        let (naive, stable) = (self.naive(x), self.stable(x));
        let error = (naive - stable).abs() / stable.abs();
        (naive.is_finite() && stable.is_finite() && stable != 0.0 && error.is_finite())
            .then_some(error)
    }
}

/// The points x at which the error curve is drawn: 10^(k/8) for x from 10⁻¹⁶ to 10¹⁶.
pub fn error_curve_grid() -> Vec<f64> {
    (-128..=128).map(|k| 10f64.powf(k as f64 / 8.0)).collect()
}

/// The variance of data with a large mean, by three formulas and exactly.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Variances {
    /// E[x²] − E[x]², each mean a naive sum: cancels when the mean is large.
    pub one_pass: f64,
    /// Welford's update of the mean and the sum of squared deviations.
    pub welford: f64,
    /// The mean first, then the mean of squared deviations (what `np.var` does).
    pub two_pass: f64,
    /// The variance of the stored data, exact but for a final rounding (see
    /// [`exact_variance`]).
    pub exact: f64,
}

/// The population variance (ddof = 0, like `np.var`) as E[x²] − E[x]².
pub fn one_pass_variance(data: &[f64]) -> f64 {
    let n = data.len() as f64;
    let (sum, sum_of_squares) = data
        .iter()
        .fold((0.0, 0.0), |(s, q), &x| (s + x, q + x * x));
    let mean = sum / n;
    sum_of_squares / n - mean * mean
}

/// The population variance by Welford's algorithm (1962): the running mean and the running
/// sum of squared deviations M₂ are updated per value, M₂ += (x − mean_old)(x − mean_new),
/// so no large square is ever formed.
pub fn welford_variance(data: &[f64]) -> f64 {
    let (mut mean, mut m2) = (0.0, 0.0);
    for (i, &x) in data.iter().enumerate() {
        let delta = x - mean;
        mean += delta / (i + 1) as f64;
        m2 += delta * (x - mean);
    }
    m2 / data.len() as f64
}

/// The population variance in two passes: the mean, then the mean of squared deviations.
pub fn two_pass_variance(data: &[f64]) -> f64 {
    let n = data.len() as f64;
    let mean = data.iter().sum::<f64>() / n;
    data.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n
}

/// The variance of the data as stored, exact but for the last roundings: with m the f64
/// nearest the exact mean, every deviation x − m is split exactly into hi + lo (TwoSum) and
/// every square into two f64s (`mul_add` gives the exact rounding error of a product), all
/// summed in an [`ExactSum`]; then n·var = Σ(x − m)² − (Σ(x − m))²/n, whose small second
/// term is computed in f64.
pub fn exact_variance(data: &[f64]) -> f64 {
    let n = data.len() as f64;
    let mut sum = ExactSum::new();
    data.iter().for_each(|&x| sum.add(x));
    let mean = sum.to_f64() / n;
    let mut squares = ExactSum::new();
    let mut deviations = ExactSum::new();
    let mut add_product = |a: f64, b: f64| {
        let product = a * b;
        squares.add(product);
        squares.add(a.mul_add(b, -product));
    };
    for &x in data {
        // TwoSum (Knuth): hi + lo = x + (−mean) exactly.
        let hi = x - mean;
        let virtual_b = hi - x;
        let lo = (x - (hi - virtual_b)) + (-mean - virtual_b);
        // (hi + lo)² = hi² + 2·hi·lo + lo², each product split exactly.
        add_product(hi, hi);
        add_product(2.0 * hi, lo);
        add_product(lo, lo);
        deviations.add(hi);
        deviations.add(lo);
    }
    let deviation_sum = deviations.to_f64();
    (squares.to_f64() - deviation_sum * deviation_sum / n) / n
}

/// The offsets' data: `offset + u` for `count` values u uniform in [0, 1) (SplitMix64 with
/// `seed`), each sum rounded to f64 as it is stored.
pub fn offset_data(offset: f64, count: usize, seed: u64) -> Vec<f64> {
    let mut generator = SplitMix64::new(seed);
    (0..count).map(|_| offset + generator.next_unit()).collect()
}

pub fn variances(data: &[f64]) -> Variances {
    Variances {
        one_pass: one_pass_variance(data),
        welford: welford_variance(data),
        two_pass: two_pass_variance(data),
        exact: exact_variance(data),
    }
}

#[cfg(test)]
mod tests;
