//! Dashed polylines with any dash pattern (dash-dot, pairs of dots, ...), on any backend.
//!
//! plotters 0.3.7's `DashedLineSeries` knows one dash length and one gap only, which gives
//! too few patterns to tell eight series apart, so lines are split here into their drawn
//! runs (pure geometry, tested natively) and each run is drawn as an ordinary path.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, PathElement};
use plotters::style::ShapeStyle;

/// A rectangle in the points' units, for [`dash_runs_within`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

/// The drawn pieces of the polyline `points` under `pattern`: alternating lengths drawn and
/// skipped, in the points' own units, repeated along the whole line (the phase carries over
/// from one segment to the next, so a line of many short segments is dashed like one long
/// one). An empty pattern, or one whose lengths are not all positive and finite, gives the
/// whole line as one piece. Non-finite points are skipped.
pub fn dash_runs(points: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    dash_runs_within(points, pattern, None)
}

/// [`dash_runs`] keeping only what lies inside `bounds`. The parts outside are skipped by
/// arithmetic (their length modulo the pattern's period), not walked dash by dash, so the
/// work is proportional to what is visible: a diverging optimizer's path that leaves the plot
/// by 10¹² pixels costs as little as one that stays inside. The phase inside is the one the
/// whole line would have.
pub fn dash_runs_within(
    points: &[(f64, f64)],
    pattern: &[f64],
    bounds: Option<Bounds>,
) -> Vec<Vec<(f64, f64)>> {
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
    let period: f64 = pattern.iter().sum();
    let mut runs = Vec::new();
    // Index into the pattern (even = drawn) and what is left of that length.
    let (mut index, mut left) = (0usize, pattern[0]);
    let mut current: Vec<(f64, f64)> = Vec::new();
    let flush = |current: &mut Vec<(f64, f64)>, runs: &mut Vec<Vec<(f64, f64)>>| {
        if current.len() >= 2 {
            runs.push(std::mem::take(current));
        } else {
            current.clear();
        }
    };
    // Moves the phase `distance` along without drawing: at most one pass over the pattern.
    let advance = |index: &mut usize, left: &mut f64, distance: f64| {
        let mut distance = distance % period;
        while distance > *left {
            distance -= *left;
            *index = (*index + 1) % pattern.len();
            *left = pattern[*index];
        }
        *left -= distance;
    };
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let full = (b.0 - a.0).hypot(b.1 - a.1);
        let visible = match bounds {
            None => Some((0.0, 1.0)),
            Some(bounds) => clip_parameters(a, b, bounds),
        };
        let Some((t0, t1)) = visible else {
            flush(&mut current, &mut runs);
            advance(&mut index, &mut left, full);
            continue;
        };
        if t0 > 0.0 {
            flush(&mut current, &mut runs);
            advance(&mut index, &mut left, full * t0);
        }
        let at = |t: f64| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        let (mut from, to) = (at(t0), at(t1));
        if index % 2 == 0 && current.is_empty() {
            current.push(from);
        }
        let mut length = full * (t1 - t0);
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
        if t1 < 1.0 {
            flush(&mut current, &mut runs);
            advance(&mut index, &mut left, full * (1.0 - t1));
        }
    }
    if index % 2 == 0 {
        flush(&mut current, &mut runs);
    }
    runs
}

/// The most dashes one line is cut into when drawn (see [`stretched_to_fit`]).
pub const MAX_DASHES_PER_LINE: f64 = 300.0;

/// The length of the part of the polyline inside `bounds` (non-finite points skipped).
pub fn visible_length(points: &[(f64, f64)], bounds: Bounds) -> f64 {
    let finite: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    finite
        .windows(2)
        .filter_map(|pair| {
            let (a, b) = (pair[0], pair[1]);
            clip_parameters(a, b, bounds).map(|(t0, t1)| (b.0 - a.0).hypot(b.1 - a.1) * (t1 - t0))
        })
        .sum()
}

/// `pattern` scaled up just enough that a line of `length` gets at most
/// [`MAX_DASHES_PER_LINE`] dashes; unchanged when it already does (or is solid).
pub fn stretched_to_fit(pattern: &[f64], length: f64) -> Vec<f64> {
    let period: f64 = pattern.iter().sum();
    let dashes_per_period = (pattern.len() / 2) as f64;
    if pattern.len() < 2 || period.is_nan() || period <= 0.0 || !length.is_finite() {
        return pattern.to_vec();
    }
    let dashes = length / period * dashes_per_period;
    if dashes <= MAX_DASHES_PER_LINE {
        return pattern.to_vec();
    }
    let factor = dashes / MAX_DASHES_PER_LINE;
    pattern.iter().map(|l| l * factor).collect()
}

/// The dashes of the polyline `pixels` (device pixels) that a `size`-pixel area shows, with
/// `margin` pixels around it so line caps at the edge stay whole: only the visible part is
/// dashed (a path may leave the plot by many orders of magnitude), and each dash being its
/// own stroke on a canvas, a line longer than [`MAX_DASHES_PER_LINE`] dashes (a path
/// zig-zagging across the plot near divergence) gets its pattern stretched to that many.
pub fn visible_dash_runs(
    pixels: &[(f64, f64)],
    pattern: &[f64],
    size: (u32, u32),
    margin: f64,
) -> Vec<Vec<(f64, f64)>> {
    let bounds = Bounds {
        left: -margin,
        top: -margin,
        right: f64::from(size.0) + margin,
        bottom: f64::from(size.1) + margin,
    };
    let pattern = stretched_to_fit(pattern, visible_length(pixels, bounds));
    dash_runs_within(pixels, &pattern, Some(bounds))
}

