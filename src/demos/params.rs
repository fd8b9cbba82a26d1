//! Parsing of control values from URL/input text, shared by every demo.
//!
//! The messages are shown on the page next to the rejected value, so they say what *is*
//! accepted rather than what went wrong inside the parser.

use super::{ControlKind, ControlSpec};

/// A finite number within `[min, max]`. Accepts what people type: surrounding spaces,
/// a leading `+`, exponents (`1e-3`).
pub fn parse_number(value: &str, min: f64, max: f64) -> Result<f64, String> {
    let trimmed = value.trim();
    let number: f64 = trimmed
        .strip_prefix('+')
        .unwrap_or(trimmed)
        .parse()
        .map_err(|_| format!("“{value}” is not a number; expected a number from {min} to {max}"))?;
    if !number.is_finite() {
        return Err(format!(
            "“{value}” is not a finite number; expected a number from {min} to {max}"
        ));
    }
    if number < min || number > max {
        return Err(format!(
            "{number} is out of range; expected a number from {min} to {max}"
        ));
    }
    Ok(number)
}

/// A whole number within `[min, max]`.
pub fn parse_integer(value: &str, min: i64, max: i64) -> Result<i64, String> {
    let trimmed = value.trim();
    let number: i64 = trimmed
        .strip_prefix('+')
        .unwrap_or(trimmed)
        .parse()
        .map_err(|_| format!("“{value}” is not a whole number; expected {min} to {max}"))?;
    if number < min || number > max {
        return Err(format!(
            "{number} is out of range; expected a whole number from {min} to {max}"
        ));
    }
    Ok(number)
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
    let factor = 10f64.powi(digits - value.abs().log10().ceil() as i32);
    (value * factor).round() / factor
}

pub fn format_toggle(on: bool) -> String {
    if on { "1" } else { "0" }.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

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
