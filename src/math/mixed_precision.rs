//! Mixed-precision training, simulated exactly: linear regression trained by full-batch
//! gradient descent with every multiply, add and subtract rounded to a narrow format (f32,
//! bfloat16 or float16) by [`Format::round`], with optional loss scaling (static or dynamic)
//! and an optional f32 master copy of the weights.
//!
//! Each operation is computed in f64 and then rounded once to the target format. That is the
//! correctly rounded result the hardware gives: the operands are numbers of the format, and
//! for +, −, × and ÷ of p-bit numbers a first rounding to 53 bits followed by a rounding to
//! p bits equals one rounding to p bits whenever 53 ≥ 2p + 2 (p = 24 for f32, 11 for f16,
//! 8 for bf16), the classic "innocuous double rounding" bound. NumPy's float16 and
//! ml_dtypes' bfloat16 scalars compute the same way (through f32, where 24 ≥ 2p + 2), which
//! is why the tests can compare with them bit for bit.
//!
//! The order of operations is fixed, as a framework's kernels would fix it:
//! - forward, per example i: `z = ((w₀x₀ + w₁x₁) + w₂x₂) + b`, residual `r = z − y`;
//! - backward of `L = S · (1/N) Σ ½ r²` (S the loss scale): the seed `c = S/N`, then
//!   `δᵢ = c·rᵢ` (the bias's per-example term) and `δᵢ·xᵢⱼ` (the weights'), each summed over
//!   the examples in order;
//! - unscaling `g / S` in f32 (in f64 for the f64 reference), then the update
//!   `w ← w − η·g` in the weights' format: the training format, or f32 for master weights
//!   (the narrow copy the forward pass uses is then the master rounded to the format).
//!
//! A step whose scaled gradient overflowed (an infinity or NaN) is skipped, as PyTorch's
//! `GradScaler` skips it; dynamic loss scaling then halves S, and doubles it after
//! [`GROWTH_INTERVAL`] steps in a row without overflow.

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::StandardNormal;

use super::floats::{F32, F64, Format};

/// Input features per example.
pub const FEATURES: usize = 3;
/// Trained parameters: the feature weights and the bias (last).
pub const PARAMETERS: usize = FEATURES + 1;
/// Examples in the synthetic data set.
pub const EXAMPLES: usize = 64;
/// The weights the synthetic targets are made from (before scaling by the target size).
pub const TRUE_WEIGHTS: [f64; FEATURES] = [0.5, -0.25, 0.75];
pub const TRUE_BIAS: f64 = 0.1;
/// The noise added to the targets, relative to the target size.
pub const NOISE: f64 = 1e-3;
/// Steps without overflow after which dynamic loss scaling doubles the scale (PyTorch's
/// default is 2000; a demo of a few hundred epochs needs a shorter interval).
pub const GROWTH_INTERVAL: usize = 20;
/// The largest scale dynamic loss scaling grows to, 2²⁴.
pub const MAX_DYNAMIC_SCALE: f64 = 16_777_216.0;

/// A regression data set: inputs and targets, any number of examples.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub inputs: Vec<[f64; FEATURES]>,
    pub targets: Vec<f64>,
}

/// The demo's data: [`EXAMPLES`] inputs uniform in [−1, 1)³ (ChaCha8 seeded by `seed`) and
/// targets `size · (w*·x + b* + NOISE·ε)` with ε standard normal. A small `size` makes the
/// residuals, and with them every gradient, small: what a layer deep in a network sees.
pub fn synthetic_dataset(seed: u64, size: f64) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut inputs = Vec::with_capacity(EXAMPLES);
    let mut targets = Vec::with_capacity(EXAMPLES);
    for _ in 0..EXAMPLES {
        let mut x = [0.0; FEATURES];
        for value in &mut x {
            *value = 2.0 * rng.random::<f64>() - 1.0;
        }
        let noise: f64 = rng.sample(StandardNormal);
        let clean: f64 = TRUE_BIAS
            + x.iter()
                .zip(TRUE_WEIGHTS)
                .map(|(xi, wi)| xi * wi)
                .sum::<f64>();
        inputs.push(x);
        targets.push(size * (clean + NOISE * noise));
    }
    Dataset { inputs, targets }
}

