//! Tests of batch normalization, dropout and their batched training path, against numpy
//! references (written here with how they were computed) and central differences.

use super::*;

fn close(got: f64, want: f64, relative: f64) -> bool {
    (got - want).abs() <= relative * want.abs().max(1e-300) + 1e-15
}

/// BatchNorm1d(3) in training mode on two batches, then in eval mode, against numpy
/// (/work/refpy, numpy 2.4): `y = (z − z.mean(0))/sqrt(z.var(0) + 1e-5)·γ + β`,
/// `rm = 0.9 rm + 0.1 mean`, `rv = 0.9 rv + 0.1 var·n/(n − 1)` from rm = 0, rv = 1; eval
/// `(z − rm)/sqrt(rv + 1e-5)·γ + β`.
#[test]
fn batch_norm_forward_matches_numpy_in_training_and_eval_mode() {
    let batches = [
        [
            [0.5, -1.0, 2.0],
            [1.5, 0.25, -3.0],
            [-0.75, 2.0, 1.0],
            [2.5, -0.5, 0.0],
            [0.1, 1.1, -2.2],
        ],
        [
            [1.0, 2.0, 3.0],
            [-1.0, 0.5, 0.0],
            [0.3, -0.7, 4.0],
            [2.0, 1.0, -1.0],
            [0.0, 0.0, 0.5],
        ],
    ];
    // numpy's y, feature by feature (columns), for each batch.
    let expected = [
        [
            [
                -0.2591518070748928,
                1.0710400709802659,
                -1.921891654643841,
                2.401231949035424,
                -0.7912285582969562,
            ],
            [
                0.8339305310727037,
                0.25552676184578427,
                -0.5542385150719029,
                0.6025690233819359,
                -0.13778780122852097,
            ],
            [
                2.2811761214419612,
                -3.0081192093817295,
                1.2233170552772228,
                0.16545798911248488,
                -2.1618319564499395,
            ],
        ],
        [
            [
                0.9074163642154213,
                -2.083014614360213,
                -0.1392344782860507,
                2.4026318535032383,
                -0.5877991250723958,
            ],
            [
                -0.5882114625630912,
                0.23284214427346211,
                0.8896850297427046,
                -0.040842391338722306,
                0.5065266798856465,
            ],
            [
                1.501993865122329,
                -1.6779953086229578,
                2.5619902563707586,
                -2.7379916998713862,
                -1.1479971129987432,
            ],
        ],
    ];
    let mut batch_norm = BatchNorm::new(&[3]);
    batch_norm
        .affine
        .copy_from_slice(&[1.5, -0.5, 2.0, 0.1, 0.2, -0.3]);
    for (batch, expected) in batches.iter().zip(expected) {
        for (feature, expected) in expected.iter().enumerate() {
            let z: Vec<f64> = batch.iter().map(|row| row[feature]).collect();
            let (gamma, beta) = batch_norm.scale_and_shift(1, feature);
            let (mut x_hat, mut y) = (vec![0.0; 5], vec![0.0; 5]);
            let statistics = batch_norm_training(&z, gamma, beta, &mut x_hat, &mut y);
            for (got, want) in y.iter().zip(expected) {
                assert!(close(*got, *want, 1e-13), "{got} vs {want}");
            }
            batch_norm.update_running_averages(1, feature, &statistics, 5);
        }
    }
    let running_mean = [0.11530000000000001, 0.08929999999999999, 0.0904];
    let running_variance = [1.0788550000000001, 1.045655, 1.6571200000000001];
    for k in 0..3 {
        assert!(close(batch_norm.running_mean[k], running_mean[k], 1e-14));
        assert!(close(
            batch_norm.running_variance[k],
            running_variance[k],
            1e-14
        ));
    }
    let mut evaluated = [0.0; 3];
    batch_norm.normalize_for_evaluation(1, &[0.7, -0.2, 1.3], &mut evaluated);
    let expected_eval = [0.944385565962813, 0.34145625369150123, 1.5792886203459033];
    for (got, want) in evaluated.iter().zip(expected_eval) {
        assert!(close(*got, want, 1e-14), "{got} vs {want}");
    }
}

