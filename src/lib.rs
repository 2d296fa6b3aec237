//! Typed bindings for the Feishu (Lark) open platform.
