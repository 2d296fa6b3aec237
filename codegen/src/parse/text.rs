//! Helpers over doc text (cell and paragraph content).
//!
//! Doc text is Markdown-ish inline text: `<br>` already became `\n`, entities are decoded,
//! links stay `[text](url)`, inline code stays `` `code` `` and bold stays `**bold**`.
//!
//! [`split_field_doc`] takes a field's description cell apart: description, example, default,
//! enum values and constraints, written with bold markers (`**示例值**：…`, `**可选值有**：…`,
//! `**数据校验规则**：…`) or, in older pages, plain ones (`可选值：1：工作日 2：休息日`).
//! Whatever it does not recognise stays in the description: no text is ever dropped.

use crate::ir::EnumValue;

/// A field's description cell, taken apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldDoc {
    /// The remaining text, Markdown and line breaks kept, trimmed.
    pub description: String,
    /// The example value, unquoted; `None` when absent or empty.
    pub example: Option<String>,
    /// The default value, unquoted; `None` when absent or empty.
    pub default: Option<String>,
    /// Documented values, in order.
    pub enum_values: Vec<EnumValue>,
    /// Value constraints as plain text (`长度范围：0 ～ 100 字符`, `最大值：500`).
    pub constraints: Vec<String>,
}

/// What a marker introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Example,
    Default,
    Enum,
    Constraints,
    /// A single constraint written as its own bold marker (`**最大长度**：50`).
    Constraint(&'static str),
}

/// Bold labels (`**示例值**`), matched after trimming colons and spaces.
const BOLD_LABELS: &[(&str, Kind)] = &[
    ("示例值", Kind::Example),
    ("示例", Kind::Example),
    ("默认值", Kind::Default),
    ("可选值有", Kind::Enum),
    ("可选值", Kind::Enum),
    ("可能值有", Kind::Enum),
    ("可能值", Kind::Enum),
    ("数据校验规则", Kind::Constraints),
    ("最大长度", Kind::Constraint("最大长度")),
    ("最小长度", Kind::Constraint("最小长度")),
    ("长度范围", Kind::Constraint("长度范围")),
    ("取值范围", Kind::Constraint("取值范围")),
    ("最大值", Kind::Constraint("最大值")),
    ("最小值", Kind::Constraint("最小值")),
];

/// Plain labels, recognised only when followed by a colon and preceded by a boundary.
/// Longer labels first.
const PLAIN_LABELS: &[(&str, Kind)] = &[
    ("可选值有", Kind::Enum),
    ("可能值有", Kind::Enum),
    ("可选值如下", Kind::Enum),
    ("可能值如下", Kind::Enum),
    ("可选值", Kind::Enum),
    ("可能值", Kind::Enum),
    ("示例值", Kind::Example),
    ("默认值", Kind::Default),
];

/// Words that start a constraint item (used to split `最大长度: 100最小长度: 1`).
const CONSTRAINT_WORDS: &[&str] = &[
    "长度范围",
    "取值范围",
    "最大长度",
    "最小长度",
    "最大值",
    "最小值",
    "正则校验",
];

/// The longest enum value accepted without backticks, in characters.
const MAX_VALUE_CHARS: usize = 64;
/// The longest label between `**` and `**` that can be a marker, in bytes.
const MAX_BOLD_LABEL_BYTES: usize = 64;

#[derive(Debug, Clone, Copy)]
struct Marker {
    start: usize,
    end: usize,
    kind: Kind,
    bold: bool,
}

fn is_colon(c: char) -> bool {
    c == ':' || c == '：'
}

fn is_hspace(c: char) -> bool {
    c != '\n' && c.is_whitespace()
}

/// Skips horizontal whitespace from `i`.
fn skip_hspace(s: &str, mut i: usize) -> usize {
    while let Some(c) = s.get(i..).and_then(|r| r.chars().next()) {
        if !is_hspace(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Whether a plain label may start right after `prev`.
fn is_plain_boundary(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '。' | '，'
                        | ','
                        | '；'
                        | ';'
                        | '）'
                        | ')'
                        | '.'
                        | '、'
                        | '>'
                        | '|'
                        | '：'
                        | ':'
                        | '】'
                        | '」'
                )
        }
    }
}

