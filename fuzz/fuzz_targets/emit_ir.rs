//! Any JSON that reads as an IR [`Api`], straight into emit → format, bypassing the parser:
//! field names, types, docs and ids the parser would rarely produce. The emitter may refuse
//! an input with an `EmitError`; whatever it emits must format (parse with syn).
#![no_main]

use feishu_codegen::ir::Api;
use feishu_codegen::{emit, format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(api) = serde_json::from_slice::<Api>(data) else {
        return;
    };
    let Ok(files) = emit::emit(std::slice::from_ref(&api)) else {
        return;
    };
    for file in files {
        let tokens = file.tokens.to_string();
        if let Err(e) = format::format_file(file.tokens) {
            panic!("emitted {} does not format: {e}\n{tokens}", file.path);
        }
    }
});
