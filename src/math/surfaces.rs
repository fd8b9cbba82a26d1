//! Two-dimensional error surfaces for the optimizer lab, with exact derivatives.
//!
//! Each surface is written once, as a function generic over the number type
//! (`T: DualNum<Primitive = f64> + Copy`). Called with plain `f64` it is the fast path a heatmap
//! uses hundreds of thousands of times per frame: monomorphised, no allocation, no dynamic
//! dispatch. Called with `num_dual` numbers the same code yields exact derivatives by forward-mode
//! automatic differentiation: one `HyperDual64` evaluation gives `f_x`, `f_y` and `f_xy`, and one
//! `Dual2_64` evaluation per axis gives `f_xx` and `f_yy`. No finite differences anywhere, so the
//! Hessian eigenvalues that explain the learning-rate limit `lr < 2/λ_max` are exact too.
//!
//! Typed formulas ([`SurfaceKind::Custom`]) run through [`crate::math::expr::Expr`], whose
//! evaluator is generic in the same way and is differentiated the same way.

use num_dual::{Dual2_64, DualNum, HyperDual64};

use crate::math::expr::Expr;

/// The catalogue of surfaces the optimizer lab offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SurfaceKind {
    /// `x² + y²`: the friendliest convex function.
    Bowl,
    /// `½(x² + κy²)`: a quadratic whose condition number κ makes gradient descent zigzag.
    Elongated,
    /// `(1−x)² + 100(y−x²)²`: a curved, narrow valley.
    Rosenbrock,
    /// `(x²+y−11)² + (x+y²−7)²`: four global minima of equal depth.
    Himmelblau,
    /// Beale's function: flat wings and sharp ridges, minimum at (3, 0.5).
    Beale,
    /// `x² − y²`: no minimum, a saddle at the origin.
    Saddle,
    /// The six-hump camel: six local minima, two of them global.
    SixHumpCamel,
    /// Rastrigin's function: a bowl covered in a regular grid of local minima.
    Rastrigin,
    /// `1 − exp(−(x²+y²)/2)`: a wide, almost flat plateau around one well.
    Plateau,
    /// A formula typed by the user.
    Custom,
}

impl SurfaceKind {
    /// Every kind, in the order the lab lists them.
    pub const ALL: [SurfaceKind; 10] = [
        SurfaceKind::Bowl,
        SurfaceKind::Elongated,
        SurfaceKind::Rosenbrock,
        SurfaceKind::Himmelblau,
        SurfaceKind::Beale,
        SurfaceKind::Saddle,
        SurfaceKind::SixHumpCamel,
        SurfaceKind::Rastrigin,
        SurfaceKind::Plateau,
        SurfaceKind::Custom,
    ];

    /// The value used in URLs; stable, lowercase, hyphenated.
    pub fn id(self) -> &'static str {
        match self {
            SurfaceKind::Bowl => "bowl",
            SurfaceKind::Elongated => "elongated",
            SurfaceKind::Rosenbrock => "rosenbrock",
            SurfaceKind::Himmelblau => "himmelblau",
            SurfaceKind::Beale => "beale",
            SurfaceKind::Saddle => "saddle",
            SurfaceKind::SixHumpCamel => "six-hump-camel",
            SurfaceKind::Rastrigin => "rastrigin",
            SurfaceKind::Plateau => "plateau",
            SurfaceKind::Custom => "custom",
        }
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            SurfaceKind::Bowl => "Convex bowl",
            SurfaceKind::Elongated => "Elongated quadratic",
            SurfaceKind::Rosenbrock => "Rosenbrock valley",
            SurfaceKind::Himmelblau => "Himmelblau (four minima)",
            SurfaceKind::Beale => "Beale",
            SurfaceKind::Saddle => "Saddle",
            SurfaceKind::SixHumpCamel => "Six-hump camel",
            SurfaceKind::Rastrigin => "Rastrigin (many local minima)",
            SurfaceKind::Plateau => "Plateau with one well",
            SurfaceKind::Custom => "Custom formula",
        }
    }

    /// The inverse of [`SurfaceKind::id`].
    pub fn from_id(id: &str) -> Option<SurfaceKind> {
        SurfaceKind::ALL.into_iter().find(|kind| kind.id() == id)
    }

    /// The formula in LaTeX. The elongated quadratic is written with its parameter `\kappa`.
    pub fn latex(self) -> &'static str {
        match self {
            SurfaceKind::Bowl => r"f(x,y) = x^2 + y^2",
            SurfaceKind::Elongated => r"f(x,y) = \tfrac{1}{2}\,(x^2 + \kappa\, y^2)",
            SurfaceKind::Rosenbrock => r"f(x,y) = (1-x)^2 + 100\,(y-x^2)^2",
            SurfaceKind::Himmelblau => r"f(x,y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            SurfaceKind::Beale => {
                r"f(x,y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2"
            }
            SurfaceKind::Saddle => r"f(x,y) = x^2 - y^2",
            SurfaceKind::SixHumpCamel => {
                r"f(x,y) = \left(4 - 2.1\,x^2 + \tfrac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2"
            }
            SurfaceKind::Rastrigin => r"f(x,y) = 20 + x^2 + y^2 - 10\,(\cos 2\pi x + \cos 2\pi y)",
            SurfaceKind::Plateau => r"f(x,y) = 1 - e^{-(x^2 + y^2)/2}",
            SurfaceKind::Custom => r"f(x,y) = \text{your formula}",
        }
    }
}

