//! The client against a mock Feishu on 127.0.0.1 (no network): tokens, retries, errors,
//! pagination, files, and the four examples. Waits go through a test clock, so nothing
//! here sleeps for real.
#![cfg(all(
    feature = "client",
    feature = "im",
    feature = "contact",
    feature = "drive"
))]

#[path = "client/mock.rs"]
mod mock;

#[path = "../examples/download_file.rs"]
mod download_file;
#[path = "../examples/list_department_users.rs"]
mod list_department_users;
#[path = "../examples/send_message.rs"]
mod send_message;
#[path = "../examples/upload_image.rs"]
mod upload_image;

use feishu_api::client::{
    AppType, MemoryTokenStore, PageOptions, RetryPolicy, TokenKey, TokenKind, TokenStore,
    UploadFile,
};
use feishu_api::contact::v3::department::SearchDepartmentRequest;
use feishu_api::contact::v3::user::FindByDepartmentUserRequest;
use feishu_api::drive::v1::file::{DownloadFileRequest, ParentType, UploadAllFileRequest};
use feishu_api::im::v1::chat::{GetChatError, GetChatRequest};
use feishu_api::im::v1::message::{
    CreateMessageError, CreateMessageRequest, MsgType, ReceiveIdType,
};
use feishu_api::{Client, Error, FilePart, RequestOptions};
use futures_util::{StreamExt, TryStreamExt};
use mock::*;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, Request, ResponseTemplate};

const CHAT: &str = "/open-apis/im/v1/chats/oc_1";
const MESSAGES: &str = "/open-apis/im/v1/messages";
const USERS: &str = "/open-apis/contact/v3/users/find_by_department";

fn get_chat() -> GetChatRequest {
    GetChatRequest::new("oc_1")
}

fn text_message() -> CreateMessageRequest {
    CreateMessageRequest::new(
        ReceiveIdType::ChatId,
        "oc_1",
        MsgType::Text,
        r#"{"text":"hi"}"#,
    )
}

