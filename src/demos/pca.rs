//! Principal component analysis of a 2-D point cloud, generated (σx, σy, rotation, n, seed)
//! or clicked in, or of a 3-D cloud projected to its best plane: the covariance matrix, the
//! principal axes scaled by √λ with the ±2√λ ellipse, every point's projection onto PC1, the
//! explained-variance ratios and the reconstruction error. The math is `math::pca`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::drawing::{
    Chart2d, Pen, draw_veiled_label, equal_aspect_chart, fill_style, fitted_equal_aspect_viewport,
    label_beyond_tip, label_size, line_style, plotting_bounds, text_style,
};
use super::params::{
    format_param_number, format_toggle, parse_choice, parse_integer, parse_number, parse_toggle,
};
use super::plot_data::{short, thinned_indices, thinning_note};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, DrawDemo, DrawResult, Frame, Layer, Notice,
    NoticeLevel, PlotSpec, PlotTable, PointerInput, PointerPhase, Readout, ReadoutSpec,
    ReadoutValue, draw_error,
};
use crate::demos::drawing::ThemedMesh;
use crate::math::coordinates::round_coordinate;
use crate::math::pca::{MAX_POINTS, Pca, PcaError, format_points, generate_cloud, parse_points};
use crate::render::theme::{SERIES_COLOURS, rgb};
use crate::render::viewport::Viewport;

/// The clicked points a fresh demo starts with: article 003's `np.cov` example, whose printed
/// variance of x (145.3) is wrong; the readout shows the right 148.3.
const ARTICLE_POINTS: &str = "1,2;2,4;30,60;4,18;5,10";

const SOURCES: &[(&str, &str)] = &[
    ("generated", "Generated (Gaussian)"),
    ("clicked", "Clicked points"),
];

const DIMENSIONS: &[(&str, &str)] = &[("2", "2-D"), ("3", "3-D (best plane)")];

