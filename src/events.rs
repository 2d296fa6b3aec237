//! Receiving events and callbacks (feature `events`): one typed [`Dispatcher`] for the
//! webhook and the long connection.
//!
//! Every delivery passes the same gate before any handler runs: body size, the
//! `X-Lark-Signature` over the raw body (constant-time), the request timestamp window
//! (replays), decryption (AES-256-CBC), the verification token. Events are deduplicated by
//! `event_id` / `uuid`, acknowledged at once and handled on a bounded task pool (errors and
//! panics are logged with `tracing`); callbacks wait for their handler's typed answer, within
//! a timeout.
//!
//! Modules, one job each: `envelope` (reading v1/v2 envelopes and the challenge), `crypto`
//! (decryption, signature), `dedup` (the [`DedupStore`]), `dispatcher` (registration,
//! running handlers), `receive` (the security gate), `webhook` (the framework-free
//! [`Dispatcher::handle_webhook`]), `router` (the axum router, feature `webhook`) and `ws`
//! (feature `ws`). The event types are generated, in their services' modules
//! (`crate::im::v1::message::MessageReceiveV1`).

#[cfg(feature = "webhook")]
mod router;
/// The axum the webhook router is built with (to serve it without naming a version).
#[cfg(feature = "webhook")]
pub use axum;
mod crypto;
mod dedup;
mod dispatcher;
mod envelope;
mod receive;
mod webhook;
#[cfg(feature = "ws")]
pub mod ws;

pub use dedup::{DedupFuture, DedupStore, MemoryDedupStore};
pub use dispatcher::{Dispatcher, DispatcherBuilder, HandlerError, RegisterError};
pub use envelope::EventContext;
pub use receive::Refusal;
pub use webhook::{RequestHeaders, WebhookReply, NONCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};
