//! Which public identifiers of the generated crate an API change adds or removes.
//!
//! Each side's IR of the API goes on its own through the library's emitter, which records
//! the public names of the items it makes (types, their public fields and methods, enum
//! variants; see `emit::public_names`), named by module path:
//! `vc::v1::meeting::EndMeetingRequest::new()`. Nothing is parsed back. The new side is emitted with
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
    emit::public_names(std::slice::from_ref(api), names).unwrap_or_default()
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
