//! `feishu-codegen sync`: fetch the current server API doc pages from Feishu's documentation
//! portal into `specs/`.
//!
//! - [`portal`]: the two JSON endpoints and their shapes;
//! - [`http`]: the client (timeouts, retries with backoff);
//! - [`state`]: `specs/.sync.json`, what the last sync saw, so only pages with a newer
//!   `updateTime` are fetched (an unchanged portal costs one directory request);
//! - [`place`]: where a page goes (the placement rules are documented there);
//! - [`tree`]: the staging tree swapped in at the end, so a failed sync changes nothing.
//!
//! Pages the portal no longer lists are kept (and counted): deleting them is the
//! maintainer's call, after `diff` has shown what it would break.

pub mod http;
pub mod index;
pub mod place;
pub mod portal;
pub mod state;
pub mod tree;

use crate::diff::access;
use crate::generate::{list_specs, Options};
use crate::ir::Item;
use crate::parse::parse_item;
use place::{Endpoint, Placer};
use portal::DocNode;
use state::{PageState, State};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What to sync and how.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub specs: PathBuf,
    /// `https://open.feishu.cn`, the Lark site, or a mirror.
    pub base_url: String,
    /// Only these services (empty: all).
    pub only: Vec<String>,
    /// Concurrent downloads.
    pub jobs: usize,
    /// Fetch every page, whatever the recorded update times say.
    pub all: bool,
    pub policy: http::Policy,
}

/// Told about the downloads as they happen (a progress bar on a terminal).
pub trait Progress: Sync {
    fn start(&self, total: usize);
    fn advance(&self, full_path: &str);
    fn finish(&self);
}

/// Tells nobody.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: usize) {}
    fn advance(&self, _: &str) {}
    fn finish(&self) {}
}

/// The outcome, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Pages downloaded (and written, unless they document no HTTP API).
    pub fetched: usize,
    /// Pages whose recorded update time is current.
    pub unchanged: usize,
    /// Documents without an HTTP API (fetched now or recorded before).
    pub skipped: usize,
    /// Downloads that failed for good.
    pub failed: usize,
    /// Pages written to a path that held no page before.
    pub new_pages: Vec<String>,
    /// Pages written over an existing page.
    pub updated_pages: Vec<String>,
    /// Recorded pages the portal no longer lists (kept).
    pub not_on_portal: usize,
    /// Whether `specs/` was replaced.
    pub written: bool,
    /// `(fullPath, reason)` of the failures.
    pub failures: Vec<(String, String)>,
}

impl Summary {
    /// `12 fetched, 1650 unchanged, 3 skipped (no HTTP API), 0 failed; 2 new, 10 updated, 0 not on the portal`.
    pub fn line(&self) -> String {
        format!(
            "{} fetched, {} unchanged, {} skipped (no HTTP API), {} failed; {} new, {} updated, {} not on the portal",
            self.fetched,
            self.unchanged,
            self.skipped,
            self.failed,
            self.new_pages.len(),
            self.updated_pages.len(),
            self.not_on_portal
        )
    }
}

/// A sync that changed nothing: the portal could not be read, a page failed, or `specs/`
/// could not be written. `specs/` is as it was.
#[derive(Debug)]
pub struct SyncError {
    pub message: String,
    pub summary: Box<Summary>,
}

fn fail(message: impl Into<String>, summary: &Summary) -> SyncError {
    SyncError {
        message: message.into(),
        summary: Box::new(summary.clone()),
    }
}

/// Whether a portal document belongs to one of `only`, judged before it is fetched: by the
/// page it was written to, else by a `<service>-v<N>` or `<service>` segment of its fullPath.
fn selected(node: &DocNode, known: Option<&PageState>, only: &[String]) -> bool {
    if only.is_empty() {
        return true;
    }
    if let Some(spec) = known.and_then(|k| k.spec.as_deref()) {
        return only
            .iter()
            .any(|s| spec.split('/').next() == Some(s.as_str()));
    }
    node.full_path.split('/').any(|seg| {
        only.iter().any(|s| {
            seg == s
                || seg
                    .strip_prefix(s.as_str())
                    .and_then(|r| r.strip_prefix("-v"))
                    .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
        })
    })
}

