//! Tests of the recurrent cells: forward passes against a PyTorch-equivalent numpy
//! computation, every BPTT gradient against central differences, the vanishing rate against
//! the explicit product of Jacobians, the spectral-radius rescaling, `clip_grad_norm_` and
//! training on the sine task.

use nalgebra::{DMatrix, DVector};

use super::*;

const CELLS: [CellKind; 3] = [CellKind::Rnn, CellKind::Lstm, CellKind::Gru];

/// The parameters and inputs of the numpy reference: `p_i = 0.5 sin(1.3 i + 0.7)` in
/// PyTorch's layout (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, Linear weight,
/// Linear bias) and `x = cos(0.9 k + 0.2)` for k = 0…T·D−1, row-major T × D.
fn reference_network(
    cell: CellKind,
    input_size: usize,
    hidden_size: usize,
    steps: usize,
) -> (Shape, Vec<f64>, Sequence) {
    let shape = Shape {
        cell,
        input_size,
        hidden_size,
    };
    let params = (0..shape.parameter_count())
        .map(|i| 0.5 * (1.3 * i as f64 + 0.7).sin())
        .collect();
    let sequence = Sequence {
        inputs: (0..steps * input_size)
            .map(|k| (0.9 * k as f64 + 0.2).cos())
            .collect(),
        targets: (0..steps).map(|t| 0.3 * t as f64 - 0.4).collect(),
        weights: (0..steps).map(|t| 0.25 + 0.1 * t as f64).collect(),
    };
    (shape, params, sequence)
}

fn assert_close(actual: &[f64], expected: &[f64], tolerance: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}");
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() <= tolerance, "{what}: {a} vs {e}");
    }
}

#[test]
fn forward_passes_match_pytorch_equations_computed_in_numpy() {
    // /work/refpy/bin/python, numpy 2.4: the torch.nn.RNN/LSTM/GRU equations of the PyTorch
    // documentation (gate order i, f, g, o and r, z, n; b_hn inside r ⊙ (·)) followed by
    // Linear(3, 1), D = 2, H = 3, T = 4, parameters and inputs as in `reference_network`.
    let expected: [(CellKind, [f64; 4], [f64; 3]); 3] = [
        (
            CellKind::Rnn,
            [
                0.2268213553954869,
                -0.006000688976662699,
                -0.07571646367360024,
                0.1750101563373391,
            ],
            [0.4653909018286209, 0.12691370755791395, 0.18250083162103029],
        ),
        (
            CellKind::Lstm,
            [
                0.27927580427789883,
                0.3383427155014027,
                0.3537212489684907,
                0.2874694324322901,
            ],
            [
                -0.1413572930811129,
                0.09054287243907623,
                -0.03968336375812692,
            ],
        ),
        (
            CellKind::Gru,
            [
                -0.6931542705590055,
                -0.7100382690540026,
                -0.73371683168559,
                -0.7902085741830432,
            ],
            [-0.4127044959754054, -0.2647430233735117, 0.1275226480262402],
        ),
    ];
    for (cell, outputs, last_hidden) in expected {
        let (shape, params, sequence) = reference_network(cell, 2, 3, 4);
        let trace = forward(&shape, &params, &sequence);
        assert_close(&trace.outputs, &outputs, 1e-14, "outputs");
        assert_close(trace.hidden_at(4), &last_hidden, 1e-14, "h_T");
        if cell == CellKind::Lstm {
            // The same numpy run's final cell state c_T.
            let c = [
                -0.33777266801106953,
                0.14534657243059784,
                -0.12179975856554087,
            ];
            assert_close(trace.cell_at(4), &c, 1e-14, "c_T");
        }
    }
}

#[test]
fn bptt_gradients_match_central_differences_for_every_cell() {
    for cell in CELLS {
        let (shape, params, sequence) = reference_network(cell, 2, 3, 5);
        let (_, gradient, _) = loss_and_gradient(&shape, &params, &sequence);
        let step = 1e-6;
        for i in 0..params.len() {
            let mut plus = params.clone();
            plus[i] += step;
            let mut minus = params.clone();
            minus[i] -= step;
            let numeric = (sequence_loss(&forward(&shape, &plus, &sequence), &sequence)
                - sequence_loss(&forward(&shape, &minus, &sequence), &sequence))
                / (2.0 * step);
            let error =
                (gradient[i] - numeric).abs() / gradient[i].abs().max(numeric.abs()).max(1e-3);
            assert!(
                error <= 1e-6,
                "{cell:?} parameter {i}: {} vs {numeric}",
                gradient[i]
            );
        }
    }
}

