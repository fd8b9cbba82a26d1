//! Tests of the approximate-inference demo: readouts against the grid truth and the
//! reference values, the controls' effects, dragging and keyboard editing of the points.

use super::*;
use crate::demos::finish_work;
use crate::demos::test_support::{readout_number, readout_value};

fn list_of(demo: &dyn Demo, name: &str) -> Vec<f64> {
    readout_value(demo, name)
        .full_precision()
        .split(", ")
        .map(|v| v.parse().unwrap())
        .collect()
}

#[test]
fn default_readouts_match_the_dblquad_reference_and_agree_across_methods() {
    let mut demo = ApproximateInference::default();
    finish_work(&mut demo);
    // scipy.integrate.dblquad (scripts/reference/approx_inference.py), the default data.
    let ln_z = readout_number(&demo, "grid.log-evidence");
    assert!((ln_z - -5.792255174214214).abs() < 1e-9, "{ln_z}");
    let summary = readout_number(&demo, "grid.summary");
    assert!((summary - 0.2203349700060165).abs() < 1e-9, "{summary}");
    let truth = list_of(&demo, "grid.mean");
    // The chain's mean within 4 of its standard errors of the truth.
    let mh = list_of(&demo, "mh.mean");
    let mcse = list_of(&demo, "mh.mcse");
    for axis in 0..2 {
        assert!(
            (mh[axis] - truth[axis]).abs() < 4.0 * mcse[axis],
            "{mh:?} {truth:?} {mcse:?}"
        );
    }
    // Every ELBO is below ln Z, by the KL(q‖p) on the grid (to the quadratures' accuracy).
    for family in ["mean-field", "full-cov"] {
        let elbo = readout_number(&demo, &format!("{family}.elbo"));
        let kl = readout_number(&demo, &format!("{family}.kl-qp"));
        assert!(elbo < ln_z);
        assert!(
            (ln_z - elbo - kl).abs() < 1e-6,
            "{family}: {} vs {kl}",
            ln_z - elbo
        );
    }
    // Moment matching minimises KL(p‖q): no other Gaussian shown beats it.
    let forward = readout_number(&demo, "moment-match.kl-pq");
    for other in ["laplace", "mean-field", "full-cov"] {
        assert!(forward <= readout_number(&demo, &format!("{other}.kl-pq")));
    }
    // The full-covariance fit beats mean field on KL(q‖p) (it searches a larger family).
    assert!(readout_number(&demo, "full-cov.kl-qp") <= readout_number(&demo, "mean-field.kl-qp"));
    let acceptance = readout_number(&demo, "mh.acceptance");
    assert!((0.2..0.8).contains(&acceptance), "{acceptance}");
    assert_eq!(
        readout_value(&demo, "mh.used"),
        ReadoutValue::Integer(19_000)
    );
}

#[test]
fn on_the_mixture_vi_seeks_one_mode_and_moment_matching_covers_both() {
    let mut demo = ApproximateInference::default();
    demo.set_param("target", "bimodal").unwrap();
    demo.set_param("separation", "4").unwrap();
    finish_work(&mut demo);
    // ln Z = ln(4π s²) with s = 0.6.
    let ln_z = readout_number(&demo, "grid.log-evidence");
    assert!((ln_z - (4.0 * std::f64::consts::PI * 0.36).ln()).abs() < 1e-9);
    // Mode seeking: the full-covariance q sits on one mode (at ±2·(0.8, 0.6)), nearly one
    // component, so KL(q‖p) ≈ ln 2 (q misses half of p's mass).
    let mean = list_of(&demo, "full-cov.mean");
    assert!(
        (mean[0].abs() - 1.6).abs() < 0.1 && (mean[1].abs() - 1.2).abs() < 0.1,
        "{mean:?}"
    );
    let reverse = readout_number(&demo, "full-cov.kl-qp");
    assert!((reverse - std::f64::consts::LN_2).abs() < 0.02, "{reverse}");
    // Mass covering: moment matching is centred between the modes with the mixture's
    // covariance s²I + (d/2)² u uᵀ.
    let moment = list_of(&demo, "moment-match.mean");
    assert!(moment[0].abs() < 1e-9 && moment[1].abs() < 1e-9);
    let cov = list_of(&demo, "moment-match.cov");
    assert!((cov[0] - (0.36 + 4.0 * 0.64)).abs() < 1e-9, "{cov:?}");
    // Each wins its own direction.
    assert!(readout_number(&demo, "moment-match.kl-pq") < readout_number(&demo, "full-cov.kl-pq"));
    assert!(readout_number(&demo, "full-cov.kl-qp") < readout_number(&demo, "moment-match.kl-qp"));
    // P(w₁ > 0) = ½ by symmetry.
    assert!((readout_number(&demo, "grid.summary") - 0.5).abs() < 1e-9);
}