const fn sigma(
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
            min: 0.1,
            max: 3.0,
            step: 0.05,
            log: false,
        },
        help,
        group: "Generated cloud",
        example,
    }
}

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "dimension",
        aliases: &[],
        label: "Dimension",
        kind: ControlKind::Select {
            options: DIMENSIONS,
        },
        help: "A 2-D cloud, or a generated 3-D cloud (tilted 35° about x) projected onto its best plane, the first two principal components",
        group: "Data",
        example: "3",
    },
    ControlSpec {
        key: "source",
        aliases: &[],
        label: "Points",
        kind: ControlKind::Select { options: SOURCES },
        help: "Generate a Gaussian cloud, or use clicked points (click the plot to add one, click a point to remove it); 2-D only",
        group: "Data",
        example: "clicked",
    },
    sigma(
        "sx",
        "σx (spread along the first axis)",
        "The standard deviation of the generated cloud along its first axis, before rotation",
        "1",
    ),
    sigma(
        "sy",
        "σy (spread along the second axis)",
        "The standard deviation along the second axis, before rotation",
        "1.5",
    ),
    sigma(
        "sz",
        "σz (3-D: spread along the third axis)",
        "The standard deviation along the third axis of the 3-D cloud",
        "1.2",
    ),
    ControlSpec {
        key: "rotation",
        aliases: &[],
        label: "Rotation θ (°)",
        kind: ControlKind::Slider {
            min: -90.0,
            max: 90.0,
            step: 1.0,
            log: false,
        },
        help: "Turns the generated cloud counter-clockwise by θ (about the z axis in 3-D); also the arrow keys on the focused plot",
        group: "Generated cloud",
        example: "-45",
    },
    ControlSpec {
        key: "n",
        aliases: &[],
        label: "Number of points n",
        kind: ControlKind::Integer { min: 2, max: 500 },
        help: "How many points are generated",
        group: "Generated cloud",
        example: "30",
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
        group: "Generated cloud",
        example: "7",
    },
    ControlSpec {
        key: "points",
        aliases: &[],
        label: "Clicked points (x,y;x,y;…)",
        kind: ControlKind::Text {
            placeholder: ARTICLE_POINTS,
        },
        help: "The clicked points as x,y;x,y;… rounded to 2 decimals (default: the np.cov example from “Mathematical Foundations for Deep Learning”); empty it to clear",
        group: "Clicked points",
        example: "-2,-1;0,0.5;2,1.5;1,-1",
    },
    ControlSpec {
        key: "project",
        aliases: &[],
        label: "Show projections",
        kind: ControlKind::Toggle,
        help: "Draw each point's projection onto PC1 (3-D: onto the best plane) with the line to it",
        group: "Show",
        example: "1",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "n",
        help: "The number of points",
    },
    ReadoutSpec {
        name: "mean-{axis}",
        help: "The mean of x, y (and z in 3-D)",
    },
    ReadoutSpec {
        name: "cov-{entry}",
        help: "Entries xx, xy, yy (and xz, yz, zz in 3-D) of the sample covariance, divided by n − 1 (148.3, 285.6, 569.2 for the starting points)",
    },
    ReadoutSpec {
        name: "eigenvalue-{k}",
        help: "λ₁ ≥ λ₂ (≥ λ₃): the eigenvalues of the covariance, the variances along the principal axes",
    },
    ReadoutSpec {
        name: "pc{k}-angle",
        help: "2-D: the direction of PC1 / PC2 in degrees within (−90°, 90°], or a text when λ₁ = λ₂ (every direction is principal)",
    },
    ReadoutSpec {
        name: "pc{k}-direction",
        help: "3-D: the unit vector of each principal component",
    },
    ReadoutSpec {
        name: "explained-{k}",
        help: "λₖ / (λ₁ + … + λ_d), the explained-variance ratio of component k; undefined when all points coincide",
    },
    ReadoutSpec {
        name: "reconstruction-error",
        help: "Σ‖xᵢ − x̂ᵢ‖²: the squared distances of the points from their projections onto PC1 (3-D: onto the best plane), summed",
    },
    ReadoutSpec {
        name: "error-identity",
        help: "(n − 1) × the discarded eigenvalues (λ₂ in 2-D, λ₃ in 3-D): equal to the reconstruction error",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "cloud",
        title: "The cloud, its mean and principal axes",
        alt: "The points with equal scales on both axes, their mean, the principal axes as arrows of length √λ, the ellipse at ±2√λ and, when shown, each point's projection onto PC1. In 3-D the view from above (x, y). In clicked mode a click adds a point and a click on a point removes it; arrow keys on the focused plot turn a generated cloud.",
        aspect_ratio: 0.75,
        interactive: true,
    },
    PlotSpec {
        id: "scores",
        title: "The points in principal-component coordinates",
        alt: "Every point's coordinates along PC1 (horizontal) and PC2 (vertical): the cloud turned so that its principal axes are the plot's axes; in 3-D this is the projection onto the best plane.",
        aspect_ratio: 0.6,
        interactive: false,
    },
    PlotSpec {
        id: "variance",
        title: "Explained variance",
        alt: "One bar per principal component: the fraction of the total variance it explains.",
        aspect_ratio: 0.4,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "pca",
    title: "Principal component analysis",
    chapter: Chapter::LinearAlgebra,
    summary: "A 2-D point cloud, generated or clicked in: its covariance matrix, principal axes, projections onto PC1, explained variance and reconstruction error; a 3-D cloud projected to its best plane.",
    explanation: r#"Principal component analysis finds the directions in which a cloud of points spreads the most. First centre the points on their mean $\bar x = \frac1n \sum_i x_i$, then form the sample covariance matrix, here with $n - 1$ in the denominator (ddof = 1, as `numpy.cov` does):

$$C = \frac{1}{n-1} \sum_{i=1}^{n} (x_i - \bar x)(x_i - \bar x)^\top, \qquad C_{xy} = \frac{1}{n-1}\sum_i (x_i - \bar x)(y_i - \bar y)$$

$C$ is symmetric and positive semi-definite, so it has real eigenvalues $\lambda_1 \ge \lambda_2 \ge 0$ and orthonormal eigenvectors $v_1, v_2$ (computed by nalgebra's `SymmetricEigen`): $C v_k = \lambda_k v_k$. The variance of the points along a unit direction $u$ is $u^\top C u$, which is largest for $u = v_1$, the first principal component, where it equals $\lambda_1$. So the arrows are drawn as $\sqrt{\lambda_k}\, v_k$, one standard deviation along each axis, and the ellipse at $\pm 2\sqrt{\lambda_k}$.

Keeping only PC1 replaces every point by its projection $\hat x_i = \bar x + \big((x_i - \bar x)\cdot v_1\big)\, v_1$. The explained-variance ratio of component $k$ is $\lambda_k / (\lambda_1 + \lambda_2)$, and what is lost is exactly the discarded variance:

$$\sum_{i=1}^{n} \|x_i - \hat x_i\|^2 = (n-1)\,\lambda_2$$

(the readouts compute both sides separately). A generated cloud draws $x = R_\theta \,\mathrm{diag}(\sigma_x, \sigma_y)\, z$ with $z$ standard normal, so its covariance approaches $R_\theta \,\mathrm{diag}(\sigma_x^2, \sigma_y^2)\, R_\theta^\top$ and PC1 points along $\theta$ when $\sigma_x > \sigma_y$. When $\lambda_1 = \lambda_2$ the cloud is round and every direction is principal. In 3-D the best plane is spanned by $v_1, v_2$; the second plot shows the coordinates $(x_i - \bar x)\cdot v_1$ and $(x_i - \bar x)\cdot v_2$, and the error is $(n-1)\lambda_3$.

The clicked points start as the `np.cov` example from *Mathematical Foundations for Deep Learning*, $x = [1, 2, 30, 4, 5]$ and $y = [2, 4, 60, 18, 10]$. **Note on the source:** the article prints the covariance as $[[145.3, 285.6], [285.6, 569.2]]$, but $\sum_i (x_i - 8.4)^2 = 593.2$ and $593.2 / 4 = 148.3$: the right matrix is $[[148.3, 285.6], [285.6, 569.2]]$."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(PcaDemo::default()),
};

/// Where the 2-D points come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    Generated,
    Clicked,
}

/// The state of the PCA demo.
#[derive(Clone, Debug)]
pub struct PcaDemo {
    /// 2 or 3.
    dimension: usize,
    /// Generated or clicked points (clicked only in 2-D).
    source: Source,
    /// σx, σy, σz of the generator (σz only in 3-D).
    sigmas: [f64; 3],
    /// The generator's rotation in degrees.
    rotation: f64,
    /// The number of generated points.
    n: usize,
    /// The generator's seed.
    seed: u64,
    /// The clicked points (kept while the generator is in use, so switching back restores them).
    clicked: Vec<[f64; 2]>,
    /// Draw the projections onto PC1 / the best plane.
    project: bool,
    /// The points in use, recomputed after every change.
    cloud: Vec<Vec<f64>>,
    /// Their PCA, or why there is none.
    fit: Result<Pca, PcaError>,
}

impl Default for PcaDemo {
    fn default() -> Self {
        let mut demo = Self {
            dimension: 2,
            source: Source::Generated,
            sigmas: [2.0, 0.5, 0.3],
            rotation: 30.0,
            n: 100,
            seed: 1,
            clicked: parse_points(ARTICLE_POINTS).unwrap_or_default(),
            project: false,
            cloud: Vec::new(),
            fit: Err(PcaError::TooFewPoints),
        };
        demo.recompute();
        demo
    }
}

