//! A demo's run continued away from the page: what a background Worker executes.
//!
//! The Worker holds a second instance of the module and, in it, a copy of the demo built from
//! the same link the page would write (its controls) plus the page's latest snapshot. It
//! iterates for a time budget and hands back a new snapshot, again and again; the page applies
//! the newest one and paints. Snapshots are lossless ([`Demo::background_snapshot`]), so the
//! page shows exactly the state that training on its own thread would have reached at that
//! iteration, and a link written at any moment reproduces it.
//!
//! Nothing here touches the DOM: `web::background` is the Worker's and the page's glue, and
//! the tests below run it natively.

use super::{Demo, DemoInfo, apply_params, find_demo};
use crate::url::parse_hash;

/// One run, continued in the background.
pub struct BackgroundRun {
    demo: Box<dyn Demo>,
}

impl BackgroundRun {
    /// The demo `demo_id` set up from `query` (a link's `key=value&…`, without `steps=`) and,
    /// when given, resumed from `snapshot`. Fails when the link or the snapshot does not fit,
    /// or when the demo does not train in the background.
    pub fn new(demo_id: &str, query: &str, snapshot: Option<&str>) -> Result<Self, String> {
        let info: &DemoInfo =
            find_demo(demo_id).ok_or_else(|| format!("no demo called “{demo_id}”"))?;
        let route = parse_hash(&format!("#/{demo_id}?{query}"))
            .map_err(|_| "the run's settings could not be read".to_owned())?;
        let mut demo = (info.create)();
        let rejected = apply_params(info, demo.as_mut(), &route.params);
        if let Some(first) = rejected.first() {
            return Err(format!(
                "the run's setting {}={} was not accepted: {}",
                first.key, first.value, first.reason
            ));
        }
        if let Some(snapshot) = snapshot {
            demo.apply_background_snapshot(snapshot)?;
        }
        Ok(BackgroundRun { demo })
    }

    /// Iterates for about `budget_ms` (read from `now_ms`) and returns the new snapshot, or
    /// None once the run cannot go on (it diverged or reached its bound): the last snapshot
    /// returned is then its final state.
    pub fn train(&mut self, now_ms: &dyn Fn() -> f64, budget_ms: f64) -> Option<String> {
        if !self.demo.trains_in_background() {
            return None;
        }
        self.demo.advance_frame_budgeted(now_ms, budget_ms);
        self.demo.background_snapshot()
    }

