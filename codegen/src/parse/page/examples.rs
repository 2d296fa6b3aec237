//! The page's examples: JSON request and response examples (read leniently), the Go SDK
//! sample's names, and what an example says about shapes the tables leave open.

use super::sections::Sec;
use super::{Reader, Report};
use crate::codes::Code;
use crate::ir::{Field, Inferred, SdkNames, Type};
use crate::parse::blocks::{limits, Pos};
use serde_json::Value;

/// A code block: a request or response example, or a Go sample, by section.
pub(super) fn read_code(r: &mut Reader, sec: Sec, lang: &str, text: &str, pos: Pos) {
    match sec {
        Sec::RequestExample | Sec::RequestBody | Sec::RequestParams => {
            if r.examples.request.is_some() || r.examples.request_raw.is_some() {
                return;
            }
            match parse_json_example(text) {
                Ok((v, repaired)) => {
                    if repaired {
                        r.diags.report(Code::LenientJsonExample, pos, "the request example is not strict JSON (trailing commas or comments); read leniently");
                    }
                    r.examples.request = Some(v)
                }
                Err(e) => {
                    r.examples.request_raw = Some(text.to_string());
                    if lang == "json" || text.trim_start().starts_with('{') {
                        r.diags.report(
                            Code::InvalidJsonExample,
                            pos,
                            format!("the request example is not valid JSON: {e}"),
                        );
                    }
                }
            }
        }
        Sec::ResponseExample | Sec::Response | Sec::ResponseBody => {
            if r.examples.response.is_some() {
                return;
            }
            match parse_json_example(text) {
                Ok((v, repaired)) => {
                    if repaired {
                        r.diags.report(Code::LenientJsonExample, pos, "the response example is not strict JSON (trailing commas or comments); read leniently");
                    }
                    r.examples.response = Some(v)
                }
                Err(e) => {
                    if !text.trim().is_empty() {
                        r.diags.report(
                            Code::InvalidJsonExample,
                            pos,
                            format!("the response example is not valid JSON: {e}"),
                        )
                    }
                }
            }
        }
        Sec::Samples if (lang == "go" || lang == "golang") && r.sdk.is_none() => {
            r.sdk = go_sample_names(text)
        }
        _ => {}
    }
}

