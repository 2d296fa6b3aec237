//! Examples against tables, in both directions: keys of the JSON examples that no row
//! documents (F001), required rows the example leaves out (F002), example values of another
//! type (F003) or outside the documented values (F004). Nested objects, arrays and maps are
//! followed by path (`items[].id`); each path is reported once per page.

use super::locate::Example;
use super::{At, Code, Finding};
use crate::ir::{Api, Body, BodyKind, Field, FieldsSource, Type};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// What the examples are called in messages: an API's request and response; an event's
/// envelope (`event`) and a callback's answer.
pub(super) type ExampleNames = [&'static str; 2];

pub(super) const API_EXAMPLES: ExampleNames = ["request", "response"];

pub(super) fn check(api: &Api, names: ExampleNames, out: &mut Vec<Finding>) {
    let mut c = Checker {
        out,
        seen: HashSet::new(),
        which: Example::Request,
        names,
    };
    if let (Some(fields), Some(Value::Object(m))) =
        (table_fields(&api.request_body), &api.examples.request)
    {
        c.object(fields, m, "");
    }
    c.which = Example::Response;
    if let (Some(fields), Some(Value::Object(envelope))) =
        (table_fields(&api.response_body), &api.examples.response)
    {
        if api.response_body.flat {
            let beside: Map<String, Value> = envelope
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "code" | "msg"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            c.object(fields, &beside, "");
        } else if let Some(Value::Object(data)) = envelope.get("data") {
            c.object(fields, data, "data");
        }
    }
}

/// The fields a JSON body's table documents; `None` when there is no table to check against
/// (no JSON body, no table, or fields inferred from the example itself).
fn table_fields(body: &Body) -> Option<&[Field]> {
    let from_table = match body.fields_from {
        Some(FieldsSource::Table) => true,
        Some(FieldsSource::Example) => false,
        None => !body.fields.is_empty(),
    };
    (body.kind == BodyKind::Json && from_table).then_some(body.fields.as_slice())
}

struct Checker<'a> {
    out: &'a mut Vec<Finding>,
    seen: HashSet<(Code, Example, String)>,
    which: Example,
    names: ExampleNames,
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl Checker<'_> {
    fn example_name(&self) -> &'static str {
        let [request, response] = self.names;
        match self.which {
            Example::Request => request,
            Example::Response => response,
        }
    }

    fn push(&mut self, code: Code, path: &str, at: At, message: String) {
        if self.seen.insert((code, self.which, path.to_string())) {
            self.out.push(Finding { code, at, message });
        }
    }

    fn object(&mut self, fields: &[Field], m: &Map<String, Value>, path: &str) {
        for (key, value) in m {
            let key_path = join(path, key);
            match fields.iter().find(|f| f.name == *key) {
                Some(f) => self.value(f, &f.ty, value, &key_path),
                None => {
                    let msg = format!(
                        "the {} example has `{key_path}`, which the tables do not document",
                        self.example_name()
                    );
                    self.push(
                        Code::ExampleKeyUndocumented,
                        &key_path,
                        At::Key(self.which, key_path.clone()),
                        msg,
                    );
                }
            }
        }
        for f in fields.iter().filter(|f| f.required == Some(true)) {
            if !m.contains_key(&f.name) {
                let field_path = join(path, &f.name);
                let msg = format!(
                    "`{field_path}` is required, but the {} example leaves it out",
                    self.example_name()
                );
                self.push(
                    Code::RequiredMissingFromExample,
                    &field_path,
                    At::Row(f.line),
                    msg,
                );
            }
        }
    }

    /// Checks `v`, the value of field `f` at `path`, against `ty` (the field's type, or the
    /// element type of an array or map it is in).
    fn value(&mut self, f: &Field, ty: &Type, v: &Value, path: &str) {
        if v.is_null() {
            return;
        }
        // A field documented with alternative types accepts each of them.
        let alternative = *ty == f.ty && f.also_types.iter().any(|t| has_type(t, v));
        if !has_type(ty, v) && !alternative {
            let msg = format!(
                "`{path}` is documented as {} but the {} example gives {} `{}`",
                type_text(f, ty),
                self.example_name(),
                json_kind(v),
                short(v)
            );
            self.push(
                Code::ExampleValueType,
                path,
                At::Key(self.which, key_of(path)),
                msg,
            );
            return;
        }
        match (ty, v) {
            (Type::Array(inner), Value::Array(items)) => {
                let elem = format!("{path}[]");
                for item in items {
                    self.value(f, inner, item, &elem);
                }
            }
            (Type::Map(inner), Value::Object(m)) => {
                for (k, item) in m {
                    self.value(f, inner, item, &join(path, k));
                }
            }
            // An object that may also be any JSON (alternatives merged) has no closed key set.
            (Type::Object, Value::Object(m))
                if !f.children().is_empty() && !f.also_types.contains(&Type::Any) =>
            {
                self.object(f.children(), m, path);
            }
            (Type::String | Type::Integer | Type::Number | Type::Boolean, _) => {
                self.enum_value(f, v, path)
            }
            _ => {}
        }
    }

    fn enum_value(&mut self, f: &Field, v: &Value, path: &str) {
        let Some(values) = f.enum_values.as_deref().filter(|e| !e.is_empty()) else {
            return;
        };
        let text = match v {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return,
        };
        let documented = |e: &crate::ir::EnumValue| {
            e.value.trim().trim_matches(|c| c == '`' || c == '"') == text
        };
        if values.iter().any(documented) {
            return;
        }
        let listed: Vec<String> = values
            .iter()
            .take(6)
            .map(|e| format!("`{}`", e.value))
            .collect();
        let more = if values.len() > 6 { ", ..." } else { "" };
        let msg = format!(
            "`{path}` is `{}` in the {} example, which is not among its documented values ({}{more})",
            short(v),
            self.example_name(),
            listed.join(", ")
        );
        self.push(
            Code::ExampleEnumValue,
            path,
            At::Key(self.which, key_of(path)),
            msg,
        );
    }
}

/// The path of the key an element path belongs to: `a.b[][]` → `a.b`.
fn key_of(path: &str) -> String {
    path.trim_end_matches("[]").to_string()
}

fn has_type(ty: &Type, v: &Value) -> bool {
    match ty {
        Type::String => v.is_string(),
        Type::Integer => v.is_i64() || v.is_u64(),
        Type::Number => v.is_number(),
        Type::Boolean => v.is_boolean(),
        Type::Object | Type::Map(_) => v.is_object(),
        Type::Array(_) => v.is_array(),
        Type::File | Type::Any => true,
    }
}

/// The documented type, quoted: as the doc wrote it when `ty` is the field's own type; for an
/// element of an array or map, with the container's type.
fn type_text(f: &Field, ty: &Type) -> String {
    let own = if f.doc_type.is_empty() {
        f.ty.to_string()
    } else {
        f.doc_type.clone()
    };
    if *ty == f.ty {
        format!("`{own}`")
    } else {
        format!("`{ty}` (an element of `{}`, `{own}`)", f.name)
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value for a message: compact JSON, at most 40 characters.
fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() > 40 {
        format!("{}...", s.chars().take(37).collect::<String>())
    } else {
        s
    }
}
