//! The floating-point demo's pictures: the bit grid (its layout shared with pointer hit
//! testing), the precision-and-range chart on log-log axes, and the number line of one
//! format around x.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{BitCursor, FloatingPoint, Rounding};
use crate::demos::drawing::ThemedMesh;
use crate::demos::drawing::{fill_style, line_style, text_style};
use crate::demos::legend::draw_message;
use crate::demos::{DrawDemo, DrawResult, Frame, Layer, draw_error};
use crate::math::floats::{Class, FORMATS, Format};
use crate::render::theme::rgb;

/// Sign, exponent and fraction colours (dark enough for white digits on them).
pub const SIGN_COLOUR: [u8; 3] = [176, 62, 0];
pub const EXPONENT_COLOUR: [u8; 3] = [0, 98, 156];
pub const FRACTION_COLOUR: [u8; 3] = [0, 118, 86];

/// One colour per format on the range chart, in [`FORMATS`] order (Okabe–Ito).
pub const FORMAT_COLOURS: [[u8; 3]; 6] = [
    [0, 114, 178],
    [213, 94, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
    [230, 159, 0],
];

const LABEL_CSS: f64 = 15.0;
const ROW_GAP_CSS: f64 = 5.0;
const SIDE_CSS: f64 = 6.0;
/// Bits per line of the grid.
const BITS_PER_LINE: u32 = 32;

/// Where each row's label and bit cells are, in CSS pixels.
#[derive(Clone, Debug)]
pub struct BitLayout {
    pub cell_width: f64,
    pub cell_height: f64,
    pub bits_per_line: u32,
    /// Top of each row's label (the cells start LABEL_CSS below).
    pub row_tops: Vec<f64>,
}

impl BitLayout {
    pub fn new(css_width: f64, css_height: f64) -> BitLayout {
        // float64 always takes two lines of 32: 64 cells across a phone would be 5 px wide,
        // and 32 keeps the cells of every row the same width, bit under bit.
        let bits_per_line = BITS_PER_LINE;
        let lines: u32 = FORMATS
            .iter()
            .map(|f| f.bits().div_ceil(bits_per_line))
            .sum();
        let rows = FORMATS.len() as f64;
        let cell_width = ((css_width - 2.0 * SIDE_CSS) / bits_per_line as f64).min(30.0);
        let room = css_height - 4.0 - rows * (LABEL_CSS + ROW_GAP_CSS);
        let cell_height = (room / lines as f64).clamp(8.0, 30.0);
        // Height left over on a wide plot goes between the rows.
        let spare = (room - cell_height * lines as f64).max(0.0);
        let gap = ROW_GAP_CSS + spare / rows;
        let mut row_tops = Vec::with_capacity(FORMATS.len());
        let mut top = 2.0;
        for format in FORMATS {
            row_tops.push(top);
            top += LABEL_CSS + cell_height * format.bits().div_ceil(bits_per_line) as f64 + gap;
        }
        BitLayout {
            cell_width,
            cell_height,
            bits_per_line,
            row_tops,
        }
    }

    /// The CSS rectangle (left, top) of bit `bit` of row `row`.
    pub fn cell(&self, row: usize, bit: u32) -> (f64, f64) {
        let line = bit / self.bits_per_line;
        let column = bit % self.bits_per_line;
        (
            SIDE_CSS + column as f64 * self.cell_width,
            self.row_tops[row] + LABEL_CSS + line as f64 * self.cell_height,
        )
    }

    /// The bit under a CSS point, if any.
    pub fn hit(&self, x: f64, y: f64) -> Option<BitCursor> {
        (0..FORMATS.len()).find_map(|row| {
            (0..FORMATS[row].bits()).find_map(|bit| {
                let (left, top) = self.cell(row, bit);
                let inside = x >= left
                    && x < left + self.cell_width
                    && y >= top
                    && y < top + self.cell_height;
                inside.then_some(BitCursor { row, bit })
            })
        })
    }
}

/// Which field bit `bit` (0 = most significant) of `format` belongs to.
pub fn field_colour(format: Format, bit: u32) -> [u8; 3] {
    if bit == 0 {
        SIGN_COLOUR
    } else if bit <= format.exponent_bits {
        EXPONENT_COLOUR
    } else {
        FRACTION_COLOUR
    }
}

fn mix(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    std::array::from_fn(|k| (f64::from(a[k]) * (1.0 - t) + f64::from(b[k]) * t).round() as u8)
}

/// A stored value for a label: ∞, NaN, or the shortest decimal that reads back exactly.
pub fn short_value(value: f64) -> String {
    if value.is_nan() {
        "NaN".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "∞" } else { "−∞" }.to_owned()
    } else {
        super::shortest_decimal(value).replace('-', "−")
    }
}