/// The request builder and call named by a Go SDK sample.
fn go_sample_names(text: &str) -> Option<SdkNames> {
    let request_builder = text.split_whitespace().find_map(|w| {
        let w = w.trim_start_matches(":=");
        let i = w.find(".New")?;
        let end = w.find("ReqBuilder(")? + "ReqBuilder".len();
        (i < end)
            .then(|| w.get(..end).map(str::to_string))
            .flatten()
    })?;
    let call = text.find("client.").and_then(|i| {
        let rest = text.get(i..)?;
        let end = rest.find('(')?;
        let call = rest.get(..end)?;
        (call.split('.').count() >= 5
            && call
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .then(|| call.to_string())
    })?;
    Some(SdkNames {
        request_builder,
        call,
    })
}

/// Fills in what the tables leave open (`any` leaves such as `array`, objects documented
/// without sub-fields) from the page's own JSON example. Documented types are never changed;
/// an `object` keyed by data in the example becomes a map, which is still a JSON object.
pub(super) fn refine_from_example(fields: &mut [Field], example: &Value, depth: usize) {
    let Value::Object(m) = example else { return };
    if depth > limits::MAX_DEPTH {
        return;
    }
    for f in fields.iter_mut() {
        let Some(v) = m.get(&f.name) else { continue };
        // An untyped field documented with sub-fields is an object, unless the example
        // shows a list of them.
        if f.doc_type.is_empty() && f.ty == Type::Object {
            if let Some(items) = v.as_array() {
                if !items.is_empty() && items.iter().all(Value::is_object) {
                    f.ty = Type::Array(Box::new(Type::Object));
                    f.inferred = Some(Inferred::Example);
                }
            }
        }
        // Descend through the documented arrays to the leaf value; an example that is not
        // shaped like the documented type (an object where an array is documented, an empty
        // array) tells nothing about the leaf.
        let mut leaf_v = v;
        let mut t = &f.ty;
        let mut shaped = true;
        while let Type::Array(inner) = t {
            match leaf_v.as_array().and_then(|items| items.first()) {
                Some(first) => leaf_v = first,
                None => {
                    shaped = false;
                    break;
                }
            }
            t = inner;
        }
        // Map values are open by nature: an example's keys are data, not fields.
        if !shaped || leaf_v.is_null() || matches!(t, Type::Map(_)) {
            continue;
        }
        match f.ty.leaf() {
            Type::Any => {
                let inferred = infer_fields(&serde_json::Map::from_iter([(
                    f.name.clone(),
                    leaf_v.clone(),
                )]));
                if let Some(g) = inferred.into_iter().next() {
                    if !matches!(g.ty, Type::Any) {
                        f.ty = f.ty.with_leaf(g.ty);
                        f.inferred = Some(Inferred::Example);
                        if f.children.is_none() {
                            f.children = g.children;
                        }
                    }
                }
            }
            Type::Object if f.children.is_none() => {
                if let Value::Object(o) = leaf_v {
                    if keys_are_data(o) {
                        f.ty = f.ty.with_leaf(map_of_values(o, depth));
                        f.inferred = Some(Inferred::Example);
                        continue;
                    }
                    let inferred = infer_fields(o);
                    if !inferred.is_empty() {
                        f.children = Some(inferred);
                        f.inferred = Some(Inferred::Example);
                    }
                }
            }
            Type::Object => {
                if let Some(children) = f.children.as_mut() {
                    refine_from_example(children, leaf_v, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Infers fields from a JSON example object (the reference flavour documents responses by
/// example only).
pub(super) fn infer_fields(m: &serde_json::Map<String, Value>) -> Vec<Field> {
    fields_of(m, 0)
}

/// The type an example value shows, with the fields of the objects in it.
fn infer(v: &Value, depth: usize) -> (Type, Option<Vec<Field>>) {
    if depth > limits::MAX_DEPTH {
        return (Type::Any, None);
    }
    match v {
        Value::Null => (Type::Any, None),
        Value::Bool(_) => (Type::Boolean, None),
        Value::Number(n) => (
            if n.is_f64() {
                Type::Number
            } else {
                Type::Integer
            },
            None,
        ),
        Value::String(_) => (Type::String, None),
        Value::Object(m) if keys_are_data(m) => (map_of_values(m, depth), None),
        Value::Object(m) => {
            let fields = fields_of(m, depth + 1);
            if fields.is_empty() {
                (Type::Object, None)
            } else {
                (Type::Object, Some(fields))
            }
        }
        Value::Array(items) => {
            // Merge all object items' keys; otherwise the first item's type.
            let objects: Vec<&serde_json::Map<String, Value>> =
                items.iter().filter_map(Value::as_object).collect();
            if !objects.is_empty() && objects.len() == items.len() {
                let mut merged = serde_json::Map::new();
                for o in objects {
                    for (k, v) in o {
                        if !merged.contains_key(k) || merged.get(k) == Some(&Value::Null) {
                            merged.insert(k.clone(), v.clone());
                        }
                    }
                }
                let (t, c) = infer(&Value::Object(merged), depth + 1);
                (Type::Array(Box::new(t)), c)
            } else {
                match items.first() {
                    Some(first) => {
                        let (t, c) = infer(first, depth + 1);
                        (Type::Array(Box::new(t)), c)
                    }
                    None => (Type::Array(Box::new(Type::Any)), None),
                }
            }
        }
    }
}

/// One inferred field per key of an example object.
fn fields_of(m: &serde_json::Map<String, Value>, depth: usize) -> Vec<Field> {
    m.iter()
        .map(|(k, v)| {
            let (ty, children) = infer(v, depth);
            let mut f = Field::new(k.clone(), ty);
            f.children = children;
            f.inferred = Some(Inferred::Example);
            if let Value::String(s) = v {
                f.example = Some(s.clone());
            } else if v.is_number() || v.is_boolean() {
                f.example = Some(v.to_string());
            }
            f
        })
        .collect()
}

/// Whether an example object's keys are data rather than field names: a key with whitespace
/// in it (the card callback's `form_value`, keyed by the names a card's author gave its form
/// fields, shows `"field name1"`) names no field of any documented object.
fn keys_are_data(m: &serde_json::Map<String, Value>) -> bool {
    m.keys().any(|k| k.chars().any(char::is_whitespace))
}

/// The map an example object keyed by data stands for: its values' type when they all infer
/// to one scalar type, otherwise `any`.
fn map_of_values(m: &serde_json::Map<String, Value>, depth: usize) -> Type {
    let mut types = m.values().map(|v| infer(v, depth + 1));
    let value = match types.next() {
        Some((first, None)) if types.all(|(t, c)| c.is_none() && t == first) => match first {
            Type::String | Type::Integer | Type::Number | Type::Boolean => first,
            _ => Type::Any,
        },
        _ => Type::Any,
    };
    Type::Map(Box::new(value))
}

/// Parses a JSON example. Examples with trailing commas or `//` comments (common in the docs)
/// are repaired; the caller is told so it can warn.
pub(super) fn parse_json_example(text: &str) -> Result<(Value, bool), String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty".into());
    }
    match serde_json::from_str(t) {
        Ok(v) => Ok((v, false)),
        Err(e) => match serde_json::from_str(&relax_json(t)) {
            Ok(v) => Ok((v, true)),
            Err(_) => Err(e.to_string()),
        },
    }
}

/// Removes trailing commas before `}`/`]` and `//` line comments outside strings.
fn relax_json(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut in_str = false;
    let mut escaped = false;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '}' | ']' => {
                let trimmed = out.trim_end().len();
                if out
                    .get(..trimmed)
                    .map(|s| s.ends_with(','))
                    .unwrap_or(false)
                {
                    out.truncate(trimmed - 1);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refined(ty: Type, example: Value) -> Field {
        let mut fields = vec![Field::new("form_value", ty)];
        refine_from_example(&mut fields, &json!({ "form_value": example }), 0);
        fields.remove(0)
    }

    #[test]
    fn an_object_keyed_by_data_in_the_example_is_a_map() {
        let f = refined(
            Type::Object,
            json!({"field name1": ["a", "b"], "field name2": "value2", "Input_lf4": "1234"}),
        );
        assert_eq!(f.ty.to_string(), "map<string,any>");
        assert!(f.children.is_none());
        assert_eq!(f.inferred, Some(Inferred::Example));

        let f = refined(
            Type::Object,
            json!({"field name1": "x", "field name2": "y"}),
        );
        assert_eq!(f.ty.to_string(), "map<string,string>");
        let f = refined(
            Type::Array(Box::new(Type::Object)),
            json!([{"a b": 1, "c d": 2}]),
        );
        assert_eq!(f.ty.to_string(), "array<map<string,integer>>");
    }

    #[test]
    fn an_object_keyed_by_field_names_keeps_its_inferred_fields() {
        let f = refined(
            Type::Object,
            json!({"DatePicker_bpq": "2024-04-01", "name": "x"}),
        );
        assert_eq!(f.ty, Type::Object);
        let names: Vec<_> = f
            .children
            .iter()
            .flatten()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["DatePicker_bpq", "name"]);
    }

    #[test]
    fn a_data_keyed_object_inside_an_open_value_is_a_map_too() {
        let f = refined(Type::Any, json!({"id": "x", "values": {"a b": true}}));
        let children = f.children.expect("fields inferred from the example");
        let values = children
            .iter()
            .find(|c| c.name == "values")
            .expect("values");
        assert_eq!(values.ty.to_string(), "map<string,boolean>");
        assert!(values.children.is_none());
    }

    #[test]
    fn nested_data_keyed_objects_as_deep_as_an_example_can_be() {
        let text = format!("{}\"leaf\"{}", "{\"a b\": ".repeat(120), "}".repeat(120));
        let (v, _) = parse_json_example(&text).expect("within serde_json's nesting limit");
        let f = refined(Type::Object, v);
        assert_eq!(f.ty.to_string(), "map<string,any>");
    }
}
