//! `#/floating-point`: one number in the six formats machine learning computes in (f64, f32,
//! f16, bf16, fp8 E4M3 and E5M2), as clickable bits, with the exact decimal each stores, the
//! rounding error computed exactly, neighbours, ulps, the formats' ranges on a log scale
//! against the magnitudes of weights, activations and gradients, and round-half-to-even on a
//! number line.
//!
//! The state is one f64 `x` (what was typed, parsed) plus the typed text: the rounding error
//! of each format is measured against the typed decimal itself (with [`Decimal`]), so the
//! f64 row shows that 0.1 is not stored exactly either. Everything else is a function of the
//! f64, converted with [`crate::math::floats`] (exact round-to-nearest-even from its bits).

mod data;
mod drawing;
#[cfg(test)]
mod tests;

use super::params::parse_choice;
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Notice, NoticeLevel, PlotSpec,
    PointerInput, PointerPhase, Readout, ReadoutSpec, ReadoutValue,
};
use crate::math::floats::{Class, Decimal, FORMATS, Format, exact_decimal};
use crate::number_text::parse_f64;

/// Preset numbers, first in the select; "custom" marks a typed one.
const EXAMPLES: &[(&str, &str)] = &[
    ("0.1", "0.1 (not a binary fraction)"),
    ("0.30000000000000004", "0.1 + 0.2 in float64"),
    ("2049", "2049 (a tie in float16)"),
    ("1e-7", "1e-7 (a small gradient)"),
    ("70000", "70000 (past float16's range)"),
    ("1e-40", "1e-40 (subnormal in float32)"),
    ("448", "448 (fp8 E4M3's largest)"),
    ("custom", "Your number"),
];

const FORMAT_OPTIONS: &[(&str, &str)] = &[
    ("f64", "float64"),
    ("f32", "float32"),
    ("f16", "float16"),
    ("bf16", "bfloat16"),
    ("e4m3", "fp8 E4M3"),
    ("e5m2", "fp8 E5M2"),
];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "example",
        aliases: &[],
        label: "Example",
        kind: ControlKind::Select { options: EXAMPLES },
        help: "A number worth looking at; choosing one fills in the number below",
        group: "Number",
        example: "2049",
    },
    ControlSpec {
        key: "x",
        aliases: &[],
        label: "Number x",
        kind: ControlKind::Text {
            placeholder: "0.1, -2.5e-7, 1/3, inf, nan",
        },
        help: "Any real number: a decimal (0.1, -2.5e-7), a fraction (1/3), inf or nan. It is first rounded to float64, then each format rounds that",
        group: "Number",
        example: "1e-7",
    },
    ControlSpec {
        key: "format",
        aliases: &[],
        label: "Format on the number line",
        kind: ControlKind::Select {
            options: FORMAT_OPTIONS,
        },
        help: "The format whose neighbouring numbers the number line shows and in which ±1 ulp steps",
        group: "Number",
        example: "bf16",
    },
];

