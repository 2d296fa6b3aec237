//! Hashes the generator's own source: the reuse cache (kept outside the generated tree, see
//! `src/generate/reuse.rs`) records which generator made the files, and a changed emitter
//! must not reuse old output. The generated files themselves never see this hash.
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    let mut h = blake3::Hasher::new();
    for f in &files {
        // Paths with `/` whatever the platform, so every machine gets the same hash.
        let rel = f.to_string_lossy().replace('\\', "/");
        h.update(rel.as_bytes());
        h.update(&[0]);
        h.update(&fs::read(f).unwrap_or_else(|e| panic!("cannot read {}: {e}", f.display())));
        h.update(&[0]);
    }
    let hex: String = h.finalize().as_bytes()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=FEISHU_CODEGEN_SOURCE_HASH={hex}");
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
