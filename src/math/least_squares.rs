//! Polynomial least squares with an optional ridge penalty, solved by QR (nalgebra).
//!
//! The fit is a polynomial in the standardised input z = (x − mean) / std, because the
//! Vandermonde columns 1, x, x², … of raw inputs (house sizes near 100 m² give x⁸ ≈ 10¹⁶)
//! are wildly different in scale and nearly parallel, which makes XᵀX hopelessly
//! ill-conditioned; centred and scaled, the columns stay of order one. The ridge penalty
//! λ‖β₁..β_d‖² never touches the intercept β₀ (shrinking it would pull the whole curve
//! towards y = 0, which depends on where the y axis happens to be), and it is solved as the
//! ordinary least squares problem of the augmented system [X; √λ D] β ≈ [y; 0], with D the
//! identity without its first row, again by QR: the normal equations are shown, never solved.

use crate::number_text::parse_f64;
use nalgebra::{DMatrix, DVector};
use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::{Distribution, Normal};

use super::coordinates::round_coordinate;

/// A data point (x, y).
pub type Point = (f64, f64);

/// The result of a polynomial least squares fit.
#[derive(Clone, Debug, PartialEq)]
pub struct PolynomialFit {
    /// The polynomial's degree d.
    pub degree: usize,
    /// The ridge penalty λ (0: ordinary least squares).
    pub lambda: f64,
    /// The mean of the inputs x, subtracted before fitting.
    pub x_mean: f64,
    /// The (population) standard deviation of x that z = (x − mean) / std divides by (1 when
    /// all x are equal).
    pub x_scale: f64,
    /// β₀..β_d: the coefficients of 1, z, …, z^d.
    pub coefficients: Vec<f64>,
    /// The fitted values ŷᵢ, in the order of the points.
    pub fitted: Vec<f64>,
    /// The sum of squared residuals Σ(yᵢ − ŷᵢ)².
    pub sse: f64,
    /// The total sum of squares Σ(yᵢ − ȳ)².
    pub sst: f64,
    /// The matrix of the normal equations, XᵀX + λD (D: the identity with D₀₀ = 0).
    pub normal_matrix: DMatrix<f64>,
    /// Their right-hand side Xᵀy.
    pub normal_rhs: DVector<f64>,
    /// The 2-norm condition number of XᵀX (σ_max² / σ_min² of X), infinite when X is rank
    /// deficient.
    pub condition_xtx: f64,
}

impl PolynomialFit {
    /// R² = 1 − SSE/SST, or None when all y are equal (SST = 0: nothing to explain).
    pub fn r_squared(&self) -> Option<f64> {
        (self.sst > 0.0).then(|| 1.0 - self.sse / self.sst)
    }

    /// The fitted polynomial at x.
    pub fn predict(&self, x: f64) -> f64 {
        let z = (x - self.x_mean) / self.x_scale;
        // Horner's rule.
        self.coefficients
            .iter()
            .rev()
            .fold(0.0, |acc, c| acc * z + c)
    }

    /// The Euclidean norm of the penalised coefficients β₁..β_d.
    pub fn penalised_norm(&self) -> f64 {
        self.coefficients[1..]
            .iter()
            .map(|c| c * c)
            .sum::<f64>()
            .sqrt()
    }
}

/// The Vandermonde matrix [1, z, …, z^d] of the standardised inputs.
pub fn vandermonde(z: &[f64], degree: usize) -> DMatrix<f64> {
    DMatrix::from_fn(z.len(), degree + 1, |row, column| {
        z[row].powi(column as i32)
    })
}

/// Mean and standard deviation (population; 1 instead of 0 when all x are equal).
pub fn standardisation(xs: &[f64]) -> (f64, f64) {
    let n = xs.len().max(1) as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let variance = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    let scale = variance.sqrt();
    (mean, if scale > 0.0 { scale } else { 1.0 })
}

/// Number of distinct x values (exactly equal ones count once).
pub fn distinct_x_count(points: &[Point]) -> usize {
    let mut xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    xs.len()
}

