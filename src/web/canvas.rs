//! One plot on the page: three stacked canvases. At the bottom a raster (heatmap, 3-D
//! surface) at its own resolution, stretched by CSS so the compositor scales it instead of a
//! per-frame `drawImage`; above it the background vectors and the foreground, both sized for
//! the screen's device pixel ratio.
//!
//! Under the canvases a "Data" toggle holds the plot's data alternative: the demo's
//! [`Demo::plot_table`] as a real table (built only while the toggle is open) and its
//! [`Demo::plot_description`], which also becomes the canvas's accessible name.

use plotters::prelude::IntoDrawingArea;
use wasm_bindgen::{Clamped, JsValue};
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, ImageData};

use super::dom::{append, cast, now_ms, set_attribute_if_changed, set_style, set_text_if_changed};
use super::listeners::Listener;
use super::measured_canvas::MeasuredCanvas;
use crate::demos::{Demo, Frame, Layer, PLOT_TABLE_MAX_ROWS, PlotSpec, PlotTable};
use crate::render::PlotGeometry;
use crate::text::escape_html;

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
    /// The [`Demo::foreground_key`], geometry and theme the foreground was last drawn with;
    /// None when it follows every change.
    drawn_foreground: Option<(u64, PlotGeometry, bool)>,
    spec: &'static PlotSpec,
    /// The "Data" toggle (`<details data-plot-data=id>`) and the element its table goes in.
    pub data_toggle: Element,
    data_body: Element,
    /// The description shown inside the toggle (the canvas's name carries it too).
    data_description: Element,
    /// What the open toggle shows now (the demo's table, or None when it has none); None
    /// while the toggle is closed and nothing is built. Kept to rebuild only on change.
    shown_table: Option<Option<PlotTable>>,
    /// The table's value cells in row order, updated in place while the shape is unchanged.
    table_cells: Vec<Element>,
    /// When the open table was last brought up to date (see [`TABLE_REFRESH_WHILE_PLAYING_MS`]).
    table_refreshed_at: f64,
}

/// While a demo plays, an open data table is refreshed at most this often: rebuilding a few
/// hundred rows every frame would cost more than drawing the plots. The frame that stops the
/// animation refreshes it, so the table always ends on the state shown.
pub const TABLE_REFRESH_WHILE_PLAYING_MS: f64 = 250.0;

/// The 2-D drawing context of `canvas`.
pub(super) fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    let context = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?;
    wasm_bindgen::JsCast::dyn_into(context).map_err(|_| JsValue::from_str("not a 2d context"))
}

