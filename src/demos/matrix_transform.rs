//! A 2x2 matrix as a transformation of the plane: the transformed grid and unit circle, the
//! parallelogram of Aî and Aĵ (the determinant as signed area), the eigenvector lines, power
//! iteration, the SVD's circle-to-ellipse picture, and an animated morph from I to A.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::drawing::{
    clip_segment, draw_veiled_label, fill_style, label_beyond_tip, label_size, line_style,
    text_style, themed_chart,
};
use super::params::{format_param_number, parse_choice, parse_integer, parse_number};
use super::playhead::Playhead;
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame, Layer, Notice,
    NoticeLevel, PlotSpec, PlotTable, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error, exact_list, exact_number, format_number,
};
use crate::math::linalg2d::{
    Analysis, EIGEN_TOLERANCE, EigenStructure, Mat2, SINGULAR_TOLERANCE, analyze,
    angle_between_lines_degrees, apply, morph, power_iteration, rayleigh_quotient,
};
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

/// The animation frames of the morph from the identity (step 0) to A (the last step).
const MORPH_FRAMES: usize = 40;
/// The matrix entries' range (sliders, typed values and dragging).
const ENTRY_LIMIT: f64 = 3.0;
/// Half the height of the transformation plot's window, in model units: the wide window,
/// and the close-up used when A moves nothing far from the unit square. The window is
/// chosen when A changes, but never while a tip is dragged, so the plot does not rescale
/// under the pointer.
const PLANE_HALF_HEIGHT: f64 = 4.5;
const PLANE_CLOSE_UP_HALF_HEIGHT: f64 = 2.5;
/// How close (CSS pixels) a press must be to a tip to grab it.
const GRAB_RADIUS_CSS: f64 = 32.0;

const PRESETS: &[(&str, &str)] = &[
    ("article", "Symmetric [[−1, 2], [2, −1]]"),
    ("rotation", "Rotation by 30°"),
    ("shear", "Shear"),
    ("scaling", "Scaling"),
    ("reflection", "Reflection across y = x"),
    ("projection", "Projection onto y = x (singular)"),
    ("symmetric", "Symmetric [[2, 1], [1, 2]]"),
    ("custom", "Custom (the entries below)"),
];

/// The matrix of a preset (None for `custom`).
fn preset_matrix(id: &str) -> Option<Mat2> {
    let (sin, cos) = 30f64.to_radians().sin_cos();
    Some(match id {
        "article" => [[-1.0, 2.0], [2.0, -1.0]],
        "rotation" => [[cos, -sin], [sin, cos]],
        "shear" => [[1.0, 1.0], [0.0, 1.0]],
        "scaling" => [[2.0, 0.0], [0.0, 0.5]],
        "reflection" => [[0.0, 1.0], [1.0, 0.0]],
        "projection" => [[0.5, 0.5], [0.5, 0.5]],
        "symmetric" => [[2.0, 1.0], [1.0, 2.0]],
        _ => return None,
    })
}

