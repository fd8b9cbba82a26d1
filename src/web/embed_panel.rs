//! The Embed panel: a blog author picks which plots, controls and readouts an embed shows,
//! the caption, the theme and the width, sees a live preview at that width (whose measured
//! height goes into the snippet, so the host page reserves the right height before the demo
//! starts), and copies one of three snippets: an iframe with a resize script that is safe
//! with many embeds on a page, the one-line `embed.js` form, or a static picture for RSS
//! readers and email.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlIFrameElement, HtmlInputElement, HtmlSelectElement};

use super::dom::{append, cast, select_all};
use crate::demos::{DemoInfo, control_and_action_keys};
use crate::text::escape_html;
use crate::url::{
    CAPTION_KEY, CONTROLS_KEY, EMBED_KEY, PLOTS_KEY, READOUTS_KEY, SHOW_KEY, THEME_KEY, is_view_key,
};

/// Widths offered for the embed, in CSS pixels (`None`: the host's column width).
const WIDTHS: &[(&str, Option<u32>)] = &[
    ("Column width (100%)", None),
    ("480 px", Some(480)),
    ("700 px", Some(700)),
    ("960 px", Some(960)),
];

/// The height a snippet reserves before the preview has reported one.
const DEFAULT_HEIGHT: f64 = 480.0;

/// Builds the panel's form (once per opening) inside `panel`.
pub fn build(panel: &Element, info: &'static DemoInfo) -> Result<(), JsValue> {
    panel.set_inner_html("");
    panel.set_attribute("data-panel", "embed")?;
    let heading = append(panel, "h2", &[("class", "panel-heading")], None)?;
    heading.set_text_content(Some("Embed this demo in a page"));
    let form = append(panel, "div", &[("class", "embed-form")], None)?;

    let plots = append(&form, "fieldset", &[("class", "embed-choice")], None)?;
    append(&plots, "legend", &[], Some("Plots"))?;
    for plot in info.plots {
        checkbox(&plots, "data-embed-plot", plot.id, plot.title, true)?;
    }

    let controls = append(&form, "fieldset", &[("class", "embed-choice")], None)?;
    append(&controls, "legend", &[], Some("Controls"))?;
    checkbox(
        &controls,
        "data-embed-all-controls",
        "1",
        "All controls",
        true,
    )?;
    let list = append(&controls, "div", &[("class", "embed-control-list")], None)?;
    for control in info.controls {
        checkbox(
            &list,
            "data-embed-control",
            control.key,
            control.label,
            true,
        )?;
    }
    for action in info.actions {
        checkbox(&list, "data-embed-control", action.key, action.label, true)?;
    }

    let other = append(&form, "fieldset", &[("class", "embed-choice")], None)?;
    append(&other, "legend", &[], Some("Readouts, caption, look"))?;
    let readouts_id = format!("embed-readouts-{}", info.id);
    append(
        &other,
        "label",
        &[("for", &readouts_id)],
        Some("Readouts (names, comma-separated; empty shows all, none shows none)"),
    )?;
    let names: Vec<&str> = info.readouts.iter().map(|r| r.name).collect();
    append(
        &other,
        "input",
        &[
            ("type", "text"),
            ("id", &readouts_id),
            ("data-embed-readouts", ""),
            ("placeholder", &names.join(",")),
            ("spellcheck", "false"),
        ],
        None,
    )?;
    checkbox(
        &other,
        "data-embed-caption",
        "1",
        "Show the summary and the explanation",
        false,
    )?;
    select(
        &other,
        &format!("embed-theme-{}", info.id),
        "Theme",
        "data-embed-theme",
        &[
            ("auto", "Follow the reader's system"),
            ("light", "Light"),
            ("dark", "Dark"),
        ],
    )?;
    let widths: Vec<(String, &str)> = WIDTHS
        .iter()
        .map(|(label, width)| (width.map(|w| w.to_string()).unwrap_or_default(), *label))
        .collect();
    let width_options: Vec<(&str, &str)> = widths.iter().map(|(v, l)| (v.as_str(), *l)).collect();
    select(
        &other,
        &format!("embed-width-{}", info.id),
        "Width",
        "data-embed-width",
        &width_options,
    )?;

    let preview = append(panel, "div", &[("class", "embed-preview")], None)?;
    append(
        &preview,
        "p",
        &[("class", "muted"), ("data-embed-size", "")],
        Some("Preview: measuring…"),
    )?;
    let frame_box = append(&preview, "div", &[("class", "embed-preview-box")], None)?;
    append(
        &frame_box,
        "iframe",
        &[
            ("data-embed-preview", ""),
            ("title", &format!("Preview of the embedded {}", info.title)),
            ("height", &DEFAULT_HEIGHT.to_string()),
        ],
        None,
    )?;

    for (attribute, label) in [
        (
            "data-embed-snippet",
            "Paste this into your page (any number of demos per page):",
        ),
        (
            "data-embed-js",
            "Or the one-line form (the script sizes and starts every demo when it scrolls into view):",
        ),
        (
            "data-embed-fallback",
            "For RSS readers, email and pages without JavaScript, a picture that links here:",
        ),
    ] {
        let id = format!("{attribute}-{}", info.id);
        append(panel, "label", &[("for", &id)], Some(label))?;
        append(
            panel,
            "textarea",
            &[
                ("id", &id),
                ("readonly", ""),
                ("rows", "4"),
                (attribute, ""),
            ],
            None,
        )?;
    }
    append(
        panel,
        "button",
        &[("type", "button"), ("data-action", "embed-png")],
        Some("Download the picture for the fallback (PNG)"),
    )?;
    Ok(())
}

