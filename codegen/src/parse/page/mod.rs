//! Blocks → IR. Sections are recognised by their titles and tables by their header cells,
//! never by position, so every flavour shares this reader; flavour differences live in the
//! block readers ([`super::markdown`], [`super::html`]) and in a few small adapters here
//! (the reference flavour's `**类型额外说明**` blocks in [`reference`], examples-only
//! responses in [`assemble`]).
//!
//! One module per concern: [`sections`] (which part of the page a block is in), [`tables`]
//! (what a table is, its columns), [`basics`] (the request table: URL, method, tokens,
//! scopes), [`fields`] (parameter rows → field trees), [`examples`] (JSON examples and what
//! they say about shapes), [`ids`] (the API's name and path template), [`flattened`]
//! (nesting a converter threw away, rebuilt from the examples), [`values`] (a table of one
//! field's values), [`reference`] and [`assemble`] (the blocks' findings → [`Api`], and the
//! check that every row read reached the IR or a diagnostic).

mod assemble;
mod basics;
mod dictionary;
mod event;
mod examples;
mod fields;
mod flattened;
mod ids;
mod reference;
mod sections;
mod tables;
mod values;

use super::blocks::{limits, Block, Doc, Pos, Table};
use super::markdown::read_blocks;
use super::text::plain_text;
use crate::codes::Code;
use crate::ir::{ApiId, Diagnostic, ErrorCode, Examples, Field, Flavour, Item, SdkNames};
use basics::Basics;
use reference::NamedType;
use sections::Sec;
use tables::TableKind;

pub use dictionary::{Learned, TypeDictionary};

/// Reads one page: an API, or an event or callback. Never panics.
pub fn read_page(source: &str, bytes: &[u8]) -> Item {
    read_page_with(source, bytes, None).0
}

/// Reads one page with the run's dictionary of named types (for flattened tables), and
/// returns what the page teaches the dictionary. Never panics.
pub fn read_page_with(
    source: &str,
    bytes: &[u8],
    dict: Option<&TypeDictionary>,
) -> (Item, Learned) {
    let mut diags = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(e) => {
            let good = bytes.get(..e.valid_up_to()).unwrap_or(&[]);
            let good = String::from_utf8_lossy(good);
            let line = good.matches('\n').count() as u32 + 1;
            let col = good
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0) as u32
                + 1;
            diags.push(Diagnostic::new(
                Code::InvalidUtf8,
                line,
                col,
                "the page is not valid UTF-8; invalid bytes were replaced with U+FFFD",
            ));
            String::from_utf8_lossy(bytes)
        }
    };
    // Classic-Mac line endings: a lone CR ends a line (as in CommonMark). Both are one byte,
    // so offsets, and so positions, are unchanged.
    let text = match lone_cr_to_lf(&text) {
        Some(t) => std::borrow::Cow::Owned(t),
        None => text,
    };
    let mut reader = Reader::new(source, diags);
    if text.len() > limits::MAX_PAGE_BYTES {
        reader.diags.report(
            Code::LimitExceeded,
            Pos::default(),
            format!(
                "the page is larger than {} bytes; not read",
                limits::MAX_PAGE_BYTES
            ),
        );
        return (finish(reader, Flavour::Reference), Learned::default());
    }
    if text.trim().is_empty() {
        reader
            .diags
            .report(Code::EmptyPage, Pos::default(), "the page is empty");
        return (finish(reader, Flavour::Reference), Learned::default());
    }
    let doc = read_blocks(&text, &mut reader.diags);
    let flavour = detect_flavour(&doc);
    reader.read(&doc);
    let learned = assemble::read_bodies(&mut reader, dict);
    (finish(reader, flavour), learned)
}

/// A page with an event-type row is an event or callback; any other page an API.
fn finish(mut reader: Reader, flavour: Flavour) -> Item {
    match reader.basics.event_type.take() {
        Some((kind, event_type, pos)) => Item::Event(Box::new(event::finish(
            reader, flavour, kind, event_type, pos,
        ))),
        None => Item::Api(Box::new(assemble::finish(reader, flavour))),
    }
}

/// `text` with every CR that is not part of a CRLF turned into LF; `None` when there is none.
fn lone_cr_to_lf(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes.get(i + 1) != Some(&b'\n');
    if !text.match_indices('\r').any(|(i, _)| lone(i)) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Some(out)
}

