//! Building a [`Client`]: app credentials, region, timeouts, user agent, retry policy,
//! token store and clock.

use super::app::{AppType, Region};
use super::clock::{Clock, SystemClock};
use super::retry::RetryPolicy;
use super::state::Inner;
use super::store::{CachedToken, MemoryTokenStore, TokenKey, TokenKind, TokenStore};
use crate::TransportError;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Builds a [`Client`] ([`Client::builder`]).
pub struct ClientBuilder {
    app_id: String,
    app_secret: String,
    app_type: AppType,
    region: Region,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    refresh_before: Duration,
    store: Option<Arc<dyn TokenStore>>,
    clock: Option<Arc<dyn Clock>>,
    app_ticket: Option<String>,
}

/// An async client of the open platform. Cheap to clone (the clones share tokens and
/// connections); tokens are cached per client, never process-wide.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl Client {
    /// A builder for the app with these credentials (a self-built app on Feishu by default).
    pub fn builder(app_id: impl Into<String>, app_secret: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            app_id: app_id.into(),
            app_secret: app_secret.into(),
            app_type: AppType::SelfBuilt,
            region: Region::Feishu,
            timeout: Duration::from_secs(30),
            user_agent: format!("feishu-api-rust/{}", env!("CARGO_PKG_VERSION")),
            retry: RetryPolicy::default(),
            refresh_before: Duration::from_secs(300),
            store: None,
            clock: None,
            app_ticket: None,
        }
    }

    /// The app id.
    pub fn app_id(&self) -> &str {
        &self.inner.app_id
    }

    /// Records the `app_ticket` Feishu pushed (event `app_ticket`) for a store app; the next
    /// app-token fetch uses it.
    pub async fn set_app_ticket(&self, ticket: impl Into<String>) {
        let key = TokenKey::new(&self.inner.app_id, TokenKind::AppTicket, None);
        let token = CachedToken::forever(ticket.into(), self.inner.clock.now());
        self.inner.store.put(&key, token).await;
    }
}

impl ClientBuilder {
    /// Feishu, Lark or a custom base URL.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// A custom base URL (`Region::Custom`).
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.region(Region::Custom(url.into()))
    }

    /// Self-built or store app.
    pub fn app_type(mut self, app_type: AppType) -> Self {
        self.app_type = app_type;
        self
    }

    /// The default timeout of one attempt (30 s; per request:
    /// [`super::RequestOptions::timeout`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How long before its expiry a cached token is replaced (5 minutes).
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// Where tokens are cached (in memory, per client, by default); share one store between
    /// processes to share tokens.
    pub fn token_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// The clock (the system clock by default).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// A store app's current `app_ticket`, if known at start.
    pub fn app_ticket(mut self, ticket: impl Into<String>) -> Self {
        self.app_ticket = Some(ticket.into());
        self
    }

    /// Builds the client (fails only when the TLS backend cannot start).
    pub fn build(self) -> Result<Client, TransportError> {
        let http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .timeout(self.timeout)
            .build()
            .map_err(|e| TransportError {
                source: Some(Box::new(e)),
                ..TransportError::new("cannot build the HTTP client")
            })?;
        Ok(Client {
            inner: Arc::new(Inner {
                default_host: self.region == Region::Feishu,
                base_url: self.region.base_url().to_owned(),
                app_id: self.app_id,
                app_secret: self.app_secret,
                app_type: self.app_type,
                retry: self.retry,
                refresh_before: self.refresh_before,
                http,
                store: self
                    .store
                    .unwrap_or_else(|| Arc::new(MemoryTokenStore::default())),
                clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
                flights: std::sync::Mutex::new(HashMap::new()),
                initial_ticket: self.app_ticket,
            }),
        })
    }
}
