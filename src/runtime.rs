//! PLACEHOLDER from the `infra` branch so the crate compiles; the emitter branch owns the real
//! hand-written runtime (`Endpoint`, ...), which replaces this file at merge.

/// Placeholder item (removed at merge).
#[doc(hidden)]
pub enum RuntimePlaceholder {}
