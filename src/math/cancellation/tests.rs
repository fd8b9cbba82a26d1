//! Tests of the cancellation pairs against mpmath at 50 digits, and of the three variance
//! formulas against the exact variance of the stored data (mpmath) and Python loops doing the
//! same float64 operations.

use super::*;

/// |value − reference| / |reference|.
fn relative(value: f64, reference: f64) -> f64 {
    (value - reference).abs() / reference.abs()
}

/// (x, the exact value at x rounded to f64, the naive formula's relative error).
type Reference = (f64, f64, f64);

/// For each formula, from mpmath with `mp.dps = 50` and Python's float64 arithmetic: the
/// value is `float(ref(x))` and the error `abs(mpf(naive(x)) - ref(x)) / abs(ref(x))`, e.g.
/// with naive(x) = (1.0 + x) - 1.0 and ref(x) = mpf(x) for the first.
const REFERENCES: [(Cancellation, [Reference; 4]); 6] = [
    (
        Cancellation::OnePlusMinusOne,
        [
            (1e-15, 1e-15, 0.11022302462515646),
            (1e-08, 1e-08, 6.0774709918447105e-09),
            (0.001, 0.001, 1.1015494072452725e-13),
            (0.5, 0.5, 0.0),
        ],
    ),
    (
        Cancellation::SqrtDifference,
        [
            (0.001, 0.9688770984607772, 1.5641784578354295e-17),
            (1.0, 0.41421356237309503, 2.333891062877676e-16),
            (1e8, 4.9999999875e-05, 1.3617663256016433e-08),
            (1e15, 1.5811388300841893e-08, 0.1780402288468108),
        ],
    ),
    (
        Cancellation::OneMinusCos,
        [
            (1e-09, 5e-19, 1.0),
            (1e-06, 4.999999999999583e-13, 8.890058242444287e-05),
            (0.001, 4.999999583333347e-07, 1.56629722160439e-11),
            (0.5, 0.12241743810962728, 3.4817874415988113e-16),
        ],
    ),
    (
        Cancellation::QuadraticSmallRoot,
        [
            (1e-15, 5.000000000000001e-16, 0.11022302462515618),
            (1e-08, 5.0000000125e-09, 1.3626989454090947e-08),
            (0.001, 0.0005001250625390899, 8.487429809741376e-14),
            (0.5, 0.2928932188134525, 1.6503101971114835e-16),
        ],
    ),
    (
        Cancellation::Log1p,
        [
            (1e-15, 9.999999999999995e-16, 0.11022302462515642),
            (1e-08, 9.999999950000001e-09, 6.077470974441193e-09),
            (0.001, 0.0009995003330835331, 1.1003205069149999e-13),
            (0.5, 0.4054651081081644, 7.105760689016063e-18),
        ],
    ),
    (
        Cancellation::Expm1,
        [
            (1e-15, 1.0000000000000007e-15, 0.1102230246251559),
            (1e-08, 1.0000000050000001e-08, 1.1077470953124022e-08),
            (0.001, 0.0010005001667083417, 4.2886969954890854e-14),
            (0.5, 0.6487212707001282, 7.293684812167974e-17),
        ],
    ),
];

#[test]
fn stable_forms_agree_with_mpmath_to_a_few_ulps() {
    for (formula, points) in REFERENCES {
        for (x, reference, _) in points {
            let error = relative(formula.stable(x), reference);
            assert!(
                error <= 2.0 * f64::EPSILON,
                "{} at {x}: stable {} vs {reference} ({error})",
                formula.id(),
                formula.stable(x)
            );
        }
    }
}

#[test]
fn naive_forms_lose_what_mpmath_says_they_lose() {
    for (formula, points) in REFERENCES {
        for (x, reference, naive_error) in points {
            let error = relative(formula.naive(x), reference);
            // Equal where the error is many ulps (the same rounded operations as Python's);
            // within an ulp of the answer where the libm functions might differ by one.
            assert!(
                (error - naive_error).abs() <= 0.01 * naive_error + 2.0 * f64::EPSILON,
                "{} at {x}: naive error {error} vs {naive_error}",
                formula.id()
            );
            // The demo measures against the stable form; near mpmath's own measurement.
            if let Some(shown) = formula.relative_error(x) {
                assert!(
                    (shown - naive_error).abs() <= 0.01 * naive_error + 3.0 * f64::EPSILON,
                    "{} at {x}: shown {shown} vs {naive_error}",
                    formula.id()
                );
            }
        }
    }
}

#[test]
fn undefined_points_are_reported_not_computed() {
    // No real roots beyond x = 1; eˣ overflows beyond ln(f64::MAX) ≈ 709.78.
    assert!(!Cancellation::QuadraticSmallRoot.defined_at(2.0));
    assert_eq!(Cancellation::QuadraticSmallRoot.relative_error(2.0), None);
    assert!(!Cancellation::Expm1.defined_at(710.0));
    assert!(Cancellation::Expm1.defined_at(709.0));
    assert_eq!(Cancellation::Expm1.relative_error(1e16), None);
    for formula in Cancellation::ALL {
        assert_eq!(Cancellation::from_id(formula.id()), Some(formula));
    }
    assert_eq!(error_curve_grid().len(), 257);
}

#[test]
fn variances_against_mpmath_and_python_loops() {
    // Python 3.11 with the same SplitMix64: xs = [offset + u for 1000 u's, seed 1];
    // exact = mpmath fsum((x − m)²)/n with m = fsum(xs)/n at 60 digits; one-pass, Welford
    // and two-pass are plain float loops (s += x; q += x*x; …).
    let cases = [
        (
            1.0,
            0.08218843142954507,
            0.08218843142953869,
            0.08218843142954511,
        ),
        (
            1e4,
            0.08218843142955572,
            0.08218808472156525,
            0.08218843142955136,
        ),
        (1e9, 0.08218843159824815, 1152.0, 0.08218843055500252),
        (1e12, 0.0821884105860591, 2147483648.0, 0.08217901615798473),
    ];
    for (offset, exact, one_pass, welford) in cases {
        let data = offset_data(offset, 1000, 1);
        let v = variances(&data);
        assert!(
            relative(v.exact, exact) < 4.0 * f64::EPSILON,
            "{offset}: {}",
            v.exact
        );
        assert_eq!(v.one_pass, one_pass, "{offset}");
        assert_eq!(v.welford, welford, "{offset}");
        // np.var's two passes: within about n·ε·(mean/σ)² relative... far better than one pass.
        assert!(
            relative(v.two_pass, exact) < 1e-3,
            "{offset}: {}",
            v.two_pass
        );
    }
    // At 10⁹ the one-pass formula is off by a factor of 14 000; Welford by 1.3·10⁻⁸.
    let v = variances(&offset_data(1e9, 1000, 1));
    assert!(relative(v.one_pass, v.exact) > 1e4);
    assert!(relative(v.welford, v.exact) < 1e-7);
}