/// An axis-aligned rectangle of the `(x, y)` plane: the plotting window of a surface.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Domain {
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
}

impl Domain {
    /// The square `[-half_width, half_width]²`.
    pub const fn square(half_width: f64) -> Domain {
        Domain {
            x_min: -half_width,
            x_max: half_width,
            y_min: -half_width,
            y_max: half_width,
        }
    }

    /// The midpoint of the rectangle.
    pub fn centre(&self) -> [f64; 2] {
        [
            0.5 * (self.x_min + self.x_max),
            0.5 * (self.y_min + self.y_max),
        ]
    }

    /// Whether `point` lies inside or on the border.
    pub fn contains(&self, point: [f64; 2]) -> bool {
        (self.x_min..=self.x_max).contains(&point[0])
            && (self.y_min..=self.y_max).contains(&point[1])
    }

    /// The same rectangle scaled by `factor` about its centre.
    pub fn scaled_about_centre(&self, factor: f64) -> Domain {
        let [centre_x, centre_y] = self.centre();
        let half_width = 0.5 * (self.x_max - self.x_min) * factor;
        let half_height = 0.5 * (self.y_max - self.y_min) * factor;
        Domain {
            x_min: centre_x - half_width,
            x_max: centre_x + half_width,
            y_min: centre_y - half_height,
            y_max: centre_y + half_height,
        }
    }

    /// Whether all bounds are finite and each interval has positive width.
    pub fn is_valid(&self) -> bool {
        [self.x_min, self.x_max, self.y_min, self.y_max]
            .iter()
            .all(|bound| bound.is_finite())
            && self.x_min < self.x_max
            && self.y_min < self.y_max
    }
}

/// The lowest and highest condition numbers the elongated quadratic accepts.
pub const CONDITION_NUMBER_RANGE: (f64, f64) = (1.0, 1000.0);

/// The formula behind `SurfaceKind::Custom` when no formula was typed yet.
pub const DEFAULT_CUSTOM_FORMULA: &str = "x^2 + y^2";

/// The window used for a custom formula when none (or an invalid one) is given.
pub const DEFAULT_CUSTOM_DOMAIN: Domain = Domain::square(2.0);

/// Six-hump camel global minimum value. The literature tabulates −1.031628453489877; solving
/// ∇f = 0 to 30 digits (mpmath `findroot`) gives −1.03162845348987735…, of which this is the
/// nearest double. A test re-derives it by Newton's method.
pub const SIX_HUMP_CAMEL_MINIMUM: f64 = -1.0316284534898774;

/// A surface ready to evaluate: a kind plus its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Surface {
    kind: SurfaceKind,
    /// κ of the elongated quadratic, already clamped to [`CONDITION_NUMBER_RANGE`].
    condition_number: f64,
    /// The compiled formula; always present when `kind` is `Custom`, absent otherwise.
    custom_expression: Option<Expr>,
    /// The plotting window of a custom formula (built-ins have fixed windows).
    custom_domain: Domain,
}

impl Surface {
    /// A built-in surface. `condition_number` is only used by `Elongated`; it is clamped to
    /// [`CONDITION_NUMBER_RANGE`] (a NaN becomes 1).
    ///
    /// `builtin(SurfaceKind::Custom, _)` gives the custom surface with the placeholder formula
    /// [`DEFAULT_CUSTOM_FORMULA`] (`x^2 + y^2`) on [`DEFAULT_CUSTOM_DOMAIN`], so every kind can
    /// be built without a formula; it still behaves as a custom surface (no known minimum).
    pub fn builtin(kind: SurfaceKind, condition_number: f64) -> Surface {
        let (low, high) = CONDITION_NUMBER_RANGE;
        let condition_number = if condition_number.is_nan() {
            low
        } else {
            condition_number.clamp(low, high)
        };
        let custom_expression = match kind {
            SurfaceKind::Custom => Expr::parse(DEFAULT_CUSTOM_FORMULA).ok(),
            _ => None,
        };
        Surface {
            kind,
            condition_number,
            custom_expression,
            custom_domain: DEFAULT_CUSTOM_DOMAIN,
        }
    }

    /// A surface defined by a typed formula, shown on `domain`. An invalid domain (non-finite
    /// bounds or an empty interval) is replaced by [`DEFAULT_CUSTOM_DOMAIN`] rather than panicking.
    pub fn custom(expression: Expr, domain: Domain) -> Surface {
        let custom_domain = if domain.is_valid() {
            domain
        } else {
            DEFAULT_CUSTOM_DOMAIN
        };
        Surface {
            kind: SurfaceKind::Custom,
            condition_number: 1.0,
            custom_expression: Some(expression),
            custom_domain,
        }
    }

    pub fn kind(&self) -> SurfaceKind {
        self.kind
    }

    /// κ of the elongated quadratic after clamping (1 for the other kinds' purposes).
    pub fn condition_number(&self) -> f64 {
        self.condition_number
    }

    /// The typed formula, for custom surfaces.
    pub fn custom_expression(&self) -> Option<&Expr> {
        self.custom_expression.as_ref()
    }

