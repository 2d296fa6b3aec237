//! The long-connection client against a loopback Feishu (endpoint and pbbp2 WebSocket
//! server on 127.0.0.1), one test per behaviour. Waits go through a clock that runs twenty
//! times faster than real time and records them.
//! The event types are the generated ones (`im`, `card`).
#![cfg(all(feature = "ws", feature = "im", feature = "card"))]

#[path = "../examples/echo_bot.rs"]
mod echo_bot;
#[path = "events/loopback.rs"]
mod loopback;
#[path = "events/support.rs"]
#[allow(dead_code)] // shared with tests/webhook.rs, which signs and encrypts
mod support;

use base64::Engine;
use feishu_api::card::legacy::action::CardActionTrigger;
use feishu_api::events::ws::{WsClient, WsError, EXCEED_CONN_LIMIT};
use feishu_api::events::{Dispatcher, DispatcherBuilder};
use feishu_api::im::v1::message::MessageReceiveV1;
use feishu_api::Client;
use loopback::*;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use support::*;
use tokio::task::JoinHandle;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Running {
    mock: MockServer,
    clock: Arc<ScaledClock>,
    stop: feishu_api::events::ws::ShutdownHandle,
    run: JoinHandle<Result<(), WsError>>,
}

/// The connect timeout of the tests' clients. The default 10 s is half a second of the
/// scaled clock, which an endpoint call and handshake on a loaded machine can take: a test
/// would then see an extra failed attempt (one more backoff, one more endpoint request).
/// Only the test of the timeout itself keeps a short one.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3600);

/// Starts a client of `mock` (endpoint mounted by the caller) delivering to `d`.
async fn start(mock: MockServer, d: Dispatcher) -> Running {
    start_with(mock, d, |ws| ws).await
}

/// [`start`], with the client's settings changed by `set` (after [`CONNECT_TIMEOUT`]).
async fn start_with(
    mock: MockServer,
    d: Dispatcher,
    set: impl FnOnce(WsClient) -> WsClient,
) -> Running {
    let clock = Arc::new(ScaledClock::default());
    let client = Client::builder("cli_test", "secret")
        .base_url(mock.uri())
        .clock(clock.clone())
        .build()
        .unwrap();
    let ws = set(WsClient::new(&client).connect_timeout(CONNECT_TIMEOUT));
    let stop = ws.shutdown_handle();
    let run = tokio::spawn(ws.run(d));
    Running {
        mock,
        clock,
        stop,
        run,
    }
}

fn recording(rec: &Recorder) -> DispatcherBuilder {
    let tx = rec.tx.clone();
    Dispatcher::builder(TOKEN)
        .on(move |ctx, e: MessageReceiveV1| {
            let tx = tx.clone();
            async move {
                let content = e.message.and_then(|m| m.content).unwrap_or_default();
                tx.send(format!("{}:{}", ctx.event_id, content)).unwrap();
                Ok(())
            }
        })
        .unwrap()
}

fn ack_payload(f: &feishu_api::events::ws::Frame) -> Value {
    serde_json::from_slice(f.payload.as_deref().unwrap()).unwrap()
}

const CONFIG: &str =
    r#"{"PingInterval": 5, "ReconnectInterval": 8, "ReconnectNonce": 1, "ReconnectCount": -1}"#;

fn config() -> Value {
    serde_json::from_str(CONFIG).unwrap()
}

#[tokio::test]
async fn calls_the_endpoint_then_connects_and_pings() {
    let mut server = ws_server(Mode::Answer { pong_payload: None }).await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    let r = start(mock, Dispatcher::builder(TOKEN).build()).await;
    let conn = server.next_conn().await.unwrap();
    let requests = r.mock.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body, json!({"AppID": "cli_test", "AppSecret": "secret"}));
    assert_eq!(requests[0].url.path(), "/callback/ws/endpoint");
    // The first ping goes out at once; the next after the server's PingInterval (5 s).
    eventually("a second ping", || conn.pings.load(Ordering::SeqCst) >= 2).await;
    assert!(r.clock.waits().contains(&Duration::from_secs(5)));
    r.stop.shutdown();
    assert_eq!(r.run.await.unwrap(), Ok(()), "a clean shutdown on demand");
}

