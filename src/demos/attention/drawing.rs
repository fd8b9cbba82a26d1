//! The attention demo's pictures: queries and keys on the plane, the weight matrix as a
//! labelled heatmap, the saturation curves against d on a log axis, and the values with the
//! outputs mixed from them.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    AttentionDemo, COORDINATE_LIMIT, Handle, MAX_DIMENSION, OUTPUTS, PLANE, SATURATION, TOP_MARGIN,
    WEIGHTS,
};
use crate::demos::drawing::{
    Pen, equal_aspect_chart, fill_style, label_size, line_style, place_point_labels,
    plotting_bounds, text_style, themed_chart_in,
};
use crate::demos::legend::{Corner, chart_pixels, draw_legend_clear_of};
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error, format_plot_number};
use crate::render::dash::draw_dashed_path;
use crate::render::theme::{SERIES_COLOURS, SERIES_DASHES, Theme, contrast_ratio, rgb};

/// Query dots, key squares, value arrows and output arrows.
const QUERY_COLOUR: [u8; 3] = SERIES_COLOURS[0];
const KEY_COLOUR: [u8; 3] = SERIES_COLOURS[1];
const VALUE_COLOUR: [u8; 3] = SERIES_COLOURS[2];
const OUTPUT_COLOUR: [u8; 3] = SERIES_COLOURS[3];
/// The CSS font size of the q/k labels on the plane.
const LABEL_FONT: f64 = 13.0;
/// The saturation curves and reference lines.
const SCALED_COLOUR: [u8; 3] = SERIES_COLOURS[0];
const UNSCALED_COLOUR: [u8; 3] = SERIES_COLOURS[1];
const UNIFORM_COLOUR: [u8; 3] = SERIES_COLOURS[2];
const ONE_HOT_COLOUR: [u8; 3] = SERIES_COLOURS[7];

/// The heatmap's colour for a weight in [0, 1]: from the page background (0) to a deep blue
/// on the light theme or a pale blue on the dark one (1), so a weight of 0 disappears into the
/// page and a large weight stands out on both themes. Linear in each channel: sequential and
/// monotone in lightness.
pub fn weight_colour(theme: &Theme, weight: f64) -> [u8; 3] {
    let dark = theme.background.iter().map(|c| u32::from(*c)).sum::<u32>() < 3 * 128;
    let end: [u8; 3] = if dark { [160, 205, 255] } else { [8, 48, 107] };
    let t = if weight.is_finite() {
        weight.clamp(0.0, 1.0)
    } else {
        0.0
    };
    std::array::from_fn(|k| {
        (f64::from(theme.background[k]) * (1.0 - t) + f64::from(end[k]) * t).round() as u8
    })
}

/// The text colour that reads best on a cell (the theme's text or its background), and
/// whether it still needs a veil: mid-tones of any continuous scale sit between dark and
/// light text with less than WCAG's 4.5:1 for both, so such labels get a patch of the page
/// background behind them.
fn ink_on(theme: &Theme, cell: [u8; 3]) -> ([u8; 3], bool) {
    let (dark, light) = (
        contrast_ratio(theme.text, cell),
        contrast_ratio(theme.background, cell),
    );
    let ink = if dark >= light {
        theme.text
    } else {
        theme.background
    };
    let veil = dark.max(light) < 4.5;
    (if veil { theme.text } else { ink }, veil)
}

/// The colour under a veiled label: the cell seen through the page background at 80 %.
const VEIL_OPACITY: f64 = 0.8;
#[cfg(test)]
fn veiled(theme: &Theme, cell: [u8; 3]) -> [u8; 3] {
    std::array::from_fn(|k| {
        (f64::from(theme.background[k]) * VEIL_OPACITY + f64::from(cell[k]) * (1.0 - VEIL_OPACITY))
            .round() as u8
    })
}

impl DrawDemo for AttentionDemo {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Every drag moves every plot, so all of it is on the foreground.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            PLANE => self.draw_plane(area, frame),
            WEIGHTS => self.draw_weights(area, frame),
            SATURATION => self.draw_saturation(area, frame),
            OUTPUTS => self.draw_outputs(area, frame),
            _ => Ok(()),
        }
    }
}

