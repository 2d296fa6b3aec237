//! Turns the emitter's plan into formatted files, reusing what the previous run left where
//! its inputs are unchanged (see [`super::reuse`]). The emitter knows nothing of this: it
//! plans, names and emits; which files need emitting is decided here.
use super::digest::ApiDigests;
use super::reuse::{self, ReuseCache, VersionEntry};
use super::{GenerateError, GeneratedTree, NameMap};
use crate::emit::links::{self, LinkIndex};
use crate::emit::{self, Plan, SharedModules, Version, Work};
use crate::format;
use crate::ir::{Api, Event};

/// The previous run's files as the caller found them.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// The tree on disk (e.g. `generated/` read back).
    pub tree: GeneratedTree,
    /// What the run that wrote it recorded (kept outside the tree).
    pub cache: ReuseCache,
}

/// A formatted file, or why formatting failed.
type Rendered = (String, Result<String, GenerateError>);

/// The formatted files of `apis` (sorted by path), the names assigned and the cache to keep
/// for the next run.
pub(super) fn render(
    apis: &[Api],
    events: &[Event],
    threads: usize,
    names: &NameMap,
    previous: &Previous,
) -> Result<(Vec<Rendered>, NameMap, ReuseCache), GenerateError> {
    let emit_error = |e: emit::EmitError| GenerateError::Emit {
        source: e.source,
        message: e.message,
    };
    let plan = emit::plan(apis, events).map_err(emit_error)?;
    let versions = plan.versions();
    let cache = previous.cache.usable();
    let index = std::sync::Arc::new(links::link_index(apis, threads));
    let modules: Vec<_> = versions.iter().flat_map(|v| v.modules()).collect();
    let digests = ApiDigests::new(&index, &modules, threads);
    // Each version's hash with the map's names, and its previous files if they still hold.
    let checks = crate::par::par_map(&versions, threads, |v| {
        let hash = version_hash(&index, &digests, v, names);
        let kept = cache.and_then(|c| kept_version(c, &previous.tree, v, &hash, names));
        (hash, kept)
    });
    let mut out = Vec::with_capacity(plan.module_count() + 1);
    let mut next = ReuseCache::new();
    // Collected, then made a map at once: tens of thousands of entries, mostly in order.
    let mut assigned = Vec::new();
    let mut shared_mods = SharedModules::new();
    let mut to_emit = Vec::new();
    for (v, (hash, kept)) in versions.iter().zip(checks) {
        let (Some(kept), Some(cache)) = (kept, cache) else {
            to_emit.push(*v);
            continue;
        };
        if let (Some(shared), Some((service, version))) = (&kept.shared, v.key()) {
            shared_mods.insert((service.to_owned(), version.to_owned()), shared.clone());
        }
        for (path, text) in kept.files {
            if let Some(entry) = cache.files.get(&path) {
                next.files.insert(path.clone(), entry.clone());
            }
            out.push((path, Ok(text)));
        }
        assigned.extend(kept.names);
        next.versions.insert(
            v.dir(),
            VersionEntry {
                hash,
                shared: kept.shared,
            },
        );
    }
    let (work, planned) = emit::work(&to_emit, names, threads);
    let results = crate::par::par_map(&work, threads, |w| {
        render_one(w, names, &previous.tree, cache, &index, &digests)
    });
    for (res, w) in results.into_iter().zip(&work) {
        let (text, inputs, records) = res.map_err(emit_error)?;
        if let Ok(text) = &text {
            next.record(w.path(), inputs, text);
        }
        out.push((w.path().to_owned(), text));
        assigned.extend(records);
    }
    let assigned: NameMap = assigned.into_iter().collect();
    // An emitted version's hash is taken with the names it was given, so that a first run
    // (given no map) matches the map it writes.
    let hashes = crate::par::par_map(&to_emit, threads, |v| {
        (v.dir(), version_hash(&index, &digests, v, &assigned))
    });
    for ((dir, hash), v) in hashes.into_iter().zip(&to_emit) {
        let shared = v
            .key()
            .and_then(|(s, ver)| planned.get(&(s.to_owned(), ver.to_owned())))
            .cloned();
        next.versions.insert(dir, VersionEntry { hash, shared });
    }
    shared_mods.extend(planned);
    out.extend(skeleton(&plan, &shared_mods, previous, cache, &mut next));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((out, assigned, next))
}

/// The hash of version `v` with `names`, covering what its doc links resolve to (a page
/// added or removed elsewhere in the service changes them; see [`links`]).
fn version_hash(
    index: &LinkIndex,
    digests: &ApiDigests<'_>,
    v: &Version<'_, '_>,
    names: &NameMap,
) -> String {
    let modules = v.modules();
    let mut fingerprint: String = modules
        .iter()
        .map(|(path, apis)| digests.links(links::service_of(path), apis))
        .collect();
    // A version's events (their IR, names and links) are part of what its files are made
    // of; a version without events hashes as before.
    let events = v.events();
    if !events.is_empty() {
        let ir = emit::event_fingerprint(&events);
        let service = v.key().map_or("", |(s, _)| s);
        fingerprint.push_str(&index.fingerprint(service, &ir));
        fingerprint.push_str(&ir);
        for (k, n) in reuse::event_names_of(&events, names) {
            fingerprint.push_str(&format!("\u{1e}{k}\u{1f}{n}"));
        }
    }
    links::with_links(reuse::version_hash(&modules, names, digests), &fingerprint)
}

