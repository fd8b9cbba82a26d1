//! The rounding-error demo's controls, readouts and plots, written as data: the URL keys,
//! ranges and readout names are a public contract (documented in docs/DEMOS.md).

use crate::demos::{ControlKind, ControlSpec, PlotSpec, ReadoutSpec};

pub const DATA_OPTIONS: &[(&str, &str)] = &[
    ("tenth", "0.1 repeated"),
    ("random", "random in [0, 1)"),
    ("mixed", "mixed magnitudes, 10⁻⁴ to 10⁴"),
];

pub const FORMAT_OPTIONS: &[(&str, &str)] = &[
    ("f64", "float64"),
    ("f32", "float32"),
    ("f16", "float16"),
    ("bf16", "bfloat16"),
];

pub const FORMULA_OPTIONS: &[(&str, &str)] = &[
    ("one-plus-x", "(1 + x) − 1"),
    ("sqrt-difference", "√(x + 1) − √x"),
    ("one-minus-cos", "1 − cos x"),
    ("quadratic", "small root of t² − 2t + x"),
    ("log1p", "log(1 + x) vs log1p"),
    ("expm1", "exp(x) − 1 vs expm1"),
];

pub const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "data",
        aliases: &[],
        label: "Numbers summed",
        kind: ControlKind::Select {
            options: DATA_OPTIONS,
        },
        help: "What is summed: 0.1 again and again, random numbers in [0, 1), or random numbers of very different sizes (u·10ᵏ, k from −4 to 4)",
        group: "Summation",
        example: "random",
    },
    ControlSpec {
        key: "format",
        aliases: &[],
        label: "Format",
        kind: ControlKind::Select {
            options: FORMAT_OPTIONS,
        },
        help: "The floating-point format every term and every addition is rounded to",
        group: "Summation",
        example: "f16",
    },
    ControlSpec {
        key: "n",
        aliases: &[],
        label: "Numbers n",
        kind: ControlKind::slider(10.0, 1e6, 1.0, true),
        help: "How many numbers are summed (the plot shows every n up to this one; a million takes a moment)",
        group: "Summation",
        example: "1000",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 4_294_967_295,
        },
        help: "Fixes the random numbers (SplitMix64): the same seed gives the same numbers, bit for bit",
        group: "Summation",
        example: "2",
    },
    ControlSpec {
        key: "formula",
        aliases: &[],
        label: "Formula",
        kind: ControlKind::Select {
            options: FORMULA_OPTIONS,
        },
        help: "A formula that cancels for some x, computed as written and in its stable form",
        group: "Cancellation",
        example: "log1p",
    },
    ControlSpec {
        key: "x",
        aliases: &[],
        label: "x",
        kind: ControlKind::slider(1e-16, 1e16, 0.001, true),
        help: "Where both forms are evaluated; drag on the cancellation plot or use the arrow keys there too",
        group: "Cancellation",
        example: "0.001",
    },
    ControlSpec {
        key: "offset",
        aliases: &[],
        label: "Mean of the data",
        kind: ControlKind::slider(1.0, 1e12, 1.0, true),
        help: "The data are this number plus 1000 uniform values in [0, 1): their variance is about 1/12 whatever the mean",
        group: "Variance",
        example: "10000",
    },
];

