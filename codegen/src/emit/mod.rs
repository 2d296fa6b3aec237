//! Stage 3: IR → Rust tokens.
//!
//! Layout of the emitted files (paths relative to the output root):
//! - `services.rs`: one `#[cfg(feature = "<service>")] pub mod <service> { include!(...) }`
//!   per service;
//! - `<service>.rs`: `pub mod <version> { pub mod <resource> { include!(...) } }`;
//! - `<service>/<version>/<resource>.rs`: the items of one resource module (no `mod`
//!   wrappers, no inner attributes);
//! - `<service>/<version>/shared.rs`: the types several resource modules of the version use,
//!   in a private module that they re-export from (see `shared`).
//!
//! Apart from the tree, [`roundtrip_registry`] emits the test side's table of every API's JSON
//! types (`tests/roundtrip/cases.rs`), which is no part of the crate.
//!
//! API item names derive from API ids: `vc/v1/meeting/end` → `EndMeetingRequest`,
//! `EndMeetingResponse`, `EndMeetingError` in module `vc::v1::meeting`. Nested types are
//! named from doc type names, field names and field paths, whatever the order of the pages
//! (see `naming`); error variants and integer-enum variants from their English descriptions
//! (else `Code<n>` / `V<n>`). Names that could move with a doc edit (prose-derived variants)
//! or a new page (a nested type whose short name a new shape now shares) are pinned by the
//! name map ([`NameMap`], checked in as `specs/names.toml`): a name it holds wins, and every
//! name assigned is recorded in it. Pages without a version (`_`) live in module `legacy`.
use crate::ir::Api;
use crate::sanitize::{ident, module_ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;
use resource::ModuleTypes;
use shared::SharedTypes;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

mod construct;
pub(crate) mod docs;
mod doctext;
mod endpoint;
mod enums;
mod fields;
mod items;
mod links;
mod naming;
mod paginate;
mod request;
mod resource;
mod roundtrip;
mod shared;

pub use naming::NameMap;
pub use roundtrip::roundtrip_registry;

/// One generated file: its path relative to the output root and its tokens.
#[derive(Debug, Clone)]
pub struct EmittedFile {
    pub path: String,
    pub tokens: TokenStream,
}

/// Errors the emitter can report (a bug or an input the sanitiser could not make valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    /// The page the problem came from (`vc/v1/meeting/end.md`), or empty.
    pub source: String,
    pub message: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.source, self.message)
        }
    }
}

impl std::error::Error for EmitError {}

/// service → version → resource → APIs.
type Tree<'a> = BTreeMap<&'a str, BTreeMap<&'a str, BTreeMap<&'a str, Vec<&'a Api>>>>;

/// Module identifiers for sorted keys, deduplicated within their parent; also the file
/// names.
fn module_names<'k, I: IntoIterator<Item = &'k str>>(keys: I) -> Vec<String> {
    let mut namer = Namer::snake();
    keys.into_iter()
        .map(|k| namer.fresh(&module_ident(k)))
        .collect()
}

/// The module name of a version: the version itself, except that pages published without
/// one (`_`, Feishu's oldest APIs) live in `legacy` rather than in a hash-named module.
fn version_module_key(version: &str) -> &str {
    if version.chars().any(|c| c.is_ascii_alphanumeric()) {
        version
    } else {
        "legacy"
    }
}

/// One resource module to emit: its file path, module path and APIs.
struct Job<'a> {
    path: String,
    module: [String; 3],
    apis: Vec<&'a Api>,
}

/// The module tree: services (key, identifier) → versions → resources, in order.
type Layout<'a> = Vec<(
    &'a str,
    String,
    Vec<(&'a str, String, Vec<(&'a str, String)>)>,
)>;

/// The resource jobs and the tree they sit in.
struct Plan<'a> {
    layout: Layout<'a>,
    jobs: Vec<Job<'a>>,
}

