//! What a call to the open platform can fail with.
//!
//! Dependency-free on purpose: the bindings alone (without the `client` feature) decode
//! envelopes into these types too, and a transport error carries its cause as a boxed
//! `std::error::Error`, whatever HTTP client produced it.

use std::fmt;

/// A failed call. `E` is the endpoint's documented error-code enum ([`crate::Endpoint::Error`]).
///
/// `Display` shows what Feishu support asks for: the code, the message and the log id.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The platform answered with a non-zero `code` (whatever the HTTP status).
    Api(Box<ApiFailure<E>>),
    /// The request was not sent or the response not received (connection, timeout, TLS).
    Transport(TransportError),
    /// The response could not be decoded.
    Decode(DecodeError),
    /// The call was refused before any request: e.g. a user-only API without a user access
    /// token, or a store app's tenant token without a tenant key.
    Usage(String),
}

impl<E> Error<E> {
    /// The platform's error code, for [`Error::Api`].
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::Api(f) => Some(f.code),
            _ => None,
        }
    }

    /// The typed error, for [`Error::Api`].
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api(f) => Some(&f.error),
            _ => None,
        }
    }

    /// The log id of the response, when there was one.
    pub fn log_id(&self) -> Option<&str> {
        match self {
            Error::Api(f) => f.log_id.as_deref(),
            Error::Decode(d) => d.log_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api(f) => f.http_status,
            Error::Decode(d) => d.http_status,
            _ => None,
        }
    }

    /// The same error with another typed error enum (the code is re-read as `F`): errors of
    /// token requests reach callers typed as the endpoint they called.
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api(a) => Error::Api(Box::new(a.map(f))),
            Error::Transport(t) => Error::Transport(t),
            Error::Decode(d) => Error::Decode(d),
            Error::Usage(u) => Error::Usage(u),
        }
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(a) => a.fmt(f),
            Error::Transport(t) => t.fmt(f),
            Error::Decode(d) => d.fmt(f),
            Error::Usage(m) => write!(f, "invalid call: {m}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(t) => std::error::Error::source(t),
            _ => None,
        }
    }
}

/// A non-zero `code` in the response envelope, with everything the envelope said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiFailure<E> {
    /// The typed error (`Unknown(code)` for undocumented codes).
    pub error: E,
    /// The raw code.
    pub code: i64,
    /// The raw message.
    pub msg: String,
    /// The HTTP status of the response.
    pub http_status: Option<u16>,
    /// The log id: the `X-Tt-Logid` header, else `X-Request-Id`, else the body's
    /// `error.log_id`.
    pub log_id: Option<String>,
    /// The path of the request that failed (a token request, when fetching the token failed).
    pub request_path: String,
    /// `error.details`.
    pub details: Vec<ErrorDetail>,
    /// `error.permission_violations`: the scopes the app lacks.
    pub permission_violations: Vec<PermissionViolation>,
    /// `error.field_violations`: the request fields that were rejected.
    pub field_violations: Vec<FieldViolation>,
    /// `error.helps`.
    pub helps: Vec<ErrorHelp>,
    /// `error.troubleshooter`: a link to Feishu's troubleshooting page for this error.
    pub troubleshooter: Option<String>,
}

impl<E> ApiFailure<E> {
    /// A failure with only a code and message (the `error` object fields empty).
    pub fn new(error: E, code: i64, msg: impl Into<String>) -> Self {
        ApiFailure {
            error,
            code,
            msg: msg.into(),
            http_status: None,
            log_id: None,
            request_path: String::new(),
            details: Vec::new(),
            permission_violations: Vec::new(),
            field_violations: Vec::new(),
            helps: Vec::new(),
            troubleshooter: None,
        }
    }

    /// The same failure with another typed error.
    pub fn map<F>(self, f: impl FnOnce(E) -> F) -> ApiFailure<F> {
        ApiFailure {
            error: f(self.error),
            code: self.code,
            msg: self.msg,
            http_status: self.http_status,
            log_id: self.log_id,
            request_path: self.request_path,
            details: self.details,
            permission_violations: self.permission_violations,
            field_violations: self.field_violations,
            helps: self.helps,
            troubleshooter: self.troubleshooter,
        }
    }

