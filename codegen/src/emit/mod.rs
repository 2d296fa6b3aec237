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
use crate::ir::{Api, Event};
use crate::sanitize::ident;
use layout::{module_names, no_empty_part, place_events, version_module_key, Tree};
use plan::{ModuleTypes, SharedTypes};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

mod construct;
pub(crate) mod docs;
mod doctext;
mod endpoint;
mod enums;
mod error;
mod event;
mod fields;
mod items;
mod key;
mod layout;
pub(crate) mod links;
mod naming;
mod outline;
mod paginate;
mod plan;
mod request;
mod resource;
mod roundtrip;
mod shared;
mod state;

pub use error::EmitError;
pub(crate) use event::fingerprint as event_fingerprint;
pub use event::registry::event_roundtrip_registry;
pub(crate) use layout::event_page;
pub use naming::NameMap;
pub use roundtrip::roundtrip_registry;

/// One generated file: its path relative to the output root and its tokens.
#[derive(Debug, Clone)]
pub struct EmittedFile {
    pub path: String,
    pub tokens: TokenStream,
}

/// One resource module to emit: its file path, module path, APIs and events.
struct Job<'a> {
    path: String,
    module: [String; 3],
    apis: Vec<&'a Api>,
    events: Vec<&'a Event>,
}

/// The module tree: services (key, identifier) → versions → resources, in order.
type Layout<'a> = Vec<(
    &'a str,
    String,
    Vec<(&'a str, String, Vec<(&'a str, String)>)>,
)>;

/// The resource jobs and the tree they sit in.
pub(crate) struct Plan<'a> {
    layout: Layout<'a>,
    jobs: Vec<Job<'a>>,
}

