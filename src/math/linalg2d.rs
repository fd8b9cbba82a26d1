//! A 2x2 matrix as a transformation of the plane: determinant, trace, eigenvalues (real or a
//! complex pair, with the defective case), eigenvectors, inverse, singular value
//! decomposition, condition number and power iteration.
//!
//! The decompositions are nalgebra's: for symmetric matrices `SymmetricEigen`; otherwise
//! eigenvalues from the real Schur form (`Schur::complex_eigenvalues`), eigenvectors as the null space of `A − λI` (the right
//! singular vector of its smallest singular value), and the SVD from `SVD::try_new`. This
//! file only classifies the results and packages them as plain arrays.

use nalgebra::{Matrix2, SVD, Schur, Vector2};

/// A matrix is treated as singular when its smaller singular value is at most this fraction
/// of the larger one (condition number above 10¹⁰), or when it is the zero matrix.
pub const SINGULAR_TOLERANCE: f64 = 1e-10;

/// Two eigenvalues closer than this fraction of the matrix's size (its largest singular
/// value, at least 1) count as one repeated eigenvalue, and an imaginary part below it as
/// zero. Rounding in the Schur form of a defective matrix is of the order of √ε ≈ 1.5·10⁻⁸,
/// so the tolerance sits above that.
pub const EIGEN_TOLERANCE: f64 = 1e-7;

/// A 2x2 matrix as rows: `[[a11, a12], [a21, a22]]`.
pub type Mat2 = [[f64; 2]; 2];

/// The identity matrix.
pub const IDENTITY: Mat2 = [[1.0, 0.0], [0.0, 1.0]];

/// What the eigen-decomposition of a real 2x2 matrix looks like.
#[derive(Clone, Debug, PartialEq)]
pub enum EigenStructure {
    /// Two different real eigenvalues, sorted by decreasing absolute value (the dominant one
    /// first), each with its unit eigenvector (largest component positive).
    DistinctReal {
        values: [f64; 2],
        vectors: [[f64; 2]; 2],
    },
    /// One real eigenvalue of algebraic multiplicity two with a single eigenvector direction:
    /// the matrix is defective (not diagonalizable), e.g. a shear.
    RepeatedDefective { value: f64, vector: [f64; 2] },
    /// One real eigenvalue of multiplicity two and `A = λI`: every vector is an eigenvector.
    RepeatedScalar { value: f64 },
    /// A complex-conjugate pair `re ± i·im` (`im > 0`): no real eigenvector. `modulus` is
    /// `|λ|` and `angle_degrees` the argument of `re + i·im`, i.e. how far A rotates.
    ComplexPair {
        re: f64,
        im: f64,
        modulus: f64,
        angle_degrees: f64,
    },
}

/// The singular value decomposition `A = U Σ Vᵀ`.
#[derive(Clone, Debug, PartialEq)]
pub struct Svd2 {
    /// σ₁ ≥ σ₂ ≥ 0.
    pub sigma: [f64; 2],
    /// The left singular vectors u₁, u₂ (columns of U).
    pub u: [[f64; 2]; 2],
    /// The right singular vectors v₁, v₂ (columns of V): A vᵢ = σᵢ uᵢ.
    pub v: [[f64; 2]; 2],
}

impl Svd2 {
    /// `U Σ Vᵀ` multiplied back together.
    pub fn recompose(&self) -> Mat2 {
        let mut out = [[0.0; 2]; 2];
        for (row, out_row) in out.iter_mut().enumerate() {
            for (col, entry) in out_row.iter_mut().enumerate() {
                *entry = (0..2)
                    .map(|k| self.u[k][row] * self.sigma[k] * self.v[k][col])
                    .sum();
            }
        }
        out
    }
}

/// Everything the demo shows about one matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub matrix: Mat2,
    /// det A = a11 a22 − a12 a21: the signed area of the image of the unit square.
    pub determinant: f64,
    /// tr A = a11 + a22.
    pub trace: f64,
    pub eigen: EigenStructure,
    pub svd: Svd2,
    /// True when σ₂ ≤ [`SINGULAR_TOLERANCE`]·σ₁ (or A = 0).
    pub singular: bool,
    /// A⁻¹, or None when the matrix is singular.
    pub inverse: Option<Mat2>,
    /// σ₁/σ₂, or None when the matrix is singular.
    pub condition_number: Option<f64>,
}

fn to_nalgebra(m: &Mat2) -> Matrix2<f64> {
    Matrix2::new(m[0][0], m[0][1], m[1][0], m[1][1])
}

