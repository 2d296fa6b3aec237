//! The request struct of an API: its path and query parameters, its body, its docs, and the
//! constructor taking the required parameters with setters for the rest.
use super::docs::{code_span, Docs};
use super::fields::FieldDef;
use super::items::{derives_for, field_tokens};
use super::resource::ApiNames;
use crate::ir::{AccessToken, Api, BodyKind, Field};
use crate::sanitize::{ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;

/// The request body's fields and whether the body struct derives `Default`.
pub(super) type RequestBodyDefs = (Vec<FieldDef>, bool);

/// The resolved parameters of a request.
pub(super) struct Params<'a> {
    pub(super) path: &'a [FieldDef],
    pub(super) query: &'a [FieldDef],
    pub(super) body: Option<&'a RequestBodyDefs>,
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
pub(super) fn request_struct(api: &Api, names: &ApiNames, params: &Params<'_>) -> TokenStream {
    let req = ident(&names.request);
    let req_docs = request_docs(api);
    let mut req_fields: Vec<TokenStream> = params
        .path
        .iter()
        .chain(params.query)
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
        req_fields.push(quote! {
            /// The request body.
            pub body: #bt,
        });
    }
    let req_default = params.path.iter().chain(params.query).all(|f| f.optional)
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

/// `impl <Request> { pub fn new(required...) -> Self; setters for the optional fields }`.
pub(super) fn constructor(api: &Api, names: &ApiNames, params: &Params<'_>) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut pnamer = Namer::snake();
    let mut mnamer = Namer::snake();
    for m in ["new", "path", "query", "body"] {
        mnamer.reserve(m);
    }
    let mut body_inits = Vec::new();
    for (f, in_body) in params
        .path
        .iter()
        .chain(params.query)
        .map(|f| (f, false))
        .chain(
            params
                .body
                .iter()
                .flat_map(|(d, _)| d.iter().map(|f| (f, true))),
        )
    {
        let init = if f.optional {
            setters.push(setter(f, in_body, &mut mnamer));
            let fname = ident(&f.ident);
            quote! { #fname: ::std::option::Option::None }
        } else {
            let (arg, init) = required_arg(f, &mut pnamer);
            args.push(arg);
            init
        };
        if in_body {
            body_inits.push(init);
        } else {
            inits.push(init);
        }
    }
    match api.request_body.kind {
        BodyKind::Json | BodyKind::Multipart => {
            let b = ident(&names.body);
            inits.push(quote! { body: #b { #(#body_inits),* } });
        }
        BodyKind::Binary => {
            args.push(quote! { body: crate::FilePart });
            inits.push(quote! { body });
        }
        BodyKind::None => {}
    }
    let allow = if args.len() > 7 {
        quote! { #[allow(clippy::too_many_arguments)] }
    } else {
        TokenStream::new()
    };
    let req = ident(&names.request);
    quote! {
        impl #req {
            /// A request with the required parameters; set optional ones with the setters.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

/// The setter of an optional field.
fn setter(f: &FieldDef, in_body: bool, mnamer: &mut Namer) -> TokenStream {
    let fname = ident(&f.ident);
    let ty = &f.ty.tokens;
    let target = if in_body {
        quote! { self.body.#fname }
    } else {
        quote! { self.#fname }
    };
    let setter = ident(&mnamer.fresh(&f.ident));
    let doc = if f.wire.is_empty() {
        " Sets the field with the empty wire name.".to_owned()
    } else {
        format!(" Sets {}.", code_span(&f.wire))
    };
    let (pty, val) = if f.ty.is_string {
        (
            quote! { impl ::std::convert::Into<::std::string::String> },
            quote! { value.into() },
        )
    } else {
        (quote! { #ty }, quote! { value })
    };
    quote! {
        #[doc = #doc]
        pub fn #setter(mut self, value: #pty) -> Self {
            #target = ::std::option::Option::Some(#val);
            self
        }
    }
}

/// A required field's constructor argument and its initialiser.
fn required_arg(f: &FieldDef, pnamer: &mut Namer) -> (TokenStream, TokenStream) {
    let fname = ident(&f.ident);
    let ty = &f.ty.tokens;
    let p = ident(&pnamer.fresh(&f.ident));
    if f.ty.is_string {
        (
            quote! { #p: impl ::std::convert::Into<::std::string::String> },
            quote! { #fname: #p.into() },
        )
    } else if p == fname {
        (quote! { #p: #ty }, quote! { #fname })
    } else {
        (quote! { #p: #ty }, quote! { #fname: #p })
    }
}