    /// The iteration the run has reached.
    pub fn step(&self) -> usize {
        self.demo.current_step()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::current_params;
    use crate::demos::default_params;

    /// A clock that advances 1 ms per reading, so that a budget of `n` ms trains a fixed,
    /// machine-independent number of epochs.
    fn ticking_clock() -> impl Fn() -> f64 {
        let t = std::cell::Cell::new(0.0);
        move || {
            t.set(t.get() + 1.0);
            t.get()
        }
    }

    fn readouts(demo: &dyn Demo) -> Vec<(String, String)> {
        demo.readouts()
            .into_iter()
            .map(|r| (r.name, r.value.full_precision()))
            .collect()
    }

    /// The page's side: a playground at "max" speed whose run continues in the background;
    /// applying the background's snapshots gives, at the same epoch, every readout of a run
    /// trained on the page itself, and writes the same link.
    #[test]
    fn snapshots_reproduce_the_run_trained_on_the_page() {
        // Dropout and AdamW's weight decay (their masks and decay are in the snapshot's state).
        snapshots_reproduce(
            "speed=max&data=spiral&shape=6,4&optimizer=adam&lr=0.01&dropout=0.2&weight-decay=0.01",
        );
    }

    /// The same with batch norm: γ, β, their optimizer's moments and the running averages
    /// are in the snapshot.
    #[test]
    fn batch_norm_snapshots_reproduce_the_run_trained_on_the_page() {
        snapshots_reproduce("speed=max&data=xor&shape=6,4&optimizer=adam&lr=0.01&batch-norm=1");
    }

    fn snapshots_reproduce(query: &str) {
        let info = find_demo("nn-playground").unwrap();
        let route = parse_hash(&format!("#/nn-playground?{query}")).unwrap();
        let mut page = (info.create)();
        assert!(apply_params(info, page.as_mut(), &route.params).is_empty());
        assert!(page.trains_in_background());
        assert_eq!(
            page.background_snapshot(),
            None,
            "no snapshot before epoch 1"
        );

        let mut run = BackgroundRun::new("nn-playground", query, None).unwrap();
        let clock = ticking_clock();
        let mut last = None;
        for _ in 0..5 {
            last = run.train(&clock, 40.0);
            page.apply_background_snapshot(last.as_deref().unwrap())
                .unwrap();
        }
        let reached = run.step();
        assert!(reached > 20, "the budget trains epochs ({reached})");
        assert_eq!(page.current_step(), reached);

        // The same epochs trained on the page's thread (a link with steps=).
        let mut reference = (info.create)();
        apply_params(info, reference.as_mut(), &route.params);
        reference.go_to_step(reached);
        while reference.work_chunk().is_some() {}
        assert_eq!(reference.current_step(), reached);
        let (shown, expected) = (readouts(page.as_ref()), readouts(reference.as_ref()));
        // The history charts come from a thinned f32 copy in both a checkpoint link and the
        // background; every exact readout (losses, accuracies, weights, norms) must agree.
        for ((name, value), (_, want)) in shown.iter().zip(&expected) {
            if name.starts_with("history") {
                continue;
            }
            assert_eq!(value, want, "readout {name} at epoch {reached}");
        }
        // A paused page writes a link that reopens the same state.
        let defaults = default_params(info);
        let link = current_params(info, page.as_ref(), &defaults);
        let mut reopened = (info.create)();
        apply_params(info, reopened.as_mut(), &link);
        while reopened.work_chunk().is_some() {}
        assert_eq!(readouts(reopened.as_ref()), readouts(page.as_ref()));

        // The background resumes from the page's snapshot exactly where it stopped.
        let mut resumed = BackgroundRun::new("nn-playground", query, last.as_deref()).unwrap();
        assert_eq!(resumed.step(), reached);
        let next = resumed.train(&ticking_clock(), 10.0).unwrap();
        let continued = run.train(&ticking_clock(), 10.0).unwrap();
        assert_eq!(next, continued, "the same epochs from the same state");
    }

    #[test]
    fn a_run_that_cannot_continue_in_the_background_says_so() {
        assert!(BackgroundRun::new("no-such-demo", "", None).is_err());
        let junk = BackgroundRun::new("nn-playground", "lr=banana", None);
        assert!(junk.err().unwrap().contains("lr=banana"));
        // A fixed pace is trained on the page, not in the background.
        let mut paced = BackgroundRun::new("nn-playground", "speed=5", None).unwrap();
        assert_eq!(paced.train(&ticking_clock(), 10.0), None);
        // A snapshot of other settings is refused.
        let mut other = BackgroundRun::new("nn-playground", "speed=max&data=xor", None).unwrap();
        let snapshot = other.train(&ticking_clock(), 10.0).unwrap();
        let refused = BackgroundRun::new("nn-playground", "speed=max", Some(&snapshot));
        assert!(refused.err().unwrap().contains("other settings"));
        // Batch normalization's state is in the snapshot: such a run trains here too.
        let mut normalized =
            BackgroundRun::new("nn-playground", "speed=max&batch-norm=1", None).unwrap();
        assert!(normalized.train(&ticking_clock(), 10.0).is_some());
        // Demos that do not train at all refuse snapshots.
        let mut vectors = (find_demo("vectors").unwrap().create)();
        assert!(!vectors.trains_in_background());
        assert!(vectors.apply_background_snapshot("x").is_err());
    }
}
