//! Statistics of a sample: moments, histograms with automatic bins, the empirical CDF, and two
//! goodness-of-fit tests (Pearson's chi-square for discrete data, Kolmogorov–Smirnov for
//! continuous data with its p-value).
//!
//! Everything is written for samples of up to a million values that arrive in chunks: moments
//! merge (Chan, Golub & LeVeque's pairwise update), histograms count in one pass without
//! sorting, and the one thing that needs sorted data (the KS statistic) has a resumable merge
//! sort and sweep so a caller can spread the work over animation frames.

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Count, mean and the central sums `M₂ = Σ(x − x̄)²`, `M₃ = Σ(x − x̄)³` of a sample.
///
/// Built per chunk by two passes (mean first, then central sums, which loses no digits to
/// cancellation) and merged with the pairwise formulas of Chan, Golub & LeVeque (1979) and
/// Pébay (2008), so the result does not depend on any shift or on the data's location.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    pub count: u64,
    pub mean: f64,
    /// Σ(x − x̄)².
    pub m2: f64,
    /// Σ(x − x̄)³.
    pub m3: f64,
}

impl Moments {
    /// The moments of one chunk, by two passes over it.
    pub fn of_slice(values: &[f64]) -> Self {
        if values.is_empty() {
            return Self::default();
        }
        let count = values.len() as u64;
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let (mut m2, mut m3) = (0.0, 0.0);
        for &x in values {
            let d = x - mean;
            let d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
        }
        Self {
            count,
            mean,
            m2,
            m3,
        }
    }

    /// The moments of the union of two samples (Pébay 2008, eqs. 2.1 and 2.2 with p = 2, 3).
    pub fn merge(self, other: Self) -> Self {
        if self.count == 0 {
            return other;
        }
        if other.count == 0 {
            return self;
        }
        let (na, nb) = (self.count as f64, other.count as f64);
        let n = na + nb;
        let delta = other.mean - self.mean;
        let mean = self.mean + delta * nb / n;
        let m2 = self.m2 + other.m2 + delta * delta * na * nb / n;
        let m3 = self.m3
            + other.m3
            + delta * delta * delta * na * nb * (na - nb) / (n * n)
            + 3.0 * delta * (na * other.m2 - nb * self.m2) / n;
        Self {
            count: self.count + other.count,
            mean,
            m2,
            m3,
        }
    }

    /// Adds a chunk of values.
    pub fn add_slice(&mut self, values: &[f64]) {
        *self = self.merge(Self::of_slice(values));
    }

    /// The sample mean, None for an empty sample.
    pub fn sample_mean(&self) -> Option<f64> {
        (self.count > 0 && self.mean.is_finite()).then_some(self.mean)
    }

    /// The sample variance `M₂ / (n − ddof)`: ddof = 1 is the unbiased estimator (NumPy's
    /// `var(ddof=1)`, pandas' default), ddof = 0 the maximum-likelihood one. None when
    /// `n ≤ ddof` or the value overflowed.
    pub fn variance(&self, ddof: u64) -> Option<f64> {
        (self.count > ddof)
            .then(|| self.m2 / (self.count - ddof) as f64)
            .filter(|v| v.is_finite())
    }

    /// The sample skewness `g₁ = m₃ / m₂^{3/2}` with `m_k = M_k / n` (the Fisher–Pearson
    /// coefficient, scipy.stats.skew's default `bias=True`). None for n < 3 or when every value
    /// is equal (0/0).
    pub fn skewness(&self) -> Option<f64> {
        if self.count < 3 || self.m2 <= 0.0 {
            return None;
        }
        let n = self.count as f64;
        let g1 = (self.m3 / n) / (self.m2 / n).powf(1.5);
        g1.is_finite().then_some(g1)
    }
}

/// Counts of values in equal bins over `[low, high)`, plus the counts below and at or above.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub low: f64,
    pub high: f64,
    pub counts: Vec<u64>,
    /// Values below `low` (and NaN, which never occurs in a sample but must land somewhere).
    pub below: u64,
    /// Values at or above `high`.
    pub above: u64,
}

impl Histogram {
    /// An empty histogram; `bins` is at least 1 and `high > low` is the caller's promise
    /// (a degenerate range gets a width of 1 so nothing divides by zero).
    pub fn new(low: f64, high: f64, bins: usize) -> Self {
        let high = if high > low { high } else { low + 1.0 };
        Self {
            low,
            high,
            counts: vec![0; bins.max(1)],
            below: 0,
            above: 0,
        }
    }

