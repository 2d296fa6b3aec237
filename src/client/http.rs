//! The edge to reqwest: methods, transport errors and the log id of a response.

use crate::{Method, TransportError};

/// The log id of a response: `X-Tt-Logid`, else `X-Request-Id` (the body's `error.log_id`
/// is the last resort, read with the envelope).
pub(crate) fn log_id(headers: &reqwest::header::HeaderMap) -> Option<String> {
    [crate::LOG_ID_HEADER, "x-request-id"]
        .iter()
        .find_map(|h| headers.get(*h)?.to_str().ok())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

pub(crate) fn transport(e: reqwest::Error) -> TransportError {
    TransportError {
        timeout: e.is_timeout(),
        connect: e.is_connect(),
        message: e.to_string(),
        source: Some(Box::new(e)),
    }
}

pub(crate) fn method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}
