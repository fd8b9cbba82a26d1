//! A matrix calculator for matrices up to 6x6: the matrix product A·B next to the
//! elementwise product A∘B (which article 003 confuses), transpose, inverse, eigenvectors
//! and the SVD as colour-coded grids, with the selected result cell's recipe highlighted;
//! determinant, rank, norms, condition number, eigenvalues and singular values as readouts.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{
    draw_legend, fill_style, format_plot_number, format_tick, line_style, text_style, tick_step,
};
use super::params::parse_choice;
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame, Layer, Notice,
    NoticeLevel, PlotSpec, PlotTable, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error, exact_number,
};
use crate::demos::drawing::ThemedMesh;
use crate::math::matrices::{
    Eigen, Matrix, MatrixError, Norms, condition_number, determinant, eigen, elementwise,
    format_matrix, inverse, norms, parse_matrix, product, rank, singular_values, svd,
};
use crate::render::colormap::diverging;
use crate::render::theme::{SERIES_COLOURS, rgb};

const OPERATIONS: &[(&str, &str)] = &[
    ("product", "A·B matrix product (np.dot)"),
    ("elementwise", "A∘B elementwise (np.multiply)"),
    ("transpose", "Aᵀ transpose"),
    ("inverse", "A⁻¹ inverse"),
    ("eigen", "Eigenvectors of A"),
    ("svd", "SVD of A: U"),
];

const PRESETS: &[(&str, &str)] = &[
    ("dot", "np.dot of two 2x2 matrices"),
    ("multiply", "np.multiply of two 2x3 matrices"),
    ("frobenius", "Frobenius norm, 2x3"),
    ("inverse", "Inverse of [[-1,2],[-3,4]]"),
    ("det", "Determinant of [[-1,2],[3,-4]]"),
    ("eigen", "Eigenvalues of [[-1,2],[2,-1]]"),
    ("custom", "Custom (the matrices below)"),
];

