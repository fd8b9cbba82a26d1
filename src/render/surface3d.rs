//! A software-rendered, rotatable 3-D view of a sampled surface.
//!
//! The surface is drawn as flat-lit triangles with per-pixel colour from the colormap and a
//! z-buffer, straight into an [`RgbaImage`]; no GPU or canvas 3-D context is involved, so
//! the same code runs natively in tests and in wasm. [`SurfaceProjection`] is the one
//! transform from model points to pixels, shared with whoever draws optimizer paths on top.
//!
//! Coordinates: the surface's x/y extent becomes the unit square centred at the origin
//! ("world" u, v), and its height is the colour scale's position of the value, centred on
//! 0.5 and multiplied by [`SURFACE_HEIGHT`]. The view is an orthographic projection, so
//! sizes do not depend on distance and nothing can fall behind the camera.

use crate::math::contour::ScalarGrid;
use crate::render::RgbaImage;
use crate::render::colormap::ColourLookup;
use crate::render::heatmap::{ColourScale, LOG_SCALE_DECADES};

/// Height of the whole colour scale (0 to 1) in units of the domain's side.
pub const SURFACE_HEIGHT: f64 = 0.5;

/// Lowest allowed camera elevation: a little above the horizon, so the surface never turns
/// into a line.
pub const MIN_PITCH: f64 = 0.1;

/// Highest allowed camera elevation: just short of straight down (π/2), which keeps "up on
/// screen" well defined.
pub const MAX_PITCH: f64 = 1.5;

/// Finer grids are subsampled to at most this many lattice points per side before
/// rasterising: a surface seen at canvas size gains nothing from more triangles.
pub const MAX_SURFACE_LATTICE: usize = 96;

/// Faint grid lines are drawn along every this many lattice rows and columns.
pub const GRID_LINE_EVERY: usize = 5;

/// Where the camera looks from; the surface is rotated, the camera stays.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// Rotation of the surface about the vertical axis, in radians.
    pub yaw: f64,
    /// Elevation of the camera above the horizon, in radians, clamped to
    /// [[`MIN_PITCH`], [`MAX_PITCH`]].
    pub pitch: f64,
    /// Magnification; 1 fits the surface in the image at any rotation.
    pub zoom: f64,
}

impl Default for Camera {
    /// A three-quarter view: the domain turned by about 35° and seen from about 35° up, which
    /// shows both the shape of the surface and the layout of the domain.
    fn default() -> Self {
        Self {
            yaw: -0.6,
            pitch: 0.6,
            zoom: 1.0,
        }
    }
}

impl Camera {
    /// The camera after a drag: yaw wraps around (kept within [−π, π) so it never loses
    /// precision), pitch is clamped. Non-finite deltas are ignored.
    pub fn rotated_by(&self, delta_yaw: f64, delta_pitch: f64) -> Camera {
        let finite_or_zero = |delta: f64| if delta.is_finite() { delta } else { 0.0 };
        let tau = std::f64::consts::TAU;
        let yaw = (self.yaw + finite_or_zero(delta_yaw) + std::f64::consts::PI).rem_euclid(tau)
            - std::f64::consts::PI;
        let pitch = clamp_pitch(self.pitch + finite_or_zero(delta_pitch));
        Camera {
            yaw: if yaw.is_finite() { yaw } else { 0.0 },
            pitch,
            zoom: self.zoom,
        }
    }

    /// The camera after a zoom gesture, magnification clamped to [0.2, 10].
    pub fn zoomed_by(&self, factor: f64) -> Camera {
        let zoom = if factor.is_finite() && factor > 0.0 {
            self.zoom * factor
        } else {
            self.zoom
        };
        Camera {
            zoom: zoom.clamp(0.2, 10.0),
            ..*self
        }
    }
}

fn clamp_pitch(pitch: f64) -> f64 {
    if pitch.is_nan() {
        Camera::default().pitch
    } else {
        pitch.clamp(MIN_PITCH, MAX_PITCH)
    }
}

/// Projects model points (x, y, value) to pixel coordinates of an image of a given size. The
/// surface's x/y extent maps to a unit square centred at the origin; height is the colour
/// scale's normalised value (so log surfaces look sensible), times a height factor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceProjection {
    x_centre: f64,
    y_centre: f64,
    /// 1 / extent, or 0 for a degenerate extent (everything then sits on the centre line).
    x_scale: f64,
    y_scale: f64,
    scale: ColourScale,
    cos_yaw: f64,
    sin_yaw: f64,
    cos_pitch: f64,
    sin_pitch: f64,
    pixels_per_unit: f64,
    centre_px: f64,
    centre_py: f64,
}

/// A point after the yaw rotation: `across` to the right, `away` from the camera along the
/// ground, `up` the height.
#[derive(Clone, Copy, Debug, PartialEq)]
struct RotatedPoint {
    across: f64,
    away: f64,
    up: f64,
}

