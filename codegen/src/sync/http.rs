//! A small JSON-over-HTTP client: timeouts, retries with exponential backoff on network errors
//! and 5xx answers, nothing else. ureq (blocking, rustls) keeps it free of async runtimes and
//! of OpenSSL; concurrency comes from the caller's threads.

use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// Largest body read (the full directory is a few MB; the largest page under 1 MB).
const BODY_LIMIT: u64 = 256 * 1024 * 1024;

/// Why a request failed for good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Connection, timeout or transfer error (after the retries).
    Network(String),
    /// A non-success HTTP status (5xx after the retries; other statuses at once).
    Status(u16),
    /// The body is not JSON.
    BadJson(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network(e) => write!(f, "network error: {e}"),
            FetchError::Status(s) => write!(f, "HTTP status {s}"),
            FetchError::BadJson(e) => write!(f, "the answer is not JSON: {e}"),
        }
    }
}

/// Retry policy and timeouts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// The limit for one whole request (connect, send, read).
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            retries: 3,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(30),
        }
    }
}

/// A client for one portal.
pub struct Client {
    agent: ureq::Agent,
    policy: Policy,
}

fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', ':']).next().unwrap_or("");
    host == "127.0.0.1" || host == "localhost" || rest.starts_with("[::1]")
}

impl Client {
    /// A client for requests to `base_url`; proxies from the environment are used except
    /// for loopback addresses.
    pub fn new(base_url: &str, policy: Policy) -> Client {
        let mut config = ureq::Agent::config_builder()
            .timeout_global(Some(policy.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("feishu-codegen/", env!("CARGO_PKG_VERSION")));
        if is_loopback(base_url) {
            config = config.proxy(None);
        }
        Client {
            agent: config.build().into(),
            policy,
        }
    }

    /// `GET url` as JSON, retrying network errors and 5xx answers.
    pub fn get_json(&self, url: &str) -> Result<Value, FetchError> {
        let mut wait = self.policy.backoff;
        let mut attempt = 0;
        loop {
            match self.once(url) {
                Err(FetchError::Network(_)) | Err(FetchError::Status(500..=599))
                    if attempt < self.policy.retries =>
                {
                    std::thread::sleep(wait);
                    wait = wait.saturating_mul(2);
                    attempt += 1;
                }
                result => return result,
            }
        }
    }

    fn once(&self, url: &str) -> Result<Value, FetchError> {
        let mut resp = self
            .agent
            .get(url)
            .header("Accept-Language", "zh-CN")
            .header("Accept", "application/json")
            .call()
            .map_err(|e| FetchError::Network(e.to_string()))?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_string()
            .map_err(|e| FetchError::Network(e.to_string()))?;
        if !(200..300).contains(&status) {
            return Err(FetchError::Status(status));
        }
        serde_json::from_str(&body).map_err(|e| FetchError::BadJson(e.to_string()))
    }
}