/// Degrees the arrow keys turn the generated cloud by.
const ROTATION_STEP: f64 = 5.0;
/// A click within this many CSS pixels of a point removes it.
const HIT_RADIUS: f64 = 9.0;

impl PcaDemo {
    /// Whether the points are generated (always in 3-D).
    fn generated(&self) -> bool {
        self.dimension == 3 || self.source == Source::Generated
    }

    fn recompute(&mut self) {
        self.cloud = if self.generated() {
            generate_cloud(
                &self.sigmas[..self.dimension],
                self.rotation,
                self.n,
                self.seed,
            )
        } else {
            self.clicked.iter().map(|p| p.to_vec()).collect()
        };
        self.fit = Pca::fit(&self.cloud);
    }

    /// The window of the cloud plot as a centre and the half widths it must show along x
    /// and y. Generated clouds: centred on the origin (their mean is near it), showing the
    /// points and the ±2√λ ellipse. Clicked points: centred on their bounding box and showing
    /// only it (plus a margin to click into), so a click inside never moves the window.
    fn cloud_window(&self) -> (Vec2, Vec2) {
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
        // Half steps, so small changes of the cloud rarely move the ticks.
        let tidy = |x: f64| (x * 2.0).ceil() / 2.0;
        if self.generated() {
            if let (Ok(pca), 2) = (&self.fit, self.dimension) {
                for axis in 0..2 {
                    let reach = ellipse_half_width(pca, axis);
                    low[axis] = low[axis].min(pca.mean[axis] - reach);
                    high[axis] = high[axis].max(pca.mean[axis] + reach);
                }
            }
            let half = [0, 1].map(|a| tidy(1.05 * low[a].abs().max(high[a].abs())).max(1.0));
            return ([0.0, 0.0], half);
        }
        let centre = [0, 1].map(|a| round_coordinate((low[a] + high[a]) / 2.0));
        let half = [0, 1].map(|a| tidy((high[a] - low[a]) / 2.0 * 1.15 + 0.5).max(3.0));
        (centre, half)
    }

    fn cloud_viewport(&self, frame: &Frame) -> Viewport {
        let (centre, half) = self.cloud_window();
        fitted_viewport(frame, centre, half)
    }

    /// The point shown for a data point on the cloud plot (x and y; 3-D seen from above).
    fn shown(point: &[f64]) -> (f64, f64) {
        (point[0], point[1])
    }