impl AttentionDemo {
    /// Faint axes through the origin: the dot product is measured from there.
    fn draw_origin_axes<DB: DrawingBackend>(
        chart: &mut crate::demos::drawing::Chart2d<'_, DB>,
        frame: &Frame,
        reach: (f64, f64),
    ) -> DrawResult {
        for line in [
            [(reach.0, 0.0), (reach.1, 0.0)],
            [(0.0, reach.0), (0.0, reach.1)],
        ] {
            chart
                .draw_series(LineSeries::new(
                    line,
                    line_style(frame.theme.axis, frame, 1.0),
                ))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_plane<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let viewport = Self::viewport(frame);
        let mut chart = equal_aspect_chart(area, frame, &viewport, TOP_MARGIN, "x₁", "x₂")?;
        let reach = viewport.x_range.0.min(viewport.y_range.0);
        Self::draw_origin_axes(&mut chart, frame, (reach, -reach))?;
        // The square the points may move in.
        let limit = COORDINATE_LIMIT;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(-limit, -limit), (limit, limit)],
                line_style(theme.grid, frame, 1.5),
            )))
            .map_err(draw_error)?;
        let n = self.tokens;
        let radius = frame.px(6.0) as i32;
        let label = |colour: [u8; 3]| {
            text_style(frame, LABEL_FONT, theme.label_colour(colour))
                .pos(Pos::new(HPos::Left, VPos::Top))
        };
        // Each query joined to each key by a line as opaque and thick as its weight: the
        // heatmap's rows drawn on the plane (weights under 2 % left out as invisible).
        for (i, row) in self.result.weights.iter().enumerate() {
            let q = self.queries[i];
            for (j, w) in row.iter().enumerate() {
                if *w < 0.02 {
                    continue;
                }
                let k = self.keys[j];
                let style = ShapeStyle {
                    color: rgb(QUERY_COLOUR).mix(0.15 + 0.6 * w),
                    filled: false,
                    stroke_width: frame.px(1.0 + 4.0 * w).round().max(1.0) as u32,
                };
                chart
                    .draw_series(LineSeries::new([(q[0], q[1]), (k[0], k[1])], style))
                    .map_err(draw_error)?;
            }
        }
        for i in 0..n {
            let k = self.keys[i];
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((k[0], k[1]))
                        + Rectangle::new(
                            [(-radius, -radius), (radius, radius)],
                            fill_style(KEY_COLOUR),
                        ),
                ))
                .map_err(draw_error)?;
        }
        for i in 0..n {
            let q = self.queries[i];
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((q[0], q[1]))
                        + Circle::new((0, 0), radius + 1, fill_style(QUERY_COLOUR)),
                ))
                .map_err(draw_error)?;
        }
        // Labels last, each placed clear of every marker and of the labels before it (a
        // query dragged onto its key keeps both names readable).
        let labelled: Vec<(String, [u8; 3], (f64, f64))> = (0..n)
            .map(|i| (Self::label('k', i), KEY_COLOUR, self.keys[i]))
            .chain((0..n).map(|i| (Self::label('q', i), QUERY_COLOUR, self.queries[i])))
            .map(|(text, colour, p)| {
                let (x, y) = chart.backend_coord(&(p[0], p[1]));
                (text, colour, (f64::from(x), f64::from(y)))
            })
            .collect();
        let bounds = plotting_bounds(&chart);
        let places = place_point_labels(
            &labelled.iter().map(|(_, _, at)| *at).collect::<Vec<_>>(),
            &labelled
                .iter()
                .map(|(text, _, _)| label_size(frame, text, LABEL_FONT))
                .collect::<Vec<_>>(),
            f64::from(radius + 1),
            frame.px(2.0),
            bounds,
        );
        for ((text, colour, _), (left, top)) in labelled.iter().zip(places) {
            area.draw(&Text::new(
                text.clone(),
                (left as i32, top as i32),
                label(*colour),
            ))
            .map_err(draw_error)?;
        }
        // The keyboard's selection ring serves interaction, not the picture.
        if let (Some(handle), false) = (self.selected(PLANE), frame.for_export) {
            let p = self.handle_point(handle);
            chart
                .draw_series(std::iter::once(Circle::new(
                    (p[0], p[1]),
                    radius + frame.px(6.0) as i32,
                    line_style(theme.text, frame, 2.0),
                )))
                .map_err(draw_error)?;
        }
        let entries = vec![
            (QUERY_COLOUR, "queries q (dots)".to_owned()),
            (KEY_COLOUR, "keys k (squares)".to_owned()),
        ];
        let points: Vec<Vec<(f64, f64)>> = self.queries[..n]
            .iter()
            .chain(&self.keys[..n])
            .map(|p| chart_pixels(&chart, [(p[0], p[1])]))
            .collect();
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &points)?;
        Ok(())
    }

    fn draw_weights<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let n = self.tokens;
        let (width, height) = (
            frame.geometry.pixel_width() as f64,
            frame.geometry.pixel_height() as f64,
        );
        let (left, top) = (frame.px(34.0), frame.px(26.0));
        let (right, bottom) = (frame.px(78.0), frame.px(46.0));
        let cell = ((width - left - right) / n as f64)
            .min((height - top - bottom) / n as f64)
            .max(1.0);
        let x0 = left + ((width - left - right - cell * n as f64) / 2.0).max(0.0);
        let y0 = top;
        let header = text_style(frame, 13.0, theme.text).pos(Pos::new(HPos::Center, VPos::Center));
        let cell_font = (cell / frame.px(1.0) * 0.26).clamp(8.0, 15.0);
        for i in 0..n {
            let y = y0 + i as f64 * cell;
            area.draw(&Text::new(
                Self::label('q', i),
                ((x0 - frame.px(16.0)) as i32, (y + cell / 2.0) as i32),
                header.clone(),
            ))
            .map_err(draw_error)?;
            for j in 0..n {
                let x = x0 + j as f64 * cell;
                if i == 0 {
                    area.draw(&Text::new(
                        Self::label('k', j),
                        ((x + cell / 2.0) as i32, (y0 - frame.px(12.0)) as i32),
                        header.clone(),
                    ))
                    .map_err(draw_error)?;
                }
                let corners = [(x as i32, y as i32), ((x + cell) as i32, (y + cell) as i32)];
                let masked = self.result.logits[i][j] == f64::NEG_INFINITY;
                let colour = if masked {
                    theme.grid
                } else {
                    weight_colour(&theme, self.result.weights[i][j])
                };
                area.draw(&Rectangle::new(corners, rgb(colour).filled()))
                    .map_err(draw_error)?;
                if masked {
                    // Hatching: masked is "not allowed", not "weight 0 by chance".
                    let stripes = 4;
                    for s in 1..=2 * stripes {
                        let t = s as f64 / stripes as f64 * cell;
                        let (a, b) = if t <= cell {
                            ((x, y + t), (x + t, y))
                        } else {
                            ((x + t - cell, y + cell), (x + cell, y + t - cell))
                        };
                        area.draw(&PathElement::new(
                            vec![(a.0 as i32, a.1 as i32), (b.0 as i32, b.1 as i32)],
                            line_style(theme.axis, frame, 1.0),
                        ))
                        .map_err(draw_error)?;
                    }
                }
                area.draw(&Rectangle::new(
                    corners,
                    line_style(theme.background, frame, 1.0),
                ))
                .map_err(draw_error)?;
                let text = if masked {
                    "−∞".to_owned()
                } else {
                    format_plot_number(self.result.weights[i][j], 2)
                };
                // A label only where it fits: about 0.6 font sizes a character.
                let font = cell_font
                    .min(cell / frame.px(1.0) / (0.62 * text.chars().count() as f64 + 0.6));
                if font >= 7.0 {
                    let (ink, veil) = if masked {
                        (theme.text, true)
                    } else {
                        ink_on(&theme, colour)
                    };
                    if veil {
                        let (w, h) = label_size(frame, &text, font);
                        let (cx, cy) = (x + cell / 2.0, y + cell / 2.0);
                        area.draw(&Rectangle::new(
                            [
                                ((cx - w / 2.0 - frame.px(2.0)) as i32, (cy - h / 2.0) as i32),
                                ((cx + w / 2.0 + frame.px(2.0)) as i32, (cy + h / 2.0) as i32),
                            ],
                            rgb(theme.background).mix(VEIL_OPACITY).filled(),
                        ))
                        .map_err(draw_error)?;
                    }
                    area.draw(&Text::new(
                        text,
                        ((x + cell / 2.0) as i32, (y + cell / 2.0) as i32),
                        text_style(frame, font, ink).pos(Pos::new(HPos::Center, VPos::Center)),
                    ))
                    .map_err(draw_error)?;
                }
            }
            // The row's entropy at its right.
            area.draw(&Text::new(
                format!("H = {}", format_plot_number(self.result.entropies[i], 3)),
                (
                    (x0 + n as f64 * cell + frame.px(6.0)) as i32,
                    (y + cell / 2.0) as i32,
                ),
                text_style(frame, 12.0, theme.muted_text).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        // The colour scale: 0 to 1 under the grid.
        let bar_top = y0 + n as f64 * cell + frame.px(14.0);
        let bar_height = frame.px(10.0);
        let bar_width = (cell * n as f64).min(frame.px(240.0));
        let bar_left = x0 + (cell * n as f64 - bar_width) / 2.0;
        let steps = 48;
        for s in 0..steps {
            let t0 = s as f64 / steps as f64;
            let t1 = (s + 1) as f64 / steps as f64;
            area.draw(&Rectangle::new(
                [
                    ((bar_left + t0 * bar_width) as i32, bar_top as i32),
                    (
                        (bar_left + t1 * bar_width).ceil() as i32,
                        (bar_top + bar_height) as i32,
                    ),
                ],
                rgb(weight_colour(&theme, (t0 + t1) / 2.0)).filled(),
            ))
            .map_err(draw_error)?;
        }
        area.draw(&Rectangle::new(
            [
                (bar_left as i32, bar_top as i32),
                ((bar_left + bar_width) as i32, (bar_top + bar_height) as i32),
            ],
            line_style(theme.axis, frame, 1.0),
        ))
        .map_err(draw_error)?;
        let scale_label = text_style(frame, 11.0, theme.muted_text);
        for (t, text, anchor) in [(0.0, "weight 0", HPos::Left), (1.0, "1", HPos::Right)] {
            area.draw(&Text::new(
                text,
                (
                    (bar_left + t * bar_width) as i32,
                    (bar_top + bar_height + frame.px(3.0)) as i32,
                ),
                scale_label.clone().pos(Pos::new(anchor, VPos::Top)),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_saturation<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let uniform = (self.tokens as f64).ln();
        let y_high = uniform * 1.3;
        // A band below 0 (where no entropy goes) holds the one-hot line's label.
        let y_low = -0.14 * uniform;
        let mut chart = themed_chart_in(
            area,
            frame,
            (1.0..MAX_DIMENSION as f64).log_scale(),
            y_low..y_high,
            ("dimension d of q and k (log scale)", "mean entropy (nats)"),
            10.0,
        )?;
        let x_end = MAX_DIMENSION as f64;
        // The limits: uniform attention (ln n) and one key taking all (0), labelled on the line.
        for (level, colour, pattern, text) in [
            (
                uniform,
                UNIFORM_COLOUR,
                SERIES_DASHES[2],
                format!(
                    "uniform: ln {} = {}",
                    self.tokens,
                    format_plot_number(uniform, 4)
                ),
            ),
            (
                0.0,
                ONE_HOT_COLOUR,
                SERIES_DASHES[7],
                "one-hot: 0".to_owned(),
            ),
        ] {
            let pixels = chart_pixels(&chart, [(1.0, level), (x_end, level)]);
            draw_dashed_path(
                area,
                &pixels,
                pattern,
                frame.px(1.0),
                line_style(colour, frame, 1.5),
            )?;
            // Where no data can be: above ln n at the left (the curves start below it), and
            // under 0 at the right (no entropy is negative; the legend sits at the left).
            let (at, position) = if level > 0.0 {
                (
                    (pixels[0].0 + frame.px(6.0), pixels[0].1 - frame.px(3.0)),
                    Pos::new(HPos::Left, VPos::Bottom),
                )
            } else {
                (
                    (pixels[1].0 - frame.px(6.0), pixels[1].1 + frame.px(3.0)),
                    Pos::new(HPos::Right, VPos::Top),
                )
            };
            area.draw(&Text::new(
                text,
                (at.0 as i32, at.1 as i32),
                text_style(frame, 11.5, theme.label_colour(colour)).pos(position),
            ))
            .map_err(draw_error)?;
        }
        let curve = self.curve();
        // The chosen d.
        let d = self.dimension as f64;
        let marker = chart_pixels(&chart, [(d, y_low), (d, y_high)]);
        draw_dashed_path(
            area,
            &marker,
            &[3.0, 3.0],
            frame.px(1.0),
            line_style(theme.axis, frame, 1.0),
        )?;
        let scaled: Vec<(f64, f64)> = curve
            .iter()
            .map(|e| (e.dimension as f64, e.mean_entropy_scaled))
            .collect();
        let unscaled: Vec<(f64, f64)> = curve
            .iter()
            .map(|e| (e.dimension as f64, e.mean_entropy_unscaled))
            .collect();
        chart
            .draw_series(LineSeries::new(
                scaled.clone(),
                line_style(SCALED_COLOUR, frame, 2.5),
            ))
            .map_err(draw_error)?;
        let unscaled_pixels = chart_pixels(&chart, &unscaled);
        draw_dashed_path(
            area,
            &unscaled_pixels,
            SERIES_DASHES[1],
            frame.px(1.0),
            line_style(UNSCALED_COLOUR, frame, 2.5),
        )?;
        let dot = frame.px(3.0) as i32;
        for (points, colour) in [(&scaled, SCALED_COLOUR), (&unscaled, UNSCALED_COLOUR)] {
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|p| Circle::new(*p, dot, fill_style(colour))),
                )
                .map_err(draw_error)?;
        }
        if let Some(e) = self.chosen_estimate() {
            for (value, colour) in [
                (e.mean_entropy_scaled, SCALED_COLOUR),
                (e.mean_entropy_unscaled, UNSCALED_COLOUR),
            ] {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (d, value),
                        dot + frame.px(3.0) as i32,
                        line_style(colour, frame, 2.0),
                    )))
                    .map_err(draw_error)?;
            }
        }
        let pending = self.curve_dimensions().len() - curve.len();
        // At the top, where the curves (below ln n) leave room: the progress while the
        // Monte Carlo runs, then the variance at the chosen d next to its closed form.
        let top_text = if pending > 0 {
            Some(format!(
                "Computing: {} of {} dimensions done…",
                curve.len(),
                self.curve_dimensions().len()
            ))
        } else {
            self.chosen_estimate().map(|e| {
                format!(
                    "d = {}: Var(q·k) sample {}, exact {}",
                    self.dimension,
                    format_plot_number(e.dot_variance, 4),
                    self.dimension
                )
            })
        };
        if let Some(text) = top_text {
            area.draw(&Text::new(
                text,
                (
                    (frame.geometry.pixel_width() as f64 / 2.0) as i32,
                    frame.px(12.0) as i32,
                ),
                text_style(frame, 12.0, theme.muted_text).pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(draw_error)?;
        }
        let entries = vec![
            (SCALED_COLOUR, "scaled by 1/√d".to_owned()),
            (UNSCALED_COLOUR, "unscaled q·k".to_owned()),
        ];
        let mut data = vec![chart_pixels(&chart, &scaled), unscaled_pixels];
        data.push(chart_pixels(&chart, [(1.0, uniform), (x_end, uniform)]));
        draw_legend_clear_of(area, frame, Corner::BottomLeft, &entries, &data)?;
        Ok(())
    }

    fn draw_outputs<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let viewport = Self::viewport(frame);
        let mut chart = equal_aspect_chart(area, frame, &viewport, TOP_MARGIN, "x₁", "x₂")?;
        let reach = viewport.x_range.0.min(viewport.y_range.0);
        Self::draw_origin_axes(&mut chart, frame, (reach, -reach))?;
        let pen = Pen::new(frame, &viewport);
        let n = self.tokens;
        // The polygon the outputs live in: the values' convex hull contains every weighted mix.
        let hull = convex_hull(&self.values[..n]);
        if hull.len() >= 3 {
            chart
                .draw_series(std::iter::once(Polygon::new(
                    hull.iter().map(|p| (p[0], p[1])).collect::<Vec<_>>(),
                    rgb(VALUE_COLOUR).mix(0.08).filled(),
                )))
                .map_err(draw_error)?;
        }
        let label_offset = (frame.px(6.0) as i32, -(frame.px(4.0) as i32));
        for (i, v) in self.values[..n].iter().enumerate() {
            pen.arrow_shape(&mut chart, [0.0, 0.0], *v, VALUE_COLOUR, 1.5)?;
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((v[0], v[1]))
                        + Text::new(
                            Self::label('v', i),
                            label_offset,
                            text_style(frame, 13.0, theme.label_colour(VALUE_COLOUR))
                                .pos(Pos::new(HPos::Left, VPos::Bottom)),
                        ),
                ))
                .map_err(draw_error)?;
        }
        let mut output_labels: Vec<((f64, f64), HPos, String)> = Vec::new();
        for (i, o) in self.result.outputs.iter().enumerate() {
            let tip = [o[0], o.get(1).copied().unwrap_or(0.0)];
            let Some(unit) = pen.arrow_shape(&mut chart, [0.0, 0.0], tip, OUTPUT_COLOUR, 3.0)?
            else {
                continue;
            };
            // Beside the shaft, two thirds of the way out, on its counter-clockwise side: the
            // tip itself often sits on a value's arrow (an output near one value).
            let beside = pen.units(13.0);
            let at = (
                tip[0] * 0.66 - unit[1] * beside,
                tip[1] * 0.66 + unit[0] * beside,
            );
            // Outputs pointing the same way share one label ("o₂ o₆") instead of two on top
            // of each other.
            match output_labels
                .iter_mut()
                .find(|(p, _, _)| (p.0 - at.0).hypot(p.1 - at.1) < pen.units(16.0))
            {
                Some((_, _, text)) => text.push_str(&format!(" {}", Self::label('o', i))),
                // The text grows away from the shaft, on the side the label was put.
                None => {
                    let anchor = if -unit[1] >= 0.0 {
                        HPos::Left
                    } else {
                        HPos::Right
                    };
                    output_labels.push((at, anchor, Self::label('o', i)))
                }
            }
        }
        for (at, anchor, text) in output_labels {
            // A single label centres on its place; a shared one grows away from the shaft.
            let anchor = if text.contains(' ') {
                anchor
            } else {
                HPos::Center
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    text,
                    at,
                    text_style(frame, 13.0, theme.label_colour(OUTPUT_COLOUR))
                        .pos(Pos::new(anchor, VPos::Center)),
                )))
                .map_err(draw_error)?;
        }
        if let (Some(Handle::Value(i)), false) = (self.selected(OUTPUTS), frame.for_export) {
            let v = self.values[i];
            chart
                .draw_series(std::iter::once(Circle::new(
                    (v[0], v[1]),
                    frame.px(11.0) as i32,
                    line_style(theme.text, frame, 2.0),
                )))
                .map_err(draw_error)?;
        }
        let entries = vec![
            (VALUE_COLOUR, "values v (drag the tips)".to_owned()),
            (OUTPUT_COLOUR, "outputs o = Σ w v".to_owned()),
        ];
        let data: Vec<Vec<(f64, f64)>> = self.values[..n]
            .iter()
            .map(|v| chart_pixels(&chart, [(0.0, 0.0), (v[0], v[1])]))
            .chain(self.result.outputs.iter().map(|o| {
                chart_pixels(
                    &chart,
                    [(0.0, 0.0), (o[0], o.get(1).copied().unwrap_or(0.0))],
                )
            }))
            .collect();
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }
}

