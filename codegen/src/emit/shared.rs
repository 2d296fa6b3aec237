//! The type space of one service version: a type that several resource modules of a version
//! use is defined once, in the version's private `shared` module, and each of those modules
//! re-exports it under the name it has there (`pub use super::shared::Sender as
//! MessageSender;`). Every public path stays what the module's own type space named it
//! (see [`super::naming`]); only where the type is defined moves, so a value of
//! `im::v1::message::Sender` is also one of `im::v1::chat::Sender`, and the crate compiles
//! the type once.
//!
//! A type is shared when, in two or more modules of the version, it is the same type:
//! - the same identity key (documented type name and shape, anonymous shape, or enum field
//!   name and values), where an anonymous shape counts as the documented named type of the
//!   version with that shape (the module's own one first);
//! - with the same variant names (an integer enum's names come from each module's
//!   descriptions and name map, so two modules may name `1` differently: then it stays in
//!   each module);
//! - holding types that are shared the same way in each module.
//!
//! The names in `shared` are internal (the module is private): the shortest unique suffix of
//! the type's paths over the version.
use super::enums::enum_variants;
use super::key::{unique_values, NamedShapes, TypeKey};
use super::naming::{Claim, Collector, NameMap, TypeSpace};
use super::plan::{ModuleTypes, Root, SharedTypes};
use crate::ir::Type;
use std::collections::{BTreeMap, BTreeSet};

/// The module identifier for the shared module among `taken` (the version's resource
/// modules).
fn module_name(taken: &BTreeSet<&str>) -> String {
    let mut name = "shared".to_owned();
    while taken.contains(name.as_str()) {
        name.push('_');
    }
    name
}

/// What must agree between the modules for a type to be shared: the resolved keys of the
/// types its fields hold, and (for an enum) its variant names by value.
type Signature = (BTreeSet<TypeKey>, Vec<(String, String)>);

/// Module key → the version-wide key it resolves to, per module: an anonymous shape counts
/// as the version's documented named type of that shape (the module's own one first).
fn resolve_keys(modules: &[&mut ModuleTypes]) -> Vec<BTreeMap<TypeKey, TypeKey>> {
    let named = NamedShapes::new(modules.iter().flat_map(|m| m.collector.claims().keys()));
    let resolve = |m: &ModuleTypes, k: &TypeKey| -> TypeKey {
        let r = m.space.resolve(k);
        if r != k {
            return r.clone();
        }
        named.named(k).unwrap_or(k).clone()
    };
    modules
        .iter()
        .map(|m| {
            m.collector
                .claims()
                .keys()
                .map(|k| (k.clone(), resolve(m, k)))
                .collect()
        })
        .collect()
}

/// The types of a version's modules by resolved key.
struct VersionTypes<'m> {
    modules: &'m [&'m mut ModuleTypes],
    /// Per module: module key → resolved key.
    resolved: &'m [BTreeMap<TypeKey, TypeKey>],
    /// Each resolved key's signature (`None` once two modules disagree).
    signature: BTreeMap<TypeKey, Option<Signature>>,
    /// Each resolved key's occurrences: `(module, module key, claim)`, in module order.
    members: BTreeMap<TypeKey, Vec<(usize, &'m TypeKey, &'m Claim)>>,
}