/// A preset's A, B (None: B is not used, it stays as it is) and operation.
fn preset(id: &str) -> Option<(&'static str, Option<&'static str>, &'static str)> {
    Some(match id {
        "dot" => ("1,2;3,4", Some("5,6;7,8"), "product"),
        "multiply" => (
            "10,20,30;40,50,60",
            Some("90,80,70;60,50,40"),
            "elementwise",
        ),
        "frobenius" => ("1,2,3;-1,-2,-3", None, "transpose"),
        "inverse" => ("-1,2;-3,4", None, "inverse"),
        "det" => ("-1,2;3,-4", None, "inverse"),
        "eigen" => ("-1,2;2,-1", None, "eigen"),
        _ => return None,
    })
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "preset",
        aliases: &[],
        label: "Preset",
        kind: ControlKind::Select { options: PRESETS },
        help: "One of the NumPy examples from “Mathematical Foundations for Deep Learning” (sets A, the operation and, for products, B); reads “custom” once anything differs",
        group: "Matrices",
        example: "multiply",
    },
    ControlSpec {
        key: "a",
        aliases: &[],
        label: "A",
        kind: ControlKind::Text {
            placeholder: "rows by ; entries by , e.g. 1,2;3,4",
        },
        help: "Matrix A, up to 6x6: rows separated by ; and entries by , (1,2;3,4 is [[1,2],[3,4]])",
        group: "Matrices",
        example: "2,0;1,3",
    },
    ControlSpec {
        key: "b",
        aliases: &[],
        label: "B",
        kind: ControlKind::Text {
            placeholder: "rows by ; entries by , e.g. 5,6;7,8",
        },
        help: "Matrix B, up to 6x6, for the two products (same form as A)",
        group: "Matrices",
        example: "1,1;0,1",
    },
    ControlSpec {
        key: "operation",
        aliases: &[],
        label: "Operation",
        kind: ControlKind::Select {
            options: OPERATIONS,
        },
        help: "What the result grid shows; the readouts always describe A",
        group: "Operation",
        example: "inverse",
    },
    ControlSpec {
        key: "cell",
        aliases: &[],
        label: "Result cell (row,column)",
        kind: ControlKind::Text {
            placeholder: "e.g. 2,1",
        },
        help: "The result entry whose recipe is highlighted (row,column from 1); also chosen by clicking the result grid or with the arrow keys",
        group: "Operation",
        example: "2,2",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "status",
        help: "“ok”, or why the operation has no result (shape mismatch, not square, singular with the tolerance used)",
    },
    ReadoutSpec {
        name: "shape",
        help: "The shapes of A, B and the result, e.g. “A 2×3, B 3×2 → 2×2”",
    },
    ReadoutSpec {
        name: "result.{row}.{column}",
        help: "Entry (row, column) of the result, counted from 1 (the last good result while the operation fails)",
    },
    ReadoutSpec {
        name: "cell",
        help: "How the selected result entry is computed, e.g. “(A·B)₂,₁ = 3·5 + 4·7 = 43”",
    },
    ReadoutSpec {
        name: "det",
        help: "det A (exact for integer entries: Bareiss elimination in integers), or why it is undefined",
    },
    ReadoutSpec {
        name: "trace",
        help: "tr A, the sum of the diagonal (square A only)",
    },
    ReadoutSpec {
        name: "rank",
        help: "The number of singular values above max(m, n)·ε·σ_max (NumPy's matrix_rank)",
    },
    ReadoutSpec {
        name: "norm-l1",
        help: "‖A‖₁, the largest column sum of |entries| (np.linalg.norm(A, 1))",
    },
    ReadoutSpec {
        name: "norm-l2",
        help: "‖A‖₂ = σ_max, the spectral norm (np.linalg.norm(A, 2))",
    },
    ReadoutSpec {
        name: "norm-frobenius",
        help: "‖A‖_F, the square root of the sum of squared entries (np.linalg.norm(A))",
    },
    ReadoutSpec {
        name: "norm-inf",
        help: "‖A‖_∞, the largest row sum of |entries|",
    },
    ReadoutSpec {
        name: "condition",
        help: "The condition number σ_max/σ_min, or “∞ (singular)”",
    },
    ReadoutSpec {
        name: "singular-values",
        help: "The singular values of A, largest first",
    },
    ReadoutSpec {
        name: "eigen-case",
        help: "symmetric, real, complex or defective, or why there are no eigenvalues (not square)",
    },
    ReadoutSpec {
        name: "eigenvalues",
        help: "The eigenvalues as text (a ± bi for complex ones), largest real part first",
    },
    ReadoutSpec {
        name: "eigenvector.{k}",
        help: "A unit eigenvector of the k-th eigenvalue (complex entries as a ± bi), or “none (defective)”",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "grids",
        title: "A, B and the result",
        alt: "A, B and the result as grids of cells coloured by value (blue negative, red positive) with their numbers. For A·B the selected result entry is outlined with the row of A and the column of B it is computed from. Click a result cell to select it; with the plot focused, the arrow keys move the selection.",
        aspect_ratio: 0.5,
        interactive: true,
    },
    PlotSpec {
        id: "spectrum",
        title: "Singular values and |eigenvalues| of A",
        alt: "Bars of the singular values of A and, for square A, the moduli of its eigenvalues, largest first.",
        aspect_ratio: 0.45,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "matrix-calculator",
    title: "Matrix calculator",
    chapter: Chapter::LinearAlgebra,
    summary: "The NumPy examples of “Mathematical Foundations for Deep Learning”, done right: A·B next to A∘B, transpose, inverse, determinant, rank, norms, eigen decomposition and SVD of matrices up to 6x6.",
    explanation: r#"Type matrices row by row: rows separated by `;`, entries by `,` (so `1,2;3,4` is $\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}$). Each cell is coloured by its value, blue for negative and red for positive.

Two different products are easy to confuse, and *Mathematical Foundations for Deep Learning* does: it calls the elementwise `np.multiply` a matrix product. The **matrix product** (`np.dot`, `@`) combines rows with columns: entry $(i, j)$ is row $i$ of $A$ dotted with column $j$ of $B$, so an $m\times n$ matrix can only multiply an $n\times p$ one. Click a result cell to see which row and column it uses.

$$(AB)_{ij} = \sum_{k=1}^{n} a_{ik}\, b_{kj}, \qquad (A \circ B)_{ij} = a_{ij}\, b_{ij}$$

The **elementwise** (Hadamard) product (`np.multiply`, `*`) multiplies matching entries and needs equal shapes. The article's two $2\times 3$ matrices have the elementwise product $\begin{pmatrix} 900 & 1600 & 2100 \\ 2400 & 2500 & 2400 \end{pmatrix}$, but no matrix product: 3 columns cannot meet 2 rows. $\texttt{np.dot}\left(\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}, \begin{pmatrix} 5 & 6 \\ 7 & 8 \end{pmatrix}\right) = \begin{pmatrix} 19 & 22 \\ 43 & 50 \end{pmatrix}$.

The readouts describe $A$. The **determinant** of integer matrices is computed exactly, by fraction-free (Bareiss) elimination in integers: $\det\begin{pmatrix} -1 & 2 \\ 3 & -4 \end{pmatrix} = 4 - 6 = -2$, where NumPy's floating-point LU prints $-2.0000000000000004$. The **inverse** exists when $\det A \ne 0$; numerically $A$ counts as singular when its smallest singular value is at most $n\,\varepsilon\,\sigma_{\max}$, the tolerance NumPy's `matrix_rank` uses for the **rank**. The inverse of $\begin{pmatrix} -1 & 2 \\ -3 & 4 \end{pmatrix}$ is $\begin{pmatrix} 2 & -1 \\ 1.5 & -0.5 \end{pmatrix}$.

The norms: $\lVert A\rVert_1$ is the largest column sum of $|a_{ij}|$, $\lVert A\rVert_\infty$ the largest row sum, $\lVert A\rVert_2 = \sigma_{\max}$, and $\lVert A\rVert_F = \sqrt{\sum_{ij} a_{ij}^2}$ ($\sqrt{28} = 5.291502622129181$ for the article's $\begin{pmatrix} 1 & 2 & 3 \\ -1 & -2 & -3 \end{pmatrix}$). The condition number $\kappa = \sigma_{\max}/\sigma_{\min}$ says how many digits solving $Ax = b$ can lose.

An **eigenvector** keeps its direction, $Av = \lambda v$. A symmetric matrix has real eigenvalues and orthonormal eigenvectors (the article's $\begin{pmatrix} -1 & 2 \\ 2 & -1 \end{pmatrix}$: $\lambda = 1$ and $\lambda = -3$). A general real matrix may have complex pairs $a \pm bi$ (a rotation), or be **defective**: a repeated eigenvalue with too few eigenvectors, like the shear $\begin{pmatrix} 1 & 1 \\ 0 & 1 \end{pmatrix}$. The **SVD** $A = U\Sigma V^\top$ exists for every matrix; the bars compare the singular values with $|\lambda|$."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(MatrixCalculator::default()),
};

/// The operation shown in the result grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operation {
    Product,
    Elementwise,
    Transpose,
    Inverse,
    Eigen,
    Svd,
}

impl Operation {
    fn from_id(id: &str) -> Operation {
        match id {
            "elementwise" => Operation::Elementwise,
            "transpose" => Operation::Transpose,
            "inverse" => Operation::Inverse,
            "eigen" => Operation::Eigen,
            "svd" => Operation::Svd,
            _ => Operation::Product,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Operation::Product => "product",
            Operation::Elementwise => "elementwise",
            Operation::Transpose => "transpose",
            Operation::Inverse => "inverse",
            Operation::Eigen => "eigen",
            Operation::Svd => "svd",
        }
    }

    fn uses_b(self) -> bool {
        matches!(self, Operation::Product | Operation::Elementwise)
    }

    /// The result grid's title.
    fn result_name(self) -> &'static str {
        match self {
            Operation::Product => "A·B",
            Operation::Elementwise => "A∘B",
            Operation::Transpose => "Aᵀ",
            Operation::Inverse => "A⁻¹",
            Operation::Eigen => "V (eigenvectors)",
            Operation::Svd => "U",
        }
    }
}

/// A result the grids show: the operation and its operands as they were.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    operation: Operation,
    a: Matrix,
    b: Matrix,
    result: Matrix,
}

/// Everything computed from A alone.
#[derive(Clone, Debug)]
struct Analysis {
    determinant: Result<f64, MatrixError>,
    rank: usize,
    norms: Norms,
    condition: Option<f64>,
    singular_values: Vec<f64>,
    eigen: Result<Eigen, MatrixError>,
}

/// The state of the matrix calculator.
#[derive(Clone, Debug)]
pub struct MatrixCalculator {
    /// Matrix A as typed (the last text that parsed).
    a: Matrix,
    /// Matrix B (used by the two products).
    b: Matrix,
    operation: Operation,
    /// The selected result cell, 0-based (row, column); drawn clamped to the result's shape.
    cell: (usize, usize),
    /// The current result, or why there is none.
    outcome: Result<Matrix, String>,
    /// The last result that could be computed; it stays on screen while the operation fails.
    last_good: Option<Shown>,
    analysis: Analysis,
}

