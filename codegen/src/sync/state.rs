//! What the last sync saw: `specs/.sync.json`, one entry per portal document by `fullPath`,
//! with the `updateTime` fetched and the page it was written to (none for documents that
//! describe no HTTP API, so that those are not fetched again either).
//!
//! ```json
//! {"version":1,"pages":{"/uAjLw4CM/…/acs-v1/device/list":{"update_time":"1671441948000","spec":"acs/v1/device/list.md"},
//!                       "/uAjLw4CM/…/guide":{"update_time":"1690000000000"}}}
//! ```
//!
//! Without the file (a tree never synced), the front matter of the pages in `specs/`
//! (`fullPath`, `updateTime`) stands in for it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The state file's name inside the specs directory (hidden, so page listings skip it).
pub const FILE_NAME: &str = ".sync.json";

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    pub pages: BTreeMap<String, PageState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageState {
    pub update_time: String,
    /// The page's path relative to the specs root; absent when it documents no HTTP API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
}

impl State {
    /// The state file's text.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads `specs/.sync.json`, or rebuilds the state from the pages' front matter.
    pub fn load(specs: &Path, pages: &[(String, Vec<u8>)]) -> Result<State, String> {
        let file = specs.join(FILE_NAME);
        match std::fs::read_to_string(&file) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|e| format!("{}: not a sync state file: {e}", file.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::from_pages(pages)),
            Err(e) => Err(format!("cannot read {}: {e}", file.display())),
        }
    }

    /// The state the pages' front matter records (`(source, bytes)` pairs).
    pub fn from_pages(pages: &[(String, Vec<u8>)]) -> State {
        let mut state = State {
            version: 1,
            pages: BTreeMap::new(),
        };
        for (source, bytes) in pages {
            let fm = front_matter(&String::from_utf8_lossy(bytes));
            if let (Some(full_path), Some(update_time)) = (fm.get("fullPath"), fm.get("updateTime"))
            {
                state.pages.entry(full_path.clone()).or_insert(PageState {
                    update_time: update_time.clone(),
                    spec: Some(source.clone()),
                });
            }
        }
        state
    }
}

/// The `key: "value"` lines of a page's YAML front matter.
pub fn front_matter(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return out;
    }
    for line in lines {
        if line.trim_end() == "---" {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .map(|v| v.replace("\\\"", "\"").replace("\\\\", "\\"))
                .unwrap_or_else(|| v.to_string());
            out.insert(k.trim().to_string(), v);
        }
    }
    out
}

/// A YAML double-quoted scalar.
pub fn quote(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace('"', "\\\"");
    let one_line: String = escaped
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("\"{one_line}\"")
}

/// The page as written to `specs/`: front matter (title, fullPath, updateTime), then the
/// portal's source as is (kept whole when it brings front matter of its own).
pub fn page_text(title: &str, full_path: &str, update_time: &str, content: &str) -> String {
    if content.starts_with("---\n") || content.starts_with("---\r\n") {
        return content.to_string();
    }
    format!(
        "---\ntitle: {}\nfullPath: {}\nupdateTime: {}\n---\n\n{}",
        quote(title),
        quote(full_path),
        quote(update_time),
        content.trim_start_matches('\n')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_round_trips_through_page_text() {
        let text = page_text("取 \"x\"", "/a/b", "17", "# 取\n\nbody\n");
        let fm = front_matter(&text);
        assert_eq!(fm["title"], "取 \"x\"");
        assert_eq!(fm["fullPath"], "/a/b");
        assert_eq!(fm["updateTime"], "17");
        assert!(text.ends_with("# 取\n\nbody\n"));
        let state = State::from_pages(&[("a/v1/r/m.md".into(), text.into_bytes())]);
        assert_eq!(state.pages["/a/b"].spec.as_deref(), Some("a/v1/r/m.md"));
    }
}
