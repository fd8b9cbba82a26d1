//! mlmath-viz: live visualizations of the mathematics of machine learning.
//!
//! The crate is layered so that everything but `web` runs natively and is tested with
//! `cargo test`: `math` (pure numerics) ← `render` (plotters drawing and pixel buffers)
//! ← `demos` (one file per demo plus the registry) ← `web` (the only DOM code, wasm32 only).
//! `url` is the pure parser and writer of the location-hash state; `number_text` reads
//! decimal numbers for all of them (in the browser through `parseFloat`, to keep Rust's
//! 10 KB decimal table out of every module). See ARCHITECTURE.md.

pub mod demos;
pub mod math;
pub mod number_text;
pub mod render;
pub mod text;
pub mod url;

#[cfg(target_arch = "wasm32")]
pub mod web;
