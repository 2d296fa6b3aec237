//! `feishu-codegen diff`: what changed between two sets of doc pages, API by API, and what it
//! means for users of the generated crate.
//!
//! - [`source`] reads a side (directory, page or `git:REV`);
//! - [`compare`] and [`fields`] compare one API's two IRs, [`rename`] pairs likely renames;
//! - [`idents`] compares the public identifiers the emitter generates for each side;
//! - [`model`] holds the report, [`version`] the SemVer arithmetic, [`render`] the output.
//!
//! APIs are matched by id (`service/version/resource/method`); an API whose id vanished while a
//! new id appeared for the same method and path is reported as moved, not removed and added.

pub mod access;
pub mod compare;
pub mod events;
pub mod fields;
pub mod idents;
pub mod model;
pub mod rename;
pub mod render;
pub mod source;
pub mod version;

use crate::ir::{Api, Event, Item};
use crate::par::par_map;
use model::{ApiChanges, Change, Class, Kind, Report, Status, Summary, SCHEMA};
use source::Page;
use std::collections::BTreeMap;

/// How to compare and what to call the sides.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// The sides as named on the command line.
    pub old_label: String,
    pub new_label: String,
    /// List wording changes (they are always counted).
    pub prose: bool,
    /// The bindings' current version, for the next-version headline.
    pub current_version: Option<String>,
    /// Worker threads (0 = available parallelism).
    pub threads: usize,
    /// Leave out the generated-identifier comparison (it emits code for every changed API,
    /// the costly part; checks of the docs alone do not need it).
    pub skip_identifiers: bool,
}

fn changes_of(
    status: Status,
    api: &Api,
    other_source: Option<&Api>,
    changes: Vec<Change>,
    prose: bool,
) -> ApiChanges {
    let page = Entry {
        id: page_name(api),
        service: api.id.service.clone(),
        title: api.title.clone(),
        source: api.source.clone(),
        other_source: other_source.map(|o| o.source.clone()),
        event_type: None,
    };
    entry(status, page, changes, prose)
}

/// What names a report entry: the page (new side, or old side when removed) and, for a
/// changed page, the old side's source.
struct Entry {
    id: String,
    service: String,
    title: String,
    source: String,
    other_source: Option<String>,
    event_type: Option<String>,
}

/// One entry of the report: its classes, its sources, the changes to list.
fn entry(status: Status, page: Entry, changes: Vec<Change>, prose: bool) -> ApiChanges {
    let prose_changes = changes.iter().filter(|c| c.kind == Kind::Prose).count();
    let class = changes
        .iter()
        .map(|c| c.class)
        .max()
        .unwrap_or(Class::Patch);
    let is_ident = |k: Kind| matches!(k, Kind::IdentifierAdded | Kind::IdentifierRemoved);
    let docs_class = changes
        .iter()
        .filter(|c| !is_ident(c.kind))
        .map(|c| c.class)
        .max()
        .unwrap_or(Class::Patch);
    let mut changes = changes;
    if docs_class == Class::Patch {
        for c in changes
            .iter_mut()
            .filter(|c| c.kind == Kind::IdentifierRemoved)
        {
            c.note = Some(
                "renamed although only the wording changed; pin the old name in specs/names.toml"
                    .into(),
            );
        }
    }
    let listed = changes
        .into_iter()
        .filter(|c| prose || c.kind != Kind::Prose)
        .collect();
    let (old_source, new_source) = match status {
        Status::Added => (None, Some(page.source)),
        Status::Removed => (Some(page.source), None),
        Status::Changed => (page.other_source, Some(page.source)),
    };
    ApiChanges {
        id: page.id,
        service: page.service,
        status,
        title: page.title,
        class,
        docs_class,
        old_source,
        new_source,
        changes: listed,
        prose_changes,
        event_type: page.event_type,
    }
}

/// The page's name, `service/version/resource/method` with any `__<verb>` suffix: unlike the
/// id, unique among the pages of one tree (one endpoint may have several pages).
pub fn page_name(api: &Api) -> String {
    api.source
        .strip_suffix(".md")
        .unwrap_or(&api.source)
        .to_string()
}

/// The endpoint key used to recognise a moved page.
fn endpoint_key(api: &Api) -> (String, String, Option<String>) {
    (
        access::method(api),
        access::path_shape(api),
        access::host(api),
    )
}