/// `x` rounded to `format` (see [`Rounding`], which does the same for many numbers).
pub fn round_to(format: &Format, x: f64) -> f64 {
    Rounding::new(format).round(x)
}

/// Rounding to one format, prepared once for the millions of roundings of a run. f64 is the
/// identity and f32 Rust's own cast (round to nearest, ties to even); float16 and bfloat16
/// round the f64's bits directly, which gives exactly [`Format::round`] (a test compares
/// them on a hundred thousand random numbers and every boundary) about ten times faster.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rounding {
    format: Format,
    kind: RoundingKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum RoundingKind {
    Identity,
    Single,
    /// An IEEE format narrower than f32: its smallest normal, its subnormals' spacing, its
    /// largest finite number and how many low f64 fraction bits it drops.
    Narrow {
        smallest_normal: f64,
        quantum: f64,
        max_finite: f64,
        dropped_bits: u32,
    },
    /// Anything else goes through [`Format::round`].
    General,
}

impl Rounding {
    pub fn new(format: &Format) -> Self {
        let kind = if *format == F64 {
            RoundingKind::Identity
        } else if *format == F32 {
            RoundingKind::Single
        } else if format.ieee_specials && format.fraction_bits < 23 && format.exponent_bits <= 8 {
            RoundingKind::Narrow {
                smallest_normal: format.smallest_normal(),
                quantum: format.smallest_subnormal(),
                max_finite: format.max_finite(),
                dropped_bits: 52 - format.fraction_bits,
            }
        } else {
            RoundingKind::General
        };
        Self {
            format: *format,
            kind,
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// `x` rounded to the format, to nearest with ties to even.
    pub fn round(&self, x: f64) -> f64 {
        match self.kind {
            RoundingKind::Identity => x,
            RoundingKind::Single => x as f32 as f64,
            RoundingKind::General => self.format.round(x),
            RoundingKind::Narrow {
                smallest_normal,
                quantum,
                max_finite,
                dropped_bits,
            } => {
                if !x.is_finite() || x == 0.0 {
                    return x;
                }
                let magnitude = x.abs();
                let rounded = if magnitude < smallest_normal {
                    // Subnormal in the target: a whole number of quanta. Dividing by a power
                    // of two far above f64's subnormals is exact, so is the product.
                    (magnitude / quantum).round_ties_even() * quantum
                } else {
                    // Normal (and an f64 normal, the format's exponent range being at most
                    // f32's): round the significand's bits, a carry moving into the exponent.
                    let bits = magnitude.to_bits();
                    let half = 1u64 << (dropped_bits - 1);
                    let last_kept = (bits >> dropped_bits) & 1;
                    f64::from_bits((bits + half - 1 + last_kept) & !((1u64 << dropped_bits) - 1))
                };
                let rounded = if rounded > max_finite {
                    f64::INFINITY
                } else {
                    rounded
                };
                rounded.copysign(x)
            }
        }
    }
}

/// The data as the format stores it: every input and target rounded.
pub fn rounded_dataset(format: &Format, data: &Dataset) -> Dataset {
    let rounding = Rounding::new(format);
    Dataset {
        inputs: data
            .inputs
            .iter()
            .map(|x| x.map(|v| rounding.round(v)))
            .collect(),
        targets: data.targets.iter().map(|&y| rounding.round(y)).collect(),
    }
}

/// One backward pass in a format: the scaled gradient and what underflowed on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Backward {
    /// The gradient of S·L, summed in the format (weights first, the bias last).
    pub scaled_gradient: [f64; PARAMETERS],
    /// Per-example gradient terms (δᵢ for the bias, δᵢ·xᵢⱼ for the weights) that are zero in
    /// the format although their exact value `S/N·rᵢ·xᵢⱼ` (from the format's residual rᵢ) is
    /// not: flushed to zero by underflow, here or upstream in δᵢ.
    pub flushed: usize,
    /// How many per-example terms there are: examples × parameters.
    pub components: usize,
    /// False when the gradient overflowed to an infinity or NaN.
    pub finite: bool,
}

/// The forward pass of one example in `format`: the residual `z − y`.
fn residual(rounding: &Rounding, weights: &[f64; PARAMETERS], x: &[f64; FEATURES], y: f64) -> f64 {
    let mut z = 0.0;
    for (w, xi) in weights.iter().zip(x) {
        z = rounding.round(z + rounding.round(w * xi));
    }
    z = rounding.round(z + weights[FEATURES]);
    rounding.round(z - y)
}

/// The backward pass of `S · mean(½ r²)` in `format` at `weights` (numbers of the format) on
/// `data` (already rounded to the format), with the loss scale `loss_scale`.
pub fn backward(
    format: &Format,
    data: &Dataset,
    weights: &[f64; PARAMETERS],
    loss_scale: f64,
) -> Backward {
    let rounding = Rounding::new(format);
    let examples = data.targets.len().max(1) as f64;
    let seed = rounding.round(rounding.round(loss_scale) / rounding.round(examples));
    let mut gradient = [0.0; PARAMETERS];
    let mut flushed = 0;
    for (x, &y) in data.inputs.iter().zip(&data.targets) {
        let r = residual(&rounding, weights, x, y);
        let delta = rounding.round(seed * r);
        for j in 0..FEATURES {
            let term = rounding.round(delta * x[j]);
            if term == 0.0 && r != 0.0 && x[j] != 0.0 {
                flushed += 1;
            }
            gradient[j] = rounding.round(gradient[j] + term);
        }
        if delta == 0.0 && r != 0.0 {
            flushed += 1;
        }
        gradient[FEATURES] = rounding.round(gradient[FEATURES] + delta);
    }
    Backward {
        scaled_gradient: gradient,
        flushed,
        components: data.targets.len() * PARAMETERS,
        finite: gradient.iter().all(|g| g.is_finite()),
    }
}

/// The mean squared error ½·mean(r²) of `weights` on `data`, in f64: how good the weights a
/// format reached are, measured without rounding noise of its own.
pub fn exact_loss(data: &Dataset, weights: &[f64; PARAMETERS]) -> f64 {
    let total: f64 = data
        .inputs
        .iter()
        .zip(&data.targets)
        .map(|(x, y)| {
            let z: f64 =
                weights[FEATURES] + x.iter().zip(weights).map(|(xi, wi)| xi * wi).sum::<f64>();
            let r = z - y;
            0.5 * r * r
        })
        .sum();
    total / data.targets.len().max(1) as f64
}

/// The per-example gradient terms of `mean(½ r²)` in f64 (bias terms rᵢ/N and weight terms
/// rᵢxᵢⱼ/N), for the histogram of magnitudes.
pub fn gradient_terms(data: &Dataset, weights: &[f64; PARAMETERS]) -> Vec<f64> {
    let n = data.targets.len().max(1) as f64;
    let mut terms = Vec::with_capacity(data.targets.len() * PARAMETERS);
    for (x, y) in data.inputs.iter().zip(&data.targets) {
        let z: f64 = weights[FEATURES] + x.iter().zip(weights).map(|(xi, wi)| xi * wi).sum::<f64>();
        let delta = (z - y) / n;
        terms.extend(x.iter().map(|xi| delta * xi));
        terms.push(delta);
    }
    terms
}

/// How a run trains.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainingConfig {
    /// The format of the forward and backward passes.
    pub format: Format,
    pub learning_rate: f64,
    /// The loss scale S (the starting scale when dynamic).
    pub loss_scale: f64,
    /// Halve S on overflow, double it after [`GROWTH_INTERVAL`] good steps.
    pub dynamic_scaling: bool,
    /// Keep the weights in f32 and give the forward pass a copy rounded to the format.
    pub master_weights: bool,
    pub epochs: usize,
}