    pub fn bin_width(&self) -> f64 {
        (self.high - self.low) / self.counts.len() as f64
    }

    /// The left edge of bin `index`.
    pub fn bin_start(&self, index: usize) -> f64 {
        self.low + (self.high - self.low) * index as f64 / self.counts.len() as f64
    }

    /// Counts every value in one pass (no sorting).
    pub fn add_all(&mut self, values: &[f64]) {
        let bins = self.counts.len();
        let scale = bins as f64 / (self.high - self.low);
        for &x in values {
            let position = (x - self.low) * scale;
            // `position >= 0.0` is false for NaN, which goes to `below` with the negatives.
            if position >= 0.0 {
                let index = position as usize;
                if index < bins {
                    self.counts[index] += 1;
                } else {
                    self.above += 1;
                }
            } else {
                self.below += 1;
            }
        }
    }

    /// Every value counted, inside the range or not.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.below + self.above
    }

    /// The empirical CDF `F_n(x)` at bin edge `index` (0 = `low`, `bins` = `high`): exact there,
    /// since every value below that edge is counted to its left.
    pub fn cdf_at_edge(&self, index: usize) -> f64 {
        let total = self.total();
        if total == 0 {
            return 0.0;
        }
        let inside: u64 = self.counts[..index.min(self.counts.len())].iter().sum();
        (self.below + inside) as f64 / total as f64
    }

    /// The `q`-quantile of the data, interpolated linearly inside its bin; clamped to the
    /// range when it falls below or above it. None for an empty histogram.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let target = q.clamp(0.0, 1.0) * total as f64;
        let mut cumulative = self.below as f64;
        if target <= cumulative {
            return Some(self.low);
        }
        let width = self.bin_width();
        for (index, &count) in self.counts.iter().enumerate() {
            let next = cumulative + count as f64;
            if target <= next && count > 0 {
                let fraction = (target - cumulative) / count as f64;
                return Some(self.low + width * (index as f64 + fraction));
            }
            cumulative = next;
        }
        Some(self.high)
    }
}

/// The smallest and largest number of bins the automatic rule may choose.
pub const AUTO_BINS_RANGE: (usize, usize) = (5, 200);

/// Sturges' rule `⌈log₂ n⌉ + 1` bins: right for small, roughly normal samples, too few for
/// large ones (it grows only logarithmically).
pub fn sturges_bins(count: u64) -> usize {
    if count <= 1 {
        return 1;
    }
    (count as f64).log2().ceil() as usize + 1
}

/// The Freedman–Diaconis bin width `h = 2·IQR·n^{−1/3}` (Freedman & Diaconis 1981), as a number
/// of bins over a range `width` wide, within [`AUTO_BINS_RANGE`]. The IQR makes it robust to
/// heavy tails (a Cauchy sample's standard deviation is meaningless, its IQR is not). When the
/// IQR is 0 (more than half the values equal) it falls back to Sturges' rule.
pub fn freedman_diaconis_bins(iqr: f64, count: u64, width: f64) -> usize {
    let (fewest, most) = AUTO_BINS_RANGE;
    if count == 0 {
        return fewest;
    }
    let h = 2.0 * iqr * (count as f64).powf(-1.0 / 3.0);
    let bins = if h > 0.0 && h.is_finite() && width > 0.0 {
        (width / h).ceil()
    } else {
        sturges_bins(count) as f64
    };
    if bins.is_finite() {
        (bins as usize).clamp(fewest, most)
    } else {
        most
    }
}

/// `F_n(x)`, the fraction of a sorted sample at or below `x`.
pub fn empirical_cdf(sorted: &[f64], x: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted.partition_point(|&v| v <= x) as f64 / sorted.len() as f64
}

/// The result of a goodness-of-fit test.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GoodnessOfFit {
    pub statistic: f64,
    /// Degrees of freedom (chi-square) or the sample size (KS).
    pub degrees_of_freedom: f64,
    /// The probability of a statistic at least this large if the data came from the model.
    pub p_value: f64,
}