/// How many decades of a logarithmic colour scale the 3-D view turns into height; the
/// decades below lie flat on the floor (their colours still differ).
pub const HEIGHT_DECADES: f64 = 2.5;

/// The height (0 to 1) of a point at colour-scale position `t`: `t` itself on a linear
/// scale; on a logarithmic one only the top [`HEIGHT_DECADES`] of its
/// [`LOG_SCALE_DECADES`] rise, the rest is floor.
///
/// Why: on a log scale a narrow valley (Rosenbrock's y = x², where f − f* falls by four
/// decades within ±0.05 of the curve) becomes a trench narrower than a lattice cell. The
/// lattice vertices along it land alternately near its floor and on its walls, every other
/// one plunges, and from the camera's elevation the plunging vertices stick out below the
/// near rim as a saw-tooth. With the lowest decades flat, the trench is a floor several
/// cells wide, which the lattice resolves; the colour keeps all the decades.
pub fn height_position(scale: &ColourScale, t: f64) -> f64 {
    match scale {
        ColourScale::Linear { .. } => t,
        ColourScale::Log { .. } => {
            let flat = 1.0 - HEIGHT_DECADES / LOG_SCALE_DECADES;
            ((t - flat) / (1.0 - flat)).clamp(0.0, 1.0)
        }
    }
}

impl SurfaceProjection {
    /// The projection for `camera` of a surface over the given ranges into a `width` × `height`
    /// image.
    pub fn new(
        camera: &Camera,
        x_range: (f64, f64),
        y_range: (f64, f64),
        scale: ColourScale,
        width: u32,
        height: u32,
    ) -> Self {
        let inverse_extent = |(start, end): (f64, f64)| {
            let extent = end - start;
            if extent != 0.0 && extent.is_finite() {
                1.0 / extent
            } else {
                0.0
            }
        };
        let finite_or_zero = |value: f64| if value.is_finite() { value } else { 0.0 };
        let yaw = finite_or_zero(camera.yaw);
        let pitch = clamp_pitch(camera.pitch);
        // Clamped so that projected coordinates stay far from overflow in the rasteriser.
        let zoom = if camera.zoom.is_finite() && camera.zoom > 0.0 {
            camera.zoom.clamp(0.01, 100.0)
        } else {
            1.0
        };
        // The square's half-diagonal is √2/2 ≈ 0.71 and the height adds at most 0.25, so at
        // 0.6 px per unit of the shorter side the surface stays inside the image at zoom 1.
        let pixels_per_unit = 0.6 * zoom * f64::from(width.min(height));
        Self {
            x_centre: finite_or_zero((x_range.0 + x_range.1) / 2.0),
            y_centre: finite_or_zero((y_range.0 + y_range.1) / 2.0),
            x_scale: inverse_extent(x_range),
            y_scale: inverse_extent(y_range),
            scale,
            cos_yaw: yaw.cos(),
            sin_yaw: yaw.sin(),
            cos_pitch: pitch.cos(),
            sin_pitch: pitch.sin(),
            pixels_per_unit,
            centre_px: f64::from(width) / 2.0,
            centre_py: f64::from(height) / 2.0,
        }
    }

    /// Pixel coordinates of the model point `(x, y)` at height `value`; `None` if any input is
    /// not finite.
    pub fn project(&self, x: f64, y: f64, value: f64) -> Option<(f64, f64)> {
        self.project_with_depth(x, y, value)
            .map(|(px, py, _)| (px, py))
    }

    /// Like [`SurfaceProjection::project`], plus the depth along the view direction (smaller is
    /// nearer), so overlays can tell whether the surface hides a point.
    pub fn project_with_depth(&self, x: f64, y: f64, value: f64) -> Option<(f64, f64, f64)> {
        if !(x.is_finite() && y.is_finite() && value.is_finite()) {
            return None;
        }
        let rotated = self.rotate(x, y, self.scale.normalise(value));
        Some(self.screen_position(rotated))
    }

    /// Model point with scale position `t` to world coordinates turned by the yaw.
    fn rotate(&self, x: f64, y: f64, t: f64) -> RotatedPoint {
        let u = (x - self.x_centre) * self.x_scale;
        let v = (y - self.y_centre) * self.y_scale;
        RotatedPoint {
            across: u * self.cos_yaw - v * self.sin_yaw,
            away: u * self.sin_yaw + v * self.cos_yaw,
            up: (height_position(&self.scale, t) - 0.5) * SURFACE_HEIGHT,
        }
    }

    /// Orthographic view from elevation `pitch`: screen-up mixes "away" and "up", depth is the
    /// distance along the line of sight.
    fn screen_position(&self, point: RotatedPoint) -> (f64, f64, f64) {
        let screen_up = point.away * self.sin_pitch + point.up * self.cos_pitch;
        let depth = point.away * self.cos_pitch - point.up * self.sin_pitch;
        (
            self.centre_px + point.across * self.pixels_per_unit,
            self.centre_py - screen_up * self.pixels_per_unit,
            depth,
        )
    }
}

