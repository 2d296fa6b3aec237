//! The state of rendering one module (a resource module or a version's shared module):
//! the nested items made so far, the names assigned, the public names made, and the
//! lookups every renderer shares (a type's name in the plan, a re-export from the shared
//! module). The renderers (`resource`, `fields`, `enums`) add their items through it.
use super::error::EmitError;
use super::key::TypeKey;
use super::naming::{NameMap, TypeSpace};
use super::outline::Outline;
use crate::ir::Field;
use crate::sanitize::ident;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// An error table's rows: code, HTTP status, description, advice.
pub(super) type ErrorTable = Vec<(i64, Option<u16>, String, String)>;

/// An error enum's variant names by code.
pub(super) type ErrorVariants = Vec<(i64, String)>;

/// The type space of one resource module while it is being emitted.
pub(super) struct Resource<'m> {
    /// Nested items (structs and enums, or their re-exports from the shared module) by name.
    pub(super) nested: BTreeMap<String, TokenStream>,
    /// The names of the nested types, assigned before rendering.
    pub(super) space: &'m TypeSpace,
    /// Types that get serde impls (through `Json`), in emission order.
    pub(super) serde: Vec<String>,
    /// Error enums by their table: the first enum's name and variants.
    pub(super) error_tables: BTreeMap<ErrorTable, (String, ErrorVariants)>,
    /// Names pinned by the checked-in name map.
    pub(super) map: &'m NameMap,
    /// Every `(record key, name)` assigned, for the name map.
    pub(super) records: Vec<(String, String)>,
    /// The page being rendered (for errors), or empty.
    pub(super) source: String,
    /// The public names of the items made so far.
    pub(super) outline: Outline,
}

impl<'m> Resource<'m> {
    pub(super) fn new(space: &'m TypeSpace, map: &'m NameMap) -> Self {
        Resource {
            nested: BTreeMap::new(),
            space,
            serde: Vec::new(),
            error_tables: BTreeMap::new(),
            map,
            records: Vec::new(),
            source: String::new(),
            outline: Outline::default(),
        }
    }

    /// The nested items and their serde impls (through `Json`).
    pub(super) fn nested_items(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for item in self.nested.values() {
            out.extend(item.clone());
        }
        if !self.serde.is_empty() {
            let names = self.serde.iter().map(|n| ident(n));
            out.extend(quote! { crate::__serde_via_json!(#(#names)*); });
        }
        out
    }
}

impl Resource<'_> {
    /// The name the module's type space gives `key`, the type of field `f`: a key the plan
    /// does not name is an error, never a stand-in type.
    pub(super) fn name_of(&self, f: &Field, key: &TypeKey) -> Result<String, EmitError> {
        let name = self.space.name(key).map(str::to_owned);
        name.ok_or_else(|| EmitError {
            source: self.source.clone(),
            message: format!(
                "the type of field `{}` has no name in the module's type space",
                f.name
            ),
        })
    }

    /// `pub use` of the type `key` from the module that defines it (the version's shared
    /// module or a sibling) as `local` (and of its builder, if any); `None` when this module
    /// defines it.
    pub(super) fn reexport(
        &self,
        key: &TypeKey,
        local: &str,
        builder: bool,
    ) -> Option<TokenStream> {
        let (module, shared) = self.space.elsewhere(key)?;
        let module = ident(module);
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
        Some(out)
    }
}
