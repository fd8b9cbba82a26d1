//! Calculus of several variables at one point of a surface `f(x, y)`: the directional
//! derivative `D_u f = ∇f·u`, the first- and second-order Taylor models (tangent plane and
//! quadratic model), the curvature directions of the symmetric Hessian, and the observed
//! order of a model's error (the slope of log error against log distance).
//!
//! Everything takes plain numbers (value, gradient, Hessian) so it works for any surface;
//! the demos get those exactly from [`crate::math::surfaces::Surface`].

/// The unit vector at `angle` radians from the x axis (counter-clockwise).
pub fn unit_vector(angle: f64) -> [f64; 2] {
    [angle.cos(), angle.sin()]
}

/// The dot product of two plane vectors.
pub fn dot(a: [f64; 2], b: [f64; 2]) -> f64 {
    a[0] * b[0] + a[1] * b[1]
}

/// The Euclidean length `|v|`.
pub fn norm(v: [f64; 2]) -> f64 {
    v[0].hypot(v[1])
}

/// The directional derivative `D_u f = ∇f·u`: the slope of `f` when walking from the point
/// along the unit vector `u`.
pub fn directional_derivative(gradient: [f64; 2], direction: [f64; 2]) -> f64 {
    dot(gradient, direction)
}

/// The angle of the gradient in radians (`atan2`), the direction of steepest ascent; zero
/// for a zero gradient (every direction is then equally flat).
pub fn gradient_angle(gradient: [f64; 2]) -> f64 {
    if gradient == [0.0, 0.0] {
        0.0
    } else {
        gradient[1].atan2(gradient[0])
    }
}

/// `D_u f` for `count` angles evenly spaced over a full turn (0 included, 2π left out):
/// `(angle, ∇f·u(angle))`, the cosine `|∇f| cos(θ − φ)` the polar plot draws.
pub fn directional_derivative_over_angles(gradient: [f64; 2], count: usize) -> Vec<(f64, f64)> {
    (0..count)
        .map(|i| {
            let angle = std::f64::consts::TAU * i as f64 / count as f64;
            (angle, directional_derivative(gradient, unit_vector(angle)))
        })
        .collect()
}

/// `vᵀ H v` for a symmetric 2×2 matrix `H`: for a unit `v` the curvature of `f` along `v`.
pub fn quadratic_form(hessian: [[f64; 2]; 2], v: [f64; 2]) -> f64 {
    v[0] * (hessian[0][0] * v[0] + hessian[0][1] * v[1])
        + v[1] * (hessian[1][0] * v[0] + hessian[1][1] * v[1])
}

/// The first-order Taylor model (the tangent plane) at an offset `d` from the point:
/// `f + ∇f·d`.
pub fn first_order_model(value: f64, gradient: [f64; 2], offset: [f64; 2]) -> f64 {
    value + dot(gradient, offset)
}

/// The second-order Taylor model (the quadratic model Newton's method minimises) at an
/// offset `d`: `f + ∇f·d + ½ dᵀ H d`.
pub fn second_order_model(
    value: f64,
    gradient: [f64; 2],
    hessian: [[f64; 2]; 2],
    offset: [f64; 2],
) -> f64 {
    first_order_model(value, gradient, offset) + 0.5 * quadratic_form(hessian, offset)
}

/// The eigen-decomposition of a symmetric 2×2 Hessian: the curvature directions.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvatureDirections {
    /// The eigenvalues, largest first: the largest and smallest curvature through the point.
    pub values: [f64; 2],
    /// Unit eigenvectors, `vectors[i]` for `values[i]`; orthogonal.
    pub vectors: [[f64; 2]; 2],
}

/// Eigenvalues and unit eigenvectors of the symmetric `[[a, b], [b, c]]`, in closed form:
/// `λ = (a + c)/2 ± √(((a − c)/2)² + b²)`, and the first eigenvector at the angle
/// `½ atan2(2b, a − c)` (stable even when `b` is tiny, unlike solving `(H − λI)v = 0`).
pub fn curvature_directions(hessian: [[f64; 2]; 2]) -> CurvatureDirections {
    let (a, b, c) = (
        hessian[0][0],
        0.5 * (hessian[0][1] + hessian[1][0]),
        hessian[1][1],
    );
    let mean = 0.5 * (a + c);
    let radius = (0.5 * (a - c)).hypot(b);
    let angle = 0.5 * (2.0 * b).atan2(a - c);
    let first = unit_vector(angle);
    CurvatureDirections {
        values: [mean + radius, mean - radius],
        vectors: [first, [-first[1], first[0]]],
    }
}

/// The error of both Taylor models at one distance along a direction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TaylorError {
    /// The distance `h` walked from the point along the unit direction.
    pub distance: f64,
    /// `|f(p + h u) − (f + h ∇f·u)|`: of order `h²`.
    pub first_order: f64,
    /// `|f(p + h u) − (f + h ∇f·u + ½ h² uᵀHu)|`: of order `h³`.
    pub second_order: f64,
}

