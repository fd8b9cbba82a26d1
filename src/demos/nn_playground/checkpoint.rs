//! The `ckpt=` link key: a lossless checkpoint of a training run, so that a link to epoch
//! 100,000 opens at once instead of replaying every epoch.
//!
//! Layout (little-endian), then base64url without padding:
//!
//! | bytes | what |
//! |---|---|
//! | 1 | format version ([`VERSION`]) |
//! | 8 | fingerprint of the settings that define the run (the other link keys) |
//! | 8 | epoch |
//! | 8 | epoch whose training diverged, 0 for none |
//! | 4 + 8n | the n weights and biases, exact f64 bits |
//! | 1 | the optimizer (index in the optimizer list) |
//! | 4 + 8m, 4 + 8m | its first and second moments (m = 0 or n), exact f64 bits |
//! | 8 | its step count |
//! | 1 + 8L | the last epoch's gradient norm of each of the L weight layers, exact |
//! | 8, 2 + k(4 + 4(4 + L)) | the loss history: its stride, then k ≤ [`MAX_RECORDS`] records (epoch u32, then f32 losses, accuracies and norms) |
//! | only in version 2 | batch normalization's state: 4 + 8a γ's and β's, 4 + 8h running means, 4 + 8h running variances, 4 + 8b and 4 + 8b the moments of their optimizer (b = 0 or a), 8 its step count |
//! | 4 | FNV-1a checksum of everything before |
//!
//! A run without batch norm writes version 1, byte for byte what links carried before batch
//! norm's state was added; a run with it writes version 2. Both are read.
//!
//! Only the history is rounded (to f32, and thinned to every 2ʲ-th record): it feeds the
//! charts, never the next epoch. The losses and accuracies shown are recomputed from the
//! exact weights (and, with batch norm, its exact running averages).

use crate::demos::link_codec::{base64url_decode, base64url_encode};
use crate::math::optimizers::OptimizerKind;

use super::{EpochRecord, MAX_HIDDEN_LAYERS};

/// The layout without batch norm's state. Bumped (with the reader keeping the old layouts)
/// whenever the layout changes; an unknown version makes a link replay instead.
pub(super) const VERSION: u8 = 1;
/// The layout with batch norm's state after the history.
pub(super) const VERSION_WITH_BATCH_NORM: u8 = 2;
/// The most history records a checkpoint carries.
pub(super) const MAX_RECORDS: usize = 128;

/// Everything the next epochs (and the readouts) depend on.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Checkpoint {
    pub fingerprint: u64,
    pub epoch: usize,
    pub diverged_at: Option<usize>,
    pub parameters: Vec<f64>,
    pub optimizer: OptimizerKind,
    pub first_moment: Vec<f64>,
    pub second_moment: Vec<f64>,
    pub steps_taken: usize,
    /// One per weight layer.
    pub gradient_norms: Vec<f64>,
    pub history_stride: usize,
    /// Rounded to f32 (see the module doc).
    pub history: Vec<EpochRecord>,
    /// Batch normalization's state, for a run with it (format version 2).
    pub batch_norm: Option<BatchNormState>,
}

/// Everything of batch normalization the next epochs and the readouts depend on, exact.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct BatchNormState {
    /// γ's and β's, in `BatchNorm::affine`'s order.
    pub affine: Vec<f64>,
    pub running_mean: Vec<f64>,
    pub running_variance: Vec<f64>,
    /// The state of the optimizer of γ and β (the run's optimizer kind).
    pub first_moment: Vec<f64>,
    pub second_moment: Vec<f64>,
    pub steps_taken: usize,
}

/// The optimizers a checkpoint can name, by index (append only: the index is the format).
const OPTIMIZER_CODES: [OptimizerKind; 6] = [
    OptimizerKind::Sgd,
    OptimizerKind::Momentum,
    OptimizerKind::Nesterov,
    OptimizerKind::AdaGrad,
    OptimizerKind::RmsProp,
    OptimizerKind::Adam,
];

/// The history thinned the way `History` itself thins: the stride doubles (keeping the
/// records on it) until at most [`MAX_RECORDS`] remain. Thinning twice changes nothing, so a
/// restored run writes the same checkpoint again.
pub(super) fn thin_history(stride: usize, records: &[EpochRecord]) -> (usize, Vec<EpochRecord>) {
    let mut stride = stride.max(1);
    let mut kept: Vec<EpochRecord> = records.to_vec();
    while kept.len() > MAX_RECORDS {
        stride *= 2;
        kept.retain(|r| r.epoch.is_multiple_of(stride));
    }
    (stride, kept)
}

