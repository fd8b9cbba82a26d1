//! Drawing the limits demo: the ε–δ picture and the error of f(a ± h) against h, with their
//! data tables and live descriptions.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::super::drawing::{fill_style, line_style, padded, themed_chart};
use super::super::legend::{Corner, chart_pixels, draw_legend_clear_of, draw_message};
use super::super::plot_data::short;
use super::super::{DrawDemo, DrawResult, Frame, Layer, PlotTable, ReadoutValue, draw_error};
use super::Limits;
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

const CURVE_COLOUR: [u8; 3] = SERIES_COLOURS[0];
const BAND_COLOUR: [u8; 3] = SERIES_COLOURS[2];
const DELTA_COLOUR: [u8; 3] = SERIES_COLOURS[1];
/// Samples of the curve across the window.
const CURVE_SAMPLES: usize = 1200;
/// Rows of the curve's data table.
const TABLE_SAMPLES: usize = 41;
/// Where an error of exactly 0 is drawn on the log axis (below every f64 error of interest).
const ZERO_ERROR_LOG: f64 = -17.0;

/// The variable's window: a ± w, or t ∈ (0, w] for x → ∞.
fn x_window(demo: &Limits) -> (f64, f64) {
    let (a, w) = (demo.point(), demo.window());
    if demo.at_infinity() {
        (0.0, w)
    } else {
        (a - w, a + w)
    }
}

/// The sample points across the window, never a itself.
fn samples(demo: &Limits, count: usize) -> Vec<(f64, f64)> {
    let (low, high) = x_window(demo);
    let a = demo.point();
    (0..=count)
        .map(|i| low + (high - low) * i as f64 / count as f64)
        .filter(|u| *u != a)
        .map(|u| (u, demo.plotted(u)))
        .collect()
}

/// The y range: around the band centre (or 0), wide enough for 90 % of the samples and the
/// band, so a pole does not flatten everything else.
fn y_window(demo: &Limits) -> (f64, f64) {
    let centre = demo.analysis.band_centre.unwrap_or(0.0);
    let mut gaps: Vec<f64> = samples(demo, 400)
        .into_iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(_, v)| (v - centre).abs())
        .collect();
    gaps.sort_by(f64::total_cmp);
    let typical = gaps.get(gaps.len() * 9 / 10).copied().unwrap_or(1.0);
    let reach = typical
        .max(2.0 * demo.epsilon())
        .max(1e-9 * centre.abs().max(1.0))
        .min(1e6);
    let range = padded(centre - reach, centre + reach, 0.12);
    (range.start, range.end)
}

/// The plot's model-to-pixel map; the margins match `themed_chart`.
pub(super) fn curve_viewport(demo: &Limits, frame: &Frame) -> Viewport {
    let (x_min, x_max) = x_window(demo);
    let (y_min, y_max) = y_window(demo);
    let (left, top) = (frame.px(10.0 + 52.0), frame.px(10.0));
    Viewport {
        x_range: (x_min, x_max),
        y_range: (y_min, y_max),
        left,
        top,
        width: frame.geometry.pixel_width() as f64 - left - frame.px(22.0),
        height: frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0),
    }
}

