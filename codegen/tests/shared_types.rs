//! One type space per service version (issue 8): a type that several resource modules of a
//! version use is defined once, in the version's private `shared` module, and each module
//! re-exports it under the name it has there. Sharing moves definitions, never public names:
//! every module's public types, with their fields and variants, are the ones it gets when it
//! is emitted on its own (then it shares with nobody).
use feishu_codegen::emit::{emit, EmittedFile};
use feishu_codegen::ir::Api;
use feishu_codegen::{read_specs, Options};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn apis(services: &[&str]) -> Vec<Api> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let opts = Options {
        services: Some(services.iter().map(|s| s.to_string()).collect()),
        threads: 0,
    };
    read_specs(&specs, &opts).unwrap()
}

/// A struct's field names or an enum's variant names.
fn members(item: &syn::Item) -> Option<(String, Vec<String>)> {
    match item {
        syn::Item::Struct(s) => Some((
            s.ident.to_string(),
            s.fields
                .iter()
                .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
                .collect(),
        )),
        syn::Item::Enum(e) => Some((
            e.ident.to_string(),
            e.variants.iter().map(|v| v.ident.to_string()).collect(),
        )),
        _ => None,
    }
}

/// `(module file, type name)` → its members, for every public type a resource module
/// offers, defined there or re-exported from its version's shared module; and the number
/// of modules re-exporting each shared type, by `(shared file, name)`.
type Surface = BTreeMap<(String, String), Vec<String>>;

fn surface(files: &[EmittedFile]) -> (Surface, BTreeMap<(String, String), usize>) {
    let parsed: BTreeMap<&str, syn::File> = files
        .iter()
        .filter(|f| f.path.matches('/').count() == 2)
        .map(|f| (f.path.as_str(), syn::parse2(f.tokens.clone()).unwrap()))
        .collect();
    let defined: BTreeMap<(String, String), Vec<String>> = parsed
        .iter()
        .flat_map(|(path, file)| {
            file.items
                .iter()
                .filter_map(|i| members(i).map(|(n, m)| ((path.to_string(), n), m)))
        })
        .collect();
    let mut out = Surface::new();
    let mut uses: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (path, file) in &parsed {
        let dir = path.rsplit_once('/').unwrap().0;
        for item in &file.items {
            let syn::Item::Use(u) = item else { continue };
            // `pub use super::<shared>::<Name> [as <Local>];`
            let syn::UseTree::Path(sup) = &u.tree else {
                panic!("{path}: a use that is no re-export")
            };
            let syn::UseTree::Path(module) = &*sup.tree else {
                panic!("{path}")
            };
            let (target, local) = match &*module.tree {
                syn::UseTree::Name(n) => (n.ident.to_string(), n.ident.to_string()),
                syn::UseTree::Rename(r) => (r.ident.to_string(), r.rename.to_string()),
                _ => panic!("{path}: a use that is no re-export"),
            };
            assert_eq!(sup.ident, "super", "{path}");
            let shared = format!("{dir}/{}.rs", module.ident);
            if let Some(m) = defined.get(&(shared.clone(), target.clone())) {
                out.insert((path.to_string(), local), m.clone());
                *uses.entry((shared, target)).or_default() += 1;
            } else {
                // A builder: its struct is re-exported beside it.
                assert!(
                    target.ends_with("Builder"),
                    "{path}: {target} is not defined"
                );
            }
        }
    }
    for ((path, name), m) in defined {
        if !path.ends_with("/shared.rs") {
            out.insert((path, name), m);
        }
    }
    (out, uses)
}