impl Default for MatrixCalculator {
    fn default() -> Self {
        let a = Matrix::from_row_slice(2, 2, &[1.0, 2.0, 3.0, 4.0]);
        let mut demo = Self {
            analysis: analyze(&a),
            a,
            b: Matrix::from_row_slice(2, 2, &[5.0, 6.0, 7.0, 8.0]),
            operation: Operation::Product,
            cell: (0, 0),
            outcome: Err(String::new()),
            last_good: None,
        };
        demo.recompute();
        demo
    }
}

fn analyze(a: &Matrix) -> Analysis {
    Analysis {
        determinant: determinant(a),
        rank: rank(a),
        norms: norms(a),
        condition: condition_number(a),
        singular_values: singular_values(a),
        eigen: eigen(a),
    }
}

/// Up to four significant digits, short enough for a grid cell (“1600”, “0.6667”, “1.2e6”).
fn compact(x: f64) -> String {
    if x == 0.0 || x.abs() < 1e-12 {
        return "0".to_owned();
    }
    let magnitude = x.abs();
    let text = if !(1e-3..1e5).contains(&magnitude) {
        let text = format!("{x:.2e}");
        match text.split_once('e') {
            Some((mantissa, exponent)) => format!(
                "{}e{exponent}",
                mantissa.trim_end_matches('0').trim_end_matches('.')
            ),
            None => text,
        }
    } else {
        let decimals = (3 - magnitude.log10().floor() as i32).clamp(0, 4) as usize;
        let text = format!("{x:.decimals$}");
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            text
        }
    };
    text.replace('-', "−")
}

fn format_complex(z: nalgebra::Complex<f64>) -> String {
    write_complex(z, compact, "−")
}

/// A complex number at full precision for `data-value` (ASCII minus, so it parses).
fn exact_complex(z: nalgebra::Complex<f64>) -> String {
    write_complex(z, exact_number, "-")
}

fn write_complex(z: nalgebra::Complex<f64>, number: fn(f64) -> String, minus: &str) -> String {
    if z.im == 0.0 {
        number(z.re)
    } else {
        let sign = if z.im < 0.0 { minus } else { "+" };
        format!("{} {sign} {}i", number(z.re), number(z.im.abs()))
    }
}

/// A list readout: `shown` rounds each element for the reader, `exact` writes each at full
/// precision for `data-value`.
fn written_list<T: Copy>(
    values: &[T],
    shown: impl Fn(T) -> String,
    exact: impl Fn(T) -> String,
) -> ReadoutValue {
    let join =
        |f: &dyn Fn(T) -> String| values.iter().map(|&v| f(v)).collect::<Vec<_>>().join(", ");
    ReadoutValue::Written {
        shown: join(&shown),
        exact: join(&exact),
    }
}

fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32('₀' as u32 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}

/// A cell text `row,column` (from 1) as a 0-based pair.
fn parse_cell(value: &str) -> Result<(usize, usize), String> {
    let message = || format!("“{value}” is not a cell; write row,column from 1 to 6 (e.g. 2,1)");
    let (row, column) = value.trim().split_once(',').ok_or_else(message)?;
    let parse = |text: &str| -> Result<usize, String> {
        let n: usize = text.trim().parse().map_err(|_| message())?;
        if (1..=crate::math::matrices::MAX_DIMENSION).contains(&n) {
            Ok(n - 1)
        } else {
            Err(message())
        }
    };
    Ok((parse(row)?, parse(column)?))
}

/// Splits text at spaces into at most `max_lines` lines of `width` characters, the last one
/// ending in “…” when the text does not fit.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let fits = lines.last().is_some_and(|line| {
            line.is_empty() || line.chars().count() + 1 + word.chars().count() <= width
        });
        if !fits {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{kept}…");
        }
    }
    lines
}

/// Where the grids go, in device pixels.
struct Layout {
    /// Top-left corner of each block (A, B if shown, result).
    blocks: Vec<(f64, f64)>,
    cell: f64,
    title_height: f64,
}

impl MatrixCalculator {
    fn recompute(&mut self) {
        self.analysis = analyze(&self.a);
        let text = |error: MatrixError| error.to_string();
        self.outcome = match self.operation {
            Operation::Product => product(&self.a, &self.b).map_err(text),
            Operation::Elementwise => elementwise(&self.a, &self.b).map_err(text),
            Operation::Transpose => Ok(self.a.transpose()),
            Operation::Inverse => inverse(&self.a).map_err(text),
            Operation::Eigen => match &self.analysis.eigen {
                Ok(e) if e.has_complex() => Err("complex eigenvalues: the eigenvectors are complex, see the eigenvector readouts".to_owned()),
                Ok(e) if e.defective => Err("defective: A has fewer independent eigenvectors than n, so V is not a basis (see the readouts)".to_owned()),
                Ok(e) => Ok(Matrix::from_fn(self.a.nrows(), self.a.nrows(), |i, j| {
                    e.pairs[j].vector.as_ref().map_or(0.0, |v| v[i].re)
                })),
                Err(error) => Err(error.to_string()),
            },
            Operation::Svd => svd(&self.a).map(|s| s.u).map_err(text),
        };
        if let Ok(result) = &self.outcome {
            self.last_good = Some(Shown {
                operation: self.operation,
                a: self.a.clone(),
                b: self.b.clone(),
                result: result.clone(),
            });
        }
    }

