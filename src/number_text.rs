//! Reading a decimal number from text: [`parse_f64`] accepts exactly what
//! `str::parse::<f64>` accepts and returns the same value, bit for bit; every module reads
//! numbers through it (the math core included).
//!
//! Why not `str::parse` itself: Rust's correctly rounded reader (Eisel–Lemire) carries a
//! table of 651 128-bit powers of five, 10.4 KB that do not compress. That was 10.8 KB of
//! the gzip bytes of every demo's module, and the playground's module was over its 250 KB
//! budget by less than that (issue 12, goal 1). The browser already holds a correctly rounded
//! decimal reader, `parseFloat`. So in the browser this module checks that the text is in
//! Rust's grammar for a float (the set of accepted strings must not change: no surrounding
//! spaces, no hex, no `Infinity` spelled JavaScript's way, no trailing junk, which
//! `parseFloat` would all accept) and hands it to `parseFloat`. Both round to nearest, ties to
//! even, so the value is the same; `tests/web.rs` compares the two, in the browser, on edge
//! cases and thousands of random strings. Natively it is `str::parse`.
//!
//! This is the one place outside `src/web/` that calls JavaScript; it holds no DOM code and
//! no state.

/// `text.parse::<f64>().ok()`: `[+-]?(inf|infinity|nan)` in any case, or
/// `[+-]?(d+|d+.d*|d*.d+)([eE][+-]?d+)?`, rounded to the nearest f64.
pub fn parse_f64(text: &str) -> Option<f64> {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(special) = special_value(text) {
            return Some(special);
        }
        is_decimal(text.as_bytes()).then(|| js_sys::parse_float(text))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.parse().ok()
    }
}

/// Infinity or NaN, spelled as Rust reads them (case-insensitive, with an optional sign).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn special_value(text: &str) -> Option<f64> {
    let (negative, word) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let value = if word.eq_ignore_ascii_case("inf") || word.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if word.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        return None;
    };
    Some(if negative { -value } else { value })
}

/// True when `bytes` is a decimal float in Rust's grammar: an optional sign, digits with at
/// most one point and at least one digit, then optionally `e` or `E`, a sign and digits.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn is_decimal(bytes: &[u8]) -> bool {
    let mut at = 0;
    let digits_from = |at: &mut usize| {
        let start = *at;
        while bytes.get(*at).is_some_and(u8::is_ascii_digit) {
            *at += 1;
        }
        *at - start
    };
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        at += 1;
    }
    let mut mantissa_digits = digits_from(&mut at);
    if bytes.get(at) == Some(&b'.') {
        at += 1;
        mantissa_digits += digits_from(&mut at);
    }
    if mantissa_digits == 0 {
        return false;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        if digits_from(&mut at) == 0 {
            return false;
        }
    }
    at == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The grammar check agrees with `str::parse` on what is a number: the browser path hands
    /// `parseFloat` exactly the strings Rust accepts (the values are compared in tests/web.rs).
    #[test]
    fn the_grammar_accepts_what_rust_accepts() {
        let cases = [
            "0",
            "-0",
            "+1",
            "1.",
            ".5",
            "-.5",
            "1e5",
            "1E+05",
            "1e-400",
            "1e400",
            "00012.50e-3",
            "",
            ".",
            "+",
            "-",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "1.2.3",
            " 1",
            "1 ",
            "0x10",
            "1_000",
            "Infinity",
            "-inf",
            "INF",
            "+infinity",
            "nan",
            "NaN",
            "-nan",
            "infin",
            "1,5",
            "١",
            "1e5e5",
            "--1",
            "+-1",
            "5.e-3",
            "1.5abc",
        ];
        for text in cases {
            let rust = text.parse::<f64>().ok();
            let ours = special_value(text).or_else(|| is_decimal(text.as_bytes()).then_some(0.0));
            assert_eq!(ours.is_some(), rust.is_some(), "{text:?}");
            if let (Some(special), Some(value)) = (special_value(text), rust) {
                assert_eq!(special.to_bits(), value.to_bits(), "{text:?}");
            }
        }
        assert_eq!(parse_f64("-2.5e-3"), Some(-0.0025));
        assert_eq!(parse_f64("2.5 "), None);
    }
}
