//! Sampled scalar fields and their contour lines (marching squares).
//!
//! A [`ScalarGrid`] holds a function of two variables sampled on a regular lattice, laid out
//! like an image (row 0 at the top) so that heatmaps paint it without reordering.
//! [`contour_lines`] extracts the level sets of such a grid as polylines in model
//! coordinates. Pure numerics: no drawing library is used here.

/// A function sampled on a regular lattice. Row 0 is the TOP row (y = y_max), column 0 the left
/// (x = x_min), so row-major order matches image pixels.
///
/// Samples sit at cell centres: the lattice point of column `c` and row `r` is
/// `x = x_min + (c + ½)·Δx`, `y = y_max − (r + ½)·Δy` with `Δx = (x_max − x_min) / columns` and
/// `Δy = (y_max − y_min) / rows`. One pixel per cell therefore shows the value at its centre.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScalarGrid {
    /// Number of samples along x.
    pub columns: usize,
    /// Number of samples along y.
    pub rows: usize,
    /// The model x interval covered by the cells, left edge to right edge.
    pub x_range: (f64, f64),
    /// The model y interval covered by the cells, bottom edge to top edge.
    pub y_range: (f64, f64),
    /// `columns × rows` samples, row-major, top row first.
    pub values: Vec<f64>,
}

impl ScalarGrid {
    /// Samples `f(x, y)` at the centres of `columns × rows` cells covering the given ranges.
    pub fn sample(
        f: impl Fn(f64, f64) -> f64,
        x_range: (f64, f64),
        y_range: (f64, f64),
        columns: usize,
        rows: usize,
    ) -> Self {
        let mut grid = Self {
            columns,
            rows,
            x_range,
            y_range,
            values: Vec::new(),
        };
        grid.values.reserve_exact(columns.saturating_mul(rows));
        for row in 0..rows {
            // The row's y is shared by all its samples: computing it once halves the work.
            let [_, y] = grid.point_of(0.0, row as f64);
            for column in 0..columns {
                let [x, _] = grid.point_of(column as f64, 0.0);
                grid.values.push(f(x, y));
            }
        }
        grid
    }

    /// The sample at a lattice point, or NaN outside the grid (or if `values` is too short).
    pub fn value_at(&self, column: usize, row: usize) -> f64 {
        if column >= self.columns || row >= self.rows {
            return f64::NAN;
        }
        self.values
            .get(row * self.columns + column)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Converts fractional lattice coordinates to model `[x, y]`.
    ///
    /// Integer coordinates are the sample points (cell centres); `-0.5` and `columns − 0.5`
    /// are the left and right edges of the covered area.
    pub fn point_of(&self, column: f64, row: f64) -> [f64; 2] {
        let (x_min, x_max) = self.x_range;
        let (y_min, y_max) = self.y_range;
        // An empty grid has no cells; dividing by at least 1 keeps the result finite.
        let cell_width = (x_max - x_min) / self.columns.max(1) as f64;
        let cell_height = (y_max - y_min) / self.rows.max(1) as f64;
        [
            x_min + (column + 0.5) * cell_width,
            y_max - (row + 0.5) * cell_height,
        ]
    }

    /// The smallest and largest finite sample, or `None` if there is none.
    pub fn finite_range(&self) -> Option<(f64, f64)> {
        self.values
            .iter()
            .copied()
            .filter(|value| value.is_finite())
            .fold(None, |range, value| {
                Some(match range {
                    None => (value, value),
                    Some((low, high)) => (low.min(value), high.max(value)),
                })
            })
    }
}

/// Marching squares: the polylines where the sampled function crosses `level`, in model
/// coordinates.
///
/// Each lattice cell (four neighbouring samples) contributes zero, one or two segments whose
/// ends lie on the cell's edges, placed by linear interpolation between the two samples of
/// the edge. Segments are joined into polylines through the edges they share; a closed
/// polyline repeats its first point at the end. Where two diagonally opposite corners lie
/// above the level (a saddle cell), the average of the four corners decides whether the
/// above corners are connected through the cell. Cells with a non-finite corner are skipped,
/// so contours stop at the edge of undefined regions.
pub fn contour_lines(grid: &ScalarGrid, level: f64) -> Vec<Vec<[f64; 2]>> {
    if grid.columns < 2 || grid.rows < 2 || !level.is_finite() {
        return Vec::new();
    }
    let segments = cell_segments(grid, level);
    join_segments(grid, level, &segments)
}

/// Identifies one edge of the lattice: the horizontal edge from `(column, row)` to
/// `(column + 1, row)` or the vertical edge from `(column, row)` to `(column, row + 1)`.
///
/// Adjacent cells name their shared edge identically, which is what joins their segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LatticeEdge {
    column: usize,
    row: usize,
    vertical: bool,
}