/// Batch norm's backward pass for one feature against central differences of
/// `J = Σ c_b y_b + ½ Σ y_b²` (so `∂J/∂y_b = c_b + y_b`), in z, γ and β: h = 1e-6 gives a
/// truncation error of O(h²) and rounding of about 1e-16/h, far below 1e-6 relative.
#[test]
fn batch_norm_backward_matches_central_differences() {
    let z = [0.3, -1.2, 2.5, 0.8, -0.4, 1.9];
    let c = [0.5, -1.0, 0.25, 2.0, -0.75, 1.5];
    let (gamma, beta) = (1.7, -0.4);
    let objective = |z: &[f64], gamma: f64, beta: f64| {
        let (mut x_hat, mut y) = (vec![0.0; z.len()], vec![0.0; z.len()]);
        batch_norm_training(z, gamma, beta, &mut x_hat, &mut y);
        y.iter()
            .zip(&c)
            .map(|(y, c)| c * y + 0.5 * y * y)
            .sum::<f64>()
    };
    let (mut x_hat, mut y) = ([0.0; 6], [0.0; 6]);
    let statistics = batch_norm_training(&z, gamma, beta, &mut x_hat, &mut y);
    let d_output: Vec<f64> = y.iter().zip(&c).map(|(y, c)| c + y).collect();
    let mut d_input = [0.0; 6];
    let (d_gamma, d_beta) = batch_norm_backward(
        &d_output,
        &x_hat,
        gamma,
        statistics.inverse_std,
        &mut d_input,
    );
    let h = 1e-6;
    for i in 0..z.len() {
        let (mut up, mut down) = (z, z);
        up[i] += h;
        down[i] -= h;
        let numeric = (objective(&up, gamma, beta) - objective(&down, gamma, beta)) / (2.0 * h);
        assert!(
            close(d_input[i], numeric, 1e-6),
            "z{i}: {} vs {numeric}",
            d_input[i]
        );
    }
    let numeric_gamma =
        (objective(&z, gamma + h, beta) - objective(&z, gamma - h, beta)) / (2.0 * h);
    let numeric_beta =
        (objective(&z, gamma, beta + h) - objective(&z, gamma, beta - h)) / (2.0 * h);
    assert!(
        close(d_gamma, numeric_gamma, 1e-6),
        "{d_gamma} vs {numeric_gamma}"
    );
    assert!(
        close(d_beta, numeric_beta, 1e-6),
        "{d_beta} vs {numeric_beta}"
    );
    // Normalization removes the mean: the input gradients sum to zero.
    assert!(d_input.iter().sum::<f64>().abs() < 1e-12);
}

fn affine_of(trainer: &mut Trainer) -> &mut Vec<f64> {
    &mut trainer.network.batch_norm.as_mut().unwrap().affine
}

fn examples(seed: u64, count: usize) -> Examples {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut data = Examples {
        feature_count: 3,
        target_count: 1,
        ..Examples::default()
    };
    for _ in 0..count {
        for _ in 0..3 {
            data.features.push(rng.random_range(-2.0..2.0));
        }
        data.targets.push(if rng.random_range(0.0..1.0) < 0.5 {
            -1.0
        } else {
            1.0
        });
    }
    data
}