/// Distances `10^-4 … 10^0`, `per_decade` a decade: where the model errors are plotted.
pub fn error_distances(per_decade: usize) -> Vec<f64> {
    let count = 4 * per_decade;
    (0..=count)
        .map(|i| 10f64.powf(-4.0 + i as f64 / per_decade as f64))
        .collect()
}

/// The errors of the tangent-plane and quadratic models of `f` at `point` (where `f` has
/// `value`, `gradient` and `hessian`) at each distance along the unit `direction`.
pub fn taylor_errors(
    f: impl Fn(f64, f64) -> f64,
    point: [f64; 2],
    value: f64,
    gradient: [f64; 2],
    hessian: [[f64; 2]; 2],
    direction: [f64; 2],
    distances: &[f64],
) -> Vec<TaylorError> {
    distances
        .iter()
        .map(|&h| {
            let offset = [h * direction[0], h * direction[1]];
            let exact = f(point[0] + offset[0], point[1] + offset[1]);
            TaylorError {
                distance: h,
                first_order: (exact - first_order_model(value, gradient, offset)).abs(),
                second_order: (exact - second_order_model(value, gradient, hessian, offset)).abs(),
            }
        })
        .collect()
}

/// The window of distances over which an error's order is measured: small enough that the
/// leading term dominates, large enough that the error is far above rounding.
pub const SLOPE_WINDOW: (f64, f64) = (1e-3, 1e-1);

/// The least-squares slope of `log10 error` against `log10 h` over the points with `h` in
/// [`SLOPE_WINDOW`]: the observed order of the error (2 for the tangent plane, 3 for the
/// quadratic model). None when fewer than three errors there are above `floor` (a model that
/// is exact up to rounding, such as the quadratic model of a quadratic, has no order).
pub fn observed_order(points: &[(f64, f64)], floor: f64) -> Option<f64> {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .filter(|(h, e)| {
            (SLOPE_WINDOW.0 * (1.0 - 1e-9)..=SLOPE_WINDOW.1 * (1.0 + 1e-9)).contains(h)
                && e.is_finite()
                && *e > floor
        })
        .map(|(h, e)| (h.log10(), e.log10()))
        .collect();
    if logs.len() < 3 {
        return None;
    }
    let n = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let covariance: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let variance: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    (variance > 0.0).then(|| covariance / variance)
}