/// A name-map entry, owned.
fn owned((k, n): (&String, &String)) -> (String, String) {
    (k.clone(), n.clone())
}

/// A version taken as the previous run left it: its files and shared module.
struct Kept {
    files: Vec<(String, String)>,
    shared: Option<String>,
    /// Its names: the map's entries of its APIs and events, in key order.
    names: Vec<(String, String)>,
}

/// The previous files of version `v`, when the cache recorded its `hash` and every file it
/// recorded for it (each resource module, and the shared module if any) is there, unedited;
/// with its entries of `names` (worked out here, on the checking threads).
fn kept_version(
    cache: &ReuseCache,
    tree: &GeneratedTree,
    v: &Version<'_, '_>,
    hash: &str,
    names: &NameMap,
) -> Option<Kept> {
    let dir = v.dir();
    let entry = cache.versions.get(&dir)?;
    if entry.hash != hash {
        return None;
    }
    let recorded: Vec<_> = cache.files_of(&dir).collect();
    let shared = entry.shared.as_ref().map(|m| format!("{dir}/{m}.rs"));
    let modules = v.modules();
    let expected = modules.len() + usize::from(shared.is_some());
    let belongs = |p: &str| shared.as_deref() == Some(p) || modules.iter().any(|(m, _)| *m == p);
    if recorded.len() != expected || !recorded.iter().all(|(p, _)| belongs(p)) {
        return None;
    }
    let mut files = Vec::with_capacity(recorded.len());
    for (path, f) in recorded {
        let text = tree.get(path)?;
        if !cache.fresh(path, &f.inputs, Some(text)) {
            return None;
        }
        files.push((path.clone(), text.clone()));
    }
    let apis = modules.iter().flat_map(|(_, apis)| apis.iter().copied());
    Some(Kept {
        files,
        shared: entry.shared.clone(),
        names: reuse::names_in_order(apis, &v.events(), names)
            .map(owned)
            .collect(),
    })
}

/// One module or shared module: the previous file if its inputs match, else emitted and
/// formatted; with the hash of its inputs and the names it was given.
fn render_one(
    w: &Work<'_, '_>,
    names: &NameMap,
    tree: &GeneratedTree,
    cache: Option<&ReuseCache>,
    index: &std::sync::Arc<LinkIndex>,
    digests: &ApiDigests<'_>,
) -> Result<(Result<String, GenerateError>, String, NameMap), emit::EmitError> {
    let (apis, mut extra) = w.inputs();
    // What the module's doc links resolve to is one of its inputs.
    let service = links::service_of(w.path());
    extra.push_str(&match apis {
        [] => index.fingerprint(service, &extra),
        apis => {
            let mut links = digests.links(service, apis);
            if !w.events().is_empty() {
                links.push_str(&index.fingerprint(service, &emit::event_fingerprint(w.events())));
            }
            links
        }
    });
    // The module's IR is hashed once: to check the previous file, then for the new one.
    let ir = reuse::ir_hash(w.path(), apis, &extra, digests);
    if let (Some(cache), Some(old)) = (cache, tree.get(w.path())) {
        let own: NameMap = reuse::names_in_order(apis.iter().copied(), w.events(), names)
            .map(owned)
            .collect();
        let inputs = reuse::inputs_hash(&ir, &own);
        if cache.fresh(w.path(), &inputs, Some(old)) {
            return Ok((Ok(old.clone()), inputs, own));
        }
    }
    let (tokens, records) = links::with_scope(index, service, || w.emit(names))?;
    // The names the module was given, not the map it was given them from: a first run (an
    // empty map) then matches the map it writes, and the next run reuses it.
    let records: NameMap = records.into_iter().collect();
    let inputs = reuse::inputs_hash(&ir, &records);
    let text = format::format_file(tokens).map_err(|e| GenerateError::Format {
        path: w.path().to_owned(),
        message: e.to_string(),
    });
    Ok((text, inputs, records))
}

/// The skeleton files, formatted; a file whose tokens hash as the cache recorded and whose
/// previous text is unedited is taken as it is (formatting costs more than the tokens).
fn skeleton(
    plan: &Plan<'_>,
    shared: &SharedModules,
    previous: &Previous,
    cache: Option<&ReuseCache>,
    next: &mut ReuseCache,
) -> Vec<Rendered> {
    plan.skeleton(shared)
        .into_iter()
        .map(|f| {
            let inputs = reuse::tokens_hash(&f.tokens);
            let kept = (previous.tree.get(&f.path))
                .filter(|old| cache.is_some_and(|c| c.fresh(&f.path, &inputs, Some(old))));
            let text = match kept {
                Some(old) => Ok(old.clone()),
                None => format::format_file(f.tokens).map_err(|e| GenerateError::Format {
                    path: f.path.clone(),
                    message: e.to_string(),
                }),
            };
            if let Ok(text) = &text {
                next.record(&f.path, inputs, text);
            }
            (f.path, text)
        })
        .collect()
}
