//! The `Endpoint` impl of a request: method, path template, tokens, scopes, and the
//! `path`, `query` and `body` functions.
use super::layout::ApiNames;
use super::plan::FieldDef;
use super::request::Params;
use crate::ir::{AccessToken, Api, BodyKind, HttpMethod, PathSegment, PathTemplate};
use crate::sanitize::{ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn method_tokens(m: HttpMethod) -> TokenStream {
    match m {
        HttpMethod::Get => quote! { crate::Method::Get },
        HttpMethod::Post => quote! { crate::Method::Post },
        HttpMethod::Put => quote! { crate::Method::Put },
        HttpMethod::Patch => quote! { crate::Method::Patch },
        HttpMethod::Delete => quote! { crate::Method::Delete },
    }
}

/// `fn path(&self)`: the template with placeholders replaced by percent-encoded values.
fn path_fn(template: &PathTemplate, path_defs: &[FieldDef]) -> TokenStream {
    let mut fmt = String::new();
    let mut lets = Vec::new();
    let mut locals = Namer::snake();
    for (i, seg) in template.segments().iter().enumerate() {
        if i > 0 {
            fmt.push('/');
        }
        let def = match seg {
            PathSegment::Param(p) => path_defs.iter().find(|f| &f.wire == p),
            PathSegment::Literal(_) => None,
        };
        match def {
            Some(f) => {
                let local = locals.fresh(&f.ident);
                fmt.push('{');
                fmt.push_str(&local);
                fmt.push('}');
                let l = ident(&local);
                let name = ident(&f.ident);
                if f.ty.is_string() {
                    lets.push(quote! { let #l = crate::encode_path_segment(&self.#name); });
                } else {
                    lets.push(quote! {
                        let #l = crate::encode_path_segment(&crate::param_text(&self.#name));
                    });
                }
            }
            None => {
                let text = match seg {
                    PathSegment::Literal(l) => l.clone(),
                    PathSegment::Param(p) => format!(":{p}"),
                };
                fmt.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
        }
    }
    if lets.is_empty() {
        let text = template.to_string();
        quote! {
            #[inline]
            fn path(&self) -> ::std::string::String {
                ::std::string::String::from(#text)
            }
        }
    } else {
        quote! {
            #[inline]
            fn path(&self) -> ::std::string::String {
                #(#lets)*
                ::std::format!(#fmt)
            }
        }
    }
}

/// `impl crate::Endpoint for <Request>`.
pub(super) fn endpoint_impl(
    api: &Api,
    names: &ApiNames,
    method: &TokenStream,
    response_ty: &TokenStream,
    params: &Params<'_>,
) -> TokenStream {
    let req = ident(&names.request);
    let error = ident(&names.error);
    let id = api.id.to_string();
    let template = api.path.to_string();
    let tokens = api.access_tokens.iter().map(|t| match t {
        AccessToken::Tenant => quote! { crate::AccessTokenKind::Tenant },
        AccessToken::User => quote! { crate::AccessTokenKind::User },
        AccessToken::App => quote! { crate::AccessTokenKind::App },
    });
    let scopes = api.scopes.iter().map(String::as_str);
    let host = api.host.as_deref().map(|h| {
        quote! { const HOST: ::std::option::Option<&'static str> = ::std::option::Option::Some(#h); }
    });
    let response_kind = if api.response_body.kind == BodyKind::Binary {
        Some(quote! { const RESPONSE_KIND: crate::ResponseKind = crate::ResponseKind::Binary; })
    } else if api.response_body.flat {
        Some(quote! { const RESPONSE_KIND: crate::ResponseKind = crate::ResponseKind::FlatJson; })
    } else {
        None
    };
    let path_fn = path_fn(&api.path, params.path);
    let query_fn = query_fn(params.query);
    let headers_fn = headers_fn(params.headers);
    let body_fn = body_fn(
        api.request_body.kind,
        params.body.map(|(defs, _)| defs.as_slice()),
    );
    quote! {
        impl crate::Endpoint for #req {
            const ID: &'static str = #id;
            const METHOD: crate::Method = #method;
            const PATH_TEMPLATE: &'static str = #template;
            #host
            const ACCESS_TOKENS: &'static [crate::AccessTokenKind] = &[#(#tokens),*];
            const SCOPES: &'static [&'static str] = &[#(#scopes),*];
            #response_kind
            type Response = #response_ty;
            type Error = #error;
            #path_fn
            #query_fn
            #headers_fn
            #body_fn
        }
    }
}

/// `fn headers(&self)`, when the request has documented headers of its own.
fn headers_fn(header_defs: &[FieldDef]) -> Option<TokenStream> {
    (!header_defs.is_empty()).then(|| {
        let pushes = header_defs.iter().map(|f| {
            let name = ident(&f.ident);
            let wire = f.wire.as_str();
            quote! { crate::push_query(&mut h, #wire, &self.#name); }
        });
        quote! {
            #[inline]
            fn headers(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                let mut h = ::std::vec::Vec::new();
                #(#pushes)*
                h
            }
        }
    })
}

/// `fn query(&self)`, when the request has query parameters.
fn query_fn(query_defs: &[FieldDef]) -> Option<TokenStream> {
    (!query_defs.is_empty()).then(|| {
        let pushes = query_defs.iter().map(|f| {
            let name = ident(&f.ident);
            let wire = f.wire.as_str();
            quote! { crate::push_query(&mut q, #wire, &self.#name); }
        });
        quote! {
            #[inline]
            fn query(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                let mut q = ::std::vec::Vec::new();
                #(#pushes)*
                q
            }
        }
    })
}

/// `fn body(&self)`, when the request has a body.
fn body_fn(body_kind: BodyKind, body_defs: Option<&[FieldDef]>) -> Option<TokenStream> {
    match (body_kind, body_defs) {
        (BodyKind::Json, _) => Some(quote! {
            #[inline]
            fn body(&self) -> crate::RequestBody {
                crate::RequestBody::json(&self.body)
            }
        }),
        (BodyKind::Multipart, Some(defs)) => {
            let pushes = defs.iter().map(|f| {
                let name = ident(&f.ident);
                let wire = f.wire.as_str();
                if f.ty.is_file() {
                    quote! { crate::push_file_part(&mut parts, #wire, &self.body.#name); }
                } else {
                    quote! { crate::push_text_part(&mut parts, #wire, &self.body.#name); }
                }
            });
            let decl = if defs.is_empty() {
                quote! { let parts = ::std::vec::Vec::new(); }
            } else {
                quote! { let mut parts = ::std::vec::Vec::new(); }
            };
            Some(quote! {
                #[inline]
                fn body(&self) -> crate::RequestBody {
                    #decl
                    #(#pushes)*
                    crate::RequestBody::Multipart(parts)
                }
            })
        }
        (BodyKind::Binary, _) => Some(quote! {
            #[inline]
            fn body(&self) -> crate::RequestBody {
                crate::RequestBody::Binary(::std::clone::Clone::clone(&self.body))
            }
        }),
        _ => None,
    }
}
