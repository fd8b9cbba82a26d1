//! Heatmaps: how sampled values map to colours ([`ColourScale`]) and the fast per-pixel
//! painter that turns a [`ScalarGrid`] into an [`RgbaImage`] ([`paint_heatmap`]).
//!
//! The painter is a hot path (it runs whenever the surface or its range changes), so it
//! avoids per-pixel interpolation and per-pixel logarithms: colours come from a precomputed
//! [`ColourLookup`] and the logarithmic scale uses a table-driven base-2 logarithm.

use crate::math::contour::ScalarGrid;
use crate::render::RgbaImage;
use crate::render::colormap::{ColourLookup, NAN_GREY};

/// How many decades below `max − floor` the logarithmic scale shows; values closer to the
/// floor than that share the lowest colour.
///
/// Five decades show the curved valley of Rosenbrock's function on [−2, 2] × [−1, 3]
/// (values from 0 to about 2500) as distinct bands down to about 0.01 above the minimum.
pub const LOG_SCALE_DECADES: f64 = 5.0;

/// How values map to colour: linear between min and max, or logarithmic in (value − floor),
/// which shows the structure of surfaces like Rosenbrock whose values span many decades.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ColourScale {
    /// `min` maps to 0 and `max` to 1.
    Linear { min: f64, max: f64 },
    /// `log10(value − floor)` maps linearly onto [0, 1], with `max` at 1 and the value
    /// [`LOG_SCALE_DECADES`] decades closer to the floor at 0.
    Log { floor: f64, max: f64 },
}

impl ColourScale {
    /// The position of `value` on the scale, clamped to [0, 1]; NaN stays NaN.
    ///
    /// A degenerate scale (zero or non-finite span) puts every finite value at 0.5, so a
    /// constant surface shows as one mid colour instead of failing.
    pub fn normalise(&self, value: f64) -> f64 {
        if value.is_nan() {
            return f64::NAN;
        }
        let position = match *self {
            ColourScale::Linear { min, max } => {
                let span = max - min;
                if span <= 0.0 || !span.is_finite() {
                    return 0.5;
                }
                (value - min) / span
            }
            ColourScale::Log { floor, max } => {
                let top = max - floor;
                if top <= 0.0 || !top.is_finite() {
                    return 0.5;
                }
                let above_floor = value - floor;
                if above_floor <= 0.0 {
                    return 0.0;
                }
                1.0 + (above_floor / top).log10() / LOG_SCALE_DECADES
            }
        };
        position.clamp(0.0, 1.0)
    }

    /// The value at position `t` ∈ [0, 1] of the scale; the inverse of
    /// [`ColourScale::normalise`] on its unclamped range.
    pub fn value_at_normalised(&self, t: f64) -> f64 {
        match *self {
            ColourScale::Linear { min, max } => min + t * (max - min),
            ColourScale::Log { floor, max } => {
                floor + (max - floor) * 10f64.powf(LOG_SCALE_DECADES * (t - 1.0))
            }
        }
    }

    /// Picks Log when a known minimum is given (floor slightly below it) and the grid's range
    /// spans > 2 decades above it, else Linear over the finite range.
    ///
    /// "Spans more than two decades" is measured between the lowest tenth of the samples and
    /// the largest: when the 10th percentile of `value − minimum` is under 1/100 of the largest
    /// `value − minimum`, a linear scale would paint a tenth of the picture in the bottom
    /// percent of the colours and hide the region around the minimum. (Rosenbrock on
    /// [−2, 2] × [−1, 3]: 2.5 decades; Himmelblau on [−5, 5]²: 1.6; the bowl x² + y²: 1.2.)
    /// The floor sits [`LOG_SCALE_DECADES`] decades of the range below the minimum, so the
    /// minimum itself gets the lowest colour.
    pub fn for_grid(grid: &ScalarGrid, known_minimum: Option<f64>) -> ColourScale {
        let Some((lowest, highest)) = grid.finite_range() else {
            return ColourScale::Linear { min: 0.0, max: 1.0 };
        };
        let linear = ColourScale::Linear {
            min: lowest,
            max: highest,
        };
        let Some(known_minimum) = known_minimum.filter(|minimum| minimum.is_finite()) else {
            return linear;
        };
        // A minimum that the samples undercut (a wrong hint) would put values below the floor.
        let bottom = known_minimum.min(lowest);
        let span = highest - bottom;
        if span <= 0.0 || !span.is_finite() {
            return linear;
        }
        let low_decile = lower_decile_above(&grid.values, bottom);
        if low_decile > 0.0 && span / low_decile > 100.0 {
            ColourScale::Log {
                floor: bottom - span * 10f64.powf(-LOG_SCALE_DECADES),
                max: highest,
            }
        } else {
            linear
        }
    }

