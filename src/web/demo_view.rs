//! A mounted demo: its DOM (explanation, toolbar, plots, controls, readouts, notices), the
//! listeners that drive it and the render loop. Dropping a [`MountedDemo`] removes every
//! listener, disconnects the resize observer and cancels any scheduled frame.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Element, Event, HtmlAnchorElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent,
    PointerEvent, ResizeObserver, ResizeObserverEntry,
};

use super::background::{BackgroundTrainer, BackgroundUpdate};
use super::canvas::PlotView;
use super::dom::{
    append, cast, document, now_ms, select_all, set_attribute_if_changed, set_hidden,
    set_root_flag, set_style, set_text_if_changed, window,
};
use super::embed_panel;
use super::files;
use super::listeners::{AnimationLoop, Listener};
use super::png_export;
use super::stats;
use crate::demos::params::{format_param_number, round_significant};
use crate::demos::{
    ControlKind, ControlSpec, Demo, DemoInfo, Frame, ImportKind, NoticeLevel,
    PLAYHEAD_LAST_READOUT, PLAYHEAD_STEP_READOUT, PointerInput, PointerPhase, RejectedParam,
    apply_params, control_and_action_keys, current_params, default_params,
};
use crate::render::theme::Theme;
use crate::text::escape_html;
use crate::url::{EMBED_KEY, STEPS_KEY, ViewOptions, ViewProblem, format_hash, is_view_key};

/// The inputs of one control.
struct ControlView {
    spec: &'static ControlSpec,
    container: Element,
    /// The slider, select, checkbox or text box.
    primary: Element,
    /// The editable number box next to a slider.
    number_box: Option<HtmlInputElement>,
    hint: Element,
    error: Element,
}

/// Everything a render pass and the event handlers share.
struct DemoState {
    info: &'static DemoInfo,
    demo: Box<dyn Demo>,
    embed: bool,
    dark: bool,
    /// What the page shows (`show=`, `controls=`, `readouts=`, `caption=`); trims embeds only.
    view: ViewOptions,
    /// The view keys as the URL gave them, written back with every state.
    view_params: Vec<(String, String)>,
    plots: Vec<PlotView>,
    /// Whether each plot (by index into `info.plots`) is on the page; hidden plots are not drawn.
    plot_shown: Vec<bool>,
    /// Which controls were hidden on the last render (inactive, or trimmed from an embed).
    controls_hidden: Vec<bool>,
    controls: Vec<ControlView>,
    readouts_root: Element,
    readout_outputs: HashMap<String, Element>,
    /// The readouts the panel was built for (name, label and group of each).
    readout_layout: Vec<String>,
    notices_root: Element,
    url_notices: Vec<RejectedParam>,
    input_errors: HashMap<&'static str, String>,
    play_button: Option<Element>,
    step_readout: Option<Element>,
    /// Shows how far pending chunked work ([`Demo::work_chunk`]) has got.
    progress_bar: Element,
    /// The demo reported pending work on the last frame.
    working: bool,
    /// The last action or file import that failed, shown as a notice until the next success.
    action_error: Option<String>,
    playing: bool,
    /// The Worker that trains a playing run off this thread ([`Demo::trains_in_background`]),
    /// started on the first play and kept until the demo is unmounted.
    background: Option<BackgroundTrainer>,
    /// The Worker has the current state and is training it.
    background_running: bool,
    /// The reader changed something while the Worker trained: its job restarts from the
    /// page's state on the next frame.
    background_stale: bool,
    /// No Worker could be started (or it failed): playing trains on this thread.
    background_unavailable: bool,
    /// The state changed since the last render pass (foregrounds, readouts, URL).
    dirty: bool,
    /// While a Worker trains, a new state is painted over two frames: the even-numbered
    /// plots (and the readouts) on the frame that applies it, the odd ones on the next, so
    /// that no frame carries all the drawing; the pictures then follow the run at 30 Hz, and
    /// a paused run is always painted whole. True between the two.
    second_half_due: bool,
    frame_request: Option<AnimationLoop>,
    last_frame_time: Option<f64>,
    /// Animation frames run so far (plots take turns by it while busy: [`Demo::plot_due`]).
    frame_number: u64,
    /// The plots inside the viewport have been drawn (the performance mark
    /// `mlviz-first-render`): until then a frame draws only those, so that the first frame
    /// the reader sees is not held back by pictures below the fold.
    view_drawn: bool,
    /// The frame after that still has plots outside the viewport to draw.
    plots_deferred: bool,
    /// Every plot shown has been drawn: the page is ready (`data-mlviz-ready`, the
    /// performance mark `mlviz-all-plots-drawn`) and the explanation is fetched.
    first_render_done: bool,
    /// The explanation's container, filled after the first render (typesetting it is the
    /// slowest part of mounting and it sits below the fold).
    explanation_body: Option<Element>,
    /// Each control's default value, for writing only what differs into the URL.
    defaults: Vec<(&'static str, String)>,
    /// When the URL was last written, and whether a newer state still waits to be written.
    last_url_write: f64,
    url_pending: bool,
    /// Called with the new hash whenever the state changes (the shell writes it).
    on_url_change: Rc<dyn Fn(&str)>,
}

/// A demo on the page. Owns its listeners; dropping it tears everything down.
pub struct MountedDemo {
    state: Rc<RefCell<DemoState>>,
    root: Element,
    _listeners: Vec<Listener>,
    resize_observer: ResizeObserver,
    _resize_callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for MountedDemo {
    fn drop(&mut self) {
        self.resize_observer.disconnect();
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.frame_request = None;
        }
        self.root.remove();
    }
}

impl MountedDemo {
    /// Builds the demo's DOM inside `parent`, applies the URL parameters and schedules the
    /// first render. `on_url_change` receives the new hash after each change.
    pub fn mount(
        parent: &Element,
        info: &'static DemoInfo,
        params: &[(String, String)],
        embed: bool,
        (view, view_problems): (ViewOptions, Vec<ViewProblem>),
        dark: bool,
        on_url_change: Rc<dyn Fn(&str)>,
    ) -> Result<Self, JsValue> {
        let mut demo = (info.create)();
        let mut url_notices = apply_params(info, demo.as_mut(), params);
        url_notices.extend(view_problems.into_iter().map(|p| RejectedParam {
            key: p.key,
            value: p.value,
            reason: p.reason,
            used: None,
        }));
        let demo_keys = control_and_action_keys(info);
        let view_params: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| is_view_key(k, &demo_keys))
            .cloned()
            .collect();
        // Embeds show the lede and the explanation only when asked (`caption=1`).
        let show_caption = !embed || view.caption == Some(true);
        let plot_shown: Vec<bool> = info
            .plots
            .iter()
            .map(|p| !embed || view.shows_plot(p.id))
            .collect();

        let root = append(
            parent,
            "article",
            &[("class", "demo"), ("data-demo-id", info.id)],
            None,
        )?;
        let header = append(&root, "header", &[("class", "demo-header")], None)?;
        append(&header, "h1", &[], Some(info.title))?;
        if show_caption {
            append(&header, "p", &[("class", "lede")], Some(info.summary))?;
        }
        if embed {
            let full = format_hash(info.id, &without_embed(params, &demo_keys));
            append(
                &header,
                "a",
                &[
                    ("class", "embed-backlink"),
                    ("href", &format!("./{full}")),
                    ("target", "_blank"),
                    ("rel", "noopener"),
                ],
                Some("Open the full page ↗"),
            )?;
        }
        let notices_root = append(
            &root,
            "div",
            &[
                ("class", "notices"),
                ("role", "status"),
                ("aria-live", "polite"),
            ],
            None,
        )?;
        let layout = append(&root, "div", &[("class", "demo-layout")], None)?;
        let main_column = append(&layout, "div", &[("class", "main-column")], None)?;
        // The toolbar sits right above the picture it drives; on a phone it and the primary
        // plot stay pinned while the controls scroll under them.
        let toolbar = append(
            &main_column,
            "div",
            &[
                ("class", "toolbar"),
                ("role", "toolbar"),
                ("aria-label", "Demo actions"),
            ],
            None,
        )?;
        let (play_button, step_readout) = if info.stepping {
            let play = append(
                &toolbar,
                "button",
                &[
                    ("type", "button"),
                    ("data-action", "play"),
                    ("aria-pressed", "false"),
                ],
                Some("▶ Play"),
            )?;
            // Icons as inline SVG: the media-control characters are missing from many fonts.
            toolbar_button(&toolbar, "step", STEP_ICON, "Step")?;
            toolbar_button(&toolbar, "reset", RESET_ICON, "Reset")?;
            // Numbers are outputs with full-precision values, like every readout.
            let counter = append(&toolbar, "span", &[("class", "step-counter")], None)?;
            append(&counter, "span", &[("class", "step-word")], Some("step "))?;
            append(
                &counter,
                "output",
                &[("data-readout", PLAYHEAD_STEP_READOUT)],
                None,
            )?;
            counter.append_with_str_1(" / ")?;
            append(
                &counter,
                "output",
                &[("data-readout", PLAYHEAD_LAST_READOUT)],
                None,
            )?;
            (Some(play), Some(counter))
        } else {
            (None, None)
        };
        let progress_bar = append(
            &toolbar,
            "progress",
            &[
                ("class", "work-progress"),
                ("max", "1"),
                ("value", "0"),
                ("aria-label", "Computing"),
                ("hidden", ""),
            ],
            None,
        )?;
        append(&toolbar, "span", &[("class", "spacer")], None)?;
        if !embed {
            build_share_menu(&toolbar, info)?;
        }
        let share_panel = append(
            &main_column,
            "div",
            &[("class", "share-panel"), ("hidden", "")],
            None,
        )?;
        let plots_root = append(&main_column, "div", &[("class", "plots")], None)?;
        let plots = info
            .plots
            .iter()
            .map(|spec| PlotView::create(&plots_root, info.id, spec))
            .collect::<Result<Vec<_>, _>>()?;
        // The first plot shown is the primary one: full width, and pinned on a phone.
        let mut primary_marked = false;
        for (plot, shown) in plots.iter().zip(&plot_shown) {
            if !shown {
                set_hidden(&plot.figure, true);
            } else if !primary_marked {
                plot.figure.class_list().add_1("primary")?;
                primary_marked = true;
            }
        }
        let side = append(&layout, "div", &[("class", "side")], None)?;
        let controls_root = append(
            &side,
            "form",
            &[("class", "controls"), ("aria-label", "Controls")],
            None,
        )?;
        let controls = build_controls(&controls_root, info)?;
        let readouts_root = append(
            &main_column,
            "section",
            &[("class", "readouts"), ("aria-label", "Readouts")],
            None,
        )?;
        // The picture comes first; the explanation follows it (collapsed when embedded, and
        // left out of embeds unless `caption=1`).
        let explanation_body = if show_caption {
            let explanation = append(&root, "details", &[("class", "explanation")], None)?;
            if !embed {
                explanation.set_attribute("open", "")?;
            }
            append(&explanation, "summary", &[], Some("What you are seeing"))?;
            Some(append(
                &explanation,
                "div",
                &[("class", "explanation-body")],
                None,
            )?)
        } else {
            None
        };

