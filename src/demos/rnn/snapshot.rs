//! The recurrent-network demo's lossless snapshot, for training in the background Worker
//! ([`crate::demos::background`]): the run's whole state (weights, the optimizer's moments,
//! where the mini-batches stand, every step's record) and the summary of the current weights,
//! every f64 by its bits, as base64url text.
//!
//! The summary travels with the state because it is the expensive part of a frame (for an
//! LSTM with H 32 and T 100 it costs more than two training steps: a forward pass over the
//! whole training set and four Schur decompositions); the Worker computes it with the same
//! code, so the page shows exactly what it would have computed itself.

use super::{RnnDemo, StepRecord, Summary};
use crate::demos::link_codec::{base64url_decode, base64url_encode, fnv1a64};
use crate::math::optimizers::FirstOrderOptimizer;
use crate::math::rnn::{Trace, Trainer};

/// The format's first byte; a snapshot of another version is refused.
const VERSION: u8 = 1;

impl RnnDemo {
    /// The settings a snapshot belongs to, as one number: a snapshot of other settings
    /// (another seed, another η) is refused instead of continuing the wrong run.
    fn settings_fingerprint(&self) -> u64 {
        let text = format!(
            "{:?}|{:?}|{}|{}|{:x}|{}|{:x}|{}|{:x}|{}",
            self.cell,
            self.task,
            self.length,
            self.hidden,
            self.radius.to_bits(),
            self.clip,
            self.max_norm.to_bits(),
            self.optimizer.id(),
            self.learning_rate.to_bits(),
            self.seed
        );
        fnv1a64(text.as_bytes())
    }

    pub(super) fn encode_snapshot(&self) -> String {
        let mut w = Writer::default();
        w.u8(VERSION);
        w.u64(self.settings_fingerprint());
        w.u64(self.step as u64);
        w.u64(self.furthest as u64);
        w.u64(self.diverged_at.map_or(0, |step| step as u64 + 1));
        let (epoch, order, position) = self.trainer.batch_state();
        w.u64(epoch);
        w.u64(order.len() as u64);
        for &i in order {
            w.u64(i as u64);
        }
        w.u64(position as u64);
        w.f64s(&self.trainer.params);
        let optimizer = self.trainer.optimizer();
        w.f64s(optimizer.first_moment());
        w.f64s(optimizer.second_moment());
        w.u64(optimizer.steps_taken() as u64);
        w.u64(self.history.len() as u64);
        for record in &self.history {
            w.f64(record.batch_loss);
            w.f64(record.gradient_norm);
            w.u8(u8::from(record.clipped));
        }
        let summary = &self.summary;
        w.f64(summary.loss);
        match &summary.trace {
            Some(trace) => {
                w.u8(1);
                w.u64(trace.hidden_size as u64);
                for part in [
                    &trace.hidden,
                    &trace.cell,
                    &trace.gates,
                    &trace.gru_hidden_candidate,
                    &trace.outputs,
                ] {
                    w.f64s(part);
                }
            }
            None => w.u8(0),
        }
        w.f64s(&summary.hidden_norms);
        w.f64s(&summary.cell_norms);
        w.u64(summary.radii.len() as u64);
        for radius in &summary.radii {
            w.u8(u8::from(radius.is_some()));
            w.f64(radius.unwrap_or(0.0));
        }
        base64url_encode(&w.bytes)
    }

