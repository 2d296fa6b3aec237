//! Per-request options, and turning an [`Endpoint`] into the request the attempt loop sends
//! ([`Prepared`]).

use super::files::UploadFile;
use super::redact::{redact_option, Redacted};
use super::state::Inner;
use crate::{
    AccessTokenKind, Endpoint, FilePart, Method, MultipartPart, RequestBody, ResponseKind,
};
use std::sync::Arc;
use std::time::Duration;

/// Options of one call: tokens, tenant, headers, timeout, retries. Its `Debug` output shows
/// which tokens are set, never their values, and header names without their values.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) user_access_token: Option<String>,
    pub(crate) tenant_access_token: Option<String>,
    pub(crate) app_access_token: Option<String>,
    pub(crate) tenant_key: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry_non_idempotent: bool,
    pub(crate) max_attempts: Option<u32>,
}

impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, Redacted)> = self
            .headers
            .iter()
            .map(|(name, _)| (name.as_str(), Redacted))
            .collect();
        f.debug_struct("RequestOptions")
            .field("user_access_token", &redact_option(&self.user_access_token))
            .field(
                "tenant_access_token",
                &redact_option(&self.tenant_access_token),
            )
            .field("app_access_token", &redact_option(&self.app_access_token))
            .field("tenant_key", &self.tenant_key)
            .field("headers", &headers)
            .field("timeout", &self.timeout)
            .field("retry_non_idempotent", &self.retry_non_idempotent)
            .field("max_attempts", &self.max_attempts)
            .finish()
    }
}

impl RequestOptions {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Acts as a user: sent when the API accepts a `user_access_token`. A caller's token is
    /// used as given (never refreshed or replayed).
    pub fn user_access_token(mut self, token: impl Into<String>) -> Self {
        self.user_access_token = Some(token.into());
        self
    }

    /// A `tenant_access_token` of the caller's own, instead of the managed one.
    pub fn tenant_access_token(mut self, token: impl Into<String>) -> Self {
        self.tenant_access_token = Some(token.into());
        self
    }

    /// An `app_access_token` of the caller's own, instead of the managed one.
    pub fn app_access_token(mut self, token: impl Into<String>) -> Self {
        self.app_access_token = Some(token.into());
        self
    }

    /// The tenant a store app acts for (its tenant token is cached per tenant).
    pub fn tenant_key(mut self, tenant_key: impl Into<String>) -> Self {
        self.tenant_key = Some(tenant_key.into());
        self
    }

    /// An extra header (after the endpoint's own headers, so it can override them).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The timeout of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries 5xx answers and timeouts of this request even if its method is not
    /// idempotent (the caller knows that repeating it is harmless).
    pub fn retry_non_idempotent(mut self) -> Self {
        self.retry_non_idempotent = true;
        self
    }

    /// The number of attempts of this request (the first included).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = Some(n.max(1));
        self
    }
}

/// What the response should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Json,
    /// A file; a JSON envelope still comes back for errors.
    Binary,
}

/// A request body, rebuilt for each attempt (multipart forms are consumed by sending).
pub(crate) enum RequestBodySource {
    None,
    Json(Vec<u8>),
    /// The endpoint's parts, and a file to stream in place of its file part.
    Multipart(Vec<MultipartPart>, Option<Arc<UploadFile>>),
    Binary(FilePart),
}

/// Everything the loop needs to send one request.
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) path_template: &'static str,
    pub(crate) url: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: RequestBodySource,
    pub(crate) tokens: &'static [AccessTokenKind],
    pub(crate) expect: Expect,
    pub(crate) idempotent: bool,
}

impl Inner {
    /// The request of `endpoint`, with `upload` (if any) streamed in place of its file part.
    pub(crate) fn prepare<R: Endpoint>(
        &self,
        endpoint: &R,
        opts: &RequestOptions,
        upload: Option<Arc<UploadFile>>,
    ) -> Prepared {
        let base = match R::HOST {
            // An endpoint on another Feishu host (old approval APIs), unless a custom base
            // URL (a proxy, a test server) takes everything.
            Some(host) if self.default_host => format!("https://{host}"),
            _ => self.base_url.clone(),
        };
        let body = match endpoint.body() {
            RequestBody::None => RequestBodySource::None,
            RequestBody::Json(v) => RequestBodySource::Json(v.to_string().into_bytes()),
            RequestBody::Multipart(parts) => RequestBodySource::Multipart(parts, upload),
            RequestBody::Binary(file) => RequestBodySource::Binary(file),
        };
        let mut headers: Vec<(String, String)> = endpoint
            .headers()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        headers.extend(opts.headers.iter().cloned());
        Prepared {
            method: R::METHOD,
            path_template: R::PATH_TEMPLATE,
            url: format!("{base}{}", endpoint.path()),
            query: endpoint.query(),
            headers,
            body,
            tokens: R::ACCESS_TOKENS,
            expect: match R::RESPONSE_KIND {
                ResponseKind::Binary => Expect::Binary,
                ResponseKind::Json | ResponseKind::FlatJson => Expect::Json,
            },
            idempotent: matches!(R::METHOD, Method::Get | Method::Put | Method::Delete),
        }
    }
}
