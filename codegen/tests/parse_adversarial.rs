//! Hostile and malformed pages: each gives a clear diagnostic (or a sound IR), never a panic.

use feishu_codegen::ir::{Api, Severity, Type};
use feishu_codegen::parse_page;

fn parse(src: &str) -> Api {
    parse_page("svc/v1/res/get.md", src.as_bytes())
}

fn errors(api: &Api) -> Vec<String> {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.render(&api.source))
        .collect()
}

fn warnings(api: &Api) -> Vec<String> {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.render(&api.source))
        .collect()
}

const BASIC: &str = "## 获取资源\n\n说明。\n\n## 请求\n\n| 基本 | |\n| --- | --- |\n| HTTP URL | `https://open.feishu.cn/open-apis/svc/v1/res/:id` |\n| HTTP Method | POST |\n| 支持的访问令牌 | tenant_access_token |\n\n";

#[test]
fn empty_file() {
    let api = parse("");
    assert_eq!(
        errors(&api),
        vec!["svc/v1/res/get.md:1:1: error: F041 the page is empty"]
    );
}

#[test]
fn whitespace_only_file() {
    let api = parse(" \n\n\t\n");
    assert!(errors(&api).iter().any(|e| e.contains("the page is empty")));
}

#[test]
fn no_request_table() {
    let api = parse("## 标题\n\n只有一段说明。\n\n## 请求\n\n没有表格。\n");
    let errs = errors(&api);
    assert!(
        errs.iter().any(|e| e.contains("no `HTTP URL` row")),
        "{errs:?}"
    );
    assert_eq!(api.title, "标题");
}

#[test]
fn missing_http_method() {
    let api = parse("## T\n\n## 请求\n\n| 基本 | |\n| --- | --- |\n| HTTP URL | `https://open.feishu.cn/open-apis/a/v1/b` |\n");
    assert!(errors(&api)
        .iter()
        .any(|e| e.contains("no `HTTP Method` row")));
    assert_eq!(api.path, "/open-apis/a/v1/b");
}

#[test]
fn unknown_http_method_is_an_error_with_position() {
    let api = parse("## T\n\n## 请求\n\n| 基本 | |\n| --- | --- |\n| HTTP URL | `https://open.feishu.cn/open-apis/a/v1/b` |\n| HTTP Method | FETCH |\n");
    let errs = errors(&api);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].starts_with("svc/v1/res/get.md:8:"), "{errs:?}");
    assert!(errs[0].contains("unknown HTTP method `FETCH`"));
}

#[test]
fn table_missing_name_column() {
    let src = format!(
        "{BASIC}### 请求体\n\n| 类型 | 必填 | 描述 |\n| --- | --- | --- |\n| string | 是 | x |\n"
    );
    let api = parse(&src);
    let errs = errors(&api);
    assert!(
        errs.iter()
            .any(|e| e.contains("no name column") && e.contains(":15:")),
        "{errs:?}"
    );
    assert!(api.request_body.fields.is_empty());
}

#[test]
fn table_missing_type_column_leaves_types_open() {
    let src = format!(
        "{BASIC}### 请求体\n\n| 参数名 | 必填 | 描述 |\n| --- | --- | --- |\n| name | 是 | x |\n"
    );
    let api = parse(&src);
    assert!(warnings(&api).iter().any(|w| w.contains("no type column")));
    assert_eq!(api.request_body.fields.len(), 1);
    assert_eq!(api.request_body.fields[0].ty, Type::Any);
    assert_eq!(api.request_body.fields[0].required, Some(true));
}

#[test]
fn row_with_missing_cells_is_read() {
    let src = format!("{BASIC}### 请求体\n\n| 参数名 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| short | int |\n");
    let api = parse(&src);
    assert!(errors(&api).is_empty(), "{:?}", errors(&api));
    let f = &api.request_body.fields[0];
    assert_eq!(
        (f.name.as_str(), &f.ty, f.required),
        ("short", &Type::Integer, None)
    );
}

#[test]
fn awkward_field_names_are_kept_verbatim() {
    let src = format!(
        "{BASIC}### 请求体\n\n| 参数名 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| type | string | 是 | a |\n| self | string | 否 | b |\n| 1st | int | 否 | c |\n| 名称 | string | 否 | d |\n| a-b | string | 否 | e |\n"
    );
    let api = parse(&src);
    let names: Vec<&str> = api
        .request_body
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["type", "self", "1st", "名称", "a-b"]);
    assert!(errors(&api).is_empty());
}

#[test]
fn duplicate_field_names_are_kept_for_the_emitter() {
    let src = format!(
        "{BASIC}### 请求体\n\n| 参数名 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| name | string | 是 | a |\n| name | string | 否 | b |\n"
    );
    let api = parse(&src);
    assert_eq!(api.request_body.fields.len(), 2);
}

