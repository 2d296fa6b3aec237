//! Links between the generated docs: the doc page of each API → its request type.
//!
//! [`link_index`] takes the IR only: each API's page address (`Api::doc_url`) and the path
//! its request type gets (`crate::<service>::<version>::<resource>::<Request>`, named as
//! `emit` names it: module identifiers from the sorted keys, item names from the ids). While
//! a module is emitted, [`with_scope`] makes the index and the module's service the context
//! of [`resolve`], which `docs` asks for every link: a link to a page of the same service
//! becomes an intra-doc link (a single-service build then has no broken link); others stay
//! web links.
//!
//! A module's docs then depend on other pages (a link resolves once its target's page is
//! there), so [`LinkIndex::fingerprint`] lists, for the reuse check, the links a module's
//! inputs hold and what they resolve to.

use super::layout::api_names;
use super::layout::{module_names, version_module_key};
use crate::ir::Api;
use crate::sanitize::Namer;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Open-platform hosts whose `/document/…` pages are API reference pages.
const DOC_HOSTS: [&str; 3] = [
    "https://open.feishu.cn/document/",
    "https://open.larkoffice.com/document/",
    "https://open.larksuite.com/document/",
];

/// Request types by page: page key → (service module, intra-doc path).
#[derive(Debug, Default)]
pub(crate) struct LinkIndex {
    by_page: HashMap<String, (String, String)>,
}

/// A doc page's key: its path under `/document/`, without query, fragment or trailing `/`
/// (the same page on any of the platform's hosts).
fn page_key(url: &str) -> Option<&str> {
    let rest = DOC_HOSTS.iter().find_map(|h| url.strip_prefix(h))?;
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let key = rest.get(..end)?.trim_end_matches('/');
    (!key.is_empty()).then_some(key)
}

/// The APIs of each resource module, by service, version and resource key.
type Modules<'a> = BTreeMap<&'a str, BTreeMap<&'a str, Vec<&'a Api>>>;

/// The index of `apis`' request types by their pages' addresses, on up to `threads` threads
/// (one service at a time). A page two APIs claim links to the first by id.
pub(crate) fn link_index(apis: &[Api], threads: usize) -> LinkIndex {
    let mut tree: BTreeMap<&str, Modules> = BTreeMap::new();
    for api in apis {
        let id = &api.id;
        tree.entry(id.service.as_str())
            .or_default()
            .entry(id.version.as_str())
            .or_default()
            .entry(id.resource.as_str())
            .or_default()
            .push(api);
    }
    let idents = module_names(tree.keys().copied());
    let services: Vec<(String, Modules)> = idents.into_iter().zip(tree.into_values()).collect();
    let entries = crate::par::par_map(&services, threads, |(s, versions)| {
        service_links(s, versions)
    });
    let mut index = LinkIndex::default();
    // In id order (services in order, each in order): the first claim wins.
    for (key, target) in entries.into_iter().flatten() {
        index.by_page.entry(key).or_insert(target);
    }
    index
}

/// The `(page key, (service, request type path))` of one service's APIs (module `s`), in
/// id order.
fn service_links(s: &str, versions: &Modules<'_>) -> Vec<(String, (String, String))> {
    let mut out = Vec::new();
    let version_idents = module_names(versions.keys().map(|v| version_module_key(v)));
    for (resources, v) in versions.values().zip(version_idents) {
        let resource_idents = module_names(resources.keys().copied());
        for (apis, r) in resources.values().zip(resource_idents) {
            // Named in id order, as `emit` names them.
            let mut apis = apis.clone();
            apis.sort_by(|a, b| (&a.id, &a.source).cmp(&(&b.id, &b.source)));
            for (api, names) in apis.iter().zip(api_names(&apis, &mut Namer::camel())) {
                let Some(key) = api.doc_url.as_deref().and_then(page_key) else {
                    continue;
                };
                let path = format!("crate::{s}::{v}::{r}::{}", names.request);
                out.push((key.to_owned(), (s.to_owned(), path)));
            }
        }
    }
    out
}

