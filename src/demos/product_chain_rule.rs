//! The product rule and the chain rule, seen: the rectangle g(x)·h(x) growing by two strips
//! and a vanishing corner when x grows by dx, a nudge dx carried through x → g(x) → f(g(x)),
//! and the two NumPy examples of *Mathematical Foundations for Deep Learning* next to the
//! exact derivatives. The math is in `crate::math::calculus_rules`; the drawing in
//! `product_chain_rule/drawing.rs`.

mod drawing;
#[cfg(test)]
pub(crate) mod tests;

use super::params::{format_param_number, parse_choice, parse_number};
use super::plot_data::short;
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Notice, NoticeLevel, PlotSpec, PlotTable,
    PointerInput, PointerPhase, Readout, ReadoutSpec, ReadoutValue, exact_list, format_number,
};
use crate::math::calculus_rules::{
    ARTICLE_CHAIN_X, ARTICLE_PRODUCT_X, ChainNudge, ProductGrowth, article_chain_rule,
    article_product_rule, exact_chain_derivative, exact_product_derivative,
};
use crate::math::expr::Expr;

/// The value of a function select that reveals its formula box.
const CUSTOM: &str = "custom";

/// The presets of g: `(URL value, label, formula)`.
const G_PRESETS: &[(&str, &str, &str)] = &[
    ("square", "x²", "x^2"),
    ("cube", "x³", "x^3"),
    ("sin", "sin x", "sin(x)"),
    ("exp", "eˣ", "exp(x)"),
];
const G_OPTIONS: &[(&str, &str)] = &[
    ("square", "x²"),
    ("cube", "x³"),
    ("sin", "sin x"),
    ("exp", "eˣ"),
    (CUSTOM, "custom formula"),
];
const H_PRESETS: &[(&str, &str, &str)] = &[
    ("sin", "sin x", "sin(x)"),
    ("square", "x²", "x^2"),
    ("exp-neg", "e⁻ˣ", "exp(-x)"),
    ("line", "1 + x/2", "1 + x/2"),
];
const H_OPTIONS: &[(&str, &str)] = &[
    ("sin", "sin x"),
    ("square", "x²"),
    ("exp-neg", "e⁻ˣ"),
    ("line", "1 + x/2"),
    (CUSTOM, "custom formula"),
];
const F_PRESETS: &[(&str, &str, &str)] = &[
    ("sin-square", "sin(u²)", "sin(x^2)"),
    ("exp", "eᵘ", "exp(x)"),
    ("square", "u²", "x^2"),
    ("sigmoid", "1/(1 + e⁻ᵘ)", "1/(1 + exp(-x))"),
];
const F_OPTIONS: &[(&str, &str)] = &[
    ("sin-square", "sin(u²)"),
    ("exp", "eᵘ"),
    ("square", "u²"),
    ("sigmoid", "1/(1 + e⁻ᵘ)"),
    (CUSTOM, "custom formula"),
];
const EXAMPLES: &[(&str, &str)] = &[
    ("product", "product rule: x² sin x"),
    ("chain", "chain rule: sin((x³)²)"),
];

/// The x range of the slider, of dragging and of the keys.
const X_RANGE: (f64, f64) = (-3.0, 3.0);
/// The dx range of its log slider.
const DX_RANGE: (f64, f64) = (1e-4, 1.0);

