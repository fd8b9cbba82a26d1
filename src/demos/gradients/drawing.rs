//! Drawing of the gradients demo: the contour map (heatmap raster, contours, the level curve
//! through the point, gradient and direction arrows, curvature directions), the slices, the
//! polar plot of the directional derivative, the Taylor models and their log-log errors.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::super::drawing::{
    equal_aspect_chart, equal_scale_viewport, fill_style, format_plot_number, line_style, padded,
    text_style, themed_chart,
};
use super::super::gradient_descent::{axis_ticks, to_pixel_i32};
use super::super::legend::{Corner, chart_pixels, draw_legend_clear_of};
use super::super::{DrawDemo, DrawResult, Frame, Layer, draw_error};
use super::{Gradients, ModelContours, POLAR_SAMPLES, hash_of};
use crate::math::contour::{ScalarGrid, contour_lines};
use crate::math::multivariable::{
    directional_derivative_over_angles, first_order_model, norm, second_order_model,
};
use crate::render::RgbaImage;
use crate::render::colormap::ColourLookup;
use crate::render::dash::draw_dashed_path;
use crate::render::heatmap::{ColourScale, paint_heatmap};
use crate::render::theme::{SERIES_COLOURS, rgb, series_dash};
use crate::render::viewport::Viewport;

/// Colours of the map's marks: white and a warm orange read on every viridis colour, each
/// drawn over a dark outline.
const GRADIENT_COLOUR: [u8; 3] = [255, 255, 255];
const DIRECTION_COLOUR: [u8; 3] = [255, 160, 70];
const OUTLINE: RGBAColor = RGBAColor(0, 0, 0, 0.6);
/// The model's contours: a light pink that stands apart from the white contours of f.
const MODEL_COLOUR: [u8; 3] = [255, 150, 210];

/// One line of a chart: its legend text, palette colour (which also picks its dash) and points.
struct Curve {
    label: String,
    colour: [u8; 3],
    points: Vec<(f64, f64)>,
}

/// The parts of a polyline inside `y_range`, with the crossing points interpolated, so a
/// line leaving the chart ends at its edge instead of being drawn outside it.
fn runs_inside(points: &[(f64, f64)], y_range: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let (low, high) = y_range;
    let inside = |y: f64| y.is_finite() && (low..=high).contains(&y);
    let crossing = |a: (f64, f64), b: (f64, f64)| {
        let edge = if a.1.max(b.1) > high { high } else { low };
        let s = (edge - a.1) / (b.1 - a.1);
        (a.0 + s * (b.0 - a.0), edge)
    };
    let mut runs = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        let previous = i.checked_sub(1).map(|j| points[j]);
        if inside(p.1) {
            if run.is_empty()
                && let Some(q) = previous.filter(|q| q.1.is_finite())
            {
                run.push(crossing(q, p));
            }
            run.push(p);
        } else {
            if !run.is_empty() {
                if p.1.is_finite()
                    && let Some(q) = previous
                {
                    run.push(crossing(q, p));
                }
                runs.push(std::mem::take(&mut run));
            }
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Draws `curves` on a themed chart over `x_range` × `y_range` (each dashed by its colour)
/// with a legend in the emptiest corner.
fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    (x_range, y_range): ((f64, f64), (f64, f64)),
    (x_label, y_label): (&str, &str),
    curves: &[Curve],
) -> DrawResult {
    let chart = themed_chart(
        area,
        frame,
        x_range.0..x_range.1,
        y_range.0..y_range.1,
        x_label,
        y_label,
    )?;
    let mut drawn = Vec::new();
    for curve in curves {
        for run in runs_inside(&curve.points, y_range) {
            let pixels = chart_pixels(&chart, run.iter().copied());
            draw_dashed_path(
                area,
                &pixels,
                series_dash(curve.colour),
                frame.geometry.device_pixel_ratio,
                line_style(curve.colour, frame, 2.0),
            )?;
            drawn.push(pixels);
        }
    }
    let entries: Vec<([u8; 3], String)> = curves
        .iter()
        .filter(|c| !c.label.is_empty())
        .map(|c| (c.colour, c.label.clone()))
        .collect();
    draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &drawn)?;
    Ok(())
}