const fn entry_control(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    example: &'static str,
) -> ControlSpec {
    ControlSpec {
        key,
        aliases: &[],
        label,
        kind: ControlKind::Slider {
            min: -ENTRY_LIMIT,
            max: ENTRY_LIMIT,
            step: 0.01,
            log: false,
        },
        help,
        group: "Matrix A",
        example,
    }
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "preset",
        aliases: &[],
        label: "Preset",
        kind: ControlKind::Select { options: PRESETS },
        help: "A named matrix; reads “custom” once an entry differs from every preset",
        group: "Matrix A",
        example: "rotation",
    },
    entry_control(
        "a11",
        "a₁₁",
        "Row 1, column 1: x of Aî (also set by dragging the tip of Aî)",
        "2",
    ),
    entry_control(
        "a12",
        "a₁₂",
        "Row 1, column 2: x of Aĵ (also set by dragging the tip of Aĵ)",
        "0.5",
    ),
    entry_control(
        "a21",
        "a₂₁",
        "Row 2, column 1: y of Aî (also set by dragging the tip of Aî)",
        "-1",
    ),
    entry_control(
        "a22",
        "a₂₂",
        "Row 2, column 2: y of Aĵ (also set by dragging the tip of Aĵ)",
        "0.5",
    ),
    ControlSpec {
        key: "power",
        aliases: &[],
        label: "Power iterations",
        kind: ControlKind::Integer { min: 0, max: 50 },
        help: "How many times power iteration applies A (and normalises) to the start vector",
        group: "Power iteration",
        example: "12",
    },
    ControlSpec {
        key: "angle",
        aliases: &[],
        label: "Start vector angle (°)",
        kind: ControlKind::Slider {
            min: 0.0,
            max: 360.0,
            step: 1.0,
            log: false,
        },
        help: "The direction of power iteration's start vector x₀, in degrees from the x axis",
        group: "Power iteration",
        example: "100",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "morph-t",
        help: "The morph parameter t of (1 − t) I + t A drawn (1 = A itself)",
    },
    ReadoutSpec {
        name: "det",
        help: "det A = a₁₁a₂₂ − a₁₂a₂₁, the signed area of the image of the unit square",
    },
    ReadoutSpec {
        name: "trace",
        help: "tr A = a₁₁ + a₂₂",
    },
    ReadoutSpec {
        name: "eigen-case",
        help: "two real eigenvalues, repeated (defective or scalar) or a complex pair",
    },
    ReadoutSpec {
        name: "lambda1",
        help: "The dominant eigenvalue λ₁ (largest |λ|), as text; a + bi for a complex pair",
    },
    ReadoutSpec {
        name: "lambda2",
        help: "The other eigenvalue λ₂, as text; a − bi for a complex pair",
    },
    ReadoutSpec {
        name: "eigenvector1",
        help: "A unit eigenvector of λ₁ as (x, y), or why there is none",
    },
    ReadoutSpec {
        name: "eigenvector2",
        help: "A unit eigenvector of λ₂ as (x, y), or why there is none",
    },
    ReadoutSpec {
        name: "eigen-modulus",
        help: "|λ| of a complex pair (complex eigenvalues only)",
    },
    ReadoutSpec {
        name: "eigen-angle",
        help: "The argument of λ = a + bi in degrees: how far A turns (complex eigenvalues only)",
    },
    ReadoutSpec {
        name: "sum-eigenvalues",
        help: "λ₁ + λ₂, equal to the trace",
    },
    ReadoutSpec {
        name: "product-eigenvalues",
        help: "λ₁ λ₂, equal to the determinant",
    },
    ReadoutSpec {
        name: "inverse",
        help: "A⁻¹ as [[row 1], [row 2]], or “undefined” with the singularity tolerance",
    },
    ReadoutSpec {
        name: "sigma1",
        help: "The larger singular value σ₁ (longest semi-axis of the ellipse)",
    },
    ReadoutSpec {
        name: "sigma2",
        help: "The smaller singular value σ₂ (shortest semi-axis of the ellipse)",
    },
    ReadoutSpec {
        name: "condition",
        help: "The condition number σ₁/σ₂, or “∞ (singular)”",
    },
    ReadoutSpec {
        name: "power-rate",
        help: "|λ₂/λ₁|, the factor by which power iteration's error shrinks per step",
    },
    ReadoutSpec {
        name: "power-vector",
        help: "The last power-iteration vector x_k (unit length)",
    },
    ReadoutSpec {
        name: "power-estimate",
        help: "The Rayleigh quotient x_kᵀ A x_k, power iteration's estimate of λ₁",
    },
    ReadoutSpec {
        name: "power-error",
        help: "The angle in degrees between x_k and the dominant eigenvector (when one dominates)",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "plane",
        title: "The plane under A",
        alt: "The grid and the unit circle transformed by A, the parallelogram of Aî and Aĵ, the eigenvector lines and the power-iteration vectors. Drag the tips of Aî and Aĵ; with the plot focused, arrow keys move the selected tip and the keys i and j select it.",
        aspect_ratio: 0.8,
        interactive: true,
    },
    PlotSpec {
        id: "svd",
        title: "SVD: the unit circle to an ellipse",
        alt: "The unit circle with the right singular vectors v₁ and v₂, and its image ellipse with the semi-axes σ₁u₁ and σ₂u₂.",
        aspect_ratio: 0.8,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "matrix-transform",
    title: "A matrix as a transformation",
    chapter: Chapter::LinearAlgebra,
    summary: "Drag the images of î and ĵ: the grid, the determinant as signed area, eigenvectors, power iteration and the SVD of a 2x2 matrix.",
    explanation: r#"A $2\times 2$ matrix moves every point of the plane. Its columns are where the basis vectors land: $A\hat\imath = (a_{11}, a_{21})$ and $A\hat\jmath = (a_{12}, a_{22})$, and every other point follows by linearity, so grid lines stay straight, parallel and evenly spaced. Press play to watch the straight-line morph $(1-t)\,I + t\,A$ from the identity to $A$.

$$A = \begin{pmatrix} a_{11} & a_{12} \\ a_{21} & a_{22} \end{pmatrix}, \qquad \det A = a_{11}a_{22} - a_{12}a_{21}, \qquad \operatorname{tr} A = a_{11} + a_{22}$$

The determinant is the signed area of the parallelogram spanned by $A\hat\imath$ and $A\hat\jmath$: every area is multiplied by $|\det A|$, and a negative determinant means the plane was flipped (the parallelogram turns orange: $\hat\jmath$ now lies clockwise from $\hat\imath$).

An eigenvector keeps its direction: $A v = \lambda v$. The eigenvalues are the roots of $\lambda^2 - \operatorname{tr}A\,\lambda + \det A = 0$, so $\operatorname{tr}A = \lambda_1 + \lambda_2$ and $\det A = \lambda_1 \lambda_2$. They are drawn as lines through the origin; the lines stay put during the morph, because $(1-t)I + tA$ has the same eigenvectors with eigenvalues $1 - t + t\lambda$. The matrix of the eigenvalue example in *Mathematical Foundations for Deep Learning*, $\begin{pmatrix} -1 & 2 \\ 2 & -1 \end{pmatrix}$ (the first preset), has $\lambda = 1$ along $(1, 1)$ and $\lambda = -3$ along $(1, -1)$.

- Complex eigenvalues (rotation): when $(\operatorname{tr}A)^2 < 4\det A$ the roots are a pair $a \pm bi = r\,e^{\pm i\theta}$. No real direction is kept; $A$ turns every vector, by exactly $\theta$ when $A$ is a rotation, and $r = |\lambda|$ scales.
- A repeated eigenvalue with one eigenvector (shear $\begin{pmatrix} 1 & 1 \\ 0 & 1 \end{pmatrix}$): $\lambda = 1$ twice, but $A - I$ has rank one, so only the x axis is kept. The matrix is defective: it cannot be diagonalised.
- A singular matrix (projection): $\det A = 0$ squashes the plane onto a line (or a point), so $A^{-1}$ is undefined. Numerically, $A$ is treated as singular when $\sigma_2 \le 10^{-10}\,\sigma_1$, i.e. a condition number above $10^{10}$.

Power iteration applies $A$ again and again, $x_{k+1} = A x_k / \lVert A x_k \rVert$. Write $x_0 = c_1 v_1 + c_2 v_2$; then $A^k x_0 = \lambda_1^k \left(c_1 v_1 + c_2 (\lambda_2/\lambda_1)^k v_2\right)$, so the direction converges to the dominant eigenvector at the rate $|\lambda_2 / \lambda_1|$ per step, and $x_k^\top A x_k$ estimates $\lambda_1$. With $|\lambda_1| = |\lambda_2|$ (a rotation, a reflection) it never settles.

The singular value decomposition $A = U \Sigma V^\top$ says every matrix is a rotation (or reflection), a stretch along the axes and another rotation: the unit circle's right singular vectors $v_1, v_2$ are mapped to $A v_i = \sigma_i u_i$, the semi-axes of the ellipse. $|\det A| = \sigma_1 \sigma_2$, and the condition number $\kappa = \sigma_1 / \sigma_2$ measures how much $A$ squashes the circle."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(MatrixTransform::default()),
};

/// One of the two draggable tips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Handle {
    /// The tip of Aî, the first column (a11, a21).
    I,
    /// The tip of Aĵ, the second column (a12, a22).
    J,
}

impl Handle {
    fn column(self) -> usize {
        match self {
            Handle::I => 0,
            Handle::J => 1,
        }
    }
}

/// The state of the matrix demo.
#[derive(Clone, Debug)]
pub struct MatrixTransform {
    /// The matrix A, as rows.
    matrix: Mat2,
    /// How many times power iteration applies A.
    power_steps: usize,
    /// The direction of power iteration's start vector, in degrees.
    start_angle_degrees: f64,
    /// The morph frame shown: 0 is the identity, [`MORPH_FRAMES`] is A.
    playhead: Playhead,
    /// The tip the arrow keys move (the last one grabbed; `i`/`j` select it).
    selected: Handle,
    /// The tip being dragged, if any.
    dragging: Option<Handle>,
    /// The analysis of `matrix` (an error message if it could not be computed).
    analysis: Result<Analysis, String>,
    /// The power-iteration unit vectors x₀ … x_k.
    power_iterates: Vec<[f64; 2]>,
    /// Half the height of the transformation plot's window (see [`PLANE_HALF_HEIGHT`]).
    plane_half_height: f64,
}

impl Default for MatrixTransform {
    fn default() -> Self {
        let mut demo = Self {
            matrix: [[-1.0, 2.0], [2.0, -1.0]],
            power_steps: 5,
            start_angle_degrees: 20.0,
            playhead: Playhead::at_end(MORPH_FRAMES),
            selected: Handle::J,
            dragging: None,
            analysis: Err(String::new()),
            power_iterates: Vec::new(),
            plane_half_height: PLANE_HALF_HEIGHT,
        };
        demo.recompute();
        demo
    }
}

/// `(x, y)` with four significant digits.
fn format_vector(v: [f64; 2]) -> String {
    format!("({}, {})", short(v[0]), short(v[1]))
}

fn short(x: f64) -> String {
    let rounded = format!("{:.4}", x);
    let trimmed = rounded.trim_end_matches('0').trim_end_matches('.');
    match trimmed {
        "-0" | "" => "0".to_owned(),
        other => other.replace('-', "−"),
    }
}