        let state = Rc::new(RefCell::new(DemoState {
            info,
            demo,
            embed,
            dark,
            view,
            view_params,
            plots,
            plot_shown,
            controls_hidden: Vec::new(),
            controls,
            readouts_root,
            readout_outputs: HashMap::new(),
            readout_layout: Vec::new(),
            notices_root,
            url_notices,
            input_errors: HashMap::new(),
            play_button,
            step_readout,
            progress_bar,
            working: false,
            action_error: None,
            playing: false,
            background: None,
            background_running: false,
            background_stale: false,
            background_unavailable: false,
            dirty: true,
            second_half_due: false,
            frame_request: None,
            last_frame_time: None,
            frame_number: 0,
            view_drawn: false,
            plots_deferred: false,
            first_render_done: false,
            explanation_body,
            defaults: default_params(info),
            last_url_write: f64::NEG_INFINITY,
            url_pending: false,
            on_url_change,
        }));

        let mut listeners = Vec::new();
        listen_controls(&state, &mut listeners);
        listen_imports(&state, &controls_root, &mut listeners);
        listen_toolbar(&state, &root, &share_panel, &mut listeners)?;
        listen_plots(&state, &mut listeners);

        let weak = Rc::downgrade(&state);
        let resize_callback =
            Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                let Some(state) = weak.upgrade() else { return };
                let ratio = web_sys::window()
                    .map(|w| w.device_pixel_ratio())
                    .unwrap_or(1.0)
                    .clamp(1.0, 4.0);
                let mut changed = false;
                if let Ok(mut s) = state.try_borrow_mut() {
                    for entry in entries.iter() {
                        let Ok(entry) = entry.dyn_into::<ResizeObserverEntry>() else {
                            continue;
                        };
                        let target = entry.target();
                        let rect = entry.content_rect();
                        for plot in s.plots.iter_mut() {
                            if plot.foreground.parent_element().as_ref() == Some(&target) {
                                changed |=
                                    plot.resize(rect.width().round(), rect.height().round(), ratio);
                            }
                        }
                    }
                    if changed {
                        s.dirty = true;
                    }
                }
                if changed {
                    request_render(&state);
                }
            });
        let resize_observer = ResizeObserver::new(resize_callback.as_ref().unchecked_ref())?;
        {
            // Measuring now (one forced layout) lets the first frame draw everything instead
            // of waiting a frame for the observer's first report.
            let ratio = window()?.device_pixel_ratio().clamp(1.0, 4.0);
            let mut s = state.borrow_mut();
            for plot in s.plots.iter_mut() {
                if let Some(boxed) = plot.foreground.parent_element() {
                    resize_observer.observe(&boxed);
                    let (width, height) = (boxed.client_width(), boxed.client_height());
                    if width > 0 && height > 0 {
                        plot.resize(width as f64, height as f64, ratio);
                    }
                }
            }
        }
        first_frame_soon(&state);
        Ok(Self {
            state,
            root,
            _listeners: listeners,
            resize_observer,
            _resize_callback: resize_callback,
        })
    }

    /// The page theme changed: redraw everything in the new colours.
    pub fn set_dark(&self, dark: bool) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.dark = dark;
            s.dirty = true;
        }
        request_render(&self.state);
    }

    pub fn demo_id(&self) -> &'static str {
        self.state.borrow().info.id
    }
}

/// The parameters of the full page that an embed links back to: without `embed` and the
/// view keys that trim the embed.
fn without_embed(params: &[(String, String)], demo_keys: &[&str]) -> Vec<(String, String)> {
    params
        .iter()
        .filter(|(k, _)| k != EMBED_KEY && !is_view_key(k, demo_keys))
        .cloned()
        .collect()
}

/// "Step": a triangle against a bar (one frame forward).
const STEP_ICON: &str = "<svg viewBox=\"0 0 16 16\" width=\"14\" height=\"14\"><path d=\"M3 2l8 6-8 6z\" fill=\"currentColor\"/><rect x=\"12\" y=\"2\" width=\"2\" height=\"12\" fill=\"currentColor\"/></svg>";
/// "Reset": a bar and a triangle pointing back to the start.
const RESET_ICON: &str = "<svg viewBox=\"0 0 16 16\" width=\"14\" height=\"14\"><rect x=\"2\" y=\"2\" width=\"2\" height=\"12\" fill=\"currentColor\"/><path d=\"M13 2L5 8l8 6z\" fill=\"currentColor\"/></svg>";

/// A toolbar button showing an icon (inline SVG markup, a constant), with a text label that
/// phones hide (the accessible name stays the label).
fn toolbar_button(toolbar: &Element, action: &str, icon: &str, label: &str) -> Result<(), JsValue> {
    let button = append(
        toolbar,
        "button",
        &[
            ("type", "button"),
            ("data-action", action),
            ("aria-label", label),
        ],
        None,
    )?;
    append(
        &button,
        "span",
        &[("class", "icon"), ("aria-hidden", "true")],
        None,
    )?
    .set_inner_html(icon);
    append(&button, "span", &[("class", "button-label")], Some(label))?;
    Ok(())
}

/// The toolbar's one menu: the link, the embed snippet and every download, so the toolbar
/// stays one row on a phone.
fn build_share_menu(toolbar: &Element, info: &'static DemoInfo) -> Result<(), JsValue> {
    let menu = append(toolbar, "details", &[("class", "toolbar-menu")], None)?;
    append(&menu, "summary", &[], Some("Share ▾"))?;
    let items = append(&menu, "div", &[("class", "menu-items")], None)?;
    append(
        &items,
        "button",
        &[("type", "button"), ("data-action", "share")],
        Some("Copy the link to this state"),
    )?;
    append(
        &items,
        "button",
        &[("type", "button"), ("data-action", "embed")],
        Some("Embed in a page…"),
    )?;
    for export in info.exports {
        append(
            &items,
            "button",
            &[
                ("type", "button"),
                ("data-action", "export"),
                ("data-export", export.key),
            ],
            Some(&format!("Download {}", export.label)),
        )?;
    }
    Ok(())
}

