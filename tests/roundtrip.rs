//! Every spec page's JSON examples through the generated types: the request example is read
//! into the request-body type and written back, the response example's `data` into the
//! response type and back, and the JSON values are compared (numbers by value; a `null` and an
//! absent key are the same). A difference is printed with its JSON path.
//!
//! Some pages' examples disagree with their own tables (a field the table does not document,
//! a value of another type). Those are listed, with the reason, in
//! `tests/roundtrip-discrepancies.txt`; the test fails on any difference not listed there and
//! on any listed difference that no longer occurs. `ROUNDTRIP_PRINT=1` prints the current list.
//!
//! Event and callback pages go the same way: the envelope example's `event` object is read
//! into the event type (through `Event::from_event`) and written back, a callback's answer
//! examples into its answer type; their differences are listed in the same file, by page
//! (`im/v1/message/events/receive event ...`).
//!
//! Runs for the services whose features are enabled (`--all-features`: every page).

use feishu_api::{Json, JsonError};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Check = fn(Value) -> Result<Value, JsonError>;
type Case = (&'static str, &'static str, Option<Check>, Option<Check>);
type EventCase = (&'static str, &'static str, Check, Option<Check>);

/// Reads `value` as `T` and writes it back.
fn round_trip<T: Json>(value: Value) -> Result<Value, JsonError> {
    T::from_json(value).map(|t| t.to_json())
}

/// Reads `value` (an envelope's `event` object) as the event `T` and writes it back.
fn round_trip_event<T: feishu_api::Event>(value: Value) -> Result<Value, JsonError> {
    T::from_event(value).map(|t| t.to_json())
}

// `cases()`: every API's JSON types, `event_cases()` every event's, written by `feishu-codegen generate` beside `generated/`
// (test support, so not part of the crate); `tests/generated_fresh.rs` keeps it current.
include!("roundtrip/cases.rs");

/// Differences between `expected` and `actual`, as `path: what`.
fn diff(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let p = format!("{path}.{k}");
                match b.get(k) {
                    Some(w) => diff(&p, v, w, out),
                    None if v.is_null() => {}
                    None => out.push(format!("{p}: lost (the type has no such field)")),
                }
            }
            for (k, w) in b {
                if !a.contains_key(k) && !w.is_null() {
                    out.push(format!("{path}.{k}: added"));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                out.push(format!("{path}: {} items became {}", a.len(), b.len()));
            }
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                diff(&format!("{path}[{i}]"), v, w, out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: {a} became {b}")),
    }
}

/// The reason a difference occurs, derived from its kind.
fn reason(d: &str) -> &'static str {
    if d.contains("lost (the type has no such field)") {
        "the example has a field the page's tables do not document"
    } else if d.contains("expected") || d.contains("became") {
        "the example's value does not have the documented type"
    } else if d.contains("missing required field") {
        "the example leaves out a field the table marks required"
    } else if d.ends_with(": no example") {
        "the page has no example to check"
    } else {
        "the example and the table disagree"
    }
}

fn check(which: &str, id: &str, f: Check, example: &Value, out: &mut Vec<String>) {
    match f(example.clone()) {
        Ok(back) => {
            let mut d = Vec::new();
            diff("", example, &back, &mut d);
            out.extend(d.into_iter().map(|d| format!("{id} {which} {d}")));
        }
        Err(e) => out.push(format!(
            "{id} {which} {}: does not decode: {}",
            e.path(),
            e.message()
        )),
    }
}

#[test]
fn doc_examples_round_trip_through_the_generated_types() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let apis = feishu_codegen::read_specs(&specs, &feishu_codegen::Options::default())
        .expect("specs/ reads");
    let cases = cases();
    let mut differences = Vec::new();
    let (mut requests, mut responses) = (0, 0);
    for (id, source, body, response) in &cases {
        let Some(api) = apis.iter().find(|a| a.source == *source) else {
            panic!(
                "{source}: registered in tests/roundtrip/cases.rs but not in specs/ (regenerate)"
            );
        };
        if let (Some(f), Some(example)) = (body, &api.examples.request) {
            requests += 1;
            check("request", id, *f, example, &mut differences);
        }
        // The response type covers `data`, or the whole object minus `code`/`msg` when the
        // page documents its fields beside them.
        let data = match &api.examples.response {
            Some(Value::Object(m)) if api.response_body.flat => {
                let mut m = m.clone();
                m.remove("code");
                m.remove("msg");
                Some(Value::Object(m))
            }
            Some(r) => r.get("data").cloned(),
            None => None,
        };
        if let (Some(f), Some(example)) = (response, data.as_ref()) {
            responses += 1;
            check("response", id, *f, example, &mut differences);
        }
    }
    // Enabled services only: with --all-features, every page with examples is checked.
    if cfg!(feature = "full") {
        assert_eq!(cases.len(), apis.len(), "every spec page is registered");
        assert!(
            requests > 500 && responses > 1000,
            "{requests} requests, {responses} responses"
        );
    }

    let enabled: BTreeSet<&str> = cases.iter().map(|c| c.0).collect();
    assert_listed(&differences, &enabled);
}

