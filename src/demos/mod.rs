//! Demos: one file per demo, and the one registry that the navigation, the URL schema,
//! the generated docs and the tests all read.
//!
//! A demo is a plain state struct (`Default` gives the starting state) that describes its
//! controls as data ([`ControlSpec`]), takes parameter values as strings (the same strings
//! the URL carries), advances with `step`, reports [`Readout`]s and draws its plots through
//! plotters on any backend. The web shell (`crate::web`) turns all of that into DOM.

pub mod activations;
pub mod approximate_inference;
pub mod attention;
pub mod autodiff;
pub mod background;
pub mod backprop;
pub mod bayes;
pub mod bundles;
pub mod conditioning;
pub mod convolution;
pub mod covariance;
pub mod data_alternative;
#[cfg(test)]
mod data_alternatives_tests;
pub mod derivatives;
pub mod distributions;
pub mod docs;
pub mod drawing;
pub mod explanations;
pub mod floating_point;
pub mod gradient_descent;
pub mod gradient_descent_1d;
pub mod gradients;
pub mod integrals;
pub mod kl_divergence;
pub mod landing;
pub mod least_squares;
pub mod legend;
pub mod limits;
pub mod link_codec;
pub mod lln_clt;
pub mod matrix_calculator;
pub mod matrix_transform;
pub mod mixed_precision;
pub mod monte_carlo;
pub mod nn_playground;
pub mod numerical_optimization;
pub mod params;
pub mod pca;
pub mod playhead;
pub mod plot_data;
pub mod product_chain_rule;
pub mod regularization;
pub mod rnn;
pub mod rounding_error;
pub mod single_neuron;
pub mod t_test;
pub mod tensors;
#[cfg(test)]
pub mod test_support;
pub mod vectors;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use crate::render::theme::Theme;
use crate::render::{PlotGeometry, RgbaImage};
use crate::url::{
    EMBED_KEY, STEPS_KEY, VIEW_KEYS, ViewOptions, ViewProblem, ViewVocabulary, view_options,
};

/// The chapters of the curriculum, in the order the navigation shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Chapter {
    LinearAlgebra,
    Calculus,
    Optimization,
    ProbabilityStatistics,
    NumericalComputing,
    NeuralNetworks,
}

impl Chapter {
    pub const ALL: [Chapter; 6] = [
        Chapter::LinearAlgebra,
        Chapter::Calculus,
        Chapter::Optimization,
        Chapter::ProbabilityStatistics,
        Chapter::NumericalComputing,
        Chapter::NeuralNetworks,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Chapter::LinearAlgebra => "Linear algebra",
            Chapter::Calculus => "Calculus",
            Chapter::Optimization => "Optimization",
            Chapter::ProbabilityStatistics => "Probability & statistics",
            Chapter::NumericalComputing => "Numerical computing",
            Chapter::NeuralNetworks => "Neural networks",
        }
    }
}

/// Everything the registry knows about a demo without creating it.
pub struct DemoInfo {
    /// The URL id (`#/<id>`): a public contract, never renamed.
    pub id: &'static str,
    pub title: &'static str,
    pub chapter: Chapter,
    /// One sentence for the landing card and the README.
    pub summary: &'static str,
    /// What the reader sees, as rich text: paragraphs, `$inline$` and `$$display$$` LaTeX.
    pub explanation: &'static str,
    /// The plots, in page order.
    pub plots: &'static [PlotSpec],
    /// The controls, in page order; also the order in which URL parameters are applied.
    pub controls: &'static [ControlSpec],
    /// The documented readout names (patterns may contain `{optimizer}`-style placeholders).
    pub readouts: &'static [ReadoutSpec],
    /// True for demos that iterate: the shell adds play/pause/step/reset and `steps=`.
    pub stepping: bool,
    /// Buttons that change the state ("Draw 100", "Regenerate"). An action must leave every
    /// state that matters in the controls, so the URL still reproduces the page.
    pub actions: &'static [ActionSpec],
    /// Files the reader can download (samples as CSV, weights as JSON).
    pub exports: &'static [ExportSpec],
    /// Files the reader can load from their own machine (read locally, never uploaded).
    pub imports: &'static [ImportSpec],
    pub create: fn() -> Box<dyn Demo>,
}

/// A button: the shell puts it in the control group `group` and calls [`Demo::action`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ActionSpec {
    /// Stable name (`data-demo-action` in the page; tests click it).
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub group: &'static str,
}