fn format_matrix(m: &Mat2) -> String {
    format!(
        "[[{}, {}], [{}, {}]]",
        short(m[0][0]),
        short(m[0][1]),
        short(m[1][0]),
        short(m[1][1])
    )
}

impl MatrixTransform {
    fn recompute(&mut self) {
        self.analysis = analyze(self.matrix);
        let angle = self.start_angle_degrees.to_radians();
        self.power_iterates =
            power_iteration(&self.matrix, [angle.cos(), angle.sin()], self.power_steps);
        if self.dragging.is_none() {
            self.choose_plane_window();
        }
    }

    /// The close-up window when Aî, Aĵ, Aî + Aĵ and the ellipse fit in it with room to
    /// spare, the wide one otherwise.
    fn choose_plane_window(&mut self) {
        let m = &self.matrix;
        let sigma1 = self.analysis.as_ref().map_or(0.0, |a| a.svd.sigma[0]);
        let reach = [
            m[0][0].hypot(m[1][0]),
            m[0][1].hypot(m[1][1]),
            (m[0][0] + m[0][1]).hypot(m[1][0] + m[1][1]),
            sigma1,
            1.0,
        ]
        .into_iter()
        .fold(0.0, f64::max);
        self.plane_half_height = if reach <= 0.8 * PLANE_CLOSE_UP_HALF_HEIGHT {
            PLANE_CLOSE_UP_HALF_HEIGHT
        } else {
            PLANE_HALF_HEIGHT
        };
    }

    fn morph_t(&self) -> f64 {
        self.playhead.shown as f64 / MORPH_FRAMES as f64
    }

    /// The matrix drawn now: the morph `(1 − t) I + t A`.
    fn shown_matrix(&self) -> Mat2 {
        if self.playhead.shown >= MORPH_FRAMES {
            self.matrix
        } else {
            morph(&self.matrix, self.morph_t())
        }
    }

