//! Behaviour tests of the training playground (the generic ones are in `demos/tests.rs`).

use super::*;
use crate::demos::link_codec::{base64url_decode, base64url_encode};
use crate::demos::{apply_params, current_params, default_params};

fn readout(demo: &NnPlayground, name: &str) -> ReadoutValue {
    demo.readouts()
        .into_iter()
        .find(|r| r.name == name)
        .map(|r| r.value)
        .unwrap_or(ReadoutValue::Text("missing".into()))
}

#[test]
fn a_tensorflow_playground_link_translates() {
    // The query of a playground link (playground.tensorflow.org/#…), as it writes it.
    let query = "activation=relu&batchSize=20&dataset=spiral&regDataset=reg-plane&learningRate=0.01&regularizationRate=0.003&noise=15&networkShape=6,3&seed=0.78191&showTestData=true&discretize=false&percTrainData=60&x=true&y=true&xTimesY=true&xSquared=false&ySquared=false&sinX=true&sinY=false&problem=classification&regularization=L2&initZero=false";
    let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let mut demo = NnPlayground::default();
    let rejected = apply_params(&INFO, &mut demo, &params);
    assert!(rejected.is_empty(), "{rejected:?}");
    let expect = [
        ("activation", "relu"),
        ("batch", "20"),
        ("data", "spiral"),
        ("reg-data", "plane"),
        ("lr", "0.01"),
        ("reg-rate", "0.003"),
        ("noise", "15"),
        ("shape", "6,3"),
        ("seed", "78191"),
        ("show-test", "1"),
        ("train-percent", "60"),
        ("x1x2", "1"),
        ("sin-x1", "1"),
        ("regularization", "l2"),
        ("init", "playground"),
    ];
    for (key, value) in expect {
        assert_eq!(demo.param(key).as_deref(), Some(value), "{key}");
    }
    assert_eq!(demo.trainer.network.layer_sizes(), &[4, 6, 3, 1]);
    assert_eq!(demo.train_points.len(), 300);
}

#[test]
fn training_lowers_the_loss_and_the_same_url_gives_the_same_weights() {
    let mut demo = NnPlayground::default();
    let before = demo.latest.train_loss;
    demo.go_to_step(100);
    assert_eq!(demo.current_step(), 100);
    assert!(
        demo.latest.train_loss < before * 0.5,
        "{} → {}",
        before,
        demo.latest.train_loss
    );
    let mut again = NnPlayground::default();
    again.go_to_step(100);
    assert_eq!(
        again.trainer.network.parameters,
        demo.trainer.network.parameters
    );
}

#[test]
fn live_changes_are_recorded_and_a_link_replays_them_exactly() {
    let mut demo = NnPlayground::default();
    demo.go_to_step(30);
    demo.set_param("lr", "0.1").unwrap();
    demo.go_to_step(60);
    demo.set_param("optimizer", "adam").unwrap();
    demo.go_to_step(80);
    assert_eq!(demo.current_step(), 80, "a live change keeps the epoch");
    assert_eq!(
        demo.param("schedule").as_deref(),
        Some("30:0.03,10,none,0,sgd;60:0.1,10,none,0,sgd")
    );
    let params = current_params(&INFO, &demo, &default_params(&INFO));
    let mut restored = NnPlayground::default();
    assert!(apply_params(&INFO, &mut restored, &params).is_empty());
    assert_eq!(restored.current_step(), 80);
    assert_eq!(
        restored.trainer.network.parameters,
        demo.trainer.network.parameters
    );
    // Stepping back and forth replays the same run.
    demo.go_to_step(10);
    demo.go_to_step(80);
    assert_eq!(
        restored.trainer.network.parameters,
        demo.trainer.network.parameters
    );
    // A data change starts over and forgets the schedule.
    demo.set_param("data", "xor").unwrap();
    assert_eq!(demo.current_step(), 0);
    assert_eq!(demo.param("schedule").as_deref(), Some(""));
}

#[test]
fn a_huge_learning_rate_stops_at_the_last_finite_epoch_and_says_why() {
    let mut demo = NnPlayground::default();
    demo.set_param("problem", "regression").unwrap();
    demo.set_param("activation", "linear").unwrap();
    demo.set_param("lr", "10").unwrap();
    demo.go_to_step(200);
    let diverged = demo
        .diverged_at
        .expect("η = 10 on a linear network diverges");
    assert_eq!(demo.current_step(), diverged - 1);
    let notice = &demo.notices()[0];
    assert!(
        notice.text.contains("learning rate η = 10 is too large"),
        "{}",
        notice.text
    );
    for r in demo.readouts() {
        assert!(!r.value.display().contains("NaN"), "{}", r.name);
    }
    // The state shown is the one before the diverging epoch (restored from a backup, not
    // replayed): bit for bit what a link to that epoch replays.
    let mut replayed = NnPlayground::default();
    for (key, value) in [
        ("problem", "regression"),
        ("activation", "linear"),
        ("lr", "10"),
    ] {
        replayed.set_param(key, value).unwrap();
    }
    replayed.go_to_step(diverged - 1);
    assert_eq!(replayed.diverged_at, None);
    assert_eq!(
        replayed.trainer.network.parameters,
        demo.trainer.network.parameters
    );
    assert_eq!(replayed.trainer.optimizer(), demo.trainer.optimizer());
    assert_eq!(history_bits(&replayed.history), history_bits(&demo.history));
    // A smaller rate goes on from there.
    demo.set_param("lr", "0.001").unwrap();
    assert!(demo.advance_frame());
    assert_eq!(demo.current_step(), diverged);
}

#[test]
fn clicks_add_and_remove_own_points_of_the_chosen_class() {
    let mut demo = NnPlayground::default();
    demo.set_param("data", "own").unwrap();
    demo.set_param("class", "1").unwrap();
    let click = |x, y| PointerInput {
        phase: PointerPhase::Down,
        x,
        y,
        css_width: 300.0,
        css_height: 300.0,
    };
    assert!(demo.pointer(0, click(150.0, 150.0)));
    assert!(demo.pointer(0, click(225.0, 75.0)));
    assert_eq!(demo.param("points").as_deref(), Some("0,0,1;3,3,1"));
    assert_eq!(demo.train_points.len(), 2);
    assert!(matches!(readout(&demo, "test-loss"), ReadoutValue::Text(_)));
    assert!(demo.pointer(0, click(152.0, 151.0)));
    assert_eq!(demo.param("points").as_deref(), Some("3,3,1"));
}

