//! The type space of one resource module, named before anything is rendered.
//!
//! A first pass walks every API of the module and collects each nested type it will need,
//! keyed by identity (an object: the doc's type name, if any, and its shape; an enum: its
//! field name and values), with the field paths where it occurs. Names are then assigned
//! from stable facts only: a type's base name (the doc's type name, else its field name);
//! where several types (or an API item) claim the same name, each takes the shortest suffix
//! of its field path that is unique (`MessageSender`, `ResponseSender`), never a counter. The
//! result does not depend on the order of the APIs or of their fields.
//!
//! The identity of a type is computed from the IR alone (never from names or prose), so the
//! emitting pass finds the same key and the same name for every occurrence.
//!
//! Every occurrence also has a stable *record key*: the API id, the part of the API the field
//! sits in (`path`, `query`, `header`, `body`, `response`) and its wire-name path
//! (`im/v1/message/create response.sender`), the same paths `diff` reports. A [`NameMap`] (checked in as
//! `specs/names.toml`) maps record keys to names; a type with a mapped occurrence takes that
//! name, ahead of any derived one, and every assigned name is recorded under the type's
//! representative key (its shortest path) so the next run finds it again.
use super::key::{
    makes_enum, unique_values, KeyKind, NamedShapes, Shape, ShapeField, ShapeType, TypeKey,
};

use crate::ir::{Field, Type};
use crate::sanitize::{type_ident, Namer};
use std::collections::{BTreeMap, BTreeSet};

/// Public names pinned by record key (see the module docs). Keys of types are
/// `<api id> <path|query|header|body|response>.<wire path>`; of enum variants not named
/// from their value alone (integers, values that are no identifier) the type's key, `=` and
/// the value; of error variants `<api id> error <code>`.
pub type NameMap = BTreeMap<String, String>;

/// The assigned name of every nested type of a module, by identity key, with the record key
/// it is kept under.
#[derive(Debug, Default)]
pub(super) struct TypeSpace {
    names: BTreeMap<TypeKey, (String, String)>,
    /// Every occurrence's record key → the identity key of its type, so that each is
    /// recorded with the type's name (see [`TypeSpace::records`]).
    occurrences: BTreeMap<String, TypeKey>,
    /// Anonymous shapes that are a documented named type of the module: key → that type's key.
    aliases: BTreeMap<TypeKey, TypeKey>,
    /// Types defined once in the version's shared module (see [`super::shared`]): identity
    /// key → the name there.
    shared: BTreeMap<TypeKey, String>,
    /// The identifier of the version's shared module.
    shared_module: String,
    /// Event types defined by another resource module of the version (see
    /// [`super::event::add_types`]): identity key → that module's identifier and name there.
    siblings: BTreeMap<TypeKey, (String, String)>,
}

impl TypeSpace {
    /// The name assigned to `key`; `None` for a key the collecting pass did not see (a bug).
    pub(super) fn name(&self, key: &TypeKey) -> Option<&str> {
        self.names.get(key).map(|(n, _)| n.as_str())
    }

    /// The type `key` stands for in this module: itself, or the documented named type whose
    /// shape it has.
    pub(super) fn resolve<'k>(&'k self, key: &'k TypeKey) -> &'k TypeKey {
        self.aliases.get(key).unwrap_or(key)
    }

    /// Marks the type `key` as defined in the version's shared module under `name`.
    pub(super) fn share(&mut self, key: &TypeKey, name: &str) {
        self.shared.insert(key.clone(), name.to_owned());
    }

    /// Marks the type `key` as defined in the sibling resource module `module` under `name`.
    pub(super) fn adopt(&mut self, key: &TypeKey, module: &str, name: &str) {
        self.siblings
            .insert(key.clone(), (module.to_owned(), name.to_owned()));
    }

