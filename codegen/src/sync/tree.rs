//! The staging tree: a sync writes into a hidden sibling of `specs/` holding a copy of it
//! (hard links where the file system allows, so the copy is cheap) and swaps it in only when
//! every page has been fetched and placed. Until the swap `specs/` is not touched, so a failed
//! or interrupted sync leaves it as it was; a staging tree left behind by an interrupted run
//! is removed by the next one.
//!
//! The swap is two renames (`specs` → `.specs.sync-old`, staging → `specs`) in one directory.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "specs".into());
    target.with_file_name(format!(".{name}.{suffix}"))
}

fn err(path: &Path, action: &str, e: io::Error) -> String {
    format!("cannot {action} {}: {e}", path.display())
}

fn remove_if_exists(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(err(dir, "remove", e)),
    }
}

fn link_tree(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| err(to, "create", e))?;
    for entry in fs::read_dir(from).map_err(|e| err(from, "read", e))? {
        let entry = entry.map_err(|e| err(from, "read", e))?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let ty = entry.file_type().map_err(|e| err(&src, "read", e))?;
        if ty.is_dir() {
            link_tree(&src, &dst)?;
        } else if fs::hard_link(&src, &dst).is_err() {
            fs::copy(&src, &dst).map_err(|e| err(&src, "copy", e))?;
        }
    }
    Ok(())
}

impl Staging {
    /// A staging copy of `target` (empty when `target` does not exist yet).
    pub fn new(target: &Path) -> Result<Staging, String> {
        let dir = sibling(target, "sync-staging");
        remove_if_exists(&dir)?;
        remove_if_exists(&sibling(target, "sync-old"))?;
        if target.is_dir() {
            link_tree(target, &dir)?;
        } else {
            fs::create_dir_all(&dir).map_err(|e| err(&dir, "create", e))?;
        }
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// Writes `text` at `rel` (`/`-separated) in the staging tree. The old file is unlinked
    /// first: it may be a hard link to the live page.
    pub fn write(&self, rel: &str, text: &str) -> Result<(), String> {
        let path = rel.split('/').fold(self.dir.clone(), |p, c| p.join(c));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| err(parent, "create", e))?;
        }
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(err(&path, "replace", e)),
        }
        fs::write(&path, text).map_err(|e| err(&path, "write", e))
    }

    /// Swaps the staging tree in for the target.
    pub fn commit(mut self) -> Result<(), String> {
        let old = sibling(&self.target, "sync-old");
        let had_target = self.target.exists();
        if had_target {
            fs::rename(&self.target, &old).map_err(|e| err(&self.target, "move aside", e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_target {
                // Put the old tree back: specs/ must not go missing.
                let _ = fs::rename(&old, &self.target);
            }
            return Err(err(&self.dir, "swap in", e));
        }
        self.committed = true;
        remove_if_exists(&old)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
