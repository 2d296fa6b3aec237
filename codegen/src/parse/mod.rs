//! Stage 1: a doc page (bytes) → [`crate::ir::Api`]. Never panics.

pub mod blocks;
pub mod html;
pub mod markdown;
pub mod page;
pub mod text;
pub mod types;

use crate::ir::Api;

/// Reads one doc page. `source` is the page's path relative to the specs root (it names the
/// API when the page does not, and appears in diagnostics). Never panics: every problem is a
/// diagnostic in the returned [`Api`].
pub fn parse_page(source: &str, bytes: &[u8]) -> Api {
    let mut api = page::read_page(source, bytes);
    crate::lint::classify::assign_codes(&mut api.diagnostics);
    api
}
