//! The chain's statistics over the samples shown (acceptance, mean, covariance, summary, and
//! per coordinate the autocorrelation and Geyer's effective sample size), computed in bounded
//! steps: at 200,000 samples the lag sums alone are some 24 million multiply-adds, far more
//! than a frame, so [`SummaryJob::step`] does one pass or a few lags at a time across work
//! chunks. Every number is computed by the same expressions in the same order as all at once,
//! so a link restores the same readouts to the last digit however the work was split.

use super::{ACF_LAGS, ChainSummary};
use crate::math::approx_inference::{LagSums, geyer_ess};

/// Multiply-adds of lag sums per [`SummaryJob::step`]: well under a millisecond.
const LAG_TERMS_PER_STEP: usize = 200_000;
/// Samples whose summary (a sigmoid each for logistic regression) one step adds up.
const SUMMARY_TERMS_PER_STEP: usize = 25_000;

/// What [`SummaryJob::step`] does next.
enum Stage {
    /// Acceptance, mean and covariance: a few passes over the samples.
    Moments,
    /// The running sum of the target's summary over the kept samples, up to `next`.
    Summary {
        next: usize,
        sum: f64,
    },
    /// The lag sums of one coordinate (`lags` None until its series is centred).
    Lags {
        axis: usize,
        lags: Option<LagSums>,
    },
    Done,
}

/// The statistics of one prefix of the chain, being computed.
pub(super) struct SummaryJob {
    summary: ChainSummary,
    /// The samples after the burn-in: `burn_in.min(shown)..shown`.
    kept: std::ops::Range<usize>,
    stage: Stage,
}

impl SummaryJob {
    /// The statistics of the first `shown` samples (the chain must hold them when stepping).
    pub fn new(shown: usize, burn_in: usize) -> Self {
        Self {
            summary: ChainSummary {
                shown,
                ..ChainSummary::default()
            },
            kept: burn_in.min(shown)..shown,
            stage: Stage::Moments,
        }
    }

    /// How many samples the statistics are of.
    pub fn shown(&self) -> usize {
        self.summary.shown
    }

    /// One bounded step: a few passes over the samples, [`SUMMARY_TERMS_PER_STEP`] summary
    /// terms or about [`LAG_TERMS_PER_STEP`] multiply-adds of lag sums. `summary_at` is the
    /// target's summary at one sample. The finished statistics once the last lag is in.
    pub fn step(
        &mut self,
        samples: &[[f64; 2]],
        accepted: &[bool],
        summary_at: impl Fn([f64; 2]) -> f64,
    ) -> Option<ChainSummary> {
        let kept = &samples[self.kept.clone()];
        let summary = &mut self.summary;
        match &mut self.stage {
            Stage::Moments => {
                let shown = summary.shown;
                let accepted = accepted[..shown].iter().filter(|a| **a).count();
                summary.used = kept.len();
                summary.acceptance = (shown > 0).then(|| accepted as f64 / shown as f64);
                // Fewer than four samples kept: nothing more to compute.
                self.stage = Stage::Done;
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
                    // −0.0 is the neutral element `Iterator::sum` starts from.
                    self.stage = Stage::Summary { next: 0, sum: -0.0 };
                }
            }
            Stage::Summary { next, sum } => {
                let end = (*next + SUMMARY_TERMS_PER_STEP).min(kept.len());
                // Added in the order of the samples, as one `sum` over all of them would.
                for w in &kept[*next..end] {
                    *sum += summary_at(*w);
                }
                *next = end;
                if end == kept.len() {
                    summary.summary = Some(*sum / kept.len() as f64);
                    self.stage = Stage::Lags {
                        axis: 0,
                        lags: None,
                    };
                }
            }
            Stage::Lags { axis, lags } => match lags {
                None => {
                    let xs: Vec<f64> = kept.iter().map(|w| w[*axis]).collect();
                    *lags = LagSums::new(&xs);
                    if lags.is_none() {
                        // A chain that never moved: no ESS, no autocorrelation.
                        self.stage = next_axis(*axis);
                    }
                }
                Some(sums) => {
                    let n = sums.len();
                    let batch = (LAG_TERMS_PER_STEP / n).max(4);
                    sums.compute_through(sums.rho().len() + batch - 1);
                    let acf_lags = ACF_LAGS.min(n - 1);
                    if sums.rho().len() > acf_lags
                        && let Some(ess) = geyer_ess(sums)
                    {
                        summary.ess[*axis] = Some(ess);
                        summary.acf[*axis] = sums.rho()[..=acf_lags].to_vec();
                        self.stage = next_axis(*axis);
                    }
                }
            },
            Stage::Done => {}
        }
        matches!(self.stage, Stage::Done).then(|| std::mem::take(&mut self.summary))
    }

    /// Runs to the end at once.
    pub fn finish(
        mut self,
        samples: &[[f64; 2]],
        accepted: &[bool],
        summary_at: impl Fn([f64; 2]) -> f64,
    ) -> ChainSummary {
        loop {
            if let Some(summary) = self.step(samples, accepted, &summary_at) {
                return summary;
            }
        }
    }
}

fn next_axis(axis: usize) -> Stage {
    if axis == 0 {
        Stage::Lags {
            axis: 1,
            lags: None,
        }
    } else {
        Stage::Done
    }
}