/// A download: the shell adds a "Download …" button calling [`Demo::export`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportSpec {
    pub key: &'static str,
    /// What the file holds ("samples (CSV)"); the button reads "Download " + label.
    pub label: &'static str,
    pub file_name: &'static str,
    pub mime: &'static str,
}

/// A file input: the shell reads the file in the browser and hands its content to the demo.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImportSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: ImportKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ImportKind {
    /// A text file (JSON, CSV), passed to [`Demo::import_text`]; `accept` is the file
    /// input's filter (".json,application/json").
    Text { accept: &'static str },
    /// An image decoded by the browser, passed as RGBA to [`Demo::import_image`]. The shell
    /// scales it down so its longer side is at most [`MAX_IMPORTED_IMAGE_SIDE`] pixels.
    Image,
}

/// The largest side of an image handed to [`Demo::import_image`].
pub const MAX_IMPORTED_IMAGE_SIDE: u32 = 512;

/// The registry: every demo of the app, in navigation order within each chapter.
/// Adding a demo is one file in this folder and one line here.
///
/// In a bundle module (`demos::bundles`: the crate built without its `app` feature for the
/// browser) the registry is the bundle's few demos, installed by its start function; natively
/// and in the whole app it is every demo.
pub fn registry() -> &'static [DemoInfo] {
    #[cfg(all(target_arch = "wasm32", not(feature = "app")))]
    {
        bundles::installed_demos()
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "app"))]
    {
        &ALL_DEMOS
    }
}

/// Where the typeset explanation of the demo `id` is (a static file, relative to the page:
/// `www/explanations/`), from `explanations.rs`, or in a bundle module from what the bundle
/// installed (so it carries only its demos' addresses).
pub fn explanation_path(id: &str) -> Option<&'static str> {
    #[cfg(all(target_arch = "wasm32", not(feature = "app")))]
    {
        bundles::installed_explanation(id)
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "app"))]
    {
        explanations::explanation_path(id)
    }
}

/// Every demo. Named only where the whole registry is wanted, so that a bundle module, which
/// never names it, links none of the demos it does not hold.
#[cfg(any(not(target_arch = "wasm32"), feature = "app"))]
static ALL_DEMOS: [DemoInfo; 35] = [
    vectors::INFO,
    matrix_transform::INFO,
    matrix_calculator::INFO,
    pca::INFO,
    least_squares::INFO,
    tensors::INFO,
    limits::INFO,
    derivatives::INFO,
    product_chain_rule::INFO,
    integrals::INFO,
    gradients::INFO,
    autodiff::INFO,
    gradient_descent_1d::INFO,
    gradient_descent::INFO,
    distributions::INFO,
    lln_clt::INFO,
    covariance::INFO,
    bayes::INFO,
    kl_divergence::INFO,
    t_test::INFO,
    monte_carlo::INFO,
    floating_point::INFO,
    rounding_error::INFO,
    conditioning::INFO,
    mixed_precision::INFO,
    numerical_optimization::INFO,
    nn_playground::INFO,
    backprop::INFO,
    activations::INFO,
    single_neuron::INFO,
    convolution::INFO,
    rnn::INFO,
    approximate_inference::INFO,
    regularization::INFO,
    attention::INFO,
];

pub fn find_demo(id: &str) -> Option<&'static DemoInfo> {
    registry().iter().find(|info| info.id == id)
}

/// One plot of a demo.
pub struct PlotSpec {
    pub id: &'static str,
    pub title: &'static str,
    /// Text alternative for screen readers: what the plot shows.
    pub alt: &'static str,
    /// Height / width of the plot box (the shell sizes the canvas from its container width).
    pub aspect_ratio: f64,
    /// True when pointer input on the plot does something (the shell then says so).
    pub interactive: bool,
}

/// How a control is shown and which values it accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ControlKind {
    /// A slider plus an editable number box. `log` sliders move in log10 space.
    Slider {
        min: f64,
        max: f64,
        step: f64,
        log: bool,
    },
    /// A whole number typed in a box (seeds, counts).
    Integer { min: i64, max: i64 },
    /// One of a fixed set of values: `(url value, label)`.
    Select {
        options: &'static [(&'static str, &'static str)],
    },
    /// On/off, written `1`/`0` in the URL.
    Toggle,
    /// Free text validated by the demo (e.g. a formula).
    Text { placeholder: &'static str },
}

impl ControlKind {
    /// A slider, for the `const` control tables.
    pub const fn slider(min: f64, max: f64, step: f64, log: bool) -> ControlKind {
        ControlKind::Slider {
            min,
            max,
            step,
            log,
        }
    }
}

