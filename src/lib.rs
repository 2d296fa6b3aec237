//! Typed bindings for the Feishu (Lark) open platform.

pub mod runtime;
pub use runtime::*;
