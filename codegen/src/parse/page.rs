//! Blocks → IR. Sections are recognised by their titles and tables by their header cells,
//! never by position, so every flavour shares this reader; flavour differences live in the
//! block readers ([`super::markdown`], [`super::html`]) and in a few small adapters here
//! (flavour A's `**类型额外说明**` blocks, examples-only responses).

use super::blocks::{limits, Block, Doc, Pos, Row, Table};
use super::markdown::read_blocks;
use super::text::{plain_text, split_field_doc};
use super::types::parse_doc_type;
use crate::ir::{
    AccessToken, Api, ApiId, Body, BodyKind, Diagnostic, ErrorCode, Examples, Field, FieldsSource,
    Flavour, SdkNames, Type,
};
use serde_json::Value;

/// Reads one page. Never panics.
pub fn read_page(source: &str, bytes: &[u8]) -> Api {
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
            diags.push(Diagnostic::error(
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
        reader.error(
            Pos::default(),
            format!(
                "the page is larger than {} bytes; not read",
                limits::MAX_PAGE_BYTES
            ),
        );
        return reader.finish(Flavour::A);
    }
    if text.trim().is_empty() {
        reader.error(Pos::default(), "the page is empty");
        return reader.finish(Flavour::A);
    }
    let doc = read_blocks(&text, &mut reader.diags);
    let flavour = detect_flavour(&doc);
    reader.read(&doc);
    reader.finish(flavour)
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
    if doc.has_html_blocks {
        Flavour::Raw
    } else if !doc.front_matter.is_empty()
        || doc.blocks.iter().any(|b| {
            matches!(b, Block::Table(t) if t.header.first().map(|c| c.text.trim()) == Some("项目"))
        })
    {
        Flavour::C
    } else {
        Flavour::A
    }
}

/// What part of the page the reader is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sec {
    Preamble,
    Request,
    Headers,
    PathParams,
    QueryParams,
    RequestBody,
    RequestExample,
    TypeExtra,
    Response,
    ResponseHeaders,
    ResponseBody,
    ResponseExample,
    Errors,
    Samples,
    Other,
}

/// Classifies a heading or bold marker by meaning.
fn classify(title: &str) -> Option<Sec> {
    let t = plain_text(title);
    let t = t.trim().trim_end_matches([':', '：']).trim();
    let lower = t.to_lowercase();
    if lower.contains("curl") || lower.contains("sdk") {
        return Some(Sec::Samples);
    }
    let example = t.contains("示例") || t.contains("成功") || t.contains("失败");
    let sec = if t.contains("调用示例") {
        Sec::Samples
    } else if t.contains("类型额外说明") {
        Sec::TypeExtra
    } else if t.contains("请求头") {
        Sec::Headers
    } else if t.contains("路径参数") {
        Sec::PathParams
    } else if t.contains("查询参数") {
        Sec::QueryParams
    } else if t.contains("请求") && example {
        Sec::RequestExample
    } else if t.contains("请求体") || t.contains("请求参数") {
        Sec::RequestBody
    } else if t.contains("响应头") {
        Sec::ResponseHeaders
    } else if t.contains("响应") && example {
        Sec::ResponseExample
    } else if t.contains("响应体") {
        Sec::ResponseBody
    } else if t.contains("错误码") {
        Sec::Errors
    } else if t == "请求" {
        Sec::Request
    } else if t == "响应" || t == "返回" {
        Sec::Response
    } else {
        return None;
    };
    Some(sec)
}

/// Column roles of a parameter table, found by header meaning.
#[derive(Debug, Default, Clone, Copy)]
struct Columns {
    name: Option<usize>,
    ty: Option<usize>,
    required: Option<usize>,
    description: Option<usize>,
}

fn header_role(h: &str) -> Option<&'static str> {
    let h = plain_text(h).trim().to_lowercase();
    let h = h.as_str();
    if h.contains("必填") || h.contains("必选") || h == "required" || h == "是否必须" {
        Some("required")
    } else if h.contains("类型") || h == "type" {
        Some("type")
    } else if h.contains("描述") || h.contains("说明") || h == "description" || h.contains("备注")
    {
        Some("description")
    } else if h.contains("名称")
        || h.contains("参数")
        || h.contains("字段")
        || h.contains("属性")
        || h == "name"
        || h == "field"
        || h == "parameter"
    {
        Some("name")
    } else {
        None
    }
}

fn columns(t: &Table) -> Columns {
    let mut c = Columns::default();
    for (i, cell) in t.header.iter().enumerate() {
        match header_role(&cell.text) {
            Some("name") if c.name.is_none() => c.name = Some(i),
            Some("type") if c.ty.is_none() => c.ty = Some(i),
            Some("required") if c.required.is_none() => c.required = Some(i),
            Some("description") if c.description.is_none() => c.description = Some(i),
            _ => {}
        }
    }
    c
}

struct Reader {
    source: String,
    diags: Vec<Diagnostic>,
    title: String,
    description: Vec<String>,
    explore_id: Option<ApiId>,
    http_method: Option<String>,
    url: Option<String>,
    host: Option<String>,
    tokens: Vec<AccessToken>,
    scopes: Vec<String>,
    scope_names: Vec<String>,
    field_scopes: Vec<String>,
    app_types: Vec<String>,
    rate_limit: Option<String>,
    path_params: Vec<Field>,
    query_params: Vec<Field>,
    headers: Vec<Field>,
    body_fields: Vec<Field>,
    body_table_seen: bool,
    response_fields: Option<Vec<Field>>,
    response_binary: bool,
    /// The response fields sit beside `code`/`msg` instead of under `data`.
    response_flat: bool,
    errors: Vec<ErrorCode>,
    examples: Examples,
    sdk: Option<SdkNames>,
    named_types: Vec<NamedType>,
    /// Parameter tables read in the current section.
    tables_in_section: usize,
}

/// A named type from flavour A's `**类型额外说明**` blocks.
#[derive(Debug, Clone)]
struct NamedType {
    name: String,
    fields: Vec<Field>,
    line: u32,
}

impl Reader {
    fn new(source: &str, diags: Vec<Diagnostic>) -> Self {
        Reader {
            source: source.to_string(),
            diags,
            title: String::new(),
            description: Vec::new(),
            explore_id: None,
            http_method: None,
            url: None,
            host: None,
            tokens: Vec::new(),
            scopes: Vec::new(),
            scope_names: Vec::new(),
            field_scopes: Vec::new(),
            app_types: Vec::new(),
            rate_limit: None,
            path_params: Vec::new(),
            query_params: Vec::new(),
            headers: Vec::new(),
            body_fields: Vec::new(),
            body_table_seen: false,
            response_fields: None,
            response_binary: false,
            response_flat: false,
            errors: Vec::new(),
            examples: Examples::default(),
            sdk: None,
            named_types: Vec::new(),
            tables_in_section: 0,
        }
    }

