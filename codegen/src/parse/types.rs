//! The doc type grammar (`string`, `int64`, `offer_customized_info[]`, `map<string, int>`, ...).
//!
//! [`parse_doc_type`] reads a type cell as written in any flavour (backticks, Markdown
//! escapes and HTML entities included) into a wire [`Type`], the named type it refers to,
//! and whether the string was recognised at all.

use crate::ir::Type;

/// A type cell, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocType {
    /// The wire type. Unrecognised strings, `-`, `/` and the like give [`Type::Any`]; the page
    /// reader upgrades it to [`Type::Object`] when the row has children.
    pub ty: Type,
    /// The named type the cell refers to (`offer_basic_info` for `offer_basic_info[]`), when
    /// the leaf is a named type rather than a primitive.
    pub type_name: Option<String>,
    /// `false` only when the string was not recognised (the caller warns, naming it).
    pub known: bool,
}

impl DocType {
    fn known(ty: Type) -> Self {
        DocType {
            ty,
            type_name: None,
            known: true,
        }
    }

    fn unknown() -> Self {
        DocType {
            ty: Type::Any,
            type_name: None,
            known: false,
        }
    }

    fn wrap_array(self) -> Self {
        DocType {
            ty: Type::Array(Box::new(self.ty)),
            ..self
        }
    }

    fn wrap_map(self) -> Self {
        DocType {
            ty: Type::Map(Box::new(self.ty)),
            ..self
        }
    }
}

/// Nesting limit for generics and `[]` suffixes; deeper input is reported as unknown.
const MAX_TYPE_DEPTH: usize = 16;

/// Reads a type cell (e.g. `` `offer_customized_info\[\]` ``, `map&lt;string, int&gt;`).
pub fn parse_doc_type(raw: &str) -> DocType {
    let cleaned = clean_type_cell(raw);
    parse_clean(&cleaned, 0)
}