fn build_controls(parent: &Element, info: &'static DemoInfo) -> Result<Vec<ControlView>, JsValue> {
    let mut views = Vec::new();
    let mut current_group: Option<(&str, Element)> = None;
    for spec in info.controls {
        if current_group.as_ref().map(|(g, _)| *g) != Some(spec.group) {
            let fieldset = append(parent, "fieldset", &[("class", "control-group")], None)?;
            append(&fieldset, "legend", &[], Some(spec.group))?;
            current_group = Some((spec.group, fieldset));
        }
        let Some((_, group)) = &current_group else {
            continue;
        };
        let id = format!("ctl-{}-{}", info.id, spec.key);
        let container = append(
            group,
            "div",
            &[("class", "control"), ("data-control", spec.key)],
            None,
        )?;
        let help_id = format!("{id}-help");
        let (primary, number_box) = match spec.kind {
            ControlKind::Toggle => {
                let label = append(
                    &container,
                    "label",
                    &[("class", "toggle"), ("for", &id)],
                    None,
                )?;
                let input = append(
                    &label,
                    "input",
                    &[
                        ("type", "checkbox"),
                        ("id", &id),
                        ("aria-describedby", &help_id),
                    ],
                    None,
                )?;
                append(&label, "span", &[], Some(spec.label))?;
                label.insert_before(&input, label.first_child().as_ref())?;
                (input, None)
            }
            _ => {
                append(&container, "label", &[("for", &id)], Some(spec.label))?;
                let row = append(&container, "div", &[("class", "control-inputs")], None)?;
                match spec.kind {
                    ControlKind::Slider {
                        min,
                        max,
                        step,
                        log,
                    } => {
                        let (min, max, step) = if log {
                            (min.log10(), max.log10(), 0.001)
                        } else {
                            (min, max, step)
                        };
                        let slider = append(
                            &row,
                            "input",
                            &[
                                ("type", "range"),
                                ("id", &id),
                                ("min", &min.to_string()),
                                ("max", &max.to_string()),
                                ("step", &step.to_string()),
                                ("aria-describedby", &help_id),
                            ],
                            None,
                        )?;
                        let number = append(
                            &row,
                            "input",
                            &[
                                ("type", "text"),
                                ("inputmode", "decimal"),
                                ("class", "number-box"),
                                ("aria-label", &format!("{} (type a value)", spec.label)),
                                ("spellcheck", "false"),
                            ],
                            None,
                        )?;
                        (slider, Some(cast::<HtmlInputElement>(&number)?))
                    }
                    ControlKind::Integer { .. } => {
                        let input = append(
                            &row,
                            "input",
                            &[
                                ("type", "text"),
                                ("inputmode", "numeric"),
                                ("id", &id),
                                ("class", "number-box wide"),
                                ("aria-describedby", &help_id),
                            ],
                            None,
                        )?;
                        (input, None)
                    }
                    ControlKind::Select { options } => {
                        let select = append(
                            &row,
                            "select",
                            &[("id", &id), ("aria-describedby", &help_id)],
                            None,
                        )?;
                        for (value, label) in options {
                            append(&select, "option", &[("value", value)], Some(label))?;
                        }
                        (select, None)
                    }
                    _ => {
                        let placeholder = if let ControlKind::Text { placeholder } = spec.kind {
                            placeholder
                        } else {
                            ""
                        };
                        let input = append(
                            &row,
                            "input",
                            &[
                                ("type", "text"),
                                ("id", &id),
                                ("class", "text-box"),
                                ("placeholder", placeholder),
                                ("spellcheck", "false"),
                                ("aria-describedby", &help_id),
                            ],
                            None,
                        )?;
                        (input, None)
                    }
                }
            }
        };
        append(
            &container,
            "small",
            &[("class", "control-help"), ("id", &help_id)],
            Some(spec.help),
        )?;
        let hint = append(
            &container,
            "small",
            &[("class", "control-hint"), ("data-hint-for", spec.key)],
            None,
        )?;
        let error = append(
            &container,
            "small",
            &[("class", "control-error"), ("role", "alert")],
            None,
        )?;
        views.push(ControlView {
            spec,
            container,
            primary,
            number_box,
            hint,
            error,
        });
    }
    build_actions(parent, info)?;
    build_imports(parent, info)?;
    Ok(views)
}

/// The demo's action buttons, each in the control group it names (a new group when no control
/// has that group).
fn build_actions(parent: &Element, info: &'static DemoInfo) -> Result<(), JsValue> {
    for action in info.actions {
        let mut fieldset = None;
        let groups = parent.query_selector_all("fieldset.control-group")?;
        for index in 0..groups.length() {
            let Some(group) = groups
                .item(index)
                .and_then(|n| n.dyn_into::<Element>().ok())
            else {
                continue;
            };
            let legend = group
                .query_selector("legend")?
                .and_then(|l| l.text_content())
                .unwrap_or_default();
            if legend == action.group {
                fieldset = Some(group);
            }
        }
        let fieldset = match fieldset {
            Some(fieldset) => fieldset,
            None => {
                let fieldset = append(parent, "fieldset", &[("class", "control-group")], None)?;
                append(&fieldset, "legend", &[], Some(action.group))?;
                fieldset
            }
        };
        let row = match fieldset.query_selector(":scope > .control-actions")? {
            Some(row) => row,
            None => append(&fieldset, "div", &[("class", "control-actions")], None)?,
        };
        append(
            &row,
            "button",
            &[
                ("type", "button"),
                ("class", "demo-action"),
                ("data-demo-action", action.key),
                ("title", action.help),
            ],
            Some(action.label),
        )?;
    }
    Ok(())
}

/// One file input per import, in a group of their own at the end of the controls.
fn build_imports(parent: &Element, info: &'static DemoInfo) -> Result<(), JsValue> {
    if info.imports.is_empty() {
        return Ok(());
    }
    let fieldset = append(parent, "fieldset", &[("class", "control-group")], None)?;
    append(&fieldset, "legend", &[], Some("Your own files"))?;
    for import in info.imports {
        let id = format!("import-{}-{}", info.id, import.key);
        let container = append(
            &fieldset,
            "div",
            &[("class", "control"), ("data-import", import.key)],
            None,
        )?;
        append(&container, "label", &[("for", &id)], Some(import.label))?;
        let accept = match import.kind {
            ImportKind::Text { accept } => accept,
            ImportKind::Image => "image/*",
        };
        append(
            &container,
            "input",
            &[
                ("type", "file"),
                ("id", &id),
                ("accept", accept),
                ("data-import-key", import.key),
            ],
            None,
        )?;
        append(
            &container,
            "small",
            &[("class", "control-help")],
            Some(&format!(
                "{} The file is read in your browser and never uploaded.",
                import.help
            )),
        )?;
    }
    Ok(())
}

/// Reads a picked file and hands it to the demo. The read is asynchronous; the future holds
/// only a weak reference, so an unmounted demo simply ignores a late result.
fn listen_imports(
    state: &Rc<RefCell<DemoState>>,
    controls_root: &Element,
    listeners: &mut Vec<Listener>,
) {
    let info = state.borrow().info;
    if info.imports.is_empty() {
        return;
    }
    let weak = Rc::downgrade(state);
    listeners.push(Listener::new(
        controls_root,
        "change",
        move |event: &Event| {
            let Some(input) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(key) = input.get_attribute("data-import-key") else {
                return;
            };
            let Some(spec) = info.imports.iter().find(|i| i.key == key) else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            let weak = weak.clone();
            let kind = spec.kind;
            let key = spec.key;
            wasm_bindgen_futures::spawn_local(async move {
                let result = match kind {
                    ImportKind::Text { .. } => {
                        files::read_text(&file).await.map(ImportedFile::Text)
                    }
                    ImportKind::Image => files::read_image(&file)
                        .await
                        .map(|(w, h, rgba)| ImportedFile::Image(w, h, rgba)),
                };
                let Some(state) = weak.upgrade() else { return };
                {
                    let Ok(mut s) = state.try_borrow_mut() else {
                        return;
                    };
                    let outcome = match result {
                        Ok(ImportedFile::Text(text)) => s.demo.import_text(key, &text),
                        Ok(ImportedFile::Image(w, h, rgba)) => {
                            s.demo.import_image(key, w, h, &rgba)
                        }
                        Err(_) => Err(format!("“{}” could not be read", file.name())),
                    };
                    s.background_stale = true;
                    s.action_error = outcome.err();
                    s.dirty = true;
                }
                request_render(&state);
            });
        },
    ));
}

/// A file read by [`listen_imports`].
enum ImportedFile {
    Text(String),
    Image(u32, u32, Vec<u8>),
}

/// The first frame is drawn as soon as the code that mounted the demo returns (a microtask),
/// not on the next animation frame: the canvases then hold the picture when the browser
/// paints its next frame, one frame (and the layout of that frame) earlier than waiting for
/// `requestAnimationFrame` (issue 12: the playground's first frame). A microtask rather than
/// now, because the shell is still borrowed while it mounts (the first frame may write the URL
/// through it). A frame requested meanwhile is replaced by this one.
fn first_frame_soon(state: &Rc<RefCell<DemoState>>) {
    // Also on the next animation frame, in case the state is borrowed when the microtask runs
    // (it then draws nothing and keeps this request).
    request_render(state);
    let weak = Rc::downgrade(state);
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(state) = weak.upgrade() {
            on_animation_frame(&state, now_ms());
        }
    });
}

/// Schedules one render pass on the next animation frame (coalescing bursts of input).
fn request_render(state: &Rc<RefCell<DemoState>>) {
    let Ok(mut s) = state.try_borrow_mut() else {
        return;
    };
    if s.frame_request.is_some() {
        return;
    }
    let weak = Rc::downgrade(state);
    s.frame_request = Some(AnimationLoop::request(move |time| {
        if let Some(state) = weak.upgrade() {
            on_animation_frame(&state, time);
        }
    }));
}

