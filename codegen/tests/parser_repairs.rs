//! What the parser repairs, it says: each repair or refusal comes with a diagnostic naming the
//! page and line, and the IR the emitter receives needs no further repair.

use feishu_codegen::ir::{Api, HttpMethod, PathSegment, Severity};
use feishu_codegen::parse_page;
use std::path::Path;

fn spec(rel: &str) -> Api {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(rel);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
    parse_page(rel, &bytes)
}

fn rendered(api: &Api, severity: Severity) -> Vec<String> {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.render(&api.source))
        .collect()
}

/// A real page with its `### 路径参数` section (heading to the next heading) blanked out,
/// line count kept so that positions stay those of the page.
fn without_path_section(rel: &str) -> Api {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(rel);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
    let mut inside = false;
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            if l.starts_with('#') {
                inside = l.contains("路径参数");
            }
            if inside {
                ""
            } else {
                l
            }
        })
        .collect();
    parse_page(rel, lines.join("\n").as_bytes())
}

#[test]
fn undocumented_path_parameter_is_added_with_a_warning() {
    let api = without_path_section("doc/v2/content/get.md");
    let path_warnings: Vec<String> = rendered(&api, Severity::Warning)
        .into_iter()
        .filter(|w| w.contains("path-parameter"))
        .collect();
    assert_eq!(
        path_warnings,
        vec!["doc/v2/content/get.md:26:13: warning: F006 the HTTP URL has the parameter `:docToken` but no path-parameter row documents it; read as a required string"]
    );
    let p: Vec<(&str, Option<bool>, u32)> = api
        .path_params
        .iter()
        .map(|f| (f.name.as_str(), f.required, f.line))
        .collect();
    assert_eq!(p, vec![("docToken", Some(true), 26)]);
    assert_eq!(api.path.params().collect::<Vec<_>>(), vec!["docToken"]);
    // The page as written documents it: no repair, no warning.
    let full = spec("doc/v2/content/get.md");
    assert!(!rendered(&full, Severity::Warning)
        .iter()
        .any(|w| w.contains("path-parameter")));
    assert_eq!(full.path_params.len(), 1);
}

#[test]
fn documented_path_parameters_need_no_repair() {
    let api = spec("vc/v1/meeting/end.md");
    assert!(
        !api.diagnostics
            .iter()
            .any(|d| d.message.contains("path-parameter row")),
        "{:?}",
        api.diagnostics
    );
    assert_eq!(api.path_params.len(), 1);
}

#[test]
fn path_template_is_parsed_into_segments_and_keeps_its_text() {
    let api = spec("vc/v1/meeting/end.md");
    assert_eq!(
        api.path.segments(),
        &[
            PathSegment::Literal(String::new()),
            PathSegment::Literal("open-apis".into()),
            PathSegment::Literal("vc".into()),
            PathSegment::Literal("v1".into()),
            PathSegment::Literal("meetings".into()),
            PathSegment::Param("meeting_id".into()),
            PathSegment::Literal("end".into()),
        ]
    );
    let json = serde_json::to_value(&api).unwrap();
    assert_eq!(json["path"], "/open-apis/vc/v1/meetings/:meeting_id/end");
    assert_eq!(json["http_method"], "PATCH");
    let back: Api = serde_json::from_value(json).unwrap();
    assert_eq!(back, api);
}

fn page_with_method(method: &str) -> Api {
    let src = format!("## 获取资源\n\n说明。\n\n## 请求\n\n| 基本 | |\n| --- | --- |\n| HTTP URL | `https://open.feishu.cn/open-apis/svc/v1/res` |\n| HTTP Method | {method} |\n| 支持的访问令牌 | tenant_access_token |\n\n");
    parse_page("svc/v1/res/get.md", src.as_bytes())
}

#[test]
fn methods_the_runtime_cannot_send_are_errors() {
    for m in ["HEAD", "OPTIONS"] {
        let api = page_with_method(m);
        assert_eq!(api.http_method, None);
        assert_eq!(
            rendered(&api, Severity::Error),
            vec![format!("svc/v1/res/get.md:10:16: error: F044 HTTP method `{m}` is not supported (GET, POST, PUT, PATCH, DELETE)")]
        );
    }
    let api = page_with_method("FETCH");
    assert_eq!(
        rendered(&api, Severity::Error),
        vec!["svc/v1/res/get.md:10:16: error: F044 unknown HTTP method `FETCH`"]
    );
    assert_eq!(
        page_with_method("patch").http_method,
        Some(HttpMethod::Patch)
    );
    let none = serde_json::to_value(page_with_method("HEAD")).unwrap();
    assert_eq!(none["http_method"], "");
}

#[test]
fn an_overlong_description_is_cut_at_a_character_limit_with_an_error() {
    // 3-byte characters: a byte count would cut at a third of the limit, and silently.
    let long = "说".repeat(300_000);
    let src = format!("## 获取资源\n\n{long}\n\n## 请求\n\n| 基本 | |\n| --- | --- |\n| HTTP URL | `https://open.feishu.cn/open-apis/svc/v1/res` |\n| HTTP Method | GET |\n");
    let api = parse_page("svc/v1/res/get.md", src.as_bytes());
    assert_eq!(api.description.chars().count(), 256 * 1024);
    assert!(
        rendered(&api, Severity::Error).iter().any(|e| e
            == "svc/v1/res/get.md:1:1: error: F047 the description has 300000 characters, more than 262144; the rest is dropped"),
        "{:?}",
        api.diagnostics
    );
}
