//! Summing many numbers in a floating-point format, three ways, against the exact sum.
//!
//! Every operation of a summation in float32, float16 or bfloat16 is simulated from f64: the
//! exact operands are added in f64 and the result rounded by [`Format::round`]. That is the
//! correctly rounded result of the narrow format, because an f64 carries more than twice the
//! narrow format's precision plus two bits (53 ≥ 2·24 + 2), which makes the double rounding
//! innocuous for addition and subtraction (Figueroa, "When is double rounding innocuous?",
//! 1995). In f64 itself the hardware rounds.
//!
//! - Naive: `s ← fl(s + x)`, one term after the other. Its error can grow like n·ε.
//! - Pairwise: sums of equal-sized blocks are added together, like the carries of a binary
//!   counter (blocks of 1, 2, 4, … terms), so each term passes through about log₂ n
//!   additions: the error grows like ε·log₂ n. For n a power of two this is exactly the
//!   halving recursion; otherwise the leftover blocks are added smallest first. (NumPy's
//!   `np.sum` does the same with a naive base case of 128 terms.)
//! - Kahan (compensated): a second variable keeps the low-order bits each addition lost and
//!   feeds them back into the next term; the error stays about ε, whatever n.
//!
//! The exact sum comes from [`ExactSum`], a fixed-point big integer wide enough for every
//! finite f64 (each f64 is an integer multiple of 2⁻¹⁰⁷⁴), so any sum of f64s is exact in
//! it and is rounded once at the end.

use crate::math::floats::Format;

/// Binary digits per limb of [`ExactSum`]: 32, so that a limb (an i64) absorbs 2³¹ additions
/// before its carries must be propagated.
const LIMB_BITS: u32 = 32;
/// Limbs for bit positions 2⁻¹⁰⁷⁴ … 2¹⁰²⁴ and room for the carries of 2⁶⁴ terms.
const LIMBS: usize = 70;
/// The power of two of limb 0's lowest bit is −[`EXPONENT_BIAS`].
const EXPONENT_BIAS: i32 = 1074;
/// Additions between carry propagations (well below 2³¹, so no limb can overflow).
const ADDS_BETWEEN_CARRIES: u32 = 1 << 28;

/// An exact accumulator of f64 values: the sum is held as a big integer in units of
/// 2⁻¹⁰⁷⁴ (32-bit digits in i64 limbs, carries deferred), so adding is exact and order does
/// not matter. [`ExactSum::to_f64`] rounds the sum once, to nearest, ties to even (what
/// Python's `math.fsum` returns).
#[derive(Clone, Debug)]
pub struct ExactSum {
    limbs: [i64; LIMBS],
    adds_since_carry: u32,
    /// A non-finite term was added: the sum is that infinity (or NaN).
    non_finite: Option<f64>,
}

impl Default for ExactSum {
    fn default() -> Self {
        ExactSum {
            limbs: [0; LIMBS],
            adds_since_carry: 0,
            non_finite: None,
        }
    }
}

