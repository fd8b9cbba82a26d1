//! The one-dimensional gradient-descent lesson.
//!
//! The article this project starts from minimises `f(x) = x² − 2x + 1` with
//! `x ← x − η f'(x)`, learning rate `η = 0.1`, from `x₀ = 5`. For any quadratic
//! `f(x) = a(x − c)²` one step is `x_{k+1} − c = (1 − 2aη)(x_k − c)`, so the whole behaviour is
//! decided by the contraction factor `1 − 2aη`:
//!
//! | learning rate        | factor          | regime                                    |
//! |----------------------|-----------------|-------------------------------------------|
//! | `0 < η < 1/(2a)`     | `(0, 1)`        | monotone convergence                      |
//! | `η = 1/(2a)`         | `0`             | lands on the minimum in one step          |
//! | `1/(2a) < η < 1/a`   | `(−1, 0)`       | converges while jumping across `c`        |
//! | `η = 1/a`            | `−1`            | bounces between two points forever        |
//! | `η > 1/a`            | `< −1`          | diverges                                  |
//!
//! `1/a = 2/f''` is the one-dimensional case of the rule `η < 2/λ_max` used in the optimizer lab.
//! For the article `a = 1`, `c = 1`, and the iterates are `x_k = 1 + 4·0.8^k`.

/// The functions of the lesson.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Function1d {
    /// `f(x) = x² − 2x + 1 = (x − 1)²`, the article's example.
    ArticleQuadratic,
    /// `f(x) = a(x − c)²` with `a > 0`.
    Quadratic { a: f64, c: f64 },
    /// `f(x) = x⁴ − 3x² + x`: two minima of different depth (see [`NON_CONVEX_MINIMIZERS`]), so
    /// where gradient descent ends depends on where it starts.
    NonConvex,
}

/// The minimizers of `x⁴ − 3x² + x`, roots of `f'(x) = 4x³ − 6x + 1` with `f'' > 0`, computed to
/// 30 digits (mpmath `polyroots`) and rounded: the global one (f ≈ −3.5139) first, then the
/// shallower local one (f ≈ −1.0702). A test re-derives them from the cubic.
pub const NON_CONVEX_MINIMIZERS: [f64; 2] = [-1.300839565941577, 1.1309011226299859];

/// The local maximizer of `x⁴ − 3x² + x` (the middle root of `4x³ − 6x + 1`), which separates
/// the two basins of attraction.
pub const NON_CONVEX_MAXIMIZER: f64 = 0.16993844331159128;

impl Function1d {
    pub fn value(&self, x: f64) -> f64 {
        match *self {
            Function1d::ArticleQuadratic => x * x - 2.0 * x + 1.0,
            Function1d::Quadratic { a, c } => a * (x - c) * (x - c),
            Function1d::NonConvex => x.powi(4) - 3.0 * x * x + x,
        }
    }

    /// `f'(x)`, written out by hand: this lesson is where the derivative is taught.
    pub fn derivative(&self, x: f64) -> f64 {
        match *self {
            Function1d::ArticleQuadratic => 2.0 * x - 2.0,
            Function1d::Quadratic { a, c } => 2.0 * a * (x - c),
            Function1d::NonConvex => 4.0 * x.powi(3) - 6.0 * x + 1.0,
        }
    }

    pub fn second_derivative(&self, x: f64) -> f64 {
        match *self {
            Function1d::ArticleQuadratic => 2.0,
            Function1d::Quadratic { a, .. } => 2.0 * a,
            Function1d::NonConvex => 12.0 * x * x - 6.0,
        }
    }

    /// The formula in LaTeX, with the quadratic's parameters filled in.
    pub fn latex(&self) -> String {
        match *self {
            Function1d::ArticleQuadratic => "f(x) = x^2 - 2x + 1".to_owned(),
            Function1d::Quadratic { a, c } => {
                let coefficient = if a == 1.0 {
                    String::new()
                } else {
                    format!(r"{}\,", format_number(a))
                };
                let square = if c == 0.0 {
                    "x^2".to_owned()
                } else if c > 0.0 {
                    format!("(x - {})^2", format_number(c))
                } else {
                    format!("(x + {})^2", format_number(-c))
                };
                format!("f(x) = {coefficient}{square}")
            }
            Function1d::NonConvex => "f(x) = x^4 - 3x^2 + x".to_owned(),
        }
    }

