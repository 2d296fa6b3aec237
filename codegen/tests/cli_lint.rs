//! The `lint` command and `generate`'s warning output, run as the built binary in a temp
//! project holding real pages copied from `specs/` (some edited to plant a problem).
use feishu_codegen::lint;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A page without any diagnostic.
const CLEAN: &str = "attendance/v1/user_daily_shift/batch_create.md";
/// A page with one linter warning (F004).
const WARNS: &str = "vc/v1/reserve/get.md";
const F004: &str = "specs/vc/v1/reserve/get.md:105:13: warning: F004 `data.reserve.expire_status` is `0` in the response example, which is not among its documented values (`1`, `2`)";

const MANIFEST: &str =
    "[package]\nname = \"fixture\"\nversion = \"0.0.0\"\n\n[features]\ndefault = []\n";

fn spec(rel: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../specs")
            .join(rel),
    )
    .unwrap()
}

/// A temp project whose `specs/` holds `pages` (`(path, text)`) and a Cargo manifest.
fn project(pages: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in pages {
        let p = dir.path().join("specs").join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    fs::write(dir.path().join("Cargo.toml"), MANIFEST).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_feishu-codegen"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_code(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        out(o),
        err(o)
    );
}

#[test]
fn lint_defaults_to_specs_lists_then_summarises_and_exits_0_on_warnings() {
    let dir = project(&[(CLEAN, spec(CLEAN)), (WARNS, spec(WARNS))]);
    let o = run(dir.path(), &["lint"]);
    assert_code(&o, 0);
    assert_eq!(
        out(&o),
        format!(
            "{F004}\n\ncode  severity  count  pages  title\n\
             F004  warning       1      1  example value not in the documented values\n\
             0 error(s), 1 warning(s) in 1 of 2 page(s)\n"
        )
    );
    assert_eq!(err(&o), "");

    let o = run(dir.path(), &["lint", "--summary"]);
    assert_code(&o, 0);
    assert!(out(&o).starts_with("code  severity"), "{}", out(&o));

    let o = run(dir.path(), &["lint", "--deny", "warnings"]);
    assert_code(&o, 1);
    assert!(out(&o).starts_with(F004), "the list is still printed");

    // A clean page passes even with --deny warnings; paths are shown as given.
    let o = run(
        dir.path(),
        &["lint", "--deny", "warnings", &format!("specs/{CLEAN}")],
    );
    assert_code(&o, 0);
    assert_eq!(
        out(&o),
        "code  severity  count  pages  title\n0 error(s), 0 warning(s) in 0 of 1 page(s)\n"
    );
}

#[test]
fn lint_exits_1_on_an_error_and_2_on_a_missing_path() {
    let end = "vc/v1/meeting/end.md";
    let broken = spec(end).replace("meetings/:meeting_id/end", "meetings/:id/end");
    let dir = project(&[(end, broken)]);
    let o = run(dir.path(), &["lint", "specs/vc"]);
    assert_code(&o, 1);
    assert!(
        out(&o).contains("specs/vc/v1/meeting/end.md:23:1: error: F007 path parameter `meeting_id` is not in the HTTP URL"),
        "{}",
        out(&o)
    );
    assert!(out(&o).ends_with("1 error(s), 1 warning(s) in 1 of 1 page(s)\n"));

    // Only the codes asked for, and the exit status follows them.
    let o = run(dir.path(), &["lint", "--code", "F006", "specs/vc"]);
    assert_code(&o, 0);
    assert!(
        out(&o).starts_with(
            "specs/vc/v1/meeting/end.md:12:13: warning: F006 the HTTP URL has the parameter `:id` "
        ),
        "{}",
        out(&o)
    );
    assert!(!out(&o).contains("F007"), "{}", out(&o));
    assert!(out(&o).ends_with("0 error(s), 1 warning(s) in 1 of 1 page(s)\n"));
    let o = run(dir.path(), &["lint", "--code", "F999"]);
    assert_code(&o, 2);
    assert!(err(&o).contains("unknown code `F999`"), "{}", err(&o));

    let o = run(dir.path(), &["lint", "nowhere"]);
    assert_code(&o, 2);
    assert!(err(&o).contains("cannot read nowhere"), "{}", err(&o));
    let o = run(dir.path(), &["lint", "--format", "xml"]);
    assert_code(&o, 2);
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    k.sort();
    k
}

