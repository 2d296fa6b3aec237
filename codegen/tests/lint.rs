//! The doc linter: each check on a real page of `specs/` (as published, or edited here to
//! plant one inconsistency), the codes of the parser's diagnostics, and the code table in
//! `docs/LINT.md`. The command line is tested in `cli_lint.rs`.
use feishu_codegen::ir::Severity;
use feishu_codegen::lint::{self, Code, PageReport};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn page(rel: &str) -> String {
    fs::read_to_string(repo().join("specs").join(rel)).unwrap()
}

/// `rel` with `edit` applied: every `(from, to)` must occur exactly once.
fn edited(rel: &str, edits: &[(&str, &str)]) -> String {
    let mut text = page(rel);
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "{from:?} in {rel}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The lint lines of one page, `line:col: severity: CODE message` (path left out).
fn lint(rel: &str, text: &str) -> Vec<String> {
    let r = PageReport::of_page(&format!("specs/{rel}"), text.as_bytes());
    r.diagnostics
        .iter()
        .map(|d| {
            let l = d.render("");
            l.strip_prefix(':').unwrap_or(&l).to_string()
        })
        .collect()
}

/// A clean page (no diagnostic at all) with a nested request body, required fields, a query
/// enum and a nested response: the base for planted inconsistencies.
const CLEAN: &str = "attendance/v1/user_daily_shift/batch_create.md";

#[test]
fn the_clean_page_is_clean() {
    assert_eq!(lint(CLEAN, &page(CLEAN)), Vec::<String>::new());
}

#[test]
fn f001_example_keys_the_tables_do_not_document_in_both_examples_and_once_per_path() {
    let text = edited(
        CLEAN,
        &[
            (
                "            \"is_clear_schedule\": true\n        }\n    ],",
                "            \"is_clear_schedule\": true,\n            \"shift_name\": \"早班\"\n        },\n        {\"shift_name\": \"晚班\"}\n    ],",
            ),
            ("    \"data\": {\n", "    \"data\": {\n        \"total\": 1,\n"),
        ],
    );
    let lines = lint(CLEAN, &text);
    assert!(
        lines.contains(&"67:13: warning: F001 the request example has `user_daily_shifts[].shift_name`, which the tables do not document".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"102:9: warning: F001 the response example has `data.total`, which the tables do not document".to_string()),
        "{lines:#?}"
    );
    // The second element repeats `shift_name`: one finding per path.
    assert_eq!(
        lines.iter().filter(|l| l.contains("F001")).count(),
        2,
        "{lines:#?}"
    );
}

#[test]
fn f001_on_real_pages_request_and_response() {
    let rel = "contact/v2/department/batch_add.md";
    assert!(lint(rel, &page(rel)).contains(&"50:13: warning: F001 the request example has `departments[].leader_open_id`, which the tables do not document".to_string()));
    let rel = "bitable/v1/app.table.record/create.md";
    assert_eq!(
        lint(rel, &page(rel)),
        ["172:7: warning: F001 the response example has `data.record.id`, which the tables do not document"]
    );
}

#[test]
fn f002_required_fields_missing_from_the_example_by_path() {
    let text = edited(CLEAN, &[("            \"month\": 202101,\n            \"user_id\": \"abd754f7\",\n            \"day_no\": 21,\n            \"is_clear_schedule\": true\n        }\n    ],", "            \"user_id\": \"abd754f7\",\n            \"day_no\": 21,\n            \"is_clear_schedule\": true\n        }\n    ],")]);
    assert_eq!(
        lint(CLEAN, &text),
        ["48:1: warning: F002 `user_daily_shifts[].month` is required, but the request example leaves it out"]
    );
    // An optional field may be left out; a required one of an absent optional parent too.
    let text = edited(
        CLEAN,
        &[("    ],\n    \"operator_id\": \"dd31248a\"\n}", "    ]\n}")],
    );
    assert_eq!(lint(CLEAN, &text), Vec::<String>::new());
}

#[test]
fn f003_example_values_of_another_type() {
    let rel = "application/v6/application.app_usage/department_overview.md";
    assert!(lint(rel, &page(rel)).contains(
        &"71:5: warning: F003 `cycle_type` is documented as `int` but the request example gives a string `1`".to_string()
    ));
    let text = edited(
        CLEAN,
        &[(
            "                \"day_no\": 21,",
            "                \"day_no\": [21],",
        )],
    );
    assert_eq!(
        lint(CLEAN, &text),
        ["106:17: warning: F003 `data.user_daily_shifts[].day_no` is documented as `int` but the response example gives an array `[21]`"]
    );
}

#[test]
fn f004_example_values_outside_the_documented_values_nested_and_in_arrays() {
    let rel = "vc/v1/reserve/get.md";
    assert_eq!(
        lint(rel, &page(rel)),
        ["105:13: warning: F004 `data.reserve.expire_status` is `0` in the response example, which is not among its documented values (`1`, `2`)"]
    );
    let rel = "vc/v1/room_config/set.md";
    assert_eq!(
        lint(rel, &page(rel)),
        [
            "116:21: warning: F004 `room_config.digital_signage.materials[].material_type` is `0` in the request example, which is not among its documented values (`1`, `2`, `3`)",
            "135:21: warning: F004 `room_config.room_box_digital_signage.materials[].material_type` is `0` in the request example, which is not among its documented values (`1`, `2`, `3`)",
        ]
    );
    // A documented value is fine.
    let text = page(rel).replace("\"material_type\": 0", "\"material_type\": 2");
    assert_eq!(lint(rel, &text), Vec::<String>::new());
}

#[test]
fn f005_rows_documented_twice_in_one_object() {
    let row = "| &nbsp;&nbsp;└ `day_no` | `int` | 是 | 日期<br>**示例值**：21 |\n";
    let text = edited(
        CLEAN,
        &[(
            row,
            &format!("{row}| &nbsp;&nbsp;└ `day_no` | `string` | 是 | 日期 |\n"),
        )],
    );
    assert_eq!(
        lint(CLEAN, &text),
        ["51:1: warning: F005 `day_no` is documented twice in `user_daily_shifts` (first at line 50), the second time as `string` instead of `integer`; the first row is kept"]
    );
    // The same name in two objects is not a duplicate.
    assert_eq!(lint(CLEAN, &page(CLEAN)), Vec::<String>::new());
}

#[test]
fn f006_f007_url_placeholders_against_the_path_parameter_table() {
    let rel = "vc/v1/meeting/end.md";
    assert_eq!(lint(rel, &page(rel)), Vec::<String>::new());
    let text = edited(rel, &[("meetings/:meeting_id/end", "meetings/:id/end")]);
    assert_eq!(
        lint(rel, &text),
        [
            "12:13: warning: F006 the HTTP URL has the parameter `:id` but no path-parameter row documents it; read as a required string",
            "23:1: error: F007 path parameter `meeting_id` is not in the HTTP URL `/open-apis/vc/v1/meetings/:id/end`",
        ]
    );
}

#[test]
fn f008_f009_examples_that_are_not_json() {
    let broken = edited(
        CLEAN,
        &[(
            "    \"operator_id\": \"dd31248a\"\n}",
            "    \"operator_id\": dd31248a\n}",
        )],
    );
    let lines = lint(CLEAN, &broken);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("57:1: warning: F008 the request example is not valid JSON: "),
        "{lines:#?}"
    );
    let lenient = edited(
        CLEAN,
        &[(
            "    \"operator_id\": \"dd31248a\"\n}",
            "    \"operator_id\": \"dd31248a\", // 操作人\n}",
        )],
    );
    assert_eq!(
        lint(CLEAN, &lenient),
        ["57:1: warning: F009 the request example is not strict JSON (trailing commas or comments); read leniently"]
    );
}

