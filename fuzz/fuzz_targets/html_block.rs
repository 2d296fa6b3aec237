//! Any text as the content of a `:::html` block: the reader never panics.
#![no_main]

use feishu_codegen::parse::blocks::Pos;
use feishu_codegen::parse::html::read_html_block;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let mut diags = Vec::new();
    let _blocks = read_html_block(src, Pos::new(3, 1), &mut diags);
});
