//! Mean, variance, covariance and Pearson's correlation of paired data (x, y), with the
//! sample (ddof = 1, divided by n − 1) convention of `numpy.cov`; the covariance ellipse from
//! the eigen-decomposition of the 2 × 2 covariance matrix (nalgebra's `SymmetricEigen`); the
//! leave-one-out influence of each point on r; and a seeded bivariate-normal generator.

use nalgebra::{Matrix2, SymmetricEigen};
use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::StandardNormal;

use super::coordinates::round_coordinate;

/// Relative size under which a variance counts as zero (all x, or all y, equal): r is then
/// 0 / 0, undefined. Rounding leaves about 1e-16 of the squared spread.
const ZERO_VARIANCE: f64 = 1e-12;

/// The summary statistics of n ≥ 2 points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairedSummary {
    pub n: usize,
    pub mean_x: f64,
    pub mean_y: f64,
    /// Sample variance of x, Σ(x − x̄)² / (n − 1).
    pub var_x: f64,
    pub var_y: f64,
    /// Sample covariance Σ(x − x̄)(y − ȳ) / (n − 1).
    pub cov_xy: f64,
}

impl PairedSummary {
    /// The summary of `points`, or None with fewer than two (ddof = 1 divides by n − 1).
    /// Two passes (means first, then centred sums) so large offsets do not cancel.
    pub fn of(points: &[[f64; 2]]) -> Option<Self> {
        let n = points.len();
        if n < 2 {
            return None;
        }
        let count = n as f64;
        let mean_x = points.iter().map(|p| p[0]).sum::<f64>() / count;
        let mean_y = points.iter().map(|p| p[1]).sum::<f64>() / count;
        let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
        for p in points {
            let (dx, dy) = (p[0] - mean_x, p[1] - mean_y);
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        let denominator = count - 1.0;
        Some(Self {
            n,
            mean_x,
            mean_y,
            var_x: sxx / denominator,
            var_y: syy / denominator,
            cov_xy: sxy / denominator,
        })
    }

    /// The covariance matrix [[var x, cov], [cov, var y]].
    pub fn matrix(&self) -> [[f64; 2]; 2] {
        [[self.var_x, self.cov_xy], [self.cov_xy, self.var_y]]
    }

    fn scale(&self) -> f64 {
        self.var_x
            .abs()
            .max(self.var_y.abs())
            .max(f64::MIN_POSITIVE)
    }

    /// Whether x (axis 0) or y (axis 1) has no spread at all.
    pub fn is_constant(&self, axis: usize) -> bool {
        let variance = if axis == 0 { self.var_x } else { self.var_y };
        let magnitude = (self.mean_x.abs() + self.mean_y.abs()).powi(2);
        variance <= ZERO_VARIANCE * magnitude.max(self.scale()) || variance == 0.0
    }

    /// Pearson's r = cov / (sx·sy), clamped into [−1, 1] against rounding; None when x or y
    /// is constant (0 / 0).
    pub fn pearson_r(&self) -> Option<f64> {
        if self.is_constant(0) || self.is_constant(1) {
            return None;
        }
        // √(var x · var y) in one root: exact for y = 2x (√25 = 5), where √2.5·√10 is not.
        Some((self.cov_xy / (self.var_x * self.var_y).sqrt()).clamp(-1.0, 1.0))
    }

    /// The least-squares slope of y on x, cov / var x; None when x is constant.
    pub fn slope(&self) -> Option<f64> {
        (!self.is_constant(0)).then(|| self.cov_xy / self.var_x)
    }

    /// The covariance ellipse's principal axes.
    pub fn ellipse(&self) -> CovarianceEllipse {
        CovarianceEllipse::of(self.matrix())
    }
}

/// The principal axes of a 2 × 2 covariance matrix: the k-σ ellipse
/// {x : (x − x̄)ᵀ C⁻¹ (x − x̄) = k²} has semi-axes k·√λᵢ along the eigenvectors vᵢ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CovarianceEllipse {
    /// λ₁ ≥ λ₂ ≥ 0 (clamped at 0 against rounding).
    pub eigenvalues: [f64; 2],
    /// Unit eigenvectors in the same order; v₁ has a non-negative x component (or points up)
    /// so it does not flip between frames.
    pub axes: [[f64; 2]; 2],
}