async fn mount_chat(server: &wiremock::MockServer) {
    Mock::given(method("GET"))
        .and(path(CHAT))
        .respond_with(ok(json!({"name": "team"})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn token_is_fetched_once_and_reused() {
    let (server, client, _) = setup().await;
    let fetches = tenant_tokens(&server, 7200).await;
    mount_chat(&server).await;
    for _ in 0..3 {
        let chat = client.call(&get_chat()).await.unwrap();
        assert_eq!(chat.name.as_deref(), Some("team"));
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    assert_eq!(auth_headers(&server, CHAT).await, vec!["Bearer t-1"; 3]);
}

#[tokio::test]
async fn token_is_refreshed_before_it_expires() {
    let (server, client, clock) = setup().await;
    let fetches = tenant_tokens(&server, 7200).await;
    mount_chat(&server).await;
    client.call(&get_chat()).await.unwrap();
    // 6 minutes before expiry: still outside the 5-minute margin.
    clock.advance(Duration::from_secs(7200 - 360));
    client.call(&get_chat()).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    // 4 minutes before expiry: replaced before Feishu would reject it.
    clock.advance(Duration::from_secs(120));
    client.call(&get_chat()).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    assert_eq!(
        auth_headers(&server, CHAT).await,
        vec!["Bearer t-1", "Bearer t-1", "Bearer t-2"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_share_one_token_fetch() {
    let (server, client, _) = setup().await;
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    Mock::given(method("POST"))
        .and(path(TENANT_INTERNAL))
        .respond_with(move |_: &Request| {
            c.fetch_add(1, Ordering::SeqCst);
            // Slow enough that every caller arrives while the fetch is in flight.
            ResponseTemplate::new(200)
                .set_body_json(
                    json!({"code": 0, "msg": "ok", "tenant_access_token": "t-1", "expire": 7200}),
                )
                .set_delay(Duration::from_millis(200))
        })
        .mount(&server)
        .await;
    mount_chat(&server).await;
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.call(&get_chat()).await })
    });
    for r in futures_util::future::join_all(calls).await {
        r.unwrap().unwrap();
    }
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert_eq!(auth_headers(&server, CHAT).await.len(), 50);
}

#[tokio::test]
async fn invalid_token_is_dropped_and_the_request_replayed_once() {
    let (server, client, _) = setup().await;
    let fetches = tenant_tokens(&server, 7200).await;
    // The first token is rejected (as Feishu does, with HTTP 400), the second accepted.
    Mock::given(method("GET"))
        .and(path(CHAT))
        .and(header("authorization", "Bearer t-1"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"code": 99991663, "msg": "Invalid access token for authorization"}),
        ))
        .mount(&server)
        .await;
    mount_chat(&server).await;
    client.call(&get_chat()).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    assert_eq!(
        auth_headers(&server, CHAT).await,
        vec!["Bearer t-1", "Bearer t-2"]
    );
    // The new token stays cached: no third fetch.
    client.call(&get_chat()).await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_token_rejected_twice_is_replayed_only_once() {
    let (server, client, _) = setup().await;
    let fetches = tenant_tokens(&server, 7200).await;
    Mock::given(method("GET"))
        .and(path(CHAT))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 99991663, "msg": "invalid"})),
        )
        .mount(&server)
        .await;
    let err = client.call(&get_chat()).await.unwrap_err();
    assert_eq!(err.code(), Some(99991663));
    assert_eq!(auth_headers(&server, CHAT).await.len(), 2);
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn an_explicit_token_wins_and_is_never_replayed() {
    let (server, client, _) = setup().await;
    let fetches = tenant_tokens(&server, 7200).await;
    Mock::given(method("GET"))
        .and(path(CHAT))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"code": 99991663, "msg": "invalid"})),
        )
        .mount(&server)
        .await;
    let opts = RequestOptions::new().tenant_access_token("mine");
    let err = client.call_with(&get_chat(), &opts).await.unwrap_err();
    assert_eq!(err.code(), Some(99991663));
    assert_eq!(auth_headers(&server, CHAT).await, vec!["Bearer mine"]);
    assert_eq!(fetches.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn store_app_tokens_come_from_the_app_ticket() {
    let server = wiremock::MockServer::start().await;
    let client = Client::builder("cli_store", "secret")
        .base_url(server.uri())
        .app_type(AppType::Store)
        .build()
        .unwrap();
    let resends = Arc::new(AtomicUsize::new(0));
    let r = resends.clone();
    Mock::given(method("POST"))
        .and(path("/open-apis/auth/v3/app_ticket/resend"))
        .and(body_partial_json(
            json!({"app_id": "cli_store", "app_secret": "secret"}),
        ))
        .respond_with(move |_: &Request| {
            r.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(200).set_body_json(json!({"code": 0, "msg": "ok"}))
        })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/open-apis/auth/v3/app_access_token"))
        .and(body_partial_json(
            json!({"app_id": "cli_store", "app_ticket": "stale"}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"code": 10012, "msg": "app_ticket is invalid"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/open-apis/auth/v3/app_access_token"))
        .and(body_partial_json(
            json!({"app_id": "cli_store", "app_secret": "secret", "app_ticket": "tk"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"code": 0, "msg": "ok", "app_access_token": "a-1", "expire": 7200}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/open-apis/auth/v3/tenant_access_token"))
        .and(body_partial_json(
            json!({"app_access_token": "a-1", "tenant_key": "tenant-9"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"code": 0, "msg": "ok", "tenant_access_token": "t-store", "expire": 7200}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mount_chat(&server).await;
    let opts = RequestOptions::new().tenant_key("tenant-9");

    // No ticket yet: Feishu is asked to push one, and the caller is told.
    let err = client.call_with(&get_chat(), &opts).await.unwrap_err();
    assert!(
        matches!(err, Error::Usage(ref m) if m.contains("app_ticket")),
        "{err}"
    );
    assert_eq!(resends.load(Ordering::SeqCst), 1);

    // A stale ticket: code 10012, and another resend.
    client.set_app_ticket("stale").await;
    let err = client.call_with(&get_chat(), &opts).await.unwrap_err();
    assert_eq!(err.code(), Some(10012));
    assert_eq!(resends.load(Ordering::SeqCst), 2);

    // The pushed ticket: app token, then the tenant's token, then the call.
    client.set_app_ticket("tk").await;
    client.call_with(&get_chat(), &opts).await.unwrap();
    client.call_with(&get_chat(), &opts).await.unwrap();
    assert_eq!(auth_headers(&server, CHAT).await, vec!["Bearer t-store"; 2]);

    // A store app's tenant token needs the tenant.
    let err = client.call(&get_chat()).await.unwrap_err();
    assert!(
        matches!(err, Error::Usage(ref m) if m.contains("tenant key")),
        "{err}"
    );
}

#[tokio::test]
async fn rate_limits_wait_for_the_reset_header() {
    let (server, client, clock) = setup().await;
    tenant_tokens(&server, 7200).await;
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    Mock::given(method("GET"))
        .and(path(CHAT))
        .respond_with(move |_: &Request| match h.fetch_add(1, Ordering::SeqCst) {
            0 => ResponseTemplate::new(429)
                .insert_header("x-ogw-ratelimit-reset", "7")
                .set_body_json(json!({"code": 99991400, "msg": "request trigger frequency limit"})),
            // The code alone (HTTP 200) is a rate limit too.
            1 => ResponseTemplate::new(200)
                .insert_header("x-ogw-ratelimit-reset", "2")
                .set_body_json(json!({"code": 99991400, "msg": "request trigger frequency limit"})),
            _ => ok(json!({"name": "team"})),
        })
        .mount(&server)
        .await;
    client.call(&get_chat()).await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2, "{sleeps:?}");
    assert!(sleeps[0] >= Duration::from_secs(7) && sleeps[0] <= Duration::from_millis(7700));
    assert!(sleeps[1] >= Duration::from_secs(2) && sleeps[1] <= Duration::from_millis(2200));

    // Three attempts at most: the fourth rate limit is the caller's.
    let (server, _, clock) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("GET"))
        .and(path(CHAT))
        .respond_with(ResponseTemplate::new(429).insert_header("x-ogw-ratelimit-reset", "3600"))
        .mount(&server)
        .await;
    let client = Client::builder("cli_test", "secret")
        .base_url(server.uri())
        .clock(clock.clone())
        .retry(RetryPolicy::default().max_rate_limit_wait(Duration::from_secs(10)))
        .build()
        .unwrap();
    let err = client.call(&get_chat()).await.unwrap_err();
    assert_eq!(err.http_status(), Some(429));
    assert_eq!(auth_headers(&server, CHAT).await.len(), 3);
    // The hour-long reset was capped.
    assert!(clock.sleeps().iter().all(|d| *d <= Duration::from_secs(11)));
}

#[tokio::test]
async fn server_errors_are_retried_only_for_idempotent_methods() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    let flaky = |ok_body: serde_json::Value| {
        let hits = Arc::new(AtomicUsize::new(0));
        move |_: &Request| {
            if hits.fetch_add(1, Ordering::SeqCst) == 0 {
                ResponseTemplate::new(503).set_body_string("<html>busy</html>")
            } else {
                ok(ok_body.clone())
            }
        }
    };
    Mock::given(method("GET"))
        .and(path(CHAT))
        .respond_with(flaky(json!({"name": "team"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(MESSAGES))
        .respond_with(flaky(json!({"message_id": "om_1"})))
        .mount(&server)
        .await;

    // GET: retried.
    client.call(&get_chat()).await.unwrap();
    assert_eq!(auth_headers(&server, CHAT).await.len(), 2);

    // POST: a 503 may have sent the message; not retried.
    let err = client.call(&text_message()).await.unwrap_err();
    assert!(
        matches!(err, Error::Decode(ref d) if d.http_status == Some(503)),
        "{err}"
    );
    assert_eq!(auth_headers(&server, MESSAGES).await.len(), 1);

    // POST with the caller's consent: retried (the mock now answers 200).
    server.reset().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("POST"))
        .and(path(MESSAGES))
        .respond_with(flaky(json!({"message_id": "om_1"})))
        .mount(&server)
        .await;
    let opts = RequestOptions::new().retry_non_idempotent();
    let sent = client.call_with(&text_message(), &opts).await.unwrap();
    assert_eq!(sent.message_id.as_deref(), Some("om_1"));
    assert_eq!(auth_headers(&server, MESSAGES).await.len(), 2);
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported() {
    // A port nothing listens on: bound (so no other process can take it meanwhile, as it
    // could once a listener closed) but never listening, so connections are refused.
    let held = tokio::net::TcpSocket::new_v4().unwrap();
    held.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = held.local_addr().unwrap().port();
    let clock = mock::TestClock::new();
    let client = Client::builder("cli_test", "secret")
        .base_url(format!("http://127.0.0.1:{port}"))
        .clock(clock.clone())
        .build()
        .unwrap();
    let opts = RequestOptions::new().tenant_access_token("mine");
    let err = client.call_with(&text_message(), &opts).await.unwrap_err();
    match err {
        Error::Transport(t) => assert!(t.connect, "{t}"),
        other => panic!("{other:?}"),
    }
    // Three attempts, two waits, even for a POST: nothing reached the server.
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn typed_errors_carry_the_log_id_from_the_header() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("POST"))
        .and(path(MESSAGES))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Tt-Logid", "20240101-header-log")
                .set_body_json(json!({
                    "code": 230002, "msg": "Bot/User can NOT be out of the chat.",
                    "error": {"log_id": "body-log"}
                })),
        )
        .mount(&server)
        .await;
    let err = client.call(&text_message()).await.unwrap_err();
    assert_eq!(err.log_id(), Some("20240101-header-log"));
    assert_eq!(
        err.api_error(),
        Some(&CreateMessageError::from_code(230002).unwrap())
    );
    assert_eq!(err.http_status(), Some(400));
    let shown = err.to_string();
    for part in [
        "230002",
        "Bot/User can NOT be out of the chat.",
        "20240101-header-log",
    ] {
        assert!(shown.contains(part), "{shown}");
    }
}

#[tokio::test]
async fn typed_errors_carry_the_log_id_from_the_body() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("GET"))
        .and(path(CHAT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 1234567, "msg": "something new",
            "error": {"log_id": "body-log-1", "troubleshooter": "https://open.feishu.cn/search?log_id=body-log-1"}
        })))
        .mount(&server)
        .await;
    let err = client.call(&get_chat()).await.unwrap_err();
    assert_eq!(err.log_id(), Some("body-log-1"));
    // An undocumented code is kept as `Unknown`.
    assert_eq!(err.api_error(), Some(&GetChatError::Unknown(1234567)));
    assert!(err.to_string().contains("body-log-1"));
    match err {
        Error::Api(f) => assert_eq!(
            f.troubleshooter.as_deref(),
            Some("https://open.feishu.cn/search?log_id=body-log-1")
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_envelope_of_an_http_400_is_an_api_error_with_its_violations() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("GET"))
        .and(path(CHAT))
        .respond_with(ResponseTemplate::new(400).insert_header("X-Request-Id", "req-7").set_body_json(json!({
            "code": 99991672, "msg": "Access denied.",
            "error": {
                "permission_violations": [{"type": "action_scope_required", "subject": "im:chat:readonly", "description": "read chats"}],
                "field_violations": [{"field": "chat_id", "value": "oc_1", "description": "bad id"}],
                "details": [{"key": "app_id", "value": "cli_test"}],
                "helps": [{"url": "https://open.feishu.cn/app", "description": "apply"}]
            }
        })))
        .mount(&server)
        .await;
    let err = client.call(&get_chat()).await.unwrap_err();
    assert_eq!(err.log_id(), Some("req-7"));
    assert!(err.to_string().contains("im:chat:readonly"), "{err}");
    let Error::Api(f) = err else { panic!() };
    assert_eq!((f.code, f.http_status), (99991672, Some(400)));
    assert_eq!(f.request_path, "/open-apis/im/v1/chats/:chat_id");
    assert_eq!(f.permission_violations[0].kind, "action_scope_required");
    assert_eq!(f.permission_violations[0].subject, "im:chat:readonly");
    assert_eq!(f.field_violations[0].field, "chat_id");
    assert_eq!(f.details[0].value, "cli_test");
    assert_eq!(f.helps[0].url, "https://open.feishu.cn/app");
}

#[tokio::test]
async fn a_data_of_the_wrong_shape_is_a_decode_error_with_its_json_path() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("POST"))
        .and(path(MESSAGES))
        .respond_with(ok(json!({"message_id": 5})).insert_header("X-Tt-Logid", "log-9"))
        .mount(&server)
        .await;
    match client.call(&text_message()).await.unwrap_err() {
        Error::Decode(d) => {
            assert_eq!(d.path, ".data.message_id");
            assert_eq!(d.log_id.as_deref(), Some("log-9"));
        }
        other => panic!("{other:?}"),
    }
}

/// Three pages of users: no token → `p2` → `p3` → `has_more: false`.
async fn mount_user_pages(server: &wiremock::MockServer, last_has_more: bool, last_token: &str) {
    let page = |items: &[&str], has_more: bool, token: &str| {
        let items: Vec<_> = items
            .iter()
            .map(|n| json!({"open_id": format!("ou_{n}"), "name": n}))
            .collect();
        ok(json!({"items": items, "has_more": has_more, "page_token": token}))
    };
    Mock::given(method("GET"))
        .and(path(USERS))
        .and(query_param("page_token", "p2"))
        .respond_with(page(&["c", "d"], true, "p3"))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(USERS))
        .and(query_param("page_token", "p3"))
        .respond_with(page(&["e"], last_has_more, last_token))
        .mount(server)
        .await;
    // The first page: no token (the most general mock, mounted last, matches last).
    Mock::given(method("GET"))
        .and(path(USERS))
        .and(query_param("department_id", "od_1"))
        .respond_with(page(&["a", "b"], true, "p2"))
        .mount(server)
        .await;
}

fn page_tokens(requests: &[Request]) -> Vec<Option<String>> {
    requests
        .iter()
        .filter(|r| r.url.path() == USERS)
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "page_token")
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

#[tokio::test]
async fn items_walk_three_pages() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    mount_user_pages(&server, false, "").await;
    let names: Vec<String> = client
        .items(FindByDepartmentUserRequest::new("od_1"))
        .map_ok(|u| u.name.unwrap_or_default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        page_tokens(&requests),
        [None, Some("p2".to_owned()), Some("p3".to_owned())]
    );

    // Limits: two pages, or three items.
    let pages: Vec<_> = client
        .pages_with(
            FindByDepartmentUserRequest::new("od_1"),
            PageOptions::new().max_pages(2),
        )
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    let items: Vec<_> = client
        .items_with(
            FindByDepartmentUserRequest::new("od_1"),
            PageOptions::new().max_items(3),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
}

#[tokio::test]
async fn a_page_token_seen_before_stops_the_walk() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    // The third page points back at the second: a loop.
    mount_user_pages(&server, true, "p2").await;
    let pages: Vec<_> = client
        .pages(FindByDepartmentUserRequest::new("od_1"))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(page_tokens(&requests).len(), 3);
}

#[tokio::test]
async fn multipart_uploads_send_the_file_name_type_and_size() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("POST"))
        .and(path("/open-apis/drive/v1/files/upload_all"))
        .respond_with(ok(json!({"file_token": "box_1"})))
        .mount(&server)
        .await;
    // From a file on disk: name and MIME type from the path; `size` 0 is replaced.
    let dir = std::env::temp_dir().join(format!("feishu-client-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.pdf");
    std::fs::write(&file, b"%PDF-1.7 hello").unwrap();
    let req = UploadAllFileRequest::builder()
        .file_name("report.pdf")
        .parent_type(ParentType::Explorer)
        .parent_node("fld_1")
        .size(0)
        .file(FilePart::default())
        .build()
        .unwrap();
    let done = client
        .upload(&req, UploadFile::path(&file).await.unwrap())
        .await
        .unwrap();
    assert_eq!(done.file_token.as_deref(), Some("box_1"));
    std::fs::remove_dir_all(&dir).unwrap();

    let requests = server.received_requests().await.unwrap();
    let upload = requests
        .iter()
        .find(|r| r.url.path().ends_with("upload_all"))
        .unwrap();
    let content_type = upload
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&upload.body);
    assert!(
        body.contains("name=\"file\"; filename=\"report.pdf\""),
        "{body}"
    );
    assert!(body.contains("Content-Type: application/pdf"), "{body}");
    assert!(body.contains("%PDF-1.7 hello"), "{body}");
    assert!(body.contains("name=\"size\"\r\n\r\n14\r\n"), "{body}");
    assert!(
        body.contains("name=\"parent_node\"\r\n\r\nfld_1\r\n"),
        "{body}"
    );
}

