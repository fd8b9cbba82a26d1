//! The page shell: navigation by chapter, the landing cards, hash routing, embed mode,
//! the colour theme and the `window.mlviz` hooks that tests and benchmarks read.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, MediaQueryList};

use super::demo_view::MountedDemo;
use super::dom::{append, by_id, document, select_all, set_hidden, set_root_flag, window};
use super::listeners::{Listener, live_animation_count, live_listener_count};
use super::stats;
use crate::demos::{ControlKind, demo_view_options, find_demo, landing, registry};
use crate::text::escape_html;
use crate::url::{MalformedHash, ThemeChoice, View, parse_hash};

const SITE_NAME: &str = "Seeing ML math";

/// A resize observer on the page body and the callback it calls.
type HeightObserver = (web_sys::ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

/// A `window.mlviz` hook: a name and the closure behind it.
type DebugHook = (&'static str, Closure<dyn Fn() -> JsValue>);

struct ShellState {
    main: Element,
    nav: Element,
    mounted: Option<MountedDemo>,
    /// The hash this page last wrote or routed to, so our own writes are not re-routed.
    current_hash: String,
    /// Whether the reader's system prefers dark colours.
    system_dark: bool,
    /// The theme the current route asks for (`theme=`); `Auto` follows the system.
    theme: ThemeChoice,
    dark: bool,
    embed: bool,
    /// Posts the page height to an embedding parent page.
    height_observer: Option<HeightObserver>,
    /// The landing page's cards as index.html carries them (generated from the whole
    /// registry), kept when the first route replaces them: a bundle module
    /// (`demos::bundles`) knows only its own demos, yet its landing page and its "no such
    /// demo" page show them all.
    landing_html: String,
}

/// The running app. Lives for the whole page (held by `web::start`).
pub struct App {
    state: Rc<RefCell<ShellState>>,
    _listeners: Vec<Listener>,
    _debug_hooks: Vec<Closure<dyn Fn() -> JsValue>>,
}

impl App {
    /// Starts the app if the page has its shell elements (`#main`, `#demo-nav`); returns
    /// None on other pages (e.g. the wasm test runner's).
    pub fn start() -> Result<Option<App>, JsValue> {
        let (Ok(main), Ok(nav)) = (by_id("main"), by_id("demo-nav")) else {
            return Ok(None);
        };
        let window = window()?;
        let dark_query: Option<MediaQueryList> = window
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten();
        let dark = dark_query.as_ref().map(|q| q.matches()).unwrap_or(false);
        let landing_html = main
            .query_selector("[data-static-landing]")?
            .map(|landing| landing.inner_html())
            .unwrap_or_else(landing::landing_html);
        let state = Rc::new(RefCell::new(ShellState {
            main,
            nav,
            mounted: None,
            current_hash: String::new(),
            system_dark: dark,
            theme: ThemeChoice::Auto,
            dark,
            embed: false,
            height_observer: None,
            landing_html,
        }));
        build_nav(&state.borrow().nav)?;
        let mut listeners = Vec::new();
        let weak = Rc::downgrade(&state);
        listeners.push(Listener::new(&window, "hashchange", move |_| {
            if let Some(state) = weak.upgrade() {
                let _ = route(&state);
            }
        }));
        if let Some(query) = dark_query {
            let weak = Rc::downgrade(&state);
            let query_for_callback = query.clone();
            listeners.push(Listener::new(&query, "change", move |_| {
                let Some(state) = weak.upgrade() else { return };
                let Ok(mut s) = state.try_borrow_mut() else {
                    return;
                };
                s.system_dark = query_for_callback.matches();
                let dark = s.theme.is_dark(s.system_dark);
                if dark != s.dark {
                    s.dark = dark;
                    if let Some(mounted) = &s.mounted {
                        mounted.set_dark(dark);
                    }
                }
            }));
        }
        if let Ok(button) = by_id("nav-button") {
            // Phones show the navigation on demand; the button says whether it is open.
            let target = button.clone();
            listeners.push(Listener::new(&button, "click", move |_| {
                let open = target.get_attribute("aria-expanded").as_deref() != Some("true");
                set_nav_open(&target, open);
            }));
        }
        let debug_hooks = install_debug_hooks(&window)?;
        route(&state)?;
        Ok(Some(App {
            state,
            _listeners: listeners,
            _debug_hooks: debug_hooks,
        }))
    }

    pub fn mounted_demo_id(&self) -> Option<&'static str> {
        self.state.borrow().mounted.as_ref().map(|m| m.demo_id())
    }
}

/// The navigation, from the same HTML `index.html` carries before the module loads
/// (demos::landing), so nothing moves when the module takes over.
fn build_nav(nav: &Element) -> Result<(), JsValue> {
    // Kept when index.html's static copy is there, for the same reason as the landing page.
    if nav.query_selector("a[data-demo-id]")?.is_none() {
        nav.set_inner_html(&landing::nav_html());
    }
    Ok(())
}

fn mark_active_nav_link(nav: &Element, id: Option<&str>) {
    for link in select_all::<Element>(nav, "a[data-demo-id]") {
        if link.get_attribute("data-demo-id").as_deref() == id {
            let _ = link.set_attribute("aria-current", "page");
        } else {
            let _ = link.remove_attribute("aria-current");
        }
    }
}

fn set_nav_open(button: &Element, open: bool) {
    let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    if let Ok(Some(body)) = document().map(|d| d.body()) {
        let _ = body.class_list().toggle_with_force("nav-open", open);
    }
}

/// Shows what the current hash asks for.
fn route(state: &Rc<RefCell<ShellState>>) -> Result<(), JsValue> {
    let hash = window()?.location().hash().unwrap_or_default();
    let mut s = state
        .try_borrow_mut()
        .map_err(|_| JsValue::from_str("shell busy"))?;
    if hash == s.current_hash && s.mounted.is_some() {
        return Ok(());
    }
    s.current_hash = hash.clone();

    // Leaving a demo drops it: its listeners and animation frames go with it.
    s.mounted = None;
    apply_theme(&mut s, ThemeChoice::Auto);
    let route = parse_hash(&hash);
    // The landing page index.html carries (static, the same HTML) stays as it is: replacing
    // it would take the focus from the card the reader is on (www/boot.js starts the module
    // when a demo link is pointed at or focused).
    let keep_static_landing = matches!(&route, Ok(r) if matches!(r.view, View::Home) && !r.is_embed())
        && s.main
            .query_selector("[data-static-landing]")
            .ok()
            .flatten()
            .is_some();
    if !keep_static_landing {
        s.main.set_inner_html("");
        // Following a link closes the phone's navigation (not when the app starts on the
        // static landing page, where the reader may have opened it already: www/boot.js).
        if let Ok(button) = by_id("nav-button") {
            set_nav_open(&button, false);
        }
    }
    let embed = route.as_ref().map(|r| r.is_embed()).unwrap_or(false);
    set_embed_mode(&mut s, state, embed)?;
    let document = document()?;
    match route {
        Err(malformed) => {
            mark_active_nav_link(&s.nav, None);
            document.set_title(SITE_NAME);
            show_problem(&s.main, &s.landing_html, &malformed_message(&malformed))?;
        }
        Ok(route) => match &route.view {
            View::Home => {
                mark_active_nav_link(&s.nav, None);
                document.set_title(SITE_NAME);
                if !keep_static_landing {
                    show_landing(&s.main, &s.landing_html)?;
                }
            }
            View::Demo(id) => match find_demo(id) {
                None => {
                    mark_active_nav_link(&s.nav, None);
                    document.set_title(SITE_NAME);
                    let message = format!(
                        "<h1>No demo called “{}”</h1><p>The link may be mistyped or older than this site. Pick a demo below or from the navigation.</p>",
                        escape_html(id)
                    );
                    show_problem(&s.main, &s.landing_html, &message)?;
                }
                Some(info) => {
                    let view = demo_view_options(info, &route.params);
                    apply_theme(&mut s, view.0.theme);
                    mark_active_nav_link(&s.nav, Some(info.id));
                    document.set_title(&format!("{} · {SITE_NAME}", info.title));
                    let weak = Rc::downgrade(state);
                    let on_url_change: Rc<dyn Fn(&str)> =
                        Rc::new(move |hash: &str| write_hash(&weak, hash));
                    let mounted = MountedDemo::mount(
                        &s.main,
                        info,
                        &route.params,
                        embed,
                        view,
                        s.dark,
                        on_url_change,
                    )?;
                    s.mounted = Some(mounted);
                }
            },
        },
    }
    if s.mounted.is_none() {
        // Views without a demo are complete as soon as they are built; a demo marks itself
        // ready after its first render.
        mark_ready();
    }
    Ok(())
}

/// Forces the page's colours to `theme` (`data-theme` on the root element, which the stylesheet
/// reads) or lets them follow the system again.
fn apply_theme(s: &mut ShellState, theme: ThemeChoice) {
    s.theme = theme;
    s.dark = theme.is_dark(s.system_dark);
    if let Ok(document) = document()
        && let Some(root) = document.document_element()
    {
        let _ = match theme {
            ThemeChoice::Auto => root.remove_attribute("data-theme"),
            ThemeChoice::Light => root.set_attribute("data-theme", "light"),
            ThemeChoice::Dark => root.set_attribute("data-theme", "dark"),
        };
    }
}

/// Tells tests and benchmarks that the first view is on screen.
pub fn mark_ready() {
    set_root_flag("data-mlviz-ready", true);
}

fn malformed_message(malformed: &MalformedHash) -> String {
    format!(
        "<h1>This link could not be read</h1><p>{}. Pick a demo below or from the navigation.</p>",
        escape_html(&malformed.to_string())
    )
}

/// Replaces the hash without adding a history entry (and without a `hashchange`), unless a
/// navigation is waiting for its `hashchange`: a throttled write of the demo being left
/// would otherwise overwrite the link just followed, and the shell would keep the old demo.
fn write_hash(shell: &Weak<RefCell<ShellState>>, hash: &str) {
    let Ok(window) = window() else { return };
    let location = window.location();
    let current = location.hash().unwrap_or_default();
    if current == hash {
        return;
    }
    // Writes come from the demo's animation frames, never while the shell routes.
    let Some(state) = shell.upgrade() else { return };
    let Ok(mut s) = state.try_borrow_mut() else {
        return;
    };
    // The address differs from the one the shell last routed to or wrote: a link followed
    // (or Back) whose `hashchange` has not been handled yet.
    if current != s.current_hash {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(hash));
    }
    // As the browser reports it (percent-encoded), which is what `route` compares.
    s.current_hash = location.hash().unwrap_or_default();
}

