//! Least squares: draggable data points (an illustrative house-price data set from article
//! 001's example by default), a line or polynomial of chosen degree fitted by QR, residuals,
//! SSE and R², a ridge penalty that shrinks the coefficients, and the normal equations with
//! their numbers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{
    draw_veiled_label, fill_style, format_plot_number, format_tick, label_size, line_style,
    text_style, themed_chart, tick_step,
};
use super::legend::{Corner, chart_pixels, emptiest_corner, plotting_rect};
use super::params::{
    format_param_number, format_toggle, parse_choice, parse_integer, parse_number, parse_toggle,
    round_significant,
};
use super::plot_data::{point, short};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, ExportSpec, Frame,
    ImportKind, ImportSpec, Layer, Notice, NoticeLevel, PlotSpec, PlotTable, PointerInput,
    PointerPhase, Readout, ReadoutSpec, ReadoutValue, draw_error,
};
use crate::demos::drawing::ThemedMesh;
use crate::math::coordinates::round_coordinate;
use crate::math::least_squares::{
    Point, PolynomialFit, Preset, fit_polynomial, normal_equations, parse_points, parse_points_csv,
    preset_points,
};
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

/// How many samples of the fitted curve the fit plot's data table lists.
const CURVE_SAMPLES: usize = 11;

/// The most points the data may hold (clicks beyond it add nothing).
const MAX_POINTS: usize = 40;
/// The highest polynomial degree offered.
const MAX_DEGREE: i64 = 8;
/// A press within this many CSS pixels of a point grabs it.
const GRAB_RADIUS: f64 = 14.0;