const ACTIONS: &[ActionSpec] = &[
    ActionSpec {
        key: "ulp-down",
        label: "−1 ulp",
        help: "Steps x to the next smaller number of the chosen format",
        group: "Number",
    },
    ActionSpec {
        key: "ulp-up",
        label: "+1 ulp",
        help: "Steps x to the next larger number of the chosen format",
        group: "Number",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "x",
        help: "The typed number rounded to float64 (what every format then rounds)",
    },
    ReadoutSpec {
        name: "{format}.exact",
        help: "The exact decimal value the format stores (every binary fraction is a finite decimal); format is f64, f32, f16, bf16, e4m3 or e5m2",
    },
    ReadoutSpec {
        name: "{format}.value",
        help: "The stored number (∞, −∞ or NaN as text)",
    },
    ReadoutSpec {
        name: "{format}.error",
        help: "Stored value minus the typed number, computed exactly in decimal and then rounded to float64",
    },
    ReadoutSpec {
        name: "{format}.relative-error",
        help: "The rounding error divided by the typed number",
    },
    ReadoutSpec {
        name: "{format}.rounding",
        help: "exact, rounded down, rounded up, tie (to even), overflow to ∞ or NaN, or underflow to 0",
    },
    ReadoutSpec {
        name: "{format}.class",
        help: "zero, subnormal, normal, infinite or NaN",
    },
    ReadoutSpec {
        name: "{format}.bits",
        help: "The bit pattern in hexadecimal",
    },
    ReadoutSpec {
        name: "{format}.ulp",
        help: "The gap from the stored number to the next larger one in its binade (unit in the last place)",
    },
    ReadoutSpec {
        name: "{format}.next-down",
        help: "The next smaller number of the format",
    },
    ReadoutSpec {
        name: "{format}.next-up",
        help: "The next larger number of the format",
    },
    ReadoutSpec {
        name: "{format}.epsilon",
        help: "Machine epsilon: the gap between 1 and the next number, 2^−(fraction bits)",
    },
    ReadoutSpec {
        name: "{format}.min-subnormal",
        help: "The smallest positive number",
    },
    ReadoutSpec {
        name: "{format}.min-normal",
        help: "The smallest positive normal number (full precision from here up)",
    },
    ReadoutSpec {
        name: "{format}.max",
        help: "The largest finite number",
    },
    ReadoutSpec {
        name: "sum",
        help: "0.1 + 0.2 computed in float64",
    },
    ReadoutSpec {
        name: "sum.exact",
        help: "The exact decimal value of float64's 0.1 + 0.2",
    },
    ReadoutSpec {
        name: "point-three.exact",
        help: "The exact decimal value of float64's 0.3",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "bits",
        title: "The bits in six formats",
        alt: "The number's bit pattern in float64, float32, float16, bfloat16, fp8 E4M3 and fp8 E5M2: sign, exponent and fraction bits coloured. Click a bit (or move with the arrow keys and press Space) to flip it.",
        aspect_ratio: 0.62,
        interactive: true,
    },
    PlotSpec {
        id: "ranges",
        title: "Precision and range of each format",
        alt: "Log-log chart of the relative gap between neighbouring numbers against magnitude for each format, with the ranges of typical weights, activations and gradients.",
        aspect_ratio: 0.75,
        interactive: false,
    },
    PlotSpec {
        id: "number-line",
        title: "Rounding on the number line",
        alt: "The numbers of the chosen format around x on a line, the midpoints between them, and where x rounds to.",
        aspect_ratio: 0.32,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "floating-point",
    title: "Floating-point numbers, from float64 to fp8",
    chapter: Chapter::NumericalComputing,
    summary: "Type a number and see the bits float64, float32, float16, bfloat16 and the 8-bit formats store for it, the exact value that is, and how far it is from what you typed.",
    explanation: r#"A computer stores a real number as a sign, an exponent and a fraction, like scientific notation in base 2:

$$x = (-1)^s \cdot 1.f_1 f_2 \ldots f_p{}_{(2)} \cdot 2^{\,e - \text{bias}}$$

With $p$ fraction bits, two neighbouring numbers between $2^k$ and $2^{k+1}$ are $2^{k-p}$ apart (one *ulp*, unit in the last place), so the relative gap is about the same everywhere: the *machine epsilon* $\varepsilon = 2^{-p}$. A real number between two neighbours is rounded to the nearer one, and on an exact tie to the one whose last bit is 0 (*round half to even*), so the error is at most half an ulp, a relative error of at most $\varepsilon/2$. When the exponent field is all zeros the leading 1 becomes a 0: these *subnormal* numbers fill the gap down to zero evenly, with fewer and fewer significant bits. Past the largest finite number a result becomes infinity (fp8 E4M3 has none and gives NaN).

*Mathematical Foundations for Deep Learning* explains round-off with 0.1, which in binary is $0.000110011001100\ldots_{(2)}$ and never ends: every format stores a nearby binary fraction instead, and each row above shows exactly which one (float64's 0.1 is $0.1000000000000000055511151231257827\ldots$). That is why 0.1 + 0.2 is 0.30000000000000004 in float64: the two rounding errors add up and the sum rounds to the neighbour above float64's 0.3.

The formats: float64 ($p = 52$, 11 exponent bits) is Python's and NumPy's default; float32 ($p = 23$) is what most networks train in; float16 ($p = 10$, 5 exponent bits) halves memory but its range ends at 65504 and its smallest subnormal is $6 \cdot 10^{-8}$, so small gradients underflow to zero (hence loss scaling); bfloat16 keeps float32's 8 exponent bits and so its range, with only $p = 7$; the 8-bit formats E4M3 ($p = 3$) and E5M2 ($p = 2$) are used for inference and in the matrix multiplications of recent accelerators. The middle chart shows each format's relative precision against magnitude, next to typical weights, activations and gradients.

On the number line below the bits, the ticks are the chosen format's numbers around $x$, marked $(\ldots 0)$ or $(\ldots 1)$ by their last fraction bit, and the short lines between them are the midpoints where rounding switches from one to the next.

Try: click bits of the float16 row and watch the value follow; press $+1$ ulp to walk to the next number; choose 2049 and see float16 round a tie to the even 2048; choose 1e-7 and see it become subnormal in float16 and vanish in fp8."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: ACTIONS,
    exports: &[],
    imports: &[],
    create: || Box::new(FloatingPoint::default()),
};

/// Where the keyboard's bit cursor is: a format row and a bit (0 = most significant).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitCursor {
    pub row: usize,
    pub bit: u32,
}

/// The demo's state.
#[derive(Clone, Debug)]
pub struct FloatingPoint {
    /// The number as typed (or as written after a bit flip or ulp step): the URL's `x`.
    text: String,
    /// The typed number as an exact decimal, when it is one (not for "1/3", "inf", "nan").
    typed: Option<Decimal>,
    /// The typed number rounded to float64.
    x: f64,
    /// The format of the number line and the ulp buttons (index into [`FORMATS`]).
    line_format: usize,
    /// The keyboard's position in the bit grid.
    cursor: BitCursor,
    /// Whether the cursor is drawn (after keyboard use; pointer users do not need it).
    cursor_shown: bool,
}

impl Default for FloatingPoint {
    fn default() -> Self {
        let mut demo = FloatingPoint {
            text: String::new(),
            typed: None,
            x: 0.0,
            line_format: 2,
            cursor: BitCursor { row: 0, bit: 0 },
            cursor_shown: false,
        };
        demo.set_number("0.1").expect("the default parses");
        demo
    }
}

/// One format's view of x.
#[derive(Clone, Debug)]
pub struct Stored {
    pub format: Format,
    pub bits: u64,
    pub value: f64,
    pub class: Class,
}

/// How x was rounded into a format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    Exact,
    Down,
    Up,
    TieDown,
    TieUp,
    OverflowToInfinity,
    OverflowToNan,
    UnderflowToZero,
    NotANumber,
}