impl ExactSum {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `x` exactly.
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.non_finite = Some(self.non_finite.map_or(x, |s| s + x));
            return;
        }
        if x == 0.0 {
            return;
        }
        let bits = x.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as i32;
        let fraction = bits & ((1u64 << 52) - 1);
        // x = significand · 2^exponent with an integer significand below 2⁵³.
        let (significand, exponent) = if biased == 0 {
            (fraction, -EXPONENT_BIAS)
        } else {
            (fraction | (1u64 << 52), biased - 1075)
        };
        let position = (exponent + EXPONENT_BIAS) as u32;
        let limb = (position / LIMB_BITS) as usize;
        let shifted = u128::from(significand) << (position % LIMB_BITS);
        let sign = if x < 0.0 { -1 } else { 1 };
        for k in 0..3 {
            let digit = ((shifted >> (LIMB_BITS * k as u32)) & 0xffff_ffff) as i64;
            self.limbs[limb + k] += sign * digit;
        }
        self.adds_since_carry += 1;
        if self.adds_since_carry >= ADDS_BETWEEN_CARRIES {
            self.propagate_carries();
        }
    }

    /// Brings every limb but the top one into [0, 2³²); the top one carries the sign.
    fn propagate_carries(&mut self) {
        for i in 0..LIMBS - 1 {
            let carry = self.limbs[i] >> LIMB_BITS;
            self.limbs[i] -= carry << LIMB_BITS;
            self.limbs[i + 1] += carry;
        }
        self.adds_since_carry = 0;
    }

    /// The sum rounded to the nearest f64 (ties to even); ±infinity past the f64 range.
    /// Sums in the subnormal range may be off by the double rounding of the final scaling,
    /// which no summation here comes near.
    pub fn to_f64(&self) -> f64 {
        if let Some(special) = self.non_finite {
            return special;
        }
        let mut magnitude = self.clone();
        magnitude.propagate_carries();
        let negative = magnitude.limbs[LIMBS - 1] < 0;
        if negative {
            for limb in magnitude.limbs.iter_mut() {
                *limb = -*limb;
            }
            magnitude.propagate_carries();
        }
        let Some(top) = magnitude.limbs.iter().rposition(|&l| l != 0) else {
            return 0.0;
        };
        // The top three limbs (up to 96 bits) as one integer, and whether anything below is set.
        let limb_at = |i: isize| -> u128 {
            if i < 0 {
                0
            } else {
                magnitude.limbs[i as usize] as u128
            }
        };
        let top = top as isize;
        let window = (limb_at(top) << 64) | (limb_at(top - 1) << 32) | limb_at(top - 2);
        let mut sticky = (0..(top - 2).max(0) as usize).any(|i| magnitude.limbs[i] != 0);
        let window_bits = 128 - window.leading_zeros() as i32;
        // Keep 64 bits: an f64 keeps 53, so the 11 below with a sticky last bit round exactly
        // as the whole tail would.
        let shift = (window_bits - 64).max(0);
        let kept = (window >> shift) as u64;
        sticky |= shift > 0 && window & ((1u128 << shift) - 1) != 0;
        let kept = kept | u64::from(sticky);
        let exponent = shift + LIMB_BITS as i32 * (top as i32 - 2) - EXPONENT_BIAS;
        let value = libm::scalbn(kept as f64, exponent);
        if negative { -value } else { value }
    }

    /// `x − sum`, exact until its one final rounding: the error of a computed sum `x`.
    pub fn error_of(&self, x: f64) -> f64 {
        if !x.is_finite() {
            return x;
        }
        let mut difference = self.clone();
        difference.add(-x);
        -difference.to_f64()
    }
}

/// The summation algorithms compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Naive,
    Pairwise,
    Kahan,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Naive, Method::Pairwise, Method::Kahan];

    /// Short id used in readout names.
    pub fn id(self) -> &'static str {
        match self {
            Method::Naive => "naive",
            Method::Pairwise => "pairwise",
            Method::Kahan => "kahan",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Method::Naive => "naive",
            Method::Pairwise => "pairwise",
            Method::Kahan => "Kahan",
        }
    }
}

/// `a + b` rounded to `format` (exact operands added in f64; see the module docs).
fn add_in(format: &Format, a: f64, b: f64) -> f64 {
    if format.fraction_bits == 52 {
        a + b
    } else {
        format.round(a + b)
    }
}

/// The three summations and the exact sum of the same terms, fed one term at a time, so
/// that the sums of every prefix are available on the way (naive and Kahan are running
/// sums; pairwise keeps a stack of block sums).
#[derive(Clone, Debug)]
pub struct StreamingSums {
    format: Format,
    count: u64,
    naive: f64,
    kahan_sum: f64,
    /// Kahan's compensation: minus the low-order part the last addition lost.
    kahan_compensation: f64,
    /// Block sums of 2^level terms, largest first, levels strictly decreasing.
    pairwise_blocks: Vec<(f64, u32)>,
    exact: ExactSum,
}

