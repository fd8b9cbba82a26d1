//! The regularization demo's pictures: the loss contours with the L1 diamond, the L2 disc and
//! the optima on an equal-aspect chart, the lasso and ridge paths on a log λ axis, and their
//! training and validation errors against λ.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{LAMBDA_RANGE, PATH_NOISE, PathsShown, Regularization};
use crate::demos::drawing::ThemedMesh;
use crate::demos::drawing::{
    draw_veiled_label, equal_aspect_chart, format_tick, label_beyond_tip, label_size, line_style,
    log_tick_label, text_style, tick_step,
};
use crate::demos::legend::{Corner, chart_pixels, draw_legend_clear_of};
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error, format_plot_number};
use crate::math::contour::{ScalarGrid, contour_lines};
use crate::math::regularization::path_weights_at;
use crate::render::dash::draw_dashed_path;
use crate::render::theme::{rgb, series_colour};

/// Colours of the two balls and their optima.
const L1_COLOUR: usize = 1;
const L2_COLOUR: usize = 0;
/// Samples of the loss per side of the contour grid.
const GRID_SIDE: usize = 90;
/// Points of each path curve along the log λ axis.
pub const PATH_SAMPLES: usize = 240;
/// The dash of the ridge paths (CSS pixels).
const RIDGE_DASH: &[f64] = &[6.0, 4.0];

impl DrawDemo for Regularization {
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
            0 => self.draw_geometry(area, frame),
            1 => self.draw_paths(area, frame),
            2 => self.draw_errors(area, frame),
            _ => Ok(()),
        }
    }
}

/// A short point label: "(1, 0)".
fn point_label(w: [f64; 2]) -> String {
    format!(
        "({}, {})",
        format_plot_number(w[0], 3),
        format_plot_number(w[1], 3)
    )
}

/// The λ values at which the paths are drawn: log-spaced over the axis, plus every knot (the
/// lasso's corners), in increasing order.
pub fn path_lambdas(knots: &[f64]) -> Vec<f64> {
    let (low, high) = (LAMBDA_RANGE.0.ln(), LAMBDA_RANGE.1.ln());
    let mut lambdas: Vec<f64> = (0..PATH_SAMPLES)
        .map(|i| (low + (high - low) * i as f64 / (PATH_SAMPLES - 1) as f64).exp())
        .chain(
            knots
                .iter()
                .copied()
                .filter(|k| *k > LAMBDA_RANGE.0 && *k < LAMBDA_RANGE.1),
        )
        .collect();
    lambdas.sort_by(f64::total_cmp);
    lambdas
}

