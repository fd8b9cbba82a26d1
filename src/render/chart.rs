//! Line charts (the loss-vs-iteration chart, later training curves), drawn with plotters on
//! any backend.
//!
//! The drawing function is generic over `DB: DrawingBackend`: the browser passes a canvas
//! backend, tests pass `SVGBackend` and read the SVG text. Series are cleaned (non-finite
//! points, and non-positive ones on a log axis, are dropped) and decimated to the pixel width
//! before plotters sees them, so the cost of a redraw does not grow with the series length.

use plotters::coord::Shift;
use plotters::coord::combinators::IntoLogRange;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::{ChartBuilder, Circle, Cross, DrawingArea, DrawingBackend, IntoFont, Text};
use plotters::style::{Color, ShapeStyle, TextStyle};

use crate::render::dash::draw_dashed_path;
use crate::render::theme::{Theme, rgb, series_dash};

/// How values are laid out along an axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AxisScale {
    Linear,
    /// Powers of ten equally spaced; only positive values can be shown.
    Log,
}

/// A symbol drawn on top of a series' line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesMarker {
    /// A cross at the last drawable point, e.g. "diverged here" (the points after it were
    /// infinite or NaN).
    CrossAtLastPoint,
    /// A filled dot at the last drawable point, e.g. the current iterate.
    DotAtLastPoint,
}

/// One line of a chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Series<'a> {
    /// The legend text; an empty label keeps the series out of the legend.
    pub label: &'a str,
    pub colour: [u8; 3],
    /// `(x, y)` points in drawing order, normally sorted by x.
    pub points: &'a [(f64, f64)],
    pub marker: Option<SeriesMarker>,
}

/// Everything about a chart except its data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartOptions<'a> {
    pub title: Option<&'a str>,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub y_scale: AxisScale,
    /// A fixed x range; `None` fits the data.
    pub x_range: Option<(f64, f64)>,
    pub theme: Theme,
    /// Font size of tick labels, already in device pixels.
    pub font_px: f64,
    /// Width of series lines, already in device pixels.
    pub line_px: f64,
    pub legend: bool,
    /// Which part to draw: everything, or one of two layers (see [`ChartParts`]).
    pub parts: ChartParts,
}

/// A chart drawn whole, or in two layers on two stacked canvases: the frame (background,
/// axes, grid, tick labels) changes rarely, the series and their legend on every frame of an
/// animation. In
/// layers the y range snaps outward (whole decades on a log axis, whole steps of the tick
/// spacing on a linear one) so that the frame stays valid while the data moves within it;
/// [`chart_y_range`] gives that range so the caller knows when to redraw the frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChartParts {
    #[default]
    All,
    Frame,
    Series,
}

impl Default for ChartOptions<'_> {
    fn default() -> Self {
        Self {
            title: None,
            x_label: "",
            y_label: "",
            y_scale: AxisScale::Linear,
            x_range: None,
            theme: Theme::light(),
            font_px: 12.0,
            line_px: 1.5,
            legend: true,
            parts: ChartParts::All,
        }
    }
}

/// Draws axes, grid, every series and a legend. Log scale: non-positive and non-finite values
/// are dropped from the drawn path (never drawn as NaN), the y range is chosen from the finite
/// positive values (fallback range if none). Long series are decimated to at most ~2 points
/// per horizontal pixel (min/max per pixel column keeps spikes visible) so the cost stays
/// bounded however long the series grows.
///
/// An area too small to hold axes is only filled with the background.
pub fn draw_line_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[Series],
    options: &ChartOptions,
) -> Result<(), String> {
    let font_px = chart_font_px(options);
    if options.parts != ChartParts::Series {
        area.fill(&rgb(options.theme.background))
            .map_err(|error| error.to_string())?;
    }
    let (width, height) = area.dim_in_pixel();
    // Tick labels need about 5 font sizes to the left and 3 below; with less room than twice
    // that, plotters would be asked for a negative plotting area.
    if f64::from(width) < font_px * 10.0 || f64::from(height) < font_px * 6.0 {
        return Ok(());
    }
    let (cleaned, x_range, (low, high)) = fit_chart(series, options);
    let layout = ChartLayout { font_px, x_range };
    match options.y_scale {
        AxisScale::Linear => {
            let format = |value: &f64| format_linear_tick(*value, high - low);
            draw_in_coordinates(
                area,
                series,
                &cleaned,
                options,
                &layout,
                (low, high),
                low..high,
                &format,
            )
        }
        AxisScale::Log => draw_in_coordinates(
            area,
            series,
            &cleaned,
            options,
            &layout,
            (low, high),
            (low..high).log_scale(),
            &format_log_tick,
        ),
    }
}

/// The y range [`draw_line_chart`] uses for these series and options (snapped when drawn in
/// layers): a caller drawing the frame on a background layer redraws it when this changes.
pub fn chart_y_range(series: &[Series], options: &ChartOptions) -> (f64, f64) {
    fit_chart(series, options).2
}

fn chart_font_px(options: &ChartOptions) -> f64 {
    if options.font_px.is_finite() && options.font_px > 0.0 {
        options.font_px.min(200.0)
    } else {
        12.0
    }
}