#[test]
fn four_classes_use_a_softmax_with_cross_entropy_and_learn() {
    let mut demo = NnPlayground::default();
    demo.set_param("data", "four-class").unwrap();
    demo.set_param("loss", "cross-entropy").unwrap();
    demo.set_param("optimizer", "adam").unwrap();
    assert_eq!(
        demo.trainer.network.architecture().output_unit,
        OutputUnit::Softmax
    );
    assert_eq!(demo.trainer.network.output_count(), 4);
    demo.go_to_step(60);
    let ReadoutValue::Number(accuracy) = readout(&demo, "train-accuracy") else {
        panic!("accuracy is a number");
    };
    assert!(accuracy > 90.0, "accuracy {accuracy}");
}

#[test]
fn the_network_diagram_selects_neurons_and_weights() {
    let mut demo = NnPlayground::default();
    let layout = diagram_layout(demo.trainer.network.layer_sizes(), 600.0, 420.0);
    let target = layout[1][2];
    let click = |x, y| PointerInput {
        phase: PointerPhase::Down,
        x,
        y,
        css_width: 600.0,
        css_height: 420.0,
    };
    assert!(demo.pointer(1, click(target.centre_x, target.centre_y)));
    assert_eq!(demo.selection, Selection::Neuron(1, 2));
    assert!(
        demo.selection_text()
            .starts_with("neuron 3 of layer 1: bias")
    );
    // The middle of the edge from input 0 to neuron 0 of layer 1.
    let (from, to) = (layout[0][0], layout[1][0]);
    let middle = (
        (from.centre_x + from.size / 2.0 + to.centre_x - to.size / 2.0) / 2.0,
        (from.centre_y + to.centre_y) / 2.0,
    );
    assert!(demo.pointer(1, click(middle.0, middle.1)));
    assert_eq!(demo.selection, Selection::Weight(1, 0, 0));
    assert!(demo.key(1, "ArrowRight"));
    assert_eq!(demo.selection, Selection::Neuron(2, 0));
}

#[test]
fn exported_weights_load_back_into_a_fresh_page() {
    let mut demo = NnPlayground::default();
    demo.set_param("shape", "3").unwrap();
    demo.set_param("sin-x1", "1").unwrap();
    demo.set_param("loss", "cross-entropy").unwrap();
    demo.go_to_step(40);
    let file = demo.export("network").unwrap();
    let mut fresh = NnPlayground::default();
    fresh.import_text("network", &file).unwrap();
    assert_eq!(fresh.param("shape").as_deref(), Some("3"));
    assert_eq!(fresh.param("sin-x1").as_deref(), Some("1"));
    assert_eq!(fresh.trainer.network, demo.trainer.network);
    // The loaded weights are in the URL, so a link starts from them too.
    let params = current_params(&INFO, &fresh, &default_params(&INFO));
    let mut linked = NnPlayground::default();
    assert!(apply_params(&INFO, &mut linked, &params).is_empty());
    assert_eq!(linked.trainer.network, demo.trainer.network);
    // A broken file changes nothing.
    let before = fresh.param("shape");
    assert!(fresh.import_text("network", "{\"format\": 1}").is_err());
    assert_eq!(fresh.param("shape"), before);
    assert!(demo.export("history").unwrap().lines().count() > 40);
    assert_eq!(demo.export("data").unwrap().lines().count(), 501);
}

#[test]
fn layer_and_neuron_buttons_edit_the_shape() {
    let mut demo = NnPlayground::default();
    demo.action("add-layer").unwrap();
    assert_eq!(demo.param("shape").as_deref(), Some("4,2,2"));
    demo.selection = Selection::Neuron(1, 0);
    demo.action("add-neuron").unwrap();
    assert_eq!(demo.param("shape").as_deref(), Some("5,2,2"));
    demo.action("remove-layer").unwrap();
    demo.action("remove-layer").unwrap();
    demo.action("remove-layer").unwrap();
    assert!(demo.action("remove-layer").is_err());
    assert!(demo.action("add-neuron").is_err());
    demo.action("regenerate").unwrap();
    assert_eq!(demo.param("seed").as_deref(), Some("2"));
}

#[test]
fn shapes_points_and_schedules_reject_junk() {
    assert_eq!(parse_shape("4, 2"), Ok(vec![4, 2]));
    assert_eq!(parse_shape(""), Ok(vec![]));
    assert!(parse_shape("9").is_err());
    assert!(parse_shape("1,1,1,1,1,1,1").is_err());
    assert!(parse_points("7,0,0").is_err());
    assert!(parse_points("1,1,4").is_err());
    assert!(parse_schedule("20:0.1,10,none,0,sgd;10:0.1,10,none,0,sgd").is_err());
    assert!(parse_schedule("20:0.1,10,none,0,newton").is_err());
    assert_eq!(parse_seed("0.12345"), Ok(12345));
    assert!(parse_seed("0.1e5").is_err());
}

// ---------------------------------------------------------------------------------------------
// No epoch limit: checkpoints in links, chunked replays
// ---------------------------------------------------------------------------------------------

/// The default run trained synchronously to `epochs` (the reference every path must equal).
fn trained_synchronously(epochs: usize) -> NnPlayground {
    let mut demo = NnPlayground::default();
    while demo.epoch < epochs {
        assert!(demo.train_one_epoch());
    }
    demo
}

/// The default run at epoch 5,001 and at 6,000, trained once for all the tests (a debug
/// build trains a few hundred epochs a second).
fn references() -> &'static (NnPlayground, NnPlayground) {
    static REFERENCES: std::sync::OnceLock<(NnPlayground, NnPlayground)> =
        std::sync::OnceLock::new();
    REFERENCES.get_or_init(|| {
        let first = trained_synchronously(SYNC_REPLAY_EPOCHS + 1);
        let mut second = first.clone();
        while second.epoch < 6_000 {
            assert!(second.train_one_epoch());
        }
        (first, second)
    })
}

/// Histories compared bit for bit (their NaN gradient norms at epoch 0 are not `==`).
fn history_bits(history: &History) -> String {
    format!("{history:?}")
}

fn readout_values(demo: &NnPlayground) -> Vec<(String, String)> {
    demo.readouts()
        .into_iter()
        .map(|r| (r.name, r.value.full_precision()))
        .collect()
}

fn params_of(demo: &NnPlayground) -> Vec<(String, String)> {
    current_params(&INFO, demo, &default_params(&INFO))
}

