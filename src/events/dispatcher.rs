//! The typed dispatcher: registration, and running handlers once a request has been
//! verified (`verify`) and read (`envelope`). Events are acknowledged at once and handled on
//! a bounded task pool; callbacks wait for their handler's answer, within a timeout.

use super::dedup::{DedupStore, MemoryDedupStore};
use super::envelope::EventContext;
use crate::{Callback, Event, Json};
use futures_util::FutureExt;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// What a handler may fail with; logged, never shown to Feishu.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
type EventFn =
    Arc<dyn Fn(EventContext, Value) -> BoxFuture<Result<(), HandlerError>> + Send + Sync>;
type CallbackFn =
    Arc<dyn Fn(EventContext, Value) -> BoxFuture<Result<Value, HandlerError>> + Send + Sync>;

#[derive(Clone)]
enum Handler {
    Event(EventFn),
    Callback(CallbackFn),
}

/// Registering a handler failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegisterError {
    /// A handler for this event type is registered already.
    Duplicate(String),
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegisterError::Duplicate(t) => write!(f, "a handler for `{t}` is registered twice"),
        }
    }
}

impl std::error::Error for RegisterError {}

/// The secrets and limits of a receiver.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) verification_token: String,
    pub(crate) encrypt_key: Option<String>,
    pub(crate) aes_key: Option<[u8; 32]>,
    pub(crate) timestamp_window: Duration,
    pub(crate) max_body_bytes: usize,
    pub(crate) callback_timeout: Duration,
    pub(crate) dedup_timeout: Duration,
}

/// Builds a [`Dispatcher`] ([`Dispatcher::builder`]).
pub struct DispatcherBuilder {
    settings: Settings,
    max_in_flight: usize,
    dedup: Option<Arc<dyn DedupStore>>,
    handlers: HashMap<String, Handler>,
    fallback: Option<EventFn>,
}

/// Receives events and callbacks, from the webhook ([`Dispatcher::handle_webhook`], or the
/// axum router of the `webhook` feature) or the long connection (`ws` feature), and runs the
/// typed handlers. Cheap to clone.
#[derive(Clone)]
pub struct Dispatcher {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) settings: Settings,
    pool: Arc<Semaphore>,
    dedup: Option<Arc<dyn DedupStore>>,
    handlers: HashMap<String, Handler>,
    fallback: Option<EventFn>,
}

/// What became of a verified, read event or callback.
#[derive(Debug, PartialEq)]
pub(crate) enum Outcome {
    /// An event handed to the pool, a duplicate, or an unregistered type: acknowledge.
    Accepted,
    /// The pool is full: answer an error so that Feishu delivers it again later.
    Busy,
    /// A callback's answer.
    Answer(Value),
    /// A callback failed, panicked or timed out.
    Failed,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("verification_token", &"<redacted>")
            .field(
                "encrypt_key",
                &self.encrypt_key.as_ref().map(|_| "<redacted>"),
            )
            .field("timestamp_window", &self.timestamp_window)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("callback_timeout", &self.callback_timeout)
            .field("dedup_timeout", &self.dedup_timeout)
            .finish()
    }
}

impl fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut types: Vec<&str> = self.inner.handlers.keys().map(String::as_str).collect();
        types.sort_unstable();
        f.debug_struct("Dispatcher")
            .field("settings", &self.inner.settings)
            .field("handlers", &types)
            .field("fallback", &self.inner.fallback.is_some())
            .field("dedup", &self.inner.dedup.is_some())
            .finish()
    }
}

impl fmt::Debug for DispatcherBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DispatcherBuilder")
            .field("settings", &self.settings)
            .field("max_in_flight", &self.max_in_flight)
            .finish_non_exhaustive()
    }
}

impl Dispatcher {
    /// A builder checking requests against the app's verification token (developer console,
    /// 事件与回调 > 加密策略).
    pub fn builder(verification_token: impl Into<String>) -> DispatcherBuilder {
        DispatcherBuilder {
            settings: Settings {
                verification_token: verification_token.into(),
                encrypt_key: None,
                aes_key: None,
                timestamp_window: Duration::from_secs(300),
                max_body_bytes: 1 << 20,
                callback_timeout: Duration::from_millis(2500),
                dedup_timeout: Duration::from_secs(1),
            },
            max_in_flight: 256,
            dedup: Some(Arc::new(MemoryDedupStore::default())),
            handlers: HashMap::new(),
            fallback: None,
        }
    }
}