const PRESETS: &[(&str, &str)] = &[
    // Short enough for a phone-wide select; the help says the rest.
    ("houses", "Houses (illustrative)"),
    ("line", "Noisy line"),
    ("cubic", "Noisy cubic"),
    ("outlier", "Line with an outlier"),
];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "preset",
        aliases: &[],
        label: "Data set",
        kind: ControlKind::Select { options: PRESETS },
        help: "Replaces the points with a seeded data set: 12 illustrative houses (size in m², price in k€: the example of “Top 5 Must-Know Math Concepts for Deep Learning”, which prints no data), a noisy line, a noisy cubic, or a line with one outlier",
        group: "Data",
        example: "cubic",
    },
    ControlSpec {
        key: "points",
        aliases: &[],
        label: "Points (x,y;x,y;…)",
        kind: ControlKind::Text {
            placeholder: "1,2;3,4;5,5",
        },
        help: "The data as x,y pairs separated by semicolons (2 to 40 points, two decimals); dragging a point, clicking empty space to add one, or the keyboard (arrow keys move the ringed point, [ and ] select, Delete removes) edit it",
        group: "Data",
        example: "1,1;2,3;3,2;4,5",
    },
    ControlSpec {
        key: "degree",
        aliases: &[],
        label: "Polynomial degree d",
        kind: ControlKind::Integer {
            min: 1,
            max: MAX_DEGREE,
        },
        help: "The degree of the fitted polynomial: 1 is a straight line; d + 1 coefficients need at least d + 1 distinct x values unless ridge is on",
        group: "Model",
        example: "3",
    },
    ControlSpec {
        key: "ridge",
        aliases: &[],
        label: "Ridge penalty on",
        kind: ControlKind::Toggle,
        help: "Adds λ‖β₁…β_d‖² to the squared error (off means λ = 0, ordinary least squares); the intercept β₀ is never penalised",
        group: "Model",
        example: "1",
    },
    ControlSpec {
        key: "lambda",
        aliases: &[],
        label: "Ridge λ",
        kind: ControlKind::Slider {
            min: 1e-4,
            max: 1e3,
            step: 0.01,
            log: true,
        },
        help: "The ridge penalty λ, from 10⁻⁴ to 10³ on a log scale (used while ridge is on; λ = 0 is ridge off)",
        group: "Model",
        example: "100",
    },
    ControlSpec {
        key: "residuals",
        aliases: &[],
        label: "Draw residuals",
        kind: ControlKind::Toggle,
        help: "Draws each residual yᵢ − ŷᵢ as a vertical segment from the point to the curve",
        group: "Model",
        example: "0",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "points-count",
        help: "The number of data points n",
    },
    ReadoutSpec {
        name: "coefficient.{k}",
        help: "βₖ, the coefficient of zᵏ with z = (x − x̄)/s, or “undefined (singular)” when the fit has no unique solution",
    },
    ReadoutSpec {
        name: "slope",
        help: "For a line (d = 1): the slope in the data's own units, β₁/s (k€ per m² for the houses)",
    },
    ReadoutSpec {
        name: "x-mean",
        help: "x̄, the mean of x, subtracted before fitting",
    },
    ReadoutSpec {
        name: "x-scale",
        help: "s, the standard deviation of x, that x − x̄ is divided by",
    },
    ReadoutSpec {
        name: "sse",
        help: "The sum of squared errors Σ(yᵢ − ŷᵢ)²",
    },
    ReadoutSpec {
        name: "r-squared",
        help: "R² = 1 − SSE/SST, or “undefined” when all y are equal",
    },
    ReadoutSpec {
        name: "condition",
        help: "The condition number of XᵀX (σ_max²/σ_min² of X), “∞ (singular)” when X has dependent columns",
    },
    ReadoutSpec {
        name: "normal.{row}.{column}",
        help: "Entry (row, column) of XᵀX + λD, the matrix of the normal equations (λ = 0 when ridge is off)",
    },
    ReadoutSpec {
        name: "normal-rhs.{row}",
        help: "Entry row of Xᵀy, the right-hand side of the normal equations",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "fit",
        title: "Data, fitted curve and residuals",
        alt: "The data points, the fitted polynomial and each residual as a vertical segment from the point to the curve. Drag a point to move it, click empty space to add one; on the focused plot the arrow keys move the ringed point, [ and ] select the previous or next point and Delete removes it.",
        aspect_ratio: 0.65,
        interactive: true,
    },
    PlotSpec {
        id: "coefficients",
        title: "Coefficients β₀…β_d",
        alt: "A bar for each coefficient of the fit; with ridge on, outlined bars show the unpenalised (λ = 0) coefficients, so the shrinkage is visible.",
        aspect_ratio: 0.45,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "least-squares",
    title: "Least squares and ridge regression",
    chapter: Chapter::LinearAlgebra,
    summary: "Drag data points and fit a line or polynomial by QR: residuals, SSE, R², the normal equations with numbers, and a ridge penalty that shrinks the coefficients.",
    explanation: r#"Least squares picks the curve that makes the squared vertical distances to the points, the residuals $r_i = y_i - \hat y_i$, as small as possible in total. The example in *Top 5 Must-Know Math Concepts for Deep Learning* predicts a house's price from its size; it prints no data, so the houses here are an illustrative, seeded data set (sizes in m², prices in k€), not real sales. Drag a point and watch the line follow; click empty space to add one.

A polynomial of degree $d$ is linear in its coefficients, so fitting it is a linear problem with the design (Vandermonde) matrix $X$ whose row $i$ is $(1, z_i, z_i^2, \dots, z_i^d)$:

$$\hat\beta = \arg\min_\beta \|y - X\beta\|_2^2, \qquad \mathrm{SSE} = \sum_i (y_i - \hat y_i)^2, \qquad R^2 = 1 - \frac{\mathrm{SSE}}{\sum_i (y_i - \bar y)^2}$$

Here $z = (x - \bar x)/s$ is $x$ standardised by its mean $\bar x$ and standard deviation $s$. With raw sizes near 100 m² the columns $1, x, \dots, x^8$ would range from 1 to $10^{16}$ and be nearly parallel, so rounding errors would swamp the answer; standardised, they stay of order one. The coefficients $\beta_k$ shown belong to $z^k$; for a line, the slope in the data's units is $\beta_1 / s$.

Setting the gradient of the squared error to zero gives the normal equations, shown below the plot with their numbers:

$$X^\top X\,\beta = X^\top y$$

They are shown but not solved: forming $X^\top X$ squares the condition number (shown as a readout), losing twice as many digits. Instead $X = QR$ with orthonormal $Q$ and triangular $R$, and $R\beta = Q^\top y$ is solved by back substitution. With fewer distinct $x$ values than coefficients ($d + 1$), $X^\top X$ is singular and infinitely many curves fit equally well; the page says so. With $d = n - 1$ the curve passes through every point (SSE = 0, $R^2 = 1$), which fits the noise, not the trend.

Ridge regression adds a penalty that pulls the coefficients towards zero:

$$\min_\beta \|y - X\beta\|_2^2 + \lambda \sum_{k=1}^{d} \beta_k^2 \quad\Longleftrightarrow\quad (X^\top X + \lambda D)\,\beta = X^\top y$$

where $D$ is the identity with $D_{00} = 0$: the intercept $\beta_0$ is not penalised, since shrinking it would pull the whole curve towards $y = 0$, an arbitrary level. The demo solves it by QR of the augmented system $\begin{bmatrix} X \\ \sqrt\lambda D \end{bmatrix}\beta \approx \begin{bmatrix} y \\ 0 \end{bmatrix}$, whose ordinary least squares solution is the ridge solution. As $\lambda$ grows the penalised coefficients shrink towards 0 (the outlined bars show $\lambda = 0$) and the curve flattens towards the mean $\bar y$; a little ridge tames a high-degree polynomial. λ = 0 is the ridge toggle off, the slider runs from $10^{-4}$ to $10^{3}$."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[ExportSpec {
        key: "data",
        label: "data (CSV)",
        file_name: "least-squares.csv",
        mime: "text/csv",
    }],
    imports: &[ImportSpec {
        key: "points-csv",
        label: "Load points from a CSV file",
        help: "One x,y pair per line (a header line is skipped), 2 to 40 points.",
        kind: ImportKind::Text {
            accept: ".csv,.txt,text/csv,text/plain",
        },
    }],
    create: || Box::new(LeastSquares::default()),
};

/// A plot window: ((x min, x max), (y min, y max)).
type View = ((f64, f64), (f64, f64));

