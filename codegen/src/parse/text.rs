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
        let used = match m.kind {
            Kind::Example => {
                let (value, used) = take_value(seg);
                if let Some(v) = value {
                    // `示例值：（默认值）1`: the example is also the default.
                    match v
                        .strip_prefix("（默认值）")
                        .or_else(|| v.strip_prefix("(默认值)"))
                    {
                        Some(rest) => {
                            let rest = rest.trim().to_string();
                            set_once(&mut doc.default, rest.clone());
                            set_once(&mut doc.example, rest);
                        }
                        None => set_once(&mut doc.example, v),
                    }
                }
                used
            }
            Kind::Default => {
                let (value, used) = take_value(seg);
                if let Some(v) = value {
                    set_once(&mut doc.default, v);
                }
                used
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
                    None => {
                        // Nothing to take: the marker stays in the description.
                        pieces.push(text.get(m.start..m.end).unwrap_or(""));
                    }
                }
                used
            }
        };
        pieces.push(seg.get(used..).unwrap_or(""));
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
    let after = s.strip_prefix('[')?;
    let mut level = 0usize;
    let mut close = None;
    for (j, c) in after.char_indices() {
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
    let url_end = rest.find(')')?;
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