fn on_animation_frame(state: &Rc<RefCell<DemoState>>, time: f64) {
    let started = now_ms();
    let keep_going = {
        let Ok(mut s) = state.try_borrow_mut() else {
            return;
        };
        s.frame_request = None;
        s.frame_number = s.frame_number.wrapping_add(1);
        if let Some(last) = s.last_frame_time {
            stats::record_interval(time - last);
        }
        if s.playing && s.second_half_due && !s.dirty {
            // The second half of the state applied on the last frame; the next snapshot
            // waits for the next frame.
            s.second_half_due = false;
            draw_plots(&mut s, Some(1), true, false);
        } else {
            s.second_half_due = false;
            let mut split = false;
            if s.playing {
                let in_background = s.demo.trains_in_background() && !s.background_unavailable;
                let (more, changed) = if in_background {
                    play_in_background(&mut s)
                } else {
                    pause_background(&mut s);
                    (s.demo.advance_frame_budgeted(&now_ms, PLAY_BUDGET_MS), true)
                };
                // A frame without a new snapshot has nothing new to paint.
                if changed || !more {
                    s.dirty = true;
                }
                if !more {
                    s.playing = false;
                }
                split = in_background && changed && s.playing && s.background_running;
            }
            if !s.playing {
                pause_background(&mut s);
            }
            run_pending_work(&mut s);
            render(&mut s, split.then_some(0));
            s.second_half_due = split;
        }
        s.last_frame_time = (s.playing || s.working).then_some(time);
        // A throttled URL write still pending needs another frame to be flushed.
        s.playing || s.url_pending || s.working || s.plots_deferred
    };
    stats::record_frame_work(now_ms() - started);
    if keep_going {
        request_render(state);
    }
}

/// One frame of a run training in the Worker: (re)starts its job from this page's state when
/// needed and applies the newest snapshot. Returns whether playing goes on and whether the
/// state changed (a snapshot was applied, or this thread trained). Without a Worker,
/// or when it fails, the run goes on training on this thread, from the state last shown.
fn play_in_background(s: &mut DemoState) -> (bool, bool) {
    if s.background.is_none() {
        match BackgroundTrainer::spawn() {
            Ok(trainer) => s.background = Some(trainer),
            Err(_) => {
                s.background_unavailable = true;
                return (s.demo.advance_frame_budgeted(&now_ms, PLAY_BUDGET_MS), true);
            }
        }
    }
    if s.background_stale || !s.background_running {
        // The job: this demo's link without `steps=` (its controls) and the exact state.
        let params: Vec<(String, String)> = current_params(s.info, s.demo.as_ref(), &s.defaults)
            .into_iter()
            .filter(|(key, _)| key != STEPS_KEY)
            .collect();
        let hash = format_hash(s.info.id, &params);
        let query = hash
            .split_once('?')
            .map_or("", |(_, query)| query)
            .to_owned();
        let snapshot = s.demo.background_snapshot();
        let id = s.info.id;
        let Some(trainer) = s.background.as_mut() else {
            return (false, true);
        };
        if trainer.start(id, &query, snapshot).is_err() {
            s.background_unavailable = true;
            return (true, true);
        }
        s.background_running = true;
        s.background_stale = false;
        set_background_marker(true);
    }
    let update = s
        .background
        .as_ref()
        .map_or(BackgroundUpdate::Nothing, |t| t.take());
    match update {
        BackgroundUpdate::Nothing => (true, false),
        BackgroundUpdate::Snapshot(text) => {
            if s.demo.apply_background_snapshot(&text).is_err() {
                // Not expected (the Worker runs the same code on the same settings); the
                // page's own thread takes over from the state it shows.
                pause_background(s);
                s.background_unavailable = true;
            }
            (true, true)
        }
        // The run cannot go on (it diverged, or reached its bound): this thread's own step
        // then says so and ends playing.
        BackgroundUpdate::Finished => {
            pause_background(s);
            (s.demo.advance_frame_budgeted(&now_ms, PLAY_BUDGET_MS), true)
        }
        BackgroundUpdate::Failed(_) => {
            pause_background(s);
            s.background_unavailable = true;
            (true, true)
        }
    }
}

/// Stops the Worker's job (its snapshots in flight are dropped); the page keeps the state it
/// shows, which is exact at its iteration.
fn pause_background(s: &mut DemoState) {
    if s.background_running {
        if let Some(trainer) = s.background.as_mut() {
            trainer.pause();
        }
        s.background_running = false;
        set_background_marker(false);
    }
}

/// `data-mlviz-background="1"` on the root element while a Worker trains (for the tests and
/// the benchmark).
fn set_background_marker(on: bool) {
    set_root_flag("data-mlviz-background", on);
}

/// How long a playing demo may iterate per frame ([`Demo::advance_frame_budgeted`]), and how
/// long pending chunked work may run per frame: together with drawing they stay under a 60 Hz
/// frame.
const PLAY_BUDGET_MS: f64 = 8.0;
const WORK_BUDGET_MS: f64 = 8.0;

/// Runs chunks of the demo's pending work for up to [`WORK_BUDGET_MS`] (or the demo's shorter
/// [`Demo::work_budget_ms`]) and shows the progress;
/// `data-mlviz-busy` on the root element says work is still pending (the tests wait for it).
fn run_pending_work(s: &mut DemoState) {
    let started = now_ms();
    let budget = s
        .demo
        .work_budget_ms()
        .map_or(WORK_BUDGET_MS, |ms| ms.min(WORK_BUDGET_MS));
    let mut progress = None;
    // A chunk is not started when one more like the last would end past the budget: the
    // budget bounds the frame's work, not just when the last chunk may begin.
    let mut last_chunk_ms = 0.0;
    loop {
        let before = now_ms();
        if before - started + last_chunk_ms > budget && progress.is_some() {
            break;
        }
        match s.demo.work_chunk() {
            Some(fraction) => progress = Some(fraction),
            None => {
                progress = None;
                break;
            }
        }
        last_chunk_ms = now_ms() - before;
    }
    let was_working = s.working;
    s.working = progress.is_some();
    if s.working || was_working {
        s.dirty = true;
    }
    if s.working != was_working {
        set_hidden(&s.progress_bar, !s.working);
        set_root_flag("data-mlviz-busy", s.working);
    }
    if let Some(fraction) = progress {
        let _ = s
            .progress_bar
            .set_attribute("value", &format!("{:.3}", fraction.clamp(0.0, 1.0)));
    }
}

/// Draws stale layers and syncs controls, readouts, notices and the URL with the state;
/// `half` limits the plots drawn to those of one parity ([`draw_plots`]).
fn render(s: &mut DemoState, half: Option<usize>) {
    let in_view_only = !s.view_drawn;
    let deferred = draw_plots(s, half, s.dirty, in_view_only);
    s.plots_deferred = deferred > 0;
    if !s.dirty {
        write_url_if_due(s);
        note_first_frames(s, deferred);
        return;
    }
    s.dirty = false;
    sync_controls(s);
    sync_readouts(s);
    if s.embed && s.view.readouts.is_some() {
        trim_readouts(s);
    }
    sync_data_alternatives(s);
    sync_notices(s);
    if let Some(play) = &s.play_button {
        set_text_if_changed(
            play,
            if s.playing {
                "❚❚ Pause"
            } else {
                "▶ Play"
            },
        );
        set_attribute_if_changed(
            play,
            "aria-pressed",
            if s.playing { "true" } else { "false" },
        );
    }
    if let Some(counter) = &s.step_readout {
        let values = [
            (PLAYHEAD_STEP_READOUT, s.demo.current_step()),
            (PLAYHEAD_LAST_READOUT, s.demo.toolbar_last_step()),
        ];
        for (name, value) in values {
            if let Ok(Some(output)) =
                counter.query_selector(&format!("output[data-readout=\"{name}\"]"))
            {
                let text = value.to_string();
                set_attribute_if_changed(&output, "data-value", &text);
                set_text_if_changed(&output, &text);
            }
        }
    }
    // While playing, the URL is written when the animation stops, not 60 times a second.
    if !s.playing {
        s.url_pending = true;
        write_url_if_due(s);
    }
    note_first_frames(s, deferred);
}

/// After a render pass that left `deferred` plots outside the viewport undrawn: marks the
/// first frame whose visible plots are all drawn (`mlviz-first-render`, what the reader
/// sees first), and then the one with every plot drawn, which makes the page ready and
/// fetches the explanation.
fn note_first_frames(s: &mut DemoState, deferred: usize) {
    if s.first_render_done {
        return;
    }
    let all_sized = s
        .plots
        .iter()
        .zip(&s.plot_shown)
        .all(|(p, shown)| !shown || p.geometry.is_some());
    if !all_sized {
        return;
    }
    if !s.view_drawn {
        s.view_drawn = true;
        performance_mark("mlviz-first-render");
    }
    if deferred == 0 {
        s.first_render_done = true;
        if let Some(body) = s.explanation_body.take() {
            load_explanation(body, s.info.id);
        }
        super::shell::mark_ready();
        performance_mark("mlviz-all-plots-drawn");
    }
}

fn performance_mark(name: &str) {
    if let Ok(w) = window()
        && let Some(performance) = w.performance()
    {
        let _ = performance.mark(name);
    }
}

/// Whether any part of `element` lies inside the window's viewport. Read at the first
/// render, when the layout that sized the canvases is still clean, so it forces no layout.
fn in_viewport(element: &Element) -> bool {
    let Some(height) = window()
        .ok()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
    else {
        return true;
    };
    let rect = element.get_bounding_client_rect();
    rect.bottom() > 0.0 && rect.top() < height
}

