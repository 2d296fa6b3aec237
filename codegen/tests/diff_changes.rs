//! `diff` over a checked-in copy of real doc changes (`tests/fixtures/changes/`: 34 APIs whose
//! Feishu pages changed between two dates, both sides, and 5 APIs added), through the library
//! and the binary.
use feishu_codegen::diff::model::{Class, Kind, Report, Status};
use feishu_codegen::diff::source::Source;
use feishu_codegen::diff::{diff_sources, render, DiffOptions};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn fixture(side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/changes")
        .join(side)
}

/// The fixture's report, with and without wording listed (computed once per process).
fn report(prose: bool) -> &'static Report {
    static REPORTS: OnceLock<[Report; 2]> = OnceLock::new();
    &REPORTS.get_or_init(|| [compute(false), compute(true)])[usize::from(prose)]
}

fn compute(prose: bool) -> Report {
    let opts = DiffOptions {
        old_label: "old".into(),
        new_label: "new".into(),
        prose,
        current_version: Some("0.1.0".into()),
        ..DiffOptions::default()
    };
    diff_sources(
        &Source::Dir(fixture("old")),
        &Source::Dir(fixture("new")),
        &opts,
    )
    .unwrap()
}

fn pages(side: &str) -> BTreeSet<String> {
    feishu_codegen::generate::list_specs(&fixture(side), &Default::default())
        .unwrap()
        .into_iter()
        .map(|f| f.source.trim_end_matches(".md").to_string())
        .collect()
}

#[test]
fn markdown_report_snapshot() {
    insta::assert_snapshot!(render::markdown(report(false)));
}

#[test]
fn markdown_report_with_prose_snapshot() {
    insta::assert_snapshot!(render::markdown(report(true)));
}

#[test]
fn json_report_snapshot() {
    insta::assert_snapshot!(render::json(report(false)));
}

#[test]
fn lists_every_added_api_and_matches_every_pair() {
    let r = report(false);
    let (old, new) = (pages("old"), pages("new"));
    let added: BTreeSet<String> = r
        .apis
        .iter()
        .filter(|a| a.status == Status::Added)
        .map(|a| a.id.clone())
        .collect();
    let expected: BTreeSet<String> = new.difference(&old).cloned().collect();
    assert_eq!(added.len(), 5);
    assert_eq!(added, expected);
    assert_eq!(r.summary.apis_removed, 0);
    assert_eq!(
        r.summary.apis_changed + r.summary.apis_unchanged,
        old.len(),
        "every pair is compared"
    );
    assert!(r.summary.apis_changed >= 15, "{:?}", r.summary);
}

#[test]
fn the_download_typo_fix_is_a_patch_level_docs_change() {
    let r = report(true);
    let api = r
        .apis
        .iter()
        .find(|a| a.id == "attendance/v1/file/download")
        .unwrap();
    assert_eq!(api.docs_class, Class::Patch);
    let wording = api
        .changes
        .iter()
        .find(|c| c.location == "errors.1220001")
        .unwrap();
    assert_eq!(wording.kind, Kind::Prose);
    assert_eq!(wording.class, Class::Patch);
    assert_eq!(wording.old.as_deref(), Some("param is invalis"));
    assert_eq!(wording.new.as_deref(), Some("param is invalid"));
    // The variant named after the English message keeps its name: the new side is emitted
    // with the old side's names pinned, as the name map pins them when regenerating.
    assert_eq!(api.class, Class::Patch);
    assert!(
        api.changes
            .iter()
            .all(|c| !matches!(c.kind, Kind::IdentifierAdded | Kind::IdentifierRemoved)),
        "{:?}",
        api.changes
    );
}

#[test]
fn field_level_changes_carry_classes() {
    let r = report(false);
    let find = |id: &str, kind: Kind, loc: &str| {
        let api = r.apis.iter().find(|a| a.id == id).unwrap();
        api.changes
            .iter()
            .find(|c| c.kind == kind && c.location == loc)
            .map(|c| c.class)
    };
    assert_eq!(
        find("contact/v3/user/list", Kind::FieldRetyped, "response.type"),
        Some(Class::Major)
    );
    assert_eq!(
        find(
            "application/v6/application/patch",
            Kind::FieldAdded,
            "body.allow_refresh_token"
        ),
        Some(Class::Minor)
    );
    assert_eq!(
        find(
            "corehr/v2/pathway/batch_get",
            Kind::RequiredChanged,
            "body.pathway_ids"
        ),
        Some(Class::Major)
    );
    assert_eq!(
        find(
            "corehr/v2/process_revoke/update",
            Kind::ErrorAdded,
            "errors.1161008"
        ),
        Some(Class::Minor)
    );
}

