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
use super::fields::FieldDef;
use super::items::struct_tokens;
use super::naming::{Collector, NameMap, TypeSpace};
use super::request::{self, path_fields, RequestBodyDefs};
use super::EmitError;
use crate::ir::{Api, BodyKind, Event};
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
    /// Error enums by their table (code, status, description, advice per row).
    /// (the first enum's name and API id).
    pub(super) error_tables: BTreeMap<Vec<String>, (String, String)>,
    /// Names pinned by the checked-in name map.
    pub(super) map: &'m NameMap,
    /// Every `(record key, name)` assigned, for the name map.
    pub(super) records: Vec<(String, String)>,
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

/// The names of a resource module, assigned before it is rendered: its API items', its
/// events' and its nested types' with the collection they were assigned from.
pub(super) struct ModuleTypes {
    pub(super) api_names: Vec<ApiNames>,
    pub(super) event_names: Vec<super::event::EventNames>,
    /// Every `(record key, name)` of the types its events' fields use (see
    /// [`super::event::add_types`]).
    pub(super) event_records: Vec<(String, String)>,
    pub(super) collector: Collector,
    pub(super) space: TypeSpace,
}

/// Names the items of a module's APIs, names in `map` winning (see [`super::naming`]), then
/// its events' items: after every name of the APIs, so that events never rename them (their
/// nested types are added once the version's shared module is planned, see
/// [`super::event::add_types`]).
pub(super) fn module_types(apis: &[&Api], events: &[&Event], map: &NameMap) -> ModuleTypes {
    let mut namer = Namer::camel();
    let api_names = api_names(apis, &mut namer);
    let collector = collect(apis);
    let reserved = api_names
        .iter()
        .flat_map(|n| [&n.request, &n.body, &n.response, &n.error])
        .cloned()
        .collect();
    let space = collector.assign(&reserved, map);
    for (_, name) in space.records() {
        namer.reserve(&name);
    }
    let event_names = super::event::event_names(events, &mut namer, map);
    ModuleTypes {
        api_names,
        event_names,
        event_records: Vec::new(),
        collector,
        space,
    }
}

/// The items of one resource module and the `(record key, name)` of every nested type and
/// prose-named variant (see [`super::naming`]), names in `map` winning.
pub(super) fn emit_resource(
    apis: &[&Api],
    events: &[&Event],
    types: &ModuleTypes,
    map: &NameMap,
) -> Result<(TokenStream, Vec<(String, String)>), EmitError> {
    let mut r = Resource::new(&types.space, map);
    let mut out = TokenStream::new();
    for (api, names) in apis.iter().zip(&types.api_names) {
        out.extend(r.emit_api(api, names)?);
    }
    // The events' serde impls get their own line, so adding events only adds lines.
    let api_serde = r.serde.len();
    for (event, names) in events.iter().zip(&types.event_names) {
        out.extend(r.emit_event(event, names));
    }
    let event_serde = r.serde.split_off(api_serde);
    out.extend(r.nested_items());
    if !event_serde.is_empty() {
        let names = event_serde.iter().map(|n| ident(n));
        out.extend(quote! { crate::__serde_via_json!(#(#names)*); });
    }
    let mut records: Vec<(String, String)> = r.space.records().collect();
    records.extend(types.event_records.iter().cloned());
    records.append(&mut r.records);
    Ok((out, records))
}

/// Collects every nested type of the module's APIs (see [`super::naming`]): the fields of
/// each API's parameters and body sit under `[<Method><Resource>]`, its response's under
/// `[<Method><Resource>, Response]`.
fn collect(apis: &[&Api]) -> Collector {
    let mut c = Collector::default();
    for api in apis {
        let base = vec![format!(
            "{}{}",
            type_ident(&api.id.method),
            type_ident(&api.id.resource)
        )];
        let at = |part: &str| format!("{} {part}", api.id);
        c.fields(&path_fields(api), &base, &at("path"), false);
        c.fields(&api.query_params, &base, &at("query"), false);
        c.fields(&request::sent_headers(api), &base, &at("header"), false);
        if matches!(api.request_body.kind, BodyKind::Json | BodyKind::Multipart) {
            c.fields(&api.request_body.fields, &base, &at("body"), false);
        }
        if api.response_body.kind != BodyKind::Binary {
            let mut path = base.clone();
            path.push("Response".to_owned());
            c.fields(
                &api.response_body.fields,
                &path,
                &format!("{} response", api.id),
                true,
            );
        }
    }
    c
}

impl Resource<'_> {
    /// Every item of one API: request body, request, constructor, response, errors, endpoint.
    fn emit_api(&mut self, api: &Api, names: &ApiNames) -> Result<TokenStream, EmitError> {
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
        let path_defs = self.fields_with(&path_fields, false, &mut req_namer);
        let query_defs = self.fields_with(&api.query_params, false, &mut req_namer);
        let sent_headers = request::sent_headers(api);
        let header_defs = self.fields_with(&sent_headers, false, &mut req_namer);

        let mut items = TokenStream::new();
        let body_defs = self.request_body(api, names, &mut items);
        let params = request::Params {
            path: &path_defs,
            query: &query_defs,
            headers: &header_defs,
            body: body_defs.as_ref(),
        };
        items.extend(request::request_struct(api, names, &params));
        items.extend(request::constructor(api, names, &params));
        let response_ty = self.response(api, names, &params, &mut items)?;
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
        items: &mut TokenStream,
    ) -> Option<RequestBodyDefs> {
        let body_kind = api.request_body.kind;
        if !matches!(body_kind, BodyKind::Json | BodyKind::Multipart) {
            return None;
        }
        let defs = self.fields(&api.request_body.fields, false);
        let default_ok = defs.iter().all(|f| f.optional);
        let mut d = super::docs::Docs::new();
        d.raw_para(&format!("The request body of [`{}`].", names.request));
        if body_kind == BodyKind::Multipart {
            d.raw_para("Sent as `multipart/form-data`: file fields become file parts, other fields text parts.");
        }
        items.extend(struct_tokens(&names.body, d.to_tokens(), &defs, default_ok));
        self.serde.push(names.body.clone());
        Some((defs, default_ok))
    }

    /// The response type (a struct for `data`, or the binary response alias), pushed to
    /// `items`; returns its tokens.
    fn response(
        &mut self,
        api: &Api,
        names: &ApiNames,
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
        let defs: Vec<FieldDef> = self.fields(&api.response_body.fields, true);
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