    fn error(&mut self, pos: Pos, msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(pos.line, pos.col, msg));
    }

    fn warn(&mut self, pos: Pos, msg: impl Into<String>) {
        self.diags.push(Diagnostic::warning(pos.line, pos.col, msg));
    }

    fn read(&mut self, doc: &Doc) {
        for (k, v) in &doc.front_matter {
            if k == "title" && self.title.is_empty() {
                self.title = v.clone();
            }
        }
        let mut sec = Sec::Preamble;
        let mut title_seen = false;
        for block in &doc.blocks {
            match block {
                Block::Heading { level, text, pos } => {
                    if !title_seen && *level <= 2 && classify(text).is_none() {
                        title_seen = true;
                        self.title = plain_text(text);
                        continue;
                    }
                    title_seen = true;
                    match classify(text) {
                        Some(s) => {
                            if s != sec {
                                self.tables_in_section = 0;
                            }
                            sec = s;
                        }
                        None => {
                            if sec == Sec::Preamble {
                                self.description.push(format!("**{}**", plain_text(text)));
                            } else if sec == Sec::Samples && *level >= 4 {
                                // `#### C#-restsharp` etc: stay in samples.
                            } else if *level <= 2 {
                                self.tables_in_section = 0;
                                sec = Sec::Other;
                            } else {
                                // Unknown sub-section: keep going in the parent context for
                                // tables, but say so.
                                self.warn(
                                    *pos,
                                    format!(
                                        "unknown section `{}`; its content is not read",
                                        plain_text(text)
                                    ),
                                );
                                sec = Sec::Other;
                            }
                        }
                    }
                }
                Block::Text { text, pos } => {
                    self.read_text(&mut sec, text, *pos);
                }
                Block::Code { lang, text, pos } => self.read_code(sec, lang, text, *pos),
                Block::Table(t) => self.read_table(sec, t),
            }
        }
    }

    fn read_text(&mut self, sec: &mut Sec, text: &str, pos: Pos) {
        let trimmed = text.trim();
        // `{尝试一下}(url=/api/tools/api_explore/api_explore_config?project=…)`
        let mut text_owned = trimmed.to_string();
        if let Some(start) = text_owned.find("{尝试一下}(") {
            let rest = text_owned.get(start..).unwrap_or("");
            let end = rest
                .find(')')
                .map(|e| start + e + 1)
                .unwrap_or(text_owned.len());
            let link = text_owned.get(start..end).unwrap_or("").to_string();
            self.explore_id = explore_id(&link);
            text_owned.replace_range(start..end, "");
        }
        let text = text_owned.trim();
        // Bold markers that open a sub-section (`**请求体示例**:`).
        if text.starts_with("**") {
            let marker_end = text.get(2..).and_then(|r| r.find("**")).map(|e| e + 4);
            if let Some(end) = marker_end {
                let marker = text.get(..end).unwrap_or("");
                let after = text
                    .get(end..)
                    .unwrap_or("")
                    .trim()
                    .trim_start_matches([':', '：']);
                if let Some(s) = classify(marker) {
                    if after.trim().is_empty() {
                        *sec = s;
                        return;
                    }
                }
            }
        }
        match *sec {
            Sec::Preamble if !text.is_empty() => self.description.push(text.to_string()),
            Sec::TypeExtra => self.read_type_extra(text, pos),
            Sec::Response | Sec::ResponseBody | Sec::ResponseHeaders if text.contains("二进制") =>
            {
                self.response_binary = true;
            }
            _ => {}
        }
    }

    fn read_code(&mut self, sec: Sec, lang: &str, text: &str, pos: Pos) {
        match sec {
            Sec::RequestExample | Sec::RequestBody => {
                if self.examples.request.is_some() || self.examples.request_raw.is_some() {
                    return;
                }
                match parse_json_example(text) {
                    Ok((v, repaired)) => {
                        if repaired {
                            self.warn(pos, "the request example is not strict JSON (trailing commas or comments); read leniently");
                        }
                        self.examples.request = Some(v)
                    }
                    Err(e) => {
                        self.examples.request_raw = Some(text.to_string());
                        if lang == "json" || text.trim_start().starts_with('{') {
                            self.warn(pos, format!("the request example is not valid JSON: {e}"));
                        }
                    }
                }
            }
            Sec::ResponseExample | Sec::Response | Sec::ResponseBody => {
                if self.examples.response.is_some() {
                    return;
                }
                match parse_json_example(text) {
                    Ok((v, repaired)) => {
                        if repaired {
                            self.warn(pos, "the response example is not strict JSON (trailing commas or comments); read leniently");
                        }
                        self.examples.response = Some(v)
                    }
                    Err(e) => {
                        if text.trim().is_empty() {
                            return;
                        }
                        self.warn(pos, format!("the response example is not valid JSON: {e}"))
                    }
                }
            }
            Sec::Samples if lang == "go" || lang == "golang" => self.read_go_sample(text),
            _ => {}
        }
    }

    fn read_go_sample(&mut self, text: &str) {
        if self.sdk.is_some() {
            return;
        }
        let builder = text.split_whitespace().find_map(|w| {
            let w = w.trim_start_matches(":=");
            let i = w.find(".New")?;
            let end = w.find("ReqBuilder(")? + "ReqBuilder".len();
            (i < end)
                .then(|| w.get(..end).map(str::to_string))
                .flatten()
        });
        let call = text.find("client.").and_then(|i| {
            let rest = text.get(i..)?;
            let end = rest.find('(')?;
            let call = rest.get(..end)?;
            (call.split('.').count() >= 5
                && call
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            .then(|| call.to_string())
        });
        if let (Some(request_builder), Some(call)) = (builder, call) {
            self.sdk = Some(SdkNames {
                request_builder,
                call,
            });
        }
    }

    fn read_table(&mut self, sec: Sec, t: &Table) {
        let is_basic = t.header.first().map(|c| plain_text(&c.text)).as_deref() == Some("基本")
            || t.header.first().map(|c| plain_text(&c.text)).as_deref() == Some("项目")
            || t.rows
                .iter()
                .any(|r| plain_text(r.text(0)).trim() == "HTTP URL");
        if is_basic {
            self.read_basic_table(t);
            return;
        }
        let header_has = |s: &str| t.header.iter().any(|c| c.text.contains(s));
        if header_has("错误码") {
            self.read_error_table(t);
            return;
        }
        if t.header.first().map(|c| plain_text(&c.text)).as_deref() == Some("字段权限要求")
            || t.rows
                .first()
                .map(|r| plain_text(r.text(0)) == "字段权限要求")
                .unwrap_or(false)
        {
            return self.read_field_scopes(t);
        }
        let cols = columns(t);
        match sec {
            Sec::Headers
            | Sec::PathParams
            | Sec::QueryParams
            | Sec::RequestBody
            | Sec::TypeExtra
            | Sec::ResponseBody
            | Sec::ResponseHeaders
            | Sec::Response
            | Sec::Request => {}
            _ => {
                self.warn(
                    t.pos,
                    format!(
                        "table with header `{}` outside a known section; not read",
                        header_text(t)
                    ),
                );
                return;
            }
        }
        if cols.name.is_none() {
            // The section's first table must be its parameter table; later ones are often
            // explanations (bit meanings, value lists).
            let msg = format!(
                "parameter table has no name column (header `{}`); not read",
                header_text(t)
            );
            if self.tables_in_section == 0 {
                self.error(t.pos, msg);
            } else {
                self.warn(t.pos, msg);
            }
            return;
        }
        self.tables_in_section += 1;
        if cols.ty.is_none() {
            self.warn(
                t.pos,
                format!(
                    "parameter table has no type column (header `{}`); types are left open (any JSON value)",
                    header_text(t)
                ),
            );
        }
        let fields = self.read_fields(t, cols);
        match sec {
            Sec::Headers => self.headers.extend(fields),
            Sec::PathParams => self.path_params.extend(fields),
            Sec::QueryParams => self.query_params.extend(fields),
            Sec::RequestBody | Sec::TypeExtra | Sec::Request => {
                self.body_table_seen = true;
                self.body_fields.extend(fields)
            }
            Sec::ResponseBody | Sec::Response => self.read_response_table(fields, t.pos),
            Sec::ResponseHeaders => {}
            _ => {}
        }
    }

    fn read_field_scopes(&mut self, t: &Table) {
        let mut cells: Vec<&str> = t.header.iter().map(|c| c.text.as_str()).collect();
        for r in &t.rows {
            cells.extend(r.cells.iter().map(|c| c.text.as_str()));
        }
        for c in cells {
            for (code, _) in scope_items(c) {
                if let Some(code) = code {
                    if !self.field_scopes.contains(&code) {
                        self.field_scopes.push(code);
                    }
                }
            }
        }
    }

    fn read_basic_table(&mut self, t: &Table) {
        let mut perm_rows: Vec<&Row> = Vec::new();
        for r in &t.rows {
            let key = plain_text(r.text(0));
            let value = r.text(1);
            let pos = r.cells.get(1).map(|c| c.pos).unwrap_or(r.pos);
            if key.contains("HTTP URL") {
                self.read_url(value, pos);
            } else if key.contains("HTTP Method") {
                let m = plain_text(value).trim().to_ascii_uppercase();
                if matches!(
                    m.as_str(),
                    "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"
                ) {
                    self.http_method = Some(m);
                } else {
                    self.error(pos, format!("unknown HTTP method `{}`", plain_text(value)));
                }
            } else if key.contains("访问令牌") {
                self.read_tokens(value);
            } else if key.contains("应用类型") {
                self.app_types = plain_text(value)
                    .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
            } else if key.starts_with("字段权限要求") {
                for (code, _) in scope_items(value) {
                    if let Some(code) = code {
                        if !self.field_scopes.contains(&code) {
                            self.field_scopes.push(code);
                        }
                    }
                }
            } else if key.starts_with("权限要求") {
                perm_rows.push(r);
            } else if key.contains("频率限制") {
                self.rate_limit = Some(plain_text(value));
            } else {
                self.warn(r.pos, format!("unknown request table row `{key}`; ignored"));
            }
        }
        for r in perm_rows {
            for (code, name) in scope_items(r.text(1)) {
                if let Some(code) = code {
                    if !self.scopes.contains(&code) {
                        self.scopes.push(code);
                    }
                }
                if let Some(name) = name {
                    self.scope_names.push(name);
                }
            }
        }
    }

    fn read_url(&mut self, value: &str, pos: Pos) {
        // `[text](url)` or `` `url` `` or plain.
        let mut url = plain_text(value).trim().to_string();
        if let Some(u) = url.split_whitespace().next() {
            url = u.to_string();
        }
        let (host, path) = match url.split_once("://") {
            Some((_, rest)) => match rest.find('/') {
                Some(i) => (
                    rest.get(..i).unwrap_or("").to_string(),
                    rest.get(i..).unwrap_or("").to_string(),
                ),
                None => (rest.to_string(), "/".to_string()),
            },
            None => (String::new(), url.clone()),
        };
        let mut path = path;
        if let Some((p, q)) = path.split_once('?') {
            self.warn(pos, format!("the HTTP URL carries a query string `?{q}`; it is dropped from the path template"));
            path = p.to_string();
        }
        if !path.starts_with('/') {
            self.error(pos, format!("the HTTP URL `{url}` has no path"));
            return;
        }
        // `{param}` placeholders become `:param`.
        if path.contains('{') {
            let mut out = String::new();
            let mut rest = path.as_str();
            while let Some(i) = rest.find('{') {
                out.push_str(rest.get(..i).unwrap_or(""));
                let after = rest.get(i + 1..).unwrap_or("");
                match after.find('}') {
                    Some(j) => {
                        out.push(':');
                        out.push_str(&after.get(..j).unwrap_or("").to_ascii_lowercase());
                        rest = after.get(j + 1..).unwrap_or("");
                    }
                    None => {
                        out.push_str(rest.get(i..).unwrap_or(""));
                        rest = "";
                    }
                }
            }
            out.push_str(rest);
            self.warn(
                pos,
                format!("the HTTP URL uses `{{}}` placeholders; read as `{out}`"),
            );
            path = out;
        }
        if !host.is_empty() && host != "open.feishu.cn" {
            self.host = Some(host);
        }
        self.url = Some(path);
    }

    fn read_tokens(&mut self, value: &str) {
        for w in plain_text(value).split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if let Some(t) = AccessToken::from_doc(w) {
                if !self.tokens.contains(&t) {
                    self.tokens.push(t);
                }
            }
        }
    }

    fn read_error_table(&mut self, t: &Table) {
        let mut status_col = None;
        let mut code_col = None;
        let mut desc_col = None;
        let mut advice_col = None;
        for (i, c) in t.header.iter().enumerate() {
            let h = plain_text(&c.text);
            if h.contains("HTTP") || h.contains("状态码") && !h.contains("错误码") {
                status_col.get_or_insert(i);
            } else if h.contains("错误码") {
                code_col.get_or_insert(i);
            } else if h.contains("描述") || h.contains("错误信息") || h.contains("说明") {
                desc_col.get_or_insert(i);
            } else if h.contains("排查") || h.contains("建议") || h.contains("解决") {
                advice_col.get_or_insert(i);
            }
        }
        let Some(code_col) = code_col else {
            self.warn(
                t.pos,
                format!("error table without a code column (`{}`)", header_text(t)),
            );
            return;
        };
        for r in &t.rows {
            let code_text = plain_text(r.text(code_col));
            let code_text = code_text.trim();
            let Ok(code) = code_text.parse::<i64>() else {
                if !code_text.is_empty() {
                    self.warn(
                        r.pos,
                        format!("error code `{code_text}` is not an integer; row ignored"),
                    );
                }
                continue;
            };
            let status_text = status_col
                .map(|c| plain_text(r.text(c)))
                .unwrap_or_default();
            let http_status = status_text
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|s| (100..600).contains(s));
            if http_status.is_none() && !status_text.trim().is_empty() {
                self.warn(
                    r.pos,
                    format!("HTTP status `{}` is not valid; ignored", status_text.trim()),
                );
            }
            if self.errors.iter().any(|e| e.code == code) {
                self.warn(
                    r.pos,
                    format!("error code {code} is listed twice; the first row is kept"),
                );
                continue;
            }
            let clean = |s: &str| {
                let s = s.trim();
                if s == "-" || s == "\\-" {
                    String::new()
                } else {
                    s.to_string()
                }
            };
            self.errors.push(ErrorCode {
                http_status,
                code,
                description: clean(desc_col.map(|c| r.text(c)).unwrap_or("")),
                advice: clean(advice_col.map(|c| r.text(c)).unwrap_or("")),
            });
        }
    }

    /// Reads a parameter table into a field tree, using explicit row levels or `└` prefixes.
    fn read_fields(&mut self, t: &Table, cols: Columns) -> Vec<Field> {
        let mut flat: Vec<(u32, Field)> = Vec::new();
        // Indent widths of the open ancestors, for tables that nest by `└`/`∟` prefixes.
        let mut widths: Vec<u32> = Vec::new();
        for r in &t.rows {
            let name_cell = cols.name.map(|c| r.text(c)).unwrap_or("");
            // The name is the first line; later lines hold tags such as `必选`.
            let name_cell = name_cell.lines().next().unwrap_or("");
            let (width, rest) = indent_width(name_cell);
            let level = match r.level {
                Some(l) => l,
                None => {
                    while widths.last().is_some_and(|&top| top > width) {
                        widths.pop();
                    }
                    if widths.last() != Some(&width) {
                        widths.push(width);
                    }
                    widths.len().saturating_sub(1) as u32
                }
            };
            // `name` or "`name` `必选`": the name is the first word; a requiredness tag after
            // it counts when the table has no 必填 column.
            let plain = plain_text(rest);
            let (name, tagged_required) = match plain.trim().rsplit_once(char::is_whitespace) {
                Some((n, "必选" | "必填" | "required")) => (n.trim().to_string(), Some(true)),
                Some((n, "可选" | "选填" | "optional")) => (n.trim().to_string(), Some(false)),
                _ => (plain.trim().to_string(), None),
            };
            if name.is_empty() {
                if r.cells.iter().any(|c| !c.text.trim().is_empty()) {
                    self.warn(r.pos, "table row without a field name; ignored");
                }
                continue;
            }
            let doc_type = cols
                .ty
                .map(|c| plain_text(r.text(c)).trim().to_string())
                .unwrap_or_default();
            // No type (no column, or an empty cell) leaves the type open: any JSON value,
            // refined from the example where it shows one.
            let parsed = parse_doc_type(&doc_type);
            if !parsed.known {
                self.warn(
                    r.pos,
                    format!("unknown type `{doc_type}` for field `{name}`; read as any"),
                );
            }
            let required = match cols.required.map(|c| plain_text(r.text(c))) {
                None => tagged_required,
                Some(s) => match s.trim() {
                    "是" | "true" | "yes" | "Y" | "required" | "必填" => Some(true),
                    "否" | "false" | "no" | "N" | "optional" | "选填" => Some(false),
                    "" | "-" => None,
                    other => {
                        self.warn(
                            r.pos,
                            format!("`必填` value `{other}` for `{name}` is not 是/否"),
                        );
                        None
                    }
                },
            };
            let fd = split_field_doc(cols.description.map(|c| r.text(c)).unwrap_or(""));
            let mut field = Field::new(name, parsed.ty);
            field.doc_type = doc_type;
            field.type_name = parsed.type_name;
            field.required = required;
            field.description = fd.description;
            field.example = fd.example;
            field.default = fd.default;
            field.constraints = fd.constraints;
            if !fd.enum_values.is_empty() {
                field.enum_values = Some(fd.enum_values);
            }
            field.line = r.pos.line;
            flat.push((level, field));
        }
        let mut tree = self.build_tree(flat);
        self.limit_width(&mut tree, "the table");
        tree
    }

    /// Bounds the width of a field tree: objects keep their first
    /// [`limits::MAX_FIELDS`] fields, with an error for the rest.
    fn limit_width(&mut self, fields: &mut Vec<Field>, parent: &str) {
        if fields.len() > limits::MAX_FIELDS {
            let line = fields.get(limits::MAX_FIELDS).map(|f| f.line).unwrap_or(0);
            self.error(
                Pos::new(line, 1),
                format!(
                    "{parent} has {} fields, more than {}; the rest are ignored",
                    fields.len(),
                    limits::MAX_FIELDS
                ),
            );
            fields.truncate(limits::MAX_FIELDS);
        }
        for f in fields.iter_mut() {
            if let Some(children) = f.children.as_mut() {
                let name = format!("object `{}`", f.name);
                self.limit_width(children, &name);
            }
        }
    }

    fn build_tree(&mut self, flat: Vec<(u32, Field)>) -> Vec<Field> {
        // Stack of (level, field) whose children are still open.
        let mut roots: Vec<Field> = Vec::new();
        let mut stack: Vec<(u32, Field)> = Vec::new();
        fn close(stack: &mut Vec<(u32, Field)>, roots: &mut Vec<Field>) {
            if let Some((_, f)) = stack.pop() {
                match stack.last_mut() {
                    Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(f),
                    None => roots.push(f),
                }
            }
        }
        // The documented level of the last field dropped for depth: the rows below it are its
        // sub-fields and go with it, without a diagnostic each.
        let mut dropped: Option<u32> = None;
        for (level, field) in flat {
            if dropped.is_some_and(|d| level > d) {
                continue;
            }
            dropped = None;
            let documented = level;
            let mut level = level;
            let max = stack.last().map(|(l, _)| l + 1).unwrap_or(0);
            if level > max {
                self.warn(
                    Pos::new(field.line, 1),
                    format!(
                        "field `{}` is nested {} levels below its parent; read as one level",
                        field.name,
                        level - max + 1
                    ),
                );
                level = max;
            }
            if level as usize >= limits::MAX_DEPTH {
                self.error(
                    Pos::new(field.line, 1),
                    format!(
                        "field `{}` is nested deeper than {} levels; ignored with its sub-fields",
                        field.name,
                        limits::MAX_DEPTH
                    ),
                );
                dropped = Some(documented);
                continue;
            }
            while stack.last().map(|(l, _)| *l >= level).unwrap_or(false) {
                close(&mut stack, &mut roots);
            }
            stack.push((level, field));
        }
        while !stack.is_empty() {
            close(&mut stack, &mut roots);
        }
        roots
    }

    fn read_response_table(&mut self, fields: Vec<Field>, pos: Pos) {
        let mut data: Option<Vec<Field>> = None;
        let mut others = Vec::new();
        for f in fields {
            match f.name.as_str() {
                "code" | "msg" => {}
                "data" => data = Some(f.children.unwrap_or_default()),
                _ => others.push(f),
            }
        }
        match data {
            Some(d) => {
                if !others.is_empty() {
                    let names: Vec<&str> = others.iter().map(|f| f.name.as_str()).collect();
                    self.warn(
                        pos,
                        format!(
                            "response fields outside `data` ignored: {}",
                            names.join(", ")
                        ),
                    );
                }
                self.response_fields.get_or_insert_with(Vec::new).extend(d);
            }
            None => {
                if !others.is_empty() {
                    self.warn(
                        pos,
                        "the response has no `data` field; its fields sit beside `code` and `msg`",
                    );
                    self.response_flat = true;
                }
                self.response_fields
                    .get_or_insert_with(Vec::new)
                    .extend(others);
            }
        }
    }

    /// Flavour A's `**类型额外说明**` block: a list of named types.
    fn read_type_extra(&mut self, text: &str, pos: Pos) {
        let lines: Vec<(usize, &str)> = text
            .lines()
            .map(|l| {
                let indent = l.len() - l.trim_start().len();
                (indent, l.trim())
            })
            .collect();
        let mut i = 0;
        let types = parse_named_types(&lines, &mut i, 0, pos.line);
        self.named_types.extend(types);
    }

    fn finish(mut self, flavour: Flavour) -> Api {
        let source = self.source.clone();
        let id = self.resolve_id();
        if self.url.is_none() && !self.has_errors() {
            self.error(Pos::default(), "no `HTTP URL` row found in a request table");
        }
        if self.http_method.is_none() && !self.has_errors() {
            self.error(
                Pos::default(),
                "no `HTTP Method` row found in a request table",
            );
        }
        if self.title.is_empty() && !self.has_errors() {
            self.warn(Pos::default(), "the page has no title heading");
        }
        // Access tokens from the Authorization header (flavours C and raw).
        if self.tokens.is_empty() {
            let auth: Vec<String> = self
                .headers
                .iter()
                .filter(|h| h.name.eq_ignore_ascii_case("authorization"))
                .map(|h| {
                    format!(
                        "{} {}",
                        h.description,
                        h.example.clone().unwrap_or_default()
                    )
                })
                .collect();
            for a in auth {
                self.read_tokens(&a);
            }
        }
        self.tokens.sort();
        // Any one scope suffices, so their order carries no meaning: sort for stable output.
        self.scopes.sort();
        self.scopes.dedup();

        // Request body.
        let named = std::mem::take(&mut self.named_types);
        let mut body_fields = std::mem::take(&mut self.body_fields);
        if !named.is_empty() {
            attach_named_types(&mut body_fields, &named, &mut self.diags);
        }
        if let Some(ex) = &self.examples.request {
            refine_from_example(&mut body_fields, ex, 0);
        }
        let mut all = Vec::new();
        for f in body_fields.iter_mut() {
            normalise_field(f, &mut self.diags, 0);
        }
        for list in [
            &mut self.path_params,
            &mut self.query_params,
            &mut self.headers,
        ] {
            for f in list.iter_mut() {
                normalise_field(f, &mut all, 0);
                // Path and query values are text on the wire: an open (`array`, `-`) type
                // means strings.
                if matches!(f.ty.leaf(), Type::Any) {
                    f.ty = f.ty.with_leaf(Type::String);
                }
            }
        }
        self.diags.extend(all);
        let multipart_header = self.headers.iter().any(|h| {
            h.name.eq_ignore_ascii_case("content-type")
                && (h.description.contains("multipart")
                    || h.example.as_deref().unwrap_or("").contains("multipart"))
        });
        let has_file = body_fields
            .iter()
            .any(|f| matches!(f.ty.leaf(), Type::File));
        let request_kind = if has_file || multipart_header {
            BodyKind::Multipart
        } else if !body_fields.is_empty() || self.examples.request.is_some() {
            BodyKind::Json
        } else {
            BodyKind::None
        };
        let request_from = if body_fields.is_empty() && self.examples.request.is_some() {
            if let Some(Value::Object(m)) = &self.examples.request {
                body_fields = infer_fields(m);
            }
            Some(FieldsSource::Example)
        } else if !body_fields.is_empty() {
            Some(FieldsSource::Table)
        } else {
            None
        };
        if request_from == Some(FieldsSource::Example) && request_kind != BodyKind::None {
            self.warn(
                Pos::default(),
                "no request body table; body fields inferred from the request example",
            );
        }

        // Response body.
        let (mut response_fields, response_from) = match self.response_fields.take() {
            Some(f) => (f, Some(FieldsSource::Table)),
            None => match self.examples.response.as_ref().and_then(|v| v.get("data")) {
                Some(Value::Object(m)) => (infer_fields(m), Some(FieldsSource::Example)),
                _ => (Vec::new(), None),
            },
        };
        if response_from == Some(FieldsSource::Table) {
            let example = if self.response_flat {
                self.examples.response.clone()
            } else {
                self.examples
                    .response
                    .as_ref()
                    .and_then(|v| v.get("data"))
                    .cloned()
            };
            if let Some(data) = example {
                refine_from_example(&mut response_fields, &data, 0);
            }
        }
        for f in response_fields.iter_mut() {
            normalise_field(f, &mut self.diags, 0);
        }
        let response_kind = if self.response_binary
            && self.examples.response.is_none()
            && response_fields.is_empty()
        {
            BodyKind::Binary
        } else if !response_fields.is_empty()
            || self.examples.response.is_some()
            || response_from.is_some()
        {
            BodyKind::Json
        } else if self.response_binary {
            BodyKind::Binary
        } else {
            BodyKind::Json
        };

        let mut description = self.description.join("\n\n");
        if description.len() > limits::MAX_CELL_CHARS {
            description = description.chars().take(limits::MAX_CELL_CHARS).collect();
        }
        let mut diagnostics = self.diags;
        diagnostics.sort_by_key(|d| (d.line, d.column));
        diagnostics.dedup();
        Api {
            source,
            id,
            flavour,
            title: self.title,
            description,
            http_method: self.http_method.unwrap_or_default(),
            path: self.url.unwrap_or_default(),
            host: self.host,
            access_tokens: self.tokens,
            scopes: self.scopes,
            scope_names: self.scope_names,
            field_scopes: self.field_scopes,
            app_types: self.app_types,
            rate_limit: self.rate_limit,
            path_params: self.path_params,
            query_params: self.query_params,
            headers: self.headers,
            request_body: Body {
                kind: request_kind,
                fields: body_fields,
                fields_from: request_from,
                flat: false,
            },
            response_body: Body {
                kind: response_kind,
                fields: response_fields,
                fields_from: response_from,
                flat: self.response_flat,
            },
            errors: self.errors,
            examples: self.examples,
            sdk: self.sdk,
            diagnostics,
        }
    }

    fn has_errors(&self) -> bool {
        self.diags
            .iter()
            .any(|d| d.severity == crate::ir::Severity::Error)
    }

    /// The API's id: from the Go sample (official names), the api_explore link, or the file
    /// path — preferring the path's spelling when they agree, since it keeps sub-resource dots.
    fn resolve_id(&mut self) -> ApiId {
        let from_path = id_from_path(&self.source);
        let from_sdk = self.sdk.as_ref().and_then(|s| id_from_sdk_call(&s.call));
        let from_url = self
            .url
            .as_deref()
            .and_then(|u| id_from_url(u, self.http_method.as_deref()));
        let official = from_sdk.or_else(|| self.explore_id.clone());
        match (official, from_path) {
            (Some(o), Some(p)) => {
                if same_id(&o, &p) {
                    p
                } else {
                    self.warn(
                        Pos::default(),
                        format!("the page names the API `{o}` but its path says `{p}`; using the page's name"),
                    );
                    o
                }
            }
            (Some(o), None) => o,
            (None, Some(p)) => p,
            (None, None) => match from_url {
                Some(u) => u,
                None => ApiId {
                    service: "unknown".into(),
                    version: "v1".into(),
                    resource: "unknown".into(),
                    method: "unknown".into(),
                },
            },
        }
    }
}

