//! The recurrent-network demo's pictures: the unrolled network as coloured cells (input,
//! hidden state, output and target per step), and three line charts (gradient norms by
//! steps back, training loss, prediction against target).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{RnnDemo, by_steps_back};
use crate::demos::drawing::{line_style, text_style, tick_step};
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error};
use crate::math::rnn::{CellKind, Task};
use crate::render::chart::{AxisScale, ChartOptions, ChartParts, Series, draw_line_chart};
use crate::render::colormap::diverging;
use crate::render::theme::{Theme, rgb, series_colour};

/// The shortest training-step axis of the loss plot.
const LOSS_AXIS_MIN_STEPS: usize = 50;

/// The colour of a value `t` ∈ [−1, 1]: the page's background at 0, blending to a medium
/// blue (negative) or red (positive) of the diverging map, so zero reads as "nothing" in
/// both themes and the extremes keep their contrast on a dark page too.
pub fn cell_colour(theme: &Theme, t: f64) -> [u8; 3] {
    if !t.is_finite() {
        return crate::render::colormap::NAN_GREY;
    }
    let t = t.clamp(-1.0, 1.0);
    let end = diverging(0.75 * t.signum());
    let amount = t.abs();
    let background = theme.background;
    [0, 1, 2].map(|c| {
        let from = f64::from(background[c]);
        (from + amount * (f64::from(end[c]) - from)).round() as u8
    })
}

/// The largest magnitude in `values`, at least 1 (so small signals look small).
fn scale_of<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(1.0, |m, v| m.max(v.abs()))
}

