//! Field and type resolution: IR fields → resolved Rust fields and types; object fields
//! become nested structs, shared by shape within the resource module.
use super::docs::{code_span, Docs};
use super::enums::unique_values;
use super::items::{doc_or_name, struct_tokens};
use super::resource::Resource;
use crate::ir::{Field, Type};
use crate::sanitize::{field_ident, ident, type_ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// A resolved Rust type.
#[derive(Debug, Clone)]
pub(super) struct TypeRef {
    pub(super) tokens: TokenStream,
    /// Whether the type implements `Default`.
    pub(super) default_ok: bool,
    /// Whether it is `String` (constructors take `impl Into<String>`).
    pub(super) is_string: bool,
    /// Whether the leaf is a file (multipart file part).
    pub(super) is_file: bool,
    /// Whether the leaf is a generated open enum.
    pub(super) is_enum: bool,
}

impl TypeRef {
    pub(super) fn new(tokens: TokenStream, default_ok: bool) -> Self {
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
pub(super) struct FieldDef {
    pub(super) wire: String,
    pub(super) ident: String,
    pub(super) ty: TypeRef,
    pub(super) optional: bool,
    pub(super) docs: Docs,
}

pub(super) type Shape = Vec<(String, String, bool)>;

fn shape_of(fields: &[FieldDef]) -> Shape {
    fields
        .iter()
        .map(|f| (f.wire.clone(), f.ty.tokens.to_string(), f.optional))
        .collect()
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
    pub(super) fn fields(
        &mut self,
        children: &[Field],
        parent: &str,
        response: bool,
    ) -> Vec<FieldDef> {
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

    /// Like [`Resource::fields`] with a shared namer (request struct fields).
    pub(super) fn fields_with(
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
