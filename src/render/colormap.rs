//! Colormaps: viridis for magnitudes, a blue–white–red diverging map for signed values, and a
//! precomputed lookup table for per-pixel hot paths.
//!
//! Viridis is perceptually uniform (equal steps in value look like equal steps in colour)
//! and its lightness increases monotonically, so it reads correctly in greyscale and for
//! colour-blind viewers.

/// The colour shown for undefined values (NaN): a neutral mid grey that viridis never produces.
pub const NAN_GREY: [u8; 3] = [128, 128, 128];

/// Viridis at `t` ∈ [0, 1] (clamped; NaN gives [`NAN_GREY`]): dark purple at 0, teal at 0.5,
/// yellow at 1.
///
/// Linearly interpolates [`VIRIDIS_TABLE`], matplotlib's 256-entry table.
pub fn viridis(t: f64) -> [u8; 3] {
    if t.is_nan() {
        return NAN_GREY;
    }
    let position = t.clamp(0.0, 1.0) * (VIRIDIS_TABLE.len() - 1) as f64;
    // `position` is within [0, 255], so the index is valid and `lower + 1` is clamped.
    let lower = position.floor() as usize;
    let upper = (lower + 1).min(VIRIDIS_TABLE.len() - 1);
    let fraction = position - lower as f64;
    let (from, to) = (VIRIDIS_TABLE[lower], VIRIDIS_TABLE[upper]);
    [0, 1, 2].map(|channel| {
        let start = f64::from(from[channel]);
        (start + fraction * (f64::from(to[channel]) - start)).round() as u8
    })
}

/// A diverging colormap for signed quantities, `t` ∈ [−1, 1] (clamped; NaN gives
/// [`NAN_GREY`]): dark blue at −1, near-white at 0, dark red at +1.
///
/// Piecewise linear through the eleven colours of ColorBrewer's RdBu scheme (Cynthia Brewer,
/// colorbrewer2.org), reversed so that negative is blue, as sampled from matplotlib's
/// `RdBu_r`.
pub fn diverging(t: f64) -> [u8; 3] {
    if t.is_nan() {
        return NAN_GREY;
    }
    let position = (t.clamp(-1.0, 1.0) + 1.0) / 2.0 * (DIVERGING_ANCHORS.len() - 1) as f64;
    let lower = position.floor() as usize;
    let upper = (lower + 1).min(DIVERGING_ANCHORS.len() - 1);
    let fraction = position - lower as f64;
    let (from, to) = (DIVERGING_ANCHORS[lower], DIVERGING_ANCHORS[upper]);
    [0, 1, 2].map(|channel| {
        let start = f64::from(from[channel]);
        (start + fraction * (f64::from(to[channel]) - start)).round() as u8
    })
}

/// A colormap sampled into a table, so that painting a pixel costs an index computation and a
/// 4-byte copy instead of interpolation.
///
/// Entries are stored as RGBA with alpha 255, ready to be copied into an [`RgbaImage`].
///
/// [`RgbaImage`]: crate::render::RgbaImage
#[derive(Clone, Debug, PartialEq)]
pub struct ColourLookup {
    rgba: Vec<[u8; 4]>,
}

impl ColourLookup {
    /// Number of entries; 1024 steps are finer than the 256 distinct colours of viridis, so the
    /// table adds no visible banding.
    pub const SIZE: usize = 1024;

    /// Samples `colormap` at `SIZE` evenly spaced points of [0, 1].
    pub fn new(colormap: impl Fn(f64) -> [u8; 3]) -> Self {
        let last = (Self::SIZE - 1) as f64;
        let rgba = (0..Self::SIZE)
            .map(|index| {
                let [r, g, b] = colormap(index as f64 / last);
                [r, g, b, 255]
            })
            .collect();
        Self { rgba }
    }

    /// The lookup table of [`viridis`].
    pub fn viridis() -> Self {
        Self::new(viridis)
    }

    /// The colour at `t` ∈ [0, 1] (clamped), rounded to the nearest entry; NaN gives
    /// [`NAN_GREY`].
    pub fn colour(&self, t: f64) -> [u8; 3] {
        let [r, g, b, _] = self.rgba(t);
        [r, g, b]
    }

    /// Like [`ColourLookup::colour`], with alpha 255.
    pub fn rgba(&self, t: f64) -> [u8; 4] {
        if t.is_nan() {
            let [r, g, b] = NAN_GREY;
            return [r, g, b, 255];
        }
        // The float-to-int cast saturates, so even ±∞ lands on a valid index.
        self.rgba_at_index((t * (Self::SIZE - 1) as f64).round() as usize)
    }

    /// The entry at `index`, clamped to the table; for loops that compute indices themselves.
    #[inline]
    pub fn rgba_at_index(&self, index: usize) -> [u8; 4] {
        self.rgba
            .get(index.min(Self::SIZE - 1))
            .copied()
            .unwrap_or([0, 0, 0, 255])
    }

    /// All entries, for loops that index the table directly.
    pub fn entries(&self) -> &[[u8; 4]] {
        &self.rgba
    }
}

