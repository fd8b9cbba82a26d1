//! The product rule and the chain rule with numbers: the exact change of the area g·h split
//! into its two strips and its corner, the nudge dx carried through x → g(x) → f(g(x)), and
//! the two NumPy examples of *Mathematical Foundations for Deep Learning* reproduced next to
//! the exact derivatives.
//!
//! Derivatives are exact (forward-mode automatic differentiation with `num_dual::Dual64`
//! through [`Expr::eval_generic`]), so the only approximations on show are the ones the
//! lesson is about: finite differences.

use num_dual::Dual64;

use super::double_double::sin_rounded;
use super::expr::Expr;
use super::numpy_gradient::{EdgeOrder, gradient_unit};

/// A function of one variable with its exact derivative.
pub trait Differentiable {
    /// `(value, derivative)` at `x`; either is NaN where the function is undefined.
    fn value_and_derivative(&self, x: f64) -> (f64, f64);

    fn value(&self, x: f64) -> f64 {
        self.value_and_derivative(x).0
    }
}

impl Differentiable for Expr {
    fn value_and_derivative(&self, x: f64) -> (f64, f64) {
        let result = self.eval_generic(Dual64::new(x, 1.0), Dual64::new(0.0, 0.0));
        (result.re, result.eps)
    }
}

/// The growth of a rectangle with sides g(x) and h(x) when x grows by dx.
///
/// With Δg = g(x+dx) − g(x) and Δh = h(x+dx) − h(x) the new area is (g + Δg)(h + Δh), so the
/// change splits exactly into two strips and a corner:
/// ΔA = Δg·h + g·Δh + Δg·Δh. The strips are ≈ g′h dx and g h′ dx, the corner ≈ g′h′ dx²,
/// which vanishes against dx: that is the product rule (gh)′ = g′h + g h′.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProductGrowth {
    pub g: f64,
    pub h: f64,
    /// Exact derivatives g′(x), h′(x).
    pub g_prime: f64,
    pub h_prime: f64,
    pub delta_g: f64,
    pub delta_h: f64,
    /// g(x+dx)·h(x+dx) − g(x)·h(x), computed directly.
    pub area_change: f64,
    /// Δg·h: the strip along the side h.
    pub strip_along_h: f64,
    /// g·Δh: the strip along the side g.
    pub strip_along_g: f64,
    /// Δg·Δh: the corner.
    pub corner: f64,
    /// (gh)′ = g′h + g h′, exact.
    pub derivative: f64,
}

impl ProductGrowth {
    pub fn new(g: &impl Differentiable, h: &impl Differentiable, x: f64, dx: f64) -> Self {
        let (g0, g_prime) = g.value_and_derivative(x);
        let (h0, h_prime) = h.value_and_derivative(x);
        let (g1, h1) = (g.value(x + dx), h.value(x + dx));
        let (delta_g, delta_h) = (g1 - g0, h1 - h0);
        Self {
            g: g0,
            h: h0,
            g_prime,
            h_prime,
            delta_g,
            delta_h,
            area_change: g1 * h1 - g0 * h0,
            strip_along_h: delta_g * h0,
            strip_along_g: g0 * delta_h,
            corner: delta_g * delta_h,
            derivative: g_prime * h0 + g0 * h_prime,
        }
    }

    /// The corner's share of the whole change, Δg·Δh / ΔA: it shrinks like dx.
    pub fn corner_share(&self) -> f64 {
        self.corner / self.area_change
    }

    /// The difference quotient ΔA/dx, which tends to (gh)′ as dx → 0.
    pub fn difference_quotient(&self, dx: f64) -> f64 {
        self.area_change / dx
    }
}

/// A nudge dx followed through x → u = g(x) → y = f(u).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChainNudge {
    pub x: f64,
    pub u: f64,
    pub y: f64,
    /// g′(x), exact.
    pub g_prime: f64,
    /// f′(u) at u = g(x), exact.
    pub f_prime: f64,
    /// g′(x)·dx: the nudge of u to first order.
    pub linear_du: f64,
    /// f′(g(x))·g′(x)·dx: the nudge of y to first order.
    pub linear_dy: f64,
    /// g(x+dx) − g(x): the actual nudge of u.
    pub actual_du: f64,
    /// f(g(x+dx)) − f(g(x)): the actual nudge of y.
    pub actual_dy: f64,
    /// (f∘g)′(x) = f′(g(x))·g′(x).
    pub derivative: f64,
}

