//! Drawing the derivatives demo: the secant and tangent, f′ with numpy.gradient's dots, and
//! the error of each method against h on log–log axes; with data tables and descriptions.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::super::drawing::{fill_style, line_style, padded, themed_chart};
use super::super::legend::{Corner, chart_pixels, draw_legend_clear_of, draw_message};
use super::super::plot_data::{short, thinned_indices, thinning_note};
use super::super::{DrawDemo, DrawResult, Frame, Layer, PlotTable, ReadoutValue, draw_error};
use super::{Derivatives, STEPS_PER_DECADE};
use crate::math::differentiation::{Method, central_optimal_step, forward_optimal_step};
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

const CURVE_SAMPLES: usize = 400;
/// Where an error of exactly 0 is drawn on the log axis.
const ZERO_ERROR_LOG: f64 = -17.0;

fn method_colour(method: Method) -> [u8; 3] {
    match method {
        Method::Forward => SERIES_COLOURS[1],
        // Reddish purple, not ochre: forward and backward errors overlap and need to differ.
        Method::Backward => SERIES_COLOURS[3],
        Method::Central => SERIES_COLOURS[0],
        Method::ComplexStep => SERIES_COLOURS[2],
    }
}

/// Finite samples of a function across the window.
fn samples(demo: &Derivatives, g: impl Fn(f64) -> f64) -> Vec<(f64, f64)> {
    let (low, high) = demo.window();
    (0..=CURVE_SAMPLES)
        .map(|i| low + (high - low) * i as f64 / CURVE_SAMPLES as f64)
        .map(|u| (u, g(u)))
        .filter(|(_, v)| v.is_finite())
        .collect()
}

fn value_range(points: &[(f64, f64)]) -> (f64, f64) {
    let (low, high) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
    if low.is_finite() {
        // Poles (1/x, ln x near 0) would flatten everything: keep the range sensible.
        let range = padded(low.max(-1e3), high.min(1e3), 0.08);
        (range.start, range.end)
    } else {
        (-1.0, 1.0)
    }
}

pub(super) fn secant_viewport(demo: &Derivatives, frame: &Frame) -> Viewport {
    let (x_min, x_max) = demo.window();
    let (y_min, y_max) = value_range(&samples(demo, |u| demo.f(u)));
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

/// A line through (x0, y0) with `slope`, across the window.
fn line_through(demo: &Derivatives, x0: f64, y0: f64, slope: f64) -> Vec<(f64, f64)> {
    let (low, high) = demo.window();
    vec![
        (low, y0 + slope * (low - x0)),
        (high, y0 + slope * (high - x0)),
    ]
}

fn draw_secant<DB: DrawingBackend>(
    demo: &Derivatives,
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
) -> DrawResult {
    let viewport = secant_viewport(demo, frame);
    let (x_min, x_max) = viewport.x_range;
    let (y_min, y_max) = viewport.y_range;
    let mut chart = themed_chart(area, frame, x_min..x_max, y_min..y_max, "x", "f(x)")?;
    let curve = samples(demo, |u| demo.f(u));
    let x = demo.x();
    let (fx, h) = (demo.f(x), demo.shown_h());
    let mut entries = vec![(SERIES_COLOURS[0], "f".to_owned())];
    let mut data = vec![curve.clone()];
    chart
        .draw_series(LineSeries::new(
            curve.iter().copied(),
            line_style(SERIES_COLOURS[0], frame, 2.0),
        ))
        .map_err(draw_error)?;
    if fx.is_finite() {
        let tangent = line_through(demo, x, fx, demo.derivative(x));
        let slope = demo.estimate(Method::Forward);
        // The secant first and wider, the tangent on top and thinner: once h is small the two
        // coincide and both still show, the tangent as a dark core inside the orange line.
        if slope.is_finite() {
            let secant = line_through(demo, x, fx, slope);
            chart
                .draw_series(LineSeries::new(
                    secant.iter().copied(),
                    line_style(SERIES_COLOURS[1], frame, 4.0),
                ))
                .map_err(draw_error)?;
            entries.push((SERIES_COLOURS[1], format!("secant, h = {}", short(h))));
            data.push(secant);
        }
        chart
            .draw_series(LineSeries::new(
                tangent.iter().copied(),
                line_style(frame.theme.text, frame, 1.5),
            ))
            .map_err(draw_error)?;
        entries.push((frame.theme.text, "tangent, slope f′(x)".to_owned()));
        let radius = frame.px(4.0) as i32;
        let points = [(x, fx), (x + h, demo.f(x + h))];
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| p.1.is_finite())
                    .map(|&p| Circle::new(p, radius, fill_style(SERIES_COLOURS[1]))),
            )
            .map_err(draw_error)?;
        data.push(tangent);
    }
    let pixels: Vec<Vec<(f64, f64)>> = data
        .iter()
        .map(|line| chart_pixels(&chart, line.iter().copied()))
        .collect();
    draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &pixels)?;
    Ok(())
}

