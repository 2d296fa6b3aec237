//! Doc text → rustdoc Markdown that shows what the page shows, and nothing more.
//!
//! Doc text (a cell or a page's prose, see `parse::text`) is Markdown-ish: a cell's `<br>`
//! became a line break, links are `[text](url)`, code spans and `**bold**` are kept. Here:
//! - each line is a paragraph (a cell's `<br>`); list lines (`- `, `• `, `1. `), and lists a
//!   converter flattened into one line (`方式：  - a。 - b`), become list items; a line that
//!   is only an alert marker (`⚠️`, `**Note**`) makes its paragraph a block quote;
//! - `[text](url)` stays a link, relative Feishu links made absolute; a link the resolver
//!   knows becomes an intra-doc link with the page's URL beside it;
//! - code spans and bold are kept; fenced blocks become `text` blocks;
//! - everything else Markdown would read as structure is escaped (brackets, angle brackets,
//!   backslashes, pipes, a leading `#`, `!` before a link) and bare URLs become `<url>`, so no
//!   doc text becomes code, HTML, a heading, a table or a link of its own, and rustdoc's
//!   `broken_intra_doc_links` and `bare_urls` lints stay quiet.

/// Gives the intra-doc path (`crate::im::v1::message::CreateMessageRequest`) for an absolute
/// link target, when there is one to link to.
pub(crate) type Resolve<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Where relative doc links (`/ssl:ttdoc/…`, `/document/…`) point.
const DOC_ROOT: &str = "https://open.feishu.cn/document";

/// Renders doc text as rustdoc Markdown lines (no leading or trailing blank line).
pub(crate) fn render(text: &str, resolve: Resolve<'_>) -> Vec<String> {
    let text = join_link_texts(&text.replace("\r\n", "\n").replace(['\r', '\t'], " "));
    let mut out = Lines::default();
    let mut in_fence = false;
    let mut in_note = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            if in_fence {
                out.lines.push("```".to_owned());
            } else {
                out.block(Kind::Para);
                out.lines.push("```text".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.lines.push(raw.trim_end().to_owned());
            continue;
        }
        if line.is_empty() {
            in_note = false;
            out.last = Kind::Para;
            continue;
        }
        if is_alert_marker(line) {
            out.block(Kind::Note);
            out.lines
                .push(format!("> {}", escape_line_start(inline(line, resolve))));
            in_note = true;
            continue;
        }
        for (bullet, body) in split_items(line) {
            let body = escape_line_start(inline(body, resolve));
            match bullet {
                Some(b) => {
                    out.block(Kind::Item);
                    out.lines.push(format!("{b}{body}"));
                }
                None if in_note => {
                    out.lines.push(">".to_owned());
                    out.lines.push(format!("> {body}"));
                }
                None => {
                    out.block(Kind::Para);
                    out.lines.push(body);
                }
            }
        }
    }
    if in_fence {
        out.lines.push("```".to_owned());
    }
    while out.lines.last().is_some_and(|l| l.is_empty()) {
        out.lines.pop();
    }
    out.lines
}

