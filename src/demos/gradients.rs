//! Gradients of a function of two variables: the partial derivatives as slopes of the two
//! slices through a draggable point, the gradient on the contour map (perpendicular to the
//! contour), the directional derivative `∇f·u` over all directions as a polar plot, and the
//! first- and second-order Taylor models with their errors on log-log axes (slopes 2 and 3).
//!
//! The surfaces and their exact derivatives are the optimizer lab's
//! ([`crate::math::surfaces::Surface`]); the calculus at the point is
//! [`crate::math::multivariable`]. Drawing is in `gradients/drawing.rs`.

mod drawing;
#[cfg(test)]
mod tests;

use super::drawing::hash_of;
use super::params::{format_param_number, parse_choice, parse_number};
use super::plot_data::{grid_summary, point, short};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Notice, NoticeLevel, PlotSpec, PlotTable,
    PointerInput, PointerPhase, Readout, ReadoutSpec, ReadoutValue, exact_list,
};
use crate::math::contour::ScalarGrid;
use crate::math::expr::Expr;
use crate::math::multivariable::{
    CurvatureDirections, TaylorError, curvature_directions, directional_derivative,
    directional_derivative_over_angles, error_distances, first_order_model, gradient_angle, norm,
    observed_order, quadratic_form, rounding_floor, second_order_model, taylor_errors, unit_vector,
};
use crate::math::surfaces::{Domain, Surface, SurfaceKind};
use crate::render::RgbaImage;
use crate::render::heatmap::ColourScale;

const SURFACES: &[(&str, &str)] = &[
    ("himmelblau", "Himmelblau (four minima)"),
    ("bowl", "Convex bowl x² + y²"),
    ("rosenbrock", "Rosenbrock valley"),
    ("saddle", "Saddle x² − y²"),
    ("six-hump-camel", "Six-hump camel"),
    ("beale", "Beale"),
    ("rastrigin", "Rastrigin (many local minima)"),
    ("plateau", "Plateau with one well"),
    ("custom", "Custom f(x, y)"),
];

/// The largest window half-width a custom formula may ask for; also the point sliders' range.
const LARGEST_EXTENT: f64 = 50.0;

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "surface",
        aliases: &[],
        label: "Function f(x, y)",
        kind: ControlKind::Select { options: SURFACES },
        help: "The function whose gradient is shown: one of the optimizer lab's surfaces or a typed formula",
        group: "Function",
        example: "rosenbrock",
    },
    ControlSpec {
        key: "formula",
        aliases: &[],
        label: "Custom f(x, y)",
        kind: ControlKind::Text {
            placeholder: "e.g. sin(x)*cos(y) + 0.1*(x^2+y^2)",
        },
        help: "A formula in x and y: + − * / ^, sin cos tan exp log sqrt abs tanh, pi, e (custom only)",
        group: "Function",
        example: "x^2 + 3*y^2 + sin(3*x)",
    },
    ControlSpec {
        key: "extent",
        aliases: &[],
        label: "Custom window ±",
        kind: ControlKind::slider(0.5, LARGEST_EXTENT, 0.1, true),
        help: "Half-width of the plotted square for a custom formula (custom only)",
        group: "Function",
        example: "4",
    },
    ControlSpec {
        key: "x0",
        aliases: &[],
        label: "Point x",
        kind: ControlKind::slider(-LARGEST_EXTENT, LARGEST_EXTENT, 0.001, false),
        help: "The x coordinate of the point (also set by dragging on the contour map)",
        group: "Point and direction",
        example: "1",
    },
    ControlSpec {
        key: "y0",
        aliases: &[],
        label: "Point y",
        kind: ControlKind::slider(-LARGEST_EXTENT, LARGEST_EXTENT, 0.001, false),
        help: "The y coordinate of the point (also set by dragging on the contour map)",
        group: "Point and direction",
        example: "1.5",
    },
    ControlSpec {
        key: "angle",
        aliases: &[],
        label: "Direction u (degrees)",
        kind: ControlKind::slider(0.0, 360.0, 1.0, false),
        help: "The angle of the unit direction u from the x axis (also set on the polar plot)",
        group: "Point and direction",
        example: "45",
    },
    ControlSpec {
        key: "model",
        aliases: &[],
        label: "Model contours on the map",
        kind: ControlKind::Select { options: MODELS },
        help: "Draws the contours of a Taylor model at the point over those of f",
        group: "Point and direction",
        example: "quadratic",
    },
];