/// The drawable points of every series, the x range and the y range.
#[allow(clippy::type_complexity)]
fn fit_chart(
    series: &[Series],
    options: &ChartOptions,
) -> (Vec<Vec<(f64, f64)>>, (f64, f64), (f64, f64)) {
    let cleaned: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|one| drawable_points(one.points, options.y_scale))
        .collect();
    let x_range = options
        .x_range
        .and_then(|(start, end)| ordered_range(start, end))
        .unwrap_or_else(|| fit_x_range(&cleaned));
    let layered = options.parts != ChartParts::All;
    let y_range = match options.y_scale {
        AxisScale::Linear => {
            let (low, high) = fit_linear_y_range(&cleaned, x_range);
            if layered {
                snap_linear_range(low, high)
            } else {
                (low, high)
            }
        }
        AxisScale::Log => {
            let (low, high) = fit_log_y_range(&cleaned, x_range);
            if layered {
                snap_log_range(low, high)
            } else {
                (low, high)
            }
        }
    };
    (cleaned, x_range, y_range)
}

/// Widens a log range outward to whole decades.
fn snap_log_range(low: f64, high: f64) -> (f64, f64) {
    let limit = LOG_AXIS_EXPONENT_LIMIT;
    let bottom = low.log10().floor().clamp(-limit, limit - 1.0);
    let top = high.log10().ceil().clamp(bottom + 1.0, limit);
    (10f64.powf(bottom), 10f64.powf(top))
}

/// Widens a linear range outward to whole multiples of a 1-2-5 step about a fifth of its span.
fn snap_linear_range(low: f64, high: f64) -> (f64, f64) {
    let span = high - low;
    if !(span > 0.0 && span.is_finite()) {
        return (low, high);
    }
    let raw = span / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(raw);
    ((low / step).floor() * step, (high / step).ceil() * step)
}

/// Reduces `points` to at most two per pixel column: for each of `columns` equal slices of
/// `x_range`, the points with the smallest and the largest y, in their original order.
///
/// Points outside `x_range` or with a non-finite coordinate are dropped. When no more than
/// `2 · columns` points remain they are all kept, so short series are drawn exactly. For
/// x-sorted input the output is x-sorted.
pub fn decimate(points: &[(f64, f64)], x_range: (f64, f64), columns: usize) -> Vec<(f64, f64)> {
    let columns = columns.max(1);
    let (start, end) = (x_range.0.min(x_range.1), x_range.0.max(x_range.1));
    let inside = |&&(x, y): &&(f64, f64)| x.is_finite() && y.is_finite() && x >= start && x <= end;
    let inside_count = points.iter().filter(inside).count();
    if inside_count <= 2 * columns {
        return points.iter().filter(inside).copied().collect();
    }
    let span = end - start;
    let columns_per_unit = if span > 0.0 && span.is_finite() {
        columns as f64 / span
    } else {
        0.0
    };
    // For each column, the indices of its lowest and highest point (first one on ties).
    let mut extremes: Vec<Option<(usize, usize)>> = vec![None; columns];
    for (index, point) in points.iter().enumerate() {
        if !inside(&point) {
            continue;
        }
        // The cast saturates and the min keeps x = end in the last column.
        let column = (((point.0 - start) * columns_per_unit) as usize).min(columns - 1);
        extremes[column] = Some(match extremes[column] {
            None => (index, index),
            Some((lowest, highest)) => (
                if point.1 < points[lowest].1 {
                    index
                } else {
                    lowest
                },
                if point.1 > points[highest].1 {
                    index
                } else {
                    highest
                },
            ),
        });
    }
    let mut kept = Vec::with_capacity(2 * columns);
    for (lowest, highest) in extremes.into_iter().flatten() {
        let (first, second) = (lowest.min(highest), lowest.max(highest));
        kept.push(points[first]);
        if second != first {
            kept.push(points[second]);
        }
    }
    kept
}

/// Sizes that depend on the font, shared by the drawing steps.
struct ChartLayout {
    font_px: f64,
    x_range: (f64, f64),
}