/// "10⁻¹⁶" for a power of ten, else the number in e-notation.
fn power_of_ten_label(value: f64) -> String {
    let exponent = value.log10().round();
    if (value / 10f64.powf(exponent) - 1.0).abs() > 1e-9 {
        return format!("{value:.0e}");
    }
    let superscript: String = format!("{}", exponent as i64)
        .chars()
        .map(|c| match c {
            '-' => '⁻',
            digit => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹']
                [digit.to_digit(10).unwrap_or(0) as usize],
        })
        .collect();
    format!("10{superscript}")
}

/// The magnitude axis of the range chart and the typical magnitudes in ML shown on it.
pub const MAGNITUDE_RANGE: (f64, f64) = (1e-46, 1e40);
pub const GAP_RANGE: (f64, f64) = (1e-18, 1e8);
pub const ML_MAGNITUDES: [(&str, f64, f64); 3] = [
    ("gradients", 1e-10, 1e-6),
    ("weights", 1e-3, 1e-1),
    ("activations", 1e-1, 1e2),
];

impl FloatingPoint {
    fn draw_bits<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let layout = BitLayout::new(frame.geometry.css_width, frame.geometry.css_height);
        let theme = frame.theme;
        for (row, format) in FORMATS.into_iter().enumerate() {
            let stored = self.stored(format);
            let label = format!(
                "{}  {}  ({})",
                format.name,
                short_value(stored.value),
                stored.class
            );
            area.draw(&Text::new(
                label,
                (
                    frame.px(SIDE_CSS) as i32,
                    frame.px(layout.row_tops[row] + 1.0) as i32,
                ),
                text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(draw_error)?;
            let digit_size = (layout.cell_height * 0.7)
                .min(layout.cell_width * 1.1)
                .min(14.0);
            for bit in 0..format.bits() {
                let (left, top) = layout.cell(row, bit);
                let set = stored.bits >> (format.bits() - 1 - bit) & 1 == 1;
                let colour = field_colour(format, bit);
                let fill = if set {
                    colour
                } else {
                    mix(colour, theme.background, 0.85)
                };
                let rect = [
                    (frame.px(left) as i32, frame.px(top) as i32),
                    (
                        frame.px(left + layout.cell_width - 1.0) as i32,
                        frame.px(top + layout.cell_height - 1.0) as i32,
                    ),
                ];
                area.draw(&Rectangle::new(rect, fill_style(fill)))
                    .map_err(draw_error)?;
                if digit_size >= 7.0 {
                    let text_colour = if set { [255, 255, 255] } else { theme.text };
                    area.draw(&Text::new(
                        if set { "1" } else { "0" },
                        (
                            frame.px(left + layout.cell_width / 2.0 - 0.5) as i32,
                            frame.px(top + layout.cell_height / 2.0 - 0.5) as i32,
                        ),
                        text_style(frame, digit_size, text_colour)
                            .pos(Pos::new(HPos::Center, VPos::Center)),
                    ))
                    .map_err(draw_error)?;
                }
            }
        }
        if let Some(cursor) = self.cursor()
            && !frame.for_export
        {
            let (left, top) = layout.cell(cursor.row, cursor.bit);
            let rect = [
                (frame.px(left - 1.5) as i32, frame.px(top - 1.5) as i32),
                (
                    frame.px(left + layout.cell_width + 0.5) as i32,
                    frame.px(top + layout.cell_height + 0.5) as i32,
                ),
            ];
            area.draw(&Rectangle::new(rect, line_style(theme.text, frame, 2.0)))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_ranges<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let (x_low, x_high) = MAGNITUDE_RANGE;
        let (y_low, y_high) = GAP_RANGE;
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d((x_low..x_high).log_scale(), (y_low..y_high).log_scale())
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("magnitude |x|")
            .y_desc("relative gap ulp/|x|")
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&|x| power_of_ten_label(*x))
            .y_label_formatter(&|y| power_of_ten_label(*y))
            .draw()
            .map_err(draw_error)?;
        // Typical magnitudes in a network: one row of grey bars above the precision bands,
        // named in a key at the top left (names beside bars collide on a narrow chart).
        let bar_y = 1000.0;
        let mut key_y = frame.px(14.0);
        for (index, (name, low, high)) in ML_MAGNITUDES.into_iter().enumerate() {
            let shade = mix(theme.text, theme.background, 0.25 + 0.25 * index as f64);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(low, bar_y / 4.0), (high, bar_y * 4.0)],
                    fill_style(shade),
                )))
                .map_err(draw_error)?;
            let (left, _) = chart.backend_coord(&(x_low, 1.0));
            let swatch = left as f64 + frame.px(6.0);
            area.draw(&Rectangle::new(
                [
                    (swatch as i32, (key_y - frame.px(4.0)) as i32),
                    (
                        (swatch + frame.px(14.0)) as i32,
                        (key_y + frame.px(4.0)) as i32,
                    ),
                ],
                fill_style(shade),
            ))
            .map_err(draw_error)?;
            area.draw(&Text::new(
                format!(
                    "{name} {}–{}",
                    power_of_ten_label(low),
                    power_of_ten_label(high)
                ),
                ((swatch + frame.px(18.0)) as i32, key_y as i32),
                text_style(frame, 11.0, theme.text).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
            key_y += frame.px(14.0);
        }
        for (index, format) in FORMATS.into_iter().enumerate() {
            let colour = FORMAT_COLOURS[index];
            let epsilon = format.epsilon();
            let normal = format.smallest_normal().max(x_low);
            let top = format.max_finite().min(x_high);
            // Normal numbers: the relative gap saws between ε/2 and ε.
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(normal, epsilon / 2.0), (top, epsilon)],
                    rgb(colour).mix(0.35).filled(),
                )))
                .map_err(draw_error)?;
            chart
                .draw_series(LineSeries::new(
                    [(normal, epsilon), (top, epsilon)],
                    line_style(colour, frame, 2.0),
                ))
                .map_err(draw_error)?;
            // Subnormals: a fixed gap, so the relative gap grows to 1 at the smallest one.
            let subnormal = format.smallest_subnormal();
            if subnormal >= x_low {
                chart
                    .draw_series(LineSeries::new(
                        [(subnormal, 1.0), (format.smallest_normal(), epsilon)],
                        line_style(colour, frame, 2.0),
                    ))
                    .map_err(draw_error)?;
            }
            chart
                .draw_series(std::iter::once(Text::new(
                    format
                        .name
                        .split(' ')
                        .next()
                        .unwrap_or(format.name)
                        .to_owned(),
                    (normal * 2.0, epsilon * 2.2),
                    text_style(frame, 11.0, theme.label_colour(colour))
                        .pos(Pos::new(HPos::Left, VPos::Bottom)),
                )))
                .map_err(draw_error)?;
        }
        // x itself: where its magnitude falls, and each format's relative gap there.
        let magnitude = self.x().abs();
        if magnitude.is_finite() && magnitude > 0.0 && (x_low..x_high).contains(&magnitude) {
            chart
                .draw_series(DashedLineSeries::new(
                    [(magnitude, y_low), (magnitude, y_high)],
                    frame.px(5.0) as i32,
                    frame.px(4.0) as i32,
                    line_style(theme.text, frame, 1.2),
                ))
                .map_err(draw_error)?;
            for (index, format) in FORMATS.into_iter().enumerate() {
                let stored = format.round(magnitude);
                if stored.is_finite() && stored > 0.0 {
                    let gap = format.ulp(stored) / stored;
                    chart
                        .draw_series(std::iter::once(Circle::new(
                            (magnitude, gap.clamp(y_low, y_high)),
                            frame.px(4.0) as i32,
                            fill_style(FORMAT_COLOURS[index]),
                        )))
                        .map_err(draw_error)?;
                }
            }
        }
        Ok(())
    }

    fn draw_number_line<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let format = self.line_format();
        let stored = self.stored(format);
        let x = self.x();
        if !x.is_finite() || !stored.value.is_finite() {
            let what = if x.is_nan() {
                "x is NaN: it has no place on the number line".to_owned()
            } else if x.is_infinite() {
                "x is infinite: it has no place on the number line".to_owned()
            } else {
                format!(
                    "{} in {}: {}",
                    short_value(x),
                    format.name,
                    self.rounding(&stored).label()
                )
            };
            return draw_message(area, frame, &what);
        }
        // Two numbers of the format either side of the stored one.
        let mut ticks = vec![stored.bits];
        for _ in 0..2 {
            if let Some(down) = ticks.first().and_then(|&b| format.next_down(b)) {
                ticks.insert(0, down);
            }
            if let Some(up) = ticks.last().and_then(|&b| format.next_up(b)) {
                ticks.push(up);
            }
        }
        let values: Vec<f64> = ticks.iter().map(|&b| format.decode(b)).collect();
        let (low, high) = (values[0], values[values.len() - 1]);
        let span = high - low;
        let (left, right) = (low - span * 0.08, high + span * 0.08);
        let width = frame.geometry.pixel_width() as f64;
        let height = frame.geometry.pixel_height() as f64;
        let margin = frame.px(16.0);
        let to_px = |v: f64| margin + (v - left) / (right - left) * (width - 2.0 * margin);
        let axis_y = height * 0.45;
        area.draw(&PathElement::new(
            [
                (margin as i32, axis_y as i32),
                ((width - margin) as i32, axis_y as i32),
            ],
            line_style(theme.axis, frame, 1.5),
        ))
        .map_err(draw_error)?;
        // Midpoints: where rounding switches from one neighbour to the next.
        for pair in values.windows(2) {
            let mid = pair[0] / 2.0 + pair[1] / 2.0;
            let px = to_px(mid) as i32;
            area.draw(&PathElement::new(
                [
                    (px, (axis_y - frame.px(7.0)) as i32),
                    (px, (axis_y + frame.px(7.0)) as i32),
                ],
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        }
        let stored_index = ticks.iter().position(|&b| b == stored.bits).unwrap_or(0);
        let mut labels = Vec::new();
        for (index, (&bits, &value)) in ticks.iter().zip(&values).enumerate() {
            let px = to_px(value) as i32;
            let is_stored = index == stored_index;
            let colour = if is_stored {
                EXPONENT_COLOUR
            } else {
                theme.text
            };
            area.draw(&PathElement::new(
                [
                    (px, (axis_y - frame.px(14.0)) as i32),
                    (px, (axis_y + frame.px(14.0)) as i32),
                ],
                line_style(
                    theme.label_colour(colour),
                    frame,
                    if is_stored { 3.0 } else { 1.5 },
                ),
            ))
            .map_err(draw_error)?;
            labels.push((
                index,
                px,
                colour,
                format!("{} (…{})", short_value(value), bits & 1),
            ));
        }
        // Labels under the ticks: the stored number's first, then its neighbours where they
        // fit without touching a label already placed (long decimals leave room for few).
        labels.sort_by_key(|(index, ..)| index.abs_diff(stored_index));
        let mut placed: Vec<(f64, f64)> = Vec::new();
        let char_width = frame.font(11.0) * 0.56;
        for (_, px, colour, text) in labels {
            let half = text.chars().count() as f64 * char_width / 2.0;
            let centre = (px as f64).clamp(margin + half, width - margin - half);
            let span = (centre - half - frame.px(6.0), centre + half + frame.px(6.0));
            if placed.iter().any(|&(a, b)| span.0 < b && a < span.1) {
                continue;
            }
            placed.push(span);
            area.draw(&Text::new(
                text,
                (centre as i32, (axis_y + frame.px(18.0)) as i32),
                text_style(frame, 11.0, theme.label_colour(colour))
                    .pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(draw_error)?;
        }
        // x, and the arrow to where it is stored.
        let x_px = to_px(x) as i32;
        let marker_y = (axis_y - frame.px(26.0)) as i32;
        area.draw(&Polygon::new(
            vec![
                (x_px, (axis_y - frame.px(16.0)) as i32),
                (x_px - frame.px(6.0) as i32, marker_y),
                (x_px + frame.px(6.0) as i32, marker_y),
            ],
            fill_style(SIGN_COLOUR),
        ))
        .map_err(draw_error)?;
        let rounding = self.rounding(&stored);
        let note = match rounding {
            Rounding::Exact => format!("x = {} is a {} number", short_value(x), format.name),
            Rounding::TieDown | Rounding::TieUp => format!(
                "x = {} is a tie: it goes to the neighbour whose last bit is 0",
                short_value(x)
            ),
            _ => format!(
                "x = {} is {}, error {}",
                short_value(x),
                rounding.label(),
                self.error(&stored)
                    .map_or("none".to_owned(), |e| crate::demos::format_plot_number(
                        e, 4
                    ))
            ),
        };
        area.draw(&Text::new(
            note,
            (margin as i32, frame.px(4.0) as i32),
            text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(draw_error)?;
        if stored.class == Class::Subnormal {
            area.draw(&Text::new(
                "subnormal: evenly spaced, fewer significant bits".to_owned(),
                (margin as i32, (height - frame.px(4.0)) as i32),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Left, VPos::Bottom)),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }
}

impl DrawDemo for FloatingPoint {
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
            0 => self.draw_bits(area, frame),
            1 => self.draw_ranges(area, frame),
            _ => self.draw_number_line(area, frame),
        }
    }
}
