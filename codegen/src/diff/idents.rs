//! Which public identifiers of the generated crate an API change adds or removes.
//!
//! Each side's IR of the API is emitted on its own through the library's emitter and the
//! public items are collected (types, their public fields and methods, enum variants), named
//! by module path: `vc::v1::meeting::EndMeetingRequest::new`. The new side is emitted with
//! the names the old side was given pinned, as `generate` pins them through the name map
//! (`specs/names.toml`), so a name changes here exactly when regeneration would change it:
//! a wording fix renames nothing, a removed field or type removes its names.

use super::model::{Change, Class, Kind};
use crate::emit::{self, NameMap};
use crate::ir::Api;
use std::collections::BTreeSet;

/// The public identifiers the emitter generates for `api` alone, with the names of `names`
/// winning over derived ones, and the names assigned; empty when it cannot emit it.
pub fn public_identifiers(api: &Api, names: &NameMap) -> (BTreeSet<String>, NameMap) {
    let mut out = BTreeSet::new();
    let Ok((files, assigned)) = emit::emit_with_names(std::slice::from_ref(api), names) else {
        return (out, NameMap::new());
    };
    for file in files {
        // Resource modules are `<service>/<version>/<resource>.rs`; the rest is scaffolding.
        let Some(module) = file.path.strip_suffix(".rs") else {
            continue;
        };
        if module.matches('/').count() != 2 {
            continue;
        }
        let Ok(parsed) = syn::parse2::<syn::File>(file.tokens) else {
            continue;
        };
        let module = module.replace('/', "::");
        for item in &parsed.items {
            collect_item(item, &module, &mut out);
        }
    }
    (out, assigned)
}

fn is_pub(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

fn collect_item(item: &syn::Item, module: &str, out: &mut BTreeSet<String>) {
    match item {
        syn::Item::Struct(s) if is_pub(&s.vis) => {
            let name = format!("{module}::{}", s.ident);
            for f in s.fields.iter().filter(|f| is_pub(&f.vis)) {
                if let Some(id) = &f.ident {
                    out.insert(format!("{name}::{id}"));
                }
            }
            out.insert(name);
        }
        syn::Item::Enum(e) if is_pub(&e.vis) => {
            let name = format!("{module}::{}", e.ident);
            for v in &e.variants {
                out.insert(format!("{name}::{}", v.ident));
            }
            out.insert(name);
        }
        syn::Item::Impl(i) if i.trait_.is_none() => {
            let syn::Type::Path(ty) = &*i.self_ty else {
                return;
            };
            let Some(ty) = ty.path.segments.last() else {
                return;
            };
            for it in &i.items {
                match it {
                    syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                        out.insert(format!("{module}::{}::{}()", ty.ident, f.sig.ident));
                    }
                    syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                        out.insert(format!("{module}::{}::{}", ty.ident, c.ident));
                    }
                    _ => {}
                }
            }
        }
        syn::Item::Type(t) if is_pub(&t.vis) => {
            out.insert(format!("{module}::{}", t.ident));
        }
        syn::Item::Const(c) if is_pub(&c.vis) => {
            out.insert(format!("{module}::{}", c.ident));
        }
        syn::Item::Fn(f) if is_pub(&f.vis) => {
            out.insert(format!("{module}::{}()", f.sig.ident));
        }
        _ => {}
    }
}

/// Identifier changes between two IRs of one API: removed ones are major (code naming them
/// stops compiling), added ones minor.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let (a, pinned) = public_identifiers(old, &NameMap::new());
    let (b, _) = public_identifiers(new, &pinned);
    let mut out: Vec<Change> = a
        .difference(&b)
        .map(|id| Change::new(Kind::IdentifierRemoved, Class::Major, "identifiers").old(id.clone()))
        .collect();
    out.extend(b.difference(&a).map(|id| {
        Change::new(Kind::IdentifierAdded, Class::Minor, "identifiers").new_value(id.clone())
    }));
    out
}