    /// `(a, c)` when the function is `a(x − c)²`; the article's function is `(1, 1)`.
    pub fn as_quadratic(&self) -> Option<(f64, f64)> {
        match *self {
            Function1d::ArticleQuadratic => Some((1.0, 1.0)),
            Function1d::Quadratic { a, c } => Some((a, c)),
            Function1d::NonConvex => None,
        }
    }

    /// The minimizers, global first.
    pub fn minimizers(&self) -> Vec<f64> {
        match self.as_quadratic() {
            Some((_, c)) => vec![c],
            None => NON_CONVEX_MINIMIZERS.to_vec(),
        }
    }
}

/// Prints a parameter without trailing zeros and with at most four decimals, for formulas.
fn format_number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// How gradient descent behaves on a quadratic for a given learning rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regime {
    /// `0 ≤ η < 1/(2a)`: the iterates approach the minimum from one side.
    Monotone,
    /// `η = 1/(2a)` exactly: the first step lands on the minimum.
    OneStep,
    /// `1/(2a) < η < 1/a`: the iterates converge while jumping across the minimum.
    Oscillating,
    /// `η = 1/a` exactly: the iterates bounce between two points forever.
    PeriodTwo,
    /// `η > 1/a` (or `η < 0`): the distance to the minimum grows every step.
    Divergent,
    /// The function is not a quadratic (or not convex), so there is no global regime.
    NotConvex,
}

impl Regime {
    pub fn label(self) -> &'static str {
        match self {
            Regime::Monotone => "Monotone convergence",
            Regime::OneStep => "One-step convergence",
            Regime::Oscillating => "Oscillating convergence",
            Regime::PeriodTwo => "Period-two bounce",
            Regime::Divergent => "Divergence",
            Regime::NotConvex => "No global regime (not a quadratic)",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Regime::Monotone => {
                "The factor 1 − 2aη lies between 0 and 1: every step shrinks the distance to the minimum \
                 and stays on the same side of it."
            }
            Regime::OneStep => {
                "The factor 1 − 2aη is exactly 0: the first step lands on the minimum and stays there."
            }
            Regime::Oscillating => {
                "The factor 1 − 2aη lies between −1 and 0: each step overshoots to the other side of the \
                 minimum, but by less than before, so the iterates still converge."
            }
            Regime::PeriodTwo => {
                "The factor 1 − 2aη is exactly −1: each step lands at the mirror image of the current \
                 point, and the iterates bounce between two points forever."
            }
            Regime::Divergent => {
                "The factor 1 − 2aη has magnitude above 1: every step overshoots by more than the \
                 distance it started from, and the iterates run away."
            }
            Regime::NotConvex => {
                "This function is not a quadratic, so no single learning rate threshold holds \
                 everywhere; near a minimum the quadratic rule applies with a = f''/2 taken there."
            }
        }
    }
}

/// The two learning rates where the regime changes for `a(x − c)²`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RegimeThresholds {
    /// `1/(2a)`: the learning rate that reaches the minimum in one step.
    pub one_step: f64,
    /// `1/a = 2/f''`: learning rates at or above this do not converge.
    pub stability_limit: f64,
}

pub fn quadratic_thresholds(a: f64) -> RegimeThresholds {
    RegimeThresholds {
        one_step: 1.0 / (2.0 * a),
        stability_limit: 1.0 / a,
    }
}

/// Relative tolerance for hitting a threshold "exactly": a slider value such as 0.5 typed or
/// computed as 1/(2a) may differ from the threshold in the last bits.
const THRESHOLD_RELATIVE_TOLERANCE: f64 = 1e-12;

