//! Matrices up to 6x6 (m×n for products): parsing the URL-friendly `1,2;3,4` form, the
//! matrix product next to the elementwise (Hadamard) product, transpose, determinant,
//! inverse, rank, norms, eigen decomposition (symmetric and general, complex) and the SVD.
//!
//! Every decomposition is nalgebra's; this file chooses tolerances and turns the degenerate
//! cases (shape mismatch, non-square input, singular or defective matrices) into messages
//! instead of panics or NaN.

use crate::number_text::parse_f64;
use nalgebra::{Complex, DMatrix, DVector, SVD, Schur, SymmetricEigen};

/// The largest number of rows or columns a matrix may have.
pub const MAX_DIMENSION: usize = 6;
/// The largest magnitude an entry may have: keeps every product, determinant and norm of a
/// 6x6 matrix far from overflow.
pub const ENTRY_LIMIT: f64 = 1e6;
/// Relative tolerance for eigen computations: eigenvalues closer than this (times
/// max(1, ‖A‖₂)) are one repeated eigenvalue, and a singular value of A − λI below it counts
/// as zero when the eigenvectors of λ are counted.
pub const EIGEN_TOLERANCE: f64 = 1e-7;

/// A real matrix of any shape.
pub type Matrix = DMatrix<f64>;

/// Why an operation has no result.
#[derive(Clone, Debug, PartialEq)]
pub enum MatrixError {
    /// The shapes do not fit the operation.
    ShapeMismatch {
        operation: &'static str,
        left: (usize, usize),
        right: (usize, usize),
        rule: &'static str,
    },
    /// The operation needs a square matrix.
    NotSquare {
        operation: &'static str,
        shape: (usize, usize),
    },
    /// A is singular to working precision: σ_min ≤ tolerance.
    Singular { sigma_min: f64, tolerance: f64 },
    /// An iterative decomposition did not converge.
    NoConvergence { operation: &'static str },
}

impl std::fmt::Display for MatrixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MatrixError::ShapeMismatch {
                operation,
                left,
                right,
                rule,
            } => write!(
                f,
                "shape mismatch: {operation} of a {}×{} and a {}×{} matrix is undefined ({rule})",
                left.0, left.1, right.0, right.1
            ),
            MatrixError::NotSquare { operation, shape } => write!(
                f,
                "not square: {operation} needs an n×n matrix, A is {}×{}",
                shape.0, shape.1
            ),
            MatrixError::Singular {
                sigma_min,
                tolerance,
            } => write!(
                f,
                "singular: σ_min = {} ≤ tolerance {} (n·ε·σ_max), so A⁻¹ is undefined",
                short_number(*sigma_min),
                short_number(*tolerance)
            ),
            MatrixError::NoConvergence { operation } => {
                write!(f, "{operation} did not converge")
            }
        }
    }
}