fn opened(params: &[(String, String)]) -> (NnPlayground, Vec<crate::demos::RejectedParam>) {
    let mut demo = NnPlayground::default();
    let rejected = apply_params(&INFO, &mut demo, params);
    (demo, rejected)
}

fn with_checkpoint(params: &[(String, String)], checkpoint: &str) -> Vec<(String, String)> {
    params
        .iter()
        .map(|(k, v)| {
            let v = if k == "ckpt" {
                checkpoint.to_owned()
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect()
}

#[test]
fn base64url_round_trips_every_length_and_rejects_other_characters() {
    // RFC 4648 §10's test vectors, without padding.
    for (plain, coded) in [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64url_encode(plain.as_bytes()), coded);
        assert_eq!(base64url_decode(coded).as_deref(), Some(plain.as_bytes()));
    }
    // The URL-safe alphabet: 0xfb 0xff → "-_8" (standard base64 would write "+/8").
    assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    assert_eq!(base64url_decode("+/8"), None);
    assert_eq!(base64url_decode("Zm9vY"), None);
}

#[test]
fn the_toolbar_counts_to_the_furthest_epoch_and_play_never_ends_by_itself() {
    let mut demo = NnPlayground::default();
    assert!(demo.is_open_ended());
    demo.go_to_step(40);
    assert_eq!((demo.current_step(), demo.toolbar_last_step()), (40, 40));
    demo.go_to_step(10);
    assert_eq!((demo.current_step(), demo.toolbar_last_step()), (10, 40));
    // A new run (other data) forgets how far the old one got.
    demo.set_param("data", "xor").unwrap();
    assert_eq!(demo.toolbar_last_step(), 0);
    // Past the old 5,000-epoch limit, playing goes on.
    let mut demo = references().0.clone();
    assert!(demo.advance_frame());
    assert_eq!(demo.current_step(), SYNC_REPLAY_EPOCHS + 2);
    assert!(demo.notices().is_empty(), "{:?}", demo.notices());
}

/// The test: past the threshold, a link with a checkpoint opens at once with every
/// readout identical bit for bit, and both runs go on identically; a corrupted checkpoint
/// says so and replays (in chunks) to the same state; steps= alone replays in chunks too.
#[test]
fn a_checkpointed_link_restores_the_run_bit_for_bit() {
    let epochs = 6_000;
    let reference = &references().1;
    let mut original = reference.clone();
    let params = params_of(&original);
    let checkpoint = params
        .iter()
        .find(|(k, _)| k == "ckpt")
        .map(|(_, v)| v.clone())
        .expect("past 5,000 epochs the link carries a checkpoint");
    assert!(params.contains(&("steps".to_owned(), epochs.to_string())));
    let (mut restored, rejected) = opened(&params);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert!(restored.replay.is_none(), "a checkpoint needs no replay");
    assert_eq!(restored.current_step(), epochs);
    assert_eq!(readout_values(&restored), readout_values(&original));
    assert_eq!(
        restored.trainer.optimizer(),
        original.trainer.optimizer(),
        "the optimizer's state"
    );
    // The restored run writes the same link, and trains on identically.
    assert_eq!(params_of(&restored), params);
    for _ in 0..50 {
        assert!(original.train_one_epoch() && restored.train_one_epoch());
    }
    assert_eq!(
        restored.trainer.network.parameters,
        original.trainer.network.parameters
    );
    assert_eq!(readout_values(&restored), readout_values(&original));

    // One character changed: the checksum catches it, the notice says so, and steps=6000
    // replays in chunks to the same state as the synchronous run.
    let mut corrupted = checkpoint.clone().into_bytes();
    let middle = corrupted.len() / 2;
    corrupted[middle] = if corrupted[middle] == b'A' {
        b'B'
    } else {
        b'A'
    };
    let corrupted = String::from_utf8(corrupted).unwrap();
    let (mut replayed, rejected) = opened(&with_checkpoint(&params, &corrupted));
    assert!(rejected.is_empty(), "{rejected:?}");
    let notices: Vec<String> = replayed.notices().into_iter().map(|n| n.text).collect();
    assert!(
        notices[0].contains("checkpoint (ckpt=) cannot be used: its checksum does not match"),
        "{notices:?}"
    );
    assert!(
        notices[1].starts_with("Replaying the link's 6000 epochs"),
        "{notices:?}"
    );
    assert_eq!(
        replayed.current_step(),
        epochs,
        "the URL keeps asking for 6000"
    );
    assert!(replayed.epoch < epochs);
    let mut chunks = 0;
    let mut last_fraction = 0.0;
    while let Some(fraction) = replayed.work_chunk() {
        assert!(fraction >= last_fraction && fraction <= 1.0);
        last_fraction = fraction;
        chunks += 1;
    }
    // 25 weights × (3 × 250 + 250) passes: 16 epochs a chunk.
    assert_eq!(chunks, epochs.div_ceil(16));
    assert_eq!(replayed.epoch, epochs);
    assert_eq!(
        replayed.trainer.network.parameters,
        reference.trainer.network.parameters
    );
    assert_eq!(
        history_bits(&replayed.history),
        history_bits(&reference.history)
    );
    assert_eq!(readout_values(&replayed), readout_values(reference));
    // Once replayed, the link carries a (valid) checkpoint again.
    assert_eq!(replayed.param("ckpt").as_deref(), Some(checkpoint.as_str()));
}

#[test]
fn steps_past_the_threshold_without_a_checkpoint_replay_in_chunks() {
    let reference = &references().0;
    let (mut chunked, rejected) = opened(&[("steps".to_owned(), "5001".to_owned())]);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!((chunked.epoch, chunked.current_step()), (0, 5_001));
    // Playing waits for the replay instead of training past it.
    assert!(chunked.advance_frame());
    assert_eq!(chunked.epoch, 0);
    crate::demos::finish_work(&mut chunked);
    assert!(chunked.replay.is_none());
    assert_eq!(readout_values(&chunked), readout_values(reference));
    assert_eq!(
        history_bits(&chunked.history),
        history_bits(&reference.history)
    );
    assert_eq!(
        chunked.trainer.network.parameters,
        reference.trainer.network.parameters
    );
    // A step from there is one epoch, trained at once.
    chunked.go_to_step(5_002);
    assert_eq!((chunked.epoch, chunked.replay), (5_002, None));
}

#[test]
fn a_checkpoint_that_does_not_fit_the_link_is_refused_with_a_reason() {
    let original = &references().0;
    let params = params_of(original);
    let checkpoint = original.param("ckpt").unwrap();
    let reason_for = |params: &[(String, String)]| {
        let (demo, rejected) = opened(params);
        assert!(rejected.is_empty(), "{rejected:?}");
        demo.checkpoint_notice.clone().unwrap_or_default()
    };
    // Another learning rate: the fingerprint of the settings differs.
    let mut other = params.clone();
    other.insert(0, ("lr".to_owned(), "0.1".to_owned()));
    assert!(reason_for(&other).contains("written for other settings"));
    // Cut short (as a chat program might): the checksum no longer matches.
    let cut = &checkpoint[..checkpoint.len() - 8];
    assert!(reason_for(&with_checkpoint(&params, cut)).contains("checksum"));
    // Not base64url at all.
    assert!(reason_for(&with_checkpoint(&params, "<script>")).contains("not base64url"));
    // A well-formed checkpoint whose weight is NaN (re-signed with a valid checksum).
    let mut saved = original.checkpoint();
    saved.parameters[3] = f64::NAN;
    let nan = checkpoint::encode(&saved);
    assert!(reason_for(&with_checkpoint(&params, &nan)).contains("not a finite number"));
    // Another version byte.
    let mut bytes = base64url_decode(&checkpoint).unwrap();
    bytes[0] = 9;
    let body = bytes.len() - 4;
    let sum = bytes[..body].iter().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    });
    bytes[body..].copy_from_slice(&sum.to_le_bytes());
    let versioned = base64url_encode(&bytes);
    assert!(
        reason_for(&with_checkpoint(&params, &versioned)).contains("format version 9"),
        "{}",
        reason_for(&with_checkpoint(&params, &versioned))
    );
    // A checkpoint with fewer weights than the network (the shape written wrongly).
    let mut short = original.checkpoint();
    short.parameters.pop();
    let short = checkpoint::encode(&short);
    assert!(reason_for(&with_checkpoint(&params, &short)).contains("holds 24 weights"));
}

