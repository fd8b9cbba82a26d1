//! The distribution sampler's data alternative: the histogram's bars next to the exact
//! probability of each bar (or the empirical CDF against the exact CDF, thinned), and the
//! current picture in one sentence for screen readers.

use super::{DistributionSampler, FINE_BINS};
use crate::demos::PlotTable;
use crate::demos::data_alternative::{count_of, grouped, prose_number};
use crate::math::distributions::Distribution;

/// Points of the CDF table for continuous families (the plot draws 400 + the steps).
const CDF_TABLE_POINTS: usize = 100;

/// A distribution with its parameters in words: "Gaussian (normal) with μ = 0, σ = 1" (also
/// used by the law-of-large-numbers demo, which draws from the same families).
pub(crate) fn distribution_words(distribution: &Distribution) -> String {
    let f = prose_number;
    let parameters = match *distribution {
        Distribution::Normal { mean, std_dev } => format!("μ = {}, σ = {}", f(mean), f(std_dev)),
        Distribution::Poisson { rate } => format!("λ = {}", f(rate)),
        Distribution::Bernoulli { p } | Distribution::Geometric { p } => format!("p = {}", f(p)),
        Distribution::Binomial { trials, p } => format!("n = {trials}, p = {}", f(p)),
        Distribution::Uniform { low, high } => format!("a = {}, b = {}", f(low), f(high)),
        Distribution::Exponential { rate } => format!("rate {}", f(rate)),
        Distribution::Gamma { shape, rate } => format!("shape {}, rate {}", f(shape), f(rate)),
        Distribution::Beta { alpha, beta } => format!("α = {}, β = {}", f(alpha), f(beta)),
        Distribution::StudentT { dof } | Distribution::ChiSquared { dof } => {
            format!("ν = {}", f(dof))
        }
    };
    format!("{} with {parameters}", distribution.family().label())
}

impl DistributionSampler {
    /// The histogram's bars (or the CDF points) as a table.
    pub(super) fn data_table(&self) -> PlotTable {
        if self.sampling_pending() {
            let mut table = PlotTable::new(
                format!(
                    "Drawing {} samples; the bars follow when they are all counted.",
                    self.shown()
                ),
                &["samples counted"],
            );
            table.push_numbers(&[self.fine_counted.min(self.display_counted) as f64]);
            return table;
        }
        if self.show_cdf {
            self.cdf_table()
        } else {
            self.histogram_table()
        }
    }

    /// One row a bar: its edges, count and density (count / (n·width)) next to the exact
    /// probability of the bar and the exact density averaged over it (the pmf for discrete
    /// families, whose bars are one unit wide).
    fn histogram_table(&self) -> PlotTable {
        let distribution = self.distribution();
        let histogram = &self.display;
        let n = histogram.total();
        let n_words = grouped(n as usize);
        let width = histogram.bin_width();
        let discrete = self.family.is_discrete();
        let caption = format!(
            "The {} bars of the histogram of {n_words} samples from the {}; {} outside the plot.",
            histogram.counts.len(),
            distribution_words(&self.distribution()),
            count_of(
                (histogram.below + histogram.above) as usize,
                "sample falls",
                "samples fall"
            )
        );
        let mut table = if discrete {
            PlotTable::new(
                caption,
                &[
                    "value x",
                    "count",
                    "relative frequency",
                    "exact probability P(X = x)",
                ],
            )
        } else {
            PlotTable::new(
                caption,
                &[
                    "bin from x",
                    "bin to x",
                    "count",
                    "density (1/x unit)",
                    "exact density, bin average (1/x unit)",
                ],
            )
        };
        let scale = 1.0 / (n.max(1) as f64 * width);
        for (index, &count) in histogram.counts.iter().enumerate() {
            let start = histogram.bin_start(index);
            let density = count as f64 * scale;
            if discrete {
                let value = start + 0.5;
                table.push_numbers(&[value, count as f64, density, distribution.density(value)]);
            } else {
                let end = histogram.bin_start(index + 1);
                let exact = (distribution.cdf(end) - distribution.cdf(start)) / width;
                table.push_numbers(&[start, end, count as f64, density, exact]);
            }
        }
        table
    }

