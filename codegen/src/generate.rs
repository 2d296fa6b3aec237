//! Orchestration: read a specs tree, emit, format, write (atomically) or check.
//!
//! Used by the CLI (`feishu-codegen generate`), by the root crate's `build.rs` (which writes
//! into `OUT_DIR`) and by the staleness test. Everything here is deterministic: files are
//! read in sorted order (in parallel, results re-sorted), and the output is a
//! [`GeneratedTree`] (a `BTreeMap`), whatever the thread count.
use crate::emit;
use crate::format::{self, GENERATED_HEADER};
use crate::ir::{Api, Severity};
pub use crate::par::effective_threads;
use crate::par::par_map;
use crate::parse::parse_page;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Generated files: path relative to the output root (`/`-separated) → contents.
pub type GeneratedTree = BTreeMap<String, String>;

/// What to read and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Services (top-level directories of the specs tree) to read; `None` reads all.
    /// Other services are skipped without being read.
    pub services: Option<BTreeSet<String>>,
    /// Worker threads for reading and parsing; 0 means the available parallelism.
    pub threads: usize,
}

/// One spec page to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFile {
    /// The name given to [`parse_page`]: the path relative to the specs root, `/`-separated.
    pub source: String,
    /// Where to read it.
    pub path: PathBuf,
}

/// Everything that can go wrong while generating. Messages name the paths involved.
#[derive(Debug)]
pub enum GenerateError {
    /// A file-system operation failed.
    Io {
        path: PathBuf,
        action: &'static str,
        error: io::Error,
    },
    /// Spec pages have error diagnostics, rendered `path:line:col: error: message` with paths
    /// relative to the specs root.
    Diagnostics { errors: Vec<String> },
    /// The emitter rejected an API.
    Emit { source: String, message: String },
    /// The emitter produced tokens that are not a valid Rust file.
    Format { path: String, message: String },
    /// The emitter produced an unusable file path (absolute, `..`, duplicate, ...).
    InvalidPath { path: String, message: String },
    /// The output directory holds files without the generated header.
    HandWritten { dir: PathBuf, files: Vec<String> },
    /// The Cargo manifest's generated features block cannot be maintained.
    Manifest { path: PathBuf, message: String },
}

impl GenerateError {
    fn io(path: &Path, action: &'static str, error: io::Error) -> Self {
        GenerateError::Io {
            path: path.to_path_buf(),
            action,
            error,
        }
    }