#[test]
fn the_proposal_width_trades_acceptance_for_mixing() {
    let mut demo = ApproximateInference::default();
    let mut results = Vec::new();
    for width in ["0.05", "0.8", "5"] {
        demo.set_param("proposal", width).unwrap();
        finish_work(&mut demo);
        let ess = list_of(&demo, "mh.ess");
        results.push((readout_number(&demo, "mh.acceptance"), ess[0]));
    }
    // Tiny steps are almost always accepted but crawl; huge ones are mostly rejected.
    assert!(results[0].0 > 0.9 && results[2].0 < 0.15, "{results:?}");
    assert!(
        results[1].1 > 3.0 * results[0].1 && results[1].1 > 2.0 * results[2].1,
        "{results:?}"
    );
}

#[test]
fn dragging_and_keys_move_points_and_the_posterior_follows() {
    let mut demo = ApproximateInference::default();
    let frame = Frame::light(500.0, 400.0, 1.0);
    let viewport = demo.data_viewport(&frame);
    let before = readout_number(&demo, "grid.log-evidence");
    let (px, py) = viewport.to_pixel(1.0, 0.5);
    let press = |phase, x, y| PointerInput {
        phase,
        x,
        y,
        css_width: 500.0,
        css_height: 400.0,
    };
    assert!(demo.pointer(1, press(PointerPhase::Down, px, py)));
    let (tx, ty) = viewport.to_pixel(-2.0, -2.0);
    assert!(demo.pointer(1, press(PointerPhase::Drag, tx, ty)));
    demo.pointer(1, press(PointerPhase::Up, tx, ty));
    assert!(demo.param("points").unwrap().starts_with("-2,-2,1;"));
    assert_ne!(readout_number(&demo, "grid.log-evidence"), before);
    // Keyboard: the dragged point is selected; → moves it by 0.1, c flips its class.
    assert!(demo.key(1, "ArrowRight"));
    assert!(demo.key(1, "c"));
    assert!(demo.param("points").unwrap().starts_with("-1.9,-2,0;"));
    // Only logistic regression has points.
    demo.set_param("target", "banana").unwrap();
    assert!(!demo.key(1, "ArrowRight"));
    assert!(!demo.is_control_active("points"));
    // Points outside ±3 are refused, the last good ones kept.
    let kept = demo.param("points");
    assert!(demo.set_param("points", "4,0,1").is_err());
    assert_eq!(demo.param("points"), kept);
}

#[test]
fn steps_show_a_prefix_of_the_chain_and_a_short_one_reads_undefined() {
    let mut demo = ApproximateInference::default();
    finish_work(&mut demo);
    demo.go_to_step(500);
    assert_eq!(readout_value(&demo, "mh.used"), ReadoutValue::Integer(0));
    assert!(
        readout_value(&demo, "mh.mean")
            .display()
            .starts_with("undefined")
    );
    assert!(!demo.notices().is_empty());
    demo.set_param("burn-in", "0").unwrap();
    let early = list_of(&demo, "mh.mean");
    demo.go_to_step(20_000);
    // The statistics of 20,000 samples are computed in work chunks.
    finish_work(&mut demo);
    assert_ne!(early, list_of(&demo, "mh.mean"));
}

#[test]
fn a_long_chain_grows_in_chunks_and_ends_where_one_long_run_does() {
    let mut demo = ApproximateInference::default();
    finish_work(&mut demo);
    let first = demo.chain.samples.clone();
    demo.set_param("samples", "100000").unwrap();
    // The chain goes on from the 20,000 drawn, in work chunks.
    assert_eq!(demo.chain.samples.len(), 20_000);
    assert!(demo.work_chunk().is_some());
    assert_eq!(demo.chain.samples.len(), 20_000 + MH_SAMPLES_PER_CHUNK);
    finish_work(&mut demo);
    assert_eq!(demo.chain.samples.len(), 100_000);
    assert_eq!(
        readout_value(&demo, "mh.used"),
        ReadoutValue::Integer(99_000)
    );
    // The chunk size does not change the chain: one long run, and runs in uneven pieces,
    // give the same samples to the last bit.
    let mut whole = MetropolisHastings::new(&demo.target, demo.start, 0.8, 1);
    whole.extend(&demo.target, 100_000);
    assert_eq!(whole.samples, demo.chain.samples);
    let mut pieces = MetropolisHastings::new(&demo.target, demo.start, 0.8, 1);
    for count in [1, 6_999, 13_000, 33_333, 46_667] {
        pieces.extend(&demo.target, count);
    }
    assert_eq!(pieces.samples, demo.chain.samples);
    assert_eq!(pieces.accepted, demo.chain.accepted);
    assert_eq!(&demo.chain.samples[..20_000], &first[..]);
}

