//! Re-renders a `feishu-c` page into the forms other Markdown converters write, for the
//! metamorphic test (`tests/metamorphic.rs`): the same page in another form must read into
//! the same IR.
//!
//! The renderer works on the page's text, line by line: tables are split into cells (the
//! flavour writes one row per line, outer pipes, cells separated by unescaped `|`), one form
//! changes one thing, and every other byte stays as it was. Forms that need to know what a
//! row means (which field it documents, its enum values and example) look it up in the IR
//! the original page reads into, by the row's line number.
//!
//! A form is one function `fn(&Page) -> Result<String, String>`; `Err` says why the page
//! cannot be written in that form (the test reports it). Adding a form is adding a function
//! and a line to [`FORMS`].

use feishu_codegen::ir::{Field, Item};
use std::collections::BTreeMap;

/// A page to re-render: its text and the IR it reads into.
pub struct Page<'a> {
    pub text: &'a str,
    pub item: &'a Item,
}

/// Writes a page in one form, or says why it cannot.
pub type Render = fn(&Page<'_>) -> Result<String, String>;

/// Every alternative form, by name.
pub const FORMS: &[(&str, Render)] = &[
    ("no-outer-pipes", no_outer_pipes),
    ("continued-cells", continued_cells),
    ("name-value-request-table", name_value_request_table),
    ("in-cell-blocks", in_cell_blocks),
    (
        "in-cell-blocks-no-outer-pipes",
        in_cell_blocks_no_outer_pipes,
    ),
    ("nesting-emsp", nesting_emsp),
    ("nesting-spaces", nesting_spaces),
    ("nesting-corner", nesting_corner),
    ("front-matter-source-url", front_matter_source_url),
];

/// One line of a page: text, or a row of a table.
enum Line<'a> {
    Text(&'a str),
    Row(Row),
}

struct Row {
    /// The table's header cells (the same for every row of a table).
    header: Vec<String>,
    /// 0 for the header, 1 for the delimiter row, then the body rows.
    index: usize,
    cells: Vec<String>,
    /// 1-based line of the row in the original page.
    line: u32,
}

/// The page's lines, tables split into rows and cells (fenced code left alone).
fn read_lines(text: &str) -> Vec<Line<'_>> {
    let raw: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut k = 0;
    while k < raw.len() {
        let line = raw[k];
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let next_is_delimiter = raw.get(k + 1).is_some_and(|n| is_delimiter(n.trim()));
        if in_fence || !t.starts_with('|') || !next_is_delimiter {
            out.push(Line::Text(line));
            k += 1;
            continue;
        }
        let header = split_cells(t);
        let mut index = 0;
        while let Some(l) = raw.get(k) {
            let t = l.trim();
            if !t.starts_with('|') {
                break;
            }
            out.push(Line::Row(Row {
                header: header.clone(),
                index,
                cells: row_cells(t, header.len()),
                line: k as u32 + 1,
            }));
            index += 1;
            k += 1;
        }
    }
    out
}

