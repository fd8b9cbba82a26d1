//! The binary floating-point formats machine learning computes in, from f64 down to the 8-bit
//! formats of recent accelerators, converted exactly.
//!
//! A format is a sign bit, `exponent_bits` of biased exponent and `fraction_bits` of fraction
//! (the stored mantissa without its leading 1). A normal number is
//! `(−1)^s · 1.f · 2^(e − bias)`; with the exponent field 0 the leading 1 is a 0 and the
//! exponent stays at its minimum (a subnormal), which fills the gap between 0 and the smallest
//! normal evenly. The IEEE formats (f64, f32, f16, bf16 and fp8 E5M2) spend the all-ones
//! exponent on infinities and NaNs; fp8 E4M3 (`float8_e4m3fn`, "finite") has no infinity and
//! only one NaN pattern per sign, S.1111.111, which buys it the range up to 448.
//!
//! Conversion rounds the f64 value to the nearest representable number, ties to the one whose
//! last fraction bit is 0 (round half to even), working on the f64's integer significand and
//! exponent, so no intermediate rounding (through f32, say) can creep in. This is what
//! NumPy's `astype(np.float16)` and ml_dtypes' `bfloat16`, `float8_e4m3fn` and `float8_e5m2`
//! do; the tests compare bit patterns with them. Values past the largest finite number become
//! infinity, or NaN in E4M3 (as in ml_dtypes: a value beyond 464 has nowhere to go).
//!
//! Every number of these formats is also an f64, so decoding is exact, and [`exact_decimal`]
//! writes any f64 as the finite decimal it is (0.1 is stored as
//! 0.1000000000000000055511151231257827021181583404541015625).

use std::fmt;

/// A binary floating-point format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// Short id used in URLs and readout names: "f64", "f32", "f16", "bf16", "e4m3", "e5m2".
    pub id: &'static str,
    /// The name a reader knows it by.
    pub name: &'static str,
    pub exponent_bits: u32,
    pub fraction_bits: u32,
    /// Whether the all-ones exponent means infinity/NaN (IEEE 754) or, as in E4M3, holds
    /// normal numbers with only S.1111.111 a NaN.
    pub ieee_specials: bool,
}

pub const F64: Format = Format {
    id: "f64",
    name: "float64 (double)",
    exponent_bits: 11,
    fraction_bits: 52,
    ieee_specials: true,
};
pub const F32: Format = Format {
    id: "f32",
    name: "float32 (single)",
    exponent_bits: 8,
    fraction_bits: 23,
    ieee_specials: true,
};
pub const F16: Format = Format {
    id: "f16",
    name: "float16 (half)",
    exponent_bits: 5,
    fraction_bits: 10,
    ieee_specials: true,
};
pub const BF16: Format = Format {
    id: "bf16",
    name: "bfloat16",
    exponent_bits: 8,
    fraction_bits: 7,
    ieee_specials: true,
};
pub const E4M3: Format = Format {
    id: "e4m3",
    name: "fp8 E4M3",
    exponent_bits: 4,
    fraction_bits: 3,
    ieee_specials: false,
};
pub const E5M2: Format = Format {
    id: "e5m2",
    name: "fp8 E5M2",
    exponent_bits: 5,
    fraction_bits: 2,
    ieee_specials: true,
};

/// The formats in the order the demo lists them, widest first.
pub const FORMATS: [Format; 6] = [F64, F32, F16, BF16, E4M3, E5M2];

/// What kind of number a bit pattern holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Zero,
    Subnormal,
    Normal,
    Infinite,
    NaN,
}

impl fmt::Display for Class {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Class::Zero => "zero",
            Class::Subnormal => "subnormal",
            Class::Normal => "normal",
            Class::Infinite => "infinite",
            Class::NaN => "NaN",
        })
    }
}

impl Format {
    /// Total width in bits.
    pub fn bits(&self) -> u32 {
        1 + self.exponent_bits + self.fraction_bits
    }

    pub fn bias(&self) -> i32 {
        (1 << (self.exponent_bits - 1)) - 1
    }

    fn exponent_all_ones(&self) -> u64 {
        (1 << self.exponent_bits) - 1
    }

    fn fraction_mask(&self) -> u64 {
        (1 << self.fraction_bits) - 1
    }

    fn sign_bit(&self) -> u64 {
        1 << (self.bits() - 1)
    }

