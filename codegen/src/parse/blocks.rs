//! The flavour-neutral block model every page is first read into: headings, tables, code
//! blocks and text, each with its source position. Markdown goes through pulldown-cmark
//! ([`super::markdown`]); Feishu's `:::html` blocks through [`super::html`]. The page reader
//! ([`super::page`]) only ever sees these blocks.
//!
//! Cell and text content is "doc text": Markdown-ish inline text where `<br>` became `\n`,
//! links stay `[text](url)`, inline code stays `` `code` ``, bold stays `**bold**`, and HTML
//! entities are decoded.

/// A 1-based source position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// One block of a page, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        pos: Pos,
    },
    Table(Table),
    Code {
        /// The info string's first word (`json`, `go`), lower-cased; empty when none.
        lang: String,
        text: String,
        pos: Pos,
    },
    /// A paragraph, list, block quote, alert or leftover HTML, as doc text.
    Text {
        text: String,
        pos: Pos,
    },
}

impl Block {
    pub fn pos(&self) -> Pos {
        match self {
            Block::Heading { pos, .. } | Block::Code { pos, .. } | Block::Text { pos, .. } => *pos,
            Block::Table(t) => t.pos,
        }
    }
}

/// A table: header cells and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub header: Vec<Cell>,
    pub rows: Vec<Row>,
    pub pos: Pos,
}

/// A table row. `level` is the nesting depth when the flavour states it explicitly
/// (`<md-dt-tr level="N">`); `None` otherwise (the page reader then looks for `└` prefixes).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
    pub level: Option<u32>,
    pub pos: Pos,
}

impl Row {
    /// The text of cell `i`, or `""` when the row is short.
    pub fn text(&self, i: usize) -> &str {
        self.cells.get(i).map(|c| c.text.as_str()).unwrap_or("")
    }
}

/// One cell's doc text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    pub pos: Pos,
    /// ASCII spaces and tabs between the cell's pipe and its text in the source (Markdown
    /// trims them from the text; some converters nest rows by them).
    pub indent: u32,
}

/// A page read into blocks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    /// `key: value` pairs of a YAML front matter block, in order, values unquoted.
    pub front_matter: Vec<(String, String)>,
    pub blocks: Vec<Block>,
    /// Whether a table came from a `:::html` block (Feishu's own doc source; other
    /// converters keep only alerts there).
    pub html_tables: bool,
}

/// Limits that keep hostile input bounded. Exceeding one gives an error diagnostic and the
/// excess is dropped.
pub mod limits {
    /// Maximum page size in bytes.
    pub const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;
    /// Maximum rows in one table.
    pub const MAX_TABLE_ROWS: usize = 20_000;
    /// Maximum characters in one cell.
    pub const MAX_CELL_CHARS: usize = 256 * 1024;
    /// Maximum field nesting depth.
    pub const MAX_DEPTH: usize = 32;
    /// Maximum fields of one object (the largest real one has 73; generated code for
    /// thousands of fields in one struct is too big to compile).
    pub const MAX_FIELDS: usize = 1_000;
}