fn detect_flavour(doc: &Doc) -> Flavour {
    if doc.html_tables {
        Flavour::FeishuHtml
    } else if !doc.front_matter.is_empty()
        || doc.blocks.iter().any(|b| {
            matches!(b, Block::Table(t) if t.header.first().map(|c| c.text.trim()) == Some("项目"))
        })
    {
        Flavour::FrontMatter
    } else {
        Flavour::Reference
    }
}

/// Positioned diagnostics for the page being read.
trait Report {
    /// A diagnostic of kind `code` (which fixes its severity) at `pos`.
    fn report(&mut self, code: Code, pos: Pos, msg: impl Into<String>);
}

impl Report for Vec<Diagnostic> {
    fn report(&mut self, code: Code, pos: Pos, msg: impl Into<String>) {
        self.push(Diagnostic::new(code, pos.line, pos.col, msg));
    }
}

/// The rows behind a table's field tree; `envelope` leaves out the top-level
/// `code`/`msg`/`data` rows of a response table (the envelope, not fields).
fn record_rows(fields: &[Field], envelope: bool, rows: &mut Vec<(u32, String)>) {
    for f in fields {
        let envelope_row = envelope && matches!(f.name.as_str(), "code" | "msg" | "data");
        if !envelope_row && f.line > 0 {
            rows.push((f.line, f.name.clone()));
        }
        record_rows(f.children(), false, rows);
    }
}

/// Pushes `item` unless the list already holds it (scopes, tokens: first mention wins).
fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// What the parameter tables documented, by where they sit.
#[derive(Default)]
struct Params {
    path: Vec<Field>,
    query: Vec<Field>,
    headers: Vec<Field>,
    body: Vec<Field>,
    /// Under `请求参数`: query parameters of a GET, body fields otherwise.
    request: Vec<Field>,
    /// `None` until a response table is read.
    response: Option<Vec<Field>>,
    /// The response is described as binary (二进制).
    response_binary: bool,
    /// The response fields sit beside `code`/`msg` instead of under `data`.
    response_flat: bool,
}

/// The page's findings so far, filled block by block and turned into an [`Api`] by
/// [`assemble::finish`].
struct Reader {
    source: String,
    diags: Vec<Diagnostic>,
    title: String,
    /// The page's address, from its front matter.
    doc_url: Option<String>,
    description: Vec<String>,
    explore_id: Option<ApiId>,
    basics: Basics,
    params: Params,
    named_types: Vec<NamedType>,
    errors: Vec<ErrorCode>,
    examples: Examples,
    sdk: Option<SdkNames>,
    /// Parameter tables read in the current section.
    tables_in_section: usize,
    /// The diagnostic that reports the current section's tables that are not read.
    unread: Option<tables::Unread>,
    /// `(line, name)` of every named row of the parameter tables read, for the accounting
    /// in [`assemble::finish`] (the response envelope's `code`/`msg`/`data` rows excepted).
    rows: Vec<(u32, String)>,
    /// Request and response tables in page order, read once the examples are known:
    /// which body, the fields, the table's position, and whether it has no nesting markers.
    bodies: Vec<(BodyTable, Vec<Field>, Pos, bool)>,
    /// What the sections of an event or callback page held.
    events: event::Findings,
}

/// The page's address from its front matter: `fullPath` (relative to the portal's
/// `/document`, as the portal and `sync` write it), else an absolute `source_url`.
fn doc_url(front_matter: &[(String, String)]) -> Option<String> {
    let get = |key: &str| {
        front_matter
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
    };
    if let Some(p) =
        get("fullPath").filter(|p| p.starts_with('/') && !p.contains(char::is_whitespace))
    {
        return Some(format!("https://open.feishu.cn/document{p}"));
    }
    get("source_url")
        .filter(|u| u.starts_with("https://") && !u.contains(char::is_whitespace))
        .map(str::to_owned)
}

/// Which body a table documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyTable {
    Body,
    /// `请求参数`: the query of a GET, the body otherwise.
    Request,
    Response,
}

