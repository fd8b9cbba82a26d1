//! Vectors, the dot product and norms: two draggable 2-D vectors with their sum, difference,
//! scalar multiple and projection, the angle and cosine similarity between them; the unit
//! balls of the L1, L2, L∞ and Lp norms; and the norms of a typed n-dimensional vector
//! (article 003's `[-1, 2, 3, 4, -5]` by default).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{
    Chart2d, Pen, equal_aspect_chart, fill_style, format_plot_number, format_tick, line_style,
    text_style, tick_step,
};
use super::params::{format_param_number, format_toggle, parse_choice, parse_number, parse_toggle};
use super::plot_data::{point, short};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame, Layer, Notice,
    NoticeLevel, PlotSpec, PlotTable, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error,
};
use crate::demos::drawing::ThemedMesh;
use crate::math::vectors::{
    Vec2, add, angle_between, cosine_similarity, dot, l1_norm, l2_norm, linf_norm, lp_norm,
    normalise_lp, parse_vector, parse_vector_keeping, projection, scalar_projection, scale,
    subtract, unit_ball_boundary,
};
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

/// The vector whose norms are read out by default: article 003's example.
const ARTICLE_VECTOR: &str = "-1,2,3,4,-5";

const OPERATIONS: &[(&str, &str)] = &[
    ("sum", "Sum a + b"),
    ("difference", "Difference a − b"),
    ("scale", "Scalar multiple c·a"),
    ("projection", "Projection of a on b"),
];

/// A slider for one coordinate of a or b.
const fn coordinate(
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
            min: -5.0,
            max: 5.0,
            step: 0.1,
            log: false,
        },
        help,
        group: "Vectors a and b",
        example,
    }
}

const CONTROLS: &[ControlSpec] = &[
    coordinate(
        "ax",
        "a₁ (x of a)",
        "The x coordinate of a (also set by dragging a's tip, or by arrow keys on the focused plane: they move the ringed tip, the keys a and b choose it)",
        "-2",
    ),
    coordinate("ay", "a₂ (y of a)", "The y coordinate of a", "3.5"),
    coordinate(
        "bx",
        "b₁ (x of b)",
        "The x coordinate of b (also set by dragging b's tip)",
        "4",
    ),
    coordinate("by", "b₂ (y of b)", "The y coordinate of b", "-1"),
    ControlSpec {
        key: "show",
        aliases: &[],
        label: "Operation drawn",
        kind: ControlKind::Select {
            options: OPERATIONS,
        },
        help: "Which operation the plane shows: the sum (parallelogram), the difference, c·a or the projection of a on b",
        group: "Operation",
        example: "projection",
    },
    ControlSpec {
        key: "scalar",
        aliases: &["c"],
        label: "Scalar c",
        kind: ControlKind::Slider {
            min: -3.0,
            max: 3.0,
            step: 0.1,
            log: false,
        },
        help: "The factor c of c·a (drawn when the operation is the scalar multiple)",
        group: "Operation",
        example: "-1.5",
    },
    ControlSpec {
        key: "p",
        aliases: &[],
        label: "Norm exponent p",
        kind: ControlKind::Slider {
            min: 0.5,
            max: 20.0,
            step: 0.1,
            log: false,
        },
        help: "The p of the Lp norm (p < 1 gives only a quasi-norm); ignored while p = ∞ is on",
        group: "Norms",
        example: "1.5",
    },
    ControlSpec {
        key: "pinf",
        aliases: &[],
        label: "p = ∞",
        kind: ControlKind::Toggle,
        help: "Use p = ∞ for the Lp norm: the largest absolute entry, the limit of the Lp norms as p grows",
        group: "Norms",
        example: "1",
    },
    ControlSpec {
        key: "vector",
        aliases: &["v"],
        label: "Vector v (any length)",
        kind: ControlKind::Text {
            placeholder: ARTICLE_VECTOR,
        },
        help: "An n-dimensional vector, numbers separated by commas, whose norms are read out (default: the example from “Mathematical Foundations for Deep Learning”)",
        group: "Norms",
        example: "3,4",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "a-length",
        help: "‖a‖₂, the length of a",
    },
    ReadoutSpec {
        name: "b-length",
        help: "‖b‖₂, the length of b",
    },
    ReadoutSpec {
        name: "dot",
        help: "The dot product a·b = a₁b₁ + a₂b₂",
    },
    ReadoutSpec {
        name: "angle",
        help: "The angle between a and b in degrees, or “undefined” when one of them is zero",
    },
    ReadoutSpec {
        name: "cosine",
        help: "The cosine similarity a·b / (‖a‖ ‖b‖), or “undefined” when one of them is zero",
    },
    ReadoutSpec {
        name: "projection-length",
        help: "The scalar projection a·b / ‖b‖ of a on b, or “undefined” when b is zero",
    },
    ReadoutSpec {
        name: "{operation}-x",
        help: "The x coordinate of sum, difference, scaled (c·a) or projection (of a on b)",
    },
    ReadoutSpec {
        name: "{operation}-y",
        help: "The y coordinate of sum, difference, scaled (c·a) or projection (of a on b)",
    },
    ReadoutSpec {
        name: "a-lp",
        help: "‖a‖_p for the current p",
    },
    ReadoutSpec {
        name: "v-dimension",
        help: "The number of entries of v",
    },
    ReadoutSpec {
        name: "v-l1",
        help: "‖v‖₁, the sum of the absolute entries (15 for the default vector)",
    },
    ReadoutSpec {
        name: "v-l2",
        help: "‖v‖₂ = √(Σvᵢ²) (√55 = 7.416198487095663 for the default vector)",
    },
    ReadoutSpec {
        name: "v-linf",
        help: "‖v‖∞, the largest absolute entry (5 for the default vector)",
    },
    ReadoutSpec {
        name: "v-lp",
        help: "‖v‖_p for the current p",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "plane",
        title: "a, b and the chosen operation",
        alt: "The vectors a and b as arrows from the origin, the angle between them, and the chosen operation: the sum's parallelogram, the difference, c·a, or the projection of a on b with its perpendicular; drag a tip to move it, or focus the plot and use the arrow keys (a and b choose the tip).",
        aspect_ratio: 0.75,
        interactive: true,
    },
    PlotSpec {
        id: "unit-balls",
        title: "Unit balls of L1, L2, L∞ and Lp",
        alt: "The boundaries of the unit balls of the L1 norm (a diamond), the L2 norm (a circle), the L∞ norm (a square) and the Lp norm, with a scaled to norm 1 marked on each.",
        aspect_ratio: 0.75,
        interactive: false,
    },
    PlotSpec {
        id: "norms",
        title: "Norms of v",
        alt: "Bars for the L1, L2, Lp and L∞ norms of the typed vector v.",
        aspect_ratio: 0.45,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "vectors",
    title: "Vectors, dot product and norms",
    chapter: Chapter::LinearAlgebra,
    summary: "Drag two vectors: sum, difference, scaling, projection, angle and cosine similarity; the L1, L2, L∞ and Lp norms with their unit balls.",
    explanation: r#"A vector is an arrow from the origin; here $a$ and $b$ live in the plane, so $a = (a_1, a_2)$. Adding is placing arrows head to tail (the diagonal of the parallelogram), $a - b$ is the arrow from the tip of $b$ to the tip of $a$, and $c\,a$ stretches $a$ by $c$ (and flips it for $c < 0$).

The dot product multiplies matching entries and adds them up. It measures how much two vectors point the same way:

$$a \cdot b = \sum_i a_i b_i = \|a\|_2\,\|b\|_2 \cos\theta$$

so the angle is $\theta = \arccos\frac{a \cdot b}{\|a\|_2 \|b\|_2}$ and the cosine similarity is $\cos\theta$ itself: 1 for the same direction, 0 at right angles, $-1$ for opposite ones. A zero vector has no direction, so its angle and cosine similarity are undefined. The projection of $a$ on $b$ is the shadow of $a$ on the line of $b$; what is left, $a - \mathrm{proj}_b\,a$, is perpendicular to $b$:

$$\mathrm{proj}_b\,a = \frac{a \cdot b}{b \cdot b}\, b$$

A norm measures length. The Lp norms are

$$\|v\|_p = \Big(\sum_i |v_i|^p\Big)^{1/p}, \qquad \|v\|_\infty = \max_i |v_i| = \lim_{p\to\infty} \|v\|_p$$

$\|v\|_1$ is the Manhattan distance (used by L1 regularisation, which favours sparse weights), $\|v\|_2$ the Euclidean length. The unit ball $\{v : \|v\|_p \le 1\}$ is a diamond for $p = 1$, a circle for $p = 2$ and a square for $p = \infty$; its boundary is drawn as the directions $(\cos t, \sin t)$ divided by their norm. For $p < 1$ the formula still gives a number but not a norm: the ball is not convex and $\|x + y\|_p$ can exceed $\|x\|_p + \|y\|_p$, so it is only a quasi-norm. Turn on $p = \infty$ to use the maximum. For the default $v = [-1, 2, 3, 4, -5]$, the example of *Mathematical Foundations for Deep Learning*: $\|v\|_1 = 15$, $\|v\|_2 = \sqrt{55} \approx 7.416198487095663$ and $\|v\|_\infty = 5$."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(Vectors::default()),
};

/// The operation drawn on the plane (the URL's `show=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operation {
    Sum,
    Difference,
    Scale,
    Projection,
}

