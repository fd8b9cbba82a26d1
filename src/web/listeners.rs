//! Owned event listeners and animation-frame handles that count themselves.
//!
//! Every listener the app adds is a [`Listener`] (a gloo `EventListener`, removed from its
//! target on drop) and every scheduled frame an [`AnimationLoop`]. Both bump a live counter
//! so tests can prove that leaving a demo leaves nothing behind (`mlviz.liveListeners()`).

use std::cell::Cell;

use gloo_events::{EventListener, EventListenerOptions};
use gloo_render::{AnimationFrame, request_animation_frame};
use web_sys::{Event, EventTarget};

thread_local! {
    static LIVE_LISTENERS: Cell<usize> = const { Cell::new(0) };
    static LIVE_ANIMATIONS: Cell<usize> = const { Cell::new(0) };
}

/// How many listeners are attached now.
pub fn live_listener_count() -> usize {
    LIVE_LISTENERS.with(Cell::get)
}

/// How many animation frames are scheduled now.
pub fn live_animation_count() -> usize {
    LIVE_ANIMATIONS.with(Cell::get)
}

/// An event listener removed from its target when dropped.
pub struct Listener {
    _inner: EventListener,
}

impl Listener {
    pub fn new(
        target: &EventTarget,
        event: &'static str,
        callback: impl FnMut(&Event) + 'static,
    ) -> Self {
        LIVE_LISTENERS.with(|c| c.set(c.get() + 1));
        Self {
            _inner: EventListener::new(target, event, callback),
        }
    }

    /// A listener that may call `preventDefault` (pointer and key handlers).
    pub fn new_active(
        target: &EventTarget,
        event: &'static str,
        callback: impl FnMut(&Event) + 'static,
    ) -> Self {
        LIVE_LISTENERS.with(|c| c.set(c.get() + 1));
        let options = EventListenerOptions::enable_prevent_default();
        Self {
            _inner: EventListener::new_with_options(target, event, options, callback),
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        LIVE_LISTENERS.with(|c| c.set(c.get().saturating_sub(1)));
    }
}

/// One scheduled animation frame, cancelled when dropped.
pub struct AnimationLoop {
    _frame: AnimationFrame,
}

impl AnimationLoop {
    pub fn request(callback: impl FnOnce(f64) + 'static) -> Self {
        LIVE_ANIMATIONS.with(|c| c.set(c.get() + 1));
        Self {
            _frame: request_animation_frame(callback),
        }
    }
}

impl Drop for AnimationLoop {
    fn drop(&mut self) {
        LIVE_ANIMATIONS.with(|c| c.set(c.get().saturating_sub(1)));
    }
}