/// Four significant digits, for messages.
fn short_number(x: f64) -> String {
    if x == 0.0 {
        "0".to_owned()
    } else if !(1e-3..1e5).contains(&x.abs()) {
        format!("{x:.3e}")
    } else {
        let text = format!("{x:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Parses rows separated by `;` and entries by `,` (`1,2;3,4`); spaces are ignored and a
/// `[[1,2],[3,4]]`-style text is accepted too. Errors name the entry's position.
pub fn parse_matrix(text: &str) -> Result<Matrix, String> {
    let cleaned: String = text
        .trim()
        .replace("],", ";")
        .chars()
        .filter(|c| !matches!(c, '[' | ']'))
        .collect();
    if cleaned.trim().is_empty() {
        return Err(
            "the matrix is empty; write rows separated by ; and entries by , (e.g. 1,2;3,4)"
                .to_owned(),
        );
    }
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for (row_index, row_text) in cleaned.split(';').enumerate() {
        let mut row = Vec::new();
        for (column_index, entry) in row_text.split(',').enumerate() {
            let entry = entry.trim();
            let position = format!("row {}, column {}", row_index + 1, column_index + 1);
            let value = parse_f64(&entry.strip_prefix('+').unwrap_or(entry).replace('−', "-"))
                .ok_or_else(|| {
                    format!("entry at {position} (“{entry}”) is not a number; write rows separated by ; and entries by , (e.g. 1,2;3,4)")
                })?;
            if !value.is_finite() {
                return Err(format!(
                    "entry at {position} (“{entry}”) is not a finite number"
                ));
            }
            if value.abs() > ENTRY_LIMIT {
                return Err(format!(
                    "entry at {position} ({entry}) is too large; entries must be within ±{ENTRY_LIMIT:e}"
                ));
            }
            row.push(value);
        }
        rows.push(row);
    }
    let columns = rows[0].len();
    if let Some((index, row)) = rows.iter().enumerate().find(|(_, r)| r.len() != columns) {
        return Err(format!(
            "row {} has {} entries but row 1 has {columns}; every row needs the same number",
            index + 1,
            row.len()
        ));
    }
    if rows.len() > MAX_DIMENSION || columns > MAX_DIMENSION {
        return Err(format!(
            "the matrix is {}×{columns}; at most {MAX_DIMENSION}×{MAX_DIMENSION} is supported",
            rows.len()
        ));
    }
    Ok(Matrix::from_fn(rows.len(), columns, |i, j| rows[i][j]))
}

/// The URL form of a matrix: `1,2;3,4`, each entry the shortest text that reads back exactly.
pub fn format_matrix(m: &Matrix) -> String {
    (0..m.nrows())
        .map(|i| {
            (0..m.ncols())
                .map(|j| {
                    let text = format!("{:?}", m[(i, j)]);
                    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// The matrix product A·B: entry (i, j) is row i of A dotted with column j of B.
pub fn product(a: &Matrix, b: &Matrix) -> Result<Matrix, MatrixError> {
    if a.ncols() != b.nrows() {
        return Err(MatrixError::ShapeMismatch {
            operation: "the product A·B",
            left: a.shape(),
            right: b.shape(),
            rule: "the columns of A must equal the rows of B",
        });
    }
    Ok(a * b)
}

/// The elementwise (Hadamard) product A∘B, NumPy's `np.multiply` or `*`.
pub fn elementwise(a: &Matrix, b: &Matrix) -> Result<Matrix, MatrixError> {
    if a.shape() != b.shape() {
        return Err(MatrixError::ShapeMismatch {
            operation: "the elementwise product A∘B",
            left: a.shape(),
            right: b.shape(),
            rule: "A and B must have the same shape",
        });
    }
    Ok(a.component_mul(b))
}

fn require_square(a: &Matrix, operation: &'static str) -> Result<(), MatrixError> {
    if a.is_square() {
        Ok(())
    } else {
        Err(MatrixError::NotSquare {
            operation,
            shape: a.shape(),
        })
    }
}

/// The determinant. For integer matrices it is exact: fraction-free Bareiss elimination in
/// 128-bit integers (every intermediate is a minor of A, so the divisions are exact), which
/// gives det [[−1, 2], [3, −4]] = −2 where LU with partial pivoting (NumPy) prints
/// −2.0000000000000004. Otherwise, or if an intermediate would overflow, nalgebra's LU.
pub fn determinant(a: &Matrix) -> Result<f64, MatrixError> {
    require_square(a, "the determinant")?;
    Ok(integer_determinant(a).unwrap_or_else(|| a.clone().lu().determinant()))
}

/// Bareiss elimination over i128, or None when an entry is not an integer or a product
/// would overflow.
fn integer_determinant(a: &Matrix) -> Option<f64> {
    let n = a.nrows();
    let mut m: Vec<Vec<i128>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let x = a[(i, j)];
                    (x.fract() == 0.0).then_some(x as i128)
                })
                .collect::<Option<Vec<_>>>()
        })
        .collect::<Option<Vec<_>>>()?;
    let mut sign = 1i128;
    let mut previous_pivot = 1i128;
    for k in 0..n.saturating_sub(1) {
        if m[k][k] == 0 {
            // Swap in a row with a non-zero pivot; none means det = 0.
            let Some(swap) = (k + 1..n).find(|&i| m[i][k] != 0) else {
                return Some(0.0);
            };
            m.swap(k, swap);
            sign = -sign;
        }
        for i in k + 1..n {
            for j in k + 1..n {
                let value = m[i][j]
                    .checked_mul(m[k][k])?
                    .checked_sub(m[i][k].checked_mul(m[k][j])?)?;
                m[i][j] = value / previous_pivot;
            }
        }
        previous_pivot = m[k][k];
    }
    Some((sign * m[n - 1][n - 1]) as f64)
}

/// The singular values, largest first.
pub fn singular_values(a: &Matrix) -> Vec<f64> {
    let mut values: Vec<f64> = a.clone().singular_values().iter().copied().collect();
    values.sort_by(|x, y| y.total_cmp(x));
    values
}

/// NumPy's `matrix_rank` tolerance: max(m, n) · ε · σ_max.
pub fn rank_tolerance(a: &Matrix, sigma_max: f64) -> f64 {
    a.nrows().max(a.ncols()) as f64 * f64::EPSILON * sigma_max
}

/// The number of singular values above [`rank_tolerance`].
pub fn rank(a: &Matrix) -> usize {
    let sigma = singular_values(a);
    let tolerance = rank_tolerance(a, sigma.first().copied().unwrap_or(0.0));
    sigma.iter().filter(|&&s| s > tolerance).count()
}

/// The inverse, or [`MatrixError::Singular`] with the tolerance used.
pub fn inverse(a: &Matrix) -> Result<Matrix, MatrixError> {
    require_square(a, "the inverse")?;
    let sigma = singular_values(a);
    let sigma_max = sigma.first().copied().unwrap_or(0.0);
    let sigma_min = sigma.last().copied().unwrap_or(0.0);
    let tolerance = rank_tolerance(a, sigma_max);
    if sigma_min <= tolerance {
        return Err(MatrixError::Singular {
            sigma_min,
            tolerance,
        });
    }
    a.clone().try_inverse().ok_or(MatrixError::Singular {
        sigma_min,
        tolerance,
    })
}

/// The matrix norms NumPy's `np.linalg.norm(A, ord)` computes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Norms {
    /// ord=1: the largest column sum of |a_ij|.
    pub l1: f64,
    /// ord=2: the spectral norm, σ_max.
    pub l2: f64,
    /// ord='fro': the square root of the sum of squares.
    pub frobenius: f64,
    /// ord=inf: the largest row sum of |a_ij|.
    pub infinity: f64,
}

pub fn norms(a: &Matrix) -> Norms {
    let column_sums = (0..a.ncols()).map(|j| a.column(j).iter().map(|x| x.abs()).sum::<f64>());
    let row_sums = (0..a.nrows()).map(|i| a.row(i).iter().map(|x| x.abs()).sum::<f64>());
    Norms {
        l1: column_sums.fold(0.0, f64::max),
        l2: singular_values(a).first().copied().unwrap_or(0.0),
        // Summed in row order like NumPy's sqrt(sum(a**2)): sqrt(28) for the article's example.
        frobenius: a.iter().map(|x| x * x).sum::<f64>().sqrt(),
        infinity: row_sums.fold(0.0, f64::max),
    }
}

/// The 2-norm condition number σ_max/σ_min, or None when A is singular (σ_min ≤ the rank
/// tolerance, also for the missing singular values of a non-square matrix).
pub fn condition_number(a: &Matrix) -> Option<f64> {
    let sigma = singular_values(a);
    let sigma_max = *sigma.first()?;
    // A non-square matrix has min(m, n) singular values; its condition number is the ratio
    // of the extreme ones, as NumPy's `cond` computes.
    let sigma_min = *sigma.last()?;
    (sigma_min > rank_tolerance(a, sigma_max)).then(|| sigma_max / sigma_min)
}

/// A thin SVD A = U Σ Vᵀ with the singular values largest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Svd {
    /// m × k, orthonormal columns (k = min(m, n)).
    pub u: Matrix,
    /// The k singular values, largest first.
    pub sigma: Vec<f64>,
    /// k × n, orthonormal rows.
    pub v_t: Matrix,
}

impl Svd {
    /// U Σ Vᵀ, which should give A back.
    pub fn recompose(&self) -> Matrix {
        let sigma = Matrix::from_diagonal(&DVector::from_vec(self.sigma.clone()));
        &self.u * sigma * &self.v_t
    }
}

pub fn svd(a: &Matrix) -> Result<Svd, MatrixError> {
    let decomposition = SVD::try_new(a.clone(), true, true, f64::EPSILON, 10_000).ok_or(
        MatrixError::NoConvergence {
            operation: "the SVD",
        },
    )?;
    let (Some(u), Some(v_t)) = (decomposition.u, decomposition.v_t) else {
        return Err(MatrixError::NoConvergence {
            operation: "the SVD",
        });
    };
    Ok(Svd {
        u,
        sigma: decomposition.singular_values.iter().copied().collect(),
        v_t,
    })
}

/// One eigenvalue with a unit eigenvector, if A has one of its own for it.
#[derive(Clone, Debug, PartialEq)]
pub struct EigenPair {
    pub value: Complex<f64>,
    /// Unit length, largest component real and positive; None when the eigenvalue is
    /// repeated and its eigenvectors were used up (A is defective).
    pub vector: Option<DVector<Complex<f64>>>,
}

/// The eigen decomposition of a square matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct Eigen {
    /// Sorted by real part, then imaginary part, largest first.
    pub pairs: Vec<EigenPair>,
    /// A = Aᵀ: real eigenvalues and orthonormal eigenvectors (nalgebra's `SymmetricEigen`).
    pub symmetric: bool,
    /// Fewer independent eigenvectors than n: A cannot be diagonalised.
    pub defective: bool,
}

impl Eigen {
    pub fn has_complex(&self) -> bool {
        self.pairs.iter().any(|p| p.value.im != 0.0)
    }
}

/// Eigenvalues and eigenvectors. Symmetric matrices use nalgebra's `SymmetricEigen`; others
/// the real Schur form for the (possibly complex) eigenvalues, and for each distinct
/// eigenvalue λ the null space of A − λI from a (complex) SVD for its eigenvectors.
pub fn eigen(a: &Matrix) -> Result<Eigen, MatrixError> {
    require_square(a, "the eigen decomposition")?;
    let n = a.nrows();
    let scale = singular_values(a).first().copied().unwrap_or(0.0).max(1.0);
    if a == &a.transpose() {
        let decomposition = SymmetricEigen::try_new(a.clone(), f64::EPSILON, 10_000).ok_or(
            MatrixError::NoConvergence {
                operation: "the symmetric eigen decomposition",
            },
        )?;
        let mut pairs: Vec<EigenPair> = (0..n)
            .map(|k| EigenPair {
                value: Complex::new(decomposition.eigenvalues[k], 0.0),
                vector: Some(normalise(
                    decomposition
                        .eigenvectors
                        .column(k)
                        .map(|x| Complex::new(x, 0.0)),
                )),
            })
            .collect();
        pairs.sort_by(|p, q| q.value.re.total_cmp(&p.value.re));
        return Ok(Eigen {
            pairs,
            symmetric: true,
            defective: false,
        });
    }
    let schur =
        Schur::try_new(a.clone(), f64::EPSILON, 10_000).ok_or(MatrixError::NoConvergence {
            operation: "the eigenvalue iteration (Schur)",
        })?;
    let mut values: Vec<Complex<f64>> = schur.complex_eigenvalues().iter().copied().collect();
    values.sort_by(|p, q| q.re.total_cmp(&p.re).then(q.im.total_cmp(&p.im)));
    // Group numerically equal eigenvalues: a repeated eigenvalue comes out split by about
    // √ε‖A‖ when A is defective.
    let tolerance = EIGEN_TOLERANCE * scale;
    let mut clusters: Vec<Vec<Complex<f64>>> = Vec::new();
    for value in values {
        match clusters
            .iter_mut()
            .find(|c| (c[0] - value).norm() <= 1e3 * tolerance)
        {
            Some(cluster) => cluster.push(value),
            None => clusters.push(vec![value]),
        }
    }
    let mut pairs = Vec::new();
    let mut defective = false;
    for cluster in clusters {
        let multiplicity = cluster.len();
        let mean = cluster.iter().sum::<Complex<f64>>() / multiplicity as f64;
        // A real eigenvalue of a real matrix is real: snap away rounding noise.
        let value = if mean.im.abs() <= tolerance {
            Complex::new(mean.re, 0.0)
        } else {
            mean
        };
        let shifted = a.map(|x| Complex::new(x, 0.0)) - DMatrix::identity(n, n) * value;
        let decomposition = SVD::new(shifted, false, true);
        let v_t = decomposition.v_t.ok_or(MatrixError::NoConvergence {
            operation: "the eigenvector SVD",
        })?;
        // The right singular vectors of the smallest singular values span the null space.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&i, &j| {
            decomposition.singular_values[i].total_cmp(&decomposition.singular_values[j])
        });
        let null_tolerance = 1e3 * tolerance;
        for (k, &index) in order.iter().take(multiplicity).enumerate() {
            let independent = k == 0 || decomposition.singular_values[index] <= null_tolerance;
            if !independent {
                defective = true;
            }
            pairs.push(EigenPair {
                value,
                vector: independent
                    .then(|| normalise(v_t.row(index).transpose().map(|z| z.conj()))),
            });
        }
    }
    Ok(Eigen {
        pairs,
        symmetric: false,
        defective,
    })
}