impl Regularization {
    fn draw_geometry<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let view = match self.drag_view {
            Some(view) => view.scaled(frame.geometry.device_pixel_ratio),
            None => self.geometry_view(frame),
        };
        let chart = equal_aspect_chart(area, frame, &view, 10.0, "w₁", "w₂")?;
        let plotting = chart.plotting_area();
        let s = self.solution();
        let loss = s.loss;
        // The axes w₁ = 0 and w₂ = 0, where the diamond's corners sit.
        for segment in [
            [(view.x_range.0, 0.0), (view.x_range.1, 0.0)],
            [(0.0, view.y_range.0), (0.0, view.y_range.1)],
        ] {
            plotting
                .draw(&PathElement::new(
                    segment.to_vec(),
                    line_style(theme.axis, frame, 1.0),
                ))
                .map_err(draw_error)?;
        }
        // Contours: levels spaced quadratically above the minimum (evenly in distance for a
        // quadratic bowl), up to the largest loss in the window.
        let grid = ScalarGrid::sample(
            |x, y| loss.value([x, y]),
            view.x_range,
            view.y_range,
            GRID_SIDE,
            GRID_SIDE,
        );
        let minimum = loss.value(s.ols);
        let top = grid.finite_range().map_or(minimum + 1.0, |(_, high)| high);
        let contour_style = line_style(theme.contour, frame, 1.0);
        let faint = ShapeStyle {
            color: rgb(theme.contour).mix(0.35),
            ..contour_style
        };
        for k in 1..=12 {
            let level = minimum + (top - minimum) * (k as f64 / 12.0).powi(2);
            for line in contour_lines(&grid, level) {
                let points: Vec<(f64, f64)> = line.iter().map(|p| (p[0], p[1])).collect();
                plotting
                    .draw(&PathElement::new(points, faint))
                    .map_err(draw_error)?;
            }
        }
        let t = self.budget();
        let (l1_colour, l2_colour) = (series_colour(L1_COLOUR), series_colour(L2_COLOUR));
        // The disc and the diamond, lightly filled.
        let circle: Vec<(f64, f64)> = (0..=180)
            .map(|i| {
                let angle = std::f64::consts::TAU * i as f64 / 180.0;
                (t * angle.cos(), t * angle.sin())
            })
            .collect();
        let diamond = vec![(t, 0.0), (0.0, t), (-t, 0.0), (0.0, -t), (t, 0.0)];
        for (shape, colour) in [(&circle, l2_colour), (&diamond, l1_colour)] {
            plotting
                .draw(&Polygon::new(shape.clone(), rgb(colour).mix(0.12).filled()))
                .map_err(draw_error)?;
            plotting
                .draw(&PathElement::new(
                    shape.clone(),
                    line_style(colour, frame, 2.0),
                ))
                .map_err(draw_error)?;
        }
        // The contour through each optimum: the one that touches the shape.
        for (optimum, colour) in [(&s.l1, l1_colour), (&s.l2, l2_colour)] {
            if !optimum.on_boundary {
                continue;
            }
            for line in contour_lines(&grid, optimum.loss) {
                let points: Vec<(f64, f64)> = line.iter().map(|p| (p[0], p[1])).collect();
                draw_dashed_path(
                    area,
                    &chart_pixels(&chart, &points),
                    &[5.0, 3.0],
                    frame.geometry.device_pixel_ratio,
                    line_style(colour, frame, 1.5),
                )?;
            }
        }
        // The optima: L2 a disc, L1 a square, OLS a dark dot with a ring (it can be dragged).
        let radius = frame.px(5.5);
        let l2 = (s.l2.weights[0], s.l2.weights[1]);
        let l1 = (s.l1.weights[0], s.l1.weights[1]);
        let ols = (s.ols[0], s.ols[1]);
        plotting
            .draw(&Circle::new(l2, radius as i32, rgb(l2_colour).filled()))
            .map_err(draw_error)?;
        let (cx, cy) = chart.backend_coord(&l1);
        let half = radius as i32;
        area.draw(&Rectangle::new(
            [(cx - half, cy - half), (cx + half, cy + half)],
            rgb(l1_colour).filled(),
        ))
        .map_err(draw_error)?;
        plotting
            .draw(&Circle::new(ols, radius as i32, rgb(theme.text).filled()))
            .map_err(draw_error)?;
        plotting
            .draw(&Circle::new(
                ols,
                (radius * 1.9) as i32,
                line_style(theme.text, frame, 1.5),
            ))
            .map_err(draw_error)?;
        // Labels beside the three points, on the side away from the origin (the OLS label
        // away from the L2 optimum), moved on when they would overlap one another.
        let origin = chart.backend_coord(&(0.0, 0.0));
        let origin = (f64::from(origin.0), f64::from(origin.1));
        let pixel = |p: (f64, f64)| {
            let (x, y) = chart.backend_coord(&p);
            (f64::from(x), f64::from(y))
        };
        // The OLS label clears its drag ring (1.9 radii), the others their marker.
        let ring_clearance = 1.9 * 5.5 + 7.0;
        let mut labels = vec![(
            pixel(ols),
            pixel(l2),
            format!("OLS {}", point_label(s.ols)),
            theme.text,
            ring_clearance,
        )];
        if s.l1.on_boundary {
            labels.push((
                pixel(l1),
                origin,
                format!("L1 {}", point_label(s.l1.weights)),
                l1_colour,
                14.0,
            ));
            labels.push((
                pixel(l2),
                origin,
                format!("L2 {}", point_label(s.l2.weights)),
                l2_colour,
                14.0,
            ));
        }
        let bounds = {
            let plot = crate::demos::legend::plotting_rect(frame);
            (
                plot.left,
                plot.top,
                plot.right - plot.left,
                plot.bottom - plot.top,
            )
        };
        let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
        let keep_clear = frame.px(12.0);
        let points: Vec<(f64, f64)> = [ols, l1, l2].into_iter().map(pixel).collect();
        for (at, from, text, colour, clearance) in labels {
            let size = label_size(frame, &text, 11.0);
            let away = (at.0 - from.0, at.1 - from.1);
            let away = if away.0.hypot(away.1) < 1.0 {
                (1.0, -1.0)
            } else {
                away
            };
            // The preferred side first, then above, below, left and right: the place that
            // covers the fewest points and labels, the first on a tie. Its own point weighs
            // most (a label pushed back inside the plot at its edge could otherwise land on
            // it); a point merely close (within `keep_clear`) weighs least, so that a
            // crowded corner still gets a readable place rather than none.
            let candidates = [away, (0.0, -1.0), (0.0, 1.0), (-1.0, 0.0), (1.0, 0.0)];
            let marker = radius * 1.9;
            let score = |c: &(f64, f64)| -> u32 {
                let within = |(x, y): (f64, f64), margin: f64| {
                    x > c.0 - margin
                        && x < c.0 + size.0 + margin
                        && y > c.1 - margin
                        && y < c.1 + size.1 + margin
                };
                let mut score = 0;
                for p in &points {
                    let own = (p.0 - at.0).hypot(p.1 - at.1) < 0.5;
                    if within(*p, marker) {
                        score += if own { 8 } else { 4 };
                    } else if within(*p, keep_clear) {
                        score += 1;
                    }
                }
                for (x, y, w, h) in &placed {
                    if c.0 < x + w && *x < c.0 + size.0 && c.1 < y + h && *y < c.1 + size.1 {
                        score += 4;
                    }
                }
                score
            };
            let corner = candidates
                .iter()
                .map(|d| label_beyond_tip(frame, at, *d, clearance, size, bounds))
                .enumerate()
                .min_by_key(|(order, c)| (score(c), *order))
                .map(|(_, c)| c)
                .unwrap_or(at);
            placed.push((corner.0, corner.1, size.0, size.1));
            draw_veiled_label(area, frame, &text, corner, 11.0, colour)?;
        }
        let entries = [
            (l1_colour, "L1 diamond |w₁| + |w₂| ≤ t".to_owned()),
            (l2_colour, "L2 disc ‖w‖₂ ≤ t".to_owned()),
            (theme.text, "OLS optimum (drag it)".to_owned()),
        ];
        let data = vec![
            chart_pixels(&chart, &circle),
            chart_pixels(&chart, &diamond),
            chart_pixels(&chart, [ols, l1, l2]),
            placed
                .iter()
                .flat_map(|(x, y, w, h)| [(*x, *y), (x + w, *y), (x + w, y + h), (*x, y + h)])
                .collect(),
        ];
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }

    fn draw_paths<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let s = self.solution();
        let lambdas = &s.lambdas;
        let p = s.path_problem.features();
        let (lasso, ridge) = (&s.lasso_path, &s.ridge_path);
        let show_lasso = self.paths() != PathsShown::Ridge;
        let show_ridge = self.paths() != PathsShown::Lasso;
        let (mut low, mut high) = (0.0_f64, 0.0_f64);
        for w in lasso
            .iter()
            .filter(|_| show_lasso)
            .chain(ridge.iter().filter(|_| show_ridge))
        {
            for v in w {
                low = low.min(*v);
                high = high.max(*v);
            }
        }
        let pad = (high - low).max(0.1) * 0.08;
        // A gutter left of λ = 0.001 holds the weights' names.
        let x_low = LAMBDA_RANGE.0 / 6.0;
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(
                (x_low..LAMBDA_RANGE.1).log_scale(),
                (low - pad)..(high + pad),
            )
            .map_err(draw_error)?;
        let y_step = tick_step(low - pad, high + pad, 6);
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("λ (log scale)")
            .y_desc("weight")
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| {
                if *x < LAMBDA_RANGE.0 * 0.999 {
                    String::new()
                } else {
                    log_tick_label(*x)
                }
            })
            .y_label_formatter(&|y| format_tick(*y, y_step))
            .draw()
            .map_err(draw_error)?;
        let zero = vec![(LAMBDA_RANGE.0, 0.0), (LAMBDA_RANGE.1, 0.0)];
        chart
            .draw_series(LineSeries::new(zero, line_style(theme.axis, frame, 1.0)))
            .map_err(draw_error)?;
        // λ_max and the chosen λ as vertical lines.
        let lambda_max = s.path_problem.lambda_max();
        let (y0, y1) = (low - pad, high + pad);
        if lambda_max < LAMBDA_RANGE.1 {
            draw_dashed_path(
                area,
                &chart_pixels(&chart, [(lambda_max, y0), (lambda_max, y1)]),
                &[2.0, 3.0],
                frame.geometry.device_pixel_ratio,
                line_style(theme.muted_text, frame, 1.0),
            )?;
            chart
                .draw_series(std::iter::once(Text::new(
                    "λ_max",
                    (lambda_max, y1),
                    text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Right, VPos::Top)),
                )))
                .map_err(draw_error)?;
        }
        for j in 0..p {
            let colour = series_colour(j);
            if show_ridge {
                let points: Vec<(f64, f64)> = lambdas
                    .iter()
                    .zip(ridge.iter())
                    .map(|(l, w)| (*l, w[j]))
                    .collect();
                draw_dashed_path(
                    area,
                    &chart_pixels(&chart, &points),
                    RIDGE_DASH,
                    frame.geometry.device_pixel_ratio,
                    line_style(colour, frame, 1.5),
                )?;
            }
            if show_lasso {
                let points: Vec<(f64, f64)> = lambdas
                    .iter()
                    .zip(lasso.iter())
                    .map(|(l, w)| (*l, w[j]))
                    .collect();
                chart
                    .draw_series(LineSeries::new(
                        points.iter().copied(),
                        line_style(colour, frame, 2.0),
                    ))
                    .map_err(draw_error)?;
                // Where the weight becomes zero for good.
                if let Some(knot) = s.zero_from[j]
                    && knot >= LAMBDA_RANGE.0
                {
                    chart
                        .draw_series(std::iter::once(Circle::new(
                            (knot, 0.0),
                            frame.px(4.0) as i32,
                            rgb(colour).filled(),
                        )))
                        .map_err(draw_error)?;
                }
            }
        }
        let lambda = self.lambda();
        chart
            .draw_series(LineSeries::new(
                [(lambda, y0), (lambda, y1)],
                line_style(theme.text, frame, 1.5),
            ))
            .map_err(draw_error)?;
        // The weights' names in the gutter, at their height at the left end, kept apart.
        let font = frame.font(11.0);
        let start: Vec<f64> = if show_lasso {
            path_weights_at(&s.knots, LAMBDA_RANGE.0)
        } else {
            ridge.first().cloned().unwrap_or_default()
        };
        let mut order: Vec<(usize, f64)> = start
            .iter()
            .enumerate()
            .map(|(j, w)| (j, f64::from(chart.backend_coord(&(x_low, *w)).1)))
            .collect();
        order.sort_by(|a, b| a.1.total_cmp(&b.1));
        // Kept a line apart going down, then pulled back up from the plot's bottom edge.
        let gap = font * 1.05;
        let mut heights: Vec<f64> = Vec::with_capacity(order.len());
        for (_, y) in &order {
            let previous = heights.last().map_or(f64::NEG_INFINITY, |p| p + gap);
            heights.push(y.max(previous));
        }
        let bottom = f64::from(chart.backend_coord(&(x_low, low - pad)).1) - font * 0.6;
        let mut limit = bottom;
        for y in heights.iter_mut().rev() {
            *y = y.min(limit);
            limit = *y - gap;
        }
        let gutter_x = f64::from(chart.backend_coord(&(x_low, 0.0)).0) + frame.px(4.0);
        for ((j, _), y) in order.into_iter().zip(heights) {
            area.draw(&Text::new(
                format!("w{}", j + 1),
                (gutter_x as i32, y as i32),
                text_style(frame, 11.0, theme.label_colour(series_colour(j)))
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_errors<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let s = self.solution();
        let floor = PATH_NOISE * PATH_NOISE;
        let all = s.lasso_errors.iter().chain(&s.ridge_errors);
        let high = all
            .flat_map(|(train, validation)| [*train, *validation])
            .fold(floor, f64::max);
        let low = s
            .lasso_errors
            .iter()
            .chain(&s.ridge_errors)
            .map(|(train, _)| *train)
            .fold(floor, f64::min);
        // A log axis: the dip of the validation error is a few per cent of an error that
        // grows twenty-fold by λ = 20.
        let top = (crate::demos::legend::top_with_legend_room(low.ln(), high.ln(), 4, frame)).exp();
        let y_range = (low * 0.9)..top;
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(
                (LAMBDA_RANGE.0..LAMBDA_RANGE.1).log_scale(),
                y_range.clone().log_scale(),
            )
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("λ (log scale)")
            .y_desc("mean squared error (log scale)")
            .x_labels(6)
            .y_labels(8)
            .x_label_formatter(&|x| log_tick_label(*x))
            .y_label_formatter(&|y| format_plot_number(*y, 2))
            .draw()
            .map_err(draw_error)?;
        // The noise level: no model predicts the held-out rows better on average.
        chart
            .draw_series(LineSeries::new(
                [(LAMBDA_RANGE.0, floor), (LAMBDA_RANGE.1, floor)],
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(std::iter::once(Text::new(
                "noise σ² = 1",
                (LAMBDA_RANGE.1 * 0.8, floor),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Right, VPos::Top)),
            )))
            .map_err(draw_error)?;
        let (lasso_colour, ridge_colour) = (series_colour(L1_COLOUR), series_colour(L2_COLOUR));
        let mut data = Vec::new();
        let mut entries = Vec::new();
        for (errors, colour, name, shown) in [
            (
                &s.lasso_errors,
                lasso_colour,
                "lasso",
                self.paths() != PathsShown::Ridge,
            ),
            (
                &s.ridge_errors,
                ridge_colour,
                "ridge",
                self.paths() != PathsShown::Lasso,
            ),
        ] {
            if !shown {
                continue;
            }
            let train: Vec<(f64, f64)> = s
                .lambdas
                .iter()
                .zip(errors.iter())
                .map(|(l, e)| (*l, e.0))
                .collect();
            let validation: Vec<(f64, f64)> = s
                .lambdas
                .iter()
                .zip(errors.iter())
                .map(|(l, e)| (*l, e.1))
                .collect();
            let train_pixels = chart_pixels(&chart, &train);
            draw_dashed_path(
                area,
                &train_pixels,
                RIDGE_DASH,
                frame.geometry.device_pixel_ratio,
                line_style(colour, frame, 1.5),
            )?;
            chart
                .draw_series(LineSeries::new(
                    validation.clone(),
                    line_style(colour, frame, 2.0),
                ))
                .map_err(draw_error)?;
            let best = s.best_lambda(errors);
            if let Some(point) = validation.iter().find(|(l, _)| *l == best) {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        *point,
                        frame.px(4.5) as i32,
                        rgb(colour).filled(),
                    )))
                    .map_err(draw_error)?;
            }
            data.push(train_pixels);
            data.push(chart_pixels(&chart, &validation));
            entries.push((colour, format!("{name}: validation (solid)")));
            entries.push((colour, format!("{name}: training (dashed)")));
        }
        let lambda = self.lambda();
        chart
            .draw_series(LineSeries::new(
                [(lambda, y_range.start), (lambda, y_range.end)],
                line_style(theme.text, frame, 1.5),
            ))
            .map_err(draw_error)?;
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }
}
