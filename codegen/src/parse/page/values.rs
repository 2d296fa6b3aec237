//! Tables of one field's values outside the parameter sections (`#### 文档类型表` with
//! `obj_type | 说明`): when exactly one header cell is a field name (`obj_type`, `status取值`)
//! and exactly one field of the page has that name, the table is that field's documented
//! values, attached where a `可选值` list would be; it is read, not reported as lost.

use super::Reader;
use crate::ir::{EnumValue, Field, Type};
use crate::parse::blocks::{Row, Table};
use crate::parse::text::plain_text;

/// The field name a header cell stands for: `obj_type`, `status取值` → `status`.
fn field_name(header: &str) -> Option<String> {
    let h = plain_text(header);
    let h = h.trim().trim_end_matches("取值").trim();
    let ident = !h.is_empty()
        && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && h.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    ident.then(|| h.to_string())
}

/// Fields named `name` that can take values: scalars (or arrays of them) without a list yet.
fn candidates<'a>(fields: &'a mut [Field], name: &str, out: &mut Vec<&'a mut Field>) {
    for f in fields {
        let scalar = matches!(f.ty.leaf(), Type::String | Type::Integer | Type::Number);
        if f.name == name && scalar && f.enum_values.is_none() && f.children.is_none() {
            out.push(f);
        } else if let Some(c) = f.children.as_mut() {
            candidates(c, name, out);
        }
    }
}

/// A value's description: the row's other non-empty cells, joined.
fn other_cells(row: &Row, col: usize) -> String {
    (0..row.cells.len())
        .filter(|&i| i != col)
        .map(|i| row.text(i).trim())
        .filter(|d| !d.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every list of fields the page has read so far: parameters, bodies and response.
fn field_lists(r: &mut Reader) -> Vec<&mut Vec<Field>> {
    let p = &mut r.params;
    let mut lists = vec![
        &mut p.path,
        &mut p.query,
        &mut p.headers,
        &mut p.body,
        &mut p.request,
    ];
    lists.extend(p.response.as_mut());
    lists.extend(r.bodies.iter_mut().map(|(_, fields, _, _)| fields));
    lists
}

/// Attaches table `t` as the values of the one field its header names; `false` when no
/// header cell names exactly one such field or a row has no value.
pub(super) fn attach(t: &Table, r: &mut Reader) -> bool {
    // Exactly one header cell names a field: `res_code | res_msg | 排查建议` or `key 取值 |
    // value_type 取值 | …` describe combinations of fields, not one field's values.
    let named: Vec<(usize, String)> = t
        .header
        .iter()
        .enumerate()
        .filter_map(|(i, c)| field_name(&c.text).map(|n| (i, n)))
        .collect();
    if t.header.len() < 2 || named.len() != 1 {
        return false;
    }
    for (col, name) in named {
        let values: Option<Vec<EnumValue>> = t
            .rows
            .iter()
            .map(|row| {
                let value = plain_text(row.text(col))
                    .trim()
                    .trim_matches('`')
                    .to_string();
                let description = other_cells(row, col);
                (!value.is_empty()).then_some(EnumValue { value, description })
            })
            .collect();
        let Some(values) = values.filter(|v| !v.is_empty()) else {
            continue;
        };
        let mut found = Vec::new();
        for list in field_lists(r) {
            candidates(list, &name, &mut found);
        }
        if let [field] = found.as_mut_slice() {
            field.enum_values = Some(values);
            return true;
        }
    }
    false
}

/// The child field name a header cell of a labelled table means (`类型` → `type`).
fn header_meaning(header: &str) -> Option<String> {
    let h = plain_text(header);
    match h.trim() {
        "类型" => Some("type".to_owned()),
        "名称" => Some("name".to_owned()),
        _ => field_name(&h),
    }
}

/// Whether `v` reads as a wire value: ASCII letters, digits, `_`, `-` and `.`, starting
/// with a letter.
fn wire_value(v: &str) -> bool {
    v.starts_with(|c: char| c.is_ascii_alphabetic())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Fields whose description points to `**label**`, at any depth, by path.
fn pointing<'a>(fields: &'a mut [Field], label: &str, out: &mut Vec<&'a mut Field>) {
    for f in fields {
        if f.description.contains(label) {
            out.push(f);
        } else if let Some(c) = f.children.as_mut() {
            pointing(c, label, out);
        }
    }
}

/// Attaches table `t`, which follows the bold label `label` in a parameter section
/// (`**控件信息**:` then `名称 | 类型`), as documented values: the one field whose
/// description points to `**label**` (`form`: "json 数组，**控件信息**") has a child named by
/// the meaning of one header cell (`类型` → `type`) whose cells are all wire values
/// (`input`, `attachment/attachmentV2` for two); that column gives the child's values, the
/// other cells their descriptions; a later table under the same label adds to them.
/// `false` when the table is no such table (e.g. a type column of primitive types is a
/// field table).
pub(super) fn attach_labelled(t: &Table, label: &str, r: &mut Reader) -> bool {
    let marker = format!("**{label}**");
    let mut found = Vec::new();
    for list in field_lists(r) {
        pointing(list, &marker, &mut found);
    }
    let [field] = found.as_mut_slice() else {
        return false;
    };
    let parts = |cell: &str| -> Vec<String> {
        plain_text(cell)
            .split('/')
            .map(|v| v.trim().trim_matches('`').to_string())
            .collect()
    };
    let column = t.header.iter().enumerate().find_map(|(i, h)| {
        let child = header_meaning(&h.text)?;
        let values: Vec<String> = t.rows.iter().flat_map(|row| parts(row.text(i))).collect();
        let all_wire = !values.is_empty() && values.iter().all(|v| wire_value(v));
        let all_types = values.iter().all(|v| {
            let d = crate::parse::types::parse_doc_type(v);
            d.known && d.type_name.is_none()
        });
        (all_wire && !all_types).then_some((i, child))
    });
    let Some((col, child)) = column else {
        return false;
    };
    let Some(target) = field
        .children
        .as_mut()
        .and_then(|c| c.iter_mut().find(|c| c.name == child))
        .filter(|c| c.children.is_none())
    else {
        return false;
    };
    // A label's later tables (after an example) add to the values of its first.
    let mut values = target.enum_values.take().unwrap_or_default();
    for row in &t.rows {
        let description = other_cells(row, col);
        for value in parts(row.text(col)) {
            if !values.iter().any(|v: &EnumValue| v.value == value) {
                values.push(EnumValue {
                    value,
                    description: description.clone(),
                });
            }
        }
    }
    target.enum_values = Some(values);
    true
}
