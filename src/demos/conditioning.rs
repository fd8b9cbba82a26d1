//! `#/conditioning`: how much an answer moves when the question moves a little.
//!
//! Three parts share one page: a 2×2 system whose two lines meet at an adjustable angle (the
//! intersection, and where it jumps when b moves by a hair; cond(A) = σ₁/σ₂ and the bound
//! ‖δx‖/‖x‖ ≤ cond(A)·‖δb‖/‖b‖ with numbers); the Hilbert matrices H₂…H₁₂ solved in float64,
//! their error against cond(H)·ε on a log plot; and normalization: the article's
//! `arr / np.linalg.norm(arr)` and rescaling y on the elongated quadratic ½(x² + κy²), which
//! takes gradient descent from hundreds of steps to one. The math is
//! [`crate::math::conditioning`]; this file holds the controls, readouts and state.

mod data;
mod drawing;
#[cfg(test)]
mod tests;

use super::params::{parse_integer, parse_number};
use super::{
    Chapter, ControlKind, ControlSpec, Demo, DemoInfo, Frame, PlotSpec, PointerInput, PointerPhase,
    Readout, ReadoutSpec, ReadoutValue,
};
use crate::demos::tuple_readout;
use crate::math::conditioning::{
    DescentRun, HilbertSolve, Perturbation, closed_form_steps, descend, hilbert_solves, normalized,
};
use crate::render::viewport::Viewport;

/// Where the two lines meet before b moves: the exact solution x of A x = b.
pub const TARGET: [f64; 2] = [1.0, 1.0];
/// The optimizer lab's start on the elongated quadratic.
pub const DESCENT_START: [f64; 2] = [-2.5, 1.5];
/// Gradient descent stops when ‖θ‖ ≤ TOLERANCE·‖θ₀‖.
pub const DESCENT_TOLERANCE: f64 = 1e-6;
/// The article's array, `np.array([[1, 2], [3, 4]])`, flattened (its norm is the same).
pub const ARTICLE_ARRAY: [f64; 4] = [1.0, 2.0, 3.0, 4.0];

const ANGLE_RANGE: (f64, f64) = (0.2, 90.0);
const SHIFT_RANGE: (f64, f64) = (-0.2, 0.2);
const KAPPA_RANGE: (f64, f64) = (1.0, 1000.0);
/// The shift's keyboard steps on the lines plot (plain arrows and with Shift).
const SHIFT_KEY_STEP: f64 = 0.001;
const SHIFT_KEY_BIG_STEP: f64 = 0.01;

const CONTROLS: &[ControlSpec] = &[
    ControlSpec {
        key: "angle",
        aliases: &[],
        label: "Angle between the lines (degrees)",
        kind: ControlKind::slider(ANGLE_RANGE.0, ANGLE_RANGE.1, 0.1, true),
        help: "The angle at which the two lines of the 2×2 system cross: 90° is a perpendicular, perfectly conditioned pair, a small angle a nearly parallel, ill-conditioned one",
        group: "Two lines",
        example: "2",
    },
    ControlSpec {
        key: "shift",
        aliases: &[],
        label: "Perturbation δb₂",
        kind: ControlKind::slider(SHIFT_RANGE.0, SHIFT_RANGE.1, 0.001, false),
        help: "How far the second entry of b moves (the second line shifts by this distance); drag on the plot or use the arrow keys there too",
        group: "Two lines",
        example: "-0.05",
    },
    ControlSpec {
        key: "n",
        aliases: &[],
        label: "Hilbert order n",
        kind: ControlKind::Integer { min: 2, max: 12 },
        help: "The size of the Hilbert matrix whose solve the readouts show (the plot shows all of n = 2 to 12)",
        group: "Hilbert matrices",
        example: "12",
    },
    ControlSpec {
        key: "kappa",
        aliases: &[],
        label: "Condition number κ",
        kind: ControlKind::slider(KAPPA_RANGE.0, KAPPA_RANGE.1, 1.0, true),
        help: "κ of the elongated quadratic ½(x² + κy²): the ratio of its Hessian's eigenvalues κ and 1",
        group: "Rescaling",
        example: "10",
    },
];