    /// Where the type `key` is defined when not in this module: the module's identifier (the
    /// shared module's or a sibling's) and the name there.
    pub(super) fn elsewhere(&self, key: &TypeKey) -> Option<(&str, &str)> {
        match self.shared.get(key) {
            Some(n) => Some((&self.shared_module, n)),
            None => self
                .siblings
                .get(key)
                .map(|(m, n)| (m.as_str(), n.as_str())),
        }
    }

    /// Every `(key, name)` of the types this module defines itself.
    pub(super) fn defined(&self) -> impl Iterator<Item = (&TypeKey, &str)> + '_ {
        self.names.iter().filter_map(|(k, (n, _))| {
            let own = !self.aliases.contains_key(k) && self.elsewhere(k).is_none();
            own.then_some((k, n.as_str()))
        })
    }

    /// Every `(key, module, name)` of the types this module re-exports from a sibling.
    pub(super) fn siblings(&self) -> &BTreeMap<TypeKey, (String, String)> {
        &self.siblings
    }

    /// Every `(key, shared name)` of the module's types defined in the shared module.
    pub(super) fn shared(&self) -> &BTreeMap<TypeKey, String> {
        &self.shared
    }

    /// The identifier of the version's shared module.
    pub(super) fn shared_module(&self) -> &str {
        &self.shared_module
    }

    pub(super) fn set_shared_module(&mut self, module: &str) {
        module.clone_into(&mut self.shared_module);
    }

    /// Names `key` as `name`, kept under `record` (the shared module's space).
    pub(super) fn insert(&mut self, key: TypeKey, name: String, record: String) {
        self.names.insert(key, (name, record));
    }

    /// The record key of the type with identity `key`.
    pub(super) fn record_key(&self, key: &TypeKey) -> Option<&str> {
        self.names.get(key).map(|(_, r)| r.as_str())
    }

    /// Every `(record key, name)` of the module's types: each occurrence of each type, so
    /// that its name stays pinned whichever of the pages it occurs on are there.
    pub(super) fn records(&self) -> impl Iterator<Item = (String, String)> + '_ {
        let representatives = self.names.values().map(|(n, r)| (r.clone(), n.clone()));
        let occurrences = self
            .occurrences
            .iter()
            .filter_map(|(r, k)| Some((r.clone(), self.name(k)?.to_owned())));
        representatives.chain(occurrences)
    }
}

/// A nested type wanted by the module: its base name, the occurrences (type-name segments
/// of its ancestors, record key) where it appears and its first occurrence (in the
/// emitter's order).
#[derive(Debug, Default, Clone)]
pub(super) struct Claim {
    base: String,
    paths: BTreeSet<(Vec<String>, String)>,
    /// The field and whether it sits in a response.
    first: Option<(Field, bool)>,
}

impl Claim {
    /// The first occurrence: the field and whether it sits in a response.
    pub(super) fn first(&self) -> Option<(&Field, bool)> {
        self.first.as_ref().map(|(f, r)| (f, *r))
    }

    /// The record keys of its occurrences.
    pub(super) fn records(&self) -> impl Iterator<Item = &String> {
        self.paths.iter().map(|(_, r)| r)
    }

    /// Adds the occurrences of `other` (the same type, seen in another module).
    pub(super) fn absorb(&mut self, other: &Claim) {
        self.paths.extend(other.paths.iter().cloned());
    }
}

/// Collects the nested types of a module's APIs.
#[derive(Debug, Default)]
pub(super) struct Collector {
    claims: BTreeMap<TypeKey, Claim>,
}

impl Collector {
    /// Records the nested types of `fields` (one struct's fields; duplicate wire names keep
    /// the first row, as the emitter does) under the ancestor segments `path`; `at` is the
    /// record key of the struct (`<api id> body`, `<api id> response`, ... at the top).
    /// Returns the identity keys of the types the fields hold, by wire name.
    pub(super) fn fields(
        &mut self,
        fields: &[Field],
        path: &[String],
        at: &str,
        response: bool,
    ) -> BTreeMap<String, TypeKey> {
        let mut seen = BTreeSet::new();
        let mut keys = BTreeMap::new();
        for f in fields {
            if seen.insert(f.name.as_str()) {
                let record = format!("{at}.{}", f.name);
                if let Some(key) = self.field(f, path, &record, response) {
                    keys.insert(f.name.clone(), key);
                }
            }
        }
        keys
    }