/// Line breaks inside a link's text (`[下载\n\n](url)`, a converter's) made spaces, so the
/// link stays one; the text is searched within a bounded window after each `[`.
fn join_link_texts(text: &str) -> String {
    const WINDOW: usize = 256;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('[') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let after = from.get(1..).unwrap_or("");
        let window = after
            .char_indices()
            .take(WINDOW)
            .map(|(j, c)| j + c.len_utf8())
            .last();
        let close = window
            .and_then(|w| after.get(..w))
            .and_then(|w| w.find(['[', ']']))
            .filter(|&j| after.get(j..).is_some_and(|r| r.starts_with("](")));
        match close.and_then(|j| after.get(..j)) {
            Some(inner) if inner.contains('\n') && !inner.contains("```") => {
                out.push('[');
                out.push_str(&inner.split_whitespace().collect::<Vec<_>>().join(" "));
                rest = after.get(inner.len()..).unwrap_or("");
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Kind {
    #[default]
    Para,
    Item,
    Note,
}

/// The rendered lines and the kind of block they end with.
#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    last: Kind,
}

impl Lines {
    /// Starts a block of `kind`: a blank line before it unless it continues a list.
    fn block(&mut self, kind: Kind) {
        let continues = kind == Kind::Item && self.last == Kind::Item;
        if !continues && self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self.last = kind;
    }
}

/// A line that only says "note" (`⚠️`, `💡`, `**Note**`, `**注意**：`): the text after it is
/// the note.
fn is_alert_marker(line: &str) -> bool {
    let l = line.trim_end_matches([':', '：']).trim();
    matches!(l, "⚠️" | "⚠" | "💡" | "❗" | "ℹ️" | "📌")
        || l.strip_prefix("**")
            .and_then(|l| l.strip_suffix("**"))
            .is_some_and(|w| {
                matches!(
                    w.trim_end_matches([':', '：']),
                    "Note" | "Tip" | "Warning" | "Caution" | "注意" | "提示" | "说明" | "警告"
                )
            })
}

/// Text that Markdown would read as a heading, list, quote or rule at the start of a block.
fn escape_line_start(line: String) -> String {
    let rule = |c: char| line.chars().all(|x| x == c || x == ' ');
    match line.chars().next() {
        Some('#' | '-' | '+') => format!("\\{line}"),
        Some(c @ ('*' | '_' | '=')) if rule(c) => format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            match line.get(digits..) {
                Some(rest) if rest.starts_with('.') || rest.starts_with(')') => {
                    format!("{}\\{rest}", line.get(..digits).unwrap_or(""))
                }
                _ => line,
            }
        }
        _ => line,
    }
}

/// The bullet at the start of `s` (`- `, `* `, `+ `, `• `, `－ `, `1. `, `1) `): its length
/// and how it is written out.
fn bullet(s: &str) -> Option<(usize, String)> {
    for b in ["- ", "* ", "+ ", "• ", "－ "] {
        if s.starts_with(b) {
            return Some((b.len(), "- ".to_owned()));
        }
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let rest = s.get(digits..)?;
    ((1..=3).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then(|| (digits + 2, format!("{}. ", s.get(..digits).unwrap_or("1"))))
}

/// Characters that end the text before a list a converter wrote on one line.
fn ends_lead(s: &str) -> bool {
    s.trim_end().ends_with([
        '：', ':', '。', '；', ';', '！', '!', '？', '?', '）', ')', '”', '"', '」',
    ])
}

/// A line as its parts: the text before any list, then the items, each with its bullet. An
/// inline bullet counts after whitespace that follows a lead (`：`, `。`), outside code spans
/// and links.
fn split_items(line: &str) -> Vec<(Option<String>, &str)> {
    let (mut current, mut start) = match bullet(line) {
        Some((n, b)) => (Some(b), n),
        None => (None, 0),
    };
    let mut out = Vec::new();
    let spans = code_spans(line);
    let mut spans = spans.iter().peekable();
    let mut i = start;
    while let Some(rest) = line.get(i..) {
        let Some(c) = rest.chars().next() else { break };
        if c == '`' {
            while spans.next_if(|(from, _)| *from < i).is_some() {}
            if let Some((_, end)) = spans.next_if(|(from, _)| *from == i) {
                i = *end;
                continue;
            }
        } else if c == '[' {
            if let Some(link) = Link::at(rest) {
                i += link.len;
                continue;
            }
        } else if c.is_whitespace() {
            let after = rest.trim_start();
            let at = line.len() - after.len();
            let before = line.get(start..i).unwrap_or("");
            if let Some((n, b)) = bullet(after) {
                let body_follows = after.get(n..).is_some_and(|r| !r.trim().is_empty());
                if body_follows && !before.trim().is_empty() && ends_lead(before) {
                    out.push((current.take(), before.trim()));
                    current = Some(b);
                    start = at + n;
                    i = start;
                    continue;
                }
            }
            i = at.max(i + c.len_utf8());
            continue;
        }
        i += c.len_utf8();
    }
    let last = line.get(start..).unwrap_or("").trim();
    if !last.is_empty() || current.is_some() {
        out.push((current, last));
    }
    out
}

/// `[text](target)` at the start of a string.
struct Link<'s> {
    text: &'s str,
    target: &'s str,
    len: usize,
}

impl<'s> Link<'s> {
    /// Reads a link within a bounded window (keeping the scan linear): text with balanced
    /// brackets, a target without whitespace and with balanced parentheses.
    fn at(s: &'s str) -> Option<Link<'s>> {
        const WINDOW: usize = 1024;
        let after = s.strip_prefix('[')?;
        let mut level = 0usize;
        let mut close = None;
        for (j, c) in after.char_indices().take(WINDOW) {
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
        let mut depth = 0usize;
        let mut end = None;
        for (j, c) in rest.char_indices().take(WINDOW) {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = Some(j);
                    break;
                }
                ')' => depth -= 1,
                c if c.is_whitespace() => return None,
                _ => {}
            }
        }
        // A target cut off by the end of its text (a cell split at a `|` in its URL) still
        // is one.
        let end = end.or_else(|| (rest.chars().count() < WINDOW).then_some(rest.len()))?;
        Some(Link {
            text,
            target: rest.get(..end)?,
            len: (1 + close + 2 + end + 1).min(s.len()),
        })
    }
}

/// An absolute `http(s)` URL for a link target: relative Feishu doc links made absolute,
/// a target wrapped in parentheses or angle brackets unwrapped.
fn absolute(target: &str) -> Option<String> {
    let t = target.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .or_else(|| t.strip_prefix('<').and_then(|t| t.strip_suffix('>')))
        .unwrap_or(t);
    if let Some(p) = t.strip_prefix("/ssl:ttdoc/") {
        return Some(format!("{DOC_ROOT}/{p}"));
    }
    if let Some(p) = t.strip_prefix("/document/") {
        return Some(format!("{DOC_ROOT}/{p}"));
    }
    let scheme_ok = t.starts_with("https://") || t.starts_with("http://");
    (scheme_ok && t.len() > "https://".len()).then(|| t.to_owned())
}

/// A URL written so Markdown reads it as one destination: characters that would end or
/// break it percent-encoded.
fn url_text(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '"' => out.push_str("%22"),
            '\\' => out.push_str("%5C"),
            '`' => out.push_str("%60"),
            '|' => out.push_str("%7C"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A link as rustdoc Markdown: an intra-doc link with its page beside it, a web link, or
/// (for a target that is no web address) the text with the target as code.
fn render_link(link: &Link<'_>, resolve: Resolve<'_>, out: &mut String) {
    let text = link_text(link.text);
    let Some(url) = absolute(link.target) else {
        out.push_str(&text);
        if !link.target.trim().is_empty() {
            out.push_str(" (");
            out.push_str(&code_span(link.target));
            out.push(')');
        }
        return;
    };
    let url = url_text(&url);
    let text = if text.trim().is_empty() {
        "link".to_owned()
    } else {
        text
    };
    match resolve(&url) {
        Some(path) => {
            out.push_str(&format!("[{text}]({path}) ([doc]({url}))"));
        }
        None => out.push_str(&format!("[{text}]({url})")),
    }
}

/// A link's text: escaped like any text, but with no links or autolinks inside (links do
/// not nest; rustdoc's `bare_urls` does not look inside links).
fn link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(text, &mut out, None);
    out
}

/// Escapes one line of text outside code spans, rendering links with `resolve`.
fn inline(line: &str, resolve: Resolve<'_>) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    escape_into(line, &mut out, Some(resolve));
    out
}

/// The end of a bare URL at the start of `s`.
fn bare_url_len(s: &str) -> usize {
    let end = s
        .find(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ')' | '('
                        | '<'
                        | '>'
                        | '"'
                        | '`'
                        | '，'
                        | '。'
                        | '）'
                        | '、'
                        | '；'
                        | '['
                        | ']'
                        | '|'
                        | '\\'
                        | '（'
                        | '“'
                        | '”'
                )
        })
        .unwrap_or(s.len());
    let url = s.get(..end).unwrap_or(s);
    url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~'])
        .len()
}

/// The code spans of a line, `(start, end)` byte ranges with their backticks, as CommonMark
/// reads them: a run of backticks opens a span closed by the next run of the same length;
/// a run with none after it is literal.
fn code_spans(s: &str) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b.get(i) == Some(&b'`') {
            let n = b
                .get(i..)
                .map_or(0, |r| r.iter().take_while(|&&c| c == b'`').count());
            runs.push((i, n));
            i += n;
        } else {
            i += 1;
        }
    }
    // For each run, the index of the next run of the same length (one pass from the end,
    // keeping the scan linear whatever the input).
    let mut next_same = vec![None; runs.len()];
    let mut last_of_len: std::collections::HashMap<usize, usize> = Default::default();
    for (k, (_, n)) in runs.iter().enumerate().rev() {
        if let Some(slot) = next_same.get_mut(k) {
            *slot = last_of_len.insert(*n, k);
        }
    }
    let mut spans = Vec::new();
    let mut k = 0;
    while let Some(&(start, _)) = runs.get(k) {
        match next_same.get(k).copied().flatten() {
            Some(j) => {
                let (close, n) = runs.get(j).copied().unwrap_or((start, 0));
                spans.push((start, close + n));
                k = j + 1;
            }
            None => k += 1,
        }
    }
    spans
}

