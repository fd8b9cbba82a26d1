//! Tests that loop over every registered demo: the public contract (URL keys, readouts,
//! explanations, drawing) holds for all of them, so a new demo is tested by being listed.

use super::params::{ParsedValue, parse_for_control};
use super::*;
use crate::url::{format_hash, parse_hash};
use plotters::prelude::*;

/// True when a readout name matches a documented pattern, where `{…}` stands for one
/// lowercase word (letters, digits, dashes).
fn name_matches_pattern(name: &str, pattern: &str) -> bool {
    match pattern.find('{') {
        None => name == pattern,
        Some(open) => {
            let close = pattern[open..]
                .find('}')
                .map(|i| open + i)
                .unwrap_or(pattern.len() - 1);
            let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
            let Some(rest) = name.strip_prefix(prefix) else {
                return false;
            };
            (1..=rest.len()).any(|split| {
                let word = &rest[..split];
                word.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && name_matches_pattern(&rest[split..], suffix)
            })
        }
    }
}

fn assert_readouts_documented_and_finite(info: &DemoInfo, demo: &dyn Demo, context: &str) {
    let readouts = demo.readouts();
    assert!(!readouts.is_empty(), "{}: no readouts ({context})", info.id);
    for readout in &readouts {
        assert!(
            info.readouts
                .iter()
                .any(|spec| name_matches_pattern(&readout.name, spec.name)),
            "{}: readout {} is not documented ({context})",
            info.id,
            readout.name
        );
        if let ReadoutValue::Number(x) = readout.value {
            assert!(
                x.is_finite(),
                "{}: readout {} = {x} is not finite ({context})",
                info.id,
                readout.name
            );
        }
        assert!(
            !readout.value.display().contains("NaN"),
            "{}: {} shows NaN",
            info.id,
            readout.name
        );
    }
}

fn readout_values(demo: &dyn Demo) -> Vec<(String, String)> {
    demo.readouts()
        .into_iter()
        .map(|r| (r.name, r.value.full_precision()))
        .collect()
}

#[test]
fn readout_pattern_matching() {
    assert!(name_matches_pattern("adam.loss", "{optimizer}.loss"));
    assert!(name_matches_pattern("lr-limit", "lr-limit"));
    assert!(!name_matches_pattern("adam.loss.x", "{optimizer}.loss"));
    assert!(!name_matches_pattern("Adam.loss", "{optimizer}.loss"));
}

#[test]
fn registry_ids_are_unique_routable_and_in_every_listing() {
    let mut ids: Vec<&str> = registry().iter().map(|info| info.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), registry().len(), "duplicate demo ids");
    for info in registry() {
        let route = parse_hash(&format!("#/{}", info.id)).expect("id must be a valid route");
        assert_eq!(route.view, crate::url::View::Demo(info.id.to_owned()));
        assert!(find_demo(info.id).is_some());
        assert!(!info.plots.is_empty() && !info.controls.is_empty() && !info.readouts.is_empty());
        let mut keys: Vec<&str> = info
            .controls
            .iter()
            .flat_map(|c| std::iter::once(c.key).chain(c.aliases.iter().copied()))
            .collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), before, "{}: duplicate URL keys", info.id);
        assert!(
            !keys.contains(&"embed") && !keys.contains(&"steps"),
            "{}: reserved key used",
            info.id
        );
    }
}

#[test]
fn every_explanation_typesets_without_latex_errors() {
    for info in registry() {
        let mut errors = Vec::new();
        let html = crate::text::rich_text_to_html_checked(info.explanation, &mut errors);
        assert!(errors.is_empty(), "{}: {errors:?}", info.id);
        assert!(
            html.contains("<math"),
            "{}: the explanation has no formula",
            info.id
        );
    }
}

#[test]
fn every_control_has_a_valid_default_and_a_different_valid_example() {
    for info in registry() {
        for control in info.controls {
            let mut demo = (info.create)();
            let default = demo
                .param(control.key)
                .unwrap_or_else(|| panic!("{}: no value for {}", info.id, control.key));
            parse_for_control(control, &default).unwrap_or_else(|e| {
                panic!("{}.{}: default {default:?}: {e}", info.id, control.key)
            });
            demo.set_param(control.key, control.example)
                .unwrap_or_else(|e| {
                    panic!(
                        "{}.{}: example {:?} rejected: {e}",
                        info.id, control.key, control.example
                    )
                });
            let after = demo.param(control.key).unwrap();
            assert_ne!(
                after, default,
                "{}.{}: the example must change the value",
                info.id, control.key
            );
            // The value reads back as the same number/choice that was set.
            assert_eq!(
                parse_for_control(control, &after).unwrap(),
                parse_for_control(control, control.example).unwrap(),
                "{}.{}",
                info.id,
                control.key
            );
        }
    }
}

