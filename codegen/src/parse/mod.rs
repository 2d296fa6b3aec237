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

use crate::ir::{Api, Item};
pub use run::parse_pages;

/// Reads one doc page: an API, or (a page with a `事件类型` or `回调类型` row) an event or
/// callback. `source` is the page's path relative to the specs root (it names the item when
/// the page does not, and appears in diagnostics). Never panics: every problem is a
/// diagnostic in the returned [`Item`]. A page read on its own has no dictionary of the
/// run's named types for its flattened tables: [`parse_pages`] reads a run's pages.
pub fn parse_item(source: &str, bytes: &[u8]) -> Item {
    page::read_page(source, bytes)
}

/// Reads one API page (see [`parse_item`]). An event or callback page gives an [`Api`]
/// with nothing but its title, source and diagnostics, plus an error saying it is not an API.
pub fn parse_page(source: &str, bytes: &[u8]) -> Api {
    match parse_item(source, bytes) {
        Item::Api(api) => *api,
        Item::Event(e) => not_an_api(*e),
    }
}

fn not_an_api(e: crate::ir::Event) -> Api {
    use crate::codes::Code;
    use crate::ir::{ApiId, Body, Diagnostic, Examples, PathTemplate};
    let mut diagnostics = e.diagnostics;
    let d = Diagnostic::new(
        Code::NotAnApi,
        0,
        0,
        format!(
            "the page documents the {} `{}`, not an API; read it as an event item",
            e.kind.as_str(),
            e.event_type
        ),
    );
    diagnostics.insert(0, d);
    Api {
        source: e.source,
        id: ApiId {
            service: e.id.service,
            version: e.id.version,
            resource: e.id.resource,
            method: e.id.event,
        },
        flavour: e.flavour,
        doc_url: None,
        title: e.title,
        description: e.description,
        http_method: None,
        path: PathTemplate::default(),
        host: None,
        access_tokens: Vec::new(),
        scopes: e.scopes,
        scope_names: e.scope_names,
        field_scopes: e.field_scopes,
        app_types: e.app_types,
        rate_limit: None,
        path_params: Vec::new(),
        query_params: Vec::new(),
        headers: Vec::new(),
        request_body: Body::default(),
        response_body: Body::default(),
        errors: e.errors,
        examples: Examples::default(),
        sdk: None,
        diagnostics,
    }
}
