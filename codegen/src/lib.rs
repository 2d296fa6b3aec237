//! `feishu-codegen`: turns Feishu (Lark) open-platform API doc pages, written in Markdown,
//! into typed Rust bindings.
//!
//! The pipeline has four stages, each its own module:
//! 1. [`parse`]: Markdown (pulldown-cmark, or Feishu's `:::html` source) → blocks → [`ir::Api`],
//!    never panicking; problems become [`ir::Diagnostic`]s.
//! 2. [`ir`]: plain serde types describing each API.
//! 3. [`emit`]: IR → `proc_macro2::TokenStream` (quote), identifiers via `sanitize`.
//! 4. [`format`]: tokens → `syn::File` → prettyplease text.
//!
//! [`generate`] ties them together for the CLI and for `build.rs`; [`lint`] reports the docs'
//! own inconsistencies. Every diagnostic is made with its stable code ([`codes`]).
//!
//! Only what `build.rs`, the CLI, the fuzz targets, the benches and the tests' black-box
//! checks use is public; everything else is `pub(crate)`.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod codes;
pub mod diff;
pub mod emit;
pub mod format;
pub mod generate;
pub mod ir;
pub mod lint;
mod par;
pub mod parse;
pub(crate) mod sanitize;
#[cfg(feature = "sync")]
pub mod sync;

pub use generate::{generate_tree, read_specs, GenerateError, GeneratedTree, Options};
pub use parse::{parse_item, parse_page, parse_pages};
