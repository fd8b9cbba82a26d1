//! `numpy.gradient` for one-dimensional data, reproduced operation for operation so the
//! calculus demos can print what an article's NumPy code printed, bit for bit, next to the
//! exact derivative.
//!
//! NumPy estimates the derivative of samples `f[i]` taken at `x[i]` with second-order central
//! differences inside and one-sided differences at the two ends (first order by default,
//! `edge_order=2` for second order). With unequal spacing it uses the three-point formula
//! that is exact for quadratics,
//!
//! ```text
//! f′(x_i) ≈ a f[i−1] + b f[i] + c f[i+1],   hs = x_i − x_{i−1}, hd = x_{i+1} − x_i,
//! a = −hd / (hs (hs + hd)),  b = (hd − hs) / (hs hd),  c = hs / (hd (hs + hd)).
//! ```
//!
//! When every spacing is equal (NumPy compares the differences of `x` exactly) it switches to
//! the plain `(f[i+1] − f[i−1]) / 2h`, and the rounding differs from the general formula, so
//! this module makes the same switch. Called without coordinates (`np.gradient(f)`) the
//! spacing is 1: the samples are assumed to sit at 0, 1, 2, … whatever the x they came from,
//! which is the mistake of the product-rule example in *Mathematical Foundations for Deep
//! Learning* (it differentiates at the unsorted points 2, 3, 1).

/// How the two end points are estimated, as NumPy's `edge_order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeOrder {
    /// `(f[1] − f[0]) / h₀`: first order, NumPy's default.
    First,
    /// The one-sided three-point formula, exact for quadratics.
    Second,
}

/// Why NumPy would raise instead of returning a gradient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GradientError {
    /// NumPy needs at least `edge_order + 1` samples.
    TooFewSamples { needed: usize, given: usize },
    /// `x` and `f` have different lengths.
    LengthMismatch { x: usize, f: usize },
}

impl std::fmt::Display for GradientError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GradientError::TooFewSamples { needed, given } => write!(
                formatter,
                "the gradient needs at least {needed} samples, {given} given"
            ),
            GradientError::LengthMismatch { x, f } => write!(
                formatter,
                "{x} coordinates for {f} values: they must have the same length"
            ),
        }
    }
}

impl std::error::Error for GradientError {}

/// `np.gradient(f)`: unit spacing.
pub fn gradient_unit(f: &[f64], edge: EdgeOrder) -> Result<Vec<f64>, GradientError> {
    gradient_uniform(f, 1.0, edge)
}

/// `np.gradient(f, h)` for a scalar spacing `h`.
pub fn gradient_uniform(f: &[f64], h: f64, edge: EdgeOrder) -> Result<Vec<f64>, GradientError> {
    check_length(f.len(), edge)?;
    let n = f.len();
    let mut out = vec![0.0; n];
    for i in 1..n - 1 {
        out[i] = (f[i + 1] - f[i - 1]) / (2.0 * h);
    }
    match edge {
        EdgeOrder::First => {
            out[0] = (f[1] - f[0]) / h;
            out[n - 1] = (f[n - 1] - f[n - 2]) / h;
        }
        EdgeOrder::Second => {
            // NumPy: a = −1.5/h, b = 2/h, c = −0.5/h (and mirrored at the end).
            let (a, b, c) = (-1.5 / h, 2.0 / h, -0.5 / h);
            out[0] = a * f[0] + b * f[1] + c * f[2];
            let (a, b, c) = (0.5 / h, -2.0 / h, 1.5 / h);
            out[n - 1] = a * f[n - 3] + b * f[n - 2] + c * f[n - 1];
        }
    }
    Ok(out)
}