    /// Whether this is a file-system error (as opposed to a problem with the input).
    pub fn is_io(&self) -> bool {
        matches!(self, GenerateError::Io { .. })
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Io {
                path,
                action,
                error,
            } => write!(f, "cannot {action} {}: {error}", path.display()),
            GenerateError::Diagnostics { errors } => {
                write!(f, "{} error(s) in spec pages", errors.len())?;
                for e in errors {
                    write!(f, "\n  {e}")?;
                }
                Ok(())
            }
            GenerateError::Emit { source, message } => {
                write!(f, "cannot generate code for {source}: {message}")
            }
            GenerateError::Format { path, message } => {
                write!(f, "generated file {path} is not valid Rust: {message}")
            }
            GenerateError::InvalidPath { path, message } => {
                write!(f, "invalid generated file path `{path}`: {message}")
            }
            GenerateError::HandWritten { dir, files } => write!(
                f,
                "refusing to replace {dir}: it holds files feishu-codegen did not generate \
                 (they lack the `{header}` header): {files}; {dir} must contain generated code only",
                dir = dir.display(),
                header = header_line(),
                files = files.join(", "),
            ),
            GenerateError::Manifest { path, message } => {
                write!(f, "{}: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for GenerateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GenerateError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

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

/// `(name, path, is_dir)` of a directory's entries, sorted by name. Symlinks are followed.
fn sorted_entries(dir: &Path) -> Result<Vec<(String, PathBuf, bool)>, GenerateError> {
    let mut entries = Vec::new();
    let rd = fs::read_dir(dir).map_err(|e| GenerateError::io(dir, "read directory", e))?;
    for entry in rd {
        let entry = entry.map_err(|e| GenerateError::io(dir, "read directory", e))?;
        let path = entry.path();
        let name = entry.file_name().into_string().map_err(|_| {
            GenerateError::io(
                &path,
                "read",
                io::Error::new(io::ErrorKind::InvalidData, "file name is not UTF-8"),
            )
        })?;
        let meta = fs::metadata(&path).map_err(|e| GenerateError::io(&path, "read", e))?;
        entries.push((name, path, meta.is_dir()));
    }
    entries.sort();
    Ok(entries)
}

/// Reads and parses `files`, in parallel when `threads` allows; the result has the order of
/// `files`. The first read error (in `files` order) is returned.
pub fn read_files(files: &[SpecFile], threads: usize) -> Result<Vec<Api>, GenerateError> {
    par_map(files, threads, |f| match fs::read(&f.path) {
        Ok(bytes) => Ok(parse_page(&f.source, &bytes)),
        Err(e) => Err(GenerateError::io(&f.path, "read", e)),
    })
    .into_iter()
    .collect()
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

// ---------------------------------------------------------------------------------------------
// Generating

/// Error diagnostics of `apis`, rendered with paths relative to the specs root, plus an error
/// for every page whose service differs from its top-level directory (per-service features
/// select pages by directory).
fn input_errors(apis: &[Api]) -> Vec<String> {
    let mut errors = Vec::new();
    for api in apis {
        for d in &api.diagnostics {
            if d.severity == Severity::Error {
                errors.push(d.render(&api.source));
            }
        }
        if let Some((dir, _)) = api.source.split_once('/') {
            if !api.has_errors() && dir != api.id.service {
                errors.push(
                    crate::ir::Diagnostic::error(
                        0,
                        0,
                        format!(
                            "the page is under `{dir}/` but documents service `{}`; \
                             move it to `{}/` (features select pages by directory)",
                            api.id.service, api.id.service
                        ),
                    )
                    .render(&api.source),
                );
            }
        }
    }
    errors
}

/// Emits and formats the code for `apis` (in any order). Fails, naming every error, if any
/// API has an error diagnostic. Every file starts with [`GENERATED_HEADER`].
pub fn generate_tree(apis: &[Api]) -> Result<GeneratedTree, GenerateError> {
    let errors = input_errors(apis);
    if !errors.is_empty() {
        return Err(GenerateError::Diagnostics { errors });
    }
    let sorted: Cow<'_, [Api]> = if apis.windows(2).all(|w| match w {
        [a, b] => a.source <= b.source,
        _ => true,
    }) {
        Cow::Borrowed(apis)
    } else {
        let mut v = apis.to_vec();
        v.sort_by(|a, b| a.source.cmp(&b.source));
        Cow::Owned(v)
    };
    let files =
        emit::emit_rendered(&sorted, effective_threads(0), format::format_file).map_err(|e| {
            GenerateError::Emit {
                source: e.source,
                message: e.message,
            }
        })?;
    let mut tree = GeneratedTree::new();
    for (path, text) in files {
        check_rel_path(&path)?;
        if tree.contains_key(&path) {
            return Err(GenerateError::InvalidPath {
                path,
                message: "emitted twice".into(),
            });
        }
        let text = text.map_err(|e| GenerateError::Format {
            path: path.clone(),
            message: e.to_string(),
        })?;
        tree.insert(path, with_header(text));
    }
    check_tree_paths(&tree)?;
    Ok(tree)
}

/// The first line of [`GENERATED_HEADER`], which marks a file as generated.
pub fn header_line() -> &'static str {
    GENERATED_HEADER.lines().next().unwrap_or(GENERATED_HEADER)
}

/// Whether `contents` starts with the generated-file header.
pub fn is_generated(contents: &[u8]) -> bool {
    contents.starts_with(header_line().as_bytes())
}

fn with_header(text: String) -> String {
    if is_generated(text.as_bytes()) {
        text
    } else {
        format!("{}\n{text}", header_line())
    }
}

fn check_rel_path(path: &str) -> Result<(), GenerateError> {
    let bad = |message: &str| {
        Err(GenerateError::InvalidPath {
            path: path.to_string(),
            message: message.to_string(),
        })
    };
    if path.is_empty() || path.starts_with('/') || path.contains('\\') {
        return bad("must be a relative `/`-separated path");
    }
    if path
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return bad("must not contain empty, `.` or `..` components");
    }
    Ok(())
}

/// Every path is valid and no file path is also a directory of another file.
fn check_tree_paths(tree: &GeneratedTree) -> Result<(), GenerateError> {
    for path in tree.keys() {
        check_rel_path(path)?;
        let mut dir = path.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if tree.contains_key(parent) {
                return Err(GenerateError::InvalidPath {
                    path: path.clone(),
                    message: format!("`{parent}` is both a file and a directory"),
                });
            }
            dir = parent;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Writing and checking

/// How an on-disk tree differs from a generated one. Each list is sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeDiff {
    /// In both, with different contents (stale).
    pub modified: Vec<String>,
    /// Generated but not on disk (missing).
    pub added: Vec<String>,
    /// On disk but no longer generated (extra).
    pub removed: Vec<String>,
}

impl TreeDiff {
    pub fn is_empty(&self) -> bool {
        self.modified.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// All differing paths, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .modified
            .iter()
            .chain(&self.added)
            .chain(&self.removed)
            .cloned()
            .collect();
        all.sort();
        all
    }

    fn between(existing: &BTreeMap<String, Vec<u8>>, tree: &GeneratedTree) -> Self {
        let mut diff = TreeDiff::default();
        for (path, contents) in tree {
            match existing.get(path) {
                Some(old) if old.as_slice() == contents.as_bytes() => {}
                Some(_) => diff.modified.push(path.clone()),
                None => diff.added.push(path.clone()),
            }
        }
        diff.removed = existing
            .keys()
            .filter(|p| !tree.contains_key(*p))
            .cloned()
            .collect();
        diff
    }
}

/// What [`write_tree`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Number of files in the new tree.
    pub files: usize,
    /// What changed; empty when the tree was already up to date and nothing was written.
    pub diff: TreeDiff,
}

impl WriteReport {
    /// Whether the tree was already identical (nothing written).
    pub fn unchanged(&self) -> bool {
        self.diff.is_empty()
    }
}

/// All files under `dir` (relative `/`-separated path → bytes). `Ok(None)` when `dir` does
/// not exist.
fn scan_tree(dir: &Path) -> Result<Option<BTreeMap<String, Vec<u8>>>, GenerateError> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(GenerateError::io(dir, "read", e)),
        Ok(_) => {}
    }
    let mut files = BTreeMap::new();
    scan_into(dir, "", &mut files)?;
    Ok(Some(files))
}

