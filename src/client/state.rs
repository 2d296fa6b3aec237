//! The client's shared state: what every part of it reads (credentials, where to send,
//! retry policy, HTTP client, token store, clock). [`super::Client`] and its clones hold it
//! behind one `Arc`; the parts add their methods to it in their own modules (`token`,
//! `request`, `send`).

use super::app::AppType;
use super::clock::Clock;
use super::retry::RetryPolicy;
use super::store::{TokenKey, TokenStore};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// The state the clones of a [`super::Client`] share (no `Debug`: it holds the app secret).
pub(crate) struct Inner {
    pub(crate) app_id: String,
    pub(crate) app_secret: String,
    pub(crate) app_type: AppType,
    pub(crate) base_url: String,
    /// Whether the base URL is Feishu's own (then an endpoint's own host is used).
    pub(crate) default_host: bool,
    pub(crate) retry: RetryPolicy,
    pub(crate) refresh_before: Duration,
    pub(crate) http: reqwest::Client,
    pub(crate) store: Arc<dyn TokenStore>,
    pub(crate) clock: Arc<dyn Clock>,
    /// One lock per token key: concurrent callers share one refresh.
    pub(crate) flights: std::sync::Mutex<HashMap<TokenKey, Arc<tokio::sync::Mutex<()>>>>,
    pub(crate) initial_ticket: Option<String>,
}
