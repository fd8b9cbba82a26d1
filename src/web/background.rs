//! Training in a background Worker, so that a playing run never takes the page's frames.
//!
//! Two ends of one protocol (the messages are plain objects):
//! - the Worker's: [`WorkerRun`], exported to `www/train-worker.js`, which loads a second
//!   instance of this module in a module Worker and calls `train` in a loop, posting each
//!   snapshot;
//! - the page's: [`BackgroundTrainer`], which starts that Worker once per mounted demo, gives
//!   it jobs (the run's link and latest snapshot) and keeps only the newest snapshot of the
//!   current job for the next animation frame.
//!
//! page → worker: `{type: "init", js, wasm}`, `{type: "job", generation, id, query, snapshot}`,
//! `{type: "pause"}`. worker → page: `{type: "snapshot", generation, text}`,
//! `{type: "finished", generation}`, `{type: "failed", generation, message}`.
//! A job's generation lets the page ignore what the Worker posted for an older job.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Event, HtmlScriptElement, MessageEvent, Url, Worker, WorkerOptions, WorkerType};

use super::listeners::Listener;
use crate::demos::background::BackgroundRun;

/// The Worker's end: one run, continued a time budget at a time.
#[wasm_bindgen]
pub struct WorkerRun {
    run: BackgroundRun,
}

#[wasm_bindgen]
impl WorkerRun {
    /// The demo `demo_id` from the link query `query`, resumed from `snapshot` if given.
    #[wasm_bindgen(constructor)]
    pub fn new(demo_id: &str, query: &str, snapshot: Option<String>) -> Result<WorkerRun, JsError> {
        BackgroundRun::new(demo_id, query, snapshot.as_deref())
            .map(|run| WorkerRun { run })
            .map_err(|message| JsError::new(&message))
    }

    /// Trains for about `budget_ms` and returns the snapshot; undefined once the run is over.
    pub fn train(&mut self, budget_ms: f64) -> Option<String> {
        self.run.train(&js_sys::Date::now, budget_ms)
    }
}

/// What the Worker has sent for the current job since the page last looked.
#[derive(Default)]
struct Inbox {
    generation: u32,
    latest: Option<String>,
    finished: bool,
    failure: Option<String>,
}

/// What [`BackgroundTrainer::take`] found.
pub enum BackgroundUpdate {
    Nothing,
    Snapshot(String),
    /// The run cannot go on (diverged or at its bound); any last snapshot comes first.
    Finished,
    Failed(String),
}

/// The page's end: a Worker with the module, and the newest snapshot of its current job.
pub struct BackgroundTrainer {
    worker: Worker,
    _listener: Listener,
    inbox: Rc<RefCell<Inbox>>,
    generation: u32,
}

impl BackgroundTrainer {
    /// Starts the Worker (it loads the module from the same files as the page: the browser's
    /// cache has them). Fails where the page was not started by `boot.js` or the browser
    /// cannot run module Workers; the caller then trains on the page's thread.
    pub fn spawn() -> Result<Self, JsValue> {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let boot: HtmlScriptElement = document
            .query_selector("script[data-mlviz-js]")?
            .ok_or("no boot script")?
            .dyn_into()?;
        let base = document.base_uri()?.unwrap_or_default();
        let absolute = |relative: &str| -> Result<String, JsValue> {
            Ok(Url::new_with_base(relative, &base)?.href())
        };
        let js = absolute(&boot.get_attribute("data-mlviz-js").ok_or("no module")?)?;
        let wasm = absolute(&boot.get_attribute("data-mlviz-wasm").ok_or("no wasm")?)?;
        // train-worker.js sits next to boot.js (both copied by trunk into the public URL).
        let script = Url::new_with_base("train-worker.js", &boot.src())?.href();
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&script, &options)?;
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let listener = {
            let inbox = Rc::clone(&inbox);
            Listener::new(worker.unchecked_ref(), "message", move |event: &Event| {
                let Some(message) = event.dyn_ref::<MessageEvent>().map(MessageEvent::data) else {
                    return;
                };
                let field = |name: &str| Reflect::get(&message, &name.into()).unwrap_or_default();
                let Ok(mut inbox) = inbox.try_borrow_mut() else {
                    return;
                };
                if field("generation").as_f64() != Some(f64::from(inbox.generation)) {
                    return;
                }
                match field("type").as_string().as_deref() {
                    Some("snapshot") => inbox.latest = field("text").as_string(),
                    Some("finished") => inbox.finished = true,
                    Some("failed") => {
                        inbox.failure = Some(field("message").as_string().unwrap_or_default());
                    }
                    _ => {}
                }
            })
        };
        let trainer = BackgroundTrainer {
            worker,
            _listener: listener,
            inbox,
            generation: 0,
        };
        trainer.post(&[
            ("type", "init".into()),
            ("js", js.into()),
            ("wasm", wasm.into()),
        ])?;
        Ok(trainer)
    }

    fn post(&self, fields: &[(&str, JsValue)]) -> Result<(), JsValue> {
        let message = Object::new();
        for (name, value) in fields {
            Reflect::set(&message, &(*name).into(), value)?;
        }
        self.worker.post_message(&message)
    }

    /// Gives the Worker a new job: the run `demo_id` with the link query `query` (its
    /// controls), continued from `snapshot` (None: from the start). What it posted for
    /// earlier jobs is dropped.
    pub fn start(
        &mut self,
        demo_id: &str,
        query: &str,
        snapshot: Option<String>,
    ) -> Result<(), JsValue> {
        self.next_generation();
        self.post(&[
            ("type", "job".into()),
            ("generation", self.generation.into()),
            ("id", demo_id.into()),
            ("query", query.into()),
            ("snapshot", snapshot.map_or(JsValue::NULL, JsValue::from)),
        ])
    }

    /// Stops training; snapshots still on their way are dropped.
    pub fn pause(&mut self) {
        self.next_generation();
        let _ = self.post(&[("type", "pause".into())]);
    }

    fn next_generation(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        *self.inbox.borrow_mut() = Inbox {
            generation: self.generation,
            ..Inbox::default()
        };
    }

    /// The newest snapshot of the current job (older ones are superseded, never applied),
    /// then whether the job ended or failed.
    pub fn take(&self) -> BackgroundUpdate {
        let mut inbox = self.inbox.borrow_mut();
        if let Some(failure) = inbox.failure.take() {
            return BackgroundUpdate::Failed(failure);
        }
        if let Some(text) = inbox.latest.take() {
            return BackgroundUpdate::Snapshot(text);
        }
        if std::mem::take(&mut inbox.finished) {
            return BackgroundUpdate::Finished;
        }
        BackgroundUpdate::Nothing
    }
}

impl Drop for BackgroundTrainer {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
