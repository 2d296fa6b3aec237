//! Blocks → IR: sections and tables matched by meaning.
use crate::ir::Api;

pub fn read_page(source: &str, bytes: &[u8]) -> Api {
    let _ = (source, bytes);
    todo!()
}
