//! Drawing of the autodiff demo: the computational graph with each node's value and its
//! tangent or adjoint, the small square and its image under a map of the plane, and the
//! cost of the two modes against the dimension.

use plotters::coord::Shift;
use plotters::coord::combinators::IntoLogRange;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::drawing::{
    equal_aspect_chart, fill_style, fitted_equal_aspect_viewport, line_style, text_style,
    themed_chart_in,
};
use super::super::legend::{Corner, chart_pixels, draw_legend_clear_of};
use super::super::{DrawDemo, DrawResult, Frame, Layer, draw_error};
use super::{Autodiff, Mode};
use crate::math::autodiff::{mode_costs, square_boundary};
use crate::render::dash::draw_dashed_path;
use crate::render::theme::{SERIES_COLOURS, rgb, series_dash};

/// The node evaluations of one mode for `(operations, dimension)`.
type CostOf = fn(usize, usize) -> usize;

/// The dimensions the cost plot and its table sample.
pub(super) const COST_DIMENSIONS: [usize; 10] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/// The colour of tangents (forward mode) and of adjoints (reverse mode).
const TANGENT_COLOUR: [u8; 3] = SERIES_COLOURS[0];
const ADJOINT_COLOUR: [u8; 3] = SERIES_COLOURS[1];

/// A number in a node's label: four significant digits, "·" when not computed yet.
fn node_number(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => super::super::plot_data::short(v),
        Some(_) => "undef.".to_owned(),
        None => "·".to_owned(),
    }
}

impl Autodiff {
    /// Each node's column and row: inputs and leaves on the left, f on the right. A constant
    /// sits just left of the first node that reads it, not with the inputs.
    fn layout(&self) -> (Vec<(usize, usize)>, usize, usize) {
        let graph = &self.graph;
        let mut depths = graph.depths();
        for (index, node) in graph.nodes.iter().enumerate() {
            for &j in &node.inputs {
                if matches!(
                    graph.nodes[j].kind,
                    crate::math::autodiff::NodeKind::Constant(_)
                ) {
                    depths[j] = depths[j].max(depths[index].saturating_sub(1));
                }
            }
        }
        let columns = depths.iter().max().map_or(1, |d| d + 1);
        let mut rows_used = vec![0usize; columns];
        let mut positions = Vec::with_capacity(depths.len());
        for &depth in &depths {
            positions.push((depth, rows_used[depth]));
            rows_used[depth] += 1;
        }
        let rows = rows_used.iter().copied().max().unwrap_or(1).max(1);
        // Centre each column's nodes vertically: store the row offset in half rows.
        let positions = positions
            .into_iter()
            .map(|(column, row)| (column, 2 * row + (rows - rows_used[column])))
            .collect();
        (positions, columns, rows)
    }