    fn field(
        &mut self,
        f: &Field,
        path: &[String],
        record: &str,
        response: bool,
    ) -> Option<TypeKey> {
        if let Some(key) = enum_key(f) {
            self.claim(&key, type_ident(&f.name), path, record, (f, response));
            return Some(key);
        }
        if !is_object(f) {
            return None;
        }
        let base = object_base(f);
        // A documented type's path names the field too (`ToMailAddress`).
        let field = type_ident(&f.name);
        let mut at = path.to_vec();
        if field != base {
            at.push(field);
        }
        let mut inner = at.clone();
        inner.push(base.clone());
        // The fields' keys first: the object's key is made of them, computed once here
        // rather than again at every level.
        let children = self.fields(f.children(), &inner, record, response);
        let key = object_key(f, response, &|c| children.get(&c.name).cloned())?;
        self.claim(&key, base, &at, record, (f, response));
        Some(key)
    }

    fn claim(
        &mut self,
        key: &TypeKey,
        base: String,
        path: &[String],
        record: &str,
        at: (&Field, bool),
    ) {
        let claim = self.claims.entry(key.clone()).or_default();
        claim.base = base;
        claim.paths.insert((path.to_vec(), record.to_owned()));
        if claim.first.is_none() {
            claim.first = Some((at.0.clone(), at.1));
        }
    }

    /// The collected types by identity key.
    pub(super) fn claims(&self) -> &BTreeMap<TypeKey, Claim> {
        &self.claims
    }

    /// A collector of `claims` (types gathered from several modules).
    pub(super) fn of(claims: BTreeMap<TypeKey, Claim>) -> Self {
        Collector { claims }
    }

    /// Anonymous shapes that are a documented named type of the module: key → that type's
    /// key.
    fn aliases(&self) -> BTreeMap<TypeKey, TypeKey> {
        let named = NamedShapes::new(self.claims.keys());
        self.claims
            .keys()
            .filter_map(|k| Some((k.clone(), named.named(k)?.clone())))
            .collect()
    }

    /// Assigns every collected type a name that differs from the others and from `reserved`
    /// (the module's API item names): the name `map` gives one of its occurrences, else a
    /// derived one.
    pub(super) fn assign(&self, reserved: &BTreeSet<String>, map: &NameMap) -> TypeSpace {
        let aliases = self.aliases();
        // The occurrences of each named type as an anonymous shape: their mapped names
        // count as the type's own.
        let mut alias_records: BTreeMap<&TypeKey, Vec<&String>> = BTreeMap::new();
        for (alias, target) in &aliases {
            if let Some(c) = self.claims.get(alias) {
                let records = alias_records.entry(target).or_default();
                records.extend(c.paths.iter().map(|(_, r)| r));
            }
        }
        let mut own: BTreeMap<&TypeKey, Vec<String>> = BTreeMap::new();
        let mut records: BTreeMap<&TypeKey, String> = BTreeMap::new();
        let mut pinned: BTreeMap<&TypeKey, String> = BTreeMap::new();
        let mut taken: BTreeSet<String> = reserved.clone();
        for (key, claim) in &self.claims {
            if aliases.contains_key(key) {
                continue;
            }
            // The representative occurrence: the shortest path, then the first in order.
            let (path, record) = claim
                .paths
                .iter()
                .min_by(|a, b| a.0.len().cmp(&b.0.len()).then_with(|| a.cmp(b)))
                .cloned()
                .unwrap_or_default();
            records.insert(key, record);
            // A mapped name of any occurrence (its own, or as an anonymous shape) wins, once
            // per module.
            let occurrences = claim.paths.iter().map(|(_, r)| r);
            let as_shape = alias_records.get(key).into_iter().flatten().copied();
            let mapped = mapped_name(occurrences.chain(as_shape), map, &taken);
            if let Some(n) = mapped {
                taken.insert(n.clone());
                pinned.insert(key, n.clone());
                continue;
            }
            let mut segments = path;
            segments.push(claim.base.clone());
            own.insert(key, segments);
        }
        let derived = shortest_unique_suffixes(&own, &taken);
        let mut names: BTreeMap<TypeKey, (String, String)> = BTreeMap::new();
        for (key, name) in pinned.into_iter().chain(derived) {
            let record = records.get(key).cloned().unwrap_or_default();
            names.insert(key.clone(), (name, record));
        }
        let occurrences = self
            .claims
            .iter()
            .flat_map(|(k, c)| c.paths.iter().map(move |(_, r)| (r.clone(), k.clone())))
            .collect();
        let mut space = TypeSpace {
            names,
            occurrences,
            ..TypeSpace::default()
        };
        for (alias, target) in aliases {
            if let Some(n) = space.names.get(&target).cloned() {
                space.names.insert(alias.clone(), n);
                space.aliases.insert(alias, target);
            }
        }
        space
    }
}