/// A control described as data: the shell builds the input, the docs list the URL key.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ControlSpec {
    /// The URL key: a public contract.
    pub key: &'static str,
    /// Old names still accepted in URLs (never rename a key without keeping it here).
    pub aliases: &'static [&'static str],
    pub label: &'static str,
    pub kind: ControlKind,
    /// One sentence for the docs and the control's description.
    pub help: &'static str,
    /// A group heading the shell uses to cluster controls ("Surface", "Optimizers", ...).
    pub group: &'static str,
    /// A valid value different from the default, used by the generic tests.
    pub example: &'static str,
}

/// A documented readout name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReadoutSpec {
    pub name: &'static str,
    pub help: &'static str,
}

/// A number (or short text) the demo shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Readout {
    /// Stable name, matched against [`ReadoutSpec`] patterns: a public contract.
    pub name: String,
    pub label: String,
    pub value: ReadoutValue,
    /// A group heading (e.g. the optimizer) so the shell can lay readouts out as a table.
    pub group: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ReadoutValue {
    /// Shown rounded; the full-precision value goes in `data-value`.
    Number(f64),
    Integer(i64),
    Text(String),
    /// Text made of numbers (a list of singular values, a complex eigenvalue "1 + 2i", a
    /// vector, a matrix, a number with its name): `shown` rounds them for the reader, `exact`
    /// writes each at full precision ([`exact_number`], joined by [`exact_list`]) for
    /// `data-value`, so a list is as exact as a single number.
    Written {
        shown: String,
        exact: String,
    },
}

impl ReadoutValue {
    /// The full-precision value for `data-value` (shortest string that round-trips).
    pub fn full_precision(&self) -> String {
        match self {
            // Shortest round-trip text, written as JavaScript's String(x) would ("1", not "1.0").
            ReadoutValue::Number(x) => exact_number(*x),
            ReadoutValue::Integer(n) => n.to_string(),
            ReadoutValue::Text(text) => text.clone(),
            ReadoutValue::Written { exact, .. } => exact.clone(),
        }
    }

    /// The rounded value a reader sees; non-finite numbers read "undefined", never "NaN".
    pub fn display(&self) -> String {
        match self {
            ReadoutValue::Number(x) => format_number(*x),
            ReadoutValue::Integer(n) => n.to_string(),
            ReadoutValue::Text(text) => text.clone(),
            ReadoutValue::Written { shown, .. } => shown.clone(),
        }
    }
}

/// A list of numbers as one readout, "a, b, c": each rounded for the reader
/// ([`format_number`]) and each at full precision in `data-value` ([`exact_list`]).
pub fn list_readout(values: &[f64]) -> ReadoutValue {
    let shown: Vec<String> = values.iter().map(|v| format_number(*v)).collect();
    ReadoutValue::Written {
        shown: shown.join(", "),
        exact: exact_list(values.iter().copied()),
    }
}

/// A vector as one readout, written as the tuple "(a, b, c)"; exact like [`list_readout`].
pub fn tuple_readout(values: &[f64]) -> ReadoutValue {
    match list_readout(values) {
        ReadoutValue::Written { shown, exact } => ReadoutValue::Written {
            shown: format!("({shown})"),
            exact,
        },
        other => other,
    }
}

/// A number at full precision for `data-value`: the shortest text that reads back to the
/// same f64 ("0.1", "1e99"), and empty for a non-finite one (shown as "undefined").
pub fn exact_number(x: f64) -> String {
    if x.is_finite() {
        params::format_param_number(x)
    } else {
        String::new()
    }
}

/// Numbers at full precision joined by ", ": the `exact` of a list readout.
pub fn exact_list(values: impl IntoIterator<Item = f64>) -> String {
    values
        .into_iter()
        .map(exact_number)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The numbers behind one plot, as a table: the plot's data alternative. The shell shows it
/// under a "Data" toggle (and screen readers can read it), so every plot must say what it
/// draws: the series and points, or a summary of a grid (a coarse sample of a heatmap).
/// Cells are [`ReadoutValue`]s: numbers are shown rounded and carried at full precision in
/// `data-value`, like readouts.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PlotTable {
    /// One sentence saying what the rows are ("The path of each optimizer, every 10th step").
    pub caption: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// The rows, each as long as `columns`. The shell shows at most [`PLOT_TABLE_MAX_ROWS`];
    /// a demo thins long series itself and says so in the caption.
    pub rows: Vec<Vec<ReadoutValue>>,
}

/// The most rows a [`PlotTable`] shows; longer tables are cut with a note.
pub const PLOT_TABLE_MAX_ROWS: usize = 500;

