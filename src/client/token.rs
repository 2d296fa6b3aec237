//! Access tokens: which one a request sends, fetching and refreshing them into the cache
//! (a [`super::TokenStore`]), and the store-app ticket.
//!
//! Unlike a process-wide cache, every client has its own store (or one the app passes in),
//! keyed by app id, token kind and tenant. A token is replaced `refresh_before` its expiry;
//! concurrent callers wait on one fetch per key (single flight). A token Feishu rejects as
//! invalid is dropped from the store (only if the store still holds that very token), so
//! the replay fetches a new one instead of reusing the stale entry.

use super::app::AppType;
use super::request::{Expect, Prepared, RequestBodySource, RequestOptions};
use super::state::Inner;
use super::store::{CachedToken, TokenKey, TokenKind};
use crate::{AccessTokenKind, ApiFailure, DecodeError, Error, Method};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// The token a request carries (no `Debug`: it holds the token).
#[derive(Clone)]
pub(crate) enum TokenUse {
    /// The API takes no token.
    None,
    /// The caller's own token (never refreshed or replayed).
    Explicit(String),
    /// A token of the cache.
    Managed { key: TokenKey, value: String },
}

impl TokenUse {
    pub(crate) fn header(&self) -> Option<String> {
        match self {
            TokenUse::None => None,
            TokenUse::Explicit(v) | TokenUse::Managed { value: v, .. } => {
                Some(format!("Bearer {v}"))
            }
        }
    }
}

/// Codes meaning the token sent is invalid or expired: drop it, fetch a new one, replay once.
pub(crate) const INVALID_TOKEN_CODES: [i64; 3] = [99991663, 99991664, 99991671];
/// A store app's `app_ticket` is invalid (or missing).
const INVALID_APP_TICKET: i64 = 10012;

const TENANT_INTERNAL: &str = "/open-apis/auth/v3/tenant_access_token/internal";
const APP_INTERNAL: &str = "/open-apis/auth/v3/app_access_token/internal";
const TENANT_STORE: &str = "/open-apis/auth/v3/tenant_access_token";
const APP_STORE: &str = "/open-apis/auth/v3/app_access_token";
const TICKET_RESEND: &str = "/open-apis/auth/v3/app_ticket/resend";

type Fetch<'a> = Pin<Box<dyn Future<Output = Result<CachedToken, Error<()>>> + Send + 'a>>;

impl Inner {
    /// The token for an API accepting `kinds`: the caller's own token of an accepted kind
    /// first (user, tenant, app), else a managed tenant token, else a managed app token.
    /// A user-only API without a user token is refused here, before any request.
    pub(crate) async fn choose_token(
        &self,
        kinds: &[AccessTokenKind],
        opts: &RequestOptions,
    ) -> Result<TokenUse, Error<()>> {
        if kinds.is_empty() {
            return Ok(TokenUse::None);
        }
        let explicit = [
            (AccessTokenKind::User, &opts.user_access_token),
            (AccessTokenKind::Tenant, &opts.tenant_access_token),
            (AccessTokenKind::App, &opts.app_access_token),
        ];
        for (kind, token) in explicit {
            if let Some(t) = token.as_ref().filter(|_| kinds.contains(&kind)) {
                return Ok(TokenUse::Explicit(t.clone()));
            }
        }
        let key = if kinds.contains(&AccessTokenKind::Tenant) {
            match (self.app_type, opts.tenant_key.as_deref()) {
                (AppType::SelfBuilt, _) => TokenKey::new(&self.app_id, TokenKind::Tenant, None),
                (AppType::Store, Some(t)) => {
                    TokenKey::new(&self.app_id, TokenKind::Tenant, Some(t))
                }
                (AppType::Store, None) => {
                    return Err(Error::Usage(
                        "a store app needs the tenant key (RequestOptions::tenant_key) \
                         for a tenant_access_token"
                            .to_owned(),
                    ))
                }
            }
        } else if kinds.contains(&AccessTokenKind::App) {
            TokenKey::new(&self.app_id, TokenKind::App, None)
        } else {
            return Err(Error::Usage(
                "this API accepts only a user_access_token: pass one with \
                 RequestOptions::user_access_token"
                    .to_owned(),
            ));
        };
        let value = self.managed_token(&key).await?;
        Ok(TokenUse::Managed { key, value })
    }

    fn fresh(&self, t: &CachedToken) -> bool {
        self.clock.now() + self.refresh_before < t.expires_at
    }

    /// The cached token for `key`, fetched when missing or about to expire; one fetch per
    /// key at a time.
    pub(crate) async fn managed_token(&self, key: &TokenKey) -> Result<String, Error<()>> {
        if let Some(t) = self.store.get(key).await.filter(|t| self.fresh(t)) {
            return Ok(t.value);
        }
        let flight = {
            let mut f = self.flights.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(f.entry(key.clone()).or_default())
        };
        let _one_fetch = flight.lock().await;
        // Whoever held the lock before may have fetched it.
        if let Some(t) = self.store.get(key).await.filter(|t| self.fresh(t)) {
            return Ok(t.value);
        }
        let t = self.fetch(key).await?;
        self.store.put(key, t.clone()).await;
        Ok(t.value)
    }

