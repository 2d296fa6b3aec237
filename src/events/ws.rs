//! The long connection (feature `ws`): the app opens a WebSocket to Feishu and receives
//! events and callbacks over it (no public URL needed).
//!
//! `POST /callback/ws/endpoint` with the app's id and secret gives the URL and the server's
//! [`ServerConfig`]; frames are protobuf `pbbp2.Frame`s ([`Frame`]). Beyond Feishu's own
//! SDKs: every reconnect attempt waits an exponential, jittered time (within the server's
//! interval and nonce); a watchdog reconnects when nothing (no pong) arrives for
//! [`WATCHDOG_PINGS`] ping intervals (half-open connections); refusals that will not heal
//! (403; 514 with auth code 1000040350, the connection limit; an endpoint error code other
//! than busy/internal) stop with [`WsError::Refused`]; split payloads are reassembled with a
//! timeout and bounds; the same security gate and dispatcher as the webhook. Waits go
//! through the client's [`Clock`], so tests run on scaled time.

mod fragments;
mod frame;

pub use frame::{Frame, Header, METHOD_CONTROL, METHOD_DATA};

use super::dispatcher::{Dispatcher, Outcome};
use super::receive::{Verified, Via};
use crate::client::Clock;
use crate::Client;
use fragments::Fragments;
use futures_util::{SinkExt, StreamExt};
use prost::Message as _;
use serde_json::{json, Value};
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::tungstenite::{self, Message};

/// The endpoint that gives the connection URL.
pub const ENDPOINT_PATH: &str = "/callback/ws/endpoint";
/// Missed ping intervals (no frame at all received) after which the connection is
/// considered dead and replaced.
pub const WATCHDOG_PINGS: u32 = 3;
/// The endpoint's and the handshake's code for "too many connections" (with status 514).
pub const EXCEED_CONN_LIMIT: i64 = 1_000_040_350;

/// The server's `ClientConfig` (from the endpoint, and from pongs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerConfig {
    /// `ReconnectCount`: failed attempts in a row before giving up (negative: never).
    pub reconnect_count: i64,
    /// `ReconnectInterval`: the longest wait between attempts (before the nonce).
    pub reconnect_interval: Duration,
    /// `ReconnectNonce`: a random extra wait of up to this much on every attempt.
    pub reconnect_nonce: Duration,
    /// `PingInterval`.
    pub ping_interval: Duration,
}

impl Default for ServerConfig {
    /// Feishu's SDK defaults: retry forever, 120 s interval, 30 s nonce, ping every 120 s.
    fn default() -> Self {
        ServerConfig {
            reconnect_count: -1,
            reconnect_interval: Duration::from_secs(120),
            reconnect_nonce: Duration::from_secs(30),
            ping_interval: Duration::from_secs(120),
        }
    }
}

impl ServerConfig {
    /// Applies the fields present in a `ClientConfig` object (seconds; absent or zero fields
    /// keep their value, as Feishu omits empty ones).
    pub fn apply(&mut self, config: &Value) {
        let int = |k: &str| config.get(k).and_then(Value::as_i64).filter(|v| *v != 0);
        let secs = |k: &str| {
            int(k)
                .filter(|v| *v > 0)
                .map(|v| Duration::from_secs(v as u64))
        };
        if let Some(v) = int("ReconnectCount") {
            self.reconnect_count = v;
        }
        if let Some(v) = secs("ReconnectInterval") {
            self.reconnect_interval = v;
        }
        if let Some(v) = secs("ReconnectNonce") {
            self.reconnect_nonce = v;
        }
        if let Some(v) = secs("PingInterval") {
            self.ping_interval = v;
        }
    }
}

/// Why the long connection stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WsError {
    /// Feishu refused the app in a way retrying will not heal (bad credentials, a ban, the
    /// connection limit).
    Refused { code: i64, message: String },
    /// `ReconnectCount` attempts in a row failed.
    GaveUp { attempts: u32, last: String },
}

impl fmt::Display for WsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WsError::Refused { code, message } => {
                write!(f, "the long connection was refused ({code}: {message})")
            }
            WsError::GaveUp { attempts, last } => {
                write!(f, "gave up after {attempts} failed attempts; last: {last}")
            }
        }
    }
}

impl std::error::Error for WsError {}