#[test]
fn the_last_hidden_gradient_is_the_readout_weights_times_the_output_error() {
    // Nothing comes back from after T, so ∂L/∂h_T = 2 w_T (y_T − target_T) W_hy exactly.
    for cell in CELLS {
        let (shape, params, sequence) = reference_network(cell, 2, 3, 5);
        let (_, _, states) = loss_and_gradient(&shape, &params, &sequence);
        let trace = forward(&shape, &params, &sequence);
        let dy = 2.0 * sequence.weights[4] * (trace.outputs[4] - sequence.targets[4]);
        let expected: Vec<f64> = params[shape.w_hy()].iter().map(|w| dy * w).collect();
        assert_close(&states.hidden[12..15], &expected, 1e-15, "∂L/∂h_T");
    }
}

#[test]
fn tanh_rnn_hidden_gradients_are_the_product_of_jacobians() {
    let (shape, params, sequence) = reference_network(CellKind::Rnn, 2, 3, 6);
    let sequence = sequence.last_step_only();
    let (_, _, states) = loss_and_gradient(&shape, &params, &sequence);
    let trace = forward(&shape, &params, &sequence);
    let h = shape.hidden_size;
    let w_hh = recurrent_block(&shape, &params, 0);
    let last = DVector::from_column_slice(&states.hidden[5 * h..6 * h]);
    // ∂L/∂h_t = (J_{t+1})ᵀ ⋯ (J_T)ᵀ ∂L/∂h_T with J_s = diag(1 − h_s²) W_hh.
    let mut product = DMatrix::<f64>::identity(h, h);
    for t in (1..6).rev() {
        let hs = trace.hidden_at(t + 1);
        let jacobian =
            DMatrix::from_diagonal(&DVector::from_iterator(h, hs.iter().map(|v| 1.0 - v * v)))
                * &w_hh;
        product = jacobian.transpose() * product;
        let expected = &product * &last;
        assert_close(
            &states.hidden[(t - 1) * h..t * h],
            expected.as_slice(),
            1e-12,
            "product of Jacobians",
        );
    }
}

#[test]
fn in_the_linear_regime_an_orthogonal_recurrence_scales_the_gradient_by_rho_per_step() {
    let hidden = 5;
    let shape = Shape {
        cell: CellKind::Rnn,
        input_size: 1,
        hidden_size: hidden,
    };
    // An orthogonal Q from the QR decomposition of a fixed matrix, W_hh = ρ Q.
    let a = DMatrix::from_fn(hidden, hidden, |i, j| ((i * 7 + j * 3) as f64 * 0.37).sin());
    let q = a.qr().q();
    let steps = 12;
    for rho in [0.5, 0.9, 1.5] {
        let mut params = vec![0.0; shape.parameter_count()];
        for i in 0..hidden {
            for j in 0..hidden {
                params[shape.w_hh().start + i * hidden + j] = rho * q[(i, j)];
            }
        }
        // Tiny inputs keep every h near 0, where tanh′ = 1 − h² = 1 to about 1e-16.
        for (k, w) in params[shape.w_ih()].iter_mut().enumerate() {
            *w = 1e-9 * (k as f64 + 1.0);
        }
        for (k, w) in params[shape.w_hy()].iter_mut().enumerate() {
            *w = 0.3 + 0.1 * k as f64;
        }
        let sequence = Sequence {
            inputs: vec![1.0; steps],
            targets: vec![1.0; steps],
            weights: vec![0.0; steps],
        }
        .last_step_only();
        let (_, _, states) = loss_and_gradient(&shape, &params, &sequence);
        let norms = states.hidden_norms();
        let last = norms[steps - 1];
        for back in 0..steps {
            let expected = rho.powi(back as i32) * last;
            let actual = norms[steps - 1 - back];
            assert!(
                (actual - expected).abs() <= 1e-12 * expected,
                "ρ = {rho}, k = {back}: {actual} vs {expected}"
            );
        }
    }
}

#[test]
fn rescaling_gives_the_requested_spectral_radius() {
    for cell in CELLS {
        for radius in [0.1, 0.5, 1.0, 1.7, 3.0] {
            let shape = Shape {
                cell,
                input_size: 1,
                hidden_size: 8,
            };
            let params = initialize(&shape, 3, radius);
            for found in recurrent_radii(&shape, &params) {
                let found = found.unwrap();
                assert!(
                    (found - radius).abs() <= 1e-12,
                    "{cell:?}: {found} vs {radius}"
                );
            }
        }
    }
}

