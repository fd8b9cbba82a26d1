//! The floating-point demo's data alternatives: the bits of each format as a table, each
//! format's range and precision, and the numbers of the number line, with a sentence each.

use super::drawing::{ML_MAGNITUDES, short_value};
use super::{FloatingPoint, value_readout};
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::floats::FORMATS;

fn text(value: impl Into<String>) -> ReadoutValue {
    ReadoutValue::Text(value.into())
}

pub fn plot_table(demo: &FloatingPoint, plot: usize) -> Option<PlotTable> {
    match plot {
        0 => Some(PlotTable {
            caption: "Each format's bit pattern for x: sign, exponent and fraction fields, and the value they encode.".into(),
            columns: ["Format", "Sign", "Exponent", "Fraction", "Value", "Class"]
                .map(String::from)
                .to_vec(),
            rows: FORMATS
                .into_iter()
                .map(|format| {
                    let stored = demo.stored(format);
                    let fields = format.bit_string(stored.bits);
                    let mut parts = fields.split(' ');
                    let mut next = || text(parts.next().unwrap_or_default());
                    vec![
                        text(format.name),
                        next(),
                        next(),
                        next(),
                        value_readout(stored.value),
                        text(stored.class.to_string()),
                    ]
                })
                .collect(),
        }),
        1 => {
            let mut rows: Vec<Vec<ReadoutValue>> = FORMATS
                .into_iter()
                .map(|format| {
                    vec![
                        text(format.name),
                        ReadoutValue::Number(format.smallest_subnormal()),
                        ReadoutValue::Number(format.smallest_normal()),
                        ReadoutValue::Number(format.max_finite()),
                        ReadoutValue::Number(format.epsilon()),
                    ]
                })
                .collect();
            for (name, low, high) in ML_MAGNITUDES {
                rows.push(vec![
                    text(format!("typical {name}")),
                    ReadoutValue::Number(low),
                    ReadoutValue::Number(low),
                    ReadoutValue::Number(high),
                    text("—"),
                ]);
            }
            Some(PlotTable {
                caption: "The range of each format (subnormals from the smallest subnormal, full precision from the smallest normal up to the largest finite number) and its relative precision ε, then the magnitudes typical of a network's numbers.".into(),
                columns: [
                    "Format",
                    "Smallest subnormal",
                    "Smallest normal",
                    "Largest finite",
                    "ε (relative gap)",
                ]
                .map(String::from)
                .to_vec(),
                rows,
            })
        }
        2 => {
            let format = demo.line_format();
            let stored = demo.stored(format);
            if !stored.value.is_finite() {
                return Some(PlotTable {
                    caption: format!("x is not a finite number in {}.", format.name),
                    columns: vec!["Number".into(), "Value".into()],
                    rows: vec![vec![text("x"), value_readout(demo.x())]],
                });
            }
            let mut rows = Vec::new();
            let mut bits = stored.bits;
            for _ in 0..2 {
                if let Some(down) = format.next_down(bits) {
                    bits = down;
                }
            }
            for _ in 0..5 {
                let role = if bits == stored.bits {
                    "stored (nearest)"
                } else {
                    "neighbour"
                };
                rows.push(vec![
                    text(role),
                    ReadoutValue::Number(format.decode(bits)),
                    text(format!("{}", bits & 1)),
                ]);
                match format.next_up(bits) {
                    Some(up) => bits = up,
                    None => break,
                }
            }
            rows.push(vec![text("x"), value_readout(demo.x()), text("—")]);
            Some(PlotTable {
                caption: format!(
                    "The {} numbers around x (with their last fraction bit, which decides ties) and x itself.",
                    format.name
                ),
                columns: vec!["Number".into(), "Value".into(), "Last bit".into()],
                rows,
            })
        }
        _ => None,
    }
}

pub fn plot_description(demo: &FloatingPoint, plot: usize) -> Option<String> {
    match plot {
        0 => {
            let parts: Vec<String> = FORMATS
                .into_iter()
                .map(|format| {
                    let stored = demo.stored(format);
                    format!("{} {}", format.name, short_value(stored.value))
                })
                .collect();
            Some(format!(
                "x = {} stored in six formats: {}.",
                short_value(demo.x()),
                parts.join(", ")
            ))
        }
        1 => {
            let magnitude = demo.x().abs();
            let lost: Vec<&str> = FORMATS
                .into_iter()
                .filter(|format| {
                    let stored = format.round(magnitude);
                    magnitude > 0.0
                        && magnitude.is_finite()
                        && (stored == 0.0 || !stored.is_finite())
                })
                .map(|format| format.name)
                .collect();
            let fate = if lost.is_empty() {
                "every format can hold it".to_owned()
            } else {
                format!("it underflows or overflows in {}", lost.join(", "))
            };
            Some(format!(
                "Relative precision against magnitude: float64 keeps about 16 digits from 2.2e-308 to 1.8e308, float32 7 digits up to 3.4e38, float16 3 digits up to 65504, bfloat16 2 to 3 digits over float32's range, the fp8 formats 1 digit; |x| = {} and {fate}.",
                short_value(magnitude)
            ))
        }
        2 => {
            let format = demo.line_format();
            let stored = demo.stored(format);
            Some(format!(
                "On the {} number line x = {} is {} to {}.",
                format.name,
                short_value(demo.x()),
                demo.rounding(&stored).label(),
                short_value(stored.value)
            ))
        }
        _ => None,
    }
}