/// Merges adjacent cells, left to right, until every cell expects at least `min_expected`
/// values (Cochran's rule of thumb for the chi-square approximation: expected ≥ 5); a short
/// last group joins the cell before it. Returns the merged (observed, expected) pairs.
pub fn merge_cells(observed: &[f64], expected: &[f64], min_expected: f64) -> Vec<(f64, f64)> {
    let mut cells: Vec<(f64, f64)> = Vec::new();
    let (mut observed_sum, mut expected_sum) = (0.0, 0.0);
    for (&o, &e) in observed.iter().zip(expected) {
        observed_sum += o;
        expected_sum += e;
        if expected_sum >= min_expected {
            cells.push((observed_sum, expected_sum));
            observed_sum = 0.0;
            expected_sum = 0.0;
        }
    }
    if expected_sum > 0.0 || observed_sum > 0.0 {
        match cells.last_mut() {
            Some(last) => {
                last.0 += observed_sum;
                last.1 += expected_sum;
            }
            None => cells.push((observed_sum, expected_sum)),
        }
    }
    cells
}

/// Pearson's chi-square test of observed counts against expected counts (cells covering the
/// whole support, so both sum to n), after [`merge_cells`] to expected ≥ 5. No parameter is
/// estimated from the data, so there are (cells − 1) degrees of freedom. None when fewer than
/// two cells remain (n too small to test).
pub fn chi_square_test(observed: &[f64], expected: &[f64]) -> Option<GoodnessOfFit> {
    let cells = merge_cells(observed, expected, 5.0);
    if cells.len() < 2 || cells.iter().any(|(_, e)| *e <= 0.0) {
        return None;
    }
    let statistic: f64 = cells.iter().map(|(o, e)| (o - e) * (o - e) / e).sum();
    let degrees_of_freedom = (cells.len() - 1) as f64;
    let p_value = ChiSquared::new(degrees_of_freedom).ok()?.sf(statistic);
    (statistic.is_finite() && p_value.is_finite()).then_some(GoodnessOfFit {
        statistic,
        degrees_of_freedom,
        p_value,
    })
}

/// The Kolmogorov distribution's upper tail `Q(λ) = P(K > λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}`,
/// the limit of `P(√n·D_n > λ)`. For small λ that alternating series converges slowly, so
/// there the equivalent Jacobi-theta form `1 − (√(2π)/λ) Σ_{j≥1} e^{−(2j−1)²π²/(8λ²)}` is used
/// (Numerical Recipes, 3rd ed., §6.14.12).
pub fn kolmogorov_upper_tail(lambda: f64) -> f64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 1.0;
    }
    if lambda < 1.18 {
        let y = (-std::f64::consts::PI.powi(2) / (8.0 * lambda * lambda)).exp();
        // y ≤ e^{−0.885} here; y^{(2j−1)²} for j ≤ 6 reaches below 1e-36: far past f64.
        let sum: f64 = (1..=6).map(|j| y.powi((2 * j - 1) * (2 * j - 1))).sum();
        (1.0 - (2.0 * std::f64::consts::PI).sqrt() / lambda * sum).clamp(0.0, 1.0)
    } else {
        // λ ≥ 1.18: e^{−2j²λ²} < 1e-16 by j = 4; 100 terms is far more than enough.
        let mut sum = 0.0;
        for j in 1..=100 {
            let term = (-2.0 * (j * j) as f64 * lambda * lambda).exp();
            sum += if j % 2 == 1 { term } else { -term };
            if term < 1e-300 {
                break;
            }
        }
        (2.0 * sum).clamp(0.0, 1.0)
    }
}

/// The p-value `P(D_n ≥ d)` of the one-sample Kolmogorov–Smirnov statistic, by Stephens'
/// (1970) finite-sample correction `λ = (√n + 0.12 + 0.11/√n)·d` of the asymptotic
/// distribution (as in Numerical Recipes §14.3.3): within about 0.01 of the exact value for
/// n ≥ 5 and much closer for large n (checked below against the exact Marsaglia–Tsang–Wang
/// values). statrs has no Kolmogorov distribution.
pub fn kolmogorov_smirnov_p_value(d: f64, count: u64) -> f64 {
    if count == 0 {
        return 1.0;
    }
    let root = (count as f64).sqrt();
    kolmogorov_upper_tail((root + 0.12 + 0.11 / root) * d)
}

/// The largest gap at the i-th smallest value (0-based) of n with model CDF value `f`: the
/// ECDF jumps there from i/n to (i+1)/n, so the gap is the larger of `f − i/n`, `(i+1)/n − f`.
fn gap_at_rank(f: f64, rank: usize, n: f64) -> f64 {
    (f - rank as f64 / n).max((rank + 1) as f64 / n - f)
}