    /// Replaces the run by a snapshot's; on error nothing changes.
    pub(super) fn apply_snapshot(&mut self, text: &str) -> Result<(), String> {
        let bytes = base64url_decode(text).ok_or("the snapshot is not base64url")?;
        let mut r = Reader { bytes: &bytes };
        if r.u8()? != VERSION {
            return Err("the snapshot is of another version".into());
        }
        if r.u64()? != self.settings_fingerprint() {
            return Err("the snapshot belongs to other settings".into());
        }
        let step = r.count()?;
        let furthest = r.count()?;
        let diverged_at = r.count()?.checked_sub(1);
        let epoch = r.u64()?;
        let order_len = r.count()?;
        let order = (0..order_len)
            .map(|_| r.count())
            .collect::<Result<Vec<_>, _>>()?;
        let position = r.count()?;
        let params = r.f64s()?;
        let (first, second) = (r.f64s()?, r.f64s()?);
        let steps_taken = r.count()?;
        let shape = self.shape();
        let optimizer = FirstOrderOptimizer::from_state(
            self.optimizer,
            shape.parameter_count(),
            first,
            second,
            steps_taken,
        )
        .ok_or("the snapshot's optimizer state does not fit")?;
        let trainer = Trainer::from_state(
            shape,
            params,
            optimizer,
            self.seed,
            (epoch, order, position),
            self.data.len(),
        )
        .ok_or("the snapshot's weights do not fit the network")?;
        let history_len = r.count()?;
        if history_len != step || step > super::MAX_STEPS || furthest < step {
            return Err("the snapshot's history does not fit its step".into());
        }
        let mut history = Vec::with_capacity(history_len);
        for _ in 0..history_len {
            history.push(StepRecord {
                batch_loss: r.f64()?,
                gradient_norm: r.f64()?,
                clipped: r.u8()? != 0,
            });
        }
        let loss = r.f64()?;
        let trace = match r.u8()? {
            0 => None,
            _ => {
                let hidden_size = r.count()?;
                Some(Trace {
                    hidden_size,
                    hidden: r.f64s()?,
                    cell: r.f64s()?,
                    gates: r.f64s()?,
                    gru_hidden_candidate: r.f64s()?,
                    outputs: r.f64s()?,
                })
            }
        };
        // The pictures index the trace by the example's steps and the hidden size.
        let steps = self.example().map_or(0, |e| e.len());
        if let Some(trace) = &trace
            && (trace.hidden_size != shape.hidden_size
                || trace.hidden.len() != (steps + 1) * shape.hidden_size
                || trace.outputs.len() != steps)
        {
            return Err("the snapshot's trace does not fit the example".into());
        }
        let hidden_norms = r.f64s()?;
        let cell_norms = r.f64s()?;
        let radii_len = r.count()?;
        let mut radii = Vec::with_capacity(radii_len.min(8));
        for _ in 0..radii_len {
            let present = r.u8()? != 0;
            let value = r.f64()?;
            radii.push(present.then_some(value));
        }
        if !r.bytes.is_empty() {
            return Err("the snapshot has trailing bytes".into());
        }
        self.trainer = trainer;
        self.step = step;
        self.furthest = self.furthest.max(furthest);
        self.diverged_at = diverged_at;
        self.history = history;
        self.replay = None;
        self.summary = Summary {
            loss,
            trace,
            hidden_norms,
            cell_norms,
            radii,
        };
        Ok(())
    }
}

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn f64(&mut self, value: f64) {
        self.u64(value.to_bits());
    }

    fn f64s(&mut self, values: &[f64]) {
        self.u64(values.len() as u64);
        self.bytes.reserve(8 * values.len());
        for value in values {
            self.f64(*value);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let (head, rest) = self
            .bytes
            .split_first_chunk::<N>()
            .ok_or("the snapshot ends early")?;
        self.bytes = rest;
        Ok(*head)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take::<1>()?[0])
    }

    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.take()?))
    }

    /// A count or index: at most what the remaining bytes could describe, so junk cannot
    /// ask for a huge allocation.
    fn count(&mut self) -> Result<usize, String> {
        let value = self.u64()?;
        if value > 1 << 32 {
            return Err("the snapshot holds an impossible count".into());
        }
        Ok(value as usize)
    }

    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_bits(self.u64()?))
    }

    fn f64s(&mut self) -> Result<Vec<f64>, String> {
        let len = self.count()?;
        if len > self.bytes.len() / 8 {
            return Err("the snapshot ends early".into());
        }
        let (head, rest) = self.bytes.split_at(8 * len);
        self.bytes = rest;
        Ok(head
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .collect())
    }
}