/// All bold and plain markers, in order.
fn find_markers(text: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut prev: Option<char> = None;
    while let Some(rest) = text.get(i..) {
        let Some(c) = rest.chars().next() else { break };
        if c == '`' {
            // Markers inside a code span are text.
            let skip = code_span_len(rest);
            prev = Some('`');
            i += skip;
            continue;
        }
        if let Some(after_open) = rest.strip_prefix("**") {
            if let Some((m, skip)) = bold_marker(after_open) {
                let end = skip_hspace(text, i + 2 + skip);
                out.push(Marker {
                    start: i,
                    end,
                    kind: m,
                    bold: true,
                });
                prev = None;
                i = end;
                continue;
            }
            prev = Some('*');
            i += 2;
            continue;
        }
        if is_plain_boundary(prev) {
            if let Some((kind, len)) = plain_marker(rest) {
                let end = skip_hspace(text, i + len);
                out.push(Marker {
                    start: i,
                    end,
                    kind,
                    bold: false,
                });
                prev = None;
                i = end;
                continue;
            }
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    out
}

/// The byte length of the code span starting at `s` (a backtick run, its content and the
/// matching closing run, searched within a bounded window), or of the bare backtick run
/// when it is not closed.
fn code_span_len(s: &str) -> usize {
    const WINDOW: usize = 8 * 1024;
    let run = s.len() - s.trim_start_matches('`').len();
    let Some(after) = s.get(run..) else {
        return run.max(1);
    };
    let window = after
        .get(..floor_char_boundary(after, WINDOW))
        .unwrap_or("");
    let mut j = 0;
    while let Some(p) = window.get(j..).and_then(|w| w.find('`')) {
        let start = j + p;
        let rest = window.get(start..).unwrap_or("");
        let len = rest.len() - rest.trim_start_matches('`').len();
        if len == run {
            return run + start + len;
        }
        j = start + len.max(1);
    }
    run.max(1)
}

/// `after_open` follows a `**`. Returns the marker kind and the bytes up to and including
/// the closing `**` and an optional colon.
fn bold_marker(after_open: &str) -> Option<(Kind, usize)> {
    let window_end = floor_char_boundary(after_open, MAX_BOLD_LABEL_BYTES + 2);
    let window = after_open.get(..window_end)?;
    let close = window.find("**")?;
    let label = window.get(..close)?;
    if label.contains('\n') {
        return None;
    }
    let trimmed = label.trim().trim_end_matches(is_colon).trim();
    let kind = BOLD_LABELS
        .iter()
        .find(|(l, _)| *l == trimmed)
        .map(|(_, k)| *k)?;
    let mut len = close + 2;
    let after = after_open.get(len..)?;
    let spaced = skip_hspace(after, 0);
    if let Some(c) = after.get(spaced..).and_then(|r| r.chars().next()) {
        if is_colon(c) {
            len += spaced + c.len_utf8();
        }
    }
    Some((kind, len))
}

fn plain_marker(rest: &str) -> Option<(Kind, usize)> {
    for (label, kind) in PLAIN_LABELS {
        if let Some(after) = rest.strip_prefix(label) {
            let c = after.chars().next()?;
            if is_colon(c) {
                return Some((*kind, label.len() + c.len_utf8()));
            }
        }
    }
    None
}

/// The largest char boundary of `s` not above `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Splits a description cell into description, example, default, enum values and constraints.
pub fn split_field_doc(text: &str) -> FieldDoc {
    let mut doc = FieldDoc::default();
    let markers = find_markers(text);
    // Pieces of the description, in order.
    let mut pieces: Vec<&str> = Vec::new();
    let mut cursor = 0;
    let mut idx = 0;
    while let Some(m) = markers.get(idx).copied() {
        pieces.push(text.get(cursor..m.start).unwrap_or(""));
        // A dash-item enum list runs until the next bold marker: plain markers inside its
        // items (`- `tenant_access_token`：… 示例值："…"`) belong to the item.
        let dash_enum = m.kind == Kind::Enum
            && text
                .get(m.end..)
                .map(|r| r.trim_start())
                .is_some_and(|r| r.starts_with('-') || r.starts_with('*'));
        let mut next = idx + 1;
        while let Some(n) = markers.get(next) {
            if dash_enum && !n.bold {
                next += 1;
            } else {
                break;
            }
        }
        let seg_end = markers.get(next).map_or(text.len(), |n| n.start);
        let seg = text.get(m.end..seg_end).unwrap_or("");
        let mut keep = false;
        let used = match m.kind {
            Kind::Example | Kind::Default => {
                let (value, used) = take_value(seg);
                // `示例值：（默认值）1`: the example is also the default.
                let (value, also_default) = match value {
                    Some(v) if m.kind == Kind::Example => {
                        match v
                            .strip_prefix("（默认值）")
                            .or_else(|| v.strip_prefix("(默认值)"))
                        {
                            Some(rest) => (Some(rest.trim().to_string()), true),
                            None => (Some(v), false),
                        }
                    }
                    v => (v, false),
                };
                let slot = if m.kind == Kind::Example {
                    &doc.example
                } else {
                    &doc.default
                };
                match (value, slot) {
                    // A second, different value: keep it, marker and all, in the description.
                    (Some(v), Some(old)) if *old != v => {
                        keep = true;
                        0
                    }
                    (Some(v), _) => {
                        if also_default {
                            set_once(&mut doc.default, v.clone());
                        }
                        if m.kind == Kind::Example {
                            set_once(&mut doc.example, v);
                        } else {
                            set_once(&mut doc.default, v);
                        }
                        used
                    }
                    (None, _) => used,
                }
            }
            Kind::Enum => {
                let (items, used) = take_enum(seg);
                for item in items {
                    if item.is_default {
                        set_once(&mut doc.default, item.value.clone());
                    }
                    doc.enum_values.push(EnumValue {
                        value: item.value,
                        description: item.description,
                    });
                }
                used
            }
            Kind::Constraints => {
                let (items, used) = take_constraints(seg);
                doc.constraints.extend(items);
                used
            }
            Kind::Constraint(label) => {
                let (value, used) = take_single_constraint(seg);
                match value {
                    Some(v) => doc.constraints.push(format!("{label}：{v}")),
                    // Nothing to take: the marker stays in the description.
                    None => keep = true,
                }
                used
            }
        };
        if keep {
            pieces.push(text.get(m.start..seg_end).unwrap_or(""));
        } else {
            pieces.push(seg.get(used..).unwrap_or(""));
        }
        cursor = seg_end;
        idx = next;
    }
    pieces.push(text.get(cursor..).unwrap_or(""));
    doc.description = join_pieces(&pieces);
    doc
}

fn set_once(slot: &mut Option<String>, v: String) {
    if slot.is_none() {
        *slot = Some(v);
    }
}

/// Joins description pieces: inside a piece nothing changes; at a seam, whitespace is
/// collapsed to one line break when either side had one, else to one space.
fn join_pieces(pieces: &[&str]) -> String {
    let mut out = String::new();
    let mut pending_break: Option<bool> = None; // Some(newline?) when a seam is open
    for piece in pieces {
        let trimmed = piece.trim_matches(|c: char| c.is_whitespace());
        let leading = piece
            .get(..piece.len() - piece.trim_start().len())
            .unwrap_or("");
        let trailing = piece.get(piece.trim_end().len()..).unwrap_or("");
        if trimmed.is_empty() {
            if !out.is_empty() {
                let nl = piece.contains('\n') || pending_break == Some(true);
                pending_break = Some(nl || pending_break.unwrap_or(false));
            }
            continue;
        }
        if !out.is_empty() {
            let nl = pending_break.unwrap_or(false) || leading.contains('\n');
            out.push(if nl { '\n' } else { ' ' });
        }
        out.push_str(trimmed);
        pending_break = Some(trailing.contains('\n'));
    }
    out
}

/// The end (exclusive) of the line starting at `i`.
fn line_end(s: &str, i: usize) -> usize {
    s.get(i..)
        .and_then(|r| r.find('\n'))
        .map_or(s.len(), |p| i + p)
}

/// Opening quote → closing quote.
fn closing_quote(open: char) -> Option<char> {
    Some(match open {
        '"' => '"',
        '“' => '”',
        '\'' => '\'',
        '‘' => '’',
        '「' => '」',
        _ => return None,
    })
}

/// An example/default value: the rest of the line (up to a further `**`), unquoted.
/// Returns the value and the bytes of `seg` consumed.
fn take_value(seg: &str) -> (Option<String>, usize) {
    let start = skip_hspace(seg, 0);
    let mut end = line_end(seg, start);
    if let Some(p) = seg.get(start..end).and_then(|l| l.find("**")) {
        end = start + p;
    }
    let raw = seg.get(start..end).unwrap_or("");
    if let Some(open) = raw.chars().next() {
        if let Some(close_ch) = closing_quote(open) {
            let inner_start = open.len_utf8();
            let mut escaped = false;
            for (j, c) in raw.get(inner_start..).unwrap_or("").char_indices() {
                if escaped {
                    escaped = false;
                    continue;
                }
                if c == '\\' && open == '"' {
                    escaped = true;
                    continue;
                }
                if c == close_ch {
                    let close = inner_start + j;
                    let after = raw.get(close + c.len_utf8()..).unwrap_or("");
                    if after.trim().is_empty() || after.starts_with(char::is_whitespace) {
                        let inner = raw.get(inner_start..close).unwrap_or("");
                        return (Some(inner.to_string()), start + close + c.len_utf8());
                    }
                    break;
                }
            }
        }
    }
    let value = strip_code(raw.trim());
    if value.is_empty() {
        (None, end)
    } else {
        (Some(value.to_string()), end)
    }
}

/// Strips a code span's backticks around a whole value (`` `x` ``, ```` ``` `x` ``` ````).
fn strip_code(v: &str) -> &str {
    let mut v = v.trim();
    while v.len() >= 2 && v.starts_with('`') && v.ends_with('`') {
        let lead = v.len() - v.trim_start_matches('`').len();
        let trail = v.len() - v.trim_end_matches('`').len();
        let k = lead.min(trail);
        let Some(inner) = v.get(k..v.len().saturating_sub(k)) else {
            return v;
        };
        if k * 2 > v.len() || inner.contains(&"`".repeat(k)) {
            return v;
        }
        v = inner.trim();
    }
    v
}

/// Strips quotes, backticks and bold around an enum value.
fn clean_value(v: &str) -> String {
    let mut v = v.trim();
    loop {
        let before = v.len();
        v = v.trim_matches('`').trim();
        if let Some(inner) = v.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
            v = inner.trim();
        }
        for (o, c) in [
            ('"', '"'),
            ('“', '”'),
            ('\'', '\''),
            ('‘', '’'),
            ('「', '」'),
        ] {
            if let Some(inner) = v.strip_prefix(o).and_then(|r| r.strip_suffix(c)) {
                v = inner.trim();
            }
        }
        if v.len() == before {
            return v.to_string();
        }
    }
}

/// One parsed enum item.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    value: String,
    description: String,
    /// The item was marked `（默认值）`.
    is_default: bool,
}