/// Which Taylor model's contours the map draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ModelContours {
    None,
    Tangent,
    Quadratic,
}

const MODELS: &[(&str, &str)] = &[
    ("none", "None"),
    ("tangent", "Tangent plane (1st order)"),
    ("quadratic", "Quadratic model (2nd order)"),
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "f",
        help: "The value f(x, y) at the point",
    },
    ReadoutSpec {
        name: "df-dx",
        help: "The partial derivative ∂f/∂x: the slope of the slice along x",
    },
    ReadoutSpec {
        name: "df-dy",
        help: "The partial derivative ∂f/∂y: the slope of the slice along y",
    },
    ReadoutSpec {
        name: "gradient-norm",
        help: "|∇f|: the largest directional derivative, reached along ∇f",
    },
    ReadoutSpec {
        name: "gradient-angle",
        help: "The angle of ∇f in degrees, in [0, 360): the direction of steepest ascent",
    },
    ReadoutSpec {
        name: "directional-derivative",
        help: "D_u f = ∇f·u for the chosen direction u",
    },
    ReadoutSpec {
        name: "hessian",
        help: "The Hessian [[f_xx, f_xy], [f_xy, f_yy]] at the point",
    },
    ReadoutSpec {
        name: "curvatures",
        help: "The Hessian's eigenvalues, largest first: the curvatures along its eigenvectors",
    },
    ReadoutSpec {
        name: "curvature-along-u",
        help: "uᵀHu: the second derivative of f along u",
    },
    ReadoutSpec {
        name: "newton-step",
        help: "−H⁻¹∇f: the step to the stationary point of the quadratic model (undefined when H is singular)",
    },
    ReadoutSpec {
        name: "order-first",
        help: "The observed slope of log |f − tangent-plane model| against log distance along u (about 2)",
    },
    ReadoutSpec {
        name: "order-second",
        help: "The observed slope of log |f − quadratic model| against log distance along u (about 3; “exact” when the model has no error)",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "contours",
        title: "Gradient on the contour map",
        alt: "A heatmap of f with contour lines; at the draggable point the gradient arrow is perpendicular to the contour through it, the direction u is a second arrow, and the Hessian's eigenvectors are dotted lines.",
        aspect_ratio: 0.75,
        interactive: true,
    },
    PlotSpec {
        id: "slices",
        title: "Partial derivatives: the two slices and their tangents",
        alt: "f along the horizontal line y = y₀ and along the vertical line x = x₀ through the point, against the offset t, each with its tangent line of slope ∂f/∂x or ∂f/∂y.",
        aspect_ratio: 0.6,
        interactive: false,
    },
    PlotSpec {
        id: "polar",
        title: "Directional derivative over all directions",
        alt: "A polar plot of ∇f·u against the angle of u: a circle through the origin whose diameter is the gradient; the dashed circle is where the derivative is negative. Click to choose u.",
        aspect_ratio: 0.8,
        interactive: true,
    },
    PlotSpec {
        id: "taylor",
        title: "Taylor models along u",
        alt: "f along the line through the point in the direction u, with the tangent-plane (first-order) and quadratic (second-order) Taylor models.",
        aspect_ratio: 0.6,
        interactive: false,
    },
    PlotSpec {
        id: "errors",
        title: "Model errors against distance (log-log)",
        alt: "log₁₀ of the error of the first- and second-order models against log₁₀ of the distance along u, with guide lines of slope 2 and 3.",
        aspect_ratio: 0.6,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "gradients",
    title: "Gradients and directional derivatives",
    chapter: Chapter::Calculus,
    summary: "Partial derivatives as slopes of slices, the gradient perpendicular to the contours, the directional derivative ∇f·u over all directions, and the tangent-plane and quadratic Taylor models with their h² and h³ errors.",
    explanation: r#"A function of two variables $f(x, y)$ is a landscape; the map shows its height as colour with contour lines (curves of equal height). Drag the white point across the map, or move it with the arrow keys.

**Partial derivatives.** Freeze $y = y_0$ and $f$ becomes a function of $x$ alone: the blue slice in the second plot. Its slope at the point is the partial derivative $\partial f/\partial x$; freezing $x$ instead gives $\partial f/\partial y$. Together they form the gradient

$$\nabla f = \left(\frac{\partial f}{\partial x}, \frac{\partial f}{\partial y}\right).$$

**Directional derivative.** Walking from the point along a unit vector $u = (\cos\theta, \sin\theta)$, the slope is

$$D_u f = \nabla f \cdot u = |\nabla f| \cos(\theta - \varphi),$$

where $\varphi$ is the angle of the gradient. The polar plot draws this cosine for every $\theta$: it is largest, $|\nabla f|$, along $\nabla f$ (steepest ascent), $-|\nabla f|$ straight against it (what gradient descent follows), and zero at right angles, which is the direction of the contour. That is why the gradient arrow on the map always crosses the contour through the point at a right angle. Click the polar plot (or use its arrow keys, or the angle slider) to choose $u$.

**Taylor models.** Near the point $p$, with the Hessian $H$ of second derivatives,

$$\text{tangent plane:}\quad f(p + d) \approx f(p) + \nabla f \cdot d$$

$$\text{quadratic model:}\quad f(p + d) \approx f(p) + \nabla f \cdot d + \tfrac12\, d^\top H\, d$$

The fourth plot compares both with $f$ along $u$; the last control draws a model's contours on the map (straight lines perpendicular to $\nabla f$ for the tangent plane, ellipses or hyperbolas for the quadratic model), which match those of $f$ only near the point. Their errors shrink like $h^2$ and $h^3$ with the distance $h$: on log-log axes, straight lines of slope 2 and 3 (the last plot measures the slopes between $h = 10^{-3}$ and $10^{-1}$). Where a higher derivative vanishes the order is higher, and the quadratic model of a quadratic such as the bowl is exact. The Hessian's eigenvectors (dotted on the map) are the directions of largest and smallest curvature. The quadratic model is what Newton's method minimises: its step $-H^{-1}\nabla f$ (a readout) jumps to the model's stationary point. Race Newton's method against gradient descent in the optimizer lab (*Optimizers on error surfaces*, in the Optimization chapter), on the same surfaces."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(Gradients::default()),
};

