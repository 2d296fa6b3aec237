//! Emitted-code snapshots of the 35 reference-flavour pages (`tests/fixtures/feishu-a`): each
//! page is read, emitted on its own and formatted; the resource module's code is snapshotted
//! and must parse with syn. (The same pages, in `specs/`, are compiled and round-tripped by
//! the root crate's tests.)

use feishu_codegen::{emit, format, parse_page};
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

#[test]
fn reference_pages_emit_snapshots() {
    let pages = pages();
    assert_eq!(pages.len(), 35);
    for p in pages {
        let rel = p
            .strip_prefix(ROOT)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let api = parse_page(&rel, &std::fs::read(&p).unwrap());
        assert!(!api.has_errors(), "{rel}: {:?}", api.diagnostics);
        let files = emit::emit(std::slice::from_ref(&api)).expect("emit");
        let resource = files
            .into_iter()
            .find(|f| f.path.matches('/').count() == 2)
            .expect("a resource module");
        let text = format::format_file(resource.tokens).expect("format");
        syn::parse_file(&text)
            .unwrap_or_else(|e| panic!("{rel}: emitted code does not parse: {e}"));
        let name = format!("emit_{}", rel.trim_end_matches(".md").replace('/', "__"));
        insta::assert_snapshot!(name, text);
    }
}
