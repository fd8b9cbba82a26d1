//! Architecture invariants from ARCHITECTURE.md, checked on the source text:
//! `src/math` is pure (no DOM, wasm-bindgen or plotters), only `src/web` touches the DOM,
//! every source file opens with a `//!` doc, and no listener is ever leaked with `forget`.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn source_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(name)
}

/// Lines of code without `//` comments, so a doc that *names* a crate does not count.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.split("//").next().unwrap_or("").to_owned()))
        .collect()
}

fn assert_no_mention(dir: &str, forbidden: &[&str], allowed_files: &[&str]) {
    let mut offences = Vec::new();
    for path in rust_files(&source_dir(dir)) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if allowed_files.contains(&name.as_str()) {
            continue;
        }
        for (number, line) in code_lines(&path) {
            for word in forbidden {
                if line.contains(word) {
                    offences.push(format!("{}:{number}: {word}", path.display()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "forbidden dependencies:\n{}",
        offences.join("\n")
    );
}

#[test]
fn math_is_pure() {
    assert_no_mention(
        "math",
        &[
            "web_sys",
            "wasm_bindgen",
            "js_sys",
            "plotters",
            "gloo",
            "crate::render",
            "crate::demos",
            "crate::web",
        ],
        &[],
    );
}

#[test]
fn render_does_not_touch_the_dom_or_demos() {
    assert_no_mention(
        "render",
        &[
            "web_sys",
            "wasm_bindgen",
            "js_sys",
            "gloo",
            "plotters_canvas",
            "crate::demos",
            "crate::web",
        ],
        &[],
    );
}

#[test]
fn demos_do_not_touch_the_dom() {
    // mod.rs names the browser's canvas backend (crate::web::measured_canvas) only as the
    // type a `Box<dyn Demo>` can draw on in the browser; no demo file may touch the DOM itself.
    // bundles.rs writes the generated bundle crate's source, which names wasm_bindgen as text.
    assert_no_mention(
        "demos",
        &["web_sys", "wasm_bindgen", "js_sys", "gloo"],
        &["bundles.rs"],
    );
    assert_no_mention("demos", &["plotters_canvas", "crate::web"], &["mod.rs"]);
}

#[test]
fn every_source_file_opens_with_a_module_doc() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("src"), root.join("tests")];
    if root.join("benches").exists() {
        dirs.push(root.join("benches"));
    }
    let missing: Vec<String> = dirs
        .iter()
        .flat_map(|d| rust_files(d))
        .filter(|path| !fs::read_to_string(path).unwrap().starts_with("//!"))
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a //! doc on line 1: {missing:?}"
    );
}

#[test]
fn no_listener_is_leaked_with_forget() {
    let mut offences = Vec::new();
    for path in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        for (number, line) in code_lines(&path) {
            if line.contains(".forget()") || line.contains("into_js_value()") {
                offences.push(format!("{}:{number}", path.display()));
            }
        }
    }
    assert!(offences.is_empty(), "Closure::forget leaks: {offences:?}");
}

#[test]
fn no_text_measured_through_the_dom() {
    // In the browser plotters measures text with a font's `box_size`/`layout_box` by adding a
    // styled <span> to the page: a forced layout per label, and refused under the strict CSP
    // (README "Hosting"). The canvas backend (web::measured_canvas) measures with the canvas
    // instead, so drawing code measures only through the backend
    // (`DrawingArea::estimate_text_size`) and draws legends with demos::legend, not with
    // plotters' series labels (which call `box_size`).
    for dir in ["demos", "render"] {
        assert_no_mention(
            dir,
            &["configure_series_labels", ".box_size(", ".layout_box("],
            &[],
        );
    }
}
