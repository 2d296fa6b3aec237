//! `impl crate::Paginated` for list APIs, so that clients can walk their pages.
//!
//! The rule, on the IR (top-level fields only):
//! - the request has a `page_token` parameter: a query parameter, else a body field;
//! - the response has `has_more` (boolean) and `page_token` (string);
//! - the items are the response's only array field, else its array field named `items`.
//!
//! APIs that pass the first two points but not the last are not paginated, and [`plan`]
//! says why (two arrays and none named `items`, `has_more` typed as an integer, ...);
//! `codegen/tests/fixtures/pagination-skipped.txt` lists them all for review.
//!
//! The impl names the resolved fields (their Rust identifiers and types; the items' element
//! type comes from the resolved `Vec` type, never from re-reading tokens), so the resource
//! emitter calls [`paginated_impl`] once it has resolved the response. An API the rule pages
//! whose impl cannot be written is an error naming the page.

use super::error::EmitError;
use super::plan::{FieldDef, RustType};
use super::request::Params;
use crate::ir::{Api, Field, Type};
use crate::sanitize::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// Where the request's `page_token` goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenIn {
    Query,
    Body,
}

/// Whether and how an API paginates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// The request takes no `page_token`: not a list API.
    NotListed,
    /// Paginated; `items` is the wire name of the item array.
    Paged { token: TokenIn, items: String },
    /// The request takes a `page_token` but the response does not fit the rule.
    Skipped(String),
}

fn top<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
    fields.iter().find(|f| f.name == name)
}

/// Applies the rule to `api`.
pub(crate) fn plan(api: &Api) -> Plan {
    let token = if top(&api.query_params, "page_token").is_some() {
        TokenIn::Query
    } else if top(&api.request_body.fields, "page_token").is_some() {
        TokenIn::Body
    } else {
        return Plan::NotListed;
    };
    let resp = &api.response_body.fields;
    match top(resp, "has_more") {
        Some(f) if f.ty == Type::Boolean => {}
        Some(f) => return Plan::Skipped(format!("`has_more` is typed {}", f.ty)),
        None => return Plan::Skipped("the response has no `has_more`".to_owned()),
    }
    match top(resp, "page_token") {
        Some(f) if f.ty == Type::String => {}
        Some(f) => return Plan::Skipped(format!("`page_token` is typed {}", f.ty)),
        None => return Plan::Skipped("the response has no `page_token`".to_owned()),
    }
    let arrays: Vec<&Field> = resp
        .iter()
        .filter(|f| matches!(f.ty, Type::Array(_)))
        .collect();
    let items = match arrays.as_slice() {
        [only] => only.name.clone(),
        [] => return Plan::Skipped("the response has no array field".to_owned()),
        many => match many.iter().find(|f| f.name == "items") {
            Some(f) => f.name.clone(),
            None => {
                let names: Vec<String> = many.iter().map(|f| format!("`{}`", f.name)).collect();
                return Plan::Skipped(format!(
                    "several array fields ({}) and none is `items`",
                    names.join(", ")
                ));
            }
        },
    };
    Plan::Paged { token, items }
}

