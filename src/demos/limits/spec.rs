//! The limits demo as data: its controls, readouts, plots and explanation.

use super::super::{ControlKind, ControlSpec, PlotSpec, ReadoutSpec};

pub const EPSILON_MIN: f64 = 1e-6;
pub const EPSILON_MAX: f64 = 0.5;

pub const FUNCTIONS: &[(&str, &str)] = &[
    ("sinc", "sin x / x at 0"),
    ("hole", "(x² − 1)/(x − 1) at 1"),
    ("sign", "|x| / x at 0"),
    ("reciprocal", "1/x at 0"),
    ("sin-reciprocal", "sin(1/x) at 0"),
    ("one-minus-cos", "(1 − cos x)/x² at 0"),
    ("compound", "(1 + 1/x)ˣ as x → ∞"),
    ("custom", "Custom f(x) at a"),
];

pub const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "function",
        aliases: &[],
        label: "Function",
        kind: ControlKind::Select { options: FUNCTIONS },
        help: "The function and the point where its limit is taken",
        group: "Function",
        example: "one-minus-cos",
    },
    ControlSpec {
        key: "formula",
        aliases: &[],
        label: "f(x) =",
        kind: ControlKind::Text {
            placeholder: "(exp(x) - 1)/x",
        },
        help: "A formula in x: + − * / ^, sin cos tan exp log sqrt abs tanh, pi, e (custom only)",
        group: "Function",
        example: "sin(3*x)/x",
    },
    ControlSpec {
        key: "a",
        aliases: &[],
        label: "Point a",
        kind: ControlKind::slider(-10.0, 10.0, 0.01, false),
        help: "Where the limit of the custom formula is taken (custom only)",
        group: "Function",
        example: "1",
    },
    ControlSpec {
        key: "epsilon",
        aliases: &["eps"],
        label: "ε (band half-width)",
        kind: ControlKind::slider(EPSILON_MIN, EPSILON_MAX, 1e-6, true),
        help: "The half-width of the band L ± ε; also set by dragging the plot vertically or with ↑ ↓ on it",
        group: "ε and δ",
        example: "0.1",
    },
    ControlSpec {
        key: "window",
        aliases: &[],
        label: "Window half-width",
        kind: ControlKind::slider(1e-6, 10.0, 1e-6, true),
        help: "How far from a the plot reaches, and the largest δ tried",
        group: "ε and δ",
        example: "0.1",
    },
];

pub const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "limit",
        help: "The two-sided limit L, or why it does not exist",
    },
    ReadoutSpec {
        name: "left-limit",
        help: "The limit from the left (a number, +∞, −∞, oscillates, undefined)",
    },
    ReadoutSpec {
        name: "right-limit",
        help: "The limit from the right (for x → ∞: the limit)",
    },
    ReadoutSpec {
        name: "value-at-a",
        help: "f(a), or undefined",
    },
    ReadoutSpec {
        name: "case",
        help: "continuous, removable, jump, infinite or oscillating discontinuity",
    },
    ReadoutSpec {
        name: "epsilon",
        help: "The band half-width ε",
    },
    ReadoutSpec {
        name: "delta",
        help: "The largest δ (up to the window) with |f(x) − L| < ε for 0 < |x − a| < δ, or none",
    },
    ReadoutSpec {
        name: "x-threshold",
        help: "For x → ∞: N = 1/δ, beyond which f stays within ε of L",
    },
    ReadoutSpec {
        name: "delta-grid-spacing",
        help: "The spacing δ/2000 of the grid on which the δ found was checked",
    },
    ReadoutSpec {
        name: "recipe",
        help: "The article's recipe: round(max |f(a + x)|, 5) over x = linspace(0.001, 1, 1000)",
    },
    ReadoutSpec {
        name: "recipe-at",
        help: "Where on that grid the recipe's maximum is",
    },
    ReadoutSpec {
        name: "best-h",
        help: "The h of the table at which f(a + h) comes nearest L in f64",
    },
    ReadoutSpec {
        name: "best-error",
        help: "|f(a + h) − L| at that h",
    },
    ReadoutSpec {
        name: "right-values",
        help: "f(a + h) in f64 for h = 10⁻¹ … 10⁻¹⁶ (for x → ∞: f(10ᵏ), k = 1 … 16)",
    },
    ReadoutSpec {
        name: "left-values",
        help: "f(a − h) in f64 for h = 10⁻¹ … 10⁻¹⁶",
    },
    ReadoutSpec {
        name: "stable-values",
        help: "The rewrite without cancellation at the same points (presets that have one)",
    },
];

