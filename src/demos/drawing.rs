//! Drawing helpers shared by demos: a themed cartesian chart, colours as plotters styles.
//!
//! Kept here rather than in `render` because they encode the demos' common look (margins,
//! fonts relative to the frame), not a reusable picture.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{DrawResult, Frame, draw_error};
use crate::math::surfaces::Domain;
use crate::render::theme::rgb;
use crate::render::viewport::Viewport;

/// A key of `value` for a cached layer ([`super::Demo::background_key`] and the like): equal
/// values give equal keys within a page; never written anywhere (it is not stable across
/// Rust versions; links use [`super::link_codec::fnv1a64`]).
pub fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The demos' axes look, applied to a mesh in one call: tick labels in the text colour, axis
/// titles muted, the theme's axis and grid lines, no minor grid (it clutters a phone-sized
/// plot). Each chart still sets its own descriptions, label counts and tick formatters.
pub trait ThemedMesh {
    fn themed(&mut self, frame: &Frame) -> &mut Self;
}

impl<X, Y, DB> ThemedMesh for MeshStyle<'_, '_, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    fn themed(&mut self, frame: &Frame) -> &mut Self {
        let theme = frame.theme;
        self.label_style(text_style(frame, 11.0, theme.text))
            .axis_desc_style(text_style(frame, 12.0, theme.muted_text))
            .axis_style(line_style(theme.axis, frame, 1.0))
            .bold_line_style(line_style(theme.grid, frame, 1.0))
            .light_line_style(TRANSPARENT)
    }
}

/// The chart type every 2-D demo plot uses.
pub type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A plain style from a colour triple and a width in CSS pixels.
pub fn line_style(colour: [u8; 3], frame: &Frame, css_width: f64) -> ShapeStyle {
    ShapeStyle {
        color: rgb(colour).to_rgba(),
        filled: false,
        stroke_width: frame.px(css_width).round().max(1.0) as u32,
    }
}

pub fn fill_style(colour: [u8; 3]) -> ShapeStyle {
    ShapeStyle {
        color: rgb(colour).to_rgba(),
        filled: true,
        stroke_width: 1,
    }
}

/// A text style in the theme's text colour, `css_size` CSS pixels high.
pub fn text_style(frame: &Frame, css_size: f64, colour: [u8; 3]) -> TextStyle<'static> {
    ("sans-serif", frame.font(css_size))
        .into_font()
        .color(&rgb(colour))
}

/// A number written on a plot with the room of a readout: [`super::format_plot_number`] at six
/// significant digits (fixed notation down to 10⁻⁵, "−" for minus), except that values
/// closer to zero than a millionth read "≈ 0": on a picture such a value is rounding
/// noise around an exact zero (a residual, a fitted intercept), not a quantity to read.
pub fn format_plot_number(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-6 {
        return "≈ 0".to_owned();
    }
    super::format_plot_number(x, 6)
}

/// A log axis's tick label with one significant digit (ticks sit on powers of ten):
/// 1e-16, 0.001, 1, 100.
pub fn log_tick_label(value: f64) -> String {
    super::format_plot_number(value, 1)
}

/// A tick label for `value` on an axis whose ticks are `step` apart: as many decimals as the
/// step needs (so rounding noise such as 1.2e-17 reads "0", and 0.00005 is not "5e-5"),
/// trailing zeros dropped, "−" for minus. A tick smaller than the step (a log axis: 0.001
/// among ticks up to 100) gets the decimals its own magnitude needs; magnitudes of a million
/// or more use [`format_plot_number`], steps below a millionth scientific notation.
pub fn format_tick(value: f64, step: f64) -> String {
    if !(value.is_finite() && step.is_finite() && step > 0.0) {
        return format_plot_number(value);
    }
    if value.abs() < step * 1e-6 {
        return "0".to_owned();
    }
    if value.abs() >= 1e6 {
        return format_plot_number(value);
    }
    let step = step.min(value.abs());
    if step < 1e-6 {
        return typographic_minus(super::format_number(value));
    }
    // A step of 0.05 needs 2 decimals, 2 needs none; the small factor absorbs the rounding
    // of steps like 0.1 (log10 = −0.99999…).
    let decimals = (-(step * (1.0 + 1e-9)).log10().floor()).max(0.0) as usize;
    typographic_minus(trim_decimal_zeros(format!("{value:.decimals$}")))
}