impl PlotTable {
    pub fn new(caption: impl Into<String>, columns: &[&str]) -> Self {
        Self {
            caption: caption.into(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row of numbers.
    pub fn push_numbers(&mut self, values: &[f64]) {
        self.rows
            .push(values.iter().map(|v| ReadoutValue::Number(*v)).collect());
    }

    /// Appends a row whose first cell is a label and the rest numbers.
    pub fn push_labelled(&mut self, label: impl Into<String>, values: &[f64]) {
        let mut row = vec![ReadoutValue::Text(label.into())];
        row.extend(values.iter().map(|v| ReadoutValue::Number(*v)));
        self.rows.push(row);
    }
}

/// Six significant digits, switching to scientific notation for very large or small values.
pub fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return "undefined".to_owned();
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    let magnitude = x.abs();
    if !(1e-4..1e6).contains(&magnitude) {
        let text = format!("{x:.4e}");
        // "1.2340e-7" → "1.234e-7": trailing zeros of the mantissa say nothing.
        if let Some((mantissa, exponent)) = text.split_once('e') {
            let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
            return format!("{mantissa}e{exponent}");
        }
        return text;
    }
    let decimals = (5 - magnitude.log10().floor() as i32).clamp(0, 10) as usize;
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// A number written on a plot: the readouts' rounding ([`format_number`]) with fewer
/// significant digits, since a label has little room, fixed notation down to 10⁻⁵
/// ("−0.0000568" reads better on a picture than "−5.68e-5") and a real minus sign.
/// Scientific notation remains for magnitudes below 10⁻⁵ or from 10⁶ on; non-finite values
/// read "undefined", like readouts.
pub fn format_plot_number(x: f64, significant: usize) -> String {
    if !x.is_finite() {
        return "undefined".to_owned();
    }
    let significant = significant.clamp(1, 17);
    let magnitude = x.abs();
    let text = if x == 0.0 {
        "0".to_owned()
    } else if !(1e-5..1e6).contains(&magnitude) {
        let text = format!("{:.*e}", significant - 1, x);
        match text.split_once('e') {
            Some((mantissa, exponent)) => format!(
                "{}e{exponent}",
                mantissa.trim_end_matches('0').trim_end_matches('.')
            ),
            None => text,
        }
    } else {
        let decimals =
            (significant as i32 - 1 - magnitude.log10().floor() as i32).clamp(0, 12) as usize;
        let text = format!("{x:.decimals$}");
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            text
        }
    };
    // Rounding can leave "-0" for a tiny negative number.
    if text == "-0" {
        return "0".to_owned();
    }
    text.replace('-', "−")
}

/// A message the page shows above the demo (divergence, a formula error, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Warning,
    Error,
}

/// The two layers of a plot: the background changes rarely (a heatmap, contours), the
/// foreground on every step (paths). The shell keeps them on two stacked canvases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Background,
    Foreground,
}

/// Pointer input on a plot, in CSS pixels relative to the plot's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PointerInput {
    pub phase: PointerPhase,
    pub x: f64,
    pub y: f64,
    pub css_width: f64,
    pub css_height: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointerPhase {
    Down,
    /// Movement while the pointer is pressed (dragging).
    Drag,
    Up,
}

/// What a draw call needs besides the drawing area: the plot's size and the page's theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    pub geometry: PlotGeometry,
    pub theme: Theme,
    /// True when drawing for a downloaded picture: leave out marks that only serve
    /// interaction (the ring around a keyboard-selected point).
    pub for_export: bool,
}

impl Frame {
    /// A light-theme frame, for native snapshots and tests.
    pub fn light(css_width: f64, css_height: f64, device_pixel_ratio: f64) -> Self {
        Self {
            geometry: PlotGeometry {
                css_width,
                css_height,
                device_pixel_ratio,
            },
            theme: Theme::light(),
            for_export: false,
        }
    }

    /// Scales a length in CSS pixels to device pixels.
    pub fn px(&self, css_pixels: f64) -> f64 {
        self.geometry.px(css_pixels)
    }

    /// A font size in device pixels, rounded as plotters wants it.
    pub fn font(&self, css_pixels: f64) -> f64 {
        self.geometry.px(css_pixels).round()
    }
}

/// The result of drawing: plotters' errors are converted to text so `Demo` stays object-safe.
pub type DrawResult = Result<(), String>;

