//! The generated files are current: `docs/DEMOS.md` (URL keys and readout names of every
//! demo), the demo list in README.md, `www/explanations/` (the explanations typeset to
//! MathML) and `src/demos/explanations.rs` (their addresses), the `bundle/` crate
//! (src/demos/bundles.rs) and the static navigation and landing page in `index.html` are
//! produced from the registry. Run
//! `UPDATE_DOCS=1 cargo test --test docs` to rewrite them after changing a demo.

use std::fs;
use std::path::Path;

use mlmath_viz::demos::bundles::{bundle_crate_source, bundle_list_json, bundle_manifest_toml};
use mlmath_viz::demos::docs::{
    demos_reference_markdown, explanation_files, explanations_rust_source,
    readme_demo_list_markdown,
};
use mlmath_viz::demos::landing::{landing_html, nav_html};

const BEGIN: &str =
    "<!-- demo-list:begin (generated from the registry; UPDATE_DOCS=1 cargo test --test docs) -->";
const END: &str = "<!-- demo-list:end -->";

fn update_requested() -> bool {
    std::env::var("UPDATE_DOCS").is_ok_and(|v| v == "1")
}

#[test]
fn demo_reference_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DEMOS.md");
    let expected = demos_reference_markdown();
    if update_requested() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &expected).unwrap();
    }
    let actual = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/DEMOS.md is stale: run UPDATE_DOCS=1 cargo test --test docs"
    );
}

#[test]
fn readme_demo_list_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = fs::read_to_string(&path).expect("README.md");
    let (Some(start), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
        panic!("README.md must contain the markers {BEGIN} and {END}");
    };
    let current = &readme[start + BEGIN.len()..end];
    let expected = format!("\n{}", readme_demo_list_markdown());
    if update_requested() && current != expected {
        let updated = format!(
            "{}{expected}{}",
            &readme[..start + BEGIN.len()],
            &readme[end..]
        );
        fs::write(&path, updated).unwrap();
        return;
    }
    assert!(
        current == expected,
        "README.md's demo list is stale: run UPDATE_DOCS=1 cargo test --test docs"
    );
}

#[test]
fn typeset_explanations_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/demos/explanations.rs");
    let expected = explanations_rust_source();
    if update_requested() {
        fs::write(&path, &expected).unwrap();
    }
    let actual = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "src/demos/explanations.rs is stale: run UPDATE_DOCS=1 cargo test --test docs"
    );
}

#[test]
fn explanation_files_are_current() {
    // www/explanations/<id>.html: the typeset explanations, fetched by the page after a demo's
    // first frame (trunk copies the folder into dist/).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/explanations");
    let expected = explanation_files();
    if update_requested() {
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for (name, html) in &expected {
            fs::write(dir.join(name), html).unwrap();
        }
    }
    let mut present: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    present.sort();
    let mut names: Vec<String> = expected.iter().map(|(name, _)| name.clone()).collect();
    names.sort();
    assert_eq!(
        present, names,
        "www/explanations/ holds other files than the demos' explanations: run UPDATE_DOCS=1 cargo test --test docs"
    );
    for (name, html) in &expected {
        assert!(
            fs::read_to_string(dir.join(name)).unwrap_or_default() == *html,
            "www/explanations/{name} is stale: run UPDATE_DOCS=1 cargo test --test docs"
        );
    }
}

#[test]
fn bundle_crate_is_current() {
    // bundle/ (one WebAssembly module per group of demos) is generated from
    // mlmath_viz::demos::bundles::BUNDLES.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = [
        ("bundle/Cargo.toml", bundle_manifest_toml()),
        ("bundle/src/lib.rs", bundle_crate_source()),
        ("bundle/bundles.json", bundle_list_json()),
    ];
    let mut stale = Vec::new();
    for (name, expected) in files {
        let path = root.join(name);
        if update_requested() {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &expected).unwrap();
        }
        if fs::read_to_string(&path).unwrap_or_default() != expected {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} stale: run UPDATE_DOCS=1 cargo test --test docs"
    );
}

/// Replaces what sits between `begin` and `end` in `text` with `content`, or says it is stale.
fn generated_region(text: &str, begin: &str, end: &str) -> (usize, usize) {
    let (Some(start), Some(stop)) = (text.find(begin), text.find(end)) else {
        panic!("index.html must contain the markers {begin} and {end}");
    };
    (start + begin.len(), stop)
}

#[test]
fn static_landing_in_index_html_is_current() {
    // The landing page and the navigation are in index.html itself, so `#/` shows them
    // without loading the WebAssembly module (www/boot.js loads it for a demo).
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html");
    let mut html = fs::read_to_string(&path).expect("index.html");
    let regions = [
        (
            "<!-- nav:begin (generated; UPDATE_DOCS=1 cargo test --test docs) -->",
            "<!-- nav:end -->",
            nav_html(),
        ),
        (
            "<!-- landing:begin (generated; UPDATE_DOCS=1 cargo test --test docs) -->",
            "<!-- landing:end -->",
            landing_html(),
        ),
    ];
    let mut stale = Vec::new();
    for (begin, end, expected) in regions {
        let (start, stop) = generated_region(&html, begin, end);
        if html[start..stop] != expected {
            stale.push(begin);
            html.replace_range(start..stop, &expected);
        }
    }
    if update_requested() {
        fs::write(&path, &html).unwrap();
        return;
    }
    assert!(
        stale.is_empty(),
        "index.html's static navigation or landing page is stale: run UPDATE_DOCS=1 cargo test --test docs"
    );
}
