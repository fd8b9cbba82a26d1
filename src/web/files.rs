//! Files in and out of a demo: downloads built from text (CSV, JSON) and files the reader
//! picks, read in the browser and never uploaded anywhere.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlCanvasElement, Url};

use super::dom::{cast, element, window};
use crate::demos::MAX_IMPORTED_IMAGE_SIDE;

/// Saves `text` as a file named `file_name`. A Blob URL rather than a data URL, because an
/// export can be megabytes (a million samples) and data URLs of that size are slow.
pub fn download_text(text: &str, file_name: &str, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let anchor = cast::<web_sys::HtmlAnchorElement>(&element(
        "a",
        &[("href", &url), ("download", file_name)],
        None,
    )?)?;
    anchor.click();
    // The click has started the download; the URL can go once the event loop turns.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1_000)?;
    Ok(())
}

/// The text content of a file the reader picked.
pub async fn read_text(file: &File) -> Result<String, JsValue> {
    let text = JsFuture::from(file.text()).await?;
    text.as_string()
        .ok_or_else(|| JsValue::from_str("the file is not text"))
}

/// Decodes an image file the reader picked and returns `(width, height, rgba)`, scaled down
/// so that its longer side is at most [`MAX_IMPORTED_IMAGE_SIDE`] pixels.
pub async fn read_image(file: &File) -> Result<(u32, u32, Vec<u8>), JsValue> {
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window()?.create_image_bitmap_with_blob(file)?)
            .await?
            .dyn_into()?;
    let (width, height) = (bitmap.width().max(1), bitmap.height().max(1));
    let scale = (MAX_IMPORTED_IMAGE_SIDE as f64 / width.max(height) as f64).min(1.0);
    let target_width = ((width as f64 * scale).round() as u32).max(1);
    let target_height = ((height as f64 * scale).round() as u32).max(1);
    let canvas = cast::<HtmlCanvasElement>(&element("canvas", &[], None)?)?;
    canvas.set_width(target_width);
    canvas.set_height(target_height);
    let context = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .dyn_into::<web_sys::CanvasRenderingContext2d>()?;
    context.draw_image_with_image_bitmap_and_dw_and_dh(
        &bitmap,
        0.0,
        0.0,
        target_width as f64,
        target_height as f64,
    )?;
    bitmap.close();
    let data = context.get_image_data(0.0, 0.0, target_width as f64, target_height as f64)?;
    Ok((target_width, target_height, data.data().0))
}
