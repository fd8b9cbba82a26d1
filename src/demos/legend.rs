//! Legends drawn inside a chart's plotting area (colour swatch and text per line, in a top
//! corner), and the headroom a chart's y range needs so the legend never covers the data.
//!
//! The layout assumes the demos' common chart margins (`drawing::themed_chart`: 10 px margin,
//! 52 px y-label area, 22 px right margin, 34 px x-label area).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{fill_style, text_style};
use super::{DrawResult, Frame, draw_error};

/// Height of one legend line in CSS pixels.
const LINE_CSS: f64 = 17.0;
/// Gap between the plotting area's top and the first legend line, in CSS pixels.
const TOP_CSS: f64 = 6.0;

/// Which top corner of the plotting area a legend sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    TopLeft,
    TopRight,
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

/// Draws `entries` (colour, text) in `corner` of the plotting area.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    corner: Corner,
    entries: &[([u8; 3], String)],
) -> DrawResult {
    let mut y = frame.px(10.0 + TOP_CSS);
    let swatch = frame.px(14.0);
    for (colour, text) in entries {
        let (swatch_left, text_x, anchor) = match corner {
            Corner::TopLeft => {
                let left = frame.px(10.0 + 52.0 + 8.0);
                (left, left + frame.px(20.0), HPos::Left)
            }
            Corner::TopRight => {
                let right = frame.geometry.pixel_width() as f64 - frame.px(22.0 + 8.0);
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
