//! The derivatives demo as data: its controls, readouts, plots and explanation.

use super::super::{ControlKind, ControlSpec, PlotSpec, ReadoutSpec};

pub const H_MIN: f64 = 1e-16;
pub const H_MAX: f64 = 1.0;

pub const FUNCTIONS: &[(&str, &str)] = &[
    ("sin", "sin x"),
    ("exp", "eˣ"),
    ("cubic", "x³ − 2x"),
    ("sigmoid", "σ(x) = 1/(1 + e⁻ˣ)"),
    ("log", "ln x"),
    ("custom", "Custom f(x)"),
];

/// The presets' formulas, in the order of [`FUNCTIONS`].
pub const PRESET_FORMULAS: &[(&str, &str)] = &[
    ("sin", "sin(x)"),
    ("exp", "exp(x)"),
    ("cubic", "x^3 - 2*x"),
    ("sigmoid", "1/(1 + exp(-x))"),
    ("log", "log(x)"),
];

pub const EDGE_ORDERS: &[(&str, &str)] = &[
    ("1", "edge_order=1 (NumPy's default)"),
    ("2", "edge_order=2"),
];

pub const SPACINGS: &[(&str, &str)] = &[
    ("uniform", "Evenly spaced samples"),
    ("uneven", "Unevenly spaced samples"),
];

pub const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "function",
        aliases: &[],
        label: "Function",
        kind: ControlKind::Select { options: FUNCTIONS },
        help: "The function differentiated",
        group: "Function",
        example: "exp",
    },
    ControlSpec {
        key: "formula",
        aliases: &[],
        label: "f(x) =",
        kind: ControlKind::Text {
            placeholder: "x^2*sin(x)",
        },
        help: "A formula in x: + − * / ^, sin cos tan exp log sqrt abs tanh, pi, e (custom only)",
        group: "Function",
        example: "x*exp(-x^2)",
    },
    ControlSpec {
        key: "x",
        aliases: &[],
        label: "Point x",
        kind: ControlKind::slider(-5.0, 5.0, 0.01, false),
        help: "Where the derivative is taken (also by clicking the curve, or ← → on it)",
        group: "Derivative",
        example: "0.5",
    },
    ControlSpec {
        key: "h",
        aliases: &[],
        label: "Step h",
        kind: ControlKind::slider(H_MIN, H_MAX, 1e-16, true),
        help: "The step of the difference quotients, 10⁻¹⁶ to 1 (log scale; ↑ ↓ on the curve); Play shrinks it by 10^¼ per step",
        group: "Derivative",
        example: "0.001",
    },
    ControlSpec {
        key: "edge-order",
        aliases: &[],
        label: "np.gradient edges",
        kind: ControlKind::Select {
            options: EDGE_ORDERS,
        },
        help: "How numpy.gradient estimates the two end samples: first or second order",
        group: "numpy.gradient",
        example: "2",
    },
    ControlSpec {
        key: "spacing",
        aliases: &[],
        label: "Sample spacing",
        kind: ControlKind::Select { options: SPACINGS },
        help: "The nine samples of f given to numpy.gradient with their x: evenly or unevenly spaced",
        group: "numpy.gradient",
        example: "uneven",
    },
];

pub const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "h",
        help: "The step h shown (the h control shrunk by 10^(steps/4))",
    },
    ReadoutSpec {
        name: "fx",
        help: "f(x)",
    },
    ReadoutSpec {
        name: "exact",
        help: "f′(x) by automatic differentiation (dual numbers): exact up to rounding",
    },
    ReadoutSpec {
        name: "forward",
        help: "(f(x+h) − f(x))/h",
    },
    ReadoutSpec {
        name: "backward",
        help: "(f(x) − f(x−h))/h",
    },
    ReadoutSpec {
        name: "central",
        help: "(f(x+h) − f(x−h))/(2h)",
    },
    ReadoutSpec {
        name: "complex-step",
        help: "Im f(x+ih)/h",
    },
    ReadoutSpec {
        name: "{method}.error",
        help: "|estimate − f′(x)|/|f′(x)| for forward, backward, central, complex-step",
    },
    ReadoutSpec {
        name: "{method}.best-h",
        help: "The h of the error curve (10 per decade, 10⁻¹⁶ … 1) with the smallest error",
    },
    ReadoutSpec {
        name: "{method}.best-error",
        help: "That smallest relative error",
    },
    ReadoutSpec {
        name: "forward.slope",
        help: "Fitted slope of log error against log h for 10⁻⁵ ≤ h ≤ 10⁻² (truncation: 1)",
    },
    ReadoutSpec {
        name: "central.slope",
        help: "Fitted slope of log error against log h for 10⁻³ ≤ h ≤ 10⁻¹ (truncation: 2)",
    },
    ReadoutSpec {
        name: "sqrt-epsilon",
        help: "√ε = 2⁻²⁶ ≈ 1.5e-8, the textbook best h of a forward difference",
    },
    ReadoutSpec {
        name: "cbrt-epsilon",
        help: "∛ε ≈ 6.1e-6, the textbook best h of a central difference",
    },
    ReadoutSpec {
        name: "np-gradient.article",
        help: "np.gradient([0, 10, 40, 90, 160], [0, 1, 2, 3, 4]): 10, 20, 40, 60, 70",
    },
    ReadoutSpec {
        name: "np-gradient.article-edge2",
        help: "The same with edge_order=2: 0, 20, 40, 60, 80 (exact for 10x²)",
    },
    ReadoutSpec {
        name: "np-gradient.samples-x",
        help: "The x of the nine samples of f",
    },
    ReadoutSpec {
        name: "np-gradient.samples",
        help: "np.gradient(f(xs), xs, edge_order) at those samples",
    },
    ReadoutSpec {
        name: "np-gradient.max-error",
        help: "The largest |np.gradient − f′| over the samples",
    },
];