    /// `f(x, y)` in plain `f64`: the heatmap's hot path.
    #[inline]
    pub fn value(&self, x: f64, y: f64) -> f64 {
        self.evaluate(x, y)
    }

    /// Fills `values` with `f` on the grid `x_values × y_values`, row by row (`y` outer, `x`
    /// inner), reusing the vector's allocation. The kind is matched once per grid instead of once
    /// per point.
    pub fn evaluate_grid(&self, x_values: &[f64], y_values: &[f64], values: &mut Vec<f64>) {
        values.clear();
        values.reserve(x_values.len() * y_values.len());
        macro_rules! fill_with {
            ($formula:expr) => {
                for &y in y_values {
                    values.extend(x_values.iter().map(|&x| $formula(x, y)));
                }
            };
        }
        let kappa = self.condition_number;
        match self.kind {
            SurfaceKind::Bowl => fill_with!(bowl::<f64>),
            SurfaceKind::Elongated => fill_with!(|x, y| elongated::<f64>(x, y, kappa)),
            SurfaceKind::Rosenbrock => fill_with!(rosenbrock::<f64>),
            SurfaceKind::Himmelblau => fill_with!(himmelblau::<f64>),
            SurfaceKind::Beale => fill_with!(beale::<f64>),
            SurfaceKind::Saddle => fill_with!(saddle::<f64>),
            SurfaceKind::SixHumpCamel => fill_with!(six_hump_camel::<f64>),
            SurfaceKind::Rastrigin => fill_with!(rastrigin::<f64>),
            SurfaceKind::Plateau => fill_with!(plateau::<f64>),
            SurfaceKind::Custom => fill_with!(|x, y| self.evaluate(x, y)),
        }
    }