/// Encodes a checkpoint as base64url text.
pub(super) fn encode(checkpoint: &Checkpoint) -> String {
    let layers = checkpoint.gradient_norms.len();
    let mut bytes = Vec::with_capacity(64 + 24 * checkpoint.parameters.len());
    bytes.push(if checkpoint.batch_norm.is_some() {
        VERSION_WITH_BATCH_NORM
    } else {
        VERSION
    });
    bytes.extend_from_slice(&checkpoint.fingerprint.to_le_bytes());
    bytes.extend_from_slice(&(checkpoint.epoch as u64).to_le_bytes());
    bytes.extend_from_slice(&(checkpoint.diverged_at.unwrap_or(0) as u64).to_le_bytes());
    write_f64s(&mut bytes, &checkpoint.parameters);
    let code = OPTIMIZER_CODES
        .iter()
        .position(|kind| *kind == checkpoint.optimizer)
        .unwrap_or(0);
    bytes.push(code as u8);
    write_f64s(&mut bytes, &checkpoint.first_moment);
    write_f64s(&mut bytes, &checkpoint.second_moment);
    bytes.extend_from_slice(&(checkpoint.steps_taken as u64).to_le_bytes());
    bytes.push(layers as u8);
    for norm in &checkpoint.gradient_norms {
        bytes.extend_from_slice(&norm.to_le_bytes());
    }
    bytes.extend_from_slice(&(checkpoint.history_stride as u64).to_le_bytes());
    bytes.extend_from_slice(&(checkpoint.history.len() as u16).to_le_bytes());
    for record in &checkpoint.history {
        bytes.extend_from_slice(&(record.epoch as u32).to_le_bytes());
        let values = [
            record.train_loss,
            record.test_loss,
            record.train_accuracy,
            record.test_accuracy,
        ];
        for value in values.iter().chain(&record.gradient_norms[..layers]) {
            bytes.extend_from_slice(&(*value as f32).to_le_bytes());
        }
    }
    if let Some(state) = &checkpoint.batch_norm {
        write_f64s(&mut bytes, &state.affine);
        write_f64s(&mut bytes, &state.running_mean);
        write_f64s(&mut bytes, &state.running_variance);
        write_f64s(&mut bytes, &state.first_moment);
        write_f64s(&mut bytes, &state.second_moment);
        bytes.extend_from_slice(&(state.steps_taken as u64).to_le_bytes());
    }
    let checksum = fnv1a32(&bytes);
    bytes.extend_from_slice(&checksum.to_le_bytes());
    base64url_encode(&bytes)
}