#[test]
fn lint_json_has_the_documented_shape() {
    let end = "vc/v1/meeting/end.md";
    let broken = spec(end).replace("meetings/:meeting_id/end", "meetings/:id/end");
    let dir = project(&[(CLEAN, spec(CLEAN)), (WARNS, spec(WARNS)), (end, broken)]);
    let o = run(dir.path(), &["lint", "--format", "json"]);
    assert_code(&o, 1);
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(keys(&v), ["diagnostics", "summary", "version"]);
    assert_eq!(v["version"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 3);
    for d in diags {
        assert_eq!(
            keys(d),
            ["code", "column", "line", "message", "path", "severity"]
        );
        assert!(d["line"].is_u64() && d["column"].is_u64());
        assert!(d["path"].as_str().unwrap().starts_with("specs/"));
        assert!(matches!(d["severity"].as_str(), Some("error" | "warning")));
        let code = lint::Code::from_id(d["code"].as_str().unwrap()).unwrap();
        assert_eq!(d["severity"], code.severity().to_string());
        assert!(!d["message"].as_str().unwrap().is_empty());
    }
    // Sorted by path, then position, like the text output.
    let firsts: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        firsts,
        [
            ("specs/vc/v1/meeting/end.md", "F006"),
            ("specs/vc/v1/meeting/end.md", "F007"),
            ("specs/vc/v1/reserve/get.md", "F004"),
        ]
    );
    let s = &v["summary"];
    assert_eq!(
        keys(s),
        [
            "by_code",
            "errors",
            "pages",
            "pages_with_diagnostics",
            "warnings"
        ]
    );
    assert_eq!(
        (
            &s["pages"],
            &s["pages_with_diagnostics"],
            &s["errors"],
            &s["warnings"]
        ),
        (&3.into(), &2.into(), &1.into(), &2.into())
    );
    let rows = s["by_code"].as_array().unwrap();
    for r in rows {
        assert_eq!(keys(r), ["code", "count", "pages", "severity", "title"]);
    }
    let codes: Vec<&str> = rows.iter().map(|r| r["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["F004", "F006", "F007"]);
    assert_eq!(rows[2]["title"], "path parameter not in the URL");
    // The library's type reads it back.
    let typed: lint::render::JsonReport = serde_json::from_value(v).unwrap();
    assert_eq!(typed.summary.by_code.len(), 3);
}

#[test]
fn lint_list_codes_prints_the_table_of_docs_lint_md() {
    let dir = project(&[]);
    let o = run(dir.path(), &["lint", "--list-codes"]);
    assert_code(&o, 0);
    assert_eq!(out(&o), lint::codes::markdown());
}

/// A real page with parser warnings: the clean page plus two sections the parser cannot
/// read (one warning each: a section's tables are named in its warning).
fn page_with_parser_warnings() -> String {
    spec(CLEAN).replacen(
        "### 错误码",
        "### 排班说明\n\n| 取值 | 含义 |\n| --- | --- |\n| 0 | 休息 |\n\n### 班次说明\n\n| 取值 | 含义 |\n| --- | --- |\n| 1 | 早班 |\n\n### 错误码",
        1,
    )
}

#[test]
fn generate_summarises_warnings_in_one_line_unless_verbose() {
    let text = page_with_parser_warnings();
    let rel = "attendance/v1/user_daily_shift/batch_create.md";
    let api = feishu_codegen::parse_page(rel, text.as_bytes());
    let expected: Vec<String> = api
        .diagnostics
        .iter()
        .map(|d| d.render(&format!("specs/{rel}")))
        .collect();
    assert!(expected.len() >= 2, "{expected:?}");
    assert!(
        expected.iter().all(|l| l.contains(": warning: F0")),
        "{expected:?}"
    );
    let summary = format!(
        "{} warnings in 1 page; run `feishu-codegen lint specs` (or `generate --verbose`) for the list",
        expected.len()
    );

    let dir = project(&[(rel, text), (WARNS, spec(WARNS))]);
    let o = run(dir.path(), &["generate"]);
    assert_code(&o, 0);
    assert_eq!(err(&o), format!("{summary}\n"));

    let o = run(dir.path(), &["generate", "--check", "--verbose"]);
    assert_code(&o, 0);
    assert_eq!(err(&o), format!("{}\n", expected.join("\n")));
}

#[test]
fn generate_prints_errors_in_full_and_warnings_as_a_count() {
    let broken: PathBuf = "svc/v1/res/broken.md".into();
    let dir = project(&[
        (CLEAN, page_with_parser_warnings()),
        (
            broken.to_str().unwrap(),
            "# 坏页面\n\nNo request section at all.\n".to_string(),
        ),
    ]);
    let o = run(dir.path(), &["generate"]);
    assert_code(&o, 1);
    let e = err(&o);
    let lines: Vec<&str> = e.lines().collect();
    assert!(
        lines.contains(&"specs/svc/v1/res/broken.md:1:1: error: F042 no `HTTP URL` row found in a request table"),
        "{e}"
    );
    assert!(!e.contains(": warning: "), "{e}");
    assert!(
        lines.iter().any(|l| l.ends_with("warnings in 1 page; run `feishu-codegen lint specs` (or `generate --verbose`) for the list")),
        "{e}"
    );
    assert!(!dir.path().join("generated").exists(), "nothing written");
}
