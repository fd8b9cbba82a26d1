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

/// Shell keys that trim and theme a page, mostly for embeds (`embed=1`), documented with every
/// demo in docs/DEMOS.md. A demo control with the same name wins over a shell key (the vectors
/// demo has its own `show=`), which is why the plots can also be chosen with `plots=`.
pub const SHOW_KEY: &str = "show";
/// Another name for [`SHOW_KEY`] that no demo uses for a control.
pub const PLOTS_KEY: &str = "plots";
pub const CONTROLS_KEY: &str = "controls";
pub const READOUTS_KEY: &str = "readouts";
pub const CAPTION_KEY: &str = "caption";
pub const THEME_KEY: &str = "theme";

/// Every shell key that is a view option (see [`view_options`]).
pub const VIEW_KEYS: [&str; 6] = [
    SHOW_KEY,
    PLOTS_KEY,
    CONTROLS_KEY,
    READOUTS_KEY,
    CAPTION_KEY,
    THEME_KEY,
];

/// The page's colour theme: the reader's system setting, or forced by `theme=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    #[default]
    Auto,
    Light,
    Dark,
}

impl ThemeChoice {
    /// Whether the page is dark, given what the system prefers.
    pub fn is_dark(self, system_prefers_dark: bool) -> bool {
        match self {
            ThemeChoice::Auto => system_prefers_dark,
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
        }
    }
}

/// What the page shows around a demo: everything (`None` lists), or only the plots, controls
/// and readouts named in `show=`/`plots=`, `controls=` and `readouts=` (comma-separated;
/// `none` for an empty list), the lede with `caption=1`, and a forced theme with `theme=`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ViewOptions {
    pub plots: Option<Vec<String>>,
    pub controls: Option<Vec<String>>,
    /// Readout names; a name ending in `*` matches every readout that starts with the rest.
    pub readouts: Option<Vec<String>>,
    /// Show the lede and the explanation (the default on the full page; embeds show them only
    /// when `caption=1`).
    pub caption: Option<bool>,
    pub theme: ThemeChoice,
}

impl ViewOptions {
    pub fn shows_plot(&self, id: &str) -> bool {
        self.plots
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|p| p == id))
    }

    pub fn shows_control(&self, key: &str) -> bool {
        self.controls
            .as_ref()
            .is_none_or(|keys| keys.iter().any(|k| k == key))
    }

    pub fn shows_readout(&self, name: &str) -> bool {
        self.readouts.as_ref().is_none_or(|names| {
            names.iter().any(|pattern| match pattern.strip_suffix('*') {
                Some(prefix) => name.starts_with(prefix),
                None => pattern == name,
            })
        })
    }
}

/// A view option the page could not use, with the reason (shown in the page's notice).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewProblem {
    pub key: String,
    pub value: String,
    pub reason: String,
}

/// The names a demo offers, against which `show=` and `controls=` are checked.
pub struct ViewVocabulary<'a> {
    pub plots: &'a [&'a str],
    /// Control keys (with their aliases) and action keys.
    pub controls: &'a [&'a str],
}

/// True when `key` is a view option for a demo whose own control keys are `demo_keys`.
pub fn is_view_key(key: &str, demo_keys: &[&str]) -> bool {
    VIEW_KEYS.contains(&key) && !demo_keys.contains(&key)
}

/// Reads the view options from a route's parameters (the last value of a key wins). Names
/// that the demo does not have are dropped and reported; the rest are used.
pub fn view_options(
    params: &[(String, String)],
    vocabulary: &ViewVocabulary,
) -> (ViewOptions, Vec<ViewProblem>) {
    let mut options = ViewOptions::default();
    let mut problems = Vec::new();
    let last = |key: &str| {
        if vocabulary.controls.contains(&key) {
            return None;
        }
        params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let mut problem = |key: &str, value: &str, reason: String| {
        problems.push(ViewProblem {
            key: key.to_owned(),
            value: value.to_owned(),
            reason,
        })
    };
    // `plots=` is the name that always means plots; it wins over `show=` when both are given.
    let plots = last(PLOTS_KEY)
        .map(|v| (PLOTS_KEY, v))
        .or_else(|| last(SHOW_KEY).map(|v| (SHOW_KEY, v)));
    if let Some((key, value)) = plots {
        let (names, unknown) = split_names(value, Some(vocabulary.plots));
        if !unknown.is_empty() {
            problem(
                key,
                value,
                format!(
                    "no plot called {}; this demo's plots are {}",
                    quoted_list(&unknown),
                    vocabulary.plots.join(", ")
                ),
            );
        }
        options.plots = Some(names);
    }
    if let Some(value) = last(CONTROLS_KEY) {
        let (names, unknown) = split_names(value, Some(vocabulary.controls));
        if !unknown.is_empty() {
            problem(
                CONTROLS_KEY,
                value,
                format!(
                    "no control called {} (see the demo's URL keys)",
                    quoted_list(&unknown)
                ),
            );
        }
        options.controls = Some(names);
    }
    if let Some(value) = last(READOUTS_KEY) {
        options.readouts = Some(split_names(value, None).0);
    }
    if let Some(value) = last(CAPTION_KEY) {
        match parse_switch(value) {
            Some(on) => options.caption = Some(on),
            None => problem(
                CAPTION_KEY,
                value,
                "use 1 (show the caption) or 0 (hide it)".to_owned(),
            ),
        }
    }
    if let Some(value) = last(THEME_KEY) {
        match value.to_ascii_lowercase().as_str() {
            "auto" | "" => options.theme = ThemeChoice::Auto,
            "light" => options.theme = ThemeChoice::Light,
            "dark" => options.theme = ThemeChoice::Dark,
            _ => problem(THEME_KEY, value, "use light, dark or auto".to_owned()),
        }
    }
    (options, problems)
}

/// Splits a comma-separated list (`none` is the empty list), keeping the known names and
/// returning the unknown ones apart. Without a vocabulary every name is kept.
fn split_names(value: &str, known: Option<&[&str]>) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut unknown = Vec::new();
    if value.trim().eq_ignore_ascii_case("none") {
        return (names, unknown);
    }
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match known {
            Some(known) if !known.contains(&name) => unknown.push(name.to_owned()),
            _ if names.iter().any(|n| n == name) => {}
            _ => names.push(name.to_owned()),
        }
    }
    (names, unknown)
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("“{n}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_switch(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "on" | "true" | "yes" => Some(true),
        "0" | "off" | "false" | "no" => Some(false),
        _ => None,
    }
}

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

