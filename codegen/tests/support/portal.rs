//! A replay of Feishu's documentation portal on 127.0.0.1, started inside a test: serves a
//! directory and page details from fixture pages, counts requests, tracks concurrency and
//! injects faults (status codes, stalls, bad bodies) per path. Never touches the network.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const DIRECTORY: &str = "/api/tools/docment/directory_list";
pub const DETAIL: &str = "/document_portal/v1/document/get_detail";

/// One portal document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub full_path: String,
    pub title: String,
    pub update_time: String,
    pub content: String,
}

impl Doc {
    /// A document from a fixture page: its front matter names it, the rest is its content.
    pub fn from_page(text: &str) -> Doc {
        let mut fm = BTreeMap::new();
        let mut body = text;
        if let Some(rest) = text.strip_prefix("---\n") {
            if let Some(end) = rest.find("\n---\n") {
                for line in rest[..end].lines() {
                    if let Some((k, v)) = line.split_once(':') {
                        fm.insert(k.trim().to_string(), v.trim().trim_matches('"').to_string());
                    }
                }
                body = rest[end + 5..].trim_start_matches('\n');
            }
        }
        Doc {
            full_path: fm["fullPath"].clone(),
            title: fm.get("title").cloned().unwrap_or_default(),
            update_time: fm["updateTime"].clone(),
            content: body.to_string(),
        }
    }
}

/// What to do instead of answering normally, once per request.
#[derive(Debug, Clone)]
pub enum Fault {
    Status(u16),
    /// Wait this long, then answer normally (the client has given up by then).
    Stall(Duration),
    /// Answer 200 with a body that is not JSON.
    BadJson,
}

#[derive(Default)]
struct Shared {
    docs: BTreeMap<String, Doc>,
    faults: BTreeMap<String, VecDeque<Fault>>,
    /// Faults repeated for every request to the key.
    always: BTreeMap<String, Fault>,
    requests: BTreeMap<String, usize>,
    delay: Duration,
}

/// The running server.
pub struct Portal {
    pub base_url: String,
    shared: Arc<Mutex<Shared>>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
}

impl Portal {
    pub fn start(docs: Vec<Doc>) -> Portal {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Mutex::new(Shared {
            docs: docs.into_iter().map(|d| (d.full_path.clone(), d)).collect(),
            ..Shared::default()
        }));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let (s, i, m) = (shared.clone(), in_flight.clone(), max_in_flight.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (s, i, m) = (s.clone(), i.clone(), m.clone());
                std::thread::spawn(move || serve(stream, &s, &i, &m));
            }
        });
        Portal {
            base_url,
            shared,
            in_flight,
            max_in_flight,
        }
    }

    /// Requests seen for the directory (`DIRECTORY`) or a document (its fullPath).
    pub fn requests(&self, key: &str) -> usize {
        self.shared
            .lock()
            .unwrap()
            .requests
            .get(key)
            .copied()
            .unwrap_or(0)
    }

    /// Requests for documents, all together.
    pub fn detail_requests(&self) -> usize {
        let s = self.shared.lock().unwrap();
        s.requests
            .iter()
            .filter(|(k, _)| k.as_str() != DIRECTORY)
            .map(|(_, n)| n)
            .sum()
    }

    pub fn reset_counts(&self) {
        self.shared.lock().unwrap().requests.clear();
        self.max_in_flight.store(0, Ordering::SeqCst);
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    /// Faults for the next requests to `key`, in order.
    pub fn fault(&self, key: &str, faults: Vec<Fault>) {
        self.shared
            .lock()
            .unwrap()
            .faults
            .insert(key.to_string(), faults.into());
    }

    pub fn fault_always(&self, key: &str, fault: Fault) {
        self.shared
            .lock()
            .unwrap()
            .always
            .insert(key.to_string(), fault);
    }

    pub fn clear_faults(&self) {
        let mut s = self.shared.lock().unwrap();
        s.faults.clear();
        s.always.clear();
    }

    /// A delay before every answer (to observe concurrency).
    pub fn delay_all(&self, d: Duration) {
        self.shared.lock().unwrap().delay = d;
    }

    pub fn update(&self, doc: Doc) {
        self.shared
            .lock()
            .unwrap()
            .docs
            .insert(doc.full_path.clone(), doc);
    }
}

fn directory(docs: &BTreeMap<String, Doc>) -> Value {
    let nodes: Vec<Value> = docs
        .values()
        .enumerate()
        .map(|(i, d)| {
            json!({"id": format!("d{i}"), "name": d.title, "type": "DocumentType",
                   "fullPath": d.full_path, "updateTime": d.update_time, "items": []})
        })
        .collect();
    let (first, second) = nodes.split_at(nodes.len() / 2);
    json!({"code": 0, "msg": "", "data": {"items": [
        {"id": "102", "name": "开发指南", "type": "DirectoryType", "items": [
            {"id": "g1", "name": "guide", "type": "DocumentType", "fullPath": "/guide/intro", "updateTime": "1"}]},
        {"id": "103", "name": "服务端 API", "type": "DirectoryType", "items": [
            {"id": "s1", "name": "一", "type": "DirectoryType", "items": first},
            {"id": "s2", "name": "二", "type": "DirectoryType", "items": second}]}]}})
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn serve(
    mut stream: TcpStream,
    shared: &Mutex<Shared>,
    in_flight: &AtomicUsize,
    max: &AtomicUsize,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let target = head.split_whitespace().nth(1).unwrap_or("").to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let key = if path == DETAIL {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix("fullPath="))
            .map(percent_decode)
            .unwrap_or_default()
    } else {
        path.to_string()
    };
    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    max.fetch_max(now, Ordering::SeqCst);
    let (fault, delay, body) = {
        let mut s = shared.lock().unwrap();
        *s.requests.entry(key.clone()).or_default() += 1;
        let fault = s
            .faults
            .get_mut(&key)
            .and_then(VecDeque::pop_front)
            .or_else(|| s.always.get(&key).cloned());
        let body = if path == DIRECTORY {
            Some(directory(&s.docs))
        } else if path == DETAIL {
            s.docs.get(&key).map(|d| {
                json!({"code": 0, "msg": "success",
                       "data": {"content": d.content, "updateTime": d.update_time}})
            })
        } else {
            None
        };
        (fault, s.delay, body)
    };
    std::thread::sleep(delay);
    let (status, text) = match (fault, body) {
        (Some(Fault::Status(code)), _) => (code, "{\"code\":1,\"msg\":\"fault\"}".to_string()),
        (Some(Fault::BadJson), _) => (200, "<html>oops</html>".to_string()),
        (Some(Fault::Stall(d)), body) => {
            std::thread::sleep(d);
            (200, body.map(|b| b.to_string()).unwrap_or_default())
        }
        (None, Some(body)) => (200, body.to_string()),
        (None, None) => (404, "{\"code\":404}".to_string()),
    };
    let reply = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.flush();
    in_flight.fetch_sub(1, Ordering::SeqCst);
}

/// Every fixture page under `dir` (recursively) as `(relative path, text)`, sorted.
pub fn fixture_pages(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out.sort();
    out
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            walk(&e.path(), &rel, out);
        } else if name.ends_with(".md") {
            out.push((rel, std::fs::read_to_string(e.path()).unwrap()));
        }
    }
}
