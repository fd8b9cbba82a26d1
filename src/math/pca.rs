//! Principal component analysis of a small point cloud (2-D or 3-D): the sample covariance
//! (ddof = 1, i.e. divided by n − 1, as `numpy.cov` does), its eigen-decomposition by
//! nalgebra's `SymmetricEigen`, projections onto the leading components, the explained-variance
//! ratios and the reconstruction error; plus the seeded generator of Gaussian clouds and the
//! `x,y;x,y;…` text form of clicked points.

use nalgebra::{DMatrix, SymmetricEigen};
use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::StandardNormal;

use super::coordinates::round_coordinate;

/// Relative size under which an eigenvalue gap counts as zero (a tie, so no preferred
/// direction) and a total variance as zero. `SymmetricEigen` is accurate to a few ulps of the
/// largest eigenvalue, far below this.
pub const TIE_TOLERANCE: f64 = 1e-10;

/// The tilt of the generated 3-D cloud about the x axis, in degrees: without it the cloud's
/// axes would be x, y, z themselves and the best plane would always be the x–y plane.
pub const TILT_DEGREES: f64 = 35.0;

/// The result of a PCA.
#[derive(Clone, Debug, PartialEq)]
pub struct Pca {
    /// The number of points.
    pub n: usize,
    /// The mean of every coordinate.
    pub mean: Vec<f64>,
    /// The sample covariance (divided by n − 1), as rows.
    pub covariance: Vec<Vec<f64>>,
    /// The eigenvalues of the covariance, sorted from largest to smallest, clamped at 0 (a
    /// covariance is positive semi-definite; rounding can give −1e-17).
    pub eigenvalues: Vec<f64>,
    /// The unit eigenvectors (principal directions) in the same order, each with its largest
    /// absolute component made positive so the sign does not flip between frames.
    pub components: Vec<Vec<f64>>,
}

/// Why a PCA cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PcaError {
    /// The sample covariance divides by n − 1, so it needs at least two points.
    TooFewPoints,
}

impl Pca {
    /// The PCA of `points` (all of the same dimension, 1 or more).
    pub fn fit(points: &[Vec<f64>]) -> Result<Pca, PcaError> {
        let n = points.len();
        if n < 2 {
            return Err(PcaError::TooFewPoints);
        }
        let dim = points[0].len();
        let mean: Vec<f64> = (0..dim)
            .map(|j| points.iter().map(|p| p[j]).sum::<f64>() / n as f64)
            .collect();
        // Centred data X (n × d); the covariance is XᵀX / (n − 1).
        let centred = DMatrix::from_fn(n, dim, |i, j| points[i][j] - mean[j]);
        let covariance = (centred.transpose() * &centred) / (n as f64 - 1.0);
        let eigen = SymmetricEigen::new(covariance.clone());
        let mut order: Vec<usize> = (0..dim).collect();
        order.sort_by(|&a, &b| eigen.eigenvalues[b].total_cmp(&eigen.eigenvalues[a]));
        let eigenvalues = order
            .iter()
            .map(|&k| eigen.eigenvalues[k].max(0.0))
            .collect();
        let components = order
            .iter()
            .map(|&k| {
                let column: Vec<f64> = eigen.eigenvectors.column(k).iter().copied().collect();
                let largest = column
                    .iter()
                    .copied()
                    .fold(0.0_f64, |m, x| if x.abs() > m.abs() { x } else { m });
                let sign = if largest < 0.0 { -1.0 } else { 1.0 };
                column.iter().map(|x| x * sign).collect()
            })
            .collect();
        Ok(Pca {
            n,
            mean,
            covariance: (0..dim)
                .map(|i| (0..dim).map(|j| covariance[(i, j)]).collect())
                .collect(),
            eigenvalues,
            components,
        })
    }

    pub fn dimension(&self) -> usize {
        self.mean.len()
    }

    /// The total variance: the trace of the covariance, which equals the eigenvalues' sum.
    pub fn total_variance(&self) -> f64 {
        self.eigenvalues.iter().sum()
    }

