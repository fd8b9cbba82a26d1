//! The numerical-optimization demo's pictures: quantities against the iteration k on a log
//! axis (f and ‖∇f‖∞ with the tolerance; the size of each coordinate with the levels where
//! BFGS can stop), the shown iteration marked on both.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{NumericalOptimization, QUADRATIC_TOLERANCE, method_names};
use crate::demos::drawing::ThemedMesh;
use crate::demos::drawing::{
    format_tick, line_style, log_tick_label, padded, text_style, themed_chart, tick_step,
};
use crate::demos::legend::draw_message;
use crate::demos::legend::{Corner, chart_pixels, draw_legend_clear_of, legend_size};
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error, format_plot_number};
use crate::math::quadratic_descent::{conjugate_gradient_rate, steepest_descent_rate};
use crate::math::quasi_newton::{BfgsStatus, sum_of_squares};
use crate::math::quasi_newton::{GradientMode, SQRT_EPSILON};
use crate::render::dash::draw_dashed_path;
use crate::render::theme::{SERIES_DASHES, rgb, series_colour};

impl DrawDemo for NumericalOptimization {
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
            0 => self.draw_trace(area, frame),
            1 => self.draw_coordinates(area, frame),
            2 => self.draw_line_search(area, frame),
            3 => self.draw_quadratic(area, frame),
            4 => self.draw_sweep(area, frame),
            _ => Ok(()),
        }
    }
}

/// One curve of a log chart: its points (k, value), colour index and legend label.
pub struct LogSeries {
    pub points: Vec<(f64, f64)>,
    pub colour: usize,
    pub label: String,
    /// Whether the shown iteration gets a ring on this curve (not on reference curves).
    pub ringed: bool,
    /// Labelled at its end on the plot instead of in the legend.
    pub direct_label: bool,
}

/// A horizontal reference line with a label at its right end.
pub struct Level {
    pub value: f64,
    pub label: String,
}

/// A log-y chart against a whole-number x (iterations): the series as lines with dots,
/// reference levels as thin lines, the shown x as a vertical line with rings.
pub struct LogChart<'a> {
    pub series: &'a [LogSeries],
    pub levels: &'a [Level],
    pub x_label: &'a str,
    pub y_label: &'a str,
    /// The x of the highlighted iteration, if any.
    pub marked: Option<f64>,
    /// Draw a dot on every point (short runs) or only lines (long ones).
    pub dots: bool,
    /// The lowest value the y axis shows; smaller values (and zeros) sit on it. None fits
    /// the axis to the data.
    pub floor: Option<f64>,
}

/// A power of ten written as one ("10⁻⁵"), anything else as a plot number.
pub fn power_text(value: f64) -> String {
    let exponent = value.log10().round();
    if value > 0.0 && (value / 10f64.powf(exponent) - 1.0).abs() < 1e-9 {
        let digits: String = format!("{}", exponent as i64)
            .chars()
            .map(|c| match c {
                '-' => '⁻',
                d => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']
                    [d.to_digit(10).unwrap_or(0) as usize],
            })
            .collect();
        format!("10{digits}")
    } else {
        format_plot_number(value, 3)
    }
}