#[test]
fn adam_state_and_a_live_change_survive_a_checkpoint() {
    // Adam's two moments and step count, and a schedule entry, carried across the link.
    let mut original = NnPlayground::default();
    original.go_to_step(100);
    original.set_param("optimizer", "adam").unwrap();
    original.set_param("lr", "0.01").unwrap();
    while original.epoch < SYNC_REPLAY_EPOCHS + 20 {
        assert!(original.train_one_epoch());
    }
    let params = params_of(&original);
    let (mut restored, rejected) = opened(&params);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert_eq!(restored.trainer.optimizer(), original.trainer.optimizer());
    // Adam took one step per batch of 10 over 250 points: 25 per epoch since epoch 100.
    assert_eq!(
        restored.trainer.optimizer().steps_taken(),
        25 * (SYNC_REPLAY_EPOCHS + 20 - 100)
    );
    for _ in 0..50 {
        assert!(original.train_one_epoch() && restored.train_one_epoch());
    }
    assert_eq!(
        restored.trainer.network.parameters,
        original.trainer.network.parameters
    );
    // The history in the link is thinned to at most 128 records, every 2ʲ-th epoch.
    assert!(restored.history.records.len() <= checkpoint::MAX_RECORDS);
    assert!(restored.history.stride.is_power_of_two());
}

/// The registry's example for `ckpt` is the default run's checkpoint at epoch 5,001 without
/// its history (which is optional: the charts then start at the checkpoint), short enough
/// for the docs.
#[test]
fn checkpoint_example_is_current() {
    let mut saved = references().0.checkpoint();
    saved.history.clear();
    assert_eq!(
        checkpoint::encode(&saved),
        CHECKPOINT_EXAMPLE,
        "paste the new example"
    );
    let (demo, _) = opened(&[("ckpt".to_owned(), CHECKPOINT_EXAMPLE.to_owned())]);
    assert_eq!(readout_values(&demo), readout_values(&references().0));
}

/// Prints the links and readouts that `tests/e2e/nn-epochs.test.mjs` expects the browser to
/// show (run with `cargo test --lib print_e2e_values -- --ignored --nocapture`).
#[test]
#[ignore = "a generator of the e2e test's expected values"]
fn print_e2e_values() {
    let (first, second) = references();
    for demo in [first, second] {
        println!(
            "PARAMS {:?}",
            crate::url::format_hash("nn-playground", &params_of(demo))
        );
        println!("READOUTS {:?}", readout_values(demo));
    }
    let mut third = first.clone();
    while third.epoch < 5_200 {
        assert!(third.train_one_epoch());
    }
    println!("READOUTS5200 {:?}", readout_values(&third));
}

/// The largest checkpoint (7 inputs, six layers of 8, four classes, Adam's two moments, a full
/// thinned history) fits in a link the page reads, beside the longest list of loaded weights.
#[test]
fn the_largest_checkpoint_fits_in_a_link() {
    let mut demo = NnPlayground::default();
    for (key, value) in [
        ("data", "four-class"),
        ("x1-squared", "1"),
        ("x2-squared", "1"),
        ("x1x2", "1"),
        ("sin-x1", "1"),
        ("sin-x2", "1"),
        ("shape", "8,8,8,8,8,8"),
        ("optimizer", "adam"),
        ("train-percent", "90"),
    ] {
        demo.set_param(key, value).unwrap();
    }
    // 7·8+8 + 5·(8·8+8) + 8·4+4 = 460 weights and biases.
    assert_eq!(demo.trainer.network.parameters.len(), 460);
    let weights = vec!["-0.12345678901234567"; 460].join(",");
    demo.set_param("weights", &weights).unwrap();
    assert!(demo.train_one_epoch());
    let mut saved = demo.checkpoint();
    let record = demo.latest;
    saved.history = (0..checkpoint::MAX_RECORDS)
        .map(|epoch| {
            let mut copy = record;
            copy.epoch = epoch;
            copy
        })
        .collect();
    let text = checkpoint::encode(&saved);
    // 1 + 8 + 8 + 8 + 3·(4 + 8·460) + 1 + 8 + 1 + 8·7 + 8 + 2 + 128·(4 + 4·11) + 4 bytes.
    let bytes: usize = 1 + 8 + 8 + 8 + 3 * (4 + 8 * 460) + 1 + 8 + 1 + 8 * 7 + 8 + 2 + 128 * 48 + 4;
    assert_eq!(text.len(), (bytes * 4).div_ceil(3));
    let mut params = params_of(&demo);
    params.push(("ckpt".to_owned(), text));
    let hash = crate::url::format_hash(INFO.id, &params);
    assert!(hash.len() < crate::url::MAX_HASH_CHARS, "{}", hash.len());
    assert_eq!(crate::url::parse_hash(&hash).unwrap().params, params);
}

