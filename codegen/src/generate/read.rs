//! Reading: listing the pages of a specs tree and parsing them (in parallel).
use super::{sorted_entries, GenerateError, Options, SpecFile};
use crate::ir::{Api, Event, Item};
use crate::par::par_map;
use crate::parse::parse_pages;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// Lists the `*.md` pages under `dir` (recursively, hidden entries skipped), sorted by source.
/// With `opts.services`, only the listed top-level directories are visited.
pub fn list_specs(dir: &Path, opts: &Options) -> Result<Vec<SpecFile>, GenerateError> {
    let mut out = Vec::new();
    walk_specs(dir, "", opts.services.as_ref(), &mut out)?;
    out.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(out)
}

fn walk_specs(
    dir: &Path,
    prefix: &str,
    services: Option<&BTreeSet<String>>,
    out: &mut Vec<SpecFile>,
) -> Result<(), GenerateError> {
    for (name, path, is_dir) in sorted_entries(dir)? {
        if name.starts_with('.') {
            continue;
        }
        let top = prefix.is_empty();
        if let (true, Some(services)) = (top, services) {
            // Only service directories are read when a service filter is given.
            if !is_dir || !services.contains(&name) {
                continue;
            }
        }
        let source = if top {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if is_dir {
            walk_specs(&path, &source, None, out)?;
        } else if name.ends_with(".md") {
            out.push(SpecFile { source, path });
        }
    }
    Ok(())
}

/// Reads and parses `files` as the pages of one run ([`parse_pages`]): APIs, events and
/// callbacks alike, in parallel when `threads` allows; the result has the order of `files`.
/// The first read error (in `files` order) is returned.
pub fn read_items(files: &[SpecFile], threads: usize) -> Result<Vec<Item>, GenerateError> {
    let bytes: Vec<Vec<u8>> = par_map(files, threads, |f| {
        fs::read(&f.path).map_err(|e| GenerateError::io(&f.path, "read", e))
    })
    .into_iter()
    .collect::<Result<_, _>>()?;
    let pages: Vec<(&SpecFile, Vec<u8>)> = files.iter().zip(bytes).collect();
    fn page<'a>(p: &'a (&SpecFile, Vec<u8>)) -> (&'a str, &'a [u8]) {
        (&p.0.source, &p.1)
    }
    Ok(parse_pages(&pages, threads, page))
}

/// Reads and parses every page under `dir` (see [`list_specs`]): APIs, events and callbacks,
/// sorted by `source`, identical whatever the thread count.
pub fn read_spec_items(dir: &Path, opts: &Options) -> Result<Vec<Item>, GenerateError> {
    let files = list_specs(dir, opts)?;
    let mut items = read_items(&files, opts.threads)?;
    items.sort_by(|a, b| a.source().cmp(b.source()));
    Ok(items)
}

/// The APIs of every page under `dir` (see [`read_spec_items`]); event and callback pages
/// are left out ([`read_spec_pages`] has both).
pub fn read_specs(dir: &Path, opts: &Options) -> Result<Vec<Api>, GenerateError> {
    Ok(read_spec_items(dir, opts)?
        .into_iter()
        .filter_map(Item::into_api)
        .collect())
}

/// The APIs and the events (and callbacks) of every page under `dir` (see
/// [`read_spec_items`]), each sorted by `source`: what [`super::generate_pages`] takes.
pub fn read_spec_pages(
    dir: &Path,
    opts: &Options,
) -> Result<(Vec<Api>, Vec<Event>), GenerateError> {
    let mut apis = Vec::new();
    let mut events = Vec::new();
    for item in read_spec_items(dir, opts)? {
        match item {
            Item::Api(a) => apis.push(*a),
            Item::Event(e) => events.push(*e),
        }
    }
    Ok((apis, events))
}

/// The `<service>/<version>/<resource>/<method>.md` tail of a `/`-separated path (an event
/// page's `<service>/<version>/<resource>/events/<event>.md`): the name a page has relative to
/// a specs root, whatever directory it is read from.
pub fn layout_source(path: &str) -> String {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let event = parts.len() >= 5 && parts.get(parts.len() - 2) == Some(&"events");
    let skip = parts.len().saturating_sub(if event { 5 } else { 4 });
    parts
        .iter()
        .skip(skip)
        .copied()
        .collect::<Vec<_>>()
        .join("/")
}

/// The sorted, distinct service ids of `apis` and `events`: the names of the per-service
/// Cargo features (a service documented by event pages only, `card`, has one too).
pub fn page_services(apis: &[Api], events: &[Event]) -> Vec<String> {
    apis.iter()
        .map(|a| &a.id.service)
        .chain(events.iter().map(|e| &e.id.service))
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The sorted, distinct service ids of `apis`: the names of the per-service Cargo features.
pub fn services(apis: &[Api]) -> Vec<String> {
    apis.iter()
        .map(|a| a.id.service.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests;
