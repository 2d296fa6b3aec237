//! What only the reference flavour writes: `**类型额外说明**` blocks, lists of named types
//! that its body tables refer to, attached to the fields that use them.

use crate::codes::Code;
use crate::ir::{Diagnostic, Field, Type};
use crate::parse::blocks::Pos;
use crate::parse::text::plain_text;
use crate::parse::types::parse_doc_type;

/// A named type from a `**类型额外说明**` block.
#[derive(Debug, Clone)]
pub(super) struct NamedType {
    name: String,
    fields: Vec<Field>,
    line: u32,
}

/// A `**类型额外说明**` block: a list of named types.
pub(super) fn read_type_extra(text: &str, pos: Pos) -> Vec<NamedType> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .map(|l| {
            let indent = l.len() - l.trim_start().len();
            (indent, l.trim())
        })
        .collect();
    let mut i = 0;
    parse_named_types(&lines, &mut i, 0, pos.line)
}

/// Parses the reference flavour's type-explanation list. Lines are `(indent, text)`.
///
/// ```text
/// - **offer_basic_info** 类型说明:
///   基本属性:
///   department_id: string
///   - **contract_period** (object):
///     - **contract_period_info** 类型说明:
/// ```
fn parse_named_types(
    lines: &[(usize, &str)],
    i: &mut usize,
    min_indent: usize,
    base_line: u32,
) -> Vec<NamedType> {
    let mut out = Vec::new();
    while let Some(&(indent, text)) = lines.get(*i) {
        if indent < min_indent {
            break;
        }
        let item = text.strip_prefix("- ").unwrap_or(text);
        if let Some(name) = bold_name(item).filter(|_| item.contains("类型说明")) {
            *i += 1;
            let fields = parse_type_body(lines, i, indent + 1, base_line);
            out.push(NamedType {
                name,
                fields,
                line: base_line + *i as u32,
            });
        } else {
            *i += 1;
        }
        if out.len() > 10_000 {
            break;
        }
    }
    out
}

/// The body of one named type: `name: type` property lines and `**prop** (type):` sub-items.
fn parse_type_body(
    lines: &[(usize, &str)],
    i: &mut usize,
    min_indent: usize,
    base_line: u32,
) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    while let Some(&(indent, text)) = lines.get(*i) {
        if indent < min_indent {
            break;
        }
        let item = text.strip_prefix("- ").unwrap_or(text);
        if text.starts_with("- ") && item.contains("类型说明") && indent <= min_indent {
            // A sibling named type at our level ends this body.
            break;
        }
        if let Some(name) = bold_name(item) {
            // `**prop** (object):` followed by a nested named type.
            let kind = item
                .split('(')
                .nth(1)
                .and_then(|r| r.split(')').next())
                .unwrap_or("object")
                .trim()
                .to_string();
            *i += 1;
            let nested = parse_named_types(lines, i, indent + 1, base_line);
            let mut f = Field::new(name, Type::Object);
            if kind.contains("array") || kind.ends_with("[]") {
                f.ty = Type::Array(Box::new(Type::Object));
            }
            f.doc_type = kind;
            if let Some(n) = nested.into_iter().next() {
                f.type_name = Some(n.name);
                f.children = Some(n.fields);
            }
            f.line = base_line;
            fields.push(f);
            continue;
        }
        if item.contains("基本属性") {
            *i += 1;
            continue;
        }
        if let Some((n, ty)) = item.split_once(':') {
            let n = plain_text(n).trim().to_string();
            let ty = ty.trim();
            if !n.is_empty() && !n.contains(' ') {
                let parsed = parse_doc_type(ty);
                let mut f = Field::new(n, parsed.ty);
                f.doc_type = ty.to_string();
                f.type_name = parsed.type_name;
                f.line = base_line;
                fields.push(f);
            }
        }
        *i += 1;
    }
    fields
}

fn bold_name(item: &str) -> Option<String> {
    let rest = item.trim().strip_prefix("**")?;
    let end = rest.find("**")?;
    let name = rest.get(..end)?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Attaches the reference flavour's named types to body fields: first by explicit type name, then object
/// fields without a name take the remaining types in document order, preferring a type whose
/// name ends with the field's name.
pub(super) fn attach_named_types(
    fields: &mut [Field],
    named: &[NamedType],
    diags: &mut Vec<Diagnostic>,
) {
    let mut used = vec![false; named.len()];
    // Explicit names.
    for f in fields.iter_mut() {
        if let Some(tn) = f.type_name.clone() {
            if let Some(k) = named.iter().position(|n| n.name == tn) {
                if f.children.is_none() {
                    f.children = named.get(k).map(|n| n.fields.clone());
                }
                if let Some(u) = used.get_mut(k) {
                    *u = true;
                }
            }
        }
    }
    // Suffix matches, then order.
    let pending: Vec<usize> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.type_name.is_none()
                && f.children.is_none()
                && matches!(f.ty.leaf(), Type::Object | Type::Any)
        })
        .map(|(i, _)| i)
        .collect();
    let mut unresolved = Vec::new();
    for &fi in &pending {
        let Some(f) = fields.get(fi) else { continue };
        let suffix = format!("_{}", f.name);
        let k = named.iter().enumerate().position(|(k, n)| {
            !used.get(k).copied().unwrap_or(true) && (n.name == f.name || n.name.ends_with(&suffix))
        });
        match k {
            Some(k) => assign(fields, fi, named, &mut used, k),
            None => unresolved.push(fi),
        }
    }
    for fi in unresolved {
        if let Some(k) = used.iter().position(|u| !u) {
            assign(fields, fi, named, &mut used, k);
        }
    }
    for (k, u) in used.iter().enumerate() {
        if !u {
            if let Some(n) = named.get(k) {
                diags.push(Diagnostic::new(
                    Code::UnusedTypeExtra,
                    n.line,
                    1,
                    format!("type `{}` in 类型额外说明 is not used by any field", n.name),
                ));
            }
        }
    }

    fn assign(fields: &mut [Field], fi: usize, named: &[NamedType], used: &mut [bool], k: usize) {
        if let (Some(f), Some(n)) = (fields.get_mut(fi), named.get(k)) {
            f.type_name = Some(n.name.clone());
            f.children = Some(n.fields.clone());
            if matches!(f.ty.leaf(), Type::Any) {
                f.ty = f.ty.with_leaf(Type::Object);
            }
        }
        if let Some(u) = used.get_mut(k) {
            *u = true;
        }
    }
}