/// `A x`.
pub fn apply(m: &Mat2, x: [f64; 2]) -> [f64; 2] {
    [
        m[0][0] * x[0] + m[0][1] * x[1],
        m[1][0] * x[0] + m[1][1] * x[1],
    ]
}

/// The straight-line morph `(1 − t) I + t A` from the identity (t = 0) to A (t = 1).
pub fn morph(m: &Mat2, t: f64) -> Mat2 {
    let mut out = [[0.0; 2]; 2];
    for (row, out_row) in out.iter_mut().enumerate() {
        for (col, entry) in out_row.iter_mut().enumerate() {
            *entry = (1.0 - t) * IDENTITY[row][col] + t * m[row][col];
        }
    }
    out
}

/// A unit vector with its largest component positive (a canonical sign for a direction).
fn canonical_direction(x: [f64; 2]) -> [f64; 2] {
    let norm = x[0].hypot(x[1]);
    let sign = if x[0].abs() >= x[1].abs() {
        x[0].signum()
    } else {
        x[1].signum()
    };
    [sign * x[0] / norm, sign * x[1] / norm]
}

fn svd(m: &Mat2) -> Result<Svd2, String> {
    let decomposition = SVD::try_new(to_nalgebra(m), true, true, f64::EPSILON, 1000)
        .ok_or("the singular value decomposition did not converge")?;
    let (Some(u), Some(v_t)) = (decomposition.u, decomposition.v_t) else {
        return Err("the singular vectors were not computed".to_owned());
    };
    let sigma = decomposition.singular_values;
    Ok(Svd2 {
        sigma: [sigma[0], sigma[1]],
        u: [[u[(0, 0)], u[(1, 0)]], [u[(0, 1)], u[(1, 1)]]],
        v: [[v_t[(0, 0)], v_t[(0, 1)]], [v_t[(1, 0)], v_t[(1, 1)]]],
    })
}

/// The eigen-structure, with tolerances relative to `scale` (the largest singular value,
/// at least 1).
fn eigen_structure(m: &Mat2, scale: f64) -> Result<EigenStructure, String> {
    let tolerance = EIGEN_TOLERANCE * scale;
    if m[0][1] == m[1][0] {
        // Symmetric: real eigenvalues and orthonormal eigenvectors from nalgebra's symmetric
        // solver, which is also exact where the Schur iteration leaves rounding (article
        // 003's matrix gives exactly 1 and −3).
        let decomposition = to_nalgebra(m).symmetric_eigen();
        let (values, vectors) = (decomposition.eigenvalues, decomposition.eigenvectors);
        let vector = |k: usize| canonical_direction([vectors[(0, k)], vectors[(1, k)]]);
        if (values[0] - values[1]).abs() <= tolerance {
            return Ok(EigenStructure::RepeatedScalar {
                value: 0.5 * (values[0] + values[1]),
            });
        }
        let (big, small) = if values[1].abs() > values[0].abs()
            || (values[1].abs() == values[0].abs() && values[1] > values[0])
        {
            (1, 0)
        } else {
            (0, 1)
        };
        return Ok(EigenStructure::DistinctReal {
            values: [values[big], values[small]],
            vectors: [vector(big), vector(small)],
        });
    }
    let schur = Schur::try_new(to_nalgebra(m), f64::EPSILON, 1000)
        .ok_or("the Schur decomposition did not converge")?;
    let lambdas = schur.complex_eigenvalues();
    let (first, second) = (lambdas[0], lambdas[1]);
    if first.im.abs() > tolerance {
        let modulus = first.re.hypot(first.im);
        let im = first.im.abs();
        return Ok(EigenStructure::ComplexPair {
            re: first.re,
            im,
            modulus,
            angle_degrees: im.atan2(first.re).to_degrees(),
        });
    }
    // The null space of A − λI: the right singular vector of its smaller singular value.
    let null_space = |lambda: f64| -> Result<(Svd2, [f64; 2]), String> {
        let shifted = [[m[0][0] - lambda, m[0][1]], [m[1][0], m[1][1] - lambda]];
        let decomposition = svd(&shifted)?;
        let direction = canonical_direction(decomposition.v[1]);
        Ok((decomposition, direction))
    };
    if (first.re - second.re).abs() <= tolerance {
        let value = 0.5 * (first.re + second.re);
        let (shifted, vector) = null_space(value)?;
        if shifted.sigma[0] <= tolerance {
            return Ok(EigenStructure::RepeatedScalar { value });
        }
        return Ok(EigenStructure::RepeatedDefective { value, vector });
    }
    let (mut big, mut small) = (first.re, second.re);
    if small.abs() > big.abs() || (small.abs() == big.abs() && small > big) {
        std::mem::swap(&mut big, &mut small);
    }
    Ok(EigenStructure::DistinctReal {
        values: [big, small],
        vectors: [null_space(big)?.1, null_space(small)?.1],
    })
}

