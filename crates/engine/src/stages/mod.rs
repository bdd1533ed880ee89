//! The stages, one module each, in pipeline order.

pub mod blocks;
pub mod entities;
pub mod events;
pub mod quotes;
pub mod sentences;
pub mod syntax;
pub mod timex;
pub mod tokens;