pub const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "sum.first-term",
        help: "The first term as the format stores it, as an exact decimal (0.1 in float32 is 0.100000001490116119384765625)",
    },
    ReadoutSpec {
        name: "sum.exact",
        help: "The exact sum of the n stored terms (a big-integer sum), rounded once to float64: what every error is measured against",
    },
    ReadoutSpec {
        name: "sum.{method}",
        help: "The sum computed by naive, pairwise or Kahan summation, every addition rounded to the format; “overflow” past the format's largest number",
    },
    ReadoutSpec {
        name: "error.{method}",
        help: "|computed − exact| / |exact| for naive, pairwise or Kahan summation",
    },
    ReadoutSpec {
        name: "sum.epsilon",
        help: "ε of the format, the gap between 1 and the next number (2⁻²³ for float32)",
    },
    ReadoutSpec {
        name: "sum.n-epsilon",
        help: "n·ε, the scale of the naive sum's worst-case error",
    },
    ReadoutSpec {
        name: "sum.exact-decimal",
        help: "With 0.1 repeated: n times the stored 0.1, written out exactly (the reference of the errors, not n/10)",
    },
    ReadoutSpec {
        name: "sum.naive-vs-typed",
        help: "With 0.1 repeated: |naive sum − n/10| / (n/10), the error against the typed 0.1, which adds the error of storing 0.1 to that of the additions",
    },
    ReadoutSpec {
        name: "cancel.naive",
        help: "The formula as written, in float64, at the chosen x (“undefined” where it has no value)",
    },
    ReadoutSpec {
        name: "cancel.stable",
        help: "The stable rewrite in float64, accurate to a few units in the last place",
    },
    ReadoutSpec {
        name: "cancel.relative-error",
        help: "|naive − stable| / |stable|: the naive form's relative error",
    },
    ReadoutSpec {
        name: "cancel.{formula}.naive",
        help: "For each of the six formulas (one-plus-x, sqrt-difference, one-minus-cos, quadratic, log1p, expm1): the form as written at the chosen x, side by side in a table",
    },
    ReadoutSpec {
        name: "cancel.{formula}.stable",
        help: "For each of the six formulas: the stable rewrite at the chosen x",
    },
    ReadoutSpec {
        name: "cancel.{formula}.relative-error",
        help: "For each of the six formulas: the relative error of the form as written",
    },
    ReadoutSpec {
        name: "cancel.digits",
        help: "Correct significant digits of the naive form, −log₁₀ of its relative error (16 when it is exact)",
    },
    ReadoutSpec {
        name: "var.exact",
        help: "The exact variance (ddof = 0) of the 1000 stored values, rounded once",
    },
    ReadoutSpec {
        name: "var.{formula}",
        help: "The variance by one-pass E[x²] − E[x]², Welford's algorithm or two passes (np.var), in float64",
    },
    ReadoutSpec {
        name: "var.error-{formula}",
        help: "|computed − exact| / exact for the one-pass, Welford and two-pass variance",
    },
    ReadoutSpec {
        name: "article.float32",
        help: "np.array([1.0, 2.0, 3.0], dtype=np.float32), each entry's exact value",
    },
    ReadoutSpec {
        name: "article.float64",
        help: "np.array([1.0, 2.0, 3.0], dtype=np.float64), each entry's exact value",
    },
    ReadoutSpec {
        name: "article.matrix-float32",
        help: "np.array([[1, 2], [3, 4]], dtype=np.float32), row by row",
    },
    ReadoutSpec {
        name: "article.matrix-float64",
        help: "np.array([[1, 2], [3, 4]], dtype=np.float64), row by row",
    },
    ReadoutSpec {
        name: "article.difference",
        help: "The largest difference between the float32 and float64 entries of both arrays: 0, small integers are exact in both",
    },
    ReadoutSpec {
        name: "article.tenth-{format}",
        help: "0.1 as float32 and as float64 store it, exactly: here the two differ",
    },
    ReadoutSpec {
        name: "article.big-{format}",
        help: "16777217 = 2²⁴ + 1 as float32 and float64 store it: float32 has 24 significant bits and rounds it to 16777216",
    },
];

pub const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "summation",
        title: "Relative error of a sum against n",
        alt: "Log-log plot of the relative error of naive, pairwise and Kahan summation against the number of terms n, with the guides n·ε, ε·log₂n and ε.",
        aspect_ratio: 0.7,
        interactive: false,
    },
    PlotSpec {
        id: "cancellation",
        title: "Cancellation: error of the naive form against x",
        alt: "Log-log plot of the relative error of the naive formula against x from 10⁻¹⁶ to 10¹⁶, with ε and a dot at the chosen x. Drag on the plot or use the arrow keys to move x.",
        aspect_ratio: 0.6,
        interactive: true,
    },
    PlotSpec {
        id: "variance",
        title: "Variance of data with a large mean",
        alt: "Log-log plot of the relative error of the one-pass, Welford and two-pass variance against the mean of the data, from 1 to 10¹².",
        aspect_ratio: 0.6,
        interactive: false,
    },
];
