//! Helpers for the plots' data alternatives ([`super::PlotTable`] and the descriptions):
//! short numbers for sentences, thinning long series to a readable number of rows, and a
//! coarse grid sample of a surface, so every demo says what it draws the same way.

use super::params::round_significant;
use super::{PlotTable, ReadoutValue, format_number};

/// A number for a sentence: four significant digits ("0.0004", "1.235", "−3"), "undefined"
/// when it is not finite. Tables carry full precision; a sentence only needs the picture.
pub fn short(x: f64) -> String {
    if x == 0.0 {
        return "0".to_owned();
    }
    format_number(round_significant(x, 4)).replace('-', "−")
}

/// A point for a sentence: "(0.98, 0.96)". A coordinate within 10⁻⁴ of zero reads "≈ 0":
/// the plots' coordinates are of order one, and "2.141e−105" says nothing a listener needs.
pub fn point(x: f64, y: f64) -> String {
    let coordinate = |v: f64| {
        if v != 0.0 && v.abs() < 1e-4 {
            "≈ 0".to_owned()
        } else {
            short(v)
        }
    };
    format!("({}, {})", coordinate(x), coordinate(y))
}

/// The indices of a series of `len` entries to list in a table: all of them when there are
/// at most `max_rows`, otherwise about `max_rows` evenly spaced ones, always with the first
/// and the last. Returns the indices and the stride (1 when nothing was left out).
pub fn thinned_indices(len: usize, max_rows: usize) -> (Vec<usize>, usize) {
    if len == 0 {
        return (Vec::new(), 1);
    }
    let max_rows = max_rows.max(2);
    if len <= max_rows {
        return ((0..len).collect(), 1);
    }
    let stride = (len - 1).div_ceil(max_rows - 1);
    let mut indices: Vec<usize> = (0..len).step_by(stride).collect();
    if indices.last() != Some(&(len - 1)) {
        indices.push(len - 1);
    }
    (indices, stride)
}

/// How a caption says a series was thinned: "" or " (every 3rd step)".
pub fn thinning_note(stride: usize, unit: &str) -> String {
    match stride {
        0 | 1 => String::new(),
        2 => format!(" (every 2nd {unit} and the last)"),
        3 => format!(" (every 3rd {unit} and the last)"),
        n => format!(" (every {n}th {unit} and the last)"),
    }
}

/// The number of samples a side of [`grid_summary`]: 11 × 11 reads like a small table.
pub const GRID_SUMMARY_SIDE: usize = 11;

/// A surface `f` sampled on an `n × n` grid over the window: one row per y (top row first,
/// as on the plot), one column per x. The first column holds y; the headings give x.
pub fn grid_summary(
    caption: impl Into<String>,
    x_range: (f64, f64),
    y_range: (f64, f64),
    n: usize,
    f: impl Fn(f64, f64) -> f64,
) -> PlotTable {
    let n = n.max(2);
    let at =
        |range: (f64, f64), i: usize| range.0 + (range.1 - range.0) * i as f64 / (n - 1) as f64;
    let xs: Vec<f64> = (0..n).map(|i| at(x_range, i)).collect();
    let mut columns = vec!["y \\ x".to_owned()];
    columns.extend(xs.iter().map(|x| format_number(round_significant(*x, 4))));
    let mut table = PlotTable {
        caption: caption.into(),
        columns,
        rows: Vec::new(),
    };
    for j in (0..n).rev() {
        let y = at(y_range, j);
        let mut row = vec![ReadoutValue::Number(y)];
        // A typed formula may be undefined somewhere (log of a negative number).
        row.extend(xs.iter().map(|x| match f(*x, y) {
            value if value.is_finite() => ReadoutValue::Number(value),
            _ => ReadoutValue::Text("undefined".to_owned()),
        }));
        table.rows.push(row);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_keep_four_significant_digits() {
        assert_eq!(short(0.000_412_345), "0.0004123");
        assert_eq!(short(-3.0), "−3");
        assert_eq!(short(1.234_56), "1.235");
        assert_eq!(short(f64::NAN), "undefined");
        assert_eq!(point(0.98, 0.96), "(0.98, 0.96)");
        assert_eq!(point(-0.005478, 2.141e-105), "(−0.005478, ≈ 0)");
    }

    #[test]
    fn thinning_keeps_the_ends_and_at_most_the_asked_rows() {
        assert_eq!(thinned_indices(5, 100), (vec![0, 1, 2, 3, 4], 1));
        // 151 iterates (steps 0..=150) into at most 100 rows: every 2nd, 0..=150.
        let (indices, stride) = thinned_indices(151, 100);
        assert_eq!(stride, 2);
        assert_eq!(indices.len(), 76);
        assert_eq!((indices[0], *indices.last().unwrap()), (0, 150));
        // 1001 → stride ⌈1000/99⌉ = 11; 0, 11, …, 990 and 1000.
        let (indices, stride) = thinned_indices(1001, 100);
        assert_eq!(stride, 11);
        assert_eq!(indices.len(), 92);
        assert_eq!(indices[90..], [990, 1000]);
        assert_eq!(thinning_note(11, "step"), " (every 11th step and the last)");
    }

    #[test]
    fn grid_summary_samples_corners_exactly() {
        let table = grid_summary("x·y", (-1.0, 1.0), (0.0, 2.0), 3, |x, y| x * y);
        assert_eq!(table.columns, ["y \\ x", "-1", "0", "1"]);
        // Top row is y = 2: (−2, 0, 2).
        assert_eq!(table.rows[0][0], ReadoutValue::Number(2.0));
        assert_eq!(table.rows[0][1], ReadoutValue::Number(-2.0));
        assert_eq!(table.rows[2][3], ReadoutValue::Number(0.0));
        let holes = grid_summary("ln x", (-1.0, 1.0), (0.0, 1.0), 3, |x, _| x.ln());
        assert_eq!(holes.rows[0][1], ReadoutValue::Text("undefined".into()));
    }
}