/// The y range that holds every positive value and level with a margin; zeros are drawn
/// on the floor.
fn log_range(chart: &LogChart) -> (f64, f64) {
    let values = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .chain(chart.levels.iter().map(|l| l.value))
        .filter(|v| v.is_finite() && *v > 0.0);
    let (low, high) = values.fold((f64::INFINITY, 0.0_f64), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !low.is_finite() || high <= 0.0 {
        return (1e-20, 1.0);
    }
    let low = 10f64.powf(low.log10().floor() - 0.3).max(1e-300);
    let high = 10f64.powf(high.log10() + 0.3);
    (low, high.max(low * 100.0))
}

/// The top of a log axis from `low` whose data reach `high`, with room above the data for
/// a legend `legend_height` device pixels tall in a plot `plot_height` pixels tall.
fn top_with_legend_room(low: f64, high: f64, legend_height: f64, plot_height: f64) -> f64 {
    let fraction = (legend_height / plot_height.max(1.0)).clamp(0.0, 0.6);
    let (low_log, high_log) = (low.log10(), high.log10());
    10f64.powf((high_log - fraction * low_log) / (1.0 - fraction))
}

pub fn draw_log_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    spec: &LogChart,
) -> DrawResult {
    let theme = frame.theme;
    let x_high = spec
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .fold(1.0_f64, f64::max);
    let entries: Vec<([u8; 3], String)> = spec
        .series
        .iter()
        .filter(|s| !s.label.is_empty() && !s.direct_label)
        .map(|s| (series_colour(s.colour), s.label.clone()))
        .collect();
    let (mut floor, data_top) = log_range(spec);
    if let Some(lowest) = spec.floor {
        floor = floor.max(lowest);
    }
    let plot_height = f64::from(frame.geometry.pixel_height()) - frame.px(54.0);
    let legend_height = legend_size(frame, &entries).1 + frame.px(14.0);
    let top = top_with_legend_room(
        floor,
        data_top.max(floor * 10.0),
        legend_height,
        plot_height,
    );
    let mut chart = ChartBuilder::on(area)
        .margin(frame.px(10.0) as i32)
        .margin_right(frame.px(16.0) as i32)
        .x_label_area_size(frame.px(34.0) as i32)
        .y_label_area_size(frame.px(50.0) as i32)
        .build_cartesian_2d(-0.02 * x_high..x_high * 1.02, (floor..top).log_scale())
        .map_err(draw_error)?;
    let x_step = tick_step(0.0, x_high, 6).max(1.0);
    let x_labels = ((x_high / x_step).floor() as usize + 1).max(2);
    chart
        .configure_mesh()
        .themed(frame)
        .x_desc(spec.x_label)
        .y_desc(spec.y_label)
        .x_labels(x_labels)
        .y_labels(7)
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-9 {
                format_tick(*x, x_step)
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| log_tick_label(*y))
        .draw()
        .map_err(draw_error)?;
    let x_range = (-0.02 * x_high, x_high * 1.02);
    for (index, level) in spec.levels.iter().enumerate() {
        // A label within a factor 4 of an earlier level's goes under its line instead.
        let crowded = spec.levels[..index]
            .iter()
            .any(|other| (other.value / level.value).log10().abs() < 0.6);
        let vertical = if crowded { VPos::Top } else { VPos::Bottom };
        chart
            .draw_series(LineSeries::new(
                vec![(x_range.0, level.value), (x_range.1, level.value)],
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        // At the left: the runs start far above their stopping levels, and end (with the
        // shown iterate's rings) at the right.
        chart
            .draw_series(std::iter::once(Text::new(
                level.label.clone(),
                (x_range.0 + 0.04 * (x_range.1 - x_range.0), level.value),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Left, vertical)),
            )))
            .map_err(draw_error)?;
    }
    if let Some(k) = spec.marked {
        chart
            .draw_series(LineSeries::new(
                vec![(k, floor), (k, top)],
                line_style(theme.axis, frame, 1.0),
            ))
            .map_err(draw_error)?;
    }
    let mut pixels_drawn = Vec::new();
    for series in spec.series {
        let colour = series_colour(series.colour);
        let points: Vec<(f64, f64)> = series
            .points
            .iter()
            .map(|&(k, v)| (k, if v > floor { v } else { floor }))
            .collect();
        let pixels = chart_pixels(&chart, &points);
        draw_dashed_path(
            area,
            &pixels,
            SERIES_DASHES[series.colour % SERIES_DASHES.len()],
            frame.geometry.device_pixel_ratio,
            line_style(colour, frame, 2.0),
        )?;
        if spec.dots {
            let radius = frame.px(3.0) as i32;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new(*p, radius, rgb(colour).filled())),
                )
                .map_err(draw_error)?;
        }
        if let Some(k) = spec.marked
            && series.ringed
            && let Some(point) = points.iter().find(|p| p.0 == k)
        {
            chart
                .draw_series(std::iter::once(Circle::new(
                    *point,
                    frame.px(7.0) as i32,
                    line_style(colour, frame, 2.0),
                )))
                .map_err(draw_error)?;
        }
        if series.direct_label
            && let Some(&end) = points.last()
        {
            // A curve that runs to the right edge is labelled above its start (it falls
            // away from the text); a shorter one just after its end.
            let start = points.iter().find(|p| p.0 >= 0.06 * x_high).copied();
            let (anchor, horizontal, vertical) = match start {
                Some(start) if end.0 > 0.7 * x_high => {
                    ((start.0, start.1 * 1.5), HPos::Left, VPos::Bottom)
                }
                _ => ((end.0 + 0.015 * x_high, end.1), HPos::Left, VPos::Center),
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    series.label.clone(),
                    anchor,
                    text_style(frame, 11.0, colour).pos(Pos::new(horizontal, vertical)),
                )))
                .map_err(draw_error)?;
        }
        pixels_drawn.push(pixels);
    }
    draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &pixels_drawn)?;
    Ok(())
}

