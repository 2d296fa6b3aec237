use super::*;
use crate::format::GENERATED_HEADER;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

fn gen(body: &str) -> String {
    format!("{}\n{body}\n", GENERATED_HEADER)
}

fn tree(files: &[(&str, &str)]) -> GeneratedTree {
    files.iter().map(|(p, b)| (p.to_string(), gen(b))).collect()
}

fn read_all(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    scan_tree(dir).unwrap().unwrap()
}

fn as_bytes(t: &GeneratedTree) -> BTreeMap<String, Vec<u8>> {
    t.iter()
        .map(|(k, v)| (k.clone(), v.clone().into_bytes()))
        .collect()
}

/// The parent directory holds nothing but `out` (no temp or backup leftovers).
fn assert_no_leftovers(parent: &Path) {
    let names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["generated".to_string()],
        "leftovers in {parent:?}"
    );
}

#[test]
fn writes_a_fresh_tree_then_reports_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let t = tree(&[("services.rs", "a"), ("vc/v1/meeting.rs", "b")]);
    let r = write_tree(&out, &t).unwrap();
    assert_eq!(r.files, 2);
    assert_eq!(r.diff.added, vec!["services.rs", "vc/v1/meeting.rs"]);
    assert_eq!(read_all(&out), as_bytes(&t));
    assert!(diff_tree(&out, &t).unwrap().paths().is_empty());

    let again = write_tree(&out, &t).unwrap();
    assert!(again.unchanged());
    assert_no_leftovers(tmp.path());
}

#[test]
fn replaces_modifies_and_removes_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    write_tree(
        &out,
        &tree(&[("a.rs", "1"), ("old/x.rs", "2"), ("b.rs", "3")]),
    )
    .unwrap();
    let t2 = tree(&[("a.rs", "1"), ("b.rs", "changed"), ("new/y.rs", "4")]);
    let r = write_tree(&out, &t2).unwrap();
    assert_eq!(r.diff.modified, vec!["b.rs"]);
    assert_eq!(r.diff.added, vec!["new/y.rs"]);
    assert_eq!(r.diff.removed, vec!["old/x.rs"]);
    assert_eq!(read_all(&out), as_bytes(&t2));
    assert!(
        !out.join("old").exists(),
        "emptied directories go away with the swap"
    );
    assert_no_leftovers(tmp.path());
}

#[test]
fn failing_midway_leaves_the_old_tree_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let old = tree(&[("a.rs", "old a"), ("b.rs", "old b")]);
    write_tree(&out, &old).unwrap();
    let new = tree(&[("a.rs", "new a"), ("b.rs", "new b"), ("c.rs", "new c")]);
    let mut written = 0;
    let err = write_tree_with(&out, &new, &mut |path, contents| {
        written += 1;
        if written == 2 {
            return Err(io::Error::other("disk full"));
        }
        fs::write(path, contents)
    })
    .unwrap_err();
    assert!(err.is_io());
    assert!(err.to_string().contains("disk full"), "{err}");
    assert!(err.to_string().contains("b.rs"), "names the file: {err}");
    assert_eq!(read_all(&out), as_bytes(&old));
    assert_no_leftovers(tmp.path());
}

#[test]
fn conflicting_paths_are_rejected_before_anything_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let old = tree(&[("a.rs", "old")]);
    write_tree(&out, &old).unwrap();
    let bad = tree(&[("x.rs", "1"), ("x.rs/y.rs", "2")]);
    let err = write_tree(&out, &bad).unwrap_err();
    assert!(matches!(err, GenerateError::InvalidPath { .. }), "{err}");
    assert_eq!(read_all(&out), as_bytes(&old));
    assert_no_leftovers(tmp.path());
}

#[test]
fn an_unwritable_temp_location_leaves_the_old_tree_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let old = tree(&[("a.rs", "old")]);
    write_tree(&out, &old).unwrap();
    // A file where a subdirectory of the new tree must be created.
    let mut calls = 0;
    let err = write_tree_with(
        &out,
        &tree(&[("d/a.rs", "1"), ("e/b.rs", "2")]),
        &mut |p, c| {
            calls += 1;
            if calls == 1 {
                // Block the next directory: put a file where `e/` must go.
                fs::write(p.parent().unwrap().parent().unwrap().join("e"), "x")?;
            }
            fs::write(p, c)
        },
    )
    .unwrap_err();
    assert!(err.is_io(), "{err}");
    assert!(err.to_string().contains("create directory"), "{err}");
    assert_eq!(read_all(&out), as_bytes(&old));
    assert_no_leftovers(tmp.path());
}

#[test]
fn refuses_to_replace_hand_written_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let old = tree(&[("a.rs", "old")]);
    write_tree(&out, &old).unwrap();
    fs::write(out.join("notes.md"), "my notes\n").unwrap();
    let err = write_tree(&out, &tree(&[("a.rs", "new")])).unwrap_err();
    match &err {
        GenerateError::HandWritten { files, .. } => assert_eq!(files, &["notes.md"]),
        other => panic!("unexpected {other}"),
    }
    assert!(err.to_string().contains("notes.md"));
    assert_eq!(
        fs::read_to_string(out.join("notes.md")).unwrap(),
        "my notes\n"
    );
    assert_eq!(fs::read_to_string(out.join("a.rs")).unwrap(), gen("old"));
}

#[test]
fn check_tree_names_stale_missing_and_extra_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let t = tree(&[("a.rs", "1"), ("b/c.rs", "2"), ("d.rs", "3")]);
    assert_eq!(
        diff_tree(&out, &t).unwrap().paths(),
        vec!["a.rs", "b/c.rs", "d.rs"]
    );
    write_tree(&out, &t).unwrap();
    assert!(diff_tree(&out, &t).unwrap().paths().is_empty());
    fs::write(out.join("b/c.rs"), gen("edited")).unwrap();
    fs::remove_file(out.join("d.rs")).unwrap();
    fs::write(out.join("zz.rs"), "extra").unwrap();
    let diff = diff_tree(&out, &t).unwrap();
    assert_eq!(diff.modified, vec!["b/c.rs"]);
    assert_eq!(diff.added, vec!["d.rs"]);
    assert_eq!(diff.removed, vec!["zz.rs"]);
    assert_eq!(
        diff_tree(&out, &t).unwrap().paths(),
        vec!["b/c.rs", "d.rs", "zz.rs"]
    );
}