/// A long-connection client: [`WsClient::run`] connects, receives, reconnects, until a
/// shutdown ([`WsClient::shutdown_handle`]) or a refusal that will not heal.
pub struct WsClient {
    app_id: String,
    app_secret: String,
    base_url: String,
    clock: Arc<dyn Clock>,
    http: reqwest::Client,
    initial_backoff: Duration,
    fragment_timeout: Duration,
    connect_timeout: Duration,
    shutdown: Arc<watch::Sender<bool>>,
}

/// Stops a running [`WsClient`] (it closes the connection and `run` returns `Ok`).
#[derive(Debug, Clone)]
pub struct ShutdownHandle(Arc<watch::Sender<bool>>);

impl ShutdownHandle {
    /// Asks the client to stop.
    pub fn shutdown(&self) {
        self.0.send_replace(true);
    }
}

impl fmt::Debug for WsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WsClient")
            .field("app_id", &self.app_id)
            .field("app_secret", &"<redacted>")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl WsClient {
    /// A long connection for the app of `client`: its credentials, base URL, clock (every
    /// wait goes through it: ping interval, backoff) and HTTP connections.
    pub fn new(client: &Client) -> WsClient {
        let inner = &client.inner;
        WsClient {
            app_id: inner.app_id.clone(),
            app_secret: inner.app_secret.clone(),
            base_url: inner.base_url.clone(),
            clock: inner.clock.clone(),
            http: inner.http.clone(),
            initial_backoff: Duration::from_secs(1),
            fragment_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(10),
            shutdown: Arc::new(watch::channel(false).0),
        }
    }

    /// The first reconnect wait before jitter (1 s); it doubles per failed attempt, up to
    /// the server's `ReconnectInterval`.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// How long the parts of a split payload are kept waiting for the rest (5 s).
    pub fn fragment_timeout(mut self, timeout: Duration) -> Self {
        self.fragment_timeout = timeout;
        self
    }

    /// How long one connection attempt (endpoint call and WebSocket handshake) may take
    /// before it counts as failed (10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// A handle that stops [`WsClient::run`].
    pub fn shutdown_handle(&self) -> ShutdownHandle {
        ShutdownHandle(self.shutdown.clone())
    }
}

/// A failed connection attempt.
enum Failure {
    /// Worth retrying.
    Retry(String),
    /// Will not heal.
    Fatal(i64, String),
}

/// How a connection ended.
enum Ended {
    Shutdown,
    Lost(String),
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A uniform random number in `[0, 1)`; `RandomState` is seeded randomly per instance.
fn random_unit() -> f64 {
    let x = RandomState::new().hash_one(Instant::now());
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait before reconnect attempt `attempt` (1-based): exponential from `base`, capped
/// by the server's interval, jittered down to half, plus a random part of the nonce.
fn backoff(attempt: u32, config: &ServerConfig, base: Duration) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let capped = exp.min(config.reconnect_interval);
    capped.mul_f64(0.5 + 0.5 * random_unit()) + config.reconnect_nonce.mul_f64(random_unit())
}

impl WsClient {
    /// Connects and delivers to `dispatcher` until [`ShutdownHandle::shutdown`] (then `Ok`),
    /// a refusal that will not heal, or `ReconnectCount` failed attempts in a row.
    pub async fn run(self, dispatcher: Dispatcher) -> Result<(), WsError> {
        let mut config = ServerConfig::default();
        let mut stop = self.shutdown.subscribe();
        let mut failures: u32 = 0;
        loop {
            if *stop.borrow_and_update() {
                return Ok(());
            }
            // A server may accept the TCP connection and never answer the upgrade.
            let attempt = tokio::select! {
                attempt = self.connect(&mut config) => attempt,
                _ = self.clock.sleep(self.connect_timeout) => Err(Failure::Retry(format!(
                    "cannot connect: no answer within {:?}",
                    self.connect_timeout
                ))),
                _ = stop.changed() => return Ok(()),
            };
            let reason = match attempt {
                Ok((socket, service)) => {
                    tracing::info!(app_id = %self.app_id, "long connection open");
                    let mut alive = false;
                    let served = self.serve(
                        &dispatcher,
                        socket,
                        service,
                        &mut config,
                        &mut stop,
                        &mut alive,
                    );
                    let ended = served.await;
                    // A server that accepts and drops at once must not reset the backoff:
                    // only a connection that answered something proved alive.
                    if alive {
                        failures = 0;
                    }
                    match ended {
                        Ended::Shutdown => return Ok(()),
                        Ended::Lost(reason) => reason,
                    }
                }
                Err(Failure::Fatal(code, message)) => {
                    return Err(WsError::Refused { code, message });
                }
                Err(Failure::Retry(reason)) => reason,
            };
            failures += 1;
            if config.reconnect_count >= 0 && i64::from(failures) > config.reconnect_count {
                return Err(WsError::GaveUp {
                    attempts: failures,
                    last: reason,
                });
            }
            let wait = backoff(failures, &config, self.initial_backoff);
            tracing::warn!(%reason, ?wait, attempt = failures, "long connection lost; reconnecting");
            tokio::select! {
                _ = self.clock.sleep(wait) => {}
                _ = stop.changed() => return Ok(()),
            }
        }
    }

