//! The items of one resource module: per API a request, a request body, a response, an error
//! enum and the `Endpoint` impl, plus the nested structs and enums they share.
//!
//! Naming rules:
//! - API items: `<Method><Resource>` + `Request` / `RequestBody` / `Response` / `Error`
//!   (`vc/v1/meeting/end` → `EndMeetingRequest`), claimed before any nested type.
//! - Nested structs: the doc's type name when it gives one (`offer_basic_info` →
//!   `OfferBasicInfo`), otherwise `<Parent><Field>` (`CreateOfferRequestBodyBasicInfo`).
//!   Named types with the same name and shape are shared; a different shape under a taken
//!   name gets a numbered name (`OfferBasicInfo2`). Anonymous structs reuse any existing
//!   struct of identical shape.
//! - Enums: `<Field>` (`UserIdType`), shared when name and values agree, otherwise
//!   `<Parent><Field>`.
//!
//! The shape of a struct is its fields' wire names, Rust types and optionality (docs are
//! taken from the first occurrence, in API id order).

use super::docs::{code_span, Docs};
use super::EmitError;
use crate::ir::{
    AccessToken, Api, BodyKind, EnumValue, ErrorCode, Field, HttpMethod, PathSegment, PathTemplate,
    Type,
};
use crate::sanitize::{field_ident, ident, type_ident, variant_ident, Namer};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// A resolved Rust type.
#[derive(Debug, Clone)]
struct TypeRef {
    tokens: TokenStream,
    /// Whether the type implements `Default`.
    default_ok: bool,
    /// Whether it is `String` (constructors take `impl Into<String>`).
    is_string: bool,
    /// Whether the leaf is a file (multipart file part).
    is_file: bool,
    /// Whether the leaf is a generated open enum.
    is_enum: bool,
}

impl TypeRef {
    fn new(tokens: TokenStream, default_ok: bool) -> Self {
        TypeRef {
            tokens,
            default_ok,
            is_string: false,
            is_file: false,
            is_enum: false,
        }
    }
}

/// One struct field, resolved.
#[derive(Debug, Clone)]
struct FieldDef {
    wire: String,
    ident: String,
    ty: TypeRef,
    optional: bool,
    docs: Docs,
}

type Shape = Vec<(String, String, bool)>;

fn shape_of(fields: &[FieldDef]) -> Shape {
    fields
        .iter()
        .map(|f| (f.wire.clone(), f.ty.tokens.to_string(), f.optional))
        .collect()
}

/// `(is integer, [(value, variant)])`.
type EnumShape = (bool, Vec<(String, String)>);

struct Resource {
    types: Namer,
    /// Nested items (structs and enums) by name.
    nested: BTreeMap<String, TokenStream>,
    /// Whether a named struct derives `Default`.
    struct_default: BTreeMap<String, bool>,
    by_shape: BTreeMap<Shape, String>,
    named: BTreeMap<(String, Shape), String>,
    enums: BTreeMap<(String, EnumShape), String>,
    /// Types that get serde impls (through `Json`), in emission order.
    serde: Vec<String>,
    /// Error enums by their table (code, status, description, advice per row).
    error_tables: BTreeMap<Vec<String>, String>,
}

impl Resource {
    fn new() -> Self {
        Resource {
            types: Namer::camel(),
            nested: BTreeMap::new(),
            struct_default: BTreeMap::new(),
            by_shape: BTreeMap::new(),
            named: BTreeMap::new(),
            enums: BTreeMap::new(),
            serde: Vec::new(),
            error_tables: BTreeMap::new(),
        }
    }
}

/// Names of one API's items.
struct ApiNames {
    request: String,
    body: String,
    response: String,
    error: String,
}

/// The JSON types of one API, for the round-trip test registry.
pub(super) struct JsonTypes {
    pub id: String,
    pub source: String,
    /// The request body struct, when the body is JSON or multipart.
    pub body: Option<String>,
    /// The response `data` struct, when the response is JSON.
    pub response: Option<String>,
}

