//! Regenerating only what changed, with the bookkeeping kept out of the generated tree.
//!
//! A generated file holds its code and nothing else, so a generator change that alters no
//! output changes no file. What a run needs to reuse the previous run's files lives in a
//! [`ReuseCache`] that the caller keeps outside the checked-in tree (the CLI under `target/`,
//! `build.rs` in `OUT_DIR`): the generator that made them (a hash of its source, taken by
//! `codegen/build.rs`), each service version's [`version_hash`], and each file's
//! [`inputs_hash`] and text hash. A cache made by another generator is ignored as a whole
//! (the run is a full one), and a file is only reused while its text still hashes as
//! recorded, so a hand edit or a file from elsewhere is regenerated over.
use super::digest::{ApiDigests, Feed};
use crate::emit::NameMap;
use crate::ir::{Api, Event};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

/// The hash of the generator's source files, from `build.rs`.
const GENERATOR: &str = env!("FEISHU_CODEGEN_SOURCE_HASH");

/// The first line of a cache file; a file that does not start with it is no cache.
const MAGIC: &str = "feishu-codegen reuse cache 1";

/// What one version's files were made from, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VersionEntry {
    /// Its [`version_hash`].
    pub(crate) hash: String,
    /// Its shared module's identifier, if it has one.
    pub(crate) shared: Option<String>,
}

/// One generated file as recorded: what it was made from and the hash of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileEntry {
    pub(crate) inputs: String,
    pub(crate) text: String,
}

impl FileEntry {
    /// A file made from `inputs`, with text `text`.
    fn new(inputs: String, text: &str) -> Self {
        FileEntry {
            inputs,
            text: text_hash(text),
        }
    }

    /// Whether `text` is this file, made from `inputs` and unedited.
    fn holds(&self, inputs: &str, text: &str) -> bool {
        self.inputs == inputs && self.text == text_hash(text)
    }
}

/// What a generator run recorded about the files it wrote, for the next run to reuse them.
/// Kept outside the generated tree; [`ReuseCache::render`] and [`ReuseCache::parse`] give its
/// text form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReuseCache {
    /// The generator that made the files (empty: none recorded).
    generator: String,
    /// By version directory (`im/v1`).
    pub(crate) versions: BTreeMap<String, VersionEntry>,
    /// By file path (resource and shared modules).
    pub(crate) files: BTreeMap<String, FileEntry>,
    /// The round-trip test's registry (outside the tree): its tokens' hash and text hash.
    pub(crate) registry: Option<FileEntry>,
}

impl ReuseCache {
    /// An empty cache of this generator, to be filled by a run.
    pub(crate) fn new() -> Self {
        ReuseCache {
            generator: GENERATOR.to_owned(),
            ..ReuseCache::default()
        }
    }

    /// The cache as the running generator can use it: empty when another generator (or none)
    /// made it, so that every file is emitted again.
    pub(crate) fn usable(&self) -> Option<&Self> {
        (self.generator == GENERATOR).then_some(self)
    }

    /// The generator that made the recorded files (a hash of its source).
    pub fn generator(&self) -> &str {
        &self.generator
    }

    /// The text form: a header, the generator, then one line per version and per file.
    pub fn render(&self) -> String {
        let mut out = format!("{MAGIC}\ngenerator {}\n", self.generator);
        for (dir, v) in &self.versions {
            let shared = v.shared.as_deref().unwrap_or("-");
            out.push_str(&format!("version {dir} {} {shared}\n", v.hash));
        }
        for (path, f) in &self.files {
            out.push_str(&format!("file {path} {} {}\n", f.inputs, f.text));
        }
        if let Some(r) = &self.registry {
            out.push_str(&format!("registry {} {}\n", r.inputs, r.text));
        }
        out
    }

    /// Reads a cache's text form; anything else (an older format, a damaged file) is an
    /// empty cache, which only costs a full run.
    pub fn parse(text: &str) -> Self {
        let mut lines = text.lines();
        if lines.next() != Some(MAGIC) {
            return ReuseCache::default();
        }
        let mut cache = ReuseCache::default();
        for line in lines {
            let words: Vec<&str> = line.split(' ').collect();
            match words.as_slice() {
                ["generator", g] => cache.generator = (*g).to_owned(),
                ["version", dir, hash, shared] => {
                    let shared = (*shared != "-").then(|| (*shared).to_owned());
                    let hash = (*hash).to_owned();
                    cache
                        .versions
                        .insert((*dir).to_owned(), VersionEntry { hash, shared });
                }
                ["file", path, inputs, text] => {
                    let (inputs, text) = ((*inputs).to_owned(), (*text).to_owned());
                    cache
                        .files
                        .insert((*path).to_owned(), FileEntry { inputs, text });
                }
                ["registry", inputs, text] => {
                    let (inputs, text) = ((*inputs).to_owned(), (*text).to_owned());
                    cache.registry = Some(FileEntry { inputs, text });
                }
                _ => return ReuseCache::default(),
            }
        }
        cache
    }