/// A round step (1, 2 or 5 × 10ᵏ) no coarser than the one plotters picks for `labels` labels
/// over `low..high`, for [`format_tick`]. Plotters' key-point search may settle on a step a
/// little under span/(labels − 1) (it snaps the ends inward), so this aims at half of
/// span/labels: a finer step only adds decimals, which `format_tick` trims when they are
/// zeros, while a coarser one would round 0.5 to "0".
pub fn tick_step(low: f64, high: f64, labels: usize) -> f64 {
    let span = (high - low).abs();
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / (2 * labels.max(1)) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(raw)
}

fn trim_decimal_zeros(text: String) -> String {
    if text.contains('.') {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.');
        if trimmed == "-0" {
            "0".to_owned()
        } else {
            trimmed.to_owned()
        }
    } else {
        text
    }
}

fn typographic_minus(text: String) -> String {
    match text.strip_prefix('-') {
        Some("0") => "0".to_owned(),
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}

/// The box (device pixels: left, top, width, height) a one-line label of `text` at
/// `css_size` takes, estimated at 0.6 font sizes per character (generous for the browsers'
/// sans-serif: measuring text on a canvas would cost a round trip per label).
pub fn label_size(frame: &Frame, text: &str, css_size: f64) -> (f64, f64) {
    let font = frame.font(css_size);
    (text.chars().count() as f64 * font * 0.6, font * 1.15)
}

/// Where the top-left corner of a label goes so that it sits just past the end of an arrow
/// (or beside a point) and never on it: `clearance_css` pixels beyond `tip` along
/// `direction` (device pixels, y down: the way the arrow points), the text extending away
/// from the arrow (to the right of a rightward arrow, above an upward one, centred across
/// a steep one), and moved inside `bounds` (left, top, width, height) if it would leave them.
pub fn label_beyond_tip(
    frame: &Frame,
    tip: (f64, f64),
    direction: (f64, f64),
    clearance_css: f64,
    size: (f64, f64),
    bounds: (f64, f64, f64, f64),
) -> (f64, f64) {
    let length = direction.0.hypot(direction.1);
    let (dx, dy) = if length > 1e-9 && length.is_finite() {
        (direction.0 / length, direction.1 / length)
    } else {
        (
            std::f64::consts::FRAC_1_SQRT_2,
            -std::f64::consts::FRAC_1_SQRT_2,
        )
    };
    let clearance = frame.px(clearance_css);
    let (ax, ay) = (tip.0 + dx * clearance, tip.1 + dy * clearance);
    let (width, height) = size;
    // 0.38 ≈ sin 22°: within 22° of vertical the text is centred across the arrow, within
    // 22° of horizontal centred along it.
    let left = if dx > 0.38 {
        ax
    } else if dx < -0.38 {
        ax - width
    } else {
        ax - width / 2.0
    };
    let top = if dy > 0.38 {
        ay
    } else if dy < -0.38 {
        ay - height
    } else {
        ay - height / 2.0
    };
    let (bounds_left, bounds_top, bounds_width, bounds_height) = bounds;
    (
        left.min(bounds_left + bounds_width - width)
            .max(bounds_left),
        top.min(bounds_top + bounds_height - height).max(bounds_top),
    )
}

/// A chart's plotting area as (left, top, width, height) in device pixels: the bounds that
/// [`label_beyond_tip`] and [`place_point_labels`] keep labels inside.
pub fn plotting_bounds<DB: DrawingBackend, X: Ranged, Y: Ranged>(
    chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
) -> (f64, f64, f64, f64) {
    let (x_pixels, y_pixels) = chart.plotting_area().get_pixel_range();
    (
        f64::from(x_pixels.start),
        f64::from(y_pixels.start),
        f64::from(x_pixels.end - x_pixels.start),
        f64::from(y_pixels.end - y_pixels.start),
    )
}

/// Top-left corners (device pixels) for one label per point so that labels cover neither
/// another point's marker nor an earlier label wherever a free place exists. Each label
/// tries eight places around its point, upper right first (where a reader looks for it),
/// then the other diagonals, the sides, above and below, and takes the first with the least
/// covered area; every place is moved inside `bounds` (left, top, width, height). Markers
/// count as squares of half-side `marker_radius`; `gap` is the space between a marker and
/// its label. Greedy in point order: enough for the handful of labelled points a plot has.
pub fn place_point_labels(
    points: &[(f64, f64)],
    sizes: &[(f64, f64)],
    marker_radius: f64,
    gap: f64,
    bounds: (f64, f64, f64, f64),
) -> Vec<(f64, f64)> {
    type Rect = (f64, f64, f64, f64);
    let overlap = |a: Rect, b: Rect| -> f64 {
        let width = (a.0 + a.2).min(b.0 + b.2) - a.0.max(b.0);
        let height = (a.1 + a.3).min(b.1 + b.3) - a.1.max(b.1);
        width.max(0.0) * height.max(0.0)
    };
    let markers: Vec<Rect> = points
        .iter()
        .map(|&(x, y)| {
            (
                x - marker_radius,
                y - marker_radius,
                2.0 * marker_radius,
                2.0 * marker_radius,
            )
        })
        .collect();
    let (bounds_left, bounds_top, bounds_width, bounds_height) = bounds;
    let mut placed: Vec<Rect> = Vec::with_capacity(points.len());
    for (&(x, y), &(width, height)) in points.iter().zip(sizes) {
        let clearance = marker_radius + gap;
        let diagonal = clearance * std::f64::consts::FRAC_1_SQRT_2;
        let candidates = [
            (x + diagonal, y - diagonal - height),
            (x - diagonal - width, y - diagonal - height),
            (x + diagonal, y + diagonal),
            (x - diagonal - width, y + diagonal),
            (x + clearance, y - height / 2.0),
            (x - clearance - width, y - height / 2.0),
            (x - width / 2.0, y - clearance - height),
            (x - width / 2.0, y + clearance),
        ];
        let mut best: Option<(f64, Rect)> = None;
        for (left, top) in candidates {
            let left = left
                .min(bounds_left + bounds_width - width)
                .max(bounds_left);
            let top = top.min(bounds_top + bounds_height - height).max(bounds_top);
            let rect = (left, top, width, height);
            let covered: f64 = markers
                .iter()
                .chain(&placed)
                .map(|&other| overlap(rect, other))
                .sum();
            if best.is_none_or(|(least, _)| covered < least) {
                best = Some((covered, rect));
            }
        }
        if let Some((_, rect)) = best {
            placed.push(rect);
        }
    }
    placed
        .iter()
        .map(|&(left, top, _, _)| (left, top))
        .collect()
}

/// Draws `text` with its top-left corner at `at` (device pixels) over a veil of the page
/// background, so that it stays readable over points and lines drawn before it.
pub fn draw_veiled_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    text: &str,
    at: (f64, f64),
    css_size: f64,
    colour: [u8; 3],
) -> DrawResult {
    let (width, height) = label_size(frame, text, css_size);
    let pad = frame.px(2.0);
    area.draw(&Rectangle::new(
        [
            ((at.0 - pad) as i32, (at.1 - pad) as i32),
            ((at.0 + width + pad) as i32, (at.1 + height + pad) as i32),
        ],
        rgb(frame.theme.background).mix(0.8).filled(),
    ))
    .map_err(draw_error)?;
    area.draw(&Text::new(
        text.to_owned(),
        (at.0 as i32, at.1 as i32),
        text_style(frame, css_size, frame.theme.label_colour(colour))
            .pos(Pos::new(HPos::Left, VPos::Top)),
    ))
    .map_err(draw_error)
}