impl DispatcherBuilder {
    /// The encrypt key: bodies are decrypted with it and, on the webhook, every request but
    /// the `url_verification` challenge must carry a valid `X-Lark-Signature`. An empty key
    /// means none (so an unset environment variable can be passed as it is).
    pub fn encrypt_key(mut self, key: impl Into<String>) -> Self {
        let key = key.into();
        if key.is_empty() {
            self.settings.aes_key = None;
            self.settings.encrypt_key = None;
            return self;
        }
        self.settings.aes_key = Some(super::crypto::aes_key(&key));
        self.settings.encrypt_key = Some(key);
        self
    }

    /// How far `X-Lark-Request-Timestamp` may be from now (5 minutes).
    pub fn timestamp_window(mut self, window: Duration) -> Self {
        self.settings.timestamp_window = window;
        self
    }

    /// The largest body accepted (1 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.settings.max_body_bytes = limit;
        self
    }

    /// How long a callback handler may take before an error is answered (2.5 s, inside
    /// Feishu's 3 s).
    pub fn callback_timeout(mut self, timeout: Duration) -> Self {
        self.settings.callback_timeout = timeout;
        self
    }

    /// How many event handlers may run at once (256); past that, events are refused with an
    /// error so that Feishu delivers them again later. Clamped to what tokio's semaphore
    /// holds (`Semaphore::MAX_PERMITS`), so `usize::MAX` means no limit.
    pub fn max_in_flight(mut self, n: usize) -> Self {
        self.max_in_flight = n.clamp(1, Semaphore::MAX_PERMITS);
        self
    }

    /// Where seen event ids are kept (in memory by default).
    pub fn dedup_store(mut self, store: Arc<dyn DedupStore>) -> Self {
        self.dedup = Some(store);
        self
    }

    /// How long the dedup store may take to answer (1 s) before the event is handled as
    /// first seen: a possible duplicate beats a lost event, and the answer to Feishu must
    /// come within 3 s.
    pub fn dedup_timeout(mut self, timeout: Duration) -> Self {
        self.settings.dedup_timeout = timeout;
        self
    }

    /// Handles every delivery, redeliveries included.
    pub fn no_dedup(mut self) -> Self {
        self.dedup = None;
        self
    }

    fn register(mut self, event_type: &str, handler: Handler) -> Result<Self, RegisterError> {
        if self.handlers.contains_key(event_type) {
            return Err(RegisterError::Duplicate(event_type.to_owned()));
        }
        self.handlers.insert(event_type.to_owned(), handler);
        Ok(self)
    }

    /// Handles event type `E`: `.on(|ctx, event: MessageReceiveV1| async move { Ok(()) })`.
    pub fn on<E, Fut>(
        self,
        handler: impl Fn(EventContext, E) -> Fut + Send + Sync + 'static,
    ) -> Result<Self, RegisterError>
    where
        E: Event + Send + 'static,
        Fut: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let f: EventFn = Arc::new(move |ctx, value| match E::from_event(value) {
            Ok(event) => Box::pin(handler(ctx, event)),
            Err(e) => Box::pin(std::future::ready(Err(e.into()))),
        });
        self.register(E::EVENT_TYPE, Handler::Event(f))
    }

    /// Answers callback type `C` with the handler's typed response.
    pub fn on_callback<C, Fut>(
        self,
        handler: impl Fn(EventContext, C) -> Fut + Send + Sync + 'static,
    ) -> Result<Self, RegisterError>
    where
        C: Callback + Send + 'static,
        Fut: Future<Output = Result<C::Response, HandlerError>> + Send + 'static,
    {
        let handler = Arc::new(handler);
        let f: CallbackFn = Arc::new(move |ctx, value| match C::from_event(value) {
            Ok(callback) => {
                let answer = handler(ctx, callback);
                Box::pin(async move { answer.await.map(|r| r.to_json()) })
            }
            Err(e) => Box::pin(std::future::ready(Err(e.into()))),
        });
        self.register(C::EVENT_TYPE, Handler::Callback(f))
    }

    /// Answers a callback type without a typed binding (e.g. `url.preview.get`) with raw JSON.
    pub fn on_raw_callback<Fut>(
        self,
        event_type: &str,
        handler: impl Fn(EventContext, Value) -> Fut + Send + Sync + 'static,
    ) -> Result<Self, RegisterError>
    where
        Fut: Future<Output = Result<Value, HandlerError>> + Send + 'static,
    {
        let f: CallbackFn = Arc::new(move |ctx, value| Box::pin(handler(ctx, value)));
        self.register(event_type, Handler::Callback(f))
    }

    /// Sees, as raw JSON (the envelope's `event`), every event and callback of a type no
    /// handler is registered for. Without it, such deliveries are logged (`warn`). Either
    /// way they are acknowledged, so that Feishu stops redelivering them.
    pub fn fallback<Fut>(
        mut self,
        handler: impl Fn(EventContext, Value) -> Fut + Send + Sync + 'static,
    ) -> Self
    where
        Fut: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        self.fallback = Some(Arc::new(move |ctx, value| Box::pin(handler(ctx, value))));
        self
    }

    /// The dispatcher.
    pub fn build(self) -> Dispatcher {
        Dispatcher {
            inner: Arc::new(Inner {
                settings: self.settings,
                pool: Arc::new(Semaphore::new(self.max_in_flight)),
                dedup: self.dedup,
                handlers: self.handlers,
                fallback: self.fallback,
            }),
        }
    }
}

