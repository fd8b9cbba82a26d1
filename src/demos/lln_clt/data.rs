//! The LLN/CLT demo's data alternative: the running means (thinned on the log axis they are
//! drawn on) with the σ/√n bands, the histogram of sample means against N(μ, σ²/n), and the
//! two CDFs with their gap; plus each picture in one sentence.

use super::LlnClt;
use crate::demos::data_alternative::{count_of, finite_or, grouped, prose_number};
use crate::demos::distributions::data::distribution_words;
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::limit_theorems::mean_band;
use crate::math::monte_carlo::log_spaced_counts;
use crate::math::special::{normal_cdf, normal_pdf};

/// About this many rows a running-mean table (the plot draws ~150 points a decade).
const RUNNING_ROWS: f64 = 100.0;
/// Points of the CDF table (the plot draws 300 + the staircase).
const CDF_ROWS: usize = 100;

impl LlnClt {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.running_table()),
            1 => Some(self.means_table()),
            2 => Some(self.cdf_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.running_description()),
            1 => Some(self.means_description()),
            2 => Some(self.cdf_description()),
            _ => None,
        }
    }

    /// The draw counts of the table: log-spaced like the plot's x axis, about
    /// [`RUNNING_ROWS`] of them, always ending at the last shown draw.
    fn running_rows(&self) -> Vec<usize> {
        let shown = self.shown();
        let decades = (shown.max(10) as f64).log10();
        let per_decade = (RUNNING_ROWS / decades).floor().max(1.0) as u32;
        let mut rows: Vec<usize> = log_spaced_counts(shown as u64, per_decade)
            .into_iter()
            .map(|n| n as usize)
            .collect();
        if shown > 0 && rows.last() != Some(&shown) {
            rows.push(shown);
        }
        rows
    }

    fn running_table(&self) -> PlotTable {
        let (mean, sd) = self.mean_and_sd();
        let band = mean.zip(sd);
        let mut columns = vec!["draws n".to_owned()];
        if band.is_some() {
            columns.push("μ − 2σ/√n".to_owned());
            columns.push("μ + 2σ/√n".to_owned());
        }
        columns.extend((1..=self.running.len()).map(|p| format!("path {p} running mean")));
        let rows = self.running_rows();
        let mut table = PlotTable {
            caption: format!(
                "The running means of {} paths of draws from the {}, at {} draw counts spaced evenly on the log axis (of {} shown){}.",
                self.running.len(),
                distribution_words(&self.distribution()),
                rows.len(),
                self.shown(),
                match band {
                    Some((mean, _)) => format!(
                        ", with the band μ ± 2σ/√n around μ = {}",
                        prose_number(mean)
                    ),
                    None => String::new(),
                }
            ),
            columns,
            rows: Vec::new(),
        };
        for n in rows {
            let mut row = vec![ReadoutValue::Integer(n as i64)];
            if let Some((mean, sd)) = band {
                let (low, high) = mean_band(mean, sd, n, 2.0);
                row.extend([ReadoutValue::Number(low), ReadoutValue::Number(high)]);
            }
            row.extend(
                self.running.iter().map(|path| {
                    finite_or(path.get(n - 1).copied().unwrap_or(f64::NAN), "undefined")
                }),
            );
            table.rows.push(row);
        }
        table
    }

    /// μ and σ/√n of the normal the central limit theorem promises, when σ is finite.
    fn clt_normal(&self) -> Option<(f64, f64)> {
        match self.mean_and_sd() {
            (Some(mean), Some(sd)) if sd > 0.0 => {
                Some((mean, sd / (self.sample_size as f64).sqrt()))
            }
            _ => None,
        }
    }

    fn means_table(&self) -> PlotTable {
        let total = self.means.sorted.len();
        let total_words = grouped(total);
        let normal = self.clt_normal();
        let mut columns = vec!["bin from x̄", "bin to x̄", "count", "density"];
        if normal.is_some() {
            columns.push("N(μ, σ²/n) density at the bin's centre");
        }
        let mut table = PlotTable::new(String::new(), &columns);
        let Some(histogram) = self.histogram() else {
            table.caption = "No sample means yet.".to_owned();
            return table;
        };
        table.caption = format!(
            "The {} bars of the histogram of {total_words} sample means of n = {} draws; {} outside the plot.",
            histogram.counts.len(),
            self.sample_size,
            count_of(histogram.outside as usize, "mean falls", "means fall")
        );
        for (bin, &count) in histogram.counts.iter().enumerate() {
            let left = histogram.start + histogram.width * bin as f64;
            let right = left + histogram.width;
            let mut row = vec![left, right, count as f64, histogram.density(bin, total)];
            if let Some((mean, se)) = normal {
                row.push(normal_pdf(0.5 * (left + right), mean, se));
            }
            table.push_numbers(&row);
        }
        table
    }

    fn cdf_table(&self) -> PlotTable {
        let sorted = &self.means.sorted;
        let total = sorted.len();
        let total_words = grouped(total);
        let normal = self.clt_normal();
        let mut columns = vec!["x̄", "empirical CDF"];
        if normal.is_some() {
            columns.extend(["normal CDF", "gap"]);
        }
        let mut table = PlotTable::new(String::new(), &columns);
        let Some(histogram) = self.histogram() else {
            table.caption = "No sample means yet.".to_owned();
            return table;
        };
        let (low, high) = Self::means_x_range(&histogram);
        table.caption = format!(
            "The empirical CDF of {total_words} sample means{} at {} evenly spaced points of the plot.",
            if normal.is_some() {
                " against the normal CDF N(μ, σ²/n)"
            } else {
                ""
            },
            CDF_ROWS + 1
        );
        for i in 0..=CDF_ROWS {
            let x = low + (high - low) * i as f64 / CDF_ROWS as f64;
            let empirical = sorted.partition_point(|&m| m <= x) as f64 / total.max(1) as f64;
            match normal {
                Some((mean, se)) => {
                    let exact = normal_cdf(x, mean, se);
                    table.push_numbers(&[x, empirical, exact, (empirical - exact).abs()]);
                }
                None => table.push_numbers(&[x, empirical]),
            }
        }
        table
    }

    fn running_description(&self) -> String {
        let shown = self.shown();
        let shown_words = grouped(shown);
        let paths = self.running.len();
        let source = distribution_words(&self.distribution());
        if shown == 0 {
            return format!("{paths} running means of draws from the {source}, none drawn yet.");
        }
        let first = self.running.first().and_then(|p| p.get(shown - 1)).copied();
        let at = first.map_or(String::new(), |x| {
            format!(", path 1 is at {}", prose_number(x))
        });
        match self.mean_and_sd() {
            (Some(mean), Some(sd)) => {
                let (low, high) = mean_band(mean, sd, shown, 2.0);
                let within = self
                    .running
                    .iter()
                    .filter_map(|path| path.get(shown - 1))
                    .filter(|x| (low..=high).contains(*x))
                    .count();
                format!(
                    "{paths} running means of draws from the {source}: after {shown_words} draws{at}, and {within} of {paths} paths lie within 2σ/√n = {} of μ = {}.",
                    prose_number(high - mean),
                    prose_number(mean)
                )
            }
            (Some(mean), None) => format!(
                "{paths} running means of draws from the {source}: after {shown_words} draws{at}; μ = {}, but the variance is infinite, so there is no band.",
                prose_number(mean)
            ),
            _ => format!(
                "{paths} running means of draws from the {source}: after {shown_words} draws{at}; the mean does not exist, so they never settle."
            ),
        }
    }

    fn means_description(&self) -> String {
        let total = self.means.sorted.len();
        let total_words = grouped(total);
        let n = self.sample_size;
        let spread = match self.means.moments {
            Some((mean, sd, skewness)) => format!(
                ": their mean is {}, their standard deviation {} and their skewness {}",
                prose_number(mean),
                prose_number(sd),
                prose_number(skewness)
            ),
            None => String::new(),
        };
        let normal = match self.clt_normal() {
            Some((mean, se)) => format!(
                ", against the normal N(μ, σ²/n) with mean {} and standard deviation {}.",
                prose_number(mean),
                prose_number(se)
            ),
            None => ", and without a finite σ there is no normal to compare with.".to_owned(),
        };
        format!("Histogram of {total_words} sample means of n = {n} draws{spread}{normal}")
    }

    fn cdf_description(&self) -> String {
        let total = self.means.sorted.len();
        let total_words = grouped(total);
        match self.means.ks_gap {
            Some(gap) => format!(
                "Empirical CDF of {total_words} sample means against the normal CDF: they are furthest apart at x̄ = {}, by {} (the Kolmogorov–Smirnov distance).",
                prose_number(gap.at),
                prose_number(gap.distance)
            ),
            None => format!(
                "Empirical CDF of {total_words} sample means; without a finite σ there is no normal CDF to compare with."
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::Demo;
    use crate::demos::data_alternative::cell_number as number;
    use crate::demos::test_support::readout_value;

    #[test]
    fn the_running_table_ends_on_the_readout_and_the_band() {
        let demo = LlnClt::default();
        let table = demo.plot_table(0).unwrap();
        assert!(table.rows.len() <= 110, "{}", table.rows.len());
        let last = table.rows.last().unwrap();
        assert_eq!(number(&last[0]), 1_000.0);
        // Exponential(1): μ = σ = 1, so the band at n = 1000 is 1 ± 2/√1000.
        let half = 2.0 / 1_000f64.sqrt();
        assert!((number(&last[1]) - (1.0 - half)).abs() < 1e-12);
        assert!((number(&last[2]) - (1.0 + half)).abs() < 1e-12);
        assert_eq!(last[3], readout_value(&demo, "running-mean"));
        assert_eq!(table.columns.len(), 3 + 5);
    }

    #[test]
    fn the_histogram_counts_every_mean_and_the_normal_is_n_mu_sigma2_over_n() {
        let demo = LlnClt::default();
        let table = demo.plot_table(1).unwrap();
        let counted: f64 = table.rows.iter().map(|r| number(&r[2])).sum();
        let outside: f64 = demo.histogram().unwrap().outside as f64;
        assert_eq!(counted + outside, 10_000.0);
        // N(1, 1/5) at x: exp(−(x−1)²·5/2)·√5/√(2π).
        let row = &table.rows[table.rows.len() / 2];
        let x = 0.5 * (number(&row[0]) + number(&row[1]));
        let expected = (-(x - 1.0) * (x - 1.0) * 2.5).exp() * 5f64.sqrt()
            / (2.0 * std::f64::consts::PI).sqrt();
        assert!((number(&row[4]) - expected).abs() < 1e-12);
    }

    #[test]
    fn the_cdf_table_never_beats_the_ks_distance() {
        let demo = LlnClt::default();
        let table = demo.plot_table(2).unwrap();
        let ks = number(&readout_value(&demo, "ks-distance"));
        assert_eq!(table.rows.len(), CDF_ROWS + 1);
        assert!(table.rows.iter().all(|r| number(&r[3]) <= ks + 1e-12));
        // At the plot's right end Fₙ is the share of the 10,000 means at or below it.
        let histogram = demo.histogram().unwrap();
        let high = LlnClt::means_x_range(&histogram).1;
        let at_or_below = demo.means.sorted.iter().filter(|&&m| m <= high).count();
        assert_eq!(
            number(&table.rows[CDF_ROWS][1]),
            at_or_below as f64 / 10_000.0
        );
    }

    #[test]
    fn the_descriptions_state_current_numbers() {
        let mut demo = LlnClt::default();
        let ks = number(&readout_value(&demo, "ks-distance"));
        assert!(
            demo.plot_description(2)
                .unwrap()
                .contains(&prose_number(ks))
        );
        let text = demo.plot_description(0).unwrap();
        assert!(text.contains("after 1,000 draws"), "{text}");
        demo.set_param("draws", "500").unwrap();
        assert!(
            demo.plot_description(0)
                .unwrap()
                .contains("after 500 draws")
        );
        assert!(demo.plot_description(1).unwrap().contains("n = 5 draws"));
    }
}