/// The regime of gradient descent on `a(x − c)²` with this learning rate. A learning rate of 0
/// is `Monotone` (the factor is 1: it stands still), a negative one `Divergent` (ascent), and a
/// non-positive or NaN curvature `a` is `NotConvex`.
pub fn quadratic_regime(a: f64, learning_rate: f64) -> Regime {
    if a.is_nan() || a <= 0.0 {
        return Regime::NotConvex;
    }
    if learning_rate.is_nan() || learning_rate < 0.0 {
        return Regime::Divergent;
    }
    let thresholds = quadratic_thresholds(a);
    let near = |threshold: f64| {
        (learning_rate - threshold).abs() <= THRESHOLD_RELATIVE_TOLERANCE * threshold
    };
    if near(thresholds.one_step) {
        Regime::OneStep
    } else if near(thresholds.stability_limit) {
        Regime::PeriodTwo
    } else if learning_rate < thresholds.one_step {
        Regime::Monotone
    } else if learning_rate < thresholds.stability_limit {
        Regime::Oscillating
    } else {
        Regime::Divergent
    }
}

/// The factor in `x_{k+1} − c = (1 − 2aη)(x_k − c)`.
pub fn contraction_factor(a: f64, learning_rate: f64) -> f64 {
    1.0 - 2.0 * a * learning_rate
}

/// The iterates of a gradient-descent run.
#[derive(Clone, Debug, PartialEq)]
pub struct Iterates {
    /// `xs[0] = x₀`, `xs[k]` after `k` steps; only finite values with `|x| ≤ 10⁶`.
    pub xs: Vec<f64>,
    /// The step `k` whose result left `|x| ≤ 10⁶` or was not finite; that value is not stored.
    pub diverged_at: Option<usize>,
}

/// Beyond this magnitude a run counts as diverged and stops.
pub const DIVERGENCE_MAGNITUDE: f64 = 1e6;