/// Clips the segment p–q to a rectangle (Liang–Barsky); None when it misses.
pub fn clip_segment(
    p: (f64, f64),
    q: (f64, f64),
    (x_min, x_max): (f64, f64),
    (y_min, y_max): (f64, f64),
) -> Option<[(f64, f64); 2]> {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (denominator, numerator) in [
        (-dx, p.0 - x_min),
        (dx, x_max - p.0),
        (-dy, p.1 - y_min),
        (dy, y_max - p.1),
    ] {
        if denominator == 0.0 {
            if numerator < 0.0 {
                return None;
            }
        } else {
            let t = numerator / denominator;
            if denominator < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some([
        (p.0 + t0 * dx, p.1 + t0 * dy),
        (p.0 + t1 * dx, p.1 + t1 * dy),
    ])
}

/// Builds a cartesian chart with themed axes, light grid and labels.
pub fn themed_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    frame: &Frame,
    x_range: Range<f64>,
    y_range: Range<f64>,
    x_label: &str,
    y_label: &str,
) -> Result<Chart2d<'a, DB>, String> {
    // The same chart as `themed_chart_in` over plain ranges, with the ordinary top margin.
    themed_chart_in(area, frame, x_range, y_range, (x_label, y_label), 10.0)
}

/// Pads a range by a fraction of its width on both sides, and gives degenerate ranges a width.
pub fn padded(low: f64, high: f64, fraction: f64) -> Range<f64> {
    let (low, high) = if (high - low).abs() < 1e-12 {
        (low - 1.0, high + 1.0)
    } else {
        (low, high)
    };
    let pad = (high - low) * fraction;
    (low - pad)..(high + pad)
}

