//! A plot as a PNG picture for downloads and for the embed's static fallback (RSS readers,
//! email, pages without JavaScript): the plot's layers composited on the page background, the
//! foreground redrawn without marks that only serve interaction (a selection ring), and a
//! one-line caption under it naming the demo and its state, so a picture found later still
//! says what it shows.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::canvas::{PlotView, context};
use super::dom::{cast, element};
use crate::demos::{Demo, DemoInfo, Frame, Layer};

/// The caption's height in CSS pixels.
const CAPTION_CSS: f64 = 26.0;

/// The caption of a picture: the demo, the plot and the settings that differ from the
/// defaults ("default settings" when none do).
pub fn caption_text(info: &DemoInfo, plot_title: &str, params: &[(String, String)]) -> String {
    let state = if params.is_empty() {
        "default settings".to_owned()
    } else {
        params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{} — {plot_title} ({state})", info.title)
}

/// The colours of the picture: the page background and the caption's text.
pub struct PngColours<'a> {
    pub background: &'a str,
    pub text: &'a str,
}

/// Draws plot `index` into a new canvas with a caption strip and returns it as a PNG data URL.
/// `frame` is the plot's frame on the page; the foreground is drawn again with `for_export`.
pub fn plot_png_data_url(
    plot: &PlotView,
    demo: &mut dyn Demo,
    index: usize,
    frame: &Frame,
    colours: PngColours,
    caption: &str,
) -> Result<String, JsValue> {
    let (width, height) = (plot.background.width(), plot.background.height());
    let ratio = frame.geometry.device_pixel_ratio;
    let caption_height = (CAPTION_CSS * ratio).round();
    let composite = cast::<HtmlCanvasElement>(&element("canvas", &[], None)?)?;
    composite.set_width(width);
    composite.set_height(height + caption_height as u32);
    let ctx = context(&composite)?;
    // The page background shows through transparent pixels on screen; a PNG needs it painted.
    ctx.set_fill_style_str(colours.background);
    ctx.fill_rect(
        0.0,
        0.0,
        composite.width() as f64,
        composite.height() as f64,
    );
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        &plot.raster,
        0.0,
        0.0,
        width as f64,
        height as f64,
    )?;
    ctx.draw_image_with_html_canvas_element(&plot.background, 0.0, 0.0)?;

    let foreground = cast::<HtmlCanvasElement>(&element("canvas", &[], None)?)?;
    foreground.set_width(width);
    foreground.set_height(height);
    let backend = super::measured_canvas::MeasuredCanvas::new(foreground.clone())
        .ok_or_else(|| JsValue::from_str("no canvas backend"))?;
    let area = backend.into_drawing_area();
    let export_frame = Frame {
        for_export: true,
        ..*frame
    };
    demo.draw_on(index, Layer::Foreground, &area, &export_frame)
        .map_err(|e| JsValue::from_str(&e))?;
    area.present()
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    ctx.draw_image_with_html_canvas_element(&foreground, 0.0, 0.0)?;

    ctx.set_fill_style_str(colours.text);
    ctx.set_font(&format!("{}px sans-serif", (13.0 * ratio).round()));
    let margin = 8.0 * ratio;
    let text = fit_text(&ctx, caption, width as f64 - 2.0 * margin);
    ctx.fill_text(&text, margin, height as f64 + caption_height * 0.68)?;
    composite.to_data_url_with_type("image/png")
}

/// Shortens `text` with an ellipsis until it fits `width` pixels in the context's font.
fn fit_text(ctx: &CanvasRenderingContext2d, text: &str, width: f64) -> String {
    let fits = |t: &str| {
        ctx.measure_text(t)
            .map(|m| m.width() <= width)
            .unwrap_or(true)
    };
    if fits(text) {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if fits(&candidate) {
            return candidate;
        }
    }
    String::new()
}
