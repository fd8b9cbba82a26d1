//! A single neuron `ŷ = σ(w·x + b)` (article 000's `b + x·w` followed by a sigmoid) as a
//! logistic-regression classifier of labelled points in the plane: per-point logistic loss,
//! the mean loss, its gradient in closed form and plain gradient-descent training.

use crate::math::activations::{sigmoid, softplus};

/// A point of class 1 (`label = true`) or class 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelledPoint {
    pub x: [f64; 2],
    pub label: bool,
}

impl LabelledPoint {
    /// The target `y` ∈ {0, 1}.
    pub fn target(&self) -> f64 {
        if self.label { 1.0 } else { 0.0 }
    }
}

/// Weights and bias of the neuron.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Neuron {
    pub w: [f64; 2],
    pub b: f64,
}

impl Neuron {
    /// `z = w·x + b`.
    pub fn pre_activation(&self, x: [f64; 2]) -> f64 {
        self.w[0] * x[0] + self.w[1] * x[1] + self.b
    }

    /// `σ(w·x + b)`, the predicted probability of class 1.
    pub fn probability(&self, x: [f64; 2]) -> f64 {
        sigmoid(self.pre_activation(x))
    }

    /// The logistic loss `−[y ln ŷ + (1 − y) ln(1 − ŷ)]`, computed as `softplus(z) − y z`,
    /// which equals it exactly and stays finite where ŷ rounds to 0 or 1.
    pub fn point_loss(&self, point: &LabelledPoint) -> f64 {
        let z = self.pre_activation(point.x);
        softplus(z) - point.target() * z
    }

    /// The mean logistic loss over the points; None without points.
    pub fn mean_loss(&self, points: &[LabelledPoint]) -> Option<f64> {
        if points.is_empty() {
            return None;
        }
        Some(points.iter().map(|p| self.point_loss(p)).sum::<f64>() / points.len() as f64)
    }

    /// `(∂L/∂w1, ∂L/∂w2, ∂L/∂b)` of the mean loss: `(1/n) Σ (ŷᵢ − yᵢ)(xᵢ₁, xᵢ₂, 1)`.
    /// None without points.
    pub fn gradient(&self, points: &[LabelledPoint]) -> Option<[f64; 3]> {
        if points.is_empty() {
            return None;
        }
        let n = points.len() as f64;
        let mut gradient = [0.0; 3];
        for point in points {
            let error = self.probability(point.x) - point.target();
            gradient[0] += error * point.x[0] / n;
            gradient[1] += error * point.x[1] / n;
            gradient[2] += error / n;
        }
        Some(gradient)
    }

    /// The share of points on the right side of the decision line (ŷ ≥ 0.5 for class 1).
    pub fn accuracy(&self, points: &[LabelledPoint]) -> Option<f64> {
        if points.is_empty() {
            return None;
        }
        let correct = points
            .iter()
            .filter(|p| (self.pre_activation(p.x) >= 0.0) == p.label)
            .count();
        Some(correct as f64 / points.len() as f64)
    }
}

/// `iterations` steps of gradient descent `θ ← θ − η ∇L` from `start`; returns every iterate
/// (the start first). Each parameter is clamped to `±bound` after each step, because on
/// separable data the loss keeps falling as ‖w‖ grows without limit.
pub fn train(
    start: Neuron,
    points: &[LabelledPoint],
    learning_rate: f64,
    iterations: usize,
    bound: f64,
) -> Vec<Neuron> {
    let mut path = Vec::with_capacity(iterations + 1);
    path.push(start);
    let mut neuron = start;
    for _ in 0..iterations {
        let Some([g1, g2, gb]) = neuron.gradient(points) else {
            path.push(neuron);
            continue;
        };
        let clamp = |v: f64| v.clamp(-bound, bound);
        neuron = Neuron {
            w: [
                clamp(neuron.w[0] - learning_rate * g1),
                clamp(neuron.w[1] - learning_rate * g2),
            ],
            b: clamp(neuron.b - learning_rate * gb),
        };
        path.push(neuron);
    }
    path
}

/// Parses `x,y,label;x,y,label;…` (label 0 or 1; coordinates within ±10⁶), at most
/// `max_points` points. An empty text is no points.
pub fn parse_points(text: &str, max_points: usize) -> Result<Vec<LabelledPoint>, String> {
    let expected = "expected points as x,y,class;… with class 0 or 1";
    let mut points = Vec::new();
    for item in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let fields: Vec<&str> = item.split(',').map(str::trim).collect();
        let [x, y, label] = fields[..] else {
            return Err(format!("“{item}” is not x,y,class; {expected}"));
        };
        let number = |s: &str| -> Result<f64, String> {
            match crate::number_text::parse_f64(s) {
                Some(v) if v.is_finite() && v.abs() <= 1e6 => Ok(v),
                _ => Err(format!(
                    "“{s}” is not a number from −10⁶ to 10⁶; {expected}"
                )),
            }
        };
        let label = match label {
            "1" => true,
            "0" => false,
            other => return Err(format!("class “{other}” is not 0 or 1; {expected}")),
        };
        points.push(LabelledPoint {
            x: [number(x)?, number(y)?],
            label,
        });
        if points.len() > max_points {
            return Err(format!("more than {max_points} points; {expected}"));
        }
    }
    Ok(points)
}