/// The coordinates of [`equal_aspect_chart`] without its mesh: foreground layers draw in the
/// same pixel rectangle as the background's chart without drawing the axes again.
pub fn equal_aspect_coordinates<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    frame: &Frame,
    viewport: &Viewport,
    top_margin: f64,
) -> Result<Chart2d<'a, DB>, String> {
    ChartBuilder::on(area)
        .margin(frame.px(10.0) as i32)
        .margin_top(frame.px(top_margin) as i32)
        .margin_right(frame.px(22.0) as i32)
        .x_label_area_size(frame.px(34.0) as i32)
        .y_label_area_size(frame.px(52.0) as i32)
        .build_cartesian_2d(
            viewport.x_range.0..viewport.x_range.1,
            viewport.y_range.0..viewport.y_range.1,
        )
        .map_err(draw_error)
}

/// A chart over `viewport`'s model ranges with the demos' common look (as `themed_chart`),
/// whose plotting area is exactly the viewport's pixel rectangle.
pub fn equal_aspect_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    frame: &Frame,
    viewport: &Viewport,
    top_margin: f64,
    x_label: &str,
    y_label: &str,
) -> Result<Chart2d<'a, DB>, String> {
    let mut chart = equal_aspect_coordinates(area, frame, viewport, top_margin)?;
    let x_step = tick_step(viewport.x_range.0, viewport.x_range.1, 7);
    let y_step = tick_step(viewport.y_range.0, viewport.y_range.1, 7);
    chart
        .configure_mesh()
        .themed(frame)
        .x_desc(x_label)
        .y_desc(y_label)
        .x_labels(7)
        .y_labels(7)
        .x_label_formatter(&|x| format_tick(*x, x_step))
        .y_label_formatter(&|y| format_tick(*y, y_step))
        .draw()
        .map_err(draw_error)?;
    Ok(chart)
}

