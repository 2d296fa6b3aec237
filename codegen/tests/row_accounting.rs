//! Row accounting: every row of every parameter, body, response and error table of a page
//! reaches the IR or has a diagnostic (issue 11, acceptance 1).
//!
//! The rows are found by reading the page's text here, not through the parser's tables:
//! Markdown rows are the `|` lines after a header and a delimiter row (continuation lines
//! and lone `|` lines are not rows); rows of `:::html` blocks are those the HTML reader
//! returns (`<md-tr>`, `<md-dt-tr>`), at their tag's line. A row is accounted for when
//! - an IR field (path, query, header, request or response body, at any depth) was read
//!   from its line, or an IR error code is the code in its 错误码 cell; or
//! - a diagnostic names its line (the row was ignored, repaired or read another way); or
//! - a diagnostic at its table's header line says the whole table was not read (outside a
//!   known section, no name or code column); or
//! - it is the response envelope: a top-level `code`, `msg` or `data` row, which the
//!   bindings' envelope type holds (the children of `data` are the response fields); or,
//!   on an event or callback page, the event envelope: a top-level `schema`, `header`,
//!   `event`, `ts`, `uuid`, `token` or `type` row, or one of the 2.0 header's standard
//!   fields (`event_id`, `event_type`, `create_time`, `token`, `app_id`, `tenant_key`)
//!   nested under it (the children of `event` are the event's fields); or
//! - it is one of a field's documented values: a table whose header names the field
//!   (`obj_type | 说明`) or means it (`名称 | 类型` under the label `**控件信息**` that
//!   `form` points to: `类型` is `form.type`), the row's value among the field's values in
//!   the IR.
//!
//! Rows of the request basics table (`HTTP URL`, `HTTP Method`, ...) and of the field
//! permission table are not parameter rows; rows with no text at all carry nothing.
//!
//! Pages: `specs/` (event pages included) and the flavour fixtures, event fixtures too. To run it over the doc corpus while developing
//! (the test never reads it by itself): `ROW_ACCOUNTING_DIRS=/work/shared/corpus/feishu-c
//! cargo test -p feishu-codegen --test row_accounting -- --nocapture` (directories
//! separated by `:`); docs/LINT.md has the figures.

use feishu_codegen::ir::{Api, Diagnostic, ErrorCode, Field, Item, V1_ENVELOPE, V2_HEADER};
use feishu_codegen::parse::blocks::{Block, Pos};
use feishu_codegen::parse::html::read_html_block;
use feishu_codegen::{parse_item, parse_page};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One table row as found in the page's text.
#[derive(Debug)]
struct Row {
    line: u32,
    /// Cell texts, trimmed.
    cells: Vec<String>,
}

/// One table: its header line and cells, and its rows.
#[derive(Debug)]
struct Table {
    line: u32,
    /// Read from a `:::html` block (nesting is the rows' levels, not in the name cell).
    html: bool,
    header: Vec<String>,
    rows: Vec<Row>,
}

/// Splits a piped Markdown row into cells at unescaped pipes outside code spans.
fn split_row(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") {
        &t[..t.len() - 1]
    } else {
        t
    };
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut in_code = false;
    let mut prev = ' ';
    for c in t.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if c == '|' && prev != '\\' && !in_code {
            cells.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
        prev = c;
    }
    cells.push(cur.trim().to_string());
    cells
}

fn is_delimiter(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The page's tables: Markdown ones from its lines, HTML ones through the HTML reader.
fn tables(text: &str) -> Vec<Table> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Front matter.
    if lines.first().map(|l| l.trim()) == Some("---") {
        if let Some(end) = (1..lines.len()).find(|&k| lines[k].trim() == "---") {
            i = end + 1;
        }
    }
    let mut fence = false;
    while i < lines.len() {
        let l = lines[i].trim();
        if l.starts_with("```") || l.starts_with("~~~") {
            fence = !fence;
            i += 1;
            continue;
        }
        if fence {
            i += 1;
            continue;
        }
        if l == ":::html" {
            let end = (i + 1..lines.len())
                .find(|&k| lines[k].trim() == ":::")
                .unwrap_or(lines.len());
            let content = lines[i + 1..end].join("\n");
            let mut diags = Vec::new();
            for b in read_html_block(&content, Pos::new(i as u32 + 2, 1), &mut diags) {
                if let Block::Table(t) = b {
                    out.push(Table {
                        line: t.pos.line,
                        html: true,
                        header: t.header.iter().map(|c| c.text.trim().to_string()).collect(),
                        rows: t
                            .rows
                            .iter()
                            .map(|r| Row {
                                line: r.pos.line,
                                cells: r.cells.iter().map(|c| c.text.trim().to_string()).collect(),
                            })
                            .collect(),
                    });
                }
            }
            i = end + 1;
            continue;
        }
        let starts_table = l.starts_with('|')
            && !is_delimiter(l)
            && lines.get(i + 1).is_some_and(|n| is_delimiter(n));
        if !starts_table {
            i += 1;
            continue;
        }
        let mut t = Table {
            line: i as u32 + 1,
            html: false,
            header: split_row(l),
            rows: Vec::new(),
        };
        let mut k = i + 2;
        while k < lines.len() {
            let r = lines[k].trim();
            let header_of_next = lines.get(k + 1).is_some_and(|n| is_delimiter(n));
            if r.is_empty() || r.starts_with('#') || r.starts_with("```") || header_of_next {
                break;
            }
            if r.starts_with('|') && r != "|" {
                t.rows.push(Row {
                    line: k as u32 + 1,
                    cells: split_row(r),
                });
            }
            k += 1;
        }
        out.push(t);
        i = k;
    }
    out
}