#[tokio::test]
async fn downloads_stream_with_the_file_name_and_honour_range() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/open-apis/drive/v1/files/box_1/download"))
        .and(header("range", "bytes=0-3"))
        .respond_with(
            ResponseTemplate::new(206)
                .insert_header("Content-Range", "bytes 0-3/200000")
                .insert_header("Content-Disposition", "attachment; filename=\"x.bin\"")
                .set_body_raw(body[..4].to_vec(), "application/octet-stream"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/open-apis/drive/v1/files/box_1/download"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "Content-Disposition",
                    "attachment; filename=\"q.bin\"; filename*=UTF-8''%E5%91%A8%E6%8A%A5.bin",
                )
                .set_body_raw(body.clone(), "application/octet-stream"),
        )
        .mount(&server)
        .await;

    let mut d = client
        .download(&DownloadFileRequest::new("box_1"))
        .await
        .unwrap();
    assert_eq!(d.file_name.as_deref(), Some("周报.bin"));
    assert_eq!(d.content_length, Some(200_000));
    let mut got = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = d.chunk().await.unwrap() {
        got.extend_from_slice(&chunk);
        chunks += 1;
    }
    assert_eq!(got, body);
    assert!(chunks >= 1);

    let opts = RequestOptions::new().header("Range", "bytes=0-3");
    let d = client
        .download_with(&DownloadFileRequest::new("box_1"), &opts)
        .await
        .unwrap();
    assert_eq!(
        (d.status, d.content_range.as_deref()),
        (206, Some("bytes 0-3/200000"))
    );
    assert_eq!(d.file_name.as_deref(), Some("x.bin"));
    assert_eq!(d.bytes().await.unwrap().as_ref(), &body[..4]);

    // `call` on a download reads the whole file.
    let whole = client
        .call(&DownloadFileRequest::new("box_1"))
        .await
        .unwrap();
    assert_eq!(
        (whole.bytes.len(), whole.file_name.as_deref()),
        (200_000, Some("周报.bin"))
    );
}

