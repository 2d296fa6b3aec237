//! The webhook, framework-free: request headers and raw body in, status and JSON body out.
//! The `webhook` feature wraps it in an axum router; any other server can call
//! [`Dispatcher::handle_webhook`] itself.

use super::dispatcher::{Dispatcher, Outcome};
use super::receive::{Refusal, Signed, Verified};
use std::collections::HashMap;

/// `X-Lark-Request-Timestamp`: seconds since the epoch.
pub const TIMESTAMP_HEADER: &str = "X-Lark-Request-Timestamp";
/// `X-Lark-Request-Nonce`.
pub const NONCE_HEADER: &str = "X-Lark-Request-Nonce";
/// `X-Lark-Signature`: hex SHA-256 of timestamp + nonce + encrypt key + body.
pub const SIGNATURE_HEADER: &str = "X-Lark-Signature";

/// Request headers, looked up by name (case-insensitively).
pub trait RequestHeaders {
    /// The first value of header `name`, if any (and valid UTF-8).
    fn header(&self, name: &str) -> Option<&str>;
}

impl<K: AsRef<str>, V: AsRef<str>> RequestHeaders for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> RequestHeaders for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl RequestHeaders for HashMap<String, String> {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The answer to a webhook request: always a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookReply {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: Vec<u8>,
}

impl WebhookReply {
    /// The reply's `Content-Type`.
    pub const CONTENT_TYPE: &'static str = "application/json; charset=utf-8";

    fn json(status: u16, value: &serde_json::Value) -> Self {
        WebhookReply {
            status,
            body: value.to_string().into_bytes(),
        }
    }

    fn message(status: u16, msg: &str) -> Self {
        Self::json(status, &serde_json::json!({ "msg": msg }))
    }
}

impl Dispatcher {
    /// Handles one webhook request (events and callbacks alike): checks size, signature,
    /// timestamp, decrypts, checks the token, then answers the challenge, acknowledges an
    /// event (its handler runs on the task pool) or waits for a callback's answer.
    pub async fn handle_webhook<H: RequestHeaders + ?Sized>(
        &self,
        headers: &H,
        body: &[u8],
    ) -> WebhookReply {
        let signed = Signed {
            timestamp: headers.header(TIMESTAMP_HEADER),
            nonce: headers.header(NONCE_HEADER),
            signature: headers.header(SIGNATURE_HEADER),
        };
        match self.inner.receive_webhook(signed, body).await {
            Ok(Verified::Challenge(c)) => {
                WebhookReply::json(200, &serde_json::json!({ "challenge": c }))
            }
            Ok(Verified::Dispatched(Outcome::Accepted)) => WebhookReply::message(200, "ok"),
            Ok(Verified::Dispatched(Outcome::Answer(v))) => WebhookReply::json(200, &v),
            Ok(Verified::Dispatched(Outcome::Busy)) => WebhookReply::message(503, "busy"),
            Ok(Verified::Dispatched(Outcome::Failed)) => {
                WebhookReply::message(500, "callback handler failed")
            }
            Err(r) => refused(r),
        }
    }
}

pub(crate) fn refused(r: Refusal) -> WebhookReply {
    tracing::warn!(reason = r.reason(), "webhook request refused");
    WebhookReply::message(r.status(), r.reason())
}
