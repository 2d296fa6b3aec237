//! The security gate every delivery passes before a handler runs, on both transports:
//! size, signature and freshness (webhook), decryption, the verification token.

use super::dispatcher::{Inner, Outcome};
use super::envelope::{self, Incoming};
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};
use subtle::ConstantTimeEq;

/// Why a delivery was refused (nothing of it reached a handler).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal {
    /// The body is larger than the configured limit.
    TooLarge,
    /// The signature headers are missing where required, or do not match.
    BadSignature,
    /// `X-Lark-Request-Timestamp` is outside the window (a replay, or a wrong clock).
    Stale,
    /// The body is not JSON, not a Feishu envelope, or does not decrypt.
    Malformed,
    /// The body is encrypted but no encrypt key is configured.
    NoEncryptKey,
    /// The verification token does not match.
    BadToken,
}

impl Refusal {
    /// The HTTP status answered.
    pub fn status(self) -> u16 {
        match self {
            Refusal::TooLarge => 413,
            Refusal::BadSignature | Refusal::Stale | Refusal::BadToken => 401,
            Refusal::Malformed | Refusal::NoEncryptKey => 400,
        }
    }

    /// A short reason (sent in the reply, logged).
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::TooLarge => "body too large",
            Refusal::BadSignature => "bad or missing signature",
            Refusal::Stale => "request timestamp outside the allowed window",
            Refusal::Malformed => "malformed body",
            Refusal::NoEncryptKey => "encrypted body but no encrypt key configured",
            Refusal::BadToken => "bad verification token",
        }
    }
}

/// What a verified request asks for.
#[derive(Debug, PartialEq)]
pub(crate) enum Verified {
    /// Answer `{"challenge": ...}`.
    Challenge(String),
    /// Ran (or queued) the handler.
    Dispatched(Outcome),
}

/// How a body arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// A webhook request with a valid signature.
    SignedWebhook,
    /// A webhook request without one: with an encrypt key set, only the challenge may be.
    UnsignedWebhook,
    /// The long connection, opened with the app secret over TLS: its frames carry no
    /// signature, and (as in Feishu's own SDKs) a frame without a token is accepted; a
    /// wrong token is still refused.
    LongConnection,
}

/// The signature headers of a webhook request.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Signed<'a> {
    pub(crate) timestamp: Option<&'a str>,
    pub(crate) nonce: Option<&'a str>,
    pub(crate) signature: Option<&'a str>,
}

/// The largest body accepted without a signature while an encrypt key is set: only the
/// `url_verification` challenge comes unsigned, and encrypted it is about 300 bytes.
const UNSIGNED_MAX_BYTES: usize = 4096;

impl Inner {
    /// Checks a webhook request, then reads it. With an encrypt key set, a request without
    /// a signature is refused over [`UNSIGNED_MAX_BYTES`] before anything is decrypted, and
    /// every refusal of it looks the same, so an unsigned sender learns nothing of how far
    /// its body got.
    pub(crate) async fn receive_webhook(
        &self,
        h: Signed<'_>,
        body: &[u8],
    ) -> Result<Verified, Refusal> {
        if self.settings.encrypt_key.is_none() || h.signature.is_some() {
            let via = self.check_webhook(h, body)?;
            return self.receive(body, via).await;
        }
        if body.len() > UNSIGNED_MAX_BYTES {
            return Err(Refusal::BadSignature);
        }
        let via = self
            .check_webhook(h, body)
            .map_err(|_| Refusal::BadSignature)?;
        self.receive(body, via)
            .await
            .map_err(|_| Refusal::BadSignature)
    }

    /// Checks the size, the signature and the timestamp of a webhook request.
    fn check_webhook(&self, h: Signed<'_>, body: &[u8]) -> Result<Via, Refusal> {
        let s = &self.settings;
        if body.len() > s.max_body_bytes {
            return Err(Refusal::TooLarge);
        }
        let mut signed = false;
        if let (Some(key), Some(sig)) = (&s.encrypt_key, h.signature) {
            let (Some(ts), Some(nonce)) = (h.timestamp, h.nonce) else {
                return Err(Refusal::BadSignature);
            };
            if !super::crypto::signature_matches(ts, nonce, key, body, sig) {
                return Err(Refusal::BadSignature);
            }
            signed = true;
        }
        if let Some(ts) = h.timestamp {
            let ts: i64 = ts.trim().parse().map_err(|_| Refusal::Stale)?;
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            let window = i64::try_from(s.timestamp_window.as_secs()).unwrap_or(i64::MAX);
            if now.abs_diff(ts) > window.unsigned_abs() {
                return Err(Refusal::Stale);
            }
        }
        Ok(if signed {
            Via::SignedWebhook
        } else {
            Via::UnsignedWebhook
        })
    }

    /// Decrypts and reads a body, checks its token, answers a challenge or dispatches.
    pub(crate) async fn receive(&self, body: &[u8], via: Via) -> Result<Verified, Refusal> {
        let s = &self.settings;
        let mut value: Value = serde_json::from_slice(body).map_err(|_| Refusal::Malformed)?;
        if let Some(Value::String(encrypted)) = value.get("encrypt") {
            let key = s.aes_key.as_ref().ok_or(Refusal::NoEncryptKey)?;
            let plain = super::crypto::decrypt(key, encrypted).ok_or(Refusal::Malformed)?;
            value = serde_json::from_slice(&plain).map_err(|_| Refusal::Malformed)?;
        }
        let incoming = envelope::read(value).map_err(|_| Refusal::Malformed)?;
        let token = match &incoming {
            Incoming::Challenge { token, .. } | Incoming::Event { token, .. } => token,
        };
        // An empty configured token would accept bodies without one.
        let expected = s.verification_token.as_bytes();
        let token_ok = !expected.is_empty() && bool::from(token.as_bytes().ct_eq(expected));
        let tokenless_frame = via == Via::LongConnection && token.is_empty();
        if !(token_ok || tokenless_frame) {
            return Err(Refusal::BadToken);
        }
        match incoming {
            Incoming::Challenge { .. } if via == Via::LongConnection => Err(Refusal::Malformed),
            Incoming::Challenge { challenge, .. } => Ok(Verified::Challenge(challenge)),
            Incoming::Event { .. } if s.encrypt_key.is_some() && via == Via::UnsignedWebhook => {
                Err(Refusal::BadSignature)
            }
            Incoming::Event { context, event, .. } => {
                Ok(Verified::Dispatched(self.dispatch(context, event).await))
            }
        }
    }
}
