//! Secrets in `Debug` output: tokens, the app secret and header values print as
//! `<redacted>`, so a logged value never leaks them.

use std::fmt;

/// Prints `<redacted>` whatever it stands for.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// `Some(<redacted>)` or `None`: whether a secret is set shows, its value does not.
pub(crate) fn redact_option<T>(secret: &Option<T>) -> Option<Redacted> {
    secret.as_ref().map(|_| Redacted)
}