/// The longest hash read: enough for the training playground's checkpoint of its largest
/// network (460 weights with Adam's two moments, about 23,000 base64 characters) beside a
/// long list of loaded weights, yet a bound on what a hostile link makes the page parse.
pub const MAX_HASH_CHARS: usize = 65_536;

/// Parses `location.hash` (with or without the leading `#`).
pub fn parse_hash(hash: &str) -> Result<Route, MalformedHash> {
    let malformed = |reason: &str| MalformedHash {
        hash: hash.to_owned(),
        reason: reason.to_owned(),
    };
    let body = hash.strip_prefix('#').unwrap_or(hash);
    if body.len() > MAX_HASH_CHARS {
        return Err(malformed(&format!(
            "it is longer than {MAX_HASH_CHARS} characters"
        )));
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

    fn vocabulary() -> ViewVocabulary<'static> {
        ViewVocabulary {
            plots: &["surface", "loss", "surface-3d"],
            controls: &["lr", "surface", "sgd"],
        }
    }

    #[test]
    fn view_options_default_to_showing_everything() {
        let (options, problems) = view_options(&pairs(&[("lr", "0.1")]), &vocabulary());
        assert_eq!(options, ViewOptions::default());
        assert!(problems.is_empty());
        assert!(options.shows_plot("loss") && options.shows_control("lr"));
        assert!(options.shows_readout("adam.loss"));
    }

    #[test]
    fn view_options_trim_plots_controls_and_readouts() {
        let params = pairs(&[
            ("show", "surface"),
            ("controls", "lr,sgd"),
            ("readouts", "adam.loss,sgd.*"),
            ("caption", "1"),
            ("theme", "dark"),
        ]);
        let (options, problems) = view_options(&params, &vocabulary());
        assert!(problems.is_empty(), "{problems:?}");
        assert!(options.shows_plot("surface") && !options.shows_plot("loss"));
        assert!(options.shows_control("sgd") && !options.shows_control("surface"));
        assert!(options.shows_readout("adam.loss") && !options.shows_readout("adam.x"));
        assert!(options.shows_readout("sgd.x") && options.shows_readout("sgd.loss"));
        assert_eq!(options.caption, Some(true));
        assert_eq!(options.theme, ThemeChoice::Dark);
        assert!(options.theme.is_dark(false));
        assert!(!ThemeChoice::Light.is_dark(true) && ThemeChoice::Auto.is_dark(true));
    }

    #[test]
    fn view_options_none_and_unknown_names() {
        let params = pairs(&[
            ("readouts", "none"),
            ("show", "loss,nope"),
            ("theme", "pink"),
        ]);
        let (options, problems) = view_options(&params, &vocabulary());
        assert_eq!(options.readouts, Some(vec![]));
        assert!(!options.shows_readout("sgd.loss"));
        assert_eq!(options.plots, Some(vec!["loss".to_owned()]));
        assert_eq!(options.theme, ThemeChoice::Auto);
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["show", "theme"]);
        assert!(
            problems[0].reason.contains("“nope”"),
            "{}",
            problems[0].reason
        );
    }

    #[test]
    fn a_demo_control_named_like_a_view_key_wins() {
        // The vectors demo's `show=` picks an operation; `plots=` still trims its plots.
        let vocabulary = ViewVocabulary {
            plots: &["plane", "norms"],
            controls: &["show", "ax"],
        };
        let params = pairs(&[("show", "scale"), ("plots", "norms")]);
        let (options, problems) = view_options(&params, &vocabulary);
        assert!(problems.is_empty());
        assert_eq!(options.plots, Some(vec!["norms".to_owned()]));
        assert!(!is_view_key("show", vocabulary.controls));
        assert!(is_view_key("plots", vocabulary.controls));
        assert!(is_view_key("theme", vocabulary.controls));
    }

    #[test]
    fn no_params_writes_bare_route() {
        assert_eq!(format_hash("gradient-descent", &[]), "#/gradient-descent");
    }
}
