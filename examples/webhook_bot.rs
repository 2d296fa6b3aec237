//! The echo bot over HTTP: Feishu POSTs events to `/webhook/event` and card callbacks to
//! `/webhook/card`; text messages are echoed back as replies, card button clicks are
//! answered with a toast.
//!
//! ```sh
//! FEISHU_APP_ID=cli_... FEISHU_APP_SECRET=... FEISHU_VERIFICATION_TOKEN=... \
//!   FEISHU_ENCRYPT_KEY=... FEISHU_LISTEN=0.0.0.0:3000 \
//!   cargo run --example webhook_bot --features webhook,client,im,card
//! ```
//! `FEISHU_BASE_URL` (optional) replaces `https://open.feishu.cn`; `FEISHU_ENCRYPT_KEY` is
//! optional (without it, bodies are not encrypted and not signed).
use feishu_api::card::legacy::action::{CardActionTrigger, CardActionTriggerResponse, Toast};
use feishu_api::events::{Dispatcher, HandlerError};

// The echo handler is the long-connection bot's (whose `main` this program does not use).
#[allow(dead_code)]
#[path = "echo_bot.rs"]
mod echo_bot;

/// The toast shown for a card action: which button (`action.value`) was clicked.
async fn toast(card: CardActionTrigger) -> Result<CardActionTriggerResponse, HandlerError> {
    let value = card.action.and_then(|a| a.value).unwrap_or_default();
    let toast = Toast {
        type_: Some("success".into()),
        content: Some(format!("clicked {value}")),
        ..Toast::default()
    };
    Ok(CardActionTriggerResponse {
        toast: Some(toast),
        ..CardActionTriggerResponse::default()
    })
}

#[tokio::main]
pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let base = std::env::var("FEISHU_BASE_URL").unwrap_or("https://open.feishu.cn".into());
    let listen = std::env::var("FEISHU_LISTEN").unwrap_or("127.0.0.1:3000".into());
    let client = feishu_api::Client::builder(env("FEISHU_APP_ID"), env("FEISHU_APP_SECRET"))
        .base_url(base)
        .build()?;
    let bot = Dispatcher::builder(env("FEISHU_VERIFICATION_TOKEN"))
        .encrypt_key(env("FEISHU_ENCRYPT_KEY"))
        .on(move |_, event| echo_bot::echo(client.clone(), event))?
        .on_callback(|_, card| toast(card))?
        .build();
    let app = bot.router(&["/webhook/event", "/webhook/card"]);
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("listening on http://{listen}");
    feishu_api::events::axum::serve(listener, app).await?;
    Ok(())
}
