//! Metamorphic test: a real `feishu-c` page re-rendered into the forms other Markdown
//! converters write (no outer pipes, cells continued over lines, a `名称 | 值` request table,
//! in-cell `**示例值**：` blocks on lines of their own (also without outer pipes),
//! `&emsp;`/indentation/`└` nesting, a `title`/`source_url` front matter) reads into the same
//! IR as the page itself, ignoring `source` and line and column numbers.
//!
//! Pages: `tests/fixtures/metamorphic/pages/`, copied from the corpus by `select.py` there
//! (a deterministic spread over services), and `pages/events/`: event and callback pages
//! (every 10th event page of the corpus' `events-c`, in path order, and the card callback),
//! read as events the same way. The renderer is `tests/support/forms.rs`; a
//! page that cannot be written in a form is listed with the reason in `EXCEPTIONS.txt`,
//! and the test fails when that list and the renderer disagree.
//!
//! `METAMORPHIC_PAGES=/path/to/corpus/feishu-c cargo test -p feishu-codegen --test metamorphic
//! -- --nocapture` runs the same check over another folder (all 1,693 corpus pages in 9
//! forms: no difference, no exception, 96 s in a debug build).

#[path = "support/forms.rs"]
mod forms;

use feishu_codegen::ir::{Field, Item};
use feishu_codegen::parse_item;
use forms::{Page, FORMS};
use serde_json::Value;
use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/metamorphic");

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            pages(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// The IR as JSON without what a re-rendering may change: line and column numbers (also
/// those a message quotes).
fn normalised(mut item: Item) -> Value {
    fn clear(fields: &mut [Field]) {
        for f in fields {
            f.line = 0;
            if let Some(c) = f.children.as_mut() {
                clear(c);
            }
        }
    }
    match &mut item {
        Item::Api(api) => {
            for list in [
                &mut api.path_params,
                &mut api.query_params,
                &mut api.headers,
                &mut api.request_body.fields,
                &mut api.response_body.fields,
            ] {
                clear(list);
            }
        }
        Item::Event(e) => {
            clear(&mut e.event.fields);
            clear(&mut e.header);
            if let Some(r) = e.response.as_mut() {
                clear(&mut r.fields);
            }
        }
    }
    for d in item.diagnostics_mut() {
        d.line = 0;
        d.column = 0;
        // A grouped section warning lists its tables' lines in the message, a merged
        // field's warning the line of its first row.
        let at = ["tables at lines ", "first at line "]
            .iter()
            .find_map(|m| d.message.find(m).map(|at| at + m.len()));
        if let Some(digits_from) = at {
            let (head, tail) = d.message.split_at(digits_from);
            let tail: String = tail
                .chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect();
            d.message = format!("{head}{tail}");
        }
    }
    serde_json::to_value(item).unwrap()
}

/// The first place two JSON values differ, as `path: a != b`.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = format!("{path}.{k}");
                match y.get(k) {
                    Some(vb) => {
                        if let Some(d) = first_difference(va, vb, &p) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{p}: {va} != (absent)")),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{path}.{k}: (absent) != {}", y[k]))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(va, vb, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| {
                let extra = |v: &[Value]| v.get(x.len().min(y.len())).cloned();
                format!(
                    "{path}: {} items != {} items (first extra: {:?} / {:?})",
                    x.len(),
                    y.len(),
                    extra(x).map(|v| v.to_string()),
                    extra(y).map(|v| v.to_string())
                )
            })
        }
        _ => (a != b).then(|| format!("{path}: {a} != {b}")),
    }
}

/// What one page gave in every form.
#[derive(Default)]
struct Outcome {
    /// `form\tpage\treason` for forms the page cannot be written in.
    exceptions: Vec<String>,
    /// `form page: difference`.
    failures: Vec<String>,
    /// Forms that changed the page's text.
    changed: Vec<&'static str>,
    /// In the in-cell-blocks form: JSON examples spread over lines, `- value：meaning` lines.
    spread_examples: usize,
    value_lines: usize,
}