#[tokio::test]
async fn delivers_an_event_and_acks_it_with_biz_rt() {
    let mut server = ws_server(Mode::Answer { pong_payload: None }).await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    let mut rec = Recorder::new();
    let r = start(mock, recording(&rec).build()).await;
    let mut conn = server.next_conn().await.unwrap();
    let body = envelope(
        "e1",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", "hi"),
    );
    let sent = data_frame("event", "m1", 0, 1, &body);
    conn.send(sent.clone());
    assert_eq!(rec.expect().await, r#"e1:{"text":"hi"}"#);
    let ack = conn.next().await;
    assert_eq!(
        (ack.seq_id, ack.log_id, ack.service, ack.method),
        (11, 22, 7, 1)
    );
    assert_eq!(ack.headers[..sent.headers.len()], sent.headers[..]);
    let biz_rt: u64 = ack.header("biz_rt").unwrap().parse().unwrap();
    assert!(biz_rt >= 1);
    assert_eq!(ack_payload(&ack)["code"], 200);
    r.stop.shutdown();
    r.run.await.unwrap().unwrap();
}

#[tokio::test]
async fn acks_500_for_a_wrong_token_and_runs_no_handler() {
    let mut server = ws_server(Mode::Answer { pong_payload: None }).await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    let mut rec = Recorder::new();
    let r = start(mock, recording(&rec).build()).await;
    let mut conn = server.next_conn().await.unwrap();
    let body = envelope(
        "e1",
        "im.message.receive_v1",
        "not-the-token",
        text_message("om_1", "hi"),
    );
    conn.send(data_frame("event", "m1", 0, 1, &body));
    assert_eq!(ack_payload(&conn.next().await)["code"], 500);
    assert_eq!(rec.next(200).await, None, "no handler may run");
    r.stop.shutdown();
    r.run.await.unwrap().unwrap();
}

#[tokio::test]
async fn reassembles_a_payload_split_over_frames() {
    let mut server = ws_server(Mode::Answer { pong_payload: None }).await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    let mut rec = Recorder::new();
    let r = start(mock, recording(&rec).build()).await;
    let mut conn = server.next_conn().await.unwrap();
    let body = envelope(
        "e-split",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", "long"),
    );
    let third = body.len() / 3;
    let parts = [&body[..third], &body[third..2 * third], &body[2 * third..]];
    for seq in [2, 0, 1] {
        conn.send(data_frame("event", "m-split", seq, 3, parts[seq]));
    }
    assert_eq!(rec.expect().await, r#"e-split:{"text":"long"}"#);
    assert_eq!(ack_payload(&conn.next().await)["code"], 200);
    r.stop.shutdown();
    r.run.await.unwrap().unwrap();
}

#[tokio::test]
async fn applies_the_config_a_pong_carries() {
    let pong = br#"{"PingInterval": 3, "ReconnectCount": 5}"#.to_vec();
    let mut server = ws_server(Mode::Answer {
        pong_payload: Some(pong),
    })
    .await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    let r = start(mock, Dispatcher::builder(TOKEN).build()).await;
    let _conn = server.next_conn().await.unwrap();
    // Wait for the new interval itself: a pong that arrives after the next 5 s tick (a
    // loaded machine) only delays it by one ping.
    let three = Duration::from_secs(3);
    eventually("a 3 s ping wait", || r.clock.waits().contains(&three)).await;
    let waits = r.clock.waits();
    let first_ping_wait = waits.iter().position(|w| *w == Duration::from_secs(5));
    let new_wait = waits.iter().position(|w| *w == three);
    assert!(
        first_ping_wait.is_some() && new_wait > first_ping_wait,
        "{waits:?}"
    );
    r.stop.shutdown();
    r.run.await.unwrap().unwrap();
}

#[tokio::test]
async fn reconnects_after_a_drop_with_growing_jittered_waits() {
    let mut server = ws_server(Mode::Answer { pong_payload: None }).await;
    let mock = MockServer::start().await;
    let ok = json!({"code": 0, "data": {"URL": server.url, "ClientConfig": config()}});
    let endpoint = || Mock::given(method("POST")).and(path("/callback/ws/endpoint"));
    endpoint()
        .respond_with(ResponseTemplate::new(200).set_body_json(&ok))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&mock)
        .await;
    endpoint()
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(2)
        .mount(&mock)
        .await;
    endpoint()
        .respond_with(ResponseTemplate::new(200).set_body_json(&ok))
        .with_priority(3)
        .mount(&mock)
        .await;
    let r = start(mock, Dispatcher::builder(TOKEN).build()).await;
    let first = server.next_conn().await.unwrap();
    first.out.send(Out::Close).unwrap();
    let _second = server.next_conn().await.unwrap();
    // Three attempts after the drop (two refused by the endpoint), each with its own
    // exponential, jittered wait: [0.5, 1], [1, 2], [2, 4] seconds, plus up to 1 s of nonce.
    let backoffs: Vec<Duration> = r
        .clock
        .waits()
        .into_iter()
        // The whole 5 s waits are the ping interval, CONNECT_TIMEOUT the connect timeout; a
        // jittered backoff is never whole, but may fall between 5 and 6 s: compare exactly.
        .filter(|w| !w.is_zero() && ![Duration::from_secs(5), CONNECT_TIMEOUT].contains(w))
        .collect();
    assert_eq!(backoffs.len(), 3, "{backoffs:?}");
    for (w, lo) in backoffs.iter().zip([500, 1000, 2000]) {
        let lo = Duration::from_millis(lo);
        assert!(
            *w >= lo && *w <= lo * 2 + Duration::from_secs(1),
            "{backoffs:?}"
        );
    }
    assert_eq!(r.mock.received_requests().await.unwrap().len(), 4);
    r.stop.shutdown();
    r.run.await.unwrap().unwrap();
}

/// A TCP listener on 127.0.0.1 that accepts and never answers; counts the accepts.
async fn mute_listener() -> (String, tokio::sync::mpsc::UnboundedReceiver<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/ws", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((tcp, _)) = listener.accept().await {
            held.push(tcp);
            let _ = tx.send(());
        }
    });
    (url, rx)
}

