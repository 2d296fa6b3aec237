//! Stage 1: a doc page (bytes) → [`crate::ir::Api`]. Never panics.
//!
//! Two steps: the page's Markdown ([`markdown`], pulldown-cmark) and `:::html` blocks
//! ([`html`]) become one flavour-neutral block model ([`blocks`]); the page reader
//! ([`page`]) turns blocks into the IR, reading sections and table columns by meaning.
//! [`text`] takes cells apart (descriptions, examples, enum values); [`types`] reads
//! documented type names.

pub mod blocks;
pub mod html;
mod lines;
pub(crate) mod markdown;
pub(crate) mod page;
mod rowtext;
mod run;
#[cfg(test)]
mod survey;
pub(crate) mod text;
pub(crate) mod types;

use crate::ir::Api;
pub use run::parse_pages;

/// Reads one doc page. `source` is the page's path relative to the specs root (it names the
/// API when the page does not, and appears in diagnostics). Never panics: every problem is a
/// diagnostic in the returned [`Api`]. A page read on its own has no dictionary of the
/// run's named types for its flattened tables: [`parse_pages`] reads a run's pages.
pub fn parse_page(source: &str, bytes: &[u8]) -> Api {
    let mut api = page::read_page(source, bytes);
    crate::lint::classify::assign_codes(&mut api.diagnostics);
    api
}
