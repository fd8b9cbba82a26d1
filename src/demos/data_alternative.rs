//! What the demos' data alternatives share (`Demo::plot_table`, `Demo::plot_description`):
//! numbers in prose, rounded to four significant digits because "sample mean −0.005448"
//! reads and "-0.00544795" does not (the tables keep full precision in every cell); long
//! series thinned to a readable number of rows; cells for values that may be undefined.

use super::params::round_significant;
use super::{ReadoutValue, format_number};

/// `x` rounded to four significant digits, written as [`format_number`] writes it but with
/// a true minus sign (screen readers say "minus" for "−", not always for "-"), and small
/// values in plain decimals ("−0.00005682", not "-5.682e-5").
pub fn prose_number(x: f64) -> String {
    let rounded = round_significant(x, 4);
    let magnitude = rounded.abs();
    let text = if (1e-6..1e-4).contains(&magnitude) {
        // Four significant digits after the leading zeros.
        let decimals = (3 - magnitude.log10().floor() as i32) as usize;
        let fixed = format!("{rounded:.decimals$}");
        fixed.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        format_number(rounded)
    };
    text.replace('-', "−")
}

/// A count with thousands separators: 1234567 → "1,234,567".
pub fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// "1 sample", "2,000 samples": a count with its noun.
pub fn count_of(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", grouped(count))
    }
}

/// Every `stride`-th item of `items` so that about `max_rows` remain, always ending with the
/// last one (the state shown now); all of them when they fit.
pub fn thinned<T: Clone>(items: &[T], max_rows: usize) -> Vec<T> {
    let Some(last) = items.last() else {
        return Vec::new();
    };
    let stride = items.len().div_ceil(max_rows.max(1)).max(1);
    let mut rows: Vec<T> = items.iter().step_by(stride).cloned().collect();
    if !(items.len() - 1).is_multiple_of(stride) {
        rows.push(last.clone());
    }
    rows
}

/// A number cell, or `otherwise` as text when the value is not finite (a table never shows
/// NaN or infinity as a number).
pub fn finite_or(value: f64, otherwise: &str) -> ReadoutValue {
    if value.is_finite() {
        ReadoutValue::Number(value)
    } else {
        ReadoutValue::Text(otherwise.to_owned())
    }
}

/// The number in a table cell (integers too), for tests; panics on text.
#[cfg(test)]
pub fn cell_number(cell: &ReadoutValue) -> f64 {
    match cell {
        ReadoutValue::Number(x) => *x,
        ReadoutValue::Integer(n) => *n as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_numbers_have_four_significant_digits_a_true_minus_and_no_small_exponents() {
        assert_eq!(prose_number(0.443147), "0.4431");
        assert_eq!(prose_number(-0.00544795), "−0.005448");
        assert_eq!(prose_number(-5.6822e-5), "−0.00005682");
        assert_eq!(prose_number(1.2e-6), "0.0000012");
        assert_eq!(prose_number(3.0e-9), "3e−9");
        assert_eq!(prose_number(12345.0), "12350");
        assert_eq!(prose_number(0.0), "0");
        assert_eq!(prose_number(f64::NAN), "undefined");
    }

    #[test]
    fn thinning_keeps_about_max_rows_and_always_the_last() {
        let items: Vec<usize> = (0..=250).collect();
        let rows = thinned(&items, 100);
        // Stride ⌈251/100⌉ = 3: 0, 3, …, 249 (84 items), then the last, 250.
        assert_eq!(rows.len(), 85);
        assert_eq!(&rows[..3], &[0, 3, 6]);
        assert_eq!(rows[83..], [249, 250]);
        assert_eq!(thinned(&items[..10], 100), items[..10].to_vec());
        // When the stride lands on the last item it is not repeated.
        assert_eq!(thinned(&items[..7], 3), vec![0, 3, 6]);
        assert!(thinned::<usize>(&[], 10).is_empty());
    }

    #[test]
    fn undefined_values_become_text() {
        assert_eq!(finite_or(2.0, "x"), ReadoutValue::Number(2.0));
        assert_eq!(
            finite_or(f64::NAN, "undefined"),
            ReadoutValue::Text("undefined".to_owned())
        );
        assert_eq!(cell_number(&ReadoutValue::Integer(3)), 3.0);
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count_of(1, "sample", "samples"), "1 sample");
        assert_eq!(count_of(0, "sample", "samples"), "0 samples");
        assert_eq!(
            count_of(1_000_000, "sample", "samples"),
            "1,000,000 samples"
        );
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(12_345), "12,345");
    }
}
