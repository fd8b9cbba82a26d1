//! Browser tests (wasm-bindgen-test in headless Chromium): demos mount into a real page,
//! draw plausible pixels into real canvases, and leave no listener or animation frame
//! behind when they are unmounted.

#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use mlmath_viz::demos::{find_demo, registry};
use mlmath_viz::web::{MountedDemo, live_animation_count, live_listener_count};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A container of a fixed width so canvases get a real size.
fn container() -> Element {
    let div = document().create_element("div").unwrap();
    div.set_attribute("style", "width: 900px").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// Waits for `count` animation frames (rendering happens on frames).
async fn frames(count: usize) {
    for _ in 0..count {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        JsFuture::from(promise).await.unwrap();
    }
}

fn params(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn canvas(root: &Element, plot: &str, layer: &str) -> HtmlCanvasElement {
    root.query_selector(&format!(
        "canvas[data-plot=\"{plot}\"][data-layer=\"{layer}\"]"
    ))
    .unwrap()
    .unwrap_or_else(|| panic!("no canvas {plot}/{layer}"))
    .dyn_into()
    .unwrap()
}

/// Counts distinct colours and non-transparent pixels of a canvas.
fn pixel_summary(canvas: &HtmlCanvasElement) -> (usize, usize) {
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = context
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data();
    let mut colours = std::collections::HashSet::new();
    let mut opaque = 0;
    for pixel in data.chunks_exact(4) {
        if pixel[3] > 0 {
            opaque += 1;
            colours.insert([pixel[0] >> 3, pixel[1] >> 3, pixel[2] >> 3]);
        }
    }
    (opaque, colours.len())
}

#[wasm_bindgen_test]
async fn gradient_descent_heatmap_is_drawn_with_many_colours_and_paths_on_top() {
    let parent = container();
    let info = find_demo("gradient-descent").unwrap();
    let on_url: Rc<dyn Fn(&str)> = Rc::new(|_| {});
    let mounted = MountedDemo::mount(
        &parent,
        info,
        &params(&[("surface", "rosenbrock")]),
        false,
        Default::default(),
        false,
        on_url,
    )
    .unwrap();
    frames(4).await;
    let root = parent.query_selector("article.demo").unwrap().unwrap();
    let background = canvas(&root, "surface", "background");
    assert!(
        background.width() >= 400,
        "canvas sized from its container: {}",
        background.width()
    );
    let total = (background.width() * background.height()) as usize;
    // The heatmap is a raster at one sample per 2x2 CSS pixels, covering its whole canvas
    // (which CSS stretches over the plot) with a gradient of many colours.
    let raster = canvas(&root, "surface", "raster");
    assert_eq!(
        raster.width(),
        (background.width() as f64 / 2.0).round() as u32
    );
    let (opaque, colours) = pixel_summary(&raster);
    assert_eq!(
        opaque,
        (raster.width() * raster.height()) as usize,
        "the heatmap must fill its canvas"
    );
    assert!(colours > 50, "a heatmap has many colours, got {colours}");
    // Contour lines and tick labels: some, but far from all, pixels of the vector layer.
    let (contour_pixels, _) = pixel_summary(&background);
    assert!(
        contour_pixels > 1000 && contour_pixels < total / 2,
        "contours: {contour_pixels} of {total}"
    );
    let (path_pixels, _) = pixel_summary(&canvas(&root, "surface", "foreground"));
    assert!(
        path_pixels > 200 && path_pixels < total / 2,
        "paths drawn over a transparent layer: {path_pixels}"
    );
    // The readouts are real numbers.
    let output = root
        .query_selector("output[data-readout=\"sgd.loss\"]")
        .unwrap()
        .unwrap();
    let value: f64 = output.get_attribute("data-value").unwrap().parse().unwrap();
    assert!(value.is_finite() && value >= 0.0);
    drop(mounted);
    parent.remove();
}

#[wasm_bindgen_test]
async fn mounting_and_unmounting_every_demo_many_times_leaves_nothing_behind() {
    let parent = container();
    let listeners_before = live_listener_count();
    let animations_before = live_animation_count();
    for round in 0..25 {
        for info in registry() {
            let on_url: Rc<dyn Fn(&str)> = Rc::new(|_| {});
            let mounted =
                MountedDemo::mount(&parent, info, &[], false, Default::default(), false, on_url)
                    .unwrap();
            assert!(
                live_listener_count() > listeners_before,
                "a mounted demo listens to its controls"
            );
            if round % 5 == 0 {
                frames(1).await;
            }
            drop(mounted);
            assert_eq!(
                live_listener_count(),
                listeners_before,
                "{}: listeners left behind",
                info.id
            );
            assert_eq!(
                live_animation_count(),
                animations_before,
                "{}: animation frames left behind",
                info.id
            );
            assert_eq!(
                parent.child_element_count(),
                0,
                "{}: DOM left behind",
                info.id
            );
        }
    }
    parent.remove();
}

/// `number_text::parse_f64` hands decimal text to the browser's `parseFloat` (to keep Rust's
/// 10 KB table of powers of five out of the modules): it must give exactly what
/// `str::parse::<f64>` gives, bit for bit, and accept exactly the same strings. Edge cases
/// (halfway cases, subnormals, the overflow threshold, 800-digit mantissas, junk) and 20,000
/// random decimal strings from a fixed seed.
#[wasm_bindgen_test]
fn decimal_text_is_read_as_rust_reads_it() {
    use mlmath_viz::number_text::parse_f64;
    let check = |text: &str| {
        let rust = text.parse::<f64>().ok();
        let ours = parse_f64(text);
        assert_eq!(
            ours.map(f64::to_bits),
            rust.map(f64::to_bits),
            "{text:?}: ours {ours:?}, Rust {rust:?}"
        );
    };
    let long_tail = format!("0.1{}1", "0".repeat(800));
    let halfway_long = format!("9007199254740993{}", "0".repeat(300));
    let edge_cases = [
        "0",
        "-0",
        "+0.0",
        "1",
        "-1.5",
        "1.",
        ".5",
        "1e5",
        "1E+05",
        "2.5e-3",
        "0.1",
        "0.3",
        "9007199254740993",
        "9007199254740995",
        "4.9406564584124654e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "2.2250738585072011e-308",
        "2.2250738585072014e-308",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "1e400",
        "-1e400",
        "1e-400",
        "123456789012345678901234567890e-20",
        "0.000000000000000000000000000000000000001",
        &long_tail,
        &halfway_long,
        "",
        ".",
        "-",
        "e5",
        "1e",
        "1e+",
        " 1",
        "1 ",
        "0x10",
        "1_0",
        "Infinity",
        "-Infinity",
        "inf",
        "-INF",
        "infinity",
        "NaN",
        "nan",
        "1.5abc",
        "1,5",
        "--1",
        "1e5.5",
    ];
    for text in edge_cases {
        check(text);
    }
    // A small LCG (Knuth's MMIX constants): reproducible without a dependency.
    let mut state: u64 = 0x5eed_0fd1_9175;
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    };
    for _ in 0..20_000 {
        let mut text = String::new();
        if next(3) == 0 {
            text.push(['-', '+'][next(2) as usize]);
        }
        let digits = 1 + next(25);
        let point = next(digits + 2);
        for i in 0..digits {
            if i == point {
                text.push('.');
            }
            text.push(char::from(b'0' + next(10) as u8));
        }
        if next(2) == 0 {
            text.push(['e', 'E'][next(2) as usize]);
            let exponent = next(700) as i64 - 350;
            text.push_str(&exponent.to_string());
        }
        check(&text);
    }
}