#[test]
fn junk_values_are_rejected_and_leave_the_state_unchanged() {
    let junk = ["NaN", "inf", "-1e400", "", "<script>", "1,5", "9e99"];
    for info in registry() {
        for control in info.controls {
            let mut demo = (info.create)();
            let before: Vec<_> = info.controls.iter().map(|c| demo.param(c.key)).collect();
            for value in junk {
                let accepted = demo.set_param(control.key, value).is_ok();
                if accepted {
                    // Only free text may accept arbitrary strings, and then it must say so by
                    // parsing it as the control's own kind.
                    assert!(
                        matches!(parse_for_control(control, value), Ok(ParsedValue::Text(_))),
                        "{}.{} accepted junk {value:?}",
                        info.id,
                        control.key
                    );
                }
            }
            if !matches!(control.kind, ControlKind::Text { .. }) {
                let after: Vec<_> = info.controls.iter().map(|c| demo.param(c.key)).collect();
                assert_eq!(
                    before, after,
                    "{}.{}: junk changed the state",
                    info.id, control.key
                );
            }
        }
    }
}

#[test]
fn url_round_trip_reproduces_params_and_readouts() {
    for info in registry() {
        let mut demo = (info.create)();
        for control in info.controls {
            demo.set_param(control.key, control.example).unwrap();
        }
        if info.stepping {
            // An open-ended run (training) has no last step to take a third of: a few dozen
            // steps in (its own tests take links past the epochs a link replays at once).
            let target = if demo.is_open_ended() {
                60
            } else {
                demo.max_step() / 3
            };
            demo.go_to_step(target);
            assert_eq!(demo.current_step(), target);
        }
        finish_work(demo.as_mut());
        assert_readouts_documented_and_finite(info, demo.as_ref(), "all examples");
        let params = current_params(info, demo.as_ref(), &default_params(info));
        let hash = format_hash(info.id, &params);
        let route = parse_hash(&hash).unwrap();
        let mut restored = (info.create)();
        let rejected = apply_params(info, restored.as_mut(), &route.params);
        assert!(rejected.is_empty(), "{}: {rejected:?} from {hash}", info.id);
        finish_work(restored.as_mut());
        assert_eq!(
            current_params(info, restored.as_ref(), &default_params(info)),
            params,
            "{}: {hash}",
            info.id
        );
        assert_eq!(
            readout_values(restored.as_ref()),
            readout_values(demo.as_ref()),
            "{}: {hash}",
            info.id
        );
    }
}

/// Every action runs without panicking, keeps the readouts documented and finite, and leaves
/// the state reproducible from the URL (an action must move what matters into controls).
#[test]
fn actions_keep_the_url_reproducible() {
    for info in registry() {
        for action in info.actions {
            let mut demo = (info.create)();
            demo.action(action.key)
                .unwrap_or_else(|e| panic!("{}.{}: {e}", info.id, action.key));
            finish_work(demo.as_mut());
            let context = format!("after action {}", action.key);
            assert_readouts_documented_and_finite(info, demo.as_ref(), &context);
            let params = current_params(info, demo.as_ref(), &default_params(info));
            let mut restored = (info.create)();
            let rejected = apply_params(info, restored.as_mut(), &params);
            assert!(rejected.is_empty(), "{}: {rejected:?}", info.id);
            finish_work(restored.as_mut());
            assert_eq!(
                readout_values(restored.as_ref()),
                readout_values(demo.as_ref()),
                "{}: the URL after action {} does not reproduce the readouts",
                info.id,
                action.key
            );
        }
        let mut demo = (info.create)();
        assert!(demo.action("no-such-action").is_err(), "{}", info.id);
    }
}

