//! The report as Markdown (grouped by service, with a headline) or as JSON.

use super::model::{ApiChanges, Change, Report, Status, Summary};
use std::fmt::Write;

/// `3 major, 41 minor, 120 patch → next version 0.3.0`.
pub fn headline(summary: &Summary, next_version: Option<&str>) -> String {
    let counts = format!(
        "{} major, {} minor, {} patch",
        summary.major, summary.minor, summary.patch
    );
    match (summary.worst(), next_version) {
        (None, Some(v)) => format!("{counts} → version stays {v}"),
        (None, None) => format!("{counts}: no API changes"),
        (Some(_), Some(v)) => format!("{counts} → next version {v}"),
        (Some(c), None) => format!("{counts} → a {c} release"),
    }
}

/// `101 APIs added, 0 removed, 212 changed, 5 unchanged`, then the events' counts when
/// there are event pages (`; 2 events added, 0 removed, 3 changed, 194 unchanged`).
pub fn api_counts(summary: &Summary) -> String {
    let apis = format!(
        "{} APIs added, {} removed, {} changed, {} unchanged",
        summary.apis_added, summary.apis_removed, summary.apis_changed, summary.apis_unchanged
    );
    let events = [
        summary.events_added,
        summary.events_removed,
        summary.events_changed,
        summary.events_unchanged,
    ];
    if events.iter().all(|n| *n == 0) {
        return apis;
    }
    format!(
        "{apis}; {} events added, {} removed, {} changed, {} unchanged",
        events[0], events[1], events[2], events[3]
    )
}

/// One line of text, at most `max` characters.
fn short(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = flat.replace('`', "'");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    }
}

fn change_line(c: &Change) -> String {
    let mut line = format!("- {} · {} · `{}`", c.class, c.kind.label(), c.location);
    match (&c.old, &c.new) {
        (Some(o), Some(n)) => {
            let _ = write!(line, ": `{}` → `{}`", short(o, 80), short(n, 80));
        }
        (Some(o), None) => {
            let _ = write!(line, ": `{}`", short(o, 80));
        }
        (None, Some(n)) => {
            let _ = write!(line, ": `{}`", short(n, 80));
        }
        (None, None) => {}
    }
    if let Some(note) = &c.note {
        let _ = write!(line, " ({note})");
    }
    line
}

/// Change lines, with runs of additions at one location (enum values, identifiers) on one line.
fn grouped_lines(changes: &[Change]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut i = 0;
    while let Some(c) = changes.get(i) {
        let run = changes
            .get(i..)
            .unwrap_or(&[])
            .iter()
            .take_while(|d| {
                d.kind == c.kind
                    && d.location == c.location
                    && d.class == c.class
                    && d.note == c.note
                    && d.old.is_none()
                    && d.new.is_some()
            })
            .count();
        if run < 2 {
            lines.push(change_line(c));
            i += 1;
            continue;
        }
        let values: Vec<String> = changes
            .get(i..i + run)
            .unwrap_or(&[])
            .iter()
            .filter_map(|d| d.new.as_deref())
            .map(|v| format!("`{}`", short(v, 80)))
            .collect();
        let mut line = format!(
            "- {} · {} ×{run} · `{}`: {}",
            c.class,
            c.kind.label(),
            c.location,
            values.join(", ")
        );
        if let Some(note) = &c.note {
            let _ = write!(line, " ({note})");
        }
        lines.push(line);
        i += run;
    }
    lines
}

fn api_heading(a: &ApiChanges) -> String {
    let docs = if a.docs_class == a.class {
        String::new()
    } else {
        format!(" (docs: {}; generated names: {})", a.docs_class, a.class)
    };
    let event = a
        .event_type
        .as_deref()
        .map(|t| format!(" (event `{t}`)"))
        .unwrap_or_default();
    format!(
        "`{}`{event} {} · {}{docs}",
        a.id,
        short(&a.title, 60),
        a.class
    )
}

/// The Markdown report.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# API changes: {} → {}\n", report.old, report.new);
    let _ = writeln!(
        out,
        "**{}**\n",
        headline(&report.summary, report.next_version.as_deref())
    );
    let _ = write!(out, "{}.", api_counts(&report.summary));
    if !report.prose_listed && report.summary.patch > 0 {
        let _ = write!(
            out,
            " Wording changes are counted, not listed (`--prose` lists them)."
        );
    }
    out.push('\n');
    let mut service = "";
    let mut after_section = false;
    for a in &report.apis {
        if a.service != service {
            service = &a.service;
            let _ = writeln!(out, "\n## {service}\n");
            after_section = false;
        }
        match a.status {
            Status::Added | Status::Removed => {
                if after_section {
                    out.push('\n');
                    after_section = false;
                }
                if let Some(c) = a.changes.first() {
                    let endpoint = c.new.as_deref().or(c.old.as_deref()).unwrap_or("");
                    let _ = writeln!(
                        out,
                        "- {} · {} · `{}` {}: `{}`",
                        c.class,
                        c.kind.label(),
                        a.id,
                        short(&a.title, 60),
                        endpoint
                    );
                }
            }
            Status::Changed => {
                after_section = true;
                let _ = writeln!(out, "\n### {}\n", api_heading(a));
                for line in grouped_lines(&a.changes) {
                    let _ = writeln!(out, "{line}");
                }
                let unlisted = if report.prose_listed {
                    0
                } else {
                    a.prose_changes
                };
                if unlisted > 0 {
                    let _ = writeln!(out, "- patch · {unlisted} wording change(s)");
                }
            }
        }
    }
    out
}

/// The JSON report (pretty-printed, trailing newline); its schema is `docs/DIFF-JSON.md`.
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
    s.push('\n');
    s
}
