//! Tensors: a rank-3 (up to rank-4) tensor explorer. Shape, rank, strides and dtype; one
//! element found by its index and flat offset; a slice along an axis; the same elements
//! re-cut by a reshape; and NumPy's broadcasting rule for two shapes, failing where it fails.
//! The tensor is article 003's `array([[[1,2,3],[4,5,6],[7,8,9]], [[11,…,19]]])` by default.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{line_style, text_style};
use super::params::{parse_choice, parse_integer};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame, Layer, Notice,
    NoticeLevel, PlotSpec, PlotTable, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error,
};
use crate::math::tensors::{
    DType, MAX_ELEMENTS, MAX_RANK, Tensor, align_for_broadcast, broadcast_shapes, format_shape,
    normalize_index, parse_integer_list, parse_shape, reshape_shape,
};
use crate::render::theme::{SERIES_COLOURS, rgb};

const DTYPES: &[(&str, &str)] = &[
    // Short enough for a select on any screen; the help says the rest.
    ("int64", "int64 (NumPy's integers)"),
    ("int32", "int32"),
    ("uint8", "uint8 (bytes, images)"),
    ("float32", "float32 (deep learning)"),
    ("float64", "float64 (NumPy's floats)"),
];

const AXES: &[(&str, &str)] = &[
    ("0", "axis 0"),
    ("1", "axis 1"),
    ("2", "axis 2"),
    ("3", "axis 3 (rank 4 only)"),
];

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "shape",
        aliases: &[],
        label: "Shape",
        kind: ControlKind::Text {
            placeholder: "2,3,3",
        },
        help: "The tensor's shape, up to rank 4 and 120 elements; (2,3,3) holds the values of the NumPy example in “Mathematical Foundations for Deep Learning”, other shapes are filled 1, 2, 3, …",
        group: "Tensor",
        example: "2,3,4",
    },
    ControlSpec {
        key: "dtype",
        aliases: &[],
        label: "dtype",
        kind: ControlKind::Select { options: DTYPES },
        help: "The element type: its size in bytes, its range and how a value is cast into it (int64 and float64 are NumPy's defaults for integers and floats)",
        group: "Tensor",
        example: "uint8",
    },
    ControlSpec {
        key: "index",
        aliases: &[],
        label: "Index i,j,k",
        kind: ControlKind::Text {
            placeholder: "1,2,0",
        },
        help: "One index per axis (negative counts from the end); also set by clicking a cell, arrow keys and PageUp/PageDown",
        group: "Indexing and slicing",
        example: "0,1,2",
    },
    ControlSpec {
        key: "axis",
        aliases: &[],
        label: "Slice along",
        kind: ControlKind::Select { options: AXES },
        help: "The axis the slice fixes: the slice keeps every other axis",
        group: "Indexing and slicing",
        example: "2",
    },
    ControlSpec {
        key: "slice",
        aliases: &[],
        label: "Slice index",
        kind: ControlKind::Integer {
            min: -(MAX_ELEMENTS as i64),
            max: MAX_ELEMENTS as i64 - 1,
        },
        help: "Where the slice cuts the chosen axis (negative counts from the end)",
        group: "Indexing and slicing",
        example: "0",
    },
    ControlSpec {
        key: "reshape",
        aliases: &[],
        label: "Reshape to",
        kind: ControlKind::Text { placeholder: "3,6" },
        help: "A new shape for the same elements in the same order; one length may be −1 (inferred). A wrong element count is shown failing",
        group: "Reshape and broadcast",
        example: "-1,2",
    },
    ControlSpec {
        key: "other",
        aliases: &[],
        label: "Broadcast with",
        kind: ControlKind::Text { placeholder: "3" },
        help: "A second shape to broadcast against the tensor's (e.g. 3, or 2,1,3); an incompatible one is shown failing",
        group: "Reshape and broadcast",
        example: "2",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "rank",
        help: "The number of axes (ndim)",
    },
    ReadoutSpec {
        name: "size",
        help: "The number of elements, the product of the shape",
    },
    ReadoutSpec {
        name: "shape",
        help: "The length of each axis, as NumPy prints it",
    },
    ReadoutSpec {
        name: "strides",
        help: "Elements to skip to move one step along each axis (C order)",
    },
    ReadoutSpec {
        name: "byte-strides",
        help: "The same strides in bytes, as NumPy's .strides reports them (× itemsize)",
    },
    ReadoutSpec {
        name: "nbytes",
        help: "The memory of the elements: size × itemsize",
    },
    ReadoutSpec {
        name: "dtype-range",
        help: "The values the dtype can hold",
    },
    ReadoutSpec {
        name: "dtype-cast",
        help: "What storing a value in the dtype does (rounding, truncation, wrap-around)",
    },
    ReadoutSpec {
        name: "element",
        help: "The element at the index, as stored in the dtype",
    },
    ReadoutSpec {
        name: "offset",
        help: "The element's flat position: the sum of index × stride",
    },
    ReadoutSpec {
        name: "slice-shape",
        help: "The shape of the slice: the tensor's shape without the sliced axis",
    },
    ReadoutSpec {
        name: "reshape-shape",
        help: "The shape after reshaping (−1 inferred), or why it fails: the element counts that differ",
    },
    ReadoutSpec {
        name: "broadcast-shape",
        help: "The broadcast shape of the tensor and the other shape, or the failing axis and its two lengths",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "tensor",
        title: "The tensor, one grid per index of axis 0",
        alt: "The tensor drawn as 2-D grids side by side, one per index of axis 0 (for rank 4, per pair of leading indices), each cell showing its value; the indexed element is outlined and the slice is shaded. Click a cell to index it; with the plot focused, arrow keys move within a grid and PageUp/PageDown change the grid.",
        aspect_ratio: 0.6,
        interactive: true,
    },
    PlotSpec {
        id: "layout",
        title: "Broadcasting and reshaping",
        alt: "Top: the two shapes aligned from the right, one box per axis, green where the lengths are equal or one is 1, red where they clash, with the result below. Bottom: the elements in flat C order, and the same sequence cut into the reshaped shape.",
        aspect_ratio: 0.95,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "tensors",
    title: "Tensors: shape, strides, slicing, reshaping, broadcasting",
    chapter: Chapter::LinearAlgebra,
    summary: "The (2, 3, 3) tensor of “Mathematical Foundations for Deep Learning”: index an element through its strides, slice along each axis, reshape in C order and broadcast two shapes (and watch the rule fail).",
    explanation: r#"A tensor is a block of numbers with a shape: the NumPy example of *Mathematical Foundations for Deep Learning*, `array([[[1,2,3],[4,5,6],[7,8,9]], [[11,12,13],[14,15,16],[17,18,19]]])`, has shape $(2, 3, 3)$: 2 grids of 3 rows and 3 columns, rank 3, $2 \cdot 3 \cdot 3 = 18$ elements. In memory the elements lie in one flat row, last axis fastest (C order), and the strides say how far apart neighbours along each axis are:

$$s_k = \prod_{m > k} n_m, \qquad \text{offset}(i_0, i_1, i_2) = \sum_k i_k\, s_k$$

For shape $(2, 3, 3)$ the strides are $(9, 3, 1)$, so `T[1, 2, 0]` sits at offset $1 \cdot 9 + 2 \cdot 3 + 0 \cdot 1 = 15$ and is 17. NumPy reports strides in bytes, multiplied by the dtype's item size: $(72, 24, 8)$ for int64. The dtype also fixes what a value can be: an integer that does not fit wraps around modulo $2^{\text{bits}}$ (in uint8, $300 \bmod 256 = 44$), float32 keeps about 7 significant digits.

- Slicing fixes one axis: `T[1]` is the second grid, shape $(3, 3)$; `T[:, 2, :]` takes the third row of every grid, shape $(2, 3)$; `T[:, :, 0]` the first column of every grid, shape $(2, 3)$.
- Reshaping keeps the flat sequence and re-cuts it: $(2, 3, 3) \to (3, 6)$ makes rows of 6 consecutive elements. The element count must match, so $(4, 5)$ fails ($20 \ne 18$); one length may be $-1$ and is inferred: $(-1, 9) \to (2, 9)$.
- Broadcasting lines two shapes up from the right. Along each axis the lengths must be equal or one of them 1 (a missing axis counts as 1), and the result takes the larger: $(2, 3, 3)$ with $(3,)$ gives $(2, 3, 3)$, and $(2, 1, 3)$ with $(3, 1)$ gives $(2, 3, 3)$. $(2, 3, 3)$ with $(2,)$ fails on the last axis: $3 \ne 2$ and neither is 1."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(TensorsDemo::default()),
};