impl Operation {
    fn id(self) -> &'static str {
        match self {
            Operation::Sum => "sum",
            Operation::Difference => "difference",
            Operation::Scale => "scale",
            Operation::Projection => "projection",
        }
    }
}

/// Which of the two vectors a drag or an arrow key moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Handle {
    A,
    B,
}

/// The state of the vectors demo.
#[derive(Clone, Debug)]
pub struct Vectors {
    /// The first vector.
    a: Vec2,
    /// The second vector.
    b: Vec2,
    /// The operation drawn on the plane.
    operation: Operation,
    /// The factor of c·a.
    scalar: f64,
    /// The exponent of the Lp norm (used while `p_infinite` is off).
    p: f64,
    /// Use p = ∞ (the maximum) instead of `p`.
    p_infinite: bool,
    /// The n-dimensional vector whose norms are read out.
    vector: Vec<f64>,
    /// The vector moved by arrow keys: the one dragged last.
    selected: Handle,
    /// The vector being dragged, between pointer down and up.
    dragging: Option<Handle>,
}

impl Default for Vectors {
    fn default() -> Self {
        Self {
            a: [3.0, 1.0],
            b: [1.0, 2.0],
            operation: Operation::Sum,
            scalar: 2.0,
            p: 3.0,
            p_infinite: false,
            vector: parse_vector(ARTICLE_VECTOR).unwrap_or_default(),
            selected: Handle::A,
            dragging: None,
        }
    }
}

/// Coordinates are kept on the sliders' 0.1 grid.
fn snap(value: f64) -> f64 {
    let snapped = ((value.clamp(-5.0, 5.0)) * 10.0).round() / 10.0;
    // Avoid "-0" in the URL.
    if snapped == 0.0 { 0.0 } else { snapped }
}

fn format_vector(v: &[f64]) -> String {
    v.iter()
        .map(|x| format_param_number(*x))
        .collect::<Vec<_>>()
        .join(",")
}

impl Vectors {
    /// The p in use: `∞` when the toggle is on.
    fn effective_p(&self) -> f64 {
        if self.p_infinite {
            f64::INFINITY
        } else {
            self.p
        }
    }

    fn p_label(&self) -> String {
        if self.p_infinite {
            "p = ∞".to_owned()
        } else {
            format!("p = {}", format_param_number(self.p))
        }
    }

