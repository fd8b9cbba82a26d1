//! Mean, variance, covariance and correlation of a scatter of points that the reader clicks
//! in, drags and deletes (or generates from a bivariate normal with correlation ρ): the
//! sample covariance matrix (ddof = 1), Pearson's r, the 1σ and 2σ covariance ellipses, the
//! same points in standard units (where r is the average product zₓ·z_y), and how much the
//! most influential point moves r. The math is `math::covariance`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{
    centred_equal_aspect_viewport, equal_aspect_chart, fill_style, fitted_equal_aspect_viewport,
    line_style, text_style,
};
use super::params::{
    format_param_number, format_toggle, parse_choice, parse_integer, parse_number, parse_toggle,
};
use super::{
    ActionSpec, Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult,
    ExportSpec, Frame, ImportKind, ImportSpec, Layer, Notice, NoticeLevel, PlotSpec, PointerInput,
    PointerPhase, Readout, ReadoutSpec, ReadoutValue, draw_error, format_number,
};
use crate::math::coordinates::round_coordinate;
use crate::math::covariance::{Influence, PairedSummary, bivariate_normal, most_influential_point};
use crate::math::least_squares::parse_points_csv;
use crate::math::pca::{MAX_POINTS, format_points, parse_points};
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

/// Article 003's `np.cov` example, x = [1, 2, 30, 4, 5], y = [2, 4, 60, 18, 10]: the
/// starting points. The article prints var x as 145.3; the readout shows the right 148.3.
pub const ARTICLE_POINTS: &str = "1,2;2,4;30,60;4,18;5,10";

/// x = 1…5, y = 2x: a perfect line, r = 1 exactly.
pub const LINE_POINTS: &str = "1,2;2,4;3,6;4,8;5,10";

const SOURCES: &[(&str, &str)] = &[
    ("points", "Points (click, drag, delete)"),
    ("generated", "Generated (bivariate normal)"),
];

