//! The generated files are current: `docs/DEMOS.md` (URL keys and readout names of every
//! demo), the demo list in README.md and `src/demos/explanations.rs` (the explanations
//! typeset to MathML) are produced from the registry. Run
//! `UPDATE_DOCS=1 cargo test --test docs` to rewrite them after changing a demo.

use std::fs;
use std::path::Path;

use mlmath_viz::demos::docs::{
    demos_reference_markdown, explanations_rust_source, readme_demo_list_markdown,
};

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