    /// The exponent of the smallest normal number, 1 − bias.
    pub fn min_exponent(&self) -> i32 {
        1 - self.bias()
    }

    /// The exponent of the largest finite number.
    pub fn max_exponent(&self) -> i32 {
        if self.ieee_specials {
            self.exponent_all_ones() as i32 - 1 - self.bias()
        } else {
            self.exponent_all_ones() as i32 - self.bias()
        }
    }

    /// Machine epsilon: the gap between 1 and the next number, 2^−fraction_bits.
    pub fn epsilon(&self) -> f64 {
        pow2(-(self.fraction_bits as i32))
    }

    /// The smallest positive (subnormal) number, 2^(min_exponent − fraction_bits).
    pub fn smallest_subnormal(&self) -> f64 {
        pow2(self.min_exponent() - self.fraction_bits as i32)
    }

    /// The smallest positive normal number, 2^min_exponent.
    pub fn smallest_normal(&self) -> f64 {
        pow2(self.min_exponent())
    }

    /// The largest finite number: all fraction bits set at the top exponent, except in E4M3
    /// where S.1111.111 is NaN and the largest is 1.110₂ · 2⁸ = 448.
    pub fn max_finite(&self) -> f64 {
        let top_fraction = if self.ieee_specials {
            self.fraction_mask()
        } else {
            self.fraction_mask() - 1
        };
        let significand = (1u64 << self.fraction_bits) + top_fraction;
        significand as f64 * pow2(self.max_exponent() - self.fraction_bits as i32)
    }

    /// The sign, exponent field and fraction field of `bits`.
    pub fn fields(&self, bits: u64) -> (bool, u64, u64) {
        (
            bits & self.sign_bit() != 0,
            (bits >> self.fraction_bits) & self.exponent_all_ones(),
            bits & self.fraction_mask(),
        )
    }

    /// What `bits` holds.
    pub fn classify(&self, bits: u64) -> Class {
        let (_, exponent, fraction) = self.fields(bits);
        let top = self.exponent_all_ones();
        match (exponent, fraction) {
            (0, 0) => Class::Zero,
            (0, _) => Class::Subnormal,
            (e, 0) if e == top && self.ieee_specials => Class::Infinite,
            (e, _) if e == top && self.ieee_specials => Class::NaN,
            (e, f) if e == top && f == self.fraction_mask() => Class::NaN,
            _ => Class::Normal,
        }
    }

    /// The value of `bits`, exactly (every number of these formats is an f64).
    pub fn decode(&self, bits: u64) -> f64 {
        let (negative, exponent, fraction) = self.fields(bits);
        let magnitude = match self.classify(bits) {
            Class::Zero => 0.0,
            Class::Infinite => f64::INFINITY,
            Class::NaN => f64::NAN,
            Class::Subnormal => {
                fraction as f64 * pow2(self.min_exponent() - self.fraction_bits as i32)
            }
            Class::Normal => {
                let significand = (1u64 << self.fraction_bits) + fraction;
                significand as f64 * pow2(exponent as i32 - self.bias() - self.fraction_bits as i32)
            }
        };
        if negative { -magnitude } else { magnitude }
    }

    /// The canonical NaN pattern (quiet NaN, sign clear) of the format.
    pub fn nan_bits(&self) -> u64 {
        if self.ieee_specials {
            (self.exponent_all_ones() << self.fraction_bits) | (1 << (self.fraction_bits - 1))
        } else {
            (self.exponent_all_ones() << self.fraction_bits) | self.fraction_mask()
        }
    }

    /// `x` rounded to this format (to nearest, ties to even), as a bit pattern.
    pub fn encode(&self, x: f64) -> u64 {
        let sign = if x.is_sign_negative() {
            self.sign_bit()
        } else {
            0
        };
        if x.is_nan() {
            return sign | self.nan_bits();
        }
        let magnitude = x.abs();
        if magnitude.is_infinite() {
            return sign | self.overflow_bits();
        }
        if magnitude == 0.0 {
            return sign;
        }
        let rounded = self.round_magnitude(magnitude);
        if rounded > self.max_finite() {
            return sign | self.overflow_bits();
        }
        sign | self.encode_representable(rounded)
    }

    /// `x` rounded to this format, as an f64.
    pub fn round(&self, x: f64) -> f64 {
        self.decode(self.encode(x))
    }