/// The indentation of a nested name cell and the name after it. Flavours write nesting as
/// `&nbsp;&nbsp;└ name` (two per level), `&emsp;∟ name`, `∟∟ name` or `&nbsp;&nbsp;&nbsp;∟`;
/// only the order of widths within one table matters, so every convention reads the same.
fn indent_width(cell: &str) -> (u32, &str) {
    let mut width = 0u32;
    let mut markers = 0u32;
    let mut rest = cell;
    loop {
        if let Some(r) = ["&nbsp;", "&ensp;"]
            .iter()
            .find_map(|e| rest.strip_prefix(e))
        {
            width += 1;
            rest = r;
            continue;
        }
        if let Some(r) = rest.strip_prefix("&emsp;") {
            width += 2;
            rest = r;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '\u{a0}' | '\u{2002}' => width += 1,
            '\u{2003}' | '\u{3000}' => width += 2,
            ' ' | '\t' => {}
            '└' | '├' | '∟' => markers += 1,
            _ => break,
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    if markers == 0 {
        (0, cell.trim())
    } else {
        (markers * 1000 + width, rest.trim())
    }
}

fn header_text(t: &Table) -> String {
    t.header
        .iter()
        .map(|c| plain_text(&c.text))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Splits a permission cell into `(scope code, name)` items. Flavour A lists names and codes
/// in separate rows; flavours C and raw write "`code` name" per line.
fn scope_items(cell: &str) -> Vec<(Option<String>, Option<String>)> {
    let mut out = Vec::new();
    for line in cell.split('\n') {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.contains('`') {
            // "`code` name", possibly several per line; text before the first code (a tip)
            // is neither.
            let mut parts = line.split('`').skip(1);
            while let Some(code) = parts.next() {
                let name = parts.next().unwrap_or("").trim();
                if looks_like_scope(code) {
                    out.push((
                        Some(code.trim().to_string()),
                        (!name.is_empty()).then(|| plain_text(name)),
                    ));
                }
            }
        } else if looks_like_scope(line) {
            out.push((Some(line.to_string()), None));
        } else {
            out.push((None, Some(plain_text(line))));
        }
    }
    out
}

fn looks_like_scope(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.contains(':')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '.' | '_' | '-'))
}

/// Parses flavour A's type-explanation list. Lines are `(indent, text)`.
///
/// ```text
/// - **offer_basic_info** 类型说明:
///   基本属性:
///   department_id: string
///   - **contract_period** (object):
///     - **contract_period_info** 类型说明:
/// ```
fn parse_named_types(
    lines: &[(usize, &str)],
    i: &mut usize,
    min_indent: usize,
    base_line: u32,
) -> Vec<NamedType> {
    let mut out = Vec::new();
    while let Some(&(indent, text)) = lines.get(*i) {
        if indent < min_indent {
            break;
        }
        let item = text.strip_prefix("- ").unwrap_or(text);
        if let Some(name) = bold_name(item).filter(|_| item.contains("类型说明")) {
            *i += 1;
            let fields = parse_type_body(lines, i, indent + 1, base_line);
            out.push(NamedType {
                name,
                fields,
                line: base_line + *i as u32,
            });
        } else {
            *i += 1;
        }
        if out.len() > 10_000 {
            break;
        }
    }
    out
}

/// The body of one named type: `name: type` property lines and `**prop** (type):` sub-items.
fn parse_type_body(
    lines: &[(usize, &str)],
    i: &mut usize,
    min_indent: usize,
    base_line: u32,
) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    while let Some(&(indent, text)) = lines.get(*i) {
        if indent < min_indent {
            break;
        }
        let item = text.strip_prefix("- ").unwrap_or(text);
        if text.starts_with("- ") && item.contains("类型说明") && indent <= min_indent {
            // A sibling named type at our level ends this body.
            break;
        }
        if let Some(name) = bold_name(item) {
            // `**prop** (object):` followed by a nested named type.
            let kind = item
                .split('(')
                .nth(1)
                .and_then(|r| r.split(')').next())
                .unwrap_or("object")
                .trim()
                .to_string();
            *i += 1;
            let nested = parse_named_types(lines, i, indent + 1, base_line);
            let mut f = Field::new(name, Type::Object);
            if kind.contains("array") || kind.ends_with("[]") {
                f.ty = Type::Array(Box::new(Type::Object));
            }
            f.doc_type = kind;
            if let Some(n) = nested.into_iter().next() {
                f.type_name = Some(n.name);
                f.children = Some(n.fields);
            }
            f.line = base_line;
            fields.push(f);
            continue;
        }
        if item.contains("基本属性") {
            *i += 1;
            continue;
        }
        if let Some((n, ty)) = item.split_once(':') {
            let n = plain_text(n).trim().to_string();
            let ty = ty.trim();
            if !n.is_empty() && !n.contains(' ') {
                let parsed = parse_doc_type(ty);
                let mut f = Field::new(n, parsed.ty);
                f.doc_type = ty.to_string();
                f.type_name = parsed.type_name;
                f.line = base_line;
                fields.push(f);
            }
        }
        *i += 1;
    }
    fields
}

