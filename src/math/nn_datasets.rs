//! Seeded two-dimensional data sets for the training playground: TensorFlow Playground's
//! four classification sets (circle, XOR, two Gaussians, spiral) and two regression sets
//! (plane, Gaussian mixture), ported from its `dataset.ts` with the same formulas, plus
//! two moons, a three-class and a four-class set.
//!
//! Every point lies in (about) the square [−6, 6]², the playground's input domain. `noise`
//! is the playground's fraction 0 … 0.5 (its URL writes it in percent). The random numbers
//! come from a ChaCha8 generator seeded by the caller, so a seed reproduces the data bit for
//! bit (not the playground's own points, which come from its `Math.random` stream).

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use rand_distr::{Distribution, Normal};

/// Half the side of the input square, as in the playground.
pub const DOMAIN_RADIUS: f64 = 6.0;

/// One example: a point, its class (classification) and its target value (regression; ±1
/// for two-class sets, as the playground labels them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DataPoint {
    pub x1: f64,
    pub x2: f64,
    pub class: usize,
    pub value: f64,
}

impl DataPoint {
    /// A classification point; two-class sets get value ±1 (class 1 is +1).
    pub fn classified(x1: f64, x2: f64, class: usize) -> Self {
        DataPoint {
            x1,
            x2,
            class,
            value: if class == 1 { 1.0 } else { -1.0 },
        }
    }

    pub fn regression(x1: f64, x2: f64, value: f64) -> Self {
        DataPoint {
            x1,
            x2,
            class: 0,
            value,
        }
    }
}

/// The generated data sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatasetKind {
    Circle,
    Xor,
    TwoGaussians,
    Spiral,
    Moons,
    ThreeClasses,
    FourClasses,
    Plane,
    GaussianMixture,
}

impl DatasetKind {
    /// Whether the targets are classes (otherwise real values).
    pub fn is_classification(self) -> bool {
        !matches!(self, DatasetKind::Plane | DatasetKind::GaussianMixture)
    }

    /// The number of classes (1 for regression).
    pub fn class_count(self) -> usize {
        match self {
            DatasetKind::ThreeClasses => 3,
            DatasetKind::FourClasses => 4,
            DatasetKind::Plane | DatasetKind::GaussianMixture => 1,
            _ => 2,
        }
    }
}

fn uniform(rng: &mut ChaCha8Rng, low: f64, high: f64) -> f64 {
    rng.random_range(low..high)
}