const FORMULA_HELP: &str = "+ − * / ^, sin cos tan exp log sqrt abs tanh, pi, e";

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "g",
        aliases: &[],
        label: "g(x)",
        kind: ControlKind::Select { options: G_OPTIONS },
        help: "The inner function: one side of the rectangle, and the first link of the chain",
        group: "Functions",
        example: "cube",
    },
    ControlSpec {
        key: "g-formula",
        aliases: &[],
        label: "Custom g(x)",
        kind: ControlKind::Text {
            placeholder: "e.g. x^3 - x",
        },
        help: "A formula in x for g (when g is “custom formula”): + − * / ^, sin cos tan exp log sqrt abs tanh, pi, e",
        group: "Functions",
        example: "x^3 - x",
    },
    ControlSpec {
        key: "h",
        aliases: &[],
        label: "h(x)",
        kind: ControlKind::Select { options: H_OPTIONS },
        help: "The other side of the rectangle (product rule)",
        group: "Functions",
        example: "exp-neg",
    },
    ControlSpec {
        key: "h-formula",
        aliases: &[],
        label: "Custom h(x)",
        kind: ControlKind::Text {
            placeholder: "e.g. exp(x/2)",
        },
        help: "A formula in x for h (when h is “custom formula”): + − * / ^, sin cos tan exp log sqrt abs tanh, pi, e",
        group: "Functions",
        example: "exp(x/2)",
    },
    ControlSpec {
        key: "f",
        aliases: &[],
        label: "f(u)",
        kind: ControlKind::Select { options: F_OPTIONS },
        help: "The outer function of the chain rule, applied to u = g(x)",
        group: "Functions",
        example: "sigmoid",
    },
    ControlSpec {
        key: "f-formula",
        aliases: &[],
        label: "Custom f(u), written in x",
        kind: ControlKind::Text {
            placeholder: "e.g. log(1 + x^2)",
        },
        help: "A formula for f (when f is “custom formula”), written with x standing for u: + − * / ^, sin cos tan exp log sqrt abs tanh, pi, e",
        group: "Functions",
        example: "log(1 + x^2)",
    },
    ControlSpec {
        key: "x",
        aliases: &[],
        label: "Point x",
        kind: ControlKind::slider(X_RANGE.0, X_RANGE.1, 0.01, false),
        help: "Where the rules are read off; drag the handle of the chain plot, or focus a plot and use the arrow keys (±0.01, Shift ±0.1)",
        group: "Nudge",
        example: "-0.5",
    },
    ControlSpec {
        key: "dx",
        aliases: &[],
        label: "Nudge dx",
        kind: ControlKind::slider(DX_RANGE.0, DX_RANGE.1, 0.0001, true),
        help: "How far x grows; shrink it and watch the corner vanish against the strips",
        group: "Nudge",
        example: "0.01",
    },
    ControlSpec {
        key: "example",
        aliases: &[],
        label: "Article example",
        kind: ControlKind::Select { options: EXAMPLES },
        help: "Which NumPy example of “Mathematical Foundations for Deep Learning” the third plot sets against the exact derivative",
        group: "Article",
        example: "chain",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "product.g",
        help: "g(x): the rectangle's width",
    },
    ReadoutSpec {
        name: "product.h",
        help: "h(x): the rectangle's height",
    },
    ReadoutSpec {
        name: "product.delta-g",
        help: "Δg = g(x + dx) − g(x)",
    },
    ReadoutSpec {
        name: "product.delta-h",
        help: "Δh = h(x + dx) − h(x)",
    },
    ReadoutSpec {
        name: "product.area-change",
        help: "The exact change of area ΔA = g(x+dx)·h(x+dx) − g(x)·h(x)",
    },
    ReadoutSpec {
        name: "product.strip-h",
        help: "The strip Δg·h along the side h (≈ g′h dx)",
    },
    ReadoutSpec {
        name: "product.strip-g",
        help: "The strip g·Δh along the side g (≈ g h′ dx)",
    },
    ReadoutSpec {
        name: "product.corner",
        help: "The corner Δg·Δh (≈ g′h′ dx²): the two strips and the corner add up to ΔA exactly",
    },
    ReadoutSpec {
        name: "product.corner-share",
        help: "The corner's share of the change, Δg·Δh / ΔA: it shrinks in proportion to dx",
    },
    ReadoutSpec {
        name: "product.quotient",
        help: "The difference quotient ΔA/dx",
    },
    ReadoutSpec {
        name: "product.derivative",
        help: "The exact derivative (gh)′ = g′h + g h′ (automatic differentiation)",
    },
    ReadoutSpec {
        name: "product.quotient-error",
        help: "ΔA/dx − (gh)′: shrinks like dx",
    },
    ReadoutSpec {
        name: "chain.u",
        help: "u = g(x)",
    },
    ReadoutSpec {
        name: "chain.y",
        help: "y = f(g(x))",
    },
    ReadoutSpec {
        name: "chain.g-prime",
        help: "g′(x): how much the first link stretches a nudge",
    },
    ReadoutSpec {
        name: "chain.f-prime",
        help: "f′(u) at u = g(x): how much the second link stretches it",
    },
    ReadoutSpec {
        name: "chain.derivative",
        help: "(f∘g)′(x) = f′(g(x))·g′(x)",
    },
    ReadoutSpec {
        name: "chain.linear-du",
        help: "g′(x)·dx: the nudge of u to first order",
    },
    ReadoutSpec {
        name: "chain.actual-du",
        help: "g(x + dx) − g(x): the actual nudge of u",
    },
    ReadoutSpec {
        name: "chain.linear-dy",
        help: "f′(g(x))·g′(x)·dx: the nudge of y to first order",
    },
    ReadoutSpec {
        name: "chain.actual-dy",
        help: "f(g(x + dx)) − f(g(x)): the actual nudge of y",
    },
    ReadoutSpec {
        name: "article.product.numpy",
        help: "What the article's product-rule code prints at x = 2, 3, 1 (np.gradient with unit spacing)",
    },
    ReadoutSpec {
        name: "article.product.exact",
        help: "The exact derivative 2x sin x + x² cos x at x = 2, 3, 1",
    },
    ReadoutSpec {
        name: "article.chain.numpy",
        help: "What the article's chain-rule code prints at x = 1, 2, 3",
    },
    ReadoutSpec {
        name: "article.chain.exact",
        help: "The exact derivative 6x⁵ cos(x⁶) at x = 1, 2, 3",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "area",
        title: "Product rule: the rectangle g·h grows",
        alt: "A rectangle of width g(x) and height h(x), and the two strips and the corner it gains when x grows by dx; focus it and use the arrow keys to move x.",
        aspect_ratio: 0.7,
        interactive: true,
    },
    PlotSpec {
        id: "chain",
        title: "Chain rule: a nudge through x → g(x) → f(g(x))",
        alt: "A handle for x on the interval from −3 to 3, then three number lines at the same scale, centred on x, u = g(x) and y = f(u), with the nudge dx and its images g′dx and f′(g)·g′dx as bars; drag the handle or use the arrow keys.",
        aspect_ratio: 0.62,
        interactive: true,
    },
    PlotSpec {
        id: "article",
        title: "The article's NumPy code against the exact derivative",
        alt: "The exact derivative of the article's example as a curve, with the values its NumPy code prints and the exact values at its sample points as dots.",
        aspect_ratio: 0.6,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "product-chain-rule",
    title: "The product rule and the chain rule",
    chapter: Chapter::Calculus,
    summary: "The product rule as a growing rectangle (two strips and a vanishing corner) and the chain rule as a nudge stretched twice, with exact derivatives, and the NumPy examples of “Mathematical Foundations for Deep Learning” set right.",
    explanation: r#"**Product rule.** Take a rectangle of width $g(x)$ and height $h(x)$: its area is $A = g\,h$. Move $x$ by $dx$ and both sides grow, by $\Delta g = g(x+dx) - g(x)$ and $\Delta h$. The new area splits exactly into the old rectangle, two strips and a corner:

$$\Delta A = \underbrace{\Delta g\, h}_{\approx\, g'h\,dx} + \underbrace{g\,\Delta h}_{\approx\, g h'\,dx} + \underbrace{\Delta g\,\Delta h}_{\approx\, g'h'\,dx^2}$$

Divide by $dx$ and let it shrink: the strips give $g'h + gh'$, while the corner is a $dx^2$ term that vanishes, so $(gh)' = g'h + gh'$. Slide **dx** down on its log scale and watch the corner's share of $\Delta A$ fall ten times for every tenfold smaller $dx$.

**Chain rule.** Follow a nudge through $x \to u = g(x) \to y = f(u)$. The first link stretches it by $g'(x)$, the second by $f'(u)$ at $u = g(x)$:

$$dy = f'(g(x))\; g'(x)\; dx, \qquad (f\circ g)'(x) = f'(g(x))\,g'(x)$$

The three number lines of the second plot share one scale, so the bars show the stretching; the thin marks show the actual changes, which differ from the bars only at second order in $dx$. Drag the handle (or use the arrow keys) to move $x$. Pick $g$, $h$ and $f$ from the presets or type your own; every derivative here is exact (automatic differentiation, no finite differences).

**The article's examples.** *Mathematical Foundations for Deep Learning* computes both rules with `np.gradient`, and both printouts are wrong, reproduced here to the last bit:

- Product rule at $x = [2, 3, 1]$: `np.gradient(u)` is called without the $x$ values, so NumPy assumes the samples sit at $0, 1, 2$ with spacing 1, differences neighbours in array order (3 sits between 2 and 1), and uses crude one-sided differences at both ends. It prints $[1.474, -0.517, -6.031]$; the derivative of $x^2\sin x$ there is $[1.973, -8.063, 2.223]$.
- Chain rule at $x = [1, 2, 3]$: it multiplies `np.gradient(g(x))` by `np.gradient(f(g(x)))`, two differences taken in $x$. That is $g' \cdot (f\circ g)'$, not $f'(g)\,g'$: $g'$ is counted twice and $f'$ is never evaluated at $g(x)$. With samples 1 apart, $\sin(x^6)$ is not resolved at all. It prints $[0.550, -4.495, -14.63]$; the truth is $6x^5\cos(x^6) = [3.242, 75.24, 1441.5]$."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(ProductChainRule::default()),
};

