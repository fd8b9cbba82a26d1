//! Networks as JSON files: the training playground's "Download weights" and "Load weights".
//!
//! The crate has no JSON library (serde would add to every download of the app for one file
//! format), so this is a small reader for standard JSON (RFC 8259: objects, arrays, strings
//! with escapes, numbers, true/false/null) and a writer for the one shape used here:
//!
//! ```json
//! {"format": "mlmath-viz network 1", "inputs": ["x1", "x2"], "hidden": [4, 2],
//!  "activation": "tanh", "output": "tanh",
//!  "layers": [{"weights": [[w, …], …], "biases": [b, …]}, …]}
//! ```
//!
//! `layers[l].weights[j][i]` is the weight into neuron `j` of layer `l + 1` from neuron `i`
//! of layer `l`, the row-major order of [`Network::parameters`]. Numbers are written in
//! Rust's shortest round-trip form, so reading a file back gives the same bits.

use crate::math::activations::Activation;
use crate::math::nn::{Architecture, InputFeature, Network, OutputUnit, WeightInit};

/// The `format` value files carry.
pub const FORMAT: &str = "mlmath-viz network 1";

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<f64> {
        match self {
            Json::Number(x) => Some(*x),
            _ => None,
        }
    }
}

/// The deepest nesting the reader accepts (a guard against stack exhaustion).
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl Reader<'_> {
    fn error(&self, what: &str) -> String {
        format!("not valid JSON at character {}: {what}", self.position)
    }

    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.position)
            .is_some_and(|b| b.is_ascii_whitespace())
        {
            self.position += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        self.skip_space();
        if self.bytes.get(self.position) == Some(&byte) {
            self.position += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected “{}”", byte as char)))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_space();
        match self.bytes.get(self.position) {
            Some(b'{') => {
                self.position += 1;
                let mut fields = Vec::new();
                self.skip_space();
                if self.bytes.get(self.position) == Some(&b'}') {
                    self.position += 1;
                    return Ok(Json::Object(fields));
                }
                loop {
                    self.skip_space();
                    let key = self.string()?;
                    self.expect(b':')?;
                    fields.push((key, self.value(depth + 1)?));
                    self.skip_space();
                    match self.bytes.get(self.position) {
                        Some(b',') => self.position += 1,
                        Some(b'}') => {
                            self.position += 1;
                            return Ok(Json::Object(fields));
                        }
                        _ => return Err(self.error("expected “,” or “}”")),
                    }
                }
            }
            Some(b'[') => {
                self.position += 1;
                let mut items = Vec::new();
                self.skip_space();
                if self.bytes.get(self.position) == Some(&b']') {
                    self.position += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_space();
                    match self.bytes.get(self.position) {
                        Some(b',') => self.position += 1,
                        Some(b']') => {
                            self.position += 1;
                            return Ok(Json::Array(items));
                        }
                        _ => return Err(self.error("expected “,” or “]”")),
                    }
                }
            }
            Some(b'"') => self.string().map(Json::String),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(_) => self.number(),
            None => Err(self.error("unexpected end")),
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, String> {
        if self.bytes[self.position..].starts_with(word.as_bytes()) {
            self.position += word.len();
            Ok(value)
        } else {
            Err(self.error("unknown word"))
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.position;
        while self
            .bytes
            .get(self.position)
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        {
            self.position += 1;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.position])
            .map_err(|_| self.error("bad number"))?;
        match crate::number_text::parse_f64(text) {
            Some(x) if x.is_finite() && !text.is_empty() => Ok(Json::Number(x)),
            _ => Err(self.error("expected a value")),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        if self.bytes.get(self.position) != Some(&b'"') {
            return Err(self.error("expected a string"));
        }
        self.position += 1;
        let mut out = String::new();
        loop {
            let start = self.position;
            while self
                .bytes
                .get(self.position)
                .is_some_and(|b| *b != b'"' && *b != b'\\')
            {
                self.position += 1;
            }
            out.push_str(
                std::str::from_utf8(&self.bytes[start..self.position])
                    .map_err(|_| self.error("bad text"))?,
            );
            match self.bytes.get(self.position) {
                Some(b'"') => {
                    self.position += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escaped = self.bytes.get(self.position + 1).copied();
                    self.position += 2;
                    match escaped {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'n') => out.push('\n'),
                        Some(b't') => out.push('\t'),
                        Some(b'r') => out.push('\r'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'u') => {
                            let hex = self
                                .bytes
                                .get(self.position..self.position + 4)
                                .and_then(|h| std::str::from_utf8(h).ok())
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .ok_or_else(|| self.error("bad \\u escape"))?;
                            self.position += 4;
                            out.push(char::from_u32(hex).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.error("bad escape")),
                    }
                }
                _ => return Err(self.error("unterminated string")),
            }
        }
    }
}

/// Parses a JSON document.
pub fn parse_json(text: &str) -> Result<Json, String> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        position: 0,
    };
    let value = reader.value(0)?;
    reader.skip_space();
    if reader.position != reader.bytes.len() {
        return Err(reader.error("text after the end"));
    }
    Ok(value)
}

fn number_text(x: f64) -> String {
    let text = format!("{x:?}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

/// Writes `network` (fed `features`) as JSON.
pub fn network_to_json(network: &Network, features: &[InputFeature]) -> String {
    let sizes = network.layer_sizes();
    let quoted = |items: Vec<String>| items.join(", ");
    let mut layers = Vec::new();
    for layer in 1..=network.layer_count() {
        let (weights, biases) = network.layer_ranges(layer);
        let fan_in = sizes[layer - 1].max(1);
        let rows: Vec<String> = network.parameters[weights]
            .chunks(fan_in)
            .map(|row| {
                format!(
                    "[{}]",
                    quoted(row.iter().map(|w| number_text(*w)).collect())
                )
            })
            .collect();
        // A layer fed by no inputs has empty rows, one per neuron.
        let rows = if sizes[layer - 1] == 0 {
            vec!["[]".to_owned(); sizes[layer]]
        } else {
            rows
        };
        let biases: Vec<String> = network.parameters[biases]
            .iter()
            .map(|b| number_text(*b))
            .collect();
        layers.push(format!(
            "    {{\"weights\": [{}], \"biases\": [{}]}}",
            rows.join(", "),
            biases.join(", ")
        ));
    }
    let architecture = network.architecture();
    format!(
        "{{\n  \"format\": \"{FORMAT}\",\n  \"inputs\": [{}],\n  \"hidden\": [{}],\n  \"activation\": \"{}\",\n  \"output\": \"{}\",\n  \"layers\": [\n{}\n  ]\n}}\n",
        quoted(
            features
                .iter()
                .map(|f| format!("\"{}\"", f.key()))
                .collect()
        ),
        quoted(
            sizes[1..sizes.len() - 1]
                .iter()
                .map(|n| n.to_string())
                .collect()
        ),
        architecture.hidden_activation.key(),
        architecture.output_unit.key(),
        layers.join(",\n")
    )
}

/// A network read back from JSON, with the features it is fed.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedNetwork {
    pub features: Vec<InputFeature>,
    pub network: Network,
}

/// Reads a file written by [`network_to_json`], checking every size.
pub fn network_from_json(text: &str) -> Result<LoadedNetwork, String> {
    let json = parse_json(text)?;
    let field = |key: &str| {
        json.get(key)
            .ok_or_else(|| format!("the file has no “{key}”"))
    };
    if field("format")?.as_str() != Some(FORMAT) {
        return Err(format!(
            "the file is not a network saved by this page (format “{FORMAT}”)"
        ));
    }
    let features = field("inputs")?
        .as_array()
        .ok_or("“inputs” must be a list")?
        .iter()
        .map(|item| {
            item.as_str()
                .and_then(InputFeature::from_key)
                .ok_or_else(|| format!("unknown input {item:?}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let hidden = field("hidden")?
        .as_array()
        .ok_or("“hidden” must be a list")?
        .iter()
        .map(|item| match item.as_number() {
            Some(n) if n.fract() == 0.0 && (1.0..=64.0).contains(&n) => Ok(n as usize),
            _ => Err("“hidden” must list whole numbers".to_owned()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let activation = field("activation")?
        .as_str()
        .and_then(Activation::from_key)
        .ok_or("unknown activation")?;
    let output_unit = field("output")?
        .as_str()
        .and_then(OutputUnit::from_key)
        .ok_or("unknown output unit")?;
    let layers = field("layers")?
        .as_array()
        .ok_or("“layers” must be a list")?;
    let outputs = layers
        .last()
        .and_then(|layer| layer.get("biases"))
        .and_then(Json::as_array)
        .map_or(0, <[Json]>::len);
    let mut layer_sizes = vec![features.len()];
    layer_sizes.extend(&hidden);
    layer_sizes.push(outputs);
    let architecture = Architecture {
        layer_sizes: layer_sizes.clone(),
        hidden_activation: activation,
        output_unit,
    };
    let mut network = Network::new(architecture, WeightInit::Zero, 0)?;
    if layers.len() != layer_sizes.len() - 1 {
        return Err("“layers” must have one entry per hidden layer and the output".into());
    }
    for (index, layer) in layers.iter().enumerate() {
        let (weight_range, bias_range) = network.layer_ranges(index + 1);
        let rows = layer
            .get("weights")
            .and_then(Json::as_array)
            .ok_or("every layer needs “weights”")?;
        let biases = layer
            .get("biases")
            .and_then(Json::as_array)
            .ok_or("every layer needs “biases”")?;
        let (fan_in, count) = (layer_sizes[index], layer_sizes[index + 1]);
        if rows.len() != count || biases.len() != count {
            return Err(format!("layer {} must have {count} neurons", index + 1));
        }
        let mut values = Vec::with_capacity(fan_in * count + count);
        for row in rows {
            let row = row.as_array().ok_or("weights must be lists of rows")?;
            if row.len() != fan_in {
                return Err(format!(
                    "layer {} must have {fan_in} weights per neuron",
                    index + 1
                ));
            }
            for weight in row {
                values.push(weight.as_number().ok_or("weights must be numbers")?);
            }
        }
        for bias in biases {
            values.push(bias.as_number().ok_or("biases must be numbers")?);
        }
        network.parameters[weight_range.start..bias_range.end].copy_from_slice(&values);
    }
    Ok(LoadedNetwork { features, network })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_parse() {
        let json = parse_json(r#" {"a": [1, -2.5e3, true, null], "b": "x\"\u00e9"} "#).unwrap();
        assert_eq!(
            json.get("a"),
            Some(&Json::Array(vec![
                Json::Number(1.0),
                Json::Number(-2500.0),
                Json::Bool(true),
                Json::Null
            ]))
        );
        assert_eq!(json.get("b"), Some(&Json::String("x\"é".into())));
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "1 2",
            "nan",
            "\"abc",
            "[1e999]",
        ] {
            assert!(parse_json(bad).is_err(), "{bad}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(parse_json(&deep).is_err());
    }

    #[test]
    fn a_network_survives_the_round_trip_bit_for_bit() {
        let architecture = Architecture {
            layer_sizes: vec![3, 4, 2, 3],
            hidden_activation: Activation::Gelu,
            output_unit: OutputUnit::Softmax,
        };
        let network = Network::new(architecture, WeightInit::He, 5).unwrap();
        let features = vec![
            InputFeature::X1,
            InputFeature::SinX2,
            InputFeature::X1TimesX2,
        ];
        let text = network_to_json(&network, &features);
        let loaded = network_from_json(&text).unwrap();
        assert_eq!(loaded.features, features);
        assert_eq!(loaded.network, network);
        // A wrong size is reported, not guessed.
        let broken = text.replacen("\"hidden\": [4, 2]", "\"hidden\": [4, 3]", 1);
        assert!(network_from_json(&broken).is_err());
    }
}