/// The low and high finite values of `values`, padded; a fallback when there are none.
fn value_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (low, high) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if low.is_finite() && high.is_finite() {
        let range = padded(low, high, 0.08);
        (range.start, range.end)
    } else {
        (-1.0, 1.0)
    }
}

/// An arrow in device pixels, over a dark outline so it reads on any heatmap colour.
fn pixel_arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    from: (f64, f64),
    to: (f64, f64),
    colour: [u8; 3],
) -> DrawResult {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = dx.hypot(dy);
    if length.is_nan() || length <= 1.0 {
        return Ok(());
    }
    let (ux, uy) = (dx / length, dy / length);
    let head = frame.px(11.0).min(length * 0.5);
    let base = (to.0 - head * ux, to.1 - head * uy);
    let wing = head * 0.5;
    let left = (base.0 - wing * uy, base.1 + wing * ux);
    let right = (base.0 + wing * uy, base.1 - wing * ux);
    let point = |p: (f64, f64)| (p.0.round() as i32, p.1.round() as i32);
    let outline = ShapeStyle {
        color: OUTLINE,
        filled: false,
        stroke_width: frame.px(5.0).round().max(1.0) as u32,
    };
    area.draw(&PathElement::new(vec![point(from), point(base)], outline))
        .map_err(draw_error)?;
    area.draw(&Polygon::new(
        vec![point(to), point(left), point(right)],
        OUTLINE.filled(),
    ))
    .map_err(draw_error)?;
    area.draw(&PathElement::new(
        vec![point(from), point(base)],
        line_style(colour, frame, 2.5),
    ))
    .map_err(draw_error)?;
    let inset = |p: (f64, f64)| {
        // The head drawn a little smaller than its outline.
        let centre = (
            (to.0 + left.0 + right.0) / 3.0,
            (to.1 + left.1 + right.1) / 3.0,
        );
        (
            centre.0 + 0.8 * (p.0 - centre.0),
            centre.1 + 0.8 * (p.1 - centre.1),
        )
    };
    area.draw(&Polygon::new(
        vec![point(inset(to)), point(inset(left)), point(inset(right))],
        fill_style(colour),
    ))
    .map_err(draw_error)
}

/// A label on the map, light text on a dark veil.
fn map_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    at: (f64, f64),
    text: &str,
    colour: [u8; 3],
) -> DrawResult {
    let width = text.chars().count() as f64 * frame.font(12.0) * 0.6;
    let height = frame.px(16.0);
    let (x, y) = (at.0 - width / 2.0, at.1 - height / 2.0);
    area.draw(&Rectangle::new(
        [
            (x as i32 - 2, y as i32),
            ((x + width) as i32 + 2, (y + height) as i32),
        ],
        RGBAColor(0, 0, 0, 0.55).filled(),
    ))
    .map_err(draw_error)?;
    area.draw(&Text::new(
        text.to_owned(),
        (x as i32, (y + frame.px(1.0)) as i32),
        text_style(frame, 12.0, colour),
    ))
    .map_err(draw_error)
}

impl Gradients {
    /// Samples the window on a coarse grid for the contours and the colour scale; cached.
    fn ensure_contours(&mut self, viewport: &Viewport) {
        let key = hash_of((
            self.surface_key(),
            viewport.x_range.0.to_bits(),
            viewport.x_range.1.to_bits(),
            viewport.y_range.0.to_bits(),
            viewport.y_range.1.to_bits(),
        ));
        if self.cache.contour_key == key && self.cache.grid.is_some() {
            return;
        }
        let surface = &self.surface;
        let grid = ScalarGrid::sample(
            |x, y| surface.value(x, y),
            viewport.x_range,
            viewport.y_range,
            160,
            120,
        );
        let scale = ColourScale::for_grid(&grid, surface.known_minimum_value());
        self.cache.levels = scale.contour_levels(12);
        self.cache.contours = self
            .cache
            .levels
            .iter()
            .map(|&level| contour_lines(&grid, level))
            .collect();
        self.cache.scale = Some(scale);
        self.cache.grid = Some(grid);
        self.cache.contour_key = key;
    }

