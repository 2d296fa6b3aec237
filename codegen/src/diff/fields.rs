//! Field trees compared by wire name: added, removed, retyped, required flips, enum values,
//! wording; children recursively, locations written as dotted paths (`body.message.sender.id`).

use super::model::{Change, Class, Kind};
use super::rename;
use crate::ir::{EnumValue, Field};

/// Which way a field travels: it decides what breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Path, query, header and request body fields: users build them.
    Request,
    /// Response fields: users read them.
    Response,
}

fn required(f: &Field) -> bool {
    f.required == Some(true)
}

fn describe(f: &Field) -> String {
    let req = match f.required {
        Some(true) => ", required",
        Some(false) => ", optional",
        None => "",
    };
    format!("{}{req}", f.ty)
}

fn join(prefix: &str, name: &str) -> String {
    format!("{prefix}.{name}")
}

/// Compares two lists of sibling fields under `prefix` (`body`, `query`, `body.message`).
pub fn compare(old: &[Field], new: &[Field], prefix: &str, side: Side, out: &mut Vec<Change>) {
    let mut removed: Vec<&Field> = Vec::new();
    let mut added: Vec<&Field> = Vec::new();
    for o in old {
        match new.iter().find(|n| n.name == o.name) {
            Some(n) => compare_one(o, n, &join(prefix, &o.name), side, out),
            None => removed.push(o),
        }
    }
    for n in new {
        if !old.iter().any(|o| o.name == n.name) {
            added.push(n);
        }
    }
    let (pairs, removed, added) = rename::pair(&removed, &added);
    for (o, n) in pairs {
        out.push(
            Change::new(
                Kind::FieldPossiblyRenamed,
                Class::Major,
                join(prefix, &n.name),
            )
            .old(join(prefix, &o.name))
            .new_value(join(prefix, &n.name))
            .note(format!(
                "`{}` removed and `{}` added, both {}: probably a rename",
                o.name, n.name, o.ty
            )),
        );
    }
    for o in removed {
        out.push(
            Change::new(Kind::FieldRemoved, Class::Major, join(prefix, &o.name)).old(describe(o)),
        );
    }
    for n in added {
        let class = if side == Side::Request && required(n) {
            Class::Major
        } else {
            Class::Minor
        };
        let mut c =
            Change::new(Kind::FieldAdded, class, join(prefix, &n.name)).new_value(describe(n));
        if class == Class::Major {
            c = c.note("a new required request field: callers must set it");
        }
        out.push(c);
    }
}

fn compare_one(o: &Field, n: &Field, loc: &str, side: Side, out: &mut Vec<Change>) {
    if o.ty != n.ty {
        out.push(
            Change::new(Kind::FieldRetyped, Class::Major, loc)
                .old(o.ty.to_string())
                .new_value(n.ty.to_string()),
        );
    }
    if required(o) != required(n) {
        let (class, note) = match (side, required(n)) {
            (Side::Request, true) => (Class::Major, "optional → required: callers must set it"),
            (Side::Request, false) => (
                Class::Major,
                "required → optional: it leaves the request constructor's arguments",
            ),
            (Side::Response, false) => (
                Class::Major,
                "required → optional: readers can no longer rely on it",
            ),
            (Side::Response, true) => (Class::Minor, "optional → required in the response"),
        };
        out.push(
            Change::new(Kind::RequiredChanged, class, loc)
                .old(if required(o) { "required" } else { "optional" })
                .new_value(if required(n) { "required" } else { "optional" })
                .note(note),
        );
    }
    compare_enums(o.enum_values.as_deref(), n.enum_values.as_deref(), loc, out);
    let prose = [
        ("description", &o.description, &n.description),
        ("doc_type", &o.doc_type, &n.doc_type),
    ];
    for (what, a, b) in prose {
        if a != b {
            out.push(
                Change::new(Kind::Prose, Class::Patch, format!("{loc} ({what})"))
                    .old(a.clone())
                    .new_value(b.clone()),
            );
        }
    }
    if o.type_name != n.type_name
        || o.example != n.example
        || o.default != n.default
        || o.constraints != n.constraints
    {
        out.push(Change::new(
            Kind::Prose,
            Class::Patch,
            format!("{loc} (example, default, constraints or type name)"),
        ));
    }
    compare(o.children(), n.children(), loc, side, out);
}

fn compare_enums(
    old: Option<&[EnumValue]>,
    new: Option<&[EnumValue]>,
    loc: &str,
    out: &mut Vec<Change>,
) {
    let (old, new) = (old.unwrap_or(&[]), new.unwrap_or(&[]));
    for o in old {
        match new.iter().find(|n| n.value == o.value) {
            None => out
                .push(Change::new(Kind::EnumValueRemoved, Class::Major, loc).old(o.value.clone())),
            Some(n) if n.description != o.description => out.push(
                Change::new(Kind::Prose, Class::Patch, format!("{loc} = {}", o.value))
                    .old(o.description.clone())
                    .new_value(n.description.clone()),
            ),
            Some(_) => {}
        }
    }
    for n in new {
        if !old.iter().any(|o| o.value == n.value) {
            out.push(
                Change::new(Kind::EnumValueAdded, Class::Minor, loc)
                    .new_value(n.value.clone())
                    .note("the generated enums are open"),
            );
        }
    }
}
