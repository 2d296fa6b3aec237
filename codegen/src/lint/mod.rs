//! The doc linter: the docs' own inconsistencies (examples against tables, URL placeholders
//! against path parameters, duplicate rows) and the parser's diagnostics, each with a stable
//! code from [`codes`]. `feishu-codegen lint` runs it; `docs/LINT.md` lists the kinds.
//!
//! Every diagnostic, the parser's and the checks' here, is made with its code.

pub use crate::codes;
mod duplicates;
mod event;
mod examples;
mod locate;
mod params;
pub mod render;

pub use codes::Code;

use crate::generate::{layout_source, GenerateError};
use crate::ir::{Api, Diagnostic, Event, Item, Severity};
use crate::par::par_map;
use locate::{Example, Locations};
use std::path::PathBuf;

/// Where a finding is.
enum At {
    /// The table row at this line (0: the field was inferred).
    Row(u32),
    /// A key of an example, by display path.
    Key(Example, String),
}

/// A finding before positions inside examples are resolved.
struct Finding {
    code: Code,
    at: At,
    message: String,
}

/// The linter's own diagnostics for one page: `api` as parsed from `text`. The parser's
/// diagnostics are not repeated (they are in `api.diagnostics`).
pub fn check_page(api: &Api, text: &str) -> Vec<Diagnostic> {
    check_as(api, text, examples::API_EXAMPLES)
}

/// The linter's own diagnostics for an event or callback page: its envelope example against
/// the envelope and the event's table, its answer examples against the answer's table, rows
/// documented twice.
pub fn check_event(e: &Event, text: &str) -> Vec<Diagnostic> {
    check_as(&event::as_api(e), text, event::EXAMPLES)
}

fn check_as(api: &Api, text: &str, names: examples::ExampleNames) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    examples::check(api, names, &mut findings);
    duplicates::check(api, &mut findings);
    params::check(api, &mut findings);
    // Reading the page's blocks again is only worth it when an example needs positions.
    let locations = findings
        .iter()
        .any(|f| matches!(f.at, At::Key(..)))
        .then(|| Locations::of_page(api, text));
    findings
        .into_iter()
        .map(|f| {
            let (line, column) = match &f.at {
                At::Row(line) => (*line, 1),
                At::Key(which, path) => locations
                    .as_ref()
                    .and_then(|l| l.get(*which, path))
                    .unwrap_or((0, 0)),
            };
            Diagnostic::new(f.code, line, column, f.message)
        })
        .collect()
}

/// Everything the linter says about one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageReport {
    /// The page's path as given.
    pub path: String,
    /// The parser's and the linter's diagnostics, by line, column and code.
    pub diagnostics: Vec<Diagnostic>,
}

impl PageReport {
    /// Parses and lints one page; `path` names it in diagnostics and (by its last four
    /// components) names the API.
    pub fn of_page(path: &str, bytes: &[u8]) -> Self {
        Self::of_read(
            path,
            &crate::parse::parse_item(&layout_source(path), bytes),
            bytes,
        )
    }

    /// Lints one page `item` read from `bytes`.
    fn of_read(path: &str, item: &Item, bytes: &[u8]) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = String::from_utf8_lossy(bytes);
        let mine = match item {
            Item::Api(api) => check_page(api, &text),
            Item::Event(e) => check_event(e, &text),
        };
        let mut diagnostics = item.diagnostics().to_vec();
        diagnostics.extend(mine);
        diagnostics.sort_by(|a, b| {
            (a.line, a.column, &a.code, &a.message).cmp(&(b.line, b.column, &b.code, &b.message))
        });
        PageReport {
            path: path.to_string(),
            diagnostics,
        }
    }

    /// The kind of each diagnostic.
    pub fn codes(&self) -> impl Iterator<Item = (Code, &Diagnostic)> {
        self.diagnostics.iter().map(|d| (d.code, d))
    }

    /// Keeps only the diagnostics of the kinds `codes`.
    pub fn retain_codes(&mut self, codes: &[Code]) {
        self.diagnostics.retain(|d| codes.contains(&d.code));
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Lints `pages` (`(display path, file)`), in parallel with up to `threads` threads (0 = the
/// available parallelism); the reports have the order of `pages`. The first read error (in
/// `pages` order) is returned.
pub fn lint_pages(
    pages: &[(String, PathBuf)],
    threads: usize,
) -> Result<Vec<PageReport>, GenerateError> {
    let files: Vec<(String, Vec<u8>)> = par_map(pages, threads, |(display, path)| {
        match std::fs::read(path) {
            Ok(bytes) => Ok((layout_source(display), bytes)),
            Err(error) => Err(GenerateError::Io {
                path: path.clone(),
                action: "read",
                error,
            }),
        }
    })
    .into_iter()
    .collect::<Result<_, _>>()?;
    // The pages are one run: flattened tables use what the others say about named types.
    let items = crate::parse::parse_pages(&files, threads, |(source, bytes)| {
        (source.as_str(), bytes.as_slice())
    });
    let read: Vec<_> = pages.iter().zip(&files).zip(&items).collect();
    Ok(par_map(
        &read,
        threads,
        |(((display, _), (_, bytes)), item)| PageReport::of_read(display, item, bytes),
    ))
}
