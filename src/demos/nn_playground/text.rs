//! The training playground's URL texts: layer shapes, clicked points, the schedule of earlier
//! training settings and seeds, parsed (with messages that say what is accepted) and written.

use super::*;

pub(super) fn dataset_key(kind: Option<DatasetKind>) -> &'static str {
    match kind {
        Some(DatasetKind::Circle) => "circle",
        Some(DatasetKind::Xor) => "xor",
        Some(DatasetKind::TwoGaussians) => "gauss",
        Some(DatasetKind::Spiral) => "spiral",
        Some(DatasetKind::Moons) => "moons",
        Some(DatasetKind::ThreeClasses) => "three-class",
        Some(DatasetKind::FourClasses) => "four-class",
        Some(DatasetKind::Plane) => "plane",
        Some(DatasetKind::GaussianMixture) => "gauss-mix",
        None => "own",
    }
}

pub(super) fn classification_set_from_key(key: &str) -> Option<Option<DatasetKind>> {
    Some(match key {
        "circle" => Some(DatasetKind::Circle),
        "xor" => Some(DatasetKind::Xor),
        "gauss" => Some(DatasetKind::TwoGaussians),
        "spiral" => Some(DatasetKind::Spiral),
        "moons" => Some(DatasetKind::Moons),
        "three-class" => Some(DatasetKind::ThreeClasses),
        "four-class" => Some(DatasetKind::FourClasses),
        "own" => None,
        _ => return None,
    })
}

pub(super) fn loss_key(loss: Loss) -> &'static str {
    match loss {
        Loss::SquaredError => "squared",
        Loss::CrossEntropy => "cross-entropy",
    }
}

pub(super) fn init_key(init: WeightInit) -> &'static str {
    match init {
        WeightInit::Playground => "playground",
        WeightInit::Xavier => "xavier",
        WeightInit::He => "he",
        WeightInit::Zero => "zero",
    }
}

pub(super) fn regularization_key(regularization: Regularization) -> &'static str {
    match regularization {
        Regularization::None => "none",
        Regularization::L1 => "l1",
        Regularization::L2 => "l2",
    }
}

pub(super) fn regularization_from_key(key: &str) -> Option<Regularization> {
    Some(match key {
        "none" => Regularization::None,
        "l1" => Regularization::L1,
        "l2" => Regularization::L2,
        _ => return None,
    })
}

/// Parses "4,2" (also with spaces; empty for no hidden layer).
pub fn parse_shape(text: &str) -> Result<Vec<usize>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let layers: Vec<usize> = trimmed
        .split(',')
        .map(|part| {
            parse_integer(part, 1, MAX_NEURONS_PER_LAYER as i64)
                .map(|n| n as usize)
                .map_err(|_| {
                    format!(
                        "“{text}” is not a list of layer sizes; expected up to {MAX_HIDDEN_LAYERS} numbers from 1 to {MAX_NEURONS_PER_LAYER} separated by commas, like 4,2"
                    )
                })
        })
        .collect::<Result<_, _>>()?;
    if layers.len() > MAX_HIDDEN_LAYERS {
        return Err(format!("at most {MAX_HIDDEN_LAYERS} hidden layers"));
    }
    Ok(layers)
}

pub(super) fn format_shape(layers: &[usize]) -> String {
    layers
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Rounds a clicked coordinate to the two decimals the URL keeps.
pub(super) fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Parses own points "x,y,class;…".
pub fn parse_points(text: &str) -> Result<Vec<DataPoint>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let expected =
        "expected x,y,class triples separated by semicolons, x and y from −6 to 6, class 0 to 3";
    let mut points = Vec::new();
    for triple in trimmed.split(';') {
        let parts: Vec<&str> = triple.split(',').collect();
        if parts.len() != 3 {
            return Err(format!("“{triple}” is not x,y,class; {expected}"));
        }
        let x = parse_number(parts[0], -DOMAIN_RADIUS, DOMAIN_RADIUS)
            .map_err(|e| format!("{e} ({expected})"))?;
        let y = parse_number(parts[1], -DOMAIN_RADIUS, DOMAIN_RADIUS)
            .map_err(|e| format!("{e} ({expected})"))?;
        let class = parse_integer(parts[2], 0, 3).map_err(|e| format!("{e} ({expected})"))?;
        points.push(DataPoint::classified(round2(x), round2(y), class as usize));
    }
    if points.len() > MAX_OWN_POINTS {
        return Err(format!("at most {MAX_OWN_POINTS} points"));
    }
    Ok(points)
}

pub(super) fn format_points(points: &[DataPoint]) -> String {
    points
        .iter()
        .map(|p| {
            format!(
                "{},{},{}",
                format_param_number(p.x1),
                format_param_number(p.x2),
                p.class
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

pub(super) fn format_live(settings: &LiveSettings) -> String {
    format!(
        "{},{},{},{},{}",
        format_param_number(settings.learning_rate),
        settings.batch_size,
        regularization_key(settings.regularization),
        format_param_number(settings.regularization_rate),
        settings.optimizer.id()
    )
}

pub(super) fn parse_live(text: &str) -> Result<LiveSettings, String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() != 5 {
        return Err(format!(
            "“{text}” is not η,batch,regularization,λ,optimizer (like 0.03,10,none,0,sgd)"
        ));
    }
    let optimizer = OptimizerKind::from_id(parts[4])
        .filter(|kind| kind.is_first_order())
        .ok_or_else(|| {
            format!(
                "“{}” is not one of sgd, momentum, nesterov, adagrad, rmsprop, adam",
                parts[4]
            )
        })?;
    Ok(LiveSettings {
        learning_rate: parse_number(parts[0], 1e-5, 10.0)?,
        batch_size: parse_integer(parts[1], 1, 30)? as usize,
        regularization: regularization_from_key(parts[2])
            .ok_or_else(|| format!("“{}” is not none, l1 or l2", parts[2]))?,
        regularization_rate: parse_number(parts[3], 0.0, 10.0)?,
        optimizer,
    })
}

/// Parses the schedule "end:η,batch,reg,λ,opt;…" with strictly increasing ends.
pub(super) fn parse_schedule(text: &str) -> Result<Vec<ScheduleEntry>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let mut entries: Vec<ScheduleEntry> = Vec::new();
    for item in trimmed.split(';') {
        let (end, settings) = item.split_once(':').ok_or_else(|| {
            format!("“{item}” is not epoch:η,batch,regularization,λ,optimizer (like 100:0.03,10,none,0,sgd)")
        })?;
        let end = parse_integer(end, 1, MAX_EPOCHS as i64)? as usize;
        if entries.last().is_some_and(|last| last.end >= end) {
            return Err("the epochs of the schedule must increase".into());
        }
        entries.push(ScheduleEntry {
            end,
            settings: parse_live(settings)?,
        });
    }
    Ok(entries)
}

pub(super) fn format_schedule(entries: &[ScheduleEntry]) -> String {
    entries
        .iter()
        .map(|entry| format!("{}:{}", entry.end, format_live(&entry.settings)))
        .collect::<Vec<_>>()
        .join(";")
}

/// Reads a seed: a whole number, or a playground seed like "0.12345" (its digits).
pub(super) fn parse_seed(value: &str) -> Result<u64, String> {
    let trimmed = value.trim();
    if let Some(digits) = trimmed.strip_prefix("0.")
        && (1..=9).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return digits
            .parse::<u64>()
            .map_err(|_| format!("“{value}” is not a seed"));
    }
    parse_integer(value, 0, 999_999_999)
        .map(|n| n as u64)
        .map_err(|e| format!("{e} (a playground seed like 0.12345 also works)"))
}
