//! What a link with unusable values does (`apply_params`): out-of-range numbers clamp to
//! the nearer end with a notice, repeated keys use the last value and say so, a list keeps
//! what it can read, and everything else keeps the default with a reason.

use super::{RejectedParam, apply_params, bayes, find_demo, vectors};

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