#[test]
fn lost_content_is_reported_with_its_code() {
    let text = edited(
        CLEAN,
        &[(
            "### 错误码",
            "### 排班说明\n\n| 取值 | 含义 |\n| --- | --- |\n| 0 | 休息 |\n\n## 说明\n\n| 取值 | 含义 |\n| --- | --- |\n| 1 | 早班 |\n\n| 取值 | 含义 |\n| --- | --- |\n| 2 | 晚班 |\n\n### 错误码",
        )],
    );
    // An unknown section names its tables; a section's tables outside a known section are
    // one warning, at the first, listing the others.
    assert_eq!(
        lint(CLEAN, &text),
        [
            "115:1: warning: F011 unknown section `排班说明`; its content is not read (tables at lines 117)",
            "123:1: warning: F010 table with header `取值 | 含义` outside a known section; not read (also the tables at lines 127)",
        ]
    );
}

/// Every page the tests know: `specs/`, the fixtures and the hostile pages.
fn all_pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for d in ["specs", "codegen/tests/fixtures", "codegen/tests/hostile"] {
        walk(&repo().join(d), &mut out);
    }
    out.sort();
    out
}

/// The codes of the table in `docs/LINT.md` (its `| F001 | warning | ... |` rows).
fn documented_codes() -> BTreeSet<String> {
    let doc = fs::read_to_string(repo().join("docs/LINT.md")).unwrap();
    let begin = doc.find("<!-- BEGIN codes").unwrap();
    doc[begin..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.strip_prefix("| F"))
        .map(|l| format!("F{}", &l[..3]))
        .collect()
}