    /// λₖ / Σλ for every component, or None when all points coincide (no variance at all).
    pub fn explained_variance_ratios(&self) -> Option<Vec<f64>> {
        let total = self.total_variance();
        let scale = self
            .covariance
            .iter()
            .flatten()
            .fold(0.0_f64, |m, x| m.max(x.abs()));
        if total <= 0.0 || total <= TIE_TOLERANCE * scale {
            return None;
        }
        Some(self.eigenvalues.iter().map(|l| l / total).collect())
    }

    /// Whether components `k` and `k + 1` share their eigenvalue, so neither direction is
    /// preferred within their plane (a round cloud): then their directions are arbitrary.
    pub fn is_tied(&self, k: usize) -> bool {
        let (Some(a), Some(b)) = (self.eigenvalues.get(k), self.eigenvalues.get(k + 1)) else {
            return false;
        };
        (a - b).abs() <= TIE_TOLERANCE * self.eigenvalues[0].max(f64::MIN_POSITIVE)
    }

    /// The coordinates of `point` along the first `k` components: (p − mean)·vⱼ.
    pub fn scores(&self, point: &[f64], k: usize) -> Vec<f64> {
        self.components
            .iter()
            .take(k)
            .map(|v| {
                v.iter()
                    .zip(point.iter().zip(&self.mean))
                    .map(|(vj, (pj, mj))| vj * (pj - mj))
                    .sum()
            })
            .collect()
    }

    /// The point rebuilt from its first `k` scores: mean + Σⱼ scoreⱼ vⱼ, i.e. the orthogonal
    /// projection of `point` onto the best k-dimensional affine subspace.
    pub fn reconstruct(&self, point: &[f64], k: usize) -> Vec<f64> {
        let scores = self.scores(point, k);
        let mut out = self.mean.clone();
        for (score, v) in scores.iter().zip(&self.components) {
            for (o, vj) in out.iter_mut().zip(v) {
                *o += score * vj;
            }
        }
        out
    }

    /// Σᵢ ‖pᵢ − reconstruct(pᵢ, k)‖²: the squared distances from the points to the best
    /// k-dimensional subspace, summed (computed directly, not from the eigenvalues).
    pub fn reconstruction_error(&self, points: &[Vec<f64>], k: usize) -> f64 {
        points
            .iter()
            .map(|p| {
                let r = self.reconstruct(p, k);
                p.iter().zip(&r).map(|(a, b)| (a - b).powi(2)).sum::<f64>()
            })
            .sum()
    }

    /// The same error from the identity Σ discarded eigenvalues × (n − 1).
    pub fn discarded_variance_error(&self, k: usize) -> f64 {
        self.eigenvalues.iter().skip(k).sum::<f64>() * (self.n as f64 - 1.0)
    }

    /// The direction of component `k` in the x–y plane, in degrees within (−90, 90]: a line
    /// has no arrow, so v and −v give the same angle.
    pub fn angle_degrees(&self, k: usize) -> f64 {
        let v = &self.components[k];
        let mut angle = v[1].atan2(v[0]).to_degrees();
        if angle > 90.0 {
            angle -= 180.0;
        } else if angle <= -90.0 {
            angle += 180.0;
        }
        angle
    }
}

/// The rotation the generator applies: in 2-D by `rotation_degrees`, in 3-D the tilt by
/// [`TILT_DEGREES`] about x followed by `rotation_degrees` about z. Rows of a d × d matrix.
pub fn generator_rotation(dim: usize, rotation_degrees: f64) -> Vec<Vec<f64>> {
    let (s, c) = rotation_degrees.to_radians().sin_cos();
    if dim == 2 {
        return vec![vec![c, -s], vec![s, c]];
    }
    let (st, ct) = TILT_DEGREES.to_radians().sin_cos();
    // R_z(θ) · R_x(tilt).
    let rz = DMatrix::from_row_slice(3, 3, &[c, -s, 0.0, s, c, 0.0, 0.0, 0.0, 1.0]);
    let rx = DMatrix::from_row_slice(3, 3, &[1.0, 0.0, 0.0, 0.0, ct, -st, 0.0, st, ct]);
    let r = rz * rx;
    (0..3)
        .map(|i| (0..3).map(|j| r[(i, j)]).collect())
        .collect()
}