/// Markup stripped for reading a name or code cell.
fn plain(s: &str) -> String {
    s.replace("&nbsp;", "")
        .replace("&emsp;", "")
        .chars()
        .filter(|c| !matches!(c, '`' | '*' | '\\'))
        .collect::<String>()
        .trim()
        .to_string()
}

enum Kind {
    /// Request basics or field permissions: not parameter rows.
    NotParameters,
    Errors(usize),
    Parameters,
}

fn kind(t: &Table) -> Kind {
    let first = t.header.first().map(|h| plain(h)).unwrap_or_default();
    let any_first = |w: &str| {
        t.rows
            .iter()
            .any(|r| r.cells.first().map(|c| plain(c)).as_deref() == Some(w))
    };
    if first == "基本"
        || first == "基本信息"
        || first == "项目"
        || any_first("HTTP URL")
        || any_first("事件类型")
        || any_first("回调类型")
    {
        return Kind::NotParameters;
    }
    if let Some(i) = t.header.iter().position(|h| h.contains("错误码")) {
        return Kind::Errors(i);
    }
    if first == "字段权限要求" || any_first("字段权限要求") {
        return Kind::NotParameters;
    }
    Kind::Parameters
}

fn field_lines(fields: &[Field], out: &mut BTreeSet<u32>) {
    for f in fields {
        out.insert(f.line);
        field_lines(f.children(), out);
    }
}

/// `(field name, value)` of every documented value of the IR's fields.
fn field_values(fields: &[Field], out: &mut BTreeSet<(String, String)>) {
    for f in fields {
        for v in f.enum_values.iter().flatten() {
            out.insert((f.name.clone(), v.value.clone()));
        }
        field_values(f.children(), out);
    }
}

/// Rows of one page, by how they are accounted for.
#[derive(Debug, Default)]
struct Tally {
    rows: usize,
    fields: usize,
    errors: usize,
    row_diagnostics: usize,
    table_diagnostics: usize,
    envelope: usize,
    values: usize,
    /// `line: row text` of the rows nothing accounts for.
    unaccounted: Vec<String>,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.rows += o.rows;
        self.fields += o.fields;
        self.errors += o.errors;
        self.row_diagnostics += o.row_diagnostics;
        self.table_diagnostics += o.table_diagnostics;
        self.envelope += o.envelope;
        self.values += o.values;
    }
}

/// What a page's IR holds, whichever kind of item it is.
struct View<'a> {
    lists: Vec<&'a [Field]>,
    errors: &'a [ErrorCode],
    diagnostics: &'a [Diagnostic],
    /// An event or callback page: its envelope rows are not fields.
    event: bool,
}

impl<'a> View<'a> {
    fn of(item: &'a Item) -> Self {
        match item {
            Item::Api(api) => View::api(api),
            Item::Event(e) => View {
                lists: [&e.event.fields[..], &e.header[..]]
                    .into_iter()
                    .chain(e.response.as_ref().map(|b| &b.fields[..]))
                    .collect(),
                errors: &e.errors,
                diagnostics: &e.diagnostics,
                event: true,
            },
        }
    }

    fn api(api: &'a Api) -> Self {
        View {
            lists: vec![
                &api.path_params,
                &api.query_params,
                &api.headers,
                &api.request_body.fields,
                &api.response_body.fields,
            ],
            errors: &api.errors,
            diagnostics: &api.diagnostics,
            event: false,
        }
    }
}