impl PlotView {
    /// Builds `<figure data-plot=id>` with the canvases and a caption, inside `parent`.
    pub fn create(
        parent: &Element,
        demo_id: &str,
        spec: &'static PlotSpec,
    ) -> Result<Self, JsValue> {
        let figure = append(
            parent,
            "figure",
            &[("class", "plot"), ("data-plot", spec.id)],
            None,
        )?;
        // Sizing lives inline, not only in the stylesheet: a canvas whose CSS size followed its
        // backing store would grow the box, trigger a resize, grow again, and so on.
        // Set through the CSSOM (dom::set_style): a strict CSP blocks `style` attributes.
        let aspect = format!("{} / 1", 1.0 / spec.aspect_ratio);
        let fill: [(&str, &str); 5] = [
            ("position", "absolute"),
            ("inset", "0"),
            ("width", "100%"),
            ("height", "100%"),
            ("display", "block"),
        ];
        let class = if spec.interactive {
            "plot-box interactive"
        } else {
            "plot-box"
        };
        let boxed = append(&figure, "div", &[("class", class)], None)?;
        set_style(
            &boxed,
            &[
                ("position", "relative"),
                ("overflow", "hidden"),
                ("aspect-ratio", &aspect),
            ],
        )?;
        let raster = cast::<HtmlCanvasElement>(&append(
            &boxed,
            "canvas",
            &[
                ("data-plot", spec.id),
                ("data-layer", "raster"),
                ("aria-hidden", "true"),
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
            ],
            None,
        )?)?;
        let label = accessible_name(spec, None);
        let foreground = cast::<HtmlCanvasElement>(&append(
            &boxed,
            "canvas",
            &[
                ("data-plot", spec.id),
                ("data-layer", "foreground"),
                ("role", "img"),
                ("aria-label", &label),
            ],
            None,
        )?)?;
        for layer in [&raster, &background, &foreground] {
            set_style(layer, &fill)?;
        }
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
        )?
        // Every plot has this button: its name says which plot, and keeps the visible words
        // "Download PNG" at its start so voice control can still say what it sees.
        .set_attribute("aria-label", &format!("Download PNG of “{}”", spec.title))?;
        let data_toggle = append(
            &figure,
            "details",
            &[("class", "plot-data"), ("data-plot-data", spec.id)],
            None,
        )?;
        append(
            &data_toggle,
            "summary",
            &[],
            Some(&format!("Data: {}", spec.title)),
        )?;
        let data_description = append(&data_toggle, "p", &[("class", "plot-description")], None)?;
        let data_body = append(&data_toggle, "div", &[("class", "plot-data-body")], None)?;
        Ok(Self {
            figure,
            background,
            foreground,
            raster,
            geometry: None,
            drawn_background: None,
            drawn_foreground: None,
            spec,
            data_toggle,
            data_body,
            data_description,
            shown_table: None,
            table_cells: Vec::new(),
            table_refreshed_at: f64::NEG_INFINITY,
        })
    }

    /// Calls `on_toggle` when the "Data" toggle opens or closes (the owner then re-renders,
    /// which builds or drops the table).
    pub fn listen_data_toggle(&self, on_toggle: impl Fn() + 'static) -> Listener {
        Listener::new(&self.data_toggle, "toggle", move |_| on_toggle())
    }

    /// Brings the plot's text alternatives up to date with the demo: the canvas's accessible
    /// name follows [`Demo::plot_description`], and while the "Data" toggle is open its table
    /// follows [`Demo::plot_table`] (at most every [`TABLE_REFRESH_WHILE_PLAYING_MS`] while
    /// `playing`). A closed toggle costs one attribute read.
    pub fn sync_data_alternative(
        &mut self,
        demo: &dyn Demo,
        index: usize,
        playing: bool,
    ) -> Result<(), JsValue> {
        let description = demo.plot_description(index);
        set_attribute_if_changed(
            &self.foreground,
            "aria-label",
            &accessible_name(self.spec, description.as_deref()),
        );
        if description.is_some() {
            // The registry's fixed text still says how to use the plot.
            set_attribute_if_changed(&self.foreground, "aria-description", self.spec.alt);
        }
        if !self.data_toggle.has_attribute("open") {
            if self.shown_table.take().is_some() {
                self.data_body.set_inner_html("");
                self.table_cells.clear();
                set_text_if_changed(&self.data_description, "");
            }
            return Ok(());
        }
        set_text_if_changed(
            &self.data_description,
            description.as_deref().unwrap_or(self.spec.alt),
        );
        let now = now_ms();
        if playing
            && self.shown_table.is_some()
            && now - self.table_refreshed_at < TABLE_REFRESH_WHILE_PLAYING_MS
        {
            return Ok(());
        }
        self.table_refreshed_at = now;
        let table = demo.plot_table(index);
        if self.shown_table.as_ref() == Some(&table) {
            return Ok(());
        }
        let same_shape = match (&table, &self.shown_table) {
            (Some(new), Some(Some(old))) => {
                new.caption == old.caption
                    && new.columns == old.columns
                    && new.rows.len() == old.rows.len()
            }
            _ => false,
        };
        match &table {
            Some(new) if same_shape => {
                // While a demo plays only the numbers change: update the cells, not the DOM.
                let values = new.rows.iter().take(PLOT_TABLE_MAX_ROWS).flatten();
                for (cell, value) in self.table_cells.iter().zip(values) {
                    set_text_if_changed(cell, &value.display());
                    set_attribute_if_changed(cell, "data-value", &value.full_precision());
                }
            }
            Some(new) => {
                self.data_body.set_inner_html(&plot_table_html(new));
                let cells = self.data_body.query_selector_all("td[data-value]")?;
                self.table_cells = (0..cells.length())
                    .filter_map(|i| cells.item(i))
                    .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<Element>(node).ok())
                    .collect();
            }
            None => {
                self.data_body.set_inner_html(
                    "<p class=\"muted\">This plot has no data table; the description above says what it shows.</p>",
                );
                self.table_cells.clear();
            }
        }
        self.shown_table = Some(table);
        Ok(())
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

    /// Whether the canvases hold a picture at their present size (a resize clears them and
    /// forgets the background drawn).
    pub fn is_drawn(&self) -> bool {
        self.drawn_background.is_some()
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

    /// Clears and redraws the foreground when `changed` (the state changed, or the background
    /// was redrawn); a plot with a [`Demo::foreground_key`] only when that key, its size or the
    /// theme changed.
    pub fn draw_foreground_if_due(
        &mut self,
        demo: &mut dyn Demo,
        index: usize,
        frame: &Frame,
        dark: bool,
        changed: bool,
    ) -> Result<(), JsValue> {
        let Some(geometry) = self.geometry else {
            return Ok(());
        };
        let keyed = demo.foreground_key(index).map(|key| (key, geometry, dark));
        let due = match keyed {
            Some(keyed) => self.drawn_foreground != Some(keyed),
            None => changed,
        };
        if !due {
            return Ok(());
        }
        self.drawn_foreground = None;
        context(&self.foreground)?.clear_rect(
            0.0,
            0.0,
            geometry.pixel_width() as f64,
            geometry.pixel_height() as f64,
        );
        self.draw_vectors(demo, index, Layer::Foreground, frame)?;
        self.drawn_foreground = keyed;
        Ok(())
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
        let backend = MeasuredCanvas::new(canvas.clone())
            .ok_or_else(|| JsValue::from_str("no canvas backend"))?;
        let area = backend.into_drawing_area();
        demo.draw_on(index, layer, &area, frame)
            .map_err(|e| JsValue::from_str(&e))?;
        area.present()
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }
}