impl Default for ColourLookup {
    fn default() -> Self {
        Self::viridis()
    }
}

/// Matplotlib's viridis table (`matplotlib._cm_listed._viridis_data`, by Stéfan van der Walt
/// and Nathaniel J. Smith, released under CC0), each channel multiplied by 255 and rounded.
#[rustfmt::skip]
pub const VIRIDIS_TABLE: [[u8; 3]; 256] = [
    [68, 1, 84], [68, 2, 86], [69, 4, 87], [69, 5, 89], [70, 7, 90], [70, 8, 92],
    [70, 10, 93], [70, 11, 94], [71, 13, 96], [71, 14, 97], [71, 16, 99], [71, 17, 100],
    [71, 19, 101], [72, 20, 103], [72, 22, 104], [72, 23, 105], [72, 24, 106], [72, 26, 108],
    [72, 27, 109], [72, 28, 110], [72, 29, 111], [72, 31, 112], [72, 32, 113], [72, 33, 115],
    [72, 35, 116], [72, 36, 117], [72, 37, 118], [72, 38, 119], [72, 40, 120], [72, 41, 121],
    [71, 42, 122], [71, 44, 122], [71, 45, 123], [71, 46, 124], [71, 47, 125], [70, 48, 126],
    [70, 50, 126], [70, 51, 127], [70, 52, 128], [69, 53, 129], [69, 55, 129], [69, 56, 130],
    [68, 57, 131], [68, 58, 131], [68, 59, 132], [67, 61, 132], [67, 62, 133], [66, 63, 133],
    [66, 64, 134], [66, 65, 134], [65, 66, 135], [65, 68, 135], [64, 69, 136], [64, 70, 136],
    [63, 71, 136], [63, 72, 137], [62, 73, 137], [62, 74, 137], [62, 76, 138], [61, 77, 138],
    [61, 78, 138], [60, 79, 138], [60, 80, 139], [59, 81, 139], [59, 82, 139], [58, 83, 139],
    [58, 84, 140], [57, 85, 140], [57, 86, 140], [56, 88, 140], [56, 89, 140], [55, 90, 140],
    [55, 91, 141], [54, 92, 141], [54, 93, 141], [53, 94, 141], [53, 95, 141], [52, 96, 141],
    [52, 97, 141], [51, 98, 141], [51, 99, 141], [50, 100, 142], [50, 101, 142], [49, 102, 142],
    [49, 103, 142], [49, 104, 142], [48, 105, 142], [48, 106, 142], [47, 107, 142], [47, 108, 142],
    [46, 109, 142], [46, 110, 142], [46, 111, 142], [45, 112, 142], [45, 113, 142], [44, 113, 142],
    [44, 114, 142], [44, 115, 142], [43, 116, 142], [43, 117, 142], [42, 118, 142], [42, 119, 142],
    [42, 120, 142], [41, 121, 142], [41, 122, 142], [41, 123, 142], [40, 124, 142], [40, 125, 142],
    [39, 126, 142], [39, 127, 142], [39, 128, 142], [38, 129, 142], [38, 130, 142], [38, 130, 142],
    [37, 131, 142], [37, 132, 142], [37, 133, 142], [36, 134, 142], [36, 135, 142], [35, 136, 142],
    [35, 137, 142], [35, 138, 141], [34, 139, 141], [34, 140, 141], [34, 141, 141], [33, 142, 141],
    [33, 143, 141], [33, 144, 141], [33, 145, 140], [32, 146, 140], [32, 146, 140], [32, 147, 140],
    [31, 148, 140], [31, 149, 139], [31, 150, 139], [31, 151, 139], [31, 152, 139], [31, 153, 138],
    [31, 154, 138], [30, 155, 138], [30, 156, 137], [30, 157, 137], [31, 158, 137], [31, 159, 136],
    [31, 160, 136], [31, 161, 136], [31, 161, 135], [31, 162, 135], [32, 163, 134], [32, 164, 134],
    [33, 165, 133], [33, 166, 133], [34, 167, 133], [34, 168, 132], [35, 169, 131], [36, 170, 131],
    [37, 171, 130], [37, 172, 130], [38, 173, 129], [39, 173, 129], [40, 174, 128], [41, 175, 127],
    [42, 176, 127], [44, 177, 126], [45, 178, 125], [46, 179, 124], [47, 180, 124], [49, 181, 123],
    [50, 182, 122], [52, 182, 121], [53, 183, 121], [55, 184, 120], [56, 185, 119], [58, 186, 118],
    [59, 187, 117], [61, 188, 116], [63, 188, 115], [64, 189, 114], [66, 190, 113], [68, 191, 112],
    [70, 192, 111], [72, 193, 110], [74, 193, 109], [76, 194, 108], [78, 195, 107], [80, 196, 106],
    [82, 197, 105], [84, 197, 104], [86, 198, 103], [88, 199, 101], [90, 200, 100], [92, 200, 99],
    [94, 201, 98], [96, 202, 96], [99, 203, 95], [101, 203, 94], [103, 204, 92], [105, 205, 91],
    [108, 205, 90], [110, 206, 88], [112, 207, 87], [115, 208, 86], [117, 208, 84], [119, 209, 83],
    [122, 209, 81], [124, 210, 80], [127, 211, 78], [129, 211, 77], [132, 212, 75], [134, 213, 73],
    [137, 213, 72], [139, 214, 70], [142, 214, 69], [144, 215, 67], [147, 215, 65], [149, 216, 64],
    [152, 216, 62], [155, 217, 60], [157, 217, 59], [160, 218, 57], [162, 218, 55], [165, 219, 54],
    [168, 219, 52], [170, 220, 50], [173, 220, 48], [176, 221, 47], [178, 221, 45], [181, 222, 43],
    [184, 222, 41], [186, 222, 40], [189, 223, 38], [192, 223, 37], [194, 223, 35], [197, 224, 33],
    [200, 224, 32], [202, 225, 31], [205, 225, 29], [208, 225, 28], [210, 226, 27], [213, 226, 26],
    [216, 226, 25], [218, 227, 25], [221, 227, 24], [223, 227, 24], [226, 228, 24], [229, 228, 25],
    [231, 228, 25], [234, 229, 26], [236, 229, 27], [239, 229, 28], [241, 229, 29], [244, 230, 30],
    [246, 230, 32], [248, 230, 33], [251, 231, 35], [253, 231, 37],
];

