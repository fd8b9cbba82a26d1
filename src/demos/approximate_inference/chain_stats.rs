//! The chain's statistics over the samples shown (acceptance, mean, covariance, summary, and
//! per coordinate the autocorrelation and Geyer's effective sample size), computed in bounded
//! steps: at 200,000 samples the lag sums alone are some 24 million multiply-adds, far more
//! than a frame, so [`SummaryJob::step`] does a few lags at a time across work chunks. Every
//! number is computed by the same expressions in the same order as all at once, so a link
//! restores the same readouts to the last digit however the work was split.

use super::{ACF_LAGS, ChainSummary};
use crate::math::approx_inference::{LagSums, geyer_ess};

/// Multiply-adds of lag sums per [`SummaryJob::step`]: well under a millisecond.
const LAG_TERMS_PER_STEP: usize = 200_000;

/// The statistics of one prefix of the chain, being computed.
pub(super) struct SummaryJob {
    /// The moments, filled at once; ESS and autocorrelation as the axes finish.
    summary: ChainSummary,
    /// The samples after the burn-in: `burn_in.min(shown)..shown`.
    kept: std::ops::Range<usize>,
    /// The coordinate whose lags are being summed (2 when done).
    axis: usize,
    lags: Option<LagSums>,
}

impl SummaryJob {
    /// Starts on the first `shown` samples (the chain must hold them) and computes the
    /// moments, one pass each; `summary_at` is the target's summary at one sample.
    pub fn new(
        samples: &[[f64; 2]],
        accepted: &[bool],
        shown: usize,
        burn_in: usize,
        summary_at: impl Fn([f64; 2]) -> f64,
    ) -> Self {
        let kept_range = burn_in.min(shown)..shown;
        let kept = &samples[kept_range.clone()];
        let accepted = accepted[..shown].iter().filter(|a| **a).count();
        let mut summary = ChainSummary {
            shown,
            used: kept.len(),
            acceptance: (shown > 0).then(|| accepted as f64 / shown as f64),
            ..ChainSummary::default()
        };
        if kept.len() >= 4 {
            let n = kept.len() as f64;
            let mean = [0, 1].map(|a| kept.iter().map(|w| w[a]).sum::<f64>() / n);
            let moment = |a: usize, b: usize| {
                kept.iter()
                    .map(|w| (w[a] - mean[a]) * (w[b] - mean[b]))
                    .sum::<f64>()
                    / (n - 1.0)
            };
            let c01 = moment(0, 1);
            summary.mean = Some(mean);
            summary.cov = Some([[moment(0, 0), c01], [c01, moment(1, 1)]]);
            summary.summary = Some(kept.iter().map(|w| summary_at(*w)).sum::<f64>() / n);
        }
        Self {
            // Fewer than four samples kept: no autocorrelation, nothing more to do.
            axis: if kept.len() >= 4 { 0 } else { 2 },
            summary,
            kept: kept_range,
            lags: None,
        }
    }

    /// How many samples the statistics are of.
    pub fn shown(&self) -> usize {
        self.summary.shown
    }

    /// One bounded step (one pass over the kept samples, or about [`LAG_TERMS_PER_STEP`]
    /// multiply-adds); the finished statistics once the last lag is in.
    pub fn step(&mut self, samples: &[[f64; 2]]) -> Option<ChainSummary> {
        if self.axis < 2 {
            match &mut self.lags {
                None => {
                    let axis = self.axis;
                    let xs: Vec<f64> = samples[self.kept.clone()].iter().map(|w| w[axis]).collect();
                    self.lags = LagSums::new(&xs);
                    if self.lags.is_none() {
                        // A chain that never moved: no ESS, no autocorrelation.
                        self.axis += 1;
                    }
                }
                Some(lags) => {
                    let n = lags.len();
                    let batch = (LAG_TERMS_PER_STEP / n).max(4);
                    lags.compute_through(lags.rho().len() + batch - 1);
                    let acf_lags = ACF_LAGS.min(n - 1);
                    if lags.rho().len() > acf_lags
                        && let Some(ess) = geyer_ess(lags)
                    {
                        self.summary.ess[self.axis] = Some(ess);
                        self.summary.acf[self.axis] = lags.rho()[..=acf_lags].to_vec();
                        self.lags = None;
                        self.axis += 1;
                    }
                }
            }
        }
        (self.axis >= 2).then(|| std::mem::take(&mut self.summary))
    }

    /// Runs to the end at once.
    pub fn finish(mut self, samples: &[[f64; 2]]) -> ChainSummary {
        loop {
            if let Some(summary) = self.step(samples) {
                return summary;
            }
        }
    }
}