const READOUTS: &[ReadoutSpec] = &[
    ReadoutSpec {
        name: "sigma1",
        help: "The larger singular value σ₁ of the 2×2 matrix A",
    },
    ReadoutSpec {
        name: "sigma2",
        help: "The smaller singular value σ₂ of A",
    },
    ReadoutSpec {
        name: "cond",
        help: "cond(A) = σ₁/σ₂ from the SVD (equal to cot(angle/2) for these lines)",
    },
    ReadoutSpec {
        name: "x",
        help: "The solution of A x = b: where the two lines meet (always (1, 1))",
    },
    ReadoutSpec {
        name: "x-perturbed",
        help: "The solution after b moves by δb = (0, δb₂)",
    },
    ReadoutSpec {
        name: "relative-change-b",
        help: "‖δb‖/‖b‖",
    },
    ReadoutSpec {
        name: "relative-change-x",
        help: "‖δx‖/‖x‖, how far the intersection moved relative to its distance from 0",
    },
    ReadoutSpec {
        name: "bound",
        help: "cond(A)·‖δb‖/‖b‖, the most ‖δx‖/‖x‖ can be",
    },
    ReadoutSpec {
        name: "amplification",
        help: "(‖δx‖/‖x‖)/(‖δb‖/‖b‖): how much this perturbation was magnified, at most cond(A)",
    },
    ReadoutSpec {
        name: "hilbert.cond",
        help: "cond(H_n) = σ₁/σ_n from the SVD, for the chosen n",
    },
    ReadoutSpec {
        name: "hilbert.error",
        help: "‖x̂ − 1‖/‖1‖ for the float64 solution x̂ of H_n x = H_n·1 (LU with partial pivoting)",
    },
    ReadoutSpec {
        name: "hilbert.cond-eps",
        help: "cond(H_n)·ε with ε = 2⁻⁵², the error rounding alone makes likely",
    },
    ReadoutSpec {
        name: "hilbert.solution",
        help: "The computed solution x̂ (every entry would be 1 in exact arithmetic)",
    },
    ReadoutSpec {
        name: "normalize.norm",
        help: "np.linalg.norm of the article's array [1, 2, 3, 4]",
    },
    ReadoutSpec {
        name: "normalize.entries",
        help: "arr / np.linalg.norm(arr): the array scaled to length 1",
    },
    ReadoutSpec {
        name: "scaling.learning-rate",
        help: "The best fixed learning rate 2/(λmin + λmax) = 2/(1 + κ) before rescaling",
    },
    ReadoutSpec {
        name: "scaling.rate",
        help: "The contraction per step (κ − 1)/(κ + 1) before rescaling",
    },
    ReadoutSpec {
        name: "scaling.steps-before",
        help: "Gradient-descent steps until the distance to the minimum is 10⁻⁶ of the start's, on ½(x² + κy²)",
    },
    ReadoutSpec {
        name: "scaling.steps-closed-form",
        help: "The least k with ((κ − 1)/(κ + 1))^k ≤ 10⁻⁶",
    },
    ReadoutSpec {
        name: "scaling.kappa-after",
        help: "The condition number after rescaling y by √κ: the Hessian is the identity, κ = 1",
    },
    ReadoutSpec {
        name: "scaling.steps-after",
        help: "Gradient-descent steps after rescaling (learning rate 1): one",
    },
];

