//! Lists every user of a department, following the pages with `Client::items`.
//!
//! ```sh
//! FEISHU_APP_ID=cli_... FEISHU_APP_SECRET=... \
//!   cargo run --example list_department_users --features client,contact -- od_department_id
//! ```
//! (`0` is the root department.) `FEISHU_BASE_URL` (optional) replaces the base URL.
use feishu_api::contact::v3::user::{FindByDepartmentUserError, FindByDepartmentUserRequest};
use feishu_api::{Client, Error};
use futures_util::TryStreamExt;

/// `(open_id, name)` of every user directly in `department_id`, 50 per page.
pub async fn run(
    client: &Client,
    department_id: &str,
) -> Result<Vec<(String, String)>, Error<FindByDepartmentUserError>> {
    let req = FindByDepartmentUserRequest::new(department_id).page_size(50);
    client
        .items(req)
        .map_ok(|u| (u.open_id.unwrap_or_default(), u.name.unwrap_or_default()))
        .try_collect()
        .await
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
    let department = std::env::args().nth(1).unwrap_or_else(|| "0".to_owned());
    for (open_id, name) in run(&client, &department).await? {
        println!("{open_id}\t{name}");
    }
    Ok(())
}
