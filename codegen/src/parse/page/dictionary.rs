//! The named object types of one run (`audit_info`, `user_id`, `block`): for each, the
//! fields the run's pages document for it where their nesting is known, so that a page whose
//! converter flattened its tables can tell an object's fields from its siblings.
//!
//! Entries come only from what a page states: a table with nesting markers, or rows of a
//! flattened table that the page's own JSON example places under the object. A flattened
//! page's guesses never teach the dictionary anything. Entries are merged as sets, so the
//! dictionary is the same whatever the order the pages are read in.
//!
//! It also counts, for each name the examples show at a body's root (the request body, the
//! response's `data`: `has_more`, `page_token`), the pages that show it there and those that
//! show it inside an object.

use crate::ir::Field;
use std::collections::{BTreeMap, BTreeSet};

/// Field names by documented type name, learned from the pages of one run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TypeDictionary {
    types: BTreeMap<String, BTreeSet<String>>,
    /// For each name the run's examples show at a body's root (the request body, the
    /// response's `data`): on how many pages, and on how many inside an object.
    roots: BTreeMap<String, (usize, usize)>,
}

impl TypeDictionary {
    /// The dictionary of everything `learned` (in any order).
    pub fn from_learned<'a>(learned: impl IntoIterator<Item = &'a Learned>) -> Self {
        let mut d = TypeDictionary::default();
        let mut inner = Vec::new();
        for l in learned {
            for (ty, fields) in &l.types {
                d.types
                    .entry(ty.clone())
                    .or_default()
                    .extend(fields.iter().cloned());
            }
            for n in &l.roots {
                d.roots.entry(n.clone()).or_default().0 += 1;
            }
            inner.push(&l.inner);
        }
        for names in inner {
            for n in names {
                if let Some(c) = d.roots.get_mut(n) {
                    c.1 += 1;
                }
            }
        }
        d
    }

    /// Whether the run's examples show `name` at a body's root on more pages than inside an
    /// object.
    pub(super) fn at_root(&self, name: &str) -> bool {
        self.roots
            .get(name)
            .is_some_and(|&(root, inner)| root >= 2 && root > inner)
    }

    /// The fields documented for type `name`, if any page documented them.
    pub(super) fn fields(&self, name: &str) -> Option<&BTreeSet<String>> {
        self.types.get(name)
    }

    /// Whether the dictionary knows any of `names`.
    pub fn knows_any(&self, names: &BTreeSet<String>) -> bool {
        names.iter().any(|n| self.types.contains_key(n))
    }

    /// Whether the dictionary would read anything of what `l` reports differently: a type
    /// it wants, or a name it guessed that the run shows only at a body's root.
    pub fn serves(&self, l: &Learned) -> bool {
        self.knows_any(&l.wanted) || l.guessed.iter().any(|n| self.at_root(n))
    }
}

/// The name a field's type has in the dictionary: its documented type name, or `enum` for
/// Feishu's enum objects (`{enum_name, display}`), which are documented as `enum`.
pub(super) fn type_key(f: &Field) -> Option<&str> {
    match &f.type_name {
        Some(t) => Some(t),
        None => {
            let base = f.doc_type.replace('\\', "");
            let base = base.trim_matches('`').trim_end_matches("[]");
            base.eq_ignore_ascii_case("enum").then_some("enum")
        }
    }
}

/// What one page taught the run, and what it would use from it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Learned {
    /// Fields of named types, where the page's nesting is known.
    types: BTreeMap<String, BTreeSet<String>>,
    /// The named types of object rows in the page's flattened tables: the page is read again
    /// with the dictionary when it knows one of them.
    pub wanted: BTreeSet<String>,
    /// Names the page's examples show at a body's root, and inside an object.
    roots: BTreeSet<String>,
    inner: BTreeSet<String>,
    /// Names of flattened rows that nothing placed (read again when the run places one).
    guessed: BTreeSet<String>,
}

impl Learned {
    /// Every named type of an explicitly nested field tree, with its documented fields.
    pub(super) fn learn_tree(&mut self, fields: &[Field]) {
        for f in fields {
            if !f.children().is_empty() {
                self.learn(f, f.children().iter().map(|c| c.name.as_str()));
                self.inner
                    .extend(f.children().iter().map(|c| c.name.clone()));
                self.learn_tree(f.children());
            }
        }
    }

    /// `names` are fields of `f`'s documented type (nothing when it names none).
    pub(super) fn learn<'a>(&mut self, f: &Field, names: impl IntoIterator<Item = &'a str>) {
        if let Some(ty) = type_key(f) {
            let set = self.types.entry(ty.to_string()).or_default();
            set.extend(names.into_iter().map(str::to_string));
        }
    }

    /// Adds what `other` learned.
    pub(super) fn absorb(&mut self, other: Learned) {
        for (ty, fields) in other.types {
            self.types.entry(ty).or_default().extend(fields);
        }
        self.wanted.extend(other.wanted);
        self.roots.extend(other.roots);
        self.inner.extend(other.inner);
        self.guessed.extend(other.guessed);
    }

    /// Where the page's example shows a flattened row: at a body's root, or inside an object.
    pub(super) fn shown(&mut self, name: &str, at_root: bool) {
        let set = if at_root {
            &mut self.roots
        } else {
            &mut self.inner
        };
        set.insert(name.to_string());
    }

    /// A flattened row that nothing placed.
    pub(super) fn guessed(&mut self, name: &str) {
        self.guessed.insert(name.to_string());
    }

    /// A flattened table's rows of a named type.
    pub(super) fn want(&mut self, rows: &[Field]) {
        self.wanted
            .extend(rows.iter().filter_map(type_key).map(str::to_string));
    }
}