const PLOTS: &[PlotSpec] = &[
    PlotSpec {
        id: "lines",
        title: "Two lines and where they meet",
        alt: "The two lines of a 2×2 system A x = b, their intersection, the second line shifted by δb₂ and the new intersection. Drag on the plot (or use the arrow keys) to shift the second line.",
        aspect_ratio: 0.8,
        interactive: true,
    },
    PlotSpec {
        id: "hilbert",
        title: "Hilbert matrices: error against cond·ε",
        alt: "Log plot against n from 2 to 12 of the relative error of the float64 solution of H_n x = H_n·1 and of cond(H_n)·ε.",
        aspect_ratio: 0.7,
        interactive: false,
    },
    PlotSpec {
        id: "rescaling",
        title: "Gradient descent before and after rescaling",
        alt: "Log plot of the distance to the minimum, relative to the start, against the step of gradient descent on ½(x² + κy²) with the best fixed learning rate, with the closed form ((κ − 1)/(κ + 1))^k and the single step of the rescaled problem.",
        aspect_ratio: 0.6,
        interactive: false,
    },
];

pub const INFO: DemoInfo = DemoInfo {
    id: "conditioning",
    title: "Conditioning: when a tiny change moves the answer far",
    chapter: Chapter::NumericalComputing,
    summary: "Tilt two lines until they are nearly parallel and watch their intersection jump when one moves by a hair; see Hilbert matrices lose digits like cond·ε, and how rescaling features turns hundreds of gradient-descent steps into one.",
    explanation: r#"Solving $A x = b$ for a $2 \times 2$ matrix is finding where two lines meet: row $i$ of $A$ says $a_{i1} x_1 + a_{i2} x_2 = b_i$. In the first plot the lines cross at $(1, 1)$; the dashed line is the second one after $b_2$ moved by $\delta b_2$, and the hollow dot is where the lines meet now. When the lines are nearly parallel, a small shift slides the crossing far along them.

*Mathematical Foundations for Deep Learning* calls this *conditioning*: how sensitive a computation is to small changes in its input. For a linear system it is one number, the condition number from the singular values $\sigma_1 \ge \sigma_2$ of $A$:

$$\operatorname{cond}(A) = \frac{\sigma_1}{\sigma_2}, \qquad \frac{\lVert \delta x \rVert}{\lVert x \rVert} \le \operatorname{cond}(A)\, \frac{\lVert \delta b \rVert}{\lVert b \rVert}.$$

The readouts show both sides with numbers: the relative change of $b$, the relative change of $x$, and the bound. For these lines $\operatorname{cond}(A) = \cot(\theta/2)$ with $\theta$ the angle between them: about $115$ at $1^\circ$, exactly $1$ at $90^\circ$.

Rounding is such a small change. Every number stored in float64 is off by up to $\varepsilon/2$ with $\varepsilon = 2^{-52} \approx 2.2 \cdot 10^{-16}$, so even a perfect solver can lose up to $\log_{10} \operatorname{cond}(A)$ of its 16 digits. The Hilbert matrices $H_{ij} = 1/(i + j - 1)$ are the classic example: the second plot solves $H_n x = b$ with $b = H_n \cdot \mathbf{1}$, whose exact answer is all ones, by LU with partial pivoting in float64. The error follows $\operatorname{cond}(H_n)\,\varepsilon$ up from $10^{-16}$ at $n = 2$ to about $0.1$ at $n = 12$, where no digit of the answer is right.

The cure the article names is *normalization*: its example divides an array by its length, `arr / np.linalg.norm(arr)` (the readouts repeat it for $[1, 2, 3, 4]$). For learning, the same idea is standardizing the features so that no direction of the error surface is much steeper than another. The elongated quadratic of the optimizer lab (*Optimizers on error surfaces*), $f(x, y) = \tfrac{1}{2}(x^2 + \kappa y^2)$, has the Hessian $\operatorname{diag}(1, \kappa)$ and condition number $\kappa$. Gradient descent with the best fixed learning rate $\eta = 2/(\lambda_{\min} + \lambda_{\max}) = 2/(1 + \kappa)$ shrinks the distance to the minimum by exactly $\frac{\kappa - 1}{\kappa + 1}$ per step, so it needs about $\frac{\kappa}{2} \ln(1/\text{tol})$ steps. Rescaling $y' = \sqrt{\kappa}\, y$ makes the Hessian the identity, $\kappa = 1$, and one step with $\eta = 1$ lands on the minimum.

Try: narrow the angle to $1^\circ$ and watch the hollow dot run away while the bound grows; drag the dashed line on the plot; set $n = 12$ to see a solve that keeps no correct digit; raise $\kappa$ to 1000 and count the steps before rescaling."#,
    plots: PLOTS,
    controls: CONTROLS,
    readouts: READOUTS,
    stepping: false,
    actions: &[],
    exports: &[],
    imports: &[],
    create: || Box::new(Conditioning::default()),
};