/// Runs `x ← x − η f'(x)` for `steps` steps from `x0`, stopping early at divergence.
pub fn gradient_descent_1d(f: &Function1d, x0: f64, learning_rate: f64, steps: usize) -> Iterates {
    let is_diverged = |x: f64| !x.is_finite() || x.abs() > DIVERGENCE_MAGNITUDE;
    if is_diverged(x0) {
        return Iterates {
            xs: Vec::new(),
            diverged_at: Some(0),
        };
    }
    let mut xs = Vec::with_capacity(steps + 1);
    xs.push(x0);
    let mut x = x0;
    for step in 1..=steps {
        x -= learning_rate * f.derivative(x);
        if is_diverged(x) {
            return Iterates {
                xs,
                diverged_at: Some(step),
            };
        }
        xs.push(x);
    }
    Iterates {
        xs,
        diverged_at: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_relative(actual: f64, expected: f64, relative: f64) {
        assert!(
            (actual - expected).abs() <= relative * expected.abs(),
            "got {actual}, expected {expected}"
        );
    }

    #[test]
    fn article_example_follows_the_closed_form() {
        // x_{k+1} = x_k − 0.1(2x_k − 2) = 0.8 x_k + 0.2, so x_k − 1 = 0.8^k (x_0 − 1) = 4·0.8^k.
        let run = gradient_descent_1d(&Function1d::ArticleQuadratic, 5.0, 0.1, 100);
        assert_eq!(run.xs.len(), 101);
        assert_eq!(run.diverged_at, None);
        assert_eq!(run.xs[0], 5.0);
        for k in [1, 2, 10, 100] {
            assert_relative(run.xs[k], 1.0 + 4.0 * 0.8f64.powi(k as i32), 1e-12);
        }
        // By hand: x_1 = 5 − 0.1·8 = 4.2, x_2 = 4.2 − 0.1·6.4 = 3.56.
        assert_relative(run.xs[1], 4.2, 1e-15);
        assert_relative(run.xs[2], 3.56, 1e-15);
    }

    #[test]
    fn article_thresholds() {
        assert_eq!(
            Function1d::ArticleQuadratic.as_quadratic(),
            Some((1.0, 1.0))
        );
        assert_eq!(
            quadratic_thresholds(1.0),
            RegimeThresholds {
                one_step: 0.5,
                stability_limit: 1.0
            }
        );
        assert_eq!(
            quadratic_thresholds(4.0),
            RegimeThresholds {
                one_step: 0.125,
                stability_limit: 0.25
            }
        );
        assert_eq!(contraction_factor(1.0, 0.1), 0.8);
        assert_eq!(contraction_factor(1.0, 1.0), -1.0);
    }

    #[test]
    fn regimes_of_the_article_function() {
        let f = Function1d::ArticleQuadratic;
        assert_eq!(quadratic_regime(1.0, 0.3), Regime::Monotone);
        let monotone = gradient_descent_1d(&f, 5.0, 0.3, 20);
        assert!(
            monotone
                .xs
                .windows(2)
                .all(|pair| pair[1] < pair[0] && pair[1] > 1.0)
        );

        assert_eq!(quadratic_regime(1.0, 0.5), Regime::OneStep);
        let one_step = gradient_descent_1d(&f, 5.0, 0.5, 3);
        assert_eq!(one_step.xs, vec![5.0, 1.0, 1.0, 1.0]);

        assert_eq!(quadratic_regime(1.0, 0.7), Regime::Oscillating);
        let oscillating = gradient_descent_1d(&f, 5.0, 0.7, 30);
        // Factor −0.4: the sign of x_k − 1 alternates and its magnitude shrinks.
        for pair in oscillating.xs.windows(2) {
            let (before, after) = (pair[0] - 1.0, pair[1] - 1.0);
            assert!(before * after < 0.0, "{before} then {after}");
            assert!(after.abs() < before.abs());
        }

        assert_eq!(quadratic_regime(1.0, 1.0), Regime::PeriodTwo);
        let bounce = gradient_descent_1d(&f, 5.0, 1.0, 4);
        // x_1 = 5 − 1·8 = −3, x_2 = −3 − 1·(−8) = 5.
        assert_eq!(bounce.xs, vec![5.0, -3.0, 5.0, -3.0, 5.0]);

        assert_eq!(quadratic_regime(1.0, 1.1), Regime::Divergent);
        let divergent = gradient_descent_1d(&f, 5.0, 1.1, 100);
        // x_k = 1 + 4·(−1.2)^k: x_68 = 1 + 4·1.2^68 ≈ 9.7e5 is kept, x_69 ≈ −1.16e6 is past 1e6.
        assert_eq!(divergent.diverged_at, Some(69));
        assert_eq!(divergent.xs.len(), 69);
        assert!(
            divergent
                .xs
                .iter()
                .all(|x| x.is_finite() && x.abs() <= DIVERGENCE_MAGNITUDE)
        );
    }

    #[test]
    fn regime_boundaries_tolerate_rounding_only() {
        // a = 3: 1/(2a) = 1/6 is not representable; the computed value must still count as exact.
        assert_eq!(quadratic_regime(3.0, 1.0 / 6.0), Regime::OneStep);
        assert_eq!(
            quadratic_regime(3.0, 1.0 / 6.0 * (1.0 + 1e-14)),
            Regime::OneStep
        );
        assert_eq!(
            quadratic_regime(3.0, 1.0 / 6.0 * (1.0 + 1e-9)),
            Regime::Oscillating
        );
        assert_eq!(
            quadratic_regime(3.0, 1.0 / 3.0 * (1.0 - 1e-9)),
            Regime::Oscillating
        );
        assert_eq!(quadratic_regime(3.0, 1.0 / 3.0), Regime::PeriodTwo);
        assert_eq!(
            quadratic_regime(3.0, 1.0 / 3.0 * (1.0 + 1e-9)),
            Regime::Divergent
        );
        assert_eq!(quadratic_regime(1.0, 0.0), Regime::Monotone);
        assert_eq!(quadratic_regime(1.0, -0.1), Regime::Divergent);
        assert_eq!(quadratic_regime(0.0, 0.1), Regime::NotConvex);
        assert_eq!(quadratic_regime(-1.0, 0.1), Regime::NotConvex);
    }

    #[test]
    fn general_quadratic_contracts_by_the_factor() {
        let f = Function1d::Quadratic { a: 2.5, c: -1.0 };
        let run = gradient_descent_1d(&f, 3.0, 0.05, 10);
        // Factor 1 − 2·2.5·0.05 = 0.75: x_k + 1 = 4·0.75^k.
        for (k, x) in run.xs.iter().enumerate() {
            assert_relative(x + 1.0, 4.0 * 0.75f64.powi(k as i32), 1e-13);
        }
        assert_eq!(f.value(1.0), 10.0);
        assert_eq!(f.derivative(1.0), 10.0);
        assert_eq!(f.second_derivative(7.0), 5.0);
    }

    #[test]
    fn non_convex_minimizers_are_the_roots_of_the_cubic() {
        // Independent check: bisection on f'(x) = 4x³ − 6x + 1 in brackets read off its sign
        // changes, f'(−2) = −19 < 0 < f'(−1) = 3 and f'(1) = −1 < 0 < f'(2) = 21.
        let f = Function1d::NonConvex;
        let bisect = |mut low: f64, mut high: f64| {
            for _ in 0..200 {
                let middle = 0.5 * (low + high);
                if f.derivative(middle) < 0.0 {
                    low = middle
                } else {
                    high = middle
                }
            }
            0.5 * (low + high)
        };
        let global = bisect(-2.0, -1.0);
        let local = bisect(1.0, 2.0);
        assert!((global - NON_CONVEX_MINIMIZERS[0]).abs() < 1e-15);
        assert!((local - NON_CONVEX_MINIMIZERS[1]).abs() < 1e-15);
        assert!(f.second_derivative(global) > 0.0 && f.second_derivative(local) > 0.0);
        assert!(f.value(global) < f.value(local));
        // f at the minimizers, from the 30-digit solution: −3.51390503893… and −1.07023018177….
        assert!((f.value(global) - -3.513905038934789).abs() < 1e-14);
        assert!((f.value(local) - -1.070230181776154).abs() < 1e-14);
        // The maximizer: f'(x) changes sign from + to − there (bracket f'(0) = 1, f'(1) = −1).
        let mut low = 0.0;
        let mut high = 1.0;
        for _ in 0..200 {
            let middle = 0.5 * (low + high);
            if f.derivative(middle) > 0.0 {
                low = middle
            } else {
                high = middle
            }
        }
        assert!((low - NON_CONVEX_MAXIMIZER).abs() < 1e-15);
        assert_eq!(f.as_quadratic(), None);
    }

    #[test]
    fn non_convex_basin_depends_on_the_start() {
        let f = Function1d::NonConvex;
        let left = gradient_descent_1d(&f, 0.1, 0.01, 2000);
        let right = gradient_descent_1d(&f, 0.2, 0.01, 2000);
        // Starting either side of the maximizer 0.1699 picks the minimum on that side.
        assert!((left.xs.last().unwrap() - NON_CONVEX_MINIMIZERS[0]).abs() < 1e-9);
        assert!((right.xs.last().unwrap() - NON_CONVEX_MINIMIZERS[1]).abs() < 1e-9);
    }

    #[test]
    fn non_finite_start_is_reported_without_storing_it() {
        let run = gradient_descent_1d(&Function1d::ArticleQuadratic, f64::NAN, 0.1, 10);
        assert_eq!(
            run,
            Iterates {
                xs: Vec::new(),
                diverged_at: Some(0)
            }
        );
        let huge = gradient_descent_1d(&Function1d::NonConvex, 1e5, 0.1, 10);
        // f'(1e5) ≈ 4e15: the first step leaves the window.
        assert_eq!(huge.diverged_at, Some(1));
        assert_eq!(huge.xs, vec![1e5]);
    }

    #[test]
    fn latex_of_each_function() {
        assert_eq!(Function1d::ArticleQuadratic.latex(), "f(x) = x^2 - 2x + 1");
        assert_eq!(
            Function1d::Quadratic { a: 2.5, c: -1.0 }.latex(),
            r"f(x) = 2.5\,(x + 1)^2"
        );
        assert_eq!(
            Function1d::Quadratic { a: 1.0, c: 0.75 }.latex(),
            "f(x) = (x - 0.75)^2"
        );
        assert_eq!(
            Function1d::Quadratic { a: 0.5, c: 0.0 }.latex(),
            r"f(x) = 0.5\,x^2"
        );
        assert_eq!(Function1d::NonConvex.latex(), "f(x) = x^4 - 3x^2 + x");
    }

    #[test]
    fn labels_and_descriptions_are_distinct() {
        let all = [
            Regime::Monotone,
            Regime::OneStep,
            Regime::Oscillating,
            Regime::PeriodTwo,
            Regime::Divergent,
            Regime::NotConvex,
        ];
        for (index, regime) in all.iter().enumerate() {
            for other in &all[index + 1..] {
                assert_ne!(regime.label(), other.label());
                assert_ne!(regime.description(), other.description());
            }
        }
    }
}
