//! Scripted counts over the checked-in `generated/` tree, with their thresholds: the names
//! users write must read naturally and must not carry disambiguating counters, no module is
//! named from a hash, and no type with required fields derives `Default` (its constructor
//! takes them instead).
//!
//! The files are prettyplease output, so items are read line by line: `pub struct X {`,
//! `pub enum X {`, `pub type X =`, `pub mod x {`, `pub use super::shared::X as Y;` (a type
//! of the version's shared module, re-exported), the doc and derive lines above an item,
//! and `pub field: Type,` lines inside a struct.
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// One item read from a file.
#[derive(Debug)]
struct Item {
    file: String,
    kind: &'static str,
    name: String,
    /// The doc and attribute lines right above it.
    preamble: Vec<String>,
    /// For a struct: `(field, type)`, the type as its first line reads.
    fields: Vec<(String, String)>,
    /// For a re-export: the file and name of the item it re-exports.
    target: Option<(String, String)>,
}

fn items() -> Vec<Item> {
    let mut paths = Vec::new();
    files(&generated(), &mut paths);
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let rel = path
            .strip_prefix(generated())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut preamble: Vec<String> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let t = line.trim_start();
            if t.starts_with("///") || t.starts_with("#[") {
                preamble.push(t.to_string());
                i += 1;
                continue;
            }
            let item = [
                ("struct", "pub struct "),
                ("enum", "pub enum "),
                ("type", "pub type "),
                ("mod", "pub mod "),
            ]
            .iter()
            .find_map(|(kind, prefix)| t.strip_prefix(prefix).map(|rest| (*kind, rest)));
            if let Some(rest) = t.strip_prefix("pub use super::") {
                // `pub use super::<module>::<Name>;` or `... as <Local>;`
                let rest = rest.trim_end_matches(';');
                let (module, rest) = rest.split_once("::").unwrap();
                let (target, name) = rest.split_once(" as ").unwrap_or((rest, rest));
                let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                out.push(Item {
                    file: rel.clone(),
                    kind: "use",
                    name: name.to_string(),
                    preamble: std::mem::take(&mut preamble),
                    fields: Vec::new(),
                    target: Some((format!("{dir}/{module}.rs"), target.to_string())),
                });
            } else if let Some((kind, rest)) = item {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '#')
                    .collect();
                let mut fields = Vec::new();
                if kind == "enum" && rest.trim_end().ends_with('{') {
                    // Variants, as `(name, "")`: an enum's shape.
                    let indent = line.len() - t.len();
                    for l in &lines[i + 1..] {
                        let lt = l.trim_start();
                        if l.len() - lt.len() == indent && lt.starts_with('}') {
                            break;
                        }
                        if l.len() - lt.len() == indent + 4 && !lt.starts_with("//") {
                            fields.push((lt.trim_end_matches(',').to_string(), String::new()));
                        }
                    }
                }
                if kind == "struct" && rest.trim_end().ends_with('{') {
                    let indent = line.len() - t.len();
                    let mut j = i + 1;
                    let mut field: Option<(String, String)> = None;
                    while j < lines.len() {
                        let l = lines[j];
                        let lt = l.trim_start();
                        if l.len() - lt.len() == indent && lt.starts_with('}') {
                            break;
                        }
                        let depth = l.len() - lt.len();
                        if depth == indent + 4 {
                            if let Some(f) = lt.strip_prefix("pub ") {
                                if let Some((n, ty)) = f.split_once(": ") {
                                    if let Some((n0, ty0)) = field.take() {
                                        fields.push((n0, ty0));
                                    }
                                    field = Some((n.to_string(), ty.to_string()));
                                }
                            }
                        } else if depth > indent + 4 {
                            // A type wrapped over several lines.
                            if let Some((_, ty)) = field.as_mut() {
                                ty.push_str(lt);
                            }
                        }
                        j += 1;
                    }
                    if let Some((n0, ty0)) = field.take() {
                        fields.push((n0, ty0));
                    }
                }
                out.push(Item {
                    file: rel.clone(),
                    kind,
                    name,
                    preamble: std::mem::take(&mut preamble),
                    fields,
                    target: None,
                });
            } else {
                preamble.clear();
            }
            i += 1;
        }
    }
    out
}