    fn draw_graph<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let (width, height) = (
            frame.geometry.pixel_width() as f64,
            frame.geometry.pixel_height() as f64,
        );
        let (positions, columns, rows) = self.layout();
        let margin = frame.px(12.0);
        let column_width = (width - 2.0 * margin) / columns as f64;
        // Room at the top for the pass's name.
        let top = frame.px(26.0);
        let row_height = (height - top - margin) / rows as f64;
        let radius = (column_width * 0.28)
            .min(row_height * 0.26)
            .clamp(frame.px(9.0), frame.px(22.0));
        let centre = |(column, half_row): (usize, usize)| {
            (
                margin + column_width * (column as f64 + 0.5),
                top + row_height * (half_row as f64 + 1.0) / 2.0 - radius * 0.6,
            )
        };
        let states = self.node_states();
        let current = self.current_event();
        let colour = match self.mode {
            Mode::Forward => TANGENT_COLOUR,
            Mode::Reverse => ADJOINT_COLOUR,
        };
        // The pass in progress, top left.
        let heading = match current {
            Some(event) => format!(
                "{}{}",
                event.phase.label(),
                if self.playhead.is_at_end() {
                    " — done"
                } else {
                    ""
                }
            ),
            None => "press Step or Play to start".to_owned(),
        };
        area.draw(&Text::new(
            heading,
            (margin as i32, frame.px(6.0) as i32),
            text_style(frame, 12.0, frame.theme.text),
        ))
        .map_err(draw_error)?;
        // Edges first, under the nodes; those of the current node in the pass colour.
        for (index, node) in self.graph.nodes.iter().enumerate() {
            let to = centre(positions[index]);
            for &j in &node.inputs {
                let from = centre(positions[j]);
                let (dx, dy) = (to.0 - from.0, to.1 - from.1);
                let length = dx.hypot(dy).max(1.0);
                let (ux, uy) = (dx / length, dy / length);
                let start = (from.0 + ux * radius, from.1 + uy * radius);
                let end = (to.0 - ux * radius, to.1 - uy * radius);
                let active = current.is_some_and(|e| e.node == index);
                let edge_colour = if active { colour } else { frame.theme.axis };
                let style = line_style(edge_colour, frame, if active { 2.5 } else { 1.2 });
                area.draw(&PathElement::new(
                    vec![
                        (start.0 as i32, start.1 as i32),
                        (end.0 as i32, end.1 as i32),
                    ],
                    style,
                ))
                .map_err(draw_error)?;
                let head = frame.px(7.0);
                let wing = head * 0.5;
                let base = (end.0 - ux * head, end.1 - uy * head);
                area.draw(&Polygon::new(
                    vec![
                        (end.0 as i32, end.1 as i32),
                        ((base.0 - wing * uy) as i32, (base.1 + wing * ux) as i32),
                        ((base.0 + wing * uy) as i32, (base.1 - wing * ux) as i32),
                    ],
                    fill_style(edge_colour),
                ))
                .map_err(draw_error)?;
            }
        }
        let small = if radius < frame.px(14.0) { 9.5 } else { 10.5 };
        // v̇ is a tangent, v̄ an adjoint (the explanation's notation).
        let derivative_prefix = match self.mode {
            Mode::Forward => "v̇ = ",
            Mode::Reverse => "v̄ = ",
        };
        // Narrow columns (a phone) show the bare value under a node.
        let with_names = column_width >= frame.px(72.0);
        for (index, node) in self.graph.nodes.iter().enumerate() {
            let (cx, cy) = centre(positions[index]);
            let (value, derivative) = states[index];
            let is_current = current.is_some_and(|e| e.node == index);
            let fill = if derivative.is_some() {
                rgb(colour).mix(0.3)
            } else if value.is_some() {
                rgb(frame.theme.muted_text).mix(0.3)
            } else {
                rgb(frame.theme.background).mix(1.0)
            };
            let at = (cx as i32, cy as i32);
            area.draw(&Circle::new(at, radius as i32, fill.filled()))
                .map_err(draw_error)?;
            let ring = if is_current { colour } else { frame.theme.text };
            area.draw(&Circle::new(
                at,
                radius as i32,
                line_style(ring, frame, if is_current { 3.0 } else { 1.2 }),
            ))
            .map_err(draw_error)?;
            let label_size = if node.label().chars().count() > 3 {
                10.0
            } else {
                12.5
            };
            area.draw(&Text::new(
                node.label(),
                at,
                text_style(frame, label_size, frame.theme.text)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(draw_error)?;
            // Under the node: its index and value, then its tangent or adjoint.
            let below = cy + radius + frame.px(2.0);
            area.draw(&Text::new(
                if with_names {
                    format!("v{index} = {}", node_number(value))
                } else {
                    node_number(value)
                },
                (cx as i32, below as i32),
                text_style(frame, small, frame.theme.muted_text)
                    .pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(draw_error)?;
            if derivative.is_some() || self.mode == Mode::Reverse || value.is_some() {
                area.draw(&Text::new(
                    if with_names {
                        format!("{derivative_prefix}{}", node_number(derivative))
                    } else {
                        node_number(derivative)
                    },
                    (cx as i32, (below + frame.px(small + 2.0)) as i32),
                    text_style(frame, small, frame.theme.label_colour(colour))
                        .pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .map_err(draw_error)?;
            }
        }
        Ok(())
    }

    fn draw_jacobian<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let [x, y] = self.point;
        let image = self.map.image_of_square(self.point, self.side, 60);
        let centre = self.map.apply(x, y);
        let j = self.jacobian();
        let linear: Vec<[f64; 2]> = square_boundary(self.point, self.side, 1)
            .into_iter()
            .map(|c| {
                let d = [c[0] - x, c[1] - y];
                [
                    centre[0] + j[0][0] * d[0] + j[0][1] * d[1],
                    centre[1] + j[1][0] * d[0] + j[1][1] * d[1],
                ]
            })
            .collect();
        let square: Vec<[f64; 2]> = square_boundary(centre, self.side, 1);
        let all: Vec<[f64; 2]> = image
            .iter()
            .chain(&linear)
            .chain(&square)
            .copied()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
            .collect();
        let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in &all {
            for k in 0..2 {
                low[k] = low[k].min(p[k]);
                high[k] = high[k].max(p[k]);
            }
        }
        let half = [
            // Room around the shapes for the legend.
            ((high[0] - low[0]) * 0.8).max(1e-3),
            ((high[1] - low[1]) * 0.8).max(1e-3),
        ];
        let middle = [(low[0] + high[0]) / 2.0, (low[1] + high[1]) / 2.0];
        let middle = if middle[0].is_finite() && middle[1].is_finite() {
            middle
        } else {
            [0.0, 0.0]
        };
        let viewport = fitted_equal_aspect_viewport(frame, middle, half, 10.0);
        let chart = equal_aspect_chart(area, frame, &viewport, 10.0, "g₁", "g₂")?;
        let closed = |points: &[[f64; 2]]| -> Vec<(f64, f64)> {
            points
                .iter()
                .chain(points.first())
                .map(|p| (p[0], p[1]))
                .collect()
        };
        let shapes = [
            (
                square.as_slice(),
                SERIES_COLOURS[7],
                "the square itself, moved to g(p)".to_owned(),
            ),
            (
                linear.as_slice(),
                SERIES_COLOURS[1],
                format!(
                    "J·square: det J = {}",
                    super::super::drawing::format_plot_number(crate::math::autodiff::determinant(
                        j
                    ))
                ),
            ),
            (
                image.as_slice(),
                SERIES_COLOURS[0],
                format!(
                    "g(square): area × {}",
                    super::super::drawing::format_plot_number(self.area_ratio())
                ),
            ),
        ];
        let mut drawn = Vec::new();
        for (points, colour, _) in &shapes {
            let pixels = chart_pixels(&chart, closed(points));
            draw_dashed_path(
                area,
                &pixels,
                series_dash(*colour),
                frame.geometry.device_pixel_ratio,
                line_style(*colour, frame, 2.0),
            )?;
            drawn.push(pixels);
        }
        let entries: Vec<([u8; 3], String)> =
            shapes.iter().map(|(_, c, l)| (*c, l.clone())).collect();
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &drawn)?;
        Ok(())
    }

    fn draw_cost<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let operations = self.graph.operation_count().max(1);
        let top = (1001 * operations) as f64 * 2.0;
        let chart = themed_chart_in(
            area,
            frame,
            (1.0..1000.0).log_scale(),
            (0.5 * operations as f64..top).log_scale(),
            ("dimension n (inputs) or m (outputs)", "node evaluations"),
            10.0,
        )?;
        let lines: [(&str, [u8; 3], CostOf); 4] = [
            (
                "forward, ℝⁿ → ℝ: n·N",
                SERIES_COLOURS[0],
                |n, d| mode_costs(n, d).forward_many_to_one,
            ),
            ("reverse, ℝⁿ → ℝ: 2N", SERIES_COLOURS[1], |n, d| {
                mode_costs(n, d).reverse_many_to_one
            }),
            ("forward, ℝ → ℝᵐ: N", SERIES_COLOURS[2], |n, d| {
                mode_costs(n, d).forward_one_to_many
            }),
            (
                "reverse, ℝ → ℝᵐ: (m + 1)·N",
                SERIES_COLOURS[3],
                |n, d| mode_costs(n, d).reverse_one_to_many,
            ),
        ];
        let mut drawn = Vec::new();
        let to_pixels = |points: &[(f64, f64)]| -> Vec<(f64, f64)> {
            points
                .iter()
                .map(|p| {
                    let (px, py) = chart.backend_coord(p);
                    (f64::from(px), f64::from(py))
                })
                .collect()
        };
        for (_, colour, cost) in &lines {
            let points: Vec<(f64, f64)> = (0..=60)
                .map(|i| {
                    let d = 10f64.powf(3.0 * i as f64 / 60.0).round().max(1.0) as usize;
                    (d as f64, cost(operations, d) as f64)
                })
                .collect();
            let pixels = to_pixels(&points);
            draw_dashed_path(
                area,
                &pixels,
                series_dash(*colour),
                frame.geometry.device_pixel_ratio,
                line_style(*colour, frame, 2.0),
            )?;
            let marker = (
                self.dimension as f64,
                cost(operations, self.dimension) as f64,
            );
            let (mx, my) = chart.backend_coord(&marker);
            area.draw(&Circle::new(
                (mx, my),
                frame.px(4.5) as i32,
                fill_style(*colour),
            ))
            .map_err(draw_error)?;
            drawn.push(pixels);
        }
        let entries: Vec<([u8; 3], String)> = lines
            .iter()
            .map(|(label, colour, _)| (*colour, (*label).to_owned()))
            .collect();
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &drawn)?;
        Ok(())
    }
}

impl DrawDemo for Autodiff {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Everything changes with the step or the controls: one layer.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_graph(area, frame),
            1 => self.draw_jacobian(area, frame),
            _ => self.draw_cost(area, frame),
        }
    }
}