/// One of the three functions: a preset or a typed formula, and the parsed expression.
#[derive(Clone, Debug)]
struct FunctionChoice {
    /// The select's value: a preset key or [`CUSTOM`].
    choice: &'static str,
    /// The last formula typed (kept while a preset is chosen).
    custom: Expr,
}

impl FunctionChoice {
    fn new(choice: &'static str, custom: &str) -> Self {
        Self {
            choice,
            // The defaults are fixed formulas known to parse; `x` is a safe fallback.
            custom: Expr::parse_in_x(custom)
                .or_else(|_| Expr::parse_in_x("x"))
                .expect("“x” parses"),
        }
    }

    /// The expression in use: the preset's or the typed one.
    fn expression(&self, presets: &[(&str, &str, &str)]) -> Expr {
        match presets.iter().find(|(key, _, _)| *key == self.choice) {
            Some((_, _, formula)) => {
                Expr::parse_in_x(formula).unwrap_or_else(|_| self.custom.clone())
            }
            None => self.custom.clone(),
        }
    }

    /// How the function reads in descriptions ("x²", or the typed formula).
    fn label(&self, presets: &[(&str, &str, &str)]) -> String {
        match presets.iter().find(|(key, _, _)| *key == self.choice) {
            Some((_, label, _)) => (*label).to_owned(),
            None => self.custom.source().to_owned(),
        }
    }
}