impl ChainNudge {
    pub fn new(f: &impl Differentiable, g: &impl Differentiable, x: f64, dx: f64) -> Self {
        let (u, g_prime) = g.value_and_derivative(x);
        let (y, f_prime) = f.value_and_derivative(u);
        let u1 = g.value(x + dx);
        let derivative = f_prime * g_prime;
        Self {
            x,
            u,
            y,
            g_prime,
            f_prime,
            linear_du: g_prime * dx,
            linear_dy: derivative * dx,
            actual_du: u1 - u,
            actual_dy: f.value(u1) - y,
            derivative,
        }
    }
}

/// The sample points of the article's product-rule example, in its (unsorted) order.
pub const ARTICLE_PRODUCT_X: [f64; 3] = [2.0, 3.0, 1.0];
/// The sample points of the article's chain-rule example.
pub const ARTICLE_CHAIN_X: [f64; 3] = [1.0, 2.0, 3.0];

/// The article's product-rule code, operation for operation: u = x², v = sin x,
/// `np.gradient(u)·v + u·np.gradient(v)` with unit spacing (as if x were 0, 1, 2).
pub fn article_product_rule() -> [f64; 3] {
    let x = ARTICLE_PRODUCT_X;
    let u = x.map(|x| x * x);
    let v = x.map(sin_rounded);
    // Three samples always satisfy np.gradient's minimum of two.
    let u_grad = gradient_unit(&u, EdgeOrder::First).unwrap_or_default();
    let v_grad = gradient_unit(&v, EdgeOrder::First).unwrap_or_default();
    std::array::from_fn(|i| u_grad[i] * v[i] + u[i] * v_grad[i])
}

/// The exact derivative of x² sin x, 2x sin x + x² cos x, at the article's points.
pub fn exact_product_derivative() -> [f64; 3] {
    ARTICLE_PRODUCT_X.map(|x| 2.0 * x * x.sin() + x * x * x.cos())
}

/// The article's chain-rule code: g = x³, f(u) = sin(u²), and
/// `np.gradient(g(x)) · np.gradient(f(g(x)))`: a product of two differences in x, instead of
/// f′ at g(x) times g′(x).
pub fn article_chain_rule() -> [f64; 3] {
    let x = ARTICLE_CHAIN_X;
    let g = x.map(|x| x * x * x);
    let h = g.map(|u| sin_rounded(u * u));
    let g_grad = gradient_unit(&g, EdgeOrder::First).unwrap_or_default();
    let h_grad = gradient_unit(&h, EdgeOrder::First).unwrap_or_default();
    std::array::from_fn(|i| g_grad[i] * h_grad[i])
}