/// Runs a sync.
pub fn run(opts: &SyncOptions, progress: &dyn Progress) -> Result<Summary, SyncError> {
    let mut summary = Summary::default();
    let existing = read_existing(&opts.specs).map_err(|e| fail(e, &summary))?;
    let mut state = State::load(&opts.specs, &existing).map_err(|e| fail(e, &summary))?;
    state.version = 1;
    let client = http::Client::new(&opts.base_url, opts.policy);

    let directory = client
        .get_json(&portal::directory_url(&opts.base_url))
        .map_err(|e| fail(format!("cannot read the portal's directory: {e}"), &summary))?;
    let nodes = portal::parse_directory(&directory)
        .map_err(|e| fail(format!("unexpected directory: {e}"), &summary))?;

    let listed: BTreeSet<&str> = nodes.iter().map(|n| n.full_path.as_str()).collect();
    summary.not_on_portal = state
        .pages
        .iter()
        .filter(|(fp, p)| p.spec.is_some() && !listed.contains(fp.as_str()))
        .count();

    let mut to_fetch: Vec<&DocNode> = Vec::new();
    let mut seen = BTreeSet::new();
    for node in &nodes {
        let known = state.pages.get(&node.full_path);
        if !seen.insert(node.full_path.as_str()) || !selected(node, known, &opts.only) {
            continue;
        }
        match known {
            Some(k) if !opts.all && !portal::newer(&node.update_time, &k.update_time) => {
                if k.spec.is_some() {
                    summary.unchanged += 1;
                } else {
                    summary.skipped += 1;
                }
            }
            _ => to_fetch.push(node),
        }
    }
    to_fetch.sort_by(|a, b| a.full_path.cmp(&b.full_path));

    let details = fetch_all(&client, &opts.base_url, &to_fetch, opts.jobs, progress);
    let mut fetched = Vec::new();
    for (node, result) in to_fetch.iter().zip(details) {
        match result {
            Ok(d) => fetched.push((*node, d)),
            Err(e) => summary.failures.push((node.full_path.clone(), e)),
        }
    }
    summary.failed = summary.failures.len();
    summary.fetched = fetched.len();
    if summary.failed > 0 {
        return Err(fail(
            format!(
                "{} page(s) could not be fetched; specs unchanged",
                summary.failed
            ),
            &summary,
        ));
    }
    if fetched.is_empty() {
        return Ok(summary);
    }

    let staging = tree::Staging::new(&opts.specs).map_err(|e| fail(e, &summary))?;
    let existing_set: BTreeSet<String> = existing.iter().map(|(s, _)| s.clone()).collect();
    let mut placer = Placer::new(existing_set.clone(), BTreeMap::new());
    let mut index = index::EndpointIndex::new(&existing);
    for (node, detail) in fetched {
        let update_time = node.update_time.clone();
        let text = state::page_text(&node.name, &node.full_path, &update_time, &detail.content);
        let item = parse_item("portal.md", text.as_bytes());
        let target = match &item {
            Item::Event(e) => {
                let known = state
                    .pages
                    .get(&node.full_path)
                    .and_then(|p| p.spec.clone());
                let target = known.and_then(|k| placer.claim_known(&k)).or_else(|| {
                    let fresh = place::event_target(&e.id)?;
                    Some(placer.claim_new(&fresh, e.kind.as_str()))
                });
                target.ok_or_else(|| {
                    fail(
                        format!("{}: no place for event `{}`", node.full_path, e.event_type),
                        &summary,
                    )
                })?
            }
            Item::Api(api) => {
                if !access::documents_http_api(api) {
                    summary.skipped += 1;
                    summary.fetched -= 1;
                    state.pages.insert(
                        node.full_path.clone(),
                        PageState {
                            update_time,
                            spec: None,
                        },
                    );
                    continue;
                }
                let known = state
                    .pages
                    .get(&node.full_path)
                    .and_then(|p| p.spec.clone());
                let endpoint: Endpoint = (
                    access::method(api),
                    access::path_shape(api),
                    access::host(api),
                );
                let fresh = place::explorer_target(&detail.content).or_else(|| {
                    let url = format!(
                        "{}{}",
                        api.host.clone().unwrap_or_default(),
                        access::path(api)
                    );
                    place::url_target(&access::method(api), &url)
                });
                let target = known.and_then(|k| placer.claim_known(&k)).or_else(|| {
                    let service = fresh.as_deref().and_then(|t| t.split('/').next());
                    for scope in [service, None] {
                        if let Some(t) = placer.claim_endpoint(&endpoint) {
                            return Some(t);
                        }
                        placer.add_endpoints(index.load(scope));
                    }
                    placer
                        .claim_endpoint(&endpoint)
                        .or_else(|| Some(placer.claim_new(fresh.as_deref()?, &access::method(api))))
                });
                let Some(target) = target else {
                    return Err(fail(
                        format!(
                            "{}: no place for `{}`",
                            node.full_path,
                            access::endpoint(api)
                        ),
                        &summary,
                    ));
                };
                target
            }
        };
        if !opts.only.is_empty()
            && !opts
                .only
                .iter()
                .any(|s| target.split('/').next() == Some(s.as_str()))
        {
            summary.fetched -= 1;
            continue;
        }
        staging
            .write(&target, &text)
            .map_err(|e| fail(e, &summary))?;
        if existing_set.contains(&target) {
            summary.updated_pages.push(target.clone());
        } else {
            summary.new_pages.push(target.clone());
        }
        state.pages.insert(
            node.full_path.clone(),
            PageState {
                update_time,
                spec: Some(target),
            },
        );
    }
    staging
        .write(state::FILE_NAME, &state.to_json())
        .map_err(|e| fail(e, &summary))?;
    staging.commit().map_err(|e| fail(e, &summary))?;
    summary.written = true;
    Ok(summary)
}

/// `(source, bytes)` of the pages in `specs/` (none when it does not exist yet).
fn read_existing(specs: &std::path::Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    if !specs.exists() {
        return Ok(Vec::new());
    }
    let files = list_specs(specs, &Options::default()).map_err(|e| e.to_string())?;
    let read = crate::par::par_map(&files, 0, |f| {
        std::fs::read(&f.path)
            .map(|b| (f.source.clone(), b))
            .map_err(|e| format!("cannot read {}: {e}", f.path.display()))
    });
    read.into_iter().collect()
}

/// Downloads the pages with up to `jobs` concurrent requests; results in `nodes` order.
fn fetch_all(
    client: &http::Client,
    base: &str,
    nodes: &[&DocNode],
    jobs: usize,
    progress: &dyn Progress,
) -> Vec<Result<portal::Detail, String>> {
    progress.start(nodes.len());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<portal::Detail, String>>>> =
        Mutex::new(vec![None; nodes.len()]);
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, nodes.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(node) = nodes.get(i) else { break };
                let result = client
                    .get_json(&portal::detail_url(base, &node.full_path))
                    .map_err(|e| e.to_string())
                    .and_then(|body| portal::parse_detail(&body));
                progress.advance(&node.full_path);
                if let Ok(mut r) = results.lock() {
                    if let Some(slot) = r.get_mut(i) {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    progress.finish();
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not fetched".to_string())))
        .collect()
}