/// Parses an enum item: `` `value`: desc ``, `**`value`**：desc`, `value（默认值）：desc` or
/// `value：desc`. `plain` restricts an unquoted value to one token (space-separated plain
/// lists).
fn parse_item(s: &str, plain: bool) -> Option<Item> {
    let s = s.trim_start();
    // A bold or code value: `**`S256`**`, `` `S256` ``.
    let (value, rest) = if let Some(after) = s.strip_prefix("**") {
        let close = after
            .get(..floor_char_boundary(after, 4 * MAX_VALUE_CHARS))?
            .find("**")?;
        (after.get(..close)?, after.get(close + 2..)?)
    } else if let Some(after) = s.strip_prefix('`') {
        let close = after.find('`')?;
        let v = after.get(..close)?;
        (v, after.get(close + 1..)?)
    } else {
        // Unquoted value: up to the first colon, within a bounded window.
        let mut colon = None;
        for (n, (j, c)) in s.char_indices().enumerate() {
            if n > MAX_VALUE_CHARS {
                break;
            }
            if is_colon(c) {
                colon = Some(j);
                break;
            }
            if c == '\n' || c == '`' || c == '[' || c == '，' {
                return None;
            }
            if plain && c.is_whitespace() {
                return None;
            }
        }
        let j = colon?;
        let rest = s.get(j..)?;
        if rest.chars().nth(1) == Some('/') {
            return None; // a URL's `https://`, not a value
        }
        (s.get(..j)?, rest)
    };
    let value = value.trim();
    // A trailing parenthetical on the value (`true（默认值）`, `S256（推荐）`).
    let (value, mut note) = split_paren_suffix(value);
    let (rest, note2) = split_paren_suffix_start(rest.trim_start_matches(is_hspace));
    if note.is_empty() {
        note = note2;
    }
    let rest = rest.trim_start_matches(is_hspace);
    let desc = match rest.chars().next() {
        None => "",
        Some(c) if is_colon(c) => rest.get(c.len_utf8()..)?,
        _ => return None,
    };
    let value = clean_value(value);
    if value.is_empty() || value.chars().count() > 4 * MAX_VALUE_CHARS || value.contains('\n') {
        return None;
    }
    let desc = desc.trim();
    let inner = note
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
        .trim();
    let is_default = inner == "默认值" || inner == "默认";
    let description = match (note.is_empty(), desc.is_empty()) {
        (true, _) => desc.to_string(),
        (false, true) => note.to_string(),
        (false, false) => format!("{desc}{note}"),
    };
    Some(Item {
        value,
        description,
        is_default,
    })
}

/// `true（默认值）` → (`true`, `（默认值）`); no parenthetical → (value, "").
fn split_paren_suffix(v: &str) -> (&str, &str) {
    let close = if v.ends_with('）') {
        '（'
    } else if v.ends_with(')') {
        '('
    } else {
        return (v, "");
    };
    match v.rfind(close) {
        // Only short non-ASCII notes (`（默认值）`, `（推荐）`): `Offer (v2)` stays a value.
        Some(p)
            if p > 0
                && v.get(p..).is_some_and(|n| {
                    n.chars().count() <= 10 && !n.chars().any(|c| c.is_ascii_alphanumeric())
                }) =>
        {
            (v.get(..p).unwrap_or(v).trim_end(), v.get(p..).unwrap_or(""))
        }
        _ => (v, ""),
    }
}

/// A parenthetical at the start of `s` (`（推荐）：…`): (rest, parenthetical).
fn split_paren_suffix_start(s: &str) -> (&str, &str) {
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(after) = s.strip_prefix(open) {
            let window = after.get(..floor_char_boundary(after, 32)).unwrap_or("");
            if let Some(p) = window.find(close) {
                let end = open.len_utf8() + p + close.len_utf8();
                return (s.get(end..).unwrap_or(""), s.get(..end).unwrap_or(""));
            }
        }
    }
    (s, "")
}

/// The byte length of a list bullet at the start of `s`: `- `, `* `, `• `, `－ `, or a
/// number `1. ` (at most two digits).
fn bullet_len(s: &str) -> Option<usize> {
    for b in ["- ", "* ", "• ", "-\t", "－ "] {
        if s.starts_with(b) {
            return Some(b.len());
        }
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) && s.get(digits..)?.starts_with(". ") {
        return Some(digits + 2);
    }
    None
}

/// The body of a list line, after its bullet.
fn strip_bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.get(bullet_len(t)?..)
}

/// Splits a bullet line's body into items at a whitespace-preceded bullet (` - `, ` 2. `)
/// where `accept` holds for what follows.
fn split_inline_bullets<'a>(body: &'a str, accept: &dyn Fn(&str) -> bool) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_ws = false;
    for (j, c) in body.char_indices() {
        if prev_ws && j > start {
            if let Some(rest) = body.get(j..) {
                if let Some(n) = bullet_len(rest) {
                    if accept(rest.get(n..).unwrap_or("")) {
                        out.push(body.get(start..j).unwrap_or(""));
                        start = j + n;
                    }
                }
            }
        }
        prev_ws = c.is_whitespace();
    }
    out.push(body.get(start..).unwrap_or(""));
    out
}

/// Splits a plain list (`1：工作日 2：休息日`) at whitespace before a one-token head.
fn split_plain_items(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_ws = false;
    for (j, c) in body.char_indices() {
        if prev_ws && !c.is_whitespace() && j > start {
            if let Some(rest) = body.get(j..) {
                if parse_item(rest, true).is_some() {
                    out.push(body.get(start..j).unwrap_or(""));
                    start = j;
                }
            }
        }
        prev_ws = c.is_whitespace();
    }
    out.push(body.get(start..).unwrap_or(""));
    out
}

/// Line iterator over `seg` yielding (start, end) byte ranges (end excludes `\n`).
fn lines_from(seg: &str, from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = Some(from);
    std::iter::from_fn(move || {
        let start = pos?;
        if start > seg.len() {
            return None;
        }
        let end = line_end(seg, start);
        pos = if end < seg.len() { Some(end + 1) } else { None };
        Some((start, end))
    })
}

