//! The items of one resource module: per API a request, a request body, a response, an error
//! enum and the `Endpoint` impl, plus the nested structs and enums they share.
//!
//! Naming rules:
//! - API items: `<Method><Resource>` + `Request` / `RequestBody` / `Response` / `Error`
//!   (`vc/v1/meeting/end` → `EndMeetingRequest`), claimed before any nested type.
//! - Nested structs and enums are named before rendering ([`super::naming`]): one type per
//!   identity (a documented type name and shape, an anonymous shape, or a field name and
//!   values), named after the doc's type name or the field, lengthened by the shortest unique
//!   suffix of its field path where names clash (`MessageSender`), never numbered. An
//!   anonymous object of a documented type's shape is that type. Docs are taken from the
//!   first occurrence, in API id order. A type the version's other modules use too is
//!   re-exported from the version's shared module ([`super::shared`]) under the same name.
//! - Structs derive `Default` only when every field may be absent.
//!
//! The work is split by concern: [`super::fields`] resolves fields and nested structs,
//! [`super::enums`] value and error enums, [`super::request`] the request struct and its
//! constructor, [`super::endpoint`] the `Endpoint` impl, [`super::items`] the rendering
//! every struct shares.

use super::endpoint::{self, method_tokens};
use super::enums::{ErrorTable, ErrorVariants};
use super::fields::{FieldDef, FieldKeys};
use super::items::struct_tokens;
use super::naming::{Collector, NameMap, TypeSpace};
use super::request::{self, path_fields, RequestBodyDefs};
use super::EmitError;
use crate::ir::{Api, BodyKind};
use crate::sanitize::{ident, type_ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// The type space of one resource module while it is being emitted.
pub(super) struct Resource<'m> {
    /// Nested items (structs and enums, or their re-exports from the shared module) by name.
    pub(super) nested: BTreeMap<String, TokenStream>,
    /// The names of the nested types, assigned before rendering.
    pub(super) space: &'m TypeSpace,
    /// Types that get serde impls (through `Json`), in emission order.
    pub(super) serde: Vec<String>,
    /// Error enums by their table: the first enum's name and variants.
    pub(super) error_tables: BTreeMap<ErrorTable, (String, ErrorVariants)>,
    /// Names pinned by the checked-in name map.
    pub(super) map: &'m NameMap,
    /// Every `(record key, name)` assigned, for the name map.
    pub(super) records: Vec<(String, String)>,
    /// The page being rendered (for errors), or empty.
    pub(super) source: String,
}

impl<'m> Resource<'m> {
    pub(super) fn new(space: &'m TypeSpace, map: &'m NameMap) -> Self {
        Resource {
            nested: BTreeMap::new(),
            space,
            serde: Vec::new(),
            error_tables: BTreeMap::new(),
            map,
            records: Vec::new(),
            source: String::new(),
        }
    }