impl TrainingConfig {
    /// Plain f64 training: the reference.
    pub fn reference(learning_rate: f64, epochs: usize) -> Self {
        Self {
            format: F64,
            learning_rate,
            loss_scale: 1.0,
            dynamic_scaling: false,
            master_weights: false,
            epochs,
        }
    }

    /// The format the gradient is unscaled and the weights updated in: f64 for the f64
    /// reference, f32 for master weights, the training format otherwise.
    fn update_format(&self) -> Format {
        if self.format == F64 {
            F64
        } else if self.master_weights {
            F32
        } else {
            self.format
        }
    }
}

/// One epoch k of a run: the state at the weights after k updates, and the backward pass
/// and update made from there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochRecord {
    /// ½·mean(r²) of the forward-pass weights, computed exactly ([`exact_loss`]).
    pub loss: f64,
    /// The fraction of per-example gradient terms flushed to zero in this backward pass.
    pub flushed_fraction: f64,
    /// The fraction of parameters whose update η·g was not zero but left the weight unchanged
    /// (smaller than half its ulp: lost to rounding).
    pub lost_fraction: f64,
    /// The loss scale used in this backward pass.
    pub loss_scale: f64,
    /// The gradient overflowed and the update was skipped.
    pub skipped: bool,
}

/// A whole run: epochs 0..=epochs (record k is at the weights after k updates).
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub records: Vec<EpochRecord>,
    /// The forward-pass weights at each epoch (weights first, the bias last).
    pub weights: Vec<[f64; PARAMETERS]>,
}