/// Enum items following a marker. Returns the values and the bytes consumed.
fn take_enum(seg: &str) -> (Vec<Item>, usize) {
    let mut values = Vec::new();
    let mut used = 0;
    let mut first = true;
    for (start, end) in lines_from(seg, 0) {
        let line = seg.get(start..end).unwrap_or("");
        let is_first = std::mem::take(&mut first);
        if line.trim().is_empty() {
            if is_first {
                used = end;
            }
            // Blank lines inside the list are consumed only if an item follows.
            continue;
        }
        let items: Vec<Item> = if let Some(body) = strip_bullet(line) {
            let pieces = split_inline_bullets(body, &|r| parse_item(r, false).is_some());
            match pieces
                .iter()
                .map(|p| parse_item(p, false))
                .collect::<Option<Vec<_>>>()
            {
                Some(v) => v,
                None => break,
            }
        } else if values.is_empty() {
            // A plain list on the marker's own line or right after it.
            let pieces = split_plain_items(line.trim());
            match pieces
                .iter()
                .map(|p| {
                    parse_item(p, true)
                        .or_else(|| parse_item(p, false))
                        .map(|mut it| {
                            // `1：工作日 2：休息日。默认值：1`: the full stop ends the list.
                            let d = it
                                .description
                                .trim_end_matches(['。', '，', ',', '；', ';']);
                            it.description = d.trim_end().to_string();
                            it
                        })
                })
                .collect::<Option<Vec<_>>>()
            {
                Some(v) => v,
                None => break,
            }
        } else {
            break;
        };
        values.extend(items);
        used = end;
    }
    (values, used)
}

/// Constraint items following `**数据校验规则**`. Returns them and the bytes consumed.
fn take_constraints(seg: &str) -> (Vec<String>, usize) {
    let mut items = Vec::new();
    let mut used = 0;
    let mut first = true;
    for (start, end) in lines_from(seg, 0) {
        let line = seg.get(start..end).unwrap_or("");
        let is_first = std::mem::take(&mut first);
        let t = line.trim();
        if t.is_empty() {
            if is_first {
                used = end;
            }
            continue;
        }
        let body = if let Some(body) = strip_bullet(line) {
            body
        } else if is_first || CONSTRAINT_WORDS.iter().any(|w| t.starts_with(w)) {
            t
        } else {
            break;
        };
        for piece in split_inline_bullets(body, &|_| true) {
            for part in split_constraint_words(piece) {
                let p = plain_text(part);
                if !p.is_empty() {
                    items.push(p);
                }
            }
        }
        used = end;
    }
    (items, used)
}

/// Splits `最大长度: 100最小长度: 1` before each constraint word that follows a digit,
/// whitespace or sentence punctuation and is followed by a colon.
fn split_constraint_words(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (j, c) in s.char_indices() {
        if j > start && prev.is_some_and(|p| p.is_ascii_digit() || is_plain_boundary(Some(p))) {
            if let Some(rest) = s.get(j..) {
                let hit = CONSTRAINT_WORDS.iter().any(|w| {
                    rest.strip_prefix(w)
                        .and_then(|r| r.trim_start().chars().next())
                        .is_some_and(is_colon)
                });
                if hit {
                    out.push(s.get(start..j).unwrap_or(""));
                    start = j;
                }
            }
        }
        prev = Some(c);
    }
    out.push(s.get(start..).unwrap_or(""));
    out
}

/// The value of `**最大长度**：50` (or `**最大长度**：\n50`). Returns it and the bytes consumed.
fn take_single_constraint(seg: &str) -> (Option<String>, usize) {
    let start = skip_hspace(seg, 0);
    let end = line_end(seg, start);
    let same_line = plain_text(seg.get(start..end).unwrap_or(""));
    if !same_line.is_empty() {
        return (Some(same_line), end);
    }
    if end < seg.len() {
        let next_start = end + 1;
        let next_end = line_end(seg, next_start);
        let next = seg.get(next_start..next_end).unwrap_or("").trim();
        if !next.is_empty()
            && next.chars().count() <= 32
            && next.chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            return (Some(plain_text(next)), next_end);
        }
    }
    (None, 0)
}

