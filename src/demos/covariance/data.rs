//! The covariance demo's data alternative: every point with its deviations from the means
//! (the scatter) or its standard scores and their product (the standardized plot), and both
//! pictures in words.

use super::{CovarianceDemo, point_text};
use crate::demos::PlotTable;
use crate::demos::data_alternative::prose_number;

impl CovarianceDemo {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.scatter_table()),
            1 => Some(self.standardized_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.scatter_description()),
            1 => Some(self.standardized_description()),
            _ => None,
        }
    }

    /// The label of point `index` in the tables: its number, and whether it is the most
    /// influential or the selected one (the rings on the plot).
    fn point_label(&self, index: usize) -> String {
        let mut label = (index + 1).to_string();
        if self.influence.is_some_and(|i| i.index == index) {
            label.push_str(" (most influential)");
        }
        if self.selected == Some(index) {
            label.push_str(" (selected)");
        }
        label
    }

    fn scatter_table(&self) -> PlotTable {
        let caption = match &self.summary {
            Some(s) => {
                let ellipse = s.ellipse();
                let semi = ellipse.semi_axes(1.0);
                format!(
                    "The {} points with their deviations from the means x̄ = {}, ȳ = {}; the 1σ ellipse has semi-axes {} and {} (√λ₁, √λ₂), the major one at {}°.",
                    self.cloud.len(),
                    prose_number(s.mean_x),
                    prose_number(s.mean_y),
                    prose_number(semi[0]),
                    prose_number(semi[1]),
                    prose_number(ellipse.angle_degrees())
                )
            }
            None => format!(
                "The {} points (at least 2 are needed for means).",
                self.cloud.len()
            ),
        };
        let mut table = PlotTable::new(
            caption,
            &["point", "x", "y", "x − x̄", "y − ȳ", "(x − x̄)(y − ȳ)"],
        );
        let (mean_x, mean_y) = self.summary.map_or((0.0, 0.0), |s| (s.mean_x, s.mean_y));
        for (index, p) in self.cloud.iter().enumerate() {
            let (dx, dy) = (p[0] - mean_x, p[1] - mean_y);
            table.push_labelled(self.point_label(index), &[p[0], p[1], dx, dy, dx * dy]);
        }
        table
    }

    /// The standard scores (zₓ, z_y) of the points, when x and y both vary.
    fn scores(&self) -> Option<Vec<[f64; 2]>> {
        let s = self.summary?;
        if s.is_constant(0) || s.is_constant(1) {
            return None;
        }
        let (sx, sy) = (s.var_x.sqrt(), s.var_y.sqrt());
        Some(
            self.cloud
                .iter()
                .map(|p| [(p[0] - s.mean_x) / sx, (p[1] - s.mean_y) / sy])
                .collect(),
        )
    }

    fn standardized_table(&self) -> PlotTable {
        let mut table = PlotTable::new(
            String::new(),
            &["point", "zₓ", "z_y", "zₓ·z_y (signed area)"],
        );
        let Some(scores) = self.scores() else {
            table.caption =
                "No standard units: fewer than 2 points, or x or y is constant.".to_owned();
            return table;
        };
        table.caption = format!(
            "The {} points in standard units; r is the sum of the last column divided by n − 1 = {}.",
            scores.len(),
            scores.len() - 1
        );
        for (index, z) in scores.iter().enumerate() {
            table.push_labelled(self.point_label(index), &[z[0], z[1], z[0] * z[1]]);
        }
        table
    }

    fn scatter_description(&self) -> String {
        let n = self.cloud.len();
        let Some(s) = self.summary else {
            return format!("{n} points: click the plot to add points (at least 2 are needed).");
        };
        let r = match s.pearson_r() {
            Some(r) => format!("correlation r = {}", prose_number(r)),
            None => "no correlation (x or y is constant)".to_owned(),
        };
        let influence = match (self.influence, s.pearson_r()) {
            (Some(influence), Some(r)) => match influence.r_without {
                Some(without) => format!(
                    " The most influential point, {}, changes r by {}.",
                    point_text(self.cloud.get(influence.index).copied().unwrap_or_default()),
                    prose_number(r - without)
                ),
                None => String::new(),
            },
            _ => String::new(),
        };
        format!(
            "{n} points with means ({}, {}), covariance {} and {r}; the covariance ellipse's major axis points at {}°.{influence}",
            prose_number(s.mean_x),
            prose_number(s.mean_y),
            prose_number(s.cov_xy),
            prose_number(s.ellipse().angle_degrees())
        )
    }

    fn standardized_description(&self) -> String {
        let Some(scores) = self.scores() else {
            return "No standard units: fewer than 2 points, or x or y is constant.".to_owned();
        };
        let positive = scores.iter().filter(|z| z[0] * z[1] >= 0.0).count();
        let r = self
            .summary
            .and_then(|s| s.pearson_r())
            .map_or("undefined".to_owned(), prose_number);
        format!(
            "The {} points in standard units: {positive} rectangles zₓ·z_y are positive (blue) and {} negative (vermillion); their sum over n − 1 is r = {r}.",
            scores.len(),
            scores.len() - positive
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::data_alternative::cell_number as number;
    use crate::demos::test_support::readout_number;
    use crate::demos::{Demo, ReadoutValue};

    #[test]
    fn the_products_sum_to_the_covariance_times_n_minus_1() {
        let demo = CovarianceDemo::default();
        let table = demo.plot_table(0).unwrap();
        assert_eq!(table.rows.len(), 5);
        let sum: f64 = table.rows.iter().map(|r| number(&r[5])).sum();
        // The article's points: cov(x, y) = 285.6, times n − 1 = 4.
        assert!((sum - 4.0 * 285.6).abs() < 1e-9, "{sum}");
        assert!(
            table.rows.iter().any(|r| r[0]
                == ReadoutValue::Text("3 (most influential)".to_owned())
                && number(&r[1]) == 30.0
                && number(&r[2]) == 60.0),
            "{table:?}"
        );
    }

    #[test]
    fn the_standard_score_products_average_to_r() {
        let demo = CovarianceDemo::default();
        let table = demo.plot_table(1).unwrap();
        let sum: f64 = table.rows.iter().map(|r| number(&r[3])).sum();
        assert!((sum / 4.0 - readout_number(&demo, "r")).abs() < 1e-12);
    }

    #[test]
    fn the_descriptions_state_r_and_follow_the_points() {
        let mut demo = CovarianceDemo::default();
        let r = prose_number(readout_number(&demo, "r"));
        assert!(demo.plot_description(0).unwrap().contains(&r));
        assert!(demo.plot_description(1).unwrap().contains(&r));
        demo.set_param("points", "1,2;2,1;3,3").unwrap();
        let text = demo.plot_description(0).unwrap();
        assert!(text.starts_with("3 points with means (2, 2)"), "{text}");
    }
}