    /// The result of the chosen operation, `None` for the projection on a zero b.
    fn result(&self) -> Option<Vec2> {
        match self.operation {
            Operation::Sum => Some(add(self.a, self.b)),
            Operation::Difference => Some(subtract(self.a, self.b)),
            Operation::Scale => Some(scale(self.scalar, self.a)),
            Operation::Projection => projection(&self.a, &self.b).map(|p| [p[0], p[1]]),
        }
    }

    /// Half the shorter side of the plane's window, in model units: 6, or more when the
    /// operation's result reaches further (whole units, so it rarely changes while dragging).
    fn plane_extent(&self) -> f64 {
        let mut reach: f64 = 5.0;
        for v in [self.a, self.b].into_iter().chain(self.result()) {
            reach = reach.max(v[0].abs()).max(v[1].abs());
        }
        reach.ceil() + 1.0
    }

    /// The one transform of the plane plot (equal scales on both axes), in the frame's
    /// pixels. `equal_aspect_chart` draws with it, so pointer input lands on the drawn axes.
    fn plane_viewport(&self, frame: &Frame) -> Viewport {
        equal_aspect_viewport(frame, self.plane_extent(), PLANE_TOP_MARGIN)
    }

    fn draw_plane<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = self.plane_viewport(frame);
        let mut chart = equal_aspect_chart(area, frame, &viewport, PLANE_TOP_MARGIN, "x", "y")?;
        let units_per_pixel = (viewport.x_range.1 - viewport.x_range.0) / viewport.width.max(1.0);
        let pen = Pen {
            frame,
            units_per_pixel,
        };
        let theme = frame.theme;
        let (colour_a, colour_b, colour_result) =
            (SERIES_COLOURS[0], SERIES_COLOURS[1], SERIES_COLOURS[2]);
        // The axes through the origin.
        for line in [
            [(viewport.x_range.0, 0.0), (viewport.x_range.1, 0.0)],
            [(0.0, viewport.y_range.0), (0.0, viewport.y_range.1)],
        ] {
            chart
                .draw_series(LineSeries::new(line, line_style(theme.axis, frame, 1.0)))
                .map_err(draw_error)?;
        }
        let (a, b) = (self.a, self.b);
        match self.operation {
            Operation::Sum => {
                let sum = add(a, b);
                pen.dashed(&mut chart, a, sum, theme.muted_text)?;
                pen.dashed(&mut chart, b, sum, theme.muted_text)?;
                draw_arrow(&pen, &mut chart, [0.0, 0.0], sum, colour_result, "a + b")?;
            }
            Operation::Difference => {
                let difference = subtract(a, b);
                pen.dashed(&mut chart, b, a, theme.muted_text)?;
                draw_arrow(
                    &pen,
                    &mut chart,
                    [0.0, 0.0],
                    difference,
                    colour_result,
                    "a − b",
                )?;
            }
            Operation::Scale => {
                let scaled = scale(self.scalar, a);
                let label = format!("{}·a", format_param_number(self.scalar));
                draw_arrow(&pen, &mut chart, [0.0, 0.0], scaled, colour_result, &label)?;
            }
            Operation::Projection => {
                if let Some(foot) = projection(&a, &b) {
                    let foot = [foot[0], foot[1]];
                    // The line of b across the window.
                    let length = l2_norm(&b);
                    let reach = 2.0 * self.plane_extent() / length;
                    pen.dashed(&mut chart, scale(-reach, b), scale(reach, b), theme.grid)?;
                    pen.dashed(&mut chart, a, foot, theme.muted_text)?;
                    right_angle(
                        &pen,
                        &mut chart,
                        foot,
                        subtract(a, foot),
                        b,
                        theme.muted_text,
                    )?;
                    draw_arrow(
                        &pen,
                        &mut chart,
                        [0.0, 0.0],
                        foot,
                        colour_result,
                        "proj_b a",
                    )?;
                }
            }
        }
        angle_arc(&pen, &mut chart, a, b, theme.text)?;
        draw_arrow(&pen, &mut chart, [0.0, 0.0], a, colour_a, "a")?;
        draw_arrow(&pen, &mut chart, [0.0, 0.0], b, colour_b, "b")?;
        // The tip that arrow keys move is ringed (on screen only: the ring serves the
        // keyboard, not the picture, so downloads leave it out).
        if frame.for_export {
            return Ok(());
        }
        let selected = match self.selected {
            Handle::A => (a, colour_a),
            Handle::B => (b, colour_b),
        };
        chart
            .draw_series(std::iter::once(Circle::new(
                (selected.0[0], selected.0[1]),
                frame.px(7.0) as i32,
                line_style(selected.1, frame, 1.5),
            )))
            .map_err(draw_error)?;
        Ok(())
    }

    fn draw_unit_balls<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = equal_aspect_viewport(frame, 1.3, LEGEND_TOP_MARGIN);
        let mut chart = equal_aspect_chart(area, frame, &viewport, LEGEND_TOP_MARGIN, "x₁", "x₂")?;
        let p = self.effective_p();
        let balls = [
            (1.0, SERIES_COLOURS[0], "L1".to_owned(), 1.5),
            (2.0, SERIES_COLOURS[1], "L2".to_owned(), 1.5),
            (f64::INFINITY, SERIES_COLOURS[2], "L∞".to_owned(), 1.5),
            (p, SERIES_COLOURS[3], format!("Lp, {}", self.p_label()), 2.5),
        ];
        for (exponent, colour, _, width) in &balls {
            let boundary = unit_ball_boundary(*exponent, 720);
            chart
                .draw_series(LineSeries::new(
                    boundary.iter().map(|v| (v[0], v[1])),
                    line_style(*colour, frame, *width),
                ))
                .map_err(draw_error)?;
        }
        // The direction of a, scaled to norm 1 in each norm: where its ray leaves each ball.
        let radius = frame.px(4.0) as i32;
        if l2_norm(&self.a) > 0.0 {
            let reach = 1.3 / linf_norm(&self.a);
            chart
                .draw_series(LineSeries::new(
                    [(0.0, 0.0), (self.a[0] * reach, self.a[1] * reach)],
                    line_style(frame.theme.muted_text, frame, 1.0),
                ))
                .map_err(draw_error)?;
            for (exponent, colour, _, _) in &balls {
                if let Some(point) = normalise_lp(self.a, *exponent) {
                    chart
                        .draw_series(std::iter::once(Circle::new(
                            (point[0], point[1]),
                            radius,
                            fill_style(*colour),
                        )))
                        .map_err(draw_error)?;
                }
            }
        }
        // A legend row above the plotting area.
        let (mut x, y) = (viewport.left, frame.px(8.0));
        for (_, colour, label, _) in &balls {
            area.draw(&Rectangle::new(
                [
                    (x as i32, (y + frame.px(4.0)) as i32),
                    ((x + frame.px(14.0)) as i32, (y + frame.px(7.0)) as i32),
                ],
                fill_style(*colour),
            ))
            .map_err(draw_error)?;
            let text = Text::new(
                label.clone(),
                ((x + frame.px(18.0)) as i32, y as i32),
                text_style(frame, 12.0, frame.theme.text),
            );
            area.draw(&text).map_err(draw_error)?;
            x += frame.px(26.0 + 7.5 * label.chars().count() as f64);
        }
        Ok(())
    }

    /// The four norms of `v`, in the order the bars are drawn.
    fn vector_norms(&self) -> [(String, f64); 4] {
        let v = &self.vector;
        let lp = lp_norm(v, self.effective_p()).unwrap_or(0.0);
        [
            ("L1".to_owned(), l1_norm(v)),
            ("L2".to_owned(), l2_norm(v)),
            ("Lp".to_owned(), lp),
            ("L∞".to_owned(), linf_norm(v)),
        ]
    }

    fn draw_norms<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let norms = self.vector_norms();
        let highest = norms.iter().fold(0.0_f64, |m, (_, x)| m.max(*x));
        let top = if highest > 0.0 { highest * 1.25 } else { 1.0 };
        let theme = frame.theme;
        let names: Vec<String> = norms.iter().map(|(name, _)| name.clone()).collect();
        let x_formatter = |x: &f64| {
            let index = x.round();
            if (x - index).abs() < 1e-9 && (0.0..4.0).contains(&index) {
                names[index as usize].clone()
            } else {
                String::new()
            }
        };
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(40.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(-0.5..3.5, 0.0..top)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .disable_x_mesh()
            .x_desc(format!(
                "norms of v = [{}], {}",
                short_vector(&self.vector),
                self.p_label()
            ))
            .x_labels(9)
            .y_labels(5)
            .x_label_formatter(&x_formatter)
            .y_label_formatter(&|y| format_tick(*y, tick_step(0.0, top, 5)))
            .draw()
            .map_err(draw_error)?;
        let colours = [
            SERIES_COLOURS[0],
            SERIES_COLOURS[1],
            SERIES_COLOURS[3],
            SERIES_COLOURS[2],
        ];
        for (index, ((_, value), colour)) in norms.iter().zip(colours).enumerate() {
            let x = index as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.3, 0.0), (x + 0.3, *value)],
                    fill_style(colour),
                )))
                .map_err(draw_error)?;
            let label = format_plot_number(*value);
            let style =
                text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Center, VPos::Bottom));
            chart
                .draw_series(std::iter::once(Text::new(
                    label,
                    (x, *value + top * 0.02),
                    style,
                )))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn set_handle(&mut self, handle: Handle, point: Vec2) {
        let point = [snap(point[0]), snap(point[1])];
        match handle {
            Handle::A => self.a = point,
            Handle::B => self.b = point,
        }
    }

    /// How the plane labels the operation's result ("a + b", "2·a", "proj_b a").
    fn result_name(&self) -> String {
        match self.operation {
            Operation::Sum => "a + b".to_owned(),
            Operation::Difference => "a − b".to_owned(),
            Operation::Scale => format!("{}·a", format_param_number(self.scalar)),
            Operation::Projection => "proj_b a".to_owned(),
        }
    }

    /// The unit balls drawn, with their exponents, in the legend's order.
    fn balls(&self) -> [(String, f64); 4] {
        [
            ("L1".to_owned(), 1.0),
            ("L2".to_owned(), 2.0),
            ("L∞".to_owned(), f64::INFINITY),
            (format!("Lp ({})", self.p_label()), self.effective_p()),
        ]
    }

    fn handle(&self, handle: Handle) -> Vec2 {
        match handle {
            Handle::A => self.a,
            Handle::B => self.b,
        }
    }
}