fn plan(apis: &[Api]) -> Result<Plan<'_>, EmitError> {
    let mut sorted: Vec<&Api> = apis.iter().collect();
    sorted.sort_by(|a, b| (&a.id, &a.source).cmp(&(&b.id, &b.source)));

    let mut tree: Tree = BTreeMap::new();
    for api in &sorted {
        let id = &api.id;
        for (what, part) in [
            ("service", &id.service),
            ("version", &id.version),
            ("resource", &id.resource),
            ("method", &id.method),
        ] {
            if part.trim().is_empty() {
                return Err(EmitError {
                    source: api.source.clone(),
                    message: format!("the API id has an empty {what}"),
                });
            }
        }
        tree.entry(id.service.as_str())
            .or_default()
            .entry(id.version.as_str())
            .or_default()
            .entry(id.resource.as_str())
            .or_default()
            .push(api);
    }

    let mut layout = Vec::new();
    let mut jobs = Vec::new();
    let service_names = module_names(tree.keys().copied());
    for ((service, versions), service_mod) in tree.iter().zip(service_names) {
        let mut version_layout = Vec::new();
        let version_names = module_names(versions.keys().map(|v| version_module_key(v)));
        for ((version, resources), version_mod) in versions.iter().zip(version_names) {
            let mut resource_layout = Vec::new();
            let resource_names = module_names(resources.keys().copied());
            for ((resource, apis), resource_mod) in resources.iter().zip(resource_names) {
                jobs.push(Job {
                    path: format!("{service_mod}/{version_mod}/{resource_mod}.rs"),
                    module: [
                        service_mod.clone(),
                        version_mod.clone(),
                        resource_mod.clone(),
                    ],
                    apis: apis.clone(),
                });
                resource_layout.push((*resource, resource_mod));
            }
            version_layout.push((*version, version_mod, resource_layout));
        }
        layout.push((*service, service_mod, version_layout));
    }
    Ok(Plan { layout, jobs })
}