/// The state of the demo.
#[derive(Clone, Debug)]
pub struct ProductChainRule {
    /// The inner function g (one side of the rectangle, the chain's first link).
    g: FunctionChoice,
    /// The other side of the rectangle.
    h: FunctionChoice,
    /// The outer function f of the chain.
    f: FunctionChoice,
    /// The parsed expressions in use, rebuilt when a choice changes.
    g_expr: Expr,
    h_expr: Expr,
    f_expr: Expr,
    /// The point x.
    x: f64,
    /// The nudge dx.
    dx: f64,
    /// Which article example the third plot shows.
    example: &'static str,
    /// The product rule's numbers at (x, dx).
    growth: ProductGrowth,
    /// The chain rule's numbers at (x, dx).
    nudge: ChainNudge,
}

impl Default for ProductChainRule {
    fn default() -> Self {
        let g = FunctionChoice::new("square", "x^2 + 1");
        let h = FunctionChoice::new("sin", "2 + cos(x)");
        let f = FunctionChoice::new("sin-square", "tanh(x)");
        let (g_expr, h_expr, f_expr) = (
            g.expression(G_PRESETS),
            h.expression(H_PRESETS),
            f.expression(F_PRESETS),
        );
        let (x, dx) = (1.0, 0.2);
        Self {
            growth: ProductGrowth::new(&g_expr, &h_expr, x, dx),
            nudge: ChainNudge::new(&f_expr, &g_expr, x, dx),
            g,
            h,
            f,
            g_expr,
            h_expr,
            f_expr,
            x,
            dx,
            example: "product",
        }
    }
}