    /// The empirical CDF against the exact one at evenly spaced points (every integer for
    /// discrete families), with the gap between them.
    fn cdf_table(&self) -> PlotTable {
        let distribution = self.distribution();
        let (low, high) = self.plot_range();
        let n_words = grouped(self.shown());
        let discrete = self.family.is_discrete();
        let points: Vec<f64> = if discrete {
            let mut k = (low + 0.5).round();
            let mut points = Vec::new();
            while k <= high && points.len() < crate::demos::PLOT_TABLE_MAX_ROWS {
                points.push(k);
                k += 1.0;
            }
            points
        } else {
            // Points on the fine histogram's edges, where its Fₙ is exact.
            let stride = FINE_BINS / CDF_TABLE_POINTS;
            (0..=CDF_TABLE_POINTS)
                .map(|i| self.fine.bin_start(i * stride))
                .collect()
        };
        let empirical = |x: f64| -> f64 {
            if discrete {
                let histogram = &self.display;
                let bins_at_or_below = ((x - histogram.low - 0.5).floor() + 1.0)
                    .clamp(0.0, histogram.counts.len() as f64);
                histogram.cdf_at_edge(bins_at_or_below as usize)
            } else {
                let index = ((x - self.fine.low) / self.fine.bin_width()).round() as usize;
                self.fine.cdf_at_edge(index)
            }
        };
        let caption = if discrete {
            format!(
                "The empirical CDF of {n_words} samples against the exact CDF of the {}, at every value of the plot.",
                distribution_words(&self.distribution())
            )
        } else {
            format!(
                "The empirical CDF of {n_words} samples against the exact CDF of the {}, at {} evenly spaced points (the plot draws 400).",
                distribution_words(&self.distribution()),
                points.len()
            )
        };
        let mut table = PlotTable::new(
            caption,
            &[
                "x",
                "empirical CDF Fₙ(x)",
                "exact CDF F(x)",
                "gap |Fₙ(x) − F(x)|",
            ],
        );
        for x in points {
            let (fe, fx) = (empirical(x), distribution.cdf(x));
            table.push_numbers(&[x, fe, fx, (fe - fx).abs()]);
        }
        table
    }

