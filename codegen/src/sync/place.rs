//! Where a fetched page goes in `specs/`. The tree must stay stable across syncs, so the
//! rules are tried in this order:
//!
//! 1. **Known page**: a page recorded before (in `.sync.json`, or by the `fullPath` of a
//!    page's front matter) goes back to the same file.
//! 2. **Same endpoint**: a page documenting the same HTTP method and path (parameter names
//!    ignored) and host as a page already in `specs/` replaces that page where it is.
//! 3. **API-explorer link**: `{尝试一下}(url=/api/tools/api_explore/api_explore_config?
//!    project=P&version=V&resource=R&method=M)` → `P/V/R/M.md`.
//! 4. **URL rule**, for the legacy pages without a link. From the documented URL's path
//!    (host, query string and trailing `/` dropped):
//!    - the segments `open-apis` and `openapi` are dropped (`/open-apis/…`, and the old
//!      approval host's `/approval/openapi/…`); the first remaining segment is the service;
//!    - the version is the first later segment of the form `v<digits>` (segments between the
//!      service and it, such as `drive/explorer/v2`, are dropped); without one it is `_`;
//!    - of the segments after the version (after the service when there is none), parameters
//!      (`:token`, `{id}`) are dropped; when the path ends in a parameter or one segment is
//!      left, that segment is the resource and the lower-case HTTP method the method
//!      (`GET /doc/v2/meta/:docToken` → `doc/v2/meta/get.md`); otherwise the last two are the
//!      resource and the method (`/contact/v1/user/admin_scope/get` →
//!      `contact/v1/admin_scope/get.md`); with none left the resource is `_`.
//!
//! 5. **Event and callback pages** (a `事件类型`/`回调类型` row): known pages go back to
//!    their file (rule 1); a new one goes where its id says,
//!    `<service>/<version>/<resource>/events/<event>.md`, the id read from its explorer link
//!    (`{使用示例}(url=…&event=receive)`) or its type (`im.message.receive_v1` →
//!    `im/v1/message/events/receive.md`); a type without dots names no service and goes to
//!    `_/_/_/events/<type>.md` until a maintainer moves it to its service once.
//!
//! A target already taken by another API (or by another page of this sync) gets a
//! `__<method>` suffix, then `__<method>_2`, `__<method>_3`, ...; pages are placed in
//! `fullPath` order, so the outcome does not depend on the order of the downloads.

use std::collections::{BTreeMap, BTreeSet};

/// `P/V/R/M.md` from the page's API-explorer link, if it has one.
pub fn explorer_target(content: &str) -> Option<String> {
    let start = content.find("api_explore_config?")? + "api_explore_config?".len();
    let query: String = content
        .get(start..)?
        .chars()
        .take_while(|c| !matches!(c, ')' | ' ' | '"' | '\'' | '\n' | '#'))
        .collect();
    let mut params = BTreeMap::new();
    for pair in query.split('&') {
        if let Some((k, v)) = pair.split_once('=') {
            params.insert(k.trim(), v.trim());
        }
    }
    let get = |k: &str| {
        params
            .get(k)
            .copied()
            .filter(|v| !v.is_empty() && v.chars().all(safe_char))
    };
    Some(format!(
        "{}/{}/{}/{}.md",
        get("project")?,
        get("version")?,
        get("resource")?,
        get("method")?
    ))
}

/// Rule 5: an event page's place, from its id (`None` when a part is not a safe path
/// component).
pub fn event_target(id: &crate::ir::EventId) -> Option<String> {
    let parts = [&id.service, &id.version, &id.resource, &id.event];
    let safe = parts
        .iter()
        .all(|p| !p.is_empty() && *p != ".." && p.chars().all(safe_char));
    safe.then(|| id.spec_path())
}

/// Characters allowed in a path component taken from a page.
fn safe_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

fn is_param(seg: &str) -> bool {
    seg.starts_with(':') || seg.starts_with('{')
}

