//! Where a JSON example's keys are on the page, so that a finding about `items[].id` names the
//! line and column of that key. The IR keeps examples as values without positions; this module
//! reads the page's blocks again (only for pages with findings), picks the code block that
//! holds the example, and scans its text with a small tolerant tokenizer (comments and
//! trailing commas are fine; it never fails).

use crate::ir::Api;
use crate::parse::blocks::Block;
use crate::parse::markdown::read_blocks;
use serde_json::Value;
use std::collections::HashMap;

/// Which example a path refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Example {
    Request,
    Response,
}

/// Key positions of a page's examples, keyed by display path (`data.items[].id`).
#[derive(Debug, Default)]
pub struct Locations {
    request: HashMap<String, (u32, u32)>,
    response: HashMap<String, (u32, u32)>,
}

impl Locations {
    /// Finds the page's example blocks in `text` (the page) and the keys in them.
    pub fn of_page(api: &Api, text: &str) -> Self {
        let mut scratch = Vec::new();
        let doc = read_blocks(text, &mut scratch);
        let lines: Vec<&str> = text.lines().collect();
        let mut out = Locations::default();
        let codes: Vec<(&str, u32)> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Code { text, pos, .. } => Some((text.as_str(), pos.line)),
                _ => None,
            })
            .collect();
        let parsed: Vec<Option<Value>> = codes
            .iter()
            .map(|(t, _)| serde_json::from_str(t.trim()).ok())
            .collect();
        for (which, example, map) in [
            (Example::Request, &api.examples.request, &mut out.request),
            (Example::Response, &api.examples.response, &mut out.response),
        ] {
            let Some(example) = example else { continue };
            // The block that parses to the example; for a leniently read example, the first
            // block holding one of its top-level keys.
            let exact = codes
                .iter()
                .zip(&parsed)
                .find(|(_, v)| v.as_ref() == Some(example))
                .map(|(c, _)| *c);
            let chosen = exact.or_else(|| {
                let first_key = example.as_object().and_then(|m| m.keys().next())?;
                let needle = format!("\"{first_key}\"");
                codes
                    .iter()
                    .find(|(t, _)| {
                        t.contains(&needle) && (which == Example::Request || t.contains("\"code\""))
                    })
                    .copied()
            });
            if let Some((block, line)) = chosen {
                *map = key_positions(block, content_start(&lines, block, line), &lines);
            }
        }
        out
    }

    /// The 1-based line and column of the key at `path` in `which` example.
    pub fn get(&self, which: Example, path: &str) -> Option<(u32, u32)> {
        match which {
            Example::Request => self.request.get(path).copied(),
            Example::Response => self.response.get(path).copied(),
        }
    }
}

/// The 1-based page line holding the block text's first line: the first line at or after the
/// block's position (the fence or tag) that equals it, else the line after the position.
fn content_start(lines: &[&str], block: &str, pos_line: u32) -> u32 {
    let first = block
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    let skipped = block.lines().take_while(|l| l.trim().is_empty()).count() as u32;
    let from = pos_line.saturating_sub(1) as usize;
    (from..lines.len().min(from + 8))
        .find(|&i| lines.get(i).is_some_and(|l| l.trim() == first))
        .map(|i| i as u32 + 1 - skipped)
        .unwrap_or(pos_line + 1)
}

enum Frame {
    /// An object at `path`; `key` is the last key read, `expect_key` whether a key comes next.
    Object {
        path: String,
        key: Option<String>,
        expect_key: bool,
    },
    /// An array whose elements are at `path` (ending in `[]`).
    Array { path: String },
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// The path a value at the current point would have.
fn value_path(stack: &[Frame]) -> String {
    match stack.last() {
        Some(Frame::Object { path, key, .. }) => join(path, key.as_deref().unwrap_or("")),
        Some(Frame::Array { path }) => path.clone(),
        None => String::new(),
    }
}

/// Every key of a JSON text by display path, with the first position it occurs at on the
/// page. `start` is the page line of the text's first line; the column is the key's column
/// on that page line when the key can be found there, else its column in the text.
fn key_positions(text: &str, start: u32, lines: &[&str]) -> HashMap<String, (u32, u32)> {
    let mut out = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let (mut line, mut col) = (0u32, 0u32);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let (at_line, at_col) = (line, col);
        col += 1;
        match c {
            '\n' => {
                line += 1;
                col = 0;
            }
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        line += 1;
                        col = 0;
                        break;
                    }
                }
            }
            '"' => {
                let mut raw = String::from('"');
                let mut escaped = false;
                for n in chars.by_ref() {
                    col += 1;
                    raw.push(n);
                    if n == '\n' {
                        line += 1;
                        col = 0;
                    }
                    if escaped {
                        escaped = false;
                    } else if n == '\\' {
                        escaped = true;
                    } else if n == '"' {
                        break;
                    }
                }
                if let Some(Frame::Object {
                    path,
                    key,
                    expect_key: expect_key @ true,
                }) = stack.last_mut()
                {
                    let name = serde_json::from_str::<String>(&raw)
                        .unwrap_or_else(|_| raw.trim_matches('"').to_string());
                    let page_line = start + at_line;
                    let page_col = lines
                        .get(page_line.saturating_sub(1) as usize)
                        .and_then(|l| l.get(..l.find(raw.as_str())?))
                        .map(|before| before.chars().count())
                        .map(|c| c as u32 + 1)
                        .unwrap_or(at_col + 1);
                    out.entry(join(path, &name))
                        .or_insert((page_line, page_col));
                    *key = Some(name);
                    *expect_key = false;
                }
            }
            '{' => stack.push(Frame::Object {
                path: value_path(&stack),
                key: None,
                expect_key: true,
            }),
            '[' => stack.push(Frame::Array {
                path: format!("{}[]", value_path(&stack)),
            }),
            '}' | ']' => {
                stack.pop();
            }
            ',' => {
                if let Some(Frame::Object { expect_key, .. }) = stack.last_mut() {
                    *expect_key = true;
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_by_path_with_page_positions() {
        let text = "{\n  \"a\": 1, // note\n  \"items\": [ {\"id\": \"x\\\"y\"}, {\"id\": 2, \"b\": {\"c\": [1]}} ],\n  \"m\": {},\n}";
        let page: Vec<&str> = std::iter::once("```json").chain(text.lines()).collect();
        let pos = key_positions(text, 2, &page);
        assert_eq!(pos.get("a"), Some(&(3, 3)));
        assert_eq!(pos.get("items"), Some(&(4, 3)));
        assert_eq!(pos.get("items[].id"), Some(&(4, 15)), "first occurrence");
        assert_eq!(pos.get("items[].b"), Some(&(4, 40)));
        assert_eq!(pos.get("items[].b.c"), Some(&(4, 46)));
        assert_eq!(pos.get("m"), Some(&(5, 3)));
        assert_eq!(pos.len(), 6, "{pos:?}");
    }

    #[test]
    fn content_start_finds_the_first_line_after_the_fence() {
        let page = ["x", "```json", "", "{", "}", "```"];
        assert_eq!(content_start(&page, "\n{\n}\n", 2), 3);
        assert_eq!(content_start(&page, "{\n}\n", 2), 4);
        assert_eq!(content_start(&page, "nowhere", 2), 3);
    }
}