/// The calculus at the current point, recomputed on every change.
#[derive(Clone, Debug, PartialEq)]
struct PointAnalysis {
    value: f64,
    gradient: [f64; 2],
    hessian: [[f64; 2]; 2],
    curvature: CurvatureDirections,
    /// The unit direction u.
    direction: [f64; 2],
    /// Both models' errors along u at [`error_distances`].
    errors: Vec<TaylorError>,
    /// The observed orders (slopes); None when the model is exact up to rounding.
    first_order: Option<f64>,
    second_order: Option<f64>,
}

impl PointAnalysis {
    fn defined(&self) -> bool {
        self.value.is_finite()
            && self.gradient.iter().all(|g| g.is_finite())
            && self.hessian.iter().flatten().all(|h| h.is_finite())
    }

    /// `−H⁻¹∇f`, None when H is (numerically) singular.
    fn newton_step(&self) -> Option<[f64; 2]> {
        let [[a, b], [c, d]] = self.hessian;
        let determinant = a * d - b * c;
        let scale = a.abs().max(b.abs()).max(d.abs());
        if determinant.is_nan() || determinant.abs() <= 1e-12 * scale * scale {
            return None;
        }
        let [gx, gy] = self.gradient;
        Some([
            -(d * gx - b * gy) / determinant,
            -(-c * gx + a * gy) / determinant,
        ])
    }
}

/// The heatmap, contour lines and colour scale of the current surface, cached by key.
#[derive(Clone, Debug, Default)]
struct MapCache {
    contour_key: u64,
    /// The coarse grid behind the contours (also used for the level curve through the point).
    grid: Option<ScalarGrid>,
    /// The f levels of the contours.
    levels: Vec<f64>,
    contours: Vec<Vec<Vec<[f64; 2]>>>,
    scale: Option<ColourScale>,
    heatmap_key: u64,
    heatmap: RgbaImage,
}