/// The module skeleton files: `services.rs` and one `<service>.rs` per service, including
/// each version's resource modules and, where `shared` has one (by `(service, version)`
/// identifiers), its private shared module.
fn skeleton(layout: &Layout<'_>, shared: &BTreeMap<(String, String), String>) -> Vec<EmittedFile> {
    let include_mod = |m: &str, path: &str| {
        let m = ident(m);
        let include = format!("/{path}");
        quote! {
            pub mod #m {
                include!(concat!(env!("OUT_DIR"), #include));
            }
        }
    };
    let mut files = Vec::new();
    let mut services_tokens = TokenStream::new();
    for (service, service_mod, versions) in layout {
        let mut service_tokens = TokenStream::new();
        for (version, version_mod, resources) in versions {
            let mut version_tokens = TokenStream::new();
            if let Some(m) = shared.get(&(service_mod.clone(), version_mod.clone())) {
                let include = format!("/{service_mod}/{version_mod}/{m}.rs");
                let m = ident(m);
                version_tokens.extend(quote! {
                    /// The types several resources of this version use, defined once and
                    /// re-exported by each.
                    mod #m {
                        include!(concat!(env!("OUT_DIR"), #include));
                    }
                });
            }
            for (resource, resource_mod) in resources {
                let doc =
                    docs::doc_attrs(&format!("Resource `{resource}` of `{service}` {version}."));
                let m = include_mod(
                    resource_mod,
                    &format!("{service_mod}/{version_mod}/{resource_mod}.rs"),
                );
                version_tokens.extend(quote! { #doc #m });
            }
            let m = ident(version_mod);
            let doc = docs::doc_attrs(&format!("Version `{version}` of `{service}`."));
            service_tokens.extend(quote! {
                #doc
                pub mod #m {
                    #version_tokens
                }
            });
        }
        files.push(EmittedFile {
            path: format!("{service_mod}.rs"),
            tokens: service_tokens,
        });
        let feature = *service;
        let doc = docs::doc_attrs(&format!(
            "The `{service}` service (Cargo feature `{service}`)."
        ));
        let m = include_mod(service_mod, &format!("{service_mod}.rs"));
        services_tokens.extend(quote! {
            #doc
            #[cfg(feature = #feature)]
            #m
        });
    }
    files.push(EmittedFile {
        path: "services.rs".to_owned(),
        tokens: services_tokens,
    });
    files
}

/// One file to render: a resource module with its names, or a version's shared module.
enum Work<'p, 'a> {
    Module(&'p Job<'a>, ModuleTypes),
    Shared(String, SharedTypes),
}

impl Work<'_, '_> {
    fn path(&self) -> &str {
        match self {
            Work::Module(job, _) => &job.path,
            Work::Shared(path, _) => path,
        }
    }

    /// Its APIs (none for a shared module) and what else its code is made from (for the
    /// reuse check): the types it re-exports, or the shared module's fingerprint.
    fn inputs(&self) -> (&[&Api], String) {
        match self {
            Work::Module(job, types) => {
                let mut extra = types.space.shared_module().to_owned();
                for (k, n) in types.space.shared() {
                    extra.push_str(&format!("\u{1e}{k}\u{1f}{n}"));
                }
                (&job.apis, extra)
            }
            Work::Shared(_, s) => (&[], s.fingerprint.clone()),
        }
    }

    /// Its tokens and the names it assigned (a shared module's are internal: none).
    fn emit(&self, names: &NameMap) -> Result<(TokenStream, Vec<(String, String)>), EmitError> {
        match self {
            Work::Module(job, types) => resource::emit_resource(&job.apis, types, names),
            Work::Shared(_, s) => Ok((s.emit(names), Vec::new())),
        }
    }
}

/// Whether two jobs are modules of the same service version.
fn same_version(a: &Job<'_>, b: &Job<'_>) -> bool {
    let ([s1, v1, _], [s2, v2, _]) = (&a.module, &b.module);
    (s1, v1) == (s2, v2)
}

/// The jobs of one service version each: `plan`'s jobs are in module order.
fn versions<'p, 'a>(jobs: &'p [Job<'a>]) -> Vec<&'p [Job<'a>]> {
    jobs.chunk_by(|a, b| same_version(a, b)).collect()
}

/// The paths and APIs of `jobs`' modules.
fn version_modules<'j, 'a>(jobs: &'j [Job<'a>]) -> Vec<(&'j str, &'j [&'a Api])> {
    jobs.iter()
        .map(|j| (j.path.as_str(), j.apis.as_slice()))
        .collect()
}

/// The version's shared modules by `(service, version)` identifiers.
type SharedModules = BTreeMap<(String, String), String>;

/// Names the types of `jobs`' modules (whole service versions), plans each version's shared
/// module, and lists the files to render.
fn work<'p, 'a>(
    jobs: &[&'p Job<'a>],
    names: &NameMap,
    threads: usize,
) -> (Vec<Work<'p, 'a>>, SharedModules) {
    let types = crate::par::par_map(jobs, threads, |job| {
        resource::module_types(&job.apis, names)
    });
    let mut modules: Vec<(&Job, ModuleTypes)> = jobs.iter().copied().zip(types).collect();
    let mut work = Vec::with_capacity(modules.len());
    let mut shared_mods = BTreeMap::new();
    for version in modules.chunk_by_mut(|a, b| same_version(a.0, b.0)) {
        let idents: Vec<String> = version.iter().map(|(j, _)| j.module[2].clone()).collect();
        let idents: Vec<&str> = idents.iter().map(String::as_str).collect();
        let Some((job, _)) = version.first() else {
            continue;
        };
        let [service, version_mod, _] = job.module.clone();
        let mut types: Vec<&mut ModuleTypes> = version.iter_mut().map(|(_, t)| t).collect();
        if let Some(s) = shared::share(&idents, &mut types, names) {
            let path = format!("{service}/{version_mod}/{}.rs", s.module);
            shared_mods.insert((service, version_mod), s.module.clone());
            work.push(Work::Shared(path, s));
        }
    }
    for (job, types) in modules {
        work.push(Work::Module(job, types));
    }
    (work, shared_mods)
}

/// Emits the files for `apis`. The output does not depend on the order of `apis`.
pub fn emit(apis: &[Api]) -> Result<Vec<EmittedFile>, EmitError> {
    emit_with_names(apis, &NameMap::new()).map(|(files, _)| files)
}

/// Like [`emit`], with the names of `names` winning over derived ones; also returns every
/// name assigned, by record key (see [`NameMap`]).
pub fn emit_with_names(
    apis: &[Api],
    names: &NameMap,
) -> Result<(Vec<EmittedFile>, NameMap), EmitError> {
    let plan = plan(apis)?;
    let jobs: Vec<&Job> = plan.jobs.iter().collect();
    let (work, shared) = work(&jobs, names, 1);
    let index = std::sync::Arc::new(links::link_index(apis));
    let mut files = Vec::new();
    let mut assigned = NameMap::new();
    for w in &work {
        let service = links::service_of(w.path());
        let (tokens, records) = links::with_scope(&index, service, || w.emit(names))?;
        files.push(EmittedFile {
            path: w.path().to_owned(),
            tokens,
        });
        assigned.extend(records);
    }
    files.extend(skeleton(&plan.layout, &shared));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, assigned))
}

