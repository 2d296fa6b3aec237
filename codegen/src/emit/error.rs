//! What the emitter reports when it cannot render: a bug, or an input the sanitiser could
//! not make valid. Every renderer returns it, naming the page.
use std::fmt;

/// Errors the emitter can report (a bug or an input the sanitiser could not make valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    /// The page the problem came from (`vc/v1/meeting/end.md`), or empty.
    pub source: String,
    pub message: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.source, self.message)
        }
    }
}

impl std::error::Error for EmitError {}
