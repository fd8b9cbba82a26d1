//! The largest learning rate that trains stably, found by bisection: a fixed seed's network
//! is trained for a few epochs at each trial rate, and the search halves the bracket
//! `[stable, unstable]` in log space.

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