/// A bigger network replays fewer epochs at once: the same work as the default network's
/// 5,000 epochs, so no link freezes the page for seconds.
#[test]
fn a_deep_network_replays_in_chunks_sooner() {
    let mut demo = NnPlayground::default();
    for (key, value) in [
        ("data", "spiral"),
        ("x1-squared", "1"),
        ("x2-squared", "1"),
        ("x1x2", "1"),
        ("sin-x1", "1"),
        ("sin-x2", "1"),
        ("shape", "8,8,8,8,8,8"),
    ] {
        demo.set_param(key, value).unwrap();
    }
    // 7·8+8 + 5·(8·8+8) + 8+1 = 433 weights; 3·250 + 250 points passed per epoch; so
    // 5,000 · 25 · 1,000 / (433 · 1,000) = 288.7 epochs at once.
    assert_eq!(demo.trainer.network.parameters.len(), 433);
    assert!(demo.replays_at_once(288));
    assert!(!demo.replays_at_once(289));
    demo.go_to_step(289);
    assert_eq!((demo.epoch, demo.current_step()), (0, 289));
    assert!(demo.work_chunk().is_some());
    // The default network's threshold is the 5,000 epochs of the old limit.
    let default = NnPlayground::default();
    assert!(default.replays_at_once(SYNC_REPLAY_EPOCHS));
    assert!(!default.replays_at_once(SYNC_REPLAY_EPOCHS + 1));
}

/// Old links keep their exact meaning: the readouts at `steps=200` of three links, computed on
/// main before dropout, AdamW and batch normalization were added (a temporary test printed
/// them with `{:?}`, the shortest representation that round-trips), must stay bit for bit.
#[test]
fn old_links_restore_the_readouts_main_computed_before_the_regularizers() {
    let expectations: [(&str, [f64; 8]); 3] = [
        (
            "",
            [
                0.0017822872065208913,
                0.0025763493264118775,
                100.0,
                100.0,
                0.0,
                0.059402406867410176,
                0.028730764821504415,
                0.0037026043682822467,
            ],
        ),
        (
            "optimizer=adam&lr=0.01",
            [
                3.520948276202312e-5,
                0.0002470130442869039,
                100.0,
                100.0,
                0.0,
                0.0029434223933211497,
                0.001364084663545043,
                0.00010489453540642407,
            ],
        ),
        (
            "activation=relu&data=spiral&regularization=l2&reg-rate=0.001&batch=5",
            [
                0.4375766115237256,
                0.4615055120152829,
                63.6,
                59.599999999999994,
                0.003715512676240623,
                0.4957095623168033,
                0.6089879919516423,
                0.21447275628264637,
            ],
        ),
    ];
    let names = [
        "train-loss",
        "test-loss",
        "train-accuracy",
        "test-accuracy",
        "penalty",
        "grad-norm.1",
        "grad-norm.2",
        "grad-norm.3",
    ];
    for (query, expected) in expectations {
        let mut params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        params.push(("steps".to_owned(), "200".to_owned()));
        let mut demo = NnPlayground::default();
        let rejected = apply_params(&INFO, &mut demo, &params);
        assert!(rejected.is_empty(), "{query}: {rejected:?}");
        assert_eq!(demo.epoch, 200, "{query}");
        for (name, value) in names.iter().zip(expected) {
            assert_eq!(
                readout(&demo, name),
                ReadoutValue::Number(value),
                "{query}: {name}"
            );
        }
        assert_eq!(
            readout(&demo, "parameters"),
            ReadoutValue::Integer(25),
            "{query}"
        );
    }
}

fn opened_with(query: &str) -> NnPlayground {
    let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let mut demo = NnPlayground::default();
    let rejected = apply_params(&INFO, &mut demo, &params);
    assert!(rejected.is_empty(), "{query}: {rejected:?}");
    demo
}

#[test]
fn the_regularizers_are_off_by_default_and_absent_from_default_links() {
    let demo = NnPlayground::default();
    for (key, value) in [
        ("dropout", "0"),
        ("weight-decay", "0"),
        ("batch-norm", "0"),
        ("measure-lr", "0"),
    ] {
        assert_eq!(demo.param(key).as_deref(), Some(value), "{key}");
    }
    assert!(current_params(&INFO, &demo, &default_params(&INFO)).is_empty());
    assert_eq!(
        readout(&demo, "batch-norm.parameters"),
        ReadoutValue::Integer(0)
    );
    assert!(matches!(
        readout(&demo, "lr-stable.with-bn"),
        ReadoutValue::Text(text) if text.starts_with("not measured")
    ));
}

#[test]
fn a_dropout_link_replays_the_same_masks_and_evaluates_without_them() {
    let first = opened_with("dropout=0.3&steps=40");
    let second = opened_with("dropout=0.3&steps=40");
    assert_eq!(
        first.trainer.network.parameters,
        second.trainer.network.parameters
    );
    let plain = opened_with("steps=40");
    assert_ne!(
        first.trainer.network.parameters,
        plain.trainer.network.parameters
    );
    // Going back and forth replays the same epochs (the masks depend on seed and epoch only).
    let mut rewound = opened_with("dropout=0.3&steps=40");
    rewound.go_to_step(25);
    rewound.go_to_step(40);
    assert_eq!(
        rewound.trainer.network.parameters,
        first.trainer.network.parameters
    );
    // The readouts are test-time numbers: reading them twice gives the same bits.
    assert_eq!(readout_values(&first), readout_values(&first));
    assert!(first.settings_caption().contains("dropout 0.3"));
}