/// The `impl crate::Paginated` of one API (nothing when [`plan`] does not page it), from
/// the request's resolved parameters and the response's resolved fields. An API [`plan`]
/// pages whose impl cannot be written (a field it names did not resolve, the items are no
/// list, a required token is no string) is an error naming the page, never a silent skip.
pub(super) fn paginated_impl(
    api: &Api,
    request: &str,
    params: &Params<'_>,
    response: &[FieldDef],
) -> Result<TokenStream, EmitError> {
    let Plan::Paged { token, items } = plan(api) else {
        return Ok(TokenStream::new());
    };
    let fail = |what: String| EmitError {
        source: api.source.clone(),
        message: format!("the API is paginated, but {what}"),
    };
    let find = |defs: &[FieldDef], wire: &str| {
        let found = defs.iter().find(|f| f.wire == wire).cloned();
        found.ok_or_else(|| fail(format!("its field `{wire}` did not resolve")))
    };
    let (req_token, target) = match token {
        TokenIn::Query => (find(params.query, "page_token")?, quote! { self }),
        TokenIn::Body => {
            let body = params.body.map_or(&[][..], |(b, _)| b.as_slice());
            (find(body, "page_token")?, quote! { self.body })
        }
    };
    let (has_more, resp_token) = (find(response, "has_more")?, find(response, "page_token")?);
    let item_field = find(response, &items)?;
    let item_ty = item_field
        .ty
        .element()
        .map(RustType::tokens)
        .ok_or_else(|| fail(format!("its items field `{items}` is no list")))?;
    let set = {
        let f = ident(&req_token.ident);
        match (req_token.optional, req_token.ty.is_string()) {
            (true, _) => quote! { #target.#f = token; },
            (false, true) => quote! { #target.#f = token.unwrap_or_default(); },
            (false, false) => {
                return Err(fail(
                    "its required request `page_token` is no string".to_owned(),
                ))
            }
        }
    };
    let req = ident(request);
    let (more, next, list) = (
        ident(&has_more.ident),
        ident(&resp_token.ident),
        ident(&item_field.ident),
    );
    let items_wire = items.as_str();
    Ok(quote! {
        impl crate::Paginated for #req {
            type Item = #item_ty;
            const ITEMS_FIELD: &'static str = #items_wire;
            #[inline]
            fn set_page_token(&mut self, token: ::std::option::Option<::std::string::String>) {
                #set
            }
            #[inline]
            fn next_page_token(response: &Self::Response) -> ::std::option::Option<&str> {
                response.#next.as_deref()
            }
            #[inline]
            fn has_more(response: &Self::Response) -> ::std::option::Option<bool> {
                response.#more
            }
            #[inline]
            fn into_items(response: Self::Response) -> ::std::vec::Vec<Self::Item> {
                response.#list.unwrap_or_default()
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Api;

    fn api(query: &[Field], body: &[Field], response: &[Field]) -> Api {
        let mut a: Api = serde_json::from_value(serde_json::json!({
            "source": "svc/v1/res/list.md",
            "id": {"service": "svc", "version": "v1", "resource": "res", "method": "list"},
            "flavour": "a", "title": "", "description": "", "http_method": "GET",
            "path": "/open-apis/svc/v1/res", "access_tokens": [], "scopes": [],
            "path_params": [], "query_params": [], "headers": [],
            "request_body": {"kind": "none", "fields": []},
            "response_body": {"kind": "json", "fields": []},
            "errors": [], "examples": {}, "diagnostics": []
        }))
        .unwrap();
        a.query_params = query.to_vec();
        a.request_body.fields = body.to_vec();
        a.response_body.fields = response.to_vec();
        a
    }

    fn f(name: &str, ty: &str) -> Field {
        Field::new(name, Type::parse_canonical(ty).unwrap())
    }

    #[test]
    fn the_rule() {
        let token = [f("page_token", "string")];
        let paged = [
            f("has_more", "boolean"),
            f("page_token", "string"),
            f("users", "array<object>"),
        ];
        assert_eq!(plan(&api(&[], &[], &paged)), Plan::NotListed);
        assert_eq!(
            plan(&api(&token, &[], &paged)),
            Plan::Paged {
                token: TokenIn::Query,
                items: "users".into()
            }
        );
        assert_eq!(
            plan(&api(&[], &token, &paged)),
            Plan::Paged {
                token: TokenIn::Body,
                items: "users".into()
            }
        );
        let mut two = paged.to_vec();
        two.push(f("groups", "array<string>"));
        assert_eq!(
            plan(&api(&token, &[], &two)),
            Plan::Skipped("several array fields (`users`, `groups`) and none is `items`".into())
        );
        two.push(f("items", "array<object>"));
        assert_eq!(
            plan(&api(&token, &[], &two)),
            Plan::Paged {
                token: TokenIn::Query,
                items: "items".into()
            }
        );
        let int_more = [
            f("has_more", "integer"),
            f("page_token", "string"),
            f("items", "array<object>"),
        ];
        assert_eq!(
            plan(&api(&token, &[], &int_more)),
            Plan::Skipped("`has_more` is typed integer".into())
        );
        let no_token = [f("has_more", "boolean"), f("items", "array<object>")];
        assert_eq!(
            plan(&api(&token, &[], &no_token)),
            Plan::Skipped("the response has no `page_token`".into())
        );
        let object = [
            f("has_more", "boolean"),
            f("page_token", "string"),
            f("users", "object"),
        ];
        assert_eq!(
            plan(&api(&token, &[], &object)),
            Plan::Skipped("the response has no array field".into())
        );
    }

    #[test]
    fn a_paged_api_whose_impl_cannot_be_written_is_an_error() {
        let response = [
            f("has_more", "boolean"),
            f("page_token", "string"),
            f("items", "array<string>"),
        ];
        let mut token = f("page_token", "integer");
        let ok = crate::emit::emit(&[api(&[token.clone()], &[], &response)]).unwrap();
        assert!(ok
            .iter()
            .any(|f| f.tokens.to_string().contains("Paginated")));
        // A required integer token: the planner pages the API, the impl cannot set it.
        token.required = Some(true);
        let err = crate::emit::emit(&[api(&[token], &[], &response)]).unwrap_err();
        assert_eq!(err.source, "svc/v1/res/list.md");
        assert_eq!(
            err.message,
            "the API is paginated, but its required request `page_token` is no string"
        );
    }

    /// Every API of `specs/` that takes a `page_token` but is not paginated, with the
    /// reason, is listed in `codegen/tests/fixtures/pagination-skipped.txt`; the list is
    /// exact (`PAGINATION_PRINT=1` prints the current one).
    #[test]
    fn skipped_apis_are_listed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let apis = crate::generate::read_specs(
            &root.join("../specs"),
            &crate::generate::Options {
                services: None,
                threads: 0,
            },
        )
        .unwrap();
        let mut paged = 0;
        let mut skipped = String::new();
        for a in &apis {
            match plan(a) {
                Plan::Paged { .. } => paged += 1,
                Plan::Skipped(why) => skipped.push_str(&format!("{}: {why}\n", a.id)),
                Plan::NotListed => {}
            }
        }
        if std::env::var_os("PAGINATION_PRINT").is_some() {
            println!("{paged} paginated\n{skipped}");
        }
        let listed =
            std::fs::read_to_string(root.join("tests/fixtures/pagination-skipped.txt")).unwrap();
        let listed: String = listed
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(skipped, listed);
        assert!(paged > 250, "{paged} paginated APIs");
    }
}