/// The KS test of a sorted sample against a continuous CDF, in one call (the reference the
/// resumable [`KolmogorovSmirnovJob`] is tested against).
pub fn kolmogorov_smirnov_test(sorted: &[f64], cdf: impl Fn(f64) -> f64) -> GoodnessOfFit {
    let n = sorted.len() as f64;
    let statistic = sorted
        .iter()
        .enumerate()
        .map(|(rank, &x)| gap_at_rank(cdf(x), rank, n))
        .fold(0.0, f64::max);
    GoodnessOfFit {
        statistic,
        degrees_of_freedom: n,
        p_value: kolmogorov_smirnov_p_value(statistic, sorted.len() as u64),
    }
}

/// The Kolmogorov–Smirnov statistic of an unsorted sample, resumable: a [`MergeSort`] of a
/// copy, then a sweep of the sorted values against the model CDF, each in slices a caller can
/// spread over animation frames. (A linear counting sort of `F(xᵢ)` into n buckets was tried:
/// its random memory accesses made it 3× slower than sorting, see BENCHMARKS.md.)
#[derive(Clone, Debug)]
pub struct KolmogorovSmirnovJob {
    sort: MergeSort,
    /// Sorted values compared so far.
    swept: usize,
    statistic: f64,
    /// The value where the largest gap is.
    location: f64,
}

impl KolmogorovSmirnovJob {
    /// A job for `sample` (copied; the copy is sorted).
    pub fn new(sample: &[f64]) -> Self {
        Self {
            sort: MergeSort::new(sample.to_vec()),
            swept: 0,
            statistic: 0.0,
            location: f64::NAN,
        }
    }

    fn count(&self) -> usize {
        self.sort.len()
    }

    pub fn is_done(&self) -> bool {
        self.sort.is_done() && self.swept >= self.count()
    }

    /// The statistic D and the value where it is attained, once done.
    pub fn result(&self) -> Option<(f64, f64)> {
        self.is_done().then_some((self.statistic, self.location))
    }

    /// A rough fraction of the work done (sorting counts three quarters).
    pub fn progress(&self) -> f64 {
        if self.is_done() {
            return 1.0;
        }
        0.75 * self.sort.progress() + 0.25 * self.swept as f64 / self.count().max(1) as f64
    }

    /// Sorts about `sort_budget` values' worth (see [`MergeSort::advance`]), then compares
    /// up to `cdf_budget` sorted values with the model CDF; true when the statistic is known.
    pub fn advance(
        &mut self,
        cdf: impl Fn(f64) -> f64,
        sort_budget: usize,
        cdf_budget: usize,
    ) -> bool {
        if !self.sort.advance(sort_budget) {
            return false;
        }
        let Some(sorted) = self.sort.sorted() else {
            return false;
        };
        let n = sorted.len() as f64;
        let end = self
            .swept
            .saturating_add(cdf_budget.max(1))
            .min(sorted.len());
        for (rank, &x) in sorted.iter().enumerate().take(end).skip(self.swept) {
            let gap = gap_at_rank(cdf(x), rank, n);
            if gap > self.statistic {
                self.statistic = gap;
                self.location = x;
            }
        }
        self.swept = end;
        self.is_done()
    }
}

/// A merge sort that can stop after any amount of work and resume: sorting a million values
/// takes ~100 ms in the browser, far more than a frame, so it is done a slice at a time.
///
/// First runs of [`MergeSort::RUN`] values are sorted in place (`sort_unstable_by`, total
/// order), then bottom-up passes merge neighbouring runs from one buffer into the other.
#[derive(Clone, Debug, Default)]
pub struct MergeSort {
    /// The values; sorted when [`MergeSort::is_done`].
    data: Vec<f64>,
    scratch: Vec<f64>,
    /// Values up to here have had their initial run sorted.
    runs_sorted: usize,
    /// The length of the sorted runs being merged in this pass.
    width: usize,
    /// Where the next pair of runs starts, and the merge's positions inside it.
    pair_start: usize,
    left: usize,
    right: usize,
    out: usize,
}

impl MergeSort {
    /// The length of the runs sorted directly (fits in L2 cache; ~1 ms in wasm).
    pub const RUN: usize = 16_384;

