//! Inputs found by the cargo-fuzz targets in `fuzz/` (see docs/TESTING.md, "Fuzzing"), replayed
//! with the same checks the targets make:
//! - `parse_page`: the parser does not panic and the IR reads back unchanged through JSON;
//! - `pipeline`: a page without error diagnostics emits (or is refused with an `EmitError`),
//!   every emitted file formats, and the formatted text parses again.
//!
//! Each file in `fixtures/fuzz/pages/` is one fuzzer-made page (kept as the fuzzer wrote it,
//! so odd bytes are the point). A crash the fuzzer finds gets its own named test below with
//! its minimised input.

use feishu_codegen::ir::Api;
use feishu_codegen::{emit, format, parse_page};
use std::path::{Path, PathBuf};

const SOURCE: &str = "svc/v1/res/get.md";

#[derive(Debug, PartialEq, Eq)]
enum Reached {
    /// The page had error diagnostics: nothing emitted.
    ParseErrors,
    /// The emitter refused the IR with an `EmitError`.
    EmitRefused,
    /// This many files were emitted, formatted and parsed again.
    Formatted(usize),
}

/// The checks of the `parse_page` and `pipeline` fuzz targets; panics with the reason when
/// one fails.
fn replay(name: &str, bytes: &[u8]) -> Reached {
    let api = parse_page(SOURCE, bytes);
    let json = serde_json::to_string(&api).unwrap_or_else(|e| panic!("{name}: IR: {e}"));
    let back: Api = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(back == api, "{name}: the IR changed through JSON");
    if api.has_errors() {
        return Reached::ParseErrors;
    }
    let Ok(files) = emit::emit(std::slice::from_ref(&api)) else {
        return Reached::EmitRefused;
    };
    let n = files.len();
    for file in files {
        let tokens = file.tokens.to_string();
        let text = format::format_file(file.tokens).unwrap_or_else(|e| {
            panic!(
                "{name}: emitted {} does not format: {e}\n{tokens}",
                file.path
            )
        });
        if let Err(e) = syn::parse_file(&text) {
            panic!(
                "{name}: formatted {} does not parse again: {e}\n{text}",
                file.path
            );
        }
    }
    Reached::Formatted(n)
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn fuzzer_pages_replay_cleanly() {
    let pages = fixtures("pages");
    assert!(pages.len() >= 5, "expected the committed fuzzer pages");
    let mut formatted = 0;
    for path in &pages {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        if let Reached::Formatted(n) = replay(&name, &bytes) {
            assert!(
                n >= 3,
                "{name}: services.rs, the service file and a resource file"
            );
            formatted += 1;
        }
    }
    // Some of the pages must get through the whole pipeline, or this test checks only the parser.
    assert!(
        formatted >= 5,
        "only {formatted} pages reached the formatter"
    );
}