/// Direction towards the light in the rotated frame (across, away, up): from the upper left
/// and slightly in front, so slopes facing the viewer are lit. A unit vector:
/// 0.36² + 0.48² + 0.8² = 1. It turns with the camera, so shading never leaves the visible
/// side in the dark.
const LIGHT_DIRECTION: [f64; 3] = [-0.36, -0.48, 0.8];
/// Brightness of faces turned away from the light.
const AMBIENT: f64 = 0.35;
/// Brightness added by a face turned fully to the light.
const DIFFUSE: f64 = 0.65;
/// Grid lines multiply the surface colour by this.
const GRID_LINE_DARKENING: f32 = 0.7;
/// How far behind the visible surface (in world units along the line of sight) a grid line
/// may be and still be drawn; a line lies on the triangles it borders, so only rounding and
/// the neighbouring triangle's slope separate them.
const GRID_LINE_DEPTH_TOLERANCE: f64 = 0.01;

/// Rasterises the grid (use a coarse grid, ~60x60) as shaded triangles with a z-buffer (colour
/// from the colormap × simple Lambert shading, faint grid lines every few cells), onto
/// `background`. Returns the projection so the caller can draw paths over it. Must not panic
/// on NaN cells (skip those triangles).
///
/// The image keeps its size (the caller sizes it to the canvas). Grids finer than
/// [`MAX_SURFACE_LATTICE`] per side are subsampled.
pub fn render_surface(
    grid: &ScalarGrid,
    scale: &ColourScale,
    lookup: &ColourLookup,
    camera: &Camera,
    background: [u8; 3],
    image: &mut RgbaImage,
) -> SurfaceProjection {
    let projection = SurfaceProjection::new(
        camera,
        grid.x_range,
        grid.y_range,
        *scale,
        image.width,
        image.height,
    );
    let [r, g, b] = background;
    for pixel in image.pixels.chunks_exact_mut(4) {
        pixel.copy_from_slice(&[r, g, b, 255]);
    }
    let pixel_count = image.width as usize * image.height as usize;
    if pixel_count == 0 || image.pixels.len() < pixel_count * 4 || grid.columns < 2 || grid.rows < 2
    {
        return projection;
    }
    let lattice = ProjectedLattice::new(grid, &projection);
    let mut raster = Raster {
        width: image.width as usize,
        height: image.height as usize,
        pixels: &mut image.pixels,
        depth: vec![f32::INFINITY; pixel_count],
    };
    for row in 0..lattice.rows - 1 {
        for column in 0..lattice.columns - 1 {
            let top_left = lattice.index(column, row);
            let top_right = lattice.index(column + 1, row);
            let bottom_right = lattice.index(column + 1, row + 1);
            let bottom_left = lattice.index(column, row + 1);
            for triangle in [
                [top_left, top_right, bottom_right],
                [top_left, bottom_right, bottom_left],
            ] {
                let corners = triangle.map(|index| lattice.vertices[index]);
                if corners.iter().all(|corner| corner.is_drawable()) {
                    raster.fill_triangle(corners, lookup);
                }
            }
        }
    }
    lattice.draw_grid_lines(&mut raster);
    projection
}

/// One lattice point after projection.
#[derive(Clone, Copy, Debug)]
struct ProjectedVertex {
    rotated: RotatedPoint,
    px: f64,
    py: f64,
    depth: f64,
    /// Position on the colour scale; NaN for an undefined sample.
    t: f64,
}

impl ProjectedVertex {
    fn is_drawable(&self) -> bool {
        self.t.is_finite() && self.px.is_finite() && self.py.is_finite() && self.depth.is_finite()
    }
}

/// The (possibly subsampled) lattice, projected once so that triangles sharing a vertex share
/// its projection.
struct ProjectedLattice {
    columns: usize,
    rows: usize,
    vertices: Vec<ProjectedVertex>,
}

impl ProjectedLattice {
    fn new(grid: &ScalarGrid, projection: &SurfaceProjection) -> Self {
        let column_indices = subsample_indices(grid.columns);
        let row_indices = subsample_indices(grid.rows);
        let mut vertices = Vec::with_capacity(column_indices.len() * row_indices.len());
        for &row in &row_indices {
            for &column in &column_indices {
                let [x, y] = grid.point_of(column as f64, row as f64);
                let value = grid.value_at(column, row);
                let t = if value.is_finite() {
                    projection.scale.normalise(value)
                } else {
                    f64::NAN
                };
                // An undefined sample still gets a position (at mid height) so that the vertex
                // array stays rectangular; its NaN `t` keeps it out of every triangle.
                let rotated = projection.rotate(x, y, if t.is_finite() { t } else { 0.5 });
                let (px, py, depth) = projection.screen_position(rotated);
                vertices.push(ProjectedVertex {
                    rotated,
                    px,
                    py,
                    depth,
                    t,
                });
            }
        }
        Self {
            columns: column_indices.len(),
            rows: row_indices.len(),
            vertices,
        }
    }