fn bold_name(item: &str) -> Option<String> {
    let rest = item.trim().strip_prefix("**")?;
    let end = rest.find("**")?;
    let name = rest.get(..end)?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Attaches flavour A's named types to body fields: first by explicit type name, then object
/// fields without a name take the remaining types in document order, preferring a type whose
/// name ends with the field's name.
fn attach_named_types(fields: &mut [Field], named: &[NamedType], diags: &mut Vec<Diagnostic>) {
    let mut used = vec![false; named.len()];
    // Explicit names.
    for f in fields.iter_mut() {
        if let Some(tn) = f.type_name.clone() {
            if let Some(k) = named.iter().position(|n| n.name == tn) {
                if f.children.is_none() {
                    f.children = named.get(k).map(|n| n.fields.clone());
                }
                if let Some(u) = used.get_mut(k) {
                    *u = true;
                }
            }
        }
    }
    // Suffix matches, then order.
    let pending: Vec<usize> = fields
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.type_name.is_none()
                && f.children.is_none()
                && matches!(f.ty.leaf(), Type::Object | Type::Any)
        })
        .map(|(i, _)| i)
        .collect();
    let mut unresolved = Vec::new();
    for &fi in &pending {
        let Some(f) = fields.get(fi) else { continue };
        let suffix = format!("_{}", f.name);
        let k = named.iter().enumerate().position(|(k, n)| {
            !used.get(k).copied().unwrap_or(true) && (n.name == f.name || n.name.ends_with(&suffix))
        });
        match k {
            Some(k) => assign(fields, fi, named, &mut used, k),
            None => unresolved.push(fi),
        }
    }
    for fi in unresolved {
        if let Some(k) = used.iter().position(|u| !u) {
            assign(fields, fi, named, &mut used, k);
        }
    }
    for (k, u) in used.iter().enumerate() {
        if !u {
            if let Some(n) = named.get(k) {
                diags.push(Diagnostic::warning(
                    n.line,
                    1,
                    format!("type `{}` in 类型额外说明 is not used by any field", n.name),
                ));
            }
        }
    }

    fn assign(fields: &mut [Field], fi: usize, named: &[NamedType], used: &mut [bool], k: usize) {
        if let (Some(f), Some(n)) = (fields.get_mut(fi), named.get(k)) {
            f.type_name = Some(n.name.clone());
            f.children = Some(n.fields.clone());
            if matches!(f.ty.leaf(), Type::Any) {
                f.ty = f.ty.with_leaf(Type::Object);
            }
        }
        if let Some(u) = used.get_mut(k) {
            *u = true;
        }
    }
}

