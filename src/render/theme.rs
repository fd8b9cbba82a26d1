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

/// Nine distinct colours for series, readable on both themes and told apart with every
/// common colour-vision deficiency.
///
/// The first four are the Okabe–Ito colour-blind-safe palette unchanged (Okabe & Ito, "Color
/// Universal Design", 2008): blue, vermillion, bluish green, reddish purple. Okabe–Ito's
/// orange, sky blue, yellow and black fail the 3:1 contrast WCAG asks of graphics against
/// one of the two backgrounds (yellow is 1.3:1 on white, black 1.2:1 on the dark theme), and
/// merely darkening them made orange, yellow and vermillion look alike (the old gold and
/// orange were 2 ΔE apart for a protanope). So the last four keep their family but were
/// chosen, inside the band of luminance that passes on both themes, to stay at least 14 ΔE
/// (CIELAB) from every other colour for normal, protan, deutan and tritan vision: orange
/// became ochre, sky blue an azure, yellow a dark olive (a yellow dark enough for white is
/// olive) and black a slate grey. The ninth, a magenta, was added for the optimizer lab's
/// ninth racer (conjugate gradient), whose path ends in the darkest purple of the heatmap: a
/// violet 24.6 ΔE from the others vanished there, so among the colours of the same band at
/// least 14 ΔE from the other eight for all four visions the brightest hue was taken (16.7 ΔE;
/// 4.2:1 against viridis' darkest purple). The first series keep the most distinct colours,
/// and every
/// colour has its own line dash ([`SERIES_DASHES`]) for lines that must be told apart
/// without colour at all.
pub const SERIES_COLOURS: [[u8; 3]; 9] = [
    [0, 114, 178],   // blue
    [213, 94, 0],    // vermillion
    [0, 158, 115],   // bluish green
    [204, 121, 167], // reddish purple
    [176, 136, 68],  // ochre (Okabe–Ito orange, darkened and desaturated)
    [44, 148, 252],  // azure (sky blue, darkened)
    [112, 104, 44],  // dark olive (yellow, darkened)
    [100, 108, 108], // slate grey (in place of black)
    [240, 0, 230],   // magenta
];

/// The series colour for the `index`-th series, cycling through [`SERIES_COLOURS`].
pub fn series_colour(index: usize) -> [u8; 3] {
    SERIES_COLOURS[index % SERIES_COLOURS.len()]
}

/// One dash pattern per series colour, in CSS pixels: alternating lengths drawn and skipped,
/// repeated along the line; empty means solid. Series lines drawn in palette colour `i` use
/// pattern `i`, so nine series are told apart in greyscale or by a reader who sees no
/// colour: solid, long dash, short dash, dots, dash-dot, dash-dot-dot, long-short dash,
/// pairs of dots and dash-dash-dot.
pub const SERIES_DASHES: [&[f64]; 9] = [
    &[],
    &[10.0, 4.0],
    &[4.0, 3.0],
    &[1.5, 2.5],
    &[10.0, 3.0, 2.0, 3.0],
    &[10.0, 3.0, 2.0, 3.0, 2.0, 3.0],
    &[16.0, 3.0, 5.0, 3.0],
    &[1.5, 2.5, 1.5, 7.0],
    &[6.0, 2.5, 6.0, 2.5, 1.5, 2.5],
];

/// The dash pattern (CSS pixels) of a series drawn in `colour`: the pattern of that palette
/// entry, solid for any colour outside the palette. Keyed by colour so that every chart and
/// legend that draws a palette colour gives it the same dash without extra bookkeeping.
pub fn series_dash(colour: [u8; 3]) -> &'static [f64] {
    SERIES_COLOURS
        .iter()
        .position(|c| *c == colour)
        .map_or(&[], |index| SERIES_DASHES[index])
}