    /// The heatmap raster, one sample per 2×2 CSS pixels, cached per surface and size.
    pub(super) fn heatmap(&mut self, frame: &Frame) -> &RgbaImage {
        let geometry = frame.geometry;
        let key = hash_of((
            self.surface_key(),
            geometry.css_width.to_bits(),
            geometry.css_height.to_bits(),
        ));
        if self.cache.heatmap_key != key || self.cache.heatmap.width == 0 {
            let viewport = equal_scale_viewport(
                &self.surface.domain(),
                geometry.css_width,
                geometry.css_height,
            );
            self.ensure_contours(&viewport);
            let columns = ((geometry.css_width / 2.0).round() as usize).clamp(2, 800);
            let rows = ((geometry.css_height / 2.0).round() as usize).clamp(2, 600);
            let surface = &self.surface;
            let grid = ScalarGrid::sample(
                |x, y| surface.value(x, y),
                viewport.x_range,
                viewport.y_range,
                columns,
                rows,
            );
            let scale = self
                .cache
                .scale
                .unwrap_or_else(|| ColourScale::for_grid(&grid, surface.known_minimum_value()));
            paint_heatmap(
                &grid,
                &scale,
                &ColourLookup::viridis(),
                &mut self.cache.heatmap,
            );
            self.cache.heatmap_key = key;
        }
        &self.cache.heatmap
    }