// ---------------------------------------------------------------------------------------------
// The JSON schema (docs/DIFF-JSON.md) against a real report.

/// Per section of the doc: key → (type cell, meaning cell).
fn documented() -> BTreeMap<String, BTreeMap<String, (String, String)>> {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/DIFF-JSON.md");
    let text = std::fs::read_to_string(doc).unwrap();
    let mut out: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim().to_string();
            continue;
        }
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split(" | ")
            .map(str::trim)
            .collect();
        if let [key, ty, meaning] = cells.as_slice() {
            if let Some(k) = key.strip_prefix('`').and_then(|k| k.strip_suffix('`')) {
                out.entry(section.clone())
                    .or_default()
                    .insert(k.to_string(), (ty.to_string(), meaning.to_string()));
            }
        }
    }
    out
}

fn check_object(
    v: &Value,
    section: &str,
    doc: &BTreeMap<String, BTreeMap<String, (String, String)>>,
) {
    let rows = &doc[section];
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{section} is not an object"));
    for key in obj.keys() {
        assert!(rows.contains_key(key), "{section}.{key} is not documented");
    }
    for (key, (ty, meaning)) in rows {
        let Some(value) = obj.get(key) else {
            assert!(ty.ends_with("optional"), "{section}.{key} is missing");
            continue;
        };
        let base = ty.split(',').next().unwrap().trim();
        let ok = match base {
            "string" => value.is_string(),
            "integer" => value.is_u64(),
            "boolean" => value.is_boolean(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            other => panic!("unknown documented type `{other}`"),
        };
        assert!(ok, "{section}.{key} should be {ty}: {value}");
        // Closed sets of values are listed in the meaning as `value`s.
        if matches!(
            key.as_str(),
            "kind" | "class" | "status" | "docs_class" | "schema"
        ) {
            let s = value.as_str().unwrap();
            assert!(
                meaning.contains(&format!("`{s}`")),
                "{section}.{key} = {s} is not documented"
            );
        }
    }
}

#[test]
fn json_output_follows_the_documented_schema() {
    let doc = documented();
    assert_eq!(
        doc.keys().cloned().collect::<Vec<_>>(),
        ["ApiChanges", "Change", "Report", "Summary"]
    );
    let mut kinds = BTreeSet::new();
    for prose in [false, true] {
        let v: Value = serde_json::from_str(&render::json(report(prose))).unwrap();
        check_object(&v, "Report", &doc);
        check_object(&v["summary"], "Summary", &doc);
        for api in v["apis"].as_array().unwrap() {
            check_object(api, "ApiChanges", &doc);
            for c in api["changes"].as_array().unwrap() {
                check_object(c, "Change", &doc);
                kinds.insert(c["kind"].as_str().unwrap().to_string());
            }
        }
    }
    // The real report exercises the checks on many kinds, not on one.
    assert!(kinds.len() >= 8, "{kinds:?}");
}

// ---------------------------------------------------------------------------------------------
// The binary.

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_feishu-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn fixture_arg(side: &str) -> String {
    fixture(side).to_string_lossy().into_owned()
}

#[test]
fn fail_on_sets_the_exit_status() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (fixture_arg("old"), fixture_arg("new"));
    let code = |args: &[&str]| run(tmp.path(), args).status.code();
    assert_eq!(code(&["diff", &old, &new]), Some(0));
    assert_eq!(code(&["diff", &old, &new, "--fail-on", "major"]), Some(1));
    assert_eq!(code(&["diff", &old, &new, "--fail-on", "minor"]), Some(1));
    // A page against itself: nothing to fail on.
    let page = fixture("new").join("attendance/v1/file/download.md");
    let page = page.to_string_lossy();
    assert_eq!(code(&["diff", &page, &page, "--fail-on", "minor"]), Some(0));
    // Only additions: minor fails, major does not.
    let added = fixture("new").join("drive/v1/user/subscription.md");
    let added = added.to_string_lossy();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let empty = empty.to_string_lossy();
    assert_eq!(
        code(&["diff", &empty, &added, "--fail-on", "major"]),
        Some(0)
    );
    assert_eq!(
        code(&["diff", &empty, &added, "--fail-on", "minor"]),
        Some(1)
    );
    // Unreadable input is a usage error, not a finding.
    assert_eq!(
        code(&["diff", "/nonexistent/specs", &new, "--fail-on", "major"]),
        Some(2)
    );
}

