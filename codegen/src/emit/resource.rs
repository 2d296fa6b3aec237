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
use super::error::EmitError;
use super::items::struct_tokens;
use super::layout::ApiNames;
use super::naming::NameMap;
use super::outline::Outline;
use super::plan::{path_fields, sent_headers, ApiKeys};
use super::plan::{FieldDef, FieldKeys, ModuleTypes, SharedTypes};
use super::request::{self, RequestBodyDefs};
use super::state::Resource;
use crate::ir::{Api, BodyKind, Event};
use crate::sanitize::{ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;

/// One rendered resource module.
pub(super) struct Rendered {
    pub(super) tokens: TokenStream,
    /// The `(record key, name)` of every nested type and prose-named variant (see
    /// [`super::naming`]).
    pub(super) records: Vec<(String, String)>,
    /// The public names its items make.
    pub(super) outline: Outline,
}

/// The items of one resource module, names in `map` winning.
pub(super) fn emit_resource(
    apis: &[&Api],
    events: &[&Event],
    types: &ModuleTypes,
    map: &NameMap,
) -> Result<Rendered, EmitError> {
    let mut r = Resource::new(&types.space, map);
    let mut out = TokenStream::new();
    for ((api, names), keys) in apis.iter().zip(&types.api_names).zip(&types.keys) {
        out.extend(r.emit_api(api, names, keys)?);
    }
    // The events' serde impls get their own line, so adding events only adds lines.
    let api_serde = r.serde.len();
    for ((event, names), keys) in events.iter().zip(&types.event_names).zip(&types.event_keys) {
        out.extend(r.emit_event(event, names, keys)?);
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
    Ok(Rendered {
        tokens: out,
        records,
        outline: r.outline,
    })
}

/// The items of a version's shared module: each type rendered from its first occurrence,
/// with the names of its space.
pub(super) fn emit_shared(shared: &SharedTypes, map: &NameMap) -> Result<TokenStream, EmitError> {
    let mut r = Resource::new(&shared.space, map);
    for (key, f, response) in shared.roots.values() {
        r.field_type(f, Some(key), *response)?;
    }
    Ok(r.nested_items())
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
        let sent_headers = sent_headers(api);
        let header_defs = self.fields_with(&sent_headers, &keys.header, false, &mut req_namer)?;

        let mut items = TokenStream::new();
        let body_defs = self.request_body(api, names, &keys.body, &mut items)?;
        let params = request::Params {
            path: &path_defs,
            query: &query_defs,
            headers: &header_defs,
            body: body_defs.as_ref(),
        };
        items.extend(request::request_struct(
            api,
            names,
            &params,
            &mut self.outline,
        ));
        items.extend(request::constructor(api, names, &params, &mut self.outline));
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
        let docs = d.to_tokens();
        let body = struct_tokens(&names.body, docs, &defs, default_ok, &mut self.outline);
        items.extend(body);
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
            self.outline.item(&names.response);
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
        let docs = d.to_tokens();
        let response = struct_tokens(&names.response, docs, &defs, true, &mut self.outline);
        items.extend(response);
        self.serde.push(names.response.clone());
        Ok(quote! { #resp })
    }
}
