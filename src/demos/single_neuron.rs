//! A single neuron `σ(w·x + b)` (article 000's `b + x·w` through a sigmoid) classifying
//! labelled points: the output as a heatmap over the plane with the decision line, each
//! point's logistic loss, the mean loss and its gradient, and gradient-descent training shown
//! in the plane and in weight space (a stepping demo: `steps=` is the training iteration).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{
    Pen, centred_equal_aspect_viewport, equal_aspect_chart, equal_aspect_coordinates, fill_style,
    hash_of, line_style, text_style,
};
use super::params::{format_param_number, parse_choice, parse_integer, parse_number};
use super::playhead::Playhead;
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame,
    Layer, Notice, NoticeLevel, PlotSpec, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error,
};
use super::{ExportSpec, ImportKind, ImportSpec};
use crate::math::coordinates::round_coordinate;
use crate::math::neuron::{LabelledPoint, Neuron, format_points, parse_points, train};
use crate::render::RgbaImage;
use crate::render::colormap::{ColourLookup, diverging};
use crate::render::theme::SERIES_COLOURS;
use crate::render::viewport::Viewport;

/// The most points the data may hold (clicks beyond it add nothing).
const MAX_POINTS: usize = 40;
/// Points live in `[−DATA_LIMIT, DATA_LIMIT]²`, the plane plot's window.
const DATA_LIMIT: f64 = 5.0;
/// Weights and bias stay within `±WEIGHT_LIMIT` (sliders and training alike).
const WEIGHT_LIMIT: f64 = 10.0;
/// A press within this many CSS pixels of a point grabs it.
const GRAB_RADIUS: f64 = 14.0;
/// Room above each plot's axes for its legend line, in CSS pixels.
const TOP_MARGIN: f64 = 30.0;

const PRESETS: &[(&str, &str)] = &[
    ("separable", "Two separable clusters"),
    ("overlapping", "Two overlapping clusters"),
    ("xor", "XOR (no line separates it)"),
];

const SEPARABLE: &str = "1,2,1;2,1,1;2.5,2.5,1;1.5,3,1;3,1.5,1;0.5,1,1;-1,-1.5,0;-2,-1,0;-2.5,-2.5,0;-1.5,-3,0;-3,-0.5,0;-0.5,-2,0";
const OVERLAPPING: &str = "1,1,1;2,0.5,1;0.5,2,1;-0.5,1,1;1.5,-0.5,1;2.5,2,1;-1,-1,0;-2,0,0;0,-1.5,0;0.8,0.2,0;-1.5,-2,0;-0.5,0.5,0";
const XOR: &str = "2,2,1;1.5,2.5,1;-2,-2,1;-2.5,-1.5,1;2,-2,0;2.5,-1.5,0;-2,2,0;-1.5,2.5,0";

fn preset_text(key: &str) -> &'static str {
    match key {
        "overlapping" => OVERLAPPING,
        "xor" => XOR,
        _ => SEPARABLE,
    }
}

const CLASSES: &[(&str, &str)] = &[
    ("1", "Class 1 (red circles)"),
    ("0", "Class 0 (blue squares)"),
];

