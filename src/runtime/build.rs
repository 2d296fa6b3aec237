//! The error of a generated builder's `build()`.

use std::fmt;

/// Required fields that were not set when a builder's `build()` was called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingFields {
    /// The type being built (`CreateLocationRequest`).
    pub type_name: &'static str,
    /// The wire names of the required fields left unset, in documented order.
    pub fields: Vec<&'static str>,
}

impl fmt::Display for MissingFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: required field(s) not set: {}",
            self.type_name,
            self.fields.join(", ")
        )
    }
}

impl std::error::Error for MissingFields {}