/// A vector for an axis caption: at most eight entries, then "…".
fn short_vector(v: &[f64]) -> String {
    let mut text = v
        .iter()
        .take(8)
        .map(|x| format_plot_number(*x))
        .collect::<Vec<_>>()
        .join(", ");
    if v.len() > 8 {
        text.push_str(", …");
    }
    text
}

/// A viewport centred on the origin with equal units on both axes, showing at least
/// `±extent` along the shorter side, inside [`equal_aspect_chart`]'s margins (`top_margin`
/// CSS pixels above the plotting area).
fn equal_aspect_viewport(frame: &Frame, extent: f64, top_margin: f64) -> Viewport {
    let (left, top) = (frame.px(10.0 + 52.0), frame.px(top_margin));
    let width = (frame.geometry.pixel_width() as f64 - left - frame.px(22.0)).max(1.0);
    let height = (frame.geometry.pixel_height() as f64 - top - frame.px(10.0 + 34.0)).max(1.0);
    let (half_x, half_y) = if width >= height {
        (extent * width / height, extent)
    } else {
        (extent, extent * height / width)
    };
    Viewport {
        x_range: (-half_x, half_x),
        y_range: (-half_y, half_y),
        left,
        top,
        width,
        height,
    }
}

/// The plane's top margin in CSS pixels.
const PLANE_TOP_MARGIN: f64 = 10.0;
/// The unit balls' top margin: room for the legend row above the plotting area.
const LEGEND_TOP_MARGIN: f64 = 30.0;