/// The state of the tensor explorer.
#[derive(Clone, Debug)]
pub struct TensorsDemo {
    /// The tensor (its values follow from its shape, see [`Tensor::for_shape`]).
    tensor: Tensor,
    /// The element type, a label: the values are shown as stored in it.
    dtype: DType,
    /// The indexed element, one non-negative index per axis.
    index: Vec<usize>,
    /// The axis the slice fixes and where (non-negative, in bounds).
    slice_axis: usize,
    slice_index: usize,
    /// The reshape target as typed (one −1 allowed); it may not fit the element count.
    reshape: Vec<i64>,
    /// The shape broadcast against the tensor's.
    other: Vec<usize>,
}

impl Default for TensorsDemo {
    fn default() -> Self {
        Self {
            tensor: Tensor::for_shape(&[2, 3, 3]),
            dtype: DType::Int64,
            index: vec![1, 2, 0],
            slice_axis: 0,
            slice_index: 1,
            reshape: vec![3, 6],
            other: vec![3],
        }
    }
}

fn join<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// A tuple like NumPy prints one: `(9, 3, 1)`.
fn tuple<T: ToString>(values: &[T]) -> String {
    format!(
        "({})",
        values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Splits text into lines of at most about `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The tensor seen as a stack of 2-D grids: (grids, rows, columns). Rank 1 is one row,
/// rank 2 one grid, rank 4 one grid per pair of leading indices. In C order the flat
/// offset is always `grid · rows · columns + row · columns + column`.
fn grid_view(shape: &[usize]) -> (usize, usize, usize) {
    match shape {
        [n] => (1, 1, *n),
        [r, c] => (1, *r, *c),
        [a, r, c] => (*a, *r, *c),
        [a, b, r, c] => (a * b, *r, *c),
        _ => (1, 1, shape.iter().product()),
    }
}

/// Where the grids and cells are drawn, in device pixels: one layout for drawing and clicks.
#[derive(Clone, Copy, Debug, PartialEq)]
struct DeckLayout {
    grids: usize,
    rows: usize,
    columns: usize,
    /// Grids per row of the arrangement.
    grids_across: usize,
    cell: f64,
    left: f64,
    top: f64,
    /// Space above each grid for its label, and between grids.
    label: f64,
    gap: f64,
}

impl DeckLayout {
    fn new(shape: &[usize], frame: &Frame, caption: f64) -> Self {
        let (grids, rows, columns) = grid_view(shape);
        let width = frame.geometry.pixel_width() as f64;
        let height = frame.geometry.pixel_height() as f64;
        let (margin, label, gap) = (frame.px(10.0), frame.px(20.0), frame.px(18.0));
        let (avail_w, avail_h) = (width - 2.0 * margin, height - caption - margin);
        // The arrangement of grids that makes the cells largest.
        let mut best = (1, 0.0);
        for across in 1..=grids {
            let down = grids.div_ceil(across);
            let cell_w = (avail_w - gap * (across - 1) as f64) / (across * columns) as f64;
            let cell_h = (avail_h - (label + gap) * down as f64) / (down * rows) as f64;
            let cell = cell_w.min(cell_h);
            if cell > best.1 {
                best = (across, cell);
            }
        }
        let (grids_across, cell) = (best.0, best.1.clamp(1.0, frame.px(72.0)));
        let down = grids.div_ceil(grids_across);
        let used_w = (grids_across * columns) as f64 * cell + gap * (grids_across - 1) as f64;
        let used_h = (down * rows) as f64 * cell + (label + gap) * down as f64 - gap;
        Self {
            grids,
            rows,
            columns,
            grids_across,
            cell,
            left: margin + ((avail_w - used_w) / 2.0).max(0.0),
            top: caption + ((avail_h - used_h) / 2.0).max(0.0),
            label,
            gap,
        }
    }

    /// The top-left corner of grid `g`'s cells.
    fn grid_origin(&self, g: usize) -> (f64, f64) {
        let (across, down) = (g % self.grids_across, g / self.grids_across);
        (
            self.left + across as f64 * (self.columns as f64 * self.cell + self.gap),
            self.top
                + down as f64 * (self.rows as f64 * self.cell + self.label + self.gap)
                + self.label,
        )
    }

    /// The top-left corner of the cell at a flat offset.
    fn cell_origin(&self, flat: usize) -> (f64, f64) {
        let per_grid = self.rows * self.columns;
        let (g, within) = (flat / per_grid, flat % per_grid);
        let (x, y) = self.grid_origin(g);
        (
            x + (within % self.columns) as f64 * self.cell,
            y + (within / self.columns) as f64 * self.cell,
        )
    }

    /// The flat offset of the cell under a point, if any.
    fn hit(&self, x: f64, y: f64) -> Option<usize> {
        (0..self.grids * self.rows * self.columns).find(|&flat| {
            let (cx, cy) = self.cell_origin(flat);
            (cx..cx + self.cell).contains(&x) && (cy..cy + self.cell).contains(&y)
        })
    }
}

impl TensorsDemo {
    fn shape(&self) -> &[usize] {
        &self.tensor.shape
    }

    fn offset(&self) -> usize {
        // The index is kept valid for the shape (see `set_shape`), so this cannot fail.
        self.tensor.offset(&self.index).unwrap_or(0)
    }

    fn element(&self) -> f64 {
        self.dtype.cast(self.tensor.data[self.offset()])
    }

    fn reshaped(&self) -> Result<Vec<usize>, String> {
        reshape_shape(self.tensor.size(), &self.reshape)
    }

    /// A value as the dtype prints it: integers plainly, floats with a decimal point.
    fn format_value(&self, value: f64) -> String {
        let stored = self.dtype.cast(value);
        match self.dtype {
            DType::Float32 => format!("{:?}", stored as f32),
            DType::Float64 => format!("{stored:?}"),
            _ => format!("{}", stored as i64),
        }
    }

    /// Changes the shape and keeps the index, axis and slice valid (clamped into range).
    fn set_shape(&mut self, shape: Vec<usize>) {
        let rank = shape.len();
        // The trailing indices (the ones within a grid) are kept; new leading axes start at 0.
        let kept = self.index.len().min(rank);
        let mut index = vec![0; rank - kept];
        index.extend_from_slice(&self.index[self.index.len() - kept..]);
        for (i, n) in index.iter_mut().zip(&shape) {
            *i = (*i).min(n - 1);
        }
        self.slice_axis = self.slice_axis.min(rank - 1);
        self.slice_index = self.slice_index.min(shape[self.slice_axis] - 1);
        self.index = index;
        self.tensor = Tensor::for_shape(&shape);
    }

    fn draw_tensor<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let layout = self.deck_layout(frame);
        let captions = self.caption_lines(frame);
        for (row, (caption, main)) in captions.iter().enumerate() {
            area.draw(&Text::new(
                caption.clone(),
                (
                    frame.px(10.0) as i32,
                    frame.px(6.0 + 18.0 * row as f64) as i32,
                ),
                text_style(
                    frame,
                    12.5,
                    if *main { theme.text } else { theme.muted_text },
                ),
            ))
            .map_err(draw_error)?;
        }

        let index_colour = SERIES_COLOURS[1];
        let slice_colour = SERIES_COLOURS[5];
        let grid_label = |g: usize| -> String {
            match self.shape() {
                [_] => "T[:]".to_owned(),
                [_, _] => "T[:, :]".to_owned(),
                [_, _, _] => format!("T[{g}]"),
                [_, b, _, _] => format!("T[{}, {}]", g / b, g % b),
                _ => String::new(),
            }
        };
        let cell = layout.cell;
        let font = (cell * 0.36).min(frame.px(14.0)).round();
        for g in 0..layout.grids {
            let (x, y) = layout.grid_origin(g);
            let (w, h) = (layout.columns as f64 * cell, layout.rows as f64 * cell);
            // A shadow behind each grid: the grids are the cards of a deck along axis 0.
            let shadow = frame.px(4.0);
            area.draw(&Rectangle::new(
                [
                    ((x + shadow) as i32, (y + shadow) as i32),
                    ((x + w + shadow) as i32, (y + h + shadow) as i32),
                ],
                rgb(theme.grid).filled(),
            ))
            .map_err(draw_error)?;
            area.draw(&Rectangle::new(
                [(x as i32, y as i32), ((x + w) as i32, (y + h) as i32)],
                rgb(theme.background).filled(),
            ))
            .map_err(draw_error)?;
            area.draw(&Text::new(
                grid_label(g),
                (x as i32, (y - frame.px(17.0)) as i32),
                text_style(frame, 12.0, theme.text),
            ))
            .map_err(draw_error)?;
        }
        for flat in 0..self.tensor.size() {
            let (x, y) = layout.cell_origin(flat);
            let corners = [(x as i32, y as i32), ((x + cell) as i32, (y + cell) as i32)];
            let multi = self.tensor.unravel(flat);
            if multi[self.slice_axis] == self.slice_index {
                area.draw(&Rectangle::new(
                    corners,
                    rgb(slice_colour).mix(0.3).filled(),
                ))
                .map_err(draw_error)?;
            }
            area.draw(&Rectangle::new(corners, line_style(theme.axis, frame, 1.0)))
                .map_err(draw_error)?;
            if font >= frame.px(7.0) {
                area.draw(&Text::new(
                    self.format_value(self.tensor.data[flat]),
                    ((x + cell / 2.0) as i32, (y + cell / 2.0) as i32),
                    ("sans-serif", font)
                        .into_font()
                        .color(&rgb(theme.text))
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(draw_error)?;
            }
        }
        // The indexed element on top, outlined thickly.
        let (x, y) = layout.cell_origin(self.offset());
        let inset = frame.px(1.5);
        area.draw(&Rectangle::new(
            [
                ((x + inset) as i32, (y + inset) as i32),
                ((x + cell - inset) as i32, (y + cell - inset) as i32),
            ],
            line_style(index_colour, frame, 3.0),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    /// The caption lines above the grids (wrapped to the plot's width), true for the main one.
    fn caption_lines(&self, frame: &Frame) -> Vec<(String, bool)> {
        let strides = self.tensor.strides();
        let item = self.dtype.item_size();
        let byte_strides: Vec<usize> = strides.iter().map(|s| s * item).collect();
        let width = frame.geometry.pixel_width() as f64 - frame.px(20.0);
        let max_chars = ((width / frame.px(6.8)) as usize).max(20);
        let parts = [
            (
                format!(
                    "shape {}, {}: strides {} elements = {} bytes",
                    format_shape(self.shape()),
                    self.dtype.name(),
                    tuple(&strides),
                    tuple(&byte_strides)
                ),
                true,
            ),
            (
                format!(
                    "T[{}] = {} at offset {} = {};  slice along axis {} at {} → shape {}",
                    tuple(&self.index).trim_matches(['(', ')']),
                    self.format_value(self.tensor.data[self.offset()]),
                    self.index
                        .iter()
                        .zip(&strides)
                        .map(|(i, s)| format!("{i}·{s}"))
                        .collect::<Vec<_>>()
                        .join(" + "),
                    self.offset(),
                    self.slice_axis,
                    self.slice_index,
                    format_shape(&self.slice_shape()),
                ),
                false,
            ),
        ];
        parts
            .into_iter()
            .flat_map(|(text, main)| wrap(&text, max_chars).into_iter().map(move |l| (l, main)))
            .collect()
    }

    /// The grid layout for this frame: below the caption, whose height depends on the width.
    fn deck_layout(&self, frame: &Frame) -> DeckLayout {
        let caption = frame.px(14.0 + 18.0 * self.caption_lines(frame).len() as f64);
        DeckLayout::new(self.shape(), frame, caption)
    }

    fn slice_shape(&self) -> Vec<usize> {
        let mut shape = self.shape().to_vec();
        shape.remove(self.slice_axis);
        shape
    }

    fn draw_layout<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let width = frame.geometry.pixel_width() as f64;
        let height = frame.geometry.pixel_height() as f64;
        let margin = frame.px(10.0);
        let char_width = frame.px(6.6);
        let max_chars = (((width - 2.0 * margin) / char_width) as usize).max(20);
        let good = SERIES_COLOURS[2];
        let bad = [200, 40, 30];
        let mut y = frame.px(6.0);
        let line = frame.px(18.0);
        // Text in a series colour is lifted to text contrast on the theme (green on white
        // is 3.4:1, red on the dark theme 3:1).
        let write = |text: String, x: f64, y: f64, colour: [u8; 3], size: f64| {
            area.draw(&Text::new(
                text,
                (x as i32, y as i32),
                text_style(frame, size, frame.theme.label_colour(colour)),
            ))
            .map_err(draw_error)
        };

        // Broadcasting: the two shapes right-aligned, one column per axis.
        let other = &self.other;
        let result = broadcast_shapes(self.shape(), other);
        write(
            format!(
                "Broadcast {} with {}",
                format_shape(self.shape()),
                format_shape(other)
            ),
            margin,
            y,
            theme.text,
            13.0,
        )?;
        y += line + frame.px(4.0);
        let aligned = align_for_broadcast(self.shape(), other);
        let label_w = frame.px(74.0);
        let box_w = ((width - 2.0 * margin - label_w) / aligned.len() as f64).min(frame.px(84.0));
        let box_h = frame.px(26.0);
        let columns_left = width - margin - box_w * aligned.len() as f64;
        for (column, axis) in aligned.iter().enumerate() {
            let x = columns_left + column as f64 * box_w;
            area.draw(&Text::new(
                format!("axis −{}", axis.from_right),
                ((x + box_w / 2.0) as i32, y as i32),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(draw_error)?;
        }
        y += line;
        let rows: [(&str, Vec<Option<String>>); 3] = [
            (
                "tensor",
                aligned.iter().map(|a| a.a.map(|n| n.to_string())).collect(),
            ),
            (
                "other",
                aligned.iter().map(|a| a.b.map(|n| n.to_string())).collect(),
            ),
            (
                "result",
                aligned
                    .iter()
                    .map(|a| Some(a.result.map_or("✗".to_owned(), |n| n.to_string())))
                    .collect(),
            ),
        ];
        for (name, cells) in rows {
            write(name.to_owned(), margin, y + frame.px(6.0), theme.text, 12.0)?;
            for (column, (axis, cell)) in aligned.iter().zip(cells).enumerate() {
                let x = columns_left + column as f64 * box_w;
                let colour = if axis.result.is_some() { good } else { bad };
                let corners = [
                    ((x + frame.px(3.0)) as i32, y as i32),
                    ((x + box_w - frame.px(3.0)) as i32, (y + box_h) as i32),
                ];
                let (text, faint) = match cell {
                    Some(text) => (text, false),
                    // A missing axis counts as length 1.
                    None => ("(1)".to_owned(), true),
                };
                area.draw(&Rectangle::new(
                    corners,
                    rgb(colour).mix(if faint { 0.08 } else { 0.25 }).filled(),
                ))
                .map_err(draw_error)?;
                area.draw(&Rectangle::new(
                    corners,
                    line_style(colour, frame, if faint { 1.0 } else { 2.0 }),
                ))
                .map_err(draw_error)?;
                area.draw(&Text::new(
                    text,
                    ((x + box_w / 2.0) as i32, (y + box_h / 2.0) as i32),
                    text_style(
                        frame,
                        13.0,
                        if faint { theme.muted_text } else { theme.text },
                    )
                    .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(draw_error)?;
            }
            y += box_h + frame.px(6.0);
        }
        let verdict = match &result {
            Ok(shape) => (
                format!(
                    "✓ compatible: every axis has equal lengths or a 1 → {}",
                    format_shape(shape)
                ),
                good,
            ),
            Err(message) => (format!("✗ {message}"), bad),
        };
        for text in wrap(&verdict.0, max_chars) {
            write(text, margin, y, verdict.1, 12.0)?;
            y += line;
        }
        y += frame.px(10.0);

        // Reshaping: the flat C-order sequence, then the same sequence cut into the new shape.
        let size = self.tensor.size();
        let target = self.reshaped();
        write(
            format!(
                "Reshape {} → ({}): the same {size} elements in C order",
                format_shape(self.shape()),
                join(&self.reshape)
            ),
            margin,
            y,
            theme.text,
            13.0,
        )?;
        y += line + frame.px(2.0);
        let shade = |flat: usize| {
            // Blue → orange along the flat order, so the order can be followed after re-cutting.
            let t = flat as f64 / (size.max(2) - 1) as f64;
            let (a, b) = (SERIES_COLOURS[0], SERIES_COLOURS[4]);
            let mix = |k: usize| (a[k] as f64 * (1.0 - t) + b[k] as f64 * t).round() as u8;
            [mix(0), mix(1), mix(2)]
        };
        let strip_cell = ((width - 2.0 * margin) / size as f64).min(frame.px(34.0));
        let value_font = |cell: f64| (cell * 0.4).min(frame.px(13.0)).round();
        let draw_cell = |x: f64, y: f64, w: f64, h: f64, flat: usize| -> DrawResult {
            let corners = [(x as i32, y as i32), ((x + w) as i32, (y + h) as i32)];
            area.draw(&Rectangle::new(
                corners,
                rgb(shade(flat)).mix(0.35).filled(),
            ))
            .map_err(draw_error)?;
            area.draw(&Rectangle::new(corners, line_style(theme.axis, frame, 1.0)))
                .map_err(draw_error)?;
            let font = value_font(w.min(h));
            if font >= frame.px(7.0) {
                area.draw(&Text::new(
                    self.format_value(self.tensor.data[flat]),
                    ((x + w / 2.0) as i32, (y + h / 2.0) as i32),
                    ("sans-serif", font)
                        .into_font()
                        .color(&rgb(theme.text))
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))
                .map_err(draw_error)?;
            }
            Ok(())
        };
        let strip_h = strip_cell.max(frame.px(12.0));
        for flat in 0..size {
            draw_cell(
                margin + flat as f64 * strip_cell,
                y,
                strip_cell,
                strip_h,
                flat,
            )?;
        }
        y += strip_h + frame.px(10.0);
        match target {
            Ok(shape) => {
                let columns = *shape.last().unwrap_or(&1);
                let rows = size / columns;
                let avail_h = (height - y - frame.px(24.0)).max(frame.px(10.0));
                let cell = ((width - 2.0 * margin) / columns as f64)
                    .min(avail_h / rows as f64)
                    .min(frame.px(40.0));
                for flat in 0..size {
                    draw_cell(
                        margin + (flat % columns) as f64 * cell,
                        y + (flat / columns) as f64 * cell,
                        cell,
                        cell,
                        flat,
                    )?;
                }
                // Rank 3 and up: a thicker line between the blocks of the second-last axis.
                if shape.len() >= 3 {
                    let block = shape[shape.len() - 2];
                    for boundary in (block..rows).step_by(block) {
                        let by = y + boundary as f64 * cell;
                        area.draw(&PathElement::new(
                            vec![
                                (margin as i32, by as i32),
                                ((margin + columns as f64 * cell) as i32, by as i32),
                            ],
                            line_style(theme.text, frame, 2.5),
                        ))
                        .map_err(draw_error)?;
                    }
                }
                let below = y + rows as f64 * cell + frame.px(4.0);
                write(
                    format!("→ shape {}", format_shape(&shape)),
                    margin,
                    below,
                    good,
                    12.0,
                )?;
            }
            Err(message) => {
                for text in wrap(&format!("✗ {message}"), max_chars) {
                    write(text, margin, y, bad, 12.0)?;
                    y += line;
                }
            }
        }
        Ok(())
    }
}

impl DrawDemo for TensorsDemo {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Everything changes with the controls, so it all lives on the foreground.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_tensor(area, frame),
            _ => self.draw_layout(area, frame),
        }
    }
}

impl Demo for TensorsDemo {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "shape" => join(self.shape()),
            "dtype" => self.dtype.name().to_owned(),
            "index" => join(&self.index),
            "axis" => self.slice_axis.to_string(),
            "slice" => self.slice_index.to_string(),
            "reshape" => join(&self.reshape),
            "other" => join(&self.other),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "shape" => {
                let shape = parse_shape(value, MAX_RANK, MAX_ELEMENTS)?;
                let size: usize = shape.iter().product();
                if size > MAX_ELEMENTS {
                    return Err(format!(
                        "shape {} has {size} elements; at most {MAX_ELEMENTS} are drawn",
                        format_shape(&shape)
                    ));
                }
                self.set_shape(shape);
            }
            "dtype" => {
                let name = parse_choice(value, DTYPES)?;
                self.dtype = DType::from_name(name).unwrap_or(DType::Int64);
            }
            "index" => {
                let numbers = parse_integer_list(value)?;
                let rank = self.tensor.rank();
                if numbers.len() != rank {
                    return Err(format!(
                        "{} indices for a rank-{rank} tensor of shape {}; give exactly {rank}",
                        numbers.len(),
                        format_shape(self.shape())
                    ));
                }
                let index = numbers
                    .iter()
                    .zip(self.shape())
                    .enumerate()
                    .map(|(axis, (&i, &n))| normalize_index(i, n, axis))
                    .collect::<Result<Vec<_>, _>>()?;
                self.index = index;
            }
            "axis" => {
                let axis: usize = parse_choice(value, AXES)?.parse().unwrap_or(0);
                let rank = self.tensor.rank();
                if axis >= rank {
                    return Err(format!(
                        "axis {axis} does not exist in a rank-{rank} tensor; choose 0 to {}",
                        rank - 1
                    ));
                }
                self.slice_axis = axis;
                self.slice_index = self.slice_index.min(self.shape()[axis] - 1);
            }
            "slice" => {
                let i = parse_integer(value, -(MAX_ELEMENTS as i64), MAX_ELEMENTS as i64 - 1)?;
                self.slice_index =
                    normalize_index(i, self.shape()[self.slice_axis], self.slice_axis)?;
            }
            "reshape" => {
                let spec = parse_integer_list(value)?;
                if spec.len() > MAX_RANK {
                    return Err(format!(
                        "rank {} is too large here; at most {MAX_RANK} axes",
                        spec.len()
                    ));
                }
                if let Some(bad) = spec
                    .iter()
                    .find(|&&n| n != -1 && !(1..=MAX_ELEMENTS as i64).contains(&n))
                {
                    return Err(format!(
                        "length {bad} is not allowed; expected 1 to {MAX_ELEMENTS}, or −1 for one inferred length"
                    ));
                }
                self.reshape = spec;
            }
            "other" => self.other = parse_shape(value, MAX_RANK, MAX_ELEMENTS)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        Ok(())
    }

    fn readouts(&self) -> Vec<Readout> {
        let readout = |name: &str, label: &str, value: ReadoutValue| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: String::new(),
        };
        let text = |name: &str, label: &str, value: String| {
            readout(name, label, ReadoutValue::Text(value))
        };
        let integer = |name: &str, label: &str, value: usize| {
            readout(name, label, ReadoutValue::Integer(value as i64))
        };
        let strides = self.tensor.strides();
        let item = self.dtype.item_size();
        let byte_strides: Vec<usize> = strides.iter().map(|s| s * item).collect();
        vec![
            integer("rank", "Rank (ndim)", self.tensor.rank()),
            integer("size", "Size", self.tensor.size()),
            text("shape", "Shape", format_shape(self.shape())),
            text("strides", "Strides (elements)", tuple(&strides)),
            text("byte-strides", "Strides (bytes)", tuple(&byte_strides)),
            integer(
                "nbytes",
                "Bytes (size × itemsize)",
                self.tensor.size() * item,
            ),
            text(
                "dtype-range",
                &format!("{} range", self.dtype.name()),
                self.dtype.range_text().to_owned(),
            ),
            text("dtype-cast", "Casting", self.dtype.cast_example()),
            readout(
                "element",
                &format!(
                    "T[{}]",
                    self.index
                        .iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                ReadoutValue::Number(self.element()),
            ),
            integer("offset", "Flat offset Σ iₖ·sₖ", self.offset()),
            text(
                "slice-shape",
                &format!(
                    "Slice shape (axis {} = {})",
                    self.slice_axis, self.slice_index
                ),
                format_shape(&self.slice_shape()),
            ),
            text(
                "reshape-shape",
                &format!("Reshape to ({})", join(&self.reshape)),
                // The full message is in the notice and the plot; the readout keeps the reason.
                match self.reshaped() {
                    Ok(shape) => format_shape(&shape),
                    Err(message) => {
                        format!("fails: {}", message.rsplit(": ").next().unwrap_or(&message))
                    }
                },
            ),
            text(
                "broadcast-shape",
                &format!("Broadcast with {}", format_shape(&self.other)),
                match broadcast_shapes(self.shape(), &self.other) {
                    Ok(shape) => format_shape(&shape),
                    Err(_) => align_for_broadcast(self.shape(), &self.other)
                        .iter()
                        .rev()
                        .find(|axis| axis.result.is_none())
                        .map(|axis| {
                            format!(
                                "fails on axis −{}: {} vs {}",
                                axis.from_right,
                                axis.a.unwrap_or(1),
                                axis.b.unwrap_or(1)
                            )
                        })
                        .unwrap_or_else(|| "fails".to_owned()),
                },
            ),
        ]
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if let Err(message) = self.reshaped() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "Reshape fails: {message}. A reshape keeps all {} elements, so the lengths must multiply to {}.",
                    self.tensor.size(),
                    self.tensor.size()
                ),
            });
        }
        if let Err(message) = broadcast_shapes(self.shape(), &self.other) {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!("Broadcasting fails: {message}."),
            });
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || input.phase != PointerPhase::Down {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let layout = self.deck_layout(&frame);
        let Some(flat) = layout.hit(input.x, input.y) else {
            return false;
        };
        let index = self.tensor.unravel(flat);
        let changed = index != self.index;
        self.index = index;
        changed
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let (grids, rows, columns) = grid_view(self.shape());
        let flat = self.offset();
        let per_grid = rows * columns;
        let (mut g, mut r, mut c) = (flat / per_grid, (flat % per_grid) / columns, flat % columns);
        match key {
            "ArrowLeft" => c = c.saturating_sub(1),
            "ArrowRight" => c = (c + 1).min(columns - 1),
            "ArrowUp" => r = r.saturating_sub(1),
            "ArrowDown" => r = (r + 1).min(rows - 1),
            "PageUp" => g = g.saturating_sub(1),
            "PageDown" => g = (g + 1).min(grids - 1),
            _ => return false,
        }
        let index = self.tensor.unravel(g * per_grid + r * columns + c);
        let changed = index != self.index;
        self.index = index;
        changed
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        Some(match plot {
            0 => {
                let mut table = PlotTable::new(
                    format!(
                        "Every element of the {} tensor in flat (C) order, as stored in {}, with its index; the slice along axis {} at {} and the indexed element are marked",
                        format_shape(self.shape()),
                        self.dtype.name(),
                        self.slice_axis,
                        self.slice_index
                    ),
                    &["Flat offset", "Index", "Value", "In the slice", "Indexed"],
                );
                let offset = self.offset();
                for flat in 0..self.tensor.size() {
                    let index = self.tensor.unravel(flat);
                    let mark =
                        |on: bool| ReadoutValue::Text(if on { "yes" } else { "" }.to_owned());
                    table.rows.push(vec![
                        ReadoutValue::Integer(flat as i64),
                        ReadoutValue::Text(tuple(&index)),
                        ReadoutValue::Number(self.dtype.cast(self.tensor.data[flat])),
                        mark(index[self.slice_axis] == self.slice_index),
                        mark(flat == offset),
                    ]);
                }
                table
            }
            1 => {
                let reshaped = self.reshaped().ok();
                let rank = [
                    self.shape().len(),
                    self.other.len(),
                    reshaped.as_ref().map_or(0, Vec::len),
                ]
                .into_iter()
                .max()
                .unwrap_or(1);
                let mut columns = vec!["Shape".to_owned()];
                columns.extend((1..=rank).rev().map(|k| format!("axis −{k}")));
                let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
                let mut table = PlotTable::new(
                    "The shapes aligned from the right (NumPy's axis −1 is the last): the tensor, the other shape, their broadcast (a clash where the lengths differ and neither is 1), and the reshape",
                    &columns,
                );
                // One row per shape, right-aligned; missing leading axes are empty cells.
                let row = |name: &str, lengths: Vec<Option<ReadoutValue>>| {
                    let mut cells = vec![ReadoutValue::Text(name.to_owned())];
                    cells.extend(
                        std::iter::repeat_n(None, rank - lengths.len())
                            .chain(lengths)
                            .map(|cell| cell.unwrap_or_else(|| ReadoutValue::Text(String::new()))),
                    );
                    cells
                };
                let lengths = |shape: &[usize]| {
                    shape
                        .iter()
                        .map(|n| Some(ReadoutValue::Integer(*n as i64)))
                        .collect::<Vec<_>>()
                };
                table.rows.push(row("tensor", lengths(self.shape())));
                table.rows.push(row("other", lengths(&self.other)));
                let aligned = align_for_broadcast(self.shape(), &self.other);
                table.rows.push(row(
                    "broadcast",
                    aligned
                        .iter()
                        .map(|axis| {
                            Some(match axis.result {
                                Some(n) => ReadoutValue::Integer(n as i64),
                                None => ReadoutValue::Text("clash".to_owned()),
                            })
                        })
                        .collect(),
                ));
                match &reshaped {
                    Some(shape) => table.rows.push(row("reshaped", lengths(shape))),
                    None => table.rows.push(row(
                        "reshaped (does not fit)",
                        self.reshape
                            .iter()
                            .map(|n| Some(ReadoutValue::Integer(*n)))
                            .collect(),
                    )),
                }
                table
            }
            _ => return None,
        })
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        Some(match plot {
            0 => format!(
                "A {} tensor of {} elements as {}; element {} = {} at flat offset {}; the slice along axis {} at {} has shape {}.",
                format_shape(self.shape()),
                self.tensor.size(),
                self.dtype.name(),
                tuple(&self.index),
                self.format_value(self.tensor.data[self.offset()]),
                self.offset(),
                self.slice_axis,
                self.slice_index,
                format_shape(&self.slice_shape())
            ),
            1 => {
                let broadcast = match broadcast_shapes(self.shape(), &self.other) {
                    Ok(shape) => format!("broadcast to {}", format_shape(&shape)),
                    Err(why) => format!("do not broadcast: {why}"),
                };
                let reshape = match self.reshaped() {
                    Ok(shape) => format!("reshaped to {}", format_shape(&shape)),
                    Err(why) => format!("the reshape fails: {why}"),
                };
                format!(
                    "{} and {} {broadcast}; the {} elements {reshape}.",
                    format_shape(self.shape()),
                    format_shape(&self.other),
                    self.tensor.size()
                )
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(demo: &TensorsDemo, name: &str) -> String {
        demo.readouts()
            .into_iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no readout {name}"))
            .value
            .display()
    }

    #[test]
    fn data_tables_list_the_elements_and_the_aligned_shapes() {
        let demo = TensorsDemo::default();
        let elements = demo.plot_table(0).unwrap();
        assert_eq!(elements.rows.len(), 18);
        // Index (1, 2, 0) is at flat offset 1·9 + 2·3 + 0 = 15 and holds 17 (the readouts').
        let indexed: Vec<_> = elements
            .rows
            .iter()
            .filter(|r| r[4] == ReadoutValue::Text("yes".into()))
            .collect();
        assert_eq!(indexed.len(), 1);
        assert_eq!(indexed[0][0], ReadoutValue::Integer(15));
        assert_eq!(indexed[0][1], ReadoutValue::Text("(1, 2, 0)".into()));
        assert_eq!(indexed[0][2], ReadoutValue::Number(17.0));
        assert_eq!(value(&demo, "element"), "17");
        let layout = demo.plot_table(1).unwrap();
        // The reshape to (3, 6), right-aligned under three axes.
        assert_eq!(
            layout.rows[3][1..],
            [
                ReadoutValue::Text(String::new()),
                ReadoutValue::Integer(3),
                ReadoutValue::Integer(6)
            ]
        );
        let description = demo.plot_description(0).unwrap();
        assert!(
            description.contains("element (1, 2, 0) = 17 at flat offset 15"),
            "{description}"
        );
    }

    #[test]
    fn default_is_the_article_tensor_indexed_at_1_2_0() {
        let demo = TensorsDemo::default();
        assert_eq!(value(&demo, "shape"), "(2, 3, 3)");
        assert_eq!(value(&demo, "rank"), "3");
        assert_eq!(value(&demo, "size"), "18");
        assert_eq!(value(&demo, "strides"), "(9, 3, 1)");
        // int64: 8 bytes per element.
        assert_eq!(value(&demo, "byte-strides"), "(72, 24, 8)");
        assert_eq!(value(&demo, "nbytes"), "144");
        assert_eq!(value(&demo, "element"), "17");
        assert_eq!(value(&demo, "offset"), "15");
        assert_eq!(value(&demo, "slice-shape"), "(3, 3)");
        assert_eq!(value(&demo, "reshape-shape"), "(3, 6)");
        assert_eq!(value(&demo, "broadcast-shape"), "(2, 3, 3)");
        assert!(demo.notices().is_empty());
    }

    #[test]
    fn failing_reshape_and_broadcast_are_shown_not_rejected() {
        let mut demo = TensorsDemo::default();
        demo.set_param("reshape", "4,5").unwrap();
        assert_eq!(value(&demo, "reshape-shape"), "fails: 4 × 5 = 20 ≠ 18");
        demo.set_param("other", "2").unwrap();
        assert_eq!(value(&demo, "broadcast-shape"), "fails on axis −1: 3 vs 2");
        assert!(
            demo.notices()[0]
                .text
                .contains("cannot reshape array of size 18")
        );
        assert_eq!(demo.notices().len(), 2);
        demo.set_param("other", "2,1,3").unwrap();
        assert_eq!(value(&demo, "broadcast-shape"), "(2, 3, 3)");
        demo.set_param("reshape", "-1,9").unwrap();
        assert_eq!(value(&demo, "reshape-shape"), "(2, 9)");
    }

    #[test]
    fn bad_indices_are_rejected_with_bounds() {
        let mut demo = TensorsDemo::default();
        let error = demo.set_param("index", "2,0,0").unwrap_err();
        assert!(
            error.contains("out of bounds for axis 0 with size 2"),
            "{error}"
        );
        assert!(
            demo.set_param("index", "1,2")
                .unwrap_err()
                .contains("rank-3")
        );
        assert_eq!(demo.param("index").as_deref(), Some("1,2,0"));
        demo.set_param("index", "-1,-1,-1").unwrap();
        assert_eq!(demo.param("index").as_deref(), Some("1,2,2"));
        assert_eq!(value(&demo, "element"), "19");
        assert!(demo.set_param("slice", "2").is_err());
        assert!(demo.set_param("shape", "11,11").is_err());
    }

    #[test]
    fn changing_the_shape_keeps_index_axis_and_slice_valid() {
        let mut demo = TensorsDemo::default();
        demo.set_param("axis", "2").unwrap();
        demo.set_param("slice", "2").unwrap();
        demo.set_param("shape", "4,5").unwrap();
        assert_eq!(demo.param("index").as_deref(), Some("2,0"));
        assert_eq!(demo.param("axis").as_deref(), Some("1"));
        assert_eq!(demo.param("slice").as_deref(), Some("2"));
        assert!(demo.set_param("axis", "2").is_err());
        demo.set_param("shape", "2,2,3,2").unwrap();
        assert_eq!(value(&demo, "strides"), "(12, 6, 2, 1)");
        assert!(demo.set_param("axis", "3").is_ok());
        // Other shapes are filled 1, 2, 3, …
        assert_eq!(demo.param("index").as_deref(), Some("0,0,2,0"));
        assert_eq!(value(&demo, "element"), "5");
    }

    #[test]
    fn keys_move_the_index_and_clicks_select_a_cell() {
        let mut demo = TensorsDemo::default();
        assert!(demo.key(0, "ArrowRight"));
        assert_eq!(demo.param("index").as_deref(), Some("1,2,1"));
        assert!(!demo.key(0, "ArrowDown"), "already on the last row");
        assert!(demo.key(0, "PageUp"));
        assert_eq!(demo.param("index").as_deref(), Some("0,2,1"));
        assert!(!demo.key(0, "x"));
        let (width, height) = (700.0, 420.0);
        let layout = demo.deck_layout(&Frame::light(width, height, 1.0));
        // The cell of T[1, 0, 2] (flat offset 9 + 2 = 11), clicked in its middle.
        let (x, y) = layout.cell_origin(11);
        let click = PointerInput {
            phase: PointerPhase::Down,
            x: x + layout.cell / 2.0,
            y: y + layout.cell / 2.0,
            css_width: width,
            css_height: height,
        };
        assert!(demo.pointer(0, click));
        assert_eq!(demo.param("index").as_deref(), Some("1,0,2"));
        assert_eq!(value(&demo, "element"), "13");
        let outside = PointerInput {
            x: 1.0,
            y: 1.0,
            ..click
        };
        assert!(!demo.pointer(0, outside));
    }

    #[test]
    fn dtype_changes_item_size_and_the_cast_note() {
        let mut demo = TensorsDemo::default();
        demo.set_param("dtype", "uint8").unwrap();
        assert_eq!(value(&demo, "byte-strides"), "(9, 3, 1)");
        assert!(value(&demo, "dtype-cast").contains("300 wraps to 44"));
        demo.set_param("dtype", "float32").unwrap();
        assert_eq!(demo.format_value(17.0), "17.0");
        assert_eq!(value(&demo, "nbytes"), "72");
    }

    #[test]
    fn text_wraps_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
    }
}
