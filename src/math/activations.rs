//! Activation functions and softmax, shared by every neural-network demo.
//!
//! Each activation is a pair `(f, f')` evaluated at the pre-activation `z`, the way
//! TensorFlow Playground's `nn.ts` keeps `{output, der}` together. The derivatives are written
//! out by hand because they are what the backprop lessons teach; a test checks every one of
//! them against central differences.
//!
//! Softmax comes in two versions on purpose: [`softmax_naive`] exponentiates the logits as they
//! are (and overflows to `inf / inf = NaN` once a logit passes about 709.78, where `exp`
//! leaves the f64 range), [`softmax_stable`] subtracts the largest logit first, which changes
//! nothing mathematically (`e^{z−m} / Σ e^{z−m}` = `e^z / Σ e^z`) and keeps every exponent ≤ 0.

use crate::math::special::{standard_normal_cdf, standard_normal_pdf};

/// The slope of leaky ReLU for negative inputs: PyTorch's default (Keras uses 0.2); we follow
/// PyTorch, like the optimizers do.
pub const LEAKY_RELU_SLOPE: f64 = 0.01;

/// ELU's `α` (PyTorch default).
pub const ELU_ALPHA: f64 = 1.0;

/// The activation functions of the curriculum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Activation {
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Elu,
    /// The exact GELU, `z·Φ(z)` with the standard normal CDF (not the tanh approximation).
    Gelu,
    Softplus,
    /// `z·σ(z)` (also called SiLU).
    Swish,
    Linear,
}

impl Activation {
    pub const ALL: [Activation; 9] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Elu,
        Activation::Gelu,
        Activation::Softplus,
        Activation::Swish,
        Activation::Linear,
    ];

    /// The URL value (public contract: never renamed).
    pub fn key(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky-relu",
            Activation::Elu => "elu",
            Activation::Gelu => "gelu",
            Activation::Softplus => "softplus",
            Activation::Swish => "swish",
            Activation::Linear => "linear",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Activation::Sigmoid => "Sigmoid",
            Activation::Tanh => "Tanh",
            Activation::Relu => "ReLU",
            Activation::LeakyRelu => "Leaky ReLU",
            Activation::Elu => "ELU",
            Activation::Gelu => "GELU",
            Activation::Softplus => "Softplus",
            Activation::Swish => "Swish (SiLU)",
            Activation::Linear => "Linear",
        }
    }

    pub fn from_key(key: &str) -> Option<Activation> {
        Activation::ALL.into_iter().find(|a| a.key() == key)
    }

    /// `f(z)`.
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid(z),
            Activation::Tanh => z.tanh(),
            Activation::Relu => z.max(0.0),
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_RELU_SLOPE * z
                }
            }
            Activation::Elu => {
                if z > 0.0 {
                    z
                } else {
                    ELU_ALPHA * z.exp_m1()
                }
            }
            Activation::Gelu => z * standard_normal_cdf(z),
            Activation::Softplus => softplus(z),
            Activation::Swish => z * sigmoid(z),
            Activation::Linear => z,
        }
    }

    /// `f'(z)`. At the kink of ReLU and leaky ReLU (`z = 0`) this returns the left derivative,
    /// as PyTorch does.
    pub fn derivative(self, z: f64) -> f64 {
        match self {
            Activation::Sigmoid => {
                let s = sigmoid(z);
                s * (1.0 - s)
            }
            Activation::Tanh => {
                let t = z.tanh();
                1.0 - t * t
            }
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if z > 0.0 {
                    1.0
                } else {
                    LEAKY_RELU_SLOPE
                }
            }
            Activation::Elu => {
                if z > 0.0 {
                    1.0
                } else {
                    ELU_ALPHA * z.exp()
                }
            }
            // d/dz z·Φ(z) = Φ(z) + z·φ(z).
            Activation::Gelu => standard_normal_cdf(z) + z * standard_normal_pdf(z),
            Activation::Softplus => sigmoid(z),
            // d/dz z·σ(z) = σ(z) + z·σ(z)(1 − σ(z)).
            Activation::Swish => {
                let s = sigmoid(z);
                s + z * s * (1.0 - s)
            }
            Activation::Linear => 1.0,
        }
    }

    /// The `(f(z), f'(z))` pair, for backprop loops that need both.
    pub fn apply_with_derivative(self, z: f64) -> (f64, f64) {
        (self.apply(z), self.derivative(z))
    }

    /// The range of `f` as `(lower, upper)` bounds (infinite where unbounded), used to scale
    /// plots and to explain saturation.
    pub fn output_bounds(self) -> (f64, f64) {
        match self {
            Activation::Sigmoid => (0.0, 1.0),
            Activation::Tanh => (-1.0, 1.0),
            Activation::Relu | Activation::Softplus => (0.0, f64::INFINITY),
            Activation::Elu => (-ELU_ALPHA, f64::INFINITY),
            // GELU's minimum is about −0.17 at z ≈ −0.75; swish's about −0.28 at z ≈ −1.28.
            Activation::Gelu | Activation::Swish | Activation::LeakyRelu | Activation::Linear => {
                (f64::NEG_INFINITY, f64::INFINITY)
            }
        }
    }
}

