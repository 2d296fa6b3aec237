//! Downloads a drive file, streaming it to disk under the name Feishu gives it.
//!
//! ```sh
//! FEISHU_APP_ID=cli_... FEISHU_APP_SECRET=... \
//!   cargo run --example download_file --features client,drive -- boxcn_file_token [DIR]
//! ```
//! `FEISHU_BASE_URL` (optional) replaces the base URL.
use feishu_api::drive::v1::file::DownloadFileRequest;
use feishu_api::Client;
use std::path::{Path, PathBuf};

/// Downloads file `file_token` into directory `dir`; returns the path written and its size.
pub async fn run(
    client: &Client,
    file_token: &str,
    dir: &Path,
) -> Result<(PathBuf, u64), Box<dyn std::error::Error>> {
    let download = client
        .download(&DownloadFileRequest::new(file_token))
        .await?;
    // Only the last path component of the server's name: never write outside `dir`.
    let name = download
        .file_name
        .as_deref()
        .and_then(|n| Path::new(n).file_name())
        .map_or_else(|| file_token.into(), |n| n.to_owned());
    let path = dir.join(name);
    let size = download.save(&path).await?;
    Ok((path, size))
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
    let token = args.next().ok_or("usage: download_file FILE_TOKEN [DIR]")?;
    let dir = PathBuf::from(args.next().unwrap_or_else(|| ".".to_owned()));
    let (path, size) = run(&client, &token, &dir).await?;
    println!("{} ({size} bytes)", path.display());
    Ok(())
}
