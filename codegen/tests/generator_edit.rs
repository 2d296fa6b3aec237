//! Generated files say only what they are made from. A copy of the generator with one
//! comment of its source changed is built (its own identity then differs) and run over a
//! tree that this build generated: no file changes, although the edited generator cannot use
//! the old generator's reuse cache. A one-page doc edit then changes only files of that
//! page's service version.
//!
//! The copy is built with cargo into its own target directory under `CARGO_TARGET_TMPDIR`
//! (kept between runs, so dependencies are built once).
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/files.rs"]
mod files;
use files::copy_dir;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file under `dir`, by relative path.
fn read_all(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

fn changed(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .cloned()
        .collect()
}

/// The generator's workspace with `codegen/src/emit/mod.rs`'s first comment line changed:
/// the root manifest's workspace sections (without the bindings' package) and `codegen/`'s
/// manifest, build script, sources and benches.
fn edited_workspace(dir: &Path) {
    let manifest = fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let (workspace, _) = manifest.split_once("\n[package]").unwrap();
    // The generator alone: the bindings' package (the manifest's `[package]` on) is left out.
    let workspace: Vec<&str> = workspace
        .lines()
        .filter(|l| !l.starts_with("members") && !l.starts_with("default-members"))
        .collect();
    let workspace =
        workspace
            .join("\n")
            .replacen("[workspace]", "[workspace]\nmembers = [\"codegen\"]", 1);
    fs::create_dir_all(dir.join("codegen")).unwrap();
    fs::write(dir.join("Cargo.toml"), workspace).unwrap();
    fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let codegen = repo().join("codegen");
    for f in ["Cargo.toml", "build.rs"] {
        fs::copy(codegen.join(f), dir.join("codegen").join(f)).unwrap();
    }
    for d in ["src", "benches"] {
        copy_dir(&codegen.join(d), &dir.join("codegen").join(d));
    }
    let file = dir.join("codegen/src/emit/mod.rs");
    let text = fs::read_to_string(&file).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    assert!(first.starts_with("//"), "{first}");
    fs::write(
        &file,
        format!("{first} (a comment edited by a test)\n{rest}"),
    )
    .unwrap();
}

/// Builds the generator in `workspace` and returns its binary.
fn build(workspace: &Path) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generator-edit-target");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(workspace)
        .args(["build", "--offline", "--quiet", "-p", "feishu-codegen"])
        .args(["--bin", "feishu-codegen"])
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    target.join("debug/feishu-codegen")
}

/// Runs `generate` of `binary` over `specs` into `out`, with the reuse cache `cache`.
fn generate(binary: &Path, specs: &Path, out: &Path, cache: &Path) -> String {
    let run = Command::new(binary)
        .arg("generate")
        .args(["--specs".as_ref(), specs.as_os_str()])
        .args(["--out".as_ref(), out.as_os_str()])
        .args(["--cache".as_ref(), cache.as_os_str()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    stdout
}

/// The generator recorded in a reuse cache file.
fn generator_of(cache: &Path) -> String {
    let text = fs::read_to_string(cache).unwrap();
    let line = text.lines().find(|l| l.starts_with("generator ")).unwrap();
    line.to_owned()
}

#[test]
fn an_edited_generator_changes_no_file_and_a_page_edit_only_its_version() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    for service in ["im", "vc"] {
        copy_dir(&repo().join("specs").join(service), &specs.join(service));
    }
    fs::copy(repo().join("specs/names.toml"), specs.join("names.toml")).unwrap();
    let (out, cache) = (tmp.path().join("generated"), tmp.path().join("cache/reuse"));

    // This build's generator writes the tree and its cache.
    let this = Path::new(env!("CARGO_BIN_EXE_feishu-codegen"));
    generate(this, &specs, &out, &cache);
    let before = read_all(&out);
    let this_generator = generator_of(&cache);

    // The edited generator: another identity, so a full run; not one file changes.
    let workspace = tmp.path().join("workspace");
    edited_workspace(&workspace);
    let edited = build(&workspace);
    let summary = generate(&edited, &specs, &out, &cache);
    assert!(summary.contains("unchanged"), "{summary}");
    assert_ne!(
        generator_of(&cache),
        this_generator,
        "it is another generator"
    );
    assert_eq!(changed(&before, &read_all(&out)), Vec::<String>::new());

    // A one-page doc edit: only files of that page's service version change.
    let page = specs.join("im/v1/message/create.md");
    let text = fs::read_to_string(&page).unwrap();
    let sentence = "调用该接口向指定用户或者群聊发送消息。";
    assert!(text.contains(sentence));
    fs::write(
        &page,
        text.replacen(sentence, "调用本接口向指定用户或者群聊发送消息。", 1),
    )
    .unwrap();
    generate(&edited, &specs, &out, &cache);
    let changed = changed(&before, &read_all(&out));
    assert!(
        changed.contains(&"im/v1/message.rs".to_owned()),
        "{changed:?}"
    );
    assert!(
        changed.iter().all(|p| p.starts_with("im/v1/")),
        "{changed:?}"
    );
}