/// Strips backticks, Markdown escapes, HTML entities and surrounding (nb)spaces.
pub(crate) fn clean_type_cell(raw: &str) -> String {
    let decoded = raw
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let mut out = String::with_capacity(decoded.len());
    let mut chars = decoded.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => {}
            '\u{a0}' | '\u{3000}' => out.push(' '),
            '\\' => match chars.peek() {
                Some(&n) if n.is_ascii_punctuation() => {
                    out.push(n);
                    chars.next();
                }
                // A stray backslash (`List\`, whose escaped rest was lost) carries nothing.
                _ => {}
            },
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

fn parse_clean(s: &str, depth: usize) -> DocType {
    let s = s.trim();
    if depth > MAX_TYPE_DEPTH {
        return DocType::unknown();
    }
    // Array suffix `X[]` (possibly repeated, possibly spaced `X []`).
    if let Some(inner) = s.strip_suffix("[]") {
        let inner = inner.trim_end();
        if inner.is_empty() {
            return DocType::known(Type::Array(Box::new(Type::Any)));
        }
        return parse_clean(inner, depth + 1).wrap_array();
    }
    // Go-style prefix `[]string`.
    if let Some(inner) = s.strip_prefix("[]") {
        return parse_clean(inner, depth + 1).wrap_array();
    }
    // Generics `array<X>`, `list<X>`, `map<K, V>`.
    if let Some(open) = s.find('<') {
        return parse_generic(s, open, depth);
    }
    if let Some(ty) = primitive(s) {
        return DocType::known(ty);
    }
    if s.contains('>') {
        // `array>`: a generic whose `<...` was lost.
        return match s.split('>').next().map(str::trim).and_then(primitive) {
            Some(ty @ (Type::Array(_) | Type::Map(_))) => DocType {
                ty,
                type_name: None,
                known: false,
            },
            _ => DocType::unknown(),
        };
    }
    if is_type_name(s) {
        return DocType {
            ty: Type::Object,
            type_name: Some(s.to_string()),
            known: true,
        };
    }
    DocType::unknown()
}

/// `name<args>` with `open` the byte index of the first `<`.
fn parse_generic(s: &str, open: usize, depth: usize) -> DocType {
    let (Some(name), Some(rest)) = (s.get(..open), s.get(open + 1..)) else {
        return DocType::unknown();
    };
    let Some(args) = rest.trim_end().strip_suffix('>') else {
        return DocType::unknown();
    };
    let args = split_top_level(args);
    if args.iter().any(|a| a.trim().is_empty()) {
        return DocType::unknown();
    }
    match name.trim().to_ascii_lowercase().as_str() {
        "array" | "list" | "set" | "vec" => match args.as_slice() {
            [inner] => parse_clean(inner, depth + 1).wrap_array(),
            _ => DocType::unknown(),
        },
        "map" | "dict" | "hashmap" => match args.as_slice() {
            [_key, value] => parse_clean(value, depth + 1).wrap_map(),
            [value] => parse_clean(value, depth + 1).wrap_map(),
            _ => DocType::unknown(),
        },
        _ => DocType::unknown(),
    }
}

/// Splits generic arguments at commas outside nested `<...>`. `None` pieces never occur; an
/// unbalanced argument list yields a single empty piece so the caller rejects it.
fn split_top_level(args: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut level: i32 = 0;
    let mut start = 0;
    for (i, c) in args.char_indices() {
        match c {
            '<' => level += 1,
            '>' => {
                level -= 1;
                if level < 0 {
                    return vec![""];
                }
            }
            ',' if level == 0 => {
                out.push(args.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    if level != 0 {
        return vec![""];
    }
    out.push(args.get(start..).unwrap_or(""));
    out
}

/// Primitive and placeholder type words, case-insensitive.
fn primitive(s: &str) -> Option<Type> {
    let lower = s.trim().to_ascii_lowercase();
    // `number(float)`, `number (double)`, `int(64)`: the parenthetical only refines.
    let base = match lower.split_once('(') {
        Some((b, rest)) if rest.ends_with(')') && !b.trim().is_empty() => b.trim().to_string(),
        _ => lower,
    };
    Some(match base.as_str() {
        "string" | "str" => Type::String,
        // `enum` is carried as a string; the page reader refines it by its values.
        "enum" => Type::String,
        "int" | "integer" | "long" | "short" | "int8" | "int16" | "int32" | "int64" | "uint"
        | "uint8" | "uint16" | "uint32" | "uint64" | "i8" | "i16" | "i32" | "i64" | "u8"
        | "u16" | "u32" | "u64" | "byte" => Type::Integer,
        "float" | "double" | "number" | "decimal" | "float32" | "float64" | "f32" | "f64" => {
            Type::Number
        }
        "boolean" | "bool" => Type::Boolean,
        "object" | "struct" | "json object" => Type::Object,
        "file" | "binary" => Type::File,
        "array" | "list" => Type::Array(Box::new(Type::Any)),
        "map" => Type::Map(Box::new(Type::Any)),
        "" | "-" | "/" | "—" | "–" | "－" | "--" | "any" | "union" | "undefined" | "json"
        | "interface{}" | "interface" => Type::Any,
        _ => return None,
    })
}

/// Identifier-like names: `offer_basic_info`, `app.table.record`, `departmentLeader`.
fn is_type_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !s.ends_with('.')
        && !s.contains("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arr(t: Type) -> Type {
        Type::Array(Box::new(t))
    }
    fn map(t: Type) -> Type {
        Type::Map(Box::new(t))
    }
    fn ty(raw: &str) -> Type {
        parse_doc_type(raw).ty
    }

    #[test]
    fn primitives_in_every_spelling() {
        for (raw, want) in [
            ("string", Type::String),
            ("`string`", Type::String),
            ("String", Type::String),
            ("str", Type::String),
            ("int", Type::Integer),
            ("`int`", Type::Integer),
            ("integer", Type::Integer),
            ("long", Type::Integer),
            ("int32", Type::Integer),
            ("int64", Type::Integer),
            ("i64", Type::Integer),
            ("uint64", Type::Integer),
            ("float", Type::Number),
            ("double", Type::Number),
            ("number", Type::Number),
            ("`number(float)`", Type::Number),
            ("number(double)", Type::Number),
            ("decimal", Type::Number),
            ("boolean", Type::Boolean),
            ("bool", Type::Boolean),
            ("object", Type::Object),
            ("struct", Type::Object),
            ("json object", Type::Object),
            ("enum", Type::String),
            ("`enum`", Type::String),
            ("file", Type::File),
            ("binary", Type::File),
        ] {
            let d = parse_doc_type(raw);
            assert_eq!(d.ty, want, "{raw}");
            assert!(d.known, "{raw}");
            assert_eq!(d.type_name, None, "{raw}");
        }
    }

    #[test]
    fn placeholders_are_any_and_known() {
        for raw in [
            "",
            "   ",
            "-",
            "`\\-`",
            "\\-",
            "/",
            "—",
            "union",
            "any",
            "undefined",
            "json",
            "interface{}",
            "&nbsp;-&nbsp;",
        ] {
            let d = parse_doc_type(raw);
            assert_eq!(d.ty, Type::Any, "{raw:?}");
            assert!(d.known, "{raw:?}");
        }
    }

    #[test]
    fn arrays() {
        assert_eq!(ty("`string\\[\\]`"), arr(Type::String));
        assert_eq!(ty("string[]"), arr(Type::String));
        assert_eq!(ty("int[][]"), arr(arr(Type::Integer)));
        assert_eq!(ty("`number(float)[]`"), arr(Type::Number));
        assert_eq!(ty("undefined[]"), arr(Type::Any));
        assert_eq!(ty("`\\-\\[\\]`"), arr(Type::Any));
        assert_eq!(ty("[]"), arr(Type::Any));
        assert_eq!(ty("[]string"), arr(Type::String));
        assert_eq!(ty("array"), arr(Type::Any));
        assert_eq!(ty("list"), arr(Type::Any));
        assert_eq!(ty("List\\"), arr(Type::Any));
        assert_eq!(ty("array<string>"), arr(Type::String));
        assert_eq!(ty("array&lt;int64&gt;"), arr(Type::Integer));
        assert_eq!(ty("list<string>"), arr(Type::String));
        assert_eq!(ty("List<String>"), arr(Type::String));
        assert_eq!(ty("array<byte>"), arr(Type::Integer));
        assert_eq!(ty("array<object>"), arr(Type::Object));
        assert_eq!(ty("array<interface>"), arr(Type::Any));
        assert_eq!(ty("array<array<string>>"), arr(arr(Type::String)));
    }

    #[test]
    fn maps() {
        assert_eq!(ty("map<string, string>"), map(Type::String));
        assert_eq!(ty("`map&lt;string, string&gt;`"), map(Type::String));
        assert_eq!(ty("map<string,string>"), map(Type::String));
        assert_eq!(ty("map<int64, int>"), map(Type::Integer));
        assert_eq!(ty("map<string, union>"), map(Type::Any));
        assert_eq!(ty("map<string, list<string>>"), map(arr(Type::String)));
        assert_eq!(ty("map<string, map<string, int>>"), map(map(Type::Integer)));
        assert_eq!(ty("map"), map(Type::Any));
        assert_eq!(ty("`map`"), map(Type::Any));
        let d = parse_doc_type("map<string, offer_info[]>");
        assert_eq!(d.ty, map(arr(Type::Object)));
        assert_eq!(d.type_name.as_deref(), Some("offer_info"));
    }

    #[test]
    fn named_types() {
        for (raw, want_ty, name) in [
            ("offer_basic_info", Type::Object, "offer_basic_info"),
            (
                "`offer_customized_info\\[\\]`",
                arr(Type::Object),
                "offer_customized_info",
            ),
            ("app.table.record[]", arr(Type::Object), "app.table.record"),
            ("departmentLeader[]", arr(Type::Object), "departmentLeader"),
            ("`i18n`", Type::Object, "i18n"),
            ("text_element_style", Type::Object, "text_element_style"),
            // `text` is a docx named type, not a string.
            ("`text`", Type::Object, "text"),
            ("date", Type::Object, "date"),
            ("undefined_element", Type::Object, "undefined_element"),
            ("list<Item>", arr(Type::Object), "Item"),
            (
                "list<batch_item_result>",
                arr(Type::Object),
                "batch_item_result",
            ),
            ("`offer\\_basic\\_info`", Type::Object, "offer_basic_info"),
        ] {
            let d = parse_doc_type(raw);
            assert_eq!(d.ty, want_ty, "{raw}");
            assert_eq!(d.type_name.as_deref(), Some(name), "{raw}");
            assert!(d.known, "{raw}");
        }
    }

    #[test]
    fn unknown_strings() {
        for raw in [
            "是否支持快速操作",
            "回调时带的 token， 用于业务系统验证请求来自审批",
            "attachment/attachmentV2",
            "two words",
            "map<string",
            "array<>",
            "map<a, b, c>",
            "foo<string>",
            "a..b",
            "1abc",
            "<>",
            ">",
        ] {
            let d = parse_doc_type(raw);
            assert_eq!(d.ty, Type::Any, "{raw}");
            assert!(!d.known, "{raw}");
            assert_eq!(d.type_name, None, "{raw}");
        }
        // A generic whose `<...` was lost keeps its container but is flagged.
        let d = parse_doc_type("`array>`");
        assert_eq!(d.ty, arr(Type::Any));
        assert!(!d.known);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let deep = format!("{}string{}", "array<".repeat(5000), ">".repeat(5000));
        assert!(!parse_doc_type(&deep).known);
        let brackets = format!("int{}", "[]".repeat(5000));
        assert!(!parse_doc_type(&brackets).known);
        let ok = format!("int{}", "[]".repeat(3));
        assert_eq!(ty(&ok), arr(arr(arr(Type::Integer))));
        for raw in [
            "\\", "`", "&", "&lt;", "<<>>", "[][]", "(", "number(", "é[]", "\u{a0}",
        ] {
            let _ = parse_doc_type(raw);
        }
        assert_eq!(ty("[][]"), arr(arr(Type::Any)));
    }
}