#[tokio::test]
async fn retries_a_server_that_never_answers_the_upgrade() {
    let (url, mut accepted) = mute_listener().await;
    let mock = MockServer::start().await;
    endpoint(&mock, &url, config()).await;
    // The default 10 s connect timeout passes in half a second of the scaled clock (the
    // tests' CONNECT_TIMEOUT would take 180 s: two attempts in time prove the timeout).
    let r = start_with(mock, Dispatcher::builder(TOKEN).build(), |ws| {
        ws.connect_timeout(Duration::from_secs(10))
    })
    .await;
    for attempt in 1..=2 {
        tokio::time::timeout(EVENTUALLY, accepted.recv())
            .await
            .unwrap_or_else(|_| panic!("attempt {attempt} in time"));
    }
    r.stop.shutdown();
    r.run.await.unwrap().unwrap();
}

#[tokio::test]
async fn shuts_down_promptly_while_connecting() {
    let (url, mut accepted) = mute_listener().await;
    let mock = MockServer::start().await;
    endpoint(&mock, &url, config()).await;
    // An hour-long connect timeout: 180 s of real time on the scaled clock.
    let r = start_with(mock, Dispatcher::builder(TOKEN).build(), |ws| {
        ws.connect_timeout(Duration::from_secs(3600))
    })
    .await;
    accepted.recv().await.unwrap();
    r.stop.shutdown();
    // Promptly: long before the connect timeout, with room for a loaded machine.
    let ended = tokio::time::timeout(EVENTUALLY, r.run).await;
    ended.expect("run returns at once").unwrap().unwrap();
}

#[tokio::test]
async fn a_server_dropping_each_connection_at_once_gets_growing_waits() {
    let mut server = ws_server(Mode::Silent).await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    let r = start(mock, Dispatcher::builder(TOKEN).build()).await;
    // Each connection opens, then closes before anything is received.
    for _ in 0..5 {
        server
            .next_conn()
            .await
            .unwrap()
            .out
            .send(Out::Close)
            .unwrap();
    }
    let _sixth = server.next_conn().await.unwrap();
    let backoffs: Vec<Duration> = r
        .clock
        .waits()
        .into_iter()
        // The whole 5 s waits are the ping interval, CONNECT_TIMEOUT the connect timeout; a
        // jittered backoff is never whole, but may fall between 5 and 6 s: compare exactly.
        .filter(|w| !w.is_zero() && ![Duration::from_secs(5), CONNECT_TIMEOUT].contains(w))
        .collect();
    assert_eq!(backoffs.len(), 5, "{backoffs:?}");
    // Attempt 4 waits [4, 8] s (+ up to 1 s of nonce); a reset backoff waits at most 2 s.
    assert!(backoffs[3] >= Duration::from_secs(4), "{backoffs:?}");
    r.stop.shutdown();
    r.run.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_watchdog_replaces_a_silent_connection() {
    let mut server = ws_server(Mode::Silent).await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    let r = start(mock, Dispatcher::builder(TOKEN).build()).await;
    let mut first = server.next_conn().await.unwrap();
    let second = server.next_conn().await;
    assert!(second.is_some(), "reconnected");
    // The server has read every ping of the first connection once it has seen it close.
    let closed = tokio::time::timeout(EVENTUALLY, first.frames.recv()).await;
    assert!(matches!(closed, Ok(None)), "the first connection is closed");
    assert_eq!(
        first.pings.load(Ordering::SeqCst),
        3,
        "after three unanswered pings"
    );
    r.stop.shutdown();
    r.run.await.unwrap().unwrap();
}

#[tokio::test]
async fn stops_with_an_error_at_the_connection_limit() {
    let refuse = vec![
        ("Handshake-Status", "514"),
        ("Handshake-Autherrcode", "1000040350"),
        ("Handshake-Msg", "exceed connection limit"),
    ];
    let mut server = ws_server(Mode::Refuse(refuse)).await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    let r = start(mock, Dispatcher::builder(TOKEN).build()).await;
    assert!(server.next_conn().await.is_none());
    let result = tokio::time::timeout(EVENTUALLY, r.run)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        result,
        Err(WsError::Refused {
            code: EXCEED_CONN_LIMIT,
            message: "exceed connection limit".into()
        })
    );
    assert!(server.conns.try_recv().is_err(), "no second attempt");
}