/// The covariance the generator draws from: R diag(σ²) Rᵀ.
pub fn generator_covariance(sigmas: &[f64], rotation_degrees: f64) -> Vec<Vec<f64>> {
    let dim = sigmas.len();
    let r = generator_rotation(dim, rotation_degrees);
    (0..dim)
        .map(|i| {
            (0..dim)
                .map(|j| {
                    (0..dim)
                        .map(|k| r[i][k] * sigmas[k].powi(2) * r[j][k])
                        .sum()
                })
                .collect()
        })
        .collect()
}

/// `n` points x = R·diag(σ)·z with z standard normal (zero mean), R from
/// [`generator_rotation`]; the same seed always gives the same cloud.
pub fn generate_cloud(sigmas: &[f64], rotation_degrees: f64, n: usize, seed: u64) -> Vec<Vec<f64>> {
    let dim = sigmas.len();
    let r = generator_rotation(dim, rotation_degrees);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let z: Vec<f64> = sigmas
                .iter()
                .map(|s| s * rng.sample::<f64, _>(StandardNormal))
                .collect();
            (0..dim)
                .map(|i| (0..dim).map(|k| r[i][k] * z[k]).sum())
                .collect()
        })
        .collect()
}

/// The largest number of clicked points accepted (the generator's own limit).
pub const MAX_POINTS: usize = 500;

/// Parses `x,y;x,y;…` (spaces allowed, empty for no points; coordinates within ±1000).
/// Coordinates are rounded to 2 decimals, as the URL writes them.
pub fn parse_points(text: &str) -> Result<Vec<[f64; 2]>, String> {
    let mut points = Vec::new();
    for (index, pair) in text.split(';').map(str::trim).enumerate() {
        if pair.is_empty() {
            continue;
        }
        let coordinates: Vec<&str> = pair.split(',').map(str::trim).collect();
        let parsed: Vec<f64> = coordinates
            .iter()
            .filter_map(|c| crate::number_text::parse_f64(c))
            .filter(|x| x.is_finite() && x.abs() <= 1000.0)
            .collect();
        if coordinates.len() != 2 || parsed.len() != 2 {
            return Err(format!(
                "point {} (“{pair}”) is not two numbers “x,y” within ±1000; write points as x,y;x,y;…",
                index + 1
            ));
        }
        points.push([round_coordinate(parsed[0]), round_coordinate(parsed[1])]);
    }
    if points.len() > MAX_POINTS {
        return Err(format!(
            "{} points given; at most {MAX_POINTS} are accepted",
            points.len()
        ));
    }
    Ok(points)
}