    fn index(&self, column: usize, row: usize) -> usize {
        row * self.columns + column
    }

    /// Darkens the surface along every [`GRID_LINE_EVERY`]-th lattice row and column, where the
    /// line is not hidden behind a nearer part of the surface.
    fn draw_grid_lines(&self, raster: &mut Raster<'_>) {
        let mut darkened = vec![false; raster.width * raster.height];
        let mut draw_polyline = |indices: &mut dyn Iterator<Item = usize>| {
            let mut previous: Option<ProjectedVertex> = None;
            for index in indices {
                let vertex = self.vertices[index];
                if let Some(start) = previous.filter(|_| vertex.is_drawable()) {
                    raster.darken_line(start, vertex, &mut darkened);
                }
                previous = vertex.is_drawable().then_some(vertex);
            }
        };
        for row in (0..self.rows).step_by(GRID_LINE_EVERY) {
            draw_polyline(&mut (0..self.columns).map(|column| self.index(column, row)));
        }
        for column in (0..self.columns).step_by(GRID_LINE_EVERY) {
            draw_polyline(&mut (0..self.rows).map(|row| self.index(column, row)));
        }
    }
}

/// Lattice indices to keep along an axis of `count` samples: all of them up to
/// [`MAX_SURFACE_LATTICE`], else that many spread evenly, always including both ends.
fn subsample_indices(count: usize) -> Vec<usize> {
    if count <= MAX_SURFACE_LATTICE {
        return (0..count).collect();
    }
    let last = (count - 1) as f64;
    let steps = (MAX_SURFACE_LATTICE - 1) as f64;
    (0..MAX_SURFACE_LATTICE)
        .map(|step| (step as f64 * last / steps).round() as usize)
        .collect()
}

/// The colour buffer with its z-buffer.
struct Raster<'a> {
    width: usize,
    height: usize,
    pixels: &'a mut [u8],
    /// Depth of the nearest surface drawn so far at each pixel; f32 is ample for a scene one
    /// unit deep.
    depth: Vec<f32>,
}

impl Raster<'_> {
    /// Fills one triangle, sampling at pixel centres: depth and colour-scale position are
    /// interpolated with barycentric weights, shading is flat (one normal per triangle).
    fn fill_triangle(&mut self, corners: [ProjectedVertex; 3], lookup: &ColourLookup) {
        let [a, b, c] = corners;
        let doubled_area = (b.px - a.px) * (c.py - a.py) - (c.px - a.px) * (b.py - a.py);
        if doubled_area.abs() < 1e-9 {
            return; // seen edge-on: covers no pixel centre
        }
        let shade = lambert_shade(a.rotated, b.rotated, c.rotated) as f32;

        // Clamp the bounding box in floating point before converting, so huge coordinates
        // (extreme zoom) cannot overflow.
        let max_x = (self.width - 1) as f64;
        let max_y = (self.height - 1) as f64;
        let left = a.px.min(b.px).min(c.px).floor().clamp(0.0, max_x) as usize;
        let right = a.px.max(b.px).max(c.px).ceil().clamp(0.0, max_x) as usize;
        let top = a.py.min(b.py).min(c.py).floor().clamp(0.0, max_y) as usize;
        let bottom = a.py.max(b.py).max(c.py).ceil().clamp(0.0, max_y) as usize;

        // Barycentric weight of each corner, as an affine function of the pixel position:
        // weight = (edge_x · px + edge_y · py + edge_0) / doubled_area over the opposite edge.
        let weight_function = |from: &ProjectedVertex, to: &ProjectedVertex| {
            let per_x = (from.py - to.py) / doubled_area;
            let per_y = (to.px - from.px) / doubled_area;
            let constant = (from.px * to.py - to.px * from.py) / doubled_area;
            (per_x, per_y, constant)
        };
        let weights = [
            weight_function(&b, &c),
            weight_function(&c, &a),
            weight_function(&a, &b),
        ];
        // A pixel centre exactly on a shared edge belongs to both triangles; the z-buffer makes
        // that harmless, and the tolerance closes hairline cracks from rounding.
        const INSIDE_TOLERANCE: f64 = -1e-9;
        let last_index = (ColourLookup::SIZE - 1) as f64;

        for y in top..=bottom {
            let centre_y = y as f64 + 0.5;
            for x in left..=right {
                let centre_x = x as f64 + 0.5;
                let [wa, wb, wc] = weights
                    .map(|(per_x, per_y, constant)| per_x * centre_x + per_y * centre_y + constant);
                if wa < INSIDE_TOLERANCE || wb < INSIDE_TOLERANCE || wc < INSIDE_TOLERANCE {
                    continue;
                }
                let depth = (wa * a.depth + wb * b.depth + wc * c.depth) as f32;
                let pixel_index = y * self.width + x;
                if depth >= self.depth[pixel_index] {
                    continue;
                }
                self.depth[pixel_index] = depth;
                let t = wa * a.t + wb * b.t + wc * c.t;
                let [r, g, b, _] = lookup.rgba_at_index((t * last_index + 0.5) as usize);
                let shaded = [r, g, b].map(|channel| (f32::from(channel) * shade + 0.5) as u8);
                self.pixels[pixel_index * 4..pixel_index * 4 + 3].copy_from_slice(&shaded);
            }
        }
    }

    /// Darkens the pixels along a straight segment once each, skipping those where the
    /// surface in front hides the segment.
    fn darken_line(&mut self, start: ProjectedVertex, end: ProjectedVertex, darkened: &mut [bool]) {
        let (dx, dy) = (end.px - start.px, end.py - start.py);
        // One sample per pixel along the longer axis; the cap bounds the work for absurd zooms.
        let steps = dx.abs().max(dy.abs()).ceil().clamp(1.0, 8192.0) as usize;
        for step in 0..=steps {
            let fraction = step as f64 / steps as f64;
            let (px, py) = (start.px + fraction * dx, start.py + fraction * dy);
            if px < 0.0 || py < 0.0 || px >= self.width as f64 || py >= self.height as f64 {
                continue;
            }
            let pixel_index = py as usize * self.width + px as usize;
            let depth = start.depth + fraction * (end.depth - start.depth);
            let visible = depth <= f64::from(self.depth[pixel_index]) + GRID_LINE_DEPTH_TOLERANCE;
            if visible && !darkened[pixel_index] {
                darkened[pixel_index] = true;
                for channel in &mut self.pixels[pixel_index * 4..pixel_index * 4 + 3] {
                    *channel = (f32::from(*channel) * GRID_LINE_DARKENING) as u8;
                }
            }
        }
    }
}

