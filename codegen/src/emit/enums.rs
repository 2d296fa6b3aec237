//! Open enums: field value enums (strings or integers) and error-code enums, with variant
//! names from wire values or from English descriptions.
use super::docs::{code_span, Docs};
use super::error::EmitError;
use super::key::{unique_values, TypeKey};
use super::layout::ApiNames;
use super::naming::NameMap;
use super::outline::Outline;
use super::plan::RustType;
use super::state::{ErrorTable, ErrorVariants, Resource};
use crate::ir::{Api, Field, Type};
use crate::sanitize::{ident, variant_ident, Namer};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// An enum's `(variant, value, description)` rows.
pub(super) type Variants = Vec<(String, String, String)>;

/// The variants of an enum of `values` (`(value, description)`, see [`unique_values`]) and,
/// for an integer enum, the values as integers; `None` when there are no values or an
/// integer enum has a value that is not an integer. A variant not named from its value alone
/// (see [`pinned_by_map`]) takes the name `map` gives `<record>=<value>`, ahead of one
/// derived from its description.
pub(super) fn enum_variants(
    values: &[(&str, &str)],
    int: bool,
    map: &NameMap,
    record: &str,
) -> Option<(Variants, Vec<i64>)> {
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
    let pinned: Vec<Option<&String>> = values
        .iter()
        .map(|(v, _)| {
            pinned_by_map(v, int)
                .then(|| map.get(&format!("{record}={v}")))
                .flatten()
                .filter(|n| vnamer.reserve(n))
        })
        .collect();
    let variants = values
        .iter()
        .zip(pinned)
        .map(|((v, d), pinned)| {
            if let Some(n) = pinned {
                return (n.clone(), v.to_string(), d.to_string());
            }
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
    Some((variants, ints))
}

/// Whether a variant's name is kept in the name map: an integer's or an unreadable
/// string's name comes from its description or its position, which a doc edit can change; a
/// readable string value names its variant by itself.
pub(super) fn pinned_by_map(value: &str, int: bool) -> bool {
    int || !readable_value(value)
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

impl Resource<'_> {
    /// The open enum of a field with documented values, whose key is `key`.
    pub(super) fn enum_type(&mut self, f: &Field, key: &TypeKey) -> Result<RustType, EmitError> {
        let values = unique_values(f.enum_values.as_deref().unwrap_or(&[]));
        let int = matches!(f.ty.leaf(), Type::Integer);
        let name = self.name_of(f, key)?;
        if !self.nested.contains_key(&name) {
            let record = self.space.record_key(key).unwrap_or_default().to_owned();
            let (variants, ints) =
                enum_variants(&values, int, self.map, &record).ok_or_else(|| EmitError {
                    source: self.source.clone(),
                    message: format!("the values of field `{}` make no enum", f.name),
                })?;
            for (variant, value, _) in variants.iter().filter(|(_, v, _)| pinned_by_map(v, int)) {
                self.records
                    .push((format!("{record}={value}"), variant.clone()));
            }
            match self.reexport(key, &name, false) {
                Some(item) => {
                    self.nested.insert(name.clone(), item);
                }
                None => self.emit_enum(&name, f, int, &variants, &ints),
            }
        }
        Ok(RustType::Named {
            name,
            is_enum: true,
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
        self.outline.item(name);
        for (v, _, _) in variants {
            self.outline.member(name, v);
        }
        self.outline.member(name, "Unknown");
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
}

/// The name map's key of the error variant of `code` of the API `id`.
fn error_record(id: &str, code: i64) -> String {
    format!("{id} error {code}")
}

/// The error enum of `api`'s table and its variants. A variant takes the name `map` gives
/// `<api id> error <code>`, else one from the English message, else `Code<n>`.
fn error_enum(
    api: &Api,
    names: &ApiNames,
    map: &NameMap,
    outline: &mut Outline,
) -> (TokenStream, ErrorVariants) {
    let (name, request, errors) = (&names.error, &names.request, &api.errors);
    outline.item(name);
    outline.member(name, "Unknown");
    let n = ident(name);
    let mut namer = Namer::camel();
    namer.reserve("Unknown");
    let id = api.id.to_string();
    let record = |code: i64| error_record(&id, code);
    let mut variants = Vec::new();
    let mut seen = BTreeSet::new();
    let pinned: BTreeMap<i64, String> = errors
        .iter()
        .filter(|e| seen.insert(e.code))
        .filter_map(|e| Some((e.code, map.get(&record(e.code))?.clone())))
        .filter(|(_, n)| namer.reserve(n))
        .collect();
    let mut seen = BTreeSet::new();
    let mut defs = Vec::new();
    let mut arms = Vec::new();
    for e in errors {
        if !seen.insert(e.code) {
            continue;
        }
        let variant = match pinned.get(&e.code) {
            Some(n) => n.clone(),
            None => namer.fresh(
                &english_name(&e.description)
                    .unwrap_or_else(|| format!("Code{}", e.code.unsigned_abs())),
            ),
        };
        outline.member(name, &variant);
        variants.push((e.code, variant.clone()));
        let v = ident(&variant);
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
    let tokens = quote! {
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
    };
    (tokens, variants)
}

impl Resource<'_> {
    /// The API's error enum, or an alias of an earlier API's enum with the very same table.
    pub(super) fn errors(&mut self, api: &Api, names: &ApiNames) -> TokenStream {
        // APIs of a module often document the very same error table (create/patch pairs):
        // the later ones name the first one's enum through an alias.
        let error = ident(&names.error);
        let table: ErrorTable = api
            .errors
            .iter()
            .map(|e| {
                let (description, advice) = (e.description.clone(), e.advice.clone());
                (e.code, e.http_status, description, advice)
            })
            .collect();
        let id = api.id.to_string();
        match self.error_tables.get(&table) {
            Some((first, variants)) => {
                // Kept under this API's keys too, so that a split table keeps its names.
                let records = variants
                    .iter()
                    .map(|(code, v)| (error_record(&id, *code), v.clone()));
                self.records.extend(records);
                self.outline.item(&names.error);
                let target = ident(first);
                let doc = format!(
                    " The documented error codes of [`{}`]: the same table as [`{first}`].",
                    names.request
                );
                quote! {
                    #[doc = #doc]
                    pub type #error = #target;
                }
            }
            None => {
                let (tokens, variants) = error_enum(api, names, self.map, &mut self.outline);
                let records = variants
                    .iter()
                    .map(|(code, v)| (error_record(&id, *code), v.clone()));
                self.records.extend(records);
                self.error_tables
                    .insert(table, (names.error.clone(), variants));
                tokens
            }
        }
    }
}
