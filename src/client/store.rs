//! The token cache: what is cached under which key ([`TokenKey`]), and where
//! ([`TokenStore`]; [`MemoryTokenStore`] by default).

use super::redact::Redacted;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// A boxed future of a [`TokenStore`] method.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What is cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TokenKind {
    /// `tenant_access_token`
    Tenant,
    /// `app_access_token`
    App,
    /// A store app's `app_ticket`.
    AppTicket,
}

/// The cache key of a token: app, kind and (store apps' tenant tokens) tenant key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenKey {
    pub app_id: String,
    pub kind: TokenKind,
    pub tenant_key: Option<String>,
}

impl TokenKey {
    /// A key.
    pub fn new(app_id: &str, kind: TokenKind, tenant_key: Option<&str>) -> Self {
        TokenKey {
            app_id: app_id.to_owned(),
            kind,
            tenant_key: tenant_key.map(str::to_owned),
        }
    }
}

/// `feishu:<app id>:<kind>[:<tenant key>]`, a key for string-keyed stores.
impl std::fmt::Display for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            TokenKind::Tenant => "tenant_access_token",
            TokenKind::App => "app_access_token",
            TokenKind::AppTicket => "app_ticket",
        };
        write!(f, "feishu:{}:{kind}", self.app_id)?;
        if let Some(t) = &self.tenant_key {
            write!(f, ":{t}")?;
        }
        Ok(())
    }
}

/// A cached token and when it expires. Its `Debug` output hides the value.
#[derive(Clone, PartialEq, Eq)]
pub struct CachedToken {
    pub value: String,
    pub expires_at: SystemTime,
}

impl std::fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedToken")
            .field("value", &Redacted)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl CachedToken {
    /// A value that does not expire (an app ticket: Feishu replaces it by pushing a new one).
    pub(crate) fn forever(value: String, now: SystemTime) -> Self {
        CachedToken {
            value,
            expires_at: now + Duration::from_secs(100 * 365 * 24 * 3600),
        }
    }
}

/// Where a client caches its tokens. Implement it over a shared cache (Redis, a database)
/// to share tokens between processes.
pub trait TokenStore: Send + Sync + 'static {
    /// The cached token for `key`, if any (expired or not: the client checks).
    fn get<'a>(&'a self, key: &'a TokenKey) -> StoreFuture<'a, Option<CachedToken>>;
    /// Caches `token` for `key`.
    fn put<'a>(&'a self, key: &'a TokenKey, token: CachedToken) -> StoreFuture<'a, ()>;
    /// Drops the entry for `key` if its value is still `value` (a token Feishu rejected);
    /// a newer token stored meanwhile stays.
    fn remove<'a>(&'a self, key: &'a TokenKey, value: &'a str) -> StoreFuture<'a, ()>;
}

/// The default store: a map in memory, owned by one client (and its clones).
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    map: Mutex<HashMap<TokenKey, CachedToken>>,
}

impl MemoryTokenStore {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<TokenKey, CachedToken>> {
        // A panic while holding the lock cannot leave the map half-updated.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl TokenStore for MemoryTokenStore {
    fn get<'a>(&'a self, key: &'a TokenKey) -> StoreFuture<'a, Option<CachedToken>> {
        let t = self.map().get(key).cloned();
        Box::pin(async move { t })
    }
    fn put<'a>(&'a self, key: &'a TokenKey, token: CachedToken) -> StoreFuture<'a, ()> {
        self.map().insert(key.clone(), token);
        Box::pin(async {})
    }
    fn remove<'a>(&'a self, key: &'a TokenKey, value: &'a str) -> StoreFuture<'a, ()> {
        let mut m = self.map();
        if m.get(key).is_some_and(|t| t.value == value) {
            m.remove(key);
        }
        Box::pin(async {})
    }
}