fn show_problem(main: &Element, landing_html: &str, message_html: &str) -> Result<(), JsValue> {
    let problem = append(
        main,
        "section",
        &[("class", "problem"), ("role", "alert")],
        None,
    )?;
    problem.set_inner_html(message_html);
    show_landing(main, landing_html)
}

/// The landing page: the same HTML as the static one in `index.html` (demos::landing).
fn show_landing(main: &Element, landing_html: &str) -> Result<(), JsValue> {
    let landing = append(main, "section", &[("class", "landing")], None)?;
    landing.set_inner_html(landing_html);
    Ok(())
}

fn set_embed_mode(
    s: &mut ShellState,
    state: &Rc<RefCell<ShellState>>,
    embed: bool,
) -> Result<(), JsValue> {
    let body = document()?
        .body()
        .ok_or_else(|| JsValue::from_str("no body"))?;
    body.class_list().toggle_with_force("embed-mode", embed)?;
    for id in ["site-header", "site-nav"] {
        if let Ok(element) = by_id(id) {
            set_hidden(&element, embed);
        }
    }
    if embed == s.embed {
        return Ok(());
    }
    s.embed = embed;
    if !embed {
        if let Some((observer, _)) = s.height_observer.take() {
            observer.disconnect();
        }
        return Ok(());
    }
    let _ = state;
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| post_height());
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref())?;
    observer.observe(&body);
    s.height_observer = Some((observer, callback));
    Ok(())
}