    /// Asks the endpoint for a URL and opens the WebSocket.
    async fn connect(&self, config: &mut ServerConfig) -> Result<(Socket, i32), Failure> {
        let url = self.endpoint(config).await?;
        let service = reqwest::Url::parse(&url)
            .ok()
            .and_then(|u| {
                u.query_pairs()
                    .find(|(k, _)| k == "service_id")
                    .and_then(|(_, v)| v.parse().ok())
            })
            .unwrap_or(0);
        match tokio_tungstenite::connect_async(url.as_str()).await {
            Ok((socket, _)) => Ok((socket, service)),
            Err(tungstenite::Error::Http(response)) => Err(handshake_refusal(response.headers())),
            Err(e) => Err(Failure::Retry(format!("cannot connect: {e}"))),
        }
    }

    async fn endpoint(&self, config: &mut ServerConfig) -> Result<String, Failure> {
        let response = self
            .http
            .post(format!("{}{ENDPOINT_PATH}", self.base_url))
            .header("locale", "zh")
            .header("content-type", "application/json")
            .body(json!({ "AppID": self.app_id, "AppSecret": self.app_secret }).to_string())
            .send()
            .await
            .map_err(|e| Failure::Retry(format!("endpoint: {e}")))?;
        let status = response.status();
        if !status.is_success() {
            return Err(Failure::Retry(format!("endpoint: HTTP {status}")));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Failure::Retry(format!("endpoint: {e}")))?;
        let body: Value =
            serde_json::from_slice(&bytes).map_err(|e| Failure::Retry(format!("endpoint: {e}")))?;
        let code = body.get("code").and_then(Value::as_i64).unwrap_or(-1);
        let msg = body
            .get("msg")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        match code {
            0 => {}
            // System busy, internal error: transient.
            1 | 1_000_040_343 => return Err(Failure::Retry(format!("endpoint: {code} {msg}"))),
            _ => return Err(Failure::Fatal(code, msg)),
        }
        let data = body.get("data").cloned().unwrap_or(Value::Null);
        if let Some(c) = data.get("ClientConfig") {
            config.apply(c);
        }
        match data.get("URL").and_then(Value::as_str) {
            Some(url) if !url.is_empty() => Ok(url.to_owned()),
            _ => Err(Failure::Retry("endpoint: no URL".to_owned())),
        }
    }

