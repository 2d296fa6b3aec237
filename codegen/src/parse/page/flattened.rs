//! Nesting that a converter threw away, rebuilt from the page's own JSON example.
//!
//! Some converters flatten nested rows completely: no `└`, no indentation, `data | object`
//! followed by its fields as if they were top-level. When a table has no nesting markers at
//! all, its rows are read again here: a row (typed `object`, a named type, `x[]`, ...) opens
//! a scope when the example shows it as an object (or an array of objects); a row's name
//! that the current object's example does not hold, or that the object already has, closes
//! the scope. Where the
//! example cannot decide (an object row it does not show, a name no open object holds), the
//! row is kept where the flat reading put it, with a warning that says so.

use super::Report;
use crate::codes::Code;
use crate::ir::{Diagnostic, Field, Type};
use crate::parse::blocks::{limits, Pos};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The keys an example value shows for an object: its own, or those of every object in an
/// array (at any array depth).
fn keys_of(v: &Value, out: &mut BTreeSet<String>) -> bool {
    match v {
        Value::Object(m) => {
            out.extend(m.keys().cloned());
            true
        }
        Value::Array(items) => {
            let mut any = false;
            for i in items {
                any |= keys_of(i, out);
            }
            any
        }
        _ => false,
    }
}

/// The example values of key `name` under the objects of `v` (arrays looked through).
fn values_of<'a>(v: &'a Value, name: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(name) {
                out.push(x);
            }
        }
        Value::Array(items) => {
            for i in items {
                values_of(i, name, out);
            }
        }
        _ => {}
    }
}

/// Whether the open scope `s` can take a row named `name`: its example holds the key, and
/// no row of that name sits in it yet (an object has each key once, so a second `name`
/// belongs further out).
fn takes(s: &Scope<'_>, name: &str) -> bool {
    s.keys.contains(name) && !s.field.children().iter().any(|c| c.name == name)
}

struct Scope<'a> {
    field: Field,
    keys: BTreeSet<String>,
    examples: Vec<&'a Value>,
}

