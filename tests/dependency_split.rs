//! Each feature brings only its own network crates: the bindings build without an async
//! runtime, `events` without an HTTP server or WebSocket, `webhook` without an HTTP client or
//! WebSocket, `ws` without an HTTP server. Read from `cargo tree` over the locked graph.

use std::collections::BTreeSet;
use std::process::Command;

/// The crate names `cargo tree` lists for the normal dependencies of `feishu-api` with
/// `features` (and no default ones).
fn dependencies(features: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "--locked",
            "--offline",
            "-p",
            "feishu-api",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--features",
            features,
        ])
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo tree --features {features} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn assert_none_of(features: &str, deps: &BTreeSet<String>, forbidden: &[&str]) {
    let found: Vec<&&str> = forbidden.iter().filter(|c| deps.contains(**c)).collect();
    assert!(
        found.is_empty(),
        "--features {features} brings {found:?}, which it must not"
    );
}

const RUNTIME: &[&str] = &["tokio", "hyper", "axum"];
const SERVER: &[&str] = &["axum", "hyper", "tower", "tower-http"];
const WEBSOCKET: &[&str] = &["tokio-tungstenite", "tungstenite"];
const CLIENT: &[&str] = &["reqwest"];

#[test]
fn the_bindings_bring_no_runtime_or_http_crate() {
    // The generated event types (`im`'s `MessageReceiveV1`, `card`'s callback) included.
    let deps = dependencies("im,card");
    assert_none_of("im,card", &deps, RUNTIME);
    assert_none_of("im,card", &deps, CLIENT);
    assert_none_of("im,card", &deps, WEBSOCKET);
    // No crypto either: that is the receiver's (`events`).
    assert_none_of("im,card", &deps, &["aes", "sha2"]);
}

#[test]
fn events_bring_no_http_server_client_or_websocket() {
    let deps = dependencies("im,events");
    assert!(deps.contains("aes") && deps.contains("sha2"), "{deps:?}");
    assert_none_of("im,events", &deps, SERVER);
    assert_none_of("im,events", &deps, CLIENT);
    assert_none_of("im,events", &deps, WEBSOCKET);
}

#[test]
fn webhook_brings_its_server_only() {
    let deps = dependencies("webhook");
    assert!(deps.contains("axum"), "{deps:?}");
    assert_none_of("webhook", &deps, CLIENT);
    assert_none_of("webhook", &deps, WEBSOCKET);
}

#[test]
fn ws_brings_its_websocket_and_no_server() {
    let deps = dependencies("ws");
    assert!(deps.contains("tokio-tungstenite"), "{deps:?}");
    // reqwest brings hyper and tower-http for its client side; the server is axum.
    assert_none_of("ws", &deps, &["axum"]);
}