/// Unit length, with the largest component turned real and positive (a canonical choice:
/// eigenvectors are only defined up to a complex factor).
fn normalise(v: DVector<Complex<f64>>) -> DVector<Complex<f64>> {
    let largest = v
        .iter()
        .copied()
        .max_by(|p, q| p.norm().total_cmp(&q.norm()))
        .unwrap_or(Complex::new(1.0, 0.0));
    let phase = if largest.norm() > 0.0 {
        largest.conj() / largest.norm()
    } else {
        Complex::new(1.0, 0.0)
    };
    let length = v
        .iter()
        .map(|z| z.norm_sqr())
        .sum::<f64>()
        .sqrt()
        .max(f64::MIN_POSITIVE);
    v.map(|z| z * phase / length)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;
    use rand_distr::{Distribution, Normal};

    fn m(text: &str) -> Matrix {
        parse_matrix(text).unwrap()
    }

    fn random_matrix(rng: &mut ChaCha8Rng, rows: usize, columns: usize) -> Matrix {
        let normal = Normal::new(0.0, 1.0).unwrap();
        Matrix::from_fn(rows, columns, |_, _| normal.sample(rng))
    }

    #[test]
    fn parsing_accepts_both_forms_and_names_bad_entries() {
        assert_eq!(
            m("1,2;3,4"),
            Matrix::from_row_slice(2, 2, &[1.0, 2.0, 3.0, 4.0])
        );
        assert_eq!(m("[[1, 2], [3, 4]]"), m("1,2;3,4"));
        assert_eq!(
            m(" −1.5 , +2e1 "),
            Matrix::from_row_slice(1, 2, &[-1.5, 20.0])
        );
        assert_eq!(
            parse_matrix("1,2;3,x").unwrap_err(),
            "entry at row 2, column 2 (“x”) is not a number; write rows separated by ; and entries by , (e.g. 1,2;3,4)"
        );
        assert!(
            parse_matrix("1,NaN")
                .unwrap_err()
                .contains("row 1, column 2")
        );
        assert!(
            parse_matrix("inf")
                .unwrap_err()
                .contains("not a finite number")
        );
        assert!(
            parse_matrix("1,2;3")
                .unwrap_err()
                .contains("row 2 has 1 entries")
        );
        assert!(parse_matrix("").unwrap_err().contains("empty"));
        assert!(
            parse_matrix("1,2,3,4,5,6,7")
                .unwrap_err()
                .contains("at most 6×6")
        );
        assert!(parse_matrix("9e99").unwrap_err().contains("too large"));
        assert_eq!(format_matrix(&m("1,2.5;-3,0.1")), "1,2.5;-3,0.1");
    }

    #[test]
    fn article_products_dot_and_multiply() {
        // np.dot([[1,2],[3,4]], [[5,6],[7,8]]) = [[19,22],[43,50]] (by hand: 1·5+2·7 = 19 …).
        assert_eq!(
            product(&m("1,2;3,4"), &m("5,6;7,8")).unwrap(),
            m("19,22;43,50")
        );
        // np.multiply of the article's 2x3 matrices is elementwise…
        let a = m("10,20,30;40,50,60");
        let b = m("90,80,70;60,50,40");
        assert_eq!(
            elementwise(&a, &b).unwrap(),
            m("900,1600,2100;2400,2500,2400")
        );
        // …and their matrix product is undefined (3 columns against 2 rows).
        let error = product(&a, &b).unwrap_err();
        assert_eq!(
            error.to_string(),
            "shape mismatch: the product A·B of a 2×3 and a 2×3 matrix is undefined (the columns of A must equal the rows of B)"
        );
        assert!(elementwise(&a, &m("1,2;3,4")).is_err());
        // A·Bᵀ is defined: 2×3 · 3×2.
        assert_eq!(product(&a, &b.transpose()).unwrap().shape(), (2, 2));
    }

    #[test]
    fn article_frobenius_inverse_and_determinant() {
        // sqrt(1+4+9+1+4+9) = sqrt(28); NumPy prints 5.291502622129181.
        assert_eq!(norms(&m("1,2,3;-1,-2,-3")).frobenius, 5.291502622129181);
        // np.linalg.inv([[-1,2],[-3,4]]) = [[2,-1],[1.5,-0.5]] (det 2, adjugate / 2: exact).
        assert_eq!(inverse(&m("-1,2;-3,4")).unwrap(), m("2,-1;1.5,-0.5"));
        // Exactly −2 (Bareiss in integers); NumPy's LU prints −2.0000000000000004.
        assert_eq!(determinant(&m("-1,2;3,-4")).unwrap(), -2.0);
        // A non-integer matrix goes through LU: det [[0.5, 1], [1, 0.5]] = 0.25 − 1.
        assert!((determinant(&m("0.5,1;1,0.5")).unwrap() + 0.75).abs() < 1e-15);
        // A 3x3 with a zero pivot (row swap): det = −(1·(1·1 − 0)) by cofactor expansion.
        assert_eq!(determinant(&m("0,1,0;1,0,0;0,0,1")).unwrap(), -1.0);
        assert_eq!(determinant(&m("1,2;2,4")).unwrap(), 0.0);
        assert_eq!(determinant(&m("7")).unwrap(), 7.0);
        assert!(matches!(
            determinant(&m("1,2,3")),
            Err(MatrixError::NotSquare { .. })
        ));
    }

    #[test]
    fn determinant_matches_lu_on_random_integer_matrices() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for n in 1..=6 {
            let a = random_matrix(&mut rng, n, n).map(|x| (x * 5.0).round());
            let exact = determinant(&a).unwrap();
            let lu = a.clone().lu().determinant();
            assert!(
                (exact - lu).abs() <= 1e-9 * lu.abs().max(1.0),
                "{n}: {exact} vs {lu}"
            );
            assert_eq!(exact.fract(), 0.0);
        }
    }

    #[test]
    fn norms_rank_and_condition() {
        let a = m("1,-2;3,4");
        let norms = norms(&a);
        assert_eq!(norms.l1, 6.0); // |−2| + |4|
        assert_eq!(norms.infinity, 7.0); // |3| + |4|
        assert!((norms.frobenius - 30f64.sqrt()).abs() < 1e-15);
        // σ_max² is the largest eigenvalue of AᵀA = [[10, 10], [10, 20]]: 15 + √125.
        assert!((norms.l2 - (15.0 + 125f64.sqrt()).sqrt()).abs() < 1e-12);
        assert_eq!(rank(&a), 2);
        assert_eq!(rank(&m("1,2;2,4")), 1);
        assert_eq!(rank(&m("1,2,3;-1,-2,-3")), 1);
        assert_eq!(rank(&m("0,0;0,0")), 0);
        assert_eq!(condition_number(&m("1,2;2,4")), None);
        // cond diag(2, 0.5) = 4.
        assert!((condition_number(&m("2,0;0,0.5")).unwrap() - 4.0).abs() < 1e-12);
        // A 2x3 of full rank has cond σ₁/σ₂ (NumPy's cond for non-square input).
        assert!(condition_number(&m("1,0,0;0,2,0")).is_some());
    }

    #[test]
    fn singular_inverse_reports_the_tolerance() {
        let error = inverse(&m("1,2;2,4")).unwrap_err();
        assert!(matches!(error, MatrixError::Singular { .. }));
        assert!(
            error.to_string().starts_with("singular: σ_min = "),
            "{error}"
        );
        assert!(matches!(
            inverse(&m("1,2,3")),
            Err(MatrixError::NotSquare { .. })
        ));
    }

    #[test]
    fn article_symmetric_eigenvalues_one_and_minus_three() {
        let e = eigen(&m("-1,2;2,-1")).unwrap();
        assert!(e.symmetric && !e.defective && !e.has_complex());
        assert!((e.pairs[0].value.re - 1.0).abs() < 1e-12);
        assert!((e.pairs[1].value.re + 3.0).abs() < 1e-12);
        // λ = 1 along (1, 1)/√2.
        let v = e.pairs[0].vector.as_ref().unwrap();
        assert!((v[0].re - v[1].re).abs() < 1e-12);
    }

    fn assert_eigen_pairs_hold(a: &Matrix, e: &Eigen) {
        let ac = a.map(|x| Complex::new(x, 0.0));
        for pair in &e.pairs {
            if let Some(v) = &pair.vector {
                let residual = (&ac * v - v * pair.value).norm();
                assert!(residual < 1e-9 * a.norm().max(1.0), "{residual} for {a}");
                assert!((v.norm() - 1.0).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn a_v_equals_lambda_v_on_seeded_random_matrices() {
        let mut rng = ChaCha8Rng::seed_from_u64(42);
        let mut complex_seen = false;
        for n in 1..=6 {
            for _ in 0..5 {
                let a = random_matrix(&mut rng, n, n);
                let e = eigen(&a).unwrap();
                assert_eq!(e.pairs.len(), n);
                complex_seen |= e.has_complex();
                assert!(!e.defective);
                assert!(e.pairs.iter().all(|p| p.vector.is_some()));
                assert_eigen_pairs_hold(&a, &e);
                // The eigenvalues multiply to det A and add to tr A.
                let product = e.pairs.iter().map(|p| p.value).product::<Complex<f64>>();
                assert!((product.re - a.clone().lu().determinant()).abs() < 1e-9);
                let sum = e.pairs.iter().map(|p| p.value).sum::<Complex<f64>>();
                assert!((sum.re - a.trace()).abs() < 1e-9 && sum.im.abs() < 1e-9);
                let symmetric = &a + a.transpose();
                assert_eigen_pairs_hold(&symmetric, &eigen(&symmetric).unwrap());
            }
        }
        assert!(
            complex_seen,
            "some random matrix should have complex eigenvalues"
        );
    }

    #[test]
    fn degenerate_eigen_inputs() {
        // Rotation by 90°: ±i, with complex eigenvectors.
        let rotation = m("0,-1;1,0");
        let e = eigen(&rotation).unwrap();
        assert!(e.has_complex());
        assert!((e.pairs[0].value - Complex::new(0.0, 1.0)).norm() < 1e-12);
        assert_eigen_pairs_hold(&rotation, &e);
        // A shear (Jordan block) is defective: λ = 1 twice, one eigenvector (1, 0).
        let shear = m("1,1;0,1");
        let e = eigen(&shear).unwrap();
        assert!(e.defective);
        assert_eq!(e.pairs.iter().filter(|p| p.vector.is_some()).count(), 1);
        assert_eigen_pairs_hold(&shear, &e);
        // A 3x3 Jordan block too.
        let jordan = m("2,1,0;0,2,1;0,0,2");
        let e = eigen(&jordan).unwrap();
        assert!(e.defective);
        assert!(e.pairs.iter().all(|p| (p.value.re - 2.0).abs() < 1e-6));
        // 2I (symmetric) is not defective: every vector is an eigenvector.
        assert!(!eigen(&m("2,0;0,2")).unwrap().defective);
        // A non-symmetric matrix with a repeated but non-defective eigenvalue.
        let e = eigen(&m("2,0,0;0,2,0;1,0,3")).unwrap();
        assert!(!e.defective, "{e:?}");
        // 1x1 and singular.
        let e = eigen(&m("5")).unwrap();
        assert_eq!(e.pairs[0].value, Complex::new(5.0, 0.0));
        let e = eigen(&m("1,2;2,4")).unwrap();
        assert!(e.pairs[1].value.re.abs() < 1e-12);
        assert!(matches!(
            eigen(&m("1,2")),
            Err(MatrixError::NotSquare { .. })
        ));
    }

    #[test]
    fn svd_recomposes_seeded_random_matrices() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for rows in 1..=6 {
            for columns in 1..=6 {
                let a = random_matrix(&mut rng, rows, columns);
                let s = svd(&a).unwrap();
                assert!((s.recompose() - &a).norm() < 1e-12 * a.norm().max(1.0));
                assert!(s.sigma.windows(2).all(|w| w[0] >= w[1]));
                let plain = singular_values(&a);
                assert!(
                    s.sigma
                        .iter()
                        .zip(&plain)
                        .all(|(x, y)| (x - y).abs() < 1e-12)
                );
            }
        }
        // A singular 1x1 and a zero matrix.
        assert_eq!(svd(&m("0")).unwrap().sigma, vec![0.0]);
        assert_eq!(rank(&m("0,0,0;0,0,0")), 0);
    }
}
