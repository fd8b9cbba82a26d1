//! A small n-dimensional array for teaching: a flat `Vec<f64>` plus a shape, laid out in
//! row-major (C) order with NumPy's strides; indexing, slicing along an axis, reshaping
//! (with one inferred `-1`), NumPy's broadcasting rule for two shapes, and dtype labels that
//! say how values would be cast.
//!
//! No library is used on purpose: the point of the demo is to show exactly these few rules.

/// The largest number of elements the explorer holds (every cell is drawn with its value).
pub const MAX_ELEMENTS: usize = 120;
/// The largest rank accepted for a shape.
pub const MAX_RANK: usize = 4;

/// Article 003's tensor, shape (2, 3, 3).
pub const ARTICLE_VALUES: [f64; 18] = [
    1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0,
    19.0,
];

/// A dense tensor in C order.
#[derive(Clone, Debug, PartialEq)]
pub struct Tensor {
    /// The elements, last axis fastest.
    pub data: Vec<f64>,
    /// The length of each axis.
    pub shape: Vec<usize>,
}

/// The element strides of a C-ordered shape: stride k is the product of the lengths after k.
pub fn c_strides(shape: &[usize]) -> Vec<usize> {
    let mut strides = vec![1; shape.len()];
    for k in (0..shape.len().saturating_sub(1)).rev() {
        strides[k] = strides[k + 1] * shape[k + 1];
    }
    strides
}

/// The number of elements of a shape (1 for the empty shape of a scalar).
pub fn element_count(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// `(2, 3, 3)`, `(18,)` (NumPy's one-element tuple) or `()` for a scalar.
pub fn format_shape(shape: &[usize]) -> String {
    match shape {
        [] => "()".to_owned(),
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Resolves a possibly negative index (NumPy: −1 is the last) into `0..length`.
pub fn normalize_index(index: i64, length: usize, axis: usize) -> Result<usize, String> {
    let n = length as i64;
    let resolved = if index < 0 { index + n } else { index };
    if (0..n).contains(&resolved) {
        Ok(resolved as usize)
    } else {
        Err(format!(
            "index {index} is out of bounds for axis {axis} with size {length} (valid: {} … {})",
            -n,
            n - 1
        ))
    }
}

/// Splits `"2, 3, 3"`, `"(2,3,3)"` or `"[1,2,0]"` into integers.
pub fn parse_integer_list(text: &str) -> Result<Vec<i64>, String> {
    let trimmed = text
        .trim()
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']'])
        .trim();
    if trimmed.is_empty() {
        return Err(format!(
            "“{text}” is empty; expected whole numbers separated by commas, like 2,3,3"
        ));
    }
    trimmed
        .split(',')
        .map(str::trim)
        // A trailing comma, as in NumPy's `(18,)`, is allowed.
        .enumerate()
        .filter(|(i, part)| !(part.is_empty() && *i > 0))
        .map(|(_, part)| {
            part.strip_prefix('+').unwrap_or(part).parse::<i64>().map_err(|_| {
                format!(
                    "“{text}” is not a list of whole numbers; expected e.g. 2,3,3 (“{part}” is not one)"
                )
            })
        })
        .collect()
}

/// A shape typed by the reader: 1 to `max_rank` positive lengths.
pub fn parse_shape(text: &str, max_rank: usize, max_length: usize) -> Result<Vec<usize>, String> {
    let numbers = parse_integer_list(text)?;
    if numbers.len() > max_rank {
        return Err(format!(
            "rank {} is too large here; at most {max_rank} axes",
            numbers.len()
        ));
    }
    numbers
        .iter()
        .map(|&n| {
            if (1..=max_length as i64).contains(&n) {
                Ok(n as usize)
            } else {
                Err(format!(
                    "axis length {n} is not allowed; expected 1 to {max_length}"
                ))
            }
        })
        .collect()
}

/// The shape `reshape(spec)` gives a tensor of `size` elements: at most one `-1`, inferred
/// as `size / (product of the others)`. The error is NumPy's message plus the arithmetic.
pub fn reshape_shape(size: usize, spec: &[i64]) -> Result<Vec<usize>, String> {
    let written = format!(
        "({})",
        spec.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    if spec.iter().filter(|&&n| n == -1).count() > 1 {
        return Err(format!(
            "can only specify one unknown dimension (−1), got {written}"
        ));
    }
    if let Some(bad) = spec.iter().find(|&&n| n < -1 || n == 0) {
        return Err(format!(
            "length {bad} in {written}: lengths are positive (or −1 for one inferred axis)"
        ));
    }
    let known: usize = spec
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| n as usize)
        .product();
    let mismatch = |detail: String| {
        Err(format!(
            "cannot reshape array of size {size} into shape {written}: {detail}"
        ))
    };
    if spec.contains(&-1) {
        if known == 0 || !size.is_multiple_of(known) {
            return mismatch(format!("{size} is not a multiple of {known}"));
        }
        let inferred = size / known;
        Ok(spec
            .iter()
            .map(|&n| if n == -1 { inferred } else { n as usize })
            .collect())
    } else if known != size {
        let product = spec
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" × ");
        mismatch(format!("{product} = {known} ≠ {size}"))
    } else {
        Ok(spec.iter().map(|&n| n as usize).collect())
    }
}

