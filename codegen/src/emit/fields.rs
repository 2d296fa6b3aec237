//! Field and type resolution: IR fields → resolved Rust fields and types; object fields
//! become nested structs, shared by shape within the resource module (and re-exported from
//! the version's shared module where other modules use them too).
use super::construct::{constructor, has_builder, Body, Slot};
use super::docs::{code_span, Docs};
use super::enums::unique_values;
use super::items::{doc_or_name, struct_tokens};
use super::naming::object_key;
use super::resource::Resource;
use crate::ir::{Field, Type};
use crate::sanitize::{field_ident, ident, Namer};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// A resolved Rust type.
#[derive(Debug, Clone)]
pub(super) struct TypeRef {
    pub(super) tokens: TokenStream,
    /// Whether it is `String` (constructors take `impl Into<String>`).
    pub(super) is_string: bool,
    /// Whether the leaf is a file (multipart file part).
    pub(super) is_file: bool,
    /// Whether the leaf is a generated open enum.
    pub(super) is_enum: bool,
    /// The element type when this is a `Vec` (what a paginated API's items are).
    pub(super) element: Option<TokenStream>,
}

impl TypeRef {
    pub(super) fn new(tokens: TokenStream) -> Self {
        TypeRef {
            tokens,
            is_string: false,
            is_file: false,
            is_enum: false,
            element: None,
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

impl Resource<'_> {
    /// Resolves a field's Rust type (without the optional wrapper).
    pub(super) fn field_type(&mut self, f: &Field, response: bool) -> TypeRef {
        let leaf = f.ty.leaf().clone();
        let mut leaf_ref = match &leaf {
            Type::String | Type::Integer
                if f.enum_values.as_ref().is_some_and(|v| !v.is_empty()) =>
            {
                self.enum_type(f, &leaf).unwrap_or_else(|| scalar(&leaf))
            }
            Type::Object if !f.children().is_empty() => self.object_type(f, response),
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
                is_string: false,
                is_file: leaf_ref.is_file,
                is_enum: leaf_ref.is_enum,
                element: is_array.then(|| inner.clone()),
            };
        }
        leaf_ref
    }

    /// Resolves the fields of a struct. Duplicate wire names keep the first row.
    pub(super) fn fields(&mut self, children: &[Field], response: bool) -> Vec<FieldDef> {
        self.fields_with(children, response, &mut Namer::snake())
    }

    /// The struct of an object field (with children): named in the module's type space,
    /// emitted at its first occurrence, or re-exported from the version's shared module.
    fn object_type(&mut self, f: &Field, response: bool) -> TypeRef {
        let Some(key) = object_key(f, response) else {
            return scalar(&Type::Any);
        };
        let Some(name) = self.space.name(&key).map(str::to_owned) else {
            // Not collected (cannot happen: both passes read the same IR); stay valid.
            return scalar(&Type::Any);
        };
        if !self.nested.contains_key(&name) {
            // The fields first: their types (re-exports too) and names are the module's.
            let fields = self.fields(f.children(), response);
            let item = match self.space.shared_name(&key) {
                Some(shared) => self.reexport(shared, &name, has_builder(&fields)),
                None => {
                    self.serde.push(name.clone());
                    struct_item(&name, f, &fields)
                }
            };
            self.nested.insert(name.clone(), item);
        }
        let n = ident(&name);
        TypeRef::new(quote! { #n })
    }

    /// `pub use` of the shared module's `shared` as `local` (and of its builder, if any).
    pub(super) fn reexport(&self, shared: &str, local: &str, builder: bool) -> TokenStream {
        let module = ident(self.space.shared_module());
        let one = |s: &str, l: &str| {
            let s_id = ident(s);
            if s == l {
                quote! { pub use super::#module::#s_id; }
            } else {
                let l_id = ident(l);
                quote! { pub use super::#module::#s_id as #l_id; }
            }
        };
        let mut out = one(shared, local);
        if builder {
            out.extend(one(&format!("{shared}Builder"), &format!("{local}Builder")));
        }
        out
    }

    /// Like [`Resource::fields`] with a shared namer (request struct fields).
    pub(super) fn fields_with(
        &mut self,
        fields: &[Field],
        response: bool,
        namer: &mut Namer,
    ) -> Vec<FieldDef> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for c in fields {
            if !seen.insert(c.name.as_str()) {
                continue;
            }
            let ty = self.field_type(c, response);
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

/// A nested struct with its constructor (see [`super::construct`]).
fn struct_item(name: &str, f: &Field, fields: &[FieldDef]) -> TokenStream {
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
    let mut tokens = struct_tokens(name, docs, fields, default_ok);
    tokens.extend(constructor(name, &builder, &slots, Body::None, false));
    tokens
}

fn scalar(t: &Type) -> TypeRef {
    match t {
        Type::String => TypeRef {
            is_string: true,
            ..TypeRef::new(quote! { ::std::string::String })
        },
        Type::Integer => TypeRef::new(quote! { i64 }),
        Type::Number => TypeRef::new(quote! { f64 }),
        Type::Boolean => TypeRef::new(quote! { bool }),
        Type::File => TypeRef {
            is_file: true,
            ..TypeRef::new(quote! { crate::FilePart })
        },
        Type::Object | Type::Any | Type::Array(_) | Type::Map(_) => {
            TypeRef::new(quote! { ::serde_json::Value })
        }
    }
}