/// An arrow from `from` to `to` with a filled head and a label past the tip.
fn draw_arrow<DB: DrawingBackend>(
    pen: &Pen,
    chart: &mut Chart2d<'_, DB>,
    from: Vec2,
    to: Vec2,
    colour: [u8; 3],
    label: &str,
) -> DrawResult {
    let frame = pen.frame;
    // A zero vector has no direction: a dot at its tip, and the label above it.
    let along = match pen.arrow_shape(chart, from, to, colour, 2.5)? {
        Some(unit) => unit,
        None => {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (to[0], to[1]),
                    frame.px(3.5) as i32,
                    fill_style(colour),
                )))
                .map_err(draw_error)?;
            [0.0, 1.0]
        }
    };
    // Far enough that a wide label clears the head whichever way the arrow points.
    let half_width = 3.4 * label.chars().count() as f64;
    let offset = 8.0 + half_width * along[0].abs() + 7.0 * along[1].abs();
    let at = add(to, scale(pen.units(offset), along));
    let style = text_style(frame, 13.0, frame.theme.label_colour(colour))
        .pos(Pos::new(HPos::Center, VPos::Center));
    chart
        .draw_series(std::iter::once(Text::new(
            label.to_owned(),
            (at[0], at[1]),
            style,
        )))
        .map_err(draw_error)?;
    Ok(())
}

/// The small square marking the right angle between `first` and `second` at `corner`.
fn right_angle<DB: DrawingBackend>(
    pen: &Pen,
    chart: &mut Chart2d<'_, DB>,
    corner: Vec2,
    first: Vec2,
    second: Vec2,
    colour: [u8; 3],
) -> DrawResult {
    let (n1, n2) = (l2_norm(&first), l2_norm(&second));
    if n1 == 0.0 || n2 == 0.0 {
        return Ok(());
    }
    let size = pen.units(8.0).min(n1);
    let u = scale(size / n1, first);
    // Towards the origin side of b, so the square sits inside the triangle.
    let mut w = scale(size / n2, second);
    if dot(&corner, &second) > 0.0 {
        w = scale(-1.0, w);
    }
    let points = [add(corner, u), add(add(corner, u), w), add(corner, w)];
    chart
        .draw_series(LineSeries::new(
            points.iter().map(|p| (p[0], p[1])),
            line_style(colour, pen.frame, 1.0),
        ))
        .map_err(draw_error)?;
    Ok(())
}

/// The arc of the angle θ between `a` and `b` (the shorter way round), labelled θ.
fn angle_arc<DB: DrawingBackend>(
    pen: &Pen,
    chart: &mut Chart2d<'_, DB>,
    a: Vec2,
    b: Vec2,
    colour: [u8; 3],
) -> DrawResult {
    let Some(theta) = angle_between(&a, &b) else {
        return Ok(());
    };
    let start = a[1].atan2(a[0]);
    // Turn towards b: counter-clockwise when a × b ≥ 0.
    let sign = if a[0] * b[1] - a[1] * b[0] >= 0.0 {
        1.0
    } else {
        -1.0
    };
    let radius = pen
        .units(26.0)
        .min(0.6 * l2_norm(&a).min(l2_norm(&b)))
        .max(pen.units(10.0));
    let points = (0..=40).map(|i| {
        let t = start + sign * theta * i as f64 / 40.0;
        (radius * t.cos(), radius * t.sin())
    });
    chart
        .draw_series(LineSeries::new(points, line_style(colour, pen.frame, 1.0)))
        .map_err(draw_error)?;
    let middle = start + sign * theta / 2.0;
    let at = radius + pen.units(10.0);
    let style = text_style(pen.frame, 12.0, colour).pos(Pos::new(HPos::Center, VPos::Center));
    chart
        .draw_series(std::iter::once(Text::new(
            "θ",
            (at * middle.cos(), at * middle.sin()),
            style,
        )))
        .map_err(draw_error)?;
    Ok(())
}

impl DrawDemo for Vectors {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Everything moves together here, so it all lives on the foreground layer.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_plane(area, frame),
            1 => self.draw_unit_balls(area, frame),
            _ => self.draw_norms(area, frame),
        }
    }
}