/// A row of the event envelope: a top-level envelope row, or a standard `header` field
/// (in Markdown, nesting is a `└` in the name cell; `:::html` rows carry it as their level,
/// which the rows here do not keep, so any depth is taken).
fn event_envelope_row(name_cell: &str, name: &str, html: bool) -> bool {
    let nested = name_cell.contains('└');
    let name = name.trim_start_matches('└').trim();
    let top = ["schema", "header", "event"].contains(&name) || V1_ENVELOPE.contains(&name);
    (top && (html || !nested)) || (V2_HEADER.contains(&name) && (html || nested))
}

/// The response envelope's `code`/`msg`/`data` rows of an API page; an event page's
/// envelope rows.
fn envelope_row(event: bool, r: &Row, name: &str, html: bool) -> bool {
    if event {
        event_envelope_row(r.cells.first().map_or("", |c| c.as_str()), name, html)
    } else {
        matches!(name, "code" | "msg" | "data")
    }
}

fn account(text: &str, api: &Api) -> Tally {
    account_view(text, &View::api(api))
}

fn account_view(text: &str, api: &View<'_>) -> Tally {
    let mut lines = BTreeSet::new();
    let mut values = BTreeSet::new();
    for list in &api.lists {
        field_lines(list, &mut lines);
        field_values(list, &mut values);
    }
    // The parser's own "row lost" error (F061) names the row but accounts for nothing.
    let diag_lines: BTreeSet<u32> = api
        .diagnostics
        .iter()
        .filter(|d| d.code.id() != "F061")
        .map(|d| d.line)
        .collect();
    // Diagnostics that say a whole table was not read (outside a known section, no name
    // column, no code column, a delimiter row that cannot be repaired).
    // A section's tables not read are reported once: the diagnostic at the first one (or
    // at the unknown section's heading) lists the others' lines, `(… tables at lines a, b)`.
    let mut table_not_read = BTreeSet::new();
    for d in api.diagnostics {
        if !(d.message.contains("not read")
            || d.message.contains("error table without a code column"))
        {
            continue;
        }
        table_not_read.insert(d.line);
        if let Some((_, listed)) = d.message.rsplit_once("tables at lines ") {
            let listed = listed.trim_end_matches(')');
            table_not_read.extend(listed.split(", ").filter_map(|n| n.parse::<u32>().ok()));
        }
    }
    let mut tally = Tally::default();
    for t in tables(text) {
        let kind = kind(&t);
        if matches!(kind, Kind::NotParameters) {
            continue;
        }
        let table_diag = table_not_read.contains(&t.line);
        for r in &t.rows {
            if r.cells.iter().all(|c| plain(c).is_empty()) {
                continue;
            }
            tally.rows += 1;
            let name = r.cells.first().map(|c| plain(c)).unwrap_or_default();
            let by_ir = match kind {
                Kind::Errors(col) => {
                    let code = r.cells.get(col).map(|c| plain(c)).unwrap_or_default();
                    code.parse::<i64>()
                        .is_ok_and(|c| api.errors.iter().any(|e| e.code == c))
                }
                _ => lines.contains(&r.line),
            };
            if by_ir {
                if matches!(kind, Kind::Errors(_)) {
                    tally.errors += 1;
                } else {
                    tally.fields += 1;
                }
            } else if diag_lines.contains(&r.line) {
                tally.row_diagnostics += 1;
            } else if table_diag {
                tally.table_diagnostics += 1;
            } else if matches!(kind, Kind::Parameters) && envelope_row(api.event, r, &name, t.html)
            {
                tally.envelope += 1;
            } else if t.header.iter().zip(&r.cells).any(|(h, c)| {
                // The header names the field (`obj_type`, `status取值`) or means it (`类型`
                // → `type`, under a label its parent points to); a cell may list several
                // values (`attachment/attachmentV2`).
                let header = plain(h).trim_end_matches("取值").trim().to_string();
                let meaning = match header.as_str() {
                    "类型" => "type".to_owned(),
                    "名称" => "name".to_owned(),
                    _ => header.clone(),
                };
                let cell = plain(c);
                [header, meaning].into_iter().any(|name| {
                    values.contains(&(name.clone(), cell.clone()))
                        || cell
                            .split('/')
                            .all(|v| values.contains(&(name.clone(), v.trim().to_string())))
                })
            }) {
                tally.values += 1;
            } else {
                let text: String = r.cells.join(" | ").chars().take(80).collect();
                tally.unaccounted.push(format!("{}: {text}", r.line));
            }
        }
    }
    tally
}

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            pages(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// Accounts for every page under `dir`; returns the total and the unaccounted rows by page.
fn account_dir(dir: &Path) -> (usize, Tally, Vec<(String, Vec<String>)>) {
    let mut files = Vec::new();
    pages(dir, &mut files);
    files.sort();
    let mut total = Tally::default();
    let mut lost = Vec::new();
    for p in &files {
        let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
        let rel = p
            .strip_prefix(dir)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/");
        let item = parse_item(&rel, &bytes);
        let text = String::from_utf8_lossy(&bytes);
        let t = account_view(&text, &View::of(&item));
        total.add(&t);
        if !t.unaccounted.is_empty() {
            lost.push((rel, t.unaccounted));
        }
    }
    (files.len(), total, lost)
}

fn report(name: &str, pages: usize, t: &Tally, lost: &[(String, Vec<String>)]) -> String {
    let n: usize = lost.iter().map(|(_, l)| l.len()).sum();
    let mut s = format!(
        "{name}: {pages} pages, {} rows: {} fields, {} error codes, {} with a row diagnostic, {} in tables with a table diagnostic, {} envelope rows, {} field values; {n} unaccounted on {} pages\n",
        t.rows, t.fields, t.errors, t.row_diagnostics, t.table_diagnostics, t.envelope, t.values, lost.len()
    );
    for (page, rows) in lost {
        for r in rows {
            s.push_str(&format!("  {page}:{r}\n"));
        }
    }
    s
}

fn check(dir: &Path, name: &str) {
    let (pages, total, lost) = account_dir(dir);
    let text = report(name, pages, &total, &lost);
    println!("{text}");
    assert!(pages > 0, "no pages under {dir:?}");
    assert!(
        lost.is_empty(),
        "rows that reach neither the IR nor a diagnostic:\n{text}"
    );
}

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn every_row_of_specs_is_accounted_for() {
    check(&Path::new(ROOT).join("../specs"), "specs");
}

#[test]
fn every_row_of_the_flavour_fixtures_is_accounted_for() {
    for dir in [
        "accounting/feishu-raw",
        "flavours/feishu-a",
        "flavours/feishu-c",
        "flavours/feishu-raw",
        "feishu-a",
        "raw",
        "events/c",
        "events/raw",
    ] {
        check(&Path::new(ROOT).join("tests/fixtures").join(dir), dir);
    }
}

/// The corpus run for docs/LINT.md; does nothing unless `ROW_ACCOUNTING_DIRS` is set.
#[test]
fn every_row_of_the_given_directories_is_accounted_for() {
    let Ok(dirs) = std::env::var("ROW_ACCOUNTING_DIRS") else {
        return;
    };
    for d in dirs.split(':').filter(|d| !d.is_empty()) {
        check(Path::new(d), d);
    }
}

#[test]
fn a_lost_row_is_found() {
    // The test must be able to fail: a row the parser drops silently is reported.
    let page = "## 请求\n\n| 基本 | |\n| --- | --- |\n| HTTP URL | https://open.feishu.cn/open-apis/x/v1/y |\n| HTTP Method | POST |\n\n### 请求体\n\n| 名称 | 类型 | 必填 | 描述 |\n| --- | --- | --- | --- |\n| a | string | 是 | x |\n| b | string | 否 | y |\n";
    let mut api = parse_page("x/v1/y/create.md", page.as_bytes());
    assert!(account(page, &api).unaccounted.is_empty());
    api.request_body.fields.retain(|f| f.name != "b");
    assert_eq!(
        account(page, &api).unaccounted,
        vec!["13: b | string | 否 | y"]
    );
}

#[test]
fn a_lost_event_row_is_found() {
    let rel = "im/v1/message/events/receive.md";
    let p = Path::new(ROOT).join("../specs").join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let mut item = parse_item(rel, text.as_bytes());
    assert!(account_view(&text, &View::of(&item)).unaccounted.is_empty());
    let Item::Event(e) = &mut item else {
        panic!("{rel} is an event page")
    };
    let sender = e
        .event
        .fields
        .iter_mut()
        .find(|f| f.name == "sender")
        .unwrap();
    let line = sender
        .children()
        .iter()
        .find(|f| f.name == "sender_type")
        .unwrap()
        .line;
    sender
        .children
        .as_mut()
        .unwrap()
        .retain(|f| f.name != "sender_type");
    let lost = account_view(&text, &View::of(&item)).unaccounted;
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert!(lost[0].starts_with(&format!("{line}: ")), "{lost:?}");
    // An envelope row is the envelope, not a lost field: `header.event_id` is in no IR list.
    assert!(text.lines().any(|l| l.contains("└ `event_id`")));
}

fn spec(rel: &str) -> Api {
    let p = Path::new(ROOT).join("../specs").join(rel);
    let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
    parse_page(rel, &bytes)
}

fn codes_at(api: &Api, code: &str) -> Vec<u32> {
    api.diagnostics
        .iter()
        .filter(|d| d.code.id() == code)
        .map(|d| d.line)
        .collect()
}

#[test]
fn rows_lost_before_now_each_have_a_diagnostic_or_a_field() {
    // Response headers (响应头): the IR has none, so each row says so.
    let api = spec("drive/v1/file/download.md");
    assert_eq!(codes_at(&api, "F060"), vec![70, 71]);
    // Rows nested under the envelope's `msg` (the page forgot `data`): one F018 each.
    let api = spec("approval/v1/id/get.md");
    assert_eq!(codes_at(&api, "F018"), vec![51, 52]);
    // A `| ---\t|` delimiter row hid the table from pulldown-cmark; now it is a table, and
    // one outside a known section.
    let api = spec("authen/v1/index/get.md");
    assert_eq!(codes_at(&api, "F010"), vec![54]);
    // `================ | **以下字段适用于…**` rows are notes: the rows after them stay
    // fields of `task_info` instead of vanishing under a field named `================`.
    let api = spec("contact/v2/task/get.md");
    assert_eq!(codes_at(&api, "F063"), vec![57, 63]);
    let task_info = api
        .response_body
        .fields
        .iter()
        .find(|f| f.name == "task_info")
        .expect("task_info");
    let names: Vec<&str> = task_info
        .children()
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "code",
            "msg",
            "action",
            "name",
            "email",
            "mobile",
            "user_id",
            "departments",
            "open_id",
            "department_id",
            "parent_id",
            "chat_id"
        ]
    );
    assert!(codes_at(&api, "F061").is_empty());
}