/// The standardised least squares problem and its normal equations (XᵀX + λD) β = Xᵀy,
/// which exist (and are shown) even when they are singular.
#[derive(Clone, Debug, PartialEq)]
pub struct NormalEquations {
    /// The mean of x.
    pub x_mean: f64,
    /// The standard deviation of x (1 when all x are equal).
    pub x_scale: f64,
    /// The Vandermonde matrix X of z = (x − mean) / scale.
    pub design: DMatrix<f64>,
    /// The targets y.
    pub y: DVector<f64>,
    /// XᵀX + λD.
    pub matrix: DMatrix<f64>,
    /// Xᵀy.
    pub rhs: DVector<f64>,
}

/// Builds [`NormalEquations`] for `points`, `degree` and ridge penalty `lambda`.
pub fn normal_equations(points: &[Point], degree: usize, lambda: f64) -> NormalEquations {
    let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let y = DVector::from_iterator(points.len(), points.iter().map(|p| p.1));
    let (x_mean, x_scale) = standardisation(&xs);
    let z: Vec<f64> = xs.iter().map(|x| (x - x_mean) / x_scale).collect();
    let design = vandermonde(&z, degree);
    let xt = design.transpose();
    let mut matrix = &xt * &design;
    for k in 1..=degree {
        matrix[(k, k)] += lambda;
    }
    let rhs = &xt * &y;
    NormalEquations {
        x_mean,
        x_scale,
        design,
        y,
        matrix,
        rhs,
    }
}

/// Fits a polynomial of `degree` to `points` by least squares with ridge penalty `lambda`
/// on β₁..β_d. Errors (a sentence for the page) when the problem has no unique solution:
/// without ridge, a degree-d polynomial needs d + 1 distinct x values.
pub fn fit_polynomial(
    points: &[Point],
    degree: usize,
    lambda: f64,
) -> Result<PolynomialFit, String> {
    if points.is_empty() {
        return Err("there are no points to fit".to_owned());
    }
    if !(lambda >= 0.0 && lambda.is_finite()) {
        return Err(format!("the ridge penalty λ must be ≥ 0, not {lambda}"));
    }
    let distinct = distinct_x_count(points);
    if lambda == 0.0 && distinct <= degree {
        return Err(format!(
            "singular: a degree-{degree} polynomial needs at least {} distinct x values and the data has {distinct}, so XᵀX is singular and infinitely many curves fit equally well; lower the degree, move a point, or turn on the ridge penalty",
            degree + 1
        ));
    }
    let NormalEquations {
        x_mean,
        x_scale,
        design: x,
        y: ys,
        ..
    } = normal_equations(points, degree, lambda);
    let columns = degree + 1;
    let n = points.len();
    // The augmented system [X; √λ D] β ≈ [y; 0]: its least squares solution minimises
    // ‖y − Xβ‖² + λ‖Dβ‖². With λ = 0 the extra rows are zero and change nothing.
    let root_lambda = lambda.sqrt();
    let augmented = DMatrix::from_fn(n + columns, columns, |row, column| {
        if row < n {
            x[(row, column)]
        } else if row - n == column && column > 0 {
            root_lambda
        } else {
            0.0
        }
    });
    let mut rhs = DVector::zeros(n + columns);
    rhs.rows_mut(0, n).copy_from(&ys);
    let qr = augmented.qr();
    let r = qr.r();
    // A (numerically) zero diagonal entry of R means dependent columns: no unique fit.
    let largest = r.diagonal().amax();
    if r.diagonal()
        .iter()
        .any(|d| d.abs() <= 1e-12 * largest.max(1e-300))
    {
        return Err(
            "singular: the columns of the design matrix are (numerically) dependent; lower the degree or turn on the ridge penalty".to_owned(),
        );
    }
    let qty = qr.q().transpose() * &rhs;
    let beta = r
        .solve_upper_triangular(&qty.rows(0, columns).into_owned())
        .ok_or_else(|| "singular: R has a zero on its diagonal".to_owned())?;
    let fitted_vector = &x * &beta;
    let residuals = &ys - &fitted_vector;
    let y_mean = ys.mean();
    let sse = residuals.norm_squared();
    let sst = ys.iter().map(|y| (y - y_mean).powi(2)).sum::<f64>();
    let NormalEquations {
        matrix: normal_matrix,
        rhs: normal_rhs,
        ..
    } = normal_equations(points, degree, lambda);
    let singular_values = x.clone().svd(false, false).singular_values;
    let (s_max, s_min) = (singular_values.max(), singular_values.min());
    let condition_xtx = if n < columns || s_min <= s_max * 1e-15 {
        f64::INFINITY
    } else {
        (s_max / s_min).powi(2)
    };
    Ok(PolynomialFit {
        degree,
        lambda,
        x_mean,
        x_scale,
        coefficients: beta.iter().copied().collect(),
        fitted: fitted_vector.iter().copied().collect(),
        sse,
        sst,
        normal_matrix,
        normal_rhs,
        condition_xtx,
    })
}

