//! Hit-or-miss Monte Carlo: estimate an area (π from a quarter disc, or an integral under a
//! curve) as the fraction of uniform random points in a box that land under the curve.
//!
//! A run draws all `n` points once from a seeded ChaCha8 generator, keeps a bit per point
//! (inside or not) so the estimate after any prefix `k ≤ n` is exact and cheap, the first
//! [`DRAWN_POINT_LIMIT`] points themselves for the picture, and the estimate at log-spaced
//! checkpoints for the error-vs-N charts.

use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};
use std::f64::consts::PI;

use super::special::erf;

/// What is being estimated. Each target is the area under a curve `y = f(x) ≥ 0` over
/// `[x_low, x_high]`, inside a box of height `y_high ≥ max f`, times a scale factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// π = 4 · area of the quarter disc x² + y² ≤ 1 in the unit square.
    Pi,
    /// ∫₀¹ e^{−x²} dx = (√π/2)·erf(1).
    Gaussian,
    /// ∫₀^π sin x dx = 2.
    Sine,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Pi, Target::Gaussian, Target::Sine];

    /// The URL value.
    pub fn key(self) -> &'static str {
        match self {
            Target::Pi => "pi",
            Target::Gaussian => "gaussian",
            Target::Sine => "sine",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Target::Pi => "π from a quarter circle",
            Target::Gaussian => "∫₀¹ e^(−x²) dx",
            Target::Sine => "∫₀^π sin x dx",
        }
    }

    pub fn from_key(key: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The curve bounding the region from above.
    pub fn curve(self, x: f64) -> f64 {
        match self {
            // Clamped so rounding just past x = 1 gives 0, not NaN.
            Target::Pi => (1.0 - x * x).max(0.0).sqrt(),
            Target::Gaussian => (-x * x).exp(),
            Target::Sine => x.sin().max(0.0),
        }
    }

    /// The sampling box `(x_low, x_high, y_high)`; y runs from 0.
    pub fn sampling_box(self) -> (f64, f64, f64) {
        match self {
            Target::Pi | Target::Gaussian => (0.0, 1.0, 1.0),
            Target::Sine => (0.0, PI, 1.0),
        }
    }

    /// The box's area times the target's scale: the estimate is this times the hit fraction.
    pub fn estimate_per_hit_fraction(self) -> f64 {
        let (x_low, x_high, y_high) = self.sampling_box();
        let scale = match self {
            Target::Pi => 4.0,
            Target::Gaussian | Target::Sine => 1.0,
        };
        scale * (x_high - x_low) * y_high
    }

    /// The exact value. π is `std::f64::consts::PI`; ∫₀¹ e^{−x²} dx = (√π/2)·erf(1) by the
    /// definition erf(z) = (2/√π) ∫₀^z e^{−t²} dt; ∫₀^π sin x dx = [−cos x]₀^π = 2.
    pub fn exact_value(self) -> f64 {
        match self {
            Target::Pi => PI,
            Target::Gaussian => PI.sqrt() / 2.0 * erf(1.0),
            Target::Sine => 2.0,
        }
    }

    /// The probability p that one uniform point in the box lands under the curve.
    pub fn hit_probability(self) -> f64 {
        self.exact_value() / self.estimate_per_hit_fraction()
    }

    /// The true standard deviation of one point's contribution `c · 1{hit}`: `c·√(p(1−p))`,
    /// so the estimate from `n` points has standard error `σ/√n`.
    pub fn single_point_std_dev(self) -> f64 {
        let p = self.hit_probability();
        self.estimate_per_hit_fraction() * (p * (1.0 - p)).sqrt()
    }

    /// The true standard error `σ/√n` of the estimate from `n ≥ 1` points.
    pub fn standard_error(self, n: u64) -> f64 {
        self.single_point_std_dev() / (n.max(1) as f64).sqrt()
    }
}

/// How many points a run keeps for the picture (the estimate uses all of them).
pub const DRAWN_POINT_LIMIT: usize = 5_000;

/// One seeded hit-or-miss run of `n` points, generated all at once ([`HitOrMissRun::new`]) or
/// in chunks ([`HitOrMissRun::start`] then [`HitOrMissRun::generate`]) with the same result.
#[derive(Debug)]
pub struct HitOrMissRun {
    pub target: Target,
    /// How many points the run will have.
    pub total: u64,
    /// How many have been drawn so far.
    pub generated: u64,
    /// The first [`DRAWN_POINT_LIMIT`] points `(x, y, inside)`.
    pub drawn_points: Vec<(f64, f64, bool)>,
    /// Bit `i` is set when point `i` landed under the curve.
    inside_bits: Vec<u64>,
    /// `(k, hits among the first k points)` at about 60 log-spaced k per decade, ending at n
    /// (those reached so far).
    pub checkpoints: Vec<(u64, u64)>,
    /// Where the checkpoints go, all of them.
    checkpoint_counts: Vec<u64>,
    hits: u64,
    rng: ChaCha8Rng,
}

