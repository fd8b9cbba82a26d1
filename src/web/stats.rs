//! Frame statistics for the browser benchmark: main-thread work per frame (time spent in
//! this app's event handlers since the previous frame plus its animation-frame callback)
//! and the intervals between frames while animating.

use std::cell::RefCell;

/// Enough for minutes of frames; older entries are dropped first.
const CAPACITY: usize = 100_000;

thread_local! {
    /// Handler time not yet attributed to a frame.
    static PENDING_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    static WORK_MS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    static INTERVAL_MS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
}

fn push(cell: &'static std::thread::LocalKey<RefCell<Vec<f64>>>, value: f64) {
    cell.with(|v| {
        let mut v = v.borrow_mut();
        if v.len() >= CAPACITY {
            v.remove(0);
        }
        v.push(value);
    });
}

/// Time spent in an event handler (input, pointer, key); counted with the next frame.
pub fn add_handler_work(milliseconds: f64) {
    PENDING_MS.with(|p| p.set(p.get() + milliseconds));
}

/// Records one frame's work: its animation-frame callback plus the handlers before it.
pub fn record_frame_work(milliseconds: f64) {
    let pending = PENDING_MS.with(|p| p.replace(0.0));
    push(&WORK_MS, milliseconds + pending);
}

pub fn record_interval(milliseconds: f64) {
    push(&INTERVAL_MS, milliseconds);
}

/// `{work: [...], intervals: [...]}` in milliseconds.
pub fn snapshot() -> js_sys::Object {
    let object = js_sys::Object::new();
    let to_array = |values: &Vec<f64>| {
        values
            .iter()
            .map(|&v| wasm_bindgen::JsValue::from_f64(v))
            .collect::<js_sys::Array>()
    };
    let work = WORK_MS.with(|v| to_array(&v.borrow()));
    let intervals = INTERVAL_MS.with(|v| to_array(&v.borrow()));
    let _ = js_sys::Reflect::set(&object, &"work".into(), &work);
    let _ = js_sys::Reflect::set(&object, &"intervals".into(), &intervals);
    object
}

pub fn reset() {
    PENDING_MS.with(|p| p.set(0.0));
    WORK_MS.with(|v| v.borrow_mut().clear());
    INTERVAL_MS.with(|v| v.borrow_mut().clear());
}
