//! Feishu's own doc source: `:::html` blocks (`<md-table>`, `<md-dt-table>`, `<md-code-json>`,
//! `<md-alert>`, ...) read into the shared block model.
//!
//! A small hand-rolled, forgiving reader in three steps, all linear in the input:
//! 1. a tokenizer (tags with attributes, text, comments) that builds a tree in an arena,
//!    closing what the author forgot to close and ignoring what cannot be matched;
//! 2. a walk over the top-level nodes that turns tables into [`Block::Table`], `<md-code-*>`
//!    into [`Block::Code`], alerts and any other content into [`Block::Text`];
//! 3. a renderer that turns cell content into doc text (`<br>` → `\n`, `<md-perm>` →
//!    `` `scope` name``, `<md-enum>` → `- `key`: text` lines, ...).
//!
//! Only `md-*` elements and a fixed list of real HTML element names are tags; anything else
//! that looks like one (`map<string, string>`, `` `<sheetId>` ``, `<at id=…></at>`) stays
//! text, and so does everything inside a Markdown code span. Positions are 1-based lines and
//! 1-based columns counted in characters; the first content line starts at `base.col`.
//! Problems become diagnostics: a warning when the input was odd but nothing was lost, or
//! when something was dropped; an error when a limit cut content off.

use super::blocks::{limits, Block, Cell, Pos, Row, Table};
use crate::ir::Diagnostic;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Maximum element nesting inside one `:::html` block; deeper start tags are ignored.
const MAX_NESTING: usize = 100;
/// Maximum diagnostics one block reports; the rest are summarised in one line.
const MAX_DIAGNOSTICS: usize = 50;
/// How far a code span's closing backticks are looked for (bytes, same line only).
const MAX_CODE_SPAN: usize = 4096;

/// Reads the content of one `:::html` block (the lines between `:::html` and `:::`).
/// `base` is the position of the block's first content line.
pub fn read_html_block(src: &str, base: Pos, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut ctx = Ctx {
        diags,
        reported: 0,
        suppressed: 0,
    };
    let tree = build_tree(src, base, &mut ctx);
    let mut blocks = Vec::new();
    let mut walker = Walker {
        tree: &tree,
        ctx: &mut ctx,
    };
    walker.blocks_from(0, &mut blocks);
    if ctx.suppressed > 0 {
        let n = ctx.suppressed;
        ctx.diags.push(Diagnostic::warning(
            base.line,
            base.col,
            format!("html: {n} further diagnostics in this :::html block were not reported"),
        ));
    }
    blocks
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

struct Ctx<'d> {
    diags: &'d mut Vec<Diagnostic>,
    reported: usize,
    suppressed: usize,
}

impl Ctx<'_> {
    fn warn(&mut self, pos: Pos, msg: impl Into<String>) {
        self.push(Diagnostic::warning(pos.line, pos.col, msg));
    }

    fn error(&mut self, pos: Pos, msg: impl Into<String>) {
        self.push(Diagnostic::error(pos.line, pos.col, msg));
    }

    fn push(&mut self, mut d: Diagnostic) {
        if self.reported >= MAX_DIAGNOSTICS {
            self.suppressed += 1;
            return;
        }
        self.reported += 1;
        d.message = format!("html: {}", d.message);
        self.diags.push(d);
    }
}

// ---------------------------------------------------------------------------------------------
// Positions

/// Maps byte offsets to positions. Queries are expected in increasing order (they are, since
/// the tree is built front to back), which keeps the whole mapping linear.
struct PosMap<'a> {
    src: &'a str,
    base: Pos,
    off: usize,
    line: u32,
    col: u32,
}

impl<'a> PosMap<'a> {
    fn new(src: &'a str, base: Pos) -> Self {
        let base = Pos::new(base.line.max(1), base.col.max(1));
        PosMap {
            src,
            base,
            off: 0,
            line: base.line,
            col: base.col,
        }
    }

    fn at(&mut self, target: usize) -> Pos {
        let mut target = target.min(self.src.len());
        while target > 0 && !self.src.is_char_boundary(target) {
            target -= 1;
        }
        if target < self.off {
            self.off = 0;
            self.line = self.base.line;
            self.col = self.base.col;
        }
        if let Some(seg) = self.src.as_bytes().get(self.off..target) {
            // Characters are counted as bytes that do not continue a UTF-8 sequence.
            let chars = |b: &[u8]| b.iter().filter(|&&x| (x as i8) >= -0x40).count();
            let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            match seg.iter().rposition(|&b| b == b'\n') {
                Some(k) => {
                    let newlines = seg.iter().filter(|&&b| b == b'\n').count();
                    self.line = self.line.saturating_add(to_u32(newlines));
                    let rest = seg.get(k + 1..).unwrap_or(&[]);
                    self.col = to_u32(chars(rest)).saturating_add(1);
                }
                None => self.col = self.col.saturating_add(to_u32(chars(seg))),
            }
            self.off = target;
        }
        Pos::new(self.line, self.col)
    }
}

// ---------------------------------------------------------------------------------------------
// Tree

#[derive(Debug)]
enum Kind {
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
struct Node {
    kind: Kind,
    first_child: Option<usize>,
    last_child: Option<usize>,
    next_sibling: Option<usize>,
    parent: usize,
    /// Position of the start tag, or of a text node's first non-blank character.
    pos: Pos,
    /// Whether a block-level construct (table, code, alert) is inside.
    has_block: bool,
}

struct Tree<'a> {
    src: &'a str,
    nodes: Vec<Node>,
}

impl Tree<'_> {
    fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }

    fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let first = self.nodes.get(i).and_then(|n| n.first_child);
        std::iter::successors(first, |&c| self.nodes.get(c).and_then(|n| n.next_sibling))
    }

    fn name(&self, i: usize) -> &str {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(Kind::Element { name, .. }) => name,
            _ => "",
        }
    }

    fn attr(&self, i: usize, key: &str) -> Option<&str> {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(Kind::Element { attrs, .. }) => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    fn text(&self, i: usize) -> Option<&str> {
        match self.nodes.get(i).map(|n| &n.kind) {
            Some(Kind::Text { start, end }) => self.src.get(*start..*end),
            _ => None,
        }
    }
}