impl HitOrMissRun {
    /// Draws `n` points (x uniform on the box's width, y on its height) from ChaCha8 seeded
    /// with `seed`; the same arguments always give the same run, bit for bit.
    pub fn new(target: Target, n: u64, seed: u64) -> Self {
        let mut run = Self::start(target, n, seed);
        run.generate(n);
        run
    }

    /// A run of `n` points of which none is drawn yet.
    pub fn start(target: Target, n: u64, seed: u64) -> Self {
        Self {
            target,
            total: n,
            generated: 0,
            drawn_points: Vec::with_capacity((n as usize).min(DRAWN_POINT_LIMIT)),
            inside_bits: vec![0u64; (n as usize).div_ceil(64)],
            checkpoints: Vec::new(),
            checkpoint_counts: log_spaced_counts(n, 60),
            hits: 0,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    pub fn is_complete(&self) -> bool {
        self.generated >= self.total
    }

    /// Draws up to `count` more points (fewer at the end of the run).
    pub fn generate(&mut self, count: u64) {
        let (x_low, x_high, y_high) = self.target.sampling_box();
        let end = self.total.min(self.generated.saturating_add(count));
        let mut next_checkpoint = self.checkpoints.len();
        for index in self.generated..end {
            let x = x_low + (x_high - x_low) * self.rng.random::<f64>();
            let y = y_high * self.rng.random::<f64>();
            let inside = y <= self.target.curve(x);
            if inside {
                self.hits += 1;
                self.inside_bits[(index / 64) as usize] |= 1 << (index % 64);
            }
            if self.drawn_points.len() < DRAWN_POINT_LIMIT {
                self.drawn_points.push((x, y, inside));
            }
            if self.checkpoint_counts.get(next_checkpoint) == Some(&(index + 1)) {
                next_checkpoint += 1;
                self.checkpoints.push((index + 1, self.hits));
            }
        }
        self.generated = end;
    }

    /// How many of the first `k` points (clamped to the run) landed under the curve.
    pub fn hits_in_first(&self, k: u64) -> u64 {
        let k = k.min(self.generated);
        let whole_words = (k / 64) as usize;
        let mut hits: u64 = self.inside_bits[..whole_words]
            .iter()
            .map(|word| u64::from(word.count_ones()))
            .sum();
        let rest = k % 64;
        if rest > 0 {
            let mask = (1u64 << rest) - 1;
            hits += u64::from((self.inside_bits[whole_words] & mask).count_ones());
        }
        hits
    }

    /// The estimate from the first `k` points, None for k = 0.
    pub fn estimate(&self, k: u64) -> Option<f64> {
        let k = k.min(self.generated);
        (k > 0).then(|| estimate_from_hits(self.target, self.hits_in_first(k), k))
    }

    /// The standard error estimated from the sample itself, `c·√(p̂(1−p̂)/k)`; None for k < 2
    /// (one point says nothing about the spread).
    pub fn sample_standard_error(&self, k: u64) -> Option<f64> {
        let k = k.min(self.generated);
        if k < 2 {
            return None;
        }
        let fraction = self.hits_in_first(k) as f64 / k as f64;
        Some(
            self.target.estimate_per_hit_fraction()
                * (fraction * (1.0 - fraction) / k as f64).sqrt(),
        )
    }
}

/// `c · hits / k`.
pub fn estimate_from_hits(target: Target, hits: u64, k: u64) -> f64 {
    target.estimate_per_hit_fraction() * hits as f64 / k.max(1) as f64
}

/// Distinct whole numbers from 1 to `n` (both included) spaced about evenly in log10, with
/// about `per_decade` of them per decade (every number while they are closer than that).
pub fn log_spaced_counts(n: u64, per_decade: u32) -> Vec<u64> {
    let mut counts = Vec::new();
    if n == 0 {
        return counts;
    }
    let ratio = 10f64.powf(1.0 / f64::from(per_decade.max(1)));
    let mut value = 1.0f64;
    let mut last = 0u64;
    while (value as u64) < n {
        let count = value.round() as u64;
        if count > last {
            counts.push(count);
            last = count;
        }
        value *= ratio;
    }
    if last < n {
        counts.push(n);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_values_and_hit_probabilities() {
        // (√π/2)·erf(1) from python3 -c "import math; print(math.sqrt(math.pi)/2*math.erf(1))".
        assert!((Target::Gaussian.exact_value() - 0.746824132812427).abs() < 1e-15);
        assert_eq!(Target::Pi.exact_value(), PI);
        assert!((Target::Pi.hit_probability() - PI / 4.0).abs() < 1e-16);
        assert!((Target::Sine.hit_probability() - 2.0 / PI).abs() < 1e-16);
        // σ for π: 4·√(π/4 · (1 − π/4)) = 1.6419... (by hand: π/4 = 0.785398, 1 − π/4 = 0.214602).
        let sigma = 4.0 * (PI / 4.0 * (1.0 - PI / 4.0)).sqrt();
        assert!((Target::Pi.single_point_std_dev() - sigma).abs() < 1e-15);
        assert!((Target::Pi.standard_error(100) - sigma / 10.0).abs() < 1e-15);
        for target in Target::ALL {
            assert_eq!(Target::from_key(target.key()), Some(target));
            // The curve stays inside the box, so the hit fraction is the area fraction.
            let (x_low, x_high, y_high) = target.sampling_box();
            for i in 0..=100 {
                let y = target.curve(x_low + (x_high - x_low) * i as f64 / 100.0);
                assert!((0.0..=y_high).contains(&y));
            }
        }
    }

    #[test]
    fn prefix_hits_match_a_direct_count() {
        let run = HitOrMissRun::new(Target::Pi, 1000, 7);
        let mut hits = 0;
        for (k, &(_, _, inside)) in run.drawn_points.iter().enumerate() {
            assert_eq!(run.hits_in_first(k as u64), hits, "k = {k}");
            hits += u64::from(inside);
        }
        assert_eq!(run.hits_in_first(1000), hits);
        assert_eq!(run.hits_in_first(5000), hits, "clamped to the run");
        for &(k, h) in &run.checkpoints {
            assert_eq!(run.hits_in_first(k), h);
        }
        assert_eq!(run.checkpoints.last(), Some(&(1000, hits)));
        assert_eq!(run.estimate(0), None);
        assert_eq!(run.sample_standard_error(1), None);
    }

    #[test]
    fn estimates_are_within_their_confidence_bounds() {
        // Each estimate from 10⁶ points is within 4 true standard errors of the exact value;
        // a fair run fails this with probability about 6e-5 per target, and the seeds are fixed.
        for target in Target::ALL {
            for seed in [1, 2, 3] {
                let n = 1_000_000;
                let run = HitOrMissRun::new(target, n, seed);
                let estimate = run.estimate(n).unwrap();
                let bound = 4.0 * target.standard_error(n);
                assert!(
                    (estimate - target.exact_value()).abs() < bound,
                    "{target:?} seed {seed}: {estimate}"
                );
                // The sample's standard error agrees with the true one to a few per cent.
                let ratio = run.sample_standard_error(n).unwrap() / target.standard_error(n);
                assert!((ratio - 1.0).abs() < 0.02, "{target:?}: {ratio}");
            }
        }
        // About 95% of runs land within 2 standard errors: of 200 seeds at n = 1000, the count
        // is Binomial(200, 0.954) with mean 191 and sd 3; we require at least 180 (over 3.5 sd).
        let within = (0..200)
            .filter(|&seed| {
                let run = HitOrMissRun::new(Target::Pi, 1000, seed);
                (run.estimate(1000).unwrap() - PI).abs() < 2.0 * Target::Pi.standard_error(1000)
            })
            .count();
        assert!(within >= 180, "{within} of 200");
    }

    #[test]
    fn chunks_give_the_same_run() {
        let whole = HitOrMissRun::new(Target::Gaussian, 20_000, 5);
        let mut chunked = HitOrMissRun::start(Target::Gaussian, 20_000, 5);
        while !chunked.is_complete() {
            chunked.generate(777);
        }
        assert_eq!(chunked.checkpoints, whole.checkpoints);
        assert_eq!(chunked.drawn_points, whole.drawn_points);
        assert_eq!(chunked.estimate(20_000), whole.estimate(20_000));
    }

    #[test]
    fn same_seed_same_run() {
        let a = HitOrMissRun::new(Target::Sine, 10_000, 42);
        let b = HitOrMissRun::new(Target::Sine, 10_000, 42);
        assert_eq!(a.estimate(10_000), b.estimate(10_000));
        assert_eq!(a.drawn_points, b.drawn_points);
        let c = HitOrMissRun::new(Target::Sine, 10_000, 43);
        assert_ne!(a.drawn_points, c.drawn_points);
    }

    #[test]
    fn log_spaced_counts_cover_one_to_n() {
        assert_eq!(log_spaced_counts(0, 10), Vec::<u64>::new());
        assert_eq!(log_spaced_counts(1, 10), vec![1]);
        let counts = log_spaced_counts(1_000_000, 60);
        assert_eq!(counts.first(), Some(&1));
        assert_eq!(counts.last(), Some(&1_000_000));
        assert!(counts.windows(2).all(|w| w[0] < w[1]));
        assert!(counts.len() < 60 * 6 + 10, "{}", counts.len());
    }
}