/// `count` points of `kind` with `noise` (clamped to 0 … 0.5), from `seed`.
pub fn generate(kind: DatasetKind, count: usize, noise: f64, seed: u64) -> Vec<DataPoint> {
    let noise = if noise.is_finite() {
        noise.clamp(0.0, 0.5)
    } else {
        0.0
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut points = Vec::with_capacity(count);
    match kind {
        DatasetKind::Circle => {
            // Class 1 inside radius 2.5, class 0 in the ring 3.5 … 5; the label is decided
            // after noise is added to the position, as in the playground (so noise flips
            // labels near the gap instead of moving points).
            let radius = 5.0;
            let label = |x: f64, y: f64| usize::from(x.hypot(y) < radius * 0.5);
            for ring in [(0.0, radius * 0.5), (radius * 0.7, radius)] {
                for _ in 0..count / 2 {
                    let r = uniform(&mut rng, ring.0, ring.1);
                    let angle = uniform(&mut rng, 0.0, 2.0 * std::f64::consts::PI);
                    let (x, y) = (r * angle.sin(), r * angle.cos());
                    let noise_x = uniform(&mut rng, -radius, radius) * noise;
                    let noise_y = uniform(&mut rng, -radius, radius) * noise;
                    points.push(DataPoint::classified(x, y, label(x + noise_x, y + noise_y)));
                }
            }
        }
        DatasetKind::Xor => {
            let padding = 0.3;
            for _ in 0..count {
                let mut x = uniform(&mut rng, -5.0, 5.0);
                x += if x > 0.0 { padding } else { -padding };
                let mut y = uniform(&mut rng, -5.0, 5.0);
                y += if y > 0.0 { padding } else { -padding };
                let noise_x = uniform(&mut rng, -5.0, 5.0) * noise;
                let noise_y = uniform(&mut rng, -5.0, 5.0) * noise;
                let class = usize::from((x + noise_x) * (y + noise_y) >= 0.0);
                points.push(DataPoint::classified(x, y, class));
            }
        }
        DatasetKind::TwoGaussians => {
            // The playground's variance grows linearly from 0.5 (no noise) to 4 (noise 0.5).
            let variance = 0.5 + noise / 0.5 * 3.5;
            let normal = Normal::new(0.0, variance.sqrt()).ok();
            for (centre, class) in [(2.0, 1), (-2.0, 0)] {
                for _ in 0..count / 2 {
                    let (dx, dy) = match normal {
                        Some(n) => (n.sample(&mut rng), n.sample(&mut rng)),
                        None => (0.0, 0.0),
                    };
                    points.push(DataPoint::classified(centre + dx, centre + dy, class));
                }
            }
        }
        DatasetKind::Spiral => {
            let n = count / 2;
            for (delta, class) in [(0.0, 1), (std::f64::consts::PI, 0)] {
                for i in 0..n {
                    let r = i as f64 / n as f64 * 5.0;
                    let t = 1.75 * i as f64 / n as f64 * 2.0 * std::f64::consts::PI + delta;
                    let x = r * t.sin() + uniform(&mut rng, -1.0, 1.0) * noise;
                    let y = r * t.cos() + uniform(&mut rng, -1.0, 1.0) * noise;
                    points.push(DataPoint::classified(x, y, class));
                }
            }
        }
        DatasetKind::Moons => {
            // scikit-learn's make_moons (upper arc centred at 0, lower at (1, 0.5)), scaled
            // by 4 and centred; Gaussian noise with σ = 2·noise.
            let normal = Normal::new(0.0, 2.0 * noise).ok();
            let n = count / 2;
            for class in [0, 1] {
                for i in 0..n {
                    let t = std::f64::consts::PI * i as f64 / (n.max(2) - 1) as f64;
                    let (mx, my) = if class == 0 {
                        (t.cos(), t.sin())
                    } else {
                        (1.0 - t.cos(), 0.5 - t.sin())
                    };
                    let (dx, dy) = match normal {
                        Some(n) if noise > 0.0 => (n.sample(&mut rng), n.sample(&mut rng)),
                        _ => (0.0, 0.0),
                    };
                    points.push(DataPoint::classified(
                        4.0 * (mx - 0.5) + dx,
                        4.0 * (my - 0.25) + dy,
                        class,
                    ));
                }
            }
        }
        DatasetKind::ThreeClasses => {
            // Three Gaussian blobs at radius 3.5, 120° apart, with the two-Gaussian variance.
            let variance = 0.5 + noise / 0.5 * 3.5;
            let normal = Normal::new(0.0, variance.sqrt()).ok();
            for class in 0..3 {
                let angle =
                    std::f64::consts::FRAC_PI_2 + class as f64 * 2.0 * std::f64::consts::PI / 3.0;
                let (cx, cy) = (3.5 * angle.cos(), 3.5 * angle.sin());
                for _ in 0..count / 3 + usize::from(class < count % 3) {
                    let (dx, dy) = match normal {
                        Some(n) => (n.sample(&mut rng), n.sample(&mut rng)),
                        None => (0.0, 0.0),
                    };
                    points.push(DataPoint::classified(cx + dx, cy + dy, class));
                }
            }
        }
        DatasetKind::FourClasses => {
            // Uniform points labelled by quadrant (class 0 top right, counter-clockwise), the
            // label taken after noise like XOR: four classes that meet at the origin.
            for _ in 0..count {
                let x = uniform(&mut rng, -5.0, 5.0);
                let y = uniform(&mut rng, -5.0, 5.0);
                let noise_x = uniform(&mut rng, -5.0, 5.0) * noise;
                let noise_y = uniform(&mut rng, -5.0, 5.0) * noise;
                let (nx, ny) = (x + noise_x, y + noise_y);
                let class = match (nx >= 0.0, ny >= 0.0) {
                    (true, true) => 0,
                    (false, true) => 1,
                    (false, false) => 2,
                    (true, false) => 3,
                };
                points.push(DataPoint::classified(x, y, class));
            }
        }
        DatasetKind::Plane => {
            // value = (x + y)/10 at a noisily moved position, in [−1.2, 1.2].
            for _ in 0..count {
                let x = uniform(&mut rng, -DOMAIN_RADIUS, DOMAIN_RADIUS);
                let y = uniform(&mut rng, -DOMAIN_RADIUS, DOMAIN_RADIUS);
                let noise_x = uniform(&mut rng, -DOMAIN_RADIUS, DOMAIN_RADIUS) * noise;
                let noise_y = uniform(&mut rng, -DOMAIN_RADIUS, DOMAIN_RADIUS) * noise;
                points.push(DataPoint::regression(
                    x,
                    y,
                    plane_value(x + noise_x, y + noise_y),
                ));
            }
        }
        DatasetKind::GaussianMixture => {
            for _ in 0..count {
                let x = uniform(&mut rng, -DOMAIN_RADIUS, DOMAIN_RADIUS);
                let y = uniform(&mut rng, -DOMAIN_RADIUS, DOMAIN_RADIUS);
                let noise_x = uniform(&mut rng, -DOMAIN_RADIUS, DOMAIN_RADIUS) * noise;
                let noise_y = uniform(&mut rng, -DOMAIN_RADIUS, DOMAIN_RADIUS) * noise;
                points.push(DataPoint::regression(
                    x,
                    y,
                    gaussian_mixture_value(x + noise_x, y + noise_y),
                ));
            }
        }
    }
    points
}

/// The playground's plane: `(x + y)/10` (its scale maps [−10, 10] to [−1, 1]).
pub fn plane_value(x: f64, y: f64) -> f64 {
    (x + y) / 10.0
}

/// The playground's mixture: six bumps of sign ±1 whose height falls linearly from 1 at the
/// centre to 0 at distance 2; the bump largest in absolute value wins.
pub fn gaussian_mixture_value(x: f64, y: f64) -> f64 {
    const BUMPS: [(f64, f64, f64); 6] = [
        (-4.0, 2.5, 1.0),
        (0.0, 2.5, -1.0),
        (4.0, 2.5, 1.0),
        (-4.0, -2.5, -1.0),
        (0.0, -2.5, 1.0),
        (4.0, -2.5, -1.0),
    ];
    let mut value: f64 = 0.0;
    for (cx, cy, sign) in BUMPS {
        let height = (1.0 - (x - cx).hypot(y - cy) / 2.0).clamp(0.0, 1.0);
        let candidate = sign * height;
        if candidate.abs() > value.abs() {
            value = candidate;
        }
    }
    value
}

/// Shuffles `points` with a generator seeded by `seed` (Fisher–Yates) and splits them: the
/// first `⌊n·train_fraction⌋` train, the rest test (the playground's split).
pub fn shuffle_and_split(
    mut points: Vec<DataPoint>,
    train_fraction: f64,
    seed: u64,
) -> (Vec<DataPoint>, Vec<DataPoint>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for i in (1..points.len()).rev() {
        let j = rng.random_range(0..=i);
        points.swap(i, j);
    }
    let fraction = if train_fraction.is_finite() {
        train_fraction.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let split = (points.len() as f64 * fraction).floor() as usize;
    let test = points.split_off(split.min(points.len()));
    (points, test)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_has_the_requested_size_classes_and_stays_near_the_domain() {
        let kinds = [
            DatasetKind::Circle,
            DatasetKind::Xor,
            DatasetKind::TwoGaussians,
            DatasetKind::Spiral,
            DatasetKind::Moons,
            DatasetKind::ThreeClasses,
            DatasetKind::FourClasses,
            DatasetKind::Plane,
            DatasetKind::GaussianMixture,
        ];
        for kind in kinds {
            let points = generate(kind, 500, 0.2, 1);
            assert_eq!(points.len(), 500, "{kind:?}");
            for class in 0..kind.class_count() {
                assert!(
                    points.iter().any(|p| p.class == class),
                    "{kind:?} lacks class {class}"
                );
            }
            assert!(points.iter().all(|p| p.class < kind.class_count()));
            // Gaussians reach further; everything else stays in the square.
            let limit = match kind {
                DatasetKind::TwoGaussians | DatasetKind::ThreeClasses => 12.0,
                // The moons span [−6, 6] before their Gaussian noise (σ = 0.4 here).
                DatasetKind::Moons => 8.0,
                _ => DOMAIN_RADIUS + 0.5,
            };
            assert!(
                points
                    .iter()
                    .all(|p| p.x1.abs() < limit && p.x2.abs() < limit),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_points_and_another_seed_others() {
        let a = generate(DatasetKind::Spiral, 100, 0.3, 9);
        assert_eq!(a, generate(DatasetKind::Spiral, 100, 0.3, 9));
        assert_ne!(a, generate(DatasetKind::Spiral, 100, 0.3, 10));
    }

    #[test]
    fn noiseless_labels_follow_the_defining_rules() {
        for p in generate(DatasetKind::Circle, 200, 0.0, 2) {
            assert_eq!(p.class == 1, p.x1.hypot(p.x2) < 2.5);
        }
        for p in generate(DatasetKind::Xor, 200, 0.0, 2) {
            assert_eq!(p.class == 1, p.x1 * p.x2 >= 0.0);
            assert!(p.x1.abs() >= 0.3 && p.x2.abs() >= 0.3);
        }
        for p in generate(DatasetKind::Plane, 50, 0.0, 2) {
            assert_eq!(p.value, (p.x1 + p.x2) / 10.0);
        }
    }

    #[test]
    fn the_mixture_has_its_bump_heights() {
        assert_eq!(gaussian_mixture_value(-4.0, 2.5), 1.0);
        assert_eq!(gaussian_mixture_value(0.0, 2.5), -1.0);
        assert_eq!(gaussian_mixture_value(1.0, 2.5), -0.5);
        assert_eq!(gaussian_mixture_value(0.0, 0.0), 0.0);
    }

    #[test]
    fn the_split_keeps_every_point_once() {
        let points = generate(DatasetKind::Circle, 500, 0.0, 3);
        let (train, test) = shuffle_and_split(points.clone(), 0.5, 4);
        assert_eq!((train.len(), test.len()), (250, 250));
        let mut all: Vec<_> = train
            .iter()
            .chain(&test)
            .map(|p| (p.x1.to_bits(), p.x2.to_bits()))
            .collect();
        let mut original: Vec<_> = points
            .iter()
            .map(|p| (p.x1.to_bits(), p.x2.to_bits()))
            .collect();
        all.sort_unstable();
        original.sort_unstable();
        assert_eq!(all, original);
    }
}