impl LinkIndex {
    /// The intra-doc path for a link to `url` from a module of `service`.
    fn resolve(&self, service: &str, url: &str) -> Option<String> {
        let (s, path) = self.by_page.get(page_key(url)?)?;
        (s == service).then(|| path.clone())
    }

    /// What the links in `text` (a module's inputs: its APIs' IR as JSON, a shared module's
    /// fingerprint) resolve to from `service`: every page key found after a `/document/` or
    /// `/ssl:ttdoc/` that resolves, with its path. Over-listing only costs a regeneration.
    pub(crate) fn fingerprint(&self, service: &str, text: &str) -> String {
        let mut out = String::new();
        self.fingerprint_into(service, text.as_bytes(), &mut out);
        out
    }

    /// [`LinkIndex::fingerprint`] of `text`, appended to `out`. Bytes, because the IR digest
    /// hands every string of every API's IR here on every run (as bytes, through `Hasher`):
    /// one SIMD pass for `/`, nothing allocated.
    pub(crate) fn fingerprint_into(&self, service: &str, text: &[u8], out: &mut String) {
        // Most of the IR's strings (names, types, wire names) are too short to hold a marker
        // and a key.
        if text.len() <= "/document/".len() {
            return;
        }
        for at in memchr::memchr_iter(b'/', text) {
            let after = text.get(at..).unwrap_or_default();
            let Some(rest) = [&b"/document/"[..], b"/ssl:ttdoc/"]
                .iter()
                .find_map(|marker| after.strip_prefix(*marker))
            else {
                continue;
            };
            let end = rest
                .iter()
                .position(|&c| {
                    !(c.is_ascii_alphanumeric() || matches!(c, b'/' | b'-' | b'_' | b'.'))
                })
                .unwrap_or(rest.len());
            // ASCII by the rule above, so always a `str`.
            let Ok(key) = std::str::from_utf8(rest.get(..end).unwrap_or_default()) else {
                continue;
            };
            let key = key.trim_end_matches('/');
            if let Some((s, path)) = self.by_page.get(key) {
                if s == service {
                    out.push_str(key);
                    out.push('\u{1f}');
                    out.push_str(path);
                    out.push('\u{1e}');
                }
            }
        }
    }
}