/// One axis of two shapes aligned from the right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlignedAxis {
    /// The axis counted from the right: 1 is the last axis (NumPy's axis −1).
    pub from_right: usize,
    /// The first shape's length there (None when that shape has fewer axes: treated as 1).
    pub a: Option<usize>,
    pub b: Option<usize>,
    /// The broadcast length, or None when the lengths differ and neither is 1.
    pub result: Option<usize>,
}

/// Aligns two shapes from the right, axis by axis, with NumPy's rule: lengths must be equal
/// or one of them 1 (a missing axis counts as 1). Listed left to right as drawn.
pub fn align_for_broadcast(a: &[usize], b: &[usize]) -> Vec<AlignedAxis> {
    let rank = a.len().max(b.len());
    (0..rank)
        .map(|column| {
            let from_right = rank - column;
            let pick = |s: &[usize]| (from_right <= s.len()).then(|| s[s.len() - from_right]);
            let (da, db) = (pick(a), pick(b));
            let (la, lb) = (da.unwrap_or(1), db.unwrap_or(1));
            let result = if la == lb || lb == 1 {
                Some(la)
            } else if la == 1 {
                Some(lb)
            } else {
                None
            };
            AlignedAxis {
                from_right,
                a: da,
                b: db,
                result,
            }
        })
        .collect()
}

/// The broadcast shape of `a` and `b`, or an error naming the first failing axis (from the
/// right, as NumPy compares them).
pub fn broadcast_shapes(a: &[usize], b: &[usize]) -> Result<Vec<usize>, String> {
    let aligned = align_for_broadcast(a, b);
    if let Some(bad) = aligned.iter().rev().find(|axis| axis.result.is_none()) {
        let rank = aligned.len();
        return Err(format!(
            "operands could not be broadcast together with shapes {} {}: axis −{} (axis {} of the result) has {} vs {}, neither is 1",
            format_shape(a),
            format_shape(b),
            bad.from_right,
            rank - bad.from_right,
            bad.a.unwrap_or(1),
            bad.b.unwrap_or(1)
        ));
    }
    Ok(aligned.iter().filter_map(|axis| axis.result).collect())
}

impl Tensor {
    /// A tensor from data and a shape whose element count matches.
    pub fn new(data: Vec<f64>, shape: Vec<usize>) -> Result<Self, String> {
        if data.len() != element_count(&shape) {
            return Err(format!(
                "{} values do not fill shape {}",
                data.len(),
                format_shape(&shape)
            ));
        }
        Ok(Self { data, shape })
    }

