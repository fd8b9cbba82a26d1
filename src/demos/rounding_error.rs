//! `#/rounding-error`: how rounding errors add up, and how they are avoided.
//!
//! Three parts share one page: summing n numbers naively, pairwise and with Kahan's
//! compensation in float64, float32, float16 or bfloat16, with the relative error against n
//! on log-log axes (n up to a million, computed in chunks so no frame blocks); six formulas
//! that cancel catastrophically next to their stable rewrites, with the naive form's error
//! against x; and the variance of data with a large mean by E[x²] − E[x]², Welford's
//! algorithm and two passes. Readouts also answer the float32-against-float64 arrays of
//! "Mathematical Foundations for Deep Learning". The math is [`crate::math::summation`] and
//! [`crate::math::cancellation`]; this file holds the controls, readouts and state.

mod data;
mod drawing;
mod spec;
#[cfg(test)]
mod tests;

use super::params::{format_param_number, parse_choice, parse_integer, parse_number};
use super::{
    Chapter, Demo, DemoInfo, Frame, Notice, NoticeLevel, PointerInput, Readout, ReadoutValue,
};
use crate::math::cancellation::{Cancellation, Variances, offset_data, variances};
use crate::math::floats::{BF16, F16, F32, F64, Format, exact_decimal};
use crate::math::summation::{Checkpoint, Data, Method, SummationRun};
use spec::{CONTROLS, DATA_OPTIONS, FORMAT_OPTIONS, FORMULA_OPTIONS, PLOTS, READOUTS};

/// Terms summed at once when the settings change (a couple of milliseconds); the rest are
/// added by [`Demo::work_chunk`]. Each term costs seven roundings by `Format::round` and an
/// exact addition, about 0.3 µs natively in an optimized build.
pub const TERMS_AT_ONCE: u64 = 10_000;
/// Terms per `work_chunk` call: about a millisecond in an optimized build.
pub const TERMS_PER_CHUNK: u64 = 4_000;
/// How many values the variance part uses, and their fixed seed.
pub const VARIANCE_COUNT: usize = 1000;
pub const VARIANCE_SEED: u64 = 1;
/// The cancellation plot's x range, as powers of ten.
pub const X_DECADES: (f64, f64) = (-16.0, 16.0);
/// The variance plot's offsets, as powers of ten.
pub const OFFSET_DECADES: (f64, f64) = (0.0, 12.0);
/// Keyboard steps of x on the cancellation plot: an eighth of a decade, and one decade.
const X_KEY_STEP: f64 = 0.125;
const X_KEY_BIG_STEP: f64 = 1.0;