impl LatticeEdge {
    /// A number that names the edge uniquely on a grid of `columns` samples per row.
    fn id(self, columns: usize) -> usize {
        2 * (self.row * columns + self.column) + usize::from(self.vertical)
    }
}

/// All segments of all cells, each as the pair of edges its ends lie on, in cell order.
fn cell_segments(grid: &ScalarGrid, level: f64) -> Vec<(LatticeEdge, LatticeEdge)> {
    let columns = grid.columns;
    let wanted = columns * grid.rows;
    // Samples missing from a short `values` read as NaN, as `value_at` reads them.
    let padded;
    let values: &[f64] = if grid.values.len() >= wanted {
        &grid.values[..wanted]
    } else {
        padded = (0..wanted)
            .map(|i| grid.values.get(i).copied().unwrap_or(f64::NAN))
            .collect::<Vec<_>>();
        &padded
    };
    let mut segments = Vec::new();
    for row in 0..grid.rows - 1 {
        let upper = &values[row * columns..(row + 1) * columns];
        let lower = &values[(row + 1) * columns..(row + 2) * columns];
        for column in 0..columns - 1 {
            let (top_left, top_right) = (upper[column], upper[column + 1]);
            let (bottom_right, bottom_left) = (lower[column + 1], lower[column]);
            let (tl, tr, br, bl) = (
                top_left > level,
                top_right > level,
                bottom_right > level,
                bottom_left > level,
            );
            // Most cells lie wholly on one side: they are passed over before anything else
            // (a NaN corner reads as below, and such cells are skipped either way).
            if tl == tr && tr == br && br == bl {
                continue;
            }
            if !(top_left.is_finite()
                && top_right.is_finite()
                && bottom_right.is_finite()
                && bottom_left.is_finite())
            {
                continue;
            }
            let top = LatticeEdge {
                column,
                row,
                vertical: false,
            };
            let bottom = LatticeEdge {
                column,
                row: row + 1,
                vertical: false,
            };
            let left = LatticeEdge {
                column,
                row,
                vertical: true,
            };
            let right = LatticeEdge {
                column: column + 1,
                row,
                vertical: true,
            };
            // An edge is crossed when exactly one of its two corners is above the level.
            let mut crossed = [top; 4];
            let mut count = 0;
            for (edge, is_crossed) in [
                (top, tl != tr),
                (right, tr != br),
                (bottom, br != bl),
                (left, bl != tl),
            ] {
                if is_crossed {
                    crossed[count] = edge;
                    count += 1;
                }
            }
            if count == 2 {
                segments.push((crossed[0], crossed[1]));
            } else {
                // Saddle (a crossed cell has two or four crossed edges): all four edges are
                // crossed. If the centre is above the level the above corners join through
                // the middle, so each below corner is cut off on its own, and vice versa.
                let centre_above =
                    (top_left + top_right + bottom_right + bottom_left) / 4.0 > level;
                let top_left_isolated = tl != centre_above;
                if top_left_isolated {
                    // Top-left and bottom-right corners are the odd ones out.
                    segments.push((left, top));
                    segments.push((bottom, right));
                } else {
                    segments.push((top, right));
                    segments.push((left, bottom));
                }
            }
        }
    }
    segments
}

