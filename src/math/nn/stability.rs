//! The largest learning rate that trains stably, found by bisection: a fixed seed's network
//! is trained for a few epochs at each trial rate, and the search halves the bracket
//! `[stable, unstable]` in log space. [`largest_stable_learning_rate`] does it at once;
//! [`StableLearningRateSearch`] does the same work one epoch at a time, so a page can spread
//! it over its frames, and reaches the same answer bit for bit.

use super::{Dropout, Examples, Network, Trainer, TrainingSettings};

/// The answer of [`largest_stable_learning_rate`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StableLearningRate {
    /// The largest rate found stable (the bracket's lower end after the bisection).
    Found(f64),
    /// Even the top of the searched range trained stably.
    AtLeast(f64),
    /// Even the bottom of the searched range failed.
    Below(f64),
}

/// Whether `epochs` epochs from `network` at `settings` stay finite and end with a lower
/// training loss than they started with (the mean loss over `data` in training mode).
pub fn trains_stably(
    network: &Network,
    data: &Examples,
    settings: &TrainingSettings,
    dropout: &Dropout,
    epochs: usize,
) -> bool {
    let Ok(mut trainer) = Trainer::new(network.clone(), settings.optimizer) else {
        return false;
    };
    // Both losses in training mode over the whole set (batch statistics, no dropout): with
    // batch norm the test-time loss would compare running averages that training has only
    // begun to move, not the weights.
    let start = trainer.training_batch_gradient(data, settings.loss).0;
    for epoch in 0..epochs {
        let dropout = Dropout {
            seed: dropout.seed.wrapping_add(epoch as u64),
            ..*dropout
        };
        if trainer
            .train_epoch_with_dropout(data, settings, &dropout)
            .is_none()
        {
            return false;
        }
    }
    let end = trainer.training_batch_gradient(data, settings.loss).0;
    end.is_finite() && end < start
}

/// Bisects `log η` between `bounds` (low, high) `iterations` times: the largest learning rate
/// at which [`trains_stably`] holds, assuming stability fails past one threshold (a short
/// run's threshold; a longer run may fail at a lower rate).
pub fn largest_stable_learning_rate(
    network: &Network,
    data: &Examples,
    settings: &TrainingSettings,
    dropout: &Dropout,
    epochs: usize,
    bounds: (f64, f64),
    iterations: usize,
) -> StableLearningRate {
    let stable_at = |rate: f64| {
        let mut trial = *settings;
        trial.hyper.learning_rate = rate;
        trains_stably(network, data, &trial, dropout, epochs)
    };
    let (mut low, mut high) = (bounds.0.ln(), bounds.1.ln());
    if stable_at(bounds.1) {
        return StableLearningRate::AtLeast(bounds.1);
    }
    if !stable_at(bounds.0) {
        return StableLearningRate::Below(bounds.0);
    }
    for _ in 0..iterations {
        let middle = 0.5 * (low + high);
        if stable_at(middle.exp()) {
            low = middle;
        } else {
            high = middle;
        }
    }
    StableLearningRate::Found(low.exp())
}

/// [`largest_stable_learning_rate`] in steps of about one epoch's work ([`Self::step`]), with
/// the same trials in the same order and so the same answer, bit for bit.
#[derive(Clone, Debug)]
pub struct StableLearningRateSearch {
    network: Network,
    data: Examples,
    settings: TrainingSettings,
    dropout: Dropout,
    epochs: usize,
    bounds: (f64, f64),
    iterations: usize,
    stage: SearchStage,
    /// The bracket `[low, high]` in log η.
    low: f64,
    high: f64,
    /// The trial under way at the stage's rate.
    trial: Option<Trial>,
    answer: Option<StableLearningRate>,
}

/// Which trial the search runs: the top of the range, the bottom, then bisection `k`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SearchStage {
    Top,
    Bottom,
    Bisection(usize),
}

/// [`trains_stably`] under way: the trainer, the starting loss and the epochs trained.
#[derive(Clone, Debug)]
struct Trial {
    trainer: Trainer,
    settings: TrainingSettings,
    start: f64,
    epochs_done: usize,
}

