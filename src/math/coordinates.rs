//! Coordinates of points that live in the URL: rounded to the two decimals the `points` texts
//! keep, so a dragged or generated point and the same point read back from a link are equal.

/// Rounds to two decimals, without "-0" (which would otherwise reach the URL as `-0`).
pub fn round_coordinate(value: f64) -> f64 {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 { 0.0 } else { rounded }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_decimals_and_no_negative_zero() {
        assert_eq!(round_coordinate(1.234_9), 1.23);
        assert_eq!(round_coordinate(-2.005_1), -2.01);
        assert!(round_coordinate(-0.001).is_sign_positive());
    }
}