/// The largest generated cloud (the leave-one-out influence is O(n²): 300² is instant).
const MAX_GENERATED: i64 = 300;

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "source",
        aliases: &[],
        label: "Data",
        kind: ControlKind::Select { options: SOURCES },
        help: "Your own points (click the plot to add one, drag to move, select and press Delete to remove), or a cloud drawn from a bivariate normal; editing a generated cloud turns it into points",
        group: "Data",
        example: "generated",
    },
    ControlSpec {
        key: "points",
        aliases: &[],
        label: "Points (x,y;x,y;…)",
        kind: ControlKind::Text {
            placeholder: ARTICLE_POINTS,
        },
        help: "The points as x,y;x,y;… rounded to 2 decimals, within ±1000 (default: the np.cov example from “Mathematical Foundations for Deep Learning”); empty it to start afresh",
        group: "Points",
        example: LINE_POINTS,
    },
    ControlSpec {
        key: "rho",
        aliases: &[],
        label: "Correlation ρ of the generator",
        kind: ControlKind::Slider {
            min: -1.0,
            max: 1.0,
            step: 0.05,
            log: false,
        },
        help: "The population correlation of the bivariate normal (unit variances, zero means); the sample r scatters around it",
        group: "Generator",
        example: "-0.8",
    },
    ControlSpec {
        key: "n",
        aliases: &[],
        label: "Number of points n",
        kind: ControlKind::Integer {
            min: 3,
            max: MAX_GENERATED,
        },
        help: "How many points are generated",
        group: "Generator",
        example: "20",
    },
    ControlSpec {
        key: "seed",
        aliases: &[],
        label: "Seed",
        kind: ControlKind::Integer {
            min: 0,
            max: 4_294_967_295,
        },
        help: "Fixes the random draw: the same seed gives the same cloud",
        group: "Generator",
        example: "7",
    },
    ControlSpec {
        key: "ellipses",
        aliases: &[],
        label: "Covariance ellipses",
        kind: ControlKind::Toggle,
        help: "Draw the 1σ and 2σ ellipses of the covariance matrix (semi-axes √λ and 2√λ along its eigenvectors)",
        group: "Show",
        example: "0",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "n",
        help: "The number of points",
    },
    ReadoutSpec {
        name: "mean-{axis}",
        help: "The means x̄ and ȳ",
    },
    ReadoutSpec {
        name: "var-{axis}",
        help: "The sample variances Σ(x − x̄)²/(n − 1) (ddof = 1, numpy.cov's default; 148.3 and 569.2 for the starting points, where their source article misprints 145.3)",
    },
    ReadoutSpec {
        name: "cov-xy",
        help: "The sample covariance Σ(x − x̄)(y − ȳ)/(n − 1) (285.6 for the starting points)",
    },
    ReadoutSpec {
        name: "covariance-row-{k}",
        help: "Row 1 and row 2 of the 2 × 2 sample covariance matrix np.cov(x, y): [148.3, 285.6] and [285.6, 569.2] for the starting points",
    },
    ReadoutSpec {
        name: "r",
        help: "Pearson's correlation cov / (sₓ·s_y) in [−1, 1]; a text when x or y is constant (0/0)",
    },
    ReadoutSpec {
        name: "r-squared",
        help: "r², the share of the variance of y explained by the least-squares line",
    },
    ReadoutSpec {
        name: "slope",
        help: "The least-squares slope of y on x, cov / var x = r·s_y/sₓ",
    },
    ReadoutSpec {
        name: "lambda-{k}",
        help: "The eigenvalues λ₁ ≥ λ₂ of the covariance matrix: the variances along the ellipse's axes",
    },
    ReadoutSpec {
        name: "ellipse-angle",
        help: "The direction of the ellipse's major axis (the first eigenvector) in degrees",
    },
    ReadoutSpec {
        name: "influential-point",
        help: "The point whose removal changes r the most (leave-one-out), ringed in the plot",
    },
    ReadoutSpec {
        name: "r-without",
        help: "r of the other n − 1 points",
    },
    ReadoutSpec {
        name: "r-change",
        help: "r − r without that point: how much one point moves the correlation",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "scatter",
        title: "The points, their means and covariance ellipses",
        alt: "The points, a cross at the means (x̄, ȳ), the 1σ and 2σ covariance ellipses, the most influential point ringed in orange and the selected point ringed in black. Click to add a point, drag a point to move it; with the plot focused, n / p select the next / previous point, arrow keys move it and Delete removes it.",
        aspect_ratio: 0.75,
        interactive: true,
    },
    PlotSpec {
        id: "standardized",
        title: "In standard units: r is the average product zₓ·z_y",
        alt: "Every point as (zₓ, z_y) = ((x − x̄)/sₓ, (y − ȳ)/s_y), with the rectangle from the origin to it: blue when zₓ·z_y > 0 (both above or both below their means), vermillion when negative. r is the sum of the signed areas divided by n − 1.",
        aspect_ratio: 0.75,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "covariance",
    title: "Mean, variance, covariance, correlation",
    chapter: Chapter::ProbabilityStatistics,
    summary: "Click, drag and delete points and watch the means, the sample variances and covariance (ddof = 1), Pearson's r and the covariance ellipses follow; see how much one outlier moves r.",
    explanation: r#"For paired data $(x_i, y_i)$, $i = 1, \dots, n$, the **means** are $\bar x = \frac1n \sum_i x_i$ and $\bar y = \frac1n \sum_i y_i$. The **sample variance** and **covariance** divide by $n - 1$ (ddof = 1, what `numpy.cov` does by default; `numpy.var` divides by $n$ unless told `ddof=1`):

$$s_x^2 = \frac{1}{n-1}\sum_i (x_i - \bar x)^2, \qquad \operatorname{cov}(x, y) = \frac{1}{n-1}\sum_i (x_i - \bar x)(y_i - \bar y)$$

A point up and to the right of the means (or down and to the left) adds a positive product, one in the other two quadrants a negative one. The covariance's size depends on the units; dividing by both standard deviations gives **Pearson's correlation**, which does not:

$$r = \frac{\operatorname{cov}(x, y)}{s_x\, s_y} = \frac{1}{n-1}\sum_i z_{x,i}\, z_{y,i}, \qquad z_{x,i} = \frac{x_i - \bar x}{s_x}$$

so $-1 \le r \le 1$, $r = \pm 1$ exactly when the points lie on a line, and shifting or rescaling $x$ or $y$ (by a positive factor) leaves $r$ unchanged. The second plot shows the points in these standard units: each product $z_x z_y$ is the signed area of the rectangle from the origin to the point. When $x$ or $y$ is constant, $r = 0/0$ is undefined.

The **covariance matrix** $C = \begin{pmatrix} s_x^2 & \operatorname{cov} \\ \operatorname{cov} & s_y^2 \end{pmatrix}$ is symmetric, with eigenvalues $\lambda_1 \ge \lambda_2 \ge 0$ and orthonormal eigenvectors $v_1, v_2$ (nalgebra's `SymmetricEigen`). The **$k\sigma$ ellipse** is the set of points at Mahalanobis distance $k$ from the means, $(p - \bar p)^\top C^{-1} (p - \bar p) = k^2$: its semi-axes are $k\sqrt{\lambda_1}$ along $v_1$ and $k\sqrt{\lambda_2}$ along $v_2$. For a bivariate normal it holds about 39 % ($k = 1$) and 86 % ($k = 2$) of the points.

The demo starts with the NumPy example from *Mathematical Foundations for Deep Learning*: `np.cov(x, y)` for $x = [1, 2, 30, 4, 5]$ and $y = [2, 4, 60, 18, 10]$, whose covariance matrix is $\begin{pmatrix} 148.3 & 285.6 \\ 285.6 & 569.2 \end{pmatrix}$ and $r = 0.983$. That $r$ is mostly one point: without $(30, 60)$ it drops to $0.762$. The readouts find the **most influential point** by leaving each point out in turn. With $x = 1, \dots, 5$ and $y = 2x$, $r = 1$ exactly.

**Note on the source:** the article prints the matrix as $\begin{pmatrix} 145.3 & 285.6 \\ 285.6 & 569.2 \end{pmatrix}$. The first entry is a misprint: $\bar x = 8.4$, $\sum_i (x_i - 8.4)^2 = 593.2$ and $593.2 / 4 = 148.3$, which is what the readouts show."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: ACTIONS,
    exports: EXPORTS,
    imports: IMPORTS,
    create: || Box::new(CovarianceDemo::default()),
};

/// Where the points come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Points,
    Generated,
}

const fn action(key: &'static str, label: &'static str, help: &'static str) -> ActionSpec {
    ActionSpec {
        key,
        label,
        help,
        group: "Points",
    }
}

/// The buttons. Each leaves its result in the `points` control (and `source=points`).
const ACTIONS: &[ActionSpec] = &[
    action(
        "article",
        "The np.cov example",
        "Load x = [1, 2, 30, 4, 5], y = [2, 4, 60, 18, 10]",
    ),
    action("line", "y = 2x", "Load x = 1…5, y = 2x (r = 1 exactly)"),
    action(
        "outlier",
        "Add an outlier",
        "Add a point 3 standard deviations out on x and against the trend on y",
    ),
    action(
        "remove-influential",
        "Remove the most influential point",
        "Delete the ringed point whose removal changes r the most",
    ),
    action(
        "delete",
        "Delete selected point",
        "Delete the selected point (the last one when none is selected)",
    ),
    action("clear", "Clear points", "Remove every point"),
];

const EXPORTS: &[ExportSpec] = &[ExportSpec {
    key: "points",
    label: "points (CSV)",
    file_name: "covariance-points.csv",
    mime: "text/csv",
}];

