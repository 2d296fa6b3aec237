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
use super::enums::{makes_enum, unique_values};
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
    names: BTreeMap<String, (String, String)>,
    /// Every occurrence's record key → the identity key of its type, so that each is
    /// recorded with the type's name (see [`TypeSpace::records`]).
    occurrences: BTreeMap<String, String>,
    /// Anonymous shapes that are a documented named type of the module: key → that type's key.
    aliases: BTreeMap<String, String>,
    /// Types defined once in the version's shared module (see [`super::shared`]): identity
    /// key → the name there.
    shared: BTreeMap<String, String>,
    /// The identifier of the version's shared module.
    shared_module: String,
}

impl TypeSpace {
    /// The name assigned to `key`; `None` for a key the collecting pass did not see (a bug).
    pub(super) fn name(&self, key: &str) -> Option<&str> {
        self.names.get(key).map(|(n, _)| n.as_str())
    }

    /// The name in the version's shared module of the type `key`, when it is defined there.
    pub(super) fn shared_name(&self, key: &str) -> Option<&str> {
        self.shared.get(key).map(String::as_str)
    }

    /// The type `key` stands for in this module: itself, or the documented named type whose
    /// shape it has.
    pub(super) fn resolve<'k>(&'k self, key: &'k str) -> &'k str {
        self.aliases.get(key).map_or(key, String::as_str)
    }

    /// Marks the type `key` as defined in the version's shared module under `name`.
    pub(super) fn share(&mut self, key: &str, name: &str) {
        self.shared.insert(key.to_owned(), name.to_owned());
    }