    /// `∇f = [f_x, f_y]`, exact, from one hyper-dual evaluation.
    pub fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        let result = self.evaluate(
            HyperDual64::from_re(x).derivative1(),
            HyperDual64::from_re(y).derivative2(),
        );
        [result.eps1, result.eps2]
    }

    /// `(f, ∇f)` from the same single hyper-dual evaluation as [`Surface::gradient`].
    pub fn value_and_gradient(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        let result = self.evaluate(
            HyperDual64::from_re(x).derivative1(),
            HyperDual64::from_re(y).derivative2(),
        );
        (result.re, [result.eps1, result.eps2])
    }

    /// The Hessian `[[f_xx, f_xy], [f_xy, f_yy]]`, exact and symmetric by construction.
    pub fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        self.value_gradient_hessian(x, y).2
    }

    /// Value, gradient and Hessian together (three dual evaluations instead of five).
    pub fn value_gradient_hessian(&self, x: f64, y: f64) -> (f64, [f64; 2], [[f64; 2]; 2]) {
        // The mixed derivative needs both directions at once; the pure second derivatives come
        // from one second-order dual per axis with the other coordinate held constant.
        let mixed = self.evaluate(
            HyperDual64::from_re(x).derivative1(),
            HyperDual64::from_re(y).derivative2(),
        );
        let along_x = self.evaluate(Dual2_64::from_re(x).derivative(), Dual2_64::from_re(y));
        let along_y = self.evaluate(Dual2_64::from_re(x), Dual2_64::from_re(y).derivative());
        let f_xy = mixed.eps1eps2;
        (
            mixed.re,
            [mixed.eps1, mixed.eps2],
            [[along_x.v2, f_xy], [f_xy, along_y.v2]],
        )
    }

    /// The plotting window.
    pub fn domain(&self) -> Domain {
        match self.kind {
            SurfaceKind::Bowl | SurfaceKind::Saddle => Domain::square(2.0),
            SurfaceKind::Elongated => Domain {
                x_min: -3.0,
                x_max: 3.0,
                y_min: -2.0,
                y_max: 2.0,
            },
            SurfaceKind::Rosenbrock => Domain {
                x_min: -2.0,
                x_max: 2.0,
                y_min: -1.0,
                y_max: 3.0,
            },
            SurfaceKind::Himmelblau => Domain::square(5.0),
            SurfaceKind::Beale => Domain::square(4.5),
            SurfaceKind::SixHumpCamel => Domain {
                x_min: -2.0,
                x_max: 2.0,
                y_min: -1.2,
                y_max: 1.2,
            },
            SurfaceKind::Rastrigin => Domain::square(5.12),
            SurfaceKind::Plateau => Domain::square(4.0),
            SurfaceKind::Custom => self.custom_domain,
        }
    }

    /// The global minimum value `f*` when it is known. The saddle is unbounded below and a typed
    /// formula is unknown, so both give `None`.
    pub fn known_minimum_value(&self) -> Option<f64> {
        match self.kind {
            SurfaceKind::Bowl
            | SurfaceKind::Elongated
            | SurfaceKind::Rosenbrock
            | SurfaceKind::Himmelblau
            | SurfaceKind::Beale
            | SurfaceKind::Rastrigin
            | SurfaceKind::Plateau => Some(0.0),
            SurfaceKind::SixHumpCamel => Some(SIX_HUMP_CAMEL_MINIMUM),
            SurfaceKind::Saddle | SurfaceKind::Custom => None,
        }
    }

    /// The known global minimizers (empty for the saddle and for typed formulas).
    pub fn minimizers(&self) -> Vec<[f64; 2]> {
        match self.kind {
            SurfaceKind::Bowl
            | SurfaceKind::Elongated
            | SurfaceKind::Rastrigin
            | SurfaceKind::Plateau => {
                vec![[0.0, 0.0]]
            }
            SurfaceKind::Rosenbrock => vec![[1.0, 1.0]],
            SurfaceKind::Himmelblau => HIMMELBLAU_MINIMIZERS.to_vec(),
            SurfaceKind::Beale => vec![[3.0, 0.5]],
            SurfaceKind::SixHumpCamel => SIX_HUMP_CAMEL_MINIMIZERS.to_vec(),
            SurfaceKind::Saddle | SurfaceKind::Custom => Vec::new(),
        }
    }

    /// A start point inside the domain that makes the optimizer race worth watching.
    pub fn default_start(&self) -> [f64; 2] {
        match self.kind {
            // Off the axes, so the path is not a straight line along one eigenvector.
            SurfaceKind::Bowl => [-1.5, 1.2],
            // Far along the flat axis and off the steep one: plain GD zigzags across the valley.
            SurfaceKind::Elongated => [-2.5, 1.5],
            // On the far side of the banana: the valley has to be followed around its bend.
            SurfaceKind::Rosenbrock => [-1.5, 2.0],
            // Near the central maximum, where optimizers may pick different minima.
            SurfaceKind::Himmelblau => [-0.5, -0.5],
            SurfaceKind::Beale => [1.0, 1.5],
            // Almost on the ridge: the escape along −y² is slow at first, then fast.
            SurfaceKind::Saddle => [-1.8, 0.05],
            SurfaceKind::SixHumpCamel => [-1.5, -0.8],
            // Among the local minima, away from the global one.
            SurfaceKind::Rastrigin => [3.3, -2.6],
            // Out on the plateau, where the gradient is about 2·10⁻³ and plain GD crawls.
            SurfaceKind::Plateau => [3.0, 2.5],
            SurfaceKind::Custom => {
                // Three quarters of the way from the centre to the upper-left corner.
                let domain = self.custom_domain;
                let [centre_x, centre_y] = domain.centre();
                [
                    centre_x - 0.375 * (domain.x_max - domain.x_min),
                    centre_y + 0.375 * (domain.y_max - domain.y_min),
                ]
            }
        }
    }

    /// Whether the Hessian is the same everywhere (the quadratics). Then the gradient-descent
    /// stability limit `lr < 2/λ_max` holds globally, not just near a minimum. Typed formulas
    /// answer `false` even when they happen to be quadratic.
    pub fn has_constant_hessian(&self) -> bool {
        matches!(
            self.kind,
            SurfaceKind::Bowl | SurfaceKind::Elongated | SurfaceKind::Saddle
        )
    }

    /// The one generic formula behind value, gradient and Hessian.
    #[inline]
    fn evaluate<T: DualNum<Primitive = f64> + Copy>(&self, x: T, y: T) -> T {
        match self.kind {
            SurfaceKind::Bowl => bowl(x, y),
            SurfaceKind::Elongated => elongated(x, y, self.condition_number),
            SurfaceKind::Rosenbrock => rosenbrock(x, y),
            SurfaceKind::Himmelblau => himmelblau(x, y),
            SurfaceKind::Beale => beale(x, y),
            SurfaceKind::Saddle => saddle(x, y),
            SurfaceKind::SixHumpCamel => six_hump_camel(x, y),
            SurfaceKind::Rastrigin => rastrigin(x, y),
            SurfaceKind::Plateau => plateau(x, y),
            SurfaceKind::Custom => match &self.custom_expression {
                Some(expression) => expression.eval_generic(x, y),
                // Unreachable through the constructors; the placeholder formula keeps it total.
                None => bowl(x, y),
            },
        }
    }
}

/// Himmelblau's four global minimizers. (3, 2) is exact; the other three are roots of the
/// gradient solved to 30 digits (mpmath `findroot`) and rounded to doubles. A test re-derives
/// them with Newton's method on the automatic-differentiation gradient.
pub const HIMMELBLAU_MINIMIZERS: [[f64; 2]; 4] = [
    [3.0, 2.0],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.283185991286169],
    [3.584428340330492, -1.848126526964404],
];

/// The six-hump camel's two global minimizers, symmetric through the origin; solved to 30
/// digits like [`HIMMELBLAU_MINIMIZERS`] (the often-quoted (0.0898, −0.7126) is only good to about
/// nine digits, too coarse for a zero-gradient check).
pub const SIX_HUMP_CAMEL_MINIMIZERS: [[f64; 2]; 2] = [
    [0.08984201310031806, -0.7126564030207396],
    [-0.08984201310031806, 0.7126564030207396],
];