/// The label a text block ends with: its last line is bold text alone (`**控件信息**:`).
fn bold_label(text: &str) -> Option<String> {
    let last = text.lines().map(str::trim).rfind(|l| !l.is_empty())?;
    let inner = last
        .trim_end_matches([':', '：', ' '])
        .strip_prefix("**")?
        .strip_suffix("**")?
        .trim();
    (!inner.is_empty() && !inner.contains('*')).then(|| inner.to_owned())
}

impl Reader {
    fn new(source: &str, diags: Vec<Diagnostic>) -> Self {
        Reader {
            source: source.to_string(),
            diags,
            title: String::new(),
            doc_url: None,
            description: Vec::new(),
            explore_id: None,
            basics: Basics::default(),
            params: Params::default(),
            named_types: Vec::new(),
            errors: Vec::new(),
            examples: Examples::default(),
            sdk: None,
            tables_in_section: 0,
            unread: None,
            rows: Vec::new(),
            bodies: Vec::new(),
            events: event::Findings::default(),
        }
    }

    fn read(&mut self, doc: &Doc) {
        let fm_title = doc.front_matter.iter().find(|(k, _)| k == "title");
        if let Some((_, v)) = fm_title {
            self.title = v.clone();
        }
        self.doc_url = doc_url(&doc.front_matter);
        // With a front-matter title, only a top-level heading can be the title heading: a
        // page whose converter dropped the `# title` starts with its first section.
        let max_title_level = if fm_title.is_some() { 1 } else { 2 };
        let mut sec = Sec::Preamble;
        let mut title_seen = false;
        // A bold label (`**控件信息**:`) right above a table names it.
        let mut label: Option<String> = None;
        for block in &doc.blocks {
            let above = label.take();
            match block {
                Block::Heading { level, text, pos } => {
                    let class = sections::classify(text);
                    if !title_seen && *level <= max_title_level && class.is_none() {
                        self.title = plain_text(text);
                    } else {
                        self.heading(&mut sec, class, *level, text, *pos);
                    }
                    title_seen = true;
                }
                Block::Text { text, pos } => {
                    label = bold_label(text);
                    self.read_text(&mut sec, text, *pos);
                }
                Block::Code { lang, text, pos } => {
                    // An example between the label's tables (`**控件信息**` lists controls,
                    // each with its JSON) does not end the label.
                    label.clone_from(&above);
                    if !event::read_code(self, sec, text, *pos) {
                        examples::read_code(self, sec, lang, text, *pos);
                    }
                }
                Block::Table(t) => {
                    let read = self.read_table_under(sec, t, above.as_deref());
                    if read {
                        label = above;
                    }
                }
            }
        }
    }

    fn heading(&mut self, sec: &mut Sec, class: Option<Sec>, level: u8, text: &str, pos: Pos) {
        // Tables not read are reported once per section.
        self.unread = None;
        match class {
            Some(s) => {
                if s != *sec {
                    self.tables_in_section = 0;
                }
                *sec = s;
            }
            None if *sec == Sec::Preamble => {
                self.description.push(format!("**{}**", plain_text(text)));
            }
            // `#### C#-restsharp` etc: stay in samples.
            None if *sec == Sec::Samples && level >= 4 => {}
            // A callback's alternative answers (`### 使用卡片 JSON 代码响应`).
            None if *sec == Sec::CallbackResponse && level >= 3 => {}
            None => {
                if level <= 2 {
                    self.tables_in_section = 0;
                } else {
                    self.diags.report(
                        Code::UnknownSection,
                        pos,
                        format!(
                            "unknown section `{}`; its content is not read",
                            plain_text(text)
                        ),
                    );
                    // Its tables are named in this diagnostic, not one by one.
                    self.unread = Some(tables::Unread {
                        diag: self.diags.len() - 1,
                        tables: 0,
                        own: false,
                        text: false,
                    });
                }
                *sec = Sec::Other;
            }
        }
    }