/// The state of the gradients demo.
#[derive(Clone, Debug)]
pub struct Gradients {
    /// Which surface (the URL's `surface=`).
    surface_kind: SurfaceKind,
    /// The typed formula for `surface=custom` (kept while another surface is shown).
    formula: String,
    /// Half-width of a custom formula's window.
    custom_extent: f64,
    /// The built surface.
    surface: Surface,
    /// The point p.
    point: [f64; 2],
    /// The angle of u in degrees.
    angle_degrees: f64,
    /// Which model's contours are drawn on the map.
    model: ModelContours,
    analysis: PointAnalysis,
    cache: MapCache,
}

impl Default for Gradients {
    fn default() -> Self {
        let surface = Surface::builtin(SurfaceKind::Himmelblau, 1.0);
        let mut demo = Self {
            surface_kind: SurfaceKind::Himmelblau,
            formula: "sin(x)*cos(y) + 0.1*(x^2 + y^2)".to_owned(),
            custom_extent: 3.0,
            point: surface.default_start(),
            surface,
            angle_degrees: 120.0,
            model: ModelContours::None,
            analysis: analyse(&Surface::builtin(SurfaceKind::Bowl, 1.0), [0.0, 0.0], 0.0),
            cache: MapCache::default(),
        };
        demo.recompute();
        demo
    }
}

/// The calculus of `surface` at `point` with u at `angle_degrees`.
fn analyse(surface: &Surface, point: [f64; 2], angle_degrees: f64) -> PointAnalysis {
    let (value, gradient, hessian) = surface.value_gradient_hessian(point[0], point[1]);
    let direction = unit_vector(angle_degrees.to_radians());
    let errors = taylor_errors(
        |x, y| surface.value(x, y),
        point,
        value,
        gradient,
        hessian,
        direction,
        &error_distances(ERROR_SAMPLES_PER_DECADE),
    );
    let floor = rounding_floor(value);
    let order = |pick: fn(&TaylorError) -> f64| {
        let points: Vec<(f64, f64)> = errors.iter().map(|e| (e.distance, pick(e))).collect();
        observed_order(&points, floor)
    };
    PointAnalysis {
        value,
        gradient,
        hessian,
        curvature: curvature_directions(hessian),
        direction,
        first_order: order(|e| e.first_order),
        second_order: order(|e| e.second_order),
        errors,
    }
}

/// Error samples per decade of distance (four decades are plotted).
const ERROR_SAMPLES_PER_DECADE: usize = 10;

/// How many angles the polar plot and its table use.
const POLAR_SAMPLES: usize = 360;

impl Gradients {
    fn rebuild_surface(&mut self) {
        self.surface = match self.surface_kind {
            SurfaceKind::Custom => match Expr::parse(&self.formula) {
                Ok(expression) => Surface::custom(expression, Domain::square(self.custom_extent)),
                Err(_) => Surface::builtin(SurfaceKind::Custom, 1.0),
            },
            kind => Surface::builtin(kind, 1.0),
        };
    }

    fn recompute(&mut self) {
        self.analysis = analyse(&self.surface, self.point, self.angle_degrees);
    }

    /// Keeps the point inside the current window (after the window shrank).
    fn clamp_point(&mut self) {
        let d = self.surface.domain();
        self.point = [
            self.point[0].clamp(d.x_min, d.x_max),
            self.point[1].clamp(d.y_min, d.y_max),
        ];
    }

    fn surface_key(&self) -> u64 {
        hash_of((
            self.surface_kind,
            &self.formula,
            self.custom_extent.to_bits(),
        ))
    }

    /// Half the width of the slices' and the Taylor plot's t range: a fifth of the window.
    fn slice_reach(&self) -> f64 {
        let d = self.surface.domain();
        0.2 * (d.x_max - d.x_min).max(d.y_max - d.y_min)
    }

