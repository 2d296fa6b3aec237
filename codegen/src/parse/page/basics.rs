//! The request table (`| 基本 | |`, `| 项目 | 值 |`): URL, method, access tokens, scopes,
//! app types and rate limit.

use super::{ids, push_unique, Report};
use crate::codes::Code;
use crate::ir::{AccessToken, Diagnostic, EventKind, HttpMethod, PathTemplate};
use crate::parse::blocks::{Pos, Row, Table};
use crate::parse::text::plain_text;

#[derive(Default)]
pub(super) struct Basics {
    pub(super) http_method: Option<HttpMethod>,
    pub(super) path: Option<PathTemplate>,
    /// Where the HTTP URL was given (for diagnostics about the path).
    pub(super) path_pos: Pos,
    pub(super) host: Option<String>,
    pub(super) tokens: Vec<AccessToken>,
    pub(super) scopes: Vec<String>,
    pub(super) scope_names: Vec<String>,
    pub(super) field_scopes: Vec<String>,
    pub(super) app_types: Vec<String>,
    pub(super) rate_limit: Option<String>,
    /// The `事件类型` / `回调类型` row of an event page: kind, type as written, where.
    pub(super) event_type: Option<(EventKind, String, Pos)>,
    /// The `推送方式` row of an event page (`Webhook`).
    pub(super) delivery: Vec<String>,
}

impl Basics {
    pub(super) fn read_table(&mut self, t: &Table, diags: &mut Vec<Diagnostic>) {
        let mut perm_rows: Vec<&Row> = Vec::new();
        for r in &t.rows {
            let key = plain_text(r.text(0));
            let value = r.text(1);
            let pos = r.cells.get(1).map(|c| c.pos).unwrap_or(r.pos);
            if key.contains("HTTP URL") {
                if let Some((path, host)) = ids::read_url(value, pos, diags) {
                    self.path = Some(path);
                    self.path_pos = pos;
                    self.host = host;
                }
            } else if key.contains("HTTP Method") {
                self.read_method(value, pos, diags);
            } else if key.contains("访问令牌") || key.contains("凭证要求") {
                self.read_tokens(value);
            } else if key.contains("应用类型") {
                self.app_types = list_items(value);
            } else if key.starts_with("字段权限要求") {
                self.add_field_scopes(value);
            } else if key.starts_with("权限要求") {
                perm_rows.push(r);
            } else if key.contains("频率限制") {
                self.rate_limit = Some(plain_text(value));
            } else if let Some(kind) = event_kind(&key) {
                self.event_type = Some((kind, plain_text(value).trim().to_string(), pos));
            } else if key.contains("推送方式") {
                self.delivery = list_items(value);
            } else {
                diags.report(
                    Code::UnknownRequestRow,
                    r.pos,
                    format!("unknown request table row `{key}`; ignored"),
                );
            }
        }
        for r in perm_rows {
            for (code, name) in scope_items(r.text(1)) {
                if let Some(code) = code {
                    push_unique(&mut self.scopes, code);
                }
                if let Some(name) = name {
                    self.scope_names.push(name);
                }
            }
        }
    }

    fn read_method(&mut self, value: &str, pos: Pos, diags: &mut Vec<Diagnostic>) {
        let text = plain_text(value);
        match HttpMethod::from_name(&text) {
            Some(m) => self.http_method = Some(m),
            None if matches!(
                text.trim().to_ascii_uppercase().as_str(),
                "HEAD" | "OPTIONS"
            ) =>
            {
                diags.report(
                    Code::UnknownMethod,
                    pos,
                    format!(
                        "HTTP method `{}` is not supported (GET, POST, PUT, PATCH, DELETE)",
                        text.trim()
                    ),
                )
            }
            None => diags.report(
                Code::UnknownMethod,
                pos,
                format!("unknown HTTP method `{text}`"),
            ),
        }
    }

    /// A 字段权限要求 table: every scope code in any of its cells.
    pub(super) fn read_field_scopes(&mut self, t: &Table) {
        for c in t.header.iter().chain(t.rows.iter().flat_map(|r| &r.cells)) {
            self.add_field_scopes(&c.text);
        }
    }

    fn add_field_scopes(&mut self, cell: &str) {
        for code in scope_items(cell).into_iter().filter_map(|(code, _)| code) {
            push_unique(&mut self.field_scopes, code);
        }
    }

    /// Every token kind named in `value`, in order of first mention.
    pub(super) fn read_tokens(&mut self, value: &str) {
        for w in plain_text(value).split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if let Some(t) = AccessToken::from_doc(w) {
                push_unique(&mut self.tokens, t);
            }
        }
    }
}

/// The items of a list cell (`custom,isv`, `custom  isv`).
fn list_items(value: &str) -> Vec<String> {
    plain_text(value)
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `事件类型` names an event, `回调类型` a callback.
fn event_kind(key: &str) -> Option<EventKind> {
    match key.trim() {
        "事件类型" => Some(EventKind::Event),
        "回调类型" => Some(EventKind::Callback),
        _ => None,
    }
}

/// Splits a permission cell into `(scope code, name)` items. The reference flavour lists
/// names and codes in separate rows; the others write "`code` name" per line.
pub(super) fn scope_items(cell: &str) -> Vec<(Option<String>, Option<String>)> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
