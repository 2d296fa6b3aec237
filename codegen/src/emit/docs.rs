//! Doc text → rustdoc-safe `#[doc = "..."]` attributes.
//!
//! Doc text only ever reaches the output as string-literal tokens, rendered as rustdoc
//! Markdown by `doctext` (links, lists and paragraphs kept, everything else escaped).

pub use super::doctext::{code_span, is_bidi_control, is_code_list};
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

/// Renders doc text into rustdoc-safe lines (no leading/trailing blank lines), links to
/// other pages resolved in the scope of the module being emitted (see `links`).
pub fn sanitize_doc(text: &str) -> Vec<String> {
    super::doctext::render(text, &super::links::resolve)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_is_rendered_safe() {
        assert_eq!(
            sanitize_doc("参考：[列表](/ssl:ttdoc/x) <br> `a[0]`\n- b"),
            [
                "参考：[列表](https://open.feishu.cn/document/x) &lt;br&gt; `a[0]`",
                "",
                "- b"
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