impl StreamingSums {
    pub fn new(format: Format) -> Self {
        StreamingSums {
            format,
            count: 0,
            naive: 0.0,
            kahan_sum: 0.0,
            kahan_compensation: 0.0,
            pairwise_blocks: Vec::new(),
            exact: ExactSum::new(),
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// How many terms were added.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Adds one term, which must already be a number of the format (see [`Format::round`]).
    pub fn add(&mut self, x: f64) {
        let f = &self.format;
        self.count += 1;
        self.naive = add_in(f, self.naive, x);
        // Kahan: y is the term corrected by what was lost last time; (t − s) − y is what is
        // lost now (exactly, barring overflow).
        let y = add_in(f, x, -self.kahan_compensation);
        let t = add_in(f, self.kahan_sum, y);
        self.kahan_compensation = add_in(f, add_in(f, t, -self.kahan_sum), -y);
        self.kahan_sum = t;
        // Pairwise: a new block of one term; equal blocks merge like binary carries.
        let mut block = (x, 0u32);
        while let Some(&(last, level)) = self.pairwise_blocks.last() {
            if level != block.1 {
                break;
            }
            self.pairwise_blocks.pop();
            block = (add_in(f, last, block.0), level + 1);
        }
        self.pairwise_blocks.push(block);
        self.exact.add(x);
    }

    /// The sum of the terms so far by `method`, in the format.
    pub fn sum(&self, method: Method) -> f64 {
        match method {
            Method::Naive => self.naive,
            Method::Kahan => self.kahan_sum,
            Method::Pairwise => {
                // The leftover blocks, smallest first.
                let mut blocks = self.pairwise_blocks.iter().rev().map(|(s, _)| *s);
                let first = blocks.next().unwrap_or(0.0);
                blocks.fold(first, |acc, s| add_in(&self.format, s, acc))
            }
        }
    }

    /// The exact sum of the terms so far, rounded once to f64.
    pub fn exact(&self) -> f64 {
        self.exact.to_f64()
    }

    /// computed − exact for `method`, exact until one final rounding (infinite on overflow).
    pub fn error(&self, method: Method) -> f64 {
        self.exact.error_of(self.sum(method))
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, well-mixed generator that is easy to
/// reproduce anywhere (the tests' reference values come from the same eight lines in
/// Python), which the exact-sum references need.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform f64 in [0, 1): the top 53 bits over 2⁵³ (exact).
    pub fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }
}

/// The numbers summed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Data {
    /// 0.1 again and again (stored as the format's nearest number to 0.1).
    Tenth,
    /// Uniform in [0, 1), from SplitMix64 with the seed.
    Uniform { seed: u64 },
    /// u·10ᵏ with u uniform in [0, 1) and k a whole number from −4 to 4, so that terms of
    /// very different sizes meet.
    Mixed { seed: u64 },
}

/// The terms of [`Data`] one after another, before rounding to a format.
#[derive(Clone, Debug)]
pub struct DataStream {
    data: Data,
    generator: SplitMix64,
}

/// 10⁰ … 10⁴, exact in f64.
const POWERS_OF_TEN: [f64; 5] = [1.0, 10.0, 100.0, 1000.0, 10000.0];

impl DataStream {
    pub fn new(data: Data) -> Self {
        let seed = match data {
            Data::Tenth => 0,
            Data::Uniform { seed } | Data::Mixed { seed } => seed,
        };
        DataStream {
            data,
            generator: SplitMix64::new(seed),
        }
    }
}

impl Iterator for DataStream {
    type Item = f64;

    fn next(&mut self) -> Option<f64> {
        Some(match self.data {
            Data::Tenth => 0.1,
            Data::Uniform { .. } => self.generator.next_unit(),
            Data::Mixed { .. } => {
                let u = self.generator.next_unit();
                let k = (self.generator.next_u64() % 9) as i32 - 4;
                // Division by the exact power for negative k: one correctly rounded operation,
                // the same in every IEEE language.
                if k >= 0 {
                    u * POWERS_OF_TEN[k as usize]
                } else {
                    u / POWERS_OF_TEN[(-k) as usize]
                }
            }
        })
    }
}

/// The sums and errors after the first `n` terms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Checkpoint {
    pub n: u64,
    /// The exact sum of the stored terms, rounded once to f64.
    pub exact: f64,
    /// Naive, pairwise and Kahan sums (in [`Method::ALL`]'s order).
    pub sums: [f64; 3],
    /// computed − exact for each method (infinite when the sum overflowed).
    pub errors: [f64; 3],
}