/// The whole network with batch norm in training mode: the gradient of the batch's mean loss
/// in every weight, bias, γ and β against central differences (h = 1e-6, 1e-6 relative on
/// the whole vector, as the per-example backprop test does).
#[test]
fn a_batch_normalized_network_trains_on_the_exact_batch_gradient() {
    for activation in [Activation::Tanh, Activation::Sigmoid, Activation::Elu] {
        let architecture = Architecture {
            layer_sizes: vec![3, 4, 3, 1],
            hidden_activation: activation,
            output_unit: OutputUnit::Tanh,
        };
        let mut network = Network::new(architecture, WeightInit::Xavier, 5)
            .unwrap()
            .with_batch_norm(true);
        if let Some(batch_norm) = network.batch_norm.as_mut() {
            for (i, v) in batch_norm.affine.iter_mut().enumerate() {
                *v += 0.1 * (i as f64 * 1.3).sin();
            }
        }
        let data = examples(9, 7);
        let mut trainer = Trainer::new(network, OptimizerKind::Sgd).unwrap();
        let (_, analytic, analytic_affine) =
            trainer.training_batch_gradient(&data, Loss::SquaredError);
        let h = 1e-6;
        let loss_at =
            |trainer: &mut Trainer| trainer.training_batch_gradient(&data, Loss::SquaredError).0;
        let mut numeric = Vec::new();
        for i in 0..analytic.len() {
            let original = trainer.network.parameters[i];
            trainer.network.parameters[i] = original + h;
            let up = loss_at(&mut trainer);
            trainer.network.parameters[i] = original - h;
            let down = loss_at(&mut trainer);
            trainer.network.parameters[i] = original;
            numeric.push((up - down) / (2.0 * h));
        }
        for i in 0..analytic_affine.len() {
            let original = affine_of(&mut trainer)[i];
            affine_of(&mut trainer)[i] = original + h;
            let up = loss_at(&mut trainer);
            affine_of(&mut trainer)[i] = original - h;
            let down = loss_at(&mut trainer);
            affine_of(&mut trainer)[i] = original;
            numeric.push((up - down) / (2.0 * h));
        }
        let analytic: Vec<f64> = analytic.into_iter().chain(analytic_affine).collect();
        let difference = analytic
            .iter()
            .zip(&numeric)
            .map(|(a, n)| (a - n) * (a - n))
            .sum::<f64>()
            .sqrt();
        let size = analytic
            .iter()
            .zip(&numeric)
            .map(|(a, n)| (a + n) * (a + n))
            .sum::<f64>()
            .sqrt();
        assert!(
            difference / size < 1e-6,
            "{activation:?}: relative error {:e}",
            difference / size
        );
    }
}

/// Without dropout and batch norm the batched path computes what the per-example path does
/// (the same sums in another order: equal to rounding).
#[test]
fn the_batched_path_without_regularizers_matches_backprop() {
    let architecture = Architecture {
        layer_sizes: vec![3, 5, 2, 1],
        hidden_activation: Activation::Tanh,
        output_unit: OutputUnit::Tanh,
    };
    let network = Network::new(architecture, WeightInit::Xavier, 2).unwrap();
    let data = examples(4, 9);
    let mut trainer = Trainer::new(network, OptimizerKind::Sgd).unwrap();
    let (_, batched, _) = trainer.training_batch_gradient(&data, Loss::SquaredError);
    let settings = TrainingSettings {
        loss: Loss::SquaredError,
        batch_size: 9,
        regularization: Regularization::None,
        regularization_rate: 0.0,
        optimizer: OptimizerKind::Sgd,
        hyper: Hyperparameters::default(),
    };
    let per_example = trainer.full_gradient(&data, &settings);
    for (a, b) in batched.iter().zip(&per_example) {
        assert!((a - b).abs() < 1e-15, "{a} vs {b}");
    }
}

