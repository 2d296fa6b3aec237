//! Field and type resolution: IR fields → resolved Rust fields and types; object fields
//! become nested structs, shared by shape within the resource module (and re-exported from
//! the version's shared module where other modules use them too).
use super::construct::{constructor, has_builder, Body, Slot};
use super::docs::{code_span, is_code_list, Docs};
use super::error::EmitError;
use super::items::{doc_or_name, struct_tokens};
use super::key::{unique_values, TypeKey};
use super::outline::Outline;
use super::plan::{FieldDef, FieldKeys, RustType};
use super::state::Resource;
use crate::ir::{Field, Type};
use crate::sanitize::{field_ident, Namer};
use proc_macro2::TokenStream;
use std::collections::BTreeSet;

fn field_docs(f: &Field) -> Docs {
    let mut d = Docs::new();
    d.para(&f.description);
    if let Some(e) = &f.example {
        let e = e.trim();
        if is_code_list(e) {
            d.para(&format!("Example: {e}"));
        } else if !e.is_empty() {
            d.raw_para(&format!("Example: {}", code_span(e)));
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
        let mut t = &f.ty;
        while let Type::Array(inner) = t {
            t = inner;
        }
        if matches!(t, Type::Map(_)) {
            d.raw_para("Shape inferred from the page's JSON example, whose keys here are data, not field names: a map.");
        } else {
            d.raw_para("Shape inferred from the page's JSON example; fields the example leaves out are missing.");
        }
    }
    d
}

impl Resource<'_> {
    /// Resolves a field's Rust type (without the optional wrapper); `key` is the key the
    /// plan gives the type its leaf makes, if any.
    pub(super) fn field_type(
        &mut self,
        f: &Field,
        key: Option<&TypeKey>,
        response: bool,
    ) -> Result<RustType, EmitError> {
        let leaf = match key {
            Some(k) if k.is_enum() => self.enum_type(f, k)?,
            Some(k) => self.object_type(f, k, response)?,
            None => scalar(f.ty.leaf()),
        };
        Ok(wrap(&f.ty, leaf))
    }

    /// Resolves the fields of a struct, whose nested types `keys` gives. Duplicate wire
    /// names keep the first row.
    pub(super) fn fields(
        &mut self,
        children: &[Field],
        keys: &FieldKeys,
        response: bool,
    ) -> Result<Vec<FieldDef>, EmitError> {
        self.fields_with(children, keys, response, &mut Namer::snake())
    }

    /// The struct of an object field (with children): named in the module's type space,
    /// emitted at its first occurrence, or re-exported from the version's shared module.
    fn object_type(
        &mut self,
        f: &Field,
        key: &TypeKey,
        response: bool,
    ) -> Result<RustType, EmitError> {
        let name = self.name_of(f, key)?;
        if !self.nested.contains_key(&name) {
            // The fields first: their types (re-exports too) and names are the module's.
            let fields = self.fields(f.children(), &key.children(), response)?;
            let item = match self.reexport(key, &name, has_builder(&fields)) {
                Some(item) => item,
                None => {
                    self.serde.push(name.clone());
                    struct_item(&name, f, &fields, &mut self.outline)
                }
            };
            self.nested.insert(name.clone(), item);
        }
        Ok(RustType::Named {
            name,
            is_enum: false,
        })
    }

    /// Like [`Resource::fields`] with a shared namer (request struct fields).
    pub(super) fn fields_with(
        &mut self,
        fields: &[Field],
        keys: &FieldKeys,
        response: bool,
        namer: &mut Namer,
    ) -> Result<Vec<FieldDef>, EmitError> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for c in fields {
            if !seen.insert(c.name.as_str()) {
                continue;
            }
            let ty = self.field_type(c, keys.get(&c.name), response)?;
            let mut docs = field_docs(c);
            // Documented values that could not become an enum (or reuse one) still belong in
            // the docs.
            let values = unique_values(c.enum_values.as_deref().unwrap_or(&[]));
            if !values.is_empty() && !ty.is_enum() {
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
        Ok(out)
    }
}

/// A nested struct with its constructor (see [`super::construct`]).
fn struct_item(name: &str, f: &Field, fields: &[FieldDef], outline: &mut Outline) -> TokenStream {
    // `Default` only where every field may be absent: a required field has no meaningful
    // default (constructors take it instead).
    let default_ok = fields.iter().all(|f| f.optional);
    let mut d = Docs::new();
    d.para(&f.description);
    if let Some(t) = &f.type_name {
        d.raw_para(&format!("Documented type {}.", code_span(t)));
    }
    let docs = doc_or_name(d, &f.name);
    let slots: Vec<Slot<'_>> = fields
        .iter()
        .map(|def| Slot {
            def,
            in_body: false,
        })
        .collect();
    let builder = format!("{name}Builder");
    let mut tokens = struct_tokens(name, docs, fields, default_ok, outline);
    tokens.extend(constructor(
        name,
        &builder,
        &slots,
        Body::None,
        false,
        outline,
    ));
    tokens
}

/// The Rust type of a wire type that makes no type of its own.
fn scalar(t: &Type) -> RustType {
    match t {
        Type::String => RustType::String,
        Type::Integer => RustType::I64,
        Type::Number => RustType::F64,
        Type::Boolean => RustType::Bool,
        Type::File => RustType::File,
        Type::Object | Type::Any | Type::Array(_) | Type::Map(_) => RustType::Json,
    }
}

/// `leaf` wrapped in the lists and maps of the wire type `t`.
fn wrap(t: &Type, leaf: RustType) -> RustType {
    match t {
        Type::Array(inner) => RustType::Vec(Box::new(wrap(inner, leaf))),
        Type::Map(inner) => RustType::Map(Box::new(wrap(inner, leaf))),
        _ => leaf,
    }
}
