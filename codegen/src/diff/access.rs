//! The few IR facts the comparison reads through accessors rather than fields, so that a change
//! of their representation in `ir.rs` (method as an enum, path as a parsed template) is
//! absorbed here.

use crate::ir::Api;

/// The HTTP method, upper case (`GET`).
pub fn method(api: &Api) -> String {
    api.http_method
        .map(|m| m.as_str().to_string())
        .unwrap_or_default()
}

/// The path template as documented (`/open-apis/vc/v1/meetings/:meeting_id/end`).
pub fn path(api: &Api) -> String {
    api.path.to_string()
}

/// The host, when the API is not served from the default host.
pub fn host(api: &Api) -> Option<String> {
    api.host.clone()
}

/// The path with parameter names blanked (`/open-apis/vc/v1/meetings/:/end`): two templates
/// that differ only in parameter names address the same endpoint.
pub fn path_shape(api: &Api) -> String {
    path(api)
        .split('/')
        .map(|seg| if seg.starts_with(':') { ":" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the page documents an HTTP API at all (a method and a path).
pub fn documents_http_api(api: &Api) -> bool {
    !method(api).is_empty() && !path(api).is_empty()
}

/// `METHOD host+path`, the endpoint an API is called at.
pub fn endpoint(api: &Api) -> String {
    match host(api) {
        Some(h) => format!("{} {h}{}", method(api), path(api)),
        None => format!("{} {}", method(api), path(api)),
    }
}
