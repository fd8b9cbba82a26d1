//! Tests of the distribution sampler: reproducibility, chunked work, readouts, and every
//! family's sampler against its own distribution (chi-square or KS at α = 0.001).

use super::*;
use crate::demos::test_support::{readout_number as number, readout_value as value};
use crate::math::sample_stats::kolmogorov_smirnov_test;
use statrs::statistics::Distribution as _;

fn all_values(demo: &DistributionSampler) -> Vec<(String, String)> {
    demo.readouts()
        .into_iter()
        .map(|r| (r.name, r.value.full_precision()))
        .collect()
}

fn finish(demo: &mut DistributionSampler) -> usize {
    let mut chunks = 0;
    while let Some(fraction) = demo.work_chunk() {
        assert!((0.0..=1.0).contains(&fraction), "{fraction}");
        chunks += 1;
        assert!(chunks < 10_000, "the work never ends");
    }
    chunks
}

#[test]
fn the_same_seed_gives_the_same_samples_bit_for_bit() {
    let mut a = DistributionSampler::default();
    let mut b = DistributionSampler::default();
    for demo in [&mut a, &mut b] {
        demo.set_param("family", "gamma").unwrap();
        demo.set_param("seed", "42").unwrap();
    }
    let bits = |d: &DistributionSampler| -> Vec<u64> {
        d.shown_samples().iter().map(|x| x.to_bits()).collect()
    };
    assert_eq!(bits(&a), bits(&b));
    assert_eq!(all_values(&a), all_values(&b));
    b.set_param("seed", "43").unwrap();
    assert_ne!(bits(&a), bits(&b));
}

#[test]
fn draw_buttons_extend_the_same_stream_and_give_the_same_numbers_as_a_link() {
    let mut drawn = DistributionSampler::default();
    drawn.set_param("n", "4900").unwrap();
    drawn.draw_more(100);
    drawn.draw_more(1);
    assert_eq!(drawn.param("n").as_deref(), Some("5001"));
    let mut linked = DistributionSampler::default();
    linked.set_param("n", "5001").unwrap();
    assert_eq!(drawn.shown_samples(), linked.shown_samples());
    assert_eq!(all_values(&drawn), all_values(&linked));
    // Playing from the start to the end reaches the same numbers too.
    let mut played = DistributionSampler::default();
    played.set_param("n", "5001").unwrap();
    played.go_to_step(0);
    let mut frames = 0;
    while played.advance_frame() {
        frames += 1;
    }
    assert!((50..200).contains(&frames), "{frames} frames");
    assert_eq!(all_values(&played), all_values(&linked));
}

#[test]
fn a_million_samples_are_drawn_in_bounded_chunks_and_match_the_whole() {
    let mut demo = DistributionSampler::default();
    demo.set_param("n", "1000000").unwrap();
    // Nothing beyond the synchronous limit happens inside set_param.
    assert_eq!(
        value(&demo, "sample-mean"),
        ReadoutValue::Text("computing…".into())
    );
    let chunks = finish(&mut demo);
    assert!(chunks >= 1_000_000 / SAMPLE_CHUNK, "{chunks} chunks");
    let samples = demo.shown_samples();
    assert_eq!(samples.len(), 1_000_000);
    // The moments agree with a plain two-pass computation to rounding.
    let whole = Moments::of_slice(samples);
    assert!((number(&demo, "sample-mean") - whole.mean).abs() < 1e-14);
    assert!((number(&demo, "sample-variance") / whole.variance(1).unwrap() - 1.0).abs() < 1e-12);
    // And the standard normal's moments within 5 standard errors.
    assert!(number(&demo, "sample-mean").abs() < 5.0 * 1e-3);
    assert!((number(&demo, "sample-variance") - 1.0).abs() < 5.0 * (2.0_f64 / 1e6).sqrt());
    // The chunked KS test equals the one-call test of the sorted sample.
    let mut sorted = samples.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let reference = kolmogorov_smirnov_test(&sorted, |x| demo.distribution().cdf(x));
    assert_eq!(number(&demo, "statistic"), reference.statistic);
    assert_eq!(number(&demo, "p-value"), reference.p_value);
    assert!(reference.p_value > 0.001);
    assert_eq!(demo.display.total(), 1_000_000);
}

#[test]
fn exact_moments_are_statrs_moments() {
    let mut demo = DistributionSampler::default();
    demo.set_param("family", "gamma").unwrap();
    demo.set_param("shape", "5").unwrap();
    demo.set_param("rate", "2.5").unwrap();
    let gamma = statrs::distribution::Gamma::new(5.0, 2.5).unwrap();
    assert_eq!(number(&demo, "exact-mean"), gamma.mean().unwrap());
    assert_eq!(number(&demo, "exact-variance"), gamma.variance().unwrap());
    assert_eq!(number(&demo, "exact-skewness"), gamma.skewness().unwrap());
    // By hand: mean k/β = 2, variance k/β² = 0.8, skewness 2/√k.
    assert!((number(&demo, "exact-mean") - 2.0).abs() < 1e-15);
    assert!((number(&demo, "exact-skewness") - 2.0 / 5f64.sqrt()).abs() < 1e-15);
    demo.set_param("family", "binomial").unwrap();
    let binomial = statrs::distribution::Binomial::new(0.3, 20).unwrap();
    assert_eq!(number(&demo, "exact-mean"), binomial.mean().unwrap());
    assert_eq!(
        number(&demo, "exact-variance"),
        binomial.variance().unwrap()
    );
    assert!(matches!(
        value(&demo, "degrees-of-freedom"),
        ReadoutValue::Integer(_)
    ));
}

