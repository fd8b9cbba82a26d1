//! The pure math core: no DOM, no wasm-bindgen, no plotters (a test enforces it).
//!
//! Everything here takes plain data (and `&mut impl Rng` where randomness is involved) and
//! is tested natively with `cargo test`.

pub mod activations;
pub mod approx_inference;
pub mod attention;
pub mod autodiff;
pub mod backprop;
pub mod bayes;
pub mod calculus_rules;
pub mod cancellation;
pub mod conditioning;
pub mod contour;
pub mod convolution;
pub mod coordinates;
pub mod covariance;
pub mod differentiation;
pub mod distributions;
pub mod double_double;
pub mod expr;
pub mod floats;
#[cfg(test)]
mod floats_reference;
pub mod gd1d;
pub mod hypothesis;
pub mod information;
pub mod least_squares;
pub mod limit_theorems;
pub mod limits;
pub mod linalg2d;
pub mod matrices;
pub mod mixed_precision;
pub mod monte_carlo;
pub mod multivariable;
pub mod neuron;
pub mod nn;
pub mod nn_datasets;
pub mod nn_json;
pub mod numpy_gradient;
pub mod optimizers;
pub mod pca;
pub mod quadratic_descent;
pub mod quadrature;
pub mod quasi_newton;
pub mod regularization;
pub mod rnn;
pub mod sample_stats;
pub mod special;
pub mod summation;
pub mod surfaces;
pub mod tensors;
pub mod vectors;
