//! Generates the bindings for the enabled service features from `specs/` into `OUT_DIR`;
//! `src/lib.rs` includes `services.rs` from there. The same code, for all services, is checked
//! in under `generated/` (kept current by `cargo run -p feishu-codegen -- generate`).
use feishu_codegen::format::GENERATED_HEADER;
use feishu_codegen::generate::{self, GenerateError, Options};
use std::collections::BTreeSet;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let specs = manifest_dir.join("specs");

    println!("cargo:rerun-if-changed=build.rs");
    let services = watch_specs(&specs);

    let full = env::var_os("CARGO_FEATURE_FULL").is_some();
    let enabled: BTreeSet<String> = services
        .into_iter()
        .filter(|s| full || env::var_os(feature_env(s)).is_some())
        .collect();
    // Cargo's job limit (`-j`, `NUM_JOBS`) bounds the threads, as it bounds rustc's.
    let threads = env::var("NUM_JOBS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    let opts = Options {
        services: Some(enabled),
        threads,
    };
    let (apis, events) = generate::read_spec_pages(&specs, &opts)
        .unwrap_or_else(|e| panic!("feishu-api: cannot read the spec pages: {e}"));
    // The checked-in name map, so that the crate's names are those of `generated/`.
    let names = generate::read_names(&specs.join("names.toml"))
        .unwrap_or_else(|e| panic!("feishu-api: cannot read specs/names.toml: {e}"));
    // The previous run's files whose recorded inputs still match are kept as they are. The
    // reuse cache sits beside them in `OUT_DIR`, outside the tree `src/lib.rs` includes.
    let cache_path = out_dir.join(".feishu-codegen-reuse");
    let previous = generate::Previous {
        tree: generate::read_tree(&out_dir).unwrap_or_default(),
        cache: generate::ReuseCache::read(&cache_path),
    };
    let mut tree = match generate::generate_pages(&apis, &events, threads, &names, &previous) {
        Ok(generated) => {
            // Only a later build's speed depends on it.
            let _ = generated.cache.write(&cache_path);
            generated.tree
        }
        Err(GenerateError::Diagnostics { errors }) => {
            for e in &errors {
                println!("cargo:warning=specs/{e}");
            }
            panic!(
                "feishu-api: {} error(s) in specs/ (listed above as warnings); \
                 run `cargo run -p feishu-codegen -- generate` for all diagnostics",
                errors.len()
            );
        }
        Err(e) => panic!("feishu-api: code generation failed: {e}"),
    };
    // `src/lib.rs` always includes `services.rs`, even when no service is enabled.
    tree.entry("services.rs".to_string())
        .or_insert_with(|| format!("{GENERATED_HEADER}\n"));
    generate::write_tree_in_place(&out_dir, &tree)
        .unwrap_or_else(|e| panic!("feishu-api: cannot write the generated code: {e}"));
}

/// `CARGO_FEATURE_<NAME>` for a feature name.
fn feature_env(feature: &str) -> String {
    format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"))
}

/// Asks cargo to rerun on any change under `specs` (every directory, so new pages are noticed,
/// and every file) and returns the service directories.
fn watch_specs(specs: &Path) -> Vec<String> {
    println!("cargo:rerun-if-changed=specs");
    let mut services = Vec::new();
    for (name, is_dir) in entries(specs) {
        if is_dir && !name.starts_with('.') {
            watch_dir(&specs.join(&name), &format!("specs/{name}"));
            services.push(name);
        } else {
            println!("cargo:rerun-if-changed=specs/{name}");
        }
    }
    services
}

fn watch_dir(dir: &Path, rel: &str) {
    println!("cargo:rerun-if-changed={rel}");
    for (name, is_dir) in entries(dir) {
        let child = format!("{rel}/{name}");
        if is_dir {
            watch_dir(&dir.join(&name), &child);
        } else {
            println!("cargo:rerun-if-changed={child}");
        }
    }
}

fn entries(dir: &Path) -> Vec<(String, bool)> {
    let rd = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("feishu-api: cannot read {}: {e}", dir.display()));
    let mut out: Vec<(String, bool)> = rd
        .filter_map(Result::ok)
        .filter_map(|e| {
            let is_dir = fs::metadata(e.path()).ok()?.is_dir();
            Some((e.file_name().into_string().ok()?, is_dir))
        })
        .collect();
    out.sort();
    out
}