/// The name `map` gives a type with occurrences `records`, unless `taken`. Where the
/// occurrences' entries disagree (a maintainer renamed the type on one of its lines, or
/// types that were separate have become one), the name of the fewest entries wins, then the
/// shortest: a rename on one line renames the type, and the other lines follow.
fn mapped_name<'n>(
    records: impl Iterator<Item = &'n String>,
    map: &'n NameMap,
    taken: &BTreeSet<String>,
) -> Option<&'n String> {
    let mut count: BTreeMap<&String, usize> = BTreeMap::new();
    for n in records
        .filter_map(|r| map.get(r))
        .filter(|n| !taken.contains(*n))
    {
        *count.entry(n).or_default() += 1;
    }
    count
        .into_iter()
        .min_by(|(a, ca), (b, cb)| {
            ca.cmp(cb)
                .then_with(|| a.len().cmp(&b.len()))
                .then_with(|| a.cmp(b))
        })
        .map(|(n, _)| n)
}

/// Type names too generic to stand alone.
const GENERIC: [&str; 5] = ["Type", "Status", "Kind", "Mode", "State"];

/// For each key, the concatenation of the fewest trailing segments that no other key (and no
/// reserved name) shares. Keys whose whole paths still collide (distinct types documented at
/// the same path cannot, but concatenations may) fall back to a numbered name in key order.
fn shortest_unique_suffixes<'k>(
    own: &BTreeMap<&'k TypeKey, Vec<String>>,
    reserved: &BTreeSet<String>,
) -> BTreeMap<&'k TypeKey, String> {
    let suffix = |segs: &[String], k: usize| -> String {
        segs.iter()
            .skip(segs.len().saturating_sub(k))
            .map(String::as_str)
            .collect()
    };
    // A generic word alone (`Type`, `Status`) says nothing in a module of many types: it
    // takes its parent's name too (`MemberType`).
    let mut k: BTreeMap<&TypeKey, usize> = own
        .iter()
        .map(|(key, segs)| {
            let generic = segs.last().is_some_and(|s| GENERIC.contains(&s.as_str()));
            (*key, if generic { 2.min(segs.len()) } else { 1 })
        })
        .collect();
    loop {
        let cands: BTreeMap<&TypeKey, String> = own
            .iter()
            .map(|(key, segs)| (*key, suffix(segs, k.get(key).copied().unwrap_or(1))))
            .collect();
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for c in cands.values() {
            *count.entry(c.as_str()).or_default() += 1;
        }
        let mut changed = false;
        for (key, segs) in own {
            let c = cands.get(key).map(String::as_str).unwrap_or("");
            let clash = count.get(c).copied().unwrap_or(0) > 1 || reserved.contains(c);
            if let Some(n) = k.get_mut(key) {
                if clash && *n < segs.len() {
                    *n += 1;
                    changed = true;
                }
            }
        }
        if !changed {
            let mut namer = Namer::camel();
            for r in reserved {
                namer.reserve(r);
            }
            return cands
                .into_iter()
                .map(|(key, c)| (key, namer.fresh(&c)))
                .collect();
        }
    }
}

