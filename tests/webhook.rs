//! The webhook receiver served on 127.0.0.1 (the axum router), one test per behaviour:
//! signatures and bodies are built with the crypto crates directly, not with the code under
//! test; no test sleeps for real beyond a few hundred milliseconds.
//! The event types are the generated ones (`im`, `card`).
#![cfg(all(
    feature = "webhook",
    feature = "client",
    feature = "im",
    feature = "card"
))]

#[path = "events/support.rs"]
mod support;

#[path = "../examples/webhook_bot.rs"]
mod webhook_bot;

use feishu_api::card::legacy::action::{CardActionTrigger, CardActionTriggerResponse};
use feishu_api::events::{
    DedupFuture, DedupStore, Dispatcher, DispatcherBuilder, HandlerError, RegisterError,
};
use feishu_api::im::v1::message::MessageReceiveV1;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::*;

/// Serves `d` on 127.0.0.1; returns the URL of `/webhook/event`.
async fn serve(d: Dispatcher) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = d.router(&["/webhook/event", "/webhook/card"]);
    tokio::spawn(async move { feishu_api::events::axum::serve(listener, app).await });
    format!("http://{addr}/webhook/event")
}

/// A POST with optional signature headers; the status and the JSON answer.
async fn post(url: &str, body: Vec<u8>, headers: &[(&str, String)]) -> (u16, Value) {
    let mut req = reqwest::Client::new().post(url).body(body);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// The signature headers for `body`, signed at `ts`.
fn signed_at(ts: u64, body: &[u8]) -> Vec<(&'static str, String)> {
    let ts = ts.to_string();
    let sig = sign(&ts, "n0nce", KEY, body);
    vec![
        ("X-Lark-Request-Timestamp", ts),
        ("X-Lark-Request-Nonce", "n0nce".to_owned()),
        ("X-Lark-Signature", sig),
    ]
}

/// A dispatcher recording each `im.message.receive_v1` as `event_id:text`.
fn recording(builder: DispatcherBuilder, rec: &Recorder) -> DispatcherBuilder {
    let tx = rec.tx.clone();
    builder
        .on(move |ctx, e: MessageReceiveV1| {
            let tx = tx.clone();
            async move {
                let content = e.message.and_then(|m| m.content).unwrap_or_default();
                tx.send(format!("{}:{}:{}", ctx.event_id, ctx.tenant_key, content))
                    .unwrap();
                Ok(())
            }
        })
        .unwrap()
}

#[tokio::test]
async fn answers_the_plain_challenge_after_the_token_check() {
    let url = serve(Dispatcher::builder(TOKEN).build()).await;
    let body = json!({"challenge": "c-1", "token": TOKEN, "type": "url_verification"});
    let (status, answer) = post(&url, body.to_string().into_bytes(), &[]).await;
    assert_eq!((status, answer), (200, json!({"challenge": "c-1"})));
    let body = json!({"challenge": "c-1", "token": "wrong", "type": "url_verification"});
    let (status, answer) = post(&url, body.to_string().into_bytes(), &[]).await;
    assert_eq!(status, 401);
    assert_eq!(answer.get("challenge"), None);
}

#[tokio::test]
async fn answers_the_encrypted_challenge() {
    // Made with the openssl CLI, independently of the code under test:
    //   K=$(printf '%s' 'test key' | sha256sum | cut -c1-64)
    //   PT='{"challenge":"ajls384kdjx98XX","token":"xxxxxx","type":"url_verification"}'
    //   ( printf '\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f'
    //     printf '%s' "$PT" | openssl enc -aes-256-cbc -K $K -iv 000102030405060708090a0b0c0d0e0f
    //   ) | base64 -w0
    const ENCRYPTED: &str = "AAECAwQFBgcICQoLDA0ODw9mLTIAZS9jAmGTQ1wAhHpnBHVL2wRjH9rPunQdQC1vLjsckayA10kZ8cPwtb62F8rC7JprUPR/4S2aZihfR+p8npX7UzWPithZmfKIPZgE";
    let url = serve(
        Dispatcher::builder("xxxxxx")
            .encrypt_key("test key")
            .build(),
    )
    .await;
    let body = json!({ "encrypt": ENCRYPTED }).to_string().into_bytes();
    let (status, answer) = post(&url, body, &[]).await;
    assert_eq!(
        (status, answer),
        (200, json!({"challenge": "ajls384kdjx98XX"}))
    );
}

#[tokio::test]
async fn refuses_a_wrong_token() {
    let mut rec = Recorder::new();
    let url = serve(recording(Dispatcher::builder(TOKEN), &rec).build()).await;
    let body = envelope(
        "e1",
        "im.message.receive_v1",
        "not-the-token",
        text_message("om_1", "hi"),
    );
    let (status, _) = post(&url, body, &[]).await;
    assert_eq!(status, 401);
    assert_eq!(rec.next(200).await, None, "no handler may run");
}

#[tokio::test]
async fn refuses_a_wrong_or_missing_signature() {
    let mut rec = Recorder::new();
    let d = recording(Dispatcher::builder(TOKEN).encrypt_key(KEY), &rec).build();
    let url = serve(d).await;
    let body = encrypt(
        KEY,
        &envelope(
            "e1",
            "im.message.receive_v1",
            TOKEN,
            text_message("om_1", "hi"),
        ),
    );
    let mut headers = signed_at(now(), &body);
    headers[2].1 = sign(&headers[0].1, "n0nce", "another key", &body);
    assert_eq!(post(&url, body.clone(), &headers).await.0, 401);
    // A signature over other bytes (the same JSON re-serialised) does not count either.
    let mut other = body.clone();
    other.push(b'\n');
    assert_eq!(
        post(&url, body.clone(), &signed_at(now(), &other)).await.0,
        401
    );
    assert_eq!(post(&url, body, &[]).await.0, 401, "unsigned");
    assert_eq!(rec.next(200).await, None);
}

/// `handle_webhook` called directly, without headers: the status and the JSON answer.
async fn handle_unsigned(d: &Dispatcher, body: &[u8]) -> (u16, Value) {
    let no_headers: &[(&str, &str)] = &[];
    let reply = d.handle_webhook(no_headers, body).await;
    (reply.status, serde_json::from_slice(&reply.body).unwrap())
}

#[tokio::test]
async fn refuses_every_unsigned_request_alike_when_an_encrypt_key_is_set() {
    let d = Dispatcher::builder(TOKEN).encrypt_key(KEY).build();
    let challenge = |c: &str, token: &str| {
        let plain = json!({"challenge": c, "token": token, "type": "url_verification"});
        encrypt(KEY, plain.to_string().as_bytes())
    };
    assert_eq!(
        handle_unsigned(&d, &challenge("c-1", TOKEN)).await,
        (200, json!({"challenge": "c-1"})),
        "the encrypted challenge still comes unsigned"
    );
    let refusal = (401, json!({"msg": "bad or missing signature"}));
    // A valid challenge over 4 KiB is refused before it is decrypted.
    let big = challenge(&"c".repeat(5000), TOKEN);
    assert_eq!(handle_unsigned(&d, &big).await, refusal, "over 4 KiB");
    let event = envelope("e1", "im.message.receive_v1", TOKEN, json!({}));
    for (what, body) in [
        ("not JSON", b"not json".to_vec()),
        (
            "not base64",
            json!({"encrypt": "!!"}).to_string().into_bytes(),
        ),
        ("wrong token", challenge("c-2", "wrong")),
        ("plain event", event.clone()),
        ("encrypted event", encrypt(KEY, &event)),
    ] {
        assert_eq!(handle_unsigned(&d, &body).await, refusal, "{what}");
    }
}

#[tokio::test]
async fn handle_webhook_refuses_an_oversized_body() {
    let d = Dispatcher::builder(TOKEN).max_body_bytes(1024).build();
    let body = envelope(
        "e1",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", &"x".repeat(2000)),
    );
    assert_eq!(handle_unsigned(&d, &body).await.0, 413);
}

#[tokio::test]
async fn max_in_flight_takes_any_number() {
    for n in [0, usize::MAX] {
        let mut rec = Recorder::new();
        let d = recording(Dispatcher::builder(TOKEN), &rec)
            .max_in_flight(n)
            .build();
        let body = envelope(
            "e1",
            "im.message.receive_v1",
            TOKEN,
            text_message("om_1", "hi"),
        );
        assert_eq!(handle_unsigned(&d, &body).await.0, 200, "{n}");
        rec.expect().await;
    }
}

#[tokio::test]
async fn refuses_a_stale_timestamp() {
    let mut rec = Recorder::new();
    let d = recording(Dispatcher::builder(TOKEN).encrypt_key(KEY), &rec).build();
    let url = serve(d).await;
    let body = encrypt(
        KEY,
        &envelope(
            "e1",
            "im.message.receive_v1",
            TOKEN,
            text_message("om_1", "hi"),
        ),
    );
    // Correctly signed, but ten minutes old (a replay): outside the default 5-minute window.
    let (status, answer) = post(&url, body.clone(), &signed_at(now() - 600, &body)).await;
    assert_eq!(status, 401);
    assert!(
        answer["msg"].as_str().unwrap().contains("timestamp"),
        "{answer}"
    );
    assert_eq!(
        post(&url, body.clone(), &signed_at(now() + 600, &body))
            .await
            .0,
        401
    );
    assert_eq!(rec.next(200).await, None);
    assert_eq!(
        post(&url, body.clone(), &signed_at(now() - 60, &body))
            .await
            .0,
        200
    );
    rec.expect().await;
}

#[tokio::test]
async fn decrypts_a_signed_encrypted_event_and_dispatches_it_typed() {
    let mut rec = Recorder::new();
    let d = recording(Dispatcher::builder(TOKEN).encrypt_key(KEY), &rec).build();
    let url = serve(d).await;
    let body = encrypt(
        KEY,
        &envelope(
            "e42",
            "im.message.receive_v1",
            TOKEN,
            text_message("om_1", "hi"),
        ),
    );
    let (status, _) = post(&url, body.clone(), &signed_at(now(), &body)).await;
    assert_eq!(status, 200);
    assert_eq!(rec.expect().await, r#"e42:tk_1:{"text":"hi"}"#);
}

#[tokio::test]
async fn runs_the_handler_once_for_a_redelivered_event() {
    let mut rec = Recorder::new();
    let url = serve(recording(Dispatcher::builder(TOKEN), &rec).build()).await;
    let body = envelope(
        "e-dup",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", "hi"),
    );
    assert_eq!(post(&url, body.clone(), &[]).await.0, 200);
    assert_eq!(
        post(&url, body, &[]).await.0,
        200,
        "a redelivery is acknowledged"
    );
    rec.expect().await;
    assert_eq!(rec.next(300).await, None, "and not handled again");
    let other = envelope(
        "e-other",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_2", "x"),
    );
    assert_eq!(post(&url, other, &[]).await.0, 200);
    assert!(rec.expect().await.starts_with("e-other:"));
}

/// A long time: what a stalled store or handler takes. The answers the tests wait for come
/// long before it (within [`EVENTUALLY`]) or not at all.
const STALL: Duration = Duration::from_secs(3600);

/// A shared store that never answers in time.
struct StalledStore;

impl DedupStore for StalledStore {
    fn first_seen(&self, _: &str) -> DedupFuture<'_> {
        Box::pin(async {
            tokio::time::sleep(STALL).await;
            false
        })
    }
}

#[tokio::test]
async fn a_stalled_dedup_store_neither_delays_the_answer_nor_loses_the_event() {
    let mut rec = Recorder::new();
    let d = recording(Dispatcher::builder(TOKEN), &rec)
        .dedup_store(Arc::new(StalledStore))
        .dedup_timeout(Duration::from_millis(200))
        .build();
    let url = serve(d).await;
    let body = envelope(
        "e-slow",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", "hi"),
    );
    let started = Instant::now();
    // The answer comes after the 200 ms dedup timeout, not after the hour-long stall (Feishu
    // waits 3 s; a loaded machine may be slower, and that is not what is tested here).
    let answer = tokio::time::timeout(EVENTUALLY, post(&url, body, &[])).await;
    assert_eq!(
        answer.expect("answered without waiting for the store").0,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(
        rec.expect().await.starts_with("e-slow:"),
        "handled as first seen"
    );
}

#[tokio::test]
async fn acknowledges_an_unregistered_type_and_the_fallback_sees_it() {
    let mut rec = Recorder::new();
    let tx = rec.tx.clone();
    let d = Dispatcher::builder(TOKEN)
        .fallback(move |ctx, event| {
            let tx = tx.clone();
            async move {
                tx.send(format!("{} {}", ctx.event_type, event)).unwrap();
                Ok(())
            }
        })
        .build();
    let url = serve(d).await;
    let body = envelope(
        "e1",
        "contact.user.created_v3",
        TOKEN,
        json!({"object": {"name": "A"}}),
    );
    assert_eq!(post(&url, body, &[]).await.0, 200);
    assert_eq!(
        rec.expect().await,
        r#"contact.user.created_v3 {"object":{"name":"A"}}"#
    );
    // v1 envelopes too.
    let v1 = json!({"uuid": "u1", "token": TOKEN, "ts": "1", "type": "event_callback",
        "event": {"type": "app_open", "app_id": "cli_test"}});
    assert_eq!(post(&url, v1.to_string().into_bytes(), &[]).await.0, 200);
    assert!(rec.expect().await.starts_with("app_open "));
}

#[tokio::test]
async fn answers_when_a_handler_fails_or_panics() {
    let mut rec = Recorder::new();
    let d = recording(Dispatcher::builder(TOKEN), &rec)
        .fallback(|ctx, _| async move {
            if ctx.event_type == "x.panic_v1" {
                panic!("handler panicked on purpose");
            }
            Err::<(), HandlerError>("handler failed on purpose".into())
        })
        .build();
    let url = serve(d).await;
    for (id, ty) in [("p1", "x.panic_v1"), ("f1", "x.fail_v1")] {
        assert_eq!(
            post(&url, envelope(id, ty, TOKEN, json!({})), &[]).await.0,
            200
        );
    }
    // The receiver lives on: the next event is handled.
    let body = envelope(
        "ok1",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", "hi"),
    );
    assert_eq!(post(&url, body, &[]).await.0, 200);
    assert!(rec.expect().await.starts_with("ok1:"));
}

#[tokio::test]
async fn answers_500_in_time_when_a_callback_or_its_closure_panics() {
    let d = Dispatcher::builder(TOKEN)
        .on_callback(|ctx, _: CardActionTrigger| async move {
            if !ctx.event_id.is_empty() {
                panic!("callback panicked on purpose");
            }
            Ok(CardActionTriggerResponse::default())
        })
        .unwrap()
        // Panics before it returns a future.
        .on_raw_callback(
            "url.preview.get",
            |_, _| -> std::future::Ready<Result<Value, HandlerError>> {
                panic!("closure panicked on purpose")
            },
        )
        .unwrap()
        .callback_timeout(STALL)
        .build();
    let url = serve(d).await.replace("/event", "/card");
    for (id, ty) in [("c1", "card.action.trigger"), ("c2", "url.preview.get")] {
        // No wait for the hour-long callback timeout.
        let answer = tokio::time::timeout(
            EVENTUALLY,
            post(&url, envelope(id, ty, TOKEN, json!({})), &[]),
        )
        .await;
        assert_eq!(answer.expect("answered at once").0, 500, "{ty}");
    }
}

#[tokio::test]
async fn an_event_closure_panicking_before_its_future_frees_its_slot() {
    let mut rec = Recorder::new();
    let d = recording(Dispatcher::builder(TOKEN), &rec)
        .fallback(|_, _| -> std::future::Ready<Result<(), HandlerError>> {
            panic!("closure panicked on purpose")
        })
        .max_in_flight(1)
        .build();
    let url = serve(d).await;
    let panicking = envelope("p1", "x.panic_v1", TOKEN, json!({}));
    assert_eq!(post(&url, panicking, &[]).await.0, 200);
    // The one slot comes back: the next event is handled, not refused as busy.
    let body = envelope(
        "ok1",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", "hi"),
    );
    // The slot is freed by the panicked task, which may run after the answer: retry (busy
    // is answered 503) until it is.
    let deadline = Instant::now() + EVENTUALLY;
    loop {
        let status = post(&url, body.clone(), &[]).await.0;
        if status == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the slot of the panicked handler is freed ({status})"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(rec.expect().await.starts_with("ok1:"));
}

#[tokio::test]
async fn answers_in_time_whatever_the_handler_takes() {
    let d = Dispatcher::builder(TOKEN)
        .on(|_, _: MessageReceiveV1| async {
            tokio::time::sleep(STALL).await;
            Ok(())
        })
        .unwrap()
        .on_callback(|_, _: CardActionTrigger| async {
            tokio::time::sleep(STALL).await;
            Ok(CardActionTriggerResponse::default())
        })
        .unwrap()
        .callback_timeout(Duration::from_millis(300))
        .build();
    let url = serve(d).await;
    let body = envelope(
        "e1",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", "hi"),
    );
    // Bounds against the hour-long handlers, with room for a loaded machine.
    let answer = tokio::time::timeout(EVENTUALLY, post(&url, body, &[])).await;
    assert_eq!(answer.expect("events are acknowledged at once").0, 200);
    let started = Instant::now();
    let body = envelope("c1", "card.action.trigger", TOKEN, json!({}));
    let answer = tokio::time::timeout(EVENTUALLY, post(&url, body, &[])).await;
    let status = answer
        .expect("a late callback is answered at its timeout")
        .0;
    assert_eq!(status, 500, "a late callback answers an error");
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(300), "{took:?}");
}

#[tokio::test]
async fn answers_a_card_callback_with_its_typed_toast() {
    let d = Dispatcher::builder(TOKEN)
        .on_callback(|ctx, card: CardActionTrigger| async move {
            let value = card.action.and_then(|a| a.value).unwrap_or_default();
            let text = format!(
                "{} clicked {}",
                ctx.event_id,
                value["key"].as_str().unwrap_or("")
            );
            Ok(toast("success", text))
        })
        .unwrap()
        .on_raw_callback("url.preview.get", |_, event| async move {
            Ok(json!({"inline": {"title": event["context"]["url"]}}))
        })
        .unwrap()
        .build();
    let url = serve(d).await.replace("/event", "/card");
    let event = json!({"operator": {"open_id": "ou_1"}, "token": "c-tok",
        "action": {"tag": "button", "value": {"key": "approve"}}});
    let (status, answer) = post(
        &url,
        envelope("c1", "card.action.trigger", TOKEN, event),
        &[],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        answer,
        json!({"toast": {"type": "success", "content": "c1 clicked approve"}})
    );
    let preview = envelope(
        "c2",
        "url.preview.get",
        TOKEN,
        json!({"context": {"url": "https://x"}}),
    );
    let (_, answer) = post(&url, preview, &[]).await;
    assert_eq!(answer, json!({"inline": {"title": "https://x"}}));
}

#[tokio::test]
async fn refuses_an_oversized_body() {
    let mut rec = Recorder::new();
    let d = recording(Dispatcher::builder(TOKEN), &rec)
        .max_body_bytes(1024)
        .build();
    let url = serve(d).await;
    let big = "x".repeat(2000);
    let body = envelope(
        "e1",
        "im.message.receive_v1",
        TOKEN,
        text_message("om_1", &big),
    );
    assert_eq!(post(&url, body, &[]).await.0, 413);
    assert_eq!(rec.next(200).await, None);
}

#[tokio::test]
async fn refuses_malformed_bodies_without_panicking() {
    let url = serve(Dispatcher::builder(TOKEN).encrypt_key(KEY).build()).await;
    for body in [
        &b"not json"[..],
        b"[]",
        br#"{"encrypt": "!!"}"#,
        br#"{"encrypt": "AAAA"}"#,
    ] {
        let (status, _) = post(&url, body.to_vec(), &signed_at(now(), body)).await;
        assert_eq!(status, 400, "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn registering_a_type_twice_is_an_error() {
    let on = |b: DispatcherBuilder| b.on(|_, _: MessageReceiveV1| async { Ok(()) });
    let err = on(on(Dispatcher::builder(TOKEN)).unwrap()).unwrap_err();
    assert_eq!(
        err,
        RegisterError::Duplicate("im.message.receive_v1".into())
    );
}

#[test]
fn debug_output_shows_no_secrets() {
    let d = Dispatcher::builder("secret-token")
        .encrypt_key("secret-key")
        .build();
    let shown = format!("{d:?}");
    assert!(
        !shown.contains("secret-token") && !shown.contains("secret-key"),
        "{shown}"
    );
    assert!(shown.contains("<redacted>"));
}

/// examples/webhook_bot.rs, configured from the environment: an encrypted, signed text
/// message is echoed through the reply API (a mock on 127.0.0.1), a card click gets a toast.
#[tokio::test]
async fn example_webhook_bot_echoes_and_answers_cards() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let mock = MockServer::start().await;
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
    let listen = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    // Only this test of this file sets the environment, and only before the bot starts.
    for (k, v) in [
        ("FEISHU_APP_ID", "cli_test"),
        ("FEISHU_APP_SECRET", "secret"),
        ("FEISHU_BASE_URL", &mock.uri()),
        ("FEISHU_VERIFICATION_TOKEN", TOKEN),
        ("FEISHU_ENCRYPT_KEY", KEY),
        ("FEISHU_LISTEN", &listen),
    ] {
        std::env::set_var(k, v);
    }
    let bot = std::thread::spawn(|| webhook_bot::main().map_err(|e| e.to_string()));
    let event_url = format!("http://{listen}/webhook/event");
    let body = encrypt(
        KEY,
        &envelope(
            "e1",
            "im.message.receive_v1",
            TOKEN,
            text_message("om_1", "hi"),
        ),
    );
    // The bot binds FEISHU_LISTEN on its own thread: retry until it answers.
    let deadline = Instant::now() + EVENTUALLY;
    let status = loop {
        let sent = reqwest::Client::new()
            .post(&event_url)
            .body(body.clone())
            .headers(
                signed_at(now(), &body)
                    .into_iter()
                    .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
                    .collect(),
            )
            .send()
            .await;
        if let Ok(r) = sent {
            break r.status().as_u16();
        }
        if bot.is_finished() {
            // Its port, free when the test chose it, was taken by another process since.
            panic!("the bot stopped: {:?}", bot.join().unwrap().err());
        }
        assert!(Instant::now() < deadline, "the bot answers in time");
        tokio::time::sleep(Duration::from_millis(10)).await; // the bot is still starting
    };
    assert_eq!(status, 200);
    // The reply is sent by the handler, after the answer (it fetches a token first).
    let deadline = Instant::now() + EVENTUALLY;
    let sent = loop {
        let requests = mock.received_requests().await.unwrap();
        if let Some(sent) = requests.into_iter().find(|r| r.url.path() == reply) {
            break sent;
        }
        assert!(Instant::now() < deadline, "no reply in time");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let sent: Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(sent["content"], r#"{"text":"echo: hi"}"#);

    let card = envelope(
        "c1",
        "card.action.trigger",
        TOKEN,
        json!({"action": {"value": "ok"}}),
    );
    let card = encrypt(KEY, &card);
    let card_url = format!("http://{listen}/webhook/card");
    let (status, answer) = post(&card_url, card.clone(), &signed_at(now(), &card)).await;
    assert_eq!(status, 200);
    assert_eq!(
        answer,
        json!({"toast": {"type": "success", "content": "clicked \"ok\""}})
    );
}