    /// `count` contour levels evenly spaced in the normalised scale (so log-spaced for Log),
    /// excluding the extremes: the values at t = k / (count + 1) for k = 1 ..= count.
    pub fn contour_levels(&self, count: usize) -> Vec<f64> {
        // More levels than this would be solid ink; the cap also bounds the allocation.
        let count = count.min(1000);
        let denominator = (count + 1) as f64;
        (1..=count)
            .map(|k| self.value_at_normalised(k as f64 / denominator))
            .collect()
    }
}

/// The 10th percentile of `value − bottom` over the finite values, estimated from at most
/// 4096 evenly strided samples (the choice of scale does not need more precision).
fn lower_decile_above(values: &[f64], bottom: f64) -> f64 {
    let stride = (values.len() / 4096).max(1);
    let mut excess: Vec<f64> = values
        .iter()
        .step_by(stride)
        .filter(|value| value.is_finite())
        .map(|value| value - bottom)
        .collect();
    if excess.is_empty() {
        return 0.0;
    }
    let index = excess.len() / 10;
    let (_, decile, _) = excess.select_nth_unstable_by(index, f64::total_cmp);
    *decile
}

/// Paints one pixel per grid cell into `image` (resized to the grid's columns × rows), alpha
/// 255, using a precomputed lookup table; must be fast: 800x500 cells in well under 2 ms
/// natively.
///
/// NaN cells are painted [`NAN_GREY`]; if `values` is shorter than `columns × rows` the missing
/// cells are grey too. A grid too large for `u32` dimensions leaves an empty image.
pub fn paint_heatmap(
    grid: &ScalarGrid,
    scale: &ColourScale,
    lookup: &ColourLookup,
    image: &mut RgbaImage,
) {
    let (Ok(width), Ok(height)) = (u32::try_from(grid.columns), u32::try_from(grid.rows)) else {
        image.resize(0, 0);
        return;
    };
    image.resize(width, height);
    let [r, g, b] = NAN_GREY;
    let nan_rgba = [r, g, b, 255];
    let cell_count = grid.values.len().min(image.pixels.len() / 4);
    let (painted, missing) = image.pixels.split_at_mut(cell_count * 4);
    for pixel in missing.chunks_exact_mut(4) {
        pixel.copy_from_slice(&nan_rgba);
    }
    let values = &grid.values[..cell_count];
    let pixels = painted.chunks_exact_mut(4);
    // A fixed-size table lets the compiler drop the bounds checks from the loops below.
    let table: &[[u8; 4]; ColourLookup::SIZE] = match lookup.entries().try_into() {
        Ok(table) => table,
        Err(_) => {
            pixels.for_each(|pixel| pixel.copy_from_slice(&nan_rgba));
            return;
        }
    };
    const LAST_INDEX: i32 = ColourLookup::SIZE as i32 - 1;
    let middle = table[ColourLookup::SIZE / 2];
    let paint_uniformly = |pixels: std::slice::ChunksExactMut<'_, u8>, rgba: [u8; 4]| {
        for (pixel, &value) in pixels.zip(values) {
            pixel.copy_from_slice(if value.is_nan() { &nan_rgba } else { &rgba });
        }
    };

    // Both branches map a value to a fractional table index `slope · u + offset`, where u is the
    // value itself (linear) or its base-2 logarithm above the floor (log), and round by adding
    // 0.5 and truncating. The cast to i32 saturates (NaN becomes 0) and is cheaper than one to
    // usize; the clamp then keeps the index inside the table.
    match *scale {
        ColourScale::Linear { min, max } => {
            let span = max - min;
            if span <= 0.0 || !span.is_finite() {
                // Matches `normalise`: a degenerate scale shows every value in the middle.
                paint_uniformly(pixels, middle);
                return;
            }
            let slope = f64::from(LAST_INDEX) / span;
            let offset = 0.5 - min * slope;
            for (pixel, &value) in pixels.zip(values) {
                let index = ((value * slope + offset) as i32).clamp(0, LAST_INDEX) as usize;
                let rgba = if value.is_nan() {
                    nan_rgba
                } else {
                    table[index]
                };
                pixel.copy_from_slice(&rgba);
            }
        }
        ColourScale::Log { floor, max } => {
            let top = max - floor;
            if top <= 0.0 || !top.is_finite() {
                paint_uniformly(pixels, middle);
                return;
            }
            let mantissa_log2 = MantissaLog2Table::new();
            // t = 1 + (log2(value − floor) − log2(top)) / (decades · log2 10), times the last
            // index.
            let slope = f64::from(LAST_INDEX) / (LOG_SCALE_DECADES * std::f64::consts::LOG2_10);
            let offset = f64::from(LAST_INDEX) - top.log2() * slope + 0.5;
            for (pixel, &value) in pixels.zip(values) {
                let above_floor = value - floor;
                let rgba = if value.is_nan() {
                    nan_rgba
                } else if above_floor > 0.0 {
                    let index = mantissa_log2.log2(above_floor) * slope + offset;
                    table[(index as i32).clamp(0, LAST_INDEX) as usize]
                } else {
                    table[0]
                };
                pixel.copy_from_slice(&rgba);
            }
        }
    }
}