/// The rounding floor under which a model error means nothing: a few hundred ulps of the
/// values involved.
pub fn rounding_floor(value: f64) -> f64 {
    256.0 * f64::EPSILON * value.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::surfaces::{Surface, SurfaceKind};

    fn relative_close(actual: f64, expected: f64, tolerance: f64) {
        let scale = expected.abs().max(1e-300);
        assert!(
            (actual - expected).abs() <= tolerance * scale,
            "got {actual}, expected {expected}"
        );
    }

    #[test]
    fn preset_gradients_and_hessians_match_closed_forms() {
        // Himmelblau f = (x² + y − 11)² + (x + y² − 7)², differentiated by hand:
        // f_x = 4x(x² + y − 11) + 2(x + y² − 7), f_y = 2(x² + y − 11) + 4y(x + y² − 7),
        // f_xx = 12x² + 4y − 42, f_xy = 4x + 4y, f_yy = 4x + 12y² − 26.
        let himmelblau = Surface::builtin(SurfaceKind::Himmelblau, 1.0);
        for (x, y) in [(1.3, -0.7), (-2.2, 3.1), (0.25, 0.5)] {
            let a = x * x + y - 11.0;
            let b = x + y * y - 7.0;
            let (value, gradient, hessian) = himmelblau.value_gradient_hessian(x, y);
            relative_close(value, a * a + b * b, 1e-12);
            relative_close(gradient[0], 4.0 * x * a + 2.0 * b, 1e-12);
            relative_close(gradient[1], 2.0 * a + 4.0 * y * b, 1e-12);
            relative_close(hessian[0][0], 12.0 * x * x + 4.0 * y - 42.0, 1e-12);
            relative_close(hessian[0][1], 4.0 * x + 4.0 * y, 1e-12);
            relative_close(hessian[1][1], 4.0 * x + 12.0 * y * y - 26.0, 1e-12);
        }
        // Rosenbrock f = (1 − x)² + 100(y − x²)²: f_x = −2(1 − x) − 400x(y − x²),
        // f_y = 200(y − x²), f_xx = 2 − 400y + 1200x², f_xy = −400x, f_yy = 200.
        let rosenbrock = Surface::builtin(SurfaceKind::Rosenbrock, 1.0);
        let (x, y) = (-0.8, 1.9);
        let (_, gradient, hessian) = rosenbrock.value_gradient_hessian(x, y);
        relative_close(
            gradient[0],
            -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
            1e-12,
        );
        relative_close(gradient[1], 200.0 * (y - x * x), 1e-12);
        relative_close(hessian[0][0], 2.0 - 400.0 * y + 1200.0 * x * x, 1e-12);
        relative_close(hessian[0][1], -400.0 * x, 1e-12);
        relative_close(hessian[1][1], 200.0, 1e-12);
        // Six-hump camel (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²: f_x = 8x − 8.4x³ + 2x⁵ + y,
        // f_y = x − 8y + 16y³, f_xx = 8 − 25.2x² + 10x⁴, f_xy = 1, f_yy = −8 + 48y².
        let camel = Surface::builtin(SurfaceKind::SixHumpCamel, 1.0);
        let (x, y) = (-1.2, 0.4);
        let (_, gradient, hessian) = camel.value_gradient_hessian(x, y);
        relative_close(
            gradient[0],
            8.0 * x - 8.4 * x.powi(3) + 2.0 * x.powi(5) + y,
            1e-12,
        );
        relative_close(gradient[1], x - 8.0 * y + 16.0 * y.powi(3), 1e-12);
        relative_close(hessian[0][0], 8.0 - 25.2 * x * x + 10.0 * x.powi(4), 1e-12);
        relative_close(hessian[0][1], 1.0, 1e-12);
        relative_close(hessian[1][1], -8.0 + 48.0 * y * y, 1e-12);
        // Plateau 1 − e^(−r²/2), E = e^(−r²/2): f_x = xE, f_xx = (1 − x²)E, f_xy = −xyE.
        let plateau = Surface::builtin(SurfaceKind::Plateau, 1.0);
        let (x, y) = (1.5, 1.0);
        let e = (-(x * x + y * y) / 2.0f64).exp();
        let (_, gradient, hessian) = plateau.value_gradient_hessian(x, y);
        relative_close(gradient[0], x * e, 1e-12);
        relative_close(gradient[1], y * e, 1e-12);
        relative_close(hessian[0][0], (1.0 - x * x) * e, 1e-12);
        relative_close(hessian[0][1], -x * y * e, 1e-12);
        relative_close(hessian[1][1], (1.0 - y * y) * e, 1e-12);
        // Beale at (1, 1.5): mpmath.diff at 40 digits gives ∇f = (34.5, 92.5).
        let beale = Surface::builtin(SurfaceKind::Beale, 1.0);
        let gradient = beale.gradient(1.0, 1.5);
        relative_close(gradient[0], 34.5, 1e-12);
        relative_close(gradient[1], 92.5, 1e-12);
        // Saddle x² − y²: ∇f = (2x, −2y), H = diag(2, −2).
        let saddle = Surface::builtin(SurfaceKind::Saddle, 1.0);
        let (_, gradient, hessian) = saddle.value_gradient_hessian(0.6, -1.1);
        assert_eq!(gradient, [1.2, 2.2]);
        assert_eq!(hessian, [[2.0, 0.0], [0.0, -2.0]]);
    }

    #[test]
    fn directional_derivative_is_gradient_dot_u_and_peaks_along_the_gradient() {
        let gradient = [3.0, -4.0];
        // ∇f·u at 30°: 3 cos 30° − 4 sin 30° = 3·√3/2 − 2.
        let u = unit_vector(30f64.to_radians());
        relative_close(
            directional_derivative(gradient, u),
            1.5 * 3f64.sqrt() - 2.0,
            1e-15,
        );
        let samples = directional_derivative_over_angles(gradient, 3600);
        let (best_angle, best) =
            samples.iter().copied().fold(
                (0.0, f64::NEG_INFINITY),
                |a, b| if b.1 > a.1 { b } else { a },
            );
        // The maximum is |∇f| = 5 at the gradient's angle atan2(−4, 3) (mod 2π), up to the
        // 0.1° sampling: 5 cos(0.05°) ≥ 5 − 2·10⁻⁶.
        assert!((best - 5.0).abs() < 2e-6, "{best}");
        let phi = gradient_angle(gradient).rem_euclid(std::f64::consts::TAU);
        assert!((best_angle - phi).abs() < 0.001, "{best_angle} vs {phi}");
        // Exactly at the gradient's angle it is |∇f|; along the contour (±90°) it is zero.
        relative_close(
            directional_derivative(gradient, unit_vector(gradient_angle(gradient))),
            5.0,
            1e-15,
        );
        let along_contour = directional_derivative(
            gradient,
            unit_vector(gradient_angle(gradient) + std::f64::consts::FRAC_PI_2),
        );
        assert!(along_contour.abs() < 1e-15);
        // Every sample is the cosine |∇f| cos(θ − φ).
        for (angle, d) in samples.iter().step_by(97) {
            assert!((d - 5.0 * (angle - phi).cos()).abs() < 1e-14);
        }
    }

    #[test]
    fn curvature_directions_are_eigenpairs() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (−1, 1)/√2.
        let directions = curvature_directions([[2.0, 1.0], [1.0, 2.0]]);
        assert_eq!(directions.values, [3.0, 1.0]);
        let s = std::f64::consts::FRAC_1_SQRT_2;
        assert!((directions.vectors[0][0] - s).abs() < 1e-15);
        assert!((directions.vectors[0][1] - s).abs() < 1e-15);
        let h = [[-3.0, 0.7], [0.7, 5.0]];
        let directions = curvature_directions(h);
        for (lambda, v) in directions.values.iter().zip(directions.vectors) {
            relative_close(quadratic_form(h, v), *lambda, 1e-14);
            let hv = [
                h[0][0] * v[0] + h[0][1] * v[1],
                h[1][0] * v[0] + h[1][1] * v[1],
            ];
            assert!((hv[0] - lambda * v[0]).abs() < 1e-14);
            assert!((hv[1] - lambda * v[1]).abs() < 1e-14);
        }
        // Trace and determinant: 2 and −15.49.
        relative_close(directions.values[0] + directions.values[1], 2.0, 1e-15);
        relative_close(directions.values[0] * directions.values[1], -15.49, 1e-14);
    }

    #[test]
    fn taylor_errors_have_orders_two_and_three() {
        let distances = error_distances(10);
        // Directions where the third directional derivative is clearly non-zero: along 40° on
        // Himmelblau at (−0.5, −0.5) it is −0.27 (by hand from f_xxx = 24x, f_xxy = f_xyy = 4,
        // f_yyy = 24y) and the h⁴ term hides the h³ one up to h = 0.1 (observed slope 2.6).
        for (kind, point, angle) in [
            (SurfaceKind::Himmelblau, [-0.5, -0.5], 10.0f64),
            (SurfaceKind::Rosenbrock, [-1.0, 1.5], 200.0),
            (SurfaceKind::SixHumpCamel, [-1.2, 0.4], 120.0),
            (SurfaceKind::Plateau, [1.5, 1.0], 10.0),
        ] {
            let surface = Surface::builtin(kind, 1.0);
            let (value, gradient, hessian) = surface.value_gradient_hessian(point[0], point[1]);
            let errors = taylor_errors(
                |x, y| surface.value(x, y),
                point,
                value,
                gradient,
                hessian,
                unit_vector(angle.to_radians()),
                &distances,
            );
            let floor = rounding_floor(value);
            let first: Vec<(f64, f64)> =
                errors.iter().map(|e| (e.distance, e.first_order)).collect();
            let second: Vec<(f64, f64)> = errors
                .iter()
                .map(|e| (e.distance, e.second_order))
                .collect();
            let first = observed_order(&first, floor).unwrap();
            let second = observed_order(&second, floor).unwrap();
            assert!(
                (first - 2.0).abs() < 0.1,
                "{kind:?}: first-order slope {first}"
            );
            assert!(
                (second - 3.0).abs() < 0.1,
                "{kind:?}: second-order slope {second}"
            );
        }
    }

    #[test]
    fn the_quadratic_model_of_a_quadratic_is_exact_and_has_no_order() {
        let bowl = Surface::builtin(SurfaceKind::Bowl, 1.0);
        let point = [-1.5, 1.2];
        let (value, gradient, hessian) = bowl.value_gradient_hessian(point[0], point[1]);
        let errors = taylor_errors(
            |x, y| bowl.value(x, y),
            point,
            value,
            gradient,
            hessian,
            unit_vector(1.0),
            &error_distances(10),
        );
        // f = x² + y²: the tangent-plane error is exactly h² |u|² = h².
        for e in &errors {
            assert!((e.first_order - e.distance * e.distance).abs() < 1e-14);
        }
        let second: Vec<(f64, f64)> = errors
            .iter()
            .map(|e| (e.distance, e.second_order))
            .collect();
        assert_eq!(observed_order(&second, rounding_floor(value)), None);
    }

    #[test]
    fn models_at_an_offset() {
        // f = 1, ∇f = (2, −1), H = [[4, 1], [1, 2]] at d = (0.5, 2):
        // f1 = 1 + 1 − 2 = 0; ½ dᵀHd = ½ (4·0.25 + 2·1·0.5·2 + 2·4) = ½ (1 + 2 + 8) = 5.5.
        assert_eq!(first_order_model(1.0, [2.0, -1.0], [0.5, 2.0]), 0.0);
        assert_eq!(
            second_order_model(1.0, [2.0, -1.0], [[4.0, 1.0], [1.0, 2.0]], [0.5, 2.0]),
            5.5
        );
    }
}