impl Rounding {
    pub fn label(self) -> &'static str {
        match self {
            Rounding::Exact => "exact",
            Rounding::Down => "rounded down",
            Rounding::Up => "rounded up",
            Rounding::TieDown => "tie, to even (down)",
            Rounding::TieUp => "tie, to even (up)",
            Rounding::OverflowToInfinity => "overflow to ∞",
            Rounding::OverflowToNan => "overflow to NaN",
            Rounding::UnderflowToZero => "underflow to 0",
            Rounding::NotANumber => "NaN in, NaN out",
        }
    }
}

/// Parses what a reader types: a decimal, `a/b`, `inf`/`-inf`/`infinity` or `nan`.
pub fn parse_real(text: &str) -> Result<(f64, Option<Decimal>), String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("type a number, such as 0.1".to_owned());
    }
    if let Some(decimal) = Decimal::parse(trimmed) {
        // parse_f64 rounds the decimal correctly to the nearest f64 (ties to even).
        let x = parse_f64(trimmed.trim_start_matches('+'))
            .ok_or_else(|| format!("“{trimmed}” could not be read as a number"))?;
        return Ok((x, Some(decimal)));
    }
    let lower = trimmed.to_ascii_lowercase();
    let special = match lower.trim_start_matches(['+', '-']) {
        "inf" | "infinity" | "∞" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(value) = special {
        let negative = lower.starts_with('-');
        return Ok((if negative { -value } else { value }, None));
    }
    if let Some((numerator, denominator)) = trimmed.split_once('/') {
        let parse = |t: &str| Decimal::parse(t).and_then(|_| parse_f64(t.trim()));
        if let (Some(a), Some(b)) = (parse(numerator), parse(denominator)) {
            if b == 0.0 {
                return Err(format!("“{trimmed}” divides by zero"));
            }
            // a/b in float64: one correctly rounded division of two (exact, for small
            // integers) operands.
            return Ok((a / b, None));
        }
    }
    Err(format!(
        "“{trimmed}” is not a number: write a decimal such as 0.1 or -2.5e-7, a fraction such as 1/3, inf or nan"
    ))
}

