//! The rounding-error demo's pictures, all on log-log axes: the summation errors against n
//! with the n·ε, ε·log₂n and ε guides; the naive formula's error against x with the chosen x
//! marked; the variance errors against the mean of the data.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{OFFSET_DECADES, RoundingError, X_DECADES};
use crate::demos::drawing::ThemedMesh;
use crate::demos::drawing::{line_style, log_tick_label, text_style};
use crate::demos::legend::{Corner, chart_pixels, draw_legend_clear_of};
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error};
use crate::math::cancellation::error_curve_grid;
use crate::math::summation::Method;
use crate::render::dash::draw_dashed_path;
use crate::render::theme::{SERIES_DASHES, rgb, series_colour};

impl DrawDemo for RoundingError {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        if layer == Layer::Background {
            return Ok(());
        }
        match plot {
            0 => self.draw_summation(area, frame),
            1 => self.draw_cancellation(area, frame),
            2 => self.draw_variance(area, frame),
            _ => Ok(()),
        }
    }
}

/// A chart with logarithmic x and y axes.
type LogLogChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<LogCoord<f64>, LogCoord<f64>>>;

/// A log-log chart with the demos' common margins (so `legend::plotting_rect` describes it).
fn log_log_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    frame: &Frame,
    x_range: Range<f64>,
    y_range: Range<f64>,
    labels: (&str, &str),
) -> Result<LogLogChart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(area)
        .margin(frame.px(10.0) as i32)
        .margin_right(frame.px(22.0) as i32)
        .x_label_area_size(frame.px(34.0) as i32)
        .y_label_area_size(frame.px(52.0) as i32)
        .build_cartesian_2d(x_range.log_scale(), y_range.log_scale())
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .themed(frame)
        .x_desc(labels.0)
        .y_desc(labels.1)
        .x_labels(7)
        .y_labels(7)
        .x_label_formatter(&|x| log_tick_label(*x))
        .y_label_formatter(&|y| log_tick_label(*y))
        .draw()
        .map_err(draw_error)?;
    Ok(chart)
}

/// Lower and upper ends of a log y range holding `values` (positive finite ones), padded by
/// a factor 3 and kept within `[floor, ceiling]`.
fn log_range(values: impl Iterator<Item = f64>, floor: f64, ceiling: f64) -> (f64, f64) {
    let (low, high) = values
        .filter(|v| v.is_finite() && *v > 0.0)
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if high == 0.0 {
        return (floor, ceiling);
    }
    let low = (low / 3.0).max(floor);
    let high = (high * 3.0).min(ceiling).max(low * 100.0);
    (low, high)
}

/// The points of a series a log axis can show: positive finite errors (an exact result, 0,
/// has no place on it; the data table lists it), clamped into the chart's y range.
fn clamped(points: &[(f64, f64)], low: f64, high: f64) -> Vec<(f64, f64)> {
    points
        .iter()
        .filter(|(_, y)| y.is_finite() && *y > 0.0)
        .map(|(x, y)| (*x, y.clamp(low, high)))
        .collect()
}