/// The body of [`draw_line_chart`], generic over the y coordinate (linear or logarithmic).
#[allow(clippy::too_many_arguments)]
fn draw_in_coordinates<DB, Y>(
    area: &DrawingArea<DB, Shift>,
    series: &[Series],
    cleaned: &[Vec<(f64, f64)>],
    options: &ChartOptions,
    layout: &ChartLayout,
    y_range: (f64, f64),
    y_coordinates: Y,
    y_tick_format: &dyn Fn(&f64) -> String,
) -> Result<(), String>
where
    DB: DrawingBackend,
    Y: AsRangedCoord<Value = f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let font_px = layout.font_px;
    let theme = &options.theme;
    let text_style = |size: f64, colour: [u8; 3]| -> TextStyle<'static> {
        ("sans-serif", size).into_font().color(&rgb(colour))
    };
    let line_width = if options.line_px.is_finite() {
        options.line_px.round().clamp(1.0, 50.0) as u32
    } else {
        1
    };
    // Dash patterns are in CSS pixels for lines about 2 px wide: scaled with the line, they
    // keep their look on HiDPI screens.
    let dash_scale = f64::from(line_width.max(2)) / 2.0;

    // The legend is a row (or rows) of entries above the plot, laid out from the labels and
    // the width alone so that the frame and the series layers agree on the plotting area.
    let legend = if options.legend {
        legend_layout(series, area.dim_in_pixel().0 as f64, font_px)
    } else {
        Vec::new()
    };
    let legend_rows = legend.iter().map(|entry| entry.row + 1).max().unwrap_or(0);
    let margin = (font_px * 0.8).round() as u32;
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(margin)
        .margin_top(margin + (legend_rows as f64 * font_px * LEGEND_ROW_HEIGHT).round() as u32)
        .x_label_area_size((font_px * 3.0).round() as u32)
        .y_label_area_size((font_px * 5.0).round() as u32);
    if let Some(title) = options.title {
        builder.caption(title, text_style(font_px * 1.25, theme.text));
    }
    let (x_start, x_end) = layout.x_range;
    let mut chart = builder
        .build_cartesian_2d(x_start..x_end, y_coordinates)
        .map_err(|error| error.to_string())?;
    let format_x_tick = |value: &f64| format_linear_tick(*value, x_end - x_start);

    if options.parts != ChartParts::Series {
        let mut mesh = chart.configure_mesh();
        mesh.bold_line_style(rgb(theme.grid))
            .light_line_style(rgb(theme.grid).mix(0.4))
            .axis_style(rgb(theme.axis))
            .label_style(text_style(font_px, theme.muted_text))
            .axis_desc_style(text_style(font_px, theme.text))
            .x_labels(8)
            .x_label_formatter(&format_x_tick)
            .y_labels(6)
            .x_desc(options.x_label)
            .y_desc(options.y_label)
            .y_label_formatter(y_tick_format);
        mesh.draw().map_err(|error| error.to_string())?;
    }

    let (plot_width, _) = chart.plotting_area().dim_in_pixel();
    // Points far outside the y range are pulled in to one range-height beyond it, so that no
    // backend is handed astronomically large pixel coordinates.
    let (y_low, y_high) = y_range;
    let clamp_y = |y: f64| match options.y_scale {
        AxisScale::Linear => y.clamp(y_low - (y_high - y_low), y_high + (y_high - y_low)),
        AxisScale::Log => y.clamp(y_low / (y_high / y_low), y_high * (y_high / y_low)),
    };
    for (one, points) in series.iter().zip(cleaned) {
        let style = ShapeStyle {
            color: rgb(one.colour).to_rgba(),
            filled: false,
            stroke_width: line_width,
        };
        // The frame layer draws no lines, but registers each series for the legend.
        let path: Vec<(f64, f64)> = if options.parts == ChartParts::Frame {
            Vec::new()
        } else {
            decimate(points, layout.x_range, plot_width as usize)
                .into_iter()
                .map(|(x, y)| (x, clamp_y(y)))
                .collect()
        };
        let single_point = path.len() == 1;
        if path.len() > 1 {
            // Dashed in pixels (palette colours carry a dash each, see `theme::series_dash`),
            // on the plotting area, where `LineSeries` would have drawn the solid line.
            let plotting_area = chart.plotting_area().strip_coord_spec();
            let (base_x, base_y) = plotting_area.get_base_pixel();
            let pixels: Vec<(f64, f64)> = path
                .iter()
                .map(|point| {
                    let (x, y) = chart.backend_coord(point);
                    (f64::from(x - base_x), f64::from(y - base_y))
                })
                .collect();
            draw_dashed_path(
                &plotting_area,
                &pixels,
                series_dash(one.colour),
                dash_scale,
                style,
            )?;
        }
        // The last point in range, before decimation, which may have dropped it.
        let last_in_range = points
            .iter()
            .rev()
            .find(|(x, _)| *x >= x_start && *x <= x_end)
            .map(|&(x, y)| (x, clamp_y(y)));
        let marker_size = (font_px * 0.45).round().max(3.0) as i32;
        let marker = one
            .marker
            .or(single_point.then_some(SeriesMarker::DotAtLastPoint));
        let last_in_range = last_in_range.filter(|_| options.parts != ChartParts::Frame);
        match (marker, last_in_range) {
            (Some(SeriesMarker::CrossAtLastPoint), Some(point)) => {
                let cross_style = ShapeStyle {
                    stroke_width: line_width.max(2),
                    ..style
                };
                chart
                    .draw_series(std::iter::once(Cross::new(point, marker_size, cross_style)))
                    .map_err(|error| error.to_string())?;
            }
            (Some(SeriesMarker::DotAtLastPoint), Some(point)) => {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        point,
                        marker_size,
                        style.filled(),
                    )))
                    .map_err(|error| error.to_string())?;
            }
            _ => {}
        }
    }

    // The legend belongs to the frame: it sits above the plot, so no line ever crosses it.
    if options.parts != ChartParts::Series {
        for entry in &legend {
            let one = &series[entry.series];
            let style = ShapeStyle {
                color: rgb(one.colour).to_rgba(),
                filled: false,
                stroke_width: line_width.max(2),
            };
            let y = (margin as f64 + (entry.row as f64 + 0.5) * font_px * LEGEND_ROW_HEIGHT) as i32;
            let x = entry.x as i32;
            let swatch_end = x + (font_px * LEGEND_SWATCH).round() as i32;
            draw_dashed_path(
                area,
                &[
                    (f64::from(x), f64::from(y)),
                    (f64::from(swatch_end), f64::from(y)),
                ],
                series_dash(one.colour),
                dash_scale,
                style,
            )?;
            let text_x = swatch_end + (font_px * 0.4).round() as i32;
            let text_y = y - (font_px * 0.5).round() as i32;
            area.draw(&Text::new(
                one.label,
                (text_x, text_y),
                text_style(font_px, theme.text),
            ))
            .map_err(|error| error.to_string())?;
        }
    }
    area.present().map_err(|error| error.to_string())
}

