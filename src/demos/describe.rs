//! Numbers in prose: the plot descriptions a screen reader speaks (and the table captions)
//! round to three significant digits, since "sample mean −0.00545" reads and "−0.00544795"
//! does not; the tables themselves keep full precision in every cell.

use super::format_number;
use super::params::round_significant;

/// `x` rounded to three significant digits, written as [`format_number`] writes it, except
/// that small values keep plain decimals ("−0.0000568", not "−5.68e-5").
pub fn prose_number(x: f64) -> String {
    let rounded = round_significant(x, 3);
    let magnitude = rounded.abs();
    if (1e-6..1e-4).contains(&magnitude) {
        // Three significant digits after the leading zeros.
        let decimals = (2 - magnitude.log10().floor() as i32) as usize;
        let text = format!("{rounded:.decimals$}");
        return text.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    format_number(rounded)
}

/// "1 sample", "2 samples": a count with its noun.
pub fn count_of(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_numbers_have_three_significant_digits_and_no_small_exponents() {
        assert_eq!(prose_number(0.443147), "0.443");
        assert_eq!(prose_number(-0.00544795), "-0.00545");
        assert_eq!(prose_number(-5.6822e-5), "-0.0000568");
        assert_eq!(prose_number(1.2e-6), "0.0000012");
        assert_eq!(prose_number(3.0e-9), "3e-9");
        assert_eq!(prose_number(1234.5), "1230");
        assert_eq!(prose_number(0.0), "0");
        assert_eq!(prose_number(f64::NAN), "undefined");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count_of(1, "sample", "samples"), "1 sample");
        assert_eq!(count_of(0, "sample", "samples"), "0 samples");
    }
}
