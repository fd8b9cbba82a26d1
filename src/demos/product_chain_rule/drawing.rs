//! Drawing of the product/chain-rule demo: the growing rectangle, the three linked number
//! lines (with the x handle above them) and the article's examples against the truth.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{ProductChainRule, X_RANGE};
use crate::demos::drawing::{
    fill_style, format_plot_number, format_tick, line_style, padded, text_style, themed_chart,
    tick_step,
};
use crate::demos::legend::{
    Corner, chart_pixels, draw_legend_clear_of, draw_message, top_with_legend_room,
};
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error};
use crate::render::theme::{SERIES_COLOURS, rgb};

/// How many points of the exact derivative the article plot's table lists.
pub(super) const ARTICLE_TABLE_SAMPLES: usize = 25;
/// Samples of the article plot's curve: sin(x⁶) needs many near x = 3.
const ARTICLE_CURVE_SAMPLES: usize = 6000;

/// The x window of the article plot for an example.
pub(super) fn article_window(example: &str) -> (f64, f64) {
    if example == "chain" {
        (0.8, 3.1)
    } else {
        (0.5, 3.5)
    }
}

/// Where the chain plot's parts sit, in device pixels.
pub(super) struct ChainLayout {
    /// The horizontal extent of the handle's track and of the number lines.
    pub left: f64,
    pub right: f64,
    /// The handle's track.
    pub track_y: f64,
    /// The three number lines x, u, y.
    pub line_ys: [f64; 3],
}

impl ChainLayout {
    pub fn new(frame: &Frame) -> Self {
        let width = frame.geometry.pixel_width() as f64;
        let height = frame.geometry.pixel_height() as f64;
        let top = frame.px(30.0);
        let bottom = height - frame.px(30.0);
        let first = top + (bottom - top) * 0.3;
        let gap = (bottom - first) / 2.0;
        Self {
            left: frame.px(78.0),
            right: width - frame.px(24.0),
            track_y: top,
            line_ys: [first, first + gap, first + 2.0 * gap],
        }
    }

    /// The x a pointer at `css_x` (a frame at device-pixel ratio 1) picks on the track.
    pub fn x_at(&self, pixel_x: f64) -> Option<f64> {
        let span = self.right - self.left;
        (span > 0.0 && pixel_x.is_finite()).then(|| {
            let t = ((pixel_x - self.left) / span).clamp(0.0, 1.0);
            X_RANGE.0 + t * (X_RANGE.1 - X_RANGE.0)
        })
    }

    fn track_pixel(&self, x: f64) -> f64 {
        self.left + (x - X_RANGE.0) / (X_RANGE.1 - X_RANGE.0) * (self.right - self.left)
    }
}

impl DrawDemo for ProductChainRule {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Everything moves with x and dx, so it all lives on the foreground layer.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_area(area, frame),
            1 => self.draw_chain(area, frame),
            _ => self.draw_article(area, frame),
        }
    }
}