/// Draws in model coordinates on an equal-aspect chart at sizes given in CSS pixels: arrow
/// heads, dashes and marks keep their on-screen size whatever the zoom.
pub struct Pen<'f> {
    pub frame: &'f Frame,
    /// Model units per device pixel (the same along both axes).
    pub units_per_pixel: f64,
}

impl<'f> Pen<'f> {
    pub fn new(frame: &'f Frame, viewport: &Viewport) -> Self {
        Self {
            frame,
            units_per_pixel: (viewport.x_range.1 - viewport.x_range.0) / viewport.width.max(1.0),
        }
    }

    /// A length of `css_pixels` on screen, in model units.
    pub fn units(&self, css_pixels: f64) -> f64 {
        self.frame.px(css_pixels) * self.units_per_pixel
    }

    /// The shaft (`width_css` wide) and filled head of an arrow from `from` to `to`. Returns
    /// the arrow's unit direction, or None (drawing nothing) when it has no length.
    pub fn arrow_shape<DB: DrawingBackend>(
        &self,
        chart: &mut Chart2d<'_, DB>,
        from: [f64; 2],
        to: [f64; 2],
        colour: [u8; 3],
        width_css: f64,
    ) -> Result<Option<[f64; 2]>, String> {
        let direction = [to[0] - from[0], to[1] - from[1]];
        let length = direction[0].hypot(direction[1]);
        if length.is_nan() || length <= 0.0 {
            return Ok(None);
        }
        let head = self.units(11.0).min(length * 0.5);
        let unit = [direction[0] / length, direction[1] / length];
        let normal = [-unit[1], unit[0]];
        let base = [to[0] - head * unit[0], to[1] - head * unit[1]];
        chart
            .draw_series(LineSeries::new(
                [(from[0], from[1]), (base[0], base[1])],
                line_style(colour, self.frame, width_css),
            ))
            .map_err(draw_error)?;
        let wing = head * 0.45;
        let left = (base[0] + wing * normal[0], base[1] + wing * normal[1]);
        let right = (base[0] - wing * normal[0], base[1] - wing * normal[1]);
        chart
            .draw_series(std::iter::once(Polygon::new(
                vec![(to[0], to[1]), left, right],
                fill_style(colour),
            )))
            .map_err(draw_error)?;
        Ok(Some(unit))
    }

    /// A dashed line from `from` to `to`.
    pub fn dashed<DB: DrawingBackend>(
        &self,
        chart: &mut Chart2d<'_, DB>,
        from: [f64; 2],
        to: [f64; 2],
        colour: [u8; 3],
    ) -> DrawResult {
        chart
            .draw_series(DashedLineSeries::new(
                [(from[0], from[1]), (to[0], to[1])],
                self.frame.px(6.0) as i32,
                self.frame.px(4.0) as i32,
                line_style(colour, self.frame, 1.5),
            ))
            .map_err(draw_error)?;
        Ok(())
    }
}

/// The window onto an error surface's domain, widened in one direction so x and y have the
/// same scale (contours keep their shape, a right angle on the map is a right angle in the
/// plane), filling the whole canvas (heatmaps go edge to edge). `width` and `height` in CSS
/// pixels. The optimizer lab and the gradients demo draw their maps in it.
pub fn equal_scale_viewport(domain: &Domain, width: f64, height: f64) -> Viewport {
    let Domain {
        x_min,
        x_max,
        y_min,
        y_max,
    } = *domain;
    let (mut x_range, mut y_range) = ((x_min, x_max), (y_min, y_max));
    let per_pixel_x = (x_max - x_min) / width.max(1.0);
    let per_pixel_y = (y_max - y_min) / height.max(1.0);
    if per_pixel_x > per_pixel_y {
        let half = per_pixel_x * height / 2.0;
        let centre = (y_min + y_max) / 2.0;
        y_range = (centre - half, centre + half);
    } else {
        let half = per_pixel_y * width / 2.0;
        let centre = (x_min + x_max) / 2.0;
        x_range = (centre - half, centre + half);
    }
    Viewport {
        x_range,
        y_range,
        left: 0.0,
        top: 0.0,
        width,
        height,
    }
}