/// A base-2 logarithm accurate to about 0.0007, read from the float's bits: the exponent field
/// gives the integer part and the top 10 mantissa bits index a table of `log2(1 + m)`.
///
/// One colour step of the logarithmic scale is 5 · log2(10) / 1023 ≈ 0.016 in log2, twenty
/// times the table's error, so the result picks the same colour as an exact logarithm except
/// right at a boundary between two neighbouring entries. It is several times faster than
/// `f64::log2`, especially in wasm, where `log2` is a software routine.
struct MantissaLog2Table {
    log2_of_mantissa: [f64; 1 << MantissaLog2Table::BITS],
}

impl MantissaLog2Table {
    const BITS: u32 = 10;

    fn new() -> Self {
        let mut log2_of_mantissa = [0.0; 1 << Self::BITS];
        let buckets = f64::from(1u32 << Self::BITS);
        for (index, entry) in log2_of_mantissa.iter_mut().enumerate() {
            // The bucket's midpoint halves the worst-case error.
            *entry = (1.0 + (index as f64 + 0.5) / buckets).log2();
        }
        Self { log2_of_mantissa }
    }

    /// log2(x) for positive finite x; subnormals come out too large but stay far below any
    /// colour boundary, and +∞ comes out as 1024, which clamps to the top colour.
    #[inline]
    fn log2(&self, x: f64) -> f64 {
        let bits = x.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
        let mantissa_index = ((bits >> (52 - Self::BITS)) & ((1 << Self::BITS) - 1)) as usize;
        exponent as f64 + self.log2_of_mantissa[mantissa_index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rosenbrock(x: f64, y: f64) -> f64 {
        (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
    }

    #[test]
    fn linear_normalise_is_affine_and_clamped() {
        let scale = ColourScale::Linear { min: 2.0, max: 6.0 };
        assert_eq!(scale.normalise(2.0), 0.0);
        assert_eq!(scale.normalise(3.0), 0.25);
        assert_eq!(scale.normalise(6.0), 1.0);
        assert_eq!(scale.normalise(100.0), 1.0);
        assert_eq!(scale.normalise(f64::NEG_INFINITY), 0.0);
        assert!(scale.normalise(f64::NAN).is_nan());
        assert_eq!(
            ColourScale::Linear { min: 1.0, max: 1.0 }.normalise(1.0),
            0.5
        );
    }

    #[test]
    fn log_normalise_counts_decades_below_the_top() {
        // floor 0, max 1e5: the bottom of the scale is 1e5 / 10^5 = 1.
        let scale = ColourScale::Log {
            floor: 0.0,
            max: 1e5,
        };
        assert!((scale.normalise(1e5) - 1.0).abs() < 1e-12);
        assert!((scale.normalise(1e3) - 0.6).abs() < 1e-12); // 2 decades below the top of 5
        assert!((scale.normalise(1.0) - 0.0).abs() < 1e-12);
        assert_eq!(scale.normalise(0.01), 0.0);
        assert_eq!(scale.normalise(-5.0), 0.0);
        assert!(scale.normalise(f64::NAN).is_nan());
        for t in [0.1, 0.5, 0.9] {
            assert!((scale.normalise(scale.value_at_normalised(t)) - t).abs() < 1e-12);
        }
    }

    #[test]
    fn for_grid_picks_log_for_rosenbrock_and_linear_for_a_bowl() {
        let rosenbrock_grid = ScalarGrid::sample(rosenbrock, (-2.0, 2.0), (-1.0, 3.0), 200, 200);
        let (_, highest) = rosenbrock_grid.finite_range().unwrap();
        match ColourScale::for_grid(&rosenbrock_grid, Some(0.0)) {
            ColourScale::Log { floor, max } => {
                assert_eq!(max, highest);
                // Floor 5 decades of the range below the minimum 0.
                assert!((floor + highest * 1e-5).abs() < 1e-12, "floor {floor}");
            }
            linear => panic!("expected Log, got {linear:?}"),
        }
        // Without a known minimum there is no floor to take logarithms from.
        assert!(matches!(
            ColourScale::for_grid(&rosenbrock_grid, None),
            ColourScale::Linear { .. }
        ));

        let bowl = ScalarGrid::sample(|x, y| x * x + y * y, (-2.0, 2.0), (-2.0, 2.0), 100, 100);
        let (lowest, highest) = bowl.finite_range().unwrap();
        assert_eq!(
            ColourScale::for_grid(&bowl, Some(0.0)),
            ColourScale::Linear {
                min: lowest,
                max: highest
            }
        );
    }

    #[test]
    fn for_grid_survives_empty_nan_and_constant_grids() {
        assert_eq!(
            ColourScale::for_grid(&ScalarGrid::default(), Some(0.0)),
            ColourScale::Linear { min: 0.0, max: 1.0 }
        );
        let nan_grid = ScalarGrid {
            columns: 2,
            rows: 1,
            values: vec![f64::NAN, f64::NAN],
            ..ScalarGrid::default()
        };
        assert_eq!(
            ColourScale::for_grid(&nan_grid, None),
            ColourScale::Linear { min: 0.0, max: 1.0 }
        );
        let constant = ScalarGrid::sample(|_, _| 3.0, (0.0, 1.0), (0.0, 1.0), 4, 4);
        assert_eq!(
            ColourScale::for_grid(&constant, Some(3.0)),
            ColourScale::Linear { min: 3.0, max: 3.0 }
        );
        assert_eq!(
            ColourScale::for_grid(&constant, Some(f64::NAN)),
            ColourScale::Linear { min: 3.0, max: 3.0 }
        );
    }

    #[test]
    fn contour_levels_are_even_in_the_normalised_scale() {
        let linear = ColourScale::Linear {
            min: 0.0,
            max: 10.0,
        };
        assert_eq!(linear.contour_levels(4), vec![2.0, 4.0, 6.0, 8.0]);
        // Log with floor 0 and max 1e5 spans 1 ..= 1e5; 4 levels sit at t = 0.2, 0.4, 0.6,
        // 0.8, i.e. one decade apart: 10, 100, 1000, 10000.
        let log = ColourScale::Log {
            floor: 0.0,
            max: 1e5,
        };
        let levels = log.contour_levels(4);
        for (level, expected) in levels.iter().zip([10.0, 100.0, 1000.0, 10000.0]) {
            assert!((level / expected - 1.0).abs() < 1e-12, "{levels:?}");
        }
        assert!(linear.contour_levels(0).is_empty());
    }

    #[test]
    fn paint_heatmap_colours_each_cell_like_the_lookup() {
        let lookup = ColourLookup::viridis();
        let mut grid = ScalarGrid::sample(|x, _| x, (0.0, 4.0), (0.0, 1.0), 4, 2);
        grid.values[7] = f64::NAN;
        let scale = ColourScale::Linear { min: 0.5, max: 3.5 };
        let mut image = RgbaImage::default();
        paint_heatmap(&grid, &scale, &lookup, &mut image);
        assert_eq!((image.width, image.height), (4, 2));
        // Cell centres x = 0.5, 1.5, 2.5, 3.5 → t = 0, 1/3, 2/3, 1.
        assert_eq!(image.pixel(0, 0), [68, 1, 84, 255]);
        assert_eq!(image.pixel(1, 0), lookup.rgba(1.0 / 3.0));
        assert_eq!(image.pixel(2, 1), lookup.rgba(2.0 / 3.0));
        assert_eq!(image.pixel(3, 0), [253, 231, 37, 255]);
        assert_eq!(image.pixel(3, 1), [128, 128, 128, 255]);
    }

    #[test]
    fn paint_heatmap_log_scale_matches_normalise_within_one_entry() {
        let lookup = ColourLookup::viridis();
        let grid = ScalarGrid::sample(rosenbrock, (-2.0, 2.0), (-1.0, 3.0), 64, 48);
        let scale = ColourScale::for_grid(&grid, Some(0.0));
        assert!(matches!(scale, ColourScale::Log { .. }));
        let mut image = RgbaImage::default();
        paint_heatmap(&grid, &scale, &lookup, &mut image);
        let last = (ColourLookup::SIZE - 1) as f64;
        for (cell, value) in grid.values.iter().enumerate() {
            let (column, row) = ((cell % 64) as u32, (cell / 64) as u32);
            let exact_index = scale.normalise(*value) * last;
            let allowed = [exact_index.floor(), exact_index.ceil()]
                .map(|index| lookup.rgba_at_index(index as usize));
            assert!(
                allowed.contains(&image.pixel(column, row)),
                "cell {cell}, value {value}"
            );
        }
    }

    #[test]
    fn paint_heatmap_handles_degenerate_input() {
        let lookup = ColourLookup::viridis();
        let mut image = RgbaImage::new(3, 3);
        paint_heatmap(
            &ScalarGrid::default(),
            &ColourScale::Linear { min: 0.0, max: 1.0 },
            &lookup,
            &mut image,
        );
        assert_eq!((image.width, image.height, image.pixels.len()), (0, 0, 0));

        // Values shorter than columns × rows: the missing cells are grey.
        // Log with floor 0 and max 1e5 starts at 1, which gets the lowest colour.
        let short = ScalarGrid {
            columns: 2,
            rows: 2,
            values: vec![1.0],
            ..ScalarGrid::default()
        };
        paint_heatmap(
            &short,
            &ColourScale::Log {
                floor: 0.0,
                max: 1e5,
            },
            &lookup,
            &mut image,
        );
        assert_eq!(image.pixel(0, 0), [68, 1, 84, 255]);
        assert_eq!(image.pixel(1, 1), [128, 128, 128, 255]);

        // Infinities clamp to the ends; a degenerate log scale paints the middle colour.
        let extremes = ScalarGrid {
            columns: 2,
            rows: 1,
            values: vec![f64::NEG_INFINITY, f64::INFINITY],
            ..ScalarGrid::default()
        };
        paint_heatmap(
            &extremes,
            &ColourScale::Log {
                floor: 0.0,
                max: 10.0,
            },
            &lookup,
            &mut image,
        );
        assert_eq!(image.pixel(0, 0), [68, 1, 84, 255]);
        assert_eq!(image.pixel(1, 0), [253, 231, 37, 255]);
        paint_heatmap(
            &extremes,
            &ColourScale::Log {
                floor: 1.0,
                max: 1.0,
            },
            &lookup,
            &mut image,
        );
        assert_eq!(image.pixel(0, 0), lookup.rgba(0.5));
    }

    #[test]
    fn fast_log2_is_within_its_stated_error() {
        let table = MantissaLog2Table::new();
        for x in [1e-300, 1e-7, 0.3, 1.0, 1.5, 2.0, 1234.5678, 1e300] {
            assert!((table.log2(x) - x.log2()).abs() < 0.0008, "x = {x}");
        }
    }
}
