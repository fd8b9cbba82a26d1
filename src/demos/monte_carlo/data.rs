//! The Monte Carlo demo's data alternative: the drawn points counted in vertical strips
//! (under and above the curve), and the estimate and its error against N (thinned on the log
//! axis) with the σ/√N funnel; plus each picture in words.

use super::MonteCarlo;
use crate::demos::data_alternative::{grouped, prose_number, thinned};
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::monte_carlo::DRAWN_POINT_LIMIT;

/// Vertical strips of the points table.
const STRIPS: usize = 10;
/// At most about this many rows of the convergence tables.
const PATH_ROWS: usize = 100;

impl MonteCarlo {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.points_table()),
            1 => Some(self.estimate_table()),
            2 => Some(self.error_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.points_description()),
            1 => Some(self.estimate_description()),
            2 => Some(self.error_description()),
            _ => None,
        }
    }

    /// The points the picture draws: the first [`DRAWN_POINT_LIMIT`] of those used.
    fn drawn(&self) -> &[(f64, f64, bool)] {
        let shown = (self.used() as usize)
            .min(DRAWN_POINT_LIMIT)
            .min(self.run.drawn_points.len());
        &self.run.drawn_points[..shown]
    }

    fn points_table(&self) -> PlotTable {
        let (x_low, x_high, y_high) = self.target.sampling_box();
        let drawn = self.drawn();
        let mut table = PlotTable::new(
            format!(
                "The {} points drawn (of {} used) in the box {}..{} × 0..{}, counted in {STRIPS} vertical strips; the curve's height is taken at each strip's centre.",
                drawn.len(),
                self.used(),
                prose_number(x_low),
                prose_number(x_high),
                prose_number(y_high)
            ),
            &[
                "x from",
                "x to",
                "curve y at the centre",
                "points under the curve",
                "points above",
            ],
        );
        let mut under = [0u64; STRIPS];
        let mut above = [0u64; STRIPS];
        let width = (x_high - x_low) / STRIPS as f64;
        for &(x, _, inside) in drawn {
            let strip = (((x - x_low) / width).floor().max(0.0) as usize).min(STRIPS - 1);
            if inside {
                under[strip] += 1;
            } else {
                above[strip] += 1;
            }
        }
        for strip in 0..STRIPS {
            let from = x_low + width * strip as f64;
            table.push_numbers(&[
                from,
                from + width,
                self.target.curve(from + width / 2.0),
                under[strip] as f64,
                above[strip] as f64,
            ]);
        }
        table
    }

    /// The estimate path thinned to about [`PATH_ROWS`] points, always ending at N.
    fn thinned_path(&self) -> Vec<(f64, f64)> {
        thinned(&self.estimate_path(), PATH_ROWS)
    }

    fn estimate_table(&self) -> PlotTable {
        let exact = self.target.exact_value();
        let sigma = self.target.single_point_std_dev();
        let rows = self.thinned_path();
        let mut table = PlotTable::new(
            format!(
                "The running estimate of {} at {} point counts spaced evenly on the log axis, with the funnel exact ± 2σ/√N around the exact {} (σ = {}).",
                self.target.label(),
                rows.len(),
                prose_number(exact),
                prose_number(sigma)
            ),
            &["points N", "estimate", "exact − 2σ/√N", "exact + 2σ/√N"],
        );
        for (n, estimate) in rows {
            let band = 2.0 * sigma / n.sqrt();
            table.rows.push(vec![
                ReadoutValue::Integer(n as i64),
                ReadoutValue::Number(estimate),
                ReadoutValue::Number(exact - band),
                ReadoutValue::Number(exact + band),
            ]);
        }
        table
    }

    fn error_table(&self) -> PlotTable {
        let exact = self.target.exact_value();
        let sigma = self.target.single_point_std_dev();
        let rows = self.thinned_path();
        let mut table = PlotTable::new(
            format!(
                "The absolute error at {} point counts spaced evenly on the log axis, next to the lines σ/√N and 2σ/√N.",
                rows.len()
            ),
            &["points N", "|estimate − exact|", "σ/√N", "2σ/√N"],
        );
        for (n, estimate) in rows {
            let se = sigma / n.sqrt();
            table.rows.push(vec![
                ReadoutValue::Integer(n as i64),
                ReadoutValue::Number((estimate - exact).abs()),
                ReadoutValue::Number(se),
                ReadoutValue::Number(2.0 * se),
            ]);
        }
        table
    }

    fn points_description(&self) -> String {
        let used = self.used();
        let used_words = grouped(used as usize);
        let drawn = self.drawn();
        let under = drawn.iter().filter(|p| p.2).count();
        let shown = if drawn.len() < used as usize {
            format!(" (the first {} are drawn)", drawn.len())
        } else {
            String::new()
        };
        format!(
            "{used_words} random points for {}{shown}: {} of them land under the curve, and {under} of the {} drawn.",
            self.target.label(),
            self.run.hits_in_first(used),
            drawn.len()
        )
    }

    fn estimate_description(&self) -> String {
        let used = self.used();
        let used_words = grouped(used as usize);
        let exact = self.target.exact_value();
        match self.run.estimate(used) {
            Some(estimate) => format!(
                "After {used_words} points the estimate of {} is {} against the exact {}, {} standard errors σ/√N = {} away.",
                self.target.label(),
                prose_number(estimate),
                prose_number(exact),
                prose_number(((estimate - exact) / self.target.standard_error(used)).abs()),
                prose_number(self.target.standard_error(used))
            ),
            None => format!(
                "No points yet: press play to estimate {} = {}.",
                self.target.label(),
                prose_number(exact)
            ),
        }
    }

    fn error_description(&self) -> String {
        let used = self.used();
        let used_words = grouped(used as usize);
        let exact = self.target.exact_value();
        match self.run.estimate(used) {
            Some(estimate) => {
                let error = (estimate - exact).abs();
                let se = self.target.standard_error(used);
                let side = if error <= 2.0 * se { "below" } else { "above" };
                format!(
                    "After {used_words} points the error is {}, {side} the line 2σ/√N = {}; both fall like 1/√N (slope −1/2 on the log-log axes).",
                    prose_number(error),
                    prose_number(2.0 * se)
                )
            }
            None => "No points yet: press play to watch the error fall like 1/√N.".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::Demo;
    use crate::demos::data_alternative::cell_number as number;
    use crate::demos::test_support::{readout_number, readout_value};

    #[test]
    fn the_strips_count_the_5000_drawn_points_and_the_quarter_circle() {
        let demo = MonteCarlo::default();
        let table = demo.plot_table(0).unwrap();
        assert_eq!(table.rows.len(), STRIPS);
        let total: f64 = table
            .rows
            .iter()
            .map(|r| number(&r[3]) + number(&r[4]))
            .sum();
        assert_eq!(total, DRAWN_POINT_LIMIT as f64);
        // The quarter circle y = √(1 − x²) at the first strip's centre x = 0.05.
        assert!((number(&table.rows[0][2]) - (1.0 - 0.05f64 * 0.05).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn the_convergence_tables_end_on_the_readouts() {
        let demo = MonteCarlo::default();
        let estimates = demo.plot_table(1).unwrap();
        let errors = demo.plot_table(2).unwrap();
        assert!(estimates.rows.len() <= PATH_ROWS + 1);
        let last = estimates.rows.last().unwrap();
        assert_eq!(number(&last[0]), 10_000.0);
        assert_eq!(last[1], readout_value(&demo, "estimate"));
        let last = errors.rows.last().unwrap();
        assert!((number(&last[1]) - readout_number(&demo, "error")).abs() < 1e-15);
        assert_eq!(
            number(&last[2]),
            readout_number(&demo, "true-standard-error")
        );
    }

    #[test]
    fn the_descriptions_state_current_numbers() {
        let mut demo = MonteCarlo::default();
        let estimate = prose_number(readout_number(&demo, "estimate"));
        assert!(demo.plot_description(1).unwrap().contains(&estimate));
        assert!(
            demo.plot_description(0)
                .unwrap()
                .starts_with("10,000 random points")
        );
        demo.go_to_step(100);
        assert!(
            demo.plot_description(2)
                .unwrap()
                .starts_with("After 100 points")
        );
        demo.go_to_step(0);
        assert!(
            demo.plot_description(1)
                .unwrap()
                .starts_with("No points yet")
        );
    }
}