pub const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "secant",
        title: "Secant and tangent",
        alt: "The curve of f with the secant through (x, f(x)) and (x + h, f(x + h)) and the tangent at x; click to move x.",
        aspect_ratio: 0.62,
        interactive: true,
    },
    PlotSpec {
        id: "derivative",
        title: "f′ exact, and numpy.gradient of nine samples",
        alt: "The exact derivative f′ as a curve, the secant slope at x, and numpy.gradient's estimates at nine sample points.",
        aspect_ratio: 0.5,
        interactive: false,
    },
    PlotSpec {
        id: "error",
        title: "Error against h (log–log)",
        alt: "log₁₀ of the relative error of forward, backward, central and complex-step derivatives against log₁₀ h from −16 to 0, the current h and each method's best h marked.",
        aspect_ratio: 0.62,
        interactive: false,
    },
];

pub const EXPLANATION: &str = r#"The derivative is the limit of the slope of a secant, the line through $(x, f(x))$ and $(x+h, f(x+h))$:

$$f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}$$

**The first plot** draws that secant (orange) and the tangent (dark), whose slope is the exact $f'(x)$. Shrink $h$ (the slider is logarithmic, from $10^{-16}$ to 1, or press Play: each step divides $h$ by $10^{1/4}$) and the secant turns into the tangent. Click the curve to move $x$; ← → move it and ↑ ↓ change $h$ with the plot focused. **The second plot** draws $f'$ itself, computed exactly by automatic differentiation: the formula is evaluated on dual numbers $x + \varepsilon$ with $\varepsilon^2 = 0$, and $f(x + \varepsilon) = f(x) + f'(x)\,\varepsilon$.

On a computer $h$ cannot go to 0. **The third plot** shows the relative error of four estimates against $h$, both axes logarithmic:

$$\frac{f(x+h) - f(x)}{h} = f'(x) + \frac{h}{2} f''(x) + \dots \qquad \frac{f(x+h) - f(x-h)}{2h} = f'(x) + \frac{h^2}{6} f'''(x) + \dots$$

For large $h$ the **truncation** error of the Taylor series rules: a line of slope 1 for forward and backward differences, slope 2 for the central one. For small $h$, $f(x+h)$ and $f(x)$ share most of their digits and their difference keeps only about $\varepsilon |f| / h$ of accuracy ($\varepsilon = 2^{-52} \approx 2.2 \times 10^{-16}$): **round-off**, a ragged line of slope $-1$. The two meet near $h \approx \sqrt{\varepsilon} \approx 1.5 \times 10^{-8}$ for forward differences and $h \approx \sqrt[3]{\varepsilon} \approx 6 \times 10^{-6}$ for central ones, marked on the plot; the readouts give the best $h$ actually found. The **complex step**

$$f'(x) \approx \frac{\operatorname{Im} f(x + ih)}{h}$$

evaluates the same formula at a complex point. Nothing is subtracted, so there is no cancellation: its error stays near $10^{-16}$ for every small $h$.

**numpy.gradient** estimates a derivative from samples: central differences inside, one-sided ones at the two ends. *Mathematical Foundations for Deep Learning* applies it to $y = [0, 10, 40, 90, 160]$ at $x = [0, 1, 2, 3, 4]$ (that is $10x^2$) and prints `[3 432 27 48 675]`, which cannot be right: NumPy gives $[10, 20, 40, 60, 70]$. Inside, $(y_{i+1} - y_{i-1})/2 = 20x_i$ is exact for a quadratic; the ends use $(y_1 - y_0)/1 = 10$ and $(y_4 - y_3)/1 = 70$, first-order and off by 10. With `edge_order=2` the ends use $(-3y_0 + 4y_1 - y_2)/2h$ (and its mirror image) and become exact: $[0, 20, 40, 60, 80]$. For unevenly spaced samples, with $h_s = x_i - x_{i-1}$ and $h_d = x_{i+1} - x_i$, NumPy uses the three-point formula that is exact for quadratics:

$$f'(x_i) \approx \frac{h_s^2\, f_{i+1} + (h_d^2 - h_s^2)\, f_i - h_d^2\, f_{i-1}}{h_s h_d (h_s + h_d)}$$

The second plot's dots are `np.gradient` of nine samples of $f$ (choose the spacing and the edge order) against the exact curve."#;