    fn read_text(&mut self, sec: &mut Sec, text: &str, pos: Pos) {
        let mut text = text.trim().to_string();
        if let Some(id) = ids::take_explore_link(&mut text) {
            self.explore_id = Some(id);
        }
        self.events.take_link(&mut text);
        let text = text.trim();
        if let Some(s) = sections::bold_marker_section(text) {
            *sec = s;
            return;
        }
        if *sec == Sec::Other && !text.is_empty() {
            if let Some(u) = self.unread.as_mut() {
                u.text = true;
            }
        }
        match *sec {
            Sec::Preamble if !text.is_empty() => self.description.push(text.to_string()),
            Sec::TypeExtra => self
                .named_types
                .extend(reference::read_type_extra(text, pos)),
            Sec::Headers => {
                if let Some(h) = fields::header_from_tip(text, pos) {
                    if !self.params.headers.iter().any(|f| f.name == h.name) {
                        self.params.headers.push(h);
                    }
                }
            }
            Sec::Response | Sec::ResponseBody | Sec::ResponseHeaders if text.contains("二进制") =>
            {
                self.params.response_binary = true;
            }
            _ => {}
        }
    }

    /// Reads a table; `true` when it was a table of values under a bold label that a
    /// field's description points to (`**控件信息**` for `form`'s control types, see
    /// [`values::attach_labelled`]), whose label then goes on to the next table.
    fn read_table_under(&mut self, sec: Sec, t: &Table, label: Option<&str>) -> bool {
        let values = sec.holds_parameters()
            && matches!(tables::kind(t), TableKind::Params)
            && label.is_some_and(|l| values::attach_labelled(t, l, self));
        if !values {
            self.read_table(sec, t);
        }
        values
    }

    fn read_table(&mut self, sec: Sec, t: &Table) {
        match tables::kind(t) {
            TableKind::Basic => self.basics.read_table(t, &mut self.diags),
            TableKind::Errors => tables::read_error_table(t, &mut self.errors, &mut self.diags),
            TableKind::FieldScopes => self.basics.read_field_scopes(t),
            // A table of one field's values (`obj_type | 说明`) outside the parameter sections.
            TableKind::Params if !sec.holds_parameters() && values::attach(t, self) => {
                // An unknown section that held only this table was read after all.
                let only_this = self.unread.is_some_and(|u| {
                    !u.own && !u.text && u.tables == 0 && u.diag + 1 == self.diags.len()
                });
                if only_this {
                    self.diags.pop();
                    self.unread = None;
                }
            }
            TableKind::Params => {
                let Some(cols) = tables::param_columns(
                    sec,
                    t,
                    self.tables_in_section,
                    &mut self.unread,
                    &mut self.diags,
                ) else {
                    return;
                };
                self.tables_in_section += 1;
                let mut fields = fields::read_fields(t, cols, &mut self.diags);
                let flat = !fields::has_nesting_markers(t, cols);
                let body = matches!(
                    sec,
                    Sec::RequestBody
                        | Sec::TypeExtra
                        | Sec::Request
                        | Sec::RequestParams
                        | Sec::ResponseBody
                        | Sec::Response
                );
                // A flat body table is bounded once its tree is rebuilt ([`assemble`]).
                if flat && !body {
                    fields::limit_width(&mut fields, "the table", &mut self.diags);
                }
                // Event tables record their rows once the envelope is told apart.
                let Some(fields) = self.events.table(sec, fields, t.pos, flat) else {
                    return;
                };
                let envelope = matches!(sec, Sec::ResponseBody | Sec::Response);
                record_rows(&fields, envelope, &mut self.rows);
                match sec {
                    Sec::Headers => self.params.headers.extend(fields),
                    Sec::PathParams => self.params.path.extend(fields),
                    Sec::QueryParams => self.params.query.extend(fields),
                    // Bodies wait for the page's examples: a table without nesting markers
                    // may be one whose converter flattened it ([`flattened`]).
                    Sec::RequestBody | Sec::TypeExtra | Sec::Request => {
                        self.bodies.push((BodyTable::Body, fields, t.pos, flat))
                    }
                    Sec::RequestParams => {
                        self.bodies.push((BodyTable::Request, fields, t.pos, flat))
                    }
                    // The IR has no response headers yet: each row says so, at its line.
                    Sec::ResponseHeaders => {
                        for f in &fields {
                            self.diags.report(
                                Code::ResponseHeaderNotRead,
                                Pos::new(f.line, 1),
                                format!(
                                    "response header `{}` is documented but not read; the bindings return the body only",
                                    f.name
                                ),
                            );
                        }
                    }
                    Sec::ResponseBody | Sec::Response => {
                        self.bodies.push((BodyTable::Response, fields, t.pos, flat))
                    }
                    _ => {}
                }
            }
        }
    }
}
