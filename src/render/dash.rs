//! Dashed polylines with any dash pattern (dash-dot, pairs of dots, ...), on any backend.
//!
//! plotters 0.3.7's `DashedLineSeries` knows one dash length and one gap only, which gives
//! too few patterns to tell eight series apart, so lines are split here into their drawn
//! runs (pure geometry, tested natively) and each run is drawn as an ordinary path.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement};
use plotters::style::ShapeStyle;

/// The drawn pieces of the polyline `points` under `pattern`: alternating lengths drawn and
/// skipped, in the points' own units, repeated along the whole line (the phase carries over
/// from one segment to the next, so a line of many short segments is dashed like one long
/// one). An empty pattern, or one whose lengths are not all positive and finite, gives the
/// whole line as one piece. Non-finite points are skipped.
pub fn dash_runs(points: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let points: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let usable = pattern.len() >= 2 && pattern.iter().all(|l| l.is_finite() && *l > 0.0);
    if !usable || points.len() < 2 {
        return if points.is_empty() {
            Vec::new()
        } else {
            vec![points]
        };
    }
    let mut runs = Vec::new();
    // Index into the pattern (even = drawn) and what is left of that length.
    let (mut index, mut left) = (0usize, pattern[0]);
    let mut current = vec![points[0]];
    for pair in points.windows(2) {
        let (mut from, to) = (pair[0], pair[1]);
        let mut length = (to.0 - from.0).hypot(to.1 - from.1);
        while length > left {
            let t = left / length;
            let cut = (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
            if index % 2 == 0 {
                current.push(cut);
                runs.push(std::mem::take(&mut current));
            } else {
                current = vec![cut];
            }
            length -= left;
            from = cut;
            index = (index + 1) % pattern.len();
            left = pattern[index];
        }
        left -= length;
        if index % 2 == 0 {
            current.push(to);
        }
    }
    if index % 2 == 0 && current.len() >= 2 {
        runs.push(current);
    }
    runs
}

/// Draws the polyline `pixels` (the area's pixel coordinates) in `style`, dashed by
/// `pattern_css` (CSS pixels, multiplied by `scale`: the device pixel ratio, or more for a
/// thicker line); solid when the pattern is empty.
pub fn draw_dashed_path<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pixels: &[(f64, f64)],
    pattern_css: &[f64],
    scale: f64,
    style: ShapeStyle,
) -> Result<(), String> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let pattern: Vec<f64> = pattern_css.iter().map(|l| l * scale).collect();
    for run in dash_runs(pixels, &pattern) {
        let run: Vec<(i32, i32)> = run
            .into_iter()
            .map(|(x, y)| (x.round() as i32, y.round() as i32))
            .collect();
        area.draw(&PathElement::new(run, style))
            .map_err(|error| error.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_straight_line_is_cut_at_the_pattern_lengths() {
        // 0..20 along x with 4 drawn, 2 skipped: drawn 0–4, 6–10, 12–16, 18–20.
        let runs = dash_runs(&[(0.0, 0.0), (20.0, 0.0)], &[4.0, 2.0]);
        let spans: Vec<(f64, f64)> = runs.iter().map(|r| (r[0].0, r[r.len() - 1].0)).collect();
        assert_eq!(
            spans,
            vec![(0.0, 4.0), (6.0, 10.0), (12.0, 16.0), (18.0, 20.0)]
        );
    }

    #[test]
    fn the_phase_carries_over_corners_and_short_segments() {
        // An L of two 3-long legs with 4 drawn, 2 skipped: the first dash turns the corner
        // ((0,0) → (3,0) → (3,1)), the gap runs to (3,3) and the line ends there.
        let runs = dash_runs(&[(0.0, 0.0), (3.0, 0.0), (3.0, 3.0)], &[4.0, 2.0]);
        assert_eq!(runs, vec![vec![(0.0, 0.0), (3.0, 0.0), (3.0, 1.0)]]);
        // Twenty segments of 1 dash like one line of 20.
        let many: Vec<(f64, f64)> = (0..=20).map(|i| (f64::from(i), 0.0)).collect();
        let drawn: f64 = dash_runs(&many, &[4.0, 2.0])
            .iter()
            .map(|r| r[r.len() - 1].0 - r[0].0)
            .sum();
        assert_eq!(drawn, 4.0 + 4.0 + 4.0 + 2.0);
    }

    #[test]
    fn dash_dot_patterns_and_solid_lines() {
        // 3 drawn, 1 skipped, 1 drawn, 1 skipped over 12: drawn 0–3, 4–5, 6–9, 10–11.
        let runs = dash_runs(&[(0.0, 0.0), (0.0, 12.0)], &[3.0, 1.0, 1.0, 1.0]);
        let spans: Vec<(f64, f64)> = runs.iter().map(|r| (r[0].1, r[r.len() - 1].1)).collect();
        assert_eq!(
            spans,
            vec![(0.0, 3.0), (4.0, 5.0), (6.0, 9.0), (10.0, 11.0)]
        );
        let line = [(0.0, 0.0), (1.0, 1.0), (2.0, 0.0)];
        assert_eq!(dash_runs(&line, &[]), vec![line.to_vec()]);
        assert_eq!(dash_runs(&line, &[0.0, 1.0]), vec![line.to_vec()]);
        assert!(dash_runs(&[], &[1.0, 1.0]).is_empty());
    }
}
