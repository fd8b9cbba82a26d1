//! The browser side: the only module that touches the DOM and wasm-bindgen.
//!
//! `start` runs when the wasm module loads: it builds the navigation, routes by the
//! location hash and mounts demos. Everything it creates is owned (listeners, observers,
//! animation frames) and dropped when a demo is left.

pub mod background;
pub mod canvas;
pub mod demo_view;
pub mod dom;
pub mod embed_panel;
pub mod files;
pub mod listeners;
pub mod measured_canvas;
pub mod png_export;
pub mod shell;
pub mod stats;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

pub use demo_view::MountedDemo;
pub use listeners::{live_animation_count, live_listener_count};

thread_local! {
    /// The app lives as long as the page; holding it here (rather than leaking it) keeps
    /// every listener owned by something.
    static APP: RefCell<Option<shell::App>> = const { RefCell::new(None) };
}

/// Entry point of the whole app (every demo), called by the wasm-bindgen glue when the
/// module is instantiated: the module `trunk build` makes (feature `app`).
#[cfg(feature = "app")]
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    start_shell()
}

/// Entry point of a bundle module (`demos::bundles`; its start function, generated in
/// `bundle/src/lib.rs`, calls this): installs the bundle's demos and their typeset
/// explanations as the registry, then starts the shell as [`start`] does.
#[cfg(not(feature = "app"))]
pub fn start_bundle(
    demos: &'static [crate::demos::DemoInfo],
    explanations: &'static [&'static str],
) -> Result<(), JsValue> {
    crate::demos::bundles::install(demos, explanations);
    start_shell()
}

fn start_shell() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    // In the training Worker (www/train-worker.js) the module only serves `WorkerRun`.
    if web_sys::window().is_none() {
        return Ok(());
    }
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("mlviz-start");
    }
    let app = shell::App::start()?;
    APP.with(|cell| *cell.borrow_mut() = app);
    Ok(())
}
