//! The public contract's details: what a link with unusable values does (`apply_params`:
//! out-of-range numbers clamp to the nearer end with a notice, repeated keys use the last
//! value and say so, a list keeps what it can read, everything else keeps the default with a
//! reason), and readouts that carry full precision in `data-value` even when they are lists.

use super::{
    ReadoutValue, RejectedParam, apply_params, bayes, exact_list, find_demo, format_plot_number,
    vectors,
};

fn apply(id: &str, query: &[(&str, &str)]) -> (Box<dyn super::Demo>, Vec<RejectedParam>) {
    let info = find_demo(id).unwrap();
    let mut demo = (info.create)();
    let params: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let rejected = apply_params(info, demo.as_mut(), &params);
    (demo, rejected)
}

fn adjusted(key: &str, value: &str, reason: &str, used: &str) -> RejectedParam {
    RejectedParam {
        key: key.to_owned(),
        value: value.to_owned(),
        reason: reason.to_owned(),
        used: Some(used.to_owned()),
    }
}

#[test]
fn out_of_range_numbers_clamp_to_the_nearer_end() {
    // Bayes' coin bias p is a slider on [0, 1] and its flips a whole number on [0, 1000].
    let (demo, rejected) = apply(
        bayes::INFO.id,
        &[("p", "1e99"), ("alpha", "-3"), ("flips", "1e99")],
    );
    assert_eq!(demo.param("p").as_deref(), Some("1"));
    assert_eq!(demo.param("alpha").as_deref(), Some("0.1"));
    assert_eq!(demo.param("flips").as_deref(), Some("1000"));
    assert_eq!(
        rejected,
        vec![
            adjusted(
                "alpha",
                "-3",
                "out of range, set to 0.1 (the smallest allowed)",
                "0.1"
            ),
            adjusted(
                "p",
                "1e99",
                "out of range, set to 1 (the largest allowed)",
                "1"
            ),
            adjusted(
                "flips",
                "1e99",
                "out of range, set to 1000 (the largest allowed)",
                "1000"
            ),
        ]
    );
}

#[test]
fn unreadable_values_keep_the_default_and_say_which() {
    let (demo, rejected) = apply(
        bayes::INFO.id,
        &[("p", "abc"), ("flips", "4.5"), ("p2", "1")],
    );
    let default = (bayes::INFO.create)();
    assert_eq!(demo.param("p"), default.param("p"));
    let reasons: Vec<(&str, &str, Option<&String>)> = rejected
        .iter()
        .map(|r| (r.key.as_str(), r.reason.as_str(), r.used.as_ref()))
        .collect();
    let kept_p = default.param("p").unwrap();
    let kept_flips = default.param("flips").unwrap();
    assert_eq!(
        reasons,
        vec![
            ("p2", "“p2” is not a setting of this demo", None),
            (
                "p",
                format!("“abc” is not a number; expected a number from 0 to 1 (kept {kept_p})")
                    .as_str(),
                None
            ),
            (
                "flips",
                format!("“4.5” is not a whole number; expected 0 to 1000 (kept {kept_flips})")
                    .as_str(),
                None
            ),
        ]
    );
}

#[test]
fn a_repeated_key_uses_its_last_value_and_says_so() {
    let (demo, rejected) = apply(
        bayes::INFO.id,
        &[("p", "0.2"), ("alpha", "3"), ("p", "0.7")],
    );
    assert_eq!(demo.param("p").as_deref(), Some("0.7"));
    assert_eq!(demo.param("alpha").as_deref(), Some("3"));
    assert_eq!(
        rejected,
        vec![adjusted(
            "p",
            "0.7",
            "given 2 times (p=0.2, p=0.7); the last one is used",
            "0.7"
        )]
    );
    // An old alias and the current name count as the same key; steps= too.
    let (demo, rejected) = apply(
        vectors::INFO.id,
        &[("v", "3,4"), ("vector", "1,2"), ("ax", "2")],
    );
    assert_eq!(demo.param("vector").as_deref(), Some("1,2"));
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(
        rejected[0].reason,
        "given 2 times (v=3,4, vector=1,2); the last one is used"
    );
    let (demo, rejected) = apply(bayes::INFO.id, &[("steps", "3"), ("steps", "5")]);
    assert_eq!(demo.current_step(), 5);
    assert_eq!(rejected.len(), 1, "{rejected:?}");
}

#[test]
fn a_vector_in_a_link_keeps_the_numbers_it_can_read() {
    let (demo, rejected) = apply(vectors::INFO.id, &[("vector", "1,,x")]);
    assert_eq!(demo.param("vector").as_deref(), Some("1"));
    assert_eq!(
        rejected,
        vec![adjusted(
            "vector",
            "1,,x",
            "dropped an empty entry and “x”, which are not numbers; kept 1",
            "1"
        )]
    );
    // Nothing readable: the default stays.
    let (demo, rejected) = apply(vectors::INFO.id, &[("vector", "x,,y")]);
    assert_eq!(demo.param("vector").as_deref(), Some("-1,2,3,4,-5"));
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].used, None);
    // A value typed into the box is all or nothing: the box shows the error.
    let mut typed = (vectors::INFO.create)();
    assert!(typed.set_param("vector", "1,,x").is_err());
}

