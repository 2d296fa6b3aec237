//! The plan the renderers read: what the naming stage decided for each resource module
//! and each version's shared module, and the resolved Rust types of fields. Built before
//! anything is rendered (collect → unify → name → plan), so rendering re-derives nothing:
//! a type's key, name, module and re-export come from here.
use super::docs::Docs;
use super::key::TypeKey;
use super::layout::{api_names, event_names, ApiNames, EventNames};
use super::naming::{Collector, NameMap, TypeSpace};
use crate::ir::{Api, BodyKind, Event, Field};
use crate::sanitize::{ident, type_ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The names of a resource module, assigned before it is rendered: its API items', its
/// events' and its nested types' with the collection they were assigned from.
pub(super) struct ModuleTypes {
    pub(super) api_names: Vec<ApiNames>,
    /// Per API, the keys of the nested types its parts hold.
    pub(super) keys: Vec<ApiKeys>,
    pub(super) event_names: Vec<EventNames>,
    /// Per event, the keys of the nested types its fields hold (see
    /// [`super::event::add_types`]).
    pub(super) event_keys: Vec<EventKeys>,
    /// Every `(record key, name)` of the types its events' fields use.
    pub(super) event_records: Vec<(String, String)>,
    pub(super) collector: Collector,
    pub(super) space: TypeSpace,
}

/// The keys of the nested types the top fields of each part of an API hold.
#[derive(Debug, Default)]
pub(super) struct ApiKeys {
    pub(super) path: FieldKeys,
    pub(super) query: FieldKeys,
    pub(super) header: FieldKeys,
    pub(super) body: FieldKeys,
    pub(super) response: FieldKeys,
}

/// Names the items of a module's APIs, names in `map` winning (see [`super::naming`]), then
/// its events' items: after every name of the APIs, so that events never rename them (their
/// nested types are added once the version's shared module is planned, see
/// [`super::event::add_types`]).
pub(super) fn module_types(apis: &[&Api], events: &[&Event], map: &NameMap) -> ModuleTypes {
    let mut namer = Namer::camel();
    let api_names = api_names(apis, &mut namer);
    let (collector, keys) = collect(apis);
    let reserved = api_names
        .iter()
        .flat_map(|n| [&n.request, &n.body, &n.response, &n.error])
        .cloned()
        .collect();
    let space = collector.assign(&reserved, map);
    for (_, name) in space.records() {
        namer.reserve(&name);
    }
    let event_names = event_names(events, &mut namer, map);
    ModuleTypes {
        api_names,
        keys,
        event_names,
        event_keys: Vec::new(),
        event_records: Vec::new(),
        collector,
        space,
    }
}

/// Collects every nested type of the module's APIs (see [`super::naming`]): the fields of
/// each API's parameters and body sit under `[<Method><Resource>]`, its response's under
/// `[<Method><Resource>, Response]`. Also returns the keys of each API's parts.
fn collect(apis: &[&Api]) -> (Collector, Vec<ApiKeys>) {
    let mut c = Collector::default();
    let mut keys = Vec::with_capacity(apis.len());
    for api in apis {
        let base = vec![format!(
            "{}{}",
            type_ident(&api.id.method),
            type_ident(&api.id.resource)
        )];
        let at = |part: &str| format!("{} {part}", api.id);
        let mut k = ApiKeys {
            path: c.fields(&path_fields(api), &base, &at("path"), false),
            query: c.fields(&api.query_params, &base, &at("query"), false),
            header: c.fields(&sent_headers(api), &base, &at("header"), false),
            ..ApiKeys::default()
        };
        if matches!(api.request_body.kind, BodyKind::Json | BodyKind::Multipart) {
            k.body = c.fields(&api.request_body.fields, &base, &at("body"), false);
        }
        if api.response_body.kind != BodyKind::Binary {
            let mut path = base.clone();
            path.push("Response".to_owned());
            k.response = c.fields(&api.response_body.fields, &path, &at("response"), true);
        }
        keys.push(k);
    }
    (c, keys)
}

/// The path parameters of `api`, all required.
pub(super) fn path_fields(api: &Api) -> Vec<Field> {
    // The parser documents every placeholder of the path (adding undocumented ones).
    let mut path_fields: Vec<Field> = api.path_params.clone();
    for f in &mut path_fields {
        f.required = Some(true);
    }
    path_fields
}

/// The documented request headers a request carries as fields: Authorization and
/// Content-Type are the client's; `Endpoint::headers` sends the others.
pub(super) fn sent_headers(api: &Api) -> Vec<Field> {
    api.headers
        .iter()
        .filter(|h| {
            !h.name.eq_ignore_ascii_case("authorization")
                && !h.name.eq_ignore_ascii_case("content-type")
        })
        .cloned()
        .collect()
}

/// The shared module of one version, planned.
#[derive(Debug)]
pub(super) struct SharedTypes {
    /// Its module identifier (`shared`, unless a resource module has that name).
    pub(super) module: String,
    /// The names of its types (and of the keys its types' fields use for them).
    pub(super) space: TypeSpace,
    /// Each type's first occurrence, by name.
    pub(super) roots: BTreeMap<String, Root>,
    /// What the module's code is made from besides the generator: names, roots and variant
    /// names, for [`super::Renderer`]'s reuse check.
    pub(super) fingerprint: String,
}

/// A shared type's key and first occurrence: the field, and whether it sits in a response.
pub(super) type Root = (TypeKey, Field, bool);

/// A resolved Rust type, without the `Option` a field that may be absent adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum RustType {
    String,
    I64,
    F64,
    Bool,
    /// A multipart file part.
    File,
    /// Any JSON value.
    Json,
    /// A generated struct or open enum of the module (or re-exported into it).
    Named {
        name: String,
        is_enum: bool,
    },
    Vec(Box<RustType>),
    /// A map from string keys.
    Map(Box<RustType>),
}