/// The exact derivative of sin(x⁶), 6x⁵ cos(x⁶), at the article's points.
pub fn exact_chain_derivative() -> [f64; 3] {
    ARTICLE_CHAIN_X.map(|x| 6.0 * x.powi(5) * x.powi(6).cos())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Expr {
        Expr::parse_in_x(source).unwrap()
    }

    #[test]
    fn article_product_rule_printout_is_reproduced_bit_for_bit() {
        // numpy 2.4: x = np.array([2, 3, 1]); u = np.power(x, 2); v = np.sin(x);
        // np.add(np.multiply(np.gradient(u), v), np.multiply(u, np.gradient(v))), repr of each.
        assert_eq!(
            article_product_rule(),
            [1.473777459065151, -0.5168990011698342, -6.031416901715143]
        );
    }

    #[test]
    fn article_chain_rule_printout_is_reproduced_bit_for_bit() {
        // numpy 2.4: x = np.array([1, 2, 3]);
        // np.multiply(np.gradient(x**3), np.gradient(np.sin((x**3)**2))), repr of each.
        assert_eq!(
            article_chain_rule(),
            [0.5498853737222589, -4.494972090014869, -14.631695200586297]
        );
    }

    #[test]
    fn exact_derivatives_match_mpmath() {
        // mpmath at 40 digits, rounded to f64: 2x sin x + x² cos x at 2, 3, 1 and 6x⁵ cos(x⁶)
        // at 1, 2, 3.
        let product = [1.9726023611141572, -8.063212421044806, 2.2232442754839328];
        let chain = [3.2418138352088386, 75.2365882424736, 1441.5181563496085];
        for (got, want) in exact_product_derivative().iter().zip(product) {
            assert!((got - want).abs() <= 1e-14 * want.abs(), "{got} vs {want}");
        }
        for (got, want) in exact_chain_derivative().iter().zip(chain) {
            // cos(729) loses a few digits to the size of its argument.
            assert!((got - want).abs() <= 1e-11 * want.abs(), "{got} vs {want}");
        }
        // Automatic differentiation through the parser gives the same numbers.
        let x2_sin = parse("x^2*sin(x)");
        for (x, want) in ARTICLE_PRODUCT_X.iter().zip(product) {
            let (_, d) = x2_sin.value_and_derivative(*x);
            assert!((d - want).abs() <= 1e-14 * want.abs());
        }
        let nudge = ChainNudge::new(&parse("sin(x^2)"), &parse("x^3"), 2.0, 1e-3);
        assert!((nudge.derivative - chain[1]).abs() <= 1e-11 * chain[1]);
    }

    #[test]
    fn product_growth_splits_exactly_into_strips_and_corner() {
        // g = x², h = sin x at x = 1, dx = 0.2; numpy: ΔA = (1.2)²·sin 1.2 − sin 1
        // = 0.5006652989849092, Δg = 0.43999999999999995, Δh = 0.09056810115932978,
        // (gh)′ = 2 sin 1 + cos 1 = 2.2232442754839328.
        let growth = ProductGrowth::new(&parse("x^2"), &parse("sin(x)"), 1.0, 0.2);
        assert!((growth.area_change - 0.500_665_298_984_909_2).abs() < 1e-15);
        assert!((growth.delta_g - 0.44).abs() < 1e-15);
        assert!((growth.delta_h - 0.090_568_101_159_329_78).abs() < 1e-15);
        assert!((growth.derivative - 2.223_244_275_483_932_8).abs() < 1e-15);
        let sum = growth.strip_along_h + growth.strip_along_g + growth.corner;
        assert!((sum - growth.area_change).abs() < 1e-15);
        assert!((growth.corner - 0.44 * 0.090_568_101_159_329_78).abs() < 1e-15);
    }

    #[test]
    fn corner_vanishes_like_dx_and_the_quotient_tends_to_the_derivative() {
        let (g, h) = (parse("x^2"), parse("sin(x)"));
        let share = |dx: f64| ProductGrowth::new(&g, &h, 1.0, dx).corner_share();
        // The share is ≈ g′h′ dx / (gh)′ = (2 cos 1 / 2.2232…) dx: ten times smaller dx,
        // ten times smaller share.
        let slope = 2.0 * 1f64.cos() / 2.223_244_275_483_932_8;
        for dx in [1e-2, 1e-3, 1e-4] {
            assert!((share(dx) / dx - slope).abs() < 0.02 * slope, "dx {dx}");
        }
        let growth = ProductGrowth::new(&g, &h, 1.0, 1e-6);
        assert!((growth.difference_quotient(1e-6) - growth.derivative).abs() < 1e-5);
    }

    #[test]
    fn chain_nudge_first_order_matches_the_actual_change() {
        // g = x³, f = sin(u²) at x = 1: u = 1, g′ = 3, f′(1) = 2 cos 1, derivative 6 cos 1.
        let nudge = ChainNudge::new(&parse("sin(x^2)"), &parse("x^3"), 1.0, 1e-4);
        assert_eq!(nudge.u, 1.0);
        assert_eq!(nudge.g_prime, 3.0);
        assert!((nudge.f_prime - 2.0 * 1f64.cos()).abs() < 1e-15);
        assert!((nudge.derivative - 6.0 * 1f64.cos()).abs() < 1e-15);
        assert!((nudge.linear_du - 3e-4).abs() < 1e-18);
        // The actual changes differ from the linear ones at second order in dx.
        assert!((nudge.actual_du - nudge.linear_du).abs() < 1e-7);
        assert!((nudge.actual_dy - nudge.linear_dy).abs() < 1e-6);
    }

    #[test]
    fn undefined_points_give_nan_not_a_panic() {
        let growth = ProductGrowth::new(&parse("sqrt(x)"), &parse("x"), -1.0, 0.1);
        assert!(growth.area_change.is_nan());
        let nudge = ChainNudge::new(&parse("log(x)"), &parse("x - 2"), 1.0, 0.1);
        assert!(nudge.y.is_nan());
    }
}