/// The code `generate` gives a page whose service is not its directory's: the page is read
/// as under another service's directory.
fn generate_codes() -> BTreeSet<String> {
    let bytes = page("vc/v1/meeting/end.md");
    let api = feishu_codegen::parse_page("im/v1/meeting/end.md", bytes.as_bytes());
    let Err(feishu_codegen::GenerateError::Diagnostics { errors }) =
        feishu_codegen::generate_tree(&[api])
    else {
        panic!("a page under another service's directory is refused");
    };
    errors
        .iter()
        .map(|e| e.split(": error: ").nth(1).unwrap()[..4].to_string())
        .collect()
}

#[test]
fn every_documented_code_is_produced_and_every_produced_code_is_documented() {
    // The parser's and the linter's diagnostics over every page the tests know (pages made to
    // show one problem each among them), and `generate`'s own check.
    let mut produced = BTreeSet::new();
    let pages = all_pages();
    assert!(pages.len() > 1700, "{}", pages.len());
    for p in &pages {
        let report = PageReport::of_page("svc/v1/res/get.md", &fs::read(p).unwrap());
        for (code, d) in report.codes() {
            assert_eq!(
                code.severity(),
                d.severity,
                "{}: {}",
                p.display(),
                d.render("")
            );
            produced.insert(code.id().to_string());
        }
    }
    produced.extend(generate_codes());
    // An event page given to the API-only reader (`parse_page`).
    let event = fs::read(repo().join("codegen/tests/fixtures/codes/base-event.md")).unwrap();
    let api = feishu_codegen::parse_page("vc/v1/room/events/deleted.md", &event);
    produced.extend(api.diagnostics.iter().map(|d| d.code.id().to_string()));
    // A row the parser lost (F061) is a parser defect, which no page can show while the parser
    // has none: the parser's own unit test loses a row on purpose and checks the code.
    let unit = fs::read_to_string(repo().join("codegen/src/parse/page/assemble.rs")).unwrap();
    assert!(
        unit.contains("fn a_row_with_no_field_and_no_diagnostic_is_an_error()")
            && unit.contains("Code::RowLost"),
        "the unit test that produces F061 is gone"
    );
    produced.insert("F061".to_string());
    let documented = documented_codes();
    let table: BTreeSet<String> = Code::ALL.iter().map(|c| c.id().to_string()).collect();
    assert_eq!(documented, table, "docs/LINT.md lists the code table");
    let never: Vec<_> = documented.difference(&produced).collect();
    assert!(
        never.is_empty(),
        "documented codes no page produces (add a page under codegen/tests/fixtures/ that shows the problem): {never:?}"
    );
    let undocumented: Vec<_> = produced.difference(&documented).collect();
    assert!(undocumented.is_empty(), "{undocumented:?}");
    assert!(produced
        .iter()
        .any(|c| Code::from_id(c).unwrap().severity() == Severity::Error));
}

/// `codegen/tests/fixtures/codes/`: pages made from `base.md` (a clean page) by one edit
/// each, to show one kind no real page of `specs/` shows; `F016-required-flag.md` must give
/// F016. Their source says what was edited.
#[test]
fn each_code_page_shows_its_code() {
    let dir = repo().join("codegen/tests/fixtures/codes");
    let diags = |name: &str| {
        PageReport::of_page("vc/v1/meeting/end.md", &fs::read(dir.join(name)).unwrap()).diagnostics
    };
    assert_eq!(diags("base.md"), vec![], "the base page is clean");
    assert_eq!(
        diags("base-event.md"),
        vec![],
        "the base event page is clean"
    );
    let mut pages = 0;
    for e in fs::read_dir(&dir).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        let Some((code, _)) = name.split_once('-').filter(|(c, _)| *c != "base") else {
            continue;
        };
        let code = Code::from_id(code).unwrap();
        let shown = diags(&name);
        assert!(
            shown
                .iter()
                .any(|d| d.code == code && d.severity == code.severity()),
            "{name}: {shown:#?}"
        );
        pages += 1;
    }
    assert!(pages >= 18, "{pages}");
}

