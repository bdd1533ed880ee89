//! The stages, one module each, in pipeline order.

pub mod blocks;
pub mod sentences;
pub mod tokens;