/// Analyses a matrix. Non-finite entries give a message, never a panic.
pub fn analyze(m: Mat2) -> Result<Analysis, String> {
    let names = ["a11", "a12", "a21", "a22"];
    let entries = [m[0][0], m[0][1], m[1][0], m[1][1]];
    if let Some((name, value)) = names.iter().zip(entries).find(|(_, v)| !v.is_finite()) {
        return Err(format!(
            "the entry {name} = {value} is not a finite number; every entry must be finite"
        ));
    }
    let matrix = to_nalgebra(&m);
    let svd = svd(&m)?;
    let [sigma1, sigma2] = svd.sigma;
    let singular = sigma1 == 0.0 || sigma2 <= SINGULAR_TOLERANCE * sigma1;
    let inverse = if singular {
        None
    } else {
        matrix
            .try_inverse()
            .map(|i| [[i[(0, 0)], i[(0, 1)]], [i[(1, 0)], i[(1, 1)]]])
    };
    let eigen = eigen_structure(&m, sigma1.max(1.0))?;
    Ok(Analysis {
        matrix: m,
        determinant: matrix.determinant(),
        trace: matrix.trace(),
        eigen,
        svd,
        singular,
        inverse,
        condition_number: (!singular).then(|| sigma1 / sigma2),
    })
}

impl Analysis {
    /// The eigenvalue moduli |λ₁| ≥ |λ₂|.
    pub fn eigenvalue_moduli(&self) -> [f64; 2] {
        match self.eigen {
            EigenStructure::DistinctReal { values, .. } => [values[0].abs(), values[1].abs()],
            EigenStructure::RepeatedDefective { value, .. }
            | EigenStructure::RepeatedScalar { value } => [value.abs(); 2],
            EigenStructure::ComplexPair { modulus, .. } => [modulus; 2],
        }
    }

    /// The rate |λ₂/λ₁| at which power iteration's error shrinks each step (1: no
    /// convergence to a single direction, except for `A = λI`); None when every eigenvalue is 0.
    pub fn power_iteration_rate(&self) -> Option<f64> {
        let [big, small] = self.eigenvalue_moduli();
        (big > 0.0).then(|| small / big)
    }

    /// The direction power iteration converges to, when one eigenvalue strictly dominates.
    pub fn dominant_eigenvector(&self) -> Option<[f64; 2]> {
        match self.eigen {
            EigenStructure::DistinctReal { values, vectors }
                if values[0].abs() > values[1].abs() =>
            {
                Some(vectors[0])
            }
            EigenStructure::RepeatedDefective { vector, value } if value != 0.0 => Some(vector),
            _ => None,
        }
    }
}

/// Power iteration `x ← A x / ‖A x‖` from `start`: the unit iterates x₀ … x_steps. Stops
/// early when A x = 0 (the vector was in the null space).
pub fn power_iteration(m: &Mat2, start: [f64; 2], steps: usize) -> Vec<[f64; 2]> {
    let matrix = to_nalgebra(m);
    let mut x = Vector2::new(start[0], start[1]);
    let mut iterates = Vec::with_capacity(steps + 1);
    if x.norm() == 0.0 || !x.norm().is_finite() {
        return iterates;
    }
    x /= x.norm();
    iterates.push([x[0], x[1]]);
    for _ in 0..steps {
        let next = matrix * x;
        let norm = next.norm();
        if norm == 0.0 || !norm.is_finite() {
            break;
        }
        x = next / norm;
        iterates.push([x[0], x[1]]);
    }
    iterates
}

/// The Rayleigh quotient xᵀ A x / xᵀ x: power iteration's eigenvalue estimate.
pub fn rayleigh_quotient(m: &Mat2, x: [f64; 2]) -> f64 {
    let ax = apply(m, x);
    (x[0] * ax[0] + x[1] * ax[1]) / (x[0] * x[0] + x[1] * x[1])
}