impl NumericalOptimization {
    fn draw_trace<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let iterates = &self.run().iterates;
        let series = [
            LogSeries {
                points: iterates
                    .iter()
                    .enumerate()
                    .map(|(k, i)| (k as f64, i.f))
                    .collect(),
                colour: 0,
                label: "f(x_k)".to_owned(),
                ringed: true,
                direct_label: false,
            },
            LogSeries {
                points: iterates
                    .iter()
                    .enumerate()
                    .map(|(k, i)| (k as f64, i.gradient_norm))
                    .collect(),
                colour: 1,
                label: "‖∇f‖∞ used".to_owned(),
                ringed: true,
                direct_label: false,
            },
        ];
        let levels = [Level {
            value: self.gtol(),
            label: format!("gtol = {}", power_text(self.gtol())),
        }];
        draw_log_chart(
            area,
            frame,
            &LogChart {
                series: &series,
                levels: &levels,
                x_label: "iteration k",
                y_label: "f and ‖∇f‖∞",
                marked: Some(self.shown() as f64),
                dots: iterates.len() <= 60,
                floor: None,
            },
        )
    }

    fn draw_coordinates<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let iterates = &self.run().iterates;
        let names = ["|x|", "|y|", "|z|"];
        let series: Vec<LogSeries> = (0..3)
            .map(|i| LogSeries {
                points: iterates
                    .iter()
                    .enumerate()
                    .map(|(k, it)| (k as f64, it.x[i].abs()))
                    .collect(),
                colour: i + 2,
                label: names[i].to_owned(),
                ringed: true,
                direct_label: false,
            })
            .collect();
        let mut levels = vec![Level {
            value: self.gtol() / 2.0,
            label: "gtol/2".to_owned(),
        }];
        if self.gradient_mode() != GradientMode::Exact {
            levels.push(Level {
                value: SQRT_EPSILON / 2.0,
                label: "h/2: 2x + h = 0".to_owned(),
            });
        }
        draw_log_chart(
            area,
            frame,
            &LogChart {
                series: &series,
                levels: &levels,
                x_label: "iteration k",
                y_label: "size of each coordinate",
                marked: Some(self.shown() as f64),
                dots: iterates.len() <= 60,
                floor: None,
            },
        )
    }

    fn draw_quadratic<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let runs = self.quadratic_runs();
        let last = runs
            .iter()
            .map(|r| r.relative_errors.len() - 1)
            .max()
            .unwrap_or(0);
        // About one point per device pixel column: steepest descent may take 10⁵ steps.
        let every = (last / 800).max(1);
        let thin = |values: &dyn Fn(usize) -> Option<f64>| -> Vec<(f64, f64)> {
            (0..=last)
                .filter(|k| k % every == 0 || *k == last)
                .filter_map(|k| values(k).map(|v| (k as f64, v)))
                .collect()
        };
        let mut series: Vec<LogSeries> = runs
            .iter()
            .enumerate()
            .map(|(index, run)| {
                let end = run.relative_errors.len() - 1;
                let mut points = thin(&|k| run.relative_errors.get(k).copied());
                if points.last().map(|p| p.0) != Some(end as f64) {
                    points.push((end as f64, run.relative_errors[end]));
                }
                LogSeries {
                    points,
                    colour: index,
                    label: method_names(run.method).1.to_owned(),
                    ringed: true,
                    direct_label: false,
                }
            })
            .collect();
        let (sd_rate, cg_rate) = (
            steepest_descent_rate(self.kappa()),
            conjugate_gradient_rate(self.kappa()),
        );
        // The bounds, drawn down to a little below the tolerance.
        let floor = QUADRATIC_TOLERANCE * 0.1;
        series.push(LogSeries {
            points: thin(&|k| Some(sd_rate.powi(k as i32)).filter(|v| *v >= floor)),
            colour: 3,
            label: "bound ((κ−1)/(κ+1))ᵏ".to_owned(),
            ringed: false,
            direct_label: true,
        });
        series.push(LogSeries {
            points: thin(&|k| {
                Some((2.0 * cg_rate.powi(k as i32)).min(1.0)).filter(|v| *v >= floor)
            }),
            colour: 4,
            label: "CG bound".to_owned(),
            ringed: false,
            direct_label: true,
        });
        let levels = [Level {
            value: QUADRATIC_TOLERANCE,
            label: "10⁻⁸".to_owned(),
        }];
        draw_log_chart(
            area,
            frame,
            &LogChart {
                series: &series,
                levels: &levels,
                x_label: "iteration k",
                y_label: "relative error in the A-norm",
                marked: Some(self.step().min(last) as f64),
                dots: false,
                floor: Some(QUADRATIC_TOLERANCE * 1e-4),
            },
        )
    }

    fn draw_sweep<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let sweep = self.sweep();
        let kappa_high = sweep.last().map_or(1e4, |p| p.kappa);
        let log_factor = (1.0 / QUADRATIC_TOLERANCE).ln();
        let cg_factor = (2.0 / QUADRATIC_TOLERANCE).ln();
        let y_high = (kappa_high / 2.0 * log_factor * 20.0).max(100.0);
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(16.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(50.0) as i32)
            .build_cartesian_2d(
                (0.8..kappa_high * 1.25).log_scale(),
                (0.8..y_high).log_scale(),
            )
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("condition number κ")
            .y_desc("iterations to 10⁻⁸")
            .x_labels(6)
            .y_labels(7)
            .x_label_formatter(&|x| log_tick_label(*x))
            .y_label_formatter(&|y| log_tick_label(*y))
            .draw()
            .map_err(draw_error)?;
        // The current κ.
        chart
            .draw_series(LineSeries::new(
                vec![(self.kappa(), 0.8), (self.kappa(), y_high)],
                line_style(theme.axis, frame, 1.0),
            ))
            .map_err(draw_error)?;
        // n: where CG must stop however large κ is.
        let n = self.dimension() as f64;
        chart
            .draw_series(LineSeries::new(
                vec![(0.8, n), (kappa_high * 1.25, n)],
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("n = {}", self.dimension()),
                (kappa_high * 1.2, n),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Right, VPos::Top)),
            )))
            .map_err(draw_error)?;
        // The two estimates as (colour, label, exponent of κ, factor): factor·κ^exponent.
        let estimates = [
            (3, "κ/2·ln(1/tol)", 1.0, log_factor / 2.0),
            (4, "√κ/2·ln(2/tol)", 0.5, cg_factor / 2.0),
        ];
        let mut drawn = Vec::new();
        let mut entries = Vec::new();
        for (colour_index, label, exponent, factor) in &estimates {
            let points: Vec<(f64, f64)> = sweep
                .iter()
                .map(|p| (p.kappa, (factor * p.kappa.powf(*exponent)).max(0.8)))
                .collect();
            let colour = series_colour(*colour_index);
            let line = chart_pixels(&chart, &points);
            draw_dashed_path(
                area,
                &line,
                SERIES_DASHES[*colour_index],
                frame.geometry.device_pixel_ratio,
                line_style(colour, frame, 1.5),
            )?;
            drawn.push(line);
            entries.push((colour, (*label).to_owned()));
        }
        for (index, method) in crate::math::quadratic_descent::Method::ALL
            .iter()
            .enumerate()
        {
            let points: Vec<(f64, f64)> = sweep
                .iter()
                .filter_map(|p| p.iterations[index].map(|k| (p.kappa, (k as f64).max(0.8))))
                .collect();
            let colour = series_colour(index);
            let line = chart_pixels(&chart, &points);
            draw_dashed_path(
                area,
                &line,
                SERIES_DASHES[index],
                frame.geometry.device_pixel_ratio,
                line_style(colour, frame, 2.0),
            )?;
            // BFGS lies on CG: smaller dots so both show.
            let radius = frame.px(if index == 2 { 2.0 } else { 3.5 }) as i32;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new(*p, radius, rgb(colour).filled())),
                )
                .map_err(draw_error)?;
            drawn.push(line);
            entries.push((colour, method_names(*method).1.to_owned()));
        }
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &drawn)?;
        Ok(())
    }

    fn draw_line_search<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let Some((k, search)) = self.shown_line_search() else {
            let message = if self.run().status == BfgsStatus::Converged {
                "No line search: the start already meets gtol"
            } else {
                "The first line search found no step"
            };
            return draw_message(area, frame, message);
        };
        let alpha_high = search.trials.iter().map(|t| t.0).fold(0.0, f64::max) * 1.25;
        if !(alpha_high > 0.0 && alpha_high.is_finite()) {
            return draw_message(area, frame, "No line search to show");
        }
        let phi = |alpha: f64| -> f64 {
            let point: Vec<f64> = search
                .origin
                .iter()
                .zip(&search.direction)
                .map(|(x, p)| x + alpha * p)
                .collect();
            sum_of_squares(&point)
        };
        let samples: Vec<(f64, f64)> = (0..=200)
            .map(|i| {
                let alpha = alpha_high * i as f64 / 200.0;
                (alpha, phi(alpha))
            })
            .collect();
        let armijo = |alpha: f64| search.value_at_zero + 1e-4 * alpha * search.slope_at_zero;
        let (low, high) = samples
            .iter()
            .map(|p| p.1)
            .chain([armijo(alpha_high), search.value_at_zero])
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        let y_range = padded(low, high + (high - low) * 0.1, 0.05);
        let chart = themed_chart(
            area,
            frame,
            0.0..alpha_high,
            y_range,
            "step length α",
            &format!("f(x{} + αp)", subscript(k - 1)),
        )?;
        let (curve_colour, armijo_colour, trial_colour) =
            (series_colour(0), series_colour(1), series_colour(2));
        let curve = chart_pixels(&chart, &samples);
        draw_dashed_path(
            area,
            &curve,
            SERIES_DASHES[0],
            frame.geometry.device_pixel_ratio,
            line_style(curve_colour, frame, 2.0),
        )?;
        let armijo_line = chart_pixels(
            &chart,
            [(0.0, armijo(0.0)), (alpha_high, armijo(alpha_high))],
        );
        draw_dashed_path(
            area,
            &armijo_line,
            SERIES_DASHES[1],
            frame.geometry.device_pixel_ratio,
            line_style(armijo_colour, frame, 1.5),
        )?;
        let plotting = chart.plotting_area();
        let last = search.trials.len().saturating_sub(1);
        let mut trial_points = Vec::new();
        for (index, &(alpha, value, _)) in search.trials.iter().enumerate() {
            plotting
                .draw(&Circle::new(
                    (alpha, value),
                    frame.px(4.0) as i32,
                    rgb(trial_colour).filled(),
                ))
                .map_err(draw_error)?;
            if index == last {
                plotting
                    .draw(&Circle::new(
                        (alpha, value),
                        frame.px(8.0) as i32,
                        line_style(trial_colour, frame, 2.0),
                    ))
                    .map_err(draw_error)?;
            }
            plotting
                .draw(&Text::new(
                    format!("{}", index + 1),
                    (alpha, value),
                    text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Left, VPos::Bottom)),
                ))
                .map_err(draw_error)?;
            trial_points.push((alpha, value));
        }
        let entries = [
            (curve_colour, "f along p".to_owned()),
            (armijo_colour, "sufficient decrease".to_owned()),
            (trial_colour, "trial steps (last accepted)".to_owned()),
        ];
        // The straight line as many points, so the legend's placement sees all of it.
        let armijo_samples: Vec<(f64, f64)> = (0..=40)
            .map(|i| {
                let alpha = alpha_high * i as f64 / 40.0;
                (alpha, armijo(alpha))
            })
            .collect();
        let data = vec![
            curve,
            chart_pixels(&chart, &armijo_samples),
            chart_pixels(&chart, &trial_points),
        ];
        draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &data)?;
        Ok(())
    }
}

/// n written with subscript digits (x₃).
fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}