/// A delimiter row as pulldown-cmark takes one (a tab in it makes the lines no table).
fn is_delimiter(t: &str) -> bool {
    t.contains('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The cells of a row under a header of `want` cells. Where the pipes inside code spans
/// are the doc's text (the row has too many cells, and fits once code spans are read as
/// text, as the parser reads it), they are kept in their cell and written escaped (`\|`),
/// as a converter writes a pipe in a cell.
fn row_cells(t: &str, want: usize) -> Vec<String> {
    let cells = split_cells(t);
    if cells.len() <= want {
        return cells;
    }
    let spans = split_cells_keeping_code(t);
    if spans.len() != want {
        return cells;
    }
    spans
        .into_iter()
        .map(|c| {
            let mut out = String::new();
            let mut prev = '\0';
            for ch in c.chars() {
                if ch == '|' && prev != '\\' {
                    out.push('\\');
                }
                out.push(ch);
                prev = ch;
            }
            out
        })
        .collect()
}

/// The cells of a piped row, trimmed; escaped pipes stay escaped.
fn split_cells(t: &str) -> Vec<String> {
    split_row(t, false)
}

/// Like [`split_cells`], with pipes inside backtick code spans kept in their cell.
fn split_cells_keeping_code(t: &str) -> Vec<String> {
    split_row(t, true)
}

fn split_row(t: &str, keep_code: bool) -> Vec<String> {
    let inner = t.strip_prefix('|').unwrap_or(t);
    let inner = match inner.strip_suffix('|') {
        Some(s) if !s.ends_with('\\') => s,
        _ => inner,
    };
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut prev = '\0';
    let mut in_code = false;
    for c in inner.chars() {
        if c == '`' && keep_code {
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

/// Writes the lines back, each row with `row`.
fn write(lines: &[Line<'_>], mut row: impl FnMut(&Row) -> String) -> String {
    write_indexed(lines, |_, r| row(r))
}

/// Writes the lines back, each row with `row`, which also gets the row's line index.
fn write_indexed(lines: &[Line<'_>], mut row: impl FnMut(usize, &Row) -> String) -> String {
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match l {
            Line::Text(t) => out.push_str(t),
            Line::Row(r) => out.push_str(&row(i, r)),
        }
    }
    out
}

fn piped(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

/// The column whose header names the rows (名称, 参数, 字段…), else the first.
fn name_column(header: &[String]) -> usize {
    header
        .iter()
        .position(|h| {
            ["名称", "参数", "字段", "属性"]
                .iter()
                .any(|w| h.contains(w))
        })
        .unwrap_or(0)
}

/// The description column, when the header has one.
fn description_column(header: &[String]) -> Option<usize> {
    header
        .iter()
        .position(|h| ["描述", "说明", "备注"].iter().any(|w| h.contains(w)))
}

/// GFM tables without outer pipes: `名称 | 类型 | 必填 | 描述` / `--- | --- | --- | ---`. A row
/// whose first cell is empty or would start another block keeps its leading pipe, one whose
/// last cell is empty its trailing pipe (GFM allows rows of every kind); one-column tables
/// keep the trailing pipe (a row needs one).
///
/// In pulldown-cmark a table without a leading pipe does not interrupt a paragraph, so a
/// converter writing this form must separate it from the line above with a blank line; so
/// does the renderer.
fn no_outer_pipes(page: &Page<'_>) -> Result<String, String> {
    let lines = read_lines(page.text);
    let blank_before = blank_lines_before_tables(&lines);
    Ok(write_indexed(&lines, |i, r| {
        unpiped(r.index, &r.cells, blank_before[i])
    }))
}

/// Which lines are a table's header right below a non-blank line (a table without a
/// leading pipe needs a blank line there).
fn blank_lines_before_tables(lines: &[Line<'_>]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if let (Line::Row(r), Some(Line::Text(prev))) = (l, i.checked_sub(1).map(|p| &lines[p])) {
            out[i] = r.index == 0 && !prev.trim().is_empty();
        }
    }
    out
}

/// A row without outer pipes (row `index` 1 is the delimiter row), after a blank line when
/// `blank_before`.
fn unpiped(index: usize, cells: &[String], blank_before: bool) -> String {
    let sep = if blank_before { "\n" } else { "" };
    let cells: Vec<String> = if index == 1 {
        cells.iter().map(|_| "---".to_string()).collect()
    } else {
        cells.to_vec()
    };
    let mut body = cells.join(" | ");
    if cells.len() > 1 && cells.last().is_some_and(String::is_empty) {
        body.push_str(" |");
    }
    let row = if cells.len() == 1 {
        // One pipe makes a row; an empty cell needs both.
        if body.is_empty() {
            "| |".to_string()
        } else {
            format!("{body} |")
        }
    } else if cells.first().is_some_and(|c| starts_block(c)) {
        format!("| {body}")
    } else {
        body
    };
    format!("{sep}{row}")
}

/// Whether text at the start of a line would open a block other than a paragraph.
fn starts_block(c: &str) -> bool {
    let digits = c.chars().take_while(char::is_ascii_digit).count();
    c.is_empty()
        || ["-", "+ ", "* ", "#", ">", "=", "<", "```", "~~~"]
            .iter()
            .any(|p| c.starts_with(p))
        || (digits > 0 && c[digits..].starts_with(['.', ')']))
}

/// Cells continued on the following lines: every `<br>` in a body row ends a line inside the
/// cell, alternately with a trailing two-space hard break and a trailing backslash.
fn continued_cells(page: &Page<'_>) -> Result<String, String> {
    let lines = read_lines(page.text);
    let mut breaks = 0usize;
    Ok(write(&lines, |r| {
        if r.index < 2 {
            return piped(&r.cells);
        }
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| continue_lines(&split_br(c), &mut breaks))
            .collect();
        piped(&cells)
    }))
}

/// The lines of a cell at its `<br>`s (outside code spans), trimmed, without the empty lines
/// at either end (a reader trims those).
fn split_br(cell: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut code = false;
    let mut rest = cell;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            code = !code;
        }
        if !code && c == '<' {
            let lower = rest
                .get(..rest.find('>').map_or(0, |e| e + 1))
                .unwrap_or("")
                .to_ascii_lowercase()
                .replace(' ', "");
            if matches!(lower.as_str(), "<br>" | "<br/>" | "</br>") {
                lines.push(String::new());
                rest = &rest[rest.find('>').unwrap_or(0) + 1..];
                continue;
            }
        }
        lines.last_mut().unwrap().push(c);
        rest = &rest[c.len_utf8()..];
    }
    // ASCII white space only, as a reader trims: a no-break space is text.
    let lines: Vec<String> = lines
        .iter()
        .map(|l| {
            l.trim_matches(|c: char| c.is_ascii_whitespace())
                .to_string()
        })
        .collect();
    let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let last = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |p| p + 1);
    lines[first..last.max(first)].to_vec()
}

/// Joins a cell's lines with hard breaks: two trailing spaces or a trailing backslash,
/// alternately (`n` counts the breaks written so far). An empty line is a lone backslash
/// (a line of two spaces would be blank and end the table), which is its own break.
fn continue_lines(lines: &[String], n: &mut usize) -> String {
    let mut out = String::new();
    let mut prev: Option<&str> = None;
    for l in lines {
        match prev {
            None => {}
            Some("") => out.push('\n'),
            // A second backslash would escape the first.
            Some(p) if p.ends_with('\\') => out.push_str("  \n"),
            Some(_) => {
                out.push_str(if *n % 2 == 0 { "  \n" } else { "\\\n" });
                *n += 1;
            }
        }
        out.push_str(if l.is_empty() { "\\" } else { l });
        prev = Some(l);
    }
    out
}

/// The request table headed `名称 | 值`, its URL an autolink to the full URL and its method
/// in code.
fn name_value_request_table(page: &Page<'_>) -> Result<String, String> {
    let lines = read_lines(page.text);
    let mut seen = false;
    let text = write(&lines, |r| {
        let is_request = matches!(
            r.header.first().map(String::as_str),
            Some("项目" | "基本" | "基本信息")
        );
        if !is_request {
            return piped(&r.cells);
        }
        seen = true;
        let mut cells = r.cells.clone();
        let key = cells.first().cloned().unwrap_or_default();
        match (r.index, key.as_str(), cells.get_mut(1)) {
            (0, _, _) => cells[0] = "名称".to_string(),
            (_, "HTTP URL", Some(v)) if v.starts_with("https://") && !v.contains(' ') => {
                *v = format!("<{v}>")
            }
            (_, "HTTP Method", Some(v)) => *v = format!("`{v}`"),
            _ => {}
        }
        piped(&cells)
    });
    if seen {
        Ok(text)
    } else {
        Err("the page has no `项目 | 值` or `基本 | ` request table".to_string())
    }
}

/// Every field of the page by the line of its row.
/// Every field list of an item: an API's parameters and bodies, an event's event object,
/// header fields and answer.
pub fn field_lists(item: &Item) -> Vec<&[Field]> {
    match item {
        Item::Api(api) => vec![
            &api.path_params,
            &api.query_params,
            &api.headers,
            &api.request_body.fields,
            &api.response_body.fields,
        ],
        Item::Event(e) => [&e.event.fields[..], &e.header[..]]
            .into_iter()
            .chain(e.response.as_ref().map(|b| &b.fields[..]))
            .collect(),
    }
}

fn fields_by_line(item: &Item) -> BTreeMap<u32, &Field> {
    fn walk<'a>(fields: &'a [Field], out: &mut BTreeMap<u32, &'a Field>) {
        for f in fields {
            if f.line > 0 {
                out.entry(f.line).or_insert(f);
            }
            walk(f.children(), out);
        }
    }
    let mut out = BTreeMap::new();
    for list in field_lists(item) {
        walk(list, &mut out);
    }
    out
}

/// `**示例值**：` / `**可选值有**：` / `**默认值**：` / `**数据校验规则**：` blocks on lines of their
/// own inside the description cell: the cell continued over lines, each enum value on its own
/// `- value：meaning` line, a JSON example spread over lines as a pretty-printer writes it.
fn in_cell_blocks(page: &Page<'_>) -> Result<String, String> {
    Ok(blocks_over_lines(page, false))
}

/// The in-cell blocks form in tables without outer pipes: the row runs over lines that end
/// with hard breaks and ends at the first line that does not.
fn in_cell_blocks_no_outer_pipes(page: &Page<'_>) -> Result<String, String> {
    Ok(blocks_over_lines(page, true))
}

fn blocks_over_lines(page: &Page<'_>, no_outer_pipes: bool) -> String {
    let lines = read_lines(page.text);
    let fields = fields_by_line(page.item);
    let blank_before = blank_lines_before_tables(&lines);
    let mut breaks = 0usize;
    write_indexed(&lines, |i, r| {
        let mut cells = r.cells.clone();
        let col = description_column(&r.header);
        if let (Some(field), Some(col), true) = (fields.get(&r.line), col, r.index >= 2) {
            if let Some(cell) = cells.get_mut(col) {
                let mut lines = split_br(cell);
                if let Some(values) = &field.enum_values {
                    lines = enum_lines(lines, values.iter().map(|v| v.value.as_str()));
                }
                if let Some(example) = &field.example {
                    lines = json_example_lines(lines, example);
                }
                *cell = continue_lines(&lines, &mut breaks);
            }
        }
        if no_outer_pipes {
            unpiped(r.index, &cells, blank_before[i])
        } else {
            piped(&cells)
        }
    })
}

/// Puts each enum item (`- `value`: meaning`, several per line in the flavour) on a line of
/// its own, written `- value：meaning` when the value is plain. Only the items the page reads
/// as the field's values are moved, in their order: a later list the reader leaves in the
/// description stays as it is.
fn enum_lines<'a>(lines: Vec<String>, values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let values: Vec<&str> = values.collect();
    let mut next = 0;
    let mut out = Vec::new();
    for line in lines {
        let mut rest = line.as_str();
        let mut is_item = rest
            .strip_prefix("- ")
            .zip(values.get(next))
            .is_some_and(|(body, v)| item_value_len(body, v).is_some());
        next += usize::from(is_item);
        // The next ` - ` that starts the next value's item.
        while let Some(v) = values.get(next) {
            let split = rest
                .match_indices(" - ")
                .map(|(i, _)| i)
                .find(|&i| i > 0 && item_value_len(&rest[i + 3..], v).is_some());
            let Some(i) = split else { break };
            out.push(piece(&rest[..i], is_item, &values));
            rest = &rest[i + 1..];
            is_item = true;
            next += 1;
        }
        out.push(piece(rest, is_item, &values));
    }
    out
}

