//! Drawing of the integrals demo: the rule's pieces under f, the errors against n on log-log
//! axes with reference slopes, and F(x) with its tangent.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::Integrals;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::demos::drawing::ThemedMesh;
use crate::demos::drawing::{
    fill_style, format_plot_number, line_style, padded, text_style, themed_chart,
};
use crate::demos::legend::{
    Corner, chart_pixels, draw_legend_clear_of, draw_message, plotting_rect, top_with_legend_room,
};
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error};
use crate::math::quadrature::{Rule, gauss_legendre};
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

/// Up to this many pieces are drawn one by one; beyond, the sliver between the rule's
/// interpolant and f is shaded instead.
pub(super) const MAX_DRAWN_PIECES: usize = 60;
/// Samples of f across the plot.
const CURVE_SAMPLES: usize = 600;

/// One piece of a rule: its x extent, the height of f at its node and the area it adds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Piece {
    pub from: f64,
    pub to: f64,
    pub height: f64,
    pub area: f64,
}

impl Integrals {
    /// The rule's pieces: equal subintervals, or for Gauss–Legendre bars as wide as each
    /// node's weight, laid side by side from a.
    pub(super) fn pieces(&self) -> Vec<Piece> {
        let (a, b) = self.interval();
        let n = self.n;
        let h = (b - a) / n as f64;
        if self.rule == Rule::GaussLegendre {
            let (nodes, weights) = gauss_legendre(n);
            let half = (b - a) / 2.0;
            let mut from = a;
            return nodes
                .iter()
                .zip(&weights)
                .map(|(x, w)| {
                    let width = w * half;
                    let height = self.f((a + b) / 2.0 + half * x);
                    let piece = Piece {
                        from,
                        to: from + width,
                        height,
                        area: width * height,
                    };
                    from += width;
                    piece
                })
                .collect();
        }
        (0..n)
            .map(|i| {
                let (from, to) = (a + h * i as f64, a + h * (i + 1) as f64);
                let (f0, fm, f1) = (self.f(from), self.f((from + to) / 2.0), self.f(to));
                let (height, area) = match self.rule {
                    Rule::Left => (f0, h * f0),
                    Rule::Right => (f1, h * f1),
                    Rule::Midpoint => (fm, h * fm),
                    Rule::Trapezoid => ((f0 + f1) / 2.0, h * (f0 + f1) / 2.0),
                    _ => (fm, h / 6.0 * (f0 + 4.0 * fm + f1)),
                };
                Piece {
                    from,
                    to,
                    height,
                    area,
                }
            })
            .collect()
    }

    /// The rule's interpolant of f at x (piecewise constant, linear or quadratic); None for
    /// Gauss–Legendre, which does not interpolate piece by piece.
    fn interpolant(&self, x: f64) -> Option<f64> {
        let (a, b) = self.interval();
        let h = (b - a) / self.n as f64;
        let i = (((x - a) / h).floor().max(0.0) as usize).min(self.n - 1);
        let (from, to) = (a + h * i as f64, a + h * (i + 1) as f64);
        Some(match self.rule {
            Rule::Left => self.f(from),
            Rule::Right => self.f(to),
            Rule::Midpoint => self.f((from + to) / 2.0),
            Rule::Trapezoid => {
                let t = (x - from) / h;
                self.f(from) * (1.0 - t) + self.f(to) * t
            }
            Rule::Simpson => {
                // The parabola through the ends and the middle, in Lagrange form.
                let (m, t) = ((from + to) / 2.0, x);
                let (f0, fm, f1) = (self.f(from), self.f(m), self.f(to));
                f0 * (t - m) * (t - to) / ((from - m) * (from - to))
                    + fm * (t - from) * (t - to) / ((m - from) * (m - to))
                    + f1 * (t - from) * (t - m) / ((to - from) * (to - m))
            }
            Rule::GaussLegendre => return None,
        })
    }

    /// The y range of f over the interval, with 0 included.
    fn value_range(&self) -> (f64, f64) {
        let (a, b) = self.interval();
        (0..=CURVE_SAMPLES)
            .map(|i| self.f(a + (b - a) * i as f64 / CURVE_SAMPLES as f64))
            .filter(|y| y.is_finite())
            .fold((0.0f64, 0.0f64), |(lo, hi), y| (lo.min(y), hi.max(y)))
    }