/// Converts any displayable drawing error into [`DrawResult`]'s error.
pub fn draw_error(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Drawing generic over the plotters backend. Every demo implements this; it is not
/// object-safe, so [`DrawOn`] below gives an object-safe face per concrete backend.
pub trait DrawDemo {
    /// Draws one layer of plot number `plot` (index into [`DemoInfo::plots`]). The area is
    /// in device pixels (`frame.geometry.pixel_width()` wide); scale lengths with `frame.px`.
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult;
}

/// Object-safe drawing on one backend, implemented for every [`DrawDemo`].
pub trait DrawOn<DB: DrawingBackend> {
    fn draw_on(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult;
}

impl<T: DrawDemo, DB: DrawingBackend> DrawOn<DB> for T {
    fn draw_on(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        self.draw(plot, layer, area, frame)
    }
}

/// The backends a `Box<dyn Demo>` can draw on: natively SVG (exports, snapshot tests), in the
/// browser the canvas (plotters-canvas with text measured by the canvas, see
/// `web::measured_canvas`). Each backend monomorphises every demo's drawing code once, so the
/// browser build carries only the canvas one.
#[cfg(target_arch = "wasm32")]
pub trait DrawOnAllBackends: DrawOn<crate::web::measured_canvas::MeasuredCanvas> {}
#[cfg(target_arch = "wasm32")]
impl<T> DrawOnAllBackends for T where T: DrawOn<crate::web::measured_canvas::MeasuredCanvas> {}
#[cfg(not(target_arch = "wasm32"))]
pub trait DrawOnAllBackends: for<'a> DrawOn<plotters::backend::SVGBackend<'a>> {}
#[cfg(not(target_arch = "wasm32"))]
impl<T> DrawOnAllBackends for T where T: for<'a> DrawOn<plotters::backend::SVGBackend<'a>> {}

/// A running demo: its state, parameters, stepping, readouts and input handling.
pub trait Demo: DrawOnAllBackends {
    /// The current value of a control, as the URL writes it.
    fn param(&self, key: &str) -> Option<String>;

    /// Sets a control from its URL/input text. On error the state is unchanged and the
    /// message says what is accepted.
    fn set_param(&mut self, key: &str, value: &str) -> Result<(), String>;

    /// Sets a control from a link's value, keeping what it can: `Ok(Some(note))` when only
    /// part of the value could be used (a list with an entry that is not a number), the note
    /// saying what was dropped. The default is [`Demo::set_param`]: all or nothing, which is
    /// what a value typed into a box wants (its error shows next to the box instead).
    fn set_param_from_link(&mut self, key: &str, value: &str) -> Result<Option<String>, String> {
        self.set_param(key, value).map(|()| None)
    }

    /// Whether a control currently has an effect (e.g. the condition number only for the
    /// elongated quadratic); the shell disables inactive ones.
    fn is_control_active(&self, _key: &str) -> bool {
        true
    }

    /// A short live hint shown under a control (e.g. the stability limit next to the
    /// learning rate), or None.
    fn control_hint(&self, _key: &str) -> Option<String> {
        None
    }

    /// The slider range a control should offer now, when it depends on the state (a start
    /// point within the current surface's window); None keeps the registry's range.
    fn slider_range(&self, _key: &str) -> Option<(f64, f64)> {
        None
    }

    /// The iteration a freshly loaded demo with the current parameters shows (the URL
    /// carries `steps=` only when the shown iteration differs from it).
    fn default_step(&self) -> usize {
        self.max_step()
    }

    /// The iteration shown now (stepping demos).
    fn current_step(&self) -> usize {
        0
    }

    /// The largest iteration reachable (stepping demos).
    fn max_step(&self) -> usize {
        0
    }

    /// True for a demo that iterates until the reader stops it (training): `max_step` is
    /// then only a bound against overflow, playing never ends by itself, and the toolbar's
    /// `playhead.last` shows [`Demo::toolbar_last_step`] instead.
    fn is_open_ended(&self) -> bool {
        false
    }

    /// The toolbar counter's second number (`playhead.last`): the last iteration, or in an
    /// open-ended run the furthest iteration reached so far.
    fn toolbar_last_step(&self) -> usize {
        self.max_step()
    }

    /// Jumps to iteration `step` (clamped to `0..=max_step`).
    fn go_to_step(&mut self, _step: usize) {}

    /// Computes now what `max_step` depends on, for a demo that otherwise finishes its run in
    /// `work_chunk`s (the numerical-optimization demo's steepest descent at large κ): a
    /// `steps=` from a link is read against the whole run, not the part computed so far.
    fn finish_last_step(&mut self) {}

    /// Advances the animation by one frame; returns false when there is nothing more to do
    /// (the shell then pauses).
    fn advance_frame(&mut self) -> bool {
        false
    }

    fn readouts(&self) -> Vec<Readout>;

    fn notices(&self) -> Vec<Notice> {
        Vec::new()
    }

    /// A key that changes whenever the background layer of `plot` must be redrawn.
    fn background_key(&self, _plot: usize) -> u64 {
        0
    }

    /// A key of everything the foreground layer of `plot` shows, for a plot whose foreground
    /// does not follow every change (the training playground's data points, still while the
    /// weights under them change every frame; the posterior plot while the chain's statistics
    /// are computed): the shell redraws it only when the key, the plot's size or the theme
    /// changed. None, the default, redraws the foreground on every change.
    fn foreground_key(&self, _plot: usize) -> Option<u64> {
        None
    }

    /// While the demo plays or has pending work, whether `plot` may be repainted on the
    /// shell's animation frame number `frame` (it counts every frame). A demo whose plots are
    /// each expensive to paint lets them take turns, so that no frame paints all of them;
    /// a plot not due keeps its last picture until a frame where it is. Once playing and the
    /// work end, every plot is drawn whole again. The default: every plot on every frame.
    fn plot_due(&self, _plot: usize, _frame: u64) -> bool {
        true
    }

    /// A raster image to put under the background layer's vector drawing, if the plot has
    /// one (heatmaps, 3-D surfaces). The demo caches it; the shell scales it to the canvas.
    fn background_raster(&mut self, _plot: usize, _frame: &Frame) -> Option<&RgbaImage> {
        None
    }

    /// The numbers plot `plot` draws, as a table (its data alternative); see [`PlotTable`].
    fn plot_table(&self, _plot: usize) -> Option<PlotTable> {
        None
    }

    /// What plot `plot` shows now, in one or two plain sentences for screen readers: the
    /// current picture ("Adam at (0.98, 0.96), loss 0.0004 after 150 steps"), not a fixed
    /// sentence. None falls back to the registry's `alt` text.
    fn plot_description(&self, _plot: usize) -> Option<String> {
        None
    }

    /// Pointer input on a plot; returns true when the state changed.
    fn pointer(&mut self, _plot: usize, _input: PointerInput) -> bool {
        false
    }

    /// A key pressed while a plot has focus (arrow keys move things); true when handled.
    /// `key` is the DOM `KeyboardEvent.key`; with Shift held it is "Shift+" and that name
    /// ("Shift+ArrowLeft"), and a demo that does not handle the shifted name gets the plain
    /// one next, so only demos with a bigger Shift step need to know about it.
    fn key(&mut self, _plot: usize, _key: &str) -> bool {
        false
    }

    /// Advances a playing demo by one animation frame with a time budget: demos that can do
    /// many iterations per frame (training epochs) read the clock through `now_ms` and stop
    /// once `budget_ms` is spent. Returns false when there is nothing more to do.
    fn advance_frame_budgeted(&mut self, _now_ms: &dyn Fn() -> f64, _budget_ms: f64) -> bool {
        self.advance_frame()
    }

    /// Does one bounded chunk (about a millisecond) of pending heavy work, such as drawing a
    /// million samples, and returns the fraction done; None when nothing is pending. The shell
    /// calls it repeatedly within a per-frame budget and redraws once per frame, so the page
    /// never blocks.
    fn work_chunk(&mut self) -> Option<f64> {
        None
    }

    /// How long the shell may run this demo's pending work ([`Demo::work_chunk`]) per
    /// animation frame, when less than its default of 8 ms: a demo whose frames also paint
    /// much asks for less, so that the work and the painting fit one 60 Hz frame together.
    /// None, the default, keeps the shell's budget.
    fn work_budget_ms(&self) -> Option<f64> {
        None
    }

    /// Whether playing may run in a background Worker ([`background::BackgroundRun`], a second
    /// instance of the module) instead of on the page's thread: the page then only applies
    /// the Worker's snapshots and paints, so training never takes a frame's time. Only for
    /// open-ended runs whose state fits a lossless snapshot.
    fn trains_in_background(&self) -> bool {
        false
    }

    /// The run's complete state as text (lossless: the next iterations and every readout
    /// depend only on it and the controls), or None before the first iteration.
    fn background_snapshot(&self) -> Option<String> {
        None
    }

    /// Continues from a [`Demo::background_snapshot`] of a run with the same settings. On
    /// error the state is unchanged.
    fn apply_background_snapshot(&mut self, _snapshot: &str) -> Result<(), String> {
        Err("this demo does not train in the background".into())
    }

    /// Runs the action `key` of [`DemoInfo::actions`].
    fn action(&mut self, key: &str) -> Result<(), String> {
        Err(format!("“{key}” is not an action of this demo"))
    }

    /// The content of the export `key` of [`DemoInfo::exports`], or None when there is
    /// nothing to export now.
    fn export(&self, _key: &str) -> Option<String> {
        None
    }

    /// A text file loaded through the import `key`; on error the state is unchanged.
    fn import_text(&mut self, key: &str, _text: &str) -> Result<(), String> {
        Err(format!("“{key}” does not accept text files"))
    }

    /// An image loaded through the import `key`, as `width × height` RGBA bytes (row-major,
    /// 4 bytes a pixel); on error the state is unchanged.
    fn import_image(
        &mut self,
        key: &str,
        _width: u32,
        _height: u32,
        _rgba: &[u8],
    ) -> Result<(), String> {
        Err(format!("“{key}” does not accept images"))
    }
}

/// Drives a demo's pending [`Demo::work_chunk`]s to completion (natively: tests, exports).
/// Bounded so a demo that never reports done cannot hang the caller.
pub fn finish_work(demo: &mut dyn Demo) {
    for _ in 0..1_000_000 {
        if demo.work_chunk().is_none() {
            return;
        }
    }
}

/// Readouts the shell adds to every stepping demo: the toolbar's step counter.
pub const PLAYHEAD_STEP_READOUT: &str = "playhead.step";
pub const PLAYHEAD_LAST_READOUT: &str = "playhead.last";

/// A URL parameter the demo could not use as given, listed in the page's notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedParam {
    pub key: String,
    pub value: String,
    /// What happened, in words a reader understands ("out of range, set to 1 (the largest
    /// allowed)").
    pub reason: String,
    /// The value used instead, when the parameter was adjusted rather than ignored: clamped
    /// into its range, the part of a list that could be read, or the last of several
    /// occurrences of a key. None when the setting kept its previous value.
    pub used: Option<String>,
}

/// The notice's words for a value clamped to one end of its range.
fn clamped_reason(clamped: &params::Clamped) -> String {
    format!(
        "out of range, set to {} (the {} allowed)",
        clamped.value,
        if clamped.above { "largest" } else { "smallest" }
    )
}

/// Finds the control a URL key (or one of its old aliases) names.
pub fn control_for_key<'a>(info: &'a DemoInfo, key: &str) -> Option<&'a ControlSpec> {
    info.controls
        .iter()
        .find(|c| c.key == key || c.aliases.contains(&key))
}

