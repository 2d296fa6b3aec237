//! Helpers of the receiver's tests: signing and encrypting with the crates directly (an
//! implementation independent of the code under test), a recorder for handlers.

use aes::cipher::{block_padding::Pkcs7, BlockEncryptMut, KeyIvInit};
use base64::Engine;
use feishu_api::card::legacy::action::{CardActionTriggerResponse, Toast};
use sha2::{Digest, Sha256};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::mpsc;

pub const TOKEN: &str = "v_token";
pub const KEY: &str = "encrypt key";

/// How long a test waits for something that must happen (a frame, a connection, a handler
/// run): generous, so a slow, loaded machine only makes the test slower, never failing; a
/// test that passes never waits this long.
pub const EVENTUALLY: Duration = Duration::from_secs(30);

/// Hex SHA-256 of timestamp + nonce + key + body.
pub fn sign(ts: &str, nonce: &str, key: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(ts);
    h.update(nonce);
    h.update(key);
    h.update(body);
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// `{"encrypt": base64(iv + AES-256-CBC(sha256(key), iv, plaintext))}`.
pub fn encrypt(key: &str, plaintext: &[u8]) -> Vec<u8> {
    let k: [u8; 32] = Sha256::digest(key).into();
    let iv = [7u8; 16];
    let ct = cbc::Encryptor::<aes::Aes256>::new(&k.into(), &iv.into())
        .encrypt_padded_vec_mut::<Pkcs7>(plaintext);
    let data = [&iv[..], &ct].concat();
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
    serde_json::json!({ "encrypt": b64 })
        .to_string()
        .into_bytes()
}

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A v2 envelope.
pub fn envelope(
    event_id: &str,
    event_type: &str,
    token: &str,
    event: serde_json::Value,
) -> Vec<u8> {
    serde_json::json!({
        "schema": "2.0",
        "header": {"event_id": event_id, "event_type": event_type, "create_time": "1608725989000",
            "token": token, "app_id": "cli_test", "tenant_key": "tk_1"},
        "event": event,
    })
    .to_string()
    .into_bytes()
}

/// A text `im.message.receive_v1` event body.
pub fn text_message(message_id: &str, text: &str) -> serde_json::Value {
    let content = serde_json::json!({ "text": text }).to_string();
    serde_json::json!({
        "sender": {"sender_id": {"open_id": "ou_1"}, "sender_type": "user", "tenant_key": "tk_1"},
        "message": {"message_id": message_id, "chat_id": "oc_1", "chat_type": "p2p",
            "message_type": "text", "content": content},
    })
}

/// What handlers saw, in order.
pub struct Recorder {
    pub tx: mpsc::UnboundedSender<String>,
    pub rx: mpsc::UnboundedReceiver<String>,
}

impl Recorder {
    pub fn new() -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        Recorder { tx, rx }
    }

    /// The next record, or `None` after `ms` milliseconds without one (for checking that
    /// nothing comes; a short wait there can only miss a late record, never fail a test).
    pub async fn next(&mut self, ms: u64) -> Option<String> {
        tokio::time::timeout(Duration::from_millis(ms), self.rx.recv())
            .await
            .ok()
            .flatten()
    }

    /// The next record, which must come (within [`EVENTUALLY`]).
    pub async fn expect(&mut self) -> String {
        tokio::time::timeout(EVENTUALLY, self.rx.recv())
            .await
            .expect("a handler ran in time")
            .expect("the recorder is open")
    }
}

/// The answer showing a toast of `kind` (`info`, `success`, ...).
pub fn toast(kind: &str, content: String) -> CardActionTriggerResponse {
    let toast = Toast {
        type_: Some(kind.to_owned()),
        content: Some(content),
        ..Default::default()
    };
    CardActionTriggerResponse {
        toast: Some(toast),
        ..Default::default()
    }
}
