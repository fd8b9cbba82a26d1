//! The KL divergence demo's data alternative: the two densities and the integrand on a
//! coarse grid, the Monte Carlo estimates so far, each category's bars with its term of the
//! KL sums, and the stacked information bars; plus each picture in words.

use super::{KlDivergence, STEPS};
use crate::demos::data_alternative::{prose_number, thinned};
use crate::demos::{PlotTable, ReadoutValue};
use crate::math::information::{
    cross_entropy, entropy, gaussian_kl, gaussian_kl_integrand, kl_divergence,
};

/// Grid points of the densities table (the plot draws 400 intervals).
const DENSITY_ROWS: usize = 80;
/// At most about this many Monte Carlo rows.
const ESTIMATE_ROWS: usize = 100;

impl KlDivergence {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.densities_table()),
            1 => Some(self.monte_carlo_table()),
            2 => Some(self.discrete_table()),
            3 => Some(self.information_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.densities_description()),
            1 => Some(self.monte_carlo_description()),
            2 => Some(self.discrete_description()),
            3 => Some(self.information_description()),
            _ => None,
        }
    }

    fn kl_name(&self) -> &'static str {
        if self.reversed {
            "KL(Q‖P)"
        } else {
            "KL(P‖Q)"
        }
    }

    /// A value in the chosen unit, or "∞".
    fn cell(&self, nats: f64) -> ReadoutValue {
        self.information_text(nats)
    }

    fn densities_table(&self) -> PlotTable {
        let (from, to) = self.direction();
        // The plot's window: both Gaussians ± 4σ.
        let x0 = (self.p.mean - 4.0 * self.p.std_dev).min(self.q.mean - 4.0 * self.q.std_dev);
        let x1 = (self.p.mean + 4.0 * self.p.std_dev).max(self.q.mean + 4.0 * self.q.std_dev);
        let integrand = if self.reversed {
            "q·ln(q/p)"
        } else {
            "p·ln(p/q)"
        };
        let mut table = PlotTable::new(
            format!(
                "p, q and the integrand {integrand} (in {}) at {} evenly spaced x; the integrand's area is {} = {}.",
                self.unit_name(),
                DENSITY_ROWS + 1,
                self.kl_name(),
                prose_number(self.in_unit(self.exact_kl()))
            ),
            &[
                "x",
                "p(x)",
                "q(x)",
                &format!("{integrand} ({})", self.unit_name()),
            ],
        );
        for i in 0..=DENSITY_ROWS {
            let x = x0 + (x1 - x0) * i as f64 / DENSITY_ROWS as f64;
            table.push_numbers(&[
                x,
                self.p.density(x),
                self.q.density(x),
                self.in_unit(gaussian_kl_integrand(from, to, x)),
            ]);
        }
        table
    }

    fn monte_carlo_table(&self) -> PlotTable {
        let shown = self
            .playhead
            .shown
            .min(self.estimates.len().saturating_sub(1));
        // Distinct sample counts (the log schedule repeats the small ones), thinned.
        let mut estimates: Vec<_> = self.estimates[..=shown]
            .iter()
            .filter(|e| e.samples >= 1)
            .collect();
        estimates.dedup_by_key(|e| e.samples);
        let rows = thinned(&estimates, ESTIMATE_ROWS);
        let unit = self.unit_name();
        let mut table = PlotTable::new(
            format!(
                "The running Monte Carlo estimate of {} at {} sample counts (the animation has {STEPS} frames), against the exact {} {unit}.",
                self.kl_name(),
                rows.len(),
                prose_number(self.in_unit(self.exact_kl()))
            ),
            &[
                "samples n",
                &format!("estimate ({unit})"),
                &format!("standard error ({unit})"),
                &format!("exact ({unit})"),
            ],
        );
        let exact = self.in_unit(self.exact_kl());
        for e in rows {
            table.rows.push(vec![
                ReadoutValue::Integer(e.samples as i64),
                ReadoutValue::Number(self.in_unit(e.mean)),
                match e.standard_error {
                    Some(se) => ReadoutValue::Number(self.in_unit(se)),
                    None => ReadoutValue::Text("undefined (n < 2)".to_owned()),
                },
                ReadoutValue::Number(exact),
            ]);
        }
        table
    }

    fn discrete_table(&self) -> PlotTable {
        let (p, q) = self.probabilities();
        let unit = self.unit_name();
        let mut table = PlotTable::new(
            format!(
                "Each category's two bars and its term of the KL sums (in {unit}); each term column adds up to its KL."
            ),
            &[
                "category i",
                "pᵢ (left bar)",
                "qᵢ (right bar)",
                &format!("pᵢ·log(pᵢ/qᵢ) ({unit})"),
                &format!("qᵢ·log(qᵢ/pᵢ) ({unit})"),
            ],
        );
        // 0·log(0/x) = 0 (the limit); x·log(x/0) = ∞ for x > 0.
        let term = |a: f64, b: f64| {
            if a == 0.0 {
                0.0
            } else if b == 0.0 {
                f64::INFINITY
            } else {
                a * (a / b).ln()
            }
        };
        for (i, (&pi, &qi)) in p.iter().zip(&q).enumerate() {
            table.rows.push(vec![
                ReadoutValue::Integer(i as i64 + 1),
                ReadoutValue::Number(pi),
                ReadoutValue::Number(qi),
                self.cell(term(pi, qi)),
                self.cell(term(qi, pi)),
            ]);
        }
        table
    }

    fn information_table(&self) -> PlotTable {
        let (p, q) = self.probabilities();
        let (h_p, h_q) = (entropy(&p), entropy(&q));
        let unit = self.unit_name();
        let mut table = PlotTable::new(
            format!(
                "The four bars in {unit}: each cross-entropy is the entropy with the KL divergence stacked on it."
            ),
            &[
                "bar",
                &format!("entropy part ({unit})"),
                &format!("KL part ({unit})"),
                &format!("height ({unit})"),
            ],
        );
        let bars = [
            ("H(P)", h_p, 0.0, h_p),
            ("H(P,Q)", h_p, kl_divergence(&p, &q), cross_entropy(&p, &q)),
            ("H(Q)", h_q, 0.0, h_q),
            ("H(Q,P)", h_q, kl_divergence(&q, &p), cross_entropy(&q, &p)),
        ];
        for (label, base, kl, total) in bars {
            table.rows.push(vec![
                ReadoutValue::Text(label.to_owned()),
                self.cell(base),
                self.cell(kl),
                self.cell(total),
            ]);
        }
        table
    }

    /// A value in the unit for prose: "0.443 nats", "∞".
    fn words(&self, nats: f64) -> String {
        if nats.is_finite() {
            format!("{} {}", prose_number(self.in_unit(nats)), self.unit_name())
        } else {
            "∞".to_owned()
        }
    }

    fn densities_description(&self) -> String {
        let gaussian = |g: &crate::math::information::Gaussian| {
            format!("N({}, {}²)", prose_number(g.mean), prose_number(g.std_dev))
        };
        let (other_name, other) = if self.reversed {
            ("KL(P‖Q)", gaussian_kl(self.p, self.q))
        } else {
            ("KL(Q‖P)", gaussian_kl(self.q, self.p))
        };
        format!(
            "P = {} and Q = {}; the shaded integrand has area {} = {} (the other direction, {other_name}, is {}).",
            gaussian(&self.p),
            gaussian(&self.q),
            self.kl_name(),
            self.words(self.exact_kl()),
            self.words(other)
        )
    }

    fn monte_carlo_description(&self) -> String {
        let source = if self.reversed { "Q" } else { "P" };
        match self.current_estimate() {
            Some(e) if e.samples >= 1 => format!(
                "After {} samples from {source} the Monte Carlo estimate of {} is {}{}, against the exact {}.",
                e.samples,
                self.kl_name(),
                prose_number(self.in_unit(e.mean)),
                e.standard_error.map_or(String::new(), |se| format!(
                    " with standard error {}",
                    prose_number(self.in_unit(se))
                )),
                self.words(self.exact_kl())
            ),
            _ => format!(
                "No samples yet: press play to estimate {} = {} from samples of {source}.",
                self.kl_name(),
                self.words(self.exact_kl())
            ),
        }
    }

    fn discrete_description(&self) -> String {
        let (p, q) = self.probabilities();
        let list = |v: &[f64]| {
            v.iter()
                .map(|x| prose_number((x * 1000.0).round() / 1000.0))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (side, values) = if self.selected_bar.is_multiple_of(2) {
            ("P", &p)
        } else {
            ("Q", &q)
        };
        let index = self.selected_bar / 2;
        let selected = values.get(index).map_or(String::new(), |v| {
            format!(
                " The selected bar is {side}'s category {} at {}.",
                index + 1,
                prose_number((v * 1000.0).round() / 1000.0)
            )
        });
        format!(
            "P = ({}) and Q = ({}) over {} categories: KL(P‖Q) = {} and KL(Q‖P) = {}.{selected}",
            list(&p),
            list(&q),
            p.len(),
            self.words(kl_divergence(&p, &q)),
            self.words(kl_divergence(&q, &p))
        )
    }

    fn information_description(&self) -> String {
        let (p, q) = self.probabilities();
        format!(
            "H(P) = {}, and H(P, Q) = {} is H(P) plus KL(P‖Q) = {}; H(Q) = {}, and H(Q, P) = {} is H(Q) plus KL(Q‖P) = {}.",
            self.words(entropy(&p)),
            self.words(cross_entropy(&p, &q)),
            self.words(kl_divergence(&p, &q)),
            self.words(entropy(&q)),
            self.words(cross_entropy(&q, &p)),
            self.words(kl_divergence(&q, &p))
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
    fn the_category_terms_sum_to_the_kl_readouts() {
        let demo = KlDivergence::default();
        let table = demo.plot_table(2).unwrap();
        assert_eq!(table.rows.len(), 4);
        let pq: f64 = table.rows.iter().map(|r| number(&r[3])).sum();
        let qp: f64 = table.rows.iter().map(|r| number(&r[4])).sum();
        assert!((pq - readout_number(&demo, "kl-discrete-pq")).abs() < 1e-12);
        assert!((qp - readout_number(&demo, "kl-discrete-qp")).abs() < 1e-12);
    }

    #[test]
    fn the_textbook_bits_stack_to_two() {
        let mut demo = KlDivergence::default();
        demo.set_param("unit", "bits").unwrap();
        let table = demo.plot_table(3).unwrap();
        // P = (1/2, 1/4, 1/8, 1/8) against the uniform Q: H(P) = 1.75, KL = 0.25, H(P,Q) = 2.
        assert!((number(&table.rows[1][1]) - 1.75).abs() < 1e-12);
        assert!((number(&table.rows[1][2]) - 0.25).abs() < 1e-12);
        assert!((number(&table.rows[1][3]) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn a_zero_q_makes_its_term_infinite_as_text() {
        let mut demo = KlDivergence::default();
        demo.set_param("q", "0,1,1,1").unwrap();
        let table = demo.plot_table(2).unwrap();
        assert_eq!(table.rows[0][3], ReadoutValue::Text("∞".to_owned()));
        assert_eq!(table.rows[0][4], ReadoutValue::Number(0.0));
        assert!(demo.plot_description(2).unwrap().contains("KL(P‖Q) = ∞"));
    }

    #[test]
    fn the_densities_and_the_monte_carlo_table_hold_closed_forms_and_readouts() {
        let demo = KlDivergence::default();
        let densities = demo.plot_table(0).unwrap();
        // The window is −7..9 (Q = N(1, 2²) ± 4σ): x = −7 + 16·35/80 = 0, where
        // p(0) = 1/√(2π).
        let row = &densities.rows[35];
        assert!(number(&row[0]).abs() < 1e-12);
        assert!((number(&row[1]) - 1.0 / (2.0 * std::f64::consts::PI).sqrt()).abs() < 1e-12);
        let estimates = demo.plot_table(1).unwrap();
        assert!(estimates.rows.len() <= ESTIMATE_ROWS + 1);
        let last = estimates.rows.last().unwrap();
        assert_eq!(number(&last[0]), 2_000.0);
        assert_eq!(last[1], readout_value(&demo, "mc-estimate"));
        // KL(N(0,1) ‖ N(1,2²)) = ln 2 + 2/8 − 1/2.
        assert!((number(&last[3]) - (2f64.ln() - 0.25)).abs() < 1e-12);
    }

    #[test]
    fn the_descriptions_state_current_numbers() {
        let mut demo = KlDivergence::default();
        let text = demo.plot_description(0).unwrap();
        assert!(text.contains("KL(P‖Q) = 0.4431 nats"), "{text}");
        let estimate = prose_number(readout_number(&demo, "mc-estimate"));
        assert!(demo.plot_description(1).unwrap().contains(&estimate));
        demo.go_to_step(0);
        assert!(
            demo.plot_description(1)
                .unwrap()
                .starts_with("No samples yet")
        );
    }
}
