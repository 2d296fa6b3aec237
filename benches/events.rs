//! The receiver's hot paths, on one core (a current-thread runtime):
//! - `webhook/encrypted_message_receive`: one encrypted, signed `im.message.receive_v1`
//!   through `handle_webhook`: size, signature, timestamp, decryption, JSON, token, typed
//!   decoding and a no-op handler (the spawned handler task runs before the iteration ends).
//! - `ws/frame_decode_and_ack`: decoding a data frame carrying the same event and encoding
//!   its ack.
//!
//! `cargo bench -p feishu-api --features webhook,ws,im --bench events`
use aes::cipher::{block_padding::Pkcs7, BlockEncryptMut, KeyIvInit};
use base64::Engine;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use feishu_api::events::ws::{Frame, METHOD_DATA};
use feishu_api::events::Dispatcher;
use feishu_api::im::v1::message::MessageReceiveV1;
use prost::Message;
use sha2::{Digest, Sha256};
use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const KEY: &str = "encrypt key";

/// The docs' example `im.message.receive_v1` (about 1.3 KB).
fn event() -> Vec<u8> {
    serde_json::json!({
        "schema": "2.0",
        "header": {"event_id": "5e3702a84e847582be8db7fb73283c02", "event_type": "im.message.receive_v1",
            "create_time": "1608725989000", "token": "rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV",
            "app_id": "cli_9f5343c580712544", "tenant_key": "2ca1d211f64f6438"},
        "event": {
            "sender": {"sender_id": {"union_id": "on_8ed6aa67826108097d9ee143816345",
                "user_id": "e33ggbyz", "open_id": "ou_84aad35d084aa403a838cf73ee18467"},
                "sender_type": "user", "tenant_key": "736588c9260f175e"},
            "message": {"message_id": "om_5ce6d572455d361153b7cb51da133945",
                "root_id": "om_5ce6d572455d361153b7cb5xxfsdfsdfdsf",
                "parent_id": "om_5ce6d572455d361153b7cb5xxfsdfsdfdsf",
                "create_time": "1609073151345", "update_time": "1687343654666",
                "chat_id": "oc_5ce6d572455d361153b7xx51da133945", "thread_id": "omt_d4be107c616",
                "chat_type": "group", "message_type": "text",
                "content": "{\"text\":\"@_user_1 hello\"}",
                "mentions": [{"key": "@_user_1", "id": {"union_id": "on_8ed6aa67826108097d9ee143816345",
                    "user_id": "e33ggbyz", "open_id": "ou_84aad35d084aa403a838cf73ee18467"},
                    "mentioned_type": "user", "name": "Tom", "tenant_key": "736588c9260f175e"}],
                "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 13_2_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/101.0.4951.53 Safari/537.36 Lark/6.7.5 LarkLocale/en_US ttnet SDK-Version/6.7.8"}
        }
    })
    .to_string()
    .into_bytes()
}

fn encrypt(plaintext: &[u8]) -> Vec<u8> {
    let k: [u8; 32] = Sha256::digest(KEY).into();
    let iv = [9u8; 16];
    let ct = cbc::Encryptor::<aes::Aes256>::new(&k.into(), &iv.into())
        .encrypt_padded_vec_mut::<Pkcs7>(plaintext);
    let b64 = base64::engine::general_purpose::STANDARD.encode([&iv[..], &ct].concat());
    serde_json::json!({ "encrypt": b64 })
        .to_string()
        .into_bytes()
}

fn webhook(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    // Deduplication off: every iteration sends the same event, which must reach the handler.
    let d = Dispatcher::builder("rvaYgkND1GOiu5MM0E1rncYC6PLtF7JV")
        .encrypt_key(KEY)
        .no_dedup()
        .on(|_, e: MessageReceiveV1| async move {
            black_box(e);
            Ok(())
        })
        .unwrap()
        .build();
    let body = encrypt(&event());
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();
    let mut h = Sha256::new();
    h.update(format!("{ts}nonce{KEY}"));
    h.update(&body);
    let sig: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let headers = [
        ("X-Lark-Request-Timestamp", ts),
        ("X-Lark-Request-Nonce", "nonce".to_owned()),
        ("X-Lark-Signature", sig),
    ];
    let mut g = c.benchmark_group("webhook");
    g.throughput(Throughput::Elements(1));
    g.bench_function("encrypted_message_receive", |b| {
        b.iter(|| {
            let reply = rt.block_on(async {
                let reply = d.handle_webhook(&headers[..], black_box(&body)).await;
                // Lets the runtime run the handler task spawned for this event.
                tokio::task::yield_now().await;
                reply
            });
            assert_eq!(reply.status, 200);
        })
    });
    g.finish();
}

fn ws(c: &mut Criterion) {
    let mut f = Frame {
        seq_id: 1,
        log_id: 2,
        service: 7,
        method: METHOD_DATA,
        payload: Some(event()),
        ..Frame::default()
    };
    for (k, v) in [
        ("type", "event"),
        ("message_id", "m1"),
        ("sum", "1"),
        ("seq", "0"),
    ] {
        f.push_header(k, v);
    }
    f.push_header("trace_id", "2d1c0a55-6d6f-4f5e-9c1b-3a1f2e0d9c8b");
    let bytes = f.encode_to_vec();
    let mut g = c.benchmark_group("ws");
    g.throughput(Throughput::Elements(1));
    g.bench_function("frame_decode_and_ack", |b| {
        b.iter(|| {
            let frame = Frame::decode_bytes(black_box(&bytes)).unwrap();
            let ack = frame.into_ack(200, None, Duration::from_millis(3));
            black_box(ack.encode_to_vec())
        })
    });
    g.finish();
}

criterion_group!(benches, webhook, ws);
criterion_main!(benches);