#[test]
fn undefined_values_are_said_in_words() {
    let mut demo = DistributionSampler::default();
    demo.set_param("family", "student-t").unwrap();
    demo.set_param("nu", "1").unwrap();
    assert_eq!(
        value(&demo, "exact-mean"),
        ReadoutValue::Text("undefined".into())
    );
    assert!(matches!(
        value(&demo, "exact-variance"),
        ReadoutValue::Text(_)
    ));
    assert!(!demo.notices().is_empty());
    demo.go_to_step(1);
    assert_eq!(
        value(&demo, "sample-variance"),
        ReadoutValue::Text("undefined (n < 2)".into())
    );
    demo.go_to_step(0);
    assert!(matches!(value(&demo, "statistic"), ReadoutValue::Text(_)));
    for readout in demo.readouts() {
        assert!(!readout.value.display().contains("NaN"), "{}", readout.name);
    }
    // A tiny discrete sample cannot be tested: fewer than two cells with E ≥ 5.
    demo.set_param("family", "bernoulli").unwrap();
    demo.go_to_step(4);
    assert!(
        matches!(value(&demo, "p-value"), ReadoutValue::Text(t) if t.contains("fewer than 2 cells"))
    );
}

#[test]
fn invalid_parameters_are_rejected_and_the_state_stays() {
    let mut demo = DistributionSampler::default();
    demo.set_param("family", "uniform").unwrap();
    let before = all_values(&demo);
    assert!(
        demo.set_param("a", "2")
            .unwrap_err()
            .contains("below the upper end")
    );
    assert!(demo.set_param("b", "-1").is_err());
    assert!(demo.set_param("sigma", "0").is_err());
    assert_eq!(all_values(&demo), before);
    assert_eq!(demo.param("a").as_deref(), Some("0"));
    // Controls of other families are inactive and do not resample.
    assert!(!demo.is_control_active("sigma"));
    assert!(demo.is_control_active("a") && demo.is_control_active("b"));
    demo.set_param("sigma", "3").unwrap();
    assert_eq!(all_values(&demo), before);
}

#[test]
fn csv_export_holds_exactly_the_shown_samples() {
    let mut demo = DistributionSampler::default();
    demo.set_param("family", "poisson").unwrap();
    demo.go_to_step(10);
    let csv = demo.samples_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "index,poisson");
    assert_eq!(lines.len(), 11);
    for (line, &x) in lines[1..].iter().zip(demo.shown_samples()) {
        let (_, text) = line.split_once(',').unwrap();
        assert_eq!(text.parse::<f64>().unwrap().to_bits(), x.to_bits());
    }
}

#[test]
fn bins_follow_freedman_diaconis_or_the_slider() {
    let mut demo = DistributionSampler::default();
    // n = 1000 standard normal over the plot range (≈ ±3.4): IQR ≈ 1.35, h ≈ 0.27, ~25 bins.
    let bins = match value(&demo, "bins") {
        ReadoutValue::Integer(b) => b,
        other => panic!("{other:?}"),
    };
    assert!((20..=32).contains(&bins), "{bins}");
    demo.set_param("bins", "40").unwrap();
    assert_eq!(value(&demo, "bins"), ReadoutValue::Integer(40));
    demo.set_param("family", "binomial").unwrap();
    // One bar per value in the plot range.
    let (low, high) = demo.plot_range();
    assert_eq!(
        value(&demo, "bins"),
        ReadoutValue::Integer((high - low).round() as i64)
    );
    assert!(!demo.is_control_active("bins"));
}

/// Every family, two or three parameter sets each: the samplers behind the demo.
fn test_distributions() -> Vec<Distribution> {
    use Distribution::*;
    vec![
        Normal {
            mean: 0.0,
            std_dev: 1.0,
        },
        Normal {
            mean: -3.0,
            std_dev: 0.2,
        },
        Poisson { rate: 0.3 },
        Poisson { rate: 4.0 },
        Poisson { rate: 45.0 },
        Bernoulli { p: 0.3 },
        Bernoulli { p: 0.97 },
        Binomial { trials: 20, p: 0.3 },
        Binomial {
            trials: 200,
            p: 0.9,
        },
        Geometric { p: 0.25 },
        Geometric { p: 0.9 },
        Uniform {
            low: -2.0,
            high: 3.0,
        },
        Exponential { rate: 1.0 },
        Exponential { rate: 7.5 },
        Gamma {
            shape: 0.3,
            rate: 1.0,
        },
        Gamma {
            shape: 5.0,
            rate: 2.5,
        },
        Beta {
            alpha: 0.5,
            beta: 0.5,
        },
        Beta {
            alpha: 2.0,
            beta: 5.0,
        },
        StudentT { dof: 1.0 },
        StudentT { dof: 5.0 },
        ChiSquared { dof: 0.7 },
        ChiSquared { dof: 10.0 },
    ]
}