impl ProductChainRule {
    fn recompute(&mut self) {
        self.g_expr = self.g.expression(G_PRESETS);
        self.h_expr = self.h.expression(H_PRESETS);
        self.f_expr = self.f.expression(F_PRESETS);
        self.growth = ProductGrowth::new(&self.g_expr, &self.h_expr, self.x, self.dx);
        self.nudge = ChainNudge::new(&self.f_expr, &self.g_expr, self.x, self.dx);
    }

    fn g_label(&self) -> String {
        self.g.label(G_PRESETS)
    }

    fn h_label(&self) -> String {
        self.h.label(H_PRESETS)
    }

    fn f_label(&self) -> String {
        self.f.label(F_PRESETS)
    }

    /// Moves x (rounded to the slider's 0.01 grid, clamped to its range).
    fn set_x(&mut self, x: f64) -> bool {
        let x = (x.clamp(X_RANGE.0, X_RANGE.1) * 100.0).round() / 100.0;
        let changed = x != self.x;
        self.x = x;
        self.recompute();
        changed
    }

    /// The article example's points, NumPy's printout and the exact derivative.
    fn article(&self) -> ([f64; 3], [f64; 3], [f64; 3]) {
        if self.example == "chain" {
            (
                ARTICLE_CHAIN_X,
                article_chain_rule(),
                exact_chain_derivative(),
            )
        } else {
            (
                ARTICLE_PRODUCT_X,
                article_product_rule(),
                exact_product_derivative(),
            )
        }
    }

    /// The exact derivative of the article example's function at any x.
    fn article_derivative(&self, x: f64) -> f64 {
        if self.example == "chain" {
            6.0 * x.powi(5) * x.powi(6).cos()
        } else {
            2.0 * x * x.sin() + x * x * x.cos()
        }
    }
}

/// A select's choice by its URL value, as a `&'static str` of the options table.
fn choice(
    value: &str,
    options: &'static [(&'static str, &'static str)],
) -> Result<&'static str, String> {
    parse_choice(value, options)
}

/// A formula typed for `name`.
fn parse_formula(name: &str, value: &str) -> Result<Expr, String> {
    Expr::parse_in_x(value).map_err(|e| format!("The formula for {name} has an error: {e}"))
}

/// A number readout.
fn number(name: &str, label: &str, value: f64, group: &str) -> Readout {
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Number(value),
        group: group.to_owned(),
    }
}

/// A list readout: rounded for the reader, every element at full precision in `data-value`.
fn list(name: &str, label: &str, values: &[f64], group: &str) -> Readout {
    let shown: Vec<String> = values.iter().map(|v| format_number(*v)).collect();
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Written {
            shown: format!("[{}]", shown.join(", ")),
            exact: exact_list(values.iter().copied()),
        },
        group: group.to_owned(),
    }
}

/// A table cell: a finite number, or the word "undefined".
fn cell(x: f64) -> ReadoutValue {
    crate::demos::data_alternative::finite_or(x, "undefined")
}

