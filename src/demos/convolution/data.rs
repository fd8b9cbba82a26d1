//! The convolution demo's data alternative: the feature map (or an 11 × 11 window of it
//! around the selected pixel when it is larger), the selected pixel's window times the kernel,
//! and the map after ReLU and max-pooling (windowed the same way); plus each picture in words.

use super::ConvolutionDemo;
use crate::demos::data_alternative::prose_number;
use crate::demos::{Demo, PlotTable, ReadoutValue};
use crate::math::convolution::{GrayImage, window};

/// Maps up to this many pixels a side are listed whole; larger ones as a window this wide.
const WINDOW_SIDE: usize = 11;

/// The columns and rows of `image` to list: all of them, or [`WINDOW_SIDE`] around `centre`.
fn window_range(length: usize, centre: usize) -> std::ops::Range<usize> {
    if length <= WINDOW_SIDE + 1 {
        return 0..length;
    }
    let start = centre
        .saturating_sub(WINDOW_SIDE / 2)
        .min(length - WINDOW_SIDE);
    start..start + WINDOW_SIDE
}

/// `image` as a matrix table (a row per pixel row, a column per pixel column), whole or the
/// window around `centre`; `what` names the map in the caption.
fn matrix_table(image: &GrayImage, centre: (usize, usize), what: &str, values: &str) -> PlotTable {
    let columns = window_range(image.width, centre.0);
    let rows = window_range(image.height, centre.1);
    let whole = columns.len() == image.width && rows.len() == image.height;
    let caption = if whole {
        format!(
            "The whole {what} ({}×{} pixels, {values}): a row per pixel row y, a column per pixel column x.",
            image.width, image.height
        )
    } else {
        format!(
            "An {}×{} window of the {what} ({}×{} pixels, {values}) around the selected pixel: rows y {} to {}, columns x {} to {}.",
            columns.len(),
            rows.len(),
            image.width,
            image.height,
            rows.start,
            rows.end - 1,
            columns.start,
            columns.end - 1
        )
    };
    let mut headings = vec!["row y".to_owned()];
    headings.extend(columns.clone().map(|x| format!("x = {x}")));
    let mut table = PlotTable {
        caption,
        columns: headings,
        rows: Vec::new(),
    };
    for y in rows {
        let mut row = vec![ReadoutValue::Integer(y as i64)];
        row.extend(
            columns
                .clone()
                .map(|x| ReadoutValue::Number(image.get(x, y).unwrap_or(0.0))),
        );
        table.rows.push(row);
    }
    table
}

impl ConvolutionDemo {
    pub(super) fn data_table(&self, plot: usize) -> Option<PlotTable> {
        match plot {
            0 => Some(self.feature_map_table()),
            1 => Some(self.window_table()),
            2 => Some(self.stages_table()),
            _ => None,
        }
    }

    pub(super) fn data_description(&self, plot: usize) -> Option<String> {
        match plot {
            0 => Some(self.feature_map_description()),
            1 => Some(self.window_description()),
            2 => Some(self.stages_description()),
            _ => None,
        }
    }

    /// "the sobel-x kernel (3×3)".
    fn kernel_words(&self) -> String {
        format!(
            "the {} kernel ({k}×{k})",
            self.param("kernel").unwrap_or_default(),
            k = self.kernel.size
        )
    }

    fn feature_map_table(&self) -> PlotTable {
        let centre = self.selected().unwrap_or((0, 0));
        let mut table = matrix_table(
            &self.pipeline.output,
            centre,
            "feature map",
            "before ReLU and pooling",
        );
        table.caption.push_str(&format!(
            " It is the {}×{} input cross-correlated with {}, padding {}, stride {}.",
            self.pipeline.input.width,
            self.pipeline.input.height,
            self.kernel_words(),
            self.padding_amount(),
            self.stride
        ));
        table
    }

    fn window_table(&self) -> PlotTable {
        let mut table = PlotTable::new(
            String::new(),
            &[
                "kernel row",
                "kernel column",
                "pixel value",
                "weight",
                "pixel × weight",
            ],
        );
        let Some((x, y)) = self.selected() else {
            table.caption =
                "The output is empty: the kernel is larger than the padded input.".to_owned();
            return table;
        };
        let k = self.kernel.size;
        let values = window(
            &self.pipeline.input,
            k,
            self.padding_amount(),
            self.stride,
            x,
            y,
        );
        table.caption = format!(
            "The {k}×{k} input window of output pixel ({x}, {y}) times {}: the products add up to {}.",
            self.kernel_words(),
            prose_number(self.pipeline.output.get(x, y).unwrap_or(0.0))
        );
        for (index, (value, weight)) in values.iter().zip(&self.kernel.weights).enumerate() {
            table.rows.push(vec![
                ReadoutValue::Integer((index / k) as i64),
                ReadoutValue::Integer((index % k) as i64),
                ReadoutValue::Number(*value),
                ReadoutValue::Number(*weight),
                ReadoutValue::Number(value * weight),
            ]);
        }
        table
    }

    fn stages_table(&self) -> PlotTable {
        let (x, y) = self.selected().unwrap_or((0, 0));
        let relu = if self.relu_on {
            "after ReLU"
        } else {
            "ReLU off"
        };
        match &self.pipeline.pooled {
            Some(pooled) => matrix_table(
                pooled,
                (x / 2, y / 2),
                "max-pooled map",
                &format!("{relu}, each pixel the largest of a 2×2 block"),
            ),
            None => matrix_table(
                &self.pipeline.rectified,
                (x, y),
                "feature map",
                &format!("{relu}, pooling off"),
            ),
        }
    }

