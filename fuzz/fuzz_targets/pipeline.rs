//! Any bytes as a doc page, through the whole pipeline: parse → (no error diagnostics) →
//! emit → format. Nothing panics; the emitter may refuse an input with an `EmitError`, but
//! whatever it emits must parse with syn (`format_file` fails only on tokens that are not a
//! valid file), and the formatted text must parse again.
#![no_main]

use feishu_codegen::{emit, format, parse_page};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let api = parse_page("svc/v1/res/get.md", data);
    if api.has_errors() {
        return;
    }
    let Ok(files) = emit::emit(std::slice::from_ref(&api)) else {
        return;
    };
    for file in files {
        let tokens = file.tokens.to_string();
        let text = match format::format_file(file.tokens) {
            Ok(text) => text,
            Err(e) => panic!("emitted {} does not format: {e}\n{tokens}", file.path),
        };
        if let Err(e) = syn::parse_file(&text) {
            panic!("formatted {} does not parse again: {e}\n{text}", file.path);
        }
    }
});