pub const INFO: DemoInfo = DemoInfo {
    id: "rounding-error",
    title: "Rounding error: sums, cancellation and variance",
    chapter: Chapter::NumericalComputing,
    summary: "Sum up to a million numbers in float64, float32, float16 or bfloat16, naively, pairwise and with Kahan's compensation, and watch the error grow like n·ε, ε·log n or not at all; see six formulas cancel catastrophically next to their stable rewrites, and E[x²] − E[x]² fail where Welford's variance does not.",
    explanation: r#"Every floating-point operation rounds its exact result to the nearest number of the format, an error of at most half a unit in the last place: a relative error of at most $\varepsilon/2$, with $\varepsilon = 2^{-52}$ in float64, $2^{-23}$ in float32, $2^{-10}$ in float16 and $2^{-7}$ in bfloat16. One rounding is harmless. What matters is how the errors of many operations add up, and whether a later subtraction magnifies them.

**Summing n numbers.** The first plot adds n numbers in the chosen format, every addition rounded to it, and plots the relative error against n on log-log axes. The naive loop $s \leftarrow \mathrm{fl}(s + x_i)$ can lose up to about $\varepsilon$ of the running sum at every step, so its error grows like $n\varepsilon$ (a slope of 1 on this plot when the errors all lean one way, as they do for 0.1 repeated). *Pairwise* summation adds neighbours, then neighbouring pairs, and so on; each number passes through about $\log_2 n$ additions and the error grows like $\varepsilon \log_2 n$. *Kahan's* summation keeps the part of each addition that was rounded away in a second variable $c$ and adds it back with the next term:

$$y = x_i - c, \qquad t = s + y, \qquad c = (t - s) - y, \qquad s = t.$$

Its error stays about $\varepsilon$ whatever n. The dashed lines are the guides $n\varepsilon$, $\varepsilon \log_2 n$ and $\varepsilon$.

The error is measured against the exact sum of the numbers as stored: 0.1 is stored as a nearby binary fraction (the readout shows which), and the reference is n times that stored number, computed exactly with a big-integer sum, so the plot shows only what the additions lost. In float16 the naive sum of 0.1 stops growing at 256, where 0.1 is less than half the gap between neighbouring numbers; float16 also overflows past 65 504, which mixed magnitudes reach quickly.

**Catastrophic cancellation.** Subtracting two nearly equal numbers is exact, but it removes the leading digits they share and leaves their earlier rounding errors in front. $(1 + x) - 1$ should be $x$, but $1 + x$ was rounded to a multiple of $\varepsilon$ first: for $x = 10^{-15}$ the result is $1.11 \cdot 10^{-15}$, 11 % off. Each formula has a rewrite without the subtraction:

$$\sqrt{x+1} - \sqrt{x} = \frac{1}{\sqrt{x+1} + \sqrt{x}}, \qquad 1 - \cos x = 2 \sin^2 \tfrac{x}{2},$$

$$\frac{2 - \sqrt{4 - 4x}}{2} = \frac{2x}{2 + \sqrt{4 - 4x}} \quad \text{(the small root of } t^2 - 2t + x = 0\text{)}.$$

Libraries also provide $\operatorname{log1p}(x) = \ln(1 + x)$ and $\operatorname{expm1}(x) = e^x - 1$ computed without forming $1 + x$ or $e^x$. The second plot shows the naive form's relative error against x, measured against the stable form (whose own error, checked against 50-digit values, is a few ulps).

**Variance.** $\operatorname{Var}(x) = E[x^2] - E[x]^2$ is exact algebra and a poor algorithm: for data around $10^9$ both terms are about $10^{18}$, where float64's spacing is 128, and their difference, about $1/12$, is lost entirely (it can even come out negative). Welford's algorithm updates the mean and the sum of squared deviations one value at a time,

$$\delta = x_k - \bar{x}_{k-1}, \quad \bar{x}_k = \bar{x}_{k-1} + \frac{\delta}{k}, \quad M_k = M_{k-1} + \delta\,(x_k - \bar{x}_k),$$

with the variance $M_n/n$, and never forms a large square; two passes (the mean first, as `np.var` does) are as good.

**float32 against float64.** *Mathematical Foundations for Deep Learning* creates `np.array([1.0, 2.0, 3.0], dtype=np.float32)` next to float64 and `np.array([[1, 2], [3, 4]])`. For these numbers nothing differs: every integer up to $2^{24} = 16\,777\,216$ is exact in float32. The readouts show where the formats part: 0.1, and $2^{24} + 1$, which float32 rounds to $2^{24}$.

Try: switch the format to float16 and watch the naive sum of 0.1 reach 100 % error; choose random numbers and compare the slopes; set x to $10^{-9}$ for $1 - \cos x$ (the naive form says 0); raise the mean of the data: by $10^7$ the one-pass variance has no correct digit left, while Welford's still has eight at $10^9$."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(RoundingError::default()),
};

/// Which numbers are summed (the seed is kept even while 0.1 is chosen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataChoice {
    Tenth,
    Random,
    Mixed,
}

impl DataChoice {
    fn id(self) -> &'static str {
        match self {
            DataChoice::Tenth => "tenth",
            DataChoice::Random => "random",
            DataChoice::Mixed => "mixed",
        }
    }
}

/// The demo's state: the controls, the summation run under way, and what follows from the
/// other controls (computed on change).
#[derive(Clone, Debug)]
pub struct RoundingError {
    data: DataChoice,
    format: Format,
    largest: u64,
    seed: u64,
    formula: Cancellation,
    x: f64,
    offset: f64,
    run: SummationRun,
    /// The variance at the chosen offset.
    variance: Variances,
}

impl Default for RoundingError {
    fn default() -> Self {
        let offset = 1e9;
        let mut demo = RoundingError {
            data: DataChoice::Tenth,
            format: F32,
            largest: 100_000,
            seed: 1,
            formula: Cancellation::OnePlusMinusOne,
            x: 1e-8,
            offset,
            run: SummationRun::new(Data::Tenth, F32, 1),
            variance: variances(&offset_data(offset, VARIANCE_COUNT, VARIANCE_SEED)),
        };
        demo.restart();
        demo
    }
}