/// The equal-aspect viewport centred on `centre` that shows at least `half[0]` to either
/// side along x and `half[1]` along y, inside [`equal_aspect_chart`]'s margins (PCA, covariance).
pub fn fitted_equal_aspect_viewport(
    frame: &Frame,
    centre: [f64; 2],
    half: [f64; 2],
    top_margin: f64,
) -> Viewport {
    let probe = centred_equal_aspect_viewport(frame, centre, 1.0, top_margin);
    let (width, height) = (probe.width, probe.height);
    let extent = if width >= height {
        half[1].max(half[0] * height / width)
    } else {
        half[0].max(half[1] * width / height)
    };
    centred_equal_aspect_viewport(frame, centre, extent, top_margin)
}

/// A viewport centred on `centre` with equal units on both axes, showing at least `±extent`
/// along the shorter side, inside [`equal_aspect_chart`]'s margins.
pub fn centred_equal_aspect_viewport(
    frame: &Frame,
    centre: [f64; 2],
    extent: f64,
    top_margin: f64,
) -> Viewport {
    let (left, top) = (frame.px(10.0 + 52.0), frame.px(top_margin));
    let width = (frame.geometry.pixel_width() as f64 - left - frame.px(22.0)).max(1.0);
    let height = (frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0)).max(1.0);
    let (half_x, half_y) = if width >= height {
        (extent * width / height, extent)
    } else {
        (extent, extent * height / width)
    };
    Viewport {
        x_range: (centre[0] - half_x, centre[0] + half_x),
        y_range: (centre[1] - half_y, centre[1] + half_y),
        left,
        top,
        width,
        height,
    }
}

/// The chart [`themed_chart_in`] builds.
pub type AnyChart2d<'a, DB, X, Y> = ChartContext<
    'a,
    DB,
    Cartesian2d<<X as AsRangedCoord>::CoordDescType, <Y as AsRangedCoord>::CoordDescType>,
>;

/// Like [`themed_chart`], over any f64 coordinates (e.g. `(1.0..n).log_scale()` for a log
/// axis), with `top_margin` CSS pixels above the plot for a legend line.
pub fn themed_chart_in<'a, DB, X, Y>(
    area: &'a DrawingArea<DB, Shift>,
    frame: &Frame,
    x_coordinates: X,
    y_coordinates: Y,
    labels: (&str, &str),
    top_margin: f64,
) -> Result<AnyChart2d<'a, DB, X, Y>, String>
where
    DB: DrawingBackend,
    X: AsRangedCoord<Value = f64>,
    Y: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let mut chart = ChartBuilder::on(area)
        .margin(frame.px(10.0) as i32)
        .margin_top(frame.px(top_margin) as i32)
        .margin_right(frame.px(22.0) as i32)
        .x_label_area_size(frame.px(34.0) as i32)
        .y_label_area_size(frame.px(52.0) as i32)
        .build_cartesian_2d(x_coordinates, y_coordinates)
        .map_err(draw_error)?;
    let (x_span, y_span) = (chart.x_range(), chart.y_range());
    let x_step = tick_step(x_span.start, x_span.end, 6);
    let y_step = tick_step(y_span.start, y_span.end, 6);
    chart
        .configure_mesh()
        .themed(frame)
        .x_desc(labels.0)
        .y_desc(labels.1)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|x| format_tick(*x, x_step))
        .y_label_formatter(&|y| format_tick(*y, y_step))
        .draw()
        .map_err(draw_error)?;
    Ok(chart)
}

