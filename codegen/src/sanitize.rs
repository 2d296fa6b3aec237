//! Wire names → valid, readable Rust identifiers.
