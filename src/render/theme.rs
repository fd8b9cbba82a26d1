//! Colours of the light and dark page themes and the series palette.
//!
//! Colours are plain RGB triples so that pure code and tests can use them; [`rgb`] converts
//! one to plotters' colour type at drawing time.

use plotters::style::RGBColor;

/// Colours for light and dark page themes (the page follows prefers-color-scheme). Plain RGB
/// triples, plus conversion to plotters' RGBColor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Fill behind charts; matches the page background so plots blend in.
    pub background: [u8; 3],
    /// Titles, axis descriptions and legend labels.
    pub text: [u8; 3],
    /// Tick labels and other secondary text.
    pub muted_text: [u8; 3],
    /// Grid lines inside the plotting area.
    pub grid: [u8; 3],
    /// Axis lines and tick marks.
    pub axis: [u8; 3],
    /// Contour lines drawn over a heatmap.
    pub contour: [u8; 3],
}

impl Theme {
    /// Dark text on white.
    pub fn light() -> Self {
        Self {
            background: [255, 255, 255],
            text: [33, 37, 41],
            muted_text: [94, 99, 106],
            grid: [226, 228, 232],
            axis: [120, 124, 130],
            contour: [30, 30, 30],
        }
    }

    /// Light text on a near-black blue-grey.
    pub fn dark() -> Self {
        Self {
            background: [24, 26, 31],
            text: [226, 228, 232],
            muted_text: [160, 166, 176],
            grid: [52, 56, 64],
            axis: [128, 134, 144],
            contour: [240, 240, 240],
        }
    }

    /// The theme for a page whose `prefers-color-scheme: dark` query is `dark`.
    pub fn from_dark_flag(dark: bool) -> Self {
        if dark { Self::dark() } else { Self::light() }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::light()
    }
}

/// Eight distinct colours for series, readable on both themes.
///
/// The hues are those of the Okabe–Ito colour-blind-safe palette (Okabe & Ito, "Color
/// Universal Design", 2008): blue, vermillion, bluish green, reddish purple, orange, sky blue,
/// yellow and black. Orange, sky blue, yellow and reddish purple are darkened and black is
/// replaced by grey so that every colour keeps a contrast ratio of at least 3:1 (the WCAG
/// minimum for graphics) against both the light and the dark background; the unmodified
/// yellow would be nearly invisible on white and black invisible on the dark theme.
pub const SERIES_COLOURS: [[u8; 3]; 8] = [
    [0, 114, 178],   // blue
    [210, 82, 0],    // vermillion
    [0, 158, 115],   // bluish green
    [198, 114, 160], // reddish purple
    [200, 128, 0],   // orange, darkened
    [60, 150, 200],  // sky blue, darkened
    [160, 142, 0],   // yellow, darkened to gold
    [128, 128, 128], // grey in place of black
];

/// The series colour for the `index`-th series, cycling through [`SERIES_COLOURS`].
pub fn series_colour(index: usize) -> [u8; 3] {
    SERIES_COLOURS[index % SERIES_COLOURS.len()]
}

/// Converts an RGB triple to plotters' colour type.
pub fn rgb(c: [u8; 3]) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 relative luminance of an sRGB colour.
    fn relative_luminance(colour: [u8; 3]) -> f64 {
        let linear = colour.map(|channel| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        });
        0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    }

    /// WCAG 2 contrast ratio, from 1 (identical) to 21 (black on white).
    fn contrast_ratio(first: [u8; 3], second: [u8; 3]) -> f64 {
        let (a, b) = (relative_luminance(first), relative_luminance(second));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn contrast_ratio_matches_the_wcag_extremes() {
        assert!((contrast_ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio([119, 119, 119], [119, 119, 119]) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn series_colours_have_graphics_contrast_on_both_themes() {
        for colour in SERIES_COLOURS {
            for theme in [Theme::light(), Theme::dark()] {
                let ratio = contrast_ratio(colour, theme.background);
                assert!(
                    ratio >= 3.0,
                    "{colour:?} on {:?}: {ratio:.2}",
                    theme.background
                );
            }
        }
    }

    #[test]
    fn series_colours_are_pairwise_distinct() {
        for (i, a) in SERIES_COLOURS.iter().enumerate() {
            for b in &SERIES_COLOURS[i + 1..] {
                let distance = a
                    .iter()
                    .zip(b)
                    .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
                    .sum::<f64>()
                    .sqrt();
                assert!(
                    distance > 40.0,
                    "{a:?} and {b:?} are too close ({distance:.1})"
                );
            }
        }
        assert_eq!(series_colour(9), SERIES_COLOURS[1]);
    }

    #[test]
    fn text_is_readable_on_both_themes() {
        for theme in [Theme::light(), Theme::dark()] {
            // WCAG AA: 4.5:1 for body text; the muted text is used for tick labels.
            assert!(contrast_ratio(theme.text, theme.background) >= 7.0);
            assert!(contrast_ratio(theme.muted_text, theme.background) >= 4.5);
            assert!(contrast_ratio(theme.axis, theme.background) >= 3.0);
        }
        assert_eq!(Theme::from_dark_flag(true), Theme::dark());
        assert_eq!(Theme::from_dark_flag(false), Theme::light());
        assert_eq!(rgb([1, 2, 3]), RGBColor(1, 2, 3));
    }
}