fn checkbox(
    parent: &Element,
    attribute: &str,
    value: &str,
    label: &str,
    checked: bool,
) -> Result<(), JsValue> {
    let wrapper = append(parent, "label", &[("class", "toggle")], None)?;
    let input = append(
        &wrapper,
        "input",
        &[("type", "checkbox"), (attribute, value)],
        None,
    )?;
    if checked {
        input.set_attribute("checked", "")?;
    }
    append(&wrapper, "span", &[], Some(label))?;
    Ok(())
}

fn select(
    parent: &Element,
    id: &str,
    label: &str,
    attribute: &str,
    options: &[(&str, &str)],
) -> Result<(), JsValue> {
    let row = append(parent, "div", &[("class", "embed-select")], None)?;
    append(&row, "label", &[("for", id)], Some(label))?;
    let select = append(&row, "select", &[("id", id), (attribute, "")], None)?;
    for (value, text) in options {
        append(&select, "option", &[("value", value)], Some(text))?;
    }
    Ok(())
}

/// What the author chose in the panel.
pub struct EmbedChoices {
    pub plots: Vec<String>,
    /// None: every control.
    pub controls: Option<Vec<String>>,
    pub readouts: String,
    pub caption: bool,
    pub theme: String,
    pub width: Option<u32>,
}

fn checked_values(panel: &Element, attribute: &str) -> Vec<String> {
    let mut values = Vec::new();
    for input in select_all::<HtmlInputElement>(panel, &format!("input[{attribute}]")) {
        if input.checked() {
            values.push(input.get_attribute(attribute).unwrap_or_default());
        }
    }
    values
}

fn field_value(panel: &Element, selector: &str) -> String {
    let Ok(Some(element)) = panel.query_selector(selector) else {
        return String::new();
    };
    if let Ok(input) = element.clone().dyn_into::<HtmlInputElement>() {
        return input.value();
    }
    element
        .dyn_into::<HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

/// Reads the form.
pub fn read_choices(panel: &Element) -> EmbedChoices {
    let all_controls = !checked_values(panel, "data-embed-all-controls").is_empty();
    if let Ok(Some(list)) = panel.query_selector(".embed-control-list") {
        super::dom::set_hidden(&list, all_controls);
    }
    EmbedChoices {
        plots: checked_values(panel, "data-embed-plot"),
        controls: (!all_controls).then(|| checked_values(panel, "data-embed-control")),
        readouts: field_value(panel, "input[data-embed-readouts]")
            .trim()
            .to_owned(),
        caption: !checked_values(panel, "data-embed-caption").is_empty(),
        theme: field_value(panel, "select[data-embed-theme]"),
        width: field_value(panel, "select[data-embed-width]").parse().ok(),
    }
}

/// The URL parameters of the embed: the demo's state, `embed=1`, then the view keys that
/// differ from "show everything".
pub fn embed_params(
    info: &DemoInfo,
    state: &[(String, String)],
    choices: &EmbedChoices,
) -> Vec<(String, String)> {
    let demo_keys = control_and_action_keys(info);
    let mut params = state.to_vec();
    params.push((EMBED_KEY.to_owned(), "1".to_owned()));
    if choices.plots.len() < info.plots.len() {
        // The vectors demo has a control called `show`; `plots=` always means plots.
        let key = if is_view_key(SHOW_KEY, &demo_keys) {
            SHOW_KEY
        } else {
            PLOTS_KEY
        };
        params.push((key.to_owned(), list_or_none(&choices.plots)));
    }
    if let Some(controls) = &choices.controls {
        params.push((CONTROLS_KEY.to_owned(), list_or_none(controls)));
    }
    if !choices.readouts.is_empty() {
        params.push((READOUTS_KEY.to_owned(), choices.readouts.clone()));
    }
    if choices.caption {
        params.push((CAPTION_KEY.to_owned(), "1".to_owned()));
    }
    if matches!(choices.theme.as_str(), "light" | "dark") {
        params.push((THEME_KEY.to_owned(), choices.theme.clone()));
    }
    params
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(",")
    }
}