#[test]
fn an_out_of_range_step_clamps_to_the_last() {
    let (demo, rejected) = apply(bayes::INFO.id, &[("steps", "99999999")]);
    let last = demo.max_step();
    assert_eq!(demo.current_step(), last);
    assert_eq!(
        rejected,
        vec![adjusted(
            "steps",
            "99999999",
            &format!("out of range, set to {last} (the largest allowed)"),
            &last.to_string()
        )]
    );
    let (demo, rejected) = apply(bayes::INFO.id, &[("steps", "-4")]);
    assert_eq!(demo.current_step(), 0);
    assert_eq!(rejected[0].used.as_deref(), Some("0"));
}

#[test]
fn list_readouts_carry_every_element_at_full_precision() {
    // 1/3 and √2 at full precision are their shortest round-trip decimal forms (Rust's and
    // JavaScript's String(x) agree): 0.3333333333333333 and 1.4142135623730951.
    let exact = exact_list([1.0 / 3.0, 2f64.sqrt(), 1e99, -0.0, f64::NAN]);
    assert_eq!(exact, "0.3333333333333333, 1.4142135623730951, 1e99, -0, ");
    let written = ReadoutValue::Written {
        shown: "0.5 + 0.866i".to_owned(),
        exact: "0.5 + 0.8660254037844386i".to_owned(),
    };
    assert_eq!(written.display(), "0.5 + 0.866i");
    assert_eq!(written.full_precision(), "0.5 + 0.8660254037844386i");
}

/// The list readouts of the matrix demos: every element of `data-value` reads back to the
/// f64 the demo computed (more than the 4 to 6 digits shown).
#[test]
fn matrix_list_readouts_are_exact() {
    use crate::demos::test_support::readout_value;
    // diag(3, 1/3) and its singular values 3 and 1/3: 0.3333333333333333 in data-value,
    // “0.3333” on screen.
    let mut calculator = (super::matrix_calculator::INFO.create)();
    calculator
        .set_param("a", "3,0;0,0.3333333333333333")
        .unwrap();
    let singular = readout_value(calculator.as_ref(), "singular-values");
    assert_eq!(singular.full_precision(), "3, 0.3333333333333333");
    assert_eq!(singular.display(), "3, 0.3333");
    let eigenvalues = readout_value(calculator.as_ref(), "eigenvalues");
    assert_eq!(eigenvalues.full_precision(), "3, 0.3333333333333333");
    // A rotation by 60°: eigenvalues cos 60° ± i sin 60°, sin 60° = √3/2 = 0.8660254037844386.
    calculator
        .set_param("a", "0.5,-0.8660254037844386;0.8660254037844386,0.5")
        .unwrap();
    let eigenvalues = readout_value(calculator.as_ref(), "eigenvalues").full_precision();
    let parts: Vec<&str> = eigenvalues.split(", ").collect();
    assert_eq!(parts.len(), 2, "{eigenvalues}");
    for (part, sign) in parts.iter().zip(["+", "-"]) {
        let (re, im) = part
            .strip_suffix('i')
            .and_then(|p| p.split_once(&format!(" {sign} ")))
            .unwrap_or_else(|| panic!("{part}"));
        assert!((re.parse::<f64>().unwrap() - 0.5).abs() < 1e-15, "{part}");
        assert!(
            (im.parse::<f64>().unwrap() - 0.8660254037844386).abs() < 1e-15,
            "{part}"
        );
    }
    // matrix-transform's λ of a diagonal matrix are the diagonal, exactly.
    let mut transform = (super::matrix_transform::INFO.create)();
    for (key, value) in [("a11", "0.1"), ("a12", "0"), ("a21", "0"), ("a22", "-2.7")] {
        transform.set_param(key, value).unwrap();
    }
    let lambdas: Vec<String> = ["lambda1", "lambda2"]
        .iter()
        .map(|name| readout_value(transform.as_ref(), name).full_precision())
        .collect();
    assert!(
        lambdas == ["0.1", "-2.7"] || lambdas == ["-2.7", "0.1"],
        "{lambdas:?}"
    );
}

#[test]
fn plot_numbers_avoid_scientific_notation_for_small_values() {
    // The example: −5.68e-5 on a plot reads −0.0000568.
    assert_eq!(format_plot_number(-5.68e-5, 3), "−0.0000568");
    assert_eq!(format_plot_number(-0.123456, 3), "−0.123");
    assert_eq!(format_plot_number(0.5, 4), "0.5");
    assert_eq!(format_plot_number(12.3456, 3), "12.3");
    assert_eq!(format_plot_number(355.0, 3), "355");
    // Whole-number digits are never dropped (as in the readouts).
    assert_eq!(format_plot_number(123456.0, 3), "123456");
    // Below 10⁻⁵ and from 10⁶ on, scientific notation as in the readouts.
    assert_eq!(format_plot_number(2.5e-6, 3), "2.5e−6");
    assert_eq!(format_plot_number(-1.5e7, 4), "−1.5e7");
    assert_eq!(format_plot_number(-1e-20, 3), "−1e−20");
    assert_eq!(format_plot_number(0.0, 3), "0");
    assert_eq!(format_plot_number(-0.0, 3), "0");
    assert_eq!(format_plot_number(f64::NAN, 3), "undefined");
}