/// The state of the least squares demo.
#[derive(Clone, Debug)]
pub struct LeastSquares {
    /// The data set the points came from (also sets the view and axis names).
    preset: Preset,
    /// The data, in the order they were added.
    points: Vec<Point>,
    /// The polynomial degree d.
    degree: usize,
    /// Ridge on (λ = `lambda`) or off (λ = 0).
    ridge: bool,
    /// The ridge penalty used while ridge is on.
    lambda: f64,
    /// Draw the residual segments.
    show_residuals: bool,
    /// The plot window ((x min, x max), (y min, y max)), from [`LeastSquares::fitting_view`].
    view: View,
    /// The point arrow keys move (index into `points`).
    selected: usize,
    /// The point being dragged, between pointer down and up.
    dragging: Option<usize>,
    /// The fit of the current state, or why there is none.
    fit: Result<PolynomialFit, String>,
    /// The unpenalised fit, drawn behind the ridge bars (None while ridge is off).
    unpenalised: Option<PolynomialFit>,
}

impl Default for LeastSquares {
    fn default() -> Self {
        let mut demo = Self {
            preset: Preset::Houses,
            points: preset_points(Preset::Houses),
            degree: 1,
            ridge: false,
            lambda: 10.0,
            show_residuals: true,
            selected: 0,
            dragging: None,
            view: ((0.0, 1.0), (0.0, 1.0)),
            fit: Err(String::new()),
            unpenalised: None,
        };
        demo.view = demo.fitting_view();
        demo.refit();
        demo
    }
}

fn preset_id(preset: Preset) -> &'static str {
    match preset {
        Preset::Houses => "houses",
        Preset::NoisyLine => "line",
        Preset::NoisyCubic => "cubic",
        Preset::Outlier => "outlier",
    }
}

fn format_points(points: &[Point]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", format_param_number(*x), format_param_number(*y)))
        .collect::<Vec<_>>()
        .join(";")
}

/// Sums like Σzᵢ over symmetric data are exactly 0 but come out as 1e-16: a value below
/// 10⁻¹² of the largest entry beside it is shown as the 0 it is.
fn snap_noise(value: f64, largest: f64) -> f64 {
    if value.abs() <= 1e-12 * largest {
        0.0
    } else {
        value
    }
}

/// Subscript digits for labels like β₁₀.
fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

impl LeastSquares {
    fn lambda_in_use(&self) -> f64 {
        if self.ridge { self.lambda } else { 0.0 }
    }

    fn refit(&mut self) {
        self.fit = fit_polynomial(&self.points, self.degree, self.lambda_in_use());
        self.unpenalised = if self.ridge {
            fit_polynomial(&self.points, self.degree, 0.0).ok()
        } else {
            None
        };
        self.selected = self.selected.min(self.points.len().saturating_sub(1));
    }

    /// The plot window in model units: the preset's data padded when every point lies in
    /// it, else the points' own padded extent. Set only when the preset or the points text
    /// changes, never while dragging (a window that follows the pointer would run away).
    fn fitting_view(&self) -> View {
        let bounds = |points: &[Point]| {
            points.iter().fold(
                (
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                ),
                |(x0, x1, y0, y1), (x, y)| (x0.min(*x), x1.max(*x), y0.min(*y), y1.max(*y)),
            )
        };
        let pad = |low: f64, high: f64, fraction: f64| {
            let span = if high - low > 1e-9 { high - low } else { 2.0 };
            (low - span * fraction, high + span * fraction)
        };
        let padded = |points: &[Point]| {
            let (x0, x1, y0, y1) = bounds(points);
            (pad(x0, x1, 0.12), pad(y0, y1, 0.2))
        };
        let preset_view = padded(&preset_points(self.preset));
        let ((x0, x1), (y0, y1)) = preset_view;
        let inside = self
            .points
            .iter()
            .all(|(x, y)| (x0..=x1).contains(x) && (y0..=y1).contains(y));
        if inside {
            preset_view
        } else {
            padded(&self.points)
        }
    }

    /// The preset's own window (with its points).
    fn preset_view(&self) -> View {
        Self {
            points: preset_points(self.preset),
            ..self.clone()
        }
        .fitting_view()
    }

    fn view(&self) -> View {
        self.view
    }