#[tokio::test]
async fn a_failed_download_is_a_typed_error() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("GET"))
        .and(path("/open-apis/drive/v1/files/box_1/download"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"code": 1061004, "msg": "forbidden"})),
        )
        .mount(&server)
        .await;
    let err = client
        .download(&DownloadFileRequest::new("box_1"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(1061004));
}

#[tokio::test]
async fn a_user_only_api_without_a_user_token_is_refused_before_any_request() {
    let (server, client, _) = setup().await;
    let fetches = tenant_tokens(&server, 7200).await;
    let err = client
        .call(&SearchDepartmentRequest::new("eng"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Usage(ref m) if m.contains("user_access_token")),
        "{err}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    assert_eq!(fetches.load(Ordering::SeqCst), 0);

    // With one, it is sent as given.
    Mock::given(method("POST"))
        .and(path("/open-apis/contact/v3/departments/search"))
        .respond_with(ok(json!({"items": []})))
        .mount(&server)
        .await;
    let opts = RequestOptions::new().user_access_token("u-1");
    client
        .call_with(&SearchDepartmentRequest::new("eng"), &opts)
        .await
        .unwrap();
    assert_eq!(
        auth_headers(&server, "/open-apis/contact/v3/departments/search").await,
        vec!["Bearer u-1"]
    );
}

#[tokio::test]
async fn big_drive_files_go_up_in_blocks() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("POST"))
        .and(path("/open-apis/drive/v1/files/upload_prepare"))
        .and(body_partial_json(
            json!({"file_name": "big.bin", "size": 10, "parent_node": "fld_1"}),
        ))
        // A 4-byte block makes three parts of a 10-byte file.
        .respond_with(ok(
            json!({"upload_id": "up_1", "block_size": 4, "block_num": 3}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/open-apis/drive/v1/files/upload_part"))
        .respond_with(ok(json!({})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/open-apis/drive/v1/files/upload_finish"))
        .and(body_partial_json(
            json!({"upload_id": "up_1", "block_num": 3}),
        ))
        .respond_with(ok(json!({"file_token": "box_big"})))
        .mount(&server)
        .await;
    let file = UploadFile::reader("big.bin", &b"0123456789"[..], 10);
    let token = client
        .upload_drive_file(ParentType::Explorer, "fld_1", file, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(token, "box_big");
    let parts: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().ends_with("upload_part"))
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert_eq!(parts.len(), 3);
    for (i, (data, len)) in [("0123", 4), ("4567", 4), ("89", 2)].iter().enumerate() {
        assert!(
            parts[i].contains(&format!("name=\"seq\"\r\n\r\n{i}\r\n")),
            "{}",
            parts[i]
        );
        assert!(
            parts[i].contains(&format!("name=\"size\"\r\n\r\n{len}\r\n")),
            "{}",
            parts[i]
        );
        assert!(
            parts[i].contains(&format!("\r\n\r\n{data}\r\n")),
            "{}",
            parts[i]
        );
    }
}

// The examples, against the mock.

#[tokio::test]
async fn example_send_message() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("POST"))
        .and(path(MESSAGES))
        .and(query_param("receive_id_type", "chat_id"))
        .and(body_partial_json(
            json!({"receive_id": "oc_1", "msg_type": "text", "content": "{\"text\":\"hello\"}"}),
        ))
        .respond_with(ok(json!({"message_id": "om_9"})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        send_message::run(&client, "oc_1", "hello").await.unwrap(),
        "om_9"
    );
}

#[tokio::test]
async fn example_list_department_users() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    mount_user_pages(&server, false, "").await;
    let users = list_department_users::run(&client, "od_1").await.unwrap();
    let names: Vec<&str> = users.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    assert_eq!(users[0].0, "ou_a");
    let requests = server.received_requests().await.unwrap();
    assert!(requests.iter().filter(|r| r.url.path() == USERS).all(|r| r
        .url
        .query_pairs()
        .any(|(k, v)| k == "page_size" && v == "50")));
}

#[tokio::test]
async fn example_upload_image() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("POST"))
        .and(path("/open-apis/im/v1/images"))
        .respond_with(ok(json!({"image_key": "img_v2_1"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(MESSAGES))
        .and(body_partial_json(
            json!({"msg_type": "image", "content": "{\"image_key\":\"img_v2_1\"}"}),
        ))
        .respond_with(ok(json!({"message_id": "om_img"})))
        .mount(&server)
        .await;
    let png = UploadFile::bytes("cat.png", &b"\x89PNG\r\n\x1a\nfake"[..]);
    let (key, id) = upload_image::run(&client, "oc_1", png).await.unwrap();
    assert_eq!((key.as_str(), id.as_str()), ("img_v2_1", "om_img"));
    let requests = server.received_requests().await.unwrap();
    let upload = requests
        .iter()
        .find(|r| r.url.path() == "/open-apis/im/v1/images")
        .unwrap();
    let body = String::from_utf8_lossy(&upload.body);
    assert!(
        body.contains("name=\"image_type\"\r\n\r\nmessage\r\n"),
        "{body}"
    );
    assert!(
        body.contains("name=\"image\"; filename=\"cat.png\"\r\nContent-Type: image/png"),
        "{body}"
    );
}

#[tokio::test]
async fn example_download_file() {
    let (server, client, _) = setup().await;
    tenant_tokens(&server, 7200).await;
    Mock::given(method("GET"))
        .and(path("/open-apis/drive/v1/files/box_1/download"))
        .respond_with(
            ResponseTemplate::new(200)
                // A hostile name: only its last component is used.
                .insert_header(
                    "Content-Disposition",
                    "attachment; filename=\"../../notes.txt\"",
                )
                .set_body_raw(b"file body".to_vec(), "text/plain"),
        )
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("feishu-example-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (written, size) = download_file::run(&client, "box_1", &dir).await.unwrap();
    assert_eq!(written, dir.join("notes.txt"));
    assert_eq!(size, 9);
    assert_eq!(std::fs::read(&written).unwrap(), b"file body");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_readme_shows_the_hello_example_verbatim() {
    let readme = include_str!("../README.md");
    let hello = include_str!("../examples/hello.rs");
    assert!(readme.contains(&format!("```rust\n{hello}```")));
    assert!(hello.lines().count() < 15);
}

#[test]
fn request_options_debug_hides_tokens_and_header_values() {
    let opts = RequestOptions::new()
        .user_access_token("u-secret-user")
        .tenant_access_token("t-secret-tenant")
        .app_access_token("a-secret-app")
        .tenant_key("tenant_1")
        .header("X-Custom", "h-secret-header");
    let shown = format!("{opts:?} {opts:#?}");
    for secret in [
        "u-secret-user",
        "t-secret-tenant",
        "a-secret-app",
        "h-secret-header",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    // What is not secret still shows, and whether a token is set.
    assert!(
        shown.contains("tenant_1") && shown.contains("X-Custom"),
        "{shown}"
    );
    assert!(
        shown.contains("user_access_token: Some(<redacted>)"),
        "{shown}"
    );
    let none = format!("{:?}", RequestOptions::new());
    assert!(none.contains("user_access_token: None"), "{none}");
}

#[tokio::test]
async fn cached_tokens_never_show_in_debug_output() {
    let server = wiremock::MockServer::start().await;
    let store = Arc::new(MemoryTokenStore::default());
    let client = Client::builder("cli_test", "secret")
        .base_url(server.uri())
        .token_store(store.clone())
        .build()
        .unwrap();
    tenant_tokens(&server, 7200).await;
    mount_chat(&server).await;
    client.call(&get_chat()).await.unwrap();
    let key = TokenKey::new("cli_test", TokenKind::Tenant, None);
    let cached = store.get(&key).await.expect("the fetched token is cached");
    assert_eq!(cached.value, "t-1");
    for shown in [format!("{cached:?}"), format!("{store:?}")] {
        assert!(!shown.contains("t-1"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
