//! Criterion benchmarks of the rendering layer: the per-pixel heatmap painter, the software 3-D
//! surface, SVG line charts and contour extraction, at the sizes the demos use.
//!
//! Run with `cargo bench --bench render`. Grids are sampled from closures here rather than
//! taken from `math::surfaces`, so the figures measure rendering alone.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlmath_viz::math::contour::{ScalarGrid, contour_lines};
use mlmath_viz::render::RgbaImage;
use mlmath_viz::render::chart::{ChartOptions, Series, draw_line_chart};
use mlmath_viz::render::colormap::ColourLookup;
use mlmath_viz::render::heatmap::{ColourScale, paint_heatmap};
use mlmath_viz::render::surface3d::{Camera, render_surface};
use mlmath_viz::render::theme::series_colour;
use plotters::prelude::{IntoDrawingArea, SVGBackend};

fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

/// The Rosenbrock grid the gradient-descent demo shows, at one cell per pixel.
fn rosenbrock_grid(columns: usize, rows: usize) -> ScalarGrid {
    ScalarGrid::sample(rosenbrock, (-2.0, 2.0), (-1.0, 3.0), columns, rows)
}

fn heatmap(criterion: &mut Criterion) {
    let grid = rosenbrock_grid(800, 500);
    let lookup = ColourLookup::viridis();
    let mut image = RgbaImage::default();
    // Rosenbrock with its known minimum 0 gets the logarithmic scale, the slower of the two.
    let log_scale = ColourScale::for_grid(&grid, Some(0.0));
    assert!(matches!(log_scale, ColourScale::Log { .. }));
    criterion.bench_function("heatmap_800x500", |bencher| {
        bencher.iter(|| paint_heatmap(black_box(&grid), &log_scale, &lookup, &mut image))
    });
    let linear_scale = ColourScale::for_grid(&grid, None);
    criterion.bench_function("heatmap_800x500_linear", |bencher| {
        bencher.iter(|| paint_heatmap(black_box(&grid), &linear_scale, &lookup, &mut image))
    });
}

fn surface(criterion: &mut Criterion) {
    let grid = rosenbrock_grid(60, 60);
    let scale = ColourScale::for_grid(&grid, Some(0.0));
    let lookup = ColourLookup::viridis();
    let camera = Camera::default();
    let mut image = RgbaImage::new(600, 400);
    criterion.bench_function("surface3d_600x400", |bencher| {
        bencher.iter(|| {
            render_surface(
                black_box(&grid),
                &scale,
                &lookup,
                &camera,
                [255, 255, 255],
                &mut image,
            )
        })
    });
}

fn chart(criterion: &mut Criterion) {
    // Eight loss curves of 150 iterations, decaying at different rates.
    let curves: Vec<Vec<(f64, f64)>> = (0..8)
        .map(|curve| {
            let rate = 0.9 + 0.01 * f64::from(curve);
            (0..150)
                .map(|step| (f64::from(step), 10.0 * rate.powi(step) + 1e-3))
                .collect()
        })
        .collect();
    let labels = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let series: Vec<Series> = curves
        .iter()
        .zip(labels)
        .enumerate()
        .map(|(index, (points, label))| Series {
            label,
            colour: series_colour(index),
            points,
            marker: None,
        })
        .collect();
    let options = ChartOptions {
        title: Some("Loss"),
        x_label: "iteration",
        y_label: "loss",
        ..ChartOptions::default()
    };
    criterion.bench_function("chart_svg_8x150", |bencher| {
        bencher.iter(|| {
            let mut svg = String::with_capacity(64 * 1024);
            {
                let area = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
                draw_line_chart(&area, black_box(&series), &options).ok();
            }
            svg
        })
    });
}

fn contours(criterion: &mut Criterion) {
    let grid = rosenbrock_grid(200, 200);
    let levels = ColourScale::for_grid(&grid, Some(0.0)).contour_levels(10);
    criterion.bench_function("contour_10_levels_200x200", |bencher| {
        bencher.iter(|| {
            levels
                .iter()
                .map(|&level| contour_lines(black_box(&grid), level).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, heatmap, surface, chart, contours);
criterion_main!(benches);