/// The base name of an object type: the doc's type name, else the field's name.
fn object_base(f: &Field) -> String {
    f.type_name
        .as_deref()
        .filter(|t| t.chars().any(|c| c.is_ascii_alphanumeric()))
        .map(type_ident)
        .unwrap_or_else(|| type_ident(&f.name))
}

/// Whether a field becomes a struct: an object with documented fields.
fn is_object(f: &Field) -> bool {
    matches!(f.ty.leaf(), Type::Object) && !f.children().is_empty()
}

/// The identity of the struct an object field (with children) becomes: the documented type
/// name (if any) and the shape of its fields, with the keys of the types its fields hold
/// given by `key_of`. `None` when the field is no such object.
fn object_key(
    f: &Field,
    response: bool,
    key_of: &dyn Fn(&Field) -> Option<TypeKey>,
) -> Option<TypeKey> {
    if !is_object(f) {
        return None;
    }
    let shape = shape_key(f.children(), response, key_of);
    Some(TypeKey::new(
        match f
            .type_name
            .as_deref()
            .filter(|t| t.chars().any(|c| c.is_ascii_alphanumeric()))
        {
            Some(t) => KeyKind::Named {
                name: type_ident(t),
                shape,
            },
            None => KeyKind::Anonymous(shape),
        },
    ))
}

/// The identity of the open enum a field with documented values becomes (`None` when the
/// values do not make one): its field name, kind and values.
fn enum_key(f: &Field) -> Option<TypeKey> {
    let leaf = f.ty.leaf();
    if !matches!(leaf, Type::String | Type::Integer) {
        return None;
    }
    let values = unique_values(f.enum_values.as_deref().unwrap_or(&[]));
    let int = matches!(leaf, Type::Integer);
    // Values only: variant names that come from descriptions must not split a type.
    if !makes_enum(&values, int) {
        return None;
    }
    Some(TypeKey::new(KeyKind::Enum {
        field: type_ident(&f.name),
        int,
        values: values.into_iter().map(|(v, _)| v.to_owned()).collect(),
    }))
}

/// The shape of a struct's fields: wire names, types (nested types by identity, from
/// `key_of`) and optionality, in order; duplicate wire names keep the first row.
fn shape_key(
    fields: &[Field],
    response: bool,
    key_of: &dyn Fn(&Field) -> Option<TypeKey>,
) -> Shape {
    let mut seen = BTreeSet::new();
    let fields = fields
        .iter()
        .filter(|f| seen.insert(f.name.as_str()))
        .map(|f| ShapeField {
            wire: f.name.clone(),
            ty: type_key(&f.ty, &|| key_of(f)),
            optional: response || f.required != Some(true),
        })
        .collect();
    Shape::new(fields)
}

/// The shape type of a field of wire type `t` whose leaf makes the type `nested` gives.
fn type_key(t: &Type, nested: &dyn Fn() -> Option<TypeKey>) -> ShapeType {
    match t {
        Type::Array(inner) => ShapeType::List(Box::new(type_key(inner, nested))),
        Type::Map(inner) => ShapeType::Map(Box::new(type_key(inner, nested))),
        _ => nested().map_or_else(|| ShapeType::Plain(t.clone()), ShapeType::Nested),
    }
}