    /// The fit plot's transform, in the frame's pixels: exactly `themed_chart`'s plotting
    /// area, so pointer input lands where things are drawn.
    fn viewport(&self, frame: &Frame) -> Viewport {
        let (x_range, y_range) = self.view();
        let (left, top) = (frame.px(10.0 + 52.0), frame.px(10.0));
        Viewport {
            x_range,
            y_range,
            left,
            top,
            width: (frame.geometry.pixel_width() as f64 - left - frame.px(22.0)).max(1.0),
            height: (frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0)).max(1.0),
        }
    }

    fn axis_names(&self) -> (&'static str, &'static str) {
        if self.preset == Preset::Houses && self.view == self.preset_view() {
            ("size (m²)", "price (k€)")
        } else {
            ("x", "y")
        }
    }

    /// Moves point `index` to `(x, y)`, kept inside the view and on the two-decimal grid.
    fn move_point(&mut self, index: usize, x: f64, y: f64) -> bool {
        let ((x0, x1), (y0, y1)) = self.view();
        let moved = (
            round_coordinate(x.clamp(x0, x1)),
            round_coordinate(y.clamp(y0, y1)),
        );
        if self.points.get(index) == Some(&moved) {
            return false;
        }
        self.points[index] = moved;
        self.refit();
        true
    }

    fn draw_fit<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let ((x0, x1), (y0, y1)) = self.view();
        let (x_name, y_name) = self.axis_names();
        let mut chart = themed_chart(area, frame, x0..x1, y0..y1, x_name, y_name)?;
        let (colour_points, colour_fit, colour_residual) =
            (SERIES_COLOURS[0], SERIES_COLOURS[1], SERIES_COLOURS[3]);
        // What the caption must not cover: the curve and the points, in pixels.
        let mut obstacles: Vec<Vec<(f64, f64)>> = self
            .points
            .iter()
            .map(|&point| chart_pixels(&chart, [point]))
            .collect();
        if let Ok(fit) = &self.fit {
            if self.show_residuals {
                for ((x, y), fitted) in self.points.iter().zip(&fit.fitted) {
                    let end = fitted.clamp(y0, y1);
                    chart
                        .draw_series(LineSeries::new(
                            [(*x, *y), (*x, end)],
                            line_style(colour_residual, frame, 1.5),
                        ))
                        .map_err(draw_error)?;
                }
            }
            // The curve in runs that stay inside the window (a high degree can shoot off it).
            let samples = 400;
            let mut run: Vec<(f64, f64)> = Vec::new();
            let mut runs = Vec::new();
            for i in 0..=samples {
                let x = x0 + (x1 - x0) * i as f64 / samples as f64;
                let y = fit.predict(x);
                if y.is_finite() && (y0..=y1).contains(&y) {
                    run.push((x, y));
                } else if !run.is_empty() {
                    runs.push(std::mem::take(&mut run));
                }
            }
            runs.push(run);
            obstacles.extend(
                runs.iter()
                    .map(|run| chart_pixels(&chart, run.iter().copied())),
            );
            for run in runs.into_iter().filter(|r| r.len() > 1) {
                chart
                    .draw_series(LineSeries::new(run, line_style(colour_fit, frame, 2.5)))
                    .map_err(draw_error)?;
            }
        }
        chart
            .draw_series(self.points.iter().map(|(x, y)| {
                Circle::new((*x, *y), frame.px(4.5) as i32, fill_style(colour_points))
            }))
            .map_err(draw_error)?;
        // The selection ring serves the keyboard, not the picture: not in downloads.
        if let Some((x, y)) = self.points.get(self.selected).filter(|_| !frame.for_export) {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (*x, *y),
                    frame.px(8.0) as i32,
                    line_style(theme.text, frame, 1.5),
                )))
                .map_err(draw_error)?;
        }
        // A one-line caption in the corner of the plotting area that the curve and the
        // points leave free, on a veil in case none is.
        let caption = match &self.fit {
            Ok(fit) => format!(
                "degree {}, λ = {}, SSE = {}, R² = {}",
                self.degree,
                format_plot_number(fit.lambda),
                format_plot_number(fit.sse),
                fit.r_squared()
                    .map(format_plot_number)
                    .unwrap_or_else(|| "undefined".to_owned())
            ),
            Err(_) => "no unique fit (singular)".to_owned(),
        };
        let plot = plotting_rect(frame);
        let inset = frame.px(6.0);
        // On a phone the caption is wider than the plot: break it at its commas.
        let available = plot.right - plot.left - 2.0 * inset;
        let mut lines: Vec<String> = Vec::new();
        for part in caption.split(", ") {
            match lines.last_mut() {
                Some(line)
                    if label_size(frame, &format!("{line}, {part}"), 12.0).0 <= available =>
                {
                    line.push_str(", ");
                    line.push_str(part);
                }
                _ => lines.push(part.to_owned()),
            }
        }
        let line_height = label_size(frame, "x", 12.0).1 + frame.px(3.0);
        let width = lines
            .iter()
            .map(|line| label_size(frame, line, 12.0).0)
            .fold(0.0, f64::max);
        let size = (width, line_height * lines.len() as f64);
        let corner = emptiest_corner(&plot, size, inset, &obstacles, Corner::TopLeft);
        let placed = plot.corner_box(corner, size, inset);
        for (row, line) in lines.iter().enumerate() {
            draw_veiled_label(
                area,
                frame,
                line,
                (placed.left, placed.top + line_height * row as f64),
                12.0,
                theme.text,
            )?;
        }
        Ok(())
    }

    fn draw_coefficients<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let count = self.degree + 1;
        let shown: Vec<f64> = match &self.fit {
            Ok(fit) => fit.coefficients.clone(),
            Err(_) => Vec::new(),
        };
        let reference: Vec<f64> = self
            .unpenalised
            .as_ref()
            .map(|f| f.coefficients.clone())
            .unwrap_or_default();
        let (low, high) = shown
            .iter()
            .chain(&reference)
            .fold((0.0_f64, 0.0_f64), |(l, h), c| (l.min(*c), h.max(*c)));
        let span = if high - low > 0.0 { high - low } else { 1.0 };
        let (bottom, top) = (
            if low < 0.0 { low - 0.15 * span } else { 0.0 },
            if high > 0.0 || low == 0.0 {
                high + 0.15 * span
            } else {
                0.0
            },
        );
        let label_for = |x: &f64| {
            let index = x.round();
            if (x - index).abs() < 1e-9 && index >= 0.0 && (index as usize) < count {
                format!("β{}", subscript(index as usize))
            } else {
                String::new()
            }
        };
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(40.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(-0.5..(count as f64 - 0.5), bottom..top)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .disable_x_mesh()
            .x_desc(if self.ridge {
                "coefficients of zᵏ (outlined: λ = 0)"
            } else {
                "coefficients of zᵏ, z = (x − x̄)/s"
            })
            .x_labels(2 * count + 1)
            .y_labels(5)
            .x_label_formatter(&label_for)
            .y_label_formatter(&|y| format_tick(*y, tick_step(bottom, top, 5)))
            .draw()
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                [(-0.5, 0.0), (count as f64 - 0.5, 0.0)],
                line_style(theme.axis, frame, 1.0),
            ))
            .map_err(draw_error)?;
        for (k, value) in reference.iter().enumerate() {
            let x = k as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.34, 0.0), (x + 0.34, *value)],
                    line_style(theme.muted_text, frame, 1.5),
                )))
                .map_err(draw_error)?;
        }
        for (k, value) in shown.iter().enumerate() {
            let x = k as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.25, 0.0), (x + 0.25, *value)],
                    fill_style(SERIES_COLOURS[1]),
                )))
                .map_err(draw_error)?;
            // The value above a positive bar, below a negative one (if there is room).
            if count <= 6 {
                let (anchor, offset) = if *value >= 0.0 {
                    (VPos::Bottom, 0.03 * (top - bottom))
                } else {
                    (VPos::Top, -0.03 * (top - bottom))
                };
                chart
                    .draw_series(std::iter::once(Text::new(
                        format_plot_number(round_significant(*value, 4)),
                        (x, *value + offset),
                        text_style(frame, 11.0, theme.text).pos(Pos::new(HPos::Center, anchor)),
                    )))
                    .map_err(draw_error)?;
            }
        }
        Ok(())
    }
}

