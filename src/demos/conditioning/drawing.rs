//! The conditioning demo's pictures: the two lines and their intersections on an
//! equal-aspect chart, the Hilbert errors against cond·ε on a log axis, and the
//! gradient-descent distances before and after rescaling on a log axis.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Conditioning, DESCENT_TOLERANCE};
use crate::demos::drawing::ThemedMesh;
use crate::demos::drawing::{
    clip_segment, equal_aspect_chart, line_style, log_tick_label, text_style,
};
use crate::demos::legend::{Corner, chart_pixels, draw_legend_clear_of};
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error, format_plot_number};
use crate::math::conditioning::contraction;
use crate::render::dash::draw_dashed_path;
use crate::render::theme::{SERIES_DASHES, rgb, series_colour};

impl DrawDemo for Conditioning {
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
            0 => self.draw_lines(area, frame),
            1 => self.draw_hilbert(area, frame),
            2 => self.draw_rescaling(area, frame),
            _ => Ok(()),
        }
    }
}

impl Conditioning {
    fn draw_lines<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        // While dragging the view stays put (it was measured in CSS pixels).
        let view = match self.drag_view {
            Some(view) => view.scaled(frame.geometry.device_pixel_ratio),
            None => self.lines_view(frame),
        };
        let chart = equal_aspect_chart(area, frame, &view, 10.0, "x₁", "x₂")?;
        let p = self.perturbation();
        let reach = (view.x_range.1 - view.x_range.0) + (view.y_range.1 - view.y_range.0);
        // A line a·x = c through its point nearest the origin, along its direction (−a₂, a₁).
        let line = |a: [f64; 2], c: f64| -> Vec<(f64, f64)> {
            let norm2 = a[0] * a[0] + a[1] * a[1];
            let base = (a[0] * c / norm2, a[1] * c / norm2);
            let centre = (
                (view.x_range.0 + view.x_range.1) / 2.0,
                (view.y_range.0 + view.y_range.1) / 2.0,
            );
            let direction = (-a[1], a[0]);
            // Parameter of the point nearest the view's centre, then far out on both sides,
            // clipped to the window (the dashes are drawn in pixels, unclipped by plotters).
            let t0 = (centre.0 - base.0) * direction.0 + (centre.1 - base.1) * direction.1;
            let ends = [t0 - reach, t0 + reach]
                .map(|t| (base.0 + t * direction.0, base.1 + t * direction.1));
            clip_segment(ends[0], ends[1], view.x_range, view.y_range)
                .map(|segment| segment.to_vec())
                .unwrap_or_default()
        };
        let row = |i: usize| [p.matrix[(i, 0)], p.matrix[(i, 1)]];
        let first = line(row(0), p.rhs[0]);
        let second = line(row(1), p.rhs[1]);
        let moved = line(row(1), p.rhs[1] + p.delta_rhs[1]);
        let (c1, c2, c3) = (series_colour(0), series_colour(1), series_colour(2));
        let plotting = chart.plotting_area();
        for (points, colour, dash) in [
            (&first, c1, SERIES_DASHES[0]),
            (&second, c2, SERIES_DASHES[0]),
            (&moved, c3, SERIES_DASHES[1]),
        ] {
            draw_dashed_path(
                area,
                &chart_pixels(&chart, points),
                dash,
                frame.geometry.device_pixel_ratio,
                line_style(colour, frame, 2.0),
            )?;
        }
        let x = (p.solution[0], p.solution[1]);
        let moved_x = (p.perturbed_solution[0], p.perturbed_solution[1]);
        plotting
            .draw(&PathElement::new(
                vec![x, moved_x],
                line_style(theme.text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        let radius = frame.px(5.0) as i32;
        plotting
            .draw(&Circle::new(x, radius, rgb(theme.text).filled()))
            .map_err(draw_error)?;
        plotting
            .draw(&Circle::new(moved_x, radius, line_style(c3, frame, 2.5)))
            .map_err(draw_error)?;
        let entries = [
            (c1, "line 1".to_owned()),
            (c2, "line 2".to_owned()),
            (c3, "line 2 moved".to_owned()),
            (theme.text, "x → x + δx".to_owned()),
        ];
        let mut data = vec![
            chart_pixels(&chart, &first),
            chart_pixels(&chart, &second),
            chart_pixels(&chart, &moved),
        ];
        data.push(chart_pixels(&chart, [x, moved_x]));
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }

    fn draw_hilbert<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let floor = 1e-17;
        let top = 1e3;
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(1.5..12.5, (floor..top).log_scale())
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("n")
            .y_desc("relative error")
            .x_labels(11)
            .y_labels(8)
            .x_label_formatter(&|x: &f64| format!("{}", x.round()))
            .y_label_formatter(&|y| log_tick_label(*y))
            .draw()
            .map_err(draw_error)?;
        let (error_colour, bound_colour) = (series_colour(0), series_colour(1));
        let errors: Vec<(f64, f64)> = self
            .hilbert()
            .iter()
            .map(|s| (s.n as f64, s.relative_error.max(floor)))
            .collect();
        let bounds: Vec<(f64, f64)> = self
            .hilbert()
            .iter()
            .map(|s| (s.n as f64, s.error_scale.clamp(floor, top)))
            .collect();
        draw_dashed_path(
            area,
            &chart_pixels(&chart, &bounds),
            SERIES_DASHES[1],
            frame.geometry.device_pixel_ratio,
            line_style(bound_colour, frame, 2.0),
        )?;
        chart
            .draw_series(LineSeries::new(
                errors.clone(),
                line_style(error_colour, frame, 2.0),
            ))
            .map_err(draw_error)?;
        let radius = frame.px(3.5) as i32;
        chart
            .draw_series(
                errors
                    .iter()
                    .map(|p| Circle::new(*p, radius, rgb(error_colour).filled())),
            )
            .map_err(draw_error)?;
        if let Some(selected) = self.selected_hilbert() {
            let point = (selected.n as f64, selected.relative_error.max(floor));
            chart
                .draw_series(std::iter::once(Circle::new(
                    point,
                    frame.px(8.0) as i32,
                    line_style(theme.text, frame, 1.5),
                )))
                .map_err(draw_error)?;
        }
        // ε itself, the floor no float64 answer gets below.
        let epsilon = vec![(1.5, f64::EPSILON), (12.5, f64::EPSILON)];
        chart
            .draw_series(LineSeries::new(
                epsilon,
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(std::iter::once(Text::new(
                "ε = 2⁻⁵²",
                (12.3, f64::EPSILON * 3.0),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Right, VPos::Bottom)),
            )))
            .map_err(draw_error)?;
        let entries = [
            (error_colour, "relative error of the solve".to_owned()),
            (bound_colour, "cond(H)·ε".to_owned()),
        ];
        let data = vec![chart_pixels(&chart, &errors), chart_pixels(&chart, &bounds)];
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }

    fn draw_rescaling<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let run = self.descent();
        let last = run.relative_distances.len() - 1;
        let floor = DESCENT_TOLERANCE * 1e-2;
        let x_high = (last as f64 * 1.05).max(4.0);
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(0.0..x_high, (floor..30.0).log_scale())
            .map_err(draw_error)?;
        let x_step = crate::demos::drawing::tick_step(0.0, x_high, 6);
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("step k")
            .y_desc("distance to minimum / start")
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|x| crate::demos::drawing::format_tick(*x, x_step))
            .y_label_formatter(&|y| log_tick_label(*y))
            .draw()
            .map_err(draw_error)?;
        let (before_colour, closed_colour, after_colour) =
            (series_colour(0), series_colour(1), series_colour(2));
        // Thinned to about one point per device pixel column: thousands of steps otherwise.
        let every = (last / 600).max(1);
        let before: Vec<(f64, f64)> = run
            .relative_distances
            .iter()
            .enumerate()
            .filter(|(k, _)| k % every == 0 || *k == last)
            .map(|(k, d)| (k as f64, d.max(floor)))
            .collect();
        let rate = contraction(self.kappa());
        let closed: Vec<(f64, f64)> = before
            .iter()
            .map(|(k, _)| (*k, rate.powi(*k as i32).max(floor)))
            .collect();
        chart
            .draw_series(LineSeries::new(
                before.clone(),
                line_style(before_colour, frame, 3.0),
            ))
            .map_err(draw_error)?;
        draw_dashed_path(
            area,
            &chart_pixels(&chart, &closed),
            SERIES_DASHES[1],
            frame.geometry.device_pixel_ratio,
            line_style(closed_colour, frame, 1.5),
        )?;
        // After rescaling: 1 at k = 0, exactly 0 from k = 1 (drawn down to the axis).
        let after = vec![(0.0, 1.0), (1.0, floor)];
        chart
            .draw_series(LineSeries::new(
                after.clone(),
                line_style(after_colour, frame, 2.5),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                (1.0, floor),
                frame.px(4.0) as i32,
                rgb(after_colour).filled(),
            )))
            .map_err(draw_error)?;
        let tolerance = vec![(0.0, DESCENT_TOLERANCE), (x_high, DESCENT_TOLERANCE)];
        chart
            .draw_series(LineSeries::new(
                tolerance,
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(std::iter::once(Text::new(
                "tolerance 10⁻⁶",
                // At the left, where the descent curve is still far above the line.
                (x_high * 0.04, DESCENT_TOLERANCE * 1.5),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Left, VPos::Bottom)),
            )))
            .map_err(draw_error)?;
        let steps = run.steps.map_or("> 20000".to_owned(), |s| s.to_string());
        let entries = [
            (
                before_colour,
                format!("κ = {}: {steps} steps", format_plot_number(self.kappa(), 4)),
            ),
            (closed_colour, "((κ − 1)/(κ + 1))ᵏ".to_owned()),
            (after_colour, "rescaled, κ = 1: 1 step".to_owned()),
        ];
        let data = vec![chart_pixels(&chart, &before), chart_pixels(&chart, &after)];
        draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &data)?;
        Ok(())
    }
}