impl Run {
    /// Skipped updates among epochs 0..=k.
    pub fn skipped_until(&self, k: usize) -> usize {
        self.records
            .iter()
            .take(k + 1)
            .filter(|r| r.skipped)
            .count()
    }
}

/// Trains from zero weights for `config.epochs` epochs of full-batch gradient descent.
pub fn train(data: &Dataset, config: &TrainingConfig) -> Run {
    let format = config.format;
    let update_format = config.update_format();
    let data_in_format = rounded_dataset(&format, data);
    let rounding = Rounding::new(&format);
    let update_rounding = Rounding::new(&update_format);
    let learning_rate = update_rounding.round(config.learning_rate);
    let mut scale = config.loss_scale;
    let mut good_steps = 0;
    // The stored weights (the master copy with master weights) and the forward copy.
    let mut stored = [0.0; PARAMETERS];
    let mut records = Vec::with_capacity(config.epochs + 1);
    let mut weights = Vec::with_capacity(config.epochs + 1);
    for _ in 0..=config.epochs {
        let forward = stored.map(|w| rounding.round(w));
        let pass = backward(&format, &data_in_format, &forward, scale);
        let mut record = EpochRecord {
            loss: exact_loss(data, &forward),
            flushed_fraction: pass.flushed as f64 / pass.components.max(1) as f64,
            lost_fraction: 0.0,
            loss_scale: scale,
            skipped: !pass.finite,
        };
        weights.push(forward);
        if pass.finite {
            let unscale = update_rounding.round(scale);
            let mut lost = 0;
            for (w, g) in stored.iter_mut().zip(pass.scaled_gradient) {
                let gradient = update_rounding.round(g / unscale);
                let update = update_rounding.round(learning_rate * gradient);
                let updated = update_rounding.round(*w - update);
                if update != 0.0 && updated == *w {
                    lost += 1;
                }
                *w = updated;
            }
            record.lost_fraction = lost as f64 / PARAMETERS as f64;
            if config.dynamic_scaling {
                good_steps += 1;
                if good_steps >= GROWTH_INTERVAL {
                    scale = (scale * 2.0).min(MAX_DYNAMIC_SCALE);
                    good_steps = 0;
                }
            }
        } else if config.dynamic_scaling {
            scale = (scale / 2.0).max(1.0);
            good_steps = 0;
        }
        records.push(record);
    }
    Run { records, weights }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::floats::{BF16, F16};

    /// A four-example data set small enough to follow by hand (and to replay in NumPy).
    fn tiny() -> Dataset {
        Dataset {
            inputs: vec![
                [0.5, -1.0, 0.25],
                [1.0, 0.75, -0.5],
                [-0.25, 0.5, 1.0],
                [0.125, -0.375, 0.625],
            ],
            targets: vec![0.3, -0.7, 1.1, 0.05],
        }
    }

    #[test]
    fn f32_rounding_by_cast_equals_format_round() {
        for x in [
            0.1,
            1.0 / 3.0,
            1e-40,
            3.4e38,
            3.5e38,
            -2.5e-45,
            1.000_000_059_604_644_8,
        ] {
            assert_eq!(round_to(&F32, x).to_bits(), F32.round(x).to_bits(), "{x}");
        }
    }

    #[test]
    fn fast_narrow_rounding_equals_format_round() {
        // Random f64 bit patterns over every exponent, random numbers near the formats' ranges,
        // and the boundaries: ties at 1, the subnormal range's ends, the overflow threshold.
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut values: Vec<f64> = (0..50_000)
            .map(|_| f64::from_bits(rng.random::<u64>()))
            .collect();
        values.extend((0..50_000).map(|_| {
            let exponent = rng.random_range(-150..140);
            (2.0 * rng.random::<f64>() - 1.0) * 2f64.powi(exponent)
        }));
        values.extend([
            0.0,
            -0.0,
            1.0,
            1.0 + 2f64.powi(-11),
            1.0 + 3.0 * 2f64.powi(-11),
            2f64.powi(-25),
            3.0 * 2f64.powi(-26),
            2f64.powi(-14) - 2f64.powi(-25),
            65504.0,
            65519.99,
            65520.0,
            -65520.0,
            1e-310,
            -1e-310,
            3.4e38,
            3.3961e38,
            3.40e38,
            9.2e-41,
            1e-45,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
        ]);
        for format in [F16, BF16] {
            let rounding = Rounding::new(&format);
            assert!(matches!(rounding.kind, RoundingKind::Narrow { .. }));
            for &x in &values {
                let (fast, exact) = (rounding.round(x), format.round(x));
                if x.is_nan() {
                    // Only the payload may differ: both are NaN.
                    assert!(fast.is_nan() && exact.is_nan());
                    continue;
                }
                assert_eq!(fast.to_bits(), exact.to_bits(), "{} {x:e}", format.id);
            }
            assert!(rounding.round(f64::NAN).is_nan());
        }
    }

    #[test]
    fn f64_training_equals_a_plain_f64_implementation_bit_for_bit() {
        let data = synthetic_dataset(7, 1.0);
        let (learning_rate, epochs) = (0.3, 50);
        let run = train(&data, &TrainingConfig::reference(learning_rate, epochs));
        // Plain f64 gradient descent with the same order of operations, no rounding helper.
        let mut w = [0.0f64; PARAMETERS];
        for epoch in 0..=epochs {
            assert_eq!(run.weights[epoch], w, "epoch {epoch}");
            let seed = 1.0 / EXAMPLES as f64;
            let mut g = [0.0f64; PARAMETERS];
            for (x, y) in data.inputs.iter().zip(&data.targets) {
                let z = w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3];
                let delta = seed * (z - y);
                for j in 0..FEATURES {
                    g[j] += delta * x[j];
                }
                g[FEATURES] += delta;
            }
            for (wk, gk) in w.iter_mut().zip(g) {
                *wk -= learning_rate * (gk / 1.0);
            }
        }
    }
    #[test]
    fn float16_gradient_of_the_tiny_example_matches_numpy_float16() {
        // NumPy 2.4, np.float16 scalars, the same loops and order: weights
        // np.float16([0.2, -0.1, 0.3, 0.05]), seed np.float16(1)/np.float16(4), then
        // z = z + w[j]*x[j], r = z - y, d = seed*r, g[j] = g[j] + d*x[j], g[3] = g[3] + d.
        // Result bits 13273, 2048, 46131, 10448 (0x33D9, 0x0800, 0xB433, 0x28D0).
        let data = rounded_dataset(&F16, &tiny());
        let weights = [0.2, -0.1, 0.3, 0.05].map(|w| F16.round(w));
        assert_eq!(
            weights,
            [
                0.199951171875,
                -0.0999755859375,
                0.300048828125,
                0.04998779296875
            ]
        );
        let pass = backward(&F16, &data, &weights, 1.0);
        assert_eq!(
            pass.scaled_gradient,
            [
                0.2452392578125,
                0.0001220703125,
                -0.262451171875,
                0.03759765625
            ]
        );
        let bits = pass.scaled_gradient.map(|g| F16.encode(g));
        assert_eq!(bits, [13273, 2048, 46131, 10448]);
        assert_eq!((pass.flushed, pass.components, pass.finite), (0, 16, true));
    }

    #[test]
    fn a_power_of_two_loss_scale_gives_exactly_the_unscaled_gradient() {
        // No term of this example underflows or overflows in float16 at S = 1 or S = 1024,
        // so multiplying by 2¹⁰ only shifts exponents: g(S)/S = g(1) bit for bit. NumPy
        // float16 gives [251.125, 0.125, -268.75, 38.5] at S = 1024.
        let data = rounded_dataset(&F16, &tiny());
        let weights = [0.2, -0.1, 0.3, 0.05].map(|w| F16.round(w));
        let plain = backward(&F16, &data, &weights, 1.0);
        for scale in [2.0, 1024.0, 65536.0 / 64.0] {
            let scaled = backward(&F16, &data, &weights, scale);
            assert_eq!(
                scaled.scaled_gradient.map(|g| g / scale),
                plain.scaled_gradient,
                "S = {scale}"
            );
        }
        let scaled = backward(&F16, &data, &weights, 1024.0);
        assert_eq!(scaled.scaled_gradient, [251.125, 0.125, -268.75, 38.5]);
        // The same in bfloat16 and f32.
        for format in [BF16, F32] {
            let data = rounded_dataset(&format, &tiny());
            let weights = [0.2, -0.1, 0.3, 0.05].map(|w| round_to(&format, w));
            let plain = backward(&format, &data, &weights, 1.0);
            let scaled = backward(&format, &data, &weights, 4096.0);
            assert_eq!(
                scaled.scaled_gradient.map(|g| g / 4096.0),
                plain.scaled_gradient
            );
        }
    }

    #[test]
    fn flushed_terms_are_counted_as_by_hand() {
        // Zero weights, so rᵢ = −yᵢ, and the seed is 1/4. In units of float16's smallest
        // subnormal u = 2⁻²⁴ (NumPy float16 agrees with every number here):
        // - y = 1e-3 is normal (16784 u): δ and its products are normal;
        // - y = 1e-5 is 168 u: δ = 42 u, products 42, 31.5 → 32, 21 u: nothing flushed;
        // - y = 2e-7 is 3 u: δ = 0.75 → 1 u, products −0.25 → 0 and 0.5 → 0 (ties to even)
        //   and 1 u: two flushed;
        // - y = 1e-7 is 2 u: δ = 0.5 → 0 (ties to even): δ and its three products flushed.
        // 6 of the 16 terms.
        let mut data = tiny();
        data.targets = vec![1e-3, 1e-5, 2e-7, 1e-7];
        let data = rounded_dataset(&F16, &data);
        let pass = backward(&F16, &data, &[0.0; PARAMETERS], 1.0);
        assert_eq!((pass.flushed, pass.components), (6, 16));
        // Scaled by 2¹⁰ nothing underflows.
        let scaled = backward(&F16, &data, &[0.0; PARAMETERS], 1024.0);
        assert_eq!(scaled.flushed, 0);
        // bfloat16 has f32's exponent range: nothing underflows there either.
        let data = rounded_dataset(&BF16, &data);
        assert_eq!(backward(&BF16, &data, &[0.0; PARAMETERS], 1.0).flushed, 0);
    }

    #[test]
    fn f32_training_matches_a_numpy_float32_run() {
        // NumPy 2.4 with np.float32 scalars, the same loops and order as `backward`, and the
        // update w = w - np.float32(0.5)*(g/np.float32(1.0)), from zero weights.
        // The values are the float32 results written as the f64 numbers they are (float(v)).
        let expected: [[f64; PARAMETERS]; 3] = [
            [
                -0.10234373807907104,
                -0.03671874850988388,
                0.19453126192092896,
                0.0937500074505806,
            ],
            [
                -0.19015349447727203,
                -0.05326995998620987,
                0.3228897452354431,
                0.1242065578699112,
            ],
            [
                -0.2596840262413025,
                -0.05868083983659744,
                0.4119410514831543,
                0.13220690190792084,
            ],
        ];
        let config = TrainingConfig {
            format: F32,
            learning_rate: 0.5,
            loss_scale: 1.0,
            dynamic_scaling: false,
            master_weights: false,
            epochs: 3,
        };
        let run = train(&tiny(), &config);
        for (epoch, weights) in expected.iter().enumerate() {
            assert_eq!(run.weights[epoch + 1], *weights, "epoch {}", epoch + 1);
        }
        // The loss is ½·mean(r²) of those weights; it falls every epoch here.
        assert!(run.records.windows(2).all(|w| w[1].loss < w[0].loss));
    }

    #[test]
    fn the_default_demo_story_holds() {
        // Targets of size 10⁻⁴: float16 without loss scaling stalls far above the f64
        // reference, with loss scaling 1024 and master weights it comes close; bfloat16
        // stagnates (every update lost) unless the weights are kept in f32.
        let data = synthetic_dataset(1, 1e-4);
        let config = |format, loss_scale, master_weights| TrainingConfig {
            format,
            learning_rate: 0.5,
            loss_scale,
            dynamic_scaling: false,
            master_weights,
            epochs: 200,
        };
        let last = |c: TrainingConfig| *train(&data, &c).records.last().unwrap();
        let reference = last(TrainingConfig::reference(0.5, 200)).loss;
        let f16_plain = last(config(F16, 1.0, true));
        let f16_scaled = last(config(F16, 1024.0, true));
        assert!(
            f16_plain.loss > 10.0 * reference,
            "{f16_plain:?} vs {reference}"
        );
        assert!(f16_plain.flushed_fraction > 0.05);
        assert!(
            f16_scaled.loss < 2.0 * reference,
            "{f16_scaled:?} vs {reference}"
        );
        let bf16_plain = last(config(BF16, 1.0, false));
        let bf16_master = last(config(BF16, 1.0, true));
        assert_eq!(bf16_plain.lost_fraction, 1.0);
        assert!(bf16_plain.loss > 10.0 * reference);
        // Master weights let the small updates accumulate; what remains is the bfloat16
        // copy's own rounding of the weights (relative 2⁻⁹).
        assert!(
            bf16_master.loss < bf16_plain.loss / 5.0,
            "{bf16_master:?} vs {bf16_plain:?}"
        );
    }

    #[test]
    fn dynamic_scaling_halves_on_overflow_and_grows_after_good_steps() {
        // Targets of size 1 in float16 with S = 65536: the seed S/64 = 1024 times residuals
        // near 1, summed over 64 examples, overflows 65504, so the first steps are skipped
        // and the scale halves until the gradient fits.
        let data = synthetic_dataset(3, 1.0);
        let config = TrainingConfig {
            format: F16,
            learning_rate: 0.5,
            loss_scale: 65536.0,
            dynamic_scaling: true,
            master_weights: true,
            epochs: 100,
        };
        let run = train(&data, &config);
        assert!(run.records[0].skipped);
        let first_good = run.records.iter().position(|r| !r.skipped).unwrap();
        assert_eq!(
            run.records[first_good].loss_scale,
            65536.0 / 2f64.powi(first_good as i32)
        );
        // After GROWTH_INTERVAL good steps in a row the scale doubles.
        let after = &run.records[first_good + GROWTH_INTERVAL];
        if run.records[first_good..first_good + GROWTH_INTERVAL]
            .iter()
            .all(|r| !r.skipped)
        {
            assert_eq!(after.loss_scale, 2.0 * run.records[first_good].loss_scale);
        }
        // A static scale skips every overflowing step and never trains.
        let fixed = train(
            &data,
            &TrainingConfig {
                dynamic_scaling: false,
                ..config
            },
        );
        assert!(fixed.records.iter().all(|r| r.skipped));
        assert_eq!(fixed.weights[100], [0.0; PARAMETERS]);
    }

    /// Run with `cargo test --release --lib mixed_precision -- --ignored --nocapture`.
    #[test]
    #[ignore = "a benchmark, not a check"]
    fn benchmark_three_formats_epochs_per_second() {
        let data = synthetic_dataset(1, 1e-4);
        let epochs = 2000;
        let start = std::time::Instant::now();
        for format in [F32, BF16, F16] {
            let config = TrainingConfig {
                format,
                learning_rate: 0.5,
                loss_scale: 1.0,
                dynamic_scaling: false,
                master_weights: false,
                epochs,
            };
            std::hint::black_box(train(&data, &config));
        }
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{epochs} epochs of f32 + bf16 + f16: {seconds:.3} s, {:.0} epochs/s for the three together",
            epochs as f64 / seconds
        );
    }
}