/// ColorBrewer RdBu (11 classes), reversed: matplotlib's `RdBu_r` at t = 0, 0.1, …, 1.
const DIVERGING_ANCHORS: [[u8; 3]; 11] = [
    [5, 48, 97],
    [32, 101, 171],
    [67, 147, 195],
    [144, 196, 221],
    [209, 229, 240],
    [247, 246, 246],
    [253, 219, 199],
    [243, 164, 129],
    [214, 96, 77],
    [177, 24, 43],
    [103, 0, 31],
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viridis_matches_matplotlib_at_reference_points() {
        // Matplotlib's _viridis_data[0], [128] and [255], times 255 and rounded.
        assert_eq!(viridis(0.0), [68, 1, 84]);
        assert_eq!(viridis(128.0 / 255.0), [33, 145, 140]);
        assert_eq!(viridis(1.0), [253, 231, 37]);
        // Between entries 76 and 77 (t·255 = 76.5) matplotlib's float table interpolates to
        // (52.49, 95.31, 141.10); the rounded table may differ by one step.
        let between = viridis(0.3);
        for (actual, expected) in between.iter().zip([52.49, 95.31, 141.10]) {
            assert!((f64::from(*actual) - expected).abs() <= 1.0, "{between:?}");
        }
    }

    #[test]
    fn viridis_clamps_and_maps_nan_to_grey() {
        assert_eq!(viridis(-3.0), viridis(0.0));
        assert_eq!(viridis(f64::INFINITY), viridis(1.0));
        assert_eq!(viridis(f64::NAN), NAN_GREY);
    }

    #[test]
    fn viridis_brightness_increases_monotonically() {
        // Rec. 709 luma of every 8th entry: strictly increasing, which is what lets viridis be
        // read in greyscale.
        let luma = |[r, g, b]: [u8; 3]| {
            0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b)
        };
        let samples: Vec<f64> = VIRIDIS_TABLE.iter().step_by(8).map(|&c| luma(c)).collect();
        assert!(
            samples.windows(2).all(|pair| pair[1] > pair[0]),
            "{samples:?}"
        );
    }

    #[test]
    fn diverging_runs_blue_white_red() {
        assert_eq!(diverging(-1.0), [5, 48, 97]);
        assert_eq!(diverging(0.0), [247, 246, 246]);
        assert_eq!(diverging(1.0), [103, 0, 31]);
        // Halfway between anchors 7 ([243, 164, 129]) and 8 ([214, 96, 77]) is t = 0.5.
        assert_eq!(diverging(0.5), [229, 130, 103]);
        assert_eq!(diverging(-7.0), diverging(-1.0));
        assert_eq!(diverging(f64::NAN), NAN_GREY);
    }

    #[test]
    fn lookup_agrees_with_the_colormap_within_one_entry() {
        let lookup = ColourLookup::viridis();
        assert_eq!(lookup.entries().len(), ColourLookup::SIZE);
        assert_eq!(lookup.colour(0.0), viridis(0.0));
        assert_eq!(lookup.colour(1.0), viridis(1.0));
        for step in 0..=100 {
            let t = f64::from(step) / 100.0;
            let (table, exact) = (lookup.colour(t), viridis(t));
            for channel in 0..3 {
                // One table step is 1/1023 of the range, under half a viridis step: at most
                // one unit of difference after rounding.
                assert!(
                    table[channel].abs_diff(exact[channel]) <= 1,
                    "t = {t}: {table:?} vs {exact:?}"
                );
            }
        }
        assert_eq!(lookup.rgba(f64::NAN), [128, 128, 128, 255]);
        assert_eq!(lookup.rgba(f64::NEG_INFINITY), [68, 1, 84, 255]);
        assert_eq!(lookup.rgba_at_index(usize::MAX), [253, 231, 37, 255]);
    }
}