impl Demo for ProductChainRule {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "g" => self.g.choice.to_owned(),
            "g-formula" => self.g.custom.source().to_owned(),
            "h" => self.h.choice.to_owned(),
            "h-formula" => self.h.custom.source().to_owned(),
            "f" => self.f.choice.to_owned(),
            "f-formula" => self.f.custom.source().to_owned(),
            "x" => format_param_number(self.x),
            "dx" => format_param_number(self.dx),
            "example" => self.example.to_owned(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "g" => self.g.choice = choice(value, G_OPTIONS)?,
            "h" => self.h.choice = choice(value, H_OPTIONS)?,
            "f" => self.f.choice = choice(value, F_OPTIONS)?,
            "g-formula" => self.g.custom = parse_formula("g", value)?,
            "h-formula" => self.h.custom = parse_formula("h", value)?,
            "f-formula" => self.f.custom = parse_formula("f", value)?,
            "x" => self.x = parse_number(value, X_RANGE.0, X_RANGE.1)?,
            "dx" => self.dx = parse_number(value, DX_RANGE.0, DX_RANGE.1)?,
            "example" => self.example = choice(value, EXAMPLES)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        match key {
            "g-formula" => self.g.choice == CUSTOM,
            "h-formula" => self.h.choice == CUSTOM,
            "f-formula" => self.f.choice == CUSTOM,
            _ => true,
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "dx" => {
                let share = self.growth.corner_share();
                share
                    .is_finite()
                    .then(|| format!("The corner is {} of the change ΔA now.", percent(share)))
            }
            "f-formula" => Some(format!("x stands for u = g(x) here ({FORMULA_HELP}).")),
            _ => None,
        }
    }