    /// The explorer's tensor of a shape: article 003's values for (2, 3, 3), else 1, 2, 3, …
    pub fn for_shape(shape: &[usize]) -> Self {
        let data = if shape == [2, 3, 3] {
            ARTICLE_VALUES.to_vec()
        } else {
            (1..=element_count(shape)).map(|v| v as f64).collect()
        };
        Self {
            data,
            shape: shape.to_vec(),
        }
    }

    pub fn rank(&self) -> usize {
        self.shape.len()
    }

    pub fn size(&self) -> usize {
        self.data.len()
    }

    pub fn strides(&self) -> Vec<usize> {
        c_strides(&self.shape)
    }

    /// The flat position of a (non-negative, in-bounds) multi-index: Σ index_k · stride_k.
    pub fn offset(&self, index: &[usize]) -> Result<usize, String> {
        if index.len() != self.rank() {
            return Err(format!(
                "{} indices for a rank-{} tensor; give exactly {}",
                index.len(),
                self.rank(),
                self.rank()
            ));
        }
        for (axis, (&i, &n)) in index.iter().zip(&self.shape).enumerate() {
            if i >= n {
                return Err(format!(
                    "index {i} is out of bounds for axis {axis} with size {n}"
                ));
            }
        }
        Ok(index.iter().zip(self.strides()).map(|(i, s)| i * s).sum())
    }

    /// The multi-index of a flat position (the inverse of [`Tensor::offset`]).
    pub fn unravel(&self, mut offset: usize) -> Vec<usize> {
        self.strides()
            .iter()
            .map(|&stride| {
                let i = offset / stride;
                offset %= stride;
                i
            })
            .collect()
    }

    pub fn get(&self, index: &[usize]) -> Result<f64, String> {
        Ok(self.data[self.offset(index)?])
    }

    /// `t[:, i, :]`-style: fixes axis `axis` at `i`, a tensor of one rank less.
    pub fn slice(&self, axis: usize, i: usize) -> Result<Tensor, String> {
        if axis >= self.rank() {
            return Err(format!(
                "axis {axis} does not exist in a rank-{} tensor",
                self.rank()
            ));
        }
        if i >= self.shape[axis] {
            return Err(format!(
                "index {i} is out of bounds for axis {axis} with size {}",
                self.shape[axis]
            ));
        }
        let data = (0..self.size())
            .filter(|&flat| self.unravel(flat)[axis] == i)
            .map(|flat| self.data[flat])
            .collect();
        let mut shape = self.shape.clone();
        shape.remove(axis);
        Tensor::new(data, shape)
    }

    /// The same elements in the same C order, re-cut into `spec` (one `-1` inferred).
    pub fn reshape(&self, spec: &[i64]) -> Result<Tensor, String> {
        let shape = reshape_shape(self.size(), spec)?;
        Tensor::new(self.data.clone(), shape)
    }
}

/// A NumPy dtype, as a label: its range and how a value is stored in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DType {
    Float32,
    Float64,
    Int32,
    Int64,
    UInt8,
}