/// Decodes checkpoint text, checking its form (encoding, checksum, version, lengths, finite
/// weights and moments). Whether it fits the run is the caller's check.
pub(super) fn decode(text: &str) -> Result<Checkpoint, String> {
    let bytes = base64url_decode(text.trim())
        .ok_or("it is not base64url text (letters, digits, “-” and “_”)")?;
    if bytes.len() < 5 {
        return Err("it is too short to be a checkpoint".into());
    }
    let (body, sum) = bytes.split_at(bytes.len() - 4);
    let expected = u32::from_le_bytes([sum[0], sum[1], sum[2], sum[3]]);
    if fnv1a32(body) != expected {
        return Err("its checksum does not match (the link was cut short or changed)".into());
    }
    let mut reader = Reader { bytes: body, at: 0 };
    let version = reader.u8()?;
    if version != VERSION && version != VERSION_WITH_BATCH_NORM {
        return Err(format!(
            "it is in format version {version}, this page reads versions {VERSION} and {VERSION_WITH_BATCH_NORM}"
        ));
    }
    let fingerprint = reader.u64()?;
    let epoch = reader.count()?;
    let diverged_at = Some(reader.count()?).filter(|d| *d > 0);
    let parameters = reader.f64s()?;
    let optimizer = *OPTIMIZER_CODES
        .get(usize::from(reader.u8()?))
        .ok_or("it names an unknown optimizer")?;
    let first_moment = reader.f64s()?;
    let second_moment = reader.f64s()?;
    let steps_taken = reader.count()?;
    let layers = usize::from(reader.u8()?);
    if layers == 0 || layers > MAX_HIDDEN_LAYERS + 1 {
        return Err(format!("it has {layers} weight layers"));
    }
    let gradient_norms = (0..layers)
        .map(|_| reader.f64())
        .collect::<Result<Vec<_>, _>>()?;
    let history_stride = reader.count()?.max(1);
    let records = usize::from(reader.u16()?);
    if records > MAX_RECORDS {
        return Err(format!(
            "it has {records} history records (at most {MAX_RECORDS})"
        ));
    }
    let mut history = Vec::with_capacity(records);
    for _ in 0..records {
        let record_epoch = reader.u32()? as usize;
        let mut values = [f64::NAN; 4];
        for value in &mut values {
            *value = f64::from(reader.f32()?);
        }
        let mut norms = [f64::NAN; MAX_HIDDEN_LAYERS + 1];
        for norm in &mut norms[..layers] {
            *norm = f64::from(reader.f32()?);
        }
        let ordered = history
            .last()
            .is_none_or(|r: &EpochRecord| r.epoch < record_epoch);
        if record_epoch > epoch || !ordered || !record_epoch.is_multiple_of(history_stride) {
            return Err("its history is out of order".into());
        }
        history.push(EpochRecord {
            epoch: record_epoch,
            train_loss: values[0],
            test_loss: values[1],
            train_accuracy: values[2],
            test_accuracy: values[3],
            gradient_norms: norms,
        });
    }
    let batch_norm = if version == VERSION_WITH_BATCH_NORM {
        Some(BatchNormState {
            affine: reader.f64s()?,
            running_mean: reader.f64s()?,
            running_variance: reader.f64s()?,
            first_moment: reader.f64s()?,
            second_moment: reader.f64s()?,
            steps_taken: reader.count()?,
        })
    } else {
        None
    };
    if reader.at != body.len() {
        return Err("it has bytes left over after its history".into());
    }
    let all_finite = |values: &[f64]| values.iter().all(|v| v.is_finite());
    if !all_finite(&parameters) || !all_finite(&first_moment) || !all_finite(&second_moment) {
        return Err("a weight or an optimizer moment in it is not a finite number".into());
    }
    if let Some(state) = &batch_norm {
        let vectors = [
            &state.affine,
            &state.running_mean,
            &state.running_variance,
            &state.first_moment,
            &state.second_moment,
        ];
        if !vectors.iter().all(|values| all_finite(values)) {
            return Err(
                "a batch-norm parameter or running average in it is not a finite number".into(),
            );
        }
    }
    Ok(Checkpoint {
        fingerprint,
        epoch,
        diverged_at,
        parameters,
        optimizer,
        first_moment,
        second_moment,
        steps_taken,
        gradient_norms,
        history_stride,
        history,
        batch_norm,
    })
}

/// Reads little-endian numbers, failing (instead of panicking) past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let slice = self
            .bytes
            .get(self.at..self.at + N)
            .ok_or("it ends too early")?;
        self.at += N;
        let mut out = [0; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take::<1>()?[0])
    }

    fn u16(&mut self) -> Result<u16, String> {
        Ok(u16::from_le_bytes(self.take()?))
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take()?))
    }

    fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.take()?))
    }

    /// A count that must fit the platform's usize (4 bytes on wasm32).
    fn count(&mut self) -> Result<usize, String> {
        usize::try_from(self.u64()?).map_err(|_| "it holds a count too large".to_owned())
    }

    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take()?))
    }

    fn f64(&mut self) -> Result<f64, String> {
        Ok(f64::from_le_bytes(self.take()?))
    }

    /// A u32 length, then that many f64.
    fn f64s(&mut self) -> Result<Vec<f64>, String> {
        let length = self.u32()? as usize;
        if length > (self.bytes.len() - self.at) / 8 {
            return Err("it ends too early".into());
        }
        (0..length).map(|_| self.f64()).collect()
    }
}

fn write_f64s(bytes: &mut Vec<u8>, values: &[f64]) {
    bytes.extend_from_slice(&(values.len() as u32).to_le_bytes());
    for value in values {
        bytes.extend_from_slice(&value.to_le_bytes());
    }
}

/// FNV-1a, 32 bits: catches a cut or edited link (not an adversary; nothing here is secret).
fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash: u32, byte| {
        (hash ^ u32::from(*byte)).wrapping_mul(0x0100_0193)
    })
}
