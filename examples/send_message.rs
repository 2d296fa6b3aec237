//! Sends a text message to a chat.
//!
//! ```sh
//! FEISHU_APP_ID=cli_... FEISHU_APP_SECRET=... \
//!   cargo run --example send_message --features client,im -- oc_chat_id "hello"
//! ```
//! `FEISHU_BASE_URL` (optional) replaces `https://open.feishu.cn`.
use feishu_api::im::v1::message::{
    CreateMessageError, CreateMessageRequest, MsgType, ReceiveIdType,
};
use feishu_api::{Client, Error};

/// Sends `text` to chat `chat_id`; returns the new message's id.
pub async fn run(
    client: &Client,
    chat_id: &str,
    text: &str,
) -> Result<String, Error<CreateMessageError>> {
    let content = serde_json::json!({ "text": text }).to_string();
    let req = CreateMessageRequest::new(ReceiveIdType::ChatId, chat_id, MsgType::Text, content);
    let sent = client.call(&req).await?;
    Ok(sent.message_id.unwrap_or_default())
}

#[allow(dead_code)] // the tests include this file for `run`
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |k: &str| std::env::var(k).map_err(|_| format!("set {k}"));
    let mut builder = Client::builder(env("FEISHU_APP_ID")?, env("FEISHU_APP_SECRET")?);
    if let Ok(url) = std::env::var("FEISHU_BASE_URL") {
        builder = builder.base_url(url);
    }
    let client = builder.build()?;
    let mut args = std::env::args().skip(1);
    let chat_id = args.next().ok_or("usage: send_message CHAT_ID [TEXT]")?;
    let text = args
        .next()
        .unwrap_or_else(|| "Hello from feishu-api".to_owned());
    println!("sent {}", run(&client, &chat_id, &text).await?);
    Ok(())
}