fn scan_into(
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), GenerateError> {
    for (name, path, is_dir) in sorted_entries(dir)? {
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if is_dir {
            scan_into(&path, &rel, files)?;
        } else {
            let bytes = fs::read(&path).map_err(|e| GenerateError::io(&path, "read", e))?;
            files.insert(rel, bytes);
        }
    }
    Ok(())
}

/// Relative paths under `out` that are stale, missing or extra compared with `tree`, sorted.
/// A missing or unreadable `out` counts as empty.
pub fn check_tree(out: &Path, tree: &GeneratedTree) -> Vec<String> {
    diff_tree(out, tree)
        .unwrap_or_else(|_| TreeDiff::between(&BTreeMap::new(), tree))
        .paths()
}

/// How `out` differs from `tree`.
pub fn diff_tree(out: &Path, tree: &GeneratedTree) -> Result<TreeDiff, GenerateError> {
    let existing = scan_tree(out)?.unwrap_or_default();
    Ok(TreeDiff::between(&existing, tree))
}

/// Replaces `out` with exactly `tree`, atomically: the new tree is written into a temporary
/// directory next to `out` and swapped in by renames. On any error the old tree is left as it
/// was. Refuses (changing nothing) when `out` holds a file without the generated header.
/// Writes nothing when `out` already matches.
pub fn write_tree(out: &Path, tree: &GeneratedTree) -> Result<WriteReport, GenerateError> {
    write_tree_with(out, tree, &mut |path, contents| fs::write(path, contents))
}

type FileWriter<'a> = dyn FnMut(&Path, &[u8]) -> io::Result<()> + 'a;

