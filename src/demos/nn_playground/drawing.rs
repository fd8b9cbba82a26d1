//! Drawing the training playground: the decision-boundary raster and its points, the network
//! diagram (neuron thumbnails as one raster, weights as edges), the three training charts and
//! the histograms of what each hidden layer's activation receives.

use super::*;
use crate::demos::drawing::themed_chart_in;
use crate::demos::format_plot_number;
use crate::demos::legend::{Corner, chart_pixels, draw_legend_clear_of};

/// A neuron box of the network diagram, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct NeuronBox {
    pub(super) layer: usize,
    pub(super) neuron: usize,
    pub(super) centre_x: f64,
    pub(super) centre_y: f64,
    pub(super) size: f64,
}

impl NeuronBox {
    pub(super) fn contains(&self, x: f64, y: f64) -> bool {
        (x - self.centre_x).abs() <= self.size / 2.0 && (y - self.centre_y).abs() <= self.size / 2.0
    }
}

/// The diagram's boxes, column by column, for a plot of `width × height` CSS pixels.
pub(super) fn diagram_layout(
    layer_sizes: &[usize],
    width: f64,
    height: f64,
) -> Vec<Vec<NeuronBox>> {
    let (left, right, top, bottom) = (54.0, 14.0, 26.0, 8.0);
    let columns = layer_sizes.len().max(1);
    let tallest = layer_sizes.iter().copied().max().unwrap_or(1).max(1) as f64;
    let size = ((height - top - bottom) / (tallest * 1.3))
        .min((width - left - right) / (columns as f64 * 2.0))
        .clamp(6.0, 44.0);
    let usable_width = (width - left - right - size).max(1.0);
    let spacing_x = if columns > 1 {
        usable_width / (columns - 1) as f64
    } else {
        0.0
    };
    let middle = top + (height - top - bottom) / 2.0;
    layer_sizes
        .iter()
        .enumerate()
        .map(|(layer, &count)| {
            let centre_x = left + size / 2.0 + spacing_x * layer as f64;
            (0..count)
                .map(|neuron| NeuronBox {
                    layer,
                    neuron,
                    centre_x,
                    centre_y: middle + (neuron as f64 - (count as f64 - 1.0) / 2.0) * size * 1.3,
                    size,
                })
                .collect()
        })
        .collect()
}