#[test]
fn spectral_radius_counts_complex_eigenvalues() {
    // A rotation by 90° scaled by 2 has eigenvalues ±2i: radius 2, though its real
    // eigenvalues are none.
    let m = DMatrix::from_row_slice(2, 2, &[0.0, -2.0, 2.0, 0.0]);
    assert!((spectral_radius(&m).unwrap() - 2.0).abs() < 1e-15);
    // [[1, 2], [3, 4]]: eigenvalues (5 ± √33)/2, the larger in magnitude 5.372281323269014.
    let m = DMatrix::from_row_slice(2, 2, &[1.0, 2.0, 3.0, 4.0]);
    let expected = (5.0 + 33f64.sqrt()) / 2.0;
    assert!((spectral_radius(&m).unwrap() - expected).abs() < 1e-14);
}

#[test]
fn clip_grad_norm_follows_pytorch() {
    // torch.nn.utils.clip_grad_norm_: total norm 5 of (3, 4); max_norm 1 multiplies by
    // 1 / (5 + 1e-6) and returns 5.
    let mut g = vec![3.0, 4.0];
    let total = clip_grad_norm(&mut g, 1.0);
    assert_eq!(total, 5.0);
    let coefficient = 1.0 / (5.0 + 1e-6);
    assert_eq!(g, vec![3.0 * coefficient, 4.0 * coefficient]);
    // Below the maximum nothing changes (the clamped coefficient is 1).
    let mut g = vec![0.3, 0.4];
    assert_eq!(clip_grad_norm(&mut g, 1.0), 0.5);
    assert_eq!(g, vec![0.3, 0.4]);
    // Exactly at the maximum the 1e-6 makes the coefficient a hair below 1: PyTorch scales.
    let mut g = vec![3.0, 4.0];
    clip_grad_norm(&mut g, 5.0);
    assert!(g[0] < 3.0 && (g[0] - 3.0 * 5.0 / (5.0 + 1e-6)).abs() < 1e-15);
}

#[test]
fn tasks_build_the_sequences_they_describe() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let sine = Task::Sine.generate(10, &mut rng);
    // Each target is the next input.
    assert_eq!(&sine.targets[..9], &sine.inputs[1..]);
    assert!((sine.weights.iter().sum::<f64>() - 1.0).abs() < 1e-15);
    let memory = Task::Memory.generate(10, &mut rng);
    assert!(memory.inputs[0].abs() == 1.0 && memory.targets[9] == memory.inputs[0]);
    assert!(memory.inputs[1..].iter().all(|x| x.abs() <= 0.5));
    let adding = Task::Adding.generate(10, &mut rng);
    let marked: Vec<usize> = (0..10)
        .filter(|&t| adding.inputs[2 * t + 1] == 1.0)
        .collect();
    assert_eq!(marked.len(), 2);
    assert!(marked[0] < 5 && marked[1] >= 5);
    let sum = adding.inputs[2 * marked[0]] + adding.inputs[2 * marked[1]];
    assert_eq!(adding.targets[9], sum);
    assert_eq!(adding.weights[9], 1.0);
}

#[test]
fn training_on_the_sine_task_reduces_the_loss_tenfold() {
    let shape = Shape {
        cell: CellKind::Rnn,
        input_size: 1,
        hidden_size: 16,
    };
    let data = training_set(Task::Sine, 30, 32, 1);
    let params = initialize(&shape, 1, 0.9);
    let before = mean_loss(&shape, &params, &data);
    let mut trainer = Trainer::new(shape, params, OptimizerKind::Adam, 1).unwrap();
    let config = TrainingConfig {
        hyper: Hyperparameters {
            learning_rate: 0.01,
            ..Hyperparameters::default()
        },
        clip: None,
        batch_size: 8,
    };
    for _ in 0..300 {
        trainer.step(&data, &config).unwrap();
    }
    let after = mean_loss(&shape, &trainer.params, &data);
    // Measured: 0.5078 → 0.0127 (a factor 40); the test asks for 10.
    assert!(after < before / 10.0, "{before} -> {after}");
}

#[test]
fn training_is_reproducible_from_the_seed() {
    let shape = Shape {
        cell: CellKind::Lstm,
        input_size: 2,
        hidden_size: 4,
    };
    let data = training_set(Task::Adding, 8, 16, 5);
    let run = || {
        let mut trainer = Trainer::new(
            shape,
            initialize(&shape, 5, 1.0),
            OptimizerKind::Momentum,
            5,
        )
        .unwrap();
        let config = TrainingConfig {
            hyper: Hyperparameters::default(),
            clip: Some(0.5),
            batch_size: 4,
        };
        for _ in 0..20 {
            trainer.step(&data, &config).unwrap();
        }
        trainer.params
    };
    assert_eq!(run(), run());
}