    fn preset_id(&self) -> &'static str {
        PRESETS
            .iter()
            .map(|(id, _)| *id)
            .find(|id| {
                preset(id).is_some_and(|(a, b, operation)| {
                    parse_matrix(a).ok().as_ref() == Some(&self.a)
                        && b.is_none_or(|b| parse_matrix(b).ok().as_ref() == Some(&self.b))
                        && operation == self.operation.id()
                })
            })
            .unwrap_or("custom")
    }

    /// The selected cell clamped to a result's shape.
    fn clamped_cell(&self, result: &Matrix) -> (usize, usize) {
        (
            self.cell.0.min(result.nrows().saturating_sub(1)),
            self.cell.1.min(result.ncols().saturating_sub(1)),
        )
    }

    /// How entry (i, j) of the shown result is computed.
    fn cell_recipe(shown: &Shown, (i, j): (usize, usize)) -> String {
        let name = shown.operation.result_name();
        let at = format!("{}{},{}", "", subscript(i + 1), subscript(j + 1));
        let value = compact(shown.result[(i, j)]);
        match shown.operation {
            Operation::Product => {
                let terms: Vec<String> = (0..shown.a.ncols())
                    .map(|k| {
                        let factor = |x: f64| {
                            if x < 0.0 {
                                format!("({})", compact(x))
                            } else {
                                compact(x)
                            }
                        };
                        format!("{}·{}", factor(shown.a[(i, k)]), factor(shown.b[(k, j)]))
                    })
                    .collect();
                format!("({name}){at} = {} = {value}", terms.join(" + "))
            }
            Operation::Elementwise => format!(
                "({name}){at} = {} · {} = {value}",
                compact(shown.a[(i, j)]),
                compact(shown.b[(i, j)])
            ),
            Operation::Transpose => format!(
                "(Aᵀ){at} = a{}{} = {value}",
                subscript(j + 1),
                subscript(i + 1)
            ),
            Operation::Inverse => format!("(A⁻¹){at} = {value}"),
            Operation::Eigen => format!("component {} of eigenvector {} = {value}", i + 1, j + 1),
            Operation::Svd => format!(
                "component {} of the left singular vector u{} = {value}",
                i + 1,
                subscript(j + 1)
            ),
        }
    }

    /// The grids' layout for a frame: A [op B] = result, side by side, one cell size.
    fn layout(shown: &Shown, frame: &Frame) -> Layout {
        let width = frame.geometry.pixel_width() as f64;
        let height = frame.geometry.pixel_height() as f64;
        let mut shapes = vec![shown.a.shape()];
        if shown.operation.uses_b() {
            shapes.push(shown.b.shape());
        }
        shapes.push(shown.result.shape());
        let gap = frame.px(34.0);
        let margin = frame.px(10.0);
        let title_height = frame.px(22.0);
        let footer = frame.px(44.0);
        let columns: f64 = shapes.iter().map(|s| s.1 as f64).sum();
        let rows = shapes.iter().map(|s| s.0).max().unwrap_or(1) as f64;
        let available_width = width - 2.0 * margin - gap * (shapes.len() - 1) as f64;
        let available_height = height - title_height - footer - 2.0 * margin;
        let cell = (available_width / columns)
            .min(available_height / rows)
            .min(frame.px(72.0))
            .max(1.0);
        let total = columns * cell + gap * (shapes.len() - 1) as f64;
        let mut x = (width - total) / 2.0;
        let grid_height = rows * cell;
        let top = margin + title_height + ((available_height - grid_height) / 2.0).max(0.0);
        let mut blocks = Vec::new();
        for shape in &shapes {
            // Shorter blocks are centred vertically on the tallest one.
            let y = top + (grid_height - shape.0 as f64 * cell) / 2.0;
            blocks.push((x, y));
            x += shape.1 as f64 * cell + gap;
        }
        Layout {
            blocks,
            cell,
            title_height,
        }
    }

    fn shown(&self) -> Option<&Shown> {
        self.last_good.as_ref()
    }

    fn draw_grids<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let width = frame.geometry.pixel_width() as f64;
        let height = frame.geometry.pixel_height() as f64;
        let Some(shown) = self.shown() else {
            // Only possible when a link's inputs fail from the start.
            let message = self.outcome.as_ref().err().cloned().unwrap_or_default();
            area.draw(&Text::new(
                message,
                (frame.px(10.0) as i32, (height / 2.0) as i32),
                text_style(frame, 13.0, frame.theme.label_colour(SERIES_COLOURS[3])),
            ))
            .map_err(draw_error)?;
            return Ok(());
        };
        let stale = self.outcome.is_err();
        let layout = Self::layout(shown, frame);
        let cell = layout.cell;
        let mut blocks: Vec<(&Matrix, String)> = vec![(&shown.a, "A".to_owned())];
        if shown.operation.uses_b() {
            blocks.push((&shown.b, "B".to_owned()));
        }
        let result_title = if stale {
            format!("{} (last good result)", shown.operation.result_name())
        } else {
            shown.operation.result_name().to_owned()
        };
        blocks.push((&shown.result, result_title));
        let (ci, cj) = self.clamped_cell(&shown.result);
        let font = (cell / frame.px(1.0) * 0.27).clamp(8.0, 15.0);
        // Azure: the cells are shades of red, and the outline must stand out on all of them.
        let highlight = SERIES_COLOURS[5];
        for (index, ((matrix, title), &(x0, y0))) in blocks.iter().zip(&layout.blocks).enumerate() {
            let is_result = index + 1 == blocks.len();
            let scale = matrix
                .iter()
                .fold(0.0f64, |m, x| m.max(x.abs()))
                .max(1e-300);
            for i in 0..matrix.nrows() {
                for j in 0..matrix.ncols() {
                    let value = matrix[(i, j)];
                    let t = value / scale;
                    let mut colour = diverging(t);
                    if stale && is_result {
                        // Faded: the last good result is shown but not current.
                        colour = colour.map(|c| ((u16::from(c) + 2 * 235) / 3) as u8);
                    }
                    let (x, y) = (x0 + j as f64 * cell, y0 + i as f64 * cell);
                    area.draw(&Rectangle::new(
                        [(x as i32, y as i32), ((x + cell) as i32, (y + cell) as i32)],
                        rgb(colour).filled(),
                    ))
                    .map_err(draw_error)?;
                    area.draw(&Rectangle::new(
                        [(x as i32, y as i32), ((x + cell) as i32, (y + cell) as i32)],
                        line_style(theme.background, frame, 1.0),
                    ))
                    .map_err(draw_error)?;
                    let ink = if t.abs() > 0.6 && !(stale && is_result) {
                        [255, 255, 255]
                    } else {
                        [20, 20, 20]
                    };
                    let text = compact(value);
                    // Long numbers (“−0.7071”) get a smaller font so they stay inside.
                    let font =
                        font.min(cell / frame.px(1.0) / (0.62 * text.chars().count() as f64 + 0.8));
                    let style =
                        text_style(frame, font, ink).pos(Pos::new(HPos::Center, VPos::Center));
                    area.draw(&Text::new(
                        text,
                        ((x + cell / 2.0) as i32, (y + cell / 2.0) as i32),
                        style,
                    ))
                    .map_err(draw_error)?;
                }
            }
            // The block's title, with its shape.
            area.draw(&Text::new(
                format!("{title}  ({}×{})", matrix.nrows(), matrix.ncols()),
                (x0 as i32, (y0 - layout.title_height + frame.px(2.0)) as i32),
                text_style(frame, 13.0, theme.text),
            ))
            .map_err(draw_error)?;
            // The operator between blocks.
            if index + 1 < blocks.len() {
                let symbol = if !shown.operation.uses_b() {
                    // A unary operation maps A to the result; it is not equal to it.
                    "→"
                } else if index + 2 == blocks.len() {
                    "="
                } else if shown.operation == Operation::Product {
                    "·"
                } else {
                    "∘"
                };
                let mid_x = x0 + matrix.ncols() as f64 * cell + frame.px(17.0);
                let mid_y = y0 + matrix.nrows() as f64 * cell / 2.0;
                area.draw(&Text::new(
                    symbol,
                    (mid_x as i32, mid_y as i32),
                    text_style(frame, 20.0, theme.text).pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(draw_error)?;
            }
        }
        // The selection: the result cell and what it is made of.
        let outline = |x0: f64, y0: f64, rows: (usize, usize), cols: (usize, usize)| {
            Rectangle::new(
                [
                    (
                        (x0 + cols.0 as f64 * cell) as i32,
                        (y0 + rows.0 as f64 * cell) as i32,
                    ),
                    (
                        (x0 + cols.1 as f64 * cell) as i32,
                        (y0 + rows.1 as f64 * cell) as i32,
                    ),
                ],
                line_style(highlight, frame, 3.0),
            )
        };
        let (ax, ay) = layout.blocks[0];
        let (rx, ry) = layout.blocks[layout.blocks.len() - 1];
        area.draw(&outline(rx, ry, (ci, ci + 1), (cj, cj + 1)))
            .map_err(draw_error)?;
        match shown.operation {
            Operation::Product => {
                let (bx, by) = layout.blocks[1];
                area.draw(&outline(ax, ay, (ci, ci + 1), (0, shown.a.ncols())))
                    .map_err(draw_error)?;
                area.draw(&outline(bx, by, (0, shown.b.nrows()), (cj, cj + 1)))
                    .map_err(draw_error)?;
            }
            Operation::Elementwise => {
                let (bx, by) = layout.blocks[1];
                area.draw(&outline(ax, ay, (ci, ci + 1), (cj, cj + 1)))
                    .map_err(draw_error)?;
                area.draw(&outline(bx, by, (ci, ci + 1), (cj, cj + 1)))
                    .map_err(draw_error)?;
            }
            Operation::Transpose => {
                area.draw(&outline(ax, ay, (cj, cj + 1), (ci, ci + 1)))
                    .map_err(draw_error)?;
            }
            _ => {}
        }
        // The footer: the recipe of the selected cell, or the error in red.
        let (footer, colour) = match &self.outcome {
            Ok(_) => (Self::cell_recipe(shown, (ci, cj)), theme.text),
            Err(message) => (message.clone(), theme.label_colour(SERIES_COLOURS[3])),
        };
        let footer_font = 13.0;
        let max_chars = ((width / frame.px(footer_font * 0.55)) as usize).max(10);
        for (line, text) in wrap(&footer, max_chars, 2).into_iter().enumerate() {
            area.draw(&Text::new(
                text,
                (
                    frame.px(10.0) as i32,
                    (height - frame.px(40.0 - 18.0 * line as f64)) as i32,
                ),
                text_style(frame, footer_font, colour),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_spectrum<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let sigma = &self.analysis.singular_values;
        let moduli: Vec<f64> = match &self.analysis.eigen {
            Ok(e) => e.pairs.iter().map(|p| p.value.norm()).collect(),
            Err(_) => Vec::new(),
        };
        let count = sigma.len().max(moduli.len()).max(1);
        let top = sigma
            .iter()
            .chain(&moduli)
            .fold(0.0f64, |m, &x| m.max(x))
            .max(1e-9)
            * 1.25;
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_top(frame.px(24.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(-0.5..count as f64 - 0.5, 0.0..top)
            .map_err(draw_error)?;
        // One tick per index k, labelled from 1 like the readouts.
        chart
            .configure_mesh()
            .themed(frame)
            .x_desc("k (largest first)")
            .y_desc("value")
            .x_labels(count)
            .y_labels(5)
            .x_label_formatter(&|x| {
                if (x - x.round()).abs() < 1e-9 && *x >= 0.0 {
                    format!("{}", x.round() as usize + 1)
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| format_tick(*y, tick_step(0.0, top, 5)))
            .disable_x_mesh()
            .draw()
            .map_err(draw_error)?;
        let label_style =
            text_style(frame, 11.0, frame.theme.text).pos(Pos::new(HPos::Center, VPos::Bottom));
        for (series, values, offset, colour) in [
            ("σ", sigma.as_slice(), -0.38, SERIES_COLOURS[0]),
            ("|λ|", moduli.as_slice(), 0.02, SERIES_COLOURS[1]),
        ] {
            for (k, &value) in values.iter().enumerate() {
                let left = k as f64 + offset;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(left, 0.0), (left + 0.36, value)],
                        fill_style(colour),
                    )))
                    .map_err(draw_error)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        // A singular value of 3e-17 is a rank deficiency: "≈ 0", not "3e-17".
                        format_plot_number(super::params::round_significant(value, 4)),
                        (left + 0.18, value),
                        label_style.clone(),
                    )))
                    .map_err(draw_error)?;
            }
            let _ = series;
        }
        // A key with colour swatches rather than colour names, which not every reader can
        // match to the bars.
        if moduli.is_empty() {
            draw_legend(
                area,
                frame,
                &[(
                    "singular values σₖ (A is not square: no eigenvalues)",
                    SERIES_COLOURS[0],
                )],
            )
        } else {
            draw_legend(
                area,
                frame,
                &[
                    ("singular values σₖ", SERIES_COLOURS[0]),
                    ("eigenvalue moduli |λₖ|", SERIES_COLOURS[1]),
                ],
            )
        }
    }
}