    /// The nested items and their serde impls (through `Json`).
    pub(super) fn nested_items(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for item in self.nested.values() {
            out.extend(item.clone());
        }
        if !self.serde.is_empty() {
            let names = self.serde.iter().map(|n| ident(n));
            out.extend(quote! { crate::__serde_via_json!(#(#names)*); });
        }
        out
    }
}

/// Names of one API's items.
pub(super) struct ApiNames {
    pub(super) request: String,
    pub(super) body: String,
    pub(super) response: String,
    pub(super) error: String,
}

/// The names of the API items of a resource module's APIs (in order), claimed in `types`
/// before any nested type.
pub(super) fn api_names(apis: &[&Api], types: &mut Namer) -> Vec<ApiNames> {
    apis.iter()
        .map(|api| {
            let base = format!(
                "{}{}",
                type_ident(&api.id.method),
                type_ident(&api.id.resource)
            );
            ApiNames {
                request: types.fresh(&format!("{base}Request")),
                body: types.fresh(&format!("{base}RequestBody")),
                response: types.fresh(&format!("{base}Response")),
                error: types.fresh(&format!("{base}Error")),
            }
        })
        .collect()
}

/// The names of a resource module, assigned before it is rendered: its API items', and its
/// nested types' with the collection they were assigned from.
pub(super) struct ModuleTypes {
    pub(super) api_names: Vec<ApiNames>,
    /// Per API, the keys of the nested types its parts hold.
    pub(super) keys: Vec<ApiKeys>,
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

/// Names the items of a module's APIs, names in `map` winning (see [`super::naming`]).
pub(super) fn module_types(apis: &[&Api], map: &NameMap) -> ModuleTypes {
    let api_names = api_names(apis, &mut Namer::camel());
    let (collector, keys) = collect(apis);
    let reserved = api_names
        .iter()
        .flat_map(|n| [&n.request, &n.body, &n.response, &n.error])
        .cloned()
        .collect();
    let space = collector.assign(&reserved, map);
    ModuleTypes {
        api_names,
        keys,
        collector,
        space,
    }
}

/// The items of one resource module and the `(record key, name)` of every nested type and
/// prose-named variant (see [`super::naming`]), names in `map` winning.
pub(super) fn emit_resource(
    apis: &[&Api],
    types: &ModuleTypes,
    map: &NameMap,
) -> Result<(TokenStream, Vec<(String, String)>), EmitError> {
    let mut r = Resource::new(&types.space, map);
    let mut out = TokenStream::new();
    for ((api, names), keys) in apis.iter().zip(&types.api_names).zip(&types.keys) {
        out.extend(r.emit_api(api, names, keys)?);
    }
    out.extend(r.nested_items());
    let mut records: Vec<(String, String)> = r.space.records().collect();
    records.append(&mut r.records);
    Ok((out, records))
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
            header: c.fields(&request::sent_headers(api), &base, &at("header"), false),
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

impl Resource<'_> {
    /// Every item of one API: request body, request, constructor, response, errors, endpoint.
    fn emit_api(
        &mut self,
        api: &Api,
        names: &ApiNames,
        keys: &ApiKeys,
    ) -> Result<TokenStream, EmitError> {
        api.source.clone_into(&mut self.source);
        let err = |message: String| EmitError {
            source: api.source.clone(),
            message,
        };
        let http_method = api
            .http_method
            .ok_or_else(|| err("the page gives no HTTP method".to_string()))?;
        let method = method_tokens(http_method);

        let path_fields = path_fields(api);
        let mut req_namer = Namer::snake();
        if api.request_body.kind != BodyKind::None {
            req_namer.reserve("body");
        }
        let path_defs = self.fields_with(&path_fields, &keys.path, false, &mut req_namer)?;
        let query = &api.query_params;
        let query_defs = self.fields_with(query, &keys.query, false, &mut req_namer)?;
        let sent_headers = request::sent_headers(api);
        let header_defs = self.fields_with(&sent_headers, &keys.header, false, &mut req_namer)?;

        let mut items = TokenStream::new();
        let body_defs = self.request_body(api, names, &keys.body, &mut items)?;
        let params = request::Params {
            path: &path_defs,
            query: &query_defs,
            headers: &header_defs,
            body: body_defs.as_ref(),
        };
        items.extend(request::request_struct(api, names, &params));
        items.extend(request::constructor(api, names, &params));
        let response_ty = self.response(api, names, &keys.response, &params, &mut items)?;
        items.extend(self.errors(api, names));
        items.extend(endpoint::endpoint_impl(
            api,
            names,
            &method,
            &response_ty,
            &params,
        ));
        Ok(items)
    }

    /// The request body struct of a JSON or multipart body, pushed to `items`.
    fn request_body(
        &mut self,
        api: &Api,
        names: &ApiNames,
        keys: &FieldKeys,
        items: &mut TokenStream,
    ) -> Result<Option<RequestBodyDefs>, EmitError> {
        let body_kind = api.request_body.kind;
        if !matches!(body_kind, BodyKind::Json | BodyKind::Multipart) {
            return Ok(None);
        }
        let defs = self.fields(&api.request_body.fields, keys, false)?;
        let default_ok = defs.iter().all(|f| f.optional);
        let mut d = super::docs::Docs::new();
        d.raw_para(&format!("The request body of [`{}`].", names.request));
        if body_kind == BodyKind::Multipart {
            d.raw_para("Sent as `multipart/form-data`: file fields become file parts, other fields text parts.");
        }
        items.extend(struct_tokens(&names.body, d.to_tokens(), &defs, default_ok));
        self.serde.push(names.body.clone());
        Ok(Some((defs, default_ok)))
    }

    /// The response type (a struct for `data`, or the binary response alias), pushed to
    /// `items`; returns its tokens.
    fn response(
        &mut self,
        api: &Api,
        names: &ApiNames,
        keys: &FieldKeys,
        params: &request::Params<'_>,
        items: &mut TokenStream,
    ) -> Result<TokenStream, EmitError> {
        let resp = ident(&names.response);
        if api.response_body.kind == BodyKind::Binary {
            let doc = format!(
                " The response of [`{}`]: the downloaded file.",
                names.request
            );
            items.extend(quote! {
                #[doc = #doc]
                pub type #resp = crate::BinaryResponse;
            });
            return Ok(quote! { #resp });
        }
        let defs: Vec<FieldDef> = self.fields(&api.response_body.fields, keys, true)?;
        items.extend(super::paginate::paginated_impl(
            api,
            &names.request,
            params,
            &defs,
        )?);
        let mut d = super::docs::Docs::new();
        d.raw_para(&if api.response_body.flat {
            format!(
                "The response of [`{}`]: its fields sit beside `code` and `msg` (no `data`).",
                names.request
            )
        } else {
            format!("The `data` of the response of [`{}`].", names.request)
        });
        items.extend(struct_tokens(&names.response, d.to_tokens(), &defs, true));
        self.serde.push(names.response.clone());
        Ok(quote! { #resp })
    }
}