/// Legend rows are this many font sizes high; the colour swatch this many font sizes long.
const LEGEND_ROW_HEIGHT: f64 = 1.5;
const LEGEND_SWATCH: f64 = 1.6;

/// Where one legend entry goes: its row and its left edge in pixels.
struct LegendEntry {
    series: usize,
    row: usize,
    x: f64,
}

/// Lays the labelled series out left to right, wrapping to a new row when the width runs
/// out. Text widths are estimated (0.6 font sizes per character, generous for the sans-serif
/// fonts of browsers and SVG viewers) rather than measured: measuring text on a canvas costs
/// a round trip per label, and the layout must not depend on the backend.
fn legend_layout(series: &[Series], width: f64, font_px: f64) -> Vec<LegendEntry> {
    let left = font_px * 5.0;
    let right = width - font_px;
    let mut entries = Vec::new();
    let (mut row, mut x) = (0, left);
    for (index, one) in series.iter().enumerate() {
        if one.label.is_empty() {
            continue;
        }
        let entry_width =
            font_px * (LEGEND_SWATCH + 0.4 + 0.6 * one.label.chars().count() as f64 + 1.2);
        if x + entry_width > right && x > left {
            row += 1;
            x = left;
        }
        entries.push(LegendEntry {
            series: index,
            row,
            x,
        });
        x += entry_width;
    }
    entries
}

/// The points that can be drawn on the given y scale: finite, and positive for Log.
fn drawable_points(points: &[(f64, f64)], y_scale: AxisScale) -> Vec<(f64, f64)> {
    points
        .iter()
        .copied()
        .filter(|&(x, y)| {
            x.is_finite() && y.is_finite() && (y_scale == AxisScale::Linear || y > 0.0)
        })
        .collect()
}

/// Axis ranges are limited to this magnitude so that spans (high − low) stay finite.
const LARGEST_AXIS_VALUE: f64 = 1e150;

/// `(start, end)` in increasing order, widened if empty or too narrow to subdivide; `None` if
/// not finite.
fn ordered_range(start: f64, end: f64) -> Option<(f64, f64)> {
    if !(start.is_finite() && end.is_finite()) {
        return None;
    }
    let (low, high) = (
        start.min(end).max(-LARGEST_AXIS_VALUE),
        start.max(end).min(LARGEST_AXIS_VALUE),
    );
    Some(widen_if_too_narrow(low, high))
}

/// Keeps `(low, high)` unless its span is below a millionth of its magnitude, where plotters'
/// tick search runs out of floating-point precision (and can loop forever); such a range is
/// replaced by one around its middle of ±5 % (at least ±0.5).
fn widen_if_too_narrow(low: f64, high: f64) -> (f64, f64) {
    let magnitude = low.abs().max(high.abs());
    if high - low > magnitude * 1e-6 {
        return (low, high);
    }
    let middle = low / 2.0 + high / 2.0;
    let half = (middle.abs() * 0.05).max(0.5);
    (middle - half, middle + half)
}

fn fit_x_range(cleaned: &[Vec<(f64, f64)>]) -> (f64, f64) {
    let xs = cleaned.iter().flatten().map(|&(x, _)| x);
    match min_max(xs) {
        Some((low, high)) => ordered_range(low, high).unwrap_or((0.0, 1.0)),
        None => (0.0, 1.0),
    }
}

/// The y extent of the points within the x range, with 5 % headroom on both sides.
fn fit_linear_y_range(cleaned: &[Vec<(f64, f64)>], (x_start, x_end): (f64, f64)) -> (f64, f64) {
    let ys = cleaned
        .iter()
        .flatten()
        .filter(|(x, _)| *x >= x_start && *x <= x_end)
        .map(|&(_, y)| y);
    let Some((low, high)) = min_max(ys) else {
        return (0.0, 1.0);
    };
    let (low, high) = (low.max(-LARGEST_AXIS_VALUE), high.min(LARGEST_AXIS_VALUE));
    let (low, high) = widen_if_too_narrow(low, high);
    let headroom = (high - low) * 0.05;
    (low - headroom, high + headroom)
}

/// The logarithmic axis stays within 10^±150: plotters divides the ends of the range, and a
/// ratio that overflows to infinity makes its tick generation loop (practically) forever.
const LOG_AXIS_EXPONENT_LIMIT: f64 = 150.0;