/// Matrices as table rows: one row per matrix row, labelled by the matrix and the row number,
/// with as many columns as the widest matrix (narrower rows are padded with empty cells).
fn matrix_rows_table(caption: &str, blocks: &[(&str, &Matrix)]) -> PlotTable {
    let width = blocks.iter().map(|(_, m)| m.ncols()).max().unwrap_or(0);
    let headings: Vec<String> = ["Matrix".to_owned(), "Row".to_owned()]
        .into_iter()
        .chain((1..=width).map(|j| format!("column {j}")))
        .collect();
    let headings: Vec<&str> = headings.iter().map(String::as_str).collect();
    let mut table = PlotTable::new(caption, &headings);
    for (name, m) in blocks {
        for i in 0..m.nrows() {
            let mut row = vec![
                ReadoutValue::Text((*name).to_owned()),
                ReadoutValue::Integer(i as i64 + 1),
            ];
            row.extend((0..width).map(|j| {
                if j < m.ncols() {
                    ReadoutValue::Number(m[(i, j)])
                } else {
                    ReadoutValue::Text(String::new())
                }
            }));
            table.rows.push(row);
        }
    }
    table
}

impl DrawDemo for MatrixCalculator {
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
            0 => self.draw_grids(area, frame),
            _ => self.draw_spectrum(area, frame),
        }
    }
}