fn draw_derivative<DB: DrawingBackend>(
    demo: &Derivatives,
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
) -> DrawResult {
    let (x_min, x_max) = demo.window();
    let curve = samples(demo, |u| demo.derivative(u));
    let xs = demo.sample_xs();
    let gradient: Vec<(f64, f64)> = xs
        .iter()
        .copied()
        .zip(demo.sample_gradient())
        .filter(|p| p.1.is_finite())
        .collect();
    let mut all = curve.clone();
    all.extend(gradient.iter().copied());
    let (y_min, y_max) = value_range(&all);
    let mut chart = themed_chart(area, frame, x_min..x_max, y_min..y_max, "x", "f′(x)")?;
    chart
        .draw_series(LineSeries::new(
            curve.iter().copied(),
            line_style(SERIES_COLOURS[0], frame, 2.0),
        ))
        .map_err(draw_error)?;
    let radius = frame.px(4.0) as i32;
    chart
        .draw_series(
            gradient
                .iter()
                .filter(|p| p.1 > y_min && p.1 < y_max)
                .map(|&p| Circle::new(p, radius, fill_style(SERIES_COLOURS[4]))),
        )
        .map_err(draw_error)?;
    let x = demo.x();
    let secant = demo.estimate(Method::Forward);
    if secant.is_finite() && secant > y_min && secant < y_max {
        chart
            .draw_series(std::iter::once(Circle::new(
                (x, secant),
                radius + 1,
                line_style(SERIES_COLOURS[1], frame, 2.0),
            )))
            .map_err(draw_error)?;
    }
    let entries = vec![
        (SERIES_COLOURS[0], "f′ exact (AD)".to_owned()),
        (SERIES_COLOURS[4], "np.gradient of 9 samples".to_owned()),
        (SERIES_COLOURS[1], "secant slope at x".to_owned()),
    ];
    let pixels = vec![
        chart_pixels(&chart, curve.iter().copied()),
        chart_pixels(&chart, gradient.iter().copied()),
    ];
    draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &pixels)?;
    Ok(())
}

fn log_error(error: f64) -> Option<f64> {
    if !error.is_finite() {
        None
    } else if error == 0.0 {
        Some(ZERO_ERROR_LOG)
    } else {
        Some(error.log10().max(ZERO_ERROR_LOG))
    }
}

/// The (log₁₀ h, log₁₀ error) points of one method.
fn error_points(demo: &Derivatives, method: Method) -> Vec<(f64, f64)> {
    demo.steps
        .iter()
        .zip(&demo.curve(method).errors)
        .filter_map(|(h, e)| Some((h.log10(), log_error(*e)?)))
        .collect()
}

fn draw_errors<DB: DrawingBackend>(
    demo: &Derivatives,
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
) -> DrawResult {
    let series: Vec<(Method, Vec<(f64, f64)>)> = Method::ALL
        .iter()
        .map(|&m| (m, error_points(demo, m)))
        .collect();
    let highest = series
        .iter()
        .flat_map(|s| s.1.iter().map(|p| p.1))
        .fold(f64::NEG_INFINITY, f64::max);
    if !highest.is_finite() {
        return draw_message(area, frame, "f′ cannot be estimated at this x");
    }
    let y_top = (highest + 0.5).clamp(0.0, 20.0).ceil();
    let mut chart = themed_chart(
        area,
        frame,
        -16.2..0.2,
        (ZERO_ERROR_LOG - 0.5)..y_top,
        "log₁₀ h",
        "log₁₀ relative error",
    )?;
    // The textbook best steps √ε and ∛ε, and the h shown.
    let muted = line_style(frame.theme.muted_text, frame, 1.0);
    for h in [forward_optimal_step(), central_optimal_step()] {
        chart
            .draw_series(DashedLineSeries::new(
                [(h.log10(), ZERO_ERROR_LOG - 0.5), (h.log10(), y_top)],
                frame.px(4.0) as i32,
                frame.px(4.0) as i32,
                muted,
            ))
            .map_err(draw_error)?;
    }
    let shown = demo.shown_h().log10();
    chart
        .draw_series(LineSeries::new(
            [(shown, ZERO_ERROR_LOG - 0.5), (shown, y_top)],
            line_style(frame.theme.text, frame, 1.5),
        ))
        .map_err(draw_error)?;
    let mut entries = Vec::new();
    let mut pixels = Vec::new();
    for (method, points) in &series {
        let colour = method_colour(*method);
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                line_style(colour, frame, 1.5),
            ))
            .map_err(draw_error)?;
        if let Some((h, e)) = demo.curve(*method).best
            && let Some(y) = log_error(e)
        {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (h.log10(), y),
                    frame.px(5.0) as i32,
                    fill_style(colour),
                )))
                .map_err(draw_error)?;
        }
        let name = match method {
            Method::Forward => "forward",
            Method::Backward => "backward",
            Method::Central => "central",
            Method::ComplexStep => "complex step",
        };
        entries.push((colour, name.to_owned()));
        pixels.push(chart_pixels(&chart, points.iter().copied()));
    }
    draw_legend_clear_of(area, frame, Corner::BottomRight, &entries, &pixels)?;
    Ok(())
}

