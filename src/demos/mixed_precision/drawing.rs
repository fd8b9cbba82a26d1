//! The mixed-precision demo's pictures: the loss curves of every format on a log axis with
//! the epoch shown marked, and the histogram of gradient-term magnitudes (log₁₀ bins) without
//! and with the loss scale, against float16's smallest subnormal, smallest normal and largest
//! number, its flush-to-zero range shaded.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{MixedPrecision, format_label};
use crate::demos::drawing::ThemedMesh;
use crate::demos::drawing::{line_style, text_style};
use crate::demos::legend::{Corner, draw_legend_clear_of, draw_message};
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error, format_plot_number};
use crate::math::floats::{F16, Format};
use crate::render::dash::draw_dashed_path;
use crate::render::theme::{rgb, series_colour, series_dash};

/// The log₁₀ range of the histogram's x axis; magnitudes outside go to the end bins.
pub const HISTOGRAM_RANGE: (f64, f64) = (-16.0, 8.0);
/// Bins per decade of the histogram.
pub const BINS_PER_DECADE: usize = 2;

/// Chart margins in CSS pixels, as `drawing::themed_chart` uses them (the pointer mapping
/// and the legend placement both assume them).
const LEFT_CSS: f64 = 10.0 + 52.0;
const RIGHT_CSS: f64 = 22.0;

/// The colour of a format's curve: the reference in the theme's muted text colour (drawn as
/// a wide band under the others), the formats in the palette's first three colours (and with
/// them their dashes).
pub fn format_colour(format: &Format, frame: &Frame) -> [u8; 3] {
    match format.id {
        "f64" => frame.theme.muted_text,
        "f32" => series_colour(0),
        "bf16" => series_colour(1),
        _ => series_colour(2),
    }
}

/// The epoch under a pointer at `x` CSS pixels on the loss plot `css_width` wide.
pub fn epoch_at(x: f64, css_width: f64, epochs: usize) -> usize {
    let width = (css_width - LEFT_CSS - RIGHT_CSS).max(1.0);
    let t = ((x - LEFT_CSS) / width).clamp(0.0, 1.0);
    (t * epochs as f64).round() as usize
}

/// The histogram's bins: (log₁₀ low edge, count without the scale, count with it), and the
/// number of exact zeros (left out).
pub fn histogram(terms: &[f64], scale: f64) -> (Vec<(f64, usize, usize)>, usize) {
    let (low, high) = HISTOGRAM_RANGE;
    let width = 1.0 / BINS_PER_DECADE as f64;
    let count = ((high - low) * BINS_PER_DECADE as f64).round() as usize;
    let mut bins: Vec<(f64, usize, usize)> =
        (0..count).map(|i| (low + i as f64 * width, 0, 0)).collect();
    let bin_of = |magnitude: f64| -> usize {
        let position = ((magnitude.log10() - low) / width).floor();
        position.clamp(0.0, (count - 1) as f64) as usize
    };
    let mut zeros = 0;
    for &term in terms {
        let magnitude = term.abs();
        if magnitude == 0.0 || !magnitude.is_finite() {
            zeros += 1;
            continue;
        }
        bins[bin_of(magnitude)].1 += 1;
        bins[bin_of(magnitude * scale)].2 += 1;
    }
    (bins, zeros)
}

impl DrawDemo for MixedPrecision {
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
            0 => self.draw_losses(area, frame),
            _ => self.draw_histogram(area, frame),
        }
    }
}

fn base_chart<'a, DB, Y>(
    area: &'a DrawingArea<DB, Shift>,
    frame: &Frame,
    x_range: std::ops::Range<f64>,
    y_coordinates: Y,
) -> Result<
    ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y::CoordDescType>>,
    String,
>
where
    DB: DrawingBackend,
    Y: plotters::coord::ranged1d::AsRangedCoord<Value = f64>,
{
    ChartBuilder::on(area)
        .margin(frame.px(10.0) as i32)
        .margin_right(frame.px(RIGHT_CSS) as i32)
        .x_label_area_size(frame.px(34.0) as i32)
        .y_label_area_size(frame.px(52.0) as i32)
        .build_cartesian_2d(x_range, y_coordinates)
        .map_err(draw_error)
}

