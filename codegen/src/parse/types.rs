//! TEMP stub
use crate::ir::Type;
pub struct DocType { pub ty: Type, pub type_name: Option<String>, pub known: bool }
pub fn parse_doc_type(raw: &str) -> DocType {
    let s = raw.trim().trim_matches('`').replace("\\[", "[").replace("\\]", "]");
    let (base, arr) = match s.strip_suffix("[]") { Some(b) => (b.to_string(), true), None => (s.clone(), false) };
    let (ty, tn) = match base.as_str() {
        "string" => (Type::String, None),
        "int" | "integer" | "int64" | "long" => (Type::Integer, None),
        "float" | "number" | "number(float)" => (Type::Number, None),
        "boolean" | "bool" => (Type::Boolean, None),
        "object" => (Type::Object, None),
        "-" | "\\-" | "" | "undefined" => (Type::Any, None),
        "file" => (Type::File, None),
        "array" => (Type::Array(Box::new(Type::Any)), None),
        other => (Type::Object, Some(other.to_string())),
    };
    let ty = if arr { Type::Array(Box::new(ty)) } else { ty };
    DocType { ty, type_name: tn, known: true }
}
