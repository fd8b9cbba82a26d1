//! Documentation generated from the registry: the URL keys and readout names of every demo
//! (a public contract that blog posts link to) and the README's list of demos.
//!
//! `tests/docs.rs` compares these with `docs/DEMOS.md` and the README and fails when they
//! are stale; `UPDATE_DOCS=1 cargo test --test docs` rewrites them.

use super::{
    Chapter, ControlKind, DemoInfo, PLAYHEAD_LAST_READOUT, PLAYHEAD_STEP_READOUT,
    control_and_action_keys, registry,
};
use crate::url::{
    CAPTION_KEY, CONTROLS_KEY, PLOTS_KEY, READOUTS_KEY, SHOW_KEY, THEME_KEY, is_view_key,
};

/// A one-line description of the values a control accepts.
fn accepted_values(kind: &ControlKind) -> String {
    match kind {
        ControlKind::Slider {
            min,
            max,
            log: true,
            ..
        } => format!("number {min} … {max} (log scale)"),
        ControlKind::Slider { min, max, .. } => format!("number {min} … {max}"),
        ControlKind::Integer { min, max } => format!("whole number {min} … {max}"),
        ControlKind::Select { options } => options
            .iter()
            .map(|(id, _)| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", "),
        ControlKind::Toggle => "`1` or `0`".to_owned(),
        ControlKind::Text { .. } => "text".to_owned(),
    }
}

/// The Markdown reference of one demo's URL keys and readouts.
pub fn demo_reference_markdown(info: &DemoInfo) -> String {
    let defaults = (info.create)();
    let mut out = format!(
        "## {} — `#/{}`\n\n{}\n\n",
        info.title, info.id, info.summary
    );
    out.push_str("| URL key | accepts | default | meaning |\n|---|---|---|---|\n");
    for control in info.controls {
        let mut key = format!("`{}`", control.key);
        for alias in control.aliases {
            key.push_str(&format!(" (also `{alias}`)"));
        }
        let default = defaults.param(control.key).unwrap_or_default();
        let default = if default.is_empty() {
            "(empty)".to_owned()
        } else {
            format!("`{default}`")
        };
        out.push_str(&format!(
            "| {key} | {} | {default} | {}: {} |\n",
            accepted_values(&control.kind),
            control.label,
            control.help
        ));
    }
    if info.stepping {
        out.push_str("| `steps` | whole number | (all) | Start at this iteration, paused. |\n");
    }
    out.push_str("| `embed` | `1` | `0` | Show only the demo, for an iframe. |\n");
    out.push_str(&view_keys_markdown(info));
    out.push('\n');
    if !info.actions.is_empty() || !info.exports.is_empty() || !info.imports.is_empty() {
        out.push_str("| button or file | does |\n|---|---|\n");
        for action in info.actions {
            out.push_str(&format!(
                "| {} (`{}`) | {} |\n",
                action.label, action.key, action.help
            ));
        }
        for export in info.exports {
            out.push_str(&format!(
                "| Download {} (`{}`) | Saves `{}` ({}). |\n",
                export.label, export.key, export.file_name, export.mime
            ));
        }
        for import in info.imports {
            out.push_str(&format!(
                "| {} (`{}`, file) | {} Read in the browser, never uploaded. |\n",
                import.label, import.key, import.help
            ));
        }
        out.push('\n');
    }
    out.push_str("| readout | meaning |\n|---|---|\n");
    for readout in info.readouts {
        out.push_str(&format!("| `{}` | {} |\n", readout.name, readout.help));
    }
    if info.stepping {
        out.push_str(&format!(
            "| `{PLAYHEAD_STEP_READOUT}` | The iteration shown, in the toolbar's step counter |\n\
             | `{PLAYHEAD_LAST_READOUT}` | The last iteration, in the toolbar's step counter (in a run without an end, such as training, the furthest iteration reached so far) |\n"
        ));
    }
    out.push('\n');
    out
}

