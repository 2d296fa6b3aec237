//! The checked-in `generated/` tree, the Cargo features block and the round-trip test's
//! registry (`tests/roundtrip/cases.rs`) must match what `feishu-codegen generate` produces
//! from `specs/` today.
use feishu_codegen::generate::{self, GeneratedTree, Options};
use std::path::Path;

const REGENERATE: &str = "cargo run -p feishu-codegen -- generate";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The APIs and the events of `specs/`.
fn pages() -> (Vec<feishu_codegen::ir::Api>, Vec<feishu_codegen::ir::Event>) {
    generate::read_spec_pages(&root().join("specs"), &Options::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn names() -> generate::NameMap {
    generate::read_names(&root().join("specs/names.toml")).unwrap_or_else(|e| panic!("{e}"))
}

fn regenerate() -> (Vec<String>, GeneratedTree) {
    let (apis, events) = pages();
    let previous = generate::Previous::default();
    let tree = generate::generate_pages(&apis, &events, 0, &names(), &previous)
        .unwrap_or_else(|e| panic!("{e}"))
        .tree;
    (generate::page_services(&apis, &events), tree)
}

/// `specs/names.toml` holds every name generation assigns (and nothing unused).
#[test]
fn name_map_is_current() {
    let existing = names();
    let (apis, events) = pages();
    let generated =
        generate::generate_pages(&apis, &events, 0, &existing, &generate::Previous::default())
            .unwrap_or_else(|e| panic!("{e}"));
    let update = generate::NameMapUpdate::new(&existing, &generated.names, false);
    assert!(
        update.map == existing && update.unused.is_empty(),
        "specs/names.toml is out of date ({} unused entries); run `{REGENERATE}` \
         (with `--prune-names` when entries are unused)",
        update.unused.len()
    );
}

#[test]
fn generated_tree_is_current() {
    let (_, tree) = regenerate();
    assert!(tree.contains_key("services.rs"));
    let stale = generate::diff_tree(&root().join("generated"), &tree)
        .unwrap_or_else(|e| panic!("{e}"))
        .paths();
    assert!(
        stale.is_empty(),
        "generated/ is out of date with specs/ ({} file(s) stale, missing or extra):\n  {}\n\
         Run `{REGENERATE}` (see README.md) and commit the result.",
        stale.len(),
        stale.join("\n  ")
    );
}

#[test]
fn cargo_features_block_is_current() {
    let (services, _) = regenerate();
    let stale = generate::sync_cargo_features(&root().join("Cargo.toml"), &services, true)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !stale,
        "the generated service features block in Cargo.toml is out of date; run `{REGENERATE}`"
    );
}

#[test]
fn roundtrip_registry_is_current() {
    let (apis, events) = pages();
    let registry = generate::roundtrip_registry_pages(&apis, &events, &names())
        .unwrap_or_else(|e| panic!("{e}"));
    let stale = generate::sync_file(&root().join("tests/roundtrip/cases.rs"), &registry, true)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !stale,
        "tests/roundtrip/cases.rs is out of date; run `{REGENERATE}`"
    );
}

/// With every service enabled, `build.rs` wrote the same files into `OUT_DIR` as the CLI
/// wrote into `generated/`: the checked-in tree is exactly what the crate compiles.
#[cfg(feature = "full")]
#[test]
fn build_script_output_matches_the_checked_in_tree() {
    let out_dir = std::path::PathBuf::from(env!("OUT_DIR"));
    let generated = root().join("generated");
    let (_, tree) = regenerate();
    let mut differing = Vec::new();
    for path in tree.keys() {
        let built = std::fs::read(out_dir.join(path)).ok();
        let checked_in = std::fs::read(generated.join(path)).ok();
        if built.is_none() || built != checked_in {
            differing.push(path.clone());
        }
    }
    assert!(
        differing.is_empty(),
        "build.rs output differs from generated/ for: {differing:?}"
    );
}