impl Demo for MatrixCalculator {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "preset" => self.preset_id().to_owned(),
            "a" => format_matrix(&self.a),
            "b" => format_matrix(&self.b),
            "operation" => self.operation.id().to_owned(),
            "cell" => format!("{},{}", self.cell.0 + 1, self.cell.1 + 1),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "preset" => {
                if let Some((a, b, operation)) = preset(parse_choice(value, PRESETS)?) {
                    self.a = parse_matrix(a)?;
                    if let Some(b) = b {
                        self.b = parse_matrix(b)?;
                    }
                    self.operation = Operation::from_id(operation);
                }
            }
            "a" => self.a = parse_matrix(value).map_err(|e| format!("A: {e}"))?,
            "b" => self.b = parse_matrix(value).map_err(|e| format!("B: {e}"))?,
            "operation" => self.operation = Operation::from_id(parse_choice(value, OPERATIONS)?),
            "cell" => self.cell = parse_cell(value)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        match key {
            "b" => self.operation.uses_b(),
            _ => true,
        }
    }

    fn readouts(&self) -> Vec<Readout> {
        let readout = |name: String, label: String, value: ReadoutValue| Readout {
            name,
            label,
            value,
            group: String::new(),
        };
        let number = |name: &str, label: &str, value: f64| {
            readout(
                name.to_owned(),
                label.to_owned(),
                ReadoutValue::Number(value),
            )
        };
        let text = |name: &str, label: &str, value: String| {
            readout(name.to_owned(), label.to_owned(), ReadoutValue::Text(value))
        };
        let mut readouts = Vec::new();
        readouts.push(text(
            "status",
            "Status",
            match &self.outcome {
                Ok(_) => "ok".to_owned(),
                // The first clause (“shape mismatch”, “singular”); the notice says the rest.
                Err(message) => format!(
                    "{}; the last good result stays",
                    message.split(':').next().unwrap_or(message)
                ),
            },
        ));
        let result_shape = match &self.outcome {
            Ok(r) => format!("{}×{}", r.nrows(), r.ncols()),
            Err(_) => "none".to_owned(),
        };
        let shape = if self.operation.uses_b() {
            format!(
                "A {}×{}, B {}×{} → {result_shape}",
                self.a.nrows(),
                self.a.ncols(),
                self.b.nrows(),
                self.b.ncols()
            )
        } else {
            format!("A {}×{} → {result_shape}", self.a.nrows(), self.a.ncols())
        };
        readouts.push(text("shape", "Shapes", shape));
        if let Some(shown) = self.shown() {
            let name = shown.operation.result_name();
            for i in 0..shown.result.nrows() {
                for j in 0..shown.result.ncols() {
                    readouts.push(Readout {
                        name: format!("result.{}.{}", i + 1, j + 1),
                        label: format!("{},{}", i + 1, j + 1),
                        value: ReadoutValue::Number(shown.result[(i, j)]),
                        group: format!("Result {name}"),
                    });
                }
            }
            readouts.push(text(
                "cell",
                "Selected entry",
                Self::cell_recipe(shown, self.clamped_cell(&shown.result)),
            ));
        }
        let analysis = &self.analysis;
        let square_only = |e: &MatrixError| match e {
            MatrixError::NotSquare { shape, .. } => {
                format!("undefined: A is {}×{}, not square", shape.0, shape.1)
            }
            other => format!("undefined: {other}"),
        };
        readouts.push(match &analysis.determinant {
            Ok(det) => number("det", "det A", *det),
            Err(e) => text("det", "det A", square_only(e)),
        });
        readouts.push(if self.a.is_square() {
            number("trace", "tr A", self.a.trace())
        } else {
            text("trace", "tr A", "undefined: A is not square".to_owned())
        });
        readouts.push(readout(
            "rank".to_owned(),
            "rank A".to_owned(),
            ReadoutValue::Integer(analysis.rank as i64),
        ));
        readouts.push(number("norm-l1", "‖A‖₁", analysis.norms.l1));
        readouts.push(number("norm-l2", "‖A‖₂", analysis.norms.l2));
        readouts.push(number("norm-frobenius", "‖A‖_F", analysis.norms.frobenius));
        readouts.push(number("norm-inf", "‖A‖_∞", analysis.norms.infinity));
        readouts.push(match analysis.condition {
            Some(kappa) => number("condition", "Condition κ", kappa),
            None => text("condition", "Condition κ", "∞ (singular)".to_owned()),
        });
        readouts.push(readout(
            "singular-values".to_owned(),
            "Singular values".to_owned(),
            written_list(&analysis.singular_values, compact, exact_number),
        ));
        match &analysis.eigen {
            Ok(e) => {
                let case = if e.symmetric {
                    "symmetric: real eigenvalues, orthonormal eigenvectors"
                } else if e.defective {
                    "defective: a repeated eigenvalue with too few eigenvectors"
                } else if e.has_complex() {
                    "complex conjugate pair(s)"
                } else {
                    "real eigenvalues"
                };
                readouts.push(text("eigen-case", "Eigen case", case.to_owned()));
                let values: Vec<_> = e.pairs.iter().map(|p| p.value).collect();
                readouts.push(readout(
                    "eigenvalues".to_owned(),
                    "Eigenvalues".to_owned(),
                    written_list(&values, format_complex, exact_complex),
                ));
                for (k, pair) in e.pairs.iter().enumerate() {
                    let vector = match &pair.vector {
                        Some(v) => {
                            let join = |write: fn(nalgebra::Complex<f64>) -> String| {
                                let entries: Vec<String> = v.iter().map(|&z| write(z)).collect();
                                format!("({})", entries.join(", "))
                            };
                            ReadoutValue::Written {
                                shown: join(format_complex),
                                exact: join(exact_complex),
                            }
                        }
                        None => ReadoutValue::Text("none (defective)".to_owned()),
                    };
                    readouts.push(readout(
                        format!("eigenvector.{}", k + 1),
                        format!("v{} (λ = {})", subscript(k + 1), format_complex(pair.value)),
                        vector,
                    ));
                }
            }
            Err(e) => {
                readouts.push(text("eigen-case", "Eigen case", square_only(e)));
            }
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Err(message) = &self.outcome {
            let mut text = format!("{}: {message}.", self.operation.result_name());
            if message.starts_with("shape mismatch") {
                text.push_str(" np.multiply (or *) is the elementwise product A∘B and needs equal shapes; np.dot (or @) is the matrix product A·B and needs as many columns in A as rows in B.");
            }
            if self.last_good.is_some() {
                text.push_str(" The last good result stays on screen.");
            }
            notices.push(Notice {
                level: NoticeLevel::Error,
                text,
            });
        }
        if let Ok(e) = &self.analysis.eigen
            && e.defective
        {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "A is defective: a repeated eigenvalue has fewer independent eigenvectors than its multiplicity, so A cannot be diagonalised.".to_owned(),
            });
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || input.phase == PointerPhase::Up {
            return false;
        }
        let Some(shown) = self.shown() else {
            return false;
        };
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let layout = Self::layout(shown, &frame);
        let (x0, y0) = layout.blocks[layout.blocks.len() - 1];
        let (column, row) = ((input.x - x0) / layout.cell, (input.y - y0) / layout.cell);
        if column < 0.0 || row < 0.0 {
            return false;
        }
        let (row, column) = (row as usize, column as usize);
        if row >= shown.result.nrows() || column >= shown.result.ncols() {
            return false;
        }
        let changed = self.cell != (row, column);
        self.cell = (row, column);
        changed
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let Some(shown) = self.shown() else {
            return false;
        };
        let (rows, columns) = shown.result.shape();
        let (i, j) = self.clamped_cell(&shown.result);
        let next = match key {
            "ArrowUp" => (i.saturating_sub(1), j),
            "ArrowDown" => ((i + 1).min(rows - 1), j),
            "ArrowLeft" => (i, j.saturating_sub(1)),
            "ArrowRight" => (i, (j + 1).min(columns - 1)),
            _ => return false,
        };
        let changed = next != self.cell;
        self.cell = next;
        changed
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        Some(match plot {
            0 => {
                let Some(shown) = self.shown() else {
                    // Nothing could be computed: the grid shows A alone and the message.
                    return Some(matrix_rows_table(
                        "The matrix A (no result could be computed)",
                        &[("A", &self.a)],
                    ));
                };
                let stale = if self.outcome.is_err() {
                    " (the last good result: the current inputs fail)"
                } else {
                    ""
                };
                let mut blocks = vec![("A", &shown.a)];
                if shown.operation.uses_b() {
                    blocks.push(("B", &shown.b));
                }
                blocks.push((shown.operation.result_name(), &shown.result));
                let caption = format!(
                    "The grids, one row per matrix row: {}{stale}; the selected entry is {}",
                    blocks
                        .iter()
                        .map(|(name, _)| *name)
                        .collect::<Vec<_>>()
                        .join(", "),
                    Self::cell_recipe(shown, self.clamped_cell(&shown.result))
                );
                matrix_rows_table(&caption, &blocks)
            }
            1 => {
                let sigma = &self.analysis.singular_values;
                let moduli: Vec<f64> = match &self.analysis.eigen {
                    Ok(e) => e.pairs.iter().map(|p| p.value.norm()).collect(),
                    Err(_) => Vec::new(),
                };
                let mut table = PlotTable::new(
                    "The bars: singular values σₖ and eigenvalue moduli |λₖ| of A, largest first",
                    &["k", "σₖ", "|λₖ|"],
                );
                let number_or_none = |values: &[f64], k: usize| {
                    values
                        .get(k)
                        .map(|x| ReadoutValue::Number(*x))
                        .unwrap_or_else(|| ReadoutValue::Text("none".to_owned()))
                };
                for k in 0..sigma.len().max(moduli.len()).max(1) {
                    table.rows.push(vec![
                        ReadoutValue::Integer(k as i64 + 1),
                        number_or_none(sigma, k),
                        number_or_none(&moduli, k),
                    ]);
                }
                table
            }
            _ => return None,
        })
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        Some(match plot {
            0 => match self.shown() {
                Some(shown) => {
                    let shape = |m: &Matrix| format!("{}×{}", m.nrows(), m.ncols());
                    let operands = if shown.operation.uses_b() {
                        format!("A ({}) and B ({})", shape(&shown.a), shape(&shown.b))
                    } else {
                        format!("A ({})", shape(&shown.a))
                    };
                    let stale = match &self.outcome {
                        Err(message) => format!(
                            " The current inputs fail: {message}; the last good result stays."
                        ),
                        Ok(_) => String::new(),
                    };
                    format!(
                        "{operands} and the result {} ({}). Selected: {}.{stale}",
                        shown.operation.result_name(),
                        shape(&shown.result),
                        Self::cell_recipe(shown, self.clamped_cell(&shown.result))
                    )
                }
                None => format!(
                    "No result: {}",
                    self.outcome.as_ref().err().cloned().unwrap_or_default()
                ),
            },
            1 => {
                let sigma = &self.analysis.singular_values;
                let list = |values: &mut dyn Iterator<Item = f64>| {
                    values.map(compact).collect::<Vec<_>>().join(", ")
                };
                let eigen = match &self.analysis.eigen {
                    Ok(e) => format!(
                        "; eigenvalue moduli {}",
                        list(&mut e.pairs.iter().map(|p| p.value.norm()))
                    ),
                    Err(_) => " (A is not square: no eigenvalues)".to_owned(),
                };
                format!(
                    "Singular values of A {}{eigen}; rank {}.",
                    list(&mut sigma.iter().copied()),
                    self.analysis.rank
                )
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::test_support::readout_value as value;

    fn with_preset(id: &str) -> MatrixCalculator {
        let mut demo = MatrixCalculator::default();
        demo.set_param("preset", id).unwrap();
        demo
    }

    #[test]
    fn data_tables_hold_the_grids_and_the_spectrum() {
        let demo = MatrixCalculator::default();
        // [[1, 2], [3, 4]]·[[5, 6], [7, 8]] = [[19, 22], [43, 50]]: rows 5 and 6 of the table.
        let grids = demo.plot_table(0).unwrap();
        assert_eq!(grids.rows.len(), 6);
        let numbers = |row: &[ReadoutValue]| row[2..].to_vec();
        assert_eq!(
            numbers(&grids.rows[4]),
            [ReadoutValue::Number(19.0), ReadoutValue::Number(22.0)]
        );
        assert_eq!(
            numbers(&grids.rows[5]),
            [ReadoutValue::Number(43.0), ReadoutValue::Number(50.0)]
        );
        // σ of [[1, 2], [3, 4]]: √(15 ± √221) (the eigenvalues of AᵀA = [[10, 14], [14, 20]]).
        let spectrum = demo.plot_table(1).unwrap();
        let expected = [(15.0 + 221f64.sqrt()).sqrt(), (15.0 - 221f64.sqrt()).sqrt()];
        for (row, sigma) in spectrum.rows.iter().zip(expected) {
            let ReadoutValue::Number(value) = row[1] else {
                panic!("{row:?}")
            };
            assert!((value - sigma).abs() < 1e-12, "{value} vs {sigma}");
        }
        // |λ| = |(5 ± √33)/2|.
        let ReadoutValue::Number(lambda) = spectrum.rows[0][2] else {
            panic!()
        };
        assert!((lambda - (5.0 + 33f64.sqrt()) / 2.0).abs() < 1e-12);
        let description = demo.plot_description(0).unwrap();
        assert!(description.contains("= 19"), "{description}");
    }

    #[test]
    fn default_is_np_dot_with_the_recipe_of_entry_one_one() {
        let demo = MatrixCalculator::default();
        assert_eq!(demo.param("preset").as_deref(), Some("dot"));
        assert_eq!(value(&demo, "result.1.1"), ReadoutValue::Number(19.0));
        assert_eq!(value(&demo, "result.1.2"), ReadoutValue::Number(22.0));
        assert_eq!(value(&demo, "result.2.1"), ReadoutValue::Number(43.0));
        assert_eq!(value(&demo, "result.2.2"), ReadoutValue::Number(50.0));
        assert_eq!(
            value(&demo, "cell"),
            ReadoutValue::Text("(A·B)₁,₁ = 1·5 + 2·7 = 19".to_owned())
        );
        assert_eq!(value(&demo, "status"), ReadoutValue::Text("ok".to_owned()));
    }

    #[test]
    fn article_presets_give_their_correct_values() {
        let multiply = with_preset("multiply");
        assert_eq!(value(&multiply, "result.1.2"), ReadoutValue::Number(1600.0));
        assert_eq!(value(&multiply, "result.2.3"), ReadoutValue::Number(2400.0));
        assert_eq!(
            value(&with_preset("frobenius"), "norm-frobenius"),
            ReadoutValue::Number(5.291502622129181)
        );
        let inverse = with_preset("inverse");
        assert_eq!(value(&inverse, "result.1.1"), ReadoutValue::Number(2.0));
        assert_eq!(value(&inverse, "result.1.2"), ReadoutValue::Number(-1.0));
        assert_eq!(value(&inverse, "result.2.1"), ReadoutValue::Number(1.5));
        assert_eq!(value(&inverse, "result.2.2"), ReadoutValue::Number(-0.5));
        assert_eq!(
            value(&with_preset("det"), "det"),
            ReadoutValue::Number(-2.0)
        );
        assert_eq!(
            value(&with_preset("eigen"), "eigenvalues"),
            ReadoutValue::Written {
                shown: "1, −3".to_owned(),
                exact: "1, -3".to_owned()
            }
        );
    }

    #[test]
    fn shape_mismatch_keeps_the_last_good_result_and_explains() {
        let mut demo = with_preset("multiply");
        demo.set_param("operation", "product").unwrap();
        let ReadoutValue::Text(status) = value(&demo, "status") else {
            panic!()
        };
        assert!(status.starts_with("shape mismatch"), "{status}");
        // The elementwise result stays.
        assert_eq!(value(&demo, "result.1.1"), ReadoutValue::Number(900.0));
        assert!(demo.notices()[0].text.contains("np.multiply"));
        // Unparseable text is rejected with its position and nothing changes.
        let error = demo.set_param("a", "1,2;3,oops").unwrap_err();
        assert!(error.contains("row 2, column 2"), "{error}");
        assert!(demo.set_param("a", "1,NaN").is_err());
        assert_eq!(demo.param("a").as_deref(), Some("10,20,30;40,50,60"));
    }

    #[test]
    fn degenerate_inputs_give_messages_not_panics() {
        let mut demo = MatrixCalculator::default();
        demo.set_param("operation", "inverse").unwrap();
        demo.set_param("a", "1,2;2,4").unwrap();
        let ReadoutValue::Text(status) = value(&demo, "status") else {
            panic!()
        };
        assert_eq!(status, "singular; the last good result stays");
        assert!(demo.notices()[0].text.contains("σ_min = "));
        assert_eq!(
            value(&demo, "condition"),
            ReadoutValue::Text("∞ (singular)".to_owned())
        );
        demo.set_param("a", "1,2,3").unwrap();
        assert!(matches!(value(&demo, "det"), ReadoutValue::Text(t) if t.contains("not square")));
        demo.set_param("operation", "eigen").unwrap();
        demo.set_param("a", "1,1;0,1").unwrap();
        assert_eq!(
            value(&demo, "eigenvector.2"),
            ReadoutValue::Text("none (defective)".to_owned())
        );
        demo.set_param("a", "0,-1;1,0").unwrap();
        assert_eq!(
            value(&demo, "eigenvalues"),
            ReadoutValue::Written {
                shown: "0 + 1i, 0 − 1i".to_owned(),
                exact: "0 + 1i, 0 - 1i".to_owned()
            }
        );
        demo.set_param("a", "7").unwrap();
        assert_eq!(value(&demo, "result.1.1"), ReadoutValue::Number(1.0));
        for operation in ["product", "elementwise", "transpose", "svd"] {
            demo.set_param("operation", operation).unwrap();
            let _ = demo.readouts();
        }
    }

    #[test]
    fn clicking_and_arrow_keys_select_a_result_cell() {
        let mut demo = MatrixCalculator::default();
        let (width, height) = (800.0, 400.0);
        let frame = Frame::light(width, height, 1.0);
        let layout = MatrixCalculator::layout(demo.shown().unwrap(), &frame);
        let (x0, y0) = layout.blocks[2];
        let input = PointerInput {
            phase: PointerPhase::Down,
            x: x0 + 1.5 * layout.cell,
            y: y0 + 0.5 * layout.cell,
            css_width: width,
            css_height: height,
        };
        assert!(demo.pointer(0, input));
        assert_eq!(demo.param("cell").as_deref(), Some("1,2"));
        assert!(demo.key(0, "ArrowDown"));
        assert_eq!(demo.param("cell").as_deref(), Some("2,2"));
        assert!(!demo.key(0, "ArrowRight"), "already in the last column");
        assert_eq!(
            value(&demo, "cell"),
            ReadoutValue::Text("(A·B)₂,₂ = 3·6 + 4·8 = 50".to_owned())
        );
        assert!(demo.set_param("cell", "7,1").is_err());
    }
}
