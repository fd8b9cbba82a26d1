//! One plot on the page: three stacked canvases. At the bottom a raster (heatmap, 3-D
//! surface) at its own resolution, stretched by CSS so the compositor scales it instead of a
//! per-frame `drawImage`; above it the background vectors and the foreground, both sized for
//! the screen's device pixel ratio.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, ImageData};

use super::dom::{append, cast, element};
use crate::demos::{Demo, Frame, Layer, PlotSpec};
use crate::render::PlotGeometry;

/// The DOM and bookkeeping of one plot.
pub struct PlotView {
    pub figure: Element,
    pub background: HtmlCanvasElement,
    pub foreground: HtmlCanvasElement,
    /// The background raster at its own resolution, stretched to the plot by CSS.
    pub raster: HtmlCanvasElement,
    /// The size the canvases were last laid out at (None until the first resize report).
    pub geometry: Option<PlotGeometry>,
    /// The background key and geometry the background was last drawn with.
    drawn_background: Option<(u64, PlotGeometry, bool)>,
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    let context = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?;
    wasm_bindgen::JsCast::dyn_into(context).map_err(|_| JsValue::from_str("not a 2d context"))
}

impl PlotView {
    /// Builds `<figure data-plot=id>` with the canvases and a caption, inside `parent`.
    pub fn create(parent: &Element, demo_id: &str, spec: &PlotSpec) -> Result<Self, JsValue> {
        let figure = append(
            parent,
            "figure",
            &[("class", "plot"), ("data-plot", spec.id)],
            None,
        )?;
        // Sizing lives inline, not only in the stylesheet: a canvas whose CSS size followed its
        // backing store would grow the box, trigger a resize, grow again, and so on.
        let aspect = format!(
            "position: relative; overflow: hidden; aspect-ratio: {} / 1",
            1.0 / spec.aspect_ratio
        );
        let fill = "position: absolute; inset: 0; width: 100%; height: 100%; display: block";
        let class = if spec.interactive {
            "plot-box interactive"
        } else {
            "plot-box"
        };
        let boxed = append(
            &figure,
            "div",
            &[("class", class), ("style", &aspect)],
            None,
        )?;
        let raster = cast::<HtmlCanvasElement>(&append(
            &boxed,
            "canvas",
            &[
                ("data-plot", spec.id),
                ("data-layer", "raster"),
                ("aria-hidden", "true"),
                ("style", fill),
                ("width", "1"),
                ("height", "1"),
            ],
            None,
        )?)?;
        let background = cast::<HtmlCanvasElement>(&append(
            &boxed,
            "canvas",
            &[
                ("data-plot", spec.id),
                ("data-layer", "background"),
                ("aria-hidden", "true"),
                ("style", fill),
            ],
            None,
        )?)?;
        let label = if spec.interactive {
            format!("{} (interactive)", spec.alt)
        } else {
            spec.alt.to_owned()
        };
        let foreground = cast::<HtmlCanvasElement>(&append(
            &boxed,
            "canvas",
            &[
                ("data-plot", spec.id),
                ("data-layer", "foreground"),
                ("style", fill),
                ("role", "img"),
                ("aria-label", &label),
            ],
            None,
        )?)?;
        if spec.interactive {
            foreground.set_attribute("tabindex", "0")?;
        }
        let caption = append(&figure, "figcaption", &[], None)?;
        append(
            &caption,
            "span",
            &[("class", "plot-title")],
            Some(spec.title),
        )?;
        let file = format!("{demo_id}-{}.png", spec.id);
        append(
            &caption,
            "button",
            &[
                ("type", "button"),
                ("class", "small"),
                ("data-action", "download-png"),
                ("data-plot", spec.id),
                ("data-filename", &file),
            ],
            Some("Download PNG"),
        )?;
        Ok(Self {
            figure,
            background,
            foreground,
            raster,
            geometry: None,
            drawn_background: None,
        })
    }