impl Checkpoint {
    /// |error| / |exact| for `method`: infinite on overflow, NaN for an exact sum of 0.
    pub fn relative_error(&self, method: Method) -> f64 {
        let index = Method::ALL.iter().position(|m| *m == method).unwrap_or(0);
        self.errors[index].abs() / self.exact.abs()
    }
}

/// The n at which errors are recorded up to `largest`: about ten a decade (1, 2, 3, …, 8,
/// 10, 13, 16, …) and `largest` itself.
pub fn checkpoints(largest: u64) -> Vec<u64> {
    let mut points: Vec<u64> = (0..=60)
        .map(|k| 10f64.powf(k as f64 / 10.0).round() as u64)
        .filter(|&n| n >= 1 && n < largest)
        .collect();
    points.push(largest.max(1));
    points.dedup();
    points
}

/// A summation under way: terms are added in bounded chunks (see [`SummationRun::advance`])
/// and the errors recorded at each checkpoint.
#[derive(Clone, Debug)]
pub struct SummationRun {
    pub data: Data,
    pub largest: u64,
    stream: DataStream,
    sums: StreamingSums,
    pending_checkpoints: Vec<u64>,
    pub checkpoints: Vec<Checkpoint>,
}

impl SummationRun {
    pub fn new(data: Data, format: Format, largest: u64) -> Self {
        let mut pending_checkpoints = checkpoints(largest);
        pending_checkpoints.reverse();
        SummationRun {
            data,
            largest,
            stream: DataStream::new(data),
            sums: StreamingSums::new(format),
            pending_checkpoints,
            checkpoints: Vec::new(),
        }
    }

    pub fn format(&self) -> Format {
        self.sums.format()
    }

    /// Terms added so far.
    pub fn done(&self) -> u64 {
        self.sums.count()
    }

    pub fn is_complete(&self) -> bool {
        self.done() >= self.largest
    }

    /// Adds up to `terms` more terms (each rounded to the format as it is stored), recording
    /// checkpoints on the way.
    pub fn advance(&mut self, terms: u64) {
        let format = self.format();
        let stop = (self.done() + terms).min(self.largest);
        while self.done() < stop {
            let x = self.stream.next().unwrap_or(0.0);
            self.sums.add(format.round(x));
            if self.pending_checkpoints.last() == Some(&self.done()) {
                self.pending_checkpoints.pop();
                let sums = Method::ALL.map(|m| self.sums.sum(m));
                let errors = Method::ALL.map(|m| self.sums.error(m));
                self.checkpoints.push(Checkpoint {
                    n: self.done(),
                    exact: self.sums.exact(),
                    sums,
                    errors,
                });
            }
        }
    }

    /// The checkpoint at the largest n, once the run is complete.
    pub fn last(&self) -> Option<&Checkpoint> {
        self.checkpoints.last().filter(|c| c.n == self.largest)
    }
}

/// Sums the slice by `method` in `format` (terms rounded to it first), with the exact sum:
/// `(sum, exact)`.
pub fn sum_with(values: &[f64], format: Format, method: Method) -> (f64, f64) {
    let mut sums = StreamingSums::new(format);
    for &x in values {
        sums.add(format.round(x));
    }
    (sums.sum(method), sums.exact())
}

/// The least-squares slope of log₁₀|relative error| against log₁₀ n over the checkpoints
/// with n ≥ `from` (non-zero finite errors only): about 1 for naive summation of 0.1, about
/// 0 for Kahan. None with fewer than two usable points.
pub fn log_log_slope(checkpoints: &[Checkpoint], method: Method, from: u64) -> Option<f64> {
    let points: Vec<(f64, f64)> = checkpoints
        .iter()
        .filter(|c| c.n >= from)
        .map(|c| (c.n as f64, c.relative_error(method)))
        .filter(|(_, e)| e.is_finite() && *e > 0.0)
        .map(|(n, e)| (n.log10(), e.log10()))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let count = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / count;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / count;
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    Some(sxy / sxx)
}

#[cfg(test)]
mod tests;
