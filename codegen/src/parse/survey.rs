//! Corpus survey for `parse::types` and `parse::text` (not run in CI).
//!
//! Reads every `类型` and `描述` cell of the Markdown tables under `$FEISHU_CORPUS` (e.g.
//! `FEISHU_CORPUS=/path/to/corpus cargo test -p feishu-codegen --lib survey -- --ignored --nocapture`) and
//! prints the type strings mapped to unknown, plus description cells where a marker survived
//! splitting. Without the variable the test does nothing.

use super::text::split_field_doc;
use super::types::parse_doc_type;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// Splits a table line into cells at unescaped pipes.
fn cells(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = line.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    // Drop the pieces before the first and after the last pipe.
    if out.len() >= 2 {
        out.remove(0);
        out.pop();
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// Roughly what the block reader makes of a cell: `<br>` → `\n`, entities decoded.
fn doc_text(cell: &str) -> String {
    cell.replace("<br/>", "\n")
        .replace("<br>", "\n")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
#[ignore = "needs $FEISHU_CORPUS"]
fn corpus_survey() {
    let Some(root) = std::env::var_os("FEISHU_CORPUS") else {
        eprintln!("FEISHU_CORPUS not set; nothing to do");
        return;
    };
    let mut files = Vec::new();
    for flavour in ["feishu-a", "feishu-c"] {
        md_files(&Path::new(&root).join(flavour), &mut files);
    }
    let mut types = 0usize;
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut descs = 0usize;
    let mut with_example = 0usize;
    let mut with_enum = 0usize;
    let mut with_constraints = 0usize;
    let mut leftovers: BTreeMap<String, usize> = BTreeMap::new();
    // `FEISHU_SURVEY_DUMP=file` also writes every split description cell there.
    let mut dump = String::new();
    let dumping = std::env::var_os("FEISHU_SURVEY_DUMP");
    let markers = [
        "**示例值**",
        "**示例**",
        "**默认值**",
        "**可选值有**",
        "**可选值**",
        "**可能值有**",
        "**数据校验规则**",
    ];
    for f in &files {
        let Ok(src) = std::fs::read_to_string(f) else {
            continue;
        };
        let mut cols: Option<(Option<usize>, Option<usize>)> = None;
        for line in src.lines() {
            if !line.trim_start().starts_with('|') {
                cols = None;
                continue;
            }
            let cs = cells(line);
            match cols {
                None => {
                    let ty = cs.iter().position(|c| c == "类型");
                    let desc = cs.iter().position(|c| c == "描述" || c == "说明");
                    if ty.is_some() {
                        cols = Some((ty, desc));
                    }
                }
                Some((ty, desc)) => {
                    if cs
                        .iter()
                        .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
                    {
                        continue;
                    }
                    if let Some(t) = ty.and_then(|i| cs.get(i)) {
                        types += 1;
                        let d = parse_doc_type(&doc_text(t));
                        if !d.known {
                            *unknown.entry(t.clone()).or_default() += 1;
                        }
                    }
                    if let Some(d) = desc.and_then(|i| cs.get(i)) {
                        descs += 1;
                        let fd = split_field_doc(&doc_text(d));
                        if dumping.is_some() {
                            dump.push_str(&format!("=== {d}\n{fd:#?}\n"));
                        }
                        with_example += usize::from(fd.example.is_some());
                        with_enum += usize::from(!fd.enum_values.is_empty());
                        with_constraints += usize::from(!fd.constraints.is_empty());
                        for m in markers {
                            if fd.description.contains(m) {
                                let key = format!(
                                    "{m} in: {}",
                                    fd.description.chars().take(160).collect::<String>()
                                );
                                *leftovers.entry(key).or_default() += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some(path) = &dumping {
        std::fs::write(path, dump).expect("write dump");
    }
    println!(
        "type cells: {types}, unknown: {} cells, {} distinct",
        unknown.values().sum::<usize>(),
        unknown.len()
    );
    for (t, n) in &unknown {
        println!("  unknown type {n:>5}  {t}");
    }
    println!("description cells: {descs}; with example {with_example}, enum {with_enum}, constraints {with_constraints}");
    println!(
        "cells with a marker left in the description: {}",
        leftovers.values().sum::<usize>()
    );
    for (k, n) in leftovers.iter().take(200) {
        println!("  {n:>4} {k}");
    }
    assert!(
        types > 0,
        "no type cells found under {}",
        root.to_string_lossy()
    );
}
