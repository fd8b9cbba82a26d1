//! Behaviour tests of the training playground (the generic ones are in `demos/tests.rs`).

use super::*;
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