/// Escapes `s` into `out`, code spans kept as they are. With `resolve`, links become links
/// and bare URLs autolinks; without (inside a link's text), both stay text.
fn escape_into(s: &str, out: &mut String, resolve: Option<Resolve<'_>>) {
    let spans = code_spans(s);
    let mut spans = spans.iter().peekable();
    let mut pos = 0usize;
    while let Some(rest) = s.get(pos..) {
        let Some(c) = rest.chars().next() else { break };
        let len = c.len_utf8();
        if c == '`' {
            while spans.next_if(|(from, _)| *from < pos).is_some() {}
            match spans.next_if(|(from, _)| *from == pos) {
                Some((from, to)) => {
                    out.push_str(s.get(*from..*to).unwrap_or(""));
                    pos = *to;
                    continue;
                }
                None => out.push_str("\\`"),
            }
        } else if rest.starts_with("https://") || rest.starts_with("http://") {
            let n = bare_url_len(rest).max(1);
            let url = rest.get(..n).unwrap_or(rest);
            let autolink = resolve.is_some() && n > "https://".len();
            if autolink {
                out.push('<');
            }
            out.push_str(url);
            if autolink {
                out.push('>');
            }
            pos += n;
            continue;
        } else if c == '[' {
            match (resolve, Link::at(rest)) {
                (Some(resolve), Some(link)) => {
                    render_link(&link, resolve, out);
                    pos += link.len;
                    continue;
                }
                _ => out.push_str("\\["),
            }
        } else {
            match c {
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' => out.push_str("\\\\"),
                '|' => out.push_str("\\|"),
                '!' if rest.get(1..).is_some_and(|r| r.starts_with('[')) => out.push_str("\\!"),
                _ => out.push(c),
            }
        }
        pos += len;
    }
}