impl RoundingError {
    fn draw_summation<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let run = self.run();
        let epsilon = self.format().epsilon();
        let largest = run.largest as f64;
        let series: Vec<Vec<(f64, f64)>> = Method::ALL
            .iter()
            .map(|m| {
                run.checkpoints
                    .iter()
                    .map(|c| (c.n as f64, c.relative_error(*m)))
                    .collect()
            })
            .collect();
        let (low, high) = log_range(
            series
                .iter()
                .flatten()
                .map(|p| p.1)
                .chain([epsilon, epsilon * largest.log2()]),
            epsilon * 1e-4,
            1e3,
        );
        let mut chart = log_log_chart(
            area,
            frame,
            1.0..largest,
            low..high,
            ("n (numbers summed)", "relative error"),
        )?;
        // The guides: n·ε, ε·log₂n (at least ε) and ε, dashed in the muted colour.
        let guide_points = |f: &dyn Fn(f64) -> f64| -> Vec<(f64, f64)> {
            (0..=60)
                .map(|k| largest.powf(k as f64 / 60.0))
                .map(|n| (n, f(n)))
                .filter(|(_, y)| *y <= high && *y >= low)
                .collect()
        };
        let guides = [
            (guide_points(&|n| n * epsilon), SERIES_DASHES[1], "n·ε"),
            (
                guide_points(&|n| epsilon * n.log2().max(1.0)),
                SERIES_DASHES[2],
                "ε·log₂n",
            ),
            (guide_points(&|_| epsilon), SERIES_DASHES[3], "ε"),
        ];
        for (points, dash, _) in &guides {
            draw_dashed_path(
                area,
                &chart_pixels(&chart, points),
                dash,
                frame.geometry.device_pixel_ratio,
                line_style(theme.muted_text, frame, 1.0),
            )?;
        }
        // Guide names at their right ends (inside the plot, above the line).
        for (points, _, name) in &guides {
            if let Some(&(x, y)) = points.last() {
                // Above the line, or below it when the line ends near the top.
                let (at, vertical) = if y * 4.0 < high {
                    (y * 1.4, VPos::Bottom)
                } else {
                    (y / 1.4, VPos::Top)
                };
                chart
                    .plotting_area()
                    .draw(&Text::new(
                        name.to_string(),
                        (x, at),
                        text_style(frame, 11.0, theme.muted_text)
                            .pos(Pos::new(HPos::Right, vertical)),
                    ))
                    .map_err(draw_error)?;
            }
        }
        let mut data = Vec::new();
        let mut entries = Vec::new();
        let radius = frame.px(2.5) as i32;
        for (index, method) in Method::ALL.iter().enumerate() {
            let colour = series_colour(index);
            let points = clamped(&series[index], low, high);
            // Pairwise and Kahan often coincide: pairwise wider underneath, Kahan on top.
            let width = if *method == Method::Pairwise {
                4.0
            } else {
                2.0
            };
            chart
                .draw_series(LineSeries::new(
                    points.clone(),
                    line_style(colour, frame, width),
                ))
                .map_err(draw_error)?;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new(*p, radius, rgb(colour).filled())),
                )
                .map_err(draw_error)?;
            data.push(chart_pixels(&chart, &points));
            entries.push((colour, method.label().to_owned()));
        }
        for (points, _, _) in &guides {
            data.push(chart_pixels(&chart, points));
        }
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }

    fn draw_cancellation<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let formula = self.formula();
        let (low, high) = (1e-18, 10.0);
        let mut chart = log_log_chart(
            area,
            frame,
            10f64.powf(X_DECADES.0)..10f64.powf(X_DECADES.1),
            low..high,
            ("x", "relative error"),
        )?;
        let colour = series_colour(0);
        // Runs of defined points, each drawn as one line (a gap where the form is undefined).
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for x in error_curve_grid() {
            match formula.relative_error(x) {
                // An exact result (error 0) has no place on a log axis: the line passes on.
                Some(0.0) => {}
                Some(error) => {
                    if let Some(current) = runs.last_mut() {
                        current.push((x, error.clamp(low, high)));
                    }
                }
                None => runs.push(Vec::new()),
            }
        }
        runs.retain(|r| !r.is_empty());
        for run in &runs {
            chart
                .draw_series(LineSeries::new(run.clone(), line_style(colour, frame, 2.0)))
                .map_err(draw_error)?;
        }
        let epsilon = vec![
            (10f64.powf(X_DECADES.0), f64::EPSILON),
            (10f64.powf(X_DECADES.1), f64::EPSILON),
        ];
        draw_dashed_path(
            area,
            &chart_pixels(&chart, &epsilon),
            SERIES_DASHES[3],
            frame.geometry.device_pixel_ratio,
            line_style(theme.muted_text, frame, 1.0),
        )?;
        // The ε label at the end where the curve is far above ε (the cancelling end).
        let grid = error_curve_grid();
        let error_at = |x: f64| formula.relative_error(x).unwrap_or(0.0);
        let right_is_clear = error_at(grid[grid.len() - 1]) >= error_at(grid[0])
            || !formula.defined_at(grid[grid.len() - 1]);
        let (label_x, horizontal) = if right_is_clear {
            (10f64.powf(X_DECADES.1 - 0.3), HPos::Right)
        } else {
            (10f64.powf(X_DECADES.0 + 0.3), HPos::Left)
        };
        chart
            .plotting_area()
            .draw(&Text::new(
                "ε = 2⁻⁵²",
                (label_x, f64::EPSILON / 2.0),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(horizontal, VPos::Top)),
            ))
            .map_err(draw_error)?;
        // The chosen x: a ring on the curve (on the floor when the error is 0), or a vertical
        // mark where the formula is undefined.
        let x = self.x();
        match formula.relative_error(x) {
            Some(error) => {
                chart
                    .plotting_area()
                    .draw(&Circle::new(
                        (x, error.clamp(low, high)),
                        frame.px(6.0) as i32,
                        line_style(theme.text, frame, 2.0),
                    ))
                    .map_err(draw_error)?;
            }
            None => {
                chart
                    .plotting_area()
                    .draw(&PathElement::new(
                        vec![(x, low), (x, high)],
                        line_style(theme.text, frame, 1.0),
                    ))
                    .map_err(draw_error)?;
            }
        }
        let mut data: Vec<Vec<(f64, f64)>> = runs.iter().map(|r| chart_pixels(&chart, r)).collect();
        data.push(chart_pixels(&chart, &epsilon));
        let entries = [(colour, format!("{} (naive)", formula.naive_text()))];
        draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &data)?;
        Ok(())
    }

    fn draw_variance<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let curve = self.variance_curve();
        let errors =
            |pick: &dyn Fn(&crate::math::cancellation::Variances) -> f64| -> Vec<(f64, f64)> {
                curve
                    .iter()
                    .map(|(offset, v)| (*offset, (pick(v) - v.exact).abs() / v.exact))
                    .collect()
            };
        let series = [
            (errors(&|v| v.one_pass), "one pass E[x²] − E[x]²"),
            (errors(&|v| v.welford), "Welford"),
            (errors(&|v| v.two_pass), "two passes"),
        ];
        let (low, data_high) = log_range(
            series.iter().flat_map(|s| s.0.iter().map(|p| p.1)),
            1e-18,
            1e12,
        );
        // Room above the data for the three-line legend, reckoned in decades as
        // `top_with_legend_room` reckons a linear axis.
        let decades = crate::demos::legend::top_with_legend_room(
            low.log10(),
            data_high.max(10.0).log10(),
            3,
            frame,
        );
        let high = 10f64.powf(decades);
        let mut chart = log_log_chart(
            area,
            frame,
            10f64.powf(OFFSET_DECADES.0)..10f64.powf(OFFSET_DECADES.1),
            low..high,
            ("mean of the data", "relative error"),
        )?;
        let mut data = Vec::new();
        let mut entries = Vec::new();
        for (index, (points, label)) in series.iter().enumerate() {
            let colour = series_colour(index);
            let points = clamped(points, low, high);
            chart
                .draw_series(LineSeries::new(
                    points.clone(),
                    line_style(colour, frame, 2.0),
                ))
                .map_err(draw_error)?;
            data.push(chart_pixels(&chart, &points));
            entries.push((colour, (*label).to_owned()));
        }
        // The chosen mean.
        let offset = self.offset();
        chart
            .plotting_area()
            .draw(&PathElement::new(
                vec![(offset, low), (offset, high)],
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        let v = self.variance();
        for (index, value) in [v.one_pass, v.welford, v.two_pass].into_iter().enumerate() {
            let error = ((value - v.exact).abs() / v.exact).clamp(low, high);
            if error.is_finite() {
                chart
                    .plotting_area()
                    .draw(&Circle::new(
                        (offset, error),
                        frame.px(4.0) as i32,
                        rgb(series_colour(index)).filled(),
                    ))
                    .map_err(draw_error)?;
            }
        }
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }
}