/// The positive y extent within the x range, with 5 % headroom in log space; a single value
/// gets half a decade on each side, no value at all the fallback 1 ..= 10.
fn fit_log_y_range(cleaned: &[Vec<(f64, f64)>], (x_start, x_end): (f64, f64)) -> (f64, f64) {
    let ys = cleaned
        .iter()
        .flatten()
        .filter(|(x, y)| *x >= x_start && *x <= x_end && *y > 0.0)
        .map(|&(_, y)| y);
    let Some((low, high)) = min_max(ys) else {
        return (1.0, 10.0);
    };
    let limit = LOG_AXIS_EXPONENT_LIMIT;
    let low_exponent = low.log10().clamp(-limit, limit);
    let high_exponent = high.log10().clamp(-limit, limit);
    let headroom = if high_exponent > low_exponent {
        (high_exponent - low_exponent) * 0.05
    } else {
        0.5
    };
    let top = (high_exponent + headroom).min(limit);
    let bottom = (low_exponent - headroom).max(-limit).min(top - 1.0);
    (10f64.powf(bottom), 10f64.powf(top))
}

fn min_max(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.fold(None, |range, value| {
        Some(match range {
            None => (value, value),
            Some((low, high)) => (low.min(value), high.max(value)),
        })
    })
}

/// Tick labels for a linear axis spanning `span`: plotters places at most about 8 ticks at
/// multiples of 1, 2 or 5 × 10^k, so the decimals needed follow from the step span / 8, and
/// every label of the axis gets the same count ("0.0", "0.5", "1.0"). Magnitudes of ten
/// million and more switch to `1.5e7` notation.
fn format_linear_tick(value: f64, span: f64) -> String {
    let step = span / 8.0;
    if !(step > 0.0 && step.is_finite() && value.is_finite()) {
        return format!("{value}");
    }
    let value = if value.abs() < step * 1e-9 {
        0.0
    } else {
        value
    }; // no "-0.0"
    if value.abs() >= 1e7 {
        let significant_digits = ((value.abs() / step).log10().ceil().max(1.0) as usize).min(15);
        return trim_exponent_mantissa(&format!("{value:.prec$e}", prec = significant_digits));
    }
    let decimals = (-step.log10().floor()).clamp(0.0, 15.0) as usize;
    format!("{value:.decimals$}")
}

/// "1.500e7" → "1.5e7".
fn trim_exponent_mantissa(text: &str) -> String {
    match text.split_once('e') {
        Some((mantissa, exponent)) if mantissa.contains('.') => {
            format!(
                "{}e{exponent}",
                mantissa.trim_end_matches('0').trim_end_matches('.')
            )
        }
        _ => text.to_string(),
    }
}

