//! The two sides of a comparison: a specs directory, a single page, or `git:REV[:DIR]` (the
//! pages under `DIR`, default `specs`, at revision `REV` of the repository in the current
//! directory, read with `git ls-tree` and one `git cat-file --batch`; no work tree is touched).

use crate::generate::{self, layout_source, Options};
use crate::ir::{Api, Item};
use crate::par::par_map;
use crate::parse::{parse_item, parse_page};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A page's name relative to its specs root and its bytes.
pub type Page = (String, Vec<u8>);

/// Where one side's pages come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A directory of pages (`<service>/<version>/<resource>/<method>.md` below it).
    Dir(PathBuf),
    /// One page.
    Page(PathBuf),
    /// The pages under `dir` (relative to the current directory) at a git revision.
    Git { rev: String, dir: String },
}

impl Source {
    /// Reads a command-line argument: `git:REV`, `git:REV:DIR`, or a path.
    pub fn from_arg(arg: &str) -> Source {
        if let Some(rest) = arg.strip_prefix("git:") {
            let (rev, dir) = match rest.split_once(':') {
                Some((rev, dir)) => (rev, dir),
                None => (rest, "specs"),
            };
            return Source::Git {
                rev: rev.to_string(),
                dir: dir.to_string(),
            };
        }
        let path = PathBuf::from(arg);
        if path.is_file() {
            Source::Page(path)
        } else {
            Source::Dir(path)
        }
    }

    /// The pages as `(source, bytes)`, sorted by source (relative to the side's root).
    pub fn read(&self, threads: usize) -> Result<Vec<Page>, String> {
        let mut pages = match self {
            Source::Dir(dir) => {
                let files =
                    generate::list_specs(dir, &Options::default()).map_err(|e| e.to_string())?;
                par_map(&files, threads, |f| {
                    std::fs::read(&f.path)
                        .map(|b| (f.source.clone(), b))
                        .map_err(|e| format!("cannot read {}: {e}", f.path.display()))
                })
                .into_iter()
                .collect::<Result<Vec<_>, _>>()?
            }
            Source::Page(path) => {
                let bytes = std::fs::read(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let shown = path.to_string_lossy().replace('\\', "/");
                vec![(layout_source(&shown), bytes)]
            }
            Source::Git { rev, dir } => git_pages(Path::new("."), rev, dir)?,
        };
        pages.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(pages)
    }

    /// Reads and parses the pages, sorted by source; identical for any thread count.
    pub fn load(&self, threads: usize) -> Result<Vec<Api>, String> {
        Ok(parse_all(&self.read(threads)?, threads))
    }
}

/// Parses `(source, bytes)` API pages in parallel, in order (an event page gives an error
/// stand-in: see [`parse_items`]).
pub fn parse_all(pages: &[Page], threads: usize) -> Vec<Api> {
    par_map(pages, threads, |(source, bytes)| parse_page(source, bytes))
}

/// Parses `(source, bytes)` pages, APIs and events alike, in parallel, in order.
pub fn parse_items(pages: &[Page], threads: usize) -> Vec<Item> {
    par_map(pages, threads, |(source, bytes)| parse_item(source, bytes))
}

fn git(cwd: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("git");
    c.current_dir(cwd).args(args);
    c
}

/// `(source, bytes)` of every `*.md` blob under `dir` at `rev`, sources relative to `dir`.
pub fn git_pages(cwd: &Path, rev: &str, dir: &str) -> Result<Vec<Page>, String> {
    let listing = git(cwd, &["ls-tree", "-r", "-z", rev, "--", dir])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !listing.status.success() {
        return Err(format!(
            "git ls-tree {rev} -- {dir} failed: {}",
            String::from_utf8_lossy(&listing.stderr).trim()
        ));
    }
    let mut entries = Vec::new();
    for record in listing.stdout.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let record = String::from_utf8_lossy(record);
        let Some((meta, path)) = record.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (_mode, kind, oid) = (meta.next(), meta.next(), meta.next());
        let (Some("blob"), Some(oid)) = (kind, oid) else {
            continue;
        };
        // Named like the directory side names pages: relative to the specs root.
        let rel = layout_source(path);
        if !rel.ends_with(".md") || rel.split('/').any(|c| c.starts_with('.')) {
            continue;
        }
        entries.push((rel, oid.to_string()));
    }
    if entries.is_empty() {
        return Err(format!("no pages under {dir} at {rev}"));
    }
    let blobs = cat_blobs(cwd, entries.iter().map(|(_, oid)| oid.as_str()))?;
    Ok(entries.into_iter().map(|(rel, _)| rel).zip(blobs).collect())
}

/// The contents of `oids`, in order, through one `git cat-file --batch`.
fn cat_blobs<'a>(cwd: &Path, oids: impl Iterator<Item = &'a str>) -> Result<Vec<Vec<u8>>, String> {
    let mut child = git(cwd, &["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git cat-file: {e}"))?;
    let input: String = oids.map(|o| format!("{o}\n")).collect();
    let count = input.lines().count();
    let mut stdin = child.stdin.take().ok_or("git cat-file has no stdin")?;
    // Written from another thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let stdout = child.stdout.take().ok_or("git cat-file has no stdout")?;
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::with_capacity(count);
    let mut header = String::new();
    for _ in 0..count {
        header.clear();
        reader
            .read_line(&mut header)
            .map_err(|e| format!("cannot read from git cat-file: {e}"))?;
        let size: usize = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("unexpected git cat-file output `{}`", header.trim_end()))?;
        let mut blob = vec![0; size + 1];
        reader
            .read_exact(&mut blob)
            .map_err(|e| format!("cannot read from git cat-file: {e}"))?;
        blob.pop();
        out.push(blob);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}
