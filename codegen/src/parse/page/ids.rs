//! The API's name (from the Go sample, the api_explore link, the file path or the URL) and
//! its path template (from the HTTP URL row).

use super::Report;
use crate::codes::Code;
use crate::ir::{ApiId, Diagnostic, HttpMethod, PathTemplate};
use crate::parse::blocks::Pos;
use crate::parse::text::plain_text;

/// Removes a `{尝试一下}(url=…?project=…)` link from `text`, returning the id it names.
pub(super) fn take_explore_link(text: &mut String) -> Option<ApiId> {
    let start = text.find("{尝试一下}(")?;
    let rest = text.get(start..).unwrap_or("");
    let end = rest.find(')').map(|e| start + e + 1).unwrap_or(text.len());
    let id = explore_id(text.get(start..end).unwrap_or(""));
    text.replace_range(start..end, "");
    id
}

/// Reads an HTTP URL cell (`[text](url)`, `` `url` `` or plain) into a path template and the
/// host when it is not `open.feishu.cn`; `None` (with an error) when it has no path.
pub(super) fn read_url(
    value: &str,
    pos: Pos,
    diags: &mut Vec<Diagnostic>,
) -> Option<(PathTemplate, Option<String>)> {
    let url = plain_text(value).trim().to_string();
    let url = url.split_whitespace().next().unwrap_or("").to_string();
    let (host, mut path) = match url.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(i) => (
                rest.get(..i).unwrap_or("").to_string(),
                rest.get(i..).unwrap_or("").to_string(),
            ),
            None => (rest.to_string(), "/".to_string()),
        },
        None => (String::new(), url.clone()),
    };
    if let Some((p, q)) = path.split_once('?') {
        diags.report(
            Code::UrlQueryString,
            pos,
            format!(
                "the HTTP URL carries a query string `?{q}`; it is dropped from the path template"
            ),
        );
        path = p.to_string();
    }
    if !path.starts_with('/') {
        diags.report(
            Code::UrlWithoutPath,
            pos,
            format!("the HTTP URL `{url}` has no path"),
        );
        return None;
    }
    if path.contains('{') {
        let colon = braces_to_colons(&path);
        diags.report(
            Code::UrlBracePlaceholders,
            pos,
            format!("the HTTP URL uses `{{}}` placeholders; read as `{colon}`"),
        );
        path = colon;
    }
    let host = (!host.is_empty() && host != "open.feishu.cn").then_some(host);
    Some((PathTemplate::parse(&path), host))
}

/// `{param}` placeholders become `:param` (lower-cased); an unclosed `{` stays as written.
fn braces_to_colons(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
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
    out
}

/// What the page says about its own name.
pub(super) struct IdSources<'a> {
    pub(super) source: &'a str,
    pub(super) sdk_call: Option<&'a str>,
    pub(super) explore: Option<ApiId>,
    pub(super) path: Option<&'a PathTemplate>,
    pub(super) method: Option<HttpMethod>,
}

/// The API's id: from the Go sample (official names), the api_explore link, or the file
/// path — preferring the path's spelling when they agree, since it keeps sub-resource dots.
pub(super) fn resolve_id(s: IdSources<'_>, diags: &mut Vec<Diagnostic>) -> ApiId {
    let from_path = id_from_path(s.source);
    let official = s.sdk_call.and_then(id_from_sdk_call).or(s.explore);
    match (official, from_path) {
        (Some(o), Some(p)) => {
            if same_id(&o, &p) {
                p
            } else {
                diags.report(
                    Code::ApiNameMismatch,
                    Pos::default(),
                    format!("the page names the API `{o}` but its path says `{p}`; using the page's name"),
                );
                o
            }
        }
        (Some(o), None) => o,
        (None, Some(p)) => p,
        (None, None) => s
            .path
            .and_then(|u| id_from_url(u, s.method))
            .unwrap_or_else(|| ApiId {
                service: "unknown".into(),
                version: "v1".into(),
                resource: "unknown".into(),
                method: "unknown".into(),
            }),
    }
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

/// `vc/v1/meeting/end.md` (possibly under further directories) → id. Any version segment
/// is accepted: old APIs without one live under `_`. A `__suffix` on the method file name
/// (how mirrors tell apart several doc pages of one endpoint) is dropped.
fn id_from_path(source: &str) -> Option<ApiId> {
    let parts: Vec<&str> = source
        .trim_end_matches(".md")
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let [.., service, version, resource, method] = parts.as_slice() else {
        return None;
    };
    Some(ApiId {
        service: service.to_string(),
        version: version.to_string(),
        resource: resource.to_string(),
        method: method.split("__").next()?.to_string(),
    })
}

/// `client.Vc.V1.Meeting.End` → `vc/v1/meeting/end` (CamelCase → snake_case).
fn id_from_sdk_call(call: &str) -> Option<ApiId> {
    let parts: Vec<&str> = call.split('.').collect();
    let [_, service, version, resource, method] = parts.as_slice() else {
        return None;
    };
    let snake = |s: &str| heck::ToSnakeCase::to_snake_case(s);
    Some(ApiId {
        service: snake(service),
        version: snake(version),
        resource: snake(resource),
        method: snake(method),
    })
}

/// Last resort: `/open-apis/vc/v1/meetings/:meeting_id/end` → `vc/v1/meetings/end`.
fn id_from_url(path: &PathTemplate, method: Option<HttpMethod>) -> Option<ApiId> {
    use crate::ir::PathSegment;
    let segs: Vec<&str> = path
        .segments()
        .iter()
        .filter_map(|s| match s {
            PathSegment::Literal(l) if !l.is_empty() && l != "open-apis" && !l.starts_with(':') => {
                Some(l.as_str())
            }
            _ => None,
        })
        .collect();
    let is_version = |s: &str| {
        s.strip_prefix('v')
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
    };
    let vpos = segs.iter().position(|s| is_version(s))?;
    let service = segs.get(vpos.checked_sub(1)?)?.to_string();
    let version = segs.get(vpos)?.to_string();
    let rest = segs.get(vpos + 1..).unwrap_or(&[]);
    let resource = rest
        .first()
        .map(|s| s.to_string())
        .unwrap_or_else(|| service.clone());
    let method = if rest.len() >= 2 {
        rest.last().map(|s| s.to_string()).unwrap_or_default()
    } else {
        method
            .map(|m| m.as_str().to_ascii_lowercase())
            .unwrap_or_else(|| "call".to_string())
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
        let t = PathTemplate::parse("/open-apis/vc/v1/meetings/:meeting_id/end");
        let u = id_from_url(&t, Some(HttpMethod::Patch)).unwrap();
        assert_eq!(u.to_string(), "vc/v1/meetings/end");
    }
}