    fn draw_cloud<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let viewport = self.cloud_viewport(frame);
        let (x_label, y_label) = if self.dimension == 3 {
            ("x (3-D cloud seen from above)", "y")
        } else {
            ("x", "y")
        };
        let mut chart = equal_aspect_chart(area, frame, &viewport, TOP_MARGIN, x_label, y_label)?;
        let pen = Pen::new(frame, &viewport);
        let theme = frame.theme;
        let point_colour = SERIES_COLOURS[0];
        // Smaller points on a narrow (phone) plot, where they would otherwise bury the
        // arrows and the mean.
        let crowded = self.cloud.len() > 200 || frame.geometry.css_width < 500.0;
        let radius = frame.px(if crowded { 2.5 } else { 3.5 }) as i32;
        if let Ok(pca) = &self.fit {
            let mean = [pca.mean[0], pca.mean[1]];
            let d = self.dimension;
            // The line of PC1 across the window, the best 1-D fit.
            let v1 = [pca.components[0][0], pca.components[0][1]];
            let span = 4.0 * (viewport.x_range.1 - viewport.x_range.0);
            if v1[0].hypot(v1[1]) > 1e-9 {
                pen.dashed(
                    &mut chart,
                    add(mean, scale(-span, v1)),
                    add(mean, scale(span, v1)),
                    theme.grid,
                )?;
            }
            // The ±2√λ ellipse (2-D only; in 3-D its top view would mislead).
            if d == 2 {
                let (a, b) = (
                    2.0 * pca.eigenvalues[0].sqrt(),
                    2.0 * pca.eigenvalues[1].sqrt(),
                );
                let v2 = [pca.components[1][0], pca.components[1][1]];
                let ellipse: Vec<(f64, f64)> = (0..=180)
                    .map(|i| {
                        let t = std::f64::consts::TAU * i as f64 / 180.0;
                        let p = add(mean, add(scale(a * t.cos(), v1), scale(b * t.sin(), v2)));
                        (p[0], p[1])
                    })
                    .collect();
                // Drawn in runs inside the window: plotters would flatten it along the edges.
                for run in ellipse
                    .split(|(x, y)| !viewport.contains_model(*x, *y))
                    .filter(|run| run.len() > 1)
                {
                    chart
                        .draw_series(LineSeries::new(
                            run.iter().copied(),
                            line_style(SERIES_COLOURS[3], frame, 1.5),
                        ))
                        .map_err(draw_error)?;
                }
            }
            if self.project {
                let projected: Vec<(f64, f64)> = self
                    .cloud
                    .iter()
                    .map(|p| Self::shown(&pca.reconstruct(p, d - 1)))
                    .collect();
                for (p, q) in self.cloud.iter().zip(&projected) {
                    chart
                        .draw_series(LineSeries::new(
                            [Self::shown(p), *q],
                            line_style(theme.muted_text, frame, 1.0),
                        ))
                        .map_err(draw_error)?;
                }
                chart
                    .draw_series(projected.iter().map(|q| {
                        Circle::new(*q, frame.px(2.5) as i32, fill_style(SERIES_COLOURS[1]))
                    }))
                    .map_err(draw_error)?;
            }
            chart
                .draw_series(
                    self.cloud
                        .iter()
                        .map(|p| Circle::new(Self::shown(p), radius, fill_style(point_colour))),
                )
                .map_err(draw_error)?;
            for k in 0..d {
                let v = &pca.components[k];
                let length = pca.eigenvalues[k].sqrt();
                let tip = add(mean, scale(length, [v[0], v[1]]));
                let colour = [SERIES_COLOURS[1], SERIES_COLOURS[2], SERIES_COLOURS[4]][k];
                draw_arrow(
                    area,
                    &pen,
                    &mut chart,
                    mean,
                    tip,
                    colour,
                    &format!("PC{}", k + 1),
                )?;
            }
            // The mean: a ring, labelled on the side away from the arrows.
            let (mx, my) = (mean[0], mean[1]);
            let away = [0, 1].map(|j| -(pca.components[0][j] + pca.components[1][j]));
            let away_length = away[0].hypot(away[1]);
            let away = if away_length > 1e-9 {
                scale(1.0 / away_length, away)
            } else {
                [0.0, -1.0]
            };
            let label_at = add(mean, scale(pen.units(24.0), away));
            chart
                .draw_series(std::iter::once(Circle::new(
                    (mx, my),
                    frame.px(6.0) as i32,
                    line_style(theme.text, frame, 2.0),
                )))
                .map_err(draw_error)?;
            // On a veil: on a phone the points crowd around the mean.
            let (lx, ly) = chart.backend_coord(&(label_at[0], label_at[1]));
            let (width, height) = label_size(frame, "mean", 12.0);
            draw_veiled_label(
                area,
                frame,
                "mean",
                (f64::from(lx) - width / 2.0, f64::from(ly) - height / 2.0),
                12.0,
                theme.text,
            )?;
        } else {
            chart
                .draw_series(
                    self.cloud
                        .iter()
                        .map(|p| Circle::new(Self::shown(p), radius, fill_style(point_colour))),
                )
                .map_err(draw_error)?;
            let style =
                text_style(frame, 14.0, theme.muted_text).pos(Pos::new(HPos::Center, VPos::Center));
            let (centre, _) = self.cloud_window();
            chart
                .draw_series(std::iter::once(Text::new(
                    "Click to add points (PCA needs at least 2)",
                    (centre[0], centre[1]),
                    style,
                )))
                .map_err(draw_error)?;
        }
        Ok(())
    }

    fn draw_scores<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let scores: Vec<Vec<f64>> = match &self.fit {
            Ok(pca) => self.cloud.iter().map(|p| pca.scores(p, 2)).collect(),
            Err(_) => Vec::new(),
        };
        let reach = [0, 1].map(|k| {
            let largest = scores.iter().fold(0.0_f64, |m, s| m.max(s[k].abs()));
            // On a 1-2-2.5-5 ladder so the ticks stay tidy.
            nice_ceiling((largest * 1.1).max(1e-3))
        });
        let viewport = fitted_viewport(frame, [0.0, 0.0], reach);
        let mut chart = equal_aspect_chart(
            area,
            frame,
            &viewport,
            TOP_MARGIN,
            "PC1 score (x − mean)·v₁",
            "PC2 score",
        )?;
        let theme = frame.theme;
        for line in [
            [(viewport.x_range.0, 0.0), (viewport.x_range.1, 0.0)],
            [(0.0, viewport.y_range.0), (0.0, viewport.y_range.1)],
        ] {
            chart
                .draw_series(LineSeries::new(line, line_style(theme.axis, frame, 1.0)))
                .map_err(draw_error)?;
        }
        // In 2-D, projecting onto PC1 drops the PC2 score: the dot moves to the axis.
        if self.project && self.dimension == 2 {
            for s in &scores {
                chart
                    .draw_series(LineSeries::new(
                        [(s[0], s[1]), (s[0], 0.0)],
                        line_style(theme.muted_text, frame, 1.0),
                    ))
                    .map_err(draw_error)?;
            }
            chart
                .draw_series(scores.iter().map(|s| {
                    Circle::new(
                        (s[0], 0.0),
                        frame.px(2.5) as i32,
                        fill_style(SERIES_COLOURS[1]),
                    )
                }))
                .map_err(draw_error)?;
        }
        let radius = frame.px(if scores.len() > 200 { 2.5 } else { 3.5 }) as i32;
        chart
            .draw_series(
                scores
                    .iter()
                    .map(|s| Circle::new((s[0], s[1]), radius, fill_style(SERIES_COLOURS[0]))),
            )
            .map_err(draw_error)?;
        Ok(())
    }

    fn draw_variance<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let ratios = self
            .fit
            .as_ref()
            .ok()
            .and_then(|pca| pca.explained_variance_ratios())
            .unwrap_or_default();
        let d = self.dimension;
        let names: Vec<String> = (1..=d).map(|k| format!("PC{k}")).collect();
        let x_formatter = |x: &f64| {
            let index = x.round();
            if (x - index).abs() < 1e-9 && index >= 0.0 && (index as usize) < names.len() {
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
            .build_cartesian_2d(-0.5..(d as f64 - 0.5), 0.0..1.15)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .themed(frame)
            .disable_x_mesh()
            .x_desc("explained-variance ratio λₖ / Σλ")
            .x_labels(2 * d + 1)
            .y_labels(6)
            .x_label_formatter(&x_formatter)
            .y_label_formatter(&|y| {
                super::drawing::format_tick(*y, super::drawing::tick_step(0.0, 1.15, 6))
            })
            .draw()
            .map_err(draw_error)?;
        let colours = [SERIES_COLOURS[1], SERIES_COLOURS[2], SERIES_COLOURS[4]];
        for (k, ratio) in ratios.iter().enumerate() {
            let x = k as f64;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.3, 0.0), (x + 0.3, *ratio)],
                    fill_style(colours[k]),
                )))
                .map_err(draw_error)?;
            let style =
                text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Center, VPos::Bottom));
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("{:.1}%", ratio * 100.0),
                    (x, ratio + 0.02),
                    style,
                )))
                .map_err(draw_error)?;
        }
        Ok(())
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10ᵏ at or above `x` (> 0).
fn nice_ceiling(x: f64) -> f64 {
    let power = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|v| *v >= x * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

type Vec2 = [f64; 2];

fn add(a: Vec2, b: Vec2) -> Vec2 {
    [a[0] + b[0], a[1] + b[1]]
}

fn scale(c: f64, a: Vec2) -> Vec2 {
    [c * a[0], c * a[1]]
}

/// The half width of the ±2√λ ellipse along `axis` (0 = x, 1 = y): √((a·v₁)² + (b·v₂)²).
fn ellipse_half_width(pca: &Pca, axis: usize) -> f64 {
    (0..2)
        .map(|k| 4.0 * pca.eigenvalues[k] * pca.components[k][axis].powi(2))
        .sum::<f64>()
        .sqrt()
}

/// The equal-aspect viewport centred on `centre` showing at least `half` along x and y.
fn fitted_viewport(frame: &Frame, centre: Vec2, half: Vec2) -> Viewport {
    fitted_equal_aspect_viewport(frame, centre, half, TOP_MARGIN)
}

/// Top margin of the equal-aspect plots, in CSS pixels.
const TOP_MARGIN: f64 = 10.0;

/// An arrow from `from` to `to` with a filled head and a label past the tip.
/// A principal axis: an arrow with a halo of the background (so it shows over the points
/// under it) and its name just past the tip, on a veil.
fn draw_arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    chart: &mut Chart2d<'_, DB>,
    from: Vec2,
    to: Vec2,
    colour: [u8; 3],
    label: &str,
) -> DrawResult {
    let direction = [to[0] - from[0], to[1] - from[1]];
    let length = direction[0].hypot(direction[1]);
    let frame = pen.frame;
    // A direction shorter than a pixel (a zero eigenvalue) is not drawn as an arrow.
    if length < pen.units(1.0) {
        return Ok(());
    }
    chart
        .draw_series(LineSeries::new(
            [(from[0], from[1]), (to[0], to[1])],
            line_style(frame.theme.background, frame, 6.0),
        ))
        .map_err(draw_error)?;
    if pen.arrow_shape(chart, from, to, colour, 3.0)?.is_none() {
        return Ok(());
    }
    // A tiny λ₃'s label would sit on the mean's ring.
    if length < pen.units(8.0) {
        return Ok(());
    }
    let pixel = |p: Vec2| {
        let (x, y) = chart.backend_coord(&(p[0], p[1]));
        (f64::from(x), f64::from(y))
    };
    let (start, end) = (pixel(from), pixel(to));
    let bounds = plotting_bounds(chart);
    let size = label_size(frame, label, 13.0);
    let at = label_beyond_tip(
        frame,
        end,
        (end.0 - start.0, end.1 - start.1),
        6.0,
        size,
        bounds,
    );
    draw_veiled_label(area, frame, label, at, 13.0, colour)
}