#[test]
fn weight_decay_is_adamw_and_only_acts_with_adam() {
    let adam = opened_with("optimizer=adam&lr=0.01&steps=50");
    let adamw = opened_with("optimizer=adam&lr=0.01&weight-decay=0.1&steps=50");
    assert!(adamw.is_control_active("weight-decay"));
    assert!(!NnPlayground::default().is_control_active("weight-decay"));
    assert_ne!(
        adam.trainer.network.parameters,
        adamw.trainer.network.parameters
    );
    // Decay pulls the weights towards zero: a smaller norm than plain Adam's.
    let norm = |demo: &NnPlayground| {
        demo.trainer
            .network
            .parameters
            .iter()
            .map(|p| p * p)
            .sum::<f64>()
    };
    assert!(
        norm(&adamw) < norm(&adam),
        "{} vs {}",
        norm(&adamw),
        norm(&adam)
    );
    assert!(adamw.settings_caption().starts_with("AdamW"));
    // With SGD the decay is ignored: the same weights as without it.
    let sgd = opened_with("weight-decay=0.1&steps=50");
    assert_eq!(
        sgd.trainer.network.parameters,
        opened_with("steps=50").trainer.network.parameters
    );
}

#[test]
fn batch_norm_trains_has_gamma_and_beta_and_links_replay_it() {
    let demo = opened_with("batch-norm=1&steps=100");
    assert_eq!(demo.epoch, 100);
    // Two γ's and two β's per hidden neuron of the 4-2 network.
    assert_eq!(
        readout(&demo, "batch-norm.parameters"),
        ReadoutValue::Integer(12)
    );
    let loss = match readout(&demo, "train-loss") {
        ReadoutValue::Number(loss) => loss,
        other => panic!("{other:?}"),
    };
    assert!(loss < 0.2, "training loss {loss}");
    let again = opened_with("batch-norm=1&steps=100");
    assert_eq!(again.trainer.network, demo.trainer.network);
    // With batch norm each layer's activation inputs are near unit scale.
    for layer in 1..=2 {
        let std = match readout(&demo, &format!("pre-activation.std.{layer}")) {
            ReadoutValue::Number(std) => std,
            other => panic!("{other:?}"),
        };
        assert!((0.2..5.0).contains(&std), "layer {layer}: {std}");
    }
}

#[test]
fn old_checkpoints_fit_while_the_regularizers_are_off_and_not_when_on() {
    let mut demo = NnPlayground::default();
    let fingerprint = demo.run_fingerprint();
    demo.set_param("measure-lr", "1").unwrap();
    assert_eq!(demo.run_fingerprint(), fingerprint);
    for (key, value) in [
        ("dropout", "0.1"),
        ("weight-decay", "0.01"),
        ("batch-norm", "1"),
    ] {
        let mut changed = NnPlayground::default();
        changed.set_param(key, value).unwrap();
        assert_ne!(changed.run_fingerprint(), fingerprint, "{key}");
    }
}

#[test]
fn the_largest_stable_learning_rate_is_measured_with_and_without_batch_norm() {
    let mut demo = opened_with("measure-lr=1");
    crate::demos::finish_work(&mut demo);
    let rate = |name: &str| match readout(&demo, name) {
        ReadoutValue::Number(rate) => rate,
        other => panic!("{name}: {other:?}"),
    };
    let (without, with) = (rate("lr-stable.without-bn"), rate("lr-stable.with-bn"));
    println!("stable η without BN {without}, with BN {with}");
    assert!((1e-4..10.0).contains(&without) && (1e-4..10.0).contains(&with));
    // The bisection's answer trains stably; 5 % more does not (its bracket is 1.1 % wide).
    let settings = demo.training_settings(&demo.live);
    let stable = |rate: f64, batch_norm: bool| {
        let mut trial = settings;
        trial.hyper.learning_rate = rate;
        crate::math::nn::trains_stably(
            &demo.initial_network.clone().with_batch_norm(batch_norm),
            &demo.train_examples,
            &trial,
            &demo.dropout_for_epoch(0),
            STABILITY_EPOCHS,
        )
    };
    assert!(stable(without, false) && !stable(without * 1.05, false));
    assert!(stable(with, true) && !stable(with * 1.05, true));
    // The measurement is cached: η does not change it.
    let mut changed = demo.clone();
    changed.set_param("lr", "0.3").unwrap();
    assert_eq!(changed.stable_rates, demo.stable_rates);
}

#[test]
fn the_pre_activation_plot_has_a_table_and_a_description() {
    let demo = opened_with("steps=20");
    let table = demo.plot_table(5).unwrap();
    assert_eq!(table.rows.len(), HISTOGRAM_BINS);
    assert_eq!(table.columns.len(), 2 + 2);
    // Every layer's shares add up to 100 %.
    for column in 2..4 {
        let total: f64 = table
            .rows
            .iter()
            .map(|row| crate::demos::data_alternative::cell_number(&row[column]))
            .sum();
        assert!((total - 100.0).abs() < 1e-9, "{total}");
    }
    let description = demo.plot_description(5).unwrap();
    assert!(
        description.contains("layer 1 standard deviation"),
        "{description}"
    );
}

#[test]
fn batch_norm_with_batches_of_one_says_why_nothing_trains() {
    let demo = opened_with("batch-norm=1&batch=1&steps=3");
    assert_eq!(
        demo.trainer.network.parameters,
        demo.initial_network.parameters
    );
    assert!(
        demo.notices()
            .iter()
            .any(|n| n.text.contains("at least two examples per batch"))
    );
}

/// A dropout run resumes from its checkpoint bit for bit: the masks depend on the seed and the
/// epoch only, so the epochs after the checkpoint draw what the original run drew.
#[test]
fn a_dropout_run_resumes_from_its_checkpoint_exactly() {
    let mut original = opened_with("dropout=0.3&optimizer=adam&lr=0.01&weight-decay=0.02&steps=30");
    let text = checkpoint::encode(&original.checkpoint());
    let mut resumed = opened_with("dropout=0.3&optimizer=adam&lr=0.01&weight-decay=0.02");
    resumed.restore_checkpoint(&text).unwrap();
    assert_eq!(resumed.epoch, 30);
    for _ in 0..10 {
        assert!(original.train_one_epoch());
        assert!(resumed.train_one_epoch());
    }
    assert_eq!(
        resumed.trainer.network.parameters,
        original.trainer.network.parameters
    );
    // A run with batch norm refuses a checkpoint written without it (and its fingerprint).
    let mut normalized =
        opened_with("batch-norm=1&dropout=0.3&optimizer=adam&lr=0.01&weight-decay=0.02");
    assert!(normalized.restore_checkpoint(&text).is_err());
}