/// Where the function crosses `level` on a lattice edge, in model coordinates.
///
/// The interpolation always runs from the edge's first lattice point, so both cells sharing
/// the edge compute bit-identical points and closed contours close exactly.
fn crossing_point(grid: &ScalarGrid, edge: LatticeEdge, level: f64) -> [f64; 2] {
    let (end_column, end_row) = if edge.vertical {
        (edge.column, edge.row + 1)
    } else {
        (edge.column + 1, edge.row)
    };
    let start_value = grid.value_at(edge.column, edge.row);
    let end_value = grid.value_at(end_column, end_row);
    // The edge is only used when one end is above and the other not, so the values differ;
    // the clamp guards against rounding pushing the point off the edge.
    let fraction = ((level - start_value) / (end_value - start_value)).clamp(0.0, 1.0);
    let column = edge.column as f64 + fraction * (end_column as f64 - edge.column as f64);
    let row = edge.row as f64 + fraction * (end_row as f64 - edge.row as f64);
    grid.point_of(column, row)
}

/// Chains segments that share edges into polylines: open chains first (they start at an edge
/// used by a single segment, on the grid border or next to a skipped cell), then closed loops.
fn join_segments(
    grid: &ScalarGrid,
    level: f64,
    segments: &[(LatticeEdge, LatticeEdge)],
) -> Vec<Vec<[f64; 2]>> {
    // Every edge belongs to at most two cells and each cell uses an edge at most once, so an
    // edge touches at most two segments. Sorting (edge, segment) pairs finds them without
    // hashing: the segments of one edge end up next to each other, in segment order.
    let columns = grid.columns;
    let mut ends: Vec<(usize, usize)> = Vec::with_capacity(segments.len() * 2);
    for (index, (first, second)) in segments.iter().enumerate() {
        ends.push((first.id(columns), index));
        ends.push((second.id(columns), index));
    }
    ends.sort_unstable();
    // The segments touching an edge, in segment order: `None` marks an empty place.
    let touching = |edge: LatticeEdge| -> [Option<usize>; 2] {
        let id = edge.id(columns);
        let at = ends.partition_point(|&(other, _)| other < id);
        let mut found = [None; 2];
        for (place, &(other, segment)) in found.iter_mut().zip(&ends[at..]) {
            if other != id {
                break;
            }
            *place = Some(segment);
        }
        found
    };
    let mut used = vec![false; segments.len()];
    let mut polylines = Vec::new();

    let mut walk_from = |start_edge: LatticeEdge, start_segment: usize, used: &mut [bool]| {
        let mut polyline = vec![crossing_point(grid, start_edge, level)];
        let mut edge = start_edge;
        let mut segment = start_segment;
        loop {
            used[segment] = true;
            let (first, second) = segments[segment];
            edge = if first == edge { second } else { first };
            polyline.push(crossing_point(grid, edge, level));
            let next = touching(edge)
                .into_iter()
                .flatten()
                .find(|&candidate| !used[candidate]);
            match next {
                Some(next_segment) => segment = next_segment,
                None => break,
            }
        }
        polylines.push(polyline);
    };

    // Open chains: start at an end, in segment order so the output is deterministic.
    for (index, (first, second)) in segments.iter().enumerate() {
        if used[index] {
            continue;
        }
        for end in [*first, *second] {
            if touching(end)[1].is_none() {
                walk_from(end, index, &mut used);
                break;
            }
        }
    }
    // Whatever is left forms closed loops; walking one returns to its starting edge.
    for index in 0..segments.len() {
        if !used[index] {
            walk_from(segments[index].0, index, &mut used);
        }
    }
    polylines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_places_values_at_cell_centres_top_row_first() {
        // 2 × 2 cells over [0, 2] × [0, 2]: centres at x ∈ {0.5, 1.5}, y ∈ {1.5 (top), 0.5}.
        let grid = ScalarGrid::sample(|x, y| 10.0 * x + y, (0.0, 2.0), (0.0, 2.0), 2, 2);
        assert_eq!(grid.values, vec![6.5, 16.5, 5.5, 15.5]);
        assert_eq!(grid.value_at(1, 0), 16.5);
        assert!(grid.value_at(2, 0).is_nan());
        assert_eq!(grid.point_of(-0.5, -0.5), [0.0, 2.0]);
        assert_eq!(grid.point_of(1.5, 1.5), [2.0, 0.0]);
        assert_eq!(grid.finite_range(), Some((5.5, 16.5)));
    }

    #[test]
    fn finite_range_ignores_nan_and_infinity_and_handles_empty_grids() {
        let grid = ScalarGrid {
            columns: 2,
            rows: 2,
            x_range: (0.0, 1.0),
            y_range: (0.0, 1.0),
            values: vec![f64::NAN, 3.0, f64::INFINITY, -1.0],
        };
        assert_eq!(grid.finite_range(), Some((-1.0, 3.0)));
        assert_eq!(ScalarGrid::default().finite_range(), None);
        assert!(ScalarGrid::default().value_at(0, 0).is_nan());
        assert_eq!(
            ScalarGrid::sample(|x, _| x, (0.0, 1.0), (0.0, 1.0), 0, 5)
                .values
                .len(),
            0
        );
    }

    #[test]
    fn circle_level_gives_one_closed_polyline_on_the_circle() {
        // f = x² + y² on [-2, 2]²; the level r² = 1.44 is the circle of radius 1.2.
        let radius: f64 = 1.2;
        let grid = ScalarGrid::sample(|x, y| x * x + y * y, (-2.0, 2.0), (-2.0, 2.0), 40, 40);
        let lines = contour_lines(&grid, radius * radius);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_eq!(
            line.first(),
            line.last(),
            "a closed contour ends where it starts"
        );
        // The circle crosses about 4·(2r/h) ≈ 96 cells for spacing h = 0.1.
        assert!(line.len() > 80 && line.len() < 120, "{} points", line.len());
        // Along an edge the function is s² + const (s the coordinate along the edge). The chord
        // through samples h apart lies at most h²/4 above the parabola and has slope ≈ 2s, so
        // the crossing moves by at most h²/(8s) along the edge, which changes the radius by that
        // times s/r: the radius error is at most h²/(8r) = 0.01/9.6 ≈ 0.00104.
        for [x, y] in line {
            let point_radius = (x * x + y * y).sqrt();
            assert!(
                (point_radius - radius).abs() < 0.00105,
                "radius {point_radius}"
            );
        }
    }

    #[test]
    fn plane_gives_one_straight_open_line_across_the_grid() {
        // f = x + 2y is linear, so edge interpolation is exact: every point has x + 2y = 0.3.
        let grid = ScalarGrid::sample(|x, y| x + 2.0 * y, (-1.0, 1.0), (-1.0, 1.0), 17, 13);
        let lines = contour_lines(&grid, 0.3);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_ne!(line.first(), line.last());
        for [x, y] in line {
            assert!((x + 2.0 * y - 0.3).abs() < 1e-12);
        }
        // Both ends lie on the border of the sampled lattice (cell centres span ±(1 − h/2)).
        let lattice_half_width = 1.0 - 1.0 / 17.0;
        let lattice_half_height = 1.0 - 1.0 / 13.0;
        for [x, y] in [line[0], line[line.len() - 1]] {
            let on_border = (x.abs() - lattice_half_width).abs() < 1e-9
                || (y.abs() - lattice_half_height).abs() < 1e-9;
            assert!(on_border, "end ({x}, {y}) is not on the lattice border");
        }
    }

    /// One cell: samples at x ∈ {0.5, 1.5}, y ∈ {1.5, 0.5} over [0, 2]².
    fn single_cell(
        top_left: f64,
        top_right: f64,
        bottom_right: f64,
        bottom_left: f64,
    ) -> ScalarGrid {
        ScalarGrid {
            columns: 2,
            rows: 2,
            x_range: (0.0, 2.0),
            y_range: (0.0, 2.0),
            values: vec![top_left, top_right, bottom_left, bottom_right],
        }
    }

    fn assert_close(actual: [f64; 2], expected: [f64; 2]) {
        assert!(
            (actual[0] - expected[0]).abs() < 1e-12 && (actual[1] - expected[1]).abs() < 1e-12,
            "{actual:?} != {expected:?}"
        );
    }

    #[test]
    fn saddle_with_centre_above_level_cuts_off_the_low_corners() {
        // Top-left and bottom-right above 0.5; centre (1 + 0 + 1 + 0.2) / 4 = 0.55 is above,
        // so the high corners connect and the low ones (top-right, bottom-left) are cut off.
        let grid = single_cell(1.0, 0.0, 1.0, 0.2);
        let lines = contour_lines(&grid, 0.5);
        assert_eq!(lines.len(), 2);
        // Hand-computed crossings: top edge halfway (x = 1), right edge halfway (y = 1),
        // bottom edge at t = (0.5 − 0.2)/(1 − 0.2) = 0.375 from the left (x = 0.875),
        // left edge at t = (0.5 − 1)/(0.2 − 1) = 0.625 down from the top (y = 0.875).
        assert_close(lines[0][0], [1.0, 1.5]);
        assert_close(lines[0][1], [1.5, 1.0]);
        assert_close(lines[1][0], [0.5, 0.875]);
        assert_close(lines[1][1], [0.875, 0.5]);
    }

    #[test]
    fn saddle_with_centre_below_level_cuts_off_the_high_corners() {
        // Centre (1 + 0 + 1 − 0.4) / 4 = 0.4 is below 0.5: the high corners are isolated.
        let grid = single_cell(1.0, 0.0, 1.0, -0.4);
        let lines = contour_lines(&grid, 0.5);
        assert_eq!(lines.len(), 2);
        // Left edge crossing at t = (0.5 − 1)/(−0.4 − 1) = 5/14 down from the top.
        let left_y = 1.5 - 5.0 / 14.0;
        // Bottom edge crossing at t = (0.5 + 0.4)/(1 + 0.4) = 9/14 from the left.
        let bottom_x = 0.5 + 9.0 / 14.0;
        assert_close(lines[0][0], [0.5, left_y]);
        assert_close(lines[0][1], [1.0, 1.5]);
        assert_close(lines[1][0], [bottom_x, 0.5]);
        assert_close(lines[1][1], [1.5, 1.0]);
    }

    #[test]
    fn cells_with_nan_are_skipped_without_panicking() {
        let mut grid = ScalarGrid::sample(|x, y| x * x + y * y, (-2.0, 2.0), (-2.0, 2.0), 20, 20);
        grid.values[5 * 20 + 10] = f64::NAN;
        grid.values[0] = f64::INFINITY;
        let lines = contour_lines(&grid, 1.0);
        assert!(!lines.is_empty());
        assert!(
            lines
                .iter()
                .flatten()
                .all(|[x, y]| x.is_finite() && y.is_finite())
        );
        // The NaN sample removes the four cells around it, which cuts the circle open.
        assert!(lines.iter().all(|line| line.first() != line.last()));

        let all_nan = ScalarGrid {
            values: vec![f64::NAN; 9],
            columns: 3,
            rows: 3,
            ..grid.clone()
        };
        assert!(contour_lines(&all_nan, 1.0).is_empty());
        assert!(contour_lines(&grid, f64::NAN).is_empty());
        assert!(contour_lines(&ScalarGrid::default(), 0.0).is_empty());
        // A values vector shorter than columns × rows reads as NaN instead of panicking.
        let short = ScalarGrid {
            values: vec![0.0, 1.0],
            columns: 3,
            rows: 3,
            ..grid
        };
        assert!(contour_lines(&short, 0.5).is_empty());
    }
}
