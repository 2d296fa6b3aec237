//! Events and callbacks compared like APIs: matched by page name, their event fields and
//! envelope header fields compared as a response (users read them: a field added is minor,
//! removed major), a callback's answer as a request (users build it), then type, envelope,
//! errors, scopes and wording. Each entry names its event type.

use super::compare::{deprecation_change, errors, marks_deprecated, scopes, texts};
use super::fields::{self, Side};
use super::model::{ApiChanges, Change, Class, Kind, Status, Summary};
use crate::ir::{Body, Event};
use std::collections::BTreeMap;

/// The page's name (`im/v1/message/events/receive`), unique in a tree.
fn page_name(e: &Event) -> String {
    e.source
        .strip_suffix(".md")
        .unwrap_or(&e.source)
        .to_string()
}

/// Every difference between `old` and `new` (the same event), wording included.
pub fn compare(old: &Event, new: &Event) -> Vec<Change> {
    let mut out = Vec::new();
    if old.event_type != new.event_type || old.kind != new.kind {
        out.push(
            Change::new(Kind::EventTypeChanged, Class::Major, "event_type")
                .old(format!("{} {}", old.kind.as_str(), old.event_type))
                .new_value(format!("{} {}", new.kind.as_str(), new.event_type)),
        );
    }
    if old.schema != new.schema {
        let show = |e: &Event| {
            serde_json::to_value(e.schema)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        out.push(
            Change::new(Kind::BodyKindChanged, Class::Major, "schema")
                .old(show(old))
                .new_value(show(new))
                .note("the envelope changed"),
        );
    }
    deprecation_change(
        marks_deprecated(&old.title, &old.description),
        marks_deprecated(&new.title, &new.description),
        "event",
        "event",
        &mut out,
    );
    fields::compare(&old.header, &new.header, "header", Side::Response, &mut out);
    fields::compare(
        &old.event.fields,
        &new.event.fields,
        "event",
        Side::Response,
        &mut out,
    );
    let none = Body::default();
    fields::compare(
        &old.response.as_ref().unwrap_or(&none).fields,
        &new.response.as_ref().unwrap_or(&none).fields,
        "answer",
        Side::Request,
        &mut out,
    );
    errors(&old.errors, &new.errors, &mut out);
    scopes(&old.scopes, &new.scopes, "scopes", &mut out);
    scopes(
        &old.field_scopes,
        &new.field_scopes,
        "field_scopes",
        &mut out,
    );
    texts(
        [
            ("title", &old.title, &new.title),
            ("description", &old.description, &new.description),
        ],
        &mut out,
    );
    if old.scope_names != new.scope_names
        || old.app_types != new.app_types
        || old.delivery != new.delivery
    {
        out.push(Change::new(
            Kind::Prose,
            Class::Patch,
            "permission names, app types or delivery",
        ));
    }
    if old.examples != new.examples {
        out.push(Change::new(Kind::Prose, Class::Patch, "examples"));
    }
    out
}

fn entry(
    status: Status,
    e: &Event,
    old: Option<&Event>,
    changes: Vec<Change>,
    prose: bool,
) -> ApiChanges {
    let page = super::Entry {
        id: page_name(e),
        service: e.id.service.clone(),
        title: e.title.clone(),
        source: e.source.clone(),
        other_source: old.map(|o| o.source.clone()),
        event_type: Some(e.event_type.clone()),
    };
    super::entry(status, page, changes, prose)
}

/// Compares every event of `old` with its counterpart in `new`; the entries and the counts
/// they add to `summary`.
pub fn diff_events(
    old: &[Event],
    new: &[Event],
    prose: bool,
    summary: &mut Summary,
) -> Vec<ApiChanges> {
    let old_by: BTreeMap<String, &Event> = old.iter().map(|e| (page_name(e), e)).collect();
    let new_by: BTreeMap<String, &Event> = new.iter().map(|e| (page_name(e), e)).collect();
    let mut out = Vec::new();
    for (name, o) in &old_by {
        match new_by.get(name) {
            None => {
                let c = Change::new(Kind::EventRemoved, Class::Major, o.kind.as_str())
                    .old(o.event_type.clone());
                out.push(entry(Status::Removed, o, None, vec![c], prose));
                summary.events_removed += 1;
                summary.major += 1;
            }
            Some(n) => {
                let changes = compare(o, n);
                if changes.is_empty() {
                    summary.events_unchanged += 1;
                    continue;
                }
                summary.count(&changes);
                summary.events_changed += 1;
                out.push(entry(Status::Changed, n, Some(o), changes, prose));
            }
        }
    }
    for (name, n) in &new_by {
        if !old_by.contains_key(name) {
            let c = Change::new(Kind::EventAdded, Class::Minor, n.kind.as_str())
                .new_value(n.event_type.clone());
            out.push(entry(Status::Added, n, None, vec![c], prose));
            summary.events_added += 1;
            summary.minor += 1;
        }
    }
    out
}
