//! Parameter-table rows → field trees: names, types, required flags, cell details, nesting
//! (explicit row levels or `└`-style prefixes), bounded in depth and width.

use super::tables::Columns;
use super::Report;
use crate::codes::Code;
use crate::ir::{Diagnostic, Field, Type};
use crate::parse::blocks::{limits, Pos, Table};
use crate::parse::text::{plain_text, split_field_doc};
use crate::parse::types::parse_doc_type;

/// Reads a parameter table into a field tree, using explicit row levels or `└` prefixes.
pub(super) fn read_fields(t: &Table, cols: Columns, diags: &mut Vec<Diagnostic>) -> Vec<Field> {
    let mut flat: Vec<(u32, Field)> = Vec::new();
    // Indent widths of the open ancestors, for tables that nest by `└`/`∟` prefixes.
    let mut widths: Vec<u32> = Vec::new();
    for r in &t.rows {
        let name_cell = cols.name.and_then(|c| r.cells.get(c));
        // One space is the usual padding (`| name |`, and `|name|` in the same table).
        let source_indent = name_cell.map_or(0, |c| c.indent.saturating_sub(1));
        // The name is the first line; later lines hold tags such as `必选`.
        let name_cell = name_cell.map_or("", |c| c.text.as_str());
        let name_cell = name_cell.lines().next().unwrap_or("");
        if is_divider(name_cell) {
            // `================ | **以下字段适用于…**`: a heading inside the table, not a field;
            // skipped before it can close the open objects.
            diags.report(
                Code::DividerRow,
                r.pos,
                format!(
                    "divider row `{}` is a note, not a field; skipped",
                    r.cells
                        .iter()
                        .map(|c| plain_text(&c.text).trim().to_string())
                        .filter(|t| !t.is_empty() && !is_divider(t))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            );
            continue;
        }
        let (width, rest) = indent_width(name_cell);
        let width = width.saturating_add(source_indent);
        let level = match r.level {
            Some(l) => l,
            None => {
                while widths.last().is_some_and(|&top| top > width) {
                    widths.pop();
                }
                if widths.last() != Some(&width) {
                    widths.push(width);
                }
                widths.len().saturating_sub(1) as u32
            }
        };
        // `name` or "`name` `必选`": the name is the first word; a requiredness tag after
        // it counts when the table has no 必填 column.
        let plain = plain_text(rest);
        let (name, tagged_required) = match plain.trim().rsplit_once(char::is_whitespace) {
            Some((n, "必选" | "必填" | "required")) => (n.trim().to_string(), Some(true)),
            Some((n, "可选" | "选填" | "optional")) => (n.trim().to_string(), Some(false)),
            _ => (plain.trim().to_string(), None),
        };
        if name.is_empty() {
            if r.cells.iter().any(|c| !c.text.trim().is_empty()) {
                diags.report(
                    Code::RowWithoutName,
                    r.pos,
                    "table row without a field name; ignored",
                );
            }
            continue;
        }
        let doc_type = cols
            .ty
            .map(|c| plain_text(r.text(c)).trim().to_string())
            .unwrap_or_default();
        // No type (no column, or an empty cell) leaves the type open: any JSON value,
        // refined from the example where it shows one.
        let parsed = parse_doc_type(&doc_type);
        if !parsed.known {
            diags.report(
                Code::UnknownType,
                r.pos,
                format!("unknown type `{doc_type}` for field `{name}`; read as any"),
            );
        }
        let required = match cols.required.map(|c| plain_text(r.text(c))) {
            None => tagged_required,
            Some(s) => required_value(&s).unwrap_or_else(|| {
                diags.report(
                    Code::RequiredValueUnknown,
                    r.pos,
                    format!("`必填` value `{}` for `{name}` is not 是/否", s.trim()),
                );
                None
            }),
        };
        let fd = split_field_doc(cols.description.map(|c| r.text(c)).unwrap_or(""));
        let mut field = Field::new(name, parsed.ty);
        field.doc_type = doc_type;
        field.type_name = parsed.type_name;
        field.required = required;
        field.description = fd.description;
        field.example = fd.example;
        field.default = fd.default;
        field.constraints = fd.constraints;
        if !fd.enum_values.is_empty() {
            field.enum_values = Some(fd.enum_values);
        }
        field.line = r.pos.line;
        match alternatives(&field.name) {
            Some(names) => {
                diags.report(
                    Code::AlternativeNames,
                    r.pos,
                    format!(
                        "the row names alternatives {}; read as separate optional fields",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
                for n in names {
                    let mut f = field.clone();
                    f.name = n.to_string();
                    f.required = f.required.map(|_| false);
                    flat.push((level, f));
                }
            }
            None => flat.push((level, field)),
        }
    }
    let mut tree = build_tree(flat, diags);
    // A table without nesting markers may be one whose converter flattened it: its width is
    // bounded once its tree is rebuilt (see [`limit_width`]'s callers).
    if has_nesting_markers(t, cols) {
        limit_width(&mut tree, "the table", diags);
    }
    tree
}

/// Whether any row of the table states its nesting: an explicit level, or a `└`-style
/// prefix in its name cell.
pub(super) fn has_nesting_markers(t: &Table, cols: Columns) -> bool {
    t.rows.iter().any(|r| {
        let name = cols.name.map(|c| r.text(c)).unwrap_or("");
        r.level.is_some() || indent_width(name.lines().next().unwrap_or("")).0 > 0
    })
}

/// A name cell that is only a rule of `=` (three or more).
fn is_divider(cell: &str) -> bool {
    let t = cell.trim();
    t.len() >= 3 && t.chars().all(|c| c == '=')
}

/// `employee_id、open_id`: a row documenting either of two wire names.
fn alternatives(name: &str) -> Option<Vec<&str>> {
    if !name.contains('、') {
        return None;
    }
    let names: Vec<&str> = name.split('、').map(str::trim).collect();
    names
        .iter()
        .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(names)
}

/// A 必填 cell: `Some(Some(_))` yes/no, `Some(None)` left blank, `None` unreadable.
fn required_value(cell: &str) -> Option<Option<bool>> {
    match cell.trim() {
        "是" | "true" | "yes" | "Y" | "required" | "必填" | "必须" | "必选" => {
            Some(Some(true))
        }
        "否" | "false" | "no" | "N" | "optional" | "选填" | "可选" | "非必填" | "非必须" => {
            Some(Some(false))
        }
        "" | "-" => Some(None),
        _ => None,
    }
}

/// Bounds the width of a field tree: objects keep their first [`limits::MAX_FIELDS`]
/// fields, with an error for the rest. Returns the lines of the rows left out.
pub(super) fn limit_width(
    fields: &mut Vec<Field>,
    parent: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<u32> {
    fn lines(fields: &[Field], out: &mut Vec<u32>) {
        for f in fields {
            out.push(f.line);
            lines(f.children(), out);
        }
    }
    let mut cut = Vec::new();
    if fields.len() > limits::MAX_FIELDS {
        let line = fields.get(limits::MAX_FIELDS).map(|f| f.line).unwrap_or(0);
        diags.report(
            Code::LimitExceeded,
            Pos::new(line, 1),
            format!(
                "{parent} has {} fields, more than {}; the rest are ignored",
                fields.len(),
                limits::MAX_FIELDS
            ),
        );
        lines(fields.get(limits::MAX_FIELDS..).unwrap_or(&[]), &mut cut);
        fields.truncate(limits::MAX_FIELDS);
    }
    for f in fields.iter_mut() {
        if let Some(children) = f.children.as_mut() {
            let name = format!("object `{}`", f.name);
            cut.extend(limit_width(children, &name, diags));
        }
    }
    cut
}

fn build_tree(flat: Vec<(u32, Field)>, diags: &mut Vec<Diagnostic>) -> Vec<Field> {
    // Stack of (level, field) whose children are still open.
    let mut roots: Vec<Field> = Vec::new();
    let mut stack: Vec<(u32, Field)> = Vec::new();
    fn close(stack: &mut Vec<(u32, Field)>, roots: &mut Vec<Field>) {
        if let Some((_, f)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(f),
                None => roots.push(f),
            }
        }
    }
    // The documented level of the last field dropped for depth: the rows below it are its
    // sub-fields and go with it, without a diagnostic each.
    let mut dropped: Option<u32> = None;
    for (level, field) in flat {
        if dropped.is_some_and(|d| level > d) {
            continue;
        }
        dropped = None;
        let documented = level;
        let mut level = level;
        let max = stack.last().map(|(l, _)| l + 1).unwrap_or(0);
        if level > max {
            diags.report(
                Code::NestingJump,
                Pos::new(field.line, 1),
                format!(
                    "field `{}` is nested {} levels below its parent; read as one level",
                    field.name,
                    level - max + 1
                ),
            );
            level = max;
        }
        if level as usize >= limits::MAX_DEPTH {
            diags.report(
                Code::LimitExceeded,
                Pos::new(field.line, 1),
                format!(
                    "field `{}` is nested deeper than {} levels; ignored with its sub-fields",
                    field.name,
                    limits::MAX_DEPTH
                ),
            );
            dropped = Some(documented);
            continue;
        }
        while stack.last().is_some_and(|(l, _)| *l >= level) {
            close(&mut stack, &mut roots);
        }
        stack.push((level, field));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// The indentation of a nested name cell and the name after it. Flavours write nesting as
/// `&nbsp;&nbsp;└ name` (two per level), `&emsp;∟ name`, `∟∟ name`, `&nbsp;&nbsp;&nbsp;∟`,
/// a leading `└`, or indentation alone (`&emsp;` per level, or spaces, which the caller
/// adds from the source); only the order of widths within one table matters, so every
/// convention reads the same. A marker outweighs any indentation.
fn indent_width(cell: &str) -> (u32, &str) {
    let mut width = 0u32;
    let mut markers = 0u32;
    let mut rest = cell;
    loop {
        if let Some(r) = ["&nbsp;", "&ensp;"]
            .iter()
            .find_map(|e| rest.strip_prefix(e))
        {
            width += 1;
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix("&emsp;") {
            width += 2;
            rest = r;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '\u{a0}' | '\u{2002}' => width += 1,
            '\u{2003}' | '\u{3000}' => width += 2,
            ' ' | '\t' => {}
            '└' | '├' | '∟' => markers += 1,
            // `└─ name`, `├── name`: the marker's tail.
            '─' if markers > 0 => {}
            _ => break,
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    (
        markers.saturating_mul(1000).saturating_add(width),
        rest.trim(),
    )
}

/// Makes a field tree consistent: objects with children, `any` with children → object,
/// children of non-object types dropped with a warning, depth bounded.
pub(super) fn normalise_field(f: &mut Field, diags: &mut Vec<Diagnostic>, depth: usize) {
    let has_children = f.children.as_ref().is_some_and(|c| !c.is_empty());
    // The documented type without array suffixes or Markdown escapes (`enum\[\]` → `enum`).
    let base = f
        .doc_type
        .replace('\\', "")
        .trim_matches('`')
        .trim_end_matches("[]")
        .to_ascii_lowercase();
    if let Some(value) = has_children.then(|| entry_rows(f)).flatten() {
        // Rows `key` and `value` under a map describe its entries (the card answer's
        // `toast.i18n`: a language, then its text): a map of the value's type. The rows stay
        // in the IR as documentation; a scalar leaf makes no type of them.
        f.ty = Type::Map(Box::new(value));
    } else if has_children {
        match f.ty.leaf() {
            Type::Object => {}
            // A union's sub-fields list its alternatives: the value stays open.
            Type::Any if f.doc_type.contains("union") => {}
            // `-` and `enum` (Feishu's enum objects `{enum_name, display}`) with sub-fields.
            Type::Any => f.ty = f.ty.with_leaf(Type::Object),
            _ if base == "enum" || f.doc_type.is_empty() => {
                // No type column (already warned about), or an enum object.
                f.ty = f.ty.with_leaf(Type::Object)
            }
            // `file[]` with sub-fields is the attachment object named `file`, not an upload.
            Type::File => {
                f.ty = f.ty.with_leaf(Type::Object);
                f.type_name.get_or_insert_with(|| "file".to_string());
            }
            other => {
                diags.push(Diagnostic::new(
                    Code::EncodedStringSubFields,
                    f.line,
                    1,
                    format!(
                        "field `{}` has type `{}` but documents sub-fields; kept as `{}` (the sub-fields describe its encoded content)",
                        f.name, other, other
                    ),
                ));
            }
        }
    } else if f.children.is_some() {
        f.children = None;
    }
    if depth >= limits::MAX_DEPTH {
        f.children = None;
        return;
    }
    if let Some(children) = f.children.as_mut() {
        for c in children.iter_mut() {
            normalise_field(c, diags, depth + 1);
        }
    }
}

/// The value type of a map whose sub-rows are exactly `key` and `value`, the value a scalar
/// (a value with fields of its own keeps the object reading).
fn entry_rows(f: &Field) -> Option<Type> {
    match (&f.ty, f.children.as_deref()) {
        (Type::Map(_), Some([k, v]))
            if k.name.eq_ignore_ascii_case("key")
                && v.name.eq_ignore_ascii_case("value")
                && v.children().is_empty()
                && !matches!(v.ty.leaf(), Type::Object | Type::Any) =>
        {
            Some(v.ty.clone())
        }
        _ => None,
    }
}

/// A header documented in prose inside the request-header section, as the helpdesk pages do:
/// `Key: X-Lark-Helpdesk-Authorization` then `Value: …` ("the request also needs", so required).
pub(super) fn header_from_tip(text: &str, pos: Pos) -> Option<Field> {
    let after = |label: &str| {
        text.lines().find_map(|l| {
            let l = l.trim().trim_start_matches('>').trim();
            l.strip_prefix(label)
                .map(|r| r.trim_start_matches([':', '：']).trim().to_string())
        })
    };
    let name = after("Key")?;
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return None;
    }
    let mut f = Field::new(name, Type::String);
    f.doc_type = "string".to_string();
    f.required = Some(true);
    f.description = after("Value").unwrap_or_default();
    f.line = pos.line;
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Map` field with the given sub-rows, as the card answer documents `toast.i18n`.
    fn map_with(children: serde_json::Value) -> Field {
        serde_json::from_value(serde_json::json!({
            "name": "i18n", "type": "map<string,any>", "required": false,
            "description": "多语言提示文案。", "doc_type": "Map", "children": children,
        }))
        .expect("a field")
    }

    fn row(name: &str, ty: &str) -> serde_json::Value {
        serde_json::json!({"name": name, "type": ty, "required": false, "description": ""})
    }

    #[test]
    fn key_and_value_rows_under_a_map_make_a_map_of_the_value() {
        let mut f = map_with(serde_json::json!([
            row("key", "string"),
            row("value", "string")
        ]));
        let mut diags = Vec::new();
        normalise_field(&mut f, &mut diags, 0);
        assert_eq!(f.ty, Type::Map(Box::new(Type::String)));
        // The rows stay in the IR (their docs, and the row accounting, see them).
        assert_eq!(f.children().len(), 2);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn other_rows_under_a_map_stay_an_objects_fields() {
        for children in [
            serde_json::json!([row("key", "string"), row("label", "string")]),
            serde_json::json!([row("key", "string"), row("value", "object")]),
            serde_json::json!([
                row("key", "string"),
                row("value", "string"),
                row("x", "integer")
            ]),
        ] {
            let mut f = map_with(children.clone());
            normalise_field(&mut f, &mut Vec::new(), 0);
            assert_eq!(f.ty, Type::Map(Box::new(Type::Object)), "{children}");
        }
    }
}
