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

#[test]
fn a_labelled_table_of_control_types_is_the_values_of_form_type() {
    // `form`'s description points to `**控件信息**`; the `名称 | 类型` tables under that
    // label (lines 83-103, then one after each example) list the control types. They were
    // read as more response fields (`单行文本`, `多行文本`, ...).
    let api = spec("approval/v2/approval/get.md");
    let names: Vec<&str> = api
        .response_body
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["approval_name", "status", "form", "node_list", "viewers"]
    );
    let ty = find(&api.response_body.fields, &["form", "type"]);
    let values: Vec<(&str, &str)> = ty
        .enum_values
        .iter()
        .flatten()
        .map(|v| (v.value.as_str(), v.description.as_str()))
        .collect();
    assert_eq!(values.first(), Some(&("input", "单行文本")));
    // `attachment/attachmentV2` is two values of one control.
    assert!(values.contains(&("attachment", "附件")));
    assert!(values.contains(&("attachmentV2", "附件")));
    // The later tables add to the list, once per value.
    assert!(values.contains(&("radioV2", "单选")));
    assert!(values.contains(&("fieldList", "明细")));
    assert_eq!(
        values.iter().filter(|(v, _)| *v == "telephone").count(),
        1,
        "{values:?}"
    );
    // No other field of the page took them.
    assert!(find(&api.response_body.fields, &["form", "name"])
        .enum_values
        .is_none());
}

#[test]
fn a_field_table_under_a_bold_label_stays_a_field_table() {
    // The rule needs a label that a field points to and a column of wire values that are
    // not all types: a `名称 | 类型` table of fields under a label reads as fields.
    let page = "# 获取\n\n## 请求\n\n| 基本 | 值 |\n| --- | --- |\n| HTTP URL | https://open.feishu.cn/open-apis/x/v1/items |\n| HTTP Method | POST |\n\n### 请求体\n\n| 名称 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| form | object | 是 | 见 **控件信息** |\n| &emsp;∟type | string | 是 | 类型 |\n\n**控件信息**:\n\n| 名称 | 类型 |\n| --- | --- |\n| title | string |\n| count | int |\n";
    let api = parse_page("x/v1/item/create.md", page.as_bytes());
    let form = find(&api.request_body.fields, &["form"]);
    assert!(find(&api.request_body.fields, &["form", "type"])
        .enum_values
        .is_none());
    let top: Vec<&str> = api
        .request_body
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert!(
        top.contains(&"title") && top.contains(&"count"),
        "{top:?} {form:?}"
    );
}