/// The canvas's accessible name: the plot's title and what it shows now (or the registry's
/// fixed text), and whether it takes pointer and keyboard input.
fn accessible_name(spec: &PlotSpec, description: Option<&str>) -> String {
    let what = description.unwrap_or(spec.alt);
    let interactive = if spec.interactive {
        " (interactive)"
    } else {
        ""
    };
    format!("{}{interactive}: {what}", spec.title)
}

/// A [`PlotTable`] as HTML: a caption, one column heading per column, the first
/// [`PLOT_TABLE_MAX_ROWS`] rows with full-precision values in `data-value`, and a note when
/// rows were cut. The wrapper scrolls sideways on a narrow screen, so it is a focusable
/// region that keyboard users can scroll.
pub fn plot_table_html(table: &PlotTable) -> String {
    // The caption a reader sees sits above the scrolling box, so it wraps to the box's width
    // instead of running off with a wide table. Screen readers get the same text as the
    // table's real (visually hidden) caption and as the name of the scrolling region.
    let caption = escape_html(&table.caption);
    let mut html = format!(
        "<p class=\"plot-table-caption\" aria-hidden=\"true\">{caption}</p>\
         <div class=\"plot-table-wrapper\" tabindex=\"0\" role=\"region\" aria-label=\"{caption}\">\
         <table class=\"plot-table\"><caption class=\"visually-hidden\">{caption}</caption><thead><tr>"
    );
    for column in &table.columns {
        html.push_str(&format!("<th scope=\"col\">{}</th>", escape_html(column)));
    }
    html.push_str("</tr></thead><tbody>");
    for row in table.rows.iter().take(PLOT_TABLE_MAX_ROWS) {
        html.push_str("<tr>");
        for value in row {
            html.push_str(&format!(
                "<td data-value=\"{}\">{}</td>",
                escape_html(&value.full_precision()),
                escape_html(&value.display())
            ));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    if table.rows.len() > PLOT_TABLE_MAX_ROWS {
        html.push_str(&format!(
            "<p class=\"muted plot-table-note\">The first {PLOT_TABLE_MAX_ROWS} of {} rows are shown.</p>",
            table.rows.len()
        ));
    }
    html
}