    fn feature_map_description(&self) -> String {
        let (input, output) = (&self.pipeline.input, &self.pipeline.output);
        let range = output.min_max().map_or(String::new(), |(low, high)| {
            format!(
                " with values from {} to {}",
                prose_number(low),
                prose_number(high)
            )
        });
        let selected = match self.selected() {
            Some((x, y)) => format!(
                "; the selected pixel ({x}, {y}) is {}",
                prose_number(output.get(x, y).unwrap_or(0.0))
            ),
            None => String::new(),
        };
        format!(
            "The {}×{} input and {}, padding {} and stride {}, give a {}×{} feature map{range}{selected}.",
            input.width,
            input.height,
            self.kernel_words(),
            self.padding_amount(),
            self.stride,
            output.width,
            output.height
        )
    }

    fn window_description(&self) -> String {
        match self.selected() {
            Some((x, y)) => format!(
                "Output pixel ({x}, {y}) is the sum of the window's pixels times the kernel's weights: {}.",
                self.dot_product_text()
            ),
            None => "The output is empty: the kernel is larger than the padded input.".to_owned(),
        }
    }

    fn stages_description(&self) -> String {
        let rectified = &self.pipeline.rectified;
        let positive = rectified.pixels.iter().filter(|v| **v > 0.0).count();
        let relu = if self.relu_on {
            format!(
                "After ReLU {positive} of the {} feature-map pixels stay positive, the rest are 0",
                rectified.pixels.len()
            )
        } else {
            "ReLU is off".to_owned()
        };
        let pool = match (&self.pipeline.pooled, self.selected()) {
            (Some(pooled), Some((x, y))) => format!(
                "; 2×2 max-pooling halves the map to {}×{}{}.",
                pooled.width,
                pooled.height,
                pooled.get(x / 2, y / 2).map_or(String::new(), |v| format!(
                    ", and the selected pixel's block pools to {}",
                    prose_number(v)
                ))
            ),
            (Some(pooled), None) => format!(
                "; 2×2 max-pooling halves the map to {}×{}.",
                pooled.width, pooled.height
            ),
            (None, _) => "; pooling is off.".to_owned(),
        };
        format!("{relu}{pool}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demos::data_alternative::cell_number as number;
    use crate::demos::test_support::readout_value;

    #[test]
    fn the_window_products_add_up_to_the_selected_pixel() {
        let demo = ConvolutionDemo::default();
        let table = demo.plot_table(1).unwrap();
        assert_eq!(table.rows.len(), 9);
        let sum: f64 = table.rows.iter().map(|r| number(&r[4])).sum();
        assert!((sum - number(&readout_value(&demo, "selected-value"))).abs() < 1e-12);
        // Sobel-x's weights, row by row: −1 0 1 / −2 0 2 / −1 0 1.
        let weights: Vec<f64> = table.rows.iter().map(|r| number(&r[3])).collect();
        assert_eq!(weights, [-1.0, 0.0, 1.0, -2.0, 0.0, 2.0, -1.0, 0.0, 1.0]);
    }

    #[test]
    fn a_large_map_is_windowed_around_the_selected_pixel() {
        let demo = ConvolutionDemo::default();
        // 40×40 input, 3×3 kernel, no padding: a 38×38 map, selected pixel (7, 8).
        let table = demo.plot_table(0).unwrap();
        assert_eq!(table.rows.len(), WINDOW_SIDE);
        assert_eq!(table.columns.len(), 1 + WINDOW_SIDE);
        assert_eq!(table.columns[1], "x = 2");
        assert_eq!(number(&table.rows[0][0]), 3.0);
        // Row y = 8 is the 6th, column x = 7 the 6th: the selected value.
        assert_eq!(table.rows[5][6], readout_value(&demo, "selected-value"));
        assert!(table.caption.contains("38×38"), "{}", table.caption);
        // The pooled map (19×19) is windowed around (3, 4): its cell is the pooled readout.
        let stages = demo.plot_table(2).unwrap();
        let row = stages.rows.iter().find(|r| number(&r[0]) == 4.0).unwrap();
        let column = stages.columns.iter().position(|c| c == "x = 3").unwrap();
        assert_eq!(row[column], readout_value(&demo, "pooled-value"));
    }

    #[test]
    fn a_small_map_is_listed_whole() {
        let mut demo = ConvolutionDemo::default();
        demo.set_param("size", "10").unwrap();
        let table = demo.plot_table(0).unwrap();
        assert_eq!(table.rows.len(), 8);
        assert_eq!(table.columns.len(), 9);
        assert!(
            table.caption.starts_with("The whole feature map (8×8"),
            "{}",
            table.caption
        );
    }

    #[test]
    fn the_descriptions_state_current_numbers() {
        let mut demo = ConvolutionDemo::default();
        let text = demo.plot_description(0).unwrap();
        assert!(text.contains("give a 38×38 feature map"), "{text}");
        let value = prose_number(number(&readout_value(&demo, "selected-value")));
        assert!(
            text.contains(&format!("the selected pixel (7, 8) is {value}")),
            "{text}"
        );
        demo.set_param("pool", "off").unwrap();
        assert!(
            demo.plot_description(2)
                .unwrap()
                .ends_with("pooling is off.")
        );
    }
}