    fn draw_map_background<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let geometry = frame.geometry;
        let css_viewport = equal_scale_viewport(
            &self.surface.domain(),
            geometry.css_width,
            geometry.css_height,
        );
        self.ensure_contours(&css_viewport);
        let viewport = css_viewport.scaled(geometry.device_pixel_ratio);
        let style = ShapeStyle {
            color: RGBAColor(255, 255, 255, 0.35),
            filled: false,
            stroke_width: frame.px(1.0).round().max(1.0) as u32,
        };
        for lines in &self.cache.contours {
            for line in lines {
                let pixels: Vec<(i32, i32)> =
                    line.iter().map(|p| to_pixel_i32(&viewport, *p)).collect();
                area.draw(&PathElement::new(pixels, style))
                    .map_err(draw_error)?;
            }
        }
        let label_style = text_style(frame, 11.0, [255, 255, 255]);
        for (x, y, text) in axis_ticks(&viewport) {
            area.draw(&Text::new(text, (x, y), label_style.clone()))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_map_foreground<DB: DrawingBackend>(
        &mut self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let geometry = frame.geometry;
        let css_viewport = equal_scale_viewport(
            &self.surface.domain(),
            geometry.css_width,
            geometry.css_height,
        );
        self.ensure_contours(&css_viewport);
        let viewport = css_viewport.scaled(geometry.device_pixel_ratio);
        let a = self.analysis.clone();
        let to_pixel = |p: [f64; 2]| {
            let (x, y) = viewport.to_pixel(p[0], p[1]);
            (x.clamp(-1e5, 1e5), y.clamp(-1e5, 1e5))
        };
        let centre = to_pixel(self.point);
        if a.defined() && self.model != ModelContours::None {
            self.draw_model_contours(area, frame, &viewport)?;
        }
        if a.defined() {
            // The level curve through the point: the contour the gradient is perpendicular to.
            if let Some(grid) = &self.cache.grid {
                for line in contour_lines(grid, a.value) {
                    let pixels: Vec<(f64, f64)> = line.iter().map(|p| to_pixel(*p)).collect();
                    draw_dashed_path(
                        area,
                        &pixels,
                        &[6.0, 4.0],
                        geometry.device_pixel_ratio,
                        line_style([255, 255, 255], frame, 1.8),
                    )?;
                }
            }
            // The curvature directions: the Hessian's eigenvectors as dotted lines.
            let reach = frame.px(70.0);
            for (index, v) in a.curvature.vectors.iter().enumerate() {
                // Pixel y points down: flip the model direction's y.
                let (dx, dy) = (v[0] * reach, -v[1] * reach);
                draw_dashed_path(
                    area,
                    &[
                        (centre.0 - dx, centre.1 - dy),
                        (centre.0 + dx, centre.1 + dy),
                    ],
                    &[1.5, 3.0],
                    geometry.device_pixel_ratio,
                    line_style([230, 230, 230], frame, 1.5),
                )?;
                // An eigenvector is a line: label the end farther from the arrows of u and ∇f,
                // so the labels do not pile up when the directions align.
                let magnitude = norm(a.gradient).max(f64::MIN_POSITIVE);
                let towards = |sign: f64| {
                    let w = [sign * v[0], sign * v[1]];
                    let to_u = w[0] * a.direction[0] + w[1] * a.direction[1];
                    let to_g = (w[0] * a.gradient[0] + w[1] * a.gradient[1]) / magnitude;
                    to_u.max(to_g)
                };
                let side = if towards(1.0) <= towards(-1.0) {
                    1.0
                } else {
                    -1.0
                };
                let label = if index == 0 { "λ₁" } else { "λ₂" };
                map_label(
                    area,
                    frame,
                    (centre.0 + side * dx * 1.15, centre.1 + side * dy * 1.15),
                    label,
                    [230, 230, 230],
                )?;
            }
            // The gradient (length not to scale: |∇f| varies over orders of magnitude) and u.
            let arrow = frame.px(64.0);
            let magnitude = norm(a.gradient);
            if magnitude > 0.0 {
                let g = (a.gradient[0] / magnitude, a.gradient[1] / magnitude);
                let tip = (centre.0 + g.0 * arrow, centre.1 - g.1 * arrow);
                pixel_arrow(area, frame, centre, tip, GRADIENT_COLOUR)?;
                map_label(
                    area,
                    frame,
                    (centre.0 + g.0 * arrow * 1.3, centre.1 - g.1 * arrow * 1.3),
                    "∇f",
                    GRADIENT_COLOUR,
                )?;
            }
            let u = a.direction;
            let tip = (
                centre.0 + u[0] * arrow * 0.75,
                centre.1 - u[1] * arrow * 0.75,
            );
            pixel_arrow(area, frame, centre, tip, DIRECTION_COLOUR)?;
            map_label(
                area,
                frame,
                (centre.0 + u[0] * arrow * 1.0, centre.1 - u[1] * arrow * 1.0),
                "u",
                DIRECTION_COLOUR,
            )?;
        }
        let radius = frame.px(6.0) as i32;
        let at = (centre.0 as i32, centre.1 as i32);
        area.draw(&Circle::new(at, radius + 2, OUTLINE.filled()))
            .map_err(draw_error)?;
        area.draw(&Circle::new(at, radius, fill_style([255, 255, 255])))
            .map_err(draw_error)?;
        Ok(())
    }

    /// The contours of the chosen Taylor model at the f levels of the map's own contours,
    /// dashed: they agree with f's near the point and part from them further away.
    fn draw_model_contours<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
        viewport: &Viewport,
    ) -> DrawResult {
        let Some(grid) = &self.cache.grid else {
            return Ok(());
        };
        let a = &self.analysis;
        let [px, py] = self.point;
        let model = |x: f64, y: f64| {
            let offset = [x - px, y - py];
            match self.model {
                ModelContours::Quadratic => {
                    second_order_model(a.value, a.gradient, a.hessian, offset)
                }
                _ => first_order_model(a.value, a.gradient, offset),
            }
        };
        let model_grid = ScalarGrid::sample(model, grid.x_range, grid.y_range, 160, 120);
        let style = line_style(MODEL_COLOUR, frame, 1.6);
        for &level in self.cache.levels.iter().chain(std::iter::once(&a.value)) {
            for line in contour_lines(&model_grid, level) {
                let pixels: Vec<(f64, f64)> = line
                    .iter()
                    .map(|p| {
                        let (x, y) = viewport.to_pixel(p[0], p[1]);
                        (x.clamp(-1e5, 1e5), y.clamp(-1e5, 1e5))
                    })
                    .collect();
                draw_dashed_path(
                    area,
                    &pixels,
                    &[3.0, 3.0],
                    frame.geometry.device_pixel_ratio,
                    style,
                )?;
            }
        }
        Ok(())
    }

