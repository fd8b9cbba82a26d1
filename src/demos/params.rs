//! Parsing of control values from URL/input text, shared by every demo.
//!
//! The messages are shown on the page next to the rejected value, so they say what *is*
//! accepted rather than what went wrong inside the parser.

use super::{ControlKind, ControlSpec};

/// A finite number within `[min, max]`. Accepts what people type: surrounding spaces,
/// a leading `+`, exponents (`1e-3`).
pub fn parse_number(value: &str, min: f64, max: f64) -> Result<f64, String> {
    let (low, high) = (format_param_number(min), format_param_number(max));
    let number = read_number(value).ok_or_else(|| {
        format!("“{value}” is not a number; expected a number from {low} to {high}")
    })?;
    if !number.is_finite() {
        return Err(format!(
            "“{value}” is not a finite number; expected a number from {low} to {high}"
        ));
    }
    if number < min || number > max {
        // Written as the URL would write it: 1e99, not a hundred digits.
        return Err(format!(
            "{} is out of range; expected a number from {low} to {high}",
            format_param_number(number)
        ));
    }
    Ok(number)
}

/// A whole number within `[min, max]`, written in digits. A whole number written otherwise
/// is still rejected (seeds like the playground's `0.1e5` must not be guessed at), but with
/// the right reason: a too large one (`1e99`) is out of range, not "not a whole number".
pub fn parse_integer(value: &str, min: i64, max: i64) -> Result<i64, String> {
    let out_of_range = |shown: String| {
        format!("{shown} is out of range; expected a whole number from {min} to {max}")
    };
    let trimmed = value.trim();
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    let number = match digits.parse::<i64>() {
        Ok(number) => number,
        Err(_) => {
            return Err(match read_number(value) {
                Some(x) if x.is_finite() && x.fract() == 0.0 => {
                    if x < min as f64 || x > max as f64 {
                        out_of_range(format_param_number(x))
                    } else {
                        format!("“{value}” is not written in digits; expected {min} to {max}")
                    }
                }
                _ => format!("“{value}” is not a whole number; expected {min} to {max}"),
            });
        }
    };
    if number < min || number > max {
        return Err(out_of_range(number.to_string()));
    }
    Ok(number)
}

/// What people type as a number (spaces, a leading `+`, exponents), or None.
fn read_number(value: &str) -> Option<f64> {
    let trimmed = value.trim();
    crate::number_text::parse_f64(trimmed.strip_prefix('+').unwrap_or(trimmed))
}

/// A value clamped into a control's range, for links: `p=1e99` becomes the largest allowed
/// value rather than being thrown away.
#[derive(Clone, Debug, PartialEq)]
pub struct Clamped {
    /// The range's end, as the URL writes it.
    pub value: String,
    /// True for the top of the range.
    pub above: bool,
}

/// When `value` is a finite number outside a numeric control's range, the end of the range
/// it should be clamped to. `range` overrides the registry's range for sliders whose range
/// depends on the state ([`super::Demo::slider_range`]). Non-numbers, infinities, fractions
/// for whole-number controls and values inside the range give None: those are rejected as
/// before, with the demo's message.
pub fn clamp_to_range(
    control: &ControlSpec,
    value: &str,
    range: Option<(f64, f64)>,
) -> Option<Clamped> {
    let number = read_number(value).filter(|x| x.is_finite())?;
    let (min, max, whole) = match control.kind {
        ControlKind::Slider { min, max, .. } => {
            let (min, max) = range.unwrap_or((min, max));
            (min, max, false)
        }
        ControlKind::Integer { min, max } => (min as f64, max as f64, true),
        _ => return None,
    };
    if whole && number.fract() != 0.0 {
        return None;
    }
    clamp_number(number, min, max)
}

/// `number` outside `[min, max]`: the end it is clamped to; None inside the range.
pub fn clamp_number(number: f64, min: f64, max: f64) -> Option<Clamped> {
    if number > max {
        Some(Clamped {
            value: format_param_number(max),
            above: true,
        })
    } else if number < min {
        Some(Clamped {
            value: format_param_number(min),
            above: false,
        })
    } else {
        None
    }
}

/// [`clamp_number`] for text, as read from a link: None for text that is not a finite number.
pub fn clamp_text(value: &str, min: f64, max: f64) -> Option<Clamped> {
    clamp_number(read_number(value).filter(|x| x.is_finite())?, min, max)
}

/// `1`/`0` (also `true`/`false`, `on`/`off`, `yes`/`no`).
pub fn parse_toggle(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(format!("“{value}” is not on or off; expected 1 or 0")),
    }
}