/// The angle in degrees (0 … 90) between the lines spanned by `x` and `y`.
pub fn angle_between_lines_degrees(x: [f64; 2], y: [f64; 2]) -> f64 {
    let cross = x[0] * y[1] - x[1] * y[0];
    let dot = x[0] * y[0] + x[1] * y[1];
    cross.abs().atan2(dot.abs()).to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    fn assert_eigenpairs(m: Mat2, values: [f64; 2], vectors: [[f64; 2]; 2]) {
        for (lambda, v) in values.iter().zip(vectors) {
            let av = apply(&m, v);
            assert!(
                close(av[0], lambda * v[0], 1e-12) && close(av[1], lambda * v[1], 1e-12),
                "A v = {av:?} ≠ {lambda} · {v:?}"
            );
            assert!(close(v[0].hypot(v[1]), 1.0, 1e-12));
        }
    }

    #[test]
    fn article_matrix_has_eigenvalues_exactly_one_and_minus_three() {
        let m = [[-1.0, 2.0], [2.0, -1.0]];
        let a = analyze(m).unwrap();
        let EigenStructure::DistinctReal { values, vectors } = a.eigen else {
            panic!("{:?}", a.eigen)
        };
        assert_eq!(values, [-3.0, 1.0], "dominant first");
        assert_eigenpairs(m, values, vectors);
        assert_eq!(a.determinant, -3.0);
        assert_eq!(a.trace, -2.0);
        // Power iteration converges at |λ₂/λ₁| = 1/3.
        assert_eq!(a.power_iteration_rate(), Some(1.0 / 3.0));
    }

    #[test]
    fn real_eigenpairs_satisfy_a_v_equals_lambda_v() {
        for m in [
            [[2.0, 1.0], [1.0, 2.0]],
            [[2.0, 0.0], [0.0, 0.5]],
            [[0.0, 1.0], [1.0, 0.0]],
            [[1.5, -0.7], [0.3, 0.2]],
            [[0.5, 0.5], [0.5, 0.5]],
        ] {
            let a = analyze(m).unwrap();
            let EigenStructure::DistinctReal { values, vectors } = a.eigen else {
                panic!("{m:?}: {:?}", a.eigen)
            };
            assert_eigenpairs(m, values, vectors);
            assert!(values[0].abs() >= values[1].abs());
            // trace = Σλ and det = Πλ.
            assert!(close(values[0] + values[1], a.trace, 1e-12));
            assert!(close(values[0] * values[1], a.determinant, 1e-12));
        }
    }

    #[test]
    fn svd_recomposes_and_maps_v_to_sigma_u() {
        for m in [
            [[-1.0, 2.0], [2.0, -1.0]],
            [[1.0, 1.0], [0.0, 1.0]],
            [[0.0, -1.0], [1.0, 0.0]],
            [[0.5, 0.5], [0.5, 0.5]],
            [[1.5, -0.7], [0.3, 0.2]],
        ] {
            let a = analyze(m).unwrap();
            let back = a.svd.recompose();
            for row in 0..2 {
                for col in 0..2 {
                    assert!(close(back[row][col], m[row][col], 1e-12), "{m:?}: {back:?}");
                }
            }
            assert!(a.svd.sigma[0] >= a.svd.sigma[1] && a.svd.sigma[1] >= 0.0);
            for k in 0..2 {
                let av = apply(&m, a.svd.v[k]);
                let su = [
                    a.svd.sigma[k] * a.svd.u[k][0],
                    a.svd.sigma[k] * a.svd.u[k][1],
                ];
                assert!(close(av[0], su[0], 1e-12) && close(av[1], su[1], 1e-12));
            }
            // |det| = σ₁ σ₂.
            assert!(close(
                a.determinant.abs(),
                a.svd.sigma[0] * a.svd.sigma[1],
                1e-12
            ));
        }
    }

    #[test]
    fn rotation_gives_a_complex_pair_of_modulus_one_at_the_rotation_angle() {
        let theta = 30f64.to_radians();
        let m = [[theta.cos(), -theta.sin()], [theta.sin(), theta.cos()]];
        let a = analyze(m).unwrap();
        let EigenStructure::ComplexPair {
            re,
            im,
            modulus,
            angle_degrees,
        } = a.eigen
        else {
            panic!("{:?}", a.eigen)
        };
        assert!(close(re, theta.cos(), 1e-12) && close(im, theta.sin(), 1e-12));
        assert!(close(modulus, 1.0, 1e-12));
        assert!(close(angle_degrees, 30.0, 1e-10));
        assert!(a.dominant_eigenvector().is_none());
        assert_eq!(
            a.power_iteration_rate().map(|r| (r * 1e12).round()),
            Some(1e12)
        );
        assert!(close(a.condition_number.unwrap(), 1.0, 1e-12));
    }

    #[test]
    fn shear_has_the_repeated_eigenvalue_one_with_one_eigenvector() {
        let a = analyze([[1.0, 1.0], [0.0, 1.0]]).unwrap();
        let EigenStructure::RepeatedDefective { value, vector } = a.eigen else {
            panic!("{:?}", a.eigen)
        };
        assert_eq!(value, 1.0);
        assert!(vector[0] == 1.0 && vector[1].abs() < 1e-15, "{vector:?}");
        // A matrix with a repeated eigenvalue that is not triangular: [[2, 1], [−1, 0]], λ = 1.
        let a = analyze([[2.0, 1.0], [-1.0, 0.0]]).unwrap();
        let EigenStructure::RepeatedDefective { value, vector } = a.eigen else {
            panic!("{:?}", a.eigen)
        };
        assert!(close(value, 1.0, 1e-7));
        let av = apply(&a.matrix, vector);
        assert!(close(av[0], vector[0], 1e-7) && close(av[1], vector[1], 1e-7));
        // A multiple of the identity is not defective: every vector is an eigenvector.
        assert_eq!(
            analyze([[2.0, 0.0], [0.0, 2.0]]).unwrap().eigen,
            EigenStructure::RepeatedScalar { value: 2.0 }
        );
    }

    #[test]
    fn singular_matrix_has_determinant_zero_and_no_inverse() {
        let a = analyze([[0.5, 0.5], [0.5, 0.5]]).unwrap();
        assert_eq!(a.determinant, 0.0);
        assert!(a.singular);
        assert_eq!(a.inverse, None);
        assert_eq!(a.condition_number, None);
        // Just above the tolerance σ₂ > 10⁻¹⁰ σ₁ the inverse exists.
        let a = analyze([[1.0, 0.0], [0.0, 1e-9]]).unwrap();
        assert!(!a.singular);
        let inverse = a.inverse.unwrap();
        assert!(close(inverse[1][1], 1e9, 1e-3));
        assert!(analyze([[1.0, 0.0], [0.0, 1e-11]]).unwrap().singular);
        assert!(analyze([[0.0, 0.0], [0.0, 0.0]]).unwrap().singular);
    }

    #[test]
    fn inverse_times_matrix_is_the_identity() {
        let m = [[-1.0, 2.0], [2.0, -1.0]];
        let inverse = analyze(m).unwrap().inverse.unwrap();
        for (row, expected_row) in IDENTITY.iter().enumerate() {
            for (col, expected) in expected_row.iter().enumerate() {
                let product: f64 = (0..2).map(|k| inverse[row][k] * m[k][col]).sum();
                assert!(close(product, *expected, 1e-12));
            }
        }
    }

    #[test]
    fn non_finite_entries_give_a_message_not_a_panic() {
        let error = analyze([[f64::NAN, 0.0], [0.0, 1.0]]).unwrap_err();
        assert!(error.contains("a11 = NaN"), "{error}");
        let error = analyze([[1.0, 0.0], [f64::INFINITY, 1.0]]).unwrap_err();
        assert!(error.contains("a21"), "{error}");
    }

    #[test]
    fn power_iteration_converges_to_the_dominant_eigenvector_at_the_rate() {
        let m = [[-1.0, 2.0], [2.0, -1.0]];
        let a = analyze(m).unwrap();
        let dominant = a.dominant_eigenvector().unwrap();
        let iterates = power_iteration(&m, [1.0, 0.0], 20);
        assert_eq!(iterates.len(), 21);
        let errors: Vec<f64> = iterates
            .iter()
            .map(|x| angle_between_lines_degrees(*x, dominant).to_radians().tan())
            .collect();
        // tan of the angle to the dominant line shrinks by exactly |λ₂/λ₁| = 1/3 per step.
        for k in 1..10 {
            assert!(
                close(errors[k] / errors[k - 1], 1.0 / 3.0, 1e-9),
                "{errors:?}"
            );
        }
        assert!(close(rayleigh_quotient(&m, iterates[20]), -3.0, 1e-15));
        // A vector in the null space stops the iteration.
        assert_eq!(
            power_iteration(&[[1.0, 0.0], [0.0, 0.0]], [0.0, 1.0], 5).len(),
            1
        );
        assert!(power_iteration(&m, [0.0, 0.0], 5).is_empty());
    }

    #[test]
    fn morph_goes_from_identity_to_the_matrix() {
        let m = [[-1.0, 2.0], [2.0, -1.0]];
        assert_eq!(morph(&m, 0.0), IDENTITY);
        assert_eq!(morph(&m, 1.0), m);
        assert_eq!(morph(&m, 0.5), [[0.0, 1.0], [1.0, 0.0]]);
    }
}
