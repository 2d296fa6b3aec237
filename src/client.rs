//! An async client over the bindings (Cargo feature `client`).
//!
//! [`Client`] sends any [`crate::Endpoint`]: it picks and manages the access token, retries
//! what may be retried, decodes the envelope into the endpoint's response or an
//! [`crate::Error`] typed with the endpoint's error enum, walks [`crate::Paginated`] lists as
//! streams, and streams files up and down.
//!
//! ```no_run
//! # #[cfg(feature = "im")]
//! # async fn send() -> Result<(), Box<dyn std::error::Error>> {
//! use feishu_api::im::v1::message::{CreateMessageRequest, MsgType, ReceiveIdType};
//! let client = feishu_api::Client::builder("cli_xxx", "secret").build()?;
//! let text = r#"{"text":"hello"}"#;
//! let req = CreateMessageRequest::new(ReceiveIdType::ChatId, "oc_xxx", MsgType::Text, text);
//! let sent = client.call(&req).await?;
//! println!("{:?}", sent.message_id);
//! # Ok(()) }
//! ```
//!
//! Modules, one job each: `call` (the entry points: call, upload, download), `app` (app type,
//! region), `config` (the client and its builder), `state` (the state the client's clones
//! share, which the parts below add their methods to), `clock` (time, injectable for tests),
//! `store` (the token cache: keys, the [`TokenStore`] trait), `token` (which token a request
//! sends, fetching and refreshing, single flight), `request` (per-request options, building
//! the HTTP request), `retry` (what is retried and how long to wait), `send` (the attempt
//! loop), `http` (the edge to reqwest), `envelope` (response → value or error), `paginate`
//! (page and item streams), `files` (uploads and downloads), `drive` (chunked drive upload),
//! `redact` (secrets print as `<redacted>` in `Debug` output). No two of them import each
//! other in a cycle.

mod app;
mod call;
mod clock;
mod config;
#[cfg(feature = "drive")]
mod drive;
mod envelope;
mod files;
mod http;
mod paginate;
mod redact;
mod request;
mod retry;
mod send;
mod state;
mod store;
mod token;

pub use app::{AppType, Region};
pub use clock::{Clock, SleepFuture, SystemClock};
pub use config::{Client, ClientBuilder};
#[cfg(feature = "drive")]
pub use drive::{ChunkedUploadError, DRIVE_BLOCK_SIZE};
pub use files::{Download, UploadFile};
pub use paginate::PageOptions;
pub use request::RequestOptions;
pub use retry::RetryPolicy;
pub use store::{CachedToken, MemoryTokenStore, StoreFuture, TokenKey, TokenKind, TokenStore};