/// Compares every API of `old` with its counterpart in `new`.
pub fn diff_apis(old: &[Api], new: &[Api], opts: &DiffOptions) -> Report {
    let old_by_id: BTreeMap<String, &Api> = old.iter().map(|a| (page_name(a), a)).collect();
    let new_by_id: BTreeMap<String, &Api> = new.iter().map(|a| (page_name(a), a)).collect();
    let mut pairs: Vec<(&Api, &Api)> = Vec::new();
    let mut removed: Vec<&Api> = Vec::new();
    for (id, o) in &old_by_id {
        match new_by_id.get(id) {
            Some(n) => pairs.push((o, n)),
            None => removed.push(o),
        }
    }
    let mut added: Vec<&Api> = new_by_id
        .iter()
        .filter(|(id, _)| !old_by_id.contains_key(*id))
        .map(|(_, a)| *a)
        .collect();

    // A removed id and an added id for one endpoint (unique on both sides) is a move.
    let mut moved: Vec<(&Api, &Api)> = Vec::new();
    let count = |list: &[&Api], key: &(String, String, Option<String>)| {
        list.iter().filter(|a| endpoint_key(a) == *key).count()
    };
    removed.retain(|o| {
        let key = endpoint_key(o);
        if !access::documents_http_api(o) || count(&added, &key) != 1 || count(&[*o], &key) != 1 {
            return true;
        }
        let Some(pos) = added.iter().position(|n| endpoint_key(n) == key) else {
            return true;
        };
        moved.push((o, added.remove(pos)));
        false
    });

    let compared: Vec<Vec<Change>> = par_map(&pairs, opts.threads, |(o, n)| {
        let mut changes = compare::compare(o, n);
        if !changes.is_empty() && !opts.skip_identifiers {
            changes.extend(idents::compare(o, n));
        }
        changes
    });
    let moved_changes: Vec<Vec<Change>> = par_map(&moved, opts.threads, |(o, n)| {
        let mut changes = vec![Change::new(Kind::ApiMoved, Class::Major, "id")
            .old(page_name(o))
            .new_value(page_name(n))
            .note("same endpoint, new page path: generated names follow the id")];
        changes.extend(compare::compare(o, n));
        if !opts.skip_identifiers {
            changes.extend(idents::compare(o, n));
        }
        changes
    });

    let mut apis = Vec::new();
    let mut summary = Summary::default();
    for a in &added {
        let c = Change::new(Kind::ApiAdded, Class::Minor, "api").new_value(access::endpoint(a));
        apis.push(changes_of(Status::Added, a, None, vec![c], opts.prose));
    }
    for r in &removed {
        let c = Change::new(Kind::ApiRemoved, Class::Major, "api").old(access::endpoint(r));
        apis.push(changes_of(Status::Removed, r, None, vec![c], opts.prose));
    }
    let changed = pairs
        .iter()
        .zip(compared)
        .chain(moved.iter().zip(moved_changes));
    for ((o, n), changes) in changed {
        if changes.is_empty() {
            summary.apis_unchanged += 1;
            continue;
        }
        summary.count(&changes);
        apis.push(changes_of(Status::Changed, n, Some(o), changes, opts.prose));
    }
    summary.apis_added = added.len();
    summary.apis_removed = removed.len();
    summary.apis_changed = apis.iter().filter(|a| a.status == Status::Changed).count();
    summary.minor += added.len();
    summary.major += removed.len();
    apis.sort_by(|a, b| (&a.id, a.status).cmp(&(&b.id, b.status)));

    let next_version = opts
        .current_version
        .as_deref()
        .and_then(|v| version::next_version(v, summary.worst()));
    Report {
        schema: SCHEMA,
        old: opts.old_label.clone(),
        new: opts.new_label.clone(),
        summary,
        current_version: opts.current_version.clone(),
        next_version,
        prose_listed: opts.prose,
        apis,
    }
}