impl DrawDemo for PcaDemo {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        // Every change moves everything, so all of it lives on the foreground layer.
        if layer == Layer::Background {
            return Ok(());
        }
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        match plot {
            0 => self.draw_cloud(area, frame),
            1 => self.draw_scores(area, frame),
            _ => self.draw_variance(area, frame),
        }
    }
}

const AXES: [&str; 3] = ["x", "y", "z"];

impl Demo for PcaDemo {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "dimension" => self.dimension.to_string(),
            "source" => match self.source {
                Source::Generated => "generated",
                Source::Clicked => "clicked",
            }
            .to_owned(),
            "sx" => format_param_number(self.sigmas[0]),
            "sy" => format_param_number(self.sigmas[1]),
            "sz" => format_param_number(self.sigmas[2]),
            "rotation" => format_param_number(self.rotation),
            "n" => self.n.to_string(),
            "seed" => self.seed.to_string(),
            "points" => format_points(&self.clicked),
            "project" => format_toggle(self.project),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "dimension" => {
                self.dimension = if parse_choice(value, DIMENSIONS)? == "3" {
                    3
                } else {
                    2
                }
            }
            "source" => {
                self.source = if parse_choice(value, SOURCES)? == "clicked" {
                    Source::Clicked
                } else {
                    Source::Generated
                }
            }
            "sx" => self.sigmas[0] = parse_number(value, 0.1, 3.0)?,
            "sy" => self.sigmas[1] = parse_number(value, 0.1, 3.0)?,
            "sz" => self.sigmas[2] = parse_number(value, 0.1, 3.0)?,
            "rotation" => self.rotation = parse_number(value, -90.0, 90.0)?,
            "n" => self.n = parse_integer(value, 2, 500)? as usize,
            "seed" => self.seed = parse_integer(value, 0, 4_294_967_295)? as u64,
            "points" => self.clicked = parse_points(value)?,
            "project" => self.project = parse_toggle(value)?,
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        match key {
            "source" => self.dimension == 2,
            "sx" | "sy" | "rotation" | "n" | "seed" => self.generated(),
            "sz" => self.dimension == 3,
            "points" => !self.generated(),
            _ => true,
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "points" if !self.generated() => Some(format!(
                "{} point{}; click the plot to add one, click a point to remove it.",
                self.clicked.len(),
                if self.clicked.len() == 1 { "" } else { "s" }
            )),
            "source" if self.dimension == 3 => Some("3-D clouds are always generated.".to_owned()),
            _ => None,
        }
    }

    fn readouts(&self) -> Vec<Readout> {
        let plain = |name: String, label: String, value: ReadoutValue, group: &str| Readout {
            name,
            label,
            value,
            group: group.to_owned(),
        };
        let d = self.dimension;
        let mut readouts = vec![plain(
            "n".to_owned(),
            "Points n".to_owned(),
            ReadoutValue::Integer(self.cloud.len() as i64),
            "",
        )];
        let pca = match &self.fit {
            Ok(pca) => pca,
            Err(PcaError::TooFewPoints) => {
                let why = ReadoutValue::Text("undefined (fewer than 2 points)".to_owned());
                for name in ["eigenvalue-1", "explained-1", "reconstruction-error"] {
                    readouts.push(plain(
                        name.to_owned(),
                        name.replace('-', " "),
                        why.clone(),
                        "",
                    ));
                }
                return readouts;
            }
        };
        for (axis, mean) in AXES.iter().zip(&pca.mean) {
            readouts.push(plain(
                format!("mean-{axis}"),
                format!("mean {axis}"),
                ReadoutValue::Number(*mean),
                "",
            ));
        }
        for (i, j) in [(0, 0), (0, 1), (1, 1), (0, 2), (1, 2), (2, 2)] {
            if j >= d {
                continue;
            }
            let entry = format!("{}{}", AXES[i], AXES[j]);
            readouts.push(plain(
                format!("cov-{entry}"),
                if i == j {
                    format!("var {}", AXES[i])
                } else {
                    format!("cov({}, {})", AXES[i], AXES[j])
                },
                ReadoutValue::Number(pca.covariance[i][j]),
                "",
            ));
        }
        let ratios = pca.explained_variance_ratios();
        for k in 0..d {
            let group = format!("PC{}", k + 1);
            readouts.push(plain(
                format!("eigenvalue-{}", k + 1),
                "eigenvalue λ".to_owned(),
                ReadoutValue::Number(pca.eigenvalues[k]),
                &group,
            ));
            if d == 2 {
                let tied = pca.is_tied(0);
                readouts.push(plain(
                    format!("pc{}-angle", k + 1),
                    "direction (°)".to_owned(),
                    if tied {
                        ReadoutValue::Text("any (λ₁ = λ₂)".to_owned())
                    } else {
                        ReadoutValue::Number(pca.angle_degrees(k))
                    },
                    &group,
                ));
            } else {
                let v = &pca.components[k];
                readouts.push(plain(
                    format!("pc{}-direction", k + 1),
                    "direction v".to_owned(),
                    ReadoutValue::Text(format!("({:.3}, {:.3}, {:.3})", v[0], v[1], v[2])),
                    &group,
                ));
            }
            readouts.push(plain(
                format!("explained-{}", k + 1),
                "explained ratio".to_owned(),
                match &ratios {
                    Some(r) => ReadoutValue::Number(r[k]),
                    None => ReadoutValue::Text("undefined (all points coincide)".to_owned()),
                },
                &group,
            ));
        }
        let kept = d - 1;
        readouts.push(plain(
            "reconstruction-error".to_owned(),
            "error Σ‖x − x̂‖²".to_owned(),
            ReadoutValue::Number(pca.reconstruction_error(&self.cloud, kept)),
            "",
        ));
        readouts.push(plain(
            "error-identity".to_owned(),
            format!("(n − 1)·λ{}", subscript(d)),
            ReadoutValue::Number(pca.discarded_variance_error(kept)),
            "",
        ));
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let info = |text: &str| {
            vec![Notice {
                level: NoticeLevel::Info,
                text: text.to_owned(),
            }]
        };
        match &self.fit {
            Err(PcaError::TooFewPoints) => info(
                "Click the plot to add points: the covariance divides by n − 1, so PCA needs at least 2.",
            ),
            Ok(pca) if pca.explained_variance_ratios().is_none() => info(
                "All points coincide: there is no variance to explain, so the explained-variance ratios are undefined.",
            ),
            Ok(pca) if self.dimension == 2 && pca.is_tied(0) => info(
                "λ₁ = λ₂: the cloud is round, every direction is a principal direction; the axes drawn are one arbitrary orthonormal pair.",
            ),
            _ => Vec::new(),
        }
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 || self.generated() || input.phase != PointerPhase::Down {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let viewport = self.cloud_viewport(&frame);
        if !viewport.contains_pixel(input.x, input.y) {
            return false;
        }
        // Remove the nearest point under the pointer, else add one there.
        let nearest = self
            .clicked
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (px, py) = viewport.to_pixel(p[0], p[1]);
                (i, (px - input.x).hypot(py - input.y))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match nearest {
            Some((index, distance)) if distance <= HIT_RADIUS => {
                self.clicked.remove(index);
            }
            _ => {
                if self.clicked.len() >= MAX_POINTS {
                    return false;
                }
                let (x, y) = viewport.to_model(input.x, input.y);
                self.clicked
                    .push([round_coordinate(x), round_coordinate(y)]);
            }
        }
        self.recompute();
        true
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot > 1 || !self.generated() {
            return false;
        }
        let delta = match key {
            "ArrowLeft" | "ArrowDown" => -ROTATION_STEP,
            "ArrowRight" | "ArrowUp" => ROTATION_STEP,
            _ => return false,
        };
        let rotation = (self.rotation + delta).clamp(-90.0, 90.0);
        if rotation == self.rotation {
            return false;
        }
        self.rotation = rotation;
        self.recompute();
        true
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        let d = self.dimension;
        let pca = self.fit.as_ref().ok();
        let (indices, stride) = thinned_indices(self.cloud.len(), MAX_TABLE_POINTS);
        let thinned = thinning_note(stride, "point");
        let mut table = match plot {
            0 => {
                let mut columns = vec!["Item"];
                columns.extend(&AXES[..d]);
                let mut table = PlotTable::new(
                    format!(
                        "The cloud: its mean, the tips of the principal axes (mean + √λₖ vₖ) and the points{thinned}"
                    ),
                    &columns,
                );
                if let Some(pca) = pca {
                    table.push_labelled("mean", &pca.mean);
                    for k in 0..d.min(2) {
                        let reach = pca.eigenvalues[k].sqrt();
                        let tip: Vec<f64> = (0..d)
                            .map(|i| pca.mean[i] + reach * pca.components[k][i])
                            .collect();
                        table.push_labelled(format!("PC{} axis tip", k + 1), &tip);
                    }
                }
                for &i in &indices {
                    table.push_labelled(format!("point {}", i + 1), &self.cloud[i]);
                }
                table
            }
            1 => {
                let mut table = PlotTable::new(
                    format!("Every point's scores along PC1 and PC2{thinned}"),
                    &["Point", "PC1 score", "PC2 score"],
                );
                if let Some(pca) = pca {
                    for &i in &indices {
                        table.push_labelled(
                            format!("point {}", i + 1),
                            &pca.scores(&self.cloud[i], 2),
                        );
                    }
                }
                table
            }
            2 => {
                let mut table = PlotTable::new(
                    "The bars: each component's eigenvalue λₖ and its explained-variance ratio λₖ / Σλ",
                    &["Component", "λₖ", "ratio"],
                );
                if let Some(pca) = pca {
                    let ratios = pca.explained_variance_ratios();
                    for k in 0..d {
                        let ratio = ratios.as_ref().map_or(f64::NAN, |r| r[k]);
                        let mut row = vec![
                            ReadoutValue::Text(format!("PC{}", k + 1)),
                            ReadoutValue::Number(pca.eigenvalues[k]),
                        ];
                        // Coinciding points have no variance to share out.
                        row.push(if ratio.is_finite() {
                            ReadoutValue::Number(ratio)
                        } else {
                            ReadoutValue::Text("undefined".to_owned())
                        });
                        table.rows.push(row);
                    }
                }
                table
            }
            _ => return None,
        };
        if table.rows.is_empty() {
            let mut row = vec![ReadoutValue::Text(
                "fewer than 2 points: nothing to show".to_owned(),
            )];
            row.resize(table.columns.len(), ReadoutValue::Text(String::new()));
            table.rows.push(row);
        }
        Some(table)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        let n = self.cloud.len();
        let Ok(pca) = &self.fit else {
            return Some(format!(
                "{n} point{}: PCA needs at least 2 points.",
                if n == 1 { "" } else { "s" }
            ));
        };
        let ratios = pca.explained_variance_ratios();
        let percent = |k: usize| {
            ratios
                .as_ref()
                .map(|r| format!("{} %", short(100.0 * r[k])))
                .unwrap_or_else(|| "undefined".to_owned())
        };
        Some(match plot {
            0 => {
                let mean = pca
                    .mean
                    .iter()
                    .map(|x| short(*x))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!(
                    "{n} points{} with mean ({mean}); PC1 points at {}° with λ₁ = {} ({} of the variance), PC2 λ₂ = {}.",
                    if self.dimension == 3 {
                        " in 3-D, seen from above"
                    } else {
                        ""
                    },
                    short(pca.angle_degrees(0)),
                    short(pca.eigenvalues[0]),
                    percent(0),
                    short(pca.eigenvalues[1])
                )
            }
            1 => {
                let scores: Vec<Vec<f64>> = self.cloud.iter().map(|p| pca.scores(p, 2)).collect();
                let range = |k: usize| {
                    let (low, high) = scores
                        .iter()
                        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), s| {
                            (l.min(s[k]), h.max(s[k]))
                        });
                    format!("{} to {}", short(low), short(high))
                };
                format!(
                    "{n} points turned onto their principal axes: PC1 scores from {}, PC2 scores from {}.",
                    range(0),
                    range(1)
                )
            }
            2 => {
                let parts: Vec<String> = (0..self.dimension)
                    .map(|k| format!("PC{} {}", k + 1, percent(k)))
                    .collect();
                format!("Explained variance: {}.", parts.join(", "))
            }
            _ => return None,
        })
    }
}

