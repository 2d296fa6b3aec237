//! The webhook as an axum [`Router`] (feature `webhook`); a `Router` is a tower `Service`,
//! so it also mounts in any tower-based server.

use super::dispatcher::Dispatcher;
use super::receive::Refusal;
use super::webhook::{RequestHeaders, WebhookReply};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;

impl RequestHeaders for HeaderMap {
    fn header(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| v.to_str().ok())
    }
}

impl IntoResponse for WebhookReply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (
            status,
            [(header::CONTENT_TYPE, Self::CONTENT_TYPE)],
            self.body,
        )
            .into_response()
    }
}

impl Dispatcher {
    /// A router answering `POST` on each of `paths` (e.g. `/webhook/event` and
    /// `/webhook/card`; events and callbacks may share one path) with
    /// [`Dispatcher::handle_webhook`]. Bodies over the dispatcher's limit are refused
    /// while being read.
    pub fn router(&self, paths: &[&str]) -> Router {
        paths
            .iter()
            .fold(Router::new(), |r, path| r.route(path, post(serve)))
            .with_state(self.clone())
    }
}

async fn serve(State(d): State<Dispatcher>, request: Request) -> Response {
    let (parts, body): (_, Body) = request.into_parts();
    let limit = d.inner.settings.max_body_bytes;
    let Ok(bytes) = to_bytes(body, limit).await else {
        // Over the limit (or a broken body): refused without reading the rest.
        return super::webhook::refused(Refusal::TooLarge).into_response();
    };
    d.handle_webhook(&parts.headers, &bytes)
        .await
        .into_response()
}