/// The variances at the offsets 10^(k/4), k = 0 … 48: the same for every instance, so
/// computed once (49 000 exact squares) rather than each time the demo is created.
fn variance_curve() -> &'static [(f64, Variances)] {
    static CURVE: std::sync::OnceLock<Vec<(f64, Variances)>> = std::sync::OnceLock::new();
    CURVE.get_or_init(|| {
        (0..=48)
            .map(|k| {
                let offset = 10f64.powf(k as f64 / 4.0);
                let data = offset_data(offset, VARIANCE_COUNT, VARIANCE_SEED);
                (offset, variances(&data))
            })
            .collect()
    })
}

fn format_for(id: &str) -> Option<Format> {
    [F64, F32, F16, BF16].into_iter().find(|f| f.id == id)
}

/// Short name of a format for labels.
pub fn format_name(format: &Format) -> &'static str {
    FORMAT_OPTIONS
        .iter()
        .find(|(id, _)| *id == format.id)
        .map_or(format.name, |(_, name)| name)
}

impl RoundingError {
    /// Starts the summation over with the current settings: some terms now, the rest in
    /// chunks.
    fn restart(&mut self) {
        let data = match self.data {
            DataChoice::Tenth => Data::Tenth,
            DataChoice::Random => Data::Uniform { seed: self.seed },
            DataChoice::Mixed => Data::Mixed { seed: self.seed },
        };
        self.run = SummationRun::new(data, self.format, self.largest);
        self.run.advance(TERMS_AT_ONCE);
    }

    pub fn run(&self) -> &SummationRun {
        &self.run
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn formula(&self) -> Cancellation {
        self.formula
    }

    pub fn x(&self) -> f64 {
        self.x
    }

    pub fn offset(&self) -> f64 {
        self.offset
    }

    pub fn variance(&self) -> &Variances {
        &self.variance
    }

    pub fn variance_curve(&self) -> &'static [(f64, Variances)] {
        variance_curve()
    }

    pub fn data_label(&self) -> &'static str {
        DATA_OPTIONS
            .iter()
            .find(|(id, _)| *id == self.data.id())
            .map_or("", |(_, label)| label)
    }

    /// The first term as stored in the format.
    pub fn first_term(&self) -> f64 {
        let data = match self.data {
            DataChoice::Tenth => Data::Tenth,
            DataChoice::Random => Data::Uniform { seed: self.seed },
            DataChoice::Mixed => Data::Mixed { seed: self.seed },
        };
        let first = crate::math::summation::DataStream::new(data)
            .next()
            .unwrap_or(0.0);
        self.format.round(first)
    }

    /// Sets x to 10^decades (clamped to the slider's range), rounded to four significant
    /// digits so the URL stays short; true when it changed.
    fn set_x_decades(&mut self, decades: f64) -> bool {
        let decades = decades.clamp(X_DECADES.0, X_DECADES.1);
        let x = four_digits(10f64.powf(decades));
        if x == self.x {
            return false;
        }
        self.x = x;
        true
    }
}

/// A number readout, or text for a value that is not finite.
fn number_or(value: f64, otherwise: &str) -> ReadoutValue {
    if value.is_finite() {
        ReadoutValue::Number(value)
    } else {
        ReadoutValue::Text(otherwise.to_owned())
    }
}

