//! The approximate-inference demo's plots: the posterior as a shaded density with the chain's
//! samples and the approximations' 1σ/2σ ellipses, the data, the trace, the autocorrelation
//! and the ELBO curves.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{ACF_LAGS, ApproximateInference};
use crate::demos::drawing::{
    centred_equal_aspect_viewport, equal_aspect_chart, equal_aspect_coordinates, fill_style,
    line_style, padded, text_style, themed_chart,
};
use crate::demos::legend::{Corner, chart_pixels, draw_legend_clear_of, draw_message};
use crate::demos::{DrawResult, Frame, Layer, draw_error};
use crate::math::approx_inference::{CentrePosition, Gaussian2, bilinear};
use crate::render::dash::draw_dashed_path;
use crate::render::theme::{SERIES_COLOURS, rgb, series_dash};
use crate::render::viewport::Viewport;
use colours::*;

/// A press within this many CSS pixels of a data point grabs it.
const GRAB_RADIUS: f64 = 14.0;
/// The most chain samples drawn as dots.
const MAX_DOTS: usize = 1500;
/// The most points of a trace line.
const MAX_TRACE_POINTS: usize = 1500;

impl ApproximateInference {
    /// The posterior plot's pixel rectangle and model window (the common chart margins).
    pub(super) fn posterior_viewport(&self, frame: &Frame) -> Viewport {
        let (left, top) = (frame.px(10.0 + 52.0), frame.px(10.0));
        Viewport {
            x_range: self.display.x,
            y_range: self.display.y,
            left,
            top,
            width: (frame.geometry.pixel_width() as f64 - left - frame.px(22.0)).max(1.0),
            height: (frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0)).max(1.0),
        }
    }

    pub(super) fn data_viewport(&self, frame: &Frame) -> Viewport {
        centred_equal_aspect_viewport(frame, [0.0, 0.0], super::DATA_LIMIT + 0.3, 10.0)
    }

    /// The Gaussian approximations drawn, with their legend names and colours.
    pub(super) fn drawn_approximations(&self) -> Vec<(&'static str, [u8; 3], Gaussian2)> {
        let mut drawn = Vec::new();
        if let Some(l) = self.laplace {
            drawn.push(("Laplace", LAPLACE, l.gaussian));
        }
        drawn.push(("VI mean field", MEAN_FIELD, self.mean_field.gaussian()));
        drawn.push(("VI full cov", FULL_COV, self.full_cov.gaussian()));
        drawn.push(("Moment match", MOMENT, self.moment_match.gaussian));
        drawn
    }

    /// Paints the density into the raster cache: the page background darkening towards the
    /// text colour with `√(p/p_max)`, so the tails stay visible.
    pub(super) fn paint_posterior(&mut self, frame: &Frame) {
        let viewport = self.posterior_viewport(frame);
        let geometry = frame.geometry;
        let cell = 2.0;
        let width = ((geometry.css_width / cell).round() as u32).clamp(2, 1200);
        let height = ((geometry.css_height / cell).round() as u32).clamp(2, 1200);
        let image = &mut self.cache.image;
        image.resize(width, height);
        let (scale_x, scale_y) = (
            geometry.pixel_width() as f64 / width as f64,
            geometry.pixel_height() as f64 / height as f64,
        );
        let (background, ink) = (frame.theme.background, frame.theme.text);
        let peak = self.grid.max_log_density;
        // The shade is √(p̃/p̃_max), interpolated bilinearly from the grid's cells where the
        // grid covers the pixel (an `exp` per pixel took a third of the plot's first paint).
        // The pixel-to-model map is separable: each column's w₁ and grid position, and each
        // row's, once.
        let grid = &self.grid;
        let roots = grid.root_weights();
        let columns: Vec<(bool, f64, Option<CentrePosition>)> = (0..width)
            .map(|column| {
                let px = (column as f64 + 0.5) * scale_x;
                let py = viewport.top;
                let x = viewport.to_model(px, py).0;
                (
                    viewport.contains_pixel(px, py),
                    x,
                    grid.centre_position(0, x),
                )
            })
            .collect();
        for row in 0..height {
            let py = (row as f64 + 0.5) * scale_y;
            let px = viewport.left;
            let (row_inside, y) = (viewport.contains_pixel(px, py), viewport.to_model(px, py).1);
            let row_position = grid.centre_position(1, y);
            for (column, &(column_inside, x, column_position)) in columns.iter().enumerate() {
                let rgba = if row_inside && column_inside {
                    let root = match (column_position, row_position) {
                        (Some(across), Some(up)) => bilinear(&roots, grid.cells, across, up),
                        // Beyond the outermost cell centres: the target itself.
                        _ => (self.target.log_density([x, y]) - peak)
                            .exp()
                            .clamp(0.0, 1.0)
                            .sqrt(),
                    };
                    let keep = 0.6 * root;
                    let mix = |b: u8, i: u8| {
                        (f64::from(b) * (1.0 - keep) + f64::from(i) * keep + 0.5) as u8
                    };
                    [
                        mix(background[0], ink[0]),
                        mix(background[1], ink[1]),
                        mix(background[2], ink[2]),
                        255,
                    ]
                } else {
                    [0, 0, 0, 0]
                };
                image.set_pixel(column as u32, row, rgba);
            }
        }
    }

    pub(super) fn draw_posterior<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = self.posterior_viewport(frame);
        let dots = self.posterior_dots(&viewport);
        // The background holds what changes only as the chain grows or the target changes:
        // the dots (the costly part to paint) and the Laplace and moment-matched ellipses
        // over them; the foreground the VI ellipses, which move while VI runs, and the legend.
        let background = layer == Layer::Background;
        let mut chart = if background {
            equal_aspect_chart(area, frame, &viewport, 10.0, "w₁", "w₂")?
        } else {
            equal_aspect_coordinates(area, frame, &viewport, 10.0)?
        };
        if background {
            let radius = frame.px(1.5).max(1.0) as i32;
            chart
                .draw_series(
                    dots.iter()
                        .map(|&p| Circle::new(p, radius, rgb(SAMPLES).mix(0.75).filled())),
                )
                .map_err(draw_error)?;
        }
        let mut data = vec![chart_pixels(&chart, dots.iter())];
        let plot = chart.plotting_area();
        for (_, colour, gaussian) in self.drawn_approximations() {
            let moves_with_vi = colour == MEAN_FIELD || colour == FULL_COV;
            let drawn_here = moves_with_vi != background;
            for (k, width) in [(1.0, 2.5), (2.0, 1.5)] {
                let ellipse = gaussian.ellipse(k, 96);
                let pixels: Vec<(f64, f64)> = ellipse
                    .iter()
                    .map(|p| {
                        let (x, y) = plot.map_coordinate(p);
                        (f64::from(x), f64::from(y))
                    })
                    .collect();
                if drawn_here {
                    draw_dashed_path(
                        area,
                        &pixels,
                        series_dash(colour),
                        frame.geometry.device_pixel_ratio,
                        line_style(colour, frame, width),
                    )?;
                }
                // The legend keeps clear of every ellipse, whichever layer holds it.
                data.push(pixels);
            }
            if !drawn_here {
                continue;
            }
            // The centre as a small cross.
            let (x, y) = plot.map_coordinate(&(gaussian.mean[0], gaussian.mean[1]));
            let arm = frame.px(4.0) as i32;
            let style = line_style(colour, frame, 2.0);
            area.draw(&PathElement::new(vec![(x - arm, y), (x + arm, y)], style))
                .map_err(draw_error)?;
            area.draw(&PathElement::new(vec![(x, y - arm), (x, y + arm)], style))
                .map_err(draw_error)?;
        }
        if background {
            return Ok(());
        }
        let mut entries = vec![(SAMPLES, "MH samples".to_owned())];
        entries.extend(
            self.drawn_approximations()
                .into_iter()
                .map(|(name, colour, _)| (colour, name.to_owned())),
        );
        draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &data)?;
        Ok(())
    }

    /// The chain's samples after the burn-in that the posterior plot shows as dots, evenly
    /// thinned (all those drawn: while a new chain grows they appear before its statistics
    /// are done).
    fn posterior_dots(&self, viewport: &Viewport) -> Vec<(f64, f64)> {
        let (x_range, y_range) = (viewport.x_range, viewport.y_range);
        let inside = |w: &[f64; 2]| {
            (x_range.0..=x_range.1).contains(&w[0]) && (y_range.0..=y_range.1).contains(&w[1])
        };
        let shown = self.drawn_shown();
        let kept = &self.chain.samples[self.burn_in.min(shown)..shown];
        let stride = kept.len().div_ceil(MAX_DOTS).max(1);
        kept.iter()
            .step_by(stride)
            .filter(|w| inside(w))
            .map(|w| (w[0], w[1]))
            .collect()
    }

    pub(super) fn draw_data<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        if !self.is_logistic() {
            if layer == Layer::Foreground {
                area.fill(&rgb(frame.theme.background))
                    .map_err(draw_error)?;
                draw_message(
                    area,
                    frame,
                    &format!(
                        "The {} has no data: choose logistic regression.",
                        self.target_label()
                    ),
                )?;
            }
            return Ok(());
        }
        let viewport = self.data_viewport(frame);
        if layer == Layer::Background {
            equal_aspect_chart(area, frame, &viewport, 10.0, "x₁", "x₂")?;
            return Ok(());
        }
        let mut chart = equal_aspect_coordinates(area, frame, &viewport, 10.0)?;
        let theme = frame.theme;
        // The decision line of the posterior mean, wᵀx = 0 through the origin (no bias).
        let [m1, m2] = self.grid.mean;
        let length = m1.hypot(m2);
        if length > 1e-9 {
            let reach = 20.0;
            let direction = (-m2 / length * reach, m1 / length * reach);
            let clip = |p: (f64, f64)| {
                crate::demos::drawing::clip_segment(
                    p,
                    (-p.0, -p.1),
                    viewport.x_range,
                    viewport.y_range,
                )
            };
            if let Some([a, b]) = clip(direction) {
                chart
                    .draw_series(LineSeries::new([a, b], line_style(theme.text, frame, 2.0)))
                    .map_err(draw_error)?;
            }
        }
        let radius = frame.px(6.0);
        let units = (viewport.x_range.1 - viewport.x_range.0) / viewport.width;
        for (index, point) in self.points.iter().enumerate() {
            let (x, y) = (point.x[0], point.x[1]);
            let colour = if point.label { CLASS_ONE } else { CLASS_ZERO };
            let outline = line_style(theme.background, frame, 1.5);
            if point.label {
                chart
                    .draw_series([
                        Circle::new((x, y), radius as i32, fill_style(colour)),
                        Circle::new((x, y), radius as i32, outline),
                    ])
                    .map_err(draw_error)?;
            } else {
                let half = frame.px(5.5) * units;
                let corners = [(x - half, y - half), (x + half, y + half)];
                chart
                    .draw_series([
                        Rectangle::new(corners, fill_style(colour)),
                        Rectangle::new(corners, outline),
                    ])
                    .map_err(draw_error)?;
            }
            if index == self.selected && !frame.for_export {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (x, y),
                        (radius * 1.9) as i32,
                        line_style(theme.text, frame, 1.5),
                    )))
                    .map_err(draw_error)?;
            }
        }
        // The query point x* as a diamond, with the true predictive probability beside it.
        let (qx, qy) = (self.query[0], self.query[1]);
        let half = frame.px(7.0) * units;
        chart
            .draw_series(std::iter::once(Polygon::new(
                vec![
                    (qx - half, qy),
                    (qx, qy + half),
                    (qx + half, qy),
                    (qx, qy - half),
                ],
                fill_style(QUERY),
            )))
            .map_err(draw_error)?;
        let label = format!(
            "x*: p(y=1) = {}",
            crate::demos::drawing::format_plot_number(self.grid_summary())
        );
        let (px, py) = viewport.to_pixel(qx, qy);
        let right = px + frame.px(150.0) < frame.geometry.pixel_width() as f64;
        area.draw(&Text::new(
            label,
            (
                (if right {
                    px + frame.px(10.0)
                } else {
                    px - frame.px(10.0)
                }) as i32,
                py as i32,
            ),
            text_style(frame, 12.0, theme.text).pos(Pos::new(
                if right { HPos::Left } else { HPos::Right },
                VPos::Center,
            )),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    /// The data point under a pointer at `(x, y)` CSS pixels, if any.
    pub(super) fn point_at(&self, viewport: &Viewport, x: f64, y: f64) -> Option<usize> {
        self.points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (px, py) = viewport.to_pixel(p.x[0], p.x[1]);
                (i, (px - x).hypot(py - y))
            })
            .filter(|(_, distance)| *distance <= GRAB_RADIUS)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    pub(super) fn draw_trace<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        let shown = self.drawn_shown();
        let samples = &self.chain.samples[..shown];
        let stride = shown.div_ceil(MAX_TRACE_POINTS).max(1);
        // The running means and their bands are smooth: a point every two device pixels
        // draws them as finely as the screen shows, in a third of the canvas calls (and
        // painting) of the noisy lines' resolution.
        let smooth_points = (frame.geometry.pixel_width() as usize / 2).clamp(64, MAX_TRACE_POINTS);
        let smooth_stride = shown.div_ceil(smooth_points).max(1);
        let (low, high) = samples
            .iter()
            .flatten()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(*v), hi.max(*v))
            });
        let (low, high) = if low <= high {
            (low, high)
        } else {
            (-1.0, 1.0)
        };
        let y_range = padded(low, high + (high - low) * 0.25, 0.05);
        let x_range = 0.0..(self.samples as f64).max(1.0);
        let mut chart = themed_chart(area, frame, x_range, y_range.clone(), "sample", "w")?;
        // The burn-in, shaded.
        let burn = (self.burn_in.min(self.samples)) as f64;
        if burn > 0.0 {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y_range.start), (burn, y_range.end)],
                    rgb(frame.theme.grid).mix(0.6).filled(),
                )))
                .map_err(draw_error)?;
        }
        let mut data = Vec::new();
        for (axis, colour) in [(0, TRACE_W1), (1, TRACE_W2)] {
            let line: Vec<(f64, f64)> = samples
                .iter()
                .enumerate()
                .step_by(stride)
                .map(|(k, w)| ((k + 1) as f64, w[axis]))
                .collect();
            chart
                .draw_series(LineSeries::new(
                    line.iter().copied(),
                    line_style(colour, frame, 1.0),
                ))
                .map_err(draw_error)?;
            // The running mean after the burn-in, dashed, inside a band of ± one Monte Carlo
            // standard error: the running sd (Welford) times √(τ/n), with τ the integrated
            // autocorrelation time of the samples shown (one τ for the whole prefix: cheap, and
            // exact at the end, where the readout's standard error is).
            let tau = self.chain_summary.ess[axis].map_or(1.0, |e| e.tau);
            let (mut mean, mut squares) = (0.0, 0.0);
            let mut running = Vec::new();
            let mut band: Vec<(f64, f64, f64)> = Vec::new();
            for (k, w) in samples.iter().enumerate().skip(self.burn_in) {
                let count = (k + 1 - self.burn_in) as f64;
                let delta = w[axis] - mean;
                mean += delta / count;
                squares += delta * (w[axis] - mean);
                if (k - self.burn_in).is_multiple_of(smooth_stride) || k + 1 == shown {
                    running.push(((k + 1) as f64, mean));
                    if count > 1.0 {
                        let error = (squares / (count - 1.0) * tau / count).sqrt();
                        band.push(((k + 1) as f64, mean - error, mean + error));
                    }
                }
            }
            if band.len() > 1 {
                let y_low = y_range.start;
                let outline: Vec<(f64, f64)> = band
                    .iter()
                    .map(|b| (b.0, b.2.min(y_range.end)))
                    .chain(band.iter().rev().map(|b| (b.0, b.1.max(y_low))))
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        outline,
                        rgb(frame.theme.text).mix(0.25).filled(),
                    )))
                    .map_err(draw_error)?;
            }
            let pixels = chart_pixels(&chart, running.iter());
            draw_dashed_path(
                area,
                &pixels,
                &[6.0, 3.0],
                frame.geometry.device_pixel_ratio,
                line_style(frame.theme.text, frame, 1.5),
            )?;
            data.push(chart_pixels(&chart, line.iter()));
            data.push(pixels);
        }
        let entries = vec![
            (TRACE_W1, "w₁".to_owned()),
            (TRACE_W2, "w₂".to_owned()),
            (frame.theme.text, "running mean ± MC error".to_owned()),
        ];
        draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &data)?;
        Ok(())
    }

    pub(super) fn draw_acf<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        let acf = &self.chain_summary.acf;
        if acf[0].is_empty() {
            return draw_message(
                area,
                frame,
                "Too few samples after the burn-in for an autocorrelation.",
            );
        }
        let low = acf
            .iter()
            .flatten()
            .fold(0.0_f64, |m, v| m.min(*v))
            .max(-1.0);
        let mut chart = themed_chart(
            area,
            frame,
            -0.5..(ACF_LAGS as f64 + 0.5),
            padded(low, 1.35, 0.03),
            "lag k",
            "ρₖ",
        )?;
        chart
            .draw_series(LineSeries::new(
                [(0.0, 0.0), (ACF_LAGS as f64, 0.0)],
                line_style(frame.theme.axis, frame, 1.0),
            ))
            .map_err(draw_error)?;
        let mut data = Vec::new();
        let mut entries = Vec::new();
        for (axis, colour) in [(0, TRACE_W1), (1, TRACE_W2)] {
            let line: Vec<(f64, f64)> = acf[axis]
                .iter()
                .enumerate()
                .map(|(k, r)| (k as f64, *r))
                .collect();
            let pixels = chart_pixels(&chart, line.iter());
            draw_dashed_path(
                area,
                &pixels,
                series_dash(colour),
                frame.geometry.device_pixel_ratio,
                line_style(colour, frame, 2.0),
            )?;
            chart
                .draw_series(
                    line.iter()
                        .map(|&p| Circle::new(p, frame.px(2.0) as i32, fill_style(colour))),
                )
                .map_err(draw_error)?;
            data.push(pixels);
            let ess = self.chain_summary.ess[axis].map_or("undefined".to_owned(), |e| {
                crate::demos::drawing::format_plot_number(e.ess.round())
            });
            entries.push((
                colour,
                format!("w{} (ESS {ess})", if axis == 0 { "₁" } else { "₂" }),
            ));
        }
        draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &data)?;
        Ok(())
    }

    pub(super) fn draw_elbo<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        let log_z = self.grid.log_evidence;
        let curves = [
            (MEAN_FIELD, "VI mean field", &self.mean_field.elbo),
            (FULL_COV, "VI full cov", &self.full_cov.elbo),
        ];
        // The lowest value after the first twentieth of the run: the start can be far below
        // and would flatten everything after it.
        let skip = (self.vi_iterations / 20).max(1);
        let low = curves
            .iter()
            .flat_map(|(_, _, elbo)| elbo.iter().skip(skip.min(elbo.len().saturating_sub(1))))
            .copied()
            .filter(|v| v.is_finite())
            .fold(log_z - 0.5, f64::min);
        let high = log_z + (log_z - low) * 0.35;
        let x_range = 0.0..(self.vi_iterations as f64);
        let chart = themed_chart(
            area,
            frame,
            x_range,
            padded(low, high, 0.03),
            "iteration",
            "ELBO",
        )?;
        let line = [(0.0, log_z), (self.vi_iterations as f64, log_z)];
        let pixels = chart_pixels(&chart, line.iter());
        draw_dashed_path(
            area,
            &pixels,
            &[6.0, 3.0],
            frame.geometry.device_pixel_ratio,
            line_style(frame.theme.text, frame, 1.5),
        )?;
        let mut data = vec![pixels];
        let stride = self.vi_iterations.div_ceil(MAX_TRACE_POINTS).max(1);
        for (colour, _, elbo) in curves {
            let points: Vec<(f64, f64)> = elbo
                .iter()
                .enumerate()
                .step_by(stride)
                .map(|(k, v)| (k as f64, v.max(low)))
                .collect();
            let pixels = chart_pixels(&chart, points.iter());
            draw_dashed_path(
                area,
                &pixels,
                series_dash(colour),
                frame.geometry.device_pixel_ratio,
                line_style(colour, frame, 2.0),
            )?;
            data.push(pixels);
        }
        let mut entries: Vec<([u8; 3], String)> = curves
            .iter()
            .map(|(colour, name, _)| (*colour, (*name).to_owned()))
            .collect();
        entries.push((
            frame.theme.text,
            format!(
                "ln Z = {} (dashed)",
                crate::demos::drawing::format_plot_number(log_z)
            ),
        ));
        draw_legend_clear_of(area, frame, Corner::BottomRight, &entries, &data)?;
        Ok(())
    }
}

/// The demo's colours: one palette entry per method, so the legend, the ellipses' dashes and
/// the readouts' groups agree.
pub(super) mod colours {
    use super::SERIES_COLOURS;
    pub const SAMPLES: [u8; 3] = SERIES_COLOURS[0];
    pub const LAPLACE: [u8; 3] = SERIES_COLOURS[1];
    pub const MEAN_FIELD: [u8; 3] = SERIES_COLOURS[2];
    pub const FULL_COV: [u8; 3] = SERIES_COLOURS[3];
    pub const MOMENT: [u8; 3] = SERIES_COLOURS[4];
    pub const CLASS_ONE: [u8; 3] = SERIES_COLOURS[1];
    pub const CLASS_ZERO: [u8; 3] = SERIES_COLOURS[0];
    pub const QUERY: [u8; 3] = SERIES_COLOURS[4];
    pub const TRACE_W1: [u8; 3] = SERIES_COLOURS[0];
    pub const TRACE_W2: [u8; 3] = SERIES_COLOURS[1];
}