/// Characters that change the visible direction of text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Whether `s` is several values the doc already set in code, separated by list punctuation
/// only (`` `online`、`dev` ``): it then reads as written, not as one code span showing the
/// backticks.
pub fn is_code_list(s: &str) -> bool {
    let spans = code_spans(s);
    let mut at = 0;
    for (k, &(start, end)) in spans.iter().enumerate() {
        let gap = s.get(at..start).unwrap_or("");
        let gap_ok = match k {
            0 => gap.is_empty(),
            _ => {
                !gap.is_empty()
                    && gap
                        .chars()
                        .all(|c| matches!(c, '、' | ',' | '，' | '/' | ' '))
            }
        };
        if !gap_ok {
            return false;
        }
        let inner = s.get(start..end).unwrap_or("").trim_matches('`');
        if inner.trim().is_empty() || inner.contains('\n') {
            return false;
        }
        at = end;
    }
    spans.len() >= 2 && at == s.len()
}

/// Wraps `s` in a code span, choosing a backtick fence longer than any run inside it.
pub fn code_span(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut longest = 0usize;
    let mut run = 0usize;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 || s.starts_with(' ') || s.ends_with(' ') {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_each_in_code_read_as_written() {
        assert!(is_code_list("`online`、`dev`"));
        assert!(is_code_list("`a`, `b` / `c`"));
        assert!(is_code_list("``a`b``、`c`"));
        // One value, text between spans, markdown outside them or unbalanced backticks: one
        // code span of the whole text.
        assert!(!is_code_list("`online`"));
        assert!(!is_code_list("`a` and `b`"));
        assert!(!is_code_list("`a`、[x](y)`b`"));
        assert!(!is_code_list("`{\"a\":[1}`]}"));
        assert!(!is_code_list("`a`、`b"));
        assert!(!is_code_list("`a``b`"));
    }

    fn none(_: &str) -> Option<String> {
        None
    }

    fn r(text: &str) -> Vec<String> {
        render(text, &none)
    }

    /// A resolver that knows one page.
    fn one(url: &str) -> Option<String> {
        (url == "https://open.feishu.cn/document/a/reference/im-v1/message/create")
            .then(|| "crate::im::v1::message::CreateMessageRequest".to_owned())
    }

    #[test]
    fn links_are_links_and_relative_ones_absolute() {
        assert_eq!(
            r("详情参考：[获取投递列表](/ssl:ttdoc/x/y) 与 [技术支持](https://applink.feishu.cn/T)"),
            ["详情参考：[获取投递列表](https://open.feishu.cn/document/x/y) 与 [技术支持](https://applink.feishu.cn/T)"]
        );
        assert_eq!(
            r("[a](/document/p#h) [b]((https://x.cn/c)) [c](<https://x.cn/d>)"),
            ["[a](https://open.feishu.cn/document/p#h) [b](https://x.cn/c) [c](https://x.cn/d)"]
        );
    }

    #[test]
    fn links_cut_or_broken_by_the_page_stay_links() {
        assert_eq!(
            r("参考[照片\n\n](https://x.cn/d)。"),
            ["参考[照片](https://x.cn/d)。"]
        );
        assert_eq!(r("参考[a](https://x.cn/p#t"), ["参考[a](https://x.cn/p#t)"]);
        assert_eq!(r("[a\n```\n](u)"), ["\\[a", "", "```text", "](u)", "```"]);
    }

    #[test]
    fn a_known_page_becomes_an_intra_doc_link_with_its_url() {
        let got = render(
            "调用[发送消息](/ssl:ttdoc/a/reference/im-v1/message/create)接口",
            &one,
        );
        assert_eq!(
            got,
            ["调用[发送消息](crate::im::v1::message::CreateMessageRequest) ([doc](https://open.feishu.cn/document/a/reference/im-v1/message/create))接口"]
        );
    }

    #[test]
    fn targets_that_are_no_web_address_stay_text() {
        assert_eq!(r("see [q](query.md)"), ["see q (`query.md`)"]);
        assert_eq!(
            r("[x](javascript:alert(1)) [y](crate::evil)"),
            ["x (`javascript:alert(1)`) y (`crate::evil`)"]
        );
        assert_eq!(r("[x]() [y] (z) [^1]"), ["x \\[y\\] (z) \\[^1\\]"]);
    }

    #[test]
    fn link_text_and_urls_cannot_break_out() {
        // Nested brackets, a URL as link text, markup inside the text.
        assert_eq!(
            r("[a [b] <c>](https://x.cn/p)"),
            ["[a \\[b\\] &lt;c&gt;](https://x.cn/p)"]
        );
        assert_eq!(
            r("[https://x.cn/p](https://x.cn/p)"),
            ["[https://x.cn/p](https://x.cn/p)"]
        );
        // Parentheses, quotes and pipes in a URL are encoded, balanced ones kept in the link.
        assert_eq!(
            r("[a](https://x.cn/f(1)|\"b\")"),
            ["[a](https://x.cn/f%281%29%7C%22b%22)"]
        );
        assert_eq!(
            r("![img](https://x.cn/i.png)"),
            ["\\![img](https://x.cn/i.png)"]
        );
    }

    #[test]
    fn bare_urls_html_and_markup_are_escaped() {
        assert_eq!(
            r("see https://a.b/c?d=1。 <br> a|b \\ &lt; # x"),
            ["see <https://a.b/c?d=1>。 &lt;br&gt; a\\|b \\\\ &amp;lt; # x"]
        );
        assert_eq!(
            r("keep `a[0] <b>` and **bold**"),
            ["keep `a[0] <b>` and **bold**"]
        );
        assert_eq!(r("odd ` tick [x]"), ["odd \\` tick \\[x\\]"]);
        assert_eq!(r("https:// only"), ["https:// only"]);
        // Code spans as CommonMark pairs them: runs of equal length; others literal.
        assert_eq!(r("``a`b`` `x"), ["``a`b`` \\`x"]);
        assert_eq!(r("`` [x](crate::y) `"), ["\\`\\` x (`crate::y`) \\`"]);
    }

    #[test]
    fn line_starts_are_not_structure() {
        assert_eq!(r("# not a heading"), ["\\# not a heading"]);
        assert_eq!(r("2024. year"), ["2024\\. year"]);
        assert_eq!(r("---"), ["\\---"]);
        assert_eq!(r("> not a quote"), ["&gt; not a quote"]);
        assert_eq!(r("    indented"), ["indented"]);
    }

    #[test]
    fn each_line_is_a_paragraph_and_lists_stay_lists() {
        assert_eq!(
            r("intro\n- a\n- b\nafter\n\n\nend"),
            ["intro", "", "- a", "- b", "", "after", "", "end"]
        );
        assert_eq!(
            r("1. one\n2) two\n• three"),
            ["1. one", "2. two", "- three"]
        );
    }

    #[test]
    fn lists_written_on_one_line_are_split() {
        assert_eq!(
            r("ID 获取方式：    - 调用`a - b`接口。 - 监听[x - y](https://x.cn)事件。 - 调用"),
            [
                "ID 获取方式：",
                "",
                "- 调用`a - b`接口。",
                "- 监听[x - y](https://x.cn)事件。",
                "- 调用"
            ]
        );
        // Not after a lead: a range or a dash in prose stays.
        assert_eq!(r("范围 0 - 100 之间"), ["范围 0 - 100 之间"]);
        assert_eq!(r("可选值： 1. 是 2. 否"), ["可选值：", "", "1. 是 2. 否"]);
    }

    #[test]
    fn a_note_is_a_block_quote() {
        assert_eq!(
            r("结束会议。\n\n⚠️\n会议正在进行中\n第二行\n\nafter"),
            [
                "结束会议。",
                "",
                "> ⚠️",
                ">",
                "> 会议正在进行中",
                ">",
                "> 第二行",
                "",
                "after"
            ]
        );
    }

    #[test]
    fn fences_become_text_blocks() {
        let got = r("x\n```json\n{\"a\": [1]}\n```\ny\n```\nunclosed");
        assert_eq!(
            got,
            [
                "x",
                "",
                "```text",
                "{\"a\": [1]}",
                "```",
                "",
                "y",
                "",
                "```text",
                "unclosed",
                "```"
            ]
        );
    }
}
