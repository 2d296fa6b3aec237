//! A loopback Feishu for the long connection: the endpoint (wiremock) and a WebSocket
//! server speaking pbbp2 frames, both on 127.0.0.1; a clock that records every wait and
//! sleeps a twentieth of it.

use feishu_api::client::{Clock, SleepFuture};
use feishu_api::events::ws::{Frame, METHOD_CONTROL};
use futures_util::{SinkExt, StreamExt};
use prost::Message as _;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::{handshake::server as hs, http, Message};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::EVENTUALLY;

/// Waits until `done` holds, polling every 10 ms; panics naming `what` after [`EVENTUALLY`].
pub async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    while !done() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: not within {EVENTUALLY:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Records each wait, sleeps `1/20` of it for real.
#[derive(Default)]
pub struct ScaledClock {
    pub waits: Mutex<Vec<Duration>>,
}

impl Clock for ScaledClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
    fn sleep(&self, d: Duration) -> SleepFuture {
        self.waits.lock().unwrap().push(d);
        Box::pin(tokio::time::sleep(d / 20))
    }
}

impl ScaledClock {
    pub fn waits(&self) -> Vec<Duration> {
        self.waits.lock().unwrap().clone()
    }
}

/// What the test sends down a connection.
pub enum Out {
    Frame(Frame),
    Close,
}

/// One accepted connection: frames to send, frames the client sent (pings answered by the
/// server are not forwarded), pings seen.
pub struct Conn {
    pub out: mpsc::UnboundedSender<Out>,
    pub frames: mpsc::UnboundedReceiver<Frame>,
    pub pings: Arc<AtomicUsize>,
}

impl Conn {
    pub fn send(&self, frame: Frame) {
        self.out.send(Out::Frame(frame)).unwrap();
    }

    /// The next non-ping frame from the client.
    pub async fn next(&mut self) -> Frame {
        tokio::time::timeout(EVENTUALLY, self.frames.recv())
            .await
            .expect("a frame in time")
            .expect("connection open")
    }
}

/// How the WebSocket server behaves.
#[derive(Clone)]
pub enum Mode {
    /// Answers pings with pongs carrying `pong_payload` (if any).
    Answer { pong_payload: Option<Vec<u8>> },
    /// Answers nothing (a half-open connection).
    Silent,
    /// Refuses the handshake with these headers.
    Refuse(Vec<(&'static str, &'static str)>),
}

/// The WebSocket server: each accepted connection (`None` for a refused handshake).
pub struct WsServer {
    pub url: String,
    pub conns: mpsc::UnboundedReceiver<Option<Conn>>,
}

impl WsServer {
    pub async fn next_conn(&mut self) -> Option<Conn> {
        tokio::time::timeout(EVENTUALLY, self.conns.recv())
            .await
            .expect("a connection attempt in time")
            .unwrap()
    }
}

pub async fn ws_server(mode: Mode) -> WsServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "ws://{}/ws?device_id=d1&service_id=7",
        listener.local_addr().unwrap()
    );
    let (tx, conns) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            if let Mode::Refuse(headers) = &mode {
                let headers = headers.clone();
                // The callback's signature is tungstenite's: its error is a whole response.
                #[allow(clippy::result_large_err)]
                let refuse = move |_: &hs::Request, _: hs::Response| {
                    let mut r = http::Response::builder().status(514);
                    for (k, v) in &headers {
                        r = r.header(*k, *v);
                    }
                    Err(r.body(None).unwrap())
                };
                let _ = tokio_tungstenite::accept_hdr_async(tcp, refuse).await;
                let _ = tx.send(None);
                continue;
            }
            let ws = tokio_tungstenite::accept_async(tcp).await.unwrap();
            let (out, mut out_rx) = mpsc::unbounded_channel();
            let (frames_tx, frames) = mpsc::unbounded_channel();
            let pings = Arc::new(AtomicUsize::new(0));
            let _ = tx.send(Some(Conn {
                out,
                frames,
                pings: pings.clone(),
            }));
            let mode = mode.clone();
            tokio::spawn(async move {
                let (mut sink, mut stream) = ws.split();
                loop {
                    tokio::select! {
                        m = stream.next() => {
                            let Some(Ok(Message::Binary(b))) = m else { break };
                            let f = Frame::decode(&b[..]).unwrap();
                            if f.method == METHOD_CONTROL && f.header("type") == Some("ping") {
                                pings.fetch_add(1, Ordering::SeqCst);
                                if let Mode::Answer { pong_payload } = &mode {
                                    let mut pong = Frame { method: METHOD_CONTROL, service: f.service, payload: pong_payload.clone(), ..Frame::default() };
                                    pong.push_header("type", "pong");
                                    let _ = sink.send(Message::Binary(pong.encode_to_vec().into())).await;
                                }
                            } else {
                                let _ = frames_tx.send(f);
                            }
                        }
                        o = out_rx.recv() => match o {
                            Some(Out::Frame(f)) => { let _ = sink.send(Message::Binary(f.encode_to_vec().into())).await; }
                            Some(Out::Close) | None => { let _ = sink.close().await; break; }
                        }
                    }
                }
            });
        }
    });
    WsServer { url, conns }
}

/// Mounts `POST /callback/ws/endpoint` answering `url` and `config`.
pub async fn endpoint(server: &MockServer, url: &str, config: serde_json::Value) {
    Mock::given(method("POST"))
        .and(path("/callback/ws/endpoint"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "msg": "ok", "data": {"URL": url, "ClientConfig": config}
        })))
        .mount(server)
        .await;
}

/// A data frame carrying `payload` (`kind`: `event` or `card`), optionally part `seq` of `sum`.
pub fn data_frame(kind: &str, message_id: &str, seq: usize, sum: usize, payload: &[u8]) -> Frame {
    let mut f = Frame {
        seq_id: 11,
        log_id: 22,
        service: 7,
        method: feishu_api::events::ws::METHOD_DATA,
        payload: Some(payload.to_vec()),
        ..Frame::default()
    };
    f.push_header("type", kind);
    f.push_header("message_id", message_id);
    f.push_header("sum", sum.to_string());
    f.push_header("seq", seq.to_string());
    f.push_header("trace_id", "tr-1");
    f
}