    /// What overflow gives: infinity, or NaN in a format without one.
    fn overflow_bits(&self) -> u64 {
        if self.ieee_specials {
            self.exponent_all_ones() << self.fraction_bits
        } else {
            self.nan_bits()
        }
    }

    /// A positive finite `magnitude` rounded to the format's precision at its binade (with
    /// the exponent unbounded above, so the caller detects overflow).
    fn round_magnitude(&self, magnitude: f64) -> f64 {
        let (significand, exponent) = significand_and_exponent(magnitude);
        // The target's quantum (value of its last fraction bit) at this binade: 2^q.
        let binade = floor_log2(magnitude).max(self.min_exponent());
        let quantum = binade - self.fraction_bits as i32;
        let shift = quantum - exponent;
        if shift <= 0 {
            // The f64 is already a multiple of the quantum: representable as it is.
            return magnitude;
        }
        if shift >= 64 {
            // Far below half the quantum: rounds to zero.
            return 0.0;
        }
        let kept = significand >> shift;
        let remainder = significand & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        let round_up = remainder > half || (remainder == half && kept & 1 == 1);
        let count = kept + u64::from(round_up);
        count as f64 * pow2(quantum)
    }

    /// The bit pattern of a non-negative value known to be representable.
    fn encode_representable(&self, value: f64) -> u64 {
        if value == 0.0 {
            return 0;
        }
        if value < self.smallest_normal() {
            let fraction = value / self.smallest_subnormal();
            return fraction as u64;
        }
        let exponent = floor_log2(value);
        let significand = value / pow2(exponent - self.fraction_bits as i32);
        let fraction = significand as u64 - (1u64 << self.fraction_bits);
        (((exponent + self.bias()) as u64) << self.fraction_bits) | fraction
    }

    /// The gap from |x| to the next larger number of the format (x finite): 2^(e − p) with e
    /// the binade of x (the minimum exponent for subnormals and zero).
    pub fn ulp(&self, x: f64) -> f64 {
        let binade = if x == 0.0 {
            self.min_exponent()
        } else {
            floor_log2(x.abs()).max(self.min_exponent())
        };
        pow2(binade - self.fraction_bits as i32)
    }

    /// The next number of the format above `bits` (towards +∞), or None past the largest
    /// finite value or for NaN. −0 and +0 both step to the smallest subnormal.
    pub fn next_up(&self, bits: u64) -> Option<u64> {
        self.step(bits, true)
    }

    /// The next number below `bits` (towards −∞).
    pub fn next_down(&self, bits: u64) -> Option<u64> {
        self.step(bits, false)
    }

    fn step(&self, bits: u64, up: bool) -> Option<u64> {
        match self.classify(bits) {
            Class::NaN => return None,
            Class::Infinite => {
                let negative = bits & self.sign_bit() != 0;
                // From +∞ one can step down to the largest finite value, and from −∞ up.
                return (negative == up).then(|| {
                    let sign = if negative { self.sign_bit() } else { 0 };
                    sign | self.encode_representable(self.max_finite())
                });
            }
            _ => {}
        }
        let negative = bits & self.sign_bit() != 0;
        let magnitude_bits = bits & !self.sign_bit();
        let away_from_zero = up != negative;
        let next = if magnitude_bits == 0 {
            // ±0: the smallest subnormal on the side of the step.
            let sign = if up { 0 } else { self.sign_bit() };
            sign | 1
        } else if away_from_zero {
            bits + 1
        } else {
            bits - 1
        };
        match self.classify(next) {
            Class::NaN | Class::Infinite => None,
            _ => Some(next),
        }
    }

    /// The bit pattern written with its three fields apart: "0 01111111011 1001…".
    pub fn bit_string(&self, bits: u64) -> String {
        let all = format!("{bits:0width$b}", width = self.bits() as usize);
        let (sign, rest) = all.split_at(1);
        let (exponent, fraction) = rest.split_at(self.exponent_bits as usize);
        format!("{sign} {exponent} {fraction}")
    }
}

/// 2^k as an f64, exactly, for k within f64's range (subnormal results included).
pub fn pow2(k: i32) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        // Subnormal powers of two: 2^k = 2^(k + 64) · 2^−64, both factors exact.
        f64::from_bits(((k + 64 + 1023) as u64) << 52) * f64::from_bits((1023 - 64) << 52)
    }
}