pub(crate) fn plan<'a>(apis: &'a [Api], events: &'a [Event]) -> Result<Plan<'a>, EmitError> {
    let mut sorted: Vec<&Api> = apis.iter().collect();
    sorted.sort_by(|a, b| (&a.id, &a.source).cmp(&(&b.id, &b.source)));

    let mut tree: Tree = BTreeMap::new();
    for api in &sorted {
        let id = &api.id;
        no_empty_part(
            "API",
            &api.source,
            [
                ("service", &id.service),
                ("version", &id.version),
                ("resource", &id.resource),
                ("method", &id.method),
            ],
        )?;
        tree.entry(id.service.as_str())
            .or_default()
            .entry(id.version.as_str())
            .or_default()
            .entry(id.resource.as_str())
            .or_default()
            .0
            .push(api);
    }
    place_events(events, &mut tree)?;

    let mut layout = Vec::new();
    let mut jobs = Vec::new();
    let service_names = module_names(tree.keys().copied());
    for ((service, versions), service_mod) in tree.iter().zip(service_names) {
        let mut version_layout = Vec::new();
        let version_names = module_names(versions.keys().map(|v| version_module_key(v)));
        for ((version, resources), version_mod) in versions.iter().zip(version_names) {
            let mut resource_layout = Vec::new();
            // A page without a resource (an approval 1.0 event: `_`) lives in `legacy`, as a
            // page without a version does.
            let resource_names = module_names(resources.keys().map(|r| version_module_key(r)));
            for ((resource, (apis, events)), resource_mod) in resources.iter().zip(resource_names) {
                jobs.push(Job {
                    path: format!("{service_mod}/{version_mod}/{resource_mod}.rs"),
                    module: [
                        service_mod.clone(),
                        version_mod.clone(),
                        resource_mod.clone(),
                    ],
                    apis: apis.clone(),
                    events: events.clone(),
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
fn skeleton(layout: &Layout<'_>, shared: &SharedModules) -> Vec<EmittedFile> {
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
pub(crate) struct Work<'p, 'a>(Unit<'p, 'a>);

enum Unit<'p, 'a> {
    Module(&'p Job<'a>, ModuleTypes),
    Shared(String, SharedTypes),
}

impl Work<'_, '_> {
    pub(crate) fn path(&self) -> &str {
        match &self.0 {
            Unit::Module(job, _) => &job.path,
            Unit::Shared(path, _) => path,
        }
    }

    /// Its APIs (none for a shared module) and what else its code is made from (for the
    /// reuse check): the types it re-exports and its events' IR, or the shared module's
    /// fingerprint.
    pub(crate) fn inputs(&self) -> (&[&Api], String) {
        match &self.0 {
            Unit::Module(job, types) => {
                let mut extra = types.space.shared_module().to_owned();
                for (k, n) in types.space.shared() {
                    extra.push_str(&format!("\u{1e}{k:?}\u{1f}{n}"));
                }
                for (k, (m, n)) in types.space.siblings() {
                    extra.push_str(&format!("\u{1e}{k:?}\u{1f}{m}\u{1f}{n}"));
                }
                extra.push_str(&event::fingerprint(&job.events));
                (&job.apis, extra)
            }
            Unit::Shared(_, s) => (&[], s.fingerprint.clone()),
        }
    }

    /// Its events (none for a shared module).
    pub(crate) fn events(&self) -> &[&Event] {
        match &self.0 {
            Unit::Module(job, _) => &job.events,
            Unit::Shared(..) => &[],
        }
    }

    /// Its tokens and the names it assigned (a shared module's are internal: none).
    pub(crate) fn emit(
        &self,
        names: &NameMap,
    ) -> Result<(TokenStream, Vec<(String, String)>), EmitError> {
        match &self.0 {
            Unit::Module(job, types) => {
                let r = resource::emit_resource(&job.apis, &job.events, types, names)?;
                Ok((r.tokens, r.records))
            }
            Unit::Shared(path, s) => {
                let tokens = resource::emit_shared(s, names).map_err(|mut e| {
                    if e.source.is_empty() {
                        path.clone_into(&mut e.source);
                    }
                    e
                })?;
                Ok((tokens, Vec::new()))
            }
        }
    }
}

/// Whether two jobs are modules of the same service version.
fn same_version(a: &Job<'_>, b: &Job<'_>) -> bool {
    let ([s1, v1, _], [s2, v2, _]) = (&a.module, &b.module);
    (s1, v1) == (s2, v2)
}

/// One service version of a [`Plan`]: its resource modules, in path order.
#[derive(Clone, Copy)]
pub(crate) struct Version<'p, 'a> {
    jobs: &'p [Job<'a>],
}

impl<'p, 'a> Version<'p, 'a> {
    /// Its `(service, version)` module identifiers.
    pub(crate) fn key(&self) -> Option<(&'p str, &'p str)> {
        let [service, version, _] = &self.jobs.first()?.module;
        Some((service, version))
    }

    /// Its directory, `<service>/<version>`.
    pub(crate) fn dir(&self) -> String {
        self.key()
            .map(|(s, v)| format!("{s}/{v}"))
            .unwrap_or_default()
    }

    /// The paths and APIs of its modules.
    pub(crate) fn modules(&self) -> Vec<(&'p str, &'p [&'a Api])> {
        self.jobs
            .iter()
            .map(|j| (j.path.as_str(), j.apis.as_slice()))
            .collect()
    }

    /// The events of its modules, in module order.
    pub(crate) fn events(&self) -> Vec<&'a Event> {
        self.jobs
            .iter()
            .flat_map(|j| j.events.iter().copied())
            .collect()
    }
}

impl<'a> Plan<'a> {
    /// Its service versions, in path order.
    pub(crate) fn versions(&self) -> Vec<Version<'_, 'a>> {
        self.jobs
            .chunk_by(|a, b| same_version(a, b))
            .map(|jobs| Version { jobs })
            .collect()
    }

    /// The number of resource modules.
    pub(crate) fn module_count(&self) -> usize {
        self.jobs.len()
    }

    /// The skeleton files (`services.rs` and one file per service) including `shared`'s
    /// modules.
    pub(crate) fn skeleton(&self, shared: &SharedModules) -> Vec<EmittedFile> {
        skeleton(&self.layout, shared)
    }
}

/// The versions' shared modules by `(service, version)` identifiers.
pub(crate) type SharedModules = BTreeMap<(String, String), String>;

/// Names the types of `versions`' modules, plans each version's shared module, and lists the
/// files to render.
pub(crate) fn work<'p, 'a>(
    versions: &[Version<'p, 'a>],
    names: &NameMap,
    threads: usize,
) -> (Vec<Work<'p, 'a>>, SharedModules) {
    let jobs: Vec<&Job> = versions.iter().flat_map(|v| v.jobs).collect();
    let types = crate::par::par_map(&jobs, threads, |job| {
        plan::module_types(&job.apis, &job.events, names)
    });
    let mut modules: Vec<(&Job, ModuleTypes)> = jobs.into_iter().zip(types).collect();
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
        let planned = shared::share(&idents, &mut types, names);
        // Events take the types the APIs' modules and shared module settled on; an event
        // type no API has is defined by the first module that needs it, and re-exported by
        // the others.
        let mut siblings = event::Siblings::new();
        for (job, types) in version.iter() {
            event::add_siblings(&mut siblings, &job.module[2], types);
        }
        for (job, types) in version.iter_mut() {
            let shared = planned.as_ref().map(|s| &s.space);
            event::add_types(types, &job.events, shared, &siblings, names);
            event::add_siblings(&mut siblings, &job.module[2], types);
        }
        if let Some(s) = planned {
            let path = format!("{service}/{version_mod}/{}.rs", s.module);
            shared_mods.insert((service, version_mod), s.module.clone());
            work.push(Work(Unit::Shared(path, s)));
        }
    }
    for (job, types) in modules {
        work.push(Work(Unit::Module(job, types)));
    }
    (work, shared_mods)
}

/// The public names of `apis`' resource modules, by module path
/// (`vc::v1::meeting::EndMeetingRequest::new()`), with the names of `names` winning over
/// derived ones, and every name assigned (see [`emit_with_names`]). Read from what the
/// renderers record as they make each item; a version's shared module is private and adds
/// none.
pub fn public_names(
    apis: &[Api],
    names: &NameMap,
) -> Result<(BTreeSet<String>, NameMap), EmitError> {
    let plan = plan(apis, &[])?;
    let (work, _) = work(&plan.versions(), names, 1);
    let mut public = BTreeSet::new();
    let mut assigned = NameMap::new();
    for w in &work {
        if let Unit::Module(job, types) = &w.0 {
            let r = resource::emit_resource(&job.apis, &job.events, types, names)?;
            public.extend(r.outline.under(&job.module.join("::")));
            assigned.extend(r.records);
        }
    }
    Ok((public, assigned))
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
    emit_pages(apis, &[], names)
}

/// Like [`emit_with_names`], with the types of `events` (events and callbacks) emitted in
/// their service version's modules beside the APIs'.
pub fn emit_pages(
    apis: &[Api],
    events: &[Event],
    names: &NameMap,
) -> Result<(Vec<EmittedFile>, NameMap), EmitError> {
    let plan = plan(apis, events)?;
    let (work, shared) = work(&plan.versions(), names, 1);
    let index = std::sync::Arc::new(links::link_index(apis, 1));
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
