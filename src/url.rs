//! The location-hash state, parsed from and written to a `&str` by pure code.
//!
//! The public URL schema is `#/<demo-id>?key=value&key=value`; `#/` (or an empty hash) is the
//! landing view. Blog posts link to these URLs, so the parser is lenient where it can be
//! (a missing leading slash, a trailing `&`) and reports, never panics, where it cannot.
//! Percent-encoding is done by the `form_urlencoded` crate, as browsers do for query strings.

/// What the hash asks the page to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    /// The landing page with a card per demo.
    Home,
    /// One demo, by id (which may be unknown: the shell says so).
    Demo(String),
}

/// A parsed hash: the view plus its parameters in URL order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub view: View,
    pub params: Vec<(String, String)>,
}

impl Route {
    pub fn home() -> Self {
        Self {
            view: View::Home,
            params: Vec::new(),
        }
    }

    /// The last value given for `key` (later values override earlier ones, as in most servers).
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// True when the page is embedded in another site (`embed=1`): only the demo is shown.
    pub fn is_embed(&self) -> bool {
        matches!(self.param(EMBED_KEY), Some("1" | "true" | "yes"))
    }
}

/// The parameter that switches embed mode on; it belongs to the shell, not to a demo.
pub const EMBED_KEY: &str = "embed";
/// The parameter that starts a stepping demo at a given iteration, paused.
pub const STEPS_KEY: &str = "steps";

/// Why a hash could not be understood at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MalformedHash {
    pub hash: String,
    pub reason: String,
}

impl std::fmt::Display for MalformedHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the address part “{}” could not be read: {}",
            self.hash, self.reason
        )
    }
}

/// Demo ids are lowercase ASCII words joined by dashes; anything else is not a route.
fn is_valid_demo_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses `location.hash` (with or without the leading `#`).
pub fn parse_hash(hash: &str) -> Result<Route, MalformedHash> {
    let malformed = |reason: &str| MalformedHash {
        hash: hash.to_owned(),
        reason: reason.to_owned(),
    };
    let body = hash.strip_prefix('#').unwrap_or(hash);
    if body.len() > 4096 {
        return Err(malformed("it is longer than 4096 characters"));
    }
    let (path, query) = match body.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (body, None),
    };
    let path = path.strip_prefix('/').unwrap_or(path).trim_end_matches('/');
    let params: Vec<(String, String)> = query
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .filter(|(k, _)| !k.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if path.is_empty() {
        return Ok(Route {
            view: View::Home,
            params,
        });
    }
    // Accept the ids users type ("Gradient-Descent") but not arbitrary text.
    let id = path.to_ascii_lowercase();
    if !is_valid_demo_id(&id) {
        return Err(malformed("a demo name has only letters, digits and dashes"));
    }
    Ok(Route {
        view: View::Demo(id),
        params,
    })
}

/// Writes `#/<demo-id>?k=v&...` with form-urlencoded values (spaces as `+`).
pub fn format_hash(demo_id: &str, params: &[(String, String)]) -> String {
    if params.is_empty() {
        return format!("#/{demo_id}");
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .finish();
    format!("#/{demo_id}?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn empty_and_root_hashes_are_home() {
        for hash in ["", "#", "#/", "/"] {
            assert_eq!(parse_hash(hash).unwrap().view, View::Home, "hash {hash:?}");
        }
    }

    #[test]
    fn demo_route_with_params() {
        let route = parse_hash("#/gradient-descent?lr=0.1&surface=rosenbrock&embed=1").unwrap();
        assert_eq!(route.view, View::Demo("gradient-descent".into()));
        assert_eq!(
            route.params,
            pairs(&[("lr", "0.1"), ("surface", "rosenbrock"), ("embed", "1")])
        );
        assert!(route.is_embed());
        assert_eq!(route.param("lr"), Some("0.1"));
    }

    #[test]
    fn later_duplicate_wins_and_empty_keys_are_dropped() {
        let route = parse_hash("#/a?lr=1&lr=2&=5&&").unwrap();
        assert_eq!(route.param("lr"), Some("2"));
        assert_eq!(route.params.len(), 2);
    }

    #[test]
    fn leniency_missing_slash_trailing_slash_case() {
        assert_eq!(
            parse_hash("#gradient-descent").unwrap().view,
            View::Demo("gradient-descent".into())
        );
        assert_eq!(
            parse_hash("#/Gradient-Descent/").unwrap().view,
            View::Demo("gradient-descent".into())
        );
    }

    #[test]
    fn junk_is_rejected_not_panicked_on() {
        for hash in ["#/<script>", "#/a b", "#/ünïcode", "#/../etc", "#/a/b"] {
            assert!(parse_hash(hash).is_err(), "{hash:?} should be malformed");
        }
        assert!(parse_hash(&format!("#/{}", "a".repeat(5000))).is_err());
    }

    #[test]
    fn percent_encoding_round_trips() {
        let params = pairs(&[("f", "sin(x)*y^2 + 1/2"), ("label", "a&b=c#d%")]);
        let hash = format_hash("gradient-descent", &params);
        // '+' must be encoded (it means space), and '&', '=', '#' must not appear raw in values.
        assert_eq!(
            hash,
            "#/gradient-descent?f=sin%28x%29*y%5E2+%2B+1%2F2&label=a%26b%3Dc%23d%25"
        );
        let route = parse_hash(&hash).unwrap();
        assert_eq!(route.params, params);
    }

    #[test]
    fn malformed_percent_sequences_decode_lossily() {
        let route = parse_hash("#/a?x=%ZZ&y=%E2%82").unwrap();
        assert_eq!(route.param("x"), Some("%ZZ"));
        assert_eq!(route.param("y"), Some("\u{FFFD}"));
    }

    #[test]
    fn no_params_writes_bare_route() {
        assert_eq!(format_hash("gradient-descent", &[]), "#/gradient-descent");
    }
}
