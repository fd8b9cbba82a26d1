//! The demos split into separately built WebAssembly modules ("bundles"), so that a reader
//! opening one demo downloads the shell and that demo's code, not all of them (issue 12,
//! goal 1: a demo loads like a blog figure).
//!
//! How it fits together:
//! - [`BUNDLES`] (below) says which demos each bundle holds; every demo is in exactly one.
//! - The crate in `bundle/` is generated from it ([`bundle_crate_source`],
//!   [`bundle_manifest_toml`], [`bundle_list_json`]; `UPDATE_DOCS=1 cargo test --test docs`
//!   rewrites them): one cargo feature per bundle, whose start function hands its demos and
//!   their explanations' addresses to `web::start_bundle`, which installs them here
//!   ([`install`]) before the shell starts. `demos::registry()` then answers with those
//!   demos only, so the linker drops every other demo's code.
//! - `scripts/bundles.mjs` builds each bundle (release, wasm-bindgen, wasm-opt) into
//!   `dist/bundles/` and writes the map from demo id to module into the start-up tag of
//!   `dist/index.html`; `www/boot.js` loads the module of the demo the address names, and
//!   reloads the page when a link leads to a demo of another bundle.
//! - The crate's own module (feature `app`, what `trunk build` and `trunk serve` produce)
//!   still holds every demo: the landing page starts it when a test or benchmark asks for the
//!   whole registry, and it is what runs where no bundle map exists (development).

#[cfg(not(target_arch = "wasm32"))]
use super::{DemoInfo, registry};

/// One separately built module: its name (a cargo feature of `bundle/`, and the file name in
/// `dist/bundles/`) and the ids of its demos.
pub struct BundleSpec {
    pub name: &'static str,
    pub demos: &'static [&'static str],
}

/// Every bundle. Sized so that one demo's download (the module, the glue, the page and the
/// stylesheet, gzip) stays within issue 12's 250 KB; `scripts/bundles.mjs` prints the sizes.
pub const BUNDLES: &[BundleSpec] = &[
    BundleSpec {
        name: "vectors-matrix-transform",
        demos: &["vectors", "matrix-transform"],
    },
    BundleSpec {
        name: "matrix-calculator-least-squares",
        demos: &["matrix-calculator", "least-squares"],
    },
    BundleSpec {
        name: "pca-tensors",
        demos: &["pca", "tensors"],
    },
    BundleSpec {
        name: "limits-derivatives",
        demos: &["limits", "derivatives", "product-chain-rule"],
    },
    BundleSpec {
        name: "integrals-autodiff",
        demos: &["integrals", "autodiff"],
    },
    BundleSpec {
        name: "gradients",
        demos: &["gradients"],
    },
    BundleSpec {
        name: "optimizers",
        demos: &["gradient-descent-1d", "gradient-descent"],
    },
    BundleSpec {
        name: "distributions-monte-carlo",
        demos: &["distributions", "monte-carlo"],
    },
    BundleSpec {
        name: "lln-clt-covariance",
        demos: &["lln-clt", "covariance"],
    },
    BundleSpec {
        name: "inference",
        demos: &["bayes", "kl-divergence", "t-test"],
    },
    BundleSpec {
        name: "floating-point",
        demos: &["floating-point", "mixed-precision"],
    },
    BundleSpec {
        name: "rounding-conditioning",
        demos: &["rounding-error", "conditioning"],
    },
    BundleSpec {
        name: "numerical-optimization",
        demos: &["numerical-optimization"],
    },
    BundleSpec {
        name: "nn-playground",
        demos: &["nn-playground"],
    },
    BundleSpec {
        name: "neurons",
        demos: &["backprop", "activations", "single-neuron", "convolution"],
    },
    BundleSpec {
        name: "rnn",
        demos: &["rnn"],
    },
    BundleSpec {
        name: "approximate-inference",
        demos: &["approximate-inference"],
    },
    BundleSpec {
        name: "regularization",
        demos: &["regularization"],
    },
    BundleSpec {
        name: "attention",
        demos: &["attention"],
    },
];

/// What a bundle module installed: its demos and the addresses of their explanations
/// (`demos::explanation_path`), in the same order. Set once, by the bundle's start function,
/// before anything reads the registry.
#[cfg(all(target_arch = "wasm32", not(feature = "app")))]
static INSTALLED: std::sync::OnceLock<(&'static [super::DemoInfo], &'static [&'static str])> =
    std::sync::OnceLock::new();

/// Makes `demos` (with their `explanations`' addresses, index for index) the registry of this
/// module. A second call is ignored: the registry never changes under a running shell.
#[cfg(all(target_arch = "wasm32", not(feature = "app")))]
pub fn install(demos: &'static [super::DemoInfo], explanations: &'static [&'static str]) {
    let _ = INSTALLED.set((demos, explanations));
}

/// The installed demos (none before [`install`]).
#[cfg(all(target_arch = "wasm32", not(feature = "app")))]
pub fn installed_demos() -> &'static [super::DemoInfo] {
    INSTALLED.get().map_or(&[], |(demos, _)| demos)
}

/// The address of the installed explanation of `id`.
#[cfg(all(target_arch = "wasm32", not(feature = "app")))]
pub fn installed_explanation(id: &str) -> Option<&'static str> {
    let (demos, explanations) = INSTALLED.get()?;
    let index = demos.iter().position(|info| info.id == id)?;
    explanations.get(index).copied()
}

/// The Rust path of a demo's `INFO` from its id: the module is the id with `_` for `-`.
#[cfg(not(target_arch = "wasm32"))]
fn module_of(id: &str) -> String {
    id.replace('-', "_")
}

/// The name of a demo's explanation address in `explanations.rs` (`GRADIENT_DESCENT_1D`).
pub fn explanation_const_name(id: &str) -> String {
    id.replace('-', "_").to_uppercase()
}

#[cfg(not(target_arch = "wasm32"))]
fn info_of(id: &str) -> &'static DemoInfo {
    registry()
        .iter()
        .find(|info| info.id == id)
        .unwrap_or_else(|| panic!("bundle lists “{id}”, which is not in the registry"))
}

