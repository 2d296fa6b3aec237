//! The Markdown other converters write, one form per test, each read by meaning into the IR
//! the `feishu-c` form gives (the metamorphic test, `tests/metamorphic.rs`, checks the same
//! over 269 real pages). The corpus holds one real page in one of these forms
//! (`approval/v3/instance/check`, nesting by `&emsp;` alone), tested here on `specs/`.

use feishu_codegen::ir::{Api, Field};
use feishu_codegen::parse_page;
use std::path::Path;

fn page(md: &str) -> Api {
    parse_page("im/v1/chat/create.md", md.as_bytes())
}

fn names(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
    for f in fields {
        out.push(format!("{prefix}{}", f.name));
        names(f.children(), &format!("{prefix}{}.", f.name), out);
    }
}

fn tree(fields: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    names(fields, "", &mut out);
    out
}

fn messages(api: &Api) -> Vec<String> {
    api.diagnostics.iter().map(|d| d.message.clone()).collect()
}

const REQUEST: &str = "## 请求\n\n| 项目 | 值 |\n| --- | --- |\n| HTTP URL | https://open.feishu.cn/open-apis/im/v1/chats |\n| HTTP Method | POST |\n\n";

#[test]
fn tables_without_outer_pipes() {
    let api = page(&format!(
        "# 创建群\n\n{REQUEST}### 请求体\n\n名称 | 类型 | 必填 | 描述\n--- | --- | --- | ---\n`name` | `string` | 是 | 群名称\n`size` | `int` | 否 | 人数\n"
    ));
    assert_eq!(tree(&api.request_body.fields), ["name", "size"]);
    assert_eq!(api.request_body.fields[0].required, Some(true));
    assert_eq!(api.request_body.fields[1].ty.to_string(), "integer");
    assert!(messages(&api).is_empty(), "{:?}", messages(&api));
}

#[test]
fn a_misaligned_delimiter_row_without_outer_pipes_is_repaired_too() {
    let api = page(&format!(
        "# 创建群\n\n{REQUEST}### 请求体\n\n名称 | 类型 | 必填 | 描述\n--- | --- | --- | --- | ---\nname | string | 是 | 群名称\n"
    ));
    assert_eq!(tree(&api.request_body.fields), ["name"]);
    assert!(messages(&api).contains(
        &"the table's delimiter row has 5 cells under a 4-cell header; read with 4 columns"
            .to_string()
    ));
}

#[test]
fn cells_continued_by_hard_breaks() {
    // Two trailing spaces, then a backslash, then a lone backslash (an empty line); the row
    // ends at the line that starts the next row.
    let md = format!(
        "# 创建群\n\n{REQUEST}### 请求体\n\n| 名称 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| `name` | `string` | 否 | 群名称  \n**示例值**：\"测试群\"\\\n\\\n**默认值**：`(无主题)` |\n| `size` | `int` | 否 | 人数 |\n"
    );
    let api = page(&md);
    let f = &api.request_body.fields;
    assert_eq!(tree(f), ["name", "size"]);
    assert_eq!(f[0].description, "群名称");
    assert_eq!(f[0].example.as_deref(), Some("测试群"));
    assert_eq!(f[0].default.as_deref(), Some("(无主题)"));
    assert_eq!(f[1].line, 18);
}

#[test]
fn cells_continued_in_a_table_without_outer_pipes() {
    let md = format!(
        "# 创建群\n\n{REQUEST}### 请求体\n\n名称 | 类型 | 必填 | 描述\n--- | --- | --- | ---\n`chat_mode` | `string` | 否 | 群模式  \n**可选值有**：  \n- group：群组  \n- topic：话题\n`size` | `int` | 否 | 人数\n"
    );
    let api = page(&md);
    let f = &api.request_body.fields;
    assert_eq!(tree(f), ["chat_mode", "size"]);
    let values: Vec<(&str, &str)> = f[0]
        .enum_values
        .iter()
        .flatten()
        .map(|v| (v.value.as_str(), v.description.as_str()))
        .collect();
    assert_eq!(values, [("group", "群组"), ("topic", "话题")]);
    assert_eq!(f[0].description, "群模式");
}

