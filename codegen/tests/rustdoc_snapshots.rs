//! Snapshots of the rustdoc of three real pages' request types, emitted with the pages their
//! links point at: a field whose cell holds a list (`im/v1/message.resource/get`
//! `message_id`), a field whose cell holds relative links to other pages of its service
//! (`corehr/v2/job_family/batch_get` `job_family_ids`), and a page description with a note
//! (`vc/v1/meeting/end`).
use feishu_codegen::{emit, format, parse_page};
use std::path::Path;

fn spec(rel: &str) -> feishu_codegen::ir::Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../specs")
        .join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_page(rel, &bytes)
}

/// The formatted file at `path` among those emitted for `pages`.
fn module(pages: &[&str], path: &str) -> String {
    let apis: Vec<_> = pages.iter().map(|p| spec(p)).collect();
    let file = emit::emit(&apis)
        .unwrap()
        .into_iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    format::format_file(file.tokens).unwrap()
}

/// The doc comment above `pub struct {name}` and the struct, without its attributes.
fn request_docs(text: &str, name: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("pub struct {name} ")))
        .unwrap_or_else(|| panic!("no struct {name}"));
    let start = (0..at)
        .rev()
        .take_while(|&i| lines[i].starts_with("///") || lines[i].starts_with("#["))
        .last()
        .unwrap_or(at);
    let end = (at..lines.len()).find(|&i| lines[i] == "}").unwrap();
    lines[start..=end]
        .iter()
        .filter(|l| !l.trim_start().starts_with("#["))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_field_with_a_list() {
    let text = module(
        &[
            "im/v1/message.resource/get.md",
            "im/v1/message/create.md",
            "im/v1/message/list.md",
            "im/v1/message/get.md",
        ],
        "im/v1/message_resource.rs",
    );
    let docs = request_docs(&text, "GetMessageResourceRequest");
    assert!(docs.contains("/// - 调用[发送消息](crate::im::v1::message::CreateMessageRequest)"));
    insta::assert_snapshot!(docs);
}

#[test]
fn a_field_with_links() {
    let text = module(
        &[
            "corehr/v2/job_family/batch_get.md",
            "corehr/v1/job_family/create.md",
            "corehr/v1/job_family/list.md",
            "corehr/v1/job_family/get.md",
        ],
        "corehr/v2/job_family.rs",
    );
    let docs = format!(
        "{}\n\n{}",
        request_docs(&text, "BatchGetJobFamilyRequest"),
        request_docs(&text, "BatchGetJobFamilyRequestBody")
    );
    assert!(!docs.contains("/ssl:ttdoc"), "{docs}");
    assert!(docs.contains("](crate::corehr::v1::job_family::CreateJobFamilyRequest) ([doc](https://open.feishu.cn/document/"));
    insta::assert_snapshot!(docs);
}

#[test]
fn a_page_description_with_a_note() {
    let text = module(&["vc/v1/meeting/end.md"], "vc/v1/meeting.rs");
    let docs = request_docs(&text, "EndMeetingRequest");
    assert!(docs.contains("/// > ⚠️"), "{docs}");
    insta::assert_snapshot!(docs);
}