/// The data points' layer is keyed by the data alone: training epochs leave it alone (it is
/// not redrawn 60 times a second), showing the test points or a new seed change it.
#[test]
fn the_boundary_foreground_follows_the_data_not_the_weights() {
    let mut demo = NnPlayground::default();
    let before = demo.foreground_key(0);
    assert!(before.is_some());
    assert_eq!(
        demo.foreground_key(1),
        None,
        "the diagram follows every change"
    );
    demo.go_to_step(5);
    assert_eq!(demo.foreground_key(0), before);
    demo.set_param("show-test", "1").unwrap();
    let shown = demo.foreground_key(0);
    assert_ne!(shown, before);
    demo.set_param("seed", "2").unwrap();
    assert_ne!(demo.foreground_key(0), shown);
}

/// A background snapshot carries the epoch's exact losses and accuracies; applying it shows
/// them without evaluating, and a damaged record is refused with the state unchanged.
#[test]
fn a_background_snapshot_carries_the_exact_losses() {
    let mut trained = NnPlayground::default();
    trained.set_param("speed", "max").unwrap();
    trained.go_to_step(7);
    let snapshot = trained.background_snapshot().unwrap();
    let (checkpoint, record) = snapshot.split_once('.').unwrap();
    assert_eq!(record.len(), 64);
    let mut page = NnPlayground::default();
    page.set_param("speed", "max").unwrap();
    page.apply_background_snapshot(&snapshot).unwrap();
    for name in [
        "epoch",
        "train-loss",
        "test-loss",
        "train-accuracy",
        "test-accuracy",
    ] {
        assert_eq!(
            readout(&page, name).full_precision(),
            readout(&trained, name).full_precision(),
            "{name}"
        );
    }
    // A plain checkpoint (a link's) still works: the losses are then evaluated.
    let mut linked = NnPlayground::default();
    linked.set_param("speed", "max").unwrap();
    linked.apply_background_snapshot(checkpoint).unwrap();
    assert_eq!(
        readout(&linked, "train-loss").full_precision(),
        readout(&trained, "train-loss").full_precision()
    );
    let mut untouched = NnPlayground::default();
    untouched.set_param("speed", "max").unwrap();
    let damaged = format!("{checkpoint}.{}", &record[..63]);
    assert!(untouched.apply_background_snapshot(&damaged).is_err());
    let junk = format!("{checkpoint}.{}", "z".repeat(64));
    assert!(untouched.apply_background_snapshot(&junk).is_err());
    assert_eq!(untouched.current_step(), 0);
}

// ---------------------------------------------------------------------------------------------
// Batch norm in checkpoints and background snapshots
// ---------------------------------------------------------------------------------------------

/// A deep network with batch norm and Adam (γ and β have moments too): past the threshold
/// sooner than the default network (318 epochs of 393 weights).
const DEEP_BATCH_NORM: &str = "batch-norm=1&shape=8,8,8,8,8,8&optimizer=adam&lr=0.01&data=xor";

/// Everything that trains: the weights, γ and β, the running averages and both optimizers.
fn assert_same_training_state(a: &NnPlayground, b: &NnPlayground) {
    assert_eq!(a.epoch, b.epoch);
    assert_eq!(
        a.trainer.network, b.trainer.network,
        "weights and batch norm"
    );
    assert_eq!(a.trainer.optimizer(), b.trainer.optimizer());
    assert_eq!(
        a.trainer.batch_norm_optimizer(),
        b.trainer.batch_norm_optimizer()
    );
}

/// The test: a batch-norm run past the threshold writes a lossless checkpoint
/// (version 2, with γ, β, their optimizer's moments and the running averages); its link
/// opens without replaying, with every readout identical to the last digit, and both runs
/// train on identically.
#[test]
fn a_batch_norm_run_resumes_from_its_checkpoint_bit_for_bit() {
    let mut original = opened_with(DEEP_BATCH_NORM);
    assert!(original.trainer.network.batch_norm.is_some());
    let threshold = (1..)
        .find(|&epochs| !original.replays_at_once(epochs))
        .unwrap();
    assert_eq!(threshold, 319, "393 weights × 1,000 points a epoch");
    while original.epoch < threshold + 2 {
        assert!(original.train_one_epoch());
    }
    let at_link = original.clone();
    let params = params_of(&original);
    let text = params
        .iter()
        .find(|(k, _)| k == "ckpt")
        .map(|(_, v)| v.clone())
        .expect("past the threshold a batch-norm link carries a checkpoint");
    let decoded = checkpoint::decode(&text).unwrap();
    let state = decoded.batch_norm.as_ref().unwrap();
    let batch_norm = original.trainer.network.batch_norm.as_ref().unwrap();
    assert_eq!(state.running_mean, batch_norm.running_mean);
    assert_ne!(state.running_variance, vec![1.0; 48], "the averages moved");
    assert_eq!(
        state.first_moment.len(),
        96,
        "Adam's moments of 48 γ's and 48 β's"
    );

    let (mut restored, rejected) = opened(&params);
    assert!(rejected.is_empty(), "{rejected:?}");
    assert!(restored.checkpoint_notice.is_none());
    assert!(restored.replay.is_none(), "a checkpoint needs no replay");
    assert_same_training_state(&restored, &original);
    assert_eq!(readout_values(&restored), readout_values(&original));
    assert_eq!(params_of(&restored), params, "the same link again");
    for _ in 0..5 {
        assert!(original.train_one_epoch() && restored.train_one_epoch());
    }
    assert_same_training_state(&restored, &original);
    assert_eq!(readout_values(&restored), readout_values(&original));

    // The same link replayed without its checkpoint reaches the same state.
    let without: Vec<(String, String)> = params.into_iter().filter(|(k, _)| k != "ckpt").collect();
    let (mut replayed, _) = opened(&without);
    assert!(replayed.replay.is_some(), "replayed in chunks");
    crate::demos::finish_work(&mut replayed);
    assert_same_training_state(&replayed, &at_link);
    assert_eq!(readout_values(&replayed), readout_values(&at_link));
    assert_eq!(
        checkpoint::encode(&replayed.checkpoint()),
        text,
        "replaying writes the same checkpoint"
    );
}

