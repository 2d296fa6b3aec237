//! Item rendering shared by every struct: derives, the `Json` impl, the struct itself.
use super::docs::{code_span, Docs};
use super::outline::Outline;
use super::plan::FieldDef;
use crate::sanitize::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn doc_or_name(d: Docs, fallback: &str) -> TokenStream {
    if d.is_empty() && !fallback.is_empty() {
        let mut d = Docs::new();
        d.raw_para(&code_span(fallback));
        d.to_tokens()
    } else {
        d.to_tokens()
    }
}

/// Structs with more fields than this compare through their JSON form: a derived
/// `PartialEq` chains one `&&` per field, and thousands of them overflow rustc's stack.
const DERIVED_EQ_MAX_FIELDS: usize = 256;

pub(super) fn derives_for(default_ok: bool, eq: bool) -> TokenStream {
    let default = if default_ok {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    let eq = if eq {
        quote! { PartialEq, }
    } else {
        TokenStream::new()
    };
    quote! { #[derive(Debug, Clone, #eq #default)] }
}

/// `impl crate::Json`: one line per field each way. `#[inline]` keeps the code out of the
/// bindings' own build: it is compiled only where a program uses the type.
fn json_impl(name: &str, fields: &[FieldDef]) -> TokenStream {
    let n = ident(name);
    let reads = fields.iter().map(|f| {
        let id = ident(&f.ident);
        let wire = f.wire.as_str();
        quote! { #id: crate::__field(&mut m, #wire)?, }
    });
    let writes = fields.iter().map(|f| {
        let id = ident(&f.ident);
        let wire = f.wire.as_str();
        quote! { crate::__put(&mut m, #wire, &self.#id); }
    });
    let (read_body, write_body) = if fields.is_empty() {
        (
            quote! {
                crate::__object(value)?;
                ::std::result::Result::Ok(Self {})
            },
            quote! { ::serde_json::Value::Object(::serde_json::Map::new()) },
        )
    } else {
        (
            quote! {
                let mut m = crate::__object(value)?;
                ::std::result::Result::Ok(Self { #(#reads)* })
            },
            quote! {
                let mut m = ::serde_json::Map::new();
                #(#writes)*
                ::serde_json::Value::Object(m)
            },
        )
    };
    quote! {
        impl crate::Json for #n {
            #[inline]
            fn from_json(value: ::serde_json::Value) -> ::std::result::Result<Self, crate::JsonError> {
                #read_body
            }
            #[inline]
            fn to_json(&self) -> ::serde_json::Value {
                #write_body
            }
        }
    }
}

pub(super) fn struct_tokens(
    name: &str,
    docs: TokenStream,
    fields: &[FieldDef],
    default_ok: bool,
    outline: &mut Outline,
) -> TokenStream {
    outline.item(name);
    for f in fields {
        outline.member(name, &f.ident);
    }
    let n = ident(name);
    let derived_eq = fields.len() <= DERIVED_EQ_MAX_FIELDS;
    let derive = derives_for(default_ok, derived_eq);
    let json = json_impl(name, fields);
    let eq = (!derived_eq).then(|| {
        quote! {
            impl ::std::cmp::PartialEq for #n {
                fn eq(&self, other: &Self) -> bool {
                    crate::Json::to_json(self) == crate::Json::to_json(other)
                }
            }
        }
    });
    let fields = fields.iter().map(field_tokens);
    quote! {
        #docs
        #derive
        pub struct #n {
            #(#fields)*
        }
        #json
        #eq
    }
}

/// A request-struct field (no serde attributes: the request itself is not serialised).
pub(super) fn field_tokens(f: &FieldDef) -> TokenStream {
    let name = ident(&f.ident);
    let ty = f.ty.tokens();
    let ty = if f.optional {
        quote! { ::std::option::Option<#ty> }
    } else {
        quote! { #ty }
    };
    let mut d = f.docs.clone();
    if d.is_empty() && !f.wire.is_empty() {
        d.raw_para(&code_span(&f.wire));
    }
    if f.ident != f.wire {
        d.raw_para(&format!("Wire name: {}.", code_span(&f.wire)));
    }
    let docs = d.to_tokens();
    quote! { #docs pub #name: #ty, }
}