/// The rows of the shell's view keys (trimming and theming an embed) for one demo, with the
/// plot ids it accepts. A demo control with the same name as a view key wins, so for such a
/// demo only the other name is listed.
fn view_keys_markdown(info: &DemoInfo) -> String {
    let control_keys = control_and_action_keys(info);
    let plots: Vec<String> = info.plots.iter().map(|p| format!("`{}`", p.id)).collect();
    let mut out = String::new();
    let plots_key = if is_view_key(SHOW_KEY, &control_keys) {
        format!("`{SHOW_KEY}` (also `{PLOTS_KEY}`)")
    } else {
        format!("`{PLOTS_KEY}`")
    };
    out.push_str(&format!(
        "| {plots_key} | plot ids, comma-separated: {} | (all) | Which plots an embed shows. |\n",
        plots.join(", ")
    ));
    if is_view_key(CONTROLS_KEY, &control_keys) {
        out.push_str(&format!(
            "| `{CONTROLS_KEY}` | URL keys and button keys, comma-separated, or `none` | (all) | Which controls an embed shows; the others keep the values in the URL. |\n"
        ));
    }
    if is_view_key(READOUTS_KEY, &control_keys) {
        out.push_str(&format!(
            "| `{READOUTS_KEY}` | readout names (a trailing `*` matches a prefix), or `none` | (all) | Which readouts an embed shows. |\n"
        ));
    }
    if is_view_key(CAPTION_KEY, &control_keys) {
        out.push_str(&format!(
            "| `{CAPTION_KEY}` | `1`, `0` | `0` in embeds | Show the one-line summary and the explanation in an embed. |\n"
        ));
    }
    if is_view_key(THEME_KEY, &control_keys) {
        out.push_str(&format!(
            "| `{THEME_KEY}` | `light`, `dark`, `auto` | `auto` | Colour theme (`auto` follows the reader's system). |\n"
        ));
    }
    out
}

/// `docs/DEMOS.md`: the reference of every demo.
pub fn demos_reference_markdown() -> String {
    let mut out = String::from(
        "# Demo reference: URL keys and readouts\n\n\
         Generated from the registry (`src/demos/mod.rs`) by `UPDATE_DOCS=1 cargo test --test docs`; \
         a test fails when this file is stale. URL keys and readout names are a public contract: \
         a key is never renamed without its old name staying accepted (listed as “also”).\n\n\
         Every demo lives at `#/<id>?key=value&...`. Readouts are `<output data-readout=\"name\" \
         data-value=\"full precision\">` elements; names with `{optimizer}` stand for one per \
         optimizer id.\n\n",
    );
    for chapter in Chapter::ALL {
        for info in registry().iter().filter(|info| info.chapter == chapter) {
            out.push_str(&demo_reference_markdown(info));
        }
    }
    out
}

/// The README's list of demos, grouped by chapter.
pub fn readme_demo_list_markdown() -> String {
    let mut out = String::new();
    for chapter in Chapter::ALL {
        let demos: Vec<&DemoInfo> = registry()
            .iter()
            .filter(|info| info.chapter == chapter)
            .collect();
        if demos.is_empty() {
            continue;
        }
        out.push_str(&format!("- **{}**\n", chapter.title()));
        for info in demos {
            out.push_str(&format!(
                "  - **{}** (`#/{}`): {}\n",
                info.title, info.id, info.summary
            ));
        }
    }
    out
}

/// Every demo's explanation typeset to HTML + MathML (by `crate::text`, natively, so the
/// browser module needs no LaTeX parser): `(file name, html)` for `www/explanations/`, the
/// static files the page fetches after a demo's first frame (so a demo's download does not
/// carry its text: issue 12, goal 1).
#[cfg(not(target_arch = "wasm32"))]
pub fn explanation_files() -> Vec<(String, String)> {
    registry()
        .iter()
        .map(|info| {
            let html = crate::text::rich_text_to_html(info.explanation);
            (format!("{}.html", info.id), format!("{html}\n"))
        })
        .collect()
}

/// `src/demos/explanations.rs`: where each demo's typeset explanation is (relative to the
/// page, with a content hash so a changed text is never read from a stale cache).
#[cfg(not(target_arch = "wasm32"))]
pub fn explanations_rust_source() -> String {
    use super::bundles::explanation_const_name;
    let mut out = String::from(
        "//! Generated by `UPDATE_DOCS=1 cargo test --test docs` from each demo's `explanation`;\n\
         //! a test fails when this file is stale. Do not edit. The typeset texts are the static\n\
         //! files `www/explanations/<id>.html` (`demos::docs::explanation_files`), which the page\n\
         //! fetches after the demo's first frame. One constant per demo, so a bundle module\n\
         //! (`demos::bundles`) links only its own.\n\n\
         /// The address of the explanation of the demo `id`, relative to the page.\n\
         pub fn explanation_path(id: &str) -> Option<&'static str> {\n    match id {\n",
    );
    for info in registry() {
        out.push_str(&format!(
            "        {:?} => Some({}),\n",
            info.id,
            explanation_const_name(info.id)
        ));
    }
    out.push_str("        _ => None,\n    }\n}\n");
    for (info, (file, html)) in registry().iter().zip(explanation_files()) {
        let name = explanation_const_name(info.id);
        let value = format!(
            "\"explanations/{file}?v={:016x}\"",
            super::link_codec::fnv1a64(html.as_bytes())
        );
        let line = format!("pub const {name}: &str = {value};");
        // Laid out as rustfmt does: the value on its own line when the line is too long.
        let declaration = if line.len() <= 100 {
            line
        } else {
            format!("pub const {name}: &str =\n    {value};")
        };
        out.push_str(&format!("\n/// `#/{}`.\n{declaration}\n", info.id));
    }
    out
}