/// Eigenvalues of the symmetric 2×2 matrix `[[a, b], [b, d]]`, ascending.
///
/// The characteristic polynomial `λ² − (a+d)λ + (ad − b²)` has the roots
/// `λ = m ± r` with mean `m = (a+d)/2` and radius `r = √(((a−d)/2)² + b²)`. The radius is computed
/// with `hypot`, so it is exactly zero for repeated eigenvalues (`a = d`, `b = 0`) and never
/// overflows. Subtracting two nearly equal numbers `m − r` would lose the small eigenvalue of a
/// nearly singular matrix, so only the eigenvalue of larger magnitude is taken from `m ± r`, and
/// the other one from the product of the eigenvalues, `λ₁λ₂ = det = ad − b²`. The off-diagonal
/// entry is the mean of `m[0][1]` and `m[1][0]`, in case the input is symmetric only up to
/// rounding.
pub fn symmetric_eigenvalues_2x2(m: [[f64; 2]; 2]) -> [f64; 2] {
    let (a, d) = (m[0][0], m[1][1]);
    let b = 0.5 * (m[0][1] + m[1][0]);
    let mean = 0.5 * (a + d);
    let radius = (0.5 * (a - d)).hypot(b);
    let larger_magnitude = if mean >= 0.0 {
        mean + radius
    } else {
        mean - radius
    };
    if larger_magnitude == 0.0 {
        // Only the zero matrix gets here: m = 0 and r = 0.
        return [0.0, 0.0];
    }
    let other = (a * d - b * b) / larger_magnitude;
    if larger_magnitude <= other {
        [larger_magnitude, other]
    } else {
        [other, larger_magnitude]
    }
}

// ---------------------------------------------------------------------------------------------
// The formulas, each written once for every number type.
// ---------------------------------------------------------------------------------------------

#[inline]
fn bowl<T: DualNum<Primitive = f64> + Copy>(x: T, y: T) -> T {
    x * x + y * y
}

#[inline]
fn elongated<T: DualNum<Primitive = f64> + Copy>(x: T, y: T, kappa: f64) -> T {
    (x * x + y * y * kappa) * 0.5
}

#[inline]
fn rosenbrock<T: DualNum<Primitive = f64> + Copy>(x: T, y: T) -> T {
    let distance_to_one = -x + 1.0;
    let off_parabola = y - x * x;
    distance_to_one * distance_to_one + off_parabola * off_parabola * 100.0
}

#[inline]
fn himmelblau<T: DualNum<Primitive = f64> + Copy>(x: T, y: T) -> T {
    let first = x * x + y - 11.0;
    let second = x + y * y - 7.0;
    first * first + second * second
}

#[inline]
fn beale<T: DualNum<Primitive = f64> + Copy>(x: T, y: T) -> T {
    let y2 = y * y;
    let first = -x + x * y + 1.5;
    let second = -x + x * y2 + 2.25;
    let third = -x + x * y2 * y + 2.625;
    first * first + second * second + third * third
}

#[inline]
fn saddle<T: DualNum<Primitive = f64> + Copy>(x: T, y: T) -> T {
    x * x - y * y
}

#[inline]
fn six_hump_camel<T: DualNum<Primitive = f64> + Copy>(x: T, y: T) -> T {
    let x2 = x * x;
    let y2 = y * y;
    (-x2 * 2.1 + x2 * x2 / 3.0 + 4.0) * x2 + x * y + (y2 * 4.0 - 4.0) * y2
}

#[inline]
fn rastrigin<T: DualNum<Primitive = f64> + Copy>(x: T, y: T) -> T {
    let tau = std::f64::consts::TAU;
    x * x + y * y + 20.0 - ((x * tau).cos() + (y * tau).cos()) * 10.0
}