/// Reads both sides (concurrently) and compares them. Pages with the same name and the same
/// bytes on both sides are counted unchanged without being parsed.
pub fn diff_sources(
    old: &source::Source,
    new: &source::Source,
    opts: &DiffOptions,
) -> Result<Report, String> {
    let (old_pages, new_pages) = std::thread::scope(|s| {
        let o = s.spawn(|| old.read(opts.threads));
        let n = new.read(opts.threads);
        let o = o
            .join()
            .unwrap_or_else(|_| Err("reading the old side panicked".to_string()));
        (o, n)
    });
    let (old_pages, new_pages) = (old_pages?, new_pages?);
    let new_bytes: BTreeMap<&str, &[u8]> = new_pages
        .iter()
        .map(|(s, b)| (s.as_str(), b.as_slice()))
        .collect();
    let same: std::collections::BTreeSet<&str> = old_pages
        .iter()
        .filter(|(s, b)| new_bytes.get(s.as_str()) == Some(&b.as_slice()))
        .map(|(s, _)| s.as_str())
        .collect();
    let differing = |pages: &[Page]| -> Vec<Page> {
        pages
            .iter()
            .filter(|(s, _)| !same.contains(s.as_str()))
            .cloned()
            .collect()
    };
    let (old_apis, old_events) = split(source::parse_items(&differing(&old_pages), opts.threads));
    let (new_apis, new_events) = split(source::parse_items(&differing(&new_pages), opts.threads));
    let mut report = diff_items(&old_apis, &new_apis, &old_events, &new_events, opts);
    let events_same = same.iter().filter(|s| is_event_page(s)).count();
    report.summary.apis_unchanged += same.len() - events_same;
    report.summary.events_unchanged += events_same;
    Ok(report)
}

/// An event page's place in a specs tree: `…/events/<event>.md`.
fn is_event_page(source: &str) -> bool {
    source.rsplit('/').nth(1) == Some("events")
}

/// The APIs and the events of a set of pages.
fn split(items: Vec<Item>) -> (Vec<Api>, Vec<Event>) {
    let mut apis = Vec::new();
    let mut events = Vec::new();
    for item in items {
        match item {
            Item::Api(a) => apis.push(*a),
            Item::Event(e) => events.push(*e),
        }
    }
    (apis, events)
}

/// [`diff_apis`], and the events compared too ([`events::diff_events`]), in one report.
pub fn diff_items(
    old_apis: &[Api],
    new_apis: &[Api],
    old_events: &[Event],
    new_events: &[Event],
    opts: &DiffOptions,
) -> Report {
    let mut report = diff_apis(old_apis, new_apis, opts);
    let mut summary = report.summary;
    let events = events::diff_events(old_events, new_events, opts.prose, &mut summary);
    report.summary = summary;
    report.apis.extend(events);
    report
        .apis
        .sort_by(|a, b| (&a.id, a.status).cmp(&(&b.id, b.status)));
    report.next_version = opts
        .current_version
        .as_deref()
        .and_then(|v| version::next_version(v, report.summary.worst()));
    report
}

/// After `generate`: how `apis` (just generated from `specs`) differ from `specs` at git's
/// `HEAD`, as one line (`API changes since git:HEAD: ...`), or why that cannot be told.
pub fn summary_since_head(
    specs: &std::path::Path,
    apis: &[Api],
    events: &[Event],
    current_version: Option<String>,
) -> String {
    let dir = specs.to_string_lossy().replace('\\', "/");
    let dir = dir.trim_end_matches('/').to_string();
    let head = match source::git_pages(std::path::Path::new("."), "HEAD", &dir) {
        Ok(pages) => pages,
        Err(e) => return format!("API changes: not known ({e})"),
    };
    // Pages whose bytes did not change since HEAD have the same IR: only the rest is parsed.
    let unchanged =
        |(source, bytes): &&Page| std::fs::read(specs.join(source)).is_ok_and(|now| now == *bytes);
    let (same, changed): (Vec<&Page>, Vec<&Page>) = head.iter().partition(|p| unchanged(p));
    let same: std::collections::BTreeSet<&str> = same.iter().map(|(s, _)| s.as_str()).collect();
    let changed: Vec<Page> = changed.into_iter().cloned().collect();
    let (old, old_events) = split(source::parse_items(&changed, 0));
    let new: Vec<Api> = apis
        .iter()
        .filter(|a| !same.contains(a.source.as_str()))
        .cloned()
        .collect();
    let new_events: Vec<Event> = events
        .iter()
        .filter(|e| !same.contains(e.source.as_str()))
        .cloned()
        .collect();
    let opts = DiffOptions {
        old_label: format!("git:HEAD:{dir}"),
        new_label: dir.clone(),
        current_version,
        ..DiffOptions::default()
    };
    let mut report = diff_items(&old, &new, &old_events, &new_events, &opts);
    let events_same = same.iter().filter(|s| is_event_page(s)).count();
    report.summary.apis_unchanged += same.len() - events_same;
    report.summary.events_unchanged += events_same;
    format!(
        "API changes since git:HEAD: {}; {} (details: feishu-codegen diff git:HEAD:{dir} {dir})",
        render::api_counts(&report.summary),
        render::headline(&report.summary, report.next_version.as_deref())
    )
}