impl ProductChainRule {
    fn draw_area<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let p = self.growth;
        let values = [p.g, p.h, p.delta_g, p.delta_h];
        if values.iter().any(|v| !v.is_finite()) {
            return draw_message(area, frame, "g or h is undefined here: move x");
        }
        let (g1, h1) = (p.g + p.delta_g, p.h + p.delta_h);
        let x_low = 0f64.min(p.g).min(g1);
        let x_high = 0f64.max(p.g).max(g1);
        let y_low = 0f64.min(p.h).min(h1);
        let y_high = 0f64.max(p.h).max(h1);
        let x_range = padded(x_low, x_high, 0.05);
        let y_padded = padded(y_low, y_high, 0.05);
        let y_top = top_with_legend_room(y_padded.start, y_padded.end, 4, frame);
        let mut chart = themed_chart(
            area,
            frame,
            x_range,
            y_padded.start..y_top,
            "g(x) →",
            "h(x) →",
        )?;
        let [blue, vermillion, green, purple] = [
            SERIES_COLOURS[0],
            SERIES_COLOURS[1],
            SERIES_COLOURS[2],
            SERIES_COLOURS[3],
        ];
        let pieces = [
            (blue, (0.0, 0.0), (p.g, p.h), 0.18),
            (vermillion, (p.g, 0.0), (g1, p.h), 0.55),
            (green, (0.0, p.h), (p.g, h1), 0.55),
            (purple, (p.g, p.h), (g1, h1), 0.8),
        ];
        for (colour, from, to, alpha) in pieces {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [from, to],
                    rgb(colour).mix(alpha).filled(),
                )))
                .map_err(draw_error)?;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [from, to],
                    line_style(colour, frame, 1.0),
                )))
                .map_err(draw_error)?;
        }
        // The rectangle's own label, inside it when there is room.
        let (cx, cy) = chart.backend_coord(&(p.g / 2.0, p.h / 2.0));
        area.draw(&Text::new(
            format!("g·h = {}", format_plot_number(p.g * p.h)),
            (cx, cy),
            text_style(frame, 12.0, frame.theme.text).pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(draw_error)?;
        let entries = vec![
            (
                vermillion,
                format!("strip Δg·h = {}", format_plot_number(p.strip_along_h)),
            ),
            (
                green,
                format!("strip g·Δh = {}", format_plot_number(p.strip_along_g)),
            ),
            (
                purple,
                format!("corner Δg·Δh = {}", format_plot_number(p.corner)),
            ),
            (
                frame.theme.muted_text,
                format!("ΔA = {}", format_plot_number(p.area_change)),
            ),
        ];
        let outline = chart_pixels(
            &chart,
            [
                (0.0, 0.0),
                (g1, 0.0),
                (g1, h1),
                (0.0, h1),
                (0.0, 0.0),
                (p.g, p.h),
            ],
        );
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &[outline])?;
        Ok(())
    }

    fn draw_chain<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let layout = ChainLayout::new(frame);
        // A hidden or tiny canvas (an embed showing other plots) has no room to draw in.
        if layout.right <= layout.left + 1.0 {
            return Ok(());
        }
        let c = self.nudge;
        let text = frame.theme.text;
        let muted = frame.theme.muted_text;
        // The handle's track: x from −3 to 3.
        let track = [
            (layout.left, layout.track_y),
            (layout.right, layout.track_y),
        ];
        area.draw(&PathElement::new(
            track.map(|(x, y)| (x as i32, y as i32)),
            line_style(frame.theme.axis, frame, 2.0),
        ))
        .map_err(draw_error)?;
        for tick in -3..=3 {
            let px = layout.track_pixel(f64::from(tick));
            area.draw(&Text::new(
                format_tick(f64::from(tick), 1.0),
                (px as i32, (layout.track_y + frame.px(7.0)) as i32),
                text_style(frame, 10.0, muted).pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(draw_error)?;
        }
        area.draw(&Text::new(
            "drag x",
            (frame.px(8.0) as i32, layout.track_y as i32),
            text_style(frame, 12.0, muted).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(draw_error)?;
        let handle = layout.track_pixel(self.x);
        area.draw(&Circle::new(
            (handle as i32, layout.track_y as i32),
            frame.px(7.0) as i32,
            fill_style(SERIES_COLOURS[0]),
        ))
        .map_err(draw_error)?;

        // The three lines share one scale, so the bars show the stretching.
        let nudges = [self.dx, c.linear_du, c.linear_dy];
        let actual = [self.dx, c.actual_du, c.actual_dy];
        let centres = [self.x, c.u, c.y];
        let largest = nudges
            .iter()
            .filter(|v| v.is_finite())
            .fold(self.dx, |m, v| m.max(v.abs()));
        let half_span = largest / 0.8;
        let centre_px = (layout.left + layout.right) / 2.0;
        let per_unit = (layout.right - layout.left) / 2.0 / half_span;
        let names = ["x", "u = g(x)", "y = f(u)"];
        let bar_names = ["dx", "g′·dx", "f′(g)·g′·dx"];
        let colours = [SERIES_COLOURS[0], SERIES_COLOURS[1], SERIES_COLOURS[2]];
        let labels = if frame.geometry.css_width < 500.0 {
            3
        } else {
            5
        };
        for i in 0..3 {
            let y = layout.line_ys[i];
            area.draw(&Text::new(
                names[i],
                (frame.px(8.0) as i32, y as i32),
                text_style(frame, 12.0, text).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
            if !centres[i].is_finite() {
                area.draw(&Text::new(
                    "undefined",
                    (centre_px as i32, y as i32),
                    text_style(frame, 12.0, muted).pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(draw_error)?;
                continue;
            }
            area.draw(&PathElement::new(
                vec![
                    (layout.left as i32, y as i32),
                    (layout.right as i32, y as i32),
                ],
                line_style(frame.theme.axis, frame, 1.0),
            ))
            .map_err(draw_error)?;
            // Tick labels of this line's window, centre ± half_span.
            let (low, high) = (centres[i] - half_span, centres[i] + half_span);
            let step = tick_step(low, high, labels);
            let first = (low / step).ceil() as i64;
            let last = (high / step).floor() as i64;
            if last - first <= 40 {
                for k in first..=last {
                    let value = k as f64 * step;
                    let px = centre_px + (value - centres[i]) * per_unit;
                    area.draw(&PathElement::new(
                        vec![
                            (px as i32, y as i32),
                            (px as i32, (y + frame.px(4.0)) as i32),
                        ],
                        line_style(frame.theme.axis, frame, 1.0),
                    ))
                    .map_err(draw_error)?;
                    if (k - first) % ((last - first) / labels as i64).max(1) == 0 {
                        area.draw(&Text::new(
                            format_tick(value, step),
                            (px as i32, (y + frame.px(6.0)) as i32),
                            text_style(frame, 10.0, muted).pos(Pos::new(HPos::Center, VPos::Top)),
                        ))
                        .map_err(draw_error)?;
                    }
                }
            }
            // The first-order nudge as a bar, at least 2 px so a tiny one stays visible.
            if nudges[i].is_finite() {
                let end = centre_px + nudges[i] * per_unit;
                let (a, b) = if end >= centre_px {
                    (centre_px, end.max(centre_px + frame.px(2.0)))
                } else {
                    (end.min(centre_px - frame.px(2.0)), centre_px)
                };
                area.draw(&Rectangle::new(
                    [
                        (a as i32, (y - frame.px(9.0)) as i32),
                        (b as i32, (y - frame.px(2.0)) as i32),
                    ],
                    rgb(colours[i]).mix(0.8).filled(),
                ))
                .map_err(draw_error)?;
                let label = format!("{} = {}", bar_names[i], format_plot_number(nudges[i]));
                area.draw(&Text::new(
                    label,
                    (centre_px as i32, (y - frame.px(12.0)) as i32),
                    text_style(frame, 11.0, frame.theme.label_colour(colours[i]))
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                ))
                .map_err(draw_error)?;
            }
            // The actual change as a thin mark.
            if i > 0 && actual[i].is_finite() {
                let px = (centre_px + actual[i] * per_unit)
                    .max(layout.left)
                    .min(layout.right);
                area.draw(&PathElement::new(
                    vec![
                        (px as i32, (y - frame.px(12.0)) as i32),
                        (px as i32, (y + frame.px(1.0)) as i32),
                    ],
                    line_style(text, frame, 1.5),
                ))
                .map_err(draw_error)?;
            }
            area.draw(&Circle::new(
                (centre_px as i32, y as i32),
                frame.px(4.0) as i32,
                fill_style(text),
            ))
            .map_err(draw_error)?;
        }
        // The stretch factors between the lines.
        let factors = [("× g′(x) = ", c.g_prime), ("× f′(u) = ", c.f_prime)];
        for (i, (name, factor)) in factors.iter().enumerate() {
            let y = (layout.line_ys[i] + layout.line_ys[i + 1]) / 2.0 + frame.px(4.0);
            area.draw(&Text::new(
                format!("{name}{}", format_plot_number(*factor)),
                (frame.px(8.0) as i32, y as i32),
                text_style(frame, 11.0, muted).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_article<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let (xs, numpy, exact) = self.article();
        let (low, high) = article_window(self.example);
        let curve: Vec<(f64, f64)> = (0..=ARTICLE_CURVE_SAMPLES)
            .map(|i| {
                let x = low + (high - low) * i as f64 / ARTICLE_CURVE_SAMPLES as f64;
                (x, self.article_derivative(x))
            })
            .collect();
        let (y_min, y_max) = curve
            .iter()
            .map(|p| p.1)
            .chain(numpy)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), y| {
                (a.min(y), b.max(y))
            });
        let y_padded = padded(y_min, y_max, 0.05);
        let y_top = top_with_legend_room(y_padded.start, y_padded.end, 2, frame);
        let y_label = if self.example == "chain" {
            "(sin x⁶)′"
        } else {
            "(x² sin x)′"
        };
        let mut chart = themed_chart(area, frame, low..high, y_padded.start..y_top, "x", y_label)?;
        let blue = SERIES_COLOURS[0];
        let vermillion = SERIES_COLOURS[1];
        chart
            .draw_series(LineSeries::new(
                curve.iter().copied(),
                line_style(blue, frame, 1.5),
            ))
            .map_err(draw_error)?;
        for i in 0..3 {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(xs[i], numpy[i]), (xs[i], exact[i])],
                    line_style(frame.theme.muted_text, frame, 1.0),
                )))
                .map_err(draw_error)?;
        }
        let radius = frame.px(5.0) as i32;
        chart
            .draw_series((0..3).map(|i| Circle::new((xs[i], exact[i]), radius, fill_style(blue))))
            .map_err(draw_error)?;
        chart
            .draw_series((0..3).map(|i| {
                Circle::new(
                    (xs[i], numpy[i]),
                    radius,
                    line_style(vermillion, frame, 2.5),
                )
            }))
            .map_err(draw_error)?;
        let entries = vec![
            (blue, "exact derivative".to_owned()),
            (vermillion, "the article's NumPy printout".to_owned()),
        ];
        let mut data = vec![chart_pixels(&chart, curve.iter().step_by(10).copied())];
        data.push(chart_pixels(&chart, (0..3).map(|i| (xs[i], numpy[i]))));
        draw_legend_clear_of(area, frame, Corner::TopLeft, &entries, &data)?;
        Ok(())
    }
}