/// Where each entry of a one-line-per-row legend goes (device pixels, top-left of its
/// swatch), wrapping at `width` so it stays readable on a phone; and how many rows it takes.
pub fn legend_layout(width: f64, frame: &Frame, labels: &[&str]) -> (Vec<(f64, f64)>, usize) {
    let font = frame.font(12.0);
    let start = frame.px(62.0);
    let (mut x, mut row) = (start, 0usize);
    let mut positions = Vec::with_capacity(labels.len());
    for label in labels {
        // A rough text width: sans-serif averages a bit over half the font size per glyph.
        let entry_width = frame.px(14.0) + label.chars().count() as f64 * font * 0.56;
        if x + entry_width > width - frame.px(8.0) && x > start {
            row += 1;
            x = start;
        }
        positions.push((x, frame.px(6.0) + row as f64 * font * 1.4));
        x += entry_width + frame.px(14.0);
    }
    (positions, row + 1)
}

/// The CSS height a legend of `labels` takes above a chart of `frame`'s width.
pub fn legend_height(frame: &Frame, labels: &[&str]) -> f64 {
    let (_, rows) = legend_layout(frame.geometry.pixel_width() as f64, frame, labels);
    6.0 + rows as f64 * 12.0 * 1.4 + 4.0
}

/// Draws the legend laid out by [`legend_layout`]: a colour swatch and a label per entry.
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    entries: &[(&str, [u8; 3])],
) -> DrawResult {
    let labels: Vec<&str> = entries.iter().map(|(label, _)| *label).collect();
    let (positions, _) = legend_layout(area.dim_in_pixel().0 as f64, frame, &labels);
    let font = frame.font(12.0);
    let swatch = frame.px(10.0);
    for ((label, colour), (x, y)) in entries.iter().zip(positions) {
        let top = y + (font - swatch) * 0.5;
        area.draw(&Rectangle::new(
            [
                (x as i32, top as i32),
                ((x + swatch) as i32, (top + swatch) as i32),
            ],
            fill_style(*colour),
        ))
        .map_err(draw_error)?;
        area.draw(&Text::new(
            (*label).to_owned(),
            ((x + frame.px(14.0)) as i32, y as i32),
            text_style(frame, 12.0, frame.theme.text),
        ))
        .map_err(draw_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plot_numbers_read_like_readouts_without_exponents() {
        assert_eq!(format_plot_number(5.68e-5), "0.0000568");
        assert_eq!(format_plot_number(-5.68e-5), "−0.0000568");
        assert_eq!(format_plot_number(1e-12), "≈ 0");
        assert_eq!(format_plot_number(-3e-9), "≈ 0");
        assert_eq!(format_plot_number(0.0), "0");
        assert_eq!(format_plot_number(-0.5), "−0.5");
        // Six significant digits, as the readouts.
        assert_eq!(format_plot_number(12345.678), "12345.7");
        assert_eq!(format_plot_number(2.0 / 3.0), "0.666667");
        assert_eq!(format_plot_number(1.0e-4), "0.0001");
        assert_eq!(format_plot_number(2.5e7), "2.5e7");
    }

    #[test]
    fn tick_labels_take_the_decimals_of_their_step() {
        assert_eq!(format_tick(0.5, 0.5), "0.5");
        assert_eq!(format_tick(1.0, 0.5), "1");
        assert_eq!(format_tick(-1.5, 0.5), "−1.5");
        // Rounding noise at a zero crossing is zero, not "1.2e-17" or "−0".
        assert_eq!(format_tick(1.2e-17, 0.2), "0");
        assert_eq!(format_tick(-1.2e-17, 0.2), "0");
        assert_eq!(format_tick(0.30000000000000004, 0.1), "0.3");
        assert_eq!(format_tick(0.00005, 0.00001), "0.00005");
        assert_eq!(format_tick(12345.678, 1000.0), "12346");
        // A log axis's small ticks keep their own digits.
        assert_eq!(format_tick(0.001, 20.0), "0.001");
        assert_eq!(format_tick(3e-7, 1e-7), "3e-7");
        assert_eq!(format_tick(2_000_000.0, 500_000.0), "2e6");
    }

    #[test]
    fn labels_go_past_the_tip_away_from_the_arrow() {
        let frame = Frame::light(400.0, 300.0, 1.0);
        let bounds = (0.0, 0.0, 400.0, 300.0);
        let size = (30.0, 14.0);
        // An arrow pointing right ending at (100, 100): the label starts 8 px to the right,
        // centred vertically.
        assert_eq!(
            label_beyond_tip(&frame, (100.0, 100.0), (1.0, 0.0), 8.0, size, bounds),
            (108.0, 93.0)
        );
        // Pointing up-left: the label ends left of and above the point 8 px beyond the tip.
        let (x, y) = label_beyond_tip(&frame, (100.0, 100.0), (-1.0, -1.0), 8.0, size, bounds);
        let beyond = 100.0 - 8.0 * std::f64::consts::FRAC_1_SQRT_2;
        assert!((x + 30.0 - beyond).abs() < 1e-9 && (y + 14.0 - beyond).abs() < 1e-9);
        // Straight down: centred under the tip.
        assert_eq!(
            label_beyond_tip(&frame, (100.0, 100.0), (0.0, 5.0), 8.0, size, bounds),
            (85.0, 108.0)
        );
        // Near the right edge the label is pulled back inside.
        assert_eq!(
            label_beyond_tip(&frame, (395.0, 100.0), (1.0, 0.0), 8.0, size, bounds).0,
            370.0
        );
    }

    #[test]
    fn point_labels_avoid_other_markers_and_each_other() {
        let bounds = (0.0, 0.0, 400.0, 300.0);
        let size = (20.0, 10.0);
        let (radius, gap) = (5.0, 3.0);
        let diagonal = 8.0 * std::f64::consts::FRAC_1_SQRT_2;
        // A lone point: upper right, 8 px diagonally off the point.
        let alone = place_point_labels(&[(100.0, 100.0)], &[size], radius, gap, bounds);
        assert_eq!(alone, vec![(100.0 + diagonal, 100.0 - diagonal - 10.0)]);
        // A second point 15 px up and right of the first sits where the first's label would
        // go: the first label moves to the next free place (upper left) and the second,
        // labelled later, avoids both markers and the first label (upper right again).
        let points = [(100.0, 100.0), (115.0, 88.0)];
        let placed = place_point_labels(&points, &[size, size], radius, gap, bounds);
        assert_eq!(
            placed[0],
            (100.0 - diagonal - 20.0, 100.0 - diagonal - 10.0)
        );
        assert_eq!(placed[1], (115.0 + diagonal, 88.0 - diagonal - 10.0));
        let rect = |(x, y): (f64, f64)| (x, y, 20.0, 10.0);
        let disjoint = |a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)| {
            a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1
        };
        for label in &placed {
            for &(x, y) in &points {
                assert!(disjoint(rect(*label), (x - 5.0, y - 5.0, 10.0, 10.0)));
            }
        }
        assert!(disjoint(rect(placed[0]), rect(placed[1])));
        // At the top-right corner the label is kept inside the bounds.
        let corner = place_point_labels(&[(398.0, 2.0)], &[size], radius, gap, bounds);
        let (x, y) = corner[0];
        assert!((0.0..=380.0).contains(&x) && (0.0..=290.0).contains(&y));
    }
    #[test]
    fn tick_step_is_a_round_step_no_coarser_than_plotters() {
        // 6 labels over 0..10: plotters steps by 2; 10/12 rounds up to 1.
        assert_eq!(tick_step(0.0, 10.0, 6), 1.0);
        // 0..1.15 with 6 labels: plotters steps by 0.2 (0, 0.2, …, 1); 1.15/12 → 0.1.
        assert_eq!(tick_step(0.0, 1.15, 6), 0.1);
        assert_eq!(format_tick(0.2, tick_step(0.0, 1.15, 6)), "0.2");
        assert_eq!(tick_step(0.0, 1e-4, 5), 1e-5);
        assert_eq!(tick_step(1.0, 1.0, 6), 1.0);
    }
}