/// `np.gradient(f, x)` with coordinates `x` (increasing or not, as NumPy does not check).
/// Equal spacings take NumPy's uniform path with `h = x[1] − x[0]`.
pub fn gradient_at(x: &[f64], f: &[f64], edge: EdgeOrder) -> Result<Vec<f64>, GradientError> {
    if x.len() != f.len() {
        return Err(GradientError::LengthMismatch {
            x: x.len(),
            f: f.len(),
        });
    }
    check_length(f.len(), edge)?;
    let dx: Vec<f64> = x.windows(2).map(|w| w[1] - w[0]).collect();
    if dx.iter().all(|&d| d == dx[0]) {
        return gradient_uniform(f, dx[0], edge);
    }
    let n = f.len();
    let mut out = vec![0.0; n];
    for i in 1..n - 1 {
        let (dx1, dx2) = (dx[i - 1], dx[i]);
        let a = -dx2 / (dx1 * (dx1 + dx2));
        let b = (dx2 - dx1) / (dx1 * dx2);
        let c = dx1 / (dx2 * (dx1 + dx2));
        out[i] = a * f[i - 1] + b * f[i] + c * f[i + 1];
    }
    match edge {
        EdgeOrder::First => {
            out[0] = (f[1] - f[0]) / dx[0];
            out[n - 1] = (f[n - 1] - f[n - 2]) / dx[n - 2];
        }
        EdgeOrder::Second => {
            let (dx1, dx2) = (dx[0], dx[1]);
            let a = -(2.0 * dx1 + dx2) / (dx1 * (dx1 + dx2));
            let b = (dx1 + dx2) / (dx1 * dx2);
            let c = -dx1 / (dx2 * (dx1 + dx2));
            out[0] = a * f[0] + b * f[1] + c * f[2];
            let (dx1, dx2) = (dx[n - 3], dx[n - 2]);
            let a = dx2 / (dx1 * (dx1 + dx2));
            let b = -(dx2 + dx1) / (dx1 * dx2);
            let c = (2.0 * dx2 + dx1) / (dx2 * (dx1 + dx2));
            out[n - 1] = a * f[n - 3] + b * f[n - 2] + c * f[n - 1];
        }
    }
    Ok(out)
}

fn check_length(n: usize, edge: EdgeOrder) -> Result<(), GradientError> {
    let needed = match edge {
        EdgeOrder::First => 2,
        EdgeOrder::Second => 3,
    };
    if n < needed {
        return Err(GradientError::TooFewSamples { needed, given: n });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_articles_example_gives_what_numpy_gives() {
        // Mathematical Foundations for Deep Learning: np.gradient(y, x) with x = [0, 1, 2, 3, 4],
        // y = [0, 10, 40, 90, 160]. By hand: edges (10 − 0)/1 and (160 − 90)/1, inside
        // (40 − 0)/2, (90 − 10)/2, (160 − 40)/2 → [10, 20, 40, 60, 70] (NumPy 2.1 prints
        // [10. 20. 40. 60. 70.]; the article's "[3 432 27 48 675]" is not what the code prints).
        let x = [0.0, 1.0, 2.0, 3.0, 4.0];
        let y = [0.0, 10.0, 40.0, 90.0, 160.0];
        let expected = [10.0, 20.0, 40.0, 60.0, 70.0];
        assert_eq!(gradient_at(&x, &y, EdgeOrder::First).unwrap(), expected);
        assert_eq!(gradient_unit(&y, EdgeOrder::First).unwrap(), expected);
        // Second-order edges, by hand: (−1.5·0 + 2·10 − 0.5·40) = 0, (0.5·40 − 2·90 + 1.5·160) = 80,
        // the exact derivative 10·2x of y = 10x² at 0 and 4.
        assert_eq!(
            gradient_at(&x, &y, EdgeOrder::Second).unwrap(),
            [0.0, 20.0, 40.0, 60.0, 80.0]
        );
    }

    #[test]
    fn uneven_spacing_is_exact_for_quadratics() {
        // f = x² at x = [0, 1, 3]: inside hs = 1, hd = 2, a = −2/3, b = 1/2, c = 1/6, so
        // f′(1) ≈ 0·a + 1·½ + 9/6 = 2 exactly; first-order edges (1 − 0)/1 = 1 and (9 − 1)/2 = 4;
        // second-order edges are exact: 0 and 6.
        let x = [0.0, 1.0, 3.0];
        let f = [0.0, 1.0, 9.0];
        let first = gradient_at(&x, &f, EdgeOrder::First).unwrap();
        assert_eq!(first[0], 1.0);
        assert!((first[1] - 2.0).abs() < 1e-15);
        assert_eq!(first[2], 4.0);
        let second = gradient_at(&x, &f, EdgeOrder::Second).unwrap();
        assert!(second[0].abs() < 1e-15 && (second[2] - 6.0).abs() < 1e-14);
    }

    #[test]
    fn too_few_samples_and_mismatched_lengths_are_errors() {
        assert_eq!(
            gradient_unit(&[1.0], EdgeOrder::First),
            Err(GradientError::TooFewSamples {
                needed: 2,
                given: 1
            })
        );
        assert_eq!(
            gradient_unit(&[1.0, 2.0], EdgeOrder::Second),
            Err(GradientError::TooFewSamples {
                needed: 3,
                given: 2
            })
        );
        assert_eq!(
            gradient_at(&[0.0, 1.0], &[1.0, 2.0, 3.0], EdgeOrder::First),
            Err(GradientError::LengthMismatch { x: 2, f: 3 })
        );
        // Two samples: both ends are the one difference.
        assert_eq!(
            gradient_unit(&[1.0, 4.0], EdgeOrder::First).unwrap(),
            [3.0, 3.0]
        );
    }
}
