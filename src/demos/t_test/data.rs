//! The t-test demo's data alternative: both samples' values, the t density under H₀ on a
//! coarse grid with the rejection region and the p-value's tails marked, and the p-value
//! histogram's 20 bars; plus each picture in words.

use super::{P_BINS, TTestDemo};
use crate::demos::data_alternative::prose_number;
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::hypothesis::{GroupSummary, TestKind, critical_t, t_density};

/// Grid points of the t-density table (the plot draws 160 a piece).
const DENSITY_ROWS: usize = 40;

impl TTestDemo {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.samples_table()),
            1 => Some(self.t_table()),
            2 => Some(self.p_values_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.samples_description()),
            1 => Some(self.t_description()),
            2 => Some(self.p_values_description()),
            _ => None,
        }
    }

    fn test_name(&self) -> &'static str {
        match self.kind {
            TestKind::Student => "Student's",
            TestKind::Welch => "Welch's",
        }
    }

    fn samples_table(&self) -> PlotTable {
        let design = self.design();
        let (g1, g2) = self.summaries();
        let mut table = PlotTable::new(
            format!(
                "Every value of both groups: group 1 (mean {}, population mean {}) and group 2 (mean {}, population mean {}).",
                prose_number(g1.mean),
                prose_number(design.mean1),
                prose_number(g2.mean),
                prose_number(design.mean2)
            ),
            &["group", "observation", "value"],
        );
        for (group, values) in [(1, &self.sample1), (2, &self.sample2)] {
            for (index, value) in values.iter().enumerate() {
                table.rows.push(vec![
                    ReadoutValue::Integer(group),
                    ReadoutValue::Integer(index as i64 + 1),
                    ReadoutValue::Number(*value),
                ]);
            }
        }
        table
    }

    fn t_table(&self) -> PlotTable {
        let Some(test) = self.observed(self.kind) else {
            return PlotTable::new(
                "No test: a group has no spread (SE = 0).",
                &["t", "density under H₀"],
            );
        };
        let nu = test.degrees_of_freedom;
        let critical = critical_t(self.alpha(), nu).unwrap_or(f64::INFINITY);
        // The plot's window.
        let reach = (test.t.abs() + 1.0).max(critical + 1.5).clamp(4.0, 12.0);
        let mut table = PlotTable::new(
            format!(
                "The t density with ν = {} at {} evenly spaced t; the observed t = {}, the rejection region |t| > {} (area α = {}), the p-value {} is the area beyond |t|.",
                prose_number(nu),
                DENSITY_ROWS + 1,
                prose_number(test.t),
                prose_number(critical),
                self.alpha,
                prose_number(test.p_value)
            ),
            &[
                "t",
                "density under H₀",
                "in the rejection region",
                "beyond the observed |t|",
            ],
        );
        let yes_no = |b: bool| ReadoutValue::Text(if b { "yes" } else { "no" }.to_owned());
        for i in 0..=DENSITY_ROWS {
            let t = -reach + 2.0 * reach * i as f64 / DENSITY_ROWS as f64;
            table.rows.push(vec![
                ReadoutValue::Number(t),
                ReadoutValue::Number(t_density(t, nu)),
                yes_no(t.abs() > critical),
                yes_no(t.abs() >= test.t.abs()),
            ]);
        }
        table
    }

    /// The p-value histogram's counts, as drawn.
    fn p_value_counts(&self) -> [usize; P_BINS] {
        let mut counts = [0usize; P_BINS];
        for p in &self.repeated_p_values {
            let bin = ((p * P_BINS as f64).floor() as usize).min(P_BINS - 1);
            counts[bin] += 1;
        }
        counts
    }

    fn p_values_table(&self) -> PlotTable {
        let columns = ["p from", "p to", "experiments", "expected if H₀ is true"];
        if self.repeated_p_values.is_empty() {
            // The plot shows only a message; the table still gives the number it would test.
            let mut table = PlotTable::new(
                "No repeated experiments (turn on “Repeat the experiment”): the rejection rate they would estimate is listed instead.",
                &["quantity", "value"],
            );
            table.push_labelled("repeated experiments", &[0.0]);
            table.rows.push(vec![
                ReadoutValue::Text(format!("rejection rate in theory at α = {}", self.alpha)),
                self.design().power(self.kind, self.alpha()).map_or_else(
                    || ReadoutValue::Text("no formula (σ₁ ≠ σ₂)".to_owned()),
                    ReadoutValue::Number,
                ),
            ]);
            return table;
        }
        let experiments = self.repeated_p_values.len();
        let mut table = PlotTable::new(
            format!(
                "The p-values of {experiments} repeated experiments ({} test) in {P_BINS} bins; under H₀ each bin expects {}.",
                self.test_name(),
                prose_number(experiments as f64 / P_BINS as f64)
            ),
            &columns,
        );
        for (bin, count) in self.p_value_counts().iter().enumerate() {
            table.push_numbers(&[
                bin as f64 / P_BINS as f64,
                (bin + 1) as f64 / P_BINS as f64,
                *count as f64,
                experiments as f64 / P_BINS as f64,
            ]);
        }
        table
    }

    fn samples_description(&self) -> String {
        let design = self.design();
        let group = |values: &[f64], population: f64| {
            format!(
                "has {} values with mean {} (population mean {})",
                values.len(),
                prose_number(GroupSummary::of(values).mean),
                prose_number(population)
            )
        };
        format!(
            "Group 1 {}; group 2 {}.",
            group(&self.sample1, design.mean1),
            group(&self.sample2, design.mean2)
        )
    }

    fn t_description(&self) -> String {
        let Some(test) = self.observed(self.kind) else {
            return "No test: a group has no spread (SE = 0).".to_owned();
        };
        let nu = test.degrees_of_freedom;
        let alpha = self.alpha();
        let critical = critical_t(alpha, nu).unwrap_or(f64::INFINITY);
        let (where_, verdict) = if test.p_value < alpha {
            ("inside", "so H₀ is rejected")
        } else {
            ("outside", "so H₀ cannot be rejected")
        };
        format!(
            "{} t distribution with ν = {}: the observed t = {} lies {where_} the rejection region |t| > {}; p = {}, {verdict} at α = {}.",
            self.test_name(),
            prose_number((nu * 100.0).round() / 100.0),
            prose_number((test.t * 1000.0).round() / 1000.0),
            prose_number((critical * 1000.0).round() / 1000.0),
            prose_number(test.p_value),
            self.alpha
        )
    }

    fn p_values_description(&self) -> String {
        let Some(rate) = self.rejection_rate() else {
            return "No repeated experiments: turn on “Repeat the experiment” to see their p-values.".to_owned();
        };
        let theory = self
            .design()
            .power(self.kind, self.alpha())
            .map_or(String::new(), |p| {
                format!(" (theory {} %)", prose_number((p * 1000.0).round() / 10.0))
            });
        format!(
            "p-values of {} repeated experiments: {} % fall below α = {}{theory}; under H₀ they would spread evenly, {} a bin.",
            self.repeated_p_values.len(),
            prose_number((rate * 1000.0).round() / 10.0),
            self.alpha,
            prose_number(self.repeated_p_values.len() as f64 / P_BINS as f64)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::Demo;
    use crate::demos::data_alternative::cell_number as number;
    use crate::demos::test_support::{readout_number, readout_value};

    #[test]
    fn the_samples_table_averages_to_the_mean_readouts() {
        let demo = TTestDemo::default();
        let table = demo.plot_table(0).unwrap();
        assert_eq!(table.rows.len(), 20);
        let mean = |group: f64| {
            let values: Vec<f64> = table
                .rows
                .iter()
                .filter(|r| number(&r[0]) == group)
                .map(|r| number(&r[2]))
                .collect();
            values.iter().sum::<f64>() / values.len() as f64
        };
        assert!((mean(1.0) - readout_number(&demo, "mean-1")).abs() < 1e-12);
        assert!((mean(2.0) - readout_number(&demo, "mean-2")).abs() < 1e-12);
    }

    #[test]
    fn the_t_table_holds_the_t_density_and_the_regions() {
        let demo = TTestDemo::default();
        let table = demo.plot_table(1).unwrap();
        // Student's t with ν = 18 at t = 0: Γ(9.5)/(√(18π)·Γ(9)) = 0.3934425167231363 (python3's
        // math.gamma).
        let middle = &table.rows[DENSITY_ROWS / 2];
        assert!(number(&middle[0]).abs() < 1e-12);
        assert!((number(&middle[1]) - 0.393_442_516_723_136_3).abs() < 1e-10);
        assert_eq!(middle[2], ReadoutValue::Text("no".to_owned()));
        assert_eq!(table.rows[0][2], ReadoutValue::Text("yes".to_owned()));
    }

    #[test]
    fn the_p_value_bins_count_every_experiment_and_the_rate() {
        let demo = TTestDemo::default();
        let table = demo.plot_table(2).unwrap();
        assert_eq!(table.rows.len(), P_BINS);
        let total: f64 = table.rows.iter().map(|r| number(&r[2])).sum();
        assert_eq!(total, 1_000.0);
        // α = 0.05 is exactly the first bin.
        let rate = readout_number(&demo, "rejection-rate");
        assert_eq!(number(&table.rows[0][2]) / 1_000.0, rate);
    }

    #[test]
    fn the_descriptions_state_current_numbers() {
        let mut demo = TTestDemo::default();
        let p = prose_number(readout_number(&demo, "student-p"));
        let text = demo.plot_description(1).unwrap();
        assert!(
            text.contains(&p) && text.contains("cannot be rejected"),
            "{text}"
        );
        assert!(
            demo.plot_description(0)
                .unwrap()
                .starts_with("Group 1 has 10 values")
        );
        demo.set_param("repeat", "off").unwrap();
        assert!(demo.plot_description(2).unwrap().starts_with("No repeated"));
        // Without experiments the table gives the power they would estimate.
        let table = demo.plot_table(2).unwrap();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1][1], readout_value(&demo, "student-power"));
    }
}