#[test]
fn unterminated_table_and_code_block() {
    let src = format!("{BASIC}### 请求体\n\n| 参数名 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| a | string | 是 | x\n**请求体示例**\n\n```json\n{{\"a\": \"x\"\n");
    let api = parse(&src);
    // The row is read despite the missing closing pipe; the broken example is a warning.
    assert_eq!(
        api.request_body.fields.first().map(|f| f.name.as_str()),
        Some("a")
    );
    assert!(
        warnings(&api).iter().any(|w| w.contains("not valid JSON")),
        "{:?}",
        api.diagnostics
    );
}

#[test]
fn invalid_utf8_is_an_error_with_position() {
    let mut bytes = b"## T\n\nab".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"\n");
    let api = parse_page("x/v1/y/z.md", &bytes);
    let errs = errors(&api);
    assert!(
        errs.iter()
            .any(|e| e.starts_with("x/v1/y/z.md:3:3: error: F040 the page is not valid UTF-8")),
        "{errs:?}"
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let src = format!("\u{feff}{}", BASIC.replace('\n', "\r\n"));
    let api = parse(&src);
    assert!(errors(&api).is_empty(), "{:?}", errors(&api));
    assert_eq!(api.http_method, Some(feishu_codegen::ir::HttpMethod::Post));
    assert_eq!(api.path, "/open-apis/svc/v1/res/:id");
    assert_eq!(api.title, "获取资源");
}

#[test]
fn nesting_jumps_are_clamped_with_a_warning() {
    // Explicit levels (Feishu's own source) can jump: level 0 then level 3.
    let row = |level: u32, name: &str, ty: &str| {
        format!(
            "<md-dt-tr level=\"{level}\"><md-dt-td><md-text type=\"field-name\">{name}</md-text></md-dt-td><md-dt-td><md-text type=\"field-type\">{ty}</md-text></md-dt-td><md-dt-td>否</md-dt-td><md-dt-td>x</md-dt-td></md-dt-tr>\n"
        )
    };
    let src = format!(
        "{BASIC}### 请求体\n:::html\n<md-dt-table><md-dt-thead><md-dt-tr><md-dt-th>名称</md-dt-th><md-dt-th>类型</md-dt-th><md-dt-th>必填</md-dt-th><md-dt-th>描述</md-dt-th></md-dt-tr></md-dt-thead><md-dt-tbody>\n{}{}</md-dt-tbody></md-dt-table>\n:::\n",
        row(0, "a", "object"),
        row(3, "b", "string")
    );
    let api = parse(&src);
    let w = warnings(&api);
    assert!(
        w.iter().any(|w| w.contains("field `b` is nested 3 levels below its parent; read as one level")),
        "{:?}",
        api.diagnostics
    );
    assert_eq!(api.request_body.fields.len(), 1);
    assert_eq!(api.request_body.fields[0].children()[0].name, "b");
}

#[test]
fn nesting_by_prefix_width_is_relative() {
    // `└` prefixes nest by their width relative to the rows above, whatever the unit.
    let src = format!(
        "{BASIC}### 请求体\n\n| 名称 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| `a` | `object` | 是 | x |\n| &emsp;∟ `b` | `object` | 否 | y |\n| &emsp;&emsp;∟ `c` | `string` | 否 | z |\n| &emsp;∟ `d` | `string` | 否 | w |\n| `e` | `string` | 否 | v |\n"
    );
    let api = parse(&src);
    let top: Vec<&str> = api
        .request_body
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(top, ["a", "e"]);
    let a = &api.request_body.fields[0];
    let under_a: Vec<&str> = a.children().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(under_a, ["b", "d"]);
    assert_eq!(a.children()[0].children()[0].name, "c");
}

#[test]
fn broken_error_codes_are_skipped_with_warnings() {
    let src = format!(
        "{BASIC}### 错误码\n\n| HTTP状态码 | 错误码 | 描述 | 排查建议 |\n| --- | --- | --- | --- |\n| 400 | 99999999999999999999999 | huge | - |\n| -5 | 1 | neg status | - |\n| 400 | 1 | dup | - |\n| 400 | abc | text | - |\n"
    );
    let api = parse(&src);
    assert_eq!(api.errors.len(), 1);
    assert_eq!(api.errors[0].code, 1);
    assert_eq!(api.errors[0].http_status, None);
    let w = warnings(&api).join("\n");
    assert!(w.contains("is not an integer"), "{w}");
    assert!(w.contains("listed twice"), "{w}");
    assert!(w.contains("HTTP status `-5`"), "{w}");
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "|",
        "||\n|-|",
        "| a |\n| --- |\n|",
        "```",
        ":::html",
        ":::html\n<md-dt-tr level=\"x\">",
        "---\n",
        "---\ntitle: \n",
        "# \n## 请求\n| 基本 | |\n| --- | --- |\n| HTTP URL | |\n",
        "**类型额外说明**:\n- **a** 类型说明:\n  - **b** (object):\n",
        "\u{0}\u{1}\u{2}",
        "## 请求\n| HTTP URL | `http://` |",
    ];
    for i in inputs {
        let api = parse(i);
        let _ = serde_json::to_string(&api).map_err(|e| panic!("{i:?}: {e}"));
    }
}