impl CovarianceEllipse {
    pub fn of(c: [[f64; 2]; 2]) -> Self {
        let eigen = SymmetricEigen::new(Matrix2::new(c[0][0], c[0][1], c[1][0], c[1][1]));
        let (first, second) = if eigen.eigenvalues[0] >= eigen.eigenvalues[1] {
            (0, 1)
        } else {
            (1, 0)
        };
        let column = |k: usize| [eigen.eigenvectors[(0, k)], eigen.eigenvectors[(1, k)]];
        let mut v1 = column(first);
        if v1[0] < 0.0 || (v1[0] == 0.0 && v1[1] < 0.0) {
            v1 = [-v1[0], -v1[1]];
        }
        // v₂ is v₁ turned by +90°: orthonormal by construction, and a right-handed pair.
        let v2 = [-v1[1], v1[0]];
        Self {
            eigenvalues: [
                eigen.eigenvalues[first].max(0.0),
                eigen.eigenvalues[second].max(0.0),
            ],
            axes: [v1, v2],
        }
    }

    /// The semi-axes of the k-σ ellipse, k·√λ₁ and k·√λ₂.
    pub fn semi_axes(&self, k_sigma: f64) -> [f64; 2] {
        self.eigenvalues.map(|l| k_sigma * l.sqrt())
    }

    /// The direction of the major axis in degrees, within (−90°, 90°].
    pub fn angle_degrees(&self) -> f64 {
        let [x, y] = self.axes[0];
        let angle = y.atan2(x).to_degrees();
        if angle <= -90.0 { angle + 180.0 } else { angle }
    }

    /// `segments + 1` points of the k-σ ellipse around `centre` (closed: first = last).
    pub fn outline(&self, centre: [f64; 2], k_sigma: f64, segments: usize) -> Vec<[f64; 2]> {
        let [a, b] = self.semi_axes(k_sigma);
        let [v1, v2] = self.axes;
        (0..=segments)
            .map(|i| {
                let t = std::f64::consts::TAU * i as f64 / segments.max(1) as f64;
                let (u, w) = (a * t.cos(), b * t.sin());
                [
                    centre[0] + u * v1[0] + w * v2[0],
                    centre[1] + u * v1[1] + w * v2[1],
                ]
            })
            .collect()
    }
}

/// The point whose removal changes r the most, and r without it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Influence {
    pub index: usize,
    /// r of the other n − 1 points; None when they have a constant x or y.
    pub r_without: Option<f64>,
}

/// Leave-one-out: for each point, r of the others; the point with the largest |Δr| wins
/// (a removal that makes r undefined counts as the largest change). Needs n ≥ 3 so that two
/// points remain. O(n²), fine for the few hundred points the demo allows.
pub fn most_influential_point(points: &[[f64; 2]]) -> Option<Influence> {
    if points.len() < 3 {
        return None;
    }
    let r_all = PairedSummary::of(points)?.pearson_r();
    let mut best: Option<(f64, Influence)> = None;
    let mut others = Vec::with_capacity(points.len() - 1);
    for index in 0..points.len() {
        others.clear();
        others.extend(
            points
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != index)
                .map(|(_, p)| *p),
        );
        let r_without = PairedSummary::of(&others).and_then(|s| s.pearson_r());
        let change = match (r_all, r_without) {
            (Some(a), Some(b)) => (a - b).abs(),
            (None, None) => 0.0,
            _ => f64::INFINITY,
        };
        if best.is_none_or(|(largest, _)| change > largest) {
            best = Some((change, Influence { index, r_without }));
        }
    }
    best.map(|(_, influence)| influence)
}