/// An item piece in the `- value：meaning` form when it can be, other text as it is.
fn piece(text: &str, is_item: bool, values: &[&str]) -> String {
    let text = text.trim_end_matches(|c: char| c.is_ascii_whitespace());
    match is_item.then(|| plain_item(text, values)).flatten() {
        Some(item) => item,
        None => text.to_string(),
    }
}

/// The length of `` `value`: `` / `value：` at the start of `s`, up to and including the colon.
fn item_value_len(s: &str, value: &str) -> Option<usize> {
    let quoted = format!("`{value}`");
    let head = if s.starts_with(&quoted) {
        quoted.len()
    } else if s.starts_with(value) {
        value.len()
    } else {
        return None;
    };
    let after = &s[head..];
    let trimmed = after.trim_start_matches(' ');
    let colon = trimmed.chars().next().filter(|c| matches!(c, ':' | '：'))?;
    Some(head + (after.len() - trimmed.len()) + colon.len_utf8())
}

/// `- `value`: meaning` → `- value：meaning` for a value that reads the same unquoted.
fn plain_item(line: &str, values: &[&str]) -> Option<String> {
    let body = line.strip_prefix("- ")?;
    let value = values.iter().find(|v| item_value_len(body, v).is_some())?;
    let plain = value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !plain {
        return None;
    }
    let len = item_value_len(body, value)?;
    let meaning = body[len..].trim_start();
    Some(format!("- {value}：{meaning}"))
}

