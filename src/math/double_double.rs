//! Double-double arithmetic (a value as the unevaluated sum of two doubles, about 106 bits)
//! for the few elementary functions the article reproductions need rounded exactly as glibc
//! rounds them, whatever the platform's own `libm` does (the browser's differs by an ulp
//! now and then).

/// sin x rounded from double-double precision (about 106 bits): correctly rounded in all
/// but astronomically rare cases, as glibc's `sin` (which NumPy calls) is. The browser's
/// `f64::sin` (Rust's port of musl's libm) may be one unit in the last place off (it is for
/// sin 64), which would break the bit-for-bit reproduction of the article's printouts.
/// Accurate for |x| < 2²⁰; larger arguments fall back to `f64::sin`.
pub fn sin_rounded(x: f64) -> f64 {
    if x.is_nan() || x.abs() >= 1_048_576.0 {
        return x.sin();
    }
    // π/2 as the unevaluated sum of three doubles (mpmath).
    const HALF_PI: [f64; 3] = [
        std::f64::consts::FRAC_PI_2,
        6.123233995736766e-17,
        -1.4973849048591698e-33,
    ];
    let k = (x / HALF_PI[0]).round();
    // r = x − k·π/2 in double-double: every product k·c is split exactly by a fused multiply-add.
    let mut r = (x, 0.0);
    for c in HALF_PI {
        let product = k * c;
        let error = k.mul_add(c, -product);
        r = dd_add(r, (-product, -error));
    }
    let square = dd_mul(r, r);
    // Taylor series of sin and cos at |r| ≤ π/4: 14 terms reach below 10⁻³³.
    let (mut sin_sum, mut sin_term) = (r, r);
    let (mut cos_sum, mut cos_term) = ((1.0, 0.0), (1.0, 0.0));
    for n in 1..=14 {
        let n = f64::from(n);
        sin_term = dd_div(dd_mul(sin_term, square), -(2.0 * n) * (2.0 * n + 1.0));
        cos_term = dd_div(dd_mul(cos_term, square), -(2.0 * n - 1.0) * (2.0 * n));
        sin_sum = dd_add(sin_sum, sin_term);
        cos_sum = dd_add(cos_sum, cos_term);
    }
    let value = match (k as i64).rem_euclid(4) {
        0 => sin_sum,
        1 => cos_sum,
        2 => (-sin_sum.0, -sin_sum.1),
        _ => (-cos_sum.0, -cos_sum.1),
    };
    value.0 + value.1
}

/// A double-double number `hi + lo` with |lo| ≤ ulp(hi)/2.
type DoubleDouble = (f64, f64);

fn two_sum(a: f64, b: f64) -> DoubleDouble {
    let sum = a + b;
    let b_virtual = sum - a;
    let error = (a - (sum - b_virtual)) + (b - b_virtual);
    (sum, error)
}

fn dd_add(a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let (sum, error) = two_sum(a.0, b.0);
    let (low, low_error) = two_sum(a.1, b.1);
    let (hi, lo) = two_sum(sum, error + low);
    two_sum(hi, lo + low_error)
}

fn dd_mul(a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let product = a.0 * b.0;
    let error = a.0.mul_add(b.0, -product);
    two_sum(product, error + (a.0 * b.1 + a.1 * b.0))
}

fn dd_div(a: DoubleDouble, d: f64) -> DoubleDouble {
    let q = a.0 / d;
    // The remainder a − q·d, exactly to first order, corrects the quotient.
    let product = q * d;
    let error = q.mul_add(d, -product);
    let remainder = ((a.0 - product) - error) + a.1;
    two_sum(q, remainder / d)
}

/// eˣ rounded from double-double precision, like [`sin_rounded`]: the browser's `f64::exp`
/// can be an ulp away from glibc's, which would change the article's `np.trapz` printout.
pub fn exp_rounded(x: f64) -> f64 {
    if x.is_nan() || x.abs() >= 700.0 {
        return x.exp();
    }
    // ln 2 as two doubles (mpmath).
    const LN_2: [f64; 2] = [std::f64::consts::LN_2, 2.319_046_813_846_299_6e-17];
    let k = (x / LN_2[0]).round();
    let mut r = (x, 0.0);
    for c in LN_2 {
        let product = k * c;
        let error = k.mul_add(c, -product);
        r = dd_add(r, (-product, -error));
    }
    // |r| ≤ 0.35: 27 Taylor terms reach below 10⁻³³.
    let (mut sum, mut term) = ((1.0, 0.0), (1.0, 0.0));
    for n in 1..=27 {
        term = dd_div(dd_mul(term, r), f64::from(n));
        sum = dd_add(sum, term);
    }
    // Scaling by 2ᵏ is exact (no subnormal results in this range of x but the smallest).
    let scale = 2f64.powi(k as i32);
    (sum.0 + sum.1) * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sin_rounded_matches_glibc_and_mpmath_to_the_last_bit() {
        // mpmath.sin at 50 digits rounded to f64 (float(mp.sin(mp.mpf(n)))); these are also
        // numpy's np.sin values on glibc.
        let cases = [
            (1.0, 0.8414709848078965),
            (2.0, 0.9092974268256817),
            (3.0, 0.1411200080598672),
            (64.0, 0.9200260381967906),
            (729.0, 0.14993681711330134),
            (0.5, 0.479425538604203),
            (-100.0, 0.5063656411097588),
        ];
        for (x, want) in cases {
            assert_eq!(sin_rounded(x), want, "sin {x}");
        }
    }

    #[test]
    fn exp_rounded_matches_mpmath_to_the_last_bit() {
        // float(mpmath.exp(mpf(x))) at 50 digits, for values of −x² on the article's grid.
        let cases = [
            (-100.0, 3.720075976020836e-44),
            (-1.0, 0.36787944117144233),
            (-0.010203040506070809, 0.9898488339361307),
            (0.5, 1.6487212707001282),
            (-37.5, 5.175555005801869e-17),
        ];
        for (x, want) in cases {
            assert_eq!(exp_rounded(x), want, "exp {x}");
        }
    }
}