#[test]
fn in_cell_blocks_with_a_multi_line_json_example() {
    let md = format!(
        "# 创建群\n\n{REQUEST}### 请求体\n\n| 名称 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| `user_id_list` | `string[]` | 否 | 群成员  \n**示例值**：  \n[  \n  \"ou_1\",  \n  \"ou_2\"  \n]  \n**数据校验规则**：  \n- 最大长度：`50` |\n"
    );
    let api = page(&md);
    let f = &api.request_body.fields[0];
    assert_eq!(f.example.as_deref(), Some(r#"["ou_1", "ou_2"]"#));
    assert_eq!(f.constraints, ["最大长度：50"]);
    assert_eq!(f.description, "群成员");
}

#[test]
fn an_unclosed_multi_line_json_example_stays_in_the_description() {
    let md = format!(
        "# 创建群\n\n{REQUEST}### 请求体\n\n| 名称 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| `ids` | `string[]` | 否 | 成员  \n**示例值**：[  \n\"ou_1\" |\n"
    );
    let f = &page(&md).request_body.fields[0];
    assert_eq!(f.example.as_deref(), Some("["));
    assert_eq!(f.description, "成员\n\"ou_1\"");
}

#[test]
fn name_value_request_table_with_a_full_url() {
    let api = page(
        "# 创建群\n\n## 请求\n\n名称 | 值\n--- | ---\nHTTP URL | <https://open.feishu.cn/open-apis/im/v1/chats/:chat_id>\nHTTP Method | `PATCH`\n支持的应用类型 | custom,isv\n",
    );
    assert_eq!(api.path.to_string(), "/open-apis/im/v1/chats/:chat_id");
    assert_eq!(api.host, None);
    assert_eq!(api.http_method.map(|m| m.as_str()), Some("PATCH"));
    assert_eq!(api.app_types, ["custom", "isv"]);
}

fn nested(rows: &[&str]) -> Api {
    let mut md = format!(
        "# 创建群\n\n{REQUEST}### 请求体\n\n| 名称 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n"
    );
    for r in rows {
        md.push_str(r);
        md.push('\n');
    }
    page(&md)
}

const NESTED: [&str; 4] = ["a", "a.b", "a.b.c", "d"];

#[test]
fn nesting_by_emsp_alone() {
    let api = nested(&[
        "| a | object | 否 | x |",
        "| &emsp;b | object | 否 | x |",
        "| &emsp;&emsp;c | string | 否 | x |",
        "| d | string | 否 | x |",
    ]);
    assert_eq!(tree(&api.request_body.fields), NESTED);
}

#[test]
fn nesting_by_spaces_inside_the_cell() {
    let api = nested(&[
        "|a | object | 否 | x |",
        "|   b | object | 否 | x |",
        "|     c | string | 否 | x |",
        "| d | string | 否 | x |",
    ]);
    assert_eq!(tree(&api.request_body.fields), NESTED);
}

#[test]
fn nesting_by_a_leading_corner() {
    let api = nested(&[
        "| a | object | 否 | x |",
        "| └ b | object | 否 | x |",
        "|   └ c | string | 否 | x |",
        "| d | string | 否 | x |",
    ]);
    assert_eq!(tree(&api.request_body.fields), NESTED);
}

#[test]
fn front_matter_title_and_source_url_without_a_title_heading() {
    let api = page(&format!(
        "---\ntitle: 创建群\nsource_url: https://open.feishu.cn/document/server-docs/group/chat/create\n---\n\n## 前提条件\n\n应用需要开启机器人能力。\n\n{REQUEST}"
    ));
    assert_eq!(api.title, "创建群");
    assert_eq!(api.description, "**前提条件**\n\n应用需要开启机器人能力。");
    assert_eq!(api.path.to_string(), "/open-apis/im/v1/chats");
}

#[test]
fn real_page_nesting_by_emsp_alone() {
    // `|data|map|` then `|&emsp;diff_times|list|` then `|&emsp;&emsp;∟instance_id|`: the
    // rows under `data` were read as its siblings and dropped with the envelope.
    let rel = "approval/v3/instance/check.md";
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(rel);
    let api = parse_page(rel, &std::fs::read(p).unwrap());
    assert_eq!(
        tree(&api.response_body.fields),
        [
            "diff_times",
            "diff_times.instance_id",
            "diff_times.update_time",
            "diff_times.tasks",
            "diff_times.tasks.task_id",
            "diff_times.tasks.update_time",
        ]
    );
    assert_eq!(api.response_body.fields[0].ty.to_string(), "array<object>");
}

#[test]
fn nesting_by_tree_drawing_corners() {
    let api = nested(&[
        "| a | object | 否 | x |",
        "| ├─ b | object | 否 | x |",
        "|   └── c | string | 否 | x |",
        "| d | string | 否 | x |",
    ]);
    assert_eq!(tree(&api.request_body.fields), NESTED);
}

#[test]
fn a_json_example_alone_on_the_line_after_its_marker() {
    let md = format!(
        "# 创建群\n\n{REQUEST}### 请求体\n\n| 名称 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| `ids` | `string[]` | 否 | 成员  \n**示例值**：  \n[\"ou_1\", \"ou_2\"]  \n**默认值**：`[]` |\n"
    );
    let f = &page(&md).request_body.fields[0];
    assert_eq!(f.example.as_deref(), Some(r#"["ou_1", "ou_2"]"#));
    assert_eq!(f.default.as_deref(), Some("[]"));
    assert_eq!(f.description, "成员");
}

/// An event page's envelope table: the same event fields whichever way a converter nests
/// the rows or writes the table's pipes.
#[test]
fn an_event_page_in_other_converters_forms() {
    let basic = "## 事件\n\n| 项目 | 值 |\n| --- | --- |\n| 事件类型 | im.chat.updated_v1 |\n\n### 事件体\n\n";
    let c = "| 名称 | 类型 | 描述 |\n| --- | --- | --- |\n| `schema` | `string` | 事件模式 |\n| `header` | `event_header` | 事件头 |\n| &nbsp;&nbsp;└ `event_id` | `string` | 事件 ID |\n| `event` | `\\-` | \\- |\n| &nbsp;&nbsp;└ `chat_id` | `string` | 群 ID |\n| &nbsp;&nbsp;└ `owner` | `user_id` | 群主 |\n| &nbsp;&nbsp;&nbsp;&nbsp;└ `open_id` | `string` | open id |\n";
    let emsp_no_pipes = "名称 | 类型 | 描述\n--- | --- | ---\nschema | string | 事件模式\nheader | event_header | 事件头\n&emsp;event_id | string | 事件 ID\nevent | - | -\n&emsp;chat_id | string | 群 ID\n&emsp;owner | user_id | 群主\n&emsp;&emsp;open_id | string | open id\n";
    let read = |table: &str| {
        let md = format!("# 群配置更改\n\n{basic}{table}");
        match feishu_codegen::parse_item("im/v1/chat/events/updated.md", md.as_bytes()) {
            feishu_codegen::ir::Item::Event(e) => e,
            other => panic!("not an event: {other:?}"),
        }
    };
    let (a, b) = (read(c), read(emsp_no_pipes));
    for e in [&a, &b] {
        assert_eq!(tree(&e.event.fields), ["chat_id", "owner", "owner.open_id"]);
        assert_eq!(e.id.to_string(), "im/v1/chat/updated");
        assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
    }
    assert_eq!(a.event.fields[1].doc_type, "user_id");
    assert_eq!(b.event.fields[1].doc_type, "user_id");
}