    /// Serves one open connection until it is lost or a shutdown is asked for.
    async fn serve(
        &self,
        dispatcher: &Dispatcher,
        socket: Socket,
        service: i32,
        config: &mut ServerConfig,
        stop: &mut watch::Receiver<bool>,
        alive: &mut bool,
    ) -> Ended {
        let (mut sink, mut stream) = socket.split();
        let (acks, mut outbox) = mpsc::channel::<Vec<u8>>(64);
        let mut fragments = Fragments::new(
            self.fragment_timeout,
            dispatcher.inner.settings.max_body_bytes,
        );
        let mut silent_pings = 0;
        let mut tick = self.clock.sleep(Duration::ZERO);
        loop {
            tokio::select! {
                _ = &mut tick => {
                    if silent_pings >= WATCHDOG_PINGS {
                        return Ended::Lost(format!("nothing received for {WATCHDOG_PINGS} ping intervals"));
                    }
                    let mut ping = Frame { service, method: METHOD_CONTROL, ..Frame::default() };
                    ping.push_header("type", "ping");
                    if let Err(e) = sink.send(Message::Binary(ping.encode_to_vec().into())).await {
                        return Ended::Lost(format!("ping: {e}"));
                    }
                    silent_pings += 1;
                    tick = self.clock.sleep(config.ping_interval);
                }
                message = stream.next() => match message {
                    Some(Ok(Message::Binary(bytes))) => {
                        silent_pings = 0;
                        *alive = true;
                        on_frame(dispatcher, &bytes, config, &mut fragments, &acks);
                    }
                    Some(Ok(Message::Close(_))) | None => return Ended::Lost("closed by the server".to_owned()),
                    Some(Ok(_)) => {
                        silent_pings = 0;
                        *alive = true;
                    }
                    Some(Err(e)) => return Ended::Lost(format!("read: {e}")),
                },
                Some(ack) = outbox.recv() => {
                    if let Err(e) = sink.send(Message::Binary(ack.into())).await {
                        return Ended::Lost(format!("write: {e}"));
                    }
                }
                _ = stop.changed() => {
                    let _ = sink.send(Message::Close(None)).await;
                    return Ended::Shutdown;
                }
            }
        }
    }
}

/// Handles one frame: a pong's config is applied, a data frame's (whole) payload is
/// dispatched on its own task, which queues the ack.
fn on_frame(
    dispatcher: &Dispatcher,
    bytes: &[u8],
    config: &mut ServerConfig,
    fragments: &mut Fragments,
    acks: &mpsc::Sender<Vec<u8>>,
) {
    let Ok(mut frame) = Frame::decode_bytes(bytes) else {
        tracing::warn!(len = bytes.len(), "undecodable frame skipped");
        return;
    };
    if frame.method == METHOD_CONTROL {
        if frame.header("type") == Some("pong") {
            let payload = frame.payload.as_deref().unwrap_or_default();
            if let Ok(c) = serde_json::from_slice::<Value>(payload) {
                config.apply(&c);
            }
        }
        return;
    }
    if frame.method != METHOD_DATA || !matches!(frame.header("type"), Some("event" | "card")) {
        return;
    }
    let payload = frame.payload.take().unwrap_or_default();
    let Some(payload) = fragments.add(&frame, payload) else {
        return;
    };
    let dispatcher = dispatcher.clone();
    let acks = acks.clone();
    tokio::spawn(async move {
        let started = Instant::now();
        let (code, data) = match dispatcher
            .inner
            .receive(&payload, Via::LongConnection)
            .await
        {
            Ok(Verified::Dispatched(Outcome::Accepted)) => (200, None),
            Ok(Verified::Dispatched(Outcome::Answer(v))) => (200, Some(v.to_string().into_bytes())),
            Ok(_) => (500, None),
            Err(r) => {
                tracing::warn!(reason = r.reason(), "long-connection frame refused");
                (500, None)
            }
        };
        let ack = frame.into_ack(code, data.as_deref(), started.elapsed());
        let _ = acks.send(ack.encode_to_vec()).await;
    });
}

/// Reads a refused handshake's `Handshake-*` headers.
fn handshake_refusal(headers: &tungstenite::http::HeaderMap) -> Failure {
    let get = |k: &str| headers.get(k).and_then(|v| v.to_str().ok()).unwrap_or("");
    let status: i64 = get("Handshake-Status").parse().unwrap_or(0);
    let auth: i64 = get("Handshake-Autherrcode").parse().unwrap_or(0);
    let msg = get("Handshake-Msg").to_owned();
    match status {
        403 => Failure::Fatal(403, msg),
        514 if auth == EXCEED_CONN_LIMIT => Failure::Fatal(EXCEED_CONN_LIMIT, msg),
        _ => Failure::Retry(format!("handshake refused: {status} {auth} {msg}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let config = ServerConfig {
            reconnect_interval: Duration::from_secs(8),
            reconnect_nonce: Duration::from_secs(1),
            ..ServerConfig::default()
        };
        let base = Duration::from_secs(1);
        for attempt in 1..8 {
            let exp = Duration::from_secs(1 << (attempt - 1)).min(Duration::from_secs(8));
            let w = backoff(attempt, &config, base);
            assert!(
                w >= exp / 2 && w <= exp + Duration::from_secs(1),
                "{attempt}: {w:?}"
            );
        }
        let waits: std::collections::HashSet<Duration> =
            (0..20).map(|_| backoff(3, &config, base)).collect();
        assert!(waits.len() > 10, "jitter: {waits:?}");
    }

    #[test]
    fn applies_the_fields_present() {
        let mut c = ServerConfig::default();
        c.apply(&json!({"PingInterval": 10, "ReconnectCount": 3, "ReconnectNonce": 0}));
        assert_eq!(c.ping_interval, Duration::from_secs(10));
        assert_eq!(c.reconnect_count, 3);
        assert_eq!(c.reconnect_nonce, Duration::from_secs(30));
    }
}