#[tokio::test]
async fn answers_a_card_callback_in_the_ack_data() {
    let mut server = ws_server(Mode::Answer { pong_payload: None }).await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    let d = Dispatcher::builder(TOKEN)
        .on_callback(|_, card: CardActionTrigger| async move {
            let tag = card.action.and_then(|a| a.tag).unwrap_or_default();
            Ok(toast("info", format!("got {tag}")))
        })
        .unwrap()
        .build();
    let r = start(mock, d).await;
    let mut conn = server.next_conn().await.unwrap();
    let body = envelope(
        "c1",
        "card.action.trigger",
        TOKEN,
        json!({"action": {"tag": "button"}}),
    );
    conn.send(data_frame("card", "m-card", 0, 1, &body));
    let ack = ack_payload(&conn.next().await);
    assert_eq!(ack["code"], 200);
    let data = base64::engine::general_purpose::STANDARD
        .decode(ack["data"].as_str().unwrap())
        .unwrap();
    let answer: Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(
        answer,
        json!({"toast": {"type": "info", "content": "got button"}})
    );
    r.stop.shutdown();
    r.run.await.unwrap().unwrap();
}

/// The README's echo bot (examples/echo_bot.rs), configured from the environment, against
/// the loopback Feishu: a text message comes in over the long connection, the reply goes
/// out through `im/v1/messages/:message_id/reply`.
#[tokio::test]
async fn example_echo_bot_replies_over_the_long_connection() {
    let mut server = ws_server(Mode::Answer { pong_payload: None }).await;
    let mock = MockServer::start().await;
    endpoint(&mock, &server.url, config()).await;
    Mock::given(method("POST"))
        .and(path("/open-apis/auth/v3/tenant_access_token/internal"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"code": 0, "msg": "ok", "tenant_access_token": "t-1", "expire": 7200}),
        ))
        .mount(&mock)
        .await;
    let reply = "/open-apis/im/v1/messages/om_1/reply";
    Mock::given(method("POST"))
        .and(path(reply))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"code": 0, "msg": "success", "data": {"message_id": "om_2"}}),
            ),
        )
        .mount(&mock)
        .await;
    // Only this test of this file sets the environment, and only before the bot starts.
    for (k, v) in [
        ("FEISHU_APP_ID", "cli_test"),
        ("FEISHU_APP_SECRET", "secret"),
        ("FEISHU_BASE_URL", &mock.uri()),
        ("FEISHU_VERIFICATION_TOKEN", TOKEN),
    ] {
        std::env::set_var(k, v);
    }
    // The example's own runtime, on its own thread; it runs until the process ends.
    std::thread::spawn(|| drop(echo_bot::main()));
    let mut conn = server.next_conn().await.unwrap();
    let body = envelope(
        "e1",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", "hi"),
    );
    conn.send(data_frame("event", "m1", 0, 1, &body));
    assert_eq!(ack_payload(&conn.next().await)["code"], 200);
    // The reply is sent by the bot's handler, after the ack (it fetches a token first).
    let deadline = tokio::time::Instant::now() + EVENTUALLY;
    let sent = loop {
        let requests = mock.received_requests().await.unwrap();
        if let Some(sent) = requests.into_iter().find(|r| r.url.path() == reply) {
            break sent;
        }
        assert!(tokio::time::Instant::now() < deadline, "no reply in time");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let sent: Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(sent["msg_type"], "text");
    assert_eq!(sent["content"], r#"{"text":"echo: hi"}"#);
}

#[test]
fn the_readme_shows_the_echo_bot_verbatim() {
    let readme = include_str!("../README.md");
    let bot = include_str!("../examples/echo_bot.rs");
    assert!(readme.contains(&format!("```rust\n{bot}```")));
    assert!(bot.lines().count() < 25);
}