/// Ambient plus Lambert diffuse brightness of the triangle, with its normal turned to the
/// upper side (the camera is always above the horizon).
fn lambert_shade(a: RotatedPoint, b: RotatedPoint, c: RotatedPoint) -> f64 {
    let first = [b.across - a.across, b.away - a.away, b.up - a.up];
    let second = [c.across - a.across, c.away - a.away, c.up - a.up];
    let normal = [
        first[1] * second[2] - first[2] * second[1],
        first[2] * second[0] - first[0] * second[2],
        first[0] * second[1] - first[1] * second[0],
    ];
    let length = (normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]).sqrt();
    if length == 0.0 || !length.is_finite() {
        return AMBIENT + DIFFUSE;
    }
    let upward = if normal[2] < 0.0 { -1.0 } else { 1.0 };
    let cosine = upward
        * (normal[0] * LIGHT_DIRECTION[0]
            + normal[1] * LIGHT_DIRECTION[1]
            + normal[2] * LIGHT_DIRECTION[2])
        / length;
    AMBIENT + DIFFUSE * cosine.max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of the lowest surface pixel in each image column (None: background only).
    fn lower_silhouette(image: &RgbaImage, background: [u8; 3]) -> Vec<Option<usize>> {
        (0..image.width)
            .map(|x| {
                (0..image.height)
                    .rev()
                    .find(|&y| {
                        let [r, g, b, _] = image.pixel(x, y);
                        [r, g, b] != background
                    })
                    .map(|y| y as usize)
            })
            .collect()
    }

    /// How far the lower silhouette travels up and down, in pixels, beyond what a monotone
    /// edge between its extremes would: a saw-tooth adds twice its depth per tooth.
    fn silhouette_excess_travel(image: &RgbaImage) -> usize {
        let rows: Vec<usize> = lower_silhouette(image, [255, 255, 255])
            .into_iter()
            .flatten()
            .collect();
        let travel: usize = rows.windows(2).map(|pair| pair[0].abs_diff(pair[1])).sum();
        let Some(&high) = rows.iter().max() else {
            return 0;
        };
        // A smooth edge goes from one end down to its lowest row and up to the other end.
        let (first, last) = (rows[0], rows[rows.len() - 1]);
        let smooth = (high - first) + (high - last);
        travel.saturating_sub(smooth)
    }

    #[test]
    fn rosenbrock_front_edge_has_no_saw_tooth() {
        // The optimizer lab's 3-D view of Rosenbrock: f = (1 − x)² + 100(y − x²)² over
        // [−2, 2] × [−1, 3], 64 × 64 samples, a log colour scale (minimum 0), its camera.
        let rosenbrock = |x: f64, y: f64| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
        let grid = ScalarGrid::sample(rosenbrock, (-2.0, 2.0), (-1.0, 3.0), 64, 64);
        let scale = ColourScale::for_grid(&grid, Some(0.0));
        assert!(matches!(scale, ColourScale::Log { .. }));
        let camera = Camera {
            yaw: (-35f64).to_radians(),
            pitch: 35f64.to_radians(),
            zoom: 1.35,
        };
        let mut image = RgbaImage::new(600, 372);
        render_surface(
            &grid,
            &scale,
            &ColourLookup::viridis(),
            &camera,
            [255; 3],
            &mut image,
        );
        // With all five decades as height, vertices along the valley alternately hit its
        // floor and its walls and the lower edge zig-zags through 552 px more than a smooth
        // edge would (measured); with the lowest decades flat, 52 px of small steps remain.
        let excess = silhouette_excess_travel(&image);
        assert!(excess <= 150, "the lower edge zig-zags by {excess} px");
        // A linear surface is unaffected: its height is its colour position.
        let linear = ColourScale::Linear { min: 0.0, max: 4.0 };
        assert_eq!(height_position(&linear, 0.3), 0.3);
        let log = ColourScale::Log {
            floor: 0.0,
            max: 1.0,
        };
        assert_eq!(height_position(&log, 0.4), 0.0);
        assert_eq!(height_position(&log, 1.0), 1.0);
        assert!((height_position(&log, 0.75) - 0.5).abs() < 1e-12);
    }

    fn bowl_grid(size: usize) -> ScalarGrid {
        ScalarGrid::sample(|x, y| x * x + y * y, (-1.0, 1.0), (-1.0, 1.0), size, size)
    }

    /// Rec. 709 luma of a pixel.
    fn luma([r, g, b, _]: [u8; 4]) -> f64 {
        0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b)
    }

    fn mean_luma(image: &RgbaImage, centre_x: u32, centre_y: u32, half_size: u32) -> f64 {
        let mut total = 0.0;
        let mut count = 0.0;
        for y in centre_y - half_size..=centre_y + half_size {
            for x in centre_x - half_size..=centre_x + half_size {
                total += luma(image.pixel(x, y));
                count += 1.0;
            }
        }
        total / count
    }

    #[test]
    fn camera_rotation_wraps_yaw_and_clamps_pitch() {
        let camera = Camera {
            yaw: 3.0,
            pitch: 1.4,
            zoom: 1.0,
        };
        let turned = camera.rotated_by(1.0, 1.0);
        // 3 + 1 = 4 rad wraps to 4 − 2π ≈ −2.283.
        assert!((turned.yaw - (4.0 - std::f64::consts::TAU)).abs() < 1e-12);
        assert_eq!(turned.pitch, MAX_PITCH);
        assert_eq!(camera.rotated_by(0.0, -5.0).pitch, MIN_PITCH);
        assert_eq!(camera.rotated_by(f64::NAN, f64::INFINITY), camera);
        assert_eq!(camera.zoomed_by(100.0).zoom, 10.0);
        assert_eq!(camera.zoomed_by(-1.0).zoom, 1.0);
        let default = Camera::default();
        assert!(default.pitch > MIN_PITCH && default.pitch < MAX_PITCH);
    }

    #[test]
    fn domain_centre_at_mid_height_projects_to_the_image_centre() {
        let scale = ColourScale::Linear {
            min: 0.0,
            max: 10.0,
        };
        for camera in [
            Camera::default(),
            Camera {
                yaw: 2.0,
                pitch: 0.3,
                zoom: 3.0,
            },
        ] {
            let projection =
                SurfaceProjection::new(&camera, (-2.0, 2.0), (-1.0, 3.0), scale, 600, 400);
            // Centre (0, 1) and value 5, halfway up the scale, is the world origin.
            let (px, py) = projection.project(0.0, 1.0, 5.0).unwrap();
            assert!(
                (px - 300.0).abs() < 1e-9 && (py - 200.0).abs() < 1e-9,
                "({px}, {py})"
            );
        }
    }

    #[test]
    fn projection_from_above_matches_hand_computation() {
        // yaw 0, pitch 1.5, zoom 1, 600 × 400: 0.6 · 400 = 240 px per unit of the domain.
        let camera = Camera {
            yaw: 0.0,
            pitch: 1.5,
            zoom: 1.0,
        };
        let scale = ColourScale::Linear { min: 0.0, max: 1.0 };
        let projection = SurfaceProjection::new(&camera, (-1.0, 1.0), (-1.0, 1.0), scale, 600, 400);
        // Top-right corner (u, v) = (0.5, 0.5) at height (1 − 0.5) · 0.5 = 0.25:
        // px = 300 + 0.5 · 240 = 420;
        // py = 200 − (0.5 · sin 1.5 + 0.25 · cos 1.5) · 240 = 200 − 0.516432 · 240 = 76.0564.
        let (px, py) = projection.project(1.0, 1.0, 1.0).unwrap();
        assert!((px - 420.0).abs() < 1e-9);
        assert!((py - 76.0564).abs() < 1e-3, "{py}");
        assert_eq!(projection.project(f64::NAN, 0.0, 0.0), None);
        assert_eq!(projection.project(0.0, 0.0, f64::INFINITY), None);
    }

    #[test]
    fn flat_surface_seen_from_above_has_the_hand_computed_lit_colour() {
        // A constant grid sits at scale position 0.5; its normal (0, 0, 1) meets the light at
        // cos = 0.8, so the brightness is 0.35 + 0.65 · 0.8 = 0.87 of the colormap's colour.
        let grid = ScalarGrid::sample(|_, _| 2.0, (-1.0, 1.0), (-1.0, 1.0), 30, 30);
        let scale = ColourScale::for_grid(&grid, None);
        let lookup = ColourLookup::viridis();
        let camera = Camera {
            yaw: 0.3,
            pitch: 1.5,
            zoom: 1.0,
        };
        let mut image = RgbaImage::new(200, 150);
        render_surface(&grid, &scale, &lookup, &camera, [0, 0, 0], &mut image);
        // t = 0.5 falls exactly between lookup entries 511 and 512 (0.5 · 1023 = 511.5), and the
        // barycentric sum 0.5·wa + 0.5·wb + 0.5·wc rounds to either side, so both are right.
        let lit = |index: usize| {
            let [r, g, b, _] = lookup.rgba_at_index(index);
            [r, g, b].map(|channel| (f64::from(channel) * 0.87 + 0.5) as u8)
        };
        let expected = [lit(511), lit(512)];
        let is_lit = |pixel: &[u8]| expected.iter().any(|colour| pixel[..3] == colour[..]);
        let on_grid_line = |pixel: &[u8]| {
            expected.iter().any(|colour| {
                pixel[..3] == colour.map(|channel| (f32::from(channel) * GRID_LINE_DARKENING) as u8)
            })
        };
        let centre = image.pixel(100, 75);
        assert!(
            is_lit(&centre) || on_grid_line(&centre),
            "{centre:?} vs {expected:?}"
        );
        let lit_pixels = image
            .pixels
            .chunks_exact(4)
            .filter(|pixel| is_lit(pixel))
            .count();
        let grid_line_pixels = image
            .pixels
            .chunks_exact(4)
            .filter(|pixel| on_grid_line(pixel))
            .count();
        // The lattice spans 0.975 of the domain (samples at cell centres of 30 cells), the domain
        // spans 0.6 · 150 = 90 px, and the view from pitch 1.5 shortens depth by sin 1.5: about
        // (0.975 · 90)² · 0.9975 ≈ 7681 px, of which 12 grid lines of ~88 px take ~1000.
        assert!(lit_pixels > 6000, "{lit_pixels}");
        let surface_pixels = lit_pixels + grid_line_pixels;
        assert!(surface_pixels.abs_diff(7681) < 200, "{surface_pixels}");
        assert_eq!(image.pixel(2, 2), [0, 0, 0, 255]);
    }

    #[test]
    fn bowl_from_above_is_dark_in_the_middle_and_bright_at_the_corners() {
        // Viridis brightens with value, so a bowl seen from above must be darker over its
        // minimum (image centre) than over its four high corners, even where the corners face
        // away from the light (ambient 0.35 × yellow still outshines lit purple).
        let grid = bowl_grid(60);
        let scale = ColourScale::for_grid(&grid, None);
        let camera = Camera {
            yaw: 0.0,
            pitch: MAX_PITCH,
            zoom: 1.0,
        };
        let mut image = RgbaImage::new(300, 200);
        render_surface(
            &grid,
            &scale,
            &ColourLookup::viridis(),
            &camera,
            [255, 255, 255],
            &mut image,
        );
        // 0.6 · 200 = 120 px per unit: the square spans x ∈ [90, 210], y ≈ [40, 160].
        let centre = mean_luma(&image, 150, 100, 5);
        for (x, y) in [(100, 50), (200, 50), (100, 150), (200, 150)] {
            let corner = mean_luma(&image, x, y, 5);
            assert!(
                corner > centre + 40.0,
                "corner ({x}, {y}) luma {corner} vs centre {centre}"
            );
        }
        assert_eq!(image.pixel(20, 100), [255, 255, 255, 255]);
    }

    #[test]
    fn nearer_parts_hide_farther_ones_whatever_the_drawing_order() {
        // Seen from low down (pitch 0.2) with yaw π, model y > 0.2 is nearest the camera. A
        // plateau there at value 1 (yellow) partly covers, on screen, the farther plateau at
        // value 0.8 (green): screen-up = away · sin 0.2 + height · cos 0.2, so the near top
        // (away ∈ [−0.5, −0.1], height 0.25) spans [0.146, 0.225] and the far one (away ∈
        // [−0.1, 0.5], height 0.15) spans [0.127, 0.244]. Rows are drawn top row (y_max, here the
        // nearest) first, so only the z-buffer keeps the far plateau from painting over.
        let grid = ScalarGrid::sample(
            |_, y| if y > 0.2 { 1.0 } else { 0.8 },
            (-1.0, 1.0),
            (-1.0, 1.0),
            40,
            40,
        );
        let scale = ColourScale::Linear { min: 0.0, max: 1.0 };
        let camera = Camera {
            yaw: std::f64::consts::PI,
            pitch: 0.2,
            zoom: 1.0,
        };
        let mut image = RgbaImage::new(200, 200);
        let projection = render_surface(
            &grid,
            &scale,
            &ColourLookup::viridis(),
            &camera,
            [0, 0, 0],
            &mut image,
        );
        // The middle of the near plateau: away = −0.3, screen-up 0.185, inside both bands.
        let (px, py) = projection.project(0.0, 0.6, 1.0).unwrap();
        let [r, g, b, _] = image.pixel(px as u32, py as u32);
        // Yellow (253, 231, 37) has red above 0.9 × green; viridis(0.8) = (122, 209, 81) does
        // not. Shading and grid lines scale all channels alike, so the ratio survives them.
        assert!(
            f64::from(r) > 0.9 * f64::from(g),
            "expected the near yellow, got {:?}",
            [r, g, b]
        );
    }

    #[test]
    fn a_full_turn_renders_the_same_image() {
        let grid = ScalarGrid::sample(
            |x, y| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
            (-2.0, 2.0),
            (-1.0, 3.0),
            60,
            60,
        );
        let scale = ColourScale::for_grid(&grid, Some(0.0));
        let lookup = ColourLookup::viridis();
        let camera = Camera::default();
        let mut before = RgbaImage::new(240, 160);
        let mut after = RgbaImage::new(240, 160);
        render_surface(&grid, &scale, &lookup, &camera, [20, 20, 20], &mut before);
        render_surface(
            &grid,
            &scale,
            &lookup,
            &camera.rotated_by(std::f64::consts::TAU, 0.0),
            [20, 20, 20],
            &mut after,
        );
        assert_eq!(before, after);
        // And the render is not trivially empty.
        assert!(
            before
                .pixels
                .chunks_exact(4)
                .filter(|pixel| pixel[..3] != [20, 20, 20])
                .count()
                > 5000
        );
    }

    #[test]
    fn nan_cells_and_degenerate_input_do_not_panic() {
        let lookup = ColourLookup::viridis();
        let mut grid = bowl_grid(20);
        for index in (0..grid.values.len()).step_by(7) {
            grid.values[index] = f64::NAN;
        }
        grid.values[3] = f64::INFINITY;
        let scale = ColourScale::for_grid(&grid, None);
        let mut image = RgbaImage::new(64, 48);
        render_surface(
            &grid,
            &scale,
            &lookup,
            &Camera::default(),
            [1, 2, 3],
            &mut image,
        );

        let all_nan = ScalarGrid {
            values: vec![f64::NAN; 400],
            ..grid.clone()
        };
        render_surface(
            &all_nan,
            &scale,
            &lookup,
            &Camera::default(),
            [1, 2, 3],
            &mut image,
        );
        assert!(
            image
                .pixels
                .chunks_exact(4)
                .all(|pixel| pixel == [1, 2, 3, 255])
        );

        let mut empty = RgbaImage::new(0, 0);
        render_surface(
            &grid,
            &scale,
            &lookup,
            &Camera::default(),
            [0, 0, 0],
            &mut empty,
        );
        render_surface(
            &ScalarGrid::default(),
            &scale,
            &lookup,
            &Camera::default(),
            [0, 0, 0],
            &mut image,
        );
        let wild = Camera {
            yaw: f64::INFINITY,
            pitch: f64::NAN,
            zoom: 1e300,
        };
        render_surface(&grid, &scale, &lookup, &wild, [0, 0, 0], &mut image);
        let degenerate_range = ScalarGrid {
            x_range: (1.0, 1.0),
            y_range: (f64::NAN, 2.0),
            ..grid
        };
        render_surface(
            &degenerate_range,
            &scale,
            &lookup,
            &Camera::default(),
            [0, 0, 0],
            &mut image,
        );
    }

    #[test]
    fn fine_grids_are_subsampled_including_both_ends() {
        let indices = subsample_indices(800);
        assert_eq!(indices.len(), MAX_SURFACE_LATTICE);
        assert_eq!((indices[0], indices[MAX_SURFACE_LATTICE - 1]), (0, 799));
        assert!(indices.windows(2).all(|pair| pair[1] > pair[0]));
        assert_eq!(subsample_indices(3), vec![0, 1, 2]);
    }
}