impl DrawDemo for Derivatives {
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
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => draw_secant(self, area, frame),
            1 => draw_derivative(self, area, frame),
            _ => draw_errors(self, area, frame),
        }
    }
}

fn cell(value: f64) -> ReadoutValue {
    crate::demos::data_alternative::finite_or(value, "undefined")
}

pub(super) fn secant_table(demo: &Derivatives) -> PlotTable {
    let x = demo.x();
    let h = demo.shown_h();
    let mut table = PlotTable::new(
        "The two points of the secant, its slope and the tangent's; then f at 21 evenly spaced x across the plot",
        &["Point", "x", "f(x)", "slope"],
    );
    table.rows.push(vec![
        ReadoutValue::Text("(x, f(x))".into()),
        cell(x),
        cell(demo.f(x)),
        cell(demo.derivative(x)),
    ]);
    table.rows.push(vec![
        ReadoutValue::Text("(x + h, f(x + h))".into()),
        cell(x + h),
        cell(demo.f(x + h)),
        cell(demo.estimate(Method::Forward)),
    ]);
    let (low, high) = demo.window();
    for i in 0..=20 {
        let u = low + (high - low) * i as f64 / 20.0;
        table.rows.push(vec![
            ReadoutValue::Text("curve".into()),
            cell(u),
            cell(demo.f(u)),
            cell(demo.derivative(u)),
        ]);
    }
    table
}

pub(super) fn derivative_table(demo: &Derivatives) -> PlotTable {
    let mut table = PlotTable::new(
        "The nine samples given to numpy.gradient: x, f(x), np.gradient's estimate and the exact f′(x)",
        &["x", "f(x)", "np.gradient", "f′(x) exact"],
    );
    for (u, g) in demo.sample_xs().into_iter().zip(demo.sample_gradient()) {
        table.rows.push(vec![
            cell(u),
            cell(demo.f(u)),
            cell(g),
            cell(demo.derivative(u)),
        ]);
    }
    table
}

pub(super) fn error_table(demo: &Derivatives) -> PlotTable {
    let (indices, stride) = thinned_indices(demo.steps.len(), 200);
    let mut table = PlotTable::new(
        format!(
            "Relative error of each method against h, {STEPS_PER_DECADE} steps per decade{}",
            thinning_note(stride, "step")
        ),
        &["h", "forward", "backward", "central", "complex step"],
    );
    for i in indices {
        let mut row = vec![cell(demo.steps[i])];
        for method in Method::ALL {
            row.push(cell(demo.curve(method).errors[i]));
        }
        table.rows.push(row);
    }
    table
}

pub(super) fn secant_description(demo: &Derivatives) -> String {
    let x = demo.x();
    format!(
        "f(x) = {} at x = {}: secant slope {} with h = {}, tangent slope f′(x) = {}.",
        demo.formula_text(),
        short(x),
        short_or_undefined(demo.estimate(Method::Forward)),
        short(demo.shown_h()),
        short_or_undefined(demo.derivative(x))
    )
}

pub(super) fn derivative_description(demo: &Derivatives) -> String {
    let gradient = demo.sample_gradient();
    let worst = demo
        .sample_xs()
        .iter()
        .zip(&gradient)
        .map(|(&u, &g)| (g - demo.derivative(u)).abs())
        .fold(0.0, f64::max);
    format!(
        "f′ of {} from {} to {}; numpy.gradient of nine samples is off by at most {}.",
        demo.formula_text(),
        short(demo.window().0),
        short(demo.window().1),
        short_or_undefined(worst)
    )
}

pub(super) fn error_description(demo: &Derivatives) -> String {
    let best = |method: Method| match demo.curve(method).best {
        Some((h, e)) => format!("{} (error {})", short(h), short(e)),
        None => "undefined".to_owned(),
    };
    format!(
        "Best h: forward {}, central {}, complex step {}; the h shown is {}.",
        best(Method::Forward),
        best(Method::Central),
        best(Method::ComplexStep),
        short(demo.shown_h())
    )
}

fn short_or_undefined(value: f64) -> String {
    if value.is_finite() {
        short(value)
    } else {
        "undefined".to_owned()
    }
}