/// The presets' data sets, all seeded so that a link reproduces them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Twelve illustrative houses: size in m², price in k€ (article 001 prints no data).
    Houses,
    /// A noisy straight line.
    NoisyLine,
    /// A noisy cubic.
    NoisyCubic,
    /// A line with one gross outlier.
    Outlier,
}

/// The points of a preset (two decimals).
pub fn preset_points(preset: Preset) -> Vec<Point> {
    let mut rng = ChaCha8Rng::seed_from_u64(match preset {
        Preset::Houses => 1,
        Preset::NoisyLine => 2,
        Preset::NoisyCubic => 3,
        Preset::Outlier => 4,
    });
    let noise = |rng: &mut ChaCha8Rng, sd: f64| {
        Normal::new(0.0, sd)
            .map(|normal| normal.sample(rng))
            .unwrap_or(0.0)
    };
    let points: Vec<Point> = match preset {
        Preset::Houses => (0..12)
            .map(|i| {
                // Sizes spread over 50..200 m², price ≈ 40 k€ + 2.6 k€/m² plus noise.
                let size = 50.0 + 150.0 * (i as f64 + rng.random::<f64>()) / 12.0;
                (
                    size.round(),
                    (40.0 + 2.6 * size + noise(&mut rng, 30.0)).round(),
                )
            })
            .collect(),
        Preset::NoisyLine => (0..15)
            .map(|i| {
                let x = i as f64 * 10.0 / 14.0;
                (x, 1.0 + 0.8 * x + noise(&mut rng, 1.0))
            })
            .collect(),
        Preset::NoisyCubic => (0..16)
            .map(|i| {
                let x = -2.0 + 4.0 * i as f64 / 15.0;
                (x, x * x * x - 3.0 * x + noise(&mut rng, 0.6))
            })
            .collect(),
        Preset::Outlier => (0..12)
            .map(|i| {
                let x = i as f64 * 10.0 / 11.0;
                let y = 2.0 + 0.5 * x + noise(&mut rng, 0.4);
                // One gross outlier: squared residuals let it pull the whole line.
                (x, if i == 9 { y + 8.0 } else { y })
            })
            .collect(),
    };
    points
        .into_iter()
        .map(|(x, y)| (round_coordinate(x), round_coordinate(y)))
        .collect()
}

/// Parses `x,y;x,y;…` (spaces allowed): at least 2 and at most `max_points` finite points.
/// Reads points from a CSV file: one `x,y` pair per line (commas, semicolons or tabs between
/// them; more columns are ignored), blank lines skipped, and a first line that is not two
/// numbers taken as a header. Numbers follow the same rules as [`parse_points`].
pub fn parse_points_csv(text: &str, max_points: usize) -> Result<Vec<Point>, String> {
    let mut pairs = Vec::new();
    let mut first_line = true;
    for (index, line) in text.lines().map(str::trim).enumerate() {
        if line.is_empty() {
            continue;
        }
        let mut fields = line.split([',', ';', '\t']).map(str::trim);
        let (Some(x), Some(y)) = (fields.next(), fields.next()) else {
            return Err(format!("line {}: “{line}” is not x,y", index + 1));
        };
        let numeric = parse_f64(x).is_some() && parse_f64(y).is_some();
        if !numeric && first_line {
            first_line = false;
            continue; // A header such as "x,y".
        }
        first_line = false;
        pairs.push(format!("{x},{y}"));
    }
    parse_points(&pairs.join(";"), max_points)
}