/// The URL text of clicked points: `x,y;x,y;…` with the shortest round-tripping numbers.
pub fn format_points(points: &[[f64; 2]]) -> String {
    let number = |x: f64| {
        let text = format!("{x:?}");
        text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
    };
    points
        .iter()
        .map(|p| format!("{},{}", number(p[0]), number(p[1])))
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn article_003s_covariance_with_its_wrong_variance_corrected() {
        // Article 003 prints np.cov([1,2,30,4,5], [2,4,60,18,10]) as [[145.3, 285.6],
        // [285.6, 569.2]]. By hand (means 8.4 and 18.8): Σdx² = 593.2 → 593.2/4 = 148.3,
        // Σdx·dy = 1142.4 → 285.6, Σdy² = 2276.8 → 569.2; so the first entry is 148.3.
        let points: Vec<Vec<f64>> = [
            [1.0, 2.0],
            [2.0, 4.0],
            [30.0, 60.0],
            [4.0, 18.0],
            [5.0, 10.0],
        ]
        .iter()
        .map(|p| p.to_vec())
        .collect();
        let pca = Pca::fit(&points).unwrap();
        assert!(close(pca.mean[0], 8.4, 1e-12) && close(pca.mean[1], 18.8, 1e-12));
        assert!(close(pca.covariance[0][0], 148.3, 1e-9));
        assert!(close(pca.covariance[0][1], 285.6, 1e-9));
        assert!(close(pca.covariance[1][0], 285.6, 1e-9));
        assert!(close(pca.covariance[1][1], 569.2, 1e-9));
        // Eigenvalues of [[a, b], [b, c]]: (a + c)/2 ± √(((a − c)/2)² + b²)
        // = 358.75 ± √(210.45² + 285.6²) = 358.75 ± 354.7668…
        let root = (210.45f64.powi(2) + 285.6f64.powi(2)).sqrt();
        assert!(close(pca.eigenvalues[0], 358.75 + root, 1e-9));
        assert!(close(pca.eigenvalues[1], 358.75 - root, 1e-9));
    }

    #[test]
    fn hand_computed_small_sets() {
        // (−1,0), (1,0), (0,−1), (0,1) scaled: points on the axes, variances 2/3·a² apart.
        // Square corners (±1, ±1): mean 0, cov = [[4/3, 0], [0, 4/3]]: a tie.
        let square: Vec<Vec<f64>> = [[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]]
            .iter()
            .map(|p| p.to_vec())
            .collect();
        let pca = Pca::fit(&square).unwrap();
        assert!(close(pca.covariance[0][0], 4.0 / 3.0, 1e-12));
        assert!(close(pca.covariance[0][1], 0.0, 1e-12));
        assert!(pca.is_tied(0));
        // Points on the line y = x: (0,0), (1,1), (2,2): cov = [[1, 1], [1, 1]],
        // eigenvalues 2 and 0, PC1 = (1, 1)/√2 at 45°, zero reconstruction error.
        let line: Vec<Vec<f64>> = (0..3).map(|i| vec![i as f64, i as f64]).collect();
        let pca = Pca::fit(&line).unwrap();
        assert!(close(pca.eigenvalues[0], 2.0, 1e-12));
        assert!(close(pca.eigenvalues[1], 0.0, 1e-12));
        assert!(close(pca.angle_degrees(0), 45.0, 1e-9));
        assert!(close(pca.components[0][0], 0.5f64.sqrt(), 1e-12));
        assert!(pca.reconstruction_error(&line, 1) < 1e-24);
        assert_eq!(pca.explained_variance_ratios().unwrap()[0], 1.0);
        // (0,0), (2,0), (0,1), (2,1): cov = [[4/3, 0], [0, 1/3]], PC1 along x.
        let rectangle: Vec<Vec<f64>> = [[0.0, 0.0], [2.0, 0.0], [0.0, 1.0], [2.0, 1.0]]
            .iter()
            .map(|p| p.to_vec())
            .collect();
        let pca = Pca::fit(&rectangle).unwrap();
        assert!(close(pca.eigenvalues[0], 4.0 / 3.0, 1e-12));
        assert!(close(pca.eigenvalues[1], 1.0 / 3.0, 1e-12));
        assert!(close(pca.angle_degrees(0), 0.0, 1e-9));
        assert!(close(pca.angle_degrees(1), 90.0, 1e-9));
        // Each point is 0.5 from the PC1 line: error 4 · 0.25 = 1 = (1/3)·(n − 1).
        assert!(close(pca.reconstruction_error(&rectangle, 1), 1.0, 1e-12));
    }

    #[test]
    fn too_few_points_and_coinciding_points() {
        assert_eq!(Pca::fit(&[]), Err(PcaError::TooFewPoints));
        assert_eq!(Pca::fit(&[vec![1.0, 2.0]]), Err(PcaError::TooFewPoints));
        let same = vec![vec![1.0, 2.0], vec![1.0, 2.0]];
        let pca = Pca::fit(&same).unwrap();
        assert_eq!(pca.explained_variance_ratios(), None);
        assert!(pca.eigenvalues.iter().all(|l| *l == 0.0));
    }

    #[test]
    fn generated_covariance_approaches_the_rotated_diagonal() {
        // With n = 20000 the standard error of a sample variance is σ²·√(2/n) = 1% of σ²,
        // so every entry must be within 4% of the largest σ² (four standard errors) of
        // R diag(σ²) Rᵀ, and every eigenvalue within 4% of its σ² (seed fixed).
        for (sigmas, rotation) in [(vec![2.0, 0.5], 30.0), (vec![1.5, 1.0, 0.3], -60.0)] {
            let points = generate_cloud(&sigmas, rotation, 20_000, 7);
            let pca = Pca::fit(&points).unwrap();
            let expected = generator_covariance(&sigmas, rotation);
            let tolerance = 0.04 * sigmas[0].powi(2);
            for (i, sigma) in sigmas.iter().enumerate() {
                for (j, expected) in expected[i].iter().enumerate() {
                    let sample = pca.covariance[i][j];
                    assert!(
                        close(sample, *expected, tolerance),
                        "{sigmas:?} [{i}][{j}]: {sample} vs {expected}"
                    );
                }
                let variance = sigma.powi(2);
                assert!(
                    close(pca.eigenvalues[i], variance, 0.04 * variance),
                    "λ{i} = {} vs {variance}",
                    pca.eigenvalues[i]
                );
            }
        }
        // In 2-D, PC1 points along the rotation.
        let pca = Pca::fit(&generate_cloud(&[2.0, 0.5], 30.0, 20_000, 7)).unwrap();
        assert!(close(pca.angle_degrees(0), 30.0, 1.0));
        // The seed decides everything.
        assert_eq!(
            generate_cloud(&[1.0, 1.0], 0.0, 5, 3),
            generate_cloud(&[1.0, 1.0], 0.0, 5, 3)
        );
        assert_ne!(
            generate_cloud(&[1.0, 1.0], 0.0, 5, 3),
            generate_cloud(&[1.0, 1.0], 0.0, 5, 4)
        );
    }

    #[test]
    fn components_are_orthonormal_ratios_sum_to_one_and_the_error_identity_holds() {
        for (seed, sigmas) in [
            (1, vec![2.0, 0.5]),
            (2, vec![0.3, 3.0]),
            (3, vec![1.0, 2.0, 0.5]),
        ] {
            let points = generate_cloud(&sigmas, 20.0, 50, seed);
            let pca = Pca::fit(&points).unwrap();
            let d = sigmas.len();
            for a in 0..d {
                for b in 0..d {
                    let dot: f64 = (0..d)
                        .map(|j| pca.components[a][j] * pca.components[b][j])
                        .sum();
                    let expected = if a == b { 1.0 } else { 0.0 };
                    assert!(close(dot, expected, 1e-12), "v{a}·v{b} = {dot}");
                }
            }
            let ratios = pca.explained_variance_ratios().unwrap();
            assert!(close(ratios.iter().sum::<f64>(), 1.0, 1e-12));
            assert!(ratios.windows(2).all(|w| w[0] >= w[1]));
            // Trace = Σλ.
            let trace: f64 = (0..d).map(|i| pca.covariance[i][i]).sum();
            assert!(close(trace, pca.total_variance(), 1e-12));
            for k in 0..=d {
                let direct = pca.reconstruction_error(&points, k);
                let identity = pca.discarded_variance_error(k);
                assert!(close(direct, identity, 1e-9 * (1.0 + identity)), "k = {k}");
            }
        }
    }

    #[test]
    fn points_text_round_trips_and_rejects_junk() {
        let points = parse_points(" 1.234,2 ; -0.001,3;").unwrap();
        assert_eq!(points, vec![[1.23, 2.0], [0.0, 3.0]]);
        assert_eq!(format_points(&points), "1.23,2;0,3");
        assert_eq!(parse_points(&format_points(&points)).unwrap(), points);
        assert_eq!(parse_points("").unwrap(), Vec::<[f64; 2]>::new());
        for junk in ["1,2,3", "a,b", "1", "1,NaN", "1,1e9"] {
            assert!(parse_points(junk).is_err(), "{junk}");
        }
    }
}