/// Every export has content in the default state, with the declared file name's extension.
#[test]
fn exports_are_non_empty() {
    for info in registry() {
        let mut demo = (info.create)();
        finish_work(demo.as_mut());
        for export in info.exports {
            let content = demo
                .export(export.key)
                .unwrap_or_else(|| panic!("{}.{}: no content", info.id, export.key));
            assert!(!content.trim().is_empty(), "{}.{}", info.id, export.key);
            assert!(export.file_name.contains('.'), "{}", export.file_name);
        }
    }
}

#[test]
fn unknown_keys_bad_values_and_aliases_are_reported() {
    for info in registry() {
        let mut demo = (info.create)();
        let first = &info.controls[0];
        let params = vec![
            ("no-such-key".to_owned(), "1".to_owned()),
            (first.key.to_owned(), "<junk>".to_owned()),
        ];
        let rejected = apply_params(info, demo.as_mut(), &params);
        let keys: Vec<&str> = rejected.iter().map(|r| r.key.as_str()).collect();
        assert!(keys.contains(&"no-such-key"), "{}: {rejected:?}", info.id);
        if !matches!(first.kind, ControlKind::Text { .. }) {
            assert!(keys.contains(&first.key), "{}: {rejected:?}", info.id);
        }
        // Aliases set the same control as the key they stand for.
        for control in info.controls {
            for alias in control.aliases {
                let mut via_alias = (info.create)();
                let rejected = apply_params(
                    info,
                    via_alias.as_mut(),
                    &[((*alias).to_owned(), control.example.to_owned())],
                );
                assert!(
                    rejected.is_empty(),
                    "{}: alias {alias}: {rejected:?}",
                    info.id
                );
                assert_eq!(
                    via_alias
                        .param(control.key)
                        .as_deref()
                        .map(|v| parse_for_control(control, v).unwrap()),
                    Some(parse_for_control(control, control.example).unwrap())
                );
            }
        }
    }
}

#[test]
fn every_plot_draws_to_svg_in_default_and_example_states() {
    let frame = Frame::light(400.0, 300.0, 2.0);
    let geometry = frame.geometry;
    for info in registry() {
        for use_examples in [false, true] {
            let mut demo = (info.create)();
            if use_examples {
                for control in info.controls {
                    demo.set_param(control.key, control.example).unwrap();
                }
            }
            for (index, plot) in info.plots.iter().enumerate() {
                for layer in [Layer::Background, Layer::Foreground] {
                    let mut svg = String::new();
                    {
                        let area = SVGBackend::with_string(
                            &mut svg,
                            (geometry.pixel_width(), geometry.pixel_height()),
                        )
                        .into_drawing_area();
                        demo.draw_on(index, layer, &area, &frame)
                            .unwrap_or_else(|e| panic!("{}/{}: {e}", info.id, plot.id));
                        area.present().unwrap();
                    }
                    assert!(svg.starts_with("<svg"), "{}/{}", info.id, plot.id);
                }
                if let Some(raster) = demo.background_raster(index, &frame) {
                    assert_eq!(
                        raster.pixels.len(),
                        raster.width as usize * raster.height as usize * 4
                    );
                    assert!(raster.width > 0 && raster.height > 0);
                }
            }
        }
    }
}

#[test]
fn stepping_demos_restore_from_steps_param() {
    for info in registry().iter().filter(|info| info.stepping) {
        let mut demo = (info.create)();
        assert!(demo.max_step() >= 10, "{}", info.id);
        demo.go_to_step(7);
        let params = current_params(info, demo.as_ref(), &default_params(info));
        assert!(
            params.contains(&("steps".to_owned(), "7".to_owned())),
            "{}: {params:?}",
            info.id
        );
        let mut restored = (info.create)();
        assert!(apply_params(info, restored.as_mut(), &params).is_empty());
        assert_eq!(restored.current_step(), 7);
        assert_eq!(
            readout_values(restored.as_ref()),
            readout_values(demo.as_ref())
        );
        assert_readouts_documented_and_finite(info, restored.as_ref(), "step 7");
        // Playing to the end terminates and every readout stays finite; an open-ended run
        // never ends by itself, so it plays 50 frames and must still want more.
        let mut frames = 0;
        restored.go_to_step(0);
        if restored.is_open_ended() {
            for _ in 0..50 {
                assert!(
                    restored.advance_frame(),
                    "{}: open-ended play stopped",
                    info.id
                );
            }
            assert!(restored.current_step() >= 50, "{}", info.id);
            assert!(restored.toolbar_last_step() >= restored.current_step());
        } else {
            while restored.advance_frame() {
                frames += 1;
                assert!(frames < 100_000, "{}: animation never ends", info.id);
            }
        }
        assert_readouts_documented_and_finite(info, restored.as_ref(), "played to the end");
        // An out-of-range step is clamped with a notice, never silently.
        let rejected = apply_params(
            info,
            (info.create)().as_mut(),
            &[("steps".into(), "99999999".into())],
        );
        assert_eq!(rejected.len(), 1, "{}", info.id);
    }
}

