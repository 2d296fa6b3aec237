//! The doc linter: the docs' own inconsistencies (examples against tables, URL placeholders
//! against path parameters, duplicate rows) and the parser's diagnostics, each with a stable
//! code from [`codes`]. `feishu-codegen lint` runs it; `docs/LINT.md` lists the kinds.
//!
//! The parser's diagnostics get their codes in `classify` (called by
//! [`crate::parse::parse_page`]); the checks here make diagnostics with their code set.

pub(crate) mod classify;
pub mod codes;
mod duplicates;
mod examples;
mod locate;
mod params;
pub mod render;

pub use codes::Code;

use crate::generate::{layout_source, GenerateError};
use crate::ir::{Api, Diagnostic, Severity};
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
    let mut findings = Vec::new();
    examples::check(api, &mut findings);
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
            Diagnostic {
                severity: f.code.severity(),
                line,
                column,
                message: f.message,
                code: Some(f.code.id().to_string()),
            }
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
            &crate::parse::parse_page(&layout_source(path), bytes),
            bytes,
        )
    }

    /// Lints one page `api` read from `bytes`.
    fn of_read(path: &str, api: &Api, bytes: &[u8]) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = String::from_utf8_lossy(bytes);
        let mine = check_page(api, &text);
        let mut diagnostics = api.diagnostics.clone();
        diagnostics.extend(mine);
        diagnostics.sort_by(|a, b| {
            (a.line, a.column, &a.code, &a.message).cmp(&(b.line, b.column, &b.code, &b.message))
        });
        PageReport {
            path: path.to_string(),
            diagnostics,
        }
    }

    /// The kind of each diagnostic (parser diagnostics always have one).
    pub fn codes(&self) -> impl Iterator<Item = (Code, &Diagnostic)> {
        self.diagnostics.iter().map(|d| {
            let code = d
                .code
                .as_deref()
                .and_then(Code::from_id)
                .unwrap_or(Code::Unclassified);
            (code, d)
        })
    }

    /// Keeps only the diagnostics of the kinds `codes`.
    pub fn retain_codes(&mut self, codes: &[Code]) {
        self.diagnostics.retain(|d| {
            d.code
                .as_deref()
                .and_then(Code::from_id)
                .is_some_and(|c| codes.contains(&c))
        });
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
    let apis = crate::parse::parse_pages(&files, threads, |(source, bytes)| {
        (source.as_str(), bytes.as_slice())
    });
    let read: Vec<_> = pages.iter().zip(&files).zip(&apis).collect();
    Ok(par_map(
        &read,
        threads,
        |(((display, _), (_, bytes)), api)| PageReport::of_read(display, api, bytes),
    ))
}