/// Makes a field tree consistent: objects with children, `any` with children → object,
/// children of non-object types dropped with a warning, depth bounded.
fn normalise_field(f: &mut Field, diags: &mut Vec<Diagnostic>, depth: usize) {
    let has_children = f.children.as_ref().map(|c| !c.is_empty()).unwrap_or(false);
    // The documented type without array suffixes or Markdown escapes (`enum\[\]` → `enum`).
    let base = f
        .doc_type
        .replace('\\', "")
        .trim_matches('`')
        .trim_end_matches("[]")
        .to_ascii_lowercase();
    if has_children {
        match f.ty.leaf() {
            Type::Object => {}
            // A union's sub-fields list its alternatives: the value stays open.
            Type::Any if f.doc_type.contains("union") => {}
            // `-` and `enum` (Feishu's enum objects `{enum_name, display}`) with sub-fields.
            Type::Any => f.ty = f.ty.with_leaf(Type::Object),
            _ if base == "enum" || f.doc_type.is_empty() => {
                // No type column (already warned about), or an enum object.
                f.ty = f.ty.with_leaf(Type::Object)
            }
            // `file[]` with sub-fields is the attachment object named `file`, not an upload.
            Type::File => {
                f.ty = f.ty.with_leaf(Type::Object);
                f.type_name.get_or_insert_with(|| "file".to_string());
            }
            other => {
                diags.push(Diagnostic::warning(
                    f.line,
                    1,
                    format!(
                        "field `{}` has type `{}` but documents sub-fields; kept as `{}` (the sub-fields describe its encoded content)",
                        f.name, other, other
                    ),
                ));
            }
        }
    } else if f.children.is_some() {
        f.children = None;
    }
    if depth >= limits::MAX_DEPTH {
        f.children = None;
        return;
    }
    if let Some(children) = f.children.as_mut() {
        for c in children.iter_mut() {
            normalise_field(c, diags, depth + 1);
        }
    }
}