/// WCAG 2 relative luminance of an sRGB colour.
pub fn relative_luminance(colour: [u8; 3]) -> f64 {
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
pub fn contrast_ratio(first: [u8; 3], second: [u8; 3]) -> f64 {
    let (a, b) = (relative_luminance(first), relative_luminance(second));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

impl Theme {
    /// `colour` as the colour of a text label on this theme: unchanged if it already reads
    /// at 4.5:1 (WCAG AA for text) on the background, else mixed towards the theme's text
    /// colour just far enough to. Series colours pass 3:1, enough for lines but not for a
    /// label such as "Aî" in blue on the dark theme (3.4:1).
    pub fn label_colour(&self, colour: [u8; 3]) -> [u8; 3] {
        const TEXT_CONTRAST: f64 = 4.5;
        for step in 0..=20 {
            let mix = f64::from(step) / 20.0;
            let mixed: [u8; 3] = std::array::from_fn(|k| {
                (f64::from(colour[k]) * (1.0 - mix) + f64::from(self.text[k]) * mix).round() as u8
            });
            if contrast_ratio(mixed, self.background) >= TEXT_CONTRAST {
                return mixed;
            }
        }
        self.text
    }
}

/// Converts an RGB triple to plotters' colour type.
pub fn rgb(c: [u8; 3]) -> RGBColor {
    RGBColor(c[0], c[1], c[2])
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(series_colour(10), SERIES_COLOURS[1]);
    }

    /// CIELAB (D65) of a linear-light RGB triple, clamped to the gamut.
    fn lab_of_linear(linear: [f64; 3]) -> [f64; 3] {
        let [r, g, b] = linear.map(|c| c.clamp(0.0, 1.0));
        // sRGB → XYZ (IEC 61966-2-1), then CIE 1976 L*a*b* with the D65 white point.
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    fn linear_rgb(colour: [u8; 3]) -> [f64; 3] {
        colour.map(|channel| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        })
    }

    /// Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation
    /// of Color Vision Deficiency", severity 1.0 matrices (applied to linear RGB), plus the
    /// identity for normal vision.
    const VISIONS: [(&str, [[f64; 3]; 3]); 4] = [
        (
            "normal",
            [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
        ),
        (
            "protanopia",
            [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
        ),
        (
            "deuteranopia",
            [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
        ),
        (
            "tritanopia",
            [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        ),
    ];

    #[test]
    fn lab_of_white_and_a_known_colour() {
        let white = lab_of_linear([1.0, 1.0, 1.0]);
        assert!((white[0] - 100.0).abs() < 0.01 && white[1].abs() < 0.05 && white[2].abs() < 0.05);
        // Pure sRGB red is L*a*b* (53.24, 80.09, 67.20) and blue (32.30, 79.19, −107.86)
        // (Bruce Lindbloom's and EasyRGB's published D65 values).
        let red = lab_of_linear(linear_rgb([255, 0, 0]));
        let blue = lab_of_linear(linear_rgb([0, 0, 255]));
        for (got, want) in [
            (red, [53.24, 80.09, 67.20]),
            (blue, [32.30, 79.19, -107.86]),
        ] {
            for k in 0..3 {
                assert!((got[k] - want[k]).abs() < 0.05, "{got:?} vs {want:?}");
            }
        }
    }

    #[test]
    fn series_colours_stay_apart_for_colour_blind_readers() {
        for (vision, matrix) in VISIONS {
            let seen: Vec<[f64; 3]> = SERIES_COLOURS
                .iter()
                .map(|&colour| {
                    let l = linear_rgb(colour);
                    lab_of_linear(matrix.map(|row| row[0] * l[0] + row[1] * l[1] + row[2] * l[2]))
                })
                .collect();
            for i in 0..seen.len() {
                for j in i + 1..seen.len() {
                    let distance = (0..3)
                        .map(|k| (seen[i][k] - seen[j][k]).powi(2))
                        .sum::<f64>()
                        .sqrt();
                    assert!(
                        distance >= 14.0,
                        "{vision}: colours {i} and {j} are {distance:.1} ΔE apart"
                    );
                }
            }
        }
    }

    #[test]
    fn label_colours_read_at_text_contrast_on_both_themes() {
        for theme in [Theme::light(), Theme::dark()] {
            for colour in SERIES_COLOURS {
                let label = theme.label_colour(colour);
                assert!(contrast_ratio(label, theme.background) >= 4.5, "{label:?}");
                if contrast_ratio(colour, theme.background) >= 4.5 {
                    assert_eq!(label, colour, "a readable colour is kept");
                }
            }
        }
        // Okabe–Ito blue is 5.2:1 on white (kept) but 3.4:1 on the dark theme (lightened).
        assert_eq!(
            Theme::light().label_colour(SERIES_COLOURS[0]),
            SERIES_COLOURS[0]
        );
        assert_ne!(
            Theme::dark().label_colour(SERIES_COLOURS[0]),
            SERIES_COLOURS[0]
        );
    }

    #[test]
    fn every_series_colour_has_its_own_dash() {
        for (i, a) in SERIES_DASHES.iter().enumerate() {
            assert!(a.len() % 2 == 0 && a.iter().all(|l| *l > 0.0), "{a:?}");
            for b in &SERIES_DASHES[i + 1..] {
                assert_ne!(a, b);
            }
            assert_eq!(series_dash(SERIES_COLOURS[i]), *a);
        }
        assert!(
            series_dash(SERIES_COLOURS[0]).is_empty(),
            "the first series is solid"
        );
        assert!(series_dash([1, 2, 3]).is_empty(), "other colours are solid");
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
