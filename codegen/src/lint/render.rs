//! The linter's outputs: diagnostic lines (`path:line:col: severity: CODE message`), the
//! summary table by code, the JSON document (`--format json`, shape in `docs/LINT.md`), and
//! the one-line warning summary `generate` prints.

use super::{Code, PageReport};
use crate::ir::{Item, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The text output: with `list`, one line per diagnostic ([`crate::ir::Diagnostic::render`]) and a blank line; then the
/// summary table.
pub fn text(reports: &[PageReport], summary: &Summary, list: bool) -> String {
    let mut out = String::new();
    if list {
        for r in reports {
            for d in &r.diagnostics {
                out.push_str(&d.render(&r.path));
                out.push('\n');
            }
        }
        if !out.is_empty() {
            out.push('\n');
        }
    }
    out.push_str(&summary.table());
    out
}

/// One row of the summary: how often a kind occurs, and on how many pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub code: String,
    pub severity: Severity,
    pub title: String,
    pub count: usize,
    pub pages: usize,
}

/// Totals over a lint run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Pages read.
    pub pages: usize,
    /// Pages with at least one diagnostic.
    pub pages_with_diagnostics: usize,
    pub errors: usize,
    pub warnings: usize,
    /// One row per code that occurs, in code order.
    pub by_code: Vec<SummaryRow>,
}

impl Summary {
    pub fn of(reports: &[PageReport]) -> Self {
        let mut rows: BTreeMap<Code, (usize, usize)> = BTreeMap::new();
        for r in reports {
            let mut on_page: Vec<Code> = Vec::new();
            for (code, _) in r.codes() {
                rows.entry(code).or_default().0 += 1;
                if !on_page.contains(&code) {
                    on_page.push(code);
                    rows.entry(code).or_default().1 += 1;
                }
            }
        }
        Summary {
            pages: reports.len(),
            pages_with_diagnostics: reports.iter().filter(|r| !r.diagnostics.is_empty()).count(),
            errors: reports.iter().map(|r| r.count(Severity::Error)).sum(),
            warnings: reports.iter().map(|r| r.count(Severity::Warning)).sum(),
            by_code: rows
                .into_iter()
                .map(|(code, (count, pages))| SummaryRow {
                    code: code.id().to_string(),
                    severity: code.severity(),
                    title: code.title().to_string(),
                    count,
                    pages,
                })
                .collect(),
        }
    }

    /// The summary as an aligned text table plus a totals line.
    pub fn table(&self) -> String {
        let mut out = String::from("code  severity  count  pages  title\n");
        for r in &self.by_code {
            out.push_str(&format!(
                "{:<4}  {:<8}  {:>5}  {:>5}  {}\n",
                r.code,
                r.severity.to_string(),
                r.count,
                r.pages,
                r.title
            ));
        }
        out.push_str(&format!(
            "{} error(s), {} warning(s) in {} of {} page(s)\n",
            self.errors, self.warnings, self.pages_with_diagnostics, self.pages
        ));
        out
    }
}

/// The `--format json` document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonReport {
    /// The shape's version; bumped only if a key changes meaning (keys are only ever added).
    pub version: u32,
    pub diagnostics: Vec<JsonDiagnostic>,
    pub summary: Summary,
}

/// One diagnostic of the JSON document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsonDiagnostic {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub code: String,
    pub message: String,
}

impl JsonReport {
    pub fn of(reports: &[PageReport]) -> Self {
        let diagnostics = reports
            .iter()
            .flat_map(|r| {
                r.codes().map(|(code, d)| JsonDiagnostic {
                    path: r.path.clone(),
                    line: d.line,
                    column: d.column,
                    severity: d.severity,
                    code: code.id().to_string(),
                    message: d.message.clone(),
                })
            })
            .collect();
        JsonReport {
            version: 1,
            diagnostics,
            summary: Summary::of(reports),
        }
    }
}

/// `generate`'s line about warnings: `312 warnings in 190 pages; run ... for the list`;
/// `None` without warnings.
pub fn warning_summary(items: &[Item], specs: &str) -> Option<String> {
    let per_page: Vec<usize> = items
        .iter()
        .map(|a| {
            a.diagnostics()
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count()
        })
        .collect();
    let warnings: usize = per_page.iter().sum();
    let pages = per_page.iter().filter(|&&n| n > 0).count();
    (warnings > 0).then(|| {
        format!(
            "{warnings} warning{} in {pages} page{}; run `feishu-codegen lint {specs}` (or `generate --verbose`) for the list",
            if warnings == 1 { "" } else { "s" },
            if pages == 1 { "" } else { "s" },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Diagnostic;

    fn report(path: &str, diags: Vec<Diagnostic>) -> PageReport {
        PageReport {
            path: path.into(),
            diagnostics: diags,
        }
    }

    #[test]
    fn lines_carry_the_code_after_the_severity() {
        let d = Diagnostic::new(Code::NoTitle, 0, 0, "m");
        assert_eq!(d.render("a/b.md"), "a/b.md:1:1: warning: F030 m");
        assert_eq!(
            Diagnostic::new(Code::NoUrl, 3, 4, "m").render("p"),
            "p:3:4: error: F042 m"
        );
    }

    #[test]
    fn summary_counts_diagnostics_and_pages_per_code() {
        let w = |c| Diagnostic::new(c, 1, 1, "m");
        let reports = [
            report(
                "a",
                vec![w(Code::NoTitle), w(Code::NoTitle), w(Code::UnknownType)],
            ),
            report(
                "b",
                vec![w(Code::NoTitle), Diagnostic::new(Code::NoUrl, 2, 1, "e")],
            ),
            report("c", vec![]),
        ];
        let s = Summary::of(&reports);
        assert_eq!(
            (s.pages, s.pages_with_diagnostics, s.errors, s.warnings),
            (3, 2, 1, 4)
        );
        let rows: Vec<(&str, usize, usize)> = s
            .by_code
            .iter()
            .map(|r| (r.code.as_str(), r.count, r.pages))
            .collect();
        assert_eq!(rows, [("F014", 1, 1), ("F030", 3, 2), ("F042", 1, 1)]);
        let table = s.table();
        assert!(
            table.contains("F030  warning       3      2  no title\n"),
            "{table}"
        );
        assert!(
            table.ends_with("1 error(s), 4 warning(s) in 2 of 3 page(s)\n"),
            "{table}"
        );
    }
}