    /// Reads the cache at `path`; a missing or unreadable one is empty.
    pub fn read(path: &Path) -> Self {
        fs::read_to_string(path)
            .map(|t| ReuseCache::parse(&t))
            .unwrap_or_default()
    }

    /// Writes the cache to `path`, creating its directory.
    pub fn write(&self, path: &Path) -> io::Result<()> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(path, self.render())
    }

    /// Records a file made from `inputs` with text `text`.
    pub(crate) fn record(&mut self, path: &str, inputs: String, text: &str) {
        self.files
            .insert(path.to_owned(), FileEntry::new(inputs, text));
    }

    /// Whether `previous` (the file as it is on disk) was made from `inputs` and is unedited.
    pub(crate) fn fresh(&self, path: &str, inputs: &str, previous: Option<&str>) -> bool {
        match (self.files.get(path), previous) {
            (Some(f), Some(text)) => f.holds(inputs, text),
            _ => false,
        }
    }

    /// The registry `previous` (as found on disk), when this generator recorded it made from
    /// tokens hashing to `inputs`, unedited.
    pub(crate) fn registry_kept<'p>(
        &self,
        inputs: &str,
        previous: Option<&'p str>,
    ) -> Option<&'p str> {
        let (entry, text) = (self.usable()?.registry.as_ref()?, previous?);
        entry.holds(inputs, text).then_some(text)
    }

    /// Records the registry made from tokens hashing to `inputs`, with text `text`.
    pub(crate) fn record_registry(&mut self, inputs: String, text: &str) {
        self.registry = Some(FileEntry::new(inputs, text));
    }

    /// The recorded files of version directory `dir` (its modules and shared module).
    pub(crate) fn files_of<'c>(
        &'c self,
        dir: &str,
    ) -> impl Iterator<Item = (&'c String, &'c FileEntry)> + 'c {
        let prefix = format!("{dir}/");
        let len = prefix.len();
        self.files
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
            .filter(move |(k, _)| k.get(len..).is_some_and(|f| !f.contains('/')))
    }
}

/// The name-map entries of `apis`: every key starts with an API id and a space.
pub(crate) fn names_of<'n>(
    apis: &'n [&Api],
    names: &'n NameMap,
) -> impl Iterator<Item = (&'n String, &'n String)> + 'n {
    entries_under(apis.iter().map(|a| a.id.to_string()), names)
}

/// The name-map entries of `events`: every key starts with an event's page and a space.
pub(crate) fn event_names_of<'n>(
    events: &'n [&Event],
    names: &'n NameMap,
) -> impl Iterator<Item = (&'n String, &'n String)> + 'n {
    entries_under(events.iter().map(|e| crate::emit::event_page(e)), names)
}

/// The name-map entries of `apis` and `events` in key order: their owners sorted, so that a
/// run's entries, version after version, make a map without a real sort.
pub(crate) fn names_in_order<'a, 'n>(
    apis: impl IntoIterator<Item = &'a Api>,
    events: &[&Event],
    names: &'n NameMap,
) -> impl Iterator<Item = (&'n String, &'n String)> + 'n {
    let mut owners: Vec<String> = apis
        .into_iter()
        .map(|a| a.id.to_string())
        .chain(events.iter().map(|e| crate::emit::event_page(e)))
        .collect();
    owners.sort_unstable();
    entries_under(owners.into_iter(), names)
}

/// The entries of `names` whose keys start with one of `owners` and a space, owner by owner.
fn entries_under(
    owners: impl Iterator<Item = String>,
    names: &NameMap,
) -> impl Iterator<Item = (&String, &String)> {
    owners.flat_map(move |owner| {
        let prefix = format!("{owner} ");
        names
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
    })
}

/// Feeds the digest of `api`'s IR to `h`.
fn hash_api(h: &mut Feed, api: &Api, digests: &ApiDigests<'_>) {
    h.take(&digests.ir(api));
}

/// The hash of a module's path, APIs' IR and what else it is made from (`extra`: the shared
/// types it re-exports, or a shared module's types): the part of [`inputs_hash`] that does
/// not depend on the name map.
pub(crate) fn ir_hash(path: &str, apis: &[&Api], extra: &str, digests: &ApiDigests<'_>) -> String {
    let mut h = Feed::new();
    for part in [path, extra] {
        h.take(part.as_bytes());
        h.take(&[0]);
    }
    for api in apis {
        hash_api(&mut h, api, digests);
    }
    hex(&h.finish())
}

/// The hash of everything a module's code is made from: its [`ir_hash`] and its names
/// (recorded: the names assigned; checked: the map's entries, the same once the map is
/// written back).
pub(crate) fn inputs_hash(ir: &str, names: &NameMap) -> String {
    let mut h = Feed::new();
    h.take(ir.as_bytes());
    h.take(&[0]);
    hash_names(&mut h, names);
    hex(&h.finish())
}