fn write_tree_with(
    out: &Path,
    tree: &GeneratedTree,
    write: &mut FileWriter<'_>,
) -> Result<WriteReport, GenerateError> {
    check_tree_paths(tree)?;
    let existing = scan_tree(out)?;
    if let Some(existing) = &existing {
        let foreign: Vec<String> = existing
            .iter()
            .filter(|(_, contents)| !is_generated(contents))
            .map(|(path, _)| path.clone())
            .collect();
        if !foreign.is_empty() {
            return Err(GenerateError::HandWritten {
                dir: out.to_path_buf(),
                files: foreign,
            });
        }
    }
    let diff = TreeDiff::between(existing.as_ref().unwrap_or(&BTreeMap::new()), tree);
    let report = WriteReport {
        files: tree.len(),
        diff,
    };
    if report.unchanged() && existing.is_some() {
        return Ok(report);
    }

    let name = out.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        GenerateError::io(
            out,
            "write",
            io::Error::new(io::ErrorKind::InvalidInput, "output path has no file name"),
        )
    })?;
    let parent = out.parent().unwrap_or_else(|| Path::new(""));
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let backup = parent.join(format!(".{name}.old-{pid}"));
    remove_dir_if_exists(&tmp)?;
    remove_dir_if_exists(&backup)?;

    if let Err(e) = fill_dir(&tmp, tree, write) {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if existing.is_some() {
        if let Err(e) = fs::rename(out, &backup) {
            let _ = fs::remove_dir_all(&tmp);
            return Err(GenerateError::io(out, "move aside", e));
        }
    }
    if let Err(e) = fs::rename(&tmp, out) {
        if existing.is_some() {
            let _ = fs::rename(&backup, out);
        }
        let _ = fs::remove_dir_all(&tmp);
        return Err(GenerateError::io(out, "replace", e));
    }
    if existing.is_some() {
        // The new tree is in place; a leftover backup is harmless (and git-ignored).
        let _ = fs::remove_dir_all(&backup);
    }
    Ok(report)
}

fn remove_dir_if_exists(dir: &Path) -> Result<(), GenerateError> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(GenerateError::io(dir, "remove", e)),
        Ok(meta) if meta.is_dir() => {
            fs::remove_dir_all(dir).map_err(|e| GenerateError::io(dir, "remove", e))
        }
        Ok(_) => fs::remove_file(dir).map_err(|e| GenerateError::io(dir, "remove", e)),
    }
}

/// Writes `tree` into a new directory `dir`.
fn fill_dir(
    dir: &Path,
    tree: &GeneratedTree,
    write: &mut FileWriter<'_>,
) -> Result<(), GenerateError> {
    fs::create_dir_all(dir).map_err(|e| GenerateError::io(dir, "create directory", e))?;
    for (rel, contents) in tree {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| GenerateError::io(parent, "create directory", e))?;
        }
        write(&path, contents.as_bytes()).map_err(|e| GenerateError::io(&path, "write", e))?;
    }
    Ok(())
}

