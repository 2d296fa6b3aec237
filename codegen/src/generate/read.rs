//! Reading: listing the pages of a specs tree and parsing them (in parallel).
use super::{sorted_entries, GenerateError, Options, SpecFile};
use crate::ir::Api;
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

/// Reads and parses `files` as the pages of one run ([`parse_pages`]), in parallel when
/// `threads` allows; the result has the order of `files`. The first read error (in `files`
/// order) is returned.
pub fn read_files(files: &[SpecFile], threads: usize) -> Result<Vec<Api>, GenerateError> {
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

/// Reads and parses every page under `dir` (see [`list_specs`]); sorted by `source`, identical
/// whatever the thread count.
pub fn read_specs(dir: &Path, opts: &Options) -> Result<Vec<Api>, GenerateError> {
    let files = list_specs(dir, opts)?;
    let mut apis = read_files(&files, opts.threads)?;
    apis.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(apis)
}

/// The `<service>/<version>/<resource>/<method>.md` tail of a `/`-separated path: the name a
/// page has relative to a specs root, whatever directory it is read from.
pub fn layout_source(path: &str) -> String {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let skip = parts.len().saturating_sub(4);
    parts
        .iter()
        .skip(skip)
        .copied()
        .collect::<Vec<_>>()
        .join("/")
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