/// The demo's state: the four controls, plus what follows from them (computed on change).
#[derive(Clone, Debug)]
pub struct Conditioning {
    angle: f64,
    shift: f64,
    hilbert_order: usize,
    kappa: f64,
    perturbation: Perturbation,
    hilbert: Vec<HilbertSolve>,
    descent: DescentRun,
    /// The lines plot's view while a drag is under way (CSS pixels), so the picture does not
    /// rescale under the pointer.
    drag_view: Option<Viewport>,
}

impl Default for Conditioning {
    fn default() -> Self {
        let angle = 10.0;
        let shift = 0.02;
        let kappa = 100.0;
        Conditioning {
            angle,
            shift,
            hilbert_order: 8,
            kappa,
            perturbation: Perturbation::new(angle, TARGET, [0.0, shift])
                .expect("the default system is regular"),
            hilbert: hilbert_solves(),
            descent: descend(kappa, DESCENT_START, DESCENT_TOLERANCE),
            drag_view: None,
        }
    }
}

impl Conditioning {
    pub fn perturbation(&self) -> &Perturbation {
        &self.perturbation
    }

    pub fn hilbert(&self) -> &[HilbertSolve] {
        &self.hilbert
    }

    pub fn hilbert_order(&self) -> usize {
        self.hilbert_order
    }

    pub fn selected_hilbert(&self) -> Option<&HilbertSolve> {
        self.hilbert.iter().find(|s| s.n == self.hilbert_order)
    }

    pub fn kappa(&self) -> f64 {
        self.kappa
    }

    pub fn descent(&self) -> &DescentRun {
        &self.descent
    }

    pub fn closed_form_steps(&self) -> usize {
        closed_form_steps(self.kappa, DESCENT_TOLERANCE)
    }

    /// Sets the angle and shift together; on a singular system (it cannot happen within the
    /// controls' ranges) nothing changes.
    fn set_lines(&mut self, angle: f64, shift: f64) -> Result<(), String> {
        let perturbation = Perturbation::new(angle, TARGET, [0.0, shift])
            .ok_or_else(|| "these lines do not meet in one point".to_owned())?;
        self.angle = angle;
        self.shift = shift;
        self.perturbation = perturbation;
        Ok(())
    }

    /// The shift rounded to the slider's step, so the URL stays short and reproduces it.
    fn set_shift_rounded(&mut self, shift: f64) -> bool {
        let shift =
            ((shift / SHIFT_KEY_STEP).round() * SHIFT_KEY_STEP).clamp(SHIFT_RANGE.0, SHIFT_RANGE.1);
        // Rounding by multiplication can leave 0.020000000000000004: read it back from text.
        let shift = crate::number_text::parse_f64(&format!("{shift:.3}")).unwrap_or(shift);
        if shift == self.shift {
            return false;
        }
        self.set_lines(self.angle, shift).is_ok()
    }

    /// The lines plot's model window for a frame: equal aspect, centred between the two
    /// solutions and wide enough to show both.
    pub fn lines_view(&self, frame: &Frame) -> Viewport {
        let p = &self.perturbation;
        let (a, b) = (p.solution, p.perturbed_solution);
        let centre = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
        let half_gap = (a - b).norm() / 2.0;
        let extent = (half_gap * 1.4).max(0.6);
        super::drawing::centred_equal_aspect_viewport(frame, centre, extent, 10.0)
    }
}