impl Demo for Vectors {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "ax" => format_param_number(self.a[0]),
            "ay" => format_param_number(self.a[1]),
            "bx" => format_param_number(self.b[0]),
            "by" => format_param_number(self.b[1]),
            "show" => self.operation.id().to_owned(),
            "scalar" => format_param_number(self.scalar),
            "p" => format_param_number(self.p),
            "pinf" => format_toggle(self.p_infinite),
            "vector" => format_vector(&self.vector),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "ax" => self.a[0] = parse_number(value, -5.0, 5.0)?,
            "ay" => self.a[1] = parse_number(value, -5.0, 5.0)?,
            "bx" => self.b[0] = parse_number(value, -5.0, 5.0)?,
            "by" => self.b[1] = parse_number(value, -5.0, 5.0)?,
            "show" => {
                self.operation = match parse_choice(value, OPERATIONS)? {
                    "sum" => Operation::Sum,
                    "difference" => Operation::Difference,
                    "scale" => Operation::Scale,
                    _ => Operation::Projection,
                }
            }
            "scalar" => self.scalar = parse_number(value, -3.0, 3.0)?,
            "p" => self.p = parse_number(value, 0.5, 20.0)?,
            "pinf" => self.p_infinite = parse_toggle(value)?,
            "vector" => self.vector = parse_vector(value)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        Ok(())
    }

    fn set_param_from_link(&mut self, key: &str, value: &str) -> Result<Option<String>, String> {
        if key != "vector" {
            return self.set_param(key, value).map(|()| None);
        }
        // A link keeps the numbers it can read (`vector=1,,x` gives [1]) and says what it
        // dropped; a value typed into the box is all or nothing instead.
        let (vector, dropped) = parse_vector_keeping(value)?;
        self.vector = vector;
        Ok((!dropped.is_empty()).then(|| {
            let (last, rest) = dropped.split_last().unwrap_or((&dropped[0], &[]));
            let names = if rest.is_empty() {
                last.clone()
            } else {
                format!("{} and {last}", rest.join(", "))
            };
            let what = if dropped.len() == 1 {
                "is not a number"
            } else {
                "are not numbers"
            };
            format!(
                "dropped {names}, which {what}; kept {}",
                format_vector(&self.vector)
            )
        }))
    }

    fn is_control_active(&self, key: &str) -> bool {
        match key {
            "scalar" => self.operation == Operation::Scale,
            "p" => !self.p_infinite,
            _ => true,
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        if key != "p" {
            return None;
        }
        Some(if self.p_infinite {
            "p = ∞ is on: the Lp norm is max |vᵢ|.".to_owned()
        } else if self.p < 1.0 {
            "p < 1: only a quasi-norm. Its unit ball is not convex and ‖x + y‖ can exceed ‖x‖ + ‖y‖."
                .to_owned()
        } else {
            "p ≥ 1: a norm, with a convex unit ball; as p grows it approaches max |vᵢ| (L∞)."
                .to_owned()
        })
    }

    fn readouts(&self) -> Vec<Readout> {
        let plain = |name: &str, label: &str, value: ReadoutValue| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: String::new(),
        };
        let number =
            |name: &str, label: &str, value: f64| plain(name, label, ReadoutValue::Number(value));
        let undefined = |why: &str| ReadoutValue::Text(format!("undefined ({why})"));
        let (a, b) = (self.a, self.b);
        let zero_vector = if l2_norm(&a) == 0.0 { "a = 0" } else { "b = 0" };
        let mut readouts = vec![
            number("a-length", "‖a‖₂", l2_norm(&a)),
            number("b-length", "‖b‖₂", l2_norm(&b)),
            number("dot", "a·b", dot(&a, &b)),
            plain(
                "angle",
                "Angle θ (°)",
                angle_between(&a, &b)
                    .map(|theta| ReadoutValue::Number(theta.to_degrees()))
                    .unwrap_or_else(|| undefined(zero_vector)),
            ),
            plain(
                "cosine",
                "Cosine similarity",
                cosine_similarity(&a, &b)
                    .map(ReadoutValue::Number)
                    .unwrap_or_else(|| undefined(zero_vector)),
            ),
            plain(
                "projection-length",
                "Scalar projection",
                scalar_projection(&a, &b)
                    .map(ReadoutValue::Number)
                    .unwrap_or_else(|| undefined("b = 0")),
            ),
        ];
        let foot = projection(&a, &b).map(|p| [p[0], p[1]]);
        let vectors = [
            ("sum", "a + b", Some(add(a, b))),
            ("difference", "a − b", Some(subtract(a, b))),
            ("scaled", "c·a", Some(scale(self.scalar, a))),
            ("projection", "proj_b a", foot),
        ];
        for (name, group, value) in vectors {
            for (axis, index) in [("x", 0), ("y", 1)] {
                readouts.push(Readout {
                    name: format!("{name}-{axis}"),
                    label: axis.to_owned(),
                    value: value
                        .map(|v| ReadoutValue::Number(v[index]))
                        .unwrap_or_else(|| undefined("b = 0")),
                    group: group.to_owned(),
                });
            }
        }
        let p = self.effective_p();
        let p_label = self.p_label();
        readouts.push(number(
            "a-lp",
            &format!("‖a‖_p ({p_label})"),
            lp_norm(&a, p).unwrap_or(0.0),
        ));
        readouts.push(plain(
            "v-dimension",
            "Entries of v",
            ReadoutValue::Integer(self.vector.len() as i64),
        ));
        readouts.push(number("v-l1", "‖v‖₁", l1_norm(&self.vector)));
        readouts.push(number("v-l2", "‖v‖₂", l2_norm(&self.vector)));
        readouts.push(number("v-linf", "‖v‖∞", linf_norm(&self.vector)));
        readouts.push(number(
            "v-lp",
            &format!("‖v‖_p ({p_label})"),
            lp_norm(&self.vector, p).unwrap_or(0.0),
        ));
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let zero: Vec<&str> = [("a", self.a), ("b", self.b)]
            .iter()
            .filter(|(_, v)| l2_norm(v) == 0.0)
            .map(|(name, _)| *name)
            .collect();
        if zero.is_empty() {
            return Vec::new();
        }
        vec![Notice {
            level: NoticeLevel::Info,
            text: format!(
                "{} the zero vector: it has no direction, so the angle and the cosine similarity are undefined{}.",
                match zero.as_slice() {
                    [one] => format!("{one} is"),
                    _ => "a and b are".to_owned(),
                },
                if zero.contains(&"b") {
                    ", and nothing can be projected on b"
                } else {
                    ""
                }
            ),
        }]
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
        let viewport = self.plane_viewport(&frame);
        let (x, y) = viewport.to_model(input.x, input.y);
        let handle = match (input.phase, self.dragging) {
            (PointerPhase::Drag, Some(handle)) => handle,
            _ => {
                // Grab the nearer tip (a tap on a phone moves whichever is closer).
                let distance = |v: Vec2| (v[0] - x).hypot(v[1] - y);
                if distance(self.b) < distance(self.a) {
                    Handle::B
                } else {
                    Handle::A
                }
            }
        };
        self.dragging = Some(handle);
        self.selected = handle;
        let before = self.handle(handle);
        self.set_handle(handle, [x, y]);
        // Selecting a tip changes the drawing (its ring) even when it does not move.
        before != self.handle(handle) || input.phase == PointerPhase::Down
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let delta = match key {
            "ArrowLeft" => [-0.1, 0.0],
            "ArrowRight" => [0.1, 0.0],
            "ArrowUp" => [0.0, 0.1],
            "ArrowDown" => [0.0, -0.1],
            "a" | "A" => {
                self.selected = Handle::A;
                return true;
            }
            "b" | "B" => {
                self.selected = Handle::B;
                return true;
            }
            _ => return false,
        };
        let handle = self.selected;
        self.set_handle(handle, add(self.handle(handle), delta));
        true
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        Some(match plot {
            0 => {
                let mut table = PlotTable::new(
                    "The arrows on the plane: a, b and the chosen operation's result",
                    &["Arrow", "x", "y", "length ‖·‖₂"],
                );
                let mut arrows = vec![("a".to_owned(), self.a), ("b".to_owned(), self.b)];
                if let Some(result) = self.result() {
                    arrows.push((self.result_name(), result));
                }
                for (name, v) in arrows {
                    table.push_labelled(name, &[v[0], v[1], l2_norm(&v)]);
                }
                table
            }
            1 => {
                let mut table = PlotTable::new(
                    format!(
                        "Points on each unit ball ({}): where a's direction leaves it, and the boundary every 45°",
                        self.p_label()
                    ),
                    &["Ball", "Point", "x₁", "x₂"],
                );
                for (name, exponent) in self.balls() {
                    if let Some(tip) = normalise_lp(self.a, exponent) {
                        table.rows.push(vec![
                            ReadoutValue::Text(name.clone()),
                            ReadoutValue::Text("a scaled to norm 1".to_owned()),
                            ReadoutValue::Number(tip[0]),
                            ReadoutValue::Number(tip[1]),
                        ]);
                    }
                    for degrees in (0..360).step_by(45) {
                        let t = (degrees as f64).to_radians();
                        if let Some(on) = normalise_lp([t.cos(), t.sin()], exponent) {
                            table.rows.push(vec![
                                ReadoutValue::Text(name.clone()),
                                ReadoutValue::Text(format!("direction {degrees}°")),
                                ReadoutValue::Number(on[0]),
                                ReadoutValue::Number(on[1]),
                            ]);
                        }
                    }
                }
                table
            }
            2 => {
                let mut table = PlotTable::new(
                    format!(
                        "The bars: norms of v = [{}], {}",
                        short_vector(&self.vector),
                        self.p_label()
                    ),
                    &["Norm", "value"],
                );
                for (name, value) in self.vector_norms() {
                    table.push_labelled(name, &[value]);
                }
                table
            }
            _ => return None,
        })
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        Some(match plot {
            0 => {
                let (a, b) = (self.a, self.b);
                let angle = angle_between(&a, &b)
                    .map(|theta| {
                        format!("the angle between them is {}°", short(theta.to_degrees()))
                    })
                    .unwrap_or_else(|| "their angle is undefined (a zero vector)".to_owned());
                let result = match self.result() {
                    Some(v) => format!("{} = {}", self.result_name(), point(v[0], v[1])),
                    None => "the projection on b is undefined (b = 0)".to_owned(),
                };
                format!(
                    "a = {} and b = {}; {angle}, a·b = {}; {result}.",
                    point(a[0], a[1]),
                    point(b[0], b[1]),
                    short(dot(&a, &b))
                )
            }
            1 => match lp_norm(&self.a, self.effective_p()) {
                Some(norm) if l2_norm(&self.a) > 0.0 => format!(
                    "The unit balls of L1 (diamond), L2 (circle), L∞ (square) and Lp with {}; a = {} has ‖a‖₁ = {}, ‖a‖₂ = {}, ‖a‖∞ = {} and ‖a‖_p = {}.",
                    self.p_label(),
                    point(self.a[0], self.a[1]),
                    short(l1_norm(&self.a)),
                    short(l2_norm(&self.a)),
                    short(linf_norm(&self.a)),
                    short(norm)
                ),
                _ => format!(
                    "The unit balls of L1 (diamond), L2 (circle), L∞ (square) and Lp with {}; a is zero, so no point is marked.",
                    self.p_label()
                ),
            },
            2 => {
                let norms = self.vector_norms();
                format!(
                    "v = [{}] ({} entries): L1 {}, L2 {}, Lp ({}) {}, L∞ {}.",
                    short_vector(&self.vector),
                    self.vector.len(),
                    short(norms[0].1),
                    short(norms[1].1),
                    self.p_label(),
                    short(norms[2].1),
                    short(norms[3].1)
                )
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_tables_hold_the_drawn_arrows_and_norms() {
        let demo = Vectors::default();
        // a = (3, 1), b = (1, 2): the sum row is (4, 3) with length 5.
        let plane = demo.plot_table(0).unwrap();
        assert_eq!(
            plane.rows[2],
            vec![
                ReadoutValue::Text("a + b".into()),
                ReadoutValue::Number(4.0),
                ReadoutValue::Number(3.0),
                ReadoutValue::Number(5.0)
            ]
        );
        // The bars: ‖v‖₂ = √55 for v = [−1, 2, 3, 4, −5], as the readout says.
        let norms = demo.plot_table(2).unwrap();
        assert_eq!(norms.rows[1][1], ReadoutValue::Number(55f64.sqrt()));
        assert_eq!(norms.rows[1][1], readout(&demo, "v-l2"));
        // On the L1 ball a's direction leaves at a/‖a‖₁ = (3/4, 1/4).
        let balls = demo.plot_table(1).unwrap();
        assert_eq!(balls.rows[0][2], ReadoutValue::Number(0.75));
        assert_eq!(balls.rows[0][3], ReadoutValue::Number(0.25));
        // cos θ = 5 / (√10 √5) = 1/√2: θ = 45°.
        let description = demo.plot_description(0).unwrap();
        assert!(
            description.contains("angle between them is 45°"),
            "{description}"
        );
        assert!(description.contains("a + b = (4, 3)"), "{description}");
    }

    fn readout(demo: &Vectors, name: &str) -> ReadoutValue {
        demo.readouts()
            .into_iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no readout {name}"))
            .value
    }

    #[test]
    fn default_reads_out_article_003s_norms() {
        let demo = Vectors::default();
        assert_eq!(demo.param("vector").as_deref(), Some("-1,2,3,4,-5"));
        assert_eq!(readout(&demo, "v-l1"), ReadoutValue::Number(15.0));
        assert_eq!(
            readout(&demo, "v-l2"),
            ReadoutValue::Number(7.416198487095663)
        );
        assert_eq!(readout(&demo, "v-linf"), ReadoutValue::Number(5.0));
        assert_eq!(readout(&demo, "v-dimension"), ReadoutValue::Integer(5));
        // p = 3: 225^(1/3).
        let ReadoutValue::Number(lp) = readout(&demo, "v-lp") else {
            panic!()
        };
        assert!((lp - 225f64.cbrt()).abs() < 1e-12);
        let mut demo = demo;
        demo.set_param("pinf", "1").unwrap();
        assert_eq!(readout(&demo, "v-lp"), ReadoutValue::Number(5.0));
        assert!(!demo.is_control_active("p"));
    }

    #[test]
    fn readouts_for_known_vectors() {
        let mut demo = Vectors::default();
        for (key, value) in [("ax", "3"), ("ay", "4"), ("bx", "4"), ("by", "0")] {
            demo.set_param(key, value).unwrap();
        }
        assert_eq!(readout(&demo, "a-length"), ReadoutValue::Number(5.0));
        assert_eq!(readout(&demo, "dot"), ReadoutValue::Number(12.0));
        assert_eq!(readout(&demo, "cosine"), ReadoutValue::Number(0.6));
        assert_eq!(
            readout(&demo, "projection-length"),
            ReadoutValue::Number(3.0)
        );
        assert_eq!(readout(&demo, "projection-x"), ReadoutValue::Number(3.0));
        assert_eq!(readout(&demo, "projection-y"), ReadoutValue::Number(0.0));
        assert_eq!(readout(&demo, "sum-x"), ReadoutValue::Number(7.0));
        assert_eq!(readout(&demo, "difference-y"), ReadoutValue::Number(4.0));
        assert_eq!(readout(&demo, "scaled-x"), ReadoutValue::Number(6.0));
        let ReadoutValue::Number(angle) = readout(&demo, "angle") else {
            panic!()
        };
        assert!((angle - 0.6f64.acos().to_degrees()).abs() < 1e-12);
    }

    #[test]
    fn a_zero_vector_reads_undefined_never_nan() {
        let mut demo = Vectors::default();
        demo.set_param("bx", "0").unwrap();
        demo.set_param("by", "0").unwrap();
        for name in ["angle", "cosine", "projection-length", "projection-x"] {
            let value = readout(&demo, name);
            assert!(
                matches!(&value, ReadoutValue::Text(t) if t.starts_with("undefined")),
                "{name}: {value:?}"
            );
        }
        for r in demo.readouts() {
            assert!(!r.value.display().contains("NaN"), "{}", r.name);
        }
        assert!(demo.notices()[0].text.starts_with("b is the zero vector"));
        // Drawing the degenerate state works.
        let frame = Frame::light(400.0, 300.0, 1.0);
        for operation in ["sum", "difference", "scale", "projection"] {
            demo.set_param("show", operation).unwrap();
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
                demo.draw(0, Layer::Foreground, &area, &frame).unwrap();
                area.present().unwrap();
            }
            assert!(!svg.contains("NaN"), "{operation}");
        }
    }

    #[test]
    fn dragging_moves_the_nearer_tip() {
        let mut demo = Vectors::default();
        let (width, height) = (600.0, 450.0);
        let viewport = demo.plane_viewport(&Frame::light(width, height, 1.0));
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
        // Press near b = (1, 2), drag to (-2.5, 1.5).
        assert!(demo.pointer(0, at(PointerPhase::Down, 1.1, 2.1)));
        assert_eq!(demo.param("bx").as_deref(), Some("1.1"));
        assert!(demo.pointer(0, at(PointerPhase::Drag, -2.5, 1.5)));
        assert_eq!(demo.param("bx").as_deref(), Some("-2.5"));
        assert_eq!(demo.param("by").as_deref(), Some("1.5"));
        assert!(!demo.pointer(0, at(PointerPhase::Up, -2.5, 1.5)));
        // a did not move; arrow keys now nudge b, the one dragged last.
        assert_eq!(demo.param("ax").as_deref(), Some("3"));
        assert!(demo.key(0, "ArrowUp"));
        assert_eq!(demo.param("by").as_deref(), Some("1.6"));
    }

    #[test]
    fn arrow_keys_nudge_the_selected_vector_within_the_range() {
        let mut demo = Vectors::default();
        assert!(demo.key(0, "ArrowRight"));
        assert_eq!(demo.param("ax").as_deref(), Some("3.1"));
        assert!(demo.key(0, "ArrowDown"));
        assert_eq!(demo.param("ay").as_deref(), Some("0.9"));
        assert!(demo.key(0, "b"));
        assert!(demo.key(0, "ArrowLeft"));
        assert_eq!(demo.param("bx").as_deref(), Some("0.9"));
        demo.set_param("bx", "5").unwrap();
        for _ in 0..5 {
            demo.key(0, "ArrowRight");
        }
        assert_eq!(demo.param("bx").as_deref(), Some("5"));
        assert!(!demo.key(0, "Enter"));
        assert!(!demo.key(1, "ArrowLeft"));
    }

    #[test]
    fn scalar_acts_only_when_the_scalar_multiple_is_drawn() {
        let mut demo = Vectors::default();
        assert!(!demo.is_control_active("scalar"));
        demo.set_param("show", "scale").unwrap();
        assert!(demo.is_control_active("scalar"));
        assert!(demo.control_hint("p").unwrap().starts_with("p ≥ 1"));
        demo.set_param("p", "0.5").unwrap();
        assert!(demo.control_hint("p").unwrap().contains("quasi-norm"));
    }
}
