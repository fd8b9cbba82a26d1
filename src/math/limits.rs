//! Limits of a function of one variable, computed the way a reader can check them: one-sided
//! limits estimated from f(a ± h) as h shrinks, the kind of (dis)continuity named, the
//! largest δ of the ε–δ definition found by bisection, the table of f(a ± 10⁻ᵏ) that shows
//! where f64 arithmetic gives up, and the "limit" recipe of *Mathematical Foundations for Deep
//! Learning* (the largest |f| on `numpy.linspace(0.001, 1, 1000)`) reproduced bit for bit.
//!
//! Everything takes the function as a closure `Fn(f64) -> f64`, so the demo can pass a parsed
//! [`crate::math::expr::Expr`] and the tests a plain formula.

/// What f(a + s·h) does as h → 0⁺ on one side (s = ±1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OneSidedLimit {
    /// The values settle on this number.
    Finite(f64),
    /// The values grow without bound, with this sign.
    PlusInfinity,
    MinusInfinity,
    /// The values neither settle nor grow: they keep jumping (sin(1/x) at 0).
    Oscillates,
    /// f is undefined (NaN) arbitrarily close to a on this side.
    Undefined,
}

impl OneSidedLimit {
    pub fn finite(self) -> Option<f64> {
        match self {
            OneSidedLimit::Finite(value) => Some(value),
            _ => None,
        }
    }

    /// The value as a reader sees it: a number, "+∞", "−∞", "oscillates", "undefined".
    pub fn describe(self) -> String {
        match self {
            OneSidedLimit::Finite(value) => crate::math::limits::short_number(value),
            OneSidedLimit::PlusInfinity => "+∞".to_owned(),
            OneSidedLimit::MinusInfinity => "−∞".to_owned(),
            OneSidedLimit::Oscillates => "does not exist (oscillates)".to_owned(),
            OneSidedLimit::Undefined => "undefined".to_owned(),
        }
    }
}

/// Twelve significant digits, enough to tell 0.5 from 0.49999999.
fn short_number(value: f64) -> String {
    let text = format!("{value:.12}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.replace('-', "−")
    }
}

/// The kind of behaviour at a, the names a calculus course uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitCase {
    /// Both one-sided limits equal f(a).
    Continuous,
    /// Both one-sided limits agree but f(a) is undefined or different: a hole to fill.
    Removable,
    /// Both one-sided limits are finite and differ.
    Jump,
    /// At least one side grows without bound.
    Infinite,
    /// At least one side keeps oscillating.
    Oscillating,
    /// f is undefined next to a on some side.
    Undefined,
}

impl LimitCase {
    pub fn label(self) -> &'static str {
        match self {
            LimitCase::Continuous => "continuous",
            LimitCase::Removable => "removable discontinuity",
            LimitCase::Jump => "jump discontinuity",
            LimitCase::Infinite => "infinite discontinuity",
            LimitCase::Oscillating => "oscillating discontinuity",
            LimitCase::Undefined => "undefined near a",
        }
    }
}

/// Names the case from the two one-sided limits and the value f(a) (NaN when undefined).
/// `tolerance` is the relative gap under which two numerical limits count as equal.
pub fn classify(
    left: OneSidedLimit,
    right: OneSidedLimit,
    value_at_a: f64,
    tolerance: f64,
) -> LimitCase {
    use OneSidedLimit::*;
    let close = |p: f64, q: f64| (p - q).abs() <= tolerance * p.abs().max(q.abs()).max(1.0);
    match (left, right) {
        (Undefined, _) | (_, Undefined) => LimitCase::Undefined,
        (Oscillates, _) | (_, Oscillates) => LimitCase::Oscillating,
        (PlusInfinity | MinusInfinity, _) | (_, PlusInfinity | MinusInfinity) => {
            LimitCase::Infinite
        }
        (Finite(l), Finite(r)) if !close(l, r) => LimitCase::Jump,
        (Finite(l), Finite(_)) if value_at_a.is_finite() && close(l, value_at_a) => {
            LimitCase::Continuous
        }
        _ => LimitCase::Removable,
    }
}

/// The step sizes h = 2⁻ᵏ the one-sided estimate looks at (k = 4…44): powers of two, so
/// a + h is exact for the a a reader types and only f's own rounding shows.
const ESTIMATE_EXPONENTS: std::ops::RangeInclusive<i32> = 4..=44;

/// Estimates lim f(a + side·h) as h → 0⁺ from the values at h = 2⁻⁴ … 2⁻⁴⁴.
///
/// The values settle when three successive differences are tiny (relative 10⁻⁶); the estimate
/// is then the value where the differences are smallest, before cancellation makes them grow
/// again. Values that grow monotonically past 10⁶ in magnitude are infinite; a NaN among the
/// last values means f is undefined there; anything else oscillates.
pub fn one_sided_limit(f: impl Fn(f64) -> f64, a: f64, side: f64) -> OneSidedLimit {
    let values: Vec<f64> = ESTIMATE_EXPONENTS
        .map(|k| f(a + side * 2f64.powi(-k)))
        .collect();
    let tail = &values[values.len() - 12..];
    if tail.iter().any(|v| v.is_nan()) {
        return OneSidedLimit::Undefined;
    }
    // Infinite: the last dozen values are huge, of one sign and growing.
    if tail.iter().all(|v| v.abs() > 1e6)
        && tail.windows(2).all(|w| w[1].abs() >= w[0].abs())
        && (tail.iter().all(|v| *v > 0.0) || tail.iter().all(|v| *v < 0.0))
    {
        return if tail[0] > 0.0 {
            OneSidedLimit::PlusInfinity
        } else {
            OneSidedLimit::MinusInfinity
        };
    }
    let differences: Vec<f64> = values.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let settled_at = (0..differences.len().saturating_sub(2))
        .filter(|&i| {
            let scale = values[i + 1].abs().max(1.0);
            differences[i..i + 3]
                .iter()
                .all(|d| d.is_finite() && *d <= 1e-6 * scale)
        })
        .min_by(|&i, &j| differences[i].total_cmp(&differences[j]));
    match settled_at {
        Some(i) => OneSidedLimit::Finite(values[i + 1]),
        None => OneSidedLimit::Oscillates,
    }
}

