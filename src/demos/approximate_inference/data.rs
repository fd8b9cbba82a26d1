//! The approximate-inference demo's data alternative: each method's mean and covariance with
//! the density on a coarse grid, the data points, the trace (thinned), the autocorrelation and
//! the ELBO curves (thinned); plus each picture in words.

use super::{ACF_LAGS, ApproximateInference};
use crate::demos::data_alternative::{finite_or, grouped, prose_number, thinned};
use crate::demos::{PlotTable, ReadoutValue};

/// Density samples per side of the posterior table.
const GRID_SIDE: usize = 11;
/// At most about this many rows of the trace and the ELBO curves.
const CURVE_ROWS: usize = 200;

impl ApproximateInference {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.posterior_table()),
            1 => Some(self.points_table()),
            2 => Some(self.trace_table()),
            3 => Some(self.acf_table()),
            4 => Some(self.elbo_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.posterior_description()),
            1 => Some(self.points_description()),
            2 => Some(self.trace_description()),
            3 => Some(self.acf_description()),
            4 => Some(self.elbo_description()),
            _ => None,
        }
    }

    fn posterior_table(&self) -> PlotTable {
        let mut table = PlotTable::new(
            format!(
                "Each method's mean and covariance (the ellipses are its 1σ and 2σ contours), then the normalised posterior density of the {} on an {GRID_SIDE} × {GRID_SIDE} grid across the plot.",
                self.target_label()
            ),
            &[
                "row",
                "w₁",
                "w₂",
                "Var w₁",
                "Cov(w₁, w₂)",
                "Var w₂",
                "density p(w)",
            ],
        );
        let dash = || ReadoutValue::Text("—".to_owned());
        let mut method = |name: &str, mean: [f64; 2], cov: [[f64; 2]; 2]| {
            let mut row = vec![ReadoutValue::Text(name.to_owned())];
            row.extend(
                [mean[0], mean[1], cov[0][0], cov[0][1], cov[1][1]]
                    .into_iter()
                    .map(|v| finite_or(v, "undefined")),
            );
            row.push(dash());
            table.rows.push(row);
        };
        method("grid (truth)", self.grid.mean, self.grid.cov);
        if let (Some(mean), Some(cov)) = (self.chain_summary.mean, self.chain_summary.cov) {
            method("Metropolis–Hastings", mean, cov);
        }
        for (name, _, gaussian) in self.drawn_approximations() {
            method(name, gaussian.mean, gaussian.cov);
        }
        let (x, y) = (self.display.x, self.display.y);
        let at = |range: (f64, f64), i: usize| {
            range.0 + (range.1 - range.0) * i as f64 / (GRID_SIDE - 1) as f64
        };
        for j in (0..GRID_SIDE).rev() {
            for i in 0..GRID_SIDE {
                let w = [at(x, i), at(y, j)];
                let density = (self.target.log_density(w) - self.grid.log_evidence).exp();
                let mut row = vec![ReadoutValue::Text("density".to_owned())];
                row.push(ReadoutValue::Number(w[0]));
                row.push(ReadoutValue::Number(w[1]));
                row.extend([dash(), dash(), dash()]);
                row.push(finite_or(density, "undefined"));
                table.rows.push(row);
            }
        }
        table
    }

    fn posterior_description(&self) -> String {
        let g = &self.grid;
        let chain = match self.chain_summary.mean {
            Some(m) => format!(
                "{} Metropolis–Hastings samples after the burn-in average ({}, {})",
                grouped(self.chain_summary.used),
                prose_number(m[0]),
                prose_number(m[1])
            ),
            None => "the chain has no samples after the burn-in yet".to_owned(),
        };
        let fits: Vec<String> = self
            .drawn_approximations()
            .into_iter()
            .map(|(name, _, q)| {
                format!(
                    "{name} at ({}, {})",
                    prose_number(q.mean[0]),
                    prose_number(q.mean[1])
                )
            })
            .collect();
        format!(
            "The {} posterior has mean ({}, {}) and standard deviations {} and {}, ln Z = {}; {chain}; the Gaussian approximations are centred at {}.",
            self.target_label(),
            prose_number(g.mean[0]),
            prose_number(g.mean[1]),
            prose_number(g.cov[0][0].sqrt()),
            prose_number(g.cov[1][1].sqrt()),
            prose_number(g.log_evidence),
            fits.join(", ")
        )
    }

    fn points_table(&self) -> PlotTable {
        let mut table = PlotTable::new(
            "The labelled points, then the query point x* with its predictive probability p(y = 1 | x*) under the grid posterior.",
            &["row", "x₁", "x₂", "class or p(y = 1 | x*)"],
        );
        if !self.is_logistic() {
            table.caption = format!(
                "The {} has no data (choose logistic regression to see points); its summary P(w₁ > 0) under the grid posterior.",
                self.target_label()
            );
            let dash = || ReadoutValue::Text("—".to_owned());
            table.rows.push(vec![
                ReadoutValue::Text("P(w₁ > 0)".to_owned()),
                dash(),
                dash(),
                finite_or(self.grid_summary(), "undefined"),
            ]);
            return table;
        }
        for (index, point) in self.points.iter().enumerate() {
            table.rows.push(vec![
                ReadoutValue::Text(format!("point {}", index + 1)),
                ReadoutValue::Number(point.x[0]),
                ReadoutValue::Number(point.x[1]),
                ReadoutValue::Integer(i64::from(point.label)),
            ]);
        }
        table.rows.push(vec![
            ReadoutValue::Text("query x*".to_owned()),
            ReadoutValue::Number(self.query[0]),
            ReadoutValue::Number(self.query[1]),
            finite_or(self.grid_summary(), "undefined"),
        ]);
        table
    }

    fn points_description(&self) -> String {
        if !self.is_logistic() {
            return format!("The {} has no data points.", self.target_label());
        }
        let ones = self.points.iter().filter(|p| p.label).count();
        format!(
            "{} points, {ones} of class 1 and {} of class 0; the posterior mean's decision line runs through the origin perpendicular to ({}, {}); at x* = ({}, {}) the predictive probability of class 1 is {}.",
            self.points.len(),
            self.points.len() - ones,
            prose_number(self.grid.mean[0]),
            prose_number(self.grid.mean[1]),
            prose_number(self.query[0]),
            prose_number(self.query[1]),
            prose_number(self.grid_summary())
        )
    }

    fn trace_table(&self) -> PlotTable {
        let shown = self.chain_summary.shown;
        let indices: Vec<usize> = (0..shown).collect();
        let rows = thinned(&indices, CURVE_ROWS);
        let mut table = PlotTable::new(
            format!(
                "The chain's state after each proposal (about {CURVE_ROWS} evenly spaced of the {} shown; the first {} are the burn-in).",
                grouped(shown),
                grouped(self.burn_in)
            ),
            &["sample", "w₁", "w₂", "accepted"],
        );
        for k in rows {
            let w = self.chain.samples[k];
            table.rows.push(vec![
                ReadoutValue::Integer(k as i64 + 1),
                ReadoutValue::Number(w[0]),
                ReadoutValue::Number(w[1]),
                ReadoutValue::Text(if self.chain.accepted[k] { "yes" } else { "no" }.to_owned()),
            ]);
        }
        table
    }

    fn trace_description(&self) -> String {
        let s = &self.chain_summary;
        match (s.acceptance, s.mean) {
            (Some(rate), Some(mean)) => format!(
                "{} samples with proposal width {}: {} % accepted; after the burn-in of {} the running means end at {} and {}.",
                grouped(s.shown),
                prose_number(self.proposal),
                prose_number(rate * 100.0),
                grouped(self.burn_in),
                prose_number(mean[0]),
                prose_number(mean[1])
            ),
            _ => format!(
                "{} samples shown, all within the burn-in of {}.",
                grouped(s.shown),
                grouped(self.burn_in)
            ),
        }
    }

    fn acf_table(&self) -> PlotTable {
        let mut table = PlotTable::new(
            format!("The autocorrelation ρₖ of w₁ and w₂ after the burn-in, lags 0 to {ACF_LAGS}."),
            &["lag k", "ρₖ of w₁", "ρₖ of w₂"],
        );
        let acf = &self.chain_summary.acf;
        for (k, (a, b)) in acf[0].iter().zip(&acf[1]).enumerate() {
            table.push_numbers(&[k as f64, *a, *b]);
        }
        table
    }

    fn acf_description(&self) -> String {
        let s = &self.chain_summary;
        match s.ess {
            [Some(a), Some(b)] => format!(
                "At lag 1 the autocorrelation is {} for w₁ and {} for w₂; the integrated times τ are {} and {}, so the {} samples are worth {} and {} independent ones.",
                prose_number(s.acf[0].get(1).copied().unwrap_or(f64::NAN)),
                prose_number(s.acf[1].get(1).copied().unwrap_or(f64::NAN)),
                prose_number(a.tau),
                prose_number(b.tau),
                grouped(s.used),
                prose_number(a.ess),
                prose_number(b.ess)
            ),
            _ => "Too few samples after the burn-in (or a chain that never moved) for an autocorrelation.".to_owned(),
        }
    }

    fn elbo_table(&self) -> PlotTable {
        let done = self.mean_field.elbo.len().min(self.full_cov.elbo.len());
        let indices: Vec<usize> = (0..done).collect();
        let mut table = PlotTable::new(
            format!(
                "The ELBO of both variational fits after each iteration (about {CURVE_ROWS} evenly spaced of {}), and ln Z from the grid.",
                grouped(done.saturating_sub(1))
            ),
            &["iteration", "mean field", "full covariance", "ln Z"],
        );
        for k in thinned(&indices, CURVE_ROWS) {
            table.push_numbers(&[
                k as f64,
                self.mean_field.elbo[k],
                self.full_cov.elbo[k],
                self.grid.log_evidence,
            ]);
        }
        table
    }

    fn elbo_description(&self) -> String {
        let last = |elbo: &[f64]| elbo.last().copied().unwrap_or(f64::NAN);
        let z = self.grid.log_evidence;
        let (mf, full) = (last(&self.mean_field.elbo), last(&self.full_cov.elbo));
        format!(
            "After {} of {} iterations the mean-field ELBO is {} and the full-covariance ELBO {}, below ln Z = {} by {} and {}: their KL(q‖p).",
            grouped(self.mean_field.iterations()),
            grouped(self.vi_iterations),
            prose_number(mf),
            prose_number(full),
            prose_number(z),
            prose_number(z - mf),
            prose_number(z - full)
        )
    }
}
