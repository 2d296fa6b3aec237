//! Scripted counts over the rustdoc of the checked-in `generated/` tree, with thresholds:
//! doc links are links (none escaped, none relative), links to pages of the same service's
//! APIs are intra-doc links to request types that exist, with the page's URL beside them,
//! and every doc comment reads, with rustdoc's Markdown options, as text, links, lists and
//! emphasis only (no HTML, code, headings, tables, bare URLs or stray references).
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "support/rustdoc_md.rs"]
mod rustdoc_md;

fn generated() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `(path relative to generated/, text)` of every file, sorted.
fn tree() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    files(&generated(), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(generated())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The doc lines of a file, without their `///`.
fn doc_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("///"))
}

/// Every `](crate::…)` link of `line`: its path and what follows it.
fn intra_doc_links(line: &str) -> Vec<(&str, &str)> {
    line.match_indices("](crate::")
        .filter_map(|(at, m)| {
            let rest = line.get(at + m.len() - "crate::".len()..)?;
            let end = rest.find(')')?;
            Some((rest.get(..end)?, rest.get(end + 1..)?))
        })
        .collect()
}

#[test]
fn doc_links_are_links_and_reach_request_types() {
    let tree = tree();
    let texts: BTreeMap<&str, &str> = tree.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let (mut escaped, mut relative, mut web, mut intra) = (0, 0, 0, 0);
    let mut bad = Vec::new();
    for (path, text) in &tree {
        let service = path.split(['/', '.']).next().unwrap();
        for line in doc_lines(text) {
            escaped += line.matches("\\](<http").count() + line.matches("\\](http").count();
            relative += line.matches("](/").count() + line.matches("](ssl:").count();
            web += line.matches("](https://").count() + line.matches("](http://").count();
            for (target, after) in intra_doc_links(line) {
                intra += 1;
                // crate::<service>::<version>::<resource>::<Type>
                let parts: Vec<&str> = target.split("::").collect();
                let defined = match parts.as_slice() {
                    ["crate", s, v, r, ty] => texts
                        .get(format!("{s}/{v}/{r}.rs").as_str())
                        .is_some_and(|t| t.contains(&format!("pub struct {ty} "))),
                    _ => false,
                };
                if !defined || parts.get(1) != Some(&service) {
                    bad.push(format!(
                        "{path}: `{target}` is no request type of service `{service}`"
                    ));
                }
                if !after.starts_with(" ([doc](https://") {
                    bad.push(format!(
                        "{path}: `{target}` without its page's URL beside it"
                    ));
                }
            }
        }
    }
    println!("links: {web} web, {intra} intra-doc; escaped {escaped}, relative {relative}");
    assert_eq!(escaped, 0, "escaped `\\[…\\](<http…>)` links");
    assert_eq!(relative, 0, "relative doc links");
    assert!(
        bad.is_empty(),
        "{} bad intra-doc links:\n{}",
        bad.len(),
        bad.join("\n")
    );
    // 3,419 links to a page of the same service whose request type is generated (today).
    assert!(intra >= 3_300, "only {intra} intra-doc links");
    assert!(web >= 5_000, "only {web} web links");
}

#[test]
fn every_doc_comment_is_plain_markdown() {
    let mut found = Vec::new();
    let mut blocks = 0usize;
    for (path, text) in tree() {
        for doc in rustdoc_md::doc_blocks(&text) {
            blocks += 1;
            for p in rustdoc_md::problems(&doc) {
                found.push(format!("{path}: {p}"));
            }
        }
    }
    assert!(blocks > 50_000, "{blocks} doc comments");
    found.truncate(40);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn lists_and_paragraphs_of_cells_are_kept() {
    let tree = tree();
    let items = tree
        .iter()
        .flat_map(|(_, t)| doc_lines(t))
        .filter(|l| l.starts_with(" - ") || l.starts_with(" 1. "))
        .count();
    // Lists inside cells and page prose (`- a`, `1. a`) on lines of their own: 5,322 today,
    // 1,835 when cells were flattened.
    assert!(items >= 5_000, "only {items} list items");
}

#[test]
fn the_markdown_check_finds_what_it_looks_for() {
    for bad in [
        "a <b>x</b>",
        "a\n\n    indented code",
        "```\nrust code\n```",
        "# heading",
        "| a | b |\n| - | - |\n| 1 | 2 |",
        "[x](foo)",
        "[x]",
        "see https://a.cn now",
        "![i](https://a.cn/i.png)",
        "a[^1]\n\n[^1]: note",
    ] {
        assert!(!rustdoc_md::problems(bad).is_empty(), "{bad:?} passes");
    }
    for good in [
        "[x](https://a.cn) [`Name::build`] <https://a.cn> `https://a.cn` **b**",
        "- a\n- b\n\n> ⚠️\n\n```text\n<b>\n```",
        "[发送消息](crate::im::v1::message::CreateMessageRequest) ([doc](https://a.cn))",
        "请以 http:// 或 https:// 开头",
    ] {
        assert_eq!(rustdoc_md::problems(good), Vec::<String>::new(), "{good:?}");
    }
}
