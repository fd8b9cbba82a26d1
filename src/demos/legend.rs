//! Legends drawn inside a chart's plotting area (colour swatch and text per line, in a
//! corner), placed where they cover no data: in the corner whose legend box meets the fewest
//! of the points and lines actually drawn ([`emptiest_corner`], [`draw_legend_clear_of`]),
//! and the headroom a chart's y range needs so that a top corner stays free of data.
//!
//! The layout assumes the demos' common chart margins (`drawing::themed_chart`: 10 px margin,
//! 52 px y-label area, 22 px right margin, 34 px x-label area).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{fill_style, text_style};
use super::{DrawResult, Frame, draw_error};
use crate::render::theme::rgb;

/// Height of one legend line in CSS pixels.
const LINE_CSS: f64 = 17.0;
/// Gap between the plotting area's top and the first legend line, in CSS pixels.
const TOP_CSS: f64 = 6.0;

/// Which corner of the plotting area a legend sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

impl Corner {
    /// Every corner, in the order ties are broken after a caller's preferred corner: the top
    /// corners first (where a reader looks for a key), right before left.
    pub const ALL: [Corner; 4] = [
        Corner::TopRight,
        Corner::TopLeft,
        Corner::BottomRight,
        Corner::BottomLeft,
    ];
}

/// A rectangle in device pixels (`left < right`, `top < bottom`, y growing downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PixelRect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl PixelRect {
    /// The box of `size` (width, height) in `corner` of `self`, `inset` pixels from its edges.
    pub fn corner_box(&self, corner: Corner, size: (f64, f64), inset: f64) -> PixelRect {
        let (width, height) = size;
        let left = match corner {
            Corner::TopLeft | Corner::BottomLeft => self.left + inset,
            Corner::TopRight | Corner::BottomRight => self.right - inset - width,
        };
        let top = match corner {
            Corner::TopLeft | Corner::TopRight => self.top + inset,
            Corner::BottomLeft | Corner::BottomRight => self.bottom - inset - height,
        };
        PixelRect {
            left,
            top,
            right: left + width,
            bottom: top + height,
        }
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= self.left && x <= self.right && y >= self.top && y <= self.bottom
    }

    /// Whether the segment from `a` to `b` passes through the rectangle (Liang–Barsky clip).
    fn meets_segment(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut enter, mut leave) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.left),
            (dx, self.right - a.0),
            (-dy, a.1 - self.top),
            (dy, self.bottom - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    enter = enter.max(t);
                } else {
                    leave = leave.min(t);
                }
            }
        }
        enter <= leave
    }
}

/// How much of the drawn data a box covers: the points inside it plus the segments (between
/// consecutive points of a line) that cross it without a point inside.
pub fn data_under(rect: &PixelRect, lines: &[Vec<(f64, f64)>]) -> usize {
    let mut count = 0;
    for line in lines {
        let finite: Vec<(f64, f64)> = line
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        count += finite.iter().filter(|p| rect.contains(**p)).count();
        count += finite
            .windows(2)
            .filter(|pair| {
                !rect.contains(pair[0])
                    && !rect.contains(pair[1])
                    && rect.meets_segment(pair[0], pair[1])
            })
            .count();
    }
    count
}

/// The corner of `plot` where a legend box of `size` (inset by `inset`) covers the least of
/// `lines` (polylines in device pixels; a scatter point is a one-point line). `preferred`
/// wins ties, then the order of [`Corner::ALL`].
pub fn emptiest_corner(
    plot: &PixelRect,
    size: (f64, f64),
    inset: f64,
    lines: &[Vec<(f64, f64)>],
    preferred: Corner,
) -> Corner {
    let order =
        std::iter::once(preferred).chain(Corner::ALL.into_iter().filter(|c| *c != preferred));
    let mut best = (usize::MAX, preferred);
    for corner in order {
        let covered = data_under(&plot.corner_box(corner, size, inset), lines);
        if covered < best.0 {
            best = (covered, corner);
        }
    }
    best.1
}

/// The device-pixel positions of model points on a chart, for [`draw_legend_clear_of`]
/// (relative to the chart's drawing area, as the legend is drawn); any axes of f64 values,
/// linear or logarithmic, and points given by value or by reference.
pub fn chart_pixels<DB, X, Y>(
    chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
    points: impl IntoIterator<Item = impl std::borrow::Borrow<(f64, f64)>>,
) -> Vec<(f64, f64)>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    points
        .into_iter()
        .map(|point| {
            let (x, y) = chart.backend_coord(point.borrow());
            (f64::from(x), f64::from(y))
        })
        .collect()
}

