//! Two rows with the same name in one object (F005): the bindings keep the first, so the
//! second is lost unless it says the same.

use super::{At, Code, Finding};
use crate::ir::{Api, Field};
use std::collections::HashMap;

pub(super) fn check(api: &Api, out: &mut Vec<Finding>) {
    for (fields, place) in [
        (&api.path_params, "the path parameters"),
        (&api.query_params, "the query parameters"),
        (&api.headers, "the request headers"),
        (&api.request_body.fields, "the request body"),
        (&api.response_body.fields, "the response body"),
    ] {
        list(fields, place, "", out);
    }
}

fn list(fields: &[Field], place: &str, path: &str, out: &mut Vec<Finding>) {
    let mut first: HashMap<&str, &Field> = HashMap::new();
    for f in fields {
        match first.get(f.name.as_str()) {
            Some(earlier) => out.push(Finding {
                code: Code::DuplicateField,
                at: At::Row(f.line),
                message: format!(
                    "`{}` is documented twice in {place}{}{}; the first row is kept",
                    f.name,
                    match earlier.line {
                        0 => String::new(),
                        line => format!(" (first at line {line})"),
                    },
                    difference(earlier, f)
                ),
            }),
            None => {
                first.insert(&f.name, f);
            }
        }
    }
    for f in fields.iter().filter(|f| !f.children().is_empty()) {
        let child_path = if path.is_empty() {
            f.name.clone()
        } else {
            format!("{path}.{}", f.name)
        };
        list(f.children(), &format!("`{child_path}`"), &child_path, out);
    }
}

/// How the second row differs from the first, as a message fragment.
fn difference(first: &Field, second: &Field) -> String {
    if first.ty != second.ty {
        format!(
            ", the second time as `{}` instead of `{}`",
            second.ty, first.ty
        )
    } else if first.required != second.required {
        ", with another required flag".to_string()
    } else if first.children() != second.children() {
        ", with other sub-fields".to_string()
    } else {
        String::new()
    }
}