impl RnnDemo {
    fn draw_unrolled<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let (Some(trace), Some(example)) = (&self.summary().trace, self.example()) else {
            return Ok(());
        };
        let shape = self.shape();
        let (d, h, steps) = (shape.input_size, shape.hidden_size, example.len());
        let width = frame.geometry.pixel_width() as f64;
        let height = frame.geometry.pixel_height() as f64;
        let left = frame.px(52.0);
        let right = width - frame.px(8.0);
        let top = frame.px(8.0);
        let bottom = height - frame.px(24.0);
        let gap = frame.px(8.0);
        // Rows: D inputs, a gap, H hidden, a gap, output and target. The input, output and
        // target rows keep at least 12 CSS pixels (their labels need the room); the hidden
        // rows share what is left.
        let available = (bottom - top - 2.0 * gap).max(1.0);
        let outer_rows = (d + 2) as f64;
        let even = available / (d + h + 2) as f64;
        let outer_height = even.max(frame.px(12.0)).min(available / (outer_rows + 1.0));
        let row_height = ((available - outer_rows * outer_height) / h as f64).max(1.0);
        let column_width = ((right - left) / steps as f64).max(1.0);
        let inner = |size: f64| {
            if size >= frame.px(6.0) {
                frame.px(1.0)
            } else {
                0.0
            }
        };
        let (pad_x, pad_y) = (inner(column_width), inner(row_height.min(outer_height)));
        let input_scale = scale_of(&example.inputs);
        let output_scale = scale_of(trace.outputs.iter().chain(&example.targets));
        let cell = |column: usize, y: f64, rows_high: f64, value: f64| -> DrawResult {
            let x = left + column as f64 * column_width;
            let colour = cell_colour(&frame.theme, value);
            area.draw(&Rectangle::new(
                [
                    (x as i32, y as i32),
                    (
                        (x + column_width - pad_x).ceil() as i32,
                        (y + rows_high - pad_y).ceil() as i32,
                    ),
                ],
                rgb(colour).filled(),
            ))
            .map_err(draw_error)
        };
        let hidden_top = top + d as f64 * outer_height + gap;
        let output_top = hidden_top + h as f64 * row_height + gap;
        for t in 0..steps {
            for c in 0..d {
                let value = example.inputs[t * d + c] / input_scale;
                cell(t, top + c as f64 * outer_height, outer_height, value)?;
            }
            for (j, value) in trace.hidden_at(t + 1).iter().enumerate() {
                cell(t, hidden_top + j as f64 * row_height, row_height, *value)?;
            }
            let output = trace.outputs[t] / output_scale;
            cell(t, output_top, outer_height, output)?;
            if example.weights[t] > 0.0 {
                let target = example.targets[t] / output_scale;
                cell(t, output_top + outer_height, outer_height, target)?;
            }
        }
        // Outline the hidden block, so a state near 0 (drawn in the background colour)
        // still shows where the cells are.
        let outline = line_style(frame.theme.grid, frame, 1.0);
        let block = |y0: f64, rows: usize, rows_high: f64| {
            Rectangle::new(
                [
                    (left as i32, y0 as i32),
                    (
                        (left + steps as f64 * column_width) as i32,
                        (y0 + rows as f64 * rows_high) as i32,
                    ),
                ],
                outline,
            )
        };
        area.draw(&block(top, d, outer_height))
            .map_err(draw_error)?;
        area.draw(&block(hidden_top, h, row_height))
            .map_err(draw_error)?;
        area.draw(&block(output_top, 2, outer_height))
            .map_err(draw_error)?;
        let label =
            text_style(frame, 11.0, frame.theme.text).pos(Pos::new(HPos::Right, VPos::Center));
        let text_x = (left - frame.px(6.0)) as i32;
        let input_label = if self.task() == Task::Adding {
            "x (2)"
        } else {
            "x_t"
        };
        let labels = [
            (input_label, top + d as f64 * outer_height / 2.0),
            ("h_t", hidden_top + h as f64 * row_height / 2.0),
            ("y_t", output_top + outer_height / 2.0),
            ("target", output_top + 1.5 * outer_height),
        ];
        for (text, y) in labels {
            area.draw(&Text::new(text, (text_x, y as i32), label.clone()))
                .map_err(draw_error)?;
        }
        // The time axis: t = 1 … T at round steps, centred under their columns.
        let step = tick_step(1.0, steps as f64, 6).max(1.0).round() as usize;
        let tick =
            text_style(frame, 11.0, frame.theme.muted_text).pos(Pos::new(HPos::Center, VPos::Top));
        let axis_y = (output_top + 2.0 * outer_height + frame.px(4.0)) as i32;
        let mut ticks: Vec<usize> = vec![1];
        ticks.extend((step..steps).step_by(step).filter(|t| *t > 1));
        if steps > 1 && ticks.last() != Some(&steps) {
            // Keep the last label clear of the one before it.
            if ticks
                .last()
                .is_some_and(|&t| (steps - t) as f64 * column_width < frame.px(24.0))
            {
                ticks.pop();
            }
            ticks.push(steps);
        }
        for t in ticks {
            let x = left + (t as f64 - 0.5) * column_width;
            area.draw(&Text::new(format!("{t}"), (x as i32, axis_y), tick.clone()))
                .map_err(draw_error)?;
        }
        area.draw(&Text::new(
            "t",
            ((left - frame.px(6.0)) as i32, axis_y),
            text_style(frame, 11.0, frame.theme.muted_text).pos(Pos::new(HPos::Right, VPos::Top)),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    fn chart_options<'a>(
        &self,
        frame: &Frame,
        x_label: &'a str,
        y_label: &'a str,
    ) -> ChartOptions<'a> {
        ChartOptions {
            title: None,
            x_label,
            y_label,
            y_scale: AxisScale::Linear,
            x_range: None,
            theme: frame.theme,
            font_px: frame.font(11.0),
            line_px: frame.px(1.8),
            legend: true,
            parts: ChartParts::All,
        }
    }