/// Inverted dropout keeps the expectation: with one hidden layer and a linear output, the
/// training output is `b + Σ w_j a_j m_j/(1 − p)` with `m_j ~ Bernoulli(1 − p)`, whose mean
/// is the test-time output and whose variance is `Σ w_j² a_j² p/(1 − p)`. 40,000 copies of
/// one point, each with its own mask, average to the test output within 5 standard errors
/// (a fixed seed; a fair failure has probability below 1e-6).
#[test]
fn dropout_keeps_the_expected_output_and_test_time_is_deterministic() {
    let architecture = Architecture {
        layer_sizes: vec![2, 6, 1],
        hidden_activation: Activation::Tanh,
        output_unit: OutputUnit::Linear,
    };
    let network = Network::new(architecture, WeightInit::Xavier, 11).unwrap();
    let point = [0.8, -1.3];
    let copies = 40_000;
    let data = Examples {
        feature_count: 2,
        target_count: 1,
        features: point.repeat(copies),
        targets: vec![0.0; copies],
    };
    let mut workspace = network.workspace();
    let test_output = network.forward(&point, &mut workspace, false)[0];
    let hidden = workspace.post[1].clone();
    let mut trainer = Trainer::new(network.clone(), OptimizerKind::Sgd).unwrap();
    let rate = 0.3;
    let dropout = Dropout { rate, seed: 42 };
    let outputs = trainer.training_outputs(&data, Loss::SquaredError, &dropout);
    let mean = outputs.iter().sum::<f64>() / copies as f64;
    let (weights, _) = network.layer_ranges(2);
    let variance: f64 = network.parameters[weights]
        .iter()
        .zip(&hidden)
        .map(|(w, a)| w * w * a * a * rate / (1.0 - rate))
        .sum();
    let standard_error = (variance / copies as f64).sqrt();
    assert!(
        (mean - test_output).abs() < 5.0 * standard_error,
        "mean {mean}, test output {test_output}, standard error {standard_error}"
    );
    // Masks really vary (a network whose outputs were all equal would pass the mean test).
    assert!(outputs.iter().any(|o| (o - outputs[0]).abs() > 1e-3));
    // The same seed draws the same masks; test-time evaluation ignores dropout entirely.
    assert_eq!(
        trainer.training_outputs(&data, Loss::SquaredError, &dropout),
        outputs
    );
    let again = network.forward(&point, &mut workspace, false)[0];
    assert_eq!(again.to_bits(), test_output.to_bits());
    // With p = 0 the training pass is the test pass (same sums in the same order).
    let plain = trainer.training_outputs(&data, Loss::SquaredError, &Dropout::OFF);
    assert_eq!(plain[0].to_bits(), test_output.to_bits());
}

/// Training with dropout and batch norm goes through the batched path, lowers the loss on a
/// separable problem, and the same seeds replay the same weights bit for bit.
#[test]
fn training_with_dropout_and_batch_norm_is_reproducible_and_learns() {
    let data = {
        let mut data = examples(3, 60);
        for index in 0..60 {
            let x = data.features[3 * index];
            data.targets[index] = if x > 0.0 { 1.0 } else { -1.0 };
        }
        data
    };
    let architecture = Architecture {
        layer_sizes: vec![3, 6, 4, 1],
        hidden_activation: Activation::Relu,
        output_unit: OutputUnit::Tanh,
    };
    let settings = TrainingSettings {
        loss: Loss::SquaredError,
        batch_size: 10,
        regularization: Regularization::None,
        regularization_rate: 0.0,
        optimizer: OptimizerKind::Adam,
        hyper: Hyperparameters {
            learning_rate: 0.01,
            adamw_weight_decay: 0.01,
            ..Hyperparameters::default()
        },
    };
    let run = || {
        let network = Network::new(architecture.clone(), WeightInit::He, 1)
            .unwrap()
            .with_batch_norm(true);
        let mut trainer = Trainer::new(network, OptimizerKind::Adam).unwrap();
        let before = trainer.evaluate(&data, Loss::SquaredError, true).loss;
        for epoch in 0..60 {
            let dropout = Dropout {
                rate: 0.2,
                seed: epoch,
            };
            trainer
                .train_epoch_with_dropout(&data, &settings, &dropout)
                .unwrap();
        }
        (before, trainer)
    };
    let (before, mut first) = run();
    let (_, second) = run();
    assert_eq!(first.network, second.network);
    let after = first.evaluate(&data, Loss::SquaredError, true);
    assert!(after.loss < 0.5 * before, "{before} → {}", after.loss);
    assert!(after.accuracy > 0.9, "accuracy {}", after.accuracy);
    // The running averages moved away from PyTorch's starting 0 and 1.
    let batch_norm = first.network.batch_norm.as_ref().unwrap();
    assert!(batch_norm.running_mean.iter().any(|m| m.abs() > 1e-3));
}