/// The curve split into pieces: at a (where f may jump), at undefined values and where it
/// leaves the y window.
fn curve_pieces(demo: &Limits, y_range: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let a = demo.point();
    let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    let mut previous_side = None;
    for (u, v) in samples(demo, CURVE_SAMPLES) {
        let side = u > a;
        let inside = v.is_finite() && v >= y_range.0 && v <= y_range.1;
        if !inside || previous_side.is_some_and(|s| s != side) {
            pieces.push(Vec::new());
        }
        if inside && let Some(last) = pieces.last_mut() {
            last.push((u, v));
        }
        previous_side = Some(side);
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

fn draw_curve<DB: DrawingBackend>(
    demo: &Limits,
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
) -> DrawResult {
    let viewport = curve_viewport(demo, frame);
    let (x_min, x_max) = viewport.x_range;
    let (y_min, y_max) = viewport.y_range;
    let x_label = if demo.at_infinity() { "t = 1/x" } else { "x" };
    let y_label = if demo.at_infinity() { "f(1/t)" } else { "f(x)" };
    let mut chart = themed_chart(area, frame, x_min..x_max, y_min..y_max, x_label, y_label)?;
    let a = demo.point();
    let analysis = &demo.analysis;
    let mut entries = vec![(CURVE_COLOUR, "f".to_owned())];
    if let Some(centre) = analysis.band_centre {
        let epsilon = demo.epsilon();
        let (low, high) = ((centre - epsilon).max(y_min), (centre + epsilon).min(y_max));
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x_min, low), (x_max, high)],
                rgb(BAND_COLOUR).mix(0.22).filled(),
            )))
            .map_err(draw_error)?;
        for y in [centre - epsilon, centre + epsilon] {
            if y > y_min && y < y_max {
                chart
                    .draw_series(LineSeries::new(
                        [(x_min, y), (x_max, y)],
                        line_style(BAND_COLOUR, frame, 1.0),
                    ))
                    .map_err(draw_error)?;
            }
        }
        // Without a limit the band is around a candidate that fails, and says so.
        let label = match demo.limit() {
            Some(_) => "L ± ε".to_owned(),
            None => format!("candidate {} ± ε (fails)", short(centre)),
        };
        entries.push((BAND_COLOUR, label));
    }
    if let Some(delta) = analysis.delta.delta {
        let (from, to) = if demo.at_infinity() {
            (0.0, delta)
        } else {
            (a - delta, a + delta)
        };
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(from.max(x_min), y_min), (to.min(x_max), y_max)],
                rgb(DELTA_COLOUR).mix(0.12).filled(),
            )))
            .map_err(draw_error)?;
        for x in [from, to] {
            if x > x_min && x < x_max {
                chart
                    .draw_series(LineSeries::new(
                        [(x, y_min), (x, y_max)],
                        line_style(DELTA_COLOUR, frame, 1.5),
                    ))
                    .map_err(draw_error)?;
            }
        }
        entries.push((DELTA_COLOUR, "a ± δ (largest)".to_owned()));
    }
    let pieces = curve_pieces(demo, (y_min, y_max));
    for piece in &pieces {
        chart
            .draw_series(LineSeries::new(
                piece.iter().copied(),
                line_style(CURVE_COLOUR, frame, 2.0),
            ))
            .map_err(draw_error)?;
    }
    // The limit as an open circle at (a, L): the hole the definition ignores.
    let radius = frame.px(4.5) as i32;
    if let Some(limit) = demo.limit()
        && limit > y_min
        && limit < y_max
    {
        chart
            .draw_series(std::iter::once(Circle::new(
                (a, limit),
                radius,
                line_style(frame.theme.text, frame, 2.0),
            )))
            .map_err(draw_error)?;
    }
    let value = analysis.value_at_a;
    if !demo.at_infinity() && value.is_finite() && value > y_min && value < y_max {
        chart
            .draw_series(std::iter::once(Circle::new(
                (a, value),
                radius,
                fill_style(frame.theme.text),
            )))
            .map_err(draw_error)?;
    }
    let data: Vec<Vec<(f64, f64)>> = pieces
        .iter()
        .map(|p| chart_pixels(&chart, p.iter().copied()))
        .collect();
    draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &data)?;
    Ok(())
}

/// log₁₀ of an error, with an exact zero drawn at [`ZERO_ERROR_LOG`].
fn log_error(error: f64) -> Option<f64> {
    if !error.is_finite() {
        None
    } else if error == 0.0 {
        Some(ZERO_ERROR_LOG)
    } else {
        Some(error.log10().max(ZERO_ERROR_LOG))
    }
}

/// The series of the error plot: (label, colour, points (log₁₀ h, log₁₀ error)).
type ErrorSeries = (String, [u8; 3], Vec<(f64, f64)>);

