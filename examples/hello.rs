use feishu_api::im::v1::message::{CreateMessageRequest, MsgType, ReceiveIdType};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = feishu_api::Client::builder("cli_xxx", "app secret").build()?;
    let text = r#"{"text":"Hello from Rust"}"#;
    let req = CreateMessageRequest::new(ReceiveIdType::ChatId, "oc_xxx", MsgType::Text, text);
    let sent = client.call(&req).await?;
    println!("sent message {:?}", sent.message_id);
    Ok(())
}