#[test]
fn prose_lists_wording_changes_that_are_otherwise_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (fixture_arg("old"), fixture_arg("new"));
    let quiet = String::from_utf8(run(tmp.path(), &["diff", &old, &new]).stdout).unwrap();
    let loud = String::from_utf8(run(tmp.path(), &["diff", &old, &new, "--prose"]).stdout).unwrap();
    assert!(quiet.contains("wording change(s)") && !quiet.contains("· wording ·"));
    assert!(
        loud.contains("· wording · `errors.1220001`: `param is invalis` → `param is invalid`"),
        "{loud}"
    );
    // Same headline either way: wording is counted in both.
    assert_eq!(quiet.lines().nth(2), loud.lines().nth(2));
    assert!(
        quiet.lines().nth(2).unwrap().contains("→ a major release"),
        "no Cargo.toml here"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn git_revisions_read_specs_from_the_repository() {
    let repo = tempfile::tempdir().unwrap();
    let r = repo.path();
    git(r, &["init", "-q"]);
    copy_dir(&fixture("old"), &r.join("specs"));
    std::fs::write(
        r.join("Cargo.toml"),
        "[package]\nname = \"x\"\nversion = \"0.4.2\"\n",
    )
    .unwrap();
    git(r, &["add", "-A"]);
    git(r, &["commit", "-qm", "old"]);
    std::fs::remove_dir_all(r.join("specs")).unwrap();
    copy_dir(&fixture("new"), &r.join("specs"));
    git(r, &["add", "-A"]);
    git(r, &["commit", "-qm", "new"]);

    let by_git = run(r, &["diff", "git:HEAD~1", "git:HEAD", "--format", "json"]);
    assert_eq!(
        by_git.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&by_git.stderr)
    );
    let by_dir = run(
        r,
        &["diff", &fixture_arg("old"), "specs", "--format", "json"],
    );
    let a: Value = serde_json::from_slice(&by_git.stdout).unwrap();
    let b: Value = serde_json::from_slice(&by_dir.stdout).unwrap();
    assert_eq!(
        a["apis"], b["apis"],
        "git:REV reads the same pages as the directory"
    );
    assert_eq!(a["summary"], b["summary"]);
    assert_eq!(a["next_version"], "0.5.0", "major changes on 0.4.2");
    // `git:REV:DIR` names another directory; an unknown revision is an error.
    let sub = run(
        r,
        &[
            "diff",
            "git:HEAD~1:specs",
            "git:HEAD:specs",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&sub.stdout).unwrap()["apis"],
        a["apis"]
    );
    assert_eq!(
        run(r, &["diff", "git:nope", "specs"]).status.code(),
        Some(2)
    );
}

#[test]
fn generate_summarises_the_api_changes_since_head() {
    let repo = tempfile::tempdir().unwrap();
    let r = repo.path();
    git(r, &["init", "-q"]);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs"),
        &r.join("specs"),
    );
    std::fs::write(
        r.join("Cargo.toml"),
        "[package]\nname = \"x\"\nversion = \"0.3.1\"\n\n[features]\ndefault = []\n",
    )
    .unwrap();
    git(r, &["add", "-A"]);
    git(r, &["commit", "-qm", "specs"]);
    let first = run(r, &["generate"]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains(
        "API changes since git:HEAD: 0 APIs added, 0 removed, 0 changed, 3 unchanged; \
         0 major, 0 minor, 0 patch → version stays 0.3.1"
    ));

    // The docs drop an error code of one API and a page is added.
    let end = r.join("specs/vc/v1/meeting/end.md");
    let text = std::fs::read_to_string(&end).unwrap();
    let row = "| 400 | 121002 | not support | 暂不支持该功能 |\n";
    assert!(text.contains(row));
    std::fs::write(&end, text.replace(row, "")).unwrap();
    std::fs::create_dir_all(r.join("specs/vc/v2/meeting")).unwrap();
    std::fs::write(r.join("specs/vc/v2/meeting/end.md"), &text).unwrap();
    let o = run(r, &["generate"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("API changes since git:HEAD: 1 APIs added, 0 removed, 1 changed, 2 unchanged; 2 major, 1 minor, 0 patch → next version 0.4.0"),
        "{out}"
    );
    assert!(
        out.contains("feishu-codegen diff git:HEAD:specs specs"),
        "{out}"
    );
}