fn number_or_undefined(value: f64) -> ReadoutValue {
    if value.is_finite() {
        ReadoutValue::Number(value)
    } else {
        ReadoutValue::Text("undefined".into())
    }
}

impl Demo for Conditioning {
    fn param(&self, key: &str) -> Option<String> {
        use super::params::format_param_number;
        Some(match key {
            "angle" => format_param_number(self.angle),
            "shift" => format_param_number(self.shift),
            "n" => self.hilbert_order.to_string(),
            "kappa" => format_param_number(self.kappa),
            _ => return None,
        })
    }

    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "angle" => {
                let angle = parse_number(value, ANGLE_RANGE.0, ANGLE_RANGE.1)?;
                self.set_lines(angle, self.shift)
            }
            "shift" => {
                let shift = parse_number(value, SHIFT_RANGE.0, SHIFT_RANGE.1)?;
                self.set_lines(self.angle, shift)
            }
            "n" => {
                self.hilbert_order = parse_integer(value, 2, 12)? as usize;
                Ok(())
            }
            "kappa" => {
                let kappa = parse_number(value, KAPPA_RANGE.0, KAPPA_RANGE.1)?;
                self.kappa = kappa;
                self.descent = descend(kappa, DESCENT_START, DESCENT_TOLERANCE);
                Ok(())
            }
            _ => Err(format!("“{key}” is not a setting of this demo")),
        }
    }

    fn control_hint(&self, key: &str) -> Option<String> {
        match key {
            "angle" => Some(format!(
                "cond(A) = cot(θ/2) = {}",
                super::format_number(self.perturbation.condition_number)
            )),
            _ => None,
        }
    }

    fn readouts(&self) -> Vec<Readout> {
        let mut readouts = Vec::new();
        let mut push = |name: &str, label: &str, value: ReadoutValue, group: &str| {
            readouts.push(Readout {
                name: name.to_owned(),
                // Labels carry the part ("Hilbert: cond(H)"): the shell lays grouped readouts
                // out as a table with one column per label, which suits same-shaped groups only.
                label: if group.is_empty() {
                    label.to_owned()
                } else {
                    format!("{group}: {label}")
                },
                value,
                group: String::new(),
            });
        };
        let p = &self.perturbation;
        let lines = "";
        push(
            "sigma1",
            "σ₁",
            ReadoutValue::Number(p.singular_values[0]),
            lines,
        );
        push(
            "sigma2",
            "σ₂",
            ReadoutValue::Number(p.singular_values[1]),
            lines,
        );
        push(
            "cond",
            "cond(A) = σ₁/σ₂",
            ReadoutValue::Number(p.condition_number),
            lines,
        );
        push("x", "x", tuple_readout(p.solution.as_slice()), lines);
        push(
            "x-perturbed",
            "x + δx",
            tuple_readout(p.perturbed_solution.as_slice()),
            lines,
        );
        push(
            "relative-change-b",
            "‖δb‖/‖b‖",
            ReadoutValue::Number(p.relative_change_rhs),
            lines,
        );
        push(
            "relative-change-x",
            "‖δx‖/‖x‖",
            ReadoutValue::Number(p.relative_change_solution),
            lines,
        );
        push(
            "bound",
            "Bound cond(A)·‖δb‖/‖b‖",
            ReadoutValue::Number(p.bound),
            lines,
        );
        push(
            "amplification",
            "Magnification",
            number_or_undefined(p.relative_change_solution / p.relative_change_rhs),
            lines,
        );
        if let Some(solve) = self.selected_hilbert() {
            let group = format!("H{}", subscript(solve.n));
            push(
                "hilbert.cond",
                "cond(H)",
                ReadoutValue::Number(solve.condition_number),
                &group,
            );
            push(
                "hilbert.error",
                "relative error",
                ReadoutValue::Number(solve.relative_error),
                &group,
            );
            push(
                "hilbert.cond-eps",
                "cond(H)·ε",
                ReadoutValue::Number(solve.error_scale),
                &group,
            );
            push(
                "hilbert.solution",
                "computed x̂",
                tuple_readout(&solve.solution),
                &group,
            );
        }
        let normalize = "";
        if let Some((norm, entries)) = normalized(&ARTICLE_ARRAY) {
            push(
                "normalize.norm",
                "‖[1, 2, 3, 4]‖ (np.linalg.norm)",
                ReadoutValue::Number(norm),
                normalize,
            );
            push(
                "normalize.entries",
                "arr / norm",
                tuple_readout(&entries),
                normalize,
            );
        }
        let scaling = "";
        let run = &self.descent;
        push(
            "scaling.learning-rate",
            "Learning rate 2/(1 + κ)",
            ReadoutValue::Number(run.learning_rate),
            scaling,
        );
        push(
            "scaling.rate",
            "Contraction (κ − 1)/(κ + 1)",
            ReadoutValue::Number(crate::math::conditioning::contraction(self.kappa)),
            scaling,
        );
        push(
            "scaling.steps-before",
            "Steps before rescaling",
            run.steps
                .map_or(ReadoutValue::Text("more than 20000".into()), |s| {
                    ReadoutValue::Integer(s as i64)
                }),
            scaling,
        );
        push(
            "scaling.steps-closed-form",
            "Steps, closed form",
            ReadoutValue::Integer(self.closed_form_steps() as i64),
            scaling,
        );
        push(
            "scaling.kappa-after",
            "κ after rescaling y by √κ",
            ReadoutValue::Number(1.0),
            scaling,
        );
        let after = descend(
            1.0,
            [DESCENT_START[0], DESCENT_START[1] * self.kappa.sqrt()],
            DESCENT_TOLERANCE,
        );
        push(
            "scaling.steps-after",
            "Steps after rescaling",
            after.steps.map_or(ReadoutValue::Text("none".into()), |s| {
                ReadoutValue::Integer(s as i64)
            }),
            scaling,
        );
        readouts
    }

    fn plot_table(&self, plot: usize) -> Option<super::PlotTable> {
        data::plot_table(self, plot)
    }

    fn plot_description(&self, plot: usize) -> Option<String> {
        data::plot_description(self, plot)
    }

    fn pointer(&mut self, plot: usize, input: PointerInput) -> bool {
        if plot != 0 {
            return false;
        }
        let frame = Frame::light(input.css_width, input.css_height, 1.0);
        let view = match (input.phase, self.drag_view) {
            (PointerPhase::Down, _) | (PointerPhase::Drag, None) => {
                let view = self.lines_view(&frame);
                self.drag_view = Some(view);
                view
            }
            (PointerPhase::Drag, Some(view)) => view,
            (PointerPhase::Up, _) => {
                self.drag_view = None;
                return false;
            }
        };
        // The shifted second line passes through the pointer: a₂·p = b₂ + δb₂.
        let (x, y) = view.to_model(input.x, input.y);
        let p = &self.perturbation;
        let shift = p.matrix[(1, 0)] * x + p.matrix[(1, 1)] * y - p.rhs[1];
        self.set_shift_rounded(shift)
    }

    fn key(&mut self, plot: usize, key: &str) -> bool {
        if plot != 0 {
            return false;
        }
        let step = match key {
            "ArrowUp" | "ArrowRight" => SHIFT_KEY_STEP,
            "ArrowDown" | "ArrowLeft" => -SHIFT_KEY_STEP,
            "Shift+ArrowUp" | "Shift+ArrowRight" | "PageUp" => SHIFT_KEY_BIG_STEP,
            "Shift+ArrowDown" | "Shift+ArrowLeft" | "PageDown" => -SHIFT_KEY_BIG_STEP,
            "Home" => return self.set_shift_rounded(0.0),
            _ => return false,
        };
        self.set_shift_rounded(self.shift + step);
        true
    }
}

/// n written with subscript digits (H₁₂).
pub fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(0x2080 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
        .collect()
}