/// `n` points of a bivariate normal with zero means, unit standard deviations and
/// correlation ρ: x = z₁, y = ρ z₁ + √(1 − ρ²) z₂ with z standard normal (ChaCha8 seeded by
/// `seed`, so the same seed gives the same cloud). Rounded to 2 decimals, as clicked points
/// are, so that editing a generated cloud keeps exactly its numbers.
pub fn bivariate_normal(n: usize, rho: f64, seed: u64) -> Vec<[f64; 2]> {
    let rho = rho.clamp(-1.0, 1.0);
    let complement = (1.0 - rho * rho).max(0.0).sqrt();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let z1: f64 = rng.sample(StandardNormal);
            let z2: f64 = rng.sample(StandardNormal);
            [
                round_coordinate(z1),
                round_coordinate(rho * z1 + complement * z2),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: [[f64; 2]; 5] = [
        [1.0, 2.0],
        [2.0, 4.0],
        [30.0, 60.0],
        [4.0, 18.0],
        [5.0, 10.0],
    ];

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn article_003s_np_cov_example_with_the_misprint_corrected() {
        // np.cov([1,2,30,4,5], [2,4,60,18,10]). By hand: means 42/5 = 8.4 and 94/5 = 18.8;
        // Σdx² = 593.2, Σdx·dy = 1142.4, Σdy² = 2276.8; divided by n − 1 = 4: 148.3, 285.6,
        // 569.2. The article prints 145.3 for the first entry, which is wrong.
        let s = PairedSummary::of(&ARTICLE).unwrap();
        assert_eq!(s.n, 5);
        assert!(close(s.mean_x, 8.4, 1e-12) && close(s.mean_y, 18.8, 1e-12));
        assert!(close(s.var_x, 148.3, 1e-10));
        assert!(close(s.cov_xy, 285.6, 1e-10));
        assert!(close(s.var_y, 569.2, 1e-10));
        // python3: 285.6 / math.sqrt(148.3 * 569.2) = 0.9830037664902734.
        let r = s.pearson_r().unwrap();
        assert!(close(r, 285.6 / (148.3_f64 * 569.2).sqrt(), 1e-12));
        assert!(close(r, 0.983_003_766_490_273_4, 1e-12), "{r}");
    }

    #[test]
    fn y_equal_2x_has_r_exactly_one_and_y_equal_minus_x_minus_one() {
        let line: Vec<[f64; 2]> = (1..=5).map(|x| [x as f64, 2.0 * x as f64]).collect();
        let s = PairedSummary::of(&line).unwrap();
        // x = 1..5: var x = 10/4 = 2.5, cov = 2·2.5 = 5, var y = 4·2.5 = 10.
        assert_eq!((s.var_x, s.cov_xy, s.var_y), (2.5, 5.0, 10.0));
        assert_eq!(s.pearson_r(), Some(1.0));
        assert_eq!(s.slope(), Some(2.0));
        let falling: Vec<[f64; 2]> = line.iter().map(|p| [p[0], -p[0]]).collect();
        assert_eq!(PairedSummary::of(&falling).unwrap().pearson_r(), Some(-1.0));
        // The line's ellipse is flat: λ₂ = 0, λ₁ = var x + var y = 12.5 along (1, 2)/√5.
        let e = s.ellipse();
        assert!(close(e.eigenvalues[0], 12.5, 1e-12) && close(e.eigenvalues[1], 0.0, 1e-12));
        assert!(close(e.axes[0][0], 1.0 / 5f64.sqrt(), 1e-12));
        assert!(close(e.angle_degrees(), 2f64.atan().to_degrees(), 1e-9));
    }

    #[test]
    fn r_is_invariant_under_shift_and_positive_scaling_and_flips_sign_under_negation() {
        let s = PairedSummary::of(&ARTICLE).unwrap();
        let r = s.pearson_r().unwrap();
        let moved: Vec<[f64; 2]> = ARTICLE
            .iter()
            .map(|p| [3.0 * p[0] - 100.0, 0.5 * p[1] + 7.0])
            .collect();
        let t = PairedSummary::of(&moved).unwrap();
        assert!(close(t.pearson_r().unwrap(), r, 1e-12));
        // Shifting moves the means only; scaling x by 3 and y by 0.5 scales var x by 9,
        // var y by 0.25 and the covariance by 1.5.
        assert!(close(t.mean_x, 3.0 * 8.4 - 100.0, 1e-12));
        assert!(close(t.var_x, 9.0 * 148.3, 1e-9));
        assert!(close(t.var_y, 0.25 * 569.2, 1e-9));
        assert!(close(t.cov_xy, 1.5 * 285.6, 1e-9));
        let negated: Vec<[f64; 2]> = ARTICLE.iter().map(|p| [-p[0], p[1]]).collect();
        let u = PairedSummary::of(&negated).unwrap();
        assert!(close(u.pearson_r().unwrap(), -r, 1e-12));
    }

    #[test]
    fn ellipse_axes_are_the_eigenvalues_and_eigenvectors_of_the_covariance() {
        let s = PairedSummary::of(&ARTICLE).unwrap();
        let e = s.ellipse();
        // Closed form for a symmetric 2 × 2: λ = (a + c)/2 ± √(((a − c)/2)² + b²).
        let (a, b, c) = (148.3, 285.6, 569.2);
        let half_gap = (((a - c) / 2.0_f64).powi(2) + b * b).sqrt();
        assert!(close(e.eigenvalues[0], (a + c) / 2.0 + half_gap, 1e-9));
        assert!(close(e.eigenvalues[1], (a + c) / 2.0 - half_gap, 1e-9));
        let matrix = s.matrix();
        for k in 0..2 {
            let v = e.axes[k];
            let cv = [
                matrix[0][0] * v[0] + matrix[0][1] * v[1],
                matrix[1][0] * v[0] + matrix[1][1] * v[1],
            ];
            assert!(close(cv[0], e.eigenvalues[k] * v[0], 1e-9));
            assert!(close(cv[1], e.eigenvalues[k] * v[1], 1e-9));
            assert!(close(v[0].hypot(v[1]), 1.0, 1e-12));
        }
        // Every outline point of the 2σ ellipse has Mahalanobis distance 2.
        let det = a * c - b * b;
        for p in e.outline([s.mean_x, s.mean_y], 2.0, 24) {
            let (dx, dy) = (p[0] - s.mean_x, p[1] - s.mean_y);
            let mahalanobis2 = (c * dx * dx - 2.0 * b * dx * dy + a * dy * dy) / det;
            assert!(close(mahalanobis2, 4.0, 1e-8), "{mahalanobis2}");
        }
        let semi = e.semi_axes(2.0);
        assert!(close(semi[0], 2.0 * e.eigenvalues[0].sqrt(), 1e-12));
    }

    #[test]
    fn the_outlier_is_the_most_influential_point() {
        let influence = most_influential_point(&ARTICLE).unwrap();
        assert_eq!(influence.index, 2, "(30, 60) dominates");
        // Without (30, 60): x = [1,2,4,5], y = [2,4,18,10]; means 3 and 8.5; Σdx² = 10,
        // Σdx·dy = 30, Σdy² = 155 → r = 30/√1550 (python3: 0.762000762001143).
        let expected = 30.0 / 1550f64.sqrt();
        assert!(close(influence.r_without.unwrap(), expected, 1e-12));
        assert!(close(expected, 0.762_000_762_001_143, 1e-13));
        assert_eq!(most_influential_point(&ARTICLE[..2]), None);
        // Removing (5, 0) from [(0,0), (1,0), (5,0)]… all y equal: r undefined everywhere.
        let flat = [[0.0, 0.0], [1.0, 0.0], [5.0, 0.0]];
        assert_eq!(most_influential_point(&flat).unwrap().r_without, None);
    }

    #[test]
    fn constant_coordinates_and_too_few_points_are_undefined() {
        assert_eq!(PairedSummary::of(&[[1.0, 2.0]]), None);
        let vertical = PairedSummary::of(&[[3.0, 1.0], [3.0, 5.0], [3.0, 2.0]]).unwrap();
        assert_eq!(vertical.var_x, 0.0);
        assert_eq!(vertical.pearson_r(), None);
        assert_eq!(vertical.slope(), None);
        let same = PairedSummary::of(&[[0.1, 0.2], [0.1, 0.2]]).unwrap();
        assert_eq!(same.pearson_r(), None);
        let e = same.ellipse();
        assert_eq!(e.eigenvalues, [0.0, 0.0]);
    }

    #[test]
    fn generated_clouds_are_reproducible_and_have_roughly_the_asked_correlation() {
        let a = bivariate_normal(2000, 0.8, 3);
        assert_eq!(a, bivariate_normal(2000, 0.8, 3));
        assert_ne!(a, bivariate_normal(2000, 0.8, 4));
        // The sample r of n = 2000 has standard error ≈ (1 − ρ²)/√n = 0.008, so ±0.04 is a
        // 5σ band: a correct generator fails it with probability < 1e-6.
        let r = PairedSummary::of(&a).unwrap().pearson_r().unwrap();
        assert!(close(r, 0.8, 0.04), "{r}");
        let negative = bivariate_normal(2000, -0.5, 3);
        let r = PairedSummary::of(&negative).unwrap().pearson_r().unwrap();
        assert!(close(r, -0.5, 0.06), "{r}");
        // ρ = ±1 puts every point on the line y = ±x (up to the 2-decimal rounding).
        let line = bivariate_normal(50, 1.0, 1);
        assert!(line.iter().all(|p| p[0] == p[1]));
    }
}