impl DType {
    pub const ALL: [DType; 5] = [
        DType::Float32,
        DType::Float64,
        DType::Int32,
        DType::Int64,
        DType::UInt8,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DType::Float32 => "float32",
            DType::Float64 => "float64",
            DType::Int32 => "int32",
            DType::Int64 => "int64",
            DType::UInt8 => "uint8",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Bytes per element (NumPy's `itemsize`).
    pub fn item_size(self) -> usize {
        match self {
            DType::Float32 | DType::Int32 => 4,
            DType::Float64 | DType::Int64 => 8,
            DType::UInt8 => 1,
        }
    }

    /// The representable range, as short text (integer bounds as powers of two; the floats'
    /// largest finite value and significant digits).
    pub fn range_text(self) -> &'static str {
        match self {
            DType::Float32 => "±3.4e38, ~7 digits",
            DType::Float64 => "±1.8e308, ~16 digits",
            DType::Int32 => "−2³¹ … 2³¹ − 1",
            DType::Int64 => "−2⁶³ … 2⁶³ − 1",
            DType::UInt8 => "0 … 255",
        }
    }

    /// Stores a value: floats round to the nearest representable value; integers truncate
    /// toward zero and wrap modulo 2^bits, as NumPy's integer-to-integer casts do
    /// (`np.array([300]).astype(np.uint8)` is 44). Kept within the range integers reach in f64.
    pub fn cast(self, x: f64) -> f64 {
        let wrap = |bits: u32, signed: bool| {
            let modulus = 1i128 << bits;
            let mut v = (x.trunc() as i128).rem_euclid(modulus);
            if signed && v >= modulus / 2 {
                v -= modulus;
            }
            v as f64
        };
        match self {
            DType::Float32 => x as f32 as f64,
            DType::Float64 => x,
            DType::Int32 => wrap(32, true),
            DType::Int64 => wrap(64, true),
            DType::UInt8 => wrap(8, false),
        }
    }

    /// One example of what storing does, for the readout.
    pub fn cast_example(self) -> String {
        match self {
            DType::Float32 => format!("0.1 is stored as {} (nearest float32)", self.cast(0.1)),
            DType::Float64 => "0.1 → 0.1000000000000000055511… (nearest float64)".to_owned(),
            DType::Int32 => format!(
                "2³¹ wraps to {}; 2.7 truncates to {}",
                self.cast(2147483648.0),
                self.cast(2.7)
            ),
            DType::Int64 => format!("−2.7 truncates to {}; 2⁶³ wraps to −2⁶³", self.cast(-2.7)),
            DType::UInt8 => format!(
                "300 wraps to {} (300 − 256), −1 to {}",
                self.cast(300.0),
                self.cast(-1.0)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Tensor {
        Tensor::for_shape(&[2, 3, 3])
    }

    #[test]
    fn strides_and_offsets_of_the_article_tensor() {
        let t = article();
        assert_eq!(t.strides(), vec![9, 3, 1]);
        assert_eq!(t.offset(&[1, 2, 0]), Ok(15));
        // Article 003: Tensor[1][2][0] is 17 (second block, third row, first column).
        assert_eq!(t.get(&[1, 2, 0]), Ok(17.0));
        assert_eq!(t.get(&[0, 0, 0]), Ok(1.0));
        assert_eq!(t.unravel(15), vec![1, 2, 0]);
        assert!(t.offset(&[2, 0, 0]).unwrap_err().contains("out of bounds"));
        assert!(t.offset(&[0, 0]).unwrap_err().contains("rank-3"));
        assert_eq!(c_strides(&[2, 3, 4, 5]), vec![60, 20, 5, 1]);
        assert_eq!(normalize_index(-1, 3, 2), Ok(2));
        assert!(normalize_index(3, 3, 2).is_err());
        assert!(normalize_index(-4, 3, 2).is_err());
    }

    #[test]
    fn slices_along_each_axis_match_hand_written_arrays() {
        let t = article();
        // t[1] (hand-copied from the article's array).
        let s = t.slice(0, 1).unwrap();
        assert_eq!(s.shape, vec![3, 3]);
        assert_eq!(
            s.data,
            vec![11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0]
        );
        // t[:, 2, :]: the third row of each block.
        let s = t.slice(1, 2).unwrap();
        assert_eq!(s.shape, vec![2, 3]);
        assert_eq!(s.data, vec![7.0, 8.0, 9.0, 17.0, 18.0, 19.0]);
        // t[:, :, 0]: the first column of each block.
        let s = t.slice(2, 0).unwrap();
        assert_eq!(s.shape, vec![2, 3]);
        assert_eq!(s.data, vec![1.0, 4.0, 7.0, 11.0, 14.0, 17.0]);
        assert!(t.slice(3, 0).is_err());
        assert!(t.slice(0, 2).is_err());
    }

    #[test]
    fn reshape_keeps_c_order_and_infers_minus_one() {
        let t = article();
        let r = t.reshape(&[3, 6]).unwrap();
        assert_eq!(r.shape, vec![3, 6]);
        assert_eq!(r.data, t.data);
        // Row 1 of the (3, 6) view is elements 6..12 in C order: 7 8 9 11 12 13.
        assert_eq!(r.get(&[1, 0]), Ok(7.0));
        assert_eq!(r.get(&[1, 3]), Ok(11.0));
        assert_eq!(t.reshape(&[18]).unwrap().shape, vec![18]);
        let r = t.reshape(&[-1, 9]).unwrap();
        assert_eq!(r.shape, vec![2, 9]);
        assert_eq!(r.get(&[1, 8]), Ok(19.0));
        assert_eq!(
            t.reshape(&[4, 5]).unwrap_err(),
            "cannot reshape array of size 18 into shape (4,5): 4 × 5 = 20 ≠ 18"
        );
        assert!(t.reshape(&[-1, 4]).unwrap_err().contains("not a multiple"));
        assert!(t.reshape(&[-1, -1]).unwrap_err().contains("one unknown"));
        assert!(t.reshape(&[0, 18]).is_err());
    }

    #[test]
    fn broadcasting_aligns_from_the_right() {
        assert_eq!(broadcast_shapes(&[2, 3, 3], &[3]), Ok(vec![2, 3, 3]));
        assert_eq!(broadcast_shapes(&[2, 1, 3], &[3, 1]), Ok(vec![2, 3, 3]));
        assert_eq!(broadcast_shapes(&[5, 1], &[1, 4]), Ok(vec![5, 4]));
        let error = broadcast_shapes(&[2, 3, 3], &[2]).unwrap_err();
        assert!(
            error.contains("axis −1 (axis 2 of the result) has 3 vs 2"),
            "{error}"
        );
        let aligned = align_for_broadcast(&[2, 3, 3], &[2]);
        assert_eq!(aligned.len(), 3);
        assert_eq!(aligned[0].b, None);
        assert_eq!(aligned[0].result, Some(2));
        assert_eq!(aligned[2].result, None);
    }

    #[test]
    fn shapes_and_lists_parse_like_numpy_tuples() {
        assert_eq!(parse_shape("(2, 3, 3)", 4, 120), Ok(vec![2, 3, 3]));
        assert_eq!(parse_shape("18,", 4, 120), Ok(vec![18]));
        assert!(parse_shape("1,1,1,1,1", 4, 120).is_err());
        assert!(parse_shape("2,0", 4, 120).is_err());
        assert!(parse_shape("2;3", 4, 120).is_err());
        assert!(parse_shape("", 4, 120).is_err());
        assert_eq!(parse_integer_list("[1,-1,0]"), Ok(vec![1, -1, 0]));
        assert_eq!(format_shape(&[18]), "(18,)");
        assert_eq!(format_shape(&[2, 3, 3]), "(2, 3, 3)");
    }

    #[test]
    fn dtype_casts_wrap_and_round() {
        assert_eq!(DType::UInt8.cast(300.0), 44.0);
        assert_eq!(DType::UInt8.cast(-1.0), 255.0);
        assert_eq!(DType::Int32.cast(2147483648.0), -2147483648.0);
        assert_eq!(DType::Int32.cast(2.7), 2.0);
        assert_eq!(DType::Int64.cast(-2.7), -2.0);
        // 0.1 in float32 is 13421773 / 2^27 = 0.100000001490116119384765625.
        assert_eq!(DType::Float32.cast(0.1), 13421773.0 / 134217728.0);
        assert_eq!(DType::Float64.cast(0.1), 0.1);
        assert_eq!(DType::UInt8.item_size(), 1);
        assert_eq!(DType::from_name("int64"), Some(DType::Int64));
        assert!(DType::UInt8.cast_example().contains("300 wraps to 44"));
    }
}