/// The top of a y range whose data reach `data_high` (from `low`) so that `lines` legend
/// lines fit above the data: the legend takes a fixed number of pixels, whatever the plot's
/// size, so the headroom is computed in pixels, not as a fixed fraction.
pub fn top_with_legend_room(low: f64, data_high: f64, lines: usize, frame: &Frame) -> f64 {
    let plot_height = frame.geometry.pixel_height() as f64 - frame.px(10.0 + 10.0 + 34.0);
    let legend = frame.px(TOP_CSS + LINE_CSS * lines as f64 + 4.0);
    // Keep at least 40% of the height for the data on tiny plots.
    let fraction = (legend / plot_height.max(1.0)).min(0.6);
    let span = (data_high - low).max(1e-12);
    low + span / (1.0 - fraction)
}

/// The plotting area of the demos' common chart margins, in device pixels.
pub fn plotting_rect(frame: &Frame) -> PixelRect {
    PixelRect {
        left: frame.px(10.0 + 52.0),
        top: frame.px(10.0),
        right: frame.geometry.pixel_width() as f64 - frame.px(22.0),
        bottom: frame.geometry.pixel_height() as f64 - frame.px(10.0 + 34.0),
    }
}

/// The size in device pixels of the legend [`draw_legend`] draws for `entries`: a swatch,
/// a gap and the longest text (estimated at 0.56 font sizes per character, a little over the
/// average glyph of the browsers' sans-serif), one [`LINE_CSS`] line per entry.
pub fn legend_size(frame: &Frame, entries: &[([u8; 3], String)]) -> (f64, f64) {
    let longest = entries
        .iter()
        .map(|(_, text)| text.chars().count())
        .max()
        .unwrap_or(0);
    (
        frame.px(20.0) + longest as f64 * frame.font(12.0) * 0.56,
        frame.px(LINE_CSS) * entries.len() as f64,
    )
}

/// Draws `entries` (colour, text) in `corner` of the plotting area.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    corner: Corner,
    entries: &[([u8; 3], String)],
) -> DrawResult {
    let plot = plotting_rect(frame);
    let size = legend_size(frame, entries);
    let inset = frame.px(8.0);
    let mut placed = plot.corner_box(corner, size, inset);
    // The top corners keep their old place: 6 px below the plot's top edge.
    if matches!(corner, Corner::TopLeft | Corner::TopRight) {
        placed.top = plot.top + frame.px(TOP_CSS);
    }
    let mut y = placed.top;
    let swatch = frame.px(14.0);
    for (colour, text) in entries {
        let (swatch_left, text_x, anchor) = match corner {
            Corner::TopLeft | Corner::BottomLeft => {
                let left = plot.left + inset;
                (left, left + frame.px(20.0), HPos::Left)
            }
            Corner::TopRight | Corner::BottomRight => {
                let right = plot.right - inset;
                (right - swatch, right - frame.px(20.0), HPos::Right)
            }
        };
        area.draw(&Rectangle::new(
            [
                (swatch_left as i32, (y + frame.px(3.0)) as i32),
                ((swatch_left + swatch) as i32, (y + frame.px(11.0)) as i32),
            ],
            fill_style(*colour),
        ))
        .map_err(draw_error)?;
        area.draw(&Text::new(
            text.clone(),
            (text_x as i32, y as i32),
            text_style(frame, 12.0, frame.theme.text).pos(Pos::new(anchor, VPos::Top)),
        ))
        .map_err(draw_error)?;
        y += frame.px(LINE_CSS);
    }
    Ok(())
}

/// Draws `entries` in the corner of the plotting area where they cover the least of `data`
/// (the polylines and points drawn, in device pixels: see [`chart_pixels`]), `preferred` on
/// a tie. If every corner covers some data, a veil of the page background behind the text
/// keeps it readable. Returns the corner used.
pub fn draw_legend_clear_of<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    preferred: Corner,
    entries: &[([u8; 3], String)],
    data: &[Vec<(f64, f64)>],
) -> Result<Corner, String> {
    let plot = plotting_rect(frame);
    let size = legend_size(frame, entries);
    let inset = frame.px(8.0);
    let corner = emptiest_corner(&plot, size, inset, data, preferred);
    let placed = plot.corner_box(corner, size, inset);
    if data_under(&placed, data) > 0 {
        let pad = frame.px(3.0);
        area.draw(&Rectangle::new(
            [
                ((placed.left - pad) as i32, (placed.top - pad) as i32),
                ((placed.right + pad) as i32, (placed.bottom + pad) as i32),
            ],
            rgb(frame.theme.background).mix(0.85).filled(),
        ))
        .map_err(draw_error)?;
    }
    draw_legend(area, frame, corner, entries)?;
    Ok(corner)
}