/// Distance from `(x, y)` to the segment from `a` to `b`.
pub(super) fn distance_to_segment(x: f64, y: f64, a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length_squared = dx * dx + dy * dy;
    let t = if length_squared > 0.0 {
        (((x - a.0) * dx + (y - a.1) * dy) / length_squared).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (x - a.0 - t * dx).hypot(y - a.1 - t * dy)
}

/// The neutral colour behind uncertain outputs.
pub(super) fn neutral(theme_background: [u8; 3]) -> [u8; 3] {
    if theme_background[0] < 128 {
        [52, 56, 64]
    } else {
        [232, 234, 235]
    }
}

pub(super) fn mix(from: [u8; 3], to: [u8; 3], t: f64) -> [u8; 4] {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let channel =
        |i: usize| (f64::from(from[i]) + (f64::from(to[i]) - f64::from(from[i])) * t).round() as u8;
    [channel(0), channel(1), channel(2), 255]
}

/// A signed value in [−1, 1] as orange (negative) through neutral to blue (positive).
pub(super) fn signed_colour(value: f64, base: [u8; 3], strength: f64) -> [u8; 4] {
    let v = if value.is_finite() {
        value.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let colour = if v < 0.0 {
        CLASS_COLOURS[0]
    } else {
        CLASS_COLOURS[1]
    };
    mix(base, colour, v.abs() * strength)
}

/// The boundary plot's colour for a network output.
pub(super) fn output_colour(
    output: &[f64],
    unit: OutputUnit,
    discretize: bool,
    base: [u8; 3],
) -> [u8; 4] {
    const STRENGTH: f64 = 0.8;
    if output.len() == 1 {
        let value = match unit {
            OutputUnit::Sigmoid => 2.0 * output[0] - 1.0,
            _ => output[0],
        };
        let value = if discretize && unit != OutputUnit::Linear {
            if value > 0.0 { 1.0 } else { -1.0 }
        } else {
            value
        };
        return signed_colour(value, base, STRENGTH);
    }
    // Several classes: the winner's colour, as strong as its lead over a uniform guess.
    let classes = output.len() as f64;
    let probability = |o: f64| match unit {
        OutputUnit::Softmax => o,
        _ => (o + 1.0) / 2.0,
    };
    let total: f64 = output.iter().map(|&o| probability(o)).sum();
    let mut best = 0;
    for (k, &o) in output.iter().enumerate() {
        if o > output[best] {
            best = k;
        }
    }
    let share = if total > 0.0 {
        probability(output[best]) / total
    } else {
        1.0 / classes
    };
    let confidence = if discretize {
        1.0
    } else {
        (share - 1.0 / classes) / (1.0 - 1.0 / classes)
    };
    mix(base, CLASS_COLOURS[best.min(3)], confidence * STRENGTH)
}

/// Model coordinate of grid cell `index` of `cells` across [−6, 6].
pub(super) fn cell_centre(index: usize, cells: usize) -> f64 {
    -DOMAIN_RADIUS + (index as f64 + 0.5) * 2.0 * DOMAIN_RADIUS / cells as f64
}

/// The smallest 1-2-5 number at least `value`.
pub(super) fn nice_ceiling(value: f64) -> f64 {
    let magnitude = 10f64.powf(value.max(1.0).log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|candidate| *candidate >= value)
        .unwrap_or(value)
}

/// Histograms of each layer's values over common bins across `[−bound, bound]`, with `bound`
/// the 1-2-5 ceiling of the largest |value| (at least 2, so the saturating ±2 of tanh is in
/// view); values are shares of the layer's values in percent.
pub(super) struct Histograms {
    pub bound: f64,
    /// Per layer, the share (%) of values in each bin.
    pub shares: Vec<Vec<f64>>,
}

impl Histograms {
    pub(super) fn of(layers: &[Vec<f64>], bins: usize) -> Histograms {
        let largest = layers
            .iter()
            .flatten()
            .filter(|v| v.is_finite())
            .fold(0.0_f64, |m, v| m.max(v.abs()));
        let bound = nice_ceiling(largest.max(2.0));
        let width = 2.0 * bound / bins as f64;
        let shares = layers
            .iter()
            .map(|values| {
                let mut counts = vec![0usize; bins];
                for v in values.iter().filter(|v| v.is_finite()) {
                    let bin = (((v + bound) / width).floor().max(0.0) as usize).min(bins - 1);
                    counts[bin] += 1;
                }
                let total = values.len().max(1) as f64;
                counts.iter().map(|&c| 100.0 * c as f64 / total).collect()
            })
            .collect();
        Histograms { bound, shares }
    }

    /// The left edge of bin `index`.
    pub(super) fn edge(&self, index: usize) -> f64 {
        let bins = self.shares.first().map_or(1, Vec::len);
        -self.bound + 2.0 * self.bound * index as f64 / bins as f64
    }

    /// A layer's histogram as a step line (up and down at every bin edge).
    pub(super) fn step_points(&self, layer: usize) -> Vec<(f64, f64)> {
        let shares = &self.shares[layer];
        let mut points = Vec::with_capacity(2 * shares.len() + 2);
        points.push((self.edge(0), 0.0));
        for (index, &share) in shares.iter().enumerate() {
            points.push((self.edge(index), share));
            points.push((self.edge(index + 1), share));
        }
        points.push((self.edge(shares.len()), 0.0));
        points
    }
}

impl NnPlayground {
    /// Fills the 100×100 boundary raster (one pixel per cell; CSS stretches it).
    pub(super) fn paint_boundary(&mut self, frame: &Frame) {
        let base = neutral(frame.theme.background);
        self.cache.boundary_base = Some(base);
        self.paint_boundary_on(base);
    }

    /// [`NnPlayground::paint_boundary`] on a known neutral colour (also called right after
    /// training, to time the repaint).
    pub(super) fn paint_boundary_on(&mut self, base: [u8; 3]) {
        let unit = self.trainer.network.architecture().output_unit;
        let key = hash_of((self.weights_version, self.discretize, base, unit));
        if key == self.cache.boundary_key && self.cache.boundary.width as usize == BOUNDARY_CELLS {
            return;
        }
        let features = self.enabled_features();
        let count = features.len();
        // The grid's features change only with the feature set: computed once (sin is dear).
        let inputs_key = hash_of(&features);
        if self.cache.boundary_inputs_key != inputs_key || self.cache.boundary_inputs.is_empty() {
            let mut inputs = vec![0.0; BOUNDARY_CELLS * BOUNDARY_CELLS * count];
            for row in 0..BOUNDARY_CELLS {
                // Row 0 is the top of the picture: x₂ = +6.
                let x2 = -cell_centre(row, BOUNDARY_CELLS);
                for column in 0..BOUNDARY_CELLS {
                    let x1 = cell_centre(column, BOUNDARY_CELLS);
                    let start = (row * BOUNDARY_CELLS + column) * count;
                    compute_features(&features, x1, x2, &mut inputs[start..start + count]);
                }
            }
            self.cache.boundary_inputs = inputs;
            self.cache.boundary_inputs_key = inputs_key;
        }
        let image = &mut self.cache.boundary;
        image.resize(BOUNDARY_CELLS as u32, BOUNDARY_CELLS as u32);
        let network = &self.trainer.network;
        let outputs = network.output_count();
        let discretize = self.discretize;
        // All 10,000 cells layer by layer (matrix products over blocks of cells), with or
        // without batch norm; the per-point pass is only a fallback.
        let mut output = [0.0; MAX_NEURONS_PER_LAYER];
        let batched = network.forward_many(
            &self.cache.boundary_inputs,
            true,
            false,
            &mut self.cache.many,
            |block| {
                let last = block.layer_count();
                for p in 0..block.len {
                    for (neuron, value) in output[..outputs].iter_mut().enumerate() {
                        *value = block.layer_output(last, neuron)[p];
                    }
                    let colour = output_colour(&output[..outputs], unit, discretize, base);
                    let index = (block.start + p) * 4;
                    image.pixels[index..index + 4].copy_from_slice(&colour);
                }
            },
        );
        if !batched {
            for cell in 0..BOUNDARY_CELLS * BOUNDARY_CELLS {
                let input = &self.cache.boundary_inputs[cell * count..(cell + 1) * count];
                let output = network.forward_for_display(input, &mut self.workspace);
                let colour = output_colour(output, unit, discretize, base);
                image.pixels[cell * 4..cell * 4 + 4].copy_from_slice(&colour);
            }
        }
        self.cache.boundary_key = key;
    }

    /// Every neuron's output on the small grid, for the diagram's thumbnails.
    pub(super) fn compute_neuron_grids(&mut self) {
        let features = self.enabled_features();
        let key = hash_of((self.weights_version, features.len()));
        if key == self.cache.neuron_grids_key && !self.cache.neuron_grids.is_empty() {
            return;
        }
        let sizes = self.trainer.network.layer_sizes().to_vec();
        let cells = NEURON_CELLS * NEURON_CELLS;
        let mut grids: Vec<Vec<Vec<f64>>> =
            sizes.iter().map(|&n| vec![vec![0.0; cells]; n]).collect();
        let count = features.len();
        let mut inputs = vec![0.0; cells * count];
        for row in 0..NEURON_CELLS {
            let x2 = -cell_centre(row, NEURON_CELLS);
            for column in 0..NEURON_CELLS {
                let x1 = cell_centre(column, NEURON_CELLS);
                let start = (row * NEURON_CELLS + column) * count;
                compute_features(&features, x1, x2, &mut inputs[start..start + count]);
            }
        }
        // Exact values (a thumbnail's scale is its largest magnitude), all cells at once.
        let network = &self.trainer.network;
        let batched = network.forward_many(&inputs, false, false, &mut self.cache.many, |block| {
            for (layer, layer_grids) in grids.iter_mut().enumerate() {
                for (neuron, grid) in layer_grids.iter_mut().enumerate() {
                    grid[block.start..block.start + block.len]
                        .copy_from_slice(block.layer_output(layer, neuron));
                }
            }
        });
        if !batched {
            for cell in 0..cells {
                let input = &inputs[cell * count..(cell + 1) * count];
                network.forward(input, &mut self.workspace, false);
                for (layer, layer_grids) in grids.iter_mut().enumerate() {
                    for (neuron, grid) in layer_grids.iter_mut().enumerate() {
                        grid[cell] = self.workspace.post[layer][neuron];
                    }
                }
            }
        }
        self.cache.neuron_grids = grids;
        self.cache.neuron_grids_key = key;
    }

    /// The diagram's raster at half the CSS resolution: each neuron's thumbnail in its box.
    pub(super) fn paint_network(&mut self, frame: &Frame) {
        let (css_width, css_height) = (frame.geometry.css_width, frame.geometry.css_height);
        let base = neutral(frame.theme.background);
        let key = hash_of((
            self.weights_version,
            css_width.to_bits(),
            css_height.to_bits(),
            base,
            self.enabled_features().len(),
        ));
        let (width, height) = (
            (css_width / 2.0).round().max(1.0) as u32,
            (css_height / 2.0).round().max(1.0) as u32,
        );
        if key == self.cache.network_key && self.cache.network.width == width {
            return;
        }
        self.compute_neuron_grids();
        let layout = diagram_layout(self.trainer.network.layer_sizes(), css_width, css_height);
        let image = &mut self.cache.network;
        image.resize(width, height);
        image.pixels.iter_mut().for_each(|p| *p = 0);
        for column in &layout {
            for neuron_box in column {
                let Some(grid) = self
                    .cache
                    .neuron_grids
                    .get(neuron_box.layer)
                    .and_then(|layer| layer.get(neuron_box.neuron))
                else {
                    continue;
                };
                // Inputs and unbounded neurons are scaled by their largest magnitude.
                let largest = grid.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
                let scale = if largest > 1.0 && largest.is_finite() {
                    1.0 / largest
                } else {
                    1.0
                };
                let half = neuron_box.size / 2.0;
                let (x0, y0) = (
                    ((neuron_box.centre_x - half) / 2.0).floor().max(0.0) as u32,
                    ((neuron_box.centre_y - half) / 2.0).floor().max(0.0) as u32,
                );
                let (x1, y1) = (
                    (((neuron_box.centre_x + half) / 2.0).ceil() as u32).min(width),
                    (((neuron_box.centre_y + half) / 2.0).ceil() as u32).min(height),
                );
                let span_x = (x1.saturating_sub(x0)).max(1) as f64;
                let span_y = (y1.saturating_sub(y0)).max(1) as f64;
                for py in y0..y1 {
                    let row = (((py - y0) as f64 + 0.5) / span_y * NEURON_CELLS as f64) as usize;
                    for px in x0..x1 {
                        let column =
                            (((px - x0) as f64 + 0.5) / span_x * NEURON_CELLS as f64) as usize;
                        let cell =
                            row.min(NEURON_CELLS - 1) * NEURON_CELLS + column.min(NEURON_CELLS - 1);
                        image.set_pixel(px, py, signed_colour(grid[cell] * scale, base, 0.9));
                    }
                }
            }
        }
        self.cache.network_key = key;
    }

    /// Model → CSS pixel on the boundary plot (the whole plot is the square [−6, 6]²).
    pub(super) fn boundary_to_css(x1: f64, x2: f64, width: f64, height: f64) -> (f64, f64) {
        (
            (x1 + DOMAIN_RADIUS) / (2.0 * DOMAIN_RADIUS) * width,
            (DOMAIN_RADIUS - x2) / (2.0 * DOMAIN_RADIUS) * height,
        )
    }

    pub(super) fn draw_boundary_points<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let (width, height) = (frame.geometry.css_width, frame.geometry.css_height);
        let to_pixel = |p: &DataPoint| {
            let (x, y) = Self::boundary_to_css(p.x1, p.x2, width, height);
            ((frame.px(x)) as i32, (frame.px(y)) as i32)
        };
        let radius = frame.px(3.2) as i32;
        let outline = if theme.background[0] < 128 {
            [20, 20, 20]
        } else {
            [255, 255, 255]
        };
        let regression = !self.is_classification();
        let point_colour = |p: &DataPoint| -> [u8; 3] {
            if regression {
                let [r, g, b, _] = signed_colour(p.value, [128, 128, 128], 1.0);
                [r, g, b]
            } else {
                CLASS_COLOURS[p.class.min(3)]
            }
        };
        if self.show_test {
            for point in &self.test_points {
                let centre = to_pixel(point);
                area.draw(&Circle::new(
                    centre,
                    radius + 1,
                    fill_style(point_colour(point)),
                ))
                .map_err(draw_error)?;
                area.draw(&Circle::new(
                    centre,
                    radius + 1,
                    line_style([0, 0, 0], frame, 1.3),
                ))
                .map_err(draw_error)?;
            }
        }
        for point in &self.train_points {
            let centre = to_pixel(point);
            area.draw(&Circle::new(
                centre,
                radius,
                fill_style(point_colour(point)),
            ))
            .map_err(draw_error)?;
            area.draw(&Circle::new(
                centre,
                radius,
                line_style(outline, frame, 1.0),
            ))
            .map_err(draw_error)?;
        }
        // Tick labels inside the edges: the plot is the whole square [−6, 6]².
        let label_style = text_style(frame, 10.0, theme.text);
        for tick in [-4.0, -2.0, 2.0, 4.0_f64] {
            let (x, _) = Self::boundary_to_css(tick, 0.0, width, height);
            area.draw(&Text::new(
                format!("{tick}"),
                (frame.px(x) as i32, frame.px(height - 3.0) as i32),
                label_style.pos(Pos::new(HPos::Center, VPos::Bottom)),
            ))
            .map_err(draw_error)?;
            let (_, y) = Self::boundary_to_css(0.0, tick, width, height);
            area.draw(&Text::new(
                format!("{tick}"),
                (frame.px(3.0) as i32, frame.px(y) as i32),
                label_style.pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        area.draw(&Text::new(
            "x₁ →",
            (frame.px(width - 4.0) as i32, frame.px(height - 3.0) as i32),
            label_style.pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))
        .map_err(draw_error)?;
        area.draw(&Text::new(
            "x₂ ↑",
            (frame.px(3.0) as i32, frame.px(4.0) as i32),
            label_style.pos(Pos::new(HPos::Left, VPos::Top)),
        ))
        .map_err(draw_error)?;
        if self.is_classification() && self.classification_set.is_none() {
            let colour = CLASS_COLOURS[self.click_class.min(3)];
            let (x, y) = (frame.px(width - 12.0) as i32, frame.px(12.0) as i32);
            area.draw(&Circle::new(
                (x, y),
                frame.px(6.0) as i32,
                fill_style(colour),
            ))
            .map_err(draw_error)?;
            area.draw(&Text::new(
                "a click adds",
                (x - frame.px(10.0) as i32, y),
                text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    pub(super) fn draw_network_diagram<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let theme = frame.theme;
        let network = &self.trainer.network;
        let sizes = network.layer_sizes();
        let layout = diagram_layout(sizes, frame.geometry.css_width, frame.geometry.css_height);
        let px = |v: f64| frame.px(v) as i32;
        // Edges first, so the boxes sit on top.
        for layer in 1..layout.len() {
            for to in &layout[layer] {
                for from in &layout[layer - 1] {
                    let Some(weight) = network.weight(layer, to.neuron, from.neuron) else {
                        continue;
                    };
                    let selected =
                        self.selection == Selection::Weight(layer, to.neuron, from.neuron);
                    let colour = if selected {
                        theme.text
                    } else if weight < 0.0 {
                        CLASS_COLOURS[0]
                    } else {
                        CLASS_COLOURS[1]
                    };
                    let width = if selected {
                        3.5
                    } else {
                        0.5 + weight.abs().min(3.0) * 1.2
                    };
                    let style = ShapeStyle {
                        color: rgb(colour).mix(if selected { 1.0 } else { 0.75 }),
                        filled: false,
                        stroke_width: frame.px(width).round().max(1.0) as u32,
                    };
                    area.draw(&PathElement::new(
                        vec![
                            (px(from.centre_x + from.size / 2.0), px(from.centre_y)),
                            (px(to.centre_x - to.size / 2.0), px(to.centre_y)),
                        ],
                        style,
                    ))
                    .map_err(draw_error)?;
                }
            }
        }
        let features = self.enabled_features();
        let columns = layout.len();
        let spacing = if columns > 1 {
            layout[1].first().map_or(0.0, |b| b.centre_x)
                - layout[0].first().map_or(0.0, |b| b.centre_x)
        } else {
            100.0
        };
        for (layer, column) in layout.iter().enumerate() {
            for neuron_box in column {
                let half = neuron_box.size / 2.0;
                let selected = self.selection == Selection::Neuron(layer, neuron_box.neuron);
                area.draw(&Rectangle::new(
                    [
                        (
                            px(neuron_box.centre_x - half),
                            px(neuron_box.centre_y - half),
                        ),
                        (
                            px(neuron_box.centre_x + half),
                            px(neuron_box.centre_y + half),
                        ),
                    ],
                    line_style(
                        if selected { theme.text } else { theme.axis },
                        frame,
                        if selected { 2.5 } else { 1.0 },
                    ),
                ))
                .map_err(draw_error)?;
                if layer == 0
                    && let Some(feature) = features.get(neuron_box.neuron)
                {
                    area.draw(&Text::new(
                        feature.label(),
                        (
                            px(neuron_box.centre_x - half - 4.0),
                            px(neuron_box.centre_y),
                        ),
                        text_style(frame, 11.0, theme.text)
                            .pos(Pos::new(HPos::Right, VPos::Center)),
                    ))
                    .map_err(draw_error)?;
                }
            }
            let heading = if layer == 0 {
                "inputs".to_owned()
            } else if layer + 1 == columns {
                "output".to_owned()
            } else if spacing > 64.0 {
                format!(
                    "{} neuron{}",
                    sizes[layer],
                    if sizes[layer] == 1 { "" } else { "s" }
                )
            } else {
                format!("L{layer}")
            };
            let centre_x = column.first().map_or(0.0, |b| b.centre_x);
            area.draw(&Text::new(
                heading,
                (px(centre_x), px(6.0)),
                text_style(frame, 11.0, theme.muted_text).pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(draw_error)?;
        }
        if features.is_empty() {
            area.draw(&Text::new(
                "no input feature is on",
                (px(8.0), px(frame.geometry.css_height / 2.0)),
                text_style(frame, 12.0, theme.text).pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(draw_error)?;
        }
        Ok(())
    }

    /// The points of the curves (from the bounded history, plus the latest epoch).
    pub(super) fn curve(&self, value: impl Fn(&EpochRecord) -> f64) -> Vec<(f64, f64)> {
        let mut points: Vec<(f64, f64)> = self
            .history
            .records
            .iter()
            .filter(|r| r.epoch <= self.epoch)
            .map(|r| (r.epoch as f64, value(r)))
            .collect();
        if points.last().is_none_or(|(x, _)| *x < self.epoch as f64) {
            points.push((self.epoch as f64, value(&self.latest)));
        }
        points
    }

    /// Builds plot `plot`'s chart series and options and hands them to `use_chart`.
    pub(super) fn with_chart<R>(
        &self,
        plot: usize,
        frame: &Frame,
        parts: ChartParts,
        use_chart: impl FnOnce(&[Series], &ChartOptions) -> R,
    ) -> R {
        let x_range = Some((0.0, nice_ceiling((self.epoch as f64).max(10.0))));
        let caption = self.settings_caption();
        let base = ChartOptions {
            title: None,
            x_label: "epoch",
            y_label: "",
            y_scale: AxisScale::Linear,
            x_range,
            theme: frame.theme,
            font_px: frame.font(11.0),
            line_px: frame.px(1.8),
            legend: true,
            parts,
        };
        match plot {
            2 => {
                let train = self.curve(|r| r.train_loss);
                let test = self.curve(|r| r.test_loss);
                let mut series = vec![Series {
                    label: "training loss",
                    colour: SERIES_COLOURS[0],
                    points: &train,
                    marker: None,
                }];
                if !self.test_points.is_empty() {
                    series.push(Series {
                        label: "test loss",
                        colour: SERIES_COLOURS[1],
                        points: &test,
                        marker: None,
                    });
                }
                let options = ChartOptions {
                    title: Some(&caption),
                    y_label: "mean loss",
                    y_scale: if self.log_loss {
                        AxisScale::Log
                    } else {
                        AxisScale::Linear
                    },
                    ..base
                };
                use_chart(&series, &options)
            }
            3 => {
                let train = self.curve(|r| r.train_accuracy);
                let test = self.curve(|r| r.test_accuracy);
                let mut series = vec![Series {
                    label: "training accuracy",
                    colour: SERIES_COLOURS[0],
                    points: &train,
                    marker: None,
                }];
                if !self.test_points.is_empty() {
                    series.push(Series {
                        label: "test accuracy",
                        colour: SERIES_COLOURS[1],
                        points: &test,
                        marker: None,
                    });
                }
                let options = ChartOptions {
                    y_label: "% correct",
                    ..base
                };
                use_chart(&series, &options)
            }
            _ => {
                let layers = self.trainer.network.layer_count();
                let curves: Vec<Vec<(f64, f64)>> = (0..layers)
                    .map(|layer| self.curve(|r| r.gradient_norms[layer]))
                    .collect();
                let labels: Vec<String> = (0..layers)
                    .map(|layer| {
                        if layer + 1 == layers {
                            "W out".to_owned()
                        } else {
                            format!("W{}", layer + 1)
                        }
                    })
                    .collect();
                let series: Vec<Series> = curves
                    .iter()
                    .zip(&labels)
                    .enumerate()
                    .map(|(index, (points, label))| Series {
                        label,
                        colour: SERIES_COLOURS[index % SERIES_COLOURS.len()],
                        points,
                        marker: None,
                    })
                    .collect();
                let options = ChartOptions {
                    y_label: "‖∂L/∂W‖",
                    y_scale: AxisScale::Log,
                    ..base
                };
                use_chart(&series, &options)
            }
        }
    }

    pub(super) fn chart_frame_key(&self, plot: usize) -> u64 {
        let frame = Frame::light(1.0, 1.0, 1.0);
        self.with_chart(plot, &frame, ChartParts::Frame, |series, options| {
            let (low, high) = chart_y_range(series, options);
            let labels: Vec<&str> = series.iter().map(|s| s.label).collect();
            hash_of((
                low.to_bits(),
                high.to_bits(),
                options.x_range.map(|(a, b)| (a.to_bits(), b.to_bits())),
                options.y_scale == AxisScale::Log,
                options.title.map(str::to_owned),
                labels,
            ))
        })
    }

    /// The pre-activation histograms, their x bound and the y axis's top (whole tens of
    /// percent with a tenth of headroom above the tallest bin).
    fn pre_activation_histograms(&self) -> (Histograms, f64) {
        let histograms = Histograms::of(&self.activation_inputs(), HISTOGRAM_BINS);
        let tallest = histograms
            .shares
            .iter()
            .flatten()
            .fold(0.0_f64, |m, &v| m.max(v));
        let top = ((1.1 * tallest / 10.0).ceil() * 10.0).clamp(10.0, 100.0);
        (histograms, top)
    }

    /// What the histogram's frame (axes, grid, labels) depends on.
    pub(super) fn pre_activation_frame_key(&self) -> u64 {
        let (histograms, top) = self.pre_activation_histograms();
        hash_of((
            histograms.bound.to_bits(),
            top.to_bits(),
            histograms.shares.len(),
            self.batch_norm,
            self.stable_rates_caption(),
        ))
    }

    /// The measured largest stable learning rates, written above the histograms (they are
    /// what batch normalization's histograms explain), or None when not measured.
    fn stable_rates_caption(&self) -> Option<String> {
        let (_, rates) = self.stable_rates.filter(|_| self.measure_lr)?;
        let text = |rate: StableLearningRate| match rate {
            StableLearningRate::Found(rate) => format_plot_number(rate, 3),
            StableLearningRate::AtLeast(rate) => format!("≥ {}", format_plot_number(rate, 3)),
            StableLearningRate::Below(rate) => format!("< {}", format_plot_number(rate, 3)),
        };
        Some(format!(
            "largest stable η: {} without batch norm, {} with",
            text(rates[0]),
            text(rates[1])
        ))
    }

    /// The histogram chart's top margin (CSS px): room for the stable-rate caption.
    fn pre_activation_top_margin(&self) -> f64 {
        if self.stable_rates_caption().is_some() {
            28.0
        } else {
            10.0
        }
    }

    /// The pre-activation histograms as step lines from 0 % up, one colour per hidden layer:
    /// the frame in the background layer (redrawn when its range changes), the lines and the
    /// legend (in the emptiest corner) in the foreground on every change of the weights.
    pub(super) fn draw_pre_activations<DB: DrawingBackend>(
        &self,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        let (histograms, top) = self.pre_activation_histograms();
        let x_range = -histograms.bound..histograms.bound;
        if layer == Layer::Background {
            area.fill(&rgb(frame.theme.background))
                .map_err(draw_error)?;
            if histograms.shares.is_empty() {
                return Self::draw_message(
                    area,
                    frame,
                    "No hidden layer: add one to see what its activation receives.",
                );
            }
            let x_label = if self.batch_norm {
                "batch norm's output γx̂ + β"
            } else {
                "pre-activation z"
            };
            let top_margin = self.pre_activation_top_margin();
            themed_chart_in(
                area,
                frame,
                x_range,
                0.0..top,
                (x_label, "% of values"),
                top_margin,
            )?;
            if let Some(caption) = self.stable_rates_caption() {
                area.draw(&Text::new(
                    caption,
                    (frame.px(62.0) as i32, frame.px(6.0) as i32),
                    text_style(frame, 12.0, frame.theme.text),
                ))
                .map_err(draw_error)?;
            }
            return Ok(());
        }
        if histograms.shares.is_empty() {
            return Ok(());
        }
        // The same plotting area as `themed_chart_in`'s, without its mesh.
        let mut chart = ChartBuilder::on(area)
            .margin(frame.px(10.0) as i32)
            .margin_top(frame.px(self.pre_activation_top_margin()) as i32)
            .margin_right(frame.px(22.0) as i32)
            .x_label_area_size(frame.px(34.0) as i32)
            .y_label_area_size(frame.px(52.0) as i32)
            .build_cartesian_2d(x_range, 0.0..top)
            .map_err(draw_error)?;
        let mut data = Vec::new();
        let mut legend = Vec::new();
        for index in 0..histograms.shares.len() {
            let colour = SERIES_COLOURS[index % SERIES_COLOURS.len()];
            let points = histograms.step_points(index);
            chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    line_style(colour, frame, 2.0),
                ))
                .map_err(draw_error)?;
            data.push(chart_pixels(&chart, points.iter().copied()));
            legend.push((colour, format!("layer {}", index + 1)));
        }
        draw_legend_clear_of(area, frame, Corner::TopRight, &legend, &data).map(|_| ())
    }

    pub(super) fn draw_message<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
        message: &str,
    ) -> DrawResult {
        area.fill(&rgb(frame.theme.background))
            .map_err(draw_error)?;
        area.draw(&Text::new(
            message.to_owned(),
            (
                frame.px(12.0) as i32,
                frame.px(frame.geometry.css_height / 2.0) as i32,
            ),
            text_style(frame, 12.0, frame.theme.muted_text).pos(Pos::new(HPos::Left, VPos::Center)),
        ))
        .map_err(draw_error)
    }
}

impl DrawDemo for NnPlayground {
    fn draw<DB: DrawingBackend>(
        &mut self,
        plot: usize,
        layer: Layer,
        area: &DrawingArea<DB, Shift>,
        frame: &Frame,
    ) -> DrawResult {
        match (plot, layer) {
            // The boundary and the diagram draw their heatmaps as rasters under the
            // background layer, which stays empty; everything vector goes on top.
            (0 | 1, Layer::Background) => Ok(()),
            (0, Layer::Foreground) => self.draw_boundary_points(area, frame),
            (1, Layer::Foreground) => self.draw_network_diagram(area, frame),
            (3, Layer::Background) if !self.is_classification() => Self::draw_message(
                area,
                frame,
                "Accuracy is for classification; regression has only the loss.",
            ),
            (3, Layer::Foreground) if !self.is_classification() => Ok(()),
            (5, layer) => self.draw_pre_activations(layer, area, frame),
            (_, Layer::Background) => {
                self.with_chart(plot, frame, ChartParts::Frame, |series, options| {
                    draw_line_chart(area, series, options)
                })
            }
            (_, Layer::Foreground) => {
                self.with_chart(plot, frame, ChartParts::Series, |series, options| {
                    draw_line_chart(area, series, options)
                })
            }
        }
    }
}