    /// Fills in the `error` object of an envelope (`details`, violations, `helps`,
    /// `troubleshooter`, and `log_id` when no header gave one). Unknown keys and entries of
    /// the wrong shape are skipped: the object only adds information to the code.
    pub fn read_error_object(&mut self, error: &serde_json::Value) {
        let text = |v: &serde_json::Value, key: &str| -> String {
            match v.get(key) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            }
        };
        let list = |key: &str| -> Vec<&serde_json::Value> {
            match error.get(key) {
                Some(serde_json::Value::Array(items)) => items.iter().collect(),
                _ => Vec::new(),
            }
        };
        if self.log_id.is_none() {
            self.log_id = Some(text(error, "log_id")).filter(|s| !s.is_empty());
        }
        self.troubleshooter = Some(text(error, "troubleshooter")).filter(|s| !s.is_empty());
        self.details = list("details")
            .into_iter()
            .map(|d| ErrorDetail {
                key: text(d, "key"),
                value: text(d, "value"),
            })
            .collect();
        self.permission_violations = list("permission_violations")
            .into_iter()
            .map(|d| PermissionViolation {
                kind: text(d, "type"),
                subject: text(d, "subject"),
                description: text(d, "description"),
            })
            .collect();
        self.field_violations = list("field_violations")
            .into_iter()
            .map(|d| FieldViolation {
                field: text(d, "field"),
                value: text(d, "value"),
                description: text(d, "description"),
            })
            .collect();
        self.helps = list("helps")
            .into_iter()
            .map(|d| ErrorHelp {
                url: text(d, "url"),
                description: text(d, "description"),
            })
            .collect();
    }
}

impl<E> fmt::Display for ApiFailure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Feishu API error {}: {}", self.code, self.msg)?;
        if let Some(id) = &self.log_id {
            write!(f, " (log id {id})")?;
        }
        for v in &self.permission_violations {
            write!(f, "; missing permission {} {}", v.kind, v.subject)?;
        }
        for v in &self.field_violations {
            write!(f, "; field {}: {}", v.field, v.description)?;
        }
        if let Some(t) = &self.troubleshooter {
            write!(f, "; see {t}")?;
        }
        Ok(())
    }
}

/// One entry of `error.details`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetail {
    pub key: String,
    pub value: String,
}

/// One entry of `error.permission_violations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionViolation {
    /// `type` (e.g. `action_scope_required`).
    pub kind: String,
    /// The scope or permission concerned.
    pub subject: String,
    pub description: String,
}

/// One entry of `error.field_violations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    pub field: String,
    pub value: String,
    pub description: String,
}

/// One entry of `error.helps`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorHelp {
    pub url: String,
    pub description: String,
}

/// A response that did not decode: not JSON, not an object, or a value that does not fit
/// the type (with its JSON path, `.data.items[0].name`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The JSON path of the offending value (empty when the body is not JSON at all).
    pub path: String,
    pub message: String,
    /// The HTTP status of the response, when known.
    pub http_status: Option<u16>,
    /// The response's log id, when known.
    pub log_id: Option<String>,
}

impl DecodeError {
    /// An error at `path` (the JSON path, or empty).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        DecodeError {
            path: path.into(),
            message: message.into(),
            http_status: None,
            log_id: None,
        }
    }

    /// A [`crate::JsonError`], its path under `prefix` (`.data`, or empty).
    pub fn from_json(prefix: &str, e: &crate::JsonError) -> Self {
        DecodeError::new(format!("{prefix}{}", e.path()), e.message())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot decode the response")?;
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(s) = self.http_status {
            write!(f, " (HTTP {s})")?;
        }
        if let Some(id) = &self.log_id {
            write!(f, " (log id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// The request did not complete: connection refused or reset, timeout, TLS, an unreadable
/// file to upload. The HTTP client's own error is the [`std::error::Error::source`].
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    pub message: String,
    /// Whether a timeout ended the request.
    pub timeout: bool,
    /// Whether the connection could not be made (so the request was certainly not processed).
    pub connect: bool,
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// An error with a message and no cause.
    pub fn new(message: impl Into<String>) -> Self {
        TransportError {
            message: message.into(),
            timeout: false,
            connect: false,
            source: None,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error: {}", self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