fn describe_panic(p: &(dyn std::any::Any + Send)) -> &str {
    p.downcast_ref::<&str>()
        .copied()
        .or_else(|| p.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic")
}

/// Runs an event handler to its end on its own task, logging errors and panics.
fn spawn_event(
    f: EventFn,
    ctx: EventContext,
    event: Value,
    permit: tokio::sync::OwnedSemaphorePermit,
) {
    tokio::spawn(async move {
        let _permit = permit;
        let (id, ty) = (ctx.event_id.clone(), ctx.event_type.clone());
        // The closure itself may panic before it returns a future: call it inside.
        match AssertUnwindSafe(async move { f(ctx, event).await })
            .catch_unwind()
            .await
        {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                tracing::error!(event_id = %id, event_type = %ty, error = %e, "event handler failed")
            }
            Err(p) => {
                tracing::error!(event_id = %id, event_type = %ty, panic = describe_panic(&*p), "event handler panicked")
            }
        }
    });
}

impl Inner {
    /// Asks the dedup store, within the dedup timeout; a store too slow counts as first seen.
    async fn first_seen(&self, store: &dyn DedupStore, event_id: &str) -> bool {
        let timeout = self.settings.dedup_timeout;
        match tokio::time::timeout(timeout, store.first_seen(event_id)).await {
            Ok(first) => first,
            Err(_) => {
                tracing::warn!(
                    event_id,
                    ?timeout,
                    "dedup store too slow; handled as first seen"
                );
                true
            }
        }
    }

    /// Runs the handler for a verified event or callback.
    pub(crate) async fn dispatch(&self, ctx: EventContext, event: Value) -> Outcome {
        let handler = self.handlers.get(&ctx.event_type);
        if let Some(Handler::Callback(f)) = handler {
            let ty = ctx.event_type.clone();
            // The closure itself may panic before it returns a future: call it inside.
            let f = f.clone();
            let run = AssertUnwindSafe(async move { f(ctx, event).await }).catch_unwind();
            return match tokio::time::timeout(self.settings.callback_timeout, run).await {
                Ok(Ok(Ok(answer))) => Outcome::Answer(answer),
                Ok(Ok(Err(e))) => {
                    tracing::error!(event_type = %ty, error = %e, "callback handler failed");
                    Outcome::Failed
                }
                Ok(Err(p)) => {
                    tracing::error!(event_type = %ty, panic = describe_panic(&*p), "callback handler panicked");
                    Outcome::Failed
                }
                Err(_) => {
                    tracing::error!(event_type = %ty, timeout = ?self.settings.callback_timeout, "callback handler timed out");
                    Outcome::Failed
                }
            };
        }
        let f = match handler {
            Some(Handler::Event(f)) => f.clone(),
            _ => match &self.fallback {
                Some(f) => f.clone(),
                None => {
                    tracing::warn!(event_id = %ctx.event_id, event_type = %ctx.event_type, "no handler for this event type; acknowledged");
                    return Outcome::Accepted;
                }
            },
        };
        let Ok(permit) = self.pool.clone().try_acquire_owned() else {
            tracing::warn!(event_id = %ctx.event_id, "event pool full; refused for redelivery");
            return Outcome::Busy;
        };
        if let Some(store) = &self.dedup {
            if !ctx.event_id.is_empty() && !self.first_seen(&**store, &ctx.event_id).await {
                tracing::debug!(event_id = %ctx.event_id, "duplicate delivery skipped");
                return Outcome::Accepted;
            }
        }
        spawn_event(f, ctx, event, permit);
        Outcome::Accepted
    }
}