/// Every URL key of a demo's controls (with their old aliases) and every action key: the
/// names `controls=` accepts (with the file inputs' keys), and the names a shell view key
/// must not shadow.
pub fn control_and_action_keys(info: &DemoInfo) -> Vec<&'static str> {
    info.controls
        .iter()
        .flat_map(|c| std::iter::once(c.key).chain(c.aliases.iter().copied()))
        .chain(info.actions.iter().map(|a| a.key))
        .chain(info.imports.iter().map(|i| i.key))
        .collect()
}

/// The view options (`show=`, `controls=`, `readouts=`, `caption=`, `theme=`) a route gives
/// this demo, checked against its plots and controls.
pub fn demo_view_options(
    info: &DemoInfo,
    params: &[(String, String)],
) -> (ViewOptions, Vec<ViewProblem>) {
    let plots: Vec<&str> = info.plots.iter().map(|p| p.id).collect();
    let controls = control_and_action_keys(info);
    view_options(
        params,
        &ViewVocabulary {
            plots: &plots,
            controls: &controls,
        },
    )
}

/// Applies URL parameters to a fresh demo: controls in the registry's order (so that,
/// e.g., the surface is chosen before the start point), then `steps=`. Everything that
/// cannot be used as given is returned: a number outside its range is clamped to the
/// nearer end, a list keeps the entries it can read ([`Demo::set_param_from_link`]), a key
/// given twice uses its last value, and anything else keeps the demo's default.
pub fn apply_params(
    info: &DemoInfo,
    demo: &mut dyn Demo,
    params: &[(String, String)],
) -> Vec<RejectedParam> {
    let mut rejected = Vec::new();
    let reject = |key: &str, value: &str, reason: String| RejectedParam {
        key: key.to_owned(),
        value: value.to_owned(),
        reason,
        used: None,
    };
    let adjust = |key: &str, value: &str, reason: String, used: String| RejectedParam {
        key: key.to_owned(),
        value: value.to_owned(),
        reason,
        used: Some(used),
    };
    // A key given more than once (under its name or an old alias): the last one wins, and
    // the reader is told, since the earlier values were silently ignored before.
    let repeated = |names: &[&str]| -> Option<RejectedParam> {
        let given: Vec<&(String, String)> = params
            .iter()
            .filter(|(k, _)| names.contains(&k.as_str()))
            .collect();
        let (last_key, last_value) = given.last()?;
        (given.len() > 1).then(|| {
            let all: Vec<String> = given.iter().map(|(k, v)| format!("{k}={v}")).collect();
            adjust(
                last_key,
                last_value,
                format!(
                    "given {} times ({}); the last one is used",
                    given.len(),
                    all.join(", ")
                ),
                last_value.clone(),
            )
        })
    };
    for (key, value) in params {
        let known = key == EMBED_KEY
            || key == STEPS_KEY
            || VIEW_KEYS.contains(&key.as_str())
            || control_for_key(info, key).is_some();
        if !known {
            rejected.push(reject(
                key,
                value,
                format!("“{key}” is not a setting of this demo"),
            ));
        }
    }
    for control in info.controls {
        let mut names = vec![control.key];
        names.extend_from_slice(control.aliases);
        rejected.extend(repeated(&names));
        // The last occurrence wins, whether it used the current name or an alias.
        let given = params
            .iter()
            .rev()
            .find(|(k, _)| names.contains(&k.as_str()));
        let Some((key, value)) = given else {
            continue;
        };
        match demo.set_param_from_link(control.key, value) {
            Ok(None) => {}
            Ok(Some(note)) => {
                let used = demo.param(control.key).unwrap_or_default();
                rejected.push(adjust(key, value, note, used));
            }
            Err(reason) => {
                let range = demo.slider_range(control.key);
                match params::clamp_to_range(control, value, range) {
                    Some(clamped) if demo.set_param(control.key, &clamped.value).is_ok() => {
                        let reason = clamped_reason(&clamped);
                        rejected.push(adjust(key, value, reason, clamped.value));
                    }
                    _ => {
                        let kept = demo.param(control.key).unwrap_or_default();
                        let reason = if kept.is_empty() {
                            reason
                        } else {
                            format!("{reason} (kept {kept})")
                        };
                        rejected.push(reject(key, value, reason));
                    }
                }
            }
        }
    }
    rejected.extend(repeated(&[STEPS_KEY]));
    if let Some((_, value)) = params.iter().rev().find(|(k, _)| k == STEPS_KEY) {
        if !info.stepping {
            rejected.push(reject(
                STEPS_KEY,
                value,
                "this demo does not iterate".to_owned(),
            ));
        } else {
            demo.finish_last_step();
            let last = demo.max_step();
            match params::parse_integer(value, 0, last as i64) {
                Ok(step) => demo.go_to_step(step as usize),
                Err(reason) => match params::clamp_text(value, 0.0, last as f64) {
                    Some(clamped) => {
                        demo.go_to_step(if clamped.above { last } else { 0 });
                        let reason = clamped_reason(&clamped);
                        rejected.push(adjust(STEPS_KEY, value, reason, clamped.value));
                    }
                    None => rejected.push(reject(STEPS_KEY, value, reason)),
                },
            }
        }
    }
    rejected
}

/// Every control's value in a fresh demo, in registry order: what `current_params` leaves
/// out of the URL. Computed once per mounted demo (creating a demo runs its computation).
pub fn default_params(info: &DemoInfo) -> Vec<(&'static str, String)> {
    let fresh = (info.create)();
    info.controls
        .iter()
        .filter_map(|c| Some((c.key, fresh.param(c.key)?)))
        .collect()
}

/// The parameters to write into the URL: every control whose value differs from its default,
/// in registry order, then `steps=` when the iteration shown is not the one a fresh demo with
/// these parameters would show.
pub fn current_params(
    info: &DemoInfo,
    demo: &dyn Demo,
    defaults: &[(&'static str, String)],
) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = info
        .controls
        .iter()
        .filter_map(|control| {
            let value = demo.param(control.key)?;
            let default = defaults
                .iter()
                .find(|(key, _)| *key == control.key)
                .map(|(_, v)| v);
            (default != Some(&value)).then(|| (control.key.to_owned(), value))
        })
        .collect();
    if info.stepping && demo.current_step() != demo.default_step() {
        params.push((STEPS_KEY.to_owned(), demo.current_step().to_string()));
    }
    params
}

#[cfg(test)]
mod contract_tests;
#[cfg(test)]
mod tests;