    /// The F plot's model-to-pixel map (the margins of `themed_chart`).
    pub(super) fn ftc_viewport(&self, frame: &Frame) -> Viewport {
        let (a, b) = self.interval();
        let (low, high) = self.accumulated_range();
        let y = padded(low, high, 0.08);
        let (left, top) = (frame.px(10.0 + 52.0), frame.px(10.0));
        Viewport {
            x_range: (a, b),
            y_range: (y.start, y.end),
            left,
            top,
            width: frame.geometry.pixel_width() as f64 - left - frame.px(22.0),
            height: frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0),
        }
    }

    fn accumulated_range(&self) -> (f64, f64) {
        self.analysis
            .accumulated
            .iter()
            .map(|p| p.1)
            .filter(|y| y.is_finite())
            .fold((0.0f64, 0.0f64), |(lo, hi), y| (lo.min(y), hi.max(y)))
    }
}

impl DrawDemo for Integrals {
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
            0 => self.draw_pieces(area, frame),
            1 => self.draw_convergence(area, frame),
            _ => self.draw_ftc(area, frame),
        }
    }
}

impl Integrals {
    fn draw_pieces<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let (a, b) = self.interval();
        let (low, high) = self.value_range();
        let y = padded(low, high, 0.05);
        let top = top_with_legend_room(y.start, y.end, 2, frame);
        let mut chart = themed_chart(area, frame, a..b, y.start..top, "x", "f(x)")?;
        let colour =
            SERIES_COLOURS[Rule::ALL.iter().position(|r| *r == self.rule).unwrap_or(0) % 8];
        let fill = rgb(colour).mix(0.3).filled();
        let outline = line_style(colour, frame, 1.0);
        let clamp = |v: f64| v.clamp(y.start, top);
        if self.n <= MAX_DRAWN_PIECES {
            for piece in self.pieces() {
                let shape: Vec<(f64, f64)> = match self.rule {
                    Rule::Trapezoid => vec![
                        (piece.from, 0.0),
                        (piece.from, clamp(self.f(piece.from))),
                        (piece.to, clamp(self.f(piece.to))),
                        (piece.to, 0.0),
                    ],
                    Rule::Simpson => {
                        let mut points = vec![(piece.from, 0.0)];
                        for k in 0..=12 {
                            let x = piece.from + (piece.to - piece.from) * f64::from(k) / 12.0;
                            points.push((x, clamp(self.interpolant(x).unwrap_or(0.0))));
                        }
                        points.push((piece.to, 0.0));
                        points
                    }
                    _ => {
                        let h = clamp(piece.height);
                        vec![
                            (piece.from, 0.0),
                            (piece.from, h),
                            (piece.to, h),
                            (piece.to, 0.0),
                        ]
                    }
                };
                if shape.iter().all(|p| p.1.is_finite()) {
                    chart
                        .draw_series(std::iter::once(Polygon::new(shape.clone(), fill)))
                        .map_err(draw_error)?;
                    let mut closed = shape;
                    closed.push(closed[0]);
                    chart
                        .draw_series(std::iter::once(PathElement::new(closed, outline)))
                        .map_err(draw_error)?;
                }
            }
        } else if self.rule != Rule::GaussLegendre {
            // Too many pieces to see: shade the sliver between the interpolant and f.
            let xs: Vec<f64> = (0..=CURVE_SAMPLES * 2)
                .map(|i| a + (b - a) * i as f64 / (CURVE_SAMPLES * 2) as f64)
                .collect();
            let mut sliver: Vec<(f64, f64)> = xs.iter().map(|&x| (x, clamp(self.f(x)))).collect();
            sliver.extend(
                xs.iter()
                    .rev()
                    .map(|&x| (x, clamp(self.interpolant(x).unwrap_or(f64::NAN)))),
            );
            if sliver.iter().all(|p| p.1.is_finite()) {
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        sliver,
                        rgb(colour).mix(0.6).filled(),
                    )))
                    .map_err(draw_error)?;
            }
        }
        // Gauss–Legendre's nodes as ticks on the axis.
        if self.rule == Rule::GaussLegendre {
            let (nodes, _) = gauss_legendre(self.n);
            let (centre, half) = ((a + b) / 2.0, (b - a) / 2.0);
            let tick = (top - y.start) * 0.03;
            chart
                .draw_series(nodes.iter().map(|x| {
                    let x = centre + half * x;
                    PathElement::new(vec![(x, -tick), (x, tick)], line_style(colour, frame, 1.5))
                }))
                .map_err(draw_error)?;
        }
        let curve: Vec<(f64, f64)> = (0..=CURVE_SAMPLES)
            .map(|i| {
                let x = a + (b - a) * i as f64 / CURVE_SAMPLES as f64;
                (x, self.f(x))
            })
            .filter(|p| p.1.is_finite())
            .collect();
        chart
            .draw_series(LineSeries::new(
                curve.iter().copied(),
                line_style(frame.theme.text, frame, 2.0),
            ))
            .map_err(draw_error)?;
        let entries = vec![
            (
                colour,
                format!(
                    "{}, n = {}: {}",
                    self.rule.label(),
                    self.n,
                    format_plot_number(self.estimate(self.rule))
                ),
            ),
            (
                frame.theme.text,
                format!("exact: {}", format_plot_number(self.analysis.exact)),
            ),
        ];
        let data = vec![chart_pixels(&chart, curve.iter().step_by(6).copied())];
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }

    fn draw_convergence<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let floor = 1e-17;
        let convergence = &self.analysis.convergence;
        let largest = convergence
            .iter()
            .flat_map(|(_, e)| e.iter().copied())
            .filter(|e| e.is_finite())
            .fold(0.0f64, f64::max);
        if largest <= 0.0 {
            return draw_message(area, frame, "every rule is exact here, or f is undefined");
        }
        // Headroom for the legend (top right: the errors fall to the right), computed in
        // decades so that the legend's share of the height stays above the data.
        let plot = plotting_rect(frame);
        let legend_fraction =
            (frame.px(6.0 + 17.0 * 6.0 + 8.0) / (plot.bottom - plot.top).max(1.0)).min(0.6);
        let data_decades = (largest * 10.0 / floor).log10();
        // At most six decades of headroom: on a phone the legend may then veil some data
        // rather than squeeze the curves into a sliver.
        let y_high =
            (floor * 10f64.powf(data_decades / (1.0 - legend_fraction))).min(largest * 1e7);
        let mut chart = log_log_chart(area, frame, y_high, floor)?;
        let mut data = Vec::new();
        for (i, rule) in Rule::ALL.iter().enumerate() {
            let points: Vec<(f64, f64)> = convergence
                .iter()
                .filter(|(_, e)| e[i].is_finite())
                .map(|(n, e)| (*n as f64, e[i].max(floor)))
                .collect();
            let width = if *rule == self.rule { 2.5 } else { 1.2 };
            chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    line_style(SERIES_COLOURS[i], frame, width),
                ))
                .map_err(draw_error)?;
            // chart_pixels takes linear charts; this one is log-log.
            data.push(
                points
                    .iter()
                    .map(|p| {
                        let (x, y) = chart.backend_coord(p);
                        (f64::from(x), f64::from(y))
                    })
                    .collect(),
            );
        }
        // Reference slopes −1, −2, −4 through the left-Riemann, trapezoid and Simpson errors at
        // n = 4 (when those are above rounding), dashed.
        for (order, rule_index) in [(1, 0), (2, 3), (4, 4)] {
            let Some(anchor) = convergence
                .iter()
                .find(|(n, _)| *n >= 4)
                .map(|(n, e)| (*n as f64, e[rule_index]))
            else {
                continue;
            };
            if !(anchor.1.is_finite() && anchor.1 > 1e-12) {
                continue;
            }
            let line: Vec<(f64, f64)> = (0..=30)
                .map(|k| {
                    let n = 10f64.powf(f64::from(k) / 10.0);
                    (n, anchor.1 * 3.0 * (n / anchor.0).powi(-order))
                })
                .filter(|p| p.1 > floor && p.1 < y_high)
                .collect();
            chart
                .draw_series(DashedLineSeries::new(
                    line.iter().copied(),
                    frame.px(5.0) as i32,
                    frame.px(4.0) as i32,
                    line_style(frame.theme.muted_text, frame, 1.0),
                ))
                .map_err(draw_error)?;
            // The label at the line's lower end, clear of the legend at the top.
            if let Some(&(n, e)) = line.last() {
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("slope −{order}"),
                        (n, e),
                        text_style(frame, 11.0, frame.theme.muted_text)
                            .pos(Pos::new(HPos::Right, VPos::Bottom)),
                    )))
                    .map_err(draw_error)?;
            }
        }
        // The current n.
        let n = self.n as f64;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(n, floor), (n, y_high)],
                line_style(frame.theme.axis, frame, 1.0),
            )))
            .map_err(draw_error)?;
        let entries: Vec<([u8; 3], String)> = Rule::ALL
            .iter()
            .enumerate()
            .map(|(i, r)| (SERIES_COLOURS[i], r.id().to_owned()))
            .collect();
        draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &data)?;
        Ok(())
    }

    fn draw_ftc<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = self.ftc_viewport(frame);
        let (a, b) = viewport.x_range;
        let (low, high) = viewport.y_range;
        if !(low.is_finite() && high.is_finite()) {
            return draw_message(area, frame, "F is undefined here");
        }
        let mut chart = themed_chart(area, frame, a..b, low..high, "x", "F(x) = ∫ₐˣ f")?;
        let blue = SERIES_COLOURS[0];
        chart
            .draw_series(LineSeries::new(
                self.analysis
                    .accumulated
                    .iter()
                    .copied()
                    .filter(|p| p.1.is_finite()),
                line_style(blue, frame, 2.0),
            ))
            .map_err(draw_error)?;
        let x = self.ftc_x();
        let (value, slope) = (self.accumulated_at(x), self.f(x));
        if value.is_finite() && slope.is_finite() {
            let half = (b - a) * 0.15;
            let tangent = [
                (x - half, value - slope * half),
                (x + half, value + slope * half),
            ];
            chart
                .draw_series(std::iter::once(PathElement::new(
                    tangent.to_vec(),
                    line_style(SERIES_COLOURS[1], frame, 2.0),
                )))
                .map_err(draw_error)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x, value),
                    frame.px(6.0) as i32,
                    fill_style(SERIES_COLOURS[1]),
                )))
                .map_err(draw_error)?;
        }
        let entries = vec![
            (blue, "F(x)".to_owned()),
            (
                SERIES_COLOURS[1],
                format!("tangent, slope f(x) = {}", format_plot_number(slope)),
            ),
        ];
        let data = vec![chart_pixels(
            &chart,
            self.analysis.accumulated.iter().copied(),
        )];
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }
}

/// A chart with both axes logarithmic.
type LogLogChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<LogCoord<f64>, LogCoord<f64>>>;

/// The error plot's chart: n from 1 to 1,000 and |error| on log axes, with the margins of
/// `themed_chart` and tick labels a log axis can read ("1e-8", not the linear rounding "0").
fn log_log_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    frame: &Frame,
    y_high: f64,
    floor: f64,
) -> Result<LogLogChart<'a, DB>, String> {
    let mut chart = ChartBuilder::on(area)
        .margin(frame.px(10.0) as i32)
        .margin_right(frame.px(22.0) as i32)
        .x_label_area_size(frame.px(34.0) as i32)
        .y_label_area_size(frame.px(52.0) as i32)
        .build_cartesian_2d((1.0..1000.0).log_scale(), (floor..y_high).log_scale())
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .themed(frame)
        .x_desc("n")
        .y_desc("|error|")
        .x_labels(4)
        .y_labels(8)
        .x_label_formatter(&|x| crate::demos::format_plot_number(*x, 2))
        .y_label_formatter(&|y| crate::demos::format_plot_number(*y, 1))
        .draw()
        .map_err(draw_error)?;
    Ok(chart)
}