impl DrawDemo for LeastSquares {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Points, curve and bars all move together: everything is foreground.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_fit(area, frame),
            _ => self.draw_coefficients(area, frame),
        }
    }
}

impl Demo for LeastSquares {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "preset" => preset_id(self.preset).to_owned(),
            "points" => format_points(&self.points),
            "degree" => self.degree.to_string(),
            "ridge" => format_toggle(self.ridge),
            "lambda" => format_param_number(self.lambda),
            "residuals" => format_toggle(self.show_residuals),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "preset" => {
                self.preset = match parse_choice(value, PRESETS)? {
                    "houses" => Preset::Houses,
                    "line" => Preset::NoisyLine,
                    "cubic" => Preset::NoisyCubic,
                    _ => Preset::Outlier,
                };
                self.points = preset_points(self.preset);
                self.selected = 0;
                self.view = self.fitting_view();
            }
            "points" => {
                let points = parse_points(value, MAX_POINTS)?;
                self.points = points
                    .into_iter()
                    .map(|(x, y)| (round_coordinate(x), round_coordinate(y)))
                    .collect();
                self.view = self.fitting_view();
            }
            "degree" => self.degree = parse_integer(value, 1, MAX_DEGREE)? as usize,
            "ridge" => self.ridge = parse_toggle(value)?,
            "lambda" => self.lambda = round_significant(parse_number(value, 1e-4, 1e3)?, 4),
            "residuals" => self.show_residuals = parse_toggle(value)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.refit();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        key != "lambda" || self.ridge
    }

    fn export(&self, key: &str) -> Option<String> {
        if key != "data" {
            return None;
        }
        let fit = self.fit.as_ref().ok();
        let mut csv = String::from("x,y,fitted,residual\n");
        for (index, (x, y)) in self.points.iter().enumerate() {
            match fit.and_then(|f| f.fitted.get(index)) {
                Some(fitted) => csv.push_str(&format!(
                    "{},{},{},{}\n",
                    format_param_number(*x),
                    format_param_number(*y),
                    format_param_number(*fitted),
                    format_param_number(y - fitted)
                )),
                None => csv.push_str(&format!(
                    "{},{},,\n",
                    format_param_number(*x),
                    format_param_number(*y)
                )),
            }
        }
        Some(csv)
    }

    fn import_text(&mut self, key: &str, text: &str) -> Result<(), String> {
        if key != "points-csv" {
            return Err(format!("“{key}” is not a file input of this demo"));
        }
        let points = parse_points_csv(text, MAX_POINTS)?;
        // Through the control, so the loaded data is in the URL like any other points.
        self.set_param("points", &format_points(&points))
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "ridge" if !self.ridge => Some("Off: λ = 0, ordinary least squares.".to_owned()),
            "degree" if self.degree + 1 >= self.points.len() => Some(format!(
                "d + 1 = {} coefficients for {} points: the curve can pass through every point.",
                self.degree + 1,
                self.points.len()
            )),
            _ => None,
        }
    }

    fn readouts(&self) -> Vec<Readout> {
        let readout = |name: String, label: String, value: ReadoutValue, group: &str| Readout {
            name,
            label,
            value,
            group: group.to_owned(),
        };
        let singular = || ReadoutValue::Text("undefined (singular)".to_owned());
        let lambda = self.lambda_in_use();
        let equations = normal_equations(&self.points, self.degree, lambda);
        let mut readouts = vec![
            readout(
                "points-count".into(),
                "Points n".into(),
                ReadoutValue::Integer(self.points.len() as i64),
                "",
            ),
            readout(
                "x-mean".into(),
                "x̄".into(),
                // Symmetric data leave rounding noise like 1e-17 in the mean: show it as 0.
                ReadoutValue::Number(if equations.x_mean.abs() < 1e-12 * equations.x_scale {
                    0.0
                } else {
                    equations.x_mean
                }),
                "",
            ),
            readout(
                "x-scale".into(),
                "s (std of x)".into(),
                ReadoutValue::Number(equations.x_scale),
                "",
            ),
        ];
        match &self.fit {
            Ok(fit) => {
                readouts.push(readout(
                    "sse".into(),
                    "SSE".into(),
                    ReadoutValue::Number(fit.sse),
                    "",
                ));
                readouts.push(readout(
                    "r-squared".into(),
                    "R²".into(),
                    fit.r_squared()
                        .map(ReadoutValue::Number)
                        .unwrap_or_else(|| {
                            ReadoutValue::Text("undefined (all y equal)".to_owned())
                        }),
                    "",
                ));
                readouts.push(readout(
                    "condition".into(),
                    "cond(XᵀX)".into(),
                    if fit.condition_xtx.is_finite() {
                        ReadoutValue::Number(fit.condition_xtx)
                    } else {
                        ReadoutValue::Text("∞ (singular)".to_owned())
                    },
                    "",
                ));
                if self.degree == 1 {
                    readouts.push(readout(
                        "slope".into(),
                        if self.preset == Preset::Houses && self.view == self.preset_view() {
                            "Slope (k€ per m²)".into()
                        } else {
                            "Slope β₁/s".into()
                        },
                        ReadoutValue::Number(fit.coefficients[1] / fit.x_scale),
                        "",
                    ));
                }
                for (k, c) in fit.coefficients.iter().enumerate() {
                    readouts.push(readout(
                        format!("coefficient.{k}"),
                        format!("β{}", subscript(k)),
                        ReadoutValue::Number(*c),
                        "Fitted β (of zᵏ)",
                    ));
                }
            }
            Err(_) => {
                for name in ["sse", "r-squared"] {
                    readouts.push(readout(
                        name.into(),
                        if name == "sse" { "SSE" } else { "R²" }.into(),
                        singular(),
                        "",
                    ));
                }
                readouts.push(readout(
                    "condition".into(),
                    "cond(XᵀX)".into(),
                    ReadoutValue::Text("∞ (singular)".to_owned()),
                    "",
                ));
                for k in 0..=self.degree {
                    readouts.push(readout(
                        format!("coefficient.{k}"),
                        format!("β{}", subscript(k)),
                        singular(),
                        "Fitted β (of zᵏ)",
                    ));
                }
            }
        }
        let (matrix_size, rhs_size) = (equations.matrix.amax(), equations.rhs.amax());
        let matrix_name = if lambda > 0.0 { "XᵀX + λD" } else { "XᵀX" };
        for row in 0..=self.degree {
            let group = format!("Row {row} of {matrix_name}");
            for column in 0..=self.degree {
                readouts.push(readout(
                    format!("normal.{row}.{column}"),
                    format!("β{}", subscript(column)),
                    ReadoutValue::Number(snap_noise(equations.matrix[(row, column)], matrix_size)),
                    &group,
                ));
            }
            readouts.push(readout(
                format!("normal-rhs.{row}"),
                "= Xᵀy".into(),
                ReadoutValue::Number(snap_noise(equations.rhs[row], rhs_size)),
                &group,
            ));
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        match &self.fit {
            Err(message) => vec![Notice {
                level: NoticeLevel::Warning,
                text: format!("No unique fit: {message}."),
            }],
            Ok(_) => Vec::new(),
        }
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 {
            return false;
        }
        if input.phase == PointerPhase::Up {
            self.dragging = None;
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = self.viewport(&frame);
        let (x, y) = viewport.to_model(input.x, input.y);
        if let (PointerPhase::Drag, Some(index)) = (input.phase, self.dragging) {
            return index < self.points.len() && self.move_point(index, x, y);
        }
        if input.phase != PointerPhase::Down || !viewport.contains_pixel(input.x, input.y) {
            return false;
        }
        // Grab the nearest point within the radius (in pixels), else add a point here.
        let nearest = self
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (px, py) = viewport.to_pixel(p.0, p.1);
                (i, (px - input.x).hypot(py - input.y))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match nearest {
            Some((index, distance)) if distance <= GRAB_RADIUS => {
                self.selected = index;
                self.dragging = Some(index);
                true
            }
            _ if self.points.len() < MAX_POINTS => {
                self.points.push((round_coordinate(x), round_coordinate(y)));
                self.selected = self.points.len() - 1;
                self.dragging = Some(self.selected);
                self.refit();
                true
            }
            _ => false,
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 || self.points.is_empty() {
            return false;
        }
        let ((x0, x1), (y0, y1)) = self.view();
        // One step is 1% of the window (at least the 0.01 grid).
        let (dx, dy) = (
            round_coordinate((x1 - x0) / 100.0).max(0.01),
            round_coordinate((y1 - y0) / 100.0).max(0.01),
        );
        let (x, y) = self.points[self.selected];
        match key {
            "ArrowLeft" => self.move_point(self.selected, x - dx, y),
            "ArrowRight" => self.move_point(self.selected, x + dx, y),
            "ArrowUp" => self.move_point(self.selected, x, y + dy),
            "ArrowDown" => self.move_point(self.selected, x, y - dy),
            "[" => {
                self.selected = (self.selected + self.points.len() - 1) % self.points.len();
                true
            }
            "]" => {
                self.selected = (self.selected + 1) % self.points.len();
                true
            }
            "Delete" | "Backspace" if self.points.len() > 2 => {
                self.points.remove(self.selected);
                self.refit();
                true
            }
            _ => false,
        }
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        let (x_name, y_name) = self.axis_names();
        Some(match plot {
            0 => {
                let columns = [
                    "Row".to_owned(),
                    x_name.to_owned(),
                    y_name.to_owned(),
                    "fitted ŷ".to_owned(),
                    "residual y − ŷ".to_owned(),
                ];
                let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
                let mut table = PlotTable::new(
                    format!(
                        "The data points with the fit and residual at each, then the fitted curve at {CURVE_SAMPLES} evenly spaced x across the plot"
                    ),
                    &columns,
                );
                let empty = || ReadoutValue::Text(String::new());
                let fit = self.fit.as_ref().ok();
                for (i, &(x, y)) in self.points.iter().enumerate() {
                    let mut row = vec![
                        ReadoutValue::Text(format!("point {}", i + 1)),
                        ReadoutValue::Number(x),
                        ReadoutValue::Number(y),
                    ];
                    match fit.and_then(|f| f.fitted.get(i)) {
                        Some(&fitted) => row.extend([
                            ReadoutValue::Number(fitted),
                            ReadoutValue::Number(y - fitted),
                        ]),
                        None => row.extend([empty(), empty()]),
                    }
                    table.rows.push(row);
                }
                if let Some(fit) = fit {
                    let ((x0, x1), _) = self.view();
                    for i in 0..CURVE_SAMPLES {
                        let x = x0 + (x1 - x0) * i as f64 / (CURVE_SAMPLES - 1) as f64;
                        table.rows.push(vec![
                            ReadoutValue::Text("curve".to_owned()),
                            ReadoutValue::Number(x),
                            empty(),
                            ReadoutValue::Number(fit.predict(x)),
                            empty(),
                        ]);
                    }
                }
                if table.rows.is_empty() {
                    let mut row = vec![ReadoutValue::Text("no points".to_owned())];
                    row.resize(columns.len(), empty());
                    table.rows.push(row);
                }
                table
            }
            1 => {
                let mut columns = vec!["Coefficient", "β (this fit)"];
                if self.ridge {
                    columns.push("β with λ = 0 (outlined)");
                }
                let mut table = PlotTable::new(
                    "The bars: the coefficients β₀…β_d of 1, z, …, z^d, where z = (x − x̄)/s",
                    &columns,
                );
                let value = |fit: Option<&PolynomialFit>, k: usize| {
                    fit.and_then(|f| f.coefficients.get(k))
                        .map(|b| ReadoutValue::Number(*b))
                        .unwrap_or_else(|| ReadoutValue::Text("undefined (singular)".to_owned()))
                };
                for k in 0..=self.degree {
                    let mut row = vec![
                        ReadoutValue::Text(format!("β{}", subscript(k))),
                        value(self.fit.as_ref().ok(), k),
                    ];
                    if self.ridge {
                        row.push(value(self.unpenalised.as_ref(), k));
                    }
                    table.rows.push(row);
                }
                table
            }
            _ => return None,
        })
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        let n = self.points.len();
        let kind = match self.degree {
            1 => "a line".to_owned(),
            2 => "a parabola (degree 2)".to_owned(),
            d => format!("a degree-{d} polynomial"),
        };
        let ridge = if self.ridge {
            format!(" with ridge λ = {}", short(self.lambda))
        } else {
            String::new()
        };
        let fit = match &self.fit {
            Ok(fit) => fit,
            Err(why) => return Some(format!("{n} points; no fit: {why}")),
        };
        Some(match plot {
            0 => {
                let r_squared = if fit.sst > 0.0 {
                    format!(", R² = {}", short(1.0 - fit.sse / fit.sst))
                } else {
                    String::new()
                };
                let ((x0, x1), _) = self.view();
                format!(
                    "{n} points fitted by {kind}{ridge}: SSE = {}{r_squared}; the curve goes from {} to {}.",
                    short(fit.sse),
                    point(x0, fit.predict(x0)),
                    point(x1, fit.predict(x1))
                )
            }
            1 => {
                let values: Vec<String> = fit
                    .coefficients
                    .iter()
                    .enumerate()
                    .map(|(k, b)| format!("β{} = {}", subscript(k), short(*b)))
                    .collect();
                let shrink = match &self.unpenalised {
                    Some(reference) if self.ridge => format!(
                        " (λ = 0 would give {})",
                        reference
                            .coefficients
                            .iter()
                            .map(|b| short(*b))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    _ => String::new(),
                };
                format!(
                    "The coefficients of {kind}{ridge}: {}{shrink}.",
                    values.join(", ")
                )
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::test_support::readout_number as number;

    #[test]
    fn data_tables_hold_the_points_fit_and_coefficients() {
        let mut demo = LeastSquares::default();
        // Three points on y = 2x + 1 are fitted exactly: ŷ = y, residual 0, and the curve
        // samples lie on the same line.
        demo.set_param("points", "0,1;1,3;2,5").unwrap();
        let fit = demo.plot_table(0).unwrap();
        let number = |cell: &ReadoutValue| match cell {
            ReadoutValue::Number(x) => *x,
            other => panic!("{other:?}"),
        };
        for row in &fit.rows[..3] {
            let (x, y) = (number(&row[1]), number(&row[2]));
            assert!((number(&row[3]) - y).abs() < 1e-12 && number(&row[4]).abs() < 1e-12);
            assert!((y - (2.0 * x + 1.0)).abs() < 1e-12);
        }
        assert_eq!(fit.rows.len(), 3 + CURVE_SAMPLES);
        for row in &fit.rows[3..] {
            assert!((number(&row[3]) - (2.0 * number(&row[1]) + 1.0)).abs() < 1e-9);
        }
        // β₁ is the slope per unit of z = (x − 1)/s with s = √(2/3): 2s.
        let coefficients = demo.plot_table(1).unwrap();
        assert!((number(&coefficients.rows[0][1]) - 3.0).abs() < 1e-12);
        assert!((number(&coefficients.rows[1][1]) - 2.0 * (2.0f64 / 3.0).sqrt()).abs() < 1e-12);
        let description = demo.plot_description(0).unwrap();
        assert!(
            description.starts_with("3 points fitted by a line: SSE = "),
            "{description}"
        );
    }

    #[test]
    fn default_is_the_illustrative_houses_with_a_line() {
        let demo = LeastSquares::default();
        assert_eq!(demo.points.len(), 12);
        let slope = number(&demo, "slope");
        // The houses were generated around 2.6 k€ per m².
        assert!((2.0..3.2).contains(&slope), "{slope}");
        let r2 = number(&demo, "r-squared");
        assert!((0.8..1.0).contains(&r2), "{r2}");
        // XᵀX of standardised x: n on the diagonal (Σz² = n) and 0 off it (Σz = 0).
        assert!((number(&demo, "normal.0.0") - 12.0).abs() < 1e-12);
        assert!((number(&demo, "normal.1.1") - 12.0).abs() < 1e-9);
        assert!(number(&demo, "normal.0.1").abs() < 1e-9);
    }

    #[test]
    fn ridge_adds_lambda_to_the_penalised_diagonal_only() {
        let mut demo = LeastSquares::default();
        demo.set_param("ridge", "1").unwrap();
        assert!((number(&demo, "normal.0.0") - 12.0).abs() < 1e-12);
        assert!((number(&demo, "normal.1.1") - 22.0).abs() < 1e-9);
        assert!(demo.is_control_active("lambda"));
    }

    #[test]
    fn singular_data_gives_a_notice_and_text_readouts() {
        let mut demo = LeastSquares::default();
        demo.set_param("points", "1,1;1,2;2,3").unwrap();
        demo.set_param("degree", "2").unwrap();
        assert!(demo.notices()[0].text.contains("singular"));
        let coefficient = demo
            .readouts()
            .into_iter()
            .find(|r| r.name == "coefficient.2")
            .unwrap();
        assert_eq!(
            coefficient.value,
            ReadoutValue::Text("undefined (singular)".to_owned())
        );
        for r in demo.readouts() {
            assert!(!r.value.display().contains("NaN"), "{}", r.name);
        }
    }

    #[test]
    fn drag_add_and_keyboard_edit_the_points() {
        let mut demo = LeastSquares::default();
        let (width, height) = (700.0, 455.0);
        let viewport = demo.viewport(&Frame::light(width, height, 1.0));
        let at = |phase, x: f64, y: f64| {
            let (px, py) = viewport.to_pixel(x, y);
            PointerInput {
                phase,
                x: px,
                y: py,
                css_width: width,
                css_height: height,
            }
        };
        let (x3, y3) = demo.points[3];
        assert!(demo.pointer(0, at(PointerPhase::Down, x3, y3)));
        assert_eq!(demo.selected, 3);
        assert!(demo.pointer(0, at(PointerPhase::Drag, x3 + 5.0, y3 + 100.0)));
        assert!((demo.points[3].1 - (y3 + 100.0)).abs() < 0.02);
        assert!(!demo.pointer(0, at(PointerPhase::Up, x3 + 5.0, y3 + 100.0)));
        // A click far from every point adds one.
        let ((x0, _), (_, y1)) = demo.view();
        assert!(demo.pointer(0, at(PointerPhase::Down, x0 + 1.0, y1 - 1.0)));
        assert_eq!(demo.points.len(), 13);
        assert_eq!(demo.selected, 12);
        assert!(demo.key(0, "Delete"));
        assert_eq!(demo.points.len(), 12);
        assert!(demo.key(0, "]"));
        assert_eq!(demo.selected, 0);
        assert!(demo.key(0, "["));
        assert_eq!(demo.selected, 11);
        let before = demo.points[11];
        assert!(demo.key(0, "ArrowUp"));
        assert!(demo.points[11].1 > before.1);
        // The edited data round-trips through the URL text.
        let text = demo.param("points").unwrap();
        let mut copy = LeastSquares::default();
        copy.set_param("points", &text).unwrap();
        assert_eq!(copy.points, demo.points);
    }
}
#[cfg(test)]
mod window_tests {
    use super::*;

    #[test]
    fn typed_points_outside_the_preset_get_their_own_window() {
        let mut demo = LeastSquares::default();
        demo.set_param("points", "1,1;1,2;2,3").unwrap();
        let ((x0, x1), (y0, y1)) = demo.view();
        assert!(x0 < 1.0 && x1 > 2.0 && x1 < 5.0, "{:?}", demo.view());
        assert!(y0 < 1.0 && y1 > 3.0 && y1 < 10.0, "{:?}", demo.view());
    }
}