/// What the error plot measures: |f − L| against each side's own limit, or |f| when that
/// side has no finite limit.
fn error_series(demo: &Limits) -> (Vec<ErrorSeries>, bool) {
    let analysis = &demo.analysis;
    let right_limit = analysis.right.finite();
    let left_limit = analysis.left.finite();
    let measured = right_limit.is_some();
    let error = |value: f64, limit: Option<f64>| match limit {
        Some(l) => (value - l).abs(),
        None => value.abs(),
    };
    let points = |pick: &dyn Fn(&super::TableRow) -> Option<f64>, limit: Option<f64>| {
        analysis
            .table
            .iter()
            .filter_map(|row| Some((row.h.log10(), log_error(error(pick(row)?, limit))?)))
            .collect::<Vec<_>>()
    };
    let mut series: Vec<ErrorSeries> = Vec::new();
    let (right_name, left_name) = if demo.at_infinity() {
        ("f(x), x = 1/h", "")
    } else {
        ("f(a + h)", "f(a − h)")
    };
    series.push((
        right_name.to_owned(),
        SERIES_COLOURS[0],
        points(&|r| Some(r.right), right_limit),
    ));
    if !demo.at_infinity() {
        series.push((
            left_name.to_owned(),
            SERIES_COLOURS[1],
            points(&|r| Some(r.left), left_limit),
        ));
    }
    if let Some((_, written)) = demo.preset().and_then(|p| p.stable) {
        series.push((
            written.to_owned(),
            SERIES_COLOURS[2],
            points(&|r| r.stable, right_limit),
        ));
    }
    (series, measured)
}

fn draw_errors<DB: DrawingBackend>(
    demo: &Limits,
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
) -> DrawResult {
    let (series, measured) = error_series(demo);
    let highest = series
        .iter()
        .flat_map(|s| s.2.iter().map(|p| p.1))
        .fold(f64::NEG_INFINITY, f64::max);
    if !highest.is_finite() {
        return draw_message(area, frame, "f is undefined at every h of the table");
    }
    let y_top = (highest + 1.0).max(0.0).ceil();
    let y_label = if measured {
        "log₁₀ |f − L|  (−17: exact)"
    } else {
        "log₁₀ |f|"
    };
    let mut chart = themed_chart(
        area,
        frame,
        -16.5..-0.5,
        (ZERO_ERROR_LOG - 0.5)..y_top,
        "log₁₀ h",
        y_label,
    )?;
    let mut data = Vec::new();
    let mut entries = Vec::new();
    // The left side first with bigger dots, then the right side and the rewrite on top: where
    // the two sides agree (cos is even) each dot shows as a ring around a smaller one.
    let order: Vec<usize> = [1, 0, 2]
        .into_iter()
        .filter(|i| *i < series.len())
        .collect();
    for index in order {
        let (label, colour, points) = &series[index];
        let radius = frame.px(if index == 1 { 5.0 } else { 3.0 }) as i32;
        let width = if index == 2 { 1.5 } else { 2.0 };
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                line_style(*colour, frame, width),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|&p| Circle::new(p, radius, fill_style(*colour))),
            )
            .map_err(draw_error)?;
        data.push(chart_pixels(&chart, points.iter().copied()));
        entries.push((*colour, label.clone()));
    }
    draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
    Ok(())
}

impl DrawDemo for Limits {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Everything changes with ε and the function, so it all lives on the foreground.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => draw_curve(self, area, frame),
            _ => draw_errors(self, area, frame),
        }
    }
}

/// A table cell: a number, or "undefined".
fn cell(value: f64) -> ReadoutValue {
    crate::demos::data_alternative::finite_or(value, "undefined")
}