    fn surface_label(&self) -> String {
        match self.surface_kind {
            SurfaceKind::Custom => format!("f(x, y) = {}", self.formula.trim()),
            kind => kind.label().to_owned(),
        }
    }

    /// The gradient's angle in degrees in [0, 360).
    fn gradient_degrees(&self) -> f64 {
        gradient_angle(self.analysis.gradient)
            .to_degrees()
            .rem_euclid(360.0)
    }

    /// Moves the point, rounded to the slider's step and kept inside the window.
    fn move_point_to(&mut self, x: f64, y: f64) -> bool {
        let d = self.surface.domain();
        let round = |v: f64| (v * 1000.0).round() / 1000.0;
        let moved = [
            round(x.clamp(d.x_min, d.x_max)),
            round(y.clamp(d.y_min, d.y_max)),
        ];
        if !(moved[0].is_finite() && moved[1].is_finite()) || moved == self.point {
            return false;
        }
        self.point = moved;
        self.recompute();
        true
    }

    fn set_angle(&mut self, degrees: f64) -> bool {
        let degrees = degrees.round().rem_euclid(360.0);
        if !degrees.is_finite() || degrees == self.angle_degrees {
            return false;
        }
        self.angle_degrees = degrees;
        self.recompute();
        true
    }

    /// f along the slice `axis` (0: y fixed, x = x₀ + t; 1: x fixed) at offset t.
    fn slice_value(&self, axis: usize, t: f64) -> f64 {
        let [x, y] = self.point;
        if axis == 0 {
            self.surface.value(x + t, y)
        } else {
            self.surface.value(x, y + t)
        }
    }

    /// f at distance t along u from the point.
    fn along_u(&self, t: f64) -> f64 {
        let [x, y] = self.point;
        let [ux, uy] = self.analysis.direction;
        self.surface.value(x + t * ux, y + t * uy)
    }

    fn offset_along_u(&self, t: f64) -> [f64; 2] {
        [
            t * self.analysis.direction[0],
            t * self.analysis.direction[1],
        ]
    }

    fn first_model_along_u(&self, t: f64) -> f64 {
        let a = &self.analysis;
        first_order_model(a.value, a.gradient, self.offset_along_u(t))
    }

    fn second_model_along_u(&self, t: f64) -> f64 {
        let a = &self.analysis;
        second_order_model(a.value, a.gradient, a.hessian, self.offset_along_u(t))
    }

    fn directional(&self) -> f64 {
        directional_derivative(self.analysis.gradient, self.analysis.direction)
    }
}

/// A number readout, or the text "undefined" when it is not finite.
fn number(name: &str, label: &str, value: f64) -> Readout {
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: if value.is_finite() {
            ReadoutValue::Number(value)
        } else {
            ReadoutValue::Text("undefined".to_owned())
        },
        group: String::new(),
    }
}

/// A list of numbers as a readout: rounded for reading, exact in `data-value`.
fn written(name: &str, label: &str, shown: String, values: &[f64]) -> Readout {
    let value = if values.iter().all(|v| v.is_finite()) {
        ReadoutValue::Written {
            shown,
            exact: exact_list(values.iter().copied()),
        }
    } else {
        ReadoutValue::Text("undefined".to_owned())
    };
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value,
        group: String::new(),
    }
}

fn text(name: &str, label: &str, value: &str) -> Readout {
    Readout {
        name: name.to_owned(),
        label: label.to_owned(),
        value: ReadoutValue::Text(value.to_owned()),
        group: String::new(),
    }
}