impl FloatingPoint {
    /// Sets x from text; on an error nothing changes.
    fn set_number(&mut self, text: &str) -> Result<(), String> {
        let (x, typed) = parse_real(text)?;
        self.text = text.trim().to_owned();
        self.typed = typed;
        self.x = x;
        Ok(())
    }

    /// Sets x to a stored value (after a bit flip or an ulp step): the text becomes the
    /// shortest decimal that reads back as that f64, so the URL restores it exactly.
    fn set_value(&mut self, value: f64) {
        let text = if value.is_nan() {
            "nan".to_owned()
        } else {
            shortest_decimal(value)
        };
        self.set_number(&text)
            .expect("Debug formatting of an f64 parses back");
    }

    pub fn x(&self) -> f64 {
        self.x
    }

    pub fn line_format(&self) -> Format {
        FORMATS[self.line_format]
    }

    pub fn cursor(&self) -> Option<BitCursor> {
        self.cursor_shown.then_some(self.cursor)
    }

    pub fn stored(&self, format: Format) -> Stored {
        let bits = format.encode(self.x);
        Stored {
            format,
            bits,
            value: format.decode(bits),
            class: format.classify(bits),
        }
    }

    /// The stored value minus the typed number, exactly when the typed number is a decimal
    /// (rounded to f64 at the end), else against the f64 x.
    pub fn error(&self, stored: &Stored) -> Option<f64> {
        if !stored.value.is_finite() || !self.x.is_finite() {
            return None;
        }
        match (&self.typed, Decimal::from_f64(stored.value)) {
            (Some(typed), Some(exact)) => Some(exact.minus(typed).to_f64()),
            _ => Some(stored.value - self.x),
        }
    }

    pub fn rounding(&self, stored: &Stored) -> Rounding {
        let format = stored.format;
        if self.x.is_nan() {
            return Rounding::NotANumber;
        }
        if stored.class == Class::Infinite && self.x.is_finite() {
            return Rounding::OverflowToInfinity;
        }
        if stored.class == Class::NaN {
            return Rounding::OverflowToNan;
        }
        let exact_typed = self.typed.clone().or_else(|| Decimal::from_f64(self.x));
        let (Some(typed), Some(exact)) = (exact_typed, Decimal::from_f64(stored.value)) else {
            return Rounding::Exact;
        };
        let error = exact.minus(&typed);
        if error.is_zero() {
            return Rounding::Exact;
        }
        if stored.class == Class::Zero {
            return Rounding::UnderflowToZero;
        }
        // A tie: the typed number sits exactly halfway between the stored number and its
        // neighbour on the other side, half an ulp of the smaller binade when the stored
        // number is a power of two rounded up to.
        let towards = if error.is_negative() {
            format.next_up(stored.bits)
        } else {
            format.next_down(stored.bits)
        };
        let tie = towards.is_some_and(|neighbour| {
            let gap = (format.decode(neighbour) - stored.value).abs() / 2.0;
            Decimal::from_f64(gap)
                .is_some_and(|half| half.compare_magnitude(&error) == std::cmp::Ordering::Equal)
        });
        // Up and down as on the number line: a positive error means stored > typed.
        let up = !error.is_negative();
        match (tie, up) {
            (true, true) => Rounding::TieUp,
            (true, false) => Rounding::TieDown,
            (false, true) => Rounding::Up,
            (false, false) => Rounding::Down,
        }
    }

    /// Flips bit `bit` (0 = most significant) of the format in row `row`; x follows.
    pub fn flip_bit(&mut self, row: usize, bit: u32) {
        let format = FORMATS[row];
        let stored = self.stored(format);
        let flipped = stored.bits ^ (1u64 << (format.bits() - 1 - bit));
        self.set_value(format.decode(flipped));
    }