/// A one-line message in the middle of an otherwise empty plot.
pub fn draw_message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    text: &str,
) -> DrawResult {
    let (width, height) = (
        frame.geometry.pixel_width() as i32,
        frame.geometry.pixel_height() as i32,
    );
    area.draw(&Text::new(
        text.to_owned(),
        (width / 2, height / 2),
        text_style(frame, 13.0, frame.theme.muted_text).pos(Pos::new(HPos::Center, VPos::Center)),
    ))
    .map_err(draw_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLOT: PixelRect = PixelRect {
        left: 0.0,
        top: 0.0,
        right: 400.0,
        bottom: 300.0,
    };

    #[test]
    fn corner_boxes_sit_inside_the_plot() {
        let size = (100.0, 40.0);
        let top_right = PLOT.corner_box(Corner::TopRight, size, 8.0);
        assert_eq!(
            (
                top_right.left,
                top_right.top,
                top_right.right,
                top_right.bottom
            ),
            (292.0, 8.0, 392.0, 48.0)
        );
        let bottom_left = PLOT.corner_box(Corner::BottomLeft, size, 8.0);
        assert_eq!(
            (
                bottom_left.left,
                bottom_left.top,
                bottom_left.right,
                bottom_left.bottom
            ),
            (8.0, 252.0, 108.0, 292.0)
        );
    }

    #[test]
    fn the_legend_goes_where_the_data_are_not() {
        let size = (100.0, 40.0);
        // A rising line from the bottom left to the top right leaves the other two corners
        // free; the top left wins over the bottom right (tie) as a top corner.
        let rising = vec![vec![(0.0, 300.0), (400.0, 0.0)]];
        assert_eq!(
            emptiest_corner(&PLOT, size, 8.0, &rising, Corner::TopRight),
            Corner::TopLeft
        );
        // A caller's preferred corner wins a tie.
        assert_eq!(
            emptiest_corner(&PLOT, size, 8.0, &rising, Corner::BottomRight),
            Corner::BottomRight
        );
        // A falling line (top left to bottom right) leaves the top right.
        let falling = vec![vec![(0.0, 0.0), (400.0, 300.0)]];
        assert_eq!(
            emptiest_corner(&PLOT, size, 8.0, &falling, Corner::TopLeft),
            Corner::TopRight
        );
        // Scatter points crowding the top: the bottom corner with fewer points wins.
        let mut points: Vec<Vec<(f64, f64)>> =
            (0..40).map(|i| vec![(f64::from(i) * 10.0, 20.0)]).collect();
        points.push(vec![(50.0, 280.0)]);
        assert_eq!(
            emptiest_corner(&PLOT, size, 8.0, &points, Corner::TopLeft),
            Corner::BottomRight
        );
    }

    #[test]
    fn a_segment_crossing_the_box_counts_without_a_point_inside() {
        let legend = PLOT.corner_box(Corner::TopRight, (100.0, 40.0), 8.0);
        // A vertical line through the box from above the plot to its bottom edge.
        let vertical = vec![vec![(340.0, -10.0), (340.0, 300.0)]];
        assert_eq!(data_under(&legend, &vertical), 1);
        let beside = vec![vec![(200.0, -10.0), (200.0, 300.0)]];
        assert_eq!(data_under(&legend, &beside), 0);
        // Points inside count one each, and the segment between them is not counted again.
        let inside = vec![vec![(300.0, 10.0), (320.0, 20.0), (380.0, 40.0)]];
        assert_eq!(data_under(&legend, &inside), 3);
    }

    #[test]
    fn headroom_leaves_the_legend_its_pixels() {
        let frame = Frame::light(400.0, 300.0, 2.0);
        // Plot height 300 − 54 = 246 CSS px; 2 lines need 6 + 34 + 4 = 44 px: 17.9%.
        let top = top_with_legend_room(0.0, 1.0, 2, &frame);
        assert!((top - 1.0 / (1.0 - 44.0 / 246.0)).abs() < 1e-9, "{top}");
        // Tiny plots keep 40% for the data.
        let tiny = Frame::light(100.0, 60.0, 1.0);
        assert!((top_with_legend_room(0.0, 1.0, 3, &tiny) - 2.5).abs() < 1e-9);
    }
}