/// Feeds every `(key, name)` of `names` to `h`.
fn hash_names<'n>(h: &mut Feed, names: impl IntoIterator<Item = (&'n String, &'n String)>) {
    for (k, v) in names {
        h.take(k.as_bytes());
        h.take(&[0]);
        h.take(v.as_bytes());
        h.take(&[0]);
    }
}

/// The hash of everything the files of one service version are made from: the version's
/// module paths, their APIs' IR and name-map entries. The version's type space (which types
/// its modules share) is a function of these, so with an equal hash (and the same
/// generator) every file of the version comes out as before.
pub(crate) fn version_hash(
    modules: &[(&str, &[&Api])],
    names: &NameMap,
    digests: &ApiDigests<'_>,
) -> String {
    let mut h = Feed::new();
    for (path, apis) in modules {
        h.take(path.as_bytes());
        h.take(&[0]);
        for api in *apis {
            hash_api(&mut h, api, digests);
        }
        hash_names(&mut h, names_of(apis, names));
    }
    hex(&h.finish())
}

/// The hash of `tokens` as text: what a formatted file is made from.
pub(crate) fn tokens_hash(tokens: &proc_macro2::TokenStream) -> String {
    hex(blake3::hash(tokens.to_string().as_bytes()).as_bytes())
}

/// The first 128 bits of a digest, in hex: plenty to tell inputs apart, half the width.
fn hex(digest: &[u8]) -> String {
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn text_hash(text: &str) -> String {
    hex(blake3::hash(text.as_bytes()).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_reads_back_what_it_wrote() {
        let mut cache = ReuseCache::new();
        cache.versions.insert(
            "im/v1".to_owned(),
            VersionEntry {
                hash: "aa".to_owned(),
                shared: Some("shared".to_owned()),
            },
        );
        cache.versions.insert(
            "vc/v1".to_owned(),
            VersionEntry {
                hash: "bb".to_owned(),
                shared: None,
            },
        );
        cache.record("im/v1/chat.rs", "cc".to_owned(), "pub struct A;\n");
        cache.record_registry("dd".to_owned(), "pub fn cases() {}\n");
        let text = cache.render();
        assert!(text.starts_with(&format!("{MAGIC}\ngenerator {GENERATOR}\n")));
        assert!(text.contains("\nversion im/v1 aa shared\nversion vc/v1 bb -\n"));
        assert_eq!(ReuseCache::parse(&text), cache);
        assert!(cache.usable().is_some());
        // Another generator's cache, or something else, is not used.
        let other = ReuseCache::parse(&text.replace(GENERATOR, "0123"));
        assert_eq!(other.generator(), "0123");
        assert!(other.usable().is_none());
        assert_eq!(ReuseCache::parse("garbage\n"), ReuseCache::default());
        assert_eq!(
            ReuseCache::parse(&format!("{text}what is this\n")),
            ReuseCache::default()
        );
    }

    #[test]
    fn the_registry_is_kept_for_its_tokens_until_edited() {
        let text = "pub fn cases() {}\n";
        let mut cache = ReuseCache::new();
        assert_eq!(cache.registry_kept("aa", Some(text)), None);
        cache.record_registry("aa".to_owned(), text);
        assert_eq!(cache.registry_kept("aa", Some(text)), Some(text));
        assert_eq!(cache.registry_kept("ab", Some(text)), None);
        assert_eq!(
            cache.registry_kept("aa", Some("pub fn cases() { }\n")),
            None
        );
        assert_eq!(cache.registry_kept("aa", None), None);
        let other = ReuseCache::parse(&cache.render().replace(GENERATOR, "0123"));
        assert_eq!(other.registry_kept("aa", Some(text)), None);
    }

    #[test]
    fn a_file_is_fresh_for_its_inputs_until_edited() {
        let mut cache = ReuseCache::new();
        cache.record("a/v1/x.rs", "abc".to_owned(), "pub struct A;\n");
        cache.record("a/v1/y/z.rs", "abc".to_owned(), "pub struct A;\n");
        cache.record("b/v1/x.rs", "abc".to_owned(), "pub struct A;\n");
        assert!(cache.fresh("a/v1/x.rs", "abc", Some("pub struct A;\n")));
        assert!(!cache.fresh("a/v1/x.rs", "abd", Some("pub struct A;\n")));
        assert!(!cache.fresh("a/v1/x.rs", "abc", Some("pub struct B;\n")));
        assert!(!cache.fresh("a/v1/x.rs", "abc", None));
        assert!(!cache.fresh("a/v1/w.rs", "abc", Some("pub struct A;\n")));
        let files: Vec<&String> = cache.files_of("a/v1").map(|(p, _)| p).collect();
        assert_eq!(files, ["a/v1/x.rs"]);
    }
}