/// The bisection brackets a threshold: the rate it returns trains stably and one 5 % above
/// it (the bisection's final bracket is narrower) does not.
#[test]
fn the_largest_stable_learning_rate_is_a_threshold() {
    let data = examples(8, 40);
    let architecture = Architecture {
        layer_sizes: vec![3, 4, 1],
        hidden_activation: Activation::Tanh,
        output_unit: OutputUnit::Linear,
    };
    let network = Network::new(architecture, WeightInit::Xavier, 3).unwrap();
    let settings = TrainingSettings {
        loss: Loss::SquaredError,
        batch_size: 10,
        regularization: Regularization::None,
        regularization_rate: 0.0,
        optimizer: OptimizerKind::Sgd,
        hyper: Hyperparameters::default(),
    };
    let found = largest_stable_learning_rate(
        &network,
        &data,
        &settings,
        &Dropout::OFF,
        5,
        (1e-4, 100.0),
        16,
    );
    let StableLearningRate::Found(rate) = found else {
        panic!("{found:?}");
    };
    let at = |rate: f64| {
        let mut trial = settings;
        trial.hyper.learning_rate = rate;
        trains_stably(&network, &data, &trial, &Dropout::OFF, 5)
    };
    assert!(at(rate));
    assert!(!at(rate * 1.05), "{rate}");
}

/// The search in steps reaches the synchronous bisection's answer bit for bit, in each of its
/// three outcomes, with and without batch norm and dropout, and says how far it has got.
#[test]
fn the_stepped_search_gives_the_synchronous_answer_bit_for_bit() {
    let data = examples(8, 40);
    let architecture = Architecture {
        layer_sizes: vec![3, 4, 1],
        hidden_activation: Activation::Tanh,
        output_unit: OutputUnit::Linear,
    };
    let plain = Network::new(architecture, WeightInit::Xavier, 3).unwrap();
    let settings = TrainingSettings {
        loss: Loss::SquaredError,
        batch_size: 10,
        regularization: Regularization::None,
        regularization_rate: 0.0,
        optimizer: OptimizerKind::Sgd,
        hyper: Hyperparameters::default(),
    };
    let dropout = Dropout {
        rate: 0.2,
        seed: 11,
    };
    let mut outcomes = Vec::new();
    for (network, dropout, bounds, iterations) in [
        (plain.clone(), Dropout::OFF, (1e-4, 100.0), 16),
        (
            plain.clone().with_batch_norm(true),
            dropout,
            (1e-4, 100.0),
            10,
        ),
        (plain.clone(), Dropout::OFF, (1e-6, 1e-4), 5), // the whole range is stable
        (plain.clone(), Dropout::OFF, (200.0, 1e4), 5), // none of it is
        (plain.clone(), Dropout::OFF, (1e-4, 100.0), 0),
    ] {
        let expected = largest_stable_learning_rate(
            &network, &data, &settings, &dropout, 5, bounds, iterations,
        );
        let mut search = StableLearningRateSearch::new(
            network,
            data.clone(),
            settings,
            dropout,
            5,
            bounds,
            iterations,
        );
        let mut steps = 0;
        let mut progress = 0.0;
        let answer = loop {
            steps += 1;
            if let Some(answer) = search.step() {
                break answer;
            }
            let now = search.progress();
            assert!(now > progress && now < 1.0, "{progress} → {now}");
            progress = now;
            assert!(steps < 1_000);
        };
        // Bit for bit (Debug prints every digit of the f64).
        assert_eq!(format!("{answer:?}"), format!("{expected:?}"));
        assert_eq!(search.answer(), Some(answer));
        assert_eq!(search.progress(), 1.0);
        // One step per trial start and one per epoch (5): at most 6 per trial.
        assert!(steps <= 6 * (2 + iterations), "{steps}");
        outcomes.push(std::mem::discriminant(&answer));
    }
    assert_eq!(
        outcomes[2],
        std::mem::discriminant(&StableLearningRate::AtLeast(0.0))
    );
    assert_eq!(
        outcomes[3],
        std::mem::discriminant(&StableLearningRate::Below(0.0))
    );
    assert_eq!(
        outcomes[0],
        std::mem::discriminant(&StableLearningRate::Found(0.0))
    );
}
