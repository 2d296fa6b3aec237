//! IR snapshots of the 35 reference-flavour pages (copied from the corpus into
//! `tests/fixtures/feishu-a`). Review changes with `cargo insta review`.

use feishu_codegen::ir::Api;
use feishu_codegen::parse_page;
use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/feishu-a");

fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "md") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new(ROOT), &mut out);
    out
}

fn read(p: &Path) -> Api {
    let rel = p
        .strip_prefix(ROOT)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    parse_page(&rel, &std::fs::read(p).unwrap())
}

#[test]
fn reference_pages_read_without_errors() {
    let pages = pages();
    assert_eq!(pages.len(), 35);
    let failing: Vec<String> = pages
        .iter()
        .map(|p| read(p))
        .filter(|a| a.has_errors())
        .map(|a| {
            let errs: Vec<String> = a.diagnostics.iter().map(|d| d.render(&a.source)).collect();
            errs.join("\n")
        })
        .collect();
    assert!(
        failing.is_empty(),
        "pages with errors:\n{}",
        failing.join("\n")
    );
}

#[test]
fn reference_page_snapshots() {
    for p in pages() {
        let api = read(&p);
        let name = api.source.trim_end_matches(".md").replace('/', "__");
        insta::assert_json_snapshot!(name, api);
    }
}

#[test]
fn seed_page_ir() {
    let api = read(&Path::new(ROOT).join("vc/v1/meeting/end.md"));
    assert_eq!(api.id.to_string(), "vc/v1/meeting/end");
    assert_eq!(api.http_method, Some(feishu_codegen::ir::HttpMethod::Patch));
    assert_eq!(api.path, "/open-apis/vc/v1/meetings/:meeting_id/end");
    assert_eq!(api.path_params.len(), 1);
    assert_eq!(api.path_params[0].name, "meeting_id");
    assert_eq!(api.path_params[0].ty.to_string(), "string");
    let json = serde_json::to_value(&api).unwrap();
    assert_eq!(json["access_tokens"], serde_json::json!(["user"]));
    assert_eq!(json["scopes"], serde_json::json!(["vc:meeting"]));
    assert_eq!(api.errors.len(), 7);
    let e = api.errors.iter().find(|e| e.code == 122002).unwrap();
    assert_eq!(e.http_status, Some(404));
    assert_eq!(e.description, "meeting not exist");
    assert_eq!(e.advice, "所操作的会议不存在");
    assert!(api
        .errors
        .iter()
        .all(|e| e.http_status.is_some() && !e.advice.is_empty()));
    let sdk = api.sdk.as_ref().unwrap();
    assert_eq!(sdk.request_builder, "larkvc.NewEndMeetingReqBuilder");
    assert_eq!(sdk.call, "client.Vc.V1.Meeting.End");
    assert_eq!(api.title, "结束会议");
    assert!(api.description.contains("结束一个进行中的会议"));
}
