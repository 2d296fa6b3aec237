//! `feishu-codegen lint`: every diagnostic with its stable code, a summary table, and a JSON
//! Lines form; on a real page of `specs/`.

use std::process::Command;

fn lint(args: &[&str]) -> (String, i32) {
    let o = Command::new(env!("CARGO_BIN_EXE_feishu-codegen"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .arg("lint")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(o.stdout).unwrap(),
        o.status.code().unwrap(),
    )
}

#[test]
fn lint_lists_coded_diagnostics_and_a_summary() {
    let (out, code) = lint(&["specs/application/v2/app/visibility.md"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("specs/application/v2/app/visibility.md:30:1: warning[F013]: the table's delimiter row has 5 cells under a 4-cell header; read with 4 columns\n"), "{out}");
    assert!(out.contains("\ncode  count  pages  kind\n"), "{out}");
    assert!(
        out.contains("\nF013      1      1  table delimiter row not matching its header\n"),
        "{out}"
    );
}

#[test]
fn lint_json_is_one_object_per_diagnostic() {
    let (out, _) = lint(&["--format", "json", "specs/application/v2/app/visibility.md"]);
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().any(|r| r["code"] == "F013" && r["line"] == 30));
    assert!(rows
        .iter()
        .all(|r| r["code"].as_str().unwrap().starts_with('F')));
}