/// A slider for a starting weight or bias.
const fn weight_control(
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
            min: -WEIGHT_LIMIT,
            max: WEIGHT_LIMIT,
            step: 0.01,
            log: false,
        },
        help,
        group: "Neuron (start of training)",
        example,
    }
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "preset",
        aliases: &[],
        label: "Data set",
        kind: ControlKind::Select { options: PRESETS },
        help: "Replaces the points with a data set: two separable clusters, two overlapping ones, or XOR, which no single line can separate",
        group: "Data",
        example: "xor",
    },
    ControlSpec {
        key: "points",
        aliases: &[],
        label: "Points (x₁,x₂,class;…)",
        kind: ControlKind::Text {
            placeholder: "1,2,1;-1,-1,0",
        },
        help: "The points as x₁,x₂,class separated by semicolons (class 0 or 1, coordinates within ±5, at most 40 points); click the plane to add a point, drag one to move it, or use the keyboard (arrow keys move the ringed point, [ and ] select, c flips its class, Delete removes it)",
        group: "Data",
        example: "1,1,1;-1,-1,0;2,-1,1",
    },
    ControlSpec {
        key: "new-class",
        aliases: &[],
        label: "Clicks add",
        kind: ControlKind::Select { options: CLASSES },
        help: "The class of a point added by clicking the plane",
        group: "Data",
        example: "0",
    },
    weight_control("w1", "Start w₁", "The first weight before training", "2"),
    weight_control("w2", "Start w₂", "The second weight before training", "-3"),
    weight_control("b", "Start b", "The bias before training", "-2"),
    ControlSpec {
        key: "lr",
        aliases: &["learning_rate"],
        label: "Learning rate η",
        kind: ControlKind::Slider {
            min: 0.01,
            max: 10.0,
            step: 0.01,
            log: true,
        },
        help: "The step size of (w, b) ← (w, b) − η ∇L",
        group: "Training",
        example: "3",
    },
    ControlSpec {
        key: "iterations",
        aliases: &[],
        label: "Iterations",
        kind: ControlKind::Integer { min: 10, max: 500 },
        help: "How many gradient-descent steps are computed (step through them with the player)",
        group: "Training",
        example: "40",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "w1",
        help: "The weight w₁ at the step shown",
    },
    ReadoutSpec {
        name: "w2",
        help: "The weight w₂ at the step shown",
    },
    ReadoutSpec {
        name: "b",
        help: "The bias b at the step shown",
    },
    ReadoutSpec {
        name: "loss",
        help: "The mean logistic loss L = (1/n) Σ −[yᵢ ln ŷᵢ + (1 − yᵢ) ln(1 − ŷᵢ)]",
    },
    ReadoutSpec {
        name: "grad-w1",
        help: "∂L/∂w₁ = (1/n) Σ (ŷᵢ − yᵢ) xᵢ₁",
    },
    ReadoutSpec {
        name: "grad-w2",
        help: "∂L/∂w₂ = (1/n) Σ (ŷᵢ − yᵢ) xᵢ₂",
    },
    ReadoutSpec {
        name: "grad-b",
        help: "∂L/∂b = (1/n) Σ (ŷᵢ − yᵢ)",
    },
    ReadoutSpec {
        name: "gradient-norm",
        help: "The length of the gradient (∂L/∂w₁, ∂L/∂w₂, ∂L/∂b)",
    },
    ReadoutSpec {
        name: "accuracy",
        help: "The share of points on their class's side of the decision line",
    },
    ReadoutSpec {
        name: "probability.{point}",
        help: "ŷ = σ(w·x + b) for point k (numbered from 1)",
    },
    ReadoutSpec {
        name: "point-loss.{point}",
        help: "The logistic loss −[y ln ŷ + (1 − y) ln(1 − ŷ)] of point k",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "plane",
        title: "The neuron's output σ(w·x + b) over the plane",
        alt: "The plane coloured by the neuron's output, blue near 0 and red near 1, with the decision line w·x + b = 0, dashed lines where the output is 0.1 and 0.9, the weight vector w as an arrow from the origin, and the labelled points (class 1 red circles, class 0 blue squares). Click to add a point, drag to move one.",
        aspect_ratio: 0.62,
        interactive: true,
    },
    PlotSpec {
        id: "weights",
        title: "The loss over (w₁, w₂) at the current b",
        alt: "A heatmap of the mean loss over the weights w1 and w2 with the bias held at its current value, the gradient-descent path, the current weights ringed and an arrow in the direction of the negative gradient. Click to start training from other weights.",
        aspect_ratio: 0.9,
        interactive: true,
    },
    PlotSpec {
        id: "loss-curve",
        title: "The mean loss during training",
        alt: "The mean logistic loss against the gradient-descent iteration, with the step shown marked.",
        aspect_ratio: 0.9,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "single-neuron",
    title: "A single neuron",
    chapter: Chapter::NeuralNetworks,
    summary: "One neuron, b + x·w through a sigmoid: the decision line, the output over the plane, each point's logistic loss, the gradient and training by gradient descent.",
    explanation: r#"A single neuron computes a weighted sum of its inputs plus a bias and passes it through a non-linearity (*Mathematics for ML and DL* writes it $b + x\cdot w$ followed by $f$). With the sigmoid $\sigma(z) = 1/(1 + e^{-z})$ its output is a probability:

$$\hat y = \sigma(z), \qquad z = w\cdot x + b = w_1 x_1 + w_2 x_2 + b$$

The output is exactly $\tfrac12$ where $z = 0$: the **decision line** $w_1 x_1 + w_2 x_2 + b = 0$. The weight vector $w$ is perpendicular to it and points towards class 1; the line sits at distance $|b|/\lVert w\rVert$ from the origin. Scaling $w$ and $b$ together keeps the line but makes the transition from 0 to 1 sharper (the dashed lines, where $\hat y = 0.1$ and $0.9$, lie at $z = \mp\ln 9$).

Each point with label $y \in \{0, 1\}$ costs the **logistic loss** (binary cross-entropy), here averaged over the $n$ points:

$$L = \frac1n \sum_i -\big[\,y_i \ln \hat y_i + (1 - y_i)\ln(1 - \hat y_i)\,\big]$$

Because $\sigma'(z) = \sigma(z)(1 - \sigma(z))$, the chain rule collapses to a strikingly simple gradient: each point pulls with its error $\hat y_i - y_i$,

$$\frac{\partial L}{\partial w_j} = \frac1n \sum_i (\hat y_i - y_i)\, x_{ij}, \qquad \frac{\partial L}{\partial b} = \frac1n \sum_i (\hat y_i - y_i)$$

Gradient descent repeats $(w, b) \leftarrow (w, b) - \eta\,\nabla L$; the sliders set the starting point and the player steps through the iterations (*Start training from the weights shown* copies the shown weights into the sliders). In the weight plot, click anywhere to start from those weights. The loss is convex in $(w, b)$, so there is one valley. On separable data it has no minimum at all: the loss keeps falling as $\lVert w\rVert$ grows, so the weights grow until they reach the limit $\pm 10$. On XOR no line classifies more than three of the four clusters; that needs a hidden layer (see the backpropagation demo)."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: true,
    actions: &[ActionSpec {
        key: "start-here",
        label: "Start training from the weights shown",
        help: "Copies the weights and bias of the step shown into the start sliders and goes back to step 0",
        group: "Training",
    }],
    exports: &[ExportSpec {
        key: "points",
        label: "points with ŷ and loss (CSV)",
        file_name: "single-neuron.csv",
        mime: "text/csv",
    }],
    imports: &[ImportSpec {
        key: "points-csv",
        label: "Load points from a CSV file",
        help: "One x1,x2,class line per point (class 0 or 1, coordinates within ±5, a header line is skipped), at most 40 points.",
        kind: ImportKind::Text {
            accept: ".csv,.txt,text/csv,text/plain",
        },
    }],
    create: || Box::new(SingleNeuron::default()),
};