    /// The picture in words: what is drawn, n, the sample mean against the exact one and the
    /// test's p-value.
    pub(super) fn data_description(&self) -> String {
        let n_words = grouped(self.shown());
        if self.sampling_pending() {
            return format!(
                "Drawing {n_words} samples from the {}…",
                distribution_words(&self.distribution())
            );
        }
        let what = if self.show_cdf {
            format!(
                "Empirical CDF of {n_words} samples from the {} over its exact CDF",
                distribution_words(&self.distribution())
            )
        } else {
            format!(
                "Histogram of {n_words} samples from the {} in {} bars, with the exact {} drawn over it",
                distribution_words(&self.distribution()),
                self.display.counts.len(),
                if self.family.is_discrete() {
                    "probabilities"
                } else {
                    "density"
                }
            )
        };
        let mean = self.moments().and_then(|m| m.sample_mean());
        let means = match (mean, self.distribution().mean()) {
            (Some(sample), Some(exact)) if exact.is_finite() => format!(
                ": sample mean {} against the exact {}",
                prose_number(sample),
                prose_number(exact)
            ),
            (Some(sample), _) => format!(
                ": sample mean {}, while the distribution has no mean",
                prose_number(sample)
            ),
            _ => String::new(),
        };
        let test = if self.family.is_discrete() {
            self.chi_square().map(|t| ("chi-square", t))
        } else {
            self.ks_result()
                .ok()
                .map(|(t, _)| ("Kolmogorov–Smirnov", t))
        };
        let test = match test {
            Some((name, test)) => format!(
                ". The {name} test gives p = {}{}.",
                prose_number(test.p_value),
                if test.p_value < super::ALPHA {
                    ", a poor fit at the 5 % level"
                } else {
                    ", consistent with the distribution"
                }
            ),
            None => ".".to_owned(),
        };
        format!("{what}{means}{test}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::data_alternative::cell_number as number;
    use crate::demos::test_support::{readout_number, readout_value};
    use crate::demos::{Demo, ReadoutValue};

    fn integer(demo: &DistributionSampler, name: &str) -> f64 {
        match readout_value(demo, name) {
            ReadoutValue::Integer(n) => n as f64,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn the_histogram_table_holds_every_sample_and_the_exact_normal_mass() {
        let demo = DistributionSampler::default();
        let table = demo.plot_table(0).unwrap();
        let outside = integer(&demo, "outside");
        let counted: f64 = table.rows.iter().map(|row| number(&row[2])).sum();
        assert_eq!(counted + outside, 1_000.0);
        assert_eq!(table.rows.len() as f64, integer(&demo, "bins"));
        // The exact bin average of N(0, 1) over [a, b] is (Φ(b) − Φ(a)) / (b − a); the bars
        // span the plot range, so the masses add up to Φ(high) − Φ(low) with
        // Φ(±3.09…) = 0.999/0.001 plus the margin: above 0.998.
        let mass: f64 = table
            .rows
            .iter()
            .map(|row| number(&row[4]) * (number(&row[1]) - number(&row[0])))
            .sum();
        assert!((0.998..=1.0).contains(&mass), "{mass}");
        // Densities integrate to the share of samples inside the plot.
        let area: f64 = table
            .rows
            .iter()
            .map(|row| number(&row[3]) * (number(&row[1]) - number(&row[0])))
            .sum();
        assert!((area - (1.0 - outside / 1_000.0)).abs() < 1e-12, "{area}");
    }

    #[test]
    fn the_poisson_table_lists_the_exact_pmf() {
        let mut demo = DistributionSampler::default();
        demo.set_param("family", "poisson").unwrap();
        let table = demo.plot_table(0).unwrap();
        // Poisson(4): P(X = 2) = e⁻⁴ 4² / 2! = 0.14652511110987343.
        let row = table.rows.iter().find(|r| number(&r[0]) == 2.0).unwrap();
        assert!((number(&row[3]) - 0.146_525_111_109_873_43).abs() < 1e-12);
    }

    #[test]
    fn the_cdf_table_gap_never_exceeds_the_ks_statistic() {
        let mut demo = DistributionSampler::default();
        demo.set_param("cdf", "on").unwrap();
        let table = demo.plot_table(0).unwrap();
        assert_eq!(table.rows.len(), CDF_TABLE_POINTS + 1);
        let d = readout_number(&demo, "statistic");
        for row in &table.rows {
            // Fₙ at the fine edges is exact, so no tabulated gap can beat the supremum D.
            assert!(number(&row[3]) <= d + 1e-12, "{row:?} > {d}");
        }
        // Φ at the first point (the plot's low end, Φ⁻¹(0.001) − margin) is below 0.001.
        assert!(number(&table.rows[0][2]) < 0.001);
        assert!((number(&table.rows[CDF_TABLE_POINTS][2]) - 1.0).abs() < 0.001);
    }

    #[test]
    fn the_description_states_n_and_the_sample_mean() {
        let mut demo = DistributionSampler::default();
        let mean = readout_number(&demo, "sample-mean");
        let text = demo.plot_description(0).unwrap();
        assert!(text.contains("1,000 samples"), "{text}");
        assert!(text.contains(&prose_number(mean)), "{text}");
        demo.set_param("n", "250").unwrap();
        assert!(demo.plot_description(0).unwrap().contains("250 samples"));
    }
}
