//! A page's text → [`Doc`]: front matter, then Markdown through pulldown-cmark, with Feishu's
//! `:::html` blocks handed to [`super::html`]. Positions always refer to the original text.

use super::blocks::{limits, Block, Cell, Doc, Pos, Row, Table};
use super::html;
use super::lines::{has_unescaped_pipe, is_delimiter_row, trimmed};
use crate::codes::Code;
use crate::ir::Diagnostic;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Maps byte offsets of the original text to 1-based line/column (columns count characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset.min(self.text.len()))
            .map(|s| s.chars().count())
            .unwrap_or(0);
        Pos::new(line as u32 + 1, col as u32 + 1)
    }
}

/// Reads a page's text into blocks.
pub fn read_blocks(text: &str, diags: &mut Vec<Diagnostic>) -> Doc {
    let index = LineIndex::new(text);
    let mut doc = Doc::default();

    // Work on a copy whose byte offsets match `text`: consumed regions (front matter, html
    // blocks) are blanked to spaces, newlines kept, so pulldown-cmark never sees them.
    let mut md: Vec<u8> = text.as_bytes().to_vec();
    let mut html_blocks: Vec<Block> = Vec::new();

    let lines = line_spans(text);
    let mut i = 0;
    // Front matter.
    if lines
        .first()
        .map(|&(s, e)| text.get(s..e).unwrap_or("").trim())
        == Some("---")
    {
        if let Some(end) = lines
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, &(s, e))| text.get(s..e).unwrap_or("").trim() == "---")
            .map(|(k, _)| k)
        {
            for &(s, e) in lines.iter().take(end).skip(1) {
                let line = text.get(s..e).unwrap_or("");
                if let Some((k, v)) = line.split_once(':') {
                    let k = k.trim();
                    if !k.is_empty() && !k.starts_with(' ') {
                        doc.front_matter
                            .push((k.to_string(), unquote_yaml(v.trim()).to_string()));
                    }
                }
            }
            let blank_to = lines.get(end).map(|&(_, e)| e).unwrap_or(0);
            blank(&mut md, 0, blank_to);
            i = end + 1;
        }
    }

    // `:::html` … `:::` blocks.
    while i < lines.len() {
        let Some(&(s, e)) = lines.get(i) else { break };
        let line = text.get(s..e).unwrap_or("");
        if line.trim() == ":::html" {
            let close = (i + 1..lines.len()).find(|&k| {
                lines
                    .get(k)
                    .and_then(|&(s, e)| text.get(s..e))
                    .map(|l| l.trim() == ":::")
                    .unwrap_or(false)
            });
            let (content_end_line, block_end) = match close {
                Some(k) => (k, lines.get(k).map(|&(_, e)| e).unwrap_or(text.len())),
                None => {
                    let p = index.pos(s);
                    diags.push(Diagnostic::new(
                        Code::HtmlBlockUnclosed,
                        p.line,
                        p.col,
                        "`:::html` block is not closed by a `:::` line; read to the end of the page",
                    ));
                    (lines.len(), text.len())
                }
            };
            let content_start = lines.get(i + 1).map(|&(s, _)| s).unwrap_or(e);
            let content_end = if content_end_line > i + 1 {
                lines
                    .get(content_end_line - 1)
                    .map(|&(_, e)| e)
                    .unwrap_or(content_start)
            } else {
                content_start
            };
            let content = text.get(content_start..content_end).unwrap_or("");
            let base = Pos::new(i as u32 + 2, 1);
            html_blocks.extend(html::read_html_block(content, base, diags));
            blank(&mut md, s, block_end);
            i = content_end_line + 1;
            continue;
        }
        i += 1;
    }

    super::lines::repair(&mut md, &lines, &|o| index.pos(o), diags);
    join_multiline_rows(text, &mut md, &lines);
    super::rowtext::repair_rows(&mut md);

    let md_text = String::from_utf8_lossy(&md);
    let mut blocks = markdown_blocks(&md_text, &index, diags);
    doc.html_tables = html_blocks.iter().any(|b| matches!(b, Block::Table(_)));
    if !html_blocks.is_empty() {
        blocks.extend(html_blocks);
        // Stable: blocks from the same position keep their relative order.
        blocks.sort_by_key(|b| b.pos());
    }
    doc.blocks = blocks;
    doc
}