/// The doc's own type name, when the item says it is a documented type.
fn documented_name(item: &Item) -> Option<String> {
    item.preamble.iter().find_map(|l| {
        let rest = l.split("Documented type `").nth(1)?;
        Some(rest.split('`').next()?.to_string())
    })
}

/// The event type an event or callback type says it is.
fn event_type(item: &Item) -> Option<String> {
    item.preamble.iter().find_map(|l| {
        let rest = l
            .split("Event type `")
            .nth(1)
            .or_else(|| l.split("Callback type `").nth(1))?;
        Some(rest.split('`').next()?.to_string())
    })
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[test]
fn generated_names_have_no_counters_hashes_or_false_defaults() {
    let items = items();
    let types: Vec<&Item> = items.iter().filter(|i| i.kind != "mod").collect();
    assert!(types.len() > 10_000, "{} types read", types.len());

    // Type names ending in a digit are the doc's own names (`I18nV2`), never counters. A
    // re-export's doc is its item's.
    let by_file_name: BTreeMap<(&str, &str), &Item> = types
        .iter()
        .map(|i| ((i.file.as_str(), i.name.as_str()), *i))
        .collect();
    let documented = |i: &Item| match &i.target {
        Some((file, name)) => by_file_name
            .get(&(file.as_str(), name.as_str()))
            .and_then(|t| documented_name(t)),
        None => documented_name(i),
    };
    // An event type's digits are its event type's version (`im.message.receive_v1` →
    // `MessageReceiveV1`).
    let from_event_type =
        |i: &Item| event_type(i).is_some_and(|t| squash(&t).ends_with(&squash(&i.name)));
    let counters: Vec<String> = types
        .iter()
        .filter(|i| i.name.ends_with(|c: char| c.is_ascii_digit()))
        .filter(|i| documented(i).is_none_or(|d| squash(&d) != squash(&i.name)))
        .filter(|i| !from_event_type(i))
        .map(|i| format!("{}: {}", i.file, i.name))
        .collect();
    assert!(
        counters.is_empty(),
        "{} counter names: {counters:#?}",
        counters.len()
    );

    // No module named from a hash (`module_da0c196e`).
    let hashed: Vec<String> = items
        .iter()
        .filter(|i| i.kind == "mod")
        .filter(|i| {
            let tail = i.name.rsplit('_').next().unwrap_or("");
            tail.len() == 8 && tail.chars().all(|c| c.is_ascii_hexdigit())
        })
        .map(|i| format!("{}: {}", i.file, i.name))
        .collect();
    assert!(hashed.is_empty(), "hash-named modules: {hashed:?}");
    let mut dirs = Vec::new();
    files(&generated(), &mut dirs);
    assert!(
        dirs.iter()
            .all(|p| !p.to_string_lossy().contains("module_")),
        "hash-named module files"
    );

    // No `Default` on a struct with a required field. A field may be absent when it is an
    // `Option`, or a struct of its file (or re-exported into it) that is itself `Default` (a
    // request's all-optional body).
    let derives_default = |i: &Item| {
        i.preamble
            .iter()
            .any(|l| l.starts_with("#[derive(") && l.contains("Default"))
    };
    let mut defaults: BTreeSet<(&str, &str)> = types
        .iter()
        .filter(|i| i.kind == "struct" && derives_default(i))
        .map(|i| (i.file.as_str(), i.name.as_str()))
        .collect();
    let reexported: Vec<(&str, &str)> = types
        .iter()
        .filter_map(|i| {
            let (file, name) = i.target.as_ref()?;
            defaults
                .contains(&(file.as_str(), name.as_str()))
                .then_some((i.file.as_str(), i.name.as_str()))
        })
        .collect();
    defaults.extend(reexported);
    let false_defaults: Vec<String> = types
        .iter()
        .filter(|i| i.kind == "struct" && derives_default(i))
        .filter(|i| {
            i.fields.iter().any(|(_, ty)| {
                let ty = ty.trim_end_matches(',');
                !ty.starts_with("::std::option::Option<")
                    && !defaults.contains(&(i.file.as_str(), ty))
            })
        })
        .map(|i| format!("{}: {}", i.file, i.name))
        .collect();
    assert!(
        false_defaults.is_empty(),
        "{} structs with required fields derive Default: {:?}",
        false_defaults.len(),
        false_defaults.iter().take(20).collect::<Vec<_>>()
    );
}

/// `(service version directory, documented type name, deep shape)`.
type DocumentedShape = (String, String, String);

/// The shape of the type `name` as the file `file` sees it: its fields (or variants) with
/// the types they name resolved to their own shapes, through re-exports; types of other
/// crates and scalars as written.
fn deep_shape(by: &BTreeMap<(&str, &str), &Item>, file: &str, name: &str) -> String {
    let Some(item) = by.get(&(file, name)) else {
        return name.to_string();
    };
    if let Some((f, n)) = &item.target {
        return deep_shape(by, f, n);
    }
    let mut out = format!("{}{{", item.kind);
    for (field, ty) in &item.fields {
        out.push_str(field);
        out.push(':');
        // Bare identifiers name the module's own types; paths (`::std::…`, `crate::…`)
        // and primitives stay.
        let mut word = String::new();
        let mut prev = ' ';
        for c in ty.chars().chain([' ']) {
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                let own = prev != ':' && word.starts_with(|c: char| c.is_ascii_uppercase());
                if own {
                    out.push_str(&format!("({})", deep_shape(by, file, &word)));
                } else {
                    out.push_str(&word);
                }
                word.clear();
            }
            out.push(c);
            prev = c;
        }
        out.push(',');
    }
    out.push('}');
    out
}

