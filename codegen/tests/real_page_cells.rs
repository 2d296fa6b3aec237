//! Cell text of real pages of `specs/` that a strict reading cut short: masked ids
//! (`"****_***"`) read as bold delimiters, and regexes whose `|` split their cell.

use feishu_codegen::ir::{Api, Field};
use feishu_codegen::parse_page;
use std::path::Path;

fn spec(rel: &str) -> Api {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(rel);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
    parse_page(rel, &bytes)
}

fn find<'a>(fields: &'a [Field], path: &[&str]) -> &'a Field {
    let (first, rest) = path.split_first().expect("a path");
    let f = fields
        .iter()
        .find(|f| f.name == *first)
        .unwrap_or_else(|| panic!("no field `{first}`"));
    if rest.is_empty() {
        f
    } else {
        find(f.children.as_deref().unwrap_or(&[]), rest)
    }
}

#[test]
fn a_masked_example_is_one_value() {
    // Line 61: `**示例值**："****_***"` gave the example `"` and the description `****_***"`.
    let api = spec("attendance/v1/user_flow/batch_create.md");
    let f = find(&api.request_body.fields, &["flow_records", "idempotent_id"]);
    assert_eq!(f.example.as_deref(), Some("****_***"));
    assert_eq!(f.description, "唯一幂等键，不传的话无法实现幂等处理");

    let api = spec("im/v1/message.reaction/create.md");
    let f = find(&api.path_params, &["message_id"]);
    assert_eq!(
        f.example.as_deref(),
        Some("om_a8f2294b************a1a38afaac9d")
    );
    assert!(!f.description.contains('*'), "{}", f.description);
}

#[test]
fn a_regex_with_alternatives_keeps_its_cell() {
    // Line 44: the regex's first `|` ended the cell, and with it the constraint.
    let api = spec("corehr/v2/custom_org/active.md");
    let f = find(&api.request_body.fields, &["effective_time"]);
    let regex = f
        .constraints
        .iter()
        .find(|c| c.starts_with("正则校验"))
        .expect("the regex constraint");
    assert!(
        regex.ends_with("|((([0-9]{2})(0[48]|[2468][048]|[13579][26])|((0[48]|[2468][048]|[3579][26])00))-02-29))$"),
        "{regex}"
    );
    assert_eq!(regex.matches('|').count(), 19, "{regex}");
    assert_eq!(f.example.as_deref(), Some("2020-01-01"));
    assert_eq!(f.required, Some(true));
}