fn unquote_yaml(v: &str) -> &str {
    let v = v.trim();
    if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        v.get(1..v.len() - 1).unwrap_or(v)
    } else {
        v
    }
}

/// Byte spans `(start, end)` of each line, without the line terminator.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        let end = if i > start && text.as_bytes().get(i - 1) == Some(&b'\r') {
            i - 1
        } else {
            i
        };
        out.push((start, end));
        start = i + 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// Replaces bytes in `[from, to)` with spaces, keeping line breaks (offsets stay valid).
fn blank(md: &mut [u8], from: usize, to: usize) {
    if let Some(slice) = md.get_mut(from..to.min(md.len())) {
        for b in slice {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
}

/// Stands for a line break inside a table cell until the cell's text is taken: the row's
/// lines become one line for pulldown-cmark, with offsets unchanged.
const CELL_BREAK: u8 = 0x1f;
// Both stand-in bytes live in the same copy of the page: they must differ.
const _: () = assert!(CELL_BREAK != super::rowtext::HIDDEN_PIPE);

/// Table rows written over several lines become one line each (offsets unchanged):
/// - a piped row that does not end with `|` continues on the next lines until one ends
///   with `|` (its last cell holds raw newlines, read as spaces);
/// - in any table, with or without outer pipes, a line that ends with a hard break (two
///   trailing spaces or a backslash) continues on the next line, and the break is a line
///   break inside the cell.
///
/// The row ends at a line that starts a new row (`|`), a blank line, or, without a hard
/// break, a heading. A blank line inside a cell that runs on (a paragraph break in the cell)
/// does not end it when the next line continues the cell ([`continues_after_blank`]).
fn join_multiline_rows(text: &str, md: &mut [u8], lines: &[(usize, usize)]) {
    let md_line = |md: &[u8], k: usize| -> Line {
        let span = lines.get(k).copied().unwrap_or((0, 0));
        let raw = md.get(span.0..span.1).unwrap_or(&[]);
        let b = trimmed(md, span).0;
        let ends_with_pipe = b.ends_with(b"|") && !b.ends_with(b"\\|");
        let backslashes = b.iter().rev().take_while(|&&c| c == b'\\').count();
        let hard_break =
            !ends_with_pipe && (backslashes % 2 == 1 || (!b.is_empty() && raw.ends_with(b"  ")));
        Line {
            empty: b.is_empty(),
            fence: b.starts_with(b"```") || b.starts_with(b"~~~"),
            first: b.first().copied(),
            ends_with_pipe,
            lone_pipe: b == b"|",
            has_pipe: has_unescaped_pipe(b),
            delimiter: is_delimiter_row(b),
            hard_break: hard_break.then_some(backslashes % 2 == 1),
        }
    };
    let mut in_table = false;
    let mut piped = false;
    let mut in_fence = false;
    let mut k = 0;
    while k < lines.len() {
        let line = md_line(md, k);
        if line.fence {
            in_fence = !in_fence;
            in_table = false;
            k += 1;
            continue;
        }
        if in_fence || line.empty {
            in_table = false;
            k += 1;
            continue;
        }
        if !in_table {
            // A header row followed by a delimiter row starts a table.
            let next = md_line(md, k + 1);
            if line.has_pipe && !line.delimiter && next.delimiter {
                in_table = true;
                piped = line.first == Some(b'|');
                k += 2;
                continue;
            }
            k += 1;
            continue;
        }
        // A piped table ends at a line without the leading pipe; any table at a heading or
        // a block quote (GFM), whatever the line ends with.
        if piped && line.first != Some(b'|') || matches!(line.first, Some(b'#' | b'>')) {
            in_table = false;
            k += 1;
            continue;
        }
        let runs_on = piped && !line.ends_with_pipe;
        if !runs_on && line.hard_break.is_none() {
            k += 1;
            continue;
        }
        // Join the following lines into this row.
        let mut prev = line;
        let mut j = k + 1;
        while j < lines.len() && j <= k + 200 {
            let l = md_line(md, j);
            let new_row = l.first == Some(b'|') && !l.lone_pipe;
            let heading = l.first == Some(b'#') && prev.hard_break.is_none();
            if l.empty && continues_after_blank(&|i| md_line(md, i), j, piped, &prev) {
                // A blank line inside the cell (a paragraph break): the row goes on.
                join_line_break(text, md, lines, j, Some(false));
                prev = l;
                j += 1;
                continue;
            }
            if l.empty || new_row || heading {
                break;
            }
            join_line_break(text, md, lines, j, prev.hard_break);
            let ends_row = if piped {
                l.ends_with_pipe
            } else {
                l.hard_break.is_none()
            };
            if ends_row {
                j += 1;
                break;
            }
            prev = l;
            j += 1;
        }
        k = j.max(k + 1);
    }
}

/// Whether the cell that runs on before the blank line `j` goes on after it: the next line
/// continues the cell (it starts no row, heading, quote or code block), and in a piped table
/// the row then ends with `|` before another row starts; without pipes, the line before the
/// blank one ended with a hard break.
fn continues_after_blank(line: &dyn Fn(usize) -> Line, j: usize, piped: bool, prev: &Line) -> bool {
    let next = line(j + 1);
    let starts_block = next.empty
        || next.fence
        || matches!(next.first, Some(b'|' | b'#' | b'>'))
        || next.delimiter;
    if starts_block {
        return false;
    }
    if !piped {
        return prev.hard_break.is_some();
    }
    for i in j + 1..j + 200 {
        let l = line(i);
        if l.empty || l.fence || l.first == Some(b'|') && !l.lone_pipe {
            return false;
        }
        if l.ends_with_pipe {
            return true;
        }
    }
    false
}

/// Turns the line break before line `j` (and a preceding `\r`) into a space, or into a
/// [`CELL_BREAK`] when the line before ended with a hard break (`Some(true)`: a backslash,
/// which is blanked too).
fn join_line_break(
    text: &str,
    md: &mut [u8],
    lines: &[(usize, usize)],
    j: usize,
    hard_break: Option<bool>,
) {
    let Some(&(s, _)) = lines.get(j) else { return };
    let mut nl = s.saturating_sub(1);
    if let Some(b) = md.get_mut(nl) {
        *b = if hard_break.is_some() {
            CELL_BREAK
        } else {
            b' '
        };
    }
    if nl > 0 && text.as_bytes().get(nl - 1) == Some(&b'\r') {
        nl -= 1;
        if let Some(b) = md.get_mut(nl) {
            *b = b' ';
        }
    }
    if hard_break == Some(true) {
        // The backslash: the last byte before the break that is not white space.
        let before = md.get(..nl).unwrap_or(&[]);
        if let Some(p) = before.iter().rposition(|c| !c.is_ascii_whitespace()) {
            if let Some(b) = md.get_mut(p) {
                *b = b' ';
            }
        }
    }
}

/// What [`join_multiline_rows`] needs to know of a line.
struct Line {
    empty: bool,
    /// The line opens or closes a fenced code block (whose lines are never rows).
    fence: bool,
    /// The line is only `|`: the end of the row above, whose last cell ran on.
    lone_pipe: bool,
    first: Option<u8>,
    ends_with_pipe: bool,
    has_pipe: bool,
    delimiter: bool,
    /// The line ends with a hard break: `Some(true)` a backslash, `Some(false)` two spaces.
    hard_break: Option<bool>,
}

#[derive(Default)]
struct Inline {
    text: String,
}

impl Inline {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
}

/// List context while rendering lists as indented lines.
struct ListState {
    item_start: bool,
}

fn markdown_blocks(md: &str, index: &LineIndex<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    let parser = Parser::new_ext(md, opts).into_offset_iter();

    let mut blocks = Vec::new();
    // Current top-level container being rendered to text.
    let mut text_block: Option<(String, Pos)> = None;
    let mut cur = Inline::default();
    let mut heading: Option<(u8, Pos)> = None;
    let mut code: Option<(String, String, Pos)> = None;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut cell_pos = Pos::default();
    let mut cell_indent = 0u32;
    let mut in_cell = false;
    let mut lists: Vec<ListState> = Vec::new();
    let mut link_stack: Vec<String> = Vec::new();
    let mut container_depth = 0usize; // nesting of paragraph/list/blockquote/html containers
    let mut table_capped = false;

    let flush_para =
        |text_block: &mut Option<(String, Pos)>, cur: &mut Inline, lists: &mut [ListState]| {
            let t = std::mem::take(&mut cur.text);
            if t.trim().is_empty() {
                return;
            }
            if let Some((buf, _)) = text_block.as_mut() {
                let indent = "  ".repeat(lists.len().saturating_sub(1));
                for line in t.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                    if !buf.is_empty() {
                        buf.push('\n');
                    }
                    if let Some(l) = lists.last_mut() {
                        buf.push_str(&indent);
                        buf.push_str(if l.item_start { "- " } else { "  " });
                        l.item_start = false;
                    }
                    buf.push_str(line);
                }
            }
        };

    for (event, range) in parser {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    heading = Some((heading_level(level), index.pos(range.start)));
                    cur = Inline::default();
                }
                Tag::CodeBlock(kind) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split_whitespace()
                            .next()
                            .unwrap_or("")
                            .to_ascii_lowercase(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    if container_depth == 0 {
                        code = Some((lang, String::new(), index.pos(range.start)));
                    }
                }
                Tag::Table(_) => {
                    table_capped = false;
                    table = Some(Table {
                        pos: index.pos(range.start),
                        ..Table::default()
                    });
                }
                Tag::TableHead | Tag::TableRow => {
                    row = Some(Row {
                        pos: index.pos(range.start),
                        ..Row::default()
                    });
                }
                Tag::TableCell => {
                    in_cell = true;
                    cell_pos = index.pos(range.start);
                    cell_indent = leading_blanks(md, range.start);
                    cur = Inline::default();
                }
                Tag::Paragraph => {
                    if container_depth == 0 {
                        text_block = Some((String::new(), index.pos(range.start)));
                    }
                    container_depth += 1;
                    cur = Inline::default();
                }
                Tag::List(_) => {
                    if container_depth == 0 {
                        text_block = Some((String::new(), index.pos(range.start)));
                    } else {
                        flush_para(&mut text_block, &mut cur, &mut lists);
                    }
                    container_depth += 1;
                    lists.push(ListState { item_start: false });
                }
                Tag::Item => {
                    flush_para(&mut text_block, &mut cur, &mut lists);
                    if let Some(l) = lists.last_mut() {
                        l.item_start = true;
                    }
                }
                Tag::BlockQuote(_) | Tag::HtmlBlock => {
                    if container_depth == 0 {
                        text_block = Some((String::new(), index.pos(range.start)));
                    }
                    container_depth += 1;
                }
                Tag::Strong => cur.push("**"),
                Tag::Emphasis => cur.push("*"),
                Tag::Strikethrough => cur.push("~~"),
                Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                    cur.push("[");
                    link_stack.push(dest_url.to_string());
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    if let Some((level, pos)) = heading.take() {
                        let text = std::mem::take(&mut cur.text).trim().to_string();
                        blocks.push(Block::Heading { level, text, pos });
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some((lang, text, pos)) = code.take() {
                        blocks.push(Block::Code { lang, text, pos });
                    }
                }
                TagEnd::TableCell => {
                    in_cell = false;
                    let mut text = std::mem::take(&mut cur.text);
                    if text.contains(char::from(CELL_BREAK)) {
                        text = text.replace(char::from(CELL_BREAK), "\n");
                    }
                    if text.chars().count() > limits::MAX_CELL_CHARS {
                        text = text.chars().take(limits::MAX_CELL_CHARS).collect();
                        diags.push(Diagnostic::new(
                            Code::LimitExceeded,
                            cell_pos.line,
                            cell_pos.col,
                            format!(
                                "table cell longer than {} characters; truncated",
                                limits::MAX_CELL_CHARS
                            ),
                        ));
                    }
                    if let Some(r) = row.as_mut() {
                        r.cells.push(Cell {
                            text: tidy_cell(&text)
                                .replace(char::from(super::rowtext::HIDDEN_PIPE), "|"),
                            pos: cell_pos,
                            indent: cell_indent,
                        });
                    }
                }
                TagEnd::TableHead => {
                    if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                        t.header = r.cells;
                    }
                }
                TagEnd::TableRow => {
                    if let (Some(t), Some(r)) = (table.as_mut(), row.take()) {
                        if t.rows.len() < limits::MAX_TABLE_ROWS {
                            t.rows.push(r);
                        } else if !table_capped {
                            table_capped = true;
                            diags.push(Diagnostic::new(
                                Code::LimitExceeded,
                                r.pos.line,
                                r.pos.col,
                                format!(
                                    "table has more than {} rows; the rest are ignored",
                                    limits::MAX_TABLE_ROWS
                                ),
                            ));
                        }
                    }
                }
                TagEnd::Table => {
                    if let Some(t) = table.take() {
                        blocks.push(Block::Table(t));
                    }
                }
                TagEnd::Paragraph => {
                    container_depth = container_depth.saturating_sub(1);
                    flush_para(&mut text_block, &mut cur, &mut lists);
                    if let Some(l) = lists.last_mut() {
                        l.item_start = false;
                    }
                    if container_depth == 0 {
                        push_text_block(text_block.take(), &mut blocks);
                    }
                }
                TagEnd::Item => {
                    flush_para(&mut text_block, &mut cur, &mut lists);
                    if let Some(l) = lists.last_mut() {
                        l.item_start = false;
                    }
                }
                TagEnd::List(_) => {
                    flush_para(&mut text_block, &mut cur, &mut lists);
                    lists.pop();
                    container_depth = container_depth.saturating_sub(1);
                    if container_depth == 0 {
                        push_text_block(text_block.take(), &mut blocks);
                    }
                }
                TagEnd::BlockQuote(_) | TagEnd::HtmlBlock => {
                    flush_para(&mut text_block, &mut cur, &mut lists);
                    container_depth = container_depth.saturating_sub(1);
                    if container_depth == 0 {
                        push_text_block(text_block.take(), &mut blocks);
                    }
                }
                TagEnd::Strong => cur.push("**"),
                TagEnd::Emphasis => cur.push("*"),
                TagEnd::Strikethrough => cur.push("~~"),
                TagEnd::Link | TagEnd::Image => {
                    let url = link_stack.pop().unwrap_or_default();
                    cur.push("](");
                    cur.push(&url);
                    cur.push(")");
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some((_, buf, _)) = code.as_mut() {
                    buf.push_str(&t);
                } else {
                    cur.push(&t);
                }
            }
            Event::Code(t) => {
                cur.push("`");
                cur.push(&t);
                cur.push("`");
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                if is_br(&h) {
                    cur.push("\n");
                } else if in_cell || heading.is_some() {
                    // Leftover tags inside cells: keep text, drop markup.
                } else if !h.trim().starts_with('<') {
                    cur.push(&h);
                }
            }
            Event::SoftBreak => cur.push(if in_cell { " " } else { "\n" }),
            Event::HardBreak => cur.push("\n"),
            Event::Rule => {}
            _ => {}
        }
    }
    // Paragraph-less HTML or text left over (unterminated constructs).
    if let Some((mut text, pos)) = text_block.take() {
        if !cur.text.trim().is_empty() {
            text.push_str(&cur.text);
        }
        push_text_block(Some((text, pos)), &mut blocks);
    }
    blocks
}