/// Fails unless `differences` (of the `enabled` pages) are those listed, with their reasons,
/// in `tests/roundtrip-discrepancies.txt`; `ROUNDTRIP_PRINT=1` prints them first.
fn assert_listed(differences: &[String], enabled: &BTreeSet<&str>) {
    let listed_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/roundtrip-discrepancies.txt"),
    )
    .expect("tests/roundtrip-discrepancies.txt");
    if std::env::var_os("ROUNDTRIP_PRINT").is_some() {
        for d in differences {
            println!("{d}  # {}", reason(d));
        }
    }
    let problems = compare(&listed_text, differences, enabled);
    assert!(
        problems.is_empty(),
        "round-trip differences disagree with tests/roundtrip-discrepancies.txt:\n{}",
        problems.join("\n")
    );
}

#[test]
fn event_examples_round_trip_through_the_generated_types() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("specs");
    let (_, events) =
        feishu_codegen::generate::read_spec_pages(&specs, &feishu_codegen::Options::default())
            .expect("specs/ reads");
    let cases = event_cases();
    let mut differences = Vec::new();
    let (mut checked, mut answers) = (0, 0);
    for (page, source, event, answer) in &cases {
        let Some(e) = events.iter().find(|e| e.source == *source) else {
            panic!(
                "{source}: registered in tests/roundtrip/cases.rs but not in specs/ (regenerate)"
            );
        };
        match e.examples.event.as_ref().and_then(|v| v.get("event")) {
            Some(example) => {
                checked += 1;
                check("event", page, *event, example, &mut differences);
            }
            None => differences.push(format!("{page} event: no example")),
        }
        if let Some(f) = answer {
            for (i, example) in e.examples.response.iter().enumerate() {
                answers += 1;
                check(&format!("answer[{i}]"), page, *f, example, &mut differences);
            }
        }
    }
    if cfg!(feature = "full") {
        assert_eq!(cases.len(), events.len(), "every event page is registered");
        assert!(
            checked >= 195 && answers >= 1,
            "{checked} events, {answers} answers"
        );
    }
    let enabled: BTreeSet<&str> = cases.iter().map(|c| c.0).collect();
    assert_listed(&differences, &enabled);
}

/// How the listed discrepancies (`<difference>  # <reason>` lines) disagree with the found
/// differences of the `enabled` APIs: unlisted ones, listed ones that vanished, and listed
/// ones whose reason changed (a changed reason is a changed discrepancy).
fn compare(listed_text: &str, differences: &[String], enabled: &BTreeSet<&str>) -> Vec<String> {
    let listed: BTreeMap<&str, &str> = listed_text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once("  # ") {
            Some((d, r)) => (d.trim_end(), r.trim()),
            None => (l.trim_end(), ""),
        })
        .collect();
    let found: BTreeMap<&str, &str> = differences
        .iter()
        .map(|d| (d.as_str(), reason(d)))
        .collect();
    let mut problems = Vec::new();
    for (d, r) in &found {
        match listed.get(d) {
            None => problems.push(format!("not listed: {d}  # {r}")),
            Some(l) if l != r => {
                problems.push(format!("reason changed: {d}  # listed `{l}`, now `{r}`"))
            }
            Some(_) => {}
        }
    }
    for d in listed.keys() {
        let api = d.split(' ').next().unwrap_or("");
        if enabled.contains(api) && !found.contains_key(d) {
            problems.push(format!("listed but no longer found (remove it): {d}"));
        }
    }
    problems
}

#[test]
fn the_discrepancy_list_is_compared_with_its_reasons() {
    let d = "vc/v1/meeting/get response .x: lost (the type has no such field)".to_string();
    let enabled: BTreeSet<&str> = ["vc/v1/meeting/get"].into();
    let right = format!("# header\n{d}  # {}\n", reason(&d));
    assert!(compare(&right, std::slice::from_ref(&d), &enabled).is_empty());
    // The same difference with another reason is a changed discrepancy.
    let changed = format!("{d}  # the example and the table disagree\n");
    let problems = compare(&changed, std::slice::from_ref(&d), &enabled);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("reason changed: "), "{problems:?}");
    // Unlisted and vanished differences.
    assert!(compare("", std::slice::from_ref(&d), &enabled)[0].starts_with("not listed: "));
    assert!(compare(&right, &[], &enabled)[0].starts_with("listed but no longer found"));
    // A listed difference of a disabled service is not expected to occur.
    assert!(compare(&right, &[], &BTreeSet::new()).is_empty());
}