/// The three snippets for an embed whose page is `base` + `hash`.
pub struct Snippets {
    pub iframe: String,
    pub script: String,
    pub fallback: String,
}

/// Where an embed lives: the app's address without the hash and its origin (the resize
/// script accepts messages from it only), the embed's hash and the full page's hash.
pub struct EmbedAddress<'a> {
    pub base: &'a str,
    pub origin: &'a str,
    pub embed_hash: &'a str,
    pub page_hash: &'a str,
}

/// Writes the snippets; `height` is the preview's measured height.
pub fn snippets(
    info: &DemoInfo,
    address: &EmbedAddress,
    width: Option<u32>,
    height: f64,
    picture_alt: &str,
) -> Snippets {
    let EmbedAddress {
        base,
        origin,
        embed_hash,
        page_hash,
    } = *address;
    let height = height.ceil().max(100.0) as u32;
    let title = escape_html(info.title);
    let max_width = width
        .map(|w| format!(";max-width:{w}px"))
        .unwrap_or_default();
    let src = escape_html(&format!("{base}{embed_hash}"));
    let iframe = format!(
        "<iframe src=\"{src}\" data-mlviz-frame width=\"100%\" height=\"{height}\" style=\"border:0;width:100%{max_width}\" title=\"{title}\" loading=\"lazy\"></iframe>\n\
<script>\n\
/* Sizes every embedded demo on this page to its content; messages from other sites are ignored. */\n\
addEventListener('message', function (e) {{\n\
  if (e.origin !== '{origin}' || !e.data || e.data.type !== 'mlviz:resize') return;\n\
  document.querySelectorAll('iframe[data-mlviz-frame]').forEach(function (f) {{\n\
    if (f.contentWindow === e.source) f.style.height = Math.ceil(e.data.height) + 'px';\n\
  }});\n\
}});\n\
</script>"
    );
    let embed_src = escape_html(&format!("{base}embed.js"));
    let data = escape_html(embed_hash);
    let script = format!(
        "<div data-mlviz=\"{data}\" data-height=\"{height}\" data-title=\"{title}\" style=\"max-width:{}\"></div>\n<script src=\"{embed_src}\" async></script>",
        width
            .map(|w| format!("{w}px"))
            .unwrap_or_else(|| "100%".to_owned())
    );
    let page = escape_html(&format!("{base}{page_hash}"));
    let fallback = format!(
        "<a href=\"{page}\"><img src=\"{}.png\" alt=\"{}\" style=\"max-width:100%\"></a>",
        info.id,
        escape_html(picture_alt)
    );
    Snippets {
        iframe,
        script,
        fallback,
    }
}

/// Points the preview at the embed URL (only when it changed, so the preview does not reload
/// on every keystroke) at the chosen width.
pub fn update_preview(panel: &Element, src: &str, width: Option<u32>) {
    let Ok(Some(frame)) = panel.query_selector("iframe[data-embed-preview]") else {
        return;
    };
    let Ok(frame) = cast::<HtmlIFrameElement>(&frame) else {
        return;
    };
    let width = width.map_or_else(|| "100%".to_owned(), |w| format!("{w}px"));
    let _ = super::dom::set_style(
        &frame,
        &[("width", &width), ("max-width", "100%"), ("border", "0")],
    );
    if frame.get_attribute("src").as_deref() != Some(src) {
        frame.set_src(src);
    }
}

/// Writes a snippet into the panel's textarea marked with `attribute`.
pub fn set_snippet(panel: &Element, attribute: &str, text: &str) {
    if let Ok(Some(area)) = panel.query_selector(&format!("textarea[{attribute}]"))
        && let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>()
        && area.value() != text
    {
        area.set_value(text);
    }
}