    fn draw_slices<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let a = &self.analysis;
        let reach = self.slice_reach();
        let ts: Vec<f64> = (0..=200)
            .map(|i| -reach + 2.0 * reach * i as f64 / 200.0)
            .collect();
        let slice = |axis: usize| -> Vec<(f64, f64)> {
            ts.iter().map(|&t| (t, self.slice_value(axis, t))).collect()
        };
        let tangent = |slope: f64| {
            vec![
                (-reach, a.value - reach * slope),
                (reach, a.value + reach * slope),
            ]
        };
        let (along_x, along_y) = (slice(0), slice(1));
        let y_range = value_range(along_x.iter().chain(&along_y).map(|p| p.1));
        let curves = [
            Curve {
                label: "f along x (y = y₀)".into(),
                colour: SERIES_COLOURS[0],
                points: along_x,
            },
            Curve {
                label: format!("slope ∂f/∂x = {}", format_plot_number(a.gradient[0])),
                colour: SERIES_COLOURS[5],
                points: tangent(a.gradient[0]),
            },
            Curve {
                label: "f along y (x = x₀)".into(),
                colour: SERIES_COLOURS[1],
                points: along_y,
            },
            Curve {
                label: format!("slope ∂f/∂y = {}", format_plot_number(a.gradient[1])),
                colour: SERIES_COLOURS[4],
                points: tangent(a.gradient[1]),
            },
        ];
        draw_curves(
            area,
            frame,
            ((-reach, reach), y_range),
            ("offset t from the point", "f"),
            &curves,
        )
    }

    /// The polar plot's viewport: equal aspect, centred on the origin, reaching |∇f|.
    pub(super) fn polar_viewport(&self, frame: &Frame) -> Viewport {
        let reach = norm(self.analysis.gradient);
        let reach = if reach.is_finite() && reach > 0.0 {
            reach * 1.15
        } else {
            1.0
        };
        super::super::drawing::centred_equal_aspect_viewport(frame, [0.0, 0.0], reach, 10.0)
    }

    fn draw_polar<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let a = &self.analysis;
        let viewport = self.polar_viewport(frame);
        let mut chart = equal_aspect_chart(
            area,
            frame,
            &viewport,
            10.0,
            "D_u f · cos θ",
            "D_u f · sin θ",
        )?;
        if !a.defined() {
            return Ok(());
        }
        // r = D_u f in the direction θ where it is positive (one circle through the origin
        // with the gradient as diameter); |D_u f| where it is negative (the mirrored circle).
        let samples = directional_derivative_over_angles(a.gradient, POLAR_SAMPLES);
        let mut positive = Vec::new();
        let mut negative = Vec::new();
        for &(angle, d) in samples.iter().chain(samples.first()) {
            let r = d.abs();
            let p = (r * angle.cos(), r * angle.sin());
            if d >= 0.0 {
                &mut positive
            } else {
                &mut negative
            }
            .push(p);
        }
        let pixels = |points: &[(f64, f64)]| chart_pixels(&chart, points.iter().copied());
        let ascent = SERIES_COLOURS[0];
        let descent = SERIES_COLOURS[1];
        let mut drawn = Vec::new();
        for (points, colour) in [(&positive, ascent), (&negative, descent)] {
            // Sort by angle around the circle's own centre so each circle is one closed path.
            let mut points = points.clone();
            if points.len() > 2 {
                let cx = points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64;
                let cy = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
                points.sort_by(|p, q| {
                    (p.1 - cy)
                        .atan2(p.0 - cx)
                        .total_cmp(&(q.1 - cy).atan2(q.0 - cx))
                });
                points.push(points[0]);
            }
            let px = pixels(&points);
            draw_dashed_path(
                area,
                &px,
                series_dash(colour),
                frame.geometry.device_pixel_ratio,
                line_style(colour, frame, 2.0),
            )?;
            drawn.push(px);
        }
        let pen = super::super::drawing::Pen::new(frame, &viewport);
        pen.arrow_shape(&mut chart, [0.0, 0.0], a.gradient, frame.theme.text, 2.0)?;
        // The chosen u: its ray and the point D_u f on the curve.
        let d = self.directional();
        let u = a.direction;
        let reach = viewport.x_range.1.max(viewport.y_range.1);
        pen.dashed(
            &mut chart,
            [0.0, 0.0],
            [u[0] * reach, u[1] * reach],
            SERIES_COLOURS[2],
        )?;
        let marker = (d.abs() * u[0], d.abs() * u[1]);
        chart
            .draw_series(std::iter::once(Circle::new(
                marker,
                frame.px(5.0) as i32,
                fill_style(SERIES_COLOURS[2]),
            )))
            .map_err(draw_error)?;
        drawn.push(chart_pixels(&chart, [marker]));
        let entries = vec![
            (ascent, "D_u f > 0 (uphill)".to_owned()),
            (descent, "|D_u f| where < 0".to_owned()),
            (
                SERIES_COLOURS[2],
                format!("u: D_u f = {}", format_plot_number(d)),
            ),
            (frame.theme.text, "∇f".to_owned()),
        ];
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &drawn)?;
        Ok(())
    }

    fn draw_taylor<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let reach = self.slice_reach();
        let ts: Vec<f64> = (0..=200)
            .map(|i| -reach + 2.0 * reach * i as f64 / 200.0)
            .collect();
        let exact: Vec<(f64, f64)> = ts.iter().map(|&t| (t, self.along_u(t))).collect();
        let first: Vec<(f64, f64)> = ts
            .iter()
            .map(|&t| (t, self.first_model_along_u(t)))
            .collect();
        let second: Vec<(f64, f64)> = ts
            .iter()
            .map(|&t| (t, self.second_model_along_u(t)))
            .collect();
        let y_range = value_range(exact.iter().map(|p| p.1));
        let curves = [
            Curve {
                label: "f(p + t u)".into(),
                colour: SERIES_COLOURS[0],
                points: exact,
            },
            Curve {
                label: "tangent plane (1st order)".into(),
                colour: SERIES_COLOURS[1],
                points: first,
            },
            Curve {
                label: "quadratic model (2nd order)".into(),
                colour: SERIES_COLOURS[2],
                points: second,
            },
        ];
        draw_curves(
            area,
            frame,
            ((-reach, reach), y_range),
            ("distance t along u", "f"),
            &curves,
        )
    }

    fn draw_errors<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let a = &self.analysis;
        let log_points = |pick: fn(&crate::math::multivariable::TaylorError) -> f64| {
            a.errors
                .iter()
                .filter(|e| pick(e) > 0.0 && pick(e).is_finite())
                .map(|e| (e.distance.log10(), pick(e).log10()))
                .collect::<Vec<_>>()
        };
        let first = log_points(|e| e.first_order);
        let second = log_points(|e| e.second_order);
        // Guide lines of slope 2 and 3 through each curve's value at h = 10⁻²: where the
        // errors should run parallel.
        let guide = |points: &[(f64, f64)], slope: f64| -> Vec<(f64, f64)> {
            let anchor = points
                .iter()
                .min_by(|p, q| (p.0 + 2.0).abs().total_cmp(&(q.0 + 2.0).abs()))
                .copied();
            match anchor {
                Some((x0, y0)) => vec![
                    (-4.0, y0 + slope * (-4.0 - x0)),
                    (0.0, y0 + slope * (0.0 - x0)),
                ],
                None => Vec::new(),
            }
        };
        let y_range = value_range(first.iter().chain(&second).map(|p| p.1));
        let slope_text = |value: Option<f64>| match value {
            Some(s) => format_plot_number((s * 100.0).round() / 100.0),
            None => "none".to_owned(),
        };
        let curves = [
            Curve {
                label: format!("tangent plane: slope {}", slope_text(a.first_order)),
                colour: SERIES_COLOURS[1],
                points: first.clone(),
            },
            Curve {
                label: format!("quadratic model: slope {}", slope_text(a.second_order)),
                colour: SERIES_COLOURS[2],
                points: second.clone(),
            },
            Curve {
                label: "slopes 2 and 3 (guides)".into(),
                colour: SERIES_COLOURS[7],
                points: guide(&first, 2.0),
            },
            Curve {
                label: String::new(),
                colour: SERIES_COLOURS[7],
                points: guide(&second, 3.0),
            },
        ];
        draw_curves(
            area,
            frame,
            ((-4.0, 0.0), y_range),
            ("log₁₀ distance h", "log₁₀ |error|"),
            &curves,
        )
    }
}

impl DrawDemo for Gradients {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        match (plot, layer) {
            (0, Layer::Background) => self.draw_map_background(area, frame),
            (0, Layer::Foreground) => self.draw_map_foreground(area, frame),
            (_, Layer::Background) => Ok(()),
            (_, Layer::Foreground) => {
                area.fill(&rgb(frame.theme.background))
                    .map_err(draw_error)?;
                match plot {
                    1 => self.draw_slices(area, frame),
                    2 => self.draw_polar(area, frame),
                    3 => self.draw_taylor(area, frame),
                    _ => self.draw_errors(area, frame),
                }
            }
        }
    }
}