/// Rendered files: `(path, rendered text or the renderer's error)`.
pub(crate) type Rendered<R, E> = Vec<(String, Result<R, E>)>;

/// What [`emit_rendered`] returns: the rendered files and every assigned name by record key.
pub(crate) type RenderedTree<R, E> = (Rendered<R, E>, NameMap);

/// How [`emit_rendered`] renders.
/// - `version` is asked first, for each service version (its service's skeleton file, its
///   module identifier, its directory, its modules' paths and APIs, and its `hash` with the
///   map's names): when the previous run left the version's files as they would come out
///   now, it returns those files and their names, and the version is not emitted at all.
/// - `hash` gives each version's hash with the names it was given (as `version` computes it
///   from the name map), recorded in the service's skeleton file: a first run, given no
///   map, then matches the map it writes.
/// - `reuse` is asked for each resource or shared module of the other versions, given its
///   path, APIs and what else it is made from: its previous rendering and names, or what
///   `module` is then given with the module's tokens and names (e.g. a hash of its inputs).
/// - `skeleton` renders the skeleton files, given a service file's version hashes.
///
/// Token streams cannot cross threads; the rendered text can.
pub(crate) struct Renderer<Hash, Version, Reuse, Module, Skeleton> {
    /// The hash of a version (its modules) with the names it was given, for its service file.
    pub(crate) hash: Hash,
    pub(crate) version: Version,
    pub(crate) reuse: Reuse,
    pub(crate) module: Module,
    pub(crate) skeleton: Skeleton,
}

/// What a [`Renderer`]'s `version` returns for a version that needs no emitting: its files
/// (path, rendering) and names.
pub(crate) type VersionCheck<R> = Option<(Vec<(String, R)>, NameMap)>;

