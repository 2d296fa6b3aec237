//! One API's old and new IR compared: endpoint, fields, errors, tokens, scopes, body kinds,
//! deprecation and wording. Identifiers are compared separately ([`super::idents`]).

use super::access;
use super::fields::{self, Side};
use super::model::{Change, Class, Kind};
use crate::ir::{AccessToken, Api, Body, ErrorCode};

/// Phrases with which a page says its API is deprecated (title or description).
const DEPRECATION_MARKS: &[&str] = &[
    "已废弃",
    "即将废弃",
    "已下线",
    "即将下线",
    "不再维护",
    "停止维护",
    "不推荐",
    "历史版本",
];

/// Whether the page marks its API as deprecated.
pub fn is_deprecated(api: &Api) -> bool {
    marks_deprecated(&api.title, &api.description)
}

/// Whether a page's title or description says its item is deprecated.
pub fn marks_deprecated(title: &str, description: &str) -> bool {
    DEPRECATION_MARKS
        .iter()
        .any(|m| title.contains(m) || description.contains(m))
}

/// Every difference between `old` and `new` (the same API), wording included.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let mut out = Vec::new();
    endpoint(old, new, &mut out);
    deprecation(old, new, &mut out);
    let request = [
        ("path", &old.path_params, &new.path_params),
        ("query", &old.query_params, &new.query_params),
        ("header", &old.headers, &new.headers),
    ];
    for (prefix, o, n) in request {
        fields::compare(o, n, prefix, Side::Request, &mut out);
    }
    body(
        &old.request_body,
        &new.request_body,
        "body",
        Side::Request,
        &mut out,
    );
    body(
        &old.response_body,
        &new.response_body,
        "response",
        Side::Response,
        &mut out,
    );
    errors(&old.errors, &new.errors, &mut out);
    tokens(&old.access_tokens, &new.access_tokens, &mut out);
    scopes(&old.scopes, &new.scopes, "scopes", &mut out);
    scopes(
        &old.field_scopes,
        &new.field_scopes,
        "field_scopes",
        &mut out,
    );
    prose(old, new, &mut out);
    out
}

fn endpoint(old: &Api, new: &Api, out: &mut Vec<Change>) {
    if access::method(old) != access::method(new) {
        out.push(
            Change::new(Kind::MethodChanged, Class::Major, "method")
                .old(access::method(old))
                .new_value(access::method(new)),
        );
    }
    if access::path(old) != access::path(new) || access::host(old) != access::host(new) {
        let same_shape = access::path_shape(old) == access::path_shape(new)
            && access::host(old) == access::host(new);
        let mut c = Change::new(Kind::PathChanged, Class::Major, "path")
            .old(access::endpoint(old))
            .new_value(access::endpoint(new));
        if same_shape {
            c = c.note("only path parameter names changed");
        }
        out.push(c);
    }
}

fn deprecation(old: &Api, new: &Api, out: &mut Vec<Change>) {
    deprecation_change(is_deprecated(old), is_deprecated(new), "api", "API", out);
}

/// The change when a page starts (minor) or stops (patch) marking its `what` deprecated.
pub(super) fn deprecation_change(
    was: bool,
    now: bool,
    location: &str,
    what: &str,
    out: &mut Vec<Change>,
) {
    match (was, now) {
        (false, true) => out.push(
            Change::new(Kind::ApiDeprecated, Class::Minor, location)
                .new_value("deprecated")
                .note(format!(
                    "the page now marks the {what} as deprecated; plan a replacement"
                )),
        ),
        (true, false) => out.push(
            Change::new(Kind::ApiDeprecated, Class::Patch, location)
                .old("deprecated")
                .note(format!("the page no longer marks the {what} as deprecated")),
        ),
        _ => {}
    }
}