pub(super) fn curve_table(demo: &Limits) -> PlotTable {
    let variable = if demo.at_infinity() { "t = 1/x" } else { "x" };
    let mut table = PlotTable::new(
        format!(
            "f at {TABLE_SAMPLES} evenly spaced points across the window, then the band L ± ε and the interval of the largest δ"
        ),
        &["Point", variable, "f"],
    );
    for (u, v) in samples(demo, TABLE_SAMPLES - 1) {
        table
            .rows
            .push(vec![ReadoutValue::Text("curve".into()), cell(u), cell(v)]);
    }
    let a = demo.point();
    if let Some(centre) = demo.analysis.band_centre {
        for (label, y) in [
            ("L − ε", centre - demo.epsilon()),
            ("L + ε", centre + demo.epsilon()),
        ] {
            table
                .rows
                .push(vec![ReadoutValue::Text(label.into()), cell(a), cell(y)]);
        }
    }
    if let Some(delta) = demo.analysis.delta.delta {
        let ends: Vec<(&str, f64)> = if demo.at_infinity() {
            vec![("δ", delta)]
        } else {
            vec![("a − δ", a - delta), ("a + δ", a + delta)]
        };
        for (label, u) in ends {
            table.rows.push(vec![
                ReadoutValue::Text(label.into()),
                cell(u),
                cell(demo.plotted(u)),
            ]);
        }
    }
    table
}

pub(super) fn error_table(demo: &Limits) -> PlotTable {
    let stable = demo.preset().and_then(|p| p.stable).map(|(_, w)| w);
    let limit = demo.analysis.right.finite();
    let mut columns: Vec<String> = if demo.at_infinity() {
        vec!["x = 1/h".into(), "f(x) in f64".into()]
    } else {
        vec![
            "h".into(),
            "f(a − h) in f64".into(),
            "f(a + h) in f64".into(),
        ]
    };
    if let Some(written) = stable {
        columns.push(format!("{written} in f64"));
    }
    if limit.is_some() {
        columns.push("|f(a + h) − L|".into());
    }
    let mut table = PlotTable {
        caption: "f evaluated in 64-bit floating point at h = 10⁻¹ … 10⁻¹⁶; the plot draws log₁₀ of each side's distance to its own limit (|f| where there is none)".to_owned(),
        columns,
        rows: Vec::new(),
    };
    for (k, row) in demo.analysis.table.iter().enumerate() {
        let mut cells = if demo.at_infinity() {
            vec![ReadoutValue::Text(format!("1e{}", k + 1)), cell(row.right)]
        } else {
            vec![cell(row.h), cell(row.left), cell(row.right)]
        };
        if stable.is_some() {
            cells.push(cell(row.stable.unwrap_or(f64::NAN)));
        }
        if let Some(l) = limit {
            cells.push(cell((row.right - l).abs()));
        }
        table.rows.push(cells);
    }
    table
}

pub(super) fn curve_description(demo: &Limits) -> String {
    let analysis = &demo.analysis;
    let place = if demo.at_infinity() {
        "as x → ∞ (drawn against t = 1/x)".to_owned()
    } else {
        format!("near a = {}", short(demo.point()))
    };
    let delta = match analysis.delta.delta {
        Some(delta) => format!(
            "the largest δ keeping f inside the band is {}",
            short(delta)
        ),
        None => "no δ keeps f inside the band".to_owned(),
    };
    let band = match analysis.band_centre {
        Some(centre) => format!("band {} ± {}", short(centre), short(demo.epsilon())),
        None => "no band: f has no finite limit".to_owned(),
    };
    format!(
        "f(x) = {} {place}: {}; limit {}; {band}; {delta}.",
        demo.formula_text(),
        demo.case_label(),
        demo.limit_text()
    )
}

pub(super) fn error_description(demo: &Limits) -> String {
    match demo.best_step() {
        Some((h, error)) => {
            let last = demo.analysis.table.last().map_or(f64::NAN, |r| r.right);
            format!(
                "f(a + h) in f64 comes nearest the limit at h = {} (error {}); at h = 10⁻¹⁶ it reads {}.",
                short(h),
                short(error),
                if last.is_finite() {
                    short(last)
                } else {
                    "undefined".to_owned()
                }
            )
        }
        None => format!(
            "|f(a ± h)| for h = 10⁻¹ … 10⁻¹⁶: f has no finite limit ({}).",
            demo.case_label()
        ),
    }
}