/// `σ(z) = 1 / (1 + e^{−z})`, written in two branches so that neither `exp` overflows.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^z)` without overflow for large `z` (where it equals `z + ln(1 + e^{−z})`).
pub fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

/// Softmax exactly as the formula reads, `e^{z_i/T} / Σ_j e^{z_j/T}`: overflows to NaN once
/// any `z_i/T` exceeds about 709.78. Kept to show why [`softmax_stable`] exists.
pub fn softmax_naive(logits: &[f64], temperature: f64) -> Vec<f64> {
    let exps: Vec<f64> = logits.iter().map(|z| (z / temperature).exp()).collect();
    let total: f64 = exps.iter().sum();
    exps.iter().map(|e| e / total).collect()
}

/// Softmax with the largest scaled logit subtracted first: every exponent is ≤ 0, so nothing
/// overflows and at least one term of the sum is exactly 1.
pub fn softmax_stable(logits: &[f64], temperature: f64) -> Vec<f64> {
    let max = logits
        .iter()
        .map(|z| z / temperature)
        .fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logits
        .iter()
        .map(|z| (z / temperature - max).exp())
        .collect();
    let total: f64 = exps.iter().sum();
    exps.iter().map(|e| e / total).collect()
}

/// `log Σ e^{z_i}`, computed as `m + log Σ e^{z_i − m}` (the same trick as [`softmax_stable`]);
/// cross-entropy with softmax is `logsumexp(z) − z_y`.
pub fn log_sum_exp(logits: &[f64]) -> f64 {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + logits.iter().map(|z| (z - max).exp()).sum::<f64>().ln()
}

/// The largest `t` with `e^t` finite in f64: `ln(f64::MAX)` ≈ 709.78.
pub const EXP_OVERFLOW_LIMIT: f64 = 709.782_712_893_384;

/// Below this `e^t` rounds to exactly 0 in f64 (the smallest subnormal is about `e^{−744.44}`).
pub const EXP_UNDERFLOW_LIMIT: f64 = -745.133_219_101_941_1;

/// Why [`softmax_naive`] returned NaN, with the exponent `z/T` that caused it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NaiveSoftmaxFailure {
    /// Some `e^{z/T}` overflowed to ∞, so the sum is ∞ and that entry is `∞/∞ = NaN`.
    Overflow { exponent: f64 },
    /// Every `e^{z/T}` underflowed to 0, so every entry is `0/0 = NaN`.
    Underflow { exponent: f64 },
}