/// ⌊log₂ x⌋ for a positive finite x, read from its bits (exact, unlike `x.log2().floor()`).
pub fn floor_log2(x: f64) -> i32 {
    let (significand, exponent) = significand_and_exponent(x);
    exponent + 63 - significand.leading_zeros() as i32
}

/// A positive finite x as `significand · 2^exponent` with an integer significand.
fn significand_and_exponent(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    }
}

/// The exact decimal value of a finite f64: every binary fraction is a finite decimal, since
/// m · 2^−k = m · 5^k / 10^k. "0.1000000000000000055511151231257827021181583404541015625".
/// Infinities and NaN read "inf", "−inf" and "NaN".
pub fn exact_decimal(x: f64) -> String {
    match Decimal::from_f64(x) {
        Some(decimal) => decimal.to_string(),
        None if x.is_nan() => "NaN".to_owned(),
        None if x > 0.0 => "inf".to_owned(),
        None => "−inf".to_owned(),
    }
}

/// An exact decimal number, `(−1)^negative · coefficient · 10^−scale`: what a typed number
/// like "0.1" means, and what a stored float is, so that a rounding error can be computed
/// exactly (the difference of two decimals is a decimal) instead of in floating point.
#[derive(Clone, Debug)]
pub struct Decimal {
    negative: bool,
    /// Decimal digits, most significant first, without leading zeros ("" is zero).
    coefficient: Vec<u8>,
    scale: usize,
}

impl Decimal {
    /// The exact value of a finite f64 (None for infinities and NaN). Keeps the sign of −0.
    pub fn from_f64(x: f64) -> Option<Decimal> {
        if !x.is_finite() {
            return None;
        }
        let negative = x.is_sign_negative();
        if x == 0.0 {
            return Some(Decimal {
                negative,
                coefficient: Vec::new(),
                scale: 0,
            });
        }
        let (significand, exponent) = significand_and_exponent(x.abs());
        let mut digits = BigDecimalDigits::from_u64(significand);
        let scale = if exponent >= 0 {
            for _ in 0..exponent {
                digits.multiply(2);
            }
            0
        } else {
            for _ in 0..-exponent {
                digits.multiply(5);
            }
            (-exponent) as usize
        };
        Some(
            Decimal {
                negative,
                coefficient: digits
                    .to_decimal_string()
                    .bytes()
                    .map(|b| b - b'0')
                    .collect(),
                scale,
            }
            .normalised(),
        )
    }

    /// A decimal written like "0.1", "-2.5e-7", "+12", ".5" or "3E4" (None for anything
    /// else, such as "1/3" or "inf"). Exponents beyond ±10000 are refused.
    pub fn parse(text: &str) -> Option<Decimal> {
        let text = text.trim();
        let (negative, rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], rest[at + 1..].parse::<i64>().ok()?),
            None => (rest, 0),
        };
        if exponent.abs() > 10_000 {
            return None;
        }
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if whole.is_empty() && fraction.is_empty()
            || !whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let mut coefficient: Vec<u8> = whole
            .bytes()
            .chain(fraction.bytes())
            .map(|b| b - b'0')
            .collect();
        let mut scale = fraction.len() as i64 - exponent;
        if scale < 0 {
            coefficient.extend(std::iter::repeat_n(0, (-scale) as usize));
            scale = 0;
        }
        Some(
            Decimal {
                negative,
                coefficient,
                scale: scale as usize,
            }
            .normalised(),
        )
    }

    /// Leading zeros of the coefficient and trailing zeros of its fraction removed.
    fn normalised(mut self) -> Decimal {
        let leading = self.coefficient.iter().take_while(|&&d| d == 0).count();
        self.coefficient.drain(..leading);
        while self.scale > 0 && self.coefficient.last() == Some(&0) {
            self.coefficient.pop();
            self.scale -= 1;
        }
        if self.coefficient.is_empty() {
            self.scale = 0;
        }
        self
    }

    pub fn is_zero(&self) -> bool {
        self.coefficient.is_empty()
    }

    /// `self − other`, exactly.
    pub fn minus(&self, other: &Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        let aligned = |d: &Decimal| {
            let mut digits = d.coefficient.clone();
            digits.extend(std::iter::repeat_n(0, scale - d.scale));
            digits
        };
        let (a, b) = (aligned(self), aligned(other));
        let negated_other = !other.negative;
        let (coefficient, negative) = if self.negative == negated_other {
            (add_digits(&a, &b), self.negative)
        } else if compare_digits(&a, &b) != std::cmp::Ordering::Less {
            (subtract_digits(&a, &b), self.negative)
        } else {
            (subtract_digits(&b, &a), negated_other)
        };
        Decimal {
            negative,
            coefficient,
            scale,
        }
        .normalised()
    }

    /// The magnitudes compared: |self| against |other|.
    pub fn compare_magnitude(&self, other: &Decimal) -> std::cmp::Ordering {
        let scale = self.scale.max(other.scale);
        let aligned = |d: &Decimal| {
            let mut digits = d.coefficient.clone();
            digits.extend(std::iter::repeat_n(0, scale - d.scale));
            digits
        };
        compare_digits(&aligned(self), &aligned(other))
    }

    pub fn is_negative(&self) -> bool {
        self.negative && !self.is_zero()
    }

    /// The nearest f64 (`parse_f64` rounds correctly, as Rust's and the browser's readers do).
    pub fn to_f64(&self) -> f64 {
        crate::number_text::parse_f64(&self.to_string()).unwrap_or(f64::NAN)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.negative { "-" } else { "" };
        if self.coefficient.is_empty() {
            return write!(formatter, "{sign}0");
        }
        let digits: String = self
            .coefficient
            .iter()
            .map(|d| char::from(b'0' + d))
            .collect();
        if self.scale == 0 {
            return write!(formatter, "{sign}{digits}");
        }
        let places = self.scale;
        if digits.len() > places {
            let (whole, fraction) = digits.split_at(digits.len() - places);
            write!(formatter, "{sign}{whole}.{fraction}")
        } else {
            write!(formatter, "{sign}0.{digits:0>places$}")
        }
    }
}