/// `k` as a subscript digit (1 to 3).
/// The most points a data table lists (a generated cloud may have thousands).
const MAX_TABLE_POINTS: usize = 200;

fn subscript(k: usize) -> char {
    ['₀', '₁', '₂', '₃'][k.min(3)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::test_support::{readout_number as number, readout_value as readout};

    #[test]
    fn data_tables_hold_the_mean_the_points_and_the_ratios() {
        let mut demo = PcaDemo::default();
        demo.set_param("source", "clicked").unwrap();
        // Article 003's points (1,2), (2,4), (30,60), (4,18), (5,10): mean (8.4, 18.8).
        let cloud = demo.plot_table(0).unwrap();
        assert_eq!(
            cloud.rows[0],
            vec![
                ReadoutValue::Text("mean".into()),
                ReadoutValue::Number(8.4),
                ReadoutValue::Number(18.8)
            ]
        );
        assert_eq!(cloud.rows.len(), 1 + 2 + 5);
        assert_eq!(
            cloud.rows[3][1..],
            [ReadoutValue::Number(1.0), ReadoutValue::Number(2.0)]
        );
        // The bars are the readouts' explained-variance ratios.
        let variance = demo.plot_table(2).unwrap();
        assert_eq!(variance.rows[0][2], readout(&demo, "explained-1"));
        assert_eq!(variance.rows[1][2], readout(&demo, "explained-2"));
        // A point's PC2 score is its distance from the PC1 line through the mean (up to sign):
        // for (30, 60) the scores' squares add up to its squared distance from the mean.
        let scores = demo.plot_table(1).unwrap();
        let (ReadoutValue::Number(s1), ReadoutValue::Number(s2)) =
            (&scores.rows[2][1], &scores.rows[2][2])
        else {
            panic!()
        };
        let squared = (30.0f64 - 8.4).powi(2) + (60.0f64 - 18.8).powi(2);
        assert!((s1 * s1 + s2 * s2 - squared).abs() < 1e-9 * squared);
        // 500 generated points are thinned to at most 200 rows.
        demo.set_param("source", "generated").unwrap();
        demo.set_param("n", "500").unwrap();
        assert!(demo.plot_table(1).unwrap().rows.len() <= MAX_TABLE_POINTS);
    }

    #[test]
    fn clicked_default_is_article_003s_example_with_the_right_variance() {
        let mut demo = PcaDemo::default();
        demo.set_param("source", "clicked").unwrap();
        assert_eq!(demo.param("points").as_deref(), Some(ARTICLE_POINTS));
        assert!((number(&demo, "cov-xx") - 148.3).abs() < 1e-9);
        assert!((number(&demo, "cov-xy") - 285.6).abs() < 1e-9);
        assert!((number(&demo, "cov-yy") - 569.2).abs() < 1e-9);
        assert_eq!(readout(&demo, "n"), ReadoutValue::Integer(5));
        let (error, identity) = (
            number(&demo, "reconstruction-error"),
            number(&demo, "error-identity"),
        );
        assert!((error - identity).abs() < 1e-9 * identity);
        let sum = number(&demo, "explained-1") + number(&demo, "explained-2");
        assert!((sum - 1.0).abs() < 1e-12);
    }

    #[test]
    fn generated_default_points_along_the_rotation() {
        let demo = PcaDemo::default();
        assert_eq!(readout(&demo, "n"), ReadoutValue::Integer(100));
        // σx = 2, σy = 0.5 turned by 30°: PC1 near 30° (100 points: a few degrees off).
        assert!((number(&demo, "pc1-angle") - 30.0).abs() < 5.0);
        assert!(number(&demo, "explained-1") > 0.85);
        let mut three = PcaDemo::default();
        three.set_param("dimension", "3").unwrap();
        assert!(matches!(
            readout(&three, "pc3-direction"),
            ReadoutValue::Text(_)
        ));
        assert!(three.is_control_active("sz") && !three.is_control_active("source"));
    }

    #[test]
    fn clicking_adds_and_removes_points_and_empty_points_read_undefined() {
        let mut demo = PcaDemo::default();
        demo.set_param("source", "clicked").unwrap();
        demo.set_param("points", "").unwrap();
        assert!(
            matches!(readout(&demo, "eigenvalue-1"), ReadoutValue::Text(t) if t.starts_with("undefined"))
        );
        assert_eq!(demo.notices().len(), 1);
        let (width, height) = (600.0, 450.0);
        let at = |demo: &PcaDemo, x: f64, y: f64| {
            let viewport = demo.cloud_viewport(&Frame::light(width, height, 1.0));
            let (px, py) = viewport.to_pixel(x, y);
            PointerInput {
                phase: PointerPhase::Down,
                x: px,
                y: py,
                css_width: width,
                css_height: height,
            }
        };
        assert!(demo.pointer(0, at(&demo, 1.0, 1.0)));
        assert!(demo.pointer(0, at(&demo, -1.0, 2.0)));
        assert_eq!(demo.param("points").as_deref(), Some("1,1;-1,2"));
        assert!(demo.notices().is_empty());
        // A click on a point removes it.
        assert!(demo.pointer(0, at(&demo, 1.0, 1.0)));
        assert_eq!(demo.param("points").as_deref(), Some("-1,2"));
        // Generated clouds ignore clicks; bad text keeps the last good points.
        assert!(demo.set_param("points", "1,2,3").is_err());
        assert_eq!(demo.param("points").as_deref(), Some("-1,2"));
        demo.set_param("source", "generated").unwrap();
        assert!(!demo.pointer(0, at(&demo, 0.0, 0.0)));
    }

    #[test]
    fn arrow_keys_turn_a_generated_cloud() {
        let mut demo = PcaDemo::default();
        assert!(demo.key(0, "ArrowRight"));
        assert_eq!(demo.param("rotation").as_deref(), Some("35"));
        assert!(demo.key(0, "ArrowDown"));
        assert_eq!(demo.param("rotation").as_deref(), Some("30"));
        demo.set_param("rotation", "90").unwrap();
        assert!(!demo.key(0, "ArrowUp"));
        assert!(!demo.key(0, "Enter"));
        demo.set_param("source", "clicked").unwrap();
        assert!(!demo.key(0, "ArrowLeft"));
    }

    #[test]
    fn a_round_cloud_has_no_preferred_direction_and_coinciding_points_no_ratio() {
        let mut demo = PcaDemo::default();
        demo.set_param("source", "clicked").unwrap();
        demo.set_param("points", "1,1;1,-1;-1,1;-1,-1").unwrap();
        assert!(matches!(readout(&demo, "pc1-angle"), ReadoutValue::Text(_)));
        assert!(demo.notices()[0].text.contains("round"));
        demo.set_param("points", "2,2;2,2").unwrap();
        assert!(
            matches!(readout(&demo, "explained-1"), ReadoutValue::Text(t) if t.contains("coincide"))
        );
        let frame = Frame::light(400.0, 300.0, 1.0);
        for plot in 0..3 {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
                demo.draw(plot, Layer::Foreground, &area, &frame).unwrap();
                area.present().unwrap();
            }
            assert!(!svg.contains("NaN"), "plot {plot}");
        }
    }
}
