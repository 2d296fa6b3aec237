//! The attempt loop: one request, sent until it succeeds, fails for good, or runs out of
//! attempts; every attempt in a `tracing` span with method, path, attempt, status, code
//! and log id.

use super::files;
use super::http::{log_id, method, transport};
use super::request::{Expect, Prepared, RequestBodySource, RequestOptions};
use super::state::Inner;
use super::token::{TokenUse, INVALID_TOKEN_CODES};
use crate::{DecodeError, Error};
use std::time::Duration;
use tracing::Instrument;

/// The rate-limit code of the gateway (also sent with HTTP 429).
const RATE_LIMITED: i64 = 99991400;
/// The gateway's header: seconds until the rate-limit window resets.
const RATE_LIMIT_RESET: &str = "x-ogw-ratelimit-reset";

/// A JSON response object: `code`, `msg` and the other keys.
pub(crate) struct Envelope {
    pub(crate) code: i64,
    pub(crate) msg: String,
    pub(crate) rest: serde_json::Map<String, serde_json::Value>,
}

/// The final answer of the loop.
pub(crate) enum Answer {
    Json {
        status: u16,
        log_id: Option<String>,
        envelope: Envelope,
    },
    /// A file download, not read yet.
    Stream {
        log_id: Option<String>,
        response: reqwest::Response,
    },
}

impl Answer {
    /// `(status, log id, envelope)` of a JSON answer.
    pub(crate) fn into_json(self) -> Result<(u16, Option<String>, Envelope), Error<()>> {
        match self {
            Answer::Json {
                status,
                log_id,
                envelope,
            } => Ok((status, log_id, envelope)),
            Answer::Stream { log_id, response } => Err(Error::Decode(DecodeError {
                http_status: Some(response.status().as_u16()),
                log_id,
                ..DecodeError::new("", "expected a JSON response, got a file")
            })),
        }
    }
}

impl Inner {
    /// Sends `p` with retries (see [`super::RetryPolicy`]) and the invalid-token replay.
    pub(crate) async fn execute(
        &self,
        p: &Prepared,
        opts: &RequestOptions,
    ) -> Result<Answer, Error<()>> {
        let span = tracing::info_span!(
            "feishu_request",
            method = p.method.as_str(),
            path = p.path_template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            code = tracing::field::Empty,
            log_id = tracing::field::Empty,
        );
        self.attempts(p, opts, &span).instrument(span.clone()).await
    }

    async fn wait(&self, why: &str, d: Duration) {
        tracing::warn!(wait_ms = d.as_millis() as u64, "{why}; retrying");
        self.clock.sleep(d).await;
    }

    async fn attempts(
        &self,
        p: &Prepared,
        opts: &RequestOptions,
        span: &tracing::Span,
    ) -> Result<Answer, Error<()>> {
        let max = opts.max_attempts.unwrap_or(self.retry.max_attempts).max(1);
        let unsafe_ok =
            p.idempotent || opts.retry_non_idempotent || self.retry.retry_non_idempotent;
        let mut attempt = 0u32;
        let mut replayed = false;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let token = self.choose_token(p.tokens, opts).await?;
            let request = self.build(p, opts, &token).await?;
            let response = match request.send().await {
                Ok(r) => r,
                Err(e) => {
                    // A connection that was never made cannot have done anything.
                    let retry = e.is_connect() || (e.is_timeout() && unsafe_ok);
                    if retry && attempt < max {
                        self.wait(
                            &format!("transport error: {e}"),
                            self.retry.backoff_after(attempt),
                        )
                        .await;
                        continue;
                    }
                    return Err(Error::Transport(transport(e)));
                }
            };
            let status = response.status().as_u16();
            let log_id = log_id(response.headers());
            span.record("status", status);
            if let Some(id) = &log_id {
                span.record("log_id", id.as_str());
            }
            let reset = response
                .headers()
                .get(RATE_LIMIT_RESET)
                .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
            if status == 429 && attempt < max {
                self.wait(
                    "rate limited (HTTP 429)",
                    self.retry.rate_limit_wait(reset, attempt),
                )
                .await;
                continue;
            }
            if p.expect == Expect::Binary && (200..300).contains(&status) && !is_envelope(&response)
            {
                return Ok(Answer::Stream { log_id, response });
            }
            let bytes = response
                .bytes()
                .await
                .map_err(|e| Error::Transport(transport(e)))?;
            let envelope = match crate::runtime::open_envelope(&bytes) {
                Ok((code, msg, rest)) => Envelope { code, msg, rest },
                Err(mut d) => {
                    if status >= 500 && unsafe_ok && attempt < max {
                        self.wait(&format!("HTTP {status}"), self.retry.backoff_after(attempt))
                            .await;
                        continue;
                    }
                    if !(200..300).contains(&status) {
                        // A gateway page or an empty 429: say what came, not just why it failed.
                        d.message =
                            format!("HTTP {status} without a JSON envelope ({})", d.message);
                    }
                    d.http_status = Some(status);
                    d.log_id = log_id;
                    return Err(Error::Decode(d));
                }
            };
            span.record("code", envelope.code);
            if envelope.code == RATE_LIMITED && attempt < max {
                self.wait(
                    "rate limited (code 99991400)",
                    self.retry.rate_limit_wait(reset, attempt),
                )
                .await;
                continue;
            }
            if INVALID_TOKEN_CODES.contains(&envelope.code) && !replayed {
                if let TokenUse::Managed { key, value } = &token {
                    // Once, and not counted as an attempt: the request itself was fine.
                    tracing::warn!(
                        code = envelope.code,
                        "token rejected; replaying with a new one"
                    );
                    self.invalidate(key, value).await;
                    replayed = true;
                    attempt -= 1;
                    continue;
                }
            }
            if status >= 500 && unsafe_ok && attempt < max {
                self.wait(&format!("HTTP {status}"), self.retry.backoff_after(attempt))
                    .await;
                continue;
            }
            return Ok(Answer::Json {
                status,
                log_id,
                envelope,
            });
        }
    }

    async fn build(
        &self,
        p: &Prepared,
        opts: &RequestOptions,
        token: &TokenUse,
    ) -> Result<reqwest::RequestBuilder, Error<()>> {
        let mut b = self.http.request(method(p.method), &p.url);
        if !p.query.is_empty() {
            b = b.query(&p.query);
        }
        if let Some(auth) = token.header() {
            b = b.header(reqwest::header::AUTHORIZATION, auth);
        }
        for (name, value) in &p.headers {
            b = b.header(name.as_str(), value.as_str());
        }
        if let Some(t) = opts.timeout {
            b = b.timeout(t);
        }
        Ok(match &p.body {
            RequestBodySource::None => b,
            RequestBodySource::Json(bytes) => b
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/json; charset=utf-8",
                )
                .body(bytes.clone()),
            RequestBodySource::Multipart(parts, upload) => {
                b.multipart(files::form(parts, upload.as_deref()).await?)
            }
            RequestBodySource::Binary(file) => b
                .header(reqwest::header::CONTENT_TYPE, file.content_type.as_str())
                .body(file.bytes.clone()),
        })
    }
}

/// Whether a 2xx answer to a download is a JSON envelope (Feishu reports some failures
/// that way) rather than the file: JSON without a `Content-Disposition`.
fn is_envelope(response: &reqwest::Response) -> bool {
    let h = response.headers();
    let json = h
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    json && !h.contains_key(reqwest::header::CONTENT_DISPOSITION)
}