fn is_version(seg: &str) -> bool {
    seg.strip_prefix('v')
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// The URL rule (see the module docs). `path` may carry a scheme, host and query string.
pub fn url_target(http_method: &str, path: &str) -> Option<String> {
    let path = path
        .split_once("://")
        .map(|(_, r)| r)
        .map_or(path, |r| r.find('/').and_then(|i| r.get(i..)).unwrap_or(""));
    let path = path.split(['?', '#']).next().unwrap_or("");
    let segs: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "open-apis" && *s != "openapi")
        .collect();
    let (service, rest) = segs.split_first()?;
    let (version, after) = match rest.iter().position(|s| is_version(s)) {
        Some(i) => (
            rest.get(i).copied().unwrap_or("_"),
            rest.get(i + 1..).unwrap_or(&[]),
        ),
        None => ("_", rest),
    };
    let names: Vec<&str> = after.iter().copied().filter(|s| !is_param(s)).collect();
    let verb = http_method.to_ascii_lowercase();
    let ends_in_param = after.last().is_some_and(|s| is_param(s));
    let (resource, method) = match names.as_slice() {
        [] => ("_", verb.as_str()),
        [only] => (*only, verb.as_str()),
        [.., last] if ends_in_param => (*last, verb.as_str()),
        [.., res, m] => (*res, *m),
    };
    let parts = [*service, version, resource, method];
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(safe_char) || *p == "..")
    {
        return None;
    }
    Some(format!("{service}/{version}/{resource}/{method}.md"))
}

/// The endpoint a page documents: `(METHOD, path with parameter names blanked, host)`.
pub type Endpoint = (String, String, Option<String>);

/// Hands out targets, keeping track of what is taken.
#[derive(Debug, Default)]
pub struct Placer {
    /// Pages already in `specs/` by endpoint, in path order.
    by_endpoint: BTreeMap<Endpoint, Vec<String>>,
    /// Every file in `specs/` before the sync.
    existing: BTreeSet<String>,
    /// Targets handed out in this sync.
    claimed: BTreeSet<String>,
}

impl Placer {
    pub fn new(existing: BTreeSet<String>, by_endpoint: BTreeMap<Endpoint, Vec<String>>) -> Self {
        Placer {
            by_endpoint,
            existing,
            claimed: BTreeSet::new(),
        }
    }

    /// Claims `known` (rule 1) when given and free.
    pub fn claim_known(&mut self, known: &str) -> Option<String> {
        self.claimed
            .insert(known.to_string())
            .then(|| known.to_string())
    }

    /// Adds pages already in `specs/` to the endpoint index (rule 2).
    pub fn add_endpoints(&mut self, entries: Vec<(Endpoint, String)>) {
        for (endpoint, source) in entries {
            let list = self.by_endpoint.entry(endpoint).or_default();
            list.push(source);
            list.sort();
        }
    }

    /// Rule 2: the first unclaimed page already in `specs/` with this endpoint.
    pub fn claim_endpoint(&mut self, endpoint: &Endpoint) -> Option<String> {
        let candidates = self.by_endpoint.get(endpoint)?;
        let free = candidates
            .iter()
            .find(|c| !self.claimed.contains(*c))?
            .clone();
        self.claimed.insert(free.clone());
        Some(free)
    }