/// Equal-length or not, most significant digit first, no leading zeros assumed.
fn compare_digits(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let strip = |d: &[u8]| d.iter().position(|&x| x != 0).map_or(0, |p| d.len() - p);
    let (la, lb) = (strip(a), strip(b));
    la.cmp(&lb)
        .then_with(|| a[a.len() - la..].cmp(&b[b.len() - lb..]))
}

fn add_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let (mut i, mut j, mut carry) = (a.len(), b.len(), 0u8);
    while i > 0 || j > 0 || carry > 0 {
        let mut sum = carry;
        if i > 0 {
            i -= 1;
            sum += a[i];
        }
        if j > 0 {
            j -= 1;
            sum += b[j];
        }
        out.push(sum % 10);
        carry = sum / 10;
    }
    out.reverse();
    out
}

/// `a − b` for `a ≥ b`.
fn subtract_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len());
    let (mut j, mut borrow) = (b.len(), 0i8);
    for i in (0..a.len()).rev() {
        let mut digit = a[i] as i8 - borrow;
        if j > 0 {
            j -= 1;
            digit -= b[j] as i8;
        }
        borrow = i8::from(digit < 0);
        out.push((digit + 10 * borrow) as u8);
    }
    out.reverse();
    out
}

/// A non-negative integer as base-10⁹ limbs, least significant first: just enough arithmetic
/// (multiply by a small number, print) for [`exact_decimal`].
struct BigDecimalDigits {
    limbs: Vec<u32>,
}

const LIMB: u64 = 1_000_000_000;

impl BigDecimalDigits {
    fn from_u64(mut n: u64) -> Self {
        let mut limbs = Vec::new();
        while n > 0 {
            limbs.push((n % LIMB) as u32);
            n /= LIMB;
        }
        BigDecimalDigits { limbs }
    }

    fn multiply(&mut self, factor: u32) {
        let mut carry = 0u64;
        for limb in &mut self.limbs {
            let product = *limb as u64 * factor as u64 + carry;
            *limb = (product % LIMB) as u32;
            carry = product / LIMB;
        }
        while carry > 0 {
            self.limbs.push((carry % LIMB) as u32);
            carry /= LIMB;
        }
    }