    /// Drops a token Feishu rejected.
    pub(crate) async fn invalidate(&self, key: &TokenKey, value: &str) {
        self.store.remove(key, value).await;
    }

    /// Boxed: fetching a store app's tenant token first gets its app token.
    fn fetch<'a>(&'a self, key: &'a TokenKey) -> Fetch<'a> {
        Box::pin(async move {
            match (key.kind, self.app_type) {
                (TokenKind::Tenant, AppType::SelfBuilt) => {
                    let body = self.credentials();
                    self.token_request(TENANT_INTERNAL, body, "tenant_access_token")
                        .await
                }
                (TokenKind::App, AppType::SelfBuilt) => {
                    let body = self.credentials();
                    self.token_request(APP_INTERNAL, body, "app_access_token")
                        .await
                }
                (TokenKind::App, AppType::Store) => self.store_app_token().await,
                (TokenKind::Tenant, AppType::Store) => {
                    let app_key = TokenKey::new(&self.app_id, TokenKind::App, None);
                    let app_token = self.managed_token(&app_key).await?;
                    let body = serde_json::json!({
                        "app_access_token": app_token,
                        "tenant_key": key.tenant_key.clone().unwrap_or_default(),
                    });
                    self.token_request(TENANT_STORE, body, "tenant_access_token")
                        .await
                }
                (TokenKind::AppTicket, _) => Err(Error::Usage(
                    "the app_ticket is pushed by Feishu, not fetched".to_owned(),
                )),
            }
        })
    }

    fn credentials(&self) -> serde_json::Value {
        serde_json::json!({ "app_id": self.app_id, "app_secret": self.app_secret })
    }

    async fn store_app_token(&self) -> Result<CachedToken, Error<()>> {
        let ticket_key = TokenKey::new(&self.app_id, TokenKind::AppTicket, None);
        let ticket = match self.store.get(&ticket_key).await {
            Some(t) => Some(t.value),
            None => self.initial_ticket.clone(),
        };
        let Some(ticket) = ticket else {
            self.resend_ticket().await?;
            return Err(Error::Usage(
                "no app_ticket yet: Feishu was asked to push it again (app_ticket/resend); \
                 pass it to Client::set_app_ticket when the event arrives"
                    .to_owned(),
            ));
        };
        let mut body = self.credentials();
        if let serde_json::Value::Object(m) = &mut body {
            m.insert("app_ticket".to_owned(), serde_json::Value::String(ticket));
        }
        match self
            .token_request(APP_STORE, body, "app_access_token")
            .await
        {
            Err(Error::Api(f)) if f.code == INVALID_APP_TICKET => {
                // The ticket is stale: ask for a new one, and report the failure.
                self.resend_ticket().await?;
                Err(Error::Api(f))
            }
            other => other,
        }
    }

    /// Asks Feishu to push the `app_ticket` event again.
    pub(crate) async fn resend_ticket(&self) -> Result<(), Error<()>> {
        let answer = self
            .post_no_token(TICKET_RESEND, self.credentials())
            .await?;
        if answer.0 != 0 {
            return Err(failure(answer.0, answer.1, answer.3, TICKET_RESEND));
        }
        Ok(())
    }

    async fn token_request(
        &self,
        path: &'static str,
        body: serde_json::Value,
        field: &str,
    ) -> Result<CachedToken, Error<()>> {
        let (code, msg, mut rest, log_id) = self.post_no_token(path, body).await?;
        if code != 0 {
            return Err(failure(code, msg, log_id, path));
        }
        let value = match rest.remove(field) {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            _ => {
                return Err(Error::Decode(DecodeError {
                    log_id,
                    ..DecodeError::new(format!(".{field}"), "missing token in the response")
                }))
            }
        };
        // At most 2 h; an absent or odd `expire` counts as a short life, refreshed soon.
        let expire = rest
            .get("expire")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
            .min(7200);
        Ok(CachedToken {
            value,
            expires_at: self.clock.now() + Duration::from_secs(expire),
        })
    }

    /// POSTs a JSON body to a token endpoint: `(code, msg, other fields, log id)`.
    async fn post_no_token(
        &self,
        path: &'static str,
        body: serde_json::Value,
    ) -> Result<
        (
            i64,
            String,
            serde_json::Map<String, serde_json::Value>,
            Option<String>,
        ),
        Error<()>,
    > {
        let prepared = Prepared {
            method: Method::Post,
            path_template: path,
            url: format!("{}{path}", self.base_url),
            query: Vec::new(),
            headers: Vec::new(),
            body: RequestBodySource::Json(body.to_string().into_bytes()),
            tokens: &[],
            expect: Expect::Json,
            // Fetching a token changes nothing: safe to retry like a GET.
            idempotent: true,
        };
        let answer = self.execute(&prepared, &RequestOptions::default()).await?;
        let (_, log_id, envelope) = answer.into_json()?;
        Ok((envelope.code, envelope.msg, envelope.rest, log_id))
    }
}

fn failure(code: i64, msg: String, log_id: Option<String>, path: &str) -> Error<()> {
    let mut f = ApiFailure::new((), code, msg);
    f.log_id = log_id;
    f.request_path = path.to_owned();
    Error::Api(Box::new(f))
}
