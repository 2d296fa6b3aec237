//! Finding the markers in a description cell: bold labels (`**示例值**：`), plain labels
//! (`可选值：`) and single-constraint markers, outside code spans.

use super::floor_char_boundary;

/// What a marker introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Example,
    Default,
    Enum,
    Constraints,
    /// A single constraint written as its own bold marker (`**最大长度**：50`).
    Constraint(&'static str),
}

/// Bold labels (`**示例值**`), matched after trimming colons and spaces.
pub(super) const BOLD_LABELS: &[(&str, Kind)] = &[
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
pub(super) const PLAIN_LABELS: &[(&str, Kind)] = &[
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
pub(super) const CONSTRAINT_WORDS: &[&str] = &[
    "长度范围",
    "取值范围",
    "最大长度",
    "最小长度",
    "最大值",
    "最小值",
    "正则校验",
];

/// The longest enum value accepted without backticks, in characters.
pub(super) const MAX_VALUE_CHARS: usize = 64;
/// The longest label between `**` and `**` that can be a marker, in bytes.
pub(super) const MAX_BOLD_LABEL_BYTES: usize = 64;

#[derive(Debug, Clone, Copy)]
pub(super) struct Marker {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    pub(super) bold: bool,
}

pub(super) fn is_colon(c: char) -> bool {
    c == ':' || c == '：'
}

pub(super) fn is_hspace(c: char) -> bool {
    c != '\n' && c.is_whitespace()
}

/// Skips horizontal whitespace from `i`.
pub(super) fn skip_hspace(s: &str, mut i: usize) -> usize {
    while let Some(c) = s.get(i..).and_then(|r| r.chars().next()) {
        if !is_hspace(c) {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Whether a plain label may start right after `prev`.
pub(super) fn is_plain_boundary(prev: Option<char>) -> bool {
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
pub(super) fn find_markers(text: &str) -> Vec<Marker> {
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
pub(super) fn code_span_len(s: &str) -> usize {
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
pub(super) fn bold_marker(after_open: &str) -> Option<(Kind, usize)> {
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

pub(super) fn plain_marker(rest: &str) -> Option<(Kind, usize)> {
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