/// The ids of the demos whose data alternatives are checked by
/// [`every_plot_has_a_data_table_and_a_description`]: the whole registry.
fn all_demo_ids() -> Vec<&'static str> {
    registry().iter().map(|info| info.id).collect()
}

/// Checks the data alternative of every plot of the listed demos, in the default state and
/// with every control at its example: a table with rows as long as its columns and finite
/// numbers, at most [`PLOT_TABLE_MAX_ROWS`] rows, and a non-empty description.
fn assert_plots_have_data_alternatives(ids: &[&str]) {
    for id in ids {
        let info = find_demo(id).unwrap_or_else(|| panic!("no demo {id}"));
        for use_examples in [false, true] {
            let mut demo = (info.create)();
            if use_examples {
                for control in info.controls {
                    demo.set_param(control.key, control.example).unwrap();
                }
            }
            finish_work(demo.as_mut());
            let context = if use_examples { "examples" } else { "defaults" };
            for (index, plot) in info.plots.iter().enumerate() {
                let where_ = format!("{id}/{} ({context})", plot.id);
                let table = demo
                    .plot_table(index)
                    .unwrap_or_else(|| panic!("{where_}: no plot_table"));
                assert!(!table.caption.trim().is_empty(), "{where_}: no caption");
                assert!(!table.columns.is_empty(), "{where_}: no columns");
                assert!(!table.rows.is_empty(), "{where_}: no rows");
                assert!(
                    table.rows.len() <= PLOT_TABLE_MAX_ROWS,
                    "{where_}: {} rows; thin the series",
                    table.rows.len()
                );
                for (r, row) in table.rows.iter().enumerate() {
                    assert_eq!(row.len(), table.columns.len(), "{where_}: row {r}");
                    for value in row {
                        if let ReadoutValue::Number(x) = value {
                            assert!(x.is_finite(), "{where_}: row {r} holds {x}");
                        }
                    }
                }
                let description = demo
                    .plot_description(index)
                    .unwrap_or_else(|| panic!("{where_}: no plot_description"));
                assert!(
                    !description.trim().is_empty(),
                    "{where_}: empty description"
                );
                assert!(!description.contains("NaN"), "{where_}: {description}");
            }
        }
    }
}

#[test]
fn every_plot_has_a_data_table_and_a_description() {
    assert_plots_have_data_alternatives(&all_demo_ids());
}

/// The demos of the Linear algebra and Optimization chapters on their own, so their data
/// alternatives can be checked before the other chapters have theirs.
#[test]
fn linear_algebra_and_optimization_plots_have_data_alternatives() {
    assert_plots_have_data_alternatives(&[
        "vectors",
        "matrix-transform",
        "matrix-calculator",
        "pca",
        "least-squares",
        "tensors",
        "gradient-descent-1d",
        "gradient-descent",
    ]);
}

/// The buttons the shell builds from the registry (actions, "Download …" exports, a "Data"
/// toggle per plot) and the controls must have distinct names within a page, so a screen
/// reader's list of buttons or form fields tells them apart. Plot titles name the per-plot
/// buttons, so they are distinct too.
#[test]
fn button_names_built_from_the_registry_are_unique_per_demo() {
    for info in registry() {
        let mut names: Vec<String> = info
            .actions
            .iter()
            .map(|a| a.label.to_owned())
            .chain(info.exports.iter().map(|e| format!("Download {}", e.label)))
            .chain(info.plots.iter().map(|p| format!("plot {}", p.title)))
            .collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "{}: duplicate button names", info.id);
        // Each control's label names its input (and its number box): distinct too.
        let mut labels: Vec<&str> = info.controls.iter().map(|c| c.label).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(
            labels.len(),
            info.controls.len(),
            "{}: duplicate control labels",
            info.id
        );
    }
}
