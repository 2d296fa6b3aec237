//! Scripted counts over the checked-in `generated/` tree, with their thresholds: the names
//! users write must read naturally and must not carry disambiguating counters, no module is
//! named from a hash, and no type with required fields derives `Default` (its constructor
//! takes them instead).
//!
//! The files are prettyplease output, so items are read line by line: `pub struct X {`,
//! `pub enum X {`, `pub type X =`, `pub mod x {`, the doc and derive lines above an item, and
//! `pub field: Type,` lines inside a struct.
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
            if let Some((kind, rest)) = item {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '#')
                    .collect();
                let mut fields = Vec::new();
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

    // Type names ending in a digit are the doc's own names (`I18nV2`), never counters.
    let counters: Vec<String> = types
        .iter()
        .filter(|i| i.name.ends_with(|c: char| c.is_ascii_digit()))
        .filter(|i| documented_name(i).is_none_or(|d| squash(&d) != squash(&i.name)))
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
    // `Option`, or a struct of its file that is itself `Default` (a request's all-optional
    // body).
    let derives_default = |i: &Item| {
        i.preamble
            .iter()
            .any(|l| l.starts_with("#[derive(") && l.contains("Default"))
    };
    let defaults: BTreeSet<(&str, &str)> = types
        .iter()
        .filter(|i| i.kind == "struct" && derives_default(i))
        .map(|i| (i.file.as_str(), i.name.as_str()))
        .collect();
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

/// `(file, documented type name, fields)`.
type DocumentedShape = (String, String, Vec<(String, String)>);

/// Within a module, a documented named type of one shape is one type: no two structs of a
/// module carry the same documented type name with the same fields and field types.
#[test]
fn a_documented_type_is_defined_once_per_module() {
    let mut seen: BTreeMap<DocumentedShape, Vec<String>> = BTreeMap::new();
    for i in items().into_iter().filter(|i| i.kind == "struct") {
        if let Some(d) = documented_name(&i) {
            seen.entry((i.file.clone(), d, i.fields.clone()))
                .or_default()
                .push(i.name.clone());
        }
    }
    let repeated: BTreeSet<String> = seen
        .iter()
        .filter(|(_, names)| names.len() > 1)
        .map(|((file, d, _), names)| format!("{file}: {d} as {names:?}"))
        .collect();
    assert!(seen.len() > 500, "{} documented types", seen.len());
    assert!(repeated.is_empty(), "{repeated:#?}");
}
