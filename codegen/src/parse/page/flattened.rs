//! Nesting that a converter threw away, rebuilt from the page's own JSON example and from
//! the run's dictionary of named types ([`super::dictionary`]).
//!
//! Some converters flatten nested rows completely: no `└`, no indentation, `data | object`
//! followed by its fields as if they were top-level. A table without nesting markers is read
//! again here when something shows it was flattened: a row followed by one that the example
//! shows inside it, or that the dictionary lists for its type, or the response's `data`
//! followed by rows other than the envelope's. Otherwise the flat reading stands.
//!
//! A row opens an object when the example shows one there (whatever its documented type),
//! when its type is an object type (`object`, a named type, `x[]` of those), when its
//! documented type says nothing (`-`) and the example shows it empty (`[]`, `{}`: it holds
//! something the example leaves out), or when it is the response's `data`. An object the
//! example shows as a map keyed by data (none of its keys is a row of the table, each value
//! an object: `{"<token>": {"token": …}}`) shows its fields in the objects it maps to. Each
//! following row goes by these scope rules:
//! - the innermost open object whose example holds the name takes it; so does the innermost
//!   one whose type the dictionary lists it for, unless the example shows that object and
//!   places the name elsewhere (the example's word wins where it speaks). The objects inside
//!   it are closed. An object has each key once: a second `name` belongs further out;
//! - a name nothing places goes to the root if the example's root holds it (and the root has
//!   no such row yet: a `code` row inside `data` is a field of `data`, not the envelope's);
//! - a name nothing on the page places that the run's examples show at a body's root (the
//!   request body, the response's `data`) on two pages or more, and on more pages than inside
//!   an object, goes to the body's root, with a warning (F064): the trailing `has_more`,
//!   `page_token` of a list its example leaves out;
//! - otherwise it stays in the innermost open object, not at the root, with a warning (F064)
//!   naming that object. An object of a known type that the example does not show has exactly
//!   the fields the dictionary lists, so it is closed first; a map of scalars
//!   (`map<string, string>`) the example shows takes only the keys it shows;
//! - `data | - | -` in a response takes the rows after it (they are the payload, not fields
//!   outside `data`).
//!
//! (The fourth rule of issue 21, a blank line inside a cell continued over lines, is the
//! Markdown reader's: [`crate::parse::markdown`] joins the row across it.)

use super::dictionary::{type_key, Learned, TypeDictionary};
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

/// The example values that show an object's fields: `values` themselves, or where they are
/// maps keyed by data (objects none of whose keys is a name of the table's `rows`, every value
/// itself an object: `{"<token>": {"token": …, "name": …}}`), the objects they map to.
fn through_maps<'a>(values: Vec<&'a Value>, rows: &BTreeSet<&str>) -> Vec<&'a Value> {
    fn objects<'a>(v: &'a Value, out: &mut Vec<&'a Map<String, Value>>) {
        match v {
            Value::Object(m) => out.push(m),
            Value::Array(items) => items.iter().for_each(|i| objects(i, out)),
            _ => {}
        }
    }
    let mut maps = Vec::new();
    values.iter().for_each(|v| objects(v, &mut maps));
    let keyed = !maps.is_empty()
        && maps.iter().all(|m| {
            !m.is_empty()
                && m.iter().all(|(k, v)| {
                    !rows.contains(k.as_str()) && v.as_object().is_some_and(|o| !o.is_empty())
                })
        });
    if keyed {
        maps.iter().flat_map(|m| m.values()).collect()
    } else {
        values
    }
}