    /// Starts sorting `values` (taken over; nothing happens until [`MergeSort::advance`]).
    pub fn new(values: Vec<f64>) -> Self {
        let length = values.len();
        Self {
            scratch: vec![0.0; length],
            data: values,
            runs_sorted: 0,
            width: Self::RUN,
            pair_start: 0,
            left: 0,
            right: Self::RUN.min(length),
            out: 0,
        }
    }

    pub fn is_done(&self) -> bool {
        self.runs_sorted >= self.data.len() && self.width >= self.data.len()
    }

    /// The number of values being sorted.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The sorted values once done (None before).
    pub fn sorted(&self) -> Option<&[f64]> {
        self.is_done().then_some(self.data.as_slice())
    }

    /// Gives the values back (sorted when done).
    pub fn into_values(self) -> Vec<f64> {
        self.data
    }

    /// A rough fraction of the work done, for a progress bar.
    pub fn progress(&self) -> f64 {
        let length = self.data.len().max(1) as f64;
        let passes = (length / Self::RUN as f64).log2().ceil().max(0.0) + 1.0;
        if self.runs_sorted < self.data.len() {
            return self.runs_sorted as f64 / length / passes;
        }
        let pass = (self.width as f64 / Self::RUN as f64).log2();
        ((1.0 + pass + self.out as f64 / length) / passes).min(1.0)
    }