    fn preset_id(&self) -> &'static str {
        PRESETS
            .iter()
            .map(|(id, _)| *id)
            .find(|id| preset_matrix(id) == Some(self.matrix))
            .unwrap_or("custom")
    }

    /// The one transform between model and device pixels for a plot of this frame, with
    /// equal units on both axes; the rectangle matches `themed_chart`'s margins.
    fn viewport(frame: &Frame, half_height: f64) -> Viewport {
        let (left, top) = (frame.px(10.0 + 52.0), frame.px(10.0));
        let width = (frame.geometry.pixel_width() as f64 - left - frame.px(22.0)).max(1.0);
        let height = (frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0)).max(1.0);
        // Model units per pixel: enough for ±half_height along the shorter side.
        let scale = (2.0 * half_height / height).max(2.0 * half_height / width);
        let (half_x, half_y) = (scale * width / 2.0, scale * height / 2.0);
        Viewport {
            x_range: (-half_x, half_x),
            y_range: (-half_y, half_y),
            left,
            top,
            width,
            height,
        }
    }

    fn svd_half_height(&self) -> f64 {
        let sigma1 = self
            .analysis
            .as_ref()
            .map(|a| a.svd.sigma[0])
            .unwrap_or(1.0);
        sigma1.max(1.0) * 1.25
    }

    fn set_column(&mut self, handle: Handle, x: f64, y: f64) -> bool {
        let snap = |v: f64| (v.clamp(-ENTRY_LIMIT, ENTRY_LIMIT) * 100.0).round() / 100.0;
        let column = handle.column();
        let (x, y) = (snap(x), snap(y));
        if self.matrix[0][column] == x && self.matrix[1][column] == y {
            return false;
        }
        self.matrix[0][column] = x;
        self.matrix[1][column] = y;
        self.recompute();
        true
    }

    fn draw_plane<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = Self::viewport(frame, self.plane_half_height);
        let (x_range, y_range) = (viewport.x_range, viewport.y_range);
        let mut chart = themed_chart(
            area,
            frame,
            x_range.0..x_range.1,
            y_range.0..y_range.1,
            "x",
            "y",
        )?;
        let theme = frame.theme;
        let shown = self.shown_matrix();
        let clip = |p: (f64, f64), q: (f64, f64)| clip_segment(p, q, x_range, y_range);
        let map = |x: f64, y: f64| {
            let v = apply(&shown, [x, y]);
            (v[0], v[1])
        };

        // The transformed grid: images of the lines x = k and y = k.
        let grid_colour = [150, 160, 180];
        let reach = 12.0;
        let mut grid_lines = Vec::new();
        for k in -12..=12 {
            let k = k as f64;
            grid_lines.push((map(k, -reach), map(k, reach)));
            grid_lines.push((map(-reach, k), map(reach, k)));
        }
        for (p, q) in grid_lines {
            if let Some(segment) = clip(p, q) {
                chart
                    .draw_series(LineSeries::new(
                        segment,
                        line_style(grid_colour, frame, 0.75),
                    ))
                    .map_err(draw_error)?;
            }
        }

        // The parallelogram of Aî, Aĵ: blue when orientation is kept, orange when flipped.
        let column_i = (shown[0][0], shown[1][0]);
        let column_j = (shown[0][1], shown[1][1]);
        let det = shown[0][0] * shown[1][1] - shown[0][1] * shown[1][0];
        let area_colour = if det < 0.0 {
            SERIES_COLOURS[4]
        } else {
            SERIES_COLOURS[5]
        };
        let corners = vec![
            (0.0, 0.0),
            column_i,
            (column_i.0 + column_j.0, column_i.1 + column_j.1),
            column_j,
        ];
        chart
            .draw_series(std::iter::once(Polygon::new(
                corners.clone(),
                rgb(area_colour).mix(0.22).filled(),
            )))
            .map_err(draw_error)?;
        let mut outline = corners;
        outline.push((0.0, 0.0));
        chart
            .draw_series(LineSeries::new(
                outline,
                line_style(area_colour, frame, 1.0),
            ))
            .map_err(draw_error)?;

        // The unit circle and its image, an ellipse.
        let circle: Vec<(f64, f64)> = (0..=180)
            .map(|i| {
                let angle = i as f64 / 180.0 * std::f64::consts::TAU;
                (angle.cos(), angle.sin())
            })
            .collect();
        chart
            .draw_series(LineSeries::new(
                circle.iter().copied(),
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                circle.iter().map(|&(x, y)| map(x, y)),
                line_style(theme.text, frame, 2.0),
            ))
            .map_err(draw_error)?;

        // The eigenvector lines of A (also those of every morph frame).
        let scale = (x_range.1 - x_range.0) / viewport.width;
        let label_style = |colour: [u8; 3]| text_style(frame, 13.0, theme.label_colour(colour));
        let mut lines: Vec<([f64; 2], String, [u8; 3])> = Vec::new();
        let mut remark = None;
        match &self.analysis {
            Ok(analysis) => match analysis.eigen {
                EigenStructure::DistinctReal { values, vectors } => {
                    lines.push((
                        vectors[0],
                        format!("λ₁ = {}", short(values[0])),
                        SERIES_COLOURS[2],
                    ));
                    lines.push((
                        vectors[1],
                        format!("λ₂ = {}", short(values[1])),
                        SERIES_COLOURS[3],
                    ));
                }
                EigenStructure::RepeatedDefective { value, vector } => {
                    lines.push((
                        vector,
                        format!("λ = {} (twice)", short(value)),
                        SERIES_COLOURS[2],
                    ));
                    remark = Some("one eigenvector line only: defective".to_owned());
                }
                EigenStructure::RepeatedScalar { value } => {
                    remark = Some(format!(
                        "A = {}·I: every vector is an eigenvector",
                        short(value)
                    ));
                }
                EigenStructure::ComplexPair { re, im, .. } => {
                    remark = Some(format!(
                        "no real eigenvector: λ = {} ± {}i",
                        short(re),
                        short(im)
                    ));
                }
            },
            Err(message) => remark = Some(message.clone()),
        }
        for (vector, label, colour) in &lines {
            let far = 2.0 * (x_range.1 - x_range.0);
            let p = (-far * vector[0], -far * vector[1]);
            let q = (far * vector[0], far * vector[1]);
            if let Some(segment) = clip(p, q) {
                chart
                    .draw_series(LineSeries::new(segment, line_style(*colour, frame, 2.0)))
                    .map_err(draw_error)?;
                // The label sits near the end of the line that points up (or right).
                let end = if segment[1].1 > segment[0].1
                    || (segment[1].1 == segment[0].1 && segment[1].0 > segment[0].0)
                {
                    segment[1]
                } else {
                    segment[0]
                };
                let at = (end.0 * 0.82, end.1 * 0.82);
                let (px, py) = viewport.to_pixel(at.0, at.1);
                // Kept inside the plot: about 7 CSS px per character at this size.
                let label_width = frame.px(7.5 * label.chars().count() as f64);
                let right_edge = viewport.left + viewport.width - label_width;
                area.draw(&Text::new(
                    label.clone(),
                    (
                        (px + frame.px(6.0)).min(right_edge) as i32,
                        (py - frame.px(4.0)).max(frame.px(12.0)) as i32,
                    ),
                    label_style(*colour),
                ))
                .map_err(draw_error)?;
            }
        }

        // Power iteration: the unit vectors x₀ … x_k on the unit circle.
        let power_colour = SERIES_COLOURS[1];
        let count = self.power_iterates.len();
        for (k, x) in self.power_iterates.iter().enumerate() {
            let radius = frame.px(if k + 1 == count { 4.5 } else { 2.5 }) as i32;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (x[0], x[1]),
                    radius,
                    fill_style(power_colour),
                )))
                .map_err(draw_error)?;
        }
        if let Some(last) = self.power_iterates.last() {
            self.draw_arrow(
                &mut chart,
                frame,
                scale,
                (0.0, 0.0),
                (last[0], last[1]),
                power_colour,
                2.0,
            )?;
            draw_label_past_tip(
                area,
                frame,
                &viewport,
                (0.0, 0.0),
                (last[0], last[1]),
                &format!("x{}", subscript(count - 1)),
                13.0,
                power_colour,
            )?;
        }

        // Aî and Aĵ with their grab handles, each label past its arrow's tip (beyond the
        // handle), so it never sits on the arrow.
        for (handle, tip, colour, name) in [
            (Handle::I, column_i, SERIES_COLOURS[0], "Aî"),
            (Handle::J, column_j, SERIES_COLOURS[6], "Aĵ"),
        ] {
            self.draw_arrow(&mut chart, frame, scale, (0.0, 0.0), tip, colour, 2.5)?;
            // The keyboard's tip is drawn larger on screen, not in downloads.
            let keyboard_tip = self.selected == handle && !frame.for_export;
            let radius = frame.px(if keyboard_tip { 7.0 } else { 5.5 }) as i32;
            chart
                .draw_series(std::iter::once(Circle::new(
                    tip,
                    radius,
                    line_style(colour, frame, 2.0),
                )))
                .map_err(draw_error)?;
            draw_label_past_tip(area, frame, &viewport, (0.0, 0.0), tip, name, 14.0, colour)?;
        }

        // Corner notes: the morph parameter, the signed area, the special case.
        let mut notes = vec![format!(
            "t = {}   det = {} {}",
            short(self.morph_t()),
            short(det),
            if det < 0.0 { "(flipped)" } else { "" }
        )];
        notes.extend(remark);
        let widest = notes.iter().map(|n| n.chars().count()).max().unwrap_or(0) as f64;
        // Bottom left: the eigenvector labels sit near the top ends of their lines.
        let box_size = (
            frame.px(10.0 + 7.0 * widest),
            frame.px(8.0 + 18.0 * notes.len() as f64),
        );
        let box_corner = (
            viewport.left + frame.px(3.0),
            viewport.top + viewport.height - box_size.1 - frame.px(3.0),
        );
        area.draw(&Rectangle::new(
            [
                (box_corner.0 as i32, box_corner.1 as i32),
                (
                    (box_corner.0 + box_size.0) as i32,
                    (box_corner.1 + box_size.1) as i32,
                ),
            ],
            rgb(theme.background).mix(0.85).filled(),
        ))
        .map_err(draw_error)?;
        for (row, note) in notes.into_iter().enumerate() {
            area.draw(&Text::new(
                note,
                (
                    (viewport.left + frame.px(8.0)) as i32,
                    (box_corner.1 + frame.px(5.0 + 18.0 * row as f64)) as i32,
                ),
                text_style(frame, 13.0, theme.text),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_arrow<DB: DrawingBackend>(
        &self,
        chart: &mut super::drawing::Chart2d<'_, DB>,
        frame: &Frame,
        model_per_pixel: f64,
        from: (f64, f64),
        to: (f64, f64),
        colour: [u8; 3],
        css_width: f64,
    ) -> DrawResult {
        chart
            .draw_series(LineSeries::new(
                [from, to],
                line_style(colour, frame, css_width),
            ))
            .map_err(draw_error)?;
        let (dx, dy) = (to.0 - from.0, to.1 - from.1);
        let length = dx.hypot(dy);
        let head = frame.px(10.0) * model_per_pixel;
        if length <= head * 0.5 {
            return Ok(());
        }
        let (ux, uy) = (dx / length, dy / length);
        let base = (to.0 - ux * head, to.1 - uy * head);
        let half = head * 0.45;
        let triangle = vec![
            to,
            (base.0 - uy * half, base.1 + ux * half),
            (base.0 + uy * half, base.1 - ux * half),
        ];
        chart
            .draw_series(std::iter::once(Polygon::new(triangle, fill_style(colour))))
            .map_err(draw_error)?;
        Ok(())
    }

    fn draw_svd<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = Self::viewport(frame, self.svd_half_height());
        let (x_range, y_range) = (viewport.x_range, viewport.y_range);
        let mut chart = themed_chart(
            area,
            frame,
            x_range.0..x_range.1,
            y_range.0..y_range.1,
            "x",
            "y",
        )?;
        let theme = frame.theme;
        let scale = (x_range.1 - x_range.0) / viewport.width;
        let circle: Vec<(f64, f64)> = (0..=180)
            .map(|i| {
                let angle = i as f64 / 180.0 * std::f64::consts::TAU;
                (angle.cos(), angle.sin())
            })
            .collect();
        chart
            .draw_series(LineSeries::new(
                circle.iter().copied(),
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                circle.iter().map(|&(x, y)| {
                    let v = apply(&self.matrix, [x, y]);
                    (v[0], v[1])
                }),
                line_style(theme.text, frame, 2.0),
            ))
            .map_err(draw_error)?;
        let Ok(analysis) = &self.analysis else {
            return Ok(());
        };
        let svd = &analysis.svd;
        for k in 0..2 {
            let colour = SERIES_COLOURS[if k == 0 { 0 } else { 1 }];
            let v = (svd.v[k][0], svd.v[k][1]);
            let su = (svd.sigma[k] * svd.u[k][0], svd.sigma[k] * svd.u[k][1]);
            // v_k thin, its image σ_k u_k thick, in the same colour.
            self.draw_arrow(&mut chart, frame, scale, (0.0, 0.0), v, colour, 1.25)?;
            self.draw_arrow(&mut chart, frame, scale, (0.0, 0.0), su, colour, 2.75)?;
            let index = if k == 0 { "₁" } else { "₂" };
            for (label, at) in [(format!("v{index}"), v), (format!("σ{index}u{index}"), su)] {
                draw_label_past_tip(area, frame, &viewport, (0.0, 0.0), at, &label, 13.0, colour)?;
            }
        }
        let note = format!(
            "σ₁ = {}, σ₂ = {}, |det| = σ₁σ₂ = {}",
            short(svd.sigma[0]),
            short(svd.sigma[1]),
            short(svd.sigma[0] * svd.sigma[1])
        );
        area.draw(&Text::new(
            note,
            (
                (viewport.left + frame.px(8.0)) as i32,
                (viewport.top + frame.px(6.0)) as i32,
            ),
            text_style(frame, 13.0, theme.text),
        ))
        .map_err(draw_error)?;
        Ok(())
    }
}

/// Writes `text` just past the tip of the arrow from `from` to `tip` (model points), on a
/// veil of the background and in a colour that reads on the theme.
#[allow(clippy::too_many_arguments)]
fn draw_label_past_tip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &Frame,
    viewport: &Viewport,
    from: (f64, f64),
    tip: (f64, f64),
    text: &str,
    css_size: f64,
    colour: [u8; 3],
) -> DrawResult {
    let start = viewport.to_pixel(from.0, from.1);
    let end = viewport.to_pixel(tip.0, tip.1);
    let size = label_size(frame, text, css_size);
    let at = label_beyond_tip(
        frame,
        end,
        (end.0 - start.0, end.1 - start.1),
        // Past the grab handle's ring (7 px at most) with a little air.
        10.0,
        size,
        (viewport.left, viewport.top, viewport.width, viewport.height),
    );
    draw_veiled_label(area, frame, text, at, css_size, colour)
}

fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32('₀' as u32 + c.to_digit(10).unwrap_or(0)).unwrap_or(c),
            other => other,
        })
        .collect()
}

impl DrawDemo for MatrixTransform {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Everything moves together with the matrix, so it all lives on the foreground.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_plane(area, frame),
            _ => self.draw_svd(area, frame),
        }
    }
}

impl Demo for MatrixTransform {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "preset" => self.preset_id().to_owned(),
            "a11" => format_param_number(self.matrix[0][0]),
            "a12" => format_param_number(self.matrix[0][1]),
            "a21" => format_param_number(self.matrix[1][0]),
            "a22" => format_param_number(self.matrix[1][1]),
            "power" => self.power_steps.to_string(),
            "angle" => format_param_number(self.start_angle_degrees),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        let entry = |value: &str| parse_number(value, -ENTRY_LIMIT, ENTRY_LIMIT);
        match key {
            "preset" => {
                // `custom` keeps the entries as they are.
                if let Some(m) = preset_matrix(parse_choice(value, PRESETS)?) {
                    self.matrix = m;
                }
            }
            "a11" => self.matrix[0][0] = entry(value)?,
            "a12" => self.matrix[0][1] = entry(value)?,
            "a21" => self.matrix[1][0] = entry(value)?,
            "a22" => self.matrix[1][1] = entry(value)?,
            "power" => self.power_steps = parse_integer(value, 0, 50)? as usize,
            "angle" => self.start_angle_degrees = parse_number(value, 0.0, 360.0)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        let analysis = self.analysis.as_ref().ok()?;
        match key {
            "power" => Some(
                match (
                    analysis.power_iteration_rate(),
                    analysis.dominant_eigenvector(),
                ) {
                    (Some(rate), Some(_)) if rate < 1.0 => format!(
                        "The error shrinks by |λ₂/λ₁| = {} per step.",
                        format_number(rate)
                    ),
                    (Some(_), Some(_)) => {
                        "A repeated eigenvalue: the error shrinks only like 1/k.".to_owned()
                    }
                    _ => "No single dominant eigenvalue (|λ₁| = |λ₂|): the iterates do not settle."
                        .to_owned(),
                },
            ),
            _ => None,
        }
    }