impl<'m> VersionTypes<'m> {
    fn new(
        modules: &'m [&'m mut ModuleTypes],
        resolved: &'m [BTreeMap<TypeKey, TypeKey>],
        map: &NameMap,
    ) -> Self {
        let mut signature: BTreeMap<TypeKey, Option<Signature>> = BTreeMap::new();
        let mut members: BTreeMap<TypeKey, Vec<(usize, &TypeKey, &Claim)>> = BTreeMap::new();
        for (i, (m, res)) in modules.iter().zip(resolved).enumerate() {
            for (k, claim) in m.collector.claims() {
                // Every key a module's claims hold or name is resolved (`resolve_keys`).
                let resolve = |c: &TypeKey| res.get(c).unwrap_or(c).clone();
                let r = resolve(k);
                let children = k.children().values().map(resolve).collect();
                let variants = variants(k, claim, m.space.record_key(k).unwrap_or(""), map);
                let sig = Some((children, variants));
                members.entry(r.clone()).or_default().push((i, k, claim));
                signature
                    .entry(r)
                    .and_modify(|s| {
                        if *s != sig {
                            *s = None;
                        }
                    })
                    .or_insert(sig);
            }
        }
        VersionTypes {
            modules,
            resolved,
            signature,
            members,
        }
    }

    /// The resolved keys used by two modules or more, with one signature.
    fn candidates(&self) -> BTreeSet<TypeKey> {
        self.members
            .iter()
            .filter(|(r, ms)| {
                let in_modules: BTreeSet<usize> = ms.iter().map(|(i, _, _)| *i).collect();
                in_modules.len() > 1 && self.signature.get(*r).is_some_and(Option::is_some)
            })
            .map(|(r, _)| r.clone())
            .collect()
    }

    /// The representative of a resolved key: its own claim in the first module that has one
    /// (the emitter's first occurrence there), with that module's resolved keys and space.
    #[allow(clippy::type_complexity)]
    fn representative(
        &self,
        r: &TypeKey,
    ) -> Option<(
        usize,
        &'m Claim,
        &'m BTreeMap<TypeKey, TypeKey>,
        &'m TypeSpace,
    )> {
        let (i, _, claim) = self.members.get(r)?.iter().find(|(_, k, _)| *k == r)?;
        let modules: &'m [&'m mut ModuleTypes] = self.modules;
        let (m, res) = (modules.get(*i)?, self.resolved.get(*i)?);
        Some((*i, *claim, res, &m.space))
    }

    /// The types among `shared` that hold an unshared type.
    fn holding_unshared(&self, shared: &BTreeSet<TypeKey>) -> BTreeSet<TypeKey> {
        shared
            .iter()
            .filter(|r| {
                self.signature
                    .get(*r)
                    .and_then(Option::as_ref)
                    .is_none_or(|(children, _)| children.iter().any(|c| !shared.contains(c)))
            })
            .cloned()
            .collect()
    }

    /// The module keys the fields of `shared`'s types use → the type each names in the shared
    /// module, and the shared types whose module keys name two types (or that have no
    /// representative).
    #[allow(clippy::type_complexity)]
    fn aliases(
        &self,
        shared: &BTreeSet<TypeKey>,
    ) -> (BTreeMap<TypeKey, TypeKey>, BTreeSet<TypeKey>) {
        let mut aliases: BTreeMap<TypeKey, TypeKey> = BTreeMap::new();
        let mut ambiguous: BTreeSet<TypeKey> = BTreeSet::new();
        let mut users: BTreeMap<TypeKey, BTreeSet<TypeKey>> = BTreeMap::new();
        for r in shared {
            let Some((_, _, res, _)) = self.representative(r) else {
                ambiguous.insert(r.clone());
                continue;
            };
            for c in r.children().into_values() {
                let target = res.get(&c).unwrap_or(&c).clone();
                let of_c = users.entry(c.clone()).or_default();
                of_c.insert(r.clone());
                match aliases.get(&c) {
                    Some(t) if *t != target => ambiguous.extend(of_c.iter().cloned()),
                    _ => {
                        aliases.insert(c, target);
                    }
                }
            }
        }
        (aliases, ambiguous)
    }

    /// The shared types: a shared type holds shared types only, and the module keys its
    /// fields use must name one type each in the shared module; what breaks either is
    /// dropped until nothing does. Also returns the aliases of the result.
    fn settle(&self) -> (BTreeSet<TypeKey>, BTreeMap<TypeKey, TypeKey>) {
        let mut shared = self.candidates();
        loop {
            let held_unshared = self.holding_unshared(&shared);
            let (aliases, ambiguous) = self.aliases(&shared);
            if held_unshared.is_empty() && ambiguous.is_empty() {
                return (shared, aliases);
            }
            for r in held_unshared.iter().chain(&ambiguous) {
                shared.remove(r);
            }
        }
    }

    /// Internal names: the shortest unique suffix of the type's paths over the version.
    fn internal_names(&self, shared: &BTreeSet<TypeKey>) -> TypeSpace {
        let mut merged: BTreeMap<TypeKey, Claim> = BTreeMap::new();
        for r in shared {
            let Some((i, first, _, _)) = self.representative(r) else {
                continue;
            };
            let mut claim = first.clone();
            for (j, k, other) in self.members.get(r).into_iter().flatten() {
                if (*j, *k) != (i, r) {
                    claim.absorb(other);
                }
            }
            merged.insert(r.clone(), claim);
        }
        Collector::of(merged).assign(&BTreeSet::new(), &NameMap::new())
    }

    /// The shared module's space, roots and fingerprint for `shared` and its `aliases`.
    fn plan(
        &self,
        shared: &BTreeSet<TypeKey>,
        aliases: &BTreeMap<TypeKey, TypeKey>,
        map: &NameMap,
    ) -> (TypeSpace, BTreeMap<String, Root>, String) {
        let named = self.internal_names(shared);
        let mut space = TypeSpace::default();
        let mut roots = BTreeMap::new();
        let mut fingerprint = String::new();
        for r in shared {
            let (Some((_, claim, _, module_space)), Some(name)) =
                (self.representative(r), named.name(r))
            else {
                continue;
            };
            // Variant names are looked up under the representative's record key, which the
            // modules agree on (see `variants`).
            let record = module_space.record_key(r).unwrap_or("").to_owned();
            space.insert(r.clone(), name.to_owned(), record.clone());
            if let Some((f, response)) = claim.first() {
                fingerprint.push_str(&format!(
                    "{r:?}\u{1f}{name}\u{1f}{record}\u{1f}{response}\u{1f}{}\u{1f}{:?}\u{1e}",
                    serde_json::to_string(f).unwrap_or_default(),
                    variants(r, claim, &record, map),
                ));
                roots.insert(name.to_owned(), (r.clone(), f.clone(), response));
            }
        }
        for (alias, target) in aliases {
            if !shared.contains(alias) {
                if let Some(name) = space.name(target).map(str::to_owned) {
                    space.insert(alias.clone(), name.clone(), String::new());
                    fingerprint.push_str(&format!("{alias:?}\u{1f}{name}\u{1e}"));
                }
            }
        }
        (space, roots, fingerprint)
    }
}

