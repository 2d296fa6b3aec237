//! Helpers over doc text (cell and paragraph content).
//!
//! Doc text is Markdown-ish inline text: `<br>` already became `\n`, entities are decoded,
//! links stay `[text](url)`, inline code stays `` `code` `` and bold stays `**bold**`.
//!
//! [`split_field_doc`] takes a field's description cell apart: description, example, default,
//! enum values and constraints, written with bold markers (`**示例值**：…`, `**可选值有**：…`,
//! `**数据校验规则**：…`) or, in older pages, plain ones (`可选值：1：工作日 2：休息日`).
//! Whatever it does not recognise stays in the description: no text is ever dropped.

mod markers;
mod plain;
#[cfg(test)]
mod tests;

use crate::ir::EnumValue;
use markers::{
    find_markers, is_colon, is_hspace, is_plain_boundary, skip_hspace, Kind, CONSTRAINT_WORDS,
    MAX_VALUE_CHARS,
};
pub use plain::plain_text;

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

/// The largest char boundary of `s` not above `i`.
pub(super) fn floor_char_boundary(s: &str, i: usize) -> usize {
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
/// Returns the value and the bytes of `seg` consumed. A quoted value runs to its closing
/// quote, whatever it holds: masked ids (`"ou_da5****dfe"`, `"****_***"`) are values, not
/// bold text.
fn take_value(seg: &str) -> (Option<String>, usize) {
    if let Some((value, used)) = take_json_lines(seg) {
        return (Some(value), used);
    }
    let start = skip_hspace(seg, 0);
    let line_end = line_end(seg, start);
    let line = seg.get(start..line_end).unwrap_or("");
    if let Some((value, used)) = quoted_value(line) {
        // `"`{\"a\":1}`"`: one flavour sets the quoted value in code, another does not.
        return (Some(strip_code(&value).to_string()), start + used);
    }
    let end = start + bold_delimiter(line).unwrap_or(line.len());
    let value = strip_code(seg.get(start..end).unwrap_or("").trim());
    if value.is_empty() {
        (None, end)
    } else {
        (Some(value.to_string()), end)
    }
}

/// A JSON array or object spread over lines, as a pretty-printer writes it, on the marker's
/// line or from the next one: its lines joined back into one (`[`, `"a",`, `"b"`, `]` →
/// `["a", "b"]`: no space inside the brackets, one between members); or one alone on the
/// line after the marker. `None` when the value fits on the marker's line or the lines
/// never make JSON.
fn take_json_lines(seg: &str) -> Option<(String, usize)> {
    /// Bounds the lines tried (each try parses what was joined so far).
    const MAX_LINES: usize = 200;
    let start = skip_hspace(seg, 0);
    let first_end = line_end(seg, start);
    let first = seg.get(start..first_end)?.trim();
    let is_json = |t: &str| serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok();
    let mut lines = lines_from(seg, start).map(|(s, e)| (seg.get(s..e).unwrap_or("").trim(), e));
    if first.is_empty() {
        lines.next();
    } else if is_json(first) {
        return None;
    }
    let mut joined = String::new();
    for (count, (line, end)) in lines.enumerate() {
        if count == 0 && !line.starts_with(['[', '{']) || count >= MAX_LINES || line.is_empty() {
            return None;
        }
        let tight = joined.ends_with(['[', '{']) || line.starts_with([']', '}']);
        if !joined.is_empty() && !tight {
            joined.push(' ');
        }
        joined.push_str(line);
        // A value alone on the line after the marker counts too.
        if (count > 0 || first.is_empty()) && is_json(&joined) {
            return Some((joined, end));
        }
    }
    None
}

/// The byte offset of the first bold delimiter of `s`: a run of exactly two `*` (longer
/// runs mask characters of an id).
fn bold_delimiter(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(p) = s.get(i..).and_then(|r| r.find('*')) {
        let at = i + p;
        let run = bytes
            .get(at..)
            .map_or(0, |b| b.iter().take_while(|&&c| c == b'*').count());
        if run == 2 {
            return Some(at);
        }
        i = at + run.max(1);
    }
    None
}

/// A value in quotes at the start of `raw` that closes before the end or a space: the
/// inner text and the bytes up to and including the closing quote.
fn quoted_value(raw: &str) -> Option<(String, usize)> {
    let open = raw.chars().next()?;
    let close_ch = closing_quote(open)?;
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
            if after.trim().is_empty()
                || after.starts_with(char::is_whitespace)
                || after.starts_with("**")
            {
                let inner = raw.get(inner_start..close).unwrap_or("");
                return Some((inner.to_string(), close + c.len_utf8()));
            }
            return None;
        }
    }
    None
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