/// Rebuilds the tree of a flat table's `rows` from `example` (the object the rows describe:
/// the request body, or with `envelope` the whole response, whose `data` is the payload).
/// Returns `None` when the example shows no nesting among the rows, so the flat reading
/// stands unchanged.
pub(super) fn rebuild(
    rows: &[Field],
    example: &Map<String, Value>,
    envelope: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Field>> {
    // A response table without a `data` row lists the payload's fields beside `code` and
    // `msg`: they are looked up in the example's `data`.
    let payload = match example.get("data") {
        Some(Value::Object(d)) if envelope && !rows.iter().any(|r| r.name == "data") => Some(d),
        _ => None,
    };
    let example = payload.unwrap_or(example);
    let envelope = envelope && payload.is_none();
    // Any nesting starts with a top-level row whose example holds the next row's name;
    // without one the flat reading stands, and nothing is copied.
    let starts = rows.windows(2).any(|w| match w {
        [a, b] => example.get(&a.name).is_some_and(|v| {
            let mut keys = BTreeSet::new();
            keys_of(v, &mut keys) && keys.contains(&b.name)
        }),
        _ => false,
    });
    if !starts {
        return None;
    }
    let mut stack: Vec<Scope<'_>> = Vec::new();
    let mut out: Vec<Field> = Vec::new();
    let mut nested_any = false;
    let mut warnings: Vec<(u32, String)> = Vec::new();
    fn close(stack: &mut Vec<Scope<'_>>, out: &mut Vec<Field>) {
        if let Some(s) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent
                    .field
                    .children
                    .get_or_insert_with(Vec::new)
                    .push(s.field),
                None => out.push(s.field),
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        // A name that no open object's example holds, nor the root's: the example cannot
        // place it. It stays in the outermost open object (the envelope's `data`, or the
        // body itself), with a warning.
        // Of the envelope's own keys only `code`, `msg` and `data` sit beside `data`: other
        // keys an example shows there are the payload's, misplaced.
        let at_root = example.contains_key(&row.name)
            && (!envelope || matches!(row.name.as_str(), "code" | "msg" | "data"));
        let placed = at_root || stack.iter().any(|s| takes(s, &row.name));
        let base = usize::from(envelope && stack.first().is_some_and(|s| s.field.name == "data"));
        if !placed && stack.len() > base {
            let outer = match base {
                0 => "the body".to_string(),
                _ => "`data`".to_string(),
            };
            warnings.push((
                row.line,
                format!(
                    "flattened table: no object of the example holds `{}`; read as a field of {outer}",
                    row.name
                ),
            ));
        }
        while stack.len() > if placed { 0 } else { base }
            && stack.last().is_some_and(|s| !takes(s, &row.name))
        {
            close(&mut stack, &mut out);
        }
        let mut values = Vec::new();
        match stack.last() {
            Some(s) => {
                nested_any = true;
                for v in &s.examples {
                    values_of(v, &row.name, &mut values);
                }
            }
            None => values.extend(example.get(&row.name)),
        }
        let mut field = row.clone();
        field.children = None;
        let mut keys = BTreeSet::new();
        // Every value's keys count (not only the first object's), so no short circuit.
        let mut shown = false;
        for v in &values {
            shown |= keys_of(v, &mut keys);
        }
        let next = rows.get(i + 1);
        // Whatever its documented type (`object`, a named type, `x[]`, `enum` objects), a row
        // the example shows as an object opens a scope; the next rows' names decide.
        if shown && !keys.is_empty() && stack.len() + 1 < limits::MAX_DEPTH {
            stack.push(Scope {
                field,
                keys,
                examples: values,
            });
            continue;
        }
        // An object row the example does not show: its sub-rows, if any, cannot be told
        // from its siblings.
        let open_keys = |n: &str| stack.iter().any(|s| s.keys.contains(n));
        if matches!(field.ty.leaf(), Type::Object)
            && !shown
            && next.is_some_and(|n| !open_keys(&n.name) && !example.contains_key(&n.name))
        {
            warnings.push((
                field.line,
                format!(
                    "flattened table: the example does not show object `{}`, so its sub-fields cannot be told from its siblings; the rows after it are read as its siblings",
                    field.name
                ),
            ));
        }
        match stack.last_mut() {
            Some(s) => s.field.children.get_or_insert_with(Vec::new).push(field),
            None => out.push(field),
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut out);
    }
    if !nested_any {
        return None;
    }
    for (line, msg) in warnings {
        diags.report(Code::FlattenedNesting, Pos::new(line, 1), msg);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, ty: Type, line: u32) -> Field {
        let mut f = Field::new(name, ty);
        f.line = line;
        f
    }

    fn shape(fields: &[Field]) -> String {
        fields
            .iter()
            .map(|f| match f.children.as_deref() {
                Some(c) => format!("{}{{{}}}", f.name, shape(c)),
                None => f.name.clone(),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    fn example(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn the_envelope_and_a_named_type_are_rebuilt_from_the_example() {
        // `data | message | -` followed by the message's fields as if top-level.
        let rows = [
            row("code", Type::Integer, 1),
            row("msg", Type::String, 2),
            row("data", Type::Object, 3),
            row("message", Type::Object, 4),
            row("message_id", Type::String, 5),
            row("chat_id", Type::String, 6),
            row("has_more", Type::Boolean, 7),
        ];
        let ex = example(serde_json::json!({
            "code": 0, "msg": "ok",
            "data": {"message": {"message_id": "om_1", "chat_id": "oc_1"}, "has_more": false}
        }));
        let mut diags = Vec::new();
        let tree = rebuild(&rows, &ex, true, &mut diags).expect("nested");
        assert_eq!(
            shape(&tree),
            "code,msg,data{message{message_id,chat_id},has_more}"
        );
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn what_the_example_cannot_place_is_kept_with_a_warning() {
        let rows = [
            row("items", Type::Array(Box::new(Type::Object)), 1),
            row("id", Type::String, 2),
            row("owner", Type::Object, 3),
            row("owner_name", Type::String, 4),
            row("page_token", Type::String, 5),
        ];
        let ex = example(serde_json::json!({"items": [{"id": "1"}]}));
        let mut diags = Vec::new();
        let tree = rebuild(&rows, &ex, false, &mut diags).expect("nested");
        // `owner` is in no object of the example, so it and the rows after it stay in the
        // body (the outermost object), and its own rows cannot be told from its siblings.
        assert_eq!(shape(&tree), "items{id},owner,owner_name,page_token");
        let msgs: Vec<(u32, &str)> = diags.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            msgs,
            [
                (3, "flattened table: no object of the example holds `owner`; read as a field of the body"),
                (3, "flattened table: the example does not show object `owner`, so its sub-fields cannot be told from its siblings; the rows after it are read as its siblings"),
            ]
        );
    }

    #[test]
    fn a_table_the_example_does_not_nest_stays_flat() {
        let rows = [row("a", Type::String, 1), row("b", Type::Object, 2)];
        let ex = example(serde_json::json!({"a": "x", "b": {"c": 1}}));
        assert!(rebuild(&rows, &ex, false, &mut Vec::new()).is_none());
    }
}