const IMPORTS: &[ImportSpec] = &[ImportSpec {
    key: "points-csv",
    label: "Load points from a CSV file",
    help: "One x,y pair per line (a header line is skipped), 2 to 500 points within ±1000.",
    kind: ImportKind::Text {
        accept: ".csv,.txt,text/csv,text/plain",
    },
}];

/// The state of the covariance demo.
#[derive(Clone, Debug)]
pub struct CovarianceDemo {
    source: Source,
    /// The reader's points (kept while the generator is in use).
    clicked: Vec<[f64; 2]>,
    /// The generator's correlation ρ.
    rho: f64,
    /// The number of generated points.
    n: usize,
    /// The generator's seed.
    seed: u64,
    /// Draw the 1σ and 2σ ellipses.
    ellipses: bool,
    /// The points in use, recomputed after every change.
    cloud: Vec<[f64; 2]>,
    /// Their summary (None with fewer than 2 points).
    summary: Option<PairedSummary>,
    /// The most influential point (None with fewer than 3 points).
    influence: Option<Influence>,
    /// The point the keyboard acts on (an index into `clicked`); not part of the URL.
    selected: Option<usize>,
    /// The point being dragged.
    dragging: Option<usize>,
    /// The window is held still during a drag, so the point stays under the pointer.
    frozen_window: Option<([f64; 2], [f64; 2])>,
}

impl Default for CovarianceDemo {
    fn default() -> Self {
        let mut demo = Self {
            source: Source::Points,
            clicked: parse_points(ARTICLE_POINTS).unwrap_or_default(),
            rho: 0.6,
            n: 60,
            seed: 1,
            ellipses: true,
            cloud: Vec::new(),
            summary: None,
            influence: None,
            selected: None,
            dragging: None,
            frozen_window: None,
        };
        demo.recompute();
        demo
    }
}

/// A press within this many CSS pixels of a point grabs it.
const HIT_RADIUS: f64 = 12.0;
/// Top margin of the plots, in CSS pixels.
const TOP_MARGIN: f64 = 10.0;
/// The largest |coordinate| a point may have (what `parse_points` accepts).
const COORDINATE_LIMIT: f64 = 1000.0;

impl CovarianceDemo {
    fn recompute(&mut self) {
        self.cloud = match self.source {
            Source::Points => self.clicked.clone(),
            Source::Generated => bivariate_normal(self.n, self.rho, self.seed),
        };
        self.summary = PairedSummary::of(&self.cloud);
        self.influence = most_influential_point(&self.cloud);
        if self.selected.is_some_and(|i| i >= self.clicked.len()) || self.source != Source::Points {
            self.selected = None;
        }
    }

    /// Editing a generated cloud: its points become the reader's points.
    fn take_generated_points(&mut self) {
        if self.source == Source::Generated {
            self.clicked = self.cloud.clone();
            self.source = Source::Points;
        }
    }

    /// The window of the scatter: the points' bounding box with a margin (and the 2σ ellipse
    /// when drawn), with tidy half widths so that small edits rarely move the ticks.
    fn window(&self) -> ([f64; 2], [f64; 2]) {
        if let Some(frozen) = self.frozen_window {
            return frozen;
        }
        if self.cloud.is_empty() {
            return ([0.0, 0.0], [5.0, 5.0]);
        }
        let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in &self.cloud {
            for axis in 0..2 {
                low[axis] = low[axis].min(p[axis]);
                high[axis] = high[axis].max(p[axis]);
            }
        }
        if let (Some(summary), true) = (&self.summary, self.ellipses) {
            let ellipse = summary.ellipse();
            let mean = [summary.mean_x, summary.mean_y];
            for axis in 0..2 {
                // The 2σ ellipse's half width along an axis: √Σ (2√λₖ·vₖ[axis])².
                let reach = (0..2)
                    .map(|k| 4.0 * ellipse.eigenvalues[k] * ellipse.axes[k][axis].powi(2))
                    .sum::<f64>()
                    .sqrt();
                low[axis] = low[axis].min(mean[axis] - reach);
                high[axis] = high[axis].max(mean[axis] + reach);
            }
        }
        let tidy = |x: f64| {
            let step = nice_step(x);
            (x / step).ceil() * step
        };
        let centre = [0, 1].map(|a| round_coordinate((low[a] + high[a]) / 2.0));
        let half = [0, 1].map(|a| tidy(((high[a] - low[a]) / 2.0 * 1.1).max(2.0)));
        (centre, half)
    }

    /// The scatter's viewport: the window stretched to fill the plot (x and y often differ in
    /// scale, as in article 003's example; an ellipse stays an ellipse under the stretch).
    fn viewport(&self, frame: &Frame) -> Viewport {
        let (centre, half) = self.window();
        let mut viewport = centred_equal_aspect_viewport(frame, centre, 1.0, TOP_MARGIN);
        viewport.x_range = (centre[0] - half[0], centre[0] + half[0]);
        viewport.y_range = (centre[1] - half[1], centre[1] + half[1]);
        viewport
    }

    /// How far one arrow-key press moves a point along x and along y: a tenth of the order of
    /// magnitude of the window on that axis.
    fn key_steps(&self) -> [f64; 2] {
        let (_, half) = self.window();
        half.map(|h| nice_step(h) / 10.0)
    }

    fn move_point(&mut self, index: usize, to: [f64; 2]) -> bool {
        let clamped = to.map(|c| round_coordinate(c.clamp(-COORDINATE_LIMIT, COORDINATE_LIMIT)));
        match self.clicked.get_mut(index) {
            Some(point) if *point != clamped => {
                *point = clamped;
                self.recompute();
                true
            }
            _ => false,
        }
    }