impl Demo for Gradients {
    fn param(&self, key: &str) -> Option<String> {
        Some(match key {
            "surface" => self.surface_kind.id().to_owned(),
            "formula" => self.formula.clone(),
            "extent" => format_param_number(self.custom_extent),
            "x0" => format_param_number(self.point[0]),
            "y0" => format_param_number(self.point[1]),
            "angle" => format_param_number(self.angle_degrees),
            "model" => match self.model {
                ModelContours::None => "none",
                ModelContours::Tangent => "tangent",
                ModelContours::Quadratic => "quadratic",
            }
            .to_owned(),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "surface" => {
                let kind = SurfaceKind::from_id(parse_choice(value, SURFACES)?)
                    .ok_or("unknown surface")?;
                if kind != self.surface_kind {
                    self.surface_kind = kind;
                    self.rebuild_surface();
                    // Each surface opens on the optimizer lab's start point for it; a URL sets
                    // x0 and y0 after the surface.
                    self.point = self.surface.default_start();
                }
            }
            "formula" => {
                let expression = super::params::parse_formula(value)?;
                self.formula = expression.source().to_owned();
                self.rebuild_surface();
            }
            "extent" => {
                self.custom_extent = parse_number(value, 0.5, LARGEST_EXTENT)?;
                self.rebuild_surface();
                self.clamp_point();
            }
            "x0" | "y0" => {
                let d = self.surface.domain();
                let (axis, low, high) = if key == "x0" {
                    (0, d.x_min, d.x_max)
                } else {
                    (1, d.y_min, d.y_max)
                };
                self.point[axis] = parse_number(value, low, high)
                    .map_err(|e| format!("{e} (the plotted window of this function)"))?;
            }
            "angle" => self.angle_degrees = parse_number(value, 0.0, 360.0)?,
            "model" => {
                self.model = match parse_choice(value, MODELS)? {
                    "tangent" => ModelContours::Tangent,
                    "quadratic" => ModelContours::Quadratic,
                    _ => ModelContours::None,
                }
            }
            _ => return Err(format!("“{key}” is not a setting of this demo")),
        }
        self.recompute();
        Ok(())
    }

    fn is_control_active(&self, key: &str) -> bool {
        !matches!(key, "formula" | "extent") || self.surface_kind == SurfaceKind::Custom
    }

    fn slider_range(&self, key: &str) -> Option<(f64, f64)> {
        let d = self.surface.domain();
        match key {
            "x0" => Some((d.x_min, d.x_max)),
            "y0" => Some((d.y_min, d.y_max)),
            _ => None,
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        (key == "angle").then(|| {
            format!(
                "∇f points at {}°: D_u f is largest there and zero at {}° and {}° (along the contour).",
                short(self.gradient_degrees()),
                short((self.gradient_degrees() + 90.0).rem_euclid(360.0)),
                short((self.gradient_degrees() + 270.0).rem_euclid(360.0)),
            )
        })
    }

    fn readouts(&self) -> Vec<Readout> {
        let a = &self.analysis;
        let [[h11, h12], [h21, h22]] = a.hessian;
        let mut readouts = vec![
            number("f", "f(x, y)", a.value),
            number("df-dx", "∂f/∂x", a.gradient[0]),
            number("df-dy", "∂f/∂y", a.gradient[1]),
            number("gradient-norm", "|∇f|", norm(a.gradient)),
            number("gradient-angle", "Angle of ∇f (°)", self.gradient_degrees()),
            number("directional-derivative", "D_u f = ∇f·u", self.directional()),
            written(
                "hessian",
                "Hessian H",
                format!(
                    "[[{}, {}], [{}, {}]]",
                    short(h11),
                    short(h12),
                    short(h21),
                    short(h22)
                ),
                &[h11, h12, h21, h22],
            ),
            written(
                "curvatures",
                "Curvatures λ₁, λ₂",
                format!(
                    "{}, {}",
                    short(a.curvature.values[0]),
                    short(a.curvature.values[1])
                ),
                &a.curvature.values,
            ),
            number(
                "curvature-along-u",
                "uᵀHu",
                quadratic_form(a.hessian, a.direction),
            ),
        ];
        readouts.push(match a.newton_step() {
            Some(step) if a.defined() => written(
                "newton-step",
                "Newton step −H⁻¹∇f",
                point(step[0], step[1]),
                &step,
            ),
            _ => text("newton-step", "Newton step −H⁻¹∇f", "undefined"),
        });
        let order = |name: &str, label: &str, value: Option<f64>| match value {
            Some(slope) if a.defined() => number(name, label, slope),
            None if a.defined() => text(name, label, "exact (no error above rounding)"),
            _ => text(name, label, "undefined"),
        };
        readouts.push(order(
            "order-first",
            "Slope of the tangent-plane error",
            a.first_order,
        ));
        readouts.push(order(
            "order-second",
            "Slope of the quadratic-model error",
            a.second_order,
        ));
        readouts
    }

    fn notices(&self) -> Vec<Notice> {
        let mut notices = Vec::new();
        if !self.analysis.defined() {
            notices.push(Notice {
                level: NoticeLevel::Warning,
                text: format!(
                    "f or its derivatives are undefined at {}: move the point to where the formula is defined.",
                    point(self.point[0], self.point[1])
                ),
            });
        }
        if self.analysis.defined() && self.analysis.gradient == [0.0, 0.0] {
            notices.push(Notice {
                level: NoticeLevel::Info,
                text: "The gradient is zero here (a stationary point): every direction is flat to first order, and only the Hessian tells a minimum, maximum or saddle apart.".into(),
            });
        }
        notices
    }

    fn background_key(&self, plot: usize) -> u64 {
        match plot {
            0 => self.surface_key(),
            _ => 0,
        }
    }

    fn background_raster(&mut self, plot: usize, frame: &super::Frame) -> Option<&RgbaImage> {
        (plot == 0).then(|| self.heatmap(frame))
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if input.phase == PointerPhase::Up {
            return false;
        }
        match plot {
            0 => {
                let viewport = crate::demos::drawing::equal_scale_viewport(
                    &self.surface.domain(),
                    input.css_width,
                    input.css_height,
                );
                let (x, y) = viewport.to_model(input.x, input.y);
                self.move_point_to(x, y)
            }
            2 => {
                let frame = super::Frame::light(input.css_width, input.css_height, 1.0);
                let viewport = self.polar_viewport(&frame);
                let (x, y) = viewport.to_model(input.x, input.y);
                if x == 0.0 && y == 0.0 {
                    return false;
                }
                self.set_angle(y.atan2(x).to_degrees())
            }
            _ => false,
        }
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        match plot {
            0 => {
                let d = self.surface.domain();
                let step = (d.x_max - d.x_min).max(d.y_max - d.y_min) / 100.0;
                // Shift takes big steps, as elsewhere in the app.
                let step = if key.starts_with("Shift+") {
                    step * 10.0
                } else {
                    step
                };
                let (dx, dy) = match key.trim_start_matches("Shift+") {
                    "ArrowLeft" => (-step, 0.0),
                    "ArrowRight" => (step, 0.0),
                    "ArrowUp" => (0.0, step),
                    "ArrowDown" => (0.0, -step),
                    _ => return false,
                };
                self.move_point_to(self.point[0] + dx, self.point[1] + dy)
            }
            2 => {
                let step = if key.starts_with("Shift+") { 45.0 } else { 5.0 };
                let delta = match key.trim_start_matches("Shift+") {
                    "ArrowLeft" | "ArrowUp" => step,
                    "ArrowRight" | "ArrowDown" => -step,
                    _ => return false,
                };
                self.set_angle(self.angle_degrees + delta)
            }
            _ => false,
        }
    }

    fn plot_table(&self, plot: usize) -> Option<PlotTable> {
        let a = &self.analysis;
        let reach = self.slice_reach();
        let samples = 41;
        let offsets =
            (0..samples).map(move |i| -reach + 2.0 * reach * i as f64 / (samples - 1) as f64);
        Some(match plot {
            0 => {
                let d = self.surface.domain();
                let mut table = grid_summary(
                    format!(
                        "{} sampled on an 11 × 11 grid of the window; the point {} has ∇f = {} (angle {}°), u at {}°",
                        self.surface_label(),
                        point(self.point[0], self.point[1]),
                        point(a.gradient[0], a.gradient[1]),
                        short(self.gradient_degrees()),
                        short(self.angle_degrees)
                    ),
                    (d.x_min, d.x_max),
                    (d.y_min, d.y_max),
                    super::plot_data::GRID_SUMMARY_SIDE,
                    |x, y| self.surface.value(x, y),
                );
                table.caption.push('.');
                table
            }
            1 => {
                let mut table = PlotTable::new(
                    format!(
                        "f along y = {} and along x = {} against the offset t, with the tangent lines f + t·∂f/∂x and f + t·∂f/∂y",
                        short(self.point[1]),
                        short(self.point[0])
                    ),
                    &[
                        "t",
                        "f(x₀ + t, y₀)",
                        "tangent along x",
                        "f(x₀, y₀ + t)",
                        "tangent along y",
                    ],
                );
                for t in offsets {
                    table.push_numbers(&[
                        t,
                        self.slice_value(0, t),
                        a.value + t * a.gradient[0],
                        self.slice_value(1, t),
                        a.value + t * a.gradient[1],
                    ]);
                }
                table
            }
            2 => {
                let mut table = PlotTable::new(
                    format!(
                        "D_u f = ∇f·u for u at every 5° (the chosen u is at {}°)",
                        short(self.angle_degrees)
                    ),
                    &["angle (°)", "D_u f", "|∇f| cos(θ − φ)"],
                );
                let phi = gradient_angle(a.gradient);
                let magnitude = norm(a.gradient);
                for (angle, d) in directional_derivative_over_angles(a.gradient, 72) {
                    table.push_numbers(&[angle.to_degrees(), d, magnitude * (angle - phi).cos()]);
                }
                table
            }
            3 => {
                let mut table = PlotTable::new(
                    format!(
                        "f, the tangent-plane model and the quadratic model at distance t along u (angle {}°)",
                        short(self.angle_degrees)
                    ),
                    &["t", "f(p + t u)", "first-order model", "second-order model"],
                );
                for t in offsets {
                    table.push_numbers(&[
                        t,
                        self.along_u(t),
                        self.first_model_along_u(t),
                        self.second_model_along_u(t),
                    ]);
                }
                table
            }
            4 => {
                let mut table = PlotTable::new(
                    "The errors of both models at distances h along u, 10 per decade",
                    &["h", "|f − first-order model|", "|f − second-order model|"],
                );
                for e in &a.errors {
                    table.push_numbers(&[e.distance, e.first_order, e.second_order]);
                }
                table
            }
            _ => return None,
        })
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        let a = &self.analysis;
        if !a.defined() {
            return Some(format!(
                "{}: undefined at the point {}.",
                self.surface_label(),
                point(self.point[0], self.point[1])
            ));
        }
        let slope = |value: Option<f64>| match value {
            Some(s) => short(s),
            None => "none (exact)".to_owned(),
        };
        Some(match plot {
            0 => format!(
                "{} at {}: f = {}, the gradient {} points at {}°, perpendicular to the contour through the point; u points at {}°.{}",
                self.surface_label(),
                point(self.point[0], self.point[1]),
                short(a.value),
                point(a.gradient[0], a.gradient[1]),
                short(self.gradient_degrees()),
                short(self.angle_degrees),
                match self.model {
                    ModelContours::None => "",
                    ModelContours::Tangent => " Dashed: the contours of the tangent plane.",
                    ModelContours::Quadratic => " Dashed: the contours of the quadratic model.",
                }
            ),
            1 => format!(
                "The slice along x has slope ∂f/∂x = {} at the point, the slice along y slope ∂f/∂y = {}.",
                short(a.gradient[0]),
                short(a.gradient[1])
            ),
            2 => format!(
                "D_u f is a cosine of amplitude |∇f| = {}: largest at {}°, zero at {}° and {}°; at u = {}° it is {}.",
                short(norm(a.gradient)),
                short(self.gradient_degrees()),
                short((self.gradient_degrees() + 90.0).rem_euclid(360.0)),
                short((self.gradient_degrees() + 270.0).rem_euclid(360.0)),
                short(self.angle_degrees),
                short(self.directional())
            ),
            3 => format!(
                "Along u at {}°: slope {} and curvature uᵀHu = {}; the tangent line leaves f quickly, the parabola stays close longer.",
                short(self.angle_degrees),
                short(self.directional()),
                short(quadratic_form(a.hessian, a.direction))
            ),
            4 => format!(
                "On log-log axes the tangent-plane error has slope {} and the quadratic model's slope {} (expected 2 and 3).",
                slope(a.first_order),
                slope(a.second_order)
            ),
            _ => return None,
        })
    }
}
