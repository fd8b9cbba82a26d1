//! Criterion benchmarks of the training playground (`#/nn-playground`): one "epoch" as the
//! browser benchmark defines it — a full pass over 250 training points in batches of 10, the
//! loss on all 500 points, and a 100×100 decision-boundary repaint — for the three networks
//! measured against TensorFlow Playground. Run with `cargo bench --bench nn`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mlmath_viz::demos::nn_playground::NnPlayground;
use mlmath_viz::demos::{Demo, Frame};

/// The three configurations, as URL parameters of the demo.
const CONFIGURATIONS: [(&str, &[(&str, &str)]); 3] = [
    ("epoch_2-4-2-1_circle", &[]),
    (
        "epoch_2-8-8-8-8-1_spiral",
        &[("data", "spiral"), ("shape", "8,8,8,8")],
    ),
    (
        "epoch_7in_6x8_spiral",
        &[
            ("data", "spiral"),
            ("shape", "8,8,8,8,8,8"),
            ("x1-squared", "1"),
            ("x2-squared", "1"),
            ("x1x2", "1"),
            ("sin-x1", "1"),
            ("sin-x2", "1"),
        ],
    ),
];

fn epochs(c: &mut Criterion) {
    // The boundary plot's raster is 100×100 whatever the frame size.
    let frame = Frame::light(500.0, 500.0, 1.0);
    for (name, params) in CONFIGURATIONS {
        let mut demo = NnPlayground::default();
        for (key, value) in params {
            demo.set_param(key, value).unwrap();
        }
        c.bench_function(name, |b| {
            b.iter(|| {
                // One epoch per frame at speed 1 (the default); the run restarts at its limit.
                if !demo.advance_frame() {
                    demo.go_to_step(0);
                }
                black_box(
                    demo.background_raster(0, &frame)
                        .map(|image| image.pixels[0]),
                );
            })
        });
    }
}

criterion_group!(benches, epochs);
criterion_main!(benches);