/// `bundle/src/lib.rs`: one start function per bundle feature.
#[cfg(not(target_arch = "wasm32"))]
pub fn bundle_crate_source() -> String {
    let mut out = String::from(
        "//! The demo bundles: one WebAssembly module per cargo feature, each holding the shell and\n\
         //! a few demos (`mlmath_viz::demos::bundles`). Generated by\n\
         //! `UPDATE_DOCS=1 cargo test --test docs` from `BUNDLES`; a test fails when this file is\n\
         //! stale. Do not edit. Built by `scripts/bundles.mjs`, one feature at a time.\n\n\
         #![cfg(target_arch = \"wasm32\")]\n\n\
         use mlmath_viz::demos::{self, DemoInfo, explanations};\n\
         use wasm_bindgen::prelude::*;\n",
    );
    for bundle in BUNDLES {
        let n = bundle.demos.len();
        let feature = bundle.name;
        let module = format!("bundle_{}", module_of(feature));
        // Copies of the demos' INFO without the LaTeX source of the explanation (the page
        // fetches the typeset text), so the module does not carry it.
        let copies: String = bundle
            .demos
            .iter()
            .map(|id| {
                info_of(id);
                format!(
                    "    const {}: DemoInfo = DemoInfo {{\n        explanation: \"\",\n        ..demos::{}::INFO\n    }};\n",
                    explanation_const_name(id),
                    module_of(id)
                )
            })
            .collect();
        let infos: Vec<String> = bundle
            .demos
            .iter()
            .map(|id| explanation_const_name(id))
            .collect();
        let explanations: Vec<String> = bundle
            .demos
            .iter()
            .map(|id| format!("explanations::{}", explanation_const_name(id)))
            .collect();
        out.push_str(&format!(
            "\n/// {}.\n#[cfg(feature = {feature:?})]\n#[rustfmt::skip]\nmod {module} {{\n    use super::*;\n\n{copies}{}{}\n    \
             #[wasm_bindgen(start)]\n    \
             pub fn start() -> Result<(), JsValue> {{\n        \
             mlmath_viz::web::start_bundle(&DEMOS, &EXPLANATIONS)\n    }}\n}}\n",
            bundle.demos.join(", "),
            static_array(&format!("DEMOS: [DemoInfo; {n}]"), &infos),
            static_array(&format!("EXPLANATIONS: [&str; {n}]"), &explanations),
        ));
    }
    out
}

/// `    static NAME: TYPE = [a, b];` (the generated modules are `#[rustfmt::skip]`).
#[cfg(not(target_arch = "wasm32"))]
fn static_array(name_and_type: &str, elements: &[String]) -> String {
    format!("    static {name_and_type} = [{}];\n", elements.join(", "))
}

/// `bundle/Cargo.toml`.
#[cfg(not(target_arch = "wasm32"))]
pub fn bundle_manifest_toml() -> String {
    let mut out = String::from(
        "# Generated by `UPDATE_DOCS=1 cargo test --test docs` from mlmath_viz::demos::bundles::BUNDLES;\n\
         # a test fails when this file is stale. Do not edit. One feature per bundle; build one at a\n\
         # time (scripts/bundles.mjs).\n\
         [package]\n\
         name = \"mlviz-bundle\"\n\
         version = \"0.1.0\"\n\
         edition = \"2024\"\n\
         publish = false\n\n\
         [lib]\n\
         crate-type = [\"cdylib\"]\n\
         path = \"src/lib.rs\"\n\n\
         [dependencies]\n\
         mlmath-viz = { path = \"..\", default-features = false }\n\n\
         [target.'cfg(target_arch = \"wasm32\")'.dependencies]\n\
         wasm-bindgen = \"=0.2.130\"\n\n\
         [features]\n",
    );
    for bundle in BUNDLES {
        out.push_str(&format!("{:?} = []\n", bundle.name));
    }
    out
}

/// `bundle/bundles.json`: the bundles and their demos, for `scripts/bundles.mjs`.
#[cfg(not(target_arch = "wasm32"))]
pub fn bundle_list_json() -> String {
    let quote = |s: &str| format!("\"{s}\"");
    let items: Vec<String> = BUNDLES
        .iter()
        .map(|bundle| {
            let demos: Vec<String> = bundle.demos.iter().map(|id| quote(id)).collect();
            format!(
                "  {{ \"name\": {}, \"demos\": [{}] }}",
                quote(bundle.name),
                demos.join(", ")
            )
        })
        .collect();
    format!("[\n{}\n]\n", items.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn every_demo_is_in_exactly_one_bundle() {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for bundle in BUNDLES {
            assert!(!bundle.demos.is_empty(), "bundle {} is empty", bundle.name);
            for id in bundle.demos {
                info_of(id);
                if let Some(other) = seen.insert(id, bundle.name) {
                    panic!("{id} is in two bundles: {other} and {}", bundle.name);
                }
            }
        }
        for info in registry() {
            assert!(
                seen.contains_key(info.id),
                "{} is in no bundle: add it to demos::bundles::BUNDLES",
                info.id
            );
        }
    }

    #[test]
    fn bundle_names_are_file_and_feature_names() {
        for bundle in BUNDLES {
            assert!(
                bundle
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                bundle.name
            );
        }
    }
}
