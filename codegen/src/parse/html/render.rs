//! Tree → blocks: tables into [`Block::Table`], `<md-code-*>` into [`Block::Code`], alerts
//! and other content into [`Block::Text`], cell content rendered to doc text (`<br>` → `\n`,
//! `<md-perm>` → `` `scope` name``, `<md-enum>` → `- `key`: text` lines, ...).

use super::super::blocks::{limits, Block, Cell, Pos, Row, Table};
use super::entities::*;
use super::tree::*;
use super::Ctx;
use crate::codes::Code;

/// Splits into lines, trims each, drops blank ones and joins the rest with `sep`: `\n` for
/// cell and block text, a space for content that must stay on one line.
fn join_lines(s: &str, sep: char) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push(sep);
        }
        out.push_str(line);
    }
    out
}

/// Code content: decoded only when the whole text is entity-escaped (no raw `"` but
/// `&quot;`, or no raw `<` but `&lt;`); verbatim otherwise.
pub(super) fn code_text(raw: &str) -> String {
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
pub(super) struct Out {
    pub(super) buf: String,
    pub(super) chars: usize,
    pub(super) truncated: bool,
    /// Whether anything but whitespace was written.
    pub(super) nonblank: bool,
    /// `可选值` seen in `buf[..scanned]`.
    pub(super) has_options_word: bool,
    pub(super) scanned: usize,
}

impl Out {
    pub(super) fn new() -> Self {
        Out {
            buf: String::new(),
            chars: 0,
            truncated: false,
            nonblank: false,
            has_options_word: false,
            scanned: 0,
        }
    }

    pub(super) fn push_str(&mut self, s: &str) {
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

    pub(super) fn push(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        self.push_str(c.encode_utf8(&mut tmp));
    }

    /// Whether `可选值` appears in what was written so far (incremental, linear overall).
    pub(super) fn mentions_options(&mut self) -> bool {
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

pub(super) struct Walker<'t, 'a, 'c, 'd> {
    pub(super) tree: &'t Tree<'a>,
    pub(super) ctx: &'c mut Ctx<'d>,
}

#[derive(Clone, Copy, Default)]
pub(super) struct Mode {
    /// Inside a header cell: tooltips are dropped.
    pub(super) header: bool,
    /// Inside `<md-text>`: Markdown backslash escapes are removed.
    pub(super) unescape: bool,
}

impl Walker<'_, '_, '_, '_> {
    pub(super) fn blocks_from(&mut self, parent: usize, blocks: &mut Vec<Block>) {
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
                    let text = join_lines(&out.buf, '\n');
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

    pub(super) fn flush_text(
        &mut self,
        out: &mut Out,
        pos: &mut Option<Pos>,
        blocks: &mut Vec<Block>,
    ) {
        let taken = std::mem::replace(out, Out::new());
        let p = pos.take().unwrap_or_default();
        self.check_truncated(&taken, p, "text");
        let text = join_lines(&taken.buf, '\n');
        if !text.is_empty() {
            blocks.push(Block::Text { text, pos: p });
        }
    }

    pub(super) fn check_truncated(&mut self, out: &Out, pos: Pos, what: &str) {
        if out.truncated {
            self.ctx.report(
                Code::LimitExceeded,
                pos,
                format!(
                    "{what} longer than {} characters: the rest was dropped",
                    limits::MAX_CELL_CHARS
                ),
            );
        }
    }

    pub(super) fn code(&mut self, c: usize) -> Block {
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
                self.ctx.report(
                    Code::LimitExceeded,
                    pos,
                    format!("code block longer than {cap} characters: the rest was dropped"),
                );
            }
        }
        Block::Code { lang, text, pos }
    }

    // --- tables -------------------------------------------------------------------------

    pub(super) fn table(&mut self, t: usize) -> Table {
        let tree = self.tree;
        let pos = tree.node(t).map(|n| n.pos).unwrap_or_default();
        let mut rows: Vec<(usize, bool)> = Vec::new();
        let mut capped = false;
        let mut body_rows = 0;
        self.collect_rows(t, false, &mut rows, &mut body_rows, &mut capped);
        if capped {
            self.ctx.report(
                Code::LimitExceeded,
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
                self.ctx.report(
                    Code::HtmlMarkupRepaired,
                    row_pos,
                    "a second header row: read as a body row",
                );
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

    pub(super) fn collect_rows(
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
                        self.ctx.report(
                            Code::HtmlContentDropped,
                            child.pos,
                            "text between table rows: dropped",
                        );
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
                        self.ctx.report(
                            Code::HtmlContentDropped,
                            child.pos,
                            format!("<{name}> directly inside a table: dropped"),
                        );
                    }
                    Group::Cell => {
                        self.ctx.report(
                            Code::HtmlContentDropped,
                            child.pos,
                            format!("<{name}> outside a row: dropped"),
                        );
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
    pub(super) fn cells_of(&self, r: usize) -> Vec<usize> {
        let tree = self.tree;
        tree.children(r)
            .filter(|&c| group(tree.name(c)) == Group::Cell)
            .collect()
    }

    pub(super) fn row_cells(&mut self, r: usize) -> Vec<Cell> {
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
                            self.ctx.report(
                                Code::HtmlMarkupRepaired,
                                child.pos,
                                format!("<{name}> directly inside a row: read as a cell"),
                            );
                        } else {
                            continue;
                        }
                    }
                    self.check_truncated(&out, child.pos, "cell");
                    cells.push(Cell {
                        text: join_lines(&out.buf, '\n'),
                        pos: child.pos,
                        indent: 0,
                    });
                }
                Kind::Text { .. } => {
                    let mut out = Out::new();
                    self.render(c, Mode::default(), &mut out);
                    let text = join_lines(&out.buf, '\n');
                    if text.is_empty() {
                        continue;
                    }
                    // Text after a cell's end tag: shown right after that cell, so it is
                    // kept there (`</md-td>\n\n**示例值**："…"\n</md-tr>`).
                    match cells.last_mut() {
                        Some(last) => {
                            self.ctx.report(
                                Code::HtmlMarkupRepaired,
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
                            self.ctx.report(
                                Code::HtmlContentDropped,
                                child.pos,
                                "text before the first cell of a row: dropped",
                            );
                        }
                    }
                }
                Kind::Root => {}
            }
        }
        cells
    }

    pub(super) fn row_level(&mut self, r: usize, expected: bool, pos: Pos) -> Option<u32> {
        match self.tree.attr(r, "level") {
            Some(v) => match v.trim().parse::<u32>() {
                Ok(l) => Some(l),
                Err(_) => {
                    self.ctx.report(
                        Code::HtmlRowLevel,
                        pos,
                        format!("row level {v:?} is not a number: level unknown"),
                    );
                    None
                }
            },
            None => {
                if expected {
                    self.ctx.report(
                        Code::HtmlRowLevel,
                        pos,
                        "<md-dt-tr> without a level: level unknown",
                    );
                }
                None
            }
        }
    }

    // --- doc text -------------------------------------------------------------------------

    pub(super) fn render_children(&mut self, n: usize, mode: Mode, out: &mut Out) {
        let tree = self.tree;
        for c in tree.children(n) {
            if out.truncated {
                return;
            }
            self.render(c, mode, out);
        }
    }

    /// Renders children into a fresh buffer and returns it on one line.
    pub(super) fn inline_text(&mut self, n: usize, mode: Mode, out: &mut Out) -> String {
        let mut tmp = Out::new();
        self.render_children(n, mode, &mut tmp);
        out.truncated |= tmp.truncated;
        join_lines(&tmp.buf, ' ')
    }

    pub(super) fn render(&mut self, n: usize, mode: Mode, out: &mut Out) {
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
                out.push_str(&join_lines(&inline.buf, ' '));
                out.push_str(&block_tags.buf);
            }
            "md-perm" => {
                let text = self.inline_text(n, mode, out);
                let text = if text.is_empty() {
                    tree.attr(n, "desc")
                        .map(|d| join_lines(d, ' '))
                        .unwrap_or_default()
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