    fn step_ulp(&mut self, up: bool) -> Result<(), String> {
        let format = self.line_format();
        let stored = self.stored(format);
        let next = if up {
            format.next_up(stored.bits)
        } else {
            format.next_down(stored.bits)
        };
        match next {
            Some(bits) => {
                self.set_value(format.decode(bits));
                Ok(())
            }
            None => Err(format!(
                "{} has no number {} {}",
                format.name,
                if up { "above" } else { "below" },
                super::format_number(stored.value)
            )),
        }
    }

    fn example_id(&self) -> &'static str {
        EXAMPLES
            .iter()
            .find(|(id, _)| *id != "custom" && *id == self.text)
            .map_or("custom", |(id, _)| id)
    }
}

/// The shortest decimal that reads back as `value` ("2049", "0.1", "1e-7", "inf").
pub fn shortest_decimal(value: f64) -> String {
    let text = format!("{value:?}");
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// A readout's value for a stored number: a number, or ∞/−∞/NaN as text.
fn value_readout(value: f64) -> ReadoutValue {
    if value.is_nan() {
        ReadoutValue::Text("NaN".into())
    } else if value.is_infinite() {
        ReadoutValue::Text(if value > 0.0 { "∞" } else { "−∞" }.into())
    } else {
        ReadoutValue::Number(value)
    }
}

/// The exact decimal shown shortened (a subnormal float64 has 767 significant digits), with
/// every digit in `data-value`.
fn exact_readout(value: f64) -> ReadoutValue {
    let exact = exact_decimal(value);
    const SHOWN: usize = 60;
    if exact.chars().count() <= SHOWN {
        ReadoutValue::Text(exact)
    } else {
        let digits = exact.chars().filter(|c| c.is_ascii_digit()).count();
        let shown: String = exact.chars().take(SHOWN).collect();
        ReadoutValue::Written {
            shown: format!("{shown}… ({digits} digits)"),
            exact,
        }
    }
}

impl Demo for FloatingPoint {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "example" => self.example_id().to_owned(),
            "x" => self.text.clone(),
            "format" => FORMAT_OPTIONS[self.line_format].0.to_owned(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "example" => match parse_choice(value, EXAMPLES)? {
                "custom" => Ok(()),
                id => self.set_number(id),
            },
            "x" => self.set_number(value),
            "format" => {
                let id = parse_choice(value, FORMAT_OPTIONS)?;
                self.line_format = FORMAT_OPTIONS
                    .iter()
                    .position(|(option, _)| *option == id)
                    .unwrap_or(0);
                Ok(())
            }
            _ => Err(format!("“{key}” is not a setting of this demo")),
        }
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        match key {
            "ulp-down" => self.step_ulp(false),
            "ulp-up" => self.step_ulp(true),
            _ => Err(format!("“{key}” is not an action of this demo")),
        }
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Some(typed) = &self.typed {
            if self.x.is_infinite() {
                notices.push(Notice {
                    level: NoticeLevel::Info,
                    text: format!(
                        "{} is beyond float64's largest finite number (about 1.797693e308): it is stored as infinity in every format.",
                        self.text
                    ),
                });
            } else if self.x == 0.0 && !typed.is_zero() {
                notices.push(Notice {
                    level: NoticeLevel::Info,
                    text: format!(
                        "{} is below half of float64's smallest subnormal (4.9e-324): it is stored as zero in every format.",
                        self.text
                    ),
                });
            }
        }
        notices
    }

    fn readouts(&self) -> Vec<Readout> {
        let plain = |name: String, label: String, value: ReadoutValue| Readout {
            name,
            label,
            value,
            group: String::new(),
        };
        let mut readouts = vec![plain(
            "x".into(),
            "x in float64".into(),
            value_readout(self.x),
        )];
        for format in FORMATS {
            let stored = self.stored(format);
            readouts.push(plain(
                format!("{}.exact", format.id),
                format!("{} stores exactly", format.name),
                exact_readout(stored.value),
            ));
        }
        let sum = 0.1_f64 + 0.2_f64;
        readouts.push(plain(
            "sum".into(),
            "0.1 + 0.2 in float64".into(),
            ReadoutValue::Number(sum),
        ));
        readouts.push(plain(
            "sum.exact".into(),
            "… which is exactly".into(),
            exact_readout(sum),
        ));
        readouts.push(plain(
            "point-three.exact".into(),
            "float64's 0.3 is exactly".into(),
            exact_readout(0.3),
        ));
        for format in FORMATS {
            let stored = self.stored(format);
            let group = format.name.to_owned();
            let mut cell = |name: &str, label: &str, value: ReadoutValue| {
                readouts.push(Readout {
                    name: format!("{}.{name}", format.id),
                    label: label.to_owned(),
                    value,
                    group: group.clone(),
                });
            };
            cell("value", "Stored value", value_readout(stored.value));
            let error = self.error(&stored);
            cell(
                "error",
                "Rounding error",
                error.map_or(ReadoutValue::Text("none".into()), ReadoutValue::Number),
            );
            let relative = match (error, self.x) {
                (Some(e), x) if x != 0.0 && x.is_finite() => {
                    let typed = self.typed.as_ref().map_or(x, Decimal::to_f64);
                    ReadoutValue::Number(e / typed)
                }
                _ => ReadoutValue::Text("none".into()),
            };
            cell("relative-error", "Relative error", relative);
            cell(
                "rounding",
                "Rounding",
                ReadoutValue::Text(self.rounding(&stored).label().into()),
            );
            cell(
                "class",
                "Class",
                ReadoutValue::Text(stored.class.to_string()),
            );
            let digits = format.bits().div_ceil(4) as usize;
            cell(
                "bits",
                "Bits (hex)",
                ReadoutValue::Text(format!("0x{:0digits$x}", stored.bits)),
            );
            let finite = stored.value.is_finite();
            cell(
                "ulp",
                "ulp",
                if finite {
                    ReadoutValue::Number(format.ulp(stored.value))
                } else {
                    ReadoutValue::Text("none".into())
                },
            );
            let neighbour = |bits: Option<u64>| {
                bits.map_or(ReadoutValue::Text("none".into()), |b| {
                    value_readout(format.decode(b))
                })
            };
            cell(
                "next-down",
                "Next down",
                neighbour(format.next_down(stored.bits)),
            );
            cell("next-up", "Next up", neighbour(format.next_up(stored.bits)));
            cell("epsilon", "ε", ReadoutValue::Number(format.epsilon()));
            cell(
                "min-subnormal",
                "Smallest subnormal",
                ReadoutValue::Number(format.smallest_subnormal()),
            );
            cell(
                "min-normal",
                "Smallest normal",
                ReadoutValue::Number(format.smallest_normal()),
            );
            cell(
                "max",
                "Largest finite",
                ReadoutValue::Number(format.max_finite()),
            );
        }
        readouts
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        data::plot_table(self, plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        data::plot_description(self, plot)
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || input.phase != PointerPhase::Down {
            return false;
        }
        let layout = drawing::BitLayout::new(input.css_width, input.css_height);
        match layout.hit(input.x, input.y) {
            Some(cursor) => {
                self.cursor = cursor;
                self.cursor_shown = false;
                self.flip_bit(cursor.row, cursor.bit);
                true
            }
            None => false,
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let rows = FORMATS.len();
        let width = |row: usize| FORMATS[row].bits();
        let cursor = &mut self.cursor;
        match key {
            "ArrowLeft" => cursor.bit = cursor.bit.saturating_sub(1),
            "ArrowRight" => cursor.bit = (cursor.bit + 1).min(width(cursor.row) - 1),
            "ArrowUp" => {
                cursor.row = cursor.row.saturating_sub(1);
                cursor.bit = cursor.bit.min(width(cursor.row) - 1);
            }
            "ArrowDown" => {
                cursor.row = (cursor.row + 1).min(rows - 1);
                cursor.bit = cursor.bit.min(width(cursor.row) - 1);
            }
            "Home" => cursor.bit = 0,
            "End" => cursor.bit = width(cursor.row) - 1,
            " " | "Enter" => {
                let BitCursor { row, bit } = *cursor;
                self.flip_bit(row, bit);
            }
            _ => return false,
        }
        self.cursor_shown = true;
        true
    }
}
