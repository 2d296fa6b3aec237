//! Stage 3: IR → Rust tokens.
//!
//! Layout of the emitted files (paths relative to the output root):
//! - `services.rs`: one `#[cfg(feature = "<service>")] pub mod <service> { include!(...) }`
//!   per service;
//! - `<service>.rs`: `pub mod <version> { pub mod <resource> { include!(...) } }`;
//! - `<service>/<version>/<resource>.rs`: the items of one resource module (no `mod`
//!   wrappers, no inner attributes).
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
use std::collections::BTreeMap;
use std::fmt;

mod construct;
pub(crate) mod docs;
mod endpoint;
mod enums;
mod fields;
mod items;
mod naming;
mod paginate;
mod request;
mod resource;
mod roundtrip;

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
    service: &'a str,
    apis: Vec<&'a Api>,
}

/// Everything but the resource modules: the module skeleton files and the resource jobs.
struct Plan<'a> {
    skeleton: Vec<EmittedFile>,
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

    let mut skeleton = Vec::new();
    let mut jobs = Vec::new();
    let mut services_tokens = TokenStream::new();
    let service_names = module_names(tree.keys().copied());
    for ((service, versions), service_mod) in tree.iter().zip(service_names) {
        let mut service_tokens = TokenStream::new();
        let version_names = module_names(versions.keys().map(|v| version_module_key(v)));
        for ((version, resources), version_mod) in versions.iter().zip(version_names) {
            let mut version_tokens = TokenStream::new();
            let resource_names = module_names(resources.keys().copied());
            for ((resource, apis), resource_mod) in resources.iter().zip(resource_names) {
                let path = format!("{service_mod}/{version_mod}/{resource_mod}.rs");
                let m = ident(&resource_mod);
                let include = format!("/{path}");
                let doc =
                    docs::doc_attrs(&format!("Resource `{resource}` of `{service}` {version}."));
                version_tokens.extend(quote! {
                    #doc
                    pub mod #m {
                        include!(concat!(env!("OUT_DIR"), #include));
                    }
                });
                jobs.push(Job {
                    path,
                    module: [service_mod.clone(), version_mod.clone(), resource_mod],
                    service,
                    apis: apis.clone(),
                });
            }
            let m = ident(&version_mod);
            let doc = docs::doc_attrs(&format!("Version `{version}` of `{service}`."));
            service_tokens.extend(quote! {
                #doc
                pub mod #m {
                    #version_tokens
                }
            });
        }
        skeleton.push(EmittedFile {
            path: format!("{service_mod}.rs"),
            tokens: service_tokens,
        });
        let m = ident(&service_mod);
        let feature = *service;
        let include = format!("/{service_mod}.rs");
        let doc = docs::doc_attrs(&format!(
            "The `{service}` service (Cargo feature `{service}`)."
        ));
        services_tokens.extend(quote! {
            #doc
            #[cfg(feature = #feature)]
            pub mod #m {
                include!(concat!(env!("OUT_DIR"), #include));
            }
        });
    }
    skeleton.push(EmittedFile {
        path: "services.rs".to_owned(),
        tokens: services_tokens,
    });
    Ok(Plan { skeleton, jobs })
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
    let mut files = Vec::new();
    let mut assigned = NameMap::new();
    for job in &plan.jobs {
        let (tokens, records) = resource::emit_resource(&job.apis, names)?;
        files.push(EmittedFile {
            path: job.path.clone(),
            tokens,
        });
        assigned.extend(records);
    }
    files.extend(plan.skeleton);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, assigned))
}

/// Rendered files: `(path, rendered text or the renderer's error)`.
pub(crate) type Rendered<R, E> = Vec<(String, Result<R, E>)>;

/// What [`emit_rendered`] returns: the rendered files and every assigned name by record key.
pub(crate) type RenderedTree<R, E> = (Rendered<R, E>, NameMap);

/// How [`emit_rendered`] renders: each resource module unless `reuse` returns its previous
/// rendering and names (else what it returns, e.g. a hash of the module's inputs, goes to
/// `module` with the tokens and the names the module was given), and the
/// skeleton files
/// (`skeleton`). Token streams cannot cross threads; the rendered text can.
pub(crate) struct Renderer<Reuse, Module, Skeleton> {
    pub(crate) reuse: Reuse,
    pub(crate) module: Module,
    pub(crate) skeleton: Skeleton,
}

/// Like [`emit`], but with the names of `names` winning over derived ones, and every file
/// rendered (e.g. formatted) by `r`, the resource modules on up to `threads` threads (0: all
/// cores). Returns `(path, rendered)` sorted by path, identical for any thread count, and
/// the names assigned (by record key, see [`NameMap`]).
pub(crate) fn emit_rendered<R, E, K, Reuse, Module, Skeleton>(
    apis: &[Api],
    threads: usize,
    names: &NameMap,
    r: &Renderer<Reuse, Module, Skeleton>,
) -> Result<RenderedTree<R, E>, EmitError>
where
    R: Send,
    E: Send,
    Reuse: Fn(&str, &[&Api]) -> Result<(R, NameMap), K> + Sync,
    Module: Fn(K, TokenStream, &NameMap) -> Result<R, E> + Sync,
    Skeleton: Fn(TokenStream) -> Result<R, E> + Sync,
{
    let plan = plan(apis)?;
    let results = crate::par::par_map(&plan.jobs, threads, |job| {
        let key = match (r.reuse)(&job.path, &job.apis) {
            Ok((rendered, records)) => return Ok((Ok(rendered), records)),
            Err(key) => key,
        };
        resource::emit_resource(&job.apis, names).map(|(tokens, records)| {
            let records: NameMap = records.into_iter().collect();
            ((r.module)(key, tokens, &records), records)
        })
    });
    let mut out = Vec::with_capacity(plan.jobs.len() + plan.skeleton.len());
    let mut assigned = NameMap::new();
    for (res, job) in results.into_iter().zip(&plan.jobs) {
        let (rendered, records) = res?;
        out.push((job.path.clone(), rendered));
        assigned.extend(records);
    }
    for f in plan.skeleton {
        out.push((f.path, (r.skeleton)(f.tokens)));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((out, assigned))
}
