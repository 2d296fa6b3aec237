//! Any bytes as a doc page: the parser never panics, and the IR it returns serialises to
//! JSON and reads back unchanged (the IR is the serde contract between stages).
#![no_main]

use feishu_codegen::ir::Api;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let api = feishu_codegen::parse_page("svc/v1/res/get.md", data);
    let json = match serde_json::to_string(&api) {
        Ok(json) => json,
        Err(e) => panic!("the IR does not serialise: {e}\n{api:#?}"),
    };
    let back: Api = match serde_json::from_str(&json) {
        Ok(back) => back,
        Err(e) => panic!("the IR's JSON does not read back: {e}\n{json}"),
    };
    assert!(back == api, "the IR changed through JSON\n{json}");
});