#[test]
fn every_example_field_the_round_trip_test_loses_is_an_f001() {
    // tests/roundtrip-discrepancies.txt lists, per page, the example keys the generated types
    // drop; the linter must name each of them.
    let list = fs::read_to_string(repo().join("tests/roundtrip-discrepancies.txt")).unwrap();
    let mut checked = 0;
    let mut cache: std::collections::HashMap<String, Vec<String>> = Default::default();
    for l in list
        .lines()
        .filter(|l| l.contains("lost (the type has no such field)"))
    {
        let mut parts = l.split_whitespace();
        let (api, which, path) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap().trim_end_matches(':'),
        );
        let mut norm = String::new();
        let mut in_index = false;
        for c in path.trim_start_matches('.').chars() {
            match c {
                '[' => {
                    in_index = true;
                    norm.push_str("[]");
                }
                ']' => in_index = false,
                _ if in_index => {}
                c => norm.push(c),
            }
        }
        let rel = format!("{api}.md");
        let lines = cache
            .entry(rel.clone())
            .or_insert_with(|| lint(&rel, &page(&rel)));
        // An API's response fields sit under `data`, an event's under the envelope's `event`.
        let found = [
            format!("data.{norm}"),
            format!("event.{norm}"),
            norm.clone(),
        ]
        .iter()
        .any(|p| {
            lines
                .iter()
                .any(|l| l.contains(&format!("F001 the {which} example has `{p}`,")))
        });
        assert!(found, "{l}\n{lines:#?}");
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn docs_lint_md_holds_the_code_table() {
    let doc = fs::read_to_string(repo().join("docs/LINT.md")).unwrap();
    let begin = "<!-- BEGIN codes: `feishu-codegen lint --list-codes` -->\n";
    let end = "<!-- END codes -->";
    let start = doc.find(begin).expect("begin marker") + begin.len();
    let stop = doc.find(end).expect("end marker");
    assert_eq!(
        &doc[start..stop],
        lint::codes::markdown(),
        "docs/LINT.md is stale: replace the block with `cargo run -p feishu-codegen -- lint --list-codes`"
    );
}

/// Event pages are linted like API pages: the envelope example against the envelope and the
/// event table (keys by path under `event`), a field of several documented types accepting
/// each of them.
#[test]
fn event_pages_are_checked_against_their_tables() {
    let rel = "im/v1/message/events/receive.md";
    assert_eq!(lint(rel, &page(rel)), Vec::<String>::new());
    let text = edited(
        rel,
        &[
            (
                "\"chat_type\": \"group\",",
                "\"chat_type\": \"group\",\n            \"pinned\": true,",
            ),
            (
                "\"create_time\": \"1609073151345\"",
                "\"create_time\": 1609073151345",
            ),
        ],
    );
    assert_eq!(
        lint(rel, &text),
        [
            "117:13: warning: F003 `event.message.create_time` is documented as `string` but the event example gives an integer `1609073151345`",
            "122:13: warning: F001 the event example has `event.message.pinned`, which the tables do not document",
        ]
    );
    // `operate_time` is a string, or an int64 for REVERTED: both values are fine.
    let rel = "approval/v4/_/events/approval_instance.md";
    let codes = |text: &str| -> Vec<String> {
        lint(rel, text)
            .into_iter()
            .filter(|l| !l.contains("F074"))
            .collect()
    };
    assert_eq!(codes(&page(rel)), Vec::<String>::new());
    let int = edited(
        rel,
        &[(
            "\"operate_time\": \"1666079207003\"",
            "\"operate_time\": 1666079207003",
        )],
    );
    assert_eq!(codes(&int), Vec::<String>::new());
    let bool_time = edited(
        rel,
        &[(
            "\"operate_time\": \"1666079207003\"",
            "\"operate_time\": true",
        )],
    );
    assert_eq!(codes(&bool_time).len(), 1, "{:?}", codes(&bool_time));
}