/// Cached rasters of both plots with the keys they were painted for.
#[derive(Clone, Debug, Default)]
struct RasterCache {
    keys: [u64; 2],
    images: [RgbaImage; 2],
}

/// The state of the single-neuron demo.
#[derive(Clone, Debug)]
pub struct SingleNeuron {
    /// The last data set chosen.
    preset: &'static str,
    /// The labelled points.
    points: Vec<LabelledPoint>,
    /// The class a click adds.
    new_class: bool,
    /// The weights and bias training starts from.
    start: Neuron,
    /// η.
    learning_rate: f64,
    /// How many steps are computed.
    iterations: usize,
    /// The training step shown.
    playhead: Playhead,
    /// Every iterate, the start first.
    path: Vec<Neuron>,
    /// The point that keyboard edits act on.
    selected: usize,
    /// The point being dragged, between pointer down and up.
    dragging: Option<usize>,
    cache: RasterCache,
}

impl Default for SingleNeuron {
    fn default() -> Self {
        let mut demo = Self {
            preset: "separable",
            points: parse_points(SEPARABLE, MAX_POINTS).unwrap_or_default(),
            new_class: true,
            start: Neuron {
                w: [-1.0, 0.5],
                b: 0.5,
            },
            learning_rate: 0.5,
            iterations: 100,
            playhead: Playhead::default(),
            path: Vec::new(),
            selected: 0,
            dragging: None,
            cache: RasterCache::default(),
        };
        demo.retrain();
        demo
    }
}

/// Paints a raster covering the whole plot (`cell` CSS pixels per raster pixel) with
/// `colour(x, y)` inside the viewport and transparency outside it.
fn paint_raster(
    image: &mut RgbaImage,
    frame: &Frame,
    viewport: &Viewport,
    cell: f64,
    colour: impl Fn(f64, f64) -> [u8; 4],
) {
    let geometry = frame.geometry;
    let width = ((geometry.css_width / cell).round() as u32).clamp(2, 1200);
    let height = ((geometry.css_height / cell).round() as u32).clamp(2, 1200);
    image.resize(width, height);
    let (scale_x, scale_y) = (
        geometry.pixel_width() as f64 / width as f64,
        geometry.pixel_height() as f64 / height as f64,
    );
    for row in 0..height {
        for column in 0..width {
            let px = (column as f64 + 0.5) * scale_x;
            let py = (row as f64 + 0.5) * scale_y;
            let rgba = if viewport.contains_pixel(px, py) {
                let (x, y) = viewport.to_model(px, py);
                colour(x, y)
            } else {
                [0, 0, 0, 0]
            };
            image.set_pixel(column, row, rgba);
        }
    }
}

/// Mixes a colour with the background: the heatmap stays light enough for points on it.
fn soften(colour: [u8; 3], background: [u8; 3], keep: f64) -> [u8; 4] {
    let mix = |c: u8, b: u8| (f64::from(c) * keep + f64::from(b) * (1.0 - keep)).round() as u8;
    [
        mix(colour[0], background[0]),
        mix(colour[1], background[1]),
        mix(colour[2], background[2]),
        255,
    ]
}

impl SingleNeuron {
    fn retrain(&mut self) {
        self.path = train(
            self.start,
            &self.points,
            self.learning_rate,
            self.iterations,
            WEIGHT_LIMIT,
        );
        let last = self.path.len().saturating_sub(1);
        // A fresh demo shows the untrained neuron; a change keeps the shown step.
        self.playhead = Playhead {
            shown: self.playhead.shown.min(last),
            last,
        };
        self.selected = self.selected.min(self.points.len().saturating_sub(1));
    }

    fn neuron(&self) -> Neuron {
        self.path
            .get(self.playhead.shown)
            .copied()
            .unwrap_or(self.start)
    }

    fn plane_viewport(&self, frame: &Frame) -> Viewport {
        centred_equal_aspect_viewport(frame, [0.0, 0.0], DATA_LIMIT, TOP_MARGIN)
    }

    /// The weight-space window: the whole training path and the start, at least ±4.
    fn weight_extent(&self) -> f64 {
        let reach = self
            .path
            .iter()
            .flat_map(|n| n.w)
            .fold(4.0_f64, |m, v| m.max(v.abs() * 1.15));
        reach.min(WEIGHT_LIMIT * 1.05)
    }

    fn weight_viewport(&self, frame: &Frame) -> Viewport {
        centred_equal_aspect_viewport(frame, [0.0, 0.0], self.weight_extent(), TOP_MARGIN)
    }

    fn class_colour(label: bool) -> [u8; 3] {
        if label {
            SERIES_COLOURS[1]
        } else {
            SERIES_COLOURS[0]
        }
    }

