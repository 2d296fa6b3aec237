//! Orchestration: read a specs tree, emit, format, write (atomically) or check.
use std::collections::BTreeMap;

/// Generated files: relative path → contents.
pub type GeneratedTree = BTreeMap<String, String>;

#[derive(Debug, Clone, Default)]
pub struct Options {}

#[derive(Debug)]
pub struct GenerateError {}

pub fn read_specs() {}
pub fn generate_tree() {}