impl StableLearningRateSearch {
    /// The search [`largest_stable_learning_rate`] would run with these arguments (owned: the
    /// search outlives the caller's borrow).
    pub fn new(
        network: Network,
        data: Examples,
        settings: TrainingSettings,
        dropout: Dropout,
        epochs: usize,
        bounds: (f64, f64),
        iterations: usize,
    ) -> Self {
        StableLearningRateSearch {
            network,
            data,
            settings,
            dropout,
            epochs,
            bounds,
            iterations,
            stage: SearchStage::Top,
            low: bounds.0.ln(),
            high: bounds.1.ln(),
            trial: None,
            answer: None,
        }
    }

    /// The answer, once the search has ended.
    pub fn answer(&self) -> Option<StableLearningRate> {
        self.answer
    }

    /// How far the search has got, in (0, 1]: trials done out of the most it can take (it
    /// ends early when the range's top is stable or its bottom is not).
    pub fn progress(&self) -> f64 {
        if self.answer.is_some() {
            return 1.0;
        }
        let trials_done = match self.stage {
            SearchStage::Top => 0,
            SearchStage::Bottom => 1,
            SearchStage::Bisection(k) => 2 + k,
        };
        let within = self.trial.as_ref().map_or(0.0, |t| {
            (t.epochs_done + 1) as f64 / (self.epochs + 2) as f64
        });
        (trials_done as f64 + within) / (2 + self.iterations) as f64
    }

    /// The rate the current stage tries, computed as [`largest_stable_learning_rate`] does.
    fn stage_rate(&self) -> f64 {
        match self.stage {
            SearchStage::Top => self.bounds.1,
            SearchStage::Bottom => self.bounds.0,
            SearchStage::Bisection(_) => (0.5 * (self.low + self.high)).exp(),
        }
    }

    /// Does about one epoch's work (starts a trial with its starting loss, or trains one epoch
    /// of it, or trains its last epoch and measures the end loss) and returns the answer once
    /// the search has ended.
    pub fn step(&mut self) -> Option<StableLearningRate> {
        if self.answer.is_some() {
            return self.answer;
        }
        let stable = self.advance_trial()?;
        self.trial = None;
        match self.stage {
            SearchStage::Top if stable => {
                self.answer = Some(StableLearningRate::AtLeast(self.bounds.1));
            }
            SearchStage::Top => self.stage = SearchStage::Bottom,
            SearchStage::Bottom if !stable => {
                self.answer = Some(StableLearningRate::Below(self.bounds.0));
            }
            SearchStage::Bottom => self.next_bisection(0),
            SearchStage::Bisection(k) => {
                let middle = 0.5 * (self.low + self.high);
                if stable {
                    self.low = middle;
                } else {
                    self.high = middle;
                }
                self.next_bisection(k + 1);
            }
        }
        self.answer
    }

    fn next_bisection(&mut self, k: usize) {
        if k < self.iterations {
            self.stage = SearchStage::Bisection(k);
        } else {
            self.answer = Some(StableLearningRate::Found(self.low.exp()));
        }
    }

    /// One unit of the current stage's trial; its verdict once it has ended (the same
    /// operations as [`trains_stably`]).
    fn advance_trial(&mut self) -> Option<bool> {
        let Some(trial) = self.trial.as_mut() else {
            let mut settings = self.settings;
            settings.hyper.learning_rate = self.stage_rate();
            let Ok(mut trainer) = Trainer::new(self.network.clone(), settings.optimizer) else {
                return Some(false);
            };
            let start = trainer.training_batch_gradient(&self.data, settings.loss).0;
            let trial = Trial {
                trainer,
                settings,
                start,
                epochs_done: 0,
            };
            if self.epochs == 0 {
                return Some(Self::finish(trial, &self.data));
            }
            self.trial = Some(trial);
            return None;
        };
        let dropout = Dropout {
            seed: self.dropout.seed.wrapping_add(trial.epochs_done as u64),
            ..self.dropout
        };
        if trial
            .trainer
            .train_epoch_with_dropout(&self.data, &trial.settings, &dropout)
            .is_none()
        {
            return Some(false);
        }
        trial.epochs_done += 1;
        if trial.epochs_done < self.epochs {
            return None;
        }
        self.trial
            .take()
            .map(|trial| Self::finish(trial, &self.data))
    }

    fn finish(mut trial: Trial, data: &Examples) -> bool {
        let end = trial
            .trainer
            .training_batch_gradient(data, trial.settings.loss)
            .0;
        end.is_finite() && end < trial.start
    }
}