    fn readouts(&self) -> Vec<Readout> {
        let p = &self.growth;
        let c = &self.nudge;
        // One plain list: the three groups have different columns, so no shared table.
        let (product, chain, article) = ("", "", "");
        let (_, numpy_product, exact_product) = (
            ARTICLE_PRODUCT_X,
            article_product_rule(),
            exact_product_derivative(),
        );
        vec![
            number("product.g", "g(x)", p.g, product),
            number("product.h", "h(x)", p.h, product),
            number("product.delta-g", "Δg", p.delta_g, product),
            number("product.delta-h", "Δh", p.delta_h, product),
            number(
                "product.area-change",
                "Change of area ΔA",
                p.area_change,
                product,
            ),
            number("product.strip-h", "Strip Δg·h", p.strip_along_h, product),
            number("product.strip-g", "Strip g·Δh", p.strip_along_g, product),
            number("product.corner", "Corner Δg·Δh", p.corner, product),
            number(
                "product.corner-share",
                "Corner / ΔA",
                p.corner_share(),
                product,
            ),
            number(
                "product.quotient",
                "ΔA / dx",
                p.difference_quotient(self.dx),
                product,
            ),
            number(
                "product.derivative",
                "(gh)′ = g′h + gh′",
                p.derivative,
                product,
            ),
            number(
                "product.quotient-error",
                "ΔA/dx − (gh)′",
                p.difference_quotient(self.dx) - p.derivative,
                product,
            ),
            number("chain.u", "u = g(x)", c.u, chain),
            number("chain.y", "y = f(u)", c.y, chain),
            number("chain.g-prime", "g′(x)", c.g_prime, chain),
            number("chain.f-prime", "f′(u)", c.f_prime, chain),
            number("chain.derivative", "(f∘g)′ = f′(g)·g′", c.derivative, chain),
            number("chain.linear-du", "g′·dx", c.linear_du, chain),
            number("chain.actual-du", "Actual Δu", c.actual_du, chain),
            number("chain.linear-dy", "f′(g)·g′·dx", c.linear_dy, chain),
            number("chain.actual-dy", "Actual Δy", c.actual_dy, chain),
            list(
                "article.product.numpy",
                "Product rule, NumPy at x = 2, 3, 1",
                &numpy_product,
                article,
            ),
            list(
                "article.product.exact",
                "Exact (x² sin x)′ at 2, 3, 1",
                &exact_product,
                article,
            ),
            list(
                "article.chain.numpy",
                "Chain rule, NumPy at x = 1, 2, 3",
                &article_chain_rule(),
                article,
            ),
            list(
                "article.chain.exact",
                "Exact (sin x⁶)′ at 1, 2, 3",
                &exact_chain_derivative(),
                article,
            ),
        ]
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        let x = short(self.x);
        let x_dx = short(self.x + self.dx);
        let undefined = |name: &str, at: &str| Notice {
            level: NoticeLevel::Warning,
            text: format!(
                "{name} is undefined at x = {at}: its numbers read “undefined”; move x or change the function."
            ),
        };
        let g_ok = self.growth.g.is_finite() && self.growth.delta_g.is_finite();
        let h_ok = self.growth.h.is_finite() && self.growth.delta_h.is_finite();
        if !g_ok {
            notices.push(undefined(
                &format!("g(x) = {}", self.g_label()),
                &format!("{x} or {x_dx}"),
            ));
        }
        if !h_ok {
            notices.push(undefined(
                &format!("h(x) = {}", self.h_label()),
                &format!("{x} or {x_dx}"),
            ));
        }
        if g_ok && !(self.nudge.y.is_finite() && self.nudge.actual_dy.is_finite()) {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "f(u) = {} is undefined at u = g(x) = {} or at g(x + dx): the chain rule's numbers read “undefined”.",
                    self.f_label(),
                    short(self.nudge.u)
                ),
            });
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 1 || input.phase == PointerPhase::Up {
            return false;
        }
        let frame = super::Frame::light(input.css_width, input.css_height, 1.0);
        let layout = drawing::ChainLayout::new(&frame);
        match layout.x_at(input.x) {
            Some(x) => self.set_x(x),
            None => false,
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot > 1 {
            return false;
        }
        let step = match key {
            "ArrowLeft" | "ArrowDown" => -0.01,
            "ArrowRight" | "ArrowUp" => 0.01,
            "Shift+ArrowLeft" | "Shift+ArrowDown" | "PageDown" => -0.1,
            "Shift+ArrowRight" | "Shift+ArrowUp" | "PageUp" => 0.1,
            _ => return false,
        };
        self.set_x(self.x + step)
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.area_table()),
            1 => Some(self.chain_table()),
            2 => Some(self.article_table()),
            _ => None,
        }
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        let p = &self.growth;
        let c = &self.nudge;
        Some(match plot {
            0 => format!(
                "g(x) = {} and h(x) = {} at x = {}, dx = {}: the rectangle {} by {} gains ΔA = {}, made of the strips Δg·h = {} and g·Δh = {} and the corner Δg·Δh = {} ({} of ΔA); ΔA/dx = {} against (gh)′ = {}.",
                self.g_label(),
                self.h_label(),
                short(self.x),
                short(self.dx),
                short(p.g),
                short(p.h),
                short(p.area_change),
                short(p.strip_along_h),
                short(p.strip_along_g),
                short(p.corner),
                percent(p.corner_share()),
                short(p.difference_quotient(self.dx)),
                short(p.derivative)
            ),
            1 => format!(
                "x = {} goes to u = g(x) = {} and y = f(u) = {} with g = {} and f = {}: the nudge dx = {} becomes g′dx = {} (actually {}) and f′(g)·g′dx = {} (actually {}); (f∘g)′ = {} × {} = {}.",
                short(self.x),
                short(c.u),
                short(c.y),
                self.g_label(),
                self.f_label(),
                short(self.dx),
                short(c.linear_du),
                short(c.actual_du),
                short(c.linear_dy),
                short(c.actual_dy),
                short(c.f_prime),
                short(c.g_prime),
                short(c.derivative)
            ),
            2 => {
                let (xs, numpy, exact) = self.article();
                let pairs: Vec<String> = (0..3)
                    .map(|i| {
                        format!(
                            "at x = {} NumPy prints {}, the derivative is {}",
                            short(xs[i]),
                            short(numpy[i]),
                            short(exact[i])
                        )
                    })
                    .collect();
                let name = if self.example == "chain" {
                    "The chain-rule example, sin(x⁶)"
                } else {
                    "The product-rule example, x² sin x"
                };
                format!("{name}: {}.", pairs.join("; "))
            }
            _ => return None,
        })
    }
}