    fn default_step(&self) -> usize {
        MORPH_FRAMES
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        MORPH_FRAMES
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn advance_frame(&mut self) -> bool {
        self.playhead.advance(1)
    }

    fn readouts(&self) -> Vec<Readout> {
        let number = |name: &str, label: &str, value: f64| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value: ReadoutValue::Number(value),
            group: String::new(),
        };
        let text = |name: &str, label: &str, value: String| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value: ReadoutValue::Text(value),
            group: String::new(),
        };
        let m = self.matrix;
        let mut readouts = vec![number("morph-t", "Morph t", self.morph_t())];
        let analysis = match &self.analysis {
            Ok(analysis) => analysis,
            Err(message) => {
                readouts.push(text("eigen-case", "Eigenvalues", message.clone()));
                return readouts;
            }
        };
        readouts.push(number("det", "det A", analysis.determinant));
        readouts.push(number("trace", "tr A", analysis.trace));
        // Real eigenvalues are numbers; a complex pair, the vectors and the inverse are text
        // made of numbers, shown rounded and carried at full precision in data-value.
        let complex = |re: f64, im: f64| {
            let sign = if im < 0.0 { ("−", "-") } else { ("+", "+") };
            ReadoutValue::Written {
                shown: format!(
                    "{} {} {}i",
                    format_number(re),
                    sign.0,
                    format_number(im.abs())
                ),
                exact: format!(
                    "{} {} {}i",
                    exact_number(re),
                    sign.1,
                    exact_number(im.abs())
                ),
            }
        };
        let vector = |v: [f64; 2]| ReadoutValue::Written {
            shown: format_vector(v),
            exact: format!("({})", exact_list(v)),
        };
        let words = |text: &str| ReadoutValue::Text(text.to_owned());
        let (case, lambda1, lambda2, vector1, vector2, sum, product) = match analysis.eigen {
            EigenStructure::DistinctReal { values, vectors } => (
                "two real eigenvalues",
                ReadoutValue::Number(values[0]),
                ReadoutValue::Number(values[1]),
                vector(vectors[0]),
                vector(vectors[1]),
                values[0] + values[1],
                values[0] * values[1],
            ),
            EigenStructure::RepeatedDefective { value, vector: v } => (
                "repeated eigenvalue, one eigenvector (defective)",
                ReadoutValue::Number(value),
                ReadoutValue::Number(value),
                vector(v),
                words("none: the same line as λ₁"),
                2.0 * value,
                value * value,
            ),
            EigenStructure::RepeatedScalar { value } => (
                "repeated eigenvalue, A = λI",
                ReadoutValue::Number(value),
                ReadoutValue::Number(value),
                words("every vector"),
                words("every vector"),
                2.0 * value,
                value * value,
            ),
            EigenStructure::ComplexPair { re, im, .. } => (
                "complex pair, no real eigenvector",
                complex(re, im),
                complex(re, -im),
                words("none (complex)"),
                words("none (complex)"),
                2.0 * re,
                re * re + im * im,
            ),
        };
        let value = |name: &str, label: &str, value: ReadoutValue| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: String::new(),
        };
        readouts.push(text("eigen-case", "Eigenvalues", case.to_owned()));
        readouts.push(value("lambda1", "λ₁", lambda1));
        readouts.push(value("lambda2", "λ₂", lambda2));
        readouts.push(value("eigenvector1", "Eigenvector v₁", vector1));
        readouts.push(value("eigenvector2", "Eigenvector v₂", vector2));
        if let EigenStructure::ComplexPair {
            modulus,
            angle_degrees,
            ..
        } = analysis.eigen
        {
            readouts.push(number("eigen-modulus", "|λ|", modulus));
            readouts.push(number("eigen-angle", "arg λ (°)", angle_degrees));
        }
        readouts.push(number("sum-eigenvalues", "λ₁ + λ₂ (= tr A)", sum));
        readouts.push(number("product-eigenvalues", "λ₁ λ₂ (= det A)", product));
        readouts.push(value(
            "inverse",
            "A⁻¹",
            match analysis.inverse {
                Some(inverse) => ReadoutValue::Written {
                    shown: format_matrix(&inverse),
                    exact: format!(
                        "[[{}], [{}]]",
                        exact_list(inverse[0]),
                        exact_list(inverse[1])
                    ),
                },
                None => ReadoutValue::Text(format!(
                    "undefined: singular (σ₂ ≤ {} σ₁)",
                    format_number(SINGULAR_TOLERANCE)
                )),
            },
        ));
        readouts.push(number("sigma1", "σ₁", analysis.svd.sigma[0]));
        readouts.push(number("sigma2", "σ₂", analysis.svd.sigma[1]));
        readouts.push(match analysis.condition_number {
            Some(kappa) => number("condition", "Condition σ₁/σ₂", kappa),
            None => text("condition", "Condition σ₁/σ₂", "∞ (singular)".to_owned()),
        });
        readouts.push(match analysis.power_iteration_rate() {
            Some(rate) => number("power-rate", "Power rate |λ₂/λ₁|", rate),
            None => text(
                "power-rate",
                "Power rate |λ₂/λ₁|",
                "undefined: every eigenvalue is 0".to_owned(),
            ),
        });
        if let Some(&last) = self.power_iterates.last() {
            readouts.push(text("power-vector", "x_k", format_vector(last)));
            readouts.push(number(
                "power-estimate",
                "x_kᵀ A x_k",
                rayleigh_quotient(&m, last),
            ));
            if let Some(dominant) = analysis.dominant_eigenvector() {
                readouts.push(number(
                    "power-error",
                    "Angle to v₁ (°)",
                    angle_between_lines_degrees(last, dominant),
                ));
            }
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let info = |text: String| Notice {
            level: NoticeLevel::Info,
            text,
        };
        let analysis = match &self.analysis {
            Ok(analysis) => analysis,
            Err(message) => {
                return vec![Notice {
                    level: NoticeLevel::Error,
                    text: format!("The matrix could not be analysed: {message}."),
                }];
            }
        };
        let mut notices = Vec::new();
        if analysis.singular {
            notices.push(info(format!(
                "A is singular (det A = {}, σ₂ ≤ {} σ₁): it flattens the plane onto a line or a point, so A⁻¹ is undefined.",
                format_number(analysis.determinant),
                format_number(SINGULAR_TOLERANCE)
            )));
        }
        match analysis.eigen {
            EigenStructure::ComplexPair { modulus, angle_degrees, .. } => notices.push(info(format!(
                "Complex eigenvalues: A turns every direction (by {}° when A is a rotation) and scales by |λ| = {}, so no line through the origin is kept.",
                format_number(angle_degrees),
                format_number(modulus)
            ))),
            EigenStructure::RepeatedDefective { value, .. } => notices.push(info(format!(
                "λ = {} is repeated (|λ₁ − λ₂| ≤ {} · max(σ₁, 1)) but A − λI has rank one: a single eigenvector line, A is defective.",
                format_number(value),
                format_number(EIGEN_TOLERANCE)
            ))),
            _ => {}
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = Self::viewport(&frame, self.plane_half_height);
        match input.phase {
            PointerPhase::Down => {
                // Grab the nearer tip of Aî and Aĵ as drawn (at the shown morph frame).
                let shown = self.shown_matrix();
                let distance = |handle: Handle| {
                    let column = handle.column();
                    let (px, py) = viewport.to_pixel(shown[0][column], shown[1][column]);
                    (px - input.x).hypot(py - input.y)
                };
                let (near, d) = [Handle::I, Handle::J]
                    .into_iter()
                    .map(|h| (h, distance(h)))
                    .fold((Handle::I, f64::INFINITY), |best, next| {
                        if next.1 < best.1 { next } else { best }
                    });
                if d > GRAB_RADIUS_CSS {
                    self.dragging = None;
                    return false;
                }
                self.dragging = Some(near);
                let changed = self.selected != near || self.playhead.shown != MORPH_FRAMES;
                self.selected = near;
                // Dragging edits A itself, so the picture jumps to the end of the morph.
                self.playhead.go_to(MORPH_FRAMES);
                changed
            }
            PointerPhase::Drag => {
                let Some(handle) = self.dragging else {
                    return false;
                };
                let (x, y) = viewport.to_model(input.x, input.y);
                self.set_column(handle, x, y)
            }
            PointerPhase::Up => {
                let was_dragging = self.dragging.take().is_some();
                let before = self.plane_half_height;
                self.choose_plane_window();
                was_dragging && before != self.plane_half_height
            }
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let (dx, dy) = match key {
            "i" | "I" => {
                let changed = self.selected != Handle::I;
                self.selected = Handle::I;
                return changed;
            }
            "j" | "J" => {
                let changed = self.selected != Handle::J;
                self.selected = Handle::J;
                return changed;
            }
            "ArrowLeft" => (-0.1, 0.0),
            "ArrowRight" => (0.1, 0.0),
            "ArrowUp" => (0.0, 0.1),
            "ArrowDown" => (0.0, -0.1),
            _ => return false,
        };
        let column = self.selected.column();
        self.playhead.go_to(MORPH_FRAMES);
        let (x, y) = (self.matrix[0][column] + dx, self.matrix[1][column] + dy);
        self.set_column(self.selected, x, y)
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        let analysis = self.analysis.as_ref().ok();
        Some(match plot {
            0 => {
                let shown = self.shown_matrix();
                let mut table = PlotTable::new(
                    format!(
                        "The arrows on the plane at morph t = {}: Aî and Aĵ (the columns of the matrix drawn), the eigenvector directions of A, and the power-iteration vectors x₀…x_k",
                        format_param_number(self.morph_t())
                    ),
                    &["Vector", "x", "y"],
                );
                table.push_labelled("Aî", &[shown[0][0], shown[1][0]]);
                table.push_labelled("Aĵ", &[shown[0][1], shown[1][1]]);
                table.push_labelled(
                    "Aî + Aĵ",
                    &[shown[0][0] + shown[0][1], shown[1][0] + shown[1][1]],
                );
                match analysis.map(|a| a.eigen.clone()) {
                    Some(EigenStructure::DistinctReal { values, vectors }) => {
                        for k in 0..2 {
                            table.push_labelled(
                                format!(
                                    "eigenvector v{} (λ = {})",
                                    subscript(k + 1),
                                    format_number(values[k])
                                ),
                                &vectors[k],
                            );
                        }
                    }
                    Some(EigenStructure::RepeatedDefective { value, vector }) => {
                        table.push_labelled(
                            format!("eigenvector v₁ (λ = {})", format_number(value)),
                            &vector,
                        );
                    }
                    _ => {}
                }
                for (k, x) in self.power_iterates.iter().enumerate() {
                    table.push_labelled(format!("power iterate x{}", subscript(k)), x);
                }
                table
            }
            1 => {
                let mut table = PlotTable::new(
                    "The SVD picture: the right singular vectors v₁, v₂ on the unit circle and their images σ₁u₁, σ₂u₂, the semi-axes of the ellipse",
                    &["Vector", "x", "y", "length"],
                );
                match analysis {
                    Some(analysis) => {
                        let svd = &analysis.svd;
                        for k in 0..2 {
                            let index = subscript(k + 1);
                            table.push_labelled(
                                format!("v{index}"),
                                &[svd.v[k][0], svd.v[k][1], 1.0],
                            );
                        }
                        for k in 0..2 {
                            let index = subscript(k + 1);
                            table.push_labelled(
                                format!("σ{index}u{index}"),
                                &[
                                    svd.sigma[k] * svd.u[k][0],
                                    svd.sigma[k] * svd.u[k][1],
                                    svd.sigma[k],
                                ],
                            );
                        }
                    }
                    None => {
                        // Without an SVD the plot still draws the circle's image: its points
                        // A·(1, 0) and A·(0, 1).
                        let m = &self.matrix;
                        table
                            .push_labelled("A·(1, 0)", &[m[0][0], m[1][0], m[0][0].hypot(m[1][0])]);
                        table
                            .push_labelled("A·(0, 1)", &[m[0][1], m[1][1], m[0][1].hypot(m[1][1])]);
                    }
                }
                table
            }
            _ => return None,
        })
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        use super::plot_data::{point, short as brief};
        let analysis = self.analysis.as_ref().ok();
        Some(match plot {
            0 => {
                let shown = self.shown_matrix();
                let det = shown[0][0] * shown[1][1] - shown[0][1] * shown[1][0];
                let morph = if self.playhead.shown >= MORPH_FRAMES {
                    String::new()
                } else {
                    format!(" (morphing from I, t = {})", brief(self.morph_t()))
                };
                let eigen = match analysis.map(|a| a.eigen.clone()) {
                    Some(EigenStructure::DistinctReal { values, vectors }) => format!(
                        "eigenvalues {} and {} along {} and {}",
                        brief(values[0]),
                        brief(values[1]),
                        point(vectors[0][0], vectors[0][1]),
                        point(vectors[1][0], vectors[1][1])
                    ),
                    Some(EigenStructure::RepeatedDefective { value, vector }) => format!(
                        "one eigenvalue {} with a single eigenvector line along {}",
                        brief(value),
                        point(vector[0], vector[1])
                    ),
                    Some(EigenStructure::RepeatedScalar { value }) => {
                        format!("A = {}·I, every vector an eigenvector", brief(value))
                    }
                    Some(EigenStructure::ComplexPair { re, im, .. }) => format!(
                        "complex eigenvalues {} ± {}i, no real eigenvector",
                        brief(re),
                        brief(im)
                    ),
                    None => "no eigen-analysis".to_owned(),
                };
                let power = match self.power_iterates.last() {
                    Some(x) => format!(
                        "; power iteration after {} steps at {}",
                        self.power_iterates.len().saturating_sub(1),
                        point(x[0], x[1])
                    ),
                    None => String::new(),
                };
                format!(
                    "Aî = {} and Aĵ = {}{morph}, parallelogram area det = {}; {eigen}{power}.",
                    point(shown[0][0], shown[1][0]),
                    point(shown[0][1], shown[1][1]),
                    brief(det)
                )
            }
            1 => match analysis {
                Some(analysis) => {
                    let svd = &analysis.svd;
                    format!(
                        "The unit circle maps to an ellipse with semi-axes σ₁ = {} along u₁ = {} and σ₂ = {} along u₂ = {}; v₁ = {} and v₂ = {} map onto them.",
                        brief(svd.sigma[0]),
                        point(svd.u[0][0], svd.u[0][1]),
                        brief(svd.sigma[1]),
                        point(svd.u[1][0], svd.u[1][1]),
                        point(svd.v[0][0], svd.v[0][1]),
                        point(svd.v[1][0], svd.v[1][1])
                    )
                }
                None => "The unit circle and its image under A; the SVD could not be computed."
                    .to_owned(),
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::linalg2d::IDENTITY;

    fn readout(demo: &MatrixTransform, name: &str) -> Option<ReadoutValue> {
        demo.readouts()
            .into_iter()
            .find(|r| r.name == name)
            .map(|r| r.value)
    }

    fn text(demo: &MatrixTransform, name: &str) -> String {
        readout(demo, name)
            .unwrap_or_else(|| panic!("no readout {name}"))
            .display()
    }

    fn with_preset(id: &str) -> MatrixTransform {
        let mut demo = MatrixTransform::default();
        demo.set_param("preset", id).unwrap();
        demo
    }

    #[test]
    fn data_tables_hold_the_columns_and_the_singular_vectors() {
        let demo = MatrixTransform::default();
        // A = [[−1, 2], [2, −1]]: Aî is the first column (−1, 2), Aĵ the second (2, −1).
        let plane = demo.plot_table(0).unwrap();
        assert_eq!(
            plane.rows[0][1..],
            [ReadoutValue::Number(-1.0), ReadoutValue::Number(2.0)]
        );
        assert_eq!(
            plane.rows[1][1..],
            [ReadoutValue::Number(2.0), ReadoutValue::Number(-1.0)]
        );
        // x₀ is the start direction at 20°, and there is one row per iterate x₀…x₅.
        let x0 = plane
            .rows
            .iter()
            .find(|r| r[0] == ReadoutValue::Text("power iterate x₀".into()));
        let angle = 20f64.to_radians();
        assert_eq!(
            x0.unwrap()[1..],
            [
                ReadoutValue::Number(angle.cos()),
                ReadoutValue::Number(angle.sin())
            ]
        );
        assert!(
            plane
                .rows
                .iter()
                .any(|r| r[0] == ReadoutValue::Text("power iterate x₅".into()))
        );
        // A is symmetric with eigenvalues −3 and 1: σ₁ = 3, σ₂ = 1, the readouts' values.
        let svd = demo.plot_table(1).unwrap();
        let sigma1 = readout(&demo, "sigma1").unwrap();
        assert_eq!(svd.rows[2][3], sigma1);
        let ReadoutValue::Number(sigma1) = sigma1 else {
            panic!()
        };
        assert!((sigma1 - 3.0).abs() < 1e-12);
        let ReadoutValue::Number(sigma2) = svd.rows[3][3] else {
            panic!()
        };
        assert!((sigma2 - 1.0).abs() < 1e-12);
        let description = demo.plot_description(0).unwrap();
        assert!(
            description.starts_with("Aî = (−1, 2) and Aĵ = (2, −1), parallelogram area det = −3;"),
            "{description}"
        );
    }

    #[test]
    fn default_is_the_article_matrix_with_eigenvalues_minus_three_and_one() {
        let demo = MatrixTransform::default();
        assert_eq!(demo.param("preset").as_deref(), Some("article"));
        assert_eq!(readout(&demo, "det"), Some(ReadoutValue::Number(-3.0)));
        assert_eq!(readout(&demo, "trace"), Some(ReadoutValue::Number(-2.0)));
        assert_eq!(text(&demo, "lambda1"), "-3");
        assert_eq!(text(&demo, "lambda2"), "1");
        // data-value carries them at full precision: exactly −3 and 1 here.
        let exact = |name: &str| readout(&demo, name).map(|r| r.full_precision());
        assert_eq!(exact("lambda1").as_deref(), Some("-3"));
        assert_eq!(exact("lambda2").as_deref(), Some("1"));
        assert_eq!(text(&demo, "eigenvector2"), "(0.7071, 0.7071)");
        // 1/√2 = 0.70710678118654752…, whose nearest double prints as 0.7071067811865476.
        assert_eq!(
            exact("eigenvector2").as_deref(),
            Some("(0.7071067811865476, 0.7071067811865476)")
        );
        assert_eq!(
            readout(&demo, "power-rate"),
            Some(ReadoutValue::Number(1.0 / 3.0))
        );
        assert_eq!(text(&demo, "sigma1"), "3");
        assert_eq!(text(&demo, "condition"), "3");
        assert_eq!(
            readout(&demo, "sum-eigenvalues"),
            Some(ReadoutValue::Number(-2.0))
        );
        assert_eq!(
            readout(&demo, "product-eigenvalues"),
            Some(ReadoutValue::Number(-3.0))
        );
    }

    #[test]
    fn presets_read_out_their_special_cases() {
        let rotation = with_preset("rotation");
        assert_eq!(
            text(&rotation, "eigen-case"),
            "complex pair, no real eigenvector"
        );
        assert_eq!(text(&rotation, "lambda1"), "0.866025 + 0.5i");
        assert_eq!(text(&rotation, "eigen-modulus"), "1");
        assert_eq!(text(&rotation, "eigen-angle"), "30");
        assert!(readout(&rotation, "power-error").is_none());

        let shear = with_preset("shear");
        assert_eq!(
            text(&shear, "eigen-case"),
            "repeated eigenvalue, one eigenvector (defective)"
        );
        assert_eq!(text(&shear, "lambda1"), "1");
        assert_eq!(text(&shear, "eigenvector1"), "(1, 0)");
        assert!(shear.notices().iter().any(|n| n.text.contains("defective")));

        let projection = with_preset("projection");
        assert_eq!(text(&projection, "det"), "0");
        assert_eq!(
            text(&projection, "inverse"),
            "undefined: singular (σ₂ ≤ 1e-10 σ₁)"
        );
        assert_eq!(text(&projection, "condition"), "∞ (singular)");

        let reflection = with_preset("reflection");
        assert_eq!(text(&reflection, "det"), "-1");
        assert_eq!(text(&reflection, "power-rate"), "1");

        let symmetric = with_preset("symmetric");
        assert_eq!(text(&symmetric, "lambda1"), "3");
        assert_eq!(
            text(&symmetric, "inverse"),
            "[[0.6667, −0.3333], [−0.3333, 0.6667]]"
        );

        // Changing an entry makes the preset read "custom".
        let mut demo = with_preset("scaling");
        assert_eq!(demo.param("preset").as_deref(), Some("scaling"));
        demo.set_param("a12", "0.3").unwrap();
        assert_eq!(demo.param("preset").as_deref(), Some("custom"));
    }

    #[test]
    fn dragging_the_tip_of_a_j_sets_a12_and_a22() {
        let mut demo = MatrixTransform::default();
        let (width, height) = (600.0, 480.0);
        let viewport =
            MatrixTransform::viewport(&Frame::light(width, height, 1.0), demo.plane_half_height);
        let input = |phase, (x, y): (f64, f64)| PointerInput {
            phase,
            x,
            y,
            css_width: width,
            css_height: height,
        };
        // Aĵ = (a12, a22) = (2, −1) for the article matrix.
        let tip = viewport.to_pixel(2.0, -1.0);
        demo.pointer(0, input(PointerPhase::Down, (tip.0 + 3.0, tip.1 - 2.0)));
        assert_eq!(demo.dragging, Some(Handle::J));
        assert!(demo.pointer(0, input(PointerPhase::Drag, viewport.to_pixel(1.5, 0.5))));
        demo.pointer(0, input(PointerPhase::Up, viewport.to_pixel(1.5, 0.5)));
        assert_eq!(demo.param("a12").as_deref(), Some("1.5"));
        assert_eq!(demo.param("a22").as_deref(), Some("0.5"));
        // The first column is untouched.
        assert_eq!(demo.param("a11").as_deref(), Some("-1"));
        assert_eq!(demo.param("a21").as_deref(), Some("2"));
        // A press far from both tips grabs nothing.
        assert!(!demo.pointer(0, input(PointerPhase::Down, viewport.to_pixel(-4.0, -4.0))));
        assert!(!demo.pointer(0, input(PointerPhase::Drag, viewport.to_pixel(0.0, 0.0))));
    }

    #[test]
    fn arrow_keys_move_the_selected_tip() {
        let mut demo = MatrixTransform::default();
        assert!(demo.key(0, "ArrowUp"));
        assert_eq!(demo.param("a22").as_deref(), Some("-0.9"));
        assert!(demo.key(0, "i"));
        assert!(demo.key(0, "ArrowLeft"));
        assert_eq!(demo.param("a11").as_deref(), Some("-1.1"));
        assert!(!demo.key(0, "x"));
        assert!(!demo.key(1, "ArrowUp"));
    }

    #[test]
    fn the_morph_starts_at_the_identity() {
        let mut demo = MatrixTransform::default();
        demo.go_to_step(0);
        assert_eq!(demo.shown_matrix(), IDENTITY);
        assert_eq!(readout(&demo, "morph-t"), Some(ReadoutValue::Number(0.0)));
        demo.go_to_step(MORPH_FRAMES / 2);
        assert_eq!(demo.shown_matrix(), [[0.0, 1.0], [1.0, 0.0]]);
        // The readouts describe A whatever the frame.
        assert_eq!(readout(&demo, "det"), Some(ReadoutValue::Number(-3.0)));
    }

    #[test]
    fn clipping_keeps_the_inside_part_of_a_segment() {
        let clipped = clip_segment((-10.0, 0.0), (10.0, 0.0), (-1.0, 1.0), (-1.0, 1.0));
        assert_eq!(clipped, Some([(-1.0, 0.0), (1.0, 0.0)]));
        assert_eq!(
            clip_segment((2.0, 2.0), (3.0, 3.0), (-1.0, 1.0), (-1.0, 1.0)),
            None
        );
    }
}
