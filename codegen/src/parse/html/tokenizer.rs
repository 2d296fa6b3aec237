//! The tokenizer: tags with attributes, text and comments, built straight into a [`Tree`],
//! closing what the author forgot to close and ignoring what cannot be matched. Positions
//! are mapped from byte offsets as the scan moves forward.

use super::super::blocks::Pos;
use super::entities::*;
use super::tree::*;
use super::{Ctx, MAX_CODE_SPAN, MAX_NESTING};
use crate::codes::Code;
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// Positions

/// Maps byte offsets to positions. Queries are expected in increasing order (they are, since
/// the tree is built front to back), which keeps the whole mapping linear.
pub(super) struct PosMap<'a> {
    pub(super) src: &'a str,
    pub(super) base: Pos,
    pub(super) off: usize,
    pub(super) line: u32,
    pub(super) col: u32,
}

impl<'a> PosMap<'a> {
    pub(super) fn new(src: &'a str, base: Pos) -> Self {
        let base = Pos::new(base.line.max(1), base.col.max(1));
        PosMap {
            src,
            base,
            off: 0,
            line: base.line,
            col: base.col,
        }
    }

    pub(super) fn at(&mut self, target: usize) -> Pos {
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
// Tokenizer + tree builder

pub(super) struct StartTag {
    pub(super) name: Name,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) self_closing: bool,
    /// Offset just after the closing `>`.
    pub(super) end: usize,
    /// The tag had malformed attributes (stray quotes, unclosed quote, ...).
    pub(super) malformed: bool,
}

pub(super) enum TagScan {
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

pub(super) struct Builder<'a, 'c, 'd> {
    pub(super) src: &'a str,
    pub(super) bytes: &'a [u8],
    pub(super) nodes: Vec<Node>,
    pub(super) stack: Vec<usize>,
    pub(super) pm: PosMap<'a>,
    pub(super) ctx: &'c mut Ctx<'d>,
    pub(super) unknown_md: BTreeMap<String, Pos>,
    pub(super) depth_reported: bool,
    /// No `"` (resp. `'`) before the end of the line at this offset: keeps failed
    /// quote searches from rescanning the same line.
    pub(super) no_dquote_until: usize,
    pub(super) no_squote_until: usize,
}

pub(super) fn build_tree<'a>(src: &'a str, base: Pos, ctx: &mut Ctx<'_>) -> Tree<'a> {
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
        b.ctx.report(
            Code::HtmlMarkupRepaired,
            pos,
            format!("<{name}> is never closed; closed at the end of the block"),
        );
    }
    for (name, pos) in std::mem::take(&mut b.unknown_md) {
        b.ctx.report(
            Code::HtmlMarkupRepaired,
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
    pub(super) fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    pub(super) fn top(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }

    pub(super) fn add_node(&mut self, kind: Kind, pos: Pos) -> usize {
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

    pub(super) fn add_text(&mut self, start: usize, end: usize) {
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

    pub(super) fn run(&mut self) {
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
                            self.ctx.report(
                                Code::HtmlMarkupRepaired,
                                pos,
                                format!("unterminated tag <{name}: kept as text"),
                            );
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
    pub(super) fn skip_code_span(&self, i: usize) -> usize {
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

    pub(super) fn run_len(&self, i: usize, c: u8) -> usize {
        self.bytes
            .get(i..)
            .map(|s| s.iter().take_while(|&&b| b == c).count())
            .unwrap_or(0)
    }

    pub(super) fn skip_comment(&mut self, i: usize) -> usize {
        let from = i + 4;
        match self
            .bytes
            .get(from..)
            .and_then(|s| s.windows(3).position(|w| w == b"-->"))
        {
            Some(p) => from + p + 3,
            None => {
                let pos = self.pm.at(i);
                self.ctx.report(
                    Code::HtmlContentDropped,
                    pos,
                    "unclosed comment <!-- : the rest of the block was dropped",
                );
                self.bytes.len()
            }
        }
    }

    pub(super) fn find_gt_before_lt(&self, from: usize) -> Option<usize> {
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

    pub(super) fn read_name(&self, mut j: usize) -> (Name, usize) {
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

    pub(super) fn skip_ws(&self, mut j: usize) -> usize {
        while self.byte(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        j
    }

    pub(super) fn scan_tag(&mut self, i: usize) -> TagScan {
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
    pub(super) fn attr_value(&mut self, j: usize) -> (String, usize, bool) {
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

    pub(super) fn unquoted_value(&self, j: usize) -> (String, usize, bool) {
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
    pub(super) fn start_tag(&mut self, tag: StartTag, pos: Pos) -> usize {
        let StartTag {
            name,
            attrs,
            self_closing,
            end,
            malformed,
        } = tag;
        if malformed {
            self.ctx.report(
                Code::HtmlMarkupRepaired,
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
                self.ctx.report(
                    Code::HtmlMarkupRepaired,
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
                self.ctx.report(
                    Code::LimitExceeded,
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
    pub(super) fn find_raw_end(&self, name: &str, from: usize) -> (usize, usize) {
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
    pub(super) fn implicit_close(&mut self, name: &str, pos: Pos) {
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

    pub(super) fn name_of(&self, idx: usize) -> &str {
        match self.nodes.get(idx).map(|n| &n.kind) {
            Some(Kind::Element { name, .. }) => name,
            _ => "",
        }
    }

    /// Pops the stack down to (and including) index `k`, warning about `md-*` elements that
    /// were left open.
    pub(super) fn close_to(&mut self, k: usize, pos: Pos, by: &str, by_open: &str) {
        while self.stack.len() > k.max(1) {
            let Some(idx) = self.stack.pop() else { break };
            let name = self.name_of(idx).to_string();
            let opened = self.nodes.get(idx).map(|n| n.pos).unwrap_or_default();
            if name.starts_with("md-") {
                self.ctx.report(
                    Code::HtmlMarkupRepaired,
                    pos,
                    format!(
                        "<{name}> opened at {}:{} was not closed before {by_open}{by}>; closed there",
                        opened.line, opened.col
                    ),
                );
            }
        }
    }

    pub(super) fn end_tag(&mut self, name: &str, pos: Pos) {
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
                self.ctx.report(
                    Code::HtmlMarkupRepaired,
                    pos,
                    format!("stray </{name}> without a matching start tag: ignored"),
                );
            }
        }
    }
}