/// The text [`parse_points`] reads back (shortest round-trip numbers).
pub fn format_points(points: &[LabelledPoint]) -> String {
    let number = |v: f64| {
        let text = format!("{v:?}");
        text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
    };
    points
        .iter()
        .map(|p| {
            format!(
                "{},{},{}",
                number(p.x[0]),
                number(p.x[1]),
                if p.label { 1 } else { 0 }
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(x: f64, y: f64, label: bool) -> LabelledPoint {
        LabelledPoint { x: [x, y], label }
    }

    #[test]
    fn closed_form_loss_and_gradient() {
        // w = 0, b = 0: every ŷ = 0.5 and every loss is ln 2. The gradient is
        // (1/n) Σ (0.5 − yᵢ)(xᵢ, 1): with (1, 2) of class 1 and (−1, 0) of class 0,
        // ((−0.5·1) + (0.5·−1)) / 2 = −0.5, (−0.5·2 + 0) / 2 = −0.5, (−0.5 + 0.5) / 2 = 0.
        let points = [point(1.0, 2.0, true), point(-1.0, 0.0, false)];
        let neuron = Neuron {
            w: [0.0, 0.0],
            b: 0.0,
        };
        assert!((neuron.mean_loss(&points).unwrap() - std::f64::consts::LN_2).abs() < 1e-16);
        assert_eq!(neuron.gradient(&points), Some([-0.5, -0.5, 0.0]));
        // w = (1, 0), b = 0 on the point (1, 2) of class 1: z = 1, loss = ln(1 + e^{−1}),
        // 0.31326168751822286 by python3 -c "import math; print(math.log1p(math.exp(-1)))".
        let neuron = Neuron {
            w: [1.0, 0.0],
            b: 0.0,
        };
        assert!((neuron.point_loss(&points[0]) - 0.31326168751822286).abs() < 1e-16);
        assert_eq!(neuron.accuracy(&points), Some(1.0));
        assert_eq!(neuron.mean_loss(&[]), None);
        assert_eq!(neuron.gradient(&[]), None);
    }

    #[test]
    fn gradient_matches_central_differences() {
        let points = [
            point(1.0, 2.0, true),
            point(-1.5, 0.5, false),
            point(0.3, -2.0, true),
            point(2.0, -1.0, false),
        ];
        let neuron = Neuron {
            w: [0.7, -1.2],
            b: 0.4,
        };
        let analytic = neuron.gradient(&points).unwrap();
        let h = 1e-6;
        let at = |shift: [f64; 3]| {
            Neuron {
                w: [neuron.w[0] + shift[0], neuron.w[1] + shift[1]],
                b: neuron.b + shift[2],
            }
            .mean_loss(&points)
            .unwrap()
        };
        for i in 0..3 {
            let mut plus = [0.0; 3];
            plus[i] = h;
            let minus = plus.map(|v| -v);
            let numeric = (at(plus) - at(minus)) / (2.0 * h);
            assert!(
                (numeric - analytic[i]).abs() < 1e-8,
                "{i}: {numeric} vs {}",
                analytic[i]
            );
        }
    }

    #[test]
    fn training_lowers_the_loss_and_respects_the_bound() {
        let points = [
            point(1.0, 1.0, true),
            point(2.0, 0.5, true),
            point(-1.0, -1.0, false),
            point(-0.5, -2.0, false),
        ];
        let start = Neuron {
            w: [-1.0, 0.5],
            b: 0.0,
        };
        let path = train(start, &points, 0.5, 200, 10.0);
        assert_eq!(path.len(), 201);
        let losses: Vec<f64> = path.iter().map(|n| n.mean_loss(&points).unwrap()).collect();
        // A small enough step on a convex, smooth loss never increases it.
        assert!(losses.windows(2).all(|w| w[1] <= w[0] + 1e-15));
        assert_eq!(path[200].accuracy(&points), Some(1.0));
        // Separable data: the weights grow until the clamp.
        let long = train(start, &points, 5.0, 2000, 3.0);
        let last = long[2000];
        assert!(last.w.iter().chain([&last.b]).all(|v| v.abs() <= 3.0));
    }

    #[test]
    fn points_text_round_trips_and_rejects_junk() {
        let points = parse_points("1,2,1; -0.5,3.25,0", 10).unwrap();
        assert_eq!(
            points,
            vec![point(1.0, 2.0, true), point(-0.5, 3.25, false)]
        );
        assert_eq!(format_points(&points), "1,2,1;-0.5,3.25,0");
        assert_eq!(parse_points("", 10), Ok(Vec::new()));
        for junk in ["1,2", "1,2,2", "a,2,1", "1,NaN,0", "1,2,1;3"] {
            assert!(parse_points(junk, 10).is_err(), "{junk}");
        }
        assert!(parse_points("1,1,1;2,2,0;3,3,1", 2).is_err());
    }
}