    fn remove_point(&mut self, index: usize) -> bool {
        if index >= self.clicked.len() {
            return false;
        }
        self.clicked.remove(index);
        self.selected = match self.selected {
            Some(s) if s == index => None,
            Some(s) if s > index => Some(s - 1),
            other => other,
        };
        self.recompute();
        true
    }

    /// Runs one of [`ACTIONS`]. Every action leaves the result in the `points` control.
    fn run_action(&mut self, key: &str) -> Result<(), String> {
        match key {
            "article" | "line" => {
                let text = if key == "article" {
                    ARTICLE_POINTS
                } else {
                    LINE_POINTS
                };
                self.clicked = parse_points(text)?;
                self.source = Source::Points;
                self.selected = None;
            }
            "outlier" => {
                self.take_generated_points();
                if self.clicked.len() >= MAX_POINTS {
                    return Err(format!("at most {MAX_POINTS} points"));
                }
                let point = match &self.summary {
                    Some(s) => {
                        let (sx, sy) = (s.var_x.sqrt().max(1.0), s.var_y.sqrt().max(1.0));
                        // Against the trend: below the means when r ≥ 0, above when r < 0.
                        let against = if s.cov_xy >= 0.0 { -1.0 } else { 1.0 };
                        [s.mean_x + 3.0 * sx, s.mean_y + against * 3.0 * sy]
                    }
                    None => [5.0, -5.0],
                };
                self.clicked.push(
                    point.map(|c| round_coordinate(c.clamp(-COORDINATE_LIMIT, COORDINATE_LIMIT))),
                );
                self.selected = Some(self.clicked.len() - 1);
            }
            "remove-influential" => {
                let index = self
                    .influence
                    .map(|i| i.index)
                    .ok_or("with fewer than 3 points no point stands out")?;
                self.take_generated_points();
                self.remove_point(index);
            }
            "delete" => {
                self.take_generated_points();
                let index = self
                    .selected
                    .or(self.clicked.len().checked_sub(1))
                    .ok_or("there are no points to delete")?;
                self.remove_point(index);
            }
            "clear" => {
                self.take_generated_points();
                self.clicked.clear();
                self.selected = None;
            }
            _ => return Err(format!("“{key}” is not an action of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn draw_scatter<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = self.viewport(frame);
        // equal_aspect_chart only puts the chart exactly on the viewport's rectangle; the
        // ranges are the viewport's own, stretched to fill it.
        let mut chart = equal_aspect_chart(area, frame, &viewport, TOP_MARGIN, "x", "y")?;
        let theme = frame.theme;
        let inside = |p: &[f64; 2]| viewport.contains_model(p[0], p[1]);
        if let Some(summary) = &self.summary {
            let mean = [summary.mean_x, summary.mean_y];
            // Dashed lines through the means split the plane into the four quadrants whose
            // products (x − x̄)(y − ȳ) are positive or negative.
            for line in [
                [(mean[0], viewport.y_range.0), (mean[0], viewport.y_range.1)],
                [(viewport.x_range.0, mean[1]), (viewport.x_range.1, mean[1])],
            ] {
                chart
                    .draw_series(DashedLineSeries::new(
                        line,
                        frame.px(6.0) as i32,
                        frame.px(4.0) as i32,
                        line_style(theme.axis, frame, 1.0),
                    ))
                    .map_err(draw_error)?;
            }
            if self.ellipses {
                let ellipse = summary.ellipse();
                for (k_sigma, width) in [(1.0, 2.0), (2.0, 1.5)] {
                    let outline = ellipse.outline(mean, k_sigma, 180);
                    // Drawn in runs inside the window: plotters would flatten it at the edges.
                    for run in outline.split(|p| !inside(p)).filter(|run| run.len() > 1) {
                        chart
                            .draw_series(LineSeries::new(
                                run.iter().map(|p| (p[0], p[1])),
                                line_style(SERIES_COLOURS[3], frame, width),
                            ))
                            .map_err(draw_error)?;
                    }
                }
                let label = text_style(frame, 12.0, SERIES_COLOURS[3])
                    .pos(Pos::new(HPos::Left, VPos::Bottom));
                for k_sigma in [1.0, 2.0] {
                    let semi = ellipse.semi_axes(k_sigma);
                    let v1 = ellipse.axes[0];
                    let tip = [mean[0] + semi[0] * v1[0], mean[1] + semi[0] * v1[1]];
                    if inside(&tip) && semi[0] > 0.0 {
                        chart
                            .draw_series(std::iter::once(Text::new(
                                format!("{k_sigma}σ"),
                                (tip[0], tip[1]),
                                label.clone(),
                            )))
                            .map_err(draw_error)?;
                    }
                }
            }
        }
        let radius = frame.px(if self.cloud.len() > 100 { 3.0 } else { 4.5 }) as i32;
        chart
            .draw_series(
                self.cloud
                    .iter()
                    .filter(|p| inside(p))
                    .map(|p| Circle::new((p[0], p[1]), radius, fill_style(SERIES_COLOURS[0]))),
            )
            .map_err(draw_error)?;
        if let Some(p) = self.influence.and_then(|i| self.cloud.get(i.index)) {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (p[0], p[1]),
                    radius + frame.px(5.0) as i32,
                    line_style(SERIES_COLOURS[4], frame, 2.5),
                )))
                .map_err(draw_error)?;
        }
        // The selection ring serves the keyboard, not the picture: not in downloads.
        if let Some(p) = self
            .selected
            .filter(|_| !frame.for_export)
            .and_then(|i| self.cloud.get(i))
        {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (p[0], p[1]),
                    radius + frame.px(9.0) as i32,
                    line_style(theme.text, frame, 2.0),
                )))
                .map_err(draw_error)?;
        }
        if let Some(summary) = &self.summary {
            let size = frame.px(8.0) as i32;
            chart
                .draw_series(std::iter::once(Cross::new(
                    (summary.mean_x, summary.mean_y),
                    size,
                    line_style(theme.text, frame, 2.5),
                )))
                .map_err(draw_error)?;
        } else {
            let style =
                text_style(frame, 14.0, theme.muted_text).pos(Pos::new(HPos::Center, VPos::Center));
            let (centre, _) = self.window();
            chart
                .draw_series(std::iter::once(Text::new(
                    "Click to add points (at least 2)",
                    (centre[0], centre[1]),
                    style,
                )))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_standardized<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let scores: Vec<[f64; 2]> = match &self.summary {
            Some(s) if !s.is_constant(0) && !s.is_constant(1) => {
                let (sx, sy) = (s.var_x.sqrt(), s.var_y.sqrt());
                self.cloud
                    .iter()
                    .map(|p| [(p[0] - s.mean_x) / sx, (p[1] - s.mean_y) / sy])
                    .collect()
            }
            _ => Vec::new(),
        };
        let largest = scores
            .iter()
            .fold(2.0_f64, |m, z| m.max(z[0].abs()).max(z[1].abs()));
        let reach = (largest * 1.1 * 2.0).ceil() / 2.0;
        let viewport = fitted_equal_aspect_viewport(frame, [0.0, 0.0], [reach, reach], TOP_MARGIN);
        let mut chart = equal_aspect_chart(
            area,
            frame,
            &viewport,
            TOP_MARGIN,
            "zₓ = (x − x̄)/sₓ",
            "z_y = (y − ȳ)/s_y",
        )?;
        for line in [
            [(viewport.x_range.0, 0.0), (viewport.x_range.1, 0.0)],
            [(0.0, viewport.y_range.0), (0.0, viewport.y_range.1)],
        ] {
            chart
                .draw_series(LineSeries::new(line, line_style(theme.axis, frame, 1.0)))
                .map_err(draw_error)?;
        }
        if scores.is_empty() {
            let style =
                text_style(frame, 14.0, theme.muted_text).pos(Pos::new(HPos::Center, VPos::Center));
            let why = if self.summary.is_none() {
                "Needs at least 2 points"
            } else {
                "x or y is constant: no standard units"
            };
            chart
                .draw_series(std::iter::once(Text::new(why, (0.0, reach / 2.0), style)))
                .map_err(draw_error)?;
            return Ok(());
        }
        let positive = SERIES_COLOURS[0];
        let negative = SERIES_COLOURS[1];
        // Translucent so overlapping rectangles add up visibly; fainter for big clouds.
        let alpha = if scores.len() > 60 { 0.06 } else { 0.16 };
        let colour_of = |z: &[f64; 2]| {
            if z[0] * z[1] >= 0.0 {
                positive
            } else {
                negative
            }
        };
        chart
            .draw_series(scores.iter().map(|z| {
                Rectangle::new(
                    [(0.0, 0.0), (z[0], z[1])],
                    rgb(colour_of(z)).mix(alpha).filled(),
                )
            }))
            .map_err(draw_error)?;
        let radius = frame.px(if scores.len() > 100 { 3.0 } else { 4.5 }) as i32;
        chart
            .draw_series(
                scores
                    .iter()
                    .map(|z| Circle::new((z[0], z[1]), radius, fill_style(colour_of(z)))),
            )
            .map_err(draw_error)?;
        if let Some(r) = self.summary.and_then(|s| s.pearson_r()) {
            let style = text_style(frame, 14.0, theme.text).pos(Pos::new(HPos::Left, VPos::Top));
            let corner = (
                viewport.x_range.0 + (viewport.x_range.1 - viewport.x_range.0) * 0.03,
                viewport.y_range.1 - (viewport.y_range.1 - viewport.y_range.0) * 0.03,
            );
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("r = {}", format_number(r)),
                    corner,
                    style,
                )))
                .map_err(draw_error)?;
        }
        Ok(())
    }
}

