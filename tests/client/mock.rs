//! A mock Feishu on 127.0.0.1 (wiremock) and a clock that moves only when told.

use feishu_api::client::{Clock, SleepFuture};
use feishu_api::Client;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const TENANT_INTERNAL: &str = "/open-apis/auth/v3/tenant_access_token/internal";

/// A clock at a fixed time; `sleep` records the wait and moves the time on at once.
#[derive(Debug)]
pub struct TestClock {
    now: Mutex<SystemTime>,
    pub sleeps: Mutex<Vec<Duration>>,
}

impl TestClock {
    pub fn new() -> Arc<Self> {
        Arc::new(TestClock {
            now: Mutex::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)),
            sleeps: Mutex::new(Vec::new()),
        })
    }
    pub fn advance(&self, d: Duration) {
        *self.now.lock().unwrap() += d;
    }
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        *self.now.lock().unwrap()
    }
    fn sleep(&self, d: Duration) -> SleepFuture {
        self.sleeps.lock().unwrap().push(d);
        self.advance(d);
        Box::pin(async {})
    }
}

/// A started mock server, a client of it (self-built app `cli_test`) and the client's clock.
pub async fn setup() -> (MockServer, Client, Arc<TestClock>) {
    let server = MockServer::start().await;
    let clock = TestClock::new();
    let client = Client::builder("cli_test", "secret")
        .base_url(server.uri())
        .clock(clock.clone())
        .build()
        .unwrap();
    (server, client, clock)
}

/// Serves tenant tokens `t-1`, `t-2`, ... (each lasting `expire` seconds), counting fetches.
pub async fn tenant_tokens(server: &MockServer, expire: u64) -> Arc<AtomicUsize> {
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    Mock::given(method("POST"))
        .and(path(TENANT_INTERNAL))
        .respond_with(move |req: &Request| {
            let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
            assert_eq!(body["app_id"], "cli_test");
            assert_eq!(body["app_secret"], "secret");
            let n = c.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "code": 0, "msg": "ok", "tenant_access_token": format!("t-{n}"), "expire": expire
            }))
        })
        .mount(server)
        .await;
    count
}

/// `{"code":0,"msg":"success","data":data}`.
pub fn ok(data: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(serde_json::json!({"code": 0, "msg": "success", "data": data}))
}

/// The `Authorization` headers of the requests the server got on `p`.
pub async fn auth_headers(server: &MockServer, p: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == p)
        .map(|r| {
            r.headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        })
        .collect()
}
