use feishu_api::events::{ws::WsClient, Dispatcher, HandlerError};
use feishu_api::im::v1::message::{ReplyMessageMsgType::Text, *};
pub async fn echo(client: feishu_api::Client, event: MessageReceiveV1) -> Result<(), HandlerError> {
    let m = event.message.unwrap_or_default();
    let content: serde_json::Value = serde_json::from_str(m.content.as_deref().unwrap_or("{}"))?;
    if let (Some("text"), Some(text)) = (m.message_type.as_deref(), content["text"].as_str()) {
        let reply = serde_json::json!({ "text": format!("echo: {text}") }).to_string();
        let req = ReplyMessageRequest::new(m.message_id.unwrap_or_default(), reply, Text);
        client.call(&req).await?;
    }
    Ok(())
}
#[tokio::main]
pub async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let base = std::env::var("FEISHU_BASE_URL").unwrap_or("https://open.feishu.cn".into());
    let client = feishu_api::Client::builder(env("FEISHU_APP_ID"), env("FEISHU_APP_SECRET"));
    let client = client.base_url(base).build()?;
    let ws = WsClient::new(&client);
    let bot = Dispatcher::builder(env("FEISHU_VERIFICATION_TOKEN"));
    let bot = bot.encrypt_key(env("FEISHU_ENCRYPT_KEY"));
    let bot = bot.on(move |_, e| echo(client.clone(), e))?;
    Ok(ws.run(bot.build()).await?)
}