/// Within a service version, a documented named type of one shape is one type: no two
/// structs of a version's modules carry the same documented type name with the same fields
/// whose types have the same shapes; the modules that use it re-export the one definition.
#[test]
fn a_documented_type_is_defined_once_per_service_version() {
    let items = items();
    let by: BTreeMap<(&str, &str), &Item> = items
        .iter()
        .filter(|i| i.kind != "mod")
        .map(|i| ((i.file.as_str(), i.name.as_str()), i))
        .collect();
    let mut seen: BTreeMap<DocumentedShape, Vec<String>> = BTreeMap::new();
    for i in items.iter().filter(|i| i.kind == "struct") {
        if let Some(d) = documented_name(i) {
            let version = i.file.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            let shape = deep_shape(&by, &i.file, &i.name);
            seen.entry((version, d, shape))
                .or_default()
                .push(format!("{}: {}", i.file, i.name));
        }
    }
    let repeated: BTreeSet<String> = seen
        .iter()
        .filter(|(_, defs)| defs.len() > 1)
        .map(|((_, d, _), defs)| format!("{d} defined as {defs:?}"))
        .collect();
    assert!(seen.len() > 500, "{} documented types", seen.len());
    assert!(
        repeated.is_empty(),
        "{} repeated: {repeated:#?}",
        repeated.len()
    );

    // The shared modules are used: types are re-exported, and every re-export names an item
    // of its version's shared module.
    let defined: BTreeSet<(&str, &str)> = items
        .iter()
        .filter(|i| matches!(i.kind, "struct" | "enum"))
        .map(|i| (i.file.as_str(), i.name.as_str()))
        .collect();
    let uses: Vec<&Item> = items.iter().filter(|i| i.kind == "use").collect();
    assert!(uses.len() > 1_000, "{} re-exports", uses.len());
    let dangling: Vec<String> = uses
        .iter()
        .filter(|i| {
            let (file, name) = i.target.as_ref().unwrap();
            let builder = name.strip_suffix("Builder").unwrap_or(name);
            !defined.contains(&(file.as_str(), name.as_str()))
                && !defined.contains(&(file.as_str(), builder))
        })
        .map(|i| format!("{}: {}", i.file, i.name))
        .collect();
    assert!(dangling.is_empty(), "{dangling:?}");
}