/// Writes `tree` into `dir` in place (no swap, existing files overwritten, others left).
/// For `build.rs`, whose `OUT_DIR` is private to the build.
pub fn write_tree_in_place(dir: &Path, tree: &GeneratedTree) -> Result<(), GenerateError> {
    check_tree_paths(tree)?;
    fill_dir(dir, tree, &mut |path, contents| {
        if fs::read(path).ok().as_deref() == Some(contents) {
            Ok(())
        } else {
            fs::write(path, contents)
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Cargo features

/// First line of the generated features block in the root `Cargo.toml`.
pub const FEATURES_BEGIN: &str = "# BEGIN generated service features (feishu-codegen)";
/// Last line of the generated features block.
pub const FEATURES_END: &str = "# END generated service features";

/// The features block for `services` (sorted, distinct), markers included, `\n`-terminated.
pub fn features_block(services: &[String]) -> String {
    let mut s = String::new();
    s.push_str(FEATURES_BEGIN);
    s.push('\n');
    s.push_str("# One feature per service in specs/; `full` enables all of them.\n");
    if services.is_empty() {
        s.push_str("full = []\n");
    } else {
        s.push_str("full = [\n");
        for service in services {
            s.push_str(&format!("    \"{service}\",\n"));
        }
        s.push_str("]\n");
    }
    for service in services {
        s.push_str(&format!("{service} = []\n"));
    }
    s.push_str(FEATURES_END);
    s.push('\n');
    s
}

fn valid_feature_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
        && name != "full"
        && name != "default"
}

/// `manifest` with its features block set to `services`. Replaces the marked block, or adds
/// one at the end of `[features]` (creating the section if needed).
pub fn update_features(manifest: &str, services: &[String]) -> Result<String, String> {
    let mut sorted: Vec<String> = services.to_vec();
    sorted.sort();
    sorted.dedup();
    if let Some(bad) = sorted.iter().find(|s| !valid_feature_name(s)) {
        return Err(format!("service `{bad}` is not a valid Cargo feature name"));
    }
    let block = features_block(&sorted);
    let lines: Vec<&str> = manifest.lines().collect();
    let begins: Vec<usize> = marker_lines(&lines, FEATURES_BEGIN);
    let ends: Vec<usize> = marker_lines(&lines, FEATURES_END);
    let mut out = String::with_capacity(manifest.len() + block.len());
    let push_lines = |out: &mut String, ls: &[&str]| {
        for l in ls {
            out.push_str(l);
            out.push('\n');
        }
    };
    match (begins.as_slice(), ends.as_slice()) {
        ([b], [e]) if b < e => {
            push_lines(&mut out, lines.get(..*b).unwrap_or(&[]));
            out.push_str(&block);
            push_lines(&mut out, lines.get(e + 1..).unwrap_or(&[]));
        }
        ([], []) => {
            let section = lines.iter().position(|l| l.trim() == "[features]");
            match section {
                Some(start) => {
                    let end = lines
                        .iter()
                        .enumerate()
                        .skip(start + 1)
                        .find(|(_, l)| l.trim_start().starts_with('['))
                        .map(|(i, _)| i)
                        .unwrap_or(lines.len());
                    // Insert after the section's last non-blank line.
                    let mut insert = end;
                    while insert > start + 1
                        && lines.get(insert - 1).is_some_and(|l| l.trim().is_empty())
                    {
                        insert -= 1;
                    }
                    push_lines(&mut out, lines.get(..insert).unwrap_or(&[]));
                    out.push_str(&block);
                    push_lines(&mut out, lines.get(insert..).unwrap_or(&[]));
                }
                None => {
                    push_lines(&mut out, &lines);
                    if !lines.last().is_none_or(|l| l.trim().is_empty()) {
                        out.push('\n');
                    }
                    out.push_str("[features]\n");
                    out.push_str(&block);
                }
            }
        }
        _ => {
            return Err(format!(
                "expected one `{FEATURES_BEGIN}` line followed by one `{FEATURES_END}` line"
            ))
        }
    }
    Ok(out)
}

fn marker_lines(lines: &[&str], marker: &str) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim() == marker)
        .map(|(i, _)| i)
        .collect()
}

/// Brings the generated features block of `manifest` up to date with `services`. Returns
/// whether it was out of date. With `check_only`, nothing is written.
pub fn sync_cargo_features(
    manifest: &Path,
    services: &[String],
    check_only: bool,
) -> Result<bool, GenerateError> {
    let text = fs::read_to_string(manifest).map_err(|e| GenerateError::io(manifest, "read", e))?;
    let updated = update_features(&text, services).map_err(|message| GenerateError::Manifest {
        path: manifest.to_path_buf(),
        message,
    })?;
    if updated == text {
        return Ok(false);
    }
    if !check_only {
        let name = manifest
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("Cargo.toml");
        let tmp = manifest.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        fs::write(&tmp, &updated).map_err(|e| GenerateError::io(&tmp, "write", e))?;
        if let Err(e) = fs::rename(&tmp, manifest) {
            let _ = fs::remove_file(&tmp);
            return Err(GenerateError::io(manifest, "replace", e));
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gen(body: &str) -> String {
        format!("{}\n{body}\n", header_line())
    }

    fn tree(files: &[(&str, &str)]) -> GeneratedTree {
        files.iter().map(|(p, b)| (p.to_string(), gen(b))).collect()
    }

    fn read_all(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        scan_tree(dir).unwrap().unwrap()
    }

    fn as_bytes(t: &GeneratedTree) -> BTreeMap<String, Vec<u8>> {
        t.iter()
            .map(|(k, v)| (k.clone(), v.clone().into_bytes()))
            .collect()
    }

    /// The parent directory holds nothing but `out` (no temp or backup leftovers).
    fn assert_no_leftovers(parent: &Path) {
        let names: Vec<String> = fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(
            names,
            vec!["generated".to_string()],
            "leftovers in {parent:?}"
        );
    }

    #[test]
    fn writes_a_fresh_tree_then_reports_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("generated");
        let t = tree(&[("services.rs", "a"), ("vc/v1/meeting.rs", "b")]);
        let r = write_tree(&out, &t).unwrap();
        assert_eq!(r.files, 2);
        assert_eq!(r.diff.added, vec!["services.rs", "vc/v1/meeting.rs"]);
        assert_eq!(read_all(&out), as_bytes(&t));
        assert!(check_tree(&out, &t).is_empty());

        let again = write_tree(&out, &t).unwrap();
        assert!(again.unchanged());
        assert_no_leftovers(tmp.path());
    }

    #[test]
    fn replaces_modifies_and_removes_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("generated");
        write_tree(
            &out,
            &tree(&[("a.rs", "1"), ("old/x.rs", "2"), ("b.rs", "3")]),
        )
        .unwrap();
        let t2 = tree(&[("a.rs", "1"), ("b.rs", "changed"), ("new/y.rs", "4")]);
        let r = write_tree(&out, &t2).unwrap();
        assert_eq!(r.diff.modified, vec!["b.rs"]);
        assert_eq!(r.diff.added, vec!["new/y.rs"]);
        assert_eq!(r.diff.removed, vec!["old/x.rs"]);
        assert_eq!(read_all(&out), as_bytes(&t2));
        assert!(
            !out.join("old").exists(),
            "emptied directories go away with the swap"
        );
        assert_no_leftovers(tmp.path());
    }

    #[test]
    fn failing_midway_leaves_the_old_tree_intact() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("generated");
        let old = tree(&[("a.rs", "old a"), ("b.rs", "old b")]);
        write_tree(&out, &old).unwrap();
        let new = tree(&[("a.rs", "new a"), ("b.rs", "new b"), ("c.rs", "new c")]);
        let mut written = 0;
        let err = write_tree_with(&out, &new, &mut |path, contents| {
            written += 1;
            if written == 2 {
                return Err(io::Error::other("disk full"));
            }
            fs::write(path, contents)
        })
        .unwrap_err();
        assert!(err.is_io());
        assert!(err.to_string().contains("disk full"), "{err}");
        assert!(err.to_string().contains("b.rs"), "names the file: {err}");
        assert_eq!(read_all(&out), as_bytes(&old));
        assert_no_leftovers(tmp.path());
    }

    #[test]
    fn conflicting_paths_are_rejected_before_anything_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("generated");
        let old = tree(&[("a.rs", "old")]);
        write_tree(&out, &old).unwrap();
        let bad = tree(&[("x.rs", "1"), ("x.rs/y.rs", "2")]);
        let err = write_tree(&out, &bad).unwrap_err();
        assert!(matches!(err, GenerateError::InvalidPath { .. }), "{err}");
        assert_eq!(read_all(&out), as_bytes(&old));
        assert_no_leftovers(tmp.path());
    }

    #[test]
    fn an_unwritable_temp_location_leaves_the_old_tree_intact() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("generated");
        let old = tree(&[("a.rs", "old")]);
        write_tree(&out, &old).unwrap();
        // A file where a subdirectory of the new tree must be created.
        let mut calls = 0;
        let err = write_tree_with(
            &out,
            &tree(&[("d/a.rs", "1"), ("e/b.rs", "2")]),
            &mut |p, c| {
                calls += 1;
                if calls == 1 {
                    // Block the next directory: put a file where `e/` must go.
                    fs::write(p.parent().unwrap().parent().unwrap().join("e"), "x")?;
                }
                fs::write(p, c)
            },
        )
        .unwrap_err();
        assert!(err.is_io(), "{err}");
        assert!(err.to_string().contains("create directory"), "{err}");
        assert_eq!(read_all(&out), as_bytes(&old));
        assert_no_leftovers(tmp.path());
    }

    #[test]
    fn refuses_to_replace_hand_written_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("generated");
        let old = tree(&[("a.rs", "old")]);
        write_tree(&out, &old).unwrap();
        fs::write(out.join("notes.md"), "my notes\n").unwrap();
        let err = write_tree(&out, &tree(&[("a.rs", "new")])).unwrap_err();
        match &err {
            GenerateError::HandWritten { files, .. } => assert_eq!(files, &["notes.md"]),
            other => panic!("unexpected {other}"),
        }
        assert!(err.to_string().contains("notes.md"));
        assert_eq!(
            fs::read_to_string(out.join("notes.md")).unwrap(),
            "my notes\n"
        );
        assert_eq!(fs::read_to_string(out.join("a.rs")).unwrap(), gen("old"));
    }

    #[test]
    fn check_tree_names_stale_missing_and_extra_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("generated");
        let t = tree(&[("a.rs", "1"), ("b/c.rs", "2"), ("d.rs", "3")]);
        assert_eq!(check_tree(&out, &t), vec!["a.rs", "b/c.rs", "d.rs"]);
        write_tree(&out, &t).unwrap();
        assert!(check_tree(&out, &t).is_empty());
        fs::write(out.join("b/c.rs"), gen("edited")).unwrap();
        fs::remove_file(out.join("d.rs")).unwrap();
        fs::write(out.join("zz.rs"), "extra").unwrap();
        let diff = diff_tree(&out, &t).unwrap();
        assert_eq!(diff.modified, vec!["b/c.rs"]);
        assert_eq!(diff.added, vec!["d.rs"]);
        assert_eq!(diff.removed, vec!["zz.rs"]);
        assert_eq!(check_tree(&out, &t), vec!["b/c.rs", "d.rs", "zz.rs"]);
    }

    #[test]
    fn generated_paths_are_validated() {
        for bad in ["", "/abs.rs", "a/../b.rs", "a//b.rs", "./a.rs", "a\\b.rs"] {
            assert!(check_rel_path(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_rel_path("vc/v1/meeting.rs").is_ok());
    }

    #[test]
    fn list_specs_sorts_filters_and_skips_hidden_and_other_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for p in [
            "vc/v1/meeting/end.md",
            "vc/v1/meeting/get.md",
            "im/v1/chat.members/create.md",
            "im/v1/chat/create.md",
            "im/v1/chat/notes.txt",
            ".hidden/v1/x/y.md",
            "vc/.git/x.md",
        ] {
            let path = root.join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        fs::write(root.join("README.md"), "x").unwrap();
        let all: Vec<String> = list_specs(root, &Options::default())
            .unwrap()
            .into_iter()
            .map(|f| f.source)
            .collect();
        assert_eq!(
            all,
            vec![
                "README.md",
                "im/v1/chat.members/create.md",
                "im/v1/chat/create.md",
                "vc/v1/meeting/end.md",
                "vc/v1/meeting/get.md",
            ]
        );
        let opts = Options {
            services: Some(["vc".to_string()].into()),
            threads: 0,
        };
        let vc: Vec<String> = list_specs(root, &opts)
            .unwrap()
            .into_iter()
            .map(|f| f.source)
            .collect();
        assert_eq!(vc, vec!["vc/v1/meeting/end.md", "vc/v1/meeting/get.md"]);
        let err = list_specs(&root.join("nope"), &Options::default()).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn layout_source_keeps_the_last_four_components() {
        assert_eq!(
            layout_source("specs/vc/v1/meeting/end.md"),
            "vc/v1/meeting/end.md"
        );
        assert_eq!(
            layout_source("/a/b/./vc/v1/meeting/end.md"),
            "vc/v1/meeting/end.md"
        );
        assert_eq!(layout_source("meeting/end.md"), "meeting/end.md");
    }

    fn api(source: &str, service: &str) -> Api {
        use crate::ir::*;
        Api {
            source: source.into(),
            id: ApiId {
                service: service.into(),
                version: "v1".into(),
                resource: "r".into(),
                method: "m".into(),
            },
            flavour: Flavour::Reference,
            title: String::new(),
            description: String::new(),
            http_method: Some(crate::ir::HttpMethod::Get),
            path: crate::ir::PathTemplate::parse("/open-apis/x"),
            host: None,
            access_tokens: vec![],
            scopes: vec![],
            scope_names: vec![],
            field_scopes: vec![],
            app_types: vec![],
            rate_limit: None,
            path_params: vec![],
            query_params: vec![],
            headers: vec![],
            request_body: Body::default(),
            response_body: Body::default(),
            errors: vec![],
            examples: Examples::default(),
            sdk: None,
            diagnostics: vec![Diagnostic::warning(3, 1, "just a warning")],
        }
    }

    #[test]
    fn input_errors_name_error_diagnostics_and_misplaced_pages() {
        let mut bad = api("vc/v1/r/m.md", "vc");
        bad.diagnostics
            .push(crate::ir::Diagnostic::error(4, 2, "no HTTP URL"));
        let apis = vec![
            api("im/v1/r/m.md", "im"),
            bad,
            api("vc/v1/r/n.md", "calendar"),
        ];
        let errors = input_errors(&apis);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0], "vc/v1/r/m.md:4:2: error: no HTTP URL");
        assert!(
            errors[1].starts_with("vc/v1/r/n.md:1:1: error: "),
            "{errors:?}"
        );
        assert!(errors[1].contains("`calendar`"), "{errors:?}");
        match generate_tree(&apis) {
            Err(GenerateError::Diagnostics { errors: e }) => assert_eq!(e, errors),
            other => panic!("expected diagnostics, got {other:?}"),
        }
        // Warnings alone do not stop generation.
        assert!(input_errors(&[api("im/v1/r/m.md", "im")]).is_empty());
        assert_eq!(
            services(&apis),
            vec!["calendar".to_string(), "im".to_string(), "vc".to_string()]
        );
    }

    const MANIFEST: &str =
        "[package]\nname = \"x\"\n\n[features]\ndefault = []\n\n[dev-dependencies]\nfoo = \"1\"\n";

    #[test]
    fn features_block_is_inserted_then_replaced() {
        let svcs = vec!["vc".to_string(), "im".to_string()];
        let once = update_features(MANIFEST, &svcs).unwrap();
        assert!(once.contains("[features]\ndefault = []\n# BEGIN generated"));
        assert!(once.contains("full = [\n    \"im\",\n    \"vc\",\n]\nim = []\nvc = []\n# END"));
        assert!(
            once.ends_with("# END generated service features\n\n[dev-dependencies]\nfoo = \"1\"\n")
        );
        // Idempotent.
        assert_eq!(update_features(&once, &svcs).unwrap(), once);
        // Replaced, not duplicated.
        let fewer = update_features(&once, &["vc".to_string()]).unwrap();
        assert_eq!(fewer.matches(FEATURES_BEGIN).count(), 1);
        assert!(!fewer.contains("im = []"));
        assert!(fewer.contains("full = [\n    \"vc\",\n]\nvc = []\n"));
        // Back to the original services, back to the same text.
        assert_eq!(update_features(&fewer, &svcs).unwrap(), once);
    }

    #[test]
    fn features_section_is_created_when_missing() {
        let m = "[package]\nname = \"x\"\n";
        let out = update_features(m, &[]).unwrap();
        assert_eq!(
            out,
            format!(
                "[package]\nname = \"x\"\n\n[features]\n{}",
                features_block(&[])
            )
        );
        assert!(out.contains("full = []\n"));
    }

    #[test]
    fn broken_markers_and_bad_names_are_errors() {
        let half = format!("[features]\n{FEATURES_BEGIN}\nvc = []\n");
        assert!(update_features(&half, &[]).is_err());
        let reversed = format!("[features]\n{FEATURES_END}\n{FEATURES_BEGIN}\n");
        assert!(update_features(&reversed, &[]).is_err());
        assert!(update_features(MANIFEST, &["full".to_string()]).is_err());
        assert!(update_features(MANIFEST, &["a b".to_string()]).is_err());
    }

    #[test]
    fn sync_cargo_features_checks_and_writes() {
        let tmp = tempfile::tempdir().unwrap();
        let m = tmp.path().join("Cargo.toml");
        fs::write(&m, MANIFEST).unwrap();
        let svcs = vec!["vc".to_string()];
        assert!(sync_cargo_features(&m, &svcs, true).unwrap());
        assert_eq!(
            fs::read_to_string(&m).unwrap(),
            MANIFEST,
            "check writes nothing"
        );
        assert!(sync_cargo_features(&m, &svcs, false).unwrap());
        assert!(fs::read_to_string(&m).unwrap().contains("vc = []"));
        assert!(!sync_cargo_features(&m, &svcs, true).unwrap());
        assert!(!sync_cargo_features(&m, &svcs, false).unwrap());
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temp file left");
    }
}
