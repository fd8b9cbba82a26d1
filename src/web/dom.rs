//! Small DOM helpers: create elements with attributes and text, find elements, set values.
//!
//! Every function returns `Result<_, JsValue>` so callers can use `?` and nothing panics
//! when the DOM does something unexpected.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

pub fn window() -> Result<web_sys::Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no window"))
}

/// Creates `<tag attr=value ...>text</tag>`.
pub fn element(
    tag: &str,
    attributes: &[(&str, &str)],
    text: Option<&str>,
) -> Result<Element, JsValue> {
    let element = document()?.create_element(tag)?;
    for (name, value) in attributes {
        element.set_attribute(name, value)?;
    }
    if let Some(text) = text {
        element.set_text_content(Some(text));
    }
    Ok(element)
}

/// Creates an element and appends it to `parent`.
pub fn append(
    parent: &Element,
    tag: &str,
    attributes: &[(&str, &str)],
    text: Option<&str>,
) -> Result<Element, JsValue> {
    let child = element(tag, attributes, text)?;
    parent.append_child(&child)?;
    Ok(child)
}

/// Sets inline style properties through the CSSOM (`element.style.setProperty`), never through
/// a `style` attribute: a strict Content-Security-Policy (`style-src 'self'`, no
/// 'unsafe-inline') blocks `style` attributes, but not the CSSOM.
pub fn set_style(element: &Element, properties: &[(&str, &str)]) -> Result<(), JsValue> {
    let style = cast::<web_sys::HtmlElement>(element)?.style();
    for (name, value) in properties {
        if style.get_property_value(name)?.as_str() != *value {
            style.set_property(name, value)?;
        }
    }
    Ok(())
}

pub fn by_id(id: &str) -> Result<Element, JsValue> {
    document()?
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("no element #{id}")))
}

pub fn cast<T: JsCast>(element: &Element) -> Result<T, JsValue> {
    element
        .clone()
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str("unexpected element type"))
}

/// Sets text only when it changed: avoids layout work on every animation frame.
pub fn set_text_if_changed(element: &Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}

/// Sets an attribute only when it changed.
pub fn set_attribute_if_changed(element: &Element, name: &str, value: &str) {
    if element.get_attribute(name).as_deref() != Some(value) {
        let _ = element.set_attribute(name, value);
    }
}

/// Sets a `data-mlviz-*` mark on the root element to "1" or "0" (tests and benchmarks wait
/// on them: busy, URL write pending, training in the Worker, explanation loading).
pub fn set_root_flag(name: &str, on: bool) {
    if let Ok(document) = document()
        && let Some(root) = document.document_element()
    {
        set_attribute_if_changed(&root, name, if on { "1" } else { "0" });
    }
}

/// The elements under `root` matching `selector`, as `T` (elements of another type and a
/// selector the browser rejects give none): the one place that walks a `NodeList`.
pub fn select_all<T: JsCast>(root: &Element, selector: &str) -> Vec<T> {
    let Ok(nodes) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|index| nodes.item(index)?.dyn_into::<T>().ok())
        .collect()
}

pub fn set_hidden(element: &Element, hidden: bool) {
    if let Some(html) = element.dyn_ref::<HtmlElement>()
        && html.hidden() != hidden
    {
        html.set_hidden(hidden);
    }
}

/// Milliseconds since navigation start (for frame statistics and first-render timing).
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