#[inline]
fn plateau<T: DualNum<Primitive = f64> + Copy>(x: T, y: T) -> T {
    -((x * x + y * y) * -0.5).exp() + 1.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};

    /// Every built-in surface plus two custom ones, with κ = 10 for the elongated quadratic.
    fn all_surfaces() -> Vec<Surface> {
        let mut surfaces: Vec<Surface> = SurfaceKind::ALL
            .iter()
            .map(|&kind| Surface::builtin(kind, 10.0))
            .collect();
        let formula = Expr::parse("sin(x)*y^2 + exp(0.3*x*y) - abs(x - 0.1)*tanh(y)").unwrap();
        surfaces.push(Surface::custom(formula, Domain::square(2.0)));
        surfaces
    }

    /// |actual − expected| ≤ absolute + relative·|expected|.
    fn assert_near(actual: f64, expected: f64, absolute: f64, relative: f64, what: &str) {
        let tolerance = absolute + relative * expected.abs();
        assert!(
            (actual - expected).abs() <= tolerance,
            "{what}: got {actual}, expected {expected} (tolerance {tolerance})"
        );
    }

    fn random_points(surface: &Surface, count: usize, seed: u64) -> Vec<[f64; 2]> {
        let domain = surface.domain();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        (0..count)
            .map(|_| {
                [
                    rng.random_range(domain.x_min..domain.x_max),
                    rng.random_range(domain.y_min..domain.y_max),
                ]
            })
            .collect()
    }

    #[test]
    fn gradient_matches_central_differences_of_the_value() {
        // Central differences have truncation error h²/6·f''' and rounding error about ε|f|/h.
        // Tolerance: 1e-6 relative plus 1e-6 + 1e-13·|f|/h absolute (the last term is ~450 ε|f|/h,
        // needed at Beale's corners where |f| ~ 2e5).
        const H: f64 = 1e-5;
        for surface in all_surfaces() {
            for (index, [x, y]) in random_points(&surface, 50, 7).into_iter().enumerate() {
                let scale = surface.value(x, y).abs();
                let finite_x = (surface.value(x + H, y) - surface.value(x - H, y)) / (2.0 * H);
                let finite_y = (surface.value(x, y + H) - surface.value(x, y - H)) / (2.0 * H);
                let [gradient_x, gradient_y] = surface.gradient(x, y);
                let what = format!("{:?} point {index} ({x}, {y})", surface.kind());
                let absolute = 1e-6 + 1e-13 * scale / H;
                assert_near(gradient_x, finite_x, absolute, 1e-6, &format!("f_x {what}"));
                assert_near(gradient_y, finite_y, absolute, 1e-6, &format!("f_y {what}"));
            }
        }
    }

    #[test]
    fn hessian_matches_central_differences_of_the_gradient() {
        // Differences of the exact gradient: same error analysis and tolerance as above, with the
        // largest gradient component in place of |f|.
        const H: f64 = 1e-5;
        for surface in all_surfaces() {
            for (index, [x, y]) in random_points(&surface, 50, 11).into_iter().enumerate() {
                let gradient_scale = surface
                    .gradient(x, y)
                    .iter()
                    .fold(0.0f64, |acc, g| acc.max(g.abs()));
                let [plus_x, minus_x] = [surface.gradient(x + H, y), surface.gradient(x - H, y)];
                let [plus_y, minus_y] = [surface.gradient(x, y + H), surface.gradient(x, y - H)];
                let finite = [
                    [
                        (plus_x[0] - minus_x[0]) / (2.0 * H),
                        (plus_y[0] - minus_y[0]) / (2.0 * H),
                    ],
                    [
                        (plus_x[1] - minus_x[1]) / (2.0 * H),
                        (plus_y[1] - minus_y[1]) / (2.0 * H),
                    ],
                ];
                let hessian = surface.hessian(x, y);
                let absolute = 1e-6 + 1e-13 * gradient_scale / H;
                for row in 0..2 {
                    for column in 0..2 {
                        let what = format!(
                            "H[{row}][{column}] {:?} point {index} ({x}, {y})",
                            surface.kind()
                        );
                        assert_near(
                            hessian[row][column],
                            finite[row][column],
                            absolute,
                            1e-6,
                            &what,
                        );
                    }
                }
                assert_eq!(hessian[0][1], hessian[1][0]);
            }
        }
    }

    #[test]
    fn closed_form_derivatives_at_sample_points() {
        // Rosenbrock: f_x = −2(1−x) − 400x(y−x²), f_y = 200(y−x²),
        // f_xx = 2 − 400(y − 3x²), f_xy = −400x, f_yy = 200. At (−1.5, 2): y − x² = −0.25, so
        // f_x = −5 − 150 = −155, f_y = −50, f_xx = 2 − 400(2 − 6.75) = 1902, f_xy = 600.
        let rosenbrock = Surface::builtin(SurfaceKind::Rosenbrock, 1.0);
        assert_eq!(rosenbrock.value(-1.5, 2.0), 12.5);
        assert_eq!(rosenbrock.gradient(-1.5, 2.0), [-155.0, -50.0]);
        assert_eq!(
            rosenbrock.hessian(-1.5, 2.0),
            [[1902.0, 600.0], [600.0, 200.0]]
        );
        // Elongated with κ = 50: Hessian diag(1, 50) everywhere, gradient (x, 50y).
        let elongated = Surface::builtin(SurfaceKind::Elongated, 50.0);
        assert_eq!(elongated.gradient(2.0, -1.0), [2.0, -50.0]);
        assert_eq!(elongated.hessian(0.3, 0.7), [[1.0, 0.0], [0.0, 50.0]]);
        assert_eq!(elongated.value(2.0, -1.0), 27.0);
        // Saddle: Hessian diag(2, −2).
        assert_eq!(
            Surface::builtin(SurfaceKind::Saddle, 1.0).hessian(1.0, 1.0),
            [[2.0, 0.0], [0.0, -2.0]]
        );
        // Rastrigin at (0.25, 0): cos(π/2) = 0, so f = 20 + 1/16 − 10(0 + 1) = 10.0625;
        // f_x = 2x + 20π sin(2πx) = 0.5 + 20π.
        let rastrigin = Surface::builtin(SurfaceKind::Rastrigin, 1.0);
        assert_near(
            rastrigin.value(0.25, 0.0),
            10.0625,
            1e-12,
            0.0,
            "rastrigin value",
        );
        assert_near(
            rastrigin.gradient(0.25, 0.0)[0],
            0.5 + 20.0 * std::f64::consts::PI,
            1e-12,
            1e-15,
            "f_x",
        );
        // Plateau: f_x = x·exp(−r²/2); at (1, 0): e^{−1/2}.
        let plateau = Surface::builtin(SurfaceKind::Plateau, 1.0);
        assert_near(
            plateau.gradient(1.0, 0.0)[0],
            (-0.5f64).exp(),
            1e-15,
            0.0,
            "plateau f_x",
        );
    }

    #[test]
    fn condition_number_is_clamped() {
        assert_eq!(
            Surface::builtin(SurfaceKind::Elongated, 0.2).condition_number(),
            1.0
        );
        assert_eq!(
            Surface::builtin(SurfaceKind::Elongated, 5000.0).condition_number(),
            1000.0
        );
        assert_eq!(
            Surface::builtin(SurfaceKind::Elongated, f64::NAN).condition_number(),
            1.0
        );
        let hessian = Surface::builtin(SurfaceKind::Elongated, 1000.0).hessian(0.0, 0.0);
        assert_eq!(symmetric_eigenvalues_2x2(hessian), [1.0, 1000.0]);
    }

    #[test]
    fn known_minima_have_zero_gradient_and_the_stated_value() {
        for kind in SurfaceKind::ALL {
            let surface = Surface::builtin(kind, 10.0);
            let minimizers = surface.minimizers();
            match surface.known_minimum_value() {
                None => assert!(minimizers.is_empty(), "{kind:?}"),
                Some(minimum) => {
                    assert!(!minimizers.is_empty(), "{kind:?}");
                    for [x, y] in minimizers {
                        assert!(
                            surface.domain().contains([x, y]),
                            "{kind:?} minimizer outside its domain"
                        );
                        assert_near(
                            surface.value(x, y),
                            minimum,
                            1e-13,
                            1e-13,
                            &format!("{kind:?} f*"),
                        );
                        let [gradient_x, gradient_y] = surface.gradient(x, y);
                        assert!(
                            gradient_x.hypot(gradient_y) < 1e-9,
                            "{kind:?} gradient at ({x}, {y})"
                        );
                        // A minimum: the Hessian is positive definite there.
                        assert!(
                            symmetric_eigenvalues_2x2(surface.hessian(x, y))[0] > 0.0,
                            "{kind:?}"
                        );
                    }
                }
            }
        }
    }

    /// Newton's method on ∇f = 0, used to re-derive tabulated minimizers independently.
    fn newton_refine(surface: &Surface, mut point: [f64; 2]) -> [f64; 2] {
        for _ in 0..50 {
            let [gx, gy] = surface.gradient(point[0], point[1]);
            let [[a, b], [c, d]] = surface.hessian(point[0], point[1]);
            let determinant = a * d - b * c;
            point = [
                point[0] - (d * gx - b * gy) / determinant,
                point[1] - (a * gy - c * gx) / determinant,
            ];
        }
        point
    }

    #[test]
    fn tabulated_minimizers_are_reproduced_by_newton() {
        let himmelblau = Surface::builtin(SurfaceKind::Himmelblau, 1.0);
        // Start each refinement from the tabulated point rounded to one decimal.
        for expected in HIMMELBLAU_MINIMIZERS {
            let rough = [
                (expected[0] * 10.0).round() / 10.0,
                (expected[1] * 10.0).round() / 10.0,
            ];
            let refined = newton_refine(&himmelblau, rough);
            assert_near(refined[0], expected[0], 1e-13, 1e-14, "himmelblau x");
            assert_near(refined[1], expected[1], 1e-13, 1e-14, "himmelblau y");
        }
        let camel = Surface::builtin(SurfaceKind::SixHumpCamel, 1.0);
        let refined = newton_refine(&camel, [0.1, -0.7]);
        assert_near(
            refined[0],
            SIX_HUMP_CAMEL_MINIMIZERS[0][0],
            1e-13,
            1e-14,
            "camel x",
        );
        assert_near(
            refined[1],
            SIX_HUMP_CAMEL_MINIMIZERS[0][1],
            1e-13,
            1e-14,
            "camel y",
        );
        assert_near(
            camel.value(refined[0], refined[1]),
            SIX_HUMP_CAMEL_MINIMUM,
            1e-14,
            1e-14,
            "camel f*",
        );
    }

    #[test]
    fn custom_formula_matches_the_builtin_it_spells() {
        let typed = Expr::parse("(1 - x)^2 + 100*(y - x^2)^2").unwrap();
        let custom = Surface::custom(
            typed,
            Domain {
                x_min: -2.0,
                x_max: 2.0,
                y_min: -1.0,
                y_max: 3.0,
            },
        );
        let builtin = Surface::builtin(SurfaceKind::Rosenbrock, 1.0);
        for [x, y] in random_points(&builtin, 20, 3) {
            assert_near(
                custom.value(x, y),
                builtin.value(x, y),
                1e-12,
                1e-12,
                "value",
            );
            let (custom_gradient, builtin_gradient) =
                (custom.gradient(x, y), builtin.gradient(x, y));
            let (custom_hessian, builtin_hessian) = (custom.hessian(x, y), builtin.hessian(x, y));
            for i in 0..2 {
                assert_near(
                    custom_gradient[i],
                    builtin_gradient[i],
                    1e-10,
                    1e-12,
                    "gradient",
                );
                for j in 0..2 {
                    assert_near(
                        custom_hessian[i][j],
                        builtin_hessian[i][j],
                        1e-10,
                        1e-12,
                        "hessian",
                    );
                }
            }
        }
        assert_eq!(custom.kind(), SurfaceKind::Custom);
        assert_eq!(custom.known_minimum_value(), None);
        assert!(!custom.has_constant_hessian());
    }

    #[test]
    fn builtin_custom_is_the_placeholder_bowl() {
        let surface = Surface::builtin(SurfaceKind::Custom, 1.0);
        assert_eq!(
            surface.custom_expression().map(Expr::source),
            Some(DEFAULT_CUSTOM_FORMULA)
        );
        assert_eq!(surface.value(1.0, 2.0), 5.0);
        assert_eq!(surface.gradient(1.0, 2.0), [2.0, 4.0]);
        assert_eq!(surface.domain(), DEFAULT_CUSTOM_DOMAIN);
    }

    #[test]
    fn custom_surface_with_invalid_domain_falls_back() {
        let expression = Expr::parse("x").unwrap();
        let backwards = Domain {
            x_min: 1.0,
            x_max: -1.0,
            y_min: 0.0,
            y_max: 1.0,
        };
        assert_eq!(
            Surface::custom(expression.clone(), backwards).domain(),
            DEFAULT_CUSTOM_DOMAIN
        );
        let window = Domain {
            x_min: 0.0,
            x_max: 4.0,
            y_min: 10.0,
            y_max: 12.0,
        };
        let surface = Surface::custom(expression, window);
        assert_eq!(surface.domain(), window);
        // Three quarters from the centre (2, 11) towards the corner (0, 12).
        assert_eq!(surface.default_start(), [0.5, 11.75]);
    }

    #[test]
    fn ids_round_trip_and_default_starts_lie_inside() {
        for kind in SurfaceKind::ALL {
            assert_eq!(SurfaceKind::from_id(kind.id()), Some(kind));
            assert!(!kind.label().is_empty());
            assert!(kind.latex().starts_with("f(x,y) = "));
            let surface = Surface::builtin(kind, 100.0);
            assert!(
                surface.domain().contains(surface.default_start()),
                "{kind:?}"
            );
        }
        assert_eq!(SurfaceKind::from_id("Bowl"), None);
        assert_eq!(SurfaceKind::SixHumpCamel.id(), "six-hump-camel");
        assert!(SurfaceKind::Elongated.latex().contains(r"\kappa"));
    }

    #[test]
    fn constant_hessian_exactly_for_the_quadratics() {
        for kind in SurfaceKind::ALL {
            let surface = Surface::builtin(kind, 7.0);
            let hessians: Vec<_> = random_points(&surface, 5, 5)
                .into_iter()
                .map(|[x, y]| surface.hessian(x, y))
                .collect();
            let all_equal = hessians.windows(2).all(|pair| pair[0] == pair[1]);
            assert_eq!(
                surface.has_constant_hessian(),
                all_equal && kind != SurfaceKind::Custom,
                "{kind:?}"
            );
        }
    }

    #[test]
    fn grid_evaluation_matches_pointwise_values() {
        let xs = [-1.0, 0.0, 0.5];
        let ys = [2.0, -0.25];
        let mut values = Vec::new();
        for surface in all_surfaces() {
            surface.evaluate_grid(&xs, &ys, &mut values);
            assert_eq!(values.len(), 6);
            for (row, &y) in ys.iter().enumerate() {
                for (column, &x) in xs.iter().enumerate() {
                    assert_eq!(values[row * xs.len() + column], surface.value(x, y));
                }
            }
        }
    }

    #[test]
    fn eigenvalues_of_hand_computed_examples() {
        // Diagonal: the diagonal entries, sorted.
        assert_eq!(
            symmetric_eigenvalues_2x2([[3.0, 0.0], [0.0, -1.0]]),
            [-1.0, 3.0]
        );
        // [[2, 1], [1, 2]]: λ = 2 ± 1.
        assert_eq!(
            symmetric_eigenvalues_2x2([[2.0, 1.0], [1.0, 2.0]]),
            [1.0, 3.0]
        );
        // [[4, 2], [2, 1]]: trace 5, det 0, so λ = 0 and 5.
        assert_eq!(
            symmetric_eigenvalues_2x2([[4.0, 2.0], [2.0, 1.0]]),
            [0.0, 5.0]
        );
        // [[0, 1], [1, 0]]: λ = ±1.
        assert_eq!(
            symmetric_eigenvalues_2x2([[0.0, 1.0], [1.0, 0.0]]),
            [-1.0, 1.0]
        );
        // Repeated eigenvalue: 7·I.
        assert_eq!(
            symmetric_eigenvalues_2x2([[7.0, 0.0], [0.0, 7.0]]),
            [7.0, 7.0]
        );
        assert_eq!(
            symmetric_eigenvalues_2x2([[0.0, 0.0], [0.0, 0.0]]),
            [0.0, 0.0]
        );
        // [[1, 2], [2, −2]]: trace −1, det −6, so λ² + λ − 6 = (λ + 3)(λ − 2).
        assert_eq!(
            symmetric_eigenvalues_2x2([[1.0, 2.0], [2.0, -2.0]]),
            [-3.0, 2.0]
        );
        // Nearly singular: diag(1e8, 1e-8) keeps its tiny eigenvalue to full relative precision,
        // which m − r would lose completely.
        let [small, large] = symmetric_eigenvalues_2x2([[1e8, 0.0], [0.0, 1e-8]]);
        assert_eq!(large, 1e8);
        assert_near(small, 1e-8, 0.0, 1e-15, "small eigenvalue");
        // Rosenbrock's Hessian at (1, 1): [[802, −400], [−400, 200]]; trace 1002, det 400, so
        // λ = 501 ± √(501² − 400) = 501 ± √250601.
        let [low, high] = symmetric_eigenvalues_2x2(
            Surface::builtin(SurfaceKind::Rosenbrock, 1.0).hessian(1.0, 1.0),
        );
        let root = 250_601f64.sqrt();
        assert_near(high, 501.0 + root, 0.0, 1e-15, "λ_max");
        assert_near(low, 400.0 / (501.0 + root), 0.0, 1e-14, "λ_min");
    }
}
