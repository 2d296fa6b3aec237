//! Stage 3: IR → Rust tokens.
use crate::ir::Api;
use proc_macro2::TokenStream;

/// One generated file: its path relative to the output root and its tokens.
#[derive(Debug, Clone)]
pub struct EmittedFile {
    pub path: String,
    pub tokens: TokenStream,
}

/// Errors the emitter can report (a bug or an input the sanitiser could not make valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    pub source: String,
    pub message: String,
}

/// Emits the files for `apis` (already sorted by source path).
pub fn emit(apis: &[Api]) -> Result<Vec<EmittedFile>, EmitError> {
    let _ = apis;
    Ok(Vec::new())
}