/// `hash` combined with a [`LinkIndex::fingerprint`]; `hash` itself when there is none, so
/// the hashes of modules without links to resolve stay as they were.
pub(crate) fn with_links(hash: String, fingerprint: &str) -> String {
    if fingerprint.is_empty() {
        return hash;
    }
    let mut h = blake3::Hasher::new();
    h.update(hash.as_bytes());
    h.update(&[0]);
    h.update(fingerprint.as_bytes());
    h.finalize()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The service module of an emitted file's path (`im/v1/message.rs` → `im`).
pub(crate) fn service_of(path: &str) -> &str {
    path.split('/').next().unwrap_or("")
}

thread_local! {
    /// The index and the service of the module being emitted on this thread.
    static SCOPE: RefCell<Option<(Arc<LinkIndex>, String)>> = const { RefCell::new(None) };
}

/// Runs `f` (the emission of one module of `service`) with links resolved through `index`.
pub(crate) fn with_scope<T>(index: &Arc<LinkIndex>, service: &str, f: impl FnOnce() -> T) -> T {
    let previous = SCOPE.with(|s| s.replace(Some((Arc::clone(index), service.to_owned()))));
    let out = f();
    SCOPE.with(|s| s.replace(previous));
    out
}

/// The intra-doc path for a link to `url` from the module being emitted, if any.
pub(crate) fn resolve(url: &str) -> Option<String> {
    SCOPE.with(|s| {
        s.borrow()
            .as_ref()
            .and_then(|(index, service)| index.resolve(service, url))
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An API `id` (`service/version/resource/method`) with page address `url` and nothing
    /// else: what the link index reads.
    pub(crate) fn api(id: &str, url: Option<&str>) -> Api {
        let p: Vec<&str> = id.split('/').collect();
        let mut a: Api = serde_json::from_value(serde_json::json!({
            "source": format!("{id}.md"),
            "id": {"service": p[0], "version": p[1], "resource": p[2], "method": p[3]},
            "flavour": "c", "title": "", "description": "", "http_method": "GET",
            "path": "/open-apis/x", "access_tokens": [], "scopes": [],
            "path_params": [], "query_params": [], "headers": [],
            "request_body": {"kind": "none", "fields": []},
            "response_body": {"kind": "json", "fields": []},
            "errors": [], "examples": {}, "diagnostics": []
        }))
        .unwrap();
        a.doc_url = url.map(str::to_owned);
        a
    }

    #[test]
    fn pages_resolve_to_request_paths_within_their_service() {
        let apis = [
            api(
                "im/v1/message/create",
                Some("https://open.feishu.cn/document/a/im-v1/message/create"),
            ),
            api(
                "im/v1/chat.members/create",
                Some("https://open.feishu.cn/document/a/im-v1/chat-members/create"),
            ),
            api("im/_/x/get", Some("https://open.feishu.cn/document/old/x")),
            api(
                "vc/v1/meeting/end",
                Some("https://open.feishu.cn/document/a/vc-v1/meeting/end"),
            ),
            api("vc/v1/meeting/get", None),
        ];
        let index = link_index(&apis, 1);
        let im = |u: &str| index.resolve("im", u);
        assert_eq!(
            im("https://open.larkoffice.com/document/a/im-v1/message/create?lang=zh#x").as_deref(),
            Some("crate::im::v1::message::CreateMessageRequest")
        );
        assert_eq!(
            im("https://open.feishu.cn/document/a/im-v1/chat-members/create/").as_deref(),
            Some("crate::im::v1::chat_members::CreateChatMembersRequest")
        );
        assert_eq!(
            im("https://open.feishu.cn/document/old/x").as_deref(),
            Some("crate::im::legacy::x::GetXRequest")
        );
        // Another service's page, another host, no page.
        assert_eq!(
            im("https://open.feishu.cn/document/a/vc-v1/meeting/end"),
            None
        );
        assert_eq!(
            im("https://example.com/document/a/im-v1/message/create"),
            None
        );
        assert_eq!(im("https://open.feishu.cn/document/"), None);
        assert!(index
            .resolve("vc", "https://open.feishu.cn/document/a/vc-v1/meeting/end")
            .is_some());
    }

    #[test]
    fn the_fingerprint_lists_resolved_links_of_the_service() {
        let apis = [
            api(
                "im/v1/message/create",
                Some("https://open.feishu.cn/document/a/im-v1/message/create"),
            ),
            api(
                "vc/v1/meeting/end",
                Some("https://open.feishu.cn/document/a/vc-v1/meeting/end"),
            ),
        ];
        let index = link_index(&apis, 1);
        let text = r#"{"d":"[x](/ssl:ttdoc/a/im-v1/message/create) [y](https://open.feishu.cn/document/a/vc-v1/meeting/end) /document/none"}"#;
        assert_eq!(
            index.fingerprint("im", text),
            "a/im-v1/message/create\u{1f}crate::im::v1::message::CreateMessageRequest\u{1e}"
        );
        assert_eq!(index.fingerprint("im", "no links"), "");
        assert_eq!(with_links("h".into(), ""), "h");
        assert_ne!(with_links("h".into(), "x"), "h");
    }

    #[test]
    fn resolve_needs_a_scope() {
        let apis = [api(
            "im/v1/message/create",
            Some("https://open.feishu.cn/document/a/m"),
        )];
        let index = Arc::new(link_index(&apis, 1));
        let url = "https://open.feishu.cn/document/a/m";
        assert_eq!(resolve(url), None);
        let inner = with_scope(&index, "im", || resolve(url));
        assert!(inner.is_some());
        assert_eq!(with_scope(&index, "vc", || resolve(url)), None);
        assert_eq!(resolve(url), None);
    }
}
