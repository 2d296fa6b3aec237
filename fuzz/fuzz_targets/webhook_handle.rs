//! Arbitrary headers and body into the webhook's `handle_webhook` (token and encrypt key
//! set, one handler): it never panics and always answers a status it documents.
//! Input: header lines `name: value` up to the first NUL byte, then the body.
#![no_main]

use feishu_api::im::v1::message::MessageReceiveV1;
use feishu_api::events::Dispatcher;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn setup() -> &'static (tokio::runtime::Runtime, Dispatcher, Dispatcher) {
    static S: OnceLock<(tokio::runtime::Runtime, Dispatcher, Dispatcher)> = OnceLock::new();
    S.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let on = |b: feishu_api::events::DispatcherBuilder| {
            b.on(|_, _: MessageReceiveV1| async { Ok(()) }).unwrap()
        };
        // One with an encrypt key (signatures required), one without (plain bodies).
        let keyed = on(Dispatcher::builder("token").encrypt_key("key")).build();
        let plain = on(Dispatcher::builder("token")).build();
        (rt, keyed, plain)
    })
}

fuzz_target!(|data: &[u8]| {
    let (rt, keyed, plain) = setup();
    let split = data.iter().position(|b| *b == 0).unwrap_or(0);
    let (head, body) = data.split_at(split);
    let body = body.get(1..).unwrap_or_default();
    let headers: Vec<(String, String)> = String::from_utf8_lossy(head)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    for d in [keyed, plain] {
        let reply = rt.block_on(d.handle_webhook(&headers, body));
        assert!(
            [200, 400, 401, 413, 500, 503].contains(&reply.status),
            "{}",
            reply.status
        );
        assert!(serde_json::from_slice::<serde_json::Value>(&reply.body).is_ok());
    }
});
