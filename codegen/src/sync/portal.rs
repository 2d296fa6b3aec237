//! The documentation portal's two JSON endpoints and the shapes they answer with.
//!
//! - `GET {base}/api/tools/docment/directory_list` → `{"code":0,"data":{"items":[node...]}}`,
//!   nodes `{"id","name","type":"DirectoryType"|"DocumentType","fullPath","updateTime","items"}`;
//!   the server API docs are the top-level node with id 103.
//! - `GET {base}/document_portal/v1/document/get_detail?fullPath=…` (`Accept-Language: zh-CN`)
//!   → `{"code":0,"data":{"content":"<page source>","updateTime":…}}`.

use serde_json::Value;

/// The id of the top-level node holding the server API docs.
pub const SERVER_API_ROOT: &str = "103";

/// One document of the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNode {
    pub full_path: String,
    pub name: String,
    /// Milliseconds since the epoch, as digits.
    pub update_time: String,
}

/// One document's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub content: String,
    pub update_time: Option<String>,
}

pub fn directory_url(base: &str) -> String {
    format!(
        "{}/api/tools/docment/directory_list",
        base.trim_end_matches('/')
    )
}

pub fn detail_url(base: &str, full_path: &str) -> String {
    format!(
        "{}/document_portal/v1/document/get_detail?fullPath={}",
        base.trim_end_matches('/'),
        percent_encode(full_path)
    )
}

/// Percent-encodes everything but unreserved characters and `/`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A JSON string or number as text (`updateTime` and `id` come as either).
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The `data` of a `{"code":0,"data":…}` envelope.
fn data(body: &Value) -> Result<&Value, String> {
    match body.get("code").and_then(Value::as_i64) {
        Some(0) => body
            .get("data")
            .ok_or_else(|| "the answer has no `data`".to_string()),
        Some(code) => Err(format!(
            "the portal answered code {code}: {}",
            body.get("msg").and_then(Value::as_str).unwrap_or("")
        )),
        None => Err("the answer has no numeric `code`".to_string()),
    }
}

/// The documents under the server API root node, in directory order.
pub fn parse_directory(body: &Value) -> Result<Vec<DocNode>, String> {
    let items = data(body)?
        .get("items")
        .and_then(Value::as_array)
        .ok_or("the directory has no `items` array")?;
    let root = items
        .iter()
        .find(|n| text(n.get("id")).as_deref() == Some(SERVER_API_ROOT))
        .ok_or("the directory has no server API node (id 103)")?;
    let mut out = Vec::new();
    collect(root, &mut out);
    Ok(out)
}

fn collect(node: &Value, out: &mut Vec<DocNode>) {
    if node.get("type").and_then(Value::as_str) == Some("DocumentType") {
        if let Some(full_path) = node.get("fullPath").and_then(Value::as_str) {
            out.push(DocNode {
                full_path: full_path.to_string(),
                name: node
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                update_time: text(node.get("updateTime")).unwrap_or_default(),
            });
        }
    }
    for child in node
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        collect(child, out);
    }
}

/// A `get_detail` answer.
pub fn parse_detail(body: &Value) -> Result<Detail, String> {
    let d = data(body)?;
    let content = d
        .get("content")
        .and_then(Value::as_str)
        .ok_or("the document has no `content` string")?;
    Ok(Detail {
        content: content.to_string(),
        update_time: text(d.get("updateTime")),
    })
}

/// Whether `a` is a later update time than `b` (both milliseconds as digits; an unreadable
/// time counts as newer, so the page is fetched).
pub fn newer(a: &str, b: &str) -> bool {
    match (a.trim().parse::<u64>(), b.trim().parse::<u64>()) {
        (Ok(a), Ok(b)) => a > b,
        _ => a != b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn directory_keeps_documents_under_node_103_only() {
        let body = json!({"code":0,"data":{"items":[
            {"id":"102","type":"DirectoryType","items":[
                {"id":"1","type":"DocumentType","fullPath":"/guide/a","updateTime":"1"}]},
            {"id":103,"type":"DirectoryType","items":[
                {"id":"2","type":"DirectoryType","items":[
                    {"id":"3","name":"列表","type":"DocumentType","fullPath":"/api/x","updateTime":1700}]},
                {"id":"4","name":"取","type":"DocumentType","fullPath":"/api/y","updateTime":"1800"}]}]}});
        let nodes = parse_directory(&body).unwrap();
        let paths: Vec<_> = nodes.iter().map(|n| n.full_path.as_str()).collect();
        assert_eq!(paths, ["/api/x", "/api/y"]);
        assert_eq!(nodes[0].update_time, "1700");
        assert!(parse_directory(&json!({"code":99,"msg":"no"}))
            .unwrap_err()
            .contains("99"));
    }

    #[test]
    fn detail_url_encodes_the_full_path() {
        assert_eq!(
            detail_url("http://h/", "/a b/c?d"),
            "http://h/document_portal/v1/document/get_detail?fullPath=/a%20b/c%3Fd"
        );
        assert!(newer("10", "9") && !newer("9", "10") && !newer("9", "9"));
    }
}
