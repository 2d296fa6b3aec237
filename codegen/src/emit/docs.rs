//! Doc text → rustdoc-safe `#[doc = "..."]` attributes.
//!
//! Doc text only ever reaches the output as string-literal tokens. It is made safe for
//! rustdoc and clippy where that is cheap: no indented code blocks (which would become
//! doctests), fenced blocks marked `text`, brackets and angle brackets escaped outside code
//! spans (no accidental intra-doc links or HTML), bare URLs wrapped in `<...>`, and a blank
//! line after list items so continuation lines are never lazy.

use proc_macro2::TokenStream;
use quote::quote;

/// Paragraphs of documentation, rendered as one `#[doc]` attribute per line.
#[derive(Debug, Clone, Default)]
pub struct Docs {
    lines: Vec<String>,
}

impl Docs {
    pub fn new() -> Self {
        Docs::default()
    }

    /// Appends a paragraph of doc text (sanitised); empty text is skipped.
    pub fn para(&mut self, text: &str) -> &mut Self {
        let lines = sanitize_doc(text);
        if lines.is_empty() {
            return self;
        }
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines.extend(lines);
        self
    }

    /// Appends a paragraph that was built by the emitter and is already rustdoc-safe
    /// (e.g. contains deliberate code spans).
    pub fn raw_para(&mut self, text: &str) -> &mut Self {
        if text.trim().is_empty() {
            return self;
        }
        if !self.lines.is_empty() {
            self.lines.push(String::new());
        }
        self.lines
            .extend(text.lines().map(|l| l.trim().replace('\t', " ")));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The `#[doc = " line"]` attributes.
    pub fn to_tokens(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for line in &self.lines {
            // rustc rejects bidirectional-override characters in doc comments
            // (`text_direction_codepoint_in_comment`); they only hide text anyway.
            let line: String = line.chars().filter(|c| !is_bidi_control(*c)).collect();
            let text = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            let lit = doc_literal(&text);
            out.extend(quote! { #[doc = #lit] });
        }
        out
    }
}

/// Doc attributes for one piece of text.
pub fn doc_attrs(text: &str) -> TokenStream {
    let mut d = Docs::new();
    d.para(text);
    d.to_tokens()
}

/// A string literal token for doc text. `Literal::string` escapes with `char::escape_debug`,
/// whose printability check per character is a measurable part of generating the whole
/// surface (megabytes of CJK doc text); doc text only needs quotes, backslashes and control
/// characters escaped.
fn doc_literal(text: &str) -> proc_macro2::Literal {
    let mut src = String::with_capacity(text.len() + 2);
    src.push('"');
    for c in text.chars() {
        match c {
            '"' => src.push_str("\\\""),
            '\\' => src.push_str("\\\\"),
            c if c.is_control() => src.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => src.push(c),
        }
    }
    src.push('"');
    src.parse()
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

/// Characters that change the visible direction of text.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
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

fn is_list_item(line: &str) -> bool {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return true;
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && {
        let rest = line.get(digits..).unwrap_or("");
        rest.starts_with(". ") || rest.starts_with(") ")
    }
}

/// Sanitises doc text into rustdoc-safe lines (no leading/trailing blank lines).
pub fn sanitize_doc(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace(['\r', '\t'], " ");
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut in_list = false;
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            if in_fence {
                out.push("```".to_owned());
                in_fence = false;
            } else {
                if in_list {
                    out.push(String::new());
                    in_list = false;
                }
                out.push("```text".to_owned());
                in_fence = true;
            }
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_owned());
            continue;
        }
        if line.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            in_list = false;
            continue;
        }
        if is_list_item(line) {
            in_list = true;
        } else if in_list {
            out.push(String::new());
            in_list = false;
        }
        out.push(escape_line(line));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out
}

/// Escapes one line outside code spans.
fn escape_line(line: &str) -> String {
    let ticks = line.matches('`').count();
    // An unmatched final backtick is literal.
    let last_tick = if ticks % 2 == 1 {
        line.rfind('`')
    } else {
        None
    };
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    let mut pos = 0usize;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        if c == '`' {
            if Some(pos) == last_tick {
                out.push_str("\\`");
            } else {
                in_code = !in_code;
                out.push('`');
            }
        } else if in_code {
            out.push(c);
        } else if rest.starts_with("https://") || rest.starts_with("http://") {
            let end = rest
                .find(|c: char| {
                    c.is_whitespace()
                        || matches!(
                            c,
                            ')' | '(' | '<' | '>' | '"' | '`' | '，' | '。' | '）' | '、' | '；'
                        )
                })
                .unwrap_or(rest.len());
            let url = rest.get(..end).unwrap_or(rest);
            let url = url.trim_end_matches(['.', ',', ';', ':', ']', '[']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            let n = url.len();
            pos += n;
            rest = rest.get(n..).unwrap_or("");
            continue;
        } else {
            match c {
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\\' => out.push_str("\\\\"),
                '|' => out.push_str("\\|"),
                _ => out.push(c),
            }
        }
        pos += len;
        rest = rest.get(len..).unwrap_or("");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_links_html_and_urls() {
        assert_eq!(
            sanitize_doc("详情参考：[获取投递列表](/ssl:ttdoc/x) <br> see https://a.b/c?d=1。"),
            ["详情参考：\\[获取投递列表\\](/ssl:ttdoc/x) &lt;br&gt; see <https://a.b/c?d=1>。"]
        );
        assert_eq!(
            sanitize_doc("[技术支持](https://applink.feishu.cn/TLJpeNdW)"),
            ["\\[技术支持\\](<https://applink.feishu.cn/TLJpeNdW>)"]
        );
        assert_eq!(
            sanitize_doc("keep `a[0] <b>` code"),
            ["keep `a[0] <b>` code"]
        );
        assert_eq!(sanitize_doc("odd ` tick [x]"), ["odd \\` tick \\[x\\]"]);
    }

    #[test]
    fn no_indented_code_or_lazy_continuations() {
        let got = sanitize_doc("  intro\n\n      indented\n- a\nlazy\n\n\n\nend\n");
        assert_eq!(got, ["intro", "", "indented", "- a", "", "lazy", "", "end"]);
    }

    #[test]
    fn fences_become_text_blocks() {
        let got = sanitize_doc("x\n```json\n{\"a\": [1]}\n```\ny\n```\nunclosed");
        assert_eq!(
            got,
            [
                "x",
                "```text",
                "{\"a\": [1]}",
                "```",
                "y",
                "```text",
                "unclosed",
                "```"
            ]
        );
    }

    #[test]
    fn code_spans() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("a\nb"), "`a b`");
    }

    #[test]
    fn attrs_are_literals() {
        let mut d = Docs::new();
        d.para("Title \"quoted\"").para("").para("second");
        let s = d.to_tokens().to_string();
        assert_eq!(
            s,
            r#"# [doc = " Title \"quoted\""] # [doc = ""] # [doc = " second"]"#
        );
    }
}