#[test]
fn statistics_computed_in_chunks_equal_those_computed_at_once() {
    let mut demo = ApproximateInference::default();
    demo.set_param("samples", "60000").unwrap();
    demo.set_param("proposal", "0.3").unwrap();
    finish_work(&mut demo);
    let chunked = demo.chain_summary.clone();
    assert_eq!(chunked.shown, 60_000);
    let at_once = demo.finish_summary(SummaryJob::new(60_000, 1000));
    assert_eq!(chunked, at_once);
    // And the same as the one-pass formulas of `math` (each ρ_k and the ESS bit for bit).
    let xs: Vec<f64> = demo.chain.samples[1000..].iter().map(|w| w[1]).collect();
    assert_eq!(
        chunked.ess[1],
        crate::math::approx_inference::effective_sample_size(&xs)
    );
    assert_eq!(
        chunked.acf[1],
        crate::math::approx_inference::autocorrelation(&xs, ACF_LAGS)
    );
    // A restarted chain shows its first chunk's statistics after one work chunk, then all.
    demo.set_param("proposal", "0.5").unwrap();
    assert_eq!(demo.chain_summary.shown, 0);
    demo.work_chunk();
    assert_eq!(demo.chain_summary.shown, MH_SAMPLES_PER_CHUNK);
    finish_work(&mut demo);
    assert_eq!(demo.chain_summary.shown, 60_000);
}

#[test]
fn a_foreground_key_changes_exactly_when_its_plot_does() {
    let mut demo = ApproximateInference::default();
    finish_work(&mut demo);
    let keys =
        |demo: &ApproximateInference| (0..5).map(|p| demo.foreground_key(p)).collect::<Vec<_>>();
    let start = keys(&demo);
    let dots = demo.background_key(0);
    assert!(start.iter().all(Option::is_some), "every plot is keyed");
    // A new VI learning rate refits VI: the ELBO plot and the posterior's ellipses change,
    // its dots (the background) do not.
    demo.set_param("vi-lr", "0.1").unwrap();
    finish_work(&mut demo);
    let vi = keys(&demo);
    assert_eq!(&vi[1..4], &start[1..4]);
    assert_ne!(vi[4], start[4]);
    assert_ne!(vi[0], start[0]);
    assert_eq!(demo.background_key(0), dots);
    // A new proposal width: the dots, trace and autocorrelation change, the data, the ELBO
    // and the density raster do not.
    let raster = demo.density_key();
    demo.set_param("proposal", "0.5").unwrap();
    finish_work(&mut demo);
    let chain = keys(&demo);
    assert_ne!(demo.background_key(0), dots);
    assert_eq!(demo.density_key(), raster);
    assert_ne!(chain[0], vi[0], "the legend keeps clear of the new dots");
    assert_ne!(chain[2], vi[2]);
    assert_ne!(chain[3], vi[3]);
    assert_eq!(chain[1], vi[1]);
    assert_eq!(chain[4], vi[4]);
    // A point moved by the keyboard changes the data plot (and everything after it).
    assert!(demo.key(1, "ArrowRight"));
    finish_work(&mut demo);
    assert_ne!(keys(&demo)[1], chain[1]);
}

#[test]
fn the_dots_and_the_lines_are_painted_on_alternate_frames_while_busy() {
    let demo = ApproximateInference::default();
    for frame in 0..4_u64 {
        // The posterior never shares a frame with the trace, autocorrelation or ELBO.
        assert_ne!(demo.plot_due(0, frame), demo.plot_due(2, frame));
        assert_eq!(demo.plot_due(2, frame), demo.plot_due(3, frame));
        assert_eq!(demo.plot_due(2, frame), demo.plot_due(4, frame));
        assert!(demo.plot_due(1, frame));
    }
}

#[test]
fn the_cached_grid_summary_follows_the_query_point_and_the_target() {
    let mut demo = ApproximateInference::default();
    let before = demo.grid_summary();
    assert_eq!(before.to_bits(), demo.compute_grid_summary().to_bits());
    demo.set_param("qx1", "-0.5").unwrap();
    assert_ne!(demo.grid_summary(), before);
    assert_eq!(
        demo.grid_summary().to_bits(),
        demo.compute_grid_summary().to_bits()
    );
    demo.set_param("target", "banana").unwrap();
    assert_eq!(
        demo.grid_summary().to_bits(),
        demo.compute_grid_summary().to_bits()
    );
    demo.set_param("target", "logistic").unwrap();
    assert!(demo.key(1, "ArrowRight"));
    assert_eq!(
        demo.grid_summary().to_bits(),
        demo.compute_grid_summary().to_bits()
    );
}