    fn draw_plane<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = self.plane_viewport(frame);
        let theme = frame.theme;
        if layer == Layer::Background {
            equal_aspect_chart(area, frame, &viewport, TOP_MARGIN, "x₁", "x₂")?;
            return Ok(());
        }
        // The foreground repeats the chart's coordinates without drawing its mesh again.
        let mut chart = equal_aspect_coordinates(area, frame, &viewport, TOP_MARGIN)?;
        let pen = Pen::new(frame, &viewport);
        let neuron = self.neuron();
        let (x_range, y_range) = (viewport.x_range, viewport.y_range);
        // The lines w·x + b = level, clipped to the window.
        let line_at = |level: f64| -> Option<[(f64, f64); 2]> {
            let [w1, w2] = neuron.w;
            let c = level - neuron.b;
            if w1.hypot(w2) < 1e-9 {
                return None;
            }
            Some(if w2.abs() > w1.abs() {
                [
                    (x_range.0, (c - w1 * x_range.0) / w2),
                    (x_range.1, (c - w1 * x_range.1) / w2),
                ]
            } else {
                [
                    ((c - w2 * y_range.0) / w1, y_range.0),
                    ((c - w2 * y_range.1) / w1, y_range.1),
                ]
            })
        };
        let clip = |p: (f64, f64)| {
            (
                p.0.clamp(x_range.0 - 1e3, x_range.1 + 1e3),
                p.1.clamp(y_range.0 - 1e3, y_range.1 + 1e3),
            )
        };
        let drawing = chart.plotting_area();
        let ln9 = 9f64.ln();
        for level in [-ln9, ln9] {
            if let Some([a, b]) = line_at(level) {
                drawing
                    .draw(&PathElement::new(
                        vec![clip(a), clip(b)],
                        line_style(theme.muted_text, frame, 1.0),
                    ))
                    .map_err(draw_error)?;
            }
        }
        if let Some([a, b]) = line_at(0.0) {
            drawing
                .draw(&PathElement::new(
                    vec![clip(a), clip(b)],
                    line_style(theme.text, frame, 2.5),
                ))
                .map_err(draw_error)?;
        }
        // The weight vector from the origin: perpendicular to the line, towards class 1.
        let w_colour = SERIES_COLOURS[2];
        if let Some(unit) = pen.arrow_shape(&mut chart, [0.0, 0.0], neuron.w, w_colour, 2.5)? {
            let tip = [
                neuron.w[0] + pen.units(12.0) * unit[0],
                neuron.w[1] + pen.units(12.0) * unit[1],
            ];
            // On a plate of the page background: the label lies on the red/blue output
            // shading, where green text alone is hard to read (in dark mode especially).
            let half = frame.px(8.0) as i32;
            let background = crate::render::theme::rgb(frame.theme.background);
            chart
                .draw_series(std::iter::once(
                    EmptyElement::at((tip[0], tip[1]))
                        + Rectangle::new(
                            [(-half, -half), (half, half)],
                            background.mix(0.85).filled(),
                        )
                        + Text::new(
                            "w",
                            (0, 0),
                            text_style(frame, 14.0, w_colour)
                                .pos(Pos::new(HPos::Center, VPos::Center)),
                        ),
                ))
                .map_err(draw_error)?;
        }
        // The points: class 1 circles, class 0 squares, the selected one ringed.
        let radius = frame.px(6.0);
        for (index, point) in self.points.iter().enumerate() {
            let (x, y) = (point.x[0], point.x[1]);
            let colour = Self::class_colour(point.label);
            let outline = line_style(theme.background, frame, 1.5);
            if point.label {
                chart
                    .draw_series([
                        Circle::new((x, y), radius as i32, fill_style(colour)),
                        Circle::new((x, y), radius as i32, outline),
                    ])
                    .map_err(draw_error)?;
            } else {
                let (dx, dy) = (pen.units(5.5), pen.units(5.5));
                let corners = [(x - dx, y - dy), (x + dx, y + dy)];
                chart
                    .draw_series([
                        Rectangle::new(corners, fill_style(colour)),
                        Rectangle::new(corners, outline),
                    ])
                    .map_err(draw_error)?;
            }
            // The selection ring serves the keyboard, not the picture: not in downloads.
            if index == self.selected && !frame.for_export {
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (x, y),
                        (radius * 1.9) as i32,
                        line_style(theme.text, frame, 1.5),
                    )))
                    .map_err(draw_error)?;
            }
        }
        // The legend line above the chart.
        let new_class = if self.new_class { 1 } else { 0 };
        // Phones get the short legend: the long one would run off the plot.
        let legend = if frame.geometry.css_width < 520.0 {
            format!("● class 1  ■ class 0  (clicks add {new_class})")
        } else {
            format!(
                "ŷ = σ(w·x + b): blue 0 … red 1   ● class 1  ■ class 0   clicks add class {new_class}"
            )
        };
        area.draw(&Text::new(
            legend,
            (frame.px(12.0) as i32, frame.px(TOP_MARGIN / 2.0) as i32),
            text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    fn draw_weights<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = self.weight_viewport(frame);
        let theme = frame.theme;
        if layer == Layer::Background {
            equal_aspect_chart(area, frame, &viewport, TOP_MARGIN, "w₁", "w₂")?;
            return Ok(());
        }
        let mut chart = equal_aspect_coordinates(area, frame, &viewport, TOP_MARGIN)?;
        let pen = Pen::new(frame, &viewport);
        let shown = self.playhead.shown.min(self.path.len().saturating_sub(1));
        let path_colour = [255, 255, 255];
        let whole: Vec<(f64, f64)> = self.path.iter().map(|n| (n.w[0], n.w[1])).collect();
        // The whole run faintly, the part up to the shown step solid.
        chart
            .draw_series(LineSeries::new(
                whole.iter().copied(),
                line_style(theme.muted_text, frame, 1.0),
            ))
            .map_err(draw_error)?;
        chart
            .draw_series(LineSeries::new(
                whole[..=shown.min(whole.len().saturating_sub(1))]
                    .iter()
                    .copied(),
                line_style(path_colour, frame, 2.0),
            ))
            .map_err(draw_error)?;
        let neuron = self.neuron();
        let here = (neuron.w[0], neuron.w[1]);
        chart
            .draw_series([
                Circle::new(here, frame.px(5.0) as i32, fill_style(path_colour)),
                Circle::new(
                    here,
                    frame.px(5.0) as i32,
                    line_style([0, 0, 0], frame, 1.5),
                ),
            ])
            .map_err(draw_error)?;
        // −∇ in the (w₁, w₂) plane, drawn at a fixed length: its direction is the point.
        let gradient_colour = SERIES_COLOURS[4];
        let mut legend = format!("Loss at b = {:.3}", neuron.b);
        if let Some([g1, g2, _]) = neuron.gradient(&self.points) {
            let length = g1.hypot(g2);
            if length > 1e-12 {
                let reach = pen.units(50.0);
                let to = [here.0 - g1 / length * reach, here.1 - g2 / length * reach];
                pen.arrow_shape(&mut chart, [here.0, here.1], to, gradient_colour, 2.5)?;
            }
            legend.push_str("   → −∇L direction");
        }
        area.draw(&Text::new(
            legend,
            (frame.px(12.0) as i32, frame.px(TOP_MARGIN / 2.0) as i32),
            text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(draw_error)?;
        Ok(())
    }

    fn draw_loss_curve<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&crate::render::theme::rgb(frame.theme.background))
            .map_err(draw_error)?;
        let losses: Vec<(f64, f64)> = self
            .path
            .iter()
            .enumerate()
            .filter_map(|(k, n)| Some((k as f64, n.mean_loss(&self.points)?)))
            .collect();
        let high = losses.iter().map(|p| p.1).fold(0.0, f64::max);
        let mut chart = super::drawing::themed_chart(
            area,
            frame,
            0.0..self.iterations as f64,
            super::drawing::padded(0.0, high.max(1e-3), 0.05),
            "iteration",
            "mean loss L",
        )?;
        chart
            .draw_series(LineSeries::new(
                losses.iter().copied(),
                line_style(SERIES_COLOURS[0], frame, 2.0),
            ))
            .map_err(draw_error)?;
        if let Some(&point) = losses.get(self.playhead.shown) {
            chart
                .draw_series(std::iter::once(Circle::new(
                    point,
                    frame.px(5.0) as i32,
                    fill_style(SERIES_COLOURS[1]),
                )))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn point_at(&self, viewport: &Viewport, x: f64, y: f64) -> Option<usize> {
        self.points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (px, py) = viewport.to_pixel(p.x[0], p.x[1]);
                (i, (px - x).hypot(py - y))
            })
            .filter(|(_, distance)| *distance <= GRAB_RADIUS)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    fn move_point(&mut self, index: usize, x: f64, y: f64) -> bool {
        let Some(point) = self.points.get_mut(index) else {
            return false;
        };
        let moved = [
            round_coordinate(x.clamp(-DATA_LIMIT, DATA_LIMIT)),
            round_coordinate(y.clamp(-DATA_LIMIT, DATA_LIMIT)),
        ];
        if moved == point.x {
            return false;
        }
        point.x = moved;
        self.retrain();
        true
    }

    fn set_points(&mut self, text: &str) -> Result<(), String> {
        let points = parse_points(text, MAX_POINTS)?;
        if let Some(point) = points
            .iter()
            .find(|p| p.x.iter().any(|v| v.abs() > DATA_LIMIT))
        {
            return Err(format!(
                "the point ({}, {}) lies outside ±{DATA_LIMIT}; coordinates must be within ±{DATA_LIMIT}",
                point.x[0], point.x[1]
            ));
        }
        self.points = points;
        Ok(())
    }

    fn readout(name: String, label: String, value: ReadoutValue, group: &str) -> Readout {
        Readout {
            name,
            label,
            value,
            group: group.to_owned(),
        }
    }
}

impl DrawDemo for SingleNeuron {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        match plot {
            0 => self.draw_plane(layer, area, frame),
            1 => self.draw_weights(layer, area, frame),
            _ => self.draw_loss_curve(layer, area, frame),
        }
    }
}