#[test]
fn sharing_moves_definitions_never_public_names() {
    let apis = apis(&["approval", "docx", "im"]);
    let files = emit(&apis).unwrap();
    let (together, uses) = surface(&files);

    // Each resource module on its own.
    let mut modules: BTreeMap<String, Vec<Api>> = BTreeMap::new();
    for api in &apis {
        let key = format!("{}/{}/{}", api.id.service, api.id.version, api.id.resource);
        modules.entry(key).or_default().push(api.clone());
    }
    let mut alone = Surface::new();
    for module_apis in modules.values() {
        let files = emit(module_apis).unwrap();
        assert!(
            files.iter().all(|f| !f.path.ends_with("/shared.rs")),
            "one module shares with nobody"
        );
        alone.extend(surface(&files).0);
    }
    let differ: Vec<_> = together
        .iter()
        .filter(|(k, v)| alone.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .chain(alone.keys().filter(|k| !together.contains_key(*k)))
        .collect();
    assert!(differ.is_empty(), "{} differ: {differ:?}", differ.len());
    assert!(together.len() > 1_000, "{} public types", together.len());

    // Every shared type is there because two modules or more use it.
    assert!(uses.len() > 100, "{} shared types", uses.len());
    let once: Vec<_> = uses.iter().filter(|(_, n)| **n < 2).collect();
    assert!(once.is_empty(), "shared but used by one module: {once:?}");
    let defined_shared = files
        .iter()
        .filter(|f| f.path.ends_with("/shared.rs"))
        .map(|f| syn::parse2::<syn::File>(f.tokens.clone()).unwrap())
        .flat_map(|f| f.items.into_iter().filter_map(|i| members(&i)))
        .count();
    assert_eq!(
        defined_shared,
        uses.len(),
        "every shared type is re-exported"
    );
}

#[test]
fn the_same_module_names_come_out_whatever_the_order_of_the_pages() {
    let mut apis = apis(&["docx"]);
    let forward = emit(&apis).unwrap();
    apis.reverse();
    let backward = emit(&apis).unwrap();
    let text = |files: &[EmittedFile]| -> BTreeSet<(String, String)> {
        files
            .iter()
            .map(|f| (f.path.clone(), f.tokens.to_string()))
            .collect()
    };
    assert!(text(&forward) == text(&backward));
    assert!(forward.iter().any(|f| f.path == "docx/v1/shared.rs"));
}

#[test]
fn modules_that_name_an_enums_variants_differently_keep_their_own_enums() {
    // An integer enum's variant names come from each module's descriptions and name map:
    // when one module's map names a value otherwise, that module defines its own enum (with
    // its name) and no other module's names move.
    use feishu_codegen::emit::{emit_with_names, NameMap};
    let apis = apis(&["docx"]);
    let (files, assigned) = emit_with_names(&apis, &NameMap::new()).unwrap();
    let text: BTreeMap<&str, String> = files
        .iter()
        .map(|f| (f.path.as_str(), f.tokens.to_string()))
        .collect();
    // A variant key `<type record>=<value>` of a type that its module re-exports.
    let (variant_key, local, file) = assigned
        .keys()
        .filter_map(|k| {
            let (record, _) = k.rsplit_once('=')?;
            let local = assigned.get(record)?;
            let api = record.split(' ').next()?;
            let (dir, _) = api.rsplit_once('/')?;
            let file = format!("{}.rs", dir.replace('.', "_"));
            let t = text.get(file.as_str())?;
            let reexported =
                t.contains(&format!("as {local} ;")) || t.contains(&format!(":: {local} ;"));
            reexported.then(|| (k.clone(), local.clone(), file))
        })
        .next()
        .expect("a shared enum with pinned variants");
    let mut names = assigned.clone();
    names.insert(variant_key.clone(), "RenamedOnPurpose".to_owned());
    let (renamed, assigned_after) = emit_with_names(&apis, &names).unwrap();
    assert!(
        assigned_after == names,
        "only the pinned variant changed name"
    );
    let after: BTreeMap<&str, String> = renamed
        .iter()
        .map(|f| (f.path.as_str(), f.tokens.to_string()))
        .collect();
    let own = &after[file.as_str()];
    assert!(
        own.contains(&format!("pub enum {local}")),
        "{file} defines {local}"
    );
    assert!(own.contains("RenamedOnPurpose"), "{variant_key}");
    // Nobody else took the new name.
    for (path, t) in &after {
        if *path != file.as_str() {
            assert!(!t.contains("RenamedOnPurpose"), "{path}");
        }
    }
}