/// The spaces and tabs around `offset` on its line: between a cell's pipe (or the line's
/// start) and its text, wherever pulldown-cmark starts the cell's range.
fn leading_blanks(md: &str, offset: usize) -> u32 {
    let blank = |c: &&u8| **c == b' ' || **c == b'\t';
    let b = md.as_bytes();
    let back = b
        .get(..offset)
        .map_or(0, |s| s.iter().rev().take_while(blank).count());
    let fwd = b
        .get(offset..)
        .map_or(0, |s| s.iter().take_while(blank).count());
    u32::try_from(back + fwd).unwrap_or(u32::MAX)
}

/// A finished top-level container becomes a text block unless it holds only blanks.
fn push_text_block(text_block: Option<(String, Pos)>, blocks: &mut Vec<Block>) {
    if let Some((text, pos)) = text_block.filter(|(t, _)| !t.trim().is_empty()) {
        blocks.push(Block::Text { text, pos });
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn is_br(h: &str) -> bool {
    let t: String = h
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(t.as_str(), "<br>" | "<br/>" | "</br>")
}

/// Trims every line of a cell. Only ASCII white space is trimmed: leading no-break spaces
/// (`&nbsp;`) carry flavour C's nesting depth.
fn tidy_cell(s: &str) -> String {
    let ascii_ws = |c: char| c.is_ascii_whitespace();
    let lines: Vec<&str> = s.split('\n').map(|l| l.trim_matches(ascii_ws)).collect();
    lines.join("\n").trim_matches(ascii_ws).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(src: &str) -> Vec<Block> {
        let mut d = Vec::new();
        read_blocks(src, &mut d).blocks
    }

    #[test]
    fn table_cells_and_br() {
        let b = blocks("| a | b |\n| --- | --- |\n| x <br> y | `z` **w** |\n");
        let Some(Block::Table(t)) = b.first() else {
            panic!("{b:?}")
        };
        assert_eq!(t.header.len(), 2);
        assert_eq!(t.rows[0].cells[0].text, "x\ny");
        assert_eq!(t.rows[0].cells[1].text, "`z` **w**");
        assert_eq!(t.rows[0].pos.line, 3);
    }

    #[test]
    fn multiline_cells_join() {
        let b = blocks("| a | b |\n| --- | --- |\n| x | first\nsecond |\n| y | z |\n### next\n");
        let Some(Block::Table(t)) = b.first() else {
            panic!("{b:?}")
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1].text, "first second");
        assert!(matches!(b.get(1), Some(Block::Heading { level: 3, .. })));
    }

    #[test]
    fn hard_breaks_continue_cells_with_and_without_outer_pipes() {
        let b = blocks("| a | b |\n| --- | --- |\n| x | one  \ntwo\\\nthree |\n| y | z |\n");
        let Some(Block::Table(t)) = b.first() else {
            panic!("{b:?}")
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1].text, "one\ntwo\nthree");
        assert_eq!(t.rows[1].pos.line, 6);
        let b = blocks("a | b\n--- | ---\nx | one  \n\\\ntwo\ny | z\n");
        let Some(Block::Table(t)) = b.first() else {
            panic!("{b:?}")
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1].text, "one\n\ntwo");
        assert_eq!(t.rows[1].cells[0].text, "y");
    }

    #[test]
    fn a_heading_ends_a_table_without_outer_pipes() {
        // The heading's trailing spaces are no hard break of a row.
        let b = blocks("a | b\n--- | ---\nx | y\n### 示例  \n```json\n{}\n```\n");
        assert!(
            matches!(b.get(1), Some(Block::Heading { text, .. }) if text == "示例"),
            "{b:?}"
        );
        assert!(matches!(b.get(2), Some(Block::Code { .. })), "{b:?}");
    }

    #[test]
    fn rows_in_fenced_code_are_not_joined() {
        let b = blocks("```\n| a | b |\n| --- | --- |\n| x | one  \ntwo |\n```\n");
        assert!(
            matches!(b.first(), Some(Block::Code { text, .. }) if text.contains("one  \ntwo")),
            "{b:?}"
        );
    }

    #[test]
    fn cells_keep_their_source_indentation() {
        let b = blocks("|a | b |\n|---|---|\n|   c | d |\n");
        let Some(Block::Table(t)) = b.first() else {
            panic!("{b:?}")
        };
        assert_eq!(t.header[0].indent, 0);
        assert_eq!(t.rows[0].cells[0].indent, 3);
        assert_eq!(t.rows[0].cells[0].text, "c");
    }

    #[test]
    fn heading_right_after_table() {
        let b = blocks("| a |\n| --- |\n| x |\n### 请求体\n\ntext\n");
        assert!(matches!(b.get(1), Some(Block::Heading { text, .. }) if text == "请求体"));
    }

    #[test]
    fn front_matter_and_html_blocks() {
        let src = "---\ntitle: \"T\"\n---\n# T\n:::html\n<md-alert type=\"tip\">hi</md-alert>\n:::\n## 请求\n";
        let mut d = Vec::new();
        let doc = read_blocks(src, &mut d);
        assert_eq!(
            doc.front_matter,
            vec![("title".to_string(), "T".to_string())]
        );
        // An alert alone does not make the page Feishu's html source.
        assert!(!doc.html_tables);
        assert!(matches!(
            doc.blocks.first(),
            Some(Block::Heading { level: 1, .. })
        ));
        assert!(
            matches!(doc.blocks.last(), Some(Block::Heading { text, pos, .. }) if text == "请求" && pos.line == 8)
        );
    }

    #[test]
    fn nested_lists_render_indented() {
        let b = blocks("- **a** 类型说明:\n\n  基本属性:\n\n   x: string <br> y: int\n  - **b** (object):\n    - **c** 类型说明:\n");
        let Some(Block::Text { text, .. }) = b.first() else {
            panic!("{b:?}")
        };
        assert_eq!(
            text,
            "- **a** 类型说明:\n  基本属性:\n  x: string\n  y: int\n  - **b** (object):\n    - **c** 类型说明:"
        );
    }

    #[test]
    fn positions_count_characters() {
        let idx = LineIndex::new("名称\nab");
        assert_eq!(idx.pos(3), Pos::new(1, 2));
        assert_eq!(idx.pos(7), Pos::new(2, 1));
    }
}