/// The power of ten at or just below `x` (> 0): 35 → 10, 3 → 1, 0.4 → 0.1.
fn nice_step(x: f64) -> f64 {
    if x.is_finite() && x > 0.0 {
        10f64.powf(x.log10().floor())
    } else {
        1.0
    }
}

impl DrawDemo for CovarianceDemo {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Every edit moves everything, so all of it lives on the foreground layer.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_scatter(area, frame),
            _ => self.draw_standardized(area, frame),
        }
    }
}

/// "(x, y)" with the readouts' rounding.
fn point_text(p: [f64; 2]) -> String {
    format!("({}, {})", format_number(p[0]), format_number(p[1]))
}

mod data;

impl Demo for CovarianceDemo {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "source" => match self.source {
                Source::Points => "points",
                Source::Generated => "generated",
            }
            .to_owned(),
            "points" => format_points(&self.clicked),
            "rho" => format_param_number(self.rho),
            "n" => self.n.to_string(),
            "seed" => self.seed.to_string(),
            "ellipses" => format_toggle(self.ellipses),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "source" => {
                self.source = if parse_choice(value, SOURCES)? == "generated" {
                    Source::Generated
                } else {
                    Source::Points
                }
            }
            "points" => {
                self.clicked = parse_points(value)?;
                self.selected = None;
            }
            "rho" => self.rho = parse_number(value, -1.0, 1.0)?,
            "n" => self.n = parse_integer(value, 3, MAX_GENERATED)? as usize,
            "seed" => self.seed = parse_integer(value, 0, 4_294_967_295)? as u64,
            "ellipses" => self.ellipses = parse_toggle(value)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        self.run_action(key)
    }

    /// The points with their standard scores and products, whose sum / (n − 1) is r.
    fn export(&self, key: &str) -> Option<String> {
        if key != "points" {
            return None;
        }
        let standard = self
            .summary
            .filter(|s| s.pearson_r().is_some())
            .map(|s| (s, s.var_x.sqrt(), s.var_y.sqrt()));
        let mut csv = String::from("x,y,z_x,z_y,z_x*z_y\n");
        for p in &self.cloud {
            let (x, y) = (format_param_number(p[0]), format_param_number(p[1]));
            match standard {
                Some((s, sx, sy)) => {
                    let (zx, zy) = ((p[0] - s.mean_x) / sx, (p[1] - s.mean_y) / sy);
                    csv.push_str(&format!("{x},{y},{zx},{zy},{}\n", zx * zy));
                }
                None => csv.push_str(&format!("{x},{y},,,\n")),
            }
        }
        Some(csv)
    }

    fn import_text(&mut self, key: &str, text: &str) -> Result<(), String> {
        if key != "points-csv" {
            return Err(format!("“{key}” is not a file input of this demo"));
        }
        let points: Vec<[f64; 2]> = parse_points_csv(text, MAX_POINTS)?
            .into_iter()
            .map(|(x, y)| [x, y])
            .collect();
        // Through the controls, so the loaded data is in the URL like clicked points.
        let text = format_points(&points);
        parse_points(&text)?;
        self.set_param("points", &text)?;
        self.set_param("source", "points")
    }

    fn is_control_active(&self, key: &str) -> bool {
        match key {
            "rho" | "n" | "seed" => self.source == Source::Generated,
            "points" => self.source == Source::Points,
            _ => true,
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "points" if self.source == Source::Points => Some(format!(
                "{} point{}; click the plot to add one, drag to move; select one (click, or n / p on the focused plot) and press Delete to remove it.",
                self.clicked.len(),
                if self.clicked.len() == 1 { "" } else { "s" }
            )),
            "source" if self.source == Source::Generated => Some(
                "Clicking or dragging on the plot turns the cloud into editable points.".to_owned(),
            ),
            _ => None,
        }
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        self.data_table(plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        self.data_description(plot)
    }

    fn readouts(&self) -> Vec<Readout> {
        // One plain list: the shell tables grouped readouts by shared labels, which these lack.
        let readout = |name: &str, label: &str, value: ReadoutValue| Readout {
            name: name.to_owned(),
            label: label.to_owned(),
            value,
            group: String::new(),
        };
        let number =
            |name: &str, label: &str, value: f64| readout(name, label, ReadoutValue::Number(value));
        let text = |name: &str, label: &str, value: &str| {
            readout(name, label, ReadoutValue::Text(value.to_owned()))
        };
        let mut readouts = vec![readout(
            "n",
            "points n",
            ReadoutValue::Integer(self.cloud.len() as i64),
        )];
        let Some(s) = self.summary else {
            let why = "undefined (fewer than 2 points)";
            for (name, label) in [("var-x", "var x"), ("cov-xy", "cov(x, y)"), ("r", "r")] {
                readouts.push(text(name, label, why));
            }
            return readouts;
        };
        readouts.push(number("mean-x", "mean x̄", s.mean_x));
        readouts.push(number("mean-y", "mean ȳ", s.mean_y));
        readouts.push(number("var-x", "var x ÷(n−1)", s.var_x));
        readouts.push(number("var-y", "var y ÷(n−1)", s.var_y));
        readouts.push(number("cov-xy", "cov ÷(n−1)", s.cov_xy));
        // The matrix as two rows, as numpy prints it (one long text would wrap badly).
        let m = s.matrix();
        for (k, row) in m.iter().enumerate() {
            readouts.push(text(
                &format!("covariance-row-{}", k + 1),
                &format!("C row {}", k + 1),
                &format!("[{}, {}]", format_number(row[0]), format_number(row[1])),
            ));
        }
        let constant = match (s.is_constant(0), s.is_constant(1)) {
            (true, true) => "undefined (x and y are constant)",
            (true, false) => "undefined (x is constant)",
            _ => "undefined (y is constant)",
        };
        match s.pearson_r() {
            Some(r) => {
                readouts.push(number("r", "Pearson r", r));
                readouts.push(number("r-squared", "r²", r * r));
            }
            None => {
                readouts.push(text("r", "Pearson r", constant));
                readouts.push(text("r-squared", "r²", constant));
            }
        }
        match s.slope() {
            Some(slope) => readouts.push(number("slope", "slope", slope)),
            None => readouts.push(text("slope", "slope", "undefined (x is constant)")),
        }
        let ellipse = s.ellipse();
        readouts.push(number("lambda-1", "λ₁", ellipse.eigenvalues[0]));
        readouts.push(number("lambda-2", "λ₂", ellipse.eigenvalues[1]));
        if ellipse.eigenvalues[0] - ellipse.eigenvalues[1] > 1e-12 * ellipse.eigenvalues[0] {
            readouts.push(number(
                "ellipse-angle",
                "major axis (°)",
                ellipse.angle_degrees(),
            ));
        } else {
            readouts.push(text(
                "ellipse-angle",
                "major axis (°)",
                "any (λ₁ = λ₂: a circle)",
            ));
        }
        match self.influence {
            Some(influence) => {
                let point = self.cloud.get(influence.index).copied().unwrap_or_default();
                readouts.push(text(
                    "influential-point",
                    "most influential",
                    &point_text(point),
                ));
                match (s.pearson_r(), influence.r_without) {
                    (Some(r), Some(without)) => {
                        readouts.push(number("r-without", "r without it", without));
                        readouts.push(number("r-change", "r − r without", r - without));
                    }
                    (_, without) => {
                        let why = "undefined (a constant x or y)";
                        match without {
                            Some(w) => readouts.push(number("r-without", "r without it", w)),
                            None => readouts.push(text("r-without", "r without it", why)),
                        }
                        readouts.push(text("r-change", "r − r without", why));
                    }
                }
            }
            None => readouts.push(text(
                "influential-point",
                "most influential",
                "needs at least 3 points",
            )),
        }
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let info = |text: &str| Notice {
            level: NoticeLevel::Info,
            text: text.to_owned(),
        };
        let mut notices = Vec::new();
        // The source article's misprint (145.3 for 148.3) is a note in the explanation, not
        // a banner: a reader meets the demo before the article.
        match &self.summary {
            None => notices.push(info(
                "Click the plot to add points: the sample variance divides by n − 1, so it needs at least 2.",
            )),
            Some(s) if s.pearson_r().is_none() => notices.push(info(
                "x or y does not vary: r = cov / (sₓ·s_y) is 0 / 0, undefined.",
            )),
            _ => {}
        }
        notices
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 {
            return false;
        }
        if input.phase == PointerPhase::Up {
            let was_dragging = self.dragging.take().is_some();
            self.frozen_window = None;
            // Releasing lets the window refit the moved points.
            return was_dragging;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = self.viewport(&frame);
        let (x, y) = viewport.to_model(input.x, input.y);
        match (input.phase, self.dragging) {
            (PointerPhase::Drag, Some(index)) => self.move_point(index, [x, y]),
            (PointerPhase::Drag, None) => false,
            _ => {
                if !viewport.contains_pixel(input.x, input.y) {
                    return false;
                }
                let window = self.window();
                self.take_generated_points();
                let nearest = self
                    .clicked
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let (px, py) = viewport.to_pixel(p[0], p[1]);
                        (i, (px - input.x).hypot(py - input.y))
                    })
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                let index = match nearest {
                    Some((index, distance)) if distance <= HIT_RADIUS => index,
                    _ => {
                        if self.clicked.len() >= MAX_POINTS {
                            return false;
                        }
                        self.clicked
                            .push([round_coordinate(x), round_coordinate(y)]);
                        self.clicked.len() - 1
                    }
                };
                self.selected = Some(index);
                self.dragging = Some(index);
                self.frozen_window = Some(window);
                self.recompute();
                true
            }
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let [step_x, step_y] = self.key_steps();
        let delta = match key {
            "ArrowLeft" => [-step_x, 0.0],
            "ArrowRight" => [step_x, 0.0],
            "ArrowUp" => [0.0, step_y],
            "ArrowDown" => [0.0, -step_y],
            "n" | "N" | "p" | "P" => {
                self.take_generated_points();
                let count = self.clicked.len();
                if count == 0 {
                    return false;
                }
                let forward = key.eq_ignore_ascii_case("n");
                self.selected = Some(match (self.selected, forward) {
                    (None, true) => 0,
                    (None, false) => count - 1,
                    (Some(i), true) => (i + 1) % count,
                    (Some(i), false) => (i + count - 1) % count,
                });
                self.recompute();
                return true;
            }
            "Delete" | "Backspace" => {
                return self.source == Source::Points
                    && self.selected.is_some_and(|i| self.remove_point(i));
            }
            _ => return false,
        };
        if self.source != Source::Points {
            return false;
        }
        let Some(index) = self.selected.or((!self.clicked.is_empty()).then_some(0)) else {
            return false;
        };
        self.selected = Some(index);
        let Some(point) = self.clicked.get(index).copied() else {
            return false;
        };
        self.move_point(index, [point[0] + delta[0], point[1] + delta[1]]);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::test_support::{readout_number as number, readout_value as readout};

    fn press(demo: &CovarianceDemo, phase: PointerPhase, x: f64, y: f64) -> PointerInput {
        let (width, height) = (600.0, 450.0);
        let viewport = demo.viewport(&Frame::light(width, height, 1.0));
        let (px, py) = viewport.to_pixel(x, y);
        PointerInput {
            phase,
            x: px,
            y: py,
            css_width: width,
            css_height: height,
        }
    }

    #[test]
    fn default_is_article_003s_example_with_the_right_matrix_and_the_outlier_found() {
        let demo = CovarianceDemo::default();
        assert_eq!(demo.param("points").as_deref(), Some(ARTICLE_POINTS));
        assert!((number(&demo, "var-x") - 148.3).abs() < 1e-10);
        assert!((number(&demo, "cov-xy") - 285.6).abs() < 1e-10);
        assert!((number(&demo, "var-y") - 569.2).abs() < 1e-10);
        assert_eq!(
            readout(&demo, "covariance-row-1"),
            ReadoutValue::Text("[148.3, 285.6]".to_owned())
        );
        assert_eq!(
            readout(&demo, "covariance-row-2"),
            ReadoutValue::Text("[285.6, 569.2]".to_owned())
        );
        // python3: 285.6 / math.sqrt(148.3 * 569.2) = 0.9830037664902734; without (30, 60)
        // 30 / math.sqrt(1550) = 0.762000762001143.
        assert!((number(&demo, "r") - 0.983_003_766_490_273_4).abs() < 1e-12);
        assert_eq!(
            readout(&demo, "influential-point"),
            ReadoutValue::Text("(30, 60)".to_owned())
        );
        assert!((number(&demo, "r-without") - 0.762_000_762_001_143).abs() < 1e-12);
        assert!(
            (number(&demo, "r-change") - (0.983_003_766_490_273_4 - 0.762_000_762_001_143)).abs()
                < 1e-12
        );
        // The misprint is corrected in the explanation's note, not in a banner.
        assert!(demo.notices().is_empty(), "{:?}", demo.notices());
        assert!(INFO.explanation.contains("**Note on the source:**"));
        assert!(INFO.explanation.contains("145.3") && INFO.explanation.contains("148.3"));
    }

    #[test]
    fn the_line_preset_has_r_exactly_one() {
        let mut demo = CovarianceDemo::default();
        demo.run_action("line").unwrap();
        assert_eq!(demo.param("points").as_deref(), Some(LINE_POINTS));
        assert_eq!(number(&demo, "r"), 1.0);
        assert_eq!(number(&demo, "slope"), 2.0);
        assert_eq!(number(&demo, "lambda-2"), 0.0);
        demo.run_action("outlier").unwrap();
        assert_eq!(readout(&demo, "n"), ReadoutValue::Integer(6));
        assert!(
            number(&demo, "r") < 0.9,
            "an outlier against the trend lowers r"
        );
        demo.run_action("remove-influential").unwrap();
        assert_eq!(demo.param("points").as_deref(), Some(LINE_POINTS));
        demo.run_action("article").unwrap();
        assert_eq!(demo.param("points").as_deref(), Some(ARTICLE_POINTS));
        demo.run_action("delete").unwrap();
        assert_eq!(
            demo.param("points").as_deref(),
            Some("1,2;2,4;30,60;4,18"),
            "nothing selected: the last point goes"
        );
        demo.run_action("clear").unwrap();
        assert!(demo.run_action("delete").is_err());
        assert!(matches!(readout(&demo, "r"), ReadoutValue::Text(t) if t.contains("fewer")));
        assert!(demo.run_action("remove-influential").is_err());
        assert!(demo.run_action("nonsense").is_err());
    }

    #[test]
    fn click_adds_drag_moves_and_delete_removes() {
        let mut demo = CovarianceDemo::default();
        demo.set_param("points", "0,0;4,4;8,0").unwrap();
        // A press on (4, 4) grabs it, a drag moves it, and the window stays still meanwhile.
        let window = demo.window();
        assert!(demo.pointer(0, press(&demo, PointerPhase::Down, 4.0, 4.0)));
        assert!(demo.pointer(0, press(&demo, PointerPhase::Drag, 4.0, 6.0)));
        assert_eq!(demo.window(), window);
        assert!(demo.pointer(0, press(&demo, PointerPhase::Up, 4.0, 6.0)));
        assert_eq!(demo.param("points").as_deref(), Some("0,0;4,6;8,0"));
        // Delete removes the selected point; a press on empty space adds one.
        assert!(demo.key(0, "Delete"));
        assert_eq!(demo.param("points").as_deref(), Some("0,0;8,0"));
        assert!(
            matches!(readout(&demo, "r"), ReadoutValue::Text(t) if t.contains("y is constant"))
        );
        assert!(demo.pointer(0, press(&demo, PointerPhase::Down, 2.0, 1.0)));
        demo.pointer(0, press(&demo, PointerPhase::Up, 2.0, 1.0));
        assert_eq!(demo.param("points").as_deref(), Some("0,0;8,0;2,1"));
        // Keyboard: n selects the first point, arrows move it by a tenth of the scale.
        demo.selected = None;
        assert!(demo.key(0, "n"));
        assert_eq!(demo.selected, Some(0));
        assert!(demo.key(0, "ArrowUp"));
        let moved = parse_points(&demo.param("points").unwrap()).unwrap();
        assert!(moved[0][1] > 0.0 && moved[0][0] == 0.0);
        assert!(demo.key(0, "p") && demo.selected == Some(2));
        assert!(!demo.key(0, "Enter"));
    }

    #[test]
    fn editing_a_generated_cloud_turns_it_into_points() {
        let mut demo = CovarianceDemo::default();
        demo.set_param("source", "generated").unwrap();
        let generated = demo.cloud.clone();
        assert_eq!(generated.len(), 60);
        let r = number(&demo, "r");
        // 60 points of ρ = 0.6: the sample r has standard error ≈ (1 − ρ²)/√60 ≈ 0.08.
        assert!((r - 0.6).abs() < 0.3, "{r}");
        assert!(demo.key(0, "n"));
        assert_eq!(demo.param("source").as_deref(), Some("points"));
        assert_eq!(
            parse_points(&demo.param("points").unwrap()).unwrap(),
            generated
        );
        assert_eq!(number(&demo, "r"), r, "the same numbers, the same r");
    }

    #[test]
    fn csv_export_and_import_round_trip() {
        let mut demo = CovarianceDemo::default();
        let csv = demo.export("points").unwrap();
        assert!(csv.starts_with("x,y,z_x,z_y,z_x*z_y\n1,2,"));
        // The products of standard scores sum to (n − 1)·r.
        let sum: f64 = csv
            .lines()
            .skip(1)
            .filter_map(|line| line.rsplit(',').next()?.parse::<f64>().ok())
            .sum();
        assert!((sum / 4.0 - number(&demo, "r")).abs() < 1e-12);
        demo.set_param("source", "generated").unwrap();
        demo.import_text("points-csv", "x,y\n1,2\n2,4\n3,6\n")
            .unwrap();
        assert_eq!(demo.param("source").as_deref(), Some("points"));
        assert_eq!(demo.param("points").as_deref(), Some("1,2;2,4;3,6"));
        assert!(demo.import_text("points-csv", "1,2\nx,y\n").is_err());
        assert_eq!(demo.param("points").as_deref(), Some("1,2;2,4;3,6"));
    }

    #[test]
    fn bad_points_keep_the_last_good_state() {
        let mut demo = CovarianceDemo::default();
        assert!(demo.set_param("points", "1,2;3").is_err());
        assert_eq!(demo.param("points").as_deref(), Some(ARTICLE_POINTS));
        demo.set_param("points", "1,1").unwrap();
        assert!(matches!(readout(&demo, "var-x"), ReadoutValue::Text(_)));
        demo.set_param("points", "1,1;1,1;1,1").unwrap();
        assert!(matches!(readout(&demo, "r"), ReadoutValue::Text(_)));
        assert!(matches!(
            readout(&demo, "ellipse-angle"),
            ReadoutValue::Text(_)
        ));
        let frame = Frame::light(390.0, 300.0, 3.0);
        for plot in 0..2 {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (1170, 900)).into_drawing_area();
                demo.draw(plot, Layer::Foreground, &area, &frame).unwrap();
                area.present().unwrap();
            }
            assert!(!svg.contains("NaN"), "plot {plot}");
        }
    }
}