pub(super) fn emit_resource(apis: &[&Api]) -> Result<(TokenStream, Vec<JsonTypes>), EmitError> {
    let mut r = Resource::new();
    let names: Vec<ApiNames> = apis
        .iter()
        .map(|api| {
            let base = format!(
                "{}{}",
                type_ident(&api.id.method),
                type_ident(&api.id.resource)
            );
            ApiNames {
                request: r.types.fresh(&format!("{base}Request")),
                body: r.types.fresh(&format!("{base}RequestBody")),
                response: r.types.fresh(&format!("{base}Response")),
                error: r.types.fresh(&format!("{base}Error")),
            }
        })
        .collect();
    let mut out = TokenStream::new();
    let mut json_types = Vec::new();
    for (api, names) in apis.iter().zip(&names) {
        out.extend(r.emit_api(api, names)?);
        json_types.push(JsonTypes {
            id: api.id.to_string(),
            source: api.source.clone(),
            body: matches!(api.request_body.kind, BodyKind::Json | BodyKind::Multipart)
                .then(|| names.body.clone()),
            response: (api.response_body.kind != BodyKind::Binary).then(|| names.response.clone()),
        });
    }
    for item in r.nested.values() {
        out.extend(item.clone());
    }
    // serde's traits for every JSON type of the module, through `Json`.
    if !r.serde.is_empty() {
        let names = r.serde.iter().map(|n| ident(n));
        out.extend(quote! { crate::__serde_via_json!(#(#names)*); });
    }
    Ok((out, json_types))
}

fn field_docs(f: &Field) -> Docs {
    let mut d = Docs::new();
    d.para(&f.description);
    if let Some(e) = &f.example {
        if !e.trim().is_empty() {
            d.raw_para(&format!("Example: {}", code_span(e.trim())));
        }
    }
    if let Some(v) = &f.default {
        if !v.trim().is_empty() {
            d.raw_para(&format!("Default: {}", code_span(v.trim())));
        }
    }
    for c in &f.constraints {
        d.para(c);
    }
    if f.inferred.is_some() {
        d.raw_para("Shape inferred from the page's JSON example; fields the example leaves out are missing.");
    }
    d
}

fn doc_or_name(d: Docs, fallback: &str) -> TokenStream {
    if d.is_empty() && !fallback.is_empty() {
        let mut d = Docs::new();
        d.raw_para(&code_span(fallback));
        d.to_tokens()
    } else {
        d.to_tokens()
    }
}

fn field_tokens(f: &FieldDef) -> TokenStream {
    field_tokens_plain(f)
}

/// Structs with more fields than this compare through their JSON form: a derived
/// `PartialEq` chains one `&&` per field, and thousands of them overflow rustc's stack.
const DERIVED_EQ_MAX_FIELDS: usize = 256;

fn derives(default_ok: bool) -> TokenStream {
    derives_for(default_ok, true)
}

fn derives_for(default_ok: bool, eq: bool) -> TokenStream {
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

fn struct_tokens(
    name: &str,
    docs: TokenStream,
    fields: &[FieldDef],
    default_ok: bool,
) -> TokenStream {
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

/// Enum values as `(value, description)`, deduplicated by value, in documented order.
fn unique_values(values: &[EnumValue]) -> Vec<(&str, &str)> {
    let mut seen = BTreeSet::new();
    values
        .iter()
        .map(|v| (v.value.trim(), v.description.trim()))
        .filter(|(v, _)| !v.is_empty() && seen.insert(*v))
        .collect()
}

/// A readable name from an English description, or `None` when it has non-ASCII text or
/// no words. Uses the first clause, at most eight words.
fn english_name(desc: &str) -> Option<String> {
    let desc = desc.trim();
    if desc.is_empty() || !desc.is_ascii() || !desc.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let clause = desc
        .split([',', '.', ';', ':', '(', '!', '?'])
        .map(str::trim)
        .find(|s| s.chars().any(|c| c.is_ascii_alphabetic()))
        .unwrap_or(desc);
    let words: Vec<&str> = clause
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    let joined = words.join(" ").replace('\'', "");
    let name = variant_ident(&joined);
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(name)
}

/// Whether a value reads as an identifier (`user_id`, `open-id`, `Approved`).
fn readable_value(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_alphabetic())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
}

fn literal_i64(v: i64) -> Literal {
    Literal::i64_unsuffixed(v)
}

fn method_tokens(m: HttpMethod) -> TokenStream {
    match m {
        HttpMethod::Get => quote! { crate::Method::Get },
        HttpMethod::Post => quote! { crate::Method::Post },
        HttpMethod::Put => quote! { crate::Method::Put },
        HttpMethod::Patch => quote! { crate::Method::Patch },
        HttpMethod::Delete => quote! { crate::Method::Delete },
    }
}

impl Resource {
    /// Resolves a field's Rust type (without the optional wrapper).
    fn field_type(&mut self, f: &Field, parent: &str, response: bool) -> TypeRef {
        let leaf = f.ty.leaf().clone();
        let mut leaf_ref = match &leaf {
            Type::String | Type::Integer
                if f.enum_values.as_ref().is_some_and(|v| !v.is_empty()) =>
            {
                self.enum_type(f, parent, &leaf)
                    .unwrap_or_else(|| scalar(&leaf))
            }
            Type::Object if !f.children().is_empty() => self.object_type(f, parent, response),
            t => scalar(t),
        };
        // Wrap arrays and maps, innermost first.
        let mut wrappers = Vec::new();
        let mut t = &f.ty;
        loop {
            match t {
                Type::Array(inner) => {
                    wrappers.push(true);
                    t = inner;
                }
                Type::Map(inner) => {
                    wrappers.push(false);
                    t = inner;
                }
                _ => break,
            }
        }
        for is_array in wrappers.into_iter().rev() {
            let inner = &leaf_ref.tokens;
            let tokens = if is_array {
                quote! { ::std::vec::Vec<#inner> }
            } else {
                quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
            };
            leaf_ref = TypeRef {
                tokens,
                default_ok: true,
                is_string: false,
                is_file: leaf_ref.is_file,
                is_enum: leaf_ref.is_enum,
            };
        }
        leaf_ref
    }

    /// Resolves the fields of a struct. Duplicate wire names keep the first row.
    fn fields(&mut self, children: &[Field], parent: &str, response: bool) -> Vec<FieldDef> {
        self.fields_with(children, parent, response, &mut Namer::snake())
    }

    fn object_type(&mut self, f: &Field, parent: &str, response: bool) -> TypeRef {
        let named = f
            .type_name
            .as_deref()
            .filter(|t| t.chars().any(|c| c.is_ascii_alphanumeric()))
            .map(type_ident);
        let candidate = named
            .clone()
            .unwrap_or_else(|| format!("{parent}{}", type_ident(&f.name)));
        let fields = self.fields(f.children(), &candidate, response);
        let shape = shape_of(&fields);
        let existing = match &named {
            Some(n) => self.named.get(&(n.clone(), shape.clone())).cloned(),
            None => self.by_shape.get(&shape).cloned(),
        };
        let name = match existing {
            Some(n) => n,
            None => {
                let name = self.types.fresh(&candidate);
                let default_ok = fields.iter().all(|f| f.optional || f.ty.default_ok);
                let mut d = Docs::new();
                d.para(&f.description);
                if let Some(t) = &f.type_name {
                    d.raw_para(&format!("Documented type {}.", code_span(t)));
                }
                let docs = doc_or_name(d, &f.name);
                self.nested.insert(
                    name.clone(),
                    struct_tokens(&name, docs, &fields, default_ok),
                );
                self.serde.push(name.clone());
                self.struct_default.insert(name.clone(), default_ok);
                if let Some(n) = &named {
                    self.named.insert((n.clone(), shape.clone()), name.clone());
                }
                self.by_shape.entry(shape).or_insert_with(|| name.clone());
                name
            }
        };
        let default_ok = self.struct_default.get(&name).copied().unwrap_or(false);
        let n = ident(&name);
        TypeRef::new(quote! { #n }, default_ok)
    }

    /// An open enum for a field with documented values; `None` when the values do not fit
    /// the field type (then the plain type is used).
    fn enum_type(&mut self, f: &Field, parent: &str, leaf: &Type) -> Option<TypeRef> {
        let values = unique_values(f.enum_values.as_deref().unwrap_or(&[]));
        let int = matches!(leaf, Type::Integer);
        let ints: Vec<i64> = if int {
            values
                .iter()
                .map(|(v, _)| v.parse::<i64>().ok())
                .collect::<Option<Vec<_>>>()?
        } else {
            Vec::new()
        };
        if values.is_empty() {
            return None;
        }
        let mut vnamer = Namer::camel();
        vnamer.reserve("Unknown");
        let variants: Vec<(String, String, String)> = values
            .iter()
            .map(|(v, d)| {
                let base = if readable_value(v) {
                    variant_ident(v)
                } else if let Some(n) = english_name(d) {
                    n
                } else if let Some(n) = v.strip_prefix('-').filter(|n| !n.is_empty()) {
                    variant_ident(&format!("Neg{n}"))
                } else {
                    variant_ident(v)
                };
                (vnamer.fresh(&base), v.to_string(), d.to_string())
            })
            .collect();
        let shape: EnumShape = (
            int,
            variants
                .iter()
                .map(|(n, v, _)| (v.clone(), n.clone()))
                .collect(),
        );
        let base = type_ident(&f.name);
        let qualified = format!("{parent}{base}");
        let name = if let Some(n) = self.enums.get(&(base.clone(), shape.clone())) {
            n.clone()
        } else if !self.types.is_used(&base) {
            self.types.reserve(&base);
            self.enums.insert((base.clone(), shape), base.clone());
            self.emit_enum(&base, f, int, &variants, &ints);
            base
        } else if let Some(n) = self.enums.get(&(qualified.clone(), shape.clone())) {
            n.clone()
        } else {
            let n = self.types.fresh(&qualified);
            self.enums.insert((qualified, shape), n.clone());
            self.emit_enum(&n, f, int, &variants, &ints);
            n
        };
        let n = ident(&name);
        Some(TypeRef {
            is_enum: true,
            ..TypeRef::new(quote! { #n }, false)
        })
    }

    fn emit_enum(
        &mut self,
        name: &str,
        f: &Field,
        int: bool,
        variants: &[(String, String, String)],
        ints: &[i64],
    ) {
        let n = ident(name);
        let mut d = Docs::new();
        d.para(&f.description);
        d.raw_para(&format!(
            "Values of {} ({}); undocumented values are kept in `Unknown`.",
            code_span(&f.name),
            if int { "integers" } else { "strings" }
        ));
        let docs = d.to_tokens();
        let defs = variants.iter().map(|(v, value, desc)| {
            let mut d = Docs::new();
            d.raw_para(&code_span(value));
            d.para(desc);
            let docs = d.to_tokens();
            let v = ident(v);
            quote! { #docs #v, }
        });
        let (unknown_ty, kind, value_ty) = if int {
            (quote! { i64 }, quote! { int }, quote! { i64 })
        } else {
            (
                quote! { ::std::string::String },
                quote! { str },
                quote! { &'static str },
            )
        };
        let rows: Vec<TokenStream> = variants
            .iter()
            .enumerate()
            .map(|(i, (v, value, _))| {
                let v = ident(v);
                if int {
                    let lit = literal_i64(ints.get(i).copied().unwrap_or_default());
                    quote! { (Self::#v, #lit) }
                } else {
                    let lit = value.as_str();
                    quote! { (Self::#v, #lit) }
                }
            })
            .collect();
        let item = quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Eq)]
            #[non_exhaustive]
            pub enum #n {
                #(#defs)*
                /// A value this version does not know.
                Unknown(#unknown_ty),
            }
            impl #n {
                const VALUES: &'static [(Self, #value_ty)] = &[#(#rows),*];
            }
            crate::__open_enum!(#kind #n);
        };
        self.nested.insert(name.to_owned(), item);
        self.serde.push(name.to_owned());
    }

    fn emit_api(&mut self, api: &Api, names: &ApiNames) -> Result<TokenStream, EmitError> {
        let err = |message: String| EmitError {
            source: api.source.clone(),
            message,
        };
        let http_method = api
            .http_method
            .ok_or_else(|| err("the page gives no HTTP method".to_string()))?;
        let method = method_tokens(http_method);

        // The parser documents every placeholder of the path (adding undocumented ones).
        let mut path_fields: Vec<Field> = api.path_params.clone();
        for f in &mut path_fields {
            f.required = Some(true);
        }

        let mut req_namer = Namer::snake();
        let has_body = api.request_body.kind != BodyKind::None;
        if has_body {
            req_namer.reserve("body");
        }
        let path_defs = self.fields_with(&path_fields, &names.request, false, &mut req_namer);
        let query_defs = self.fields_with(&api.query_params, &names.request, false, &mut req_namer);
        // Authorization and Content-Type are the client's; other documented headers are
        // request fields, sent by `Endpoint::headers`.
        let sent_headers: Vec<Field> = api
            .headers
            .iter()
            .filter(|h| {
                !h.name.eq_ignore_ascii_case("authorization")
                    && !h.name.eq_ignore_ascii_case("content-type")
            })
            .cloned()
            .collect();
        let header_defs = self.fields_with(&sent_headers, &names.request, false, &mut req_namer);

        let mut items = TokenStream::new();

        // Request body.
        let body_kind = api.request_body.kind;
        let body_defs = match body_kind {
            BodyKind::Json | BodyKind::Multipart => {
                let defs = self.fields(&api.request_body.fields, &names.body, false);
                let default_ok = defs.iter().all(|f| f.optional || f.ty.default_ok);
                let mut d = Docs::new();
                d.raw_para(&format!("The request body of [`{}`].", names.request));
                if body_kind == BodyKind::Multipart {
                    d.raw_para("Sent as `multipart/form-data`: file fields become file parts, other fields text parts.");
                }
                items.extend(struct_tokens(&names.body, d.to_tokens(), &defs, default_ok));
                self.serde.push(names.body.clone());
                Some((defs, default_ok))
            }
            _ => None,
        };

        // Request struct.
        let req = ident(&names.request);
        let mut d = Docs::new();
        d.para(&api.title);
        d.para(&api.description);
        d.raw_para(&format!(
            "{} (API {})",
            code_span(&format!("{} {}", http_method, api.path)),
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
        let req_docs = d.to_tokens();
        let mut req_fields: Vec<TokenStream> = path_defs
            .iter()
            .chain(&query_defs)
            .chain(&header_defs)
            .map(field_tokens_plain)
            .collect();
        let body_ty = match body_kind {
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
        let req_default = path_defs
            .iter()
            .chain(&query_defs)
            .chain(&header_defs)
            .all(|f| f.optional || f.ty.default_ok)
            && body_defs.as_ref().is_none_or(|(_, ok)| *ok);
        let derive = derives(req_default);
        items.extend(quote! {
            #req_docs
            #derive
            pub struct #req {
                #(#req_fields)*
            }
        });

        // Constructor and setters.
        let mut params = Vec::new();
        let mut inits = Vec::new();
        let mut setters = Vec::new();
        let mut pnamer = Namer::snake();
        let mut mnamer = Namer::snake();
        for m in ["new", "path", "query", "headers", "body"] {
            mnamer.reserve(m);
        }
        let mut body_inits = Vec::new();
        for (f, in_body) in path_defs
            .iter()
            .chain(&query_defs)
            .chain(&header_defs)
            .map(|f| (f, false))
            .chain(
                body_defs
                    .iter()
                    .flat_map(|(d, _)| d.iter().map(|f| (f, true))),
            )
        {
            let fname = ident(&f.ident);
            let ty = &f.ty.tokens;
            let target = if in_body {
                quote! { self.body.#fname }
            } else {
                quote! { self.#fname }
            };
            let init = if f.optional {
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
                setters.push(quote! {
                    #[doc = #doc]
                    pub fn #setter(mut self, value: #pty) -> Self {
                        #target = ::std::option::Option::Some(#val);
                        self
                    }
                });
                quote! { #fname: ::std::option::Option::None }
            } else {
                let p = ident(&pnamer.fresh(&f.ident));
                if f.ty.is_string {
                    params.push(quote! { #p: impl ::std::convert::Into<::std::string::String> });
                    quote! { #fname: #p.into() }
                } else if p == fname {
                    params.push(quote! { #p: #ty });
                    quote! { #fname }
                } else {
                    params.push(quote! { #p: #ty });
                    quote! { #fname: #p }
                }
            };
            if in_body {
                body_inits.push(init);
            } else {
                inits.push(init);
            }
        }
        match body_kind {
            BodyKind::Json | BodyKind::Multipart => {
                let b = ident(&names.body);
                inits.push(quote! { body: #b { #(#body_inits),* } });
            }
            BodyKind::Binary => {
                params.push(quote! { body: crate::FilePart });
                inits.push(quote! { body });
            }
            BodyKind::None => {}
        }
        let allow = if params.len() > 7 {
            quote! { #[allow(clippy::too_many_arguments)] }
        } else {
            TokenStream::new()
        };
        items.extend(quote! {
            impl #req {
                /// A request with the required parameters; set optional ones with the setters.
                #allow
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits),* }
                }
                #(#setters)*
            }
        });

        // Response.
        let resp = ident(&names.response);
        let response_ty = if api.response_body.kind == BodyKind::Binary {
            let doc = format!(
                " The response of [`{}`]: the downloaded file.",
                names.request
            );
            items.extend(quote! {
                #[doc = #doc]
                pub type #resp = crate::BinaryResponse;
            });
            quote! { #resp }
        } else {
            let defs = self.fields(&api.response_body.fields, &names.response, true);
            let mut d = Docs::new();
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
            quote! { #resp }
        };

        // Errors.
        // APIs of a module often document the very same error table (create/patch pairs):
        // the later ones name the first one's enum through an alias.
        let error = ident(&names.error);
        let table: Vec<String> = api
            .errors
            .iter()
            .map(|e| {
                format!(
                    "{}\u{1f}{:?}\u{1f}{}\u{1f}{}",
                    e.code, e.http_status, e.description, e.advice
                )
            })
            .collect();
        match self.error_tables.get(&table) {
            Some(first) => {
                let target = ident(first);
                let doc = format!(
                    " The documented error codes of [`{}`]: the same table as [`{first}`].",
                    names.request
                );
                items.extend(quote! {
                    #[doc = #doc]
                    pub type #error = #target;
                });
            }
            None => {
                items.extend(error_enum(&names.error, &names.request, &api.errors));
                self.error_tables.insert(table, names.error.clone());
            }
        }

        // Endpoint impl.
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
            Some(
                quote! { const RESPONSE_KIND: crate::ResponseKind = crate::ResponseKind::FlatJson; },
            )
        } else {
            None
        };
        let path_fn = path_fn(&api.path, &path_defs);
        let query_fn = (!query_defs.is_empty()).then(|| {
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
        });
        let headers_fn = (!header_defs.is_empty()).then(|| {
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
        });
        let body_fn = match (body_kind, &body_defs) {
            (BodyKind::Json, _) => Some(quote! {
                #[inline]
                fn body(&self) -> crate::RequestBody {
                    crate::RequestBody::json(&self.body)
                }
            }),
            (BodyKind::Multipart, Some((defs, _))) => {
                let pushes = defs.iter().map(|f| {
                    let name = ident(&f.ident);
                    let wire = f.wire.as_str();
                    if f.ty.is_file {
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
        };
        items.extend(quote! {
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
        });
        Ok(items)
    }

    /// Like [`Resource::fields`] with a shared namer (request struct fields).
    fn fields_with(
        &mut self,
        fields: &[Field],
        parent: &str,
        response: bool,
        namer: &mut Namer,
    ) -> Vec<FieldDef> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for c in fields {
            if !seen.insert(c.name.as_str()) {
                continue;
            }
            let ty = self.field_type(c, parent, response);
            let mut docs = field_docs(c);
            // Documented values that could not become an enum (or reuse one) still belong in
            // the docs.
            let values = unique_values(c.enum_values.as_deref().unwrap_or(&[]));
            if !values.is_empty() && !ty.is_enum {
                let mut list = String::from("Values:");
                for (v, d) in values {
                    list.push_str(&format!("\n- {}: {}", code_span(v), d));
                }
                docs.para(&list);
            }
            out.push(FieldDef {
                wire: c.name.clone(),
                ident: namer.fresh(&field_ident(&c.name)),
                ty,
                optional: response || c.required != Some(true),
                docs,
            });
        }
        out
    }
}

/// A request-struct field (no serde attributes: the request itself is not serialised).
fn field_tokens_plain(f: &FieldDef) -> TokenStream {
    let name = ident(&f.ident);
    let ty = &f.ty.tokens;
    let ty = if f.optional {
        quote! { ::std::option::Option<#ty> }
    } else {
        quote! { #ty }
    };
    let mut d = f.docs.clone();
    if d.is_empty() && !f.wire.is_empty() {
        d.raw_para(&code_span(&f.wire));
    }
    if f.ident.trim_start_matches("r#") != f.wire {
        d.raw_para(&format!("Wire name: {}.", code_span(&f.wire)));
    }
    let docs = d.to_tokens();
    quote! { #docs pub #name: #ty, }
}

fn token_name(t: AccessToken) -> &'static str {
    match t {
        AccessToken::Tenant => "tenant_access_token",
        AccessToken::User => "user_access_token",
        AccessToken::App => "app_access_token",
    }
}

fn scalar(t: &Type) -> TypeRef {
    match t {
        Type::String => TypeRef {
            tokens: quote! { ::std::string::String },
            default_ok: true,
            is_string: true,
            is_file: false,
            is_enum: false,
        },
        Type::Integer => TypeRef::new(quote! { i64 }, true),
        Type::Number => TypeRef::new(quote! { f64 }, true),
        Type::Boolean => TypeRef::new(quote! { bool }, true),
        Type::File => TypeRef {
            tokens: quote! { crate::FilePart },
            default_ok: true,
            is_string: false,
            is_file: true,
            is_enum: false,
        },
        Type::Object | Type::Any | Type::Array(_) | Type::Map(_) => {
            TypeRef::new(quote! { ::serde_json::Value }, true)
        }
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
                // A plain (non-raw) local name, usable inside the format string.
                let base = match f.ident.strip_prefix("r#") {
                    Some(kw) => format!("{kw}_"),
                    None => f.ident.clone(),
                };
                let local = locals.fresh(&base);
                let local = if local.starts_with("r#") {
                    format!("p{i}")
                } else {
                    local
                };
                fmt.push('{');
                fmt.push_str(&local);
                fmt.push('}');
                let l = ident(&local);
                let name = ident(&f.ident);
                if f.ty.is_string {
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

fn error_enum(name: &str, request: &str, errors: &[ErrorCode]) -> TokenStream {
    let n = ident(name);
    let mut namer = Namer::camel();
    namer.reserve("Unknown");
    let mut seen = BTreeSet::new();
    let mut defs = Vec::new();
    let mut arms = Vec::new();
    for e in errors {
        if !seen.insert(e.code) {
            continue;
        }
        let base = english_name(&e.description)
            .unwrap_or_else(|| format!("Code{}", e.code.unsigned_abs()));
        let v = ident(&namer.fresh(&base));
        let mut d = Docs::new();
        d.para(&e.description);
        if !matches!(e.advice.trim(), "-" | "\\-" | "无") {
            d.para(&e.advice);
        }
        d.raw_para(&match e.http_status {
            Some(s) => format!("Code `{}`, HTTP status `{s}`.", e.code),
            None => format!("Code `{}`.", e.code),
        });
        let docs = d.to_tokens();
        defs.push(quote! { #docs #v, });
        let code = literal_i64(e.code);
        let status = match e.http_status {
            Some(s) => {
                let s = Literal::u16_unsuffixed(s);
                quote! { ::std::option::Option::Some(#s) }
            }
            None => quote! { ::std::option::Option::None },
        };
        let desc = e.description.trim();
        arms.push(quote! { (Self::#v, #code, #status, #desc) });
    }
    let doc = format!(" The documented error codes of [`{request}`].");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #n {
            #(#defs)*
            /// A code this version does not document.
            Unknown(i64),
        }
        impl #n {
            const CODES: &'static [(Self, i64, ::std::option::Option<u16>, &'static str)] = &[#(#arms),*];
        }
        crate::__api_error!(#n);
    }
}