    /// Sets the canvases' backing stores to CSS size × device pixel ratio. Returns true when
    /// anything changed (then everything must be redrawn).
    pub fn resize(&mut self, css_width: f64, css_height: f64, device_pixel_ratio: f64) -> bool {
        let geometry = PlotGeometry {
            css_width: css_width.max(1.0),
            css_height: css_height.max(1.0),
            device_pixel_ratio,
        };
        if self.geometry == Some(geometry) {
            return false;
        }
        for canvas in [&self.background, &self.foreground] {
            canvas.set_width(geometry.pixel_width());
            canvas.set_height(geometry.pixel_height());
        }
        self.geometry = Some(geometry);
        self.drawn_background = None;
        true
    }

    /// Redraws the background if its key, size or theme changed. Returns true if it drew.
    pub fn draw_background_if_stale(
        &mut self,
        demo: &mut dyn Demo,
        index: usize,
        frame: &Frame,
        dark: bool,
    ) -> Result<bool, JsValue> {
        let Some(geometry) = self.geometry else {
            return Ok(false);
        };
        let key = demo.background_key(index);
        if self.drawn_background == Some((key, geometry, dark)) {
            return Ok(false);
        }
        let ctx = context(&self.background)?;
        ctx.clear_rect(
            0.0,
            0.0,
            geometry.pixel_width() as f64,
            geometry.pixel_height() as f64,
        );
        match demo.background_raster(index, frame) {
            Some(raster) if raster.width > 0 && raster.height > 0 => {
                if self.raster.width() != raster.width || self.raster.height() != raster.height {
                    self.raster.set_width(raster.width);
                    self.raster.set_height(raster.height);
                }
                let image = ImageData::new_with_u8_clamped_array_and_sh(
                    Clamped(&raster.pixels),
                    raster.width,
                    raster.height,
                )?;
                context(&self.raster)?.put_image_data(&image, 0.0, 0.0)?;
            }
            _ => {
                // No raster: a 1x1 transparent canvas shows nothing.
                self.raster.set_width(1);
                self.raster.set_height(1);
            }
        }
        self.draw_vectors(demo, index, Layer::Background, frame)?;
        self.drawn_background = Some((key, geometry, dark));
        Ok(true)
    }

    /// Clears and redraws the foreground.
    pub fn draw_foreground(
        &mut self,
        demo: &mut dyn Demo,
        index: usize,
        frame: &Frame,
    ) -> Result<(), JsValue> {
        let Some(geometry) = self.geometry else {
            return Ok(());
        };
        context(&self.foreground)?.clear_rect(
            0.0,
            0.0,
            geometry.pixel_width() as f64,
            geometry.pixel_height() as f64,
        );
        self.draw_vectors(demo, index, Layer::Foreground, frame)
    }

    fn draw_vectors(
        &self,
        demo: &mut dyn Demo,
        index: usize,
        layer: Layer,
        frame: &Frame,
    ) -> Result<(), JsValue> {
        let canvas = if layer == Layer::Background {
            &self.background
        } else {
            &self.foreground
        };
        let backend = CanvasBackend::with_canvas_object(canvas.clone())
            .ok_or_else(|| JsValue::from_str("no canvas backend"))?;
        let area = backend.into_drawing_area();
        demo.draw_on(index, layer, &area, frame)
            .map_err(|e| JsValue::from_str(&e))?;
        area.present()
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }

    /// Both layers composited into one PNG data URL (for "Download PNG").
    pub fn png_data_url(&self, background_colour: &str) -> Result<String, JsValue> {
        let composite = cast::<HtmlCanvasElement>(&element("canvas", &[], None)?)?;
        composite.set_width(self.background.width());
        composite.set_height(self.background.height());
        let ctx = context(&composite)?;
        // The page background shows through transparent pixels on screen; a PNG needs it painted.
        ctx.set_fill_style_str(background_colour);
        ctx.fill_rect(
            0.0,
            0.0,
            composite.width() as f64,
            composite.height() as f64,
        );
        ctx.set_image_smoothing_enabled(true);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
            &self.raster,
            0.0,
            0.0,
            composite.width() as f64,
            composite.height() as f64,
        )?;
        ctx.draw_image_with_html_canvas_element(&self.background, 0.0, 0.0)?;
        ctx.draw_image_with_html_canvas_element(&self.foreground, 0.0, 0.0)?;
        composite.to_data_url_with_type("image/png")
    }
}