/// Tells an embedding page how tall the content is: `{type: "mlviz:resize", height}`.
fn post_height() {
    let Ok(window) = window() else { return };
    // The body's own height, not the document's scroll height: that is never less than the
    // iframe's current height, so an embed could grow but never shrink.
    let Some(body) = window.document().and_then(|d| d.body()) else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"mlviz:resize".into());
    let _ = js_sys::Reflect::set(
        &message,
        &"height".into(),
        &JsValue::from_f64(body.get_bounding_client_rect().height().ceil()),
    );
    let _ = parent.post_message(&message, "*");
}

/// The registry as JSON, for the end-to-end tests that loop over every demo and control.
fn registry_json() -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let demos: Vec<String> = registry()
        .iter()
        .map(|info| {
            let controls: Vec<String> = info
                .controls
                .iter()
                .map(|c| {
                    let kind = match c.kind {
                        ControlKind::Slider { min, max, log, .. } => format!("\"kind\":\"slider\",\"min\":{min},\"max\":{max},\"log\":{log}"),
                        ControlKind::Integer { min, max } => format!("\"kind\":\"integer\",\"min\":{min},\"max\":{max}"),
                        ControlKind::Select { options } => {
                            let values: Vec<String> = options.iter().map(|(v, _)| quote(v)).collect();
                            format!("\"kind\":\"select\",\"options\":[{}]", values.join(","))
                        }
                        ControlKind::Toggle => "\"kind\":\"toggle\"".to_owned(),
                        ControlKind::Text { .. } => "\"kind\":\"text\"".to_owned(),
                    };
                    format!("{{\"key\":{},\"example\":{},{kind}}}", quote(c.key), quote(c.example))
                })
                .collect();
            let plots: Vec<String> = info.plots.iter().map(|p| quote(p.id)).collect();
            let readouts: Vec<String> = info.readouts.iter().map(|r| quote(r.name)).collect();
            let actions: Vec<String> = info.actions.iter().map(|a| quote(a.key)).collect();
            let exports: Vec<String> = info.exports.iter().map(|e| quote(e.key)).collect();
            let imports: Vec<String> = info.imports.iter().map(|i| quote(i.key)).collect();
            format!(
                "{{\"id\":{},\"title\":{},\"chapter\":{},\"stepping\":{},\"controls\":[{}],\"plots\":[{}],\"readouts\":[{}],\"actions\":[{}],\"exports\":[{}],\"imports\":[{}]}}",
                quote(info.id),
                quote(info.title),
                quote(info.chapter.title()),
                info.stepping,
                controls.join(","),
                plots.join(","),
                readouts.join(","),
                actions.join(","),
                exports.join(","),
                imports.join(",")
            )
        })
        .collect();
    format!("[{}]", demos.join(","))
}

/// `window.mlviz`: read-only hooks for tests and benchmarks.
fn install_debug_hooks(
    window: &web_sys::Window,
) -> Result<Vec<Closure<dyn Fn() -> JsValue>>, JsValue> {
    let hooks: Vec<DebugHook> = vec![
        (
            "registry",
            Closure::new(|| js_sys::JSON::parse(&registry_json()).unwrap_or(JsValue::NULL)),
        ),
        (
            "liveListeners",
            Closure::new(|| JsValue::from_f64(live_listener_count() as f64)),
        ),
        (
            "activeAnimations",
            Closure::new(|| JsValue::from_f64(live_animation_count() as f64)),
        ),
        ("frameStats", Closure::new(|| stats::snapshot().into())),
        (
            "resetFrameStats",
            Closure::new(|| {
                stats::reset();
                JsValue::UNDEFINED
            }),
        ),
    ];
    let object = js_sys::Object::new();
    for (name, closure) in &hooks {
        js_sys::Reflect::set(&object, &(*name).into(), closure.as_ref())?;
    }
    js_sys::Reflect::set(window, &"mlviz".into(), &object)?;
    Ok(hooks.into_iter().map(|(_, c)| c).collect())
}