/// Tick labels for a logarithmic axis: plain decimals from 0.001 to 9999 with at most three
/// significant digits, `2e-5` style outside (plotters' default would print
/// `2.0000000000000004e-5` for intermediate ticks).
fn format_log_tick(value: &f64) -> String {
    let value = *value;
    if value == 0.0 || !value.is_finite() {
        return format!("{value}");
    }
    let magnitude = value.abs().log10().floor();
    if !(-3.0..4.0).contains(&magnitude) {
        return format!("{value:.0e}");
    }
    let decimals = (2.0 - magnitude).max(0.0) as usize;
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::{IntoDrawingArea, SVGBackend};

    /// Renders a chart to SVG text.
    fn render_svg(series: &[Series], options: &ChartOptions, size: (u32, u32)) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            draw_line_chart(&area, series, options).unwrap();
        }
        svg
    }

    /// The contents of every `<text>` element (the SVG backend puts them on their own line).
    fn texts_in(svg: &str) -> Vec<&str> {
        svg.split("<text")
            .skip(1)
            .filter_map(|tag| tag.split_once('>')?.1.split("</text>").next())
            .map(str::trim)
            .collect()
    }

    /// The `points` attributes of the polylines stroked in `colour`, each as a list of
    /// pixel coordinates.
    fn polylines_in(svg: &str, colour: [u8; 3]) -> Vec<Vec<(f64, f64)>> {
        let stroke = format!(
            "stroke=\"#{:02X}{:02X}{:02X}\"",
            colour[0], colour[1], colour[2]
        );
        svg.split("<polyline")
            .skip(1)
            .filter(|tag| {
                tag.split("/>")
                    .next()
                    .is_some_and(|attributes| attributes.contains(&stroke))
            })
            .map(|tag| {
                let points = tag
                    .split("points=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or("");
                points
                    .split_whitespace()
                    .map(|pair| {
                        let (x, y) = pair.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect()
            })
            .collect()
    }

    const RED: [u8; 3] = [210, 82, 0];
    const BLUE: [u8; 3] = [0, 114, 178];

    #[test]
    fn palette_colours_are_drawn_with_their_dash() {
        use crate::render::theme::SERIES_COLOURS;
        let points: Vec<(f64, f64)> = (0..=100).map(|k| (k as f64, k as f64)).collect();
        let series = [
            Series {
                label: "first",
                colour: SERIES_COLOURS[0],
                points: &points,
                marker: None,
            },
            Series {
                label: "second",
                colour: SERIES_COLOURS[1],
                points: &points,
                marker: None,
            },
        ];
        let svg = render_svg(&series, &ChartOptions::default(), (640, 400));
        // The first palette colour is solid: one line; the second is dashed 10 on, 4 off
        // (CSS px, the 1.5 px default line counts as 2): a diagonal of several hundred
        // pixels becomes dozens of pieces, plus one in the legend.
        assert_eq!(
            polylines_in(&svg, SERIES_COLOURS[0]).len(),
            2,
            "line and legend"
        );
        let dashes = polylines_in(&svg, SERIES_COLOURS[1]);
        assert!(dashes.len() > 20, "{} pieces", dashes.len());
        let lengths: Vec<f64> = dashes
            .iter()
            .map(|piece| {
                let (a, b) = (piece[0], piece[piece.len() - 1]);
                (b.0 - a.0).hypot(b.1 - a.1)
            })
            .collect();
        // Whole dashes are 10 px (± rounding to whole pixels); only the ends of the line and
        // of the legend swatch may be cut shorter.
        assert!(lengths.iter().all(|l| *l <= 11.5), "{lengths:?}");
        let whole = lengths.iter().filter(|l| (**l - 10.0).abs() <= 1.5).count();
        assert!(whole + 3 >= lengths.len(), "{lengths:?}");
    }

    #[test]
    fn layers_snap_the_range_and_split_frame_from_series() {
        let points: Vec<(f64, f64)> = (0..50).map(|k| (k as f64, 0.3 * 0.8f64.powi(k))).collect();
        let series = [Series {
            label: "sgd",
            colour: [1, 2, 3],
            points: &points,
            marker: None,
        }];
        let mut options = ChartOptions {
            y_scale: AxisScale::Log,
            ..ChartOptions::default()
        };
        // 0.3·0.8^49 ≈ 5.3e-6: the layered range is whole decades around 5.3e-6 ..= 0.3.
        options.parts = ChartParts::Frame;
        assert_eq!(chart_y_range(&series, &options), (1e-6, 1.0));
        options.y_scale = AxisScale::Linear;
        let (low, high) = chart_y_range(&series, &options);
        // Data 0 ..= 0.3 with 5 % headroom, snapped to steps of 0.1.
        assert!(
            (low + 0.1).abs() < 1e-12 && (high - 0.4).abs() < 1e-12,
            "{low} {high}"
        );
        // The frame layer has the axes, tick labels and legend; the series layer only lines.
        let frame = render_svg(&series, &options, (640, 400));
        options.parts = ChartParts::Series;
        let lines = render_svg(&series, &options, (640, 400));
        let polylines_with_points = |svg: &str| {
            svg.lines()
                .filter(|l| l.contains("<polyline") && l.contains(','))
                .count()
        };
        assert!(
            texts_in(&frame).contains(&"sgd"),
            "the legend is part of the frame"
        );
        assert!(texts_in(&lines).is_empty(), "no text over the lines");
        assert!(polylines_with_points(&lines) >= 1);
        assert!(texts_in(&frame).len() > 5, "tick labels in the frame");
    }

    #[test]
    fn decimate_keeps_the_minimum_and_maximum_of_each_column_in_order() {
        // 10 points over x ∈ [0, 10) into 2 columns of width 5.
        let points: Vec<(f64, f64)> = [3.0, 9.0, 1.0, 5.0, 4.0, 6.0, 2.0, 8.0, 7.0, 0.5]
            .iter()
            .enumerate()
            .map(|(i, &y)| (i as f64, y))
            .collect();
        let kept = decimate(&points, (0.0, 10.0), 2);
        // Column 0 (x 0..4): min y 1 at x 2, max y 9 at x 1 → in index order (1, 9), (2, 1).
        // Column 1 (x 5..9): min y 0.5 at x 9, max y 8 at x 7 → (7, 8), (9, 0.5).
        assert_eq!(kept, vec![(1.0, 9.0), (2.0, 1.0), (7.0, 8.0), (9.0, 0.5)]);
    }

    #[test]
    fn decimate_keeps_short_series_and_drops_unusable_points() {
        let points = [
            (0.0, 1.0),
            (1.0, f64::NAN),
            (2.0, 3.0),
            (f64::INFINITY, 1.0),
            (20.0, 1.0),
        ];
        assert_eq!(
            decimate(&points, (0.0, 10.0), 100),
            vec![(0.0, 1.0), (2.0, 3.0)]
        );
        assert!(decimate(&[], (0.0, 1.0), 10).is_empty());
        // Zero columns behaves as one: the lowest and highest point survive.
        assert_eq!(
            decimate(
                &[(0.0, 1.0), (0.5, 5.0), (0.7, 2.0), (1.0, 0.0)],
                (0.0, 1.0),
                0
            ),
            vec![(0.5, 5.0), (1.0, 0.0)]
        );
    }

    #[test]
    fn decimate_keeps_a_single_spike_of_a_million_points() {
        let mut points: Vec<(f64, f64)> = (0..1_000_000)
            .map(|i| (i as f64, (i as f64 * 0.001).sin()))
            .collect();
        points[123_457].1 = 1000.0;
        let kept = decimate(&points, (0.0, 1_000_000.0), 500);
        assert!(kept.len() <= 1000);
        assert!(kept.contains(&(123_457.0, 1000.0)));
        assert!(kept.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }

    #[test]
    fn chart_draws_each_series_with_labels_and_legend() {
        let falling: Vec<(f64, f64)> = (0..50)
            .map(|i| (f64::from(i), 10.0 * 0.9f64.powi(i)))
            .collect();
        let rising: Vec<(f64, f64)> = (0..50)
            .map(|i| (f64::from(i), f64::from(i) * 0.1))
            .collect();
        let series = [
            Series {
                label: "gradient descent",
                colour: RED,
                points: &falling,
                marker: None,
            },
            Series {
                label: "momentum",
                colour: BLUE,
                points: &rising,
                marker: Some(SeriesMarker::CrossAtLastPoint),
            },
        ];
        let options = ChartOptions {
            title: Some("Loss"),
            x_label: "iteration",
            y_label: "loss",
            ..ChartOptions::default()
        };
        let svg = render_svg(&series, &options, (640, 400));
        // Without font features plotters' SVG backend still writes <text> elements (the browser
        // lays them out), so labels can be checked as text.
        let texts = texts_in(&svg);
        for text in ["Loss", "iteration", "loss", "gradient descent", "momentum"] {
            assert!(texts.contains(&text), "missing {text} in {texts:?}");
        }
        // x ticks every 5 or 10 iterations, printed without decimals.
        assert!(texts.contains(&"0") && texts.contains(&"40"), "{texts:?}");
        // Each series: its line plus a legend sample, both stroked in its colour.
        let red_lines = polylines_in(&svg, RED);
        assert_eq!(red_lines.len(), 2);
        assert_eq!(red_lines.iter().map(Vec::len).max(), Some(50));
        assert_eq!(polylines_in(&svg, BLUE).len(), 2);
        // The falling series starts at the top left and ends at the bottom right (pixel y
        // grows downwards).
        let red_path = red_lines.iter().find(|line| line.len() == 50).unwrap();
        assert!(red_path[0].1 < red_path[49].1 && red_path[0].0 < red_path[49].0);
        // The cross marker: two strokes in the series colour.
        let blue_strokes = svg
            .matches(&format!(
                "stroke=\"#{:02X}{:02X}{:02X}\"",
                BLUE[0], BLUE[1], BLUE[2]
            ))
            .count();
        assert_eq!(
            blue_strokes, 4,
            "line + legend sample + the cross's two strokes"
        );
        assert!(svg.contains("fill=\"#FFFFFF\""), "light theme background");
    }

    #[test]
    fn a_million_point_series_is_drawn_with_at_most_two_points_per_pixel_column() {
        let points: Vec<(f64, f64)> = (0..1_000_000)
            .map(|i| (f64::from(i), 1.0 + (f64::from(i) * 0.37).sin()))
            .collect();
        let series = [Series {
            label: "",
            colour: RED,
            points: &points,
            marker: None,
        }];
        let svg = render_svg(&series, &ChartOptions::default(), (400, 300));
        let lines = polylines_in(&svg, RED);
        assert_eq!(lines.len(), 1);
        // The plotting area is narrower than the 400 px image.
        assert!(lines[0].len() <= 800, "{} points", lines[0].len());
        assert!(
            lines[0].len() > 400,
            "{} points: the min/max pairs should survive",
            lines[0].len()
        );
    }

    #[test]
    fn log_scale_drops_non_positive_and_non_finite_values() {
        let points = [
            (0.0, 100.0),
            (1.0, 10.0),
            (2.0, 0.0),
            (3.0, 1.0),
            (4.0, -1.0),
            (5.0, f64::NAN),
            (6.0, 0.1),
        ];
        let series = [Series {
            label: "loss",
            colour: RED,
            points: &points,
            marker: Some(SeriesMarker::DotAtLastPoint),
        }];
        let options = ChartOptions {
            y_scale: AxisScale::Log,
            ..ChartOptions::default()
        };
        let svg = render_svg(&series, &options, (500, 300));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let lines = polylines_in(&svg, RED);
        let path = lines.iter().max_by_key(|line| line.len()).unwrap();
        // Only 100, 10, 1 and 0.1 remain; on a log axis they are evenly spaced in y, and the
        // x positions 0, 1, 3, 6 are spaced 1 : 2 : 3.
        assert_eq!(path.len(), 4);
        let dy: Vec<f64> = path.windows(2).map(|pair| pair[1].1 - pair[0].1).collect();
        assert!(dy.iter().all(|step| (step - dy[0]).abs() <= 1.0), "{dy:?}");
        let dx: Vec<f64> = path.windows(2).map(|pair| pair[1].0 - pair[0].0).collect();
        assert!(
            (dx[1] / dx[0] - 2.0).abs() < 0.05 && (dx[2] / dx[0] - 3.0).abs() < 0.05,
            "{dx:?}"
        );
        // Tick labels are formatted as plain decades.
        let texts = texts_in(&svg);
        assert!(
            texts.contains(&"10") && texts.contains(&"0.1"),
            "decade labels in {texts:?}"
        );
        // The dot marker is a filled circle in the series colour.
        assert!(svg.contains("<circle") && svg.contains("fill=\"#D25200\""));
    }

    #[test]
    fn log_scale_without_positive_values_uses_the_fallback_range() {
        let points = [(0.0, 0.0), (1.0, -3.0)];
        let series = [Series {
            label: "loss",
            colour: RED,
            points: &points,
            marker: None,
        }];
        let options = ChartOptions {
            y_scale: AxisScale::Log,
            ..ChartOptions::default()
        };
        let svg = render_svg(&series, &options, (500, 300));
        let texts = texts_in(&svg);
        assert!(
            texts.contains(&"1") && texts.contains(&"10"),
            "fallback axis 1..10 in {texts:?}"
        );
        assert_eq!(fit_log_y_range(&[vec![]], (0.0, 1.0)), (1.0, 10.0));
    }

    #[test]
    fn empty_series_list_draws_axes_without_error() {
        let options = ChartOptions {
            x_label: "iteration",
            theme: Theme::dark(),
            ..ChartOptions::default()
        };
        let svg = render_svg(&[], &options, (400, 300));
        assert!(texts_in(&svg).contains(&"iteration"));
        assert!(svg.contains("fill=\"#181A1F\""), "dark theme background");
        // Axis lines exist, series lines do not.
        assert!(svg.contains("<line") || svg.contains("<polyline"));
        assert!(polylines_in(&svg, RED).is_empty());
    }

    #[test]
    fn odd_input_neither_panics_nor_hangs() {
        // Runs on a thread with a deadline: plotters' tick search can loop forever on ranges
        // whose ends overflow a ratio or differ by less than floating-point precision, and a
        // hang must fail the test instead of stalling the whole suite.
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let wild = [
                (f64::NAN, 1.0),
                (0.0, f64::INFINITY),
                (1.0, 1e300),
                (2.0, -1e300),
                (3.0, 5e-324),
            ];
            let nearly_equal = [
                (1e9, 1.0),
                (1e9 + 1e-6, 1.0 + 1e-15),
                (1e9 + 2e-6, 1.0 - 1e-15),
            ];
            let single = [(4.0, 2.0)];
            let series = [
                Series {
                    label: "wild",
                    colour: RED,
                    points: &wild,
                    marker: Some(SeriesMarker::CrossAtLastPoint),
                },
                Series {
                    label: "single",
                    colour: BLUE,
                    points: &single,
                    marker: None,
                },
                Series {
                    label: "empty",
                    colour: BLUE,
                    points: &[],
                    marker: Some(SeriesMarker::DotAtLastPoint),
                },
            ];
            let narrow = [Series {
                label: "narrow",
                colour: RED,
                points: &nearly_equal,
                marker: None,
            }];
            for y_scale in [AxisScale::Linear, AxisScale::Log] {
                for x_range in [
                    None,
                    Some((3.0, 3.0)),
                    Some((f64::NAN, 1.0)),
                    Some((10.0, -10.0)),
                    Some((-1e300, 1e300)),
                ] {
                    let options = ChartOptions {
                        y_scale,
                        x_range,
                        font_px: f64::NAN,
                        line_px: -3.0,
                        ..ChartOptions::default()
                    };
                    for size in [(400, 300), (10, 10), (0, 0), (1, 300)] {
                        render_svg(&series, &options, size);
                    }
                }
                render_svg(
                    &narrow,
                    &ChartOptions {
                        y_scale,
                        ..ChartOptions::default()
                    },
                    (400, 300),
                );
            }
            done.send(()).ok();
        });
        finished
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("chart drawing did not finish in 60 s");
    }

    #[test]
    fn a_single_point_is_shown_as_a_dot() {
        let series = [Series {
            label: "",
            colour: BLUE,
            points: &[(0.0, 1.0)],
            marker: None,
        }];
        let svg = render_svg(&series, &ChartOptions::default(), (400, 300));
        assert!(svg.contains("<circle"));
    }

    #[test]
    fn linear_ticks_share_the_decimals_their_step_needs() {
        // Span 4 → step 0.5 → one decimal; span 50 → step 6.25 → none; span 0.08 → two.
        assert_eq!(format_linear_tick(1.0, 4.0), "1.0");
        assert_eq!(format_linear_tick(0.5, 4.0), "0.5");
        assert_eq!(format_linear_tick(40.0, 50.0), "40");
        assert_eq!(format_linear_tick(0.010000000000000002, 0.08), "0.01");
        assert_eq!(format_linear_tick(-1e-17, 4.0), "0.0");
        assert_eq!(format_linear_tick(15_000_000.0, 8e6), "1.5e7");
    }

    #[test]
    fn log_ticks_are_short() {
        assert_eq!(format_log_tick(&0.001), "0.001");
        assert_eq!(format_log_tick(&2.0000000000000004e-5), "2e-5");
        assert_eq!(format_log_tick(&1500.0), "1500");
        assert_eq!(format_log_tick(&30000.0), "3e4");
        assert_eq!(format_log_tick(&1.0), "1");
        assert_eq!(format_log_tick(&0.25), "0.25");
    }
}
