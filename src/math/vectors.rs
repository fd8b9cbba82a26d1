//! Vectors, the dot product and norms: dot product, angle, cosine similarity, projection,
//! the Lp norms (with p < 1 a quasi-norm and p = ∞ the maximum) and their unit balls.
//!
//! Everything works on slices of any length; a degenerate case (a zero vector has no
//! direction) returns `None` rather than a NaN.

use crate::number_text::parse_f64;

/// A 2-D vector `[x, y]`.
pub type Vec2 = [f64; 2];

/// The dot product `Σ aᵢ bᵢ` over the common length of `a` and `b`.
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The L1 norm `Σ |vᵢ|` (Manhattan length).
pub fn l1_norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x.abs()).sum()
}

/// The L2 norm `√(Σ vᵢ²)` (Euclidean length), computed directly so that integer vectors
/// give the correctly rounded square root (article 003: `√55 = 7.416198487095663`).
pub fn l2_norm(v: &[f64]) -> f64 {
    dot(v, v).sqrt()
}

/// The L∞ norm `max |vᵢ|`, the limit of the Lp norms as p → ∞; 0 for an empty vector.
pub fn linf_norm(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// The Lp norm `(Σ |vᵢ|^p)^(1/p)` for `p > 0`; `p = ∞` gives the L∞ norm.
///
/// For `0 < p < 1` this is only a quasi-norm: the triangle inequality fails (its unit ball
/// is not convex). The sum is taken over `|vᵢ| / max|vⱼ|` so that large p neither
/// overflows nor underflows. Returns `None` for `p ≤ 0` or NaN.
pub fn lp_norm(v: &[f64], p: f64) -> Option<f64> {
    if p.is_nan() || p <= 0.0 {
        return None;
    }
    if p == f64::INFINITY {
        return Some(linf_norm(v));
    }
    if p == 1.0 {
        return Some(l1_norm(v));
    }
    if p == 2.0 {
        return Some(l2_norm(v));
    }
    let largest = linf_norm(v);
    if largest == 0.0 {
        return Some(0.0);
    }
    let sum: f64 = v.iter().map(|x| (x.abs() / largest).powf(p)).sum();
    Some(largest * sum.powf(1.0 / p))
}

/// The cosine of the angle between `a` and `b`, `a·b / (‖a‖ ‖b‖)`, clamped to [−1, 1];
/// `None` when either vector is zero (it has no direction).
pub fn cosine_similarity(a: &[f64], b: &[f64]) -> Option<f64> {
    let lengths = l2_norm(a) * l2_norm(b);
    if lengths == 0.0 || !lengths.is_finite() {
        return None;
    }
    Some((dot(a, b) / lengths).clamp(-1.0, 1.0))
}

/// The angle between `a` and `b` in radians, in [0, π]; `None` when either is zero.
pub fn angle_between(a: &[f64], b: &[f64]) -> Option<f64> {
    cosine_similarity(a, b).map(f64::acos)
}

/// The scalar projection of `a` on `b`, `a·b / ‖b‖` (signed length of the shadow);
/// `None` when `b` is zero.
pub fn scalar_projection(a: &[f64], b: &[f64]) -> Option<f64> {
    let length = l2_norm(b);
    (length > 0.0).then(|| dot(a, b) / length)
}

/// The projection of `a` on the line of `b`, `(a·b / b·b) b`; `None` when `b` is zero.
pub fn projection(a: &[f64], b: &[f64]) -> Option<Vec<f64>> {
    let bb = dot(b, b);
    if bb == 0.0 {
        return None;
    }
    let factor = dot(a, b) / bb;
    Some(b.iter().map(|x| factor * x).collect())
}

/// `a + b`.
pub fn add(a: Vec2, b: Vec2) -> Vec2 {
    [a[0] + b[0], a[1] + b[1]]
}

/// `a − b`.
pub fn subtract(a: Vec2, b: Vec2) -> Vec2 {
    [a[0] - b[0], a[1] - b[1]]
}

/// `c a`.
pub fn scale(c: f64, a: Vec2) -> Vec2 {
    [c * a[0], c * a[1]]
}

/// The direction of `a` scaled to Lp norm 1: where the ray through `a` meets the Lp unit
/// ball's boundary. `None` for the zero vector or an invalid p.
pub fn normalise_lp(a: Vec2, p: f64) -> Option<Vec2> {
    let norm = lp_norm(&a, p)?;
    (norm > 0.0).then(|| scale(1.0 / norm, a))
}

/// `samples` points (plus the first again, closing the curve) on the boundary of the Lp unit
/// ball `{v : ‖v‖_p = 1}`: each direction `(cos t, sin t)` divided by its Lp norm.
pub fn unit_ball_boundary(p: f64, samples: usize) -> Vec<Vec2> {
    let samples = samples.max(4);
    let mut points: Vec<Vec2> = (0..samples)
        .filter_map(|i| {
            let t = std::f64::consts::TAU * i as f64 / samples as f64;
            normalise_lp([t.cos(), t.sin()], p)
        })
        .collect();
    if let Some(&first) = points.first() {
        points.push(first);
    }
    points
}

/// The longest vector [`parse_vector`] accepts.
pub const MAX_VECTOR_LENGTH: usize = 32;

/// Parses a vector written as numbers separated by commas and/or spaces, optionally in
/// brackets: `-1, 2, 3, 4, -5` or `[3 4]`. Between 1 and [`MAX_VECTOR_LENGTH`] finite
/// numbers.
pub fn parse_vector(text: &str) -> Result<Vec<f64>, String> {
    let inner = text
        .trim()
        .trim_start_matches(['[', '('])
        .trim_end_matches([']', ')']);
    let parts: Vec<&str> = inner
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .collect();
    if parts.is_empty() {
        return Err("expected numbers separated by commas, like -1, 2, 3, 4, -5".to_owned());
    }
    if parts.len() > MAX_VECTOR_LENGTH {
        return Err(format!(
            "{} numbers is too many; at most {MAX_VECTOR_LENGTH}",
            parts.len()
        ));
    }
    parts
        .iter()
        .map(|part| {
            let number = parse_f64(part.strip_prefix('+').unwrap_or(part))
                .ok_or_else(|| format!("“{part}” is not a number"))?;
            if number.is_finite() && number.abs() <= 1e100 {
                Ok(number)
            } else {
                Err(format!("“{part}” is not a finite number up to 1e100"))
            }
        })
        .collect()
}

/// [`parse_vector`] for a link, which keeps what it can: the entries that are numbers are
/// kept and the others are named in the second list (“x”, “an empty entry” between two
/// commas; a single trailing comma is harmless and not named). An error only when no number
/// is left or there are too many.
pub fn parse_vector_keeping(text: &str) -> Result<(Vec<f64>, Vec<String>), String> {
    let inner = text
        .trim()
        .trim_start_matches(['[', '('])
        .trim_end_matches([']', ')']);
    let pieces: Vec<&str> = inner.split([',', ';']).collect();
    let last = pieces.len() - 1;
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        let words: Vec<&str> = piece.split_whitespace().collect();
        if words.is_empty() && index != last {
            dropped.push("an empty entry".to_owned());
        }
        for word in words {
            match parse_vector(word) {
                Ok(number) => kept.extend(number),
                Err(_) => dropped.push(format!("“{word}”")),
            }
        }
    }
    if kept.is_empty() {
        return Err("expected numbers separated by commas, like -1, 2, 3, 4, -5".to_owned());
    }
    if kept.len() > MAX_VECTOR_LENGTH {
        return Err(format!(
            "{} numbers is too many; at most {MAX_VECTOR_LENGTH}",
            kept.len()
        ));
    }
    Ok((kept, dropped))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: [f64; 5] = [-1.0, 2.0, 3.0, 4.0, -5.0];

    #[test]
    fn article_003_norms_exactly() {
        assert_eq!(l1_norm(&ARTICLE), 15.0);
        assert_eq!(l2_norm(&ARTICLE), 7.416198487095663);
        assert_eq!(l2_norm(&ARTICLE), 55f64.sqrt());
        assert_eq!(linf_norm(&ARTICLE), 5.0);
        assert_eq!(lp_norm(&ARTICLE, 1.0), Some(15.0));
        assert_eq!(lp_norm(&ARTICLE, 2.0), Some(7.416198487095663));
        assert_eq!(lp_norm(&ARTICLE, f64::INFINITY), Some(5.0));
    }

    #[test]
    fn lp_norm_matches_the_formula_and_tends_to_the_maximum() {
        // p = 3: (1 + 8 + 27 + 64 + 125)^(1/3) = 225^(1/3).
        let p3 = lp_norm(&ARTICLE, 3.0).unwrap();
        assert!((p3 - 225f64.cbrt()).abs() < 1e-12, "{p3}");
        // The norms decrease in p and approach L∞ = 5 from above.
        let mut previous = f64::INFINITY;
        for p in [1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 100.0, 1000.0] {
            let norm = lp_norm(&ARTICLE, p).unwrap();
            assert!(norm <= previous && norm >= 5.0, "p {p}: {norm}");
            previous = norm;
        }
        assert!(previous - 5.0 < 1e-3);
        // No overflow for huge entries and huge p.
        assert!(lp_norm(&[1e300, 1e300], 1000.0).unwrap().is_finite());
        assert_eq!(lp_norm(&[0.0, 0.0], 3.0), Some(0.0));
        assert_eq!(lp_norm(&ARTICLE, 0.0), None);
        assert_eq!(lp_norm(&ARTICLE, f64::NAN), None);
    }

    #[test]
    fn p_below_one_is_a_quasi_norm_that_breaks_the_triangle_inequality() {
        let (x, y) = ([1.0, 0.0], [0.0, 1.0]);
        let p = 0.5;
        // ‖(1, 1)‖_0.5 = (1 + 1)² = 4 > ‖x‖ + ‖y‖ = 2.
        let sum = lp_norm(&add(x, y), p).unwrap();
        assert!((sum - 4.0).abs() < 1e-12, "{sum}");
        assert!(sum > lp_norm(&x, p).unwrap() + lp_norm(&y, p).unwrap());
        // For p ≥ 1 the triangle inequality holds.
        for p in [1.0, 1.5, 2.0, 7.0, f64::INFINITY] {
            assert!(lp_norm(&add(x, y), p).unwrap() <= 2.0 + 1e-12);
        }
    }

    #[test]
    fn dot_angle_cosine() {
        assert_eq!(dot(&[1.0, 2.0], &[3.0, 4.0]), 11.0);
        let right = angle_between(&[2.0, 0.0], &[0.0, 3.0]).unwrap();
        assert!((right - std::f64::consts::FRAC_PI_2).abs() < 1e-15);
        assert!(angle_between(&[1.0, 1.0], &[2.0, 2.0]).unwrap() < 1e-7);
        let opposite = angle_between(&[1.0, 1.0], &[-3.0, -3.0]).unwrap();
        assert!((opposite - std::f64::consts::PI).abs() < 1e-7);
        assert_eq!(
            cosine_similarity(&[3.0, 4.0], &[4.0, 3.0]),
            Some(24.0 / 25.0)
        );
    }

    #[test]
    fn zero_vectors_have_no_angle_cosine_or_projection_instead_of_nan() {
        assert_eq!(angle_between(&[0.0, 0.0], &[1.0, 2.0]), None);
        assert_eq!(cosine_similarity(&[1.0, 2.0], &[0.0, 0.0]), None);
        assert_eq!(projection(&[1.0, 2.0], &[0.0, 0.0]), None);
        assert_eq!(scalar_projection(&[1.0, 2.0], &[0.0, 0.0]), None);
        assert_eq!(normalise_lp([0.0, 0.0], 2.0), None);
        // Projecting the zero vector is fine: it lands on the origin.
        assert_eq!(projection(&[0.0, 0.0], &[1.0, 2.0]), Some(vec![0.0, 0.0]));
    }

    #[test]
    fn projection_foot_is_on_b_and_the_rest_is_perpendicular() {
        let (a, b) = ([3.0, 1.0], [1.0, 2.0]);
        let foot = projection(&a, &b).unwrap();
        // (a·b / b·b) b = (5/5) b = b.
        assert_eq!(foot, vec![1.0, 2.0]);
        let rest = subtract(a, [foot[0], foot[1]]);
        assert!(dot(&rest, &b).abs() < 1e-12);
        assert!((scalar_projection(&a, &b).unwrap() - 5.0 / 5f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn unit_ball_boundaries_have_norm_one() {
        for p in [0.5, 1.0, 2.0, 3.0, 20.0, f64::INFINITY] {
            let boundary = unit_ball_boundary(p, 100);
            assert_eq!(boundary.len(), 101);
            assert_eq!(boundary.first(), boundary.last());
            for point in boundary {
                assert!((lp_norm(&point, p).unwrap() - 1.0).abs() < 1e-12, "p {p}");
            }
        }
        // The L1 ball's corner and the L∞ ball's corner.
        let diagonal = normalise_lp([1.0, 1.0], f64::INFINITY).unwrap();
        assert_eq!(diagonal, [1.0, 1.0]);
        assert_eq!(normalise_lp([1.0, 1.0], 1.0), Some([0.5, 0.5]));
    }

    #[test]
    fn vectors_parse_from_what_people_type() {
        assert_eq!(parse_vector("-1,2,3,4,-5"), Ok(ARTICLE.to_vec()));
        assert_eq!(parse_vector(" [-1, 2, 3, 4, -5] "), Ok(ARTICLE.to_vec()));
        assert_eq!(parse_vector("3 4"), Ok(vec![3.0, 4.0]));
        assert_eq!(parse_vector("+1e-3"), Ok(vec![0.001]));
        for junk in ["", "NaN", "inf", "1,x", "9e999", "<script>", "[]"] {
            assert!(parse_vector(junk).is_err(), "{junk}");
        }
        assert!(parse_vector(&vec!["1"; 33].join(",")).is_err());
    }

    #[test]
    fn a_link_keeps_the_numbers_and_names_what_it_dropped() {
        assert_eq!(
            parse_vector_keeping("1,,x"),
            Ok((
                vec![1.0],
                vec!["an empty entry".to_owned(), "“x”".to_owned()]
            ))
        );
        assert_eq!(
            parse_vector_keeping("[3 4, 1e999, -2,]"),
            Ok((vec![3.0, 4.0, -2.0], vec!["“1e999”".to_owned()]))
        );
        assert_eq!(
            parse_vector_keeping("-1, 2, 3, 4, -5"),
            Ok((ARTICLE.to_vec(), vec![]))
        );
        assert!(parse_vector_keeping("x,,y").is_err());
        assert!(parse_vector_keeping("").is_err());
        assert!(parse_vector_keeping(&vec!["1"; 33].join(",")).is_err());
    }
}
