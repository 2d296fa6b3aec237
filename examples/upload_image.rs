//! Uploads an image and sends it to a chat.
//!
//! ```sh
//! FEISHU_APP_ID=cli_... FEISHU_APP_SECRET=... \
//!   cargo run --example upload_image --features client,im -- oc_chat_id cat.png
//! ```
//! `FEISHU_BASE_URL` (optional) replaces the base URL.
use feishu_api::client::UploadFile;
use feishu_api::im::v1::image::{CreateImageRequest, ImageType};
use feishu_api::im::v1::message::{CreateMessageRequest, MsgType, ReceiveIdType};
use feishu_api::{Client, FilePart};

/// Uploads `image` (streamed from disk) and sends it to chat `chat_id`; returns
/// `(image_key, message_id)`.
pub async fn run(
    client: &Client,
    chat_id: &str,
    image: UploadFile,
) -> Result<(String, String), Box<dyn std::error::Error>> {
    // The file part of the request is a placeholder: `upload` streams `image` in its place.
    let upload = CreateImageRequest::new(ImageType::Message, FilePart::default());
    let image_key = client
        .upload(&upload, image)
        .await?
        .image_key
        .unwrap_or_default();
    let content = serde_json::json!({ "image_key": image_key }).to_string();
    let send = CreateMessageRequest::new(ReceiveIdType::ChatId, chat_id, MsgType::Image, content);
    let message_id = client.call(&send).await?.message_id.unwrap_or_default();
    Ok((image_key, message_id))
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
    let usage = "usage: upload_image CHAT_ID IMAGE_PATH";
    let chat_id = args.next().ok_or(usage)?;
    let path = args.next().ok_or(usage)?;
    let (key, id) = run(&client, &chat_id, UploadFile::path(path).await?).await?;
    println!("image {key} sent as message {id}");
    Ok(())
}
