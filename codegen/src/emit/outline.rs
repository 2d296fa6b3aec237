//! The public names a resource module's items make, recorded by the renderers where they
//! make each item, so that `diff` lists what a change adds or removes without reading the
//! emitted code back.
use std::collections::BTreeSet;

/// A module's public names, relative to the module: `Type`, `Type::field`, `Type::Variant`,
/// `Type::method()`. Trait impls and re-exports make none.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Outline(BTreeSet<String>);

impl Outline {
    /// A public type (struct, enum or alias).
    pub(super) fn item(&mut self, name: &str) {
        self.0.insert(name.to_owned());
    }

    /// A public field or variant of the type `item`.
    pub(super) fn member(&mut self, item: &str, member: &str) {
        self.0.insert(format!("{item}::{member}"));
    }

    /// A public inherent method of the type `item`.
    pub(super) fn method(&mut self, item: &str, method: &str) {
        self.0.insert(format!("{item}::{method}()"));
    }

    /// The names, each under the module path `module` (`vc::v1::meeting`).
    pub(crate) fn under(&self, module: &str) -> impl Iterator<Item = String> + '_ {
        let module = module.to_owned();
        self.0.iter().map(move |n| format!("{module}::{n}"))
    }
}