/// Rows of exact decimals ("[[1, 2], [3, 4]]", or "[1, 2, 3]" for one row), shown and
/// carried in full (they are short).
fn exact_values(rows: &[&[f64]]) -> ReadoutValue {
    let row_text = |row: &[f64]| {
        let entries: Vec<String> = row.iter().map(|v| exact_decimal(*v)).collect();
        format!("[{}]", entries.join(", "))
    };
    let shown = match rows {
        [row] => row_text(row),
        _ => format!(
            "[{}]",
            rows.iter()
                .map(|r| row_text(r))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    ReadoutValue::Written {
        shown,
        exact: super::exact_list(rows.iter().flat_map(|r| r.iter().copied())),
    }
}

/// The relative error of a checkpoint's method as a readout: "overflow" when the sum did.
pub fn relative_error_readout(checkpoint: &Checkpoint, method: Method) -> ReadoutValue {
    number_or(checkpoint.relative_error(method), "overflow")
}

impl Demo for RoundingError {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "data" => self.data.id().to_owned(),
            "format" => self.format.id.to_owned(),
            "n" => self.largest.to_string(),
            "seed" => self.seed.to_string(),
            "formula" => self.formula.id().to_owned(),
            "x" => format_param_number(self.x),
            "offset" => format_param_number(self.offset),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "data" => {
                self.data = match parse_choice(value, DATA_OPTIONS)? {
                    "random" => DataChoice::Random,
                    "mixed" => DataChoice::Mixed,
                    _ => DataChoice::Tenth,
                };
                self.restart();
            }
            "format" => {
                let id = parse_choice(value, FORMAT_OPTIONS)?;
                self.format = format_for(id).unwrap_or(F32);
                self.restart();
            }
            "n" => {
                let n = parse_number(value, 10.0, 1e6)?.round() as u64;
                if n != self.largest {
                    self.largest = n;
                    self.restart();
                }
            }
            "seed" => {
                self.seed = parse_integer(value, 0, 4_294_967_295)? as u64;
                self.restart();
            }
            "formula" => {
                let id = parse_choice(value, FORMULA_OPTIONS)?;
                self.formula = Cancellation::from_id(id).unwrap_or(Cancellation::OnePlusMinusOne);
            }
            "x" => {
                let x = parse_number(value, 1e-16, 1e16)?;
                self.x = four_digits(x);
            }
            "offset" => {
                let offset = parse_number(value, 1.0, 1e12)?;
                self.offset = four_digits(offset);
                self.variance = variances(&offset_data(self.offset, VARIANCE_COUNT, VARIANCE_SEED));
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        key != "seed" || self.data != DataChoice::Tenth
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "format" => Some(format!(
                "ε = 2⁻{} ≈ {}",
                superscript(self.format.fraction_bits),
                super::format_number(self.format.epsilon())
            )),
            "x" if !self.formula.defined_at(self.x) => Some(format!(
                "{} is undefined or overflows at this x",
                self.formula.naive_text()
            )),
            _ => None,
        }
    }

    fn readouts(&self) -> Vec<Readout> {
        let mut readouts = Vec::new();
        let mut push = |name: &str, label: String, value: ReadoutValue| {
            readouts.push(Readout {
                name: name.to_owned(),
                label,
                value,
                group: String::new(),
            });
        };
        let format = self.format;
        let n = self.largest;
        push(
            "sum.first-term",
            format!("First term in {}", format_name(&format)),
            ReadoutValue::Text(exact_decimal(self.first_term())),
        );
        let computing = || ReadoutValue::Text("computing…".to_owned());
        let last = self.run.last();
        push(
            "sum.exact",
            format!("Exact sum of {n} terms"),
            last.map_or_else(computing, |c| ReadoutValue::Number(c.exact)),
        );
        for (index, method) in Method::ALL.into_iter().enumerate() {
            push(
                &format!("sum.{}", method.id()),
                format!("{} sum", capitalized(method.label())),
                last.map_or_else(computing, |c| number_or(c.sums[index], "overflow")),
            );
        }
        for method in Method::ALL {
            push(
                &format!("error.{}", method.id()),
                format!("{} relative error", capitalized(method.label())),
                last.map_or_else(computing, |c| relative_error_readout(c, method)),
            );
        }
        push(
            "sum.epsilon",
            format!("ε of {}", format_name(&format)),
            ReadoutValue::Number(format.epsilon()),
        );
        push(
            "sum.n-epsilon",
            "n·ε".to_owned(),
            ReadoutValue::Number(n as f64 * format.epsilon()),
        );
        if self.data == DataChoice::Tenth {
            let stored = exact_decimal(self.first_term());
            push(
                "sum.exact-decimal",
                format!("{n} × stored 0.1, exactly"),
                ReadoutValue::Text(multiply_decimal(&stored, n)),
            );
            let typed = n as f64 / 10.0;
            push(
                "sum.naive-vs-typed",
                "Naive sum against n/10".to_owned(),
                last.map_or_else(computing, |c| {
                    number_or((c.sums[0] - typed).abs() / typed, "overflow")
                }),
            );
        }

        let formula = self.formula;
        let defined = formula.defined_at(self.x);
        let undefined = || ReadoutValue::Text("undefined".to_owned());
        push(
            "cancel.naive",
            formula.naive_text().to_owned(),
            if defined {
                ReadoutValue::Number(formula.naive(self.x))
            } else {
                undefined()
            },
        );
        push(
            "cancel.stable",
            formula.stable_text().to_owned(),
            if defined {
                ReadoutValue::Number(formula.stable(self.x))
            } else {
                undefined()
            },
        );
        let error = formula.relative_error(self.x);
        push(
            "cancel.relative-error",
            "Relative error of the naive form".to_owned(),
            error.map_or_else(undefined, ReadoutValue::Number),
        );
        push(
            "cancel.digits",
            "Correct digits of the naive form".to_owned(),
            error.map_or_else(undefined, |e| ReadoutValue::Number(correct_digits(e))),
        );

        // All six formulas at the chosen x, as one table (a row per formula), listed last.
        let mut formula_table = Vec::new();
        for formula in Cancellation::ALL {
            let defined = formula.defined_at(self.x);
            let value = |v: f64| {
                if defined {
                    number_or(v, "undefined")
                } else {
                    undefined()
                }
            };
            // Row headings short enough for a phone's width.
            let group = match formula {
                Cancellation::QuadraticSmallRoot => "quadratic root".to_owned(),
                _ => formula.naive_text().to_owned(),
            };
            for (column, label, shown) in [
                ("naive", "Naive", value(formula.naive(self.x))),
                ("stable", "Stable", value(formula.stable(self.x))),
                (
                    "relative-error",
                    "Rel. error",
                    formula
                        .relative_error(self.x)
                        .map_or_else(undefined, ReadoutValue::Number),
                ),
            ] {
                formula_table.push(Readout {
                    name: format!("cancel.{}.{column}", formula.id()),
                    label: label.to_owned(),
                    value: shown,
                    group: group.clone(),
                });
            }
        }

        let v = &self.variance;
        push(
            "var.exact",
            "Exact variance".to_owned(),
            ReadoutValue::Number(v.exact),
        );
        for (id, label, value) in [
            ("one-pass", "One pass E[x²] − E[x]²", v.one_pass),
            ("welford", "Welford", v.welford),
            ("two-pass", "Two passes (np.var)", v.two_pass),
        ] {
            push(
                &format!("var.{id}"),
                label.to_owned(),
                number_or(value, "overflow"),
            );
            push(
                &format!("var.error-{id}"),
                format!("{label}: relative error"),
                number_or((value - v.exact).abs() / v.exact, "undefined"),
            );
        }

        let vector = [1.0, 2.0, 3.0];
        let matrix = [1.0, 2.0, 3.0, 4.0];
        let as_f32 = |values: &[f64]| values.iter().map(|v| F32.round(*v)).collect::<Vec<_>>();
        push(
            "article.float32",
            "np.array([1.0, 2.0, 3.0], dtype=np.float32)".to_owned(),
            exact_values(&[&as_f32(&vector)]),
        );
        push(
            "article.float64",
            "… dtype=np.float64".to_owned(),
            exact_values(&[&vector]),
        );
        push(
            "article.matrix-float32",
            "[[1, 2], [3, 4]] in float32".to_owned(),
            exact_values(&[&as_f32(&matrix[..2]), &as_f32(&matrix[2..])]),
        );
        push(
            "article.matrix-float64",
            "[[1, 2], [3, 4]] in float64".to_owned(),
            exact_values(&[&matrix[..2], &matrix[2..]]),
        );
        let difference = vector
            .iter()
            .chain(matrix.iter())
            .map(|v| (F32.round(*v) - v).abs())
            .fold(0.0, f64::max);
        push(
            "article.difference",
            "Largest float32 − float64 difference".to_owned(),
            ReadoutValue::Number(difference),
        );
        push(
            "article.tenth-float32",
            "0.1 in float32".to_owned(),
            ReadoutValue::Text(exact_decimal(F32.round(0.1))),
        );
        push(
            "article.tenth-float64",
            "0.1 in float64".to_owned(),
            ReadoutValue::Text(exact_decimal(0.1)),
        );
        push(
            "article.big-float32",
            "16777217 in float32".to_owned(),
            ReadoutValue::Integer(F32.round(16_777_217.0) as i64),
        );
        push(
            "article.big-float64",
            "16777217 in float64".to_owned(),
            ReadoutValue::Integer(16_777_217),
        );
        readouts.extend(formula_table);
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        // Where the format overflowed: say so once, with the first n at which it happened.
        let overflow = self
            .run
            .checkpoints
            .iter()
            .find(|c| c.sums.iter().any(|s| !s.is_finite()));
        overflow
            .map(|c| Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "{} overflows: by n = {} a sum has passed its largest number, {}, and reads “overflow”; its error is left off the plot.",
                    format_name(&self.format),
                    c.n,
                    super::format_number(self.format.max_finite())
                ),
            })
            .into_iter()
            .collect()
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        data::plot_table(self, plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        data::plot_description(self, plot)
    }

    fn work_chunk(&mut self) -> Option<f64> {
        if self.run.is_complete() {
            return None;
        }
        self.run.advance(TERMS_PER_CHUNK);
        Some(self.run.done() as f64 / self.run.largest.max(1) as f64)
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 1 || input.phase == super::PointerPhase::Up {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let rect = super::legend::plotting_rect(&frame);
        let fraction = (input.x - rect.left) / (rect.right - rect.left).max(1.0);
        let decades = X_DECADES.0 + fraction.clamp(0.0, 1.0) * (X_DECADES.1 - X_DECADES.0);
        self.set_x_decades(decades)
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 1 {
            return false;
        }
        let step = match key {
            "ArrowRight" | "ArrowUp" => X_KEY_STEP,
            "ArrowLeft" | "ArrowDown" => -X_KEY_STEP,
            "Shift+ArrowRight" | "Shift+ArrowUp" | "PageUp" => X_KEY_BIG_STEP,
            "Shift+ArrowLeft" | "Shift+ArrowDown" | "PageDown" => -X_KEY_BIG_STEP,
            "Home" => return self.set_x_decades(X_DECADES.0),
            "End" => return self.set_x_decades(X_DECADES.1),
            _ => return false,
        };
        // From the current x's exponent, snapped to the step so repeated presses land on the
        // grid (1e-8, 1.334e-8, …).
        let decades = (self.x.log10() / X_KEY_STEP).round() * X_KEY_STEP + step;
        self.set_x_decades(decades);
        true
    }
}

/// `value` rounded to four significant digits through its decimal text, so that 1e9 stays
/// 1e9 (scaling by 10⁻⁵, which is not exact in binary, would give 999999999.9999999).
pub fn four_digits(value: f64) -> f64 {
    crate::number_text::parse_f64(&format!("{value:.3e}")).unwrap_or(value)
}

/// A non-negative decimal written out ("0.1000000149…") times a whole number, exactly, as
/// decimal text: schoolbook multiplication digit by digit.
pub fn multiply_decimal(decimal: &str, factor: u64) -> String {
    let (whole, fraction) = decimal.split_once('.').unwrap_or((decimal, ""));
    // Digits least significant first.
    let mut digits: Vec<u64> = whole
        .chars()
        .chain(fraction.chars())
        .rev()
        .filter_map(|c| c.to_digit(10).map(u64::from))
        .collect();
    let mut carry = 0u128;
    for digit in digits.iter_mut() {
        let product = u128::from(*digit) * u128::from(factor) + carry;
        *digit = (product % 10) as u64;
        carry = product / 10;
    }
    while carry > 0 {
        digits.push((carry % 10) as u64);
        carry /= 10;
    }
    let text: String = digits
        .iter()
        .rev()
        .map(|d| char::from(b'0' + *d as u8))
        .collect();
    let (whole, fraction) = text.split_at(text.len() - fraction.len());
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        whole.to_owned()
    } else {
        format!("{whole}.{fraction}")
    }
}

/// −log₁₀ of a relative error, capped at 16 (an exact result has all of float64's digits).
pub fn correct_digits(relative_error: f64) -> f64 {
    if relative_error <= 1e-16 {
        16.0
    } else {
        (-relative_error.log10()).clamp(0.0, 16.0)
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// n written with superscript digits (2⁻²³).
pub fn superscript(n: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .chars()
        .map(|c| c.to_digit(10).map_or(c, |d| DIGITS[d as usize]))
        .collect()
}