/// The result of the ε–δ search.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeltaSearch {
    /// The largest δ found (within `relative_precision`), or None when even the smallest
    /// candidate fails: no δ works for this ε, the limit is not L.
    pub delta: Option<f64>,
    /// The spacing of the sample points checked at that δ: δ / [`DELTA_SAMPLES`].
    pub grid_spacing: f64,
}

/// How many evenly spaced points on each side of a every candidate δ checks.
pub const DELTA_SAMPLES: usize = 2000;
/// How many bisection steps (in log δ) the search takes at most (it stops earlier once the
/// bracket is narrower than 10⁻¹² relative).
pub const DELTA_BISECTIONS: usize = 60;

/// Whether |f(x) − L| < ε at every grid point x = a ± δ·i/N, i = 1…N (N = [`DELTA_SAMPLES`]),
/// on the sides asked for.
pub fn band_holds(
    f: &impl Fn(f64) -> f64,
    a: f64,
    limit: f64,
    epsilon: f64,
    delta: f64,
    sides: &[f64],
) -> bool {
    sides.iter().all(|side| {
        (1..=DELTA_SAMPLES).all(|i| {
            let x = a + side * delta * i as f64 / DELTA_SAMPLES as f64;
            (f(x) - limit).abs() < epsilon
        })
    })
}

/// The largest δ ≤ `delta_max` such that f stays inside the band L ± ε for 0 < |x − a| < δ
/// (on `sides`: both, or only +1 for a limit at infinity after t = 1/x), found by bisection
/// on log δ between δ_max·10⁻¹² and δ_max, each candidate checked on a grid of
/// [`DELTA_SAMPLES`] points per side. A grid cannot see a spike narrower than its spacing:
/// the answer is "largest δ as far as this grid can tell", which the demo says.
pub fn largest_delta(
    f: impl Fn(f64) -> f64,
    a: f64,
    limit: f64,
    epsilon: f64,
    delta_max: f64,
    sides: &[f64],
) -> DeltaSearch {
    let holds = |delta: f64| band_holds(&f, a, limit, epsilon, delta, sides);
    if holds(delta_max) {
        return DeltaSearch {
            delta: Some(delta_max),
            grid_spacing: delta_max / DELTA_SAMPLES as f64,
        };
    }
    let mut low = delta_max * 1e-12;
    if !holds(low) {
        return DeltaSearch {
            delta: None,
            grid_spacing: low / DELTA_SAMPLES as f64,
        };
    }
    let mut high = delta_max;
    for _ in 0..DELTA_BISECTIONS {
        // About 45 halvings bring the bracket below 10⁻¹² relative; more change nothing a
        // reader can see and cost 4,000 evaluations each.
        if high / low - 1.0 < 1e-12 {
            break;
        }
        let middle = (low * high).sqrt();
        if holds(middle) {
            low = middle;
        } else {
            high = middle;
        }
    }
    DeltaSearch {
        delta: Some(low),
        grid_spacing: low / DELTA_SAMPLES as f64,
    }
}

/// The h of the table: 10⁻¹ … 10⁻¹⁶, each the f64 nearest to the decimal (as `1e-7` in
/// Python or NumPy).
pub fn table_steps() -> Vec<f64> {
    (1..=16)
        .map(|k| crate::number_text::parse_f64(&format!("1e-{k}")).unwrap_or(0.0))
        .collect()
}

/// `numpy.linspace(start, stop, num)` with NumPy's own arithmetic: `i·step + start` with
/// `step = (stop − start)/(num − 1)`, and the last point set to `stop` exactly.
pub fn numpy_linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    match num {
        0 => Vec::new(),
        1 => vec![start],
        _ => {
            let step = (stop - start) / (num - 1) as f64;
            let mut points: Vec<f64> = (0..num).map(|i| i as f64 * step + start).collect();
            points[num - 1] = stop;
            points
        }
    }
}

/// Python's `round(x, 5)` for the values this recipe meets: the nearest multiple of 10⁻⁵
/// (ties are not an issue at the digits shown; Python rounds the exact binary value).
pub fn round_to_5_decimals(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// The article's recipe for "the limit of f at a": the largest |f(x)| over
/// x = a + `numpy.linspace(0.001, 1, 1000)`, rounded to 5 decimals. With f = sin x / x and
/// a = 0 it prints 1.0. Returns (the rounded value, the unrounded maximum, where it is).
pub fn article_recipe(f: impl Fn(f64) -> f64, a: f64) -> (f64, f64, f64) {
    let mut best = (f64::NEG_INFINITY, a);
    for offset in numpy_linspace(0.001, 1.0, 1000) {
        let x = a + offset;
        let value = f(x).abs();
        // NumPy's max propagates NaN; a NaN anywhere makes the recipe undefined.
        if value.is_nan() {
            return (f64::NAN, f64::NAN, x);
        }
        if value > best.0 {
            best = (value, x);
        }
    }
    (round_to_5_decimals(best.0), best.0, best.1)
}

#[cfg(test)]
mod tests;