/// A share as a percentage with three significant digits ("4.12 %"), or "undefined".
fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{} %", super::format_plot_number(share * 100.0, 3))
    } else {
        "undefined".to_owned()
    }
}

impl ProductChainRule {
    fn area_table(&self) -> PlotTable {
        let p = &self.growth;
        let mut table = PlotTable::new(
            format!(
                "The rectangle g(x)·h(x) at x = {} and the pieces it gains when x grows by dx = {} (g across, h up)",
                short(self.x),
                short(self.dx)
            ),
            &["Piece", "g from", "g to", "h from", "h to", "Area"],
        );
        let (g, h, dg, dh) = (p.g, p.h, p.delta_g, p.delta_h);
        let rows = [
            ("rectangle g·h", [0.0, g, 0.0, h, g * h]),
            ("strip Δg·h", [g, g + dg, 0.0, h, p.strip_along_h]),
            ("strip g·Δh", [0.0, g, h, h + dh, p.strip_along_g]),
            ("corner Δg·Δh", [g, g + dg, h, h + dh, p.corner]),
        ];
        for (label, values) in rows {
            let mut row = vec![ReadoutValue::Text(label.into())];
            row.extend(values.iter().map(|v| cell(*v)));
            table.rows.push(row);
        }
        table
    }

    fn chain_table(&self) -> PlotTable {
        let c = &self.nudge;
        let mut table = PlotTable::new(
            format!(
                "The three number lines at x = {}: each value, the nudge to first order (the bar) and the actual change (the thin mark)",
                short(self.x)
            ),
            &[
                "Line",
                "Value",
                "Stretch factor",
                "First-order nudge",
                "Actual change",
            ],
        );
        let rows = [
            ("x", [self.x, 1.0, self.dx, self.dx]),
            ("u = g(x)", [c.u, c.g_prime, c.linear_du, c.actual_du]),
            ("y = f(u)", [c.y, c.f_prime, c.linear_dy, c.actual_dy]),
        ];
        for (label, values) in rows {
            let mut row = vec![ReadoutValue::Text(label.into())];
            row.extend(values.iter().map(|v| cell(*v)));
            table.rows.push(row);
        }
        table
    }

    fn article_table(&self) -> PlotTable {
        let (xs, numpy, exact) = self.article();
        let mut table = PlotTable::new(
            format!(
                "The {} example: NumPy's printout and the exact derivative at its sample points, then the exact derivative at {} points of the curve",
                if self.example == "chain" {
                    "chain-rule"
                } else {
                    "product-rule"
                },
                drawing::ARTICLE_TABLE_SAMPLES
            ),
            &["Point", "x", "NumPy (article)", "Exact derivative"],
        );
        for i in 0..3 {
            table.rows.push(vec![
                ReadoutValue::Text(format!("sample {}", i + 1)),
                cell(xs[i]),
                cell(numpy[i]),
                cell(exact[i]),
            ]);
        }
        let (low, high) = drawing::article_window(self.example);
        for i in 0..drawing::ARTICLE_TABLE_SAMPLES {
            let x = low + (high - low) * i as f64 / (drawing::ARTICLE_TABLE_SAMPLES - 1) as f64;
            table.rows.push(vec![
                ReadoutValue::Text("curve".into()),
                cell(x),
                ReadoutValue::Text("—".into()),
                cell(self.article_derivative(x)),
            ]);
        }
        table
    }
}