/// A JSON array or object example written after its marker is spread over lines: opening
/// bracket (on the marker's line for an even-length example, else on the next), one member
/// per line (`, ` separated members), closing bracket.
fn json_example_lines(lines: Vec<String>, example: &str) -> Vec<String> {
    let Some(spread) = spread_json(example) else {
        return lines;
    };
    let mut out = Vec::new();
    for line in lines {
        let marker = "**示例值**：";
        match line.find(marker) {
            // The opening bracket on the marker's line or on the next, both as printers do.
            Some(i) if line[i + marker.len()..].trim() == example => {
                let head = &line[..i + marker.len()];
                if example.len() % 2 == 0 {
                    out.push(format!("{head}{}", spread[0]));
                    out.extend(spread[1..].iter().cloned());
                } else {
                    out.push(head.to_string());
                    out.extend(spread.iter().cloned());
                }
            }
            _ => out.push(line),
        }
    }
    out
}

/// `["a", "b"]` → `[`, `  "a",`, `  "b"`, `]` when the text is a JSON array or object with no
/// space inside its brackets; split only at top-level `, ` (so joining the lines back gives
/// the text again).
fn spread_json(text: &str) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    let (open, close) = match v {
        serde_json::Value::Array(ref a) if !a.is_empty() => ('[', ']'),
        serde_json::Value::Object(ref o) if !o.is_empty() => ('{', '}'),
        _ => return None,
    };
    let inner = text.strip_prefix(open)?.strip_suffix(close)?;
    if inner.starts_with(char::is_whitespace) || inner.ends_with(char::is_whitespace) {
        return None;
    }
    let mut members = Vec::new();
    let mut depth = 0i32;
    let mut in_str = false;
    let mut escaped = false;
    let mut start = 0;
    let bytes = inner.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_str {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth -= 1,
            b',' if depth == 0 && bytes.get(i + 1) == Some(&b' ') => {
                members.push(format!("  {},", &inner[start..i]));
                start = i + 2;
            }
            _ => {}
        }
    }
    members.push(format!("  {}", &inner[start..]));
    let mut out = vec![open.to_string()];
    out.extend(members);
    out.push(close.to_string());
    Some(out)
}