/// Why the naive softmax of `logits` at `temperature` fails, or None when it is finite.
pub fn naive_softmax_failure(logits: &[f64], temperature: f64) -> Option<NaiveSoftmaxFailure> {
    let largest = logits
        .iter()
        .map(|z| z / temperature)
        .fold(f64::NEG_INFINITY, f64::max);
    let exps_sum: f64 = logits.iter().map(|z| (z / temperature).exp()).sum();
    if exps_sum.is_infinite() {
        Some(NaiveSoftmaxFailure::Overflow { exponent: largest })
    } else if exps_sum == 0.0 {
        Some(NaiveSoftmaxFailure::Underflow { exponent: largest })
    } else {
        None
    }
}

/// The intervals of `[low, high]` where `|f'(z)| < threshold`: where the activation is
/// saturated and passes almost no gradient back. Found on a grid of `samples` cells and
/// refined by bisection at each boundary (to 1e-9 of the range), so the ends are exact to far
/// better than a pixel. `samples` is clamped to 2..=100 000.
pub fn saturation_intervals(
    activation: Activation,
    threshold: f64,
    low: f64,
    high: f64,
    samples: usize,
) -> Vec<(f64, f64)> {
    let samples = samples.clamp(2, 100_000);
    let saturated = |z: f64| activation.derivative(z).abs() < threshold;
    let at = |i: usize| low + (high - low) * i as f64 / samples as f64;
    // The boundary between a and b (whose saturation differs) by bisection.
    let refine = |mut a: f64, mut b: f64| {
        let state_a = saturated(a);
        for _ in 0..60 {
            let middle = 0.5 * (a + b);
            if saturated(middle) == state_a {
                a = middle;
            } else {
                b = middle;
            }
            if (b - a).abs() <= 1e-9 * (high - low) {
                break;
            }
        }
        0.5 * (a + b)
    };
    let mut intervals = Vec::new();
    let mut start = saturated(low).then_some(low);
    for i in 1..=samples {
        let (previous, current) = (at(i - 1), at(i));
        match (start, saturated(current)) {
            (None, true) => start = Some(refine(previous, current)),
            (Some(begin), false) => {
                intervals.push((begin, refine(previous, current)));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begin) = start {
        intervals.push((begin, high));
    }
    intervals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_derivative_matches_central_differences() {
        // Central differences have error O(h²·f'''); with h = 1e-5 that is far below 1e-7 for
        // these smooth functions. The kinks of ReLU-like functions at 0 are avoided.
        let points = [-6.0, -2.5, -1.0, -0.3, 0.2, 0.7, 1.5, 3.0, 7.0];
        let h = 1e-5;
        for activation in Activation::ALL {
            for z in points {
                let numeric = (activation.apply(z + h) - activation.apply(z - h)) / (2.0 * h);
                let exact = activation.derivative(z);
                assert!(
                    (numeric - exact).abs() < 1e-7,
                    "{activation:?} at {z}: {exact} vs {numeric}"
                );
            }
        }
    }

    #[test]
    fn closed_form_values() {
        assert_eq!(sigmoid(0.0), 0.5);
        // GELU(1) = Φ(1) = 0.8413447460685429 (scipy.stats.norm.cdf(1)).
        assert!((Activation::Gelu.apply(1.0) - 0.8413447460685429).abs() < 1e-14);
        // softplus(0) = ln 2; ELU(−1) = e^{−1} − 1.
        assert!((Activation::Softplus.apply(0.0) - std::f64::consts::LN_2).abs() < 1e-16);
        assert!((Activation::Elu.apply(-1.0) - ((-1.0f64).exp() - 1.0)).abs() < 1e-16);
        assert_eq!(Activation::LeakyRelu.apply(-2.0), -0.02);
        // Large inputs stay finite and exact where the naive formulas would overflow.
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(softplus(1000.0), 1000.0);
        for activation in Activation::ALL {
            assert_eq!(Activation::from_key(activation.key()), Some(activation));
        }
    }

    #[test]
    fn stable_softmax_survives_logits_near_1000_and_naive_does_not() {
        // softmax([0, 1, 2]) from numpy: exp(z) / exp(z).sum().
        let reference = [0.09003057317038046, 0.24472847105479767, 0.6652409557748219];
        let stable = softmax_stable(&[1000.0, 1001.0, 1002.0], 1.0);
        for (got, want) in stable.iter().zip(reference) {
            assert!((got - want).abs() < 1e-15, "{got} vs {want}");
        }
        assert!(
            softmax_naive(&[1000.0, 1001.0, 1002.0], 1.0)
                .iter()
                .all(|p| p.is_nan())
        );
        // Away from overflow the two agree; temperature 2 halves the logits.
        let naive = softmax_naive(&[0.0, 2.0, 4.0], 2.0);
        for (got, want) in naive.iter().zip(reference) {
            assert!((got - want).abs() < 1e-15);
        }
        // log Σ e^z for [1000, 1001, 1002] = 1002 + ln(1 + e^−1 + e^−2) = 1002.4076059644444.
        assert!((log_sum_exp(&[1000.0, 1001.0, 1002.0]) - 1002.4076059644444).abs() < 1e-12);
    }
    #[test]
    fn sigmoid_saturation_boundary_is_the_closed_form() {
        // σ'(z) = s(1 − s) = t at s = (1 − √(1 − 4t))/2, so z = ln(s/(1 − s)); for t = 0.05
        // that is ±2.8872709503576206 (python3: s = (1 − math.sqrt(0.8))/2, math.log(s/(1 − s))).
        let intervals = saturation_intervals(Activation::Sigmoid, 0.05, -6.0, 6.0, 1200);
        assert_eq!(intervals.len(), 2);
        let s = (1.0 - (1.0f64 - 0.2).sqrt()) / 2.0;
        let boundary = (s / (1.0 - s)).ln();
        assert!((boundary + 2.8872709503576206).abs() < 1e-12);
        assert_eq!(intervals[0].0, -6.0);
        assert!((intervals[0].1 - boundary).abs() < 1e-7, "{intervals:?}");
        assert!((intervals[1].0 + boundary).abs() < 1e-7, "{intervals:?}");
        assert_eq!(intervals[1].1, 6.0);
        // ReLU is saturated (f' = 0) for every z ≤ 0, leaky ReLU nowhere at t = 0.005 < 0.01.
        let relu = saturation_intervals(Activation::Relu, 0.05, -6.0, 6.0, 1200);
        assert_eq!(relu.len(), 1);
        assert!(relu[0].0 == -6.0 && relu[0].1.abs() < 1e-7, "{relu:?}");
        assert!(saturation_intervals(Activation::LeakyRelu, 0.005, -6.0, 6.0, 100).is_empty());
        assert!(saturation_intervals(Activation::Linear, 0.5, -6.0, 6.0, 100).is_empty());
    }

    #[test]
    fn naive_softmax_failures_are_classified() {
        assert_eq!(naive_softmax_failure(&[2.0, 1.0, 0.1], 1.0), None);
        assert_eq!(
            naive_softmax_failure(&[1000.0, 1001.0, 1002.0], 1.0),
            Some(NaiveSoftmaxFailure::Overflow { exponent: 1002.0 })
        );
        assert_eq!(
            naive_softmax_failure(&[-1000.0, -1001.0], 1.0),
            Some(NaiveSoftmaxFailure::Underflow { exponent: -1000.0 })
        );
        // At T = 2 the exponents are 500…501: no overflow.
        assert_eq!(naive_softmax_failure(&[1000.0, 1002.0], 2.0), None);
        assert!(
            EXP_OVERFLOW_LIMIT.exp().is_finite() && (EXP_OVERFLOW_LIMIT + 1e-9).exp().is_infinite()
        );
        assert_eq!((EXP_UNDERFLOW_LIMIT - 1e-9).exp(), 0.0);
    }
}