fn check_page(root: &Path, path: &Path) -> Outcome {
    let rel = path
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let text = std::fs::read_to_string(path).unwrap();
    let item = parse_item(&rel, text.as_bytes());
    if rel.starts_with("events/") {
        assert!(
            item.as_event().is_some() && !item.has_errors(),
            "{rel} reads as an event without errors"
        );
    }
    let want = normalised(item.clone());
    let page = Page {
        text: &text,
        item: &item,
    };
    let mut out = Outcome::default();
    for (form, render) in FORMS {
        match render(&page) {
            Err(reason) => out.exceptions.push(format!("{form}\t{rel}\t{reason}")),
            Ok(rendered) => {
                if rendered != text {
                    out.changed.push(form);
                }
                if *form == "in-cell-blocks" {
                    // Lines without their hard breaks.
                    let lines: Vec<&str> = rendered
                        .lines()
                        .map(|l| l.trim().trim_end_matches('\\').trim_end())
                        .collect();
                    out.spread_examples += lines
                        .windows(2)
                        .filter(|w| {
                            w[0].ends_with("**示例值**：") && matches!(w[1], "[" | "{")
                                || w[0].ends_with("**示例值**：[")
                                || w[0].ends_with("**示例值**：{")
                        })
                        .count();
                    out.value_lines += lines
                        .iter()
                        .filter(|l| {
                            l.strip_prefix("- ")
                                .and_then(|r| r.split_once('：'))
                                .is_some_and(|(v, _)| {
                                    !v.is_empty()
                                        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                                })
                        })
                        .count();
                }
                let got = normalised(parse_item(&rel, rendered.as_bytes()));
                if let Some(d) = first_difference(&want, &got, "") {
                    out.failures.push(format!("{form} {rel}: {d}"));
                }
            }
        }
    }
    out
}

#[test]
fn every_form_of_a_page_reads_into_the_same_ir() {
    // `METAMORPHIC_PAGES=DIR` runs the check over another folder of feishu-c pages (a whole
    // corpus, by hand); the test's own pages are the fixtures.
    let root = std::env::var_os("METAMORPHIC_PAGES")
        .map_or_else(|| Path::new(ROOT).join("pages"), PathBuf::from);
    let mut paths = Vec::new();
    pages(&root, &mut paths);
    assert!(
        paths.len() >= 200,
        "{} pages under {}",
        paths.len(),
        root.display()
    );
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunks: Vec<&[PathBuf]> = paths.chunks(paths.len().div_ceil(threads)).collect();
    let outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| {
                let root = &root;
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|p| check_page(root, p))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });

    let mut failures = Vec::new();
    let mut exceptions = Vec::new();
    for o in &outcomes {
        failures.extend(o.failures.iter().cloned());
        exceptions.extend(o.exceptions.iter().cloned());
    }
    for (form, _) in FORMS {
        let changed = outcomes.iter().filter(|o| o.changed.contains(form)).count();
        let written = paths.len()
            - exceptions
                .iter()
                .filter(|e| e.split('\t').next() == Some(form))
                .count();
        eprintln!("{form}: {written} pages written, {changed} of them changed by the form");
        // Pages the form leaves as they are (no nested rows, no `<br>`) prove nothing.
        assert!(
            changed >= 200,
            "{form} changes only {changed} pages; the test needs 200"
        );
    }
    let spread: usize = outcomes.iter().map(|o| o.spread_examples).sum();
    let values: usize = outcomes.iter().map(|o| o.value_lines).sum();
    eprintln!(
        "in-cell-blocks: {spread} JSON examples over lines, {values} `- value：meaning` lines"
    );
    assert!(spread >= 100 && values >= 1000, "{spread} {values}");
    assert!(
        failures.is_empty(),
        "{} page forms read differently:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let expected = std::fs::read_to_string(Path::new(ROOT).join("EXCEPTIONS.txt")).unwrap();
    let expected: Vec<&str> = expected
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    exceptions.sort();
    assert_eq!(
        exceptions, expected,
        "pages that cannot be written in a form (EXCEPTIONS.txt lists them with the reason)"
    );
}