pub fn parse_points(text: &str, max_points: usize) -> Result<Vec<Point>, String> {
    let expected = "expected points as x,y;x,y;… (at least 2)";
    let mut points = Vec::new();
    for pair in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (x, y) = pair
            .split_once(',')
            .ok_or_else(|| format!("“{pair}” is not a point x,y; {expected}"))?;
        let number = |s: &str| -> Result<f64, String> {
            let value = parse_f64(s.trim())
                .ok_or_else(|| format!("“{}” is not a number; {expected}", s.trim()))?;
            if value.is_finite() && value.abs() <= 1e6 {
                Ok(value)
            } else {
                Err(format!(
                    "“{}” is not a number from −10⁶ to 10⁶; {expected}",
                    s.trim()
                ))
            }
        };
        points.push((number(x)?, number(y)?));
    }
    if points.len() < 2 {
        return Err(format!("“{text}” has fewer than 2 points; {expected}"));
    }
    if points.len() > max_points {
        return Err(format!("at most {max_points} points, not {}", points.len()));
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_points_with_header_and_separators() {
        let text = "size,price\n50,150\n\n 80 ; 210 \n120\t300\textra\n";
        assert_eq!(
            parse_points_csv(text, 40).unwrap(),
            vec![(50.0, 150.0), (80.0, 210.0), (120.0, 300.0)]
        );
        assert!(parse_points_csv("x,y\n1,2\nthree,4\n", 40).is_err());
        assert!(
            parse_points_csv("1,2\n", 40).is_err(),
            "one point is too few"
        );
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * (1.0 + b.abs())
    }

    #[test]
    fn exact_fit_through_points_on_a_known_cubic() {
        // y = 1 − 2x + 0.5x³ at seven x: the cubic fit reproduces it, SSE = 0, R² = 1.
        let points: Vec<Point> = (-3..=3)
            .map(|i| {
                let x = i as f64;
                (x, 1.0 - 2.0 * x + 0.5 * x.powi(3))
            })
            .collect();
        let fit = fit_polynomial(&points, 3, 0.0).unwrap();
        assert!(fit.sse < 1e-20, "{}", fit.sse);
        assert!(close(fit.r_squared().unwrap(), 1.0, 1e-12));
        for x in [-2.5, 0.3, 4.0] {
            assert!(close(
                fit.predict(x),
                1.0 - 2.0 * x + 0.5 * x.powi(3),
                1e-10
            ));
        }
        // x̄ = 0, std = 2 (population variance of −3..3 is 28/7 = 4), so in z = x/2:
        // y = 1 − 4z + 4z³.
        assert_eq!((fit.x_mean, fit.x_scale), (0.0, 2.0));
        for (c, want) in fit.coefficients.iter().zip([1.0, -4.0, 0.0, 4.0]) {
            assert!((c - want).abs() < 1e-12, "{:?}", fit.coefficients);
        }
    }

    #[test]
    fn line_fit_matches_the_closed_form_and_r_squared_by_hand() {
        // Points (0,1), (1,3), (2,2), (3,5): slope = Sxy/Sxx = 5.5/5 = 1.1, intercept
        // ȳ − slope x̄ = 2.75 − 1.65 = 1.1. Fitted 1.1, 2.2, 3.3, 4.4; residuals
        // −0.1, 0.8, −1.3, 0.6: SSE = 0.01 + 0.64 + 1.69 + 0.36 = 2.7; SST = 8.75.
        let points = [(0.0, 1.0), (1.0, 3.0), (2.0, 2.0), (3.0, 5.0)];
        let fit = fit_polynomial(&points, 1, 0.0).unwrap();
        assert!(close(fit.predict(0.0), 1.1, 1e-12));
        assert!(close(fit.predict(1.0) - fit.predict(0.0), 1.1, 1e-12));
        assert!(close(fit.sse, 2.7, 1e-12));
        assert!(close(fit.sst, 8.75, 1e-12));
        assert!(close(fit.r_squared().unwrap(), 1.0 - 2.7 / 8.75, 1e-12));
        // Normal equations in z = (x − 1.5)/√1.25: XᵀX = diag(4, 4), Xᵀy = (11, 5.5/√1.25).
        assert!(close(fit.normal_matrix[(0, 0)], 4.0, 1e-12));
        assert!(fit.normal_matrix[(0, 1)].abs() < 1e-12);
        assert!(close(fit.normal_matrix[(1, 1)], 4.0, 1e-12));
        assert!(close(fit.normal_rhs[0], 11.0, 1e-12));
        assert!(close(fit.normal_rhs[1], 5.5 / 1.25f64.sqrt(), 1e-12));
        assert!(close(fit.condition_xtx, 1.0, 1e-12));
    }

    #[test]
    fn qr_solution_equals_the_normal_equations_solution() {
        for (preset, degree) in [
            (Preset::Houses, 1),
            (Preset::NoisyCubic, 3),
            (Preset::NoisyLine, 2),
        ] {
            for lambda in [0.0, 0.5] {
                let fit = fit_polynomial(&preset_points(preset), degree, lambda).unwrap();
                let direct = fit
                    .normal_matrix
                    .clone()
                    .cholesky()
                    .unwrap()
                    .solve(&fit.normal_rhs);
                for (a, b) in fit.coefficients.iter().zip(direct.iter()) {
                    assert!(
                        close(*a, *b, 1e-9),
                        "{preset:?} {degree} {lambda}: {a} vs {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn ridge_shrinks_coefficients_monotonically_to_zero_except_the_intercept() {
        let points = preset_points(Preset::NoisyCubic);
        let y_mean = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
        let mut previous = f64::INFINITY;
        for lambda in [0.0, 1e-4, 1e-2, 0.1, 1.0, 10.0, 100.0, 1e3, 1e6, 1e9] {
            let fit = fit_polynomial(&points, 5, lambda).unwrap();
            let norm = fit.penalised_norm();
            assert!(norm < previous, "λ = {lambda}: {norm} ≥ {previous}");
            previous = norm;
            if lambda == 1e9 {
                assert!(norm < 1e-6, "{norm}");
                // With every other coefficient gone, the intercept is the mean of y.
                assert!(close(fit.coefficients[0], y_mean, 1e-6));
            }
        }
    }

    #[test]
    fn degree_n_minus_one_interpolates_and_higher_is_reported() {
        let points = [(0.0, 1.0), (1.0, -2.0), (2.5, 0.5), (4.0, 3.0)];
        let fit = fit_polynomial(&points, 3, 0.0).unwrap();
        assert!(fit.sse < 1e-20);
        for (x, y) in points {
            assert!(close(fit.predict(x), y, 1e-10));
        }
        let error = fit_polynomial(&points, 4, 0.0).unwrap_err();
        assert!(error.starts_with("singular"), "{error}");
        // Ridge makes the problem well posed again.
        assert!(fit_polynomial(&points, 6, 0.01).is_ok());
    }

    #[test]
    fn duplicate_x_gives_a_message_not_a_panic() {
        let points = [(1.0, 1.0), (1.0, 2.0), (2.0, 0.0)];
        assert!(fit_polynomial(&points, 1, 0.0).is_ok());
        assert!(
            fit_polynomial(&points, 2, 0.0)
                .unwrap_err()
                .contains("the data has 2")
        );
        let same = [(3.0, 1.0), (3.0, 2.0)];
        assert!(fit_polynomial(&same, 1, 0.0).is_err());
        // All y equal: a perfect fit whose R² is undefined, not NaN.
        let flat = fit_polynomial(&[(0.0, 2.0), (1.0, 2.0), (2.0, 2.0)], 1, 0.0).unwrap();
        assert_eq!(flat.r_squared(), None);
    }

    #[test]
    fn presets_are_seeded_and_parse_back() {
        let houses = preset_points(Preset::Houses);
        assert_eq!(houses.len(), 12);
        assert_eq!(houses, preset_points(Preset::Houses));
        assert!(
            houses
                .iter()
                .all(|(size, price)| (50.0..=200.0).contains(size) && *price > 100.0)
        );
        let text = "1,2; 3.5,-4;";
        assert_eq!(parse_points(text, 10), Ok(vec![(1.0, 2.0), (3.5, -4.0)]));
        assert!(parse_points("1,5", 10).is_err());
        assert!(parse_points("1,2;3", 10).is_err());
        assert!(parse_points("1,2;NaN,3", 10).is_err());
        assert!(parse_points("1,2;3,4;5,6", 2).is_err());
    }
}