/// Old links keep working: a run without batch norm still writes format version 1 (the
/// registry's example is one), and the state is refused where it does not belong.
#[test]
fn checkpoints_without_batch_norm_keep_format_version_1() {
    let plain = opened_with("steps=3");
    let text = checkpoint::encode(&plain.checkpoint());
    assert_eq!(base64url_decode(&text).unwrap()[0], 1);
    assert_eq!(base64url_decode(CHECKPOINT_EXAMPLE).unwrap()[0], 1);
    assert_eq!(
        checkpoint::decode(CHECKPOINT_EXAMPLE).unwrap().batch_norm,
        None
    );

    let normalized = opened_with("batch-norm=1&steps=3");
    let saved = normalized.checkpoint();
    let with = checkpoint::encode(&saved);
    assert_eq!(base64url_decode(&with).unwrap()[0], 2);
    // Exact, unlike the history (rounded to f32).
    assert_eq!(
        checkpoint::decode(&with).unwrap().batch_norm,
        saved.batch_norm
    );
    // A forged checkpoint with this run's fingerprint but without the state is refused, and
    // the run is unchanged.
    let mut stripped = saved.clone();
    stripped.batch_norm = None;
    let mut demo = opened_with("batch-norm=1");
    let reason = demo
        .restore_checkpoint(&checkpoint::encode(&stripped))
        .unwrap_err();
    assert!(reason.contains("batch normalization"), "{reason}");
    // State of the wrong size, or not finite.
    let mut short = saved.clone();
    short.batch_norm.as_mut().unwrap().running_mean.pop();
    assert!(
        demo.restore_checkpoint(&checkpoint::encode(&short))
            .unwrap_err()
            .contains("does not fit")
    );
    let mut nan = saved.clone();
    nan.batch_norm.as_mut().unwrap().running_variance[0] = f64::NAN;
    assert!(
        demo.restore_checkpoint(&checkpoint::encode(&nan))
            .unwrap_err()
            .contains("not a finite number")
    );
    assert_eq!(demo.epoch, 0);
    demo.restore_checkpoint(&with).unwrap();
    assert_same_training_state(&demo, &normalized);
}

/// A batch-norm run trains in the background: applying the Worker's snapshot shows exactly
/// the state the page would have reached itself, every readout to the last digit.
#[test]
fn a_batch_norm_snapshot_shows_exactly_the_state_trained_on_the_page() {
    let query = format!("{DEEP_BATCH_NORM}&speed=max");
    let mut trained = opened_with(&query);
    assert!(trained.trains_in_background());
    for _ in 0..12 {
        assert!(trained.train_one_epoch());
    }
    let snapshot = trained.background_snapshot().unwrap();
    let mut page = opened_with(&query);
    page.apply_background_snapshot(&snapshot).unwrap();
    assert_same_training_state(&page, &trained);
    assert_eq!(readout_values(&page), readout_values(&trained));
    // And the page's snapshot resumes the Worker where the page stands.
    let mut worker = opened_with(&query);
    worker
        .apply_background_snapshot(&page.background_snapshot().unwrap())
        .unwrap();
    for _ in 0..3 {
        assert!(trained.train_one_epoch() && worker.train_one_epoch());
    }
    assert_same_training_state(&worker, &trained);
}

/// The measurement runs in chunks: the readouts say it is under way until it ends, and then
/// show exactly what the synchronous bisection gives (bit for bit), for the default network
/// and for a deeper one with dropout and Adam. Changing a setting it depends on while it runs
/// starts it again; η does not.
#[test]
fn the_stability_measurement_runs_in_chunks_and_equals_the_synchronous_one() {
    for query in [
        "measure-lr=1",
        "measure-lr=1&shape=8,8,8&data=spiral&optimizer=adam&dropout=0.1&batch=5",
    ] {
        let mut demo = opened_with(query);
        let pending = |demo: &NnPlayground| {
            ["lr-stable.without-bn", "lr-stable.with-bn"]
                .iter()
                .all(|name| match readout(demo, name) {
                    ReadoutValue::Text(text) => text.starts_with("measuring…"),
                    _ => false,
                })
        };
        assert!(pending(&demo), "{query}: nothing measured on the spot");
        let mut chunks = 0;
        let mut progress = 0.0;
        while let Some(fraction) = demo.work_chunk() {
            assert!(
                fraction >= progress && fraction <= 1.0,
                "{progress} → {fraction}"
            );
            progress = fraction;
            chunks += 1;
            if fraction < 1.0 {
                assert!(pending(&demo));
            }
        }
        assert_eq!(progress, 1.0);
        assert!(chunks > 10, "{query}: {chunks} chunks");
        let settings = demo.training_settings(&demo.live);
        let synchronous = |batch_norm: bool| {
            crate::math::nn::largest_stable_learning_rate(
                &demo.initial_network.clone().with_batch_norm(batch_norm),
                &demo.train_examples,
                &settings,
                &demo.dropout_for_epoch(0),
                STABILITY_EPOCHS,
                STABILITY_RANGE,
                STABILITY_BISECTIONS,
            )
        };
        let measured = demo.stable_rates.unwrap().1;
        assert_eq!(
            format!("{measured:?}"),
            format!("{:?}", [synchronous(false), synchronous(true)]),
            "{query}"
        );
        for (index, name) in ["lr-stable.without-bn", "lr-stable.with-bn"]
            .iter()
            .enumerate()
        {
            if let StableLearningRate::Found(rate) = measured[index] {
                assert_eq!(readout(&demo, name), ReadoutValue::Number(rate), "{name}");
            }
        }
        // η is not a setting of the measurement: nothing to do again.
        demo.set_param("lr", "0.1").unwrap();
        assert_eq!(demo.work_chunk(), None);
        // An input feature is (it rebuilds without reaching the end of set_param).
        let mut featured = demo.clone();
        featured.set_param("x1x2", "1").unwrap();
        assert!(pending(&featured));
        // The seed is: measured again, in chunks; switched off, the work is dropped.
        demo.set_param("seed", "5").unwrap();
        assert!(pending(&demo));
        assert!(demo.work_chunk().is_some());
        demo.set_param("measure-lr", "0").unwrap();
        assert_eq!(demo.work_chunk(), None);
    }
}

/// A link with `steps=` past the threshold and `measure-lr=1`: the replay comes first, then
/// the measurement; `finish_work` ends both, with the readouts of the synchronous run.
#[test]
fn a_replay_and_a_stability_measurement_share_the_chunks() {
    let mut demo = opened_with(&format!("{DEEP_BATCH_NORM}&measure-lr=1&steps=330"));
    assert!(demo.replay.is_some() && demo.stability_measurement.is_some());
    assert!(demo.work_chunk().is_some());
    assert!(
        demo.stability_measurement
            .as_ref()
            .unwrap()
            .without_batch_norm
            .is_none()
    );
    crate::demos::finish_work(&mut demo);
    assert_eq!(demo.epoch, 330);
    assert!(demo.stable_rates.is_some() && demo.stability_measurement.is_none());
}