/// Fills in what the tables leave open (`any` leaves such as `array`, objects documented
/// without sub-fields) from the page's own JSON example. Documented types are never changed.
fn refine_from_example(fields: &mut [Field], example: &Value, depth: usize) {
    let Value::Object(m) = example else { return };
    if depth > limits::MAX_DEPTH {
        return;
    }
    for f in fields.iter_mut() {
        let Some(v) = m.get(&f.name) else { continue };
        // An untyped field documented with sub-fields is an object, unless the example
        // shows a list of them.
        if f.doc_type.is_empty() && f.ty == Type::Object {
            if let Some(items) = v.as_array() {
                if !items.is_empty() && items.iter().all(Value::is_object) {
                    f.ty = Type::Array(Box::new(Type::Object));
                }
            }
        }
        // Descend through the documented arrays to the leaf value; an example that is not
        // shaped like the documented type (an object where an array is documented, an empty
        // array) tells nothing about the leaf.
        let mut leaf_v = v;
        let mut t = &f.ty;
        let mut shaped = true;
        while let Type::Array(inner) = t {
            match leaf_v.as_array().and_then(|items| items.first()) {
                Some(first) => leaf_v = first,
                None => {
                    shaped = false;
                    break;
                }
            }
            t = inner;
        }
        // Map values are open by nature: an example's keys are data, not fields.
        if !shaped || leaf_v.is_null() || matches!(t, Type::Map(_)) {
            continue;
        }
        match f.ty.leaf() {
            Type::Any => {
                let inferred = infer_fields(&serde_json::Map::from_iter([(
                    f.name.clone(),
                    leaf_v.clone(),
                )]));
                if let Some(g) = inferred.into_iter().next() {
                    if !matches!(g.ty, Type::Any) {
                        f.ty = f.ty.with_leaf(g.ty);
                        if f.children.is_none() {
                            f.children = g.children;
                        }
                    }
                }
            }
            Type::Object if f.children.is_none() => {
                if let Value::Object(o) = leaf_v {
                    let inferred = infer_fields(o);
                    if !inferred.is_empty() {
                        f.children = Some(inferred);
                    }
                }
            }
            Type::Object => {
                if let Some(children) = f.children.as_mut() {
                    refine_from_example(children, leaf_v, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Infers fields from a JSON example object (flavour A documents responses by example only).
pub fn infer_fields(m: &serde_json::Map<String, Value>) -> Vec<Field> {
    fn infer(v: &Value, depth: usize) -> (Type, Option<Vec<Field>>) {
        if depth > limits::MAX_DEPTH {
            return (Type::Any, None);
        }
        match v {
            Value::Null => (Type::Any, None),
            Value::Bool(_) => (Type::Boolean, None),
            Value::Number(n) => (
                if n.is_f64() {
                    Type::Number
                } else {
                    Type::Integer
                },
                None,
            ),
            Value::String(_) => (Type::String, None),
            Value::Object(m) => {
                let fields = fields_of(m, depth + 1);
                if fields.is_empty() {
                    (Type::Object, None)
                } else {
                    (Type::Object, Some(fields))
                }
            }
            Value::Array(items) => {
                // Merge all object items' keys; otherwise the first item's type.
                let objects: Vec<&serde_json::Map<String, Value>> =
                    items.iter().filter_map(Value::as_object).collect();
                if !objects.is_empty() && objects.len() == items.len() {
                    let mut merged = serde_json::Map::new();
                    for o in objects {
                        for (k, v) in o {
                            if !merged.contains_key(k) || merged.get(k) == Some(&Value::Null) {
                                merged.insert(k.clone(), v.clone());
                            }
                        }
                    }
                    let (t, c) = infer(&Value::Object(merged), depth + 1);
                    (Type::Array(Box::new(t)), c)
                } else {
                    match items.first() {
                        Some(first) => {
                            let (t, c) = infer(first, depth + 1);
                            (Type::Array(Box::new(t)), c)
                        }
                        None => (Type::Array(Box::new(Type::Any)), None),
                    }
                }
            }
        }
    }
    fn fields_of(m: &serde_json::Map<String, Value>, depth: usize) -> Vec<Field> {
        m.iter()
            .map(|(k, v)| {
                let (ty, children) = infer(v, depth);
                let mut f = Field::new(k.clone(), ty);
                f.children = children;
                if let Value::String(s) = v {
                    f.example = Some(s.clone());
                } else if v.is_number() || v.is_boolean() {
                    f.example = Some(v.to_string());
                }
                f
            })
            .collect()
    }
    fields_of(m, 0)
}

/// Parses a JSON example. Examples with trailing commas or `//` comments (common in the docs)
/// are repaired; the caller is told so it can warn.
fn parse_json_example(text: &str) -> Result<(Value, bool), String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty".into());
    }
    match serde_json::from_str(t) {
        Ok(v) => Ok((v, false)),
        Err(e) => match serde_json::from_str(&relax_json(t)) {
            Ok(v) => Ok((v, true)),
            Err(_) => Err(e.to_string()),
        },
    }
}

/// Removes trailing commas before `}`/`]` and `//` line comments outside strings.
fn relax_json(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut in_str = false;
    let mut escaped = false;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '}' | ']' => {
                let trimmed = out.trim_end().len();
                if out
                    .get(..trimmed)
                    .map(|s| s.ends_with(','))
                    .unwrap_or(false)
                {
                    out.truncate(trimmed - 1);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `{尝试一下}(url=/api/tools/api_explore/api_explore_config?project=hire&version=v1&resource=offer_custom_field&method=update)`
fn explore_id(link: &str) -> Option<ApiId> {
    let q = link.split_once('?')?.1.trim_end_matches(')');
    let mut service = None;
    let mut version = None;
    let mut resource = None;
    let mut method = None;
    for kv in q.split('&') {
        let (k, v) = kv.split_once('=')?;
        let v = v.trim().to_string();
        match k {
            "project" => service = Some(v),
            "version" => version = Some(v),
            "resource" => resource = Some(v),
            "method" => method = Some(v),
            _ => {}
        }
    }
    Some(ApiId {
        service: service?,
        version: version?,
        resource: resource?,
        method: method?,
    })
}

/// `vc/v1/meeting/end.md` (possibly under further directories) → id. A `__suffix` on the
/// method file name (how mirrors tell apart several doc pages of one endpoint) is dropped.
fn id_from_path(source: &str) -> Option<ApiId> {
    let parts: Vec<&str> = source
        .trim_end_matches(".md")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let n = parts.len();
    if n < 4 {
        return None;
    }
    let get = |i: usize| parts.get(i).map(|s| s.to_string());
    let version = get(n - 3)?;
    // Any version segment is accepted: old APIs without one live under `_`.
    if version.is_empty() {
        return None;
    }
    Some(ApiId {
        service: get(n - 4)?,
        version,
        resource: get(n - 2)?,
        method: get(n - 1)?.split("__").next()?.to_string(),
    })
}

/// `client.Vc.V1.Meeting.End` → `vc/v1/meeting/end` (CamelCase → snake_case).
fn id_from_sdk_call(call: &str) -> Option<ApiId> {
    let parts: Vec<&str> = call.split('.').collect();
    if parts.len() != 5 {
        return None;
    }
    let snake = |s: &str| heck::ToSnakeCase::to_snake_case(s);
    Some(ApiId {
        service: snake(parts.get(1)?),
        version: snake(parts.get(2)?),
        resource: snake(parts.get(3)?),
        method: snake(parts.get(4)?),
    })
}

/// Last resort: `/open-apis/vc/v1/meetings/:meeting_id/end` → `vc/v1/meetings/end`.
fn id_from_url(path: &str, method: Option<&str>) -> Option<ApiId> {
    let segs: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "open-apis")
        .collect();
    let vpos = segs.iter().position(|s| {
        s.starts_with('v')
            && s.get(1..)
                .map(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
                .unwrap_or(false)
    })?;
    let service = segs.get(vpos.checked_sub(1)?)?.to_string();
    let version = segs.get(vpos)?.to_string();
    let rest: Vec<&str> = segs
        .iter()
        .skip(vpos + 1)
        .filter(|s| !s.starts_with(':'))
        .copied()
        .collect();
    let resource = rest
        .first()
        .map(|s| s.to_string())
        .unwrap_or_else(|| service.clone());
    let method = if rest.len() >= 2 {
        rest.last().map(|s| s.to_string()).unwrap_or_default()
    } else {
        method.unwrap_or("call").to_ascii_lowercase()
    };
    Some(ApiId {
        service,
        version,
        resource,
        method,
    })
}

/// Compares ids ignoring separators (`oidc.access_token` ~ `oidc_access_token`) and a path's
/// `__suffix`.
fn same_id(a: &ApiId, b: &ApiId) -> bool {
    let norm = |s: &str| {
        s.split("__")
            .next()
            .unwrap_or(s)
            .replace(['.', '_', '-'], "")
            .to_ascii_lowercase()
    };
    norm(&a.service) == norm(&b.service)
        && norm(&a.version) == norm(&b.version)
        && norm(&a.resource) == norm(&b.resource)
        && norm(&a.method) == norm(&b.method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let id = id_from_sdk_call("client.Vc.V1.Meeting.End").unwrap();
        assert_eq!(id.to_string(), "vc/v1/meeting/end");
        let p = id_from_path("authen/v1/oidc.refresh_access_token/create__post.md").unwrap();
        let s = id_from_sdk_call("client.Authen.V1.OidcRefreshAccessToken.Create").unwrap();
        assert!(same_id(&s, &p));
        let e = explore_id("{尝试一下}(url=/api/tools/api_explore/api_explore_config?project=hire&version=v1&resource=offer_custom_field&method=update)").unwrap();
        assert_eq!(e.to_string(), "hire/v1/offer_custom_field/update");
        let u = id_from_url("/open-apis/vc/v1/meetings/:meeting_id/end", Some("PATCH")).unwrap();
        assert_eq!(u.to_string(), "vc/v1/meetings/end");
    }

    #[test]
    fn scopes() {
        let items = scope_items("`vc:meeting` 更新会议信息\n`im:chat` 获取群");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].0.as_deref(), Some("vc:meeting"));
        assert_eq!(items[0].1.as_deref(), Some("更新会议信息"));
        let a = scope_items("corehr:corehr:readonly\ncorehr:leave:read");
        assert_eq!(a.len(), 2);
        let n = scope_items("获取核心人事信息\n获取休假信息");
        assert!(n.iter().all(|(c, n)| c.is_none() && n.is_some()));
    }
}