pub const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "epsilon-delta",
        title: "ε–δ: f near a",
        alt: "The curve of f near a with the band L ± ε drawn across the plot and the interval a ± δ shaded; drag vertically to change ε.",
        aspect_ratio: 0.62,
        interactive: true,
    },
    PlotSpec {
        id: "table",
        title: "f(a ± h) in floating point: error against h",
        alt: "log₁₀ |f(a ± h) − L| against log₁₀ h for h = 10⁻¹ … 10⁻¹⁶, with the stable rewrite where there is one.",
        aspect_ratio: 0.6,
        interactive: false,
    },
];

pub const EXPLANATION: &str = r#"A limit says where $f(x)$ heads as $x$ approaches $a$, whatever happens at $a$ itself. The precise version is the ε–δ definition:

$$\lim_{x \to a} f(x) = L \iff \text{for every } \varepsilon > 0 \text{ there is a } \delta > 0 \text{ with } |f(x) - L| < \varepsilon \text{ whenever } 0 < |x - a| < \delta$$

**The first plot** draws the band $L \pm \varepsilon$ and shades the largest interval $a \pm \delta$ on which the curve stays inside it. Shrink ε (the slider, a vertical drag on the plot, or ↑ ↓ with the plot focused) and δ shrinks with it: that a δ exists for *every* ε is what the limit means. δ is found by bisection on $\log \delta$ (60 halvings between $10^{-12}$ times the window and the window), each candidate checked at 2,000 evenly spaced points on each side of $a$; the readout gives that grid's spacing, and a spike narrower than it would go unseen. For $|x|/x$ (a jump), $1/x$ (infinite) and $\sin(1/x)$ (oscillating) no δ works: the limit does not exist, and the one-sided limits say why. A removable discontinuity such as $\frac{\sin x}{x}$ at 0 has a limit but no value at $a$.

Where a preset has a rewrite without cancellation (below), this plot evaluates the rewrite, so it shows the mathematics rather than rounding. For $x \to \infty$ the plot uses $t = 1/x$, so $t \to 0^+$ and "$x > N$" becomes "$0 < t < \delta$" with $N = 1/\delta$: $(1 + 1/x)^x \to e$.

**The second plot and the table** evaluate $f(a \pm h)$ in 64-bit floating point for $h = 10^{-1}, \dots, 10^{-16}$. Mathematically the error only shrinks; in f64 it shrinks and then grows. For $\frac{1 - \cos x}{x^2}$ (limit $\tfrac12$), $\cos h$ rounds to a double next to 1, and $1 - \cos h$ keeps only the few digits left after the cancellation: at $h = 10^{-8}$, $\cos h = 1 - 5 \cdot 10^{-17}$ rounds to exactly 1 and the quotient is 0. The rewrite $\frac{1 - \cos x}{x^2} = \frac{2 \sin^2(x/2)}{x^2}$ subtracts nothing and stays at 0.5 to the last digit. Likewise $(1 + 1/x)^x$ loses $1/x$ in $1 + 1/x$ (at $x = 10^{16}$ it computes $1^{x} = 1$), while $\exp(x \cdot \mathrm{ln1p}(1/x))$ does not.

**The article's "limit"**: *Mathematical Foundations for Deep Learning* estimates $\lim_{x\to 0} \frac{\sin x}{x}$ as `round(max(abs(sin(x)/x)), 5)` over `x = np.linspace(0.001, 1, 1000)` and prints 1.0. That works by luck: $\frac{\sin x}{x}$ decreases on $(0, 1]$, so the maximum sits at the left end, $\frac{\sin 0.001}{0.001} = 0.99999983\ldots$, which rounds to 1. The readout applies the same recipe to the function shown: for $\frac{x^2-1}{x-1}$ at 1 it gives 3 (the maximum is at the far end, $x = 2$), not 2; for $1/x$ it gives 1000, not ∞; for $|x|/x$ it gives 1 and hides the jump."#;