#[test]
fn tables_not_read_are_reported_once_per_section() {
    // Sixteen value tables under `### 控件值说明`: one warning, at the heading, naming them.
    let api = spec("approval/v4/instance/get.md");
    assert_eq!(codes_at(&api, "F010"), Vec::<u32>::new());
    let f011: Vec<&str> = api
        .diagnostics
        .iter()
        .filter(|d| d.line == 116)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        f011,
        ["unknown section `控件值说明`; its content is not read (tables at lines 118, 137, 154, 170, 187, 204, 223, 246, 268, 283, 304, 327, 347, 367, 389, 418)"]
    );
    // The `类型 | 说明` tables under `**控件值**`, which `form` points to, are the values of
    // `form.type` until a field table ends the label; the later tables without a name
    // column in that section: one F012, at the first.
    let api = spec("approval/v2/instance/get.md");
    assert_eq!(codes_at(&api, "F012"), vec![314]);
    let form = api
        .response_body
        .fields
        .iter()
        .find(|f| f.name == "form")
        .unwrap();
    let ty = form.children().iter().find(|f| f.name == "type").unwrap();
    let values: Vec<&str> = ty
        .enum_values
        .iter()
        .flatten()
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(values.first(), Some(&"input"));
    assert!(
        values.contains(&"radioV2") && values.contains(&"fieldList"),
        "{values:?}"
    );
    let text =
        std::fs::read_to_string(Path::new(ROOT).join("../specs/approval/v2/instance/get.md"))
            .unwrap();
    assert!(account(&text, &api).unaccounted.is_empty());
}