fn body(old: &Body, new: &Body, prefix: &str, side: Side, out: &mut Vec<Change>) {
    if old.kind != new.kind || old.flat != new.flat {
        let show = |b: &Body| {
            let kind = serde_json::to_value(b.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            if b.flat {
                format!("{kind} (flat)")
            } else {
                kind
            }
        };
        out.push(
            Change::new(Kind::BodyKindChanged, Class::Major, prefix)
                .old(show(old))
                .new_value(show(new)),
        );
    }
    fields::compare(&old.fields, &new.fields, prefix, side, out);
}

pub(super) fn errors(old: &[ErrorCode], new: &[ErrorCode], out: &mut Vec<Change>) {
    for o in old {
        let loc = format!("errors.{}", o.code);
        match new.iter().find(|n| n.code == o.code) {
            None => out.push(
                Change::new(Kind::ErrorRemoved, Class::Major, loc).old(o.description.clone()),
            ),
            Some(n) if n.http_status != o.http_status => out.push(
                Change::new(Kind::ErrorChanged, Class::Minor, loc)
                    .old(status(o.http_status))
                    .new_value(status(n.http_status))
                    .note("HTTP status changed"),
            ),
            Some(n) if n.description != o.description || n.advice != o.advice => out.push(
                Change::new(Kind::Prose, Class::Patch, loc)
                    .old(o.description.clone())
                    .new_value(n.description.clone()),
            ),
            Some(_) => {}
        }
    }
    for n in new {
        if !old.iter().any(|o| o.code == n.code) {
            out.push(
                Change::new(Kind::ErrorAdded, Class::Minor, format!("errors.{}", n.code))
                    .new_value(n.description.clone()),
            );
        }
    }
}

fn status(s: Option<u16>) -> String {
    s.map(|s| s.to_string()).unwrap_or_else(|| "none".into())
}

fn token_name(t: AccessToken) -> &'static str {
    match t {
        AccessToken::Tenant => "tenant_access_token",
        AccessToken::User => "user_access_token",
        AccessToken::App => "app_access_token",
    }
}

fn tokens(old: &[AccessToken], new: &[AccessToken], out: &mut Vec<Change>) {
    for t in old.iter().filter(|t| !new.contains(t)) {
        out.push(
            Change::new(Kind::TokenRemoved, Class::Major, "access_tokens").old(token_name(*t)),
        );
    }
    for t in new.iter().filter(|t| !old.contains(t)) {
        out.push(
            Change::new(Kind::TokenAdded, Class::Minor, "access_tokens").new_value(token_name(*t)),
        );
    }
}

pub(super) fn scopes(old: &[String], new: &[String], loc: &str, out: &mut Vec<Change>) {
    for s in old.iter().filter(|s| !new.contains(s)) {
        out.push(
            Change::new(Kind::ScopeRemoved, Class::Minor, loc)
                .old(s.clone())
                .note("apps authorised only with this scope must re-authorise"),
        );
    }
    for s in new.iter().filter(|s| !old.contains(s)) {
        out.push(
            Change::new(Kind::ScopeAdded, Class::Minor, loc)
                .new_value(s.clone())
                .note("users must re-authorise"),
        );
    }
}

fn prose(old: &Api, new: &Api, out: &mut Vec<Change>) {
    texts(
        [
            ("title", &old.title, &new.title),
            ("description", &old.description, &new.description),
        ],
        out,
    );
    if old.rate_limit != new.rate_limit {
        let show = |r: &Option<String>| r.clone().unwrap_or_default();
        out.push(
            Change::new(Kind::Prose, Class::Patch, "rate_limit")
                .old(show(&old.rate_limit))
                .new_value(show(&new.rate_limit)),
        );
    }
    if old.scope_names != new.scope_names || old.app_types != new.app_types {
        out.push(Change::new(
            Kind::Prose,
            Class::Patch,
            "permission names or app types",
        ));
    }
    if old.examples != new.examples {
        out.push(Change::new(Kind::Prose, Class::Patch, "examples"));
    }
}

/// A wording change for each `(location, old, new)` text that differs.
pub(super) fn texts<const N: usize>(texts: [(&str, &String, &String); N], out: &mut Vec<Change>) {
    for (loc, a, b) in texts {
        if a != b {
            out.push(
                Change::new(Kind::Prose, Class::Patch, loc)
                    .old(a.clone())
                    .new_value(b.clone()),
            );
        }
    }
}
