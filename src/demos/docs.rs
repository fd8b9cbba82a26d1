//! Documentation generated from the registry: the URL keys and readout names of every demo
//! (a public contract that blog posts link to) and the README's list of demos.
//!
//! `tests/docs.rs` compares these with `docs/DEMOS.md` and the README and fails when they
//! are stale; `UPDATE_DOCS=1 cargo test --test docs` rewrites them.

use super::{Chapter, ControlKind, DemoInfo, registry};

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
    out.push_str("| `embed` | `1` | `0` | Show only the demo, for an iframe. |\n\n");
    out.push_str("| readout | meaning |\n|---|---|\n");
    for readout in info.readouts {
        out.push_str(&format!("| `{}` | {} |\n", readout.name, readout.help));
    }
    out.push('\n');
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