/// The modules of one service version as [`Renderer`]'s `version` is given them: paths and
/// APIs.
pub(crate) type VersionModules<'v, 'a> = [(&'v str, &'v [&'a Api])];

/// Like [`emit`], but with the names of `names` winning over derived ones, and every file
/// rendered (e.g. formatted) by `r`, on up to `threads` threads (0: all cores). Returns
/// `(path, rendered)` sorted by path, identical for any thread count, and the names assigned
/// (by record key, see [`NameMap`]).
pub(crate) fn emit_rendered<R, E, K, Hash, Version, Reuse, Module, Skeleton>(
    apis: &[Api],
    threads: usize,
    names: &NameMap,
    r: &Renderer<Hash, Version, Reuse, Module, Skeleton>,
) -> Result<RenderedTree<R, E>, EmitError>
where
    R: Send,
    E: Send,
    Hash: Fn(&VersionModules<'_, '_>, &NameMap) -> String + Sync,
    Version: Fn(&str, &str, &str, &VersionModules<'_, '_>, &str) -> VersionCheck<R> + Sync,
    Reuse: Fn(&str, &[&Api], &str) -> Result<(R, NameMap), K> + Sync,
    Module: Fn(K, TokenStream, &NameMap) -> Result<R, E> + Sync,
    Skeleton: Fn(TokenStream, &[(String, String)]) -> Result<R, E> + Sync,
{
    let plan = plan(apis)?;
    let groups = versions(&plan.jobs);
    let index = std::sync::Arc::new(links::link_index(apis));
    // A version's hash covers what its links resolve to (see `links`).
    let version_hash = |jobs: &[Job], names: &NameMap| {
        let fingerprint: String = jobs
            .iter()
            .map(|j| index.apis_fingerprint(links::service_of(&j.path), &j.apis))
            .collect();
        links::with_links((r.hash)(&version_modules(jobs), names), &fingerprint)
    };
    // Each version's hash with the map's names, and its previous files if they still hold.
    let checks = crate::par::par_map(&groups, threads, |jobs| {
        let modules = version_modules(jobs);
        let hash = version_hash(jobs, names);
        let previous = jobs.first().and_then(|j| {
            let [service, version, _] = &j.module;
            let (file, dir) = (format!("{service}.rs"), format!("{service}/{version}"));
            (r.version)(&file, version, &dir, &modules, &hash)
        });
        (hash, previous)
    });
    let module_paths: BTreeSet<&str> = plan.jobs.iter().map(|j| j.path.as_str()).collect();
    let mut out = Vec::with_capacity(plan.jobs.len() + plan.layout.len() + 1);
    let mut assigned = NameMap::new();
    let mut shared_mods = SharedModules::new();
    let mut to_emit: Vec<&Job> = Vec::new();
    // Per version: its hash, known already when it is reused.
    let mut hashes: Vec<Option<String>> = Vec::with_capacity(groups.len());
    for (jobs, (hash, previous)) in groups.iter().zip(checks) {
        let Some([service, version, _]) = jobs.first().map(|j| j.module.clone()) else {
            hashes.push(None);
            continue;
        };
        let Some((files, records)) = previous else {
            to_emit.extend(jobs.iter());
            hashes.push(None);
            continue;
        };
        hashes.push(Some(hash));
        for (path, rendered) in files {
            // The one file that is no resource module is the version's shared module.
            if !module_paths.contains(path.as_str()) {
                let stem = path.rsplit('/').next().and_then(|f| f.strip_suffix(".rs"));
                if let Some(stem) = stem {
                    shared_mods.insert((service.clone(), version.clone()), stem.to_owned());
                }
            }
            out.push((path, Ok(rendered)));
        }
        assigned.extend(records);
    }
    let (work, planned) = work(&to_emit, names, threads);
    shared_mods.extend(planned);
    let results = crate::par::par_map(&work, threads, |w| {
        let (apis, mut extra) = w.inputs();
        let service = links::service_of(w.path());
        extra.push_str(&match apis {
            [] => index.fingerprint(service, &extra),
            apis => index.apis_fingerprint(service, apis),
        });
        let key = match (r.reuse)(w.path(), apis, &extra) {
            Ok((rendered, records)) => return Ok((Ok(rendered), records)),
            Err(key) => key,
        };
        links::with_scope(&index, service, || w.emit(names)).map(|(tokens, records)| {
            let records: NameMap = records.into_iter().collect();
            ((r.module)(key, tokens, &records), records)
        })
    });
    for (res, w) in results.into_iter().zip(&work) {
        let (rendered, records) = res?;
        out.push((w.path().to_owned(), rendered));
        assigned.extend(records);
    }
    // An emitted version's hash is taken with the names it was given (see `hash`).
    let pending: Vec<(&[Job], Option<String>)> = groups.iter().copied().zip(hashes).collect();
    let hashes = crate::par::par_map(&pending, threads, |(jobs, known)| {
        known
            .clone()
            .unwrap_or_else(|| version_hash(jobs, &assigned))
    });
    let mut by_service: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (jobs, hash) in groups.iter().zip(hashes) {
        if let Some([service, version, _]) = jobs.first().map(|j| j.module.clone()) {
            by_service
                .entry(format!("{service}.rs"))
                .or_default()
                .push((version, hash));
        }
    }
    for f in skeleton(&plan.layout, &shared_mods) {
        let versions = by_service.get(&f.path).map_or(&[][..], Vec::as_slice);
        out.push((f.path, (r.skeleton)(f.tokens, versions)));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((out, assigned))
}