/// Strips Markdown markup for names and titles: `` `x` `` → x, `**x**` → x, `[t](u)` → t,
/// escapes `\_` → `_`; collapses whitespace (line breaks included) to single spaces.
pub fn plain_text(doc_text: &str) -> String {
    let mut out = String::with_capacity(doc_text.len());
    strip_inline(doc_text, &mut out, 0);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_inline(s: &str, out: &mut String, depth: usize) {
    let mut i = 0;
    while let Some(rest) = s.get(i..) {
        let Some(c) = rest.chars().next() else { break };
        match c {
            '`' => i += 1,
            '*' if rest.starts_with("**") => i += 2,
            '\\' => {
                let next = rest.get(1..).and_then(|r| r.chars().next());
                match next {
                    Some(n) if n.is_ascii_punctuation() => {
                        out.push(n);
                        i += 1 + n.len_utf8();
                    }
                    _ => {
                        out.push('\\');
                        i += 1;
                    }
                }
            }
            '[' if depth < 8 => match link_parts(rest) {
                Some((text, len)) => {
                    strip_inline(text, out, depth + 1);
                    i += len;
                }
                None => {
                    out.push('[');
                    i += 1;
                }
            },
            c => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
}

/// `[text](url)` at the start of `s`: the text and the whole link's length.
fn link_parts(s: &str) -> Option<(&str, usize)> {
    // Link text and URL are searched within a bounded window, keeping this linear.
    const WINDOW: usize = 512;
    let after = s.strip_prefix('[')?;
    let mut level = 0usize;
    let mut close = None;
    let window = after.get(..floor_char_boundary(after, WINDOW))?;
    for (j, c) in window.char_indices() {
        match c {
            '[' => level += 1,
            ']' if level == 0 => {
                close = Some(j);
                break;
            }
            ']' => level -= 1,
            '\n' => return None,
            _ => {}
        }
    }
    let close = close?;
    let text = after.get(..close)?;
    let rest = after.get(close + 1..)?.strip_prefix('(')?;
    let url_end = rest.get(..floor_char_boundary(rest, WINDOW))?.find(')')?;
    if rest.get(..url_end)?.contains(char::is_whitespace) {
        return None;
    }
    Some((text, 1 + close + 1 + 1 + url_end + 1))
}

/// The C-flavour nesting prefix of a name cell: `\u{a0}\u{a0}└ name` (also with literal
/// `&nbsp;`). Returns the level (two nbsp per level; a bare `└` is level 1) and the rest,
/// trimmed at the start. Without `└`, returns `(0, cell)`.
pub fn nesting_prefix(cell: &str) -> (u32, &str) {
    let mut nbsp: u32 = 0;
    let mut i = 0;
    while let Some(rest) = cell.get(i..) {
        if let Some(r) = rest.strip_prefix("&nbsp;") {
            nbsp = nbsp.saturating_add(1);
            i = cell.len() - r.len();
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '\u{a0}' => nbsp = nbsp.saturating_add(1),
            ' ' | '\t' | '\u{3000}' => {}
            '└' | '├' => {
                let level = nbsp.div_ceil(2).max(1);
                let after = rest.get(c.len_utf8()..).unwrap_or("");
                return (level, after.trim_start());
            }
            _ => break,
        }
        i += c.len_utf8();
    }
    (0, cell)
}

/// A simple name or type cell, cleaned: nesting prefix, backticks, bold, escapes and links
/// removed, whitespace collapsed.
pub fn clean_cell(doc_text: &str) -> String {
    let (_, rest) = nesting_prefix(doc_text.trim());
    plain_text(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(value: &str, description: &str) -> EnumValue {
        EnumValue {
            value: value.to_string(),
            description: description.to_string(),
        }
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    // ---- flavour A (reference pages; `<br>` already turned into `\n`) ----

    #[test]
    fn a_example_and_enum_list() {
        let d = split_field_doc(
            "Offer 状态 \n **示例**: 6 \n **可选值**:\n- 2: Offer 审批中 \n- 3: Offer 审批已撤回 \n- 10: Offer 已创建 \n",
        );
        assert_eq!(d.description, "Offer 状态");
        assert_eq!(d.example, some("6"));
        assert_eq!(d.default, None);
        assert_eq!(
            d.enum_values,
            vec![
                ev("2", "Offer 审批中"),
                ev("3", "Offer 审批已撤回"),
                ev("10", "Offer 已创建")
            ]
        );
        assert!(d.constraints.is_empty());
    }

    #[test]
    fn a_empty_example_is_none() {
        let d = split_field_doc("Offer 基本信息 \n **示例**:   ");
        assert_eq!(d.description, "Offer 基本信息");
        assert_eq!(d.example, None);
        let d = split_field_doc("自定义信息 <br> **示例**:");
        assert_eq!(d.example, None);
        assert_eq!(d.description, "自定义信息 <br>");
    }

    #[test]
    fn a_notes_stay_in_description() {
        let d = split_field_doc(
            "Offer 失效时间\n\n\n\n**注意**：当请求参数 offer_status 为「Offer 已发送」时必填\n\n\n\n**值格式**：\"YYYY-MM-DD\" \n **示例**: 2023-01-01  ",
        );
        assert_eq!(d.example, some("2023-01-01"));
        assert_eq!(
            d.description,
            "Offer 失效时间\n\n\n\n**注意**：当请求参数 offer_status 为「Offer 已发送」时必填\n\n\n\n**值格式**：\"YYYY-MM-DD\""
        );
    }

    #[test]
    fn a_single_constraint_marker_with_value_on_next_line() {
        let d = split_field_doc(
            "终止原因 ID 列表，可通过[获取终止投递原因](/ssl:ttdoc/ukTMukTMukTM/uMzM1YjLzMTN24yMzUjN/hire-v1/termination_reason/list)接口获取\n\n\n\n**最大长度**：\n50\n\n\n\n**注意**：当请求参数 offer_status 为「Offer 被候选人拒绝」时必填 \n **示例**:   ",
        );
        assert_eq!(d.constraints, vec!["最大长度：50".to_string()]);
        assert_eq!(d.example, None);
        assert_eq!(
            d.description,
            "终止原因 ID 列表，可通过[获取终止投递原因](/ssl:ttdoc/ukTMukTMukTM/uMzM1YjLzMTN24yMzUjN/hire-v1/termination_reason/list)接口获取\n**注意**：当请求参数 offer_status 为「Offer 被候选人拒绝」时必填"
        );
    }

    #[test]
    fn a_joined_constraints_are_split() {
        let d = split_field_doc(
            "ID 列表（最多传入 100 个 ID，ID 长度限制 50 个字符） \n **示例**:  \n **数据校验规则**:\n最大长度: 100最小长度: 1",
        );
        assert_eq!(
            d.description,
            "ID 列表（最多传入 100 个 ID，ID 长度限制 50 个字符）"
        );
        assert_eq!(d.example, None);
        assert_eq!(d.constraints, vec!["最大长度: 100", "最小长度: 1"]);
    }

    #[test]
    fn a_default_example_and_constraint() {
        let d = split_field_doc(
            "需要同步日历的设备名，在日历中用来展示。\n\n**默认值**：空 \n **示例**: iPhone \n **数据校验规则**:\n最大长度: 100",
        );
        assert_eq!(d.description, "需要同步日历的设备名，在日历中用来展示。");
        assert_eq!(d.default, some("空"));
        assert_eq!(d.example, some("iPhone"));
        assert_eq!(d.constraints, vec!["最大长度: 100"]);
    }

    #[test]
    fn a_enum_with_chinese_colons_then_example() {
        let d = split_field_doc(
            "查询结果是否包含离职员工的用户信息。\n\n**可选值有**：\n- true：包含\n- false：不包含 \n **示例**: true  ",
        );
        assert_eq!(d.description, "查询结果是否包含离职员工的用户信息。");
        assert_eq!(
            d.enum_values,
            vec![ev("true", "包含"), ev("false", "不包含")]
        );
        assert_eq!(d.example, some("true"));
    }

    #[test]
    fn a_note_list_is_not_an_enum() {
        let d = split_field_doc(
            "新的自定义部门 ID，即部门的 department_id。\n\n**注意**：\n\n- 不能以 `od-` 开头。\n- 不能设置为 `0`。\n- 不能与其他未删除部门的 department_id 重复。 \n **示例**: NewDevDepartID \n **数据校验规则**:\n最大长度: 128 ",
        );
        assert_eq!(
            d.description,
            "新的自定义部门 ID，即部门的 department_id。\n\n**注意**：\n\n- 不能以 `od-` 开头。\n- 不能设置为 `0`。\n- 不能与其他未删除部门的 department_id 重复。"
        );
        assert!(d.enum_values.is_empty());
        assert_eq!(d.example, some("NewDevDepartID"));
        assert_eq!(d.constraints, vec!["最大长度: 128"]);
    }

    // ---- flavour C ----

    #[test]
    fn c_quoted_example_after_link() {
        let d = split_field_doc(
            "文件 ID，可通过[批量查询用户人脸识别信息](https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/attendance-v1/user_setting/query)获取\n**示例值**：\"xxxxxb306842b1c189bc5212eefxxxxx\"",
        );
        assert_eq!(
            d.description,
            "文件 ID，可通过[批量查询用户人脸识别信息](https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/attendance-v1/user_setting/query)获取"
        );
        assert_eq!(d.example, some("xxxxxb306842b1c189bc5212eefxxxxx"));
    }

    #[test]
    fn c_authorization_header_keeps_format_and_link() {
        let d = split_field_doc(
            "`tenant_access_token` **值格式**：\"Bearer `access_token`\" **示例值**：\"Bearer t-7f1bcd13fc57d46bac21793a18e560\" [了解更多：如何选择与获取 access token](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-choose-which-type-of-token-to-use) ",
        );
        assert_eq!(d.example, some("Bearer t-7f1bcd13fc57d46bac21793a18e560"));
        assert_eq!(
            d.description,
            "`tenant_access_token` **值格式**：\"Bearer `access_token`\" [了解更多：如何选择与获取 access token](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-choose-which-type-of-token-to-use)"
        );
    }

    #[test]
    fn c_fixed_value_is_not_an_example() {
        let d = split_field_doc("**固定值**：\"application/json; charset=utf-8\"");
        assert_eq!(d.example, None);
        assert_eq!(d.default, None);
        assert_eq!(
            d.description,
            "**固定值**：\"application/json; charset=utf-8\""
        );
    }

    #[test]
    fn c_enum_items_on_one_line() {
        let d = split_field_doc(
            "审批类型\n**可选值有**：\n- `leave`: 请假 - `overtime`: 加班 - `trip`: 出差 - `out`: 外出 - `remedy`: 补卡",
        );
        assert_eq!(d.description, "审批类型");
        assert_eq!(
            d.enum_values,
            vec![
                ev("leave", "请假"),
                ev("overtime", "加班"),
                ev("trip", "出差"),
                ev("out", "外出"),
                ev("remedy", "补卡")
            ]
        );
    }

    #[test]
    fn c_unmarked_inline_list_and_note_stay() {
        let d = split_field_doc(
            "审批状态 - `1`：不通过 - `2`：通过 - `4`：撤销\n**注意** - **请假、外出、加班、出差**只支持传**撤销** - **补卡**支持传**不通过、通过和撤销**\n**示例值**：4",
        );
        assert!(d.enum_values.is_empty());
        assert_eq!(d.example, some("4"));
        assert_eq!(
            d.description,
            "审批状态 - `1`：不通过 - `2`：通过 - `4`：撤销\n**注意** - **请假、外出、加班、出差**只支持传**撤销** - **补卡**支持传**不通过、通过和撤销**"
        );
    }

    #[test]
    fn c_default_example_and_max_value() {
        let d = split_field_doc(
            "分页大小\n**默认值**：10\n**示例值**：10\n**数据校验规则**：\n- 最大值：`100`",
        );
        assert_eq!(d.description, "分页大小");
        assert_eq!(d.default, some("10"));
        assert_eq!(d.example, some("10"));
        assert_eq!(d.constraints, vec!["最大值：100"]);
    }

    #[test]
    fn c_backticked_default_and_range() {
        let d = split_field_doc(
            "优先级，数值越小，客户端展示的优先级越高。不同系统状态的优先级不能一样。\n**示例值**：1\n**默认值**：`0`\n**数据校验规则**：\n- 取值范围：`0` ～ `9`",
        );
        assert_eq!(d.default, some("0"));
        assert_eq!(d.example, some("1"));
        assert_eq!(d.constraints, vec!["取值范围：0 ～ 9"]);
        assert_eq!(
            d.description,
            "优先级，数值越小，客户端展示的优先级越高。不同系统状态的优先级不能一样。"
        );
    }

    #[test]
    fn c_length_range_with_unit() {
        let d = split_field_doc(
            "文件的名称\n**示例值**：\"test.txt\"\n**数据校验规则**：\n- 长度范围：`0` ～ `100` 字符\n- 最小值：`1`",
        );
        assert_eq!(d.example, some("test.txt"));
        assert_eq!(d.constraints, vec!["长度范围：0 ～ 100 字符", "最小值：1"]);
        assert_eq!(d.description, "文件的名称");
    }

    #[test]
    fn c_enum_descriptions_with_links_then_default_and_permission_note() {
        let d = split_field_doc(
            "用户 ID 类型\n**示例值**：open_id\n**可选值有**：\n- `open_id`: 标识一个用户在某个应用中的身份。[了解更多：如何获取 Open ID](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-openid) - `union_id`: 标识一个用户在某个应用开发商下的身份。[了解更多：如何获取 Union ID？](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-union-id) - `user_id`: 标识一个用户在某个租户内的身份。\n**默认值**：`open_id`\n**当值为 `user_id`，字段权限要求**： `contact:user.employee_id:readonly` 获取用户 user ID",
        );
        assert_eq!(d.example, some("open_id"));
        assert_eq!(d.default, some("open_id"));
        assert_eq!(
            d.enum_values,
            vec![
                ev("open_id", "标识一个用户在某个应用中的身份。[了解更多：如何获取 Open ID](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-openid)"),
                ev("union_id", "标识一个用户在某个应用开发商下的身份。[了解更多：如何获取 Union ID？](https://open.larkoffice.com/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-union-id)"),
                ev("user_id", "标识一个用户在某个租户内的身份。"),
            ]
        );
        assert_eq!(
            d.description,
            "用户 ID 类型\n**当值为 `user_id`，字段权限要求**： `contact:user.employee_id:readonly` 获取用户 user ID"
        );
    }

    #[test]
    fn c_possible_values_with_colon_inside_bold() {
        let d = split_field_doc("是否被删除。\n**可能值有：**\n- true：是 - false：否");
        assert_eq!(d.description, "是否被删除。");
        assert_eq!(d.enum_values, vec![ev("true", "是"), ev("false", "否")]);
    }

    #[test]
    fn c_possible_values_on_marker_line() {
        let d = split_field_doc(
            "消息类型。\n**可能值有**： - text：文本 - post：富文本 - share_chat：分享群名片",
        );
        assert_eq!(
            d.enum_values,
            vec![
                ev("text", "文本"),
                ev("post", "富文本"),
                ev("share_chat", "分享群名片")
            ]
        );
        assert_eq!(d.description, "消息类型。");
    }

    #[test]
    fn c_default_marked_enum_item() {
        let d = split_field_doc(
            "是否开启等候室。\n**可选值有**： - true（默认值）：开启 - false：不开启\n**示例值**：true",
        );
        assert_eq!(
            d.enum_values,
            vec![ev("true", "开启（默认值）"), ev("false", "不开启")]
        );
        assert_eq!(d.default, some("true"));
        assert_eq!(d.example, some("true"));
        assert_eq!(d.description, "是否开启等候室。");
    }

    #[test]
    fn c_bold_code_values_and_bold_colon_example() {
        let d = split_field_doc(
            "用于指定授权过程中需要的用户交互类型。   **可选值**：   - **`consent`**：当 `prompt=consent` 时，用户侧显式可见授权页并完成确认。   **示例值：** `consent`",
        );
        assert_eq!(
            d.enum_values,
            vec![ev(
                "consent",
                "当 `prompt=consent` 时，用户侧显式可见授权页并完成确认。"
            )]
        );
        assert_eq!(d.example, some("consent"));
        assert_eq!(d.description, "用于指定授权过程中需要的用户交互类型。");
    }

    #[test]
    fn c_numbered_enum_items() {
        let d = split_field_doc(
            "生成 `code_challenge` 的方法。 **可选值**：   1. **`S256`**（推荐）：      使用 SHA-256 哈希算法。   2. **`plain`**（默认值）：      直接将 `code_verifier` 作为 `code_challenge`。",
        );
        assert_eq!(
            d.enum_values,
            vec![
                ev("S256", "使用 SHA-256 哈希算法。（推荐）"),
                ev(
                    "plain",
                    "直接将 `code_verifier` 作为 `code_challenge`。（默认值）"
                )
            ]
        );
        assert_eq!(d.default, some("plain"));
        assert_eq!(d.description, "生成 `code_challenge` 的方法。");
    }

    #[test]
    fn c_code_span_example() {
        let d = split_field_doc(
            "用户信息\n**示例值**：`{\"avatar_url\":\"\",\"name\":\"\",\"user_id\":\"ou_7277fd1262bfafc363d5b2a1f9c2ac90\"}`",
        );
        assert_eq!(
            d.example,
            some("{\"avatar_url\":\"\",\"name\":\"\",\"user_id\":\"ou_7277fd1262bfafc363d5b2a1f9c2ac90\"}")
        );
        // A value made of several code spans keeps them.
        let d = split_field_doc("**示例值**：`a` 或 `b`");
        assert_eq!(d.example, some("`a` 或 `b`"));
        let d = split_field_doc("**示例值**：[`{\"department_id\":\"od_1\"}`]");
        assert_eq!(d.example, some("[`{\"department_id\":\"od_1\"}`]"));
    }

    #[test]
    fn c_escaped_quotes_in_example() {
        let d = split_field_doc(
            "释义\n**示例值**：\"<b>加粗</b><a href=\\\"https://feishu.cn\\\">链接</a>\"",
        );
        assert_eq!(
            d.example,
            some("<b>加粗</b><a href=\\\"https://feishu.cn\\\">链接</a>")
        );
    }

    #[test]
    fn c_empty_quoted_default_and_prose_default() {
        let d = split_field_doc("备注\n**默认值**：\"\"");
        assert_eq!(d.default, some(""));
        let d = split_field_doc("部门名称\n**默认值**：空，表示不更新该字段");
        assert_eq!(d.default, some("空，表示不更新该字段"));
        assert_eq!(d.description, "部门名称");
        let d = split_field_doc("**示例值**：“张三”");
        assert_eq!(d.example, some("张三"));
    }

    #[test]
    fn c_constraints_one_line_and_star_bullets() {
        let d = split_field_doc(
            "选项值\n**数据校验规则**：\n- 单个值需为字符串类型且不能包含 \",\" - 单个值的长度不可超过 100 字节 - 选项值的个数不可超过 500 个",
        );
        assert_eq!(
            d.constraints,
            vec![
                "单个值需为字符串类型且不能包含 \",\"",
                "单个值的长度不可超过 100 字节",
                "选项值的个数不可超过 500 个"
            ]
        );
        let d = split_field_doc("内容\n**数据校验规则**：\n * 长度范围：`1` ～ `5000` 字符");
        assert_eq!(d.constraints, vec!["长度范围：1 ～ 5000 字符"]);
        assert_eq!(d.description, "内容");
    }

    #[test]
    fn c_header_enum_keeps_plain_example_inside_items() {
        let d = split_field_doc(
            "通过访问凭证（access_token）对调用者身份进行鉴权。可选值： - `tenant_access_token`：\t租户授权凭证。示例值：\"Bearer t-7f1bcd13fc57d46bac21793aabcef\"            - `user_access_token`：用户授权凭证。示例值：\"Bearer u-7f1bcd13fc57d46bac21793aabcef\" 了解更多，参考[获取访问凭证](https://open.larkoffice.com/document/ukTMukTMukTM/uMTNz4yM1MjLzUzM)。",
        );
        assert_eq!(d.example, None);
        assert_eq!(
            d.enum_values,
            vec![
                ev("tenant_access_token", "租户授权凭证。示例值：\"Bearer t-7f1bcd13fc57d46bac21793aabcef\""),
                ev("user_access_token", "用户授权凭证。示例值：\"Bearer u-7f1bcd13fc57d46bac21793aabcef\" 了解更多，参考[获取访问凭证](https://open.larkoffice.com/document/ukTMukTMukTM/uMTNz4yM1MjLzUzM)。"),
            ]
        );
        assert_eq!(
            d.description,
            "通过访问凭证（access_token）对调用者身份进行鉴权。"
        );
    }

    // ---- plain (unbolded) markers ----

    #[test]
    fn plain_enum_and_default_marked_example() {
        let d = split_field_doc(
            "日期类型，【是否弹性打卡 = true】时，不可设置为“休息日” 可选值：1：工作日 2：休息日 示例值：（默认值）1",
        );
        assert_eq!(
            d.description,
            "日期类型，【是否弹性打卡 = true】时，不可设置为“休息日”"
        );
        assert_eq!(d.enum_values, vec![ev("1", "工作日"), ev("2", "休息日")]);
        assert_eq!(d.example, some("1"));
        assert_eq!(d.default, some("1"));
    }

    #[test]
    fn plain_enum_then_plain_default_then_bold_example() {
        let d = split_field_doc(
            "日期类型，【是否弹性打卡 = true】时，不可设置为“休息日”  可选值：1：工作日 2：休息日。默认值：1\n**示例值**：1",
        );
        assert_eq!(d.enum_values, vec![ev("1", "工作日"), ev("2", "休息日")]);
        assert_eq!(d.default, some("1"));
        assert_eq!(d.example, some("1"));
        assert_eq!(
            d.description,
            "日期类型，【是否弹性打卡 = true】时，不可设置为“休息日”"
        );
    }

    #[test]
    fn plain_example_in_prose() {
        let d = split_field_doc("常用名    展示中英文混合名，示例值：张三(Zhang San)");
        assert_eq!(d.example, some("张三(Zhang San)"));
        assert_eq!(d.description, "常用名    展示中英文混合名，");
        // Not at a boundary: stays prose.
        let d = split_field_doc("该字段的默认值：见说明");
        assert_eq!(d.default, None);
        assert_eq!(d.description, "该字段的默认值：见说明");
    }

    #[test]
    fn plain_list_with_dash_items() {
        let d = split_field_doc(
            "设备类型，可选值如下： - mobile_phone：手机 - landline：座机 - fax：传真",
        );
        assert_eq!(
            d.enum_values,
            vec![
                ev("mobile_phone", "手机"),
                ev("landline", "座机"),
                ev("fax", "传真")
            ]
        );
        assert_eq!(d.description, "设备类型，");
    }

    #[test]
    fn enum_marker_without_items_keeps_text() {
        let d = split_field_doc(
            "文件内容对应的 MIME 类型，必须填写 可选值： - text/plain (.txt) - application/pdf (.pdf)\n**示例值**：\"application/pdf\"",
        );
        assert!(d.enum_values.is_empty());
        assert_eq!(d.example, some("application/pdf"));
        assert_eq!(
            d.description,
            "文件内容对应的 MIME 类型，必须填写 - text/plain (.txt) - application/pdf (.pdf)"
        );
    }

    #[test]
    fn second_different_example_stays_in_description() {
        let d = split_field_doc("描述\n**示例值**：1\n**示例值**：2");
        assert_eq!(d.example, some("1"));
        assert_eq!(d.description, "描述\n**示例值**：2");
        let d = split_field_doc("描述\n**示例值**：1\n**示例值**：1");
        assert_eq!(d.description, "描述");
    }

    // ---- adversarial ----

    #[test]
    fn empty_and_marker_only_cells() {
        assert_eq!(split_field_doc(""), FieldDoc::default());
        assert_eq!(split_field_doc("   \n  "), FieldDoc::default());
        for only in [
            "**示例值**",
            "**示例值**：",
            "**可选值有**：",
            "**数据校验规则**：\n",
            "**默认值**:  \n",
        ] {
            let d = split_field_doc(only);
            assert_eq!(d.description, "", "{only}");
            assert_eq!(d.example, None, "{only}");
            assert_eq!(d.default, None, "{only}");
            assert!(d.enum_values.is_empty(), "{only}");
            assert!(d.constraints.is_empty(), "{only}");
        }
        let d = split_field_doc("描述\n**示例值**：");
        assert_eq!(d.description, "描述");
        assert_eq!(d.example, None);
        // A bare single-constraint marker without a value is kept.
        let d = split_field_doc("描述 **最大长度**：");
        assert_eq!(d.description, "描述 **最大长度**：");
        assert!(d.constraints.is_empty());
    }

    #[test]
    fn unterminated_bold_is_text() {
        for s in [
            "**示例值：1",
            "描述 **示例",
            "**",
            "****",
            "** **",
            "描述**可选值有",
            // Inside code spans markers are text.
            "`**示例值**：1`",
            "``a ` **示例值**：1``",
        ] {
            let d = split_field_doc(s);
            assert_eq!(d.description, s.trim(), "{s}");
            assert_eq!(d.example, None, "{s}");
        }
    }

    #[test]
    fn unclosed_backtick_does_not_hide_markers() {
        let d = split_field_doc("描述 `x\n**示例值**：1");
        assert_eq!(d.example, some("1"));
        assert_eq!(d.description, "描述 `x");
    }

    #[test]
    fn cells_without_markers_are_unchanged() {
        for s in [
            "错误码，非 0 表示失败",
            "文本内容。要实现文本内容的换行，你可以： - 在传入的文本内容中添加 `\\n` 实现软换行 - 创建一个新的文本 Block",
            "Offer 失效时间\n\n**注意**：必填",
            "[链接](https://example.com/a:b) - `x`：y",
            "比如：rules: [[1,2],[3,4]]，业务含义为：(1 and 2) or (3 and 4)",
            "“示例”：不是标记",
        ] {
            let d = split_field_doc(s);
            assert_eq!(d.description, s, "{s}");
            assert_eq!(d, FieldDoc { description: s.to_string(), ..FieldDoc::default() });
        }
    }

    #[test]
    fn cjk_punctuation_and_odd_widths() {
        let d = split_field_doc("类型：\u{3000}可选值：１：全角 ２：数字");
        // Full-width digits are ordinary one-token values.
        assert_eq!(d.enum_values, vec![ev("１", "全角"), ev("２", "数字")]);
        let d = split_field_doc("说明\n**示例值**：「值」\n**默认值**：‘d’");
        assert_eq!(d.example, some("值"));
        assert_eq!(d.default, some("d"));
        let d = split_field_doc("\u{a0}描述\u{a0}\n**示例值**：\u{a0}é\u{301}😀");
        assert_eq!(d.example, some("é\u{301}😀"));
        assert_eq!(d.description, "描述");
    }

    #[test]
    fn large_and_repetitive_input_does_not_panic() {
        let big = "描述 - a：b ".repeat(10_000);
        let d = split_field_doc(&big);
        assert_eq!(d.description, big.trim());
        let markers = "**示例值**：1\n".repeat(10_000);
        let d = split_field_doc(&markers);
        assert_eq!(d.example, some("1"));
        assert_eq!(d.description, "");
        let enum_big = format!("**可选值有**：\n{}", "- `x`: y ".repeat(20_000));
        let d = split_field_doc(&enum_big);
        assert_eq!(d.enum_values.len(), 20_000);
        let backticks = format!("**示例值**：{}", "`".repeat(100_000));
        let _ = split_field_doc(&backticks);
        let stars = "*".repeat(100_001);
        assert_eq!(split_field_doc(&stars).description, stars);
        let colons = format!("可选值：{}", "：".repeat(50_000));
        let _ = split_field_doc(&colons);
        let brackets = "[".repeat(50_000);
        assert_eq!(plain_text(&brackets), brackets);
    }

    #[test]
    fn pseudo_random_cells_never_panic() {
        let parts = [
            "**",
            "示例值",
            "：",
            ":",
            "可选值有",
            "- ",
            "`",
            "\"",
            "“",
            "\n",
            " ",
            "默认值",
            "数据校验规则",
            "最大长度",
            "1. ",
            "（默认值）",
            "[",
            "](",
            ")",
            "é",
            "😀",
            "\\",
            "&nbsp;",
            "\u{a0}",
            "└",
            "x",
            "1",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut s = String::new();
            for _ in 0..24 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(parts[(seed % parts.len() as u64) as usize]);
            }
            let d = split_field_doc(&s);
            let _ = (plain_text(&s), clean_cell(&s), nesting_prefix(&s));
            // Nothing invented: the description's words all come from the input.
            for w in d.description.split_whitespace() {
                assert!(s.contains(w), "{s:?} -> {w:?}");
            }
        }
    }

    // ---- plain_text, nesting_prefix, clean_cell ----

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(plain_text("`file_id`"), "file_id");
        assert_eq!(plain_text("**注意**：`x`  y\n z"), "注意：x y z");
        assert_eq!(
            plain_text(
                "[获取终止投递原因](/ssl:ttdoc/ukTMukTMukTM/hire-v1/termination_reason/list)接口"
            ),
            "获取终止投递原因接口"
        );
        assert_eq!(plain_text("[**粗** `码`](https://a.b/c)"), "粗 码");
        assert_eq!(
            plain_text("offer\\_basic\\_info \\[\\]"),
            "offer_basic_info []"
        );
        assert_eq!(plain_text("[不是链接] (x)"), "[不是链接] (x)");
        assert_eq!(plain_text("a * b"), "a * b");
        assert_eq!(plain_text(""), "");
    }

    #[test]
    fn nesting_prefixes() {
        assert_eq!(nesting_prefix("\u{a0}\u{a0}└ `file`"), (1, "`file`"));
        assert_eq!(
            nesting_prefix("\u{a0}\u{a0}\u{a0}\u{a0}└ `file_id`"),
            (2, "`file_id`")
        );
        assert_eq!(
            nesting_prefix(&format!("{}└ `content`", "\u{a0}".repeat(12))),
            (6, "`content`")
        );
        assert_eq!(nesting_prefix("&nbsp;&nbsp;&nbsp;&nbsp;└ `x`"), (2, "`x`"));
        assert_eq!(nesting_prefix("└ `x`"), (1, "`x`"));
        assert_eq!(nesting_prefix("└`x`"), (1, "`x`"));
        assert_eq!(nesting_prefix("`code`"), (0, "`code`"));
        assert_eq!(nesting_prefix("\u{a0}\u{a0}`x`"), (0, "\u{a0}\u{a0}`x`"));
        assert_eq!(nesting_prefix(""), (0, ""));
        assert_eq!(nesting_prefix("a └ b"), (0, "a └ b"));
    }

    #[test]
    fn clean_cells() {
        assert_eq!(clean_cell("\u{a0}\u{a0}└ `approval_info`"), "approval_info");
        assert_eq!(clean_cell(" `page_size` "), "page_size");
        assert_eq!(clean_cell("offer\\_status"), "offer_status");
        assert_eq!(clean_cell("**name**"), "name");
        assert_eq!(clean_cell("&nbsp;&nbsp;└ `data`"), "data");
        assert_eq!(clean_cell(""), "");
    }
}
