//! The element tree of one `:::html` block, in an arena: node kinds, structural groups of
//! element names, and which names are tags at all.

use super::super::blocks::Pos;
use std::borrow::Cow;

// ---------------------------------------------------------------------------------------------
// Tree

#[derive(Debug)]
pub(super) enum Kind {
    Root,
    Element {
        name: Name,
        attrs: Vec<(String, String)>,
        /// Raw content of raw-text elements (`<md-code-*>`, `<style>`, `<script>`).
        raw: Option<(usize, usize)>,
    },
    Text {
        start: usize,
        end: usize,
    },
}

#[derive(Debug)]
pub(super) struct Node {
    pub(super) kind: Kind,
    pub(super) first_child: Option<usize>,
    pub(super) last_child: Option<usize>,
    pub(super) next_sibling: Option<usize>,
    pub(super) parent: usize,
    /// Position of the start tag, or of a text node's first non-blank character.
    pub(super) pos: Pos,
    /// Whether a block-level construct (table, code, alert) is inside.
    pub(super) has_block: bool,
}

pub(super) struct Tree<'a> {
    pub(super) src: &'a str,
    pub(super) nodes: Vec<Node>,
}

impl Tree<'_> {
    pub(super) fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }

    pub(super) fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let first = self.nodes.get(i).and_then(|n| n.first_child);
        std::iter::successors(first, |&c| self.nodes.get(c).and_then(|n| n.next_sibling))
    }

    pub(super) fn name(&self, i: usize) -> &str {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(Kind::Element { name, .. }) => name,
            _ => "",
        }
    }

    pub(super) fn attr(&self, i: usize, key: &str) -> Option<&str> {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(Kind::Element { attrs, .. }) => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    pub(super) fn text(&self, i: usize) -> Option<&str> {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(Kind::Text { start, end }) => self.src.get(*start..*end),
            _ => None,
        }
    }
}

/// What an element is, structurally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Group {
    Table,
    Section,
    Row,
    Cell,
    Other,
}

pub(super) fn group(name: &str) -> Group {
    match name {
        "md-table" | "md-dt-table" | "table" => Group::Table,
        "md-thead" | "md-tbody" | "md-dt-thead" | "md-dt-tbody" | "thead" | "tbody" | "tfoot" => {
            Group::Section
        }
        "md-tr" | "md-dt-tr" | "tr" => Group::Row,
        "md-td" | "md-th" | "md-dt-td" | "md-dt-th" | "td" | "th" => Group::Cell,
        _ => Group::Other,
    }
}

pub(super) fn is_header_cell(name: &str) -> bool {
    matches!(name, "md-th" | "md-dt-th" | "th")
}

pub(super) fn is_thead(name: &str) -> bool {
    matches!(name, "md-thead" | "md-dt-thead" | "thead")
}

pub(super) fn is_code(name: &str) -> bool {
    name.starts_with("md-code-") || name == "md-code"
}

/// Elements that become blocks of their own when they appear at the top level.
pub(super) fn is_block_element(name: &str) -> bool {
    group(name) == Group::Table || is_code(name) || name == "md-alert"
}

pub(super) const KNOWN_MD: &[&str] = &[
    "md-table",
    "md-thead",
    "md-tbody",
    "md-tr",
    "md-th",
    "md-td",
    "md-dt-table",
    "md-dt-thead",
    "md-dt-tbody",
    "md-dt-tr",
    "md-dt-th",
    "md-dt-td",
    "md-text",
    "md-perm",
    "md-app-support",
    "md-tag",
    "md-tooltip",
    "md-enum",
    "md-enum-item",
    "md-alert",
];

/// Real HTML element names treated as tags. Anything else (`<string>`, `<sheetId>`, `<at>`)
/// is text: type names and placeholders are written with angle brackets all over the docs.
pub(super) const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "circle",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "meta",
    "ol",
    "p",
    "path",
    "pre",
    "s",
    "script",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "wbr",
];

pub(super) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img" | "hr" | "wbr" | "col" | "meta" | "input" | "link" | "source"
    )
}

pub(super) fn is_raw_text(name: &str) -> bool {
    is_code(name) || name == "style" || name == "script"
}

/// An element name, lower-cased; known names are not allocated.
pub(super) type Name = Cow<'static, str>;

pub(super) fn intern(raw: &str) -> Name {
    let lower;
    let name = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = raw.to_ascii_lowercase();
        lower.as_str()
    } else {
        raw
    };
    if let Some(k) = KNOWN_MD.iter().find(|k| **k == name) {
        return Cow::Borrowed(k);
    }
    if let Ok(k) = HTML_ELEMENTS.binary_search(&name) {
        if let Some(k) = HTML_ELEMENTS.get(k) {
            return Cow::Borrowed(k);
        }
    }
    Cow::Owned(name.to_string())
}

pub(super) fn is_tag_name(name: &str) -> bool {
    if let Some(rest) = name.strip_prefix("md-") {
        !rest.is_empty()
    } else {
        HTML_ELEMENTS.binary_search(&name).is_ok()
    }
}
