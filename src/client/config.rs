//! Building a [`Client`]: app credentials, region, timeouts, user agent, retry policy,
//! token store and clock.

use super::clock::{Clock, SystemClock};
use super::retry::RetryPolicy;
use super::token::{MemoryTokenStore, TokenKey, TokenKind, TokenStore};
use crate::TransportError;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Where the open platform is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Region {
    /// `https://open.feishu.cn`
    Feishu,
    /// `https://open.larksuite.com`
    Lark,
    /// Another base URL (a proxy, a private deployment, a test server), without a trailing `/`.
    Custom(String),
}

impl Region {
    /// The base URL.
    pub fn base_url(&self) -> &str {
        match self {
            Region::Feishu => "https://open.feishu.cn",
            Region::Lark => "https://open.larksuite.com",
            Region::Custom(url) => url.trim_end_matches('/'),
        }
    }
}

/// The kind of app, which decides how tokens are obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppType {
    /// A self-built (custom) app: tokens from the `.../internal` endpoints.
    SelfBuilt,
    /// A store (marketplace) app: the app token needs the `app_ticket` Feishu pushes, tenant
    /// tokens need the tenant key ([`super::RequestOptions::tenant_key`]).
    Store,
}

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

/// What every part of the client reads.
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
        let token = crate::client::CachedToken::forever(ticket.into(), self.inner.clock.now());
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
