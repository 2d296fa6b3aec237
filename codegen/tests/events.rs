//! Event and callback pages (issue 19): every page of the corpus' `events-c` (in `specs/`,
//! where `tests/fixtures/events/placement.tsv` says it went) and `events-raw`
//! (`tests/fixtures/events/raw/`) reads as an event of its manifest's kind and type without
//! an error; both flavours name the same event; IR snapshots of three pages in both flavours.

use feishu_codegen::ir::{Event, Field, Item};
use feishu_codegen::parse_item;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn fixtures() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures/events")
}

fn specs() -> PathBuf {
    Path::new(ROOT).join("../specs")
}

fn read(path: &Path, source: &str) -> Item {
    parse_item(
        source,
        &std::fs::read(path).unwrap_or_else(|e| panic!("{path:?}: {e}")),
    )
}

fn event(item: Item) -> Event {
    match item {
        Item::Event(e) => *e,
        Item::Api(a) => panic!("{} reads as an API", a.source),
    }
}

/// `corpus path → (kind, type, in raw)` from the corpus manifest.
fn manifest() -> BTreeMap<String, (String, String, bool)> {
    let text = std::fs::read_to_string(fixtures().join("manifest.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (
                c[0].to_string(),
                (c[1].to_string(), c[2].to_string(), c[3] == "yes"),
            )
        })
        .collect()
}

/// `corpus path → specs path` (`-`: not in specs).
fn placement() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(fixtures().join("placement.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn every_event_page_reads_as_its_manifest_says() {
    let manifest = manifest();
    let placement = placement();
    assert_eq!(manifest.len(), 200);
    let mut problems = Vec::new();
    let (mut c_pages, mut raw_pages) = (0, 0);
    for (corpus, (kind, event_type, in_raw)) in &manifest {
        let mut read_as = Vec::new();
        let placed = placement.get(corpus).map(String::as_str);
        match placed {
            Some("-") => {}
            Some(rel) => {
                c_pages += 1;
                read_as.push(("c", read(&specs().join(rel), rel)));
            }
            None => problems.push(format!("{corpus}: not in placement.tsv")),
        }
        if *in_raw {
            raw_pages += 1;
            let p = fixtures().join("raw").join(corpus);
            read_as.push(("raw", read(&p, corpus)));
        }
        let mut ids = Vec::new();
        for (flavour, item) in read_as {
            let errors: Vec<String> = item
                .diagnostics()
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render(item.source()))
                .collect();
            if !errors.is_empty() {
                problems.push(format!("{flavour} {corpus}: {errors:?}"));
            }
            if item.kind() != kind {
                problems.push(format!(
                    "{flavour} {corpus}: kind {} != {kind}",
                    item.kind()
                ));
            }
            let e = event(item);
            if &e.event_type != event_type {
                problems.push(format!(
                    "{flavour} {corpus}: type {} != {event_type}",
                    e.event_type
                ));
            }
            if e.event.fields.is_empty() {
                problems.push(format!("{flavour} {corpus}: no event fields"));
            }
            if flavour == "c" && Some(e.id.spec_path().as_str()) != placed {
                problems.push(format!("{corpus}: id {} but placed at {placed:?}", e.id));
            }
            ids.push(e.id);
        }
        // A page without dots in its type names no service: its id comes from its place,
        // which only the specs copy has.
        if event_type.contains('.') && ids.windows(2).any(|w| w[0] != w[1]) {
            problems.push(format!(
                "{corpus}: the flavours name different events {ids:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!((c_pages, raw_pages), (199, 198));
}

/// What an event's bindings are made of: its names, kinds, types and the shape of its
/// field trees (names, types, required flags, alternative types, documented values); not
/// the doc text, which differs between the two captures' dates.
fn structure(e: &Event) -> serde_json::Value {
    fn tree(fields: &[Field]) -> serde_json::Value {
        fields
            .iter()
            .map(|f| {
                serde_json::json!({
                    "name": f.name,
                    "type": f.ty.to_string(),
                    "required": f.required,
                    "also_types": f.also_types.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    "values": f.enum_values.iter().flatten().map(|v| v.value.clone()).collect::<Vec<_>>(),
                    "children": tree(f.children()),
                })
            })
            .collect()
    }
    serde_json::json!({
        "id": e.id.to_string(),
        "kind": e.kind,
        "event_type": e.event_type,
        "schema": e.schema,
        "event": tree(&e.event.fields),
        "header": tree(&e.header),
        "response": e.response.as_ref().map(|r| tree(&r.fields)),
    })
}

/// Every place two JSON values differ, as `path: a != b`.
fn differences(a: &serde_json::Value, b: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let (p, q) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                differences(p, q, &format!("{path}.{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} != {b}")),
        _ => {}
    }
}

/// The three pages of the snapshots, in both flavours: `(name, specs path, corpus path)`.
const SNAPSHOT_PAGES: &[(&str, &str, &str)] = &[
    (
        "im_message_receive_v1",
        "im/v1/message/events/receive.md",
        "im-v1/message/events/receive.md",
    ),
    (
        "approval_instance",
        "approval/v4/_/events/approval_instance.md",
        "approval-v4/event/common-event/approval-instance-event.md",
    ),
    (
        "card_action_trigger",
        "card/_/action/events/trigger.md",
        "cardkit-v1/card-callback-communication.md",
    ),
];

#[test]
fn event_ir_snapshots_in_both_flavours() {
    for (name, spec, corpus) in SNAPSHOT_PAGES {
        let c = event(read(&specs().join(spec), spec));
        let raw = event(read(&fixtures().join("raw").join(corpus), spec));
        insta::assert_json_snapshot!(format!("event_{name}_c"), Item::Event(Box::new(c.clone())));
        insta::assert_json_snapshot!(
            format!("event_{name}_raw"),
            Item::Event(Box::new(raw.clone()))
        );
        // Both flavours read into the same structure; where the page changed between the two
        // captures, the snapshot lists the difference.
        let mut diff = Vec::new();
        differences(&structure(&c), &structure(&raw), "", &mut diff);
        insta::assert_snapshot!(format!("event_{name}_flavour_differences"), diff.join("\n"));
    }
}
