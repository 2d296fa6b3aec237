//! What rustdoc would make of a generated doc comment, read with pulldown-cmark and
//! rustdoc's Markdown options: whatever doc text could turn into beyond text, links,
//! lists, emphasis, code spans and `text` blocks is a problem.

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// The doc comments of a formatted file: each run of `///` lines, without the markers.
pub fn doc_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match line.trim_start().strip_prefix("///") {
            Some(doc) => {
                let doc = doc.strip_prefix(' ').unwrap_or(doc);
                let block = current.get_or_insert_with(String::new);
                block.push_str(doc);
                block.push('\n');
            }
            None => out.extend(current.take()),
        }
    }
    out.extend(current);
    out
}

/// The problems rustdoc would have with, or the structure doc text would take in, one doc
/// comment: HTML, images, headings, tables, footnotes, code blocks other than `text`
/// fences, links to anything but a web page or a `crate::` path, bare URLs, and `[x]`
/// references rustdoc would try to resolve (other than the emitter's own ``[`Name`]``).
pub fn problems(doc: &str) -> Vec<String> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut out = Vec::new();
    let mut broken = Vec::new();
    let mut callback = |link: BrokenLink<'_>| {
        let r = link.reference.to_string();
        let ident = r
            .strip_prefix('`')
            .and_then(|r| r.strip_suffix('`'))
            .is_some_and(|r| {
                !r.is_empty()
                    && r.chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
            });
        if !ident {
            broken.push(format!("reference `[{r}]`"));
        }
        Some((CowStr::from("crate"), CowStr::from("")))
    };
    let mut in_link = 0usize;
    let mut in_code = 0usize;
    for event in Parser::new_with_broken_link_callback(doc, opts, Some(&mut callback)) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => out.push(format!("HTML `{h}`")),
            Event::FootnoteReference(f) => out.push(format!("footnote `{f}`")),
            Event::Start(Tag::Image { dest_url, .. }) => out.push(format!("image `{dest_url}`")),
            Event::Start(Tag::Heading { .. }) => out.push("heading".to_owned()),
            Event::Start(Tag::Table(_)) => out.push("table".to_owned()),
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code += 1;
                match kind {
                    CodeBlockKind::Fenced(lang) if &*lang == "text" => {}
                    other => out.push(format!("code block {other:?}")),
                }
            }
            Event::End(TagEnd::CodeBlock) => in_code -= 1,
            Event::Start(Tag::Link { dest_url, .. }) => {
                in_link += 1;
                let web = dest_url.starts_with("https://") || dest_url.starts_with("http://");
                if !web && !dest_url.starts_with("crate") {
                    out.push(format!("link to `{dest_url}`"));
                }
            }
            Event::End(TagEnd::Link) => in_link -= 1,
            Event::Text(t) if in_link == 0 && in_code == 0 => {
                // As rustdoc's `bare_urls`: a scheme followed by a host.
                let bare = t.match_indices("://").any(|(at, _)| {
                    let scheme = t
                        .get(..at)
                        .is_some_and(|b| b.ends_with("http") || b.ends_with("https"));
                    let host = t.get(at + 3..).and_then(|r| r.chars().next());
                    scheme && host.is_some_and(|c| c.is_alphanumeric())
                });
                if bare {
                    out.push(format!("bare URL in `{t}`"));
                }
            }
            _ => {}
        }
    }
    out.extend(broken);
    out
}