/// The nesting level of a flavour-C name cell (`&nbsp;&nbsp;└ ` per level) and the name.
fn level_of(cell: &str) -> (usize, &str) {
    let mut rest = cell;
    let mut nbsp = 0usize;
    while let Some(r) = rest.strip_prefix("&nbsp;") {
        nbsp += 1;
        rest = r;
    }
    match rest.strip_prefix('└') {
        Some(r) => (nbsp.div_ceil(2).max(1), r.trim_start()),
        None => (0, cell),
    }
}

/// Rewrites the name cell of every body row with `name(level, name)`.
fn renest(page: &Page<'_>, name: fn(usize, &str) -> String) -> Result<String, String> {
    let lines = read_lines(page.text);
    Ok(write(&lines, |r| {
        let mut cells = r.cells.clone();
        let col = name_column(&r.header);
        if r.index >= 2 {
            if let Some(c) = cells.get_mut(col) {
                let (level, n) = level_of(c);
                *c = name(level, n);
            }
        }
        piped(&cells)
    }))
}

/// Nesting as `&emsp;` per level, no marker.
fn nesting_emsp(page: &Page<'_>) -> Result<String, String> {
    renest(page, |level, name| {
        format!("{}{name}", "&emsp;".repeat(level))
    })
}

/// Nesting as plain indentation inside the cell: two spaces per level.
fn nesting_spaces(page: &Page<'_>) -> Result<String, String> {
    renest(page, |level, name| format!("{}{name}", "  ".repeat(level)))
}

/// Nesting as a leading `└`, indented two spaces per level below the first.
fn nesting_corner(page: &Page<'_>) -> Result<String, String> {
    renest(page, |level, name| match level {
        0 => name.to_string(),
        l => format!("{}└ {name}", "  ".repeat(l - 1)),
    })
}

/// Front matter holding only `title` and `source_url` (the page's address on the open
/// platform), and no `# title` heading below it: the title is the heading's, as the page
/// reads it.
fn front_matter_source_url(page: &Page<'_>) -> Result<String, String> {
    let text = page.text;
    let rest = text
        .strip_prefix("---\n")
        .ok_or("the page has no front matter")?;
    let end = rest
        .find("\n---\n")
        .ok_or("the front matter is not closed")?;
    let (fm, body) = (&rest[..end], &rest[end + 5..]);
    let full_path = fm
        .lines()
        .find_map(|l| l.strip_prefix("fullPath:"))
        .map(|v| v.trim().trim_matches('"').to_string())
        .ok_or("the front matter has no fullPath")?;
    let body = body.trim_start_matches('\n');
    let body = match body.strip_prefix("# ").and_then(|b| b.split_once('\n')) {
        Some((_, after)) => after,
        None => return Err("the page does not start with a `# title` heading".to_string()),
    };
    let title = match page.item {
        Item::Api(api) => &api.title,
        Item::Event(e) => &e.title,
    };
    Ok(format!(
        "---\ntitle: {title}\nsource_url: https://open.feishu.cn/document{full_path}\n---\n{body}"
    ))
}