/// What an element is, structurally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Table,
    Section,
    Row,
    Cell,
    Other,
}

fn group(name: &str) -> Group {
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

fn is_header_cell(name: &str) -> bool {
    matches!(name, "md-th" | "md-dt-th" | "th")
}

fn is_thead(name: &str) -> bool {
    matches!(name, "md-thead" | "md-dt-thead" | "thead")
}

fn is_code(name: &str) -> bool {
    name.starts_with("md-code-") || name == "md-code"
}

/// Elements that become blocks of their own when they appear at the top level.
fn is_block_element(name: &str) -> bool {
    group(name) == Group::Table || is_code(name) || name == "md-alert"
}

const KNOWN_MD: &[&str] = &[
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
const HTML_ELEMENTS: &[&str] = &[
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

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "img" | "hr" | "wbr" | "col" | "meta" | "input" | "link" | "source"
    )
}

fn is_raw_text(name: &str) -> bool {
    is_code(name) || name == "style" || name == "script"
}

/// An element name, lower-cased; known names are not allocated.
type Name = Cow<'static, str>;

fn intern(raw: &str) -> Name {
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

fn is_tag_name(name: &str) -> bool {
    if let Some(rest) = name.strip_prefix("md-") {
        !rest.is_empty()
    } else {
        HTML_ELEMENTS.binary_search(&name).is_ok()
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer + tree builder

struct StartTag {
    name: Name,
    attrs: Vec<(String, String)>,
    self_closing: bool,
    /// Offset just after the closing `>`.
    end: usize,
    /// The tag had malformed attributes (stray quotes, unclosed quote, ...).
    malformed: bool,
}

enum TagScan {
    Start(StartTag),
    End {
        name: Name,
        end: usize,
    },
    /// Not a tag: the `<` is text.
    NotTag,
    /// Looked like a known tag but never closed (`<md-td` then `<` or end of input).
    Unterminated(String),
}

struct Builder<'a, 'c, 'd> {
    src: &'a str,
    bytes: &'a [u8],
    nodes: Vec<Node>,
    stack: Vec<usize>,
    pm: PosMap<'a>,
    ctx: &'c mut Ctx<'d>,
    unknown_md: BTreeMap<String, Pos>,
    depth_reported: bool,
    /// No `"` (resp. `'`) before the end of the line at this offset: keeps failed
    /// quote searches from rescanning the same line.
    no_dquote_until: usize,
    no_squote_until: usize,
}

fn build_tree<'a>(src: &'a str, base: Pos, ctx: &mut Ctx<'_>) -> Tree<'a> {
    let root = Node {
        kind: Kind::Root,
        first_child: None,
        last_child: None,
        next_sibling: None,
        parent: 0,
        pos: base,
        has_block: false,
    };
    let mut b = Builder {
        src,
        bytes: src.as_bytes(),
        nodes: {
            // Roughly one element and one text node per `<`: sized once, no regrowth copies.
            let tags = src.bytes().filter(|&b| b == b'<').count();
            let mut v = Vec::with_capacity(tags.saturating_mul(2).saturating_add(1));
            v.push(root);
            v
        },
        stack: vec![0],
        pm: PosMap::new(src, base),
        ctx,
        unknown_md: BTreeMap::new(),
        depth_reported: false,
        no_dquote_until: 0,
        no_squote_until: 0,
    };
    b.run();
    // Unclosed elements at the end of the block.
    let mut unclosed: BTreeMap<String, Pos> = BTreeMap::new();
    for &i in b.stack.iter().skip(1) {
        if let Some(n) = b.nodes.get(i) {
            if let Kind::Element { name, .. } = &n.kind {
                if name.starts_with("md-") {
                    unclosed.entry(name.to_string()).or_insert(n.pos);
                }
            }
        }
    }
    for (name, pos) in unclosed {
        b.ctx.warn(
            pos,
            format!("<{name}> is never closed; closed at the end of the block"),
        );
    }
    for (name, pos) in std::mem::take(&mut b.unknown_md) {
        b.ctx.warn(
            pos,
            format!("unknown element <{name}>: its text is kept, the element is not understood"),
        );
    }
    // Propagate `has_block` bottom-up (children always come after their parent).
    let mut nodes = b.nodes;
    for i in (1..nodes.len()).rev() {
        let (parent, mark) = match nodes.get(i) {
            Some(n) => {
                let own = matches!(&n.kind, Kind::Element { name, .. } if is_block_element(name));
                (n.parent, own || n.has_block)
            }
            None => continue,
        };
        if mark {
            if let Some(p) = nodes.get_mut(parent) {
                p.has_block = true;
            }
        }
    }
    Tree { src, nodes }
}

impl Builder<'_, '_, '_> {
    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    fn top(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }

    fn add_node(&mut self, kind: Kind, pos: Pos) -> usize {
        let parent = self.top();
        let idx = self.nodes.len();
        self.nodes.push(Node {
            kind,
            first_child: None,
            last_child: None,
            next_sibling: None,
            parent,
            pos,
            has_block: false,
        });
        let prev = self.nodes.get_mut(parent).and_then(|p| {
            p.first_child.get_or_insert(idx);
            p.last_child.replace(idx)
        });
        if let Some(prev) = prev.and_then(|k| self.nodes.get_mut(k)) {
            prev.next_sibling = Some(idx);
        }
        idx
    }

    fn add_text(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let slice = self.src.get(start..end).unwrap_or("");
        let lead = slice.len() - slice.trim_start().len();
        let pos = self.pm.at(start + lead);
        // Merge with a preceding text node (a `<` that was not a tag splits text).
        let top = self.top();
        let last = self.nodes.get(top).and_then(|n| n.last_child);
        if let Some(last) = last {
            let src = self.src;
            if let Some(node) = self.nodes.get_mut(last) {
                if let Kind::Text { start: s0, end: e } = &mut node.kind {
                    if *e == start {
                        *e = end;
                        // Keep the earlier position unless the earlier text was all blank.
                        if src.get(*s0..start).is_none_or(|t| t.trim().is_empty()) {
                            node.pos = pos;
                        }
                        return;
                    }
                }
            }
        }
        self.add_node(Kind::Text { start, end }, pos);
    }

    fn run(&mut self) {
        let len = self.bytes.len();
        let mut i = 0;
        let mut text_start = 0;
        while i < len {
            match self.byte(i) {
                Some(b'`') => {
                    i = self.skip_code_span(i);
                }
                Some(b'<') => {
                    if self.bytes.get(i + 1..i + 4) == Some(b"!--".as_slice()) {
                        self.add_text(text_start, i);
                        i = self.skip_comment(i);
                        text_start = i;
                        continue;
                    }
                    if matches!(self.byte(i + 1), Some(b'!') | Some(b'?')) {
                        // <!DOCTYPE ...> or <?xml ...?>: dropped.
                        if let Some(end) = self.find_gt_before_lt(i + 2) {
                            self.add_text(text_start, i);
                            i = end;
                            text_start = i;
                            continue;
                        }
                        i += 1;
                        continue;
                    }
                    match self.scan_tag(i) {
                        TagScan::NotTag => i += 1,
                        TagScan::Unterminated(name) => {
                            let pos = self.pm.at(i);
                            self.ctx
                                .warn(pos, format!("unterminated tag <{name}: kept as text"));
                            i += 1;
                        }
                        TagScan::End { name, end } => {
                            self.add_text(text_start, i);
                            let pos = self.pm.at(i);
                            self.end_tag(&name, pos);
                            i = end;
                            text_start = i;
                        }
                        TagScan::Start(tag) => {
                            self.add_text(text_start, i);
                            let pos = self.pm.at(i);
                            i = self.start_tag(tag, pos);
                            text_start = i;
                        }
                    }
                }
                Some(_) => {
                    // Jump to the next byte that can start a tag or a code span.
                    i = self
                        .bytes
                        .get(i..)
                        .and_then(|rest| rest.iter().position(|&b| b == b'<' || b == b'`'))
                        .map_or(len, |k| i + k);
                }
                None => break,
            }
        }
        self.add_text(text_start, len);
    }

    /// `i` is at a backtick run. Returns the offset after the code span, or after the run when
    /// the run is not closed on the same line (within [`MAX_CODE_SPAN`] bytes).
    fn skip_code_span(&self, i: usize) -> usize {
        let run = self.run_len(i, b'`');
        let after = i + run;
        let limit = (after + MAX_CODE_SPAN).min(self.bytes.len());
        let mut j = after;
        while j < limit {
            match self.byte(j) {
                Some(b'\n') | None => break,
                Some(b'`') => {
                    let r = self.run_len(j, b'`');
                    if r == run {
                        return j + r;
                    }
                    j += r;
                }
                Some(_) => j += 1,
            }
        }
        after
    }

    fn run_len(&self, i: usize, c: u8) -> usize {
        self.bytes
            .get(i..)
            .map(|s| s.iter().take_while(|&&b| b == c).count())
            .unwrap_or(0)
    }

    fn skip_comment(&mut self, i: usize) -> usize {
        let from = i + 4;
        match self
            .bytes
            .get(from..)
            .and_then(|s| s.windows(3).position(|w| w == b"-->"))
        {
            Some(p) => from + p + 3,
            None => {
                let pos = self.pm.at(i);
                self.ctx.warn(
                    pos,
                    "unclosed comment <!-- : the rest of the block was dropped",
                );
                self.bytes.len()
            }
        }
    }

    fn find_gt_before_lt(&self, from: usize) -> Option<usize> {
        let s = self.bytes.get(from..)?;
        for (k, &b) in s.iter().enumerate() {
            match b {
                b'>' => return Some(from + k + 1),
                b'<' => return None,
                _ => {}
            }
        }
        None
    }

    fn read_name(&self, mut j: usize) -> (Name, usize) {
        let start = j;
        if !self.byte(j).is_some_and(|b| b.is_ascii_alphabetic()) {
            return (Name::Borrowed(""), j);
        }
        while self
            .byte(j)
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':')
        {
            j += 1;
        }
        (intern(self.src.get(start..j).unwrap_or("")), j)
    }

    fn skip_ws(&self, mut j: usize) -> usize {
        while self.byte(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        j
    }

    fn scan_tag(&mut self, i: usize) -> TagScan {
        if self.byte(i + 1) == Some(b'/') {
            let (name, j) = self.read_name(i + 2);
            if name.is_empty() || !is_tag_name(&name) {
                return TagScan::NotTag;
            }
            return match self.find_gt_before_lt(j) {
                Some(end) => TagScan::End { name, end },
                None => TagScan::Unterminated(format!("/{name}")),
            };
        }
        let (name, mut j) = self.read_name(i + 1);
        if name.is_empty() || !is_tag_name(&name) {
            return TagScan::NotTag;
        }
        match self.byte(j) {
            None => return TagScan::Unterminated(name.into_owned()),
            Some(b) if b.is_ascii_whitespace() || b == b'>' || b == b'/' => {}
            Some(_) => return TagScan::NotTag,
        }
        let mut attrs: Vec<(String, String)> = Vec::new();
        let mut malformed = false;
        loop {
            j = self.skip_ws(j);
            match self.byte(j) {
                None | Some(b'<') => return TagScan::Unterminated(name.into_owned()),
                Some(b'>') => {
                    return TagScan::Start(StartTag {
                        name,
                        attrs,
                        self_closing: false,
                        end: j + 1,
                        malformed,
                    })
                }
                Some(b'/') => {
                    if self.byte(j + 1) == Some(b'>') {
                        return TagScan::Start(StartTag {
                            name,
                            attrs,
                            self_closing: true,
                            end: j + 2,
                            malformed,
                        });
                    }
                    j += 1;
                }
                Some(b'"') | Some(b'\'') | Some(b'=') => {
                    malformed = true;
                    j += 1;
                }
                Some(_) => {
                    let start = j;
                    while self.byte(j).is_some_and(|b| {
                        !b.is_ascii_whitespace()
                            && !matches!(b, b'=' | b'>' | b'<' | b'"' | b'\'' | b'/')
                    }) {
                        j += 1;
                    }
                    let key = self.src.get(start..j).unwrap_or("").to_ascii_lowercase();
                    if j == start {
                        // A byte that cannot start a name (non-ASCII is fine above).
                        j += 1;
                        malformed = true;
                        continue;
                    }
                    let k = self.skip_ws(j);
                    if self.byte(k) != Some(b'=') {
                        attrs.push((key, String::new()));
                        continue;
                    }
                    j = self.skip_ws(k + 1);
                    let (value, next, bad) = self.attr_value(j);
                    malformed |= bad;
                    j = next;
                    attrs.push((key, value));
                }
            }
        }
    }

    /// Reads an attribute value at `j`. Returns (decoded value, next offset, malformed).
    fn attr_value(&mut self, j: usize) -> (String, usize, bool) {
        if let Some(q) = self.byte(j).filter(|&b| b == b'"' || b == b'\'') {
            let memo = if q == b'"' {
                self.no_dquote_until
            } else {
                self.no_squote_until
            };
            if j >= memo {
                let mut k = j + 1;
                let mut found = None;
                while let Some(b) = self.byte(k) {
                    if b == q {
                        found = Some(k);
                        break;
                    }
                    if b == b'\n' {
                        break;
                    }
                    k += 1;
                }
                if let Some(k) = found {
                    let raw = self.src.get(j + 1..k).unwrap_or("");
                    return (decode_entities(raw), k + 1, false);
                }
                if q == b'"' {
                    self.no_dquote_until = k;
                } else {
                    self.no_squote_until = k;
                }
            }
            // Unclosed quote: read it as an unquoted value.
            let (v, next, _) = self.unquoted_value(j + 1);
            return (v, next, true);
        }
        self.unquoted_value(j)
    }

    fn unquoted_value(&self, j: usize) -> (String, usize, bool) {
        let start = j;
        let mut k = j;
        while self
            .byte(k)
            .is_some_and(|b| !b.is_ascii_whitespace() && b != b'>' && b != b'<')
        {
            k += 1;
        }
        // `/>` ends a self-closing tag, not the value.
        if k > start && self.byte(k) == Some(b'>') && self.byte(k - 1) == Some(b'/') {
            k -= 1;
        }
        let raw = self.src.get(start..k).unwrap_or("");
        let bad = raw.contains(['"', '\'']);
        let cleaned: String = raw.chars().filter(|&c| c != '"' && c != '\'').collect();
        (decode_entities(&cleaned), k, bad)
    }

    /// Handles a start tag; returns the offset to continue from.
    fn start_tag(&mut self, tag: StartTag, pos: Pos) -> usize {
        let StartTag {
            name,
            attrs,
            self_closing,
            end,
            malformed,
        } = tag;
        if malformed {
            self.ctx.warn(
                pos,
                format!("malformed attributes in <{name}>: read as well as possible"),
            );
        }
        if name.starts_with("md-")
            && !KNOWN_MD.contains(&name.as_ref())
            && !is_code(&name)
            && !self.unknown_md.contains_key(name.as_ref())
        {
            self.unknown_md.insert(name.to_string(), pos);
        }
        if is_raw_text(&name) && !self_closing {
            let (content_end, resume) = self.find_raw_end(&name, end);
            if resume == self.bytes.len() && content_end == resume {
                self.ctx.warn(
                    pos,
                    format!("<{name}> is never closed: its content runs to the end of the block"),
                );
            }
            let kind = Kind::Element {
                name,
                attrs,
                raw: Some((end, content_end)),
            };
            self.add_node(kind, pos);
            return resume;
        }
        self.implicit_close(&name, pos);
        if self.stack.len() > MAX_NESTING {
            if !self.depth_reported {
                self.depth_reported = true;
                self.ctx.error(
                    pos,
                    format!(
                        "elements nested deeper than {MAX_NESTING} levels: deeper tags ignored, their text kept"
                    ),
                );
            }
            return end;
        }
        let void = is_void(&name) || self_closing;
        let idx = self.add_node(
            Kind::Element {
                name,
                attrs,
                raw: None,
            },
            pos,
        );
        if !void {
            self.stack.push(idx);
        }
        end
    }

    /// Finds `</name` (ASCII case-insensitive) from `from`; returns (content end, resume offset).
    fn find_raw_end(&self, name: &str, from: usize) -> (usize, usize) {
        let nb = name.as_bytes();
        let len = self.bytes.len();
        let mut k = from;
        while k < len {
            if self.byte(k) == Some(b'<') && self.byte(k + 1) == Some(b'/') {
                let cand = self.bytes.get(k + 2..k + 2 + nb.len());
                let after = self.byte(k + 2 + nb.len());
                if cand.is_some_and(|c| c.eq_ignore_ascii_case(nb))
                    && !after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    let resume = self
                        .find_gt_before_lt(k + 2 + nb.len())
                        .unwrap_or(k + 2 + nb.len());
                    return (k, resume);
                }
            }
            k += 1;
        }
        (len, len)
    }

    /// Closes an unclosed cell when a new cell starts in the same row, an unclosed row when
    /// a new row starts, an unclosed section when a new section starts.
    fn implicit_close(&mut self, name: &str, pos: Pos) {
        let g = group(name);
        let stops: &[Group] = match g {
            Group::Cell => &[Group::Row, Group::Section, Group::Table],
            Group::Row => &[Group::Section, Group::Table],
            Group::Section => &[Group::Table],
            _ => return,
        };
        let mut found = None;
        for (k, &idx) in self.stack.iter().enumerate().rev() {
            let gk = group(self.name_of(idx));
            if gk == g {
                found = Some(k);
                break;
            }
            if stops.contains(&gk) {
                break;
            }
        }
        if let Some(k) = found {
            self.close_to(k, pos, name, "<");
        }
    }

    fn name_of(&self, idx: usize) -> &str {
        match self.nodes.get(idx).map(|n| &n.kind) {
            Some(Kind::Element { name, .. }) => name,
            _ => "",
        }
    }

    /// Pops the stack down to (and including) index `k`, warning about `md-*` elements that
    /// were left open.
    fn close_to(&mut self, k: usize, pos: Pos, by: &str, by_open: &str) {
        while self.stack.len() > k.max(1) {
            let Some(idx) = self.stack.pop() else { break };
            let name = self.name_of(idx).to_string();
            let opened = self.nodes.get(idx).map(|n| n.pos).unwrap_or_default();
            if name.starts_with("md-") {
                self.ctx.warn(
                    pos,
                    format!(
                        "<{name}> opened at {}:{} was not closed before {by_open}{by}>; closed there",
                        opened.line, opened.col
                    ),
                );
            }
        }
    }

    fn end_tag(&mut self, name: &str, pos: Pos) {
        let found = self
            .stack
            .iter()
            .enumerate()
            .skip(1)
            .rev()
            .find(|(_, &idx)| self.name_of(idx) == name)
            .map(|(k, _)| k);
        match found {
            Some(k) => {
                // Elements above `k` close implicitly; then `k` itself.
                self.close_to(k + 1, pos, name, "</");
                self.stack.truncate(k);
            }
            None => {
                if is_void(name) || self.depth_reported {
                    return;
                }
                self.ctx.warn(
                    pos,
                    format!("stray </{name}> without a matching start tag: ignored"),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/// Decodes HTML entities (`&lt;`, `&#39;`, `&#x4e2d;`, ...); unknown ones stay as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    decode_into(s, false, &mut out);
    out
}

/// Appends `s` to `out`, decoding entities and, when `unescape`, Markdown backslash escapes.
fn decode_into(s: &str, unescape: bool, out: &mut String) {
    if !(s.contains('&') || (unescape && s.contains('\\'))) {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some((k, c)) = rest
        .char_indices()
        .find(|&(_, c)| c == '&' || (unescape && c == '\\'))
    {
        out.push_str(rest.get(..k).unwrap_or(""));
        let tail = rest.get(k + 1..).unwrap_or("");
        if c == '\\' {
            match tail.chars().next() {
                Some(n) if n.is_ascii_punctuation() => {
                    out.push(n);
                    rest = tail.get(n.len_utf8()..).unwrap_or("");
                }
                _ => {
                    out.push('\\');
                    rest = tail;
                }
            }
            continue;
        }
        match entity(tail) {
            Some((decoded, used)) => {
                out.push(decoded);
                rest = tail.get(used..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
}

/// Parses an entity body after `&`: returns the character and the bytes used (with `;`).
fn entity(tail: &str) -> Option<(char, usize)> {
    let semi = tail.bytes().take(32).position(|b| b == b';')?;
    let body = tail.get(..semi)?;
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse::<u32>().ok()?
        };
        match char::from_u32(code) {
            Some('\0') | None => '\u{FFFD}',
            Some(c) => c,
        }
    } else {
        match body {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "ldquo" => '\u{201C}',
            "rdquo" => '\u{201D}',
            "lsquo" => '\u{2018}',
            "rsquo" => '\u{2019}',
            "hellip" => '\u{2026}',
            "mdash" => '\u{2014}',
            "ndash" => '\u{2013}',
            "middot" => '\u{00B7}',
            "times" => '\u{00D7}',
            "divide" => '\u{00F7}',
            "copy" => '\u{00A9}',
            "reg" => '\u{00AE}',
            "trade" => '\u{2122}',
            "laquo" => '\u{00AB}',
            "raquo" => '\u{00BB}',
            "bull" => '\u{2022}',
            "larr" => '\u{2190}',
            "rarr" => '\u{2192}',
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

/// Splits into lines, trims each, drops blank ones, joins with `\n`.
fn tidy_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Like [`tidy_lines`] but joined with spaces: for content that must stay on one line.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Code content: decoded only when the whole text is entity-escaped (no raw `"` but
/// `&quot;`, or no raw `<` but `&lt;`); verbatim otherwise.
fn code_text(raw: &str) -> String {
    let escaped = (raw.contains("&quot;") && !raw.contains('"'))
        || (raw.contains("&lt;") && !raw.contains('<'));
    let text = if escaped {
        decode_entities(raw)
    } else {
        raw.to_string()
    };
    text.trim_matches(|c| c == '\n' || c == '\r')
        .trim_end()
        .to_string()
}

/// A bounded output buffer for doc text.
struct Out {
    buf: String,
    chars: usize,
    truncated: bool,
    /// Whether anything but whitespace was written.
    nonblank: bool,
    /// `可选值` seen in `buf[..scanned]`.
    has_options_word: bool,
    scanned: usize,
}

impl Out {
    fn new() -> Self {
        Out {
            buf: String::new(),
            chars: 0,
            truncated: false,
            nonblank: false,
            has_options_word: false,
            scanned: 0,
        }
    }

    fn push_str(&mut self, s: &str) {
        if self.truncated || s.is_empty() {
            return;
        }
        let n = s.chars().count();
        let room = limits::MAX_CELL_CHARS.saturating_sub(self.chars);
        let piece = if n <= room {
            s
        } else {
            self.truncated = true;
            let cut = s
                .char_indices()
                .nth(room)
                .map(|(k, _)| k)
                .unwrap_or(s.len());
            s.get(..cut).unwrap_or("")
        };
        if !self.nonblank && piece.chars().any(|c| !c.is_whitespace()) {
            self.nonblank = true;
        }
        self.chars += piece.chars().count();
        self.buf.push_str(piece);
    }

    fn push(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        self.push_str(c.encode_utf8(&mut tmp));
    }

    /// Whether `可选值` appears in what was written so far (incremental, linear overall).
    fn mentions_options(&mut self) -> bool {
        if !self.has_options_word {
            let mut from = self.scanned.saturating_sub(9);
            while from > 0 && !self.buf.is_char_boundary(from) {
                from -= 1;
            }
            if self.buf.get(from..).is_some_and(|t| t.contains("可选值")) {
                self.has_options_word = true;
            }
            self.scanned = self.buf.len();
        }
        self.has_options_word
    }
}

// ---------------------------------------------------------------------------------------------
// Tree → blocks

struct Walker<'t, 'a, 'c, 'd> {
    tree: &'t Tree<'a>,
    ctx: &'c mut Ctx<'d>,
}

#[derive(Clone, Copy, Default)]
struct Mode {
    /// Inside a header cell: tooltips are dropped.
    header: bool,
    /// Inside `<md-text>`: Markdown backslash escapes are removed.
    unescape: bool,
}

impl Walker<'_, '_, '_, '_> {
    fn blocks_from(&mut self, parent: usize, blocks: &mut Vec<Block>) {
        let tree = self.tree;
        let mut pending = Out::new();
        let mut pending_pos: Option<Pos> = None;
        for c in tree.children(parent) {
            let Some(node) = tree.node(c) else {
                continue;
            };
            let name = self.tree.name(c);
            let is_elem = matches!(node.kind, Kind::Element { .. });
            if is_elem && is_block_element(name) {
                self.flush_text(&mut pending, &mut pending_pos, blocks);
                if group(name) == Group::Table {
                    blocks.push(Block::Table(self.table(c)));
                } else if is_code(name) {
                    blocks.push(self.code(c));
                } else {
                    let mut out = Out::new();
                    self.render_children(c, Mode::default(), &mut out);
                    let text = tidy_lines(&out.buf);
                    self.check_truncated(&out, node.pos, "alert");
                    if !text.is_empty() {
                        blocks.push(Block::Text {
                            text,
                            pos: node.pos,
                        });
                    }
                }
            } else if is_elem && node.has_block {
                self.flush_text(&mut pending, &mut pending_pos, blocks);
                self.blocks_from(c, blocks);
            } else {
                let was_blank = !pending.nonblank;
                self.render(c, Mode::default(), &mut pending);
                if was_blank && pending.nonblank && pending_pos.is_none() {
                    pending_pos = Some(node.pos);
                }
            }
        }
        self.flush_text(&mut pending, &mut pending_pos, blocks);
    }

    fn flush_text(&mut self, out: &mut Out, pos: &mut Option<Pos>, blocks: &mut Vec<Block>) {
        let taken = std::mem::replace(out, Out::new());
        let p = pos.take().unwrap_or_default();
        self.check_truncated(&taken, p, "text");
        let text = tidy_lines(&taken.buf);
        if !text.is_empty() {
            blocks.push(Block::Text { text, pos: p });
        }
    }

    fn check_truncated(&mut self, out: &Out, pos: Pos, what: &str) {
        if out.truncated {
            self.ctx.error(
                pos,
                format!(
                    "{what} longer than {} characters: the rest was dropped",
                    limits::MAX_CELL_CHARS
                ),
            );
        }
    }

    fn code(&mut self, c: usize) -> Block {
        let tree = self.tree;
        let name = tree.name(c);
        let pos = tree.node(c).map(|n| n.pos).unwrap_or_default();
        let lang = name
            .strip_prefix("md-code-")
            .unwrap_or("")
            .to_ascii_lowercase();
        let raw = match tree.node(c).map(|n| &n.kind) {
            Some(Kind::Element {
                raw: Some((s, e)), ..
            }) => tree.src.get(*s..*e).unwrap_or(""),
            _ => "",
        };
        let mut text = code_text(raw);
        if text.chars().count() > limits::MAX_CELL_CHARS {
            // Code is not a cell, but a bound keeps hostile pages in check; generous: 4x.
            let cap = limits::MAX_CELL_CHARS * 4;
            if let Some((cut, _)) = text.char_indices().nth(cap) {
                text.truncate(cut);
                self.ctx.error(
                    pos,
                    format!("code block longer than {cap} characters: the rest was dropped"),
                );
            }
        }
        Block::Code { lang, text, pos }
    }

    // --- tables -------------------------------------------------------------------------

    fn table(&mut self, t: usize) -> Table {
        let tree = self.tree;
        let pos = tree.node(t).map(|n| n.pos).unwrap_or_default();
        let mut rows: Vec<(usize, bool)> = Vec::new();
        let mut capped = false;
        let mut body_rows = 0;
        self.collect_rows(t, false, &mut rows, &mut body_rows, &mut capped);
        if capped {
            self.ctx.error(
                pos,
                format!(
                    "table has more than {} rows: the rest were dropped",
                    limits::MAX_TABLE_ROWS
                ),
            );
        }
        let is_dt = tree.name(t) == "md-dt-table";
        let mut table = Table {
            header: Vec::new(),
            rows: Vec::new(),
            pos,
        };
        let mut have_header = false;
        let first_all_th = rows.first().is_some_and(|&(r, in_head)| {
            !in_head && {
                let cells = self.cells_of(r);
                !cells.is_empty() && cells.iter().all(|&c| is_header_cell(tree.name(c)))
            }
        });
        let no_thead = !rows.iter().any(|&(_, h)| h);
        for (k, &(r, in_head)) in rows.iter().enumerate() {
            let as_header = !have_header && (in_head || (k == 0 && no_thead && first_all_th));
            let row_pos = tree.node(r).map(|n| n.pos).unwrap_or_default();
            let cells = self.row_cells(r);
            if as_header {
                have_header = true;
                table.header = cells;
                continue;
            }
            if in_head {
                self.ctx
                    .warn(row_pos, "a second header row: read as a body row");
            }
            let level = self.row_level(r, is_dt && !in_head, row_pos);
            table.rows.push(Row {
                cells,
                level,
                pos: row_pos,
            });
        }
        table
    }

    fn collect_rows(
        &mut self,
        n: usize,
        in_head: bool,
        rows: &mut Vec<(usize, bool)>,
        body_rows: &mut usize,
        capped: &mut bool,
    ) {
        let tree = self.tree;
        for c in tree.children(n) {
            let Some(child) = tree.node(c) else { continue };
            match &child.kind {
                Kind::Text { .. } => {
                    if tree.text(c).is_some_and(|t| !t.trim().is_empty()) {
                        self.ctx.warn(child.pos, "text between table rows: dropped");
                    }
                }
                Kind::Element { name, .. } => match group(name) {
                    Group::Row => {
                        if !in_head {
                            if *body_rows >= limits::MAX_TABLE_ROWS {
                                *capped = true;
                                return;
                            }
                            *body_rows += 1;
                        }
                        rows.push((c, in_head));
                    }
                    Group::Section => {
                        self.collect_rows(c, is_thead(name), rows, body_rows, capped);
                        if *capped {
                            return;
                        }
                    }
                    Group::Table => {
                        self.ctx.warn(
                            child.pos,
                            format!("<{name}> directly inside a table: dropped"),
                        );
                    }
                    Group::Cell => {
                        self.ctx
                            .warn(child.pos, format!("<{name}> outside a row: dropped"));
                    }
                    Group::Other => {
                        if name == "style" || name == "script" {
                            continue;
                        }
                        self.collect_rows(c, in_head, rows, body_rows, capped);
                        if *capped {
                            return;
                        }
                    }
                },
                Kind::Root => {}
            }
        }
    }

    /// The cell elements of a row (direct children, or inside wrappers).
    fn cells_of(&self, r: usize) -> Vec<usize> {
        let tree = self.tree;
        tree.children(r)
            .filter(|&c| group(tree.name(c)) == Group::Cell)
            .collect()
    }

    fn row_cells(&mut self, r: usize) -> Vec<Cell> {
        let tree = self.tree;
        let mut cells = Vec::new();
        for c in tree.children(r) {
            let Some(child) = tree.node(c) else { continue };
            match &child.kind {
                Kind::Element { name, .. } => {
                    let mode = Mode {
                        header: is_header_cell(name),
                        unescape: false,
                    };
                    let mut out = Out::new();
                    if group(name) == Group::Cell {
                        self.render_children(c, mode, &mut out);
                    } else {
                        // `<md-tr><md-td>a</md-td><md-text>b</md-text>...`: a browser shows
                        // the stray element in its own place in the row, so it is a cell.
                        self.render(c, mode, &mut out);
                        if out.nonblank {
                            self.ctx.warn(
                                child.pos,
                                format!("<{name}> directly inside a row: read as a cell"),
                            );
                        } else {
                            continue;
                        }
                    }
                    self.check_truncated(&out, child.pos, "cell");
                    cells.push(Cell {
                        text: tidy_lines(&out.buf),
                        pos: child.pos,
                    });
                }
                Kind::Text { .. } => {
                    let mut out = Out::new();
                    self.render(c, Mode::default(), &mut out);
                    let text = tidy_lines(&out.buf);
                    if text.is_empty() {
                        continue;
                    }
                    // Text after a cell's end tag: shown right after that cell, so it is
                    // kept there (`</md-td>\n\n**示例值**："…"\n</md-tr>`).
                    match cells.last_mut() {
                        Some(last) => {
                            self.ctx.warn(
                                child.pos,
                                "text outside the cells of a row: appended to the cell before it",
                            );
                            let cell: &mut Cell = last;
                            if !cell.text.is_empty() {
                                cell.text.push('\n');
                            }
                            cell.text.push_str(&text);
                        }
                        None => {
                            self.ctx
                                .warn(child.pos, "text before the first cell of a row: dropped");
                        }
                    }
                }
                Kind::Root => {}
            }
        }
        cells
    }

    fn row_level(&mut self, r: usize, expected: bool, pos: Pos) -> Option<u32> {
        match self.tree.attr(r, "level") {
            Some(v) => match v.trim().parse::<u32>() {
                Ok(l) => Some(l),
                Err(_) => {
                    self.ctx.warn(
                        pos,
                        format!("row level {v:?} is not a number: level unknown"),
                    );
                    None
                }
            },
            None => {
                if expected {
                    self.ctx
                        .warn(pos, "<md-dt-tr> without a level: level unknown");
                }
                None
            }
        }
    }

    // --- doc text -------------------------------------------------------------------------

    fn render_children(&mut self, n: usize, mode: Mode, out: &mut Out) {
        let tree = self.tree;
        for c in tree.children(n) {
            if out.truncated {
                return;
            }
            self.render(c, mode, out);
        }
    }

    /// Renders children into a fresh buffer and returns it on one line.
    fn inline_text(&mut self, n: usize, mode: Mode, out: &mut Out) -> String {
        let mut tmp = Out::new();
        self.render_children(n, mode, &mut tmp);
        out.truncated |= tmp.truncated;
        one_line(&tmp.buf)
    }

    fn render(&mut self, n: usize, mode: Mode, out: &mut Out) {
        let tree = self.tree;
        let Some(node) = tree.node(n) else { return };
        let (name, raw) = match &node.kind {
            Kind::Root => return,
            Kind::Text { .. } => {
                let s = tree.text(n).unwrap_or("");
                if s.contains('&') || (mode.unescape && s.contains('\\')) {
                    let mut tmp = String::new();
                    decode_into(s, mode.unescape, &mut tmp);
                    out.push_str(&tmp);
                } else {
                    out.push_str(s);
                }
                return;
            }
            Kind::Element { name, raw, .. } => (name.as_ref(), *raw),
        };
        match name {
            "br" => out.push('\n'),
            "md-tooltip" => {
                if !mode.header {
                    if !out.buf.ends_with(char::is_whitespace) {
                        out.push(' ');
                    }
                    self.render_children(n, mode, out);
                }
            }
            "md-text" => {
                let m = Mode {
                    unescape: true,
                    ..mode
                };
                // One line; a block-mode `<md-tag>` inside (`name <md-tag mode="block"
                // type="field-required">必选</md-tag>`) goes on its own line after it.
                let mut inline = Out::new();
                let mut block_tags = Out::new();
                for c in tree.children(n) {
                    if tree.name(c) == "md-tag" && tree.attr(c, "mode") == Some("block") {
                        self.render(c, m, &mut block_tags);
                    } else {
                        self.render(c, m, &mut inline);
                    }
                }
                out.truncated |= inline.truncated || block_tags.truncated;
                out.push_str(&one_line(&inline.buf));
                out.push_str(&block_tags.buf);
            }
            "md-perm" => {
                let text = self.inline_text(n, mode, out);
                let text = if text.is_empty() {
                    tree.attr(n, "desc").map(one_line).unwrap_or_default()
                } else {
                    text
                };
                out.push('\n');
                match tree
                    .attr(n, "name")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    Some(scope) => {
                        out.push('`');
                        out.push_str(scope);
                        out.push('`');
                        if !text.is_empty() {
                            out.push(' ');
                            out.push_str(&text);
                        }
                    }
                    None => out.push_str(&text),
                }
                out.push('\n');
            }
            "md-app-support" => {
                let types = tree.attr(n, "types").unwrap_or("").trim().to_string();
                out.push_str(&types);
                self.render_children(n, mode, out);
            }
            "md-tag" => {
                let text = self.inline_text(n, mode, out);
                let block = tree.attr(n, "mode") == Some("block");
                if !text.is_empty() {
                    if block {
                        out.push('\n');
                    }
                    out.push('`');
                    out.push_str(&text);
                    out.push('`');
                    if block {
                        out.push('\n');
                    }
                }
            }
            "md-enum" => {
                out.push('\n');
                if !out.mentions_options() {
                    out.push_str("**可选值有**：\n");
                }
                self.render_children(n, mode, out);
                out.push('\n');
            }
            "md-enum-item" => {
                let text = self.inline_text(n, mode, out);
                let key = tree.attr(n, "key").unwrap_or("").trim().to_string();
                out.push_str("\n- `");
                out.push_str(&key);
                out.push_str("`: ");
                out.push_str(&text);
                out.push('\n');
            }
            "a" => match tree.attr(n, "href").filter(|h| !h.trim().is_empty()) {
                Some(href) => {
                    let text = self.inline_text(n, mode, out);
                    out.push('[');
                    out.push_str(&text);
                    out.push_str("](");
                    out.push_str(href.trim());
                    out.push(')');
                }
                None => self.render_children(n, mode, out),
            },
            "code" => {
                let text = self.inline_text(n, mode, out);
                if !text.is_empty() {
                    out.push('`');
                    out.push_str(&text);
                    out.push('`');
                }
            }
            "b" | "strong" => {
                let text = self.inline_text(n, mode, out);
                if !text.is_empty() {
                    out.push_str("**");
                    out.push_str(&text);
                    out.push_str("**");
                }
            }
            "style" | "script" => {}
            "li" => {
                out.push_str("\n- ");
                self.render_children(n, mode, out);
                out.push('\n');
            }
            "td" | "th" | "md-td" | "md-th" | "md-dt-td" | "md-dt-th" => {
                self.render_children(n, mode, out);
                out.push(' ');
            }
            _ if raw.is_some() => {
                // A code block inside a cell or alert: its text on its own lines.
                let text = raw
                    .and_then(|(s, e)| tree.src.get(s..e))
                    .map(code_text)
                    .unwrap_or_default();
                out.push('\n');
                out.push_str(&text);
                out.push('\n');
            }
            "div" | "p" | "ul" | "ol" | "tr" | "table" | "thead" | "tbody" | "tfoot"
            | "blockquote" | "pre" | "section" | "article" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" | "hr" | "md-alert" | "md-table" | "md-dt-table" | "md-tr" | "md-dt-tr"
            | "dl" | "dt" | "dd" | "details" | "summary" | "caption" => {
                out.push('\n');
                self.render_children(n, mode, out);
                out.push('\n');
            }
            _ => self.render_children(n, mode, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(src: &str) -> (Vec<Block>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let b = read_html_block(src, Pos::new(10, 1), &mut d);
        (b, d)
    }

    #[test]
    fn html_element_list_is_sorted_for_binary_search() {
        let mut sorted = HTML_ELEMENTS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, HTML_ELEMENTS);
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#x27;"),
            "a <b> & \"c\" 'd'"
        );
        assert_eq!(
            decode_entities("&nbsp;x&bogus;&#99999999;&"),
            " x&bogus;\u{FFFD}&"
        );
        let mut s = String::new();
        decode_into(r"a\[\]\_\-b\x\", true, &mut s);
        assert_eq!(s, r"a[]_-b\x\");
    }

    #[test]
    fn positions_count_characters_and_lines() {
        let mut pm = PosMap::new("中文\nab<x", Pos::new(5, 3));
        assert_eq!(pm.at(0), Pos::new(5, 3));
        assert_eq!(pm.at(6), Pos::new(5, 5));
        assert_eq!(pm.at(9), Pos::new(6, 3));
        // Non-monotonic queries still work.
        assert_eq!(pm.at(3), Pos::new(5, 4));
    }

    #[test]
    fn text_merges_across_non_tags() {
        let (b, d) = read("a < b and map<string, string> and `<p>` x");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            b,
            vec![Block::Text {
                text: "a < b and map<string, string> and `<p>` x".into(),
                pos: Pos::new(10, 1)
            }]
        );
    }
}