/// The convex hull of a few points (Andrew's monotone chain), counter-clockwise.
fn convex_hull(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    let mut sorted: Vec<[f64; 2]> = points.to_vec();
    sorted.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    sorted.dedup();
    if sorted.len() < 3 {
        return sorted;
    }
    let cross = |o: [f64; 2], a: [f64; 2], b: [f64; 2]| {
        (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    };
    let mut hull: Vec<[f64; 2]> = Vec::new();
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &[f64; 2]>> = if pass == 0 {
            Box::new(sorted.iter())
        } else {
            Box::new(sorted.iter().rev())
        };
        for p in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], *p) <= 0.0
            {
                hull.pop();
            }
            hull.push(*p);
        }
        hull.pop();
    }
    hull
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_colours_run_from_the_background_and_stay_readable() {
        for theme in [Theme::light(), Theme::dark()] {
            assert_eq!(weight_colour(&theme, 0.0), theme.background);
            let full = weight_colour(&theme, 1.0);
            // A full weight stands out from the page (WCAG's 3:1 for graphics).
            assert!(contrast_ratio(full, theme.background) >= 3.0);
            // Every cell label has at least 4.5:1 with the ink chosen for it.
            // directly or on its veil.
            let mut veiled_steps = 0;
            for step in 0..=20 {
                let cell = weight_colour(&theme, step as f64 / 20.0);
                let (ink, veil) = ink_on(&theme, cell);
                let under = if veil {
                    veiled_steps += 1;
                    veiled(&theme, cell)
                } else {
                    cell
                };
                assert!(contrast_ratio(ink, under) >= 4.5, "{cell:?}");
            }
            // Only the mid-tones need a veil.
            assert!(veiled_steps <= 8, "{veiled_steps}");
        }
        assert_eq!(
            weight_colour(&Theme::light(), f64::NAN),
            Theme::light().background
        );
    }

    #[test]
    fn the_hull_of_a_square_and_its_centre_is_the_square() {
        let hull = convex_hull(&[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.5, 0.5]]);
        assert_eq!(hull, vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]);
        assert_eq!(convex_hull(&[[1.0, 1.0], [1.0, 1.0]]), vec![[1.0, 1.0]]);
    }
}
