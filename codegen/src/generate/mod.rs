//! Orchestration: read a specs tree, emit, format, write (atomically) or check.
//!
//! Used by the CLI (`feishu-codegen generate`), by the root crate's `build.rs` (which writes
//! into `OUT_DIR`) and by the staleness test. Everything here is deterministic: files are
//! read in sorted order (in parallel, results re-sorted), and the output is a
//! [`GeneratedTree`] (a `BTreeMap`), whatever the thread count.
//!
//! [`read`](self#reading) lists and parses pages, [`write`](self#writing) replaces or checks a
//! tree on disk, [`manifest`](self#cargo-features) maintains the features block.
use crate::codes::Code;
use crate::emit;
use crate::format::{self, GENERATED_HEADER};
use crate::ir::{Api, Event, Severity};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

mod digest;
mod manifest;
mod names;
mod read;
mod render;
mod reuse;
mod write;

pub use crate::emit::NameMap;
pub use manifest::{sync_cargo_features, sync_file};
pub use names::{parse_names, read_names, render_names, NameMapUpdate};
pub use read::{
    layout_source, list_specs, page_services, read_items, read_spec_items, read_spec_pages,
    read_specs, services,
};
pub use render::Previous;
pub use reuse::ReuseCache;
pub use write::{diff_tree, read_tree, write_tree, write_tree_in_place, TreeDiff, WriteReport};

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
                header = GENERATED_HEADER,
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
                    crate::ir::Diagnostic::new(
                        Code::ServiceDirectoryMismatch,
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

/// Emits and formats the code for `apis` (in any order) on every available core; see
/// [`generate_tree_with`].
pub fn generate_tree(apis: &[Api]) -> Result<GeneratedTree, GenerateError> {
    generate_tree_with(apis, 0)
}

/// Emits and formats the code for `apis` (in any order) on up to `threads` threads (0: the
/// available parallelism); the output is the same for any thread count. Fails, naming every
/// error, if any API has an error diagnostic. Every file starts with [`GENERATED_HEADER`]
/// (written by [`format::format_file`]).
pub fn generate_tree_with(apis: &[Api], threads: usize) -> Result<GeneratedTree, GenerateError> {
    generate(apis, threads, &NameMap::new()).map(|g| g.tree)
}

/// The output of [`generate`]: the tree, every public name it assigned by record key, and
/// what the next run needs to reuse its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub tree: GeneratedTree,
    /// Every assigned nested-type and prose-named variant name (see [`NameMap`]).
    pub names: NameMap,
    /// To keep outside the tree and pass back, with the tree, as [`Previous`].
    pub cache: ReuseCache,
}

/// Like [`generate_tree_with`], with the names of `names` (the checked-in name map) winning
/// over derived ones; also returns the names assigned, for the map.
pub fn generate(apis: &[Api], threads: usize, names: &NameMap) -> Result<Generated, GenerateError> {
    generate_reusing(apis, threads, names, &Previous::default())
}

/// Like [`generate`], reusing the files of `previous` (a tree written before, e.g. read back
/// from `generated/`, and the cache its run returned) whose recorded inputs match and whose
/// text is unedited, without emitting or formatting them (see [`reuse`]); the result is the
/// same as without.
pub fn generate_reusing(
    apis: &[Api],
    threads: usize,
    names: &NameMap,
    previous: &Previous,
) -> Result<Generated, GenerateError> {
    generate_pages(apis, &[], threads, names, previous)
}

/// Like [`generate_reusing`], with the types of `events` (event and callback pages) emitted
/// in their service version's modules beside the APIs'.
pub fn generate_pages(
    apis: &[Api],
    events: &[Event],
    threads: usize,
    names: &NameMap,
    previous: &Previous,
) -> Result<Generated, GenerateError> {
    let mut errors = input_errors(apis);
    for e in events {
        errors.extend(
            e.diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.render(&e.source)),
        );
    }
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
    let (files, assigned, cache) = render::render(&sorted, events, threads, names, previous)?;
    let mut tree = GeneratedTree::new();
    for (path, text) in files {
        check_rel_path(&path)?;
        if tree.contains_key(&path) {
            return Err(GenerateError::InvalidPath {
                path,
                message: "emitted twice".into(),
            });
        }
        tree.insert(path, text?);
    }
    check_tree_paths(&tree)?;
    Ok(Generated {
        tree,
        names: assigned,
        cache,
    })
}

/// The round-trip test's registry for `apis` (see [`emit::roundtrip_registry`]), formatted,
/// with the generated header.
pub fn roundtrip_registry(apis: &[Api]) -> Result<String, GenerateError> {
    let tokens = emit::roundtrip_registry(apis).map_err(|e| GenerateError::Emit {
        source: e.source,
        message: e.message,
    })?;
    format::format_file(tokens).map_err(|e| GenerateError::Format {
        path: "roundtrip registry".to_owned(),
        message: e.to_string(),
    })
}

/// [`roundtrip_registry`] followed by the events' table (see
/// [`emit::event_roundtrip_registry`]), their names as `names` pins them.
pub fn roundtrip_registry_pages(
    apis: &[Api],
    events: &[Event],
    names: &NameMap,
) -> Result<String, GenerateError> {
    format_registry(registry_tokens(apis, events, names)?)
}

/// Like [`roundtrip_registry_pages`], taking `previous` (the registry as found on disk) as it
/// is when `cache` (the previous run's) recorded it made from the same tokens, unedited:
/// formatting the registry costs more than making its tokens. Records the result in `next`
/// (this run's cache).
pub fn roundtrip_registry_reusing(
    apis: &[Api],
    events: &[Event],
    names: &NameMap,
    previous: (Option<&str>, &ReuseCache),
    next: &mut ReuseCache,
) -> Result<String, GenerateError> {
    let tokens = registry_tokens(apis, events, names)?;
    let inputs = reuse::tokens_hash(&tokens);
    let (text, cache) = previous;
    let text = match cache.registry_kept(&inputs, text) {
        Some(text) => text.to_owned(),
        None => format_registry(tokens)?,
    };
    next.record_registry(inputs, &text);
    Ok(text)
}

/// The registry's tokens: the APIs' table and the events'.
fn registry_tokens(
    apis: &[Api],
    events: &[Event],
    names: &NameMap,
) -> Result<proc_macro2::TokenStream, GenerateError> {
    let emit_error = |e: emit::EmitError| GenerateError::Emit {
        source: e.source,
        message: e.message,
    };
    let mut tokens = emit::roundtrip_registry(apis).map_err(emit_error)?;
    if !events.is_empty() {
        tokens.extend(emit::event_roundtrip_registry(apis, events, names).map_err(emit_error)?);
    }
    Ok(tokens)
}

fn format_registry(tokens: proc_macro2::TokenStream) -> Result<String, GenerateError> {
    format::format_file(tokens).map_err(|e| GenerateError::Format {
        path: "roundtrip registry".to_owned(),
        message: e.to_string(),
    })
}

/// Whether `contents` starts with the generated-file header.
pub(crate) fn is_generated(contents: &[u8]) -> bool {
    contents.starts_with(GENERATED_HEADER.as_bytes())
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

#[cfg(test)]
mod tests;