/// A chart point in the area's device pixels, for the legend's placement.
fn pixel<DB, X, Y>(chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>, point: (f64, f64)) -> (f64, f64)
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let (x, y) = chart.backend_coord(&point);
    (f64::from(x), f64::from(y))
}

impl MixedPrecision {
    fn draw_losses<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let runs = self.visible_runs();
        let epoch = self.epoch();
        let finite = |loss: f64| loss.is_finite() && loss > 0.0;
        let (low, high) = runs
            .iter()
            .flat_map(|(_, run)| run.records.iter().map(|r| r.loss))
            .filter(|l| finite(*l))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), l| {
                (lo.min(l), hi.max(l))
            });
        if !low.is_finite() {
            return draw_message(area, frame, "No finite loss to draw");
        }
        // Whole decades, with one spare above for the legend.
        let y_low = 10f64.powf(low.log10().floor());
        let y_high = 10f64.powf(high.log10().ceil() + 1.0);
        let x_high = self.epochs() as f64;
        let mut chart = base_chart(area, frame, 0.0..x_high, (y_low..y_high).log_scale())?;
        let x_step = crate::demos::drawing::tick_step(0.0, x_high, 6);
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("epoch")
            .y_desc("loss ½·mean(r²)")
            .x_labels(6)
            .y_labels(8)
            .x_label_formatter(&|x| crate::demos::drawing::format_tick(*x, x_step))
            .y_label_formatter(&|y| format_plot_number(*y, 1))
            .draw()
            .map_err(draw_error)?;
        // The epoch shown.
        chart
            .draw_series(LineSeries::new(
                [(epoch as f64, y_low), (epoch as f64, y_high)],
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        let mut entries = Vec::new();
        let mut drawn = Vec::new();
        // The reference first, as a wide solid band: a format that follows it exactly runs
        // along its middle, one that leaves it shows plainly.
        for (format, run) in runs.iter() {
            let colour = format_colour(format, frame);
            let reference = format.id == "f64";
            let points: Vec<(f64, f64)> = run
                .records
                .iter()
                .enumerate()
                .take(epoch + 1)
                .filter(|(_, r)| finite(r.loss))
                .map(|(k, r)| (k as f64, r.loss))
                .collect();
            let pixels: Vec<(f64, f64)> = points.iter().map(|p| pixel(&chart, *p)).collect();
            let (dash, style): (&[f64], ShapeStyle) = if reference {
                let mut band = line_style(colour, frame, 6.0);
                band.color = rgb(colour).mix(0.45);
                (&[], band)
            } else {
                (series_dash(colour), line_style(colour, frame, 2.0))
            };
            draw_dashed_path(
                area,
                &pixels,
                dash,
                frame.geometry.device_pixel_ratio,
                style,
            )?;
            if let Some(last) = points.last() {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        *last,
                        frame.px(3.5) as i32,
                        rgb(colour).filled(),
                    )))
                    .map_err(draw_error)?;
            }
            entries.push((colour, format_label(format).to_owned()));
            drawn.push(pixels);
        }
        draw_legend_clear_of(area, frame, Corner::TopRight, &entries, &drawn)?;
        Ok(())
    }

    fn draw_histogram<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let scale = self.shown_loss_scale();
        let terms = super::data::shown_gradient_terms(self);
        let (bins, _) = histogram(&terms, scale);
        let highest = bins.iter().map(|b| b.1.max(b.2)).max().unwrap_or(0).max(1);
        let y_high = (highest as f64 * 1.35).ceil();
        let (x_low, x_high) = HISTOGRAM_RANGE;
        let mut chart = base_chart(area, frame, x_low..x_high, 0.0..y_high)?;
        let y_step = crate::demos::drawing::tick_step(0.0, y_high, 5);
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("log₁₀ |gradient term|")
            .y_desc("terms")
            .x_labels(12)
            .y_labels(5)
            .x_label_formatter(&|x| format_plot_number(*x, 2))
            .y_label_formatter(&|y| crate::demos::drawing::format_tick(*y, y_step))
            .draw()
            .map_err(draw_error)?;
        // float16's flush-to-zero range: below half its smallest subnormal everything
        // rounds to 0; between that and the smallest normal, numbers keep fewer bits.
        let flush = (F16.smallest_subnormal() / 2.0).log10();
        let normal = F16.smallest_normal().log10();
        let shade = theme.label_colour([213, 94, 0]);
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(x_low, 0.0), (flush, y_high)],
                rgb(shade).mix(0.16).filled(),
            )))
            .map_err(draw_error)?;
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(flush, 0.0), (normal, y_high)],
                rgb(shade).mix(0.07).filled(),
            )))
            .map_err(draw_error)?;
        let width = 1.0 / BINS_PER_DECADE as f64;
        let (unscaled_colour, scaled_colour) = (series_colour(7), series_colour(0));
        // Scaled bars filled, unscaled ones as outlines on top, so both stay visible.
        chart
            .draw_series(bins.iter().filter(|b| b.2 > 0).map(|&(left, _, count)| {
                Rectangle::new(
                    [(left + 0.06, 0.0), (left + width - 0.06, count as f64)],
                    rgb(scaled_colour).mix(0.75).filled(),
                )
            }))
            .map_err(draw_error)?;
        chart
            .draw_series(bins.iter().filter(|b| b.1 > 0).map(|&(left, count, _)| {
                Rectangle::new(
                    [(left + 0.02, 0.0), (left + width - 0.02, count as f64)],
                    line_style(unscaled_colour, frame, 2.0),
                )
            }))
            .map_err(draw_error)?;
        // Each limit's label sits at the top beside its line: the two small limits on either
        // side of the gap between them, the largest on its left.
        let limits = [
            (F16.smallest_subnormal(), "2⁻²⁴", HPos::Right),
            (F16.smallest_normal(), "2⁻¹⁴", HPos::Left),
            (F16.max_finite(), "65504", HPos::Right),
        ];
        let mut marks: Vec<Vec<(f64, f64)>> = Vec::new();
        let gap = 0.15;
        for (value, label, side) in limits {
            let x = value.log10();
            chart
                .draw_series(std::iter::once(PathElement::new(
                    [(x, 0.0), (x, y_high)],
                    line_style(theme.text, frame, 1.0),
                )))
                .map_err(draw_error)?;
            let label_x = match side {
                HPos::Right => x - gap,
                _ => x + gap,
            };
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    (label_x, y_high),
                    text_style(frame, 11.0, theme.text).pos(Pos::new(side, VPos::Top)),
                )))
                .map_err(draw_error)?;
            marks.push(
                (0..=10)
                    .map(|i| pixel(&chart, (x, y_high * i as f64 / 10.0)))
                    .collect(),
            );
        }
        chart
            .draw_series(std::iter::once(Text::new(
                "float16 → 0",
                (x_low + 0.2, y_high * 0.82),
                text_style(frame, 11.0, shade).pos(Pos::new(HPos::Left, VPos::Top)),
            )))
            .map_err(draw_error)?;
        marks.push(vec![
            pixel(&chart, (x_low + 0.2, y_high * 0.82)),
            pixel(&chart, (x_low + 3.0, y_high * 0.74)),
        ]);
        let mut data_pixels: Vec<Vec<(f64, f64)>> = bins
            .iter()
            .filter(|b| b.1.max(b.2) > 0)
            .map(|&(left, a, b)| {
                let top = a.max(b) as f64;
                (0..=4)
                    .map(|i| pixel(&chart, (left + width / 2.0, top * i as f64 / 4.0)))
                    .collect()
            })
            .collect();
        data_pixels.extend(marks);
        let entries = [
            (unscaled_colour, "gradient terms".to_owned()),
            (
                scaled_colour,
                format!("× S = {}", format_plot_number(scale, 6)),
            ),
        ];
        draw_legend_clear_of(area, frame, Corner::BottomRight, &entries, &data_pixels)?;
        Ok(())
    }
}