    /// Does about `budget` values' worth of merging (a run sort counts as 8 values a value);
    /// returns true when the data is sorted.
    pub fn advance(&mut self, budget: usize) -> bool {
        let length = self.data.len();
        let mut work = 0;
        while self.runs_sorted < length {
            if work >= budget {
                return false;
            }
            let end = (self.runs_sorted + Self::RUN).min(length);
            self.data[self.runs_sorted..end].sort_unstable_by(f64::total_cmp);
            // Sorting a run costs about log₂(RUN) = 14 comparisons a value, a merge one: the
            // weight 8 keeps a budget's worth of either about equally long.
            work += 8 * (end - self.runs_sorted);
            self.runs_sorted = end;
        }
        while self.width < length {
            if work >= budget {
                return false;
            }
            let middle = (self.pair_start + self.width).min(length);
            let end = (self.pair_start + 2 * self.width).min(length);
            // Merge at most the remaining budget's worth of this pair.
            let stop = self.out.saturating_add(budget - work).min(end);
            let before = self.out;
            while self.out < stop {
                let take_left = self.right >= end
                    || (self.left < middle
                        && self.data[self.left]
                            .total_cmp(&self.data[self.right])
                            .is_le());
                if take_left {
                    self.scratch[self.out] = self.data[self.left];
                    self.left += 1;
                } else {
                    self.scratch[self.out] = self.data[self.right];
                    self.right += 1;
                }
                self.out += 1;
            }
            work += self.out - before;
            if self.out >= end {
                // The pair is merged; the next pair, or the next pass on the swapped buffers.
                self.pair_start = end;
                if self.pair_start >= length {
                    std::mem::swap(&mut self.data, &mut self.scratch);
                    self.width *= 2;
                    self.pair_start = 0;
                    self.out = 0;
                }
                self.left = self.pair_start;
                self.right = (self.pair_start + self.width).min(length);
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * b.abs().max(1.0)
    }

    #[test]
    fn moments_of_a_small_sample_by_hand() {
        // x = 1, 2, 3, 4, 10: mean 4, deviations −3 −2 −1 0 6, M₂ = 9+4+1+0+36 = 50,
        // M₃ = −27 −8 −1 + 0 + 216 = 180; var(ddof=1) = 12.5, var(ddof=0) = 10,
        // g₁ = (180/5) / 10^{3/2} = 36 / 31.6227766… = 1.1384199576606167.
        let m = Moments::of_slice(&[1.0, 2.0, 3.0, 4.0, 10.0]);
        assert_eq!(m.sample_mean(), Some(4.0));
        assert_eq!(m.variance(1), Some(12.5));
        assert_eq!(m.variance(0), Some(10.0));
        assert!(close(m.skewness().unwrap(), 1.1384199576606167, 1e-15));
        assert_eq!(Moments::of_slice(&[3.0]).variance(1), None);
        assert_eq!(Moments::of_slice(&[2.0, 2.0, 2.0]).skewness(), None);
        assert_eq!(Moments::default().sample_mean(), None);
    }

    #[test]
    fn merged_moments_equal_the_moments_of_the_whole() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let values: Vec<f64> = (0..10_001)
            .map(|_| 1e6 + rng.random::<f64>().powi(3))
            .collect();
        let whole = Moments::of_slice(&values);
        let mut pieces = Moments::default();
        for chunk in values.chunks(777) {
            pieces.add_slice(chunk);
        }
        assert_eq!(pieces.count, whole.count);
        assert!(close(pieces.mean, whole.mean, 1e-15));
        assert!(close(pieces.m2, whole.m2, 1e-10));
        assert!(close(pieces.m3, whole.m3, 1e-8));
    }

    #[test]
    fn histogram_counts_edges_tails_and_quantiles() {
        let mut h = Histogram::new(0.0, 4.0, 4);
        h.add_all(&[-1.0, 0.0, 0.5, 1.0, 3.99, 4.0, 7.0, f64::NAN]);
        assert_eq!(h.counts, vec![2, 1, 0, 1]);
        assert_eq!((h.below, h.above), (2, 2));
        assert_eq!(h.total(), 8);
        assert_eq!(h.cdf_at_edge(0), 0.25);
        assert_eq!(h.cdf_at_edge(4), 0.75);
        // 100 values spread evenly over [0, 10): quartiles at 2.5 and 7.5.
        let mut even = Histogram::new(0.0, 10.0, 10);
        even.add_all(&(0..100).map(|i| i as f64 / 10.0 + 0.05).collect::<Vec<_>>());
        assert!(close(even.quantile(0.25).unwrap(), 2.5, 1e-12));
        assert!(close(even.quantile(0.75).unwrap(), 7.5, 1e-12));
    }

    #[test]
    fn bin_rules() {
        assert_eq!(sturges_bins(1000), 11);
        assert_eq!(sturges_bins(1), 1);
        // n = 1000, IQR = 1.349 (standard normal): h = 2·1.349/10 = 0.2698, 8/h → 30 bins.
        assert_eq!(freedman_diaconis_bins(1.349, 1000, 8.0), 30);
        assert_eq!(freedman_diaconis_bins(0.0, 1000, 8.0), 11);
        assert_eq!(
            freedman_diaconis_bins(1.0, 1_000_000, 1e6),
            AUTO_BINS_RANGE.1
        );
    }

    #[test]
    fn empirical_cdf_steps() {
        let sorted = [1.0, 2.0, 2.0, 5.0];
        assert_eq!(empirical_cdf(&sorted, 0.0), 0.0);
        assert_eq!(empirical_cdf(&sorted, 2.0), 0.75);
        assert_eq!(empirical_cdf(&sorted, 9.0), 1.0);
    }

    #[test]
    fn cells_merge_to_five_expected() {
        let observed = [1.0, 2.0, 10.0, 3.0, 1.0];
        let expected = [2.0, 3.0, 9.0, 4.0, 0.5];
        // 2+3 = 5 → cell; 9 → cell; 4 + 0.5 < 5 joins the cell before.
        assert_eq!(
            merge_cells(&observed, &expected, 5.0),
            vec![(3.0, 5.0), (14.0, 13.5)]
        );
    }

    #[test]
    fn chi_square_p_value_matches_mpmath() {
        // Observed 18, 22, 29, 31 against 25 each: X² = (49+9+16+36)/25 = 4.4, 3 df.
        // Reference: mpmath 1.3, 1 - mp.gammainc(1.5, 0, 2.2, regularized=True)
        // = 0.221385387189488… (the chi-square survival function at 4.4 with 3 df).
        let test = chi_square_test(&[18.0, 22.0, 29.0, 31.0], &[25.0; 4]).unwrap();
        assert!(close(test.statistic, 4.4, 1e-15));
        assert_eq!(test.degrees_of_freedom, 3.0);
        assert!(
            close(test.p_value, 0.221385387189488, 1e-9),
            "{}",
            test.p_value
        );
        assert!(chi_square_test(&[3.0, 1.0], &[2.0, 2.0]).is_none());
    }

    #[test]
    fn kolmogorov_tail_matches_mpmath() {
        // References from mpmath 1.3 at 30 digits:
        // 2*nsum(lambda j: (-1)**(j-1)*exp(-2*j**2*x**2), [1, inf]).
        let cases = [
            (0.5, 0.9639452436648751),
            (1.0, 0.2699996716773545),
            (1.18, 0.1234538094297657),
            (1.36, 0.04948587675537788),
            (2.0, 0.0006709252557796953),
        ];
        for (lambda, want) in cases {
            let got = kolmogorov_upper_tail(lambda);
            assert!(close(got, want, 1e-12), "Q({lambda}) = {got}, want {want}");
        }
        assert_eq!(kolmogorov_upper_tail(0.0), 1.0);
        assert!(kolmogorov_upper_tail(0.2) > 0.999_999);
    }

    #[test]
    fn ks_p_value_is_close_to_the_exact_distribution() {
        // Exact P(D_n ≥ d) by the Marsaglia–Tsang–Wang (2003) matrix method,
        // P(D_n < d) = n!/nⁿ · (Hⁿ)_{kk} with k = ⌊nd⌋ + 1, evaluated with mpmath 1.3 at 40
        // digits (n = 10 and 100 also with exact fractions, same digits).
        let cases = [
            (10, 0.3, 0.2705355748),
            (100, 0.1, 0.25269275700639013),
            (1000, 0.04, 0.07933955497540123),
        ];
        for (n, d, exact) in cases {
            let approx = kolmogorov_smirnov_p_value(d, n);
            assert!(
                (approx - exact).abs() < 0.01,
                "n = {n}: {approx} vs {exact}"
            );
        }
    }

    #[test]
    fn ks_statistic_by_hand() {
        // Uniform(0, 1) CDF, sample 0.1, 0.5, 0.6: gaps at each point
        // max(F − i/n, (i+1)/n − F): 0.1 and 0.2333; 0.1667 and 0.1667; 0.2667 and 0.4 → 0.4.
        let test = kolmogorov_smirnov_test(&[0.1, 0.5, 0.6], |x| x.clamp(0.0, 1.0));
        assert!(close(test.statistic, 0.4, 1e-15));
    }

    #[test]
    fn resumable_ks_equals_the_one_call_ks_in_small_steps() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let uniform_cdf = |x: f64| x.clamp(0.0, 1.0);
        for length in [1, 2, 5, 1000, 54_321] {
            let uniform: Vec<f64> = (0..length).map(|_| rng.random::<f64>()).collect();
            let squared: Vec<f64> = uniform.iter().map(|u| u * u).collect();
            for sample in [&uniform, &squared] {
                let mut sorted = sample.to_vec();
                sorted.sort_unstable_by(f64::total_cmp);
                let reference = kolmogorov_smirnov_test(&sorted, uniform_cdf);
                let mut job = KolmogorovSmirnovJob::new(sample);
                let mut calls = 0;
                while !job.advance(uniform_cdf, 5_000, 777) {
                    calls += 1;
                    assert!(calls < 100_000);
                    assert!((0.0..=1.0).contains(&job.progress()));
                }
                let (statistic, x) = job.result().unwrap();
                assert_eq!(statistic, reference.statistic, "length {length}");
                // Unlimited budgets (the synchronous path) finish in one call, no overflow.
                let mut at_once = KolmogorovSmirnovJob::new(sample);
                assert!(at_once.advance(uniform_cdf, usize::MAX, usize::MAX));
                assert_eq!(at_once.result().map(|r| r.0), Some(statistic));
                // The gap is attained at the reported value.
                let below = sorted.partition_point(|&v| v < x) as f64;
                let at_or_below = sorted.partition_point(|&v| v <= x) as f64;
                let n = sorted.len() as f64;
                let gap = (x - below / n).max(at_or_below / n - x);
                assert!(gap >= statistic - 1e-12, "{gap} < {statistic}");
            }
        }
        assert!(KolmogorovSmirnovJob::new(&[]).is_done());
    }

    #[test]
    fn resumable_merge_sort_sorts_in_small_steps() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for length in [
            0,
            1,
            5,
            MergeSort::RUN,
            MergeSort::RUN + 1,
            3 * MergeSort::RUN + 17,
        ] {
            let values: Vec<f64> = (0..length).map(|_| rng.random::<f64>() - 0.5).collect();
            let mut expected = values.clone();
            expected.sort_unstable_by(f64::total_cmp);
            let mut sorter = MergeSort::new(values);
            let mut calls = 0;
            while !sorter.advance(5_000) {
                calls += 1;
                assert!(calls < 10_000);
                assert!((0.0..=1.0).contains(&sorter.progress()));
            }
            assert_eq!(
                sorter.sorted(),
                Some(expected.as_slice()),
                "length {length}"
            );
        }
    }
}