/// The parameters `t0 ≤ t1` in [0, 1] of the part of the segment `a → b` inside `bounds`
/// (Liang–Barsky), or None when no part is inside.
fn clip_parameters(a: (f64, f64), b: (f64, f64), bounds: Bounds) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - bounds.left),
        (dx, bounds.right - a.0),
        (-dy, a.1 - bounds.top),
        (dy, bounds.bottom - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
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
    let (width, height) = area.dim_in_pixel();
    for run in visible_dash_runs(pixels, &pattern, (width, height), 8.0 * scale) {
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
    fn clipping_keeps_the_phase_of_the_whole_line() {
        // 0..20 along x, 4 drawn, 2 skipped: the whole line draws 0–4, 6–10, 12–16, 18–20;
        // seen through x ∈ [5, 13] that is 6–10 and 12–13.
        let bounds = Bounds {
            left: 5.0,
            top: -1.0,
            right: 13.0,
            bottom: 1.0,
        };
        let runs = dash_runs_within(&[(0.0, 0.0), (20.0, 0.0)], &[4.0, 2.0], Some(bounds));
        let spans: Vec<(f64, f64)> = runs.iter().map(|r| (r[0].0, r[r.len() - 1].0)).collect();
        assert_eq!(spans, vec![(6.0, 10.0), (12.0, 13.0)]);

        // Out and back: (0,0) → (10,0) → (10,50) → (10,0) in x ∈ [−1, 11], y ∈ [−1, 1]. Arc
        // length s is drawn where s mod 6 < 4: 0–4 and 6–10 on the first leg, the gap from
        // s = 10 to 12 leaves the box, and the way back re-enters at s = 109 inside the dash
        // 108–112, so (10,1) → (10,0) is drawn.
        let bounds = Bounds {
            left: -1.0,
            top: -1.0,
            right: 11.0,
            bottom: 1.0,
        };
        let path = [(0.0, 0.0), (10.0, 0.0), (10.0, 50.0), (10.0, 0.0)];
        let runs = dash_runs_within(&path, &[4.0, 2.0], Some(bounds));
        let ends: Vec<((f64, f64), (f64, f64))> =
            runs.iter().map(|r| (r[0], r[r.len() - 1])).collect();
        assert_eq!(
            ends,
            vec![
                ((0.0, 0.0), (4.0, 0.0)),
                ((6.0, 0.0), (10.0, 0.0)),
                ((10.0, 1.0), (10.0, 0.0))
            ]
        );
    }

    #[test]
    fn a_path_far_outside_costs_only_what_is_visible() {
        // A diverging path 10¹² pixels long: one visible stretch of 50 px gives about 50 / 6
        // dashes, all inside, instead of 10¹¹ runs walked one by one.
        let bounds = Bounds {
            left: 0.0,
            top: 0.0,
            right: 100.0,
            bottom: 100.0,
        };
        let runs = dash_runs_within(
            &[(50.0, 50.0), (1e12, 50.0), (1e12, -1e12), (-3e11, 7e11)],
            &[4.0, 2.0],
            Some(bounds),
        );
        assert!((8..=10).contains(&runs.len()), "{} runs", runs.len());
        for point in runs.iter().flatten() {
            assert!((0.0..=100.0).contains(&point.0) && (0.0..=100.0).contains(&point.1));
        }
        assert_eq!(runs[0][0], (50.0, 50.0));
    }

    #[test]
    fn a_long_zigzag_is_cut_into_a_bounded_number_of_dashes() {
        // 150 strokes across a 800×500 plot: 150 × 800 = 120,000 px of visible line, 20,000
        // dashes of a (4, 2) pattern; stretched, at most MAX_DASHES_PER_LINE (+1 for the
        // last partial period).
        let bounds = Bounds {
            left: 0.0,
            top: 0.0,
            right: 800.0,
            bottom: 500.0,
        };
        let zigzag: Vec<(f64, f64)> = (0..=150)
            .map(|i| (if i % 2 == 0 { 0.0 } else { 800.0 }, 250.0))
            .collect();
        let length = visible_length(&zigzag, bounds);
        assert_eq!(length, 120_000.0);
        let pattern = stretched_to_fit(&[4.0, 2.0], length);
        // 120,000 / 6 = 20,000 dashes: the pattern grows by 20,000 / 300.
        assert!((pattern[0] - 4.0 * 20_000.0 / 300.0).abs() < 1e-9);
        let runs = dash_runs_within(&zigzag, &pattern, Some(bounds));
        assert!(
            runs.len() <= MAX_DASHES_PER_LINE as usize + 1,
            "{}",
            runs.len()
        );
        // A short line keeps its pattern.
        assert_eq!(stretched_to_fit(&[4.0, 2.0], 600.0), vec![4.0, 2.0]);
        assert_eq!(stretched_to_fit(&[], 1e9), Vec::<f64>::new());
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
