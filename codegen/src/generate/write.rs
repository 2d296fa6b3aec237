//! Writing and checking: replacing an output tree atomically, or diffing it.
use super::{check_tree_paths, is_generated, sorted_entries, GenerateError, GeneratedTree};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

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
/// The generated files under `dir` as text (files that are not UTF-8 are left out: they can
/// only be regenerated); empty when `dir` does not exist.
pub fn read_tree(dir: &Path) -> Result<GeneratedTree, GenerateError> {
    Ok(scan_tree(dir)?
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(path, bytes)| Some((path, String::from_utf8(bytes).ok()?)))
        .collect())
}

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

#[cfg(test)]
mod tests;