    fn to_decimal_string(&self) -> String {
        let Some((most, rest)) = self.limbs.split_last() else {
            return "0".to_owned();
        };
        let mut text = most.to_string();
        for limb in rest.iter().rev() {
            text.push_str(&format!("{limb:09}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_constants_match_ml_dtypes_finfo() {
        // ml_dtypes 0.7.0 / NumPy 2.4 finfo: (eps, smallest_normal, smallest_subnormal, max).
        let expected: [(Format, f64, f64, f64, f64); 6] = [
            (
                F64,
                2.220446049250313e-16,
                2.2250738585072014e-308,
                5e-324,
                f64::MAX,
            ),
            (
                F32,
                1.1920928955078125e-07,
                1.1754943508222875e-38,
                1.401298464324817e-45,
                3.4028234663852886e+38,
            ),
            (
                F16,
                0.0009765625,
                6.103515625e-05,
                5.960464477539063e-08,
                65504.0,
            ),
            (
                BF16,
                0.0078125,
                1.1754943508222875e-38,
                9.183549615799121e-41,
                3.3895313892515355e+38,
            ),
            (E4M3, 0.125, 0.015625, 0.001953125, 448.0),
            (E5M2, 0.25, 6.103515625e-05, 1.52587890625e-05, 57344.0),
        ];
        for (format, eps, normal, subnormal, max) in expected {
            assert_eq!(format.epsilon(), eps, "{}", format.id);
            assert_eq!(format.smallest_normal(), normal, "{}", format.id);
            assert_eq!(format.smallest_subnormal(), subnormal, "{}", format.id);
            assert_eq!(format.max_finite(), max, "{}", format.id);
        }
    }

    #[test]
    fn f64_and_f32_agree_with_the_hardware() {
        // Rust's `as f32` rounds to nearest, ties to even: an independent converter.
        let values = [
            0.1,
            -0.1,
            1.0 / 3.0,
            1e-40,
            1e-46,
            7e-46,
            3.4028235e38,
            3.5e38,
            1e300,
            16777217.0,
            16777219.0,
            -0.0,
            5e-324,
            1.401298464324817e-45,
            7.006492321624085e-46,
        ];
        for x in values {
            assert_eq!(F64.encode(x), x.to_bits(), "{x}");
            assert_eq!(F32.encode(x), (x as f32).to_bits() as u64, "{x}");
            assert_eq!(F32.round(x), x as f32 as f64, "{x}");
        }
    }

    #[test]
    fn the_demos_numbers_in_every_format() {
        // NumPy 2.4 / ml_dtypes 0.7.0: np.array([0.1]).astype(t).view(uint) and float(...).
        assert_eq!(F16.encode(0.1), 0x2e66);
        assert_eq!(F16.round(0.1), 0.0999755859375);
        assert_eq!(BF16.encode(0.1), 0x3dcd);
        assert_eq!(BF16.round(0.1), 0.10009765625);
        // E4M3 has no infinity: past 464 (halfway to the missing 480) everything is NaN, and
        // 464 itself ties to the even 448.
        assert_eq!(E4M3.encode(448.0), 0x7e);
        assert_eq!(E4M3.encode(464.0), 0x7e);
        assert_eq!(E4M3.encode(465.0), 0x7f);
        assert_eq!(E4M3.encode(f64::INFINITY), 0x7f);
        assert_eq!(E4M3.encode(-1000.0), 0xff);
        assert_eq!(E5M2.encode(57344.0), 0x7b);
        assert_eq!(E5M2.encode(61439.0), 0x7b);
        assert_eq!(E5M2.encode(61440.0), 0x7c);
        assert_eq!(E5M2.classify(0x7c), Class::Infinite);
        assert_eq!(E4M3.classify(0x7f), Class::NaN);
        assert_eq!(E4M3.classify(0x78), Class::Normal);
        assert_eq!(E4M3.decode(0x78), 256.0);
    }

    #[test]
    fn exact_decimals_of_stored_numbers() {
        // Python: decimal.Decimal(0.1), decimal.Decimal(numpy.float32(0.1).item()).
        assert_eq!(
            exact_decimal(0.1),
            "0.1000000000000000055511151231257827021181583404541015625"
        );
        assert_eq!(
            exact_decimal(F32.round(0.1)),
            "0.100000001490116119384765625"
        );
        assert_eq!(
            exact_decimal(0.30000000000000004),
            "0.3000000000000000444089209850062616169452667236328125"
        );
        assert_eq!(exact_decimal(0.1 + 0.2), exact_decimal(0.30000000000000004));
        assert_eq!(exact_decimal(-2.5), "-2.5");
        assert_eq!(exact_decimal(1e22), "10000000000000000000000");
        // 2⁻¹⁰⁷⁴ has 1074 decimal places; Python: format(Decimal(5e-324), "f") ends …533447265625.
        assert_eq!(exact_decimal(5e-324).len(), 2 + 1074);
        assert!(exact_decimal(5e-324).starts_with("0.000"));
        assert!(exact_decimal(5e-324).ends_with("533447265625"));
    }

    #[test]
    fn neighbours_and_ulps() {
        // 1 in f16 (0x3c00): next up 1 + 2⁻¹⁰, next down 1 − 2⁻¹¹ (the binade below is finer).
        let one = F16.encode(1.0);
        assert_eq!(one, 0x3c00);
        assert_eq!(F16.decode(F16.next_up(one).unwrap()), 1.0 + 1.0 / 1024.0);
        assert_eq!(F16.decode(F16.next_down(one).unwrap()), 1.0 - 1.0 / 2048.0);
        assert_eq!(F16.ulp(1.0), 1.0 / 1024.0);
        assert_eq!(F16.ulp(0.0), F16.smallest_subnormal());
        // Zero steps to the smallest subnormal either way, the largest finite to nothing.
        assert_eq!(
            F16.decode(F16.next_up(0x8000).unwrap()),
            F16.smallest_subnormal()
        );
        assert_eq!(
            F16.decode(F16.next_down(0).unwrap()),
            -F16.smallest_subnormal()
        );
        assert_eq!(F16.next_up(F16.encode(65504.0)), None);
        assert_eq!(F16.decode(F16.next_down(0x7c00).unwrap()), 65504.0);
        assert_eq!(E4M3.next_up(E4M3.encode(448.0)), None);
        // Negative numbers step towards −∞ by growing in magnitude.
        assert_eq!(
            F32.decode(F32.next_down(F32.encode(-1.0)).unwrap()),
            -(1.0 + f32::EPSILON as f64)
        );
    }

    #[test]
    fn bit_strings_split_the_fields() {
        assert_eq!(F16.bit_string(0x2e66), "0 01011 1001100110");
        assert_eq!(E4M3.bit_string(0x7e), "0 1111 110");
    }

    #[test]
    fn every_format_rounds_like_numpy_and_ml_dtypes() {
        use crate::math::floats_reference::ROUNDED_BITS;
        let mut checked = 0;
        for &(x_bits, f16, bf16, e4m3, e5m2) in ROUNDED_BITS.iter() {
            let x = f64::from_bits(x_bits);
            for (format, expected) in [
                (F16, f16 as u64),
                (BF16, bf16 as u64),
                (E4M3, e4m3 as u64),
                (E5M2, e5m2 as u64),
            ] {
                assert_eq!(
                    format.encode(x),
                    expected,
                    "{} of {x:e}: ours {} vs {}",
                    format.id,
                    format.bit_string(format.encode(x)),
                    format.bit_string(expected)
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 4 * ROUNDED_BITS.len());
    }

    #[test]
    fn decimal_errors_are_exact() {
        // f32(0.1) − 0.1 = 0.000000001490116119384765625 exactly (the decimals above, by hand).
        let typed = Decimal::parse("0.1").unwrap();
        let stored = Decimal::from_f64(F32.round(0.1)).unwrap();
        assert_eq!(
            stored.minus(&typed).to_string(),
            "0.000000001490116119384765625"
        );
        // f64(0.1) − 0.1 = 5.5511151231257827021181583404541015625e-18.
        let error = Decimal::from_f64(0.1).unwrap().minus(&typed);
        assert_eq!(
            error.to_string(),
            "0.0000000000000000055511151231257827021181583404541015625"
        );
        assert_eq!(error.to_f64(), 5.551115123125783e-18);
        // Signs and parsing forms.
        assert_eq!(
            typed.minus(&stored).to_string(),
            "-0.000000001490116119384765625"
        );
        assert_eq!(Decimal::parse("-2.5e-3").unwrap().to_string(), "-0.0025");
        assert_eq!(Decimal::parse("3E4").unwrap().to_string(), "30000");
        assert_eq!(Decimal::parse(".5").unwrap().to_string(), "0.5");
        assert_eq!(
            Decimal::parse("2049")
                .unwrap()
                .minus(&Decimal::parse("2048").unwrap())
                .to_string(),
            "1"
        );
        assert!(Decimal::parse("1/3").is_none() && Decimal::parse("inf").is_none());
        assert!(Decimal::parse("1e99999").is_none() && Decimal::parse("").is_none());
        assert!(
            Decimal::parse("7")
                .unwrap()
                .minus(&Decimal::parse("7.0").unwrap())
                .is_zero()
        );
    }
}
