//! The Bayes demo's data alternative: the four groups of the 1,000 people, the prior,
//! likelihood and posterior densities on a coarse grid of θ, and the learning curve (thinned);
//! plus each picture in words.

use super::{BayesDemo, CREDIBLE_LEVEL, GRID, POPULATION};
use crate::demos::data_alternative::{grouped, prose_number, thinned};
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::bayes::BetaBelief;

/// θ steps of the beliefs table: every 0.02 (the plot evaluates every 1/400).
const BELIEF_ROWS: usize = 50;
/// At most about this many rows of the learning curve.
const LEARNING_ROWS: usize = 100;

impl BayesDemo {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.people_table()),
            1 => Some(self.beliefs_table()),
            2 => Some(self.learning_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.people_description()),
            1 => Some(self.beliefs_description()),
            2 => Some(self.learning_description()),
            _ => None,
        }
    }

    fn people_table(&self) -> PlotTable {
        let counts = self.test.natural_frequencies(POPULATION);
        let mut table = PlotTable::new(
            format!(
                "The {} people of the grid in its order (positives first), one square each.",
                grouped(POPULATION as usize)
            ),
            &[
                "group",
                "people",
                "share of everyone",
                "first square",
                "last square",
            ],
        );
        let mut first = 1u32;
        for (label, count) in [
            ("sick, test +", counts.true_positives),
            ("healthy, test +", counts.false_positives),
            ("sick, test −", counts.false_negatives),
            ("healthy, test −", counts.true_negatives),
        ] {
            let (from, to) = if count == 0 {
                (
                    ReadoutValue::Text("none".to_owned()),
                    ReadoutValue::Text("none".to_owned()),
                )
            } else {
                (
                    ReadoutValue::Integer(first as i64),
                    ReadoutValue::Integer((first + count - 1) as i64),
                )
            };
            table.rows.push(vec![
                ReadoutValue::Text(label.to_owned()),
                ReadoutValue::Integer(count as i64),
                ReadoutValue::Number(count as f64 / POPULATION as f64),
                from,
                to,
            ]);
            first += count;
        }
        table
    }

    /// The likelihood of the flips shown, scaled to area 1: a Beta(h + 1, t + 1) density.
    fn likelihood(&self) -> BetaBelief {
        let (heads, tails) = self.shown_counts();
        BetaBelief {
            alpha: heads as f64 + 1.0,
            beta: tails as f64 + 1.0,
        }
    }

    fn beliefs_table(&self) -> PlotTable {
        let (heads, tails) = self.shown_counts();
        let posterior = self.shown_posterior();
        let likelihood = self.likelihood();
        let mut table = PlotTable::new(
            format!(
                "The three densities at every 0.02 of θ after {} flips ({heads} heads, {tails} tails); the ends are taken half a grid step inside, where the plot evaluates them.",
                heads + tails
            ),
            &[
                "θ = P(heads)",
                "prior density",
                "likelihood (area 1)",
                "posterior density",
            ],
        );
        // As the plot: densities that are infinite at 0 or 1 are read just inside.
        let inside = 0.5 / GRID as f64;
        let density =
            |belief: &BetaBelief, x: f64| match belief.density(x.clamp(inside, 1.0 - inside)) {
                y if y.is_finite() => ReadoutValue::Number(y),
                _ => ReadoutValue::Text("infinite".to_owned()),
            };
        for i in 0..=BELIEF_ROWS {
            let theta = i as f64 / BELIEF_ROWS as f64;
            table.rows.push(vec![
                ReadoutValue::Number(theta),
                density(&self.prior, theta),
                density(&likelihood, theta),
                density(&posterior, theta),
            ]);
        }
        table
    }

    fn learning_table(&self) -> PlotTable {
        let rows = thinned(&self.history, LEARNING_ROWS);
        let mut table = PlotTable::new(
            format!(
                "The posterior mean and 95 % credible interval after {} of the {} flip counts the curve draws (the true p is {}).",
                rows.len(),
                self.history.len(),
                prose_number(self.p_true)
            ),
            &["flips", "posterior mean", "95 % from", "95 % to"],
        );
        for h in rows {
            table.rows.push(vec![
                ReadoutValue::Integer(h.flips as i64),
                ReadoutValue::Number(h.mean),
                ReadoutValue::Number(h.low),
                ReadoutValue::Number(h.high),
            ]);
        }
        table
    }

    fn people_description(&self) -> String {
        let counts = self.test.natural_frequencies(POPULATION);
        let positives = counts.true_positives + counts.false_positives;
        match counts.share_sick_among_positives() {
            Some(share) => format!(
                "Of {} people tested, {positives} test positive: {} of them are sick and {} healthy, so only {} % of the positives are sick (P(disease | +) = {}).",
                grouped(POPULATION as usize),
                counts.true_positives,
                counts.false_positives,
                prose_number((share * 1000.0).round() / 10.0),
                self.test
                    .disease_given_positive()
                    .map_or("undefined".to_owned(), prose_number)
            ),
            None => format!(
                "Of {} people tested, nobody tests positive: {} are sick and {} healthy.",
                grouped(POPULATION as usize),
                counts.false_negatives,
                counts.true_negatives
            ),
        }
    }

    fn beliefs_description(&self) -> String {
        let (heads, tails) = self.shown_counts();
        let posterior = self.shown_posterior();
        let interval = match posterior.credible_interval(CREDIBLE_LEVEL) {
            Some((low, high)) => format!(
                ", 95 % credible interval {} to {}",
                prose_number(low),
                prose_number(high)
            ),
            None => String::new(),
        };
        format!(
            "After {} flips ({heads} heads, {tails} tails) the Beta({}, {}) prior becomes the posterior Beta({}, {}): mean {}{interval}; the true p is {}.",
            heads + tails,
            prose_number(self.prior.alpha),
            prose_number(self.prior.beta),
            prose_number(posterior.alpha),
            prose_number(posterior.beta),
            prose_number(posterior.mean()),
            prose_number(self.p_true)
        )
    }

    fn learning_description(&self) -> String {
        let shown = self.playhead.shown;
        let posterior = self.shown_posterior();
        let width =
            posterior
                .credible_interval(CREDIBLE_LEVEL)
                .map_or(String::new(), |(low, high)| {
                    format!(
                        " and its 95 % interval is {} wide",
                        prose_number(high - low)
                    )
                });
        format!(
            "The posterior mean against the number of flips, from 0 to {}: after flip {shown} it is {}{width}, around the true p = {}.",
            self.flips,
            prose_number(posterior.mean()),
            prose_number(self.p_true)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::Demo;
    use crate::demos::test_support::readout_number;

    fn integer(value: &ReadoutValue) -> i64 {
        match value {
            ReadoutValue::Integer(n) => *n,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_people_table_counts_the_1000_people_and_the_default_9_and_89() {
        let demo = BayesDemo::default();
        let table = demo.plot_table(0).unwrap();
        let total: i64 = table.rows.iter().map(|r| integer(&r[1])).sum();
        assert_eq!(total, 1_000);
        // Prevalence 1 %, sensitivity 0.9, specificity 0.91: 9 true and 89 false positives.
        assert_eq!(integer(&table.rows[0][1]), 9);
        assert_eq!(integer(&table.rows[1][1]), 89);
        assert_eq!(integer(&table.rows[1][3]), 10);
        assert_eq!(integer(&table.rows[3][4]), 1_000);
    }

    #[test]
    fn the_beliefs_table_holds_the_beta_densities() {
        let demo = BayesDemo::default();
        let table = demo.plot_table(1).unwrap();
        assert_eq!(table.rows.len(), BELIEF_ROWS + 1);
        // The Beta(2, 2) prior at θ = 0.5 is 6·0.5·0.5 = 1.5.
        let ReadoutValue::Number(prior) = table.rows[25][1] else {
            panic!("{:?}", table.rows[25]);
        };
        assert!((prior - 1.5).abs() < 1e-12, "{prior}");
    }

    #[test]
    fn the_learning_table_ends_on_the_readouts() {
        let demo = BayesDemo::default();
        let table = demo.plot_table(2).unwrap();
        let last = table.rows.last().unwrap();
        assert_eq!(integer(&last[0]), 20);
        assert_eq!(
            last[1],
            ReadoutValue::Number(readout_number(&demo, "posterior-mean"))
        );
        assert_eq!(
            last[3],
            ReadoutValue::Number(readout_number(&demo, "credible-high"))
        );
    }

    #[test]
    fn the_descriptions_state_current_numbers() {
        let mut demo = BayesDemo::default();
        let text = demo.plot_description(0).unwrap();
        assert!(text.contains("98 test positive"), "{text}");
        assert!(text.contains("9.2 %"), "{text}");
        let mean = prose_number(readout_number(&demo, "posterior-mean"));
        assert!(demo.plot_description(1).unwrap().contains(&mean));
        demo.go_to_step(5);
        let text = demo.plot_description(2).unwrap();
        assert!(text.contains("after flip 5"), "{text}");
    }
}