    fn draw_bptt<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let points = |norms: &[f64]| -> Vec<(f64, f64)> {
            by_steps_back(norms)
                .into_iter()
                .enumerate()
                .map(|(k, v)| (k as f64, v))
                .collect()
        };
        let now = points(&self.summary().hidden_norms);
        let start = points(&self.initial_summary().hidden_norms);
        let cell_now = points(&self.summary().cell_norms);
        let cell_start = points(&self.initial_summary().cell_norms);
        // The pure ρᵏ decay from the last step's gradient: the linear-regime prediction.
        let guide: Vec<(f64, f64)> = match start.first() {
            Some(&(_, last)) if self.cell() == CellKind::Rnn => start
                .iter()
                .map(|&(k, _)| (k, last * self.radius().powf(k)))
                .collect(),
            _ => Vec::new(),
        };
        let mut series = vec![
            Series {
                label: "‖∂L/∂h‖ now",
                colour: series_colour(0),
                points: &now,
                marker: None,
            },
            Series {
                label: "‖∂L/∂h‖ at start",
                colour: series_colour(1),
                points: &start,
                marker: None,
            },
        ];
        if self.cell() == CellKind::Lstm {
            series.push(Series {
                label: "‖∂L/∂c‖ now",
                colour: series_colour(2),
                points: &cell_now,
                marker: None,
            });
            series.push(Series {
                label: "‖∂L/∂c‖ at start",
                colour: series_colour(3),
                points: &cell_start,
                marker: None,
            });
        }
        if !guide.is_empty() {
            series.push(Series {
                label: "ρᵏ from the start",
                colour: series_colour(7),
                points: &guide,
                marker: None,
            });
        }
        let options = ChartOptions {
            y_scale: AxisScale::Log,
            x_range: Some((0.0, (self.length() - 1).max(1) as f64)),
            ..self.chart_options(frame, "steps back k = T − t", "‖∂L_T/∂h_t‖")
        };
        draw_line_chart(area, &series, &options)
    }

    fn draw_loss<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let losses: Vec<(f64, f64)> = self
            .history()
            .iter()
            .enumerate()
            .map(|(i, r)| ((i + 1) as f64, r.batch_loss))
            .collect();
        // At least 50 steps wide: the steps are whole numbers, and on a shorter axis the
        // chart's light grid (a tenth of a label step) would draw lines between them, a
        // dense vertical hatching right after load.
        let end = self.steps_taken().max(LOSS_AXIS_MIN_STEPS) as f64;
        let baseline = [(0.0, self.baseline()), (end, self.baseline())];
        let series = [
            Series {
                label: "mini-batch loss",
                colour: series_colour(0),
                points: &losses,
                marker: None,
            },
            Series {
                label: "constant prediction",
                colour: series_colour(7),
                points: &baseline,
                marker: None,
            },
        ];
        let options = ChartOptions {
            y_scale: AxisScale::Log,
            x_range: Some((0.0, end)),
            ..self.chart_options(frame, "training step", "loss")
        };
        draw_line_chart(area, &series, &options)?;
        if self.clip {
            // Clipping's effect is on the loss curve; say how often it acted (the top right
            // is clear: the loss falls from the left).
            let (width, _) = area.dim_in_pixel();
            let caption = format!(
                "gradient clipped to norm {}: {} of {} steps",
                crate::demos::format_plot_number(self.max_norm, 3),
                self.clipped_count(),
                self.steps_taken()
            );
            area.draw(&Text::new(
                caption,
                (width as i32 - frame.px(24.0) as i32, frame.px(30.0) as i32),
                text_style(frame, 11.0, frame.theme.muted_text)
                    .pos(Pos::new(HPos::Right, VPos::Top)),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_task<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let (Some(trace), Some(example)) = (&self.summary().trace, self.example()) else {
            return Ok(());
        };
        let d = self.shape().input_size;
        let inputs: Vec<(f64, f64)> = (0..example.len())
            .map(|t| ((t + 1) as f64, example.inputs[t * d]))
            .collect();
        let outputs: Vec<(f64, f64)> = trace
            .outputs
            .iter()
            .enumerate()
            .map(|(t, y)| ((t + 1) as f64, *y))
            .collect();
        let targets: Vec<(f64, f64)> = (0..example.len())
            .filter(|&t| example.weights[t] > 0.0)
            .map(|t| ((t + 1) as f64, example.targets[t]))
            .collect();
        let input_label = match self.task() {
            Task::Adding => "input value",
            _ => "input x_t",
        };
        let series = [
            Series {
                label: input_label,
                colour: series_colour(2),
                points: &inputs,
                marker: None,
            },
            Series {
                label: "output y_t",
                colour: series_colour(0),
                points: &outputs,
                marker: None,
            },
            Series {
                label: "target",
                colour: series_colour(1),
                points: &targets,
                marker: None,
            },
        ];
        let options = ChartOptions {
            x_range: Some((1.0, example.len().max(2) as f64)),
            ..self.chart_options(frame, "t", "value")
        };
        draw_line_chart(area, &series, &options)
    }
}

impl DrawDemo for RnnDemo {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Everything changes with every training step: one layer, the foreground.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_unrolled(area, frame),
            1 => self.draw_bptt(area, frame),
            2 => self.draw_loss(area, frame),
            _ => self.draw_task(area, frame),
        }
    }
}