mod data;

impl Demo for SingleNeuron {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "preset" => self.preset.to_owned(),
            "points" => format_points(&self.points),
            "new-class" => if self.new_class { "1" } else { "0" }.to_owned(),
            "w1" => format_param_number(self.start.w[0]),
            "w2" => format_param_number(self.start.w[1]),
            "b" => format_param_number(self.start.b),
            "lr" => format_param_number(self.learning_rate),
            "iterations" => self.iterations.to_string(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        let weight = |value: &str| parse_number(value, -WEIGHT_LIMIT, WEIGHT_LIMIT);
        match key {
            "preset" => {
                let preset = parse_choice(value, PRESETS)?;
                self.set_points(preset_text(preset))?;
                self.preset = PRESETS
                    .iter()
                    .map(|(k, _)| *k)
                    .find(|k| *k == preset)
                    .unwrap_or("separable");
            }
            "points" => self.set_points(value)?,
            "new-class" => self.new_class = parse_choice(value, CLASSES)? == "1",
            "w1" => self.start.w[0] = weight(value)?,
            "w2" => self.start.w[1] = weight(value)?,
            "b" => self.start.b = weight(value)?,
            "lr" => self.learning_rate = parse_number(value, 0.01, 10.0)?,
            "iterations" => self.iterations = parse_integer(value, 10, 500)? as usize,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.retrain();
        Ok(())
    }

    fn default_step(&self) -> usize {
        0
    }

    fn current_step(&self) -> usize {
        self.playhead.shown
    }

    fn max_step(&self) -> usize {
        self.playhead.last
    }

    fn go_to_step(&mut self, step: usize) {
        self.playhead.go_to(step);
    }

    fn advance_frame(&mut self) -> bool {
        self.playhead.advance(1)
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        if key != "start-here" {
            return Err(format!("“{key}” is not an action of this demo"));
        }
        let neuron = self.neuron();
        self.start = Neuron {
            w: neuron.w.map(|v| v.clamp(-WEIGHT_LIMIT, WEIGHT_LIMIT)),
            b: neuron.b.clamp(-WEIGHT_LIMIT, WEIGHT_LIMIT),
        };
        self.retrain();
        self.go_to_step(0);
        Ok(())
    }

    fn export(&self, key: &str) -> Option<String> {
        if key != "points" {
            return None;
        }
        let neuron = self.neuron();
        let mut csv = String::from("x1,x2,class,probability,loss\n");
        for point in &self.points {
            csv.push_str(&format!(
                "{},{},{},{},{}\n",
                format_param_number(point.x[0]),
                format_param_number(point.x[1]),
                if point.label { 1 } else { 0 },
                format_param_number(neuron.probability(point.x)),
                format_param_number(neuron.point_loss(point))
            ));
        }
        Some(csv)
    }

    fn import_text(&mut self, key: &str, text: &str) -> Result<(), String> {
        if key != "points-csv" {
            return Err(format!("“{key}” is not a file input of this demo"));
        }
        let mut lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        // A header names the columns; data lines hold only numbers.
        if lines
            .first()
            .is_some_and(|line| line.chars().any(|c| c.is_ascii_alphabetic() && c != 'e'))
        {
            lines.remove(0);
        }
        // Only the first three columns count, so an exported file loads back.
        let rows: Vec<String> = lines
            .iter()
            .map(|line| line.split(',').take(3).collect::<Vec<_>>().join(","))
            .collect();
        if rows.is_empty() {
            return Err("the file holds no points; expected x1,x2,class lines".to_owned());
        }
        // Through the control, so the loaded points are in the URL like any other points.
        self.set_param("points", &rows.join(";"))
    }

    fn readouts(&self) -> Vec<Readout> {
        let neuron = self.neuron();
        let number = |name: &str, label: &str, value: f64, group: &str| {
            Self::readout(
                name.to_owned(),
                label.to_owned(),
                ReadoutValue::Number(value),
                group,
            )
        };
        let mut readouts = vec![
            number("w1", "w₁", neuron.w[0], "Neuron"),
            number("w2", "w₂", neuron.w[1], "Neuron"),
            number("b", "b", neuron.b, "Neuron"),
        ];
        let undefined = || ReadoutValue::Text("undefined (no points)".to_owned());
        let or_undefined = |value: Option<f64>| value.map_or_else(undefined, ReadoutValue::Number);
        let gradient = neuron.gradient(&self.points);
        let component = |i: usize| or_undefined(gradient.map(|g| g[i]));
        for (name, label, value) in [
            (
                "loss",
                "Mean loss L",
                or_undefined(neuron.mean_loss(&self.points)),
            ),
            ("grad-w1", "∂L/∂w₁", component(0)),
            ("grad-w2", "∂L/∂w₂", component(1)),
            ("grad-b", "∂L/∂b", component(2)),
            (
                "gradient-norm",
                "‖∇L‖",
                or_undefined(gradient.map(|[a, b, c]| (a * a + b * b + c * c).sqrt())),
            ),
            (
                "accuracy",
                "Accuracy",
                or_undefined(neuron.accuracy(&self.points)),
            ),
        ] {
            readouts.push(Self::readout(
                name.into(),
                label.into(),
                value,
                "Loss and gradient",
            ));
        }
        for (index, point) in self.points.iter().enumerate() {
            let group = format!(
                "Point {} ({}, {}), class {}",
                index + 1,
                super::format_number(point.x[0]),
                super::format_number(point.x[1]),
                if point.label { 1 } else { 0 }
            );
            readouts.push(number(
                &format!("probability.{}", index + 1),
                "ŷ",
                neuron.probability(point.x),
                &group,
            ));
            readouts.push(number(
                &format!("point-loss.{}", index + 1),
                "loss",
                neuron.point_loss(point),
                &group,
            ));
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        let neuron = self.neuron();
        if self.points.is_empty() {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "There are no points: click the plane to add some.".into(),
            });
        }
        if neuron.w[0].hypot(neuron.w[1]) < 1e-9 {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "w = 0: the output is σ(b) everywhere and there is no decision line.".into(),
            });
        }
        if self
            .path
            .iter()
            .any(|n| n.w.iter().chain([&n.b]).any(|v| v.abs() >= WEIGHT_LIMIT))
        {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: format!(
                    "Training reached the limit ±{WEIGHT_LIMIT}: on separable data the loss keeps falling as the weights grow, so it has no minimum."
                ),
            });
        }
        notices
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        self.data_table(plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        self.data_description(plot)
    }

    fn background_key(&self, plot: usize) -> u64 {
        let neuron = self.neuron();
        match plot {
            0 => hash_of((neuron.w.map(f64::to_bits), neuron.b.to_bits())),
            2 => 0,
            _ => hash_of((
                self.weight_extent().to_bits(),
                neuron.b.to_bits(),
                format_points(&self.points),
            )),
        }
    }

    fn background_raster(&mut self, plot: usize, frame: &Frame) -> Option<&RgbaImage> {
        if plot > 1 {
            return None;
        }
        let geometry = frame.geometry;
        let neuron = self.neuron();
        let background = frame.theme.background;
        let index = plot;
        let key = hash_of((
            self.background_key(index),
            geometry.css_width.to_bits(),
            geometry.css_height.to_bits(),
            geometry.device_pixel_ratio.to_bits(),
            background,
        ));
        if self.cache.keys[index] != key || self.cache.images[index].width == 0 {
            if index == 0 {
                let viewport = self.plane_viewport(frame);
                paint_raster(&mut self.cache.images[0], frame, &viewport, 2.0, |x, y| {
                    soften(
                        diverging(1.6 * (neuron.probability([x, y]) - 0.5)),
                        background,
                        0.5,
                    )
                });
            } else {
                let viewport = self.weight_viewport(frame);
                let points = &self.points;
                let loss_at = |w1: f64, w2: f64| {
                    Neuron {
                        w: [w1, w2],
                        b: neuron.b,
                    }
                    .mean_loss(points)
                    .unwrap_or(0.0)
                };
                // The log of the loss spreads the colours: the valley is orders of magnitude
                // below the walls.
                let corners = [
                    loss_at(viewport.x_range.0, viewport.y_range.0),
                    loss_at(viewport.x_range.1, viewport.y_range.1),
                    loss_at(viewport.x_range.0, viewport.y_range.1),
                    loss_at(viewport.x_range.1, viewport.y_range.0),
                ];
                let high = corners.iter().copied().fold(1e-3, f64::max).ln();
                let low = (self
                    .path
                    .iter()
                    .filter_map(|n| n.mean_loss(points))
                    .fold(f64::INFINITY, f64::min)
                    .min(0.69)
                    * 0.5)
                    .max(1e-6)
                    .ln();
                let lookup = ColourLookup::viridis();
                paint_raster(&mut self.cache.images[1], frame, &viewport, 3.0, |x, y| {
                    let loss = loss_at(x, y).max(1e-12).ln();
                    let t = if high > low {
                        (loss - low) / (high - low)
                    } else {
                        0.5
                    };
                    lookup.rgba(t.clamp(0.0, 1.0))
                });
            }
            self.cache.keys[index] = key;
        }
        Some(&self.cache.images[index])
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if input.phase == PointerPhase::Up {
            self.dragging = None;
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        if plot == 2 {
            return false;
        }
        if plot == 1 {
            let viewport = self.weight_viewport(&frame);
            if !viewport.contains_pixel(input.x, input.y) {
                return false;
            }
            let (w1, w2) = viewport.to_model(input.x, input.y);
            self.start.w = [
                round_coordinate(w1.clamp(-WEIGHT_LIMIT, WEIGHT_LIMIT)),
                round_coordinate(w2.clamp(-WEIGHT_LIMIT, WEIGHT_LIMIT)),
            ];
            self.retrain();
            return true;
        }
        let viewport = self.plane_viewport(&frame);
        let (x, y) = viewport.to_model(input.x, input.y);
        if let (PointerPhase::Drag, Some(index)) = (input.phase, self.dragging) {
            return self.move_point(index, x, y);
        }
        if input.phase != PointerPhase::Down || !viewport.contains_pixel(input.x, input.y) {
            return false;
        }
        match self.point_at(&viewport, input.x, input.y) {
            Some(index) => {
                self.selected = index;
                self.dragging = Some(index);
                true
            }
            None if self.points.len() < MAX_POINTS => {
                self.points.push(LabelledPoint {
                    x: [
                        round_coordinate(x.clamp(-DATA_LIMIT, DATA_LIMIT)),
                        round_coordinate(y.clamp(-DATA_LIMIT, DATA_LIMIT)),
                    ],
                    label: self.new_class,
                });
                self.selected = self.points.len() - 1;
                self.dragging = Some(self.selected);
                self.retrain();
                true
            }
            None => false,
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 || self.points.is_empty() {
            return false;
        }
        let index = self.selected.min(self.points.len() - 1);
        let [x, y] = self.points[index].x;
        let step = 0.1;
        match key {
            "ArrowLeft" => self.move_point(index, x - step, y),
            "ArrowRight" => self.move_point(index, x + step, y),
            "ArrowUp" => self.move_point(index, x, y + step),
            "ArrowDown" => self.move_point(index, x, y - step),
            "[" => {
                self.selected = (index + self.points.len() - 1) % self.points.len();
                true
            }
            "]" => {
                self.selected = (index + 1) % self.points.len();
                true
            }
            "c" => {
                self.points[index].label = !self.points[index].label;
                self.retrain();
                true
            }
            "Delete" | "Backspace" => {
                self.points.remove(index);
                self.retrain();
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::test_support::readout_number as number;

    #[test]
    fn readouts_match_the_closed_forms() {
        let mut demo = SingleNeuron::default();
        demo.set_param("points", "1,2,1;-1,0,0").unwrap();
        for (key, value) in [("w1", "0"), ("w2", "0"), ("b", "0")] {
            demo.set_param(key, value).unwrap();
        }
        // w = 0, b = 0: ŷ = 0.5 everywhere, loss ln 2, gradient (−0.5, −0.5, 0) (see
        // math::neuron's closed-form test).
        assert!((number(&demo, "loss") - std::f64::consts::LN_2).abs() < 1e-16);
        assert_eq!(number(&demo, "grad-w1"), -0.5);
        assert_eq!(number(&demo, "grad-w2"), -0.5);
        assert_eq!(number(&demo, "grad-b"), 0.0);
        assert_eq!(number(&demo, "probability.2"), 0.5);
        // One step with η = 0.5 moves w to (0.25, 0.25).
        demo.go_to_step(1);
        assert_eq!(number(&demo, "w1"), 0.25);
        assert_eq!(number(&demo, "w2"), 0.25);
    }

    #[test]
    fn training_separates_the_default_data() {
        let mut demo = SingleNeuron::default();
        assert_eq!(
            demo.current_step(),
            0,
            "a fresh demo shows the untrained neuron"
        );
        let before = number(&demo, "loss");
        demo.go_to_step(demo.max_step());
        assert!(number(&demo, "loss") < before / 5.0);
        assert_eq!(number(&demo, "accuracy"), 1.0);
        // XOR: no line gets all four clusters right.
        demo.set_param("preset", "xor").unwrap();
        demo.go_to_step(demo.max_step());
        assert!(number(&demo, "accuracy") <= 0.75);
    }

    #[test]
    fn clicks_add_drag_and_keys_edit_points() {
        let mut demo = SingleNeuron::default();
        demo.set_param("points", "").unwrap();
        assert!(matches!(
            demo.readouts()
                .iter()
                .find(|r| r.name == "loss")
                .map(|r| &r.value),
            Some(ReadoutValue::Text(_))
        ));
        demo.set_param("new-class", "0").unwrap();
        let frame = Frame::light(600.0, 372.0, 1.0);
        let viewport = demo.plane_viewport(&frame);
        let (px, py) = viewport.to_pixel(1.0, -2.0);
        let press = |phase, x, y| PointerInput {
            phase,
            x,
            y,
            css_width: 600.0,
            css_height: 372.0,
        };
        assert!(demo.pointer(0, press(PointerPhase::Down, px, py)));
        assert_eq!(demo.param("points").as_deref(), Some("1,-2,0"));
        let (qx, qy) = viewport.to_pixel(2.0, -1.0);
        assert!(demo.pointer(0, press(PointerPhase::Drag, qx, qy)));
        demo.pointer(0, press(PointerPhase::Up, qx, qy));
        assert_eq!(demo.param("points").as_deref(), Some("2,-1,0"));
        assert!(demo.key(0, "c"));
        assert!(demo.key(0, "ArrowUp"));
        assert_eq!(demo.param("points").as_deref(), Some("2,-0.9,1"));
        assert!(demo.key(0, "Delete"));
        assert_eq!(demo.param("points").as_deref(), Some(""));
        // Points outside the window are refused with the last good points kept.
        assert!(demo.set_param("points", "6,0,1").is_err());
        assert_eq!(demo.param("points").as_deref(), Some(""));
    }

    #[test]
    fn exports_import_and_the_start_here_action() {
        let mut demo = SingleNeuron::default();
        demo.set_param("points", "1,2,1;-1,0,0").unwrap();
        for key in ["w1", "w2", "b"] {
            demo.set_param(key, "0").unwrap();
        }
        assert_eq!(
            demo.export("points").as_deref(),
            Some(
                "x1,x2,class,probability,loss\n1,2,1,0.5,0.6931471805599453\n-1,0,0,0.5,0.6931471805599453\n"
            )
        );
        demo.go_to_step(1);
        demo.action("start-here").unwrap();
        assert_eq!(demo.current_step(), 0);
        assert_eq!(demo.param("w1").as_deref(), Some("0.25"));
        // An exported file loads back (extra columns ignored); a bad one changes nothing.
        let csv = demo.export("points").unwrap();
        demo.import_text("points-csv", "x1,x2,class\n3,3,1\n")
            .unwrap();
        assert_eq!(demo.param("points").as_deref(), Some("3,3,1"));
        demo.import_text("points-csv", &csv).unwrap();
        assert_eq!(demo.param("points").as_deref(), Some("1,2,1;-1,0,0"));
        assert!(
            demo.import_text("points-csv", "x1,x2,class\n1,oops,1\n")
                .is_err()
        );
        assert_eq!(demo.param("points").as_deref(), Some("1,2,1;-1,0,0"));
    }

    #[test]
    fn rasters_cover_the_plot_and_change_with_the_step() {
        let mut demo = SingleNeuron::default();
        let frame = Frame::light(300.0, 200.0, 2.0);
        let first = demo.background_raster(0, &frame).unwrap().clone();
        assert_eq!((first.width, first.height), (150, 100));
        demo.go_to_step(50);
        let later = demo.background_raster(0, &frame).unwrap().clone();
        assert_ne!(first, later);
        let weights = demo.background_raster(1, &frame).unwrap();
        assert_eq!((weights.width, weights.height), (100, 67));
    }
}