/// The p-value of the demo's own goodness-of-fit test of 20,000 samples.
fn fit_p_value(distribution: Distribution, seed: u64) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut samples = Vec::new();
    distribution.sample_into(&mut rng, 20_000, &mut samples);
    assert_eq!(samples.len(), 20_000);
    if distribution.is_discrete() {
        // Cells for 0..=max seen + 1, plus the upper tail.
        let top = samples.iter().copied().fold(0.0, f64::max) as usize + 1;
        let mut observed = vec![0.0; top + 2];
        for &x in &samples {
            observed[x as usize] += 1.0;
        }
        let mut expected: Vec<f64> = (0..=top)
            .map(|k| 20_000.0 * distribution.density(k as f64))
            .collect();
        expected.push(20_000.0 * (1.0 - distribution.cdf(top as f64)).max(0.0));
        chi_square_test(&observed, &expected).unwrap().p_value
    } else {
        samples.sort_unstable_by(f64::total_cmp);
        kolmogorov_smirnov_test(&samples, |x| distribution.cdf(x)).p_value
    }
}

#[test]
fn every_sampler_passes_its_goodness_of_fit_test_at_the_0_1_percent_level() {
    // Power: with n = 20,000 the KS test at α = 0.001 rejects when sup|F_true − F| exceeds
    // about 1.95/√n = 0.014 (probability ≈ 1 for a gap of 0.02): a normal mean off by 0.05σ
    // (gap 0.02) or scale off by 6 %, an off-by-one geometric, or a gamma rate/scale mix-up.
    // The chi-square test has the same order of sensitivity to a 2 % change of a probability
    // of 0.3. The negative control below shows both tests do reject such near misses.
    for distribution in test_distributions() {
        for seed in [1, 2, 3] {
            let p = fit_p_value(distribution, seed);
            assert!(p > 0.001, "{distribution:?}, seed {seed}: p = {p}");
        }
    }
}

#[test]
fn the_tests_reject_near_misses() {
    use Distribution::*;
    let pairs = [
        (
            Normal {
                mean: 0.05,
                std_dev: 1.0,
            },
            Normal {
                mean: 0.0,
                std_dev: 1.0,
            },
        ),
        (
            Gamma {
                shape: 2.0,
                rate: 1.06,
            },
            Gamma {
                shape: 2.0,
                rate: 1.0,
            },
        ),
        (Poisson { rate: 4.15 }, Poisson { rate: 4.0 }),
        (
            Binomial {
                trials: 20,
                p: 0.31,
            },
            Binomial { trials: 20, p: 0.3 },
        ),
    ];
    for (truth, model) in pairs {
        for seed in [1, 2, 3] {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let mut samples = Vec::new();
            truth.sample_into(&mut rng, 20_000, &mut samples);
            let p = if model.is_discrete() {
                let mut observed = vec![0.0; 61];
                for &x in &samples {
                    observed[(x as usize).min(60)] += 1.0;
                }
                let mut expected: Vec<f64> = (0..60)
                    .map(|k| 20_000.0 * model.density(k as f64))
                    .collect();
                expected.push(20_000.0 * (1.0 - model.cdf(59.0)));
                chi_square_test(&observed, &expected).unwrap().p_value
            } else {
                samples.sort_unstable_by(f64::total_cmp);
                kolmogorov_smirnov_test(&samples, |x| model.cdf(x)).p_value
            };
            assert!(p < 0.001, "{truth:?} vs {model:?}, seed {seed}: p = {p}");
        }
    }
}

#[test]
fn the_demo_test_agrees_with_the_standalone_test_for_discrete_families() {
    let mut demo = DistributionSampler::default();
    demo.set_param("family", "poisson").unwrap();
    demo.set_param("n", "20000").unwrap();
    let p = number(&demo, "p-value");
    assert!(p > 0.001 && p <= 1.0, "{p}");
    assert!(matches!(value(&demo, "degrees-of-freedom"), ReadoutValue::Integer(d) if d >= 5));
}

#[test]
fn cdf_view_draws_with_the_gap_marked() {
    let mut demo = DistributionSampler::default();
    demo.set_param("cdf", "1").unwrap();
    for family in ["normal", "geometric"] {
        demo.set_param("family", family).unwrap();
        let frame = Frame::light(390.0, 250.0, 3.0);
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(
                &mut svg,
                (frame.geometry.pixel_width(), frame.geometry.pixel_height()),
            )
            .into_drawing_area();
            demo.draw(0, Layer::Foreground, &area, &frame).unwrap();
            area.present().unwrap();
        }
        assert!(svg.contains("n = 1000"), "{family}");
    }
}