#[test]
fn a_table_of_one_fields_values_becomes_its_values() {
    // `#### 文档类型表` with `obj_type | 说明` under the response table: the values of the
    // response's `obj_type`; the section, which holds nothing else, is no longer reported
    // as "unknown section; its content is not read".
    let api = spec("wiki/v2/nodes/search.md");
    assert!(codes_at(&api, "F010").is_empty() && codes_at(&api, "F011").is_empty());
    fn find<'a>(fields: &'a [Field], name: &str) -> Option<&'a Field> {
        fields.iter().find_map(|f| {
            (f.name == name)
                .then_some(f)
                .or_else(|| find(f.children(), name))
        })
    }
    let f = find(&api.response_body.fields, "obj_type").expect("obj_type");
    let values: Vec<(&str, &str)> = f
        .enum_values
        .iter()
        .flatten()
        .map(|v| (v.value.as_str(), v.description.as_str()))
        .collect();
    assert_eq!(values.len(), 11);
    assert_eq!(values[0], ("1", "Doc"));
    assert_eq!(values[5], ("6", "Slide(已废弃)"));
    // A table naming two fields (`res_code | res_msg | 排查建议`) is not one field's values.
    let api = spec("sheets/v2/condition_formats/batch_create.md");
    assert!(find(&api.response_body.fields, "res_code").is_some_and(|f| f.enum_values.is_none()));
}