/// Draws the stale layers of the plots (those with `index % 2 == parity` when `half` gives
/// one), and their foregrounds when `foreground` or their background was redrawn; a plot
/// with a [`Demo::foreground_key`] redraws its foreground only when that key changed.
/// With `in_view_only`, plots outside the viewport are left for a later frame; returns how
/// many were.
fn draw_plots(
    s: &mut DemoState,
    half: Option<usize>,
    foreground: bool,
    in_view_only: bool,
) -> usize {
    let theme = Theme::from_dark_flag(s.dark);
    let dark = s.dark;
    let busy = s.playing || s.working;
    let mut errors = Vec::new();
    let mut deferred = 0;
    for (index, plot) in s.plots.iter_mut().enumerate() {
        let Some(geometry) = plot.geometry else {
            continue;
        };
        if half.is_some_and(|parity| index % 2 != parity) {
            continue;
        }
        if in_view_only && s.plot_shown[index] && !in_viewport(&plot.figure) {
            deferred += 1;
            continue;
        }
        // A plot whose turn it is not waits, unless it has no picture at its size yet.
        if busy && plot.is_drawn() && !s.demo.plot_due(index, s.frame_number) {
            continue;
        }
        let frame = Frame {
            geometry,
            theme,
            for_export: false,
        };
        match plot.draw_background_if_stale(s.demo.as_mut(), index, &frame, dark) {
            Ok(redrawn) => {
                if let Err(e) = plot.draw_foreground_if_due(
                    s.demo.as_mut(),
                    index,
                    &frame,
                    dark,
                    redrawn || foreground,
                ) {
                    errors.push(e);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    for error in errors {
        web_sys::console::warn_1(&error);
    }
    deferred
}

thread_local! {
    /// Explanations being fetched (by any demo mounted since the page loaded).
    static EXPLANATIONS_LOADING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Fetches the demo's typeset explanation, a static file (`demos::explanation_path`), into
/// `body` once the picture is on screen: the text is not part of the module, so a demo's
/// download is the code that draws it (issue 12, goal 1). `data-mlviz-explaining` on the
/// root element is "1" while a fetch is pending (the tests wait for it); the body gets
/// `data-loaded` when filled, or a short message if the file could not be read.
fn load_explanation(body: Element, id: &'static str) {
    let Some(path) = crate::demos::explanation_path(id) else {
        return;
    };
    let mark = |loading: u32| set_root_flag("data-mlviz-explaining", loading > 0);
    mark(EXPLANATIONS_LOADING.with(|n| {
        n.set(n.get() + 1);
        n.get()
    }));
    wasm_bindgen_futures::spawn_local(async move {
        // After the frame that shows the first picture: inserting and laying out the text
        // (its formulas are MathML) takes tens of milliseconds that would delay that frame.
        next_animation_frame().await;
        match fetch_text(path).await {
            Ok(html) => {
                body.set_inner_html(&html);
                fit_display_formulas(&body);
            }
            Err(error) => {
                web_sys::console::warn_2(&JsValue::from_str("explanation not loaded:"), &error);
                body.set_text_content(Some(
                    "The explanation could not be loaded (the connection may have dropped); reloading the page may help.",
                ));
            }
        }
        let _ = body.set_attribute("data-loaded", "1");
        mark(EXPLANATIONS_LOADING.with(|n| {
            n.set(n.get().saturating_sub(1));
            n.get()
        }));
    });
}

/// Resolves at the next animation frame (right away where there is no window).
async fn next_animation_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Ok(window) = window()
            && window.request_animation_frame(&resolve).is_ok()
        {
            return;
        }
        let _ = resolve.call0(&JsValue::NULL);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The body of the same-origin file at `path` (relative to the page) as text.
async fn fetch_text(path: &str) -> Result<String, JsValue> {
    let promise = window()?.fetch_with_str(path);
    let response: web_sys::Response = wasm_bindgen_futures::JsFuture::from(promise)
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(JsValue::from_str(&format!("HTTP {}", response.status())));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text()?).await?;
    text.as_string()
        .ok_or_else(|| JsValue::from_str("the response is not text"))
}

/// Display formulas shrink to fit their column instead of scrolling sideways (MathML does not
/// wrap): each one wider than its box gets a proportionally smaller font size.
fn fit_display_formulas(root: &Element) {
    for block in select_all::<Element>(root, ".display-math") {
        // Measure at the natural size, then scale; a second pass corrects for the parts of a
        // formula (spacing, rules) that do not scale exactly with the font.
        let _ = set_style(&block, &[("font-size", "")]);
        let mut scale = 1.0;
        for _ in 0..3 {
            let (natural, available) = (block.scroll_width(), block.client_width());
            if available <= 0 || natural <= available {
                break;
            }
            scale *= available as f64 / natural as f64 * 0.98;
            let _ = set_style(&block, &[("font-size", &format!("{scale:.3}em"))]);
        }
    }
}

/// Browsers throttle `history.replaceState` (Chromium warns past about 100 calls in ten
/// seconds), so while a slider is dragged the URL is written at most every 250 ms and the
/// last state is flushed when the dragging stops. `data-mlviz-url-pending` on the root element
/// says a write is waiting (the end-to-end tests wait for it).
const URL_WRITE_INTERVAL_MS: f64 = 250.0;

fn write_url_if_due(s: &mut DemoState) {
    if !s.url_pending {
        return;
    }
    let now = now_ms();
    let due = now - s.last_url_write >= URL_WRITE_INTERVAL_MS;
    if due {
        let mut params = current_params(s.info, s.demo.as_ref(), &s.defaults);
        if s.embed {
            params.push((EMBED_KEY.to_owned(), "1".to_owned()));
        }
        params.extend(s.view_params.iter().cloned());
        (s.on_url_change)(&format_hash(s.info.id, &params));
        s.last_url_write = now;
        s.url_pending = false;
    }
    set_root_flag("data-mlviz-url-pending", !due);
}

fn sync_controls(s: &mut DemoState) {
    let mut hidden = Vec::with_capacity(s.controls.len());
    for (index, view) in s.controls.iter().enumerate() {
        let key = view.spec.key;
        // Playing never changes a free-text box except the ones the page writes for links
        // (the training playground's checkpoint, whose encoding is what the URL write avoids
        // while playing): text boxes catch up when play stops.
        if s.playing && matches!(view.spec.kind, ControlKind::Text { .. }) {
            hidden.push(s.controls_hidden.get(index).copied().unwrap_or(false));
            continue;
        }
        let Some(value) = s.demo.param(key) else {
            continue;
        };
        let active = s.demo.is_control_active(key);
        set_attribute_if_changed(
            &view.container,
            "data-active",
            if active { "1" } else { "0" },
        );
        // A control that does not apply now (another family's parameter) is hidden, not
        // greyed: a greyed control that still responds misleads, and fails contrast.
        let trimmed = s.embed && !s.view.shows_control(key);
        set_hidden(&view.container, !active || trimmed);
        hidden.push(!active || trimmed);
        match view.spec.kind {
            ControlKind::Slider { log, .. } => {
                if let Ok(slider) = cast::<HtmlInputElement>(&view.primary) {
                    if let Some((low, high)) = s.demo.slider_range(key) {
                        let (low, high) = if log {
                            (low.log10(), high.log10())
                        } else {
                            (low, high)
                        };
                        set_attribute_if_changed(&view.primary, "min", &low.to_string());
                        set_attribute_if_changed(&view.primary, "max", &high.to_string());
                    }
                    let number = crate::number_text::parse_f64(&value).unwrap_or(0.0);
                    let position = if log {
                        number.max(1e-300).log10()
                    } else {
                        number
                    };
                    if slider.value_as_number() != position {
                        slider.set_value(&position.to_string());
                    }
                    set_attribute_if_changed(&view.primary, "aria-valuetext", &value);
                }
                if let Some(number_box) = &view.number_box
                    && !is_focused(number_box.unchecked_ref())
                    && !s.input_errors.contains_key(key)
                    && number_box.value() != value
                {
                    number_box.set_value(&value);
                }
            }
            ControlKind::Select { .. } => {
                if let Ok(select) = cast::<HtmlSelectElement>(&view.primary)
                    && select.value() != value
                {
                    select.set_value(&value);
                }
            }
            ControlKind::Toggle => {
                if let Ok(checkbox) = cast::<HtmlInputElement>(&view.primary) {
                    let on = value == "1";
                    if checkbox.checked() != on {
                        checkbox.set_checked(on);
                    }
                }
            }
            ControlKind::Integer { .. } | ControlKind::Text { .. } => {
                if let Ok(input) = cast::<HtmlInputElement>(&view.primary)
                    && !is_focused(&view.primary)
                    && !s.input_errors.contains_key(key)
                    && input.value() != value
                {
                    input.set_value(&value);
                }
            }
        }
        let hint = s.demo.control_hint(key).unwrap_or_default();
        set_text_if_changed(&view.hint, &hint);
        let error = s.input_errors.get(key).cloned().unwrap_or_default();
        set_text_if_changed(&view.error, &error);
        set_attribute_if_changed(
            &view.container,
            "data-invalid",
            if error.is_empty() { "0" } else { "1" },
        );
    }
    if s.controls_hidden != hidden {
        s.controls_hidden = hidden;
        sync_control_groups(s);
    }
}

/// Hides the action buttons and file inputs an embed's `controls=` leaves out, and every group
/// of controls with nothing left to show.
fn sync_control_groups(s: &DemoState) {
    let Some(form) = s
        .controls
        .first()
        .and_then(|c| c.container.closest("form").ok().flatten())
        .or_else(|| {
            document()
                .ok()?
                .query_selector("article.demo form.controls")
                .ok()?
        })
    else {
        return;
    };
    if s.embed && s.view.controls.is_some() {
        for selector in ["[data-demo-action]", "[data-import]"] {
            for element in select_all::<Element>(&form, selector) {
                let key = element
                    .get_attribute("data-demo-action")
                    .or_else(|| element.get_attribute("data-import"))
                    .unwrap_or_default();
                set_hidden(&element, !s.view.shows_control(&key));
            }
        }
    }
    for group in select_all::<Element>(&form, "fieldset.control-group") {
        let visible = group
            .query_selector(
                ".control:not([hidden]), .demo-action:not([hidden]), [data-import]:not([hidden])",
            )
            .ok()
            .flatten()
            .is_some();
        set_hidden(&group, !visible);
    }
    // An embed that keeps no control at all shows no control column.
    if let Some(side) = form.parent_element() {
        let any = form
            .query_selector("fieldset.control-group:not([hidden])")
            .ok()
            .flatten()
            .is_some();
        set_hidden(&side, !any);
    }
}

fn is_focused(element: &Element) -> bool {
    document().ok().and_then(|d| d.active_element()).as_ref() == Some(element)
}

/// Shows only the readouts an embed's `readouts=` names: list rows and table cells of the
/// others are hidden, and so are table rows and columns left with nothing to show.
fn trim_readouts(s: &DemoState) {
    let view = &s.view;
    if view.readouts.as_ref().is_some_and(|names| names.is_empty()) {
        set_hidden(&s.readouts_root, true);
        return;
    }
    for (name, output) in &s.readout_outputs {
        let shown = view.shows_readout(name);
        if let Ok(Some(row)) = output.closest(".readout") {
            set_hidden(&row, !shown);
        } else {
            set_hidden(output, !shown);
        }
    }
    for table in select_all::<Element>(&s.readouts_root, "table") {
        let mut column_used: Vec<bool> = Vec::new();
        let mut row_cells: Vec<(Element, Vec<Element>)> = Vec::new();
        for row in select_all::<Element>(&table, "tbody tr") {
            let mut any = false;
            let cells = select_all::<Element>(&row, "td");
            for (c, cell) in cells.iter().enumerate() {
                let shown = cell
                    .query_selector("output[data-readout]")
                    .ok()
                    .flatten()
                    .and_then(|o| o.get_attribute("data-readout"))
                    .is_some_and(|name| view.shows_readout(&name));
                if column_used.len() <= c {
                    column_used.resize(c + 1, false);
                }
                column_used[c] |= shown;
                any |= shown;
            }
            set_hidden(&row, !any);
            row_cells.push((row, cells));
        }
        for (_, cells) in &row_cells {
            for (c, cell) in cells.iter().enumerate() {
                set_hidden(cell, !column_used.get(c).copied().unwrap_or(false));
            }
        }
        // The first header heads the row names; the others head the columns.
        for (h, header) in select_all::<Element>(&table, "thead th")
            .iter()
            .enumerate()
            .skip(1)
        {
            set_hidden(header, !column_used.get(h - 1).copied().unwrap_or(false));
        }
    }
}

fn sync_readouts(s: &mut DemoState) {
    let readouts = s.demo.readouts();
    // Labels and groups are part of the layout key: a label may name the state ("f(1.5)").
    let names: Vec<String> = readouts
        .iter()
        .map(|r| format!("{}\u{1f}{}\u{1f}{}", r.name, r.label, r.group))
        .collect();
    if names != s.readout_layout {
        // The set of readouts or their labels changed (an optimizer switched on or off):
        // rebuild the panel.
        s.readouts_root.set_inner_html("");
        s.readout_outputs.clear();
        if let Err(error) = build_readouts(s, &readouts) {
            web_sys::console::warn_1(&error);
        }
        s.readout_layout = names;
    }
    for readout in &readouts {
        if let Some(output) = s.readout_outputs.get(&readout.name) {
            set_attribute_if_changed(output, "data-value", &readout.value.full_precision());
            let shown = readout.value.display();
            if output.text_content().as_deref() == Some(shown.as_str()) {
                continue;
            }
            // A long value (a float's exact decimal) gets a row of the list to itself; looked
            // up only when the text changes, not on every frame.
            if readout.group.is_empty()
                && let Some(row) = output.closest(".readout").ok().flatten()
            {
                let class = if shown.chars().count() > 24 {
                    "readout long"
                } else {
                    "readout"
                };
                set_attribute_if_changed(&row, "class", class);
            }
            output.set_text_content(Some(&shown));
        }
    }
}

/// Ungrouped readouts as a definition list; grouped ones (one group per optimizer, say) as a
/// table with a row per group and a column per label, which reads like a leaderboard.
fn build_readouts(s: &mut DemoState, readouts: &[crate::demos::Readout]) -> Result<(), JsValue> {
    let plain: Vec<_> = readouts.iter().filter(|r| r.group.is_empty()).collect();
    if !plain.is_empty() {
        let list = append(&s.readouts_root, "dl", &[("class", "readout-list")], None)?;
        for readout in plain {
            let row = append(&list, "div", &[("class", "readout")], None)?;
            append(&row, "dt", &[], Some(&readout.label))?;
            let dd = append(&row, "dd", &[], None)?;
            let output = append(&dd, "output", &[("data-readout", &readout.name)], None)?;
            s.readout_outputs.insert(readout.name.clone(), output);
        }
    }
    let mut groups: Vec<&str> = Vec::new();
    let mut columns: Vec<&str> = Vec::new();
    for readout in readouts.iter().filter(|r| !r.group.is_empty()) {
        if !groups.contains(&readout.group.as_str()) {
            groups.push(&readout.group);
        }
        if !columns.contains(&readout.label.as_str()) {
            columns.push(&readout.label);
        }
    }
    if groups.is_empty() {
        return Ok(());
    }
    // A wide table scrolls inside its wrapper: the wrapper is then a named region that a
    // keyboard user can focus and scroll with the arrow keys.
    let wrapper = append(
        &s.readouts_root,
        "div",
        &[
            ("class", "readout-table-wrapper"),
            ("tabindex", "0"),
            ("role", "region"),
            ("aria-label", "Readouts table"),
        ],
        None,
    )?;
    let table = append(&wrapper, "table", &[("class", "readout-table")], None)?;
    let head = append(&append(&table, "thead", &[], None)?, "tr", &[], None)?;
    // The corner above the row headings heads nothing: a plain cell, not an empty heading.
    append(&head, "td", &[("class", "readout-table-corner")], None)?;
    for column in &columns {
        append(&head, "th", &[("scope", "col")], Some(column))?;
    }
    let body = append(&table, "tbody", &[], None)?;
    for group in groups {
        let row = append(&body, "tr", &[("data-group", group)], None)?;
        append(&row, "th", &[("scope", "row")], Some(group))?;
        for column in &columns {
            let cell = append(&row, "td", &[], None)?;
            if let Some(readout) = readouts
                .iter()
                .find(|r| r.group == group && r.label == *column)
            {
                let output = append(&cell, "output", &[("data-readout", &readout.name)], None)?;
                s.readout_outputs.insert(readout.name.clone(), output);
            }
        }
    }
    Ok(())
}

fn sync_notices(s: &DemoState) {
    let mut html = String::new();
    if !s.url_notices.is_empty() {
        // Each item says what happened to its value (clamped, partly kept, the default kept),
        // so the heading only says whether every value was still used in some form.
        let heading = if s.url_notices.iter().all(|r| r.used.is_some()) {
            "Some settings in the link were adjusted:"
        } else {
            "Some settings in the link could not be used as given:"
        };
        html.push_str(&format!(
            "<div class=\"notice notice-warning\" data-notice=\"url\"><p>{heading}</p><ul>"
        ));
        for rejected in &s.url_notices {
            html.push_str(&format!(
                "<li><code>{}={}</code>: {}</li>",
                escape_html(&rejected.key),
                escape_html(&rejected.value),
                escape_html(&rejected.reason)
            ));
        }
        html.push_str("</ul></div>");
    }
    if let Some(error) = &s.action_error {
        html.push_str(&format!(
            "<p class=\"notice notice-error\" data-notice=\"action\">{}</p>",
            escape_html(error)
        ));
    }
    for notice in s.demo.notices() {
        let class = match notice.level {
            NoticeLevel::Info => "notice-info",
            NoticeLevel::Warning => "notice-warning",
            NoticeLevel::Error => "notice-error",
        };
        html.push_str(&format!(
            "<p class=\"notice {class}\">{}</p>",
            escape_html(&notice.text)
        ));
    }
    if s.notices_root.inner_html() != html {
        s.notices_root.set_inner_html(&html);
    }
}

/// Applies a value typed or chosen by the user; on error shows it next to the control and
/// keeps the last good state.
fn apply_input(state: &Rc<RefCell<DemoState>>, key: &'static str, value: &str) {
    let started = now_ms();
    {
        let Ok(mut s) = state.try_borrow_mut() else {
            return;
        };
        s.background_stale = true;
        match s.demo.set_param(key, value) {
            Ok(()) => {
                s.input_errors.remove(key);
            }
            Err(error) => {
                s.input_errors.insert(key, error);
            }
        }
        s.dirty = true;
    }
    stats::add_handler_work(now_ms() - started);
    request_render(state);
}

fn listen_controls(state: &Rc<RefCell<DemoState>>, listeners: &mut Vec<Listener>) {
    let views: Vec<(&'static ControlSpec, Element, Option<HtmlInputElement>)> = state
        .borrow()
        .controls
        .iter()
        .map(|v| (v.spec, v.primary.clone(), v.number_box.clone()))
        .collect();
    for (spec, primary, number_box) in views {
        let key = spec.key;
        let weak: Weak<RefCell<DemoState>> = Rc::downgrade(state);
        match spec.kind {
            ControlKind::Slider { log, .. } => {
                let slider = primary.clone();
                listeners.push(Listener::new(&primary, "input", move |_| {
                    let (Some(state), Ok(input)) =
                        (weak.upgrade(), cast::<HtmlInputElement>(&slider))
                    else {
                        return;
                    };
                    // A linear slider's value is already snapped to its step; a log slider's
                    // is an exponent, and 10^exponent is rounded to four significant digits.
                    let value = if log {
                        format_param_number(round_significant(
                            10f64.powf(input.value_as_number()),
                            4,
                        ))
                    } else {
                        input.value()
                    };
                    apply_input(&state, key, &value);
                }));
                if let Some(number_box) = number_box {
                    let weak = Rc::downgrade(state);
                    let input = number_box.clone();
                    listeners.push(Listener::new(&number_box, "change", move |_| {
                        if let Some(state) = weak.upgrade() {
                            apply_input(&state, key, &input.value());
                        }
                    }));
                }
            }
            ControlKind::Select { .. } => {
                let select = primary.clone();
                listeners.push(Listener::new(&primary, "change", move |_| {
                    let (Some(state), Ok(select)) =
                        (weak.upgrade(), cast::<HtmlSelectElement>(&select))
                    else {
                        return;
                    };
                    apply_input(&state, key, &select.value());
                }));
            }
            ControlKind::Toggle => {
                let checkbox = primary.clone();
                listeners.push(Listener::new(&primary, "change", move |_| {
                    let (Some(state), Ok(checkbox)) =
                        (weak.upgrade(), cast::<HtmlInputElement>(&checkbox))
                    else {
                        return;
                    };
                    apply_input(&state, key, if checkbox.checked() { "1" } else { "0" });
                }));
            }
            ControlKind::Integer { .. } | ControlKind::Text { .. } => {
                let input = primary.clone();
                listeners.push(Listener::new(&primary, "change", move |_| {
                    let (Some(state), Ok(input)) =
                        (weak.upgrade(), cast::<HtmlInputElement>(&input))
                    else {
                        return;
                    };
                    apply_input(&state, key, &input.value());
                }));
            }
        }
    }
    // Enter in a text box must not submit (reload) the form.
    if let Some(form) = state
        .borrow()
        .controls
        .first()
        .and_then(|c| c.container.closest("form").ok().flatten())
    {
        listeners.push(Listener::new_active(&form, "submit", |event| {
            event.prevent_default()
        }));
    }
}

fn listen_toolbar(
    state: &Rc<RefCell<DemoState>>,
    root: &Element,
    share_panel: &Element,
    listeners: &mut Vec<Listener>,
) -> Result<(), JsValue> {
    let weak = Rc::downgrade(state);
    let panel = share_panel.clone();
    listeners.push(Listener::new(root, "click", move |event: &Event| {
        let Some(state) = weak.upgrade() else { return };
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        if let Some(button) = target
            .as_ref()
            .and_then(|e| e.closest("button[data-demo-action]").ok().flatten())
        {
            let key = button.get_attribute("data-demo-action").unwrap_or_default();
            let started = now_ms();
            {
                let Ok(mut s) = state.try_borrow_mut() else {
                    return;
                };
                s.background_stale = true;
                s.action_error = s.demo.action(&key).err();
                s.dirty = true;
            }
            stats::add_handler_work(now_ms() - started);
            request_render(&state);
            return;
        }
        let Some(button) = target.and_then(|e| e.closest("button[data-action]").ok().flatten())
        else {
            return;
        };
        let action = button.get_attribute("data-action").unwrap_or_default();
        // A choice in the toolbar's menu closes the menu.
        if let Ok(Some(menu)) = button.closest("details.toolbar-menu") {
            let _ = menu.remove_attribute("open");
        }
        match action.as_str() {
            "play" => {
                {
                    let Ok(mut s) = state.try_borrow_mut() else {
                        return;
                    };
                    s.playing = !s.playing;
                    if s.playing && s.demo.current_step() >= s.demo.max_step() {
                        s.demo.go_to_step(0);
                    }
                    s.dirty = true;
                }
                request_render(&state);
            }
            "step" | "reset" => {
                {
                    let Ok(mut s) = state.try_borrow_mut() else {
                        return;
                    };
                    s.playing = false;
                    let next = if action == "step" {
                        (s.demo.current_step() + 1).min(s.demo.max_step())
                    } else {
                        0
                    };
                    s.demo.go_to_step(next);
                    s.dirty = true;
                }
                request_render(&state);
            }
            "export" => {
                let key = button.get_attribute("data-export").unwrap_or_default();
                if let Ok(s) = state.try_borrow()
                    && let Some(spec) = s.info.exports.iter().find(|e| e.key == key)
                {
                    match s.demo.export(&key) {
                        Some(text) => {
                            let _ = files::download_text(&text, spec.file_name, spec.mime);
                        }
                        None => web_sys::console::warn_1(&"nothing to export yet".into()),
                    }
                }
            }
            "share" => show_share_panel(&state, &panel, false),
            "embed-png" => {
                if let Ok(mut s) = state.try_borrow_mut() {
                    let chosen = embed_panel::read_choices(&panel).plots;
                    let index = s
                        .info
                        .plots
                        .iter()
                        .position(|p| chosen.iter().any(|c| c == p.id))
                        .unwrap_or(0);
                    let filename = format!("{}.png", s.info.id);
                    if let Some(url) = plot_png(&mut s, index) {
                        let _ = download(&url, &filename);
                    }
                }
            }
            "embed" => show_share_panel(&state, &panel, true),
            "download-png" => {
                let plot_id = button.get_attribute("data-plot").unwrap_or_default();
                let filename = button
                    .get_attribute("data-filename")
                    .unwrap_or_else(|| "plot.png".into());
                if let Ok(mut s) = state.try_borrow_mut() {
                    let index = s.info.plots.iter().position(|p| p.id == plot_id);
                    if let Some(url) = index.and_then(|i| plot_png(&mut s, i)) {
                        let _ = download(&url, &filename);
                    }
                }
            }
            _ => {}
        }
    }));
    // The Embed panel's choices rewrite the snippets and the preview.
    for event in ["change", "input"] {
        let weak = Rc::downgrade(state);
        let panel = share_panel.clone();
        listeners.push(Listener::new(share_panel, event, move |_| {
            if let Some(state) = weak.upgrade()
                && panel.get_attribute("data-panel").as_deref() == Some("embed")
            {
                refresh_embed_panel(&state, &panel);
            }
        }));
    }
    // The preview reports its height like any embed; the snippets then reserve that height.
    let weak = Rc::downgrade(state);
    let panel = share_panel.clone();
    let page: web_sys::EventTarget = window()?.into();
    listeners.push(Listener::new(&page, "message", move |event: &Event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        let Ok(Some(preview)) = panel.query_selector("iframe[data-embed-preview]") else {
            return;
        };
        let Ok(preview) = cast::<web_sys::HtmlIFrameElement>(&preview) else {
            return;
        };
        let from_preview = match (event.source(), preview.content_window()) {
            (Some(source), Some(window)) => JsValue::from(source) == JsValue::from(window),
            _ => false,
        };
        if !from_preview {
            return;
        }
        let data = event.data();
        let kind = js_sys::Reflect::get(&data, &"type".into())
            .ok()
            .and_then(|v| v.as_string());
        let height = js_sys::Reflect::get(&data, &"height".into())
            .ok()
            .and_then(|v| v.as_f64());
        if kind.as_deref() == Some("mlviz:resize")
            && let Some(height) = height
        {
            let _ = preview.set_attribute("height", &format!("{}", height.ceil()));
            let _ = panel.set_attribute("data-measured-height", &format!("{}", height.ceil()));
            if let Some(state) = weak.upgrade() {
                refresh_embed_panel(&state, &panel);
            }
        }
    }));
    Ok(())
}

/// Plot `index` as a PNG data URL with its caption (None before the plot was laid out).
fn plot_png(s: &mut DemoState, index: usize) -> Option<String> {
    let geometry = s.plots.get(index)?.geometry?;
    let theme = Theme::from_dark_flag(s.dark);
    let frame = Frame {
        geometry,
        theme,
        for_export: false,
    };
    let params = current_params(s.info, s.demo.as_ref(), &s.defaults);
    let caption = png_export::caption_text(s.info, s.info.plots[index].title, &params);
    let [r, g, b] = theme.text;
    let text = format!("rgb({r}, {g}, {b})");
    let colours = png_export::PngColours {
        background: if s.dark { "#14161a" } else { "#ffffff" },
        text: &text,
    };
    let DemoState { plots, demo, .. } = s;
    png_export::plot_png_data_url(
        &plots[index],
        demo.as_mut(),
        index,
        &frame,
        colours,
        &caption,
    )
    .ok()
}

fn download(data_url: &str, filename: &str) -> Result<(), JsValue> {
    let anchor = cast::<HtmlAnchorElement>(&super::dom::element(
        "a",
        &[("href", data_url), ("download", filename)],
        None,
    )?)?;
    anchor.click();
    Ok(())
}

/// The app's address without the hash (origin, path and query) and its origin.
fn page_base() -> (String, String) {
    let Some(location) = window().ok().map(|w| w.location()) else {
        return (String::new(), String::new());
    };
    let origin = location.origin().unwrap_or_default();
    let base = format!(
        "{origin}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    (base, origin)
}

/// The page's address for the current state (without `embed`).
fn page_url(s: &DemoState) -> String {
    format!(
        "{}{}",
        page_base().0,
        format_hash(
            s.info.id,
            &current_params(s.info, s.demo.as_ref(), &s.defaults)
        )
    )
}

fn show_share_panel(state: &Rc<RefCell<DemoState>>, panel: &Element, embed: bool) {
    if embed {
        let Ok(s) = state.try_borrow() else { return };
        if panel.get_attribute("data-panel").as_deref() != Some("embed") {
            let _ = embed_panel::build(panel, s.info);
        }
        set_hidden(panel, false);
        drop(s);
        refresh_embed_panel(state, panel);
        return;
    }
    let Ok(s) = state.try_borrow() else { return };
    let url = page_url(&s);
    let _ = panel.set_attribute("data-panel", "share");
    panel.set_inner_html(&format!(
        "<label>Link to exactly this state:<input type=\"text\" readonly value=\"{}\" data-share-url></label><p class=\"muted\" data-share-status></p>",
        escape_html(&url)
    ));
    set_hidden(panel, false);
    if let Ok(Some(input)) = panel.query_selector("input")
        && let Ok(input) = input.dyn_into::<HtmlInputElement>()
    {
        input.select();
    }
    let status = panel.query_selector("[data-share-status]").ok().flatten();
    if let Ok(w) = window() {
        let promise = w.navigator().clipboard().write_text(&url);
        // A future owns the promise: nothing stays registered once it settles.
        wasm_bindgen_futures::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            if let Some(status) = status {
                status.set_text_content(Some(if copied {
                    "Copied to the clipboard."
                } else {
                    "Select the link above and copy it (the clipboard was not available)."
                }));
            }
        });
    }
}

/// Rewrites the Embed panel's snippets and preview from its form and the demo's state.
fn refresh_embed_panel(state: &Rc<RefCell<DemoState>>, panel: &Element) {
    let Ok(s) = state.try_borrow() else { return };
    let info = s.info;
    let choices = embed_panel::read_choices(panel);
    let state_params = current_params(info, s.demo.as_ref(), &s.defaults);
    let embed_hash = format_hash(
        info.id,
        &embed_panel::embed_params(info, &state_params, &choices),
    );
    let page_hash = format_hash(info.id, &state_params);
    let (base, origin) = page_base();
    let measured: Option<f64> = panel
        .get_attribute("data-measured-height")
        .and_then(|h| crate::number_text::parse_f64(&h));
    let plot_title = info
        .plots
        .iter()
        .find(|p| choices.plots.iter().any(|c| c == p.id))
        .unwrap_or(&info.plots[0])
        .title;
    let alt = png_export::caption_text(info, plot_title, &state_params);
    let address = embed_panel::EmbedAddress {
        base: &base,
        origin: &origin,
        embed_hash: &embed_hash,
        page_hash: &page_hash,
    };
    let snippets = embed_panel::snippets(
        info,
        &address,
        choices.width,
        measured.unwrap_or(480.0),
        &alt,
    );
    embed_panel::set_snippet(panel, "data-embed-snippet", &snippets.iframe);
    embed_panel::set_snippet(panel, "data-embed-js", &snippets.script);
    embed_panel::set_snippet(panel, "data-embed-fallback", &snippets.fallback);
    embed_panel::update_preview(panel, &format!("{base}{embed_hash}"), choices.width);
    if let Ok(Some(size)) = panel.query_selector("[data-embed-size]") {
        let width = choices
            .width
            .map(|w| format!("{w} px"))
            .unwrap_or_else(|| "this column's".to_owned());
        let text = match measured {
            Some(height) => format!(
                "Preview at {width} width: {} px tall (the snippets reserve this height).",
                height.ceil()
            ),
            None => format!("Preview at {width} width: measuring…"),
        };
        set_text_if_changed(&size, &text);
    }
}

/// Each plot's accessible description, and the data table of every open "Data" toggle.
fn sync_data_alternatives(s: &mut DemoState) {
    // Plots an embed leaves out are neither drawn nor described.
    let shown = s.plot_shown.iter();
    for ((index, plot), _) in s
        .plots
        .iter_mut()
        .enumerate()
        .zip(shown)
        .filter(|(_, on)| **on)
    {
        if let Err(error) = plot.sync_data_alternative(s.demo.as_ref(), index, s.playing) {
            web_sys::console::warn_1(&error);
        }
    }
}

fn listen_plots(state: &Rc<RefCell<DemoState>>, listeners: &mut Vec<Listener>) {
    // Opening a "Data" toggle builds its table on the next render; closing it drops it.
    for plot in &state.borrow().plots {
        let weak = Rc::downgrade(state);
        listeners.push(plot.listen_data_toggle(move || {
            let Some(state) = weak.upgrade() else { return };
            if let Ok(mut s) = state.try_borrow_mut() {
                s.dirty = true;
            }
            request_render(&state);
        }));
    }
    let plots: Vec<(usize, Element, bool)> = {
        let s = state.borrow();
        s.plots
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.foreground.clone().into(), s.info.plots[i].interactive))
            .collect()
    };
    for (index, canvas, interactive) in plots {
        if !interactive {
            continue;
        }
        for (event_name, phase) in [
            ("pointerdown", PointerPhase::Down),
            ("pointermove", PointerPhase::Drag),
            ("pointerup", PointerPhase::Up),
        ] {
            let weak = Rc::downgrade(state);
            let target = canvas.clone();
            listeners.push(Listener::new_active(
                &canvas,
                event_name,
                move |event: &Event| {
                    let (Some(state), Some(event)) =
                        (weak.upgrade(), event.dyn_ref::<PointerEvent>())
                    else {
                        return;
                    };
                    if phase == PointerPhase::Drag && event.buttons() == 0 {
                        return;
                    }
                    if phase == PointerPhase::Down {
                        let _ = target.set_pointer_capture(event.pointer_id());
                    }
                    event.prevent_default();
                    let started = now_ms();
                    let rect = target.get_bounding_client_rect();
                    let input = PointerInput {
                        phase,
                        x: event.client_x() as f64 - rect.left(),
                        y: event.client_y() as f64 - rect.top(),
                        css_width: rect.width(),
                        css_height: rect.height(),
                    };
                    let changed = match state.try_borrow_mut() {
                        Ok(mut s) => {
                            let changed = s.demo.pointer(index, input);
                            if changed {
                                s.playing = false;
                                s.dirty = true;
                            }
                            changed
                        }
                        Err(_) => false,
                    };
                    stats::add_handler_work(now_ms() - started);
                    if changed {
                        request_render(&state);
                    }
                },
            ));
        }
        let weak = Rc::downgrade(state);
        listeners.push(Listener::new_active(
            &canvas,
            "keydown",
            move |event: &Event| {
                let (Some(state), Some(event)) = (weak.upgrade(), event.dyn_ref::<KeyboardEvent>())
                else {
                    return;
                };
                let handled = match state.try_borrow_mut() {
                    Ok(mut s) => {
                        // A key pressed with Shift is offered as "Shift+<key>" first (the
                        // activations probe moves by 1 instead of 0.1), then as the plain key
                        // for demos that do not tell the two apart.
                        let key = event.key();
                        let handled = (event.shift_key()
                            && key != "Shift"
                            && s.demo.key(index, &format!("Shift+{key}")))
                            || s.demo.key(index, &key);
                        if handled {
                            s.background_stale = true;
                            s.dirty = true;
                        }
                        handled
                    }
                    Err(_) => false,
                };
                if handled {
                    event.prevent_default();
                    request_render(&state);
                }
            },
        ));
    }
}
