//! TEMP stub
use crate::ir::EnumValue;
pub struct FieldDoc { pub description: String, pub example: Option<String>, pub default: Option<String>, pub enum_values: Vec<EnumValue>, pub constraints: Vec<String> }
pub fn split_field_doc(text: &str) -> FieldDoc { FieldDoc { description: text.trim().to_string(), example: None, default: None, enum_values: vec![], constraints: vec![] } }
pub fn plain_text(s: &str) -> String { s.replace('`', "").replace("**", "").trim().to_string() }
pub fn nesting_prefix(cell: &str) -> (u32, &str) {
    let t = cell.trim_start_matches(|c: char| c == '\u{a0}' || c == ' ');
    let n = cell.len() - t.len();
    match t.strip_prefix('└') { Some(r) => ((n / 4).max(1) as u32, r.trim()), None => (0, cell) }
}