/// One of the options' URL values.
pub fn parse_choice<'a>(value: &str, options: &'a [(&'a str, &'a str)]) -> Result<&'a str, String> {
    let wanted = value.trim().to_ascii_lowercase();
    options
        .iter()
        .map(|(id, _)| *id)
        .find(|id| *id == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = options.iter().map(|(id, _)| *id).collect();
            format!("“{value}” is not one of: {}", names.join(", "))
        })
}

/// Parses a value by the control's own kind (sliders by their range, selects by their options).
pub fn parse_for_control(control: &ControlSpec, value: &str) -> Result<ParsedValue, String> {
    match control.kind {
        ControlKind::Slider { min, max, .. } => {
            parse_number(value, min, max).map(ParsedValue::Number)
        }
        ControlKind::Integer { min, max } => {
            parse_integer(value, min, max).map(ParsedValue::Integer)
        }
        ControlKind::Select { options } => {
            parse_choice(value, options).map(|s| ParsedValue::Choice(s.to_owned()))
        }
        ControlKind::Toggle => parse_toggle(value).map(ParsedValue::Toggle),
        ControlKind::Text { .. } => Ok(ParsedValue::Text(value.to_owned())),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParsedValue {
    Number(f64),
    Integer(i64),
    Choice(String),
    Toggle(bool),
    Text(String),
}

/// A typed formula in x and y, or the reader's message for its first error.
pub fn parse_formula(value: &str) -> Result<crate::math::expr::Expr, String> {
    crate::math::expr::Expr::parse(value).map_err(|e| format!("The formula has an error: {e}"))
}

/// A typed formula in x alone ([`crate::math::expr::Expr::parse_in_x`]), or the reader's
/// message for its first error.
pub fn parse_formula_in_x(value: &str) -> Result<crate::math::expr::Expr, String> {
    crate::math::expr::Expr::parse_in_x(value).map_err(|e| format!("The formula has an error: {e}"))
}

/// The URL text of a number: the shortest form that reads back to the same f64.
pub fn format_param_number(x: f64) -> String {
    let text = format!("{x:?}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

/// Rounds to `digits` significant digits: log sliders produce values like 0.012589254,
/// and four digits read better in a URL while staying finer than one slider step.
pub fn round_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let exponent = digits - value.abs().log10().ceil() as i32;
    // Powers of ten up to 10²² are exact doubles, their reciprocals are not: scaling down by
    // multiplying with 10⁻ᵏ made round_significant(1e9, 4) come out as 999999999.9999999.
    if exponent >= 0 {
        let factor = 10f64.powi(exponent);
        (value * factor).round() / factor
    } else {
        let factor = 10f64.powi(-exponent);
        (value / factor).round() * factor
    }
}

pub fn format_toggle(on: bool) -> String {
    if on { "1" } else { "0" }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits_round_to_the_nearest_double_of_the_decimal() {
        // The decimal rounded to `digits` significant digits, then read as a double: the
        // values are those Python's float(f"{x:.{digits-1}e}") gives.
        assert_eq!(round_significant(1e9, 4), 1e9);
        assert_eq!(round_significant(123_456_789.0, 4), 123_500_000.0);
        assert_eq!(round_significant(0.000123456, 3), 0.000123);
        assert_eq!(round_significant(-98765.4321, 2), -99000.0);
        assert_eq!(round_significant(0.1 + 0.2, 4), 0.3);
        assert_eq!(round_significant(1000.0, 4), 1000.0);
        assert_eq!(round_significant(f64::INFINITY, 3), f64::INFINITY);
    }

    #[test]
    fn numbers_in_range_and_out() {
        assert_eq!(parse_number(" 1e-3 ", 1e-4, 10.0), Ok(0.001));
        assert_eq!(parse_number("+2.5", 0.0, 10.0), Ok(2.5));
        assert!(
            parse_number("NaN", 0.0, 1.0)
                .unwrap_err()
                .contains("not a finite number")
        );
        assert!(parse_number("inf", 0.0, 1.0).is_err());
        assert!(
            parse_number("1e400", 0.0, 1.0).is_err(),
            "overflows to infinity"
        );
        assert!(
            parse_number("abc", 0.0, 1.0)
                .unwrap_err()
                .contains("not a number")
        );
        assert!(
            parse_number("11", 0.0, 10.0)
                .unwrap_err()
                .contains("out of range")
        );
        assert!(parse_number("", 0.0, 10.0).is_err());
        // Large numbers are written as the URL writes them, not as a hundred digits.
        assert_eq!(
            parse_number("1e99", 0.0, 1.0).unwrap_err(),
            "1e99 is out of range; expected a number from 0 to 1"
        );
        assert_eq!(
            parse_number("x", 1e-4, 1e6).unwrap_err(),
            "“x” is not a number; expected a number from 0.0001 to 1000000"
        );
    }

    #[test]
    fn whole_numbers_written_as_floats() {
        assert_eq!(
            parse_integer("1e3", 0, 5000).unwrap_err(),
            "“1e3” is not written in digits; expected 0 to 5000"
        );
        assert!(parse_integer(" 12.0 ", 0, 100).is_err());
        assert_eq!(parse_integer(" +12 ", 0, 100), Ok(12));
        assert_eq!(
            parse_integer("1e99", 0, 100).unwrap_err(),
            "1e99 is out of range; expected a whole number from 0 to 100"
        );
        assert_eq!(
            parse_integer("-7", 0, 100).unwrap_err(),
            "-7 is out of range; expected a whole number from 0 to 100"
        );
        assert_eq!(
            parse_integer("4.5", 0, 100).unwrap_err(),
            "“4.5” is not a whole number; expected 0 to 100"
        );
        assert!(
            parse_integer("inf", 0, 100)
                .unwrap_err()
                .contains("not a whole number")
        );
    }

    #[test]
    fn out_of_range_values_clamp_to_the_nearer_end() {
        let slider = ControlSpec {
            key: "p",
            aliases: &[],
            label: "p",
            kind: ControlKind::slider(0.0, 1.0, 0.01, false),
            help: "",
            group: "",
            example: "0.5",
        };
        let top = Clamped {
            value: "1".to_owned(),
            above: true,
        };
        assert_eq!(clamp_to_range(&slider, "1e99", None), Some(top.clone()));
        assert_eq!(clamp_to_range(&slider, " +3 ", None), Some(top));
        assert_eq!(
            clamp_to_range(&slider, "-0.5", None),
            Some(Clamped {
                value: "0".to_owned(),
                above: false
            })
        );
        // A state-dependent range wins over the registry's.
        assert_eq!(
            clamp_to_range(&slider, "0.9", Some((0.0, 0.25))).map(|c| c.value),
            Some("0.25".to_owned())
        );
        for inside_or_unreadable in ["0.5", "abc", "1e400", "NaN", ""] {
            assert_eq!(clamp_to_range(&slider, inside_or_unreadable, None), None);
        }
        let whole = ControlSpec {
            kind: ControlKind::Integer { min: 1, max: 500 },
            ..slider
        };
        assert_eq!(
            clamp_to_range(&whole, "1e99", None).map(|c| c.value),
            Some("500".to_owned())
        );
        assert_eq!(
            clamp_to_range(&whole, "0", None).map(|c| c.value),
            Some("1".to_owned())
        );
        assert_eq!(clamp_to_range(&whole, "600.5", None), None, "not whole");
        let toggle = ControlSpec {
            kind: ControlKind::Toggle,
            ..slider
        };
        assert_eq!(clamp_to_range(&toggle, "7", None), None);
        assert_eq!(
            clamp_text("30", 0.0, 19.0).map(|c| c.value),
            Some("19".to_owned())
        );
    }

    #[test]
    fn integers_toggles_choices() {
        assert_eq!(parse_integer("42", 0, 100), Ok(42));
        assert!(parse_integer("4.2", 0, 100).is_err());
        assert!(parse_integer("99999999999999999999", 0, 100).is_err());
        assert_eq!(parse_toggle("on"), Ok(true));
        assert_eq!(parse_toggle("0"), Ok(false));
        assert!(parse_toggle("maybe").is_err());
        let options = [("a", "A"), ("b", "B")];
        assert_eq!(parse_choice("B", &options), Ok("b"));
        assert_eq!(
            parse_choice("c", &options).unwrap_err(),
            "“c” is not one of: a, b"
        );
    }

    #[test]
    fn significant_digit_rounding() {
        assert_eq!(round_significant(0.012589254, 4), 0.01259);
        assert_eq!(round_significant(3.16227766, 4), 3.162);
        assert_eq!(round_significant(-2.5e-7, 1), -3e-7);
        assert_eq!(round_significant(0.0, 4), 0.0);
    }

    #[test]
    fn number_formatting_round_trips() {
        for x in [
            0.1,
            1.0,
            1e-4,
            123456.789,
            0.30000000000000004,
            2.0f64.sqrt(),
        ] {
            let text = format_param_number(x);
            assert_eq!(text.parse::<f64>().unwrap(), x, "{text}");
        }
        assert_eq!(format_param_number(1.0), "1");
        assert_eq!(format_param_number(0.001), "0.001");
    }
}