    /// Every `(key, shared name)` of the module's types defined in the shared module.
    pub(super) fn shared(&self) -> &BTreeMap<String, String> {
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
    pub(super) fn insert(&mut self, key: String, name: String, record: String) {
        self.names.insert(key, (name, record));
    }

    /// The record key of the type with identity `key`.
    pub(super) fn record_key(&self, key: &str) -> Option<&str> {
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
/// of its ancestors, record key) where it appears, its first occurrence (in the emitter's
/// order) and the keys of the types its fields hold.
#[derive(Debug, Default, Clone)]
pub(super) struct Claim {
    base: String,
    paths: BTreeSet<(Vec<String>, String)>,
    /// The field and whether it sits in a response.
    first: Option<(Field, bool)>,
    children: BTreeSet<String>,
}

impl Claim {
    /// The first occurrence: the field and whether it sits in a response.
    pub(super) fn first(&self) -> Option<(&Field, bool)> {
        self.first.as_ref().map(|(f, r)| (f, *r))
    }

    /// The identity keys of the types the fields of this type hold.
    pub(super) fn children(&self) -> &BTreeSet<String> {
        &self.children
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
    claims: BTreeMap<String, Claim>,
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
    ) -> BTreeMap<String, String> {
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
    ) -> Option<String> {
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
        let key = object_key_with(f, response, &|c| children.get(&c.name).cloned())?;
        self.claim(&key, base, &at, record, (f, response));
        if let Some(c) = self.claims.get_mut(&key) {
            c.children.extend(children.into_values());
        }
        Some(key)
    }

    fn claim(
        &mut self,
        key: &str,
        base: String,
        path: &[String],
        record: &str,
        at: (&Field, bool),
    ) {
        let claim = self.claims.entry(key.to_owned()).or_default();
        claim.base = base;
        claim.paths.insert((path.to_vec(), record.to_owned()));
        if claim.first.is_none() {
            claim.first = Some((at.0.clone(), at.1));
        }
    }

    /// The collected types by identity key.
    pub(super) fn claims(&self) -> &BTreeMap<String, Claim> {
        &self.claims
    }

    /// A collector of `claims` (types gathered from several modules).
    pub(super) fn of(claims: BTreeMap<String, Claim>) -> Self {
        Collector { claims }
    }

    /// Anonymous shapes that are a documented named type of the module: key → that type's
    /// key.
    fn aliases(&self) -> BTreeMap<String, String> {
        // An anonymous object with the shape of a documented named one is that type.
        let named_by_shape: BTreeMap<&str, &str> = self
            .claims
            .keys()
            .filter_map(|k| {
                let rest = k.strip_prefix("N:")?;
                let (_, shape) = rest.split_once('|')?;
                Some((shape, k.as_str()))
            })
            .rev()
            .collect();
        self.claims
            .keys()
            .filter_map(|k| {
                let named = k.strip_prefix("A:").and_then(|s| named_by_shape.get(s))?;
                Some((k.clone(), (*named).to_owned()))
            })
            .collect()
    }

    /// Assigns every collected type a name that differs from the others and from `reserved`
    /// (the module's API item names): the name `map` gives one of its occurrences, else a
    /// derived one.
    pub(super) fn assign(&self, reserved: &BTreeSet<String>, map: &NameMap) -> TypeSpace {
        let aliases = self.aliases();
        // The occurrences of each named type as an anonymous shape: their mapped names
        // count as the type's own.
        let mut alias_records: BTreeMap<&str, Vec<&String>> = BTreeMap::new();
        for (alias, target) in &aliases {
            if let Some(c) = self.claims.get(alias) {
                let records = alias_records.entry(target.as_str()).or_default();
                records.extend(c.paths.iter().map(|(_, r)| r));
            }
        }
        let mut own: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        let mut records: BTreeMap<&str, String> = BTreeMap::new();
        let mut pinned: BTreeMap<&str, String> = BTreeMap::new();
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
            records.insert(key.as_str(), record);
            // A mapped name of any occurrence (its own, or as an anonymous shape) wins, once
            // per module.
            let occurrences = claim.paths.iter().map(|(_, r)| r);
            let as_shape = alias_records
                .get(key.as_str())
                .into_iter()
                .flatten()
                .copied();
            let mapped = mapped_name(occurrences.chain(as_shape), map, &taken);
            if let Some(n) = mapped {
                taken.insert(n.clone());
                pinned.insert(key.as_str(), n.clone());
                continue;
            }
            let mut segments = path;
            segments.push(claim.base.clone());
            own.insert(key.as_str(), segments);
        }
        let derived = shortest_unique_suffixes(&own, &taken);
        let mut names: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (key, name) in pinned
            .into_iter()
            .map(|(k, n)| (k.to_owned(), n))
            .chain(derived)
        {
            let record = records.get(key.as_str()).cloned().unwrap_or_default();
            names.insert(key, (name, record));
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
fn shortest_unique_suffixes(
    own: &BTreeMap<&str, Vec<String>>,
    reserved: &BTreeSet<String>,
) -> BTreeMap<String, String> {
    let suffix = |segs: &[String], k: usize| -> String {
        segs.iter()
            .skip(segs.len().saturating_sub(k))
            .map(String::as_str)
            .collect()
    };
    // A generic word alone (`Type`, `Status`) says nothing in a module of many types: it
    // takes its parent's name too (`MemberType`).
    let mut k: BTreeMap<&str, usize> = own
        .iter()
        .map(|(key, segs)| {
            let generic = segs.last().is_some_and(|s| GENERIC.contains(&s.as_str()));
            (*key, if generic { 2.min(segs.len()) } else { 1 })
        })
        .collect();
    loop {
        let cands: BTreeMap<&str, String> = own
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
                .map(|(key, c)| (key.to_owned(), namer.fresh(&c)))
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

/// The identity of the struct an object field (with children) becomes: `N:<type name>|<shape>`
/// for a documented named type, `A:<shape>` otherwise. `None` when the field is no such
/// object.
pub(super) fn object_key(f: &Field, response: bool) -> Option<String> {
    object_key_with(f, response, &|c| {
        enum_key(c).or_else(|| object_key(c, response))
    })
}

/// Like [`object_key`], with the keys of the types its fields hold given by `key_of`.
fn object_key_with(
    f: &Field,
    response: bool,
    key_of: &dyn Fn(&Field) -> Option<String>,
) -> Option<String> {
    if !is_object(f) {
        return None;
    }
    let shape = shape_key(f.children(), response, key_of);
    Some(
        match f
            .type_name
            .as_deref()
            .filter(|t| t.chars().any(|c| c.is_ascii_alphanumeric()))
        {
            Some(t) => format!("N:{}|{shape}", type_ident(t)),
            None => format!("A:{shape}"),
        },
    )
}

/// The identity of the open enum a field with documented values becomes (`None` when the
/// values do not make one): its field name, kind and values.
pub(super) fn enum_key(f: &Field) -> Option<String> {
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
    let mut key = format!("E:{}|{}|", type_ident(&f.name), if int { 'i' } else { 's' });
    for (value, _) in values {
        key.push_str(&format!("{}:{value};", value.len()));
    }
    Some(key)
}

/// The shape of a struct's fields: wire names, types (nested types by identity, from
/// `key_of`) and optionality, in order; duplicate wire names keep the first row.
fn shape_key(
    fields: &[Field],
    response: bool,
    key_of: &dyn Fn(&Field) -> Option<String>,
) -> String {
    let mut seen = BTreeSet::new();
    let mut out = String::from("{");
    for f in fields {
        if !seen.insert(f.name.as_str()) {
            continue;
        }
        let optional = response || f.required != Some(true);
        out.push_str(&format!("{}:{}", f.name.len(), f.name));
        out.push_str(&type_key(f, &f.ty, key_of));
        out.push(if optional { '?' } else { '!' });
        out.push(',');
    }
    out.push('}');
    out
}

fn type_key(f: &Field, t: &Type, key_of: &dyn Fn(&Field) -> Option<String>) -> String {
    match t {
        Type::Array(inner) => format!("[{}]", type_key(f, inner, key_of)),
        Type::Map(inner) => format!("<{}>", type_key(f, inner, key_of)),
        _ => match key_of(f) {
            Some(k) => format!("({k})"),
            None => format!("{t:?}"),
        },
    }
}
