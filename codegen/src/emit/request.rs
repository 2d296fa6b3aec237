//! The request struct of an API: its path and query parameters, its body, its docs, and the
//! constructor taking the required parameters with setters for the rest.
use super::construct::{self, Body, Slot};
use super::docs::{code_span, Docs};
use super::items::{derives_for, field_tokens};
use super::layout::ApiNames;
use super::outline::Outline;
use super::plan::FieldDef;
use crate::ir::{AccessToken, Api, BodyKind};
use crate::sanitize::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The request body's fields and whether the body struct derives `Default`.
pub(super) type RequestBodyDefs = (Vec<FieldDef>, bool);

/// The resolved parameters of a request.
pub(super) struct Params<'a> {
    pub(super) path: &'a [FieldDef],
    pub(super) query: &'a [FieldDef],
    /// Documented request headers other than Authorization/Content-Type.
    pub(super) headers: &'a [FieldDef],
    pub(super) body: Option<&'a RequestBodyDefs>,
}

fn token_name(t: AccessToken) -> &'static str {
    match t {
        AccessToken::Tenant => "tenant_access_token",
        AccessToken::User => "user_access_token",
        AccessToken::App => "app_access_token",
    }
}

/// The request's rustdoc: title, description, method and path, tokens, scopes, rate limit,
/// source page.
fn request_docs(api: &Api) -> TokenStream {
    let method = api.http_method.map_or("", |m| m.as_str());
    let mut d = Docs::new();
    d.para(&api.title);
    d.para(&api.description);
    d.raw_para(&format!(
        "{} (API {})",
        code_span(&format!("{} {}", method, api.path)),
        code_span(&api.id.to_string())
    ));
    if !api.access_tokens.is_empty() {
        let t: Vec<String> = api
            .access_tokens
            .iter()
            .map(|t| code_span(token_name(*t)))
            .collect();
        d.raw_para(&format!("Access tokens: {}.", t.join(", ")));
    }
    if !api.scopes.is_empty() {
        let s: Vec<String> = api.scopes.iter().map(|s| code_span(s)).collect();
        d.raw_para(&format!("Scopes (any one): {}.", s.join(", ")));
    }
    if let Some(rl) = &api.rate_limit {
        d.para(&format!("Rate limit: {rl}"));
    }
    d.raw_para(&format!("Source: {}.", code_span(&api.source)));
    d.to_tokens()
}

/// `pub struct <Method><Resource>Request { path and query fields, body }`.
pub(super) fn request_struct(
    api: &Api,
    names: &ApiNames,
    params: &Params<'_>,
    outline: &mut Outline,
) -> TokenStream {
    let req = ident(&names.request);
    outline.item(&names.request);
    for f in params.path.iter().chain(params.query).chain(params.headers) {
        outline.member(&names.request, &f.ident);
    }
    let req_docs = request_docs(api);
    let mut req_fields: Vec<TokenStream> = params
        .path
        .iter()
        .chain(params.query)
        .chain(params.headers)
        .map(field_tokens)
        .collect();
    let body_ty = match api.request_body.kind {
        BodyKind::Json | BodyKind::Multipart => {
            let b = ident(&names.body);
            Some(quote! { #b })
        }
        BodyKind::Binary => Some(quote! { crate::FilePart }),
        BodyKind::None => None,
    };
    if let Some(bt) = &body_ty {
        outline.member(&names.request, "body");
        req_fields.push(quote! {
            /// The request body.
            pub body: #bt,
        });
    }
    let req_default = params
        .path
        .iter()
        .chain(params.query)
        .chain(params.headers)
        .all(|f| f.optional)
        && params.body.is_none_or(|(_, ok)| *ok);
    let derive = derives_for(req_default, true);
    quote! {
        #req_docs
        #derive
        pub struct #req {
            #(#req_fields)*
        }
    }
}

/// The request's constructor (see [`super::construct`]): `new(required...)` and setters,
/// or a builder past four required parameters.
pub(super) fn constructor(
    api: &Api,
    names: &ApiNames,
    params: &Params<'_>,
    outline: &mut Outline,
) -> TokenStream {
    let slots: Vec<Slot<'_>> = params
        .path
        .iter()
        .chain(params.query)
        .chain(params.headers)
        .map(|def| Slot {
            def,
            in_body: false,
        })
        .chain(
            params
                .body
                .iter()
                .flat_map(|(d, _)| d.iter().map(|def| Slot { def, in_body: true })),
        )
        .collect();
    let body = match api.request_body.kind {
        BodyKind::Json | BodyKind::Multipart => Body::Struct(&names.body),
        BodyKind::Binary => Body::File,
        BodyKind::None => Body::None,
    };
    let builder = format!("{}Builder", names.request);
    construct::constructor(&names.request, &builder, &slots, body, true, outline)
}