/// Plans the shared module of a version whose resource modules (identifiers `idents`, in
/// path order) have the types `modules`, marking the shared types in each module's space.
/// `None` when no type is used by two modules.
pub(super) fn share(
    idents: &[&str],
    modules: &mut [&mut ModuleTypes],
    map: &NameMap,
) -> Option<SharedTypes> {
    if modules.len() < 2 {
        return None;
    }
    let resolved = resolve_keys(modules);
    let (shared, space, roots, fingerprint) = {
        let types = VersionTypes::new(modules, &resolved, map);
        let (shared, aliases) = types.settle();
        if shared.is_empty() {
            return None;
        }
        let (space, roots, fingerprint) = types.plan(&shared, &aliases, map);
        (shared, space, roots, fingerprint)
    };
    let taken: BTreeSet<&str> = idents.iter().copied().collect();
    let module = module_name(&taken);
    for (m, res) in modules.iter_mut().zip(&resolved) {
        for (k, r) in res {
            if let Some(name) = shared.contains(r).then(|| space.name(r)).flatten() {
                m.space.share(k, name);
            }
        }
        m.space.set_shared_module(&module);
    }
    Some(SharedTypes {
        module,
        space,
        roots,
        fingerprint,
    })
}

/// An enum's `(variant, value)` names as a module would give them: from the values, else
/// the name map under the module's record key `record`, else the descriptions of its first
/// occurrence. Empty for an object type.
fn variants(key: &TypeKey, claim: &Claim, record: &str, map: &NameMap) -> Vec<(String, String)> {
    let Some((f, _)) = claim.first() else {
        return Vec::new();
    };
    if !key.is_enum() {
        return Vec::new();
    }
    let values = unique_values(f.enum_values.as_deref().unwrap_or(&[]));
    let int = matches!(f.ty.leaf(), Type::Integer);
    enum_variants(&values, int, map, record)
        .map(|(vs, _)| vs.into_iter().map(|(v, value, _)| (v, value)).collect())
        .unwrap_or_default()
}