impl RustType {
    /// Its tokens, fully qualified.
    pub(super) fn tokens(&self) -> TokenStream {
        match self {
            RustType::String => quote! { ::std::string::String },
            RustType::I64 => quote! { i64 },
            RustType::F64 => quote! { f64 },
            RustType::Bool => quote! { bool },
            RustType::File => quote! { crate::FilePart },
            RustType::Json => quote! { ::serde_json::Value },
            RustType::Named { name, .. } => {
                let n = ident(name);
                quote! { #n }
            }
            RustType::Vec(t) => {
                let t = t.tokens();
                quote! { ::std::vec::Vec<#t> }
            }
            RustType::Map(t) => {
                let t = t.tokens();
                quote! { ::std::collections::BTreeMap<::std::string::String, #t> }
            }
        }
    }

    /// Whether it is `String` (constructors take `impl Into<String>`).
    pub(super) fn is_string(&self) -> bool {
        matches!(self, RustType::String)
    }

    /// The innermost type of lists and maps.
    fn leaf(&self) -> &RustType {
        match self {
            RustType::Vec(t) | RustType::Map(t) => t.leaf(),
            t => t,
        }
    }

    /// Whether the leaf is a file (multipart file part).
    pub(super) fn is_file(&self) -> bool {
        matches!(self.leaf(), RustType::File)
    }

    /// Whether the leaf is a generated open enum.
    pub(super) fn is_enum(&self) -> bool {
        matches!(self.leaf(), RustType::Named { is_enum: true, .. })
    }

    /// The element type of a `Vec` (what a paginated API's items are).
    pub(super) fn element(&self) -> Option<&RustType> {
        match self {
            RustType::Vec(t) => Some(t),
            _ => None,
        }
    }
}

/// The keys of the nested types a struct's fields hold, by wire name (from the plan: a
/// module's [`super::naming::Collector`], or a nested type's own key).
pub(super) type FieldKeys = BTreeMap<String, TypeKey>;

/// One struct field, resolved.
#[derive(Debug, Clone)]
pub(super) struct FieldDef {
    pub(super) wire: String,
    pub(super) ident: String,
    pub(super) ty: RustType,
    pub(super) optional: bool,
    pub(super) docs: Docs,
}

/// The keys of the nested types the top fields of one event hold.
#[derive(Debug, Default)]
pub(super) struct EventKeys {
    /// The event object's.
    pub(super) event: FieldKeys,
    /// A callback's answer's.
    pub(super) answer: FieldKeys,
}