/// Whether the object open at `stack[i]` already has a field `name`, closed or still open
/// above it (an object has each key once, so a second `name` belongs further out).
fn has_child(stack: &[Scope<'_>], i: usize, name: &str) -> bool {
    let closed = stack
        .get(i)
        .is_some_and(|s| s.field.children().iter().any(|c| c.name == name));
    closed || stack.get(i + 1).is_some_and(|s| s.field.name == name)
}

/// Whether the example of the object open at `stack[i]` holds `name`, and the object lacks it.
fn takes(stack: &[Scope<'_>], i: usize, name: &str) -> bool {
    stack.get(i).is_some_and(|s| s.keys.contains(name)) && !has_child(stack, i, name)
}

/// Whether the dictionary lists `name` among the fields of the type of the object open at
/// `stack[i]`, and the object lacks it.
fn listed(stack: &[Scope<'_>], i: usize, name: &str) -> bool {
    stack
        .get(i)
        .and_then(|s| s.known)
        .is_some_and(|k| k.contains(name))
        && !has_child(stack, i, name)
}

/// An object row that is open: the rows after it may be its fields.
struct Scope<'a> {
    field: Field,
    /// The keys the example shows for the object.
    keys: BTreeSet<String>,
    examples: Vec<&'a Value>,
    /// The fields the run's dictionary lists for the object's type.
    known: Option<&'a BTreeSet<String>>,
    /// The names the example placed in the object, which the dictionary may learn.
    proven: Vec<String>,
    /// Whether rows nothing places may stay in the object: its documented type is an object
    /// type (an object the example alone shows takes only the names it shows).
    open: bool,
}

/// Whether a row whose documented type says nothing (`-`) has example values that are all
/// empty containers (`[]`, `{}`): the example shows it holds something and leaves it out.
fn untyped_container(ty: &Type, values: &[&Value]) -> bool {
    fn empty(v: &Value) -> bool {
        match v {
            Value::Array(items) => items.iter().all(empty),
            Value::Object(m) => m.is_empty(),
            _ => false,
        }
    }
    matches!(ty.leaf(), Type::Any) && !values.is_empty() && values.iter().all(|v| empty(v))
}

/// Whether values of type `ty` are maps of scalars (or arrays of them), such as
/// `map<string, string>`: their keys are data, not fields.
fn scalar_map(ty: &Type) -> bool {
    match ty {
        Type::Map(v) => !matches!(v.leaf(), Type::Any | Type::Object),
        Type::Array(t) => scalar_map(t),
        _ => false,
    }
}

/// Where a row goes: into the scope at this index of the stack (the rest closed), or at the
/// root; and whether that is a guess.
enum Place {
    Scope(usize, Reading),
    Root(Reading),
}

/// How a placement was decided.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// The example shows the row there.
    Example,
    /// The dictionary lists the row among the fields of the object's type.
    Dictionary,
    /// Nothing places the row: it stays in the innermost open object.
    Guess,
    /// Nothing on the page places the row, and the run's examples show its name at a body's
    /// root (on two pages or more, and more often than inside an object): it goes there.
    RunRoot,
    /// At the root: the example shows it there, or no object is open.
    Top,
}

/// The scope rules for one row named `name` (module docs): the innermost open object whose
/// example holds the name, or whose type the dictionary lists it for, takes it (where the
/// example shows the object, the example's word wins over the dictionary's); closing the
/// objects inside it. A name nothing places goes to the root if the example's root holds
/// it, or to the `body`'s root (the index of `data` in the stack, or the root; `None` when
/// it has the name already) if the run shows it there; else it stays in the innermost open
/// object (that does not have it yet).
fn place(
    stack: &[Scope<'_>],
    name: &str,
    at_root: bool,
    body: Option<Option<usize>>,
    dict: Option<&TypeDictionary>,
) -> Place {
    let shown_elsewhere = at_root || (0..stack.len()).any(|i| takes(stack, i, name));
    for i in (0..stack.len()).rev() {
        if takes(stack, i, name) {
            return Place::Scope(i, Reading::Example);
        }
        let shown = stack.get(i).is_some_and(|s| !s.keys.is_empty());
        if listed(stack, i, name) && !(shown && shown_elsewhere) {
            return Place::Scope(i, Reading::Dictionary);
        }
    }
    if at_root || stack.is_empty() {
        return Place::Root(Reading::Top);
    }
    // A name the run shows only at a body's root (`has_more`, `page_token`) goes there.
    if let Some(body) = body.filter(|_| dict.is_some_and(|d| d.at_root(name))) {
        return match body {
            Some(i) => Place::Scope(i, Reading::RunRoot),
            None => Place::Root(Reading::RunRoot),
        };
    }
    // An object of a known type that the example does not show has the fields the
    // dictionary lists: a name it does not list closes it.
    let closed = |i: usize| {
        stack
            .get(i)
            .is_none_or(|s| !s.open || s.known.is_some() && s.keys.is_empty())
    };
    match (0..stack.len())
        .rev()
        .find(|&i| !has_child(stack, i, name) && !closed(i))
    {
        Some(i) => Place::Scope(i, Reading::Guess),
        None => Place::Root(Reading::Guess),
    }
}

fn close(stack: &mut Vec<Scope<'_>>, out: &mut Vec<Field>, learned: &mut Learned) {
    if let Some(s) = stack.pop() {
        if !s.proven.is_empty() {
            learned.learn(&s.field, s.proven.iter().map(String::as_str));
        }
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

/// Whether the rows show that the table was flattened: a row followed by one that the
/// example shows inside it, or that the dictionary lists for its type (and the example does
/// not show beside it), or the response's `data` followed by rows other than the envelope's.
fn flattened(
    rows: &[Field],
    example: &Map<String, Value>,
    envelope: bool,
    dict: Option<&TypeDictionary>,
) -> bool {
    let names: BTreeSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    rows.windows(2).any(|w| match w {
        [a, b] => {
            let shown = example.get(&a.name).is_some_and(|v| {
                let mut keys = BTreeSet::new();
                let mut any = false;
                for v in through_maps(vec![v], &names) {
                    any |= keys_of(v, &mut keys);
                }
                any && keys.contains(&b.name)
            });
            let listed = || {
                !example.contains_key(&b.name)
                    && type_key(a)
                        .and_then(|t| dict?.fields(t))
                        .is_some_and(|k| k.contains(&b.name))
            };
            let data =
                || envelope && a.name == "data" && !matches!(b.name.as_str(), "code" | "msg");
            shown || listed() || data()
        }
        _ => false,
    })
}

/// Rebuilds the tree of a flat table's `rows` from `example` (the object the rows describe:
/// the request body, or with `envelope` the whole response, whose `data` is the payload) and
/// from the run's `dict`ionary of named types. Returns `None` when nothing shows that the
/// table was flattened, so the flat reading stands unchanged. What the example proves about
/// named types goes to `learned`.
pub(super) fn rebuild(
    rows: &[Field],
    example: &Map<String, Value>,
    envelope: bool,
    dict: Option<&TypeDictionary>,
    learned: &mut Learned,
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
    if !flattened(rows, example, envelope, dict) {
        return None;
    }
    let names: BTreeSet<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    let mut stack: Vec<Scope<'_>> = Vec::new();
    let mut out: Vec<Field> = Vec::new();
    let mut nested_any = false;
    let mut mine = Learned::default();
    let mut warnings: Vec<(u32, String)> = Vec::new();
    for row in rows {
        // Of the envelope's own keys only `code`, `msg` and `data` sit beside `data`: other
        // keys an example shows there are the payload's, misplaced. The root, like any
        // object, has each key once: a second `code` is the payload's.
        let at_root = example.contains_key(&row.name)
            && (!envelope || matches!(row.name.as_str(), "code" | "msg" | "data"))
            && !out.iter().any(|f| f.name == row.name);
        // Where the body's root is (the response's `data` open at the bottom of the stack, or
        // the root), if it has no such row yet.
        let data_open = envelope && stack.first().is_some_and(|s| s.field.name == "data");
        let body = if data_open {
            (!has_child(&stack, 0, &row.name)).then_some(Some(0))
        } else {
            (!envelope && !out.iter().any(|f| f.name == row.name)).then_some(None)
        };
        let placed = place(&stack, &row.name, at_root, body, dict);
        match placed {
            Place::Scope(i, Reading::Example) => mine.shown(&row.name, data_open && i == 0),
            Place::Root(Reading::Top) if !envelope && example.contains_key(&row.name) => {
                mine.shown(&row.name, true)
            }
            Place::Scope(_, Reading::Guess) | Place::Root(Reading::Guess) => {
                mine.guessed(&row.name)
            }
            _ => {}
        }
        let (keep, reading) = match placed {
            Place::Scope(i, r) => (i + 1, r),
            Place::Root(r) => (0, r),
        };
        while stack.len() > keep {
            close(&mut stack, &mut out, &mut mine);
        }
        let within = || match stack.last() {
            Some(s) => format!("`{}`", s.field.name),
            None => "the body".to_string(),
        };
        match reading {
            Reading::Guess => warnings.push((
                row.line,
                format!(
                    "flattened table: no object of the example holds `{}` and no type of the run lists it; read as a field of {}",
                    row.name,
                    within()
                ),
            )),
            Reading::RunRoot => warnings.push((
                row.line,
                format!(
                    "flattened table: no object of the example holds `{}`, which the run's examples show at a body's root more often than inside an object; read as a field of {}",
                    row.name,
                    within()
                ),
            )),
            _ => {}
        }
        let mut values = Vec::new();
        match stack.last_mut() {
            Some(s) => {
                nested_any = true;
                if reading == Reading::Example {
                    s.proven.push(row.name.clone());
                }
                for v in &s.examples {
                    values_of(v, &row.name, &mut values);
                }
            }
            None => values.extend(example.get(&row.name)),
        }
        let values = through_maps(values, &names);
        let mut field = row.clone();
        field.children = None;
        let mut keys = BTreeSet::new();
        // Every value's keys count (not only the first object's), so no short circuit.
        let mut shown = false;
        for v in &values {
            shown |= keys_of(v, &mut keys);
        }
        let known = type_key(&field).and_then(|t| dict?.fields(t));
        // A row opens an object when the example shows one there (whatever its documented
        // type: `object`, a named type, `x[]`, `enum` objects), when its type is an object
        // type, or when it is the response's `data`: the next rows' names decide.
        let opens = shown && !keys.is_empty()
            || untyped_container(&field.ty, &values)
            || known.is_some()
            || matches!(field.ty.leaf(), Type::Object)
            || envelope && stack.is_empty() && field.name == "data";
        if opens && stack.len() + 1 < limits::MAX_DEPTH {
            let open = !scalar_map(&field.ty);
            stack.push(Scope {
                open,
                field,
                keys,
                examples: values,
                known,
                proven: Vec::new(),
            });
            continue;
        }
        match stack.last_mut() {
            Some(s) => s.field.children.get_or_insert_with(Vec::new).push(field),
            None => out.push(field),
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut out, &mut mine);
    }
    if !nested_any {
        return None;
    }
    learned.absorb(mine);
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

    fn read(
        rows: &[Field],
        ex: Value,
        envelope: bool,
        dict: Option<&TypeDictionary>,
    ) -> (Option<String>, Vec<(u32, String)>, Learned) {
        let mut diags = Vec::new();
        let mut learned = Learned::default();
        let tree = rebuild(rows, &example(ex), envelope, dict, &mut learned, &mut diags);
        let msgs = diags.into_iter().map(|d| (d.line, d.message)).collect();
        (tree.map(|t| shape(&t)), msgs, learned)
    }

    fn named(name: &str, ty: &str, line: u32) -> Field {
        let mut f = row(name, Type::Object, line);
        f.type_name = Some(ty.to_string());
        f
    }

    #[test]
    fn the_envelope_and_a_named_type_are_rebuilt_from_the_example() {
        // `data | message | -` followed by the message's fields as if top-level.
        let rows = [
            row("code", Type::Integer, 1),
            row("msg", Type::String, 2),
            row("data", Type::Object, 3),
            named("message", "message", 4),
            row("message_id", Type::String, 5),
            row("chat_id", Type::String, 6),
            row("has_more", Type::Boolean, 7),
        ];
        let ex = serde_json::json!({
            "code": 0, "msg": "ok",
            "data": {"message": {"message_id": "om_1", "chat_id": "oc_1"}, "has_more": false}
        });
        let (tree, diags, learned) = read(&rows, ex, true, None);
        assert_eq!(
            tree.as_deref(),
            Some("code,msg,data{message{message_id,chat_id},has_more}")
        );
        assert!(diags.is_empty(), "{diags:?}");
        // What the example proved about the named type is learned.
        let dict = TypeDictionary::from_learned([&learned]);
        let fields = dict
            .fields("message")
            .map(|f| f.iter().cloned().collect::<Vec<_>>());
        assert_eq!(
            fields,
            Some(vec!["chat_id".to_string(), "message_id".to_string()])
        );
    }

    #[test]
    fn a_name_nothing_places_stays_in_the_innermost_object_with_a_warning() {
        let rows = [
            row("items", Type::Array(Box::new(Type::Object)), 1),
            row("id", Type::String, 2),
            row("owner", Type::Object, 3),
            row("owner_name", Type::String, 4),
            row("page_token", Type::String, 5),
        ];
        let (tree, diags, learned) = read(
            &rows,
            serde_json::json!({"items": [{"id": "1"}], "page_token": "t"}),
            false,
            None,
        );
        // `owner` is in no object of the example: it stays in `items`, and its rows in it;
        // `page_token` is at the example's root.
        assert_eq!(
            tree.as_deref(),
            Some("items{id,owner{owner_name}},page_token")
        );
        assert_eq!(
            diags,
            [
                (3, "flattened table: no object of the example holds `owner` and no type of the run lists it; read as a field of `items`".to_string()),
                (4, "flattened table: no object of the example holds `owner_name` and no type of the run lists it; read as a field of `owner`".to_string()),
            ]
        );
        // Nothing of a named type was proven.
        let names = ["items", "owner", "id", "owner_name", "page_token"].map(String::from);
        assert!(!TypeDictionary::from_learned([&learned]).knows_any(&names.into()));
    }

    #[test]
    fn a_name_the_run_shows_at_the_root_goes_there() {
        let rows = [
            row("items", Type::Array(Box::new(Type::Object)), 1),
            row("id", Type::String, 2),
            row("next_page_token", Type::String, 3),
            row("has_more", Type::Boolean, 4),
        ];
        let ex = serde_json::json!({"items": [{"id": "1"}], "has_more": false});
        // Alone, `next_page_token` (which the example leaves out) stays in `items`.
        let (tree, _, learned) = read(&rows, ex.clone(), false, None);
        assert_eq!(tree.as_deref(), Some("items{id,next_page_token},has_more"));
        // One page showing it at a root is not the run's word; two are, unless as many show
        // it inside an object.
        let mut shown = Learned::default();
        shown.shown("next_page_token", true);
        let mut inside = Learned::default();
        inside.shown("next_page_token", false);
        let once = TypeDictionary::from_learned([&learned, &shown]);
        assert!(!once.at_root("next_page_token"));
        let tied = TypeDictionary::from_learned([&shown, &shown, &inside, &inside]);
        assert!(!tied.at_root("next_page_token"));
        let dict = TypeDictionary::from_learned([&shown, &shown, &inside]);
        assert!(dict.serves(&learned));
        let (tree, diags, _) = read(&rows, ex, false, Some(&dict));
        assert_eq!(tree.as_deref(), Some("items{id},next_page_token,has_more"));
        assert_eq!(
            diags,
            [(3, "flattened table: no object of the example holds `next_page_token`, which the run's examples show at a body's root more often than inside an object; read as a field of the body".to_string())]
        );
    }

    #[test]
    fn a_known_type_takes_the_rows_the_dictionary_lists_and_no_others() {
        let mut taught = Learned::default();
        taught.learn(&named("x", "user", 0), ["name", "id"]);
        let dict = TypeDictionary::from_learned([&taught]);
        let rows = [
            named("owner", "user", 1),
            row("id", Type::String, 2),
            row("name", Type::String, 3),
            row("title", Type::String, 4),
        ];
        // The example does not show `owner`: without the dictionary nothing shows the table
        // was flattened; with it, `owner` has the fields its type lists and `title` closes it.
        assert_eq!(
            read(&rows, serde_json::json!({"title": "t"}), false, None).0,
            None
        );
        let (tree, diags, _) = read(&rows, serde_json::json!({"title": "t"}), false, Some(&dict));
        assert_eq!(tree.as_deref(), Some("owner{id,name},title"));
        assert!(diags.is_empty(), "{diags:?}");
        // Unplaced by the example too, `title` goes out of the known object, with a warning.
        let (tree, diags, _) = read(&rows, serde_json::json!({}), false, Some(&dict));
        assert_eq!(tree.as_deref(), Some("owner{id,name},title"));
        assert_eq!(diags.len(), 1, "{diags:?}");
    }

    #[test]
    fn a_scalar_map_the_example_shows_takes_only_its_keys() {
        let mut i18n = row("i18n_value", Type::Map(Box::new(Type::String)), 2);
        i18n.doc_type = "map<string, string>".into();
        let rows = [
            named("description", "i18n_text", 1),
            i18n,
            row("zh_cn", Type::String, 3),
            row("job_level", Type::String, 4),
        ];
        let ex = serde_json::json!({"description": {"i18n_value": {"zh_cn": "x"}}});
        let (tree, _, _) = read(&rows, ex, false, None);
        assert_eq!(
            tree.as_deref(),
            Some("description{i18n_value{zh_cn},job_level}")
        );
    }

    #[test]
    fn an_untyped_row_the_example_shows_empty_opens_an_object() {
        let rows = [
            row("del_users", Type::Any, 1),
            row("open_id", Type::String, 2),
            row("add_users", Type::Any, 3),
            row("open_id", Type::String, 4),
        ];
        let ex = serde_json::json!({"del_users": [], "add_users": [{"open_id": "ou_1"}]});
        let (tree, diags, _) = read(&rows, ex, false, None);
        assert_eq!(
            tree.as_deref(),
            Some("del_users{open_id},add_users{open_id}")
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        // A typed row shown empty (`string[]`, `[]`) holds values, not fields.
        let rows = [
            row("ids", Type::Array(Box::new(Type::String)), 1),
            row("name", Type::String, 2),
            row("user", Type::Object, 3),
            row("id", Type::String, 4),
        ];
        let ex = serde_json::json!({"ids": [], "user": {"id": "1"}});
        let (tree, _, _) = read(&rows, ex, false, None);
        assert_eq!(tree.as_deref(), Some("ids,name,user{id}"));
    }

    #[test]
    fn a_map_keyed_by_data_shows_fields_in_its_values() {
        let rows = [
            row("parent", Type::String, 1),
            row("children", Type::Any, 2),
            row("token", Type::String, 3),
            row("name", Type::String, 4),
        ];
        let ex = serde_json::json!({
            "parent": "p",
            "children": {"fld1": {"token": "fld1", "name": "a"}, "fld2": {"token": "fld2"}}
        });
        let (tree, diags, _) = read(&rows, ex, false, None);
        assert_eq!(tree.as_deref(), Some("parent,children{token,name}"));
        assert!(diags.is_empty(), "{diags:?}");
        // An object with a key that is a row of the table is not such a map.
        let rows = [
            row("owner", Type::Object, 1),
            row("profile", Type::Object, 2),
            row("name", Type::String, 3),
        ];
        let ex = serde_json::json!({"owner": {"profile": {"name": "a"}}});
        let (tree, _, _) = read(&rows, ex, false, None);
        assert_eq!(tree.as_deref(), Some("owner{profile{name}}"));
    }

    #[test]
    fn a_table_the_example_does_not_nest_stays_flat() {
        let rows = [row("a", Type::String, 1), row("b", Type::Object, 2)];
        let ex = serde_json::json!({"a": "x", "b": {"c": 1}});
        assert_eq!(read(&rows, ex, false, None).0, None);
    }
}