    /// Rules 3 and 4 with the collision suffixes: `target`, else `stem__verb.md`, ...
    pub fn claim_new(&mut self, target: &str, http_method: &str) -> String {
        let stem = target.strip_suffix(".md").unwrap_or(target);
        let verb = http_method.to_ascii_lowercase();
        let mut n = 1;
        let mut candidate = target.to_string();
        while self.claimed.contains(&candidate) || self.existing.contains(&candidate) {
            candidate = if n == 1 {
                format!("{stem}__{verb}.md")
            } else {
                format!("{stem}__{verb}_{n}.md")
            };
            n += 1;
        }
        self.claimed.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explorer_link_names_the_page() {
        let c = "x{尝试一下}(url=/api/tools/api_explore/api_explore_config?project=acs&version=v1&resource=device&method=list)";
        assert_eq!(explorer_target(c).as_deref(), Some("acs/v1/device/list.md"));
        assert_eq!(explorer_target("project=../x"), None);
        let evil = "api_explore_config?project=..%2F&version=v1&resource=a&method=b)";
        assert_eq!(explorer_target(evil), None);
    }

    #[test]
    fn url_rule_covers_legacy_shapes() {
        let cases = [
            (
                "GET",
                "https://open.feishu.cn/open-apis/application/v3/is_user_admin",
                "application/v3/is_user_admin/get.md",
            ),
            (
                "GET",
                "/open-apis/contact/v1/user/admin_scope/get",
                "contact/v1/admin_scope/get.md",
            ),
            (
                "POST",
                "https://www.feishu.cn/approval/openapi/v1/id/get",
                "approval/v1/id/get.md",
            ),
            (
                "POST",
                "/open-apis/jssdk/ticket/get",
                "jssdk/_/ticket/get.md",
            ),
            (
                "GET",
                "https://accounts.feishu.cn/open-apis/authen/v1/authorize",
                "authen/v1/authorize/get.md",
            ),
            (
                "DELETE",
                "/open-apis/drive/explorer/v2/file/spreadsheets/:spreadsheetToken",
                "drive/v2/spreadsheets/delete.md",
            ),
            (
                "GET",
                "/open-apis/doc/v2/:docToken/sheet_meta",
                "doc/v2/sheet_meta/get.md",
            ),
            (
                "POST",
                "/open-apis/message/v4/batch_send/",
                "message/v4/batch_send/post.md",
            ),
            (
                "GET",
                "/open-apis/meeting_room/room/list?building_id=omb_8&fields=*",
                "meeting_room/_/room/list.md",
            ),
            (
                "POST",
                "/open-apis/suite/docs-api/meta",
                "suite/_/docs-api/meta.md",
            ),
            ("POST", "/open-apis/x/v1/:id", "x/v1/_/post.md"),
        ];
        for (m, url, want) in cases {
            assert_eq!(url_target(m, url).as_deref(), Some(want), "{url}");
        }
        assert_eq!(url_target("GET", "/open-apis/a/v1/../b"), None);
        assert_eq!(url_target("GET", ""), None);
    }

    #[test]
    fn event_pages_go_where_their_id_says() {
        let id = |s: &str, v: &str, r: &str, e: &str| crate::ir::EventId {
            service: s.into(),
            version: v.into(),
            resource: r.into(),
            event: e.into(),
        };
        assert_eq!(
            event_target(&id("im", "v1", "message", "receive")).as_deref(),
            Some("im/v1/message/events/receive.md")
        );
        assert_eq!(
            event_target(&id("_", "_", "_", "approval_instance")).as_deref(),
            Some("_/_/_/events/approval_instance.md")
        );
        assert_eq!(event_target(&id("..", "v1", "a", "b")), None);
        assert_eq!(event_target(&id("a", "v1", "x/y", "b")), None);
    }

    #[test]
    fn collisions_get_verb_suffixes_in_order() {
        let existing: BTreeSet<String> = ["a/v1/r/m.md".to_string()].into();
        let mut p = Placer::new(existing, BTreeMap::new());
        assert_eq!(p.claim_new("a/v1/r/m.md", "GET"), "a/v1/r/m__get.md");
        assert_eq!(p.claim_new("a/v1/r/m.md", "GET"), "a/v1/r/m__get_2.md");
        assert_eq!(p.claim_new("a/v1/r/n.md", "GET"), "a/v1/r/n.md");
        assert_eq!(p.claim_known("a/v1/r/n.md"), None);
    }
}
